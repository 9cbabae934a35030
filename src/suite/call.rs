//! One case's call, made as `yr invoke` makes it (the same request, connection, retries, async wait and stream
//! reading) but printing nothing: what came back is returned for the expectations and the report.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::reply::{Judged, Verdict};
use crate::call::async_call;
use crate::call::retry::RetryPolicy;
use crate::call::send::{self, Reading, Received};
use crate::call::stream::{self, Frames, Next};
use crate::client::config::Connection;
use crate::client::http::{self, Exchange, WireRequest};
use crate::client::request::{CallTrace, InvokeRequest};
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
    /// The trace ids an invoke was sent with; None for the other actions.
    pub trace: Option<CallTrace>,
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
        let trace = self.request.trace.for_call();
        let answer = self.attempt(ui, &mut attempts, &trace);
        CallRecord {
            trace: Some(trace),
            ..CallRecord::ended(answer, started, attempts)
        }
    }

    fn attempt(&self, ui: &Ui, attempts: &mut u32, trace: &CallTrace) -> Result<CallAnswer> {
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
            headers: self.request.wire_headers(self.connection.token(), &extra, Some(trace)),
            body: self.request.body.wire(),
        };
        let client = http::Client::new(&self.connection)?;
        let reading = Reading {
            stream: self.mode.stream,
            open: false,
        };
        let (outcome, made) = send::send(&client, &wire, &self.policy, reading, ui);
        *attempts = made;
        let judged = match outcome? {
            Received::Stream(frames, verdict) => return read_stream(frames, verdict),
            Received::Whole(judged) => judged,
            Received::Open(..) => unreachable!("yr test reads every answer whole"),
        };
        if !self.mode.asynchronous || judged.exchange.status != 202 {
            return Ok(answered(judged, None));
        }
        let id = async_call::request_id(&judged.exchange)?;
        if !self.mode.wait {
            let mut accepted = answered(judged, Some(id));
            if accepted.verdict.trace_id.is_none() {
                accepted.verdict.trace_id = Some(trace.trace_id.clone());
            }
            return Ok(accepted);
        }
        let poll_headers = self.connection.auth_headers();
        let finished = async_call::wait(
            &client,
            &id,
            &poll_headers,
            self.mode.poll_interval,
            self.connection.timeout.value,
            ui,
        )?;
        // A finished record is judged as its synchronous call would have been (async_call::wait made that verdict).
        // Its trace id, else the 202's, else the one the call was sent with: the frontend answers a 202 without one.
        let mut verdict = finished.verdict;
        if verdict.trace_id.is_none() {
            verdict.trace_id = judged.verdict.trace_id.or_else(|| Some(trace.trace_id.clone()));
        }
        Ok(CallAnswer {
            verdict,
            exchange: finished.exchange,
            frames: None,
            request_id: Some(id),
        })
    }
}

fn answered(Judged { exchange, verdict }: Judged, request_id: Option<String>) -> CallAnswer {
    CallAnswer {
        verdict,
        exchange,
        frames: None,
        request_id,
    }
}

/// Reads frames to `[DONE]` (a success) or an error frame (a failure with its code), keeping their data for the
/// expectations (at most `stream::HELD_LIMIT` bytes of it); a stream that ends before either is no answer (exit 3,
/// as `yr invoke` has it).
fn read_stream(mut frames: Frames, verdict: Verdict) -> Result<CallAnswer> {
    let mut kept = Vec::new();
    let mut held = 0u64;
    loop {
        match frames.next()? {
            Next::Data(data) => {
                held += data.len() as u64;
                if held > stream::HELD_LIMIT {
                    let message = format!(
                        "the stream's frames are over {} MiB, more than yr test holds for its expectations",
                        stream::HELD_LIMIT >> 20
                    );
                    return Err(Failure::TooLarge {
                        message,
                        result: true,
                        hint: None,
                    }
                    .into());
                }
                kept.push(data);
            }
            Next::Done => {
                let exchange = frames.head();
                let mut done = answered(Judged { exchange, verdict }, None);
                done.frames = Some(kept);
                return Ok(done);
            }
            Next::Failed(verdict, exchange) => {
                return Ok(CallAnswer {
                    verdict,
                    exchange: Exchange {
                        body: Vec::new(),
                        ..exchange
                    },
                    frames: Some(kept),
                    request_id: None,
                });
            }
        }
    }
}

impl CallRecord {
    /// A call that ended with `judged`.
    fn of(judged: Result<Judged>, started: Instant, attempts: u32, request_id: Option<String>) -> CallRecord {
        let answer = judged.map(|judged| answered(judged, request_id));
        CallRecord::ended(answer, started, attempts)
    }

    /// A call that ended with `answer`, or with no answer and the error that says why.
    fn ended(answer: Result<CallAnswer>, started: Instant, attempts: u32) -> CallRecord {
        let reached = match answer {
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
            trace: None,
        }
    }
}

/// `yr result ID --wait`: polls until the call is done, within --timeout; the record's answer as the call's.
pub fn result(connection: &Connection, id: &str, interval: Duration, ui: &Ui) -> CallRecord {
    let started = Instant::now();
    let finished = http::Client::new(connection).and_then(|client| {
        async_call::wait(
            &client,
            id,
            &connection.auth_headers(),
            interval,
            connection.timeout.value,
            ui,
        )
    });
    let judged = finished.map(|f| Judged {
        exchange: f.exchange,
        verdict: f.verdict,
    });
    CallRecord::of(judged, started, 1, Some(id.to_string()))
}

/// `yr session delete FUNCTION SESSION_ID`.
pub fn session_delete(connection: &Connection, urn: &crate::urn::FunctionUrn, id: &str) -> CallRecord {
    let started = Instant::now();
    CallRecord::of(crate::call::session::delete(connection, urn, id), started, 1, None)
}

/// `yr health [--wait DURATION]`; `attempts` counts the looks.
pub fn health(connection: &Connection, wait: Option<Duration>, ui: &Ui) -> CallRecord {
    let started = Instant::now();
    let (judged, looks) = match http::Client::new(connection) {
        Ok(client) => crate::call::health::look(&client, wait, ui),
        Err(error) => (Err(error), 1),
    };
    CallRecord::of(judged, started, looks, None)
}
