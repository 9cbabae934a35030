//! One step of a case checked and built: the keys its kind takes, the call `yr invoke` would make of them (the same
//! RequestArgs, InvokeRequest and retry policy) or a result, session-delete, health or pause step, with its
//! expectations, captures and `until`. An error names the key that holds the value; `place` turns it into the
//! steps to that key in the file. plan.rs plans whole cases with it; flow.rs builds a `Later` step with it.

use std::time::Duration;

use super::call::{CallPlan, Mode};
use super::file::{CaseFields, Defaults, Step};
use super::step::{Capture, Kind, Until, WaitValue};
use crate::answer::expect::Expectations;
use crate::call::retry::RetryPolicy;
use crate::client::config::{Connection, Lookup, NameFlags, name_defaults};
use crate::client::request::{InvokeRequest, RequestFlags, TraceparentFlags};
use crate::exit::FlagError;
use crate::urn::FunctionUrn;

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
    /// Boxed: a call's plan (its request and trace plan) is far larger than the other actions.
    Invoke(Box<CallPlan>),
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
    pub(super) fn function(&self) -> Option<String> {
        match self {
            Action::Invoke(call) => Some(call.request.urn.to_string()),
            Action::SessionDelete { urn, .. } => Some(urn.to_string()),
            _ => None,
        }
    }
}

/// Where a step is built: its file's folder and `[defaults]`, the resolved names, the lookup.
pub(super) struct StepPlace<'a> {
    pub dir: &'a std::path::Path,
    pub defaults: &'a Defaults,
    pub names: &'a NameFlags,
    pub lookup: &'a Lookup<'a>,
    /// `yr test --traceparent` and TRACEPARENT: every case's calls join that trace.
    pub traceparent: &'a TraceparentFlags,
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
pub(super) fn written_keys(fields: &CaseFields) -> Vec<&'static str> {
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
pub(super) fn check_keys(fields: &CaseFields) -> Result<(), (String, String)> {
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
pub(super) fn plan_step(
    fields: &CaseFields,
    place: &StepPlace,
    connection: Connection,
) -> Result<(StepPlan, Vec<String>), (String, String)> {
    check_keys(fields)?;
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
    let (action, warnings) = plan_action(fields, place, connection)?;
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

/// What the step does, by its kind, with the request's warnings for an invoke.
fn plan_action(
    fields: &CaseFields,
    place: &StepPlace,
    connection: Connection,
) -> Result<(Action, Vec<String>), (String, String)> {
    let action = match fields.kind.unwrap_or_default() {
        Kind::Invoke => return plan_invoke(fields, place, connection),
        Kind::Result => {
            let id = fields.request_id.as_deref().unwrap_or_default().trim().to_string();
            if id.is_empty() || id.chars().any(char::is_control) {
                return Err((
                    "request-id".into(),
                    "the request id is empty or has control characters".into(),
                ));
            }
            Action::Result {
                connection,
                id,
                interval: poll_interval(fields)?,
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
                Some(WaitValue::For(text)) => Some(step_duration("wait", text)?),
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
            Action::Pause(step_duration("duration", text)?)
        }
    };
    Ok((action, Vec::new()))
}

/// An invoke step: its request, retry policy and mode; the request's warnings come back with it.
fn plan_invoke(
    fields: &CaseFields,
    place: &StepPlace,
    connection: Connection,
) -> Result<(Action, Vec<String>), (String, String)> {
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
    let request = InvokeRequest::build(&request_args, place.lookup).map_err(at_key)?;
    let policy = RetryPolicy::new(
        fields.retry.unwrap_or(0),
        fields.retry_delay.as_ref().map(|t| t.0.as_str()),
        fields.retry_max_time.as_ref().map(|t| t.0.as_str()),
        fields.retry_all_errors,
        connection.timeout.value,
    )
    .map_err(at_key)?;
    let poll_interval = poll_interval(fields)?;
    let warnings = request.warnings.clone();
    let action = Action::Invoke(Box::new(CallPlan {
        request,
        connection,
        policy,
        mode: Mode {
            asynchronous: fields.asynchronous,
            wait,
            poll_interval,
            stream: fields.stream,
        },
    }));
    Ok((action, warnings))
}

/// The step's `poll-interval`, else the default one.
fn poll_interval(fields: &CaseFields) -> Result<std::time::Duration, (String, String)> {
    match &fields.poll_interval {
        Some(text) => step_duration("poll-interval", text),
        None => Ok(crate::call::async_call::DEFAULT_POLL_INTERVAL),
    }
}

/// A positive duration read from the step; the error names `key`.
fn step_duration(key: &str, text: &super::file::Text) -> Result<std::time::Duration, (String, String)> {
    crate::values::parse_positive_duration(&text.0).map_err(|why| (key.to_string(), why))
}

/// The case's value, else the default; an empty one counts as not set, as an empty environment variable does, so
/// `endpoint = "${STAGING_URL:-}"` leaves the choice to the command line when the variable is unset.
pub(super) fn first_set<'a>(case: Option<&'a String>, default: Option<&'a String>) -> Option<&'a String> {
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

pub(super) fn place(fields: &CaseFields, to: &[Step], key: &str) -> Vec<Step> {
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
pub(super) fn key_steps(key: &str) -> Vec<Step> {
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
        traceparent: place.traceparent.clone(),
    })
}

/// An error of the builders `yr invoke` shares, at the suite key that stands for the flag it names.
fn at_key(error: FlagError) -> (String, String) {
    (key_of_flag(error.flag).to_string(), error.error.to_string())
}

/// The suite key that stands for a flag of `yr invoke`'s builders; `function` for an error no flag caused.
fn key_of_flag(flag: Option<&str>) -> &'static str {
    match flag {
        Some("--tenant") => "tenant",
        Some("--service") => "service",
        Some("-d") => "data",
        Some("--content-type") => "content-type",
        Some("-H") => "headers",
        Some("--cpu") => "cpu",
        Some("--memory") => "memory",
        Some("--custom-resource") => "custom-resource",
        Some("--pool-label") => "pool-label",
        Some("--instance-label") => "instance-label",
        Some("--session-id") => "session-id",
        Some("--session-ttl") => "session-ttl",
        Some("--session-concurrency") => "session-concurrency",
        Some("--trace-id") => "trace-id",
        Some("--retry-delay") => "retry-delay",
        Some("--retry-max-time") => "retry-max-time",
        _ => "function",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::file::SuiteFile;

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
    fn builder_errors_land_on_the_key_of_their_flag() {
        let key = |flags: RequestFlags| {
            at_key(InvokeRequest::build(&flags, &Lookup::detached(Default::default())).unwrap_err()).0
        };
        let invoke = |f: fn(&mut RequestFlags)| {
            let mut flags = RequestFlags {
                function: "f".into(),
                ignore_stdin: true,
                ..RequestFlags::default()
            };
            f(&mut flags);
            key(flags)
        };
        assert_eq!(invoke(|f| f.cpu = Some("0".into())), "cpu");
        assert_eq!(invoke(|f| f.session_ttl = Some("5".into())), "session-ttl");
        assert_eq!(
            invoke(|f| f.session_concurrency = Some("0".into())),
            "session-concurrency"
        );
        assert_eq!(invoke(|f| f.session_id = Some(String::new())), "session-id");
        assert_eq!(invoke(|f| f.data = Some("{x".into())), "data");
        assert_eq!(invoke(|f| f.headers = vec!["X A: 1".into()]), "headers");
        assert_eq!(
            invoke(|f| {
                f.content_type = Some("a".into());
                f.headers = vec!["Content-Type: b".into()];
            }),
            "headers"
        );
        assert_eq!(invoke(|f| f.function = "a b".into()), "function");
        assert_eq!(invoke(|f| f.names.tenant = Some("a@b".into())), "tenant");
        let retry = RetryPolicy::new(1, Some("x"), None, false, None).unwrap_err();
        assert_eq!(at_key(retry).0, "retry-delay");
        let retry = RetryPolicy::new(1, None, Some("x"), false, None).unwrap_err();
        assert_eq!(at_key(retry).0, "retry-max-time");
    }
}
