//! `yr bench` as a load tool (issue 21): varied calls (--bodies, --order, --seed, --template, session pools), load
//! shapes (--stage, --burst) with figures per stage, success and failure latencies apart, and per-call --export,
//! each against `yr serve` or a scripted server on 127.0.0.1, the figures checked.

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
    fn ok(self) -> Out {
        assert_eq!(self.code, Some(0), "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
}

fn bench(endpoint: &str, args: &[&str]) -> Out {
    // A hang guard, not a time limit: the export of many calls takes a debug build a while on a busy machine.
    let output = yr()
        .arg("bench")
        .args(args)
        .args(["-e", endpoint, "--ignore-stdin"])
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .expect("run yr bench");
    Out {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[track_caller]
fn refused(server: &ScriptedServer, args: &[&str], mentions: &[&str]) {
    let out = bench(&server.url, args);
    assert_eq!(out.code, Some(2), "{args:?}: {}{}", out.stdout, out.stderr);
    for mention in mentions {
        assert!(
            out.stderr.contains(mention),
            "{args:?}: stderr should say {mention:?}: {}",
            out.stderr
        );
    }
    assert_eq!(server.count(), 0, "{args:?}: nothing sent");
}

fn u64_at(value: &Value, pointer: &str) -> u64 {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("{pointer} is not a count in {value}"))
}

fn bodies_sent(server: &ScriptedServer) -> Vec<String> {
    server.requests().iter().map(Recorded::body_text).collect()
}

// ---------------------------------------------------------------------------
// Varied calls
// ---------------------------------------------------------------------------

#[test]
fn bodies_from_json_lines_are_sent_in_turn_and_counted_distinct() {
    let dir = TempDir::new();
    let file = dir.file("bodies.jsonl", "{\"n\":1}\n\n  \n{\"n\":2}\r\n{\"n\":3}\n");
    let server = ok_server();
    let file = file.display().to_string();
    let out = bench(
        &server.url,
        &["hello", "-n", "7", "-c", "1", "--bodies", &file, "--json"],
    )
    .ok();
    assert_eq!(
        bodies_sent(&server),
        [
            r#"{"n":1}"#,
            r#"{"n":2}"#,
            r#"{"n":3}"#,
            r#"{"n":1}"#,
            r#"{"n":2}"#,
            r#"{"n":3}"#,
            r#"{"n":1}"#
        ]
    );
    let report = out.json();
    assert_eq!(u64_at(&report, "/distinct_bodies"), 3, "{report}");
    assert_eq!(u64_at(&report, "/variety/body_count"), 3, "{report}");
    assert_eq!(report["variety"]["bodies"], file.as_str(), "{report}");
    assert_eq!(report["variety"]["order"], "sequential", "{report}");

    // Two calls send two of the three: the text report says so.
    let server = ok_server();
    let out = bench(&server.url, &["hello", "-n", "2", "-c", "1", "--bodies", &file]).ok();
    assert!(
        out.stdout
            .contains(&format!("bodies     2 distinct of 3 from {file} (in order)\n")),
        "{}",
        out.stdout
    );
}

#[test]
fn a_folder_is_a_body_per_file_in_name_order() {
    let dir = TempDir::new();
    let folder = dir.path.join("calls");
    std::fs::create_dir(&folder).unwrap();
    for (name, body) in [
        ("b.json", "{\"f\":\"b\"}"),
        ("a.json", "{\"f\":\"a\"}"),
        ("c.json", "{\"f\":\"c\"}"),
    ] {
        std::fs::write(folder.join(name), body).unwrap();
    }
    let server = ok_server();
    bench(
        &server.url,
        &["hello", "-n", "4", "-c", "1", "--bodies", folder.to_str().unwrap()],
    )
    .ok();
    assert_eq!(
        bodies_sent(&server),
        [r#"{"f":"a"}"#, r#"{"f":"b"}"#, r#"{"f":"c"}"#, r#"{"f":"a"}"#]
    );
}

#[test]
fn shuffle_is_reproducible_by_its_seed() {
    let dir = TempDir::new();
    let lines: Vec<String> = (0..12).map(|n| format!("{{\"n\":{n}}}")).collect();
    let file = dir.file("b.jsonl", lines.join("\n"));
    let file = file.display().to_string();
    let run = |seed: &str| {
        let server = ok_server();
        let out = bench(
            &server.url,
            &[
                "hello", "-n", "24", "-c", "1", "--bodies", &file, "--order", "shuffle", "--seed", seed, "--json",
            ],
        )
        .ok();
        (bodies_sent(&server), out.json())
    };
    let (first, report) = run("42");
    let (again, _) = run("42");
    let (other, _) = run("43");
    assert_eq!(first, again, "the same seed, the same order");
    assert_ne!(first, other);
    assert_ne!(first[..12], lines[..], "shuffled");
    assert_eq!(first[..12], first[12..], "each pass in the same order");
    let mut pass = first[..12].to_vec();
    pass.sort();
    let mut all = lines.clone();
    all.sort();
    assert_eq!(pass, all, "every body once per pass");
    assert_eq!(u64_at(&report, "/variety/seed"), 42);
    assert_eq!(report["variety"]["order"], "shuffle");
}

#[test]
fn bad_bodies_are_refused_by_file_line_and_column_before_any_call() {
    let dir = TempDir::new();
    let file = dir.file("b.jsonl", "{\"n\":1}\n\n{\"n\":,}\n");
    let shown = file.display().to_string();
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    refused(
        &server,
        &["hello", "-n", "3", "--bodies", &shown],
        &[&format!("--bodies {shown}:3:6: not JSON: expected value")],
    );
    let empty = dir.file("empty.jsonl", "\n\n");
    refused(
        &server,
        &["hello", "--bodies", empty.to_str().unwrap()],
        &["holds no body"],
    );
    refused(
        &server,
        &["hello", "--bodies", "/no/such/file"],
        &["--bodies /no/such/file"],
    );
    refused(
        &server,
        &["hello", "--bodies", &shown, "-d", "{}"],
        &["--bodies", "--data"],
    );
    // A template's stray `{{` is placed too.
    let template = dir.file("t.jsonl", "{\"a\":1}\n{\"a\":\"{{nope}}\"}\n");
    refused(
        &server,
        &["hello", "--template", "--bodies", template.to_str().unwrap()],
        &[&format!("{}:2:7: `{{{{` starts no placeholder", template.display())],
    );
}

#[test]
fn templates_fill_seq_uuid_and_time_per_call() {
    let server = ok_server();
    bench(
        &server.url,
        &[
            "hello",
            "-n",
            "4",
            "-c",
            "1",
            "--warmup",
            "1",
            "--template",
            "-d",
            r#"{"n":{{seq}},"id":"{{uuid}}","ms":{{now_ms}},"at":"{{timestamp}}","lit":"{{{{seq}}"}"#,
        ],
    )
    .ok();
    let sent: Vec<Value> = bodies_sent(&server)
        .iter()
        .map(|b| serde_json::from_str(b).unwrap_or_else(|e| panic!("{b}: {e}")))
        .collect();
    assert_eq!(sent.len(), 5);
    let seqs: Vec<u64> = sent.iter().map(|b| b["n"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [0, 1, 2, 3, 4], "the warm-up call is 0");
    let mut ids: Vec<&str> = sent.iter().map(|b| b["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "a uuid per call: {sent:?}");
    assert!(ids.iter().all(|id| id.len() == 36), "{ids:?}");
    for body in &sent {
        assert!(body["ms"].as_u64().unwrap() > 1_700_000_000_000, "{body}");
        let at = body["at"].as_str().unwrap();
        assert!(at.len() == 24 && at.ends_with('Z') && at.as_bytes()[10] == b'T', "{at}");
        assert_eq!(body["lit"], "{{seq}}");
    }
    // Not JSON once filled: refused, saying so.
    let idle = ScriptedServer::start(vec![Reply::new(200)]);
    refused(
        &idle,
        &["hello", "--template", "-d", "{\"n\":{{uuid}}}"],
        &["-d:1:", "with its placeholders filled"],
    );
}

#[test]
fn a_session_pool_spreads_calls_over_its_ids_as_invoke_sends_them() {
    let server = ok_server();
    let out = bench(
        &server.url,
        &["hello", "-n", "5", "-c", "1", "--session-pool", "2", "--json"],
    )
    .ok();
    let report = out.json();
    let run_id = report["variety"]["run_id"].as_str().unwrap().to_string();
    assert_eq!(u64_at(&report, "/variety/sessions"), 2);
    let sessions: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("X-Instance-Session").unwrap_or_default().to_string())
        .collect();
    let id = |k: u32| format!(r#"{{"sessionID":"yr-bench-{run_id}-{k}","sessionTTL":0,"concurrency":1}}"#);
    assert_eq!(sessions, [id(0), id(1), id(0), id(1), id(0)]);

    // The same header `yr invoke --session-id` sends.
    let reference = ok_server();
    let session = format!("yr-bench-{run_id}-0");
    let invoked = yr()
        .args(["invoke", "hello", "--session-id", &session, "-e", &reference.url])
        .output()
        .unwrap();
    assert!(invoked.status.success(), "{invoked:?}");
    assert_eq!(
        reference.only_request().header("X-Instance-Session"),
        Some(id(0).as_str())
    );

    let dir = TempDir::new();
    let ids = dir.file("ids.txt", "cart-1\n\ncart-2\n");
    let server = ok_server();
    bench(
        &server.url,
        &["hello", "-n", "3", "-c", "1", "--session-ids", ids.to_str().unwrap()],
    )
    .ok();
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("X-Instance-Session").unwrap_or_default().to_string())
        .collect();
    assert!(sent[0].contains(r#""cart-1""#) && sent[1].contains(r#""cart-2""#) && sent[2].contains(r#""cart-1""#));
    let idle = ScriptedServer::start(vec![Reply::new(200)]);
    refused(
        &idle,
        &["hello", "--session-pool", "2", "--session-id", "x"],
        &["--session-pool", "--session-id"],
    );
}

// ---------------------------------------------------------------------------
// Load shapes
// ---------------------------------------------------------------------------

#[test]
fn stages_ramp_and_hold_with_figures_per_stage() {
    let emulator = Emulator::start(&[]);
    // 0 → 40 calls/s over 500 ms is 10 calls, then 40 calls/s for 500 ms is 20 more.
    let out = bench(
        &emulator.url,
        &[
            "echo", "-c", "4", "--stage", "500ms:40", "--stage", "500ms:40", "--json",
        ],
    )
    .ok();
    let report = out.json();
    let calls = u64_at(&report, "/calls");
    let missed = u64_at(&report, "/missed");
    let in_flight = u64_at(&report, "/in_flight");
    assert_eq!(u64_at(&report, "/scheduled"), 30, "{report}");
    assert_eq!(calls + missed + in_flight, 30, "{report}");
    let stages = report["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 2, "{report}");
    let stage_calls: Vec<u64> = stages.iter().map(|s| s["calls"].as_u64().unwrap()).collect();
    assert_eq!(stage_calls.iter().sum::<u64>(), calls, "{report}");
    if missed == 0 && in_flight == 0 {
        assert_eq!(stage_calls, [10, 20], "{report}");
        assert_eq!(stages[1]["throughput"].as_f64(), Some(40.0), "{report}");
    }
    for (i, stage) in stages.iter().enumerate() {
        assert_eq!(stage["stage"].as_u64(), Some(i as u64));
        assert_eq!(stage["to_rate"].as_f64(), Some(40.0));
        assert_eq!(
            stage["successes"].as_u64().unwrap() + stage["failures"].as_u64().unwrap(),
            stage["calls"].as_u64().unwrap()
        );
        let p = &stage["latency_ms"];
        assert!(p["p50"].as_f64().unwrap() <= p["p90"].as_f64().unwrap(), "{stage}");
        assert!(p["p90"].as_f64().unwrap() <= p["p99"].as_f64().unwrap(), "{stage}");
    }
    assert_eq!(stages[0]["from_rate"].as_f64(), Some(0.0));
    assert!(
        report["service_ms"]["p50"].is_number(),
        "service time under a schedule: {report}"
    );

    let text = bench(
        &emulator.url,
        &["echo", "-c", "4", "--stage", "300ms:20", "--stage", "300ms:0"],
    )
    .ok();
    assert!(
        text.stdout.contains("schedule   6 calls over 2 stages: "),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("\nstage  shape "), "{}", text.stdout);
    assert!(text.stdout.contains("    1  0 → 20/s over 300 ms "), "{}", text.stdout);
    assert!(text.stdout.contains("    2  20 → 0/s over 300 ms "), "{}", text.stdout);
}

#[test]
fn stages_that_contradict_other_flags_are_refused_by_name() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    refused(
        &server,
        &["hello", "--stage", "1s:10", "-n", "5"],
        &["--stage", "--requests"],
    );
    refused(
        &server,
        &["hello", "--stage", "1s:10", "-z", "5s"],
        &["--stage", "--duration"],
    );
    refused(
        &server,
        &["hello", "--stage", "1s:10", "--rate", "5"],
        &["--stage", "--rate"],
    );
    refused(
        &server,
        &["hello", "--stage", "10s:c50"],
        &["--stage", "concurrency targets are not supported"],
    );
    refused(
        &server,
        &["hello", "--stage", "10s"],
        &["--stage `10s` is not DURATION:TARGET"],
    );
    refused(
        &server,
        &["hello", "--stage", "1s:0"],
        &["--stage: every stage's target is 0"],
    );
    refused(&server, &["hello", "--burst", "5"], &["--burst-every"]);
    refused(
        &server,
        &["hello", "--burst", "5", "--burst-every", "1s", "--rate", "3"],
        &["--burst", "--rate"],
    );
}

#[test]
fn bursts_come_whole_on_their_period() {
    let emulator = Emulator::start(&[]);
    let out = bench(
        &emulator.url,
        &[
            "echo",
            "-n",
            "15",
            "-c",
            "5",
            "--burst",
            "5",
            "--burst-every",
            "100ms",
            "--json",
        ],
    )
    .ok();
    let report = out.json();
    assert_eq!(u64_at(&report, "/calls"), 15, "{report}");
    assert_eq!(u64_at(&report, "/scheduled"), 15, "{report}");
    assert_eq!(u64_at(&report, "/burst/size"), 5, "{report}");
    assert_eq!(report["burst"]["every_s"].as_f64(), Some(0.1), "{report}");
    // Three bursts: the last is due at 200 ms, so the run lasts at least that.
    assert!(report["duration_s"].as_f64().unwrap() >= 0.2, "{report}");
}

// ---------------------------------------------------------------------------
// Honest latency, -v
// ---------------------------------------------------------------------------

#[test]
fn success_and_failure_latencies_are_reported_apart() {
    // Lower bounds only (a busy machine makes calls slower, never faster): the slow kind's figures start at its
    // delay, which the fast kind's calls would break if they were counted in with it.
    let fail = || Reply::json(500, r#"{"code":4002,"message":"boom"}"#).header("X-Inner-Code", "4002");
    let slow = std::time::Duration::from_millis(50);
    for slow_failures in [true, false] {
        let (ok, failed) = if slow_failures {
            (Reply::text(200, "ok"), fail().delay(slow))
        } else {
            (Reply::text(200, "ok").delay(slow), fail())
        };
        let server = ScriptedServer::start(vec![ok.clone(), failed.clone(), ok, failed]);
        let report = bench(&server.url, &["hello", "-n", "4", "-c", "1", "--json"]).json();
        let slow_kind = if slow_failures {
            "failure_latency_ms"
        } else {
            "success_latency_ms"
        };
        assert!(
            report[slow_kind]["min"].as_f64().unwrap() >= 50.0,
            "{slow_kind}: {report}"
        );
        assert!(
            report["service_ms"].is_null(),
            "no schedule, no service time apart: {report}"
        );
    }

    let server = ScriptedServer::start(vec![
        Reply::text(200, "ok"),
        Reply::json(500, r#"{"code":4002,"message":"boom"}"#),
    ]);
    let out = bench(&server.url, &["hello", "-n", "3", "-c", "1", "-v"]);
    assert!(out.stdout.contains("calls/s with 1 worker\n"), "{}", out.stdout);
    assert!(out.stdout.contains("\n  ok       p50 "), "{}", out.stdout);
    assert!(out.stdout.contains("\n  failed   p50 "), "{}", out.stdout);
    assert!(
        out.stderr.starts_with("bench: 1 worker · 3 calls · closed loop"),
        "-v's settings line: {}",
        out.stderr
    );
    let told: Vec<&str> = out.stderr.lines().filter(|l| l.contains("first failure")).collect();
    assert_eq!(
        told,
        ["bench: first failure of its kind, code 4002 (HTTP 500), class function: boom"],
        "once, though two calls failed so: {}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------
// --export
// ---------------------------------------------------------------------------

#[test]
fn export_writes_a_row_per_call_with_the_trace_id_each_call_sent() {
    let dir = TempDir::new();
    let csv = dir.path.join("calls.csv");
    let server = ScriptedServer::start(vec![
        Reply::text(200, "hello"),
        Reply::json(500, r#"{"code":4002,"message":"boom"}"#).header("X-Inner-Code", "4002"),
    ]);
    let out = bench(
        &server.url,
        &[
            "hello",
            "-n",
            "3",
            "-c",
            "1",
            "--export",
            csv.to_str().unwrap(),
            "--json",
        ],
    );
    let report = out.json();
    assert_eq!(u64_at(&report, "/export/rows"), 3, "{report}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "start_us,latency_us,status,code,trace_id,stage,bytes");
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("X-Trace-Id").unwrap_or_default().to_string())
        .collect();
    let run_id = report["variety"]["run_id"].as_str().unwrap();
    assert_eq!(
        sent,
        // A UUID of the run's id and the call's number (from 1), which upstream follows as a trace.
        (1..=3)
            .map(|n| format!("{run_id}-0000-0000-0000-{n:012x}"))
            .collect::<Vec<_>>()
    );
    let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][2..], ["200", "", &sent[0], "", "5"], "{text}");
    assert_eq!(rows[1][2..4], ["500", "4002"], "{text}");
    assert_eq!(rows[1][4], sent[1]);
    let body_len = r#"{"code":4002,"message":"boom"}"#.len().to_string();
    assert_eq!(rows[2][6], body_len, "{text}");
    for row in &rows {
        assert!(row[1].parse::<u64>().unwrap() >= 1, "{row:?}");
    }

    // JSON Lines, and --trace-id gives every call (and row) the one id.
    let jsonl = dir.path.join("calls.ndjson");
    let server = ok_server();
    bench(
        &server.url,
        &[
            "hello",
            "-n",
            "2",
            "-c",
            "1",
            "--trace-id",
            "t-1",
            "--export",
            jsonl.to_str().unwrap(),
        ],
    )
    .ok();
    let rows: Vec<Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row["trace_id"], "t-1");
        assert_eq!(row["status"], 200);
        assert!(row["stage"].is_null());
    }
    assert!(server.requests().iter().all(|r| r.header_all("X-Trace-Id") == ["t-1"]));
}

#[test]
fn export_of_ten_thousand_calls_has_a_row_for_each() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let file = dir.path.join("calls.jsonl");
    let out = bench(
        &emulator.url,
        &[
            "echo",
            "-n",
            "10000",
            "-c",
            "8",
            "--export",
            file.to_str().unwrap(),
            "--json",
        ],
    )
    .ok();
    let report = out.json();
    assert_eq!(u64_at(&report, "/calls"), 10_000, "{report}");
    assert_eq!(u64_at(&report, "/export/rows"), 10_000, "{report}");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut traces = std::collections::HashSet::new();
    let mut count = 0;
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(row["status"], 200, "{line}");
        assert!(
            traces.insert(row["trace_id"].as_str().unwrap().to_string()),
            "one trace id per call: {line}"
        );
        count += 1;
    }
    assert_eq!(count, 10_000);
}

#[test]
fn an_export_file_that_cannot_be_written_is_refused_before_any_call() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let dir = TempDir::new();
    let missing = dir.path.join("no/such/dir/calls.csv");
    let shown = missing.display().to_string();
    refused(
        &server,
        &["hello", "--export", &shown],
        &[&format!("--export {shown}: cannot create it")],
    );
    let json = dir.path.join("calls.json");
    refused(
        &server,
        &["hello", "--export", json.to_str().unwrap()],
        &["--export", ".csv", ".jsonl"],
    );
    assert!(!json.exists(), "nothing created for a refused format");
}
