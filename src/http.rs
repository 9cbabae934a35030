//! The HTTP client: one exchange with the frontend over ureq, and transport failures turned into typed errors.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use ureq::http;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

use crate::exit::Failure;
use crate::settings::Connection;

/// A request as sent on the wire, apart from the headers ureq adds itself.
#[derive(Debug, Clone)]
pub struct WireRequest<'a> {
    pub method: &'a str,
    pub path: String,
    /// Every header yr sets, X-Auth included; printing code redacts it.
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

/// How long the phases of one exchange took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// TCP and TLS set-up; None when a kept-alive connection was reused.
    pub connect: Option<Duration>,
    pub first_byte: Duration,
    pub total: Duration,
}

/// The whole answer to one request.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub status: u16,
    pub version: &'static str,
    /// In the order received, names lower-case as HTTP/1.1 parsing leaves them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub timings: Timings,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Headers in the order they go on the wire: values of one name together, names in first-seen order (the
/// order an HTTP header map keeps), so what -v and --curl show is what is sent.
pub fn wire_order(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut names: Vec<String> = Vec::new();
    for (name, _) in &headers {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.clone());
        }
    }
    names
        .iter()
        .flat_map(|name| {
            headers
                .iter()
                .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
                .cloned()
        })
        .collect()
}

pub const USER_AGENT: &str = concat!("yr/", env!("CARGO_PKG_VERSION"));

/// Sends one request and reads the whole answer.
pub fn exchange(connection: &Connection, request: &WireRequest) -> Result<Exchange> {
    let connect_time = Arc::new(Mutex::new(None));
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(USER_AGENT)
        .timeout_global(connection.timeout)
        .timeout_connect(connection.connect_timeout)
        .build();
    let connector = TimedConnector {
        inner: DefaultConnector::default(),
        elapsed: connect_time.clone(),
    };
    let agent = ureq::Agent::with_parts(config, connector, LiteralResolver::default());

    let url = format!("{}{}", connection.endpoint.url, request.path);
    let mut builder = http::Request::builder().method(request.method).uri(&url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let http_request = builder
        .body(request.body)
        .map_err(|e| crate::exit::usage(format!("cannot build the request: {e}")))?;

    let start = Instant::now();
    let response = agent
        .run(http_request)
        .map_err(|e| transport_failure(e, connection))?;
    let first_byte = start.elapsed();
    let (parts, body) = response.into_parts();
    let mut bytes = Vec::new();
    if let Err(e) = body.into_reader().read_to_end(&mut bytes) {
        return Err(body_failure(e, bytes.len(), connection));
    }
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let connect = *connect_time
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(Exchange {
        status: parts.status.as_u16(),
        version: version_name(parts.version),
        headers,
        body: bytes,
        timings: Timings {
            connect,
            first_byte,
            total: start.elapsed(),
        },
    })
}

fn version_name(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_10 => "HTTP/1.0",
        http::Version::HTTP_2 => "HTTP/2",
        _ => "HTTP/1.1",
    }
}

/// A failure before the answer's headers arrived.
fn transport_failure(error: ureq::Error, connection: &Connection) -> anyhow::Error {
    let endpoint = &connection.endpoint.url;
    match error {
        ureq::Error::Timeout(kind) => timed_out(kind, connection),
        ureq::Error::HostNotFound => Failure::Unreachable(format!(
            "cannot reach {endpoint}: the host name does not resolve"
        ))
        .into(),
        ureq::Error::Io(e) => {
            Failure::Unreachable(format!("cannot reach {endpoint}: {}", io_words(&e))).into()
        }
        ureq::Error::ConnectionFailed => {
            Failure::Unreachable(format!("cannot reach {endpoint}: the connection failed")).into()
        }
        ureq::Error::Tls(why) => {
            Failure::Unreachable(format!("cannot reach {endpoint}: TLS failed: {why}")).into()
        }
        ureq::Error::Rustls(e) => {
            Failure::Unreachable(format!("cannot reach {endpoint}: TLS failed: {e}")).into()
        }
        ureq::Error::Protocol(e) => {
            Failure::BadAnswer(format!("the answer from {endpoint} is not valid HTTP: {e}")).into()
        }
        ureq::Error::BadUri(why) => crate::exit::usage(format!("the URL is not valid: {why}")),
        ureq::Error::Http(e) => crate::exit::usage(format!("cannot build the request: {e}")),
        other => anyhow::anyhow!("the request to {endpoint} failed: {other}"),
    }
}

/// A failure while reading the body, after the headers arrived: the function may have run.
fn body_failure(error: std::io::Error, received: usize, connection: &Connection) -> anyhow::Error {
    let inner = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<ureq::Error>());
    if let Some(ureq::Error::Timeout(kind)) = inner {
        return timed_out(*kind, connection);
    }
    Failure::Unreachable(format!(
        "the connection to {} broke after {received} bytes of the response body: {}",
        connection.endpoint.url,
        io_words(&error)
    ))
    .into()
}

fn timed_out(kind: ureq::Timeout, connection: &Connection) -> anyhow::Error {
    let endpoint = &connection.endpoint.url;
    let shown = |d: Option<Duration>| d.map(crate::output::human_duration).unwrap_or_default();
    let message = match kind {
        ureq::Timeout::Connect | ureq::Timeout::Resolve => {
            format!(
                "could not connect to {endpoint} within {} (--connect-timeout)",
                shown(connection.connect_timeout)
            )
        }
        _ => format!(
            "no complete answer from {endpoint} within {} (--timeout)",
            shown(connection.timeout)
        ),
    };
    Failure::TimedOut(message).into()
}

fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        ConnectionRefused => "connection refused".into(),
        ConnectionReset => "connection reset".into(),
        ConnectionAborted => "connection aborted".into(),
        UnexpectedEof => "the server closed the connection early".into(),
        _ => crate::body::io_reason(error),
    }
}

/// The default connector, timed: how long TCP and TLS set-up took, for -vv.
#[derive(Debug)]
struct TimedConnector {
    inner: DefaultConnector,
    elapsed: Arc<Mutex<Option<Duration>>>,
}

impl Connector<()> for TimedConnector {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let start = Instant::now();
        let transport = self.inner.connect(details, chained)?;
        if let Ok(mut slot) = self.elapsed.lock() {
            *slot = Some(start.elapsed());
        }
        Ok(transport)
    }
}

/// Resolves an IP-literal host on the spot; ureq's resolver otherwise starts a thread per lookup to bound it
/// with the connect timeout, which costs a CLI call more than the request itself on loopback.
#[derive(Debug, Default)]
struct LiteralResolver {
    inner: DefaultResolver,
}

impl Resolver for LiteralResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(authority) = uri.authority() {
            let host = authority
                .host()
                .trim_start_matches('[')
                .trim_end_matches(']');
            if let Ok(ip) = host.parse::<std::net::IpAddr>() {
                let default_port = if uri.scheme_str() == Some("https") {
                    443
                } else {
                    80
                };
                let mut addrs = self.empty();
                addrs.push(std::net::SocketAddr::new(
                    ip,
                    authority.port_u16().unwrap_or(default_port),
                ));
                return Ok(addrs);
            }
        }
        self.inner.resolve(uri, config, timeout)
    }
}
