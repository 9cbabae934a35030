//! Unit tests of engine.rs: its decisions (how workers spread, how threads' tallies add up, how a failure is
//! classed) row by row, and `run` against a tiny server on 127.0.0.1 that answers canned bytes. When a call is due
//! is shape.rs's, tested there.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use super::*;

fn plan(calls: Option<u64>, concurrency: u32, timeout: Option<Duration>) -> Plan {
    Plan {
        calls,
        duration: None,
        concurrency,
        schedule: None,
        timeout,
        variety: None,
        seq_base: 0,
        export: None,
    }
}

#[test]
fn workers_spread_evenly_over_no_more_threads_than_workers() {
    assert_eq!(spread(5, 2), [3, 2]);
    assert_eq!(spread(4, 2), [2, 2]);
    assert_eq!(spread(1, 8), [1]);
    assert_eq!(spread(3, 8), [1, 1, 1]);
    assert_eq!(spread(7, 1), [7]);
}

fn failed(kind: FailureKind, message: &str) -> Result<(), Failed> {
    Err(Failed {
        kind,
        sample: Sample::NoAnswer {
            message: message.into(),
            hint: None,
        },
    })
}

/// A thread's tally with `calls` failures of `kind` (the first with `message`) and `ok` successes.
fn tally_of(kind: &FailureKind, calls: u64, message: &str, ok: u64) -> Tally {
    let mut tally = Tally::new();
    tally.successes = ok;
    tally.failures.insert(kind.clone(), calls);
    if let Err(Failed { sample, .. }) = failed(kind.clone(), message) {
        tally.samples.insert(kind.clone(), sample);
    }
    for _ in 0..calls + ok {
        tally.latencies.record(1000).unwrap();
    }
    tally.started = calls + ok;
    tally
}

#[test]
fn threads_tallies_add_up_and_a_kind_keeps_the_first_sample() {
    let refused = FailureKind::NoAnswer(Class::Unreachable);
    let mut merged = Tally::new();
    let mut first = tally_of(&refused, 2, "first", 1);
    first.first = Some(Duration::ZERO);
    merged.merge(first);
    merged.merge(tally_of(&refused, 1, "later", 0));
    assert_eq!((merged.calls(), merged.started, merged.successes), (4, 4, 1));
    assert_eq!(merged.failures[&refused], 3);
    assert_eq!(merged.samples[&refused].message(), Some("first"));
    assert_eq!(merged.first, Some(Duration::ZERO));
    assert_eq!(merged.latencies.len(), 4);
}

#[test]
fn failure_kinds_take_the_class_every_command_gives() {
    let rows = [
        (FailureKind::Status(404), Class::Request, true),
        (FailureKind::Status(503), Class::Platform, true),
        (FailureKind::Status(302), Class::Request, true),
        (
            FailureKind::Code {
                code: crate::error_table::code::FUNCTION_NOT_FOUND,
                status: 500,
            },
            Class::Request,
            true,
        ),
        (FailureKind::TooLarge(500), Class::Platform, true),
        (FailureKind::NoAnswer(Class::Timeout), Class::Timeout, false),
        (FailureKind::NoAnswer(Class::Unreachable), Class::Unreachable, false),
    ];
    for (kind, class, answered) in rows {
        assert_eq!((kind.class(), kind.answered()), (class, answered), "{kind:?}");
    }
}

/// A server on 127.0.0.1 that answers every request on every connection with `reply` (None: reads and never
/// answers). Requests carry no body, so a request ends at its blank line.
fn server(reply: Option<Vec<u8>>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let (Ok(mut stream), reply) = (stream, reply.clone()) else {
                return;
            };
            std::thread::spawn(move || {
                while read_head(&mut stream) {
                    match &reply {
                        Some(reply) => {
                            if stream.write_all(reply).is_err() {
                                return;
                            }
                        }
                        None => {
                            let _ = std::io::copy(&mut stream, &mut std::io::sink());
                        }
                    }
                }
            });
        }
    });
    addr
}

/// Reads one request head; false when the client closed the connection.
fn read_head(stream: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            return false;
        }
        head.push(byte[0]);
    }
    true
}

fn target(addr: SocketAddr, tunnel: Option<&'static [u8]>) -> Arc<Target> {
    let request = Request::builder()
        .uri("/fn")
        .header("Host", addr.to_string())
        .body(Full::new(Bytes::new()))
        .unwrap();
    Arc::new(Target {
        trace: None,
        addr,
        request,
        tls: None,
        tunnel: tunnel.map(Bytes::from_static),
        connect_timeout: None,
        mode: crate::bench::modes::Mode::Plain,
    })
}

fn run_calls(target: Arc<Target>, calls: u64, concurrency: u32, timeout: Option<Duration>) -> Tally {
    run(target, plan(Some(calls), concurrency, timeout), Shared::new())
}

/// The one kind of failure a tally holds, with its count and sample's words.
fn only_failure(tally: &Tally) -> (FailureKind, u64, String) {
    assert_eq!(tally.failures.len(), 1, "{:?}", tally.failures);
    let (kind, count) = tally.failures.iter().next().unwrap();
    let words = tally.samples[kind].message().unwrap_or_default().to_string();
    (kind.clone(), *count, words)
}

#[test]
fn every_call_of_the_count_is_made_and_counted() {
    let addr = server(Some(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".to_vec()));
    let tally = run_calls(target(addr, None), 7, 3, None);
    assert_eq!((tally.successes, tally.calls(), tally.started), (7, 7, 7));
    assert!(tally.failures.is_empty() && tally.first.is_some());
    assert_eq!(tally.scheduled, None);
}

#[test]
fn failed_answers_are_counted_by_kind() {
    let addr = server(Some(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec()));
    let tally = run_calls(target(addr, None), 4, 2, None);
    assert_eq!(
        (tally.successes, only_failure(&tally).0, only_failure(&tally).1),
        (0, FailureKind::Status(404), 4)
    );

    // A 2xx with a failed inner code is judged as `yr invoke` judges it.
    let reply = b"HTTP/1.1 200 OK\r\nX-Inner-Code: 150424\r\nContent-Length: 2\r\n\r\n{}";
    let tally = run_calls(target(server(Some(reply.to_vec())), None), 2, 1, None);
    assert_eq!(
        only_failure(&tally).0,
        FailureKind::Code {
            code: crate::error_table::code::FUNCTION_NOT_FOUND,
            status: 200
        }
    );
}

#[test]
fn a_failed_answer_too_large_to_judge_is_its_own_kind() {
    let mut reply = format!(
        "HTTP/1.1 500 Oops\r\nContent-Length: {}\r\n\r\n",
        FAILURE_BODY_LIMIT + 1
    )
    .into_bytes();
    reply.resize(reply.len() + FAILURE_BODY_LIMIT + 1, b'x');
    let tally = run_calls(target(server(Some(reply)), None), 1, 1, None);
    let (kind, _, words) = only_failure(&tally);
    assert_eq!(kind, FailureKind::TooLarge(500));
    assert!(words.contains("over 1 MiB"), "{words}");
}

#[test]
fn no_answer_is_classed_as_invoke_classes_it() {
    // Refused: nothing listens on the port.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let tally = run_calls(target(port, None), 2, 1, None);
    let (kind, count, words) = only_failure(&tally);
    assert_eq!(
        (kind, count, words.as_str()),
        (FailureKind::NoAnswer(Class::Unreachable), 2, crate::wording::REFUSED)
    );
    let hint = match &tally.samples[&FailureKind::NoAnswer(Class::Unreachable)] {
        Sample::NoAnswer { hint, .. } => *hint,
        Sample::Answer { .. } => None,
    };
    assert_eq!(hint, Some(crate::wording::NOT_RUNNING));

    // Bytes that are not HTTP are the platform's failure.
    let tally = run_calls(target(server(Some(b"SSH-2.0-x\r\n\r\n".to_vec())), None), 1, 1, None);
    let (kind, _, words) = only_failure(&tally);
    assert_eq!(kind, FailureKind::NoAnswer(Class::Platform));
    assert!(words.contains("not valid HTTP"), "{words}");

    // A server that never answers runs out --timeout.
    let tally = run_calls(target(server(None), None), 1, 1, Some(Duration::from_millis(100)));
    let (kind, _, words) = only_failure(&tally);
    assert_eq!(kind, FailureKind::NoAnswer(Class::Timeout));
    assert!(words.contains("(--timeout)"), "{words}");
}

#[test]
fn a_proxy_that_refuses_the_tunnel_is_unreachable_with_its_status_line() {
    let proxy = server(Some(b"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n".to_vec()));
    let tally = run_calls(
        target(proxy, Some(b"CONNECT f:1 HTTP/1.1\r\nHost: f:1\r\n\r\n")),
        1,
        1,
        None,
    );
    let (kind, _, words) = only_failure(&tally);
    assert_eq!(kind, FailureKind::NoAnswer(Class::Unreachable));
    assert_eq!(words, "the proxy refused the tunnel: 407 Proxy Authentication Required");
}

#[test]
fn a_run_without_an_end_stops_when_told_and_reports_what_finished() {
    let addr = server(Some(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".to_vec()));
    let shared = Shared::new();
    let plan = plan(None, 1, None);
    let running = {
        let shared = shared.clone();
        std::thread::spawn(move || run(target(addr, None), plan, shared))
    };
    // Waits for the counter, not for a time; the guard only ends a hang.
    let guard = Instant::now();
    while shared.done.load(Ordering::SeqCst) < 3 {
        assert!(guard.elapsed() < Duration::from_secs(60), "no calls finished");
        std::thread::yield_now();
    }
    shared.stop();
    let tally = running.join().unwrap();
    assert!(tally.successes >= 3, "{}", tally.successes);
    assert!(tally.started >= tally.calls());
}
