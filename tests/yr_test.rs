use crate::support::*;

// `yr test` (issue 14): suites run against the emulator (`yr serve`) or a scripted server on 127.0.0.1, through the
// real binary. Reports are read back as they are written: text lines (durations masked), `--json` lines, and
// JUnit XML parsed with roxmltree.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `yr test ARGS...` with a clean environment.
fn yr_test(args: &[&str]) -> Run {
    run(yr().arg("test").args(args))
}

fn write_suite(dir: &TempDir, text: &str) -> String {
    dir.file("suite.toml", text).display().to_string()
}

/// The `--json` lines, parsed.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

/// The case objects of a `--json` run, by name.
fn case<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["type"] == "case" && l["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in {lines:#?}"))
}

fn summary(lines: &[Value]) -> &Value {
    let last = lines.last().expect("a summary line");
    assert_eq!(last["type"], "summary", "{last}");
    last
}

/// `failures` of a case as (key, expected, got).
fn failures(case: &Value) -> Vec<(String, String, String)> {
    case["failures"]
        .as_array()
        .expect("failures")
        .iter()
        .map(|f| {
            (
                f["key"].as_str().unwrap_or_default().to_string(),
                f["expected"].as_str().unwrap_or_default().to_string(),
                f["got"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Text output with each case's duration and the summary's time replaced by `{t}`, and trace ids by `{trace}`.
fn masked(text: &str) -> String {
    let duration = regex_lite::Regex::new(r"\d+(\.\d+)? ?(µs|ms|s|m)\b").unwrap();
    let uuid = regex_lite::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let text = uuid.replace_all(text, "{trace}");
    duration.replace_all(&text, "{t}").into_owned()
}

fn example_suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/smoke.toml")
}

/// A `yr` child with a clean environment and piped output, for Ctrl-C.
fn yr_child(args: &[&str], home: &Path) -> Child {
    yr_with_home(home)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start yr")
}

// ---------------------------------------------------------------------------
// The example suite and `yr serve -- yr test`
// ---------------------------------------------------------------------------

#[test]
fn the_example_suite_passes_against_a_fresh_emulator() {
    let suite = example_suite();
    let out = run(yr().args(["serve", "--", "yr", "test"]).arg(&suite).arg("--json"));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = json_lines(&out.stdout);
    let summary = summary(&lines);
    assert_eq!(
        (summary["passed"].as_u64(), summary["failed"].as_u64()),
        (Some(7), Some(0)),
        "{summary}"
    );
    assert_eq!(summary["exit"], 0);
    assert_eq!(
        case(&lines, "hello runs asynchronously")["request_id"]
            .as_str()
            .map(str::len),
        Some(36)
    );
}

#[test]
fn text_report_lists_each_case_and_a_summary() {
    let emulator = Emulator::start(&["--function", "boom=echo broke >&2; exit 3"]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        r#"
[[case]]
name = "greets"
function = "hello"
body = { name = "ci" }
expect.body = "hello ci"

[[case]]
name = "fails"
function = "boom"
trace-id = "t-boom"
serial = true
"#,
    );
    let out = yr_test(&[&suite, "-e", &emulator.url]);
    let expected = format!(
        "PASS  {suite}:2 › greets  {{t}}\n\
         FAIL  {suite}:8 › fails  {{t}}\n      \
         success: expected success (HTTP 2xx, code 0), got HTTP 500, code 4002 (function raised an exception): broke [trace t-boom]\n      \
         call: HTTP 500, code 4002 (function raised an exception): broke · trace t-boom · exit 6 (function) · sn:cn:yrk:default:function:0@default@boom:latest\n\
         1 passed, 1 failed; {{t}}\n"
    );
    assert_eq!((out.code, masked(&out.stdout), out.stderr.as_str()), (8, expected, ""));
}

#[test]
fn on_a_terminal_a_status_line_shows_progress() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        "[[case]]\nname = \"a\"\nfunction = \"hello\"\nserial = true\n\n[[case]]\nname = \"b\"\nfunction = \"hello\"\nserial = true\n",
    );
    let out = run(yr()
        .env("YR_TEST_TERMINAL", "1")
        .args(["test", &suite, "-e", &emulator.url, "--color", "never"]));
    let expected = format!(
        "PASS  {suite}:1 › a  {{t}}\n  1/2 done · 0 running\r\x1b[2KPASS  {suite}:6 › b  {{t}}\n2 passed, 0 failed; {{t}}\n"
    );
    assert_eq!((out.code, masked(&out.stdout)), (0, expected));
}

// ---------------------------------------------------------------------------
// Every expectation kind, passing and failing
// ---------------------------------------------------------------------------

#[test]
fn every_expectation_kind_passes() {
    let emulator = Emulator::start(&[
        "--function",
        "lines=printf 'one\\n{\"n\":2}\\n'",
        "--function",
        "bad=echo nope >&2; exit 3",
    ]);
    let dir = TempDir::new();
    dir.file(
        "bodies/order.json",
        r#"{"order": 7, "items": [{"sku": "tea", "n": 1}, {"sku": "cake"}]}"#,
    );
    let suite = write_suite(
        &dir,
        r#"
[[case]]
name = "status"
function = "hello"
expect.status = 200

[[case]]
name = "code number"
function = "hello"
expect.code = 0

[[case]]
name = "code name"
function = "nosuch"
expect.code = "function not found"

[[case]]
name = "expected failure code"
function = "bad"
expect.code = 4002
expect.status = 500

[[case]]
name = "body"
function = "hello"
body = { name = "x" }
expect.body = "hello x"

[[case]]
name = "body-json"
function = "echo"
data = '{"a": [1, 2.5, null]}'
expect.body-json = '{"a": [1, 2.5, null]}'

[[case]]
name = "body-includes"
function = "echo"
data = "@bodies/order.json"
expect.body-includes = { items = [{ sku = "cake" }], order = 7 }

[[case]]
name = "body-matches"
function = "hello"
body = { name = "regex" }
expect.body-matches = '^"hello r[a-z]+"$'

[[case]]
name = "headers"
function = "hello"
trace-id = "t-headers"
expect.headers = { content-type = "application/json", X-Trace-Id = "t-headers", X-Inner-Code = "0" }

[[case]]
name = "latency"
function = "hello"
expect.latency = "10s"

[[case]]
name = "frames"
function = "lines"
stream = true
expect.frames = ["one", { n = 2 }]
"#,
    );
    let out = yr_test(&[&suite, "-e", &emulator.url, "--json"]);
    let lines = json_lines(&out.stdout);
    for line in &lines[..lines.len() - 1] {
        assert_eq!(line["result"], "passed", "{line}");
    }
    assert_eq!(summary(&lines)["passed"], 11);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn every_expectation_kind_fails_with_expected_and_got() {
    let emulator = Emulator::start(&["--function", "lines=printf 'one\\ntwo\\n'"]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        r#"
[[case]]
name = "status"
function = "hello"
expect.status = 201

[[case]]
name = "code"
function = "hello"
expect.code = "session config invalid"

[[case]]
name = "body"
function = "hello"
body = { name = "x" }
expect.body = "hello y"

[[case]]
name = "body-includes"
function = "echo"
body = { a = { b = 1 } }
expect.body-includes = { a = { b = 2 } }

[[case]]
name = "body-includes missing"
function = "echo"
body = { a = 1 }
expect.body-includes = { z = 1 }

[[case]]
name = "body-matches"
function = "hello"
expect.body-matches = "^bye"

[[case]]
name = "headers"
function = "hello"
expect.headers = { Content-Type = "text/plain", X-Nope = "1" }

[[case]]
name = "latency"
function = "lines"
expect.latency = "1ms"

[[case]]
name = "frames"
function = "lines"
stream = true
expect.frames = ["one", "three"]

[[case]]
name = "frames of no stream"
function = "hello"
expect.frames = ["x"]

[[case]]
name = "implicit success"
function = "nosuch"
trace-id = "t-implicit"
"#,
    );
    let out = yr_test(&[&suite, "-e", &emulator.url, "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (8, ""));
    let lines = json_lines(&out.stdout);
    let f = |name: &str| failures(case(&lines, name));
    let t = |k: &str, e: &str, g: &str| (k.to_string(), e.to_string(), g.to_string());
    assert_eq!(f("status"), [t("status", "201", "200")]);
    assert_eq!(f("code"), [t("code", "4037 (session config invalid)", "0")]);
    assert_eq!(f("body"), [t("body", "\"hello y\"", "\"hello x\"")]);
    assert_eq!(
        f("body-includes"),
        [t("body-includes", r#"{"a":{"b":2}}"#, r#"{"a":{"b":1}}"#)]
    );
    assert_eq!(
        f("body-includes missing"),
        [t("body-includes", r#"{"z":1}"#, r#"{"a":1}"#)]
    );
    assert_eq!(
        f("body-matches"),
        [t("body-matches", "text matching /^bye/", "\"hello\"")]
    );
    assert_eq!(
        f("headers"),
        [
            t("headers", "Content-Type: text/plain", "Content-Type: application/json"),
            t("headers", "X-Nope: 1", "no X-Nope header"),
        ]
    );
    let latency = f("latency");
    assert_eq!(
        (latency.len(), latency[0].0.as_str(), latency[0].1.as_str()),
        (1, "latency", "at most 1 ms")
    );
    assert_eq!(f("frames"), [t("frames", r#"["one","three"]"#, r#"["one","two"]"#)]);
    assert_eq!(
        f("frames of no stream"),
        [t("frames", r#"["x"]"#, "an answer that is not a stream")]
    );
    let implicit = case(&lines, "implicit success");
    assert_eq!(
        f("implicit success"),
        [t(
            "success",
            "success (HTTP 2xx, code 0)",
            "HTTP 500, code 150424 (function not found): function metadata not found [trace t-implicit]"
        )]
    );
    // The exit code the call would have had, and its trace id, are in every failed case's record.
    assert_eq!(
        (
            &implicit["exit"],
            &implicit["class"],
            &implicit["trace_id"],
            &implicit["status"],
            &implicit["code"]
        ),
        (
            &json!(4),
            &json!("request"),
            &json!("t-implicit"),
            &json!(500),
            &json!(150424)
        )
    );
    assert_eq!(summary(&lines)["failed"], 11);
}

#[test]
fn a_case_without_answer_fails_and_reports_the_exit_class() {
    let emulator = Emulator::start(&[]);
    let port = closed_port();
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        &format!(
            "[[case]]\nname = \"up\"\nfunction = \"hello\"\nserial = true\n\n[[case]]\nname = \"down\"\nfunction = \"hello\"\nendpoint = \"http://127.0.0.1:{port}\"\nserial = true\n"
        ),
    );
    let out = yr_test(&[&suite, "-e", &emulator.url]);
    let expected = format!(
        "PASS  {suite}:1 › up  {{t}}\nFAIL  {suite}:6 › down  {{t}}\n      no answer: cannot reach http://127.0.0.1:{port}: connection refused\n      call: no answer · exit 3 (unreachable) · sn:cn:yrk:default:function:0@default@hello:latest\n1 passed, 1 failed; {{t}}\n"
    );
    assert_eq!((out.code, masked(&out.stdout)), (8, expected));
}

/// Issue 17: yr test read streams with its own copy of the frame loop, which said "after 1 frames" where
/// `yr invoke --stream` says "after 1 frame". Both now read frames through call::stream, with one wording.
#[test]
fn a_stream_cut_before_done_says_how_far_it_got_as_yr_invoke_does() {
    let cut = || {
        Reply::chunked(200, &["data: one\n\n"])
            .header("Content-Type", "text/event-stream")
            .header("X-Inner-Code", "0")
    };
    let server = ScriptedServer::start(vec![cut(), cut()]);
    let dir = TempDir::new();
    let suite = write_suite(&dir, "[[case]]\nname = \"s\"\nfunction = \"lines\"\nstream = true\n");
    let out = yr_test(&[&suite, "-e", &server.url, "--json"]);
    let lines = json_lines(&out.stdout);
    let message = format!("the stream from {} ended before [DONE], after 1 frame", server.url);
    assert_eq!(
        (&case(&lines, "s")["class"], &case(&lines, "s")["message"]),
        (&json!("unreachable"), &json!(message))
    );
    let invoke = run(yr().args(["invoke", "lines", "--stream", "--ignore-stdin", "-e", &server.url]));
    assert_run(&invoke, 3, "one\n", &format!("yr: error: {message}\n"));
}

#[test]
fn a_suite_that_reaches_nothing_exits_3() {
    let dir = TempDir::new();
    let suite = write_suite(&dir, "[[case]]\nname = \"a\"\nfunction = \"hello\"\n");
    let out = yr_test(&[&suite, "-e", &format!("127.0.0.1:{}", closed_port()), "--json"]);
    let lines = json_lines(&out.stdout);
    assert_eq!((out.code, &summary(&lines)["exit"]), (3, &json!(3)));
    assert_eq!(case(&lines, "a")["class"], "unreachable");
}

// ---------------------------------------------------------------------------
// Requests: the fields of `yr invoke`, defaults and overrides, retries
// ---------------------------------------------------------------------------

#[test]
fn a_case_sends_what_yr_invoke_sends_and_defaults_fill_in() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"").header("X-Inner-Code", "0")]);
    let dir = TempDir::new();
    dir.file("in/order.json", "{\"order\": 1}");
    let suite = write_suite(
        &dir,
        r#"
[defaults]
tenant = "t1"
service = "shop"
headers = { X-Team = "pay", X-Env = "ci" }

[[case]]
name = "every field"
function = "checkout:3"
data = "@in/order.json"
cpu = "1.5c"
memory = "1Gi"
custom-resource = { "NPU/.+/count" = 2 }
pool-label = "pool-a"
instance-label = "gpu"
session-id = "cart-42"
session-ttl = 10
session-concurrency = -1
trace-id = "t-every"
headers = { X-Env = "staging", X-Extra = "yes" }

[[case]]
name = "own service"
function = "hello"
service = "other"
content-type = "text/plain"
data = "plain words"
"#,
    );
    // Run from another folder: the body file is found beside the suite.
    let out = run(yr()
        .current_dir(std::env::temp_dir())
        .args(["test", &suite, "-e", &server.url, "-j", "1"]));
    assert_eq!(out.code, 0, "{out:?}");
    let requests = server.requests();
    let every = requests
        .iter()
        .find(|r| r.header("X-Trace-Id") == Some("t-every"))
        .expect("the first case");
    assert_eq!(
        every.path,
        "/serverless/v1/functions/sn:cn:yrk:t1:function:0@shop@checkout:3/invocations"
    );
    let h = |name| every.header(name).map(str::to_string);
    assert_eq!(
        (
            h("X-Instance-Cpu"),
            h("X-Instance-Memory"),
            h("X-Instance-Custom-Resource"),
            h("X-Pool-Label"),
            h("X-Instance-Label"),
            h("X-Instance-Session"),
        ),
        (
            Some("1500".into()),
            Some("1024".into()),
            Some(r#"{"NPU/.+/count":2}"#.into()),
            Some("pool-a".into()),
            Some("gpu".into()),
            Some(r#"{"sessionID":"cart-42","sessionTTL":10,"concurrency":-1}"#.into()),
        )
    );
    assert_eq!(
        (h("X-Team"), h("X-Env"), h("X-Extra")),
        (Some("pay".into()), Some("staging".into()), Some("yes".into()))
    );
    assert_eq!(every.body_text(), "{\"order\": 1}");
    // The second case sets no trace id: since issue 22 it goes with one yr made (a UUID).
    let other = requests
        .iter()
        .find(|r| r.header("X-Trace-Id") != Some("t-every"))
        .expect("the second case");
    without_trace(&other.headers, true);
    assert_eq!(
        other.path,
        "/serverless/v1/functions/sn:cn:yrk:t1:function:0@other@hello:latest/invocations"
    );
    assert_eq!(
        (other.header("Content-Type"), other.body_text().as_str()),
        (Some("text/plain"), "plain words")
    );
}

#[test]
fn a_case_endpoint_beats_the_defaults_which_beat_the_flag() {
    let flag = ScriptedServer::start(vec![Reply::json(200, "\"flag\"")]);
    let defaults = ScriptedServer::start(vec![Reply::json(200, "\"defaults\"")]);
    let own = ScriptedServer::start(vec![Reply::json(200, "\"own\"")]);
    let dir = TempDir::new();
    let with_defaults = dir.file(
        "a.toml",
        format!(
            "[defaults]\nendpoint = \"${{DEFAULTS_URL}}\"\n[[case]]\nname = \"d\"\nfunction = \"f\"\nexpect.body = \"defaults\"\n[[case]]\nname = \"o\"\nfunction = \"f\"\nendpoint = \"{}\"\nexpect.body = \"own\"\n",
            own.url
        ),
    );
    let plain = dir.file(
        "b.toml",
        "[[case]]\nname = \"f\"\nfunction = \"f\"\nexpect.body = \"flag\"\n",
    );
    let out = run(yr()
        .env("DEFAULTS_URL", &defaults.url)
        .env("YR_ENDPOINT", "http://127.0.0.1:1")
        .arg("test")
        .arg(&with_defaults)
        .arg(&plain)
        .args(["-e", &flag.url, "--json"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!((flag.count(), defaults.count(), own.count()), (1, 1, 1));
}

#[test]
fn profiles_and_the_environment_reach_a_suite_as_they_reach_yr_invoke() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"")]);
    let home = TempDir::new();
    home.file(
        ".config/yr/config.json",
        format!(
            r#"{{"default_profile": "ci", "profiles": {{"ci": {{"endpoint": "{}", "tenant": "acme"}}}}}}"#,
            server.url
        ),
    );
    let suite = home.file("s.toml", "[[case]]\nname = \"a\"\nfunction = \"hello\"\n");
    let out = run(yr_with_home(&home.path).arg("test").arg(&suite));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        server.only_request().path,
        "/serverless/v1/functions/sn:cn:yrk:acme:function:0@default@hello:latest/invocations"
    );
}

#[test]
fn retries_follow_the_rules_of_yr_invoke() {
    let server = ScriptedServer::start(vec![
        Reply::json(429, r#"{"code":429,"message":"slow down"}"#),
        Reply::json(200, "\"ok\"").header("X-Inner-Code", "0"),
    ]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        "[[case]]\nname = \"r\"\nfunction = \"f\"\nretry = 2\nretry-delay = \"10ms\"\nexpect.body = \"ok\"\n",
    );
    let out = yr_test(&[&suite, "-e", &server.url, "--json"]);
    let lines = json_lines(&out.stdout);
    assert_eq!((out.code, &case(&lines, "r")["attempts"]), (0, &json!(2)), "{out:?}");
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------
// Malformed files: exit 2, file, line, column and key, nothing sent
// ---------------------------------------------------------------------------

/// A text that lives as long as the test, for a table of `&str`.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[test]
fn malformed_files_are_usage_errors_and_nothing_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"")]);
    let dir = TempDir::new();
    let good = "[[case]]\nname = \"fine\"\nfunction = \"hello\"\n\n";
    let cases: &[(&str, &str)] = &[
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\nexpect = { status = 200\n",
            "4:24: unclosed inline table, expected `}`",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\ncolour = \"red\"\n",
            "4:1: case \"a\", key `colour`: unknown field `colour`, expected one of `name`, `function`, `body`, `data`, `content-type`, `cpu`, `memory`, `custom-resource`, `pool-label`, `instance-label`, `session-id`, `session-ttl`, `session-concurrency`, `trace-id`, `headers`, `async`, `wait`, `poll-interval`, `stream`, `endpoint`, `tenant`, `service`, `timeout`, `retry`, `retry-delay`, `retry-max-time`, `retry-all-errors`, `serial`, `expect`, `kind`, `request-id`, `duration`, `capture`, `until`, `step`",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\n[case.expect]\nstatus = \"200\"\n",
            "5:10: case \"a\", key `expect.status`: invalid type: string \"200\", expected u16",
        ),
        (
            "[defaults]\nendpoint = \"http://${NOT_SET_ANYWHERE}\"\n",
            "2:12: key `defaults.endpoint`: NOT_SET_ANYWHERE is not set: no --var, --vars file, environment variable or earlier capture gives it a value (use ${NOT_SET_ANYWHERE:-DEFAULT} for a fallback)",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\ncpu = \"0\"\n",
            "4:7: case \"a\", key `cpu`: --cpu `0` is not a positive CPU amount: use millicores (500, 500m) or cores (1.5c)",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\nexpect.code = \"no such name\"\n",
            "4:15: case \"a\", key `expect.code`: `no such name` is neither a number nor a name in the error table (see `yr errors`)",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\nheaders = { X-Auth = \"t\" }\n",
            "4:11: case \"a\", key `headers`: X-Auth cannot be written in a suite: the token comes from YR_JWT_TOKEN, --token-file or the profile's token_file",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"hello\"\n\n[[case]]\nname = \"a\"\nfunction = \"echo\"\n",
            "6:8: case \"a\", key `name`: the name is already used by the case on line 1",
        ),
        // Issue 18: `(a|b)` 5,000 times took 4.7 GB to run; past 64 groups or 256 KiB compiled it is refused.
        (
            leak(format!(
                "[[case]]\nname = \"a\"\nfunction = \"hello\"\nexpect.body-matches = \"{}\"\n",
                "(a|b)".repeat(65)
            )),
            "4:23: case \"a\", key `expect.body-matches`: has 65 capture groups, more than the 64 yr runs: write `(?:…)` for a group that only groups",
        ),
        (
            leak(format!(
                "[[case]]\nname = \"a\"\nfunction = \"hello\"\n[case.expect]\nbody-matches = \"{}\"\n",
                "[a-z]{1000}".repeat(20)
            )),
            "5:16: case \"a\", key `expect.body-matches`: is too large a regular expression: it compiles to more than 256 KiB",
        ),
    ];
    for (text, message) in cases {
        // The faulty file comes second: the good one before it is not run either.
        let first = dir.file("good.toml", good);
        let suite = dir.file("bad.toml", text);
        let out = run(yr().arg("test").arg(&first).arg(&suite).args(["-e", &server.url]));
        assert_run(&out, 2, "", &format!("yr: error: {}:{message}\n", suite.display()));
    }
    let good = dir.file("good.toml", good);
    let out = run(yr()
        .arg("test")
        .arg(&good)
        .args(["-e", &server.url, "--junit", "/no/such/dir/j.xml"]));
    assert_run(
        &out,
        2,
        "",
        "yr: error: --junit /no/such/dir/j.xml: the folder /no/such/dir does not exist\n",
    );
    let out = yr_test(&["/no/such/suite.toml", "-e", &server.url]);
    assert_run(
        &out,
        2,
        "",
        "yr: error: /no/such/suite.toml: cannot read it: no such file\n",
    );
    assert_eq!(server.count(), 0, "a request was sent");
}

/// `--filter` compiles a regular expression under the same limits as `body-matches`: one that would take too much
/// memory to run is refused with exit 2, naming the flag, before anything is sent.
#[test]
fn a_filter_too_costly_to_run_is_refused() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"")]);
    let dir = TempDir::new();
    let suite = dir.file("s.toml", "[[case]]\nname = \"ab\"\nfunction = \"hello\"\n");
    let groups = "(a|b)".repeat(65);
    let out = yr_test(&[suite.to_str().expect("path"), "-e", &server.url, "--filter", &groups]);
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: --filter `{}…` has 65 capture groups, more than the 64 yr runs: write `(?:…)` for a group that \
             only groups\n",
            &groups[..60]
        ),
    );
    let out = yr_test(&[suite.to_str().expect("path"), "-e", &server.url, "--filter", "(a"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .starts_with("yr: error: --filter `(a` is not a regular expression: "),
        "{out:?}"
    );
    assert_eq!(server.count(), 0, "a request was sent");
}

// ---------------------------------------------------------------------------
// Running: concurrency, serial cases, --filter, --fail-fast, Ctrl-C
// ---------------------------------------------------------------------------

/// A function that records how many calls ran at once: each call marks itself running, waits, counts the marks.
fn overlap_function(dir: &Path) -> String {
    let running = dir.join("running");
    let peaks = dir.join("peaks");
    std::fs::create_dir_all(&running).unwrap();
    std::fs::create_dir_all(&peaks).unwrap();
    format!(
        "overlap=touch {r}/$YR_TRACE_ID; sleep 0.1; ls {r} | wc -l > {p}/$YR_TRACE_ID; rm {r}/$YR_TRACE_ID; printf '\"%s\"' \"$YR_TRACE_ID\"",
        r = running.display(),
        p = peaks.display()
    )
}

fn peaks(dir: &Path) -> Vec<usize> {
    std::fs::read_dir(dir.join("peaks"))
        .unwrap()
        .map(|e| {
            std::fs::read_to_string(e.unwrap().path())
                .unwrap()
                .trim()
                .parse()
                .unwrap()
        })
        .collect()
}

fn overlap_suite(n: usize, serial: bool) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "[[case]]\nname = \"case {i}\"\nfunction = \"overlap\"\ntrace-id = \"case-{i}\"\nserial = {serial}\nexpect.body = \"case-{i}\"\n\n"
        ));
    }
    text
}

#[test]
fn two_hundred_cases_run_concurrently_and_each_result_is_its_own() {
    let work = TempDir::new();
    let function = overlap_function(&work.path);
    let emulator = Emulator::start(&["--function", &function]);
    let suite = work.file("many.toml", overlap_suite(200, false));
    let out = run(yr().timeout(Duration::from_secs(120)).arg("test").arg(&suite).args([
        "-e",
        &emulator.url,
        "-j",
        "8",
        "--json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 201);
    // Every case got its own answer: its body and trace id are its own number.
    for i in 0..200 {
        let c = case(&lines, &format!("case {i}"));
        assert_eq!(
            (&c["result"], &c["trace_id"]),
            (&json!("passed"), &json!(format!("case-{i}"))),
            "{c}"
        );
    }
    // Calls overlapped, never more than -j of them. Each call counts the calls running as its own 0.1 s ends: run
    // one at a time, every count would be 1; run concurrently, most calls find another still running. That, not
    // the run's wall-clock time, shows the run was not one call after another.
    let peaks = peaks(&work.path);
    assert_eq!(peaks.len(), 200);
    let highest = peaks.iter().max().copied().unwrap_or(0);
    assert!((2..=8).contains(&highest), "peak concurrency {highest}");
    let overlapped = peaks.iter().filter(|&&running| running >= 2).count();
    assert!(
        overlapped >= 100,
        "only {overlapped} of 200 calls found another running: not concurrent: {peaks:?}"
    );
}

#[test]
fn one_job_and_serial_cases_run_one_at_a_time_in_file_order() {
    let work = TempDir::new();
    let function = overlap_function(&work.path);
    let log = work.path.join("order.log");
    let logger = format!("log=printf '%s\\n' \"$YR_TRACE_ID\" >> {}", log.display());
    let emulator = Emulator::start(&["--function", &function, "--function", &logger]);

    let suite = work.file("one.toml", overlap_suite(12, false));
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "-j", "1"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(peaks(&work.path), vec![1; 12]);

    // A file marked serial: its cases one at a time, in order, whatever -j says.
    let mut text = "serial = true\n".to_string();
    for i in 0..15 {
        text.push_str(&format!(
            "[[case]]\nname = \"s{i}\"\nfunction = \"log\"\ntrace-id = \"s{i}\"\n\n"
        ));
    }
    let suite = work.file("serial.toml", &text);
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "-j", "8"]));
    assert_eq!(out.code, 0, "{out:?}");
    let order: Vec<String> = (0..15).map(|i| format!("s{i}")).collect();
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().lines().collect::<Vec<_>>(),
        order
    );
    let finished: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.rsplit(" › ").next())
        .filter_map(|l| l.split("  ").next())
        .collect();
    assert_eq!(
        &finished[..15],
        order.iter().map(String::as_str).collect::<Vec<_>>().as_slice()
    );
}

#[test]
fn a_serial_case_runs_alone_between_concurrent_ones() {
    let work = TempDir::new();
    let function = overlap_function(&work.path);
    let emulator = Emulator::start(&["--function", &function]);
    let mut text = overlap_suite(6, false);
    text.push_str("[[case]]\nname = \"alone\"\nfunction = \"overlap\"\ntrace-id = \"alone\"\nserial = true\n\n");
    text.push_str(
        &overlap_suite(6, false)
            .replace("case ", "after ")
            .replace("case-", "after-"),
    );
    let suite = work.file("mixed.toml", &text);
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "-j", "6", "--json"]));
    assert_eq!(out.code, 0, "{out:?}");
    let alone = std::fs::read_to_string(work.path.join("peaks/alone")).unwrap();
    assert_eq!(alone.trim(), "1");
    // Results come in as they finish: the six before it, then it, then the six after.
    let names: Vec<String> = json_lines(&out.stdout)
        .iter()
        .filter_map(|l| l["name"].as_str().map(str::to_string))
        .collect();
    let at = names.iter().position(|n| *n == "alone").unwrap();
    assert_eq!(at, 6, "{names:?}");
    assert!(names[..6].iter().all(|n| n.starts_with("case ")), "{names:?}");
}

#[test]
fn filter_selects_cases_by_name() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        "[[case]]\nname = \"login works\"\nfunction = \"hello\"\n[[case]]\nname = \"logout works\"\nfunction = \"hello\"\n[[case]]\nname = \"checkout\"\nfunction = \"hello\"\n",
    );
    let out = yr_test(&[&suite, "-e", &emulator.url, "--filter", "^log(in|out)", "--json"]);
    let lines = json_lines(&out.stdout);
    let names: Vec<&str> = lines.iter().filter_map(|l| l["name"].as_str()).collect();
    assert_eq!(out.code, 0);
    assert_eq!(lines.len(), 3);
    assert!(
        names.contains(&"login works") && names.contains(&"logout works"),
        "{names:?}"
    );
    assert_eq!(
        (&summary(&lines)["passed"], &summary(&lines)["filtered_out"]),
        (&json!(2), &json!(1))
    );

    let out = yr_test(&[&suite, "-e", &emulator.url, "--filter", "nothing"]);
    assert_run(
        &out,
        2,
        "",
        "yr: error: --filter `nothing` matches none of the 3 cases\n",
    );
}

#[test]
fn fail_fast_starts_nothing_after_the_first_failure() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        "[[case]]\nname = \"ok\"\nfunction = \"hello\"\n[[case]]\nname = \"fails\"\nfunction = \"nosuch\"\n[[case]]\nname = \"later\"\nfunction = \"hello\"\n[[case]]\nname = \"last\"\nfunction = \"hello\"\n",
    );
    let junit = dir.path.join("report.xml");
    let out = yr_test(&[
        &suite,
        "-e",
        &emulator.url,
        "-j",
        "1",
        "--fail-fast",
        "-q",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    let expected = format!(
        "FAIL  {suite}:4 › fails  {{t}}\n      success: expected success (HTTP 2xx, code 0), got HTTP 500, code 150424 (function not found): function metadata not found [trace {{trace}}]\n      call: HTTP 500, code 150424 (function not found): function metadata not found · trace {{trace}} · exit 4 (request) · sn:cn:yrk:default:function:0@default@nosuch:latest\n1 passed, 1 failed; 2 not run (--fail-fast); {{t}}\n"
    );
    assert_eq!((out.code, masked(&out.stdout)), (8, expected));
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let skipped: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && n.children().any(|c| c.has_tag_name("skipped")))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(skipped, ["later", "last"]);
}

#[test]
fn ctrl_c_reports_what_ran_and_exits_130() {
    let home = TempDir::new();
    let started = home.path.join("slow-started");
    let emulator = Emulator::start(&["--function", &format!("slow=touch {}; sleep 5", started.display())]);
    let suite = home.file(
        "s.toml",
        "[[case]]\nname = \"quick\"\nfunction = \"hello\"\nserial = true\n\n[[case]]\nname = \"slow\"\nfunction = \"slow\"\nserial = true\n\n[[case]]\nname = \"never\"\nfunction = \"hello\"\n",
    );
    let junit = home.path.join("j.xml");
    let mut child = yr_child(
        &[
            "test",
            suite.to_str().unwrap(),
            "-e",
            &emulator.url,
            "--junit",
            junit.to_str().unwrap(),
        ],
        &home.path,
    );
    // The slow case's function has started, so the quick one is done and the slow one is running.
    assert!(
        wait_until(Duration::from_secs(10), || started.exists()),
        "the slow case never started"
    );
    let sent = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        // A hang guard; that yr did not wait the slow case out shows in its report: interrupted, not passed.
        if sent.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("yr test still running 30 s after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    let expected = format!(
        "PASS  {}:1 › quick  {{t}}\ninterrupted: 1 passed, 0 failed; 1 interrupted; 1 not run (interrupted); {{t}}\n",
        suite.display()
    );
    assert_eq!((code, masked(&stdout)), (Some(130), expected));
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(
        (root.attribute("tests"), root.attribute("skipped")),
        (Some("3"), Some("2"))
    );
}

// ---------------------------------------------------------------------------
// Reports: JUnit, JSON, and the token in none of them
// ---------------------------------------------------------------------------

#[test]
fn junit_is_well_formed_xml_with_the_right_counts() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let first = dir.file(
        "first.toml",
        "name = \"first suite\"\n[[case]]\nname = \"a <&> b\"\nfunction = \"hello\"\n[[case]]\nname = \"wrong\"\nfunction = \"hello\"\ntrace-id = \"t-wrong\"\nexpect.status = 201\n",
    );
    let second = dir.file(
        "second.toml",
        format!(
            "[[case]]\nname = \"gone\"\nfunction = \"hello\"\nendpoint = \"127.0.0.1:{}\"\n",
            closed_port()
        ),
    );
    let junit = dir.path.join("out/junit.xml");
    std::fs::create_dir_all(junit.parent().unwrap()).unwrap();
    let out =
        run(yr()
            .arg("test")
            .arg(&first)
            .arg(&second)
            .args(["-e", &emulator.url, "--junit", junit.to_str().unwrap()]));
    assert_eq!(out.code, 8, "{out:?}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let counts = |node: roxmltree::Node| {
        ["tests", "failures", "errors", "skipped"].map(|a| node.attribute(a).unwrap_or("?").to_string())
    };
    assert_eq!(counts(root), ["3", "1", "1", "0"]);
    let suites: Vec<roxmltree::Node> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 2);
    assert_eq!(suites[0].attribute("name"), Some("first suite"));
    assert_eq!(suites[1].attribute("name"), Some(second.to_str().unwrap()));
    assert_eq!(counts(suites[0]), ["2", "1", "0", "0"]);
    let cases: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    let names: Vec<&str> = cases.iter().filter_map(|n| n.attribute("name")).collect();
    assert_eq!(names, ["a <&> b", "wrong", "gone"]);
    let failure = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert_eq!(failure.attribute("message"), Some("status: expected 201, got 200"));
    assert_eq!(failure.attribute("type"), Some("status"));
    let text = failure.text().unwrap_or_default();
    assert!(text.contains("trace t-wrong") && text.contains("exit 0 (ok)"), "{text}");
    let error = cases[2].children().find(|n| n.has_tag_name("error")).expect("an error");
    assert_eq!(error.attribute("type"), Some("unreachable"));
    assert!(cases[0].attribute("time").is_some());
}

#[test]
fn junit_names_a_control_character_in_a_suite_name() {
    // XML 1.0 cannot hold ESC even escaped: the testsuite's name says it as `\u{1b}`, as its cases' classname does.
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        "name = \"smoke \\u001b[31m <&>\"\n[[case]]\nname = \"a\"\nfunction = \"hello\"\n",
    );
    let junit = dir.path.join("j.xml");
    let out = yr_test(&[&suite, "-e", &emulator.url, "-q", "--junit", junit.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{xml}"));
    let shown = "smoke \\u{1b}[31m <&>";
    let testsuite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a testsuite");
    assert_eq!(testsuite.attribute("name"), Some(shown));
    let testcase = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .expect("a testcase");
    assert_eq!(testcase.attribute("classname"), Some(shown));
}

#[test]
fn the_token_is_in_no_report() {
    let token = "s3cr3t-token-0123456789";
    // A hostile frontend that echoes the token back in its answer and headers.
    let server = ScriptedServer::start(vec![
        Reply::json(500, &format!(r#"{{"code":4002,"message":"bad token {token}"}}"#))
            .header("X-Inner-Code", "4002")
            .header("X-Echo", token),
    ]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        &format!(
            "[[case]]\nname = \"echoes\"\nfunction = \"f\"\nexpect.body-includes = {{ message = \"x\" }}\nexpect.headers = {{ X-Echo = \"{}\" }}\n",
            "other"
        ),
    );
    let junit = dir.path.join("j.xml");
    for json in [false, true] {
        let mut cmd = yr();
        cmd.env("YR_JWT_TOKEN", token)
            .args(["test", &suite, "-e", &server.url, "--junit", junit.to_str().unwrap()]);
        if json {
            cmd.arg("--json");
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 8, "{out:?}");
        let xml = std::fs::read_to_string(&junit).unwrap();
        for (what, text) in [("stdout", &out.stdout), ("stderr", &out.stderr), ("junit", &xml)] {
            assert!(!text.contains(token), "the token is in {what}: {text}");
        }
        assert!(
            out.stdout.contains("<redacted>") && xml.contains("<redacted>"),
            "{}",
            out.stdout
        );
    }
    // It was sent, as X-Auth.
    assert!(server.requests().iter().all(|r| r.header("X-Auth") == Some(token)));
}

#[test]
fn a_token_file_and_an_emulator_that_wants_it() {
    let dir = TempDir::new();
    let token_file = dir.file("token", "tok-abcdef\n");
    let emulator = Emulator::start(&["--token-file", token_file.to_str().unwrap()]);
    let suite = write_suite(
        &dir,
        "[[case]]\nname = \"a\"\nfunction = \"hello\"\n[[case]]\nname = \"refused without\"\nfunction = \"hello\"\nexpect.status = 401\n",
    );
    let out = yr_test(&[
        &suite,
        "-e",
        &emulator.url,
        "--token-file",
        token_file.to_str().unwrap(),
        "--filter",
        "^a$",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = yr_test(&[&suite, "-e", &emulator.url, "--filter", "refused"]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn the_manual_suite_runs_as_the_manual_says() {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/test.md")).unwrap();
    let section = &page[page.find("## `yr test FILE...`").expect("the yr test section")..];
    let start = section.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let suite_text = &section[start..start + section[start..].find("```").unwrap()];
    assert!(
        suite_text
            .starts_with("# smoke.toml: run it with `yr serve --function 'shop@checkout:3=cat' -- yr test smoke.toml`")
    );
    let dir = TempDir::new();
    dir.file(
        "fixtures/order.json",
        r#"{"order": 42, "items": [{"sku": "tea", "count": 2}]}"#,
    );
    let suite = dir.file("smoke.toml", suite_text);
    let out = run(yr().current_dir(&dir.path).args([
        "serve",
        "--function",
        "shop@checkout:3=cat",
        "--",
        "yr",
        "test",
        "smoke.toml",
        "--json",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = json_lines(&out.stdout);
    assert_eq!(
        (&summary(&lines)["passed"], &summary(&lines)["failed"]),
        (&json!(6), &json!(0))
    );
    assert!(suite.exists());
}

#[test]
fn a_case_timeout_bounds_its_call_and_a_suite_that_only_times_out_exits_7() {
    let emulator = Emulator::start(&["--function", "slow=sleep 3"]);
    let dir = TempDir::new();
    let suite = write_suite(
        &dir,
        "[defaults]\ntimeout = \"20s\"\n[[case]]\nname = \"too slow\"\nfunction = \"slow\"\ntimeout = \"300ms\"\n",
    );
    let out = yr_test(&[&suite, "-e", &emulator.url, "--json"]);
    let lines = json_lines(&out.stdout);
    let c = case(&lines, "too slow");
    assert_eq!(
        (out.code, &c["class"], &c["exit"]),
        (7, &json!("timeout"), &json!(7)),
        "{out:?}"
    );
    // The case's 300 ms, not the suite's 20 s, ended it: a 3 s function timed out, and the message names 300 ms (no
    // wall-clock bound on how long that took).
    assert_eq!(
        failures(c),
        [(
            "answer".to_string(),
            "an answer".to_string(),
            format!("no complete answer from {} within 300 ms (--timeout)", emulator.url)
        )]
    );
}

/// The wait each "retrying in X" note announces, in seconds (`850 µs`, `12.3 ms`, `1.5s`, `1m`).
fn announced_wait(line: &str) -> Option<f64> {
    let text = line.split("retrying in ").nth(1)?.split(" (attempt").next()?;
    let (number, unit) = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|i| text.split_at(i))?;
    let number: f64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "µs" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        "m" => 60.0,
        other => panic!("unknown unit {other:?} in {line:?}"),
    };
    Some(number * scale)
}

/// Issue 17: `retry = 8`, `retry-delay = "200ms"` and `retry-all-errors` against a down endpoint ran 46 s, the wait
/// doubling without a cap (12.8 s before the 8th attempt). Each announced wait stays under the 5 s cap; the run is
/// stopped once a wait at the cap has been announced, so the test does not wait out the retries.
#[test]
fn a_suite_case_retrying_a_down_endpoint_never_waits_past_the_cap() {
    const CAP: f64 = 5.0;
    let home = TempDir::new();
    let suite = home.file(
        "down.toml",
        "[[case]]\nname = \"down\"\nfunction = \"hello\"\nretry = 8\nretry-delay = \"200ms\"\nretry-all-errors = true\n",
    );
    let url = format!("http://127.0.0.1:{}", closed_port());
    let mut child = yr_child(&["test", suite.to_str().unwrap(), "-e", &url, "-v"], &home.path);
    let stderr = child.stderr.take().unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut waits = Vec::new();
    let mut seen = Vec::new();
    let reached_the_cap = loop {
        // A guard against a hang, not a bound on how long the retries take.
        let Ok(line) = received.recv_timeout(Duration::from_secs(120)) else {
            break false;
        };
        seen.push(line.clone());
        let Some(wait) = announced_wait(&line) else { continue };
        waits.push(wait);
        assert!(wait <= CAP, "a wait of {wait}s passes the {CAP}s cap: {seen:#?}");
        if wait == CAP {
            break true;
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(reached_the_cap, "no wait reached the cap: {seen:#?}");
    // The doubling before the cap: 200 ms, 400 ms, 800 ms, 1.6 s, 3.2 s, each times 0.75 to 1.25.
    for (i, wait) in waits.iter().take(5).enumerate() {
        let nominal = 0.2 * f64::from(1u32 << i);
        assert!(
            (nominal * 0.75..=nominal * 1.25).contains(wait),
            "wait {} is {wait}s: {seen:#?}",
            i + 1
        );
    }
    assert!(seen[0].contains("connection refused; retrying in "), "{seen:#?}");
}
