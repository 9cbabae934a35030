//! The one redaction: the secrets of a run never reach any output, not even when a server echoes them back. Three
//! kinds are known: the token (from YR_JWT_TOKEN, --token-file, a profile's token_file), the password of a URL's
//! user info (endpoint, proxy, webhook URL) and proxy credentials (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY, --proxy). Each
//! is registered at the edge where it is read; every line yr writes on stderr, every `--json` document and every
//! report passes through `redact` (or `redact_json`). A password in a URL is hidden wherever a URL shows it, known or
//! not (`http://u:<redacted>@host`). A leaf (tests/layers.rs).

use std::borrow::Cow;
use std::sync::RwLock;

/// What a hidden secret is shown as.
pub const REDACTED: &str = "<redacted>";

/// Secrets shorter than this are hidden only where a URL shows them (as user info): anywhere else they would
/// blank out ordinary words.
const MIN_SECRET_CHARS: usize = 4;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Remembers a secret to hide (surrounding whitespace left out, as tokens are read).
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.chars().count() < MIN_SECRET_CHARS {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_string());
        // The longest first, so a secret that contains another is hidden whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// Remembers the password of `url`'s user info (`scheme://user:password@host`), as written and percent-decoded,
/// so that it is hidden even where it is shown outside the URL. A URL without one registers nothing.
pub fn register_url(url: &str) {
    for (start, end) in password_spans(url) {
        let password = &url[start..end];
        register(password);
        register(&percent_decoded(password));
    }
}

/// `text` with every registered secret and every URL password hidden; a secret is also found as JSON writes it
/// inside a string (a `"` or `\` in it, or a `/` a server wrote as `\/`) and as XML escapes it (JUnit), and what
/// replaces it keeps a JSON or XML document valid. The one redaction: every output that is yr's passes here.
pub fn redact(text: &str) -> Cow<'_, str> {
    let secrets = SECRETS.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    hide(&secrets, text)
}

/// `text` with each of `secrets` (in each form it may be written) replaced, and every URL password. Apart from the
/// process-wide list so that unit tests running side by side cannot decide each other's outcome.
fn hide<'a>(secrets: &[String], text: &'a str) -> Cow<'a, str> {
    let mut out = hide_url_passwords(text);
    for secret in secrets {
        for form in forms(secret) {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), REDACTED));
            }
        }
    }
    out
}

/// The ways a secret is written: as itself, inside a JSON string, inside XML text or an attribute.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_string()];
    if let Ok(quoted) = serde_json::to_string(secret) {
        let inner = quoted[1..quoted.len() - 1].to_string();
        if inner.contains('/') {
            forms.push(inner.replace('/', "\\/"));
        }
        forms.push(inner);
    }
    let xml = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    forms.push(xml);
    forms.dedup();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    forms
}

/// `text` with the password of every URL's user info replaced: `http://u:pw@h` reads `http://u:<redacted>@h`.
fn hide_url_passwords(text: &str) -> Cow<'_, str> {
    let spans = password_spans(text);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Where the passwords of the URLs in `text` are: after `://`, the user info runs to an `@` met before the end of
/// the authority (`/`, `?`, `#`, whitespace, a quote or a bracket of the text around it); its password is what
/// follows the first `:`. A URL without a password (`http://u@h`) has none.
fn password_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let authority_start = from + found + 3;
        let authority_len = text[authority_start..]
            .find(|c: char| c.is_whitespace() || "/?#\"'`<>()[]{},;".contains(c))
            .unwrap_or(text.len() - authority_start);
        let authority = &text[authority_start..authority_start + authority_len];
        if let Some(at) = authority.rfind('@') {
            let user_info = &authority[..at];
            if let Some(colon) = user_info.find(':') {
                if colon + 1 < user_info.len() {
                    spans.push((authority_start + colon + 1, authority_start + at));
                }
            }
        }
        from = authority_start + authority_len;
        if from >= text.len() {
            break;
        }
    }
    spans
}

/// `%XX` escapes decoded (a bad escape, or bytes that are not UTF-8, kept as written).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hides_the_token() {
        let token = secrets(&["s3cr3t-token"]);
        assert_eq!(
            hide(&token, "HTTP 401: token s3cr3t-token is not valid, s3cr3t-token"),
            "HTTP 401: token <redacted> is not valid, <redacted>"
        );
        assert_eq!(hide(&token, "nothing here"), "nothing here");
        assert_eq!(hide(&[], "s3cr3t-token"), "s3cr3t-token");
    }

    #[test]
    fn hides_every_secret_the_longest_first() {
        let mut list = secrets(&["abcd", "abcdefgh"]);
        list.sort_by_key(|s| std::cmp::Reverse(s.len()));
        assert_eq!(hide(&list, "abcdefgh abcd"), "<redacted> <redacted>");
    }

    #[test]
    fn hides_url_passwords_known_or_not() {
        assert_eq!(
            hide(&[], "cannot reach http://u:pw@127.0.0.1:9/x through"),
            "cannot reach http://u:<redacted>@127.0.0.1:9/x through"
        );
        assert_eq!(
            hide(&[], "proxy `http://user:p%40ss@proxy:3128`"),
            "proxy `http://user:<redacted>@proxy:3128`"
        );
        // No password, no user info, or no URL: as they are.
        for text in [
            "http://u@h:1/",
            "http://h:1/a@b",
            "mailto:a@b",
            "a://",
            "://@",
            "x://:@",
            "http://h:1?q=a:b@c",
        ] {
            assert_eq!(hide(&[], text), text);
        }
        assert_eq!(
            hide(&[], "a://b:c@d a://e:f@g"),
            "a://b:<redacted>@d a://e:<redacted>@g"
        );
    }

    #[test]
    fn hides_escaped_forms() {
        let list = secrets(&["to/k\"en"]);
        assert_eq!(
            hide(
                &list,
                r#"{"a":"to/k\"en","b":"to\/k\"en"} to/k"en <x a="to/k&quot;en"/>"#
            ),
            r#"{"a":"<redacted>","b":"<redacted>"} <redacted> <x a="<redacted>"/>"#
        );
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decoded("p%40ss%2"), "p@ss%2");
        assert_eq!(percent_decoded("%ff"), "%ff");
    }

    #[test]
    fn finds_passwords() {
        let url = "https://me:s%40cret@h:1";
        let spans = password_spans(url);
        assert_eq!(spans.iter().map(|&(a, b)| &url[a..b]).collect::<Vec<_>>(), ["s%40cret"]);
    }
}
