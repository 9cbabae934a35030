//! `yr health`: is the frontend up? The CI step that waits for a cluster or a `yr serve` started in the background.
//! Each look at /healthz goes the one way every call goes (call::send), and an answer other than 200 is judged and
//! reported as any other answer: the same class, exit code, hint and `--json` document.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::answer::envelope::Envelope;
use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::present::{self, CallContext, Output};
use crate::answer::reply::{Judged, Route};
use crate::call::send;
use crate::call::wait::Wait;
use crate::cli::HealthArgs;
use crate::client::body::WireBody;
use crate::client::http::{self, WireRequest};
use crate::client::profiles::Needs;
use crate::exit::{self, Failure};
use crate::interrupt;
use crate::wording::human_duration;

/// The pause between two looks of --wait: the first, and the most it doubles to.
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

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
    let wait = Wait::new(args.wait);
    let mut pause = FIRST_PAUSE;
    let mut looks = 0u32;
    let last = loop {
        looks += 1;
        let look = check(&client, wait.bound(connection.timeout));
        match (look, args.wait) {
            (Ok(judged), _) if judged.verdict.ok => {
                return up(&judged, connection.endpoint.url.as_str(), looks, started, &shown, ui);
            }
            (look, None) => break look,
            (look, Some(_)) => {
                let why = match &look {
                    Ok(judged) => output::failure_line(&judged.verdict),
                    Err(error) => output::error_chain(error),
                };
                ui.trace(Verbosity::Headers, &format!("* not up yet: {why}\n"));
            }
        }
        if !wait.pause(pause) {
            let message = format!(
                "{} was not up within {} (--wait)",
                connection.endpoint.url,
                human_duration(wait.limit().unwrap_or_default())
            );
            break Err(Failure::TimedOut { message, sent: false }.into());
        }
        pause = (pause * 2).min(LONGEST_PAUSE);
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
            };
            present::answer(&judged.verdict, &judged.exchange, &context, &shown, ui)
        }
        Err(error) => {
            if shown.json {
                present::no_answer_envelope(&error, started.elapsed(), looks, ui)?;
            }
            Err(error)
        }
    }
}

/// One GET /healthz, bounded by `limit`.
fn check(client: &http::Client, limit: Option<Duration>) -> Result<Judged> {
    let request = WireRequest {
        method: "GET",
        path: "/healthz".into(),
        headers: Vec::new(),
        body: WireBody::EMPTY,
    };
    send::once(client, &request, limit)
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
