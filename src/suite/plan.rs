//! Each case of a suite file turned into its steps (a case without `[[case.step]]` is one step made of its own
//! keys): each the call `yr invoke` would make (the same RequestArgs, InvokeRequest, connection settings and retry
//! policy) or a result, session-delete, health or pause step, with its expectations, captures and `until`, all
//! checked before anything is sent. A value's error is placed at the key that holds it. A step naming a variable
//! captured earlier is checked now as far as it can be, and built again when it runs (`Later`).

use std::collections::BTreeSet;

use anyhow::Result;

use super::file::{CaseFields, CaseSpec, Defaults, Deferred, Step, SuiteFile};
use super::plan_step::{StepPlace, StepPlan, check_keys, first_set, key_steps, place, plan_step, written_keys};
use super::step::Kind;
use crate::client::config::{Connection, ConnectionFlags, Lookup, NameFlags, name_defaults};
use crate::client::request::TraceparentFlags;
use crate::exit::FlagError;
use crate::input::Deadline;

/// A case ready to run.
#[derive(Debug, Clone)]
pub struct PlannedCase {
    /// Index of its file among those given.
    pub file: usize,
    /// The file's path as given, and its suite name.
    pub file_path: String,
    pub suite: String,
    pub name: String,
    pub line: usize,
    pub serial: bool,
    /// The URN its first call is to ("" when no step names a function).
    pub function: String,
    pub steps: Vec<PlannedStep>,
    /// Written as `[[case.step]]`: reports name the step that failed.
    pub has_steps: bool,
    /// Said before the suite runs (e.g. `cpu` without `memory`).
    pub warnings: Vec<String>,
}

/// One step, as reports call it, and what it does.
#[derive(Debug, Clone)]
pub struct PlannedStep {
    pub label: StepLabel,
    pub work: Work,
}

/// `step 2 "wait until ready"` or `step 2 (result)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLabel {
    /// 1-based.
    pub index: usize,
    pub name: Option<String>,
    pub kind: Kind,
}

impl std::fmt::Display for StepLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(name) => write!(f, "step {} \"{name}\" ({})", self.index, self.kind.name()),
            None => write!(f, "step {} ({})", self.index, self.kind.name()),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Work {
    Ready(Box<StepPlan>),
    /// Built when it runs, once the variables it names are captured.
    Later(Box<LaterStep>),
}

/// A step whose strings name captured variables: its table as written, and what it is built with when it runs.
#[derive(Debug, Clone)]
pub struct LaterStep {
    pub raw: toml::Value,
    /// The names that come from captures.
    pub captured: BTreeSet<String>,
    pub context: StepContext,
}

/// What a step is built with besides its own keys: the file's folder and `[defaults]`, the tenant and service the
/// command line, environment or profile give, and the connection (its endpoint and timeout cannot be captured).
#[derive(Debug, Clone)]
pub struct StepContext {
    pub dir: std::path::PathBuf,
    pub defaults: Defaults,
    pub names: NameFlags,
    pub connection: Connection,
    pub deadline: Deadline,
    pub traceparent: TraceparentFlags,
}

impl LaterStep {
    /// The step built from `fields` (its table with the captures filled in); the error names the key.
    pub fn build(&self, fields: &CaseFields) -> Result<StepPlan, String> {
        let lookup = Lookup::detached(self.context.deadline);
        let place = StepPlace {
            dir: &self.context.dir,
            defaults: &self.context.defaults,
            names: &self.context.names,
            lookup: &lookup,
            traceparent: &self.context.traceparent,
        };
        plan_step(fields, &place, self.context.connection.clone())
            .map(|(plan, _)| plan)
            .map_err(|(key, why)| format!("key `{key}`: {why}"))
    }
}

/// What the command line sets for every case; a suite's values win over it (see docs/test.md).
pub struct CommandLine<'a> {
    pub connection: &'a ConnectionFlags,
    pub names: &'a NameFlags,
    pub traceparent: &'a TraceparentFlags,
}

/// The keys a case with steps may hold: the rest go in its steps.
const CASE_WITH_STEPS: &[&str] = &["name", "serial", "step"];

/// Plans every case of one file. `connect` resolves connection settings (flag, environment, profile, discovery,
/// default) as `yr invoke` does.
pub fn plan(
    file: &SuiteFile,
    index: usize,
    command_line: &CommandLine,
    lookup: &Lookup,
    connect: &mut dyn FnMut(&ConnectionFlags) -> Result<Connection, FlagError>,
) -> Result<Vec<PlannedCase>> {
    if file.cases.is_empty() {
        return Err(crate::exit::usage(format!(
            "{}: has no [[case]] to run",
            file.path.display()
        )));
    }
    let mut planned = Vec::with_capacity(file.cases.len());
    for (i, case) in file.cases.iter().enumerate() {
        let in_case = vec![Step::Key("case".into()), Step::Index(i)];
        let name = case_name(file, i, &in_case)?;
        let written = written_steps(file, case, &in_case)?;
        let mut steps = Vec::with_capacity(written.len());
        let mut warnings = Vec::new();
        let mut function = String::new();
        for (j, (fields, to, step)) in written.iter().enumerate() {
            let at = |key: &str, message: &str| file.error_at(&place(fields, to, key), message);
            let deferred = case.deferred.get(step);
            check_step_keys(fields, step.is_some(), deferred).map_err(|(key, why)| at(key, &why))?;
            let connection =
                step_connection(file, fields, command_line, connect).map_err(|(key, why)| at(key, &why))?;
            let names = step_names(file, fields, command_line, lookup);
            let place_of = StepPlace {
                dir: &file.dir,
                defaults: &file.defaults,
                names: &names,
                lookup,
                traceparent: command_line.traceparent,
            };
            let label = StepLabel {
                index: j + 1,
                name: fields.name.clone().filter(|_| step.is_some()),
                kind: fields.kind.unwrap_or_default(),
            };
            let work = match deferred {
                Some(deferred) => {
                    check_keys(fields).map_err(|(key, why)| at(&key, &why))?;
                    Work::Later(Box::new(later_step(
                        file,
                        deferred,
                        names.clone(),
                        connection,
                        (lookup.deadline, command_line.traceparent),
                    )))
                }
                None => {
                    let (plan, said) = plan_step(fields, &place_of, connection).map_err(|(key, why)| {
                        if key.starts_with("expect.") {
                            let mut to = to.clone();
                            to.extend(key_steps(&key));
                            file.error_at(&to, &why)
                        } else {
                            at(&key, &why)
                        }
                    })?;
                    if function.is_empty() {
                        function = plan.action.function().unwrap_or_default();
                    }
                    warnings.extend(
                        said.iter()
                            .map(|w| format!("{}: case \"{name}\": {w}", file.path.display())),
                    );
                    Work::Ready(Box::new(plan))
                }
            };
            if function.is_empty() {
                if let Some(text) = fields.function.as_ref() {
                    function = text.clone();
                }
            }
            steps.push(PlannedStep { label, work });
        }
        planned.push(PlannedCase {
            file: index,
            file_path: file.path.display().to_string(),
            suite: file.name.clone(),
            name,
            line: case.line,
            serial: file.serial || case.fields.serial,
            function,
            steps,
            has_steps: case.fields.step.is_some(),
            warnings,
        });
    }
    Ok(planned)
}

/// The name of case `i`, which it must have and no earlier case may share.
fn case_name(file: &SuiteFile, i: usize, in_case: &[Step]) -> Result<String> {
    let case = &file.cases[i];
    let Some(name) = case.fields.name.clone() else {
        return Err(file.error_at(in_case, "missing field `name`"));
    };
    if let Some(first) = file.cases[..i].iter().find(|c| c.fields.name.as_ref() == Some(&name)) {
        return Err(file.error_at(
            &place(&case.fields, in_case, "name"),
            &format!("the name is already used by the case on line {}", first.line),
        ));
    }
    Ok(name)
}

/// A step that uses a captured variable, kept as written to be planned when the variable is known.
fn later_step(
    file: &SuiteFile,
    deferred: &Deferred,
    names: NameFlags,
    connection: Connection,
    (deadline, traceparent): (Deadline, &TraceparentFlags),
) -> LaterStep {
    LaterStep {
        raw: deferred.raw.clone(),
        captured: deferred.captured.clone(),
        context: StepContext {
            dir: file.dir.clone(),
            defaults: file.defaults.clone(),
            names,
            connection,
            deadline,
            traceparent: traceparent.clone(),
        },
    }
}

/// A step as written: its fields, where they are in the file, and its index among the case's `[[case.step]]` (none
/// when the case is its own one step).
type WrittenStep<'c> = (&'c CaseFields, Vec<Step>, Option<usize>);

/// The case's steps with where each is written: its `[[case.step]]` tables, or the case itself.
fn written_steps<'c>(file: &SuiteFile, case: &'c CaseSpec, in_case: &[Step]) -> Result<Vec<WrittenStep<'c>>> {
    let at = |key: &str, message: &str| file.error_at(&place(&case.fields, in_case, key), message);
    // The case's steps: its `[[case.step]]` tables, or the case itself.
    let written = match &case.fields.step {
        Some(steps) => {
            if let Some(key) = written_keys(&case.fields)
                .into_iter()
                .find(|k| !CASE_WITH_STEPS.contains(k))
            {
                return Err(at(
                    key,
                    &format!(
                        "a case with steps holds only `name`, `serial` and `step`: `{key}` goes in a step (or in [defaults])"
                    ),
                ));
            }
            if steps.is_empty() {
                return Err(at("step", "a case's `step` list is empty"));
            }
            steps
                .iter()
                .enumerate()
                .map(|(j, step)| {
                    let mut to = in_case.to_vec();
                    to.extend([Step::Key("step".into()), Step::Index(j)]);
                    (step, to, Some(j))
                })
                .collect()
        }
        None => vec![(&case.fields, in_case.to_vec(), None)],
    };
    if written.iter().all(|(fields, ..)| fields.kind == Some(Kind::Pause)) {
        return Err(at(
            "step",
            "a case of pauses only calls nothing: give it a step that does",
        ));
    }
    Ok(written)
}

/// A step's keys that are out of place: the case's own keys in a step, or a captured variable where none can be.
fn check_step_keys<'d>(
    fields: &CaseFields,
    in_step: bool,
    deferred: Option<&'d Deferred>,
) -> Result<(), (&'d str, String)> {
    if in_step {
        if let Some(key) = ["serial", "step"]
            .into_iter()
            .find(|k| written_keys(fields).contains(k))
        {
            return Err((key, format!("`{key}` belongs to the case, not to a step")));
        }
    }
    if let Some(key) = deferred.and_then(|d| {
        d.keys.iter().find(|k| {
            matches!(
                k.as_str(),
                "endpoint" | "timeout" | "tenant" | "service" | "name" | "kind" | "capture" | "until"
            )
        })
    }) {
        return Err((
            key,
            format!("`{key}` cannot use a captured variable: it is decided before anything is sent"),
        ));
    }
    Ok(())
}

/// The step's tenant and service, over the defaults' over the command line's, resolved as `yr invoke` does.
fn step_names(file: &SuiteFile, fields: &CaseFields, command_line: &CommandLine, lookup: &Lookup) -> NameFlags {
    let names = NameFlags {
        tenant: first_set(fields.tenant.as_ref(), file.defaults.tenant.as_ref())
            .or(command_line.names.tenant.as_ref())
            .cloned(),
        service: first_set(fields.service.as_ref(), file.defaults.service.as_ref())
            .or(command_line.names.service.as_ref())
            .cloned(),
    };
    let resolved = name_defaults(&names, lookup);
    NameFlags {
        tenant: Some(resolved.tenant),
        service: Some(resolved.service),
    }
}

/// The connection of a step: its endpoint and timeout over the defaults' over the command line's.
fn step_connection(
    file: &SuiteFile,
    fields: &CaseFields,
    command_line: &CommandLine,
    connect: &mut dyn FnMut(&ConnectionFlags) -> Result<Connection, FlagError>,
) -> Result<Connection, (&'static str, String)> {
    let mut connection_args = command_line.connection.clone();
    if let Some(endpoint) = first_set(fields.endpoint.as_ref(), file.defaults.endpoint.as_ref()) {
        connection_args.endpoint = Some(endpoint.clone());
    }
    let timeout = first_set(
        fields.timeout.as_ref().map(|t| &t.0),
        file.defaults.timeout.as_ref().map(|t| &t.0),
    );
    if let Some(timeout) = timeout {
        connection_args.timeout = Some(timeout.clone());
    }
    connect(&connection_args).map_err(|e| {
        let key = match e.flag {
            Some("--timeout" | "--connect-timeout") => "timeout",
            _ => "endpoint",
        };
        (key, crate::answer::output::error_chain(&e.error))
    })
}
