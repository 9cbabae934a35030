//! What a case expects, parsed once from `[case.expect]`, and the check of one call against it: every expectation
//! that fails says what was expected and what came back.

use std::time::Duration;

use regex_lite::Regex;
use serde_json::Value;

use super::call::{CallAnswer, CallRecord, Reached};
use super::file::{CodeSpec, ExpectFields};
use crate::error_table;
use crate::wording::human_duration;

/// The expectations of one case. With neither `status` nor `code`, success is expected too.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    status: Option<u16>,
    code: Option<ExpectedCode>,
    body: Option<Value>,
    includes: Option<Value>,
    matches: Option<Regex>,
    headers: Vec<(String, String)>,
    latency: Option<Duration>,
    frames: Option<Vec<Value>>,
}

/// A code as written, and the codes it stands for (a name of the error table may stand for several).
#[derive(Debug, Clone)]
struct ExpectedCode {
    shown: String,
    codes: Vec<i64>,
}

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The expectation's key: `status`, `code`, `body`, `body-includes`, ..., or `success` for the implicit one.
    pub key: &'static str,
    pub expected: String,
    pub got: String,
}

/// Expected and received values are cut to this many characters in reports.
const SHOWN: usize = 300;

impl Expectations {
    /// Parses the values; an error names the key it is about.
    pub fn parse(fields: &ExpectFields) -> Result<Expectations, (&'static str, String)> {
        let code = fields
            .code
            .as_ref()
            .map(expected_code)
            .transpose()
            .map_err(|why| ("code", why))?;
        let body = match (&fields.body, &fields.body_json) {
            (Some(_), Some(_)) => return Err(("body-json", "give `body` or `body-json`, not both".into())),
            (Some(value), None) => Some(value.clone()),
            (None, Some(text)) => {
                Some(serde_json::from_str(text).map_err(|e| ("body-json", format!("is not valid JSON: {e}")))?)
            }
            (None, None) => None,
        };
        let matches = fields
            .body_matches
            .as_deref()
            .map(Regex::new)
            .transpose()
            .map_err(|e| {
                (
                    "body-matches",
                    format!("is not a regular expression: {}", one_line(&e.to_string())),
                )
            })?;
        let latency = fields
            .latency
            .as_ref()
            .map(|text| crate::values::parse_duration(&text.0))
            .transpose()
            .map_err(|why| ("latency", why))?;
        for (name, value) in &fields.headers {
            crate::values::parse_header(&format!("{name}: {value}")).map_err(|why| ("headers", why))?;
        }
        Ok(Expectations {
            status: fields.status,
            code,
            body,
            includes: fields.body_includes.clone(),
            matches,
            headers: fields.headers.iter().map(|(n, v)| (n.clone(), v.clone())).collect(),
            latency,
            frames: fields.frames.clone(),
        })
    }

    /// Everything that did not hold; empty when the case passed.
    pub fn check(&self, record: &CallRecord) -> Vec<Mismatch> {
        let answer = match &record.reached {
            Reached::Answer(answer) => answer,
            Reached::NoAnswer { message, .. } => {
                return vec![Mismatch {
                    key: "answer",
                    expected: "an answer".into(),
                    got: message.clone(),
                }];
            }
        };
        let mut mismatches = Vec::new();
        let mut fail = |key, expected: String, got: String| mismatches.push(Mismatch { key, expected, got });
        let verdict = &answer.verdict;
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
        let json = || parsed.get_or_init(|| body_json(answer));
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
            let text = String::from_utf8_lossy(&answer.exchange.body);
            if !pattern.is_match(&text) {
                fail(
                    "body-matches",
                    format!("text matching /{}/", pattern.as_str()),
                    shorten(&text),
                );
            }
        }
        for (name, expected) in &self.headers {
            match answer.exchange.header(name) {
                Some(actual) if actual.trim() == expected => {}
                Some(actual) => fail("headers", format!("{name}: {expected}"), format!("{name}: {actual}")),
                None => fail("headers", format!("{name}: {expected}"), format!("no {name} header")),
            }
        }
        if let Some(bound) = self.latency {
            if record.elapsed > bound {
                fail(
                    "latency",
                    format!("at most {}", human_duration(bound)),
                    human_duration(record.elapsed),
                );
            }
        }
        if let Some(expected) = &self.frames {
            let shown = || shorten(&Value::Array(expected.clone()).to_string());
            match &answer.frames {
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

/// A number, a number written as text, or a name from the error table (any letter case).
fn expected_code(spec: &CodeSpec) -> Result<ExpectedCode, String> {
    let name = match spec {
        CodeSpec::Number(code) => {
            return Ok(ExpectedCode {
                shown: code_words(Some(*code)),
                codes: vec![*code],
            });
        }
        CodeSpec::Name(name) => name.trim(),
    };
    if let Ok(code) = name.parse::<i64>() {
        return expected_code(&CodeSpec::Number(code));
    }
    let codes: Vec<i64> = error_table::all()
        .iter()
        .filter(|e| e.name.eq_ignore_ascii_case(name))
        .map(|e| e.code)
        .collect();
    if codes.is_empty() {
        return Err(format!(
            "`{name}` is neither a number nor a name in the error table (see `yr errors`)"
        ));
    }
    let numbers: Vec<String> = codes.iter().map(i64::to_string).collect();
    Ok(ExpectedCode {
        shown: format!("{} ({name})", numbers.join(" or ")),
        codes,
    })
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
fn body_json(answer: &CallAnswer) -> Result<Value, String> {
    let body = &answer.exchange.body;
    if answer.frames.is_some() {
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

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
        let c = expected_code(&CodeSpec::Name("Session Config Invalid".into())).unwrap();
        assert_eq!(
            (c.codes, c.shown.as_str()),
            (vec![4037], "4037 (Session Config Invalid)")
        );
        assert_eq!(expected_code(&CodeSpec::Name("4037".into())).unwrap().codes, vec![4037]);
        assert_eq!(expected_code(&CodeSpec::Number(0)).unwrap().shown, "0");
        assert!(
            expected_code(&CodeSpec::Name("instance not found".into()))
                .unwrap()
                .codes
                .len()
                > 1
        );
        assert!(
            expected_code(&CodeSpec::Name("no such".into()))
                .unwrap_err()
                .contains("yr errors")
        );
    }

    #[test]
    fn frames_compare_text_or_json() {
        let frames = vec!["hello".to_string(), "{\"n\":1}".to_string()];
        assert!(frames_match(&[json!("hello"), json!({"n": 1})], &frames));
        assert!(frames_match(&[json!("hello"), json!("{\"n\":1}")], &frames));
        assert!(!frames_match(&[json!("hello")], &frames));
        assert!(!frames_match(&[json!("hello"), json!({"n": 2})], &frames));
    }

    #[test]
    fn parse_rejects_naming_the_key() {
        let bad = |fields: ExpectFields| Expectations::parse(&fields).unwrap_err().0;
        assert_eq!(
            bad(ExpectFields {
                body_matches: Some("(".into()),
                ..Default::default()
            }),
            "body-matches"
        );
        assert_eq!(
            bad(ExpectFields {
                body_json: Some("{".into()),
                ..Default::default()
            }),
            "body-json"
        );
        assert_eq!(
            bad(ExpectFields {
                body: Some(json!(1)),
                body_json: Some("1".into()),
                ..Default::default()
            }),
            "body-json"
        );
        assert_eq!(
            bad(ExpectFields {
                latency: Some(super::super::file::Text("soon".into())),
                ..Default::default()
            }),
            "latency"
        );
        assert_eq!(
            bad(ExpectFields {
                code: Some(CodeSpec::Name("nope".into())),
                ..Default::default()
            }),
            "code"
        );
    }
}
