//! The parts of a command's ureq agent: the connector chain (a proxy's CONNECT tunnel, TCP, the run's TLS), timed
//! and keeping the first bytes the server sends; the resolver for IP literals and --tls-server-name; and the proxy
//! setting parsed as ureq parses it. http.rs builds its `Client` from them and sends with it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use ureq::http;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    Buffers, ConnectProxyConnector, ConnectionDetails, Connector, NextTimeout, TcpConnector, Transport,
};

use crate::client::config::ProxyChoice;

/// ureq's connector chain with the run's TLS in place of ureq's own: a proxy's CONNECT tunnel (it connects to the
/// proxy through the rest of the chain), TCP, then TLS for an https URL. Any other proxy is refused by `proxy`
/// before a connection is tried.
fn chain(tls: Option<Arc<rustls::ClientConfig>>) -> Box<dyn Connector<(), Out = Box<dyn Transport>>> {
    let plain = ().chain(ConnectProxyConnector::default()).chain(TcpConnector::default());
    match tls {
        Some(config) => Box::new(plain.chain(crate::client::tls::UreqTls(config)).chain(Boxing)),
        None => Box::new(plain.chain(Boxing)),
    }
}

/// The last step of a chain: its transport, whatever its type, as a `Box<dyn Transport>` (as ureq's own chain ends).
#[derive(Debug)]
struct Boxing;

impl<In: Transport> Connector<In> for Boxing {
    type Out = Box<dyn Transport>;

    fn connect(&self, _: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|transport| Box::new(transport) as Box<dyn Transport>))
    }
}

/// The run's connector chain, timed: how long TCP and TLS set-up took, for -vv. It keeps the first bytes the server
/// sends, so a TLS record in answer to plain HTTP can be told from a broken answer.
#[derive(Debug)]
pub struct TimedConnector {
    inner: Box<dyn Connector<(), Out = Box<dyn Transport>>>,
    elapsed: Arc<Mutex<Option<Duration>>>,
    first_bytes: Arc<Mutex<Vec<u8>>>,
}

impl Connector<()> for TimedConnector {
    type Out = Box<dyn Transport>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<()>) -> Result<Option<Self::Out>, ureq::Error> {
        let start = Instant::now();
        let transport = self.inner.connect(details, chained)?;
        if let Ok(mut slot) = self.elapsed.lock() {
            *slot = Some(start.elapsed());
        }
        Ok(transport.map(|inner| {
            Box::new(FirstBytes {
                inner,
                first: self.first_bytes.clone(),
                kept: false,
            }) as Box<dyn Transport>
        }))
    }
}

/// A transport that records the first few bytes it receives (after any proxy tunnel is set up).
#[derive(Debug)]
struct FirstBytes {
    inner: Box<dyn Transport>,
    first: Arc<Mutex<Vec<u8>>>,
    /// Enough is kept: the body's bytes pass untouched.
    kept: bool,
}

impl Transport for FirstBytes {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let progress = self.inner.await_input(timeout)?;
        if !self.kept {
            if let Ok(mut first) = self.first.lock() {
                // Unconsumed input starts with the answer's first byte until its head is parsed, which takes
                // more than 8 bytes: the buffer's start is the answer's start.
                let input = self.inner.buffers().input();
                *first = input[..input.len().min(8)].to_vec();
                self.kept = first.len() >= 8;
            }
        }
        Ok(progress)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Resolves an IP-literal host on the spot; ureq's resolver otherwise starts a thread per lookup to bound it
/// with the connect timeout, which costs a CLI call more than the request itself on loopback. With
/// --tls-server-name, that name resolves to the endpoint's real host.
#[derive(Debug, Default)]
pub struct LiteralResolver {
    inner: DefaultResolver,
    alias: Option<(String, String)>,
}

impl Resolver for LiteralResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.inner.resolve(uri, config, timeout);
        };
        let mut host = authority.host().to_string();
        let mut real_uri = None;
        if let Some((name, real)) = &self.alias {
            if host.eq_ignore_ascii_case(name) {
                host = real.clone();
                let port = authority.port().map(|p| format!(":{p}")).unwrap_or_default();
                let scheme = uri.scheme_str().unwrap_or("https");
                real_uri = format!("{scheme}://{real}{port}/").parse::<http::Uri>().ok();
            }
        }
        if let Ok(ip) = crate::values::unbracketed(&host).parse::<std::net::IpAddr>() {
            let default_port = if uri.scheme_str() == Some("https") { 443 } else { 80 };
            let mut addrs = self.empty();
            addrs.push(std::net::SocketAddr::new(
                ip,
                authority.port_u16().unwrap_or(default_port),
            ));
            return Ok(addrs);
        }
        self.inner.resolve(real_uri.as_ref().unwrap_or(uri), config, timeout)
    }
}

/// The proxy `choice` names, parsed as ureq parses it; `yr bench` tunnels through the same one. A SOCKS proxy is
/// refused here, for every command: yr speaks only to HTTP proxies (CONNECT), and would otherwise go direct.
pub fn proxy(choice: &ProxyChoice) -> Result<Option<ureq::Proxy>> {
    let ProxyChoice::Via { url, source } = choice else {
        return Ok(None);
    };
    let proxy = ureq::Proxy::new(url)
        .map_err(|e| crate::exit::usage(format!("proxy `{url}` (from {source}) is not a proxy URL: {e}")))?;
    if !matches!(proxy.protocol(), ureq::ProxyProtocol::Http | ureq::ProxyProtocol::Https) {
        return Err(crate::exit::usage(format!(
            "proxy `{url}` (from {source}): yr speaks to http:// and https:// proxies only, not SOCKS; pass \
             --no-proxy to connect directly"
        )));
    }
    Ok(Some(proxy))
}

impl TimedConnector {
    /// The chain `tls` gives (none for plain http), recording each connection's set-up time in `elapsed` and its
    /// first bytes in `first_bytes`.
    pub fn new(
        tls: Option<Arc<rustls::ClientConfig>>,
        elapsed: Arc<Mutex<Option<Duration>>>,
        first_bytes: Arc<Mutex<Vec<u8>>>,
    ) -> TimedConnector {
        TimedConnector {
            inner: chain(tls),
            elapsed,
            first_bytes,
        }
    }
}

impl LiteralResolver {
    /// A resolver that takes `name` (--tls-server-name) for `real`, the endpoint's host.
    pub fn aliased(name: String, real: String) -> LiteralResolver {
        LiteralResolver {
            inner: DefaultResolver::default(),
            alias: Some((name, real)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;
    use crate::client::config::Source;
    use crate::exit::Class;

    fn via(url: &str) -> ProxyChoice {
        ProxyChoice::Via {
            url: url.into(),
            source: Source::Env("HTTPS_PROXY"),
        }
    }

    #[test]
    fn only_http_and_https_proxies_are_taken() {
        assert!(proxy(&ProxyChoice::Direct).unwrap().is_none());
        assert!(proxy(&ProxyChoice::Off).unwrap().is_none());
        assert!(
            proxy(&ProxyChoice::Excluded(Source::Env("NO_PROXY")))
                .unwrap()
                .is_none()
        );
        let http = proxy(&via("http://p:3128")).unwrap().unwrap();
        assert_eq!(
            (http.protocol(), http.host(), http.port()),
            (ureq::ProxyProtocol::Http, "p", 3128)
        );
        let https = proxy(&via("https://p:1")).unwrap().unwrap();
        assert_eq!(https.protocol(), ureq::ProxyProtocol::Https);
        for refused in ["socks5://p:1080", "socks4://p:1"] {
            let error = proxy(&via(refused)).unwrap_err();
            let words = error.to_string();
            assert_eq!(Class::of_error(&error), Class::Usage, "{refused}");
            assert!(
                words.contains("not SOCKS") && words.contains("env HTTPS_PROXY"),
                "{words}"
            );
        }
    }

    fn resolve(resolver: &LiteralResolver, uri: &str) -> Vec<SocketAddr> {
        let uri: http::Uri = uri.parse().unwrap();
        let config = ureq::config::Config::default();
        let addrs = resolver.resolve(&uri, &config, NextTimeout::default()).unwrap();
        addrs.iter().copied().collect()
    }

    #[test]
    fn ip_literals_resolve_on_the_spot_with_the_scheme_s_port() {
        let plain = LiteralResolver::default();
        assert_eq!(
            resolve(&plain, "http://127.0.0.1:8888/"),
            ["127.0.0.1:8888".parse().unwrap()]
        );
        assert_eq!(resolve(&plain, "http://127.0.0.1/"), ["127.0.0.1:80".parse().unwrap()]);
        assert_eq!(resolve(&plain, "https://[::1]/"), ["[::1]:443".parse().unwrap()]);
    }

    #[test]
    fn the_tls_server_name_resolves_to_the_endpoint_s_host() {
        let aliased = LiteralResolver::aliased("frontend.test".into(), "127.0.0.2".into());
        assert_eq!(
            resolve(&aliased, "https://FRONTEND.test:8443/x"),
            ["127.0.0.2:8443".parse().unwrap()]
        );
        // Another name is looked up as it is.
        let other = resolve(&aliased, "http://localhost:1/");
        assert!(other.iter().all(|a| a.ip().is_loopback() && a.port() == 1), "{other:?}");
    }
}
