//! Expected text in files: `assert_snap!` compares what yr printed with a snapshot in tests/snapshots/ (insta), after
//! `redact` has put placeholders where a run differs from the next: ids, traceparents, ports, temp paths, timestamps, durations.
//! A wording change is then one reviewed update of those files (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::sync::OnceLock;

use regex_lite::Regex;

/// Placeholders for what changes from run to run, in the order they are applied. Ports are the ones the system
/// hands out (4 or 5 digits), so a line about port `0` keeps it.
fn rules() -> &'static [(Regex, String)] {
    static RULES: OnceLock<Vec<(Regex, String)>> = OnceLock::new();
    RULES.get_or_init(|| {
        let tmp = regex_lite::escape(&std::env::temp_dir().display().to_string());
        let rule = |pattern: &str, with: &str| (Regex::new(pattern).expect("a redaction pattern"), with.to_string());
        vec![
            rule(&format!(r"{}/yr-test-\d+-\d+-\d+", tmp.trim_end_matches('/')), "[TMP]"),
            rule(
                r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
                "[ID]",
            ),
            // A W3C traceparent yr made (issue 22): a new trace or span id each call.
            rule(r"\b00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\b", "[TRACEPARENT]"),
            rule(r"\b(127\.0\.0\.1|localhost|\[::1\]):\d{4,5}\b", "$1:[PORT]"),
            rule(
                r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?",
                "[TIMESTAMP]",
            ),
        ]
    })
}

/// How long things took, for reports (`timed:`): not applied to error lines, whose durations are the ones a flag
/// gave (`--timeout 300ms`) and whose `500m` is millicores.
fn durations() -> &'static [(Regex, String)] {
    static RULES: OnceLock<Vec<(Regex, String)>> = OnceLock::new();
    RULES.get_or_init(|| {
        let rule = |pattern: &str, with: &str| (Regex::new(pattern).expect("a redaction pattern"), with.to_string());
        vec![
            // JSON fields and JUnit attributes that hold a time as a bare number.
            rule(
                r#""(\w*_ms|\w*_s|elapsed|duration|time)":\s*-?[\d.]+"#,
                r#""$1":[DURATION]"#,
            ),
            rule(r#"\btime="[\d.]+""#, r#"time="[DURATION]""#),
            rule(r"\b\d+(\.\d+)? ?(ns|µs|us|ms|s|m|h)\b", "[DURATION]"),
        ]
    })
}

fn apply(rules: &[(Regex, String)], text: String) -> String {
    rules.iter().fold(text, |text, (pattern, with)| {
        pattern.replace_all(&text, with.as_str()).into_owned()
    })
}

/// `text` with ids, traceparents, ports, temp paths and timestamps replaced by `[ID]`, `[TRACEPARENT]`, `[PORT]`,
/// `[TMP]`, `[TIMESTAMP]`.
pub fn redact(text: &str) -> String {
    apply(rules(), text.to_string())
}

/// [`redact`], and durations as `[DURATION]` too.
pub fn redact_timed(text: &str) -> String {
    apply(durations(), redact(text))
}

/// `assert_snap!(name, text)`: `text`, put through [`redact`], must equal tests/snapshots/integration__MODULE__NAME.snap.
/// `assert_snap!(timed: name, text)` puts it through [`redact_timed`] (reports); `assert_snap!(exact: name, text)`
/// compares it as it is (help, which has no run-to-run differences and whose defaults look like durations).
macro_rules! assert_snap {
    (exact: $name:expr, $text:expr) => {
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($name, $text);
        })
    };
    (timed: $name:expr, $text:expr) => {
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($name, $crate::support::redact_timed(&$text));
        })
    };
    ($name:expr, $text:expr) => {
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($name, $crate::support::redact(&$text));
        })
    };
}
pub(crate) use assert_snap;
