//! Reading a streamed answer (server-sent events): the one loop every command reads frames with, whether it prints
//! them as they come (`yr invoke --stream`), keeps them for expectations (`yr test`) or reads an error framed as
//! SSE as the synchronous answer it stands for. What it holds is bounded: one frame, and the frames kept together,
//! at most `HELD_LIMIT` bytes each.

use std::io::{BufRead, Read as _};

use anyhow::Result;

use crate::answer::reply::{self, ErrorBody, Verdict};
use crate::client::http::{self, Exchange, OpenAnswer};
use crate::client::sse;
use crate::exit::Failure;

/// The most one frame may hold, and the most the frames kept together may (`yr test`'s frames, an error stream
/// read whole): the limit on anything held whole, as for a body (`http::BUFFER_LIMIT`).
pub const HELD_LIMIT: u64 = http::BUFFER_LIMIT;

/// A stream of frames being read.
pub struct Frames {
    answer: OpenAnswer,
    reader: FrameReader,
    /// The function's frames handed out so far.
    count: usize,
}

/// Frames read line by line from a body, one frame held to `limit` bytes: how `Frames` reads, apart from where the
/// bytes come from (fuzz/'s `sse_reader` drives it over any bytes).
pub struct FrameReader {
    parser: sse::Parser,
    line: Vec<u8>,
    limit: u64,
    /// Body bytes read so far, and those of the frame being read.
    received: usize,
    in_frame: u64,
}

/// What reading a frame brought.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    Frame(sse::Frame),
    /// The body ended (a frame left open at its end came before).
    End,
    /// The frame being read passed the limit.
    TooLarge,
}

impl FrameReader {
    pub fn new(limit: u64) -> FrameReader {
        FrameReader {
            parser: sse::Parser::default(),
            line: Vec::new(),
            limit,
            received: 0,
            in_frame: 0,
        }
    }

    /// Body bytes read so far.
    pub fn received(&self) -> usize {
        self.received
    }

    /// The next frame of `body`, reading no more of one frame than the limit (a line without its break included).
    pub fn next(&mut self, body: &mut impl BufRead) -> std::io::Result<Read> {
        // A body read to its end never runs out mid-line: `next_in` always has an answer.
        Ok(self.next_in(body, true)?.unwrap_or(Read::End))
    }

    /// As `next`, over a body that comes in pieces (`yr bench --stream`'s hyper body): `piece` is what has come so
    /// far and `ended` says no more will. None: the piece ran out mid-line, the line is kept for the next piece.
    pub fn next_in(&mut self, piece: &mut impl BufRead, ended: bool) -> std::io::Result<Option<Read>> {
        loop {
            let room = self.limit.saturating_sub(self.in_frame).saturating_add(1);
            let held = self.line.len() as u64;
            let n = piece
                .take(room.saturating_sub(held))
                .read_until(b'\n', &mut self.line)?;
            self.received += n;
            if self.line.len() as u64 >= room {
                return Ok(Some(Read::TooLarge));
            }
            if !ended && !self.line.ends_with(b"\n") {
                return Ok(None);
            }
            if self.line.is_empty() {
                return Ok(Some(self.parser.finish().map_or(Read::End, Read::Frame)));
            }
            // Counted as text: a byte that is not UTF-8 is held as U+FFFD, three bytes (found by fuzz/sse_reader).
            let text = String::from_utf8_lossy(self.line.strip_suffix(b"\n").unwrap_or(&self.line)).into_owned();
            self.line.clear();
            self.in_frame += text.len() as u64 + 1;
            if self.in_frame > self.limit {
                return Ok(Some(Read::TooLarge));
            }
            if let Some(frame) = self.parser.line(&text) {
                self.in_frame = 0;
                return Ok(Some(Read::Frame(frame)));
            }
        }
    }
}

/// What a frame of a successful stream is.
#[derive(Debug, PartialEq, Eq)]
pub enum FrameIs {
    /// `data: [DONE]`: the call succeeded.
    Done,
    /// An error frame (`event: error`, or the frontend's error object): the call failed.
    Error,
    /// A frame of the function's.
    Data,
}

/// How every command tells a frame of a successful stream: `[DONE]`, an error, or the function's.
pub fn frame_is(frame: &sse::Frame) -> FrameIs {
    if frame.is_done() {
        FrameIs::Done
    } else if frame.event.as_deref() == Some("error") || reply::is_error_frame(&frame.data) {
        FrameIs::Error
    } else {
        FrameIs::Data
    }
}

/// What the next step of a successful (2xx) stream brought.
pub enum Next {
    /// A frame of the function's: its data.
    Data(String),
    /// `data: [DONE]`: the call succeeded.
    Done,
    /// An error frame (`event: error`, or the frontend's error object): the call failed with this verdict. The
    /// exchange is the stream's head with the frame's data as its body.
    Failed(Verdict, Exchange),
}

impl Frames {
    pub fn new(answer: OpenAnswer) -> Frames {
        Frames {
            answer,
            reader: FrameReader::new(HELD_LIMIT),
            count: 0,
        }
    }

    /// The function's frames handed out so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The stream's head (status, headers, timings so far), without a body.
    pub fn head(&self) -> Exchange {
        self.answer.head()
    }

    /// The next step of a successful stream. A stream that ends before `[DONE]` got no whole answer: exit 3, as a
    /// body cut short.
    pub fn next(&mut self) -> Result<Next> {
        let Some(frame) = self.frame()? else {
            let message = format!(
                "the stream from {} ended before [DONE], after {}",
                self.answer.endpoint(),
                frames_words(self.count)
            );
            return Err(Failure::Unreachable {
                message,
                sent: true,
                hint: None,
            }
            .into());
        };
        match frame_is(&frame) {
            FrameIs::Done => return Ok(Next::Done),
            FrameIs::Error => {}
            FrameIs::Data => {
                self.count += 1;
                return Ok(Next::Data(frame.data));
            }
        }
        {
            let mut exchange = self.answer.head();
            let verdict = reply::judge_error_frame(exchange.status, &frame.data, exchange.header("X-Trace-Id"));
            exchange.body = frame.data.into_bytes();
            Ok(Next::Failed(verdict, exchange))
        }
    }

    /// The next frame as it was sent, or None when the body ended (a frame left open at its end is returned).
    fn frame(&mut self) -> Result<Option<sse::Frame>> {
        match self.reader.next(self.answer.body()) {
            Ok(Read::Frame(frame)) => Ok(Some(frame)),
            Ok(Read::End) => Ok(None),
            Ok(Read::TooLarge) => Err(Failure::BadAnswer(format!(
                "a frame of the stream from {} is over {} MiB, more than yr holds",
                self.answer.endpoint(),
                HELD_LIMIT >> 20
            ))
            .into()),
            Err(e) => Err(self.answer.body_failure(e, self.reader.received())),
        }
    }
}

/// `1 frame`, `3 frames`.
pub fn frames_words(count: usize) -> String {
    format!("{count} frame{}", if count == 1 { "" } else { "s" })
}

/// Reads a streamed answer that failed by its status (or X-Inner-Code) to its end, as the synchronous answer it
/// stands for: the body is the error frame's data (upstream sends one, `data: {"code":...,"message":...}`, then
/// `data: [DONE]`). With several frames the first error object among them wins, else their data joined by lines.
/// A break after the first frame keeps what came.
pub fn read_error_stream(answer: OpenAnswer) -> Result<Exchange> {
    let mut frames = Frames::new(answer);
    let mut kept: Vec<String> = Vec::new();
    let mut held = 0u64;
    loop {
        let frame = match frames.frame() {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(e) if kept.is_empty() => return Err(e),
            Err(_) => break,
        };
        if frame.is_done() {
            break;
        }
        held += frame.data.len() as u64;
        if held > HELD_LIMIT {
            break;
        }
        kept.push(frame.data);
    }
    let mut exchange = frames.head();
    exchange.body = error_stream_body(&kept).into_bytes();
    Ok(exchange)
}

/// The body a failed stream's frames (their data, `[DONE]` left out) stand for: with several frames the first error
/// object among them, else their data joined by lines.
pub fn error_stream_body(kept: &[String]) -> String {
    match kept
        .iter()
        .find(|data| ErrorBody::parse(data.as_bytes(), None).code.is_some())
    {
        Some(error) if kept.len() > 1 => error.clone(),
        _ => kept.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(body: &[u8], limit: u64) -> Vec<Read> {
        let mut reader = FrameReader::new(limit);
        let mut body = std::io::BufReader::with_capacity(3, body);
        let mut out = Vec::new();
        loop {
            let read = reader.next(&mut body).expect("a slice reads");
            let more = matches!(read, Read::Frame(_));
            out.push(read);
            if !more {
                return out;
            }
        }
    }

    fn frame(data: &str) -> Read {
        Read::Frame(sse::Frame {
            event: None,
            data: data.into(),
        })
    }

    /// Bytes that come in pieces, cut anywhere, read to the same frames as the whole body.
    #[test]
    fn frames_are_read_from_pieces_cut_anywhere() {
        let body = b"data: one\n\ndata: t\ndata: wo\r\n\r\ndata: [DONE]\n\n";
        for size in 1..body.len() {
            let mut reader = FrameReader::new(64);
            let mut out = Vec::new();
            for piece in body.chunks(size) {
                let mut piece = piece;
                while let Some(read) = reader.next_in(&mut piece, false).expect("a slice reads") {
                    out.push(read);
                }
            }
            let mut rest: &[u8] = &[];
            while let Some(read) = reader.next_in(&mut rest, true).expect("a slice reads") {
                let end = read == Read::End;
                out.push(read);
                if end {
                    break;
                }
            }
            assert_eq!(
                out,
                [frame("one"), frame("t\nwo"), frame("[DONE]"), Read::End],
                "pieces of {size}"
            );
        }
        let mut reader = FrameReader::new(12);
        let mut piece: &[u8] = b"data: 1234";
        assert_eq!(reader.next_in(&mut piece, false).unwrap(), None);
        let mut piece: &[u8] = b"5678\n";
        assert_eq!(reader.next_in(&mut piece, false).unwrap(), Some(Read::TooLarge));
    }

    #[test]
    fn frames_are_read_across_buffer_boundaries() {
        assert_eq!(
            frames(b"data: one\n\ndata: t\ndata: wo\r\n\r\ndata: [DONE]\n\n", 64),
            [frame("one"), frame("t\nwo"), frame("[DONE]"), Read::End]
        );
        assert_eq!(frames(b"data: open", 64), [frame("open"), Read::End]);
        assert_eq!(frames(b"", 64), [Read::End]);
    }

    /// A line without a line break, or a frame of many lines, is never held past the limit.
    #[test]
    fn a_frame_past_the_limit_is_refused_without_holding_it() {
        assert_eq!(frames(&[b'x'; 1000], 16), [Read::TooLarge]);
        assert_eq!(frames(b"data: 12345678901234567890\n\n", 16), [Read::TooLarge]);
        let many = "data: 1234\n".repeat(10) + "\n";
        assert_eq!(frames(many.as_bytes(), 64), [Read::TooLarge]);
        assert_eq!(
            frames(b"data: 1\n\ndata: 2\n\n", 10),
            [frame("1"), frame("2"), Read::End]
        );
        // Found by fuzz/sse_reader: 88 bytes that are not UTF-8 are 264 bytes of U+FFFD once held as text.
        let mut lossy = b"data: [D".to_vec();
        lossy.extend([0xff; 88]);
        lossy.extend(b"ONE]\n\n");
        assert_eq!(frames(&lossy, 256), [Read::TooLarge]);
    }
}
