//! Running the planned cases: each round on the `pool` (up to `jobs` at once, a serial case alone, `--fail-fast`
//! and Ctrl-C checked between cases), its outcomes turned into results; with `--repeat N`, N rounds of that, one
//! after another, each starting afresh.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::call::CallRecord;
use super::flow::{self, Captured, CaseOutcome, FlowReport};
use super::plan::PlannedCase;
use super::pool::{CaseRunner, Pool, RoundEnd, Verdict};
pub use super::pool::{Progress, StopReason};
use crate::answer::expect::Mismatch;
use crate::answer::output::Ui;
use crate::interrupt::StopFlag;

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

/// The most rounds `--repeat` takes (cli.rs says the same to clap): a 10,000-round run of a 1-second suite is
/// close to three hours, more than any CI job should hold, and the verdicts it keeps stay small.
pub const MAX_REPEAT: u32 = 10_000;

/// Runs the cases, `options.repeat` rounds one after another; `on_done` sees each result as it comes (in
/// completion order), with the progress of its round after it. A round that `--fail-fast` or Ctrl-C stopped is
/// the last.
pub fn run(
    cases: Arc<Vec<PlannedCase>>,
    options: &Options,
    stop: &'static StopFlag,
    on_done: &mut dyn FnMut(&CaseResult, &PlannedCase, Progress),
) -> RunResult {
    let started = Instant::now();
    let repeat = options.repeat.clamp(1, MAX_REPEAT);
    let serial = cases.iter().map(|case| case.serial).collect();
    let pool = Pool::new(serial, options.jobs, options.fail_fast, stop.flag());
    let waker = pool.stop_waker();
    // Blocks until Ctrl-C, if it comes; the process ends without waiting for this thread.
    std::thread::spawn(move || {
        stop.wait();
        waker.wake();
    });
    let mut results = Vec::new();
    let (mut stopped, mut rounds) = (None, 0);
    for round in 1..=repeat {
        if stop.flag().load(Ordering::SeqCst) {
            stopped = Some(StopReason::Interrupted);
            break;
        }
        rounds = round;
        let numbered = (repeat > 1).then_some(round);
        let (mut ran, ended) = run_round(&pool, cases.clone(), options, numbered, on_done);
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

impl Verdict for CaseOutcome {
    fn failed(&self) -> bool {
        !self.mismatches.is_empty()
    }
}

/// One round. Its captures are its own: a serial case never reads what an earlier round took.
fn run_round(
    pool: &Pool<CaseOutcome>,
    cases: Arc<Vec<PlannedCase>>,
    options: &Options,
    round: Option<u32>,
    on_done: &mut dyn FnMut(&CaseResult, &PlannedCase, Progress),
) -> (Vec<CaseResult>, Option<StopReason>) {
    let run_case: CaseRunner<CaseOutcome> = {
        let (cases, ui, variables) = (cases.clone(), options.ui.clone(), options.variables.clone());
        let captured = Captured::default();
        Arc::new(move |index| flow::run(&cases[index], &ui, &variables, &captured))
    };
    let mut slots: Vec<Option<CaseResult>> = (0..cases.len()).map(|_| None).collect();
    let end = pool.round(run_case, &mut |index, outcome, progress| {
        let result = finished(index, outcome, round);
        on_done(&result, &cases[index], progress);
        slots[index] = Some(result);
    });
    let results = slots
        .into_iter()
        .enumerate()
        .map(|(case, slot)| slot.unwrap_or_else(|| unfinished(case, end, round)))
        .collect();
    (results, end.stopped)
}

/// The result of a case that ran to its end.
fn finished(case: usize, outcome: CaseOutcome, round: Option<u32>) -> CaseResult {
    let status = if outcome.failed() {
        Status::Failed
    } else {
        Status::Passed
    };
    let CaseOutcome {
        record,
        mismatches,
        flow,
    } = outcome;
    CaseResult {
        case,
        status,
        record,
        mismatches,
        flow,
        round,
    }
}

/// The result of a case the round stopped before its end: still running, or never started.
fn unfinished(case: usize, end: RoundEnd, round: Option<u32>) -> CaseResult {
    CaseResult {
        case,
        status: if case < end.started {
            Status::Interrupted
        } else {
            Status::NotRun(end.stopped.unwrap_or(StopReason::Interrupted))
        },
        record: None,
        mismatches: Vec::new(),
        flow: None,
        round,
    }
}
