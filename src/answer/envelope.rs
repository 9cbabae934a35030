//! The `--json` object of a call (`Envelope`), and how a `--json` document goes to stdout: one compact line when
//! piped, pretty-printed and coloured on a terminal.

use std::time::Duration;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::answer::color::Palette;
use crate::answer::json_fmt;
use crate::answer::output::Ui;
use crate::answer::reply::{self, Verdict};
use crate::client::http::Exchange;
use crate::client::request::CallTrace;

/// The `--json` object: one per call, whatever happened.
#[derive(Debug, Serialize)]
pub struct Envelope {
    pub ok: bool,
    pub status: Option<u16>,
    pub code: Option<i64>,
    pub class: crate::exit::Class,
    pub message: Option<String>,
    /// The answer's trace id, else the one the call was sent with.
    pub trace_id: Option<String>,
    /// The W3C traceparent the call was sent with; null when yr sent none (`yr result`, `yr health`).
    pub traceparent: Option<String>,
    pub body: Option<Box<RawValue>>,
    pub headers: serde_json::Map<String, serde_json::Value>,
    /// `X-Log-Result` decoded (invalid UTF-8 replaced), when the answer carries one; null when it is not base64.
    /// `headers` keeps the header as received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<Option<String>>,
    /// Null only for Ctrl-C during a wait, written before it happens (interrupt.rs).
    pub elapsed_ms: Option<f64>,
    pub attempts: u32,
    /// The request id of an asynchronous call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Where an asynchronous call stands: `accepted` (the 202 of --async), `pending` or `running`, `completed` or
    /// `failed` (its record), `interrupted` (Ctrl-C while waiting for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Envelope {
    pub fn for_answer(verdict: &Verdict, exchange: &Exchange, attempts: u32) -> Envelope {
        let mut headers = serde_json::Map::new();
        for (name, value) in &exchange.headers {
            let joined = match headers.get(name).and_then(|v| v.as_str()) {
                Some(previous) => format!("{previous}, {value}"),
                None => value.clone(),
            };
            headers.insert(name.clone(), crate::secrets::redact(&joined).into_owned().into());
        }
        Envelope {
            ok: verdict.ok,
            status: Some(verdict.status),
            code: verdict.code,
            class: verdict.outcome(),
            message: verdict
                .message
                .as_deref()
                .map(|m| crate::secrets::redact(m).into_owned()),
            trace_id: verdict.trace_id.clone(),
            traceparent: None,
            body: Some(body_value(&exchange.body)),
            headers,
            logs: log_text(exchange),
            elapsed_ms: Some(millis(exchange.timings.total)),
            attempts,
            request_id: None,
            state: None,
        }
    }

    /// A call that got no answer: class `unreachable`, `timeout`, `platform` (an answer that is not HTTP) or
    /// `error`.
    pub fn for_failure(class: crate::exit::Class, message: String, elapsed: Duration, attempts: u32) -> Envelope {
        Envelope {
            ok: false,
            status: None,
            code: None,
            class,
            message: Some(message),
            trace_id: None,
            traceparent: None,
            body: None,
            headers: serde_json::Map::new(),
            logs: None,
            elapsed_ms: Some(millis(elapsed)),
            attempts,
            request_id: None,
            state: None,
        }
    }

    /// An asynchronous call that has not finished: where it stands (`pending`, `running`; class `pending`), or
    /// `interrupted` while waiting for it (its time unknown: null).
    pub fn unfinished(
        class: crate::exit::Class,
        id: &str,
        state: &str,
        message: String,
        elapsed: Option<Duration>,
    ) -> Envelope {
        Envelope {
            request_id: Some(id.to_string()),
            state: Some(state.to_string()),
            elapsed_ms: elapsed.map(millis),
            ..Envelope::for_failure(class, message, Duration::ZERO, 1)
        }
    }

    /// The trace ids the call was sent with: its traceparent, and its X-Trace-Id when the answer names none.
    pub fn with_trace(mut self, trace: Option<&CallTrace>) -> Envelope {
        if let Some(trace) = trace {
            self.traceparent = Some(trace.traceparent.clone());
            self.trace_id = self.trace_id.or_else(|| Some(trace.trace_id.clone()));
        }
        self
    }

    pub fn to_line(&self) -> String {
        let line = serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"ok\":false,\"message\":\"{e}\"}}"));
        let mut line = crate::secrets::redact(&line).into_owned();
        line.push('\n');
        line
    }

    /// The object as stdout gets it: one compact line when piped (for jq and scripts, byte for byte as before);
    /// on a terminal pretty-printed, coloured and with escaped text readable, as `gh --json` does.
    pub fn to_text(&self, ui: &Ui) -> String {
        json_text(&self.to_line(), ui)
    }
}

/// A `--json` document (valid JSON) for stdout: the line as it is when piped; pretty-printed, coloured and with
/// escaped text readable on a terminal. Every command's `--json` goes through here, and through the one redaction:
/// the document is yr's, so no secret is in any of its fields, the result's `body` included.
pub fn json_text(json: &str, ui: &Ui) -> String {
    let json = crate::secrets::redact(json);
    let json = json.as_ref();
    if !ui.stdout_terminal {
        let mut line = json.trim_end().to_string();
        line.push('\n');
        return line;
    }
    json_fmt::for_terminal(json, true, &ui.stdout_palette) + "\n"
}

/// The log tail of an answer for `--json`: absent without `X-Log-Result`, empty when the header is, null when it
/// is not base64. Decoded by `reply::log_tail`, as `--logs` decodes it.
fn log_text(exchange: &Exchange) -> Option<Option<String>> {
    exchange.header("X-Log-Result")?;
    Some(match reply::log_tail(exchange) {
        // log_tail has nothing for an empty header; its decoding is the empty text.
        None => Some(String::new()),
        Some(Ok(bytes)) => Some(crate::secrets::redact(&String::from_utf8_lossy(&bytes)).into_owned()),
        Some(Err(_)) => None,
    })
}

/// One `--stream --json` frame object: a compact line, coloured (and escaped text readable) on a terminal. As every
/// `--json` document, redacted (without --json, frames are the function's data and pass as sent).
pub fn frame_text(value: &serde_json::Value, ui: &Ui) -> String {
    let line = crate::secrets::redact(&value.to_string()).into_owned();
    if ui.stdout_terminal {
        json_fmt::for_terminal(&line, false, &ui.stdout_palette) + "\n"
    } else {
        line + "\n"
    }
}

/// A duration in milliseconds, to the microsecond: `elapsed_ms` in every `--json`.
pub fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// The body as JSON, token for token when it is JSON, else as a string (invalid UTF-8 replaced).
fn body_value(body: &[u8]) -> Box<RawValue> {
    if let Ok(text) = std::str::from_utf8(body) {
        if !text.trim().is_empty() && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
            let compact = json_fmt::reformat(text, false, &Palette::plain());
            if let Ok(raw) = RawValue::from_string(compact) {
                return raw;
            }
        }
    }
    let as_string = serde_json::to_string(&String::from_utf8_lossy(body)).unwrap_or_else(|_| "\"\"".into());
    RawValue::from_string(as_string).unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_bodies() {
        assert_eq!(body_value(b"{ \"a\" : [1, 2] }").get(), r#"{"a":[1,2]}"#);
        assert_eq!(body_value(b"not json").get(), r#""not json""#);
        assert_eq!(body_value(b"").get(), r#""""#);
        assert_eq!(body_value(b"\xff").get(), "\"\u{fffd}\"");
    }

    #[test]
    fn json_log_tails() {
        let with = |headers: &[(&str, &str)]| Exchange {
            status: 200,
            version: "HTTP/1.1",
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: Vec::new(),
            timings: crate::client::http::Timings::default(),
        };
        assert_eq!(log_text(&with(&[])), None);
        assert_eq!(log_text(&with(&[("x-log-result", "")])), Some(Some(String::new())));
        assert_eq!(log_text(&with(&[("x-log-result", "  ")])), Some(Some(String::new())));
        assert_eq!(log_text(&with(&[("x-log-result", "!!")])), Some(None));
        assert_eq!(
            log_text(&with(&[("x-log-result", " ZG9uZQo= ")])),
            Some(Some("done\n".to_string()))
        );
    }
}
