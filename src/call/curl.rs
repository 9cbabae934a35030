//! `--curl`: the request as a curl command line a user can paste and run. The token is never in it: the line reads
//! it where yr did, `$YR_JWT_TOKEN` or `$(cat FILE)`, when the shell runs it.

use std::path::Path;

use crate::answer::output::shown_header_value;
use crate::client::body::{BodySource, RequestBody};
use crate::client::http::WireRequest;
use crate::wording::shell_quote as quote;

/// Where the token came from, so the command line can read it from the same place.
#[derive(Debug, Clone, Copy)]
pub enum TokenFrom<'a> {
    /// An environment variable (YR_JWT_TOKEN).
    Env(&'a str),
    /// A file (--token-file, or the profile's token_file).
    File(&'a Path),
}

impl TokenFrom<'_> {
    /// The shell words that give the token when the line runs, inside double quotes.
    fn expression(&self) -> String {
        match self {
            TokenFrom::Env(name) => format!("${name}"),
            TokenFrom::File(path) => {
                let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                format!("$(cat {})", quote(&path.to_string_lossy()))
            }
        }
    }
}

pub fn command_line(endpoint: &str, request: &WireRequest, body: &RequestBody, token: Option<TokenFrom>) -> String {
    let mut words = vec!["curl".to_string(), "-sS".into(), "-X".into(), request.method.into()];
    words.push(quote(&format!("{endpoint}{}", request.path)));
    for (name, value) in &request.headers {
        words.push("-H".into());
        match token {
            // Double quotes: the shell expands the token's source there and then; nothing else is in them.
            Some(from) if name.eq_ignore_ascii_case("X-Auth") => {
                words.push(format!("\"{name}: {}\"", from.expression()))
            }
            _ => words.push(quote(&format!("{name}: {}", shown_header_value(name, value)))),
        }
    }
    match &body.source {
        BodySource::Inline => {
            words.push("--data-raw".into());
            words.push(quote(&String::from_utf8_lossy(&body.bytes)));
        }
        BodySource::File(path) => {
            words.push("--data-binary".into());
            words.push(quote(&format!("@{}", path.display())));
        }
        BodySource::Stdin => {
            words.push("--data-binary".into());
            words.push("@-".into());
        }
        BodySource::Empty => {}
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_command() {
        let request = WireRequest {
            method: "POST",
            path: "/serverless/v1/functions/u/invocations".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Auth".into(), "secret".into()),
            ],
            body: crate::client::body::WireBody::Bytes(b"{\"a\":\"it's\"}"),
        };
        let body = RequestBody {
            bytes: br#"{"a":"it's"}"#.to_vec(),
            streamed: None,
            source: BodySource::Inline,
        };
        assert_eq!(
            command_line("http://h:1", &request, &body, None),
            r#"curl -sS -X POST http://h:1/serverless/v1/functions/u/invocations -H 'Content-Type: application/json' -H 'X-Auth: <redacted>' --data-raw '{"a":"it'\''s"}'"#
        );
        let line = command_line("http://h:1", &request, &body, Some(TokenFrom::Env("YR_JWT_TOKEN")));
        assert!(line.contains(r#" -H "X-Auth: $YR_JWT_TOKEN" --data-raw"#), "{line}");
        let line = command_line(
            "http://h:1",
            &request,
            &body,
            Some(TokenFrom::File(Path::new("/t/my token"))),
        );
        assert!(
            line.contains(r#" -H "X-Auth: $(cat '/t/my token')" --data-raw"#),
            "{line}"
        );
        assert!(!line.contains("secret"), "{line}");
    }
}
