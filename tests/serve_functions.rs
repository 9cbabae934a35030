//! `yr serve` running functions: the built-ins, user COMMANDs (result, environment, stdin, logs, failures,
//! time-outs), instance sessions, asynchronous and streamed calls, `yr serve -- COMMAND`, and shutdown.

use crate::support::*;

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// The full URN of a function named on the command line without service or version.
fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Output of `env` (returned by the emulator as one JSON string) as a map.
fn env_map(answer: &RawResponse) -> HashMap<String, String> {
    assert_eq!(answer.status, 200, "{}", answer.text());
    let text = answer.json();
    let text = text
        .as_str()
        .unwrap_or_else(|| panic!("env output is not a JSON string: {}", answer.text()));
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn session_header(id: &str, ttl: i64, concurrency: i64) -> String {
    format!(r#"{{"sessionID":"{id}","sessionTTL":{ttl},"concurrency":{concurrency}}}"#)
}

/// Polls an async result until it is `completed` or `failed` (a hang guard of 30 s).
fn wait_async(emulator: &Emulator, id: &str) -> Value {
    let mut record = Value::Null;
    let done = wait_until_polling(Duration::from_secs(30), Duration::from_millis(50), || {
        let answer = emulator.call("GET", &format!("/serverless/v1/functions/async-results/{id}"), &[], b"");
        assert_eq!(answer.status, 200, "{}", answer.text());
        record = answer.json();
        match record["status"].as_str() {
            Some("completed" | "failed") => true,
            Some("pending" | "running") => false,
            other => panic!("unexpected status {other:?} in {record}"),
        }
    });
    assert!(done, "async call {id} not done after 30 s: {record}");
    record
}

fn start_async(emulator: &Emulator, name: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut all = vec![("X-Invoke-Type", "async")];
    all.extend_from_slice(headers);
    let answer = emulator.invoke(&urn(name), &all, body);
    assert_eq!(answer.status, 202, "{}", answer.text());
    let value = answer.json();
    let object = value.as_object().expect("a JSON object");
    assert_eq!(object.len(), 1, "only requestId expected: {value}");
    object["requestId"].as_str().expect("requestId is a string").to_string()
}

/// How Go marshals a `time.Time` (RFC 3339, nanoseconds with trailing zeros dropped), in UTC:
/// `2026-11-29T10:19:50.123456789Z`, `2026-11-29T10:19:50Z`.
fn assert_rfc3339_nano(value: &Value) {
    let text = value.as_str().unwrap_or_else(|| panic!("not a string: {value}"));
    let bytes = text.as_bytes();
    assert!(bytes.len() >= 20 && text.ends_with('Z'), "{text}");
    for (i, b) in bytes[..19].iter().enumerate() {
        match i {
            4 | 7 => assert_eq!(*b, b'-', "{text}"),
            10 => assert_eq!(*b, b'T', "{text}"),
            13 | 16 => assert_eq!(*b, b':', "{text}"),
            _ => assert!(b.is_ascii_digit(), "{text}"),
        }
    }
    let fraction = &text[19..text.len() - 1];
    if !fraction.is_empty() {
        let digits = fraction.strip_prefix('.').unwrap_or_else(|| panic!("{text}"));
        assert!(
            (1..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.ends_with('0'),
            "{text}"
        );
    }
}

// ---------------------------------------------------------------------------
// Built-ins
// ---------------------------------------------------------------------------

#[test]
fn hello_greets_by_name_or_plainly() {
    let emulator = Emulator::start(&[]);
    let named = emulator.invoke(&urn("hello"), &[], r#"{"name":"x"}"#);
    assert_eq!((named.status, named.text().as_str()), (200, "\"hello x\""));
    let plain = emulator.invoke(&urn("hello"), &[], "{}");
    assert_eq!((plain.status, plain.text().as_str()), (200, "\"hello\""));
    let empty = emulator.invoke(&urn("hello"), &[], "");
    assert_eq!((empty.status, empty.text().as_str()), (200, "\"hello\""));
    assert_eq!(empty.header("content-type"), Some("application/json"));
    assert_eq!(empty.header("x-inner-code"), Some("0"));
}

#[test]
fn echo_returns_the_body_byte_exact() {
    let emulator = Emulator::start(&[]);
    let body = r#"{"b":1,"a":[1.50]}"#;
    let answer = emulator.invoke(&urn("echo"), &[("X-Trace-Id", "echo-1")], body);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, body.as_bytes());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("x-trace-id"), Some("echo-1"));
    assert_eq!(answer.header("x-inner-code"), Some("0"));
    assert_eq!(answer.header("x-log-result"), Some(""));
    let billed = answer.header("x-billing-duration").expect("X-Billing-Duration");
    assert!(billed.parse::<u64>().is_ok(), "X-Billing-Duration {billed:?}");
    assert!(answer.header("x-invoke-summary").is_some());
    let spaced = "[ 1 ,\n  \"two\" ]";
    assert_eq!(emulator.invoke(&urn("echo"), &[], spaced).text(), spaced);
    assert_eq!(emulator.invoke(&urn("echo"), &[], "").text(), "{}");
}

// ---------------------------------------------------------------------------
// User functions: results, environment, stdin, logs
// ---------------------------------------------------------------------------

#[test]
fn command_stdout_is_the_result() {
    let emulator = Emulator::start(&[
        "--function",
        r#"js=printf '{"x": [1, 2]}\n'"#,
        "--function",
        "text=echo hi",
        "--function",
        r#"quoted=echo 'say "x"'"#,
        "--function",
        "nothing=true",
    ]);
    let answer = emulator.invoke(&urn("js"), &[], "{}");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), r#"{"x": [1, 2]}"#);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("x-inner-code"), Some("0"));
    assert!(answer.header("x-trace-id").is_some_and(|t| !t.is_empty()));
    let text = emulator.invoke(&urn("text"), &[], "{}");
    assert_eq!((text.status, text.text().as_str()), (200, "\"hi\""));
    let quoted = emulator.invoke(&urn("quoted"), &[], "{}");
    assert_eq!(quoted.json(), json!("say \"x\""));
    let nothing = emulator.invoke(&urn("nothing"), &[], "{}");
    assert_eq!((nothing.status, nothing.text().as_str()), (200, "\"\""));
}

#[test]
fn command_sees_trace_urn_and_instance() {
    let emulator = Emulator::start(&[
        "--function",
        r#"who=printf '{"t":"%s","u":"%s","i":"%s"}' "$YR_TRACE_ID" "$YR_FUNCTION_URN" "$YR_INSTANCE_ID""#,
    ]);
    let answer = emulator.invoke(&urn("who"), &[("X-Trace-Id", "trace-env-1")], "{}");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.json(),
        json!({"t": "trace-env-1", "u": urn("who"), "i": "instance-shared"})
    );
    // Without X-Trace-Id the trace id is made up, and the same one is returned in X-Trace-Id.
    let answer = emulator.invoke(&urn("who"), &[], "{}");
    let made = answer.header("x-trace-id").expect("X-Trace-Id").to_string();
    assert!(!made.is_empty());
    assert_eq!(answer.json()["t"], json!(made));
    // X-Request-Id serves as the trace id when X-Trace-Id is absent.
    let answer = emulator.invoke(&urn("who"), &[("X-Request-Id", "req-7")], "{}");
    assert_eq!(answer.json()["t"], json!("req-7"));
}

#[test]
fn command_sees_resources_only_with_cpu_and_memory() {
    let emulator = Emulator::start(&["--function", "showenv=env"]);
    let name = urn("showenv");
    let both = env_map(&emulator.invoke(
        &name,
        &[
            ("X-Instance-Cpu", "500"),
            ("X-Instance-Memory", "256"),
            ("X-Instance-Custom-Resource", r#"{"NPU/.+/count":2,"zero":0}"#),
        ],
        "{}",
    ));
    assert_eq!(both.get("YR_INSTANCE_CPU").map(String::as_str), Some("500"));
    assert_eq!(both.get("YR_INSTANCE_MEMORY").map(String::as_str), Some("256"));
    let custom = both
        .get("YR_INSTANCE_CUSTOM_RESOURCE")
        .expect("YR_INSTANCE_CUSTOM_RESOURCE with cpu+memory");
    let custom: Value = serde_json::from_str(custom).expect("custom resources are JSON");
    assert_eq!(custom, json!({"NPU/.+/count": 2}));

    // CPU without memory (and custom resources without both) are ignored.
    let cpu_only = env_map(&emulator.invoke(
        &name,
        &[
            ("X-Instance-Cpu", "500"),
            ("X-Instance-Custom-Resource", r#"{"NPU/.+/count":2}"#),
        ],
        "{}",
    ));
    for var in ["YR_INSTANCE_CPU", "YR_INSTANCE_MEMORY", "YR_INSTANCE_CUSTOM_RESOURCE"] {
        assert!(!cpu_only.contains_key(var), "{var} set with cpu alone");
    }
    // Values <= 0 are ignored.
    let zero = env_map(&emulator.invoke(&name, &[("X-Instance-Cpu", "0"), ("X-Instance-Memory", "256")], "{}"));
    assert!(!zero.contains_key("YR_INSTANCE_CPU"), "{zero:?}");
    assert!(!zero.contains_key("YR_INSTANCE_MEMORY"), "{zero:?}");
}

#[test]
fn command_sees_labels_session_and_unknown_headers() {
    let emulator = Emulator::start(&["--function", "showenv=env", "--instance-label", "gpu"]);
    let name = urn("showenv");
    let env = env_map(&emulator.invoke(
        &name,
        &[
            ("X-Instance-Label", "gpu"),
            ("X-Pool-Label", "pool-a"),
            ("X-Foo", "bar"),
            ("X-Foo-Bar", "baz qux"),
            ("X-Trace-Id", "t-labels"),
        ],
        "{}",
    ));
    assert_eq!(env.get("YR_INSTANCE_LABEL").map(String::as_str), Some("gpu"));
    assert_eq!(env.get("YR_POOL_LABEL").map(String::as_str), Some("pool-a"));
    assert_eq!(env.get("YR_HEADER_X_FOO").map(String::as_str), Some("bar"));
    assert_eq!(env.get("YR_HEADER_X_FOO_BAR").map(String::as_str), Some("baz qux"));
    // Headers the frontend reads itself (Host, Content-Type, X-Trace-Id, X-Instance-*, X-Pool-Label) are not passed on.
    let mut passed: Vec<&str> = env
        .keys()
        .filter(|k| k.starts_with("YR_HEADER_"))
        .map(String::as_str)
        .collect();
    passed.sort_unstable();
    assert_eq!(passed, ["YR_HEADER_X_FOO", "YR_HEADER_X_FOO_BAR"]);
    // Without a session there are no session variables.
    for var in [
        "YR_SESSION_ID",
        "YR_SESSION_TTL",
        "YR_SESSION_CONCURRENCY",
        "YR_REQUEST_ID",
    ] {
        assert!(!env.contains_key(var), "{var} set without a session");
    }

    let plain = env_map(&emulator.invoke(&name, &[], "{}"));
    assert!(!plain.contains_key("YR_INSTANCE_LABEL"), "{plain:?}");
    assert!(!plain.contains_key("YR_POOL_LABEL"), "{plain:?}");

    let session = session_header("env-s", 30, 1);
    let env = env_map(&emulator.invoke(&name, &[("X-Instance-Session", &session)], "{}"));
    assert_eq!(env.get("YR_SESSION_ID").map(String::as_str), Some("env-s"));
    assert_eq!(env.get("YR_SESSION_TTL").map(String::as_str), Some("30"));
    assert_eq!(env.get("YR_SESSION_CONCURRENCY").map(String::as_str), Some("1"));
    let instance = env.get("YR_INSTANCE_ID").expect("YR_INSTANCE_ID");
    assert!(instance.starts_with("instance-session-"), "{instance}");
}

#[test]
fn command_reads_the_body_on_stdin() {
    let emulator = Emulator::start(&["--function", "cat=cat"]);
    let body = "{\"k\": [1, 2.50, \"\u{e9}\"],\n \"z\":null}";
    let answer = emulator.invoke(&urn("cat"), &[], body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.body, body.as_bytes());
    let empty = emulator.invoke(&urn("cat"), &[], "");
    assert_eq!((empty.status, empty.text().as_str()), (200, "{}"));
}

#[test]
fn stderr_is_the_base64_log_tail() {
    let emulator = Emulator::start(&[
        "--function",
        r#"talk=echo oops >&2; echo '"ok"'"#,
        "--function",
        "long={ head -c 1000 /dev/zero | tr '\\0' a; head -c 4093 /dev/zero | tr '\\0' b; printf END; } >&2; echo 1",
    ]);
    let answer = emulator.invoke(&urn("talk"), &[], "{}");
    assert_eq!((answer.status, answer.text().as_str()), (200, "\"ok\""));
    assert_eq!(answer.header("x-log-result"), Some("b29wcwo="));

    let long = emulator.invoke(&urn("long"), &[], "{}");
    assert_eq!((long.status, long.text().as_str()), (200, "1"));
    let tail = decode_base64(long.header("x-log-result").expect("X-Log-Result"));
    let mut expected = vec![b'b'; 4093];
    expected.extend_from_slice(b"END");
    assert_eq!(tail.len(), 4096);
    assert!(tail == expected, "the log tail is not the last 4096 bytes of stderr");

    let out = yr()
        .args(["invoke", "talk", "--logs", "--ignore-stdin", "-e", &emulator.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "\"ok\"");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("oops\n"),
        "--logs did not print the log tail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------
// User functions: failures
// ---------------------------------------------------------------------------

#[test]
fn nonzero_exit_is_4002_with_the_stderr_tail() {
    let emulator = Emulator::start(&[
        "--function",
        "fail=echo partial; echo first >&2; echo '  boom  ' >&2; exit 3",
        "--function",
        "quiet=exit 5",
    ]);
    let answer = emulator.invoke(&urn("fail"), &[("X-Trace-Id", "t-fail")], "{}");
    assert_eq!(answer.status, 500, "{}", answer.text());
    assert_eq!(answer.json(), json!({"code": 4002, "message": "first\n  boom"}));
    assert_eq!(answer.header("x-inner-code"), Some("4002"));
    assert_eq!(answer.header("x-trace-id"), Some("t-fail"));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(
        decode_base64(answer.header("x-log-result").expect("X-Log-Result")),
        b"first\n  boom  \n"
    );

    let quiet = emulator.invoke(&urn("quiet"), &[], "{}");
    assert_eq!(quiet.status, 500);
    assert_eq!(quiet.json(), json!({"code": 4002, "message": "exit status 5"}));

    let out = yr()
        .args(["invoke", "fail", "--ignore-stdin", "-e", &emulator.url])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("boom"));
}

/// A Python function that logs a line and then raises (issue 17). Upstream's Python runtime answers an exception
/// in the handler with `FaasErrorCode.ENTRY_EXCEPTION` (4001) and `Fail to run user call handler. err: {err}.`,
/// `str(err)` alone, and logs the traceback (openyuanrong/runtime, api/python/yr/executor/faas_executor.py,
/// `faas_call_handler`; the code in api/python/yr/functionsdk/error_code.py). The frontend passes that text on as
/// the message (openyuanrong/frontend, pkg/frontend/responsehandler/common.go, `createErrorResponseBody`). The
/// emulator keeps all of stderr, the log line and the traceback, in X-Log-Result.
const PRICING: &str = r#"pricing=python3 -c 'import os, sys
print("pricing called, trace=" + os.environ["YR_TRACE_ID"], file=sys.stderr)
raise KeyError("unknown sku")'"#;

#[test]
fn a_python_traceback_is_answered_as_upstreams_python_runtime_does() {
    assert!(
        Command::new("python3").arg("--version").output().is_ok(),
        "this test runs real Python: python3 must be on PATH"
    );
    let emulator = Emulator::start(&["--function", PRICING]);
    let answer = emulator.invoke(&urn("pricing"), &[("X-Trace-Id", "t-sku")], "{}");
    assert_eq!(answer.status, 500, "{}", answer.text());
    assert_eq!(
        answer.json(),
        json!({"code": 4001, "message": "Fail to run user call handler. err: 'unknown sku'."})
    );
    assert_eq!(answer.header("x-inner-code"), Some("4001"));
    let log = String::from_utf8(decode_base64(answer.header("x-log-result").expect("X-Log-Result"))).unwrap();
    assert!(
        log.starts_with("pricing called, trace=t-sku\nTraceback (most recent call last):\n")
            && log.ends_with("\nKeyError: 'unknown sku'\n"),
        "the log tail lost part of stderr: {log:?}"
    );

    // The client's headline is upstream's message; --logs still shows the log line and the traceback.
    let out = run(yr().args([
        "invoke",
        "pricing",
        "--logs",
        "--ignore-stdin",
        "--trace-id",
        "t-sku",
        "-e",
        &emulator.url,
    ]));
    let error = "yr: error: HTTP 500, code 4001 (function entry not found): \
                 Fail to run user call handler. err: 'unknown sku'. [trace t-sku]\n";
    assert_run(&out, 6, "", &format!("{log}{error}"));
}

/// The rule without Python: a traceback printed by the shell is read the same way. Only the last traceback counts
/// (an exception raised while handling another), and lines after the exception line are the rest of a message of
/// several lines, as `str(err)` has them.
#[test]
fn the_last_traceback_on_stderr_names_the_exception() {
    let emulator = Emulator::start(&[
        "--function",
        "chained=printf 'step 1\\nTraceback (most recent call last):\\n  File \"h.py\", line 2, in h\\n\
         KeyError: 1\\n\\nDuring handling of the above exception, another exception occurred:\\n\\n\
         Traceback (most recent call last):\\n  File \"h.py\", line 4, in h\\n    raise ValueError(\"a\\\\nb\")\\n\
         ValueError: a\\nb\\n' >&2; exit 1",
        "--function",
        "bare=printf 'Traceback (most recent call last):\\n  File \"h.py\", line 1\\nRuntimeError\\n' >&2; exit 1",
        "--function",
        "cut=printf 'log\\nTraceback (most recent call last):\\n  File \"h.py\", line 1\\n' >&2; exit 1",
    ]);
    let chained = emulator.invoke(&urn("chained"), &[], "{}");
    assert_eq!(
        (chained.status, chained.json()),
        (
            500,
            json!({"code": 4001, "message": "Fail to run user call handler. err: a\nb."})
        )
    );
    let bare = emulator.invoke(&urn("bare"), &[], "{}");
    assert_eq!(
        bare.json(),
        json!({"code": 4001, "message": "Fail to run user call handler. err: ."})
    );
    // No exception line after the traceback: not one Python wrote at its end, so the plain rule holds.
    let cut = emulator.invoke(&urn("cut"), &[], "{}");
    assert_eq!(
        cut.json(),
        json!({"code": 4002, "message": "log\nTraceback (most recent call last):\n  File \"h.py\", line 1"})
    );
}

#[test]
fn command_not_found_is_2001() {
    let emulator = Emulator::start(&["--function", "gone=no-such-command-yr-serve-test"]);
    let answer = emulator.invoke(&urn("gone"), &[], "{}");
    assert_eq!(answer.status, 500, "{}", answer.text());
    let value = answer.json();
    assert_eq!(value["code"], json!(2001), "{value}");
    assert_eq!(answer.header("x-inner-code"), Some("2001"));
    assert!(value.get("trace_id").is_none(), "{value}");
}

#[test]
fn timeout_is_4010_and_kills_the_process_group() {
    // The marker is in a variable so that only the sleeps carry `sleep 31.5` on their command line
    // (not `sh -c` nor the emulator's --function argument).
    let emulator = Emulator::start(&[
        "--function-timeout",
        "1s",
        "--function",
        "hang=s=31.5; sleep $s & sleep $s",
    ]);
    let sleeps = || {
        let out = Command::new("pgrep")
            .args(["-f", "^sleep 31[.]5$"])
            .output()
            .expect("run pgrep");
        String::from_utf8_lossy(&out.stdout).split_whitespace().count()
    };
    let start = Instant::now();
    let answer = thread::scope(|scope| {
        let call = scope.spawn(|| emulator.invoke(&urn("hang"), &[], "{}"));
        // Seen while the call runs (the wait is for the event, bounded only as a hang guard).
        let both = wait_until(Duration::from_secs(10), || sleeps() == 2 || call.is_finished());
        assert!(both && !call.is_finished(), "both sleeps should run during the call");
        call.join().expect("call thread")
    });
    let elapsed = start.elapsed();
    assert_eq!(answer.status, 500, "{}", answer.text());
    assert_eq!(
        answer.json(),
        json!({"code": 4010, "message": "function timed out after 1s"})
    );
    assert_eq!(answer.header("x-inner-code"), Some("4010"));
    assert!(elapsed >= Duration::from_millis(900), "answered after {elapsed:?}");
    let gone = wait_until(Duration::from_secs(10), || sleeps() == 0);
    assert!(gone, "a sleep of the timed-out call is still running");
}

/// A time limit of 0 is no limit, in the emulator as in the client (`--timeout 0`; Go's `ReadTimeout` 0 too):
/// `--function-timeout 0` lets a call run to its end, `--read-timeout 0` waits for a body however late it comes,
/// `--keep-results 0` keeps results until the emulator exits. Each of them made every call fail before.
#[test]
fn a_limit_of_zero_is_no_limit() {
    let emulator = Emulator::start(&[
        "--function-timeout",
        "0",
        "--read-timeout",
        "0",
        "--keep-results",
        "0",
        "--function",
        "slow=sleep 0.2; cat",
    ]);
    let answer = emulator.invoke(&urn("slow"), &[], "[1]");
    assert_eq!((answer.status, answer.text().as_str()), (200, "[1]"));

    // The head alone first, the body a moment later (the pause is the late body, not a wait for the emulator).
    let mut stream = emulator.connect();
    let request = post_request(&invocations(&urn("echo")), &[("Connection", "close")], b"[2]");
    let split = request.len() - 3;
    stream.write_all(&request[..split]).expect("send the head");
    thread::sleep(Duration::from_millis(200));
    stream.write_all(&request[split..]).expect("send the body");
    let late = RawResponse::parse(&read_one_response(&mut stream));
    assert_eq!((late.status, late.text().as_str()), (200, "[2]"));

    let id = start_async(&emulator, "echo", &[], "[3]");
    let record = wait_async(&emulator, &id);
    assert_eq!(record["status"], json!("completed"), "{record}");
    let again = emulator.call("GET", &format!("/serverless/v1/functions/async-results/{id}"), &[], b"");
    assert_eq!(again.status, 200, "{}", again.text());
}

/// The slow call runs until the test releases it, so healthz and echo answering first shows that they did not wait
/// for it (had they waited, the test would hang until the function's own hang guard, and the slow call would
/// answer first).
#[test]
fn a_slow_function_blocks_neither_healthz_nor_other_calls() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &format!("slow={}", held(&dir, "echo done"))]);
    thread::scope(|scope| {
        let slow = scope.spawn(|| emulator.invoke(&urn("slow"), &[], "{}"));
        wait_started(&dir);
        let health = emulator.call("GET", "/healthz", &[], b"");
        assert_eq!((health.status, health.body.len()), (200, 0));
        let echo = emulator.invoke(&urn("echo"), &[], "[1]");
        assert_eq!((echo.status, echo.text().as_str()), (200, "[1]"));
        assert!(!slow.is_finished(), "the slow call ended before it was released");
        release(&dir);
        let slow = slow.join().expect("slow call");
        assert_eq!((slow.status, slow.text().as_str()), (200, "\"done\""));
    });
}

#[test]
fn versioned_and_full_urn_names() {
    let emulator = Emulator::start(&[
        "--function",
        r#"svc@fn:2=printf '"%s"' "$YR_FUNCTION_URN""#,
        "--function",
        "sn:cn:yrk:tenant1:function:0@svc@other:7=echo full",
    ]);
    let v2 = "sn:cn:yrk:default:function:0@svc@fn:2";
    let answer = emulator.invoke(v2, &[], "{}");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json(), json!(v2));
    // Another version of the same function does not exist.
    let latest = emulator.invoke("sn:cn:yrk:default:function:0@svc@fn:latest", &[], "{}");
    assert_eq!(latest.status, 500);
    assert_eq!(latest.json()["code"], json!(150424));
    // The short route reaches the same function.
    let short = emulator.call(
        "POST",
        "/invocations/default/svc/fn:2/",
        &[("Content-Type", "application/json")],
        b"{}",
    );
    assert_eq!((short.status, short.json()), (200, json!(v2)));
    let full = emulator.invoke("sn:cn:yrk:tenant1:function:0@svc@other:7", &[], "{}");
    assert_eq!((full.status, full.text().as_str()), (200, "\"full\""));
    let out = yr()
        .args(["invoke", "svc@fn:2", "--ignore-stdin", "-e", &emulator.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("\"{v2}\""));
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

const INSTANCE_ID: &str = r#"id=printf '%s' "$YR_INSTANCE_ID""#;

#[test]
fn a_session_keeps_its_instance() {
    let emulator = Emulator::start(&["--function", INSTANCE_ID]);
    let through_yr = |session: &str| {
        let out = yr()
            .args(["invoke", "id", "--ignore-stdin", "-e", &emulator.url])
            .args(["--session-id", session])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = through_yr("s1");
    assert!(first.starts_with("\"instance-session-"), "{first}");
    assert_eq!(through_yr("s1"), first);
    let raw = emulator.invoke(&urn("id"), &[("X-Instance-Session", &session_header("s1", 0, 1))], "{}");
    assert_eq!(raw.text(), first);
    let other = through_yr("s2");
    assert!(other.starts_with("\"instance-session-"), "{other}");
    assert_ne!(other, first);
    let shared = emulator.invoke(&urn("id"), &[], "{}");
    assert_eq!(shared.text(), "\"instance-shared\"");
    let exclusive = emulator.invoke(
        &urn("id"),
        &[("X-Instance-Session", &session_header("ex", 0, -1))],
        "{}",
    );
    assert_eq!(exclusive.status, 200, "{}", exclusive.text());
    assert!(
        exclusive.text().starts_with("\"instance-exclusive-"),
        "{}",
        exclusive.text()
    );
}

fn two_parallel_session_calls(emulator: &Emulator, session: &str, concurrency: i64) -> Duration {
    let header = session_header(session, 0, concurrency);
    let start = Instant::now();
    thread::scope(|scope| {
        let calls: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| emulator.invoke(&urn("slow"), &[("X-Instance-Session", &header)], "{}")))
            .collect();
        for call in calls {
            let answer = call.join().expect("call thread");
            assert_eq!((answer.status, answer.text().as_str()), (200, "\"ok\""));
        }
    });
    start.elapsed()
}

#[test]
fn a_concurrency_one_session_serialises_calls() {
    let emulator = Emulator::start(&["--function", "slow=sleep 1; echo ok"]);
    let took = two_parallel_session_calls(&emulator, "serial", 1);
    assert!(took >= Duration::from_secs(2), "two calls took {took:?}");
}

/// Each call marks that it started, then waits (a hang guard of 10 s) until two have: both answer 2 only when
/// they ran at the same time. A serialised second call would start only after the first gave up, and answer 2
/// while the first answered 1.
#[test]
fn a_concurrency_two_session_runs_calls_in_parallel() {
    let dir = TempDir::new();
    let meet = format!(
        "meet=touch {d}/$$; i=0; while [ $(ls {d} | wc -l) -lt 2 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; ls {d} | wc -l",
        d = dir.path.display()
    );
    let emulator = Emulator::start(&["--function", &meet, "--concurrent-num", "2"]);
    let header = session_header("parallel", 0, 2);
    thread::scope(|scope| {
        let calls: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| emulator.invoke(&urn("meet"), &[("X-Instance-Session", &header)], "{}")))
            .collect();
        for call in calls {
            let answer = call.join().expect("call thread");
            assert_eq!(
                (answer.status, answer.text().as_str()),
                (200, "2"),
                "the calls did not overlap"
            );
        }
    });
}

#[test]
fn a_session_expires_after_its_ttl() {
    let emulator = Emulator::start(&["--function", INSTANCE_ID]);
    let header = session_header("ttl-1", 1, 1);
    let call = || {
        let answer = emulator.invoke(&urn("id"), &[("X-Instance-Session", &header)], "{}");
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.text()
    };
    let first = call();
    assert_eq!(call(), first);
    // The idle time is the scenario, not a wait for an effect: expiry is judged when the session is next used,
    // from its last use, so polling with calls would keep it alive. Past the 1 s TTL the next call must find it gone.
    thread::sleep(Duration::from_secs(2));
    let after = call();
    assert!(after.starts_with("\"instance-session-"), "{after}");
    assert_ne!(after, first, "the session should have expired");
}

#[test]
fn deleting_a_session() {
    let emulator = Emulator::start(&["--function", INSTANCE_ID]);
    let header = session_header("del-1", 0, 1);
    let first = emulator.invoke(&urn("id"), &[("X-Instance-Session", &header)], "{}");
    assert_eq!(first.status, 200);
    let path = format!("/serverless/v1/functions/{}/sessions/del-1", urn("id"));
    let deleted = emulator.call("DELETE", &path, &[], b"");
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    assert_eq!(deleted.body, b"");
    // DeleteSessionHandler answers with ctx.Status(200): no inner code, no trace id.
    assert_eq!(deleted.header("x-inner-code"), None);
    assert_eq!(deleted.header("x-trace-id"), None);
    // A new call on the same session id gets a new instance.
    let again = emulator.invoke(&urn("id"), &[("X-Instance-Session", &header)], "{}");
    assert_eq!(again.status, 200);
    assert_ne!(again.text(), first.text());

    let unknown = emulator.call(
        "DELETE",
        &format!("/serverless/v1/functions/{}/sessions/nope", urn("id")),
        &[("X-Trace-Id", "t-del")],
        b"",
    );
    assert_eq!(unknown.status, 404, "{}", unknown.text());
    assert_eq!(unknown.json(), json!({"code": 200404, "message": "session not found"}));
    assert_eq!(unknown.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(unknown.header("x-inner-code"), None);
    assert_eq!(unknown.header("x-trace-id"), None);
}

// ---------------------------------------------------------------------------
// Asynchronous calls
// ---------------------------------------------------------------------------

#[test]
fn async_call_runs_then_completes() {
    let emulator = Emulator::start(&["--function", "slowecho=sleep 1; cat"]);
    let body = r#"{"b":1,"a":[1.50]}"#;
    let id = start_async(&emulator, "slowecho", &[], body);
    let early = emulator.call("GET", &format!("/serverless/v1/functions/async-results/{id}"), &[], b"");
    assert_eq!(early.status, 200, "{}", early.text());
    let early = early.json();
    assert_eq!(early["requestId"], json!(id));
    assert!(
        matches!(early["status"].as_str(), Some("pending" | "running")),
        "{early}"
    );
    let record = wait_async(&emulator, &id);
    assert_eq!(record["requestId"], json!(id));
    assert_eq!(record["status"], json!("completed"), "{record}");
    assert_eq!(record["statusCode"], json!(200));
    // `error` is omitted when empty (AsyncResult's `omitempty`).
    assert!(record.get("error").is_none(), "{record}");
    assert_eq!(record["respHeaders"]["X-Inner-Code"], json!("0"), "{record}");
    assert_eq!(
        record["respHeaders"]["Content-Type"],
        json!("application/json"),
        "{record}"
    );
    let resp_body = decode_base64(record["respBody"].as_str().expect("respBody"));
    assert_eq!(resp_body, body.as_bytes());
    assert_rfc3339_nano(&record["createdAt"]);
    assert_rfc3339_nano(&record["completedAt"]);
    assert!(record["instanceId"].as_str().is_some_and(|i| !i.is_empty()), "{record}");
    // respBody is what the synchronous call answers.
    let sync = emulator.invoke(&urn("slowecho"), &[], body);
    assert_eq!(record["respBody"], json!(encode_base64(&sync.body)));
}

#[test]
fn async_call_sees_its_request_id() {
    let emulator = Emulator::start(&["--function", "showenv=env"]);
    let id = start_async(&emulator, "showenv", &[], "{}");
    let record = wait_async(&emulator, &id);
    let resp = RawResponse {
        status: 200,
        headers: Vec::new(),
        body: decode_base64(record["respBody"].as_str().expect("respBody")),
    };
    let env = env_map(&resp);
    assert_eq!(env.get("YR_REQUEST_ID"), Some(&id));
}

#[test]
fn async_failure_is_recorded() {
    let emulator = Emulator::start(&["--function", "bad=echo broken >&2; exit 1"]);
    let id = start_async(&emulator, "bad", &[], "{}");
    let record = wait_async(&emulator, &id);
    assert_eq!(record["status"], json!("failed"), "{record}");
    assert_eq!(record["statusCode"], json!(500));
    // The runtime reported the failure in its answer: the invoker chain returned no Go error, so no `error`.
    assert!(record.get("error").is_none(), "{record}");
    assert_eq!(record["respHeaders"]["X-Inner-Code"], json!("4002"), "{record}");
    let resp_body = decode_base64(record["respBody"].as_str().expect("respBody"));
    let resp_body: Value = serde_json::from_slice(&resp_body).expect("respBody is JSON");
    assert_eq!(resp_body, json!({"code": 4002, "message": "broken"}));
}

#[test]
fn unknown_async_result_is_404() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.call("GET", "/serverless/v1/functions/async-results/no-such-id", &[], b"");
    assert_eq!(answer.status, 404);
    assert_eq!(answer.json(), json!({"error": "async result not found"}));
}

#[test]
fn async_results_expire_after_keep_results() {
    let emulator = Emulator::start(&["--keep-results", "1s"]);
    let id = start_async(&emulator, "echo", &[], "[1]");
    let record = wait_async(&emulator, &id);
    assert_eq!(record["status"], json!("completed"));
    // Reading a result does not keep it: poll until it is gone (a hang guard of 10 s).
    let path = format!("/serverless/v1/functions/async-results/{id}");
    let mut answer = emulator.call("GET", &path, &[], b"");
    let gone = wait_until_polling(Duration::from_secs(10), Duration::from_millis(50), || {
        answer = emulator.call("GET", &path, &[], b"");
        answer.status != 200
    });
    assert!(
        gone,
        "the result was still kept 10 s after it completed: {}",
        answer.text()
    );
    assert_eq!(answer.status, 404, "{}", answer.text());
    assert_eq!(answer.json(), json!({"error": "async result not found"}));
}

/// AsyncInvokeHandler answers 202 as soon as the URN parses; a refusal after that is a `failed` record with the
/// status and body a synchronous call would have had. Only a bad URN (or an upload stream) is answered at once.
#[test]
fn async_refusals_after_the_urn_become_failed_records() {
    let emulator = Emulator::start(&[]);
    let id = start_async(
        &emulator,
        "echo",
        &[("X-Instance-Session", "{bad"), ("X-Trace-Id", "t-async-bad")],
        "{}",
    );
    let record = wait_async(&emulator, &id);
    assert_eq!(record["status"], json!("failed"), "{record}");
    assert_eq!(record["statusCode"], json!(500));
    let body: Value = serde_json::from_slice(&decode_base64(record["respBody"].as_str().unwrap())).unwrap();
    assert_eq!(body["code"], json!(330404), "{body}");
    assert_eq!(body["trace_id"], json!("t-async-bad"));
    let id = start_async(&emulator, "missing", &[], "{}");
    let record = wait_async(&emulator, &id);
    assert_eq!(record["error"], json!("function doesn't exist"), "{record}");
    let bad_urn = emulator.invoke("a:b", &[("X-Invoke-Type", "async")], "{}");
    assert_eq!(bad_urn.status, 400, "{}", bad_urn.text());
    assert_eq!(bad_urn.json()["code"], json!(200400));
}

// ---------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The function writes `one`, then waits until the test has read the `data: one` frame and released it, then writes
/// `two`: the first frame arrived while the function was still running, and the stream ended only after it.
#[test]
fn streamed_lines_arrive_as_they_are_written() {
    let dir = TempDir::new();
    let lines = format!("lines=echo one; {}", held(&dir, "echo two"));
    let emulator = Emulator::start(&["--function", &lines]);
    let mut stream = TcpStream::connect(&emulator.addr).expect("connect");
    // A hang guard: a read that waits this long for a byte fails the test.
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!(
        "POST /serverless/v1/functions/{}/invocations HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: 2\r\n\r\n{{}}",
        urn("lines"),
        emulator.addr
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    let mut released = false;
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("read: {e} after {:?}", String::from_utf8_lossy(&bytes)),
        }
        if !released && contains(&bytes, b"data: one\n\n") {
            assert!(!contains(&bytes, b"data: two"), "`data: two` came with the first frame");
            released = true;
            release(&dir);
        }
    }
    assert!(
        released,
        "the stream ended without a `data: one` frame before the function was released: {:?}",
        String::from_utf8_lossy(&bytes)
    );
    let answer = RawResponse::parse(&bytes);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("text/event-stream"));
    assert_eq!(answer.text(), "data: one\n\ndata: two\n\ndata: [DONE]\n\n");
}

#[test]
fn streamed_hello_is_one_frame_then_done() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke(&urn("hello"), &[("Accept", "text/event-stream")], r#"{"name":"x"}"#);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("text/event-stream"));
    assert_eq!(answer.text(), "data: \"hello x\"\n\ndata: [DONE]\n\n");
}

/// A failure after the first frame: the 200 is already sent, so the error is one more `data:` frame, then
/// `[DONE]` (`writeHTTPResponse` in api/v1/invoke.go writes the error body through `SSEWrite`).
#[test]
fn a_failing_stream_ends_with_an_error_frame_then_done() {
    let emulator = Emulator::start(&["--function", "bad=echo partial; echo broke >&2; exit 2"]);
    let answer = emulator.invoke(&urn("bad"), &[("Accept", "text/event-stream")], "{}");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("text/event-stream"));
    assert_eq!(
        answer.text(),
        "data: partial\n\ndata: {\"code\":4002,\"message\":\"broke\"}\n\ndata: [DONE]\n\n"
    );
    assert!(!answer.text().contains("event:"), "{}", answer.text());
}

// ---------------------------------------------------------------------------
// yr serve -- COMMAND
// ---------------------------------------------------------------------------

#[test]
fn serve_command_exit_code_passes_through() {
    let out = yr()
        .args(["serve", "--", "sh", "-c", "exit 7"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"");
}

#[test]
fn serve_command_finds_yr_on_path() {
    let out = yr()
        .args(["serve", "--", "sh", "-c", r#"yr invoke hello -d "{\"name\":\"x\"}""#])
        .timeout(Duration::from_secs(15))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "\"hello x\"");

    let out = yr()
        .args(["serve", "--", "sh", "-c", "command -v yr"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let found = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let canonical = |p: &str| std::fs::canonicalize(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    assert_eq!(canonical(&found), canonical(env!("CARGO_BIN_EXE_yr")));
}

/// `yr serve -- COMMAND` exits soon after COMMAND, though a webhook COMMAND caused waits on a receiver that never
/// answers (it exited 33 s after COMMAND before).
#[test]
fn serve_command_does_not_wait_for_a_webhook_nobody_answers() {
    let receiver = ScriptedServer::start(vec![Reply::never()]);
    let dir = TempDir::new();
    let go = dir.path.join("go");
    let script = format!(
        "yr invoke echo --async --webhook {}/hook -d '{{}}' >/dev/null && while [ ! -e '{}' ]; do sleep 0.05; done",
        receiver.url,
        go.display()
    );
    thread::scope(|scope| {
        // The time limit is a hang guard only: the grace is 2 s.
        let serve = scope.spawn(|| {
            yr().args(["serve", "--", "sh", "-c", &script])
                .timeout(Duration::from_secs(25))
                .output()
        });
        assert!(
            receiver.wait_for_count(1, Duration::from_secs(15)),
            "the webhook never reached the receiver"
        );
        std::fs::write(&go, "").expect("write the go file");
        let out = serve.join().expect("serve thread").expect("yr serve exits");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    });
}

#[test]
fn serve_command_server_is_gone_afterwards() {
    let out = yr()
        .args([
            "serve",
            "--",
            "sh",
            "-c",
            r#"echo "$YR_ENDPOINT"; yr invoke echo --ignore-stdin -d '{"a":1}'"#,
        ])
        .timeout(Duration::from_secs(15))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (endpoint, result) = stdout.split_once('\n').expect("two lines");
    assert_eq!(result, r#"{"a":1}"#);
    let addr = endpoint
        .strip_prefix("http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("YR_ENDPOINT was {endpoint:?}"));
    match TcpStream::connect(&addr) {
        Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionRefused, "{e}"),
        Ok(_) => panic!("{addr} still accepts connections after yr serve exited"),
    }
}

#[test]
fn serve_with_a_missing_command_is_a_usage_error() {
    let out = yr()
        .args(["serve", "--", "no-such-command-yr-serve-test"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("yr: error: cannot run COMMAND"), "{stderr}");
}

#[test]
fn serve_bad_flags_are_usage_errors() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().unwrap().to_string();
    let out = yr()
        .args(["serve", "--listen", &addr])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("yr: error: "), "{stderr}");
    assert!(stderr.contains("cannot listen there"), "{stderr}");
    drop(taken);

    let out = yr()
        .args(["serve", "--function", "x", "--", "true"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("yr: error: "), "{stderr}");
    assert!(stderr.contains("has no `=`"), "{stderr}");
}

// ---------------------------------------------------------------------------
// Shutdown
// ---------------------------------------------------------------------------

/// The call runs until the test releases it, after SIGTERM has closed the listener: it finishes with its answer.
#[test]
fn sigterm_lets_the_call_in_flight_finish() {
    let dir = TempDir::new();
    let mut emulator = Emulator::start(&["--function", &format!("slow={}", held(&dir, "echo done"))]);
    let addr = emulator.addr.clone();
    let in_flight = thread::scope(|scope| {
        let call = scope.spawn(|| emulator.invoke(&urn("slow"), &[], "{}"));
        wait_started(&dir);
        emulator.signal("TERM");
        // http.Server.Shutdown closes the listener first (cmd/faasfrontend/module_main.go `waitShutdown`): a new
        // connection is refused, not answered `400 frontend exiting` (that is the plugin build's GraceExitFilter).
        // Until the signal is handled a connection may still be accepted; wait for the refusal (a hang guard of
        // 10 s), while the call is still held.
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
            "new connections were not refused after SIGTERM (last error {last:?})"
        );
        assert!(!call.is_finished(), "the call ended before it was released");
        release(&dir);
        call.join().expect("call thread")
    });
    assert_eq!((in_flight.status, in_flight.text().as_str()), (200, "\"done\""));
    let status = emulator.wait_exit(Duration::from_secs(5));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}");
}

#[test]
fn sigint_exits_zero() {
    let mut emulator = Emulator::start(&[]);
    let health = emulator.call("GET", "/healthz", &[], b"");
    assert_eq!(health.status, 200);
    emulator.signal("INT");
    let status = emulator.wait_exit(Duration::from_secs(5));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}");
}

/// A webhook receiver that accepts and never answers does not hold the exit up: SIGTERM gives the delivery a short
/// grace, then the emulator exits and logs what it gave up, naming the receiver without its user info, path or
/// query (they can hold a secret). It took 32 s (3 attempts of 10 s) before.
#[test]
fn sigterm_gives_up_on_a_webhook_nobody_answers() {
    let receiver = ScriptedServer::start(vec![Reply::never()]);
    let logged = Logged::start(&[]);
    let hook = format!("http://me:s3cret@127.0.0.1:{}/hook?token=t0ken", receiver.port());
    start_async(&logged.emulator, "echo", &[("X-Webhook-Url", &hook)], "{}");
    assert!(
        receiver.wait_for_count(1, Duration::from_secs(10)),
        "the webhook never reached the receiver"
    );
    // A hang guard only: the grace is 2 s.
    let (status, stderr, _) = logged.stop_by("TERM", Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}; stderr:\n{stderr}");
    let line = format!(
        "yr serve: gave up on 1 webhook delivery at exit: 1 to http://127.0.0.1:{}\n",
        receiver.port()
    );
    assert!(stderr.contains(&line), "no {line:?} in:\n{stderr}");
    for secret in ["s3cret", "t0ken", "/hook"] {
        assert!(!stderr.contains(secret), "{secret} is in the log:\n{stderr}");
    }
}

/// Many deliveries to receivers that never answer: a bounded number of threads make them (the rest wait in the
/// queue), and the exit gives up on all of them at once. 600 such deliveries took 515 threads before.
#[test]
fn pending_webhooks_keep_the_threads_bounded() {
    const CALLS: usize = 200;
    let receiver = ScriptedServer::start(vec![Reply::never()]);
    let logged = Logged::start(&[]);
    let emulator = &logged.emulator;
    let idle = emulator.threads();
    let hook = format!("{}/hook", receiver.url);
    let ids: Vec<String> = (0..CALLS)
        .map(|_| start_async(emulator, "echo", &[("X-Webhook-Url", &hook)], "{}"))
        .collect();
    // Every call has ended (its webhook is queued when its record is), and the workers are all waiting.
    for id in &ids {
        wait_async(emulator, id);
    }
    assert!(
        receiver.wait_for_count(16, Duration::from_secs(10)),
        "only {} deliveries reached the receiver",
        receiver.count()
    );
    let threads = emulator.threads();
    assert!(
        threads <= idle + 16,
        "{threads} threads with {CALLS} webhooks pending ({idle} idle): each delivery has a thread of its own"
    );
    let (status, stderr, _) = logged.stop_by("TERM", Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}; stderr:\n{stderr}");
    let line = format!(
        "yr serve: gave up on {CALLS} webhook deliveries at exit: {CALLS} to http://127.0.0.1:{}\n",
        receiver.port()
    );
    assert!(stderr.contains(&line), "no {line:?} in:\n{stderr}");
}

/// A process a function started in a session of its own (`setsid`), whose pid it wrote to a file. Killed on drop
/// if it is still there, so a failing test leaves nothing running.
struct Escaped {
    pid_file: std::path::PathBuf,
}

impl Escaped {
    /// A function that starts `setsid sh -c 'echo $$ > FILE; sleep 1000'` in the background, waits until it has
    /// left the function's process group (its pid is written), then runs `rest`: a call that ends kills its group,
    /// which could otherwise catch the child between its fork and its setsid.
    fn function(&self, name: &str, rest: &str) -> String {
        let file = self.pid_file.display();
        format!(
            "{name}=(setsid sh -c 'echo $$ > {file}.new; mv {file}.new {file}; exec sleep 1000' >/dev/null 2>&1 &); \
             while [ ! -s {file} ]; do sleep 0.01; done; {rest}"
        )
    }

    /// The pid, once the process has written it (at most 10 s).
    fn pid(&self) -> i32 {
        let mut pid = None;
        wait_until(Duration::from_secs(10), || {
            pid = std::fs::read_to_string(&self.pid_file)
                .ok()
                .and_then(|t| t.trim().parse().ok());
            pid.is_some()
        });
        pid.unwrap_or_else(|| panic!("{} never held a pid", self.pid_file.display()))
    }

    /// Whether the process is gone: no /proc entry (killed and reaped), or a zombie a parent is about to reap.
    fn gone(pid: i32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            Ok(stat) => stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
        }
    }
}

impl Drop for Escaped {
    fn drop(&mut self) {
        let pid = std::fs::read_to_string(&self.pid_file)
            .ok()
            .and_then(|t| t.trim().parse::<i32>().ok());
        if let Some(pid) = pid.filter(|&pid| pid > 1 && !Escaped::gone(pid)) {
            // SAFETY: kill(2) of the test's own stray process; no memory is touched.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

/// The function's tree is killed at its timeout, a process that called `setsid` (and whose parent has exited) too:
/// it left the process group, and used to live on after the 4010.
#[test]
fn a_timeout_kills_what_the_function_started_with_setsid() {
    let dir = TempDir::new();
    let escaped = Escaped {
        pid_file: dir.path.join("pid"),
    };
    let nested = Escaped {
        pid_file: dir.path.join("nested"),
    };
    // One more level: a child shell starts the second, so its parent is not the function's own shell.
    let inner = format!(
        "sh -c '(setsid sh -c \"echo \\$\\$ > {}; exec sleep 1000\" >/dev/null 2>&1 &); sleep 1000' & sleep 1000",
        nested.pid_file.display()
    );
    // And the plain case: its parent, the function's shell, is alive at the timeout.
    let direct = Escaped {
        pid_file: dir.path.join("direct"),
    };
    let rest = format!(
        "setsid sh -c 'echo $$ > {}; exec sleep 1000' >/dev/null 2>&1 & {inner}",
        direct.pid_file.display()
    );
    let function = escaped.function("hang", &rest);
    let emulator = Emulator::start(&["--function-timeout", "1s", "--function", &function]);
    let answer = emulator.invoke(&urn("hang"), &[], "{}");
    assert_eq!(answer.json()["code"], json!(4010), "{}", answer.text());
    for stray in [&escaped, &nested, &direct] {
        let pid = stray.pid();
        // A hang guard only.
        let gone = wait_until(Duration::from_secs(10), || Escaped::gone(pid));
        assert!(gone, "process {pid}, started with setsid, outlived its call's timeout");
    }
}

/// What a function left running in a session of its own ends when the emulator exits.
#[test]
fn the_emulators_exit_kills_what_functions_left_behind() {
    let dir = TempDir::new();
    let escaped = Escaped {
        pid_file: dir.path.join("pid"),
    };
    let mut emulator = Emulator::start(&["--function", &escaped.function("leave", "echo left")]);
    let answer = emulator.invoke(&urn("leave"), &[], "{}");
    assert_eq!((answer.status, answer.text().as_str()), (200, "\"left\""));
    let pid = escaped.pid();
    assert!(!Escaped::gone(pid), "process {pid} ended on its own");
    emulator.signal("TERM");
    let status = emulator.wait_exit(Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}");
    let gone = wait_until(Duration::from_secs(10), || Escaped::gone(pid));
    assert!(
        gone,
        "process {pid}, started with setsid by a function, outlived the emulator"
    );
}
