//! What one run of `yr` left behind, and one assertion over all of it.

use std::time::{Duration, Instant};

use super::Cmd;

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs the command to its end; stdout and stderr must be UTF-8 and the exit must not be by a signal.
pub fn run(cmd: &mut Cmd) -> Run {
    let started = Instant::now();
    let out = cmd.output().expect("run yr");
    Run {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("yr ended by a signal: {:?}", out.status)),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        elapsed: started.elapsed(),
    }
}

/// Exit code, stdout and stderr, compared together so a failure shows all three.
#[track_caller]
pub fn assert_run(out: &Run, code: i32, stdout: &str, stderr: &str) {
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (code, stdout, stderr),
        "(exit code, stdout, stderr) differ"
    );
}

/// A quiet success: exit 0, stdout exactly `body`, nothing on stderr.
#[track_caller]
pub fn assert_ok(out: &Run, body: &str) {
    assert_run(out, 0, body, "");
}
