//! Retries that never run a function twice: the one decision of whether an outcome may be sent again, and the
//! backoff between attempts.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::reply;
use crate::error_table;
use crate::exit::{Failure, FlagError, flag_value};
use crate::values::parse_duration;
use crate::wording::human_duration;

/// The first wait when --retry-delay (a suite's `retry-delay`) is not given.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(1);

/// The longest wait the doubling reaches: the jitter is applied first, so no wait passes it (issue 17: `retry = 10`
/// from 200 ms waited 200 s). A --retry-delay above it is waited as given, neither doubled nor jittered.
pub const RETRY_DELAY_CAP: Duration = Duration::from_secs(5);

/// How long retrying may go on when --retry-max-time (`retry-max-time`) is not given, counted from the start of the
/// first attempt: a retry that would start later is not made.
pub const DEFAULT_RETRY_MAX_TIME: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts after the first.
    pub retries: u32,
    pub delay: Duration,
    /// --retry-max-time as given; None: `DEFAULT_RETRY_MAX_TIME`.
    pub max_time: Option<Duration>,
    pub all_errors: bool,
    /// --timeout (None waits for ever): a Retry-After longer than it is not waited out.
    pub timeout: Option<Duration>,
}

impl RetryPolicy {
    /// --retry N, --retry-delay, --retry-max-time and --retry-all-errors (from the command line or a suite file),
    /// the durations checked (a bad one is a usage error naming its flag), and the call's --timeout. `invoke` and
    /// `yr test` both come here, so an unset delay or budget means the same in both.
    pub fn new(
        retries: u32,
        delay: Option<&str>,
        max_time: Option<&str>,
        all_errors: bool,
        timeout: Option<Duration>,
    ) -> Result<RetryPolicy, FlagError> {
        let delay = delay
            .map(|d| parse_duration(d).map_err(flag_value("--retry-delay")))
            .transpose()?
            .unwrap_or(DEFAULT_RETRY_DELAY);
        let max_time = max_time
            .map(|t| parse_duration(t).map_err(flag_value("--retry-max-time")))
            .transpose()?;
        Ok(RetryPolicy {
            retries,
            delay,
            max_time,
            all_errors,
            timeout,
        })
    }

    /// The total time retries may take, from the start of the first attempt.
    pub fn budget(&self) -> Duration {
        self.max_time.unwrap_or(DEFAULT_RETRY_MAX_TIME)
    }

    /// After attempt `made` failed in a way that may be retried, `elapsed` after the first began: the wait before
    /// the next attempt, or why none is made. `jitter` is in [0, 1).
    fn next(&self, made: u32, elapsed: Duration, retry_after: Option<Duration>, jitter: f64) -> Next {
        let wait = match retry_after {
            Some(asked) if self.timeout.is_some_and(|timeout| asked > timeout) => {
                return Next::Stop(format!(
                    "not retrying: Retry-After asks for {}, longer than --timeout",
                    human_duration(asked)
                ));
            }
            Some(asked) => asked,
            None => backoff_at(self.delay, made, jitter),
        };
        if elapsed.saturating_add(wait) > self.budget() {
            let default = match self.max_time {
                Some(_) => String::new(),
                None => format!(" ({} by default)", human_duration(DEFAULT_RETRY_MAX_TIME)),
            };
            return Next::Stop(format!(
                "not retrying: the next attempt would pass --retry-max-time{default}"
            ));
        }
        Next::Wait(wait)
    }
}

/// What follows an attempt that may be retried.
#[derive(Debug, PartialEq)]
enum Next {
    Wait(Duration),
    /// The note saying why not.
    Stop(String),
}

/// What an attempt produced, as far as retrying is concerned.
pub enum Attempt<'a> {
    Failed(&'a anyhow::Error),
    Answered(&'a reply::Judged),
    /// A streamed answer has begun: never sent again.
    Streaming,
}

/// Why an attempt's request may be sent again, or None when it may not: only when the function cannot have run (the
/// connection failed before sending, HTTP 429, a retry-safe code), or, with `all_errors`, after any failure.
pub fn retry_reason(attempt: Attempt, all_errors: bool) -> Option<String> {
    match attempt {
        Attempt::Streaming => None,
        Attempt::Failed(error) => {
            let failure = error.downcast_ref::<Failure>()?;
            match failure {
                Failure::Usage(_) => None,
                f if !f.may_have_run() || all_errors => Some(f.to_string()),
                _ => None,
            }
        }
        Attempt::Answered(judged) => {
            let verdict = &judged.verdict;
            if verdict.ok {
                return None;
            }
            let line = crate::answer::output::failure_line(verdict);
            let retry_safe = verdict.code.and_then(error_table::lookup).is_some_and(|e| e.retry_safe);
            let server_error = (500..600).contains(&verdict.status);
            (verdict.status == 429 || retry_safe || (all_errors && server_error)).then_some(line)
        }
    }
}

/// Runs `attempt` until it succeeds, its outcome may not be retried, or the policy runs out. `view` says what an
/// attempt produced. Returns the last outcome and how many attempts were made.
pub fn run<T>(
    policy: &RetryPolicy,
    ui: &Ui,
    mut attempt: impl FnMut() -> Result<T>,
    view: impl Fn(&T) -> Attempt,
) -> (Result<T>, u32) {
    let started = Instant::now();
    let mut made = 0;
    loop {
        let outcome = attempt();
        made += 1;
        if made > policy.retries {
            return (outcome, made);
        }
        let (reason, retry_after) = match &outcome {
            Ok(value) => {
                let seen = view(value);
                let retry_after = match &seen {
                    Attempt::Answered(judged) => judged.exchange.header("Retry-After").and_then(parse_retry_after),
                    _ => None,
                };
                (retry_reason(seen, policy.all_errors), retry_after)
            }
            Err(error) => (retry_reason(Attempt::Failed(error), policy.all_errors), None),
        };
        let Some(reason) = reason else {
            return (outcome, made);
        };
        let wait = match policy.next(made, started.elapsed(), retry_after, jitter()) {
            Next::Wait(wait) => wait,
            Next::Stop(why) => {
                ui.warn(&format!("{reason}; {why}"));
                return (outcome, made);
            }
        };
        ui.warn(&format!(
            "{reason}; retrying in {} (attempt {} of {})",
            human_duration(wait),
            made + 1,
            policy.retries + 1
        ));
        std::thread::sleep(wait);
    }
}

/// The wait before attempt `made + 1`: the delay doubled per attempt made, times a jitter between 0.75 and 1.25
/// (`jitter` in [0, 1) picks where), then capped at `RETRY_DELAY_CAP`. A delay at or above the cap is the wait
/// every time, as given.
fn backoff_at(delay: Duration, made: u32, jitter: f64) -> Duration {
    if delay >= RETRY_DELAY_CAP {
        return delay;
    }
    let doubled = delay.saturating_mul(1u32 << made.saturating_sub(1).min(16));
    let jittered = Duration::try_from_secs_f64(doubled.as_secs_f64() * (0.75 + jitter * 0.5)).unwrap_or(Duration::MAX);
    jittered.min(RETRY_DELAY_CAP)
}

/// A number in [0, 1) that differs from call to call; it spreads retries, it is not a secret.
fn jitter() -> f64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mixed = u64::from(nanos).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(std::process::id());
    (mixed >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` in seconds; an HTTP date is not honoured (the frontend sends seconds).
fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::http::{Exchange, Timings};
    use crate::exit::usage;

    fn reason(outcome: &Result<Exchange>, all: bool) -> Option<String> {
        match outcome {
            Ok(exchange) => retry_reason(Attempt::Answered(&reply::Judged::new(exchange.clone())), all),
            Err(error) => retry_reason(Attempt::Failed(error), all),
        }
    }

    fn answer(status: u16, code: Option<&str>) -> Result<Exchange> {
        let mut headers = vec![];
        if let Some(code) = code {
            headers.push(("x-inner-code".to_string(), code.to_string()));
        }
        Ok(Exchange {
            status,
            version: "HTTP/1.1",
            headers,
            body: Vec::new(),
            timings: Timings::default(),
        })
    }

    fn failure(sent: bool, timed_out: bool) -> Result<Exchange> {
        let message = "x".to_string();
        Err(if timed_out {
            Failure::TimedOut { message, sent }
        } else {
            Failure::Unreachable {
                message,
                sent,
                hint: None,
            }
        }
        .into())
    }

    #[test]
    fn retries_only_when_the_function_cannot_have_run() {
        assert!(reason(&answer(429, None), false).is_some());
        assert!(reason(&answer(500, Some("1002")), false).is_some());
        assert!(reason(&answer(500, Some("4002")), false).is_none());
        assert!(reason(&answer(500, Some("3003")), false).is_none());
        assert!(reason(&answer(502, None), false).is_none());
        assert!(reason(&answer(200, Some("0")), false).is_none());
        assert!(reason(&failure(false, false), false).is_some());
        assert!(reason(&failure(false, true), false).is_some());
        assert!(reason(&failure(true, true), false).is_none());
        assert!(reason(&failure(true, false), false).is_none());
        assert!(reason(&Err(usage("bad")), true).is_none());
    }

    #[test]
    fn all_errors_widens_it() {
        assert!(reason(&answer(500, Some("4002")), true).is_some());
        assert!(reason(&answer(502, None), true).is_some());
        assert!(reason(&failure(true, true), true).is_some());
        assert!(reason(&answer(400, Some("200400")), true).is_none());
    }

    const JITTERS: [f64; 4] = [0.0, 0.25, 0.5, 0.999_999];

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn policy(delay: Duration, max_time: Option<Duration>, timeout: Option<Duration>) -> RetryPolicy {
        RetryPolicy {
            retries: 100,
            delay,
            max_time,
            all_errors: false,
            timeout,
        }
    }

    #[test]
    fn backoff_doubles_with_jitter() {
        for made in 1..5 {
            let base = ms(100) * (1 << (made - 1));
            for jitter in JITTERS {
                let wait = backoff_at(ms(100), made, jitter);
                assert!(
                    wait >= base.mul_f64(0.75) && wait <= base.mul_f64(1.25),
                    "{made}: {wait:?}"
                );
            }
        }
        assert_eq!(backoff_at(ms(100), 1, 0.0), ms(75));
        assert_eq!(backoff_at(ms(100), 3, 0.5), ms(400));
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    /// Issue 17's suite case: `retry = 8` from 200 ms waited 200 ms … 12.8 s; the waits stop at the cap, jitter
    /// included, and so does any later attempt (no overflow however many).
    #[test]
    fn no_wait_passes_the_cap() {
        for made in 1..=40 {
            for jitter in JITTERS {
                let wait = backoff_at(ms(200), made, jitter);
                assert!(wait <= RETRY_DELAY_CAP, "attempt {made}, jitter {jitter}: {wait:?}");
            }
        }
        // 3.2 s times 0.75 to 1.25 is under the cap; 6.4 s times anything from 0.79 is at it.
        let highest_under = backoff_at(ms(200), 5, 0.999_999);
        assert!(
            highest_under > ms(3999) && highest_under < RETRY_DELAY_CAP,
            "{highest_under:?}"
        );
        assert_eq!(backoff_at(ms(200), 6, 0.1), RETRY_DELAY_CAP);
        assert_eq!(backoff_at(ms(200), 7, 0.0), RETRY_DELAY_CAP);
        assert_eq!(backoff_at(ms(4100), 1, 0.999_999), RETRY_DELAY_CAP);
        assert!(backoff_at(ms(4000), 1, 0.0) < RETRY_DELAY_CAP);
    }

    #[test]
    fn a_delay_above_the_cap_is_waited_as_given() {
        for made in [1, 2, 5, 30] {
            for jitter in JITTERS {
                assert_eq!(backoff_at(Duration::from_secs(8), made, jitter), Duration::from_secs(8));
                assert_eq!(backoff_at(RETRY_DELAY_CAP, made, jitter), RETRY_DELAY_CAP);
            }
        }
        let huge = Duration::from_secs(u64::MAX / 2);
        assert_eq!(backoff_at(huge, 3, 0.9), huge);
    }

    #[test]
    fn the_budget_bounds_the_retries_and_defaults_to_its_constant() {
        let p = policy(Duration::from_secs(1), None, None);
        assert_eq!(p.budget(), DEFAULT_RETRY_MAX_TIME);
        // From the start of the first attempt: a wait that ends exactly at the budget is made, one past it is not.
        assert_eq!(
            p.next(2, DEFAULT_RETRY_MAX_TIME - ms(2000), None, 0.5),
            Next::Wait(ms(2000)),
        );
        assert_eq!(
            p.next(2, DEFAULT_RETRY_MAX_TIME - ms(1999), None, 0.5),
            Next::Stop("not retrying: the next attempt would pass --retry-max-time (1m by default)".into()),
        );
        let p = policy(Duration::from_secs(1), Some(ms(1500)), None);
        assert_eq!(p.next(1, ms(400), None, 0.5), Next::Wait(ms(1000)));
        assert_eq!(
            p.next(1, ms(600), None, 0.5),
            Next::Stop("not retrying: the next attempt would pass --retry-max-time".into()),
        );
        // The defaults are the ones RetryPolicy::new gives, which invoke and yr test both call.
        let built = RetryPolicy::new(2, None, None, false, None).unwrap();
        assert_eq!(
            (built.delay, built.budget()),
            (DEFAULT_RETRY_DELAY, DEFAULT_RETRY_MAX_TIME)
        );
        let built = RetryPolicy::new(2, Some("200ms"), Some("10s"), true, None).unwrap();
        assert_eq!((built.delay, built.budget()), (ms(200), Duration::from_secs(10)));
        assert!(RetryPolicy::new(2, Some("x"), None, false, None).is_err());
    }

    #[test]
    fn retry_after_never_outlives_the_timeout_or_the_budget() {
        let asked = Some(Duration::from_secs(30));
        let p = policy(ms(100), None, Some(Duration::from_secs(900)));
        // The server's wait replaces the backoff, cap or not.
        assert_eq!(
            p.next(1, Duration::ZERO, asked, 0.5),
            Next::Wait(Duration::from_secs(30))
        );
        assert_eq!(
            p.next(1, Duration::from_secs(31), asked, 0.5),
            Next::Stop("not retrying: the next attempt would pass --retry-max-time (1m by default)".into()),
        );
        let p = policy(ms(100), Some(Duration::from_secs(3600)), Some(Duration::from_secs(10)));
        assert_eq!(
            p.next(1, Duration::ZERO, asked, 0.5),
            Next::Stop("not retrying: Retry-After asks for 30s, longer than --timeout".into()),
        );
        assert_eq!(
            p.next(1, Duration::ZERO, Some(Duration::from_secs(10)), 0.5),
            Next::Wait(Duration::from_secs(10))
        );
        // --timeout 0 waits for ever: only the budget bounds it.
        let p = policy(ms(100), Some(Duration::from_secs(3600)), None);
        assert_eq!(
            p.next(1, Duration::ZERO, asked, 0.5),
            Next::Wait(Duration::from_secs(30))
        );
    }
}
