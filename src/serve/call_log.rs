//! What the request log learns of a call besides its answer's head: the trace of an SSE answer, and for a stream
//! or an asynchronous call, how it ended, sent later (both ride on the response as hyper extensions); and the
//! request's and the answer's heads as `-v` shows them, the token redacted.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use hyper::{Method, Request, Response};
use tokio::sync::oneshot;

use super::log::{self, Kind, RequestLog};
use super::reply_body::ReplyBody;

/// The trace id of an answer framed as SSE, which carries none in its headers.
#[derive(Clone)]
pub struct SseTrace(pub String);

/// Left on an answer whose log line must wait: a stream's end, or an asynchronous call's (after its 202).
#[derive(Clone)]
pub struct Later {
    pub kind: Kind,
    pub request_id: Option<String>,
    // A response extension must be Clone; the receiver is taken out once.
    receiver: Arc<std::sync::Mutex<Option<oneshot::Receiver<Outcome>>>>,
}

/// How a deferred call ended, for its log line.
#[derive(Debug, Default)]
pub struct Outcome {
    pub status: Option<u16>,
    pub code: Option<i64>,
    pub trace: Option<String>,
    pub stderr: Option<String>,
    pub body: Option<Bytes>,
    pub note: Option<&'static str>,
}

impl Outcome {
    /// What an answer says (its status, headers and body), as the log reads it from a response.
    pub fn of(status: u16, headers: &[(&'static str, String)], body: &Bytes) -> Outcome {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let code = header("X-Inner-Code").and_then(|c| c.parse::<i64>().ok());
        let failing = log::failing(status, code);
        Outcome {
            status: Some(status),
            code,
            trace: None,
            stderr: header("X-Log-Result"),
            body: failing.then(|| body.clone()),
            note: None,
        }
    }

    fn fill(self, call: &mut log::Call) {
        if let Some(status) = self.status {
            call.status = status;
        }
        call.code = self.code;
        call.trace = self.trace.or(call.trace.take());
        call.stderr = self.stderr;
        call.body = self.body;
        call.note = self.note;
    }
}

/// The sending end of a `Later`: whatever happens, the log hears how the call ended (`fallback` when it is dropped
/// unsent).
pub struct Deferred {
    sender: Option<oneshot::Sender<Outcome>>,
    fallback: &'static str,
}

impl Deferred {
    /// A `Later` for an answer and its sending end, or neither when nothing is logged.
    pub fn pair(
        logging: bool,
        kind: Kind,
        request_id: Option<String>,
        fallback: &'static str,
    ) -> (Option<Later>, Option<Deferred>) {
        if !logging {
            return (None, None);
        }
        let (sender, receiver) = oneshot::channel();
        let later = Later {
            kind,
            request_id,
            receiver: Arc::new(std::sync::Mutex::new(Some(receiver))),
        };
        let deferred = Deferred {
            sender: Some(sender),
            fallback,
        };
        (Some(later), Some(deferred))
    }

    pub fn send(mut self, outcome: Outcome) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(outcome);
        }
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(Outcome {
                note: Some(self.fallback),
                ..Outcome::default()
            });
        }
    }
}

/// Logs a call from its answer: at once, or, when the answer carries a `Later` (a stream, an asynchronous call),
/// when the call ends.
pub fn record(
    log: &Arc<RequestLog>,
    mut response: Response<ReplyBody>,
    started: Instant,
    method: Method,
    what: Arc<str>,
    (request_head, traceparent): (Option<Vec<(String, String)>>, Option<String>),
) -> Response<ReplyBody> {
    let later = response.extensions_mut().remove::<Later>();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let status = response.status().as_u16();
    let code = response
        .headers()
        .get("x-inner-code")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.parse::<i64>().ok());
    let failing = log::failing(status, code);
    let body = match response.body() {
        ReplyBody::Full(bytes) | ReplyBody::Chunked(bytes) if failing => Some(bytes.clone()),
        _ => None,
    };
    let mut call = log::Call {
        status,
        code,
        elapsed: started.elapsed(),
        trace: header("x-trace-id").or_else(|| response.extensions().get::<SseTrace>().map(|t| t.0.clone())),
        traceparent,
        request_id: later.as_ref().and_then(|l| l.request_id.clone()),
        // Shown under a failing call, or at -v.
        stderr: (failing || log.shows_headers())
            .then(|| header("x-log-result"))
            .flatten(),
        body,
        request_head,
        response_head: log.shows_headers().then(|| response_head(&response)),
        ..log::Call::new(Kind::Answered, method, what)
    };
    let Some(later) = later else {
        log.call(call);
        return response;
    };
    let receiver = later.receiver.lock().unwrap_or_else(|p| p.into_inner()).take();
    if later.kind == Kind::AsyncDone {
        // The 202 now, and the call's end when it comes.
        let done = log::Call {
            request_id: call.request_id.clone(),
            ..log::Call::new(Kind::AsyncDone, call.method.clone(), call.what.clone())
        };
        log.call(std::mem::replace(&mut call, done));
    }
    let log = log.clone();
    tokio::spawn(async move {
        let Some(receiver) = receiver else { return };
        if let Ok(outcome) = receiver.await {
            call.kind = later.kind;
            call.elapsed = started.elapsed();
            outcome.fill(&mut call);
            log.call(call);
        }
    });
    response
}

/// The request line and headers as `-v` shows them, the token redacted.
pub fn request_head<B>(request: &Request<B>) -> Vec<(String, String)> {
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |p| redact_query(p.as_str()));
    let mut head = vec![(
        request.method().to_string(),
        format!("{target} {:?}", request.version()),
    )];
    for (name, value) in request.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        head.push((title_case(name.as_str()), shown_value(name.as_str(), &value)));
    }
    head
}

/// The status line and headers the emulator set (hyper adds Date and Content-Length or Transfer-Encoding), the token
/// redacted.
fn response_head(response: &Response<ReplyBody>) -> Vec<(String, String)> {
    let status = response.status();
    let mut head = vec![(
        "HTTP/1.1".to_string(),
        format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or("")),
    )];
    for (name, value) in response.headers() {
        // `/auth/token/require` answers with the token it issued in X-Auth.
        let value = String::from_utf8_lossy(value.as_bytes());
        head.push((title_case(name.as_str()), shown_value(name.as_str(), &value)));
    }
    head
}

/// Header names as Go writes them: `x-inner-code` is `X-Inner-Code`.
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

/// A header's value as the log shows it: `X-Auth`, `Authorization` and the `iam_token` cookie redacted.
fn shown_value(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("authorization") {
        return "<redacted>".into();
    }
    if name.eq_ignore_ascii_case("cookie") {
        return value
            .split(';')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.trim() == "iam_token" => format!("{key}=<redacted>"),
                _ => pair.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";");
    }
    crate::answer::output::shown_header_value(name, value).to_string()
}

/// A request target with the value of `token=` redacted.
fn redact_query(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_string();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("token", _)) => "token=<redacted>".to_string(),
            _ => pair.to_string(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}
