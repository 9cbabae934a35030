//! The figures of a bench run, from a tally: the report `yr bench` prints, drawn for a terminal or as one JSON object.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::engine::{FailureKind, Sample, Tally};
use crate::answer::color::{Paint, Palette};
use crate::error_table;
use crate::exit::Class;
use crate::wording::human_duration;

/// The most characters of a failure's sample message the text report shows.
const SAMPLE_WIDTH: usize = 120;

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
    #[serde(skip)]
    histogram: Vec<Bucket>,
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
}

impl Report {
    pub fn new(tally: &Tally, setup: &Setup) -> Report {
        let calls = tally.calls();
        let failures = calls - tally.successes;
        let h = &tally.latencies;
        let ms = |micros: u64| micros as f64 / 1000.0;
        let latency = if h.is_empty() {
            Latency::default()
        } else {
            Latency {
                min: ms(h.min()),
                mean: round(h.mean() / 1000.0, 3),
                p50: ms(h.value_at_quantile(0.5)),
                p90: ms(h.value_at_quantile(0.9)),
                p99: ms(h.value_at_quantile(0.99)),
                p99_9: ms(h.value_at_quantile(0.999)),
                max: ms(h.max()),
            }
        };
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
            histogram: buckets(tally),
            answered: calls - unanswered,
        }
    }

    pub fn gates_passed(&self) -> bool {
        self.gates.iter().all(|g| g.passed)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
    }

    /// The report for people: durations as `yr invoke` writes them, failed calls in red.
    pub fn to_text(&self, palette: &Palette) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} {}", palette.paint("function", Paint::Key), self.function);
        let interrupted = if self.interrupted { " (interrupted)" } else { "" };
        let failed = format!("{} failed", self.failures);
        let _ = writeln!(
            out,
            "calls      {} in {}{interrupted}: {} ok, {} ({:.2}%)",
            self.calls,
            human_duration(Duration::from_millis((self.duration_s.max(0.0) * 1000.0).round() as u64)),
            self.successes,
            if self.failures > 0 {
                palette.paint(&failed, Paint::Error)
            } else {
                failed
            },
            self.error_rate * 100.0
        );
        if self.in_flight > 0 {
            let _ = writeln!(
                out,
                "in flight  {} still running at the end, not counted",
                calls_word(self.in_flight)
            );
        }
        if let (Some(rate), Some(scheduled), Some(missed)) = (self.rate, self.scheduled, self.missed) {
            let _ = writeln!(
                out,
                "schedule   {scheduled} calls at {} calls/s: {} started, {missed} missed (never started, not in the \
                 figures)",
                rate_text(rate),
                self.started
            );
        }
        // Refused connections are not throughput, and their latencies are not the function's.
        if self.answered > 0 {
            self.figures(&mut out, palette);
        }
        if !self.failures_by_code.is_empty() {
            out.push('\n');
            let _ = writeln!(out, "{}", palette.paint("failures", Paint::Error));
            for f in &self.failures_by_code {
                let what = match (f.code, f.status) {
                    (Some(code), _) => format!("code {code}"),
                    (None, Some(status)) => format!("HTTP {status}"),
                    (None, None) => "no answer".to_string(),
                };
                let _ = writeln!(out, "  {:>8}  {:<14} {:<9} {}", f.count, what, f.class, f.name);
                if let Some(sample) = f.sample.as_deref().and_then(|s| sample_line(s, &f.name)) {
                    let _ = writeln!(out, "            {}", palette.paint(&sample, Paint::Dim));
                }
            }
        }
        for gate in &self.gates {
            let verdict = if gate.passed {
                palette.paint("pass", Paint::Good)
            } else {
                palette.paint("FAIL", Paint::Error)
            };
            let _ = match (gate.actual, &gate.note) {
                (Some(actual), None) => writeln!(out, "gate {} {verdict}: {actual} (limit {})", gate.name, gate.limit),
                (Some(actual), Some(note)) => writeln!(
                    out,
                    "gate {} {verdict}: {actual} (limit {}); {note}",
                    gate.name, gate.limit
                ),
                (None, note) => writeln!(
                    out,
                    "gate {} {verdict}: {} (limit {})",
                    gate.name,
                    note.as_deref().unwrap_or("nothing measured"),
                    gate.limit
                ),
            };
        }
        out
    }

    /// Throughput, CPU, latencies, the first call and the histogram.
    fn figures(&self, out: &mut String, palette: &Palette) {
        let _ = writeln!(
            out,
            "throughput {:.1} calls/s with {} workers",
            self.throughput, self.concurrency
        );
        if let Some(cpu) = self.cpu_per_call_us {
            let _ = writeln!(
                out,
                "client cpu {} per call",
                human_duration(Duration::from_nanos((cpu.max(0.0) * 1000.0).round() as u64))
            );
        }
        let l = &self.latency_ms;
        let _ = writeln!(
            out,
            "latency    min {} · mean {} · p50 {} · p90 {} · p99 {} · p99.9 {} · max {}",
            ms(l.min),
            ms(l.mean),
            ms(l.p50),
            ms(l.p90),
            ms(l.p99),
            ms(l.p99_9),
            ms(l.max)
        );
        if let Some(first) = self.first_call_ms {
            let _ = writeln!(out, "first call {} (often a cold start)", ms(first));
        }
        if self.histogram.is_empty() {
            return;
        }
        out.push('\n');
        let widest = self.histogram.iter().map(|b| b.ok + b.failed).max().unwrap_or(1).max(1);
        for b in &self.histogram {
            let total = b.ok + b.failed;
            let length = ((total as f64 / widest as f64) * 40.0).ceil() as usize;
            let red = if b.failed == 0 {
                0
            } else {
                (((b.failed as f64 / total as f64) * length as f64).round() as usize).clamp(1, length)
            };
            let bar = [("■", length - red, Paint::Good), ("□", red, Paint::Error)]
                .iter()
                .filter(|(_, n, _)| *n > 0)
                .map(|(glyph, n, paint)| palette.paint(&glyph.repeat(*n), *paint))
                .collect::<String>();
            let count = match (b.ok, b.failed) {
                (_, 0) => total.to_string(),
                (0, _) => palette.paint(&format!("{total} failed"), Paint::Error),
                (_, failed) => format!("{total} ({})", palette.paint(&format!("{failed} failed"), Paint::Error)),
            };
            let _ = writeln!(
                out,
                "  {:>9} – {:<9} {bar} {count}",
                human_duration(Duration::from_micros(b.low)),
                human_duration(Duration::from_micros(b.high)),
            );
        }
    }
}

/// A failure's sample message on one line, or None when it says no more than the code's name.
fn sample_line(sample: &str, name: &str) -> Option<String> {
    let text = crate::answer::output::shown_line(crate::secrets::redact(sample.trim()).as_ref()).into_owned();
    if text.is_empty() || text == name {
        return None;
    }
    let mut shown: String = text.chars().take(SAMPLE_WIDTH).collect();
    if text.chars().count() > SAMPLE_WIDTH {
        shown.push('…');
    }
    Some(shown)
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

/// One bar of the latency histogram: calls from `low` to `high` microseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bucket {
    low: u64,
    high: u64,
    ok: u64,
    failed: u64,
}

/// At most ten buckets of one round width (1, 2 or 5 × 10^k µs, never finer than the duration format shows, so no
/// two edges read the same) from the fastest call past the 99.9th percentile, and one for the slower rest; each
/// recorded value lands in exactly one, and failed calls are counted apart.
fn buckets(tally: &Tally) -> Vec<Bucket> {
    let h = &tally.latencies;
    if h.is_empty() {
        return Vec::new();
    }
    let min = h.min();
    let top = h.value_at_quantile(0.999).max(min + 1);
    // human_duration shows whole µs below 1 ms, tenths of a ms below 1 s, then ms.
    let finest = match top {
        0..1_000 => 1,
        1_000..1_000_000 => 100,
        _ => 1_000,
    };
    let mut step = round_up((top - min).div_ceil(10)).max(finest);
    let mut low = min / step * step;
    while (top - low) / step + 1 > 10 {
        step = round_up(step + 1);
        low = min / step * step;
    }
    let regular = ((top - low) / step + 1) as usize;
    let end = low + step * regular as u64;
    let index = |v: u64| {
        if v >= end {
            regular
        } else {
            ((v.max(low) - low) / step) as usize
        }
    };
    let mut totals = vec![0u64; regular + 1];
    let mut failed = vec![0u64; regular + 1];
    for value in h.iter_recorded() {
        totals[index(value.value_iterated_to())] += value.count_at_value();
    }
    for value in tally.failed_latencies.iter_recorded() {
        failed[index(value.value_iterated_to())] += value.count_at_value();
    }
    let mut out: Vec<Bucket> = (0..regular)
        .map(|i| Bucket {
            low: low + step * i as u64,
            high: low + step * (i as u64 + 1),
            ok: totals[i].saturating_sub(failed[i]),
            failed: failed[i],
        })
        .collect();
    if totals[regular] > 0 {
        out.push(Bucket {
            low: end,
            high: h.max(),
            ok: totals[regular].saturating_sub(failed[regular]),
            failed: failed[regular],
        });
    }
    out
}

/// The smallest of 1, 2 and 5 × 10^k that is at least `value`.
fn round_up(value: u64) -> u64 {
    let mut scale = 1u64;
    loop {
        for step in [1, 2, 5] {
            if step * scale >= value {
                return step * scale;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

/// Milliseconds (the report's unit, to the µs) as `yr invoke` writes durations.
fn ms(value: f64) -> String {
    human_duration(Duration::from_micros((value.max(0.0) * 1000.0).round() as u64))
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

/// A --rate as the report shows it: as typed for everyday rates, in exponent form past them (`1e-300`, not 300
/// zeros).
fn rate_text(rate: f64) -> String {
    if (1e-3..1e9).contains(&rate) {
        rate.to_string()
    } else {
        format!("{rate:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(ok: &[u64], failed: &[u64]) -> Tally {
        let mut tally = Tally::new();
        for v in ok {
            tally.latencies.record(*v).unwrap();
        }
        for v in failed {
            tally.latencies.record(*v).unwrap();
            tally.failed_latencies.record(*v).unwrap();
        }
        tally
    }

    #[test]
    fn rates_read_short_at_any_size() {
        assert_eq!(rate_text(200.0), "200");
        assert_eq!(rate_text(0.5), "0.5");
        assert_eq!(rate_text(1e-300), "1e-300");
        assert_eq!(rate_text(1e300), "1e300");
    }

    #[test]
    fn histogram_buckets_hold_every_call_once() {
        let tally = tally(&[100, 150, 900, 1000, 5000], &[5000, 250_000]);
        let histogram = buckets(&tally);
        let total: u64 = histogram.iter().map(|b| b.ok + b.failed).sum();
        let failed: u64 = histogram.iter().map(|b| b.failed).sum();
        assert_eq!((total, failed), (7, 2));
        assert!(histogram.len() <= 11, "{histogram:?}");
    }

    #[test]
    fn bucket_edges_are_round_and_read_apart() {
        // 2.40 ms to 2.90 ms: steps of 100 µs, since the duration format shows tenths of a millisecond.
        let values: Vec<u64> = (0..=50).map(|i| 2_400 + i * 10).collect();
        let histogram = buckets(&tally(&values, &[]));
        let labels: Vec<String> = histogram
            .iter()
            .map(|b| human_duration(Duration::from_micros(b.low)))
            .collect();
        assert_eq!(labels, ["2.4 ms", "2.5 ms", "2.6 ms", "2.7 ms", "2.8 ms", "2.9 ms"]);
        let histogram = buckets(&tally(&[90, 1_060], &[]));
        assert!(histogram.iter().all(|b| (b.high - b.low) % 100 == 0), "{histogram:?}");
        assert_eq!(
            (round_up(1), round_up(3), round_up(6), round_up(11), round_up(97)),
            (1, 5, 10, 20, 100)
        );
    }

    fn setup() -> Setup<'static> {
        Setup {
            function: "f",
            endpoint: "http://e",
            concurrency: 2,
            rate: None,
            warmup: 0,
            first_call: None,
            cpu: None,
            interrupted: false,
        }
    }

    #[test]
    fn failed_calls_are_drawn_apart_with_a_sample() {
        let mut t = tally(&[], &[1_000, 1_100, 1_200]);
        let kind = FailureKind::Code {
            code: 4002,
            status: 500,
        };
        t.failures.insert(kind.clone(), 3);
        let verdict =
            crate::answer::reply::judge_parts(500, |_| None, br#"{"code":4002,"message":"bad order: missing sku"}"#);
        t.samples.insert(
            kind,
            Sample::Answer {
                verdict: Box::new(verdict),
                location: None,
            },
        );
        t.elapsed = Duration::from_millis(1_500);
        let text = Report::new(&t, &setup()).to_text(&Palette::plain());
        assert!(
            text.contains("calls      3 in 1.5s: 0 ok, 3 failed (100.00%)\n"),
            "{text}"
        );
        assert!(text.contains("latency    min 1 ms · mean 1.1 ms"), "{text}");
        assert!(text.contains("□ 1 failed\n") && !text.contains('■'), "{text}");
        assert!(
            text.ends_with(
                "failures\n         3  code 4002      function  function raised an exception\n            bad order: missing sku\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_run_nothing_answered_has_no_throughput_or_latencies() {
        let mut t = tally(&[], &[90, 100]);
        let kind = FailureKind::NoAnswer(Class::Unreachable);
        t.failures.insert(kind.clone(), 2);
        t.samples.insert(
            kind,
            Sample::NoAnswer {
                message: "connection refused".into(),
                hint: None,
            },
        );
        t.elapsed = Duration::from_micros(2_300);
        let text = Report::new(&t, &setup()).to_text(&Palette::plain());
        assert_eq!(
            text,
            "function f\ncalls      2 in 2 ms: 0 ok, 2 failed (100.00%)\n\nfailures\n         2  no answer      unreachable could not reach the frontend\n            connection refused\n"
        );
    }

    #[test]
    fn samples_say_more_than_the_name_or_nothing() {
        assert_eq!(
            sample_line("  boom\n", "function raised an exception").as_deref(),
            Some("boom")
        );
        assert_eq!(sample_line("connection refused", "connection refused"), None);
        assert_eq!(
            sample_line(&"x".repeat(200), "n").map(|s| s.chars().count()),
            Some(SAMPLE_WIDTH + 1)
        );
        // Escape sequences are shown as `?`, as in every line yr prints (output::shown_line).
        assert_eq!(sample_line("a\u{1b}[2Jb", "n").as_deref(), Some("a?[2Jb"));
    }
}
