//! The emulated frontend: routes, the order the rules are checked in, and answers shaped as the real server's.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, mpsc};

use super::functions::{self, Call, Finished, Function, Registry};
use super::rules::{self, Refusal};
use super::state::{AsyncResults, Sessions};

/// The settings of one emulator.
#[derive(Debug, Clone)]
pub struct FrontendConfig {
    pub max_body: usize,
    pub function_timeout: Duration,
    pub concurrent_num: i64,
    pub instance_labels: Vec<String>,
    pub token: Option<String>,
    pub read_timeout: Duration,
}

pub struct Frontend {
    registry: Registry,
    config: FrontendConfig,
    sessions: Sessions,
    results: AsyncResults,
    exiting: AtomicBool,
}

/// Headers the frontend reads itself; any other header is passed on to the function.
const KNOWN_HEADERS: [&str; 14] = [
    "content-type",
    "content-length",
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "connection",
    "transfer-encoding",
    "expect",
    "x-auth",
    "x-trace-id",
    "x-request-id",
    "x-invoke-type",
    "cookie",
];

/// Codes the scheduler raises: their text arrives wrapped in one extra pair of quotes.
fn scheduler_code(code: i64) -> bool {
    code == 4037 || (150_000..151_000).contains(&code)
}

impl Frontend {
    pub fn new(registry: Registry, config: FrontendConfig, keep_results: Duration) -> Frontend {
        Frontend {
            registry,
            config,
            sessions: Sessions::default(),
            results: AsyncResults::new(keep_results),
            exiting: AtomicBool::new(false),
        }
    }

    /// From now on every new request is answered 400 `frontend exiting`.
    pub fn begin_exit(&self) {
        self.exiting.store(true, Ordering::SeqCst);
    }

    pub async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Result<Response<ReplyBody>, Infallible> {
        if self.exiting.load(Ordering::SeqCst) {
            return Ok(text(StatusCode::BAD_REQUEST, "frontend exiting"));
        }
        let path = request.uri().path().to_string();
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        let method = request.method().clone();
        let reply = match (&method, segments.as_slice()) {
            (&Method::GET, ["healthz"]) => Response::new(ReplyBody::empty()),
            (&Method::POST, ["serverless", "v1", "functions", urn, "invocations"]) => match percent_decode(urn) {
                Some(urn) => self.invoke(urn, request).await,
                None => not_found(),
            },
            (&Method::POST, ["invocations", tenant, service, function, ""]) => {
                match (
                    percent_decode(tenant),
                    percent_decode(service),
                    percent_decode(function),
                ) {
                    (Some(t), Some(s), Some(f)) => self.invoke(rules::short_route_urn(&t, &s, &f), request).await,
                    _ => not_found(),
                }
            }
            (&Method::GET, ["serverless", "v1", "functions", "async-results", id]) => self.async_result(id),
            (&Method::DELETE, ["serverless", "v1", "functions", urn, "sessions", id]) => {
                match (percent_decode(urn), percent_decode(id)) {
                    (Some(urn), Some(id)) => self.delete_session(&urn, &id, request.headers()),
                    _ => not_found(),
                }
            }
            _ => not_found(),
        };
        Ok(reply)
    }

    async fn invoke(self: Arc<Self>, urn: String, request: Request<Incoming>) -> Response<ReplyBody> {
        let (parts, body) = request.into_parts();
        let headers = &parts.headers;
        let trace = rules::trace_id(header(headers, "x-trace-id"), header(headers, "x-request-id"), new_id);
        if let Err(why) = self.authenticate(headers, parts.uri.query()) {
            return json_reply(
                StatusCode::UNAUTHORIZED,
                &json!({"error": format!("Authentication failed: {why}")}),
                &trace,
            );
        }
        let content_type = header(headers, "content-type").unwrap_or("").to_ascii_lowercase();
        if content_type.starts_with("application/x-www-form-urlencoded")
            || content_type.starts_with("multipart/form-data")
        {
            return refusal(Refusal::new(200_600, "stream not enabled"), &trace, true);
        }
        if let Err(refused) = rules::check_urn(&urn) {
            return refusal(refused, &trace, true);
        }
        let body = match self.read_body(body, headers).await {
            Ok(body) => body,
            Err(refused) => return refusal(refused, &trace, true),
        };
        let prepared = match self.check(&urn, headers, body, &trace) {
            Ok(prepared) => prepared,
            Err(refused) => return refusal(refused, &trace, true),
        };
        if header(headers, "x-invoke-type") == Some("async") {
            return self.start_async(prepared);
        }
        if header(headers, "accept") == Some("text/event-stream") {
            return self.start_stream(prepared);
        }
        let finished = self.run(&prepared).await;
        function_reply(&finished, &prepared.trace)
    }

    fn authenticate(&self, headers: &HeaderMap, query: Option<&str>) -> Result<(), &'static str> {
        let Some(expected) = &self.config.token else {
            return Ok(());
        };
        let from_query = query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("token=")));
        let from_cookie = header(headers, "cookie")
            .and_then(|c| c.split(';').find_map(|pair| pair.trim().strip_prefix("iam_token=")));
        match header(headers, "x-auth").or(from_query).or(from_cookie) {
            None => Err("token is missing"),
            Some(given) if given == expected => Ok(()),
            Some(_) => Err("token is invalid"),
        }
    }

    /// The body as JSON bytes: empty becomes `{}`; over the size limit is 4140; not JSON is 200500.
    async fn read_body(&self, body: Incoming, headers: &HeaderMap) -> Result<Bytes, Refusal> {
        let limit = self.config.max_body;
        let too_large = || Refusal::new(4140, format!("request body too large: the limit is {limit} bytes"));
        let declared = header(headers, "content-length").and_then(|v| v.parse::<u64>().ok());
        let reading = async {
            let mut body = body;
            // A declared length sizes the buffer once; a chunked body grows it, never past the limit.
            let mut bytes = Vec::with_capacity(declared.map_or(0, |d| d.min(limit as u64) as usize));
            let mut over = declared.is_some_and(|d| d > limit as u64);
            // Reading on past the limit (without keeping it) lets the client finish sending and read the answer.
            let mut drained: u64 = 0;
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| Refusal::new(200_500, format!("failed to read request body: {e}")))?;
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                if over || bytes.len() + data.len() > limit {
                    over = true;
                    drained += data.len() as u64;
                    if drained > 16 * limit as u64 + (64 << 20) {
                        break;
                    }
                    // Free what was kept: a refused body should not hold memory while the rest drains.
                    bytes = Vec::new();
                    continue;
                }
                if bytes.len() + data.len() > bytes.capacity() {
                    let wanted = (bytes.capacity() * 2).max(bytes.len() + data.len()).min(limit);
                    bytes.reserve_exact(wanted - bytes.len());
                }
                bytes.extend_from_slice(&data);
            }
            if over { Err(too_large()) } else { Ok(bytes) }
        };
        let bytes = tokio::time::timeout(self.config.read_timeout, reading)
            .await
            .map_err(|_| Refusal::new(200_500, "failed to read request body: timed out"))??;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Bytes::from_static(b"{}"));
        }
        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
            .map_err(|e| Refusal::new(200_500, format!("failed to marshal request data: {e}")))?;
        Ok(Bytes::from(bytes))
    }

    /// Every rule after the body, in the frontend's order; gives what the function needs to run.
    fn check(&self, urn: &str, headers: &HeaderMap, body: Bytes, trace: &str) -> Result<Prepared, Refusal> {
        let ask = rules::check_resources(
            header(headers, "x-instance-cpu"),
            header(headers, "x-instance-memory"),
            header(headers, "x-instance-custom-resource"),
        )?;
        let session = match header(headers, "x-instance-session") {
            Some(text) => Some(rules::check_session(text, self.config.concurrent_num)?),
            None => None,
        };
        let Some(function) = self.registry.get(urn).cloned() else {
            return Err(Refusal::new(150_424, "function not found"));
        };
        let label = header(headers, "x-instance-label");
        if let Some(label) = label {
            if !self.config.instance_labels.iter().any(|l| l == label) {
                return Err(Refusal::new(150_444, "instance label not found"));
            }
        }
        let mut env = vec![
            ("YR_TRACE_ID".to_string(), trace.to_string()),
            ("YR_FUNCTION_URN".to_string(), urn.to_string()),
        ];
        if let Some((cpu, memory)) = ask.cpu_memory {
            env.push(("YR_INSTANCE_CPU".into(), cpu.to_string()));
            env.push(("YR_INSTANCE_MEMORY".into(), memory.to_string()));
        }
        if !ask.custom.is_empty() {
            let map: serde_json::Map<String, Value> =
                ask.custom.iter().map(|(k, v)| (k.clone(), (*v).into())).collect();
            env.push(("YR_INSTANCE_CUSTOM_RESOURCE".into(), Value::Object(map).to_string()));
        }
        if let Some(pool) = header(headers, "x-pool-label") {
            env.push(("YR_POOL_LABEL".into(), pool.to_string()));
        }
        if let Some(label) = label {
            env.push(("YR_INSTANCE_LABEL".into(), label.to_string()));
        }
        for (name, value) in headers {
            let known = KNOWN_HEADERS.contains(&name.as_str())
                || name.as_str().starts_with("x-instance-")
                || name == "x-pool-label";
            if let (false, Ok(value)) = (known, value.to_str()) {
                let var = format!("YR_HEADER_{}", name.as_str().to_ascii_uppercase().replace('-', "_"));
                env.push((var, value.to_string()));
            }
        }
        Ok(Prepared {
            urn: urn.to_string(),
            function,
            body,
            trace: trace.to_string(),
            env,
            session,
        })
    }

    /// Runs the call on its instance: a session's own, or the shared one.
    /// The call's instance: a session's own (waiting while the session's calls are all in flight), or the shared
    /// one. The permit holds the session's slot until dropped.
    async fn bind(&self, prepared: &Prepared) -> (Call, Option<OwnedSemaphorePermit>) {
        let mut env = prepared.env.clone();
        let permit = match &prepared.session {
            Some(ask) => {
                let (session, permit) = self
                    .sessions
                    .enter(&prepared.urn, ask, self.config.concurrent_num)
                    .await;
                env.push(("YR_SESSION_ID".into(), ask.id.clone()));
                env.push(("YR_SESSION_TTL".into(), ask.ttl.to_string()));
                env.push(("YR_SESSION_CONCURRENCY".into(), ask.concurrency.to_string()));
                env.push(("YR_INSTANCE_ID".into(), session.instance_id.clone()));
                Some(permit)
            }
            None => {
                env.push(("YR_INSTANCE_ID".into(), "instance-shared".into()));
                None
            }
        };
        let call = Call {
            body: prepared.body.clone(),
            env,
            timeout: self.config.function_timeout,
        };
        (call, permit)
    }

    async fn run(&self, prepared: &Prepared) -> Finished {
        let (call, permit) = self.bind(prepared).await;
        let finished = functions::run(&prepared.function, call).await;
        drop(permit);
        finished
    }

    fn start_async(self: Arc<Self>, prepared: Prepared) -> Response<ReplyBody> {
        let id = new_id();
        let trace = prepared.trace.clone();
        self.results.add(&id);
        let frontend = self.clone();
        let task_id = id.clone();
        tokio::spawn(async move {
            let mut prepared = prepared;
            prepared.env.push(("YR_REQUEST_ID".into(), task_id.clone()));
            frontend.results.running(&task_id);
            let finished = frontend.run(&prepared).await;
            let reply = function_reply(&finished, &prepared.trace);
            let status = reply.status().as_u16();
            let headers: serde_json::Map<String, Value> = reply
                .headers()
                .iter()
                .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str().to_string(), Value::from(v))))
                .collect();
            let body = reply.into_body().bytes();
            let error = match &finished.result {
                Ok(_) => String::new(),
                Err(failure) => failure.message.clone(),
            };
            frontend
                .results
                .finish(&task_id, status, Value::Object(headers), &body, error);
        });
        json_reply(StatusCode::ACCEPTED, &json!({"requestId": id}), &trace)
    }

    fn start_stream(self: Arc<Self>, prepared: Prepared) -> Response<ReplyBody> {
        let (frames, receiver) = mpsc::channel::<Bytes>(64);
        let trace = prepared.trace.clone();
        let frontend = self.clone();
        tokio::spawn(async move {
            let (lines, mut line_receiver) = mpsc::channel::<Bytes>(64);
            let forward_frames = frames.clone();
            let forward = tokio::spawn(async move {
                while let Some(line) = line_receiver.recv().await {
                    let mut frame = Vec::with_capacity(line.len() + 8);
                    frame.extend_from_slice(b"data: ");
                    frame.extend_from_slice(&line);
                    frame.extend_from_slice(b"\n\n");
                    if forward_frames.send(Bytes::from(frame)).await.is_err() {
                        break;
                    }
                }
            });
            let (call, permit) = frontend.bind(&prepared).await;
            let finished = functions::stream(&prepared.function, call, lines).await;
            drop(permit);
            let _ = forward.await;
            let last = match finished.result {
                Ok(_) => Bytes::from_static(b"data: [DONE]\n\n"),
                Err(failure) => {
                    let error = json!({"code": failure.code, "message": failure.message});
                    Bytes::from(format!("event: error\ndata: {error}\n\n"))
                }
            };
            let _ = frames.send(last).await;
        });
        let mut reply = Response::new(ReplyBody::Stream(receiver));
        let headers = reply.headers_mut();
        headers.insert("content-type", HeaderValue::from_static("text/event-stream"));
        headers.insert("cache-control", HeaderValue::from_static("no-cache"));
        set(headers, "x-trace-id", &trace);
        reply
    }

    fn async_result(&self, id: &str) -> Response<ReplyBody> {
        match self.results.get(id) {
            Some(record) => json_reply(StatusCode::OK, &record, ""),
            None => json_reply(StatusCode::NOT_FOUND, &json!({"error": "async result not found"}), ""),
        }
    }

    fn delete_session(&self, urn: &str, id: &str, headers: &HeaderMap) -> Response<ReplyBody> {
        let trace = rules::trace_id(header(headers, "x-trace-id"), header(headers, "x-request-id"), new_id);
        if self.sessions.delete(urn, id) {
            let mut reply = Response::new(ReplyBody::empty());
            set(reply.headers_mut(), "x-trace-id", &trace);
            set(reply.headers_mut(), "x-inner-code", "0");
            reply
        } else {
            refusal(Refusal::new(200_404, format!("session {id} not found")), &trace, true)
        }
    }
}

/// A checked call, ready to run.
#[derive(Debug, Clone)]
struct Prepared {
    urn: String,
    function: Function,
    body: Bytes,
    trace: String,
    env: Vec<(String, String)>,
    session: Option<rules::SessionAsk>,
}

/// The answer to a finished call: the result with its headers, or the function's error (no trace_id in the body:
/// the runtime raised it, not the frontend).
fn function_reply(finished: &Finished, trace: &str) -> Response<ReplyBody> {
    let log = base64::engine::general_purpose::STANDARD.encode(&finished.log);
    let billed = finished.duration.as_millis().max(1).to_string();
    let mut reply = match &finished.result {
        Ok(body) => {
            let mut reply = Response::new(ReplyBody::Full(body.clone()));
            let headers = reply.headers_mut();
            headers.insert("content-type", HeaderValue::from_static("application/json"));
            set(headers, "x-trace-id", trace);
            set(headers, "x-inner-code", "0");
            reply
        }
        Err(failure) => refusal(Refusal::new(failure.code, failure.message.clone()), trace, false),
    };
    let headers = reply.headers_mut();
    set(headers, "x-billing-duration", &billed);
    set(headers, "x-invoke-summary", &format!("{{\"duration_ms\":{billed}}}"));
    set(headers, "x-log-result", &log);
    reply
}

/// `{"code","message","trace_id"}` with the code's HTTP status, X-Inner-Code and X-Trace-Id.
fn refusal(refused: Refusal, trace: &str, from_frontend: bool) -> Response<ReplyBody> {
    let message = if scheduler_code(refused.code) {
        format!("\"{}\"", refused.message)
    } else {
        refused.message
    };
    let mut body = serde_json::Map::new();
    body.insert("code".into(), refused.code.into());
    body.insert("message".into(), message.into());
    if from_frontend {
        body.insert("trace_id".into(), trace.into());
    }
    let status = StatusCode::from_u16(rules::http_status(refused.code)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut reply = json_reply(status, &Value::Object(body), trace);
    set(reply.headers_mut(), "x-inner-code", &refused.code.to_string());
    reply
}

fn json_reply(status: StatusCode, value: &Value, trace: &str) -> Response<ReplyBody> {
    let mut reply = Response::new(ReplyBody::Full(Bytes::from(value.to_string())));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    if !trace.is_empty() {
        set(reply.headers_mut(), "x-trace-id", trace);
    }
    reply
}

fn text(status: StatusCode, body: &'static str) -> Response<ReplyBody> {
    let mut reply = Response::new(ReplyBody::Full(Bytes::from_static(body.as_bytes())));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/plain; charset=utf-8"));
    reply
}

fn not_found() -> Response<ReplyBody> {
    text(StatusCode::NOT_FOUND, "404 page not found")
}

fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `%XX` decoded; None when the result is not UTF-8 or an escape is broken.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A random-looking UUID (version 4 layout) for trace and request ids; unique, not secret.
pub fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let seed = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let a = splitmix(seed);
    let b = splitmix(a);
    let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000;
    let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A response body: whole, or frames sent as they are made (server-sent events).
pub enum ReplyBody {
    Full(Bytes),
    Stream(mpsc::Receiver<Bytes>),
}

impl ReplyBody {
    fn empty() -> ReplyBody {
        ReplyBody::Full(Bytes::new())
    }

    /// The whole body of a `Full` reply (async results record what a sync call would have sent).
    fn bytes(self) -> Bytes {
        match self {
            ReplyBody::Full(bytes) => bytes,
            ReplyBody::Stream(_) => Bytes::new(),
        }
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ReplyBody::Full(bytes) => {
                if bytes.is_empty() {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Ok(Frame::data(std::mem::take(bytes)))))
                }
            }
            ReplyBody::Stream(receiver) => receiver.poll_recv(cx).map(|frame| frame.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ReplyBody::Full(bytes) if bytes.is_empty())
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Full(bytes) => SizeHint::with_exact(bytes.len() as u64),
            ReplyBody::Stream(_) => SizeHint::default(),
        }
    }
}

/// For tests of the routes that need no function run.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_segments() {
        assert_eq!(percent_decode("a%2Fb%3a").as_deref(), Some("a/b:"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(percent_decode("%2"), None);
    }

    #[test]
    fn ids_look_like_uuids() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}
