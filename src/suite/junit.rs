//! `--junit FILE`: the run as JUnit XML (one testsuite per suite file, one testcase per case run or skipped),
//! written by quick-junit so GitHub, GitLab and Jenkins read it; the token is redacted from it like from every report.

use std::path::Path;

use anyhow::{Context, Result};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::call::Reached;
use super::plan::PlannedCase;
use super::report::failure_lines;
use super::run::{RunResult, Status, StopReason};

/// The report as XML text.
pub fn render(run: &RunResult, cases: &[PlannedCase]) -> Result<String> {
    let mut report = Report::new("yr test");
    report.set_time(run.elapsed);
    let mut suites: Vec<(usize, TestSuite)> = Vec::new();
    for result in &run.results {
        let case = &cases[result.case];
        if suites.last().is_none_or(|(file, _)| *file != case.file) {
            let mut suite = TestSuite::new(case.suite.as_str());
            suite.add_property(("file", case.file_path.as_str()));
            suites.push((case.file, suite));
        }
        let status = match result.status {
            Status::Passed => TestCaseStatus::success(),
            Status::Failed => {
                let lines = failure_lines(result, case);
                let (kind, kind_name) = match result.record.as_ref().map(|r| &r.reached) {
                    Some(Reached::NoAnswer { class, .. }) => (NonSuccessKind::Error, class.to_string()),
                    _ => (
                        NonSuccessKind::Failure,
                        result.mismatches.first().map_or("expectation", |m| m.key).to_string(),
                    ),
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_type(kind_name);
                status.set_message(lines.first().cloned().unwrap_or_default());
                status.set_description(lines.join("\n"));
                status
            }
            Status::NotRun(reason) => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(match reason {
                    StopReason::FailFast => "not run: --fail-fast stopped the run",
                    StopReason::Interrupted => "not run: interrupted",
                });
                status
            }
            Status::Interrupted => {
                let mut status = TestCaseStatus::skipped();
                status.set_message("interrupted while running");
                status
            }
        };
        let mut test_case = TestCase::new(case.name.as_str(), status);
        test_case.set_classname(case.suite.as_str());
        test_case.add_property(("function", case.function.as_str()));
        test_case.add_property(("line", case.line.to_string().as_str()));
        if let Some(record) = &result.record {
            test_case.set_time(record.elapsed);
            if let Reached::Answer(answer) = &record.reached {
                if let Some(trace) = &answer.verdict.trace_id {
                    test_case.add_property(("trace_id", trace.as_str()));
                }
            }
        }
        if let Some((_, suite)) = suites.last_mut() {
            suite.add_test_case(test_case);
        }
    }
    report.add_test_suites(suites.into_iter().map(|(_, suite)| suite));
    let xml = report.to_string().context("cannot write the JUnit report")?;
    Ok(crate::secrets::redact(&xml).into_owned())
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
