//! Completion scripts checked into completions/ match what the binary generates, bash completes a command, and
//! `yr man` renders a page.

use crate::support::*;

/// Each shell and its checked-in file. Regenerate all with the loop in docs/offline.md.
const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "completions/yr.bash"),
    ("zsh", "completions/_yr"),
    ("fish", "completions/yr.fish"),
    ("powershell", "completions/_yr.ps1"),
    ("elvish", "completions/yr.elv"),
];

#[test]
fn checked_in_completions_are_in_sync() {
    for (shell, file) in SCRIPTS {
        let out = yr().args(["completions", shell]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let checked_in = std::fs::read(&path).unwrap_or_default();
        assert!(
            checked_in == out.stdout,
            "{file} differs from `yr completions {shell}`: regenerate completions/ (see docs/offline.md, \"Shell completion and the manual\")"
        );
    }
}

#[test]
fn bash_completes_a_subcommand() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/yr.bash");
    let program = format!(
        "source '{}'; COMP_WORDS=(yr inv); COMP_CWORD=1; COMP_LINE='yr inv'; COMP_POINT=6; _yr yr inv yr; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"; complete -p yr",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("invoke"), "{stdout}");
    assert!(stdout.contains(" -F _yr yr"), "{stdout}");
}

#[test]
fn bash_completes_flags_of_invoke() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/yr.bash");
    let program = format!(
        "source '{}'; COMP_WORDS=(yr invoke --sess); COMP_CWORD=2; _yr yr --sess invoke; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut got: Vec<&str> = stdout.lines().collect();
    got.sort();
    assert_eq!(
        got,
        vec!["--session-concurrency", "--session-id", "--session-ttl"],
        "{stdout}"
    );
}

#[test]
fn man_page_renders() {
    let out = yr().arg("man").output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(page.contains(".TH yr 1"), "{page}");
    assert!(page.contains("invoke") && page.contains("serve"), "{page}");
}

#[test]
fn every_flag_help_names_its_environment_variable_or_default() {
    // The --help text is the manual: the flags that take their value from the environment say so.
    let out = yr().args(["invoke", "--help"]).output().unwrap();
    // Wrapping may break a bracket across lines: compare with white space folded.
    let help = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "[env: YR_ENDPOINT, then YR_SERVER_ADDRESS]",
        "[env: YR_TIMEOUT]",
        "[env: YR_VERIFY_FILE]",
        "[env: YR_CERT_FILE]",
        "[env: YR_PRIVATE_KEY_FILE]",
        "[env: YR_SERVER_NAME]",
        "[env: YR_INSECURE=true]",
        "[env: YR_TENANT]",
        "[env: YR_SERVICE]",
        "[env: YR_PROFILE]",
        "[default: 10s]",
        "[default: 1s]",
    ] {
        assert!(help.contains(needle), "invoke --help lacks {needle}:\n{help}");
    }
}
