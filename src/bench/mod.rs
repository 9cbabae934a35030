//! `yr bench`: drive a function hard with the request `yr invoke` would send, and report what a platform engineer
//! needs: throughput, latency percentiles, failures by inner code, and CI gates. It stands on the client wing (the
//! request, the connection settings, the run's TLS), the verdict and the printer, never on commands/ or on serve/
//! or suite/ (tests/layers.rs).

mod engine;
mod figures;
mod live;
mod outcome;

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::Full;
use hyper::Request;

use crate::answer::output::{CLEAR_LINE, Ui, Verbosity};
use crate::answer::reply::{HintContext, Route};
use crate::client::config::{Connection, ProxyChoice};
use crate::client::request::InvokeRequest;
use crate::exit::{self, Class, Failure, usage};

use engine::{Plan, Shared, Tally, Target, Tls};
use figures::{Report, Setup};
use live::{Goal, LiveLine};
use outcome::Limits;

/// Calls made when neither -n nor -z is given.
const DEFAULT_CALLS: u64 = 200;

/// What `yr bench` was asked for, parsed and checked at the edge (commands/bench.rs).
#[derive(Debug, Clone)]
pub struct Options {
    /// -n; None with -z (a duration) or neither (then DEFAULT_CALLS).
    pub requests: Option<u64>,
    pub duration: Option<Duration>,
    pub concurrency: u32,
    pub rate: Option<f64>,
    pub warmup: u64,
    pub max_error_rate: Option<f64>,
    pub max_p99: Option<Duration>,
    pub json: bool,
}

/// Runs the load `options` describe with `request` over `connection`, prints the report, returns the exit code.
pub fn run(request: &InvokeRequest, connection: &Connection, options: &Options, ui: &Ui) -> Result<u8> {
    let duration = options.duration;
    let urn = request.urn.to_string();
    let setup = |first_call, cpu, interrupted| Setup {
        function: &urn,
        endpoint: connection.endpoint.url.as_str(),
        concurrency: options.concurrency,
        rate: options.rate,
        warmup: options.warmup,
        first_call,
        cpu,
        interrupted,
    };
    let target = match target(request, connection) {
        Ok(target) => Arc::new(target),
        // A run that could not start (a name that does not resolve) still prints its one report with --json.
        Err(error) if options.json && Class::of_error(&error) != Class::Usage => {
            let mut report = Report::new(&Tally::new(), &setup(None, None, false));
            report.class = Some(Class::of_error(&error));
            report.message = Some(crate::secrets::redact(&error.to_string()).into_owned());
            ui.print_own(&report.to_json())?;
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    let plan = Plan {
        calls: if duration.is_some() {
            None
        } else {
            Some(options.requests.unwrap_or(DEFAULT_CALLS))
        },
        duration,
        concurrency: options.concurrency,
        rate: options.rate,
        timeout: connection.timeout.value,
    };

    let cpu_before = cpu_time();
    let live_on = live_line_wanted(ui);
    let (warm, tally, interrupted) = runtime.block_on(load(&target, &plan, options.warmup, live_on, ui));
    let cpu = cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let warm_calls = warm.as_ref().map_or(0, |w| w.calls());
    let cpu_measured = cpu.map(|c| measured_share(c, warm_calls, tally.calls()));

    let mut report = Report::new(
        &tally,
        &setup(
            warm.as_ref().and_then(|w| w.first).or(tally.first),
            cpu_measured,
            interrupted,
        ),
    );
    let limits = Limits {
        max_error_rate: options.max_error_rate,
        max_p99: options.max_p99,
        duration,
    };
    report.gates = outcome::gates(&report, &limits);
    let hints = HintContext {
        route: Route::Invoke,
        urn: Some(&urn),
        endpoint: &connection.endpoint.url,
        body_len: Some(request.body.len() as usize),
        has_token: connection.token.is_some(),
        location: None,
    };
    let ending = outcome::ending(&tally, &report, &limits, &hints);
    report.class = ending.class;
    report.message = ending
        .error
        .as_ref()
        .map(|(message, _)| crate::secrets::redact(message).into_owned());
    let text = if options.json {
        report.to_json()
    } else {
        report.to_text(&ui.stdout_palette)
    };
    ui.print_own(&text)?;
    // As every interrupted command: the report of what ran, then 130, so `&&` goes no further.
    if let Some((message, hint)) = ending.error.as_ref().filter(|_| !interrupted) {
        ui.error(message, hint.as_deref());
    }
    Ok(outcome::exit_code(&report, &ending))
}

/// The warm-up (when asked for) and then the measured load, with the live line and Ctrl-C handling: the warm-up's
/// tally, the measured one, and whether Ctrl-C stopped it.
async fn load(target: &Arc<Target>, plan: &Plan, warmup: u64, live_on: bool, ui: &Ui) -> (Option<Tally>, Tally, bool) {
    let interrupted = Shared::new();
    let (watcher, printer) = (interrupted.clone(), ui.clone());
    // The first Ctrl-C stops the load and lets the report print; a second one exits at once.
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            watcher.stop();
            if tokio::signal::ctrl_c().await.is_ok() {
                if live_on {
                    printer.err(CLEAR_LINE.as_bytes());
                }
                std::process::exit(i32::from(exit::INTERRUPTED));
            }
        }
    });
    let warm = if warmup > 0 {
        let warm_plan = Plan {
            calls: Some(warmup),
            duration: None,
            rate: None,
            ..plan.clone()
        };
        let shared = follow(&interrupted);
        let target = target.clone();
        tokio::task::spawn_blocking(move || engine::run(target, warm_plan, shared))
            .await
            .ok()
    } else {
        None
    };
    let measured = follow(&interrupted);
    let live = live_on.then(|| LiveLine::start(measured.clone(), goal(plan), ui));
    let (target, measured_plan) = (target.clone(), plan.clone());
    let tally = match tokio::task::spawn_blocking(move || engine::run(target, measured_plan, measured)).await {
        Ok(tally) => tally,
        Err(_) => engine::Tally::new(),
    };
    let stopped = interrupted.stop.load(std::sync::atomic::Ordering::Relaxed);
    if let Some(live) = live {
        live.finish().await;
    }
    (warm, tally, stopped)
}

/// The measured calls' share of the CPU time `cpu` spent on all of them.
fn measured_share(cpu: Duration, warm_calls: u64, measured_calls: u64) -> Duration {
    // Warm-up calls cost about what measured ones do; leave their share out.
    let total = warm_calls + measured_calls;
    if total == 0 {
        cpu
    } else {
        cpu.mul_f64(measured_calls as f64 / total as f64)
    }
}

/// Fresh shared state for a phase, stopped when `interrupted` is.
fn follow(interrupted: &Arc<Shared>) -> Arc<Shared> {
    let shared = Shared::new();
    let (watcher, forward) = (interrupted.clone(), shared.clone());
    tokio::spawn(async move {
        while !watcher.stop.load(std::sync::atomic::Ordering::Relaxed) {
            if forward.stop.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        forward.stop();
    });
    shared
}

/// The request `yr invoke` would send, as a hyper request template, and the address to send it to.
fn target(request: &InvokeRequest, connection: &Connection) -> Result<Target> {
    let url = &connection.endpoint.url;
    let with_port = url.host_and_port();
    // As `yr invoke` decides it (config::choose_proxy) and parses it (http::proxy): the same proxy, or none.
    let (addr, tunnel) = match crate::client::agent::proxy(&connection.proxy)? {
        None => (resolve(&with_port, &url.host)?, None),
        Some(proxy) => {
            if proxy.protocol() != ureq::ProxyProtocol::Http {
                let (url, source) = match &connection.proxy {
                    ProxyChoice::Via { url, source } => (url.as_str(), source.to_string()),
                    _ => ("", String::new()),
                };
                return Err(usage(format!(
                    "proxy `{url}` (from {source}): yr bench tunnels through http:// proxies only; \
                     pass --no-proxy to connect directly"
                )));
            }
            let proxy_authority = format!("{}:{}", proxy.host(), proxy.port());
            (
                resolve(&proxy_authority, proxy.host())?,
                Some(connect_request(&proxy, &with_port)),
            )
        }
    };
    let mut builder = Request::builder()
        .method("POST")
        .uri(format!("{}{}", url.prefix, request.path()))
        .header("Host", url.authority());
    builder = builder
        .header("User-Agent", crate::client::http::USER_AGENT)
        .header("Accept", "*/*");
    // The head's size is checked with a call's trace headers; each call gets its own (engine::clone_request).
    let trace_plan = request.trace.clone();
    let sample = trace_plan.for_call();
    let with_trace = request.wire_headers(connection.token(), &[], Some(&sample));
    crate::client::http::check_head_size("POST", &request.path(), &with_trace)?;
    for (name, value) in request.wire_headers(connection.token(), &[], None) {
        builder = builder.header(name, value);
    }
    let request = builder
        .body(Full::new(Bytes::from(request.body.load()?)))
        .map_err(|e| usage(format!("cannot build the request: {e}")))?;
    let tls = if url.https {
        Some(Tls {
            connector: tokio_rustls::TlsConnector::from(crate::client::tls::client_config(&connection.tls)?),
            server_name: crate::client::tls::server_name(&connection.tls, url.bare_host())?,
        })
    } else {
        None
    };
    Ok(Target {
        addr,
        trace: Some(trace_plan),
        request,
        tls,
        tunnel,
        connect_timeout: connection.connect_timeout.value,
    })
}

/// The first address `host:port` resolves to; `name` is what the message calls it.
fn resolve(with_port: &str, name: &str) -> Result<SocketAddr> {
    Ok(with_port
        .to_socket_addrs()
        .map_err(|e| Failure::Unreachable {
            message: format!("cannot resolve {name}: {e}"),
            sent: false,
            hint: Some(crate::wording::NOT_RUNNING.into()),
        })?
        .next()
        .ok_or_else(|| Failure::Unreachable {
            message: format!("{name} resolves to no address"),
            sent: false,
            hint: Some(crate::wording::NOT_RUNNING.into()),
        })?)
}

/// The `CONNECT` request ureq sends for `yr invoke` through the same proxy (ureq's transport/connect.rs), with its
/// Basic credentials when the proxy URL has a user or password.
fn connect_request(proxy: &ureq::Proxy, target: &str) -> Bytes {
    use base64::Engine;
    let mut request = format!(
        "CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nUser-Agent: {}\r\nProxy-Connection: Keep-Alive\r\n",
        crate::client::http::USER_AGENT
    );
    if proxy.username().is_some() || proxy.password().is_some() {
        let credentials = format!(
            "{}:{}",
            proxy.username().unwrap_or_default(),
            proxy.password().unwrap_or_default()
        );
        request.push_str(&format!(
            "Proxy-Authorization: Basic {}\r\n",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        ));
    }
    request.push_str("\r\n");
    Bytes::from(request)
}

/// The live line goes to stderr when it is a terminal (and not with -q); none when piped.
fn live_line_wanted(ui: &Ui) -> bool {
    ui.stderr_terminal && ui.verbosity > Verbosity::Quiet
}

fn goal(plan: &Plan) -> Goal {
    match (plan.calls, plan.duration) {
        (Some(calls), _) => Goal::Calls(calls),
        (None, Some(duration)) => Goal::Time(duration),
        (None, None) => Goal::Calls(0),
    }
}

/// The process's user and system CPU time so far.
#[cfg(unix)]
fn cpu_time() -> Option<Duration> {
    // SAFETY: getrusage only writes the struct passed to it.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return None;
        }
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, (t.tv_usec as u32) * 1000);
    Some(time(usage.ru_utime) + time(usage.ru_stime))
}

/// Elsewhere the report leaves CPU per call out.
#[cfg(not(unix))]
fn cpu_time() -> Option<Duration> {
    None
}
