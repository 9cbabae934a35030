//! Where a call went (issue 22, item 3): every invoke sends a W3C `traceparent` consistent with its `X-Trace-Id`;
//! `--traceparent` and an inherited `TRACEPARENT` join an outer trace; `--json`, `yr test`'s reports and
//! `yr serve`'s log carry both ids.
//!
//! Upstream's rules, followed here: `BuildInboundContext` and `ExtractOtelTraceID` in
//! pkg/common/faas_common/tracer/trace_utils.go (X-Trace-Id, else X-Request-Id, names the OTel trace when it is a
//! UUID or `…-trace-<32 hex>`; only then is the traceparent followed), wired in by `WrapGinHandler`
//! (pkg/common/faas_common/tracer/wrap.go) on the invoke route (pkg/frontend/api/api.go).

use crate::support::*;

use serde_json::Value;

const OUTER: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
const OUTER_TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const OUTER_AS_UUID: &str = "4bf92f35-77b3-4da6-a3ce-929d0e0e4736";

/// `yr invoke hello ARGS` against an ok server, with `env`; the run and the one request it got.
fn sent(args: &[&str], env: &[(&str, &str)]) -> (Run, Recorded) {
    let server = ok_server();
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .envs(env)
        .args(args)
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    (out, server.only_request())
}

#[test]
fn every_call_sends_a_traceparent_of_the_trace_its_trace_id_names() {
    let (out, req) = sent(&["--json"], &[]);
    let trace_id = req.header("X-Trace-Id").expect("an X-Trace-Id").to_string();
    let traceparent = req.header("traceparent").expect("a traceparent").to_string();
    let (trace, span, flags) = traceparent_parts(&traceparent);
    assert_eq!(trace, uuid_hex(&trace_id), "upstream derives the trace from the UUID");
    assert_ne!(span, "0000000000000000");
    assert_eq!(flags, "01");
    // --json carries both: the server answered no trace id, so the one sent.
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["trace_id"], trace_id.as_str());
    assert_eq!(v["traceparent"], traceparent.as_str());

    // Another call, another trace.
    let (_, again) = sent(&[], &[]);
    assert_ne!(again.header("X-Trace-Id"), Some(trace_id.as_str()));
}

#[test]
fn traceparent_flag_joins_the_outer_trace_with_a_new_span() {
    let (_, req) = sent(&["--traceparent", OUTER], &[]);
    assert_eq!(req.header("X-Trace-Id"), Some(OUTER_AS_UUID));
    let (trace, span, flags) = traceparent_parts(req.header("traceparent").unwrap());
    assert_eq!(trace, OUTER_TRACE);
    assert_ne!(span, "00f067aa0ba902b7", "a span of this call's own");
    assert_eq!(flags, "00", "the outer trace's flags are kept");
}

#[test]
fn an_inherited_traceparent_is_honoured_and_the_flag_wins_over_it() {
    let (_, req) = sent(&[], &[("TRACEPARENT", OUTER)]);
    assert_eq!(req.header("X-Trace-Id"), Some(OUTER_AS_UUID));
    assert_eq!(traceparent_parts(req.header("traceparent").unwrap()).0, OUTER_TRACE);

    let flag = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let (_, req) = sent(&["--traceparent", flag], &[("TRACEPARENT", OUTER)]);
    assert_eq!(req.header("X-Trace-Id"), Some("0af76519-16cd-43dd-8448-eb211c80319c"));
    assert_eq!(
        traceparent_parts(req.header("traceparent").unwrap()).0,
        "0af7651916cd43dd8448eb211c80319c"
    );
}

#[test]
fn a_trace_id_upstream_reads_no_trace_from_goes_beside_the_outer_trace() {
    let (_, req) = sent(&["--trace-id", "smoke-checkout", "--traceparent", OUTER], &[]);
    assert_eq!(req.header("X-Trace-Id"), Some("smoke-checkout"));
    assert_eq!(traceparent_parts(req.header("traceparent").unwrap()).0, OUTER_TRACE);
    // Without an outer trace, a trace of its own (upstream then follows the traceparent).
    let (_, req) = sent(&["--trace-id", "job-7-trace-0AF7651916CD43DD8448EB211C80319C"], &[]);
    assert_eq!(
        traceparent_parts(req.header("traceparent").unwrap()).0,
        "0af7651916cd43dd8448eb211c80319c"
    );
}

/// A refused call: its arguments, its environment and the start of its error line.
type Refused<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn bad_traceparents_are_refused_naming_the_flag_or_variable() {
    let rows: &[Refused] = &[
        (
            &[
                "--traceparent",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            ],
            &[],
            "yr: error: --traceparent `00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01`: the trace-id must be 32 lowercase hex digits",
        ),
        (
            &[],
            &[("TRACEPARENT", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")],
            "yr: error: TRACEPARENT `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`: version 01 is not supported",
        ),
        (
            &[
                "-H",
                "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ],
            &[],
            "yr: error: -H traceparent: yr sends a traceparent with every call",
        ),
        (
            &[
                "--traceparent",
                OUTER,
                "--trace-id",
                "0af76519-16cd-43dd-8448-eb211c80319c",
            ],
            &[],
            "yr: error: --traceparent is trace 4bf92f3577b34da6a3ce929d0e0e4736, but --trace-id names trace 0af7651916cd43dd8448eb211c80319c",
        ),
    ];
    for (args, env, expected) in rows {
        let server = ok_server();
        let out = invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .envs(env)
            .args(args)
            .run();
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.starts_with(expected), "{args:?}: {}", out.stderr);
        assert!(server.requests().is_empty(), "nothing sent");
    }
    // An inherited one naming another trace than --trace-id is set aside, with a warning.
    let (out, req) = sent(
        &["--trace-id", "0af76519-16cd-43dd-8448-eb211c80319c"],
        &[("TRACEPARENT", OUTER)],
    );
    assert!(
        out.stderr
            .contains("yr: warning: TRACEPARENT (trace 4bf92f3577b34da6a3ce929d0e0e4736) is set aside"),
        "{out:?}"
    );
    assert_eq!(
        traceparent_parts(req.header("traceparent").unwrap()).0,
        "0af7651916cd43dd8448eb211c80319c"
    );
}

/// `yr serve`'s log shows the traceparent each call arrived with; bench's calls each get their own trace.
#[test]
fn the_emulator_logs_traceparents_and_bench_calls_get_one_trace_each() {
    let serve = Logged::start(&[]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&serve.emulator.url)
        .args(&["--json", "--traceparent", OUTER])
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let traceparent = v["traceparent"].as_str().unwrap().to_string();
    assert_eq!(
        v["trace_id"], OUTER_AS_UUID,
        "the emulator answers the X-Trace-Id it got"
    );
    let log = serve.wait_for(&format!("traceparent {traceparent}\n"));
    assert!(
        log.contains(&format!("trace {OUTER_AS_UUID} · traceparent {traceparent}\n")),
        "{log}"
    );

    // Upstream drops a malformed traceparent, and follows X-Trace-Id's trace over another one's.
    let urn = "sn:cn:yrk:default:function:0@default@hello:latest";
    serve
        .emulator
        .invoke(urn, &[("X-Trace-Id", "t-bad"), ("traceparent", "00-xyz-01")], "{}");
    serve.wait_for("traceparent 00-xyz-01 (malformed: ignored)\n");
    serve.emulator.invoke(
        urn,
        &[
            ("X-Trace-Id", OUTER_AS_UUID),
            ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        ],
        "{}",
    );
    serve.wait_for(&format!("(not followed: X-Trace-Id names trace {OUTER_TRACE})\n"));

    let out = run(yr().args(["bench", "hello", "-e", &serve.emulator.url, "-n", "3", "-c", "1"]));
    assert_eq!(out.code, 0, "{out:?}");
    let mut seen = 0;
    let mut traces = std::collections::BTreeSet::new();
    while seen < 3 {
        let log = serve.wait_for("traceparent 00-");
        for line in log
            .lines()
            .filter(|l| l.contains("POST   hello") && !l.contains(OUTER_AS_UUID) && !l.contains("t-bad"))
        {
            let trace = line
                .split(" · trace ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string();
            let tp = line.split(" · traceparent ").nth(1).unwrap();
            assert_eq!(traceparent_parts(tp).0, uuid_hex(&trace), "{line}");
            traces.insert(trace);
        }
        seen = traces.len();
    }
    assert_eq!(traces.len(), 3, "one trace per call");
}

/// `yr test` joins the outer trace too, and its JSON Lines, JUnit and TAP reports carry both ids.
#[test]
fn yr_test_reports_carry_both_ids() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[]);
    let suite = dir.file(
        "t.toml",
        "[[case]]\nname = \"fails\"\nfunction = \"hello\"\nexpect.body = \"never\"\n",
    );
    let (junit, tap, jsonl) = (dir.path.join("r.xml"), dir.path.join("r.tap"), dir.path.join("r.jsonl"));
    let out = run(yr()
        .arg("test")
        .arg(&suite)
        .args(["-e", &emulator.url, "--traceparent", OUTER])
        .arg("--junit")
        .arg(&junit)
        .arg("--tap")
        .arg(&tap)
        .arg("--jsonl")
        .arg(&jsonl));
    assert_eq!(out.code, 8, "{out:?}");
    let line: Value = serde_json::from_str(std::fs::read_to_string(&jsonl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["trace_id"], OUTER_AS_UUID);
    let traceparent = line["traceparent"].as_str().unwrap();
    assert_eq!(traceparent_parts(traceparent).0, OUTER_TRACE);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains(&format!(r#"<property name="traceparent" value="{traceparent}"/>"#)),
        "{xml}"
    );
    assert!(
        xml.contains(&format!(r#"<property name="trace_id" value="{OUTER_AS_UUID}"/>"#)),
        "{xml}"
    );
    let tap = std::fs::read_to_string(&tap).unwrap();
    assert!(tap.contains(&format!("  traceparent: \"{traceparent}\"\n")), "{tap}");
    assert!(tap.contains(&format!("  trace_id: \"{OUTER_AS_UUID}\"\n")), "{tap}");
}

/// `--async --wait --json` whose wait runs out (state `running`) still names the ids the call was sent with.
#[test]
fn an_unfinished_wait_names_the_ids_sent() {
    let emulator = Emulator::start(&["--function", "slow=sleep 5"]);
    let out = run(yr()
        .args(["invoke", "slow", "--async", "--wait", "--json", "--timeout", "1s"])
        .args(["--ignore-stdin", "--traceparent", OUTER, "-e", &emulator.url]));
    assert_eq!(out.code, 7, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["state"], "running", "{v}");
    assert_eq!(v["trace_id"], OUTER_AS_UUID, "{v}");
    let (trace, span, _) = traceparent_parts(v["traceparent"].as_str().expect("a traceparent"));
    assert_eq!(trace, OUTER_TRACE);
    assert_ne!(span, "00f067aa0ba902b7");
}
