//! `yr serve` held to upstream (openyuanrong/frontend): first the cases of upstream's own handler, middleware and
//! httputil tests that apply to what the emulator does, as tables whose rows cite the upstream file, test and case;
//! then one test for each point where the emulator follows upstream's code rather than frontend.md, or goes beyond
//! upstream on purpose (docs/serve.md). Raw HTTP against the real binary on 127.0.0.1.

use crate::support::*;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

const ECHO: &str = "sn:cn:yrk:default:function:0@default@echo:latest";
const NOPE: &str = "sn:cn:yrk:default:function:0@default@nope:latest";
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
const GIN_JSON: &str = "application/json; charset=utf-8";
/// `getFuncSpec` in invocation/doinvoke.go raises it: a plain string, without the scheduler's quotes.
const NO_FUNCTION: &str = "function metadata not found";
const BODY_NOT_JSON: &str =
    "failed to marshal request data: json: error calling MarshalJSON for type json.RawMessage: ";
/// A COMMAND that prints the variables the emulator gives it, one `NAME=value` per line.
const SHOW_ENV: &str = "env=env | grep '^YR_' | sort";

/// A frontend refusal as `SetResponseFromFrontend` and `writeHTTPResponse` write it: the code's status,
/// X-Inner-Code, X-Trace-Id, `{"code","message","trace_id"}` exactly, and no Content-Type of its own (Go sniffs
/// `text/plain; charset=utf-8`). Returns the trace id.
#[track_caller]
fn assert_frontend_error(answer: &RawResponse, status: u16, code: i64, message: &str) -> String {
    assert_eq!(answer.status, status, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN), "{:?}", answer.headers);
    assert_eq!(answer.header("x-inner-code"), Some(code.to_string().as_str()));
    let trace = answer.header("x-trace-id").expect("X-Trace-Id").to_string();
    assert_eq!(
        answer.json(),
        json!({"code": code, "message": message, "trace_id": trace})
    );
    trace
}

/// The variables a SHOW_ENV call saw.
fn env_of(answer: &RawResponse) -> Vec<(String, String)> {
    assert_eq!(answer.status, 200, "{}", answer.text());
    let text = answer.json().as_str().map(str::to_string).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn env_var(env: &[(String, String)], name: &str) -> Option<String> {
    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn start_async(emulator: &Emulator, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut all = vec![("X-Invoke-Type", "async"), ("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    let answer = emulator.call("POST", path, &all, body.as_bytes());
    assert_eq!(answer.status, 202, "{}", answer.text());
    answer.json()["requestId"]
        .as_str()
        .expect("requestId is a string")
        .to_string()
}

fn result_path(id: &str) -> String {
    format!("/serverless/v1/functions/async-results/{id}")
}

/// Polls the result route until the call is `completed` or `failed`; the raw answer.
fn wait_record(emulator: &Emulator, id: &str) -> RawResponse {
    let mut answer = emulator.call("GET", &result_path(id), &[], b"");
    // A hang guard only.
    let done = wait_until_polling(Duration::from_secs(10), Duration::from_millis(30), || {
        answer = emulator.call("GET", &result_path(id), &[], b"");
        assert_eq!(answer.status, 200, "{}", answer.text());
        matches!(answer.json()["status"].as_str(), Some("completed" | "failed"))
    });
    assert!(done, "{id} not done: {}", answer.text());
    answer
}

/// RFC 3339 as Go marshals a `time.Time`, in UTC: seconds, then up to nine digits without trailing zeros.
#[track_caller]
fn assert_go_time(value: &Value) {
    let text = value.as_str().unwrap_or_else(|| panic!("not a string: {value}"));
    let (date_time, fraction) = text
        .strip_suffix('Z')
        .map(|t| t.split_at(19.min(t.len())))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        date_time.len() == 19
            && &date_time[10..11] == "T"
            && date_time.bytes().filter(|b| b.is_ascii_digit()).count() == 14,
        "{text}"
    );
    if let Some(digits) = fraction.strip_prefix('.') {
        assert!(
            (1..=9).contains(&digits.len()) && !digits.ends_with('0') && digits.bytes().all(|b| b.is_ascii_digit()),
            "{text}"
        );
    } else {
        assert!(fraction.is_empty(), "{text}");
    }
}

/// (case, path, Content-Type, body, status, what the body contains)
type InvokeRow<'a> = (&'a str, String, (&'a str, &'a str), String, u16, &'a str);
/// (headers, body, status, code, error)
type AsyncRow<'a> = (Vec<(&'a str, &'a str)>, String, u64, i64, &'a str);

fn token_emulator(token: &str, extra: &[&str]) -> (TempDir, Emulator) {
    let dir = TempDir::new();
    let file = dir.file("token", format!("{token}\n"));
    let mut args = vec!["--token-file", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let emulator = Emulator::start(&args);
    (dir, emulator)
}

// ===========================================================================
// Upstream's own test cases
// ===========================================================================

/// upstream: pkg/frontend/api/v1/invoke_test.go Test_InvokeHandler (its configuration: MaxRequestBodySize 1 MB,
/// streams off; the request body is `json.Marshal` of a Go string).
///
/// Not ported: "tenant traffic limit" (the emulator has no tenant quota), "grace exit" (the plugin build's shutdown
/// filter; the standalone server's is `shutdown_is_the_standalone_servers`), testFgStreamException (streams on).
#[test]
fn upstream_invoke_handler() {
    const BASE: &str = "sn:cn:yrk:xxxxxxxxxxx:function:0@base@testpythonbase001:latest";
    const FAILING: &str = "sn:cn:yrk:xxxxxxxxxxx:function:0@base@failing:latest";
    let failing = format!("{FAILING}=echo 'runtime initialization timed out after 3s' >&2; exit 1");
    let emulator = Emulator::start(&[
        "--max-body-size",
        "1M",
        "--function",
        &format!("{BASE}=cat"),
        "--function",
        &failing,
    ]);
    let body = |text: &str| serde_json::to_string(text).unwrap();
    let json = ("Content-Type", "application/json");
    let form = ("Content-Type", "multipart/form-data; boundary=x");
    // (case, path, Content-Type, body, status, what the body contains)
    let rows: Vec<InvokeRow> = vec![
        // upstream: invoke_test.go Test_InvokeHandler "stream not enable"
        (
            "stream not enable",
            invocations(BASE),
            form,
            body("test body"),
            500,
            "internal system error",
        ),
        // upstream: invoke_test.go Test_InvokeHandler "big body"
        (
            "big body",
            invocations(BASE),
            json,
            body(&"a".repeat(6 * 1024 * 1024)),
            500,
            "the size of request body is beyond",
        ),
        // upstream: invoke_test.go Test_InvokeHandler "failed to set processCtx req" (no URN parameter)
        (
            "failed to set processCtx req",
            "/serverless/v1/functions//invocations".into(),
            json,
            body("test body"),
            400,
            "parsing an URN error",
        ),
        // upstream: invoke_test.go Test_InvokeHandler "invoke success" (the stub echoes the body)
        (
            "invoke success",
            invocations(BASE),
            json,
            body("test body"),
            200,
            "\"test body\"",
        ),
        // upstream: invoke_test.go Test_InvokeHandler "invoke failed"
        (
            "invoke failed",
            invocations(FAILING),
            json,
            body("test body"),
            500,
            "runtime initialization timed out after 3s",
        ),
    ];
    for (case, path, content_type, body, status, contains) in rows {
        let answer = emulator.call("POST", &path, &[content_type], body.as_bytes());
        assert_eq!(answer.status, status, "{case}: {}", answer.text());
        assert!(answer.text().contains(contains), "{case}: {}", answer.text());
        if case == "invoke success" {
            assert_eq!(answer.text(), contains, "{case}");
        }
    }
}

/// upstream: pkg/frontend/api/v1/invoke_test.go TestWriteHTTPResponse
///
/// Not ported: "When writing an SSE response with an error" (a response writer that fails).
#[test]
fn upstream_write_http_response() {
    let emulator = Emulator::start(&[]);
    // (case, Accept, the whole body)
    let rows = [
        // upstream: invoke_test.go TestWriteHTTPResponse "When writing a normal HTTP response"
        ("When writing a normal HTTP response", "", "\"test response\""),
        // upstream: invoke_test.go TestWriteHTTPResponse "When writing an SSE response" and "When writing an SSE
        // response without a response writer": the body as one frame, then [DONE].
        (
            "When writing an SSE response",
            "text/event-stream",
            "data: \"test response\"\n\ndata: [DONE]\n\n",
        ),
    ];
    for (case, accept, expected) in rows {
        let mut headers = vec![];
        if !accept.is_empty() {
            headers.push(("Accept", accept));
        }
        let answer = emulator.invoke(ECHO, &headers, "\"test response\"");
        assert_eq!((answer.status, answer.text().as_str()), (200, expected), "{case}");
    }
}

/// upstream: pkg/frontend/api/v1/invoke_test.go TestGinWriter "When calling SSEWrite with data"
#[test]
fn upstream_gin_writer() {
    let emulator = Emulator::start(&["--function", "data=echo 'test data'"]);
    let mut stream = emulator.connect();
    let request = post_request(&invocations(&urn("data")), &[("Accept", "text/event-stream")], b"{}");
    stream.write_all(&request).unwrap();
    let answer = RawResponse::parse(&read_one_response(&mut stream));
    for (name, value) in [
        ("content-type", "text/event-stream"),
        ("cache-control", "no-cache"),
        ("connection", "keep-alive"),
        ("transfer-encoding", "chunked"),
        ("x-accel-buffering", "no"),
    ] {
        assert_eq!(answer.header(name), Some(value), "{name}: {:?}", answer.headers);
    }
    assert!(answer.text().contains("data: test data\n\n"), "{}", answer.text());
}

/// upstream: pkg/frontend/api/v1/async_invoke_test.go
#[test]
fn upstream_async_invoke() {
    let emulator = Emulator::start(&[]);
    // upstream: async_invoke_test.go TestAsyncInvokeHandler_Returns202
    let id = start_async(&emulator, &invocations(ECHO), &[], "\"ok\"");
    assert!(!id.is_empty());
    // upstream: async_invoke_test.go TestAsyncInvokeHandler_BuildContextError: answered at once with its status.
    let answer = emulator.call(
        "POST",
        &invocations("missing-function-urn"),
        &[("X-Invoke-Type", "async")],
        b"{}",
    );
    assert_eq!(answer.status, 400, "{}", answer.text());
    // upstream: async_invoke_test.go TestGetAsyncResultHandler_NotFound, and _Pending, _Running, _Completed,
    // _Failed: those four store their records in the older AsyncResultStore, which GetAsyncResultHandler does not
    // read, so each asserts 404 (_Failed: `"error": "async result not found"`).
    for id in [
        "nonexistent-id",
        "pending-req",
        "running-req",
        "completed-req",
        "failed-req",
    ] {
        let answer = emulator.call("GET", &result_path(id), &[], b"");
        assert_eq!(answer.status, 404, "{id}");
        assert_eq!(answer.header("content-type"), Some(GIN_JSON));
        assert_eq!(answer.json(), json!({"error": "async result not found"}), "{id}");
    }
}

/// upstream: pkg/frontend/api/v1/session_test.go TestDeleteSessionHandler
///
/// Not ported: "delete session failed" and "delete session delete failed after existence check" (the emulator's
/// store does not fail); TestInterruptSessionHandler (the interrupt route is not emulated).
#[test]
fn upstream_delete_session() {
    const FUNCTION: &str =
        "sn:cn:yrk:12345678901234561234567890123456:function:0@yrservice@test-faas-python-runtime-001:latest";
    let emulator = Emulator::start(&["--function", &format!("{FUNCTION}=cat")]);
    let session = (
        "X-Instance-Session",
        r#"{"sessionID":"session-1","sessionTTL":0,"concurrency":1}"#,
    );
    let delete = |urn: &str| {
        emulator.call(
            "DELETE",
            &format!("/serverless/v1/functions/{urn}/sessions/session-1"),
            &[],
            b"",
        )
    };
    let make = || assert_eq!(emulator.invoke(FUNCTION, &[session], "{}").status, 200);
    // upstream: session_test.go TestDeleteSessionHandler "delete session success"
    make();
    let answer = delete(FUNCTION);
    assert_eq!((answer.status, answer.body.len()), (200, 0), "{}", answer.text());
    // upstream: session_test.go TestDeleteSessionHandler "delete session not found"
    let answer = delete(FUNCTION);
    assert_eq!(answer.status, 404);
    assert!(answer.text().contains("session not found"), "{}", answer.text());
    // upstream: session_test.go TestDeleteSessionHandler "delete session uses function key when metadata is absent":
    // the session is keyed by tenant/name/version, whatever else the URN says, and no function is looked up.
    make();
    let same_key = FUNCTION
        .replacen("sn:cn:yrk:", "xx:yy:zz:", 1)
        .replacen(":function:", ":other:", 1);
    assert_eq!(delete(&same_key).status, 200);
    let answer = delete(NOPE);
    assert_eq!(answer.json(), json!({"code": 200404, "message": "session not found"}));
}

/// upstream: pkg/frontend/middleware/jwtauth_test.go TestJWTAuthMiddleware and TestJWTAuthMiddlewareIntegration;
/// pkg/frontend/api/jwt_integration_test.go TestInvokeHandlerWithJWTMiddleware. The IAM server's place is taken by
/// `--token-file`: only that token validates.
#[test]
fn upstream_jwt_auth_middleware() {
    let developer = test_jwt("tenant123", "developer");
    let user = test_jwt("tenant123", "user");
    let other = test_jwt("tenant456", "developer");
    let (_dir, guarded) = token_emulator(&developer, &[]);
    let open = Emulator::start(&[]);
    let delete_path = format!("/serverless/v1/functions/{ECHO}/sessions/s");
    // (case, emulator, method, path, token, status)
    let rows: Vec<(&str, &Emulator, &str, String, &str, u16)> = vec![
        // upstream: jwtauth_test.go TestJWTAuthMiddleware "auth disabled, should pass";
        // jwt_integration_test.go "invoke without JWT when auth disabled"
        ("auth disabled, should pass", &open, "POST", invocations(ECHO), "", 200),
        // upstream: jwtauth_test.go TestJWTAuthMiddleware "no auth header when auth enabled, should be rejected";
        // TestJWTAuthMiddlewareIntegration "auth enabled without header is rejected"
        (
            "no auth header when auth enabled",
            &guarded,
            "POST",
            invocations(ECHO),
            "",
            401,
        ),
        // upstream: jwtauth_test.go TestJWTAuthMiddleware "invalid JWT format, should return 401";
        // jwt_integration_test.go "invoke with invalid JWT"
        (
            "invalid JWT format",
            &guarded,
            "POST",
            invocations(ECHO),
            "invalid.jwt.token",
            401,
        ),
        // upstream: jwtauth_test.go TestJWTAuthMiddleware "invalid role, should return 401" (a user token where only
        // developers may go: upstream's test route, here DELETE session; on an invoke route users may invoke)
        ("invalid role", &guarded, "DELETE", delete_path.clone(), &user, 401),
        // upstream: jwtauth_test.go TestJWTAuthMiddleware "IAM validation failed, should return 401";
        // jwt_integration_test.go "invoke with valid JWT but IAM validation failed"
        (
            "IAM validation failed",
            &guarded,
            "POST",
            invocations(ECHO),
            &other,
            401,
        ),
        // upstream: jwtauth_test.go TestJWTAuthMiddleware "valid JWT and IAM, should pass";
        // jwt_integration_test.go "invoke with valid JWT and IAM"
        (
            "valid JWT and IAM",
            &guarded,
            "POST",
            invocations(ECHO),
            &developer,
            200,
        ),
        (
            "valid JWT and IAM (DELETE)",
            &guarded,
            "DELETE",
            delete_path.clone(),
            &developer,
            404,
        ),
    ];
    for (case, emulator, method, path, token, status) in rows {
        let mut headers = vec![("Content-Type", "application/json")];
        if !token.is_empty() {
            headers.push(("X-Auth", token));
        }
        let answer = emulator.call(method, &path, &headers, b"{}");
        assert_eq!(answer.status, status, "{case}: {}", answer.text());
        if status == 401 {
            assert_eq!(answer.header("content-type"), Some(GIN_JSON), "{case}");
            let message = answer.json()["error"].as_str().unwrap_or_default().to_string();
            assert!(message.starts_with("Authentication failed: "), "{case}: {message}");
        }
    }
}

/// upstream: pkg/frontend/middleware/jwtauth_whitelist_test.go TestIsInAuthWhitelist (as requests without a token:
/// a whitelisted route gets past the middleware, any other gets 401) and TestGlobalJWTAuthMiddleware.
#[test]
fn upstream_auth_whitelist() {
    let developer = test_jwt("tenant1", "developer");
    let user = test_jwt("tenant1", "user");
    let (_d1, guarded) = token_emulator(&developer, &[]);
    // upstream: jwtauth_whitelist_test.go TestIsInAuthWhitelist, every row
    for (case, path, method, whitelisted) in [
        ("root path GET - should be in whitelist", "/", "GET", true),
        ("root path POST - should not be in whitelist", "/", "POST", false),
        ("healthz GET - should be in whitelist", "/healthz", "GET", true),
        ("healthz POST - should not be in whitelist", "/healthz", "POST", false),
        (
            "componentshealth GET - should be in whitelist",
            "/serverless/v1/componentshealth",
            "GET",
            true,
        ),
        (
            "capabilities GET - should be in whitelist",
            "/serverless/v1/capabilities",
            "GET",
            true,
        ),
        (
            "capabilities POST - should not be in whitelist",
            "/serverless/v1/capabilities",
            "POST",
            false,
        ),
        ("lease PUT - should be in whitelist", "/client/v1/lease", "PUT", true),
        (
            "lease DELETE - should be in whitelist",
            "/client/v1/lease",
            "DELETE",
            true,
        ),
        (
            "lease POST - should not be in whitelist",
            "/client/v1/lease",
            "POST",
            false,
        ),
        ("terminal ws - should be in whitelist", "/terminal/ws", "GET", true),
        (
            "terminal static - should be in whitelist",
            "/terminal/static/style.css",
            "GET",
            true,
        ),
        (
            "terminal static JS - should be in whitelist",
            "/terminal/static/xterm.js",
            "GET",
            true,
        ),
        (
            "auth login page - should be in whitelist",
            "/auth/login-page",
            "GET",
            true,
        ),
        ("auth callback - should be in whitelist", "/auth/callback", "GET", true),
        (
            "auth token exchange - should be in whitelist",
            "/auth/token/exchange",
            "POST",
            true,
        ),
        (
            "invoke endpoint - should not be in whitelist",
            "/serverless/v1/posix/instance/invoke",
            "POST",
            false,
        ),
        (
            "global scheduler resources should require auth",
            "/global-scheduler/resources",
            "GET",
            false,
        ),
    ] {
        let answer = guarded.call(method, path, &[], b"");
        assert_eq!(
            answer.status == 401,
            !whitelisted,
            "{case}: {} {}",
            answer.status,
            answer.text()
        );
    }
    // upstream: jwtauth_whitelist_test.go TestGlobalJWTAuthMiddleware
    let (_d2, for_users) = token_emulator(&user, &[]);
    let short = "/default/default/echo/".to_string();
    // (case, emulator, method, path, token, passes the middleware)
    let rows: Vec<(&str, &Emulator, &str, String, &str, bool)> = vec![
        (
            "whitelisted path should skip auth",
            &guarded,
            "GET",
            "/healthz".into(),
            "",
            true,
        ),
        (
            "non-whitelisted path without auth header should be rejected",
            &guarded,
            "POST",
            "/serverless/v1/posix/instance/invoke".into(),
            "",
            false,
        ),
        (
            "terminal websocket path is whitelisted",
            &guarded,
            "GET",
            "/terminal/ws".into(),
            "",
            true,
        ),
        (
            "plaintext tunnel path should skip auth",
            &guarded,
            "GET",
            "/tunnel/sandbox-demo".into(),
            "",
            true,
        ),
        (
            "invoke URL with RoleUser should be allowed",
            &for_users,
            "POST",
            invocations(ECHO),
            &user,
            true,
        ),
        (
            "invoke URL with RoleDeveloper should be allowed",
            &guarded,
            "POST",
            invocations(ECHO),
            &developer,
            true,
        ),
        (
            "short invoke URL with RoleUser should be allowed",
            &for_users,
            "POST",
            short,
            &user,
            true,
        ),
        (
            "non-invoke URL with RoleUser should be rejected",
            &for_users,
            "POST",
            "/serverless/v1/posix/instance/create".into(),
            &user,
            false,
        ),
        (
            "non-invoke URL with RoleDeveloper should be allowed",
            &guarded,
            "POST",
            "/serverless/v1/posix/instance/create".into(),
            &developer,
            true,
        ),
    ];
    for (case, emulator, method, path, token, passes) in rows {
        let mut headers = vec![("Content-Type", "application/json")];
        if !token.is_empty() {
            headers.push(("X-Auth", token));
        }
        let answer = emulator.call(method, &path, &headers, b"{}");
        assert_eq!(
            answer.status != 401,
            passes,
            "{case}: {} {}",
            answer.status,
            answer.text()
        );
    }
}

/// upstream: pkg/frontend/middleware/body_size_check_test.go TestBodySizeChecker (MaxRequestBodySize 1 MB)
///
/// Not ported: the MaxStreamRequestBodySize rows (an upload stream is refused before the size check, 200600).
#[test]
fn upstream_body_size_checker() {
    let emulator = Emulator::start(&["--max-body-size", "1M"]);
    let body = |len: usize| format!("\"{}\"", "a".repeat(len - 2));
    // (case, body length, refused)
    for (case, len, refused) in [
        // upstream: body_size_check_test.go TestBodySizeChecker "not exceeds MaxRequestBodySize"
        ("not exceeds MaxRequestBodySize", 1024 * 1024, false),
        // upstream: body_size_check_test.go TestBodySizeChecker "exceeds MaxRequestBodySize"
        ("exceeds MaxRequestBodySize", 1024 * 1024 + 1, true),
    ] {
        let answer = emulator.invoke(ECHO, &[], &body(len));
        if refused {
            let message = format!("the size of request body is beyond maximum:1048576, body size:{len}");
            assert_frontend_error(&answer, 500, 4140, &message);
        } else {
            assert_eq!(answer.status, 200, "{case}");
            assert_eq!(answer.body.len(), len, "{case}");
        }
    }
}

/// upstream: pkg/frontend/common/httputil/util_test.go, pkg/frontend/invocation/doinvoke_test.go and
/// function_invoke_for_kernel_test.go: what their helpers do, seen through the answers.
#[test]
fn upstream_httputil_and_invocation_helpers() {
    let emulator = Emulator::start(&["--function", SHOW_ENV, "--instance-label", "gpu"]);
    let env = |headers: &[(&str, &str)]| env_of(&emulator.invoke(&urn("env"), headers, "{}"));

    // upstream: util_test.go TestInitTraceID "empty trace id": an empty X-Request-Id gets a fresh id.
    let answer = emulator.invoke(ECHO, &[("X-Request-Id", "")], "{}");
    assert_eq!(answer.header("x-trace-id").map(str::len), Some(36));
    // upstream: util_test.go TestInitTraceID "long trace id": cut to MaxTraceIDLength (128).
    let long: String = (0..128).map(|i| i.to_string()).collect();
    let answer = emulator.invoke(ECHO, &[("X-Request-Id", &long)], "{}");
    assert_eq!(answer.header("x-trace-id"), Some(&long[..128]));

    // upstream: util_test.go TestGetCompatibleHeader: the primary header, else the secondary when it is empty
    // (X-Instance-Custom-Resource, else X-Instance-CustomResource).
    let cpu_memory = [("X-Instance-Cpu", "500"), ("X-Instance-Memory", "512")];
    for (case, headers, expected) in [
        (
            "primary",
            vec![
                ("X-Instance-Custom-Resource", r#"{"aaa":1}"#),
                ("X-Instance-CustomResource", r#"{"bbb":1}"#),
            ],
            r#"{"aaa":1}"#,
        ),
        (
            "primary empty",
            vec![
                ("X-Instance-Custom-Resource", ""),
                ("X-Instance-CustomResource", r#"{"bbb":1}"#),
            ],
            r#"{"bbb":1}"#,
        ),
    ] {
        let mut all = cpu_memory.to_vec();
        all.extend(headers);
        assert_eq!(
            env_var(&env(&all), "YR_INSTANCE_CUSTOM_RESOURCE").as_deref(),
            Some(expected),
            "{case}"
        );
    }

    // upstream: doinvoke_test.go Test_prepareDynamicResource, with convertResourceSpecs applying the map only when
    // its CPU and Memory are positive.
    let resources = |headers: &[(&str, &str)]| {
        let env = env(headers);
        (env_var(&env, "YR_INSTANCE_CPU"), env_var(&env, "YR_INSTANCE_MEMORY"))
    };
    let some = |c: &str, m: &str| (Some(c.to_string()), Some(m.to_string()));
    // "case1": CPU and memory from the headers.
    assert_eq!(
        resources(&[("X-Instance-Cpu", "600"), ("X-Instance-Memory", "512")]),
        some("600", "512")
    );
    // "case2": nothing asked.
    assert_eq!(resources(&[]), (None, None));
    // "case3" / "case4": a custom resource named CPU lands in the same map (alone it is not applied: no Memory).
    for header in ["X-Instance-CustomResource", "X-Instance-Custom-Resource"] {
        assert_eq!(
            resources(&[(header, r#"{"CPU":1234567890}"#)]),
            (None, None),
            "{header}"
        );
        let with_memory = [
            (header, r#"{"CPU":1234567890}"#),
            ("X-Instance-Cpu", "1"),
            ("X-Instance-Memory", "2"),
        ];
        assert_eq!(resources(&with_memory), some("1234567890", "2"), "{header}");
    }
    // upstream: function_invoke_for_kernel_test.go Test_getAcquireReqCPUAndMemory: 200/200 are taken; "200dfa" and
    // "200dafadsf" fall back there, and prepareDynamicResource then refuses them (200500).
    assert_eq!(
        resources(&[("X-Instance-Cpu", "200"), ("X-Instance-Memory", "200")]),
        some("200", "200")
    );
    let answer = emulator.invoke(
        &urn("env"),
        &[("X-Instance-Cpu", "200dfa"), ("X-Instance-Memory", "200dafadsf")],
        "{}",
    );
    assert_frontend_error(
        &answer,
        500,
        200500,
        "strconv.ParseInt: parsing \"200dfa\": invalid syntax",
    );

    // upstream: doinvoke_test.go TestInvokeHandler "funcMeta not found"
    assert_frontend_error(&emulator.invoke(NOPE, &[], "{}"), 500, 150424, NO_FUNCTION);
    // upstream: util_test.go TestHandleCreateInstanceError: an SNError keeps its code (quoted), a plain error is
    // InternalErrorCode 330404.
    let answer = emulator.invoke(ECHO, &[("X-Instance-Label", "npu")], "{}");
    assert_frontend_error(&answer, 500, 150444, "\"instance label not found\"");
    let answer = emulator.invoke(ECHO, &[("X-Instance-Session", "{")], "{}");
    assert_frontend_error(
        &answer,
        500,
        330404,
        "unmarshal instance session failed, err: unexpected end of JSON input",
    );
    // upstream: util_test.go TestTranslateInvokeMsgToCallReq: a body json.Marshal refuses is an error (200500).
    let answer = emulator.invoke(ECHO, &[], "{");
    assert_frontend_error(
        &answer,
        500,
        200500,
        &format!("{BODY_NOT_JSON}unexpected end of JSON input"),
    );
}

// ===========================================================================
// 1. The order of the checks
// ===========================================================================

/// invocation/doinvoke.go `InvokeHandler`: the function is looked up before anything reads the body or the
/// session header; the session JSON (createKernelRequestHandler) before the body JSON (convert).
#[test]
fn later_faults_wait_for_earlier_checks() {
    let emulator = Emulator::start(&[]);
    let broken_session = ("X-Instance-Session", "{");
    // An unknown function with a broken body is 150424, not 200500.
    assert_frontend_error(&emulator.invoke(NOPE, &[], "not json"), 500, 150424, NO_FUNCTION);
    // A broken session header with a broken body is 330404.
    let answer = emulator.invoke(ECHO, &[broken_session], "not json");
    assert_frontend_error(
        &answer,
        500,
        330404,
        "unmarshal instance session failed, err: unexpected end of JSON input",
    );
    // An unknown function with a broken session header is still 150424.
    assert_frontend_error(
        &emulator.invoke(NOPE, &[broken_session], "{}"),
        500,
        150424,
        NO_FUNCTION,
    );
    // The upload stream before the URN (frontend.md lists them the other way round).
    let answer = emulator.call(
        "POST",
        &invocations("a:b"),
        &[("Content-Type", "multipart/form-data")],
        b"x",
    );
    assert_frontend_error(&answer, 500, 200600, "internal system error");
    // A short route with an unknown function and a broken body.
    let answer = emulator.call("POST", "/invocations/default/default/nope/", &[], b"not json");
    assert_frontend_error(&answer, 500, 150424, NO_FUNCTION);
}

// ===========================================================================
// 2. Empty header values, Go's JSON
// ===========================================================================

#[test]
fn empty_header_values_are_absent() {
    let emulator = Emulator::start(&["--function", SHOW_ENV, "--instance-label", "gpu"]);
    let env = env_of(&emulator.invoke(
        &urn("env"),
        &[
            ("X-Instance-Session", ""),
            ("X-Instance-Label", ""),
            ("X-Instance-Custom-Resource", ""),
            ("X-Pool-Label", ""),
        ],
        "{}",
    ));
    for absent in [
        "YR_SESSION_ID",
        "YR_INSTANCE_LABEL",
        "YR_INSTANCE_CUSTOM_RESOURCE",
        "YR_POOL_LABEL",
    ] {
        assert_eq!(env_var(&env, absent), None, "{absent}");
    }
    assert_eq!(env_var(&env, "YR_INSTANCE_ID").as_deref(), Some("instance-shared"));
    // CPU and memory apply only when both are non-empty: garbage beside an empty one is not read.
    for headers in [
        [("X-Instance-Cpu", "abc"), ("X-Instance-Memory", "")],
        [("X-Instance-Cpu", ""), ("X-Instance-Memory", "abc")],
    ] {
        let env = env_of(&emulator.invoke(&urn("env"), &headers, "{}"));
        assert_eq!(env_var(&env, "YR_INSTANCE_CPU"), None);
    }
}

#[test]
fn session_json_is_read_as_go_reads_it() {
    let emulator = Emulator::start(&["--function", SHOW_ENV, "--concurrent-num", "2"]);
    let env = |session: &str| env_of(&emulator.invoke(&urn("env"), &[("X-Instance-Session", session)], "{}"));
    // Keys match case-insensitively; unknown keys are ignored.
    let seen = env(r#"{"SESSIONID":"s-case","sessionttl":5,"Concurrency":2,"extra":[1]}"#);
    assert_eq!(env_var(&seen, "YR_SESSION_ID").as_deref(), Some("s-case"));
    assert_eq!(env_var(&seen, "YR_SESSION_TTL").as_deref(), Some("5"));
    assert_eq!(env_var(&seen, "YR_SESSION_CONCURRENCY").as_deref(), Some("2"));
    // `null` asks for no session (makeAcquireOption decodes into a pointer that null clears).
    let seen = env("null");
    assert_eq!(env_var(&seen, "YR_SESSION_ID"), None);
    assert_eq!(env_var(&seen, "YR_INSTANCE_ID").as_deref(), Some("instance-shared"));
}

#[test]
fn custom_resource_null_is_no_resources() {
    let emulator = Emulator::start(&["--function", SHOW_ENV]);
    let headers = [
        ("X-Instance-Cpu", "500"),
        ("X-Instance-Memory", "512"),
        ("X-Instance-Custom-Resource", "null"),
    ];
    let env = env_of(&emulator.invoke(&urn("env"), &headers, "{}"));
    assert_eq!(env_var(&env, "YR_INSTANCE_CPU").as_deref(), Some("500"));
    assert_eq!(env_var(&env, "YR_INSTANCE_CUSTOM_RESOURCE"), None);
}

#[test]
fn a_body_of_only_blanks_is_not_json_an_empty_one_is_an_object() {
    let emulator = Emulator::start(&[]);
    for blanks in [" ", "\n", " \t\r\n "] {
        let answer = emulator.invoke(ECHO, &[], blanks);
        assert_frontend_error(
            &answer,
            500,
            200500,
            &format!("{BODY_NOT_JSON}unexpected end of JSON input"),
        );
    }
    let answer = emulator.invoke(ECHO, &[], "");
    assert_eq!((answer.status, answer.text().as_str()), (200, "{}"));
    // Go checks JSON syntax, not UTF-8 inside strings: such a body passes through.
    let answer = emulator.call(
        "POST",
        &invocations(ECHO),
        &[("Content-Type", "application/json")],
        b"\"\xff\xfe\"",
    );
    assert_eq!((answer.status, answer.body.as_slice()), (200, &b"\"\xff\xfe\""[..]));
}

// ===========================================================================
// 3. Routes
// ===========================================================================

#[test]
fn the_deprecated_short_route_is_served() {
    let emulator = Emulator::start(&["--function", "greet:3=echo three"]);
    let answer = emulator.call("POST", "/default/default/hello/", &[], br#"{"name":"old"}"#);
    assert_eq!((answer.status, answer.text().as_str()), (200, "\"hello old\""));
    let answer = emulator.call("POST", "/default/default/greet:3/", &[], b"{}");
    assert_eq!((answer.status, answer.text().as_str()), (200, "\"three\""));
    // Without the trailing slash it is not a route.
    let answer = emulator.call("POST", "/default/default/hello", &[], b"{}");
    assert_eq!((answer.status, answer.text().as_str()), (404, "404 page not found"));
}

/// `urnutils.BuildFunctionShortURN`: only the first two `:`-parts of the last segment count.
#[test]
fn a_short_routes_version_is_its_second_part() {
    let emulator = Emulator::start(&["--function", "greet:3=echo three"]);
    for path in [
        "/invocations/default/default/greet:3:x/",
        "/default/default/greet:3:x:y/",
    ] {
        let answer = emulator.call("POST", path, &[], b"{}");
        assert_eq!((answer.status, answer.text().as_str()), (200, "\"three\""), "{path}");
    }
    // `greet:` has an empty version: a 7-field URN that names no function.
    let answer = emulator.call("POST", "/invocations/default/default/greet:/", &[], b"{}");
    assert_frontend_error(&answer, 500, 150424, NO_FUNCTION);
}

/// Routes match the decoded path (net/http decodes it; gin routes on URL.Path).
#[test]
fn routes_match_the_decoded_path() {
    let emulator = Emulator::start(&[]);
    // `%2F` splits the URN: no route.
    let split = "/serverless/v1/functions/sn:cn:yrk:default:function:0%2Fx@default@echo:latest/invocations";
    let answer = emulator.call("POST", split, &[], b"{}");
    assert_eq!((answer.status, answer.text().as_str()), (404, "404 page not found"));
    assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN));
    // Encoded `:` and `@` are the URN's own.
    let encoded =
        "/serverless/v1/functions/sn%3Acn%3Ayrk%3Adefault%3Afunction%3A0%40default%40echo%3Alatest/invocations";
    let answer = emulator.call("POST", encoded, &[], b"[1]");
    assert_eq!((answer.status, answer.text().as_str()), (200, "[1]"));
    // An encoded slash in the short route's segments splits them too.
    let answer = emulator.call("POST", "/invocations/default/default%2Fx/echo/", &[], b"{}");
    assert_eq!(answer.status, 404);
}

/// A broken `%`-escape fails net/http's request parsing: `400 Bad Request` as plain text, then the connection
/// closes; no handler (and no auth) runs.
#[test]
fn a_broken_escape_is_net_https_400() {
    let (_dir, emulator) = token_emulator("tok", &[]);
    for path in [
        "/serverless/v1/functions/a%zz/invocations",
        "/serverless/v1/functions/a%2/invocations",
        "/nope%",
    ] {
        let mut stream = emulator.connect();
        stream
            .write_all(format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{{}}").as_bytes())
            .unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes); // the server closes
        let answer = RawResponse::parse(&bytes);
        assert_eq!(
            (answer.status, answer.text().as_str()),
            (400, "400 Bad Request"),
            "{path}"
        );
        assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN));
        assert_eq!(answer.header("connection"), Some("close"));
    }
}

// ===========================================================================
// 4. Words and shapes
// ===========================================================================

#[test]
fn refusals_in_upstreams_words_without_a_content_type() {
    let emulator = Emulator::start(&["--max-body-size", "1K", "--function", "fail=echo oops >&2; exit 1"]);
    let answer = emulator.invoke(ECHO, &[], &format!("\"{}\"", "x".repeat(2000)));
    assert_frontend_error(
        &answer,
        500,
        4140,
        "the size of request body is beyond maximum:1024, body size:2002",
    );
    let answer = emulator.call(
        "POST",
        &invocations(ECHO),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"a=1",
    );
    assert_frontend_error(&answer, 500, 200600, "internal system error");
    assert_frontend_error(&emulator.invoke(NOPE, &[], "{}"), 500, 150424, NO_FUNCTION);
    // A function's own failure comes back through the runtime's answer: JSON type, no trace_id in the body.
    let answer = emulator.invoke(&urn("fail"), &[], "{}");
    assert_eq!(answer.status, 500);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json(), json!({"code": 4002, "message": "oops"}));
    // Header names go out as Go writes them.
    let mut stream = emulator.connect();
    stream
        .write_all(&post_request(&invocations(NOPE), &[("Connection", "close")], b"{}"))
        .unwrap();
    let raw = String::from_utf8_lossy(&read_one_response(&mut stream)).into_owned();
    assert!(
        raw.contains("\r\nX-Inner-Code: 150424\r\n") && raw.contains("\r\nX-Trace-Id: "),
        "{raw}"
    );
}

/// Go's net/http sends a body of up to 2 KiB with a Content-Length and a longer one chunked.
#[test]
fn bodies_over_two_kib_go_out_chunked() {
    let emulator = Emulator::start(&[]);
    let body = |len: usize| format!("\"{}\"", "x".repeat(len - 2));
    let answer = emulator.invoke(ECHO, &[], &body(2048));
    assert_eq!(answer.header("content-length"), Some("2048"));
    let answer = emulator.invoke(ECHO, &[], &body(2049));
    assert_eq!(answer.header("transfer-encoding"), Some("chunked"));
    assert_eq!(answer.body.len(), 2049);
}

// ===========================================================================
// 5. Asynchronous calls
// ===========================================================================

#[test]
fn async_refusals_become_failed_records_shaped_as_go_writes_them() {
    let emulator = Emulator::start_with_env(&["--max-body-size", "1K"], &[("INSTANCE_ID", "frontend-7")]);
    let answer = emulator.call(
        "POST",
        &invocations(NOPE),
        &[
            ("X-Invoke-Type", "async"),
            ("X-Trace-Id", "t-async"),
            ("Content-Type", "application/json"),
        ],
        b"not json",
    );
    // 202 at once, gin's JSON, no X-Trace-Id.
    assert_eq!(answer.status, 202, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some(GIN_JSON));
    assert_eq!(answer.header("x-trace-id"), None);
    let id = answer.json()["requestId"].as_str().unwrap().to_string();
    let raw = wait_record(&emulator, &id);
    assert_eq!(raw.header("content-type"), Some(GIN_JSON));
    let record = raw.json();
    // Fields in AsyncResult's order.
    let text = raw.text();
    let order: Vec<usize> = [
        "requestId",
        "status",
        "statusCode",
        "respHeaders",
        "respBody",
        "error",
        "createdAt",
        "completedAt",
        "instanceId",
    ]
    .iter()
    .map(|k| {
        text.find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} missing in {text}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(record["requestId"], json!(id));
    assert_eq!(record["status"], json!("failed"));
    assert_eq!(record["statusCode"], json!(500));
    assert_eq!(record["respHeaders"], json!({"X-Inner-Code": "150424"}));
    let body: Value = serde_json::from_slice(&decode_base64(record["respBody"].as_str().unwrap())).unwrap();
    assert_eq!(
        body,
        json!({"code": 150424, "message": NO_FUNCTION, "trace_id": "t-async"})
    );
    assert_eq!(record["error"], json!("function doesn't exist"));
    assert_go_time(&record["createdAt"]);
    assert_go_time(&record["completedAt"]);
    assert_eq!(record["instanceId"], json!("frontend-7"));

    // Every refusal after the URN: (headers, body, status, code, error)
    let rows: Vec<AsyncRow> = vec![
        (
            vec![],
            "x".repeat(2000),
            500,
            4140,
            "the size of request body is beyond maximum:1024, body size:2000",
        ),
        (vec![("X-Instance-Session", "[]")], "{}".into(), 500, 330404, ""),
        (
            vec![("X-Instance-Label", "gpu")],
            "{}".into(),
            500,
            150444,
            "instance label not found",
        ),
        (vec![], "{bad".into(), 500, 200500, ""),
    ];
    for (headers, body, status, code, error) in rows {
        let id = start_async(&emulator, &invocations(ECHO), &headers, &body);
        let record = wait_record(&emulator, &id).json();
        assert_eq!(
            (record["status"].as_str(), record["statusCode"].as_u64()),
            (Some("failed"), Some(status)),
            "{record}"
        );
        assert_eq!(
            record["respHeaders"]["X-Inner-Code"],
            json!(code.to_string()),
            "{record}"
        );
        if !error.is_empty() {
            assert_eq!(record["error"], json!(error), "{record}");
        }
    }
    // A completed call: the headers the runtime's answer set, the result, no `error` key.
    let id = start_async(&emulator, &invocations(ECHO), &[], "[1]");
    let record = wait_record(&emulator, &id).json();
    assert_eq!(record["status"], json!("completed"));
    assert!(record.get("error").is_none(), "{record}");
    let mut names: Vec<&str> = record["respHeaders"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Content-Type",
            "X-Billing-Duration",
            "X-Inner-Code",
            "X-Invoke-Summary",
            "X-Log-Result"
        ]
    );
    assert_eq!(decode_base64(record["respBody"].as_str().unwrap()), b"[1]");
    // Only a bad URN is answered at once.
    let answer = emulator.call("POST", &invocations("a:b"), &[("X-Invoke-Type", "async")], b"{}");
    assert_frontend_error(
        &answer,
        400,
        200400,
        "parsing an URN error: failed to parse urn from: a:b, invalid length: 2",
    );
}

/// asyncinvocation/webhook.go: the WebhookPayload, POSTed with Content-Type and X-Async-Request-Id once the record
/// is stored; a failed delivery is tried again after 1 s.
#[test]
fn webhooks_get_the_payload() {
    let emulator = Emulator::start(&[]);
    // The third reply fails a later call's first delivery (below); the fourth, repeated, takes its retry.
    let receiver = ScriptedServer::start(vec![Reply::new(500), Reply::new(204), Reply::new(500), Reply::new(204)]);
    let hook = format!("{}/hook", receiver.url);
    let id = start_async(&emulator, &invocations(ECHO), &[("X-Webhook-Url", &hook)], "\"done\"");
    assert!(
        receiver.wait_for_count(2, Duration::from_secs(10)),
        "{} webhook requests",
        receiver.count()
    );
    // Delivered on the second attempt: no third. A third would come 1 s after the second; a call started now whose
    // first delivery fails is retried 1 s after that, so its retry comes after any third attempt would have.
    let later = format!("{}/later", receiver.url);
    start_async(&emulator, &invocations(ECHO), &[("X-Webhook-Url", &later)], "\"later\"");
    assert!(
        wait_until(Duration::from_secs(10), || {
            receiver.requests().iter().filter(|r| r.path == "/later").count() == 2
        }),
        "the later call's retry never came: {:?}",
        receiver.requests().iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    let all = receiver.requests();
    let requests: Vec<&Recorded> = all.iter().filter(|r| r.path != "/later").collect();
    assert_eq!(
        requests.len(),
        2,
        "{:?}",
        all.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    for request in requests {
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/hook"));
        assert_eq!(request.header("Content-Type"), Some("application/json"));
        assert_eq!(request.header("X-Async-Request-Id"), Some(id.as_str()));
        let payload: Value = serde_json::from_slice(&request.body).expect("JSON payload");
        let keys: Vec<&str> = payload.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 5, "{payload}");
        assert_eq!(payload["requestId"], json!(id));
        assert_eq!(payload["status"], json!("completed"));
        assert_eq!(payload["statusCode"], json!(200));
        assert_eq!(decode_base64(payload["result"].as_str().unwrap()), b"\"done\"");
        assert_go_time(&payload["completedAt"]);
    }

    // A failed call: its error, no result.
    let receiver = ScriptedServer::start(vec![Reply::new(200)]);
    let hook = format!("{}/failed", receiver.url);
    let id = start_async(&emulator, &invocations(NOPE), &[("X-Webhook-Url", &hook)], "{}");
    assert!(receiver.wait_for_count(1, Duration::from_secs(10)));
    let payload: Value = serde_json::from_slice(&receiver.only_request().body).unwrap();
    assert_eq!(payload["requestId"], json!(id));
    assert_eq!(payload["status"], json!("failed"));
    assert_eq!(payload["statusCode"], json!(500));
    assert_eq!(payload["error"], json!("function doesn't exist"));
    assert!(payload.get("result").is_none(), "{payload}");
}

// ===========================================================================
// 6. Streamed answers
// ===========================================================================

/// `writeHTTPResponse` in api/v1/invoke.go. frontend.md shows the frame as `{"code","message"}`; upstream's
/// `buildResponse` (responsehandler/common.go) puts the trace_id in a frontend error's body, framed or not.
#[test]
fn streamed_errors_are_sse_frames_with_their_status() {
    let emulator = Emulator::start(&["--function", "fail=echo gone >&2; exit 1"]);
    let sse = [("Accept", "text/event-stream"), ("X-Trace-Id", "t-sse")];
    // (case, URN, status, code, the error frame's JSON)
    let rows = [
        (
            "unknown function",
            NOPE.to_string(),
            500,
            "150424",
            json!({"code": 150424, "message": NO_FUNCTION, "trace_id": "t-sse"}),
        ),
        (
            "bad URN",
            "a:b".to_string(),
            400,
            "200400",
            json!({"code": 200400, "message": "parsing an URN error: failed to parse urn from: a:b, invalid length: 2", "trace_id": "t-sse"}),
        ),
        (
            "failing function",
            urn("fail"),
            500,
            "4002",
            json!({"code": 4002, "message": "gone"}),
        ),
    ];
    for (case, urn, status, code, error) in rows {
        let answer = emulator.invoke(&urn, &sse, "{}");
        assert_eq!(answer.status, status, "{case}");
        assert_eq!(answer.header("content-type"), Some("text/event-stream"), "{case}");
        assert_eq!(answer.header("x-accel-buffering"), Some("no"), "{case}");
        assert_eq!(answer.header("x-inner-code"), Some(code), "{case}");
        assert_eq!(answer.header("x-trace-id"), None, "{case}");
        assert_eq!(answer.text(), format!("data: {error}\n\ndata: [DONE]\n\n"), "{case}");
    }
    // An upload stream is refused before the request headers are read into the context: not framed.
    let answer = emulator.call(
        "POST",
        &invocations(ECHO),
        &[("Accept", "text/event-stream"), ("Content-Type", "multipart/form-data")],
        b"x",
    );
    assert_frontend_error(&answer, 500, 200600, "internal system error");
    // A successful stream: no X-Trace-Id either.
    let answer = emulator.invoke(ECHO, &sse, "[1]");
    assert_eq!(
        (answer.status, answer.text().as_str()),
        (200, "data: [1]\n\ndata: [DONE]\n\n")
    );
    assert_eq!(answer.header("x-trace-id"), None);
    assert_eq!(answer.header("x-accel-buffering"), Some("no"));
}

// ===========================================================================
// 7. Ending a session
// ===========================================================================

#[test]
fn delete_session_answers_as_session_go() {
    let emulator = Emulator::start(&[]);
    let path = |urn: &str, id: &str| format!("/serverless/v1/functions/{urn}/sessions/{id}");
    let answer = emulator.call("DELETE", &path(ECHO, "never"), &[("X-Trace-Id", "t-del")], b"");
    assert_eq!(answer.status, 404);
    assert_eq!(answer.text(), r#"{"code":200404,"message":"session not found"}"#);
    assert_eq!(answer.header("content-type"), Some(GIN_JSON));
    assert_eq!(
        (answer.header("x-inner-code"), answer.header("x-trace-id")),
        (None, None)
    );
    let answer = emulator.call("DELETE", &path("a:b:c", "s"), &[], b"");
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json(),
        json!({"code": 200400, "message": "parsing an URN error: failed to parse urn from: a:b:c, invalid length: 3"})
    );
    assert_eq!(answer.header("x-inner-code"), None);
    let answer = emulator.call("DELETE", &path(ECHO, ""), &[], b"");
    assert_eq!(answer.json(), json!({"code": 200400, "message": "sessionId is empty"}));
}

// ===========================================================================
// 8. Token auth
// ===========================================================================

#[test]
fn auth_comes_before_every_route_and_404() {
    let (_dir, emulator) = token_emulator("s3cret", &[]);
    let missing = json!({"error": "Authentication failed: no token provided. Please enter a valid JWT token."});
    for (method, path) in [
        ("GET", "/no/such/route".to_string()),
        ("POST", "/serverless/v2/functions/x/invocations".to_string()),
        ("GET", result_path("some-id")),
        ("DELETE", format!("/serverless/v1/functions/{ECHO}/sessions/s")),
        ("POST", invocations(ECHO)),
        ("POST", "/default/default/echo/".to_string()),
        ("POST", "/healthz".to_string()),
    ] {
        let answer = emulator.call(method, &path, &[], b"{}");
        assert_eq!(answer.status, 401, "{method} {path}: {}", answer.text());
        assert_eq!(answer.json(), missing, "{method} {path}");
        assert_eq!(answer.header("x-trace-id"), None);
    }
    // With the token the same unknown route is the router's 404.
    let answer = emulator.call("GET", "/no/such/route", &[("X-Auth", "s3cret")], b"");
    assert_eq!((answer.status, answer.text().as_str()), (404, "404 page not found"));
    // GET /healthz is whitelisted.
    assert_eq!(emulator.call("GET", "/healthz", &[], b"").status, 200);
}

/// jwtauth.go `respondAuthError`: an `Accept` that contains `text/html` gets a page asking for the token.
#[test]
fn a_browser_gets_the_login_page() {
    let (_dir, emulator) = token_emulator("s3cret", &[]);
    let answer = emulator.call(
        "GET",
        "/no/such/route",
        &[
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("X-Forwarded-Prefix", "/yr"),
        ],
        b"",
    );
    assert_eq!(answer.status, 401);
    assert_eq!(answer.header("content-type"), Some("text/html; charset=utf-8"));
    let page = answer.text();
    for part in [
        "<!DOCTYPE html>",
        "<title>Authentication Required</title>",
        "Authentication failed: no token provided. Please enter a valid JWT token.",
        "searchParams.set('token', token)",
        "href=\"/yr/\"",
    ] {
        assert!(page.contains(part), "{part} missing in {page}");
    }
    // A client that does not ask for HTML gets the JSON.
    let answer = emulator.call("GET", "/no/such/route", &[("Accept", "application/json")], b"");
    assert_eq!(answer.header("content-type"), Some(GIN_JSON));
}

/// jwtauth.go `JWTAuthMiddlewareWithRoles`: X-Auth, else `?token=`, else the `iam_token` cookie; the first that is
/// set is the one judged.
#[test]
fn the_token_comes_from_x_auth_then_the_query_then_the_cookie() {
    let (_dir, emulator) = token_emulator("s3 cret", &[]);
    let ok = |answer: RawResponse| answer.status == 200;
    let query = |q: &str| format!("{}?{q}", invocations(ECHO));
    assert!(ok(emulator.call(
        "POST",
        &invocations(ECHO),
        &[("X-Auth", "s3 cret")],
        b"{}"
    )));
    // The query is decoded as url.ParseQuery does (`+` is a space); an empty `token=` is not a token.
    assert!(ok(emulator.call("POST", &query("a=1&token=s3+cret"), &[], b"{}")));
    assert!(ok(emulator.call(
        "POST",
        &query("token=&x=1"),
        &[("Cookie", "iam_token=s3%20cret")],
        b"{}"
    )));
    // The cookie, quoted or not, percent-decoded by gin.
    assert!(ok(emulator.call(
        "POST",
        &invocations(ECHO),
        &[("Cookie", "a=b; iam_token=\"s3%20cret\"")],
        b"{}"
    )));
    // A wrong X-Auth is judged even when the query has the right token.
    let answer = emulator.call("POST", &query("token=s3+cret"), &[("X-Auth", "nope")], b"{}");
    assert_eq!(answer.status, 401);
}

// ===========================================================================
// 9. Shutdown
// ===========================================================================

/// cmd/faasfrontend/module_main.go `waitShutdown`: http.Server.Shutdown stops accepting, closes idle connections
/// and lets calls in flight finish.
#[test]
fn shutdown_is_the_standalone_servers() {
    // The call is held until the test releases it, after it has seen the listener closed and the idle connection
    // dropped: all of that happened while the call was in flight.
    let dir = TempDir::new();
    let mut emulator = Emulator::start(&["--function", &format!("slow={}", held(&dir, "echo done"))]);
    let addr = emulator.addr.clone();
    // An idle keep-alive connection.
    let mut idle = emulator.connect();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    assert!(read_one_response(&mut idle).starts_with(b"HTTP/1.1 200 "));
    let in_flight = thread::scope(|scope| {
        let call = scope.spawn(|| emulator.invoke(&urn("slow"), &[], "{}"));
        wait_started(&dir);
        emulator.signal("TERM");
        // No new connections, once the signal is handled (a hang guard of 10 s).
        let mut last = None;
        let refused = wait_until(Duration::from_secs(10), || match TcpStream::connect(&addr) {
            Err(e) => {
                let refused = e.kind() == ErrorKind::ConnectionRefused;
                last = Some(e);
                refused
            }
            Ok(_) => false,
        });
        assert!(
            refused,
            "connections were still accepted after SIGTERM (last error {last:?})"
        );
        // The idle connection is closed, not answered `400 frontend exiting`.
        idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut bytes = Vec::new();
        let _ = idle.read_to_end(&mut bytes);
        assert!(
            !String::from_utf8_lossy(&bytes).contains("frontend exiting"),
            "{bytes:?}"
        );
        assert!(
            bytes.is_empty(),
            "the idle connection answered {:?}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(!call.is_finished(), "the call ended before it was released");
        release(&dir);
        call.join().expect("call thread")
    });
    assert_eq!((in_flight.status, in_flight.text().as_str()), (200, "\"done\""));
    let status = emulator.wait_exit(Duration::from_secs(5));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}");
}

// ===========================================================================
// 10. Beyond upstream, on purpose
// ===========================================================================

/// Upstream reads the whole body before it checks the size; the emulator answers a declared Content-Length over
/// `--max-body-size` at once (docs/serve.md). The body never comes and --read-timeout is 1 h: an answer
/// within the connection's 10 s read timeout (the hang guard) did not wait for the body.
#[test]
fn a_declared_content_length_over_the_limit_is_answered_at_once() {
    let emulator = Emulator::start(&["--read-timeout", "1h"]);
    for (headers, declared) in [
        (vec![], 10u64 << 30),
        (vec![("Expect", "100-continue")], 7 << 20),
        (vec![("X-Invoke-Type", "async")], 10 << 30),
    ] {
        let mut stream = emulator.connect();
        let mut request = format!(
            "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n",
            invocations(ECHO)
        );
        for (name, value) in &headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {declared}\r\n\r\n{{\"pad\":\""));
        stream.write_all(request.as_bytes()).unwrap();
        let answer = RawResponse::parse(&read_one_response(&mut stream));
        assert_eq!(answer.header("connection"), Some("close"), "{headers:?}");
        if headers.is_empty() || headers[0].0 == "Expect" {
            let message = format!("the size of request body is beyond maximum:6291456, body size:{declared}");
            assert_frontend_error(&answer, 500, 4140, &message);
        } else {
            assert_eq!(answer.status, 202, "{}", answer.text());
            let id = answer.json()["requestId"].as_str().unwrap().to_string();
            let record = wait_record(&emulator, &id).json();
            assert_eq!(record["respHeaders"]["X-Inner-Code"], json!("4140"), "{record}");
        }
    }
    // The emulator still serves.
    assert_eq!(emulator.invoke(ECHO, &[], "[2]").text(), "[2]");
}

/// A client that shuts down its sending side after a whole request still gets the answer, and its function runs
/// (hyper's http1 server would take the EOF for a hang-up and drop the call).
#[test]
fn half_closed_clients_get_their_answers() {
    let dir = TempDir::new();
    let runs = dir.path.join("runs");
    let mark = format!("mark=sleep 0.3; echo run >> '{}'; cat", runs.display());
    let emulator = Emulator::start(&["--function", &mark]);
    const CLIENTS: usize = 20;
    let answers: Vec<Vec<u8>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|i| {
                let emulator = &emulator;
                scope.spawn(move || {
                    let body = format!("{{\"n\":{i}}}");
                    emulator.raw_half_closed(&post_request(&invocations(&urn("mark")), &[], body.as_bytes()))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, bytes) in answers.iter().enumerate() {
        assert!(!bytes.is_empty(), "client {i} got no answer");
        let answer = RawResponse::parse(bytes);
        assert_eq!(
            (answer.status, answer.text()),
            (200, format!("{{\"n\":{i}}}")),
            "client {i}"
        );
    }
    let ran = std::fs::read_to_string(&runs).unwrap_or_default();
    assert_eq!(
        ran.lines().count(),
        CLIENTS,
        "the function ran {} times",
        ran.lines().count()
    );
    // Streams and async calls too.
    let stream = emulator.raw_half_closed(&post_request(
        &invocations(ECHO),
        &[("Accept", "text/event-stream")],
        b"[3]",
    ));
    assert_eq!(RawResponse::parse(&stream).text(), "data: [3]\n\ndata: [DONE]\n\n");
    let accepted = emulator.raw_half_closed(&post_request(&invocations(ECHO), &[("X-Invoke-Type", "async")], b"{}"));
    assert_eq!(RawResponse::parse(&accepted).status, 202);
}

// ---------------------------------------------------------------------------
// A body the handler left unread: what Go's net/http does with it (net/http/server.go)
// ---------------------------------------------------------------------------

/// `chunkWriter.writeHeader` and `closeWriteAndWait` in net/http/server.go (Go's own tests:
/// TestServerUnreadRequestBodyLittle, TestServerUnreadRequestBodyLarge, TestServerExpect in serve_test.go). The
/// frontend refuses a wrong token before its handlers read the body; net/http then:
/// - reads and drops up to 256 KiB of what is left, and the connection carries the next request;
/// - with more left, answers with `Connection: close`, shuts its sending side and waits 500 ms before closing,
///   so a client still writing its body reads the answer instead of a reset;
/// - for a body held back for `100 Continue`, never asks for it: `Connection: close`, and no 100.
#[test]
fn a_refused_calls_unread_body_is_drained_or_closes_the_connection_as_net_http_does() {
    let dir = TempDir::new();
    let token = dir.file("token", "tok");
    let emulator = Emulator::start(&["--token-file", token.to_str().unwrap()]);
    let path = invocations(ECHO);
    let json = ("Content-Type", "application/json");
    let health = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let head_of = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        text.split("\r\n\r\n").next().unwrap_or_default().to_string()
    };

    // 10 KiB left: drained, kept alive.
    let mut stream = emulator.connect();
    stream
        .write_all(&post_request(&path, &[json], &[b'a'; 10 << 10]))
        .unwrap();
    let answer = head_of(&read_one_response(&mut stream));
    assert!(answer.starts_with("HTTP/1.1 401 "), "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
    stream.write_all(health).unwrap();
    let next = head_of(&read_one_response(&mut stream));
    assert!(
        next.starts_with("HTTP/1.1 200 "),
        "the connection should carry the next request: {next:?}"
    );

    // 300 KiB declared, 1 KiB of it sent: `Connection: close`, then the connection lingers half-closed. Writes 50
    // and 100 ms after the answer still go through: had it closed at once, the first would draw a reset and the
    // second fail. The read then ends in the FIN.
    let mut stream = emulator.connect();
    let mut request = post_request(&path, &[json], &[b'a'; 300 << 10]);
    request.truncate(request.len() - (299 << 10));
    stream.write_all(&request).unwrap();
    let answer = read_one_response(&mut stream);
    let head = head_of(&answer);
    assert!(head.starts_with("HTTP/1.1 401 "), "{head}");
    assert!(head.contains("\r\nConnection: close"), "{head}");
    for _ in 0..2 {
        thread::sleep(Duration::from_millis(50));
        stream
            .write_all(&[b'a'; 1024])
            .expect("the connection lingers: a write within 500 ms is not reset");
    }
    let mut rest = Vec::new();
    assert_eq!(stream.read_to_end(&mut rest).map_err(|e| e.kind()), Ok(0), "{rest:?}");

    // Held back for 100 Continue: never asked for.
    let mut stream = emulator.connect();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n\
         Content-Length: 4096\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut all = Vec::new();
    let _ = stream.read_to_end(&mut all);
    let text = String::from_utf8_lossy(&all);
    assert!(text.starts_with("HTTP/1.1 401 "), "{text}");
    assert!(!text.contains("100 Continue"), "{text}");
    assert!(head_of(&all).contains("\r\nConnection: close"), "{text}");
}
