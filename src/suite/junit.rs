//! `--junit FILE`: the run as JUnit XML (one testsuite per suite file, one testcase per case run or skipped; with
//! `--repeat`, per file per round, each name ending ` (round N)`), in
//! the shape GitHub, GitLab and Jenkins read (the one nextest and hurl write), written with quick-xml's writer, which
//! escapes every attribute and text; the token is redacted from it like from every report.

use std::io;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::call::Reached;
use super::plan::PlannedCase;
use super::report::{case_elapsed, failure_lines};
use super::run::{CaseResult, RunResult, Status, StopReason};

/// How one case ended, as JUnit says it.
enum JunitResult {
    Passed,
    /// `failure` (an expectation failed) or `error` (the call got no answer), with its type, message and text.
    NotPassed {
        element: &'static str,
        kind: String,
        message: String,
        text: String,
    },
    Skipped(&'static str),
}

/// The report as XML text.
pub fn render(run: &RunResult, cases: &[PlannedCase]) -> Result<String> {
    // Suites in file order, each with its results (one suite per file, as the results come in file order).
    let mut suites: Vec<(&PlannedCase, Vec<(&CaseResult, JunitResult)>)> = Vec::new();
    for result in &run.results {
        let case = &cases[result.case];
        if suites
            .last()
            .is_none_or(|(first, results)| first.file != case.file || results[0].0.round != result.round)
        {
            suites.push((case, Vec::new()));
        }
        if let Some((_, results)) = suites.last_mut() {
            results.push((result, junit_result(result, case)));
        }
    }
    let count = |results: &[(&CaseResult, JunitResult)], element: &str| {
        results
            .iter()
            .filter(|(_, o)| match o {
                JunitResult::NotPassed { element: e, .. } => *e == element,
                JunitResult::Skipped(_) => element == "skipped",
                JunitResult::Passed => false,
            })
            .count()
    };
    let total = |element: &str| suites.iter().map(|(_, r)| count(r, element)).sum::<usize>();
    let tests: usize = suites.iter().map(|(_, r)| r.len()).sum();

    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 4);
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| {
            writer
                .create_element("testsuites")
                .with_attribute(("name", "yr test"))
                .with_attribute(("tests", tests.to_string().as_str()))
                .with_attribute(("skipped", total("skipped").to_string().as_str()))
                .with_attribute(("failures", total("failure").to_string().as_str()))
                .with_attribute(("errors", total("error").to_string().as_str()))
                .with_attribute(("time", seconds(run.elapsed).as_str()))
                .write_inner_content(|w| {
                    for (first, results) in &suites {
                        let round = results.first().and_then(|(r, _)| r.round);
                        w.create_element("testsuite")
                            .with_attribute(("name", xml_text(&in_round(&first.suite, round)).as_str()))
                            .with_attribute(("tests", results.len().to_string().as_str()))
                            .with_attribute(("skipped", count(results, "skipped").to_string().as_str()))
                            .with_attribute(("errors", count(results, "error").to_string().as_str()))
                            .with_attribute(("failures", count(results, "failure").to_string().as_str()))
                            .write_inner_content(|w| {
                                properties(w, &[("file", first.file_path.as_str())])?;
                                for (result, outcome) in results {
                                    test_case(w, result, &cases[result.case], outcome)?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })
                .map(|_| ())
        })
        .context("cannot write the JUnit report")?;
    let xml = String::from_utf8(writer.into_inner()).context("cannot write the JUnit report")?;
    Ok(crate::secrets::redact(&xml).into_owned())
}

fn junit_result(result: &CaseResult, case: &PlannedCase) -> JunitResult {
    match result.status {
        Status::Passed => JunitResult::Passed,
        Status::Failed => {
            let lines = failure_lines(result, case);
            let (element, kind) = match result.record.as_ref().map(|r| &r.reached) {
                Some(Reached::NoAnswer { class, .. }) => ("error", class.name().to_string()),
                _ => (
                    "failure",
                    result.mismatches.first().map_or("expectation", |m| m.key).to_string(),
                ),
            };
            JunitResult::NotPassed {
                element,
                kind,
                message: lines.first().cloned().unwrap_or_default(),
                text: lines.join("\n"),
            }
        }
        Status::NotRun(StopReason::FailFast) => JunitResult::Skipped("not run: --fail-fast stopped the run"),
        Status::NotRun(StopReason::Interrupted) => JunitResult::Skipped("not run: interrupted"),
        Status::Interrupted => JunitResult::Skipped("interrupted while running"),
    }
}

fn test_case(
    w: &mut Writer<Vec<u8>>,
    result: &CaseResult,
    case: &PlannedCase,
    outcome: &JunitResult,
) -> io::Result<()> {
    let mut element = w
        .create_element("testcase")
        .with_attribute(("name", xml_text(&in_round(&case.name, result.round)).as_str()))
        .with_attribute(("classname", xml_text(&case.suite).as_str()));
    let time = case_elapsed(result).map(seconds);
    if let Some(time) = &time {
        element = element.with_attribute(("time", time.as_str()));
    }
    let line = case.line.to_string();
    let mut props = vec![("function", case.function.as_str()), ("line", line.as_str())];
    let step = result.flow.as_ref().map(|flow| flow.step.to_string());
    if let Some(step) = &step {
        props.push(("step", step.as_str()));
    }
    let round = result.round.map(|r| r.to_string());
    if let Some(round) = &round {
        props.push(("round", round.as_str()));
    }
    if let Some(record) = &result.record {
        let (trace_id, traceparent) = super::report::trace_ids(record);
        props.extend(trace_id.map(|t| ("trace_id", t)));
        props.extend(traceparent.map(|t| ("traceparent", t)));
    }
    element.write_inner_content(|w| {
        properties(w, &props)?;
        match outcome {
            JunitResult::Passed => {}
            JunitResult::NotPassed {
                element,
                kind,
                message,
                text,
            } => {
                w.create_element(*element)
                    .with_attribute(("message", xml_text(message).as_str()))
                    .with_attribute(("type", xml_text(kind).as_str()))
                    .write_text_content(BytesText::new(&xml_text(text)))?;
            }
            JunitResult::Skipped(message) => {
                w.create_element("skipped")
                    .with_attribute(("message", *message))
                    .write_empty()?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn properties(w: &mut Writer<Vec<u8>>, props: &[(&str, &str)]) -> io::Result<()> {
    w.create_element("properties").write_inner_content(|w| {
        for (name, value) in props {
            w.create_element("property")
                .with_attribute(("name", *name))
                .with_attribute(("value", xml_text(value).as_str()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `checkout (round 3)` with `--repeat`: JUnit readers key test cases by name, so each round's is its own.
fn in_round(name: &str, round: Option<u32>) -> String {
    match round {
        Some(round) => format!("{name} (round {round})"),
        None => name.to_string(),
    }
}

/// Seconds with millisecond precision, as JUnit readers expect.
fn seconds(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// Text XML 1.0 can hold: a control character other than tab and line breaks (an ANSI escape in a server's
/// message, say) cannot appear even escaped, so it is written as its `\u{..}` name rather than dropped.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c.to_string(),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Writes the report to FILE.
pub fn write(path: &Path, run: &RunResult, cases: &[PlannedCase]) -> Result<()> {
    let xml = render(run, cases)?;
    std::fs::write(path, xml).map_err(|e| {
        anyhow::anyhow!(
            "cannot write --junit {}: {}",
            path.display(),
            crate::wording::io_reason(&e)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::xml_text;

    #[test]
    fn control_characters_are_named_not_dropped() {
        assert_eq!(xml_text("a\tb\nc"), "a\tb\nc");
        assert_eq!(xml_text("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(xml_text("nul\0"), "nul\\u{0}");
        assert_eq!(xml_text("你好 <&>"), "你好 <&>");
    }
}
