//! `yr bench`: drive a function hard with the request `yr invoke` would send, and report what a platform engineer
//! needs: throughput, latency percentiles, failures by inner code, and CI gates. It stands on the client wing (the
//! request, the connection settings, the run's TLS), the verdict and the printer, never on commands/ or on serve/
//! or suite/ (tests/layers.rs).

pub mod bodies;
mod compare;
mod engine;
mod export;
mod figures;
mod figures_text;
mod histogram;
mod judge;
mod live;
mod merge;
mod modes;
mod outcome;
mod record;
mod rng;
mod saved;
pub mod shape;
mod template;
mod wire;

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::sync::mpsc::SyncSender;
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

use bodies::{Order, Variety, VarietyFlags};
use engine::{Plan, Shared, Tally, Target, Tls};
use export::{ExportFile, TraceIds};
use figures::{ExportFigures, Report, Setup, VarietyFigures};
use live::{Goal, LiveLine};
use outcome::Limits;
use shape::Schedule;

pub use compare::{Baseline, compare};
pub use merge::merge;
pub use saved::show;

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
    /// --save: where the whole run is saved.
    pub save: Option<std::path::PathBuf>,
    /// --baseline and --max-regression, the baseline read.
    pub baseline: Option<Baseline>,
    /// When calls are due: --rate, --stage or --burst (checked against each other at the edge).
    pub schedule: Option<Schedule>,
    /// What varies per call.
    pub variety: VarietyFlags,
    /// -d's body, read for --template (it is no JSON until its placeholders are filled).
    pub template_body: Option<Vec<u8>>,
    /// --export FILE.
    pub export: Option<std::path::PathBuf>,
    /// How each call is made: as `yr invoke`, `--stream` or `--async --wait`.
    pub mode: CallMode,
}

/// How each call is made, for the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallMode {
    #[default]
    Plain,
    /// --stream: latency is the time to the stream's last frame.
    Stream,
    /// --async: latency is the time to a finished result, polled every `poll_interval` (--poll-interval).
    Async { poll_interval: Duration },
}

/// Runs the load `options` describe with `request` over `connection`, prints the report, returns the exit code.
pub fn run(request: &InvokeRequest, connection: &Connection, options: &Options, ui: &Ui) -> Result<u8> {
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
        schedule: options.schedule.as_ref(),
    };
    let prepared =
        target(request, connection, options.mode).and_then(|target| Ok((target, prepare(request, options)?)));
    let (target, (variety, export)) = match prepared {
        Ok((target, prepared)) => (Arc::new(target), prepared),
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
    let save_to = saved::SaveTo::open_for(options.save.as_deref())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    let (export_figures, export) = start_export(export, options);
    let plan = plan(
        options,
        connection,
        variety.clone(),
        export.as_ref().map(|(sender, _)| sender.clone()),
    );
    settings_line(ui, &plan, options, variety.as_deref());

    let cpu_before = cpu_time();
    let live_on = live_line_wanted(ui);
    let (warm, tally, interrupted) = runtime.block_on(load(&target, plan, options.warmup, live_on, ui));
    let rows = export.map(|(sender, writer)| {
        // The writer ends when the last sender is gone: this one, then it writes its last rows.
        drop(sender);
        writer.finish()
    });
    let cpu = cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let warm_calls = warm.as_ref().map_or(0, |w| w.calls());
    let cpu_measured = cpu.map(|c| measured_share(c, warm_calls, tally.calls()));

    let run_setup = setup(
        warm.as_ref().and_then(|w| w.first).or(tally.first),
        cpu_measured,
        interrupted,
    );
    let mut report = Report::new(&tally, &run_setup);
    what_varied(&mut report, &tally, variety.as_deref(), options);
    report.export = export_figures.map(|mut figures| {
        figures.rows = rows.as_ref().and_then(|r| r.as_ref().ok().copied());
        figures
    });
    if let Some(Err(error)) = &rows {
        ui.warn(&error.to_string());
    }
    let ending = judge(&mut report, &tally, options, request, connection);
    ui.print_own(&if options.json {
        report.to_json()
    } else {
        report.to_text(&ui.stdout_palette)
    })?;
    // As every interrupted command: the report of what ran, then 130, so `&&` goes no further.
    if let Some((message, hint)) = ending.error.as_ref().filter(|_| !interrupted) {
        ui.error(message, hint.as_deref());
    }
    if let Some(to) = save_to {
        to.write(&saved::SavedRun::of(
            &tally,
            &run_setup,
            settings(options, &urn, connection),
            &report,
        ))?;
    }
    Ok(outcome::exit_code(&report, &ending))
}

/// The run's gates, class and error line, judged on its report and tally; how it ended.
fn judge(
    report: &mut Report,
    tally: &Tally,
    options: &Options,
    request: &InvokeRequest,
    connection: &Connection,
) -> outcome::Ending {
    let urn = request.urn.to_string();
    let limits = Limits {
        max_error_rate: options.max_error_rate,
        max_p99: options.max_p99,
        duration: options.duration,
    };
    report.gates = outcome::gates(report, &limits);
    if let Some(baseline) = &options.baseline {
        report.gates.extend(baseline.gates(report));
    }
    let hints = HintContext {
        route: Route::Invoke,
        urn: Some(&urn),
        endpoint: &connection.endpoint.url,
        body_len: Some(request.body.len() as usize),
        has_token: connection.token.is_some(),
        location: None,
    };
    let ending = outcome::ending(tally, report, &limits, &hints);
    report.class = ending.class;
    report.message = ending
        .error
        .as_ref()
        .map(|(message, _)| crate::secrets::redact(message).into_owned());
    ending
}

/// What the run was asked for, as --save keeps it.
fn settings(options: &Options, urn: &str, connection: &Connection) -> saved::Settings {
    let nanos = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    saved::Settings {
        function: urn.to_string(),
        endpoint: connection.endpoint.url.as_str().to_string(),
        requests: options
            .duration
            .is_none()
            .then(|| options.requests.unwrap_or(DEFAULT_CALLS)),
        duration_ns: options.duration.map(nanos),
        concurrency: options.concurrency,
        rate: options.rate,
        warmup: options.warmup,
        max_error_rate: options.max_error_rate,
        max_p99_ns: options.max_p99.map(nanos),
        baseline: options.baseline.as_ref().map(|b| b.file.clone()),
        max_regression_pct: options.baseline.as_ref().map(|b| b.max_regression),
        schedule: options.schedule.as_ref().map(saved::SavedSchedule::of),
        mode: match options.mode {
            CallMode::Plain => None,
            CallMode::Stream => Some(saved::SavedMode::Stream),
            CallMode::Async { .. } => Some(saved::SavedMode::Async),
        },
    }
}

/// The warm-up (when asked for) and then the measured load, with the live line and Ctrl-C handling: the warm-up's
/// tally, the measured one, and whether Ctrl-C stopped it.
async fn load(target: &Arc<Target>, plan: Plan, warmup: u64, live_on: bool, ui: &Ui) -> (Option<Tally>, Tally, bool) {
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
            schedule: None,
            seq_base: 0,
            export: None,
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
    if ui.verbosity >= Verbosity::Headers {
        let printer = ui.clone();
        let _ = measured.notices.set(Box::new(move |line: String| {
            let clear = if live_on { CLEAR_LINE } else { "" };
            printer.trace(Verbosity::Headers, &format!("{clear}{line}\n"));
        }));
    }
    let live = live_on.then(|| LiveLine::start(measured.clone(), goal(&plan), ui));
    let (target, measured_plan) = (target.clone(), plan);
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

/// What varies per call, and the export file (created here, before any call, so a path that cannot be written is
/// a usage error with nothing sent).
fn prepare(request: &InvokeRequest, options: &Options) -> Result<(Option<Arc<Variety>>, Option<Export>)> {
    // --trace-id gives every call the same id; else --export gives each call its own, to find a slow one by it.
    let fixed_trace = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("X-Trace-Id"))
        .map(|(_, value)| value.clone());
    let flags = VarietyFlags {
        traces: options.export.is_some() && fixed_trace.is_none(),
        ..options.variety.clone()
    };
    let json = crate::client::request::is_json(&request.content_type);
    let variety = Variety::load(&flags, options.template_body.as_deref(), json)?.map(Arc::new);
    let export = match &options.export {
        Some(path) => {
            let traces = match (&fixed_trace, &variety) {
                (Some(id), _) => TraceIds::Fixed(id.clone()),
                (None, Some(v)) => TraceIds::PerCall {
                    run_id: v.run_id.clone(),
                },
                (None, None) => TraceIds::None,
            };
            Some((ExportFile::create(path)?, traces))
        }
        None => None,
    };
    Ok((variety, export))
}

/// The load to run: -n, -z or the stages' length, and the schedule, what varies per call and where rows go.
fn plan(
    options: &Options,
    connection: &Connection,
    variety: Option<Arc<Variety>>,
    export: Option<SyncSender<Vec<export::Row>>>,
) -> Plan {
    let duration = options
        .duration
        .or_else(|| options.schedule.as_ref().and_then(Schedule::length));
    Plan {
        calls: if duration.is_some() {
            None
        } else {
            Some(options.requests.unwrap_or(DEFAULT_CALLS))
        },
        duration,
        concurrency: options.concurrency,
        schedule: options.schedule.clone(),
        timeout: connection.timeout.value,
        variety,
        seq_base: options.warmup,
        export,
    }
}

/// The export file, created, and the trace ids its rows name.
type Export = (ExportFile, TraceIds);

/// The export's running writer and the sender its rows go to.
type Exporting = (SyncSender<Vec<export::Row>>, export::Writer);

/// The export's writer thread, started, and its part of the report.
fn start_export(
    export: Option<(ExportFile, TraceIds)>,
    options: &Options,
) -> (Option<ExportFigures>, Option<Exporting>) {
    let Some((file, traces)) = export else {
        return (None, None);
    };
    let figures = ExportFigures {
        path: options
            .export
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        format: file.format_name(),
        rows: None,
    };
    (Some(figures), Some(file.start(traces)))
}

/// The distinct bodies sent and what varied per call, in the report.
fn what_varied(report: &mut Report, tally: &Tally, variety: Option<&Variety>, options: &Options) {
    // Consecutive calls take consecutive bodies (in whichever order), so `started` calls sent that many at most.
    report.distinct_bodies = match variety.map(Variety::body_count) {
        Some(count) if count > 0 => tally.started.min(count as u64),
        _ => u64::from(tally.started > 0),
    };
    report.variety = variety.map(|v| variety_figures(v, options));
}

fn variety_figures(v: &Variety, options: &Options) -> VarietyFigures {
    VarietyFigures {
        run_id: v.run_id.clone(),
        bodies: v.source.clone(),
        body_count: v.body_count() as u64,
        order: if options.variety.shuffle {
            Order::Shuffle
        } else {
            Order::Sequential
        },
        seed: v.seed,
        templated: v.templated,
        sessions: v.session_count(),
    }
}

/// -v's first line: the load as it was understood.
fn settings_line(ui: &Ui, plan: &Plan, options: &Options, variety: Option<&Variety>) {
    if ui.verbosity < Verbosity::Headers {
        return;
    }
    let workers = match plan.concurrency {
        1 => "1 worker".to_string(),
        n => format!("{n} workers"),
    };
    let mut parts = vec![workers];
    parts.push(match (plan.calls, plan.duration) {
        (Some(calls), _) => figures::calls_word(calls),
        (None, Some(d)) => format!("for {}", crate::wording::human_duration(d)),
        (None, None) => String::new(),
    });
    match &plan.schedule {
        Some(Schedule::Rate(rate)) => parts.push(format!("{} calls/s", figures_text::rate_text(*rate))),
        Some(Schedule::Stages(segments)) => parts.push(format!("{} stages", segments.len())),
        Some(Schedule::Bursts { size, every }) => parts.push(format!(
            "bursts of {size} every {}",
            crate::wording::human_duration(*every)
        )),
        None => parts.push("closed loop (each worker calls again when its call ends)".into()),
    }
    if options.warmup > 0 {
        parts.push(format!("{} warm-up", figures::calls_word(options.warmup)));
    }
    if let Some(v) = variety.filter(|v| v.body_count() > 0) {
        parts.push(format!("{} bodies", v.body_count()));
    }
    if let Some(sessions) = variety.and_then(Variety::session_count) {
        parts.push(format!("{sessions} sessions"));
    }
    if let Some(path) = &options.export {
        parts.push(format!("export to {}", path.display()));
    }
    ui.trace(Verbosity::Headers, &format!("bench: {}\n", parts.join(" · ")));
}

/// The request `yr invoke` would send (with --stream or --async, as they send it), as a hyper request template,
/// and the address to send it to.
fn target(request: &InvokeRequest, connection: &Connection, mode: CallMode) -> Result<Target> {
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
    builder = builder.header("User-Agent", crate::client::http::USER_AGENT);
    // The headers `yr invoke --stream` / `--async` add (commands/invoke.rs, wire_request); ureq's Accept otherwise.
    let extra: &[(&str, &str)] = match mode {
        CallMode::Plain => &[],
        CallMode::Stream => &[("Accept", "text/event-stream")],
        CallMode::Async { .. } => &[("X-Invoke-Type", "async")],
    };
    if mode != CallMode::Stream {
        builder = builder.header("Accept", "*/*");
    }
    // The head's size is checked with a call's trace headers; each call gets its own (engine::clone_request).
    let trace_plan = request.trace.clone();
    let sample = trace_plan.for_call();
    let with_trace = request.wire_headers(connection.token(), extra, Some(&sample));
    crate::client::http::check_head_size("POST", &request.path(), &with_trace)?;
    for (name, value) in request.wire_headers(connection.token(), extra, None) {
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
    let mode = match mode {
        CallMode::Plain => modes::Mode::Plain,
        CallMode::Stream => modes::Mode::Stream,
        // Polled as `yr invoke --async --wait` polls: the token alone besides ureq's own headers.
        CallMode::Async { poll_interval } => modes::Mode::Async(modes::Polling {
            interval: poll_interval,
            prefix: url.prefix.clone(),
            headers: [
                ("Host".to_string(), url.authority()),
                ("User-Agent".into(), crate::client::http::USER_AGENT.into()),
                ("Accept".into(), "*/*".into()),
            ]
            .into_iter()
            .chain(connection.auth_headers())
            .collect(),
        }),
    };
    Ok(Target {
        addr,
        trace: Some(trace_plan),
        request,
        tls,
        tunnel,
        connect_timeout: connection.connect_timeout.value,
        mode,
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
