//! Every numeric flag and suite key at its extremes (issue 18, items 14 and 15): 0, tiny, huge, negative, NaN and
//! inf each end in exit 0 or a usage error (exit 2) that names the flag or key, never in exit 1, a panic or a signal.
//! A leading `-` reaches yr's own check, so the error names the flag (clap's `unexpected argument '-5'` did not).

use crate::support::*;

const EXTREMES: &[&str] = &[
    "0",
    "0.0000000001",
    "1e-300",
    "99999999999999999999",
    "1e20s",
    "99999999999999999999h",
    "1000000001",
    "18446744073709551615",
    "-1",
    "-5",
    "-1s",
    "-0",
    "NaN",
    "inf",
    "-inf",
];

/// The flags of `command` that take a number, from its --help.
fn numeric_flags(command: &[&str]) -> Vec<String> {
    let out = run(yr().args(command).arg("--help"));
    assert_eq!(out.code, 0, "{out:?}");
    let numeric = [
        "<N>",
        "<DURATION>",
        "<SECONDS>",
        "<CPU>",
        "<MEMORY>",
        "<STATUS>",
        "<CODE>",
        "<SIZE>",
    ];
    let flags: Vec<String> = out
        .stdout
        .lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let at = words.iter().position(|w| numeric.contains(w))?;
            words[..at]
                .last()
                .filter(|f| f.starts_with("--"))
                .map(|f| f.to_string())
        })
        .collect();
    assert!(!flags.is_empty(), "{command:?}: no numeric flags in {}", out.stdout);
    flags
}

/// Runs one extreme value; the exit is 0, 2 naming `name`, or (for a call) how the call ended, never 1 or a signal.
#[track_caller]
fn assert_sane(what: &str, out: &Run, name: &str) {
    assert!(out.code != 1 && out.code < 100, "{what}: exit {}: {out:?}", out.code);
    if out.code == 2 {
        assert!(
            out.stderr.contains(name),
            "{what}: the error does not name {name}: {out:?}"
        );
        assert!(
            !out.stderr.contains("unexpected argument"),
            "{what}: clap's error: {out:?}"
        );
    }
}

fn companions(flag: &str) -> &'static [&'static str] {
    match flag {
        "--poll-interval" => &["--async", "--wait"],
        "--session-ttl" | "--session-concurrency" => &["--session-id", "s1"],
        // A billion retries are bounded by the budget (60s by default): a short one keeps the test short.
        "--retry" => &["--retry-max-time", "1s", "--retry-delay", "100ms"],
        _ => &[],
    }
}

#[test]
fn numeric_flags_at_their_extremes() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let commands: [(&[&str], &[&str]); 4] = [
        (&["invoke"], &["hello", "--ignore-stdin"]),
        (&["result"], &["0a1b2c3d-0000-4000-8000-000000000000", "--wait"]),
        (&["health"], &[]),
        (&["session", "delete"], &["hello", "s1"]),
    ];
    for (command, positional) in commands {
        for flag in numeric_flags(command) {
            for value in EXTREMES {
                let mut cmd = yr();
                cmd.args(command).args(positional).args(["-e", &endpoint]);
                if command == ["invoke"] || flag != "--poll-interval" {
                    cmd.args(companions(&flag));
                }
                cmd.args([flag.as_str(), value]);
                // A timeout of 0 waits for ever, so the health check here gets a limit of its own.
                if command == ["health"] && flag == "--wait" {
                    cmd.args(["--timeout", "5s"]);
                }
                let out = run(&mut cmd);
                assert_sane(&format!("{command:?} {flag} {value}"), &out, &flag);
            }
        }
    }
}

#[test]
fn serve_flags_at_their_extremes() {
    for flag in numeric_flags(&["serve"]) {
        for value in EXTREMES {
            let out = run(yr()
                .args([
                    "serve",
                    "--listen",
                    "127.0.0.1:0",
                    "--function",
                    "hello=cat",
                    &flag,
                    value,
                    "--",
                ])
                .args([env!("CARGO_BIN_EXE_yr"), "invoke", "hello", "-d", "{}"]));
            assert_sane(&format!("serve {flag} {value}"), &out, &flag);
        }
    }
}

#[test]
fn durations_that_mean_nothing_are_refused() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    for (args, flag) in [
        (&["invoke", "hello", "--timeout", "0.0000000001"][..], "--timeout"),
        (
            &["invoke", "hello", "--connect-timeout", "0.0000000001ms"],
            "--connect-timeout",
        ),
        (
            &["invoke", "hello", "--async", "--wait", "--poll-interval", "0"],
            "--poll-interval",
        ),
        (
            &[
                "result",
                "0a1b2c3d-0000-4000-8000-000000000000",
                "--wait",
                "--poll-interval",
                "0ms",
            ],
            "--poll-interval",
        ),
        (&["invoke", "hello", "--expect-status", "0"], "--expect-status"),
        (&["invoke", "hello", "--expect-status", "600"], "--expect-status"),
        // yr serve's limits take 0 as no limit, as the client's --timeout does (serve_functions::a_limit_of_zero_is_no_limit).
    ] {
        let out = run(yr().args(args).args(["-e", &endpoint]).arg("--ignore-stdin"));
        let out = if out.stderr.contains("unexpected argument '-e'") || out.stderr.contains("'--ignore-stdin'") {
            run(yr().args(args))
        } else {
            out
        };
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.contains(flag), "{args:?}: {out:?}");
    }
}

#[test]
fn suite_keys_at_their_extremes() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let dir = TempDir::new();
    let keys = [
        "timeout",
        "retry",
        "retry-delay",
        "retry-max-time",
        "cpu",
        "memory",
        "session-ttl",
        "session-concurrency",
        "poll-interval",
        "expect.status",
        "expect.latency",
        "expect.code",
    ];
    for key in keys {
        for value in EXTREMES {
            let extra = match key {
                "poll-interval" => "async = true\nwait = true\n",
                "session-ttl" | "session-concurrency" => "session-id = \"s1\"\n",
                "retry" => "retry-max-time = \"1s\"\nretry-delay = \"100ms\"\n",
                _ => "",
            };
            for written in [format!("\"{value}\""), value.to_string()] {
                let suite = dir.file(
                    "s.toml",
                    format!("[[case]]\nname = \"a\"\nfunction = \"hello\"\n{extra}{key} = {written}\n"),
                );
                let out = run(yr().args(["test", suite.to_str().unwrap(), "-e", &endpoint]));
                let last = key.rsplit('.').next().unwrap();
                assert_sane(&format!("suite {key} = {written}"), &out, last);
            }
        }
    }
}

#[test]
fn suite_values_that_mean_nothing_are_refused() {
    let dir = TempDir::new();
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    for (line, key) in [
        ("expect.status = 0", "status"),
        ("async = true\nwait = true\npoll-interval = \"0\"", "poll-interval"),
        ("timeout = \"0.0000000001\"", "timeout"),
    ] {
        let suite = dir.file(
            "s.toml",
            format!("[[case]]\nname = \"a\"\nfunction = \"hello\"\n{line}\n"),
        );
        let out = run(yr().args(["test", suite.to_str().unwrap(), "-e", &endpoint]));
        assert_eq!(out.code, 2, "{line}: {out:?}");
        assert!(out.stderr.contains(key), "{line}: {out:?}");
    }
}
