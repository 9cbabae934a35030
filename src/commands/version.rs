//! `yr version [--verbose]` and `yr --version -v`: the version, and with -v what the build was made of. Every value
//! is a constant build.rs set, so this costs no more than `yr --version`.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::exit;

pub fn run(verbose: bool, ui: &Ui) -> Result<u8> {
    ui.print(text(verbose).as_bytes())?;
    Ok(exit::SUCCESS)
}

/// `yr --version -v` (or `-v -V`, `-vv`, `--verbose`): clap would print the plain version at `--version` before it
/// saw `-v`, so this form is recognised before parsing. Only the version and verbose flags, nothing else.
pub fn is_verbose_flag_form(args: &[std::ffi::OsString]) -> bool {
    let rest = args.get(1..).unwrap_or_default();
    let is_version = |a: &std::ffi::OsString| a == "--version" || a == "-V";
    let is_verbose = |a: &std::ffi::OsString| {
        a.to_str().is_some_and(|a| {
            a == "--verbose" || (a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b == b'v'))
        })
    };
    rest.iter().filter(|a| is_version(a)).count() == 1
        && rest.iter().any(is_verbose)
        && rest.iter().all(|a| is_version(a) || is_verbose(a))
}

/// Printed as clap prints `--version`; stdout closed early is not worth a message here.
pub fn print(verbose: bool) -> u8 {
    use std::io::Write;
    let _ = std::io::stdout().write_all(text(verbose).as_bytes());
    exit::SUCCESS
}

fn text(verbose: bool) -> String {
    let mut text = format!("yr {}\n", env!("YR_BUILD_VERSION"));
    if verbose {
        for (name, value) in [
            ("commit", env!("YR_BUILD_COMMIT")),
            ("build date", env!("YR_BUILD_DATE")),
            ("target", env!("YR_BUILD_TARGET")),
            ("linking", env!("YR_BUILD_LINKING")),
            ("profile", env!("YR_BUILD_PROFILE")),
        ] {
            text.push_str(&format!("{name:<12}{value}\n"));
        }
    }
    text
}
