//! The frontend's address, parsed once: scheme, host, port and path prefix. Everything that needs a part of it (the
//! transport, TLS's server name, the proxy decision, `yr bench`'s socket, -v's request trace, the plain-http
//! warning) reads these fields; nothing splits the URL text again.
//!
//! Of the crate it uses only the values leaf (a host's brackets, loopback), no other file of the client wing. It
//! owns the endpoint's syntax only; which endpoint is used, and from where, is config.rs's business.

use std::fmt;

/// An http(s) base URL: `scheme://host[:port][/prefix]`, without user info, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub https: bool,
    /// As written, an IPv6 address in its brackets (`[::1]`).
    pub host: String,
    /// As written; None when the URL names none (then 80 or 443).
    pub port: Option<u16>,
    /// The path every route is put under: empty, or `/base` (no trailing `/`).
    pub prefix: String,
    /// The whole URL as shown everywhere (lower-case scheme, no trailing `/`).
    text: String,
}

impl Url {
    /// `text` as a base URL, and whether its scheme was inferred: a bare `host:port` is https when `https`, else
    /// http. The error says what is wrong, for a message that names where the text came from.
    pub fn parse(text: &str, https: bool) -> Result<(Url, bool), String> {
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
        let (secure, rest, inferred) = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest, false),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest, false),
            Some((scheme, _)) => return Err(format!("the scheme `{scheme}` is not http or https")),
            None => (https, text, true),
        };
        if rest.contains(['?', '#']) {
            return Err("it may not have a query or fragment".into());
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if authority.is_empty() {
            return Err("it has no host".into());
        }
        if authority.contains('@') {
            return Err("it may not hold a user or password: the token goes in --token-file or YR_JWT_TOKEN".into());
        }
        if authority.matches(':').count() > 1 && !authority.starts_with('[') {
            return Err(format!("an IPv6 address goes in brackets: `[{authority}]`"));
        }
        let (host, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
            _ => (authority, None),
        };
        if host.is_empty() {
            return Err("it has no host".into());
        }
        if host.starts_with('[') != host.ends_with(']') {
            return Err(format!("the host `{host}` has an unmatched bracket"));
        }
        let port = match port {
            None => None,
            Some(digits) => match digits.parse::<u16>() {
                Ok(port) if port > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Some(port),
                _ => return Err(format!("the port `{digits}` is not a number from 1 to 65535")),
            },
        };
        let prefix = path.trim_end_matches('/').to_string();
        let url = Url {
            https: secure,
            host: host.to_string(),
            port,
            prefix,
            text: String::new(),
        };
        Ok((url.rendered(), inferred))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn scheme(&self) -> &'static str {
        if self.https { "https" } else { "http" }
    }

    /// The port to connect to: the written one, else the scheme's.
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(if self.https { 443 } else { 80 })
    }

    /// `host[:port]` as written: the Host header.
    pub fn authority(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }

    /// `host:port` with the port always given: a socket address to resolve, a `CONNECT` target.
    pub fn host_and_port(&self) -> String {
        format!("{}:{}", self.host, self.port_or_default())
    }

    /// The host without an IPv6 address's brackets: a TLS server name, a NO_PROXY match.
    pub fn bare_host(&self) -> &str {
        crate::values::unbracketed(&self.host)
    }

    /// Whether the host is this machine: `localhost` or a loopback address.
    pub fn is_loopback(&self) -> bool {
        crate::values::is_loopback_host(&self.host)
    }

    /// The same address with the other scheme (host, port and prefix kept): where a port speaks the other one.
    pub fn with_other_scheme(&self) -> Url {
        Url {
            https: !self.https,
            ..self.clone()
        }
        .rendered()
    }

    /// The same URL with `host` in place of its host (port and prefix kept).
    pub fn with_host(&self, host: &str) -> Url {
        Url {
            host: host.to_string(),
            ..self.clone()
        }
        .rendered()
    }
}

impl Url {
    /// With `text` made from the parts: the one place the URL is written out.
    fn rendered(mut self) -> Url {
        self.text = format!("{}://{}{}", self.scheme(), self.authority(), self.prefix);
        self
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::Url;

    fn parse(text: &str, https: bool) -> Result<(String, bool), String> {
        Url::parse(text, https).map(|(url, inferred)| (url.to_string(), inferred))
    }

    #[test]
    fn normalises_scheme_and_trailing_slash() {
        assert_eq!(
            parse("HTTP://Host:1/base/", true),
            Ok(("http://Host:1/base".into(), false))
        );
        assert_eq!(parse("https://h", false), Ok(("https://h".into(), false)));
        assert_eq!(parse("10.0.0.1:8888", false), Ok(("http://10.0.0.1:8888".into(), true)));
        assert_eq!(parse("10.0.0.1:8888", true), Ok(("https://10.0.0.1:8888".into(), true)));
        assert_eq!(parse(" http://h:1/ ", false), Ok(("http://h:1".into(), false)));
    }

    #[test]
    fn parts() {
        let (url, _) = Url::parse("https://[::1]:8443/yr/", false).unwrap();
        assert_eq!(
            (url.https, url.host.as_str(), url.port, url.prefix.as_str()),
            (true, "[::1]", Some(8443), "/yr")
        );
        assert_eq!(
            (url.bare_host(), url.host_and_port(), url.is_loopback()),
            ("::1", "[::1]:8443".into(), true)
        );
        let (url, _) = Url::parse("http://frontend", false).unwrap();
        assert_eq!(
            (url.port_or_default(), url.authority(), url.is_loopback()),
            (80, "frontend".into(), false)
        );
        assert_eq!(url.with_host("10.0.0.5").to_string(), "http://10.0.0.5");
        let (url, _) = Url::parse("https://frontend:9/p", false).unwrap();
        assert_eq!(url.with_host("localhost").as_str(), "https://localhost:9/p");
        assert_eq!(url.host_and_port(), "frontend:9");
        assert_eq!(url.with_other_scheme().as_str(), "http://frontend:9/p");
    }

    #[test]
    fn refuses_what_is_not_a_base_url() {
        for bad in [
            "",
            "   ",
            "ftp://h",
            "http://",
            "http:///path",
            "http://h?x=1",
            "http://h#top",
            "http://h :1",
            "http://h:port",
            "http://h:0",
            "http://h:65536",
            "http://h:+80",
            "http://:80",
            "http://user:pw@h",
            "http://::1",
            "http://[::1",
        ] {
            assert!(Url::parse(bad, false).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            Url::parse("http://h:99999", false).unwrap_err(),
            "the port `99999` is not a number from 1 to 65535"
        );
    }
}
