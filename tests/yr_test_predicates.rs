use crate::support::*;

// `yr test` predicates (issue 19): `[[case.expect.assert]]` on JSON paths of the body and of frames, on headers and
// on the frame count; arrays in order unless `expect.arrays = "set"`; and mismatches with difference lines, in the
// text report, `--json`, JUnit and `yr invoke --expect-body`. Every suite runs against the emulator on 127.0.0.1.

use serde_json::Value;

/// An order as a function answers it, and a stream of three states.
const ORDER: &str = r#"order=printf '{"total": 12, "state": "paid", "items": [{"sku": "tea"}, {"sku": "cake"}], "tags": ["a", "b"], "name": "你好", "note": null, "a key": 1}'"#;
const STEPS: &str = r#"steps=printf '{"state":"placed"}\n{"state":"paid"}\n{"state":"done"}\n'"#;

fn emulator() -> Emulator {
    Emulator::start(&["--function", ORDER, "--function", STEPS])
}

/// `yr test SUITE -e URL --json`, its exit code and lines.
fn run_suite(emulator: &Emulator, text: &str) -> (i32, Vec<Value>, String) {
    let dir = TempDir::new();
    let suite = dir.file("suite.toml", text);
    let out = run(yr().arg("test").arg(&suite).args(["-e", &emulator.url, "--json"]));
    let lines = out
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    (out.code, lines, out.stderr)
}

/// A case of a `--json` run, by name.
fn case<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["type"] == "case" && l["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in {lines:#?}"))
}

/// A case's failures as `KEY: expected E, got G` lines, each followed by its detail lines.
fn failures(lines: &[Value], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in case(lines, name)["failures"].as_array().expect("failures") {
        out.push(format!(
            "{}: expected {}, got {}",
            f["key"].as_str().unwrap_or_default(),
            f["expected"].as_str().unwrap_or_default(),
            f["got"].as_str().unwrap_or_default()
        ));
        for d in f["detail"].as_array().expect("detail") {
            out.push(format!("  {}", d.as_str().unwrap_or_default()));
        }
    }
    out
}

/// A suite of one case per line of `(name, function, extra TOML)`.
fn suite_of(cases: &[(&str, &str, &str)]) -> String {
    cases
        .iter()
        .map(|(name, function, extra)| {
            let stream = if *function == "steps" { "stream = true\n" } else { "" };
            format!("[[case]]\nname = \"{name}\"\nfunction = \"{function}\"\n{stream}{extra}\n\n")
        })
        .collect()
}

/// What each predicate and subject passes on, one case each.
const PASSING: &[(&str, &str, &str)] = &[
    ("eq", "order", "expect.assert = [{ path = \"$.total\", eq = 12.0 }]"),
    (
        "eq array",
        "order",
        "expect.assert = [{ path = \"$.tags\", eq = [\"a\", \"b\"] }]",
    ),
    (
        "ne",
        "order",
        "expect.assert = [{ path = \"$.state\", ne = \"placed\" }]",
    ),
    ("lt", "order", "expect.assert = [{ path = \"$.total\", lt = 12.5 }]"),
    ("le", "order", "expect.assert = [{ path = \"$.total\", le = 12 }]"),
    ("gt", "order", "expect.assert = [{ path = \"$.state\", gt = \"p\" }]"),
    ("ge", "order", "expect.assert = [{ path = \"$.total\", ge = 10 }]"),
    (
        "range",
        "order",
        "expect.assert = [{ path = \"$.total\", ge = 10, le = 20 }]",
    ),
    (
        "contains text",
        "order",
        "expect.assert = [{ path = \"$.state\", contains = \"ai\" }]",
    ),
    (
        "contains element",
        "order",
        "expect.assert = [{ path = \"$.tags\", contains = \"b\" }]",
    ),
    (
        "contains key",
        "order",
        "expect.assert = [{ path = \"$.items[0]\", contains = \"sku\" }]",
    ),
    (
        "matches",
        "order",
        "expect.assert = [{ path = \"$.name\", matches = \"^你\" }]",
    ),
    (
        "exists",
        "order",
        "expect.assert = [{ path = \"$.note\", exists = true }]",
    ),
    (
        "exists false",
        "order",
        "expect.assert = [{ path = \"$.gone\", exists = false }]",
    ),
    (
        "type",
        "order",
        "expect.assert = [{ path = \"$.items\", type = \"array\" }, { path = \"$.note\", type = \"null\" }]",
    ),
    (
        "length",
        "order",
        "expect.assert = [{ path = \"$.name\", length = 2 }, { path = \"$.items\", length = { ge = 2 } }]",
    ),
    (
        "one-of",
        "order",
        "expect.assert = [{ path = \"$.state\", one-of = [\"paid\", \"done\"] }]",
    ),
    (
        "quoted key",
        "order",
        "expect.assert = [{ path = '$[\"a key\"]', eq = 1 }]",
    ),
    (
        "index",
        "order",
        "expect.assert = [{ path = \"$.items[1].sku\", eq = \"cake\" }]",
    ),
    (
        "header",
        "order",
        "trace-id = \"t-abc\"\nexpect.assert = [{ header = \"x-trace-id\", matches = \"^t-\" }]",
    ),
    (
        "first frame",
        "steps",
        "expect.assert = [{ frame = \"first\", path = \"$.state\", eq = \"placed\" }]",
    ),
    (
        "last frame",
        "steps",
        "expect.assert = [{ frame = \"last\", path = \"$.state\", eq = \"done\" }]",
    ),
    (
        "frame 2",
        "steps",
        "expect.assert = [{ frame = 2, path = \"$.state\", eq = \"paid\" }]",
    ),
    (
        "each frame",
        "steps",
        "expect.assert = [{ frame = \"each\", path = \"$.state\", type = \"string\" }]",
    ),
    (
        "frame count",
        "steps",
        "expect.assert = [{ frames = \"count\", eq = 3 }]",
    ),
    (
        "arrays as a set",
        "order",
        "expect.arrays = \"set\"\nexpect.assert = [{ path = \"$.tags\", eq = [\"b\", \"a\"] }]",
    ),
    (
        "table form",
        "order",
        "[[case.expect.assert]]\npath = \"$.total\"\ngt = 11\n[[case.expect.assert]]\npath = \"$.state\"\neq = \"paid\"",
    ),
];

#[test]
fn every_predicate_and_subject_passes() {
    let emulator = emulator();
    let (code, lines, stderr) = run_suite(&emulator, &suite_of(PASSING));
    for (name, _, _) in PASSING {
        assert_eq!(
            case(&lines, name)["result"],
            "passed",
            "{name}: {:?}",
            failures(&lines, name)
        );
    }
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn every_predicate_and_subject_fails_with_expected_and_got() {
    let emulator = emulator();
    let failing: &[(&str, &str, &str, &str)] = &[
        (
            "eq",
            "order",
            "expect.assert = [{ path = \"$.total\", eq = 13 }]",
            "assert: expected $.total == 13, got 12",
        ),
        (
            "eq array in order",
            "order",
            "expect.assert = [{ path = \"$.tags\", eq = [\"b\", \"a\"] }]",
            "assert: expected $.tags == [\"b\",\"a\"], got [\"a\",\"b\"]",
        ),
        (
            "ne",
            "order",
            "expect.assert = [{ path = \"$.state\", ne = \"paid\" }]",
            "assert: expected $.state != \"paid\", got \"paid\"",
        ),
        (
            "lt",
            "order",
            "expect.assert = [{ path = \"$.total\", lt = 12 }]",
            "assert: expected $.total < 12, got 12",
        ),
        (
            "le",
            "order",
            "expect.assert = [{ path = \"$.total\", le = 11.5 }]",
            "assert: expected $.total <= 11.5, got 12",
        ),
        (
            "gt",
            "order",
            "expect.assert = [{ path = \"$.state\", gt = \"q\" }]",
            "assert: expected $.state > \"q\", got \"paid\"",
        ),
        (
            "ge",
            "order",
            "expect.assert = [{ path = \"$.total\", ge = 20 }]",
            "assert: expected $.total >= 20, got 12",
        ),
        (
            "ge on a string",
            "order",
            "expect.assert = [{ path = \"$.state\", ge = 1 }]",
            "assert: expected $.state >= 1, got \"paid\" (a string, which does not order with a number)",
        ),
        (
            "contains text",
            "order",
            "expect.assert = [{ path = \"$.state\", contains = \"x\" }]",
            "assert: expected $.state containing \"x\", got \"paid\"",
        ),
        (
            "contains element",
            "order",
            "expect.assert = [{ path = \"$.tags\", contains = \"c\" }]",
            "assert: expected $.tags containing \"c\", got [\"a\",\"b\"]",
        ),
        (
            "contains key",
            "order",
            "expect.assert = [{ path = \"$.items[0]\", contains = \"n\" }]",
            "assert: expected $.items[0] containing \"n\", got {\"sku\":\"tea\"}",
        ),
        (
            "matches",
            "order",
            "expect.assert = [{ path = \"$.name\", matches = \"^hi\" }]",
            "assert: expected $.name matching /^hi/, got \"你好\"",
        ),
        (
            "exists",
            "order",
            "expect.assert = [{ path = \"$.gone\", exists = true }]",
            "assert: expected $.gone present, got nothing",
        ),
        (
            "exists false",
            "order",
            "expect.assert = [{ path = \"$.note\", exists = false }]",
            "assert: expected $.note absent, got null",
        ),
        (
            "type",
            "order",
            "expect.assert = [{ path = \"$.total\", type = \"string\" }]",
            "assert: expected $.total of type string, got 12",
        ),
        (
            "length",
            "order",
            "expect.assert = [{ path = \"$.name\", length = 3 }]",
            "assert: expected $.name of length 3, got length 2: \"你好\"",
        ),
        (
            "one-of",
            "order",
            "expect.assert = [{ path = \"$.state\", one-of = [\"placed\", \"done\"] }]",
            "assert: expected $.state one of [\"placed\",\"done\"], got \"paid\"",
        ),
        (
            "missing path",
            "order",
            "expect.assert = [{ path = \"$.items[5].sku\", eq = \"tea\" }]",
            "assert: expected $.items[5].sku == \"tea\", got nothing",
        ),
        (
            "header",
            "order",
            "trace-id = \"x-abc\"\nexpect.assert = [{ header = \"X-Trace-Id\", matches = \"^t-\" }]",
            "assert: expected header X-Trace-Id matching /^t-/, got \"x-abc\"",
        ),
        (
            "no header",
            "order",
            "expect.assert = [{ header = \"X-Nope\", exists = true }]",
            "assert: expected header X-Nope present, got nothing",
        ),
        (
            "first frame",
            "steps",
            "expect.assert = [{ frame = \"first\", path = \"$.state\", eq = \"paid\" }]",
            "assert: expected first frame $.state == \"paid\", got \"placed\"",
        ),
        (
            "last frame",
            "steps",
            "expect.assert = [{ frame = \"last\", path = \"$.state\", eq = \"paid\" }]",
            "assert: expected last frame $.state == \"paid\", got \"done\"",
        ),
        (
            "frame 2",
            "steps",
            "expect.assert = [{ frame = 2, eq = { state = \"done\" } }]",
            "assert: expected frame 2 == {\"state\":\"done\"}, got {\"state\":\"paid\"}",
        ),
        (
            "frame 4",
            "steps",
            "expect.assert = [{ frame = 4, exists = true }]",
            "assert: expected frame 4 present, got no such frame (3 frames)",
        ),
        (
            "each frame",
            "steps",
            "expect.assert = [{ frame = \"each\", path = \"$.state\", ne = \"paid\" }]",
            "assert: expected each frame $.state != \"paid\", got frame 2: \"paid\"",
        ),
        (
            "frame count",
            "steps",
            "expect.assert = [{ frames = \"count\", ge = 4 }]",
            "assert: expected frame count >= 4, got 3",
        ),
        (
            "frames of no stream",
            "order",
            "expect.assert = [{ frames = \"count\", ge = 1 }]",
            "assert: expected frame count >= 1, got an answer that is not a stream",
        ),
        (
            "body of a stream",
            "steps",
            "expect.assert = [{ path = \"$.state\", exists = true }]",
            "assert: expected $.state present, got a stream (see `frames`)",
        ),
    ];
    let cases: Vec<(&str, &str, &str)> = failing.iter().map(|(n, f, t, _)| (*n, *f, *t)).collect();
    let (code, lines, stderr) = run_suite(&emulator, &suite_of(&cases));
    assert_eq!((code, stderr.as_str()), (8, ""));
    for (name, _, _, expected) in failing {
        assert_eq!(failures(&lines, name), [*expected], "{name}");
    }
    // Several predicates in one entry: each that fails is its own line.
    let (_, lines, _) = run_suite(
        &emulator,
        &suite_of(&[(
            "range",
            "order",
            "expect.assert = [{ path = \"$.total\", gt = 12, le = 11 }]",
        )]),
    );
    assert_eq!(
        failures(&lines, "range"),
        [
            "assert: expected $.total <= 11, got 12",
            "assert: expected $.total > 12, got 12"
        ]
    );
}

#[test]
fn bad_predicates_are_usage_errors_at_their_key_and_nothing_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(200, "\"ok\"")]);
    let dir = TempDir::new();
    let head = "[[case]]\nname = \"a\"\nfunction = \"hello\"\n";
    let cases: &[(&str, &str)] = &[
        (
            "expect.assert = [{ path = \"total\", eq = 1 }]",
            "4:27: case \"a\", key `expect.assert[0].path`: `total` is not a JSON path: it does not start with `$` (write `$`, `$.key`, `$.list[0]` or `$[\"a key\"]`)",
        ),
        (
            "[[case.expect.assert]]\npath = \"$.a\"\neq = 1\n[[case.expect.assert]]\npath = \"$.b[x]\"\neq = 1",
            "8:8: case \"a\", key `expect.assert[1].path`: `$.b[x]` is not a JSON path: `[` must hold an index (`[0]`) or a quoted key (`[\"a key\"]`) (write `$`, `$.key`, `$.list[0]` or `$[\"a key\"]`)",
        ),
        (
            "expect.assert = [{ path = \"$\", gte = 1 }]",
            "4:32: case \"a\", key `expect.assert[0].gte`: unknown field `gte`, expected one of `path`, `frame`, `frames`, `header`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `contains`, `matches`, `exists`, `type`, `length`, `one-of`",
        ),
        (
            "expect.assert = [{ path = \"$\", ge = true }]",
            "4:37: case \"a\", key `expect.assert[0].ge`: `ge` orders numbers or strings; true is a boolean",
        ),
        (
            "expect.assert = [{ path = \"$\", length = { ge = \"x\" } }]",
            "4:41: case \"a\", key `expect.assert[0].length`: a length is a number: `ge` is a string",
        ),
        (
            "stream = true\nexpect.assert = [{ frame = \"middle\", eq = 1 }]",
            "5:28: case \"a\", key `expect.assert[0].frame`: `middle` is not a frame: write \"first\", \"last\", \"each\" or a frame number (1 for the first)",
        ),
        (
            "expect.assert = [{ frame = 0, eq = 1 }]",
            "4:28: case \"a\", key `expect.assert[0].frame`: 0 is not a frame number: frames count from 1",
        ),
        (
            "expect.assert = [{ frame = 1.5, eq = 1 }]",
            "4:28: case \"a\", key `expect.assert[0].frame`: invalid type: floating point `1.5`, expected \"first\", \"last\", \"each\" or a frame number (1 for the first)",
        ),
        (
            "expect.assert = [{ frames = \"all\", eq = 1 }]",
            "4:29: case \"a\", key `expect.assert[0].frames`: `all` is not what `frames` takes: write \"count\" (for one frame, `frame`)",
        ),
        (
            "expect.assert = [{ path = \"$\", type = \"int\" }]",
            "4:39: case \"a\", key `expect.assert[0].type`: `int` is not a JSON type: write one of null, boolean, number, string, array, object",
        ),
        (
            "expect.assert = [{ path = \"$\", matches = \"(\" }]",
            "4:42: case \"a\", key `expect.assert[0].matches`: is not a regular expression: found open group without closing ')'",
        ),
        (
            "expect.assert = [{ path = \"$\" }]",
            "4:18: case \"a\", key `expect.assert[0]`: say what must hold with one or more of `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `contains`, `matches`, `exists`, `type`, `length`, `one-of`",
        ),
        (
            "expect.assert = [{ eq = 1 }]",
            "4:18: case \"a\", key `expect.assert[0]`: say what to check with one of `path` (in the body), `frame` (with a `path` in that frame), `frames = \"count\"` or `header`",
        ),
        (
            "expect.arrays = \"sorted\"",
            "4:17: case \"a\", key `expect.arrays`: `sorted` is not an array comparison: write \"ordered\" (the default) or \"set\"",
        ),
    ];
    for (extra, message) in cases {
        let suite = dir.file("bad.toml", format!("{head}{extra}\n"));
        let out = run(yr().arg("test").arg(&suite).args(["-e", &server.url]));
        assert_run(&out, 2, "", &format!("yr: error: {}:{message}\n", suite.display()));
    }
    assert_eq!(server.count(), 0, "a request was sent");
}

#[test]
fn body_includes_arrays_are_in_order_unless_the_suite_says_set() {
    let emulator = Emulator::start(&["--function", r#"flow=printf '{"steps": ["pay", "ship"], "n": 1}'"#]);
    let cases: &[(&str, &str, &str)] = &[
        (
            "in order",
            "flow",
            "expect.body-includes = { steps = [\"pay\", \"ship\"] }",
        ),
        ("a subsequence", "flow", "expect.body-includes = { steps = [\"ship\"] }"),
        (
            "out of order",
            "flow",
            "expect.body-includes = { steps = [\"ship\", \"pay\"] }",
        ),
        (
            "repeated",
            "flow",
            "expect.body-includes = { steps = [\"ship\", \"pay\", \"pay\"] }",
        ),
        (
            "repeated as a set",
            "flow",
            "expect.arrays = \"set\"\nexpect.body-includes = { steps = [\"ship\", \"pay\", \"pay\"] }",
        ),
        (
            "a number by value",
            "flow",
            "expect.body = { steps = [\"pay\", \"ship\"], n = 1.0 }",
        ),
    ];
    let (code, lines, _) = run_suite(&emulator, &suite_of(cases));
    assert_eq!(code, 8);
    let results: Vec<(&str, &str)> = cases
        .iter()
        .map(|(name, _, _)| (*name, case(&lines, name)["result"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        results,
        [
            ("in order", "passed"),
            ("a subsequence", "passed"),
            ("out of order", "failed"),
            ("repeated", "failed"),
            ("repeated as a set", "passed"),
            ("a number by value", "passed"),
        ]
    );
    assert_eq!(
        failures(&lines, "out of order"),
        [
            "body-includes: expected {\"steps\":[\"ship\",\"pay\"]}, got {\"n\":1,\"steps\":[\"pay\",\"ship\"]}",
            "  $.steps[0]: expected \"ship\", got \"pay\"",
            "  $.steps[1]: expected \"pay\", got \"ship\"",
        ]
    );
    assert_eq!(
        failures(&lines, "repeated"),
        [
            "body-includes: expected {\"steps\":[\"ship\",\"pay\",\"pay\"]}, got {\"n\":1,\"steps\":[\"pay\",\"ship\"]}",
            "  $.steps: expected at least 3 elements, got 2",
        ]
    );
}

#[test]
fn mismatches_show_differences_in_every_report() {
    let emulator = emulator();
    let dir = TempDir::new();
    let text = suite_of(&[
        (
            "body",
            "order",
            "expect.body = { total = 11, state = \"paid\", items = [{ sku = \"tea\" }, { sku = \"cake\" }], tags = [\"a\", \"c\"], name = \"你好\", a = 1, b = 2, c = 3 }",
        ),
        (
            "frames",
            "steps",
            "expect.frames = [{ state = \"placed\" }, { state = \"shipped\" }]",
        ),
    ]);
    let suite = dir.file("suite.toml", &text);
    let body_lines = [
        "body: expected {\"a\":1,\"b\":2,\"c\":3,\"items\":[{\"sku\":\"tea\"},{\"sku\":\"cake\"}],\"name\":\"你好\",\"state\":\"paid\",\"tags\":[\"a\",\"c\"],\"total\":11}, got {\"a key\":1,\"items\":[{\"sku\":\"tea\"},{\"sku\":\"cake\"}],\"name\":\"你好\",\"note\":null,\"state\":\"paid\",\"tags\":[\"a\",\"b\"],\"total\":12}",
        "  $.a: expected 1, got nothing",
        "  $.b: expected 2, got nothing",
        "  $.c: expected 3, got nothing",
        "  $.tags[1]: expected \"c\", got \"b\"",
        "  $.total: expected 11, got 12",
        "  … and 2 more",
    ];
    let frame_lines = [
        "frames: expected [{\"state\":\"placed\"},{\"state\":\"shipped\"}], got [{\"state\":\"placed\"},{\"state\":\"paid\"},{\"state\":\"done\"}]",
        "  frame count: expected 2, got 3",
        "  frame 2: expected {\"state\":\"shipped\"}, got {\"state\":\"paid\"}",
    ];

    // --json: each failure's `detail`.
    let (code, lines, _) = run_suite(&emulator, &text);
    assert_eq!(code, 8);
    assert_eq!(failures(&lines, "body"), body_lines);
    assert_eq!(failures(&lines, "frames"), frame_lines);

    // The text report: the detail lines under their mismatch, indented.
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "-j", "1", "--junit"])
        .arg(dir.path.join("junit.xml")));
    assert_eq!(out.code, 8, "{out:?}");
    let shown: Vec<String> = body_lines.iter().map(|l| format!("      {l}")).collect();
    assert!(out.stdout.contains(&shown.join("\n")), "{}", out.stdout);
    let shown: Vec<String> = frame_lines.iter().map(|l| format!("      {l}")).collect();
    assert!(out.stdout.contains(&shown.join("\n")), "{}", out.stdout);

    // JUnit: the same lines in the failure's text.
    let xml = std::fs::read_to_string(dir.path.join("junit.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure_text = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .and_then(|n| n.children().find(|c| c.has_tag_name("failure")))
            .and_then(|f| f.text())
            .unwrap_or_default()
            .to_string()
    };
    assert!(failure_text("body").starts_with(&body_lines.join("\n")), "{xml}");
    assert!(failure_text("frames").starts_with(&frame_lines.join("\n")), "{xml}");
}

#[test]
fn yr_invoke_expect_body_shows_the_differences() {
    let emulator = emulator();
    let out = run(yr().args([
        "invoke",
        "echo",
        "-e",
        &emulator.url,
        "-d",
        r#"{"a": {"b": 1}, "n": 2}"#,
        "--expect-body",
        r#"{"a": {"b": 2}, "n": 2.0}"#,
    ]));
    assert_eq!(out.code, 8, "{out:?}");
    assert!(
        out.stderr.ends_with(
            "yr: error: expectation failed: body: expected {\"a\":{\"b\":2},\"n\":2.0}, got {\"a\":{\"b\":1},\"n\":2}\n  $.a.b: expected 2, got 1\n"
        ),
        "{}",
        out.stderr
    );
    // A number equal in value passes.
    let out = run(yr().args([
        "invoke",
        "echo",
        "-e",
        &emulator.url,
        "-d",
        r#"{"n": 2}"#,
        "--expect-body",
        r#"{"n": 2.0}"#,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
}
