//! The token must never be printed, not even when a server echoes it back: every line yr writes on stderr (and the
//! message and headers of `--json`) passes through `redact`.

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
    match TOKEN.get() {
        Some(token) if text.contains(token.as_str()) => Cow::Owned(text.replace(token.as_str(), "<redacted>")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_token() {
        register("s3cr3t-token");
        assert_eq!(
            redact("HTTP 401: token s3cr3t-token is not valid"),
            "HTTP 401: token <redacted> is not valid"
        );
        assert_eq!(redact("nothing here"), "nothing here");
    }
}
