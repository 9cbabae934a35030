//! The emulated frontend: routes, token auth, the order the rules are checked in, and answers shaped and framed as
//! upstream (openyuanrong/frontend, gin on Go's net/http) writes them. Each step cites the upstream function it
//! follows.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Version};
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};

use super::functions::{self, Call, Finished, Function, Registry};
use super::log::{self, Kind, RequestLog};
use super::rules::{self, SessionAsk, Urn, first};
use super::state::{AsyncResults, Finish, Sessions};
use super::{auth, gojson};
use super::{limit, webhook};

/// The settings of one emulator.
#[derive(Debug, Clone)]
pub struct FrontendConfig {
    pub max_body: usize,
    pub function_timeout: Duration,
    pub concurrent_num: i64,
    pub instance_labels: Vec<String>,
    pub token: Option<String>,
    pub read_timeout: Duration,
    pub webhooks: webhook::Webhooks,
}

pub struct Frontend {
    registry: Registry,
    config: FrontendConfig,
    sessions: Sessions,
    results: AsyncResults,
    /// `config.token`, its JWT parsed once.
    token: Option<auth::Expected>,
    /// `getInstanceID` in api/v1/async_invoke.go: `INSTANCE_ID`, else `POD_NAME`, else the host name.
    instance_id: String,
    /// The request log on stderr; None when nothing is logged (`-q`, or `-- COMMAND` without `-v`).
    log: Option<Arc<RequestLog>>,
}

/// The connection a request came on: its two ends, which Go words a read error with (`read tcp LOCAL->REMOTE: i/o
/// timeout`), and whether it is to be closed as Go's `closeWriteAndWait` closes one (`linger_after_answer`).
#[derive(Debug, Clone)]
pub struct Peer {
    pub local: SocketAddr,
    pub remote: SocketAddr,
    pub linger: Arc<AtomicBool>,
}

impl Peer {
    /// The connection is to close after this answer as `closeWriteAndWait` closes one, lingering half-closed for
    /// 500 ms (linger.rs): for a body too large to read or drain.
    fn linger_after_answer(&self) {
        self.linger.store(true, Ordering::Relaxed);
    }
}

/// How much of a body its handler left unread Go's server reads and drops to keep the connection
/// (`maxPostHandlerReadBytes` in net/http/server.go).
const MAX_POST_HANDLER_READ: u64 = 256 << 10;

/// Headers the frontend reads itself; any other header is passed on to a COMMAND as `YR_HEADER_<NAME>`.
const KNOWN_HEADERS: [&str; 17] = [
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
    "x-webhook-url",
    "x-session-context",
    "x-forwarded-prefix",
    "cookie",
];

/// Go's `net/http` writes a body of up to this many bytes with a Content-Length (it buffers that much before the
/// handler returns); a longer one goes out chunked (`bufferBeforeChunkingSize` in net/http/server.go).
const GO_BUFFER: usize = 2048;

/// What gin's `ctx.JSON` and `ctx.String` send as Content-Type.
const GIN_JSON: &str = "application/json; charset=utf-8";
const GIN_TEXT: &str = "text/plain; charset=utf-8";

/// The route a request's decoded path names (`InitRoute` in pkg/frontend/api/api.go).
#[derive(Debug)]
enum Route {
    Healthz,
    /// `POST /serverless/v1/functions/:function-urn/invocations`
    Invoke(String),
    /// `POST /invocations/:tenant-id/:namespace/:function/`, or the deprecated `POST /:tenant-id/:namespace/:function/`.
    Short {
        tenant: String,
        service: String,
        function: String,
        legacy: bool,
    },
    AsyncResult(String),
    DeleteSession {
        urn: String,
        id: String,
    },
    NotFound,
}

/// The first tenant segments for which the deprecated short route is not an invoke URL for token roles
/// (`isInvokeURL` in middleware/publicfunc_jwt_skip.go).
const NOT_LEGACY_INVOKE: [&str; 10] = [
    "serverless",
    "datasystem",
    "client",
    "frontend",
    "admin",
    "api",
    "terminal",
    "functions",
    "healthz",
    "invocations",
];

fn route(method: &Method, path: &str) -> Route {
    let Some(rest) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    let owned = |s: &str| s.to_string();
    match (method, parts.as_slice()) {
        (&Method::GET, ["healthz"]) => Route::Healthz,
        (&Method::POST, ["serverless", "v1", "functions", urn, "invocations"]) => Route::Invoke(owned(urn)),
        (&Method::POST, ["invocations", tenant, service, function, ""]) => Route::Short {
            tenant: owned(tenant),
            service: owned(service),
            function: owned(function),
            legacy: false,
        },
        (&Method::POST, [tenant, service, function, ""]) if legacy_route(tenant, service, function) => Route::Short {
            tenant: owned(tenant),
            service: owned(service),
            function: owned(function),
            legacy: true,
        },
        (&Method::GET, ["serverless", "v1", "functions", "async-results", id]) => Route::AsyncResult(owned(id)),
        (&Method::DELETE, ["serverless", "v1", "functions", urn, "sessions", id]) => Route::DeleteSession {
            urn: owned(urn),
            id: owned(id),
        },
        _ => Route::NotFound,
    }
}

/// gin tries the deprecated short route after its static ones: the catch-alls `/direct/*`, `/tunnel/*` and
/// `/serverless/v1/http/*` keep their paths, and `/invocations/a/b/` ends on the short route's node without gin
/// backtracking (it does not backtrack from a remaining `/`).
fn legacy_route(tenant: &str, service: &str, function: &str) -> bool {
    let caught = matches!(tenant, "direct" | "tunnel") || (tenant, service, function) == ("serverless", "v1", "http");
    !caught && tenant != "invocations"
}

impl Route {
    /// Whether `InvokePreprocessMiddleware` marks the request an invoke URL: the route is one, and the function
    /// key can be read from its parameters.
    fn is_invoke_url(&self) -> bool {
        match self {
            Route::Invoke(urn) => !urn.is_empty() && rules::parse_urn(urn).is_ok(),
            Route::Short {
                tenant,
                service,
                function,
                legacy,
            } => {
                let named = [tenant, service, function].iter().all(|part| !part.is_empty());
                let excluded = *legacy && NOT_LEGACY_INVOKE.contains(&tenant.as_str());
                named && !excluded && rules::parse_urn(&rules::short_route_urn(tenant, service, function)).is_ok()
            }
            _ => false,
        }
    }
}

/// What the frontend's processing context holds once a step has answered (`InvokeProcessContext`): status, the
/// response headers it set, the body, and the Go error the invoker chain returned (an async record's `error`).
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
    error: Option<String>,
}

impl Answer {
    /// `SetResponseFromFrontend`: the code's status, `X-Inner-Code`, `{"code","message","trace_id"}` and no
    /// Content-Type.
    fn frontend(code: i64, message: &str, trace: &str, error: Option<&str>) -> Answer {
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

    /// A scheduler refusal as `HandleCreateInstanceError` words it: its text without `"`, in one pair of quotes.
    fn scheduler(code: i64, message: &str, trace: &str) -> Answer {
        let quoted = format!("\"{}\"", message.replace('"', ""));
        Answer::frontend(code, &quoted, trace, Some(message))
    }

    /// A finished call as `SetResponseFromInvocation` sets it: `Content-Type: application/json`, the inner code,
    /// the log tail, summary and billed time; the result, or `{"code","message"}` (no trace_id: the runtime raised
    /// it). The chain returns no error either way.
    fn from_finished(finished: &Finished) -> Answer {
        let billed = finished.duration.as_millis().max(1).to_string();
        let (code, body) = match &finished.result {
            Ok(body) => (0, body.clone()),
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
}

/// A request body as the frontend holds it: whole, or only how big it was (over `--max-body-size`).
enum ReadBody {
    Whole(Bytes),
    TooLarge(u64),
}

/// A checked call, ready to run.
#[derive(Debug, Clone)]
struct Prepared {
    func_key: String,
    function: Function,
    body: Bytes,
    env: Vec<(String, String)>,
    session: Option<SessionAsk>,
}

/// How one invocation is to be answered.
struct Reply {
    /// `Accept: text/event-stream` (exactly): every answer after the headers were read is framed as SSE.
    sse: bool,
    trace: Vec<u8>,
    /// The request lets the connection stay open.
    keep_alive: bool,
    /// Close the connection after the answer: the body was not read (over the limit by its Content-Length), or it
    /// failed to read.
    close: bool,
}

impl Frontend {
    pub fn new(
        registry: Registry,
        config: FrontendConfig,
        keep_results: Duration,
        log: Option<Arc<RequestLog>>,
    ) -> Frontend {
        Frontend {
            registry,
            token: config.token.as_deref().map(auth::Expected::new),
            config,
            sessions: Sessions::default(),
            results: AsyncResults::new(keep_results),
            instance_id: instance_id(),
            log,
        }
    }

    pub fn config(&self) -> &FrontendConfig {
        &self.config
    }

    /// The functions served, for the start-up listing.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn log(&self) -> Option<&Arc<RequestLog>> {
        self.log.as_ref()
    }

    pub async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
        peer: Peer,
    ) -> Result<Response<ReplyBody>, Infallible> {
        // net/http decodes the request target's path before the router sees it; a broken escape (None here) fails
        // the request before any handler runs (`url.ParseRequestURI` in readRequest).
        let routed = rules::unescape(request.uri().path(), false).map(|path| {
            let route = route(request.method(), &path);
            (path, route)
        });
        Ok(match self.log.clone() {
            None => self.answer(request, routed, &peer).await,
            Some(log) => self.answer_logged(&log, request, routed, &peer).await,
        })
    }

    /// The answer, and its line in the log once it is known: at once, or when a stream or an asynchronous call
    /// ends (the frontend leaves a `Later` on such answers).
    async fn answer_logged(
        self: Arc<Self>,
        log: &Arc<RequestLog>,
        request: Request<Incoming>,
        routed: Option<(String, Route)>,
        peer: &Peer,
    ) -> Response<ReplyBody> {
        let started = Instant::now();
        let method = request.method().clone();
        let what = self.label(routed.as_ref().map(|(_, route)| route), request.uri().path());
        let request_head = log.shows_headers().then(|| request_head(&request));
        let mut response = self.answer(request, routed, peer).await;
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

    /// How the log names a request's target: the function's name as served, else the URN asked for, else the
    /// path as sent.
    fn label(&self, route: Option<&Route>, raw_path: &str) -> Arc<str> {
        let urn = match route {
            Some(Route::Invoke(urn)) => Some(urn.clone()),
            Some(Route::Short {
                tenant,
                service,
                function,
                ..
            }) => Some(rules::short_route_urn(tenant, service, function)),
            _ => None,
        };
        let Some(urn) = urn else {
            return Arc::from(raw_path);
        };
        match rules::parse_urn(&urn)
            .ok()
            .and_then(|u| self.registry.name(&u.func_key()).cloned())
        {
            Some(name) => name,
            None => Arc::from(urn),
        }
    }

    /// The frontend's own answer to a request, given its decoded path and route (None: the path did not decode).
    async fn answer(
        self: Arc<Self>,
        request: Request<Incoming>,
        routed: Option<(String, Route)>,
        peer: &Peer,
    ) -> Response<ReplyBody> {
        let Some((path, route)) = routed else {
            return bad_request();
        };
        // GlobalJWTAuthMiddleware runs before the router's handlers, 404 included.
        if let Some(expected) = &self.token {
            if !auth::skips_auth(&path, request.method().as_str()) {
                let presented = auth::presented_token(request.headers(), request.uri().query());
                if let Some(message) = expected.verdict(&presented, route.is_invoke_url()) {
                    let response = unauthorized(request.headers(), &message);
                    let (parts, body) = request.into_parts();
                    return self
                        .settle_unread(parts.version, &parts.headers, body, peer, response)
                        .await;
                }
            }
        }
        let response = match route {
            // HealthzHandler: WriteHeader(200), no body.
            Route::Healthz => go_response(StatusCode::OK, Vec::new(), Bytes::new()),
            Route::Invoke(urn) => return self.invoke(Target::Urn(urn), request, peer).await,
            Route::Short {
                tenant,
                service,
                function,
                ..
            } => {
                let target = Target::Short {
                    tenant,
                    service,
                    function,
                };
                return self.invoke(target, request, peer).await;
            }
            Route::AsyncResult(id) => self.async_result(&id),
            Route::DeleteSession { urn, id } => self.delete_session(&urn, &id),
            Route::NotFound => not_found(),
        };
        let (parts, body) = request.into_parts();
        self.settle_unread(parts.version, &parts.headers, body, peer, response)
            .await
    }

    /// What Go's net/http does with a request body its handler left unread, before it writes the answer's head
    /// (`chunkWriter.writeHeader` in net/http/server.go). A body the client holds back for `100 Continue` (never
    /// sent) closes the connection. Otherwise up to 256 KiB of it is read and dropped, and the connection carries
    /// the next request; a body with more left is too large, and the connection closes after lingering
    /// (`requestTooLarge`, then `closeWriteAndWait`: half-closed for 500 ms, so that a client still writing the
    /// body reads the answer before the reset). A body that fails to read closes the connection. Each close is
    /// announced by `Connection: close` on the answer.
    async fn settle_unread(
        &self,
        version: Version,
        headers: &HeaderMap,
        mut body: Incoming,
        peer: &Peer,
        mut response: Response<ReplyBody>,
    ) -> Response<ReplyBody> {
        if body.is_end_stream() {
            return response;
        }
        let held_back = version != Version::HTTP_10 && first(headers, "expect").eq_ignore_ascii_case(b"100-continue");
        let too_large = || {
            peer.linger_after_answer();
            true
        };
        let close = if held_back {
            true
        } else if body
            .size_hint()
            .exact()
            .is_some_and(|left| left >= MAX_POST_HANDLER_READ)
        {
            too_large()
        } else {
            // io.CopyN(io.Discard, body, maxPostHandlerReadBytes+1): Some(over the limit), None at the end.
            let discard = async {
                let mut read: u64 = 0;
                while let Some(frame) = body.frame().await {
                    let Ok(frame) = frame else {
                        return Some(false);
                    };
                    if let Ok(data) = frame.into_data() {
                        read += data.len() as u64;
                        if read > MAX_POST_HANDLER_READ {
                            return Some(true);
                        }
                    }
                }
                None
            };
            match limit::within(self.config.read_timeout, discard).await {
                Some(None) => false,
                Some(Some(true)) => too_large(),
                Some(Some(false)) | None => true,
            }
        };
        if close {
            set(response.headers_mut(), "connection", b"close");
        }
        response
    }

    /// `invokeWrap` and `AsyncInvokeHandler` (api/v1/invoke.go, async_invoke.go) with `buildProcessContext`.
    async fn invoke(self: Arc<Self>, target: Target, request: Request<Incoming>, peer: &Peer) -> Response<ReplyBody> {
        let (parts, body) = request.into_parts();
        let headers = parts.headers;
        let trace = rules::trace_id(first(&headers, "x-trace-id"), first(&headers, "x-request-id"), new_id);
        let trace_text = String::from_utf8_lossy(&trace).into_owned();
        let is_async = first(&headers, "x-invoke-type") == b"async";
        // AsyncInvokeHandler counts a call as short only when all three route parameters are non-empty; else it
        // reads the long route's (absent) URN parameter.
        let target = match target {
            Target::Short {
                tenant,
                service,
                function,
            } if is_async && (tenant.is_empty() || service.is_empty() || function.is_empty()) => {
                Target::Urn(String::new())
            }
            other => other,
        };
        let mut reply = Reply {
            sse: false,
            trace,
            keep_alive: keep_alive(parts.version, &headers),
            close: false,
        };

        // 1. handleRequestBodyAndStream: an upload stream is refused before the body is read. The request headers
        //    are not in the context yet, so this answer is never framed as SSE.
        if rules::is_upload_stream(first(&headers, "content-type")) {
            let answer = Answer::frontend(200_600, "internal system error", &trace_text, None);
            let response = write_answer(answer, &reply);
            return self.settle_unread(parts.version, &headers, body, peer, response).await;
        }
        // 2. The body is read whole (`ioutil.ReadAll`). The emulator's own step: a declared Content-Length over the
        //    limit is not read (that would take as long as sending it); its size is all the size check needs.
        let limit = self.config.max_body as u64;
        let read = match body.size_hint().exact() {
            Some(declared) if declared > limit => {
                // A body over a limit closes the connection as net/http's `requestBodyLimitHit` does: after the
                // 500 ms linger of `closeWriteAndWait`.
                reply.close = true;
                peer.linger_after_answer();
                if !first(&headers, "expect").eq_ignore_ascii_case(b"100-continue") {
                    tokio::spawn(drain(body, declared.min(drain_cap(limit)), self.config.read_timeout));
                }
                ReadBody::TooLarge(declared)
            }
            _ => match self.read_body(body, peer).await {
                Ok(read) => read,
                // The default of SetErrorInContextWithDefault: 400, code 200400, Go's error text. The body failed to
                // read: net/http closes the connection (`closeAfterReply`, announced by `Connection: close`).
                Err(why) => {
                    reply.close = true;
                    return write_answer(Answer::frontend(200_400, &why, &trace_text, None), &reply);
                }
            },
        };
        // From here the request headers are in the context: `Accept: text/event-stream` frames every answer.
        reply.sse = first(&headers, "accept") == b"text/event-stream";
        // 3. extractFunctionURN / buildShortProcessContext.
        let urn_text = match target {
            Target::Urn(urn) => urn,
            Target::Short {
                tenant,
                service,
                function,
            } => rules::short_route_urn(&tenant, &service, &function),
        };
        let urn = match rules::parse_urn(&urn_text) {
            Ok(urn) => urn,
            Err(why) => return write_answer(Answer::frontend(200_400, &why, &trace_text, None), &reply),
        };
        let call = Invocation {
            urn_text,
            urn,
            headers,
            body: read,
            trace: trace_text,
        };
        if is_async {
            return self.start_async(call, &reply);
        }
        let prepared = match self.check(&call) {
            Ok(prepared) => prepared,
            Err(answer) => return write_answer(*answer, &reply),
        };
        if reply.sse {
            return self.start_stream(prepared, reply).await;
        }
        let answer = self.run(&prepared).await;
        write_answer(answer, &reply)
    }

    /// The body whole, or its size once over the limit. Errors in Go's words: `unexpected EOF`, `read tcp
    /// LOCAL->REMOTE: i/o timeout` when it took longer than `--read-timeout`.
    async fn read_body(&self, body: Incoming, peer: &Peer) -> Result<ReadBody, String> {
        let limit = self.config.max_body;
        let cap = drain_cap(limit as u64);
        let reading = async {
            let mut body = body;
            let mut bytes: Vec<u8> = Vec::new();
            let mut total: u64 = 0;
            let mut over = false;
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| body_error(&e, peer))?;
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                total += data.len() as u64;
                if over || bytes.len() + data.len() > limit {
                    // Keep counting without keeping: a refused body should not hold memory while the rest arrives.
                    if !over {
                        over = true;
                        bytes = Vec::new();
                    }
                    if total > cap {
                        break;
                    }
                    continue;
                }
                if bytes.len() + data.len() > bytes.capacity() {
                    let wanted = (bytes.capacity() * 2).max(bytes.len() + data.len()).min(limit);
                    bytes.reserve_exact(wanted - bytes.len());
                }
                bytes.extend_from_slice(&data);
            }
            Ok(if over {
                ReadBody::TooLarge(total)
            } else {
                ReadBody::Whole(Bytes::from(bytes))
            })
        };
        limit::within(self.config.read_timeout, reading)
            .await
            .ok_or_else(|| format!("read tcp {}->{}: i/o timeout", peer.local, peer.remote))?
    }

    /// The invoker chain (invocation/fgadapter.go `MakeInvoker`) and what `InvokeHandler` does before the function
    /// runs, in upstream's order; the first refusal wins.
    fn check(&self, call: &Invocation) -> Result<Prepared, Box<Answer>> {
        let trace = call.trace.as_str();
        let headers = &call.headers;
        let refuse = |answer: Answer| Err(Box::new(answer));
        // BodySizeChecker (middleware/body_size_check.go).
        let body = match &call.body {
            ReadBody::TooLarge(size) => {
                let message = format!(
                    "the size of request body is beyond maximum:{}, body size:{size}",
                    self.config.max_body
                );
                return refuse(Answer::frontend(4140, &message, trace, Some(&message)));
            }
            ReadBody::Whole(body) => body.clone(),
        };
        // getFuncSpec (invocation/doinvoke.go): the frontend raises it, so the message is a plain string.
        let func_key = call.urn.func_key();
        let Some(function) = self.registry.get(&func_key).cloned() else {
            return refuse(Answer::frontend(
                150_424,
                "function metadata not found",
                trace,
                Some("function doesn't exist"),
            ));
        };
        // createKernelRequestHandler: the session header when non-empty; a failure goes through HandleInvokeError,
        // which codes a plain error 330404.
        let session_text = first(headers, "x-instance-session");
        let session = if session_text.is_empty() {
            None
        } else {
            match rules::parse_session(session_text) {
                Ok(session) => session,
                Err(why) => return refuse(Answer::frontend(330_404, &why, trace, Some(&why))),
            }
        };
        // makeAcquireOption (leaseadaptor/util.go): X-Session-Context must be JSON; its error is coded 200500 and,
        // coming back through the acquire, quoted like a scheduler error.
        let session_context = first(headers, "x-session-context");
        if !session_context.is_empty() {
            if let Err(why) = rules::check_session_context(session_context) {
                return refuse(Answer::scheduler(200_500, &why, trace));
            }
        }
        // The scheduler's acquire: the instance label, then the session's rules.
        let label = first(headers, "x-instance-label");
        if !label.is_empty() && !self.config.instance_labels.iter().any(|l| l.as_bytes() == label) {
            return refuse(Answer::scheduler(150_444, "instance label not found", trace));
        }
        if let Some(ask) = &session {
            if !rules::session_valid(ask, self.config.concurrent_num) {
                return refuse(Answer::scheduler(4037, "session config invalid", trace));
            }
        }
        // convert: TranslateInvokeMsgToCallReq marshals the body as a json.RawMessage (an empty body is `{}`)…
        let body = if body.is_empty() {
            Bytes::from_static(b"{}")
        } else {
            if let Err(why) = gojson::validate(&body) {
                let message = format!(
                    "failed to marshal request data: json: error calling MarshalJSON for type json.RawMessage: {why}"
                );
                return refuse(Answer::frontend(200_500, &message, trace, Some(&message)));
            }
            body
        };
        // …then convertResourceSpecs reads CPU, memory and custom resources.
        let custom = match first(headers, "x-instance-custom-resource") {
            b"" => first(headers, "x-instance-customresource"),
            value => value,
        };
        let ask = match rules::check_resources(
            first(headers, "x-instance-cpu"),
            first(headers, "x-instance-memory"),
            custom,
        ) {
            Ok(ask) => ask,
            Err(why) => return refuse(Answer::frontend(200_500, &why, trace, Some(&why))),
        };

        let mut env = vec![
            ("YR_TRACE_ID".to_string(), call.trace.clone()),
            ("YR_FUNCTION_URN".to_string(), call.urn_text.clone()),
        ];
        if let Some((cpu, memory)) = ask.cpu_memory {
            env.push(("YR_INSTANCE_CPU".into(), cpu.to_string()));
            env.push(("YR_INSTANCE_MEMORY".into(), memory.to_string()));
        }
        if !ask.custom.is_empty() {
            let members: Vec<(&str, String)> = ask.custom.iter().map(|(k, v)| (k.as_str(), v.to_string())).collect();
            env.push(("YR_INSTANCE_CUSTOM_RESOURCE".into(), gojson::object(&members)));
        }
        let pool = first(headers, "x-pool-label");
        if !pool.is_empty() {
            env.push(("YR_POOL_LABEL".into(), String::from_utf8_lossy(pool).into_owned()));
        }
        if !label.is_empty() {
            env.push(("YR_INSTANCE_LABEL".into(), String::from_utf8_lossy(label).into_owned()));
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
            func_key,
            function,
            body,
            env,
            session,
        })
    }

    /// The call's instance: a session's own (waiting while the session's calls are all in flight), or the shared
    /// one. The permit holds the session's slot until dropped.
    async fn bind(&self, prepared: &Prepared) -> (Call, Option<OwnedSemaphorePermit>) {
        let mut env = prepared.env.clone();
        let permit = match &prepared.session {
            Some(ask) => {
                let (session, permit) = self
                    .sessions
                    .enter(&prepared.func_key, ask, self.config.concurrent_num)
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

    async fn run(&self, prepared: &Prepared) -> Answer {
        let (call, permit) = self.bind(prepared).await;
        let finished = functions::run(&prepared.function, call).await;
        drop(permit);
        Answer::from_finished(&finished)
    }

    /// AsyncInvokeHandler: 202 and the request id as soon as the URN parsed; everything after runs in the
    /// background and ends as a record (and a webhook when `X-Webhook-Url` is set).
    fn start_async(self: Arc<Self>, call: Invocation, reply: &Reply) -> Response<ReplyBody> {
        let id = new_id();
        let webhook_url = String::from_utf8_lossy(first(&call.headers, "x-webhook-url")).into_owned();
        self.results.add(&id, &self.instance_id);
        let (later, deferred) = Deferred::pair(
            self.log.is_some(),
            Kind::AsyncDone,
            Some(id.clone()),
            "the call ended without a result",
        );
        let trace = call.trace.clone();
        let frontend = self.clone();
        let task_id = id.clone();
        tokio::spawn(async move {
            frontend.results.running(&task_id);
            let answer = match frontend.check(&call) {
                Ok(mut prepared) => {
                    prepared.env.push(("YR_REQUEST_ID".into(), task_id.clone()));
                    frontend.run(&prepared).await
                }
                Err(answer) => *answer,
            };
            if let Some(deferred) = deferred {
                deferred.send(Outcome {
                    trace: Some(trace),
                    ..Outcome::of(&answer)
                });
            }
            let done = Finish {
                status_code: answer.status,
                headers: answer.headers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
                body: answer.body.to_vec(),
                error: answer.error.unwrap_or_default(),
            };
            if let Some(payload) = frontend.results.finish(&task_id, done, !webhook_url.is_empty()) {
                frontend.config.webhooks.send(webhook_url, task_id, payload);
            }
        });
        // ctx.JSON(202, gin.H{"requestId": …}): no X-Trace-Id on this answer.
        let body = gojson::object(&[("requestId", gojson::string(&id))]);
        let mut response = gin_json(StatusCode::ACCEPTED, body);
        if reply.close {
            set(response.headers_mut(), "connection", b"close");
        }
        if let Some(later) = later {
            response.extensions_mut().insert(later);
        }
        response
    }

    /// A streamed call. The head goes out with the first frame (`GinWriter.SSEWrite`): a COMMAND's stdout lines
    /// are frames as they are written, then `[DONE]`; a failure before any line is answered with its own status, one
    /// after the first line as a data frame (the status was already sent). The built-ins answer whole, framed.
    async fn start_stream(self: Arc<Self>, prepared: Prepared, reply: Reply) -> Response<ReplyBody> {
        let Function::Command(command) = prepared.function.clone() else {
            let answer = self.run(&prepared).await;
            return write_answer(answer, &reply);
        };
        let (lines, mut line_receiver) = mpsc::channel::<Bytes>(64);
        let frontend = self.clone();
        let task = tokio::spawn(async move {
            let (call, permit) = frontend.bind(&prepared).await;
            let finished = functions::stream(&command, call, lines).await;
            drop(permit);
            finished
        });
        let Some(first_line) = line_receiver.recv().await else {
            // No line before the end: the whole answer, framed; a success has no result frame left to send.
            let finished = match task.await {
                Ok(finished) => finished,
                Err(_) => return write_answer(Answer::frontend(200_500, "the function task failed", "", None), &reply),
            };
            let mut answer = Answer::from_finished(&finished);
            if finished.result.is_ok() {
                answer.body = Bytes::new();
            }
            return write_answer(answer, &reply);
        };
        let (frames, receiver) = mpsc::channel::<Bytes>(64);
        let (later, deferred) = Deferred::pair(
            self.log.is_some(),
            Kind::Streamed,
            None,
            "the client went away before the stream ended",
        );
        let trace = String::from_utf8_lossy(&reply.trace).into_owned();
        tokio::spawn(async move {
            // Dropped on the early returns: the log then says the client went away.
            let deferred = deferred;
            if frames.send(sse_frame(&first_line)).await.is_err() {
                return;
            }
            while let Some(line) = line_receiver.recv().await {
                if frames.send(sse_frame(&line)).await.is_err() {
                    return;
                }
            }
            let mut outcome = None;
            if let Ok(finished) = task.await {
                let answer = Answer::from_finished(&finished);
                if finished.result.is_err() && frames.send(sse_frame(&answer.body)).await.is_err() {
                    return;
                }
                // The status went out with the first frame.
                outcome = Some(Outcome {
                    status: Some(200),
                    trace: Some(trace),
                    ..Outcome::of(&answer)
                });
            }
            let _ = frames.send(Bytes::from_static(b"data: [DONE]\n\n")).await;
            if let (Some(deferred), Some(outcome)) = (deferred, outcome) {
                deferred.send(outcome);
            }
        });
        let mut response = Response::new(ReplyBody::Stream(receiver));
        sse_headers(response.headers_mut(), reply.keep_alive);
        if let Some(later) = later {
            response.extensions_mut().insert(later);
        }
        response
    }

    /// GetAsyncResultHandler.
    fn async_result(&self, id: &str) -> Response<ReplyBody> {
        match self.results.get(id) {
            Some(record) => gin_json(StatusCode::OK, record),
            None => gin_json(
                StatusCode::NOT_FOUND,
                gojson::object(&[("error", gojson::string("async result not found"))]),
            ),
        }
    }

    /// DeleteSessionHandler (api/v1/session.go): no function lookup, `{"code","message"}` without trace_id or
    /// X-Inner-Code, an empty 200 when done.
    fn delete_session(&self, urn: &str, id: &str) -> Response<ReplyBody> {
        let error = |status: StatusCode, code: i64, message: &str| {
            let body = gojson::object(&[("code", code.to_string()), ("message", gojson::string(message))]);
            gin_json(status, body)
        };
        let urn = match rules::parse_urn(urn) {
            Ok(urn) => urn,
            Err(why) => return error(StatusCode::BAD_REQUEST, 200_400, &why),
        };
        if id.is_empty() {
            return error(StatusCode::BAD_REQUEST, 200_400, "sessionId is empty");
        }
        if self.sessions.delete(&urn.func_key(), id) {
            go_response(StatusCode::OK, Vec::new(), Bytes::new())
        } else {
            error(StatusCode::NOT_FOUND, 200_404, "session not found")
        }
    }
}

/// The URN an invoke route names.
enum Target {
    Urn(String),
    Short {
        tenant: String,
        service: String,
        function: String,
    },
}

/// One invocation once its URN parsed: what the checks after the 202 need.
struct Invocation {
    urn_text: String,
    urn: Urn,
    headers: HeaderMap,
    body: ReadBody,
    trace: String,
}

/// The trace id of an answer framed as SSE, which carries none in its headers.
#[derive(Clone)]
struct SseTrace(String);

/// Left on an answer whose log line must wait: a stream's end, or an asynchronous call's (after its 202).
#[derive(Clone)]
struct Later {
    kind: Kind,
    request_id: Option<String>,
    // A response extension must be Clone; the receiver is taken out once.
    receiver: Arc<std::sync::Mutex<Option<oneshot::Receiver<Outcome>>>>,
}

/// How a deferred call ended, for its log line.
#[derive(Debug, Default)]
struct Outcome {
    status: Option<u16>,
    code: Option<i64>,
    trace: Option<String>,
    stderr: Option<String>,
    body: Option<Bytes>,
    note: Option<&'static str>,
}

impl Outcome {
    /// What an answer says, as the log reads it from a response.
    fn of(answer: &Answer) -> Outcome {
        let header = |name: &str| {
            answer
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let status = answer.status;
        let code = header("X-Inner-Code").and_then(|c| c.parse::<i64>().ok());
        let failing = log::failing(status, code);
        Outcome {
            status: Some(status),
            code,
            trace: None,
            stderr: header("X-Log-Result"),
            body: failing.then(|| answer.body.clone()),
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
struct Deferred {
    sender: Option<oneshot::Sender<Outcome>>,
    fallback: &'static str,
}

impl Deferred {
    /// A `Later` for an answer and its sending end, or neither when nothing is logged.
    fn pair(
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

    fn send(mut self, outcome: Outcome) {
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

/// The request line and headers as `-v` shows them, the token redacted.
fn request_head(request: &Request<Incoming>) -> Vec<(String, String)> {
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

/// The status line and headers the emulator set (hyper adds Date and Content-Length or Transfer-Encoding).
fn response_head(response: &Response<ReplyBody>) -> Vec<(String, String)> {
    let status = response.status();
    let mut head = vec![(
        "HTTP/1.1".to_string(),
        format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or("")),
    )];
    for (name, value) in response.headers() {
        head.push((
            title_case(name.as_str()),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        ));
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

/// How much of a body over the limit is read (and dropped) so the client can finish sending and read the answer;
/// past it the connection is closed.
fn drain_cap(limit: u64) -> u64 {
    limit.saturating_mul(16).saturating_add(64 << 20)
}

/// Reads and drops a body the answer did not need, for at most `limit` bytes and `time`.
async fn drain(body: Incoming, limit: u64, time: Duration) {
    let reading = async {
        let mut body = body;
        let mut read: u64 = 0;
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(data) = frame.into_data() {
                read += data.len() as u64;
                if read >= limit {
                    break;
                }
            }
        }
    };
    let _ = limit::within(time, reading).await;
}

/// A body read error in the words of Go's `net/http` body reader.
fn body_error(error: &hyper::Error, peer: &Peer) -> String {
    use std::error::Error;
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::UnexpectedEof => "unexpected EOF".into(),
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
                    if io.to_string().to_ascii_lowercase().contains("size") {
                        "invalid byte in chunk length".into()
                    } else {
                        "malformed chunked encoding".into()
                    }
                }
                std::io::ErrorKind::ConnectionReset => {
                    format!("read tcp {}->{}: connection reset by peer", peer.local, peer.remote)
                }
                _ => format!("read tcp {}->{}: {io}", peer.local, peer.remote),
            };
        }
        source = cause.source();
    }
    "unexpected EOF".into()
}

/// `writeHTTPResponse` (api/v1/invoke.go): the context's headers and status, then either the body with
/// `X-Trace-Id`, or — with `Accept: text/event-stream` — the body as one `data:` frame and `data: [DONE]` with the
/// SSE headers and no `X-Trace-Id`.
fn write_answer(answer: Answer, reply: &Reply) -> Response<ReplyBody> {
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
fn sse_headers(headers: &mut HeaderMap, keep_alive: bool) {
    set(headers, "content-type", b"text/event-stream");
    set(headers, "cache-control", b"no-cache");
    if keep_alive {
        set(headers, "connection", b"keep-alive");
    }
    set(headers, "x-accel-buffering", b"no");
}

fn sse_frame(data: &[u8]) -> Bytes {
    let mut frame = Vec::with_capacity(data.len() + 8);
    frame.extend_from_slice(b"data: ");
    frame.extend_from_slice(data);
    frame.extend_from_slice(b"\n\n");
    Bytes::from(frame)
}

/// A response as Go's `net/http` writes a handler's: a body without Content-Type gets the sniffed one (the
/// frontend's error bodies are text: `text/plain; charset=utf-8`), and a body over 2 KiB goes out chunked.
fn go_response(status: StatusCode, headers: Vec<(&'static str, Vec<u8>)>, body: Bytes) -> Response<ReplyBody> {
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
fn gin_json(status: StatusCode, body: String) -> Response<ReplyBody> {
    go_response(
        status,
        vec![("Content-Type", GIN_JSON.as_bytes().to_vec())],
        Bytes::from(body),
    )
}

/// ProxyHandler (api/v1/proxyhandler.go) for a path no route and no function serves.
fn not_found() -> Response<ReplyBody> {
    go_response(
        StatusCode::NOT_FOUND,
        vec![("Content-Type", GIN_TEXT.as_bytes().to_vec())],
        Bytes::from_static(b"404 page not found"),
    )
}

/// What net/http writes for a request it cannot parse (here: a broken `%`-escape in the path), then it closes.
/// (Go writes this head by hand, without Content-Length or Date; hyper adds both.)
fn bad_request() -> Response<ReplyBody> {
    let mut response = go_response(
        StatusCode::BAD_REQUEST,
        vec![("Content-Type", GIN_TEXT.as_bytes().to_vec())],
        Bytes::from_static(b"400 Bad Request"),
    );
    set(response.headers_mut(), "connection", b"close");
    response
}

/// `respondAuthError`: a login page for a browser, else `{"error": message}`.
fn unauthorized(headers: &HeaderMap, message: &str) -> Response<ReplyBody> {
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

fn set(headers: &mut HeaderMap, name: &str, value: &[u8]) {
    if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value)) {
        headers.insert(name, value);
    }
}

/// Whether the connection stays open after this request (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with
/// `keep-alive`).
fn keep_alive(version: Version, headers: &HeaderMap) -> bool {
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

/// `getInstanceID`: `INSTANCE_ID`, else `POD_NAME`, else the host name.
fn instance_id() -> String {
    for var in ["INSTANCE_ID", "POD_NAME"] {
        if let Some(id) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
            return id;
        }
    }
    let mut name = [0u8; 256];
    // SAFETY: gethostname writes at most `len` bytes into the buffer we own.
    let ok = unsafe { libc::gethostname(name.as_mut_ptr().cast(), name.len()) } == 0;
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    if ok && end > 0 {
        String::from_utf8_lossy(&name[..end]).into_owned()
    } else {
        "unknown".into()
    }
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

/// A response body: whole (framed as Go frames a handler's body: a Content-Length up to 2 KiB, chunked above),
/// whole but always chunked (SSE), or frames sent as they are made.
pub enum ReplyBody {
    Full(Bytes),
    Chunked(Bytes),
    Stream(mpsc::Receiver<Bytes>),
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ReplyBody::Full(bytes) | ReplyBody::Chunked(bytes) => {
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
        match self {
            ReplyBody::Full(bytes) => bytes.is_empty(),
            ReplyBody::Chunked(_) | ReplyBody::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Full(bytes) if bytes.len() <= GO_BUFFER => SizeHint::with_exact(bytes.len() as u64),
            _ => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let post = |p: &str| route(&Method::POST, p);
        assert!(matches!(post("/serverless/v1/functions/u/invocations"), Route::Invoke(u) if u == "u"));
        assert!(matches!(post("/serverless/v1/functions//invocations"), Route::Invoke(u) if u.is_empty()));
        assert!(matches!(
            post("/invocations/t/s/f/"),
            Route::Short { legacy: false, .. }
        ));
        assert!(matches!(post("/t/s/f:1/"), Route::Short { legacy: true, .. }));
        assert!(matches!(
            post("/serverless/v1/functions/"),
            Route::Short { legacy: true, .. }
        ));
        for none in [
            "/t/s/f",
            "/invocations/t/s/f",
            "/invocations/t/s/",
            "/direct/a/b/",
            "/tunnel/a/b/",
            "/serverless/v1/http/",
            "/a/b/c/d/",
        ] {
            assert!(matches!(post(none), Route::NotFound), "{none}");
        }
        assert!(matches!(route(&Method::GET, "/t/s/f/"), Route::NotFound));
        assert!(post("/serverless/v1/functions/sn:cn:yrk:t:function:0@s@f:1/invocations").is_invoke_url());
        assert!(!post("/serverless/v1/functions/a:b/invocations").is_invoke_url());
        assert!(!post("/serverless/v1/functions//invocations").is_invoke_url());
        assert!(post("/t/s/f/").is_invoke_url());
        assert!(!post("/api/s/f/").is_invoke_url());
        assert!(!post("/t//f/").is_invoke_url());
    }

    #[test]
    fn ids_look_like_uuids() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}
