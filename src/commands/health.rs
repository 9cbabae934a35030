//! `yr health`: is the frontend up? The CI step that waits for a cluster or a `yr serve` started in the background.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::reply;
use crate::cli::HealthArgs;
use crate::client::body::WireBody;
use crate::client::http::{self, WireRequest};
use crate::client::profiles::Needs;
use crate::exit::{self, Failure};
use crate::interrupt;
use crate::wording::human_duration;

pub fn run(args: &HealthArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::CONNECTION, ui)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let client = http::Client::new(&connection)?;
    let limit = args.wait;
    interrupt::install();
    let started = Instant::now();
    let mut pause = Duration::from_millis(50);
    let mut checks = 0u32;
    loop {
        checks += 1;
        let limit = match (check(&client), limit) {
            (Ok(took), _) => {
                let waited = (checks > 1).then(|| started.elapsed());
                ui.summary(&output::health_line(
                    connection.endpoint.url.as_str(),
                    took,
                    waited,
                    &ui.stderr_palette,
                ));
                return Ok(exit::SUCCESS);
            }
            (Err(error), None) => return Err(error),
            (Err(error), Some(limit)) => {
                ui.trace(Verbosity::Headers, &format!("* not up yet: {error}\n"));
                limit
            }
        };
        if started.elapsed() + pause > limit {
            let message = format!(
                "{} was not up within {} (--wait)",
                connection.endpoint.url,
                human_duration(limit)
            );
            return Err(Failure::TimedOut { message, sent: false }.into());
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_secs(1));
    }
}

/// One GET /healthz: how long it took to answer 200; an error for any other answer (exit 5) or none (exit 3).
fn check(client: &http::Client) -> Result<Duration> {
    let connection = client.connection();
    let request = WireRequest {
        method: "GET",
        path: "/healthz".into(),
        headers: Vec::new(),
        body: WireBody::EMPTY,
    };
    let exchange = client.exchange(&request)?;
    if exchange.status == 200 {
        return Ok(exchange.timings.total);
    }
    let message = reply::ErrorBody::parse(&exchange.body, exchange.header("Content-Type")).message;
    Err(Failure::BadAnswer(format!(
        "{}/healthz answered HTTP {}: {message}",
        connection.endpoint.url, exchange.status
    ))
    .into())
}
