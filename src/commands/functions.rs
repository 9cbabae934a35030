//! `yr functions [NAME]`: what can I call? The tenant's functions from the frontend's function API, or one function's
//! versions, sent the one way every call goes (call::send) and judged as any answer: a failure has the class, exit
//! code, hint and `--json` document of `yr invoke`'s.

use std::time::Instant;

use anyhow::Result;

use crate::answer::functions::{self, Listed};
use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::present::{self, CallContext, Output};
use crate::answer::reply::{Judged, Route};
use crate::call::functions::{Asked, Page};
use crate::cli::FunctionsArgs;
use crate::client::config::name_defaults;
use crate::client::http::Client;
use crate::client::profiles::Needs;
use crate::exit::{self, Failure, usage};
use crate::interrupt;
use crate::urn::FunctionUrn;

pub fn run(args: &FunctionsArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let defaults = name_defaults(&args.names.flags(), &lookup);
    let urn = args
        .name
        .as_deref()
        .map(|name| FunctionUrn::parse(name, &defaults).map_err(|why| usage(why.replacen("FUNCTION", "NAME", 1))))
        .transpose()?;
    let page = Page {
        index: args.page,
        size: args.page_size,
    };
    let asked = match (&urn, args.name.as_deref()) {
        (Some(urn), Some(name)) if names_version(name) => {
            if args.page.is_some() || args.page_size.is_some() {
                return Err(usage(
                    "--page and --page-size list versions: give NAME without a version",
                ));
            }
            Asked::One { urn }
        }
        (Some(urn), _) => Asked::Versions { urn, page },
        _ => Asked::All {
            tenant: &defaults.tenant,
            page,
        },
    };
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let client = Client::new(&connection)?;
    let wire = crate::call::functions::request(&asked, connection.auth_headers());
    let shown = Output {
        json: args.json,
        ..Output::default()
    };
    interrupt::install();
    ui.trace(
        Verbosity::Headers,
        &output::request_trace(&connection.endpoint.url, &wire),
    );
    let started = Instant::now();
    let judged = match crate::call::functions::fetch(&client, &wire, connection.timeout.value) {
        Ok(judged) => judged,
        Err(error) => {
            if shown.json {
                present::no_answer_envelope(&error, started.elapsed(), 1, None, ui)?;
            }
            return Err(error);
        }
    };
    ui.trace(Verbosity::Headers, &output::response_trace(&judged.exchange));
    if !judged.verdict.ok {
        let urn_text = urn.as_ref().map(ToString::to_string);
        let context = CallContext {
            route: Route::Functions,
            urn: urn_text.as_deref(),
            endpoint: &connection.endpoint.url,
            body_len: Some(0),
            has_token: connection.token.is_some(),
            attempts: 1,
            request_id: None,
            state: None,
            trace: None,
        };
        return present::answer(&judged.verdict, &judged.exchange, &context, &shown, ui);
    }
    show(&judged, &asked, args, ui)
}

/// Whether NAME asks for one version: a short name with `:VERSION`, or a full URN (which always has one).
fn names_version(name: &str) -> bool {
    name.contains(':')
}

/// A successful answer: the meta service's JSON as it came (--json), a table on a terminal, plain lines in a pipe.
fn show(judged: &Judged, asked: &Asked, args: &FunctionsArgs, ui: &Ui) -> Result<u8> {
    let body: serde_json::Value = serde_json::from_slice(&judged.exchange.body).map_err(|e| {
        Failure::BadAnswer(format!(
            "the function API answered 200 with a body that is not JSON ({e}): is the endpoint an openYuanrong frontend?"
        ))
    })?;
    let Some(Listed { versions, total }) = functions::listed(&body) else {
        return Err(Failure::BadAnswer(
            "the function API answered 200 without `result.functions`, `functions` or `function`".into(),
        )
        .into());
    };
    if let Asked::Versions { urn, .. } = asked {
        // The meta service answers an unknown function's versions with an empty list (GetFunctionVersionList treats
        // a missing key as no versions): for a person that is "not found".
        if versions.is_empty() && total.unwrap_or(0) == 0 {
            ui.error(
                &format!(
                    "function {} has no versions in tenant {}: it is not deployed",
                    urn.name(),
                    urn.tenant()
                ),
                Some("`yr functions` lists the tenant's functions"),
            );
            return Ok(exit::REJECTED);
        }
    }
    if args.json {
        ui.print_own(&crate::answer::envelope::json_text(&body.to_string(), ui))?;
        return Ok(exit::SUCCESS);
    }
    if ui.stdout_terminal {
        let per_version = !matches!(asked, Asked::All { .. });
        if versions.is_empty() {
            ui.note("no functions in this tenant");
        } else {
            ui.print_own(&functions::table(&versions, per_version))?;
        }
    } else {
        ui.print_own(&functions::plain_lines(&versions))?;
    }
    let index = u64::from(args.page.unwrap_or(1));
    let size = args.page_size.map_or(versions.len() as u64, u64::from);
    let through = (index - 1) * size + versions.len() as u64;
    if let Some(total) = total.filter(|t| *t > through && !versions.is_empty()) {
        ui.note(&format!(
            "entries {} to {through} of {total} shown: --page {} shows the next page",
            through - versions.len() as u64 + 1,
            index + 1
        ));
    }
    Ok(exit::SUCCESS)
}
