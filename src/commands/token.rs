//! `yr token`: a developer token for a tenant, asked of the frontend with the operator's token (call::token), for
//! CI. The new token is registered with the one redaction as soon as it arrives, so no message, -v trace or
//! `--json` document can show it; it reaches stdout only with --print (written past the redaction, on purpose) and a
//! file only with --save.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;

use crate::answer::envelope::Envelope;
use crate::answer::file::{check_file_to_write, save_secret};
use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::present::{self, CallContext, Output};
use crate::answer::reply::{Judged, Route};
use crate::call::token::{self, Ttl};
use crate::cli::{NameArgs, TokenArgs};
use crate::client::config::name_defaults;
use crate::client::http::Client;
use crate::client::profiles::Needs;
use crate::exit::{self, Failure, usage};
use crate::interrupt;

/// What upstream's abandon route answers (`AbandonTokenProxyHandler` in pkg/frontend/api/auth/token_proxy_handler.go).
const ABANDON_UNSUPPORTED: &str = "developer token abandon is not supported; token expiration depends on TTL";

pub fn run(args: &TokenArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    if args.abandon {
        ui.error(
            ABANDON_UNSUPPORTED,
            Some("a developer token lasts until its --ttl: ask for short-lived tokens"),
        );
        return Ok(exit::REJECTED);
    }
    if args.save.is_none() && !args.print {
        return Err(usage(
            "say where the new token goes: --save FILE (for --token-file) and/or --print (stdout)",
        ));
    }
    let names = NameArgs {
        tenant: args.tenant.clone(),
        service: None,
    };
    let tenant = name_defaults(&names.flags(), &lookup).tenant;
    token::check_tenant(&tenant).map_err(usage)?;
    let ttl = parse_ttl(args.ttl.as_deref()).map_err(|why| usage(format!("--ttl {why}")))?;
    // Checked before the token is asked for: a token is not issued to be lost.
    if let Some(path) = &args.save {
        check_file_to_write("--save", path)?;
    }
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    if connection.token.is_none() {
        return Err(usage(
            "yr token needs the operator's token (system tenant 0, role developer): set YR_JWT_TOKEN or pass --token-file",
        ));
    }
    let client = Client::new(&connection)?;
    let wire = token::require_request(connection.auth_headers(), &tenant, ttl);
    interrupt::install();
    ui.trace(
        Verbosity::Headers,
        &output::request_trace(&connection.endpoint.url, &wire),
    );
    let started = Instant::now();
    let judged = match token::require(&client, &wire, connection.timeout.value) {
        Ok(judged) => judged,
        Err(error) => {
            if args.json {
                present::no_answer_envelope(&error, started.elapsed(), 1, None, ui)?;
            }
            return Err(error);
        }
    };
    // Before anything shows the answer: its X-Auth is the new token.
    let issued = judged.exchange.header("X-Auth").map(|t| t.trim().to_string());
    if let Some(issued) = &issued {
        crate::secrets::register(issued);
    }
    ui.trace(Verbosity::Headers, &output::response_trace(&judged.exchange));
    if !judged.verdict.ok {
        let context = CallContext {
            route: Route::Token,
            urn: None,
            endpoint: &connection.endpoint.url,
            body_len: Some(0),
            has_token: true,
            attempts: 1,
            request_id: None,
            state: None,
            trace: None,
        };
        let shown = Output {
            json: args.json,
            ..Output::default()
        };
        return present::answer(&judged.verdict, &judged.exchange, &context, &shown, ui);
    }
    let Some(issued) = issued.filter(|t| !t.is_empty() && !t.chars().any(char::is_control)) else {
        return Err(Failure::BadAnswer(
            "the frontend answered 200 without a token in X-Auth: is the endpoint an openYuanrong frontend?".into(),
        )
        .into());
    };
    deliver(&issued, &judged, &tenant, args, ui)
}

/// The token where it was asked to go, then a note of what was done (the token not in it).
fn deliver(issued: &str, judged: &Judged, tenant: &str, args: &TokenArgs, ui: &Ui) -> Result<u8> {
    if let Some(path) = &args.save {
        save_secret("--save", path, issued)?;
    }
    if args.print {
        // Past the redaction: printing it is what was asked for.
        ui.print(format!("{issued}\n").as_bytes())?;
    }
    if args.json {
        let envelope = Envelope::for_answer(&judged.verdict, &judged.exchange, 1);
        ui.print(envelope.to_text(ui).as_bytes())?;
    }
    let expiry = expiry_words(judged.exchange.header("X-Expired-Time-Span"));
    let place = match &args.save {
        Some(path) => format!("saved to {}", path.display()),
        None => "printed".to_string(),
    };
    ui.note(&format!("developer token for tenant {tenant} {place}{expiry}"));
    Ok(exit::SUCCESS)
}

/// `, expires in 1h0m0s` from the answer's X-Expired-Time-Span (Unix seconds), when it gives one.
fn expiry_words(span: Option<&str>) -> String {
    let Some(at) = span.and_then(|s| s.trim().parse::<i64>().ok()) else {
        return String::new();
    };
    if at <= 0 {
        return ", never expires".into();
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let left = u64::try_from(at - now).unwrap_or(0);
    format!(
        ", expires in {}",
        crate::wording::human_duration(std::time::Duration::from_secs(left))
    )
}

/// --ttl: a DURATION in whole seconds (at least 1), or `never`.
fn parse_ttl(text: Option<&str>) -> Result<Ttl, String> {
    let Some(text) = text else {
        return Ok(Ttl::Default);
    };
    if text.trim().eq_ignore_ascii_case("never") {
        return Ok(Ttl::Never);
    }
    let duration = crate::values::parse_duration(text)?;
    if duration.subsec_nanos() != 0 || duration.as_secs() == 0 {
        return Err(format!(
            "`{}` must be a whole number of seconds, at least 1s, or `never`",
            crate::values::printable(text)
        ));
    }
    Ok(Ttl::Seconds(duration.as_secs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls() {
        assert_eq!(parse_ttl(None), Ok(Ttl::Default));
        assert_eq!(parse_ttl(Some("never")), Ok(Ttl::Never));
        assert_eq!(parse_ttl(Some("2h")), Ok(Ttl::Seconds(7200)));
        assert_eq!(parse_ttl(Some("90")), Ok(Ttl::Seconds(90)));
        assert!(parse_ttl(Some("0")).is_err());
        assert!(parse_ttl(Some("1500ms")).is_err());
        assert!(parse_ttl(Some("soon")).is_err());
    }
}
