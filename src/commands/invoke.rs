//! `yr invoke`: build the request, send it (again only where that is safe), and report the answer: whole,
//! streamed, or as an asynchronous request id (optionally waited for).

use std::time::Instant;

use anyhow::Result;

use crate::answer::envelope::{self, Envelope};
use crate::answer::output::{self, Ui, Verbosity};
use crate::answer::present::{self, CallContext, Output};
use crate::answer::reply::{Judged, Route, Verdict};
use crate::call::async_call;
use crate::call::curl::TokenFrom;
use crate::call::retry::RetryPolicy;
use crate::call::send::{self, Reading, Received};
use crate::call::stream::{Frames, Next};
use crate::cli::InvokeArgs;
use crate::client::config::{Connection, Lookup, Source};
use crate::client::http::{self, WireRequest};
use crate::client::profiles::Needs;
use crate::client::request::{CallTrace, InvokeRequest};
use crate::exit::{self, Failure, usage};
use crate::interrupt;

pub fn run(args: &InvokeArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let request = InvokeRequest::build(&super::request_flags(&args.request, &lookup), &lookup)?;
    let connection = super::connect(&args.connection.flags(), &lookup, ui)?;
    let retry = &args.retry;
    let policy = RetryPolicy::new(
        retry.retry,
        retry.retry_delay.as_deref(),
        retry.retry_max_time.as_deref(),
        retry.retry_all_errors,
        connection.timeout.value,
    )?;
    let shown = super::output(&args.output)?;

    check_webhook(args, &request)?;
    let trace = request.trace.for_call();
    let wire = wire_request(args, &request, &connection, (!args.curl).then_some(&trace));

    for warning in &request.warnings {
        ui.warn(warning);
    }
    if args.curl {
        let token = token_from(&connection, args, &lookup);
        let line = crate::call::curl::command_line(connection.endpoint.url.as_str(), &wire, &request.body, token);
        ui.print(format!("{line}\n").as_bytes())?;
        return Ok(exit::SUCCESS);
    }
    interrupt::install();
    ui.trace(
        Verbosity::Headers,
        &output::request_trace(&connection.endpoint.url, &wire),
    );

    let urn = request.urn.to_string();
    let mut context = CallContext {
        route: Route::Invoke,
        state: None,
        urn: Some(&urn),
        endpoint: &connection.endpoint.url,
        body_len: Some(request.body.len() as usize),
        has_token: connection.token.is_some(),
        attempts: 1,
        request_id: None,
        trace: Some(&trace),
    };
    let client = http::Client::new(&connection)?;
    let reading = Reading {
        stream: args.stream,
        open: present::can_stream(&shown, ui) && !args.asynchronous,
    };
    let started = Instant::now();
    let (outcome, attempts) = send::send(&client, &wire, &policy, reading, ui);
    context.attempts = attempts;
    let sent = match outcome {
        Ok(sent) => sent,
        Err(mut error) => {
            // A result too large to show here streams through a pipe or into -o; not one that --expect-body must
            // hold, nor the 202 of --async.
            let streamable = !args.asynchronous && !shown.expectations.need_body();
            if let Some(Failure::TooLarge { result: true, hint, .. }) = error.downcast_mut::<Failure>() {
                if streamable {
                    *hint =
                        Some("a pipe or -o FILE takes a result of any size: they stream it without holding it".into());
                }
            }
            if shown.json {
                present::no_answer_envelope(&error, started.elapsed(), attempts, Some(&trace), ui)?;
            }
            return Err(error);
        }
    };
    let judged = match sent {
        Received::Stream(frames, verdict) => return print_stream(frames, verdict, &context, &shown, ui),
        Received::Open(answer, verdict) => {
            ui.trace(Verbosity::Headers, &output::response_trace(&answer.head()));
            return present::streamed(answer, &verdict, &context, &shown, ui);
        }
        Received::Whole(judged) => judged,
    };
    let exchange = &judged.exchange;
    ui.trace(Verbosity::Headers, &output::response_trace(exchange));
    ui.trace(Verbosity::Timings, &output::timings_trace(exchange));

    if !args.asynchronous || exchange.status != 202 {
        return present::answer(&judged.verdict, exchange, &context, &shown, ui);
    }
    follow_async(
        args,
        &judged,
        context,
        &shown,
        (&client, &connection),
        (started, attempts),
        ui,
    )
}

/// --webhook's URL is one a function can call back, and only one thing sets X-Webhook-Url.
fn check_webhook(args: &InvokeArgs, request: &InvokeRequest) -> Result<()> {
    if let Some(url) = &args.webhook {
        crate::values::check_webhook_url(url)
            .map_err(|why| usage(format!("--webhook {}: {why}", crate::values::printable(url))))?;
        if request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("X-Webhook-Url"))
        {
            return Err(usage("-H X-Webhook-Url and --webhook both set X-Webhook-Url: give one"));
        }
    }
    Ok(())
}

/// The request as sent: its own headers with the token, those --async, --webhook and --stream add, and the call's
/// trace headers (none in --curl's line).
fn wire_request<'a>(
    args: &InvokeArgs,
    request: &'a InvokeRequest,
    connection: &Connection,
    trace: Option<&CallTrace>,
) -> WireRequest<'a> {
    let mut extra = Vec::new();
    if args.asynchronous {
        extra.push(("X-Invoke-Type", "async"));
    }
    if let Some(url) = &args.webhook {
        extra.push(("X-Webhook-Url", url.as_str()));
    }
    if args.stream {
        extra.push(("Accept", "text/event-stream"));
    }
    let headers = request.wire_headers(connection.token(), &extra, trace);
    WireRequest {
        method: "POST",
        path: request.path(),
        headers,
        body: request.body.wire(),
    }
}

/// An asynchronous call the frontend accepted (202): its id, or with --wait its result polled and shown.
fn follow_async(
    args: &InvokeArgs,
    judged: &Judged,
    context: CallContext<'_>,
    shown: &Output,
    (client, connection): (&http::Client, &Connection),
    (started, attempts): (Instant, u32),
    ui: &Ui,
) -> Result<u8> {
    // Shortened to the id's life: the shown result names it.
    let mut context = context;
    let exchange = &judged.exchange;
    // When the answered attempt was sent: an async call's time runs from there to its result, as a synchronous one's.
    let sent_at = Instant::now().checked_sub(exchange.timings.total).unwrap_or(started);
    let id = async_call::request_id(exchange)?;
    if !args.wait {
        if shown.json {
            let mut envelope = Envelope::for_answer(&judged.verdict, exchange, attempts).with_trace(context.trace);
            envelope.request_id = Some(id);
            envelope.state = Some("accepted".into());
            ui.print(envelope.to_text(ui).as_bytes())?;
        } else {
            ui.print(ui.id_line(&id).as_bytes())?;
        }
        return Ok(exit::SUCCESS);
    }
    super::remember_for_interrupt(&id, true, context.trace, shown, ui);
    let poll_headers = connection.auth_headers();
    let waited = async_call::wait_showing(
        client,
        &id,
        &poll_headers,
        args.poll_interval.unwrap_or(async_call::DEFAULT_POLL_INTERVAL),
        connection.timeout.value,
        Some(sent_at),
        ui,
    );
    // Whatever went wrong, the call goes on: its id is the way back to it (in the --json document, or alone on
    // stdout).
    let mut finished = match waited {
        Ok(finished) => finished,
        Err(error) => {
            if !shown.json {
                ui.print(ui.id_line(&id).as_bytes())?;
            }
            return Err(super::unfinished_wait(error, (&id, context.trace), shown, sent_at, ui));
        }
    };
    if finished.state.is_none() {
        // The result route refused to say (its own answer, judged as any other).
        context.route = Route::AsyncResult;
        if !shown.json {
            ui.print(ui.id_line(&id).as_bytes())?;
        }
    }
    finished.exchange.timings.total = sent_at.elapsed();
    context.request_id = Some(&id);
    context.state = finished.state;
    present::answer(&finished.verdict, &finished.exchange, &context, shown, ui)
}

/// clap's error for `yr invoke hello name=x`, with a tip. HTTPie and xh take the body as request items
/// (`name=x` a string, `n:=1` raw JSON, `Name:value` a header); yr takes JSON with `-d` and headers with `-H`, and
/// the tip spells the same request that way, every item given in order. Any other error is left as it is.
pub fn with_habit_tip(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument {
        return error;
    }
    // clap names one unexpected argument at a time: take it out and parse again, until the rest is an invoke.
    let unexpected_in = |e: &clap::Error| match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => Some(arg.clone()),
        _ => None,
    };
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut extra = Vec::new();
    let mut next = unexpected_in(&error);
    while let Some(unexpected) = next.take() {
        let Some(at) = args.iter().rposition(|a| a.to_str() == Some(unexpected.as_str())) else {
            return error;
        };
        extra.push((at, args.remove(at)));
        if extra.len() > 64 {
            return error;
        }
        match <crate::cli::Cli as clap::Parser>::try_parse_from(&args) {
            Ok(cli) if matches!(cli.command, crate::cli::Command::Invoke(_)) => {}
            Err(again) if again.kind() == ErrorKind::UnknownArgument => match unexpected_in(&again) {
                Some(arg) => next = Some(arg),
                None => return error,
            },
            _ => return error,
        }
    }
    extra.sort_by_key(|(at, _)| *at);
    let items: Vec<String> = extra.iter().map(|(_, a)| a.to_string_lossy().into_owned()).collect();
    let tips = habit_tips(&items);
    if tips.is_empty() {
        return error;
    }
    let mut all = match error.get(ContextKind::Suggested) {
        Some(ContextValue::StyledStrs(old)) => old.clone(),
        _ => Vec::new(),
    };
    all.extend(tips.into_iter().map(clap::builder::StyledStr::from));
    error.insert(ContextKind::Suggested, ContextValue::StyledStrs(all));
    error
}

/// The tips for arguments left over after FUNCTION: a `-d` with the JSON object that `name=x` and `n:=1` items
/// make, and a `-H` for each `Name:value`. None when any of them is not such an item (then it is not the habit).
fn habit_tips(items: &[String]) -> Vec<String> {
    let mut fields = Vec::new();
    let mut headers = Vec::new();
    for item in items {
        let Some(split) = item.find([':', '=']) else {
            return Vec::new();
        };
        let (key, rest) = item.split_at(split);
        if key.is_empty() || key.starts_with('-') {
            return Vec::new();
        }
        if let Some(raw) = rest.strip_prefix(":=") {
            let value = serde_json::from_str::<serde::de::IgnoredAny>(raw)
                .map(|_| crate::answer::json_fmt::reformat(raw, false, &crate::answer::color::Palette::plain()))
                .unwrap_or_else(|_| serde_json::Value::from(raw).to_string());
            fields.push(format!("{}:{value}", serde_json::Value::from(key)));
        } else if let Some(value) = rest.strip_prefix('=').filter(|v| !v.starts_with('=')) {
            fields.push(format!(
                "{}:{}",
                serde_json::Value::from(key),
                serde_json::Value::from(value)
            ));
        } else if let Some(value) = rest.strip_prefix(':') {
            if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Vec::new();
            }
            headers.push(format!(
                "-H {}",
                crate::wording::shell_quote(&format!("{key}: {}", value.trim()))
            ));
        } else {
            return Vec::new();
        }
    }
    let mut tips = Vec::new();
    if !fields.is_empty() {
        let body = format!("{{{}}}", fields.join(","));
        tips.push(format!(
            "yr takes a JSON body with -d, not name=value items: -d {}",
            crate::wording::shell_quote(&body)
        ));
    }
    if !headers.is_empty() {
        tips.push(format!("headers go with -H: {}", headers.join(" ")));
    }
    tips
}

/// Where the token was read, for `--curl` to read it from the same place (never the token itself).
fn token_from<'a>(connection: &Connection, args: &'a InvokeArgs, lookup: &'a Lookup) -> Option<TokenFrom<'a>> {
    match &connection.token.as_ref()?.source {
        Source::Env(name) => Some(TokenFrom::Env(name)),
        Source::Flag(_) => args.connection.token_file.as_deref().map(TokenFrom::File),
        Source::Profile { .. } => lookup
            .profile
            .as_ref()?
            .values
            .token_file
            .as_deref()
            .map(TokenFrom::File),
        _ => None,
    }
}

/// Prints each frame's data as it arrives; `[DONE]` ends the call. An error frame (`event: error`, or the
/// frontend's error object with a failure code) fails it as a synchronous error would, after the frames that came
/// before it; a stream that breaks before `[DONE]` is exit 3 after what arrived.
fn print_stream(mut frames: Frames, verdict: Verdict, context: &CallContext, shown: &Output, ui: &Ui) -> Result<u8> {
    loop {
        match frames.next()? {
            Next::Data(data) => {
                let out = if shown.json {
                    envelope::frame_text(&serde_json::json!({ "data": json_or_string(&data) }), ui)
                } else {
                    data + "\n"
                };
                ui.print(out.as_bytes())?;
            }
            Next::Done => return present::stream_end(&verdict, &frames.head(), frames.count(), context, shown, ui),
            Next::Failed(verdict, exchange) => {
                return present::stream_end(&verdict, &exchange, frames.count(), context, shown, ui);
            }
        }
    }
}

/// Frame data as a JSON value: parsed when it is JSON, else a string.
fn json_or_string(data: &str) -> serde_json::Value {
    serde_json::from_str(data).unwrap_or_else(|_| serde_json::Value::String(data.to_string()))
}

#[cfg(test)]
mod tests {
    use super::habit_tips;

    fn tips(items: &[&str]) -> Vec<String> {
        habit_tips(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn request_items_become_a_body_and_headers() {
        assert_eq!(
            tips(&["name=x"]),
            vec![r#"yr takes a JSON body with -d, not name=value items: -d '{"name":"x"}'"#]
        );
        assert_eq!(
            tips(&["name=it's", "n:=1", "tags:=[1, 2]", "raw:=nope", "X-Env:dev"]),
            vec![
                r#"yr takes a JSON body with -d, not name=value items: -d '{"name":"it'\''s","n":1,"tags":[1,2],"raw":"nope"}'"#.to_string(),
                "headers go with -H: -H 'X-Env: dev'".to_string(),
            ]
        );
        for other in [
            &["extra"][..],
            &["name==x"],
            &["=x"],
            &["--flag=x"],
            &["a@b:c"],
            &["name=x", "stray"],
        ] {
            assert_eq!(tips(other), Vec::<String>::new(), "{other:?}");
        }
    }
}
