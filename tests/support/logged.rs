//! `yr serve` with its stderr collected as it comes, for tests that read what it logs.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStderr, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::{Cmd, Emulator, TempDir, wait_until, yr_with_home};

/// `yr serve --listen 127.0.0.1:0 ARGS...` with its stderr collected as it comes.
pub struct Logged {
    pub emulator: Emulator,
    stderr: Arc<Mutex<String>>,
    reader: Option<thread::JoinHandle<()>>,
    stdout_rest: Option<thread::JoinHandle<String>>,
}

pub fn serve_command(home: &TempDir, args: &[&str]) -> Cmd {
    let mut command = yr_with_home(&home.path);
    command
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Reads the `listening on URL` line; the child's stderr is left to the caller.
pub fn started(mut child: Child) -> (Emulator, ChildStderr, BufReader<std::process::ChildStdout>) {
    let stderr = child.stderr.take().expect("stderr");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read the listening line");
    let url = line
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix("listening on "))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let addr = url.trim_start_matches("http://").to_string();
    (Emulator { url, addr, child }, stderr, stdout)
}

impl Logged {
    pub fn start(args: &[&str]) -> Logged {
        let home = TempDir::new();
        let child = serve_command(&home, args).spawn().expect("start yr serve");
        let (emulator, mut stderr, mut stdout) = started(child);
        let collected = Arc::new(Mutex::new(String::new()));
        let sink = collected.clone();
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let stdout_rest = thread::spawn(move || {
            let mut rest = String::new();
            let _ = stdout.read_to_string(&mut rest);
            rest
        });
        Logged {
            emulator,
            stderr: collected,
            reader: Some(reader),
            stdout_rest: Some(stdout_rest),
        }
    }

    pub fn stderr_now(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr contains `needle` (at most 10 s); stderr so far.
    #[track_caller]
    pub fn wait_for(&self, needle: &str) -> String {
        let found = wait_until(Duration::from_secs(10), || self.stderr_now().contains(needle));
        let text = self.stderr_now();
        assert!(found, "stderr never said {needle:?}; it said:\n{text}");
        text
    }

    /// SIGINT, then the exit status, all of stderr, and what followed the listening line on stdout.
    pub fn stop(self) -> (ExitStatus, String, String) {
        let (status, stderr, rest) = self.stop_by("INT", Duration::from_secs(10));
        (status.expect("yr serve exits within 10 s of SIGINT"), stderr, rest)
    }

    /// `signal`, then the exit status (None when it did not exit within `limit`: it is then killed), all of stderr,
    /// and what followed the listening line on stdout.
    pub fn stop_by(mut self, signal: &str, limit: Duration) -> (Option<ExitStatus>, String, String) {
        self.emulator.signal(signal);
        let status = self.emulator.wait_exit(limit);
        if status.is_none() {
            let _ = self.emulator.child.kill();
            let _ = self.emulator.child.wait();
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("stderr reader");
        }
        let rest = self
            .stdout_rest
            .take()
            .map(|t| t.join().expect("stdout reader"))
            .unwrap_or_default();
        (status, self.stderr_now(), rest)
    }
}
