//! `[case.expect]` read into the one expectation type (answer::expect, shared with `yr invoke`'s `--expect-*`),
//! and the check of one case's call against it: a call that got no answer fails its case.

use super::call::{CallRecord, Reached};
use super::file::{CodeSpec, ExpectFields};
use crate::answer::expect::{Expectations, ExpectedCode, Mismatch, Observed};

/// Parses the values; an error names the key it is about.
pub fn parse(fields: &ExpectFields) -> Result<Expectations, (&'static str, String)> {
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
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_rejects_naming_the_key() {
        let bad = |fields: ExpectFields| parse(&fields).unwrap_err().0;
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
