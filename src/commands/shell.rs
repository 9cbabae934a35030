//! `yr completions SHELL` and `yr man`: generated from the clap definitions, so they never drift from the flags.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit;
use crate::report::write_stdout;

pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "yr", &mut script);
    write_stdout(&script)?;
    Ok(exit::SUCCESS)
}

pub fn man() -> Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    write_stdout(&page)?;
    Ok(exit::SUCCESS)
}
