//! The emulated frontend's handlers (openyuanrong/frontend, gin on Go's net/http): token auth, then each route's
//! steps in upstream's order, a call run synchronously, asynchronously or streamed. Each step cites the upstream
//! function it follows; routes, bodies, the invoke checks, answers and the log's data have rooms of their own.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use tokio::sync::{OwnedSemaphorePermit, mpsc};

use crate::error_table::code;

use super::answers::{
    Answer, Reply, bad_request, gin_json, go_response, keep_alive, not_found, set, sse_frame, sse_headers,
    unauthorized, write_answer,
};
use super::body::{self, Limits, Peer};
use super::call_log::{self, Deferred, Outcome};
use super::checks::{self, CallHeaders, Invocation, Prepared, Settings};
use super::functions::{self, Call, Function, Registry};
use super::functions_api::FunctionApi;
use super::ids::{instance_id, new_id};
use super::log::{Kind, RequestLog};
use super::reply_body::ReplyBody;
use super::routes::{Route, Target, route};
use super::rules::{self, first};
use super::state::{AsyncResults, Finish, Sessions};
use super::token_api::{self, Issued};
use super::{auth, gojson, webhook};

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
    /// The developer tokens `/auth/token/require` issued, accepted as the IAM server would until they expire.
    issued: Issued,
    /// `getInstanceID` in api/v1/async_invoke.go: `INSTANCE_ID`, else `POD_NAME`, else the host name.
    instance_id: String,
    /// The request log on stderr; None when nothing is logged (`-q`, or `-- COMMAND` without `-v`).
    log: Option<Arc<RequestLog>>,
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
            issued: Issued::default(),
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
        let request_head = log.shows_headers().then(|| call_log::request_head(&request));
        let header = |name: &str| {
            let value = request.headers().get(name).map(|v| v.as_bytes()).unwrap_or_default();
            String::from_utf8_lossy(value).into_owned()
        };
        let traceparent = request.headers().contains_key("traceparent").then(|| {
            super::log::traceparent_note(&header("traceparent"), &header("x-trace-id"), &header("x-request-id"))
        });
        let response = self.answer(request, routed, peer).await;
        call_log::record(log, response, started, method, what, (request_head, traceparent))
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
                let verdict = if self.issued.accepts(&presented) {
                    None
                } else {
                    expected.verdict(&presented, route.is_invoke_url())
                };
                if let Some(message) = verdict {
                    let response = unauthorized(request.headers(), &message);
                    let (parts, body) = request.into_parts();
                    return self.settle(parts.version, &parts.headers, body, peer, response).await;
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
            Route::FunctionList => self.function_api().list(&tenant_of(&request), request.uri().query()),
            Route::FunctionGet(name) => self
                .function_api()
                .one(&tenant_of(&request), &name, request.uri().query()),
            Route::FunctionVersions(name) => {
                self.function_api()
                    .versions(&tenant_of(&request), &name, request.uri().query())
            }
            Route::TokenRequire => token_api::require(request.headers(), self.token.as_ref(), &self.issued),
            Route::TokenAbandon => token_api::abandon(request.headers()),
            Route::NotFound => not_found(),
        };
        let (parts, body) = request.into_parts();
        self.settle(parts.version, &parts.headers, body, peer, response).await
    }

    /// The meta service's function API over what this emulator serves.
    fn function_api(&self) -> FunctionApi<'_> {
        FunctionApi {
            registry: &self.registry,
            timeout_secs: self.config.function_timeout.as_secs(),
            concurrent_num: self.config.concurrent_num,
        }
    }

    /// An answer that left the request's body unread, once net/http would have settled the body
    /// (`body::settle_unread`): with `Connection: close` when the connection is not to carry another request.
    async fn settle(
        &self,
        version: hyper::Version,
        headers: &hyper::HeaderMap,
        body: Incoming,
        peer: &Peer,
        mut response: Response<ReplyBody>,
    ) -> Response<ReplyBody> {
        if body::settle_unread(version, headers, body, peer, self.config.read_timeout).await {
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
            let answer = Answer::frontend(code::STREAM_NOT_ENABLED, "internal system error", &trace_text, None);
            let response = write_answer(answer, &reply);
            return self.settle(parts.version, &headers, body, peer, response).await;
        }
        // 2. The body is read whole (`ioutil.ReadAll`; a declared Content-Length over the limit is not read).
        let limits = Limits {
            max_body: self.config.max_body,
            read_timeout: self.config.read_timeout,
        };
        let read = match body::read(body, &headers, peer, limits).await {
            Ok((read, close)) => {
                reply.close = close;
                read
            }
            // The default of SetErrorInContextWithDefault: 400, code 200400, Go's error text. The body failed to
            // read: net/http closes the connection (`closeAfterReply`, announced by `Connection: close`).
            Err(why) => {
                reply.close = true;
                return write_answer(Answer::frontend(code::BAD_REQUEST, &why, &trace_text, None), &reply);
            }
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
            Err(why) => return write_answer(Answer::frontend(code::BAD_REQUEST, &why, &trace_text, None), &reply),
        };
        let call = Invocation {
            urn_text,
            urn,
            headers: CallHeaders::read(&headers),
            body: read,
            trace: trace_text,
        };
        if is_async {
            let webhook_url = String::from_utf8_lossy(first(&headers, "x-webhook-url")).into_owned();
            return self.start_async(call, webhook_url, &reply);
        }
        let prepared = match self.check(&call) {
            Ok(prepared) => prepared,
            Err(answer) => return write_answer(answer, &reply),
        };
        if reply.sse {
            return self.start_stream(prepared, reply).await;
        }
        let answer = self.run(&prepared).await;
        write_answer(answer, &reply)
    }

    /// The invoke checks (checks.rs) against what this emulator serves; a refusal as the frontend answers it.
    fn check(&self, call: &Invocation) -> Result<Prepared, Answer> {
        let settings = Settings {
            registry: &self.registry,
            max_body: self.config.max_body,
            concurrent_num: self.config.concurrent_num,
            instance_labels: &self.config.instance_labels,
        };
        checks::check(call, &settings).map_err(|refusal| Answer::refused(refusal, &call.trace))
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
    fn start_async(self: Arc<Self>, call: Invocation, webhook_url: String, reply: &Reply) -> Response<ReplyBody> {
        let id = new_id();
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
                Err(answer) => answer,
            };
            if let Some(deferred) = deferred {
                deferred.send(Outcome {
                    trace: Some(trace),
                    ..answer.outcome()
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
                Err(_) => {
                    return write_answer(
                        Answer::frontend(code::FRONTEND_INTERNAL_ERROR, "the function task failed", "", None),
                        &reply,
                    );
                }
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
                    ..answer.outcome()
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
            Err(why) => return error(StatusCode::BAD_REQUEST, code::BAD_REQUEST, &why),
        };
        if id.is_empty() {
            return error(StatusCode::BAD_REQUEST, code::BAD_REQUEST, "sessionId is empty");
        }
        if self.sessions.delete(&urn.func_key(), id) {
            go_response(StatusCode::OK, Vec::new(), Bytes::new())
        } else {
            error(StatusCode::NOT_FOUND, code::NOT_FOUND, "session not found")
        }
    }
}

/// The meta service's tenant: `X-Tenant-Id` (`InitTenantInfoMiddle` in functionsystem
/// apps/meta_service/function_repo/router/middleware.go); none names no tenant's functions.
fn tenant_of<B>(request: &Request<B>) -> String {
    String::from_utf8_lossy(first(request.headers(), "x-tenant-id")).into_owned()
}
