//! `--curl`: the request as a curl command line a user can paste, token redacted.

use crate::body::{BodySource, RequestBody};
use crate::http::WireRequest;
use crate::output::shown_header_value;

pub fn command_line(endpoint: &str, request: &WireRequest, body: &RequestBody) -> String {
    let mut words = vec!["curl".to_string(), "-sS".into(), "-X".into(), request.method.into()];
    words.push(quote(&format!("{endpoint}{}", request.path)));
    for (name, value) in &request.headers {
        words.push("-H".into());
        words.push(quote(&format!("{name}: {}", shown_header_value(name, value))));
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

/// POSIX shell single quotes: safe for any text.
fn quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@=,+%".contains(&b))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_the_shell() {
        assert_eq!(quote("abc"), "abc");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn builds_the_command() {
        let request = WireRequest {
            method: "POST",
            path: "/serverless/v1/functions/u/invocations".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Auth".into(), "secret".into()),
            ],
            body: crate::body::WireBody::Bytes(b"{\"a\":\"it's\"}"),
        };
        let body = RequestBody {
            bytes: br#"{"a":"it's"}"#.to_vec(),
            streamed: None,
            source: BodySource::Inline,
        };
        assert_eq!(
            command_line("http://h:1", &request, &body),
            r#"curl -sS -X POST http://h:1/serverless/v1/functions/u/invocations -H 'Content-Type: application/json' -H 'X-Auth: <redacted>' --data-raw '{"a":"it'\''s"}'"#
        );
    }
}
