//! `yr bench --stream` and `--async`: each call made as `yr invoke --stream` / `--async` makes it, and what it adds
//! to the report. A stream is read frame by frame with the one SSE reader (call/stream.rs's FrameReader), timing
//! the first of the function's frames and the last (`[DONE]`) and counting them; an asynchronous call times its 202
//! and then polls the result route (call/async_call.rs reads each poll) until the call is finished. The mode is
//! decided once per run (engine::Target's `mode`); a plain call never comes here.

use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Request, Response};
use serde::Serialize;

use super::engine::{FAILURE_BODY_LIMIT, Failed, FailureKind, Sample, Target, new_histogram, no_answer, transport};
use super::figures::Latency;
use super::record::Seen;
use crate::answer::reply::{self, Judged, Verdict};
use crate::call::async_call::{self, Progress};
use crate::call::stream::{self, FrameIs, FrameReader, HELD_LIMIT, Read};
use crate::client::http::{Exchange, Timings};
use crate::exit::Class;

/// How each call of a run is made.
pub enum Mode {
    /// As `yr invoke`: the answer read whole (engine::classify).
    Plain,
    /// As `yr invoke --stream`.
    Stream,
    /// As `yr invoke --async --wait`.
    Async(Polling),
}

/// How an asynchronous call's result is polled: as `yr invoke --async --wait` polls it.
pub struct Polling {
    pub interval: Duration,
    /// The endpoint's path prefix, and the head of every poll: Host, User-Agent, Accept and the token.
    pub prefix: String,
    pub headers: Vec<(String, String)>,
}

/// When a call's stream or asynchronous steps happened, as far as they came.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    /// The function's first frame, and the stream's end (`[DONE]`).
    pub first_frame: Option<Instant>,
    pub last_frame: Option<Instant>,
    pub frames: u64,
    /// The 202, and the polls of the result route made.
    pub accepted: Option<Instant>,
    pub polls: u64,
}

/// What the modes measured: stream figures of the successful streams, the 202 of every accepted call and the
/// finished result of the successful ones.
#[derive(Debug, Default)]
pub struct ModeTally {
    pub first_frame: Option<Histogram<u64>>,
    pub last_frame: Option<Histogram<u64>>,
    /// Successful streams, their frames in all, and the fewest and most of one.
    pub streams: u64,
    pub frames: u64,
    pub frames_min: u64,
    pub frames_max: u64,
    pub accepted: Option<Histogram<u64>>,
    pub finished: Option<Histogram<u64>>,
    pub polls: u64,
}

impl ModeTally {
    /// Counts a finished call (due at `from`, ended after `latency`) by its marks; a plain call has none.
    pub fn count(&mut self, ok: bool, marks: &Marks, from: Instant, latency: Duration) {
        let micros = |at: Instant| (at.saturating_duration_since(from).as_micros() as u64).max(1);
        let record = |h: &mut Option<Histogram<u64>>, value: u64| {
            let _ = h.get_or_insert_with(new_histogram).record(value);
        };
        if let (true, Some(last)) = (ok, marks.last_frame) {
            if let Some(first) = marks.first_frame {
                record(&mut self.first_frame, micros(first));
            }
            record(&mut self.last_frame, micros(last));
            self.frames_min = if self.streams == 0 {
                marks.frames
            } else {
                self.frames_min.min(marks.frames)
            };
            self.frames_max = self.frames_max.max(marks.frames);
            self.streams += 1;
            self.frames += marks.frames;
        }
        if let Some(accepted) = marks.accepted {
            record(&mut self.accepted, micros(accepted));
            if ok {
                record(&mut self.finished, (latency.as_micros() as u64).max(1));
            }
        }
        self.polls += marks.polls;
    }

    pub fn merge(&mut self, other: ModeTally) {
        let add = |to: &mut Option<Histogram<u64>>, from: Option<Histogram<u64>>| {
            if let Some(from) = from {
                let _ = to.get_or_insert_with(new_histogram).add(&from);
            }
        };
        add(&mut self.first_frame, other.first_frame);
        add(&mut self.last_frame, other.last_frame);
        add(&mut self.accepted, other.accepted);
        add(&mut self.finished, other.finished);
        if other.streams > 0 {
            self.frames_min = if self.streams == 0 {
                other.frames_min
            } else {
                self.frames_min.min(other.frames_min)
            };
        }
        self.frames_max = self.frames_max.max(other.frames_max);
        self.streams += other.streams;
        self.frames += other.frames;
        self.polls += other.polls;
    }
}

/// `stream` in the report: the successful streams' figures (null when none succeeded, or without --stream).
#[derive(Debug, Serialize)]
pub struct StreamFigures {
    /// From each call's start (as `latency_ms`) to the function's first frame; null when no stream had one.
    pub first_frame_ms: Option<Latency>,
    /// From each call's start to its `[DONE]`.
    pub last_frame_ms: Latency,
    pub frames: FrameCounts,
}

#[derive(Debug, Serialize)]
pub struct FrameCounts {
    pub min: u64,
    pub mean: f64,
    pub max: u64,
    pub total: u64,
}

/// `async` in the report (null without --async).
#[derive(Debug, Serialize)]
pub struct AsyncFigures {
    /// Calls the frontend accepted (202), and the time to the 202 of each of them.
    pub accepted: u64,
    pub accepted_ms: Option<Latency>,
    /// From each call's start to its finished result, for those that finished successfully (null when none did).
    pub finished_ms: Option<Latency>,
    /// Polls of the result route made, in all.
    pub polls: u64,
}

/// The report's `stream` and `async` objects, from what the modes measured.
pub fn figures(
    tally: &ModeTally,
    latency_of: impl Fn(&Histogram<u64>) -> Option<Latency>,
) -> (Option<StreamFigures>, Option<AsyncFigures>) {
    let of = |h: &Option<Histogram<u64>>| h.as_ref().and_then(&latency_of);
    let stream = of(&tally.last_frame).map(|last_frame_ms| StreamFigures {
        first_frame_ms: of(&tally.first_frame),
        last_frame_ms,
        frames: FrameCounts {
            min: tally.frames_min,
            mean: if tally.streams == 0 {
                0.0
            } else {
                (tally.frames as f64 / tally.streams as f64 * 1000.0).round() / 1000.0
            },
            max: tally.frames_max,
            total: tally.frames,
        },
    });
    let accepted = tally.accepted.as_ref().map_or(0, Histogram::len);
    let asynchronous = (accepted > 0).then(|| AsyncFigures {
        accepted,
        accepted_ms: of(&tally.accepted),
        finished_ms: of(&tally.finished),
        polls: tally.polls,
    });
    (stream, asynchronous)
}

/// A failed answer's kind and words, judged as `yr invoke` judges it.
fn failed_answer(status: u16, verdict: Verdict, location: Option<String>) -> Failed {
    let kind = match verdict.code {
        Some(code) => FailureKind::Code { code, status },
        None => FailureKind::Status(status),
    };
    Failed {
        kind,
        sample: Sample::Answer {
            verdict: Box::new(verdict),
            location,
        },
    }
}

/// An error `yr invoke` would end with (a 202 without a request id, a result that is not JSON), classed as it.
fn failed_with(error: &anyhow::Error) -> Failed {
    no_answer(Class::of_error(error), error.to_string())
}

/// A streamed call's answer. A successful stream is read frame by frame to `[DONE]`; anything else is judged as
/// `yr invoke --stream` judges it: an answer that is not SSE as a synchronous one, an error framed as SSE as the
/// synchronous answer it stands for, an error frame as a failure with its code, a stream cut short as unreachable.
pub async fn read_stream(response: Response<hyper::body::Incoming>, seen: &mut Seen) -> Result<(), Failed> {
    let sse = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("text/event-stream"));
    if !sse {
        return super::judge::classify(response, seen).await;
    }
    let status = response.status().as_u16();
    seen.status = Some(status);
    let (parts, mut body) = response.into_parts();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let inner = header("x-inner-code").map(str::trim);
    seen.code = inner.and_then(|code| code.parse().ok());
    let head_ok = (200..300).contains(&status) && inner.is_none_or(|code| code == "0");
    let mut frames = Frames::new(head_ok);
    let mut ended = false;
    while !ended {
        let piece = match body.frame().await {
            Some(frame) => frame.map_err(|e| transport(&e))?.into_data().unwrap_or_default(),
            None => {
                ended = true;
                Bytes::new()
            }
        };
        seen.bytes += piece.len() as u64;
        let mut piece = &piece[..];
        while let Some(read) = frames.reader.next_in(&mut piece, ended).unwrap_or(Some(Read::End)) {
            match frames.step(read, &mut seen.marks) {
                Step::More => {}
                Step::Ended(outcome) => {
                    return match outcome {
                        Ended::Done => {
                            // Read to its end, so that the connection is kept for the next call.
                            while let Some(Ok(_)) = body.frame().await {}
                            Ok(())
                        }
                        Ended::Error(data) => {
                            let verdict = reply::judge_error_frame(status, &data, header("x-trace-id"));
                            seen.code = seen.code.or(verdict.code);
                            Err(failed_answer(status, verdict, None))
                        }
                        Ended::Failed(message, class) => Err(no_answer(class, message)),
                        Ended::Whole(kept) => {
                            let body = stream::error_stream_body(&kept);
                            let verdict = reply::judge_parts(status, header, body.as_bytes());
                            seen.code = seen.code.or(verdict.code);
                            if verdict.ok {
                                return Ok(());
                            }
                            Err(failed_answer(status, verdict, header("location").map(str::to_string)))
                        }
                    };
                }
            }
        }
    }
    unreachable!("a body that ended is read to its end")
}

/// A stream's frames as they come: of a successful stream (`head_ok`) the function's, counted; of a failed one,
/// the data kept to be judged whole, as `stream::read_error_stream` keeps it.
struct Frames {
    reader: FrameReader,
    head_ok: bool,
    kept: Vec<String>,
    held: u64,
}

enum Step {
    More,
    Ended(Ended),
}

enum Ended {
    /// `[DONE]` after the function's frames.
    Done,
    /// An error frame's data.
    Error(String),
    /// No whole answer: why, and the class `yr invoke --stream` gives it.
    Failed(String, Class),
    /// A failed stream's frames, to judge as one answer.
    Whole(Vec<String>),
}

impl Frames {
    fn new(head_ok: bool) -> Frames {
        Frames {
            reader: FrameReader::new(HELD_LIMIT),
            head_ok,
            kept: Vec::new(),
            held: 0,
        }
    }

    fn step(&mut self, read: Read, marks: &mut Marks) -> Step {
        if !self.head_ok {
            return self.keep(read);
        }
        let frame = match read {
            Read::Frame(frame) => frame,
            Read::End => {
                let message = format!(
                    "the stream ended before [DONE], after {}",
                    stream::frames_words(marks.frames as usize)
                );
                return Step::Ended(Ended::Failed(message, Class::Unreachable));
            }
            Read::TooLarge => return Step::Ended(Ended::Failed(too_large(), Class::Platform)),
        };
        match stream::frame_is(&frame) {
            FrameIs::Done => {
                marks.last_frame = Some(Instant::now());
                Step::Ended(Ended::Done)
            }
            FrameIs::Error => Step::Ended(Ended::Error(frame.data)),
            FrameIs::Data => {
                marks.first_frame.get_or_insert_with(Instant::now);
                marks.frames += 1;
                Step::More
            }
        }
    }

    /// A failed stream's frame, kept (to `HELD_LIMIT` in all) until `[DONE]` or the end.
    fn keep(&mut self, read: Read) -> Step {
        let frame = match read {
            Read::Frame(frame) if !frame.is_done() => frame,
            Read::TooLarge if self.kept.is_empty() => {
                return Step::Ended(Ended::Failed(too_large(), Class::Platform));
            }
            _ => return Step::Ended(Ended::Whole(std::mem::take(&mut self.kept))),
        };
        self.held += frame.data.len() as u64;
        if self.held > HELD_LIMIT {
            return Step::Ended(Ended::Whole(std::mem::take(&mut self.kept)));
        }
        self.kept.push(frame.data);
        Step::More
    }
}

fn too_large() -> String {
    format!(
        "a frame of the stream is over {} MiB, more than yr holds",
        HELD_LIMIT >> 20
    )
}

/// An asynchronous call's answer: a 202's request id, then its result polled on the worker's connection every
/// `polling.interval` (the first poll at once, as `yr invoke --async --wait`) until it is finished. An answer other
/// than a 202 is judged as a synchronous one, as invoke does; --timeout bounds the whole (the worker's limit).
pub async fn follow_async(
    target: &Target,
    polling: &Polling,
    open: &mut SendRequest<Full<Bytes>>,
    response: Response<hyper::body::Incoming>,
    seen: &mut Seen,
) -> Result<(), Failed> {
    if response.status().as_u16() != 202 {
        return super::judge::classify(response, seen).await;
    }
    let accepted = read_whole(response, seen, FAILURE_BODY_LIMIT).await?;
    seen.marks.accepted = Some(Instant::now());
    let id = async_call::request_id(&accepted).map_err(|e| failed_with(&e))?;
    let path = format!("{}{}", polling.prefix, async_call::result_path(&id));
    loop {
        if open.ready().await.is_err() {
            *open = super::engine::connect(target).await?;
        }
        let mut request = Request::get(&path);
        for (name, value) in &polling.headers {
            request = request.header(name, value);
        }
        let request = request
            .body(Full::new(Bytes::new()))
            .map_err(|e| no_answer(Class::Usage, format!("cannot build the poll: {e}")))?;
        let response = open.send_request(request).await.map_err(|e| transport(&e))?;
        // A record holds the call's whole answer: held as `yr invoke --async --wait` holds it.
        let exchange = read_whole(response, seen, crate::client::http::BUFFER_LIMIT as usize).await?;
        seen.marks.polls += 1;
        match async_call::progress(Judged::new(exchange), &id).map_err(|e| failed_with(&e))? {
            Progress::Running(_) => tokio::time::sleep(polling.interval).await,
            Progress::Done(finished) => {
                let status = finished.exchange.status;
                seen.status = Some(status);
                seen.code = finished.verdict.code;
                if finished.verdict.ok {
                    return Ok(());
                }
                return Err(failed_answer(status, finished.verdict, None));
            }
        }
    }
}

/// An answer read whole, to `limit` bytes (a 202's id, a poll's record): as an Exchange to judge.
async fn read_whole(
    response: Response<hyper::body::Incoming>,
    seen: &mut Seen,
    limit: usize,
) -> Result<Exchange, Failed> {
    let status = response.status().as_u16();
    let (parts, mut body) = response.into_parts();
    let mut held = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(|e| transport(&e))?.into_data() else {
            continue;
        };
        seen.bytes += data.len() as u64;
        if held.len() + data.len() > limit {
            let message = format!(
                "HTTP {status}, its body over {} MiB, more than yr bench holds of an asynchronous call's answer",
                limit >> 20
            );
            return Err(Failed {
                kind: FailureKind::TooLarge(status),
                sample: Sample::NoAnswer { message, hint: None },
            });
        }
        held.extend_from_slice(&data);
    }
    let headers = crate::client::http::header_pairs(&parts.headers);
    Ok(Exchange {
        status,
        version: "HTTP/1.1",
        headers,
        body: held,
        timings: Timings::default(),
    })
}
