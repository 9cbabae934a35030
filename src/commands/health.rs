//! `yr health`: is the frontend up? The CI step that waits for a cluster or a `yr serve` started in the background.
//! Each look at /healthz goes the one way every call goes (call::send), and an answer other than 200 is judged and
//! reported as any other answer: the same class, exit code, hint and `--json` document.

use std::time::Instant;

use anyhow::Result;

use crate::answer::envelope::Envelope;
use crate::answer::output::{self, Ui};
use crate::answer::present::{self, CallContext, Output};
use crate::answer::reply::{Judged, Route};
use crate::call::health;
use crate::cli::HealthArgs;
use crate::client::http::{self};
use crate::client::profiles::Needs;
use crate::exit::{self};
use crate::interrupt;

pub fn run(args: &HealthArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::CONNECTION, args.connection.timeout.as_deref(), ui)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let client = http::Client::new(&connection)?;
    let shown = Output {
        json: args.json,
        ..Output::default()
    };
    interrupt::install();
    let started = Instant::now();
    let (last, looks) = health::look(&client, args.wait, ui);
    let last = match last {
        Ok(judged) if judged.verdict.ok => {
            return up(&judged, connection.endpoint.url.as_str(), looks, started, &shown, ui);
        }
        last => last,
    };
    match last {
        Ok(judged) => {
            let context = CallContext {
                route: Route::Health,
                urn: None,
                endpoint: &connection.endpoint.url,
                body_len: Some(0),
                has_token: connection.token.is_some(),
                attempts: looks,
                request_id: None,
                state: None,
                trace: None,
            };
            present::answer(&judged.verdict, &judged.exchange, &context, &shown, ui)
        }
        Err(error) => {
            if shown.json {
                present::no_answer_envelope(&error, started.elapsed(), looks, None, ui)?;
            }
            Err(error)
        }
    }
}

/// The frontend answered 200: a line on a terminal (how long the look took, and the wait when there was one), or
/// the answer's `--json` document.
fn up(judged: &Judged, endpoint: &str, looks: u32, started: Instant, shown: &Output, ui: &Ui) -> Result<u8> {
    if shown.json {
        let envelope = Envelope::for_answer(&judged.verdict, &judged.exchange, looks);
        ui.print(envelope.to_text(ui).as_bytes())?;
        return Ok(exit::SUCCESS);
    }
    let waited = (looks > 1).then(|| started.elapsed());
    ui.summary(&output::health_line(
        endpoint,
        judged.exchange.timings.total,
        waited,
        &ui.stderr_palette,
    ));
    Ok(exit::SUCCESS)
}
