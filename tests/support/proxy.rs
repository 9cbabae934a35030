//! A small HTTP proxy on 127.0.0.1 for the proxy tests: absolute-form forwarding
//! (`POST http://host:port/path HTTP/1.1`) and `CONNECT host:port` tunnels, one
//! thread per connection. It records what it saw at the proxy level (the request
//! line and headers of every forwarded request or CONNECT) and, for tunnels, the
//! bytes the client sent through them (bounded), so a test can check what a
//! proxy could read.
//!
//! It only ever connects to loopback addresses; any other target gets a 403.
//! Every socket has read/write timeouts and every buffer is bounded.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Read/write timeout on every proxy socket.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Maximum size of a request line plus headers.
const MAX_HEAD: usize = 64 * 1024;
/// How many tunnelled client bytes are kept per tunnel.
const MAX_KEPT: usize = 1024 * 1024;

/// How the proxy was asked to carry a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyKind {
    /// `METHOD http://host:port/path HTTP/1.1`, forwarded to the target.
    Forward,
    /// `CONNECT host:port HTTP/1.1`, a byte tunnel.
    Tunnel,
}

/// One request (or tunnel) as the proxy saw it.
#[derive(Debug, Clone)]
pub struct ProxySeen {
    pub kind: ProxyKind,
    /// The request line exactly as received, without CRLF.
    pub request_line: String,
    /// Headers of that request (for a tunnel: of the CONNECT request), names as sent.
    pub headers: Vec<(String, String)>,
    /// For tunnels: the first bytes the client sent through the tunnel (at most 1 MiB).
    pub tunnelled: Vec<u8>,
}

impl ProxySeen {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct ProxyShared {
    seen: Mutex<Vec<ProxySeen>>,
    conns: Mutex<HashMap<usize, TcpStream>>,
    stop: AtomicBool,
    /// When set, every request is answered with this status instead of being carried.
    refuse: Option<u16>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running proxy; stops (and cuts its tunnels) on drop.
pub struct HttpProxy {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub addr: SocketAddr,
    shared: Arc<ProxyShared>,
    accept: Option<JoinHandle<()>>,
}

impl HttpProxy {
    /// A proxy that carries every request.
    pub fn start() -> HttpProxy {
        HttpProxy::spawn(None)
    }

    /// A proxy that records every request and answers it with `status` (e.g. 403, 407) without carrying it.
    pub fn refusing(status: u16) -> HttpProxy {
        HttpProxy::spawn(Some(status))
    }

    fn spawn(refuse: Option<u16>) -> HttpProxy {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local_addr");
        let shared = Arc::new(ProxyShared {
            seen: Mutex::new(Vec::new()),
            conns: Mutex::new(HashMap::new()),
            stop: AtomicBool::new(false),
            refuse,
        });
        let accept_shared = Arc::clone(&shared);
        let accept = thread::Builder::new()
            .name(format!("test-proxy-{}", addr.port()))
            .spawn(move || accept_loop(listener, accept_shared))
            .expect("spawn proxy accept thread");
        HttpProxy {
            url: format!("http://{addr}"),
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// Everything seen so far, in arrival order.
    pub fn seen(&self) -> Vec<ProxySeen> {
        lock(&self.shared.seen).clone()
    }

    /// Requests forwarded plus tunnels opened (or refused).
    pub fn count(&self) -> usize {
        lock(&self.shared.seen).len()
    }

    /// Just the request lines.
    pub fn request_lines(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.request_line).collect()
    }

    /// Whether any proxy-level request carried a header of this name.
    pub fn saw_header(&self, name: &str) -> bool {
        self.seen().iter().any(|s| s.header(name).is_some())
    }

    /// Whether `needle` appears anywhere the proxy could read it: request lines, header names and values, and
    /// the bytes clients sent through tunnels.
    pub fn saw_text(&self, needle: &str) -> bool {
        self.seen().iter().any(|s| {
            s.request_line.contains(needle)
                || s.headers.iter().any(|(n, v)| n.contains(needle) || v.contains(needle))
                || String::from_utf8_lossy(&s.tunnelled).contains(needle)
        })
    }
}

impl Drop for HttpProxy {
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

fn accept_loop(listener: TcpListener, shared: Arc<ProxyShared>) {
    let mut next_id = 0usize;
    let mut errors = 0u32;
    loop {
        let accepted = listener.accept();
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok((stream, _)) = accepted else {
            errors += 1;
            if errors > 1000 {
                return;
            }
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        errors = 0;
        let id = next_id;
        next_id += 1;
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.conns).insert(id, clone);
        }
        let conn_shared = Arc::clone(&shared);
        let _ = thread::Builder::new().name("test-proxy-conn".into()).spawn(move || {
            handle(&stream, &conn_shared, id);
            let _ = stream.shutdown(Shutdown::Both);
            lock(&conn_shared.conns).remove(&id);
        });
    }
}

/// Reads a request head (up to and including the blank line). Returns the head and any bytes read past it.
fn read_head(mut stream: &TcpStream) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Some((buf, rest));
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
    }
}

fn parse_head(head: &[u8]) -> Option<(String, Vec<(String, String)>)> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let request_line = lines.next()?.to_string();
    let headers = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    Some((request_line, headers))
}

/// A loopback address for `host:port`, or None (the proxy never leaves 127.0.0.1 / ::1).
fn loopback_target(authority: &str) -> Option<SocketAddr> {
    authority
        .to_socket_addrs()
        .ok()?
        .find(|a| a.ip().is_loopback() && a.is_ipv4())
}

fn answer(mut stream: &TcpStream, status: u16) {
    let reason = super::reason_phrase(status);
    let _ = stream
        .write_all(format!("HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
    let _ = stream.flush();
}

fn connect(target: SocketAddr) -> Option<TcpStream> {
    let upstream = TcpStream::connect_timeout(&target, Duration::from_secs(5)).ok()?;
    upstream.set_read_timeout(Some(IO_TIMEOUT)).ok()?;
    upstream.set_write_timeout(Some(IO_TIMEOUT)).ok()?;
    Some(upstream)
}

fn handle(stream: &TcpStream, shared: &Arc<ProxyShared>, id: usize) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Some((head, rest)) = read_head(stream) else {
        return;
    };
    let Some((request_line, headers)) = parse_head(&head) else {
        return;
    };
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let kind = if method.eq_ignore_ascii_case("CONNECT") {
        ProxyKind::Tunnel
    } else {
        ProxyKind::Forward
    };
    let index = {
        let mut seen = lock(&shared.seen);
        seen.push(ProxySeen {
            kind,
            request_line: request_line.clone(),
            headers: headers.clone(),
            tunnelled: Vec::new(),
        });
        seen.len() - 1
    };
    if let Some(status) = shared.refuse {
        answer(stream, status);
        return;
    }
    match kind {
        ProxyKind::Tunnel => tunnel(stream, shared, id, index, &target, rest),
        ProxyKind::Forward => forward(stream, shared, id, &request_line, &headers, rest),
    }
}

/// `CONNECT host:port`: connect, answer 200, copy both ways.
fn tunnel(stream: &TcpStream, shared: &Arc<ProxyShared>, id: usize, index: usize, target: &str, rest: Vec<u8>) {
    let Some(addr) = loopback_target(target) else {
        answer(stream, 403);
        return;
    };
    let Some(upstream) = connect(addr) else {
        answer(stream, 502);
        return;
    };
    if let Ok(clone) = upstream.try_clone() {
        lock(&shared.conns).insert(usize::MAX - id, clone);
    }
    let mut client = stream;
    if client
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .and_then(|_| client.flush())
        .is_err()
    {
        return;
    }
    let keep = {
        let shared = Arc::clone(shared);
        move |bytes: &[u8]| {
            let mut seen = lock(&shared.seen);
            let kept = &mut seen[index].tunnelled;
            let room = MAX_KEPT.saturating_sub(kept.len());
            kept.extend_from_slice(&bytes[..bytes.len().min(room)]);
        }
    };
    if !rest.is_empty() {
        keep(&rest);
        if (&upstream).write_all(&rest).is_err() {
            return;
        }
    }
    pump_both(stream, &upstream, keep);
    lock(&shared.conns).remove(&(usize::MAX - id));
}

/// `METHOD http://host:port/path`: send the request on in origin form with `Connection: close`, then copy the
/// rest of the client's bytes (the body) up and the whole answer back until the target closes.
fn forward(
    stream: &TcpStream,
    shared: &Arc<ProxyShared>,
    id: usize,
    request_line: &str,
    headers: &[(String, String)],
    rest: Vec<u8>,
) {
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or("GET");
    let target = parts.next().unwrap_or("");
    let version = parts.next().unwrap_or("HTTP/1.1");
    let Some(after_scheme) = target.strip_prefix("http://") else {
        answer(stream, 400);
        return;
    };
    let (authority, path) = match after_scheme.find('/') {
        Some(i) => (&after_scheme[..i], &after_scheme[i..]),
        None => (after_scheme, "/"),
    };
    let authority_with_port = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let Some(addr) = loopback_target(&authority_with_port) else {
        answer(stream, 403);
        return;
    };
    let Some(mut upstream) = connect(addr) else {
        answer(stream, 502);
        return;
    };
    if let Ok(clone) = upstream.try_clone() {
        lock(&shared.conns).insert(usize::MAX - id, clone);
    }
    let mut out = format!("{method} {path} {version}\r\n");
    for (name, value) in headers {
        let hop = ["connection", "proxy-connection", "proxy-authorization", "keep-alive"];
        if hop.iter().any(|h| name.eq_ignore_ascii_case(h)) {
            continue;
        }
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&rest);
    if upstream.write_all(&bytes).is_err() {
        answer(stream, 502);
        return;
    }
    pump_both(stream, &upstream, |_| {});
    lock(&shared.conns).remove(&(usize::MAX - id));
}

/// Copies client -> upstream (passing each chunk to `keep`) on another thread and upstream -> client here; when
/// upstream finishes, the client side is closed.
fn pump_both(client: &TcpStream, upstream: &TcpStream, keep: impl Fn(&[u8]) + Send + 'static) {
    let (Ok(mut client_read), Ok(mut upstream_write)) = (client.try_clone(), upstream.try_clone()) else {
        return;
    };
    let up = thread::spawn(move || {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match client_read.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    keep(&chunk[..n]);
                    if upstream_write.write_all(&chunk[..n]).is_err() {
                        break;
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        let _ = upstream_write.shutdown(Shutdown::Write);
    });
    let mut chunk = [0u8; 16 * 1024];
    let (mut upstream_read, mut client_write) = (upstream, client);
    loop {
        match upstream_read.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                if client_write.write_all(&chunk[..n]).is_err() {
                    break;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    let _ = client_write.flush();
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.shutdown(Shutdown::Both);
    let _ = up.join();
}
