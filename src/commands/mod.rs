//! One file per command; each turns its validated arguments into behaviour and returns an exit code.

pub mod config;
pub mod errors;
pub mod health;
pub mod invoke;
pub mod result;
pub mod session;
pub mod shell;
pub mod urn;

use anyhow::Result;

use crate::cli::ConnectionArgs;
use crate::output::{Ui, Verbosity};
use crate::settings::{Connection, Lookup};

/// The environment and the chosen profile; the config file's warnings are shown once, here.
pub fn lookup(profile: Option<&str>, ui: &Ui) -> Result<Lookup<'static>> {
    let lookup = Lookup::process(profile)?;
    for warning in &lookup.warnings {
        ui.warn(warning);
    }
    Ok(lookup)
}

/// Connection settings for a command that sends requests; what discovery skipped is shown under -v.
pub fn connect(args: &ConnectionArgs, lookup: &Lookup, ui: &Ui) -> Result<Connection> {
    let connection = Connection::resolve(args, lookup)?;
    for note in &connection.notes {
        ui.trace(Verbosity::Headers, &format!("* {note}\n"));
    }
    Ok(connection)
}
