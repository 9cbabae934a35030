//! The load engine: C workers on a tokio runtime, each with its own kept-alive hyper connection, sending the same
//! request `yr invoke` sends and recording every latency in an HDR histogram.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::Full;
use hyper::Request;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::bodies::Variety;
use super::export::{self, Row};
use super::modes::Mode;
use super::record::{Seen, StageTally};
use super::shape::Schedule;
use super::wire::Wire;
use crate::answer::reply::Verdict;
use crate::client::request::TracePlan;
use crate::error_table::ErrorClass;
use crate::exit::Class;
use crate::wording::human_duration;

/// What every call sends, and how each worker opens its connection.
pub struct Target {
    /// Where the TCP connection goes: the frontend, or the proxy when there is one.
    pub addr: SocketAddr,
    pub request: Request<Full<Bytes>>,
    /// Makes each call's X-Trace-Id and traceparent, added to its copy of `request`: a trace of its own per call.
    pub trace: Option<TracePlan>,
    /// For an https endpoint.
    pub tls: Option<Tls>,
    /// Through an HTTP proxy: the `CONNECT` request that opens the tunnel to the frontend, as `yr invoke` (ureq)
    /// sends it.
    pub tunnel: Option<Bytes>,
    /// --connect-timeout: bounds the TCP connection, the proxy's tunnel and the TLS handshake of each connection.
    pub connect_timeout: Option<Duration>,
    /// How each call is made and its answer read: plain, --stream or --async, decided once per run.
    pub mode: super::modes::Mode,
}

/// TLS for the workers' connections: the run's configuration (crate::client::tls, shared with `yr invoke`) and the name
/// the certificate is checked against.
pub struct Tls {
    pub connector: tokio_rustls::TlsConnector,
    pub server_name: rustls::pki_types::ServerName<'static>,
}

/// How much load, and how it is shaped.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Calls to make; None runs until `duration` ends.
    pub calls: Option<u64>,
    pub duration: Option<Duration>,
    pub concurrency: u32,
    /// When calls are due (--rate, --stage, --burst); latencies then count from each call's scheduled start. None:
    /// each worker starts its next call when the last one ends.
    pub schedule: Option<Schedule>,
    pub timeout: Option<Duration>,
    /// What varies per call (bodies, sessions, trace ids); None sends the template as it is.
    pub variety: Option<Arc<Variety>>,
    /// The number of this phase's first call (the warm-up's count, for the measured calls): bodies, sessions and
    /// trace ids follow it.
    pub seq_base: u64,
    /// --export: where each measured call's row goes, in batches.
    pub export: Option<std::sync::mpsc::SyncSender<Vec<Row>>>,
}

/// Why a call failed: an inner code, an HTTP status without one, or no answer (with the class `yr invoke` gives
/// the same failure: unreachable, timeout, or platform for an answer that is not HTTP). Failures are counted by
/// kind, never by their words: the words are the kind's sample.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FailureKind {
    Code {
        code: i64,
        status: u16,
    },
    Status(u16),
    NoAnswer(Class),
    /// A failed answer whose body is over FAILURE_BODY_LIMIT: bench does not hold it to judge it.
    TooLarge(u16),
}

/// The most of a failed answer's body bench holds to judge it (its inner code and message), per call in flight.
/// The frontend's error object is under a kilobyte; a successful answer's body is read and dropped, never held.
pub const FAILURE_BODY_LIMIT: usize = 1024 * 1024;

/// The first failure of a kind as it came: the words under its row in the report, and the error line and hint
/// of a run that failed so.
#[derive(Debug, Clone)]
pub enum Sample {
    /// A failed answer, judged as `yr invoke` judges it, with its Location (a redirect's hint names it).
    Answer {
        verdict: Box<Verdict>,
        location: Option<String>,
    },
    /// No answer: why, and the next step where the failure suggests one (a refused connection).
    NoAnswer {
        message: String,
        hint: Option<&'static str>,
    },
}

impl Sample {
    /// The failure's own words: the answer's message, or why there was none.
    pub fn message(&self) -> Option<&str> {
        match self {
            Sample::Answer { verdict, .. } => verdict.message.as_deref(),
            Sample::NoAnswer { message, .. } => Some(message),
        }
    }
}

impl FailureKind {
    /// How a call that failed so ended, as every command classifies it.
    pub fn class(&self) -> Class {
        match self {
            FailureKind::Code { code, status } => {
                Class::of_answer(*status, crate::error_table::class_of(*code, *status))
            }
            FailureKind::Status(status) => Class::of_answer(*status, ErrorClass::from_status(*status)),
            FailureKind::NoAnswer(class) => *class,
            // As `yr invoke` classes an answer too large to hold (exit::Failure::TooLarge).
            FailureKind::TooLarge(_) => Class::Platform,
        }
    }

    /// Whether the call got an HTTP answer (any status): its latency is the frontend's, not a refusal's.
    pub fn answered(&self) -> bool {
        !matches!(self, FailureKind::NoAnswer(_))
    }
}

/// Everything one run measured.
pub struct Tally {
    /// Latencies of successful and failed answers, in microseconds.
    pub latencies: Histogram<u64>,
    /// The failed calls' share of `latencies`, so the report can draw them apart.
    pub failed_latencies: Histogram<u64>,
    pub successes: u64,
    pub failures: HashMap<FailureKind, u64>,
    /// The first failure of each kind (the function's own words).
    pub samples: HashMap<FailureKind, Sample>,
    /// The very first call's latency (often a cold start).
    pub first: Option<Duration>,
    pub elapsed: Duration,
    /// Calls sent or being sent; those that had not finished when the load stopped are `started - calls()`.
    pub started: u64,
    /// With a schedule (--rate, --stage, --burst): the calls due before the load stopped, started or not.
    pub scheduled: Option<u64>,
    /// With a schedule: each call's service time, from when it was sent rather than when it was due (the figure
    /// without the correction for coordinated omission).
    pub service: Option<Histogram<u64>>,
    /// With --stage: each stage's counts and successful latencies, by the stage a call was due in.
    pub stages: Vec<StageTally>,
    /// With --stream or --async: what the mode measured.
    pub modes: super::modes::ModeTally,
}

impl Tally {
    pub fn new() -> Tally {
        Tally {
            latencies: new_histogram(),
            failed_latencies: new_histogram(),
            successes: 0,
            failures: HashMap::new(),
            samples: HashMap::new(),
            first: None,
            elapsed: Duration::ZERO,
            started: 0,
            scheduled: None,
            service: None,
            stages: Vec::new(),
            modes: super::modes::ModeTally::default(),
        }
    }

    pub fn calls(&self) -> u64 {
        self.successes + self.failures.values().sum::<u64>()
    }

    /// Adds `other` in. Only the call with ticket 0 sets `first`, so at most one of the tallies merged has it.
    fn merge(&mut self, other: Tally) {
        self.first = self.first.or(other.first);
        let _ = self.latencies.add(&other.latencies);
        let _ = self.failed_latencies.add(&other.failed_latencies);
        self.successes += other.successes;
        self.started += other.started;
        for (kind, count) in other.failures {
            *self.failures.entry(kind).or_default() += count;
        }
        for (kind, sample) in other.samples {
            self.samples.entry(kind).or_insert(sample);
        }
        if let Some(service) = other.service {
            let _ = self.service.get_or_insert_with(new_histogram).add(&service);
        }
        self.modes.merge(other.modes);
        for (index, stage) in other.stages.into_iter().enumerate() {
            self.stage(index).merge(stage);
        }
    }

    /// Stage `index`'s tally, made when first needed.
    pub fn stage(&mut self, index: usize) -> &mut StageTally {
        if self.stages.len() <= index {
            self.stages.resize_with(index + 1, StageTally::default);
        }
        &mut self.stages[index]
    }
}

pub fn new_histogram() -> Histogram<u64> {
    // 1 µs to 1 hour at 3 significant digits; the bounds are constants, so this cannot fail.
    Histogram::new_with_bounds(1, 3_600_000_000, 3).unwrap_or_else(|_| unreachable!("fixed histogram bounds"))
}

/// State the workers share: the next ticket, the counts of finished and failed calls, the stop flag and when it
/// was raised.
pub struct Shared {
    next: AtomicU64,
    pub done: AtomicU64,
    pub failed: AtomicU64,
    pub stop: AtomicBool,
    stopped_at: std::sync::OnceLock<Instant>,
    /// With -v: told each kind of failure the first time one comes, and each stage as it starts.
    pub notices: std::sync::OnceLock<Box<dyn Fn(String) + Send + Sync>>,
    /// The kinds of failure already told of.
    told: std::sync::Mutex<std::collections::HashSet<FailureKind>>,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared {
            next: AtomicU64::new(0),
            done: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            stopped_at: std::sync::OnceLock::new(),
            notices: std::sync::OnceLock::new(),
            told: std::sync::Mutex::new(std::collections::HashSet::new()),
        })
    }

    /// Tells -v of the first failure of its kind (from any worker), once.
    fn tell_first(&self, kind: &FailureKind, sample: &Sample) {
        let Some(notice) = self.notices.get() else {
            return;
        };
        let new = self
            .told
            .lock()
            .map(|mut told| told.insert(kind.clone()))
            .unwrap_or(false);
        if new {
            notice(super::record::first_failure_line(kind, sample));
        }
    }

    /// Stops the load: workers leave calls in flight and report what finished.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // After the flag: a worker that saw it down started a call due before this instant.
        let _ = self.stopped_at.set(Instant::now());
    }
}

/// A thread's own view of the stop flag: waiting on it takes no lock another thread contends for.
struct Stopper {
    shared: Arc<Shared>,
    local: tokio::sync::Notify,
}

impl Stopper {
    async fn until_stopped(&self) {
        let notified = self.local.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if self.shared.stop.load(Ordering::SeqCst) {
            return;
        }
        notified.await;
    }

    /// Passes the stop flag (and the -z deadline) on to this thread's workers, checking every 10 ms.
    async fn watch(self: Arc<Self>, deadline: Option<Instant>) {
        loop {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                self.shared.stop();
            }
            if self.shared.stop.load(Ordering::SeqCst) {
                self.local.notify_waiters();
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Runs the plan to its end (or until `shared.stop`), returning the merged tally. Blocks: the workers run on one
/// single-threaded runtime per thread, so a request and its connection are served on the same thread (no wake-ups
/// across cores, which cost more than the request itself on loopback).
pub fn run(target: Arc<Target>, plan: Plan, shared: Arc<Shared>) -> Tally {
    let started = Instant::now();
    let parallelism = std::thread::available_parallelism().map_or(1, |n| n.get());
    let plan = Arc::new(plan);
    let announcer = super::record::announce_stages(&plan, &shared, started);
    // The lean path (wire.rs) wherever it can go, decided once for the run.
    let wire = super::wire::Wire::for_target(&target).map(Arc::new);
    let handles: Vec<_> = spread(plan.concurrency, parallelism)
        .into_iter()
        .map(|workers| {
            let (target, plan, shared) = (target.clone(), plan.clone(), shared.clone());
            let wire = wire.clone();
            std::thread::spawn(move || run_thread(workers, target, plan, shared, (started, wire)))
        })
        .collect();
    let mut tally = Tally::new();
    for handle in handles {
        if let Ok(part) = handle.join() {
            tally.merge(part);
        }
    }
    let elapsed = started.elapsed();
    tally.elapsed = match plan.duration {
        Some(d) => elapsed.min(d),
        None => elapsed,
    };
    if let Some(schedule) = &plan.schedule {
        // Due before the load stopped: tickets due inside the window (a -z run's window is exactly -z).
        let stopped = shared
            .stopped_at
            .get()
            .map_or(elapsed, |at| at.saturating_duration_since(started));
        let window = plan.duration.map_or(stopped, |d| stopped.min(d));
        let due = schedule.due_before(window);
        tally.scheduled = Some(plan.calls.map_or(due, |calls| due.min(calls)));
    }
    if let Some(announcer) = announcer {
        shared.stop();
        let _ = announcer.join();
    }
    tally
}

fn run_thread(
    workers: usize,
    target: Arc<Target>,
    plan: Arc<Plan>,
    shared: Arc<Shared>,
    (started, wire): (Instant, Option<Arc<Wire>>),
) -> Tally {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        return Tally::new();
    };
    runtime.block_on(async move {
        let stopper = Arc::new(Stopper {
            shared: shared.clone(),
            local: tokio::sync::Notify::new(),
        });
        let watcher = tokio::spawn(stopper.clone().watch(plan.duration.map(|d| started + d)));
        // One tally per thread, which its workers share: a worker of its own would cost two histograms (about
        // 360 KB), and -c 10000 took 3.8 GB. The lock is never contended: the runtime runs one task at a time.
        let tally = Arc::new(std::sync::Mutex::new(Tally::new()));
        let rows = Arc::new(std::sync::Mutex::new(Vec::new()));
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let thread = Thread {
                    tally: tally.clone(),
                    rows: rows.clone(),
                    started,
                    wire: wire.clone(),
                };
                tokio::spawn(worker(target.clone(), plan.clone(), stopper.clone(), thread))
            })
            .collect();
        for handle in handles {
            let _ = handle.await;
        }
        watcher.abort();
        if let Some(export) = &plan.export {
            let rest = std::mem::take(&mut *rows.lock().unwrap_or_else(|p| p.into_inner()));
            if !rest.is_empty() {
                let _ = export.send(rest);
            }
        }
        std::mem::replace(&mut *lock(&tally), Tally::new())
    })
}

/// The thread's tally, even after a worker panicked holding it (what it counted stays counted).
fn lock(tally: &std::sync::Mutex<Tally>) -> std::sync::MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a thread's workers share: its tally, its batch of export rows, and the run's start.
struct Thread {
    tally: Arc<std::sync::Mutex<Tally>>,
    rows: Arc<std::sync::Mutex<Vec<Row>>>,
    started: Instant,
    wire: Option<Arc<Wire>>,
}

/// When a worker's next call is due, and its stage; None when the worker is done.
async fn next_due(plan: &Plan, stopper: &Stopper, started: Instant, ticket: u64) -> Option<(Instant, Option<u32>)> {
    let shared = &stopper.shared;
    let Some(schedule) = &plan.schedule else {
        return Some((Instant::now(), None));
    };
    // A tiny rate puts a call past what an Instant holds (`--rate 1e-300`: the second call is due in 1e300 s):
    // that call is never due, as one past -z's end (or past the last stage).
    let Some((slot, at)) = schedule
        .slot(ticket)
        .and_then(|slot| started.checked_add(slot.at).map(|at| (slot, at)))
    else {
        if plan.duration.is_none() {
            stopper.until_stopped().await;
        }
        return None;
    };
    // A call due at or after -z's end is not part of the run.
    if plan.duration.is_some_and(|d| at >= started + d) {
        return None;
    }
    tokio::select! {
        () = tokio::time::sleep_until(at.into()) => {}
        () = stopper.until_stopped() => return None,
    }
    // Due, but the load stopped first: missed, not started.
    if shared.stop.load(Ordering::Relaxed) {
        return None;
    }
    Some((at, slot.stage))
}

async fn worker(target: Arc<Target>, plan: Arc<Plan>, stopper: Arc<Stopper>, thread: Thread) {
    let shared = &stopper.shared;
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    let mut lean: Option<super::wire::Conn> = None;
    let mut timer = plan.timeout.map(Timer::new);
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        let ticket = shared.next.fetch_add(1, Ordering::Relaxed);
        if plan.calls.is_some_and(|calls| ticket >= calls) {
            break;
        }
        let Some((scheduled, stage)) = next_due(&plan, &stopper, thread.started, ticket).await else {
            break;
        };
        // Without a schedule a call is due when the worker is free: `scheduled` is now, read once.
        let sent = if plan.schedule.is_some() {
            Instant::now()
        } else {
            scheduled
        };
        let seq = plan.seq_base + ticket;
        let mut seen = Seen::default();
        let call = async {
            let Some(wire) = &thread.wire else {
                let request = match &plan.variety {
                    Some(variety) => {
                        super::bodies::varied_request(&target.request, target.trace.as_ref(), variety, seq)
                    }
                    None => super::bodies::clone_request(&target.request, target.trace.as_ref(), None),
                };
                return one_call(&target, &mut sender, request, &mut seen).await;
            };
            super::wire::call(&target, wire, plan.variety.as_deref(), seq, &mut lean, &mut seen).await
        };
        let Some((outcome, timed_out)) = bounded(call, timer.as_mut(), sent, &stopper).await else {
            // Started, and left in flight by the stop.
            lock(&thread.tally).started += 1;
            break;
        };
        if timed_out {
            (sender, lean) = (None, None);
        }
        if matches!(&outcome, Err(failed) if !failed.kind.answered()) {
            sender = None;
        }
        let call = super::record::Call {
            ticket,
            seq,
            scheduled,
            sent,
            stage,
            seen,
        };
        let row = record(&thread, &plan, shared, &call, outcome);
        if let (Some(export), Some(row)) = (&plan.export, row) {
            let batch = {
                let mut rows = thread.rows.lock().unwrap_or_else(|p| p.into_inner());
                rows.push(row);
                (rows.len() >= export::BATCH).then(|| std::mem::take(&mut *rows))
            };
            // A full channel holds this thread back until the writer catches up: memory stays bounded.
            if let Some(batch) = batch {
                let _ = export.send(batch);
            }
        }
        shared.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// --timeout's one timer per worker. Arming a timer per call cost every call a turn through tokio's timer wheel;
/// this one is armed at a deadline no later than the call in flight's own, and re-armed (to that call's deadline)
/// only when it fires first, about once per --timeout rather than once per call.
struct Timer {
    limit: Duration,
    sleep: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl Timer {
    fn new(limit: Duration) -> Timer {
        Timer {
            limit,
            sleep: Box::pin(tokio::time::sleep(limit)),
        }
    }
}

/// The call's outcome, and whether --timeout ended it (its connection then abandoned); None when the load stopped
/// first. With a `timer`, the call has until `sent` + --timeout.
async fn bounded(
    call: impl std::future::Future<Output = Result<(), Failed>>,
    timer: Option<&mut Timer>,
    sent: Instant,
    stopper: &Stopper,
) -> Option<(Result<(), Failed>, bool)> {
    tokio::pin!(call);
    let Some(timer) = timer else {
        return tokio::select! {
            outcome = call => Some((outcome, false)),
            () = stopper.until_stopped() => None,
        };
    };
    let deadline = tokio::time::Instant::from_std(sent) + timer.limit;
    loop {
        tokio::select! {
            outcome = &mut call => return Some((outcome, false)),
            () = timer.sleep.as_mut() => {
                if tokio::time::Instant::now() >= deadline {
                    let words = format!("no complete answer within {} (--timeout)", human_duration(timer.limit));
                    timer.sleep.as_mut().reset(deadline + timer.limit);
                    return Some((Err(no_answer(Class::Timeout, words)), true));
                }
                // An earlier call's deadline: this call's own is later.
                timer.sleep.as_mut().reset(deadline);
            }
            () = stopper.until_stopped() => return None,
        }
    }
}

/// How many workers each thread runs: no more threads than workers or cores, the workers spread evenly (thread i
/// runs workers i, i + threads, ...).
fn spread(concurrency: u32, parallelism: usize) -> Vec<usize> {
    let threads = parallelism.min(concurrency as usize).max(1);
    (0..threads)
        .map(|index| (index..concurrency as usize).step_by(threads).count())
        .collect()
}

/// Counts a finished call in the thread's tally (and tells -v of a new kind of failure); its export row.
fn record(
    thread: &Thread,
    plan: &Plan,
    shared: &Shared,
    call: &super::record::Call,
    outcome: Result<(), Failed>,
) -> Option<Row> {
    let latency = call.scheduled.elapsed();
    let micros = (latency.as_micros() as u64).max(1);
    let mut tally = lock(&thread.tally);
    // Counted here, with the rest, rather than under a lock of its own as the call starts; a call the stop leaves
    // in flight is counted as the worker leaves (`worker`).
    tally.started += 1;
    if call.ticket == 0 {
        tally.first = Some(latency);
    }
    let _ = tally.latencies.record(micros);
    if plan.schedule.is_some() {
        let service = (call.sent.elapsed().as_micros() as u64).max(1);
        let _ = tally.service.get_or_insert_with(new_histogram).record(service);
    }
    let ok = outcome.is_ok();
    tally.modes.count(ok, &call.seen.marks, call.scheduled, latency);
    if let Some(stage) = call.stage {
        tally.stage(stage as usize).count(ok, micros);
    }
    let mut seen = call.seen;
    match outcome {
        Ok(()) => tally.successes += 1,
        Err(Failed { kind, sample }) => {
            let _ = tally.failed_latencies.record(micros);
            if let FailureKind::Code { code, status } = &kind {
                seen.code = seen.code.or(Some(*code));
                seen.status = seen.status.or(Some(*status));
            }
            if !tally.samples.contains_key(&kind) {
                shared.tell_first(&kind, &sample);
                tally.samples.insert(kind.clone(), sample);
            }
            *tally.failures.entry(kind).or_default() += 1;
            shared.failed.fetch_add(1, Ordering::Relaxed);
        }
    }
    drop(tally);
    plan.export.as_ref().map(|_| Row {
        start_us: call.scheduled.saturating_duration_since(thread.started).as_micros() as u64,
        latency_us: micros,
        status: seen.status,
        code: seen.code,
        seq: call.seq,
        stage: call.stage,
        bytes: seen.bytes,
    })
}

/// A failed call: its kind, and what its answer (or the lack of one) said.
pub(super) struct Failed {
    pub(super) kind: FailureKind,
    pub(super) sample: Sample,
}

/// A call that got no answer, classed as `yr invoke` classes the same failure (src/client/http.rs).
pub(super) fn no_answer(class: Class, message: impl Into<String>) -> Failed {
    Failed {
        kind: FailureKind::NoAnswer(class),
        sample: Sample::NoAnswer {
            message: message.into(),
            hint: None,
        },
    }
}

/// One call on the worker's connection, opening it first when needed; `seen` gathers its status, code and bytes.
pub(super) async fn one_call(
    target: &Target,
    sender: &mut Option<SendRequest<Full<Bytes>>>,
    request: Request<Full<Bytes>>,
    seen: &mut Seen,
) -> Result<(), Failed> {
    let open = match sender {
        Some(open) if !open.is_closed() => open,
        _ => sender.insert(connect(target).await?),
    };
    if open.ready().await.is_err() {
        *open = connect(target).await?;
    }
    let response = open.send_request(request).await.map_err(|e| transport(&e))?;
    match &target.mode {
        Mode::Plain => super::judge::classify(response, seen).await,
        Mode::Stream => super::modes::read_stream(response, seen).await,
        Mode::Async(polling) => super::modes::follow_async(target, polling, open, response, seen).await,
    }
}

pub(super) async fn connect(target: &Target) -> Result<SendRequest<Full<Bytes>>, Failed> {
    let deadline = target.connect_timeout.map(|limit| tokio::time::Instant::now() + limit);
    let stream = within(deadline, target, tcp(target)).await?;
    let Some(tls) = &target.tls else {
        return handshake(stream).await;
    };
    let stream = within(deadline, target, async {
        tls.connector
            .connect(tls.server_name.clone(), stream)
            .await
            .map_err(|e| no_answer(Class::Unreachable, format!("TLS: {e}")))
    })
    .await?;
    handshake(stream).await
}

/// A plain connection (through the proxy's tunnel when there is one), within --connect-timeout: the lean path's.
pub(super) async fn plain(target: &Target) -> Result<TcpStream, Failed> {
    let deadline = target.connect_timeout.map(|limit| tokio::time::Instant::now() + limit);
    within(deadline, target, tcp(target)).await
}

/// `step`, failed as a connect timeout when `deadline` passes first.
async fn within<T>(
    deadline: Option<tokio::time::Instant>,
    target: &Target,
    step: impl std::future::Future<Output = Result<T, Failed>>,
) -> Result<T, Failed> {
    let Some(deadline) = deadline else {
        return step.await;
    };
    // A connect timeout is a timeout, as `yr invoke` has it (http.rs, `timed_out`).
    tokio::time::timeout_at(deadline, step).await.unwrap_or_else(|_| {
        Err(no_answer(
            Class::Timeout,
            format!(
                "could not connect within {} (--connect-timeout)",
                human_duration(target.connect_timeout.unwrap_or_default())
            ),
        ))
    })
}

/// The TCP connection, and the proxy's tunnel through it when there is a proxy.
async fn tcp(target: &Target) -> Result<TcpStream, Failed> {
    let mut stream = TcpStream::connect(target.addr).await.map_err(|e| {
        let mut failed = no_answer(Class::Unreachable, crate::client::http::io_words(&e));
        if e.kind() == std::io::ErrorKind::ConnectionRefused {
            failed.sample = Sample::NoAnswer {
                message: crate::wording::REFUSED.into(),
                hint: Some(crate::wording::NOT_RUNNING),
            };
        }
        failed
    })?;
    let _ = stream.set_nodelay(true);
    if let Some(request) = &target.tunnel {
        open_tunnel(&mut stream, request).await?;
    }
    Ok(stream)
}

/// Sends `CONNECT` and reads the proxy's answer head: a 200 opens the tunnel, anything else is refused, as ureq (so
/// `yr invoke`) does. The head is read a byte at a time so that no byte of the tunnel is read past it.
async fn open_tunnel(stream: &mut TcpStream, request: &[u8]) -> Result<(), Failed> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let io = |e: std::io::Error| {
        no_answer(
            Class::Unreachable,
            format!("proxy: {}", crate::client::http::io_words(&e)),
        )
    };
    stream.write_all(request).await.map_err(io)?;
    let mut head = Vec::with_capacity(128);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= 16 << 10 {
            return Err(no_answer(Class::Unreachable, "proxy: its answer to CONNECT has no end"));
        }
        let mut byte = [0u8];
        if stream.read(&mut byte).await.map_err(io)? == 0 {
            return Err(no_answer(
                Class::Unreachable,
                "proxy: closed the connection without answering CONNECT",
            ));
        }
        head.push(byte[0]);
    }
    let status_line = String::from_utf8_lossy(head.split(|&b| b == b'\r').next().unwrap_or_default()).into_owned();
    let status = status_line.split(' ').nth(1).unwrap_or_default();
    if status == "200" {
        Ok(())
    } else {
        Err(no_answer(
            Class::Unreachable,
            format!(
                "the proxy refused the tunnel: {}",
                status_line
                    .split_once(' ')
                    .map_or(status_line.as_str(), |(_, rest)| rest)
            ),
        ))
    }
}

async fn handshake<S>(stream: S) -> Result<SendRequest<Full<Bytes>>, Failed>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| transport(&e))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// A call that broke before its answer was whole, classed as `yr invoke` classes it: bytes that are not HTTP are
/// the platform's failure, a timeout a timeout, anything else a connection that broke.
pub(super) fn transport(error: &hyper::Error) -> Failed {
    if error.is_parse() {
        no_answer(Class::Platform, format!("the answer is not valid HTTP: {error}"))
    } else if error.is_incomplete_message() {
        no_answer(Class::Unreachable, "the connection closed before the answer")
    } else if error.is_timeout() {
        no_answer(Class::Timeout, "timed out")
    } else {
        no_answer(Class::Unreachable, error.to_string())
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
