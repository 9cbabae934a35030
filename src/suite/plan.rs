//! Each case of a suite file turned into its steps (a case without `[[case.step]]` is one step made of its own
//! keys): each the call `yr invoke` would make (the same RequestArgs, InvokeRequest, connection settings and retry
//! policy) or a result, session-delete, health or pause step, with its expectations, captures and `until`, all
//! checked before anything is sent. A value's error is placed at the key that holds it. A step naming a variable
//! captured earlier is checked now as far as it can be, and built again when it runs (`Later`).

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::Result;

use super::call::{CallPlan, Mode};
use super::file::{CaseFields, Defaults, Step, SuiteFile};
use super::step::{Capture, Kind, Until, WaitValue};
use crate::answer::expect::Expectations;
use crate::call::retry::RetryPolicy;
use crate::client::config::{Connection, ConnectionFlags, Lookup, NameFlags, name_defaults};
use crate::client::request::{InvokeRequest, RequestFlags};
use crate::input::Deadline;
use crate::urn::FunctionUrn;

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

/// A step, checked.
#[derive(Debug, Clone)]
pub struct StepPlan {
    pub action: Action,
    pub expect: Expectations,
    pub captures: Vec<Capture>,
    pub until: Option<Until>,
}

#[derive(Debug, Clone)]
pub enum Action {
    Invoke(CallPlan),
    /// `yr result ID --wait`.
    Result {
        connection: Connection,
        id: String,
        interval: Duration,
    },
    /// `yr session delete FUNCTION SESSION_ID`.
    SessionDelete {
        connection: Connection,
        urn: FunctionUrn,
        id: String,
    },
    /// `yr health [--wait DURATION]`.
    Health {
        connection: Connection,
        wait: Option<Duration>,
    },
    Pause(Duration),
}

impl Action {
    /// The URN a step calls, for reports.
    fn function(&self) -> Option<String> {
        match self {
            Action::Invoke(call) => Some(call.request.urn.to_string()),
            Action::SessionDelete { urn, .. } => Some(urn.to_string()),
            _ => None,
        }
    }
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
        };
        plan_step(fields, &place, self.context.connection.clone())
            .map(|(plan, _)| plan)
            .map_err(|(key, why)| format!("key `{key}`: {why}"))
    }
}

/// What the command line sets for every case; a suite's values win over it (see the README).
pub struct CommandLine<'a> {
    pub connection: &'a ConnectionFlags,
    pub names: &'a NameFlags,
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
    connect: &mut dyn FnMut(&ConnectionFlags) -> Result<Connection>,
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
        let Some(name) = case.fields.name.clone() else {
            return Err(file.error_at(&in_case, "missing field `name`"));
        };
        let at = |key: &str, message: &str| file.error_at(&place(&case.fields, &in_case, key), message);
        if let Some(first) = file.cases[..i].iter().find(|c| c.fields.name.as_ref() == Some(&name)) {
            return Err(at(
                "name",
                &format!("the name is already used by the case on line {}", first.line),
            ));
        }
        // The case's steps: its `[[case.step]]` tables, or the case itself.
        let written: Vec<(&CaseFields, Vec<Step>, Option<usize>)> = match &case.fields.step {
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
                        let mut to = in_case.clone();
                        to.extend([Step::Key("step".into()), Step::Index(j)]);
                        (step, to, Some(j))
                    })
                    .collect()
            }
            None => vec![(&case.fields, in_case.clone(), None)],
        };
        if written.iter().all(|(fields, ..)| fields.kind == Some(Kind::Pause)) {
            return Err(at(
                "step",
                "a case of pauses only calls nothing: give it a step that does",
            ));
        }
        let mut steps = Vec::with_capacity(written.len());
        let mut warnings = Vec::new();
        let mut function = String::new();
        for (j, (fields, to, step)) in written.iter().enumerate() {
            let at = |key: &str, message: &str| file.error_at(&place(fields, to, key), message);
            if step.is_some() {
                if let Some(key) = ["serial", "step"]
                    .into_iter()
                    .find(|k| written_keys(fields).contains(k))
                {
                    return Err(at(key, &format!("`{key}` belongs to the case, not to a step")));
                }
            }
            let deferred = case.deferred.get(step);
            if let Some(key) = deferred.and_then(|d| {
                d.keys.iter().find(|k| {
                    matches!(
                        k.as_str(),
                        "endpoint" | "timeout" | "tenant" | "service" | "name" | "kind" | "capture" | "until"
                    )
                })
            }) {
                return Err(at(
                    key,
                    &format!("`{key}` cannot use a captured variable: it is decided before anything is sent"),
                ));
            }
            let connection =
                step_connection(file, fields, command_line, connect).map_err(|(key, why)| at(key, &why))?;
            let names = NameFlags {
                tenant: first_set(fields.tenant.as_ref(), file.defaults.tenant.as_ref())
                    .or(command_line.names.tenant.as_ref())
                    .cloned(),
                service: first_set(fields.service.as_ref(), file.defaults.service.as_ref())
                    .or(command_line.names.service.as_ref())
                    .cloned(),
            };
            let resolved = name_defaults(&names, lookup);
            let names = NameFlags {
                tenant: Some(resolved.tenant),
                service: Some(resolved.service),
            };
            let place_of = StepPlace {
                dir: &file.dir,
                defaults: &file.defaults,
                names: &names,
                lookup,
            };
            let label = StepLabel {
                index: j + 1,
                name: fields.name.clone().filter(|_| step.is_some()),
                kind: fields.kind.unwrap_or_default(),
            };
            let work = match deferred {
                Some(deferred) => {
                    check_keys(fields).map_err(|(key, why)| at(&key, &why))?;
                    Work::Later(Box::new(LaterStep {
                        raw: deferred.raw.clone(),
                        captured: deferred.captured.clone(),
                        context: StepContext {
                            dir: file.dir.clone(),
                            defaults: file.defaults.clone(),
                            names: names.clone(),
                            connection,
                            deadline: lookup.deadline,
                        },
                    }))
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

/// Where a step is built: its file's folder and `[defaults]`, the resolved names, the lookup.
struct StepPlace<'a> {
    dir: &'a std::path::Path,
    defaults: &'a Defaults,
    names: &'a NameFlags,
    lookup: &'a Lookup<'a>,
}

/// The connection of a step: its endpoint and timeout over the defaults' over the command line's.
fn step_connection(
    file: &SuiteFile,
    fields: &CaseFields,
    command_line: &CommandLine,
    connect: &mut dyn FnMut(&ConnectionFlags) -> Result<Connection>,
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
        let message = crate::answer::output::error_chain(&e);
        let key = if message.contains("timeout") {
            "timeout"
        } else {
            "endpoint"
        };
        (key, message)
    })
}

/// The keys each kind of step takes besides `name`, `kind`, `expect`, `capture` and `until`.
fn keys_of(kind: Kind) -> &'static [&'static str] {
    const CONNECTION: [&str; 2] = ["endpoint", "timeout"];
    match kind {
        Kind::Invoke => &[
            "function",
            "body",
            "data",
            "content-type",
            "cpu",
            "memory",
            "custom-resource",
            "pool-label",
            "instance-label",
            "session-id",
            "session-ttl",
            "session-concurrency",
            "trace-id",
            "headers",
            "async",
            "wait",
            "poll-interval",
            "stream",
            "endpoint",
            "tenant",
            "service",
            "timeout",
            "retry",
            "retry-delay",
            "retry-max-time",
            "retry-all-errors",
            "serial",
            "step",
        ],
        Kind::Result => &["request-id", "poll-interval", CONNECTION[0], CONNECTION[1]],
        Kind::SessionDelete => &[
            "function",
            "session-id",
            "tenant",
            "service",
            CONNECTION[0],
            CONNECTION[1],
        ],
        Kind::Health => &["wait", CONNECTION[0], CONNECTION[1]],
        Kind::Pause => &["duration"],
    }
}

/// The keys `fields` writes.
fn written_keys(fields: &CaseFields) -> Vec<&'static str> {
    let e = &fields.expect;
    let expect_written = e.status.is_some()
        || e.code.is_some()
        || e.body.is_some()
        || e.body_json.is_some()
        || e.body_includes.is_some()
        || e.body_matches.is_some()
        || !e.headers.is_empty()
        || e.latency.is_some()
        || e.frames.is_some();
    [
        ("name", fields.name.is_some()),
        ("function", fields.function.is_some()),
        ("body", fields.body.is_some()),
        ("data", fields.data.is_some()),
        ("content-type", fields.content_type.is_some()),
        ("cpu", fields.cpu.is_some()),
        ("memory", fields.memory.is_some()),
        ("custom-resource", !fields.custom_resource.is_empty()),
        ("pool-label", fields.pool_label.is_some()),
        ("instance-label", fields.instance_label.is_some()),
        ("session-id", fields.session_id.is_some()),
        ("session-ttl", fields.session_ttl.is_some()),
        ("session-concurrency", fields.session_concurrency.is_some()),
        ("trace-id", fields.trace_id.is_some()),
        ("headers", fields.headers.is_some()),
        ("async", fields.asynchronous),
        ("wait", fields.wait.is_some()),
        ("poll-interval", fields.poll_interval.is_some()),
        ("stream", fields.stream),
        ("endpoint", fields.endpoint.is_some()),
        ("tenant", fields.tenant.is_some()),
        ("service", fields.service.is_some()),
        ("timeout", fields.timeout.is_some()),
        ("retry", fields.retry.is_some()),
        ("retry-delay", fields.retry_delay.is_some()),
        ("retry-max-time", fields.retry_max_time.is_some()),
        ("retry-all-errors", fields.retry_all_errors),
        ("serial", fields.serial),
        ("expect", expect_written),
        ("kind", fields.kind.is_some()),
        ("request-id", fields.request_id.is_some()),
        ("duration", fields.duration.is_some()),
        ("capture", !fields.capture.is_empty()),
        ("until", fields.until.is_some()),
        ("step", fields.step.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, written)| written.then_some(key))
    .collect()
}

/// Refuses a key the step's kind does not take, and a kind's missing key.
fn check_keys(fields: &CaseFields) -> Result<(), (String, String)> {
    let kind = fields.kind.unwrap_or_default();
    let common = ["name", "kind", "expect", "capture", "until"];
    let pause_takes = ["name", "kind", "duration"];
    for key in written_keys(fields) {
        let taken = if kind == Kind::Pause {
            pause_takes.contains(&key)
        } else {
            common.contains(&key) || keys_of(kind).contains(&key)
        };
        if !taken {
            return Err((key.into(), format!("a {} step does not take `{key}`", kind.name())));
        }
    }
    let required: &[(&str, bool)] = match kind {
        Kind::Invoke | Kind::SessionDelete => &[("function", fields.function.is_some())],
        Kind::Result => &[("request-id", fields.request_id.is_some())],
        Kind::Pause => &[("duration", fields.duration.is_some())],
        Kind::Health => &[],
    };
    if let Some((key, _)) = required.iter().find(|(_, given)| !given) {
        return Err(((*key).into(), format!("a {} step needs `{key}`", kind.name())));
    }
    if kind == Kind::SessionDelete && fields.session_id.is_none() {
        return Err(("session-id".into(), "a session-delete step needs `session-id`".into()));
    }
    Ok(())
}

/// One step checked and built; the error names its key (`expect.KEY` for an expectation's).
fn plan_step(
    fields: &CaseFields,
    place: &StepPlace,
    connection: Connection,
) -> Result<(StepPlan, Vec<String>), (String, String)> {
    check_keys(fields)?;
    let kind = fields.kind.unwrap_or_default();
    let expect =
        super::expect::parse(&fields.expect).map_err(|(key, why)| (format!("expect{}", key_text(&key)), why))?;
    let captures = fields
        .capture
        .iter()
        .map(|(name, text)| Capture::parse(name, text).map_err(|why| (format!("capture.{name}"), why)))
        .collect::<Result<Vec<_>, _>>()?;
    let until = fields
        .until
        .as_ref()
        .map(|until| Until::parse(until).map_err(|(key, why)| (format!("until.{key}"), why)))
        .transpose()?;
    let duration = |key: &str, text: &super::file::Text| {
        crate::values::parse_positive_duration(&text.0).map_err(|why| (key.to_string(), why))
    };
    let mut warnings = Vec::new();
    let action = match kind {
        Kind::Invoke => {
            let wait = match &fields.wait {
                None => false,
                Some(WaitValue::Yes(wait)) => *wait,
                Some(WaitValue::For(_)) => {
                    return Err((
                        "wait".into(),
                        "an invoke's `wait` is a boolean (`true`: wait for the asynchronous call's result)".into(),
                    ));
                }
            };
            check_mode(fields, wait).map_err(|(key, why)| (key.to_string(), why.to_string()))?;
            let request_args = request_args(place, fields).map_err(|(key, why)| (key.to_string(), why))?;
            let request = InvokeRequest::build(&request_args, place.lookup)
                .map_err(|e| (key_of_flag_message(&e.to_string()).to_string(), e.to_string()))?;
            let policy = RetryPolicy::new(
                fields.retry.unwrap_or(0),
                fields.retry_delay.as_ref().map(|t| t.0.as_str()),
                fields.retry_max_time.as_ref().map(|t| t.0.as_str()),
                fields.retry_all_errors,
                connection.timeout,
            )
            .map_err(|e| (key_of_flag_message(&e.to_string()).to_string(), e.to_string()))?;
            let poll_interval = match &fields.poll_interval {
                Some(text) => duration("poll-interval", text)?,
                None => crate::call::async_call::DEFAULT_POLL_INTERVAL,
            };
            warnings.clone_from(&request.warnings);
            Action::Invoke(CallPlan {
                request,
                connection,
                policy,
                mode: Mode {
                    asynchronous: fields.asynchronous,
                    wait,
                    poll_interval,
                    stream: fields.stream,
                },
            })
        }
        Kind::Result => {
            let id = fields.request_id.as_deref().unwrap_or_default().trim().to_string();
            if id.is_empty() || id.chars().any(char::is_control) {
                return Err((
                    "request-id".into(),
                    "the request id is empty or has control characters".into(),
                ));
            }
            let interval = match &fields.poll_interval {
                Some(text) => duration("poll-interval", text)?,
                None => crate::call::async_call::DEFAULT_POLL_INTERVAL,
            };
            Action::Result {
                connection,
                id,
                interval,
            }
        }
        Kind::SessionDelete => {
            let function = fields.function.as_deref().unwrap_or_default();
            let urn = FunctionUrn::parse(function, &name_defaults(place.names, place.lookup))
                .map_err(|why| ("function".to_string(), why.to_string()))?;
            let id = fields.session_id.clone().unwrap_or_default();
            crate::call::session::check_id(&id).map_err(|why| ("session-id".to_string(), why))?;
            Action::SessionDelete { connection, urn, id }
        }
        Kind::Health => {
            let wait = match &fields.wait {
                None => None,
                Some(WaitValue::For(text)) => Some(duration("wait", text)?),
                Some(WaitValue::Yes(_)) => {
                    return Err((
                        "wait".into(),
                        "a health step's `wait` is a duration (as `yr health --wait 60s`)".into(),
                    ));
                }
            };
            Action::Health { connection, wait }
        }
        Kind::Pause => {
            let text = fields
                .duration
                .as_ref()
                .ok_or(("duration".to_string(), "a pause needs `duration`".to_string()))?;
            Action::Pause(duration("duration", text)?)
        }
    };
    Ok((
        StepPlan {
            action,
            expect,
            captures,
            until,
        },
        warnings,
    ))
}

/// The case's value, else the default; an empty one counts as not set, as an empty environment variable does, so
/// `endpoint = "${STAGING_URL:-}"` leaves the choice to the command line when the variable is unset.
fn first_set<'a>(case: Option<&'a String>, default: Option<&'a String>) -> Option<&'a String> {
    case.filter(|v| !v.is_empty()).or(default.filter(|v| !v.is_empty()))
}

/// The steps to `key` in the case or step at `to` (whose fields are `fields`), or in `[defaults]` when it does not
/// write it.
/// Steps as a key's text, `.assert[1].path`: what `place` reads back.
fn key_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!(".{key}"),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect()
}

fn place(fields: &CaseFields, to: &[Step], key: &str) -> Vec<Step> {
    let from_defaults = match key {
        "endpoint" => fields.endpoint.is_none(),
        "tenant" => fields.tenant.is_none(),
        "service" => fields.service.is_none(),
        "timeout" => fields.timeout.is_none(),
        "headers" => fields.headers.is_none(),
        _ => false,
    };
    if from_defaults {
        return vec![Step::Key("defaults".into()), Step::Key(key.into())];
    }
    let mut steps = to.to_vec();
    steps.extend(key_steps(key));
    steps
}

/// A key's text as the steps to it: `expect.assert[1].path` is three keys and an index (`key_text` reversed).
fn key_steps(key: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in key.split('.') {
        let (name, indexes) = part.split_once('[').unwrap_or((part, ""));
        steps.push(Step::Key(name.into()));
        for index in indexes.split('[') {
            if let Some(Ok(i)) = index.strip_suffix(']').map(str::parse::<usize>) {
                steps.push(Step::Index(i));
            }
        }
    }
    steps
}

fn check_mode(fields: &CaseFields, wait: bool) -> Result<(), (&'static str, &'static str)> {
    if wait && !fields.asynchronous {
        return Err(("wait", "`wait` needs `async = true`"));
    }
    if fields.poll_interval.is_some() && !wait {
        return Err(("poll-interval", "`poll-interval` needs `wait = true`"));
    }
    if fields.asynchronous && fields.stream {
        return Err(("stream", "`stream` and `async` do not go together"));
    }
    if fields.body.is_some() && fields.data.is_some() {
        return Err((
            "data",
            "give `body` (a TOML value sent as JSON) or `data` (text, or @FILE), not both",
        ));
    }
    Ok(())
}

/// The case as the flags of `yr invoke` would give it, so the one builder checks and builds it. Headers of
/// `[defaults]` come first; a case's header of the same name replaces one.
fn request_args(place: &StepPlace, fields: &CaseFields) -> Result<RequestFlags, (&'static str, String)> {
    let names = place.names;
    let data = match (&fields.body, &fields.data) {
        (Some(value), _) => Some(value.to_string()),
        (None, Some(text)) => match text.strip_prefix('@') {
            Some("-") => return Err(("data", "a suite's body cannot come from stdin (`@-`)".into())),
            Some(path) if !path.is_empty() => Some(format!("@{}", place.dir.join(path).display())),
            _ => Some(text.clone()),
        },
        (None, None) => None,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in place.defaults.headers.iter().chain(fields.headers.iter().flatten()) {
        if name.eq_ignore_ascii_case("X-Auth") {
            return Err((
                "headers",
                "X-Auth cannot be written in a suite: the token comes from YR_JWT_TOKEN, --token-file or the profile's token_file".into(),
            ));
        }
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        headers.push((name.clone(), value.clone()));
    }
    let tenant = first_set(fields.tenant.as_ref(), place.defaults.tenant.as_ref()).or(names.tenant.as_ref());
    let service = first_set(fields.service.as_ref(), place.defaults.service.as_ref()).or(names.service.as_ref());
    Ok(RequestFlags {
        function: fields.function.clone().unwrap_or_default(),
        names: NameFlags {
            tenant: tenant.cloned(),
            service: service.cloned(),
        },
        data: data.map(Into::into),
        ignore_stdin: true,
        content_type: fields.content_type.clone(),
        headers: headers.iter().map(|(n, v)| format!("{n}: {v}")).collect(),
        cpu: fields.cpu.as_ref().map(|t| t.0.clone()),
        memory: fields.memory.as_ref().map(|t| t.0.clone()),
        custom_resource: fields.custom_resource.iter().map(|(n, c)| format!("{n}={c}")).collect(),
        pool_label: fields.pool_label.clone(),
        instance_label: fields.instance_label.clone(),
        session_id: fields.session_id.clone(),
        session_ttl: fields.session_ttl.map(|v| v.to_string()),
        session_concurrency: fields.session_concurrency.map(|v| v.to_string()),
        trace_id: fields.trace_id.clone(),
    })
}

/// The suite key behind a message of the shared builders, which name `yr invoke`'s flags: the first flag named.
fn key_of_flag_message(message: &str) -> &'static str {
    const FLAGS: [(&str, &str); 18] = [
        ("FUNCTION", "function"),
        ("tenant", "tenant"),
        ("service", "service"),
        ("-d", "data"),
        ("--content-type", "content-type"),
        ("-H", "headers"),
        ("--cpu", "cpu"),
        ("--memory", "memory"),
        ("--custom-resource", "custom-resource"),
        ("--pool-label", "pool-label"),
        ("--instance-label", "instance-label"),
        ("--session-id", "session-id"),
        ("--session-ttl", "session-ttl"),
        ("--session-concurrency", "session-concurrency"),
        ("--trace-id", "trace-id"),
        ("--retry-delay", "retry-delay"),
        ("--retry-max-time", "retry-max-time"),
        ("--retry", "retry"),
    ];
    FLAGS
        .iter()
        .filter_map(|(flag, key)| message.find(flag).map(|at| (at, *key)))
        .min_by_key(|(at, _)| *at)
        .map_or("function", |(_, key)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_text_reads_back_as_its_steps() {
        let steps = vec![Step::Key("assert".into()), Step::Index(1), Step::Key("length".into())];
        assert_eq!(key_text(&steps), ".assert[1].length");
        let mut back = vec![Step::Key("expect".into())];
        back.extend_from_slice(&steps);
        assert_eq!(key_steps(&format!("expect{}", key_text(&steps))), back);
        assert_eq!(
            key_steps("capture.id"),
            [Step::Key("capture".into()), Step::Key("id".into())]
        );
    }

    #[test]
    fn errors_are_placed_in_the_case_when_it_writes_the_key() {
        let file = SuiteFile::parse(
            std::path::Path::new("s.toml"),
            "[defaults]\ntimeout = \"x\"\n[[case]]\nname = \"a\"\nfunction = \"f\"\ncpu = \"0\"\nendpoint = \"\"\nheaders = {}\n"
                .into(),
            &|_| None,
        )
        .unwrap();
        let fields = &file.cases[0].fields;
        let case = [Step::Key("case".into()), Step::Index(0)];
        let in_case = |key: &str| vec![Step::Key("case".into()), Step::Index(0), Step::Key(key.into())];
        let in_defaults = |key: &str| vec![Step::Key("defaults".into()), Step::Key(key.into())];
        assert_eq!(place(fields, &case, "cpu"), in_case("cpu"));
        assert_eq!(place(fields, &case, "timeout"), in_defaults("timeout"));
        assert_eq!(place(fields, &case, "tenant"), in_defaults("tenant"));
        // Written, though empty (so the defaults' value is used): the case's own key is where to look.
        assert_eq!(place(fields, &case, "endpoint"), in_case("endpoint"));
        assert_eq!(place(fields, &case, "headers"), in_case("headers"));
    }

    #[test]
    fn keys_behind_flag_messages() {
        assert_eq!(key_of_flag_message("--cpu `0` is not a positive CPU amount"), "cpu");
        assert_eq!(key_of_flag_message("--session-ttl needs --session-id"), "session-ttl");
        assert_eq!(
            key_of_flag_message("--session-concurrency `0` must be"),
            "session-concurrency"
        );
        assert_eq!(
            key_of_flag_message("--session-id must be 1 to 63 characters"),
            "session-id"
        );
        assert_eq!(
            key_of_flag_message("-d is not valid JSON: x (use --content-type to send another type)"),
            "data"
        );
        assert_eq!(key_of_flag_message("-H `X A` is not a valid header name"), "headers");
        assert_eq!(key_of_flag_message("FUNCTION `a b` contains a space"), "function");
        assert_eq!(
            key_of_flag_message("--retry-delay `x` is not a duration"),
            "retry-delay"
        );
    }
}
