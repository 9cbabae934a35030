use crate::support::*;

// One contract everywhere (issue 17): every command that calls the frontend classifies a failure the one way
// (exit::Class), so the same failure has the same exit code, `--json` class and hint in `yr invoke`, `result`,
// `session delete`, `health`, `test` and `bench`. The matrix below walks each command through each class against
// real servers on 127.0.0.1 (the emulator, or a scripted server for what the emulator never does).

use std::time::Duration;

use serde_json::Value;

const TOKEN: &str = "right-token";

/// The emulator behind token auth, with a failing and a slow function.
fn emulator(dir: &TempDir) -> Emulator {
    let token = dir.file("token", format!("{TOKEN}\n"));
    Emulator::start(&[
        "--token-file",
        token.to_str().expect("UTF-8 path"),
        "--function",
        "boom=exit 3",
        "--function",
        "slow=sleep 3; echo done",
    ])
}

/// `yr ARGS...` with the right token unless `token` says otherwise.
fn yr_with(token: &str, args: &[&str]) -> Run {
    run(yr().env("YR_JWT_TOKEN", token).args(args))
}

/// The one `--json` document on stdout.
fn document(out: &Run) -> Value {
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one document on stdout: {out:?}");
    serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("not JSON ({e}): {out:?}"))
}

/// The runs of one command, checked as they come (exit code, `--json` class) and written down for its snapshot: each
/// case's name, exit code and stderr (error line and hint), so the wording is reviewed in one file per command.
#[derive(Default)]
struct Transcript(String);

impl Transcript {
    #[track_caller]
    fn expect(&mut self, case: &str, out: &Run, code: i32, class: Option<&str>) {
        assert_eq!(out.code, code, "{case}: exit code: {out:?}");
        match class {
            Some(class) => assert_eq!(document(out)["class"], class, "{case}: {out:?}"),
            None => assert_eq!(out.stdout, "", "{case}: no document for a usage error: {out:?}"),
        }
        self.0 += &format!("--- {case}: exit {code}\n{}", out.stderr);
    }
}

fn url(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Each class's error line and hint: tests/snapshots/integration__contract__invoke_errors.snap.
#[test]
fn invoke_classifies_every_failure() {
    let dir = TempDir::new();
    let emulator = emulator(&dir);
    let e = emulator.url.as_str();
    let refused = url(closed_port());
    let platform = ScriptedServer::start(vec![Reply::json(500, r#"{"code":3003,"message":"busy"}"#)]);
    let invoke = |token: &str, function: &str, endpoint: &str, extra: &[&str]| {
        let mut args = vec!["invoke", function, "--ignore-stdin", "--json", "-e", endpoint];
        args.extend_from_slice(extra);
        yr_with(token, &args)
    };
    let mut t = Transcript::default();
    t.expect(
        "refused connection",
        &invoke(TOKEN, "hello", &refused, &[]),
        3,
        Some("unreachable"),
    );
    let slow = invoke(TOKEN, "slow", e, &["--timeout", "300ms"]);
    t.expect("--timeout 300ms", &slow, 7, Some("timeout"));
    t.expect("wrong token", &invoke("wrong", "hello", e, &[]), 4, Some("request"));
    t.expect("function exits 3", &invoke(TOKEN, "boom", e, &[]), 6, Some("function"));
    t.expect(
        "HTTP 500, code 3003",
        &invoke(TOKEN, "hello", &platform.url, &[]),
        5,
        Some("platform"),
    );
    t.expect("unknown function", &invoke(TOKEN, "nosuch", e, &[]), 4, Some("request"));
    t.expect("--cpu x", &invoke(TOKEN, "hello", e, &["--cpu", "x"]), 2, None);
    assert_snap!("invoke_errors", t.0);
}

/// Each class's error line and hint, and a call still running (`pending`, exit 0):
/// tests/snapshots/integration__contract__result_errors.snap.
#[test]
fn result_classifies_every_failure() {
    let dir = TempDir::new();
    let emulator = emulator(&dir);
    let e = emulator.url.as_str();
    let id_of = |function: &str| {
        let out = yr_with(TOKEN, &["invoke", function, "--ignore-stdin", "--async", "-e", e]);
        assert_eq!(out.code, 0, "{out:?}");
        out.stdout.trim().to_string()
    };
    let (slow, boom) = (id_of("slow"), id_of("boom"));
    let refused = url(closed_port());
    let platform = ScriptedServer::start(vec![Reply::text(503, "busy")]);
    let result = |token: &str, id: &str, endpoint: &str, extra: &[&str]| {
        let mut args = vec!["result", id, "--json", "-e", endpoint];
        args.extend_from_slice(extra);
        yr_with(token, &args)
    };
    let mut t = Transcript::default();
    t.expect(
        "refused connection",
        &result(TOKEN, &slow, &refused, &[]),
        3,
        Some("unreachable"),
    );
    t.expect("still running", &result(TOKEN, &slow, e, &[]), 0, Some("pending"));
    let timed_out = result(TOKEN, &slow, e, &["--wait", "--timeout", "300ms"]);
    t.expect("--wait --timeout 300ms", &timed_out, 7, Some("timeout"));
    assert_eq!(
        (&document(&timed_out)["request_id"], &document(&timed_out)["state"]),
        (&Value::from(slow.as_str()), &Value::from("running"))
    );
    // Issue 17: a refused token was exit 5 with no hint here, where invoke and session delete say exit 4 with it.
    t.expect("wrong token", &result("wrong", &slow, e, &[]), 4, Some("request"));
    t.expect(
        "function exits 3",
        &result(TOKEN, &boom, e, &["--wait"]),
        6,
        Some("function"),
    );
    t.expect(
        "HTTP 503",
        &result(TOKEN, "abc", &platform.url, &[]),
        5,
        Some("platform"),
    );
    t.expect("unknown id", &result(TOKEN, "unknown-id", e, &[]), 4, Some("request"));
    t.expect("blank id", &result(TOKEN, " ", e, &[]), 2, None);
    assert_snap!("result_errors", t.0);
}

/// Each class's error line and hint: tests/snapshots/integration__contract__session_delete_errors.snap.
#[test]
fn session_delete_classifies_every_failure() {
    let dir = TempDir::new();
    let emulator = emulator(&dir);
    let e = emulator.url.as_str();
    let refused = url(closed_port());
    let platform = ScriptedServer::start(vec![Reply::json(500, r#"{"code":3003,"message":"busy"}"#)]);
    let silent = ScriptedServer::start(vec![Reply::never()]);
    let delete = |token: &str, session: &str, endpoint: &str, extra: &[&str]| {
        let mut args = vec!["session", "delete", "hello", session, "--json", "-e", endpoint];
        args.extend_from_slice(extra);
        yr_with(token, &args)
    };
    let mut t = Transcript::default();
    t.expect(
        "refused connection",
        &delete(TOKEN, "s1", &refused, &[]),
        3,
        Some("unreachable"),
    );
    let silent_run = delete(TOKEN, "s1", &silent.url, &["--timeout", "300ms"]);
    t.expect("--timeout 300ms", &silent_run, 7, Some("timeout"));
    t.expect("wrong token", &delete("wrong", "s1", e, &[]), 4, Some("request"));
    // A session's DELETE runs no function: there is no function failure to walk through.
    t.expect(
        "HTTP 500, code 3003",
        &delete(TOKEN, "s1", &platform.url, &[]),
        5,
        Some("platform"),
    );
    t.expect("unknown session", &delete(TOKEN, "s1", e, &[]), 4, Some("request"));
    t.expect("64-character session", &delete(TOKEN, &"s".repeat(64), e, &[]), 2, None);
    assert_snap!("session_delete_errors", t.0);
}

/// Each class's error line and hint: tests/snapshots/integration__contract__health_errors.snap.
#[test]
fn health_classifies_every_failure() {
    let refused = url(closed_port());
    let silent = ScriptedServer::start(vec![Reply::never()]);
    let unauthorized = ScriptedServer::start(vec![Reply::json(401, r#"{"error":"Authentication failed"}"#)]);
    let platform = ScriptedServer::start(vec![Reply::text(503, "starting")]);
    let missing = ScriptedServer::start(vec![Reply::text(404, "404 page not found")]);
    let health = |endpoint: &str, extra: &[&str]| {
        let mut args = vec!["health", "--json", "-e", endpoint];
        args.extend_from_slice(extra);
        yr_with(TOKEN, &args)
    };
    let mut t = Transcript::default();
    t.expect("refused connection", &health(&refused, &[]), 3, Some("unreachable"));
    t.expect(
        "--timeout 300ms",
        &health(&silent.url, &["--timeout", "300ms"]),
        7,
        Some("timeout"),
    );
    t.expect("HTTP 401", &health(&unauthorized.url, &[]), 4, Some("request"));
    // /healthz runs no function: there is no function failure to walk through.
    t.expect("HTTP 503", &health(&platform.url, &[]), 5, Some("platform"));
    t.expect("HTTP 404", &health(&missing.url, &[]), 4, Some("request"));
    t.expect("port 0", &health("http://127.0.0.1:0", &[]), 2, None);
    t.expect("up", &health(&Emulator::start(&[]).url, &[]), 0, Some("ok"));
    assert_snap!("health_errors", t.0);
}

#[test]
fn yr_test_classifies_every_failure_in_its_report() {
    let dir = TempDir::new();
    let emulator = emulator(&dir);
    let e = emulator.url.as_str();
    let platform = ScriptedServer::start(vec![Reply::json(500, r#"{"code":3003,"message":"busy"}"#)]);
    let case = |token: &str, function: &str, endpoint: &str, extra: &str| {
        let suite = dir.file(
            "suite.toml",
            format!("[[case]]\nname = \"c\"\nfunction = \"{function}\"\n{extra}"),
        );
        let out = yr_with(
            token,
            &["test", suite.to_str().expect("path"), "--json", "-e", endpoint],
        );
        let lines: Vec<Value> = out
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        let class = lines.first().map(|l| l["class"].clone()).unwrap_or_default();
        (
            out.code,
            class,
            lines.last().map(|l| l["exit"].clone()).unwrap_or_default(),
        )
    };
    // A suite that could not run at all ends with that class's code; one whose cases failed ends with 8, each
    // case's class in its line.
    let refused = url(closed_port());
    assert_eq!(case(TOKEN, "hello", &refused, ""), (3, "unreachable".into(), 3.into()));
    assert_eq!(
        case(TOKEN, "slow", e, "timeout = \"300ms\"\n"),
        (7, "timeout".into(), 7.into())
    );
    assert_eq!(case("wrong", "hello", e, ""), (8, "request".into(), 8.into()));
    assert_eq!(case(TOKEN, "boom", e, ""), (8, "function".into(), 8.into()));
    assert_eq!(
        case(TOKEN, "hello", &platform.url, ""),
        (8, "platform".into(), 8.into())
    );
    assert_eq!(case(TOKEN, "nosuch", e, ""), (8, "request".into(), 8.into()));
    let (code, ..) = case(TOKEN, "hello", e, "cpu = \"x\"\n");
    assert_eq!(code, 2);
}

// ---------------------------------------------------------------------------
// The examples of issue 17 that the matrix does not already hold
// ---------------------------------------------------------------------------

/// `yr result ID --json` on a call still running printed nothing on stdout and exited 0. It prints one document
/// in every state: here class `pending`, its state, and the request id; exit 0, as without --json.
#[test]
fn result_json_of_a_running_call_is_one_document() {
    let dir = TempDir::new();
    let emulator = emulator(&dir);
    let out = yr_with(
        TOKEN,
        &["invoke", "slow", "--ignore-stdin", "--async", "-e", &emulator.url],
    );
    let id = out.stdout.trim().to_string();
    let out = yr_with(TOKEN, &["result", &id, "--json", "-e", &emulator.url]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let doc = document(&out);
    assert_eq!(
        (&doc["ok"], &doc["class"], &doc["request_id"], &doc["status"]),
        (
            &Value::from(false),
            &Value::from("pending"),
            &Value::from(id.as_str()),
            &Value::Null
        )
    );
    assert!(
        ["pending", "running"].contains(&doc["state"].as_str().unwrap_or_default()),
        "{doc}"
    );
}

/// `yr health --wait 2s` gave up after 1.5 s, and `--wait 1s` after 0.75 s: the last look came one doubled pause
/// before the end. A wait waits the full time it was given: the last look is sent once the wait has run out, so it
/// arrives at least 1 s after the process was started, however busy the machine (a lower bound only).
#[test]
fn health_wait_looks_until_the_end_of_its_time() {
    let server = ScriptedServer::start(vec![Reply::text(503, "starting")]);
    let started = std::time::Instant::now();
    let out = yr_with(TOKEN, &["health", "-e", &server.url, "--wait", "1s"]);
    assert_eq!(out.code, 7, "{out:?}");
    let last = server.requests().last().expect("a look").at;
    assert!(
        last.duration_since(started) >= Duration::from_secs(1),
        "the last look came {:?} after yr started",
        last.duration_since(started)
    );
}

/// Ctrl-C during `--async --wait --json` printed the bare request id where a script reads one JSON document: it
/// prints the document (class `interrupted`, state `interrupted`, the request id) and exits 130. The signal is sent
/// once -v has said the wait began, so the test waits for what it can see, not for a time.
#[test]
fn ctrl_c_during_a_json_wait_prints_one_document() {
    use std::io::{BufRead, BufReader, Read};
    let emulator = Emulator::start(&["--function", "slow=sleep 5"]);
    let mut child = yr()
        .args([
            "invoke",
            "slow",
            "--async",
            "--wait",
            "--json",
            "-v",
            "--ignore-stdin",
            "-e",
        ])
        .arg(&emulator.url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start yr");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    while !line.starts_with("* request ") {
        line.clear();
        if stderr.read_line(&mut line).expect("read stderr") == 0 {
            let _ = child.kill();
            panic!("yr ended before its wait began");
        }
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    let mut after = String::new();
    stderr.read_to_string(&mut after).expect("read stderr");
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    assert_eq!(status.code(), Some(130), "{stdout}");
    let doc: Value = serde_json::from_str(stdout.trim_end()).expect("one JSON document");
    assert_eq!(
        (&doc["class"], &doc["state"], &doc["elapsed_ms"]),
        (&Value::from("interrupted"), &Value::from("interrupted"), &Value::Null)
    );
    assert!(line.contains(doc["request_id"].as_str().expect("request_id")), "{line}");
    // The ids the call was sent with (issue 22): the UUID X-Trace-Id yr made and a traceparent of its trace.
    let trace_id = doc["trace_id"].as_str().expect("trace_id");
    assert_eq!(
        traceparent_parts(doc["traceparent"].as_str().expect("traceparent")).0,
        uuid_hex(trace_id)
    );
    // What -v and the error line say once the signal came: tests/snapshots/integration__contract__interrupted.snap.
    assert_snap!("interrupted", after);
}

#[test]
fn bench_classifies_every_failure() {
    let dir = TempDir::new();
    let emulator = emulator(&dir);
    let e = emulator.url.as_str();
    let refused = url(closed_port());
    let platform = ScriptedServer::start(vec![Reply::json(500, r#"{"code":3003,"message":"busy"}"#)]);
    let bench = |token: &str, function: &str, endpoint: &str, extra: &[&str]| {
        let mut args = vec!["bench", function, "-n", "2", "-c", "1", "--json", "-e", endpoint];
        args.extend_from_slice(extra);
        yr_with(token, &args)
    };
    // A run where no call succeeded ends as yr invoke would have, with the same class and hint:
    // tests/snapshots/integration__contract__bench_errors.snap.
    let mut t = Transcript::default();
    t.expect(
        "refused connection",
        &bench(TOKEN, "hello", &refused, &[]),
        3,
        Some("unreachable"),
    );
    t.expect(
        "--timeout 300ms",
        &bench(TOKEN, "slow", e, &["--timeout", "300ms"]),
        7,
        Some("timeout"),
    );
    t.expect("wrong token", &bench("wrong", "hello", e, &[]), 4, Some("request"));
    t.expect("function exits 3", &bench(TOKEN, "boom", e, &[]), 6, Some("function"));
    t.expect(
        "HTTP 500, code 3003",
        &bench(TOKEN, "hello", &platform.url, &[]),
        5,
        Some("platform"),
    );
    t.expect("unknown function", &bench(TOKEN, "nosuch", e, &[]), 4, Some("request"));
    t.expect("--cpu x", &bench(TOKEN, "hello", e, &["--cpu", "x"]), 2, None);
    t.expect("every call answered", &bench(TOKEN, "hello", e, &[]), 0, Some("ok"));
    assert_snap!("bench_errors", t.0);
}

// ---------------------------------------------------------------------------
// Hostile answers (issue 18, item 13): every outcome has a documented exit code; 1 is for bugs only
// ---------------------------------------------------------------------------

/// A body larger than anything yr holds whole (`BUFFER_LIMIT`, 64 MiB), declared far larger still and streamed
/// without being held by the server.
const OVER_THE_LIMIT: u64 = 64 * 1024 * 1024 + 1024 * 1024;

fn endless(status: u16) -> FaultServer {
    FaultServer::start(vec![
        Step::text(&format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: 1099511627776\r\n\r\n"
        )),
        Step::Pattern(OVER_THE_LIMIT),
    ])
}

fn raw(text: &str) -> FaultServer {
    FaultServer::start(vec![Step::text(text)])
}

/// An HTTP 101 or 999 answer exited 4; an answer over 64 MiB with `--json`, `-r` or on a terminal exited 1, and
/// `yr health` against an endless 200 exited 1 with a hint naming `-o`, which health does not have. Each hostile
/// answer below, through invoke, result, health and bench, ends with the code of its documented class.
#[test]
fn hostile_answers_never_exit_1() {
    let servers: Vec<(&str, FaultServer, i32)> = vec![
        (
            "101",
            raw("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n"),
            5,
        ),
        (
            "999",
            raw("HTTP/1.1 999 Odd\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
            5,
        ),
        // An interim 1xx, then the connection closes: no final answer came.
        ("199", raw("HTTP/1.1 199 Odd\r\nContent-Length: 0\r\n\r\n"), 3),
        ("600", raw("HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n"), 5),
        ("endless 200", endless(200), 5),
        ("endless 500", endless(500), 5),
        ("not HTTP", raw("SSH-2.0-OpenSSH_9.6\r\n"), 5),
        (
            "cut body",
            raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\""),
            3,
        ),
    ];
    let terminal = [("YR_TEST_TERMINAL", "1")];
    for (name, server, code) in &servers {
        let e = server.url.as_str();
        let mut runs: Vec<(String, Run, i32)> = Vec::new();
        let mut go = |label: &str, args: &[&str], env: &[(&str, &str)], expected: i32| {
            let mut cmd = yr();
            cmd.args(args).args(["-e", e, "--color", "never"]);
            for (k, v) in env {
                cmd.env(k, v);
            }
            runs.push((label.to_string(), run(&mut cmd), expected));
        };
        go(
            "invoke --json",
            &["invoke", "f", "--ignore-stdin", "--json"],
            &[],
            *code,
        );
        go("invoke -r", &["invoke", "f", "--ignore-stdin", "-r"], &[], *code);
        go(
            "invoke on a terminal",
            &["invoke", "f", "--ignore-stdin"],
            &terminal,
            *code,
        );
        go("result --json", &["result", "an-id", "--json"], &[], *code);
        go("result on a terminal", &["result", "an-id"], &terminal, *code);
        go("health", &["health"], &[], *code);
        go("health --json", &["health", "--json"], &[], *code);
        // bench reads a successful body without holding it: an endless 200 breaks as a cut body does.
        let bench_code = if *name == "endless 200" { 3 } else { *code };
        go(
            "bench",
            &["bench", "f", "-n", "2", "-c", "1", "--json"],
            &[],
            bench_code,
        );
        for (label, out, expected) in &runs {
            assert_ne!(out.code, 1, "{name}, {label}: exit 1 is for bugs: {out:?}");
            assert_eq!(out.code, *expected, "{name}, {label}: {out:?}");
            assert!(
                !out.stderr.contains("-o FILE") || label.starts_with("invoke"),
                "{name}, {label}: {out:?}"
            );
        }
        if *name == "endless 200" {
            // The one next step that helps is a flag of invoke's own: a pipe or -o streams a result of any size.
            let (_, on_terminal, _) = &runs[2];
            assert!(
                on_terminal.stderr.ends_with(
                    "hint: a pipe or -o FILE takes a result of any size: they stream it without holding it\n"
                ),
                "{on_terminal:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Server-chosen text on a terminal (issue 18, item 12)
// ---------------------------------------------------------------------------

/// What a hostile server puts in a text: an OSC sequence (sets the window title), CR, LF, NUL, and a C1 CSI
/// (U+009B, which some terminals obey as ESC [).
const HOSTILE: &str = "a\u{1b}]0;owned\u{7}b\rc\nd\0e\u{9b}31mf";
const HOSTILE_JSON: &str = r#"a\u001b]0;owned\u0007b\rc\nd\u0000e\u009b31mf"#;

/// Whether `text` holds a control character other than a line break: what yr printed, not the server.
#[track_caller]
fn assert_no_controls(what: &str, text: &str) {
    let found: Vec<char> = text.chars().filter(|c| c.is_control() && *c != '\n').collect();
    assert!(found.is_empty(), "{what}: {found:?} reached the terminal: {text:?}");
}

/// Control characters a server chose reached the terminal: a 202's `requestId` with an OSC escape, CR/LF/NUL/ESC
/// in an error's trace id, a C1 control in a summary's. docs/ say they are shown as `?`: in error lines,
/// hints, request ids, trace ids, summaries, -v headers, `yr test` reports and bench's report. Piped, a request id
/// (which a script passes on to `yr result`) stays as sent.
#[test]
fn server_chosen_text_reaches_a_terminal_without_control_characters() {
    let terminal = |server: &ScriptedServer, args: &[&str]| {
        let mut cmd = yr();
        cmd.args(args).args(["-e", &server.url, "--color", "never"]);
        if args[0] != "test" {
            cmd.arg("--ignore-stdin");
        }
        run(cmd.env("YR_TEST_TERMINAL", "1"))
    };
    let error = ScriptedServer::start(vec![Reply::json(
        404,
        &format!(r#"{{"code":4040,"message":"{HOSTILE_JSON}","trace_id":"{HOSTILE_JSON}"}}"#),
    )]);
    let out = terminal(&error, &["invoke", "f"]);
    assert_eq!(out.code, 6, "{out:?}");
    assert_no_controls("invoke's error line", &out.stderr);
    assert!(out.stderr.contains("[trace a?]0;owned?b?c?d?e?31mf]"), "{out:?}");

    let accepted = ScriptedServer::start(vec![Reply::json(202, &format!(r#"{{"requestId":"{HOSTILE_JSON}"}}"#))]);
    let out = terminal(&accepted, &["invoke", "f", "--async"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "a?]0;owned?b?c?d?e?31mf\n"),
        "{out:?}"
    );
    let piped = run(yr().args(["invoke", "f", "--async", "--ignore-stdin", "-e", &accepted.url]));
    assert_eq!(piped.stdout, format!("{HOSTILE}\n"), "piped, the id is the server's");

    let traced = ScriptedServer::start(vec![
        Reply::json(200, "1")
            .header("X-Trace-Id", "t\u{9b}31m")
            .header("X-Odd", "v\u{9b}2J"),
    ]);
    let out = terminal(&traced, &["invoke", "f", "-v"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_no_controls("a summary and -v's headers", &out.stderr);
    assert!(
        out.stderr.contains(" · trace t?31m") && out.stderr.contains("< x-odd: v?2J"),
        "{out:?}"
    );

    let dir = TempDir::new();
    let suite = dir.file("s.toml", "[[case]]\nname = \"c\"\nfunction = \"f\"\nexpect.body = 2\n");
    let body = ScriptedServer::start(vec![Reply::json(200, &format!(r#""{HOSTILE_JSON}""#))]);
    let out = terminal(&body, &["test", suite.to_str().expect("path")]);
    assert_eq!(out.code, 8, "{out:?}");
    assert_no_controls("yr test's report", &out.stdout);

    let failing = ScriptedServer::start(vec![Reply::json(
        500,
        &format!(r#"{{"code":3003,"message":"{HOSTILE_JSON}","trace_id":"{HOSTILE_JSON}"}}"#),
    )]);
    let out = terminal(&failing, &["bench", "f", "-n", "2", "-c", "1", "-q"]);
    assert_eq!(out.code, 5, "{out:?}");
    assert_no_controls("bench's report", &out.stdout);
    assert_no_controls("bench's error line", &out.stderr);
}

/// A 202 whose `requestId` is too long to poll for was refused as the user's `-H` (exit 2, "are the -H values that
/// large?"): the id is the frontend's, so it is a platform failure, exit 5.
#[test]
fn an_oversized_request_id_is_the_servers_fault() {
    let id = "i".repeat(70_000);
    let server = ScriptedServer::start(vec![Reply::json(202, &format!(r#"{{"requestId":"{id}"}}"#))]);
    for extra in [&[][..], &["--wait"][..]] {
        let out = run(yr()
            .args(["invoke", "f", "--async", "--ignore-stdin", "-e", &server.url])
            .args(extra));
        assert_eq!(out.code, 5, "{extra:?}: {out:?}");
        assert_eq!(
            out.stderr,
            "yr: error: the frontend accepted the call (202) but its requestId is 70000 bytes, more than the 1024 a \
             request id may have\n",
            "{extra:?}"
        );
    }
}
