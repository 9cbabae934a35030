//! Help that teaches: `-h` is a summary that fits a screen, `--help` the manual (every flag explained, with its
//! environment variable and default), the flags a command is about come before the connection flags, every command
//! shows examples, and `yr man` carries all of it. The examples are run, so they stay real command lines.

use crate::support::*;

/// The most lines a short help (`-h`) may take: one screen.
const SCREEN: usize = 60;

/// Every command, with words its examples must contain (the manual's own command lines, docs/).
const COMMANDS: &[(&[&str], &[&str])] = &[
    (
        &[],
        &[
            "yr invoke hello -d '{\"name\":\"yuanrong\"}'",
            "yr test smoke.toml --junit report.xml",
        ],
    ),
    (&["invoke"], &["-d @order.json", "--async --wait"]),
    (&["result"], &["yr result \"$id\" --wait"]),
    (&["health"], &["yr health --wait 30s"]),
    (&["functions"], &["yr functions shop@checkout"]),
    (&["token"], &["--save ci.jwt", "--print | gh secret set"]),
    (&["session"], &["yr session delete shop@checkout:3 cart-42"]),
    (&["session", "delete"], &["yr session delete shop@checkout:3 cart-42"]),
    (
        &["bench"],
        &[
            "-n 10000 -c 16",
            "-z 60s --rate 200",
            "--max-error-rate 0.01 --max-p99 50ms",
        ],
    ),
    (&["errors"], &["yr errors 4037"]),
    (&["urn"], &["yr urn shop@checkout:3"]),
    (&["completions"], &["yr completions bash"]),
    (&["man"], &["yr man > ~/.local/share/man/man1/yr.1"]),
    (&["version"], &["yr version --verbose"]),
    (&["config"], &["yr config --json"]),
    (&["serve"], &["yr serve -- ./smoke.sh"]),
    (&["test"], &["yr test smoke.toml --junit report.xml"]),
];

/// `yr ARGS`, which must succeed silently on stderr; its stdout.
#[track_caller]
fn help(args: &[&str]) -> String {
    let out = run(yr().args(args));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "yr {args:?}: {out:?}");
    out.stdout
}

fn with(path: &[&str], flag: &str) -> Vec<String> {
    path.iter().copied().chain([flag]).map(String::from).collect()
}

fn help_of(path: &[&str], flag: &str) -> String {
    let args = with(path, flag);
    help(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The text with all white space folded to single spaces: wrapping may break a sentence anywhere.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The command lines under `Examples:` (comment lines left out), trimmed.
fn examples(help: &str) -> Vec<String> {
    let mut lines = help.lines().skip_while(|l| l.trim_end() != "Examples:").skip(1);
    let mut found = Vec::new();
    for line in lines.by_ref() {
        if !line.is_empty() && !line.starts_with(' ') {
            break;
        }
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            found.push(line.to_string());
        }
    }
    found
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
    assert!(
        long.contains("Exit codes:"),
        "invoke --help lacks the exit codes:\n{long}"
    );
}

#[test]
fn bench_short_help_is_a_summary() {
    let short = help(&["bench", "-h"]);
    assert_fits_a_screen(&short, "yr bench -h");
    for flag in ["--custom-resource", "--connect-timeout", "--cacert"] {
        assert_eq!(flag_line(&short, flag), None, "{flag} is in -h:\n{short}");
    }
    assert!(!short.contains("Exit codes:"), "-h lists the exit codes:\n{short}");
}

#[test]
fn bench_long_help_is_the_manual() {
    let long = help(&["bench", "--help"]);
    assert!(
        long.contains("Exit codes:"),
        "bench --help lacks the exit codes:\n{long}"
    );
}

#[test]
fn every_command_shows_examples_in_short_and_long_help() {
    for (path, wanted) in COMMANDS {
        let name = format!("yr {}", path.join(" "));
        let short = help_of(path, "-h");
        let long = help_of(path, "--help");
        assert_fits_a_screen(&short, &format!("{name} -h"));
        assert!(
            long.lines().count() > short.lines().count(),
            "{name} --help is no longer than -h:\n{long}"
        );
        let lines = examples(&short);
        assert!(
            (2..=3).contains(&lines.len()),
            "{name} -h shows {} examples:\n{short}",
            lines.len()
        );
        assert!(
            lines.iter().any(|l| l.starts_with(name.trim_end())),
            "no example of {name} runs it:\n{short}"
        );
        // --help shows the same command lines first (perhaps a few more), each after a line saying what it does.
        let long_lines = examples(&long);
        assert!(
            long_lines.starts_with(&lines),
            "{name}: --help lacks the examples of -h:\n{long}"
        );
        let said = long.lines().filter(|l| l.trim_start().starts_with("# ")).count();
        assert!(
            said >= long_lines.len(),
            "{name} --help does not say what each example does:\n{long}"
        );
        for words in *wanted {
            assert!(
                lines.iter().any(|l| l.contains(words)),
                "{name}: no example has {words}:\n{short}"
            );
        }
    }
}

/// Every command's `-h` and `--help`, word for word, in tests/snapshots/integration__help__*.snap: a wording change
/// is a reviewed change of those files. (The tests above check what the wording cannot show: order, length,
/// examples that run.)
#[test]
fn every_help_text_is_as_reviewed() {
    for (path, _) in COMMANDS {
        let name = if path.is_empty() {
            "yr".to_string()
        } else {
            format!("yr_{}", path.join("_"))
        };
        assert_snap!(exact: format!("{name}_short"), help_of(path, "-h"));
        assert_snap!(exact: format!("{name}_long"), help_of(path, "--help"));
    }
}

/// The text of a roff page as a reader sees it: escapes undone, fonts dropped.
fn roff_text(page: &str) -> String {
    page.replace(r"\\", "\u{0}")
        .replace(r"\-", "-")
        .replace(r"\*(Aq", "'")
        .replace(r"\&", "")
        .replace(r"\fB", "")
        .replace(r"\fI", "")
        .replace(r"\fR", "")
        .replace('\u{0}', r"\")
}

#[test]
fn man_page_has_every_command_with_its_flags_and_examples() {
    let page = help(&["man"]);
    let text = roff_text(&page);
    for (path, _) in COMMANDS {
        let title = format!("YR {}", path.join(" ").to_uppercase());
        if !path.is_empty() {
            assert!(
                page.contains(&format!(".SH \"{title}\"\n")),
                "no section {title}:\n{page}"
            );
        }
        for line in examples(&help_of(path, "--help")) {
            assert!(text.contains(&line), "the man page lacks the example {line}:\n{text}");
        }
    }
    // The long help of each command's flags, under its headings.
    for needle in [
        ".SS Load",
        ".SS Connection",
        "--max-p99",
        "--custom-resource",
        "--junit",
        "--function-timeout",
        "[env: YR_ENDPOINT, then YR_SERVER_ADDRESS]",
        "correcting coordinated omission",
    ] {
        assert!(text.contains(needle), "the man page lacks {needle}:\n{text}");
    }
    // Every command's examples are laid out as lines, not filled into a paragraph.
    assert!(page.contains(".nf\n"), "{page}");
    // groff reads anything else only through preconv, which `man` runs but `groff -man` does not.
    assert!(page.is_ascii(), "the man page is not ASCII");
    // One page: no references to per-command pages that do not exist.
    assert!(!text.contains("yr-invoke(1)"), "{text}");
}

/// Files the examples name, as a user would have them beside the suite.
fn example_fixtures(dir: &TempDir) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = std::fs::read(root.join("examples/fixtures/order.json")).unwrap();
    std::fs::create_dir_all(dir.path.join("fixtures")).unwrap();
    std::fs::write(dir.path.join("fixtures/order.json"), &order).unwrap();
    std::fs::write(dir.path.join("order.json"), &order).unwrap();
    std::fs::write(dir.path.join("params.json"), "{\"day\":\"today\"}").unwrap();
    std::fs::copy(root.join("examples/smoke.toml"), dir.path.join("smoke.toml")).unwrap();
    std::fs::write(
        dir.path.join("smoke.sh"),
        "#!/bin/sh\nset -e\nyr health\nyr invoke hello -d '{\"name\":\"smoke\"}'\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path.join("smoke.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let config = dir.path.join("home/.config/yr");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.json"),
        r#"{"profiles": {"staging": {"service": "shop"}}}"#,
    )
    .unwrap();
}

/// An example that can run here: not a server left running, not a load test, not a file for the shell or `man`.
fn runs_here(line: &str) -> bool {
    !(line.ends_with('&')
        || line.starts_with("yr bench")
        || (line.starts_with("yr serve") && !line.contains(" -- "))
        || line.starts_with("yr man")
        // An operator's token and an IAM server: a cluster's, not this emulator's (tests/token.rs runs it).
        || line.starts_with("yr token")
        || line.starts_with("yr completions"))
}

#[cfg(unix)]
#[test]
fn the_examples_run() {
    let dir = TempDir::new();
    example_fixtures(&dir);
    let home = dir.path.join("home");
    let mut ran = Vec::new();
    for (path, _) in COMMANDS {
        let lines: Vec<String> = examples(&help_of(path, "--help"))
            .into_iter()
            .filter(|l| runs_here(l))
            .collect();
        if lines.is_empty() {
            continue;
        }
        ran.push(path.join(" "));
        // The examples of one command in one script: `id=$(...)` feeds the next line.
        let script = format!("set -e\n{}\n", lines.join("\n"));
        let out = run(yr_with_home(&home)
            .current_dir(&dir.path)
            .args([
                "serve",
                "--function",
                "shop@checkout:3=cat",
                "--function",
                "report@nightly=cat",
            ])
            .args(["--", "sh", "-c", &script]));
        assert_eq!(
            out.code,
            0,
            "the examples of yr {} failed:\n{script}\n{out:?}",
            path.join(" ")
        );
    }
    for command in [
        "",
        "invoke",
        "result",
        "health",
        "session delete",
        "errors",
        "urn",
        "config",
        "serve",
        "test",
    ] {
        assert!(
            ran.iter().any(|r| r == command),
            "no example of `yr {command}` ran (ran: {ran:?})"
        );
    }
}

/// The global options are each command's own (cli::GlobalArgs, so clap can build only the parsed command): they
/// still work before the command and after it, add up (-v), and -q with -v is refused on either side (exit 2).
#[test]
fn global_options_work_before_and_after_the_command() {
    let out = |args: &[&str]| run(yr().args(args));
    // An error table entry: no server needed; colour shows whether --color reached the command.
    let plain = out(&["errors", "4002"]);
    assert_eq!(plain.code, 0, "{plain:?}");
    for args in [
        &["--color", "always", "errors", "4002"][..],
        &["errors", "4002", "--color", "always"],
        &["--color", "never", "errors", "4002", "--color", "always"],
    ] {
        let coloured = out(args);
        assert!(coloured.stdout.contains("\x1b["), "{args:?}: {coloured:?}");
    }
    let never = out(&["errors", "--color", "never", "4002"]);
    assert!(!never.stdout.contains("\x1b["), "{never:?}");
    for args in [
        &["-q", "-v", "errors", "4002"][..],
        &["-v", "errors", "4002", "-q"],
        &["-q", "session", "-v", "delete", "f", "s"],
    ] {
        let refused = out(args);
        assert_eq!(refused.code, 2, "{args:?}: {refused:?}");
        assert!(refused.stderr.contains("cannot be used with"), "{args:?}: {refused:?}");
        assert_eq!(refused.stdout, "", "{args:?}");
    }
    // Every command's help lists them last, under their own heading.
    for path in [&["invoke"][..], &["urn"], &["session", "delete"], &["man"]] {
        let text = help_of(path, "--help");
        let headings: Vec<&str> = text
            .lines()
            .filter(|l| l.ends_with(':') && !l.starts_with(' '))
            .collect();
        let at = headings.iter().position(|h| *h == "Global options:");
        assert!(at.is_some(), "{path:?}: {headings:?}");
        let after: Vec<&&str> = headings[at.unwrap() + 1..]
            .iter()
            .filter(|h| **h != "Examples:" && **h != "Exit codes:")
            .collect();
        assert!(
            after.is_empty(),
            "{path:?}: headings after the global options: {after:?}"
        );
    }
}

/// The text of one flag's entry in a long help: its line and the lines beneath it, up to the next entry or heading.
fn entry(help: &str, flag: &str) -> String {
    let lines: Vec<&str> = help.lines().collect();
    let start = flag_line(help, flag).unwrap_or_else(|| panic!("{flag} is not listed:\n{help}"));
    let mut text = vec![lines[start]];
    for line in &lines[start + 1..] {
        // Descriptions are indented 10 columns; flags and headings less.
        if !line.trim().is_empty() && line.len() - line.trim_start().len() < 10 {
            break;
        }
        text.push(line);
    }
    folded(&text.join("\n"))
}

/// Issue 17: the help and `yr man` said `--curl` shows X-Auth as `<redacted>`; it writes a token reference the shell
/// fills in. The `-H` forms the help names are exactly the ones `--curl` prints, for a token from the environment
/// and from a file, and no sentence of any help says `--curl` redacts.
#[test]
fn curl_help_names_the_token_forms_curl_prints() {
    let long = help(&["invoke", "--help"]);
    let curl = entry(&long, "--curl");
    let named: Vec<&str> = curl
        .match_indices("-H \"X-Auth: ")
        .map(|(i, _)| {
            let rest = &curl[i + "-H \"X-Auth: ".len()..];
            &curl[i..i + "-H \"X-Auth: ".len() + rest.find('"').expect("a closing quote") + 1]
        })
        .collect();
    assert_eq!(
        named,
        ["-H \"X-Auth: $YR_JWT_TOKEN\"", "-H \"X-Auth: $(cat FILE)\""],
        "--curl's help: {curl}"
    );

    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let dir = TempDir::new();
    let file = dir.file("token", "t0ken\n");
    let from_env = run(yr()
        .args(["invoke", "hello", "--curl", "--ignore-stdin", "-e", &server.url])
        .env("YR_JWT_TOKEN", "t0ken"));
    let from_file = run(yr().args([
        "invoke",
        "hello",
        "--curl",
        "--ignore-stdin",
        "-e",
        &server.url,
        "--token-file",
        file.to_str().unwrap(),
    ]));
    for (out, form) in [
        (&from_env, named[0].to_string()),
        (&from_file, named[1].replace("FILE", file.to_str().unwrap())),
    ] {
        assert_eq!(out.code, 0, "{out:?}");
        assert!(
            out.stdout.contains(&format!(" {form}")),
            "{form} is not in {}",
            out.stdout
        );
        assert!(!out.stdout.contains("t0ken"), "{}", out.stdout);
    }
    assert_eq!(server.count(), 0, "--curl sent the call");

    let man = roff_text(&help(&["man"]));
    for (what, text) in [("invoke --help", folded(&long)), ("yr man", folded(&man))] {
        assert!(text.contains(&curl), "{what} lacks --curl's help {curl:?}");
        for sentence in text.split(". ") {
            assert!(
                !(sentence.contains("--curl") && sentence.contains("<redacted>")),
                "{what} says --curl redacts: {sentence:?}"
            );
        }
    }
}
