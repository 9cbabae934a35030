//! `yr session delete FUNCTION SESSION_ID`: end an instance session.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::answer::present::{self, CallContext};
use crate::answer::reply::Route;
use crate::call::session;
use crate::cli::{SessionCommand, SessionDeleteArgs};
use crate::client::config::name_defaults;
use crate::client::profiles::Needs;
use crate::exit::usage;
use crate::interrupt;
use crate::urn::FunctionUrn;

pub fn run(command: &SessionCommand, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    match command {
        SessionCommand::Delete(args) => delete(args, ui, profile),
    }
}

fn delete(args: &SessionDeleteArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let urn = FunctionUrn::parse(
        &args.function.function,
        &name_defaults(&args.function.names.flags(), &lookup),
    )
    .map_err(usage)?;
    session::check_id(&args.session_id).map_err(usage)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let shown = present::Output {
        json: args.json,
        ..present::Output::default()
    };
    interrupt::install();
    let started = std::time::Instant::now();
    let judged = match session::delete(&connection, &urn, &args.session_id) {
        Ok(judged) => judged,
        Err(error) => {
            if shown.json {
                present::no_answer_envelope(&error, started.elapsed(), 1, None, ui)?;
            }
            return Err(error);
        }
    };
    let urn_text = urn.to_string();
    let context = CallContext {
        route: Route::Session,
        state: None,
        urn: Some(&urn_text),
        endpoint: &connection.endpoint.url,
        body_len: Some(0),
        has_token: connection.token.is_some(),
        attempts: 1,
        request_id: None,
        trace: None,
    };
    present::answer(&judged.verdict, &judged.exchange, &context, &shown, ui)
}
