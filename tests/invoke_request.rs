//! `yr invoke`: what the frontend receives. Each test starts a scripted
//! server, runs `yr invoke` against it and asserts the request exactly
//! (method, raw path, every header yr sets, body bytes) plus yr's stdout,
//! stderr and exit code. Also `--curl` (nothing sent), `-v`/`-vv` traces,
//! token handling and endpoint precedence.

use crate::support::*;

/// The warning `--cpu` alone prints.
const CPU_WARNING: &str = "yr: warning: --cpu without --memory: the frontend applies them only together\n";
/// The warning `--memory` alone prints.
const MEMORY_WARNING: &str = "yr: warning: --memory without --cpu: the frontend applies them only together\n";
/// The warning `--custom-resource` without both `--cpu` and `--memory` prints.
const CUSTOM_RESOURCE_WARNING: &str =
    "yr: warning: --custom-resource takes effect only together with --cpu and --memory\n";

/// Headers the HTTP client adds on its own; every other header is one yr chose.
const TRANSPORT_HEADERS: [&str; 4] = ["host", "user-agent", "content-length", "accept"];

const HELLO_URN: &str = "sn:cn:yrk:default:function:0@default@hello:latest";

fn path_for(encoded_urn: &str) -> String {
    format!("/serverless/v1/functions/{encoded_urn}/invocations")
}

/// The headers yr chose (all but the client's transport headers), names
/// lower-cased (HTTP names are case-insensitive), in the order received,
/// less the trace headers yr adds to every call (issue 22: a traceparent, and
/// an X-Trace-Id it made unless `made_trace_id` is false), which
/// `without_trace` checks: they carry a new id on each call.
#[track_caller]
fn yr_headers(req: &Recorded, made_trace_id: bool) -> Vec<(String, String)> {
    let chosen: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .filter(|(n, _)| !TRANSPORT_HEADERS.contains(&n.as_str()))
        .collect();
    without_trace(&chosen, made_trace_id)
}

/// Asserts the whole request: `POST path`, exactly `headers` (in order)
/// besides the transport headers, those with their exact values, and `body`.
#[track_caller]
fn assert_request(server: &ScriptedServer, req: &Recorded, path: &str, headers: &[(&str, &str)], body: &[u8]) {
    assert_eq!(req.method, "POST", "{req:?}");
    assert_eq!(req.path, path, "{req:?}");
    let expected: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    // yr makes an X-Trace-Id only when the test gives none.
    let made_trace_id = !expected.iter().any(|(n, _)| n == "x-trace-id");
    assert_eq!(yr_headers(req, made_trace_id), expected, "{req:?}");
    let host = format!("127.0.0.1:{}", server.port());
    assert_eq!(req.header_all("Host"), vec![host.as_str()], "{req:?}");
    assert_eq!(req.header_all("User-Agent"), vec!["yr/0.1.0"], "{req:?}");
    let length = body.len().to_string();
    assert_eq!(req.header_all("Content-Length"), vec![length.as_str()], "{req:?}");
    assert_eq!(req.body, body, "body {:?}", req.body_text());
}

const JSON_CT: (&str, &str) = ("Content-Type", "application/json");

/// Runs `yr invoke FUNCTION -d {}` with `extra` args and env, asserts
/// success with empty stderr, and returns the raw path the server saw.
fn path_seen(function: &str, extra: &[&str], env: &[(&str, &str)]) -> String {
    let server = ok_server();
    let mut cmd = invoke(function)
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "{}"])
        .cmd();
    cmd.args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &req.path, &[JSON_CT], b"{}");
    req.path
}

// ---------------------------------------------------------------------------
// The whole request
// ---------------------------------------------------------------------------

#[test]
fn plain_call_sends_exactly_this_request() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", r#"{"name":"yuanrong"}"#])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[JSON_CT],
        br#"{"name":"yuanrong"}"#,
    );
    // Every header on the wire, nothing more.
    let mut names: Vec<String> = req.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    names.sort();
    // Since issue 22 every call also carries a traceparent and, none given, an X-Trace-Id yr made (checked above).
    assert_eq!(
        names,
        [
            "accept",
            "content-length",
            "content-type",
            "host",
            "traceparent",
            "user-agent",
            "x-trace-id"
        ]
    );
    assert_eq!(req.header("Accept"), Some("*/*"));
}

#[test]
fn every_flag_header_in_order() {
    let server = ok_server();
    let mut cmd = invoke("0@shop@checkout:3")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&[
            "--cpu",
            "1.5c",
            "--memory",
            "1Gi",
            "--custom-resource",
            "NPU/.+/count=2",
            "--pool-label",
            "pool-a",
            "--instance-label",
            "gpu",
            "--session-id",
            "cart-42",
            "--session-ttl",
            "10",
            "--session-concurrency",
            "-1",
            "--trace-id",
            "t-1",
            "-H",
            "X-Extra: yes",
            "-H",
            "X-Other: no",
            "-d",
            "[1]",
        ])
        .cmd();
    cmd.env("YR_JWT_TOKEN", "tok-every-flag");
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for("sn:cn:yrk:default:function:0@shop@checkout:3"),
        &[
            JSON_CT,
            ("X-Auth", "tok-every-flag"),
            ("X-Instance-Cpu", "1500"),
            ("X-Instance-Memory", "1024"),
            ("X-Instance-Custom-Resource", r#"{"NPU/.+/count":2}"#),
            ("X-Pool-Label", "pool-a"),
            ("X-Instance-Label", "gpu"),
            (
                "X-Instance-Session",
                r#"{"sessionID":"cart-42","sessionTTL":10,"concurrency":-1}"#,
            ),
            ("X-Trace-Id", "t-1"),
            ("X-Extra", "yes"),
            ("X-Other", "no"),
        ],
        b"[1]",
    );
}

// ---------------------------------------------------------------------------
// FUNCTION forms
// ---------------------------------------------------------------------------

#[test]
fn bare_name_uses_default_tenant_service_and_latest() {
    assert_eq!(path_seen("hello", &[], &[]), path_for(HELLO_URN));
}

#[test]
fn bare_name_with_version() {
    assert_eq!(
        path_seen("hello:3", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@default@hello:3")
    );
}

#[test]
fn service_at_function() {
    assert_eq!(
        path_seen("shop@checkout", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@shop@checkout:latest")
    );
    assert_eq!(
        path_seen("shop@checkout:3", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@shop@checkout:3")
    );
}

#[test]
fn zero_at_service_at_function() {
    assert_eq!(
        path_seen("0@shop@checkout:3", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@shop@checkout:3")
    );
    assert_eq!(
        path_seen("0@shop@checkout", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@shop@checkout:latest")
    );
}

#[test]
fn alias_version_keeps_the_bang() {
    assert_eq!(
        path_seen("svc@fn:!beta", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@svc@fn:!beta")
    );
}

#[test]
fn full_urn_is_used_as_is() {
    let urn = "sn:cn:yrk:12345678901234561234567890123456:function:0@myService@python-demo:latest";
    assert_eq!(path_seen(urn, &[], &[]), path_for(urn));
}

#[test]
fn full_urn_ignores_tenant_and_service() {
    let urn = "sn:cn:yrk:t0:function:0@s0@f:v1";
    assert_eq!(
        path_seen(urn, &["--tenant", "t9", "--service", "s9"], &[]),
        path_for(urn)
    );
    assert_eq!(
        path_seen(urn, &[], &[("YR_TENANT", "t9"), ("YR_SERVICE", "s9")]),
        path_for(urn)
    );
}

#[test]
fn tenant_and_service_flags() {
    assert_eq!(
        path_seen("hello", &["--tenant", "t1", "--service", "s1"], &[]),
        path_for("sn:cn:yrk:t1:function:0@s1@hello:latest")
    );
    // The service in the name wins over --service; --tenant still applies.
    assert_eq!(
        path_seen("shop@checkout:2", &["--tenant", "t1", "--service", "s1"], &[]),
        path_for("sn:cn:yrk:t1:function:0@shop@checkout:2")
    );
}

#[test]
fn tenant_and_service_env() {
    assert_eq!(
        path_seen("hello", &[], &[("YR_TENANT", "t2"), ("YR_SERVICE", "s2")]),
        path_for("sn:cn:yrk:t2:function:0@s2@hello:latest")
    );
}

#[test]
fn tenant_and_service_flags_win_over_env() {
    assert_eq!(
        path_seen(
            "hello",
            &["--tenant", "tf", "--service", "sf"],
            &[("YR_TENANT", "te"), ("YR_SERVICE", "se")]
        ),
        path_for("sn:cn:yrk:tf:function:0@sf@hello:latest")
    );
}

#[test]
fn empty_tenant_env_means_unset() {
    assert_eq!(
        path_seen("hello", &[], &[("YR_TENANT", ""), ("YR_SERVICE", "")]),
        path_for(HELLO_URN)
    );
}

#[test]
fn urn_reserved_characters_are_percent_encoded() {
    assert_eq!(
        path_seen("sn:cn:yrk:default:function:0@s@a/b?c#d%e:latest", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@s@a%2Fb%3Fc%23d%25e:latest")
    );
}

#[test]
fn urn_other_punctuation_is_percent_encoded() {
    assert_eq!(
        path_seen("sn:cn:yrk:default:function:0@s@a+b&c=d,e;f:latest", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@s@a%2Bb%26c%3Dd%2Ce%3Bf:latest")
    );
    // Unreserved characters and `:`, `@`, `!` stay literal.
    assert_eq!(
        path_seen("sn:cn:yrk:default:function:0@s@A-z.0_9~x:!v", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@s@A-z.0_9~x:!v")
    );
}

#[test]
fn urn_non_ascii_is_percent_encoded_as_utf8() {
    assert_eq!(
        path_seen("sn:cn:yrk:default:function:0@s@héllo:latest", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@s@h%C3%A9llo:latest")
    );
    assert_eq!(
        path_seen("服务@函数", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@%E6%9C%8D%E5%8A%A1@%E5%87%BD%E6%95%B0:latest")
    );
}

#[test]
fn short_name_with_slash_is_percent_encoded() {
    assert_eq!(
        path_seen("svc@a/b", &[], &[]),
        path_for("sn:cn:yrk:default:function:0@svc@a%2Fb:latest")
    );
}

// ---------------------------------------------------------------------------
// Resource flags -> headers
// ---------------------------------------------------------------------------

/// Runs `yr invoke hello -d {} ARGS`, asserts the stderr and returns the
/// headers yr chose besides Content-Type (which must be JSON, first).
fn flag_headers(args: &[&str], stderr: &str) -> Vec<(String, String)> {
    let server = ok_server();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "{}"])
        .cmd();
    cmd.args(args);
    let run = run(&mut cmd);
    assert_run(&run, 0, OK_BODY, stderr);
    let req = server.only_request();
    assert_eq!(req.path, path_for(HELLO_URN));
    assert_eq!(req.body, b"{}");
    // yr makes an X-Trace-Id only when none is given.
    let made_trace_id = !args
        .iter()
        .any(|a| *a == "--trace-id" || a.to_ascii_lowercase().starts_with("x-trace-id:"));
    let mut headers = yr_headers(&req, made_trace_id);
    assert_eq!(
        headers.first(),
        Some(&("content-type".to_string(), "application/json".to_string())),
        "{req:?}"
    );
    headers.remove(0);
    headers
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect()
}

#[test]
fn cpu_millicores_plain_and_m_suffix() {
    for cpu in ["500", "500m"] {
        assert_eq!(
            flag_headers(&["--cpu", cpu, "--memory", "512"], ""),
            pairs(&[("X-Instance-Cpu", "500"), ("X-Instance-Memory", "512")]),
            "--cpu {cpu}"
        );
    }
}

#[test]
fn cpu_cores_suffix() {
    assert_eq!(
        flag_headers(&["--cpu", "1.5c", "--memory", "512"], ""),
        pairs(&[("X-Instance-Cpu", "1500"), ("X-Instance-Memory", "512")])
    );
    assert_eq!(
        flag_headers(&["--cpu", "2c", "--memory", "512"], ""),
        pairs(&[("X-Instance-Cpu", "2000"), ("X-Instance-Memory", "512")])
    );
}

#[test]
fn memory_units() {
    for (memory, sent) in [
        ("512", "512"),
        ("512Mi", "512"),
        ("512M", "512"),
        ("2Gi", "2048"),
        ("2G", "2048"),
    ] {
        assert_eq!(
            flag_headers(&["--cpu", "500", "--memory", memory], ""),
            pairs(&[("X-Instance-Cpu", "500"), ("X-Instance-Memory", sent)]),
            "--memory {memory}"
        );
    }
}

#[test]
fn cpu_without_memory_is_sent_and_warns() {
    assert_eq!(
        flag_headers(&["--cpu", "500"], CPU_WARNING),
        pairs(&[("X-Instance-Cpu", "500")])
    );
}

#[test]
fn memory_without_cpu_is_sent_and_warns() {
    assert_eq!(
        flag_headers(&["--memory", "2Gi"], MEMORY_WARNING),
        pairs(&[("X-Instance-Memory", "2048")])
    );
}

#[test]
fn quiet_hides_the_resource_warnings() {
    assert_eq!(
        flag_headers(&["-q", "--cpu", "500"], ""),
        pairs(&[("X-Instance-Cpu", "500")])
    );
    assert_eq!(
        flag_headers(&["--memory", "512", "--quiet"], ""),
        pairs(&[("X-Instance-Memory", "512")])
    );
    assert_eq!(
        flag_headers(&["-q", "--custom-resource", "NPU=1"], ""),
        pairs(&[("X-Instance-Custom-Resource", r#"{"NPU":1}"#)])
    );
}

#[test]
fn custom_resource_repeated_keys_sorted() {
    assert_eq!(
        flag_headers(
            &[
                "--cpu",
                "500",
                "--memory",
                "512",
                "--custom-resource",
                "NPU/.+/count=2",
                "--custom-resource",
                "GPU=1",
            ],
            ""
        ),
        pairs(&[
            ("X-Instance-Cpu", "500"),
            ("X-Instance-Memory", "512"),
            ("X-Instance-Custom-Resource", r#"{"GPU":1,"NPU/.+/count":2}"#),
        ])
    );
}

#[test]
fn custom_resource_without_cpu_and_memory_warns() {
    assert_eq!(
        flag_headers(&["--custom-resource", "NPU/.+/count=2"], CUSTOM_RESOURCE_WARNING),
        pairs(&[("X-Instance-Custom-Resource", r#"{"NPU/.+/count":2}"#)])
    );
    // With only --cpu: both warnings, cpu first.
    assert_eq!(
        flag_headers(
            &["--cpu", "500", "--custom-resource", "NPU=3"],
            &format!("{CPU_WARNING}{CUSTOM_RESOURCE_WARNING}")
        ),
        pairs(&[
            ("X-Instance-Cpu", "500"),
            ("X-Instance-Custom-Resource", r#"{"NPU":3}"#),
        ])
    );
}

#[test]
fn pool_and_instance_labels() {
    assert_eq!(
        flag_headers(&["--pool-label", "pool-a", "--instance-label", "gpu-node"], ""),
        pairs(&[("X-Pool-Label", "pool-a"), ("X-Instance-Label", "gpu-node")])
    );
}

#[test]
fn session_defaults() {
    assert_eq!(
        flag_headers(&["--session-id", "cart-42"], ""),
        pairs(&[(
            "X-Instance-Session",
            r#"{"sessionID":"cart-42","sessionTTL":0,"concurrency":1}"#
        )])
    );
}

#[test]
fn session_with_values() {
    assert_eq!(
        flag_headers(
            &[
                "--session-id",
                "cart-42",
                "--session-ttl",
                "10",
                "--session-concurrency",
                "5"
            ],
            ""
        ),
        pairs(&[(
            "X-Instance-Session",
            r#"{"sessionID":"cart-42","sessionTTL":10,"concurrency":5}"#
        )])
    );
}

#[test]
fn session_concurrency_minus_one() {
    assert_eq!(
        flag_headers(&["--session-id", "s", "--session-concurrency", "-1"], ""),
        pairs(&[(
            "X-Instance-Session",
            r#"{"sessionID":"s","sessionTTL":0,"concurrency":-1}"#
        )])
    );
}

#[test]
fn session_id_is_json_escaped_and_63_chars_allowed() {
    assert_eq!(
        flag_headers(&["--session-id", r#"a"b\c"#], ""),
        pairs(&[(
            "X-Instance-Session",
            r#"{"sessionID":"a\"b\\c","sessionTTL":0,"concurrency":1}"#
        )])
    );
    let id = "x".repeat(63);
    assert_eq!(
        flag_headers(&["--session-id", &id], ""),
        pairs(&[(
            "X-Instance-Session",
            &format!(r#"{{"sessionID":"{id}","sessionTTL":0,"concurrency":1}}"#)
        )])
    );
}

#[test]
fn trace_id() {
    assert_eq!(
        flag_headers(&["--trace-id", "abc-123"], ""),
        pairs(&[("X-Trace-Id", "abc-123")])
    );
    let long = "t".repeat(128);
    assert_eq!(
        flag_headers(&["--trace-id", &long], ""),
        pairs(&[("X-Trace-Id", &long)])
    );
}

#[test]
fn extra_headers_repeated_in_order() {
    assert_eq!(
        flag_headers(
            &["-H", "X-First: 1", "--header", "X-Second: two words", "-H", "X-Third:3"],
            ""
        ),
        pairs(&[("X-First", "1"), ("X-Second", "two words"), ("X-Third", "3")])
    );
}

#[test]
fn extra_header_value_may_contain_colons_and_be_empty() {
    assert_eq!(
        flag_headers(&["-H", "X-Url: http://a:1/b", "-H", "X-Empty:"], ""),
        pairs(&[("X-Url", "http://a:1/b"), ("X-Empty", "")])
    );
}

#[test]
fn non_ascii_and_tab_header_values_are_sent_as_given() {
    assert_eq!(
        flag_headers(
            &[
                "--pool-label",
                "池",
                "--trace-id",
                "é",
                "-H",
                "X-Name: Zoë",
                "-H",
                "X-Tab: a\tb"
            ],
            ""
        ),
        pairs(&[
            ("X-Pool-Label", "池"),
            ("X-Trace-Id", "é"),
            ("X-Name", "Zoë"),
            ("X-Tab", "a\tb"),
        ])
    );
}

#[test]
fn same_header_repeated_keeps_value_order() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-H", "X-Tag: b", "-H", "X-Tag: a", "-H", "X-Tag: c"])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_eq!(req.header_all("X-Tag"), vec!["b", "a", "c"]);
}

/// Interleaved names: the notes (and `-v`, and curl) keep the -H order as
/// given, so the wire must too: X-B, X-A, X-B, not X-B, X-B, X-A.
#[test]
fn repeated_extra_headers_are_grouped_as_on_the_wire() {
    // An HTTP header map keeps the values of one name together (in the order given), names in first-seen
    // order; -v shows exactly what is sent.
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "-H", "X-B: 1", "-H", "X-A: 2", "-H", "X-B: 3"])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("\n> X-B: 1\n> X-B: 3\n> X-A: 2\n"),
        "{}",
        run.stderr
    );
    let req = server.only_request();
    let mut headers = yr_headers(&req, true);
    headers.remove(0); // Content-Type
    assert_eq!(headers, pairs(&[("X-B", "1"), ("X-B", "3"), ("X-A", "2")]));
}

/// A body over 1 MiB goes with `Expect: 100-continue` (as curl sends it; the frontend can then refuse the call
/// before the body is sent), -v shows it, an empty `-H 'Expect:'` turns it off, and a smaller body goes without.
/// The scripted server answers `100 Continue` as Go does, and the body follows, whole.
#[test]
fn bodies_over_a_mebibyte_expect_100_continue() {
    let dir = TempDir::new();
    let big = dir.file("big.json", format!(r#"{{"pad":"{}"}}"#, "a".repeat(1 << 20)));
    let small = dir.file("small.json", format!(r#"{{"pad":"{}"}}"#, "a".repeat((1 << 20) - 10)));
    let (big_arg, small_arg) = (format!("@{}", big.display()), format!("@{}", small.display()));

    let server = ok_server();
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "-d", &big_arg])
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .contains("\n> Expect: 100-continue\n> Content-Length: 1048586\n"),
        "{}",
        out.stderr
    );
    let req = server.only_request();
    assert_eq!(req.header_all("Expect"), vec!["100-continue"]);
    assert_eq!(req.body, std::fs::read(&big).unwrap());

    let server = ok_server();
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "-H", "Expect:", "-d", &big_arg])
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("100-continue"), "{}", out.stderr);
    let req = server.only_request();
    assert_eq!(req.header_all("Expect"), vec![""]);
    assert_eq!(req.body.len(), 1048586);

    let server = ok_server();
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "-d", &small_arg])
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("Expect"), "{}", out.stderr);
    assert!(server.only_request().header_all("Expect").is_empty());
}

#[test]
fn extra_headers_come_after_flag_headers() {
    assert_eq!(
        flag_headers(
            &[
                "-H",
                "X-Custom: 1",
                "--trace-id",
                "t",
                "--cpu",
                "500",
                "--memory",
                "512"
            ],
            ""
        ),
        pairs(&[
            ("X-Instance-Cpu", "500"),
            ("X-Instance-Memory", "512"),
            ("X-Trace-Id", "t"),
            ("X-Custom", "1"),
        ])
    );
}

// ---------------------------------------------------------------------------
// Body sources
// ---------------------------------------------------------------------------

#[test]
fn body_inline() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "{\"a\": [1, 2]}"])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], b"{\"a\": [1, 2]}");
}

#[test]
fn body_long_data_flag() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--data", "[true]"])
        .run();
    assert_ok(&run, OK_BODY);
    assert_eq!(server.only_request().body, b"[true]");
}

#[test]
fn body_from_file_exact_bytes_with_trailing_newline() {
    let dir = TempDir::new();
    let contents = b"{\n  \"name\": \"yuanrong\"\n}\n";
    let file = dir.file("body.json", contents);
    let server = ok_server();
    let arg = format!("@{}", file.display());
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", &arg])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], contents);
}

#[test]
fn body_from_file_binary_unchecked_with_other_type() {
    let dir = TempDir::new();
    let contents: Vec<u8> = (0u8..=255).chain([0, 13, 10]).collect();
    let file = dir.file("blob.bin", &contents);
    let server = ok_server();
    let arg = format!("@{}", file.display());
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--content-type", "application/octet-stream", "-d", &arg])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[("Content-Type", "application/octet-stream")],
        &contents,
    );
}

#[test]
fn body_from_large_file_is_sent_whole() {
    let dir = TempDir::new();
    let mut contents = b"[".to_vec();
    for i in 0..200_000 {
        if i > 0 {
            contents.push(b',');
        }
        contents.extend_from_slice((i % 1000).to_string().as_bytes());
    }
    contents.extend_from_slice(b"]\n");
    let file = dir.file("big.json", &contents);
    let server = ok_server();
    let arg = format!("@{}", file.display());
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", &arg])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], &contents);
}

#[test]
fn body_from_relative_file() {
    let dir = TempDir::new();
    dir.file("in.json", "[1,2,3]\n");
    let server = ok_server();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "@in.json"])
        .cmd();
    cmd.current_dir(&dir.path);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!(server.only_request().body, b"[1,2,3]\n");
}

#[test]
fn body_from_stdin_with_data_at_dash() {
    let server = ok_server();
    let mut cmd = invoke("hello").endpoint(&server.url).args(&["-d", "@-"]).cmd();
    cmd.write_stdin("{\"from\":\"stdin\"}\n");
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[JSON_CT],
        b"{\"from\":\"stdin\"}\n",
    );
}

#[test]
fn data_at_dash_reads_stdin_even_with_ignore_stdin() {
    let server = ok_server();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "@-"])
        .cmd();
    cmd.write_stdin("[42]");
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!(server.only_request().body, b"[42]");
}

#[test]
fn body_from_piped_stdin_without_data() {
    let server = ok_server();
    let mut cmd = invoke("hello").endpoint(&server.url).cmd();
    cmd.write_stdin("{\"piped\":true}");
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], b"{\"piped\":true}");
}

#[test]
fn ignore_stdin_sends_an_empty_body() {
    let server = ok_server();
    let mut cmd = invoke("hello").ignore_stdin().endpoint(&server.url).cmd();
    cmd.write_stdin("{\"must\":\"not be sent\"}");
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], b"");
}

#[test]
fn empty_stdin_sends_an_empty_body() {
    let server = ok_server();
    // The tests give the child an empty, closed stdin pipe (support::Cmd).
    let run = invoke("hello").endpoint(&server.url).run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], b"");
    assert_eq!(req.header("Content-Length"), Some("0"));
}

#[test]
fn empty_data_flag_sends_an_empty_body() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", ""])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], b"");
}

#[test]
fn content_type_flag_sends_non_json_unchecked() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--content-type", "text/plain", "-d", "not {json"])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[("Content-Type", "text/plain")],
        b"not {json",
    );
}

#[test]
fn content_type_header_acts_as_content_type_flag() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-H", "Content-Type: text/csv; charset=utf-8", "-d", "a,b\n1,2"])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[("Content-Type", "text/csv; charset=utf-8")],
        b"a,b\n1,2",
    );
    assert_eq!(req.header_all("Content-Type").len(), 1);
}

#[test]
fn json_subtype_content_type_with_valid_json() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--content-type", "application/problem+json", "-d", r#"{"ok":1}"#])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[("Content-Type", "application/problem+json")],
        br#"{"ok":1}"#,
    );
}

// ---------------------------------------------------------------------------
// Token
// ---------------------------------------------------------------------------

const ENV_TOKEN: &str = "env-token-Zq81";
const FILE_TOKEN: &str = "file-token-Kx42";

#[track_caller]
fn assert_no_token(run: &Run) {
    for token in [ENV_TOKEN, FILE_TOKEN] {
        assert!(!run.stdout.contains(token), "token on stdout: {run:?}");
        assert!(!run.stderr.contains(token), "token on stderr: {run:?}");
    }
}

#[test]
fn token_from_env_sent_as_x_auth() {
    let server = ok_server();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "{}"])
        .cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[JSON_CT, ("X-Auth", ENV_TOKEN)],
        b"{}",
    );
}

#[test]
fn no_token_no_x_auth() {
    let server = ok_server();
    let run = invoke("hello").ignore_stdin().endpoint(&server.url).run();
    assert_ok(&run, OK_BODY);
    assert_eq!(server.only_request().header("X-Auth"), None);
}

#[test]
fn token_file_trailing_newline_trimmed() {
    let dir = TempDir::new();
    let file = dir.file("token", format!("{FILE_TOKEN}\n"));
    let server = ok_server();
    let file_arg = file.display().to_string();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", "{}", "--token-file", &file_arg])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &path_for(HELLO_URN),
        &[JSON_CT, ("X-Auth", FILE_TOKEN)],
        b"{}",
    );
}

#[test]
fn token_file_crlf_trimmed() {
    let dir = TempDir::new();
    let file = dir.file("token", format!("{FILE_TOKEN}\r\n"));
    let server = ok_server();
    let file_arg = file.display().to_string();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--token-file", &file_arg])
        .run();
    assert_ok(&run, OK_BODY);
    assert_eq!(server.only_request().header_all("X-Auth"), vec![FILE_TOKEN]);
}

#[test]
fn token_file_wins_over_env() {
    let dir = TempDir::new();
    let file = dir.file("token", format!("{FILE_TOKEN}\n"));
    let server = ok_server();
    let file_arg = file.display().to_string();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--token-file", &file_arg])
        .cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!(server.only_request().header_all("X-Auth"), vec![FILE_TOKEN]);
}

#[test]
fn token_never_printed_with_verbose() {
    let server = ok_server();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-vv", "-d", "{}"])
        .cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let run = run(&mut cmd);
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_token(&run);
    assert!(run.stderr.contains("\n> X-Auth: <redacted>\n"), "{}", run.stderr);
    assert_eq!(server.only_request().header("X-Auth"), Some(ENV_TOKEN));
}

#[test]
fn token_file_never_printed_with_verbose_or_curl() {
    let dir = TempDir::new();
    let file = dir.file("token", format!("{FILE_TOKEN}\n"));
    let file_arg = file.display().to_string();
    let server = ok_server();
    let v = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "--token-file", &file_arg])
        .run();
    assert_eq!(v.code, 0, "{v:?}");
    assert_no_token(&v);
    assert!(v.stderr.contains("\n> X-Auth: <redacted>\n"), "{}", v.stderr);
    let c = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "--token-file", &file_arg])
        .run();
    assert_eq!(c.code, 0, "{c:?}");
    assert_no_token(&c);
    assert!(
        c.stdout.contains(&format!(" -H \"X-Auth: $(cat {file_arg})\"")),
        "{}",
        c.stdout
    );
    assert_eq!(server.count(), 1, "--curl must not send");
}

#[test]
fn token_never_printed_on_failure() {
    let server = ScriptedServer::start(vec![Reply::json(
        401,
        r#"{"error":"Authentication failed: bad token"}"#,
    )]);
    let mut cmd = invoke("hello").ignore_stdin().endpoint(&server.url).args(&["-v"]).cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let run = run(&mut cmd);
    assert_eq!(run.code, 4, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_no_token(&run);
    assert!(
        run.stderr
            .contains("yr: error: HTTP 401: Authentication failed: bad token\n"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Endpoint
// ---------------------------------------------------------------------------

#[test]
fn endpoint_flag_wins_over_both_env_vars() {
    let (a, b, c) = (ok_server(), ok_server(), ok_server());
    let mut cmd = invoke("hello").ignore_stdin().endpoint(&a.url).cmd();
    cmd.env("YR_ENDPOINT", &b.url).env("YR_SERVER_ADDRESS", &c.url);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!((a.count(), b.count(), c.count()), (1, 0, 0));
}

#[test]
fn long_endpoint_flag() {
    let (a, b) = (ok_server(), ok_server());
    let mut cmd = invoke("hello").ignore_stdin().args(&["--endpoint", &a.url]).cmd();
    cmd.env("YR_ENDPOINT", &b.url);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!((a.count(), b.count()), (1, 0));
}

#[test]
fn yr_endpoint_wins_over_server_address() {
    let (b, c) = (ok_server(), ok_server());
    let mut cmd = invoke("hello").ignore_stdin().cmd();
    cmd.env("YR_ENDPOINT", &b.url).env("YR_SERVER_ADDRESS", &c.url);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!((b.count(), c.count()), (1, 0));
}

#[test]
fn server_address_used_when_alone() {
    let c = ok_server();
    let mut cmd = invoke("hello").ignore_stdin().args(&["-d", "{}"]).cmd();
    cmd.env("YR_SERVER_ADDRESS", &c.url);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    let req = c.only_request();
    assert_request(&c, &req, &path_for(HELLO_URN), &[JSON_CT], b"{}");
}

#[test]
fn empty_yr_endpoint_means_unset() {
    let c = ok_server();
    let mut cmd = invoke("hello").ignore_stdin().cmd();
    cmd.env("YR_ENDPOINT", "").env("YR_SERVER_ADDRESS", &c.url);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!(c.count(), 1);
}

#[test]
fn bare_host_port_means_http() {
    let server = ok_server();
    let bare = format!("127.0.0.1:{}", server.port());
    let run = invoke("hello").ignore_stdin().endpoint(&bare).args(&["-d", "{}"]).run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(&server, &req, &path_for(HELLO_URN), &[JSON_CT], b"{}");
}

#[test]
fn bare_host_port_in_server_address() {
    let server = ok_server();
    let bare = format!("127.0.0.1:{}", server.port());
    let mut cmd = invoke("hello").ignore_stdin().cmd();
    cmd.env("YR_SERVER_ADDRESS", &bare);
    let run = run(&mut cmd);
    assert_ok(&run, OK_BODY);
    assert_eq!(server.count(), 1);
}

#[test]
fn endpoint_path_prefix_is_kept() {
    let server = ok_server();
    let endpoint = format!("{}/base/v2", server.url);
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&endpoint)
        .args(&["-d", "{}"])
        .run();
    assert_ok(&run, OK_BODY);
    let req = server.only_request();
    assert_request(
        &server,
        &req,
        &format!("/base/v2{}", path_for(HELLO_URN)),
        &[JSON_CT],
        b"{}",
    );
}

#[test]
fn endpoint_trailing_slash_gives_no_double_slash() {
    let server = ok_server();
    for endpoint in [format!("{}/", server.url), format!("{}/base/", server.url)] {
        let run = invoke("hello").ignore_stdin().endpoint(&endpoint).run();
        assert_ok(&run, OK_BODY);
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        vec![path_for(HELLO_URN), format!("/base{}", path_for(HELLO_URN))]
    );
}

#[test]
fn endpoint_scheme_is_case_insensitive() {
    let server = ok_server();
    let endpoint = server.url.replace("http://", "HTTP://");
    let run = invoke("hello").ignore_stdin().endpoint(&endpoint).run();
    assert_ok(&run, OK_BODY);
    assert_eq!(server.count(), 1);
}

// ---------------------------------------------------------------------------
// --curl
// ---------------------------------------------------------------------------

fn curl_prefix(endpoint: &str, encoded_urn: &str) -> String {
    format!(
        "curl -sS -X POST {endpoint}/serverless/v1/functions/{encoded_urn}/invocations -H 'Content-Type: application/json'"
    )
}

#[test]
fn curl_default_endpoint_exact_line() {
    let run = invoke("hello")
        .ignore_stdin()
        .args(&["--curl", "-d", r#"{"name":"yuanrong"}"#])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "curl -sS -X POST http://127.0.0.1:8888/serverless/v1/functions/sn:cn:yrk:default:function:0@default@hello:latest/invocations -H 'Content-Type: application/json' --data-raw '{\"name\":\"yuanrong\"}'\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn curl_sends_nothing() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "-d", r#"{"name":"yuanrong"}"#])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "{} --data-raw '{{\"name\":\"yuanrong\"}}'\n",
            curl_prefix(&server.url, HELLO_URN)
        )
    );
    assert_eq!(run.stderr, "");
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_with_all_headers_and_token() {
    let server = ok_server();
    let mut cmd = invoke("shop@checkout:3")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&[
            "--curl",
            "--cpu",
            "500m",
            "--memory",
            "2G",
            "--session-id",
            "s1",
            "--trace-id",
            "tr-9",
            "-H",
            "X-Extra: a b",
        ])
        .cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let run = run(&mut cmd);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "curl -sS -X POST {}/serverless/v1/functions/sn:cn:yrk:default:function:0@shop@checkout:3/invocations \
             -H 'Content-Type: application/json' -H \"X-Auth: $YR_JWT_TOKEN\" -H 'X-Instance-Cpu: 500' \
             -H 'X-Instance-Memory: 2048' \
             -H 'X-Instance-Session: {{\"sessionID\":\"s1\",\"sessionTTL\":0,\"concurrency\":1}}' \
             -H 'X-Trace-Id: tr-9' -H 'X-Extra: a b'\n",
            server.url
        )
    );
    assert_eq!(run.stderr, "");
    assert_no_token(&run);
    assert_eq!(server.count(), 0);
}

/// Runs a `--curl` line with `sh -c` and a stand-in `curl` first on PATH that prints each argument it got on a
/// line of its own: what the real curl would be given, after the shell expanded the line.
fn curl_arguments(line: &str, env: &[(&str, &str)]) -> Vec<String> {
    let bin = TempDir::new();
    let curl = bin.file("curl", "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).expect("chmod curl");
    }
    let path = format!("{}:{}", bin.path.display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("sh")
        .args(["-c", line.trim_end()])
        .env_clear()
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .expect("run sh");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn curl_line_runs_as_pasted_and_reads_the_token_where_yr_did() {
    let server = ok_server();
    let expected = |token: &str| -> Vec<String> {
        [
            "-sS",
            "-X",
            "POST",
            &format!("{}{}", server.url, path_for(HELLO_URN)),
            "-H",
            "Content-Type: application/json",
            "-H",
            &format!("X-Auth: {token}"),
            "--data-raw",
            "{\"it's\":1}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    // From YR_JWT_TOKEN: the line names the variable, the shell fills it in.
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "-d", "{\"it's\":1}"])
        .cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let printed = run(&mut cmd);
    assert_eq!((printed.code, printed.stderr.as_str()), (0, ""), "{printed:?}");
    assert_no_token(&printed);
    assert_eq!(
        curl_arguments(&printed.stdout, &[("YR_JWT_TOKEN", ENV_TOKEN)]),
        expected(ENV_TOKEN)
    );

    // From a file, even one whose path needs quoting: the line reads it with cat, by its absolute path.
    let dir = TempDir::new();
    dir.file("it's my token", format!("{FILE_TOKEN}\n"));
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "-d", "{\"it's\":1}", "--token-file", "it's my token"])
        .cmd();
    cmd.current_dir(&dir.path);
    let printed = run(&mut cmd);
    assert_eq!((printed.code, printed.stderr.as_str()), (0, ""), "{printed:?}");
    assert_no_token(&printed);
    assert_eq!(curl_arguments(&printed.stdout, &[]), expected(FILE_TOKEN));

    // From the profile's token_file.
    let home = TempDir::new();
    let token = home.file("secrets/token", FILE_TOKEN);
    let config = home.file(
        ".config/yr/config.json",
        format!(
            "{{\"default_profile\":\"p\",\"profiles\":{{\"p\":{{\"token_file\":{}}}}}}}",
            serde_json::Value::from(token.display().to_string())
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod config");
    }
    let mut cmd = yr_with_home(&home.path);
    cmd.args([
        "invoke",
        "hello",
        "--ignore-stdin",
        "-e",
        &server.url,
        "--curl",
        "-d",
        "{\"it's\":1}",
    ]);
    let printed = run(&mut cmd);
    assert_eq!((printed.code, printed.stderr.as_str()), (0, ""), "{printed:?}");
    assert_no_token(&printed);
    assert!(
        printed
            .stdout
            .contains(&format!("\"X-Auth: $(cat {})\"", token.display())),
        "{}",
        printed.stdout
    );
    assert_eq!(curl_arguments(&printed.stdout, &[]), expected(FILE_TOKEN));
    assert_eq!(server.count(), 0, "--curl sends nothing");
}

#[test]
fn curl_empty_body_has_no_data_flag() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl"])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{}\n", curl_prefix(&server.url, HELLO_URN)));
    assert_eq!(run.stderr, "");
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_with_data_from_file() {
    let dir = TempDir::new();
    dir.file("order.json", "{\"id\":7}\n");
    let server = ok_server();
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "-d", "@order.json"])
        .cmd();
    cmd.current_dir(&dir.path);
    let run = run(&mut cmd);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("{} --data-binary @order.json\n", curl_prefix(&server.url, HELLO_URN))
    );
    assert_eq!(run.stderr, "");
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_with_data_from_stdin() {
    let server = ok_server();
    let mut cmd = invoke("hello")
        .endpoint(&server.url)
        .args(&["--curl", "-d", "@-"])
        .cmd();
    cmd.write_stdin("{\"id\":8}");
    let run = run(&mut cmd);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("{} --data-binary @-\n", curl_prefix(&server.url, HELLO_URN))
    );
    assert_eq!(run.stderr, "");
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_with_piped_stdin() {
    let server = ok_server();
    let mut cmd = invoke("hello").endpoint(&server.url).args(&["--curl"]).cmd();
    cmd.write_stdin("[1]");
    let run = run(&mut cmd);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("{} --data-binary @-\n", curl_prefix(&server.url, HELLO_URN))
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_quotes_single_quotes_and_encodes_the_urn() {
    let server = ok_server();
    let run = invoke("sn:cn:yrk:default:function:0@s@a/b?c#d%e:latest")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "-d", r#"{"a":"it's"}"#])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "{} --data-raw '{{\"a\":\"it'\\''s\"}}'\n",
            curl_prefix(&server.url, "sn:cn:yrk:default:function:0@s@a%2Fb%3Fc%23d%25e:latest")
        )
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_keeps_the_endpoint_path_prefix() {
    let server = ok_server();
    let endpoint = format!("{}/base/", server.url);
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&endpoint)
        .args(&["--curl"])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("{}\n", curl_prefix(&format!("{}/base", server.url), HELLO_URN))
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn curl_with_other_content_type() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--curl", "--content-type", "text/plain", "-d", "hi"])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "curl -sS -X POST {}{} -H 'Content-Type: text/plain' --data-raw hi\n",
            server.url,
            path_for(HELLO_URN)
        )
    );
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------
// -v / -vv
// ---------------------------------------------------------------------------

#[test]
fn verbose_prints_request_and_response_trace() {
    let server = ScriptedServer::start(vec![Reply::json(200, OK_BODY).header("X-Trace-Id", "trace-v1")]);
    let mut cmd = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "--trace-id", "tr", "-d", "{}"])
        .cmd();
    cmd.env("YR_JWT_TOKEN", ENV_TOKEN);
    let run = run(&mut cmd);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, OK_BODY);
    // -v shows the traceparent every call carries since issue 22: the one sent (a new span id each call).
    let traceparent = server.only_request().header("traceparent").unwrap().to_string();
    let request_trace = format!(
        "> POST {} HTTP/1.1\n> Host: 127.0.0.1:{}\n> User-Agent: yr/0.1.0\n\
         > Accept: */*\n\
         > Content-Type: application/json\n> X-Auth: <redacted>\n> X-Trace-Id: tr\n\
         > traceparent: {traceparent}\n> Content-Length: 2\n>\n",
        path_for(HELLO_URN),
        server.port()
    );
    assert!(
        run.stderr.starts_with(&request_trace),
        "expected to start with:\n{request_trace}\ngot:\n{}",
        run.stderr
    );
    let response = &run.stderr[request_trace.len()..];
    assert!(response.starts_with("< HTTP/1.1 200 OK\n"), "{}", run.stderr);
    let lower = response.to_ascii_lowercase();
    assert!(lower.contains("\n< content-type: application/json\n"), "{response}");
    assert!(lower.contains("\n< x-trace-id: trace-v1\n"), "{response}");
    assert!(lower.contains("\n< content-length: 15\n"), "{response}");
    assert!(response.ends_with("\n<\n"), "{response}");
    assert!(!run.stderr.contains("* connect "), "{}", run.stderr);
    assert_no_token(&run);
    assert_eq!(server.count(), 1);
}

#[test]
fn verbose_trace_shows_the_path_prefix_and_encoded_urn() {
    let server = ok_server();
    let endpoint = format!("{}/base", server.url);
    let run = invoke("svc@a/b").ignore_stdin().endpoint(&endpoint).args(&["-v"]).run();
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.starts_with(&format!(
            "> POST /base{} HTTP/1.1\n",
            path_for("sn:cn:yrk:default:function:0@svc@a%2Fb:latest")
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n> Content-Length: 0\n>\n"), "{}", run.stderr);
}

#[test]
fn very_verbose_adds_a_connect_timing_line() {
    let server = ok_server();
    let run = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-vv"])
        .run();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, OK_BODY);
    assert!(run.stderr.starts_with("> POST "), "{}", run.stderr);
    assert!(run.stderr.contains("\n< HTTP/1.1 200 OK\n"), "{}", run.stderr);
    let connect_lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("* connect ")).collect();
    assert_eq!(connect_lines.len(), 1, "{}", run.stderr);
    assert!(
        connect_lines[0].contains(" · first byte ") && connect_lines[0].contains(" · total "),
        "{}",
        connect_lines[0]
    );
}

#[test]
fn verbose_keeps_warnings_and_quiet_hides_everything() {
    let server = ok_server();
    let v = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-v", "--cpu", "500"])
        .run();
    assert_eq!(v.code, 0, "{v:?}");
    assert!(v.stderr.starts_with(CPU_WARNING), "{}", v.stderr);
    assert!(v.stderr.contains("\n> X-Instance-Cpu: 500\n"), "{}", v.stderr);
    let q = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-q", "--cpu", "500"])
        .run();
    assert_ok(&q, OK_BODY);
    assert_eq!(server.count(), 2);
}
