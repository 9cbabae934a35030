//! Templated bodies (--template): `{{seq}}`, `{{uuid}}`, `{{now_ms}}` and `{{timestamp}}` replaced per call, and
//! `{{{{` for a literal `{{`. A body is split into its parts once; a call only joins them.

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::{BufMut, Bytes, BytesMut};

/// The placeholders, by name.
pub const NAMES: [&str; 4] = ["seq", "uuid", "now_ms", "timestamp"];

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(Bytes),
    /// The call's ticket: 0, 1, 2, ... in the order calls are scheduled (warm-up calls have their own).
    Seq,
    /// A random version-4-shaped UUID, one per call.
    Uuid,
    /// Milliseconds since the Unix epoch when the call is sent.
    NowMs,
    /// The same instant as RFC 3339 UTC with milliseconds (`2026-12-01T10:00:00.123Z`).
    Timestamp,
}

/// What one call puts in a template's placeholders.
pub struct Fill {
    pub seq: u64,
    /// Two random words for `{{uuid}}`.
    pub random: (u64, u64),
}

/// A body split at its placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// `body` split at its placeholders. An `{{` that starts neither a placeholder nor `{{{{` is refused with its
    /// line and column (1-based, in characters) and why, so no text is ever read two ways.
    pub fn parse(body: &[u8]) -> Result<Template, (usize, usize, String)> {
        let mut parts = Vec::new();
        let mut text = Vec::new();
        let mut i = 0;
        while i < body.len() {
            if !body[i..].starts_with(b"{{") {
                text.push(body[i]);
                i += 1;
                continue;
            }
            if body[i..].starts_with(b"{{{{") {
                text.extend_from_slice(b"{{");
                i += 4;
                continue;
            }
            let rest = &body[i + 2..];
            let name = NAMES
                .iter()
                .find(|name| rest.starts_with(name.as_bytes()) && rest[name.len()..].starts_with(b"}}"));
            let Some(name) = name else {
                let (line, column) = position(body, i);
                let why = format!(
                    "`{{{{` starts no placeholder (write {}, or `{{{{{{{{` for a literal `{{{{`)",
                    NAMES.map(|n| format!("`{{{{{n}}}}}`")).join(", ")
                );
                return Err((line, column, why));
            };
            if !text.is_empty() {
                parts.push(Part::Text(Bytes::from(std::mem::take(&mut text))));
            }
            parts.push(match *name {
                "seq" => Part::Seq,
                "uuid" => Part::Uuid,
                "now_ms" => Part::NowMs,
                _ => Part::Timestamp,
            });
            i += 2 + name.len() + 2;
        }
        if !text.is_empty() {
            parts.push(Part::Text(Bytes::from(text)));
        }
        Ok(Template { parts })
    }

    /// Whether the body has a placeholder at all (else it is sent as it is, built once).
    pub fn is_plain(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Text(_)))
    }

    /// The text as it is (with `{{{{` read as `{{`), for a body with no placeholder.
    pub fn plain(&self) -> Bytes {
        match self.parts.as_slice() {
            [] => Bytes::new(),
            [Part::Text(text)] => text.clone(),
            _ => self.render(&Fill { seq: 0, random: (0, 0) }),
        }
    }

    /// The body for one call.
    pub fn render(&self, fill: &Fill) -> Bytes {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let mut out = BytesMut::with_capacity(self.parts.iter().map(Part::len).sum::<usize>() + 40);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.put_slice(text),
                Part::Seq => out.put_slice(fill.seq.to_string().as_bytes()),
                Part::Uuid => out.put_slice(super::rng::uuid(fill.random.0, fill.random.1).as_bytes()),
                Part::NowMs => out.put_slice(now.as_millis().to_string().as_bytes()),
                Part::Timestamp => out.put_slice(rfc3339_millis(now.as_millis() as i64).as_bytes()),
            }
        }
        out.freeze()
    }
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Text(text) => text.len(),
            _ => 0,
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn position(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// `1970-01-01T00:00:00.000Z` for milliseconds since the epoch (proleptic Gregorian, Hinnant's civil_from_days).
fn rfc3339_millis(millis: i64) -> String {
    let (days, ms) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = crate::civil::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(seq: u64) -> Fill {
        Fill { seq, random: (1, 2) }
    }

    #[test]
    fn placeholders_are_replaced_per_call() {
        let t = Template::parse(br#"{"n":{{seq}},"id":"{{uuid}}"}"#).unwrap();
        assert!(!t.is_plain());
        assert_eq!(
            t.render(&fill(7)),
            format!(r#"{{"n":7,"id":"{}"}}"#, crate::bench::rng::uuid(1, 2))
        );
        let now = Template::parse(b"{{now_ms}} {{timestamp}}").unwrap().render(&fill(0));
        let now = String::from_utf8(now.to_vec()).unwrap();
        let (ms, stamp) = now.split_once(' ').unwrap();
        assert!(ms.parse::<u64>().unwrap() > 1_700_000_000_000, "{now}");
        assert!(stamp.ends_with('Z') && stamp.len() == 24, "{now}");
    }

    #[test]
    fn four_braces_are_two_and_nothing_else_is_read_two_ways() {
        let t = Template::parse(b"{{{{seq}} {{seq}}").unwrap();
        assert_eq!(t.render(&fill(3)), "{{seq}} 3");
        let plain = Template::parse(br#"{"a":{"b":{}}}"#).unwrap();
        assert!(plain.is_plain());
        assert_eq!(plain.plain(), r#"{"a":{"b":{}}}"#);
        let (line, column, error) = Template::parse(b"{\n  \"x\": \"{{name}}\"}").unwrap_err();
        assert_eq!((line, column), (2, 9));
        assert!(error.starts_with("`{{` starts no placeholder"), "{error}");
        assert!(error.contains("`{{seq}}`") && error.contains("`{{{{`"), "{error}");
    }

    #[test]
    fn timestamps_are_utc_rfc3339_with_milliseconds() {
        assert_eq!(rfc3339_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_millis(951_782_400_001), "2000-02-29T00:00:00.001Z");
        assert_eq!(rfc3339_millis(1_795_947_590_123), "2026-11-29T10:19:50.123Z");
    }
}
