//! A case's steps, run in order on one worker: each step built (now, if it names a captured variable), tried (again,
//! with `until`, while its expectations fail and its deadline allows), its captures taken into the case's
//! variables. The first step that fails ends the case; what the case captured is then shared with the serial cases
//! after it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::call::{self, CallRecord, Reached};
use super::file::CaseFields;
use super::plan::{LaterStep, PlannedCase, StepLabel, Work};
use super::plan_step::{Action, StepPlan};
use super::step::{Capture, Source};
use super::vars::{self, VarError, Variables};
use crate::answer::expect::Mismatch;
use crate::answer::output::Ui;
use crate::call::wait::Wait;
use crate::client::config::Connection;
use crate::exit::Class;
use crate::wording::human_duration;

/// What the cases of each file captured, by file index and name: a serial case reads what the cases before it took.
pub type Captured = Arc<Mutex<HashMap<(usize, String), String>>>;

/// How a case's steps went, for the report: the step it ended on and how many tries that took.
#[derive(Debug, Clone)]
pub struct FlowReport {
    /// The step that failed, else the last one.
    pub step: StepLabel,
    pub tries: u32,
    /// The whole case, every step.
    pub elapsed: Duration,
}

/// How a case ended: the last call's record (None when it failed before any call), what failed, and its steps.
#[derive(Debug)]
pub struct CaseOutcome {
    pub record: Option<CallRecord>,
    pub mismatches: Vec<Mismatch>,
    /// Said for a case with steps, or one tried again with `until`.
    pub flow: Option<FlowReport>,
}

/// Runs `case`'s steps.
pub fn run(case: &PlannedCase, ui: &Ui, variables: &Variables, shared: &Captured) -> CaseOutcome {
    let started = Instant::now();
    let mut local: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<CallRecord> = None;
    let mut mismatches = Vec::new();
    let mut report = None;
    for step in &case.steps {
        let built;
        let plan: &StepPlan = match &step.work {
            Work::Ready(plan) => plan,
            Work::Later(later) => match build(later, &local, shared, case.file, variables) {
                Ok(plan) => {
                    built = plan;
                    &built
                }
                Err(message) => {
                    mismatches.push(Mismatch {
                        key: "step",
                        expected: "a step that can be sent".into(),
                        got: message,
                        detail: Vec::new(),
                    });
                    report = Some((step.label.clone(), 0, None));
                    break;
                }
            },
        };
        let tried = try_until(plan, ui);
        report = Some((step.label.clone(), tried.tries, plan.until.clone()));
        if tried.record.is_some() {
            last = tried.record;
        }
        if !tried.mismatches.is_empty() {
            mismatches = tried.mismatches;
            break;
        }
        for (name, value) in tried.values {
            if variables.is_secret(&name) {
                crate::secrets::register(&value);
            }
            local.insert(name, value);
        }
    }
    if let Ok(mut shared) = shared.lock() {
        shared.extend(local.into_iter().map(|(name, value)| ((case.file, name), value)));
    }
    let flow = report
        .filter(|(_, tries, until)| case.has_steps || until.is_some() || *tries > 1)
        .map(|(step, tries, _)| FlowReport {
            step,
            tries,
            elapsed: started.elapsed(),
        });
    CaseOutcome {
        record: last,
        mismatches,
        flow,
    }
}

/// A step's last try.
struct Tried {
    record: Option<CallRecord>,
    mismatches: Vec<Mismatch>,
    tries: u32,
    values: Vec<(String, String)>,
}

/// Makes the step, and again while it fails and `until` allows: each try bounded by what is left of the deadline,
/// the last at its end. A deadline that runs out fails the step with the last answer: when the last try was cut
/// short by the deadline (it timed out), that is the answer of the try before it, so a slow function's failure is
/// its own, not a timeout, and the case still counts as answered.
fn try_until(plan: &StepPlan, ui: &Ui) -> Tried {
    let wait = plan.until.as_ref().map(|until| Wait::new(Some(until.deadline)));
    let started = Instant::now();
    let mut tries = 0;
    let mut last_answer: Option<(CallRecord, Vec<Mismatch>)> = None;
    loop {
        tries += 1;
        let record = perform(&plan.action, wait.as_ref(), ui);
        let mut mismatches = match &record {
            Some(record) => super::expect::check(&plan.expect, record),
            None => Vec::new(),
        };
        let mut values = Vec::new();
        if mismatches.is_empty() {
            if let Some(record) = &record {
                match capture(&plan.captures, record) {
                    Ok(found) => values = found,
                    Err(missing) => mismatches.push(missing),
                }
            }
        }
        let (Some(until), Some(wait), false) = (&plan.until, &wait, mismatches.is_empty()) else {
            return Tried {
                record,
                mismatches,
                tries,
                values,
            };
        };
        let timed_out = matches!(
            record.as_ref().map(|r| &r.reached),
            Some(Reached::NoAnswer {
                class: Class::Timeout,
                ..
            })
        );
        if wait.pause(until.pause_after(tries)) {
            if let Some(answered) = record.filter(|r| matches!(r.reached, Reached::Answer(_))) {
                last_answer = Some((answered, mismatches));
            }
            continue;
        }
        let (record, mut mismatches, cut) = match (timed_out, last_answer) {
            (true, Some((answered, its_mismatches))) => (
                Some(answered),
                its_mismatches,
                "; the last try, cut short by the deadline, got no answer",
            ),
            _ => (record, mismatches, ""),
        };
        mismatches.push(Mismatch {
            key: "until",
            expected: format!("the expectations to hold within {}", human_duration(until.deadline)),
            got: format!(
                "{tries} {} in {}{cut}; the last answer is below",
                if tries == 1 { "try" } else { "tries" },
                human_duration(started.elapsed())
            ),
            detail: Vec::new(),
        });
        return Tried {
            record,
            mismatches,
            tries,
            values: Vec::new(),
        };
    }
}

/// The connection with each try bounded by what is left of an `until` deadline.
fn bounded(connection: &Connection, wait: Option<&Wait>) -> Connection {
    let mut connection = connection.clone();
    if let Some(wait) = wait {
        connection.timeout.value = wait.bound(connection.timeout.value);
    }
    connection
}

/// One try of a step; a pause makes no call.
fn perform(action: &Action, wait: Option<&Wait>, ui: &Ui) -> Option<CallRecord> {
    match action {
        Action::Invoke(plan) => {
            let mut plan = plan.clone();
            plan.connection = bounded(&plan.connection, wait);
            plan.policy.timeout = plan.connection.timeout.value;
            Some(plan.make(ui))
        }
        Action::Result {
            connection,
            id,
            interval,
        } => Some(call::result(&bounded(connection, wait), id, *interval, ui)),
        Action::SessionDelete { connection, urn, id } => {
            Some(call::session_delete(&bounded(connection, wait), urn, id))
        }
        Action::Health {
            connection,
            wait: look_for,
        } => Some(call::health(&bounded(connection, wait), *look_for, ui)),
        Action::Pause(duration) => {
            std::thread::sleep(*duration);
            None
        }
    }
}

/// The captured values, or the first capture that found nothing (saying where it looked).
fn capture(captures: &[Capture], record: &CallRecord) -> Result<Vec<(String, String)>, Mismatch> {
    let Reached::Answer(answer) = &record.reached else {
        return Ok(Vec::new());
    };
    let mut found = Vec::with_capacity(captures.len());
    for capture in captures {
        let missing = |why: &str| Mismatch {
            key: "capture",
            expected: format!("{} from {}", capture.name, capture.shown),
            got: why.to_string(),
            detail: Vec::new(),
        };
        let value = match &capture.source {
            Source::Body(path) => {
                let Ok(body) = serde_json::from_slice::<serde_json::Value>(&answer.exchange.body) else {
                    return Err(missing("a body that is not JSON"));
                };
                match path.find(&body) {
                    Some(serde_json::Value::String(text)) => text.clone(),
                    Some(value) => value.to_string(),
                    None => return Err(missing(&format!("nothing at {path} in the body"))),
                }
            }
            Source::Header(name) => match answer.exchange.header(name) {
                Some(value) => value.to_string(),
                None => return Err(missing(&format!("no {name} header"))),
            },
            Source::RequestId => match &answer.request_id {
                Some(id) => id.clone(),
                None => return Err(missing("no request id (an asynchronous call has one)")),
            },
            Source::TraceId => match &answer.verdict.trace_id {
                Some(id) => id.clone(),
                None => return Err(missing("no trace id in the answer")),
            },
            Source::Code => answer.verdict.code.unwrap_or(0).to_string(),
            Source::Status => answer.exchange.status.to_string(),
        };
        found.push((capture.name.clone(), value));
    }
    Ok(found)
}

/// A step naming captured variables, built now: its strings expanded (a captured name from what the case, or the
/// cases before it, captured; any other from the variables) and checked as at the start.
fn build(
    later: &LaterStep,
    local: &BTreeMap<String, String>,
    shared: &Captured,
    file: usize,
    variables: &Variables,
) -> Result<StepPlan, String> {
    let shared = shared.lock().map(|s| s.clone()).unwrap_or_default();
    let lookup = |name: &str| {
        if later.captured.contains(name) {
            local
                .get(name)
                .cloned()
                .or_else(|| shared.get(&(file, name.to_string())).cloned())
        } else {
            variables.get(name)
        }
    };
    let mut raw = later.raw.clone();
    expand(&mut raw, &lookup).map_err(|error| match error {
        VarError::Missing(name) if later.captured.contains(&name) => {
            format!("`${{{name}}}` has no value: the step or case that captures it failed, or did not run")
        }
        other => other.to_string(),
    })?;
    let fields = CaseFields::deserialize(raw).map_err(|e| e.to_string())?;
    later.build(&fields)
}

fn expand(value: &mut toml::Value, lookup: &dyn Fn(&str) -> Option<String>) -> Result<(), VarError> {
    match value {
        toml::Value::String(text) => {
            *text = vars::expand(text, lookup)?;
            Ok(())
        }
        toml::Value::Array(items) => items.iter_mut().try_for_each(|item| expand(item, lookup)),
        toml::Value::Table(table) => table.iter_mut().try_for_each(|(_, item)| expand(item, lookup)),
        _ => Ok(()),
    }
}
