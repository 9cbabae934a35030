//! Sending a call: the one path from a request to what came back, for every command that calls the frontend
//! (`invoke`, `result`, `session`, `health`, `test`; `bench` builds the same request and judges its answers with the
//! same verdict, over its own connections). It sends (again only where retry.rs allows), reads the answer as the
//! command asked (whole, as frames, or left open for its body to be copied) and judges it once.

use std::time::Duration;

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::reply::{self, Judged, Verdict};
use crate::call::retry::{self, Attempt, RetryPolicy};
use crate::call::stream::{self, Frames};
use crate::client::http::{self, Client, OpenAnswer, WireRequest};
use crate::exit::Failure;

/// How an answer's body is read once its head has arrived.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading {
    /// Server-sent events asked for (`--stream`): a successful stream is read frame by frame.
    pub stream: bool,
    /// A successful answer's body may be left open, to be copied to its destination as it arrives.
    pub open: bool,
}

/// What one attempt brought back.
pub enum Received {
    /// The whole answer, in memory, and its verdict.
    Whole(Judged),
    /// Server-sent events still to be read, and the verdict made of their head; an error frame overrides it.
    Stream(Frames, Verdict),
    /// A successful answer whose body is still to be read, and the verdict made of its head.
    Open(OpenAnswer, Verdict),
}

/// Sends `wire`, again where `policy` allows; returns what the last attempt brought and how many were made.
pub fn send(
    client: &Client,
    wire: &WireRequest,
    policy: &RetryPolicy,
    reading: Reading,
    ui: &Ui,
) -> (Result<Received>, u32) {
    retry::run(
        policy,
        ui,
        || attempt(client, wire, reading, client.connection().timeout.value),
        |sent| match sent {
            Received::Whole(judged) => Attempt::Answered(judged),
            Received::Stream(..) | Received::Open(..) => Attempt::Streaming,
        },
    )
}

/// Sends `wire` once, bounded by `limit` (--timeout, or what a wait has left), and reads the answer whole: the
/// polls of an asynchronous call's result, a session's DELETE, a look at /healthz.
pub fn once(client: &Client, wire: &WireRequest, limit: Option<Duration>) -> Result<Judged> {
    match attempt(client, wire, Reading::default(), limit)? {
        Received::Whole(judged) => Ok(judged),
        Received::Stream(..) | Received::Open(..) => unreachable!("an answer read whole"),
    }
}

/// One attempt. An answer whose body is not held is judged by its head, once, when it arrives; one read whole is
/// judged once it is in (its message is in the body).
fn attempt(client: &Client, wire: &WireRequest, reading: Reading, limit: Option<Duration>) -> Result<Received> {
    let answer = client.send(wire, limit)?;
    let head = reply::judge_head(&answer);
    if reading.stream && reply::is_event_stream(&answer) {
        // The frontend frames an error as SSE too, under the error's status (`writeHTTPResponse` in upstream
        // api/v1/invoke.go): such an answer is read whole and judged as a synchronous one.
        return if head.ok {
            Ok(Received::Stream(Frames::new(answer), head))
        } else {
            stream::read_error_stream(answer).map(|exchange| Received::Whole(Judged::new(exchange)))
        };
    }
    if reading.open && head.ok {
        return Ok(Received::Open(answer, head));
    }
    answer
        .read_limited(http::BUFFER_LIMIT)
        .map(|exchange| Received::Whole(Judged::new(exchange)))
        .map_err(|mut error| {
            // A successful result too large to hold here is one a command that streams could still take.
            if let Some(Failure::TooLarge { result, .. }) = error.downcast_mut::<Failure>() {
                *result = head.ok;
            }
            error
        })
}
