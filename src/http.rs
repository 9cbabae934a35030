//! The HTTP client: one exchange with the frontend over ureq, and transport failures turned into typed errors.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use ureq::http;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport};

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

/// An answer whose headers have arrived and whose body is still to be read (streamed answers read it frame by
/// frame).
pub struct Answer {
    pub status: u16,
    pub version: &'static str,
    pub headers: Vec<(String, String)>,
    body: std::io::BufReader<ureq::BodyReader<'static>>,
    started: Instant,
    first_byte: Duration,
    connect: Option<Duration>,
    endpoint: String,
    timeout: Option<Duration>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// One line of the body, returned as soon as its line break arrives (for streamed answers).
    pub fn read_line(&mut self, line: &mut Vec<u8>) -> std::io::Result<usize> {
        use std::io::BufRead;
        self.body.read_until(b'\n', line)
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Reads the rest of the body into a whole `Exchange`.
    pub fn read_all(mut self) -> Result<Exchange> {
        let mut bytes = Vec::new();
        if let Err(e) = self.body.read_to_end(&mut bytes) {
            return Err(self.body_failure(e, bytes.len()));
        }
        let timings = self.timings();
        Ok(Exchange {
            status: self.status,
            version: self.version,
            headers: self.headers,
            body: bytes,
            timings,
        })
    }

    pub fn timings(&self) -> Timings {
        Timings {
            connect: self.connect,
            first_byte: self.first_byte,
            total: self.started.elapsed(),
        }
    }

    /// A failure while reading the body, after the headers arrived: the function may have run.
    pub fn body_failure(&self, error: std::io::Error, received: usize) -> anyhow::Error {
        let inner = error.get_ref().and_then(|e| e.downcast_ref::<ureq::Error>());
        if let Some(ureq::Error::Timeout(_)) = inner {
            let within = self.timeout.map(crate::output::human_duration).unwrap_or_default();
            let message = format!("no complete answer from {} within {within} (--timeout)", self.endpoint);
            return Failure::TimedOut { message, sent: true }.into();
        }
        let message = format!(
            "the connection to {} broke after {received} bytes of the response body: {}",
            self.endpoint,
            io_words(&error)
        );
        Failure::Unreachable { message, sent: true }.into()
    }
}

/// Sends one request and reads the whole answer.
pub fn exchange(connection: &Connection, request: &WireRequest) -> Result<Exchange> {
    send(connection, request)?.read_all()
}

/// Sends one request and returns once the answer's headers are in.
pub fn send(connection: &Connection, request: &WireRequest) -> Result<Answer> {
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

    let started = Instant::now();
    let response = agent.run(http_request).map_err(|e| transport_failure(e, connection))?;
    let first_byte = started.elapsed();
    let (parts, body) = response.into_parts();
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
    let connect = *connect_time.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(Answer {
        status: parts.status.as_u16(),
        version: version_name(parts.version),
        headers,
        body: std::io::BufReader::new(body.into_reader()),
        started,
        first_byte,
        connect,
        endpoint: connection.endpoint.url.clone(),
        timeout: connection.timeout,
    })
}

fn version_name(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_10 => "HTTP/1.0",
        http::Version::HTTP_2 => "HTTP/2",
        _ => "HTTP/1.1",
    }
}

/// A failure before the answer's headers arrived. Failures while connecting mean the request was never sent.
fn transport_failure(error: ureq::Error, connection: &Connection) -> anyhow::Error {
    let endpoint = &connection.endpoint.url;
    let unreachable = |message: String, sent: bool| Failure::Unreachable { message, sent }.into();
    match error {
        ureq::Error::Timeout(kind) => timed_out(kind, connection),
        ureq::Error::HostNotFound => unreachable(
            format!("cannot reach {endpoint}: the host name does not resolve"),
            false,
        ),
        ureq::Error::Io(e) => {
            let before_sending = matches!(e.kind(), std::io::ErrorKind::ConnectionRefused);
            unreachable(format!("cannot reach {endpoint}: {}", io_words(&e)), !before_sending)
        }
        ureq::Error::ConnectionFailed => unreachable(format!("cannot reach {endpoint}: the connection failed"), false),
        ureq::Error::Tls(why) => unreachable(format!("cannot reach {endpoint}: TLS failed: {why}"), false),
        ureq::Error::Rustls(e) => unreachable(format!("cannot reach {endpoint}: TLS failed: {e}"), false),
        ureq::Error::Protocol(e) => {
            Failure::BadAnswer(format!("the answer from {endpoint} is not valid HTTP: {e}")).into()
        }
        ureq::Error::BadUri(why) => crate::exit::usage(format!("the URL is not valid: {why}")),
        ureq::Error::Http(e) => crate::exit::usage(format!("cannot build the request: {e}")),
        other => anyhow::anyhow!("the request to {endpoint} failed: {other}"),
    }
}

fn timed_out(kind: ureq::Timeout, connection: &Connection) -> anyhow::Error {
    let endpoint = &connection.endpoint.url;
    let shown = |d: Option<Duration>| d.map(crate::output::human_duration).unwrap_or_default();
    let (message, sent) = match kind {
        ureq::Timeout::Connect | ureq::Timeout::Resolve => (
            format!(
                "could not connect to {endpoint} within {} (--connect-timeout)",
                shown(connection.connect_timeout)
            ),
            false,
        ),
        _ => (
            format!(
                "no complete answer from {endpoint} within {} (--timeout)",
                shown(connection.timeout)
            ),
            true,
        ),
    };
    Failure::TimedOut { message, sent }.into()
}

/// An I/O error of a connection in plain words.
pub fn io_words(error: &std::io::Error) -> String {
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

    fn connect(&self, details: &ConnectionDetails, chained: Option<()>) -> Result<Option<Self::Out>, ureq::Error> {
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
            let host = authority.host().trim_start_matches('[').trim_end_matches(']');
            if let Ok(ip) = host.parse::<std::net::IpAddr>() {
                let default_port = if uri.scheme_str() == Some("https") { 443 } else { 80 };
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
