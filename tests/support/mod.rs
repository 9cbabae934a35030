//! Test support for `yr` integration tests: a scripted HTTP/1.1 server on
//! 127.0.0.1, a clean-environment `yr` command, temp dirs and a closed port.
//!
//! Declared once in `tests/tests.rs`; each area module says `use crate::support::*;`.
//!
//! Only std. Nothing here listens
//! or connects anywhere but 127.0.0.1. The server threads never unwrap on
//! anything a peer controls; every socket has read/write timeouts and every
//! buffer is bounded, so a misbehaving client (or server bug) can fail a test
//! but cannot hang it.

mod emulator;
mod faults;
mod fifo;
pub use fifo::{Feeder, is_fifo, make_fifo};
mod logged;
mod pki;
mod proxy;
pub use pki::server_certificates;
mod cmd;
mod invoke;
mod run;
mod snap;
mod traced;
pub use cmd::Cmd;
pub use emulator::{Emulator, RawResponse, decode_base64, invocations, post_request, read_one_response, test_jwt, urn};
pub use faults::*;
pub use invoke::invoke;
pub use logged::{Logged, serve_command, started};
pub use proxy::{HttpProxy, ProxyKind};
pub use run::{Run, assert_ok, assert_run, run};
pub(crate) use snap::assert_snap;
pub use snap::{redact, redact_timed};
pub use traced::{traceparent_parts, uuid_hex, without_trace};

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Read/write timeout on every server-side socket.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Maximum size of a request line plus headers.
const MAX_HEAD: usize = 1024 * 1024;
/// Maximum size of a decoded request body.
const MAX_BODY: usize = 64 * 1024 * 1024;
/// Maximum length of one chunk-size line or trailer line in a chunked body.
const MAX_LINE: usize = 64 * 1024;
/// Maximum number of trailer lines after the last chunk.
const MAX_TRAILERS: usize = 1000;
/// How long `Reply::never()` holds the socket if the server is not dropped.
const NEVER_HOLD: Duration = Duration::from_secs(60);
/// Upper bound for draining the client's leftovers before closing a socket.
const LINGER: Duration = Duration::from_secs(2);
/// Default hang guard for the `yr` process built by [`yr`]: a run that takes longer is killed so a hung test ends.
/// It is not a bound any test asserts, so it is generous: under two busy loops on a 2-core runner, a 100 MB body
/// sent by a debug build took over 30 s.
const YR_TIMEOUT: Duration = Duration::from_secs(300);

/// The body an [`ok_server`] answers with.
pub const OK_BODY: &str = r#"{"result":"ok"}"#;

/// A server that answers every call `200` with [`OK_BODY`].
pub fn ok_server() -> ScriptedServer {
    ScriptedServer::start(vec![Reply::json(200, OK_BODY)])
}

// ---------------------------------------------------------------------------
// Recorded requests
// ---------------------------------------------------------------------------

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// Exactly as on the request line (raw, still percent-encoded), incl. query.
    pub path: String,
    /// In order, names as sent (original case), values with surrounding
    /// spaces/tabs trimmed.
    pub headers: Vec<(String, String)>,
    /// Decoded body: Content-Length and chunked bodies both supported.
    pub body: Vec<u8>,
    /// When its head had been read.
    pub at: std::time::Instant,
}

impl Recorded {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// All values of headers with this name (case-insensitive), in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as text (lossy UTF-8), handy in assertions.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

/// What the server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A normal response: `HTTP/1.1 <status> <reason>`, `Content-Length`
    /// (unless a `Content-Length`/`Transfer-Encoding` header was given
    /// explicitly, or the status is 1xx/204/304), the headers, the body.
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        delay: Duration,
    },
    /// These exact bytes, then close.
    Raw { bytes: Vec<u8>, delay: Duration },
    /// Status line, headers, `Content-Length: declared_len`, then only `sent`,
    /// then close (the connection drops mid-body).
    Cut {
        status: u16,
        headers: Vec<(String, String)>,
        declared_len: usize,
        sent: Vec<u8>,
        delay: Duration,
    },
    /// Read the request, never answer; hold the socket until the server is
    /// dropped or 60 s pass.
    Never,
}

impl Reply {
    /// Empty body, `Content-Length: 0`.
    pub fn new(status: u16) -> Reply {
        Reply::Http {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// `Content-Type: application/json` and this body.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::new(status).header("Content-Type", "application/json").body(body)
    }

    /// `Content-Type: text/plain; charset=utf-8` and this body.
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::new(status)
            .header("Content-Type", "text/plain; charset=utf-8")
            .body(body)
    }

    /// A `Transfer-Encoding: chunked` response, one chunk per part (empty
    /// parts are skipped, since an empty chunk would end the body).
    pub fn chunked(status: u16, parts: &[&str]) -> Reply {
        let mut body = Vec::new();
        for part in parts.iter().filter(|p| !p.is_empty()) {
            body.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            body.extend_from_slice(part.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"0\r\n\r\n");
        Reply::new(status).header("Transfer-Encoding", "chunked").body(body)
    }

    /// Add a header (builder). Panics on `raw`/`never` replies.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        match &mut self {
            Reply::Http { headers, .. } | Reply::Cut { headers, .. } => {
                headers.push((name.to_string(), value.to_string()))
            }
            Reply::Raw { .. } | Reply::Never => {
                panic!("Reply::header is not supported on raw/never replies")
            }
        }
        self
    }

    /// Set the body bytes (builder). Panics on anything but a normal reply.
    pub fn body(mut self, bytes: impl Into<Vec<u8>>) -> Reply {
        match &mut self {
            Reply::Http { body, .. } => *body = bytes.into(),
            _ => panic!("Reply::body is only supported on normal replies"),
        }
        self
    }

    /// Write these exact bytes, then close.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Reply {
        Reply::Raw {
            bytes: bytes.into(),
            delay: Duration::ZERO,
        }
    }

    /// Headers with `Content-Length: declared_len`, then `sent`, then close
    /// the socket (the connection drops mid-body).
    pub fn cut_body(status: u16, declared_len: usize, sent: &str) -> Reply {
        Reply::Cut {
            status,
            headers: Vec::new(),
            declared_len,
            sent: sent.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }

    /// Sleep this long before answering (for timeout tests). The sleep ends
    /// early if the server is dropped. No effect on `never`.
    pub fn delay(mut self, d: Duration) -> Reply {
        match &mut self {
            Reply::Http { delay, .. } | Reply::Raw { delay, .. } | Reply::Cut { delay, .. } => *delay = d,
            Reply::Never => {}
        }
        self
    }

    /// Read the request, then never answer (hold the socket open until the
    /// server is dropped or 60 s pass).
    pub fn never() -> Reply {
        Reply::Never
    }
}

/// Standard reason phrase for a status code ("Unknown" for others).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "Unknown",
    }
}

// ---------------------------------------------------------------------------
// Scripted server
// ---------------------------------------------------------------------------

struct Shared {
    replies: Vec<Reply>,
    recorded: Mutex<Vec<Recorded>>,
    /// Clones of the open sockets by connection id, shut down when the
    /// server is dropped so no connection thread outlives the server for
    /// long. A connection thread removes its entry when it ends.
    conns: Mutex<HashMap<usize, TcpStream>>,
    stop: AtomicBool,
    /// Connections accepted so far, counted in accept order.
    accepted: AtomicUsize,
}

impl Shared {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Record the request and pick its reply (the last one repeats).
    fn record(&self, req: Recorded) -> Reply {
        let mut recorded = lock(&self.recorded);
        let n = recorded.len();
        recorded.push(req);
        drop(recorded);
        let idx = n.min(self.replies.len() - 1);
        self.replies[idx].clone()
    }
}

/// Lock, ignoring poisoning (a panicking thread must not cascade).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// An HTTP/1.1 server on 127.0.0.1 that answers the n-th request with the
/// n-th scripted reply (repeating the last one) and records every request.
pub struct ScriptedServer {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl ScriptedServer {
    /// Start serving. Answers the n-th request with `replies[n]`; after the
    /// list runs out, repeats the last one. Keep-alive and several
    /// connections (one thread each) are supported. Panics if `replies` is
    /// empty.
    pub fn start(replies: Vec<Reply>) -> ScriptedServer {
        assert!(!replies.is_empty(), "ScriptedServer::start needs at least one reply");
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local_addr");
        let shared = Arc::new(Shared {
            replies,
            recorded: Mutex::new(Vec::new()),
            conns: Mutex::new(HashMap::new()),
            stop: AtomicBool::new(false),
            accepted: AtomicUsize::new(0),
        });
        let accept_shared = Arc::clone(&shared);
        let accept = thread::Builder::new()
            .name(format!("scripted-server-{}", addr.port()))
            .spawn(move || accept_loop(listener, accept_shared))
            .expect("spawn accept thread");
        ScriptedServer {
            url: format!("http://{addr}"),
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// All requests so far, in arrival order (a request is recorded as soon
    /// as it has been read completely, before the reply is sent).
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.recorded).clone()
    }

    /// Asserts exactly one request arrived and returns it.
    #[track_caller]
    pub fn only_request(&self) -> Recorded {
        let mut all = self.requests();
        assert_eq!(
            all.len(),
            1,
            "expected exactly one request, got {}: {:?}",
            all.len(),
            all.iter()
                .map(|r| format!("{} {}", r.method, r.path))
                .collect::<Vec<_>>()
        );
        all.remove(0)
    }

    /// Number of requests so far.
    pub fn count(&self) -> usize {
        lock(&self.shared.recorded).len()
    }

    /// Connections the server still holds open (a connection counts until
    /// its thread has closed the socket).
    pub fn open_connections(&self) -> usize {
        lock(&self.shared.conns).len()
    }

    /// Connections accepted so far, whether or not a request was read on them. Connections are accepted in
    /// the order they were made, so once a connection of the test's own has been answered, every earlier
    /// one is counted.
    pub fn connections(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Wait until at least `n` requests have been recorded, up to `timeout`.
    /// Returns whether that happened.
    pub fn wait_for_count(&self, n: usize, timeout: Duration) -> bool {
        wait_until(timeout, || self.count() >= n)
    }
}

/// A function's COMMAND (for `yr serve --function NAME=COMMAND`) that marks it started (`started` in `dir`), then
/// waits until the test creates `release` there (a hang guard of 20 s), then runs `then`. What a test checks in
/// between happened while the call was running, whatever the machine's load: no sleep stands in for "still running".
pub fn held(dir: &TempDir, then: &str) -> String {
    format!(
        "touch {d}/started; i=0; while [ ! -e {d}/release ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; {then}",
        d = dir.path.display()
    )
}

/// Waits (a hang guard of 10 s) until a [`held`] function has started.
#[track_caller]
pub fn wait_started(dir: &TempDir) {
    let started = dir.path.join("started");
    assert!(
        wait_until(Duration::from_secs(10), || started.exists()),
        "the held function never started"
    );
}

/// Lets a [`held`] function go on.
pub fn release(dir: &TempDir) {
    dir.file("release", "");
}

/// Polls `done` every 5 ms until it holds or `limit` passes; whether it held.
pub fn wait_until(limit: Duration, done: impl FnMut() -> bool) -> bool {
    wait_until_polling(limit, Duration::from_millis(5), done)
}

/// `wait_until`, asking every `every`: for a `done` that is costly to ask (it scans /proc).
pub fn wait_until_polling(limit: Duration, every: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(every);
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so it sees the flag.
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_secs(2)).is_ok();
        if let Some(handle) = self.accept.take() {
            if woke {
                let _ = handle.join();
            }
            // else: leave the accept thread detached rather than risk a hang.
        }
        // Unblock connection threads (reads, `never`, lingering closes).
        for (_, conn) in lock(&self.shared.conns).drain() {
            let _ = conn.shutdown(Shutdown::Both);
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut consecutive_errors = 0u32;
    let mut next_id = 0usize;
    loop {
        let accepted = listener.accept();
        if shared.stopped() {
            return;
        }
        let stream = match accepted {
            Ok((stream, _)) => {
                consecutive_errors = 0;
                stream
            }
            Err(_) => {
                consecutive_errors += 1;
                if consecutive_errors > 1000 {
                    return;
                }
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let id = next_id;
        next_id += 1;
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.conns).insert(id, clone);
        }
        let conn_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("scripted-server-conn".to_string())
            .spawn(move || {
                serve_connection(&stream, &conn_shared);
                // Covers every exit path (peer gone, timeout, reply done);
                // then drop our clone so the socket is really closed.
                let _ = stream.shutdown(Shutdown::Both);
                lock(&conn_shared.conns).remove(&id);
            });
        if spawned.is_err() {
            if let Some(clone) = lock(&shared.conns).remove(&id) {
                let _ = clone.shutdown(Shutdown::Both);
            }
        }
    }
}

/// Why reading a request stopped.
enum ReadError {
    /// The peer closed (or the socket failed / timed out): just drop it.
    Gone,
    /// Malformed or oversized request: answer 400 and close.
    Bad(String),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Gone
    }
}

/// Buffered reader over the connection that keeps leftover bytes (for
/// pipelined requests on a keep-alive connection).
struct Conn<'a> {
    stream: &'a TcpStream,
    buf: Vec<u8>,
}

impl Conn<'_> {
    /// Read more bytes into `buf`. EOF is `Gone`.
    fn fill(&mut self) -> Result<(), ReadError> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(ReadError::Gone),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Bytes up to and including `delim`, reading as needed, at most `max`
    /// bytes (including the delimiter).
    fn read_until(&mut self, delim: &[u8], max: usize, what: &str) -> Result<Vec<u8>, ReadError> {
        let mut searched: usize = 0;
        loop {
            let start = searched.saturating_sub(delim.len() - 1);
            if let Some(i) = find(&self.buf[start..], delim) {
                let end = start + i + delim.len();
                return Ok(self.buf.drain(..end).collect());
            }
            searched = self.buf.len();
            if self.buf.len() >= max {
                return Err(ReadError::Bad(format!("{what} longer than {max} bytes")));
            }
            self.fill()?;
        }
    }

    /// Exactly `n` bytes.
    fn read_exact_n(&mut self, n: usize) -> Result<Vec<u8>, ReadError> {
        while self.buf.len() < n {
            self.fill()?;
        }
        Ok(self.buf.drain(..n).collect())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

struct Parsed {
    req: Recorded,
    version: String,
}

fn serve_connection(stream: &TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    if stream.set_read_timeout(Some(IO_TIMEOUT)).is_err() || stream.set_write_timeout(Some(IO_TIMEOUT)).is_err() {
        return;
    }
    let mut conn = Conn {
        stream,
        buf: Vec::new(),
    };
    while !shared.stopped() {
        let parsed = match read_request(&mut conn) {
            Ok(p) => p,
            Err(ReadError::Gone) => return,
            Err(ReadError::Bad(msg)) => {
                let resp = format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{msg}",
                    msg.len()
                );
                let _ = conn.stream.write_all(resp.as_bytes());
                close_gracefully(conn.stream, shared);
                return;
            }
        };
        let client_close = wants_close(&parsed);
        let is_head = parsed.req.method.eq_ignore_ascii_case("HEAD");
        let reply = shared.record(parsed.req);
        let keep_going = send_reply(conn.stream, shared, reply, client_close, is_head);
        if !keep_going {
            close_gracefully(conn.stream, shared);
            return;
        }
    }
}

fn read_request(conn: &mut Conn) -> Result<Parsed, ReadError> {
    // Tolerate stray CRLFs between requests (RFC 9112 section 2.2).
    loop {
        while conn.buf.is_empty() {
            conn.fill()?;
        }
        if conn.buf.starts_with(b"\r\n") {
            conn.buf.drain(..2);
        } else if conn.buf == b"\r" {
            conn.fill()?;
        } else {
            break;
        }
    }
    let head = conn.read_until(b"\r\n\r\n", MAX_HEAD, "request head")?;
    let head = std::str::from_utf8(&head[..head.len() - 4])
        .map_err(|_| ReadError::Bad("request head is not UTF-8".to_string()))?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, path, version] = parts[..] else {
        return Err(ReadError::Bad(format!("bad request line: {request_line:?}")));
    };
    if method.is_empty() || path.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(ReadError::Bad(format!("bad request line: {request_line:?}")));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Bad(format!("bad header line: {line:?}")));
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(ReadError::Bad(format!("bad header name: {name:?}")));
        }
        headers.push((name.to_string(), value.trim_matches([' ', '\t']).to_string()));
    }
    let mut req = Recorded {
        method: method.to_string(),
        path: path.to_string(),
        headers,
        body: Vec::new(),
        at: std::time::Instant::now(),
    };

    if req
        .header("Expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }

    let chunked = req
        .header_all("Transfer-Encoding")
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|c| !c.is_empty())
        .is_some_and(|c| c.eq_ignore_ascii_case("chunked"));
    if chunked {
        req.body = read_chunked(conn)?;
    } else if req.header("Transfer-Encoding").is_some() {
        return Err(ReadError::Bad(
            "unsupported Transfer-Encoding (only chunked)".to_string(),
        ));
    } else {
        let lengths = req.header_all("Content-Length");
        if let Some(first) = lengths.first() {
            if lengths.iter().any(|l| l != first) {
                return Err(ReadError::Bad("conflicting Content-Length".to_string()));
            }
            let len: usize = first
                .parse()
                .map_err(|_| ReadError::Bad(format!("bad Content-Length: {first:?}")))?;
            if len > MAX_BODY {
                return Err(ReadError::Bad(format!("body larger than {MAX_BODY} bytes")));
            }
            req.body = conn.read_exact_n(len)?;
        }
    }
    Ok(Parsed {
        req,
        version: version.to_string(),
    })
}

fn read_chunked(conn: &mut Conn) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = conn.read_until(b"\r\n", MAX_LINE, "chunk size line")?;
        let line = std::str::from_utf8(&line[..line.len() - 2])
            .map_err(|_| ReadError::Bad("chunk size line is not UTF-8".to_string()))?;
        let size_str = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size_str, 16).map_err(|_| ReadError::Bad(format!("bad chunk size: {line:?}")))?;
        if size == 0 {
            break;
        }
        if size > MAX_BODY || body.len() + size > MAX_BODY {
            return Err(ReadError::Bad(format!("body larger than {MAX_BODY} bytes")));
        }
        let data = conn.read_exact_n(size + 2)?;
        if !data.ends_with(b"\r\n") {
            return Err(ReadError::Bad("chunk not followed by CRLF".to_string()));
        }
        body.extend_from_slice(&data[..size]);
    }
    // Trailer section: lines until an empty one (trailers are ignored).
    for _ in 0..MAX_TRAILERS {
        let line = conn.read_until(b"\r\n", MAX_LINE, "trailer line")?;
        if line == b"\r\n" {
            return Ok(body);
        }
    }
    Err(ReadError::Bad("too many trailer lines".to_string()))
}

fn has_token(values: &[&str], token: &str) -> bool {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

fn wants_close(parsed: &Parsed) -> bool {
    let conn = parsed.req.header_all("Connection");
    if parsed.version == "HTTP/1.0" {
        !has_token(&conn, "keep-alive")
    } else {
        has_token(&conn, "close")
    }
}

/// Sleep `d` in small steps, ending early if the server stops. Returns false
/// if the server stopped.
fn sleep_unless_stopped(shared: &Shared, d: Duration) -> bool {
    let deadline = Instant::now() + d;
    loop {
        if shared.stopped() {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            return true;
        }
        thread::sleep((deadline - now).min(Duration::from_millis(20)));
    }
}

fn head_bytes(status: u16, headers: &[(String, String)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status));
    for (name, value) in headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// Send the reply. Returns whether the connection may be kept alive.
fn send_reply(mut stream: &TcpStream, shared: &Shared, reply: Reply, client_close: bool, is_head: bool) -> bool {
    match reply {
        Reply::Never => {
            let deadline = Instant::now() + NEVER_HOLD;
            while !shared.stopped() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(20));
            }
            false
        }
        Reply::Raw { bytes, delay } => {
            if sleep_unless_stopped(shared, delay) {
                let _ = stream.write_all(&bytes);
            }
            false
        }
        Reply::Cut {
            status,
            mut headers,
            declared_len,
            sent,
            delay,
        } => {
            if sleep_unless_stopped(shared, delay) {
                headers.push(("Content-Length".to_string(), declared_len.to_string()));
                let mut out = head_bytes(status, &headers);
                out.extend_from_slice(&sent);
                let _ = stream.write_all(&out);
            }
            false
        }
        Reply::Http {
            status,
            mut headers,
            body,
            delay,
        } => {
            if !sleep_unless_stopped(shared, delay) {
                return false;
            }
            let bodyless_status = (100..200).contains(&status) || status == 204 || status == 304;
            if !bodyless_status && !has_header(&headers, "Content-Length") && !has_header(&headers, "Transfer-Encoding")
            {
                headers.push(("Content-Length".to_string(), body.len().to_string()));
            }
            let server_close = has_token(
                &headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case("Connection"))
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>(),
                "close",
            );
            if client_close && !has_header(&headers, "Connection") {
                headers.push(("Connection".to_string(), "close".to_string()));
            }
            let mut out = head_bytes(status, &headers);
            if !is_head && !bodyless_status {
                out.extend_from_slice(&body);
            }
            if stream.write_all(&out).and_then(|_| stream.flush()).is_err() {
                return false;
            }
            !(client_close || server_close)
        }
    }
}

/// Close our side, then drain whatever the client still sends (bounded), so
/// the kernel sends FIN rather than RST and the client sees every byte we
/// wrote followed by a clean EOF.
fn close_gracefully(mut stream: &TcpStream, shared: &Shared) {
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 16 * 1024];
    let mut drained = 0usize;
    while !shared.stopped() && Instant::now() < deadline && drained < MAX_HEAD {
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(n) => drained += n,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                continue;
            }
            Err(_) => break,
        }
    }
}

// ---------------------------------------------------------------------------
// Commands, temp dirs, ports
// ---------------------------------------------------------------------------

/// `program` with a clean environment: `env_clear()`, then `PATH` kept and
/// `HOME` set to `home`, nothing else.
pub fn clean_command(program: impl AsRef<OsStr>, home: &Path) -> Cmd {
    let mut cmd = Cmd::new(program);
    cmd.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("HOME", home);
    // A local cluster's files in /tmp/yr_sessions must not decide where tests send requests.
    cmd.env("YR_SESSIONS_DIR", home.join("no-yr-sessions"));
    cmd
}

/// The `yr` binary with `HOME` set to `home` (e.g. a [`TempDir`] holding a
/// config file), otherwise like [`yr`].
pub fn yr_with_home(home: &Path) -> Cmd {
    let mut cmd = clean_command(env!("CARGO_BIN_EXE_yr"), home);
    cmd.timeout(YR_TIMEOUT);
    cmd
}

/// The `yr` binary with a clean environment: `env_clear()`, then `PATH`
/// kept, `HOME` set to a fresh empty temp dir, nothing else (so no `YR_*`,
/// `NO_COLOR`, `XDG_CONFIG_HOME`, `TERM` leak in). A 30 s process timeout is
/// preset (override with `.timeout(..)`).
///
/// The HOME directory is deliberately not removed afterwards (the command
/// cannot own it); use [`yr_with_home`] with a [`TempDir`] for cleanup or to
/// put files in HOME.
pub fn yr() -> Cmd {
    let home = TempDir::new();
    let cmd = yr_with_home(&home.path);
    std::mem::forget(home);
    cmd
}

static TEMP_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh temp directory under `std::env::temp_dir()`, removed on drop.
#[derive(Debug)]
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new() -> TempDir {
        let base = std::env::temp_dir();
        let pid = std::process::id();
        for _ in 0..100 {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::SeqCst);
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let path = base.join(format!("yr-test-{pid}-{n}-{nanos}"));
            match std::fs::create_dir(&path) {
                Ok(()) => return TempDir { path },
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => panic!("create temp dir {}: {e}", path.display()),
            }
        }
        panic!("could not create a unique temp dir under {}", base.display());
    }

    /// Write `contents` to `name` inside the directory (creating parent
    /// directories for names like `.config/yr/config.toml`); returns the path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }
}

impl Default for TempDir {
    fn default() -> Self {
        TempDir::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A port on 127.0.0.1 that nothing listens on yet, for a server the test starts there later (bind :0, read the
/// port, drop). Another process may be given it in between; only a test that must start a server on a port it
/// has already handed out takes that risk. A port that must stay closed is `closed_port`.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local_addr").port()
}

/// A port on 127.0.0.1 that refuses connections for the rest of this test process, for "connection refused" tests.
pub fn closed_port() -> u16 {
    closed_port_on(std::net::Ipv4Addr::LOCALHOST)
}

/// A port on `ip` that refuses connections for the rest of this test process: a TCP socket is bound to it and never
/// listens (a SYN to it gets a RST), and it is kept open, so no other `bind(…:0)` or outgoing connection on this
/// machine is handed the port. Binding a listener and dropping it frees the port, and a parallel test or another
/// process on a shared machine can be given it before the test connects (CI saw that happen). The socket is
/// close-on-exec, so the programs a test starts do not hold it.
pub fn closed_port_on(ip: std::net::Ipv4Addr) -> u16 {
    hold_closed(ip, 0).unwrap_or_else(|e| panic!("bind {ip}:0: {e}"))
}

/// Holds `ip:port` closed (bound, never listening) for the rest of this test process, as `closed_port_on` does;
/// the port that was bound (`port`, or the one picked for 0). Fails when something else has it.
pub fn hold_closed(ip: std::net::Ipv4Addr, port: u16) -> std::io::Result<u16> {
    // SAFETY: plain socket calls on a zeroed sockaddr_in of the size passed; the fd is checked, closed on failure
    // and kept on purpose on success.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut addr: libc::sockaddr_in = std::mem::zeroed();
        addr.sin_family = libc::AF_INET as libc::sa_family_t;
        addr.sin_addr.s_addr = u32::from(ip).to_be();
        addr.sin_port = port.to_be();
        let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        let at = &mut addr as *mut libc::sockaddr_in as *mut libc::sockaddr;
        if libc::bind(fd, at, len) != 0 || libc::getsockname(fd, at, &mut len) != 0 {
            let error = std::io::Error::last_os_error();
            libc::close(fd);
            return Err(error);
        }
        Ok(u16::from_be(addr.sin_port))
    }
}
