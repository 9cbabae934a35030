//! A connection's socket that closes as Go's net/http closes one after an answer to a body too large to drain
//! (`closeWriteAndWait` in net/http/server.go, `rstAvoidanceDelay`): when hyper lets go of it, its sending side is
//! shut (FIN) and the socket stays open for 500 ms before it is closed. Closing a socket with unread bytes sends a
//! reset, and a client still writing its body then loses the answer; the delay lets it read the answer first.
//! Whether a connection lingers is decided by the frontend (`Peer::linger`, set by `Peer::linger_after_answer`).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

/// Go's `rstAvoidanceDelay`.
const RST_AVOIDANCE_DELAY: Duration = Duration::from_millis(500);

pub struct Lingering {
    /// Taken only by Drop.
    stream: Option<TcpStream>,
    linger: Arc<AtomicBool>,
}

impl Lingering {
    pub fn new(stream: TcpStream, linger: Arc<AtomicBool>) -> Lingering {
        Lingering {
            stream: Some(stream),
            linger,
        }
    }

    fn stream(self: Pin<&mut Self>) -> Pin<&mut TcpStream> {
        Pin::new(
            self.get_mut()
                .stream
                .as_mut()
                .expect("the stream is taken only on drop"),
        )
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        if !self.linger.load(Ordering::Relaxed) {
            return;
        }
        // Outside a runtime (the emulator is shutting down) the socket just closes.
        if let (Some(mut stream), Ok(runtime)) = (self.stream.take(), tokio::runtime::Handle::try_current()) {
            runtime.spawn(async move {
                let _ = stream.shutdown().await;
                tokio::time::sleep(RST_AVOIDANCE_DELAY).await;
            });
        }
    }
}

impl AsyncRead for Lingering {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_read(cx, buf)
    }
}

impl AsyncWrite for Lingering {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.stream().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.stream().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.as_ref().is_some_and(|s| s.is_write_vectored())
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_shutdown(cx)
    }
}
