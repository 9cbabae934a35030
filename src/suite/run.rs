//! Running the planned cases: up to `jobs` at once on worker threads, a serial case alone (the cases before it
//! finish first, the ones after wait for it), `--fail-fast` and Ctrl-C checked between cases; with `--repeat N`,
//! N rounds of that, one after another, each starting afresh.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::call::CallRecord;
use super::flow::{self, Captured, CaseOutcome, FlowReport};
use super::plan::PlannedCase;
use crate::answer::expect::Mismatch;
use crate::answer::output::Ui;

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed,
    /// Never started: `--fail-fast` stopped the run, or Ctrl-C.
    NotRun(StopReason),
    /// Started, and still running when Ctrl-C stopped the run.
    Interrupted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    FailFast,
    Interrupted,
}

/// One case's result; `case` indexes the planned cases.
#[derive(Debug)]
pub struct CaseResult {
    pub case: usize,
    pub status: Status,
    pub record: Option<CallRecord>,
    pub mismatches: Vec<Mismatch>,
    /// For a case with steps (or tried again with `until`): the step it ended on, and its tries.
    pub flow: Option<FlowReport>,
    /// The round it ran in (from 1), when the run has more than one.
    pub round: Option<u32>,
}

impl CaseResult {
    /// Lets go of what no report reads once the case is judged (the body, the headers, the frames), so that
    /// thousands of rounds keep only their verdicts.
    fn shed_answer(&mut self) {
        if let Some(CallRecord {
            reached: super::call::Reached::Answer(answer),
            ..
        }) = &mut self.record
        {
            answer.exchange.body = Vec::new();
            answer.exchange.headers = Vec::new();
            answer.frames = None;
        }
    }
}

/// Every case's result, in the planned order, round after round.
#[derive(Debug)]
pub struct RunResult {
    pub results: Vec<CaseResult>,
    pub stopped: Option<StopReason>,
    pub elapsed: Duration,
    /// The rounds asked for (`--repeat`, 1 without it) and the rounds started.
    pub repeat: u32,
    pub rounds: u32,
}

pub struct Options {
    pub jobs: usize,
    pub fail_fast: bool,
    /// Rounds, one after another: 1 to `MAX_REPEAT`.
    pub repeat: u32,
    /// Carries retry and polling notes (quiet unless -v).
    pub ui: Ui,
    pub variables: Arc<super::vars::Variables>,
}

/// How far the run is, for a live status line.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub running: usize,
    pub total: usize,
}

/// The most rounds `--repeat` takes (cli.rs says the same to clap): a 10,000-round run of a 1-second suite is
/// close to three hours, more than any CI job should hold, and the verdicts it keeps stay small.
pub const MAX_REPEAT: u32 = 10_000;

/// Runs the cases, `options.repeat` rounds one after another; `on_done` sees each result as it comes (in
/// completion order), with the progress of its round after it. A round that `--fail-fast` or Ctrl-C stopped is
/// the last.
pub fn run(
    cases: Arc<Vec<PlannedCase>>,
    options: &Options,
    stop: &AtomicBool,
    on_done: &mut dyn FnMut(&CaseResult, &PlannedCase, Progress),
) -> RunResult {
    let started = Instant::now();
    let repeat = options.repeat.clamp(1, MAX_REPEAT);
    let mut results = Vec::new();
    let (mut stopped, mut rounds) = (None, 0);
    for round in 1..=repeat {
        if stop.load(Ordering::SeqCst) {
            stopped = Some(StopReason::Interrupted);
            break;
        }
        rounds = round;
        let numbered = (repeat > 1).then_some(round);
        let (mut ran, ended) = run_round(cases.clone(), options, numbered, stop, on_done);
        if repeat > 1 {
            ran.iter_mut().for_each(CaseResult::shed_answer);
        }
        results.append(&mut ran);
        if ended.is_some() {
            stopped = ended;
            break;
        }
    }
    RunResult {
        results,
        stopped,
        elapsed: started.elapsed(),
        repeat,
        rounds,
    }
}

/// One round. Its captures are its own: a serial case never reads what an earlier round took.
fn run_round(
    cases: Arc<Vec<PlannedCase>>,
    options: &Options,
    round: Option<u32>,
    stop: &AtomicBool,
    on_done: &mut dyn FnMut(&CaseResult, &PlannedCase, Progress),
) -> (Vec<CaseResult>, Option<StopReason>) {
    let total = cases.len();
    let (job_sender, jobs) = mpsc::channel::<usize>();
    let jobs = Arc::new(Mutex::new(jobs));
    let (result_sender, finished) = mpsc::channel::<(usize, CaseOutcome)>();
    let captured = Captured::default();
    for _ in 0..options.jobs.min(total).max(1) {
        let (cases, jobs, results, ui) = (cases.clone(), jobs.clone(), result_sender.clone(), options.ui.clone());
        let (variables, captured) = (options.variables.clone(), captured.clone());
        std::thread::spawn(move || {
            loop {
                let next = match jobs.lock() {
                    Ok(receiver) => receiver.recv(),
                    Err(_) => return,
                };
                let Ok(index) = next else { return };
                let outcome = flow::run(&cases[index], &ui, &variables, &captured);
                if results.send((index, outcome)).is_err() {
                    return;
                }
            }
        });
    }
    drop(result_sender);

    let mut slots: Vec<Option<CaseResult>> = (0..total).map(|_| None).collect();
    let (mut next, mut running, mut done) = (0usize, 0usize, 0usize);
    let mut serial_running = false;
    let mut stopped = None;
    loop {
        while stopped.is_none()
            && next < total
            && running < options.jobs
            && !serial_running
            && !stop.load(Ordering::SeqCst)
        {
            if cases[next].serial && running > 0 {
                break;
            }
            if job_sender.send(next).is_err() {
                break;
            }
            serial_running = cases[next].serial;
            next += 1;
            running += 1;
        }
        if stop.load(Ordering::SeqCst) {
            stopped = Some(StopReason::Interrupted);
            break;
        }
        if running == 0 {
            break;
        }
        let (index, outcome) = match finished.recv_timeout(Duration::from_millis(50)) {
            Ok(got) => got,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        running -= 1;
        done += 1;
        serial_running = false;
        let CaseOutcome {
            record,
            mismatches,
            flow,
        } = outcome;
        let status = if mismatches.is_empty() {
            Status::Passed
        } else {
            Status::Failed
        };
        if status == Status::Failed && options.fail_fast && stopped.is_none() {
            stopped = Some(StopReason::FailFast);
        }
        let result = CaseResult {
            case: index,
            status,
            record,
            mismatches,
            flow,
            round,
        };
        on_done(&result, &cases[index], Progress { done, running, total });
        slots[index] = Some(result);
    }
    let results = slots
        .into_iter()
        .enumerate()
        .map(|(case, slot)| {
            slot.unwrap_or_else(|| CaseResult {
                case,
                status: if case < next {
                    Status::Interrupted
                } else {
                    Status::NotRun(stopped.unwrap_or(StopReason::Interrupted))
                },
                record: None,
                mismatches: Vec::new(),
                flow: None,
                round,
            })
        })
        .collect();
    (results, stopped)
}
