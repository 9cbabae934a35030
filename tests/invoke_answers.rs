//! How `yr invoke` handles each shape of answer: stdout, stderr and exit code, asserted whole.
//!
//! Every call runs with `--ignore-stdin -e URL`: against the emulator (`yr serve`) where it gives the answer, and
//! against a scripted server on 127.0.0.1 for shapes it never sends (proxies' pages, other clusters' quirks).

use crate::support::*;

use std::time::Duration;

/// One call of `hello` against a server answering `reply`; the server is returned for request checks.
fn answer(reply: Reply, extra: &[&str]) -> (ScriptedServer, Run) {
    let server = ScriptedServer::start(vec![reply]);
    let out = invoke("hello").ignore_stdin().endpoint(&server.url).args(extra).run();
    (server, out)
}

const URN_HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";

// ---------------------------------------------------------------------------
// Successful answers
// ---------------------------------------------------------------------------

#[test]
fn success_prints_the_exact_body_and_nothing_else() {
    let (server, out) = answer(
        Reply::json(200, "\"hello yuanrong\"")
            .header("X-Trace-Id", "t-ok")
            .header("X-Inner-Code", "0")
            .header("X-Billing-Duration", "3")
            .header("X-Invoke-Summary", "done")
            .header("X-Log-Result", ""),
        &[],
    );
    assert_run(&out, 0, "\"hello yuanrong\"", "");
    let req = server.only_request();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, format!("/serverless/v1/functions/{URN_HELLO}/invocations"));
}

#[test]
fn success_without_inner_code_header_is_success() {
    let (_server, out) = answer(Reply::json(200, r#"{"n":1}"#), &[]);
    assert_run(&out, 0, r#"{"n":1}"#, "");
}

#[test]
fn success_json_body_is_not_reformatted_when_piped() {
    let body = "{ \"z\" : 1.50,\n  \"a\": [1, 2] }\n";
    let (_server, out) = answer(Reply::json(200, body).header("X-Inner-Code", "0"), &[]);
    assert_run(&out, 0, body, "");
}

#[test]
fn success_non_json_body_is_printed_as_received() {
    let body = "plain text, not JSON\nsecond line";
    let (_server, out) = answer(Reply::text(200, body).header("X-Inner-Code", "0"), &[]);
    assert_run(&out, 0, body, "");
}

#[test]
fn success_body_that_looks_like_an_error_is_still_the_result() {
    let body = r#"{"code":4002,"message":"my own error object","trace_id":"x"}"#;
    let (_server, out) = answer(
        Reply::json(200, body)
            .header("X-Inner-Code", "0")
            .header("X-Trace-Id", "t-mine"),
        &[],
    );
    assert_run(&out, 0, body, "");
}

#[test]
fn success_with_an_ok_class_code_200202() {
    let body = r#"{"requestId":"r-1"}"#;
    let (_server, out) = answer(Reply::json(202, body).header("X-Inner-Code", "200202"), &[]);
    assert_run(&out, 0, body, "");
}

#[test]
fn success_with_empty_body_prints_nothing() {
    let (_server, out) = answer(Reply::new(200).header("X-Inner-Code", "0"), &[]);
    assert_run(&out, 0, "", "");
}

// ---------------------------------------------------------------------------
// JSON error bodies
// ---------------------------------------------------------------------------

const HINT_4037: &str = "hint: a session needs --session-id of 1 to 63 characters, --session-ttl of 0 or more, and --session-concurrency positive or -1 and at most the function's concurrentNum\n";

#[test]
fn json_error_with_trace_id_in_body() {
    let (_server, out) = answer(
        Reply::json(500, r#"{"code":4002,"message":"boom","trace_id":"t-body"}"#)
            .header("X-Inner-Code", "4002")
            .header("X-Trace-Id", "t-header"),
        &[],
    );
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom [trace t-body]\n",
    );
}

#[test]
fn json_error_without_trace_id_uses_the_trace_header() {
    let (_server, out) = answer(
        Reply::json(500, r#"{"code":4002,"message":"boom"}"#)
            .header("X-Inner-Code", "4002")
            .header("X-Trace-Id", "t-header"),
        &[],
    );
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom [trace t-header]\n",
    );
}

#[test]
fn json_error_without_any_trace_id() {
    let (_server, out) = answer(Reply::json(500, r#"{"code":4002,"message":"boom"}"#), &[]);
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom\n",
    );
}

#[test]
fn json_error_message_in_extra_quotes_loses_one_layer() {
    let (_server, out) = answer(
        Reply::json(
            500,
            r#"{"code":4037,"message":"\"session config invalid\"","trace_id":"t1"}"#,
        )
        .header("X-Inner-Code", "4037"),
        &[],
    );
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP 500, code 4037 (session config invalid): session config invalid [trace t1]\n{HINT_4037}"
        ),
    );
}

#[test]
fn json_error_message_as_object_is_compact_with_key_order_kept() {
    let (_server, out) = answer(
        Reply::json(
            500,
            r#"{"code":500123,"message":{ "z": "last", "a" : [1, 2], "m": {"y":true,"b":null} }}"#,
        )
        .header("X-Inner-Code", "500123")
        .header("X-Trace-Id", "t-obj"),
        &[],
    );
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 500123 (function error 123): {\"z\":\"last\",\"a\":[1,2],\"m\":{\"y\":true,\"b\":null}} [trace t-obj]\n",
    );
}

#[test]
fn inner_code_header_with_empty_body() {
    let (_server, out) = answer(Reply::new(500).header("X-Inner-Code", "3003"), &[]);
    assert_run(
        &out,
        5,
        "",
        "yr: error: HTTP 500, code 3003 (internal error): the response body is empty\n",
    );
}

#[test]
fn inner_code_header_on_a_2xx_answer_is_a_failure() {
    // X-Inner-Code says the call failed even though the status is 200.
    let (_server, out) = answer(
        Reply::json(200, r#"{"code":4002,"message":"late"}"#).header("X-Inner-Code", "4002"),
        &[],
    );
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 200, code 4002 (function raised an exception): late\n",
    );
}

// ---------------------------------------------------------------------------
// Answers that do not follow the JSON error shape
// ---------------------------------------------------------------------------

#[test]
fn unauthorized_without_a_token() {
    // Against the emulator: it answers as the real frontend does when token auth is on.
    let home = TempDir::new();
    let token = home.file("token", "right-token\n");
    let emulator = Emulator::start(&["--token-file", &token.display().to_string()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--trace-id", "t-401"])
        .run();
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 401: Authentication failed: no token provided. Please enter a valid JWT token.\n\
         hint: the frontend wants a token: set YR_JWT_TOKEN or pass --token-file (sent as X-Auth)\n",
    );
}

/// A frontend answers a refused token before it reads the body, and closes the connection with the body unread.
/// A client still writing a large body then gets a reset (`Broken pipe`), and the answer was lost as "cannot
/// reach" (exit 3). Bodies over 1 MiB go with `Expect: 100-continue`, as curl sends them: the answer comes before
/// any of the body is sent.
#[test]
fn unauthorized_with_a_large_body_is_the_401_not_a_broken_pipe() {
    let home = TempDir::new();
    let token = home.file("token", "right-token\n");
    let body = home.file("big.json", format!(r#"{{"pad":"{}"}}"#, "a".repeat(3 << 20)));
    let emulator = Emulator::start(&["--token-file", &token.display().to_string()]);
    let data = format!("@{}", body.display());
    for _ in 0..3 {
        let out = invoke("echo")
            .ignore_stdin()
            .endpoint(&emulator.url)
            .args(&["-d", &data])
            .run();
        assert_run(
            &out,
            4,
            "",
            "yr: error: HTTP 401: Authentication failed: no token provided. Please enter a valid JWT token.\n\
             hint: the frontend wants a token: set YR_JWT_TOKEN or pass --token-file (sent as X-Auth)\n",
        );
    }
    // With the token, the frontend asks for the body (100 Continue) and the call goes through.
    let out = run(yr()
        .env("YR_JWT_TOKEN", "right-token")
        .args([
            "invoke",
            "echo",
            "--ignore-stdin",
            "-e",
            &emulator.url,
            "-d",
            &data,
            "-o",
        ])
        .arg(home.path.join("out.json")));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        std::fs::read(home.path.join("out.json")).unwrap(),
        std::fs::read(&body).unwrap()
    );
}

#[test]
fn unauthorized_with_a_token() {
    let home = TempDir::new();
    let token = home.file("token", "right-token\n");
    let emulator = Emulator::start(&["--token-file", &token.display().to_string()]);
    let out = run(yr().env("YR_JWT_TOKEN", "sekret-token-value").args([
        "invoke",
        "hello",
        "--ignore-stdin",
        "--trace-id",
        "t-401",
        "-e",
        &emulator.url,
    ]));
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 401: Authentication failed: invalid or malformed token (invalid JWT format: expected Header.Payload.Signature, got 1 parts)\n\
         hint: the frontend refused the token: check YR_JWT_TOKEN or --token-file\n",
    );
    let ok =
        run(yr()
            .env("YR_JWT_TOKEN", "right-token")
            .args(["invoke", "hello", "--ignore-stdin", "-e", &emulator.url]));
    assert_run(&ok, 0, "\"hello\"", "");
}

#[test]
fn not_found_route() {
    let (server, out) = answer(Reply::text(404, "404 page not found"), &[]);
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP 404: 404 page not found\n\
             hint: {} has no invoke route here: is it an openYuanrong frontend, with the right path prefix?\n",
            server.url
        ),
    );
}

#[test]
fn not_found_with_an_empty_body_or_a_page_gets_the_same_hint() {
    // A proxy or ingress without the route often answers 404 with nothing at all, or with its own page.
    for reply in [
        Reply::new(404),
        Reply::new(404)
            .header("Content-Type", "text/html")
            .body("<html><head><title>404 Not Found</title></head></html>"),
    ] {
        let (server, out) = answer(reply, &[]);
        let hint = format!(
            "hint: {} has no invoke route here: is it an openYuanrong frontend, with the right path prefix?\n",
            server.url
        );
        assert!(
            out.code == 4
                && out.stdout.is_empty()
                && out.stderr.starts_with("yr: error: HTTP 404: ")
                && out.stderr.ends_with(&hint),
            "{out:?}"
        );
    }
    let (server, out) = answer(Reply::new(404), &[]);
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP 404: the response body is empty\n\
             hint: {} has no invoke route here: is it an openYuanrong frontend, with the right path prefix?\n",
            server.url
        ),
    );
    // The frontend's own 404s carry an inner code and get its hint, not this one.
    let (_server, out) = answer(
        Reply::json(404, r#"{"code":150424,"message":"function metadata not found"}"#).header("X-Inner-Code", "150424"),
        &[],
    );
    assert!(!out.stderr.contains("no invoke route"), "{out:?}");
}

#[test]
fn frontend_exiting() {
    let (_server, out) = answer(Reply::text(400, "frontend exiting"), &[]);
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 400: frontend exiting\n\
         hint: the frontend is shutting down; try again once it is back\n",
    );
}

#[test]
fn html_502_from_a_proxy() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
                </body>\r\n</html>\r\n";
    let (_server, out) = answer(Reply::new(502).header("Content-Type", "text/html").body(html), &[]);
    assert_run(
        &out,
        5,
        "",
        "yr: error: HTTP 502: 502 Bad Gateway (an HTML page, likely from a proxy or load balancer in front of the frontend)\n",
    );
}

#[test]
fn empty_body_503() {
    let (_server, out) = answer(Reply::new(503), &[]);
    assert_run(&out, 5, "", "yr: error: HTTP 503: the response body is empty\n");
}

#[test]
fn plain_text_5xx_without_code() {
    let (_server, out) = answer(Reply::text(500, "something\nbroke   badly\n"), &[]);
    assert_run(&out, 5, "", "yr: error: HTTP 500: something broke badly\n");
}

// ---------------------------------------------------------------------------
// Codes and their classes
// ---------------------------------------------------------------------------

#[test]
fn code_not_in_table_with_http_500_is_a_platform_failure() {
    let (_server, out) = answer(Reply::json(500, r#"{"code":9999,"message":"new failure"}"#), &[]);
    assert_run(&out, 5, "", "yr: error: HTTP 500, code 9999: new failure\n");
}

#[test]
fn code_not_in_table_with_http_403_is_a_rejection() {
    let (_server, out) = answer(Reply::json(403, r#"{"code":9999,"message":"not allowed"}"#), &[]);
    assert_run(&out, 4, "", "yr: error: HTTP 403, code 9999: not allowed\n");
}

#[test]
fn function_code_504211() {
    let (_server, out) = answer(
        Reply::json(500, r#"{"code":504211,"message":"init timed out after 30s"}"#).header("X-Inner-Code", "504211"),
        &[],
    );
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 504211 (function error 4211: function init timed out): init timed out after 30s\n",
    );
}

#[test]
fn function_code_4002() {
    let emulator = Emulator::start(&[
        "--function",
        "divide=echo 'ZeroDivisionError: division by zero' >&2; exit 1",
    ]);
    let out = invoke("divide")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--trace-id", "t-4002"])
        .run();
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): ZeroDivisionError: division by zero [trace t-4002]\n",
    );
}

#[test]
fn code_as_a_string_in_the_body() {
    let (_server, out) = answer(Reply::json(500, r#"{"code":"4002","message":"boom"}"#), &[]);
    assert_run(
        &out,
        6,
        "",
        "yr: error: HTTP 500, code 4002 (function raised an exception): boom\n",
    );
}

#[test]
fn function_not_found_hint_shows_the_urn_sent() {
    let emulator = Emulator::start(&[]);
    let out = invoke("shop@checkout:3")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["--trace-id", "t-nf"])
        .run();
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 500, code 150424 (function not found): function metadata not found [trace t-nf]\n\
         hint: check tenant, service, name and version; the URN sent was sn:cn:yrk:default:function:0@shop@checkout:3 (see `yr urn`)\n",
    );
}

#[test]
fn bad_request_200400_hint_shows_the_urn_shape() {
    let (_server, out) = answer(
        Reply::json(400, r#"{"code":200400,"message":"invalid urn","trace_id":"t-400"}"#)
            .header("X-Inner-Code", "200400"),
        &[],
    );
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP 400, code 200400 (bad request): invalid urn [trace t-400]\n\
             hint: a function URN has 7 `:`-separated fields, sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION; the URN sent was {URN_HELLO}\n"
        ),
    );
}

#[test]
fn body_too_large_4140_hint_shows_the_body_size() {
    let body = format!("{{\"data\":\"{}\"}}", "x".repeat(2000)); // 2011 bytes
    assert_eq!(body.len(), 2011);
    let emulator = Emulator::start(&["--max-body-size", "1K"]);
    let out = invoke("echo")
        .ignore_stdin()
        .endpoint(&emulator.url)
        .args(&["-d", &body, "--trace-id", "t-big"])
        .run();
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 500, code 4140 (request body too large): the size of request body is beyond maximum:1024, body size:2011 [trace t-big]\n\
         hint: the body was 2011 bytes; the frontend's limit is 6 MB unless its maxRequestBodySize says otherwise\n",
    );
}

#[test]
fn retry_safe_code_hint() {
    let (_server, out) = answer(
        Reply::json(
            500,
            r#"{"code":1002,"message":"resources not enough","trace_id":"t-rs"}"#,
        )
        .header("X-Inner-Code", "1002"),
        &[],
    );
    assert_run(
        &out,
        5,
        "",
        "yr: error: HTTP 500, code 1002 (insufficient resources): resources not enough [trace t-rs]\n\
         hint: the function did not run, so sending the call again is safe\n",
    );
}

// ---------------------------------------------------------------------------
// Redirects: reported, never followed
// ---------------------------------------------------------------------------

fn assert_redirect_not_followed(status: u16) {
    let location = "http://elsewhere.invalid:8888/serverless/v1/functions/x/invocations";
    let (server, out) = answer(Reply::new(status).header("Location", location), &[]);
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP {status}: redirected to {location}; yr does not follow redirects\n\
             hint: if the Location is the frontend, pass it as --endpoint\n"
        ),
    );
    assert_eq!(server.count(), 1, "the redirect was followed");
}

#[test]
fn redirect_301_is_not_followed() {
    assert_redirect_not_followed(301);
}

#[test]
fn redirect_302_is_not_followed() {
    assert_redirect_not_followed(302);
}

#[test]
fn redirect_307_is_not_followed() {
    assert_redirect_not_followed(307);
}

#[test]
fn redirect_to_the_same_server_is_not_followed() {
    // A relative Location points at the server that sent it; a following client would
    // send its second request there, where the script answers 200.
    let location = format!("/serverless/v1/functions/{URN_HELLO}/invocations");
    let server = ScriptedServer::start(vec![
        Reply::new(307).header("Location", &location),
        Reply::json(200, "\"followed\""),
    ]);
    let out = invoke("hello").ignore_stdin().endpoint(&server.url).run();
    assert_run(
        &out,
        4,
        "",
        &format!(
            "yr: error: HTTP 307: redirected to {location}; yr does not follow redirects\n\
             hint: if the Location is the frontend, pass it as --endpoint\n"
        ),
    );
    assert_eq!(server.count(), 1, "the redirect was followed");
}

#[test]
fn redirect_to_the_same_url_is_not_followed() {
    let server = ScriptedServer::start(vec![
        Reply::new(301).header("Location", "?again=1"),
        Reply::json(200, "\"followed\""),
    ]);
    let out = invoke("hello").ignore_stdin().endpoint(&server.url).run();
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(server.count(), 1, "the redirect was followed");
}

#[test]
fn http_endpoint_redirected_to_https_gets_a_hint() {
    let (server, out) = answer(
        Reply::new(301).header(
            "Location",
            "https://frontend.example:8888/serverless/v1/functions/x/invocations",
        ),
        &[],
    );
    assert_run(
        &out,
        4,
        "",
        "yr: error: HTTP 301: redirected to https://frontend.example:8888/serverless/v1/functions/x/invocations; yr does not follow redirects\n\
         hint: the endpoint is http:// and the server redirects to https://: pass the https:// address as --endpoint\n",
    );
    assert_eq!(server.count(), 1);
}

// ---------------------------------------------------------------------------
// No answer
// ---------------------------------------------------------------------------

#[test]
fn unreachable_endpoint() {
    let port = closed_port();
    let url = format!("http://127.0.0.1:{port}");
    let out = invoke("hello").ignore_stdin().endpoint(&url).run();
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: cannot reach {url}: connection refused\n\
             hint: is the frontend running there? Start a local one with `yr serve`, or pass --endpoint (or set YR_ENDPOINT)\n"
        ),
    );
}

#[test]
fn timeout_against_a_server_that_never_answers() {
    let (server, out) = answer(Reply::never(), &["--timeout", "500ms"]);
    assert_run(
        &out,
        7,
        "",
        &format!(
            "yr: error: no complete answer from {} within 500 ms (--timeout)\n",
            server.url
        ),
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn timeout_against_a_slow_answer() {
    let (server, out) = answer(
        Reply::json(200, "\"late\"").delay(Duration::from_secs(3)),
        &["--timeout", "300ms"],
    );
    assert_run(
        &out,
        7,
        "",
        &format!(
            "yr: error: no complete answer from {} within 300 ms (--timeout)\n",
            server.url
        ),
    );
}

#[test]
fn connection_dropped_mid_body() {
    // Piped output streams (bounded memory): what arrived is on stdout, and the exit code says it is incomplete.
    // -o FILE is the all-or-nothing form (see invoke_output.rs).
    let (server, out) = answer(Reply::cut_body(200, 100, "{\"partial\":"), &[]);
    assert_run(
        &out,
        3,
        "{\"partial\":",
        &format!(
            "yr: error: the connection to {} broke after 11 bytes of the response body: the server closed the connection early\n",
            server.url
        ),
    );
}

#[test]
fn raw_non_http_answer() {
    let (server, out) = answer(Reply::raw(b"garbage\r\n\r\n".to_vec()), &[]);
    assert_run(
        &out,
        5,
        "",
        &format!(
            "yr: error: the answer from {} is not valid HTTP: http parse fail: invalid HTTP version\n",
            server.url
        ),
    );
}
