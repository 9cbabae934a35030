//! Asynchronous calls: the request id from a 202, and polling the result route until the call is done.

use std::time::{Duration, Instant};

use anyhow::Result;
use base64::Engine;
use serde_json::Value;

use crate::body::WireBody;
use crate::error_table::{self, ErrorClass};
use crate::exit::Failure;
use crate::http::{self, Exchange, Timings, WireRequest};
use crate::output::Ui;
use crate::reply::{self, Verdict};
use crate::settings::Connection;
use crate::wording::human_duration;

pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The request id of an accepted asynchronous call.
pub fn request_id(exchange: &Exchange) -> Result<String> {
    serde_json::from_slice::<Value>(&exchange.body)
        .ok()
        .and_then(|v| v.get("requestId").and_then(Value::as_str).map(str::to_string))
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            let body = String::from_utf8_lossy(&exchange.body).into_owned();
            Failure::BadAnswer(format!(
                "the frontend accepted the call (202) but sent no requestId: {body}"
            ))
            .into()
        })
}

/// Where a call stands.
pub enum Progress {
    /// `pending` or `running`.
    Running(String),
    /// The answer the synchronous call would have given, and the verdict on it.
    Done(Finished),
}

/// A finished call: its recorded answer as if it had come back synchronously.
pub struct Finished {
    pub exchange: Exchange,
    pub verdict: Verdict,
}

/// One look at the result route.
pub fn poll(connection: &Connection, id: &str, headers: &[(String, String)]) -> Result<Progress> {
    let path = format!(
        "/serverless/v1/functions/async-results/{}",
        crate::urn::percent_encode_segment(id)
    );
    let request = WireRequest {
        method: "GET",
        path,
        headers: headers.to_vec(),
        body: WireBody::EMPTY,
    };
    let exchange = http::exchange(connection, &request)?;
    let record: Option<Value> = serde_json::from_slice(&exchange.body).ok();
    let error_text = || {
        record
            .as_ref()
            .and_then(|r| r.get("error").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| String::from_utf8_lossy(&exchange.body).trim().to_string())
    };
    match exchange.status {
        200 => {}
        404 => {
            return Err(Failure::Rejected(format!(
                "no result for request {id}: {} (unknown, or expired: the frontend keeps results 60 minutes)",
                error_text()
            ))
            .into());
        }
        status => {
            return Err(
                Failure::BadAnswer(format!("the result route answered HTTP {status}: {}", error_text())).into(),
            );
        }
    }
    let Some(record) = record else {
        return Err(Failure::BadAnswer(format!("the result of {id} is not JSON")).into());
    };
    let status = record.get("status").and_then(Value::as_str).unwrap_or("");
    match status {
        "completed" => Ok(Progress::Done(finished(&record, id, false)?)),
        "failed" => Ok(Progress::Done(finished(&record, id, true)?)),
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
    Ok(Finished { exchange, verdict })
}

/// Polls until the call is done or `limit` has passed (a time-out naming the request id).
pub fn wait(
    connection: &Connection,
    id: &str,
    headers: &[(String, String)],
    interval: Duration,
    limit: Option<Duration>,
    ui: &Ui,
) -> Result<Finished> {
    let started = Instant::now();
    let mut last = String::new();
    loop {
        match poll(connection, id, headers)? {
            Progress::Done(finished) => return Ok(finished),
            Progress::Running(status) => {
                if status != last {
                    ui.trace(
                        crate::output::Verbosity::Headers,
                        &format!("* request {id}: {status}\n"),
                    );
                    last = status;
                }
            }
        }
        if limit.is_some_and(|limit| started.elapsed() + interval > limit) {
            let waited = limit.map(human_duration).unwrap_or_default();
            let message =
                format!("request {id} was still {last} after {waited} (--timeout); it goes on: see `yr result {id}`");
            return Err(Failure::TimedOut { message, sent: true }.into());
        }
        std::thread::sleep(interval);
    }
}
