//! `yr result REQUEST_ID`: where an asynchronous call stands, or (with --wait) its answer once done.

use std::time::Instant;

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::present::{self, CallContext};
use crate::call::async_call::{self, Progress};
use crate::cli::ResultArgs;
use crate::client::profiles::Needs;
use crate::exit::{self, usage};
use crate::interrupt;

pub fn run(args: &ResultArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::CONNECTION, ui)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let client = crate::client::http::Client::new(&connection)?;
    let id = args.request_id.trim();
    if id.is_empty() || id.chars().any(char::is_control) {
        return Err(usage("REQUEST_ID is empty or has control characters"));
    }
    let interval = args.poll_interval.unwrap_or(async_call::DEFAULT_POLL_INTERVAL);
    let output = super::output(&args.output)?;
    interrupt::install();
    let headers = connection.auth_headers();
    let started = Instant::now();
    let mut finished = if args.wait {
        async_call::wait_showing(&client, id, &headers, interval, connection.timeout, Some(started), ui)?
    } else {
        match async_call::poll(&client, id, &headers)? {
            Progress::Done(finished) => *finished,
            Progress::Running(status) => {
                ui.note(&format!(
                    "request {id} is {status}; `yr result {id} --wait` waits for it"
                ));
                return Ok(exit::SUCCESS);
            }
        }
    };
    // yr result never saw the call sent: its time is the record's, else how long this command took.
    finished.exchange.timings.total = finished.ran.unwrap_or_else(|| started.elapsed());
    let context = CallContext {
        urn: None,
        endpoint: &connection.endpoint.url,
        body_len: None,
        has_token: connection.token.is_some(),
        attempts: 1,
        request_id: Some(id),
    };
    present::answer(&finished.verdict, &finished.exchange, &context, &output, ui)
}
