//! Output modes of `yr invoke`: -r, -o FILE, --json, terminal mode and colour, --logs, -v,
//! expectations, and a closed stdout.

use crate::support::*;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

/// One call against a server answering `reply`.
fn answer(reply: Reply, extra: &[&str]) -> (ScriptedServer, Run) {
    let server = ScriptedServer::start(vec![reply]);
    let out = invoke("hello").ignore_stdin().endpoint(&server.url).args(extra).run();
    (server, out)
}

/// The text without ANSI SGR sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Sorted file names in a directory.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const URN_HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";
const HELLO: &str = "\"hello yuanrong\"";

fn hello_reply() -> Reply {
    Reply::json(200, HELLO)
        .header("X-Trace-Id", "abc")
        .header("X-Inner-Code", "0")
}

fn error_4037_reply() -> Reply {
    Reply::json(
        500,
        r#"{"code":4037,"message":"\"session config invalid\"","trace_id":"t1"}"#,
    )
    .header("X-Inner-Code", "4037")
}

const ERROR_4037_STDERR: &str = "yr: error: HTTP 500, code 4037 (session config invalid): session config invalid [trace t1]\n\
hint: a session needs --session-id of 1 to 63 characters, --session-ttl of 0 or more, and --session-concurrency positive or -1 and at most the function's concurrentNum\n";

// ---------------------------------------------------------------------------
// -r / --raw-string
// ---------------------------------------------------------------------------

#[test]
fn raw_string_prints_a_string_result_without_quotes() {
    let (_server, out) = answer(hello_reply(), &["-r"]);
    assert_run(&out, 0, "hello yuanrong\n", "");
}

#[test]
fn raw_string_unescapes() {
    let (_server, out) = answer(Reply::json(200, r#""line 1\nline \"2\"\u00e9""#), &["--raw-string"]);
    assert_run(&out, 0, "line 1\nline \"2\"é\n", "");
}

#[test]
fn raw_string_leaves_other_results_alone() {
    let body = "{\"a\": 1}";
    let (_server, out) = answer(Reply::json(200, body), &["-r"]);
    assert_run(&out, 0, body, "");
}

// ---------------------------------------------------------------------------
// -o FILE
// ---------------------------------------------------------------------------

#[test]
fn output_file_gets_the_body_on_success() {
    let dir = TempDir::new();
    let path = dir.path.join("out.json");
    let body = "{\"result\": [1, 2, 3]}\n";
    let (_server, out) = answer(
        Reply::json(200, body).header("X-Inner-Code", "0"),
        &["-o", path.to_str().unwrap()],
    );
    assert_run(&out, 0, "", "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), body);
    assert_eq!(names(&dir.path), vec!["out.json"]);
}

#[test]
fn output_file_is_not_written_on_a_failed_call() {
    let dir = TempDir::new();
    let path = dir.path.join("out.json");
    let (_server, out) = answer(error_4037_reply(), &["-o", path.to_str().unwrap()]);
    assert_run(&out, 4, "", ERROR_4037_STDERR);
    assert!(!path.exists(), "a failed call wrote {}", path.display());
    assert_eq!(names(&dir.path), Vec::<String>::new());
}

#[test]
fn output_file_is_not_written_when_the_body_is_cut() {
    let dir = TempDir::new();
    let path = dir.path.join("out.json");
    let (server, out) = answer(
        Reply::cut_body(200, 1000, "{\"partial\": \"yes"),
        &["--output", path.to_str().unwrap()],
    );
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: the connection to {} broke after 16 bytes of the response body: the server closed the connection early\n",
            server.url
        ),
    );
    assert!(!path.exists(), "a cut body wrote {}", path.display());
    assert_eq!(names(&dir.path), Vec::<String>::new(), "no temp file may be left");
}

#[test]
fn output_file_is_replaced_only_on_success() {
    let dir = TempDir::new();
    let path = dir.file("out.json", "old content\n");
    let path_arg = path.to_str().unwrap();

    let (_server, out) = answer(error_4037_reply(), &["-o", path_arg]);
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old content\n");

    let (_server, out) = answer(Reply::cut_body(200, 1000, "{\"new"), &["-o", path_arg]);
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old content\n");
    assert_eq!(names(&dir.path), vec!["out.json"]);

    let (_server, out) = answer(hello_reply(), &["-o", path_arg]);
    assert_run(&out, 0, "", "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HELLO);
    assert_eq!(names(&dir.path), vec!["out.json"]);
}

#[test]
fn output_file_in_a_missing_directory() {
    let dir = TempDir::new();
    let path = dir.path.join("missing").join("out.json");
    let (server, out) = answer(hello_reply(), &["-o", path.to_str().unwrap()]);
    // Checked before sending, so the function does not run for a result that cannot be kept.
    let expected = format!(
        "yr: error: -o {}: the folder {} does not exist\n",
        path.display(),
        dir.path.join("missing").display()
    );
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (2, "", expected.as_str()),
        "{out:?}"
    );
    assert!(!dir.path.join("missing").exists());
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------
// --json
// ---------------------------------------------------------------------------

/// `traceparent` (issue 22): the W3C traceparent the call was sent with, after `trace_id`.
const ENVELOPE_KEYS: [&str; 11] = [
    "ok",
    "status",
    "code",
    "class",
    "message",
    "trace_id",
    "traceparent",
    "body",
    "headers",
    "elapsed_ms",
    "attempts",
];

/// Parses the one line of `--json` output and checks its keys and their order (`logs` after `headers` when the
/// answer carried X-Log-Result).
#[track_caller]
fn envelope(stdout: &str) -> Value {
    assert!(
        stdout.ends_with('\n') && stdout.lines().count() == 1,
        "--json prints one line: {stdout:?}"
    );
    let value: Value = serde_json::from_str(stdout).expect("--json output is JSON");
    let object = value.as_object().expect("--json output is an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort();
    let mut expected = ENVELOPE_KEYS.to_vec();
    if object.contains_key("logs") {
        expected.push("logs");
        let (headers, logs, elapsed) = (
            stdout.find("\"headers\":"),
            stdout.find(",\"logs\":"),
            stdout.find(",\"elapsed_ms\":"),
        );
        assert!(
            headers < logs && logs < elapsed,
            "logs between headers and elapsed_ms: {stdout}"
        );
    }
    expected.sort();
    assert_eq!(keys, expected, "envelope keys");
    // Key order as documented, in the raw text (serde_json's Value sorts its keys).
    let mut last = 0;
    for key in ENVELOPE_KEYS {
        let at = stdout
            .find(&format!("\"{key}\":"))
            .unwrap_or_else(|| panic!("key {key} missing in {stdout}"));
        assert!(at >= last, "key {key} out of order in {stdout}");
        last = at;
    }
    assert!(
        value["elapsed_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "elapsed_ms is a number: {stdout}"
    );
    assert_eq!(value["attempts"], json!(1));
    // Every invoke is sent with a traceparent (issue 22), so every invoke's envelope has one.
    traceparent_parts(value["traceparent"].as_str().expect("a traceparent"));
    value
}

#[test]
fn json_envelope_on_success() {
    let body = "{ \"z\": 1.50, \"a\": [1, 2, {\"y\": null}], \"m\": \"x\" }";
    let (_server, out) = answer(
        Reply::json(200, body)
            .header("X-Trace-Id", "tr-1")
            .header("X-Inner-Code", "0")
            .header("X-Billing-Duration", "7"),
        &["--json"],
    );
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v = envelope(&out.stdout);
    assert_eq!(v["ok"], json!(true));
    assert_eq!(v["status"], json!(200));
    assert_eq!(v["code"], json!(0));
    assert_eq!(v["class"], json!("ok"));
    assert_eq!(v["message"], Value::Null);
    assert_eq!(v["trace_id"], json!("tr-1"));
    assert_eq!(v["body"], json!({"z": 1.50, "a": [1, 2, {"y": null}], "m": "x"}));
    assert!(
        out.stdout
            .contains(r#","body":{"z":1.50,"a":[1,2,{"y":null}],"m":"x"},"headers":"#),
        "body compacted, key order and number text kept: {}",
        out.stdout
    );
    assert_eq!(
        v["headers"],
        json!({
            "content-type": "application/json",
            "x-trace-id": "tr-1",
            "x-inner-code": "0",
            "x-billing-duration": "7",
            "content-length": body.len().to_string(),
        })
    );
}

#[test]
fn json_envelope_on_a_json_error() {
    let (_server, out) = answer(error_4037_reply(), &["--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (4, ERROR_4037_STDERR), "{out:?}");
    let v = envelope(&out.stdout);
    assert_eq!(v["ok"], json!(false));
    assert_eq!(v["status"], json!(500));
    assert_eq!(v["code"], json!(4037));
    assert_eq!(v["class"], json!("request"));
    assert_eq!(v["message"], json!("session config invalid"));
    assert_eq!(v["trace_id"], json!("t1"));
    assert_eq!(
        v["body"],
        json!({"code": 4037, "message": "\"session config invalid\"", "trace_id": "t1"})
    );
    assert_eq!(v["headers"]["x-inner-code"], json!("4037"));
}

#[test]
fn json_envelope_on_a_non_json_body() {
    let (server, out) = answer(Reply::text(200, "plain text\n"), &["--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v = envelope(&out.stdout);
    assert_eq!(v["ok"], json!(true));
    assert_eq!(v["code"], Value::Null);
    // The answer names no trace id: since issue 22 the envelope has the one yr sent (it was null before).
    assert_eq!(
        v["trace_id"],
        json!(server.only_request().header("X-Trace-Id").unwrap())
    );
    assert_eq!(v["body"], json!("plain text\n"));
}

#[test]
fn json_envelope_on_an_html_error() {
    let (_server, out) = answer(
        Reply::new(502)
            .header("Content-Type", "text/html")
            .body("<html><head><title>502 Bad Gateway</title></head></html>"),
        &["--json"],
    );
    assert_eq!(out.code, 5, "{out:?}");
    let v = envelope(&out.stdout);
    assert_eq!(v["ok"], json!(false));
    assert_eq!(v["status"], json!(502));
    assert_eq!(v["code"], Value::Null);
    assert_eq!(v["class"], json!("platform"));
    assert_eq!(
        v["body"],
        json!("<html><head><title>502 Bad Gateway</title></head></html>")
    );
}

#[test]
fn json_envelope_when_unreachable() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = invoke("hello").ignore_stdin().endpoint(&url).args(&["--json"]).run();
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "yr: error: cannot reach {url}: connection refused\n\
             hint: is the frontend running there? Start a local one with `yr serve`, or pass --endpoint (or set YR_ENDPOINT)\n"
        )
    );
    let v = envelope(&out.stdout);
    assert_eq!(v["ok"], json!(false));
    assert_eq!(v["status"], Value::Null);
    assert_eq!(v["code"], Value::Null);
    assert_eq!(v["class"], json!("unreachable"));
    assert_eq!(v["message"], json!(format!("cannot reach {url}: connection refused")));
    // No answer: since issue 22 the trace id is the UUID yr made for the call (it was null before), and the
    // traceparent is of the trace it names.
    let trace_id = v["trace_id"].as_str().expect("the trace id sent");
    assert_eq!(
        traceparent_parts(v["traceparent"].as_str().unwrap()).0,
        uuid_hex(trace_id)
    );
    assert_eq!(v["body"], Value::Null);
    assert_eq!(v["headers"], json!({}));
}

#[test]
fn json_envelope_on_timeout() {
    let (server, out) = answer(Reply::never(), &["--json", "--timeout", "500ms"]);
    let message = format!("no complete answer from {} within 500 ms (--timeout)", server.url);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (7, format!("yr: error: {message}\n").as_str()),
        "{out:?}"
    );
    let v = envelope(&out.stdout);
    assert_eq!(v["ok"], json!(false));
    assert_eq!(v["status"], Value::Null);
    assert_eq!(v["class"], json!("timeout"));
    assert_eq!(v["message"], json!(message));
    assert_eq!(v["body"], Value::Null);
    assert_eq!(v["headers"], json!({}));
    assert!(
        v["elapsed_ms"].as_f64().unwrap() >= 400.0,
        "elapsed_ms counts the wait: {}",
        out.stdout
    );
}

#[test]
fn json_envelope_decodes_the_log_tail() {
    // base64 of "line one\n你好 \u{1b}[0m".
    let encoded = "bGluZSBvbmUK5L2g5aW9IBtbMG0=";
    let (_server, out) = answer(hello_reply().header("X-Log-Result", encoded), &["--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v = envelope(&out.stdout);
    assert_eq!(v["logs"], json!("line one\n你好 \u{1b}[0m"));
    assert_eq!(
        v["headers"]["x-log-result"],
        json!(encoded),
        "the header stays as received"
    );
    // Empty: an empty log; not base64: null, the header still there; absent: no key at all.
    let (_server, out) = answer(hello_reply().header("X-Log-Result", ""), &["--json"]);
    assert_eq!(envelope(&out.stdout)["logs"], json!(""));
    let (_server, out) = answer(hello_reply().header("X-Log-Result", "!!"), &["--json"]);
    let v = envelope(&out.stdout);
    assert_eq!(
        (&v["logs"], &v["headers"]["x-log-result"]),
        (&Value::Null, &json!("!!"))
    );
    let (_server, out) = answer(hello_reply(), &["--json"]);
    assert!(!out.stdout.contains("\"logs\""), "{}", out.stdout);
}

#[test]
fn json_envelope_on_a_terminal_is_pretty_and_coloured() {
    let reply = || {
        Reply::json(200, r#"{"msg":"\u4f60\u597d","n":1.50}"#)
            .header("X-Trace-Id", "abc")
            .header("X-Inner-Code", "0")
    };
    let out = terminal(reply(), &[], &["--json", "-q", "--color", "never"]);
    assert_eq!(out.code, 0, "{out:?}");
    let length = r#"{"msg":"\u4f60\u597d","n":1.50}"#.len();
    let expected = format!(
        "{{
  \"ok\": true,
  \"status\": 200,
  \"code\": 0,
  \"class\": \"ok\",
  \"message\": null,
  \"trace_id\": \"abc\",
  \"traceparent\": \"{{traceparent}}\",
  \"body\": {{
    \"msg\": \"你好\",
    \"n\": 1.50
  }},
  \"headers\": {{
    \"content-length\": \"{length}\",
    \"content-type\": \"application/json\",
    \"x-inner-code\": \"0\",
    \"x-trace-id\": \"abc\"
  }},
  \"elapsed_ms\": {{elapsed}},
  \"attempts\": 1
}}
"
    );
    let elapsed = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("  \"elapsed_ms\": "))
        .and_then(|v| v.strip_suffix(','))
        .expect("elapsed_ms line")
        .to_string();
    // The traceparent the call was sent with (issue 22), a new span id on each call.
    let traceparent = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("  \"traceparent\": \""))
        .and_then(|v| v.strip_suffix("\","))
        .expect("traceparent line")
        .to_string();
    assert_eq!(
        out.stdout,
        expected
            .replace("{elapsed}", &elapsed)
            .replace("{traceparent}", &traceparent)
    );
    let out = terminal(reply(), &[], &["--json", "-q"]);
    assert!(out.stdout.contains("\u{1b}["), "coloured: {:?}", out.stdout);
    assert_eq!(strip_ansi(&out.stdout).lines().count(), expected.lines().count());
    // Piped: one compact line, escapes as received.
    let (_server, out) = answer(reply(), &["--json"]);
    let v = envelope(&out.stdout);
    assert!(
        out.stdout.contains(r#""body":{"msg":"\u4f60\u597d","n":1.50}"#),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    assert_eq!(v["body"]["msg"], json!("你好"));
}

#[test]
fn stream_json_frames_on_a_terminal_stay_one_line_each() {
    let server = ScriptedServer::start(vec![
        Reply::chunked(200, &["data: {\"t\":\"\\u4f60\"}\n\n", "data: [DONE]\n\n"])
            .header("Content-Type", "text/event-stream"),
    ]);
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--json", "--color", "never", "-q"])
        .cmd();
    cmd.env("YR_TEST_TERMINAL", "1");
    assert_run(&run(&mut cmd), 0, "{\"data\":{\"t\":\"你\"}}\n", "");
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--json"])
        .run();
    assert_run(&out, 0, "{\"data\":{\"t\":\"你\"}}\n", "");
}

// ---------------------------------------------------------------------------
// Non-ASCII results
// ---------------------------------------------------------------------------

/// What a Python function returns by default: `json.dumps` escapes every non-ASCII character.
const ESCAPED_CHINESE: &str =
    r#"{"greeting":"\u4f60\u597d, \u4e16\u754c","emoji":"\ud83d\ude00","kept":"\u0041\n\u202e"}"#;

#[test]
fn a_terminal_shows_escaped_text_decoded() {
    let out = terminal(
        Reply::json(200, ESCAPED_CHINESE).header("X-Inner-Code", "0"),
        &[],
        &["--color", "never", "-q"],
    );
    assert_run(
        &out,
        0,
        "{\n  \"greeting\": \"你好, 世界\",\n  \"emoji\": \"😀\",\n  \"kept\": \"\\u0041\\n\\u202e\"\n}\n",
        "",
    );
}

#[test]
fn a_pipe_gets_escaped_text_byte_for_byte() {
    let (_server, out) = answer(Reply::json(200, ESCAPED_CHINESE).header("X-Inner-Code", "0"), &[]);
    assert_run(&out, 0, ESCAPED_CHINESE, "");
    let (_server, out) = answer(Reply::json(200, ESCAPED_CHINESE), &["--color", "always"]);
    assert_run(&out, 0, ESCAPED_CHINESE, "");
}

// ---------------------------------------------------------------------------
// Terminal mode and colour
// ---------------------------------------------------------------------------

const OBJ_BODY: &str = r#"{"name":"yuanrong","n":[1,2.50],"ok":true,"none":null,"o":{}}"#;
const OBJ_PRETTY: &str = "{\n  \"name\": \"yuanrong\",\n  \"n\": [\n    1,\n    2.50\n  ],\n  \"ok\": true,\n  \"none\": null,\n  \"o\": {}\n}\n";

fn obj_reply() -> Reply {
    Reply::json(200, OBJ_BODY)
        .header("X-Trace-Id", "abc")
        .header("X-Inner-Code", "0")
}

/// A terminal-mode call (YR_TEST_TERMINAL=1) with extra env and arguments.
fn terminal(reply: Reply, env: &[(&str, &str)], extra: &[&str]) -> Run {
    let server = ScriptedServer::start(vec![reply]);
    let mut cmd = invoke("hello").ignore_stdin().endpoint(&server.url).args(extra).cmd();
    cmd.env("YR_TEST_TERMINAL", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

#[track_caller]
fn assert_summary(stderr: &str) {
    assert!(
        stderr.starts_with("HTTP 200 · code 0 · ") && stderr.ends_with(" · trace abc\n") && stderr.lines().count() == 1,
        "summary line: {stderr:?}"
    );
}

#[test]
fn terminal_pretty_prints_json_without_colour() {
    let out = terminal(obj_reply(), &[], &["--color", "never"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, OBJ_PRETTY), "{out:?}");
    assert_summary(&out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

#[test]
fn terminal_colours_by_default() {
    let out = terminal(obj_reply(), &[], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\u{1b}["), "stdout: {:?}", out.stdout);
    assert_eq!(strip_ansi(&out.stdout), OBJ_PRETTY);
    assert!(out.stderr.contains("\u{1b}["), "stderr: {:?}", out.stderr);
    assert_summary(&strip_ansi(&out.stderr));
}

#[test]
fn terminal_colour_auto_is_explicit_too() {
    let out = terminal(obj_reply(), &[("TERM", "xterm-256color")], &["--color", "auto"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\u{1b}["), "stdout: {:?}", out.stdout);
    assert_eq!(strip_ansi(&out.stdout), OBJ_PRETTY);
}

#[test]
fn terminal_no_color_disables_colour() {
    let out = terminal(obj_reply(), &[("NO_COLOR", "1")], &[]);
    assert_eq!((out.code, out.stdout.as_str()), (0, OBJ_PRETTY), "{out:?}");
    assert_summary(&out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

#[test]
fn terminal_empty_no_color_keeps_colour() {
    let out = terminal(obj_reply(), &[("NO_COLOR", "")], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\u{1b}["), "stdout: {:?}", out.stdout);
}

#[test]
fn terminal_term_dumb_disables_colour() {
    let out = terminal(obj_reply(), &[("TERM", "dumb")], &[]);
    assert_eq!((out.code, out.stdout.as_str()), (0, OBJ_PRETTY), "{out:?}");
    assert_summary(&out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

#[test]
fn terminal_quiet_hides_the_summary() {
    let out = terminal(obj_reply(), &[], &["--color", "never", "-q"]);
    assert_run(&out, 0, OBJ_PRETTY, "");
}

#[test]
fn terminal_summary_without_inner_code_or_trace() {
    let out = terminal(Reply::json(200, "1"), &[], &["--color", "never"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "1\n"), "{out:?}");
    assert!(
        out.stderr.starts_with("HTTP 200 · ")
            && !out.stderr.contains("code")
            && !out.stderr.contains("trace")
            && out.stderr.lines().count() == 1,
        "summary line: {:?}",
        out.stderr
    );
}

#[test]
fn terminal_non_json_result_gets_a_newline() {
    let out = terminal(
        Reply::text(200, "plain text").header("X-Inner-Code", "0"),
        &[],
        &["--color", "never", "-q"],
    );
    assert_run(&out, 0, "plain text\n", "");
}

#[test]
fn terminal_raw_string() {
    let out = terminal(hello_reply(), &[], &["-r", "-q"]);
    assert_run(&out, 0, "hello yuanrong\n", "");
}

#[test]
fn terminal_error_has_no_summary() {
    let out = terminal(error_4037_reply(), &[], &["--color", "never"]);
    assert_run(&out, 4, "", ERROR_4037_STDERR);
}

#[test]
fn color_always_when_piped_colours_the_error_line() {
    let (_server, out) = answer(error_4037_reply(), &["--color", "always"]);
    assert_eq!((out.code, out.stdout.as_str()), (4, ""), "{out:?}");
    assert!(out.stderr.contains("\u{1b}["), "stderr: {:?}", out.stderr);
    assert_eq!(strip_ansi(&out.stderr), ERROR_4037_STDERR);
}

#[test]
fn color_always_when_piped_keeps_stdout_exact() {
    let (_server, out) = answer(obj_reply(), &["--color", "always"]);
    assert_run(&out, 0, OBJ_BODY, "");
}

#[test]
fn piped_output_has_no_colour() {
    let (_server, out) = answer(obj_reply(), &[]);
    assert_run(&out, 0, OBJ_BODY, "");
    let (_server, out) = answer(error_4037_reply(), &[]);
    assert_run(&out, 4, "", ERROR_4037_STDERR);
    let (_server, out) = answer(obj_reply(), &["-v", "--logs"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stderr.contains('\u{1b}'),
        "{out:?}"
    );
}

#[test]
fn color_never_on_a_terminal_error() {
    let out = terminal(error_4037_reply(), &[("TERM", "xterm")], &["--color", "never"]);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

// ---------------------------------------------------------------------------
// --logs and -v
// ---------------------------------------------------------------------------

#[test]
fn logs_are_decoded_to_stderr() {
    // base64 of "line one\nline two" (no trailing newline: yr adds one).
    let (_server, out) = answer(
        hello_reply().header("X-Log-Result", "bGluZSBvbmUKbGluZSB0d28="),
        &["--logs"],
    );
    assert_run(&out, 0, HELLO, "line one\nline two\n");
}

#[test]
fn logs_with_a_trailing_newline_get_no_extra_one() {
    // base64 of "done\n".
    let (_server, out) = answer(hello_reply().header("X-Log-Result", "ZG9uZQo="), &["--logs"]);
    assert_run(&out, 0, HELLO, "done\n");
}

#[test]
fn logs_absent_warns() {
    let (_server, out) = answer(hello_reply(), &["--logs"]);
    assert_run(
        &out,
        0,
        HELLO,
        "yr: warning: --logs: the answer carries no log tail (X-Log-Result is absent or empty)\n",
    );
}

#[test]
fn logs_empty_header_warns() {
    let (_server, out) = answer(hello_reply().header("X-Log-Result", ""), &["--logs"]);
    assert_run(
        &out,
        0,
        HELLO,
        "yr: warning: --logs: the answer carries no log tail (X-Log-Result is absent or empty)\n",
    );
}

#[test]
fn logs_absent_warning_hidden_by_quiet() {
    let (_server, out) = answer(hello_reply(), &["--logs", "-q"]);
    assert_run(&out, 0, HELLO, "");
}

#[test]
fn logs_on_a_failed_call() {
    // base64 of "Traceback: boom\n".
    let (_server, out) = answer(
        error_4037_reply().header("X-Log-Result", "VHJhY2ViYWNrOiBib29tCg=="),
        &["--logs"],
    );
    assert_run(&out, 4, "", &format!("Traceback: boom\n{ERROR_4037_STDERR}"));
}

// ---------------------------------------------------------------------------
// Multi-line errors, and the log tail beside them
// ---------------------------------------------------------------------------

/// What a Python function's runtime logs and answers when the handler raises.
const TRACEBACK: &str = "Traceback (most recent call last):\n  File \"handler.py\", line 3, in handler\n    raise ValueError(\"bad name\")\nValueError: bad name";

/// A failed call whose message is a traceback, and (when given) a log tail: `log` is the text before it.
fn traceback_reply(log_before: Option<&str>) -> Reply {
    let body = json!({"code": 4002, "message": TRACEBACK}).to_string();
    let reply = Reply::json(500, &body)
        .header("X-Inner-Code", "4002")
        .header("X-Trace-Id", "t9");
    match log_before {
        Some(before) => {
            use base64::Engine;
            let log = format!("{before}{TRACEBACK}\n");
            reply.header("X-Log-Result", &base64::engine::general_purpose::STANDARD.encode(log))
        }
        None => reply,
    }
}

const TRACEBACK_ERROR: &str =
    "yr: error: HTTP 500, code 4002 (function raised an exception): Traceback (most recent call last): [trace t9]
    File \"handler.py\", line 3, in handler
      raise ValueError(\"bad name\")
  ValueError: bad name
";

#[test]
fn a_multi_line_error_prints_its_first_line_then_the_rest_indented() {
    let (_server, out) = answer(traceback_reply(None), &[]);
    assert_run(&out, 6, "", TRACEBACK_ERROR);
    // The same on a terminal; --json's message stays the one-line form, its body the message as sent.
    let out = terminal(traceback_reply(None), &[], &["--color", "never"]);
    assert_run(&out, 6, "", TRACEBACK_ERROR);
    let (_server, out) = answer(traceback_reply(None), &["--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (6, TRACEBACK_ERROR), "{out:?}");
    let v = envelope(&out.stdout);
    assert_eq!(
        v["message"],
        json!(
            "Traceback (most recent call last): File \"handler.py\", line 3, in handler raise ValueError(\"bad name\") ValueError: bad name"
        )
    );
    assert_eq!(v["body"]["message"], json!(TRACEBACK));
}

#[test]
fn a_multi_line_error_keeps_escape_sequences_off_the_terminal() {
    let body = json!({"code": 4002, "message": "boom\n\u{1b}[2Jgone\r\n\n\n"}).to_string();
    let (_server, out) = answer(Reply::json(500, &body).header("X-Inner-Code", "4002"), &[]);
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom\n  ?[2Jgone\n",
    );
}

#[test]
fn logs_on_a_terminal_are_marked() {
    // base64 of "line one\nline two".
    let out = terminal(
        obj_reply().header("X-Log-Result", "bGluZSBvbmUKbGluZSB0d28="),
        &[],
        &["--color", "never", "--logs"],
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, OBJ_PRETTY), "{out:?}");
    let (logs, summary) = out.stderr.split_at(out.stderr.find("HTTP 200").unwrap_or(0));
    assert_eq!(logs, "log │ line one\nlog │ line two\n");
    assert_summary(summary);
    // Dim when coloured; the text is the same.
    let out = terminal(
        obj_reply().header("X-Log-Result", "bGluZSBvbmUKbGluZSB0d28="),
        &[],
        &["--logs"],
    );
    assert!(
        out.stderr.starts_with("\u{1b}[2mlog │\u{1b}[0m line one\n"),
        "{:?}",
        out.stderr
    );
}

#[test]
fn a_failed_call_shows_its_traceback_once_with_logs() {
    // The runtime logs the traceback and answers with it: it is printed once, in the error block, after the
    // log lines that came before it.
    let reply = traceback_reply(Some("processing request\n"));
    let (_server, out) = answer(reply.clone(), &["--logs"]);
    assert_run(&out, 6, "", &format!("processing request\n{TRACEBACK_ERROR}"));
    let out = terminal(reply, &[], &["--logs", "--color", "never"]);
    assert_run(&out, 6, "", &format!("log │ processing request\n{TRACEBACK_ERROR}"));
}

#[test]
fn a_log_tail_that_is_only_the_error_says_so_on_a_terminal() {
    let reply = traceback_reply(Some(""));
    let out = terminal(reply.clone(), &[], &["--logs", "--color", "never"]);
    assert_run(
        &out,
        6,
        "",
        &format!("log │ (the log tail is the error below)\n{TRACEBACK_ERROR}"),
    );
    let (_server, out) = answer(reply, &["--logs"]);
    assert_run(&out, 6, "", TRACEBACK_ERROR);
}

#[test]
fn an_expected_failure_keeps_its_whole_log_tail() {
    // No error block is printed for a failure the expectations asked for: the traceback stays in the logs.
    let (_server, out) = answer(
        traceback_reply(Some("processing request\n")),
        &["--logs", "--expect-code", "4002"],
    );
    assert_run(&out, 0, "", &format!("processing request\n{TRACEBACK}\n"));
}

#[test]
fn verbose_shows_request_and_response_headers() {
    let (server, out) = answer(hello_reply(), &["-v"]);
    // Since issue 22 every call carries an X-Trace-Id yr made and a traceparent, new on each call: -v shows the
    // ones sent.
    let sent = server.only_request();
    let (trace_id, traceparent) = (sent.header("X-Trace-Id").unwrap(), sent.header("traceparent").unwrap());
    let expected_stderr = format!(
        "> POST /serverless/v1/functions/{URN_HELLO}/invocations HTTP/1.1\n\
         > Host: 127.0.0.1:{port}\n\
         > User-Agent: yr/0.1.0\n\
         > Accept: */*\n\
         > Content-Type: application/json\n\
         > X-Trace-Id: {trace_id}\n\
         > traceparent: {traceparent}\n\
         > Content-Length: 0\n\
         >\n\
         < HTTP/1.1 200 OK\n\
         < content-type: application/json\n\
         < x-trace-id: abc\n\
         < x-inner-code: 0\n\
         < content-length: 16\n\
         <\n",
        port = server.port()
    );
    assert_run(&out, 0, HELLO, &expected_stderr);
}

#[test]
fn verbose_on_a_failed_call_still_prints_the_error() {
    let (_server, out) = answer(error_4037_reply(), &["-v"]);
    assert_eq!((out.code, out.stdout.as_str()), (4, ""), "{out:?}");
    assert!(
        out.stderr.contains("\n< HTTP/1.1 500 Internal Server Error\n")
            && out.stderr.contains("\n< x-inner-code: 4037\n")
            && out.stderr.ends_with(&format!("<\n{ERROR_4037_STDERR}")),
        "stderr: {}",
        out.stderr
    );
}

#[test]
fn very_verbose_adds_timings() {
    let (_server, out) = answer(hello_reply(), &["-vv"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, HELLO), "{out:?}");
    let timing = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("* connect "))
        .collect::<Vec<_>>();
    assert_eq!(timing.len(), 1, "stderr: {}", out.stderr);
    assert!(
        timing[0].contains(" · first byte ") && timing[0].contains(" · total "),
        "{}",
        timing[0]
    );
    assert!(out.stderr.contains("\n< HTTP/1.1 200 OK\n"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// Expectations
// ---------------------------------------------------------------------------

#[test]
fn expectations_that_hold_exit_0() {
    let (_server, out) = answer(
        hello_reply(),
        &[
            "--expect-status",
            "200",
            "--expect-code",
            "0",
            "--expect-body",
            "\"hello yuanrong\"",
        ],
    );
    assert_run(&out, 0, HELLO, "");
}

#[test]
fn expect_code_0_holds_without_an_inner_code_header() {
    let (_server, out) = answer(Reply::json(200, "1"), &["--expect-code", "0"]);
    assert_run(&out, 0, "1", "");
}

#[test]
fn expectations_that_fail_exit_8_with_one_line_each() {
    let (_server, out) = answer(
        error_4037_reply(),
        &[
            "--expect-status",
            "200",
            "--expect-code",
            "0",
            "--expect-body",
            "\"hello\"",
        ],
    );
    assert_run(
        &out,
        8,
        "",
        &format!(
            "{ERROR_4037_STDERR}\
             yr: error: expectation failed: status: expected 200, got 500\n\
             yr: error: expectation failed: code: expected 0, got 4037 (session config invalid)\n\
             yr: error: expectation failed: body: expected \"hello\", got {{\"code\":4037,\"message\":\"\\\"session config invalid\\\"\",\"trace_id\":\"t1\"}}\n"
        ),
    );
}

#[test]
fn expectation_failing_on_a_successful_call() {
    let (_server, out) = answer(
        Reply::json(200, "\"x\"").header("X-Inner-Code", "0"),
        &["--expect-body", "\"y\""],
    );
    assert_run(
        &out,
        8,
        "\"x\"",
        "yr: error: expectation failed: body: expected \"y\", got \"x\"\n",
    );
}

#[test]
fn expectation_status_only_fails() {
    let (_server, out) = answer(
        Reply::json(202, "{}").header("X-Inner-Code", "200202"),
        &["--expect-status", "200"],
    );
    assert_run(
        &out,
        8,
        "{}",
        "yr: error: expectation failed: status: expected 200, got 202\n",
    );
}

#[test]
fn expected_failure_code_is_a_pass() {
    let (_server, out) = answer(error_4037_reply(), &["--expect-code", "4037"]);
    assert_run(&out, 0, "", "");
    assert!(!out.stderr.contains("yr: error:"));
}

/// Issue 17: `--expect-code "function not found"` failed with `invalid digit found in string`. A code is taken by
/// number or by its name in the error table wherever a code is, as `yr test`'s `expect.code` takes it.
#[test]
fn expected_code_by_its_name_in_the_error_table() {
    let (_server, out) = answer(error_4037_reply(), &["--expect-code", "Session Config Invalid"]);
    assert_run(&out, 0, "", "");
    let (_server, out) = answer(error_4037_reply(), &["--expect-code", "function not found"]);
    assert_run(
        &out,
        8,
        "",
        &format!(
            "{ERROR_4037_STDERR}\
             yr: error: expectation failed: code: expected 150424 (function not found), got 4037 (session config invalid)\n"
        ),
    );
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&endpoint)
        .args(&["--expect-code", "no such code"])
        .run();
    assert_run(
        &out,
        2,
        "",
        "yr: error: --expect-code `no such code` is neither a number nor a name in the error table (see `yr errors`)\n",
    );
}

/// An expectation of the body alone never makes a failed call pass: with neither --expect-status nor
/// --expect-code, success is expected too, as in `yr test`.
#[test]
fn an_expected_body_alone_does_not_pass_a_failed_call() {
    let (_server, out) = answer(
        Reply::json(500, r#"{"code":4002,"message":"boom"}"#),
        &["--expect-body", r#"{"code":4002,"message":"boom"}"#],
    );
    assert_eq!(out.code, 8, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "yr: error: expectation failed: success: expected success (HTTP 2xx, code 0), got HTTP 500, code 4002"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn expected_failure_with_status_and_code_is_a_pass() {
    let (_server, out) = answer(error_4037_reply(), &["--expect-status", "500", "--expect-code", "4037"]);
    assert_run(&out, 0, "", "");
}

#[test]
fn expect_body_compares_json_values() {
    let (_server, out) = answer(
        Reply::json(200, r#"{"a":1,"b":[2,3]}"#).header("X-Inner-Code", "0"),
        &["--expect-body", "{ \"b\" : [2, 3],\n \"a\":1 }"],
    );
    assert_run(&out, 0, r#"{"a":1,"b":[2,3]}"#, "");
}

#[test]
fn expect_body_with_a_non_json_answer_fails() {
    let (_server, out) = answer(Reply::text(200, "plain"), &["--expect-body", "\"plain\""]);
    assert_run(
        &out,
        8,
        "plain",
        "yr: error: expectation failed: body: expected \"plain\", got a body that is not JSON (5 bytes): plain\n",
    );
}

#[test]
fn expect_body_invalid_json_is_a_usage_error() {
    let server = ScriptedServer::start(vec![hello_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--expect-body", "{nope"])
        .run();
    assert_run(
        &out,
        2,
        "",
        "yr: error: --expect-body is not valid JSON: key must be a string at line 1 column 2\n",
    );
    assert_eq!(server.count(), 0, "nothing may be sent after a usage error");
}

#[test]
fn expectations_when_unreachable_exit_3() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&url)
        .args(&["--expect-status", "200", "--expect-code", "0"])
        .run();
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: cannot reach {url}: connection refused\n\
             hint: is the frontend running there? Start a local one with `yr serve`, or pass --endpoint (or set YR_ENDPOINT)\n"
        ),
    );
}

// ---------------------------------------------------------------------------
// A closed stdout
// ---------------------------------------------------------------------------

#[test]
fn closed_stdout_ends_quietly_with_0() {
    let big = format!("\"{}\"", "y".repeat(1024 * 1024));
    let server = ScriptedServer::start(vec![
        Reply::json(200, &big)
            .header("X-Inner-Code", "0")
            .delay(Duration::from_millis(300)),
    ]);
    let home = TempDir::new();
    let mut child = yr_with_home(&home.path)
        .args([
            "invoke",
            "hello",
            "--ignore-stdin",
            "--timeout",
            "20s",
            "-e",
            &server.url,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn yr");
    // Close the read end of stdout before the answer arrives (as `| head -c0` would).
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr pipe")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("wait for yr");
    assert_eq!(server.count(), 1);
    assert_eq!(
        (status.code(), stderr.as_str()),
        (Some(0), ""),
        "a closed stdout should end quietly with 0 (status {status:?})"
    );
}

// ---------------------------------------------------------------------------
// Deeply nested results (issue 18, item 6)
// ---------------------------------------------------------------------------

/// Pretty-printing indented every level, so the output grew with the square of the depth: 10,000 nested arrays
/// (20 KB) printed 200 MB. Past `PRETTY_DEPTH` levels a value is printed compact: the output stays a few times the
/// body, and it is still the same JSON. Arrays, objects, and `--json`'s envelope (which holds the body) alike.
#[test]
fn a_deeply_nested_result_prints_in_linear_size_on_a_terminal() {
    let depth = 10_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", r#"{"k":"#.repeat(depth), "}".repeat(depth));
    let mixed = format!("{}0{}", r#"[{"a":"#.repeat(depth / 2), "}]".repeat(depth / 2));
    for body in [&arrays, &objects, &mixed] {
        for extra in [&[][..], &["--json"][..]] {
            let mut args = vec!["--color", "never", "-q"];
            args.extend_from_slice(extra);
            let out = terminal(Reply::json(200, body).header("X-Inner-Code", "0"), &[], &args);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert!(
                out.stdout.len() < 4 * body.len() + 10_000,
                "{} bytes printed for a body of {} ({extra:?})",
                out.stdout.len(),
                body.len()
            );
            // Valid JSON (serde's IgnoredAny has no depth limit), and the same tokens: the bodies hold no strings
            // with spaces, so taking the whitespace out gives them back.
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(&out.stdout).is_ok(),
                "not JSON ({extra:?})"
            );
            let compact: String = out.stdout.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            if extra.is_empty() {
                assert!(compact == *body, "the printed value differs from the body");
            } else {
                assert!(
                    compact.contains(&format!("\"body\":{body},")),
                    "the envelope's body differs"
                );
            }
            // Shallow levels are still indented.
            assert!(out.stdout.contains("\n  "), "{}", &out.stdout[..200]);
        }
    }
}
