//! What a call is expected to give, and the check of what it gave: the one expectation type of `yr invoke`'s
//! `--expect-*` flags and of `yr test`'s `[case.expect]`, so both accept the same values (a code by number or by
//! its name in the error table) and word a failed expectation the same way.

use std::time::Duration;

use regex_lite::Regex;
use serde_json::Value;

use crate::answer::compare::{self, Arrays};
use crate::answer::predicate::{Assertion, Subject};
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
    /// Predicates on values of the answer (`[[case.expect.assert]]`).
    pub asserts: Vec<Assertion>,
    /// How arrays compare in `body`, `body-includes`, `frames` and the predicates (`expect.arrays`).
    pub arrays: Arrays,
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
    /// Where expected and got differ, a line each (`$.a.b: expected 2, got 1`, `frame 2: expected ..., got ...`),
    /// at most `DETAIL_LINES` of them and then how many more; empty when the line says it all.
    pub detail: Vec<String>,
}

impl Mismatch {
    /// `status: expected 200, got 500`: how every command words it.
    pub fn line(&self) -> String {
        format!("{}: expected {}, got {}", self.key, self.expected, self.got)
    }
}

/// At most this many difference lines are shown under a mismatch; the rest are counted.
pub const DETAIL_LINES: usize = 5;

/// The first `DETAIL_LINES` lines, then `… and N more`.
fn capped(mut lines: Vec<String>) -> Vec<String> {
    if lines.len() > DETAIL_LINES {
        let more = lines.len() - DETAIL_LINES;
        lines.truncate(DETAIL_LINES);
        lines.push(format!("… and {more} more"));
    }
    lines
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
            || !self.asserts.is_empty()
    }

    /// Whether the expectations need the whole body (a streamed or piped body is not held otherwise).
    pub fn need_body(&self) -> bool {
        self.body.is_some()
            || self.includes.is_some()
            || self.matches.is_some()
            || self.asserts.iter().any(|a| matches!(a.subject, Subject::Body(_)))
    }

    /// Everything that did not hold; empty when the call passed.
    pub fn check(&self, observed: &Observed) -> Vec<Mismatch> {
        let mut found = Vec::new();
        self.check_outcome(observed.verdict, &mut found);
        // The body as JSON, parsed when `body`, `body-includes` or an assertion first asks (once for all).
        let parsed = std::cell::OnceCell::new();
        self.check_body(observed, &parsed, &mut found);
        self.check_text_and_headers(observed, &mut found);
        self.check_frames(observed, &mut found);
        for assertion in &self.asserts {
            for (expected, got) in assertion_failures(assertion, observed, &parsed, self.arrays) {
                fail(&mut found, "assert", expected, got, Vec::new());
            }
        }
        found
    }

    /// Success (when nothing else about the outcome is expected), `status` and `code`.
    fn check_outcome(&self, verdict: &Verdict, found: &mut Vec<Mismatch>) {
        if self.status.is_none() && self.code.is_none() && !verdict.ok {
            fail(
                found,
                "success",
                "success (HTTP 2xx, code 0)".into(),
                crate::answer::output::failure_line(verdict),
                Vec::new(),
            );
        }
        if let Some(expected) = self.status {
            if verdict.status != expected {
                fail(
                    found,
                    "status",
                    expected.to_string(),
                    verdict.status.to_string(),
                    Vec::new(),
                );
            }
        }
        if let Some(expected) = &self.code {
            let actual = verdict.code_or_success();
            if !actual.is_some_and(|c| expected.codes.contains(&c)) {
                fail(found, "code", expected.shown.clone(), code_words(actual), Vec::new());
            }
        }
    }

    /// `body` and `body-includes`, against the body parsed once into `parsed`.
    fn check_body(
        &self,
        observed: &Observed,
        parsed: &std::cell::OnceCell<Result<Value, String>>,
        found: &mut Vec<Mismatch>,
    ) {
        let arrays = self.arrays;
        let json = || parsed.get_or_init(|| body_json(observed));
        if let Some(expected) = &self.body {
            match json() {
                Ok(actual) if compare::equal(expected, actual, arrays) => {}
                Ok(actual) => {
                    let mut lines = Vec::new();
                    compare::differences(expected, actual, arrays, "$", &mut lines);
                    fail(
                        found,
                        "body",
                        shorten(&expected.to_string()),
                        shorten(&actual.to_string()),
                        nested(expected, actual, lines),
                    );
                }
                Err(text) => fail(found, "body", shorten(&expected.to_string()), text.clone(), Vec::new()),
            }
        }
        if let Some(expected) = &self.includes {
            match json() {
                Ok(actual) if compare::holds(actual, expected, arrays) => {}
                Ok(actual) => {
                    let mut lines = Vec::new();
                    compare::lacks(expected, actual, arrays, "$", &mut lines);
                    fail(
                        found,
                        "body-includes",
                        shorten(&expected.to_string()),
                        shorten(&actual.to_string()),
                        nested(expected, actual, lines),
                    );
                }
                Err(text) => fail(
                    found,
                    "body-includes",
                    shorten(&expected.to_string()),
                    text.clone(),
                    Vec::new(),
                ),
            }
        }
    }

    /// `body-matches`, `headers` and `latency`.
    fn check_text_and_headers(&self, observed: &Observed, found: &mut Vec<Mismatch>) {
        let exchange = observed.exchange;
        if let Some(pattern) = &self.matches {
            let text = String::from_utf8_lossy(&exchange.body);
            if !pattern.is_match(&text) {
                fail(
                    found,
                    "body-matches",
                    format!("text matching /{}/", pattern.as_str()),
                    shorten(&text),
                    Vec::new(),
                );
            }
        }
        for (name, expected) in &self.headers {
            match exchange.header(name) {
                Some(actual) if actual.trim() == expected => {}
                Some(actual) => fail(
                    found,
                    "headers",
                    format!("{name}: {expected}"),
                    format!("{name}: {actual}"),
                    Vec::new(),
                ),
                None => fail(
                    found,
                    "headers",
                    format!("{name}: {expected}"),
                    format!("no {name} header"),
                    Vec::new(),
                ),
            }
        }
        if let Some(bound) = self.latency {
            if observed.elapsed > bound {
                fail(
                    found,
                    "latency",
                    format!("at most {}", human_duration(bound)),
                    human_duration(observed.elapsed),
                    Vec::new(),
                );
            }
        }
    }

    /// `frames`, frame by frame.
    fn check_frames(&self, observed: &Observed, found: &mut Vec<Mismatch>) {
        let Some(expected) = &self.frames else {
            return;
        };
        let as_read: Vec<Value> = expected.iter().map(expected_frame).collect();
        let shown = || shorten(&Value::Array(as_read.clone()).to_string());
        match observed.frames {
            None => fail(
                found,
                "frames",
                shown(),
                "an answer that is not a stream".into(),
                Vec::new(),
            ),
            Some(frames) => {
                let lines = frame_differences(expected, frames, self.arrays);
                if !lines.is_empty() {
                    let got: Vec<Value> = frames.iter().map(|f| frame_value(f)).collect();
                    fail(found, "frames", shown(), shorten(&Value::Array(got).to_string()), lines);
                }
            }
        }
    }
}

/// Records one expectation that did not hold, its detail capped.
fn fail(found: &mut Vec<Mismatch>, key: &'static str, expected: String, got: String, detail: Vec<String>) {
    found.push(Mismatch {
        key,
        expected,
        got,
        detail: capped(detail),
    });
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

/// Difference lines under a mismatch of JSON values: only when both are objects or both arrays, as otherwise the one
/// difference is the whole value, which the mismatch's own line shows.
fn nested(expected: &Value, actual: &Value, lines: Vec<String>) -> Vec<String> {
    let inside = (expected.is_object() && actual.is_object()) || (expected.is_array() && actual.is_array());
    if inside { lines } else { Vec::new() }
}

/// A frame's data as the expectations read it: JSON when it is JSON, else its text as a string.
fn frame_value(data: &str) -> Value {
    serde_json::from_str(data).unwrap_or_else(|_| Value::String(data.to_string()))
}

/// An expected frame as it is shown beside the frames read: a string is a frame's text, so it is read as one.
fn expected_frame(expected: &Value) -> Value {
    match expected {
        Value::String(text) => frame_value(text),
        other => other.clone(),
    }
}

/// Whether a frame is the one expected: an expected string is the frame's text; any other value is compared with
/// the frame's data read as JSON.
fn frame_matches(expected: &Value, data: &str, arrays: Arrays) -> bool {
    match expected {
        Value::String(text) => text == data,
        other => serde_json::from_str::<Value>(data).is_ok_and(|v| compare::equal(other, &v, arrays)),
    }
}

/// `frame count: expected 3, got 2` and `frame 2: expected {"state":"paid"}, got {"state":"placed"}` for each
/// frame that differs; empty when the frames are the ones expected.
fn frame_differences(expected: &[Value], frames: &[String], arrays: Arrays) -> Vec<String> {
    let mut lines = Vec::new();
    if expected.len() != frames.len() {
        lines.push(format!(
            "frame count: expected {}, got {}",
            expected.len(),
            frames.len()
        ));
    }
    for (i, (want, data)) in expected.iter().zip(frames).enumerate() {
        if frame_matches(want, data, arrays) {
            continue;
        }
        let (mut e, mut g) = (
            compare::shown(&expected_frame(want)),
            compare::shown(&frame_value(data)),
        );
        if e == g {
            // A string that is the frame's text against a frame holding that string as JSON: show the texts.
            e = format!("the text {}", shorten(want.as_str().unwrap_or_default()));
            g = format!("the text {}", shorten(data));
        }
        lines.push(format!("frame {}: expected {e}, got {g}", i + 1));
    }
    lines
}

/// `1 frame`, `3 frames`.
fn frames_words(n: usize) -> String {
    if n == 1 {
        "1 frame".into()
    } else {
        format!("{n} frames")
    }
}

/// Each predicate of an assertion that did not hold, as (expected, got): `$.total >= 10`, `9`.
fn assertion_failures(
    assertion: &Assertion,
    observed: &Observed,
    body: &std::cell::OnceCell<Result<Value, String>>,
    arrays: Arrays,
) -> Vec<(String, String)> {
    let subject = assertion.subject_words();
    let expected = |p: &crate::answer::predicate::Predicate| format!("{subject} {}", p.words());
    // Every predicate on one value (None: there is none).
    let on = |value: Option<&Value>| -> Vec<(String, String)> {
        assertion
            .predicates
            .iter()
            .filter_map(|p| p.test(value, arrays).err().map(|got| (expected(p), got)))
            .collect()
    };
    // Every predicate fails, for a reason that is not the value.
    let all_fail = |why: String| -> Vec<(String, String)> {
        assertion
            .predicates
            .iter()
            .map(|p| (expected(p), why.clone()))
            .collect()
    };
    let not_stream = || all_fail("an answer that is not a stream".into());
    match &assertion.subject {
        Subject::Body(path) => match body.get_or_init(|| body_json(observed)) {
            Ok(json) => on(path.find(json)),
            Err(why) => all_fail(why.clone()),
        },
        Subject::Header(name) => on(observed
            .exchange
            .header(name)
            .map(|v| Value::String(v.trim().to_string()))
            .as_ref()),
        Subject::FrameCount => match observed.frames {
            Some(frames) => on(Some(&Value::from(frames.len()))),
            None => not_stream(),
        },
        Subject::Frame(which, path) => match observed.frames {
            Some(frames) => match which.index(frames.len()) {
                Some(i) => on(path.find(&frame_value(&frames[i]))),
                None => all_fail(format!("no such frame ({})", frames_words(frames.len()))),
            },
            None => not_stream(),
        },
        Subject::EachFrame(path) => match observed.frames {
            None => not_stream(),
            Some([]) => all_fail("no frames".into()),
            Some(frames) => assertion
                .predicates
                .iter()
                .filter_map(|p| {
                    let failed: Vec<(usize, String)> = frames
                        .iter()
                        .enumerate()
                        .filter_map(|(i, data)| p.test(path.find(&frame_value(data)), arrays).err().map(|g| (i, g)))
                        .collect();
                    let (first, got) = failed.first()?;
                    let more = match failed.len() - 1 {
                        0 => String::new(),
                        n => format!(" (and {} more)", frames_words(n)),
                    };
                    Some((expected(p), format!("frame {}: {got}{more}", first + 1)))
                })
                .collect(),
        },
    }
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
        let diff = |expected: &[Value]| frame_differences(expected, &frames, Arrays::Ordered);
        assert!(diff(&[json!("hello"), json!({"n": 1.0})]).is_empty());
        assert!(diff(&[json!("hello"), json!("{\"n\":1}")]).is_empty());
        assert_eq!(diff(&[json!("hello")]), ["frame count: expected 1, got 2"]);
        assert_eq!(
            diff(&[json!("hello"), json!({"n": 2})]),
            ["frame 2: expected {\"n\":2}, got {\"n\":1}"]
        );
        assert_eq!(
            frame_differences(
                &[json!("\"hi\""), json!("hi")],
                &["hi".into(), "\"hi\"".into()],
                Arrays::Ordered
            ),
            [
                "frame 1: expected the text \"hi\", got the text hi",
                "frame 2: expected the text hi, got the text \"hi\""
            ]
        );
    }

    #[test]
    fn details_are_capped_and_counted() {
        let lines: Vec<String> = (0..8).map(|i| i.to_string()).collect();
        assert_eq!(capped(lines), ["0", "1", "2", "3", "4", "… and 3 more"]);
        assert!(nested(&json!(1), &json!(2), vec!["$: expected 1, got 2".into()]).is_empty());
        assert!(nested(&json!(1), &json!([1]), vec!["$: expected 1, got [1]".into()]).is_empty());
        assert_eq!(
            nested(&json!([1]), &json!([2]), vec!["$[0]: expected 1, got 2".into()]).len(),
            1
        );
    }
}
