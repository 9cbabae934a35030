//! Help that teaches: the flags a command is about come first, the connection flags after them.

use crate::support::*;

/// `yr ARGS`, which must succeed silently on stderr; its stdout.
#[track_caller]
fn help(args: &[&str]) -> String {
    let out = run(yr().args(args));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "yr {args:?}: {out:?}");
    out.stdout
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
