//! Wording shared by every command: I/O errors, durations, hints and shell words as people read them. A leaf: it
//! imports nothing of yr's own.

use std::time::Duration;

/// A refused connection, in the words every command uses for it.
pub const REFUSED: &str = "connection refused";

/// The next step when nothing listens at the endpoint (refused, or the name does not resolve).
pub const NOT_RUNNING: &str =
    "is the frontend running there? Start a local one with `yr serve`, or pass --endpoint (or set YR_ENDPOINT)";

/// The next step when the endpoint's port speaks the other scheme: `url`, the same address with that scheme.
pub fn use_other_scheme(url: &str) -> String {
    format!(
        "use {url} (--endpoint or YR_ENDPOINT); a bare host:port means https only when a CA file or insecure mode is set"
    )
}

/// An I/O error in plain words, without the `(os error N)` tail.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// `850 µs`, `12.3 ms`, `2s`, `1.5s`, `15m`.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 0.001 {
        format!("{} µs", d.as_micros())
    } else if secs < 1.0 && d.subsec_nanos() % 1_000_000 == 0 {
        format!("{} ms", d.as_millis())
    } else if secs < 1.0 {
        format!("{:.1} ms", secs * 1000.0)
    } else if secs >= 60.0 && secs % 60.0 == 0.0 {
        format!("{}m", secs as u64 / 60)
    } else {
        let text = format!("{secs:.3}");
        format!("{}s", text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// POSIX shell single quotes: safe for any text; plain words stay bare.
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@=,+%".contains(&b))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `a string`, `an array`, ...: a JSON value's type as prose, for "must be a string, not a number".
pub fn json_type(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_the_shell() {
        assert_eq!(shell_quote("abc"), "abc");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(Duration::from_micros(850)), "850 µs");
        assert_eq!(human_duration(Duration::from_micros(12_345)), "12.3 ms");
        assert_eq!(human_duration(Duration::from_millis(500)), "500 ms");
        assert_eq!(human_duration(Duration::from_secs(2)), "2s");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(human_duration(Duration::from_secs(900)), "15m");
    }
}
