//! The load's shape in time: when each call (by its ticket, 0, 1, 2, ...) is due, from the run's start. A constant
//! rate (--rate), k6-like stages that ramp the rate linearly (--stage), or bursts (--burst, --burst-every). Pure: no
//! clock, no I/O; the engine asks it when ticket k is due and in which stage.

use std::time::Duration;

/// One --stage: over `duration`, the rate moves in a straight line from the previous stage's target (0 before the
/// first) to `target` calls per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    pub duration: Duration,
    pub target: f64,
}

impl Stage {
    /// `DURATION:TARGET`, as `10s:100` (ramp to 100 calls/s over 10 s). TARGET is a rate in calls per second, 0 or
    /// more (0 ends a ramp down, or holds a pause); a concurrency target (`c50`) is not supported.
    pub fn parse(text: &str) -> Result<Stage, String> {
        let Some((duration, target)) = text.rsplit_once(':') else {
            return Err(format!(
                "`{text}` is not DURATION:TARGET (as `10s:100`, a ramp to 100 calls/s over 10 s)"
            ));
        };
        let duration =
            crate::values::parse_duration(duration.trim()).map_err(|why| format!("`{text}`: the duration {why}"))?;
        if duration.is_zero() {
            return Err(format!("`{text}`: a stage lasts longer than 0s"));
        }
        let target = target.trim();
        if target.starts_with(['c', 'C']) {
            return Err(format!(
                "`{text}`: a stage's target is a rate in calls/s; concurrency targets are not supported (set -c \
                 for the workers)"
            ));
        }
        let target: f64 = target
            .parse()
            .map_err(|_| format!("`{text}`: the target `{target}` is not a number of calls per second"))?;
        if !target.is_finite() || target < 0.0 {
            return Err(format!(
                "`{text}`: the target must be a finite rate of 0 calls/s or more"
            ));
        }
        Ok(Stage { duration, target })
    }
}

/// When calls are due.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// --rate: call k at k / rate seconds.
    Rate(f64),
    /// --stage: the rate ramps piecewise linearly; call k is due when the calls due so far (the rate's integral)
    /// reach k.
    Stages(Vec<Segment>),
    /// --burst N --burst-every D: calls k·N to k·N + N - 1 all due at k·D.
    Bursts { size: u64, every: Duration },
}

/// A stage as the schedule holds it: its start, its rates at both ends, and the calls due before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub start: f64,
    pub length: f64,
    pub from: f64,
    pub to: f64,
    /// Calls due before the segment starts (the rate's integral up to `start`).
    pub before: f64,
}

impl Segment {
    /// Calls due in the whole segment.
    fn calls(&self) -> f64 {
        (self.from + self.to) / 2.0 * self.length
    }

    /// Calls due in the first `t` seconds of the segment: ∫ from + (to - from)·s/length ds.
    fn calls_within(&self, t: f64) -> f64 {
        let t = t.clamp(0.0, self.length);
        self.from * t + (self.to - self.from) * t * t / (2.0 * self.length)
    }

    /// The time into the segment at which `m` calls have become due (0 ≤ m < calls()): the positive root of
    /// a·t² + from·t − m = 0, a = (to − from) / 2·length, written so that it holds for a = 0 and a < 0 alike.
    fn time_of(&self, m: f64) -> f64 {
        if m <= 0.0 {
            return 0.0;
        }
        let a = (self.to - self.from) / (2.0 * self.length);
        let root = (self.from * self.from + 4.0 * a * m).max(0.0).sqrt();
        (2.0 * m / (self.from + root)).min(self.length)
    }
}

/// When a call is due, from the run's start, and the stage it belongs to (with --stage).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    pub at: Duration,
    pub stage: Option<u32>,
}

impl Schedule {
    /// The schedule of `stages`, each ramping from the one before (the first from 0).
    pub fn stages(stages: &[Stage]) -> Schedule {
        let mut segments = Vec::with_capacity(stages.len());
        let (mut start, mut from, mut before) = (0.0, 0.0, 0.0);
        for stage in stages {
            let segment = Segment {
                start,
                length: stage.duration.as_secs_f64(),
                from,
                to: stage.target,
                before,
            };
            start += segment.length;
            before += segment.calls();
            from = stage.target;
            segments.push(segment);
        }
        Schedule::Stages(segments)
    }

    /// The stages' whole length; None for a schedule without an end of its own.
    pub fn length(&self) -> Option<Duration> {
        match self {
            Schedule::Stages(segments) => segments.last().map(|s| Duration::from_secs_f64(s.start + s.length)),
            _ => None,
        }
    }

    /// When call `ticket` is due, and in which stage; None when it is never due (past the stages' last call, or so
    /// far off a clock cannot hold it: `--rate 1e-300`).
    pub fn slot(&self, ticket: u64) -> Option<Slot> {
        let k = ticket as f64;
        let (seconds, stage) = match self {
            Schedule::Rate(rate) => (k / rate, None),
            Schedule::Bursts { size, every } => ((ticket / size) as f64 * every.as_secs_f64(), None),
            Schedule::Stages(segments) => {
                let index = segments.iter().position(|s| k < s.before + s.calls())?;
                let segment = &segments[index];
                (segment.start + segment.time_of(k - segment.before), Some(index as u32))
            }
        };
        Duration::try_from_secs_f64(seconds).ok().map(|at| Slot { at, stage })
    }

    /// How many calls are due before `window` has passed from the start (those with a slot earlier than it).
    pub fn due_before(&self, window: Duration) -> u64 {
        let w = window.as_secs_f64();
        let count = match self {
            Schedule::Rate(rate) => (w * rate).ceil(),
            Schedule::Bursts { size, every } => (w / every.as_secs_f64()).ceil() * *size as f64,
            Schedule::Stages(segments) => segments
                .iter()
                .rev()
                .find(|s| w > s.start)
                .map_or(0.0, |s| (s.before + s.calls_within(w - s.start)).ceil()),
        };
        if count >= u64::MAX as f64 {
            u64::MAX
        } else {
            count as u64
        }
    }

    /// Every call the stages hold; None for a schedule without an end of its own.
    pub fn total(&self) -> Option<u64> {
        let length = self.length()?;
        Some(self.due_before(length))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64, target: f64) -> Stage {
        Stage {
            duration: Duration::from_secs_f64(secs),
            target,
        }
    }

    fn at(schedule: &Schedule, ticket: u64) -> Option<(f64, Option<u32>)> {
        schedule
            .slot(ticket)
            .map(|slot| ((slot.at.as_secs_f64() * 1e6).round() / 1e6, slot.stage))
    }

    #[test]
    fn stages_parse_or_are_refused_with_the_reason() {
        assert_eq!(Stage::parse("10s:100"), Ok(s(10.0, 100.0)));
        assert_eq!(Stage::parse("1m:0.5"), Ok(s(60.0, 0.5)));
        assert_eq!(Stage::parse("500ms:0"), Ok(s(0.5, 0.0)));
        for (text, why) in [
            ("10s", "not DURATION:TARGET"),
            ("0s:10", "longer than 0s"),
            ("xs:10", "the duration"),
            ("10s:c50", "concurrency targets are not supported"),
            ("10s:fast", "not a number"),
            ("10s:-1", "0 calls/s or more"),
            ("10s:inf", "finite"),
        ] {
            let error = Stage::parse(text).unwrap_err();
            assert!(error.contains(why), "{text}: {error}");
        }
    }

    #[test]
    fn a_constant_rate_spaces_calls_evenly() {
        let rate = Schedule::Rate(4.0);
        assert_eq!(at(&rate, 0), Some((0.0, None)));
        assert_eq!(at(&rate, 1), Some((0.25, None)));
        assert_eq!(at(&rate, 10), Some((2.5, None)));
        assert_eq!(rate.due_before(Duration::from_secs(1)), 4);
        assert_eq!(rate.due_before(Duration::from_millis(1001)), 5);
        assert_eq!(Schedule::Rate(1e-300).slot(1), None, "too far off for a clock");
    }

    #[test]
    fn a_ramp_from_zero_puts_call_k_at_the_square_root() {
        // 0 → 10 calls/s over 10 s: calls due by t are t²/2, so call k is due at √(2k); 50 calls in all.
        let ramp = Schedule::stages(&[s(10.0, 10.0)]);
        assert_eq!(at(&ramp, 0), Some((0.0, Some(0))));
        assert_eq!(at(&ramp, 2), Some((2.0, Some(0))));
        assert_eq!(at(&ramp, 8), Some((4.0, Some(0))));
        assert_eq!(at(&ramp, 32), Some((8.0, Some(0))));
        assert_eq!(at(&ramp, 49), Some(((98f64.sqrt() * 1e6).round() / 1e6, Some(0))));
        assert_eq!(ramp.slot(50), None, "past the last call");
        assert_eq!(ramp.total(), Some(50));
        assert_eq!(ramp.due_before(Duration::from_secs(4)), 8);
        assert_eq!(ramp.due_before(Duration::from_secs_f64(4.001)), 9);
    }

    #[test]
    fn ramp_hold_and_ramp_down_row_by_row() {
        // 0 → 100 in 1 s (50 calls), hold 100 for 2 s (200 calls), 100 → 0 in 1 s (50 calls).
        let shape = Schedule::stages(&[s(1.0, 100.0), s(2.0, 100.0), s(1.0, 0.0)]);
        assert_eq!(shape.length(), Some(Duration::from_secs(4)));
        assert_eq!(shape.total(), Some(300));
        for (ticket, seconds, stage) in [
            (0, 0.0, 0),
            (2, 0.2, 0),  // 100·t²/2 = 2 → t = 0.2
            (18, 0.6, 0), // 50·t² = 18 → t = 0.6
            (50, 1.0, 1), // the hold starts: 100 calls/s
            (51, 1.01, 1),
            (249, 2.99, 1),
            (250, 3.0, 2),      // the ramp down starts
            (282, 3.4, 2),      // 100·τ − 50·τ² = 32 → τ = 0.4
            (299, 3.858579, 2), // 100·τ − 50·τ² = 49 → τ = 1 − √0.02
        ] {
            assert_eq!(at(&shape, ticket), Some((seconds, Some(stage))), "ticket {ticket}");
        }
        assert_eq!(shape.slot(300), None);
        for (window, due) in [
            (0.0, 0),
            (0.2, 2),
            (1.0, 50),
            (2.0, 150),
            (3.4, 282),
            (4.0, 300),
            (9.0, 300),
        ] {
            assert_eq!(shape.due_before(Duration::from_secs_f64(window)), due, "{window} s");
        }
    }

    #[test]
    fn a_pause_at_zero_holds_no_calls() {
        // 2 s at 0 (no calls), a ramp 0 → 10 calls/s over 1 s (5 calls), a hold of 1 s (10 calls).
        let shape = Schedule::stages(&[s(2.0, 0.0), s(1.0, 10.0), s(1.0, 10.0)]);
        assert_eq!(shape.total(), Some(15));
        assert_eq!(at(&shape, 0), Some((2.0, Some(1))));
        assert_eq!(at(&shape, 5), Some((3.0, Some(2))));
        assert_eq!(at(&shape, 14), Some((3.9, Some(2))));
        assert_eq!(shape.due_before(Duration::from_secs(2)), 0);
    }

    #[test]
    fn bursts_come_whole_every_period() {
        let bursts = Schedule::Bursts {
            size: 3,
            every: Duration::from_millis(500),
        };
        for (ticket, seconds) in [(0, 0.0), (2, 0.0), (3, 0.5), (5, 0.5), (6, 1.0)] {
            assert_eq!(at(&bursts, ticket), Some((seconds, None)), "ticket {ticket}");
        }
        assert_eq!(bursts.due_before(Duration::ZERO), 0);
        assert_eq!(bursts.due_before(Duration::from_millis(1)), 3);
        assert_eq!(bursts.due_before(Duration::from_millis(500)), 3);
        assert_eq!(bursts.due_before(Duration::from_millis(501)), 6);
        assert_eq!(bursts.length(), None);
    }
}
