//! Turns the request flags into a checked `InvokeRequest`: URN, headers and body. Shared by every command that invokes.

use anyhow::Result;

use crate::client::body::RequestBody;
use crate::client::config::{Lookup, NameFlags, name_defaults};
use crate::client::token::Token;
use crate::exit::{FlagError, flag_header_value, flag_value};
use crate::trace::{self, TraceParent};
use crate::urn::FunctionUrn;
use crate::values::{self, InstanceSession};

pub const JSON: &str = "application/json";

/// The request flags as given, before any is parsed: what `InvokeRequest::build` checks and turns into the request.
/// commands/ fills it from the command line (cli::RequestArgs), yr test from a case of a suite file.
#[derive(Debug, Clone, Default)]
pub struct RequestFlags {
    /// FUNCTION as written.
    pub function: String,
    pub names: NameFlags,
    /// -d as given: the shell may pass bytes that are not UTF-8, refused with their offset.
    pub data: Option<std::ffi::OsString>,
    pub headers: Vec<String>,
    pub content_type: Option<String>,
    pub ignore_stdin: bool,
    pub trace_id: Option<String>,
    pub traceparent: TraceparentFlags,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub custom_resource: Vec<String>,
    pub pool_label: Option<String>,
    pub instance_label: Option<String>,
    pub session_id: Option<String>,
    pub session_ttl: Option<String>,
    pub session_concurrency: Option<String>,
}

/// --traceparent and an inherited TRACEPARENT as given; the flag wins.
#[derive(Debug, Clone, Default)]
pub struct TraceparentFlags {
    pub flag: Option<String>,
    pub env: Option<String>,
}

/// Headers that say how the message is framed and how the connection is kept (RFC 9110 §7.6.1, RFC 9112): the HTTP
/// client writes them from the body and the endpoint. From -H (or a suite's `headers`) one would be sent beside the
/// client's, or instead of it: `Content-Length: 0` with a body lost the body, other values broke the framing and
/// the error blamed the server.
const FRAMING_HEADERS: [&str; 9] = [
    "Content-Length",
    "Transfer-Encoding",
    "Host",
    "Connection",
    "Keep-Alive",
    "Upgrade",
    "TE",
    "Trailer",
    "Proxy-Connection",
];

/// Headers that flags set; -H may not set them too, so one flag never silently wins over another.
const FLAG_HEADERS: [(&str, &str); 7] = [
    ("X-Instance-Cpu", "--cpu"),
    ("X-Instance-Memory", "--memory"),
    ("X-Instance-Custom-Resource", "--custom-resource"),
    ("X-Pool-Label", "--pool-label"),
    ("X-Instance-Label", "--instance-label"),
    ("X-Instance-Session", "--session-id"),
    ("X-Trace-Id", "--trace-id"),
];

/// One invocation, checked and ready to send.
#[derive(Debug, Clone)]
pub struct InvokeRequest {
    pub urn: FunctionUrn,
    pub content_type: String,
    /// Headers besides Content-Type and X-Auth, in the order they are sent.
    pub headers: Vec<(String, String)>,
    pub body: RequestBody,
    /// Things worth saying before sending (shown unless -q).
    pub warnings: Vec<String>,
    /// How each call's X-Trace-Id and traceparent are made.
    pub trace: TracePlan,
}

/// Where the trace ids of this request's calls come from, decided once; `for_call` makes each call's.
#[derive(Debug, Clone, Default)]
pub struct TracePlan {
    /// The X-Trace-Id that --trace-id or -H set (it is in `InvokeRequest::headers`); else yr makes one per call.
    fixed_id: Option<String>,
    /// The OpenTelemetry trace upstream derives from -H X-Request-Id, which it follows when X-Trace-Id names none.
    request_id_trace: Option<String>,
    /// The outer trace (--traceparent, else TRACEPARENT) the calls join.
    outer: Option<TraceParent>,
}

/// The trace ids of one call (its retries included): what it was sent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallTrace {
    pub trace_id: String,
    pub traceparent: String,
    /// Whether yr made the X-Trace-Id (else it is one of the request's own headers).
    made_id: bool,
}

impl TracePlan {
    /// One call's ids, by upstream's rule (`BuildInboundContext`, pkg/common/faas_common/tracer/trace_utils.go):
    /// the frontend follows the trace its X-Trace-Id names, else X-Request-Id's, and only then the traceparent's.
    /// So the traceparent's trace is that one, and a fresh span id names this call. Joining an outer trace, the
    /// X-Trace-Id is the outer trace id as a UUID, which upstream reads back to the same trace.
    pub fn for_call(&self) -> CallTrace {
        let trace_id = match (&self.fixed_id, &self.outer) {
            (Some(id), _) => id.clone(),
            (None, Some(outer)) => trace::as_uuid(&outer.trace_id),
            (None, None) => trace::new_uuid(),
        };
        self.ids_for(trace_id)
    }

    /// As `for_call`, with `trace_id` as the X-Trace-Id yr makes (bench's per-call ids, which --export records),
    /// unless --trace-id or -H fixed one.
    pub fn for_call_as(&self, trace_id: String) -> CallTrace {
        match &self.fixed_id {
            Some(id) => self.ids_for(id.clone()),
            None => self.ids_for(trace_id),
        }
    }

    /// Whether yr makes each call's X-Trace-Id (no --trace-id or -H fixed one): `CallTrace::headers` has it.
    pub fn makes_id(&self) -> bool {
        self.fixed_id.is_none()
    }

    /// The call's trace header lines, as `for_call` (or `for_call_as(picked)`) and `CallTrace::headers` give them,
    /// written straight into `out` with lowercase names (as HeaderName puts them on the wire). A fresh id, yr's
    /// own and joining no outer trace, is written from its words without a string made for it: bench's every call.
    pub fn push_headers(&self, picked: Option<&str>, out: &mut Vec<u8>) {
        if self.fixed_id.is_none() && picked.is_none() && self.outer.is_none() {
            let words = trace::new_uuid_words();
            out.extend_from_slice(b"x-trace-id: ");
            trace::push_uuid(out, words);
            // The UUID's 32 hex digits are the trace upstream follows (`otel_trace_id`).
            out.extend_from_slice(b"\r\ntraceparent: 00-");
            trace::push_hex_bytes(out, words.0, 16);
            trace::push_hex_bytes(out, words.1, 16);
            out.push(b'-');
            trace::push_hex_bytes(out, trace::new_span_word(), 16);
            out.extend_from_slice(b"-01\r\n");
            return;
        }
        let call = match picked {
            Some(id) => self.for_call_as(id.to_string()),
            None => self.for_call(),
        };
        for (name, value) in call.headers() {
            let name: &[u8] = if name == "X-Trace-Id" {
                b"x-trace-id"
            } else {
                b"traceparent"
            };
            out.extend_from_slice(name);
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }

    fn ids_for(&self, trace_id: String) -> CallTrace {
        let otel = trace::otel_trace_id(&trace_id)
            .or_else(|| self.request_id_trace.clone())
            .or_else(|| self.outer.as_ref().map(|o| o.trace_id.clone()))
            .unwrap_or_else(trace::random_trace_id);
        let flags = self.outer.as_ref().map(|o| o.flags.as_str());
        CallTrace {
            traceparent: TraceParent::for_call(&otel, flags).to_string(),
            made_id: self.fixed_id.is_none(),
            trace_id,
        }
    }

    /// The trace the request's own headers make upstream follow, before any traceparent.
    fn local_trace(&self) -> Option<String> {
        self.fixed_id
            .as_deref()
            .and_then(trace::otel_trace_id)
            .or_else(|| self.request_id_trace.clone())
    }
}

impl CallTrace {
    /// The headers yr adds for the call: X-Trace-Id when yr made it, and traceparent.
    pub fn headers(&self) -> Vec<(&'static str, &str)> {
        let mut headers = Vec::with_capacity(2);
        if self.made_id {
            headers.push(("X-Trace-Id", self.trace_id.as_str()));
        }
        headers.push(("traceparent", self.traceparent.as_str()));
        headers
    }
}

impl InvokeRequest {
    /// Every header as sent, in wire order: Content-Type, X-Auth, the mode headers (`extra`), the flags', then
    /// the call's trace headers (none for `--curl`, whose every run is a call of its own).
    /// One builder for `invoke` and `bench`, so both send the same request.
    pub fn wire_headers(
        &self,
        token: Option<&Token>,
        extra: &[(&str, &str)],
        trace: Option<&CallTrace>,
    ) -> Vec<(String, String)> {
        let mut headers = vec![("Content-Type".to_string(), self.content_type.clone())];
        headers.extend(token.map(Token::header));
        headers.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        headers.extend(self.headers.iter().cloned());
        for (name, value) in trace.map(CallTrace::headers).unwrap_or_default() {
            headers.push((name.to_string(), value.to_string()));
        }
        crate::client::http::wire_order(headers)
    }

    pub fn path(&self) -> String {
        format!("/serverless/v1/functions/{}/invocations", self.urn.path_segment())
    }

    /// The request the flags describe, checked; an error names the flag whose value caused it.
    pub fn build(args: &RequestFlags, lookup: &Lookup) -> Result<InvokeRequest, FlagError> {
        let urn = FunctionUrn::parse_naming(&args.function, &name_defaults(&args.names, lookup))
            .map_err(|(flag, why)| FlagError::usage(flag, why))?;
        let mut headers = Vec::new();
        let mut warnings = Vec::new();

        push_resource_headers(args, &mut headers, &mut warnings)?;
        push_placement_headers(args, &mut headers)?;
        let mut content_type = args.content_type.clone();
        if let Some(ct) = &content_type {
            values::check_header_value(ct).map_err(flag_header_value("--content-type"))?;
        }
        push_user_headers(args, &mut headers, &mut content_type)?;
        let trace = trace_plan(args, &headers, &mut warnings)?;

        let content_type = content_type.unwrap_or_else(|| JSON.to_string());
        let body = RequestBody::read(args.data.as_deref(), args.ignore_stdin, lookup.deadline)
            .map_err(|error| FlagError::of("-d", error))?;
        if is_json(&content_type) {
            body.check_json().map_err(|error| FlagError::of("-d", error))?;
        }
        if body.len() > crate::client::body::FRONTEND_BODY_LIMIT {
            warnings.push(format!(
                "the body is {} bytes, over the frontend's default limit of 6 MB (maxRequestBodySize)",
                body.len()
            ));
        }
        Ok(InvokeRequest {
            urn,
            content_type,
            headers,
            body,
            warnings,
            trace,
        })
    }
}

/// The outer trace, the fixed X-Trace-Id and X-Request-Id, checked together: --traceparent naming another trace
/// than the one X-Trace-Id makes upstream follow is refused (the call would leave the outer trace); an inherited
/// TRACEPARENT in that case is set aside with a warning, as the command line asked for that trace id.
fn trace_plan(
    args: &RequestFlags,
    headers: &[(String, String)],
    warnings: &mut Vec<String>,
) -> Result<TracePlan, FlagError> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let fixed_id = header("X-Trace-Id");
    let mut plan = TracePlan {
        request_id_trace: header("X-Request-Id").as_deref().and_then(trace::otel_trace_id),
        outer: None,
        fixed_id,
    };
    let Some((outer, from)) = outer_trace(&args.traceparent)? else {
        return Ok(plan);
    };
    let by = match (plan.fixed_id.as_deref().and_then(trace::otel_trace_id), &args.trace_id) {
        (Some(_), Some(_)) => "--trace-id",
        (Some(_), None) => "-H X-Trace-Id",
        (None, _) => "-H X-Request-Id",
    };
    match plan.local_trace() {
        Some(local) if local != outer.trace_id && from == TRACEPARENT_FLAG => Err(FlagError::usage(
            TRACEPARENT_FLAG,
            format!(
                "--traceparent is trace {}, but {by} names trace {local}, which the frontend follows first \
                 (BuildInboundContext): the call would leave the outer trace; give one of them",
                outer.trace_id
            ),
        )),
        Some(local) if local != outer.trace_id => {
            warnings.push(format!(
                "TRACEPARENT (trace {}) is set aside: {by} names trace {local}, which the frontend follows first",
                outer.trace_id
            ));
            Ok(plan)
        }
        _ => {
            plan.outer = Some(outer);
            Ok(plan)
        }
    }
}

const TRACEPARENT_FLAG: &str = "--traceparent";
const TRACEPARENT_ENV: &str = "TRACEPARENT";

/// --traceparent, else a non-empty TRACEPARENT, parsed strictly; with where it came from.
pub fn outer_trace(given: &TraceparentFlags) -> Result<Option<(TraceParent, &'static str)>, FlagError> {
    let (text, from) = match (&given.flag, &given.env) {
        (Some(flag), _) => (flag, TRACEPARENT_FLAG),
        (None, Some(env)) if !env.is_empty() => (env, TRACEPARENT_ENV),
        _ => return Ok(None),
    };
    let parsed = TraceParent::parse(text)
        .map_err(|why| FlagError::usage(from, format!("{from} `{}`: {why}", crate::values::printable(text))))?;
    Ok(Some((parsed, from)))
}

/// `--cpu`, `--memory` and `--custom-resource` as headers, warning when one is given without the others it needs.
fn push_resource_headers(
    args: &RequestFlags,
    headers: &mut Vec<(String, String)>,
    warnings: &mut Vec<String>,
) -> Result<(), FlagError> {
    let cpu = args
        .cpu
        .as_deref()
        .map(|v| values::parse_cpu(v).map_err(flag_value("--cpu")))
        .transpose()?;
    let memory = args
        .memory
        .as_deref()
        .map(|v| values::parse_memory(v).map_err(flag_value("--memory")))
        .transpose()?;
    if let Some(cpu) = cpu {
        headers.push(("X-Instance-Cpu".to_string(), cpu.to_string()));
    }
    if let Some(memory) = memory {
        headers.push(("X-Instance-Memory".to_string(), memory.to_string()));
    }
    match (cpu, memory) {
        (Some(_), None) => warnings.push("--cpu without --memory: the frontend applies them only together".into()),
        (None, Some(_)) => warnings.push("--memory without --cpu: the frontend applies them only together".into()),
        _ => {}
    }

    if !args.custom_resource.is_empty() {
        let mut resources = serde_json::Map::new();
        for text in &args.custom_resource {
            let (name, count) = values::parse_custom_resource(text).map_err(flag_value("--custom-resource"))?;
            if resources.insert(name.clone(), count.into()).is_some() {
                return Err(FlagError::usage(
                    "--custom-resource",
                    format!("--custom-resource `{name}` is given twice"),
                ));
            }
        }
        if cpu.is_none() || memory.is_none() {
            warnings.push("--custom-resource takes effect only together with --cpu and --memory".into());
        }
        headers.push((
            "X-Instance-Custom-Resource".to_string(),
            serde_json::Value::Object(resources).to_string(),
        ));
    }
    Ok(())
}

/// The pool and instance labels, the instance session and the trace id, as headers.
fn push_placement_headers(args: &RequestFlags, headers: &mut Vec<(String, String)>) -> Result<(), FlagError> {
    for (value, flag, header) in [
        (&args.pool_label, "--pool-label", "X-Pool-Label"),
        (&args.instance_label, "--instance-label", "X-Instance-Label"),
    ] {
        if let Some(value) = value {
            values::check_header_value(value).map_err(flag_header_value(flag))?;
            headers.push((header.to_string(), value.clone()));
        }
    }

    if let Some(session) = InstanceSession::parse(
        args.session_id.as_deref(),
        args.session_ttl.as_deref(),
        args.session_concurrency.as_deref(),
    )
    .map_err(|(flag, why)| FlagError::usage(flag, why))?
    {
        values::check_header_value(&session.id).map_err(flag_header_value("--session-id"))?;
        headers.push(("X-Instance-Session".to_string(), session.header_value()));
    }

    if let Some(trace) = &args.trace_id {
        let length = trace.chars().count();
        if length == 0 || length > 128 {
            return Err(FlagError::usage(
                "--trace-id",
                format!("--trace-id must be 1 to 128 characters, got {length}"),
            ));
        }
        values::check_header_value(trace).map_err(flag_header_value("--trace-id"))?;
        headers.push(("X-Trace-Id".to_string(), trace.clone()));
    }
    Ok(())
}

/// Each `-H`, refusing one that yr writes itself, a credential, or one a flag already set; a Content-Type goes to
/// `content_type` instead.
fn push_user_headers(
    args: &RequestFlags,
    headers: &mut Vec<(String, String)>,
    content_type: &mut Option<String>,
) -> Result<(), FlagError> {
    for text in &args.headers {
        let (name, value) = values::parse_header(text).map_err(flag_value("-H"))?;
        if let Some(framing) = FRAMING_HEADERS.iter().find(|h| h.eq_ignore_ascii_case(&name)) {
            return Err(FlagError::usage(
                "-H",
                format!(
                    "-H {name}: {framing} is written by yr's HTTP client (from the body and the endpoint), so a \
                     value from -H would lose the body or break the request's framing; leave it out"
                ),
            ));
        }
        if name.eq_ignore_ascii_case("X-Auth") {
            return Err(FlagError::usage(
                "-H",
                "-H X-Auth: credentials never come from the command line; use YR_JWT_TOKEN or --token-file",
            ));
        }
        if name.eq_ignore_ascii_case("traceparent") {
            return Err(FlagError::usage(
                "-H",
                "-H traceparent: yr sends a traceparent with every call; join an outer trace with --traceparent \
                 (or TRACEPARENT) instead",
            ));
        }
        if name.eq_ignore_ascii_case("Content-Type") {
            if content_type.is_some() {
                return Err(FlagError::usage(
                    "-H",
                    "-H Content-Type and --content-type both set the content type: give one",
                ));
            }
            *content_type = Some(value);
            continue;
        }
        if let Some((header, flag)) = FLAG_HEADERS.iter().find(|(h, _)| h.eq_ignore_ascii_case(&name)) {
            if headers.iter().any(|(h, _)| h == header) {
                return Err(FlagError::usage(
                    "-H",
                    format!("-H {name} and {flag} both set {header}: give one"),
                ));
            }
        }
        headers.push((name, value));
    }
    Ok(())
}

/// `application/json`, `application/problem+json; charset=utf-8` and the like.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == JSON || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    /// `FUNCTION --flag value ...` as `yr invoke` would take them, as the plain flags the builder gets (the command
    /// line's parsing is clap's, tested in tests/; here the builder alone).
    fn build(args: &[&str]) -> Result<InvokeRequest> {
        let (function, mut rest) = (args[0], &args[1..]);
        let mut flags = RequestFlags {
            function: function.to_string(),
            ignore_stdin: true,
            ..RequestFlags::default()
        };
        while let [flag, value, more @ ..] = rest {
            let value = value.to_string();
            match *flag {
                "--cpu" => flags.cpu = Some(value),
                "--memory" => flags.memory = Some(value),
                "--custom-resource" => flags.custom_resource.push(value),
                "--pool-label" => flags.pool_label = Some(value),
                "--instance-label" => flags.instance_label = Some(value),
                "--session-id" => flags.session_id = Some(value),
                "--session-ttl" => flags.session_ttl = Some(value),
                "--session-concurrency" => flags.session_concurrency = Some(value),
                "--trace-id" => flags.trace_id = Some(value),
                "--content-type" => flags.content_type = Some(value),
                "-H" => flags.headers.push(value),
                "-d" => flags.data = Some(value.into()),
                other => panic!("the test's build does not know {other}"),
            }
            rest = more;
        }
        assert!(rest.is_empty(), "a flag without a value: {rest:?}");
        let env = |_: &str| None;
        Ok(InvokeRequest::build(&flags, &Lookup::with_env(&env))?)
    }

    fn header<'a>(r: &'a InvokeRequest, name: &str) -> Option<&'a str> {
        r.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn maps_flags_to_headers() {
        let r = build(&[
            "0@shop@checkout:3",
            "--cpu",
            "1.5c",
            "--memory",
            "1Gi",
            "--custom-resource",
            "NPU/.+/count=2",
            "--pool-label",
            "pool-a",
            "--instance-label",
            "gpu",
            "--session-id",
            "cart-42",
            "--session-ttl",
            "10",
            "--session-concurrency",
            "-1",
            "--trace-id",
            "t-1",
            "-H",
            "X-Extra: yes",
            "-d",
            "[1]",
        ])
        .unwrap();
        assert_eq!(
            r.path(),
            "/serverless/v1/functions/sn:cn:yrk:default:function:0@shop@checkout:3/invocations"
        );
        assert_eq!(header(&r, "X-Instance-Cpu"), Some("1500"));
        assert_eq!(header(&r, "X-Instance-Memory"), Some("1024"));
        assert_eq!(header(&r, "X-Instance-Custom-Resource"), Some(r#"{"NPU/.+/count":2}"#));
        assert_eq!(header(&r, "X-Pool-Label"), Some("pool-a"));
        assert_eq!(header(&r, "X-Instance-Label"), Some("gpu"));
        assert_eq!(
            header(&r, "X-Instance-Session"),
            Some(r#"{"sessionID":"cart-42","sessionTTL":10,"concurrency":-1}"#)
        );
        assert_eq!(header(&r, "X-Trace-Id"), Some("t-1"));
        assert_eq!(header(&r, "X-Extra"), Some("yes"));
        assert_eq!(r.content_type, JSON);
        assert_eq!(r.body.bytes, b"[1]");
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn warns_about_half_resources() {
        assert_eq!(build(&["f", "--cpu", "500"]).unwrap().warnings.len(), 1);
        assert_eq!(build(&["f", "--memory", "512"]).unwrap().warnings.len(), 1);
    }

    #[test]
    fn content_type_from_either_place() {
        assert_eq!(
            build(&["f", "-H", "content-type: text/plain", "-d", "x"])
                .unwrap()
                .content_type,
            "text/plain"
        );
        assert_eq!(
            build(&["f", "--content-type", "text/plain", "-d", "x"])
                .unwrap()
                .content_type,
            "text/plain"
        );
        assert!(build(&["f", "--content-type", "a/b", "-H", "Content-Type: c/d"]).is_err());
        assert!(build(&["f", "--content-type", "application/vnd+json", "-d", "x"]).is_err());
    }

    #[test]
    fn rejects_bad_values_naming_the_flag() {
        let cases: &[(&[&str], &str)] = &[
            (&["f", "--cpu", "0"], "--cpu"),
            (&["f", "--memory", "1Ti"], "--memory"),
            (&["f", "--custom-resource", "NPU=0"], "--custom-resource"),
            (
                &["f", "--custom-resource", "A=1", "--custom-resource", "A=2"],
                "given twice",
            ),
            (&["f", "--session-ttl", "1"], "--session-ttl needs --session-id"),
            (&["f", "--trace-id", &"t".repeat(129)], "--trace-id"),
            (&["f", "--trace-id", "a\rb"], "--trace-id"),
            (&["f", "--pool-label", "a\nb"], "--pool-label"),
            (&["f", "--instance-label", "a\0b"], "--instance-label"),
            (&["f", "--session-id", "a\nb"], "--session-id"),
            (&["f", "-H", "NoColon"], "-H"),
            (&["f", "-H", "X-Auth: t"], "YR_JWT_TOKEN"),
            (&["f", "-H", "Content-Length: 0", "-d", "{}"], "-H Content-Length"),
            (&["f", "-H", "transfer-encoding: chunked"], "-H transfer-encoding"),
            (&["f", "-H", "Host: h"], "-H Host"),
            (&["f", "-H", "Connection: close"], "-H Connection"),
            (&["f", "--cpu", "1", "-H", "x-instance-cpu: 2"], "--cpu"),
            (&["f", "-d", "{bad"], "not valid JSON"),
            (&["a b"], "space"),
        ];
        for (args, expected) in cases {
            let err = build(args).unwrap_err();
            assert_eq!(crate::exit::for_error(&err), crate::exit::USAGE);
            assert!(err.to_string().contains(expected), "{args:?}: {err}");
        }
    }

    #[test]
    fn json_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/octet-stream"));
    }

    /// The lines `push_headers` writes for a fresh call: the X-Trace-Id and traceparent `for_call` gives, one trace.
    #[test]
    fn push_headers_writes_what_for_call_gives() {
        let plan = TracePlan::default();
        let mut seen = Vec::new();
        for _ in 0..2 {
            let mut out = Vec::new();
            plan.push_headers(None, &mut out);
            let text = String::from_utf8(out).unwrap();
            let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
            let [id, parent] = lines[..] else {
                panic!("two header lines: {text:?}")
            };
            let id = id.strip_prefix("x-trace-id: ").unwrap();
            let parent = TraceParent::parse(parent.strip_prefix("traceparent: ").unwrap()).unwrap();
            assert_eq!(trace::otel_trace_id(id).as_deref(), Some(parent.trace_id.as_str()));
            assert_eq!((id.len(), &id[14..15], parent.flags.as_str()), (36, "4", "01"));
            let made = plan.for_call();
            assert_eq!(
                made.headers().len(),
                2,
                "for_call makes both, as push_headers writes both"
            );
            seen.push((id.to_string(), parent.parent_id));
        }
        assert_ne!(seen[0], seen[1], "each call its own ids");
        let mut out = Vec::new();
        let id = "0badc0de-0000-4000-8000-000000000001";
        plan.push_headers(Some(id), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(&format!(
            "x-trace-id: {id}\r\ntraceparent: 00-0badc0de000040008000000000000001-"
        )));
    }
}
