//! Answers in the shapes the real frontend sends them (issue 10, client part), from scripted servers that send
//! exactly what upstream writes: errors framed as server-sent events under the error's status, a 200 stream that
//! ends in an error object, and `failed` asynchronous records. Each shape is reported as the synchronous error it
//! stands for: the same stderr line and hint, the same exit code, nothing on stdout.
//!
//! Upstream is openyuanrong/frontend: `writeHTTPResponse` and `GinWriter.SSEWrite` in `pkg/frontend/api/v1/invoke.go`,
//! `createErrorResponseBody` in `pkg/frontend/responsehandler/common.go`, `AsyncInvokeHandler` and
//! `GetAsyncResultHandler` in `pkg/frontend/api/v1/async_invoke.go`, `AsyncResult` in
//! `pkg/frontend/asyncinvocation/store.go`.

use crate::support::*;

use base64::Engine;
use serde_json::Value;

const URN_HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";

fn result(url: &str, id: &str, extra: &[&str]) -> Run {
    run(yr().args(["result", id, "-e", url]).args(extra))
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
    let streamed = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run(&streamed, 4, "", &expected);
    let synchronous = invoke("hello").ignore_stdin().endpoint(&server.url).run();
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
    let streamed = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run(
        &streamed,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): ZeroDivisionError: division by zero\n",
    );
    let synchronous = invoke("hello").ignore_stdin().endpoint(&server.url).run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--retry", "1", "--retry-delay", "10ms"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--json"])
        .run();
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
    let expected = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--expect-code", "4002", "--expect-status", "500"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--json"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
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
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--expect-status", "200", "--expect-code", "0"])
        .run();
    assert_run(&out, 0, "a\n", "");
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--expect-status", "201"])
        .run();
    assert_run(
        &out,
        8,
        "a\n",
        "yr: error: expectation failed: status: expected 201, got 200\n",
    );
    for flag in [&["-r"][..], &["--expect-body", "\"a\""][..]] {
        let out = invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&[&["--stream"][..], flag].concat())
            .run();
        assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
        assert!(
            out.stderr
                .starts_with("error: the argument '--stream' cannot be used with"),
            "{out:?}"
        );
    }
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------
// Failed asynchronous records
// ---------------------------------------------------------------------------

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// `{"requestId":"<id>"}` with 202, as AsyncInvokeHandler answers (gin's ctx.JSON: application/json).
fn accepted(id: &str) -> Reply {
    Reply::json(202, &format!(r#"{{"requestId":"{id}"}}"#))
}

/// A finished record as GetAsyncResultHandler serves it: ctx.JSON of AsyncResult (`respBody` is Go's base64 of
/// []byte, empty fields omitted).
fn record(fields: Value) -> Reply {
    let mut record = serde_json::json!({
        "requestId": "req-1",
        "createdAt": "2026-05-04T10:00:00.123456789+08:00",
        "completedAt": "2026-05-04T10:00:01.5+08:00",
        "instanceId": "frontend-7d9f"
    });
    for (key, value) in fields.as_object().expect("fields").iter() {
        record[key] = value.clone();
    }
    Reply::json(200, &record.to_string())
}

/// An unknown function: the frontend's 150424, its RespHeader (Go canonical names), statusCode 500.
fn failed_unknown_function() -> Reply {
    record(serde_json::json!({
        "status": "failed",
        "statusCode": 500,
        "respHeaders": {"X-Inner-Code": "150424"},
        "respBody": b64(r#"{"code":150424,"message":"function metadata not found","trace_id":"t-424"}"#),
    }))
}

const UNKNOWN_FUNCTION_LINE: &str =
    "yr: error: HTTP 500, code 150424 (function not found): function metadata not found [trace t-424]\n";

#[test]
fn async_wait_on_a_failed_record_is_reported_as_the_sync_call() {
    let body = r#"{"code":150424,"message":"function metadata not found","trace_id":"t-424"}"#;
    let server = ScriptedServer::start(vec![
        accepted("req-1"),
        failed_unknown_function(),
        sync_error(500, 150424, body),
    ]);
    let expected = format!(
        "{UNKNOWN_FUNCTION_LINE}hint: check tenant, service, name and version; the URN sent was {URN_HELLO} (see `yr urn`)\n"
    );
    let waited = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--async", "--wait", "--poll-interval", "10ms"])
        .run();
    assert_run(&waited, 4, "", &expected);
    let synchronous = invoke("hello").ignore_stdin().endpoint(&server.url).run();
    assert_run(&synchronous, 4, "", &expected);
    let requests = server.requests();
    assert_eq!(requests[1].path, "/serverless/v1/functions/async-results/req-1");
}

/// `yr result` never saw the request: the same line, a hint that cannot name the URN.
#[test]
fn result_of_a_failed_record_is_reported_as_the_sync_call() {
    let server = ScriptedServer::start(vec![failed_unknown_function(), failed_unknown_function()]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(
        &out,
        4,
        "",
        &format!(
            "{UNKNOWN_FUNCTION_LINE}hint: check tenant, service, name and version of the function the call named \
             (see `yr urn`)\n"
        ),
    );
    let out = result(&server.url, "req-1", &["--json"]);
    assert_eq!(out.code, 4, "{out:?}");
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert_eq!(
        (
            &envelope["ok"],
            &envelope["status"],
            &envelope["code"],
            &envelope["class"],
            &envelope["request_id"],
            &envelope["headers"]["x-inner-code"]
        ),
        (
            &Value::Bool(false),
            &Value::from(500),
            &Value::from(150424),
            &Value::from("request"),
            &Value::from("req-1"),
            &Value::from("150424")
        ),
        "{envelope}"
    );
}

/// A function's own failure (runtime error body, no trace_id, the runtime's headers): exit 6.
#[test]
fn result_of_a_failed_function_exits_by_its_class() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "statusCode": 500,
        "respHeaders": {
            "Content-Type": "application/json",
            "X-Inner-Code": "4002",
            "X-Log-Result": "",
            "X-Invoke-Summary": "",
            "X-Billing-Duration": "12"
        },
        "respBody": b64(r#"{"code":4002,"message":"ValueError: bad input"}"#),
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): ValueError: bad input\n",
    );
}

/// A call that panicked in the frontend's worker is recorded with only `error` (the deferred recover in
/// AsyncInvokeHandler): no statusCode, no respBody. It is a platform failure, HTTP 500 as gin answers a panic.
#[test]
fn result_of_a_panicked_call_reports_its_error_text() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "error": "internal panic",
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(&out, 5, "", "yr: error: HTTP 500: internal panic\n");
}

/// An empty respBody: the code from respHeaders, the message from `error`.
#[test]
fn result_of_a_failed_record_without_a_body_uses_its_error_and_header_code() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "statusCode": 500,
        "respHeaders": {"X-Inner-Code": "3003"},
        "error": "scheduler unavailable",
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(
        &out,
        5,
        "",
        "yr: error: HTTP 500, code 3003 (internal error): scheduler unavailable\n",
    );
}

/// A body that is not JSON (a proxy's text) is shown as text, by its status.
#[test]
fn result_of_a_failed_record_with_a_text_body() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "statusCode": 502,
        "respBody": b64("upstream connect error\n"),
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(&out, 5, "", "yr: error: HTTP 502: upstream connect error\n");
}

/// `failed` wins over a 2xx statusCode (an invoke error under a 200): never printed as a result.
#[test]
fn result_of_a_failed_record_with_status_200_is_a_failure() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "statusCode": 200,
        "respBody": b64("\"half done\""),
        "error": "context deadline exceeded",
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(&out, 5, "", "yr: error: HTTP 200: context deadline exceeded\n");
}

/// A respBody that is not base64 (another implementation's plain text) is shown as it is for a failure.
#[test]
fn result_of_a_failed_record_whose_body_is_not_base64() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "statusCode": 500,
        "respBody": "{\"code\":4002,\"message\":\"raw\"}",
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): raw\n",
    );
}

/// A body too large: the hint cannot give the size `yr result` never knew.
#[test]
fn result_of_a_body_too_large_has_a_hint_without_the_size() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "failed",
        "statusCode": 500,
        "respHeaders": {"X-Inner-Code": "4140"},
        "respBody": b64(r#"{"code":4140,"message":"the size of request body is beyond maximum, body size: 7340032, maximum size: 6291456","trace_id":"t-b"}"#),
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 500, code 4140 (request body too large): the size of request body is beyond maximum, \
         body size: 7340032, maximum size: 6291456 [trace t-b]\n\
         hint: the body was over the frontend's limit: 6 MB unless its maxRequestBodySize says otherwise\n",
    );
}

/// A completed record is printed as the result.
#[test]
fn result_of_a_completed_record_prints_the_result() {
    let server = ScriptedServer::start(vec![record(serde_json::json!({
        "status": "completed",
        "statusCode": 200,
        "respHeaders": {"Content-Type": "application/json", "X-Inner-Code": "0"},
        "respBody": b64("\"hello yuanrong\""),
    }))]);
    let out = result(&server.url, "req-1", &[]);
    assert_run(&out, 0, "\"hello yuanrong\"", "");
}

// ---------------------------------------------------------------------------
// --webhook
// ---------------------------------------------------------------------------

/// `--async --webhook URL` sends X-Webhook-Url, the header AsyncInvokeHandler reads (`ctx.GetHeader("X-Webhook-Url")`)
/// and yrcli's `async-invoke --webhook` sets; the call is otherwise the plain asynchronous one.
#[test]
fn webhook_is_sent_as_x_webhook_url_with_async() {
    let server = ScriptedServer::start(vec![accepted("req-1"), accepted("req-2")]);
    let hook = "https://127.0.0.1:9443/hooks/yr?team=a%20b";
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--async", "--webhook", hook])
        .run();
    assert_run(&out, 0, "req-1\n", "");
    let request = server.only_request();
    assert_eq!(request.header("X-Invoke-Type"), Some("async"));
    assert_eq!(request.header_all("X-Webhook-Url"), [hook]);
    assert_eq!(
        request.path,
        format!("/serverless/v1/functions/{URN_HELLO}/invocations")
    );
    let curl = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--async", "--webhook", hook, "--curl"])
        .run();
    assert_eq!(curl.code, 0, "{curl:?}");
    assert!(curl.stdout.contains(&format!("-H 'X-Webhook-Url: {hook}'")), "{curl:?}");
    assert_eq!(server.count(), 1);
}

/// A flag the call cannot honour is refused: a synchronous call has no webhook (the frontend reads the header
/// only on the asynchronous route).
#[test]
fn webhook_without_async_is_a_usage_error() {
    let server = ScriptedServer::start(vec![accepted("req-1")]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--webhook", "http://127.0.0.1:9/hook"])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: the following required arguments were not provided:\n  --async\n"),
        "{out:?}"
    );
    assert_eq!(server.count(), 0);
}

/// URLs the frontend would drop (validateWebhookURL in asyncinvocation/webhook.go wants `http://` or `https://`,
/// case-sensitively) or that cannot be sent are refused before anything is sent.
#[test]
fn webhook_urls_the_frontend_cannot_use_are_refused() {
    let server = ScriptedServer::start(vec![accepted("req-1")]);
    let scheme = "the frontend sends webhooks only to a URL that starts with http:// or https:// (in lower case)";
    let cases: [(&str, String); 7] = [
        (
            "ftp://127.0.0.1/hook",
            format!("--webhook ftp://127.0.0.1/hook: {scheme}"),
        ),
        (
            "HTTPS://127.0.0.1/hook",
            format!("--webhook HTTPS://127.0.0.1/hook: {scheme}"),
        ),
        ("127.0.0.1:9/hook", format!("--webhook 127.0.0.1:9/hook: {scheme}")),
        ("http:///hook", "--webhook http:///hook: the URL has no host".into()),
        (
            "http://127.0.0.1/a b",
            "--webhook http://127.0.0.1/a b: the URL contains a space (percent-encode it as %20)".into(),
        ),
        (
            "http://127.0.0.1/\r\nX-Evil: 1",
            "--webhook http://127.0.0.1/\\r\\nX-Evil: 1: the URL contains a control character (CR)".into(),
        ),
        (
            "http://127.0.0.1/ü",
            "--webhook http://127.0.0.1/ü: the URL contains a character that is not ASCII (percent-encode it)".into(),
        ),
    ];
    for (url, message) in cases {
        let out = invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--async", "--webhook", url])
            .run();
        assert_run(&out, 2, "", &format!("yr: error: {message}\n"));
    }
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&[
            "--async",
            "--webhook",
            "http://127.0.0.1/a",
            "-H",
            "X-Webhook-Url: http://127.0.0.1/b",
        ])
        .run();
    assert_run(
        &out,
        2,
        "",
        "yr: error: -H X-Webhook-Url and --webhook both set X-Webhook-Url: give one\n",
    );
    assert_eq!(server.count(), 0);
}
