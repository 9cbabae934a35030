//! One file per command, on top of every other room: where clap's types end. Each turns its arguments into the
//! plain, checked values the layers below take (flags into ConnectionFlags, RequestFlags, Output, Options), runs
//! the command and returns an exit code (tests/layers.rs).

pub mod bench;
pub mod config;
pub mod errors;
pub mod functions;
pub mod health;
pub mod invoke;
pub mod result;
#[cfg(unix)]
pub mod serve;
pub mod session;
pub mod shell;
pub mod test;
pub mod token;
pub mod urn;
pub mod version;

use anyhow::Result;

use crate::answer::expect::{Expectations, ExpectedCode};
use std::time::Instant;

use crate::answer::envelope::Envelope;
use crate::answer::output::{Ui, Verbosity};
use crate::answer::present::Output;
use crate::cli::{ConnectionArgs, NameArgs, OutputArgs, RequestArgs};
use crate::client::config::{Connection, ConnectionFlags, Lookup};
use crate::client::endpoint::Url;
use crate::client::profiles::Needs;
use crate::client::request::CallTrace;
use crate::exit::{Class, FlagError, usage};

/// The environment and the chosen profile, of which the command reads `needs` (a problem there stops it); the
/// config file's warnings, its other problems among them, are shown once, here. `timeout` is the command's
/// `--timeout` as given, which bounds the reading of its inputs (none for a command without the flag).
pub fn lookup(profile: Option<&str>, needs: Needs, timeout: Option<&str>, ui: &Ui) -> Result<Lookup<'static>> {
    let lookup = Lookup::process(profile, needs, timeout)?;
    if let Some(chosen) = &lookup.profile {
        crate::client::credentials::learn_from_profile(chosen);
    }
    for warning in &lookup.warnings {
        ui.warn(warning);
    }
    Ok(lookup)
}

/// For a command that needs nothing from the config file: whatever is wrong with it is said, and the command goes on.
pub fn config_warnings(ui: &Ui) -> Result<()> {
    lookup(None, Needs::NOTHING, None, ui).map(drop)
}

/// Connection settings; what discovery skipped is shown under -v.
pub fn settings(args: &ConnectionFlags, lookup: &Lookup, ui: &Ui) -> Result<Connection, FlagError> {
    let connection = Connection::resolve(args, lookup)?;
    for note in &connection.notes {
        ui.trace(Verbosity::Headers, &format!("* {note}\n"));
    }
    Ok(connection)
}

/// How the answer is to be shown (-r, -o, --json, --logs, the expectations), checked before anything is sent: a bad
/// --expect-body or an -o FILE in a folder that cannot take it is refused with nothing sent.
pub fn output(args: &OutputArgs) -> Result<Output> {
    let code = args
        .expect_code
        .as_deref()
        .map(|text| ExpectedCode::parse(text).map_err(|why| usage(format!("--expect-code {why}"))))
        .transpose()?;
    let body = args
        .expect_body
        .as_deref()
        .map(|text| Expectations::json(text).map_err(|why| usage(format!("--expect-body {why}"))))
        .transpose()?;
    let expectations = Expectations {
        status: args.expect_status,
        code,
        body,
        ..Expectations::default()
    };
    let file = args
        .output
        .as_deref()
        .map(|path| crate::answer::file::check_file_to_write("-o", path))
        .transpose()?;
    Ok(Output {
        raw_string: args.raw_string,
        file,
        json: args.json,
        logs: args.logs,
        expectations,
    })
}

/// From now on Ctrl-C (exit 130) prints the request id of the asynchronous call waited for on stdout when
/// `print_id` (as `--async` prints it; `--json` prints its document, state `interrupted`, instead), and on stderr
/// how to fetch its result: the call goes on. `trace`: the ids the call was sent with (an invoke's), for --json.
pub fn remember_for_interrupt(id: &str, print_id: bool, trace: Option<&CallTrace>, output: &Output, ui: &Ui) {
    crate::interrupt::install();
    let message = format!("interrupted; the call goes on as request {id}: see `yr result {id}`");
    let stdout = if output.json {
        Envelope::unfinished(Class::Interrupted, id, "interrupted", message.clone(), None)
            .with_trace(trace)
            .to_text(ui)
    } else if print_id {
        ui.id_line(id)
    } else {
        String::new()
    };
    // Written by the signal handler, past the printer: shown as the printer shows it.
    let said = crate::answer::output::shown_text(&message);
    crate::interrupt::remember(&stdout, &format!("\nyr: {said}\n"));
}

/// A wait for an asynchronous call that ended without its answer (out of time, or no answer from the result
/// route): with --json its one document, naming the request id (state `running` when the wait ran out: the call
/// goes on), and the ids the call was sent with (`trace`, an invoke's). Returns the error, for the caller to end with.
pub fn unfinished_wait(
    error: anyhow::Error,
    (id, trace): (&str, Option<&CallTrace>),
    output: &Output,
    started: Instant,
    ui: &Ui,
) -> anyhow::Error {
    if output.json {
        let class = Class::of_error(&error);
        let mut envelope =
            Envelope::for_failure(class, crate::answer::output::error_chain(&error), started.elapsed(), 1)
                .with_trace(trace);
        envelope.request_id = Some(id.to_string());
        envelope.state = (class == Class::Timeout).then(|| "running".to_string());
        if let Err(failed) = ui.print(envelope.to_text(ui).as_bytes()) {
            return failed;
        }
    }
    error
}

/// Connection settings for a command that sends requests, warning when the token would travel in clear.
pub fn connect(args: &ConnectionFlags, lookup: &Lookup, ui: &Ui) -> Result<Connection, FlagError> {
    let connection = settings(args, lookup, ui)?;
    if connection.token.is_some() {
        if let Some(host) = plaintext_remote_host(&connection.endpoint.url) {
            ui.warn(&format!("the token is sent unencrypted over http:// to {host}"));
        }
    }
    Ok(connection)
}

/// The host of an http:// endpoint that is not this machine (loopback), where a token would travel in clear.
fn plaintext_remote_host(url: &Url) -> Option<String> {
    (!url.https && !url.is_loopback()).then(|| url.host.clone())
}

// The flags as plain values for the layers below, which know nothing of clap (config.rs, request.rs): the
// edge where clap's types end.

impl ConnectionArgs {
    pub fn flags(&self) -> crate::client::config::ConnectionFlags {
        crate::client::config::ConnectionFlags {
            endpoint: self.endpoint.clone(),
            token_file: self.token_file.clone(),
            timeout: self.timeout.clone(),
            connect_timeout: self.connect_timeout.clone(),
            proxy: self.proxy.clone(),
            no_proxy: self.no_proxy,
            cacert: self.cacert.clone(),
            cert: self.cert.clone(),
            key: self.key.clone(),
            tls_server_name: self.tls_server_name.clone(),
            insecure: self.insecure,
        }
    }
}

impl NameArgs {
    pub fn flags(&self) -> crate::client::config::NameFlags {
        crate::client::config::NameFlags {
            tenant: self.tenant.clone(),
            service: self.service.clone(),
        }
    }
}

/// The request flags as given, with an inherited TRACEPARENT (which --traceparent wins over).
pub fn request_flags(args: &RequestArgs, lookup: &Lookup) -> crate::client::request::RequestFlags {
    let mut flags = args.flags();
    flags.traceparent.env = lookup.env("TRACEPARENT");
    flags
}

impl RequestArgs {
    pub fn flags(&self) -> crate::client::request::RequestFlags {
        crate::client::request::RequestFlags {
            function: self.function.function.clone(),
            names: self.function.names.flags(),
            data: self.data.clone(),
            headers: self.headers.clone(),
            content_type: self.content_type.clone(),
            ignore_stdin: self.ignore_stdin,
            trace_id: self.trace_id.clone(),
            // TRACEPARENT is added by `request_flags` (clap's types do no I/O).
            traceparent: crate::client::request::TraceparentFlags {
                flag: self.traceparent.clone(),
                env: None,
            },
            cpu: self.cpu.clone(),
            memory: self.memory.clone(),
            custom_resource: self.custom_resource.clone(),
            pool_label: self.pool_label.clone(),
            instance_label: self.instance_label.clone(),
            session_id: self.session_id.clone(),
            session_ttl: self.session_ttl.clone(),
            session_concurrency: self.session_concurrency.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plaintext_hosts() {
        let remote =
            |url: &str| super::plaintext_remote_host(&crate::client::endpoint::Url::parse(url, false).unwrap().0);
        assert_eq!(remote("http://10.0.0.5:8888"), Some("10.0.0.5".into()));
        assert_eq!(remote("http://frontend:8888/base"), Some("frontend".into()));
        assert_eq!(remote("http://127.0.0.1:8888"), None);
        assert_eq!(remote("http://127.9.9.9:1"), None);
        assert_eq!(remote("http://localhost:1"), None);
        assert_eq!(remote("http://[::1]:1"), None);
        assert_eq!(remote("https://10.0.0.5:8888"), None);
    }
}
