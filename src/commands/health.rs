//! `yr health`: is the frontend up? The CI step that waits for a cluster or a `yr serve` started in the background.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::body::WireBody;
use crate::cli::HealthArgs;
use crate::exit::{self, Failure, usage};
use crate::http::{self, WireRequest};
use crate::interrupt;
use crate::output::{Ui, Verbosity};
use crate::reply;
use crate::settings::Connection;
use crate::values::parse_duration;
use crate::wording::human_duration;

pub fn run(args: &HealthArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, ui)?;
    let connection = super::connect(&args.connection, &lookup, ui)?;
    let limit = args
        .wait
        .as_deref()
        .map(|t| parse_duration(t).map_err(|why| usage(format!("--wait {why}"))))
        .transpose()?;
    interrupt::install();
    let started = Instant::now();
    let mut pause = Duration::from_millis(50);
    loop {
        let outcome = check(&connection);
        let Some(limit) = limit else {
            return outcome;
        };
        match outcome {
            Ok(exit::SUCCESS) => return Ok(exit::SUCCESS),
            Ok(_) => {}
            Err(error) => ui.trace(Verbosity::Headers, &format!("* not up yet: {error}\n")),
        }
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

/// One GET /healthz: exit 0 on 200, 5 on any other answer (printed), an error when unreachable.
fn check(connection: &Connection) -> Result<u8> {
    let request = WireRequest {
        method: "GET",
        path: "/healthz".into(),
        headers: Vec::new(),
        body: WireBody::EMPTY,
    };
    let exchange = http::exchange(connection, &request)?;
    if exchange.status == 200 {
        return Ok(exit::SUCCESS);
    }
    let message = reply::ErrorBody::parse(&exchange.body, exchange.header("Content-Type")).message;
    Err(Failure::BadAnswer(format!(
        "{}/healthz answered HTTP {}: {message}",
        connection.endpoint.url, exchange.status
    ))
    .into())
}
