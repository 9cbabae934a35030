//! Self-tests for `tests/support`: drive the scripted server with a raw
//! `std::net::TcpStream` client (no `yr` binary involved).

use crate::support::*;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);
/// Only for a server that hangs; nothing here waits this long when it works.
const HANG_GUARD: Duration = Duration::from_secs(30);

/// Drops the server on another thread and fails if the drop hangs.
fn drop_returns(server: ScriptedServer) {
    let (done, dropped) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(server);
        let _ = done.send(());
    });
    dropped.recv_timeout(HANG_GUARD).expect("dropping the server hung");
}

fn connect(server: &ScriptedServer) -> TcpStream {
    let stream = TcpStream::connect(server.addr).expect("connect to scripted server");
    stream.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream
}

/// A parsed response, as a raw client sees it.
#[derive(Debug)]
struct Resp {
    status_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Read one response with a Content-Length body (keeps the connection usable).
fn read_response(stream: &mut TcpStream) -> Resp {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).expect("read response head");
        assert_eq!(n, 1, "EOF inside response head: {:?}", String::from_utf8_lossy(&head));
        head.push(byte[0]);
        assert!(head.len() < 64 * 1024, "response head too long");
    }
    let head = String::from_utf8(head).expect("UTF-8 head");
    let mut lines = head.trim_end_matches("\r\n").split("\r\n");
    let status_line = lines.next().unwrap().to_string();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header line with colon");
            (n.to_string(), v.trim().to_string())
        })
        .collect();
    let mut resp = Resp {
        status_line,
        headers,
        body: Vec::new(),
    };
    let len: usize = resp
        .header("Content-Length")
        .expect("Content-Length in response")
        .parse()
        .unwrap();
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).expect("read response body");
    resp.body = body;
    resp
}

/// Read everything until EOF (must end cleanly, not by timeout or reset).
fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    stream.read_to_end(&mut out).expect("read until EOF");
    out
}

/// One request on a fresh connection with `Connection: close`; returns the
/// full response bytes.
fn one_shot(server: &ScriptedServer, path: &str) -> Vec<u8> {
    let mut s = connect(server);
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    read_all(&mut s)
}

fn status_of(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    text.split("\r\n").next().unwrap_or("").to_string()
}

#[test]
fn json_reply_and_recorded_request() {
    let server = ScriptedServer::start(vec![Reply::json(201, r#"{"ok":true}"#).header("X-Trace", "abc")]);
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
    assert_eq!(server.url, format!("http://127.0.0.1:{}", server.port()));

    let mut s = connect(&server);
    let body = r#"{"a":1}"#;
    write!(
        s,
        "POST /fn/a%2Fb?x=1%202&y HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Custom-Header:  Mixed Value \r\n\
         x-lower: 1\r\nAccept: text/plain\r\naccept: application/json\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let raw = read_all(&mut s);
    let text = String::from_utf8(raw).unwrap();
    let (head, resp_body) = text.split_once("\r\n\r\n").expect("head/body separator");
    let head_lines: Vec<&str> = head.split("\r\n").collect();
    assert_eq!(head_lines[0], "HTTP/1.1 201 Created");
    assert!(head_lines.contains(&"Content-Type: application/json"), "{head}");
    assert!(head_lines.contains(&"X-Trace: abc"), "{head}");
    assert!(head_lines.contains(&"Content-Length: 11"), "{head}");
    assert!(head_lines.contains(&"Connection: close"), "{head}");
    assert_eq!(resp_body, r#"{"ok":true}"#);

    let r = server.only_request();
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/fn/a%2Fb?x=1%202&y");
    assert_eq!(r.body, body.as_bytes());
    assert_eq!(r.body_text(), body);
    assert_eq!(
        r.headers[1],
        ("X-Custom-Header".to_string(), "Mixed Value".to_string()),
        "names keep their case, values are trimmed"
    );
    assert_eq!(r.headers[2].0, "x-lower");
    assert_eq!(r.header("x-custom-header"), Some("Mixed Value"));
    assert_eq!(r.header("CONTENT-TYPE"), Some("application/json"));
    assert_eq!(r.header("accept"), Some("text/plain"), "first match");
    assert_eq!(r.header_all("ACCEPT"), vec!["text/plain", "application/json"]);
    assert_eq!(r.header("X-Missing"), None);
    assert!(r.header_all("X-Missing").is_empty());
    assert_eq!(server.count(), 1);
}

#[test]
fn text_and_empty_replies() {
    let server = ScriptedServer::start(vec![
        Reply::text(404, "nope\n"),
        Reply::new(503).header("Retry-After", "2"),
        Reply::new(204),
        Reply::new(299).body(vec![0u8, 255]),
    ]);
    let mut s = connect(&server);
    s.write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let r = read_response(&mut s);
    assert_eq!(r.status_line, "HTTP/1.1 404 Not Found");
    assert_eq!(r.header("Content-Type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.body, b"nope\n");

    s.write_all(b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let r = read_response(&mut s);
    assert_eq!(r.status_line, "HTTP/1.1 503 Service Unavailable");
    assert_eq!(r.header("Retry-After"), Some("2"));
    assert_eq!(r.header("Content-Length"), Some("0"));
    assert!(r.body.is_empty());

    // 204 carries no Content-Length and no body (RFC 9110 section 8.6).
    s.write_all(b"GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let raw = read_all(&mut s);
    assert_eq!(raw, b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");

    let raw = one_shot(&server, "/d");
    assert!(raw.starts_with(b"HTTP/1.1 299 Unknown\r\n"), "{raw:?}");
    assert!(raw.ends_with(b"Content-Length: 2\r\nConnection: close\r\n\r\n\x00\xff"));
    assert_eq!(server.count(), 4);
}

#[test]
fn chunked_request_body_is_decoded() {
    let server = ScriptedServer::start(vec![Reply::text(200, "got it")]);
    let mut s = connect(&server);
    s.write_all(
        b"POST /chunky HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
          5\r\nhello\r\n7;ext=1\r\n, world\r\nA\r\n 012345678\r\n0\r\nX-Trailer: t\r\n\r\n",
    )
    .unwrap();
    let r = read_response(&mut s);
    assert_eq!(r.status_line, "HTTP/1.1 200 OK");
    assert_eq!(r.body, b"got it");
    let req = server.only_request();
    assert_eq!(req.method, "POST");
    assert_eq!(req.body_text(), "hello, world 012345678");
    assert_eq!(req.header("transfer-encoding"), Some("chunked"));
}

#[test]
fn chunked_request_body_in_small_writes() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let mut s = connect(&server);
    let request: &[u8] =
        b"PUT /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    for piece in request.chunks(4) {
        s.write_all(piece).unwrap();
        s.flush().unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    let r = read_response(&mut s);
    assert_eq!(r.status_line, "HTTP/1.1 200 OK");
    assert_eq!(server.only_request().body, b"abcde");
}

#[test]
fn chunked_reply_is_encoded() {
    let server = ScriptedServer::start(vec![Reply::chunked(200, &["ab", "", "cde"])]);
    let raw = one_shot(&server, "/");
    let text = String::from_utf8(raw).unwrap();
    assert!(text.contains("\r\nTransfer-Encoding: chunked\r\n"), "{text}");
    assert!(!text.contains("Content-Length"), "{text}");
    assert!(text.ends_with("\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n"), "{text}");
}

#[test]
fn two_requests_on_one_keep_alive_connection() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"n":1}"#), Reply::json(202, r#"{"n":2}"#)]);
    let mut s = connect(&server);
    s.write_all(b"POST /first HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none")
        .unwrap();
    let r1 = read_response(&mut s);
    assert_eq!(r1.status_line, "HTTP/1.1 200 OK");
    assert_eq!(r1.body, br#"{"n":1}"#);
    assert_eq!(r1.header("Connection"), None, "no close on keep-alive");

    s.write_all(b"GET /second HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let r2 = read_response(&mut s);
    assert_eq!(r2.status_line, "HTTP/1.1 202 Accepted");
    assert_eq!(r2.body, br#"{"n":2}"#);

    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!((reqs[0].method.as_str(), reqs[0].path.as_str()), ("POST", "/first"));
    assert_eq!(reqs[0].body, b"one");
    assert_eq!((reqs[1].method.as_str(), reqs[1].path.as_str()), ("GET", "/second"));
    assert!(reqs[1].body.is_empty());
}

#[test]
fn pipelined_requests_in_one_write() {
    let server = ScriptedServer::start(vec![Reply::text(200, "a"), Reply::text(200, "b")]);
    let mut s = connect(&server);
    s.write_all(
        b"POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nxy\
          GET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    assert_eq!(read_response(&mut s).body, b"a");
    assert_eq!(read_response(&mut s).body, b"b");
    assert!(read_all(&mut s).is_empty(), "closed after Connection: close");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/1", "/2"]);
}

#[test]
fn cut_body_drops_connection_mid_body() {
    let server = ScriptedServer::start(vec![Reply::cut_body(200, 100, "partial")]);
    let mut s = connect(&server);
    // No Connection: close: the server must close on its own.
    s.write_all(b"GET /cut HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let text = String::from_utf8(read_all(&mut s)).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.split("\r\n").any(|l| l == "Content-Length: 100"), "{head}");
    assert_eq!(body, "partial");
    assert!(body.len() < 100);
    assert_eq!(server.count(), 1);
}

#[test]
fn raw_reply_is_written_verbatim_then_closed() {
    let bytes: &[u8] = b"HTTP/1.1 200 OK\r\nX-Weird:   yes\r\n\r\nno length, ends at close";
    let server = ScriptedServer::start(vec![Reply::raw(bytes)]);
    let mut s = connect(&server);
    s.write_all(b"GET /raw HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    assert_eq!(read_all(&mut s), bytes);
    assert_eq!(server.only_request().path, "/raw");
}

#[test]
fn never_answers_until_dropped() {
    let server = ScriptedServer::start(vec![Reply::never()]);
    let mut s = connect(&server);
    s.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    s.write_all(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut buf = [0u8; 64];
    let started = Instant::now();
    let err = s.read(&mut buf).expect_err("the server must not answer");
    assert!(
        matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{err:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert!(server.wait_for_count(1, Duration::from_secs(5)));
    assert_eq!(server.only_request().path, "/hang");

    // Dropping the server releases the held socket (EOF or reset, not the
    // read timeout, which is only a hang guard), and the drop itself returns.
    s.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    drop_returns(server);
    match s.read(&mut buf) {
        Ok(n) => assert_eq!(n, 0, "expected EOF, got {:?}", &buf[..n]),
        Err(e) => assert!(
            !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "socket still held after drop: {e:?}"
        ),
    }
}

#[test]
fn delay_postpones_the_answer() {
    let server = ScriptedServer::start(vec![Reply::text(200, "late").delay(Duration::from_millis(400))]);
    let started = Instant::now();
    let raw = one_shot(&server, "/slow");
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert!(raw.ends_with(b"\r\n\r\nlate"));

    let server = ScriptedServer::start(vec![
        Reply::raw("HTTP/1.1 200 OK\r\n\r\nraw").delay(Duration::from_millis(300)),
        Reply::cut_body(200, 10, "cut").delay(Duration::from_millis(300)),
    ]);
    for expected in [&b"raw"[..], b"cut"] {
        let started = Instant::now();
        let raw = one_shot(&server, "/slow");
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "{:?}",
            started.elapsed()
        );
        assert!(raw.ends_with(expected), "{raw:?}");
    }
}

#[test]
fn last_reply_repeats() {
    let server = ScriptedServer::start(vec![Reply::text(500, "first"), Reply::text(200, "again")]);
    let statuses: Vec<String> = (0..4)
        .map(|i| status_of(&one_shot(&server, &format!("/{i}"))))
        .collect();
    assert_eq!(
        statuses,
        [
            "HTTP/1.1 500 Internal Server Error",
            "HTTP/1.1 200 OK",
            "HTTP/1.1 200 OK",
            "HTTP/1.1 200 OK"
        ]
    );
    assert_eq!(server.count(), 4);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/0", "/1", "/2", "/3"]);
}

#[test]
fn concurrent_connections() {
    // Every reply is held until the server is dropped: a server that served
    // one connection at a time would never read the second request, so all
    // five being recorded while none is answered proves they run in parallel.
    let server = ScriptedServer::start(vec![Reply::never()]);
    let clients: Vec<TcpStream> = (0..5)
        .map(|i| {
            let mut s = connect(&server);
            write!(s, "GET /c{i} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            s
        })
        .collect();
    assert!(
        server.wait_for_count(5, HANG_GUARD),
        "only {} of 5 held connections were read",
        server.count()
    );
    let mut paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(paths, ["/c0", "/c1", "/c2", "/c3", "/c4"]);
    drop_returns(server);
    for mut s in clients {
        assert_eq!(read_all(&mut s), b"", "a held request was answered");
    }
}

#[test]
#[should_panic(expected = "expected exactly one request, got 2")]
fn only_request_rejects_two() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    one_shot(&server, "/a");
    one_shot(&server, "/b");
    server.only_request();
}

#[test]
#[should_panic(expected = "expected exactly one request, got 0")]
fn only_request_rejects_none() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    server.only_request();
}

#[test]
fn malformed_request_gets_400_and_is_not_recorded() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let mut s = connect(&server);
    s.write_all(b"this is not http\r\n\r\n").unwrap();
    let raw = read_all(&mut s);
    assert_eq!(status_of(&raw), "HTTP/1.1 400 Bad Request");
    assert_eq!(server.count(), 0);

    let mut s = connect(&server);
    s.write_all(b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n").unwrap();
    assert_eq!(status_of(&read_all(&mut s)), "HTTP/1.1 400 Bad Request");
    assert_eq!(server.count(), 0);
}

#[test]
fn oversized_head_is_rejected_not_buffered_forever() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let mut s = connect(&server);
    s.write_all(b"GET / HTTP/1.1\r\nX-Big: ").unwrap();
    let filler = vec![b'a'; 64 * 1024];
    // The server answers 400 once it has seen more than 1 MB of head; later
    // writes may then fail, which is fine.
    for _ in 0..20 {
        if s.write_all(&filler).is_err() {
            break;
        }
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert_eq!(status_of(&out), "HTTP/1.1 400 Bad Request");
    assert_eq!(server.count(), 0);
}

#[test]
fn head_request_gets_no_body() {
    let server = ScriptedServer::start(vec![Reply::text(200, "body")]);
    let mut s = connect(&server);
    s.write_all(b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let text = String::from_utf8(read_all(&mut s)).unwrap();
    assert!(text.contains("\r\nContent-Length: 4\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\n"), "{text}");
}

#[test]
fn expect_100_continue_is_honoured() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let mut s = connect(&server);
    s.write_all(b"PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        .unwrap();
    let mut interim = [0u8; 25];
    s.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(b"ok").unwrap();
    assert_eq!(read_response(&mut s).status_line, "HTTP/1.1 200 OK");
    assert_eq!(server.only_request().body, b"ok");
}

#[test]
fn drop_with_idle_keep_alive_connection_does_not_hang() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let mut s = connect(&server);
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    read_response(&mut s);
    drop_returns(server);
    // The idle connection is closed by the drop.
    let mut buf = [0u8; 8];
    match s.read(&mut buf) {
        Ok(n) => assert_eq!(n, 0),
        Err(e) => assert!(
            !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "{e:?}"
        ),
    }
}

#[test]
fn closed_port_refuses_connections() {
    let port = closed_port();
    assert_ne!(port, 0);
    let err = TcpStream::connect(("127.0.0.1", port)).expect_err("nothing listens there");
    assert_eq!(err.kind(), ErrorKind::ConnectionRefused, "{err:?}");
    // Held, so nothing else on the machine can be handed it and start listening there.
    let taken = std::net::TcpListener::bind(("127.0.0.1", port)).expect_err("the port is held");
    assert_eq!(taken.kind(), ErrorKind::AddrInUse, "{taken:?}");
}

#[test]
fn temp_dir_files_and_cleanup() {
    let dir = TempDir::new();
    let other = TempDir::new();
    assert_ne!(dir.path, other.path);
    assert!(dir.path.starts_with(std::env::temp_dir()));
    assert!(dir.path.is_dir());
    assert_eq!(std::fs::read_dir(&dir.path).unwrap().count(), 0, "fresh and empty");
    let p = dir.file("a.json", r#"{"x":1}"#);
    assert_eq!(p, dir.path.join("a.json"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), r#"{"x":1}"#);
    let nested = dir.file(".config/yr/config.toml", b"k = 1\n");
    assert_eq!(std::fs::read(&nested).unwrap(), b"k = 1\n");
    let path = dir.path.clone();
    drop(dir);
    assert!(!path.exists(), "removed on drop");
}

#[test]
fn clean_command_environment_has_only_path_home_and_an_empty_sessions_dir() {
    let home = TempDir::new();
    let out = clean_command("env", &home.path).output().expect("run env");
    assert!(out.status.success());
    let mut names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(n, _)| n.to_string()))
        .collect();
    names.sort();
    assert_eq!(names, ["HOME", "PATH", "YR_SESSIONS_DIR"]);

    let out = clean_command("sh", &home.path)
        .args(["-c", "printf %s \"$HOME\""])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), home.path.to_str().unwrap());
}

#[test]
fn yr_command_points_at_the_binary_with_a_fresh_home() {
    let cmd = yr();
    assert_eq!(cmd.get_program(), env!("CARGO_BIN_EXE_yr"));
    let envs: Vec<(String, Option<String>)> = cmd
        .get_envs()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.map(|v| v.to_string_lossy().into_owned()),
            )
        })
        .collect();
    let home = envs
        .iter()
        .find(|(k, _)| k == "HOME")
        .and_then(|(_, v)| v.clone())
        .expect("HOME set");
    let home = std::path::Path::new(&home);
    assert!(home.starts_with(std::env::temp_dir()));
    assert!(home.is_dir());
    assert_eq!(std::fs::read_dir(home).unwrap().count(), 0);
    let mut names: Vec<&str> = envs.iter().map(|(k, _)| k.as_str()).collect();
    names.sort();
    assert_eq!(names, ["HOME", "PATH", "YR_SESSIONS_DIR"]);
    // Two commands get two different homes.
    let other = yr();
    let other_home = other
        .get_envs()
        .find(|(k, _)| *k == "HOME")
        .and_then(|(_, v)| v)
        .unwrap()
        .to_owned();
    assert_ne!(other_home.as_os_str(), home.as_os_str());
    let _ = std::fs::remove_dir(home);
    let _ = std::fs::remove_dir(other_home);
}

#[test]
fn client_half_close_releases_the_connection() {
    let server = ScriptedServer::start(vec![Reply::new(200)]);
    let mut s = connect(&server);
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    read_response(&mut s);
    // Client is done sending: the server must close its side too, promptly
    // (not only after its 10 s idle timeout or when the server is dropped).
    s.shutdown(std::net::Shutdown::Write).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let mut buf = [0u8; 8];
    match s.read(&mut buf) {
        Ok(n) => assert_eq!(n, 0),
        Err(e) => assert!(
            !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "server kept the connection open: {e:?}"
        ),
    }
}

#[test]
fn closing_reply_survives_unread_client_bytes() {
    // The client sends more than the request (here: 256 KiB of junk after
    // it). Closing a socket with unread input makes the kernel send RST,
    // which can destroy the reply on the client side; the server must drain
    // before closing so the client gets every byte and then a clean EOF.
    let bytes: &[u8] = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it";
    let server = ScriptedServer::start(vec![Reply::raw(bytes)]);
    let mut s = connect(&server);
    let mut out = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
    out.extend(std::iter::repeat_n(b'j', 256 * 1024));
    s.write_all(&out).unwrap();
    // Read only once the server has closed the connection, unread junk and
    // all: that is when a reset would have destroyed the reply.
    assert!(
        wait_until(HANG_GUARD, || server.open_connections() == 0),
        "the server never closed the connection"
    );
    assert_eq!(read_all(&mut s), bytes);
}

/// The snapshot placeholders: what differs from run to run goes, the rest (port 0, millicores, a flag's duration
/// outside a report) stays.
#[test]
fn redact_puts_placeholders_where_runs_differ() {
    let dir = TempDir::new();
    let text = format!(
        "{}/s.toml http://127.0.0.1:43123 http://127.0.0.1:0 trace 0f3c2a10-9b1e-4c2d-8e5f-0123456789ab \
         at 2026-05-01T10:20:30.123Z in 300 ms, 500m\n",
        dir.path.display()
    );
    assert_eq!(
        redact(&text),
        "[TMP]/s.toml http://127.0.0.1:[PORT] http://127.0.0.1:0 trace [ID] at [TIMESTAMP] in 300 ms, 500m\n"
    );
    assert_eq!(
        redact_timed(r#"{"elapsed_ms":12.5} <x time="0.013"> 1.2 s"#),
        r#"{"elapsed_ms":[DURATION]} <x time="[DURATION]"> [DURATION]"#
    );
}
