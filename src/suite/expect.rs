//! `[case.expect]` read into the one expectation type (answer::expect, shared with `yr invoke`'s `--expect-*`),
//! and the check of one case's call against it: a call that got no answer fails its case.

use super::call::{CallRecord, Reached};
use super::file::{CodeSpec, ExpectFields, Step};
use crate::answer::compare::Arrays;
use crate::answer::expect::{Expectations, ExpectedCode, Mismatch, Observed};
use crate::answer::predicate::Assertion;

/// Parses the values; an error names the key it is about, as the steps to it inside `expect`
/// (`[Key("assert"), Index(2), Key("ge")]`).
pub fn parse(fields: &ExpectFields) -> Result<Expectations, (Vec<Step>, String)> {
    let expectations = parse_keys(fields).map_err(|(key, why)| (vec![Step::Key(key.into())], why))?;
    let asserts = fields
        .assert
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            Assertion::parse(spec).map_err(|(key, why)| {
                let mut steps = vec![Step::Key("assert".into()), Step::Index(i)];
                if !key.is_empty() {
                    steps.push(Step::Key(key.into()));
                }
                (steps, why)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Expectations {
        asserts,
        ..expectations
    })
}

/// The keys other than `assert`.
fn parse_keys(fields: &ExpectFields) -> Result<Expectations, (&'static str, String)> {
    let code = fields
        .code
        .as_ref()
        .map(|spec| match spec {
            CodeSpec::Number(code) => Ok(ExpectedCode::number(*code)),
            CodeSpec::Name(name) => ExpectedCode::parse(name),
        })
        .transpose()
        .map_err(|why| ("code", why))?;
    let body = match (&fields.body, &fields.body_json) {
        (Some(_), Some(_)) => return Err(("body-json", "give `body` or `body-json`, not both".into())),
        (Some(value), None) => Some(value.clone()),
        (None, Some(text)) => Some(Expectations::json(text).map_err(|why| ("body-json", why))?),
        (None, None) => None,
    };
    let matches = fields
        .body_matches
        .as_deref()
        .map(crate::values::parse_regex)
        .transpose()
        .map_err(|why| ("body-matches", why))?;
    let latency = fields
        .latency
        .as_ref()
        .map(|text| crate::values::parse_duration(&text.0))
        .transpose()
        .map_err(|why| ("latency", why))?;
    let status = fields
        .status
        .map(|status| crate::values::parse_status(&status.to_string()))
        .transpose()
        .map_err(|why| ("status", why))?;
    for (name, value) in &fields.headers {
        crate::values::parse_header(&format!("{name}: {value}")).map_err(|why| ("headers", why))?;
    }
    Ok(Expectations {
        status,
        code,
        body,
        includes: fields.body_includes.clone(),
        matches,
        headers: fields.headers.iter().map(|(n, v)| (n.clone(), v.clone())).collect(),
        latency,
        frames: fields.frames.clone(),
        asserts: Vec::new(),
        arrays: fields
            .arrays
            .as_deref()
            .map(Arrays::parse)
            .transpose()
            .map_err(|why| ("arrays", why))?
            .unwrap_or_default(),
    })
}

/// Everything that did not hold for one case's call; empty when the case passed.
pub fn check(expectations: &Expectations, record: &CallRecord) -> Vec<Mismatch> {
    match &record.reached {
        Reached::Answer(answer) => expectations.check(&Observed {
            verdict: &answer.verdict,
            exchange: &answer.exchange,
            frames: answer.frames.as_deref(),
            elapsed: record.elapsed,
        }),
        Reached::NoAnswer { message, .. } => vec![Mismatch {
            key: "answer",
            expected: "an answer".into(),
            got: message.clone(),
            detail: Vec::new(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_rejects_naming_the_key() {
        let bad = |fields: ExpectFields| match parse(&fields).unwrap_err().0.as_slice() {
            [Step::Key(key)] => key.clone(),
            other => panic!("{other:?}"),
        };
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
