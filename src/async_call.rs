//! Asynchronous calls: the request id from a 202, and polling the result route until the call is done.

use std::time::{Duration, Instant};

use anyhow::Result;
use base64::Engine;
use serde_json::Value;

use crate::exit::Failure;
use crate::http::{self, Exchange, Timings, WireBody, WireRequest};
use crate::output::{Ui, human_duration};
use crate::settings::Connection;

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
    /// The answer the synchronous call would have given.
    Done(Exchange),
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
        "completed" | "failed" => Ok(Progress::Done(finished_exchange(&record, id)?)),
        other => Ok(Progress::Running(if other.is_empty() {
            "unknown".into()
        } else {
            other.to_string()
        })),
    }
}

/// The recorded answer as if it had come back synchronously.
fn finished_exchange(record: &Value, id: &str) -> Result<Exchange> {
    let status = record
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(500);
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
    let body = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|e| Failure::BadAnswer(format!("the result of {id} has a respBody that is not base64: {e}")))?;
    Ok(Exchange {
        status,
        version: "HTTP/1.1",
        headers,
        body,
        timings: Timings::default(),
    })
}

/// Polls until the call is done or `limit` has passed (a time-out naming the request id).
pub fn wait(
    connection: &Connection,
    id: &str,
    headers: &[(String, String)],
    interval: Duration,
    limit: Option<Duration>,
    ui: &Ui,
) -> Result<Exchange> {
    let started = Instant::now();
    let mut last = String::new();
    loop {
        match poll(connection, id, headers)? {
            Progress::Done(exchange) => return Ok(exchange),
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
