//! The invoke checks: the invoker chain (invocation/fgadapter.go `MakeInvoker`) and what `InvokeHandler` does
//! before a function runs, in upstream's order, over plain inputs, so that each row of upstream's tests is a unit
//! test here.

use bytes::Bytes;
use hyper::header::HeaderMap;

use crate::error_table::code;

use super::body::ReadBody;
use super::functions::{Function, Registry};
use super::gojson;
use super::rules::{self, SessionAsk, Urn, first};

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

/// The request headers the checks read, each as `Header.Get` gives it (empty is absent), and the ones the frontend
/// does not know, which a COMMAND gets as variables.
#[derive(Debug, Clone, Default)]
pub struct CallHeaders {
    pub instance_session: Vec<u8>,
    pub session_context: Vec<u8>,
    pub instance_label: Vec<u8>,
    pub cpu: Vec<u8>,
    pub memory: Vec<u8>,
    /// `X-Instance-Custom-Resource`, else the older `X-Instance-CustomResource` (`GetCompatibleHeader`).
    pub custom_resource: Vec<u8>,
    pub pool_label: Vec<u8>,
    /// `YR_HEADER_<NAME>` and the value, in the request's order.
    pub passed_on: Vec<(String, String)>,
}

impl CallHeaders {
    pub fn read(headers: &HeaderMap) -> CallHeaders {
        let get = |name: &str| first(headers, name).to_vec();
        let custom_resource = match first(headers, "x-instance-custom-resource") {
            b"" => first(headers, "x-instance-customresource"),
            value => value,
        };
        let mut passed_on = Vec::new();
        for (name, value) in headers {
            let known = KNOWN_HEADERS.contains(&name.as_str())
                || name.as_str().starts_with("x-instance-")
                || name == "x-pool-label";
            if let (false, Ok(value)) = (known, value.to_str()) {
                let var = format!("YR_HEADER_{}", name.as_str().to_ascii_uppercase().replace('-', "_"));
                passed_on.push((var, value.to_string()));
            }
        }
        CallHeaders {
            instance_session: get("x-instance-session"),
            session_context: get("x-session-context"),
            instance_label: get("x-instance-label"),
            cpu: get("x-instance-cpu"),
            memory: get("x-instance-memory"),
            custom_resource: custom_resource.to_vec(),
            pool_label: get("x-pool-label"),
            passed_on,
        }
    }
}

/// One invocation once its URN parsed: what the checks after the 202 need.
#[derive(Debug)]
pub struct Invocation {
    pub urn_text: String,
    pub urn: Urn,
    pub headers: CallHeaders,
    pub body: ReadBody,
    pub trace: String,
}

/// What the checks hold a call to: the functions served and the emulator's settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub registry: &'a Registry,
    /// `--max-body-size`.
    pub max_body: usize,
    /// `--concurrent-num`, the function's concurrentNum for the session rules.
    pub concurrent_num: i64,
    /// `--instance-label`.
    pub instance_labels: &'a [String],
}

/// A checked call, ready to run.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub func_key: String,
    pub function: Function,
    pub body: Bytes,
    pub env: Vec<(String, String)>,
    pub session: Option<SessionAsk>,
}

/// A call refused: its inner code, the message the answer carries, and the Go error the invoker chain returned (an
/// async record's `error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub message: String,
    pub error: String,
}

impl Refusal {
    fn frontend(code: i64, message: &str, error: &str) -> Refusal {
        Refusal {
            code,
            message: message.to_string(),
            error: error.to_string(),
        }
    }

    /// A scheduler refusal as `HandleCreateInstanceError` words it: its text without `"`, in one pair of quotes.
    fn scheduler(code: i64, message: &str) -> Refusal {
        Refusal {
            code,
            message: format!("\"{}\"", message.replace('"', "")),
            error: message.to_string(),
        }
    }
}

/// The invoker chain and what `InvokeHandler` does before the function runs, in upstream's order; the first
/// refusal wins.
pub fn check(call: &Invocation, settings: &Settings<'_>) -> Result<Prepared, Refusal> {
    let headers = &call.headers;
    // BodySizeChecker (middleware/body_size_check.go).
    let body = match &call.body {
        ReadBody::TooLarge(size) => {
            let message = format!(
                "the size of request body is beyond maximum:{}, body size:{size}",
                settings.max_body
            );
            return Err(Refusal::frontend(code::REQUEST_BODY_TOO_LARGE, &message, &message));
        }
        ReadBody::Whole(body) => body.clone(),
    };
    // getFuncSpec (invocation/doinvoke.go): the frontend raises it, so the message is a plain string.
    let func_key = call.urn.func_key();
    let Some(function) = settings.registry.get(&func_key).cloned() else {
        return Err(Refusal::frontend(
            code::FUNCTION_NOT_FOUND,
            "function metadata not found",
            "function doesn't exist",
        ));
    };
    // createKernelRequestHandler: the session header when non-empty; a failure goes through HandleInvokeError,
    // which codes a plain error 330404 (`InternalErrorCode`).
    let session = if headers.instance_session.is_empty() {
        None
    } else {
        rules::parse_session(&headers.instance_session)
            .map_err(|why| Refusal::frontend(code::INTERNAL_SYSTEM_ERROR, &why, &why))?
    };
    // makeAcquireOption (leaseadaptor/util.go): X-Session-Context must be JSON; its error is coded 200500 and,
    // coming back through the acquire, quoted like a scheduler error.
    if !headers.session_context.is_empty() {
        rules::check_session_context(&headers.session_context)
            .map_err(|why| Refusal::scheduler(code::FRONTEND_INTERNAL_ERROR, &why))?;
    }
    // The scheduler's acquire: the instance label, then the session's rules.
    let label = headers.instance_label.as_slice();
    if !label.is_empty() && !settings.instance_labels.iter().any(|l| l.as_bytes() == label) {
        return Err(Refusal::scheduler(
            code::INSTANCE_LABEL_NOT_FOUND,
            "instance label not found",
        ));
    }
    if let Some(ask) = &session {
        if !rules::session_valid(ask, settings.concurrent_num) {
            return Err(Refusal::scheduler(
                code::SESSION_CONFIG_INVALID,
                "session config invalid",
            ));
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
            return Err(Refusal::frontend(code::FRONTEND_INTERNAL_ERROR, &message, &message));
        }
        body
    };
    // …then convertResourceSpecs reads CPU, memory and custom resources.
    let ask = rules::check_resources(&headers.cpu, &headers.memory, &headers.custom_resource)
        .map_err(|why| Refusal::frontend(code::FRONTEND_INTERNAL_ERROR, &why, &why))?;
    Ok(Prepared {
        env: call_env(call, &ask),
        func_key,
        function,
        body,
        session,
    })
}

/// The variables a COMMAND gets for a checked call (the session's and the instance's come when it is bound).
fn call_env(call: &Invocation, ask: &rules::InstanceAsk) -> Vec<(String, String)> {
    let headers = &call.headers;
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
    if !headers.pool_label.is_empty() {
        env.push((
            "YR_POOL_LABEL".into(),
            String::from_utf8_lossy(&headers.pool_label).into_owned(),
        ));
    }
    if !headers.instance_label.is_empty() {
        env.push((
            "YR_INSTANCE_LABEL".into(),
            String::from_utf8_lossy(&headers.instance_label).into_owned(),
        ));
    }
    env.extend(headers.passed_on.iter().cloned());
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    const ECHO: &str = "sn:cn:yrk:default:function:0@default@echo:latest";
    const NOPE: &str = "sn:cn:yrk:default:function:0@default@nope:latest";
    const BODY_NOT_JSON: &str =
        "failed to marshal request data: json: error calling MarshalJSON for type json.RawMessage: ";

    /// A call to `urn` with `body` and the headers `set` fills in.
    fn call(urn: &str, body: &str, set: impl FnOnce(&mut CallHeaders)) -> Invocation {
        let mut headers = CallHeaders::default();
        set(&mut headers);
        Invocation {
            urn_text: urn.to_string(),
            urn: rules::parse_urn(urn).unwrap(),
            headers,
            body: ReadBody::Whole(Bytes::from(body.to_string())),
            trace: "t-1".into(),
        }
    }

    /// Checks a call as an emulator with a 1 MB limit (upstream's tests' MaxRequestBodySize), concurrentNum 2 and
    /// the instance label `gpu`.
    fn checked(call: &Invocation) -> Result<Prepared, Refusal> {
        let registry = Registry::new(&[]).unwrap();
        let labels = ["gpu".to_string()];
        let settings = Settings {
            registry: &registry,
            max_body: 1 << 20,
            concurrent_num: 2,
            instance_labels: &labels,
        };
        check(call, &settings)
    }

    fn refusal(call: &Invocation) -> (i64, String) {
        let refusal = checked(call).unwrap_err();
        (refusal.code, refusal.message)
    }

    fn env(call: &Invocation, name: &str) -> Option<String> {
        let prepared = checked(call).unwrap();
        prepared.env.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    #[test]
    fn upstream_body_size_checker() {
        // upstream: body_size_check_test.go TestBodySizeChecker "not exceeds MaxRequestBodySize"
        let fits = call(ECHO, "", |_| {});
        let fits = Invocation {
            body: ReadBody::Whole(Bytes::from(format!("\"{}\"", "a".repeat((1 << 20) - 2)))),
            ..fits
        };
        assert!(checked(&fits).is_ok());
        // upstream: body_size_check_test.go TestBodySizeChecker "exceeds MaxRequestBodySize"; invoke_test.go
        // Test_InvokeHandler "big body"
        let over = Invocation {
            body: ReadBody::TooLarge((1 << 20) + 1),
            ..call(ECHO, "", |_| {})
        };
        let message = "the size of request body is beyond maximum:1048576, body size:1048577";
        assert_eq!(
            checked(&over).unwrap_err(),
            Refusal {
                code: 4140,
                message: message.into(),
                error: message.into()
            }
        );
    }

    #[test]
    fn upstream_invoke_handler() {
        // upstream: invoke_test.go Test_InvokeHandler "invoke success": the body goes to the function as it came.
        let prepared = checked(&call(ECHO, "\"test body\"", |_| {})).unwrap();
        assert_eq!(prepared.body, "\"test body\"");
        assert_eq!(prepared.func_key, "default/0@default@echo/latest");
        // upstream: doinvoke_test.go TestInvokeHandler "funcMeta not found": a plain string, without quotes.
        assert_eq!(
            checked(&call(NOPE, "{}", |_| {})).unwrap_err(),
            Refusal {
                code: 150_424,
                message: "function metadata not found".into(),
                error: "function doesn't exist".into()
            }
        );
    }

    #[test]
    fn upstream_handle_create_instance_error() {
        // upstream: util_test.go TestHandleCreateInstanceError: an SNError keeps its code, its message quoted…
        let refused = checked(&call(ECHO, "{}", |h| h.instance_label = b"npu".to_vec())).unwrap_err();
        assert_eq!(
            (refused.code, refused.message.as_str(), refused.error.as_str()),
            (150_444, "\"instance label not found\"", "instance label not found")
        );
        // …a plain error is InternalErrorCode 330404.
        assert_eq!(
            refusal(&call(ECHO, "{}", |h| h.instance_session = b"{".to_vec())),
            (
                330_404,
                "unmarshal instance session failed, err: unexpected end of JSON input".into()
            )
        );
    }

    #[test]
    fn upstream_translate_invoke_msg_to_call_req() {
        // upstream: util_test.go TestTranslateInvokeMsgToCallReq: a body json.Marshal refuses is an error (200500).
        for body in ["{", " ", " \t\r\n "] {
            assert_eq!(
                refusal(&call(ECHO, body, |_| {})),
                (200_500, format!("{BODY_NOT_JSON}unexpected end of JSON input")),
                "{body:?}"
            );
        }
        // An empty body is `{}`.
        assert_eq!(checked(&call(ECHO, "", |_| {})).unwrap().body, "{}");
    }

    #[test]
    fn upstream_prepare_dynamic_resource() {
        let with = |cpu: &str, memory: &str, custom: &str| {
            call(ECHO, "{}", |h| {
                h.cpu = cpu.into();
                h.memory = memory.into();
                h.custom_resource = custom.into();
            })
        };
        let resources = |c: &Invocation| (env(c, "YR_INSTANCE_CPU"), env(c, "YR_INSTANCE_MEMORY"));
        let some = |c: &str, m: &str| (Some(c.to_string()), Some(m.to_string()));
        // upstream: doinvoke_test.go Test_prepareDynamicResource "case1": CPU and memory from the headers.
        assert_eq!(resources(&with("600", "512", "")), some("600", "512"));
        // "case2": nothing asked.
        assert_eq!(resources(&with("", "", "")), (None, None));
        // "case3" / "case4": a custom resource named CPU lands in the same map (alone it is not applied: no Memory).
        assert_eq!(resources(&with("", "", r#"{"CPU":1234567890}"#)), (None, None));
        assert_eq!(
            resources(&with("1", "2", r#"{"CPU":1234567890}"#)),
            some("1234567890", "2")
        );
        // upstream: function_invoke_for_kernel_test.go Test_getAcquireReqCPUAndMemory: 200/200 are taken; "200dfa"
        // and "200dafadsf" fall back there, and prepareDynamicResource then refuses them (200500).
        assert_eq!(resources(&with("200", "200", "")), some("200", "200"));
        assert_eq!(
            refusal(&with("200dfa", "200dafadsf", "")),
            (200_500, "strconv.ParseInt: parsing \"200dfa\": invalid syntax".into())
        );
    }

    #[test]
    fn upstream_get_compatible_header() {
        // upstream: util_test.go TestGetCompatibleHeader: the primary header, else the secondary when it is empty.
        for (case, primary, expected) in [
            ("primary", r#"{"aaa":1}"#, r#"{"aaa":1}"#),
            ("primary empty", "", r#"{"bbb":1}"#),
        ] {
            let mut map = HeaderMap::new();
            map.insert("x-instance-custom-resource", primary.parse().unwrap());
            map.insert("x-instance-customresource", r#"{"bbb":1}"#.parse().unwrap());
            assert_eq!(CallHeaders::read(&map).custom_resource, expected.as_bytes(), "{case}");
        }
    }

    /// tests/serve_upstream.rs `later_faults_wait_for_earlier_checks`: the function before the session header and
    /// the body; the session JSON before the body JSON; the label and the session's rules before the body.
    #[test]
    fn the_first_refusal_wins() {
        let broken_session = |h: &mut CallHeaders| h.instance_session = b"{".to_vec();
        assert_eq!(refusal(&call(NOPE, "not json", |_| {})).0, 150_424);
        assert_eq!(refusal(&call(NOPE, "{}", broken_session)).0, 150_424);
        assert_eq!(refusal(&call(ECHO, "not json", broken_session)).0, 330_404);
        let bad_rules = |h: &mut CallHeaders| h.instance_session = br#"{"sessionID":"s","concurrency":3}"#.to_vec();
        assert_eq!(
            refusal(&call(ECHO, "not json", bad_rules)),
            (4037, "\"session config invalid\"".into())
        );
        let context = |h: &mut CallHeaders| h.session_context = b"[".to_vec();
        assert_eq!(refusal(&call(ECHO, "not json", context)).0, 200_500);
    }

    #[test]
    fn unknown_headers_are_passed_on() {
        let mut map = HeaderMap::new();
        map.insert("x-order-id", "42".parse().unwrap());
        map.insert("x-instance-foo", "no".parse().unwrap());
        map.insert("x-pool-label", "pool".parse().unwrap());
        map.insert("accept", "*/*".parse().unwrap());
        let headers = CallHeaders::read(&map);
        assert_eq!(
            headers.passed_on,
            vec![("YR_HEADER_X_ORDER_ID".to_string(), "42".to_string())]
        );
        let c = Invocation {
            headers,
            ..call(ECHO, "{}", |_| {})
        };
        assert_eq!(env(&c, "YR_POOL_LABEL").as_deref(), Some("pool"));
        assert_eq!(env(&c, "YR_HEADER_X_ORDER_ID").as_deref(), Some("42"));
        assert_eq!(env(&c, "YR_TRACE_ID").as_deref(), Some("t-1"));
    }
}
