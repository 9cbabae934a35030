//! The lean request path of a plain (not TLS) run: the template's request head encoded once, each call's trace and
//! session headers and body spliced in and written with one write on the worker's TcpStream, the answer's head
//! parsed with httparse (hyper's own parser) and its body read by Content-Length, chunks or the connection's end.
//! It sends the bytes hyper would send (the same lowercase names, in the same order, but for the per-call headers,
//! which come last) and judges each answer as `judge::classify` does.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::bodies::Variety;
use super::engine::{self, FAILURE_BODY_LIMIT, Failed, Target};
use super::judge;
use super::record::Seen;
use crate::exit::Class;

/// The most bytes of an answer's head, as hyper's default read buffer bounds it.
const MAX_HEAD: usize = 64 << 10;
/// The most header lines an answer may have (hyper's default).
const MAX_HEADERS: usize = 100;

/// A run's request, encoded once.
pub struct Wire {
    /// The request line.
    line: Vec<u8>,
    /// The template's header lines, each with its (lowercase) name.
    headers: Vec<(String, Vec<u8>)>,
    body: Bytes,
}

/// One worker's kept-alive connection and its read buffer.
pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// The unread answer bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    out: Vec<u8>,
}

impl Wire {
    /// The run's request for this path; None when the run needs hyper: over TLS, with --stream or --async, or when the template sets its own
    /// Content-Length or Transfer-Encoding (hyper honours those; this path writes the body's length itself).
    pub fn for_target(target: &Target) -> Option<Wire> {
        let template = &target.request;
        // --stream and --async read their answers by modes.rs, on hyper's connection.
        if target.tls.is_some()
            || !matches!(target.mode, super::modes::Mode::Plain)
            || template.headers().contains_key(hyper::header::CONTENT_LENGTH)
            || template.headers().contains_key(hyper::header::TRANSFER_ENCODING)
        {
            return None;
        }
        Some(Wire::of(template))
    }

    fn of(template: &Request<Full<Bytes>>) -> Wire {
        let line = format!("{} {} HTTP/1.1\r\n", template.method(), template.uri()).into_bytes();
        let headers = template
            .headers()
            .iter()
            .map(|(name, value)| {
                let mut bytes = Vec::with_capacity(name.as_str().len() + value.len() + 4);
                push_header(&mut bytes, name.as_str(), value.as_bytes());
                (name.as_str().to_string(), bytes)
            })
            .collect();
        let body = whole(template.body().clone());
        Wire { line, headers, body }
    }

    /// Call `seq`'s request into `out`: as `bodies::clone_request` (or `varied_request`) makes it for hyper. The
    /// call's own headers (session, X-Trace-Id, traceparent) come last, written straight into `out`.
    fn encode(&self, target: &Target, variety: Option<&Variety>, seq: u64, out: &mut Vec<u8>) {
        let picked = variety.map(|variety| variety.pick(seq));
        let session = picked.as_ref().and_then(|p| p.session.as_ref());
        let trace = target.trace.as_ref();
        let makes_id = trace.is_some_and(|plan| plan.makes_id());
        let body = picked.as_ref().and_then(|p| p.body.as_ref()).unwrap_or(&self.body);
        out.clear();
        out.extend_from_slice(&self.line);
        for (name, line) in &self.headers {
            let own = match name.as_str() {
                "x-instance-session" => session.is_some(),
                "x-trace-id" => makes_id,
                "traceparent" => trace.is_some(),
                _ => false,
            };
            if !own {
                out.extend_from_slice(line);
            }
        }
        if let Some(session) = session {
            push_header(out, "x-instance-session", session.as_bytes());
        }
        if let Some(plan) = trace {
            plan.push_headers(picked.as_ref().and_then(|p| p.trace.as_deref()), out);
        }
        // hyper writes no Content-Length for an empty body (its `set_length`), and the body's length otherwise.
        if !body.is_empty() {
            out.extend_from_slice(b"content-length: ");
            push_decimal(out, body.len());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
    }
}

/// `n` in decimal, as `n.to_string()` without the string.
fn push_decimal(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn push_header(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
}

/// The bytes of a `Full` body: one frame, there from the start, so polled without a waker's help.
fn whole(mut body: Full<Bytes>) -> Bytes {
    use hyper::body::Body;
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
        std::task::Poll::Ready(Some(Ok(frame))) => frame.into_data().unwrap_or_default(),
        _ => Bytes::new(),
    }
}

/// One call on the worker's connection (opened first when there is none): the request written, its answer read
/// and judged. The connection is dropped when the answer ends it (Connection: close, a body to the close) or the
/// call fails without an answer.
pub async fn call(
    target: &Target,
    wire: &Wire,
    variety: Option<&Variety>,
    seq: u64,
    conn: &mut Option<Conn>,
    seen: &mut Seen,
) -> Result<(), Failed> {
    let open = match conn {
        Some(open) => open,
        None => conn.insert(Conn {
            stream: engine::plain(target).await?,
            buf: vec![0; 16 << 10],
            start: 0,
            end: 0,
            out: Vec::with_capacity(1024),
        }),
    };
    wire.encode(target, variety, seq, &mut open.out);
    let (keep, outcome) = open.exchange(seen).await;
    if !keep {
        *conn = None;
    }
    outcome
}

/// An answer's head, as far as judging it needs.
pub struct Head {
    pub status: u16,
    /// X-Inner-Code, trimmed, when its value is visible ASCII (what `HeaderValue::to_str` takes).
    pub inner: Option<String>,
    /// Only for an answer that is not plainly a success (`judge::plainly_ok`), which is judged by its headers: name
    /// (as sent) and value of every header whose value is visible ASCII.
    pub headers: Vec<(String, String)>,
    pub length: Length,
    /// The server keeps the connection open after this answer.
    pub keep: bool,
}

/// How the answer's body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Fixed(u64),
    Chunked,
    /// Until the server closes the connection.
    ToClose,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn not_http(why: impl std::fmt::Display) -> Failed {
    engine::no_answer(Class::Platform, format!("the answer is not valid HTTP: {why}"))
}

fn closed() -> Failed {
    engine::no_answer(Class::Unreachable, "the connection closed before the answer")
}

fn io(e: &std::io::Error) -> Failed {
    engine::no_answer(Class::Unreachable, crate::client::http::io_words(e))
}

impl Conn {
    /// Writes the encoded request and reads and judges its answer; whether the connection can carry another call.
    async fn exchange(&mut self, seen: &mut Seen) -> (bool, Result<(), Failed>) {
        let head = match self.send().await {
            Ok(head) => head,
            Err(failed) => return (false, Err(failed)),
        };
        let status = head.status;
        seen.status = Some(status);
        let plainly_ok = judge::plainly_ok(status, head.inner.as_deref());
        seen.code = head.inner.as_deref().and_then(|code| code.parse().ok());
        let mut held = (!plainly_ok).then(Vec::new);
        // A body cut short (or too large to hold, its rest unread) ends the connection.
        if let Err(failed) = self.body(head.length, seen, held.as_mut(), status).await {
            return (false, Err(failed));
        }
        let keep = head.keep && head.length != Length::ToClose;
        match held {
            None => (keep, Ok(())),
            Some(body) => (keep, judge::judge(status, |name| head.header(name), &body, seen)),
        }
    }

    /// Writes the request and reads its final answer's head.
    async fn send(&mut self) -> Result<Head, Failed> {
        self.stream.write_all(&self.out).await.map_err(|e| io(&e))?;
        loop {
            let head = self.head().await?;
            // hyper skips informational answers (100 Continue, 103 Early Hints) and waits for the final one; a 101 it
            // gives as the answer (the connection then belongs to the upgrade, so it is not kept).
            if !(100..200).contains(&head.status) || head.status == 101 {
                return Ok(head);
            }
        }
    }

    /// Reads until `buf[start..end]` holds a whole head, and takes it off.
    async fn head(&mut self) -> Result<Head, Failed> {
        loop {
            if let Some((used, head)) = parse_head(&self.buf[self.start..self.end])? {
                self.start += used;
                return Ok(head);
            }
            if self.end - self.start >= MAX_HEAD {
                return Err(not_http("its head is over 64 KiB"));
            }
            if self.fill().await? == 0 {
                return Err(closed());
            }
        }
    }

    /// Reads more into the buffer (moving what is unread to its front first); the bytes read, 0 at the end.
    async fn fill(&mut self) -> Result<usize, Failed> {
        if self.start == self.end {
            (self.start, self.end) = (0, 0);
        } else if self.end == self.buf.len() {
            self.buf.copy_within(self.start..self.end, 0);
            (self.start, self.end) = (0, self.end - self.start);
        }
        let read = self.stream.read(&mut self.buf[self.end..]).await.map_err(|e| io(&e))?;
        self.end += read;
        Ok(read)
    }

    /// The next `want` bytes or fewer of the body, as they come: None at the connection's end.
    async fn take(&mut self, want: u64) -> Result<Option<(usize, usize)>, Failed> {
        if self.start == self.end && self.fill().await? == 0 {
            return Ok(None);
        }
        let n = (self.end - self.start).min(usize::try_from(want).unwrap_or(usize::MAX));
        let at = self.start;
        self.start += n;
        Ok(Some((at, n)))
    }

    /// Reads the body to its end, counting its bytes into `seen` and holding them in `held` when given.
    async fn body(
        &mut self,
        length: Length,
        seen: &mut Seen,
        mut held: Option<&mut Vec<u8>>,
        status: u16,
    ) -> Result<(), Failed> {
        let mut keep = |conn: &Conn, at: usize, n: usize| -> Result<(), Failed> {
            seen.bytes += n as u64;
            if let Some(held) = held.as_deref_mut() {
                if held.len() + n > FAILURE_BODY_LIMIT {
                    return Err(judge::too_large(status));
                }
                held.extend_from_slice(&conn.buf[at..at + n]);
            }
            Ok(())
        };
        match length {
            Length::Fixed(mut left) => {
                while left > 0 {
                    let (at, n) = self.take(left).await?.ok_or_else(closed)?;
                    keep(self, at, n)?;
                    left -= n as u64;
                }
            }
            Length::ToClose => {
                while let Some((at, n)) = self.take(u64::MAX).await? {
                    keep(self, at, n)?;
                }
            }
            Length::Chunked => loop {
                let size = self.chunk_size().await?;
                let mut left = size;
                while left > 0 {
                    let (at, n) = self.take(left).await?.ok_or_else(closed)?;
                    keep(self, at, n)?;
                    left -= n as u64;
                }
                if size == 0 {
                    // The trailer section: header lines up to an empty one.
                    while self.line().await?.is_some() {}
                    break;
                }
                if self.line().await?.is_some() {
                    return Err(not_http("a chunk does not end with CRLF"));
                }
            },
        }
        Ok(())
    }

    /// A chunk's size line (its extensions ignored).
    async fn chunk_size(&mut self) -> Result<u64, Failed> {
        let line = self.line().await?.ok_or_else(|| not_http("an empty chunk size line"))?;
        let digits = line.split(|&b| b == b';').next().unwrap_or_default();
        let digits = std::str::from_utf8(digits)
            .unwrap_or_default()
            .trim_matches([' ', '\t']);
        u64::from_str_radix(digits, 16)
            .ok()
            .filter(|_| !digits.is_empty() && digits.len() <= 16)
            .ok_or_else(|| not_http("a chunk size that is not hex"))
    }

    /// The next line (without its CRLF); None for an empty one.
    async fn line(&mut self) -> Result<Option<Vec<u8>>, Failed> {
        loop {
            let unread = &self.buf[self.start..self.end];
            if let Some(at) = unread.windows(2).position(|w| w == b"\r\n") {
                let line = unread[..at].to_vec();
                self.start += at + 2;
                return Ok((!line.is_empty()).then_some(line));
            }
            if unread.len() >= 4096 {
                return Err(not_http("a chunk line over 4 KiB"));
            }
            if self.fill().await? == 0 {
                return Err(closed());
            }
        }
    }
}

/// A whole head at the start of `bytes`, with the bytes it took; None when more must be read.
pub fn parse_head(bytes: &[u8]) -> Result<Option<(usize, Head)>, Failed> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut slots);
    let used = match response.parse(bytes) {
        Ok(httparse::Status::Complete(used)) => used,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(not_http(e)),
    };
    let status = response.code.unwrap_or_default();
    let http11 = response.version == Some(1);
    let (mut chunked, mut encoded, mut lengths, mut close, mut keep_alive) = (false, false, Vec::new(), false, false);
    let visible = |value: &[u8]| value.iter().all(|&b| b == b'\t' || (32..127).contains(&b));
    let mut inner = None;
    for header in response.headers.iter() {
        let name = header.name;
        if name.eq_ignore_ascii_case("transfer-encoding") {
            encoded = true;
            // The last encoding says whether the body is chunked.
            chunked = last_token(header.value).eq_ignore_ascii_case(b"chunked");
        } else if name.eq_ignore_ascii_case("content-length") {
            for part in header.value.split(|&b| b == b',') {
                let digits = std::str::from_utf8(part).unwrap_or_default().trim();
                match digits.parse::<u64>() {
                    Ok(n) if digits.bytes().all(|b| b.is_ascii_digit()) => lengths.push(n),
                    _ => return Err(not_http("a Content-Length that is not a number")),
                }
            }
        } else if name.eq_ignore_ascii_case("connection") {
            for token in header.value.split(|&b| b == b',') {
                let token = token.trim_ascii();
                close |= token.eq_ignore_ascii_case(b"close");
                keep_alive |= token.eq_ignore_ascii_case(b"keep-alive");
            }
        }
        if name.eq_ignore_ascii_case("x-inner-code") && inner.is_none() && visible(header.value) {
            inner = Some(String::from_utf8_lossy(header.value).trim().to_string());
        }
    }
    let headers = if judge::plainly_ok(status, inner.as_deref()) {
        Vec::new()
    } else {
        response
            .headers
            .iter()
            .filter(|h| visible(h.value))
            .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into_owned()))
            .collect()
    };
    if lengths.windows(2).any(|w| w[0] != w[1]) {
        return Err(not_http("Content-Length headers that disagree"));
    }
    let length = if (100..200).contains(&status) || status == 204 || status == 304 {
        Length::Fixed(0)
    } else if encoded {
        if chunked { Length::Chunked } else { Length::ToClose }
    } else {
        lengths.first().map_or(Length::ToClose, |&n| Length::Fixed(n))
    };
    let keep = !close && (http11 || keep_alive) && status != 101;
    Ok(Some((
        used,
        Head {
            status,
            inner,
            headers,
            length,
            keep,
        },
    )))
}

fn last_token(value: &[u8]) -> &[u8] {
    value.rsplit(|&b| b == b',').next().unwrap_or_default().trim_ascii()
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
