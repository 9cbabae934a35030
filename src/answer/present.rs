//! After an answer: print the result or the error, check expectations, and decide the exit code, from the one
//! verdict reply.rs made and through the one printer of output.rs. Shared by a synchronous call, `--async --wait`,
//! `yr result` and `yr session delete`.

use anyhow::Result;

use crate::answer::envelope::Envelope;
use crate::answer::expect::{Expectations, Mismatch, Observed};
use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::reply::{self, HintContext, Route, Verdict};
use crate::client::endpoint::Url;
use crate::client::http::{Exchange, OpenAnswer};
use crate::client::request::CallTrace;
use crate::exit;

/// What the caller knows about the call, for hints and the `--json` envelope.
pub struct CallContext<'a> {
    /// The route that answered.
    pub route: Route,
    pub urn: Option<&'a str>,
    pub endpoint: &'a Url,
    /// None when not known (`yr result` never saw the request).
    pub body_len: Option<usize>,
    pub has_token: bool,
    pub attempts: u32,
    pub request_id: Option<&'a str>,
    /// Where an asynchronous call stands (`--json`'s `state`): its record's status, or `accepted`.
    pub state: Option<&'static str>,
    /// The trace ids the call was sent with (an invoke's), for `--json`.
    pub trace: Option<&'a CallTrace>,
}

/// How an answer is shown: what -r, -o, --json, --logs and the expectations asked for, parsed and checked once,
/// before anything is sent (commands/mod.rs `output`). `Output::default()` shows the answer plainly.
#[derive(Debug, Default)]
pub struct Output {
    pub raw_string: bool,
    /// -o FILE, checked: the successful body goes there (a regular file written whole or not at all).
    pub file: Option<crate::answer::file::OutputFile>,
    pub json: bool,
    pub logs: bool,
    pub expectations: Expectations,
}

/// Prints everything about one answer, judged once before (a finished asynchronous record is judged by its status
/// too), and returns the exit code.
pub fn answer(verdict: &Verdict, exchange: &Exchange, context: &CallContext, args: &Output, ui: &Ui) -> Result<u8> {
    let expectations = &args.expectations;
    let mismatches = expectations.check(&observed(verdict, exchange, None));
    if args.logs {
        print_logs(exchange, error_shown(verdict, expectations, &mismatches), ui);
    }

    if args.json {
        let mut envelope = Envelope::for_answer(verdict, exchange, context.attempts).with_trace(context.trace);
        envelope.request_id = context.request_id.map(str::to_string);
        envelope.state = context.state.map(str::to_string);
        ui.print(envelope.to_text(ui).as_bytes())?;
    }
    if verdict.ok {
        if let Some(file) = &args.file {
            file.write_whole(&exchange.body)?;
        } else if !args.json {
            ui.out_with(|stdout| {
                output::write_result(
                    stdout,
                    &exchange.body,
                    ui.stdout_terminal,
                    args.raw_string,
                    &ui.stdout_palette,
                )
            })
            .map_err(output::stdout_error)?;
        }
    }

    Ok(conclude(
        verdict,
        exchange,
        expectations,
        &mismatches,
        context,
        ui,
        Shape::Whole,
    ))
}

/// Whether a successful body can go straight to its destination without being held: piped stdout or -o, and
/// nothing (--json, -r, --expect-body, pretty-printing) that needs it whole.
pub fn can_stream(args: &Output, ui: &Ui) -> bool {
    !args.json && !args.raw_string && !args.expectations.need_body() && (args.file.is_some() || !ui.stdout_terminal)
}

/// A successful answer whose body is copied to stdout or the -o file as it arrives (bounded memory).
/// `verdict` is the one made of its head when it arrived.
pub fn streamed(
    mut answer: OpenAnswer,
    verdict: &Verdict,
    context: &CallContext,
    args: &Output,
    ui: &Ui,
) -> Result<u8> {
    let expectations = &args.expectations;
    let head = answer.head();
    let mismatches = expectations.check(&observed(verdict, &head, None));
    if args.logs {
        print_logs(&head, error_shown(verdict, expectations, &mismatches), ui);
    }
    match &args.file {
        Some(file) => file.write_streaming(&mut answer)?,
        None => {
            ui.out_with(|stdout| answer.copy_body(stdout)).map_err(write_error)?;
        }
    }
    let mut done = head;
    done.timings = answer.timings();
    ui.trace(Verbosity::Timings, &output::timings_trace(&done));
    Ok(conclude(
        verdict,
        &done,
        expectations,
        &mismatches,
        context,
        ui,
        Shape::Whole,
    ))
}

/// The end of a streamed answer whose frames are already printed: `[DONE]` (`verdict.ok`), or an error frame after
/// `frames` frames (`exchange.body` holds the frame's data). The error line is a synchronous call's, prefixed with
/// how far the stream got when frames came before it; `--json` adds the failure's envelope after the frames.
pub fn stream_end(
    verdict: &Verdict,
    exchange: &Exchange,
    frames: usize,
    context: &CallContext,
    args: &Output,
    ui: &Ui,
) -> Result<u8> {
    let expectations = &args.expectations;
    let mismatches = expectations.check(&observed(verdict, exchange, None));
    if args.logs {
        print_logs(exchange, error_shown(verdict, expectations, &mismatches), ui);
    }
    if args.json && !verdict.ok {
        let envelope = Envelope::for_answer(verdict, exchange, context.attempts).with_trace(context.trace);
        ui.print(envelope.to_text(ui).as_bytes())?;
    }
    let prefix = (frames > 0).then(|| {
        format!(
            "the stream failed after {frames} frame{}: ",
            if frames == 1 { "" } else { "s" }
        )
    });
    Ok(conclude(
        verdict,
        exchange,
        expectations,
        &mismatches,
        context,
        ui,
        Shape::Stream {
            frames,
            failed_after: prefix.as_deref(),
        },
    ))
}

/// A write to stdout that failed, as opposed to the connection breaking (already a typed failure).
fn write_error(error: anyhow::Error) -> anyhow::Error {
    if error.downcast_ref::<exit::Failure>().is_some() {
        error
    } else {
        error.context("cannot write to stdout")
    }
}

/// What kind of answer `conclude` sums up.
#[derive(Clone, Copy)]
enum Shape<'a> {
    /// One body, whole or streamed to its destination.
    Whole,
    /// Server-sent events: how many frames were printed, and the error line's prefix when it failed after some.
    Stream {
        frames: usize,
        failed_after: Option<&'a str>,
    },
}

/// The summary or the error line, the expectations, and the exit code.
fn conclude(
    verdict: &Verdict,
    exchange: &Exchange,
    expectations: &Expectations,
    mismatches: &[Mismatch],
    context: &CallContext,
    ui: &Ui,
    shape: Shape,
) -> u8 {
    let (frames, prefix) = match shape {
        Shape::Whole => (None, None),
        Shape::Stream { frames, failed_after } => (Some(frames), failed_after),
    };
    if error_shown(verdict, expectations, mismatches).is_none() {
        ui.summary(&output::summary_line(verdict, exchange, frames, &ui.stderr_palette));
    } else {
        ui.error(
            &format!("{}{}", prefix.unwrap_or(""), output::failure_line(verdict)),
            hint(verdict, exchange, context).as_deref(),
        );
    }
    if expectations.any() {
        for mismatch in mismatches {
            ui.error(&format!("expectation failed: {}", mismatch.line()), None);
            for detail in &mismatch.detail {
                let line = format!("  {}\n", output::shown_line(detail));
                ui.err(crate::secrets::redact(&line).as_bytes());
            }
        }
        return if mismatches.is_empty() {
            exit::SUCCESS
        } else {
            exit::EXPECTATION_FAILED
        };
    }
    verdict.outcome().exit_code()
}

pub fn hint(verdict: &Verdict, exchange: &Exchange, context: &CallContext) -> Option<String> {
    let hint_context = HintContext {
        route: context.route,
        urn: context.urn,
        endpoint: context.endpoint,
        body_len: context.body_len,
        has_token: context.has_token,
        location: exchange.header("Location"),
    };
    reply::hint_for(verdict, &hint_context)
}

/// `--json` for a call that got no answer.
pub fn no_answer_envelope(
    error: &anyhow::Error,
    elapsed: std::time::Duration,
    attempts: u32,
    trace: Option<&CallTrace>,
    ui: &Ui,
) -> Result<()> {
    let class = exit::Class::of_error(error);
    ui.print(
        Envelope::for_failure(class, output::error_chain(error), elapsed, attempts)
            .with_trace(trace)
            .to_text(ui)
            .as_bytes(),
    )
}

/// The verdict whose error block `conclude` prints: a failure, unless expectations that all held made it a pass.
fn error_shown<'a>(verdict: &'a Verdict, expectations: &Expectations, mismatches: &[Mismatch]) -> Option<&'a Verdict> {
    let passed_by_expectation = expectations.any() && mismatches.is_empty();
    (!verdict.ok && !passed_by_expectation).then_some(verdict)
}

/// `--logs`: the log tail, less the lines that the error block below shows (see `reply::logs_beside_error`).
fn print_logs(exchange: &Exchange, error: Option<&Verdict>, ui: &Ui) {
    match reply::log_tail(exchange) {
        Some(Ok(bytes)) => match std::str::from_utf8(&bytes) {
            Ok(text) => {
                let shown = match error {
                    Some(verdict) => reply::logs_beside_error(text, verdict),
                    None => std::borrow::Cow::Borrowed(text),
                };
                let in_error = shown.len() != text.len();
                let shown = if in_error && shown.trim().is_empty() {
                    ""
                } else {
                    &shown
                };
                ui.logs(shown.as_bytes(), in_error);
            }
            Err(_) => ui.logs(&bytes, false),
        },
        Some(Err(why)) => ui.warn(&why),
        None => ui.warn("--logs: the answer carries no log tail (X-Log-Result is absent or empty)"),
    }
}

/// An answer as the expectations see it; its time is the exchange's (for `--async --wait`, sending to result).
fn observed<'a>(verdict: &'a Verdict, exchange: &'a Exchange, frames: Option<&'a [String]>) -> Observed<'a> {
    Observed {
        verdict,
        exchange,
        frames,
        elapsed: exchange.timings.total,
    }
}
