//! What `yr test` prints on stdout: a line per case as it finishes (with what failed), then a summary; on a
//! terminal in colour under a live status line, piped as plain lines; with `--json`, one object per case and one
//! summary object instead (kept too for `--jsonl`). With `--repeat`, each case's round, and per case the rounds it
//! failed in. Everything passes through `secrets::redact`, so the token is in no report.

use serde_json::{Value, json};

use super::call::{CallRecord, Reached};
use super::plan::PlannedCase;
use super::run::{CaseResult, Progress, RunResult, Status, StopReason};
use crate::answer::color::{Paint, Palette};
use crate::answer::envelope::millis;
use crate::answer::output::{CLEAR_LINE, Ui, Verbosity};
use crate::wording::human_duration;

/// The counts a run ends with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub not_run: usize,
    pub interrupted: usize,
    pub filtered_out: usize,
}

impl Tally {
    pub fn of(run: &RunResult, filtered_out: usize) -> Tally {
        let mut tally = Tally {
            filtered_out,
            ..Tally::default()
        };
        for result in &run.results {
            match result.status {
                Status::Passed => tally.passed += 1,
                Status::Failed => tally.failed += 1,
                Status::NotRun(_) => tally.not_run += 1,
                Status::Interrupted => tally.interrupted += 1,
            }
        }
        tally
    }
}

/// Prints the report as the run goes.
pub struct Reporter {
    /// The printer: the lines go to its stdout.
    ui: Ui,
    json: bool,
    terminal: bool,
    palette: Palette,
    verbosity: Verbosity,
    /// A live status line is on screen and must be cleared before the next line.
    status_shown: bool,
    /// The `--json` lines as printed (the token hidden), kept for `--jsonl`.
    json_lines: Option<String>,
}

impl Reporter {
    /// `keep_json`: keep the `--json` lines for `--jsonl`, printed or not.
    pub fn new(ui: &Ui, json: bool, keep_json: bool) -> Reporter {
        let (terminal, palette, verbosity) = (ui.stdout_terminal, ui.stdout_palette, ui.verbosity);
        Reporter {
            ui: ui.clone(),
            json,
            terminal: terminal && !json,
            palette,
            verbosity,
            status_shown: false,
            json_lines: keep_json.then(String::new),
        }
    }

    /// The `--json` lines of the run, once it has finished (None unless asked for).
    pub fn json_lines(&self) -> Option<&str> {
        self.json_lines.as_deref()
    }

    /// A `--json` line: printed with `--json`, kept for `--jsonl`.
    fn json_line(&mut self, text: &mut String, object: &Value) {
        let line = format!("{object}\n");
        if let Some(kept) = &mut self.json_lines {
            kept.push_str(&crate::secrets::redact(&line));
        }
        if self.json {
            text.push_str(&line);
        }
    }

    /// A case finished.
    pub fn case(&mut self, result: &CaseResult, case: &PlannedCase, progress: Progress) {
        let mut text = self.clear_status();
        if self.json || self.json_lines.is_some() {
            self.json_line(&mut text, &case_json(result, case));
        }
        if !self.json && (result.status == Status::Failed || self.verbosity > Verbosity::Quiet) {
            text.push_str(&case_lines(result, case, &self.palette));
        }
        if self.terminal && progress.done < progress.total {
            let status = format!(
                "  {}/{} done · {} running",
                progress.done, progress.total, progress.running
            );
            text.push_str(&self.palette.paint(&status, Paint::Dim));
            self.status_shown = true;
        }
        emit(&self.ui, &text);
    }

    /// The run ended: cases that did not finish (JSON only), then the summary.
    pub fn finish(&mut self, run: &RunResult, cases: &[PlannedCase], tally: Tally, exit: u8) {
        let mut text = self.clear_status();
        if self.json || self.json_lines.is_some() {
            for result in run
                .results
                .iter()
                .filter(|r| matches!(r.status, Status::NotRun(_) | Status::Interrupted))
            {
                self.json_line(&mut text, &case_json(result, &cases[result.case]));
            }
            self.json_line(&mut text, &summary_json(run, cases, tally, exit));
        }
        if !self.json {
            for rounds in failed_rounds(run) {
                text.push_str(&rounds_line(&rounds, &cases[rounds.case], &self.palette));
            }
            text.push_str(&summary_line(run, tally, &self.palette));
        }
        emit(&self.ui, &text);
    }

    fn clear_status(&mut self) -> String {
        if std::mem::take(&mut self.status_shown) {
            CLEAR_LINE.to_string()
        } else {
            String::new()
        }
    }
}

/// A report's lines on the printer's stdout, the token hidden; a closed pipe is not worth failing the suite for.
fn emit(ui: &Ui, text: &str) {
    let _ = ui.out(crate::secrets::redact(text).as_bytes());
}

/// `PASS  smoke.toml:12 › hello greets  3.1 ms`, and under a failure one line per expectation and one for the call.
pub fn case_lines(result: &CaseResult, case: &PlannedCase, palette: &Palette) -> String {
    let (word, paint) = match result.status {
        Status::Passed => ("PASS", Paint::Good),
        Status::Failed => ("FAIL", Paint::Error),
        Status::NotRun(_) | Status::Interrupted => ("SKIP", Paint::Dim),
    };
    let elapsed = case_elapsed(result).unwrap_or_default();
    let round = result.round.map(|r| format!(" · round {r}")).unwrap_or_default();
    let mut text = format!(
        "{}  {}:{} › {}{round}  {}\n",
        palette.paint(word, paint),
        case.file_path,
        case.line,
        case.name,
        palette.paint(&human_duration(elapsed), Paint::Dim)
    );
    if result.status != Status::Failed {
        return text;
    }
    for line in failure_lines(result, case) {
        text.push_str("      ");
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// What failed, one line per expectation (each followed by its difference lines, indented), then the call: its answer, trace id and the exit code `yr invoke`
/// would have had. Shared by the terminal report and JUnit.
pub fn failure_lines(result: &CaseResult, case: &PlannedCase) -> Vec<String> {
    failure_lines_as_said(result, case)
        .iter()
        .map(|line| crate::answer::output::shown_text(line).into_owned())
        .collect()
}

/// The lines of `failure_lines` as the answer said them: what the server chose (a message, a body, a trace id) may
/// hold control characters, which `failure_lines` shows as `?`.
fn failure_lines_as_said(result: &CaseResult, case: &PlannedCase) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(flow) = &result.flow {
        lines.push(format!("{}{}", flow.step, tries(flow.tries)));
    }
    let Some(record) = &result.record else {
        lines.extend(
            result
                .mismatches
                .iter()
                .map(|m| crate::answer::output::shown_line(&m.line()).into_owned()),
        );
        return lines;
    };
    match &record.reached {
        Reached::NoAnswer { message, class } => {
            let exit = class.exit_code();
            let class = class.name();
            lines.push(format!("no answer: {message}"));
            lines.push(format!(
                "call: no answer · exit {exit} ({class}) · {}{}",
                case.function,
                attempts(record.attempts)
            ));
        }
        Reached::Answer(answer) => {
            // What a server answered stays on its own line: a line break in it is `?` too.
            for m in &result.mismatches {
                lines.push(crate::answer::output::shown_line(&m.line()).into_owned());
                for detail in &m.detail {
                    lines.push(format!("  {}", crate::answer::output::shown_line(detail)));
                }
            }
            let trace = answer.verdict.trace_id.as_deref().unwrap_or("none");
            lines.push(format!(
                "call: {} · trace {trace} · exit {} ({}) · {}{}",
                answer_words(&answer.verdict),
                answer.class().exit_code(),
                answer.class().name(),
                case.function,
                attempts(record.attempts)
            ));
        }
    }
    lines
}

/// A call's trace id (the answer's, else the one it was sent with) and the traceparent it was sent with.
pub fn trace_ids(record: &CallRecord) -> (Option<&str>, Option<&str>) {
    let answered = match &record.reached {
        Reached::Answer(answer) => answer.verdict.trace_id.as_deref(),
        Reached::NoAnswer { .. } => None,
    };
    let sent = record.trace.as_ref();
    (
        answered.or(sent.map(|t| t.trace_id.as_str())),
        sent.map(|t| t.traceparent.as_str()),
    )
}

/// How long a case took: every step, for a case with steps.
pub fn case_elapsed(result: &CaseResult) -> Option<std::time::Duration> {
    match (&result.flow, &result.record) {
        (Some(flow), _) => Some(flow.elapsed),
        (None, Some(record)) => Some(record.elapsed),
        (None, None) => None,
    }
}

/// ` · 4 tries` when a step was tried again (`until`).
fn tries(n: u32) -> String {
    if n > 1 { format!(" · {n} tries") } else { String::new() }
}

/// ` · 3 attempts` when a call was retried.
fn attempts(n: u32) -> String {
    if n > 1 {
        format!(" · {n} attempts")
    } else {
        String::new()
    }
}

/// `HTTP 500, code 4037 (session config invalid): message`, without the trace (shown on its own).
fn answer_words(verdict: &crate::answer::reply::Verdict) -> String {
    let mut plain = verdict.clone();
    plain.trace_id = None;
    crate::answer::output::failure_line(&plain)
}

/// `12 passed, 1 failed; 2 not run (--fail-fast); 3 filtered out; 1.2s`.
fn summary_line(run: &RunResult, tally: Tally, palette: &Palette) -> String {
    let passed = palette.paint(&format!("{} passed", tally.passed), Paint::Good);
    let failed_text = format!("{} failed", tally.failed);
    let failed = if tally.failed > 0 {
        palette.paint(&failed_text, Paint::Error)
    } else {
        failed_text
    };
    let mut line = format!("{passed}, {failed}");
    if tally.interrupted > 0 {
        line.push_str(&format!("; {} interrupted", tally.interrupted));
    }
    if tally.not_run > 0 {
        let why = match run.stopped {
            Some(StopReason::FailFast) => " (--fail-fast)",
            _ => " (interrupted)",
        };
        line.push_str(&format!("; {} not run{why}", tally.not_run));
    }
    if tally.filtered_out > 0 {
        line.push_str(&format!("; {} filtered out", tally.filtered_out));
    }
    if run.repeat > 1 {
        if run.rounds < run.repeat {
            let why = match run.stopped {
                Some(StopReason::FailFast) => " (--fail-fast)",
                _ => " (interrupted)",
            };
            line.push_str(&format!("; {} of {} rounds{why}", run.rounds, run.repeat));
        } else {
            line.push_str(&format!("; {} rounds", run.rounds));
        }
    }
    line.push_str(&format!("; {}\n", human_duration(run.elapsed)));
    if run.stopped == Some(StopReason::Interrupted) {
        line.insert_str(0, &palette.paint("interrupted: ", Paint::Warning));
    }
    line
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::NotRun(_) => "not_run",
        Status::Interrupted => "interrupted",
    }
}

/// The `--json` object of one case.
pub fn case_json(result: &CaseResult, case: &PlannedCase) -> Value {
    let mut object = json!({
        "type": "case",
        "file": case.file_path,
        "suite": case.suite,
        "name": case.name,
        "line": case.line,
        "function": case.function,
        "result": status_word(result.status),
        "elapsed_ms": null,
        "attempts": null,
        "status": null,
        "code": null,
        "class": null,
        "exit": null,
        "trace_id": null,
        "traceparent": null,
        "message": null,
        "failures": result.mismatches.iter().map(|m| json!({"key": m.key, "expected": m.expected, "got": m.got, "detail": m.detail})).collect::<Vec<_>>(),
    });
    if let Some(round) = result.round {
        object["round"] = json!(round);
    }
    if let Some(flow) = &result.flow {
        object["step"] = json!({
            "index": flow.step.index,
            "name": flow.step.name,
            "kind": flow.step.kind.name(),
            "tries": flow.tries,
        });
    }
    if let Some(elapsed) = case_elapsed(result) {
        object["elapsed_ms"] = json!(millis(elapsed));
    }
    let Some(record) = &result.record else {
        return object;
    };
    object["attempts"] = json!(record.attempts);
    let (trace_id, traceparent) = trace_ids(record);
    object["trace_id"] = json!(trace_id);
    object["traceparent"] = json!(traceparent);
    match &record.reached {
        Reached::NoAnswer { message, class } => {
            object["class"] = json!(class);
            object["exit"] = json!(class.exit_code());
            object["message"] = json!(message);
        }
        Reached::Answer(answer) => {
            let verdict = &answer.verdict;
            object["status"] = json!(verdict.status);
            object["code"] = json!(verdict.code);
            object["class"] = json!(answer.class());
            object["exit"] = json!(answer.class().exit_code());
            object["message"] = json!(verdict.message);
            if let Some(id) = &answer.request_id {
                object["request_id"] = json!(id);
            }
        }
    }
    object
}

fn summary_json(run: &RunResult, cases: &[PlannedCase], tally: Tally, exit: u8) -> Value {
    let mut object = json!({
        "type": "summary",
        "passed": tally.passed,
        "failed": tally.failed,
        "not_run": tally.not_run,
        "interrupted": tally.interrupted,
        "filtered_out": tally.filtered_out,
        "stopped": match run.stopped {
            Some(StopReason::FailFast) => json!("fail-fast"),
            Some(StopReason::Interrupted) => json!("interrupted"),
            None => Value::Null,
        },
        "elapsed_ms": millis(run.elapsed),
        "exit": exit,
    });
    if run.repeat > 1 {
        object["repeat"] = json!(run.repeat);
        object["rounds"] = json!(run.rounds);
        object["failed_cases"] = failed_rounds(run)
            .iter()
            .map(|rounds| {
                let case = &cases[rounds.case];
                json!({
                    "file": case.file_path,
                    "name": case.name,
                    "line": case.line,
                    "rounds_run": rounds.ran,
                    "failed_rounds": rounds.failed,
                    "flaky": rounds.flaky(),
                })
            })
            .collect();
    }
    object
}

/// How a case went over the rounds of a `--repeat` run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRounds {
    /// Indexes the planned cases.
    pub case: usize,
    /// The rounds it ran to the end in (passed or failed).
    pub ran: u32,
    /// The rounds it failed in, in order.
    pub failed: Vec<u32>,
}

impl CaseRounds {
    /// Failed in some rounds and passed in others.
    pub fn flaky(&self) -> bool {
        !self.failed.is_empty() && (self.failed.len() as u32) < self.ran
    }
}

/// The cases that failed in at least one round, in planned order (none for a run of one round).
pub fn failed_rounds(run: &RunResult) -> Vec<CaseRounds> {
    let mut by_case: std::collections::BTreeMap<usize, CaseRounds> = std::collections::BTreeMap::new();
    for result in &run.results {
        let Some(round) = result.round else { continue };
        let rounds = by_case.entry(result.case).or_insert_with(|| CaseRounds {
            case: result.case,
            ran: 0,
            failed: Vec::new(),
        });
        match result.status {
            Status::Passed => rounds.ran += 1,
            Status::Failed => {
                rounds.ran += 1;
                rounds.failed.push(round);
            }
            Status::NotRun(_) | Status::Interrupted => {}
        }
    }
    by_case.into_values().filter(|c| !c.failed.is_empty()).collect()
}

/// `FLAKY   smoke.toml:16 › pay: failed in 2 of 10 rounds: 3, 7`: the first rounds named, the rest counted.
fn rounds_line(rounds: &CaseRounds, case: &PlannedCase, palette: &Palette) -> String {
    const NAMED: usize = 20;
    let (word, paint) = if rounds.flaky() {
        ("FLAKY ", Paint::Warning)
    } else {
        ("FAILED", Paint::Error)
    };
    let mut named: Vec<String> = rounds.failed.iter().take(NAMED).map(u32::to_string).collect();
    if rounds.failed.len() > NAMED {
        named.push(format!("… and {} more", rounds.failed.len() - NAMED));
    }
    format!(
        "{}  {}:{} › {}: failed in {} of {} rounds: {}\n",
        palette.paint(word, paint),
        case.file_path,
        case.line,
        case.name,
        rounds.failed.len(),
        rounds.ran,
        named.join(", ")
    )
}
