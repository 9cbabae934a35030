//! The call modes of issue 4: `--async` (with `--wait`, and `yr result`), `--stream`, `--retry`, `yr health`,
//! `yr session delete` and Ctrl-C. Each case asserts the exit code, stdout and stderr whole; where a request id,
//! a trace id or a backoff wait varies, the exact text around it is asserted with a placeholder (see `has_shape`).
//!
//! Normal behaviour runs against the emulator (`yr serve` as a child); faults (429, Retry-After, cut streams, 503
//! on the result route, answers that never come) against a scripted server on 127.0.0.1.

use crate::support::*;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const URN_HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `yr ARGS...` with a clean environment.
fn yr_run(args: &[&str]) -> Run {
    run(yr().args(args))
}

/// Like `assert_run`, with stdout and stderr compared as shapes (see `has_shape`).
#[track_caller]
fn assert_run_shape(out: &Run, code: i32, stdout: &str, stderr: &str) {
    let ok = out.code == code && has_shape(&out.stdout, stdout) && has_shape(&out.stderr, stderr);
    assert!(
        ok,
        "(exit code, stdout, stderr) differ\n  actual: ({}, {:?}, {:?})\nexpected: ({code}, {stdout:?}, {stderr:?})",
        out.code, out.stdout, out.stderr
    );
}

/// Whether `actual` is `pattern`, where in the pattern `{uuid}` stands for a lowercase 36-character UUID, `{dur}`
/// for a duration as yr prints it (`9.4 ms`, `500 ms`, `1s`, `1.25s`, `80 µs`) and `{any}` for any text within one
/// line. Everything else is literal.
fn has_shape(actual: &str, pattern: &str) -> bool {
    if let Some(rest) = pattern.strip_prefix("{uuid}") {
        return actual.get(..36).is_some_and(is_uuid) && has_shape(&actual[36..], rest);
    }
    if let Some(rest) = pattern.strip_prefix("{dur}") {
        return splits(actual).any(|(head, tail)| is_duration(head) && has_shape(tail, rest));
    }
    if let Some(rest) = pattern.strip_prefix("{any}") {
        return splits(actual).any(|(head, tail)| !head.contains('\n') && has_shape(tail, rest));
    }
    match (pattern.chars().next(), actual.chars().next()) {
        (None, None) => true,
        (Some(p), Some(a)) if p == a => has_shape(&actual[a.len_utf8()..], &pattern[p.len_utf8()..]),
        _ => false,
    }
}

/// Every way to cut `text` in two.
fn splits(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .map(move |i| text.split_at(i))
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

fn is_duration(text: &str) -> bool {
    let Some(number) = text
        .strip_suffix(" ms")
        .or_else(|| text.strip_suffix(" µs"))
        .or_else(|| text.strip_suffix('s'))
    else {
        return false;
    };
    let mut parts = number.split('.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    parts.next().is_none()
        && !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn the_shape_matcher_itself() {
    let id = "0895aed7-f150-4b0f-9474-8eacf5f29e12";
    assert!(has_shape(&format!("{id}\n"), "{uuid}\n"));
    assert!(!has_shape(&format!("{id}x\n"), "{uuid}\n"));
    assert!(!has_shape("0895aed7-f150-4b0f-9474-8eacf5f29e1\n", "{uuid}\n"));
    assert!(has_shape("in 9.4 ms (", "in {dur} ("));
    assert!(has_shape("in 1s (", "in {dur} ("));
    assert!(has_shape("in 18 ms (", "in {dur} ("));
    assert!(!has_shape("in soon (", "in {dur} ("));
    assert!(has_shape("a b c\n", "a {any} c\n"));
    assert!(!has_shape("a b\nc\n", "a {any}c\n"));
    assert!(!has_shape("abc", "abcd"));
}

/// The first line of stdout without its newline: the request id of an `--async` call.
fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("")
}

/// `yr ARGS` with support's clean environment and piped output, for runs that need a pipe read while the process
/// lives or a signal (spawned, not run to its end).
fn yr_process(args: &[&str]) -> Cmd {
    let mut cmd = yr();
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// A child killed (and reaped) when the test ends, however it ends.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Reaped {
    /// Waits for the exit, at most `limit` (panics after killing it if it runs longer).
    #[track_caller]
    fn wait_within(&mut self, limit: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.0.try_wait().expect("try_wait") {
                return status;
            }
            if started.elapsed() > limit {
                let _ = self.0.kill();
                panic!("yr still running after {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn read_stdout(&mut self) -> String {
        let mut text = String::new();
        if let Some(mut out) = self.0.stdout.take() {
            out.read_to_string(&mut text).expect("read stdout");
        }
        text
    }

    fn read_stderr(&mut self) -> String {
        let mut text = String::new();
        if let Some(mut err) = self.0.stderr.take() {
            err.read_to_string(&mut text).expect("read stderr");
        }
        text
    }

    fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.0.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT failed");
    }
}

/// The emulator with the functions the async cases use.
fn async_emulator(extra: &[&str]) -> Emulator {
    let mut args = vec![
        "--function",
        "slow=sleep 1; echo done",
        "--function",
        "slower=sleep 3; echo done",
        "--function",
        "bad=exit 3",
    ];
    args.extend_from_slice(extra);
    Emulator::start(&args)
}

/// `yr result ID` once the emulator has started the call: right after the 202 the record may still be `pending`
/// for a moment (the function is spawned after the answer), longer on a busy machine.
fn result_once_started(emulator: &Emulator, id: &str) -> Run {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let out = yr_run(&["result", id, "-e", &emulator.url]);
        if !out.stderr.contains(" is pending") || Instant::now() >= deadline {
            return out;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A JSON error answer as the frontend sends it.
fn error_reply(status: u16, code: i64, message: &str, trace: &str) -> Reply {
    Reply::json(status, &format!(r#"{{"code":{code},"message":"{message}"}}"#))
        .header("X-Inner-Code", &code.to_string())
        .header("X-Trace-Id", trace)
}

fn ok_reply() -> Reply {
    Reply::json(200, "\"ok\"")
        .header("X-Inner-Code", "0")
        .header("X-Trace-Id", "t-ok")
}

// ---------------------------------------------------------------------------
// --async
// ---------------------------------------------------------------------------

#[test]
fn async_prints_the_request_id_then_result_reports_it_running_then_done() {
    let emulator = async_emulator(&[]);
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async"])
        .run();
    assert_run_shape(&out, 0, "{uuid}\n", "");
    let id = first_line(&out.stdout).to_string();

    let running = result_once_started(&emulator, &id);
    assert_run(
        &running,
        0,
        "",
        &format!("yr: request {id} is running; `yr result {id} --wait` waits for it\n"),
    );

    let done = yr_run(&["result", &id, "-e", &emulator.url, "--wait"]);
    assert_run(&done, 0, "\"done\"", "");
}

#[test]
fn async_quiet_hides_the_running_note() {
    let emulator = async_emulator(&[]);
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async"])
        .run();
    assert_run_shape(&out, 0, "{uuid}\n", "");
    let id = first_line(&out.stdout).to_string();
    let running = yr_run(&["result", &id, "-e", &emulator.url, "-q"]);
    assert_run(&running, 0, "", "");
}

#[test]
fn async_json_envelope_has_the_request_id_and_status_202() {
    let emulator = async_emulator(&[]);
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--json"])
        .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert!(
        out.stdout.ends_with('\n') && out.stdout.matches('\n').count() == 1,
        "{out:?}"
    );
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    let id = envelope["request_id"].as_str().expect("request_id is a string");
    assert!(is_uuid(id), "request_id {id:?}");
    assert_eq!(envelope["status"], 202);
    assert_eq!(envelope["ok"], true);
    assert_eq!(envelope["class"], "ok");
    assert_eq!(envelope["attempts"], 1);
    assert_eq!(envelope["body"]["requestId"], id);
}

#[test]
fn async_wait_prints_the_result() {
    let emulator = async_emulator(&[]);
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--wait", "--poll-interval", "100ms"])
        .run();
    assert_run(&out, 0, "\"done\"", "");
    assert!(
        out.elapsed >= Duration::from_millis(900),
        "waited only {:?}",
        out.elapsed
    );
}

#[test]
fn async_wait_json_envelope_has_the_request_id_and_the_final_status() {
    let emulator = async_emulator(&[]);
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--wait", "--json"])
        .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert!(is_uuid(envelope["request_id"].as_str().unwrap_or("")), "{envelope}");
    assert_eq!(envelope["status"], 200);
    assert_eq!(envelope["ok"], true);
    assert_eq!(envelope["body"], "done");
}

/// The emulator with a function that takes about a second.
fn one_second_emulator() -> Emulator {
    Emulator::start(&["--function", "slow=sleep 1; echo {}"])
}

/// `yr ARGS...` acting on a terminal (YR_TEST_TERMINAL=1), without colour.
fn on_terminal(args: &[&str]) -> Run {
    run(yr().args(args).args(["--color", "never"]).env("YR_TEST_TERMINAL", "1"))
}

/// A duration as yr prints it (`1.013s`, `950 ms`, `12.3 ms`, `80 µs`), in seconds.
fn seconds(text: &str) -> f64 {
    let (number, scale) = if let Some(n) = text.strip_suffix(" ms") {
        (n, 1e-3)
    } else if let Some(n) = text.strip_suffix(" µs") {
        (n, 1e-6)
    } else {
        (
            text.strip_suffix('s')
                .unwrap_or_else(|| panic!("not a duration: {text:?}")),
            1.0,
        )
    };
    number
        .parse::<f64>()
        .unwrap_or_else(|_| panic!("not a duration: {text:?}"))
        * scale
}

/// The time in a terminal summary `HTTP 200 · code 0 · 1.013s`, the last line of stderr once the spinner's last
/// frame is cleared.
#[track_caller]
fn summary_seconds(stderr: &str) -> f64 {
    let last = stderr.rsplit("\r\u{1b}[2K").next().unwrap_or(stderr);
    let time = last
        .strip_prefix("HTTP 200 · code 0 · ")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("summary line: {stderr:?}"));
    seconds(time)
}

#[track_caller]
fn elapsed_ms(stdout: &str) -> f64 {
    let envelope: Value = serde_json::from_str(stdout).expect("one JSON line");
    envelope["elapsed_ms"]
        .as_f64()
        .unwrap_or_else(|| panic!("elapsed_ms: {stdout}"))
}

#[test]
fn async_wait_reports_the_time_the_call_took() {
    let emulator = one_second_emulator();
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--wait", "--json", "--poll-interval", "100ms"])
        .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let ms = elapsed_ms(&out.stdout);
    assert!(
        (1000.0..out.elapsed.as_secs_f64() * 1000.0).contains(&ms),
        "elapsed_ms {ms} for a call of 1 s that took {:?}",
        out.elapsed
    );
    let out = on_terminal(&[
        "invoke",
        "slow",
        "--ignore-stdin",
        "-e",
        &emulator.url,
        "--async",
        "--wait",
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "{}\n"), "{out:?}");
    let shown = summary_seconds(&out.stderr);
    assert!(
        (1.0..out.elapsed.as_secs_f64()).contains(&shown),
        "{shown} s: {:?}",
        out.stderr
    );
}

#[test]
fn result_reports_the_time_its_record_gives() {
    let emulator = one_second_emulator();
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async"])
        .run();
    let id = first_line(&out.stdout).to_string();
    let done = yr_run(&["result", &id, "-e", &emulator.url, "--wait", "--poll-interval", "100ms"]);
    assert_run(&done, 0, "{}", "");
    // The call is done: this look takes milliseconds, the call took a second, and that is the time reported.
    let out = yr_run(&["result", &id, "-e", &emulator.url, "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let ms = elapsed_ms(&out.stdout);
    assert!((1000.0..2000.0).contains(&ms), "elapsed_ms {ms}: {}", out.stdout);
    let out = on_terminal(&["result", &id, "-e", &emulator.url]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "{}\n"), "{out:?}");
    let shown = summary_seconds(&out.stderr);
    assert!((1.0..2.0).contains(&shown), "{shown} s: {:?}", out.stderr);
}

#[test]
fn a_terminal_shows_a_spinner_with_the_request_id_while_waiting() {
    let emulator = one_second_emulator();
    let out = on_terminal(&[
        "invoke",
        "slow",
        "--ignore-stdin",
        "-e",
        &emulator.url,
        "--async",
        "--wait",
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "{}\n"), "{out:?}");
    let frames: Vec<&str> = out.stderr.split("\r\u{1b}[2K").collect();
    let (summary, frames) = frames.split_last().expect("frames");
    assert!(summary.starts_with("HTTP 200 · code 0 · "), "{:?}", out.stderr);
    assert!(frames.len() >= 5, "a frame every 100 ms for a second: {:?}", out.stderr);
    // `⠁ request ID running · 0.4s`, the id the one the frontend gave.
    let last = frames.last().unwrap_or(&"").trim_end();
    let id = last
        .split_once("request ")
        .map(|(_, rest)| &rest[..rest.len().min(36)])
        .unwrap_or("");
    assert!(is_uuid(id), "{last:?}");
    let waited = last
        .strip_suffix('s')
        .and_then(|l| l.rsplit_once(&format!("request {id} running · ")))
        .map(|(_, n)| n.parse::<f64>().unwrap_or(-1.0));
    assert!(waited.is_some_and(|s| s >= 0.5), "{last:?}");
    // Not with -q, and never when piped (async_wait_prints_the_result).
    let out = on_terminal(&[
        "invoke",
        "slow",
        "--ignore-stdin",
        "-e",
        &emulator.url,
        "--async",
        "--wait",
        "-q",
    ]);
    assert_run(&out, 0, "{}\n", "");
    let out = invoke("slow")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--wait"])
        .env("YR_TEST_TERMINAL", "1")
        .env("TERM", "dumb")
        .run();
    assert!(
        !out.stderr.contains('\r'),
        "no redrawn line on a dumb terminal: {:?}",
        out.stderr
    );
}

#[test]
fn async_wait_timeout_prints_the_id_and_the_call_goes_on() {
    // A 1 s wait on a function held until the test releases it: the wait can only end at --timeout, and the call
    // is still running after it.
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &format!("slower={}", held(&dir, "echo done"))]);
    let out = invoke("slower")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--wait", "--timeout", "1s"])
        .run();
    assert_run_shape(
        &out,
        7,
        "{uuid}\n",
        "yr: error: request {uuid} was still running after 1s (--timeout); it goes on: see `yr result {uuid}`\n",
    );
    let id = first_line(&out.stdout).to_string();
    assert_eq!(
        out.stderr,
        format!("yr: error: request {id} was still running after 1s (--timeout); it goes on: see `yr result {id}`\n")
    );
    assert!(out.elapsed >= Duration::from_secs(1), "ended before --timeout: {out:?}");

    // The wait ended at --timeout, not with the call: the call is still held.
    let running = result_once_started(&emulator, &id);
    assert_run(
        &running,
        0,
        "",
        &format!("yr: request {id} is running; `yr result {id} --wait` waits for it\n"),
    );
    release(&dir);
    let done = yr_run(&["result", &id, "-e", &emulator.url, "--wait", "--poll-interval", "100ms"]);
    assert_run(&done, 0, "\"done\"", "");
}

#[test]
fn result_of_an_unknown_id_is_a_rejection() {
    let emulator = async_emulator(&[]);
    let out = yr_run(&["result", "unknown-id", "-e", &emulator.url]);
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 404: no result for request unknown-id: async result not found\n\
         hint: the request id is unknown, or its result expired: the frontend keeps results 60 minutes\n",
    );
}

#[test]
fn result_after_the_emulator_dropped_it_is_a_rejection() {
    let emulator = Emulator::start(&["--keep-results", "1s"]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "-d", r#"{"name":"later"}"#])
        .run();
    assert_run_shape(&out, 0, "{uuid}\n", "");
    let id = first_line(&out.stdout).to_string();
    let done = yr_run(&["result", &id, "-e", &emulator.url, "--wait", "--poll-interval", "50ms"]);
    assert_run(&done, 0, "\"hello later\"", "");
    // Kept 1 s from completion: look until it is gone (a hang guard of 10 s; looking does not keep it).
    let mut gone = yr_run(&["result", &id, "-e", &emulator.url]);
    wait_until_polling(Duration::from_secs(10), Duration::from_millis(50), || {
        gone = yr_run(&["result", &id, "-e", &emulator.url]);
        gone.code != 0
    });
    assert_run(
        &gone,
        4,
        "",
        &format!(
            "yr: error: HTTP 404: no result for request {id}: async result not found\n\
             hint: the request id is unknown, or its result expired: the frontend keeps results 60 minutes\n"
        ),
    );
}

#[test]
fn async_wait_on_a_failing_function_exits_by_its_class() {
    let emulator = async_emulator(&[]);
    let out = invoke("bad")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--async", "--wait", "--poll-interval", "100ms"])
        .run();
    assert_run_shape(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): exit status 3\n",
    );
}

#[test]
fn result_route_503_is_a_platform_failure() {
    let server = ScriptedServer::start(vec![Reply::text(503, "busy")]);
    let out = yr_run(&["result", "abc-123", "-e", &server.url]);
    assert_run(&out, 5, "", "yr: error: HTTP 503: busy\n");
    let request = server.only_request();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/serverless/v1/functions/async-results/abc-123")
    );
}

#[test]
fn async_wait_with_503_on_the_result_route_still_prints_the_id() {
    let server = ScriptedServer::start(vec![
        Reply::json(202, r#"{"requestId":"req-7"}"#).header("X-Trace-Id", "t-7"),
        Reply::text(503, "busy"),
    ]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--async", "--wait"])
        .run();
    assert_run(&out, 5, "req-7\n", "yr: error: HTTP 503: busy\n");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].header("X-Invoke-Type"), Some("async"));
    assert_eq!(requests[1].path, "/serverless/v1/functions/async-results/req-7");
}

/// A look at the result that the wait's end cuts short (the frontend slow to answer it, as on a loaded machine)
/// ends the wait as any other end of it does: the request was accepted and still running, it goes on. Not "no
/// complete answer", which would say the frontend never answered. Here the second look is never answered.
#[test]
fn async_wait_whose_last_look_is_cut_short_says_the_call_goes_on() {
    let server = ScriptedServer::start(vec![
        Reply::json(202, r#"{"requestId":"req-8"}"#),
        Reply::json(200, r#"{"status":"running"}"#),
        Reply::never(),
    ]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--async", "--wait", "--timeout", "1s", "--poll-interval", "10ms"])
        .run();
    assert_run(
        &out,
        7,
        "req-8\n",
        "yr: error: request req-8 was still running after 1s (--timeout); it goes on: see `yr result req-8`\n",
    );
}

#[test]
fn wait_without_async_is_a_usage_error() {
    let server = ScriptedServer::start(vec![ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--wait"])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: the following required arguments were not provided:\n  --async\n"),
        "{out:?}"
    );
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--async", "--poll-interval", "1s"])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(out.stderr.contains("--wait"), "{out:?}");
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------
// --stream
// ---------------------------------------------------------------------------

/// The function writes `one`, then is held until the test has read the first frame: yr printed it while the
/// function was still running, not when it finished.
#[test]
fn stream_prints_each_frame_as_it_arrives() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &format!("lines=echo one; {}", held(&dir, "echo two"))]);
    let mut child = Reaped(
        yr_process(&["invoke", "lines", "--stream", "--ignore-stdin", "-e", &emulator.url])
            .spawn()
            .expect("start yr"),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("read the first frame");
    assert_eq!(first, "one\n");
    assert!(
        child.0.try_wait().expect("try_wait").is_none(),
        "yr ended before the function was released"
    );
    release(&dir);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("read the rest");
    assert_eq!(rest, "two\n");
    let status = child.wait_within(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0));
    assert_eq!(child.read_stderr(), "");
}

#[test]
fn a_stream_on_a_terminal_ends_with_a_summary() {
    let emulator = Emulator::start(&["--function", "lines=echo one; sleep 0.5; echo two"]);
    let out = on_terminal(&["invoke", "lines", "--stream", "--ignore-stdin", "-e", &emulator.url]);
    assert_run_shape(&out, 0, "one\ntwo\n", "HTTP 200 · 2 frames · {dur}\n");
    let time = out.stderr.trim_end().rsplit(" · ").next().unwrap_or("");
    assert!(
        seconds(time) >= 0.5,
        "the summary times the whole stream: {:?}",
        out.stderr
    );
    // The frontend's headers, when it sends them; one frame; and nothing when piped.
    let server = ScriptedServer::start(vec![
        Reply::chunked(200, &["data: one\n\n", "data: [DONE]\n\n"])
            .header("Content-Type", "text/event-stream")
            .header("X-Inner-Code", "0")
            .header("X-Trace-Id", "t-s"),
    ]);
    let out = on_terminal(&["invoke", "hello", "--stream", "--ignore-stdin", "-e", &server.url]);
    assert_run_shape(&out, 0, "one\n", "HTTP 200 · code 0 · 1 frame · {dur} · trace t-s\n");
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run(&out, 0, "one\n", "");
}

#[test]
fn stream_json_prints_one_object_per_frame() {
    let emulator = Emulator::start(&["--function", r#"lines=echo one; echo '{"n":2}'"#]);
    let out = invoke("lines")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--stream", "--json"])
        .run();
    assert_run(&out, 0, "{\"data\":\"one\"}\n{\"data\":{\"n\":2}}\n", "");
}

#[test]
fn stream_error_event_fails_after_the_frames_that_arrived() {
    // An `event: error` frame from a scripted server: the emulator now frames errors as upstream does (a `data:`
    // frame, then `[DONE]`), so it no longer sends this shape.
    let server = ScriptedServer::start(vec![
        Reply::chunked(
            200,
            &[
                "data: one\n\n",
                "event: error\ndata: {\"code\":4002,\"message\":\"exit status 3\"}\n\n",
            ],
        )
        .header("Content-Type", "text/event-stream")
        .header("X-Trace-Id", "5f0c6f2e-7d1a-4c3b-9a8e-1b2c3d4e5f60"),
    ]);
    let out = invoke("badlines")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run_shape(
        &out,
        6,
        "one\n",
        "yr: error: the stream failed after 1 frame: HTTP 200, code 4002 (function raised an exception): \
         exit status 3 [trace {uuid}]\n",
    );
}

#[test]
fn stream_ending_without_done_is_a_broken_connection() {
    let server = ScriptedServer::start(vec![
        Reply::chunked(200, &["data: one\n\n", "data: two\n\n"]).header("Content-Type", "text/event-stream"),
    ]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run(
        &out,
        3,
        "one\ntwo\n",
        &format!(
            "yr: error: the stream from {} ended before [DONE], after 2 frames\n",
            server.url
        ),
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn stream_closed_by_the_server_without_done_is_a_broken_connection() {
    let server = ScriptedServer::start(vec![Reply::raw(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: one\n\n",
    )]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--retry", "2", "--retry-delay", "10ms"])
        .run();
    assert_run(
        &out,
        3,
        "one\n",
        &format!(
            "yr: error: the stream from {} ended before [DONE], after 1 frame\n",
            server.url
        ),
    );
    assert_eq!(server.count(), 1, "a stream that has begun is never sent again");
}

#[test]
fn stream_sends_accept_and_a_json_error_answer_is_handled_as_a_normal_call() {
    let server = ScriptedServer::start(vec![error_reply(500, 4002, "boom", "t-s")]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom [trace t-s]\n",
    );
    let request = server.only_request();
    assert_eq!(request.header("Accept"), Some("text/event-stream"));
    assert_eq!(request.header("X-Invoke-Type"), None);
    assert_eq!(
        request.path,
        format!("/serverless/v1/functions/{URN_HELLO}/invocations")
    );
}

#[test]
fn stream_with_a_plain_json_answer_prints_it_as_a_normal_call() {
    let server = ScriptedServer::start(vec![ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream"])
        .run();
    assert_run(&out, 0, "\"ok\"", "");
}

#[test]
fn without_stream_no_event_stream_is_asked_for() {
    let server = ScriptedServer::start(vec![ok_reply()]);
    let out = invoke("hello").ignore_stdin().endpoint(&server.url).run();
    assert_run(&out, 0, "\"ok\"", "");
    assert_ne!(server.only_request().header("Accept"), Some("text/event-stream"));
}

#[test]
fn stream_conflicts_with_async_and_output_file() {
    let server = ScriptedServer::start(vec![ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "--async"])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    let dir = TempDir::new();
    let file = dir.path.join("out.json");
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--stream", "-o", file.to_str().unwrap()])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------
// --retry
// ---------------------------------------------------------------------------

#[test]
fn retry_after_429_then_success() {
    let server = ScriptedServer::start(vec![Reply::text(429, "slow down"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "2", "--retry-delay", "10ms"])
        .run();
    assert_run_shape(
        &out,
        0,
        "\"ok\"",
        "yr: warning: HTTP 429: slow down; retrying in {dur} (attempt 2 of 3)\n",
    );
    assert_eq!(server.count(), 2);
}

#[test]
fn retry_quiet_hides_the_warnings() {
    let server = ScriptedServer::start(vec![Reply::text(429, "slow down"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "2", "--retry-delay", "10ms", "-q"])
        .run();
    assert_run(&out, 0, "\"ok\"", "");
    assert_eq!(server.count(), 2);
}

#[test]
fn retry_without_retry_flag_sends_once() {
    let server = ScriptedServer::start(vec![Reply::text(429, "slow down"), ok_reply()]);
    let out = invoke("hello").ignore_stdin().endpoint(&server.url).run();
    assert_run(&out, 4, "", "yr: error: HTTP 429: slow down\n");
    assert_eq!(server.count(), 1);
}

#[test]
fn retry_honours_retry_after() {
    let server = ScriptedServer::start(vec![
        Reply::text(429, "slow down").header("Retry-After", "1"),
        ok_reply(),
    ]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "1", "--retry-delay", "10ms"])
        .run();
    assert_run(
        &out,
        0,
        "\"ok\"",
        "yr: warning: HTTP 429: slow down; retrying in 1s (attempt 2 of 2)\n",
    );
    assert_eq!(server.count(), 2);
    assert!(
        out.elapsed >= Duration::from_secs(1),
        "Retry-After ignored: {:?}",
        out.elapsed
    );
}

/// Issue 18: a 429 with `Retry-After: 99999999` was honoured for up to 60 minutes, even with `--timeout 3s`. A
/// wait the server asks for past --timeout (or the retry budget) is not waited out: no retry, and the note says
/// why. The hang guard only catches the old behaviour.
#[test]
fn a_retry_after_past_the_timeout_is_not_waited_out() {
    let server = ScriptedServer::start(vec![Reply::text(429, "slow down").header("Retry-After", "99999999")]);
    let out = run(invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "3", "--timeout", "3s"])
        .cmd()
        .timeout(Duration::from_secs(60)));
    assert_eq!(out.code, 4, "{out:?}");
    assert!(
        out.stderr.starts_with(
            "yr: warning: HTTP 429: slow down; not retrying: Retry-After asks for 1157d 9h 46m 39s, longer than --timeout"
        ) || out.stderr.contains("not retrying: Retry-After asks for"),
        "{out:?}"
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn retry_safe_code_is_sent_again() {
    let server = ScriptedServer::start(vec![error_reply(500, 1002, "no resources", "t-1"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "2", "--retry-delay", "10ms"])
        .run();
    assert_run_shape(
        &out,
        0,
        "\"ok\"",
        "yr: warning: HTTP 500, code 1002 (insufficient resources): no resources [trace t-1]; \
         retrying in {dur} (attempt 2 of 3)\n",
    );
    assert_eq!(server.count(), 2);
}

#[test]
fn function_error_is_never_sent_again() {
    let server = ScriptedServer::start(vec![error_reply(500, 4002, "boom", "t-2"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "3", "--retry-delay", "10ms"])
        .run();
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom [trace t-2]\n",
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn function_error_is_sent_again_with_retry_all_errors() {
    let server = ScriptedServer::start(vec![error_reply(500, 4002, "boom", "t-2"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "3", "--retry-delay", "10ms", "--retry-all-errors"])
        .run();
    assert_run_shape(
        &out,
        0,
        "\"ok\"",
        "yr: warning: HTTP 500, code 4002 (function raised an exception): boom [trace t-2]; \
         retrying in {dur} (attempt 2 of 4)\n",
    );
    assert_eq!(server.count(), 2);
}

#[test]
fn request_error_is_not_sent_again_even_with_retry_all_errors() {
    let server = ScriptedServer::start(vec![error_reply(400, 200400, "bad urn", "t-3"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "3", "--retry-delay", "10ms", "--retry-all-errors"])
        .run();
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(server.count(), 1);
}

#[test]
fn read_timeout_is_never_sent_again() {
    let server = ScriptedServer::start(vec![Reply::never(), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--timeout", "300ms", "--retry", "3", "--retry-delay", "10ms"])
        .run();
    assert_run(
        &out,
        7,
        "",
        &format!(
            "yr: error: no complete answer from {} within 300 ms (--timeout)\n",
            server.url
        ),
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn read_timeout_is_sent_again_with_retry_all_errors() {
    let server = ScriptedServer::start(vec![Reply::never(), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&[
            "--timeout",
            "300ms",
            "--retry",
            "3",
            "--retry-delay",
            "10ms",
            "--retry-all-errors",
        ])
        .run();
    assert_run_shape(
        &out,
        0,
        "\"ok\"",
        &format!(
            "yr: warning: no complete answer from {} within 300 ms (--timeout); retrying in {{dur}} (attempt 2 of 4)\n",
            server.url
        ),
    );
    assert_eq!(server.count(), 2);
}

#[test]
fn bad_gateway_without_a_code_is_not_sent_again() {
    let server = ScriptedServer::start(vec![Reply::text(502, "bad gateway"), ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--retry", "3", "--retry-delay", "10ms"])
        .run();
    assert_run(&out, 5, "", "yr: error: HTTP 502: bad gateway\n");
    assert_eq!(server.count(), 1);
}

#[test]
fn connection_refused_is_retried_and_each_attempt_logged() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&url)
        .args(&["--retry", "2", "--retry-delay", "10ms"])
        .run();
    assert_run_shape(
        &out,
        3,
        "",
        &format!(
            "yr: warning: cannot reach {url}: connection refused; retrying in {{dur}} (attempt 2 of 3)\n\
             yr: warning: cannot reach {url}: connection refused; retrying in {{dur}} (attempt 3 of 3)\n\
             yr: error: cannot reach {url}: connection refused\n\
             hint: is the frontend running there? Start a local one with `yr serve`, or pass --endpoint \
             (or set YR_ENDPOINT)\n"
        ),
    );
    // The backoff doubles: 10 ms then 20 ms, each times a jitter of 0.75 to 1.25.
    let waits: Vec<f64> = out
        .stderr
        .lines()
        .filter_map(|l| l.split("retrying in ").nth(1))
        .filter_map(|rest| rest.split(" ms").next())
        .map(|ms| ms.parse().expect("a wait in ms"))
        .collect();
    assert_eq!(waits.len(), 2, "{out:?}");
    assert!((7.5..=12.5).contains(&waits[0]), "first wait {} ms", waits[0]);
    assert!((15.0..=25.0).contains(&waits[1]), "second wait {} ms", waits[1]);
}

#[test]
fn retry_max_time_stops_early() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&url)
        .args(&["--retry", "2", "--retry-delay", "1h", "--retry-max-time", "50ms"])
        .run();
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: warning: cannot reach {url}: connection refused; \
             not retrying: the next attempt would pass --retry-max-time\n\
             yr: error: cannot reach {url}: connection refused\n\
             hint: is the frontend running there? Start a local one with `yr serve`, or pass --endpoint \
             (or set YR_ENDPOINT)\n"
        ),
    );
    // It did not wait for the attempt it will not make: waiting the 1 h --retry-delay would have run into the
    // runner's 30 s kill (the hang guard), which fails the run.
}

#[test]
fn json_attempts_counts_the_attempts() {
    let server = ScriptedServer::start(vec![
        Reply::text(429, "slow down"),
        Reply::text(429, "slow down"),
        ok_reply(),
    ]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--json", "--retry", "2", "--retry-delay", "10ms"])
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        has_shape(
            &out.stderr,
            "yr: warning: HTTP 429: slow down; retrying in {dur} (attempt 2 of 3)\n\
             yr: warning: HTTP 429: slow down; retrying in {dur} (attempt 3 of 3)\n"
        ),
        "{out:?}"
    );
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert_eq!(envelope["attempts"], 3);
    assert_eq!(envelope["ok"], true);
    assert_eq!(envelope["body"], "ok");
    assert_eq!(server.count(), 3);

    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&url)
        .args(&["--json", "--retry", "2", "--retry-delay", "10ms"])
        .run();
    assert_eq!(out.code, 3, "{out:?}");
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert_eq!(envelope["attempts"], 3);
    assert_eq!(envelope["ok"], false);
    assert_eq!(envelope["class"], "unreachable");

    let server = ScriptedServer::start(vec![ok_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--json", "--retry", "2"])
        .run();
    let envelope: Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert_eq!((out.code, envelope["attempts"].clone()), (0, Value::from(1)));
}

// ---------------------------------------------------------------------------
// yr health
// ---------------------------------------------------------------------------

#[test]
fn health_of_a_running_emulator() {
    let emulator = Emulator::start(&[]);
    let out = yr_run(&["health", "-e", &emulator.url]);
    assert_run(&out, 0, "", "");
}

#[test]
fn health_on_a_terminal_says_it_is_up() {
    let emulator = Emulator::start(&[]);
    let out = on_terminal(&["health", "-e", &emulator.url]);
    assert_run_shape(&out, 0, "", &format!("{} is up · HTTP 200 · {{dur}}\n", emulator.url));
    // -v too (it adds nothing to a plain check); -q, and a pipe (health_of_a_running_emulator), stay silent.
    let out = on_terminal(&["health", "-e", &emulator.url, "-v"]);
    assert_run_shape(&out, 0, "", &format!("{} is up · HTTP 200 · {{dur}}\n", emulator.url));
    let out = on_terminal(&["health", "-e", &emulator.url, "-q"]);
    assert_run(&out, 0, "", "");
    let out = run(yr().args(["health", "-e", &emulator.url]).env("YR_TEST_TERMINAL", "1"));
    assert!(
        out.stderr.contains("\u{1b}[") && out.stderr.contains("is up"),
        "coloured: {:?}",
        out.stderr
    );
}

#[test]
fn health_wait_on_a_terminal_says_how_long_it_waited() {
    let server = ScriptedServer::start(vec![Reply::text(503, "starting"), Reply::new(200)]);
    let out = on_terminal(&["health", "-e", &server.url, "--wait", "5s"]);
    assert_run_shape(
        &out,
        0,
        "",
        &format!("{} is up · HTTP 200 · {{dur}} · up after {{dur}}\n", server.url),
    );
    assert_eq!(server.count(), 2);
}

#[test]
fn health_of_nothing_is_unreachable() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = yr_run(&["health", "-e", &url]);
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: cannot reach {url}: connection refused\n\
             hint: is the frontend running there? Start a local one with `yr serve`, or pass --endpoint \
             (or set YR_ENDPOINT)\n"
        ),
    );
}

#[test]
fn health_503_is_a_platform_failure() {
    let server = ScriptedServer::start(vec![Reply::text(503, "starting")]);
    let out = yr_run(&["health", "-e", &server.url]);
    assert_run(&out, 5, "", "yr: error: HTTP 503: starting\n");
    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/healthz"));
}

#[test]
fn health_wait_until_the_frontend_comes_up() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let starter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        yr().args(["serve", "--listen", &listen])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start yr serve")
    });
    let url = format!("http://127.0.0.1:{port}");
    let out = yr_run(&["health", "-e", &url, "--wait", "5s"]);
    let _server = Reaped(starter.join().expect("starter thread"));
    assert_run(&out, 0, "", "");
    assert!(
        out.elapsed >= Duration::from_millis(400),
        "up before the server started? {:?}",
        out.elapsed
    );
}

/// Issue 18: `yr health --wait 2s` against a server that accepts and never answers ran past 50 s: each look was
/// bounded by --timeout (15 minutes), not by the wait. The last look ends when the wait does. The hang guard only
/// catches the old behaviour.
#[test]
fn health_wait_bounds_a_look_that_never_answers() {
    let server = ScriptedServer::start(vec![Reply::never()]);
    let out = run(yr()
        .args(["health", "-e", &server.url, "--wait", "2s", "--json"])
        .timeout(Duration::from_secs(30)));
    assert_eq!(out.code, 7, "{out:?}");
    let doc: serde_json::Value = serde_json::from_str(out.stdout.trim()).expect("one document");
    assert_eq!(doc["class"], "timeout");
}

#[test]
fn health_wait_times_out() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = yr_run(&["health", "-e", &url, "--wait", "300ms"]);
    assert_run(
        &out,
        7,
        "",
        &format!("yr: error: {url} was not up within 300 ms (--wait)\n"),
    );
}

// ---------------------------------------------------------------------------
// yr session delete
// ---------------------------------------------------------------------------

#[test]
fn session_delete_ends_a_session_once() {
    let emulator = Emulator::start(&[]);
    let call = invoke("hello")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--session-id", "s1", "-d", r#"{"name":"s"}"#])
        .run();
    assert_run(&call, 0, "\"hello s\"", "");
    let out = yr_run(&["session", "delete", "hello", "s1", "-e", &emulator.url]);
    assert_run(&out, 0, "", "");
    let again = yr_run(&["session", "delete", "hello", "s1", "-e", &emulator.url]);
    assert_run_shape(
        &again,
        4,
        "",
        "yr: error: HTTP 404, code 200404 (not found): session not found\n",
    );
}

#[test]
fn session_id_of_64_characters_is_a_usage_error() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let long = "a".repeat(64);
    let out = yr_run(&["session", "delete", "hello", &long, "-e", &server.url]);
    assert_run(
        &out,
        2,
        "",
        "yr: error: SESSION_ID must be 1 to 63 characters without control characters, got 64\n",
    );
    let empty = yr_run(&["session", "delete", "hello", "", "-e", &server.url]);
    assert_eq!((empty.code, empty.stdout.as_str()), (2, ""), "{empty:?}");
    assert_eq!(server.count(), 0);

    let longest = "a".repeat(63);
    let out = yr_run(&["session", "delete", "hello", &longest, "-e", &server.url]);
    assert_run(&out, 0, "", "");
    assert_eq!(server.count(), 1);
}

#[test]
fn session_delete_path_is_percent_encoded() {
    let server = ScriptedServer::start(vec![Reply::new(200).header("X-Inner-Code", "0")]);
    let out = yr_run(&["session", "delete", "hello", "s x", "-e", &server.url]);
    assert_run(&out, 0, "", "");
    let request = server.only_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path,
        "/serverless/v1/functions/sn:cn:yrk:default:function:0@default@hello:latest/sessions/s%20x"
    );
}

// ---------------------------------------------------------------------------
// Ctrl-C
// ---------------------------------------------------------------------------

#[test]
fn ctrl_c_during_async_wait_prints_the_id_and_exits_130() {
    let serve = Logged::start(&["--function", "slow=sleep 5"]);
    let emulator = &serve.emulator;
    let mut child = Reaped(
        yr_process(&[
            "invoke",
            "slow",
            "--async",
            "--wait",
            "--ignore-stdin",
            "-e",
            &emulator.url,
        ])
        .spawn()
        .expect("start yr"),
    );
    // yr asks for the result only once it holds the id: from then on Ctrl-C has an id to print.
    // (The start-up listing names the route too: a poll's line is the one with an answer.)
    let polled = || {
        serve
            .stderr_now()
            .lines()
            .any(|line| line.starts_with("GET    /serverless/v1/functions/async-results/") && line.contains(" HTTP "))
    };
    assert!(
        wait_until(Duration::from_secs(10), polled),
        "yr never polled:\n{}",
        serve.stderr_now()
    );
    child.interrupt();
    // A hang guard; that yr did not wait the call out shows below: the call is still running.
    let status = child.wait_within(Duration::from_secs(30));
    let stdout = child.read_stdout();
    let stderr = child.read_stderr();
    assert_eq!(
        status.code(),
        Some(130),
        "{status:?} stdout {stdout:?} stderr {stderr:?}"
    );
    assert!(has_shape(&stdout, "{uuid}\n"), "stdout {stdout:?}");
    let id = first_line(&stdout);
    assert_eq!(
        stderr,
        format!("\nyr: interrupted; the call goes on as request {id}: see `yr result {id}`\n")
    );

    // The call does go on.
    let running = result_once_started(emulator, id);
    assert_run(
        &running,
        0,
        "",
        &format!("yr: request {id} is running; `yr result {id} --wait` waits for it\n"),
    );
}

#[test]
fn ctrl_c_during_a_sync_call_exits_130() {
    let dir = TempDir::new();
    let started = dir.path.join("started");
    let function = format!("slow=touch {}; sleep 5", started.display());
    let serve = Logged::start(&["--function", &function]);
    let mut child = Reaped(
        yr_process(&["invoke", "slow", "--ignore-stdin", "-e", &serve.emulator.url])
            .spawn()
            .expect("start yr"),
    );
    // The function has started: yr's request is in and yr waits for the answer.
    assert!(
        wait_until(Duration::from_secs(10), || started.exists()),
        "the function never started"
    );
    child.interrupt();
    // A hang guard; that yr did not wait the call out shows below: the emulator has not answered it yet.
    let status = child.wait_within(Duration::from_secs(30));
    let log = serve.stderr_now();
    assert!(
        !log.contains("POST   slow"),
        "the call was answered before yr exited:\n{log}"
    );
    let stdout = child.read_stdout();
    let stderr = child.read_stderr();
    assert_eq!(
        status.code(),
        Some(130),
        "{status:?} stdout {stdout:?} stderr {stderr:?}"
    );
    assert_eq!(stdout, "");
}
