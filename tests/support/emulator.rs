//! `yr serve` started as a child process on a free port, and a raw HTTP/1.1 client to drive it byte by byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `yr serve --listen 127.0.0.1:0 ARGS...` (or another loopback address); killed on drop.
pub struct Emulator {
    pub url: String,
    /// host:port
    pub addr: String,
    pub child: Child,
}

impl Emulator {
    /// Starts the emulator with extra flags and waits for its `listening on` line.
    pub fn start(args: &[&str]) -> Emulator {
        Emulator::launch("127.0.0.1:0", args, &[])
    }

    /// Starts the emulator on `listen` (another loopback address such as `127.0.0.2:0`; never beyond 127.0.0.0/8).
    pub fn start_on(listen: &str, args: &[&str]) -> Emulator {
        Emulator::launch(listen, args, &[])
    }

    /// As `start`, with these environment variables set too.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Emulator {
        Emulator::launch("127.0.0.1:0", args, env)
    }

    fn launch(listen: &str, args: &[&str], env: &[(&str, &str)]) -> Emulator {
        // -q: the request log would flood the test output (tests/serve_log.rs reads it from its own emulators).
        let mut child = Command::new(env!("CARGO_BIN_EXE_yr"))
            .args(["serve", "-q"])
            .args(["--listen", listen])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start yr serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the listening line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        let addr = url.trim_start_matches("http://").to_string();
        Emulator { url, addr, child }
    }

    /// Sends raw bytes on a fresh connection and reads the whole answer (the request should say
    /// `Connection: close`, or the server must close).
    pub fn raw(&self, request: &[u8]) -> RawResponse {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
        stream.write_all(request).expect("send");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        RawResponse::parse(&bytes)
    }

    /// A fresh connection with 10 s read and write timeouts.
    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("read timeout");
        stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .expect("write timeout");
        stream
    }

    /// Sends raw bytes, shuts down the sending side (`shutdown(SHUT_WR)`), then reads until the server closes.
    pub fn raw_half_closed(&self, request: &[u8]) -> Vec<u8> {
        let mut stream = self.connect();
        stream.write_all(request).expect("send");
        stream.shutdown(Shutdown::Write).expect("shutdown(SHUT_WR)");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        bytes
    }

    /// A request with a Content-Length body and `Connection: close`.
    pub fn call(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> RawResponse {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        self.raw(&bytes)
    }

    /// POST to the main invoke route for a URN.
    pub fn invoke(&self, urn: &str, headers: &[(&str, &str)], body: &str) -> RawResponse {
        let mut all = vec![("Content-Type", "application/json")];
        all.extend_from_slice(headers);
        self.call(
            "POST",
            &format!("/serverless/v1/functions/{urn}/invocations"),
            &all,
            body.as_bytes(),
        )
    }

    /// Sends SIGTERM (or another signal) to the emulator.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// How many threads the emulator has (`Threads:` of /proc/PID/status).
    pub fn threads(&self) -> usize {
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no Threads line in {path}:\n{status}"))
    }

    /// Waits for the emulator to exit, at most `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

/// The invoke route of a URN.
pub fn invocations(urn: &str) -> String {
    format!("/serverless/v1/functions/{urn}/invocations")
}

/// The URN of a function in the emulator's default tenant and service.
pub fn urn(name: &str) -> String {
    format!("sn:cn:yrk:default:function:0@default@{name}:latest")
}

/// Base64 the emulator wrote (async records, webhook payloads), decoded; a test failure if it is not base64.
pub fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("not base64 ({e}): {text:?}"))
}

/// The request bytes of a POST with a Content-Length body (keep-alive unless a header says otherwise).
pub fn post_request(path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut request = format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Reads one whole response (by Content-Length or the closing chunk), or what came before the peer closed.
pub fn read_one_response(stream: &mut TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| bytes.len() >= end + 4 + n)
                || (head.contains("transfer-encoding: chunked") && bytes.ends_with(b"0\r\n\r\n"))
            {
                return bytes;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return bytes,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
}

/// A token shaped like upstream's test JWTs (`testJWT` in pkg/frontend/middleware/jwtauth_test.go).
pub fn test_jwt(sub: &str, role: &str) -> String {
    use base64::Engine;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.signature",
        enc(r#"{"alg":"HS256","typ":"JWT"}"#),
        enc(&format!(r#"{{"sub":"{sub}","exp":9876543210,"role":"{role}"}}"#))
    )
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer as received: status, headers (names lower-cased), body (de-chunked).
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn parse(bytes: &[u8]) -> RawResponse {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let raw_body = &bytes[split + 4..];
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked { dechunk(raw_body) } else { raw_body.to_vec() };
        RawResponse { status, headers, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
    out
}
