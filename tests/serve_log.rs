//! What `yr serve` says on stderr: the start-up listing of functions and routes, one line per call with a failing
//! call's message or stderr tail, nothing with -q, the headers with -v, the log only from -v with `-- COMMAND`,
//! and a log that cannot hold calls up when nobody reads it.

use crate::support::*;

use std::io::{BufRead, BufReader};
use std::thread;
use std::time::Duration;

use regex_lite::Regex;

/// A log with its varying parts replaced: durations by `<time>`, generated ids by `<id>`.
fn normalised(text: &str) -> String {
    let time = Regex::new(r"· (\d+ µs|\d+(\.\d)? ms|\d+(\.\d+)?s|\d+m)( ·|\n)").unwrap();
    let id = Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    // A call yr sends carries a traceparent with a new span id each time (issue 22).
    let traceparent = Regex::new(r"00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}").unwrap();
    let text = time.replace_all(text, "· <time>$4");
    let text = traceparent.replace_all(&text, "<traceparent>");
    id.replace_all(&text, "<id>").into_owned()
}

/// The log after the start-up listing (whose last line is the `try:` hint).
fn calls_part(stderr: &str) -> String {
    match stderr.split_once("-d '{\"name\":\"yuanrong\"}'\n") {
        Some((_, calls)) => calls.to_string(),
        None => panic!("no start-up listing in\n{stderr}"),
    }
}

const FAILS: &str = "broken=echo step 1 >&2; echo 'bad order: missing sku' >&2; exit 3";

#[test]
fn start_up_lists_the_functions_with_their_urns_and_the_routes() {
    let serve = Logged::start(&["--function", "greet=echo hi", "--function", "shop@pay:2=cat"]);
    let url = serve.emulator.url.clone();
    let stderr = serve.wait_for("try: ");
    let want = format!(
        "\
functions:
  hello       built-in: {{\"name\":\"yuanrong\"}} answers \"hello yuanrong\"
              sn:cn:yrk:default:function:0@default@hello:latest
  echo        built-in: answers the body it is sent
              sn:cn:yrk:default:function:0@default@echo:latest
  greet       sh -c 'echo hi'
              sn:cn:yrk:default:function:0@default@greet:latest
  shop@pay:2  sh -c 'cat'
              sn:cn:yrk:default:function:0@shop@pay:2
routes, at {url}:
  POST   /serverless/v1/functions/{{urn}}/invocations
  POST   /invocations/{{tenant}}/{{service}}/{{function}}/
  POST   /{{tenant}}/{{service}}/{{function}}/   (deprecated)
  GET    /serverless/v1/functions/async-results/{{request-id}}
  DELETE /serverless/v1/functions/{{urn}}/sessions/{{session-id}}
  GET    /healthz
try: yr invoke hello -e {url} -d '{{\"name\":\"yuanrong\"}}'
"
    );
    assert_eq!(stderr, want);
    let (status, stderr, stdout_rest) = serve.stop();
    assert_eq!(status.code(), Some(0));
    assert_eq!(stderr, want, "nothing logged without calls");
    assert_eq!(stdout_rest, "", "stdout carries only the listening line");
}

#[test]
fn each_call_gets_one_line_and_a_failing_one_its_stderr_tail_or_message() {
    let serve = Logged::start(&["--function", FAILS]);
    let e = &serve.emulator;
    assert_eq!(e.invoke(&urn("hello"), &[("X-Trace-Id", "t-ok")], "{}").status, 200);
    assert_eq!(e.invoke(&urn("broken"), &[("X-Trace-Id", "t-fail")], "{}").status, 500);
    assert_eq!(e.invoke(&urn("nope"), &[("X-Trace-Id", "t-none")], "{}").status, 500);
    assert_eq!(e.call("GET", "/healthz", &[], b"").status, 200);
    assert_eq!(e.call("GET", "/nope", &[], b"").status, 404);
    serve.wait_for("GET    /nope");
    let (_, stderr, _) = serve.stop();
    assert_eq!(
        normalised(&calls_part(&stderr)),
        "\
POST   hello  HTTP 200 · code 0 · <time> · trace t-ok
POST   broken HTTP 500 · code 4002 · <time> · trace t-fail
       │ step 1
       │ bad order: missing sku
POST   sn:cn:yrk:default:function:0@default@nope:latest HTTP 500 · code 150424 · <time> · trace t-none
       function metadata not found
GET    /healthz HTTP 200 · <time>
GET    /nope  HTTP 404 · <time>
       404 page not found
"
    );
}

#[test]
fn durations_are_written_as_everywhere_else() {
    let serve = Logged::start(&["--function", "slow=sleep 1.2; echo done"]);
    assert_eq!(
        serve.emulator.invoke(&urn("slow"), &[("X-Trace-Id", "t")], "{}").status,
        200
    );
    let stderr = serve.wait_for("trace t\n");
    let line = calls_part(&stderr);
    let duration = Regex::new(r"^POST   slow  HTTP 200 · code 0 · (1\.\d{1,3})s · trace t\n$").unwrap();
    assert!(duration.is_match(&line), "{line:?}");
}

#[test]
fn asynchronous_and_streamed_calls_are_logged_when_they_end() {
    let serve = Logged::start(&["--function", "lines=echo one; echo two; echo gone >&2; exit 4"]);
    let e = &serve.emulator;
    let accepted = e.invoke(
        &urn("hello"),
        &[("X-Invoke-Type", "async"), ("X-Trace-Id", "t-a")],
        "{}",
    );
    assert_eq!(accepted.status, 202);
    let id = accepted.json()["requestId"].as_str().expect("requestId").to_string();
    let streamed = e.invoke(
        &urn("lines"),
        &[("Accept", "text/event-stream"), ("X-Trace-Id", "t-s")],
        "{}",
    );
    assert_eq!(streamed.status, 200);
    serve.wait_for("streamed");
    serve.wait_for("async  hello");
    let (_, stderr, _) = serve.stop();
    let log = calls_part(&stderr);
    let mut lines: Vec<String> = log.lines().map(|l| normalised(&format!("{l}\n"))).collect();
    // The async call's end and the stream's may come in either order.
    lines.sort();
    assert_eq!(
        lines,
        [
            "       │ gone\n".to_string(),
            "POST   hello HTTP 202 · <time> · request <id>\n".to_string(),
            "POST   lines HTTP 200 · code 4002 · <time> · streamed · trace t-s\n".to_string(),
            "async  hello HTTP 200 · code 0 · <time> · request <id> · trace t-a\n".to_string(),
        ],
        "{log}"
    );
    assert!(log.contains(&format!("request {id}")), "{log}");
}

#[test]
fn quiet_logs_nothing() {
    let serve = Logged::start(&["-q", "--function", FAILS]);
    assert_eq!(serve.emulator.invoke(&urn("broken"), &[], "{}").status, 500);
    assert_eq!(serve.emulator.call("GET", "/nope", &[], b"").status, 404);
    let (status, stderr, _) = serve.stop();
    assert_eq!((status.code(), stderr.as_str()), (Some(0), ""));
}

#[test]
fn verbose_adds_the_headers_with_the_token_redacted() {
    let dir = TempDir::new();
    let token = dir.file("token", "s3cret-token\n");
    let token = token.display().to_string();
    let serve = Logged::start(&["-v", "--token-file", &token]);
    let answer = serve.emulator.call(
        "POST",
        &format!("{}?token=other-secret", invocations(&urn("echo"))),
        &[
            ("X-Auth", "s3cret-token"),
            ("X-Trace-Id", "t-v"),
            ("Content-Type", "application/json"),
        ],
        b"{\"a\":1}",
    );
    assert_eq!(answer.status, 200);
    serve.wait_for("< X-Trace-Id: t-v\n");
    let (_, stderr, _) = serve.stop();
    let addr = serve_addr(&stderr);
    assert_eq!(
        normalised(&calls_part(&stderr)),
        format!(
            "\
POST   echo  HTTP 200 · code 0 · <time> · trace t-v
       > POST {path}?token=<redacted> HTTP/1.1
       > Host: {addr}
       > Connection: close
       > X-Auth: <redacted>
       > X-Trace-Id: t-v
       > Content-Type: application/json
       > Content-Length: 7
       < HTTP/1.1 200 OK
       < Content-Type: application/json
       < X-Inner-Code: 0
       < X-Log-Result: 
       < X-Invoke-Summary: {{\"duration_ms\":1}}
       < X-Billing-Duration: 1
       < X-Trace-Id: t-v
",
            path = invocations(&urn("echo"))
        )
    );
    assert!(
        !stderr.contains("s3cret-token") && !stderr.contains("other-secret"),
        "{stderr}"
    );
}

/// HOST:PORT from the listing's `try:` line.
fn serve_addr(stderr: &str) -> String {
    let re = Regex::new(r"try: yr invoke hello -e http://([0-9.:]+) ").unwrap();
    re.captures(stderr).unwrap_or_else(|| panic!("no try line in {stderr}"))[1].to_string()
}

#[test]
fn with_a_command_the_log_starts_at_v() {
    let home = TempDir::new();
    let invoke = ["--", "yr", "invoke", "hello", "--ignore-stdin", "-d", r#"{"name":"x"}"#];
    let plain = run(yr_with_home(&home.path).arg("serve").args(invoke));
    assert_run(&plain, 0, "\"hello x\"", "");

    let verbose = run(yr_with_home(&home.path).args(["serve", "-v"]).args(invoke));
    assert_eq!(
        (verbose.code, verbose.stdout.as_str()),
        (0, "\"hello x\""),
        "{verbose:?}"
    );
    let url = verbose
        .stderr
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("yr serve: listening on "))
        .unwrap_or_else(|| panic!("{verbose:?}"))
        .to_string();
    assert!(
        verbose.stderr.contains(&format!("try: yr invoke hello -e {url} ")),
        "{verbose:?}"
    );
    let calls = normalised(&calls_part(&verbose.stderr));
    assert_eq!(
        // Since issue 22 the log shows the traceparent the call came with; yr invoke sends one with every call.
        calls,
        "POST   hello HTTP 200 · code 0 · <time> · trace <id> · traceparent <traceparent>\n",
        "{verbose:?}"
    );

    let headers = run(yr_with_home(&home.path).args(["serve", "-vv"]).args(invoke));
    assert!(headers.stderr.contains("       < X-Inner-Code: 0\n"), "{headers:?}");
}

#[test]
fn a_log_nobody_reads_does_not_hold_calls_up() {
    // stderr is a pipe never read: it fills after a few hundred lines, and the calls must go on regardless.
    let home = TempDir::new();
    let child = serve_command(&home, &[]).spawn().expect("start yr serve");
    let (emulator, stderr, _stdout) = started(child);
    let bench = run(yr()
        .args([
            "bench",
            "echo",
            "-n",
            "3000",
            "-c",
            "4",
            "--json",
            "--ignore-stdin",
            "-e",
        ])
        .arg(&emulator.url));
    assert_eq!(bench.code, 0, "{bench:?}");
    let report: serde_json::Value = serde_json::from_str(&bench.stdout).expect("JSON report");
    assert_eq!(report["successes"], 3000, "{report}");
    // Then the log is all there.
    let (count, counted) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let call = Regex::new(r"^POST +echo +HTTP 200 · code 0 · ").unwrap();
        let logged = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .filter(|line| call.is_match(line))
            .take(3000)
            .count();
        let _ = count.send(logged);
    });
    let logged = counted.recv_timeout(Duration::from_secs(20));
    drop(emulator);
    assert_eq!(logged, Ok(3000));
}
