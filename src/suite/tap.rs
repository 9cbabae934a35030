//! `--tap FILE`: the run as TAP version 13, written by hand (see docs/design.md: the one TAP crate
//! writes neither the version line, nor YAML blocks, nor `# SKIP`). A test point per case (per case per round with
//! `--repeat`), in the planned order; a failure's YAML block holds the lines the text report and JUnit give it; the
//! token and `--secret` values are redacted from it like from every report.

use std::fmt::Write as _;

use super::plan::PlannedCase;
use super::report::failure_lines;
use super::run::{RunResult, Status, StopReason};

/// The report as TAP text.
pub fn render(run: &RunResult, cases: &[PlannedCase]) -> String {
    let mut tap = format!("TAP version 13\n1..{}\n", run.results.len());
    for (number, result) in (1..).zip(&run.results) {
        let case = &cases[result.case];
        let mut description = format!("{}:{} › {}", case.file_path, case.line, case.name);
        if let Some(round) = result.round {
            let _ = write!(description, " (round {round})");
        }
        let description = escaped(&description);
        let skip = match result.status {
            Status::Passed | Status::Failed => None,
            Status::NotRun(StopReason::FailFast) => Some("not run: --fail-fast stopped the run"),
            Status::NotRun(StopReason::Interrupted) => Some("not run: interrupted"),
            Status::Interrupted => Some("interrupted while running"),
        };
        match (result.status, skip) {
            (Status::Failed, _) => {
                let lines = failure_lines(result, case);
                let _ = writeln!(tap, "not ok {number} - {description}");
                tap.push_str("  ---\n");
                let message = lines.first().map(String::as_str).unwrap_or_default();
                let _ = writeln!(tap, "  message: {}", yaml_string(message));
                tap.push_str("  severity: fail\n");
                let _ = writeln!(
                    tap,
                    "  at: {}",
                    yaml_string(&format!("{}:{}", case.file_path, case.line))
                );
                if let Some(round) = result.round {
                    let _ = writeln!(tap, "  round: {round}");
                }
                if let Some(record) = &result.record {
                    let (trace_id, traceparent) = super::report::trace_ids(record);
                    for (key, value) in [("trace_id", trace_id), ("traceparent", traceparent)] {
                        if let Some(value) = value {
                            let _ = writeln!(tap, "  {key}: {}", yaml_string(value));
                        }
                    }
                }
                tap.push_str("  lines:\n");
                for line in &lines {
                    let _ = writeln!(tap, "    - {}", yaml_string(line));
                }
                tap.push_str("  ...\n");
            }
            (_, Some(why)) => {
                let _ = writeln!(tap, "ok {number} - {description} # SKIP {why}");
            }
            (_, None) => {
                let _ = writeln!(tap, "ok {number} - {description}");
            }
        }
    }
    crate::secrets::redact(&tap).into_owned()
}

/// A description as TAP reads it: `#` starts a directive and `\` escapes, so both are escaped; a line break would
/// end the test point, so it is written as `\n` (the name is for humans, not parsed back).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '#' => out.push_str("\\#"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A YAML scalar holding `text` exactly: a JSON string is a YAML 1.2 double-quoted scalar, every character escaped
/// as both read it.
fn yaml_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_escape_what_tap_would_read_as_a_directive() {
        assert_eq!(escaped("order # 42"), "order \\# 42");
        assert_eq!(escaped("a\\b"), "a\\\\b");
        assert_eq!(escaped("two\nlines"), "two\\nlines");
        assert_eq!(escaped("\u{1b}[31m"), "\\u{1b}[31m");
        assert_eq!(escaped("你好 › ok"), "你好 › ok");
    }

    #[test]
    fn yaml_strings_are_quoted_and_escaped() {
        assert_eq!(yaml_string("a \"b\": c"), r#""a \"b\": c""#);
        assert_eq!(yaml_string("- x\n# y"), r#""- x\n# y""#);
    }
}
