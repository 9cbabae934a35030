//! `yr urn`: the full URN a FUNCTION name expands to, offline.

use anyhow::Result;

use crate::cli::UrnArgs;
use crate::client::config::name_defaults;
use crate::client::profiles::Needs;
use crate::exit::{self, usage};
use crate::urn::FunctionUrn;

pub fn run(args: &UrnArgs, ui: &crate::answer::output::Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::NAMES, None, ui)?;
    let urn = FunctionUrn::parse(
        &args.function.function,
        &name_defaults(&args.function.names.flags(), &lookup),
    )
    .map_err(usage)?;
    ui.print_own(&format!("{urn}\n"))?;
    Ok(exit::SUCCESS)
}
