//! A wait of a given length (`--wait`, `--timeout` of an asynchronous call): what it has left, and the pause
//! between two looks, cut to what is left so that the last look comes at its end. Every wait is the full time it
//! was given, give or take one look.

use std::time::{Duration, Instant};

/// How long a look may still take once the wait has run out: the last look, at the end, gets this much.
pub const LAST_LOOK: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy)]
pub struct Wait {
    started: Instant,
    /// None waits for ever.
    limit: Option<Duration>,
}

impl Wait {
    pub fn new(limit: Option<Duration>) -> Wait {
        Wait {
            started: Instant::now(),
            limit,
        }
    }

    pub fn limit(&self) -> Option<Duration> {
        self.limit
    }

    /// The time left; None when the wait has no end.
    pub fn left(&self) -> Option<Duration> {
        self.limit.map(|limit| limit.saturating_sub(self.started.elapsed()))
    }

    /// How long one look may take: `each` (its own limit, if any), and no longer than the time left (or
    /// `LAST_LOOK`, for the look at the end).
    pub fn bound(&self, each: Option<Duration>) -> Option<Duration> {
        match (each, self.left()) {
            (Some(each), Some(left)) => Some(each.min(left.max(LAST_LOOK))),
            (each, None) => each,
            (None, Some(left)) => Some(left.max(LAST_LOOK)),
        }
    }

    /// Sleeps `pause`, or until the end of the wait if that comes first; false when the wait was already over
    /// (then nothing is slept: the look just made was the last).
    pub fn pause(&self, pause: Duration) -> bool {
        match self.left() {
            Some(left) if left.is_zero() => false,
            Some(left) => {
                std::thread::sleep(pause.min(left));
                true
            }
            None => {
                std::thread::sleep(pause);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_look_is_bounded_by_what_is_left() {
        let wait = Wait::new(Some(Duration::from_secs(3600)));
        let bound = wait.bound(Some(Duration::from_secs(30))).unwrap();
        assert_eq!(bound, Duration::from_secs(30));
        assert!(wait.bound(None).unwrap() <= Duration::from_secs(3600));
        let over = Wait::new(Some(Duration::ZERO));
        assert_eq!(over.bound(Some(Duration::from_secs(30))), Some(LAST_LOOK));
        assert!(!over.pause(Duration::from_secs(1)));
        assert_eq!(Wait::new(None).bound(None), None);
        assert_eq!(Wait::new(None).bound(Some(LAST_LOOK)), Some(LAST_LOOK));
    }
}
