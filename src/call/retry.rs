//! Retries that never run a function twice: the one decision of whether an outcome may be sent again, and the
//! backoff between attempts.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::reply;
use crate::error_table;
use crate::exit::{Failure, bad_value};
use crate::values::parse_duration;
use crate::wording::human_duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts after the first.
    pub retries: u32,
    pub delay: Duration,
    pub max_time: Option<Duration>,
    pub all_errors: bool,
}

impl RetryPolicy {
    /// --retry N, --retry-delay, --retry-max-time and --retry-all-errors (from the command line or a suite file),
    /// the durations checked; a bad one is a usage error naming its flag.
    pub fn new(retries: u32, delay: &str, max_time: Option<&str>, all_errors: bool) -> Result<RetryPolicy> {
        let delay = parse_duration(delay).map_err(bad_value("--retry-delay"))?;
        let max_time = max_time
            .map(|t| parse_duration(t).map_err(bad_value("--retry-max-time")))
            .transpose()?;
        Ok(RetryPolicy {
            retries,
            delay,
            max_time,
            all_errors,
        })
    }
}

/// What an attempt produced, as far as retrying is concerned.
pub enum Outcome<'a> {
    Failed(&'a anyhow::Error),
    Answered(&'a reply::Judged),
    /// A streamed answer has begun: never sent again.
    Streaming,
}

/// Why an outcome may be sent again, or None when it may not: only when the function cannot have run (the
/// connection failed before sending, HTTP 429, a retry-safe code), or, with `all_errors`, after any failure.
pub fn retry_reason(outcome: Outcome, all_errors: bool) -> Option<String> {
    match outcome {
        Outcome::Streaming => None,
        Outcome::Failed(error) => {
            let failure = error.downcast_ref::<Failure>()?;
            match failure {
                Failure::Usage(_) => None,
                f if !f.may_have_run() || all_errors => Some(f.to_string()),
                _ => None,
            }
        }
        Outcome::Answered(judged) => {
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
    view: impl Fn(&T) -> Outcome,
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
                    Outcome::Answered(judged) => judged.exchange.header("Retry-After").and_then(parse_retry_after),
                    _ => None,
                };
                (retry_reason(seen, policy.all_errors), retry_after)
            }
            Err(error) => (retry_reason(Outcome::Failed(error), policy.all_errors), None),
        };
        let Some(reason) = reason else {
            return (outcome, made);
        };
        let wait = retry_after.unwrap_or_else(|| backoff(policy.delay, made));
        if policy.max_time.is_some_and(|max| started.elapsed() + wait > max) {
            ui.warn(&format!(
                "{reason}; not retrying: the next attempt would pass --retry-max-time"
            ));
            return (outcome, made);
        }
        ui.warn(&format!(
            "{reason}; retrying in {} (attempt {} of {})",
            human_duration(wait),
            made + 1,
            policy.retries + 1
        ));
        std::thread::sleep(wait);
    }
}

/// The wait before attempt `made + 1`: the delay doubled per attempt made, times a jitter between 0.75 and 1.25.
pub fn backoff(delay: Duration, made: u32) -> Duration {
    let doubled = delay.saturating_mul(1u32 << (made - 1).min(16));
    doubled.mul_f64(0.75 + jitter() * 0.5)
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
    value
        .trim()
        .parse::<u64>()
        .ok()
        .map(|s| Duration::from_secs(s.min(3600)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::http::{Exchange, Timings};
    use crate::exit::usage;

    fn reason(outcome: &Result<Exchange>, all: bool) -> Option<String> {
        match outcome {
            Ok(exchange) => retry_reason(Outcome::Answered(&reply::Judged::new(exchange.clone())), all),
            Err(error) => retry_reason(Outcome::Failed(error), all),
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

    #[test]
    fn backoff_doubles_with_jitter() {
        for made in 1..5 {
            let base = Duration::from_millis(100) * (1 << (made - 1));
            let wait = backoff(Duration::from_millis(100), made);
            assert!(
                wait >= base.mul_f64(0.75) && wait <= base.mul_f64(1.25),
                "{made}: {wait:?}"
            );
        }
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
