//! Unit tests of http.rs: its pure decisions row by row, and `Client::send` against a tiny server on 127.0.0.1 that
//! answers canned bytes (no mock of the HTTP layer).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread::JoinHandle;

use super::*;
use crate::client::config::{ConnectionFlags, Lookup};
use crate::exit::Class;

fn connection(endpoint: &str, timeout: Option<&str>) -> Connection {
    let args = ConnectionFlags {
        endpoint: Some(endpoint.into()),
        timeout: timeout.map(str::to_string),
        no_proxy: true,
        ..ConnectionFlags::default()
    };
    let env = |_: &str| None;
    Connection::resolve(&args, &Lookup::with_env(&env)).unwrap()
}

/// The failure an error carries: its class, whether the request may have run, its hint, its words.
fn failure(error: &anyhow::Error) -> (Class, bool, Option<String>, String) {
    let failure = error.downcast_ref::<Failure>().expect("a typed failure");
    (
        failure.class(),
        failure.may_have_run(),
        failure.hint().map(str::to_string),
        failure.to_string(),
    )
}

/// The request head a client sent on `stream` (up to its blank line).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A server on 127.0.0.1 for one connection: it reads the request head, writes `reply`, then waits for the client
/// to close. The handle gives back the head it read.
fn serve_once(reply: Vec<u8>) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let head = read_head(&mut stream);
        let _ = stream.write_all(&reply);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let _ = std::io::copy(&mut stream, &mut std::io::sink());
        head
    });
    (url, handle)
}

fn get(path: &str) -> WireRequest<'static> {
    WireRequest {
        method: "GET",
        path: path.into(),
        headers: vec![("X-Probe".into(), "1".into())],
        body: WireBody::EMPTY,
    }
}

/// Sends `request` to a server answering `reply`; the answer (or failure) and the head the server read.
fn exchange(reply: &[u8], request: &WireRequest, timeout: Option<&str>) -> (Result<OpenAnswer>, String) {
    let (url, server) = serve_once(reply.to_vec());
    let connection = connection(&url, timeout);
    let client = Client::new(&connection).unwrap();
    let answer = client.send(request, connection.timeout.value);
    let answer = answer.map(|mut a| {
        // The answer outlives the connection it came on: read it before the server is joined.
        let mut rest = Vec::new();
        let _ = a.body().read_to_end(&mut rest);
        a.body = std::io::BufReader::new(ureq::Body::builder().data(rest).into_reader());
        a
    });
    (answer, server.join().unwrap())
}

#[test]
fn expect_continue_goes_with_bodies_over_a_mebibyte_unless_h_set_expect() {
    let body = |len: u64, headers: &[(&str, &str)]| WireRequest {
        method: "POST",
        path: "/".into(),
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: WireBody::File {
            path: Path::new("/nonexistent"),
            len,
        },
    };
    let rows = [
        (0, vec![], false),
        (1 << 20, vec![], false),
        ((1 << 20) + 1, vec![], true),
        ((1 << 20) + 1, vec![("expect", "")], false),
        ((1 << 20) + 1, vec![("EXPECT", "100-continue")], false),
    ];
    for (len, headers, expected) in rows {
        assert_eq!(
            expects_continue(&body(len, &headers)),
            expected,
            "{len} bytes, {headers:?}"
        );
    }
}

#[test]
fn wire_order_groups_a_name_s_values_in_first_seen_order() {
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    };
    let sent = wire_order(pairs(&[("A", "1"), ("B", "2"), ("a", "3"), ("C", "4"), ("b", "5")]));
    assert_eq!(
        sent,
        pairs(&[("A", "1"), ("a", "3"), ("B", "2"), ("b", "5"), ("C", "4")])
    );
    assert!(wire_order(Vec::new()).is_empty());
}

#[test]
fn a_tls_record_is_an_alert_or_a_handshake_of_version_3() {
    assert!(is_tls_record(&[0x15, 0x03, 0x03, 0x00]));
    assert!(is_tls_record(&[0x16, 0x03, 0x01]));
    assert!(!is_tls_record(&[0x17, 0x03, 0x03]));
    assert!(!is_tls_record(&[0x15, 0x02]));
    assert!(!is_tls_record(&[0x15]));
    assert!(!is_tls_record(b"HTTP/1.1 200 OK"));
}

#[test]
fn a_head_over_the_write_buffer_is_refused_as_usage_before_sending() {
    let limit = WRITE_BUFFER - HEAD_SLACK;
    // "GET" + "/" + the header's name, value and ": \r\n".
    let header = |len: usize| vec![("X".to_string(), "v".repeat(len - 3 - 1 - 1 - 4))];
    assert!(check_head_size("GET", "/", &header(limit)).is_ok());
    let error = check_head_size("GET", "/", &header(limit + 1)).unwrap_err();
    let (class, sent, _, words) = failure(&error);
    assert_eq!((class, sent), (Class::Usage, false));
    assert!(words.contains(&format!("{} bytes", limit + 1)), "{words}");
}

#[test]
fn io_errors_in_plain_words() {
    use std::io::{Error, ErrorKind};
    assert_eq!(
        io_words(&Error::from(ErrorKind::ConnectionRefused)),
        crate::wording::REFUSED
    );
    assert_eq!(io_words(&Error::from(ErrorKind::ConnectionReset)), "connection reset");
    assert_eq!(
        io_words(&Error::from(ErrorKind::ConnectionAborted)),
        "connection aborted"
    );
    assert_eq!(
        io_words(&Error::from(ErrorKind::UnexpectedEof)),
        "the server closed the connection early"
    );
}

/// Checks that `error` (on an https endpoint or not) fails with `class`, as sent or not, with the hint that the
/// frontend may not be running or without it, in words containing `words`.
fn check_transport(error: ureq::Error, on_https: bool, (class, sent, not_running): (Class, bool, bool), words: &str) {
    let connection = match on_https {
        true => connection("https://127.0.0.1:9", None),
        false => connection("http://127.0.0.1:9", Some("3s")),
    };
    let shown = format!("{error:?}");
    let (got_class, got_sent, got_hint, got_words) = failure(&transport_failure(error, &connection));
    assert_eq!((got_class, got_sent), (class, sent), "{shown}: {got_words}");
    assert_eq!(
        got_hint.as_deref() == Some(crate::wording::NOT_RUNNING),
        not_running,
        "{shown}"
    );
    assert!(got_words.contains(words), "{shown}: {got_words}");
}

#[test]
fn transport_failures_map_to_a_class_and_whether_the_call_may_have_run() {
    use std::io::{Error, ErrorKind};
    use ureq::Timeout;
    let io = |kind| ureq::Error::Io(Error::from(kind));
    let (timeout, unreachable) = (Class::Timeout, Class::Unreachable);
    check_transport(
        ureq::Error::Timeout(Timeout::Connect),
        false,
        (timeout, false, false),
        "--connect-timeout",
    );
    check_transport(
        ureq::Error::Timeout(Timeout::Resolve),
        false,
        (timeout, false, false),
        "--connect-timeout",
    );
    check_transport(
        ureq::Error::Timeout(Timeout::Global),
        false,
        (timeout, true, false),
        "within 3s (--timeout)",
    );
    check_transport(
        ureq::Error::Timeout(Timeout::RecvResponse),
        false,
        (timeout, true, false),
        "(--timeout)",
    );
    check_transport(
        ureq::Error::HostNotFound,
        false,
        (unreachable, false, true),
        "does not resolve",
    );
    check_transport(
        io(ErrorKind::ConnectionRefused),
        false,
        (unreachable, false, true),
        "refused",
    );
    check_transport(
        io(ErrorKind::UnexpectedEof),
        false,
        (unreachable, true, false),
        "before the answer's headers",
    );
    check_transport(
        io(ErrorKind::ConnectionReset),
        false,
        (unreachable, true, false),
        "connection reset",
    );
    // On https, a reset right after the handshake is a refused client certificate: nothing was processed.
    check_transport(
        io(ErrorKind::ConnectionReset),
        true,
        (unreachable, false, false),
        "wants a client certificate",
    );
    check_transport(
        io(ErrorKind::BrokenPipe),
        true,
        (unreachable, false, false),
        "right after the handshake",
    );
    let large = ureq::Error::LargeResponseHeader(70_000, 65_536);
    check_transport(large, false, (Class::Platform, true, false), "over yr's limit");
    let proxy = ureq::Error::ConnectProxyFailed("407".into());
    check_transport(proxy, false, (unreachable, false, false), "the proxy refused");
    check_transport(
        ureq::Error::ConnectionFailed,
        false,
        (unreachable, false, false),
        "connection failed",
    );
    check_transport(
        ureq::Error::BadUri("x".into()),
        false,
        (Class::Usage, false, false),
        "URL is not valid",
    );
}

#[test]
fn tls_failures_say_what_to_do() {
    use rustls::{AlertDescription, CertificateError, Error};
    let https = connection("https://127.0.0.1:9", None);
    let words = |error: Error| tls_words(&error, &https);
    assert!(words(Error::InvalidCertificate(CertificateError::UnknownIssuer)).contains("--cacert"));
    assert!(words(Error::InvalidCertificate(CertificateError::NotValidForName)).contains("--tls-server-name"));
    assert!(words(Error::InvalidCertificate(CertificateError::Expired)).contains("expired"));
    assert!(words(Error::AlertReceived(AlertDescription::CertificateRequired)).contains("pass --cert and --key"));
    assert!(words(Error::AlertReceived(AlertDescription::DecodeError)).starts_with("TLS: "));
    let plain = Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
    assert_eq!(words(plain.clone()), SPEAKS_PLAIN);
    // A port that speaks plain http gets the other scheme as its hint; nothing was sent.
    let (class, sent, hint, _) = failure(&tls_failure(&plain, &https));
    assert_eq!((class, sent), (Class::Unreachable, false));
    assert!(hint.unwrap().contains("http://127.0.0.1:9"));
    let (_, _, hint, _) = failure(&tls_failure(&Error::DecryptError, &https));
    assert_eq!(hint, None);
}

#[test]
fn certificate_names_in_plain_words() {
    assert_eq!(plain_name("DnsName(\"localhost\")"), "localhost");
    assert_eq!(plain_name("IpAddress(V4(127.0.0.1))"), "127.0.0.1");
    assert_eq!(plain_name("IpAddress(V6(::1))"), "::1");
    assert_eq!(plain_name("bare"), "bare");
}

#[test]
fn an_answer_of_any_status_is_returned_and_a_redirect_not_followed() {
    let reply = b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n";
    let (answer, head) = exchange(reply, &get("/fn?x=1"), None);
    let answer = answer.unwrap();
    assert_eq!((answer.status, answer.version), (302, "HTTP/1.1"));
    assert_eq!(answer.header("LOCATION"), Some("/elsewhere"));
    assert!(head.starts_with("GET /fn?x=1 HTTP/1.1\r\n"), "{head}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains(&format!("user-agent: {USER_AGENT}\r\n")), "{head}");
    assert!(head.contains("x-probe: 1\r\n"), "{head}");
    let (answer, _) = exchange(b"HTTP/1.0 500 Oops\r\n\r\n", &get("/"), None);
    assert_eq!(answer.unwrap().version, "HTTP/1.0");
}

#[test]
fn a_body_over_the_limit_is_refused_and_one_at_it_held() {
    let reply = b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world";
    let (answer, _) = exchange(reply, &get("/"), None);
    let error = answer.unwrap().read_limited(10).unwrap_err();
    let (class, sent, _, words) = failure(&error);
    assert_eq!((class, sent), (Class::Platform, true));
    assert!(words.contains("more than yr holds in memory"), "{words}");
    let (answer, _) = exchange(reply, &get("/"), None);
    assert_eq!(answer.unwrap().read_limited(11).unwrap().body, b"hello world");
}

#[test]
fn a_body_cut_short_is_a_broken_connection_and_bad_chunks_a_broken_answer() {
    let (url, server) = serve_once(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello".to_vec());
    let connection = connection(&url, None);
    let client = Client::new(&connection).unwrap();
    let error = client.send(&get("/"), None).unwrap().read_limited(1000).unwrap_err();
    server.join().unwrap();
    let (class, sent, _, words) = failure(&error);
    assert_eq!((class, sent), (Class::Unreachable, true));
    assert!(words.contains("broke after 5 bytes"), "{words}");

    let (url, server) = serve_once(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec());
    let connection = self::connection(&url, None);
    let client = Client::new(&connection).unwrap();
    let error = client.send(&get("/"), None).unwrap().read_limited(1000).unwrap_err();
    server.join().unwrap();
    let (class, sent, _, words) = failure(&error);
    assert_eq!((class, sent), (Class::Platform, true));
    assert!(words.contains("is not valid HTTP after 0 body bytes"), "{words}");
}

#[test]
fn a_connection_closed_before_the_headers_may_have_run_the_call() {
    let (answer, _) = exchange(b"", &get("/"), None);
    let (class, sent, hint, words) = failure(&answer.err().unwrap());
    assert_eq!((class, sent, hint), (Class::Unreachable, true, None));
    assert!(
        words.contains("closed before the answer's headers were complete"),
        "{words}"
    );
}

#[test]
fn plain_http_to_a_tls_port_is_told_apart_by_its_first_bytes_or_go_s_400() {
    let go = b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";
    let alert = b"\x15\x03\x03\x00\x02\x02\x46";
    for reply in [&go[..], &alert[..]] {
        let (answer, _) = exchange(reply, &get("/"), None);
        let (class, sent, hint, words) = failure(&answer.err().unwrap());
        assert_eq!((class, sent), (Class::Unreachable, false), "{reply:?}");
        assert!(words.ends_with(SPEAKS_TLS), "{words}");
        assert!(hint.unwrap().starts_with("use https://127.0.0.1:"));
    }
    // Another 400 is an answer.
    let (answer, _) = exchange(b"HTTP/1.0 400 Bad Request\r\n\r\nno", &get("/"), None);
    assert_eq!(answer.unwrap().status, 400);
}

#[test]
fn a_refused_connection_was_never_sent_and_asks_whether_the_frontend_runs() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let connection = connection(&format!("http://127.0.0.1:{port}"), None);
    let error = Client::new(&connection).unwrap().send(&get("/"), None).err().unwrap();
    let (class, sent, hint, _) = failure(&error);
    assert_eq!(
        (class, sent, hint.as_deref()),
        (Class::Unreachable, false, Some(crate::wording::NOT_RUNNING))
    );
}

#[test]
fn a_silent_server_times_out_after_the_request_was_sent() {
    // The server reads the request and answers nothing: the limit runs out with the call sent.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let connection = connection(&format!("http://{}", listener.local_addr().unwrap()), None);
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = std::io::copy(&mut stream, &mut std::io::sink());
    });
    let limit = Some(Duration::from_millis(200));
    let error = Client::new(&connection).unwrap().send(&get("/"), limit).err().unwrap();
    server.join().unwrap();
    let (class, sent, _, words) = failure(&error);
    assert_eq!((class, sent), (Class::Timeout, true));
    assert!(words.contains("no complete answer"), "{words}");
}

#[test]
fn a_large_body_asks_to_continue_and_takes_an_early_refusal() {
    let body = vec![b'x'; (1 << 20) + 1];
    let request = WireRequest {
        method: "POST",
        path: "/".into(),
        headers: Vec::new(),
        body: WireBody::Bytes(&body),
    };
    let reply = b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
    let (answer, head) = exchange(reply, &request, None);
    assert_eq!(answer.unwrap().status, 413);
    assert!(head.to_ascii_lowercase().contains("expect: 100-continue\r\n"), "{head}");
}
