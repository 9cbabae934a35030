//! `yr serve` against frontend.md: routes, every request rule in the order the frontend checks them, trace ids,
//! the same refusals seen through `yr invoke`, and bad input the server must survive.

use crate::support::*;

use std::io::Write;
use std::net::{Shutdown, TcpStream};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;

const ECHO: &str = "sn:cn:yrk:default:function:0@default@echo:latest";
const HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";
const NOPE: &str = "sn:cn:yrk:default:function:0@default@nope:latest";
const NOT_FOUND_TEXT: &str = "404 page not found";
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
/// The frontend raises 150424 itself (`getFuncSpec` in invocation/doinvoke.go): a plain string, no extra quotes.
const NO_FUNCTION: &str = "function metadata not found";
const BODY_NOT_JSON: &str =
    "failed to marshal request data: json: error calling MarshalJSON for type json.RawMessage: ";

fn invocations(urn: &str) -> String {
    format!("/serverless/v1/functions/{urn}/invocations")
}

/// A successful call: 200, JSON, X-Inner-Code 0, a trace id, and exactly this body.
#[track_caller]
fn assert_answer_ok(answer: &RawResponse, body: &str) {
    assert_eq!(
        (answer.status, answer.text().as_str()),
        (200, body),
        "headers: {:?}",
        answer.headers
    );
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("x-inner-code"), Some("0"));
    assert!(
        answer.header("x-trace-id").is_some_and(|t| !t.is_empty()),
        "no X-Trace-Id: {:?}",
        answer.headers
    );
}

/// A frontend refusal: this status, JSON `{"code","message","trace_id"}` exactly, X-Inner-Code = code,
/// trace_id = X-Trace-Id, and no Content-Type of its own (Go sniffs text). Returns the trace id.
#[track_caller]
fn assert_refused(answer: &RawResponse, status: u16, code: i64, message: &str) -> String {
    let trace = refusal_head(answer, status, code);
    assert_eq!(
        answer.json(),
        json!({"code": code, "message": message, "trace_id": trace})
    );
    trace
}

/// As `assert_refused`, for messages whose tail is a parser's own text: the message starts with `prefix`.
#[track_caller]
fn assert_refused_prefix(answer: &RawResponse, status: u16, code: i64, prefix: &str) -> String {
    let trace = refusal_head(answer, status, code);
    let body = answer.json();
    let object = body.as_object().expect("a JSON object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "message", "trace_id"], "{body}");
    assert_eq!(body["code"], json!(code), "{body}");
    assert_eq!(body["trace_id"], json!(trace), "{body}");
    let message = body["message"].as_str().expect("message is a string");
    assert!(
        message.starts_with(prefix) && message.len() > prefix.len(),
        "message {message:?} does not start with {prefix:?} followed by a reason"
    );
    trace
}

#[track_caller]
fn refusal_head(answer: &RawResponse, status: u16, code: i64) -> String {
    assert_eq!(answer.status, status, "body: {}", answer.text());
    assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN));
    assert_eq!(
        answer.header("x-inner-code"),
        Some(code.to_string().as_str()),
        "headers: {:?}",
        answer.headers
    );
    let trace = answer.header("x-trace-id").expect("X-Trace-Id header").to_string();
    assert!(!trace.is_empty());
    trace
}

/// The router's 404: plain text, exactly `404 page not found`.
#[track_caller]
fn assert_not_found(answer: &RawResponse) {
    assert_eq!((answer.status, answer.text().as_str()), (404, NOT_FOUND_TEXT));
    assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN));
}

#[track_caller]
fn assert_alive(emulator: &Emulator) {
    let answer = emulator.call("GET", "/healthz", &[], b"");
    assert_eq!((answer.status, answer.text().as_str()), (200, ""));
}

fn session(id: &str, ttl: i64, concurrency: i64) -> String {
    json!({"sessionID": id, "sessionTTL": ttl, "concurrency": concurrency}).to_string()
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

#[test]
fn main_route_runs_the_function() {
    let emulator = Emulator::start(&[]);
    assert_answer_ok(
        &emulator.invoke(ECHO, &[], r#"{"a":[1,2,{"b":null}]}"#),
        r#"{"a":[1,2,{"b":null}]}"#,
    );
    assert_answer_ok(&emulator.invoke(HELLO, &[], r#"{"name":"x"}"#), "\"hello x\"");
}

#[test]
fn short_route_without_version_means_latest() {
    let emulator = Emulator::start(&["--function", "greet:2=echo two"]);
    let json = [("Content-Type", "application/json")];
    assert_answer_ok(
        &emulator.call("POST", "/invocations/default/default/hello/", &json, br#"{"name":"x"}"#),
        "\"hello x\"",
    );
    // greet exists only as version 2, so the short route's `latest` does not find it.
    let answer = emulator.call("POST", "/invocations/default/default/greet/", &json, b"{}");
    assert_refused(&answer, 500, 150424, NO_FUNCTION);
    // The tenant is part of the URN.
    let answer = emulator.call("POST", "/invocations/other/default/hello/", &json, b"{}");
    assert_refused(&answer, 500, 150424, NO_FUNCTION);
}

#[test]
fn short_route_with_version() {
    let emulator = Emulator::start(&["--function", "greet:2=echo two"]);
    let json = [("Content-Type", "application/json")];
    assert_answer_ok(
        &emulator.call("POST", "/invocations/default/default/echo:latest/", &json, br#"[true]"#),
        "[true]",
    );
    assert_answer_ok(
        &emulator.call("POST", "/invocations/default/default/greet:2/", &json, b"{}"),
        "\"two\"",
    );
    let answer = emulator.call("POST", "/invocations/default/default/greet:3/", &json, b"{}");
    assert_refused(&answer, 500, 150424, NO_FUNCTION);
}

#[test]
fn short_route_without_trailing_slash_is_404() {
    let emulator = Emulator::start(&[]);
    let json = [("Content-Type", "application/json")];
    for path in [
        "/invocations/default/default/echo",
        "/invocations/default/default/echo:latest",
    ] {
        let answer = emulator.call("POST", path, &json, b"{}");
        assert_not_found(&answer);
        assert_eq!(answer.header("location"), None, "{path}: no redirect");
    }
}

#[test]
fn healthz_answers_200_empty() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.call("GET", "/healthz", &[], b"");
    assert_eq!((answer.status, answer.body.len()), (200, 0));
    assert_eq!(answer.header("content-length"), Some("0"));
}

#[test]
fn unknown_path_is_404_text() {
    let emulator = Emulator::start(&[]);
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/nope"),
        ("POST", "/serverless/v1/functions"),
        ("POST", "/serverless/v1/functions/x/invocations/extra"),
        ("POST", "/serverless/v2/functions/x/invocations"),
        ("GET", "/healthz/"),
    ] {
        let answer = emulator.call(method, path, &[], b"");
        assert_eq!(
            (answer.status, answer.text().as_str()),
            (404, NOT_FOUND_TEXT),
            "{method} {path}"
        );
        assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN), "{method} {path}");
    }
}

#[test]
fn wrong_method_on_a_known_path_is_404() {
    let emulator = Emulator::start(&[]);
    let json = [("Content-Type", "application/json")];
    for (method, path) in [
        ("GET", invocations(ECHO)),
        ("PUT", invocations(ECHO)),
        ("DELETE", invocations(ECHO)),
        ("GET", "/invocations/default/default/echo/".to_string()),
        ("POST", "/healthz".to_string()),
        ("POST", "/serverless/v1/functions/async-results/abc".to_string()),
        ("POST", format!("/serverless/v1/functions/{ECHO}/sessions/s1")),
    ] {
        let answer = emulator.call(method, &path, &json, b"{}");
        assert_eq!(
            (answer.status, answer.text().as_str()),
            (404, NOT_FOUND_TEXT),
            "{method} {path}"
        );
        assert_eq!(answer.header("content-type"), Some(TEXT_PLAIN), "{method} {path}");
    }
}

#[test]
fn percent_encoded_urn_is_decoded() {
    let emulator = Emulator::start(&[]);
    let encoded = "sn%3Acn%3Ayrk%3Adefault%3Afunction%3A0%40default%40echo%3Alatest";
    assert_answer_ok(&emulator.invoke(encoded, &[], r#"{"k":"v"}"#), r#"{"k":"v"}"#);
    // Lower-case escapes, only some characters encoded.
    assert_answer_ok(
        &emulator.invoke("sn:cn:yrk:default:function:0%40default%40echo%3alatest", &[], "1"),
        "1",
    );
    // A decoded URN that names nothing is still a lookup failure, not a 404.
    let answer = emulator.invoke(
        "sn%3Acn%3Ayrk%3Adefault%3Afunction%3A0%40default%40nope%3Alatest",
        &[],
        "{}",
    );
    assert_refused(&answer, 500, 150424, NO_FUNCTION);
}

// ---------------------------------------------------------------------------
// Rule 1: auth
// ---------------------------------------------------------------------------

/// Upstream's words (middleware/jwtauth.go): no token at all, and a token that is not a JWT.
const MISSING: &str = "no token provided. Please enter a valid JWT token.";
const NOT_A_JWT: &str =
    "invalid or malformed token (invalid JWT format: expected Header.Payload.Signature, got 1 parts)";

fn auth_emulator() -> (TempDir, Emulator) {
    let dir = TempDir::new();
    let token = dir.file("token", "s3cret\n");
    let emulator = Emulator::start(&["--token-file", token.to_str().unwrap()]);
    (dir, emulator)
}

#[track_caller]
fn assert_unauthorized(answer: &RawResponse, why: &str) {
    assert_eq!(answer.status, 401, "body: {}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(answer.json(), json!({"error": format!("Authentication failed: {why}")}));
}

#[test]
fn auth_missing_token_is_401() {
    let (_dir, emulator) = auth_emulator();
    assert_unauthorized(&emulator.invoke(ECHO, &[], "{}"), MISSING);
    assert_unauthorized(
        &emulator.call(
            "POST",
            "/invocations/default/default/echo/",
            &[("Cookie", "other=1")],
            b"{}",
        ),
        MISSING,
    );
}

#[test]
fn auth_wrong_token_is_401() {
    let (_dir, emulator) = auth_emulator();
    assert_unauthorized(&emulator.invoke(ECHO, &[("X-Auth", "wrong")], "{}"), NOT_A_JWT);
    assert_unauthorized(
        &emulator.call("POST", &format!("{}?token=s3cret2", invocations(ECHO)), &[], b"{}"),
        NOT_A_JWT,
    );
    assert_unauthorized(&emulator.invoke(ECHO, &[("Cookie", "iam_token=nope")], "{}"), NOT_A_JWT);
}

#[test]
fn auth_right_token_in_x_auth() {
    let (_dir, emulator) = auth_emulator();
    assert_answer_ok(
        &emulator.invoke(ECHO, &[("X-Auth", "s3cret")], r#"{"via":"x-auth"}"#),
        r#"{"via":"x-auth"}"#,
    );
}

#[test]
fn auth_right_token_in_query() {
    let (_dir, emulator) = auth_emulator();
    let answer = emulator.call(
        "POST",
        &format!("{}?a=1&token=s3cret", invocations(ECHO)),
        &[("Content-Type", "application/json")],
        br#"{"via":"query"}"#,
    );
    assert_answer_ok(&answer, r#"{"via":"query"}"#);
}

#[test]
fn auth_right_token_in_cookie() {
    let (_dir, emulator) = auth_emulator();
    let answer = emulator.invoke(
        ECHO,
        &[("Cookie", "theme=dark; iam_token=s3cret")],
        r#"{"via":"cookie"}"#,
    );
    assert_answer_ok(&answer, r#"{"via":"cookie"}"#);
}

#[test]
fn auth_healthz_needs_no_token() {
    let (_dir, emulator) = auth_emulator();
    assert_alive(&emulator);
}

// ---------------------------------------------------------------------------
// Rule 2: form content types
// ---------------------------------------------------------------------------

#[test]
fn form_content_type_is_200600() {
    let emulator = Emulator::start(&[]);
    for content_type in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz"] {
        let answer = emulator.call("POST", &invocations(ECHO), &[("Content-Type", content_type)], b"a=1");
        assert_refused(&answer, 500, 200600, "internal system error");
    }
    // Any other type is not a form: the JSON body is accepted.
    let answer = emulator.call(
        "POST",
        &invocations(ECHO),
        &[("Content-Type", "text/plain")],
        b"{\"t\":1}",
    );
    assert_answer_ok(&answer, "{\"t\":1}");
}

// ---------------------------------------------------------------------------
// Rule 3: URN field counts
// ---------------------------------------------------------------------------

#[test]
fn urn_with_3_fields_is_200400() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke("a:b:c", &[], "{}");
    assert_refused(
        &answer,
        400,
        200400,
        "parsing an URN error: failed to parse urn from: a:b:c, invalid length: 3",
    );
}

#[test]
fn urn_with_6_fields_parses_but_is_not_found() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke("sn:cn:yrk:default:function:0@default@echo", &[], "{}");
    assert_refused(&answer, 500, 150424, NO_FUNCTION);
}

#[test]
fn urn_with_7_fields_is_accepted() {
    let emulator = Emulator::start(&[]);
    assert_answer_ok(&emulator.invoke(ECHO, &[], "[7]"), "[7]");
}

#[test]
fn urn_with_8_fields_is_200400() {
    let emulator = Emulator::start(&[]);
    let urn = format!("{ECHO}:x");
    let answer = emulator.invoke(&urn, &[], "{}");
    assert_refused(
        &answer,
        400,
        200400,
        &format!("parsing an URN error: failed to parse urn from: {urn}, invalid length: 8"),
    );
}

// ---------------------------------------------------------------------------
// Rule 4: the body
// ---------------------------------------------------------------------------

/// A JSON string body of exactly `len` bytes.
fn json_body(len: usize) -> String {
    format!("\"{}\"", "x".repeat(len - 2))
}

#[test]
fn body_over_max_body_size_is_4140() {
    let emulator = Emulator::start(&["--max-body-size", "1K"]);
    let at_limit = json_body(1024);
    assert_answer_ok(&emulator.invoke(ECHO, &[], &at_limit), &at_limit);
    for len in [1025, 2 * 1024, 100 * 1024] {
        let answer = emulator.invoke(ECHO, &[], &json_body(len));
        let message = format!("the size of request body is beyond maximum:1024, body size:{len}");
        assert_refused(&answer, 500, 4140, &message);
    }
    assert_alive(&emulator);
}

#[test]
fn body_not_json_is_200500() {
    let emulator = Emulator::start(&[]);
    // Go's scanner words each one (encoding/json/scanner.go); a body of only blanks is not JSON either.
    for (body, why) in [
        (
            "{bad",
            "invalid character 'b' looking for beginning of object key string",
        ),
        ("hello", "invalid character 'h' looking for beginning of value"),
        ("{\"a\":1} trailing", "invalid character 't' after top-level value"),
        ("[1,2", "unexpected end of JSON input"),
        ("  \n", "unexpected end of JSON input"),
    ] {
        let answer = emulator.invoke(ECHO, &[], body);
        assert_refused(&answer, 500, 200500, &format!("{BODY_NOT_JSON}{why}"));
    }
}

#[test]
fn empty_body_is_an_empty_object() {
    let emulator = Emulator::start(&[]);
    assert_answer_ok(&emulator.invoke(ECHO, &[], ""), "{}");
    assert_answer_ok(&emulator.invoke(HELLO, &[], ""), "\"hello\"");
}

// ---------------------------------------------------------------------------
// Rule 5: instance resources
// ---------------------------------------------------------------------------

const RESOURCES: &str = "res=printf 'cpu=%s mem=%s custom=%s' \"$YR_INSTANCE_CPU\" \"$YR_INSTANCE_MEMORY\" \"$YR_INSTANCE_CUSTOM_RESOURCE\"";
const RES: &str = "sn:cn:yrk:default:function:0@default@res:latest";

#[test]
fn cpu_or_memory_alone_is_ignored_whatever_the_value() {
    let emulator = Emulator::start(&["--function", RESOURCES]);
    for headers in [
        [("X-Instance-Cpu", "abc")],
        [("X-Instance-Cpu", "500")],
        [("X-Instance-Memory", "-3")],
        [("X-Instance-Memory", "1.5")],
    ] {
        assert_answer_ok(&emulator.invoke(RES, &headers, "{}"), "\"cpu= mem= custom=\"");
    }
}

#[test]
fn cpu_and_memory_with_garbage_is_200500() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke(ECHO, &[("X-Instance-Cpu", "abc"), ("X-Instance-Memory", "512")], "{}");
    assert_refused(
        &answer,
        500,
        200500,
        "strconv.ParseInt: parsing \"abc\": invalid syntax",
    );
    let answer = emulator.invoke(ECHO, &[("X-Instance-Cpu", "500"), ("X-Instance-Memory", "1.5")], "{}");
    assert_refused(
        &answer,
        500,
        200500,
        "strconv.ParseInt: parsing \"1.5\": invalid syntax",
    );
}

#[test]
fn cpu_and_memory_valid_are_applied() {
    let emulator = Emulator::start(&["--function", RESOURCES]);
    let answer = emulator.invoke(
        RES,
        &[
            ("X-Instance-Cpu", "500"),
            ("X-Instance-Memory", "512"),
            ("X-Instance-Custom-Resource", r#"{"NPU/.+/count":2,"GPU":0}"#),
        ],
        "{}",
    );
    assert_answer_ok(&answer, r#""cpu=500 mem=512 custom={\"NPU/.+/count\":2}""#);
    // Values of 0 or less are ignored, not refused; custom resources need cpu and memory.
    let answer = emulator.invoke(
        RES,
        &[
            ("X-Instance-Cpu", "0"),
            ("X-Instance-Memory", "512"),
            ("X-Instance-Custom-Resource", r#"{"NPU":2}"#),
        ],
        "{}",
    );
    assert_answer_ok(&answer, "\"cpu= mem= custom=\"");
}

#[test]
fn custom_resource_invalid_is_200500() {
    let emulator = Emulator::start(&[]);
    // json.Unmarshal into a map[string]int64 (prepareDynamicResource in invocation/function_invoke_for_kernel.go).
    for (value, why) in [
        (
            "{bad",
            "invalid character 'b' looking for beginning of object key string",
        ),
        (
            "[1]",
            "json: cannot unmarshal array into Go value of type map[string]int64",
        ),
        (
            r#"{"NPU":"x"}"#,
            "json: cannot unmarshal string into Go value of type int64",
        ),
        (
            r#"{"NPU":1.5}"#,
            "json: cannot unmarshal number 1.5 into Go value of type int64",
        ),
        (
            r#"{"NPU":1,"GPU":true}"#,
            "json: cannot unmarshal bool into Go value of type int64",
        ),
    ] {
        let answer = emulator.invoke(
            ECHO,
            &[
                ("X-Instance-Cpu", "500"),
                ("X-Instance-Memory", "512"),
                ("X-Instance-Custom-Resource", value),
            ],
            "{}",
        );
        assert_refused(&answer, 500, 200500, why);
    }
}

// ---------------------------------------------------------------------------
// Rule 6: sessions
// ---------------------------------------------------------------------------

#[test]
fn session_malformed_is_330404() {
    let emulator = Emulator::start(&[]);
    // json.Unmarshal into InstanceSessionConfig (createKernelRequestHandler), coded 330404 by HandleInvokeError.
    let field = |what: &str, name: &str, go_type: &str| {
        format!("json: cannot unmarshal {what} into Go struct field InstanceSessionConfig.{name} of type {go_type}")
    };
    for (value, why) in [
        ("{", "unexpected end of JSON input".to_string()),
        (
            "not json",
            "invalid character 'o' in literal null (expecting 'u')".to_string(),
        ),
        (
            "[]",
            "json: cannot unmarshal array into Go value of type types.InstanceSessionConfig".to_string(),
        ),
        (
            r#"{"sessionID":1,"concurrency":1}"#,
            field("number", "sessionID", "string"),
        ),
        (
            r#"{"sessionID":"a","concurrency":"2"}"#,
            field("string", "concurrency", "int"),
        ),
        (
            r#"{"sessionID":"a","sessionTTL":1.5,"concurrency":1}"#,
            field("number 1.5", "sessionTTL", "int"),
        ),
    ] {
        let answer = emulator.invoke(ECHO, &[("X-Instance-Session", value)], "{}");
        let message = format!("unmarshal instance session failed, err: {why}");
        assert_refused(&answer, 500, 330404, &message);
    }
}

#[track_caller]
fn assert_session_invalid(emulator: &Emulator, value: &str) {
    let answer = emulator.invoke(ECHO, &[("X-Instance-Session", value)], "{}");
    assert_refused(&answer, 500, 4037, "\"session config invalid\"");
}

#[test]
fn session_empty_id_is_4037() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    assert_session_invalid(&emulator, &session("", 0, 1));
}

#[test]
fn session_id_of_64_characters_is_4037() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    assert_session_invalid(&emulator, &session(&"s".repeat(64), 0, 1));
    assert_answer_ok(
        &emulator.invoke(ECHO, &[("X-Instance-Session", &session(&"s".repeat(63), 0, 1))], "{}"),
        "{}",
    );
}

#[test]
fn session_negative_ttl_is_4037() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    assert_session_invalid(&emulator, &session("a", -1, 1));
}

#[test]
fn session_concurrency_0_is_4037() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    assert_session_invalid(&emulator, &session("a", 0, 0));
}

#[test]
fn session_concurrency_minus_2_is_4037() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    assert_session_invalid(&emulator, &session("a", 0, -2));
}

#[test]
fn session_concurrency_above_concurrent_num_is_4037() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    assert_session_invalid(&emulator, &session("a", 0, 3));
    assert_answer_ok(
        &emulator.invoke(ECHO, &[("X-Instance-Session", &session("a", 0, 2))], "{}"),
        "{}",
    );
}

#[test]
fn session_valid_with_concurrency_minus_1() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    let answer = emulator.invoke(ECHO, &[("X-Instance-Session", &session("whole", 30, -1))], r#"{"s":1}"#);
    assert_answer_ok(&answer, r#"{"s":1}"#);
}

// ---------------------------------------------------------------------------
// Rules 7 and 8: function lookup, instance labels
// ---------------------------------------------------------------------------

#[test]
fn unknown_function_is_150424_with_quoted_message() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke(NOPE, &[("X-Trace-Id", "t-nope")], "{}");
    let trace = assert_refused(&answer, 500, 150424, NO_FUNCTION);
    assert_eq!(trace, "t-nope");
    // The version is part of the lookup.
    let answer = emulator.invoke("sn:cn:yrk:default:function:0@default@echo:1", &[], "{}");
    assert_refused(&answer, 500, 150424, NO_FUNCTION);
}

#[test]
fn instance_label_unknown_is_150444() {
    let emulator = Emulator::start(&["--instance-label", "gpu"]);
    let answer = emulator.invoke(ECHO, &[("X-Instance-Label", "npu")], "{}");
    assert_refused(&answer, 500, 150444, "\"instance label not found\"");
    let bare = Emulator::start(&[]);
    let answer = bare.invoke(ECHO, &[("X-Instance-Label", "gpu")], "{}");
    assert_refused(&answer, 500, 150444, "\"instance label not found\"");
}

#[test]
fn instance_label_known_is_accepted() {
    let emulator = Emulator::start(&["--instance-label", "cpu", "--instance-label", "gpu"]);
    assert_answer_ok(
        &emulator.invoke(ECHO, &[("X-Instance-Label", "gpu")], r#"{"l":1}"#),
        r#"{"l":1}"#,
    );
}

// ---------------------------------------------------------------------------
// The order the rules are checked in
// ---------------------------------------------------------------------------

/// Upstream's order (api/v1/invoke.go `buildProcessContext`, invocation/fgadapter.go `MakeInvoker`,
/// invocation/doinvoke.go, invocation/function_invoke_for_kernel.go): token auth, the upload stream, the body read
/// whole, the URN, the body size, the function, the session JSON, the scheduler's acquire (label, session rules),
/// then the body JSON and the resource values. Each pair below has both faults; the earlier check answers.
#[test]
fn rules_are_checked_in_the_frontend_order() {
    let dir = TempDir::new();
    let token = dir.file("token", "tok");
    let emulator = Emulator::start(&["--token-file", token.to_str().unwrap(), "--max-body-size", "1K"]);
    let post = |urn: &str, headers: &[(&str, &str)], body: &[u8]| {
        let mut all = vec![("X-Auth", "tok")];
        all.extend_from_slice(headers);
        if !all.iter().any(|(n, _)| *n == "Content-Type") {
            all.push(("Content-Type", "application/json"));
        }
        emulator.call("POST", &invocations(urn), &all, body)
    };
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let bad_cpu = [("X-Instance-Cpu", "abc"), ("X-Instance-Memory", "1")];
    let broken_session = ("X-Instance-Session", "{");
    let refused_session = ("X-Instance-Session", r#"{"sessionID":"","concurrency":1}"#);
    let label = ("X-Instance-Label", "x");
    let big = "x".repeat(2048);

    // auth before the upload stream.
    let answer = emulator.call("POST", &invocations("a:b"), &[form], b"x");
    assert_unauthorized(&answer, MISSING);
    // the upload stream before the URN (handleRequestBodyAndStream runs before extractFunctionURN).
    assert_refused(&post("a:b", &[form], b"x"), 500, 200600, "internal system error");
    // the URN before the body size.
    assert_refused(
        &post("a:b", &[], big.as_bytes()),
        400,
        200400,
        "parsing an URN error: failed to parse urn from: a:b, invalid length: 2",
    );
    // the body size before the function.
    assert_refused(
        &post(NOPE, &[], big.as_bytes()),
        500,
        4140,
        "the size of request body is beyond maximum:1024, body size:2048",
    );
    // the function before the session JSON and the body JSON.
    assert_refused(&post(NOPE, &[broken_session], b"not json"), 500, 150424, NO_FUNCTION);
    // the session JSON before the label and the body JSON.
    assert_refused(
        &post(ECHO, &[broken_session, label], b"not json"),
        500,
        330404,
        "unmarshal instance session failed, err: unexpected end of JSON input",
    );
    // the label before the session rules (both the scheduler's, quoted).
    assert_refused(
        &post(ECHO, &[refused_session, label], b"not json"),
        500,
        150444,
        "\"instance label not found\"",
    );
    // the session rules before the body JSON.
    assert_refused(
        &post(ECHO, &[refused_session], b"not json"),
        500,
        4037,
        "\"session config invalid\"",
    );
    // the body JSON before the resource values.
    assert_refused(
        &post(ECHO, &bad_cpu, b"not json"),
        500,
        200500,
        &format!("{BODY_NOT_JSON}invalid character 'o' in literal null (expecting 'u')"),
    );
    // the resource values last.
    assert_refused(
        &post(ECHO, &bad_cpu, b"{}"),
        500,
        200500,
        "strconv.ParseInt: parsing \"abc\": invalid syntax",
    );
}

// ---------------------------------------------------------------------------
// Trace ids
// ---------------------------------------------------------------------------

#[test]
fn trace_id_from_x_trace_id() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke(ECHO, &[("X-Trace-Id", "trace-abc"), ("X-Request-Id", "req-xyz")], "{}");
    assert_answer_ok(&answer, "{}");
    assert_eq!(answer.header("x-trace-id"), Some("trace-abc"));
    let answer = emulator.invoke(NOPE, &[("X-Trace-Id", "trace-err")], "{}");
    assert_eq!(assert_refused(&answer, 500, 150424, NO_FUNCTION), "trace-err");
}

#[test]
fn trace_id_from_x_request_id() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke(ECHO, &[("X-Request-Id", "req-xyz")], "{}");
    assert_answer_ok(&answer, "{}");
    assert_eq!(answer.header("x-trace-id"), Some("req-xyz"));
    let answer = emulator.invoke("a:b:c", &[("X-Request-Id", "req-err")], "{}");
    let trace = refusal_head(&answer, 400, 200400);
    assert_eq!(trace, "req-err");
    assert_eq!(answer.json()["trace_id"], json!("req-err"));
}

#[track_caller]
fn assert_uuid_like(id: &str) {
    assert_eq!(id.len(), 36, "{id:?}");
    for (i, c) in id.chars().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            assert_eq!(c, '-', "{id:?}");
        } else {
            assert!(c.is_ascii_hexdigit(), "{id:?}");
        }
    }
}

#[test]
fn trace_id_generated_when_absent() {
    let emulator = Emulator::start(&[]);
    let first = emulator.invoke(ECHO, &[], "{}");
    assert_answer_ok(&first, "{}");
    let first = first.header("x-trace-id").unwrap().to_string();
    assert_uuid_like(&first);
    let answer = emulator.invoke(NOPE, &[], "{}");
    let second = assert_refused(&answer, 500, 150424, NO_FUNCTION);
    assert_uuid_like(&second);
    assert_ne!(first, second);
}

#[test]
fn trace_id_cut_to_128_characters() {
    let emulator = Emulator::start(&[]);
    let long: String = (0..200).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let answer = emulator.invoke(ECHO, &[("X-Trace-Id", &long)], "{}");
    assert_answer_ok(&answer, "{}");
    assert_eq!(answer.header("x-trace-id"), Some(&long[..128]));
    let answer = emulator.invoke(NOPE, &[("X-Request-Id", &long)], "{}");
    let trace = assert_refused(&answer, 500, 150424, NO_FUNCTION);
    assert_eq!(trace, &long[..128]);
    // Exactly 128 is kept whole.
    let answer = emulator.invoke(ECHO, &[("X-Trace-Id", &long[..128])], "{}");
    assert_eq!(answer.header("x-trace-id"), Some(&long[..128]));
}

// ---------------------------------------------------------------------------
// The same refusals through `yr invoke`
// ---------------------------------------------------------------------------

fn yr_invoke(emulator: &Emulator, args: &[&str]) -> (Option<i32>, String, String) {
    let out = yr()
        .args(["invoke", "-e", &emulator.url, "--ignore-stdin"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SESSION_HINT: &str = "hint: a session needs --session-id of 1 to 63 characters, --session-ttl of 0 or more, and --session-concurrency positive or -1 and at most the function's concurrentNum\n";

#[test]
fn yr_invoke_session_refused_by_header_exits_4() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    let (code, stdout, stderr) = yr_invoke(
        &emulator,
        &[
            "echo",
            "--trace-id",
            "t-4037",
            "-H",
            r#"X-Instance-Session: {"sessionID":"","sessionTTL":0,"concurrency":1}"#,
        ],
    );
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(4),
            "",
            &*format!(
                "yr: error: HTTP 500, code 4037 (session config invalid): session config invalid [trace t-4037]\n{SESSION_HINT}"
            )
        )
    );
}

#[test]
fn yr_invoke_session_above_concurrent_num_exits_4() {
    let emulator = Emulator::start(&["--concurrent-num", "2"]);
    let (code, stdout, stderr) = yr_invoke(
        &emulator,
        &[
            "echo",
            "--trace-id",
            "t-conc",
            "--session-id",
            "s1",
            "--session-concurrency",
            "3",
        ],
    );
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(4),
            "",
            &*format!(
                "yr: error: HTTP 500, code 4037 (session config invalid): session config invalid [trace t-conc]\n{SESSION_HINT}"
            )
        )
    );
    // At the limit it goes through.
    let (code, stdout, _) = yr_invoke(
        &emulator,
        &["echo", "--session-id", "s1", "--session-concurrency", "2", "-d", "[2]"],
    );
    assert_eq!((code, stdout.as_str()), (Some(0), "[2]"));
}

#[test]
fn yr_invoke_refuses_session_header_with_session_id() {
    let emulator = Emulator::start(&[]);
    let (code, stdout, stderr) = yr_invoke(
        &emulator,
        &[
            "echo",
            "--session-id",
            "s1",
            "-H",
            r#"X-Instance-Session: {"sessionID":"a"}"#,
        ],
    );
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(2),
            "",
            "yr: error: -H X-Instance-Session and --session-id both set X-Instance-Session: give one\n"
        )
    );
}

#[test]
fn yr_invoke_unknown_function_exits_4_with_urn_hint() {
    let emulator = Emulator::start(&[]);
    let (code, stdout, stderr) = yr_invoke(&emulator, &["nope", "--trace-id", "t-150424"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(4),
            "",
            "yr: error: HTTP 500, code 150424 (function not found): function metadata not found [trace t-150424]\n\
             hint: check tenant, service, name and version; the URN sent was sn:cn:yrk:default:function:0@default@nope:latest (see `yr urn`)\n"
        )
    );
}

#[test]
fn yr_invoke_instance_label_unknown_exits_4() {
    let emulator = Emulator::start(&["--instance-label", "gpu"]);
    let (code, stdout, stderr) = yr_invoke(&emulator, &["echo", "--trace-id", "t-label", "--instance-label", "npu"]);
    assert_eq!((code, stdout.as_str()), (Some(4), ""));
    assert_eq!(
        stderr.lines().next(),
        Some("yr: error: HTTP 500, code 150444 (instance label not found): instance label not found [trace t-label]")
    );
    let (code, stdout, _) = yr_invoke(&emulator, &["echo", "--instance-label", "gpu", "-d", "{\"ok\":1}"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "{\"ok\":1}"));
}

#[test]
fn yr_invoke_refuses_a_6_field_urn_before_sending() {
    let emulator = Emulator::start(&[]);
    let urn = "sn:cn:yrk:default:function:0@default@nope";
    let expected = format!(
        "yr: error: FUNCTION `{urn}` has 6 fields; a URN has 7: product:region:business:tenant:sign:name:version (the version is missing?)\n"
    );
    let (code, stdout, stderr) = yr_invoke(&emulator, &[urn]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (Some(2), "", expected.as_str())
    );
    // Nothing is sent: a server that records requests sees none.
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let out = yr()
        .args(["invoke", "-e", &server.url, "--ignore-stdin", urn])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------
// Bad input the server must survive
// ---------------------------------------------------------------------------

#[test]
fn non_utf8_path_gets_an_answer() {
    let emulator = Emulator::start(&[]);
    for request in [
        &b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        &b"POST /serverless/v1/functions/sn:cn:yrk:default:function:0@default@ech\xc3o:latest/invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"[..],
        &b"POST /serverless/v1/functions/%ff/invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"[..],
    ] {
        let mut stream = emulator.connect();
        stream.write_all(request).unwrap();
        let bytes = read_one_response(&mut stream);
        assert!(
            bytes.starts_with(b"HTTP/1.1 400 ") || bytes.starts_with(b"HTTP/1.1 404 "),
            "{:?} -> {:?}",
            String::from_utf8_lossy(request),
            String::from_utf8_lossy(&bytes)
        );
    }
    assert_alive(&emulator);
}

#[test]
fn header_over_1_mb_is_431() {
    let emulator = Emulator::start(&[]);
    let stream = emulator.connect();
    // Read while writing, so the answer is caught even if the server closes before taking every byte.
    let mut reader = stream.try_clone().unwrap();
    let reading = thread::spawn(move || read_one_response(&mut reader));
    let mut writer = stream;
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Big: ",
        invocations(ECHO)
    )
    .into_bytes();
    request.extend(std::iter::repeat_n(b'a', 1_100_000));
    request.extend_from_slice(b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    let _ = writer.write_all(&request); // the server may stop reading at the limit
    let bytes = reading.join().unwrap();
    let answer = RawResponse::parse(&bytes);
    assert_eq!(answer.status, 431, "{:?}", String::from_utf8_lossy(&bytes));
    assert_alive(&emulator);
}

/// Go's body reader fails with the connection's read deadline; the default of SetErrorInContextWithDefault codes
/// it 400/200400 with Go's error text (api/v1/invoke.go `buildProcessContext`).
#[test]
fn body_that_never_ends_times_out_with_200400() {
    let emulator = Emulator::start(&["--read-timeout", "1s"]);
    let mut stream = emulator.connect();
    let start = Instant::now();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Trace-Id: t-slow\r\nContent-Length: 100\r\n\r\n{{\"a\":\"1234",
        invocations(ECHO)
    );
    assert_eq!(head.len() - head.find("\r\n\r\n").unwrap() - 4, 10);
    stream.write_all(head.as_bytes()).unwrap();
    // The socket stays open: only the server's timer can end this.
    let bytes = read_one_response(&mut stream);
    let elapsed = start.elapsed();
    assert!(
        !bytes.is_empty(),
        "no answer at all after {elapsed:?} (connection dropped or read timed out)"
    );
    let answer = RawResponse::parse(&bytes);
    let trace = assert_refused_prefix(&answer, 400, 200400, "read tcp 127.0.0.1:");
    assert_eq!(trace, "t-slow");
    let message = answer.json()["message"].as_str().unwrap().to_string();
    assert!(
        message.ends_with(": i/o timeout") && message.contains("->127.0.0.1:"),
        "{message}"
    );
    // The timer is --read-timeout's, not the 30 s default's: any answer at all comes before this socket's own
    // 10 s read timeout (Emulator::connect), and the i/o timeout above says a read deadline fired. The lower
    // bound says it did not fire early.
    assert!(elapsed >= Duration::from_millis(900), "answered after {elapsed:?}");
    drop(stream);
    assert_alive(&emulator);
}

#[test]
fn truncated_body_with_closed_write_side_does_not_crash() {
    let mut emulator = Emulator::start(&[]);
    let mut stream = emulator.connect();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"a\":\"1234",
        invocations(ECHO)
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let bytes = read_one_response(&mut stream);
    // A half-closed client still reads the answer: Go's `unexpected EOF`, coded 400/200400.
    let answer = RawResponse::parse(&bytes);
    assert_refused(&answer, 400, 200400, "unexpected EOF");
    assert!(emulator.child.try_wait().unwrap().is_none(), "the emulator exited");
    assert_alive(&emulator);
    assert_answer_ok(&emulator.invoke(ECHO, &[], "[1]"), "[1]");
}

#[test]
fn two_hundred_concurrent_connections_are_all_served() {
    const N: usize = 200;
    let emulator = Emulator::start(&[]);
    let barrier = Barrier::new(N);
    let answers: Vec<(usize, Vec<u8>)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..N)
            .map(|i| {
                let (emulator, barrier) = (&emulator, &barrier);
                scope.spawn(move || {
                    let stream = TcpStream::connect(&emulator.addr);
                    // Every connection is open before any request is sent (wait even on failure, so no thread hangs).
                    barrier.wait();
                    let mut stream = stream.expect("connect");
                    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                    let body = format!("{{\"n\":{i}}}");
                    let request = format!(
                        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
                        invocations(ECHO),
                        body.len()
                    );
                    stream.write_all(request.as_bytes()).unwrap();
                    (i, read_one_response(&mut stream))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, bytes) in answers {
        let answer = RawResponse::parse(&bytes);
        assert_answer_ok(&answer, &format!("{{\"n\":{i}}}"));
    }
}
