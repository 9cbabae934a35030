//! Is the frontend up? One look at /healthz, or looks until it answers 200 within a wait (50ms between looks,
//! doubling to 1s): `yr health [--wait]` and a suite's `health` step.

use std::time::Duration;

use anyhow::Result;

use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::reply::Judged;
use crate::call::send;
use crate::call::wait::Wait;
use crate::client::body::WireBody;
use crate::client::http::{Client, WireRequest};
use crate::exit::Failure;
use crate::wording::human_duration;

/// The pause between two looks of --wait: the first, and the most it doubles to.
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

/// Looks once (`wait` None), or until an answer is 200 or `wait` has passed (a time-out naming the endpoint), the
/// last look at its end and each bounded by --timeout and what is left. Returns the last look and how many were made.
pub fn look(client: &Client, wait: Option<Duration>, ui: &Ui) -> (Result<Judged>, u32) {
    let timeout = client.connection().timeout.value;
    let waiting = Wait::new(wait);
    let mut pause = FIRST_PAUSE;
    let mut looks = 0u32;
    loop {
        looks += 1;
        let seen = once(client, waiting.bound(timeout));
        match (seen, wait) {
            (Ok(judged), _) if judged.verdict.ok => return (Ok(judged), looks),
            (seen, None) => return (seen, looks),
            (seen, Some(_)) => {
                let why = match &seen {
                    Ok(judged) => output::failure_line(&judged.verdict),
                    Err(error) => output::error_chain(error),
                };
                ui.trace(Verbosity::Headers, &format!("* not up yet: {why}\n"));
            }
        }
        if !waiting.pause(pause) {
            let message = format!(
                "{} was not up within {} (--wait)",
                client.connection().endpoint.url,
                human_duration(waiting.limit().unwrap_or_default())
            );
            return (Err(Failure::TimedOut { message, sent: false }.into()), looks);
        }
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// One GET /healthz, bounded by `limit`.
fn once(client: &Client, limit: Option<Duration>) -> Result<Judged> {
    let request = WireRequest {
        method: "GET",
        path: "/healthz".into(),
        headers: Vec::new(),
        body: WireBody::EMPTY,
    };
    send::once(client, &request, limit)
}
