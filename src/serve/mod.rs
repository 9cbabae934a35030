//! `yr serve`: a local frontend emulator on hyper and tokio, optionally running a COMMAND against it. It is the
//! server side: it uses the leaves and the printer (with its colours) only, nothing of the client, so it cannot
//! agree with yr's client by sharing its code (tests/layers.rs).

mod answers;
mod auth;
mod body;
mod call_log;
mod checks;
mod connections;
mod frontend;
mod functions;
mod functions_api;
mod gojson;
mod ids;
mod limit;
mod linger;
mod log;
mod reply_body;
mod routes;
mod rules;
mod state;
mod tls;
mod token_api;
mod traceback;
mod tree;
mod webhook;

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, Result};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};

use crate::answer::output::{Ui, Verbosity};
use crate::exit::{self, usage};

use body::Peer;
use frontend::{Frontend, FrontendConfig};
use functions::Registry;
use log::{Detail, RequestLog};

/// The most a request's head may take (the real frontend's Go server allows 1 MB).
const MAX_HEAD: usize = 1 << 20;

/// `--function-timeout`'s default, and how long calls in flight may still run at shutdown under `--function-timeout 0`.
pub const DEFAULT_FUNCTION_TIMEOUT: Duration = Duration::from_secs(30);

/// `--max-connections`' default, and the listen queue's length, where the connections past it wait.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// What `yr serve` was asked for, parsed and checked at the edge (commands/serve.rs).
#[derive(Debug, Clone)]
pub struct Options {
    /// `--function NAME=COMMAND` specs, as given.
    pub functions: Vec<String>,
    pub function_timeout: Duration,
    pub concurrent_num: u32,
    pub instance_labels: Vec<String>,
    /// HOST:PORT, the default already applied.
    pub listen: String,
    /// The token every call must carry; None serves without auth.
    pub token: Option<String>,
    pub max_body: u64,
    pub keep_results: Duration,
    pub read_timeout: Duration,
    /// `--max-connections`: how many are held at once.
    pub max_connections: usize,
    /// --tls-cert and --tls-key, and --client-ca.
    pub tls: Option<(PathBuf, PathBuf, Option<PathBuf>)>,
    /// What runs against the emulator; empty serves until stopped.
    pub command: Vec<String>,
    /// By when the TLS files are read (yr's deadline for its inputs).
    pub inputs_deadline: crate::input::Deadline,
}

pub fn run(options: &Options, ui: &Ui) -> Result<u8> {
    let keep_results = options.keep_results;
    let registry = Registry::new(&options.functions).map_err(usage)?;
    let listen = &options.listen;
    let address = resolve_listen(listen)?;
    let listener = std::net::TcpListener::bind(address).map_err(|e| {
        usage(format!(
            "--listen {listen}: cannot listen there: {}",
            crate::wording::io_reason(&e)
        ))
    })?;
    listener
        .set_nonblocking(true)
        .context("cannot set up the listening socket")?;
    // std listens with a queue of 128; a burst of 1,000 connects would wait for the kernel to retry.
    // SAFETY: listen(2) on a socket we own; calling it again only changes the queue length.
    unsafe {
        libc::listen(
            std::os::fd::AsRawFd::as_raw_fd(&listener),
            DEFAULT_MAX_CONNECTIONS as libc::c_int,
        );
    }
    raise_open_file_limit();

    let tls = match &options.tls {
        Some((cert, key, client_ca)) => Some(tls::acceptor(cert, key, client_ca.as_deref(), options.inputs_deadline)?),
        None => None,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    if let Some(token) = &options.token {
        crate::secrets::register(token);
    }
    let log = log_detail(ui.verbosity, !options.command.is_empty()).map(|detail| {
        let width = registry.listed().map(|s| s.name.chars().count()).max().unwrap_or(0);
        RequestLog::start(detail, ui, width.clamp(5, 24))
    });
    let config = FrontendConfig {
        max_body: usize::try_from(options.max_body).unwrap_or(usize::MAX),
        function_timeout: options.function_timeout,
        concurrent_num: i64::from(options.concurrent_num),
        instance_labels: options.instance_labels.clone(),
        token: options.token.clone(),
        read_timeout: options.read_timeout,
        webhooks: webhook::Webhooks::new(log.clone()),
    };
    let frontend = Arc::new(Frontend::new(registry, config, keep_results, log));
    tree::become_subreaper();
    let connections = connections::Connections::new(options.max_connections);
    let code = runtime.block_on(serve(listener, frontend, connections, tls, &options.command, ui));
    // Calls still running end with the runtime (each kills its tree); what is left, such as a process a function
    // started in a session of its own and left behind, ends here.
    drop(runtime);
    tree::kill_all();
    code
}

/// How much the request log says. Alone, `yr serve` logs every call, `-v` adds the headers, `-q` logs nothing. With
/// `-- COMMAND` the terminal is COMMAND's (a test report, a script's output), so the log starts one `-v` later.
fn log_detail(verbosity: Verbosity, with_command: bool) -> Option<Detail> {
    match (verbosity, with_command) {
        (Verbosity::Quiet, _) | (Verbosity::Normal, true) => None,
        (Verbosity::Normal, false) | (Verbosity::Headers, true) => Some(Detail::Calls),
        (Verbosity::Headers, false) | (Verbosity::Timings, _) => Some(Detail::Headers),
    }
}

fn resolve_listen(listen: &str) -> Result<SocketAddr> {
    let bad = || {
        usage(format!(
            "--listen `{listen}` is not an address: use HOST:PORT, e.g. 127.0.0.1:8888 (port 0 picks a free one)"
        ))
    };
    listen.to_socket_addrs().map_err(|_| bad())?.next().ok_or_else(bad)
}

/// 1,000 simultaneous connections need more descriptors than the usual soft limit of 1,024.
fn raise_open_file_limit() {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max.min(65_536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    frontend: Arc<Frontend>,
    connections: Arc<connections::Connections>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    command: &[String],
    ui: &Ui,
) -> Result<u8> {
    let (read_timeout, function_timeout) = (frontend.config().read_timeout, frontend.config().function_timeout);
    // Kept past the frontend, which is dropped at shutdown: the log is flushed last.
    let log = frontend.log().cloned();
    let webhooks = frontend.config().webhooks.clone();
    let listener = TcpListener::from_std(listener).context("cannot set up the listening socket")?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!(
        "{scheme}://{}",
        listener.local_addr().context("cannot read the listening address")?
    );
    if command.is_empty() {
        ui.print(format!("listening on {url}\n").as_bytes())?;
    } else {
        ui.trace(Verbosity::Headers, &format!("yr serve: listening on {url}\n"));
    }
    if let Some(log) = &log {
        log.text(log::listing(frontend.registry(), &url, &ui.stderr_palette));
    }
    // Watched before COMMAND starts: a SIGTERM that came between the two would otherwise kill yr by the default
    // action and leave COMMAND's group running.
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    // Orphans handed to the emulator (tree.rs) are reaped as they end, so none stays a zombie.
    let mut orphans = signal(SignalKind::child()).context("cannot watch SIGCHLD")?;
    tokio::spawn(async move {
        while orphans.recv().await.is_some() {
            tree::reap_orphans();
        }
    });
    let mut child = match command.split_first() {
        Some((program, rest)) => Some(start_command(program, rest, &url)?),
        None => None,
    };
    let graceful = GracefulShutdown::new();
    let setup = ConnectionSetup {
        builder: connection_builder(read_timeout),
        tls,
        handshake_limit: read_timeout,
    };

    let code = loop {
        tokio::select! {
            // A connection is accepted only with a slot free: past --max-connections the next waits in the queue.
            (held, accepted) = async { (connections.slot().await, listener.accept().await) } => match accepted {
                Ok((stream, remote)) => accept(stream, remote, held, &frontend, graceful.watcher(), setup.clone()),
                // Out of descriptors or a connection reset while queued: wait a moment, keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            _ = interrupt.recv() => match &child {
                Some(child) => forward(child, libc::SIGINT),
                None => break exit::SUCCESS,
            },
            _ = terminate.recv() => match &child {
                Some(child) => forward(child, libc::SIGTERM),
                None => break exit::SUCCESS,
            },
            status = wait_child(&mut child) => break status,
        }
    };
    // As the standalone frontend (`waitShutdown` in cmd/faasfrontend/module_main.go: http.Server.Shutdown): stop
    // accepting, close idle connections, let calls in flight finish and close theirs. (The `400 frontend exiting`
    // of middleware/graceexit.go belongs to the plugin build's shutdown handler.)
    drop(listener);
    drop(frontend);
    // Calls in flight get their own limit and a little more; under `--function-timeout 0` the default's, so that a
    // call that never ends cannot keep the emulator from exiting.
    let calls_limit = limit::some(function_timeout).unwrap_or(DEFAULT_FUNCTION_TIMEOUT);
    let _ = tokio::time::timeout(calls_limit + Duration::from_secs(5), graceful.shutdown()).await;
    // Not on the runtime: a worker waits on a receiver in a blocking call.
    tokio::task::block_in_place(|| webhooks.finish(webhook::GRACE));
    if let Some(log) = &log {
        log.flush(Duration::from_secs(2));
    }
    Ok(code)
}

/// How each connection is served: hyper's HTTP/1 with the emulator's limits and Go's manners.
fn connection_builder(read_timeout: Duration) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // Half a second later than --read-timeout: a request whose head came in time and whose body stalls is then
        // always answered by the frontend's own timer (200400, as Go's ReadTimeout answers it), never dropped
        // without an answer by hyper's header timer, which counts from the accept and can win that race.
        .header_read_timeout(limit::some(read_timeout).map(|t| t + Duration::from_millis(500)))
        .max_header_size(MAX_HEAD)
        .max_buf_size(MAX_HEAD + (64 << 10))
        // A client that shuts down its sending side after a whole request still reads the answer, as from Go's
        // server; without this hyper takes the EOF for a hang-up, drops the call and kills its function.
        .half_close(true)
        // Header names as Go writes them (X-Inner-Code, X-Trace-Id), not lower-cased.
        .title_case_headers(true);
    builder
}

/// What every connection is served with.
#[derive(Clone)]
struct ConnectionSetup {
    builder: http1::Builder,
    tls: Option<tokio_rustls::TlsAcceptor>,
    handshake_limit: Duration,
}

/// Serves one accepted connection on its own task, holding its `--max-connections` slot until it closes.
fn accept(
    stream: tokio::net::TcpStream,
    remote: SocketAddr,
    held: Option<connections::Held>,
    frontend: &Arc<Frontend>,
    watcher: hyper_util::server::graceful::Watcher,
    setup: ConnectionSetup,
) {
    let ConnectionSetup {
        builder,
        tls,
        handshake_limit,
    } = setup;
    let _ = stream.set_nodelay(true);
    let peer = Peer {
        local: stream.local_addr().unwrap_or(remote),
        remote,
        linger: Arc::new(AtomicBool::new(false)),
    };
    let stream = linger::Lingering::new(stream, peer.linger.clone());
    let frontend = frontend.clone();
    tokio::spawn(async move {
        let _held = held;
        let service = service_fn(move |request| frontend.clone().handle(request, peer.clone()));
        match tls {
            None => {
                let _ = watcher
                    .watch(builder.serve_connection(TokioIo::new(stream), service))
                    .await;
            }
            // A failed handshake has already told the client why (a TLS alert).
            Some(acceptor) => {
                if let Some(Ok(stream)) = limit::within(handshake_limit, acceptor.accept(stream)).await {
                    let _ = watcher
                        .watch(builder.serve_connection(TokioIo::new(stream), service))
                        .await;
                }
            }
        }
    });
}

/// COMMAND with YR_ENDPOINT set and this binary's folder first on PATH, so `yr` inside it is this yr.
fn start_command(program: &str, args: &[String], url: &str) -> Result<tokio::process::Child> {
    let mut path: Vec<PathBuf> = Vec::new();
    if let Some(folder) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from))
    {
        path.push(folder);
    }
    if let Some(existing) = std::env::var_os("PATH") {
        path.extend(std::env::split_paths(&existing));
    }
    let joined = std::env::join_paths(path).context("cannot build PATH for COMMAND")?;
    let mut command = tokio::process::Command::new(program);
    command.args(args).env("YR_ENDPOINT", url).env("PATH", joined);
    // Its own process group, so a signal reaches what it started too (a shell forks rather than execs). Not on a
    // terminal: there COMMAND may be interactive and must stay in the terminal's foreground group, which gets
    // Ctrl-C from the terminal itself.
    if own_group() {
        command.process_group(0);
    }
    tree::spawn(|| command.spawn(), tokio::process::Child::id).map_err(|e| {
        usage(format!(
            "cannot run COMMAND `{program}`: {}",
            crate::wording::io_reason(&e)
        ))
    })
}

/// Sends a signal to COMMAND's whole process group.
fn forward(child: &tokio::process::Child, signal: libc::c_int) {
    if let Some(pid) = child.id() {
        signal_group(pid, signal);
    }
}

fn signal_group(pid: u32, signal: libc::c_int) {
    let target = if own_group() {
        -(pid as libc::pid_t)
    } else {
        pid as libc::pid_t
    };
    // SAFETY: kill(2) signals our child (or the process group it leads); no memory is touched.
    unsafe {
        libc::kill(target, signal);
    }
}

/// Whether COMMAND runs in a process group of its own: whenever stdin is not a terminal.
fn own_group() -> bool {
    use std::io::IsTerminal;
    !std::io::stdin().is_terminal()
}

/// COMMAND's exit code (128 + N when a signal ended it); never resolves without a COMMAND.
async fn wait_child(child: &mut Option<tokio::process::Child>) -> u8 {
    let Some(child) = child else {
        return std::future::pending().await;
    };
    let group = child.id();
    let status = child.wait().await;
    if let Some(pid) = group {
        tree::forget(pid as i32);
    }
    // What COMMAND left running in its group ends with it.
    if let Some(pid) = group.filter(|_| own_group()) {
        signal_group(pid, libc::SIGTERM);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        signal_group(pid, libc::SIGKILL);
    }
    match status {
        Ok(status) => {
            use std::os::unix::process::ExitStatusExt;
            match (status.code(), status.signal()) {
                (Some(code), _) => code as u8,
                (None, Some(signal)) => 128u8.wrapping_add(signal as u8),
                _ => exit::UNEXPECTED,
            }
        }
        Err(_) => exit::UNEXPECTED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_starts_one_v_later_with_a_command() {
        use Verbosity::*;
        let alone: Vec<_> = [Quiet, Normal, Headers, Timings].map(|v| log_detail(v, false)).into();
        assert_eq!(
            alone,
            [None, Some(Detail::Calls), Some(Detail::Headers), Some(Detail::Headers)]
        );
        let with_command: Vec<_> = [Quiet, Normal, Headers, Timings].map(|v| log_detail(v, true)).into();
        assert_eq!(with_command, [None, None, Some(Detail::Calls), Some(Detail::Headers)]);
    }
}
