//! yr: the command-line client for openYuanrong functions. The binary is `main` below; nothing else is public, but
//! for the parsers the fuzz targets (fuzz/) reach through `fuzzing`, which exists only with the `fuzzing` feature.

mod answer;
mod bench;
mod call;
mod civil;
mod cli;
mod client;
mod commands;
mod error_table;
mod exit;
mod input;
mod interrupt;
mod jsonpath;
mod pem;
mod secrets;
#[cfg(unix)]
mod serve;
mod suite;
mod trace;
mod urn;
mod values;
mod wording;

/// The parsers of what users and servers send, for the fuzz targets in fuzz/ (built with `--features fuzzing`).
/// Re-exported here, not made public where they live, so the module layout stays free to change.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::answer::color::Palette;
    pub use crate::answer::json_fmt::{for_terminal, reformat};
    pub use crate::answer::reply::ErrorBody;
    pub use crate::call::stream::{FrameReader, Read as FrameRead};
    pub use crate::client::sse::Parser as SseParser;
    pub use crate::urn::{FunctionUrn, NameDefaults};
    pub use crate::values::{
        InstanceSession, parse_cpu, parse_custom_resource, parse_duration, parse_header, parse_memory, parse_size,
    };
}

use std::process::ExitCode;

use clap::Parser;

use crate::answer::color::When;
use crate::answer::output::{Ui, Verbosity};
use crate::cli::{Cli, ColorChoice, Command, GlobalArgs};
use crate::exit::Failure;

/// Parses the command line, runs the command and maps the outcome to an exit code; errors are printed once.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if commands::version::is_verbose_flag_form(&args) {
        return ExitCode::from(commands::version::print(true));
    }
    client::credentials::learn_from_launch(&args, &client::config::process_env);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => {
            client::credentials::learn_from_chosen_profile(&args, &client::config::process_env);
            exit_with_clap_error(commands::invoke::with_habit_tip(error))
        }
    };
    let global = cli.global.joined(&cli.command.global());
    if global.quiet && global.verbose > 0 {
        // As clap says it when both come on the same side of the command.
        <Cli as clap::CommandFactory>::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "the argument '--quiet' cannot be used with '--verbose...'",
            )
            .exit();
    }
    let ui = ui_for(&global);
    let code = match run(&cli, global.profile.as_deref(), &ui) {
        Ok(code) => code,
        Err(error) => {
            let code = exit::for_error(&error);
            if code != exit::SUCCESS {
                let hint = error.downcast_ref::<Failure>().and_then(Failure::hint);
                ui.error(&answer::output::error_chain(&error), hint);
            }
            code
        }
    };
    ExitCode::from(code)
}

/// clap's own message, through the one redaction (it repeats the value it refused, which may be a secret), with
/// clap's exit code. Help and version are not errors, and print as clap prints them.
fn exit_with_clap_error(error: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || !error.use_stderr() {
        error.exit();
    }
    let colored = answer::color::palette_for(answer::color::Stream::Stderr, When::Auto).enabled;
    let rendered = error.render();
    let text = if colored {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    Ui::new(Verbosity::Normal, When::Never).err(secrets::redact(&text).as_bytes());
    std::process::exit(error.exit_code());
}

/// The global options (-q, -v, --color) as the one printer's settings.
fn ui_for(cli: &GlobalArgs) -> Ui {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, 0) => Verbosity::Normal,
        (false, 1) => Verbosity::Headers,
        (false, _) => Verbosity::Timings,
    };
    let when = match cli.color.unwrap_or(ColorChoice::Auto) {
        ColorChoice::Auto => When::Auto,
        ColorChoice::Always => When::Always,
        ColorChoice::Never => When::Never,
    };
    Ui::new(verbosity, when)
}

fn run(cli: &Cli, profile: Option<&str>, ui: &Ui) -> anyhow::Result<u8> {
    match &cli.command {
        Command::Invoke(args) => commands::invoke::run(args, ui, profile),
        Command::Result(args) => commands::result::run(args, ui, profile),
        Command::Health(args) => commands::health::run(args, ui, profile),
        Command::Functions(args) => commands::functions::run(args, ui, profile),
        Command::Token(args) => commands::token::run(args, ui, profile),
        Command::Session(session) => commands::session::run(&session.command, ui, profile),
        Command::Bench(args) => commands::bench::run(args, ui, profile),
        Command::Errors(args) => commands::errors::run(args, ui),
        Command::Urn(args) => commands::urn::run(args, ui, profile),
        Command::Config(args) => commands::config::run(args, ui, profile),
        Command::Completions(args) => commands::shell::completions(args.shell, ui),
        Command::Man(_) => commands::shell::man(ui),
        Command::Version(args) => commands::version::run(cli.global.joined(&args.global).verbose > 0, ui),
        #[cfg(unix)]
        Command::Serve(args) => commands::serve::run(args, ui),
        // The emulator runs functions through `sh -c` in process groups of their own and stops on SIGTERM.
        #[cfg(not(unix))]
        Command::Serve(_) => Err(exit::usage(
            "yr serve is not supported on this platform (it needs a Unix system)",
        )),
        Command::Test(args) => commands::test::run(args, ui, profile),
    }
}
