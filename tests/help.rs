//! Help that teaches: `-h` is a summary that fits a screen, `--help` the manual (every flag explained, with its
//! environment variable and default), and the flags a command is about come before the connection flags.

use crate::support::*;

/// The most lines a short help (`-h`) may take: one screen.
const SCREEN: usize = 60;

/// `yr ARGS`, which must succeed silently on stderr; its stdout.
#[track_caller]
fn help(args: &[&str]) -> String {
    let out = run(yr().args(args));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "yr {args:?}: {out:?}");
    out.stdout
}

/// The text with all white space folded to single spaces: wrapping may break a sentence anywhere.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The index of the line listing `flag` (a line whose text starts with it), if any.
fn flag_line(help: &str, flag: &str) -> Option<usize> {
    help.lines().position(|l| l.trim_start().starts_with(flag))
}

/// Each flag is listed, and in this order.
#[track_caller]
fn assert_listed_in_order(help: &str, flags: &[&str]) {
    let mut previous: Option<(&str, usize)> = None;
    for flag in flags {
        let line = flag_line(help, flag).unwrap_or_else(|| panic!("{flag} is not listed:\n{help}"));
        if let Some((before, at)) = previous {
            assert!(
                at < line,
                "{before} (line {at}) should come before {flag} (line {line}):\n{help}"
            );
        }
        previous = Some((flag, line));
    }
}

#[track_caller]
fn assert_fits_a_screen(help: &str, what: &str) {
    let lines = help.lines().count();
    assert!(
        lines <= SCREEN,
        "{what} takes {lines} lines, more than {SCREEN}:\n{help}"
    );
}

/// invoke: FUNCTION, the body and request, what to do with the answer; where to send it last, then -v/-q.
const INVOKE_ORDER: [&str; 14] = [
    "<FUNCTION>",
    "-d, --data",
    "-H, --header",
    "--cpu",
    "--session-id",
    "--async",
    "--wait",
    "--stream",
    "-o, --output",
    "--json",
    "--expect-status",
    "--retry",
    "-e, --endpoint",
    "-v, --verbose",
];

/// bench: the load and its gates first, then the request, then the connection.
const BENCH_ORDER: [&str; 9] = [
    "-n, --requests",
    "-z, --duration",
    "-c, --concurrency",
    "--rate",
    "--max-error-rate",
    "--max-p99",
    "-d, --data",
    "-e, --endpoint",
    "-v, --verbose",
];

/// Flags `-h` leaves to `--help`: rarely typed, or set once in the environment or a profile.
const LEFT_TO_LONG_HELP: [&str; 8] = [
    "--custom-resource",
    "--session-ttl",
    "--webhook",
    "--retry-all-errors",
    "--connect-timeout",
    "--tls-server-name",
    "--no-proxy",
    "--color",
];

#[test]
fn invoke_help_lists_the_request_first_and_the_connection_last() {
    for flag in ["-h", "--help"] {
        assert_listed_in_order(&help(&["invoke", flag]), &INVOKE_ORDER);
    }
    let long = help(&["invoke", "--help"]);
    assert_listed_in_order(
        &long,
        &[
            "-e, --endpoint",
            "--proxy",
            "--cacert",
            "-k, --insecure",
            "-v, --verbose",
        ],
    );
}

#[test]
fn bench_help_leads_with_the_load_and_its_gates() {
    for flag in ["-h", "--help"] {
        assert_listed_in_order(&help(&["bench", flag]), &BENCH_ORDER);
    }
    let long = help(&["bench", "--help"]);
    assert_listed_in_order(
        &long,
        &[
            "--warmup",
            "-d, --data",
            "--custom-resource",
            "-e, --endpoint",
            "--cacert",
        ],
    );
}

#[test]
fn invoke_short_help_is_a_summary() {
    let short = help(&["invoke", "-h"]);
    assert_fits_a_screen(&short, "yr invoke -h");
    for flag in LEFT_TO_LONG_HELP {
        assert_eq!(flag_line(&short, flag), None, "{flag} is in -h:\n{short}");
    }
    let text = folded(&short);
    assert!(
        !text.contains("which the frontend treats as"),
        "-h has the long explanations:\n{short}"
    );
    assert!(!short.contains("Exit codes:"), "-h lists the exit codes:\n{short}");
}

#[test]
fn invoke_long_help_is_the_manual() {
    let long = help(&["invoke", "--help"]);
    let short = help(&["invoke", "-h"]);
    assert!(
        long.lines().count() > 2 * short.lines().count(),
        "--help is no longer than -h:\n{long}"
    );
    for flag in LEFT_TO_LONG_HELP {
        assert!(
            flag_line(&long, flag).is_some(),
            "{flag} is missing from --help:\n{long}"
        );
    }
    let text = folded(&long);
    for needle in [
        // The long explanation of -d, past its first sentence.
        "Without -d a body is read from stdin when stdin is not a terminal",
        "which the frontend treats as `{}`",
        "[env: YR_ENDPOINT, then YR_SERVER_ADDRESS]",
        "[env: YR_JWT_TOKEN holds the token itself]",
        "[env: YR_TIMEOUT]",
        "[default: 15m",
        "[default: 500ms]",
        "Exit codes:",
    ] {
        assert!(text.contains(needle), "invoke --help lacks {needle}:\n{long}");
    }
}

#[test]
fn bench_short_help_is_a_summary() {
    let short = help(&["bench", "-h"]);
    assert_fits_a_screen(&short, "yr bench -h");
    for flag in ["--custom-resource", "--connect-timeout", "--cacert"] {
        assert_eq!(flag_line(&short, flag), None, "{flag} is in -h:\n{short}");
    }
    let text = folded(&short);
    assert!(
        !text.contains("coordinated omission"),
        "-h has the long explanations:\n{short}"
    );
    assert!(!short.contains("Exit codes:"), "-h lists the exit codes:\n{short}");
}

#[test]
fn bench_long_help_is_the_manual() {
    let long = help(&["bench", "--help"]);
    let text = folded(&long);
    for needle in [
        "correcting coordinated omission",
        "[default: 200]",
        "[default: 8]",
        "[env: YR_TIMEOUT]",
        "Exit codes:",
        "8 a gate failed",
    ] {
        assert!(text.contains(needle), "bench --help lacks {needle}:\n{long}");
    }
}
