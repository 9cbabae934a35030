//! Answers in the shapes the real frontend sends them (issue 10, client part), from scripted servers that send
//! exactly what upstream writes: errors framed as server-sent events under the error's status, a 200 stream that
//! ends in an error object, and `failed` asynchronous records. Each shape is reported as the synchronous error it
//! stands for: the same stderr line and hint, the same exit code, nothing on stdout.
//!
//! Upstream is openyuanrong/frontend: `writeHTTPResponse` and `GinWriter.SSEWrite` in `pkg/frontend/api/v1/invoke.go`,
//! `createErrorResponseBody` in `pkg/frontend/responsehandler/common.go`, `AsyncInvokeHandler` and
//! `GetAsyncResultHandler` in `pkg/frontend/api/v1/async_invoke.go`, `AsyncResult` in
//! `pkg/frontend/asyncinvocation/store.go`.

mod support;
use support::*;

use serde_json::Value;

const URN_HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";

/// `yr invoke hello --ignore-stdin -e URL EXTRA...`
fn invoke(url: &str, extra: &[&str]) -> Run {
    run(yr().args(["invoke", "hello", "--ignore-stdin", "-e", url]).args(extra))
}

/// A synchronous error as the frontend answers it: the error JSON without a Content-Type (Go sniffs
/// `text/plain; charset=utf-8`), `X-Inner-Code`, and `X-Trace-Id` (writeHTTPResponse sets it outside SSE).
fn sync_error(status: u16, code: i64, body: &str) -> Reply {
    Reply::new(status)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("X-Inner-Code", &code.to_string())
        .header("X-Trace-Id", "t-sync")
        .body(body)
}

/// The same error with `Accept: text/event-stream`: writeHTTPResponse writes the response headers (X-Inner-Code),
/// the error's status, then SSEWrite(body) and SSEWrite("[DONE]"), each `data: ...\n\n` in its own flushed chunk,
/// with the SSE headers SSEWrite sets and no X-Trace-Id.
fn sse_error(status: u16, code: i64, body: &str) -> Reply {
    let frame = format!("data: {body}\n\n");
    sse(status, &[&frame, "data: [DONE]\n\n"]).header("X-Inner-Code", &code.to_string())
}

/// A chunked `text/event-stream` answer with SSEWrite's headers, one chunk per part.
fn sse(status: u16, parts: &[&str]) -> Reply {
    Reply::chunked(status, parts)
        .header("Content-Type", "text/event-stream")
        .header("Cache-Control", "no-cache")
        .header("Connection", "keep-alive")
        .header("X-Accel-Buffering", "no")
}

// ---------------------------------------------------------------------------
// --stream: errors framed as SSE
// ---------------------------------------------------------------------------

/// A frontend error (it carries trace_id) framed as SSE under HTTP 400 is the synchronous 200400 error, hint
/// included.
#[test]
fn stream_bad_urn_framed_as_sse_is_reported_as_the_sync_error() {
    let body = r#"{"code":200400,"message":"invalid function urn","trace_id":"t-400"}"#;
    let expected = format!(
        "yr: error: HTTP 400, code 200400 (bad request): invalid function urn [trace t-400]\n\
         hint: a function URN has 7 `:`-separated fields, sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION; \
         the URN sent was {URN_HELLO}\n"
    );
    let server = ScriptedServer::start(vec![sse_error(400, 200400, body), sync_error(400, 200400, body)]);
    let streamed = invoke(&server.url, &["--stream"]);
    assert_run(&streamed, 4, "", &expected);
    let synchronous = invoke(&server.url, &[]);
    assert_run(&synchronous, 4, "", &expected);
    let requests = server.requests();
    assert_eq!(requests[0].header("Accept"), Some("text/event-stream"));
}

/// A function's error (no trace_id: the runtime raised it) framed as SSE under HTTP 500: exit 6 by its class, and
/// the same line as the synchronous call but for the trace id, which only the synchronous answer's header has.
#[test]
fn stream_function_error_framed_as_sse_is_reported_as_the_sync_error() {
    let body = r#"{"code":4002,"message":"ZeroDivisionError: division by zero"}"#;
    let server = ScriptedServer::start(vec![sse_error(500, 4002, body), sync_error(500, 4002, body)]);
    let streamed = invoke(&server.url, &["--stream"]);
    assert_run(
        &streamed,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): ZeroDivisionError: division by zero\n",
    );
    let synchronous = invoke(&server.url, &[]);
    assert_run(
        &synchronous,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): ZeroDivisionError: division by zero \
         [trace t-sync]\n",
    );
}

/// 150424 is a frontend error: HTTP 500 (only 2002xx codes map to their own status), class request, exit 4.
#[test]
fn stream_unknown_function_framed_as_sse_is_a_rejection_with_its_hint() {
    let body = r#"{"code":150424,"message":"function metadata not found","trace_id":"t-424"}"#;
    let server = ScriptedServer::start(vec![sse_error(500, 150424, body)]);
    let out = invoke(&server.url, &["--stream"]);
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP 500, code 150424 (function not found): function metadata not found [trace t-424]\n\
             hint: check tenant, service, name and version; the URN sent was {URN_HELLO} (see `yr urn`)\n"
        ),
    );
}

/// The SSE error is an ordinary answer: a retry-safe code is sent again, like a synchronous one.
#[test]
fn stream_retry_safe_error_framed_as_sse_is_sent_again() {
    let body = r#"{"code":1002,"message":"insufficient resources","trace_id":"t-1"}"#;
    let server = ScriptedServer::start(vec![
        sse_error(500, 1002, body),
        sse(200, &["data: \"ok\"\n\n", "data: [DONE]\n\n"]),
    ]);
    let out = invoke(&server.url, &["--stream", "--retry", "1", "--retry-delay", "10ms"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "\"ok\"\n"), "{out:?}");
    assert!(
        out.stderr.starts_with(
            "yr: warning: HTTP 500, code 1002 (insufficient resources): insufficient resources [trace t-1]; retrying in "
        ) && out.stderr.ends_with(" (attempt 2 of 2)\n")
            && out.stderr.lines().count() == 1,
        "{out:?}"
    );
    assert_eq!(server.count(), 2);
}

/// --json, --expect-code and an SSE error: the synchronous envelope; an expected code passes.
#[test]
fn stream_error_framed_as_sse_with_json_and_expectations() {
    let body = r#"{"code":4002,"message":"boom"}"#;
    let server = ScriptedServer::start(vec![sse_error(500, 4002, body), sse_error(500, 4002, body)]);
    let out = invoke(&server.url, &["--stream", "--json"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            6,
            "yr: error: HTTP 500, code 4002 (function raised an exception): boom\n"
        ),
        "{out:?}"
    );
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert_eq!(
        (
            &envelope["ok"],
            &envelope["status"],
            &envelope["code"],
            &envelope["class"],
            &envelope["message"],
            &envelope["body"]
        ),
        (
            &Value::Bool(false),
            &Value::from(500),
            &Value::from(4002),
            &Value::from("function"),
            &Value::from("boom"),
            &serde_json::json!({"code": 4002, "message": "boom"})
        ),
        "{envelope}"
    );
    let expected = invoke(
        &server.url,
        &["--stream", "--expect-code", "4002", "--expect-status", "500"],
    );
    assert_run(&expected, 0, "", "");
}

// ---------------------------------------------------------------------------
// --stream: a 200 stream that ends in an error object
// ---------------------------------------------------------------------------

/// Once a frame went out, the status is 200 for good: a call that then fails has writeHTTPResponse send the error
/// JSON as the last frame before [DONE]. The frames that came are printed, the error is not.
#[test]
fn stream_error_object_after_frames_fails_after_them() {
    let server = ScriptedServer::start(vec![sse(
        200,
        &[
            "data: {\"token\":\"Hel\"}\n\n",
            "data: {\"token\":\"lo\"}\n\n",
            "data: {\"code\":4002,\"message\":\"CUDA out of memory\"}\n\n",
            "data: [DONE]\n\n",
        ],
    )]);
    let out = invoke(&server.url, &["--stream"]);
    assert_run(
        &out,
        6,
        "{\"token\":\"Hel\"}\n{\"token\":\"lo\"}\n",
        "yr: error: the stream failed after 2 frames: HTTP 200, code 4002 (function raised an exception): \
         CUDA out of memory\n",
    );
}

/// With --json the frames are printed as they came, then the failure's envelope.
#[test]
fn stream_error_object_after_a_frame_with_json_ends_with_the_envelope() {
    let server = ScriptedServer::start(vec![sse(
        200,
        &[
            "data: one\n\n",
            "data: {\"code\":150444,\"message\":\"\\\"instance label not found\\\"\",\"trace_id\":\"t-l\"}\n\n",
            "data: [DONE]\n\n",
        ],
    )]);
    let out = invoke(&server.url, &["--stream", "--json"]);
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(
        out.stderr,
        "yr: error: the stream failed after 1 frame: HTTP 200, code 150444 (instance label not found): \
         instance label not found [trace t-l]\n\
         hint: no instance carries the --instance-label given; check the label or leave it out\n"
    );
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{out:?}");
    assert_eq!(lines[0], serde_json::json!({"data": "one"}));
    assert_eq!(
        (
            &lines[1]["ok"],
            &lines[1]["code"],
            &lines[1]["class"],
            &lines[1]["trace_id"]
        ),
        (
            &Value::Bool(false),
            &Value::from(150444),
            &Value::from("request"),
            &Value::from("t-l")
        ),
        "{}",
        lines[1]
    );
}

/// An error object as the first frame of a 200 stream is reported with exactly a synchronous error's line.
#[test]
fn stream_error_object_as_the_first_frame_is_the_sync_error_line() {
    let server = ScriptedServer::start(vec![sse(
        200,
        &["data: {\"code\":4002,\"message\":\"boom\"}\n\n", "data: [DONE]\n\n"],
    )]);
    let out = invoke(&server.url, &["--stream"]);
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 200, code 4002 (function raised an exception): boom\n",
    );
}

/// A function's own frames that merely look like errors are data: code 0, or keys the frontend never writes.
#[test]
fn stream_frames_that_are_not_the_frontends_error_object_are_data() {
    let frames = [
        "data: {\"code\":0,\"message\":\"fine\"}\n\n",
        "data: {\"code\":3,\"message\":\"step\",\"progress\":0.5}\n\n",
        "data: {\"code\":\"4002\",\"message\":\"a string code\"}\n\n",
        "data: [DONE]\n\n",
    ];
    let server = ScriptedServer::start(vec![sse(200, &frames)]);
    let out = invoke(&server.url, &["--stream"]);
    assert_run(
        &out,
        0,
        "{\"code\":0,\"message\":\"fine\"}\n{\"code\":3,\"message\":\"step\",\"progress\":0.5}\n\
         {\"code\":\"4002\",\"message\":\"a string code\"}\n",
        "",
    );
}

/// A successful stream honours --expect-status and --expect-code; flags that need one whole body are refused.
#[test]
fn stream_expectations_are_checked_and_whole_body_flags_refused() {
    let server = ScriptedServer::start(vec![
        sse(200, &["data: a\n\n", "data: [DONE]\n\n"]),
        sse(200, &["data: a\n\n", "data: [DONE]\n\n"]),
    ]);
    let out = invoke(
        &server.url,
        &["--stream", "--expect-status", "200", "--expect-code", "0"],
    );
    assert_run(&out, 0, "a\n", "");
    let out = invoke(&server.url, &["--stream", "--expect-status", "201"]);
    assert_run(
        &out,
        8,
        "a\n",
        "yr: error: expectation failed: status 200, expected 201\n",
    );
    for flag in [&["-r"][..], &["--expect-body", "\"a\""][..]] {
        let out = invoke(&server.url, &[&["--stream"][..], flag].concat());
        assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
        assert!(
            out.stderr
                .starts_with("error: the argument '--stream' cannot be used with"),
            "{out:?}"
        );
    }
    assert_eq!(server.count(), 2);
}
