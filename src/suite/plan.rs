//! Each case of a suite file turned into the call `yr invoke` would make (the same RequestArgs, InvokeRequest,
//! connection settings and retry policy) and its expectations, all checked before anything is sent. A value's error
//! is placed at the key that holds it.

use anyhow::Result;

use super::call::{CallPlan, Mode};
use super::file::{CaseFields, Step, SuiteFile};
use crate::answer::expect::Expectations;
use crate::call::retry::RetryPolicy;
use crate::client::config::{Connection, ConnectionFlags, Lookup, NameFlags};
use crate::client::request::{InvokeRequest, RequestFlags};

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
    /// The URN called.
    pub function: String,
    pub call: CallPlan,
    pub expect: Expectations,
    /// Said before the suite runs (e.g. `cpu` without `memory`).
    pub warnings: Vec<String>,
}

/// What the command line sets for every case; a suite's values win over it (see the README).
pub struct CommandLine<'a> {
    pub connection: &'a ConnectionFlags,
    pub names: &'a NameFlags,
}

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
        let at = |key: &str, message: &str| file.error_at(&place(&case.fields, i, key), message);
        if let Some(first) = file.cases[..i].iter().find(|c| c.fields.name == case.fields.name) {
            return Err(at(
                "name",
                &format!("the name is already used by the case on line {}", first.line),
            ));
        }
        let fields = &case.fields;
        check_mode(fields).map_err(|(key, why)| at(key, why))?;
        let request_args = request_args(file, fields, command_line.names).map_err(|(key, why)| at(key, &why))?;
        let request = InvokeRequest::build(&request_args, lookup)
            .map_err(|e| at(key_of_flag_message(&e.to_string()), &e.to_string()))?;
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
        let connection = connect(&connection_args).map_err(|e| {
            let message = crate::answer::output::error_chain(&e);
            let key = if message.contains("timeout") {
                "timeout"
            } else {
                "endpoint"
            };
            at(key, &message)
        })?;
        let policy = RetryPolicy::new(
            fields.retry.unwrap_or(0),
            fields.retry_delay.as_ref().map(|t| t.0.as_str()),
            fields.retry_max_time.as_ref().map(|t| t.0.as_str()),
            fields.retry_all_errors,
            connection.timeout,
        )
        .map_err(|e| at(key_of_flag_message(&e.to_string()), &e.to_string()))?;
        let poll_interval = match &fields.poll_interval {
            Some(text) => crate::values::parse_positive_duration(&text.0).map_err(|why| at("poll-interval", &why))?,
            None => crate::call::async_call::DEFAULT_POLL_INTERVAL,
        };
        let expect =
            super::expect::parse(&fields.expect).map_err(|(key, why)| file.error_at(&place_expect(i, &key), &why))?;
        let warnings = request
            .warnings
            .iter()
            .map(|w| format!("{}: case \"{}\": {w}", file.path.display(), fields.name))
            .collect();
        planned.push(PlannedCase {
            file: index,
            file_path: file.path.display().to_string(),
            suite: file.name.clone(),
            name: fields.name.clone(),
            line: case.line,
            serial: file.serial || fields.serial,
            function: request.urn.to_string(),
            call: CallPlan {
                request,
                connection,
                policy,
                mode: Mode {
                    asynchronous: fields.asynchronous,
                    wait: fields.wait,
                    poll_interval,
                    stream: fields.stream,
                },
            },
            expect,
            warnings,
        });
    }
    Ok(planned)
}

/// The case's value, else the default; an empty one counts as not set, as an empty environment variable does, so
/// `endpoint = "${STAGING_URL:-}"` leaves the choice to the command line when the variable is unset.
fn first_set<'a>(case: Option<&'a String>, default: Option<&'a String>) -> Option<&'a String> {
    case.filter(|v| !v.is_empty()).or(default.filter(|v| !v.is_empty()))
}

/// The steps to `key` in case `i` (whose fields are `fields`), or in `[defaults]` when the case does not write it.
fn place(fields: &CaseFields, i: usize, key: &str) -> Vec<Step> {
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
    vec![Step::Key("case".into()), Step::Index(i), Step::Key(key.into())]
}

fn place_expect(i: usize, key: &[Step]) -> Vec<Step> {
    let mut steps = vec![Step::Key("case".into()), Step::Index(i), Step::Key("expect".into())];
    steps.extend_from_slice(key);
    steps
}

fn check_mode(fields: &CaseFields) -> Result<(), (&'static str, &'static str)> {
    if fields.wait && !fields.asynchronous {
        return Err(("wait", "`wait` needs `async = true`"));
    }
    if fields.poll_interval.is_some() && !fields.wait {
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
fn request_args(
    file: &SuiteFile,
    fields: &CaseFields,
    names: &NameFlags,
) -> Result<RequestFlags, (&'static str, String)> {
    let data = match (&fields.body, &fields.data) {
        (Some(value), _) => Some(value.to_string()),
        (None, Some(text)) => match text.strip_prefix('@') {
            Some("-") => return Err(("data", "a suite's body cannot come from stdin (`@-`)".into())),
            Some(path) if !path.is_empty() => Some(format!("@{}", file.dir.join(path).display())),
            _ => Some(text.clone()),
        },
        (None, None) => None,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in file.defaults.headers.iter().chain(fields.headers.iter().flatten()) {
        if name.eq_ignore_ascii_case("X-Auth") {
            return Err((
                "headers",
                "X-Auth cannot be written in a suite: the token comes from YR_JWT_TOKEN, --token-file or the profile's token_file".into(),
            ));
        }
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        headers.push((name.clone(), value.clone()));
    }
    let tenant = first_set(fields.tenant.as_ref(), file.defaults.tenant.as_ref()).or(names.tenant.as_ref());
    let service = first_set(fields.service.as_ref(), file.defaults.service.as_ref()).or(names.service.as_ref());
    Ok(RequestFlags {
        function: fields.function.clone(),
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
    fn errors_are_placed_in_the_case_when_it_writes_the_key() {
        let file = SuiteFile::parse(
            std::path::Path::new("s.toml"),
            "[defaults]\ntimeout = \"x\"\n[[case]]\nname = \"a\"\nfunction = \"f\"\ncpu = \"0\"\nendpoint = \"\"\nheaders = {}\n"
                .into(),
            &|_| None,
        )
        .unwrap();
        let fields = &file.cases[0].fields;
        let in_case = |key: &str| vec![Step::Key("case".into()), Step::Index(0), Step::Key(key.into())];
        let in_defaults = |key: &str| vec![Step::Key("defaults".into()), Step::Key(key.into())];
        assert_eq!(place(fields, 0, "cpu"), in_case("cpu"));
        assert_eq!(place(fields, 0, "timeout"), in_defaults("timeout"));
        assert_eq!(place(fields, 0, "tenant"), in_defaults("tenant"));
        // Written, though empty (so the defaults' value is used): the case's own key is where to look.
        assert_eq!(place(fields, 0, "endpoint"), in_case("endpoint"));
        assert_eq!(place(fields, 0, "headers"), in_case("headers"));
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
