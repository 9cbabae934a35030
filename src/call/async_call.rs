//! Asynchronous calls: the request id from a 202, and polling the result route until the call is done.

use std::time::{Duration, Instant};

use anyhow::Result;
use base64::Engine;
use serde_json::Value;

use crate::answer::output::Ui;
use crate::answer::reply::{self, Judged, Verdict};
use crate::call::send;
use crate::call::wait::Wait;
use crate::client::body::WireBody;
use crate::client::http::{Client, Exchange, Timings, WireRequest};
use crate::error_table::{self, ErrorClass};
use crate::exit::Failure;
use crate::wording::human_duration;

pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The longest request id yr takes from a 202. The frontend's are UUIDs (36 characters); the id goes into every
/// poll's path, and one that could not be sent there is the frontend's fault, not the user's headers'.
pub const REQUEST_ID_LIMIT: usize = 1024;

/// How much of a body an error message quotes.
const QUOTED_BODY: usize = 200;

/// The request id of an accepted asynchronous call.
pub fn request_id(exchange: &Exchange) -> Result<String> {
    let id = serde_json::from_slice::<Value>(&exchange.body)
        .ok()
        .and_then(|v| v.get("requestId").and_then(Value::as_str).map(str::to_string))
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            let text = String::from_utf8_lossy(&exchange.body);
            let mut body: String = text.chars().take(QUOTED_BODY).collect();
            if text.chars().count() > QUOTED_BODY {
                body.push('…');
            }
            Failure::BadAnswer(format!(
                "the frontend accepted the call (202) but sent no requestId: {body}"
            ))
        })?;
    if id.len() > REQUEST_ID_LIMIT {
        return Err(Failure::BadAnswer(format!(
            "the frontend accepted the call (202) but its requestId is {} bytes, more than the {REQUEST_ID_LIMIT} a \
             request id may have",
            id.len()
        ))
        .into());
    }
    Ok(id)
}

/// Where a call stands.
pub enum Progress {
    /// `pending` or `running`.
    Running(String),
    /// The answer the synchronous call would have given, and the verdict on it; or the result route's own answer
    /// when it refused to say (an unknown id, a refused token, a failing store), judged as any answer is.
    Done(Box<Finished>),
}

/// A finished call (its recorded answer as if it had come back synchronously), or the result route's refusal.
pub struct Finished {
    pub exchange: Exchange,
    pub verdict: Verdict,
    /// How long the call took by the frontend's clock: from `createdAt` to `completedAt` of its record.
    pub ran: Option<Duration>,
    /// The record's status (`completed`, `failed`); None when the result route refused to say.
    pub state: Option<&'static str>,
}

/// One look at the result route.
pub fn poll(client: &Client, id: &str, headers: &[(String, String)], limit: Option<Duration>) -> Result<Progress> {
    let request = WireRequest {
        method: "GET",
        path: result_path(id),
        headers: headers.to_vec(),
        body: WireBody::EMPTY,
    };
    progress(send::once(client, &request, limit)?, id)
}

/// The result route of request `id`, which every poll asks.
pub fn result_path(id: &str) -> String {
    format!(
        "/serverless/v1/functions/async-results/{}",
        crate::urn::percent_encode_segment(id)
    )
}

/// Where a call stands, by the result route's answer (judged as any answer is): how `yr result`, `--wait` and
/// `yr bench --async` read a poll.
pub fn progress(judged: Judged, id: &str) -> Result<Progress> {
    let Judged { exchange, mut verdict } = judged;
    if exchange.status != 200 {
        if exchange.status == 404 && verdict.code.is_none() {
            let said = verdict.message.as_deref().unwrap_or_default();
            verdict.message = Some(format!("no result for request {id}: {said}"));
            verdict.lines = Vec::new();
        }
        return Ok(Progress::Done(Box::new(Finished {
            exchange,
            verdict,
            ran: None,
            state: None,
        })));
    }
    let Ok(record) = serde_json::from_slice::<Value>(&exchange.body) else {
        return Err(Failure::BadAnswer(format!("the result of {id} is not JSON")).into());
    };
    let status = record.get("status").and_then(Value::as_str).unwrap_or("");
    match status {
        "completed" => Ok(Progress::Done(Box::new(finished(&record, id, false)?))),
        "failed" => Ok(Progress::Done(Box::new(finished(&record, id, true)?))),
        other => Ok(Progress::Running(if other.is_empty() {
            "unknown".into()
        } else {
            other.to_string()
        })),
    }
}

/// The recorded answer as if it had come back synchronously (`AsyncResult` in upstream
/// `asyncinvocation/store.go`, filled by `AsyncInvokeHandler` in `api/v1/async_invoke.go`): `statusCode` is the
/// status the synchronous call would have had, `respHeaders` its headers (Go's canonical names), `respBody` its
/// body in base64 (Go's encoding of `[]byte`). Upstream omits each of them when empty, and a call that panicked
/// is recorded with only `error` ("internal panic"). A `failed` record is a failure whatever its status says: it
/// is judged as its answer would be, its message falling back to `error` when the body says nothing.
fn finished(record: &Value, id: &str, failed: bool) -> Result<Finished> {
    let status = record
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| *s != 0)
        // No status recorded: what the synchronous call would have answered (a recovered panic is a 500).
        .unwrap_or(if failed { 500 } else { 200 });
    let headers = match record.get("respHeaders") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(name, value)| {
                let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
                (name.to_ascii_lowercase(), text)
            })
            .collect(),
        _ => Vec::new(),
    };
    let encoded = record.get("respBody").and_then(Value::as_str).unwrap_or("");
    let body = match base64::engine::general_purpose::STANDARD.decode(encoded.trim()) {
        Ok(body) => body,
        // A failure's body is shown whatever it is; a result that cannot be decoded is not printed as one.
        Err(_) if failed => encoded.as_bytes().to_vec(),
        Err(e) => {
            return Err(
                Failure::BadAnswer(format!("the result of {id} has a respBody that is not base64: {e}")).into(),
            );
        }
    };
    let error = record
        .get("error")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|e| !e.is_empty());
    let exchange = Exchange {
        status,
        version: "HTTP/1.1",
        headers,
        body,
        timings: Timings::default(),
    };
    let mut verdict = reply::judge(&exchange);
    if failed {
        let body_says_nothing = exchange.body.iter().all(u8::is_ascii_whitespace);
        if verdict.ok {
            verdict.ok = false;
            verdict.class = verdict
                .code
                .map(|c| error_table::class_of(c, 500))
                .filter(|c| *c != ErrorClass::Ok)
                .unwrap_or(ErrorClass::Platform);
            let (message, lines) = match error {
                Some(error) => (error.to_string(), reply::message_lines(error)),
                None if body_says_nothing => (
                    "the call failed; its record holds no error text".to_string(),
                    Vec::new(),
                ),
                None => {
                    let parsed = reply::ErrorBody::parse(&exchange.body, exchange.header("Content-Type"));
                    (parsed.message, parsed.lines)
                }
            };
            verdict.message = Some(message);
            verdict.lines = lines;
        } else if body_says_nothing {
            verdict.message = Some(
                error
                    .unwrap_or("the call failed; its record holds no error body or text")
                    .to_string(),
            );
            verdict.lines = error.map(reply::message_lines).unwrap_or_default();
        }
    }
    let at = |key: &str| record.get(key).and_then(Value::as_str).and_then(rfc3339_nanos);
    let ran = match (at("createdAt"), at("completedAt")) {
        (Some(created), Some(completed)) if completed >= created => {
            u64::try_from(completed - created).ok().map(Duration::from_nanos)
        }
        _ => None,
    };
    let state = Some(if failed { "failed" } else { "completed" });
    Ok(Finished {
        exchange,
        verdict,
        ran,
        state,
    })
}

/// Nanoseconds since 1970 of a time as Go's `time.Time` writes it in JSON (RFC 3339, `2026-12-01T07:48:16.664685912Z`
/// or with an offset such as `+08:00`); None for anything else.
fn rfc3339_nanos(text: &str) -> Option<i128> {
    let number = |part: &str| -> Option<i64> {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (date, time) = text.split_once(['T', 't'])?;
    let mut ymd = date.splitn(3, '-');
    let (year, month, day) = (number(ymd.next()?)?, number(ymd.next()?)?, number(ymd.next()?)?);
    let (clock, offset) = match time.strip_suffix(['Z', 'z']) {
        Some(clock) => (clock, 0),
        None => {
            let at = time.rfind(['+', '-'])?;
            let (hours, minutes) = time[at + 1..].split_once(':')?;
            let sign = if time.as_bytes()[at] == b'-' { -1 } else { 1 };
            (&time[..at], sign * (number(hours)? * 3600 + number(minutes)? * 60))
        }
    };
    let (whole, fraction) = match clock.split_once('.') {
        Some((_, "")) => return None,
        Some(parts) => parts,
        None => (clock, ""),
    };
    let mut hms = whole.splitn(3, ':');
    let (hour, minute, second) = (number(hms.next()?)?, number(hms.next()?)?, number(hms.next()?)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let nanos = if fraction.is_empty() {
        0
    } else {
        let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
        if fraction.len() > 9 || number(fraction).is_none() {
            return None;
        }
        number(&digits)?
    };
    // Days from 1970-01-01 to the date (the proleptic Gregorian calendar), as in Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(i128::from(seconds) * 1_000_000_000 + i128::from(nanos))
}

/// Polls until the call is done or `limit` has passed (a time-out naming the request id), the last poll at its end.
pub fn wait(
    client: &Client,
    id: &str,
    headers: &[(String, String)],
    interval: Duration,
    limit: Option<Duration>,
    ui: &Ui,
) -> Result<Finished> {
    wait_showing(client, id, headers, interval, limit, None, ui)
}

/// As `wait`, for the person at a terminal: with `since` (when the call was sent, or the wait began) a spinner on
/// stderr says which request it waits for and for how long. `yr test` runs cases side by side and waits silently.
pub fn wait_showing(
    client: &Client,
    id: &str,
    headers: &[(String, String)],
    interval: Duration,
    limit: Option<Duration>,
    since: Option<Instant>,
    ui: &Ui,
) -> Result<Finished> {
    let wait = Wait::new(limit);
    let mut last = String::new();
    let spinner = match since {
        Some(since) => ui.spinner(&format!("request {id}"), since),
        None => crate::answer::output::Spinner::none(),
    };
    let still_running = |last: &str| {
        let waited = limit.map(human_duration).unwrap_or_default();
        let last = if last.is_empty() { "running" } else { last };
        let message =
            format!("request {id} was still {last} after {waited} (--timeout); it goes on: see `yr result {id}`");
        anyhow::Error::from(Failure::TimedOut { message, sent: true })
    };
    loop {
        let progress = match poll(client, id, headers, wait.bound(client.connection().timeout.value)) {
            Ok(progress) => progress,
            // The wait's end cut a look short: the request was accepted and was running at the last look, so the
            // wait timed out on it, not on an unanswering frontend.
            Err(error)
                if wait.left().is_some_and(|left| left.is_zero())
                    && crate::exit::Class::of_error(&error) == crate::exit::Class::Timeout =>
            {
                return Err(still_running(&last));
            }
            Err(error) => return Err(error),
        };
        match progress {
            Progress::Done(finished) => return Ok(*finished),
            Progress::Running(status) => {
                if status != last {
                    spinner.say(&format!("request {id} {status}"));
                    spinner.aside(|| {
                        ui.trace(
                            crate::answer::output::Verbosity::Headers,
                            &format!("* request {id}: {status}\n"),
                        )
                    });
                    last = status;
                }
            }
        }
        if !wait.pause(interval) {
            return Err(still_running(&last));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_go_writes_them() {
        let second = 1_000_000_000i128;
        assert_eq!(rfc3339_nanos("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            rfc3339_nanos("1970-01-02T00:00:01.5Z"),
            Some(86_401 * second + second / 2)
        );
        assert_eq!(
            rfc3339_nanos("2026-12-01T07:48:16.664685912Z"),
            Some(1_796_111_296 * second + 664_685_912)
        );
        assert_eq!(
            rfc3339_nanos("2026-12-01T15:48:16.664685912+08:00"),
            rfc3339_nanos("2026-12-01T07:48:16.664685912Z")
        );
        assert_eq!(
            rfc3339_nanos("2000-03-01T00:00:00-01:30"),
            Some((951_868_800 + 5400) * second)
        );
        for bad in [
            "",
            "2026-12-01",
            "2026-13-01T00:00:00Z",
            "2026-12-01T00:00:00",
            "2026-12-01T00:00:00.Z",
            "x-1-1T0:0:0Z",
            "2026-12-01T00:00:00.1234567890Z",
        ] {
            assert_eq!(rfc3339_nanos(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_record_says_how_long_its_call_ran() {
        let record: Value = serde_json::from_str(
            r#"{"status":"completed","statusCode":200,"respBody":"e30=","createdAt":"2026-12-01T07:48:16.664685912Z","completedAt":"2026-12-01T07:48:17.675239342Z"}"#,
        )
        .unwrap();
        assert_eq!(
            finished(&record, "a", false).unwrap().ran,
            Some(Duration::from_nanos(1_010_553_430))
        );
        let record: Value =
            serde_json::from_str(r#"{"status":"completed","respBody":"e30=","createdAt":"2026-12-01T07:48:16Z"}"#)
                .unwrap();
        assert_eq!(finished(&record, "a", false).unwrap().ran, None);
    }
}
