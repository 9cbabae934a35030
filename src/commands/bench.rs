//! `yr bench`: its flags into checked values (bench::Options), the request `yr invoke` would send and the same
//! connection settings; the load itself is bench/'s.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::bench::{self, Options};
use crate::cli::BenchArgs;
use crate::client::profiles::Needs;
use crate::client::request::InvokeRequest;
use crate::exit::usage;

pub fn run(args: &BenchArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let mut flags = super::request_flags(&args.request, &lookup);
    // The body comes from stdin only when -d @- says so: a run never waits on a pipe it was not asked to read (a
    // CI runner's stdin is often one that stays open).
    flags.ignore_stdin = true;
    let request = InvokeRequest::build(&flags, &lookup)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let options = options(args)?;
    for warning in &request.warnings {
        ui.warn(warning);
    }
    bench::run(&request, &connection, &options, ui)
}

/// The shortest -z: a millisecond.
const MIN_DURATION: std::time::Duration = std::time::Duration::from_millis(1);

/// The flags as the load takes them; durations, --rate and --max-error-rate were checked by clap's value parsers.
fn options(args: &BenchArgs) -> Result<Options> {
    if args.requests == Some(0) {
        return Err(usage("-n must be at least 1"));
    }
    // As -n 0: a run that could not make a call is a mistake, not a report of nothing.
    if args.duration == Some(std::time::Duration::ZERO) {
        return Err(usage("-z must be longer than 0s"));
    }
    // A run shorter than the report's smallest unit would read `within 0 µs`; no call finishes that fast anyway.
    if args.duration.is_some_and(|d| d < MIN_DURATION) {
        return Err(usage(format!(
            "-z must be at least {} (a shorter run cannot finish a call)",
            crate::wording::human_duration(MIN_DURATION)
        )));
    }
    Ok(Options {
        requests: args.requests,
        duration: args.duration,
        concurrency: args.concurrency,
        rate: args.rate,
        warmup: args.warmup,
        max_error_rate: args.max_error_rate,
        max_p99: args.max_p99,
        json: args.json,
    })
}
