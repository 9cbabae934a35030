//! A fault server for the hardening tests: answers every connection with a
//! list of [`Step`]s (write bytes, stream a generated body of any length
//! without holding it, pause, hold the socket open, reset it), after reading
//! the request completely (or not at all). Request bodies of any size are
//! counted; the first [`KEEP`] bytes are kept for byte-exact checks.
//!
//! Like the scripted server it listens on 127.0.0.1 only, never unwraps on
//! what a peer sends, puts timeouts on every socket and bounds every buffer,
//! so a misbehaving `yr` fails a test but cannot hang it.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Read/write timeout on every server-side socket.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest request head the fault server reads.
const MAX_HEAD: usize = 1024 * 1024;
/// How many bytes of a request body are kept (the rest is only counted).
pub const KEEP: usize = 128 * 1024 * 1024;
/// How long [`Step::Hold`] holds a socket if the server is not dropped.
const HOLD: Duration = Duration::from_secs(60);

/// The body [`Step::Pattern`] streams: this 64-byte line over and over.
pub const PATTERN_LINE: &[u8; 64] = b"yr fault body: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ\n";

/// One thing the fault server does on a connection, in order. When the steps
/// run out the connection is closed cleanly (FIN).
#[derive(Debug, Clone)]
pub enum Step {
    /// Write these bytes.
    Write(Vec<u8>),
    /// Write this many bytes of [`PATTERN_LINE`] repeated, in 1 MiB writes
    /// from one buffer (nothing of that size is held).
    Pattern(u64),
    /// Sleep (ends early when the server is dropped).
    Pause(Duration),
    /// Keep the socket open, saying nothing, until the server is dropped (or 60 s).
    Hold,
    /// Close with a TCP reset (SO_LINGER 0) instead of a clean close.
    Reset,
}

impl Step {
    pub fn text(text: &str) -> Step {
        Step::Write(text.as_bytes().to_vec())
    }
}

/// What the fault server saw of one request.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub headers: Vec<(String, String)>,
    /// Body bytes received (decoded if chunked).
    pub body_len: u64,
    /// The first [`KEEP`] body bytes.
    pub body: Vec<u8>,
    /// Whether the whole body arrived (as long as Content-Length said, or the last chunk).
    pub complete: bool,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Shared {
    steps: Vec<Step>,
    read_request: bool,
    seen: Mutex<Vec<Seen>>,
    conns: Mutex<HashMap<usize, TcpStream>>,
    /// Connections on which every step was played (the server's answer ended as scripted).
    played_out: AtomicUsize,
    stop: AtomicBool,
}

impl Shared {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps `d` in small steps; false if the server stopped meanwhile.
    fn sleep(&self, d: Duration) -> bool {
        let deadline = Instant::now() + d;
        while Instant::now() < deadline {
            if self.stopped() {
                return false;
            }
            thread::sleep((deadline - Instant::now()).min(Duration::from_millis(20)));
        }
        !self.stopped()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// An HTTP/1.1 "server" on 127.0.0.1 that plays the same steps on every
/// connection (one request per connection).
pub struct FaultServer {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl FaultServer {
    /// Reads each request whole (head and body), then plays `steps`.
    pub fn start(steps: Vec<Step>) -> FaultServer {
        FaultServer::spawn(steps, true)
    }

    /// Plays `steps` without reading anything of the request (a server that
    /// never reads: the client's writes stall once the socket buffers fill).
    pub fn start_unread(steps: Vec<Step>) -> FaultServer {
        FaultServer::spawn(steps, false)
    }

    fn spawn(steps: Vec<Step>, read_request: bool) -> FaultServer {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local_addr");
        let shared = Arc::new(Shared {
            steps,
            read_request,
            seen: Mutex::new(Vec::new()),
            conns: Mutex::new(HashMap::new()),
            played_out: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        let accept = thread::Builder::new()
            .name(format!("fault-server-{}", addr.port()))
            .spawn(move || accept_loop(listener, accept_shared))
            .expect("spawn accept thread");
        FaultServer {
            url: format!("http://{addr}"),
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// Requests read so far (only with [`FaultServer::start`]); a request is
    /// listed once its head has arrived and updated while its body arrives.
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.shared.seen).clone()
    }

    /// Connections on which the server played every step, so its answer ended as scripted. A connection whose
    /// client went away first (a write failed, or the server was still holding or pausing) is not counted: a
    /// client that gave up on a stalled answer leaves this unchanged.
    pub fn played_out(&self) -> usize {
        self.shared.played_out.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_secs(2)).is_ok();
        if let Some(handle) = self.accept.take() {
            if woke {
                let _ = handle.join();
            }
        }
        for (_, conn) in lock(&self.shared.conns).drain() {
            let _ = conn.shutdown(Shutdown::Both);
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut next_id = 0usize;
    let mut errors = 0u32;
    loop {
        let accepted = listener.accept();
        if shared.stopped() {
            return;
        }
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                errors += 1;
                if errors > 1000 {
                    return;
                }
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let id = next_id;
        next_id += 1;
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.conns).insert(id, clone);
        }
        let conn_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("fault-server-conn".to_string())
            .spawn(move || {
                serve(&stream, &conn_shared);
                lock(&conn_shared.conns).remove(&id);
            });
        if spawned.is_err() {
            if let Some(clone) = lock(&shared.conns).remove(&id) {
                let _ = clone.shutdown(Shutdown::Both);
            }
        }
    }
}

fn serve(stream: &TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    if stream.set_read_timeout(Some(IO_TIMEOUT)).is_err() || stream.set_write_timeout(Some(IO_TIMEOUT)).is_err() {
        return;
    }
    if shared.read_request && read_request(stream, shared).is_none() {
        let _ = stream.shutdown(Shutdown::Both);
        return;
    }
    let mut writer = stream;
    for step in &shared.steps {
        if shared.stopped() {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
        let ok = match step {
            Step::Write(bytes) => writer.write_all(bytes).and_then(|()| writer.flush()).is_ok(),
            Step::Pattern(len) => write_pattern(writer, *len, shared),
            Step::Pause(d) => shared.sleep(*d),
            Step::Hold => {
                shared.sleep(HOLD);
                false
            }
            Step::Reset => {
                shared.played_out.fetch_add(1, Ordering::SeqCst);
                reset(stream);
                return;
            }
        };
        if !ok {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    }
    shared.played_out.fetch_add(1, Ordering::SeqCst);
    close_cleanly(stream, shared);
}

/// `len` bytes of the pattern, written from one 1 MiB buffer.
fn write_pattern(mut writer: &TcpStream, len: u64, shared: &Shared) -> bool {
    let buffer: Vec<u8> = PATTERN_LINE.iter().copied().cycle().take(1 << 20).collect();
    let mut left = len;
    while left > 0 {
        if shared.stopped() {
            return false;
        }
        let n = left.min(buffer.len() as u64) as usize;
        if writer.write_all(&buffer[..n]).is_err() {
            return false;
        }
        left -= n as u64;
    }
    writer.flush().is_ok()
}

/// The bytes [`Step::Pattern`] sends, `len` of them (for small bodies).
pub fn pattern(len: usize) -> Vec<u8> {
    PATTERN_LINE.iter().copied().cycle().take(len).collect()
}

/// Whether `chunk`, found at byte `offset` of a [`Step::Pattern`] body, is what the pattern has there.
pub fn matches_pattern(chunk: &[u8], offset: u64, reference: &[u8]) -> bool {
    let start = (offset % PATTERN_LINE.len() as u64) as usize;
    chunk.len() + start <= reference.len() && reference[start..start + chunk.len()] == *chunk
}

fn reset(stream: &TcpStream) {
    // SO_LINGER with a zero timeout makes close() send RST. std has no stable setter, so use libc.
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt reads `linger` (a valid, correctly sized struct) and touches nothing else.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
    // The socket closes (with RST) when the accept loop's clone and this stream are both dropped;
    // shutdown() would send FIN first, so only drop the clone's entry (done by the caller).
}

/// FIN, then drain what the client still sends (bounded) so it sees a clean EOF, not a reset.
fn close_cleanly(mut stream: &TcpStream, shared: &Shared) {
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 * 1024];
    while !shared.stopped() && Instant::now() < deadline {
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => break,
        }
    }
}

/// Reads one request into `shared.seen`; None when the peer went away or sent something unreadable.
fn read_request(stream: &TcpStream, shared: &Shared) -> Option<()> {
    let mut reader = stream;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let n = reader.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = buf[..head_end].to_vec();
    let rest = buf[head_end + 4..].to_vec();
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    lines.next(); // the request line
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.trim_matches([' ', '\t']).to_string()))
        .collect();
    let index = {
        let mut seen = lock(&shared.seen);
        seen.push(Seen {
            headers: headers.clone(),
            ..Seen::default()
        });
        seen.len() - 1
    };
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    if header("Expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        let _ = (&*stream).write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let mut body = BodyReader {
        stream,
        pending: rest,
        scratch: vec![0u8; 1 << 20],
        shared,
        index,
    };
    let chunked = header("Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        loop {
            let line = body.line()?;
            let size = u64::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).ok()?;
            if size == 0 {
                // Trailers, up to the blank line.
                while !body.line()?.is_empty() {}
                break;
            }
            body.take(size)?;
            if !body.line()?.is_empty() {
                return None;
            }
        }
    } else if let Some(len) = header("Content-Length") {
        body.take(len.trim().parse().ok()?)?;
    }
    lock(&shared.seen)[index].complete = true;
    Some(())
}

struct BodyReader<'a> {
    stream: &'a TcpStream,
    pending: Vec<u8>,
    scratch: Vec<u8>,
    shared: &'a Shared,
    index: usize,
}

impl BodyReader<'_> {
    fn fill(&mut self) -> Option<()> {
        let n = (&*self.stream).read(&mut self.scratch).ok()?;
        if n == 0 {
            return None;
        }
        self.pending.extend_from_slice(&self.scratch[..n]);
        Some(())
    }

    /// One CRLF-terminated line (without the CRLF), at most 64 KiB.
    fn line(&mut self) -> Option<String> {
        loop {
            if let Some(i) = self.pending.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.pending[..i]).into_owned();
                self.pending.drain(..i + 2);
                return Some(line);
            }
            if self.pending.len() > 64 * 1024 {
                return None;
            }
            self.fill()?;
        }
    }

    /// `n` body bytes, counted and (up to KEEP) kept.
    fn take(&mut self, mut n: u64) -> Option<()> {
        while n > 0 {
            if self.pending.is_empty() {
                self.fill()?;
            }
            let k = (self.pending.len() as u64).min(n) as usize;
            {
                let mut seen = lock(&self.shared.seen);
                let entry = &mut seen[self.index];
                entry.body_len += k as u64;
                let room = KEEP.saturating_sub(entry.body.len()).min(k);
                entry.body.extend_from_slice(&self.pending[..room]);
            }
            self.pending.drain(..k);
            n -= k as u64;
        }
        Some(())
    }
}
