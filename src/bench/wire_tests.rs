//! Unit tests of wire.rs: the head parser row by row, and whole calls against a server on 127.0.0.1 that answers
//! scripted bytes, written in pieces so that the answer comes in split reads.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::*;
use crate::bench::engine::FailureKind;

fn head(bytes: &[u8]) -> Head {
    match parse_head(bytes) {
        Ok(Some((used, head))) => {
            assert_eq!(used, bytes.len());
            head
        }
        Ok(None) => panic!("partial: {}", String::from_utf8_lossy(bytes)),
        Err(failed) => panic!("{:?}", failed.sample.message()),
    }
}

#[test]
fn heads_give_the_body_length_and_whether_the_connection_stays() {
    let rows: &[(&[u8], Length, bool)] = &[
        (b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", Length::Fixed(0), true),
        (
            b"HTTP/1.1 200 OK\r\ncontent-length: 12\r\n\r\n",
            Length::Fixed(12),
            true,
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\n",
            Length::Fixed(3),
            true,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            Length::Chunked,
            true,
        ),
        // Chunked wins over a Content-Length; an encoding that does not end in chunked runs to the close.
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            Length::Chunked,
            true,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            Length::ToClose,
            true,
        ),
        (b"HTTP/1.1 200 OK\r\n\r\n", Length::ToClose, true),
        (
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            Length::Fixed(0),
            false,
        ),
        (
            b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n",
            Length::Fixed(0),
            false,
        ),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", Length::Fixed(0), false),
        (
            b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
            Length::Fixed(0),
            true,
        ),
        (
            b"HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n",
            Length::Fixed(0),
            true,
        ),
        (b"HTTP/1.1 304 Not Modified\r\n\r\n", Length::Fixed(0), true),
        (b"HTTP/1.1 100 Continue\r\n\r\n", Length::Fixed(0), true),
        (
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
            Length::Fixed(0),
            false,
        ),
    ];
    for (bytes, length, keep) in rows {
        let head = head(bytes);
        assert_eq!(
            (head.length, head.keep),
            (*length, *keep),
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn a_success_keeps_no_headers_and_a_failure_keeps_them_for_its_judge() {
    let ok = head(b"HTTP/1.1 200 OK\r\nX-Inner-Code:  0 \r\nServer: x\r\n\r\n");
    assert_eq!((ok.status, ok.inner.as_deref(), ok.headers.len()), (200, Some("0"), 0));
    let failed = head(b"HTTP/1.1 200 OK\r\nx-inner-code: 150424\r\nX-Trace-Id: t\r\nBad: \xc3\xa9\r\n\r\n");
    assert_eq!(failed.inner.as_deref(), Some("150424"));
    // Looked up by any case, as a HeaderMap is; a value that is not visible ASCII is left out, as to_str() does.
    assert_eq!((failed.header("x-trace-id"), failed.header("bad")), (Some("t"), None));
    let not_found = head(b"HTTP/1.1 404 Not Found\r\nLocation: /x\r\n\r\n");
    assert_eq!((not_found.status, not_found.header("location")), (404, Some("/x")));
}

#[test]
fn a_head_not_yet_whole_asks_for_more_and_bad_ones_are_not_http() {
    assert!(matches!(parse_head(b"HTTP/1.1 200 OK\r\nContent-Le"), Ok(None)));
    assert!(matches!(parse_head(b""), Ok(None)));
    let rejects: &[&[u8]] = &[
        b"SSH-2.0-x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",
    ];
    for bytes in rejects {
        let Err(failed) = parse_head(bytes) else {
            panic!("accepted {}", String::from_utf8_lossy(bytes));
        };
        assert_eq!(failed.kind, FailureKind::NoAnswer(Class::Platform));
        assert!(failed.sample.message().unwrap_or_default().contains("not valid HTTP"));
    }
}

/// One scripted answer: its pieces (each written and flushed on its own), and whether the server closes after it.
type Reply = (Vec<&'static [u8]>, bool);

/// A server on 127.0.0.1 that reads each request (head and Content-Length body), keeps its bytes, and answers the
/// next scripted reply; it counts the connections it accepted.
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    connections: Arc<AtomicUsize>,
}

fn server(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(AtomicUsize::new(0));
    let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
    let (kept, count) = (requests.clone(), connections.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            count.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_nodelay(true);
            while let Some(request) = read_request(&mut stream) {
                kept.lock().unwrap().push(request);
                let Some((pieces, close)) = replies.lock().unwrap().pop_front() else {
                    return;
                };
                for piece in pieces {
                    let _ = stream.write_all(piece);
                    let _ = stream.flush();
                }
                if close {
                    break;
                }
            }
        }
    });
    Server {
        addr,
        requests,
        connections,
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut byte = [0u8];
    while !bytes.ends_with(b"\r\n\r\n") {
        (stream.read(&mut byte).ok()? == 1).then_some(())?;
        bytes.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
    let length = text
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .map_or(0, |n| n.trim().parse().unwrap());
    let mut body = vec![0; length];
    stream.read_exact(&mut body).ok()?;
    bytes.extend_from_slice(&body);
    Some(bytes)
}

fn target(addr: SocketAddr, body: &'static [u8]) -> Target {
    let request = Request::builder()
        .method("POST")
        .uri("/fn?x=1")
        .header("Host", addr.to_string())
        .header("Content-Type", "application/json")
        .body(Full::new(Bytes::from_static(body)))
        .unwrap();
    Target {
        trace: None,
        addr,
        request,
        tls: None,
        tunnel: None,
        connect_timeout: None,
        mode: crate::bench::modes::Mode::Plain,
    }
}

/// Makes `calls` calls on one worker's connection; each call's outcome, what it saw, and whether its connection
/// was kept.
fn calls(target: &Target, calls: usize) -> Vec<(Result<(), FailureKind>, Seen, bool)> {
    let wire = Wire::for_target(target).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = None;
        let mut out = Vec::new();
        for seq in 0..calls as u64 {
            let mut seen = Seen::default();
            let outcome = call(target, &wire, None, seq, &mut conn, &mut seen).await;
            out.push((outcome.map_err(|f| f.kind), seen, conn.is_some()));
        }
        out
    })
}

#[test]
fn answers_in_split_reads_chunked_or_by_length_keep_the_connection() {
    let server = server(vec![
        (
            vec![
                b"HTTP/1.1 200 OK\r\nTransfer-",
                b"Encoding: chunked\r\n\r\n5\r\nhel",
                b"lo\r\n0\r\n\r\n",
            ],
            false,
        ),
        (vec![b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"], false),
        (
            vec![
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n",
                b"\r\nab",
                b"cd",
            ],
            false,
        ),
        (
            vec![b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n1\r\nd\r\n0\r\nT: 1\r\n\r\n"],
            false,
        ),
    ]);
    let done = calls(&target(server.addr, b"{}"), 4);
    let bytes: Vec<u64> = done.iter().map(|(_, seen, _)| seen.bytes).collect();
    assert_eq!(bytes, [5, 0, 4, 4]);
    assert!(
        done.iter()
            .all(|(outcome, seen, kept)| outcome.is_ok() && seen.status == Some(200) && *kept)
    );
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[test]
fn an_answer_that_ends_the_connection_has_the_next_call_open_another() {
    let server = server(vec![
        (
            vec![b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"],
            true,
        ),
        (vec![b"HTTP/1.1 200 OK\r\n\r\nto the ", b"end"], true),
        (vec![b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"], false),
        (vec![b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"], true),
    ]);
    let done = calls(&target(server.addr, b""), 4);
    assert_eq!((done[0].0.is_ok(), done[0].1.bytes, done[0].2), (true, 2, false));
    assert_eq!((done[1].0.is_ok(), done[1].1.bytes, done[1].2), (true, 10, false));
    // A failed answer is judged as classify judges it, and its connection is kept.
    assert_eq!((done[2].0.clone(), done[2].2), (Err(FailureKind::Status(404)), true));
    // A body cut short is no answer.
    assert_eq!(
        (done[3].0.clone(), done[3].2),
        (Err(FailureKind::NoAnswer(Class::Unreachable)), false)
    );
    assert_eq!(server.connections.load(Ordering::SeqCst), 3);
}

#[test]
fn the_request_is_the_bytes_hyper_sends() {
    let reply: Reply = (vec![b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"], false);
    for body in [&b"{\"a\":1}"[..], b""] {
        let lean = server(vec![reply.clone()]);
        calls(&target(lean.addr, body), 1);
        let hyper = server(vec![reply.clone()]);
        let mut hyper_target = target(hyper.addr, body);
        // The same Host header, so that only the path differs.
        hyper_target
            .request
            .headers_mut()
            .insert("host", lean.addr.to_string().parse().unwrap());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut sender = None;
            let request = crate::bench::bodies::clone_request(&hyper_target.request, None, None);
            let _ = engine::one_call(&hyper_target, &mut sender, request, &mut Seen::default()).await;
        });
        let lean = lean.requests.lock().unwrap()[0].clone();
        let hyper = hyper.requests.lock().unwrap()[0].clone();
        assert_eq!(String::from_utf8_lossy(&lean), String::from_utf8_lossy(&hyper));
    }
}
