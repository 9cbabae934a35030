//! Answers shaped and framed as upstream (gin on Go's net/http) writes them: the processing context's answer,
//! `writeHTTPResponse` with its SSE framing, gin's JSON and text answers, net/http's own 400 and 404, and the 401
//! of token auth.

use base64::Engine;
use bytes::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Response, StatusCode, Version};

use crate::error_table::code;

use super::call_log::{Outcome, SseTrace};
use super::checks::Refusal;
use super::functions::Finished;
use super::reply_body::ReplyBody;
use super::rules::{self, first};
use super::{auth, gojson};

/// What gin's `ctx.JSON` and `ctx.String` send as Content-Type.
pub const GIN_JSON: &str = "application/json; charset=utf-8";
const GIN_TEXT: &str = "text/plain; charset=utf-8";

/// What the frontend's processing context holds once a step has answered (`InvokeProcessContext`): status, the
/// response headers it set, the body, and the Go error the invoker chain returned (an async record's `error`).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
    pub error: Option<String>,
}

impl Answer {
    /// `SetResponseFromFrontend`: the code's status, `X-Inner-Code`, `{"code","message","trace_id"}` and no
    /// Content-Type.
    pub fn frontend(code: i64, message: &str, trace: &str, error: Option<&str>) -> Answer {
        let mut members = vec![("code", code.to_string()), ("message", gojson::string(message))];
        if !trace.is_empty() {
            members.push(("trace_id", gojson::string(trace)));
        }
        Answer {
            status: rules::http_status(code),
            headers: vec![("X-Inner-Code", code.to_string())],
            body: Bytes::from(gojson::object(&members)),
            error: error.map(str::to_string),
        }
    }

    /// A refusal of the checks, answered by the frontend.
    pub fn refused(refusal: Refusal, trace: &str) -> Answer {
        Answer::frontend(refusal.code, &refusal.message, trace, Some(&refusal.error))
    }

    /// A finished call as `SetResponseFromInvocation` sets it: `Content-Type: application/json`, the inner code,
    /// the log tail, summary and billed time; the result, or `{"code","message"}` (no trace_id: the runtime raised
    /// it). The chain returns no error either way.
    pub fn from_finished(finished: &Finished) -> Answer {
        let billed = finished.duration.as_millis().max(1).to_string();
        let (code, body) = match &finished.result {
            Ok(body) => (code::SUCCESS, body.clone()),
            Err(failure) => {
                let members = [
                    ("code", failure.code.to_string()),
                    ("message", gojson::string(&failure.message)),
                ];
                (failure.code, Bytes::from(gojson::object(&members)))
            }
        };
        Answer {
            status: rules::http_status(code),
            headers: vec![
                ("Content-Type", "application/json".into()),
                ("X-Inner-Code", code.to_string()),
                (
                    "X-Log-Result",
                    base64::engine::general_purpose::STANDARD.encode(&finished.log),
                ),
                ("X-Invoke-Summary", format!("{{\"duration_ms\":{billed}}}")),
                ("X-Billing-Duration", billed),
            ],
            body,
            error: None,
        }
    }

    /// What the answer says, for the log of a call that ends after its response.
    pub fn outcome(&self) -> Outcome {
        Outcome::of(self.status, &self.headers, &self.body)
    }
}

/// How one invocation is to be answered.
pub struct Reply {
    /// `Accept: text/event-stream` (exactly): every answer after the headers were read is framed as SSE.
    pub sse: bool,
    pub trace: Vec<u8>,
    /// The request lets the connection stay open.
    pub keep_alive: bool,
    /// Close the connection after the answer: the body was not read (over the limit by its Content-Length), or it
    /// failed to read.
    pub close: bool,
}

/// `writeHTTPResponse` (api/v1/invoke.go): the context's headers and status, then either the body with
/// `X-Trace-Id`, or — with `Accept: text/event-stream` — the body as one `data:` frame and `data: [DONE]` with the
/// SSE headers and no `X-Trace-Id`.
pub fn write_answer(answer: Answer, reply: &Reply) -> Response<ReplyBody> {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers: Vec<(&'static str, Vec<u8>)> = answer
        .headers
        .into_iter()
        .map(|(name, value)| (name, value.into_bytes()))
        .collect();
    let mut response = if reply.sse {
        let mut body = Vec::with_capacity(answer.body.len() + 32);
        // SSEWrite skips empty data.
        if !answer.body.is_empty() {
            body.extend_from_slice(&sse_frame(&answer.body));
        }
        body.extend_from_slice(b"data: [DONE]\n\n");
        let mut response = Response::new(ReplyBody::Chunked(Bytes::from(body)));
        *response.status_mut() = status;
        for (name, value) in &headers {
            set(response.headers_mut(), name, value);
        }
        sse_headers(response.headers_mut(), reply.keep_alive);
        // No X-Trace-Id on an SSE answer: the log still names the trace.
        response
            .extensions_mut()
            .insert(SseTrace(String::from_utf8_lossy(&reply.trace).into_owned()));
        response
    } else {
        let mut headers = headers;
        if !reply.trace.is_empty() {
            headers.push(("X-Trace-Id", reply.trace.clone()));
        }
        go_response(status, headers, answer.body)
    };
    if reply.close {
        set(response.headers_mut(), "connection", b"close");
    }
    response
}

/// The headers `GinWriter.SSEWrite` sets (Transfer-Encoding: chunked is how the body goes out). Go replaces
/// `Connection: keep-alive` by `close` when the request asked to close.
pub fn sse_headers(headers: &mut HeaderMap, keep_alive: bool) {
    set(headers, "content-type", b"text/event-stream");
    set(headers, "cache-control", b"no-cache");
    if keep_alive {
        set(headers, "connection", b"keep-alive");
    }
    set(headers, "x-accel-buffering", b"no");
}

pub fn sse_frame(data: &[u8]) -> Bytes {
    let mut frame = Vec::with_capacity(data.len() + 8);
    frame.extend_from_slice(b"data: ");
    frame.extend_from_slice(data);
    frame.extend_from_slice(b"\n\n");
    Bytes::from(frame)
}

/// A response as Go's `net/http` writes a handler's: a body without Content-Type gets the sniffed one (the
/// frontend's error bodies are text: `text/plain; charset=utf-8`), and a body over 2 KiB goes out chunked.
pub fn go_response(status: StatusCode, headers: Vec<(&'static str, Vec<u8>)>, body: Bytes) -> Response<ReplyBody> {
    let sniff = !body.is_empty() && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    let mut response = Response::new(ReplyBody::Full(body));
    *response.status_mut() = status;
    for (name, value) in &headers {
        set(response.headers_mut(), name, value);
    }
    if sniff {
        set(response.headers_mut(), "content-type", GIN_TEXT.as_bytes());
    }
    response
}

/// `ctx.JSON`: the body (already encoded as Go would) with gin's JSON type.
pub fn gin_json(status: StatusCode, body: String) -> Response<ReplyBody> {
    go_response(
        status,
        vec![("Content-Type", GIN_JSON.as_bytes().to_vec())],
        Bytes::from(body),
    )
}

/// ProxyHandler (api/v1/proxyhandler.go) for a path no route and no function serves.
pub fn not_found() -> Response<ReplyBody> {
    go_response(
        StatusCode::NOT_FOUND,
        vec![("Content-Type", GIN_TEXT.as_bytes().to_vec())],
        Bytes::from_static(b"404 page not found"),
    )
}

/// What net/http writes for a request it cannot parse (here: a broken `%`-escape in the path), then it closes.
/// (Go writes this head by hand, without Content-Length or Date; hyper adds both.)
pub fn bad_request() -> Response<ReplyBody> {
    let mut response = go_response(
        StatusCode::BAD_REQUEST,
        vec![("Content-Type", GIN_TEXT.as_bytes().to_vec())],
        Bytes::from_static(b"400 Bad Request"),
    );
    set(response.headers_mut(), "connection", b"close");
    response
}

/// `respondAuthError`: a login page for a browser, else `{"error": message}`.
pub fn unauthorized(headers: &HeaderMap, message: &str) -> Response<ReplyBody> {
    let accept = first(headers, "accept");
    if accept.windows(9).any(|w| w == b"text/html") {
        let prefix = String::from_utf8_lossy(first(headers, "x-forwarded-prefix")).into_owned();
        let page = auth::login_page(message, &prefix);
        return go_response(
            StatusCode::UNAUTHORIZED,
            vec![("Content-Type", b"text/html; charset=utf-8".to_vec())],
            Bytes::from(page),
        );
    }
    gin_json(
        StatusCode::UNAUTHORIZED,
        gojson::object(&[("error", gojson::string(message))]),
    )
}

pub fn set(headers: &mut HeaderMap, name: &str, value: &[u8]) {
    if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value)) {
        headers.insert(name, value);
    }
}

/// Whether the connection stays open after this request (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with
/// `keep-alive`).
pub fn keep_alive(version: Version, headers: &HeaderMap) -> bool {
    let tokens = |token: &str| {
        headers.get_all("connection").iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        })
    };
    if version == Version::HTTP_10 {
        tokens("keep-alive")
    } else {
        !tokens("close")
    }
}
