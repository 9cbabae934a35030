//! `yr urn`: the full URN a FUNCTION name expands to, offline.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::UrnArgs;
use crate::config::name_defaults;
use crate::exit::{self, usage};
use crate::urn::FunctionUrn;

pub fn run(args: &UrnArgs, ui: &crate::output::Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, ui)?;
    let urn = FunctionUrn::parse(
        &args.function.function,
        &name_defaults(&args.function.names.flags(), &lookup),
    )
    .map_err(usage)?;
    writeln!(std::io::stdout().lock(), "{urn}").context("cannot write to stdout")?;
    Ok(exit::SUCCESS)
}
