//! What a call is expected to give, and the check of what it gave: the one expectation type of `yr invoke`'s
//! `--expect-*` flags and of `yr test`'s `[case.expect]`, so both accept the same values (a code by number or by
//! its name in the error table) and word a failed expectation the same way.

use std::time::Duration;

use regex_lite::Regex;
use serde_json::Value;

use crate::answer::reply::Verdict;
use crate::client::http::Exchange;
use crate::error_table;
use crate::wording::human_duration;

/// What is expected. With neither `status` nor `code`, success is expected too: an expectation of the body alone
/// never makes a failed call pass.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    pub status: Option<u16>,
    pub code: Option<ExpectedCode>,
    /// The body, equal as JSON.
    pub body: Option<Value>,
    /// Values the body must hold (`body-includes`).
    pub includes: Option<Value>,
    pub matches: Option<Regex>,
    pub headers: Vec<(String, String)>,
    pub latency: Option<Duration>,
    pub frames: Option<Vec<Value>>,
}

/// A code as written, and the codes it stands for (a name of the error table may stand for several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedCode {
    pub shown: String,
    pub codes: Vec<i64>,
}

impl ExpectedCode {
    /// A number, or a name from the error table in any letter case (`yr errors` lists them); the error says
    /// which it is not, for the caller to prefix with the flag or key.
    pub fn parse(text: &str) -> Result<ExpectedCode, String> {
        let codes = error_table::codes_named(text)?;
        let shown = match codes.as_slice() {
            [code] if text.trim().parse::<i64>().is_ok() => code_words(Some(*code)),
            _ => {
                let numbers: Vec<String> = codes.iter().map(i64::to_string).collect();
                format!("{} ({})", numbers.join(" or "), text.trim())
            }
        };
        Ok(ExpectedCode { shown, codes })
    }

    pub fn number(code: i64) -> ExpectedCode {
        ExpectedCode {
            shown: code_words(Some(code)),
            codes: vec![code],
        }
    }
}

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The expectation's key: `status`, `code`, `body`, `body-includes`, ..., or `success` for the implicit one.
    pub key: &'static str,
    pub expected: String,
    pub got: String,
}

impl Mismatch {
    /// `status: expected 200, got 500`: how every command words it.
    pub fn line(&self) -> String {
        format!("{}: expected {}, got {}", self.key, self.expected, self.got)
    }
}

/// What came back, as the expectations see it.
pub struct Observed<'a> {
    pub verdict: &'a Verdict,
    /// The answer; for a stream its head, with an empty body.
    pub exchange: &'a Exchange,
    /// The data of each frame, for a streamed answer.
    pub frames: Option<&'a [String]>,
    /// From the first byte sent to the last byte read.
    pub elapsed: Duration,
}

/// Expected and received values are cut to this many characters in reports.
const SHOWN: usize = 300;

impl Expectations {
    /// `--expect-body` and `body-json`: JSON text, parsed once.
    pub fn json(text: &str) -> Result<Value, String> {
        serde_json::from_str(text).map_err(|e| format!("is not valid JSON: {e}"))
    }

    /// Whether anything at all is expected (then a pass is exit 0 whatever the answer, and a miss exit 8).
    pub fn any(&self) -> bool {
        self.status.is_some()
            || self.code.is_some()
            || self.body.is_some()
            || self.includes.is_some()
            || self.matches.is_some()
            || !self.headers.is_empty()
            || self.latency.is_some()
            || self.frames.is_some()
    }

    /// Whether the expectations need the whole body (a streamed or piped body is not held otherwise).
    pub fn need_body(&self) -> bool {
        self.body.is_some() || self.includes.is_some() || self.matches.is_some()
    }

    /// Everything that did not hold; empty when the call passed.
    pub fn check(&self, observed: &Observed) -> Vec<Mismatch> {
        let mut mismatches = Vec::new();
        let mut fail = |key, expected: String, got: String| mismatches.push(Mismatch { key, expected, got });
        let verdict = observed.verdict;
        let exchange = observed.exchange;
        if self.status.is_none() && self.code.is_none() && !verdict.ok {
            fail(
                "success",
                "success (HTTP 2xx, code 0)".into(),
                crate::answer::output::failure_line(verdict),
            );
        }
        if let Some(expected) = self.status {
            if verdict.status != expected {
                fail("status", expected.to_string(), verdict.status.to_string());
            }
        }
        if let Some(expected) = &self.code {
            let actual = verdict.code_or_success();
            if !actual.is_some_and(|c| expected.codes.contains(&c)) {
                fail("code", expected.shown.clone(), code_words(actual));
            }
        }
        // The body as JSON, parsed when `body` or `body-includes` first asks (once for both).
        let parsed = std::cell::OnceCell::new();
        let json = || parsed.get_or_init(|| body_json(observed));
        if let Some(expected) = &self.body {
            match json() {
                Ok(actual) if actual == expected => {}
                Ok(actual) => fail("body", shorten(&expected.to_string()), shorten(&actual.to_string())),
                Err(text) => fail("body", shorten(&expected.to_string()), text.clone()),
            }
        }
        if let Some(expected) = &self.includes {
            match json() {
                Ok(actual) => {
                    if let Err(why) = includes(expected, actual, "$") {
                        fail("body-includes", shorten(&expected.to_string()), why);
                    }
                }
                Err(text) => fail("body-includes", shorten(&expected.to_string()), text.clone()),
            }
        }
        if let Some(pattern) = &self.matches {
            let text = String::from_utf8_lossy(&exchange.body);
            if !pattern.is_match(&text) {
                fail(
                    "body-matches",
                    format!("text matching /{}/", pattern.as_str()),
                    shorten(&text),
                );
            }
        }
        for (name, expected) in &self.headers {
            match exchange.header(name) {
                Some(actual) if actual.trim() == expected => {}
                Some(actual) => fail("headers", format!("{name}: {expected}"), format!("{name}: {actual}")),
                None => fail("headers", format!("{name}: {expected}"), format!("no {name} header")),
            }
        }
        if let Some(bound) = self.latency {
            if observed.elapsed > bound {
                fail(
                    "latency",
                    format!("at most {}", human_duration(bound)),
                    human_duration(observed.elapsed),
                );
            }
        }
        if let Some(expected) = &self.frames {
            let shown = || shorten(&Value::Array(expected.clone()).to_string());
            match observed.frames {
                None => fail("frames", shown(), "an answer that is not a stream".into()),
                Some(frames) if !frames_match(expected, frames) => {
                    let got: Vec<Value> = frames.iter().map(|f| Value::String(f.clone())).collect();
                    fail("frames", shown(), shorten(&Value::Array(got).to_string()));
                }
                Some(_) => {}
            }
        }
        mismatches
    }
}

/// `4037 (session config invalid)`, `0`, or `none`.
fn code_words(code: Option<i64>) -> String {
    match code {
        None => "none".into(),
        Some(code) => match error_table::describe(code) {
            Some(name) if code != 0 => format!("{code} ({name})"),
            _ => code.to_string(),
        },
    }
}

/// The body as JSON, or what to say about a body that is not.
fn body_json(observed: &Observed) -> Result<Value, String> {
    let body = &observed.exchange.body;
    if observed.frames.is_some() {
        return Err("a stream (see `frames`)".into());
    }
    serde_json::from_slice(body).map_err(|_| {
        format!(
            "a body that is not JSON ({} bytes): {}",
            body.len(),
            shorten(&String::from_utf8_lossy(body))
        )
    })
}

/// Whether `actual` holds everything in `expected`: an object's fields with (recursively) included values, any
/// other fields allowed; each element of an array in some element of the other, in any order; anything else equal.
fn includes(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                let inner = format!("{path}.{key}");
                match have.get(key) {
                    Some(found) => includes(value, found, &inner)?,
                    None => return Err(format!("no {inner} in {}", shorten(&actual.to_string()))),
                }
            }
            Ok(())
        }
        (Value::Array(want), Value::Array(have)) => {
            for (i, value) in want.iter().enumerate() {
                if !have.iter().any(|found| includes(value, found, path).is_ok()) {
                    return Err(format!(
                        "no element of {path} holds {} (element {i} expected): {}",
                        shorten(&value.to_string()),
                        shorten(&actual.to_string())
                    ));
                }
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path} is {}", shorten(&actual.to_string()))),
    }
}

/// Frames in order, one for one: an expected string is the frame's text; any other value is compared with the
/// frame's data read as JSON.
fn frames_match(expected: &[Value], frames: &[String]) -> bool {
    expected.len() == frames.len()
        && expected.iter().zip(frames).all(|(want, data)| match want {
            Value::String(text) => text == data,
            other => serde_json::from_str::<Value>(data).is_ok_and(|v| &v == other),
        })
}

/// Text cut to `SHOWN` characters, on one line.
pub fn shorten(text: &str) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() > SHOWN {
        format!("{}…", flat.chars().take(SHOWN).collect::<String>())
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inclusion() {
        let actual = json!({"a": 1, "b": {"c": [1, {"d": "x", "e": 2}], "f": null}, "g": "y"});
        for ok in [
            json!({}),
            json!({"a": 1}),
            json!({"b": {"c": [{"d": "x"}]}}),
            json!({"b": {"c": [1]}, "g": "y"}),
        ] {
            assert_eq!(includes(&ok, &actual, "$"), Ok(()), "{ok}");
        }
        assert_eq!(includes(&json!({"a": 2}), &actual, "$"), Err("$.a is 1".to_string()));
        assert!(
            includes(&json!({"b": {"z": 1}}), &actual, "$")
                .unwrap_err()
                .starts_with("no $.b.z in ")
        );
        assert!(
            includes(&json!({"b": {"c": [3]}}), &actual, "$")
                .unwrap_err()
                .starts_with("no element of $.b.c holds 3")
        );
        assert!(includes(&json!("x"), &json!(["x"]), "$").is_err());
    }

    #[test]
    fn codes_by_number_or_name() {
        let c = ExpectedCode::parse("Session Config Invalid").unwrap();
        assert_eq!(
            (c.codes, c.shown.as_str()),
            (vec![4037], "4037 (Session Config Invalid)")
        );
        assert_eq!(ExpectedCode::parse("4037").unwrap().codes, vec![4037]);
        assert_eq!(ExpectedCode::number(0).shown, "0");
        assert!(ExpectedCode::parse("instance not found").unwrap().codes.len() > 1);
        assert!(ExpectedCode::parse("no such").unwrap_err().contains("yr errors"));
    }

    #[test]
    fn frames_compare_text_or_json() {
        let frames = vec!["hello".to_string(), "{\"n\":1}".to_string()];
        assert!(frames_match(&[json!("hello"), json!({"n": 1})], &frames));
        assert!(frames_match(&[json!("hello"), json!("{\"n\":1}")], &frames));
        assert!(!frames_match(&[json!("hello")], &frames));
        assert!(!frames_match(&[json!("hello"), json!({"n": 2})], &frames));
    }
}
