//! What an answer means: success or failure, inner code, class and a readable message, for every shape the frontend
//! (or a proxy in front of it) sends, judged once per answer (`Judged`). It decides; it prints nothing (output.rs
//! formats and prints, present.rs puts an answer's parts in order and picks the exit code).

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

use crate::client::endpoint::Url;
use crate::client::http::{Exchange, OpenAnswer};
use crate::error_table::{self, ErrorClass, code};

/// The meaning of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub ok: bool,
    pub status: u16,
    /// The inner code: from the error body, else from X-Inner-Code.
    pub code: Option<i64>,
    pub class: ErrorClass,
    /// Why it failed, in one line; None on success.
    pub message: Option<String>,
    /// The same message as the lines it came in, when it had several (a traceback); empty otherwise. The error
    /// block prints them, `message` stays the one-line form `--json` and expectations use.
    pub lines: Vec<String>,
    pub trace_id: Option<String>,
}

impl Verdict {
    /// How the call ended, as every command classifies it (`--json`'s class, the exit code).
    pub fn outcome(&self) -> crate::exit::Class {
        crate::exit::Class::of_answer(self.status, self.class)
    }

    /// The inner code as expectations see it: a successful answer without X-Inner-Code counts as code 0.
    pub fn code_or_success(&self) -> Option<i64> {
        self.code.or(self.ok.then_some(0))
    }
}

/// Codes that mean success.
fn is_success_code(code: i64) -> bool {
    error_table::class_of(code, 200) == ErrorClass::Ok
}

/// An answer read whole and judged once: the verdict that retrying, expectations, printing and the exit code all
/// use, so none of them judges the answer again.
#[derive(Debug)]
pub struct Judged {
    pub exchange: Exchange,
    pub verdict: Verdict,
}

impl Judged {
    pub fn new(exchange: Exchange) -> Judged {
        let verdict = judge(&exchange);
        Judged { exchange, verdict }
    }
}

pub fn judge(exchange: &Exchange) -> Verdict {
    judge_parts(exchange.status, |name| exchange.header(name), &exchange.body)
}

/// An answer judged by its head alone, its body still unread (a stream, or a body copied as it arrives): the
/// verdict `judge` gives its head, without copying the headers into an exchange.
pub fn judge_head(answer: &OpenAnswer) -> Verdict {
    judge_parts(answer.status, |name| answer.header(name), &[])
}

/// The one judgement, of an answer's status, headers (`header` finds one by name, any case) and body: what
/// `judge` applies to an exchange, `judge_head` to an answer's head, and `yr bench`'s engine to hyper's response
/// as it stands.
pub fn judge_parts<'h>(status: u16, header: impl Fn(&str) -> Option<&'h str>, body: &[u8]) -> Verdict {
    let header_code = header("X-Inner-Code").and_then(|v| v.trim().parse::<i64>().ok());
    let header_trace = header("X-Trace-Id").map(str::to_string);

    // A 2xx body is the function's result, even when it looks like an error object.
    if (200..300).contains(&status) && header_code.is_none_or(is_success_code) {
        return Verdict {
            ok: true,
            status,
            code: header_code,
            class: ErrorClass::Ok,
            message: None,
            lines: Vec::new(),
            trace_id: header_trace,
        };
    }

    let parsed = ErrorBody::parse(body, header("Content-Type"));
    let code = parsed.code.or(header_code);
    let class = match code {
        Some(code) => error_table::class_of(code, status),
        None => ErrorClass::from_status(status),
    };
    let class = if (200..300).contains(&status) && class == ErrorClass::Ok {
        ErrorClass::Platform
    } else {
        class
    };
    let mut message = parsed.message;
    let mut lines = parsed.lines;
    if (300..400).contains(&status) {
        let location = header("Location").unwrap_or("nowhere (no Location header)");
        message = format!("redirected to {location}; yr does not follow redirects");
        lines = Vec::new();
    }
    Verdict {
        ok: false,
        status,
        code,
        class,
        message: Some(message),
        lines,
        trace_id: parsed.trace_id.or(header_trace),
    }
}

/// Whether an answer is server-sent events.
pub fn is_event_stream(answer: &OpenAnswer) -> bool {
    answer
        .header("Content-Type")
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("text/event-stream"))
}

/// Whether a frame of a successful (2xx) stream is the frontend's error object rather than a frame of the function's
/// own: exactly the keys the frontend writes (`code`, `message`, optionally `trace_id`; `createErrorResponseBody` in
/// upstream `responsehandler/common.go`) with a code that is not a success. A stream fails this way when the call
/// breaks after its first frame: `writeHTTPResponse` (`api/v1/invoke.go`) then sends the error as the last frame,
/// under the 200 already sent.
pub fn is_error_frame(data: &str) -> bool {
    let Ok(map) = serde_json::from_str::<BTreeMap<String, Value>>(data) else {
        return false;
    };
    let known = map
        .keys()
        .all(|k| matches!(k.as_str(), "code" | "message" | "trace_id"));
    let failed = map
        .get("code")
        .filter(|c| c.is_i64() || c.is_u64())
        .and_then(code_of)
        .is_some_and(|c| c != 0 && error_table::class_of(c, 500) != ErrorClass::Ok);
    known && failed && map.contains_key("message")
}

/// The verdict on an error frame (an `event: error` frame or one `is_error_frame` accepts) of a stream answered
/// with `status`: its code, class, message and trace id, as a synchronous error body would give them.
pub fn judge_error_frame(status: u16, data: &str, header_trace: Option<&str>) -> Verdict {
    let parsed = ErrorBody::parse(data.as_bytes(), Some("application/json"));
    let class = parsed
        .code
        .map_or(ErrorClass::Platform, |c| error_table::class_of(c, 500));
    let class = if class == ErrorClass::Ok {
        ErrorClass::Platform
    } else {
        class
    };
    Verdict {
        ok: false,
        status,
        code: parsed.code,
        class,
        message: Some(parsed.message),
        lines: parsed.lines,
        trace_id: parsed.trace_id.or(header_trace.map(str::to_string)),
    }
}

/// The parts of an error body, whatever its shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    pub code: Option<i64>,
    /// One line, whatever the body held.
    pub message: String,
    /// The message's own lines when it has several (see `message_lines`); empty otherwise.
    pub lines: Vec<String>,
    pub trace_id: Option<String>,
}

impl ErrorBody {
    pub fn parse(body: &[u8], content_type: Option<&str>) -> ErrorBody {
        // Raw values keep a function's own error object exactly as sent (key order, numbers).
        if let Ok(map) = serde_json::from_slice::<BTreeMap<String, &RawValue>>(body) {
            let value = |key: &str| {
                map.get(key)
                    .and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok())
            };
            let code = value("code").as_ref().and_then(code_of);
            let trace_id = value("trace_id").and_then(|v| v.as_str().map(str::to_string));
            let (message, lines) = match map.get("message").or_else(|| map.get("error")) {
                Some(raw) => message_text(raw),
                None => (compact(std::str::from_utf8(body).unwrap_or_default()), Vec::new()),
            };
            return ErrorBody {
                code,
                message,
                lines,
                trace_id,
            };
        }
        let (message, lines) = text_message(body, content_type);
        ErrorBody {
            code: None,
            message,
            lines,
            trace_id: None,
        }
    }
}

fn code_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A message as one line, and as its lines when it has several: strings lose one layer of wrapping quotes
/// (scheduler errors), anything else is compact JSON.
fn message_text(raw: &RawValue) -> (String, Vec<String>) {
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::String(s)) => {
            let unwrapped = s.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
            let text = unwrapped.unwrap_or(&s);
            (one_line(text), message_lines(text))
        }
        Ok(Value::Null) => ("(no message)".into(), Vec::new()),
        _ => (compact(raw.get()), Vec::new()),
    }
}

fn compact(json: &str) -> String {
    crate::answer::json_fmt::reformat(json, false, &crate::answer::color::Palette::plain())
}

/// A body that is not a JSON object: an HTML page's title, the text, or a note that it was empty.
fn text_message(body: &[u8], content_type: Option<&str>) -> (String, Vec<String>) {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return (EMPTY_BODY.into(), Vec::new());
    }
    let is_html = content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("html"))
        || trimmed.get(..1) == Some("<") && trimmed.to_ascii_lowercase().contains("<html");
    if is_html {
        let title = html_title(trimmed);
        let message = match title {
            Some(title) => {
                format!("{title} (an HTML page, likely from a proxy or load balancer in front of the frontend)")
            }
            None => "an HTML page, likely from a proxy or load balancer in front of the frontend".into(),
        };
        return (message, Vec::new());
    }
    // A text body comes from something in front of the frontend, not from a function: one line says it.
    (one_line(trimmed), Vec::new())
}

/// The message of an error answer whose body is empty.
const EMPTY_BODY: &str = "the response body is empty";

fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    let title = one_line(html.get(start..end)?.trim());
    (!title.is_empty()).then_some(title)
}

/// Collapses line breaks and control characters so a message stays on one line, cut at 500 characters.
fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat: String = flat.chars().map(|c| if c.is_control() { '?' } else { c }).collect();
    if flat.chars().count() > 500 {
        format!("{}…", flat.chars().take(500).collect::<String>())
    } else {
        flat
    }
}

/// A message's lines when it has more than one (a traceback), for the error block: blank lines around it dropped,
/// trailing spaces trimmed, control characters (escape sequences included) shown as `?`, a tab kept. One line or
/// none gives an empty list: `one_line` says it all.
pub fn message_lines(text: &str) -> Vec<String> {
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            line.trim_end()
                .chars()
                .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
                .collect()
        })
        .collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return Vec::new();
    };
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap_or(first);
    if last == first {
        return Vec::new();
    }
    lines[first..=last].to_vec()
}

/// Whitespace runs as one space, for comparing a line of the log tail with a line of the error message.
fn squeezed(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The log tail to print beside a failed call's error: without the last run of its lines that is the error
/// message itself (a traceback that the runtime both logged and answered with), so it is shown once, in the error
/// block. Lines compare with their whitespace squeezed; anything else leaves the log as it is.
pub fn logs_beside_error<'a>(log: &'a str, verdict: &Verdict) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let wanted: Vec<String> = if verdict.ok {
        Vec::new()
    } else if verdict.lines.is_empty() {
        verdict.message.iter().map(|m| squeezed(m)).collect()
    } else {
        verdict.lines.iter().map(|l| squeezed(l)).collect()
    };
    if wanted.is_empty() || wanted.iter().all(String::is_empty) {
        return Cow::Borrowed(log);
    }
    // Each line with the byte range it covers, its line break included.
    let mut spans = Vec::new();
    let mut start = 0;
    for piece in log.split_inclusive('\n') {
        spans.push((start, start + piece.len(), squeezed(piece)));
        start += piece.len();
    }
    let n = wanted.len();
    let found = (0..spans.len().saturating_sub(n - 1))
        .rev()
        .find(|&i| spans[i..i + n].iter().zip(&wanted).all(|(span, want)| &span.2 == want));
    match found {
        Some(i) => {
            let (from, to) = (spans[i].0, spans[i + n - 1].1);
            Cow::Owned(format!("{}{}", &log[..from], &log[to..]))
        }
        None => Cow::Borrowed(log),
    }
}

/// The frontend's route that answered, for hints (a 404 without an inner code means something else on each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Invoke,
    /// `GET /serverless/v1/functions/async-results/{id}`.
    AsyncResult,
    /// `DELETE /serverless/v1/functions/{urn}/sessions/{id}`.
    Session,
    /// `GET /healthz`.
    Health,
    /// `GET /admin/v1/functions...`, forwarded to the meta service.
    Functions,
    /// `GET /auth/token/require`.
    Token,
}

/// What the caller knows about the request, for hints.
pub struct HintContext<'a> {
    pub route: Route,
    /// None when not known (`yr result` never saw the request).
    pub urn: Option<&'a str>,
    pub endpoint: &'a Url,
    pub body_len: Option<usize>,
    pub has_token: bool,
    pub location: Option<&'a str>,
}

/// A next step, where the failure's meaning suggests one.
pub fn hint_for(verdict: &Verdict, ctx: &HintContext) -> Option<String> {
    if (300..400).contains(&verdict.status) {
        let to_https = !ctx.endpoint.https && ctx.location.is_some_and(|l| l.starts_with("https://"));
        return Some(if to_https {
            "the endpoint is http:// and the server redirects to https://: pass the https:// address as --endpoint"
                .into()
        } else {
            "if the Location is the frontend, pass it as --endpoint".into()
        });
    }
    let by_code = match verdict.code.unwrap_or(code::SUCCESS) {
        code::SESSION_CONFIG_INVALID => Some("a session needs --session-id of 1 to 63 characters, --session-ttl of 0 or more, and --session-concurrency positive or -1 and at most the function's concurrentNum".to_string()),
        code::FUNCTION_NOT_FOUND => Some(match ctx.urn {
            Some(urn) => format!("check tenant, service, name and version; the URN sent was {urn} (see `yr urn`)"),
            None => "check tenant, service, name and version of the function the call named (see `yr urn`)".into(),
        }),
        code::BAD_REQUEST => Some(match ctx.urn {
            Some(urn) => format!("a function URN has 7 `:`-separated fields, sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION; the URN sent was {urn}"),
            None => "a function URN has 7 `:`-separated fields, sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION".into(),
        }),
        code::REQUEST_BODY_TOO_LARGE | code::PAYLOAD_TOO_LARGE => Some(match ctx.body_len {
            Some(len) => format!("the body was {len} bytes; the frontend's limit is 6 MB unless its maxRequestBodySize says otherwise"),
            None => "the body was over the frontend's limit: 6 MB unless its maxRequestBodySize says otherwise".into(),
        }),
        code::INSTANCE_LABEL_NOT_FOUND => Some("no instance carries the --instance-label given; check the label or leave it out".into()),
        code::STREAM_NOT_ENABLED => Some("this frontend does not accept form uploads: send JSON (the default --content-type)".into()),
        code::UNAUTHORIZED => Some(token_hint(ctx.has_token)),
        _ => None,
    };
    if by_code.is_some() {
        return by_code;
    }
    if verdict
        .code
        .is_some_and(|c| error_table::lookup(c).is_some_and(|e| e.retry_safe))
    {
        return Some("the function did not run, so sending the call again is safe".into());
    }
    match (verdict.status, verdict.message.as_deref()) {
        (401, _) => Some(token_hint(ctx.has_token)),
        // No inner code: what answered is not the frontend's invoke route (Go's mux words it `404 page not
        // found`; a proxy or ingress without the route often sends nothing at all, or an HTML page).
        (404, _) if verdict.code.is_none() => Some(match ctx.route {
            Route::AsyncResult => {
                "the request id is unknown, or its result expired: the frontend keeps results 60 minutes".into()
            }
            Route::Invoke => no_route(ctx.endpoint, "invoke"),
            Route::Session => no_route(ctx.endpoint, "session"),
            Route::Health => no_route(ctx.endpoint, "/healthz"),
            Route::Functions => no_route(ctx.endpoint, "/admin/v1/functions"),
            Route::Token => no_route(ctx.endpoint, "/auth/token/require"),
        }),
        (400, Some("frontend exiting")) => Some("the frontend is shutting down; try again once it is back".into()),
        _ => None,
    }
}

fn no_route(endpoint: &Url, route: &str) -> String {
    format!("{endpoint} has no {route} route here: is it an openYuanrong frontend, with the right path prefix?")
}

fn token_hint(has_token: bool) -> String {
    if has_token {
        "the frontend refused the token: check YR_JWT_TOKEN or --token-file".into()
    } else {
        "the frontend wants a token: set YR_JWT_TOKEN or pass --token-file (sent as X-Auth)".into()
    }
}

/// The function's log tail from X-Log-Result, base64-decoded.
pub fn log_tail(exchange: &Exchange) -> Option<Result<Vec<u8>, String>> {
    use base64::Engine;
    let value = exchange.header("X-Log-Result")?.trim();
    if value.is_empty() {
        return None;
    }
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(value)
            .map_err(|e| format!("X-Log-Result is not base64: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::http::Timings;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Exchange {
        Exchange {
            status,
            version: "HTTP/1.1",
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            timings: Timings::default(),
        }
    }

    #[test]
    fn success_keeps_the_body_as_the_result() {
        let v = judge(&answer(
            200,
            &[("X-Inner-Code", "0"), ("X-Trace-Id", "t")],
            r#"{"code":4002,"message":"mine"}"#,
        ));
        assert_eq!(
            (v.ok, v.code, v.class, v.trace_id.as_deref()),
            (true, Some(0), ErrorClass::Ok, Some("t"))
        );
        assert!(judge(&answer(200, &[], "\"hello\"")).ok);
        assert!(judge(&answer(202, &[("X-Inner-Code", "200202")], "")).ok);
    }

    #[test]
    fn json_errors_with_and_without_trace() {
        let v = judge(&answer(
            500,
            &[("X-Trace-Id", "h")],
            r#"{"code":4037,"message":"\"session config invalid\"","trace_id":"b"}"#,
        ));
        assert_eq!(
            (v.code, v.class, v.message.as_deref(), v.trace_id.as_deref()),
            (
                Some(4037),
                ErrorClass::Request,
                Some("session config invalid"),
                Some("b")
            )
        );
        let v = judge(&answer(
            500,
            &[("X-Trace-Id", "h")],
            r#"{"code":4002,"message":"boom"}"#,
        ));
        assert_eq!(
            (v.class, v.message.as_deref(), v.trace_id.as_deref()),
            (ErrorClass::Function, Some("boom"), Some("h"))
        );
        let v = judge(&answer(
            500,
            &[],
            r#"{"code":500123,"message":{"reason":"mine","n":1}}"#,
        ));
        assert_eq!(
            (v.class, v.message.as_deref()),
            (ErrorClass::Function, Some(r#"{"reason":"mine","n":1}"#))
        );
    }

    #[test]
    fn other_shapes() {
        let v = judge(&answer(500, &[("X-Inner-Code", "3003")], ""));
        assert_eq!(
            (v.code, v.class, v.message.as_deref()),
            (Some(3003), ErrorClass::Platform, Some("the response body is empty"))
        );
        let v = judge(&answer(401, &[], r#"{"error":"Authentication failed: bad token"}"#));
        assert_eq!(
            (v.code, v.class, v.message.as_deref()),
            (None, ErrorClass::Request, Some("Authentication failed: bad token"))
        );
        let v = judge(&answer(404, &[("Content-Type", "text/plain")], "404 page not found"));
        assert_eq!(
            (v.class, v.message.as_deref()),
            (ErrorClass::Request, Some("404 page not found"))
        );
        let v = judge(&answer(400, &[], "frontend exiting"));
        assert_eq!(v.message.as_deref(), Some("frontend exiting"));
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
        let v = judge(&answer(502, &[("Content-Type", "text/html")], html));
        assert_eq!(v.class, ErrorClass::Platform);
        assert!(v.message.unwrap().starts_with("502 Bad Gateway (an HTML page"));
        let v = judge(&answer(301, &[("Location", "https://x/")], ""));
        assert_eq!(
            v.message.as_deref(),
            Some("redirected to https://x/; yr does not follow redirects")
        );
        let v = judge(&answer(
            200,
            &[("X-Inner-Code", "4002")],
            r#"{"code":4002,"message":"late"}"#,
        ));
        assert_eq!((v.ok, v.class), (false, ErrorClass::Function));
    }

    #[test]
    fn error_frames() {
        assert!(is_error_frame(r#"{"code":4002,"message":"boom"}"#));
        assert!(is_error_frame(r#"{"code":200400,"message":"bad","trace_id":"t"}"#));
        assert!(is_error_frame(r#"{"code":504211,"message":{"mine":1}}"#));
        for data in [
            r#"{"code":0,"message":"fine"}"#,
            r#"{"code":200202,"message":"accepted"}"#,
            r#"{"code":4002}"#,
            r#"{"code":"4002","message":"text code"}"#,
            r#"{"code":4002,"message":"x","data":1}"#,
            r#"[{"code":4002,"message":"x"}]"#,
            "not json",
            "",
        ] {
            assert!(!is_error_frame(data), "{data} taken for an error");
        }
        let v = judge_error_frame(
            200,
            r#"{"code":150424,"message":"function metadata not found"}"#,
            Some("h"),
        );
        assert_eq!(
            (
                v.ok,
                v.status,
                v.code,
                v.class,
                v.message.as_deref(),
                v.trace_id.as_deref()
            ),
            (
                false,
                200,
                Some(150424),
                ErrorClass::Request,
                Some("function metadata not found"),
                Some("h")
            )
        );
        let v = judge_error_frame(200, "something broke", None);
        assert_eq!((v.code, v.class), (None, ErrorClass::Platform));
    }

    #[test]
    fn messages_keep_their_lines() {
        assert_eq!(message_lines("one line"), Vec::<String>::new());
        assert_eq!(message_lines("\n  one line \n\n"), Vec::<String>::new());
        assert_eq!(
            message_lines("a\r\n  b  \n\n\tc\u{1b}[0m\n"),
            vec!["a", "  b", "", "\tc?[0m"]
        );
        let v = judge(&answer(500, &[], r#"{"code":4002,"message":"first\n  second"}"#));
        assert_eq!(
            (v.message.as_deref(), v.lines.clone()),
            (Some("first second"), vec!["first".to_string(), "  second".to_string()])
        );
        let v = judge(&answer(
            502,
            &[("Content-Type", "text/plain")],
            "bad gateway\nupstream reset",
        ));
        assert_eq!(
            (v.message.as_deref(), v.lines.len()),
            (Some("bad gateway upstream reset"), 0)
        );
        let html = "<html><title>t</title>\n<body>x</body></html>";
        assert!(
            judge(&answer(502, &[("Content-Type", "text/html")], html))
                .lines
                .is_empty()
        );
    }

    #[test]
    fn the_error_is_cut_from_the_logs_beside_it() {
        let failed = |message: &str| {
            judge(&answer(
                500,
                &[],
                &serde_json::json!({"code": 4002, "message": message}).to_string(),
            ))
        };
        let traceback = "Traceback:\n  File x\nValueError: v";
        let v = failed(traceback);
        assert_eq!(
            logs_beside_error("start\nTraceback:\n  File x\nValueError: v\n", &v),
            "start\n"
        );
        assert_eq!(
            logs_beside_error("Traceback:\n  File   x \nValueError: v\nafter\n", &v),
            "after\n"
        );
        // The last copy goes; one that differs stays whole.
        assert_eq!(
            logs_beside_error(
                "Traceback:\n  File x\nValueError: v\nTraceback:\n  File x\nValueError: v",
                &v
            ),
            "Traceback:\n  File x\nValueError: v\n"
        );
        assert_eq!(
            logs_beside_error("Traceback:\n  File y\nValueError: v\n", &v),
            "Traceback:\n  File y\nValueError: v\n"
        );
        assert_eq!(logs_beside_error("a\nboom\n", &failed("boom")), "a\n");
        assert_eq!(
            logs_beside_error("a\nboom\n", &judge(&answer(200, &[], "1"))),
            "a\nboom\n"
        );
        assert_eq!(logs_beside_error("", &v), "");
    }

    #[test]
    fn logs_decode() {
        let a = answer(200, &[("X-Log-Result", "aGVsbG8K")], "");
        assert_eq!(log_tail(&a), Some(Ok(b"hello\n".to_vec())));
        assert!(log_tail(&answer(200, &[("X-Log-Result", "!!")], "")).unwrap().is_err());
        assert_eq!(log_tail(&answer(200, &[("X-Log-Result", "")], "")), None);
    }
}
