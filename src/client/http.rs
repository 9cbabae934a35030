//! The HTTP client: a command's `Client` (one ureq agent, built once from agent.rs's parts, on the run's TLS from
//! tls.rs) and its exchanges with the frontend, and transport failures turned into typed errors with their hints.
//! What an answer means is reply.rs's (answer/), not this file's.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use ureq::http;

use crate::client::agent::{LiteralResolver, TimedConnector, proxy};
use crate::client::body::WireBody;
use crate::client::config::{Connection, ProxyChoice};
use crate::exit::Failure;

/// A request as sent on the wire, apart from the headers ureq adds itself.
#[derive(Debug, Clone)]
pub struct WireRequest<'a> {
    pub method: &'a str,
    pub path: String,
    /// Every header yr sets, X-Auth included; printing code redacts it.
    pub headers: Vec<(String, String)>,
    pub body: WireBody<'a>,
}

/// Bodies over this size go with `Expect: 100-continue`, as curl sends them (its threshold, 1 MiB).
const EXPECT_CONTINUE_ABOVE: u64 = 1 << 20;

/// Whether the request goes with `Expect: 100-continue`: its body is over 1 MiB and -H did not set Expect (an empty
/// `-H 'Expect:'` turns it off, as in curl). The frontend refuses some calls before it reads the body (a token, an
/// upload stream, a body too large); Go's net/http then closes the connection with the rest of the body unread,
/// and a client still writing it gets a reset and loses the answer. With the header, the answer comes before any
/// of the body is sent; the frontend sends `100 Continue` when it starts reading. A server that never answers the
/// header gets the body after ureq's wait (one second).
pub fn expects_continue(request: &WireRequest) -> bool {
    request.body.len() > EXPECT_CONTINUE_ABOVE && !request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("Expect"))
}

/// Bodies held in memory for --json, -r, --expect-body or a terminal are refused above this size.
pub const BUFFER_LIMIT: u64 = 64 * 1024 * 1024;

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

/// How a plain-HTTP request to a port that speaks TLS is reported; `speaks_tls` adds the hint to use https.
pub const SPEAKS_TLS: &str = "the port speaks TLS (https), not plain http";
/// How a TLS handshake with a port that speaks plain HTTP is reported; `tls_failure` adds the hint to use http.
pub const SPEAKS_PLAIN: &str = "TLS: the port speaks plain http, not TLS (https)";

/// What Go's net/http server answers to plain HTTP on a TLS port (`Server.serve` in net/http/server.go), as the
/// real frontend, a Go service, does: `HTTP/1.0 400 Bad Request` with this body.
const GO_PLAIN_TO_TLS: &[u8] = b"Client sent an HTTP request to an HTTPS server.";

/// Whether the first bytes a server sent are a TLS record: an alert (0x15, what rustls and OpenSSL send to a
/// plaintext request) or a handshake (0x16), then a 3.x record version.
fn is_tls_record(first: &[u8]) -> bool {
    matches!(first, [0x15 | 0x16, 0x03, ..])
}

/// An answer whose headers have arrived and whose body is still to be read (streamed answers read it frame by
/// frame).
pub struct OpenAnswer {
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

impl OpenAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body still to read, buffered (a streamed answer is read line by line from it).
    pub fn body(&mut self) -> &mut impl std::io::BufRead {
        &mut self.body
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The answer without its body (for judging it by its headers, and for -v).
    pub fn head(&self) -> Exchange {
        Exchange {
            status: self.status,
            version: self.version,
            headers: self.headers.clone(),
            body: Vec::new(),
            timings: self.timings(),
        }
    }

    /// Copies the rest of the body to `out` as it arrives, holding none of it; returns the bytes copied. A
    /// broken connection is the usual transport failure, a failed write an I/O error of `out`.
    ///
    /// It reads in 8 KiB (the BufReader's size, so reads go past it) until a read fills that, then in 64 KiB: a
    /// zeroed 64 KiB buffer up front cost 16 fresh pages on every call, however short the answer.
    pub fn copy_body(&mut self, out: &mut dyn std::io::Write) -> Result<u64> {
        let mut small = [0u8; 8 * 1024];
        let mut large = Vec::new();
        let mut copied = 0u64;
        loop {
            let buffer: &mut [u8] = if large.is_empty() { &mut small } else { &mut large };
            let n = match self.body.read(buffer) {
                Ok(0) => return Ok(copied),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.body_failure(e, copied as usize)),
            };
            out.write_all(&buffer[..n])?;
            copied += n as u64;
            if n == small.len() && large.is_empty() {
                large = vec![0u8; 64 * 1024];
            }
        }
    }

    /// Reads the rest of the body into a whole `Exchange`, refusing one over `limit` bytes.
    pub fn read_limited(mut self, limit: u64) -> Result<Exchange> {
        let mut bytes = Vec::new();
        let read = (&mut self.body).take(limit + 1).read_to_end(&mut bytes);
        if let Err(e) = read {
            return Err(self.body_failure(e, bytes.len()));
        }
        if bytes.len() as u64 > limit {
            let message = format!(
                "the answer from {} is over {} MiB, more than yr holds in memory",
                self.endpoint,
                limit >> 20
            );
            return Err(Failure::TooLarge {
                message,
                result: false,
                hint: None,
            }
            .into());
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
            let within = self.timeout.map(crate::wording::human_duration).unwrap_or_default();
            let message = format!("no complete answer from {} within {within} (--timeout)", self.endpoint);
            return Failure::TimedOut { message, sent: true }.into();
        }
        // Bytes that are there and wrong (bad chunk syntax) are a broken answer, not a broken connection.
        if let Some(ureq::Error::Protocol(e)) = inner {
            let message = format!(
                "the answer from {} is not valid HTTP after {received} body bytes: {e}",
                self.endpoint
            );
            return Failure::BadAnswer(message).into();
        }
        let message = format!(
            "the connection to {} broke after {received} bytes of the response body: {}",
            self.endpoint,
            io_words(&error)
        );
        Failure::Unreachable {
            message,
            sent: true,
            hint: None,
        }
        .into()
    }
}

/// The largest response head accepted: ureq's default, written down because READ_BUFFER depends on it.
const MAX_RESPONSE_HEAD: usize = 64 * 1024;

/// ureq's read and write buffers (a pair per transport: TCP, and TLS again). ureq zero-fills them before the first
/// byte, and its default of 128 KiB each touched 64 fresh pages of a plain-http call, a quarter of its page faults.
/// The read buffer must be larger than MAX_RESPONSE_HEAD: ureq finds a head too large only once the buffer holds
/// more than that, and a full buffer without a whole head reads as a closed connection instead (tests/faults.rs,
/// fault_1_mib_header_line). The write buffer holds the request head: 64 KiB is far beyond what servers take.
const READ_BUFFER: usize = MAX_RESPONSE_HEAD + 4 * 1024;
const WRITE_BUFFER: usize = 64 * 1024;

/// A command's HTTP client: the connection settings, and one ureq agent built from them, with the run's TLS
/// configuration (tls.rs), for every request the command sends (the call, its retries, the polls of its result).
///
/// Each request still gets a connection of its own (the agent keeps none idle), as it always has: a call that was
/// sent is never written again onto a kept-alive connection the server may have closed meanwhile.
pub struct Client<'a> {
    connection: &'a Connection,
    agent: ureq::Agent,
    /// The endpoint URL requests go to (with --tls-server-name's NAME as its host; it resolves to the real one).
    base: String,
    /// How long the last request's TCP and TLS set-up took, and the first bytes its connection received.
    connect_time: Arc<Mutex<Option<Duration>>>,
    first_bytes: Arc<Mutex<Vec<u8>>>,
}

impl<'a> Client<'a> {
    pub fn new(connection: &'a Connection) -> Result<Client<'a>> {
        let connect_time = Arc::new(Mutex::new(None));
        let first_bytes = Arc::new(Mutex::new(Vec::new()));
        let proxy = proxy(&connection.proxy)?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .timeout_global(connection.timeout.value)
            .timeout_connect(connection.connect_timeout.value)
            .max_response_header_size(MAX_RESPONSE_HEAD)
            .input_buffer_size(READ_BUFFER)
            .output_buffer_size(WRITE_BUFFER)
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .proxy(proxy.clone())
            .build();
        // The TLS configuration is built (and its files read) only when a connection will need it.
        let https_proxy = proxy
            .as_ref()
            .is_some_and(|p| p.protocol() == ureq::ProxyProtocol::Https);
        let tls = if connection.endpoint.url.https || https_proxy {
            Some(crate::client::tls::client_config(&connection.tls)?)
        } else {
            None
        };
        let connector = TimedConnector::new(tls, connect_time.clone(), first_bytes.clone());
        let (base, resolver) = match connection.tls.server_name.as_ref().map(|name| &name.value) {
            // The certificate is checked against NAME: NAME goes in the URL, and resolves to the endpoint's host.
            Some(name) => {
                let url = &connection.endpoint.url;
                (
                    url.with_host(name).to_string(),
                    LiteralResolver::aliased(name.clone(), url.host.clone()),
                )
            }
            None => (connection.endpoint.url.to_string(), LiteralResolver::default()),
        };
        Ok(Client {
            connection,
            agent: ureq::Agent::with_parts(config, connector, resolver),
            base,
            connect_time,
            first_bytes,
        })
    }

    pub fn connection(&self) -> &Connection {
        self.connection
    }

    /// Sends one request, the whole of it bounded by `limit` (--timeout, or what a wait has left), and returns once
    /// the answer's headers are in.
    pub fn send(&self, request: &WireRequest, limit: Option<Duration>) -> Result<OpenAnswer> {
        let (connection, agent, base) = (self.connection, &self.agent, &self.base);
        let https = connection.endpoint.url.https;
        check_head_size(request.method, &request.path, &request.headers)?;
        if let Ok(mut slot) = self.connect_time.lock() {
            *slot = None;
        }
        if let Ok(mut first) = self.first_bytes.lock() {
            first.clear();
        }
        let (connect_time, first_bytes) = (&self.connect_time, &self.first_bytes);
        let url = format!("{base}{}", request.path);
        let mut builder = http::Request::builder().method(request.method).uri(&url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if expects_continue(request) {
            builder = builder.header("Expect", "100-continue");
        }
        let build_failed = |e: http::Error| crate::exit::usage(format!("cannot build the request: {e}"));
        let started = Instant::now();
        let response = match request.body {
            WireBody::Bytes(bytes) => {
                let request = builder.body(bytes).map_err(build_failed)?;
                agent.run(agent.configure_request(request).timeout_global(limit).build())
            }
            WireBody::File { path, len } => {
                let mut file = std::fs::File::open(path).map_err(|e| {
                    crate::exit::usage(format!(
                        "-d @{}: cannot read it: {}",
                        path.display(),
                        crate::wording::io_reason(&e)
                    ))
                })?;
                let body = ureq::SendBody::from_reader(&mut file);
                let request = builder.header("Content-Length", len).body(body).map_err(build_failed)?;
                agent.run(agent.configure_request(request).timeout_global(limit).build())
            }
        }
        .map_err(|e| {
            let first = first_bytes.lock().map(|f| f.clone()).unwrap_or_default();
            if !https && is_tls_record(&first) {
                return speaks_tls(connection);
            }
            transport_failure(e, connection)
        })?;
        let first_byte = started.elapsed();
        let (parts, body) = response.into_parts();
        let headers = header_pairs(&parts.headers);
        let connect = *connect_time.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut answer = OpenAnswer {
            status: parts.status.as_u16(),
            version: version_name(parts.version),
            headers,
            body: std::io::BufReader::new(body.into_reader()),
            started,
            first_byte,
            connect,
            endpoint: connection.endpoint.url.to_string(),
            timeout: limit,
        };
        if !https && answer.status == 400 {
            use std::io::BufRead;
            if answer.body.fill_buf().is_ok_and(|b| b.starts_with(GO_PLAIN_TO_TLS)) {
                return Err(speaks_tls(connection));
            }
        }
        Ok(answer)
    }
}

/// Plain HTTP sent to a port that speaks TLS. The server never read it as a request: nothing ran.
fn speaks_tls(connection: &Connection) -> anyhow::Error {
    let message = format!("cannot reach {}: {SPEAKS_TLS}", connection.endpoint.url);
    Failure::Unreachable {
        message,
        sent: false,
        hint: Some(other_scheme(connection)),
    }
    .into()
}

/// The hint for a port that speaks the other scheme.
fn other_scheme(connection: &Connection) -> String {
    crate::wording::use_other_scheme(connection.endpoint.url.with_other_scheme().as_str())
}

/// A TLS failure in words, with the other scheme as the hint when the port speaks plain http.
fn tls_failure(error: &rustls::Error, connection: &Connection) -> anyhow::Error {
    let words = tls_words(error, connection);
    let hint = speaks_plain(error).then(|| other_scheme(connection));
    let message = format!("cannot reach {}: {words}", connection.endpoint.url);
    Failure::Unreachable {
        message,
        sent: false,
        hint,
    }
    .into()
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
    let unreachable = |message: String, sent: bool| {
        Failure::Unreachable {
            message,
            sent,
            hint: None,
        }
        .into()
    };
    let not_running = |message: String| {
        Failure::Unreachable {
            message,
            sent: false,
            hint: Some(crate::wording::NOT_RUNNING.into()),
        }
        .into()
    };
    match error {
        ureq::Error::Timeout(kind) => timed_out(kind, connection),
        ureq::Error::HostNotFound => not_running(format!(
            "cannot reach {endpoint}{}: the host name does not resolve",
            via(connection)
        )),
        ureq::Error::Io(e) => {
            if let Some(tls) = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
                return tls_failure(tls, connection);
            }
            let closed = matches!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            );
            if closed && connection.endpoint.url.https {
                // TLS 1.3 servers reject a client certificate after the handshake: the request write then fails
                // before the alert is read. Nothing was processed.
                let why = format!("it closed the connection right after the handshake: {}", io_words(&e));
                return unreachable(
                    format!("cannot reach {endpoint}: {}", client_cert_words(connection, &why)),
                    false,
                );
            }
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                let message = format!(
                    "the connection to {endpoint}{} closed before the answer's headers were complete",
                    via(connection)
                );
                return unreachable(message, true);
            }
            let message = format!("cannot reach {endpoint}{}: {}", via(connection), io_words(&e));
            if e.kind() == std::io::ErrorKind::ConnectionRefused {
                return not_running(message);
            }
            unreachable(message, true)
        }
        ureq::Error::LargeResponseHeader(size, limit) => Failure::BadAnswer(format!(
            "the answer from {endpoint} is not valid HTTP: its headers are {size} bytes, over yr's limit of {limit}"
        ))
        .into(),
        ureq::Error::ConnectProxyFailed(why) => unreachable(
            format!("cannot reach {endpoint}{}: the proxy refused: {why}", via(connection)),
            false,
        ),
        ureq::Error::ConnectionFailed => unreachable(format!("cannot reach {endpoint}: the connection failed"), false),
        ureq::Error::Tls(why) => unreachable(format!("cannot reach {endpoint}: TLS failed: {why}"), false),
        ureq::Error::Rustls(e) => tls_failure(&e, connection),
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
    let shown = |d: Option<Duration>| d.map(crate::wording::human_duration).unwrap_or_default();
    let (message, sent) = match kind {
        ureq::Timeout::Connect | ureq::Timeout::Resolve => (
            format!(
                "could not connect to {endpoint} within {} (--connect-timeout)",
                shown(connection.connect_timeout.value)
            ),
            false,
        ),
        _ => (
            format!(
                "no complete answer from {endpoint} within {} (--timeout)",
                shown(connection.timeout.value)
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
        ConnectionRefused => crate::wording::REFUSED.into(),
        ConnectionReset => "connection reset".into(),
        ConnectionAborted => "connection aborted".into(),
        UnexpectedEof => "the server closed the connection early".into(),
        _ => crate::wording::io_reason(error),
    }
}

/// Room left in the write buffer for what ureq adds to the head itself (Host, User-Agent, Accept, Content-Length or
/// Transfer-Encoding, the request line's own words).
const HEAD_SLACK: usize = 1024;

/// A request head that would not fit ureq's write buffer is refused before anything is sent, with its size; ureq
/// itself would fail it mid-call as if the answer were broken ("output too small to write output"). `yr bench`
/// applies the same limit, so a request one command sends is one every command sends.
pub fn check_head_size(method: &str, path: &str, headers: &[(String, String)]) -> Result<()> {
    let head = method.len()
        + path.len()
        + headers
            .iter()
            .map(|(name, value)| name.len() + value.len() + 4)
            .sum::<usize>();
    let limit = WRITE_BUFFER - HEAD_SLACK;
    if head > limit {
        return Err(crate::exit::usage(format!(
            "the request's headers are {head} bytes, over the {} KiB yr sends: are the -H values (or the labels, \
             the session or the trace id) that large?",
            limit / 1024
        )));
    }
    Ok(())
}

/// A client certificate refused or missing, with the detail in parentheses.
fn client_cert_words(connection: &Connection, detail: &str) -> String {
    if connection.tls.cert.is_some() {
        format!("TLS: the frontend refused the client certificate given with --cert ({detail})")
    } else {
        format!("TLS: the frontend wants a client certificate: pass --cert and --key ({detail})")
    }
}

/// ` through proxy URL` when one is in use, so an unreachable proxy is not mistaken for the frontend.
fn via(connection: &Connection) -> String {
    match &connection.proxy {
        ProxyChoice::Via { url, .. } => format!(" through proxy {url}"),
        ProxyChoice::Direct | ProxyChoice::Off | ProxyChoice::Excluded(_) => String::new(),
    }
}

/// `DnsName("localhost")` as `localhost`, `IpAddress(V4(127.0.0.1))` as `127.0.0.1`.
fn plain_name(debug: &str) -> String {
    let inner = debug
        .split_once('(')
        .map_or(debug, |(_, rest)| rest.trim_end_matches(')'));
    let inner = inner.trim_matches('"');
    inner
        .strip_prefix("V4(")
        .or_else(|| inner.strip_prefix("V6("))
        .map_or(inner, |i| i.trim_end_matches(')'))
        .to_string()
}

/// Whether a handshake failed because the server answered it in plain text (`HTTP/1.1 400`): a record that is no
/// TLS content type. Such a failure is worded SPEAKS_PLAIN, with the other scheme as the hint.
fn speaks_plain(error: &rustls::Error) -> bool {
    matches!(
        error,
        rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)
    )
}

/// TLS failures in words, with what to do about them.
fn tls_words(error: &rustls::Error, connection: &Connection) -> String {
    use rustls::{AlertDescription, CertificateError, Error};
    match error {
        Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "TLS: the frontend's certificate is not signed by a CA yr trusts; pass its CA with --cacert (or skip the check with --insecure)".into()
        }
        Error::InvalidCertificate(CertificateError::NotValidForNameContext { expected, presented }) => format!(
            "TLS: the frontend's certificate is for {} but yr expected {}; use the certificate's name in --endpoint or --tls-server-name",
            presented.iter().map(|p| plain_name(p)).collect::<Vec<_>>().join(", "),
            plain_name(&format!("{expected:?}"))
        ),
        Error::InvalidCertificate(CertificateError::NotValidForName) => {
            "TLS: the frontend's certificate does not name the host yr connected to; see --tls-server-name".into()
        }
        Error::InvalidCertificate(CertificateError::Expired | CertificateError::ExpiredContext { .. }) => {
            "TLS: the frontend's certificate has expired".into()
        }
        Error::AlertReceived(
            AlertDescription::CertificateRequired | AlertDescription::BadCertificate | AlertDescription::UnknownCA
            | AlertDescription::HandshakeFailure | AlertDescription::AccessDenied,
        ) => client_cert_words(connection, &error.to_string()),
        error if speaks_plain(error) => SPEAKS_PLAIN.into(),
        other => format!("TLS: {other}"),
    }
}

/// An answer's headers as (name, value) text, in the order they came; a value that is not UTF-8 is read lossily.
pub fn header_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}
#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
