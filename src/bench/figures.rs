//! The figures of a bench run, from a tally: the report `yr bench` prints, as one JSON object here (its text is
//! figures_text.rs's).

use std::time::Duration;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use super::engine::{FailureKind, Sample, Tally};
use super::histogram::{Bucket, buckets};
use super::shape::{Schedule, Segment};
use crate::error_table;
use crate::exit::Class;

#[derive(Debug, Serialize)]
pub struct Report {
    pub function: String,
    pub endpoint: String,
    pub calls: u64,
    pub successes: u64,
    pub failures: u64,
    pub error_rate: f64,
    pub failures_by_code: Vec<FailureRow>,
    pub duration_s: f64,
    pub throughput: f64,
    pub latency_ms: Latency,
    pub first_call_ms: Option<f64>,
    pub concurrency: u32,
    pub rate: Option<f64>,
    pub warmup: u64,
    pub cpu_per_call_us: Option<f64>,
    pub interrupted: bool,
    pub gates: Vec<Gate>,
    /// Calls sent; `in_flight` of them had not finished when the load stopped (-z's end, Ctrl-C) and are not in
    /// `calls`.
    pub started: u64,
    pub in_flight: u64,
    /// With --rate: the calls due before the load stopped, and those of them that never started (null without).
    pub scheduled: Option<u64>,
    pub missed: Option<u64>,
    /// How the run's calls ended: `ok` when one succeeded, else the class of the most frequent failure (`timeout`
    /// when none finished); null when Ctrl-C stopped a run before any call finished.
    pub class: Option<Class>,
    /// The error line of a run in which not one call succeeded.
    pub message: Option<String>,
    /// The successful calls' latencies alone, and the failed calls' (null when there were none of them).
    pub success_latency_ms: Option<Latency>,
    pub failure_latency_ms: Option<Latency>,
    /// With a schedule (--rate, --stage, --burst): service time, from each call's send rather than its due time
    /// (`latency_ms` counts from the due time, correcting coordinated omission); null without a schedule.
    pub service_ms: Option<Latency>,
    /// With --stage: each stage's figures, in order ([] without --stage).
    pub stages: Vec<StageFigures>,
    /// With --burst: the burst's size and period.
    pub burst: Option<BurstShape>,
    /// How many distinct bodies were sent: 1 for -d's (or none) body, the bodies of --bodies sent at least once.
    pub distinct_bodies: u64,
    /// With --bodies, --template, --session-pool, --session-ids or --export: what varied per call.
    pub variety: Option<VarietyFigures>,
    /// With --export: the file and the rows written.
    pub export: Option<ExportFigures>,
    /// With --stream: times to the first and last frame and frames per call, of the successful streams.
    pub stream: Option<super::modes::StreamFigures>,
    /// With --async: the time to each 202 and to each successful finished result.
    #[serde(rename = "async")]
    pub asynchronous: Option<super::modes::AsyncFigures>,
    #[serde(skip)]
    pub(super) histogram: Vec<Bucket>,
    /// Calls that got an answer (any status); when none did, there are no latencies or throughput to show.
    #[serde(skip)]
    pub answered: u64,
}

#[derive(Debug, Serialize)]
pub struct FailureRow {
    pub code: Option<i64>,
    pub status: Option<u16>,
    pub class: Class,
    pub name: String,
    pub count: u64,
    /// The first message a failure of this kind gave: the function's own words, or why there was no answer.
    pub sample: Option<String>,
    #[serde(skip)]
    pub kind: FailureKind,
}

#[derive(Debug, Default, Serialize)]
pub struct Latency {
    pub min: f64,
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p99_9: f64,
    pub max: f64,
}

/// A CI gate and whether it held. `actual` is null when the run measured nothing to hold it against (then it
/// failed); `note` says why, or what the figure leaves out (calls --rate missed).
#[derive(Debug, Serialize)]
pub struct Gate {
    pub name: &'static str,
    pub limit: f64,
    pub actual: Option<f64>,
    pub passed: bool,
    pub note: Option<String>,
}

/// What the report needs besides the tally: the run's settings and what was measured around it.
pub struct Setup<'a> {
    pub function: &'a str,
    pub endpoint: &'a str,
    pub concurrency: u32,
    pub rate: Option<f64>,
    pub warmup: u64,
    pub first_call: Option<Duration>,
    pub cpu: Option<Duration>,
    /// Ctrl-C stopped the load.
    pub interrupted: bool,
    /// When calls were due, if on a schedule.
    pub schedule: Option<&'a Schedule>,
}

/// One stage's figures.
#[derive(Debug, Serialize)]
pub struct StageFigures {
    /// 0-based, as --export's `stage` column.
    pub stage: u32,
    /// The stage's length as given, the rate it ramps from and to, and the seconds of it the run lasted.
    pub duration_s: f64,
    pub from_rate: f64,
    pub to_rate: f64,
    pub ran_s: f64,
    pub calls: u64,
    pub successes: u64,
    pub failures: u64,
    /// calls / ran_s.
    pub throughput: f64,
    /// The stage's successful calls (null when none succeeded).
    pub latency_ms: Option<Percentiles>,
}

#[derive(Debug, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
}

#[derive(Debug, Serialize)]
pub struct BurstShape {
    pub size: u64,
    pub every_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VarietyFigures {
    /// The run's id: session-pool ids (`yr-bench-<run_id>-<n>`) and --export's trace ids carry it.
    pub run_id: String,
    /// --bodies as given (null for -d's body).
    pub bodies: Option<String>,
    /// The distinct bodies listed.
    pub body_count: u64,
    pub order: super::bodies::Order,
    /// The seed the order and `{{uuid}}` came from: give it to --seed to repeat them.
    pub seed: u64,
    pub templated: bool,
    /// The session ids calls were spread over (null without a pool).
    pub sessions: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct ExportFigures {
    pub path: String,
    pub format: &'static str,
    /// Rows written (null when writing failed).
    pub rows: Option<u64>,
}

impl Report {
    pub fn new(tally: &Tally, setup: &Setup) -> Report {
        let calls = tally.calls();
        let failures = calls - tally.successes;
        let latency = latency_of(&tally.latencies).unwrap_or_default();
        let mut succeeded = tally.latencies.clone();
        let _ = succeeded.subtract(&tally.failed_latencies);
        let mut failures_by_code: Vec<FailureRow> = tally
            .failures
            .iter()
            .map(|(kind, count)| row(kind, *count, tally.samples.get(kind)))
            .collect();
        let unanswered: u64 = tally
            .failures
            .iter()
            .filter(|(kind, _)| !kind.answered())
            .map(|(_, count)| count)
            .sum();
        failures_by_code.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)));
        let seconds = tally.elapsed.as_secs_f64();
        let (stream, asynchronous) = super::modes::figures(&tally.modes, latency_of);
        Report {
            function: setup.function.to_string(),
            endpoint: setup.endpoint.to_string(),
            calls,
            successes: tally.successes,
            failures,
            error_rate: if calls == 0 {
                0.0
            } else {
                failures as f64 / calls as f64
            },
            failures_by_code,
            duration_s: round(seconds, 3),
            throughput: if seconds > 0.0 {
                round(calls as f64 / seconds, 1)
            } else {
                0.0
            },
            latency_ms: latency,
            first_call_ms: setup.first_call.map(|d| round(d.as_secs_f64() * 1000.0, 3)),
            concurrency: setup.concurrency,
            rate: setup.rate,
            warmup: setup.warmup,
            cpu_per_call_us: setup
                .cpu
                .filter(|_| calls > 0)
                .map(|cpu| round(cpu.as_secs_f64() * 1e6 / calls as f64, 2)),
            interrupted: setup.interrupted,
            gates: Vec::new(),
            started: tally.started.max(calls),
            in_flight: tally.started.saturating_sub(calls),
            scheduled: tally.scheduled,
            missed: tally.scheduled.map(|due| due.saturating_sub(tally.started)),
            class: None,
            message: None,
            success_latency_ms: latency_of(&succeeded),
            failure_latency_ms: latency_of(&tally.failed_latencies),
            service_ms: tally.service.as_ref().and_then(latency_of),
            stages: stage_figures(tally, setup.schedule, setup.interrupted),
            burst: match setup.schedule {
                Some(Schedule::Bursts { size, every }) => Some(BurstShape {
                    size: *size,
                    every_s: every.as_secs_f64(),
                }),
                _ => None,
            },
            distinct_bodies: u64::from(calls > 0),
            variety: None,
            export: None,
            stream,
            asynchronous,
            histogram: buckets(&tally.latencies, &tally.failed_latencies),
            answered: calls - unanswered,
        }
    }

    pub fn gates_passed(&self) -> bool {
        self.gates.iter().all(|g| g.passed)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
    }
}

/// The seven figures of a histogram in milliseconds; None when it holds nothing.
fn latency_of(h: &Histogram<u64>) -> Option<Latency> {
    let ms = |micros: u64| micros as f64 / 1000.0;
    (!h.is_empty()).then(|| Latency {
        min: ms(h.min()),
        mean: round(h.mean() / 1000.0, 3),
        p50: ms(h.value_at_quantile(0.5)),
        p90: ms(h.value_at_quantile(0.9)),
        p99: ms(h.value_at_quantile(0.99)),
        p99_9: ms(h.value_at_quantile(0.999)),
        max: ms(h.max()),
    })
}

/// Each stage's figures, from the calls due in it; a stage the run did not reach has its zeros.
fn stage_figures(tally: &Tally, schedule: Option<&Schedule>, interrupted: bool) -> Vec<StageFigures> {
    let Some(Schedule::Stages(segments)) = schedule else {
        return Vec::new();
    };
    let elapsed = tally.elapsed.as_secs_f64();
    segments
        .iter()
        .enumerate()
        .map(|(index, segment)| {
            let empty = super::record::StageTally::default();
            let stage = tally.stages.get(index).unwrap_or(&empty);
            let calls = stage.successes + stage.failures;
            // The last call may end before the last stage does: only Ctrl-C cuts a stage short.
            let ran = if interrupted {
                (elapsed - segment.start).clamp(0.0, segment.length)
            } else {
                segment.length
            };
            let h = &stage.ok_latencies;
            let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
            StageFigures {
                stage: index as u32,
                duration_s: round(segment.length, 3),
                from_rate: segment.from,
                to_rate: segment.to,
                ran_s: round(ran, 3),
                calls,
                successes: stage.successes,
                failures: stage.failures,
                throughput: if ran > 0.0 { round(calls as f64 / ran, 1) } else { 0.0 },
                latency_ms: (!h.is_empty()).then(|| Percentiles {
                    p50: ms(0.5),
                    p90: ms(0.9),
                    p99: ms(0.99),
                }),
            }
        })
        .collect()
}

/// -v's line as stage `index` of `count` starts.
pub fn stage_line(index: usize, count: usize, segment: &Segment) -> String {
    let length = crate::wording::human_duration(Duration::from_secs_f64(segment.length));
    let rate = |r: f64| super::figures_text::rate_text(r);
    if segment.from == segment.to {
        format!(
            "bench: stage {}/{count}: {} calls/s for {length}",
            index + 1,
            rate(segment.to)
        )
    } else {
        format!(
            "bench: stage {}/{count}: {} → {} calls/s over {length}",
            index + 1,
            rate(segment.from),
            rate(segment.to)
        )
    }
}

/// `1 call`, `2 calls`.
pub fn calls_word(n: u64) -> String {
    if n == 1 { "1 call".into() } else { format!("{n} calls") }
}

fn row(kind: &FailureKind, count: u64, sample: Option<&Sample>) -> FailureRow {
    let (code, status, name) = match kind {
        FailureKind::Code { code, status } => (
            Some(*code),
            Some(*status),
            error_table::describe(*code).unwrap_or_else(|| "not in the table".into()),
        ),
        FailureKind::Status(status) => (None, Some(*status), format!("HTTP {status} without an inner code")),
        FailureKind::NoAnswer(class) => (None, None, no_answer_name(*class).to_string()),
        FailureKind::TooLarge(status) => (None, Some(*status), format!("HTTP {status}, too large to judge")),
    };
    FailureRow {
        code,
        status,
        class: kind.class(),
        name,
        count,
        sample: sample
            .and_then(Sample::message)
            .map(|m| crate::secrets::redact(m.trim()).into_owned()),
        kind: kind.clone(),
    }
}

/// A row's name for calls that got no answer, by the class `yr invoke` gives the same failure.
fn no_answer_name(class: Class) -> &'static str {
    match class {
        Class::Timeout => "timed out",
        Class::Platform => "the answer is not HTTP",
        _ => "could not reach the frontend",
    }
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}
