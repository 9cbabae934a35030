//! `yr result REQUEST_ID`: where an asynchronous call stands, or (with --wait) its answer once done.

use std::time::Instant;

use anyhow::Result;

use crate::answer::envelope::Envelope;
use crate::answer::output::Ui;
use crate::answer::present::{self, CallContext};
use crate::answer::reply::Route;
use crate::call::async_call::{self, Progress};
use crate::cli::ResultArgs;
use crate::client::profiles::Needs;
use crate::exit::{self, Class, usage};

pub fn run(args: &ResultArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::CONNECTION, args.connection.timeout.as_deref(), ui)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let client = crate::client::http::Client::new(&connection)?;
    let id = args.request_id.trim();
    if id.is_empty() || id.chars().any(char::is_control) {
        return Err(usage("REQUEST_ID is empty or has control characters"));
    }
    let interval = args.poll_interval.unwrap_or(async_call::DEFAULT_POLL_INTERVAL);
    let output = super::output(&args.output)?;
    let headers = connection.auth_headers();
    let started = Instant::now();
    let finished = if args.wait {
        super::remember_for_interrupt(id, false, None, &output, ui);
        let waited = async_call::wait_showing(
            &client,
            id,
            &headers,
            interval,
            connection.timeout.value,
            Some(started),
            ui,
        );
        match waited {
            Ok(finished) => finished,
            Err(error) => return Err(super::unfinished_wait(error, (id, None), &output, started, ui)),
        }
    } else {
        crate::interrupt::install();
        match async_call::poll(&client, id, &headers, connection.timeout.value) {
            Ok(Progress::Done(finished)) => *finished,
            Ok(Progress::Running(status)) => {
                let message = format!("request {id} is {status}; `yr result {id} --wait` waits for it");
                if output.json {
                    let envelope = Envelope::unfinished(Class::Pending, id, &status, message, Some(started.elapsed()));
                    ui.print(envelope.to_text(ui).as_bytes())?;
                } else {
                    ui.note(&message);
                }
                return Ok(exit::SUCCESS);
            }
            Err(error) => {
                if output.json {
                    present::no_answer_envelope(&error, started.elapsed(), 1, None, ui)?;
                }
                return Err(error);
            }
        }
    };
    let mut finished = finished;
    // yr result never saw the call sent: its time is the record's, else how long this command took.
    finished.exchange.timings.total = finished.ran.unwrap_or_else(|| started.elapsed());
    let context = CallContext {
        route: if finished.state.is_some() {
            Route::Invoke
        } else {
            Route::AsyncResult
        },
        urn: None,
        endpoint: &connection.endpoint.url,
        body_len: None,
        has_token: connection.token.is_some(),
        attempts: 1,
        request_id: Some(id),
        state: finished.state,
        trace: None,
    };
    present::answer(&finished.verdict, &finished.exchange, &context, &output, ui)
}
