//! One case's call, made as `yr invoke` makes it (the same request, connection, retries, async wait and stream
//! reading) but printing nothing: what came back is returned for the expectations and the report.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::reply::{self, Judged, Verdict};
use crate::call::async_call;
use crate::call::retry::{self, Outcome, RetryPolicy};
use crate::client::config::Connection;
use crate::client::http::{self, Answer, Exchange, WireRequest};
use crate::client::request::InvokeRequest;
use crate::client::sse;
use crate::exit::{Class, Failure};

/// How the call is made: `async`, `wait`, `poll-interval`, `stream`.
#[derive(Debug, Clone)]
pub struct Mode {
    pub asynchronous: bool,
    pub wait: bool,
    pub poll_interval: Duration,
    pub stream: bool,
}

/// Everything one call needs, checked.
#[derive(Debug, Clone)]
pub struct CallPlan {
    pub request: InvokeRequest,
    pub connection: Connection,
    pub policy: RetryPolicy,
    pub mode: Mode,
}

/// What came back from one case's call.
#[derive(Debug)]
pub struct CallRecord {
    pub reached: Reached,
    /// From the first byte sent to the last byte read, retries and polling included.
    pub elapsed: Duration,
    pub attempts: u32,
}

#[derive(Debug)]
pub enum Reached {
    Answer(Box<CallAnswer>),
    /// No answer to judge: unreachable, timed out, a stream cut short, an answer that is not HTTP.
    NoAnswer {
        message: String,
        class: Class,
    },
}

#[derive(Debug)]
pub struct CallAnswer {
    /// The answer (for a stream: its head, with an empty body); for `async` + `wait`, the recorded result.
    pub exchange: Exchange,
    pub verdict: Verdict,
    /// The data of each frame before `[DONE]` (or before the `error` frame), for a streamed answer.
    pub frames: Option<Vec<String>>,
    pub request_id: Option<String>,
}

impl CallAnswer {
    /// How the call ended, as `yr invoke` classifies it (a stream's error frame included, judged under the
    /// stream's status as `yr invoke --stream` judges it); its exit code is `yr invoke`'s.
    pub fn class(&self) -> Class {
        self.verdict.outcome()
    }
}

impl CallPlan {
    /// Makes the call; `ui` only carries retry and polling notes (quiet unless -v).
    pub fn make(&self, ui: &Ui) -> CallRecord {
        let started = Instant::now();
        let mut attempts = 1;
        let reached = match self.attempt(ui, &mut attempts) {
            Ok(answer) => Reached::Answer(Box::new(answer)),
            Err(error) => Reached::NoAnswer {
                message: crate::answer::output::error_chain(&error),
                class: Class::of_error(&error),
            },
        };
        CallRecord {
            reached,
            elapsed: started.elapsed(),
            attempts,
        }
    }

    fn attempt(&self, ui: &Ui, attempts: &mut u32) -> Result<CallAnswer> {
        let mut extra = Vec::new();
        if self.mode.asynchronous {
            extra.push(("X-Invoke-Type", "async"));
        }
        if self.mode.stream {
            extra.push(("Accept", "text/event-stream"));
        }
        let wire = WireRequest {
            method: "POST",
            path: self.request.path(),
            headers: self.request.wire_headers(self.connection.token.as_ref(), &extra),
            body: self.request.body.wire(),
        };
        let client = http::Client::new(&self.connection)?;
        let (outcome, made) = retry::run(
            &self.policy,
            ui,
            || {
                let answer = client.send(&wire)?;
                if self.mode.stream && reply::is_event_stream(&answer) {
                    // An error framed as SSE (under the error's status) is judged as the synchronous answer it
                    // stands for, as `yr invoke --stream` judges it.
                    let verdict = reply::judge_head(&answer);
                    if verdict.ok {
                        Ok(Sent::Stream(answer, verdict))
                    } else {
                        reply::read_error_stream(answer).map(|exchange| Sent::Whole(Judged::new(exchange)))
                    }
                } else {
                    answer
                        .read_limited(http::BUFFER_LIMIT)
                        .map(|exchange| Sent::Whole(Judged::new(exchange)))
                }
            },
            |sent| match sent {
                Sent::Whole(judged) => Outcome::Answered(judged),
                Sent::Stream(..) => Outcome::Streaming,
            },
        );
        *attempts = made;
        let judged = match outcome? {
            Sent::Stream(answer, verdict) => return read_stream(answer, verdict),
            Sent::Whole(judged) => judged,
        };
        if !self.mode.asynchronous || judged.exchange.status != 202 {
            return Ok(answered(judged, None));
        }
        let id = async_call::request_id(&judged.exchange)?;
        if !self.mode.wait {
            return Ok(answered(judged, Some(id)));
        }
        let poll_headers = self.connection.auth_headers();
        let finished = async_call::wait(
            &client,
            &id,
            &poll_headers,
            self.mode.poll_interval,
            self.connection.timeout,
            ui,
        )?;
        // A finished record is judged as its synchronous call would have been (async_call::wait made that verdict).
        Ok(CallAnswer {
            verdict: finished.verdict,
            exchange: finished.exchange,
            frames: None,
            request_id: Some(id),
        })
    }
}

/// What one attempt brought back.
enum Sent {
    Whole(Judged),
    /// Server-sent events, and the verdict made of their head.
    Stream(Answer, Verdict),
}

fn answered(Judged { exchange, verdict }: Judged, request_id: Option<String>) -> CallAnswer {
    CallAnswer {
        verdict,
        exchange,
        frames: None,
        request_id,
    }
}

/// Reads frames to `[DONE]` (a success) or an error frame (`event: error`, or the frontend's error object: a failure
/// with its code); a stream that ends
/// before either is no answer (exit 3, as `yr invoke` has it).
fn read_stream(mut answer: Answer, verdict: Verdict) -> Result<CallAnswer> {
    let mut parser = sse::Parser::default();
    let mut frames = Vec::new();
    let mut received = 0usize;
    let mut line = Vec::new();
    loop {
        line.clear();
        let frame = match answer.read_line(&mut line) {
            Ok(0) => parser.finish(),
            Ok(n) => {
                received += n;
                let text = String::from_utf8_lossy(line.strip_suffix(b"\n").unwrap_or(&line)).into_owned();
                match parser.line(&text) {
                    Some(frame) => Some(frame),
                    None => continue,
                }
            }
            Err(e) => return Err(answer.body_failure(e, received)),
        };
        let Some(frame) = frame else {
            let message = format!(
                "the stream from {} ended before [DONE], after {} frames",
                answer.endpoint(),
                frames.len()
            );
            return Err(Failure::Unreachable {
                message,
                sent: true,
                hint: None,
            }
            .into());
        };
        if frame.is_done() {
            let exchange = answer.head();
            let mut done = answered(Judged { exchange, verdict }, None);
            done.frames = Some(frames);
            return Ok(done);
        }
        if frame.event.as_deref() == Some("error") || reply::is_error_frame(&frame.data) {
            let head = answer.head();
            let verdict = reply::judge_error_frame(head.status, &frame.data, head.header("X-Trace-Id"));
            return Ok(CallAnswer {
                verdict,
                exchange: head,
                frames: Some(frames),
                request_id: None,
            });
        }
        frames.push(frame.data);
    }
}
