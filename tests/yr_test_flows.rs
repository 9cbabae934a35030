use crate::support::*;

// `yr test` flows (issue 19): a case's steps, captures, `until` waits, --var/--vars/--secret, through the real
// binary against the emulator on 127.0.0.1.

use std::path::Path;

use serde_json::Value;

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

fn case<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["type"] == "case" && l["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in {lines:#?}"))
}

const ORDER: &str = r#"order=printf '{"order":{"id":"o-7","items":[{"sku":"tea"}]}}'"#;

/// The functions examples/flow.toml calls, as its comment and docs/test.md run them (from the repository's root).
fn flow_args() -> [&'static str; 6] {
    [
        "--function",
        "deploy=sh examples/flow/deploy.sh",
        "--function",
        "ready=sh examples/flow/ready.sh",
        "--function",
        "track=sh examples/flow/track.sh",
    ]
}

/// The repository's root, where the examples' `--function` commands are run from.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/*.toml`, as the shell expands it: relative to the root, in sorted order.
fn example_suites() -> Vec<String> {
    let mut suites: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .map(|name| format!("examples/{name}"))
        .collect();
    suites.sort();
    suites
}

/// Text with durations (`9.7 ms`, `1.2s`, `412 µs`) replaced by `{t}`.
fn durations_masked(text: &str) -> String {
    let duration = regex_lite::Regex::new(r"\d+(\.\d+)? ?(µs|ms|s|m)\b").unwrap();
    duration.replace_all(text, "{t}").into_owned()
}

/// The text report's lines, durations masked and sorted: cases print as they finish, in no fixed order.
fn report_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = durations_masked(text).lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn steps_share_captures_and_a_failing_step_is_named_in_every_report() {
    let emulator = Emulator::start(&["--function", ORDER]);
    let dir = TempDir::new();
    let suite = dir.file(
        "flow.toml",
        r#"
[[case]]
name = "order ships"
[[case.step]]
name = "order"
function = "order"
capture = { order_id = "$.order.id", sku = "$.order.items[0].sku", code = "code" }
[[case.step]]
function = "echo"
body = { id = "${order_id}", sku = "${sku}", code = "${code}" }
expect.body = { id = "o-7", sku = "tea", code = "0" }

[[case]]
name = "later serial case reads the capture"
serial = true
[[case.step]]
kind = "pause"
duration = "1ms"
[[case.step]]
name = "check the id"
function = "echo"
body = { id = "${order_id}" }
expect.body = { id = "o-8" }
"#,
    );
    let junit = dir.path.join("j.xml");
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--json", "--junit"])
        .arg(&junit));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    assert_eq!(case(&lines, "order ships")["result"], "passed");
    let failed = case(&lines, "later serial case reads the capture");
    assert_eq!(failed["result"], "failed");
    assert_eq!(
        failed["step"],
        serde_json::json!({"index": 2, "name": "check the id", "kind": "invoke", "tries": 1})
    );
    assert_eq!(failed["failures"][0]["got"], r#"{"id":"o-7"}"#);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains(r#"<property name="step" value="step 2 &quot;check the id&quot; (invoke)"/>"#),
        "{xml}"
    );

    let text = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url]));
    assert_eq!(text.code, 8);
    assert!(
        text.stdout.contains(
            "      step 2 \"check the id\" (invoke)\n      body: expected {\"id\":\"o-8\"}, got {\"id\":\"o-7\"}\n"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn a_capture_that_finds_nothing_fails_its_step_naming_the_path() {
    let emulator = Emulator::start(&["--function", ORDER]);
    let dir = TempDir::new();
    let suite = dir.file(
        "flow.toml",
        "[[case]]\nname = \"c\"\nfunction = \"order\"\ncapture = { id = \"$.order.number\" }\n",
    );
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "--json"]));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let failures = &case(&lines, "c")["failures"][0];
    assert_eq!(failures["key"], "capture");
    assert_eq!(failures["expected"], "id from $.order.number");
    assert_eq!(failures["got"], "nothing at $.order.number in the body");
}

#[test]
fn flow_mistakes_are_placed_and_nothing_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"")]);
    let dir = TempDir::new();
    let cases: &[(&str, &str)] = &[
        (
            "[[case]]\nname = \"a\"\n[[case.step]]\nfunction = \"f\"\n[[case.step]]\nfunction = \"g\"\nbody = { id = \"${order_id}\" }\n",
            "7:15: case \"a\", key `step[1].body.id`: order_id is not set: no --var, --vars file, environment variable or earlier capture gives it a value (use ${order_id:-DEFAULT} for a fallback)",
        ),
        // A value a later step captures is not there yet: it is refused as any unset one, before anything is sent.
        (
            "[[case]]\nname = \"a\"\n[[case.step]]\nfunction = \"f\"\nbody = { x = \"${later}\" }\n[[case.step]]\nfunction = \"g\"\ncapture = { later = \"$\" }\n",
            "5:14: case \"a\", key `step[0].body.x`: later is not set: no --var, --vars file, environment variable or earlier capture gives it a value (use ${later:-DEFAULT} for a fallback)",
        ),
        (
            "[[case]]\nname = \"a\"\n[[case.step]]\nkind = \"sleep\"\n",
            "4:8: case \"a\", key `step[0].kind`: unknown variant `sleep`, expected one of `invoke`, `result`, `session-delete`, `health`, `pause`",
        ),
        (
            "[[case]]\nname = \"a\"\n[[case.step]]\nfunction = \"f\"\nuntil = { interval = \"1s\" }\n",
            "5:9: case \"a\", key `step[0].until.deadline`: `until` needs a `deadline` (as `deadline = \"60s\"`): a wait without one could hold the run for ever",
        ),
        (
            "[[case]]\nname = \"a\"\nfunction = \"f\"\n[[case.step]]\nfunction = \"g\"\n",
            "3:12: case \"a\", key `function`: a case with steps holds only `name`, `serial` and `step`: `function` goes in a step (or in [defaults])",
        ),
        (
            "[[case]]\nname = \"a\"\n[[case.step]]\nkind = \"result\"\nfunction = \"f\"\n",
            "5:12: case \"a\", key `step[0].function`: a result step does not take `function`",
        ),
        (
            "[[case]]\nname = \"a\"\n[[case.step]]\nfunction = \"f\"\ncapture = { id = \"order.id\" }\n",
            "5:18: case \"a\", key `step[0].capture.id`: `order.id` is not something to capture: write a JSON path of the body (`$.order.id`), `header NAME`, `request-id`, `trace-id`, `code` or `status`",
        ),
    ];
    for (text, message) in cases {
        let suite = dir.file("bad.toml", text);
        let out = run(yr().arg("test").arg(&suite).args(["-e", &server.url]));
        assert_run(&out, 2, "", &format!("yr: error: {}:{message}\n", suite.display()));
    }
    assert_eq!(server.count(), 0, "a request was sent");
}

/// A variable's value is taken as it is written: `${...}` in it is not expanded again, so variables cannot refer to
/// each other, and no cycle of them can hold a run (`A=${B}`, `B=${A}` in a --vars file send `${B}` as text).
#[test]
fn variable_values_are_literal_so_no_cycle_can_form() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let vars = dir.file("cycle.env", "A=${B}\nB=${A}\n");
    let suite = dir.file(
        "s.toml",
        "[[case]]\nname = \"c\"\nfunction = \"echo\"\nbody = { a = \"${A}\", b = \"${B}\" }\nexpect.body = { a = \"$${B}\", b = \"$${A}\" }\n",
    );
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .arg("--vars")
        .arg(&vars)
        .args(["-e", &emulator.url]));
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn until_tries_again_until_the_expectations_hold_and_a_deadline_that_runs_out_fails() {
    let emulator = Emulator::start(&["--function", "down=echo starting >&2; exit 1"]);
    let dir = TempDir::new();
    let counter = dir.path.join("n");
    let warm = format!(
        "warm=n=$(cat {c} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {c}; [ $n -ge 3 ] && echo '\"ready\"' || {{ echo starting >&2; exit 1; }}",
        c = counter.display()
    );
    let emulator_warm = Emulator::start(&["--function", &warm]);
    let suite = dir.file(
        "flow.toml",
        "[[case]]\nname = \"warms up\"\nfunction = \"warm\"\nuntil = { deadline = \"30s\", interval = \"10ms\", backoff = true }\nexpect.body = \"ready\"\n",
    );
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator_warm.url, "--json"]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = json_lines(&out.stdout);
    assert_eq!(case(&lines, "warms up")["step"]["tries"], 3);

    let suite = dir.file(
        "down.toml",
        "[[case]]\nname = \"never up\"\nfunction = \"down\"\nuntil = { deadline = \"3s\", interval = \"20ms\" }\n",
    );
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "--json"]));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let failed = case(&lines, "never up");
    assert!(failed["step"]["tries"].as_u64().unwrap() > 1, "{failed}");
    let keys: Vec<&str> = failed["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["success", "until"], "{failed}");
    assert_eq!(failed["code"], 4002);
}

/// An `until` whose last try is cut short by the deadline fails with the answer before it: the function's own
/// failure (exit 8, its inner code), not "every call timed out" (exit 7). On a loaded runner the last try of any
/// `until` can be cut short; here it always is, because the third try never answers.
#[test]
fn until_cut_short_by_its_deadline_reports_the_last_answer() {
    let dir = TempDir::new();
    let counter = dir.path.join("n");
    let function = format!(
        "slow=n=$(cat {c} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {c}; [ $n -ge 3 ] && sleep 60; echo starting >&2; exit 1",
        c = counter.display()
    );
    let emulator = Emulator::start(&["--function", &function]);
    let suite = dir.file(
        "slow.toml",
        "[[case]]\nname = \"slow\"\nfunction = \"slow\"\nuntil = { deadline = \"8s\", interval = \"10ms\" }\n",
    );
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "--json"]));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let failed = case(&lines, "slow");
    assert_eq!(failed["code"], 4002, "the answer of the try before the cut: {failed}");
    let until = failed["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "until")
        .unwrap_or_else(|| panic!("no until failure: {failed}"));
    assert!(
        until["got"]
            .as_str()
            .unwrap()
            .contains("the last try, cut short by the deadline, got no answer"),
        "{until}"
    );
}

#[test]
fn async_results_sessions_and_health_steps() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = dir.file(
        "flow.toml",
        r#"
[[case]]
name = "async"
[[case.step]]
function = "hello"
async = true
body = { name = "x" }
capture = { rid = "request-id" }
[[case.step]]
kind = "result"
request-id = "${rid}"
poll-interval = "20ms"
expect.body = "hello x"
[[case.step]]
kind = "health"
wait = "5s"
[[case.step]]
function = "echo"
session-id = "s-1"
body = { a = 1 }
[[case.step]]
kind = "session-delete"
function = "echo"
session-id = "s-1"
expect.status = 200
[[case.step]]
kind = "session-delete"
function = "echo"
session-id = "s-1"
expect.code = 200404
"#,
    );
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "--json"]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = json_lines(&out.stdout);
    assert_eq!(case(&lines, "async")["step"]["index"], 6);
}

#[test]
fn an_async_case_reports_its_trace_id() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = dir.file(
        "s.toml",
        "[[case]]\nname = \"a\"\nfunction = \"hello\"\nasync = true\nwait = true\npoll-interval = \"20ms\"\ntrace-id = \"t-async-1\"\nbody = { name = \"x\" }\n",
    );
    let junit = dir.path.join("j.xml");
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--json", "--junit"])
        .arg(&junit));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(case(&json_lines(&out.stdout), "a")["trace_id"], "t-async-1");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains(r#"<property name="trace_id" value="t-async-1"/>"#),
        "{xml}"
    );
}

#[test]
fn variables_come_from_var_over_vars_over_the_environment_and_secrets_are_hidden() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let vars = dir.file(
        "ci.env",
        "# CI values\nexport A='from file'\nB=\"file b\"\nKEY=s3cret-value\n",
    );
    let suite = dir.file(
        "s.toml",
        "[[case]]\nname = \"v\"\nfunction = \"echo\"\nbody = { a = \"${A}\", b = \"${B}\", c = \"${C}\", key = \"${KEY}\" }\nexpect.body = { a = \"flag\" }\n",
    );
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--json", "--var", "A=flag", "--vars"])
        .arg(&vars)
        .args(["--secret", "KEY"])
        .env("C", "env c")
        .env("B", "env b"));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let got = case(&lines, "v")["failures"][0]["got"].as_str().unwrap().to_string();
    assert_eq!(got, r#"{"a":"flag","b":"file b","c":"env c","key":"<redacted>"}"#);
    assert!(!out.stdout.contains("s3cret-value") && !out.stderr.contains("s3cret-value"));

    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--var", "nope"]));
    assert_run(&out, 2, "", "yr: error: --var `nope` is not NAME=VALUE\n");
}

#[test]
fn the_example_flow_suite_passes_and_a_broken_copy_names_its_step() {
    let root = root();
    let suite = root.join("examples/flow.toml");
    let out = run(yr()
        .current_dir(root)
        .arg("serve")
        .args(flow_args())
        .args(["--", "yr", "test"])
        .arg(&suite)
        .arg("--json"));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = json_lines(&out.stdout);
    let summary = lines.last().unwrap();
    assert_eq!(
        (summary["passed"].as_u64(), summary["failed"].as_u64()),
        (Some(4), Some(0)),
        "{summary}"
    );

    let dir = TempDir::new();
    let text = std::fs::read_to_string(&suite).unwrap();
    let broken = text.replace("expect.body = \"hello later\"", "expect.body = \"hello sooner\"");
    assert_ne!(broken, text);
    let copy = dir.file("flow.toml", broken);
    let out = run(yr()
        .current_dir(root)
        .arg("serve")
        .args(flow_args())
        .args(["--", "yr", "test"])
        .arg(&copy));
    assert_eq!(out.code, 8, "{out:?}");
    assert!(
        out.stdout.contains("      step 3 \"its result\" (result)\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_broken_predicate_on_the_examples_last_frame_fails_its_case() {
    let text = std::fs::read_to_string(root().join("examples/flow.toml")).unwrap();
    let broken = text.replace(
        r#"{ frame = "last", path = "$.state", eq = "delivered" }"#,
        r#"{ frame = "last", path = "$.state", eq = "shipped" }"#,
    );
    assert_ne!(broken, text);
    let dir = TempDir::new();
    let copy = dir.file("flow.toml", broken);
    let out = run(yr()
        .current_dir(root())
        .arg("serve")
        .args(flow_args())
        .args(["--", "yr", "test"])
        .arg(&copy)
        .arg("--json"));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let failed = case(&lines, "an order is tracked until it is delivered");
    assert_eq!(failed["failures"][0]["key"], "assert", "{failed}");
    assert_eq!(
        failed["failures"][0]["expected"], r#"last frame $.state == "shipped""#,
        "{failed}"
    );
    assert_eq!(failed["failures"][0]["got"], r#""delivered""#, "{failed}");
}

/// The example suites together, as docs/test.md and examples/flow.toml say to run them: one emulator serving the flow
/// functions (smoke.toml needs only the built-in ones), `yr test examples/*.toml`.
#[test]
fn every_example_suite_passes_under_one_emulator() {
    let suites = example_suites();
    assert_eq!(suites, ["examples/flow.toml", "examples/smoke.toml"]);
    let out = run(yr()
        .current_dir(root())
        .arg("serve")
        .args(flow_args())
        .args(["--", "yr", "test"])
        .args(&suites)
        .arg("--json"));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = json_lines(&out.stdout);
    let summary = lines.last().unwrap();
    assert_eq!(
        (summary["passed"].as_u64(), summary["failed"].as_u64()),
        (Some(11), Some(0)),
        "{summary}"
    );
    let page = std::fs::read_to_string(root().join("docs/test.md")).unwrap();
    let command = format!(
        "yr serve --function '{}' --function '{}' \\\n    --function '{}' -- yr test examples/*.toml",
        flow_args()[1],
        flow_args()[3],
        flow_args()[5]
    );
    assert!(page.contains(&command), "docs/test.md does not say `{command}`");
}

/// docs/test.md's "Flows in full" quotes examples/flow.toml whole and the text report it prints, so neither can rot.
#[test]
fn the_manual_quotes_the_example_flow_suite_and_its_report() {
    let page = std::fs::read_to_string(root().join("docs/test.md")).unwrap();
    let section = &page[page.find("### Flows in full").expect("the Flows in full section")..];
    let fenced = |open: &str| -> &str {
        let start = section.find(open).unwrap_or_else(|| panic!("no {open:?} block")) + open.len();
        &section[start..start + section[start..].find("```").unwrap()]
    };
    let suite = std::fs::read_to_string(root().join("examples/flow.toml")).unwrap();
    assert_eq!(
        fenced("```toml\n"),
        suite,
        "docs/test.md's copy of examples/flow.toml differs"
    );

    let report = fenced("```\n$ ");
    let (command, printed) = report.split_once('\n').unwrap();
    let expected_command = format!(
        "yr serve -q --function '{}' --function '{}' --function '{}' -- yr test examples/flow.toml",
        flow_args()[1],
        flow_args()[3],
        flow_args()[5]
    );
    assert_eq!(command, expected_command);
    let out = run(yr().current_dir(root()).args(["serve", "-q"]).args(flow_args()).args([
        "--",
        "yr",
        "test",
        "examples/flow.toml",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(report_lines(printed), report_lines(&out.stdout), "{}", out.stdout);
}
