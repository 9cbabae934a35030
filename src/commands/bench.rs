//! `yr bench`: its flags into checked values (bench::Options), the request `yr invoke` would send and the same
//! connection settings; the load itself is bench/'s.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::bench::{self, Options};
use crate::cli::BenchArgs;
use crate::client::request::InvokeRequest;
use crate::exit::{bad_value, usage};
use crate::values::parse_duration;

pub fn run(args: &BenchArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, ui)?;
    let request = InvokeRequest::build(&args.request.flags(), &lookup)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let options = options(args)?;
    for warning in &request.warnings {
        ui.warn(warning);
    }
    bench::run(&request, &connection, &options, ui)
}

fn options(args: &BenchArgs) -> Result<Options> {
    let duration = args
        .duration
        .as_deref()
        .map(|t| parse_duration(t).map_err(bad_value("-z")))
        .transpose()?;
    let max_p99 = args
        .max_p99
        .as_deref()
        .map(|t| parse_duration(t).map_err(bad_value("--max-p99")))
        .transpose()?;
    if let Some(rate) = args.rate {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(usage(format!(
                "--rate {rate} must be a positive number of calls per second"
            )));
        }
    }
    if let Some(max) = args.max_error_rate {
        if !(0.0..=1.0).contains(&max) {
            return Err(usage(format!(
                "--max-error-rate {max} must be between 0 and 1 (0.01 = 1%)"
            )));
        }
    }
    if args.requests == Some(0) {
        return Err(usage("-n must be at least 1"));
    }
    Ok(Options {
        requests: args.requests,
        duration,
        concurrency: args.concurrency,
        rate: args.rate,
        warmup: args.warmup,
        max_error_rate: args.max_error_rate,
        max_p99,
        json: args.json,
    })
}
