//! `yr invoke` with bad input: every case exits 2 with an empty stdout, a
//! `yr: error: ` line on stderr naming the flag, file or part that is wrong,
//! and sends nothing (the scripted server passed as the endpoint records no
//! request).

use crate::support::*;

/// What a finished `yr` run left behind.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `yr invoke ARGS -e SERVER --ignore-stdin` (plus `env`) against a
/// fresh server, asserts exit 2, empty stdout, stderr starting
/// `yr: error: ` and nothing sent; returns the run.
#[track_caller]
fn rejected_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let mut cmd = yr();
    cmd.arg("invoke").args(args).args(["-e", &server.url, "--ignore-stdin"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("run yr");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
    assert_eq!(run.stdout, "", "{args:?}: {run:?}");
    assert!(run.stderr.starts_with("yr: error: "), "{args:?}: {run:?}");
    assert!(run.stderr.ends_with('\n'), "{args:?}: {run:?}");
    assert_eq!(server.count(), 0, "{args:?}: a request was sent");
    run
}

#[track_caller]
fn rejected(args: &[&str]) -> Run {
    rejected_with_env(args, &[])
}

/// Asserts the whole stderr is `yr: error: MESSAGE\n`.
#[track_caller]
fn assert_message(args: &[&str], message: &str) {
    let run = rejected(args);
    assert_eq!(run.stderr, format!("yr: error: {message}\n"), "{args:?}");
}

/// Asserts stderr is one `yr: error: ` line containing every one of `parts`.
#[track_caller]
fn assert_one_line_with(args: &[&str], parts: &[&str]) -> String {
    let run = rejected(args);
    assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    for part in parts {
        assert!(run.stderr.contains(part), "{args:?}: {:?} lacks {part:?}", run.stderr);
    }
    run.stderr
}

// ---------------------------------------------------------------------------
// FUNCTION
// ---------------------------------------------------------------------------

#[test]
fn function_empty_service() {
    assert_message(&["@hello"], "FUNCTION `@hello`: the service before `@` is empty");
}

#[test]
fn function_empty_name() {
    assert_message(&["svc@"], "FUNCTION `svc@`: the function name is empty");
}

#[test]
fn function_empty_version() {
    assert_message(&["hello:"], "FUNCTION `hello:`: the version after `:` is empty");
}

#[test]
fn function_empty_urn_field() {
    assert_message(
        &["sn:cn::default:function:0@s@f:latest"],
        "FUNCTION `sn:cn::default:function:0@s@f:latest`: the business field is empty",
    );
    assert_one_line_with(
        &["sn:cn:yrk:default:function:0@s@f:"],
        &["FUNCTION `sn:cn:yrk:default:function:0@s@f:`", "version", "empty"],
    );
}

#[test]
fn function_is_empty() {
    assert_one_line_with(&[""], &["FUNCTION", "empty"]);
}

#[test]
fn function_with_six_fields() {
    assert_one_line_with(
        &["sn:cn:yrk:default:function:0@s@f"],
        &["FUNCTION `sn:cn:yrk:default:function:0@s@f` has 6 fields"],
    );
}

#[test]
fn function_with_eight_or_more_fields() {
    assert_one_line_with(
        &["sn:cn:yrk:default:function:0@s@f:latest:x"],
        &["FUNCTION `sn:cn:yrk:default:function:0@s@f:latest:x` has 8 `:`-separated fields"],
    );
    assert_one_line_with(
        &["a:b:c:d:e:f:g:h:i"],
        &["FUNCTION `a:b:c:d:e:f:g:h:i` has 9 `:`-separated fields"],
    );
}

#[test]
fn function_with_three_fields() {
    assert_one_line_with(&["a:b:c"], &["FUNCTION `a:b:c` has 3 `:`-separated fields"]);
}

#[test]
fn function_with_a_space() {
    assert_message(&["hel lo"], "FUNCTION `hel lo` contains a space");
    assert_one_line_with(&["sn:cn:yrk:default:function:0@s@f f:latest"], &["FUNCTION", "a space"]);
}

#[test]
fn function_with_bad_prefix_or_too_many_ats() {
    assert_one_line_with(&["1@svc@fn"], &["FUNCTION `1@svc@fn`", "`0@`"]);
    assert_one_line_with(&["a@b@c@d"], &["FUNCTION `a@b@c@d`", "too many `@`"]);
}

#[test]
fn bad_tenant_or_service() {
    assert_one_line_with(&["hello", "--tenant", ""], &["tenant", "--tenant", "empty"]);
    assert_one_line_with(&["hello", "--tenant", "a:b"], &["tenant", "`a:b`"]);
    assert_one_line_with(&["hello", "--service", "a@b"], &["service", "`a@b`"]);
    assert_one_line_with(&["hello", "--service", "a b"], &["service", "`a b`"]);
    let run = rejected_with_env(&["hello"], &[("YR_SERVICE", "x:y")]);
    assert!(
        run.stderr.contains("service") && run.stderr.contains("`x:y`"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Body
// ---------------------------------------------------------------------------

#[test]
fn data_file_missing() {
    let dir = TempDir::new();
    let path = dir.path.join("missing.json");
    let arg = format!("@{}", path.display());
    assert_message(
        &["hello", "-d", &arg],
        &format!("-d @{}: cannot read it: no such file", path.display()),
    );
}

#[test]
fn data_file_missing_relative() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let dir = TempDir::new();
    let output = yr()
        .args(["invoke", "hello", "--ignore-stdin", "-e", &server.url, "-d", "@missing"])
        .current_dir(&dir.path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "yr: error: -d @missing: cannot read it: no such file\n"
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn data_file_is_a_directory() {
    let dir = TempDir::new();
    let arg = format!("@{}/", dir.path.display());
    assert_message(
        &["hello", "-d", &arg],
        &format!("-d @{}/: is a directory, not a file", dir.path.display()),
    );
}

#[test]
fn data_file_name_empty() {
    assert_one_line_with(&["hello", "-d", "@"], &["-d @", "empty"]);
}

#[test]
fn data_file_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new();
    let path = dir.file("secret.json", "{}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reading. Nothing to check.
        eprintln!("skipped: the chmod-000 file is readable (running as root)");
        return;
    }
    let arg = format!("@{}", path.display());
    assert_message(
        &["hello", "-d", &arg],
        &format!("-d @{}: cannot read it: permission denied", path.display()),
    );
}

#[test]
fn invalid_json_inline_shows_line_column_and_snippet() {
    let run = rejected(&["hello", "-d", r#"{"name": yuanrong}"#]);
    assert_eq!(
        run.stderr,
        "yr: error: -d is not valid JSON: expected value at line 1 column 10 \
         (use --content-type to send another type)\n\
         \x20 line 1: {\"name\": yuanrong}\n\
         \x20                  ^\n"
    );
}

#[test]
fn invalid_json_from_file_names_the_file() {
    let dir = TempDir::new();
    let path = dir.file("bad.json", "{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}\n");
    let arg = format!("@{}", path.display());
    let run = rejected(&["hello", "-d", &arg]);
    assert_eq!(
        run.stderr,
        format!(
            "yr: error: -d @{} is not valid JSON: expected value at line 3 column 14 \
             (use --content-type to send another type)\n\
             \x20 line 3:   \"b\": [1, 2,]\n\
             \x20                      ^\n",
            path.display()
        )
    );
}

#[test]
fn invalid_json_from_stdin() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    for args in [&["-d", "@-"][..], &[][..]] {
        let output = yr()
            .args(["invoke", "hello", "-e", &server.url])
            .args(args)
            .write_stdin("{} {}")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "yr: error: the body from stdin is not valid JSON: trailing characters at line 1 column 4 \
             (use --content-type to send another type)\n\
             \x20 line 1: {} {}\n\
             \x20            ^\n",
            "{args:?}"
        );
    }
    assert_eq!(server.count(), 0);
}

#[test]
fn invalid_json_with_json_content_types() {
    // A +json type and a JSON type given with -H are checked too.
    for args in [
        &["hello", "--content-type", "application/vnd.x+json", "-d", "{bad"][..],
        &[
            "hello",
            "-H",
            "Content-Type: application/json; charset=utf-8",
            "-d",
            "{bad",
        ][..],
    ] {
        let run = rejected(args);
        assert!(
            run.stderr.starts_with("yr: error: -d is not valid JSON: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("(use --content-type to send another type)\n  line 1: {bad\n"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn invalid_json_truncated() {
    let run = rejected(&["hello", "-d", "{"]);
    assert!(
        run.stderr
            .starts_with("yr: error: -d is not valid JSON: EOF while parsing an object at line 1 column 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_json_with_curl_or_json_output_prints_nothing_on_stdout() {
    rejected(&["hello", "--curl", "-d", "{bad"]);
    rejected(&["hello", "--json", "-d", "{bad"]);
    rejected(&["hello", "--json", "--cpu", "0"]);
}

// ---------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------

const CPU_HINT: &str = "use millicores (500, 500m) or cores (1.5c)";
const MEMORY_HINT: &str = "use MB (512) or 512Mi, 2Gi, 512M, 2G";

#[test]
fn cpu_zero_negative_or_not_a_number() {
    for (arg, value) in [
        ("--cpu=0", "0"),
        ("--cpu=-1", "-1"),
        ("--cpu=abc", "abc"),
        ("--cpu=0m", "0m"),
        ("--cpu=0c", "0c"),
        ("--cpu=1.5m", "1.5m"),
    ] {
        assert_message(
            &["hello", arg, "--memory", "512"],
            &format!("--cpu `{value}` is not a positive CPU amount: {CPU_HINT}"),
        );
    }
}

#[test]
fn cpu_fraction_without_unit() {
    assert_message(
        &["hello", "--cpu", "1.5", "--memory", "512"],
        &format!("--cpu `1.5` has a fraction but no unit: {CPU_HINT}"),
    );
}

#[test]
fn cpu_as_separate_negative_argument_is_a_usage_error() {
    // `--cpu -1` reads as a flag to the parser: still exit 2, nothing sent.
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let output = yr()
        .args(["invoke", "hello", "--ignore-stdin", "-e", &server.url, "--cpu", "-1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert!(String::from_utf8_lossy(&output.stderr).contains("-1"));
    assert_eq!(server.count(), 0);
}

#[test]
fn memory_zero_or_not_a_size() {
    for value in ["0", "abc", "1Ti", "0Gi", "Mi", "-5"] {
        let arg = format!("--memory={value}");
        assert_message(
            &["hello", "--cpu", "500", &arg],
            &format!("--memory `{value}` is not a positive memory size: {MEMORY_HINT}"),
        );
    }
    assert_message(
        &["hello", "--memory", "1.5"],
        &format!("--memory `1.5` has a fraction but no unit: {MEMORY_HINT}"),
    );
}

#[test]
fn custom_resource_without_equals() {
    assert_message(
        &["hello", "--custom-resource", "NPU"],
        "--custom-resource `NPU` has no `=`: use NAME=COUNT, e.g. NPU/.+/count=1",
    );
}

#[test]
fn custom_resource_bad_count() {
    for (text, count) in [
        ("NPU=x", "x"),
        ("NPU=0", "0"),
        ("NPU=-1", "-1"),
        ("NPU=", ""),
        ("NPU=1.5", "1.5"),
    ] {
        assert_message(
            &["hello", "--custom-resource", text],
            &format!("--custom-resource `{text}`: the count `{count}` is not a positive whole number"),
        );
    }
}

#[test]
fn custom_resource_empty_name_or_twice() {
    assert_one_line_with(
        &["hello", "--custom-resource", "=1"],
        &["--custom-resource `=1`", "empty name"],
    );
    assert_message(
        &["hello", "--custom-resource", "A=1", "--custom-resource", "A=2"],
        "--custom-resource `A` is given twice",
    );
}

// ---------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------

#[test]
fn session_id_too_long_or_empty() {
    let long = "x".repeat(64);
    assert_message(
        &["hello", "--session-id", &long],
        "--session-id must be 1 to 63 characters, got 64",
    );
    assert_message(
        &["hello", "--session-id", ""],
        "--session-id must be 1 to 63 characters, got 0",
    );
}

#[test]
fn session_ttl_negative_or_not_a_number() {
    for ttl in ["-1", "x", "1.5"] {
        assert_message(
            &["hello", "--session-id", "s", "--session-ttl", ttl],
            &format!("--session-ttl `{ttl}` is not a whole number of seconds, 0 or more"),
        );
    }
}

#[test]
fn session_concurrency_zero_or_below_minus_one() {
    for c in ["0", "-2", "x"] {
        assert_message(
            &["hello", "--session-id", "s", "--session-concurrency", c],
            &format!("--session-concurrency `{c}` must be a positive whole number or -1"),
        );
    }
}

#[test]
fn session_flags_without_session_id() {
    assert_message(&["hello", "--session-ttl", "5"], "--session-ttl needs --session-id");
    assert_message(
        &["hello", "--session-concurrency", "2"],
        "--session-concurrency needs --session-id",
    );
}

// ---------------------------------------------------------------------------
// Headers and header values
// ---------------------------------------------------------------------------

#[test]
fn header_without_colon() {
    assert_message(
        &["hello", "-H", "NoColon"],
        "-H `NoColon` has no `:`: use 'Name: value'",
    );
}

#[test]
fn header_with_bad_name() {
    assert_one_line_with(&["hello", "-H", ": v"], &["-H ", "not a valid header name"]);
    assert_one_line_with(&["hello", "-H", "X A: v"], &["-H `X A` is not a valid header name"]);
}

#[test]
fn header_x_auth_refused() {
    for header in ["X-Auth: t0k3n-on-argv", "x-auth: t0k3n-on-argv"] {
        let stderr = assert_one_line_with(&["hello", "-H", header], &["-H X-Auth", "YR_JWT_TOKEN", "--token-file"]);
        assert_eq!(
            stderr,
            "yr: error: -H X-Auth: credentials never come from the command line; use YR_JWT_TOKEN or --token-file\n"
        );
    }
}

#[test]
fn header_duplicating_a_flag_header_refused() {
    assert_message(
        &["hello", "--cpu", "500", "--memory", "512", "-H", "X-Instance-Cpu: 2"],
        "-H X-Instance-Cpu and --cpu both set X-Instance-Cpu: give one",
    );
    assert_message(
        &["hello", "--trace-id", "t", "-H", "x-trace-id: u"],
        "-H x-trace-id and --trace-id both set X-Trace-Id: give one",
    );
    assert_message(
        &["hello", "--session-id", "s", "-H", "X-Instance-Session: {}"],
        "-H X-Instance-Session and --session-id both set X-Instance-Session: give one",
    );
}

#[test]
fn content_type_given_twice_refused() {
    assert_message(
        &["hello", "--content-type", "text/plain", "-H", "Content-Type: text/csv"],
        "-H Content-Type and --content-type both set the content type: give one",
    );
}

#[test]
fn cr_and_lf_in_header_values_name_the_flag() {
    let cases: [(&[&str], &str); 12] = [
        (&["-H", "X-A: a\rb"], "-H "),
        (&["-H", "X-A: a\nb"], "-H "),
        (&["--trace-id", "a\rb"], "--trace-id"),
        (&["--trace-id", "a\nb"], "--trace-id"),
        (&["--pool-label", "a\rb"], "--pool-label"),
        (&["--pool-label", "a\nb"], "--pool-label"),
        (&["--instance-label", "a\rb"], "--instance-label"),
        (&["--instance-label", "a\nb"], "--instance-label"),
        (&["--session-id", "a\rb"], "--session-id"),
        (&["--session-id", "a\nb"], "--session-id"),
        (&["--content-type", "text/plain\r"], "--content-type"),
        (&["--content-type", "text/plain\nX-Evil: 1"], "--content-type"),
    ];
    for (flag_args, flag) in cases {
        let mut args = vec!["hello", "-d", "x"];
        args.extend_from_slice(flag_args);
        let value = flag_args[1];
        let which = if value.contains('\r') { "CR" } else { "LF" };
        let run = rejected(&args);
        assert!(
            run.stderr.starts_with(&format!("yr: error: {flag}")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("control character ({which})")),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn cr_lf_exact_messages() {
    assert_message(
        &["hello", "-H", "X-A: a\rb"],
        "-H the value contains a control character (CR)",
    );
    assert_message(
        &["hello", "--trace-id", "a\nb"],
        "--trace-id: the value contains a control character (LF)",
    );
    assert_message(
        &["hello", "--pool-label", "a\rb"],
        "--pool-label: the value contains a control character (CR)",
    );
    assert_message(
        &["hello", "--instance-label", "a\nb"],
        "--instance-label: the value contains a control character (LF)",
    );
    assert_message(
        &["hello", "--session-id", "a\rb"],
        "--session-id: the value contains a control character (CR)",
    );
    assert_message(
        &["hello", "--content-type", "a\nb"],
        "--content-type: the value contains a control character (LF)",
    );
}

#[test]
fn other_control_characters_in_header_values() {
    assert_one_line_with(
        &["hello", "--trace-id", "a\x1bb"],
        &["--trace-id", "control character (U+001B)"],
    );
}

#[test]
fn trace_id_too_long_or_empty() {
    let long = "t".repeat(129);
    assert_message(
        &["hello", "--trace-id", &long],
        "--trace-id must be 1 to 128 characters, got 129",
    );
    assert_message(
        &["hello", "--trace-id", ""],
        "--trace-id must be 1 to 128 characters, got 0",
    );
}

// ---------------------------------------------------------------------------
// Endpoint, token, other values
// ---------------------------------------------------------------------------

/// Like [`rejected`], but the server is reachable only through `YR_ENDPOINT`
/// while `-e BAD` is given (the flag wins, so nothing may reach the server).
#[track_caller]
fn endpoint_rejected(bad: &str) -> String {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let output = yr()
        .args(["invoke", "hello", "--ignore-stdin", "-e", bad])
        .env("YR_ENDPOINT", &server.url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{bad}: {output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(server.count(), 0, "{bad}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn endpoint_with_another_scheme() {
    assert_eq!(
        endpoint_rejected("ftp://x"),
        "yr: error: endpoint `ftp://x` (from flag --endpoint): the scheme `ftp` is not http or https\n"
    );
}

#[test]
fn endpoint_env_with_another_scheme_names_the_variable() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let output = yr()
        .args(["invoke", "hello", "--ignore-stdin"])
        .env("YR_ENDPOINT", "unix:///run/yr.sock")
        .env("YR_SERVER_ADDRESS", &server.url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "yr: error: endpoint `unix:///run/yr.sock` (from env YR_ENDPOINT): the scheme `unix` is not http or https\n"
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn endpoint_without_host_or_with_query() {
    let stderr = endpoint_rejected("http://");
    assert!(
        stderr.starts_with("yr: error: endpoint `http://` (from flag --endpoint): "),
        "{stderr}"
    );
    assert!(stderr.contains("no host"), "{stderr}");
    let stderr = endpoint_rejected("http://127.0.0.1:1/?q=1");
    assert!(
        stderr.starts_with("yr: error: endpoint `http://127.0.0.1:1/?q=1` (from flag --endpoint): "),
        "{stderr}"
    );
    assert!(stderr.contains("query"), "{stderr}");
    let stderr = endpoint_rejected("http://a b:1");
    assert!(stderr.starts_with("yr: error: endpoint "), "{stderr}");
}

/// The endpoint is parsed once, when it is read (src/client/endpoint.rs): a port, user info or an IPv6 address without
/// brackets is refused there, with exit 2 and nothing sent, not left to fail (or be misread) later.
#[test]
fn endpoint_with_a_bad_port_user_info_or_bare_ipv6() {
    for (bad, why) in [
        (
            "http://127.0.0.1:99999",
            "the port `99999` is not a number from 1 to 65535",
        ),
        ("http://127.0.0.1:0", "the port `0` is not a number from 1 to 65535"),
        (
            "http://127.0.0.1:http",
            "the port `http` is not a number from 1 to 65535",
        ),
        (
            "http://me:pw@127.0.0.1:1",
            "it may not hold a user or password: the token goes in --token-file or YR_JWT_TOKEN",
        ),
        ("http://::1", "an IPv6 address goes in brackets: `[::1]`"),
    ] {
        // The password is not repeated (issue 18): a URL's is redacted wherever it is shown.
        let shown = bad.replace(":pw@", ":<redacted>@");
        assert_eq!(
            endpoint_rejected(bad),
            format!("yr: error: endpoint `{shown}` (from flag --endpoint): {why}\n"),
            "{bad}"
        );
    }
}

const TOKEN: &str = "tok-never-shown-31";

#[test]
fn token_file_empty() {
    let dir = TempDir::new();
    let path = dir.file("token", "\n");
    let arg = path.display().to_string();
    assert_message(
        &["hello", "--token-file", &arg],
        &format!("--token-file {arg}: the file is empty"),
    );
}

#[test]
fn token_file_missing() {
    let dir = TempDir::new();
    let arg = dir.path.join("nope").display().to_string();
    assert_message(
        &["hello", "--token-file", &arg],
        &format!("--token-file {arg}: cannot read it: no such file"),
    );
}

#[test]
fn token_with_line_break_is_refused_without_showing_it() {
    let run = rejected_with_env(&["hello"], &[("YR_JWT_TOKEN", &format!("{TOKEN}\nsecond-line"))]);
    assert!(run.stderr.contains("YR_JWT_TOKEN"), "{}", run.stderr);
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    assert!(!run.stderr.contains("second-line"), "{}", run.stderr);

    let dir = TempDir::new();
    let path = dir.file("token", format!("{TOKEN}\nsecond-line\n"));
    let arg = path.display().to_string();
    let run = rejected(&["hello", "--token-file", &arg]);
    assert!(run.stderr.contains("--token-file"), "{}", run.stderr);
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    assert!(!run.stderr.contains("second-line"), "{}", run.stderr);
}

#[test]
fn bad_timeout() {
    assert_one_line_with(
        &["hello", "--timeout", "soon"],
        &["--timeout", "`soon`", "not a duration"],
    );
    assert_one_line_with(&["hello", "--connect-timeout", "5d"], &["--connect-timeout", "`5d`"]);
    let run = rejected_with_env(&["hello"], &[("YR_TIMEOUT", "later")]);
    assert!(
        run.stderr.contains("YR_TIMEOUT") && run.stderr.contains("`later`"),
        "{}",
        run.stderr
    );
}

#[test]
fn expect_body_not_json() {
    assert_one_line_with(&["hello", "--expect-body", "{"], &["--expect-body", "not valid JSON"]);
}

#[test]
fn first_bad_value_wins_and_nothing_is_printed_but_the_error() {
    // Several problems: one error line, no warnings, nothing sent.
    let run = rejected(&["hello", "--cpu", "500", "--memory", "0", "--session-ttl", "1"]);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Parser-level errors
// ---------------------------------------------------------------------------

#[track_caller]
fn parser_rejects(args: &[&str], mentions: &str) {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let output = yr().args(args).args(["-e", &server.url]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "", "{args:?}");
    assert!(stderr.contains(mentions), "{args:?}: {stderr}");
    assert_eq!(server.count(), 0, "{args:?}");
}

#[test]
fn unknown_flag() {
    parser_rejects(&["invoke", "hello", "--ignore-stdin", "--bogus"], "--bogus");
}

#[test]
fn missing_function() {
    parser_rejects(&["invoke", "--ignore-stdin"], "FUNCTION");
}

#[test]
fn flag_without_value() {
    parser_rejects(&["invoke", "hello", "--ignore-stdin", "--trace-id"], "--trace-id");
}

#[test]
fn unknown_color_choice() {
    parser_rejects(
        &["invoke", "hello", "--ignore-stdin", "--color", "sometimes"],
        "sometimes",
    );
}

#[test]
fn verbose_and_quiet_conflict() {
    parser_rejects(&["invoke", "hello", "--ignore-stdin", "-v", "-q"], "--quiet");
}

// ---------------------------------------------------------------------------
// Habits from other tools
// ---------------------------------------------------------------------------

/// `yr invoke ARGS -e SERVER --ignore-stdin`: a usage error from the command line itself (clap's), nothing sent.
#[track_caller]
fn refused_by_the_parser(args: &[&str]) -> String {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let out = run(yr()
        .arg("invoke")
        .args(args)
        .args(["-e", &server.url, "--ignore-stdin"]));
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{args:?}: {out:?}");
    assert_eq!(server.count(), 0, "{args:?}: a request was sent");
    out.stderr
}

#[test]
fn httpie_request_items_get_a_tip_with_the_same_request() {
    assert_eq!(
        refused_by_the_parser(&["hello", "name=x"]),
        "error: unexpected argument 'name=x' found\n\n  \
         tip: yr takes a JSON body with -d, not name=value items: -d '{\"name\":\"x\"}'\n\n\
         Usage: yr invoke [OPTIONS] <FUNCTION>\n\nFor more information, try '--help'.\n"
    );
    // Every item, in order, wherever it stands; raw JSON with :=, and headers with Name:value.
    let stderr = refused_by_the_parser(&["hello", "name=it's", "-q", "age:=3", "X-Env:dev"]);
    assert!(
        stderr.contains(
            "  tip: yr takes a JSON body with -d, not name=value items: -d '{\"name\":\"it'\\''s\",\"age\":3}'\n  \
             tip: headers go with -H: -H 'X-Env: dev'\n"
        ),
        "{stderr}"
    );
}

#[test]
fn other_stray_arguments_get_no_tip() {
    for args in [
        &["hello", "stray"][..],
        &["hello", "name==x"],
        &["hello", "name=x", "stray"],
    ] {
        let stderr = refused_by_the_parser(args);
        assert!(stderr.starts_with("error: unexpected argument '"), "{stderr}");
        assert!(!stderr.contains("tip:"), "{args:?}: {stderr}");
    }
}

/// Headers too large for the write buffer are refused before anything is sent, naming the size. ureq would fail
/// such a call mid-way as "the answer ... is not valid HTTP: output too small to write output" (exit 5), blaming
/// the server for the user's own request. Just under the limit still goes out.
#[test]
fn request_headers_over_the_limit_are_refused_before_sending() {
    let big = format!("X-Big: {}", "a".repeat(70_000));
    assert_one_line_with(
        &["hello", "-H", &big],
        &["the request's headers are", "over the 63 KiB", "-H"],
    );

    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let fits = format!("X-Big: {}", "a".repeat(60_000));
    let out = run(yr().args(["invoke", "hello", "--ignore-stdin", "-e", &server.url, "-H", &fits]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(server.only_request().header("X-Big").map(str::len), Some(60_000));
}

// ---------------------------------------------------------------------------
// A JSON body must be UTF-8 (issue 17): serde_json skips string contents unchecked, so the check does it
// ---------------------------------------------------------------------------

/// `{"name":"\xff\xfe"}`: the first byte that is not UTF-8 is at offset 9.
const NOT_UTF8: &[u8] = b"{\"name\":\"\xff\xfe\"}";

/// Runs `yr invoke hello ARGS` with `stdin` against a fresh server; asserts exit 2, empty stdout, nothing sent;
/// returns stderr.
#[track_caller]
fn refused_body(args: &[&std::ffi::OsStr], stdin: &[u8]) -> String {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let output = yr()
        .args(["invoke", "hello", "-e", &server.url])
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .expect("run yr");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "", "{args:?}");
    assert_eq!(server.count(), 0, "{args:?}: a request was sent");
    stderr
}

#[test]
fn a_json_body_that_is_not_utf8_is_refused_naming_its_source_and_offset() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new();
    let path = dir.file("latin1.json", NOT_UTF8);
    let arg = format!("@{}", path.display());
    assert_eq!(
        refused_body(&[OsStr::new("-d"), OsStr::new(&arg)], b""),
        format!(
            "yr: error: -d @{} is not valid JSON: byte 0xff at offset 9 is not UTF-8 \
             (use --content-type to send another type)\n",
            path.display()
        )
    );
    // A FIFO is read whole before sending, as stdin is; the same check holds.
    let fifo = dir.path.join("fifo.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, NOT_UTF8))
    };
    let arg = format!("@{}", fifo.display());
    assert_eq!(
        refused_body(&[OsStr::new("-d"), OsStr::new(&arg)], b""),
        format!(
            "yr: error: -d @{} is not valid JSON: byte 0xff at offset 9 is not UTF-8 \
             (use --content-type to send another type)\n",
            fifo.display()
        )
    );
    writer.join().unwrap().unwrap();
    for args in [&[OsStr::new("-d"), OsStr::new("@-")][..], &[][..]] {
        assert_eq!(
            refused_body(args, NOT_UTF8),
            "yr: error: the body from stdin is not valid JSON: byte 0xff at offset 9 is not UTF-8 \
             (use --content-type to send another type)\n",
            "{args:?}"
        );
    }
    // The shell can pass any bytes; clap's own error named neither -d nor where.
    assert_eq!(
        refused_body(&[OsStr::new("-d"), OsStr::from_bytes(NOT_UTF8)], b""),
        "yr: error: -d: byte 0xff at offset 9 is not UTF-8 (a body that is not text goes with -d @FILE)\n"
    );
}

#[test]
fn a_streamed_json_file_is_checked_for_utf8_past_its_first_chunk() {
    use std::ffi::OsStr;
    // Far past any read buffer, and a character cut short by the end of the file.
    let mut body = b"{\"text\":\"".to_vec();
    body.extend(std::iter::repeat_n("你好".as_bytes(), 20_000).flatten());
    let offset = body.len();
    body.extend(&"你".as_bytes()[..2]);
    let dir = TempDir::new();
    let path = dir.file("cut.json", &body);
    let arg = format!("@{}", path.display());
    assert_eq!(
        refused_body(&[OsStr::new("-d"), OsStr::new(&arg)], b""),
        format!(
            "yr: error: -d @{} is not valid JSON: the UTF-8 character at offset {offset} is cut short \
             (use --content-type to send another type)\n",
            path.display()
        )
    );
}

// ---------------------------------------------------------------------------
// Framing headers (issue 18, item 15)
// ---------------------------------------------------------------------------

/// The headers that say how the message is framed or the connection kept: yr's HTTP client writes them from the body
/// and the endpoint, and one from -H would lose the body or break the framing.
const FRAMING_HEADERS: &[&str] = &[
    "Content-Length: 0",
    "content-length: 7",
    "Transfer-Encoding: chunked",
    "Host: example.com",
    "Connection: close",
    "CONNECTION: keep-alive",
    "Keep-Alive: timeout=5",
    "Upgrade: h2c",
    "TE: trailers",
    "Trailer: X-A",
    "Proxy-Connection: keep-alive",
];

#[test]
fn framing_headers_are_refused_naming_h_and_the_header() {
    for header in FRAMING_HEADERS {
        let name = header.split(':').next().unwrap();
        let stderr = assert_one_line_with(&["hello", "-H", header, "-d", r#"{"a":1}"#], &["-H", name]);
        assert!(stderr.starts_with(&format!("yr: error: -H {name}: ")), "{stderr}");
    }
}

#[test]
fn framing_headers_are_refused_in_suites_and_bench() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let dir = TempDir::new();
    for header in FRAMING_HEADERS {
        let (name, value) = header.split_once(':').unwrap();
        let suite = dir.file(
            "s.toml",
            format!(
                "[[case]]\nname = \"a\"\nfunction = \"hello\"\nheaders = {{ \"{name}\" = \"{}\" }}\n",
                value.trim()
            ),
        );
        let out = run(yr().args(["test", suite.to_str().unwrap(), "-e", &server.url]));
        assert_eq!(out.code, 2, "{header}: {out:?}");
        assert!(
            out.stderr.contains("headers") && out.stderr.contains(name),
            "{header}: {out:?}"
        );
        let out = run(yr().args([
            "bench",
            "hello",
            "-n",
            "1",
            "--ignore-stdin",
            "-e",
            &server.url,
            "-H",
            header,
        ]));
        assert_eq!(out.code, 2, "{header}: {out:?}");
        assert!(
            out.stderr.starts_with(&format!("yr: error: -H {name}: ")),
            "{header}: {out:?}"
        );
    }
    assert_eq!(server.count(), 0, "a request was sent");
}
