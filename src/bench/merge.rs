//! `yr bench merge FILE...`: runs saved on many machines added up into one, exactly. The latency histograms merge
//! (so every percentile is the one of all the calls together, within the histogram's precision), the counts and
//! failures add up; the duration is the longest run's, the runs taken to have run at the same time (as the pods of
//! one Kubernetes Job do), so calls/s is all calls over it. Workers, warm-up calls, --rate and CPU time add up; the
//! first call is the slowest of the runs' first calls (each machine's may be a cold start). Stages add up stage by
//! stage (runs with other stages are refused), burst sizes add up; the service time merges when every run has one.
//! Distinct bodies is the most any run sent (machines may send the same bodies); what varied and the export are
//! each machine's own and are left out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use super::engine::{Tally, new_histogram};
use super::figures::{Report, Setup};
use super::saved::{self, SaveTo, SavedMode, SavedRun, SavedSchedule, Settings};
use crate::answer::output::Ui;
use crate::exit::{Class, usage};

/// `yr bench merge`: prints the merged report (and saves it with --save); 0 once printed.
pub fn merge(files: &[PathBuf], save: Option<&Path>, json: bool, ui: &Ui) -> Result<u8> {
    let mut runs = Vec::with_capacity(files.len());
    for file in files {
        runs.push((file.clone(), saved::read(file, "FILE")?));
    }
    let save = save.map(|path| SaveTo::open(path, "--save")).transpose()?;
    let merged = merged(&runs)?;
    let report = merged.report("the merged run")?;
    let text = if json {
        report.to_json()
    } else {
        report.to_text(&ui.stdout_palette)
    };
    ui.print_own(&text)?;
    if let Some(save) = save {
        save.write(&merged)?;
    }
    Ok(crate::exit::SUCCESS)
}

/// The runs added up, as one saved run. They must be runs of one function.
pub fn merged(runs: &[(PathBuf, SavedRun)]) -> Result<SavedRun> {
    let Some((first_file, first)) = runs.first() else {
        return Err(usage("yr bench merge needs at least one FILE"));
    };
    let mut tally = Tally::new();
    let mut settings = Settings {
        function: first.settings.function.clone(),
        endpoint: String::new(),
        requests: Some(0),
        duration_ns: Some(0),
        concurrency: 0,
        rate: Some(0.0),
        warmup: 0,
        max_error_rate: None,
        max_p99_ns: None,
        baseline: None,
        max_regression_pct: None,
        schedule: schedule(runs)?,
        mode: mode(runs)?,
    };
    let mut endpoints: Vec<&str> = Vec::new();
    let (mut first_call, mut cpu, mut interrupted, mut scheduled) = (None, Some(0u64), false, Some(0u64));
    let (mut distinct_bodies, mut every_service) = (0, true);
    for (file, run) in runs {
        let what = format!("FILE {}", file.display());
        if run.settings.function != first.settings.function {
            return Err(usage(format!(
                "{what}: a run of {}, not of {} as {} is: merge adds up runs of one function",
                run.settings.function,
                first.settings.function,
                first_file.display()
            )));
        }
        // A scheduled run in which no call finished has no service time, and nothing to add.
        every_service &= run.tally.scheduled.is_some();
        distinct_bodies = distinct_bodies.max(match &run.figures {
            Some(figures) => figures.distinct_bodies,
            None => u64::from(run.tally.successes > 0 || !run.tally.failures.is_empty()),
        });
        add(&mut tally, run.tally(&what)?, &what)?;
        let s = &run.settings;
        settings.requests = settings.requests.zip(s.requests).map(|(a, b)| a + b);
        settings.duration_ns = settings.duration_ns.zip(s.duration_ns).map(|(a, b)| a.max(b));
        settings.concurrency = settings.concurrency.saturating_add(s.concurrency);
        settings.rate = settings.rate.zip(s.rate).map(|(a, b)| a + b);
        settings.warmup += s.warmup;
        if !endpoints.contains(&s.endpoint.as_str()) {
            endpoints.push(&s.endpoint);
        }
        first_call = first_call.max(run.tally.first_call_ns);
        cpu = cpu.zip(run.tally.cpu_ns).map(|(a, b)| a.saturating_add(b));
        interrupted |= run.tally.interrupted;
        scheduled = scheduled.zip(run.tally.scheduled).map(|(a, b)| a + b);
    }
    settings.endpoint = endpoints.join(", ");
    // Calls scheduled, and service time, only when every run had a schedule: a part without one has none to add.
    tally.scheduled = scheduled;
    if !every_service {
        tally.service = None;
    }
    let (function, endpoint) = (settings.function.clone(), settings.endpoint.clone());
    let schedule = settings.schedule.as_ref().map(SavedSchedule::schedule);
    let setup = Setup {
        function: &function,
        endpoint: &endpoint,
        concurrency: settings.concurrency,
        rate: settings.rate,
        warmup: settings.warmup,
        first_call: first_call.map(Duration::from_nanos),
        cpu: cpu.map(Duration::from_nanos),
        interrupted,
        schedule: schedule.as_ref(),
    };
    let mut report = Report::new(&tally, &setup);
    report.distinct_bodies = distinct_bodies;
    (report.class, report.message) = ending(&report);
    let mut merged = SavedRun::of(&tally, &setup, settings, &report);
    merged.merged_from = runs.iter().map(|(file, _)| file.display().to_string()).collect();
    Ok(merged)
}

/// Adds `part` into `tally`: histograms, counts, failures (the first run's sample of a kind kept), the longest
/// duration, the calls started.
fn add(tally: &mut Tally, part: Tally, what: &str) -> Result<()> {
    let cannot = |e: hdrhistogram::AdditionError| usage(format!("{what}: its histogram cannot be added: {e:?}"));
    tally.latencies.add(&part.latencies).map_err(cannot)?;
    tally.failed_latencies.add(&part.failed_latencies).map_err(cannot)?;
    tally.successes += part.successes;
    for (kind, count) in part.failures {
        *tally.failures.entry(kind).or_default() += count;
    }
    for (kind, sample) in part.samples {
        tally.samples.entry(kind).or_insert(sample);
    }
    tally.elapsed = tally.elapsed.max(part.elapsed);
    tally.started += part.started;
    if let Some(service) = &part.service {
        let into = tally.service.get_or_insert_with(new_histogram);
        into.add(service).map_err(cannot)?;
    }
    for (index, stage) in part.stages.into_iter().enumerate() {
        if tally.stages.len() <= index {
            tally.stages.resize_with(index + 1, Default::default);
        }
        tally.stages[index].merge(stage);
    }
    tally.modes.merge(part.modes);
    Ok(())
}

/// The runs' one mode: plain, --stream or --async. Runs made in different modes are refused, since their figures
/// measure different things (a stream's last frame is no plain call's answer); a run saved before the modes were
/// kept reads as plain, as it shows.
fn mode(runs: &[(PathBuf, SavedRun)]) -> Result<Option<SavedMode>> {
    let Some((first_file, first)) = runs.first() else {
        return Ok(None);
    };
    let words = |mode: Option<SavedMode>| match mode {
        Some(mode) => format!("a {} run", mode.flag()),
        None => "a run without --stream or --async".to_string(),
    };
    for (file, run) in runs {
        if run.settings.mode != first.settings.mode {
            return Err(usage(format!(
                "FILE {}: {}, unlike {} ({}): merge adds up runs made the same way only",
                file.display(),
                words(run.settings.mode),
                first_file.display(),
                words(first.settings.mode)
            )));
        }
    }
    Ok(first.settings.mode)
}

/// The runs' schedules as one, the machines loading the function at once: rates add up, burst sizes add up when
/// the bursts came at one period, stages add up target by target when every run had stages of the same lengths
/// (any other stages are refused: their figures would not add up stage by stage); else no schedule.
fn schedule(runs: &[(PathBuf, SavedRun)]) -> Result<Option<SavedSchedule>> {
    let Some((_, first)) = runs.first() else {
        return Ok(None);
    };
    let lengths = |run: &SavedRun| match &run.settings.schedule {
        Some(SavedSchedule::Stages { stages }) => Some(stages.iter().map(|s| s.duration_ns).collect::<Vec<_>>()),
        _ => None,
    };
    let staged = runs.iter().find(|(_, run)| lengths(run).is_some());
    if let Some((staged_file, staged)) = staged {
        for (file, run) in runs {
            if lengths(run) != lengths(staged) {
                let theirs = if lengths(run).is_some() {
                    "stages of other lengths than"
                } else {
                    "no --stage, unlike"
                };
                return Err(usage(format!(
                    "FILE {}: a run with {theirs} {}'s: merge adds up runs with --stage only when each had stages                      of the same lengths",
                    file.display(),
                    staged_file.display()
                )));
            }
        }
    }
    let mut merged = first.settings.schedule.clone();
    for (_, run) in &runs[1..] {
        merged = match (merged, &run.settings.schedule) {
            (Some(SavedSchedule::Rate { rate: a }), Some(SavedSchedule::Rate { rate: b })) => {
                Some(SavedSchedule::Rate { rate: a + b })
            }
            (
                Some(SavedSchedule::Bursts { size, every_ns }),
                Some(SavedSchedule::Bursts {
                    size: more,
                    every_ns: at,
                }),
            ) if every_ns == *at => Some(SavedSchedule::Bursts {
                size: size + more,
                every_ns,
            }),
            (Some(SavedSchedule::Stages { mut stages }), Some(SavedSchedule::Stages { stages: more })) => {
                for (stage, other) in stages.iter_mut().zip(more) {
                    stage.target += other.target;
                }
                Some(SavedSchedule::Stages { stages })
            }
            _ => None,
        };
    }
    Ok(merged)
}

/// The merged run's class and error line, as a run's: `ok` with one success; else the most frequent failure's
/// class and name; a run in which no call finished timed out, unless Ctrl-C stopped one of them.
fn ending(report: &Report) -> (Option<Class>, Option<String>) {
    if report.successes > 0 {
        return (Some(Class::Ok), None);
    }
    match report.failures_by_code.first() {
        Some(row) => (
            Some(row.class),
            Some(format!("not one of {} calls succeeded: {}", report.calls, row.name)),
        ),
        None if report.interrupted => (None, None),
        None => (Some(Class::Timeout), Some("not one call finished".into())),
    }
}
