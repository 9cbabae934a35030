//! `yr bench --stream` and `--async` (issue 21, item 4): each call sent as `yr invoke --stream` / `--async` sends
//! it, against `yr serve` and scripted servers on 127.0.0.1, the figures checked: frames per call equal to the
//! frames the function writes, times lower-bounded by functions that sleep, failures classed as invoke classes
//! them.

use crate::support::*;

use serde_json::Value;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}\nstderr: {:?}", self.stdout, self.stderr))
    }

    #[track_caller]
    fn code(self, code: i32) -> Out {
        assert_eq!(
            self.code,
            Some(code),
            "stdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
}

fn bench(endpoint: &str, args: &[&str]) -> Out {
    bench_with_env(endpoint, args, &[])
}

fn bench_with_env(endpoint: &str, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = yr();
    cmd.arg("bench").args(args).args(["-e", endpoint, "--ignore-stdin"]);
    for (name, value) in env {
        cmd.env(name, value);
    }
    // A hang guard, not a time limit.
    let output = cmd
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .expect("run yr bench");
    Out {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[track_caller]
fn f64_at(value: &Value, pointer: &str) -> f64 {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} is not a number in {value}"))
}

/// The percentiles of a figure object, in order, all at least `floor` ms.
#[track_caller]
fn assert_figure(report: &Value, pointer: &str, floor: f64) {
    let at = |key: &str| f64_at(report, &format!("{pointer}/{key}"));
    let (min, p50, p90, p99, max) = (at("min"), at("p50"), at("p90"), at("p99"), at("max"));
    assert!(min >= floor, "{pointer}.min {min} < {floor} in {report}");
    assert!(
        min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max,
        "{pointer} out of order in {report}"
    );
}

// ---------------------------------------------------------------------------
// --stream
// ---------------------------------------------------------------------------

/// Three frames, the first after 200 ms and the last after 500 ms more: every call has 3 frames, its first frame
/// at least 200 ms and its last at least 700 ms after it was sent, and latency is the time to the last frame.
#[test]
fn stream_reports_first_and_last_frame_and_frames_per_call() {
    let emulator = Emulator::start(&[
        "--function",
        "lines=sleep 0.2; echo one; echo two; sleep 0.5; echo three",
    ]);
    let report = bench(&emulator.url, &["lines", "--stream", "-n", "4", "-c", "2", "--json"])
        .code(0)
        .json();
    assert_eq!(report["successes"], 4, "{report}");
    let stream = &report["stream"];
    assert_eq!(stream["frames"]["min"], 3, "{report}");
    assert_eq!(stream["frames"]["max"], 3, "{report}");
    assert_eq!(stream["frames"]["mean"].as_f64(), Some(3.0), "{report}");
    assert_eq!(stream["frames"]["total"], 12, "{report}");
    assert_figure(&report, "/stream/first_frame_ms", 200.0);
    assert_figure(&report, "/stream/last_frame_ms", 700.0);
    assert!(
        f64_at(&report, "/stream/first_frame_ms/max") <= f64_at(&report, "/stream/last_frame_ms/max"),
        "{report}"
    );
    assert!(f64_at(&report, "/latency_ms/min") >= 700.0, "{report}");
    assert!(report["async"].is_null(), "{report}");

    let text = bench(&emulator.url, &["lines", "--stream", "-n", "2"]).code(0).stdout;
    for line in ["first frame", "last frame", "frames     3 per call"] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
}

/// The request is the one `yr invoke --stream` sends: Accept: text/event-stream, once; without --stream the
/// report has no stream figures.
#[test]
fn stream_asks_for_events_as_invoke_does() {
    let server = ScriptedServer::start(vec![
        Reply::chunked(200, &["data: one\n\n", "data: two\n\n", "data: [DONE]\n\n"])
            .header("Content-Type", "text/event-stream"),
    ]);
    let report = bench(&server.url, &["f", "--stream", "-n", "2", "-c", "1", "--json"])
        .code(0)
        .json();
    assert_eq!(report["stream"]["frames"]["min"], 2, "{report}");
    for request in server.requests() {
        assert_eq!(request.header_all("Accept"), ["text/event-stream"], "{request:?}");
        assert_eq!(request.header("X-Invoke-Type"), None);
    }
    let plain = bench(&server.url, &["f", "-n", "1", "--json"]).code(0).json();
    assert!(plain["stream"].is_null(), "{plain}");
}

/// A function that fails after its first line sends an error frame: a failure with the inner code `yr invoke
/// --stream` reports for it.
#[test]
fn an_error_frame_is_a_failure_with_its_code() {
    let emulator = Emulator::start(&["--function", "bad=echo one; echo boom >&2; exit 1"]);
    let invoke = yr()
        .args([
            "invoke",
            "bad",
            "--stream",
            "--json",
            "--ignore-stdin",
            "-e",
            &emulator.url,
        ])
        .output()
        .expect("run yr invoke");
    let last = String::from_utf8_lossy(&invoke.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    let envelope: Value = serde_json::from_str(&last).unwrap_or_else(|e| panic!("{e}: {last}"));
    let report = bench(&emulator.url, &["bad", "--stream", "-n", "3", "--json"])
        .code(6)
        .json();
    assert_eq!(report["failures"], 3, "{report}");
    let row = &report["failures_by_code"][0];
    assert_eq!(row["code"], envelope["code"], "{report} / {envelope}");
    assert_eq!(row["code"], 4002, "{report}");
    assert_eq!(row["class"], envelope["class"], "{report} / {envelope}");
    assert!(report["stream"].is_null(), "no call succeeded: {report}");
}

/// A stream that ends before [DONE] got no whole answer: unreachable, as `yr invoke --stream` exits 3.
#[test]
fn a_stream_cut_short_is_a_failure_as_invoke_classes_it() {
    let server = ScriptedServer::start(vec![
        Reply::chunked(200, &["data: one\n\n"]).header("Content-Type", "text/event-stream"),
    ]);
    let invoke = yr()
        .args(["invoke", "f", "--stream", "--ignore-stdin", "-e", &server.url])
        .output()
        .expect("run yr invoke");
    assert_eq!(invoke.status.code(), Some(3));
    let out = bench(&server.url, &["f", "--stream", "-n", "2", "-c", "1", "--json"]).code(3);
    let report = out.json();
    let row = &report["failures_by_code"][0];
    assert_eq!(
        (row["class"].as_str(), row["count"].as_u64()),
        (Some("unreachable"), Some(2)),
        "{report}"
    );
    assert!(
        row["sample"].as_str().unwrap_or_default().contains("[DONE]"),
        "{report}"
    );
}

// ---------------------------------------------------------------------------
// --async
// ---------------------------------------------------------------------------

/// Each call is accepted (202), then its result polled until finished: the finished figure is at least the
/// function's 300 ms, the accepted one at most it, and latency is the time to the finished result.
#[test]
fn async_reports_time_to_202_and_to_a_finished_result() {
    let emulator = Emulator::start(&["--function", "slow=sleep 0.3; echo done"]);
    let report = bench(
        &emulator.url,
        &[
            "slow",
            "--async",
            "--poll-interval",
            "20ms",
            "-n",
            "4",
            "-c",
            "2",
            "--json",
        ],
    )
    .code(0)
    .json();
    assert_eq!(report["successes"], 4, "{report}");
    assert_figure(&report, "/async/accepted_ms", 0.0);
    assert_figure(&report, "/async/finished_ms", 300.0);
    assert_eq!(report["async"]["accepted"], 4, "{report}");
    assert!(
        f64_at(&report, "/async/accepted_ms/max") <= f64_at(&report, "/async/finished_ms/max"),
        "{report}"
    );
    assert!(f64_at(&report, "/latency_ms/min") >= 300.0, "{report}");
    assert!(report["stream"].is_null(), "{report}");

    let text = bench(
        &emulator.url,
        &["slow", "--async", "--poll-interval", "20ms", "-n", "1"],
    )
    .code(0)
    .stdout;
    for line in ["accepted", "finished"] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
}

/// The request is the one `yr invoke --async` sends (X-Invoke-Type: async), and the polls go to the result route
/// with the request id the 202 gave.
#[test]
fn async_sends_and_polls_as_invoke_does() {
    let record = r#"{"status":"completed","statusCode":200,"respBody":"b2s="}"#;
    let server = ScriptedServer::start(vec![
        Reply::json(202, r#"{"requestId":"abc-1"}"#),
        Reply::json(200, r#"{"status":"running"}"#),
        Reply::json(200, record),
    ]);
    let report = bench_with_env(
        &server.url,
        &["f", "--async", "--poll-interval", "10ms", "-n", "1", "--json"],
        &[("YR_JWT_TOKEN", "tok-bench")],
    )
    .code(0)
    .json();
    assert_eq!(report["successes"], 1, "{report}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].header("X-Invoke-Type"), Some("async"));
    for poll in &requests[1..] {
        assert_eq!(poll.method, "GET");
        assert_eq!(poll.path, "/serverless/v1/functions/async-results/abc-1");
        assert_eq!(poll.header("X-Auth"), Some("tok-bench"), "{poll:?}");
    }
    assert_eq!(report["async"]["polls"], 2, "{report}");
}

/// A result that finishes failed is a failure with its inner code.
#[test]
fn an_async_result_that_failed_is_a_failure_with_its_code() {
    let emulator = Emulator::start(&["--function", "bad=echo boom >&2; exit 1"]);
    let report = bench(
        &emulator.url,
        &["bad", "--async", "--poll-interval", "20ms", "-n", "2", "--json"],
    )
    .code(6)
    .json();
    assert_eq!(report["failures"], 2, "{report}");
    assert_eq!(report["failures_by_code"][0]["code"], 4002, "{report}");
    assert!(report["async"]["finished_ms"].is_null(), "{report}");
    assert_eq!(report["async"]["accepted"], 2, "{report}");
}

/// --timeout bounds the whole call, polls included.
#[test]
fn timeout_bounds_an_async_call_whole() {
    let emulator = Emulator::start(&["--function", "slow=sleep 30; echo done"]);
    let report = bench(
        &emulator.url,
        &[
            "slow",
            "--async",
            "--poll-interval",
            "20ms",
            "-n",
            "1",
            "--timeout",
            "500ms",
            "--json",
        ],
    )
    .code(7)
    .json();
    let row = &report["failures_by_code"][0];
    assert_eq!(row["class"], "timeout", "{report}");
    assert!(f64_at(&report, "/latency_ms/min") >= 500.0, "{report}");
}

// ---------------------------------------------------------------------------
// Flags a mode cannot honour
// ---------------------------------------------------------------------------

#[test]
fn flags_a_mode_cannot_honour_are_refused_before_any_call() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    for (args, mentions) in [
        (&["f", "--stream", "--async"][..], &["--stream", "--async"][..]),
        (&["f", "--poll-interval", "10ms"], &["--poll-interval", "--async"]),
        (&["f", "--async", "--poll-interval", "0s"], &["--poll-interval"]),
    ] {
        let out = bench(&server.url, args).code(2);
        for mention in mentions {
            assert!(out.stderr.contains(mention), "{args:?}: {}", out.stderr);
        }
    }
    assert_eq!(server.count(), 0);
}

/// --export records a row per call in both modes: latency is the mode's (time to the last frame, to the finished
/// result).
#[test]
fn export_records_a_row_per_call_in_each_mode() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "slow=sleep 0.2; echo one; echo two"]);
    for mode in ["--stream", "--async"] {
        let file = dir.path.join(format!("rows{mode}.jsonl"));
        let file_arg = file.display().to_string();
        let mut args = vec!["slow", mode, "-n", "3", "--export", &file_arg, "--json"];
        if mode == "--async" {
            args.extend(["--poll-interval", "20ms"]);
        }
        bench(&emulator.url, &args).code(0);
        let rows: Vec<Value> = std::fs::read_to_string(&file)
            .expect("the export")
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON row"))
            .collect();
        assert_eq!(rows.len(), 3, "{mode}: {rows:?}");
        for row in rows {
            assert!(row["latency_us"].as_u64().unwrap_or(0) >= 200_000, "{mode}: {row}");
            assert_eq!(row["status"], 200, "{mode}: {row}");
        }
    }
}
