use crate::support::*;

// `yr test`'s repeats and report files (issue 19): --repeat N, --tap FILE, --jsonl FILE, through the real binary
// against the emulator on 127.0.0.1.

use serde_json::{Value, json};

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

// ---------------------------------------------------------------------------
// Repeats and reports (issue 19, item 6): --repeat N, --tap FILE, --jsonl FILE
// ---------------------------------------------------------------------------

/// A function that answers "odd" on its 1st, 3rd, ... call and "even" on the others: a case expecting "odd" passes
/// in odd rounds and fails in even ones. It counts its calls in `dir`/calls.
fn alternating(dir: &TempDir) -> String {
    let calls = dir.path.join("calls");
    format!(
        "flaky=n=$(cat '{0}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{0}'; if [ $((n % 2)) = 1 ]; then echo odd; else echo even; fi",
        calls.display()
    )
}

fn calls(dir: &TempDir) -> String {
    std::fs::read_to_string(dir.path.join("calls"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

const ROUNDS_SUITE: &str = r#"[[case]]
name = "steady"
function = "hello"
body = { name = "a" }

[[case]]
name = "flaky"
function = "flaky"
expect.body = "odd"

[[case]]
name = "always"
function = "hello"
body = { name = "a" }
expect.body = "never"
"#;

#[test]
fn repeat_reports_each_round_and_flags_a_case_that_fails_in_some() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &alternating(&dir)]);
    let suite = dir.file("rounds.toml", ROUNDS_SUITE);
    let shown = suite.display().to_string();
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "-j", "1", "--repeat", "4"]));
    assert_eq!(out.code, 8, "{out:?}");
    // Each round's cases, then the flaky and always-failing ones, then the count:
    // tests/snapshots/integration__yr_test_reports__repeat_text.snap.
    assert_snap!(timed: "repeat_text", out.stdout.replace(&shown, "SUITE"));
    assert_eq!(calls(&dir), "4");

    // --json: every case object carries its round; the summary counts each case's failed rounds.
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--repeat", "3", "--json"]));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let rounds_of = |name: &str, result: &str| -> Vec<u64> {
        let mut rounds: Vec<u64> = lines
            .iter()
            .filter(|l| l["type"] == "case" && l["name"] == name && l["result"] == result)
            .map(|l| l["round"].as_u64().expect("a round"))
            .collect();
        rounds.sort_unstable();
        rounds
    };
    // Calls 5, 6, 7: odd, even, odd.
    assert_eq!(rounds_of("steady", "passed"), [1, 2, 3]);
    assert_eq!(
        (rounds_of("flaky", "passed"), rounds_of("flaky", "failed")),
        (vec![1, 3], vec![2])
    );
    assert_eq!(rounds_of("always", "failed"), [1, 2, 3]);
    let summary = lines.last().unwrap();
    assert_eq!(
        (
            &summary["passed"],
            &summary["failed"],
            &summary["rounds"],
            &summary["repeat"],
            &summary["exit"]
        ),
        (&json!(5), &json!(4), &json!(3), &json!(3), &json!(8)),
        "{summary}"
    );
    assert_eq!(
        summary["failed_cases"],
        json!([
            {"file": shown, "name": "flaky", "line": 6, "rounds_run": 3, "failed_rounds": [2], "flaky": true},
            {"file": shown, "name": "always", "line": 11, "rounds_run": 3, "failed_rounds": [1, 2, 3], "flaky": false},
        ])
    );

    // Without --repeat, nothing changes: no round anywhere.
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--json", "--filter", "steady"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("\"round"), "{}", out.stdout);
}

#[test]
fn fail_fast_stops_the_repeats_at_the_first_failing_round() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &alternating(&dir)]);
    let suite = dir.file("rounds.toml", ROUNDS_SUITE);
    let out = run(yr().arg("test").arg(&suite).args([
        "-e",
        &emulator.url,
        "--filter",
        "flaky",
        "--repeat",
        "10",
        "--fail-fast",
        "--json",
    ]));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let cases: Vec<(&Value, &Value)> = lines
        .iter()
        .filter(|l| l["type"] == "case")
        .map(|l| (&l["round"], &l["result"]))
        .collect();
    assert_eq!(cases, [(&json!(1), &json!("passed")), (&json!(2), &json!("failed"))]);
    let summary = lines.last().unwrap();
    assert_eq!(
        (&summary["rounds"], &summary["stopped"]),
        (&json!(2), &json!("fail-fast"))
    );
    assert_eq!(calls(&dir), "2");

    let text = run(yr().arg("test").arg(&suite).args([
        "-e",
        &emulator.url,
        "--filter",
        "flaky",
        "--repeat",
        "10",
        "--fail-fast",
        "-q",
    ]));
    // Calls 3 (odd: passes) and 4 (even: fails).
    assert!(
        redact_timed(&text.stdout)
            .ends_with("1 passed, 1 failed; 2 filtered out; 2 of 10 rounds (--fail-fast); [DURATION]\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn captures_start_afresh_in_each_round() {
    let dir = TempDir::new();
    // A capture that finds its value on odd calls only.
    let calls = dir.path.join("calls");
    let order = format!(
        "order=n=$(cat '{0}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{0}'; if [ $((n % 2)) = 1 ]; then echo '{{\"id\":\"o-1\"}}'; else echo '{{}}'; fi",
        calls.display()
    );
    let emulator = Emulator::start(&["--function", &order]);
    let suite = dir.file(
        "rounds.toml",
        r#"[[case]]
name = "order"
function = "order"
capture = { id = "$.id" }

[[case]]
name = "reader"
serial = true
function = "echo"
body = { id = "${id}" }
expect.body = { id = "o-1" }
"#,
    );
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--repeat", "2", "--json"]));
    assert_eq!(out.code, 8, "{out:?}");
    let lines = json_lines(&out.stdout);
    let result = |name: &str, round: u64| {
        lines
            .iter()
            .find(|l| l["name"] == name && l["round"] == round)
            .map(|l| l["result"].clone())
    };
    assert_eq!(result("reader", 1), Some(json!("passed")));
    // Round 2 captured nothing: the reader does not see round 1's value.
    assert_eq!(result("order", 2), Some(json!("failed")));
    assert_eq!(result("reader", 2), Some(json!("failed")), "{}", out.stdout);
}

#[test]
fn repeat_counts_outside_one_to_ten_thousand_are_refused_naming_the_flag() {
    let dir = TempDir::new();
    let suite = dir.file("s.toml", "[[case]]\nname = \"a\"\nfunction = \"f\"\n");
    for bad in ["0", "-1", "10001", "many"] {
        let out = run(yr()
            .arg("test")
            .arg(&suite)
            .args(["-e", "http://127.0.0.1:9", "--repeat", bad]));
        assert_eq!(out.code, 2, "{bad}: {out:?}");
        assert!(
            out.stderr
                .starts_with(&format!("error: invalid value '{bad}' for '--repeat <N>': ")),
            "{bad}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{bad}: {}", out.stdout);
    }
}

/// One TAP test point: `ok` or `not ok`, its number, its description (with any directive), its YAML `lines`.
struct TapPoint {
    ok: bool,
    number: usize,
    description: String,
    lines: Vec<String>,
}

/// TAP read back: the plan's count and the test points.
fn tap_points(tap: &str) -> (usize, Vec<TapPoint>) {
    let mut lines = tap.lines();
    assert_eq!(lines.next(), Some("TAP version 13"), "{tap}");
    let plan = lines.next().and_then(|l| l.strip_prefix("1..")).expect("a plan line");
    let plan: usize = plan.parse().expect("a plan count");
    let mut points: Vec<TapPoint> = Vec::new();
    let mut in_yaml = false;
    for line in lines {
        if line == "  ---" {
            in_yaml = true;
        } else if line == "  ..." {
            in_yaml = false;
        } else if in_yaml {
            if let Some(item) = line.strip_prefix("    - ") {
                let text: String = serde_json::from_str(item).unwrap_or_else(|e| panic!("{e}: {item}"));
                points.last_mut().expect("a point before its block").lines.push(text);
            }
        } else {
            let (ok, rest) = match line.strip_prefix("not ok ") {
                Some(rest) => (false, rest),
                None => (
                    true,
                    line.strip_prefix("ok ").unwrap_or_else(|| panic!("not TAP: {line}")),
                ),
            };
            let (number, description) = rest.split_once(" - ").expect("a number and a description");
            points.push(TapPoint {
                ok,
                number: number.parse().unwrap(),
                description: description.to_string(),
                lines: Vec::new(),
            });
        }
    }
    (plan, points)
}

#[test]
fn tap_and_json_lines_files_beside_junit_and_json() {
    let emulator = Emulator::start(&[]);
    let dir = TempDir::new();
    let suite = dir.file(
        "reports.toml",
        r#"[[case]]
name = "greets"
function = "hello"
body = { name = "a" }

[[case]]
name = "order # 42"
function = "echo"
body = { order = 41, items = ["tea"] }
expect.body-includes = { order = 42 }

[[case]]
name = "later"
function = "hello"
"#,
    );
    let shown = suite.display().to_string();
    let (tap, jsonl, junit) = (dir.path.join("t.tap"), dir.path.join("r.jsonl"), dir.path.join("j.xml"));
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "-j", "1", "--fail-fast", "--json"])
        .args([
            "--tap".as_ref(),
            tap.as_os_str(),
            "--jsonl".as_ref(),
            jsonl.as_os_str(),
            "--junit".as_ref(),
            junit.as_os_str(),
        ]));
    assert_eq!(out.code, 8, "{out:?}");

    // JSON Lines: the lines --json printed, each an object.
    let written = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(written, out.stdout);
    assert_eq!(json_lines(&written).len(), 4);

    // TAP: a plan that matches its points, numbered in order; a failure's YAML block holds JUnit's failure text.
    let (plan, points) = tap_points(&std::fs::read_to_string(&tap).unwrap());
    assert_eq!(plan, points.len());
    assert_eq!(points.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(points.iter().map(|p| p.ok).collect::<Vec<_>>(), [true, false, true]);
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    let junit_lines: Vec<String> = failure.text().unwrap_or_default().lines().map(String::from).collect();
    assert_eq!(points[1].lines, junit_lines);
    // The three reports word for word: tests/snapshots/integration__yr_test_reports__report_{tap,junit,jsonl}.snap.
    let as_reviewed = |text: String| text.replace(&shown, "SUITE");
    assert_snap!(timed: "report_tap", as_reviewed(std::fs::read_to_string(&tap).unwrap()));
    assert_snap!(timed: "report_junit", as_reviewed(xml.clone()));
    assert_snap!(timed: "report_jsonl", as_reviewed(written.clone()));

    // With --repeat: a test point per case per round; the text report on stdout all the while.
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--repeat", "3"])
        .args(["--tap".as_ref(), tap.as_os_str(), "--jsonl".as_ref(), jsonl.as_os_str()]));
    assert_eq!(out.code, 8, "{out:?}");
    assert!(out.stdout.contains("6 passed, 3 failed; 3 rounds;"), "{}", out.stdout);
    let (plan, points) = tap_points(&std::fs::read_to_string(&tap).unwrap());
    assert_eq!((plan, points.len()), (9, 9));
    assert_eq!(points.iter().filter(|p| !p.ok).count(), 3);
    assert!(
        points
            .iter()
            .filter(|p| !p.ok)
            .all(|p| p.description.starts_with(&format!("{shown}:6 › order \\# 42 (round ")))
    );
    let lines = json_lines(&std::fs::read_to_string(&jsonl).unwrap());
    assert_eq!(lines.len(), 10);
    assert!(lines[..9].iter().all(|l| l["type"] == "case" && l["round"].is_u64()));
    assert_eq!(lines[9]["type"], "summary");
}

#[test]
fn tap_and_jsonl_files_are_checked_before_anything_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"")]);
    let dir = TempDir::new();
    let suite = dir.file("s.toml", "[[case]]\nname = \"a\"\nfunction = \"f\"\n");
    for flag in ["--tap", "--jsonl"] {
        let out = run(yr()
            .arg("test")
            .arg(&suite)
            .args(["-e", &server.url, flag, "/no/such/dir/r.out"]));
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (
                2,
                format!("yr: error: {flag} /no/such/dir/r.out: the folder /no/such/dir does not exist\n").as_str()
            )
        );
        let out = run(yr()
            .arg("test")
            .arg(&suite)
            .args(["-e", &server.url, flag])
            .arg(&dir.path));
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr.contains(&format!("{flag} ")), "{}", out.stderr);
    }
    let same = dir.path.join("same.out");
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &server.url, "--tap"])
        .arg(&same)
        .arg("--jsonl")
        .arg(&same));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("--tap") && out.stderr.contains("--jsonl"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
}

#[test]
fn the_token_is_in_neither_tap_nor_json_lines() {
    let token = "s3cr3t-token-0123456789";
    let server = ScriptedServer::start(vec![
        Reply::json(500, &format!(r#"{{"code":4002,"message":"bad token {token}"}}"#)).header("X-Inner-Code", "4002"),
    ]);
    let dir = TempDir::new();
    let suite = dir.file(
        "s.toml",
        "[[case]]\nname = \"echoes\"\nfunction = \"f\"\nexpect.body-includes = { message = \"x\" }\n",
    );
    let (tap, jsonl) = (dir.path.join("t.tap"), dir.path.join("r.jsonl"));
    let out = run(yr()
        .env("YR_JWT_TOKEN", token)
        .arg("test")
        .arg(&suite)
        .args(["-e", &server.url, "--tap"])
        .arg(&tap)
        .arg("--jsonl")
        .arg(&jsonl));
    assert_eq!(out.code, 8, "{out:?}");
    for path in [&tap, &jsonl] {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(!text.contains(token) && text.contains("<redacted>"), "{text}");
    }
}

#[test]
fn ctrl_c_during_a_repeat_reports_what_ran_and_starts_no_other_round() {
    let dir = TempDir::new();
    let calls = dir.path.join("calls");
    // Quick on its first call, then slow: round 2 is still running it when Ctrl-C comes.
    let slow = format!(
        "slow=n=$(cat '{0}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{0}'; if [ $n -gt 1 ]; then sleep 30; fi; echo done",
        calls.display()
    );
    let emulator = Emulator::start(&["--function", &slow]);
    let suite = dir.file(
        "s.toml",
        "[[case]]\nname = \"quick\"\nfunction = \"hello\"\nserial = true\n\n[[case]]\nname = \"slow\"\nfunction = \"slow\"\nserial = true\n\n[[case]]\nname = \"never\"\nfunction = \"hello\"\nserial = true\n",
    );
    let tap = dir.path.join("t.tap");
    let mut child = yr_with_home(&dir.path)
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--repeat", "5", "--json", "--tap"])
        .arg(&tap)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start yr");
    // Round 2's slow call has begun when it has counted itself (the 30 s bound is a hang guard only).
    let begun = wait_until(std::time::Duration::from_secs(30), || {
        std::fs::read_to_string(&calls).unwrap_or_default().trim() == "2" || child.try_wait().ok().flatten().is_some()
    });
    assert!(
        begun && child.try_wait().unwrap().is_none(),
        "yr test ended, or never reached round 2's slow call"
    );
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    let mut ran: Vec<(u64, String, String)> = lines
        .iter()
        .filter(|l| l["type"] == "case")
        .map(|l| {
            (
                l["round"].as_u64().unwrap(),
                l["name"].as_str().unwrap().to_string(),
                l["result"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    ran.sort();
    let row = |round: u64, name: &str, result: &str| (round, name.to_string(), result.to_string());
    assert_eq!(
        ran,
        [
            row(1, "never", "passed"),
            row(1, "quick", "passed"),
            row(1, "slow", "passed"),
            row(2, "never", "not_run"),
            row(2, "quick", "passed"),
            row(2, "slow", "interrupted"),
        ]
    );
    let summary = lines.last().unwrap();
    assert_eq!(
        (
            &summary["stopped"],
            &summary["rounds"],
            &summary["repeat"],
            &summary["exit"]
        ),
        (&json!("interrupted"), &json!(2), &json!(5), &json!(130))
    );
    let (plan, points) = tap_points(&std::fs::read_to_string(&tap).unwrap());
    assert_eq!((plan, points.len()), (6, 6));
    assert!(
        points[4]
            .description
            .ends_with("(round 2) # SKIP interrupted while running"),
        "{}",
        points[4].description
    );
}
