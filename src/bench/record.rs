//! What the engine keeps of each call besides the run's tally: what its answer showed (for --export), each stage's
//! counts, and -v's notices (a stage as it starts, a kind of failure the first time it comes).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::engine::{FailureKind, Plan, Sample, Shared, new_histogram};
use super::shape::Schedule;

/// What a call's answer showed, as far as it came.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seen {
    pub status: Option<u16>,
    pub code: Option<i64>,
    /// Bytes of the answer's body received (with --async, of the 202 and every poll's answer too).
    pub bytes: u64,
    /// With --stream or --async: when its steps happened.
    pub marks: super::modes::Marks,
}

/// A finished call, as the engine records it.
pub struct Call {
    pub ticket: u64,
    pub seq: u64,
    /// When it was due (its latency counts from here), and when it was sent.
    pub scheduled: Instant,
    pub sent: Instant,
    pub stage: Option<u32>,
    pub seen: Seen,
}

/// One stage's calls: by the stage each was due in.
#[derive(Debug)]
pub struct StageTally {
    pub successes: u64,
    pub failures: u64,
    /// The successful calls' latencies, in microseconds.
    pub ok_latencies: Histogram<u64>,
}

impl Default for StageTally {
    fn default() -> StageTally {
        StageTally {
            successes: 0,
            failures: 0,
            ok_latencies: new_histogram(),
        }
    }
}

impl StageTally {
    pub fn count(&mut self, ok: bool, micros: u64) {
        if ok {
            self.successes += 1;
            let _ = self.ok_latencies.record(micros);
        } else {
            self.failures += 1;
        }
    }

    pub fn merge(&mut self, other: StageTally) {
        self.successes += other.successes;
        self.failures += other.failures;
        let _ = self.ok_latencies.add(&other.ok_latencies);
    }
}

/// -v's line for the first failure of a kind.
pub fn first_failure_line(kind: &FailureKind, sample: &Sample) -> String {
    let what = match kind {
        FailureKind::Code { code, status } => format!("code {code} (HTTP {status})"),
        FailureKind::Status(status) | FailureKind::TooLarge(status) => format!("HTTP {status}"),
        FailureKind::NoAnswer(_) => "no answer".to_string(),
    };
    let words = sample
        .message()
        .map(|m| {
            crate::answer::output::shown_line(m.trim())
                .chars()
                .take(120)
                .collect::<String>()
        })
        .filter(|m| !m.is_empty())
        .map_or(String::new(), |m| format!(": {m}"));
    format!(
        "bench: first failure of its kind, {what}, class {}{words}",
        kind.class()
    )
}

/// With -v and --stage, a thread that tells each stage as it starts (until the load stops).
pub fn announce_stages(plan: &Plan, shared: &Arc<Shared>, started: Instant) -> Option<std::thread::JoinHandle<()>> {
    shared.notices.get()?;
    let Some(Schedule::Stages(segments)) = &plan.schedule else {
        return None;
    };
    let (segments, shared) = (segments.clone(), shared.clone());
    Some(std::thread::spawn(move || {
        let count = segments.len();
        for (index, segment) in segments.iter().enumerate() {
            let at = started + Duration::from_secs_f64(segment.start);
            while Instant::now() < at {
                if shared.stop.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep((at - Instant::now()).min(Duration::from_millis(20)));
            }
            if shared.stop.load(Ordering::Relaxed) {
                return;
            }
            if let Some(notice) = shared.notices.get() {
                notice(super::figures::stage_line(index, count, segment));
            }
        }
    }))
}
