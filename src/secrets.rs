//! The token must never be printed, not even when a server echoes it back: every line yr writes on stderr (and the
//! message and headers of `--json`) passes through `redact`. A leaf (tests/layers.rs).

use std::borrow::Cow;
use std::sync::OnceLock;

static TOKEN: OnceLock<String> = OnceLock::new();

/// Remembers the token to hide. Very short tokens are not hidden: they would blank out ordinary words.
pub fn register(token: &str) {
    if token.len() >= 4 {
        let _ = TOKEN.set(token.to_string());
    }
}

pub fn redact(text: &str) -> Cow<'_, str> {
    hide(TOKEN.get().map(String::as_str), text)
}

/// `text` with every `token` in it replaced. Apart from the process-wide token so that tests running side by side
/// (settings' tests register theirs) cannot decide each other's outcome.
fn hide<'a>(token: Option<&str>, text: &'a str) -> Cow<'a, str> {
    match token {
        Some(token) if text.contains(token) => Cow::Owned(text.replace(token, "<redacted>")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_token() {
        let token = Some("s3cr3t-token");
        assert_eq!(
            hide(token, "HTTP 401: token s3cr3t-token is not valid, s3cr3t-token"),
            "HTTP 401: token <redacted> is not valid, <redacted>"
        );
        assert_eq!(hide(token, "nothing here"), "nothing here");
        assert_eq!(hide(None, "s3cr3t-token"), "s3cr3t-token");
    }
}
