//! Commands that send nothing: `yr urn`, `yr errors`, `yr --version`, `yr --help`.

use crate::support::*;

use serde_json::{Value, json};

fn yr_args(args: &[&str]) -> Run {
    run(yr().args(args))
}

// ---------------------------------------------------------------------------
// yr urn
// ---------------------------------------------------------------------------

#[track_caller]
fn assert_urn(args: &[&str], urn: &str) {
    let mut all = vec!["urn"];
    all.extend_from_slice(args);
    let out = yr_args(&all);
    assert_run(&out, 0, &format!("{urn}\n"), "");
}

#[test]
fn urn_bare_name() {
    assert_urn(&["hello"], "sn:cn:yrk:default:function:0@default@hello:latest");
}

#[test]
fn urn_bare_name_with_version() {
    assert_urn(&["hello:3"], "sn:cn:yrk:default:function:0@default@hello:3");
}

#[test]
fn urn_service_and_function() {
    assert_urn(&["shop@checkout"], "sn:cn:yrk:default:function:0@shop@checkout:latest");
    assert_urn(&["shop@checkout:3"], "sn:cn:yrk:default:function:0@shop@checkout:3");
}

#[test]
fn urn_with_zero_prefix() {
    assert_urn(&["0@shop@checkout:3"], "sn:cn:yrk:default:function:0@shop@checkout:3");
    assert_urn(
        &["0@shop@checkout"],
        "sn:cn:yrk:default:function:0@shop@checkout:latest",
    );
}

#[test]
fn urn_alias_version() {
    assert_urn(
        &["shop@checkout:!blue"],
        "sn:cn:yrk:default:function:0@shop@checkout:!blue",
    );
}

#[test]
fn urn_full_urn_is_used_as_is() {
    let urn = "sn:cn:yrk:12345678901234561234567890123456:function:0@myService@python-demo:latest";
    assert_urn(&[urn], urn);
    // Flags for short names do not touch a full URN.
    assert_urn(&[urn, "--tenant", "t2", "--service", "s2"], urn);
}

#[test]
fn urn_tenant_and_service_flags() {
    assert_urn(
        &["hello", "--tenant", "acme", "--service", "shop"],
        "sn:cn:yrk:acme:function:0@shop@hello:latest",
    );
    // An explicit service wins over --service.
    assert_urn(
        &["pay@hello:2", "--service", "shop"],
        "sn:cn:yrk:default:function:0@pay@hello:2",
    );
}

#[test]
fn urn_tenant_and_service_from_env() {
    let out = run(yr()
        .env("YR_TENANT", "envtenant")
        .env("YR_SERVICE", "envsvc")
        .args(["urn", "hello"]));
    assert_run(&out, 0, "sn:cn:yrk:envtenant:function:0@envsvc@hello:latest\n", "");
    let out = run(yr().env("YR_TENANT", "envtenant").env("YR_SERVICE", "envsvc").args([
        "urn",
        "hello",
        "--tenant",
        "flagtenant",
        "--service",
        "flagsvc",
    ]));
    assert_run(&out, 0, "sn:cn:yrk:flagtenant:function:0@flagsvc@hello:latest\n", "");
}

#[track_caller]
fn assert_urn_error(function: &str, message: &str) {
    let out = yr_args(&["urn", function]);
    assert_run(&out, 2, "", &format!("yr: error: {message}\n"));
}

#[test]
fn urn_empty_service() {
    assert_urn_error("@hello", "FUNCTION `@hello`: the service before `@` is empty");
}

#[test]
fn urn_empty_function() {
    assert_urn_error("svc@", "FUNCTION `svc@`: the function name is empty");
}

#[test]
fn urn_empty_version() {
    assert_urn_error("hello:", "FUNCTION `hello:`: the version after `:` is empty");
}

#[test]
fn urn_empty_field_in_a_full_urn() {
    assert_urn_error(
        "sn:cn::default:function:0@s@f:latest",
        "FUNCTION `sn:cn::default:function:0@s@f:latest`: the business field is empty",
    );
    assert_urn_error(
        "sn:cn:yrk:default:function:0@s@f:",
        "FUNCTION `sn:cn:yrk:default:function:0@s@f:`: the version field is empty",
    );
}

#[test]
fn urn_six_fields() {
    assert_urn_error(
        "sn:cn:yrk:default:function:0@s@f",
        "FUNCTION `sn:cn:yrk:default:function:0@s@f` has 6 fields; a URN has 7: product:region:business:tenant:sign:name:version (the version is missing?)",
    );
}

#[test]
fn urn_eight_fields() {
    assert_urn_error(
        "sn:cn:yrk:default:function:0@s@f:latest:x",
        "FUNCTION `sn:cn:yrk:default:function:0@s@f:latest:x` has 8 `:`-separated fields; a URN has 7 (sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION), a short name has 1 or 2 (SERVICE@NAME[:VERSION])",
    );
}

#[test]
fn urn_three_fields() {
    assert_urn_error(
        "a:b:c",
        "FUNCTION `a:b:c` has 3 `:`-separated fields; a URN has 7 (sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION), a short name has 1 or 2 (SERVICE@NAME[:VERSION])",
    );
}

#[test]
fn urn_with_a_space() {
    assert_urn_error("hel lo", "FUNCTION `hel lo` contains a space");
}

#[test]
fn urn_bad_three_part_prefix() {
    assert_urn_error(
        "1@shop@checkout",
        "FUNCTION `1@shop@checkout`: a three-part name starts with `0@`, not `1@`",
    );
}

#[test]
fn urn_too_many_at_signs() {
    assert_urn_error(
        "0@a@b@c",
        "FUNCTION `0@a@b@c` has too many `@`: use SERVICE@NAME[:VERSION]",
    );
}

#[test]
fn urn_empty_function_argument() {
    assert_urn_error("", "FUNCTION is empty");
}

#[test]
fn urn_without_function_is_a_usage_error() {
    let out = yr_args(&["urn"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(out.stderr.contains("FUNCTION"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// yr errors
// ---------------------------------------------------------------------------

#[test]
fn errors_4037_text() {
    let out = yr_args(&["errors", "4037"]);
    assert_run(
        &out,
        0,
        "4037 session config invalid\n\
         \x20 class: request (exit code 4); HTTP 500; safe to retry: no\n\
         \x20 X-Instance-Session is invalid: empty or over 63-character sessionID, negative sessionTTL, or concurrency 0, below -1 or above the function's concurrentNum.\n",
        "",
    );
}

/// Commands that need nothing from the config file run when it is not JSON at all, and say it is broken.
#[test]
fn commands_that_need_no_config_run_when_the_file_is_not_json() {
    let home = TempDir::new();
    let file = home.file(".config/yr/config.json", "endpoint = \"x\"\n");
    let warning = format!(
        "yr: warning: config file {}: line 1 column 1: expected value; ignored, as this command does not need it\n",
        file.display()
    );
    let out = run(yr_with_home(&home.path).args(["errors", "4002"]));
    let alone = yr_args(&["errors", "4002"]);
    assert_eq!(alone.code, 0, "{alone:?}");
    assert_run(&out, 0, &alone.stdout, &warning);
    let out = run(yr_with_home(&home.path).args(["completions", "bash"]));
    assert_eq!((out.code, out.stderr.as_str()), (0, warning.as_str()), "{out:?}");
    assert!(out.stdout.contains("complete"), "{out:?}");
    // A command that reads the file at all stops: which profile it would use cannot be known.
    let out = run(yr_with_home(&home.path).args(["urn", "hello"]));
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: config file {}: line 1 column 1: expected value\n",
            file.display()
        ),
    );
}

#[test]
fn errors_504211_text() {
    let out = yr_args(&["errors", "504211"]);
    assert_run(
        &out,
        0,
        "504211 function error 4211: function init timed out\n\
         \x20 class: function (exit code 6); HTTP 500; safe to retry: no\n\
         \x20 The function's initialization ran past its timeout.\n\
         \x20 (the function's own code 4211 reported through the runtime)\n",
        "",
    );
}

#[test]
fn errors_retry_safe_code_text() {
    let out = yr_args(&["errors", "1002"]);
    assert_run(
        &out,
        0,
        "1002 insufficient resources\n\
         \x20 class: platform (exit code 5); HTTP 500; safe to retry: yes: the function did not run\n\
         \x20 The cluster has not enough free resources for the requested instance.\n",
        "",
    );
}

#[test]
fn errors_success_code_text() {
    let out = yr_args(&["errors", "0"]);
    assert_run(
        &out,
        0,
        "0 success\n  class: ok (exit code 0); HTTP 200; safe to retry: no\n  The call succeeded.\n",
        "",
    );
}

#[test]
fn errors_worker_range_code_uses_the_shared_row() {
    let out = yr_args(&["errors", "161907", "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["code"], json!(161907));
}

/// The rows of data/error-codes.tsv: (code, name, http, class, retry_safe, meaning).
fn table_rows() -> Vec<(i64, String, u16, String, bool, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/error-codes.tsv");
    let text = std::fs::read_to_string(path).expect("read data/error-codes.tsv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("code\tname\thttp\tclass\tretry_safe\tmeaning"),
        "table header"
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 6, "row {line:?}");
            assert!(cols[4] == "yes" || cols[4] == "no", "retry_safe in {line:?}");
            (
                cols[0].parse().expect("code"),
                cols[1].to_string(),
                cols[2].parse().expect("http"),
                cols[3].to_string(),
                cols[4] == "yes",
                cols[5].to_string(),
            )
        })
        .collect()
}

fn row_json(row: &(i64, String, u16, String, bool, String)) -> Value {
    json!({
        "code": row.0,
        "name": row.1,
        "http": row.2,
        "class": row.3,
        "retry_safe": row.4,
        "meaning": row.5,
    })
}

/// data/error-codes.tsv is the source of truth: the binary's table is checked against it row by row.
#[test]
fn errors_json_lists_every_row_of_the_table() {
    let out = yr_args(&["errors", "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert!(out.stdout.ends_with('\n') && out.stdout.lines().count() == 1);
    let v: Value = serde_json::from_str(&out.stdout).expect("errors --json is JSON");
    let rows = table_rows();
    assert!(rows.len() > 100, "the table has {} rows", rows.len());
    let expected: Vec<Value> = rows.iter().map(row_json).collect();
    assert_eq!(v, Value::Array(expected));
}

#[test]
fn errors_one_code_json() {
    let out = yr_args(&["errors", "4037", "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        v,
        json!({
            "code": 4037,
            "name": "session config invalid",
            "http": 500,
            "class": "request",
            "retry_safe": false,
            "meaning": "X-Instance-Session is invalid: empty or over 63-character sessionID, negative sessionTTL, or concurrency 0, below -1 or above the function's concurrentNum.",
            "exit_code": 4,
        })
    );
}

#[test]
fn json_of_offline_commands_is_pretty_on_a_terminal_and_one_line_piped() {
    let on_terminal = |args: &[&str]| run(yr().args(args).args(["--color", "never"]).env("YR_TEST_TERMINAL", "1"));
    let out = on_terminal(&["errors", "4037", "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert!(
        out.stdout
            .starts_with("{\n  \"class\": \"request\",\n  \"code\": 4037,\n"),
        "{}",
        out.stdout
    );
    let piped = yr_args(&["errors", "4037", "--json"]);
    assert_eq!(piped.stdout.lines().count(), 1, "{}", piped.stdout);
    let as_value = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
    assert_eq!(as_value(&out.stdout), as_value(&piped.stdout));
    let out = on_terminal(&["config", "--json"]);
    assert!(out.stdout.starts_with("{\n  \""), "{}", out.stdout);
    assert_eq!(yr_args(&["config", "--json"]).stdout.lines().count(), 1);
    let colored = run(yr().args(["errors", "--json"]).env("YR_TEST_TERMINAL", "1"));
    assert!(colored.stdout.contains("\u{1b}["), "coloured on a terminal");
}

#[test]
fn errors_function_code_json() {
    let out = yr_args(&["errors", "504211", "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["code"], json!(504211));
    assert_eq!(v["name"], json!("function error 4211: function init timed out"));
    assert_eq!(v["class"], json!("function"));
    assert_eq!(v["exit_code"], json!(6));
    assert_eq!(v["retry_safe"], json!(false));
}

#[test]
fn errors_retry_safe_code_json() {
    let out = yr_args(&["errors", "1002", "--json"]);
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["retry_safe"], json!(true));
    assert_eq!(v["class"], json!("platform"));
    assert_eq!(v["exit_code"], json!(5));
}

#[test]
fn errors_class_filter_text() {
    let rows = table_rows();
    let platform = rows.iter().filter(|r| r.3 == "platform").count();
    assert!(platform > 0);
    let out = yr_args(&["errors", "--class", "platform"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert_eq!(out.stdout.lines().count(), platform, "{}", out.stdout);
    for line in out.stdout.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.get(1), Some(&"platform"), "line {line:?}");
    }
    assert!(
        out.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("1002 ") && l.contains("retry-safe")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("session config invalid"));
}

#[test]
fn errors_class_filter_json() {
    let rows = table_rows();
    let expected: Vec<Value> = rows.iter().filter(|r| r.3 == "function").map(row_json).collect();
    assert!(!expected.is_empty());
    let out = yr_args(&["errors", "--class", "function", "--json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v, Value::Array(expected));
}

#[test]
fn errors_whole_table_text_has_one_line_per_row() {
    let out = yr_args(&["errors"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert_eq!(out.stdout.lines().count(), table_rows().len());
    assert!(
        out.stdout.lines().any(|l| l
            == "  4037  request               session config invalid: X-Instance-Session is invalid: empty or over 63-character sessionID, negative sessionTTL, or concurrency 0, below -1 or above the function's concurrentNum."),
        "{}",
        out.stdout
    );
}

#[test]
fn errors_unknown_code() {
    let out = yr_args(&["errors", "42"]);
    assert_run(
        &out,
        2,
        "",
        "yr: error: code 42 is not in yr's table; yr classes it by HTTP status\n",
    );
}

#[test]
fn errors_neither_a_number_nor_a_name() {
    let out = yr_args(&["errors", "abc"]);
    assert_run(
        &out,
        2,
        "",
        "yr: error: CODE `abc` is neither a number nor a name in the error table (see `yr errors`)\n",
    );
}

/// Issue 17: `yr errors "function not found"` said the code is not a number. Names from the table are taken
/// wherever a code is (`--expect-code`, `expect.code`); a name that stands for several codes explains each, and
/// with --json is an array of the objects one code gives.
#[test]
fn errors_by_name() {
    let by_name = yr_args(&["errors", "Function Not Found"]);
    let by_number = yr_args(&["errors", "150424"]);
    assert_run(&by_name, 0, &by_number.stdout, "");
    let out = yr_args(&["errors", "instance not found", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let codes: Vec<i64> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| row["code"].as_i64().expect("code"))
        .collect();
    assert_eq!(codes, [1003, 150460]);
    let one = yr_args(&["errors", "1003", "--json"]);
    let one: Value = serde_json::from_str(&one.stdout).expect("JSON");
    assert_eq!(rows[0], one);
}

#[test]
fn errors_unknown_class() {
    let out = yr_args(&["errors", "--class", "nope"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(out.stderr.contains("nope"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// --version, --help
// ---------------------------------------------------------------------------

#[test]
fn version() {
    // `yr 0.1.0`, and ` (commit <12 hex digits>)` when built from a git checkout.
    let out = yr_args(&["--version"]);
    assert_eq!(out.code, 0, "{out:?}");
    let line = out.stdout.strip_suffix('\n').expect("one line");
    let rest = line.strip_prefix("yr 0.1.0").expect("name and version first");
    if !rest.is_empty() {
        let commit = rest
            .strip_prefix(" (commit ")
            .and_then(|r| r.strip_suffix(')'))
            .expect("commit in parentheses");
        assert!(
            commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit:?}"
        );
    }
    assert_eq!(out.stderr, "");
}

const EXIT_CODE_LINES: [(&str, &str); 10] = [
    ("0", "success"),
    ("1", "unexpected failure"),
    ("2", "usage error"),
    ("3", "the frontend could not be reached"),
    ("4", "the request was rejected"),
    ("5", "the platform failed"),
    ("6", "the function failed"),
    ("7", "timed out on the client side"),
    ("8", "an expectation failed"),
    ("130", "interrupted"),
];

#[track_caller]
fn assert_lists_exit_codes(help: &str) {
    assert!(help.contains("Exit codes:"), "{help}");
    for (code, words) in EXIT_CODE_LINES {
        assert!(
            help.lines().any(|l| {
                let t = l.trim_start();
                t.strip_prefix(code)
                    .is_some_and(|rest| rest.starts_with(' ') && rest.trim_start().starts_with(words))
            }),
            "exit code {code} ({words}) missing from help:\n{help}"
        );
    }
}

#[test]
fn help_lists_the_exit_codes() {
    let out = yr_args(&["--help"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert_lists_exit_codes(&out.stdout);
    for command in ["invoke", "errors", "urn"] {
        assert!(
            out.stdout.lines().any(|l| l.trim_start().starts_with(command)),
            "command {command} missing from help:\n{}",
            out.stdout
        );
    }
}

#[test]
fn invoke_help_lists_the_exit_codes() {
    let out = yr_args(&["invoke", "--help"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    assert_lists_exit_codes(&out.stdout);
}

#[test]
fn no_command_is_a_usage_error() {
    let out = yr_args(&[]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(out.stderr.contains("Usage:"), "{}", out.stderr);
}
