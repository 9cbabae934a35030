//! Where requests go and with what credentials and limits: flags, then environment, then defaults,
//! resolved once into plain values. Each setting remembers where it came from (for `yr config` later).

use std::fmt;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::cli::{ConnectionArgs, FunctionArgs};
use crate::exit::usage;
use crate::urn::NameDefaults;
use crate::values::parse_duration;

pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:8888";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15 * 60);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads one environment variable; a closure so tests can pass their own environment.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, with empty values treated as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "flag {name}"),
            Source::Env(name) => write!(f, "env {name}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// The first of: a flag, then each environment variable in order, then nothing.
fn first_set(flag: Option<&str>, flag_name: &'static str, vars: &[&'static str], env: Env) -> Option<(String, Source)> {
    if let Some(value) = flag {
        return Some((value.to_string(), Source::Flag(flag_name)));
    }
    vars.iter()
        .find_map(|var| env(var).map(|value| (value, Source::Env(var))))
}

/// The frontend's base URL, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub source: Source,
}

/// The one place that decides where requests go.
pub fn resolve_endpoint(flag: Option<&str>, env: Env) -> Result<Endpoint> {
    let (text, source) = first_set(flag, "--endpoint", &["YR_ENDPOINT", "YR_SERVER_ADDRESS"], env)
        .unwrap_or_else(|| (DEFAULT_ENDPOINT.to_string(), Source::Default));
    let url = normalize_endpoint(&text).map_err(|why| usage(format!("endpoint `{text}` (from {source}): {why}")))?;
    Ok(Endpoint { url, source })
}

fn normalize_endpoint(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "it contains {}",
            if c.is_whitespace() {
                "a space"
            } else {
                "a control character"
            }
        ));
    }
    let with_scheme = match text.split_once("://") {
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            text.to_string()
        }
        Some((scheme, _)) => return Err(format!("the scheme `{scheme}` is not http or https")),
        None => format!("http://{text}"),
    };
    let (scheme, rest) = with_scheme.split_once("://").unwrap_or(("http", ""));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Err("it has no host".into());
    }
    if rest.contains(['?', '#']) {
        return Err("it may not have a query or fragment".into());
    }
    Ok(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        rest.trim_end_matches('/')
    ))
}

/// The X-Auth token. Debug and Display never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

pub fn resolve_token(file: Option<&Path>, env: Env) -> Result<Option<Token>> {
    if let Some(path) = file {
        return read_token_file(path).map(Some);
    }
    match env("YR_JWT_TOKEN") {
        Some(token) => {
            let token = token.trim().to_string();
            check_token(&token).map_err(|why| usage(format!("YR_JWT_TOKEN {why}")))?;
            Ok(Some(Token(token)))
        }
        None => Ok(None),
    }
}

fn read_token_file(path: &Path) -> Result<Token> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        usage(format!(
            "--token-file {shown}: cannot read it: {}",
            crate::body::io_reason(&e)
        ))
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| usage(format!("--token-file {shown}: the token is not UTF-8 text")))?;
    let token = text.trim_end_matches(['\n', '\r']).trim();
    if token.is_empty() {
        return Err(usage(format!("--token-file {shown}: the file is empty")));
    }
    check_token(token).map_err(|why| usage(format!("--token-file {shown}: the token {why}")))?;
    Ok(Token(token.to_string()))
}

fn check_token(token: &str) -> Result<(), String> {
    if token.chars().any(|c| c.is_control()) {
        return Err("contains a line break or another control character".into());
    }
    Ok(())
}

/// Validated connection settings for one command.
#[derive(Debug, Clone)]
pub struct Connection {
    pub endpoint: Endpoint,
    pub token: Option<Token>,
    /// None waits for ever.
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
}

impl Connection {
    pub fn resolve(args: &ConnectionArgs, env: Env) -> Result<Connection> {
        let endpoint = resolve_endpoint(args.endpoint.as_deref(), env)?;
        let token = resolve_token(args.token_file.as_deref(), env)?;
        let timeout = resolve_duration(
            args.timeout.as_deref(),
            "--timeout",
            Some("YR_TIMEOUT"),
            DEFAULT_TIMEOUT,
            env,
        )?;
        let connect_timeout = resolve_duration(
            args.connect_timeout.as_deref(),
            "--connect-timeout",
            None,
            DEFAULT_CONNECT_TIMEOUT,
            env,
        )?;
        Ok(Connection {
            endpoint,
            token,
            timeout,
            connect_timeout,
        })
    }
}

/// A duration from a flag or variable; `0` means no limit.
fn resolve_duration(
    flag: Option<&str>,
    flag_name: &'static str,
    var: Option<&'static str>,
    default: Duration,
    env: Env,
) -> Result<Option<Duration>> {
    let vars: Vec<&'static str> = var.into_iter().collect();
    let Some((text, source)) = first_set(flag, flag_name, &vars, env) else {
        return Ok(Some(default));
    };
    let duration = parse_duration(&text).map_err(|why| usage(format!("{source}: {why}")))?;
    Ok(Some(duration).filter(|d| !d.is_zero()))
}

/// Tenant and service for expanding short FUNCTION names.
pub fn name_defaults(args: &FunctionArgs, env: Env) -> NameDefaults {
    let base = NameDefaults::default();
    NameDefaults {
        tenant: first_set(args.tenant.as_deref(), "--tenant", &["YR_TENANT"], env).map_or(base.tenant, |(v, _)| v),
        service: first_set(args.service.as_deref(), "--service", &["YR_SERVICE"], env).map_or(base.service, |(v, _)| v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn endpoint_precedence() {
        let env = env_of(&[("YR_ENDPOINT", "http://a:1"), ("YR_SERVER_ADDRESS", "b:2")]);
        let e = resolve_endpoint(Some("https://flag:3/"), &env).unwrap();
        assert_eq!(
            (e.url.as_str(), e.source),
            ("https://flag:3", Source::Flag("--endpoint"))
        );
        let e = resolve_endpoint(None, &env).unwrap();
        assert_eq!((e.url.as_str(), e.source), ("http://a:1", Source::Env("YR_ENDPOINT")));
        let env = env_of(&[("YR_SERVER_ADDRESS", "b:2")]);
        let e = resolve_endpoint(None, &env).unwrap();
        assert_eq!(
            (e.url.as_str(), e.source),
            ("http://b:2", Source::Env("YR_SERVER_ADDRESS"))
        );
        let e = resolve_endpoint(None, &env_of(&[])).unwrap();
        assert_eq!((e.url.as_str(), e.source), (DEFAULT_ENDPOINT, Source::Default));
    }

    #[test]
    fn endpoint_forms() {
        assert_eq!(
            normalize_endpoint("HTTP://Host:1/base/"),
            Ok("http://Host:1/base".into())
        );
        assert_eq!(normalize_endpoint("10.0.0.1:8888"), Ok("http://10.0.0.1:8888".into()));
        for bad in ["ftp://x", "", "http://", "http://a b", "http://h/?q", "unix:///x"] {
            assert!(normalize_endpoint(bad).is_err(), "{bad} accepted");
        }
        let err = resolve_endpoint(Some("ftp://x"), &env_of(&[])).unwrap_err().to_string();
        assert!(err.contains("ftp") && err.contains("--endpoint"), "{err}");
    }

    #[test]
    fn durations_resolve() {
        let env = env_of(&[("YR_TIMEOUT", "2s")]);
        assert_eq!(
            resolve_duration(None, "--timeout", Some("YR_TIMEOUT"), DEFAULT_TIMEOUT, &env).unwrap(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            resolve_duration(Some("0"), "--timeout", Some("YR_TIMEOUT"), DEFAULT_TIMEOUT, &env).unwrap(),
            None
        );
        let err = resolve_duration(Some("soon"), "--timeout", None, DEFAULT_TIMEOUT, &env)
            .unwrap_err()
            .to_string();
        assert!(err.contains("--timeout"), "{err}");
    }

    #[test]
    fn tokens() {
        let env = env_of(&[("YR_JWT_TOKEN", "abc\n")]);
        assert_eq!(resolve_token(None, &env).unwrap().unwrap().expose(), "abc");
        assert_eq!(format!("{:?}", resolve_token(None, &env).unwrap()), "Some(<redacted>)");
        let env = env_of(&[("YR_JWT_TOKEN", "a\nb")]);
        assert!(resolve_token(None, &env).is_err());
        let dir = std::env::temp_dir().join(format!("yr-token-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("token");
        std::fs::write(&file, "secret\n").unwrap();
        assert_eq!(
            resolve_token(Some(&file), &env_of(&[])).unwrap().unwrap().expose(),
            "secret"
        );
        std::fs::write(&file, "\n").unwrap();
        assert!(
            resolve_token(Some(&file), &env_of(&[]))
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
