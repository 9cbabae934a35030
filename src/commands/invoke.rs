//! `yr invoke`: build the request, send it once, print the result, and decide the exit code.

use std::io::Write;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::InvokeArgs;
use crate::exit::{self, Failure, usage};
use crate::http::{self, Exchange, WireRequest};
use crate::output::{self, Envelope, Ui, Verbosity};
use crate::reply::{self, HintContext, Verdict};
use crate::request::InvokeRequest;
use crate::settings::{Connection, process_env};

pub fn run(args: &InvokeArgs, ui: &Ui) -> Result<u8> {
    let request = InvokeRequest::build(&args.request, &process_env)?;
    let connection = Connection::resolve(&args.connection, &process_env)?;
    let expectations = Expectations::parse(args)?;
    if let Some(path) = &args.output {
        output::check_output_folder(path)?;
    }

    let mut headers = vec![("Content-Type".to_string(), request.content_type.clone())];
    if let Some(token) = &connection.token {
        headers.push(("X-Auth".to_string(), token.expose().to_string()));
    }
    headers.extend(request.headers.iter().cloned());
    let headers = http::wire_order(headers);
    let wire = WireRequest {
        method: "POST",
        path: request.path(),
        headers,
        body: &request.body.bytes,
    };

    for warning in &request.warnings {
        ui.warn(warning);
    }
    if args.curl {
        let line = crate::curl::command_line(&connection.endpoint.url, &wire, &request.body);
        writeln!(std::io::stdout().lock(), "{line}").context("cannot write to stdout")?;
        return Ok(exit::SUCCESS);
    }
    ui.trace(
        Verbosity::Headers,
        &output::request_trace(&connection.endpoint.url, &wire),
    );

    let started = Instant::now();
    let exchange = match http::exchange(&connection, &wire) {
        Ok(exchange) => exchange,
        Err(error) => {
            if args.json {
                let class = match error.downcast_ref::<Failure>() {
                    Some(Failure::TimedOut(_)) => "timeout",
                    Some(Failure::Unreachable(_)) => "unreachable",
                    _ => "error",
                };
                let envelope =
                    Envelope::for_failure(class, output::error_chain(&error), started.elapsed(), 1);
                write_stdout(envelope.to_line().as_bytes())?;
            }
            return Err(error);
        }
    };
    ui.trace(Verbosity::Headers, &output::response_trace(&exchange));
    ui.trace(Verbosity::Timings, &output::timings_trace(&exchange));

    let verdict = reply::judge(&exchange);
    if args.logs {
        print_logs(&exchange, ui);
    }
    let mismatches = expectations.check(&verdict, &exchange);

    if args.json {
        write_stdout(
            Envelope::for_answer(&verdict, &exchange, 1)
                .to_line()
                .as_bytes(),
        )?;
    }
    if verdict.ok {
        if let Some(path) = &args.output {
            output::write_file_atomically(path, &exchange.body)?;
        } else if !args.json {
            let mut stdout = std::io::stdout().lock();
            output::write_result(
                &mut stdout,
                &exchange.body,
                ui.stdout_terminal,
                args.raw_string,
                &ui.stdout_palette,
            )
            .and_then(|()| stdout.flush())
            .map_err(stdout_error)?;
        }
    }

    let passed_by_expectation = expectations.any() && mismatches.is_empty();
    if verdict.ok || passed_by_expectation {
        if ui.stderr_terminal && ui.verbosity > Verbosity::Quiet {
            ui.trace(
                Verbosity::Normal,
                &output::summary_line(&verdict, &exchange, &ui.stderr_palette),
            );
        }
    } else {
        let context = HintContext {
            urn: &request.urn.to_string(),
            endpoint: &connection.endpoint.url,
            body_len: request.body.bytes.len(),
            has_token: connection.token.is_some(),
            location: exchange.header("Location"),
        };
        ui.error(
            &output::failure_line(&verdict),
            reply::hint_for(&verdict, &context).as_deref(),
        );
    }

    if expectations.any() {
        for mismatch in &mismatches {
            ui.error(&format!("expectation failed: {mismatch}"), None);
        }
        return Ok(if mismatches.is_empty() {
            exit::SUCCESS
        } else {
            exit::EXPECTATION_FAILED
        });
    }
    Ok(exit::for_answer(verdict.status, verdict.class))
}

fn print_logs(exchange: &Exchange, ui: &Ui) {
    match reply::log_tail(exchange) {
        Some(Ok(bytes)) => {
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(&bytes);
            if !bytes.ends_with(b"\n") {
                let _ = stderr.write_all(b"\n");
            }
        }
        Some(Err(why)) => ui.warn(&why),
        None => ui.warn("--logs: the answer carries no log tail (X-Log-Result is absent or empty)"),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(stdout_error)
}

fn stdout_error(error: std::io::Error) -> anyhow::Error {
    anyhow::Error::new(error).context("cannot write to stdout")
}

/// `--expect-status`, `--expect-code`, `--expect-body`.
struct Expectations {
    status: Option<u16>,
    code: Option<i64>,
    body: Option<serde_json::Value>,
}

impl Expectations {
    fn parse(args: &InvokeArgs) -> Result<Expectations> {
        let body = match &args.expect_body {
            Some(text) => Some(
                serde_json::from_str(text)
                    .map_err(|e| usage(format!("--expect-body is not valid JSON: {e}")))?,
            ),
            None => None,
        };
        Ok(Expectations {
            status: args.expect_status,
            code: args.expect_code,
            body,
        })
    }

    fn any(&self) -> bool {
        self.status.is_some() || self.code.is_some() || self.body.is_some()
    }

    /// What differed, one line each.
    fn check(&self, verdict: &Verdict, exchange: &Exchange) -> Vec<String> {
        let mut mismatches = Vec::new();
        if let Some(expected) = self.status {
            if verdict.status != expected {
                mismatches.push(format!("status {}, expected {expected}", verdict.status));
            }
        }
        if let Some(expected) = self.code {
            // A successful answer without X-Inner-Code counts as code 0.
            let actual = verdict.code.or(verdict.ok.then_some(0));
            if actual != Some(expected) {
                let shown = actual.map_or("none".to_string(), |c| c.to_string());
                mismatches.push(format!("code {shown}, expected {expected}"));
            }
        }
        if let Some(expected) = &self.body {
            match serde_json::from_slice::<serde_json::Value>(&exchange.body) {
                Ok(actual) if &actual == expected => {}
                Ok(actual) => mismatches.push(format!("body {actual}, expected {expected}")),
                Err(_) => mismatches.push(format!(
                    "body is not JSON ({} bytes: {}), expected {expected}",
                    exchange.body.len(),
                    String::from_utf8_lossy(&exchange.body[..exchange.body.len().min(80)])
                )),
            }
        }
        mismatches
    }
}
