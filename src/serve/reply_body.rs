//! A response body as Go's net/http frames a handler's: whole with a Content-Length up to 2 KiB and chunked above,
//! always chunked (SSE), or frames sent as they are made.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::sync::mpsc;

/// Go's `net/http` writes a body of up to this many bytes with a Content-Length (it buffers that much before the
/// handler returns); a longer one goes out chunked (`bufferBeforeChunkingSize` in net/http/server.go).
const GO_BUFFER: usize = 2048;

/// A response body: whole (framed as Go frames a handler's body: a Content-Length up to 2 KiB, chunked above),
/// whole but always chunked (SSE), or frames sent as they are made.
pub enum ReplyBody {
    Full(Bytes),
    Chunked(Bytes),
    Stream(mpsc::Receiver<Bytes>),
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ReplyBody::Full(bytes) | ReplyBody::Chunked(bytes) => {
                if bytes.is_empty() {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Ok(Frame::data(std::mem::take(bytes)))))
                }
            }
            ReplyBody::Stream(receiver) => receiver.poll_recv(cx).map(|frame| frame.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ReplyBody::Full(bytes) => bytes.is_empty(),
            ReplyBody::Chunked(_) | ReplyBody::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Full(bytes) if bytes.len() <= GO_BUFFER => SizeHint::with_exact(bytes.len() as u64),
            _ => SizeHint::default(),
        }
    }
}
