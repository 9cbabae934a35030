//! Where requests go and with what credentials, limits, TLS and proxy: flag, then environment, then profile, then
//! local-cluster discovery, then default, decided once here. Each setting keeps where it came from, for `yr config`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::client::endpoint::Url;
use crate::client::profiles::{self, Needs, Profile};
use crate::client::token::{Token, read_token_file};
use crate::exit::{Failure, FlagError, usage};
use crate::input::Deadline;
use crate::urn::NameDefaults;
use crate::values::parse_duration;

pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:8888";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15 * 60);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_SESSIONS_DIR: &str = "/tmp/yr_sessions";

/// The process environment, with empty values treated as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Everything settings are looked up in besides flags: the environment and the chosen profile.
pub struct Lookup<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    pub profile: Option<Profile>,
    /// Things worth saying under -v (discovery files skipped) or always (warnings).
    pub warnings: Vec<String>,
    /// By when the command's inputs must be read: its timeout (flag, YR_TIMEOUT, profile, default) from its start.
    pub deadline: Deadline,
}

impl<'a> Lookup<'a> {
    /// The process environment and the profile `--profile`, YR_PROFILE or the config file chooses, for a command
    /// that reads `needs` of it. A problem in what it needs is a usage error; the others are in `warnings`.
    ///
    /// `timeout_flag` is the command's `--timeout` as given (none for a command without one): with YR_TIMEOUT and
    /// the profile's `timeout` it sets `deadline`, by which every input must be read. The config file itself is
    /// read by the flag's or YR_TIMEOUT's deadline, as the profile is not known yet.
    pub fn process(profile: Option<&str>, needs: Needs, timeout_flag: Option<&str>) -> Result<Lookup<'static>> {
        let started = Instant::now();
        let before_profile = timeout_flag.map(str::to_string).or_else(|| process_env("YR_TIMEOUT"));
        let deadline = |text: Option<String>| {
            let timeout = text.and_then(|t| parse_duration(&t).ok()).unwrap_or(DEFAULT_TIMEOUT);
            Deadline::after(started, Some(timeout).filter(|t| !t.is_zero()))
        };
        let (profile, warnings) =
            profiles::load_profile(profile, needs, &process_env, deadline(before_profile.clone())).map_err(
                |problem| match problem.timed_out {
                    true => Failure::TimedOut {
                        message: problem.to_string(),
                        sent: false,
                    }
                    .into(),
                    false => usage(problem.to_string()),
                },
            )?;
        let from_profile = profile.as_ref().and_then(|p| p.values.timeout.clone());
        Ok(Lookup {
            env: &process_env,
            profile,
            warnings,
            deadline: deadline(before_profile.or(from_profile)),
        })
    }

    /// No environment and no profile, for a request whose names were resolved already (a suite's step built when it
    /// runs, on a thread of its own), reading its inputs by `deadline`.
    pub fn detached(deadline: Deadline) -> Lookup<'static> {
        Lookup {
            env: &|_| None,
            profile: None,
            warnings: Vec::new(),
            deadline,
        }
    }

    /// An environment of the caller's, no profile.
    #[cfg(test)]
    pub fn with_env(env: &'a dyn Fn(&str) -> Option<String>) -> Lookup<'a> {
        Lookup {
            env,
            profile: None,
            warnings: Vec::new(),
            deadline: Deadline::NONE,
        }
    }

    pub fn env(&self, name: &str) -> Option<String> {
        (self.env)(name)
    }

    /// The first of: the flag, each environment variable in order, the profile's value.
    fn first(
        &self,
        flag: Option<&str>,
        flag_name: &'static str,
        vars: &[&'static str],
        from_profile: impl Fn(&profiles::ProfileValues) -> Option<String>,
    ) -> Option<Sourced<String>> {
        if let Some(value) = flag {
            return Some(Sourced::new(value.to_string(), Source::Flag(flag_name)));
        }
        if let Some(found) = vars
            .iter()
            .find_map(|var| self.env(var).map(|value| Sourced::new(value, Source::Env(var))))
        {
            return Some(found);
        }
        let profile = self.profile.as_ref()?;
        from_profile(&profile.values).map(|value| Sourced::new(value, Source::of_profile(profile)))
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Profile { name: String, file: PathBuf },
    Discovery(PathBuf),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "flag {name}"),
            Source::Env(name) => write!(f, "env {name}"),
            Source::Profile { name, file } => write!(f, "profile {name} in {}", file.display()),
            Source::Discovery(file) => write!(f, "local cluster {}", file.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

impl Source {
    /// The flag, variable or profile alone (`--insecure`, `YR_VERIFY_FILE`, `profile dev`), for naming a reason.
    pub fn short(&self) -> String {
        match self {
            Source::Flag(name) | Source::Env(name) => name.to_string(),
            Source::Profile { name, .. } => format!("profile {name}"),
            Source::Discovery(_) => "local cluster".into(),
            Source::Default => "default".into(),
        }
    }

    fn of_profile(profile: &Profile) -> Source {
        Source::Profile {
            name: profile.name.clone(),
            file: profile.file.clone(),
        }
    }
}

/// A setting's value and where it came from: what `yr config` shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: Source) -> Sourced<T> {
        Sourced { value, source }
    }

    fn map<U>(self, f: impl FnOnce(T) -> U) -> Sourced<U> {
        Sourced {
            value: f(self.value),
            source: self.source,
        }
    }
}

/// The frontend's base URL, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: Url,
    pub source: Source,
    /// Why a bare `host:port` got the scheme it has, for `yr config`.
    pub scheme_note: Option<String>,
}

/// The settings that make a bare `host:port` mean https, exactly as `HTTPClient.request` in yrcli
/// (`yr/cli/scripts.py` of openyuanrong-sdk 0.9.10) turns `http://` into `https://`: a CA file or insecure mode, not
/// a client certificate alone (cli.md and frontend.md say it does; yrcli then sends over http, and an environment that
/// works with yrcli must work with yr): `cacert (YR_VERIFY_FILE)` and the like, empty for none.
pub fn https_reasons(tls: &TlsSettings) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(file) = &tls.cacert {
        reasons.push(format!("cacert ({})", file.source.short()));
    }
    if let Some(Sourced { value: true, source }) = &tls.insecure {
        reasons.push(format!("insecure ({})", source.short()));
    }
    reasons
}

/// The one place that decides where requests go: flag, YR_ENDPOINT, YR_SERVER_ADDRESS, profile, a local cluster,
/// the default. A bare `host:port` means https when `https_because` names a reason (see `https_reasons`), else http.
pub fn resolve_endpoint(
    flag: Option<&str>,
    lookup: &Lookup,
    https_because: &[String],
    notes: &mut Vec<String>,
) -> Result<Endpoint> {
    let chosen = lookup.first(flag, "--endpoint", &["YR_ENDPOINT", "YR_SERVER_ADDRESS"], |p| {
        p.endpoint.clone()
    });
    let Sourced { value: text, source } = match chosen {
        Some(found) => found,
        None => {
            let dir = lookup
                .env("YR_SESSIONS_DIR")
                .unwrap_or_else(|| DEFAULT_SESSIONS_DIR.to_string());
            match crate::client::discovery::discover(Path::new(&dir), notes) {
                Some((url, file)) => Sourced::new(url, Source::Discovery(file)),
                None => Sourced::new(DEFAULT_ENDPOINT.to_string(), Source::Default),
            }
        }
    };
    let https = !https_because.is_empty();
    let (url, inferred) =
        Url::parse(&text, https).map_err(|why| usage(format!("endpoint `{text}` (from {source}): {why}")))?;
    let scheme_note = inferred.then(|| match https_because {
        [] => "no scheme given: http, as neither cacert nor insecure is set".to_string(),
        [one] => format!("no scheme given: https, as {one} is set"),
        [init @ .., last] => format!("no scheme given: https, as {} and {last} are set", init.join(", ")),
    });
    Ok(Endpoint {
        url,
        source,
        scheme_note,
    })
}

/// `--token-file`, else YR_JWT_TOKEN, else the profile's `token_file`.
pub fn resolve_token(file: Option<&Path>, lookup: &Lookup) -> Result<Option<Sourced<Token>>> {
    if let Some(path) = file {
        let token = read_token_file(path, "--token-file", lookup.deadline)?;
        return Ok(Some(Sourced::new(token, Source::Flag("--token-file"))));
    }
    if let Some(token) = lookup.env("YR_JWT_TOKEN") {
        return Ok(Some(Sourced::new(
            Token::from_env(&token)?,
            Source::Env("YR_JWT_TOKEN"),
        )));
    }
    if let Some(profile) = &lookup.profile {
        if let Some(path) = &profile.values.token_file {
            let what = format!("profile {} token_file", profile.name);
            let token = read_token_file(path, &what, lookup.deadline)?;
            return Ok(Some(Sourced::new(token, Source::of_profile(profile))));
        }
    }
    Ok(None)
}

/// A file named by a flag, a variable or a profile, with where it was named (for messages).
pub type NamedFile = Sourced<PathBuf>;

impl NamedFile {
    /// `--cacert FILE` when a flag named it, else `cacert FILE (from env YR_VERIFY_FILE)` and the like.
    pub fn describe(&self, what: &str) -> String {
        match &self.source {
            Source::Flag(flag) => format!("{flag} {}", self.value.display()),
            source => format!("{what} {} (from {source})", self.value.display()),
        }
    }
}

/// How the server is trusted and how yr proves itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsSettings {
    pub cacert: Option<NamedFile>,
    pub cert: Option<NamedFile>,
    pub key: Option<NamedFile>,
    pub server_name: Option<Sourced<String>>,
    /// Set, true or false, by a flag, a variable or a profile; unset means false.
    pub insecure: Option<Sourced<bool>>,
    /// By when the files are read: the command's deadline for its inputs.
    pub deadline: Deadline,
}

impl TlsSettings {
    /// Whether the server's certificate goes unchecked.
    pub fn is_insecure(&self) -> bool {
        self.insecure.as_ref().is_some_and(|s| s.value)
    }

    /// --cacert, --cert/--key, --tls-server-name and --insecure over their variables and the profile.
    fn resolve(args: &ConnectionFlags, lookup: &Lookup) -> Result<TlsSettings> {
        let file = |flag: &Option<PathBuf>,
                    name: &'static str,
                    var: &'static str,
                    pick: fn(&profiles::ProfileValues) -> Option<PathBuf>| {
            let flag = flag.as_ref().and_then(|p| p.to_str());
            lookup
                .first(flag, name, &[var], |p| pick(p).map(|v| v.display().to_string()))
                .map(|found| found.map(PathBuf::from))
        };
        let cacert = file(&args.cacert, "--cacert", "YR_VERIFY_FILE", |p| p.cacert.clone());
        let cert = file(&args.cert, "--cert", "YR_CERT_FILE", |p| p.cert.clone());
        let key = file(&args.key, "--key", "YR_PRIVATE_KEY_FILE", |p| p.key.clone());
        if cert.is_some() != key.is_some() {
            return Err(usage(
                "--cert and --key go together (a client certificate needs its private key)",
            ));
        }
        let server_name = lookup.first(
            args.tls_server_name.as_deref(),
            "--tls-server-name",
            &["YR_SERVER_NAME"],
            |_| None,
        );
        let insecure = match args.insecure {
            true => Some(Sourced::new("true".to_string(), Source::Flag("--insecure"))),
            false => lookup.first(None, "--insecure", &["YR_INSECURE"], |p| {
                p.insecure.map(|b| b.to_string())
            }),
        };
        let insecure = insecure
            .map(|Sourced { value, source }| match parse_bool(&value) {
                Ok(value) => Ok(Sourced::new(value, source)),
                Err(why) => Err(usage(format!("{source}: {why}"))),
            })
            .transpose()?;
        Ok(TlsSettings {
            cacert,
            cert,
            key,
            server_name,
            insecure,
            deadline: lookup.deadline,
        })
    }
}

/// The connection flags as given, none weighed or parsed yet: what `Connection::resolve` sets against the
/// environment, the profile and discovery. commands/ fills it from the command line (cli::ConnectionArgs), yr test
/// from the command line too; nothing here knows clap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionFlags {
    pub endpoint: Option<String>,
    pub token_file: Option<PathBuf>,
    pub timeout: Option<String>,
    pub connect_timeout: Option<String>,
    pub proxy: Option<String>,
    pub no_proxy: bool,
    pub cacert: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub tls_server_name: Option<String>,
    pub insecure: bool,
}

/// --tenant and --service as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameFlags {
    pub tenant: Option<String>,
    pub service: Option<String>,
}

/// Which proxy, if any: decided as curl does, by the endpoint's scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyChoice {
    /// No proxy flag or variable applies.
    Direct,
    /// `--no-proxy`: direct, whatever the environment says.
    Off,
    /// NO_PROXY covers the endpoint.
    Excluded(Source),
    Via {
        url: String,
        source: Source,
    },
}

/// `--no-proxy`, `--proxy`, else the environment: `https_proxy`/`HTTPS_PROXY` for an https endpoint,
/// `http_proxy`/`HTTP_PROXY` for http, then `all_proxy`/`ALL_PROXY`; none when `no_proxy`/`NO_PROXY` covers the host.
fn choose_proxy(args: &ConnectionFlags, endpoint: &Url, lookup: &Lookup) -> ProxyChoice {
    if args.no_proxy {
        return ProxyChoice::Off;
    }
    if let Some(url) = &args.proxy {
        return ProxyChoice::Via {
            url: url.clone(),
            source: Source::Flag("--proxy"),
        };
    }
    let host = endpoint.bare_host();
    let no_proxy = lookup
        .env("no_proxy")
        .map(|v| (v, "no_proxy"))
        .or_else(|| lookup.env("NO_PROXY").map(|v| (v, "NO_PROXY")));
    if let Some((list, var)) = no_proxy {
        if no_proxy_covers(&list, host) {
            return ProxyChoice::Excluded(Source::Env(var));
        }
    }
    let vars: [&'static str; 4] = if endpoint.https {
        ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
    } else {
        ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
    };
    vars.iter()
        .find_map(|var| {
            lookup.env(var).map(|url| ProxyChoice::Via {
                url,
                source: Source::Env(var),
            })
        })
        .unwrap_or(ProxyChoice::Direct)
}

/// NO_PROXY entries: `*`, a host, or a domain (`.example.com` or `example.com` also covers its subdomains).
pub fn no_proxy_covers(list: &str, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    list.split([',', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            let entry = entry.to_ascii_lowercase();
            let entry = entry.split(':').next().unwrap_or("").trim_start_matches('.');
            entry == "*" || host == entry || host.ends_with(&format!(".{entry}"))
        })
}

/// Validated connection settings for one command, each with where it came from.
#[derive(Debug, Clone)]
pub struct Connection {
    pub endpoint: Endpoint,
    pub token: Option<Sourced<Token>>,
    /// None waits for ever.
    pub timeout: Sourced<Option<Duration>>,
    pub connect_timeout: Sourced<Option<Duration>>,
    pub tls: TlsSettings,
    pub proxy: ProxyChoice,
    /// Notes for -v (discovery files skipped).
    pub notes: Vec<String>,
}

impl Connection {
    /// The token, wherever it came from.
    pub fn token(&self) -> Option<&Token> {
        self.token.as_ref().map(|t| &t.value)
    }

    /// The headers a request other than an invocation carries (a poll of a result, a session's end): X-Auth when
    /// there is a token, else none. An invocation's are `InvokeRequest::wire_headers`.
    pub fn auth_headers(&self) -> Vec<(String, String)> {
        self.token().iter().map(|t| t.header()).collect()
    }

    /// The settings the flags, the environment, the profile and discovery give; an error in a flag's value names
    /// the flag.
    pub fn resolve(args: &ConnectionFlags, lookup: &Lookup) -> Result<Connection, FlagError> {
        let mut notes = Vec::new();
        // TLS comes first: it decides the scheme of a bare host:port.
        let tls = TlsSettings::resolve(args, lookup).map_err(FlagError::unflagged)?;
        let endpoint = resolve_endpoint(args.endpoint.as_deref(), lookup, &https_reasons(&tls), &mut notes)
            .map_err(|error| flagged_when(args.endpoint.is_some(), "--endpoint", error))?;
        let token = resolve_token(args.token_file.as_deref(), lookup)
            .map_err(|error| flagged_when(args.token_file.is_some(), "--token-file", error))?;
        let timeout = lookup.first(args.timeout.as_deref(), "--timeout", &["YR_TIMEOUT"], |p| {
            p.timeout.clone()
        });
        let connect_timeout = lookup.first(args.connect_timeout.as_deref(), "--connect-timeout", &[], |_| None);
        let proxy = choose_proxy(args, &endpoint.url, lookup);
        Ok(Connection {
            endpoint,
            token,
            timeout: duration_setting(timeout, DEFAULT_TIMEOUT)?,
            connect_timeout: duration_setting(connect_timeout, DEFAULT_CONNECT_TIMEOUT)?,
            tls,
            proxy,
            notes,
        })
    }
}

/// `error`, caused by `flag`'s value when the flag was given (it wins over every other source).
fn flagged_when(given: bool, flag: &'static str, error: anyhow::Error) -> FlagError {
    match given {
        true => FlagError::of(flag, error),
        false => FlagError::unflagged(error),
    }
}

/// A duration setting, else `default`; `0` means no limit (None).
fn duration_setting(found: Option<Sourced<String>>, default: Duration) -> Result<Sourced<Option<Duration>>, FlagError> {
    let Some(Sourced { value: text, source }) = found else {
        return Ok(Sourced::new(Some(default), Source::Default));
    };
    let duration = parse_duration(&text).map_err(|why| {
        let error = usage(format!("{source}: {why}"));
        match source {
            Source::Flag(flag) => FlagError::of(flag, error),
            _ => FlagError::unflagged(error),
        }
    })?;
    Ok(Sourced::new(Some(duration).filter(|d| !d.is_zero()), source))
}

/// Booleans in environment variables and profiles, in any case: 1/true/yes and 0/false/no/empty (cli.md), and the
/// other words yrcli takes, so its environments work unchanged (`YR_INSECURE` is a click flag there, and click's
/// `BoolParamType` also reads t/y/on and f/n/off).
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "t" | "y" | "on" => Ok(true),
        "0" | "false" | "no" | "f" | "n" | "off" | "" => Ok(false),
        other => Err(format!(
            "`{other}` is not a boolean: use 1, true, yes, on (or t, y) or 0, false, no, off (or f, n)"
        )),
    }
}

/// The tenant and service short FUNCTION names expand with, each with where it came from.
#[derive(Debug, Clone)]
pub struct NameSettings {
    pub tenant: Sourced<String>,
    pub service: Sourced<String>,
}

/// Tenant and service for expanding short FUNCTION names: flag, env, profile, `default`.
pub fn name_defaults(args: &NameFlags, lookup: &Lookup) -> NameDefaults {
    let names = name_settings(args, lookup);
    NameDefaults {
        tenant: names.tenant.value,
        service: names.service.value,
    }
}

/// The name defaults and where each came from.
pub fn name_settings(args: &NameFlags, lookup: &Lookup) -> NameSettings {
    let base = NameDefaults::default();
    let tenant = lookup
        .first(args.tenant.as_deref(), "--tenant", &["YR_TENANT"], |p| p.tenant.clone())
        .unwrap_or(Sourced::new(base.tenant, Source::Default));
    let service = lookup
        .first(args.service.as_deref(), "--service", &["YR_SERVICE"], |p| {
            p.service.clone()
        })
        .unwrap_or(Sourced::new(base.service, Source::Default));
    NameSettings { tenant, service }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    fn endpoint(flag: Option<&str>, pairs: &[(&str, &str)]) -> Endpoint {
        let mut pairs = pairs.to_vec();
        pairs.push(("YR_SESSIONS_DIR", "/nonexistent-yr-sessions"));
        let env = env_of(&pairs);
        resolve_endpoint(flag, &Lookup::with_env(&env), &[], &mut Vec::new()).unwrap()
    }

    #[test]
    fn endpoint_precedence() {
        let both = [("YR_ENDPOINT", "http://a:1"), ("YR_SERVER_ADDRESS", "b:2")];
        let e = endpoint(Some("https://flag:3/"), &both);
        assert_eq!(
            (e.url.as_str(), e.source),
            ("https://flag:3", Source::Flag("--endpoint"))
        );
        let e = endpoint(None, &both);
        assert_eq!((e.url.as_str(), e.source), ("http://a:1", Source::Env("YR_ENDPOINT")));
        let e = endpoint(None, &[("YR_SERVER_ADDRESS", "b:2")]);
        assert_eq!(
            (e.url.as_str(), e.source),
            ("http://b:2", Source::Env("YR_SERVER_ADDRESS"))
        );
        let e = endpoint(None, &[]);
        assert_eq!((e.url.as_str(), e.source), (DEFAULT_ENDPOINT, Source::Default));
    }

    #[test]
    fn profile_sits_below_env() {
        let env = env_of(&[("YR_SESSIONS_DIR", "/nonexistent-yr-sessions")]);
        let mut lookup = Lookup::with_env(&env);
        lookup.profile = Some(Profile {
            name: "p".into(),
            file: "/c.json".into(),
            values: profiles::ProfileValues {
                endpoint: Some("h:9".into()),
                tenant: Some("t".into()),
                ..Default::default()
            },
        });
        let e = resolve_endpoint(None, &lookup, &[], &mut Vec::new()).unwrap();
        assert_eq!(e.url.as_str(), "http://h:9");
        assert_eq!(e.source.to_string(), "profile p in /c.json");
        let e = resolve_endpoint(Some("x:1"), &lookup, &[], &mut Vec::new()).unwrap();
        assert_eq!(e.url.as_str(), "http://x:1");
    }

    #[test]
    fn endpoint_forms() {
        let env = env_of(&[]);
        let err = resolve_endpoint(Some("ftp://x"), &Lookup::with_env(&env), &[], &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("ftp") && err.contains("--endpoint"), "{err}");
    }

    #[test]
    fn bare_addresses_take_https_from_tls_settings() {
        let env = env_of(&[("YR_SERVER_ADDRESS", "10.0.0.1:8888")]);
        let lookup = Lookup::with_env(&env);
        let reasons = [
            "cacert (YR_VERIFY_FILE)".to_string(),
            "insecure (--insecure)".to_string(),
        ];
        let e = resolve_endpoint(None, &lookup, &reasons, &mut Vec::new()).unwrap();
        assert_eq!(e.url.as_str(), "https://10.0.0.1:8888");
        assert_eq!(
            e.scheme_note.as_deref(),
            Some("no scheme given: https, as cacert (YR_VERIFY_FILE) and insecure (--insecure) are set")
        );
        let e = resolve_endpoint(Some("http://h:1"), &lookup, &reasons, &mut Vec::new()).unwrap();
        assert_eq!((e.url.as_str(), e.scheme_note), ("http://h:1", None));
        let tls = TlsSettings {
            insecure: Some(Sourced::new(true, Source::Env("YR_INSECURE"))),
            ..Default::default()
        };
        assert_eq!(https_reasons(&tls), ["insecure (YR_INSECURE)"]);
        assert!(https_reasons(&TlsSettings::default()).is_empty());
        let set_false = TlsSettings {
            insecure: Some(Sourced::new(false, Source::Env("YR_INSECURE"))),
            ..Default::default()
        };
        assert!(https_reasons(&set_false).is_empty());
    }

    #[test]
    fn no_proxy_lists() {
        assert!(no_proxy_covers("*", "a.b"));
        assert!(no_proxy_covers("localhost, .example.com", "api.example.com"));
        assert!(no_proxy_covers("example.com", "example.com"));
        assert!(no_proxy_covers("127.0.0.1:8888", "127.0.0.1"));
        assert!(!no_proxy_covers("example.com", "badexample.com"));
        assert!(!no_proxy_covers("", "a"));
    }

    #[test]
    fn proxies_follow_the_scheme() {
        let env = env_of(&[
            ("HTTPS_PROXY", "http://s:1"),
            ("http_proxy", "http://p:2"),
            ("NO_PROXY", "internal"),
        ]);
        let lookup = Lookup::with_env(&env);
        let args = ConnectionFlags::default();
        let via = |endpoint: &str| match choose_proxy(&args, &Url::parse(endpoint, false).unwrap().0, &lookup) {
            ProxyChoice::Via { url, .. } => url,
            ProxyChoice::Direct | ProxyChoice::Off | ProxyChoice::Excluded(_) => "direct".into(),
        };
        assert_eq!(via("https://h:1"), "http://s:1");
        assert_eq!(via("http://h:1"), "http://p:2");
        assert_eq!(via("http://internal:1"), "direct");
    }

    #[test]
    fn booleans() {
        for t in ["1", "true", "YES", "on", "t", "y"] {
            assert_eq!(parse_bool(t), Ok(true));
        }
        for f in ["0", "false", "no", "", "OFF", "f", "n"] {
            assert_eq!(parse_bool(f), Ok(false));
        }
        assert!(parse_bool("maybe").is_err());
    }

    #[test]
    fn a_connection_sends_its_token_as_x_auth() {
        let args = ConnectionFlags {
            endpoint: Some("http://h:1".into()),
            no_proxy: true,
            ..ConnectionFlags::default()
        };
        let env = env_of(&[("YR_JWT_TOKEN", "abc")]);
        let connection = Connection::resolve(&args, &Lookup::with_env(&env)).unwrap();
        assert_eq!(connection.auth_headers(), [("X-Auth".to_string(), "abc".to_string())]);
        let none = env_of(&[]);
        let connection = Connection::resolve(&args, &Lookup::with_env(&none)).unwrap();
        assert!(connection.auth_headers().is_empty());
    }
}
