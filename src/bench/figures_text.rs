//! The bench report for people: durations as `yr invoke` writes them, failed calls in red, the latency histogram on
//! a log scale, a row per stage.

use std::fmt::Write as _;
use std::time::Duration;

use super::figures::{Latency, Report, calls_word};
use crate::answer::color::{Paint, Palette};
use crate::wording::human_duration;

/// The most characters of a failure's sample message the text report shows.
const SAMPLE_WIDTH: usize = 120;

impl Report {
    /// The report for people.
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
        self.schedule_line(&mut out);
        self.variety_lines(&mut out);
        // Refused connections are not throughput, and their latencies are not the function's.
        if self.answered > 0 {
            self.figures(&mut out, palette);
        }
        self.stage_rows(&mut out);
        self.failure_rows(&mut out, palette);
        self.gate_lines(&mut out, palette);
        out
    }

    /// Calls scheduled, started and missed, under a schedule.
    fn schedule_line(&self, out: &mut String) {
        let (Some(scheduled), Some(missed)) = (self.scheduled, self.missed) else {
            return;
        };
        let shape = match (self.rate, &self.burst, self.stages.len()) {
            (Some(rate), _, _) => format!("at {} calls/s", rate_text(rate)),
            (_, Some(burst), _) => format!(
                "in bursts of {} every {}",
                burst.size,
                human_duration(Duration::from_secs_f64(burst.every_s))
            ),
            (_, _, 1) => "over 1 stage".to_string(),
            (_, _, n) => format!("over {n} stages"),
        };
        let _ = writeln!(
            out,
            "schedule   {scheduled} calls {shape}: {} started, {missed} missed (never started, not in the figures)",
            self.started
        );
    }

    /// Bodies, sessions and the export file, when they varied.
    fn variety_lines(&self, out: &mut String) {
        if let Some(v) = &self.variety {
            if v.bodies.is_some() || v.templated {
                let order = match v.order {
                    super::bodies::Order::Shuffle => format!("shuffled, seed {}", v.seed),
                    super::bodies::Order::Sequential => "in order".to_string(),
                };
                let from = v.bodies.as_deref().map_or("-d".to_string(), |b| b.to_string());
                let templated = if v.templated { ", templated" } else { "" };
                let _ = writeln!(
                    out,
                    "bodies     {} distinct of {} from {from} ({order}{templated})",
                    self.distinct_bodies,
                    v.body_count.max(1)
                );
            }
            if let Some(sessions) = v.sessions {
                let _ = writeln!(out, "sessions   {} ids, one per call in turn", sessions);
            }
        }
        if let Some(export) = &self.export {
            let rows = export
                .rows
                .map_or("writing failed".to_string(), |r| format!("{r} rows"));
            let _ = writeln!(out, "export     {rows} to {} ({})", export.path, export.format);
        }
    }

    /// Throughput, CPU, latencies (all, then successes and failures apart), service time, the first call and the
    /// histogram.
    fn figures(&self, out: &mut String, palette: &Palette) {
        let workers = if self.concurrency == 1 { "worker" } else { "workers" };
        let _ = writeln!(
            out,
            "throughput {:.1} calls/s with {} {workers}",
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
        // Failed calls' latencies are not the function's: with both, each apart.
        if self.failures > 0 && self.successes > 0 {
            for (label, latency) in [
                ("  ok     ", &self.success_latency_ms),
                ("  failed ", &self.failure_latency_ms),
            ] {
                if let Some(l) = latency {
                    let _ = writeln!(out, "{label}  {}", percentiles(l));
                }
            }
        }
        if let Some(service) = &self.service_ms {
            let _ = writeln!(
                out,
                "service    {} (from each call's send, not its due time)",
                percentiles(service)
            );
        }
        self.mode_lines(out);
        if let Some(first) = self.first_call_ms {
            let _ = writeln!(out, "first call {} (often a cold start)", ms(first));
        }
        self.histogram_bars(out, palette);
    }

    /// The latency histogram on a log scale (1-2-5 steps), failed calls drawn apart.
    fn histogram_bars(&self, out: &mut String, palette: &Palette) {
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

    /// A row per stage: its shape, counts, calls/s and its successful calls' percentiles.
    fn stage_rows(&self, out: &mut String) {
        if self.stages.is_empty() {
            return;
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "stage  shape                      calls       ok   failed    calls/s  p50 · p90 · p99 (ok calls)"
        );
        for s in &self.stages {
            let shape = format!(
                "{} → {}/s over {}",
                rate_text(s.from_rate),
                rate_text(s.to_rate),
                human_duration(Duration::from_secs_f64(s.duration_s))
            );
            let figures = s.latency_ms.as_ref().map_or("-".to_string(), |p| {
                format!("{} · {} · {}", ms(p.p50), ms(p.p90), ms(p.p99))
            });
            let _ = writeln!(
                out,
                "{:>5}  {shape:<24} {:>7} {:>8} {:>8} {:>10.1}  {figures}",
                s.stage + 1,
                s.calls,
                s.successes,
                s.failures,
                s.throughput
            );
        }
    }

    fn failure_rows(&self, out: &mut String, palette: &Palette) {
        if self.failures_by_code.is_empty() {
            return;
        }
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

    fn gate_lines(&self, out: &mut String, palette: &Palette) {
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
    }
}

impl Report {
    /// --stream's and --async's figures.
    fn mode_lines(&self, out: &mut String) {
        if let Some(stream) = &self.stream {
            if let Some(first) = &stream.first_frame_ms {
                let _ = writeln!(out, "first frame {}", percentiles(first));
            }
            let _ = writeln!(
                out,
                "last frame {} (of the successful streams)",
                percentiles(&stream.last_frame_ms)
            );
            let f = &stream.frames;
            let per_call = if f.min == f.max {
                format!("{} per call", f.min)
            } else {
                format!("min {} · mean {} · max {} per call", f.min, f.mean, f.max)
            };
            let _ = writeln!(out, "frames     {per_call}, {} in all", f.total);
        }
        if let Some(a) = &self.asynchronous {
            let accepted = a.accepted_ms.as_ref().map_or("-".to_string(), percentiles);
            let _ = writeln!(out, "accepted   {} calls (202) · {accepted}", a.accepted);
            let finished = a
                .finished_ms
                .as_ref()
                .map_or("- (none finished successfully)".to_string(), percentiles);
            let _ = writeln!(out, "finished   {finished} · {} polls", a.polls);
        }
    }
}

/// `p50 … · p90 … · p99 … · max …`.
fn percentiles(l: &Latency) -> String {
    format!(
        "p50 {} · p90 {} · p99 {} · max {}",
        ms(l.p50),
        ms(l.p90),
        ms(l.p99),
        ms(l.max)
    )
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

/// Milliseconds (the report's unit, to the µs) as `yr invoke` writes durations.
fn ms(value: f64) -> String {
    human_duration(Duration::from_micros((value.max(0.0) * 1000.0).round() as u64))
}

/// A --rate as the report shows it: as typed for everyday rates, in exponent form past them (`1e-300`, not 300
/// zeros).
pub fn rate_text(rate: f64) -> String {
    if rate == 0.0 || (1e-3..1e9).contains(&rate) {
        rate.to_string()
    } else {
        format!("{rate:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::engine::{FailureKind, Sample, Tally};
    use crate::bench::figures::Setup;
    use crate::exit::Class;

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
            schedule: None,
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
        assert!(text.contains("□ 3 failed\n") && !text.contains('■'), "{text}");
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
