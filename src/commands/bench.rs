//! `yr bench`: its flags into checked values (bench::Options), the request `yr invoke` would send and the same
//! connection settings; the load itself is bench/'s.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::bench::bodies::VarietyFlags;
use crate::bench::shape::{Schedule, Stage};
use crate::bench::{self, Options};
use crate::cli::{BenchArgs, BenchCommand, BenchOrder, BenchSaved};
use crate::client::body::RequestBody;
use crate::client::profiles::Needs;
use crate::client::request::InvokeRequest;
use crate::exit::{FlagError, usage};

pub fn run(command: &BenchCommand, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    match command {
        BenchCommand::Run(args) => load(args, ui, profile),
        BenchCommand::Saved(BenchSaved::Show(args)) => bench::show(&args.file, args.json, ui),
        BenchCommand::Saved(BenchSaved::Compare(args)) => bench::compare(&args.old, &args.new, args.json, ui),
        BenchCommand::Saved(BenchSaved::Merge(args)) => bench::merge(&args.files, args.save.as_deref(), args.json, ui),
    }
}

/// `yr bench FUNCTION`: the load.
fn load(args: &BenchArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let mut flags = super::request_flags(&args.request, &lookup);
    // The body comes from stdin only when -d @- says so: a run never waits on a pipe it was not asked to read (a
    // CI runner's stdin is often one that stays open).
    flags.ignore_stdin = true;
    // A template is no JSON until its placeholders are filled: bench reads and checks -d's body itself.
    let template_data = if args.template { flags.data.take() } else { None };
    let request = InvokeRequest::build(&flags, &lookup)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let mut options = options(args)?;
    if let Some(data) = template_data {
        let body = RequestBody::read(Some(&data), true, lookup.deadline).map_err(|e| FlagError::of("-d", e))?;
        options.template_body = Some(body.load()?);
    }
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
        save: args.save.clone(),
        // The baseline is read before the load: a file that is not a saved run is refused before any call.
        baseline: match (&args.baseline, args.max_regression) {
            (Some(file), Some(pct)) => Some(bench::Baseline::load(file, pct)?),
            _ => None,
        },
        schedule: schedule(args)?,
        variety: VarietyFlags {
            bodies: args.bodies.clone(),
            shuffle: args.order == BenchOrder::Shuffle,
            seed: args.seed,
            template: args.template,
            session_pool: args.session_pool,
            session_ids: args.session_ids.clone(),
            traces: false,
        },
        template_body: None,
        export: args.export.clone(),
        mode: match (args.stream, args.asynchronous) {
            (true, _) => bench::CallMode::Stream,
            (_, true) => bench::CallMode::Async {
                poll_interval: args
                    .poll_interval
                    .unwrap_or(crate::call::async_call::DEFAULT_POLL_INTERVAL),
            },
            _ => bench::CallMode::Plain,
        },
    })
}

/// The most --stage flags a run takes.
const MAX_STAGES: usize = 64;

/// When calls are due: --rate, --stage or --burst (clap refused the pairs that contradict each other).
fn schedule(args: &BenchArgs) -> Result<Option<Schedule>> {
    if let Some(rate) = args.rate {
        return Ok(Some(Schedule::Rate(rate)));
    }
    if let (Some(size), Some(every)) = (args.burst, args.burst_every) {
        return Ok(Some(Schedule::Bursts { size, every }));
    }
    if args.stages.is_empty() {
        return Ok(None);
    }
    if args.stages.len() > MAX_STAGES {
        return Err(usage(format!(
            "--stage: at most {MAX_STAGES} stages, got {}",
            args.stages.len()
        )));
    }
    let stages = args
        .stages
        .iter()
        .map(|text| Stage::parse(text).map_err(|why| usage(format!("--stage {why}"))))
        .collect::<Result<Vec<Stage>>>()?;
    let schedule = Schedule::stages(&stages);
    if schedule.total() == Some(0) {
        return Err(usage("--stage: every stage's target is 0, so no call is ever due"));
    }
    Ok(Some(schedule))
}
