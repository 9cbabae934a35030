//! The bench report: figures from a tally, drawn for a terminal or written as one JSON object.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::engine::{FailureKind, Tally};
use crate::color::{Paint, Palette};
use crate::error_table;

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
    #[serde(skip)]
    histogram: Vec<(f64, f64, u64)>,
}

#[derive(Debug, Serialize)]
pub struct FailureRow {
    pub code: Option<i64>,
    pub status: Option<u16>,
    pub class: &'static str,
    pub name: String,
    pub count: u64,
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

/// A CI gate and whether it held.
#[derive(Debug, Serialize)]
pub struct Gate {
    pub name: &'static str,
    pub limit: f64,
    pub actual: f64,
    pub passed: bool,
}

/// The figures of a run.
pub struct Setup<'a> {
    pub function: &'a str,
    pub endpoint: &'a str,
    pub concurrency: u32,
    pub rate: Option<f64>,
    pub warmup: u64,
    pub first_call: Option<Duration>,
    pub cpu: Option<Duration>,
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
        let mut failures_by_code: Vec<FailureRow> =
            tally.failures.iter().map(|(kind, count)| row(kind, *count)).collect();
        failures_by_code.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
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
            interrupted: tally.interrupted,
            gates: Vec::new(),
            histogram: buckets(tally),
        }
    }

    pub fn gates_passed(&self) -> bool {
        self.gates.iter().all(|g| g.passed)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
    }

    pub fn to_text(&self, palette: &Palette) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} {}", palette.paint("function", Paint::Key), self.function);
        let interrupted = if self.interrupted { " (interrupted)" } else { "" };
        let _ = writeln!(
            out,
            "calls      {} in {:.2}s{interrupted}: {} ok, {} failed ({:.2}%)",
            self.calls,
            self.duration_s,
            self.successes,
            self.failures,
            self.error_rate * 100.0
        );
        let _ = writeln!(
            out,
            "throughput {:.1} calls/s with {} workers",
            self.throughput, self.concurrency
        );
        if let Some(cpu) = self.cpu_per_call_us {
            let _ = writeln!(out, "client cpu {cpu:.1} µs per call");
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
        if !self.histogram.is_empty() {
            out.push('\n');
            let widest = self.histogram.iter().map(|b| b.2).max().unwrap_or(1).max(1);
            for (low, high, count) in &self.histogram {
                let bar = "■".repeat(((*count as f64 / widest as f64) * 40.0).ceil() as usize);
                let _ = writeln!(
                    out,
                    "  {:>9} – {:<9} {} {count}",
                    ms(*low),
                    ms(*high),
                    palette.paint(&bar, Paint::Good)
                );
            }
        }
        if !self.failures_by_code.is_empty() {
            out.push('\n');
            let _ = writeln!(out, "failures");
            for f in &self.failures_by_code {
                let what = match (f.code, f.status) {
                    (Some(code), _) => format!("code {code}"),
                    (None, Some(status)) => format!("HTTP {status}"),
                    (None, None) => "no answer".to_string(),
                };
                let _ = writeln!(out, "  {:>8}  {:<14} {:<9} {}", f.count, what, f.class, f.name);
            }
        }
        for gate in &self.gates {
            let verdict = if gate.passed {
                palette.paint("pass", Paint::Good)
            } else {
                palette.paint("FAIL", Paint::Error)
            };
            let _ = writeln!(
                out,
                "gate {} {}: {} (limit {})",
                gate.name, verdict, gate.actual, gate.limit
            );
        }
        out
    }
}

fn row(kind: &FailureKind, count: u64) -> FailureRow {
    match kind {
        FailureKind::Code { code, status } => FailureRow {
            code: Some(*code),
            status: Some(*status),
            class: kind.class(),
            name: error_table::describe(*code).unwrap_or_else(|| "not in the table".into()),
            count,
        },
        FailureKind::Status(status) => FailureRow {
            code: None,
            status: Some(*status),
            class: kind.class(),
            name: format!("HTTP {status} without an inner code"),
            count,
        },
        FailureKind::Transport(why) => FailureRow {
            code: None,
            status: None,
            class: kind.class(),
            name: why.clone(),
            count,
        },
    }
}

/// Ten equal buckets from the fastest call to the 99.9th percentile, and one for the slower rest; each recorded
/// value lands in exactly one.
fn buckets(tally: &Tally) -> Vec<(f64, f64, u64)> {
    let h = &tally.latencies;
    if h.is_empty() {
        return Vec::new();
    }
    let low = h.min();
    let high = h.value_at_quantile(0.999).max(low + 1);
    let step = (high - low) as f64 / 10.0;
    let mut counts = [0u64; 11];
    for value in h.iter_recorded() {
        let v = value.value_iterated_to();
        let index = if v > high {
            10
        } else {
            (((v - low.min(v)) as f64 / step) as usize).min(9)
        };
        counts[index] += value.count_at_value();
    }
    let edge = |i: usize| (low as f64 + step * i as f64) / 1000.0;
    let mut out: Vec<(f64, f64, u64)> = (0..10).map(|i| (edge(i), edge(i + 1), counts[i])).collect();
    if counts[10] > 0 {
        out.push((high as f64 / 1000.0, h.max() as f64 / 1000.0, counts[10]));
    }
    out
}

fn ms(value: f64) -> String {
    if value >= 1000.0 {
        format!("{:.2}s", value / 1000.0)
    } else {
        format!("{value:.2}ms")
    }
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_hold_every_call_once() {
        let mut tally = super::super::engine::Tally::empty();
        for v in [100u64, 150, 900, 1000, 5000, 5000, 250_000] {
            tally.latencies.record(v).unwrap();
        }
        let total: u64 = buckets(&tally).iter().map(|b| b.2).sum();
        assert_eq!(total, 7);
    }
}
