//! Parsers for the values users type: durations, resources, sessions, headers, booleans.
//! Each returns a plain message on rejection; callers add the flag's name (exit::bad_value). A leaf
//! (tests/layers.rs): it uses no room of yr's but other leaves.

use std::time::Duration;

/// `500ms`, `2s`, `5m`, `1h`; a bare number means seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(format!(
                "`{text}` is not a duration: use a number with ms, s, m or h, e.g. 500ms or 30s"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: use a number with ms, s, m or h, e.g. 500ms or 30s"))?;
    let seconds = value * scale;
    if !seconds.is_finite() || seconds > MAX_DURATION_SECS {
        return Err(format!(
            "`{text}` is too long a duration: at most 1000000000s (about 31 years)"
        ));
    }
    let duration = Duration::from_secs_f64(seconds);
    // 0 means "no limit" where a limit is asked for: a value that is not 0 must not become it by rounding.
    if duration.is_zero() && seconds > 0.0 {
        return Err(format!("`{text}` is too short a duration: under a nanosecond"));
    }
    Ok(duration)
}

/// The longest duration yr takes, in seconds: far past any wait anyone means, and small enough that no deadline
/// (`Instant` plus it) can overflow.
pub const MAX_DURATION_SECS: f64 = 1e9;

/// A duration, as `parse_duration`, that is more than 0: for a time a thing is given (a function to run, a result
/// kept, a body read, a wait between polls), where 0 would not mean "no limit" but "none at all".
pub fn parse_positive_duration(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text)?;
    if duration.is_zero() {
        return Err(format!("`{}` must be more than 0", text.trim()));
    }
    Ok(duration)
}

/// An HTTP status as an expectation takes it: 100 to 599 (RFC 9110 §15), so one that no answer can have is not
/// expected in vain.
pub fn parse_status(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(status) if (100..=599).contains(&status) => Ok(status),
        _ => Err(format!("`{}` is not an HTTP status from 100 to 599", printable(text))),
    }
}

/// `6M`, `512K`, `1G` (powers of 1024) or a number of bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let (number, scale) = match trimmed.char_indices().last() {
        Some((i, 'K' | 'k')) => (&trimmed[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&trimmed[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&trimmed[..i], 1 << 30),
        _ => (trimmed, 1),
    };
    number
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("`{text}` is not a size: use bytes or a number with K, M or G, e.g. 6M"))
}

/// CPU in millicores: `500`, `500m`, or cores `1.5c` (= 1500); `1.5` without a unit is refused.
pub fn parse_cpu(text: &str) -> Result<u64, String> {
    let hint = "use millicores (500, 500m) or cores (1.5c)";
    let (number, scale) = if let Some(n) = text.strip_suffix('m') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('c') {
        (n, 1000.0)
    } else {
        if text.contains('.') {
            return Err(format!("`{text}` has a fraction but no unit: {hint}"));
        }
        (text, 1.0)
    };
    positive_whole(number, scale).ok_or_else(|| format!("`{text}` is not a positive CPU amount: {hint}"))
}

/// Memory in MB (MiB units): `512`, `512Mi`, `2Gi`, `512M`, `2G`.
pub fn parse_memory(text: &str) -> Result<u64, String> {
    let hint = "use MB (512) or 512Mi, 2Gi, 512M, 2G";
    let (number, scale) = match text {
        t if t.ends_with("Mi") => (&t[..t.len() - 2], 1.0),
        t if t.ends_with("Gi") => (&t[..t.len() - 2], 1024.0),
        t if t.ends_with('M') => (&t[..t.len() - 1], 1.0),
        t if t.ends_with('G') => (&t[..t.len() - 1], 1024.0),
        t => {
            if t.contains('.') {
                return Err(format!("`{text}` has a fraction but no unit: {hint}"));
            }
            (t, 1.0)
        }
    };
    positive_whole(number, scale).ok_or_else(|| format!("`{text}` is not a positive memory size: {hint}"))
}

/// A number times a scale that comes out a whole number above zero.
fn positive_whole(number: &str, scale: f64) -> Option<u64> {
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if !number.contains('.') && scale == 1.0 {
        return number.parse::<u64>().ok().filter(|v| *v > 0 && *v <= i64::MAX as u64);
    }
    let value = number.parse::<f64>().ok()? * scale;
    let rounded = value.round();
    if value <= 0.0 || (value - rounded).abs() > 1e-9 || rounded > 1e15 {
        return None;
    }
    Some(rounded as u64)
}

/// `NAME=COUNT` with a positive integer COUNT.
pub fn parse_custom_resource(text: &str) -> Result<(String, u64), String> {
    let Some((name, count)) = text.split_once('=') else {
        return Err(format!("`{text}` has no `=`: use NAME=COUNT, e.g. NPU/.+/count=1"));
    };
    if name.is_empty() {
        return Err(format!("`{text}` has an empty name: use NAME=COUNT"));
    }
    match count.parse::<u64>() {
        Ok(n) if n > 0 && n <= i64::MAX as u64 => Ok((name.to_string(), n)),
        _ => Err(format!("`{text}`: the count `{count}` is not a positive whole number")),
    }
}

/// The session fields as the frontend checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceSession {
    pub id: String,
    pub ttl: i64,
    pub concurrency: i64,
}

impl InstanceSession {
    /// Errors name the flag, in their words and beside them, since each field has its own.
    pub fn parse(
        id: Option<&str>,
        ttl: Option<&str>,
        concurrency: Option<&str>,
    ) -> Result<Option<InstanceSession>, (&'static str, String)> {
        let Some(id) = id else {
            return match (ttl, concurrency) {
                (None, None) => Ok(None),
                (Some(_), _) => Err(("--session-ttl", "--session-ttl needs --session-id".into())),
                (_, Some(_)) => Err((
                    "--session-concurrency",
                    "--session-concurrency needs --session-id".into(),
                )),
            };
        };
        let length = id.chars().count();
        if length == 0 || length > 63 {
            return Err((
                "--session-id",
                format!("--session-id must be 1 to 63 characters, got {length}"),
            ));
        }
        let ttl = match ttl {
            None => 0,
            Some(t) => match t.parse::<i64>() {
                Ok(v) if v >= 0 => v,
                _ => {
                    return Err((
                        "--session-ttl",
                        format!("--session-ttl `{t}` is not a whole number of seconds, 0 or more"),
                    ));
                }
            },
        };
        let concurrency = match concurrency {
            None => 1,
            Some(c) => match c.parse::<i64>() {
                Ok(v) if v > 0 || v == -1 => v,
                _ => {
                    return Err((
                        "--session-concurrency",
                        format!("--session-concurrency `{c}` must be a positive whole number or -1"),
                    ));
                }
            },
        };
        Ok(Some(InstanceSession {
            id: id.to_string(),
            ttl,
            concurrency,
        }))
    }

    /// The X-Instance-Session header value.
    pub fn header_value(&self) -> String {
        let id = serde_json::Value::from(self.id.as_str());
        format!(
            r#"{{"sessionID":{id},"sessionTTL":{},"concurrency":{}}}"#,
            self.ttl, self.concurrency
        )
    }
}

/// `Name: value` as given to -H.
pub fn parse_header(text: &str) -> Result<(String, String), String> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(format!("`{}` has no `:`: use 'Name: value'", printable(text)));
    };
    let name = name.trim_matches([' ', '\t']);
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(format!("`{}` is not a valid header name", printable(name)));
    }
    let value = value.trim_start_matches([' ', '\t']).trim_end_matches([' ', '\t']);
    check_header_value(value)?;
    Ok((name.to_string(), value.to_string()))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Header values may not carry CR, LF, NUL or other control characters but tab.
pub fn check_header_value(value: &str) -> Result<(), String> {
    match value.chars().find(|c| c.is_control() && *c != '\t') {
        Some(c) => Err(format!("the value contains a control character ({})", char_name(c))),
        None => Ok(()),
    }
}

/// An `X-Webhook-Url` the frontend will use: `validateWebhookURL` (upstream asyncinvocation/webhook.go) accepts only
/// a URL that starts with `http://` or `https://`, compared case-sensitively, and drops any other without a word to
/// the caller; `http.NewRequest` then needs a host. Spaces, tabs and control characters cannot be in a URL, and a
/// header value must be ASCII.
pub fn check_webhook_url(url: &str) -> Result<(), String> {
    if let Some(c) = url.chars().find(|c| c.is_control()) {
        return Err(format!("the URL contains a control character ({})", char_name(c)));
    }
    if url.contains(' ') {
        return Err("the URL contains a space (percent-encode it as %20)".into());
    }
    if !url.is_ascii() {
        return Err("the URL contains a character that is not ASCII (percent-encode it)".into());
    }
    let Some(rest) = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")) else {
        return Err(
            "the frontend sends webhooks only to a URL that starts with http:// or https:// (in lower case)".into(),
        );
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') {
        return Err("the URL has no host".into());
    }
    Ok(())
}

fn char_name(c: char) -> String {
    match c {
        '\r' => "CR".into(),
        '\n' => "LF".into(),
        '\0' => "NUL".into(),
        c => format!("U+{:04X}", c as u32),
    }
}

/// A URL's host without an IPv6 address's brackets (`[::1]` gives `::1`): the form an IP address parses from, a TLS
/// server name and a socket address take. A name, or a host without the pair, comes back as it is.
pub fn unbracketed(host: &str) -> &str {
    host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host)
}

/// Whether a URL's host (an IPv6 address in brackets or not) is this machine: `localhost` or a loopback address.
pub fn is_loopback_host(host: &str) -> bool {
    let host = unbracketed(host);
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Text with control characters escaped, for quoting user input in messages.
pub fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// The compiled size a regular expression may take (`body-matches`, `--filter`). regex-lite's own default is 10 MiB.
pub const REGEX_SIZE_LIMIT: usize = 256 * 1024;

/// The capture groups a regular expression may have. regex-lite's matcher keeps a slot per group for every state
/// of the compiled expression, so memory grows with groups times size: `(a|b)` 5,000 times took 4.7 GB. yr only
/// asks whether a text matches; `(?:…)` groups without capturing and costs nothing.
pub const REGEX_GROUP_LIMIT: usize = 64;

/// A regular expression as `body-matches` and `--filter` take it, refused when it is not one or when it is past
/// the limits above (what would take too much memory to run).
pub fn parse_regex(text: &str) -> Result<regex_lite::Regex, String> {
    // The default limits bound compiling; running is what the groups make costly, so they are checked after.
    let regex = regex_lite::Regex::new(text)
        .map_err(|e| format!("is not a regular expression: {}", one_line(&e.to_string())))?;
    let groups = regex.captures_len().saturating_sub(1);
    if groups > REGEX_GROUP_LIMIT {
        return Err(format!(
            "has {groups} capture groups, more than the {REGEX_GROUP_LIMIT} yr runs: write `(?:…)` for a group \
             that only groups"
        ));
    }
    regex_lite::RegexBuilder::new(text)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|_| {
            format!(
                "is too large a regular expression: it compiles to more than {} KiB",
                REGEX_SIZE_LIMIT >> 10
            )
        })
}

/// A library's message on one line (regex-lite's points at the pattern over several).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_expressions_within_the_limits() {
        assert!(parse_regex("^ok: [0-9]+$").is_ok());
        assert!(parse_regex(&"(a|b)".repeat(REGEX_GROUP_LIMIT)).is_ok());
        let many = parse_regex(&"(a|b)".repeat(5000)).unwrap_err();
        assert!(many.starts_with("has 5000 capture groups, more than the 64"), "{many}");
        assert!(parse_regex(&"(?:a|b)".repeat(1000)).is_ok());
        let large = parse_regex(&"[a-z]{1000}".repeat(20)).unwrap_err();
        assert!(large.starts_with("is too large a regular expression"), "{large}");
        let bad = parse_regex("(a").unwrap_err();
        assert!(
            bad.starts_with("is not a regular expression: ") && !bad.contains('\n'),
            "{bad}"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "s", "abc", "5d", "-1", "1e3", "..s", "1.2.3"] {
            assert!(parse_duration(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("6M"), Ok(6 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("100"), Ok(100));
        for bad in ["", "M", "1.5M", "-1", "1T"] {
            assert!(parse_size(bad).is_err(), "{bad} accepted");
        }
        assert_eq!(parse_size(" 2K "), Ok(2048));
        // Found by the flag_values fuzz target: the unit's index was taken in the trimmed text but used in the
        // untrimmed one, slicing inside a multi-byte character.
        assert!(parse_size("\nk\x0c\x0c\x0c\x0c\x0c\u{3fa}g").is_err());
    }

    #[test]
    fn cpu() {
        assert_eq!(parse_cpu("500"), Ok(500));
        assert_eq!(parse_cpu("500m"), Ok(500));
        assert_eq!(parse_cpu("1.5c"), Ok(1500));
        assert_eq!(parse_cpu("2c"), Ok(2000));
        for bad in ["0", "-1", "abc", "1.5", "0m", "0c", "", "m", "0.0001c", "1.5m", " 5"] {
            assert!(parse_cpu(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn memory() {
        assert_eq!(parse_memory("512"), Ok(512));
        assert_eq!(parse_memory("512Mi"), Ok(512));
        assert_eq!(parse_memory("512M"), Ok(512));
        assert_eq!(parse_memory("2Gi"), Ok(2048));
        assert_eq!(parse_memory("2G"), Ok(2048));
        assert_eq!(parse_memory("1.5Gi"), Ok(1536));
        for bad in ["0", "abc", "1Ti", "-5", "0Gi", "1.5", "Mi", "", "1.0001Mi"] {
            assert!(parse_memory(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn custom_resources() {
        assert_eq!(parse_custom_resource("NPU/.+/count=1"), Ok(("NPU/.+/count".into(), 1)));
        assert!(parse_custom_resource("a=b=3").unwrap_err().contains("b=3"));
        for bad in ["NPU", "NPU=x", "NPU=0", "NPU=-1", "=1", "NPU="] {
            assert!(parse_custom_resource(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn sessions() {
        assert_eq!(InstanceSession::parse(None, None, None), Ok(None));
        let s = InstanceSession::parse(Some("cart-42"), None, None).unwrap().unwrap();
        assert_eq!(
            s.header_value(),
            r#"{"sessionID":"cart-42","sessionTTL":0,"concurrency":1}"#
        );
        let s = InstanceSession::parse(Some("a"), Some("10"), Some("-1"))
            .unwrap()
            .unwrap();
        assert_eq!((s.ttl, s.concurrency), (10, -1));
        assert!(InstanceSession::parse(Some(&"x".repeat(63)), None, None).is_ok());
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);
        let rejects: [Case; 8] = [
            (Some(""), None, None, "--session-id"),
            (Some(&"x".repeat(64)), None, None, "--session-id"),
            (Some("a"), Some("-1"), None, "--session-ttl"),
            (Some("a"), Some("x"), None, "--session-ttl"),
            (Some("a"), None, Some("0"), "--session-concurrency"),
            (Some("a"), None, Some("-2"), "--session-concurrency"),
            (None, Some("5"), None, "--session-ttl needs --session-id"),
            (None, None, Some("2"), "--session-concurrency needs --session-id"),
        ];
        for (id, ttl, conc, expected) in rejects {
            let (flag, err) = InstanceSession::parse(id, ttl, conc).unwrap_err();
            assert!(err.contains(expected) && expected.starts_with(flag), "{flag}: {err}");
        }
    }

    #[test]
    fn webhook_urls() {
        for good in ["http://h/x", "https://10.0.0.1:8443/hook?a=1", "http://u:p@h:1"] {
            assert_eq!(check_webhook_url(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "h:1/x",
            "Http://h",
            "ftp://h",
            "http://",
            "https:///x",
            "http://u@/x",
            "http://:80/x",
            "http://h/\t",
        ] {
            assert!(check_webhook_url(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn headers() {
        assert_eq!(parse_header("X-A: b c "), Ok(("X-A".into(), "b c".into())));
        assert_eq!(parse_header("X-A:"), Ok(("X-A".into(), "".into())));
        assert_eq!(parse_header("X-A: a:b"), Ok(("X-A".into(), "a:b".into())));
        for bad in [
            "NoColon",
            ": v",
            "X A: v",
            "X-A: a\rb",
            "X-A: a\nb",
            "X-A: a\0b",
            "X\n: v",
        ] {
            assert!(parse_header(bad).is_err(), "{bad:?} accepted");
        }
        assert!(parse_header("X-A: a\nb").unwrap_err().contains("LF"));
    }

    #[test]
    fn hosts() {
        assert_eq!(unbracketed("[::1]"), "::1");
        assert_eq!(unbracketed("example.com"), "example.com");
        assert_eq!(unbracketed("[::1"), "[::1");
        for local in ["localhost", "LocalHost", "127.0.0.1", "127.9.9.9", "[::1]", "::1"] {
            assert!(is_loopback_host(local), "{local}");
        }
        for other in ["10.0.0.1", "[fe80::1]", "example.com", "localhost.example.com", ""] {
            assert!(!is_loopback_host(other), "{other}");
        }
    }
}
