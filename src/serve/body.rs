//! Request bodies as Go's net/http reads them: whole under a limit, a body left unread settled before the answer
//! (kept, drained or the connection closed), and read errors in Go's words.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::Version;
use hyper::body::{Body, Incoming};
use hyper::header::HeaderMap;

use super::limit;
use super::rules::first;

/// The connection a request came on: its two ends, which Go words a read error with (`read tcp LOCAL->REMOTE: i/o
/// timeout`), and whether it is to be closed as Go's `closeWriteAndWait` closes one (`linger_after_answer`).
#[derive(Debug, Clone)]
pub struct Peer {
    pub local: SocketAddr,
    pub remote: SocketAddr,
    pub linger: Arc<AtomicBool>,
}

impl Peer {
    /// The connection is to close after this answer as `closeWriteAndWait` closes one, lingering half-closed for
    /// 500 ms (linger.rs): for a body too large to read or drain.
    fn linger_after_answer(&self) {
        self.linger.store(true, Ordering::Relaxed);
    }
}

/// How much of a body its handler left unread Go's server reads and drops to keep the connection
/// (`maxPostHandlerReadBytes` in net/http/server.go).
const MAX_POST_HANDLER_READ: u64 = 256 << 10;

/// How a body is read: `--max-body-size` and `--read-timeout`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_body: usize,
    pub read_timeout: Duration,
}

/// A request body as the frontend holds it: whole, or only how big it was (over `--max-body-size`).
#[derive(Debug)]
pub enum ReadBody {
    Whole(Bytes),
    TooLarge(u64),
}

/// What Go's net/http does with a request body its handler left unread, before it writes the answer's head
/// (`chunkWriter.writeHeader` in net/http/server.go). A body the client holds back for `100 Continue` (never
/// sent) closes the connection. Otherwise up to 256 KiB of it is read and dropped, and the connection carries
/// the next request; a body with more left is too large, and the connection closes after lingering
/// (`requestTooLarge`, then `closeWriteAndWait`: half-closed for 500 ms, so that a client still writing the
/// body reads the answer before the reset). A body that fails to read closes the connection. Each close is
/// announced by `Connection: close` on the answer: true here.
pub async fn settle_unread(
    version: Version,
    headers: &HeaderMap,
    mut body: Incoming,
    peer: &Peer,
    read_timeout: Duration,
) -> bool {
    if body.is_end_stream() {
        return false;
    }
    let held_back = version != Version::HTTP_10 && first(headers, "expect").eq_ignore_ascii_case(b"100-continue");
    let too_large = || {
        peer.linger_after_answer();
        true
    };
    if held_back {
        true
    } else if body
        .size_hint()
        .exact()
        .is_some_and(|left| left >= MAX_POST_HANDLER_READ)
    {
        too_large()
    } else {
        // io.CopyN(io.Discard, body, maxPostHandlerReadBytes+1): Some(over the limit), None at the end.
        let discard = async {
            let mut read: u64 = 0;
            while let Some(frame) = body.frame().await {
                let Ok(frame) = frame else {
                    return Some(false);
                };
                if let Ok(data) = frame.into_data() {
                    read += data.len() as u64;
                    if read > MAX_POST_HANDLER_READ {
                        return Some(true);
                    }
                }
            }
            None
        };
        match limit::within(read_timeout, discard).await {
            Some(None) => false,
            Some(Some(true)) => too_large(),
            Some(Some(false)) | None => true,
        }
    }
}

/// The body of an invocation, whole (`ioutil.ReadAll`), and whether the connection is to close after the answer.
/// The emulator's own step: a declared Content-Length over the limit is not read (that would take as long as
/// sending it); its size is all the size check needs, and the connection closes as net/http's
/// `requestBodyLimitHit` closes one, after the 500 ms linger of `closeWriteAndWait`, while what the client still
/// sends is drained. A body that fails to read closes the connection too (`closeAfterReply`); the error is the
/// `Err`.
pub async fn read(
    body: Incoming,
    headers: &HeaderMap,
    peer: &Peer,
    limits: Limits,
) -> Result<(ReadBody, bool), String> {
    let limit = limits.max_body as u64;
    match body.size_hint().exact() {
        Some(declared) if declared > limit => {
            peer.linger_after_answer();
            if !first(headers, "expect").eq_ignore_ascii_case(b"100-continue") {
                tokio::spawn(drain(body, declared.min(drain_cap(limit)), limits.read_timeout));
            }
            Ok((ReadBody::TooLarge(declared), true))
        }
        _ => read_whole(body, peer, limits).await.map(|read| (read, false)),
    }
}

/// The body whole, or its size once over the limit. Errors in Go's words: `unexpected EOF`, `read tcp
/// LOCAL->REMOTE: i/o timeout` when it took longer than `--read-timeout`.
async fn read_whole(body: Incoming, peer: &Peer, limits: Limits) -> Result<ReadBody, String> {
    let limit = limits.max_body;
    let cap = drain_cap(limit as u64);
    let reading = async {
        let mut body = body;
        let mut bytes: Vec<u8> = Vec::new();
        let mut total: u64 = 0;
        let mut over = false;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| body_error(&e, peer))?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            total += data.len() as u64;
            if over || bytes.len() + data.len() > limit {
                // Keep counting without keeping: a refused body should not hold memory while the rest arrives.
                if !over {
                    over = true;
                    bytes = Vec::new();
                }
                if total > cap {
                    break;
                }
                continue;
            }
            if bytes.len() + data.len() > bytes.capacity() {
                let wanted = (bytes.capacity() * 2).max(bytes.len() + data.len()).min(limit);
                bytes.reserve_exact(wanted - bytes.len());
            }
            bytes.extend_from_slice(&data);
        }
        Ok(if over {
            ReadBody::TooLarge(total)
        } else {
            ReadBody::Whole(Bytes::from(bytes))
        })
    };
    limit::within(limits.read_timeout, reading)
        .await
        .ok_or_else(|| format!("read tcp {}->{}: i/o timeout", peer.local, peer.remote))?
}

/// How much of a body over the limit is read (and dropped) so the client can finish sending and read the answer;
/// past it the connection is closed.
fn drain_cap(limit: u64) -> u64 {
    limit.saturating_mul(16).saturating_add(64 << 20)
}

/// Reads and drops a body the answer did not need, for at most `limit` bytes and `time`.
async fn drain(body: Incoming, limit: u64, time: Duration) {
    let reading = async {
        let mut body = body;
        let mut read: u64 = 0;
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(data) = frame.into_data() {
                read += data.len() as u64;
                if read >= limit {
                    break;
                }
            }
        }
    };
    let _ = limit::within(time, reading).await;
}

/// A body read error in the words of Go's `net/http` body reader.
fn body_error(error: &hyper::Error, peer: &Peer) -> String {
    use std::error::Error;
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return go_read_error(io, peer.local, peer.remote);
        }
        source = cause.source();
    }
    "unexpected EOF".into()
}

/// The I/O error under a body read error, in Go's words, chosen by its kind alone. A chunked body's faults come from
/// hyper's decoder (hyper 1.x, proto/h1/decode.rs) as `io::Error::new(kind, "…")`, and `InvalidInput` and
/// `InvalidData` each cover both a bad chunk-size line (Go's `invalid byte in chunk length`) and a bad frame around the
/// data (Go's `malformed chunked encoding`): only hyper's message tells them apart, and no decision here is taken by
/// message text. No upstream test asserts either wording, so both are Go's `malformed chunked encoding` (docs/serve.md,
/// "Where yr serve differs").
fn go_read_error(io: &std::io::Error, local: SocketAddr, remote: SocketAddr) -> String {
    use std::io::ErrorKind;
    match io.kind() {
        ErrorKind::UnexpectedEof => "unexpected EOF".into(),
        ErrorKind::InvalidData | ErrorKind::InvalidInput => "malformed chunked encoding".into(),
        ErrorKind::ConnectionReset => format!("read tcp {local}->{remote}: connection reset by peer"),
        _ => format!("read tcp {local}->{remote}: {io}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn read_errors_in_gos_words() {
        let (local, remote): (SocketAddr, SocketAddr) =
            ("127.0.0.1:8888".parse().unwrap(), "127.0.0.1:5000".parse().unwrap());
        let words = |kind: ErrorKind, text: &str| go_read_error(&Error::new(kind, text), local, remote);
        // hyper 1.12's chunked decoder (proto/h1/decode.rs), message by message: the kind decides, never the words.
        for (kind, hyper) in [
            (ErrorKind::InvalidInput, "Invalid chunk size line: missing size digit"),
            (ErrorKind::InvalidData, "invalid chunk size: overflow"),
            (ErrorKind::InvalidInput, "Invalid chunk body CR"),
            (ErrorKind::InvalidData, "chunk extensions over limit"),
        ] {
            assert_eq!(words(kind, hyper), "malformed chunked encoding", "{hyper}");
        }
        assert_eq!(
            words(ErrorKind::UnexpectedEof, "unexpected EOF during chunk size line"),
            "unexpected EOF"
        );
        assert_eq!(
            words(ErrorKind::ConnectionReset, "reset"),
            "read tcp 127.0.0.1:8888->127.0.0.1:5000: connection reset by peer"
        );
        assert_eq!(
            words(ErrorKind::BrokenPipe, "broken pipe"),
            "read tcp 127.0.0.1:8888->127.0.0.1:5000: broken pipe"
        );
    }
}
