//! Hardening (issue 7): how `yr` meets a faulty or hostile server, hostile input, signals and closed pipes,
//! and whether the token ever shows.
//!
//! - Point 1, faults: every fault runs twice against a [`FaultServer`], once with stdout piped and once with
//!   `-o FILE` in an empty folder; each run must end with the documented exit code, a `yr: error:` line that
//!   names what went wrong, and leave no file (nor `.NAME.yr-*.tmp`). A stall must be ended by `--timeout 1s`:
//!   exit 7 naming the timeout, no sooner than 1s, and while the server was still stalling (it had not played
//!   its answer to the end when `yr` exited).
//! - Point 3, hostile input: CR/LF in every header-bound value, odd FUNCTION names on the wire, a 100 MB
//!   `-d @FILE`, a FIFO, binary stdin, token files.
//! - Point 5, signals and pipes: a closed stdout ends quietly with 0; SIGTERM to `yr serve -- COMMAND` stops
//!   COMMAND's processes too.
//! - Point 6, secrets: the token is in no output of any path; the plain-http warning.
//!
//! Several of these describe behaviour still being built (streamed output, the 6 MB warning, the plain-http
//! warning); they assert the intended behaviour.

use crate::support::*;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const URN_HELLO: &str = "sn:cn:yrk:default:function:0@default@hello:latest";
/// Every fault run passes this; a stall must be ended by it (see [`Checks::ended_by_the_timeout`]).
const TIMEOUT: &str = "1s";
/// The timeout of a fault that ends by itself (a cut, bytes that are not HTTP): a guard, never reached.
const GUARD_TIMEOUT: &str = "120s";
/// [`TIMEOUT`] as a duration: a stalled run cannot end sooner.
const TIMEOUT_DURATION: Duration = Duration::from_secs(1);
/// The exit code of a call that `--timeout` ended.
const TIMED_OUT_CODE: i32 = 7;

// ---------------------------------------------------------------------------
// Running yr
// ---------------------------------------------------------------------------

/// One finished run; stdout kept as bytes (bodies here are not always text).
#[derive(Debug)]
struct Out {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
}

impl Out {
    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn summary(&self) -> String {
        let mut stdout = self.stdout_text();
        if self.stdout.len() > 300 {
            stdout = format!(
                "{}... ({} bytes)",
                String::from_utf8_lossy(&self.stdout[..300]),
                self.stdout.len()
            );
        }
        format!(
            "exit {:?} after {:?}\n  stdout: {stdout:?}\n  stderr: {:?}",
            self.code, self.elapsed, self.stderr
        )
    }
}

fn exec(cmd: &mut Cmd) -> Out {
    let started = Instant::now();
    let out = cmd.output().expect("run yr");
    Out {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// `yr ARGS` with a clean environment and HOME in `home`.
fn yr_in(home: &TempDir) -> Cmd {
    yr_with_home(&home.path)
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Digits unique to this test process and call.
fn unique_digits() -> String {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}{n:03}{nanos:09}", std::process::id())
}

/// A spawned process that is killed (by its pid) and reaped if the test ends before it does.
struct Reaped(Child);

impl Reaped {
    fn wait_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill(2) on the pid of our own child; no memory is touched.
        unsafe {
            libc::kill(self.0.id() as libc::pid_t, signal);
        }
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

// ---------------------------------------------------------------------------
// Collected checks: a failing test lists every difference, not just the first
// ---------------------------------------------------------------------------

struct Checks {
    problems: Vec<String>,
}

impl Checks {
    fn new() -> Checks {
        Checks { problems: Vec::new() }
    }

    fn check(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        if !ok {
            self.problems.push(problem());
        }
    }

    fn code(&mut self, label: &str, out: &Out, allowed: &[i32]) {
        self.check(out.code.is_some_and(|c| allowed.contains(&c)), || {
            format!(
                "{label}: exit code {:?}, expected one of {allowed:?}\n  {}",
                out.code,
                out.summary()
            )
        });
    }

    /// Each word (case-insensitive) must appear; `a|b` means either.
    fn words(&mut self, label: &str, text: &str, words: &[&str]) {
        let lower = text.to_lowercase();
        for word in words {
            let found = word.split('|').any(|w| lower.contains(&w.to_lowercase()));
            self.check(found, || format!("{label}: stderr lacks `{word}`: {text:?}"));
        }
    }

    /// A stalled run was ended by `yr`'s own `--timeout`, not by the server: exit 7 (checked by the caller with
    /// its words), not before the timeout, and while the server was still stalling. `played_before` is
    /// [`FaultServer::played_out`] before the run; had `yr` waited for the server's answer to end (a hold, a
    /// 12 s trickle), it would have grown. The runner's 30 s kill is the hang guard.
    fn ended_by_the_timeout(&mut self, label: &str, out: &Out, server: &FaultServer, played_before: usize) {
        self.check(out.elapsed >= TIMEOUT_DURATION, || {
            format!(
                "{label}: ended after {:?}, before --timeout {TIMEOUT}\n  {}",
                out.elapsed,
                out.summary()
            )
        });
        let played = server.played_out();
        self.check(played == played_before, || {
            format!(
                "{label}: the server had played its whole answer ({played_before} -> {played} connections) when yr \
                 exited: the stall was not ended by --timeout\n  {}",
                out.summary()
            )
        });
    }

    #[track_caller]
    fn done(self) {
        if !self.problems.is_empty() {
            panic!("{} problem(s):\n- {}", self.problems.len(), self.problems.join("\n- "));
        }
    }
}

// ---------------------------------------------------------------------------
// Point 1: faults
// ---------------------------------------------------------------------------

/// What a fault must lead to.
struct Expected<'a> {
    codes: &'a [i32],
    /// Key words stderr must contain (`a|b`: either), besides `yr: error:`.
    words: &'a [&'a str],
    /// What the server sent as body: piped stdout may hold a prefix of it (streamed output), nothing else.
    body: &'a [u8],
}

/// Runs `yr invoke` against the fault twice: piped, then with `-o FILE` in an empty folder.
fn fault_runs(server: &FaultServer, extra: &[&str], expected: &Expected) -> Checks {
    let server_url = &server.url;
    let stall = expected.codes == [TIMED_OUT_CODE];
    let mut checks = Checks::new();
    let home = TempDir::new();
    // A stall is ended by the 1 s timeout; any other fault ends by itself, so its timeout is only a guard: 1 s was a
    // wall-clock bound that a loaded runner broke (5 MiB not read within it under two busy loops).
    let mut args = vec!["--timeout", if stall { TIMEOUT } else { GUARD_TIMEOUT }];
    args.extend_from_slice(extra);

    let played_before = server.played_out();
    let piped = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(server_url)
            .args(&args)
            .cmd(),
    );
    eprintln!("piped: {}", piped.summary());
    checks.code("piped", &piped, expected.codes);
    checks.check(piped.stderr.starts_with("yr: error: "), || {
        format!("piped: stderr does not start with `yr: error: `: {:?}", piped.stderr)
    });
    checks.words("piped", &piped.stderr, expected.words);
    if stall {
        checks.ended_by_the_timeout("piped", &piped, server, played_before);
    }
    checks.check(expected.body.starts_with(&piped.stdout), || {
        format!(
            "piped: stdout is not (a prefix of) the body sent: {:?}",
            piped.stdout_text()
        )
    });

    let folder = TempDir::new();
    let file = folder.path.join("out.json");
    let file_arg = file.to_string_lossy().into_owned();
    let mut with_file = args.clone();
    with_file.extend(["-o", file_arg.as_str()]);
    let played_before = server.played_out();
    let to_file = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(server_url)
            .args(&with_file)
            .cmd(),
    );
    checks.code("-o", &to_file, expected.codes);
    checks.words("-o", &to_file.stderr, expected.words);
    if stall {
        checks.ended_by_the_timeout("-o", &to_file, server, played_before);
    }
    checks.check(to_file.stdout.is_empty(), || {
        format!("-o: stdout is not empty: {:?}", to_file.stdout_text())
    });
    // The run is over: whatever is in the folder now was left behind.
    let left = names(&folder.path);
    checks.check(left.is_empty(), || format!("-o: files left behind: {left:?}"));
    checks
}

#[track_caller]
fn fault(steps: Vec<Step>, expected: Expected) {
    let server = FaultServer::start(steps);
    fault_runs(&server, &[], &expected).done();
}

#[test]
fn faults_leave_an_existing_output_file_alone() {
    let mut cut = head("200 OK", &["Content-Type: application/json", "Content-Length: 100"]);
    cut.push_str("{\"partial\":");
    let mut checks = Checks::new();
    for (label, steps, code) in [
        ("cut", vec![Step::text(&cut)], 3),
        ("stall", vec![Step::text(&cut), Step::Hold], TIMED_OUT_CODE),
        ("garbage", vec![Step::text("garbage\r\n\r\n")], 5),
    ] {
        let server = FaultServer::start(steps);
        let home = TempDir::new();
        let folder = TempDir::new();
        let file = folder.file("out.json", "previous\n");
        let out = exec(
            &mut invoke("hello")
                .home(&home)
                .ignore_stdin()
                .endpoint(&server.url)
                .args(&["--timeout", TIMEOUT, "-o", &file.to_string_lossy()])
                .cmd(),
        );
        checks.code(label, &out, &[code]);
        if code == TIMED_OUT_CODE {
            checks.ended_by_the_timeout(label, &out, &server, 0);
        }
        let left = names(&folder.path);
        checks.check(left == ["out.json"], || format!("{label}: the folder holds {left:?}"));
        let now = std::fs::read_to_string(&file).unwrap_or_default();
        checks.check(now == "previous\n", || format!("{label}: out.json now holds {now:?}"));
    }
    checks.done();
}

const TIMED_OUT: &[&str] = &["no complete answer", "within 1s", "--timeout"];

fn head(status: &str, headers: &[&str]) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for h in headers {
        text.push_str(h);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text
}

// --- stalls: exit 7 within --timeout ---------------------------------------

#[test]
fn fault_accepts_and_never_answers() {
    fault(
        vec![Step::Hold],
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"",
        },
    );
}

#[test]
fn fault_never_reads_a_large_request() {
    // The server accepts but reads nothing: an 8 MiB body fills the socket buffers and the write stalls.
    let dir = TempDir::new();
    let mut body = b"{\"a\":\"".to_vec();
    body.resize(8 << 20, b'x');
    body.extend_from_slice(b"\"}");
    let file = dir.file("big.json", &body);
    let arg = format!("@{}", file.display());
    let server = FaultServer::start_unread(vec![Step::Hold]);
    // -q: the body is over 6 MB, and the warning about that is not what this test is about. Not sent as JSON: checking
    // 8 MiB of JSON is local work before the call (over half a second in a debug build on a busy machine), outside
    // what --timeout bounds and outside what this test is about.
    let checks = fault_runs(
        &server,
        &["-d", &arg, "-q", "--content-type", "application/octet-stream"],
        &Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"",
        },
    );
    checks.done();
}

#[test]
fn fault_headers_then_stall() {
    fault(
        vec![
            Step::text(&head(
                "200 OK",
                &["Content-Type: application/json", "Content-Length: 100"],
            )),
            Step::Hold,
        ],
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"",
        },
    );
}

#[test]
fn fault_part_of_the_body_then_stall() {
    let mut bytes = head("200 OK", &["Content-Type: application/json", "Content-Length: 100"]);
    bytes.push_str("{\"partial\":");
    fault(
        vec![Step::text(&bytes), Step::Hold],
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"{\"partial\":",
        },
    );
}

#[test]
fn fault_stall_in_the_middle_of_the_headers() {
    fault(
        vec![Step::text("HTTP/1.1 200 OK\r\nContent-Type: appl"), Step::Hold],
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"",
        },
    );
}

#[test]
fn fault_chunked_body_then_stall() {
    let mut bytes = head("200 OK", &["Content-Type: text/plain", "Transfer-Encoding: chunked"]);
    bytes.push_str("5\r\nhello\r\n");
    fault(
        vec![Step::text(&bytes), Step::Hold],
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"hello",
        },
    );
}

#[test]
fn fault_body_trickles_one_byte_every_200ms() {
    // Each read makes progress, so only a deadline for the whole call (not an idle timeout) ends it.
    let mut steps = vec![Step::text(&head(
        "200 OK",
        &["Content-Type: text/plain", "Content-Length: 60"],
    ))];
    for _ in 0..60 {
        steps.push(Step::text("x"));
        steps.push(Step::Pause(Duration::from_millis(200)));
    }
    fault(
        steps,
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: &[b'x'; 60],
        },
    );
}

#[test]
fn fault_headers_trickle_one_line_every_200ms() {
    let mut steps = vec![Step::text("HTTP/1.1 200 OK\r\n")];
    for i in 0..60 {
        steps.push(Step::text(&format!("X-Slow-{i}: x\r\n")));
        steps.push(Step::Pause(Duration::from_millis(200)));
    }
    fault(
        steps,
        Expected {
            codes: &[7],
            words: TIMED_OUT,
            body: b"",
        },
    );
}

// --- the connection ends before the headers are complete -------------------

// A connection that ends early is a transport failure (exit 3, as a reset or a mid-body cut): what arrived was
// valid as far as it went, the answer is just missing. Exit 5 ("not valid HTTP") is for bytes that are there
// and wrong.

#[test]
fn fault_closed_without_a_byte() {
    fault(
        vec![],
        Expected {
            codes: &[3],
            words: &["closed the connection|closed before|without answering|empty", URL_WORD],
            body: b"",
        },
    );
}

/// In [`Expected::words`]: stderr names the endpoint (every fault server is on 127.0.0.1).
const URL_WORD: &str = "http://127.0.0.1:";

#[test]
fn fault_cut_in_the_middle_of_the_status_line() {
    fault(
        vec![Step::text("HTTP/1.")],
        Expected {
            codes: &[3],
            words: &["closed the connection|closed before|broke|cut", URL_WORD],
            body: b"",
        },
    );
}

#[test]
fn fault_cut_in_the_middle_of_the_headers() {
    fault(
        vec![Step::text("HTTP/1.1 200 OK\r\nContent-Type: appl")],
        Expected {
            codes: &[3],
            words: &["closed the connection|closed before|broke|cut", URL_WORD],
            body: b"",
        },
    );
}

#[test]
fn fault_reset_in_the_middle_of_the_headers() {
    fault(
        vec![Step::text("HTTP/1.1 200 OK\r\nContent-Type: appl"), Step::Reset],
        Expected {
            codes: &[3],
            words: &["reset", URL_WORD],
            body: b"",
        },
    );
}

// --- the connection ends in the body: exit 3 --------------------------------

#[test]
fn fault_cut_in_the_middle_of_the_body() {
    let mut bytes = head("200 OK", &["Content-Type: application/json", "Content-Length: 100"]);
    bytes.push_str("{\"partial\":");
    fault(
        vec![Step::text(&bytes)],
        Expected {
            codes: &[3],
            words: &["broke after 11 bytes", "closed the connection early", URL_WORD],
            body: b"{\"partial\":",
        },
    );
}

#[test]
fn fault_reset_in_the_middle_of_the_body() {
    let mut bytes = head("200 OK", &["Content-Type: application/json", "Content-Length: 100"]);
    bytes.push_str("{\"partial\":");
    fault(
        vec![Step::text(&bytes), Step::Pause(Duration::from_millis(100)), Step::Reset],
        Expected {
            codes: &[3],
            // ureq reports a reset while reading the body as an early close, so "reset" cannot be asked for.
            words: &["broke after 11 bytes", "closed the connection|reset", URL_WORD],
            body: b"{\"partial\":",
        },
    );
}

#[test]
fn fault_content_length_larger_than_the_body() {
    // 10 MiB announced, 5 MiB sent, then a clean close.
    let sent = 5u64 << 20;
    fault(
        vec![
            Step::text(&head(
                "200 OK",
                &["Content-Type: application/octet-stream", "Content-Length: 10485760"],
            )),
            Step::Pattern(sent),
        ],
        Expected {
            codes: &[3],
            words: &["broke after 5242880 bytes", URL_WORD],
            body: &pattern(sent as usize),
        },
    );
}

// --- broken chunked encoding ------------------------------------------------

// Bytes that break the chunk syntax are an answer that is not valid HTTP (exit 5, like garbage instead of a
// status line); a chunked body that simply stops (no last chunk) is a broken connection (exit 3, like a short
// Content-Length body).

fn chunked_head() -> String {
    head("200 OK", &["Content-Type: text/plain", "Transfer-Encoding: chunked"])
}

#[test]
fn fault_chunk_size_not_hex() {
    fault(
        vec![Step::text(&format!("{}zz\r\nhello\r\n0\r\n\r\n", chunked_head()))],
        Expected {
            codes: &[5],
            words: &["not valid HTTP", "chunk", URL_WORD],
            body: b"",
        },
    );
}

#[test]
fn fault_chunk_longer_than_its_size() {
    fault(
        vec![Step::text(&format!("{}5\r\nhello world\r\n0\r\n\r\n", chunked_head()))],
        Expected {
            codes: &[5],
            words: &["not valid HTTP", "chunk", URL_WORD],
            body: b"hello",
        },
    );
}

#[test]
fn fault_chunk_size_overflows() {
    fault(
        vec![Step::text(&format!(
            "{}ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
            chunked_head()
        ))],
        Expected {
            codes: &[5],
            words: &["not valid HTTP", "chunk", URL_WORD],
            body: b"",
        },
    );
}

#[test]
fn fault_chunked_body_without_the_last_chunk() {
    fault(
        vec![Step::text(&format!("{}5\r\nhello\r\n", chunked_head()))],
        Expected {
            codes: &[3],
            words: &["broke after 5 bytes", URL_WORD],
            body: b"hello",
        },
    );
}

#[test]
fn fault_chunk_cut_in_its_data() {
    fault(
        vec![Step::text(&format!("{}64\r\nhello", chunked_head()))],
        Expected {
            codes: &[3],
            words: &["broke after", URL_WORD],
            body: b"hello",
        },
    );
}

// --- oversized headers: refused, exit 5 -------------------------------------

// ureq keeps at most 128 response headers and 64 KiB of head. An answer over those limits is one yr cannot read
// as HTTP: exit 5 with a message that says the headers are the problem (exit 1 would claim a bug in yr).

#[test]
fn fault_10000_headers() {
    let lines: Vec<String> = (0..10_000).map(|i| format!("X-Fault-{i:05}: v")).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut bytes = head("200 OK", &[&refs[..], &["Content-Length: 2"]].concat());
    bytes.push_str("{}");
    fault(
        vec![Step::text(&bytes)],
        Expected {
            codes: &[5],
            words: &["header", URL_WORD],
            body: b"",
        },
    );
}

#[test]
fn fault_10000_tiny_headers() {
    // 10,000 headers in under 64 KiB: the count limit, not the size limit.
    let mut bytes = String::from("HTTP/1.1 200 OK\r\n");
    for _ in 0..10_000 {
        bytes.push_str("a:b\r\n");
    }
    bytes.push_str("Content-Length: 2\r\n\r\n{}");
    assert!(bytes.len() < 64 * 1024);
    fault(
        vec![Step::text(&bytes)],
        Expected {
            codes: &[5],
            words: &["header", URL_WORD],
            body: b"",
        },
    );
}

#[test]
fn fault_1_mib_header_line() {
    let mut bytes = String::from("HTTP/1.1 200 OK\r\nX-Big: ");
    bytes.push_str(&"a".repeat(1 << 20));
    bytes.push_str("\r\nContent-Length: 2\r\n\r\n{}");
    fault(
        vec![Step::text(&bytes)],
        Expected {
            codes: &[5],
            words: &["header", URL_WORD],
            body: b"",
        },
    );
}

// --- answers that are fine, if unusual: exact bytes, exit 0 ----------------

/// Runs a successful fault piped and with -o; both must carry exactly `body`.
#[track_caller]
fn exact_body(steps: Vec<Step>, body: &[u8]) {
    let server = FaultServer::start(steps);
    let home = TempDir::new();
    let mut checks = Checks::new();
    let piped = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--timeout", "10s"])
            .cmd(),
    );
    checks.code("piped", &piped, &[0]);
    checks.check(piped.stdout == body, || {
        format!(
            "piped: stdout is not the exact body: {} bytes {:?}, expected {} bytes",
            piped.stdout.len(),
            String::from_utf8_lossy(&piped.stdout[..piped.stdout.len().min(200)]),
            body.len()
        )
    });
    checks.check(piped.stderr.is_empty(), || format!("piped: stderr {:?}", piped.stderr));

    let folder = TempDir::new();
    let file = folder.path.join("out.bin");
    let to_file = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--timeout", "10s", "-o", &file.to_string_lossy()])
            .cmd(),
    );
    checks.code("-o", &to_file, &[0]);
    checks.check(to_file.stdout.is_empty(), || {
        format!("-o: stdout {:?}", to_file.stdout_text())
    });
    let written = std::fs::read(&file).unwrap_or_default();
    checks.check(written == body, || {
        format!("-o: the file holds {} bytes, not the exact body", written.len())
    });
    let left = names(&folder.path);
    checks.check(left == ["out.bin"], || format!("-o: the folder holds {left:?}"));
    checks.done();
}

fn binary_body() -> Vec<u8> {
    let mut body = b"not UTF-8: \xff\xfe\xc3\x28 and NUL: \0\0 end".to_vec();
    body.extend((0..=255u8).cycle().take(4096));
    body.push(0xff);
    body.push(0);
    body
}

#[test]
fn answer_with_invalid_utf8_and_nul_bytes() {
    let body = binary_body();
    let mut bytes = head(
        "200 OK",
        &[
            "Content-Type: application/octet-stream",
            &format!("Content-Length: {}", body.len()),
        ],
    )
    .into_bytes();
    bytes.extend_from_slice(&body);
    exact_body(vec![Step::Write(bytes)], &body);
}

#[test]
fn answer_with_invalid_utf8_labelled_as_json() {
    let body = b"{\"a\":\"\xff\0\"}".to_vec();
    let mut bytes = head(
        "200 OK",
        &[
            "Content-Type: application/json",
            &format!("Content-Length: {}", body.len()),
        ],
    )
    .into_bytes();
    bytes.extend_from_slice(&body);
    exact_body(vec![Step::Write(bytes)], &body);
}

#[test]
fn http_1_0_answer_without_length_is_read_until_close() {
    let body = b"{\"from\":\"an HTTP/1.0 server\"}";
    let mut bytes = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n".to_vec();
    bytes.extend_from_slice(body);
    exact_body(vec![Step::Write(bytes)], body);
}

#[test]
fn http_1_0_answer_without_length_large() {
    let len = 3 << 20;
    exact_body(
        vec![
            Step::text("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"),
            Step::Pattern(len),
        ],
        &pattern(len as usize),
    );
}

#[test]
fn http_1_1_answer_with_connection_close_and_no_length() {
    let body = b"\"until close\"";
    let mut bytes = head("200 OK", &["Content-Type: application/json", "Connection: close"]).into_bytes();
    bytes.extend_from_slice(body);
    exact_body(vec![Step::Write(bytes)], body);
}

// --- 1xx before the answer ---------------------------------------------------

#[test]
fn continue_then_error_is_handled_as_the_error() {
    let message = r#"{"code":1002,"message":"not enough resources"}"#;
    let bytes = format!(
        "HTTP/1.1 100 Continue\r\n\r\n{}{message}",
        head(
            "500 Internal Server Error",
            &[
                "Content-Type: application/json",
                "X-Inner-Code: 1002",
                &format!("Content-Length: {}", message.len()),
            ],
        )
    );
    let server = FaultServer::start(vec![Step::text(&bytes)]);
    let home = TempDir::new();
    let out = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--timeout", TIMEOUT])
            .cmd(),
    );
    let mut checks = Checks::new();
    checks.code("100 then 500", &out, &[5]);
    checks.check(
        out.stderr
            .starts_with("yr: error: HTTP 500, code 1002 (insufficient resources): not enough resources\n"),
        || format!("stderr {:?}", out.stderr),
    );
    checks.check(out.stdout.is_empty(), || format!("stdout {:?}", out.stdout_text()));
    checks.done();
}

#[test]
fn continue_then_rejection_is_handled_as_the_rejection() {
    let bytes = format!(
        "HTTP/1.1 100 Continue\r\n\r\n{}",
        head("413 Content Too Large", &["Content-Length: 0"])
    );
    let server = FaultServer::start(vec![Step::text(&bytes)]);
    let home = TempDir::new();
    let out = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--timeout", TIMEOUT])
            .cmd(),
    );
    let mut checks = Checks::new();
    checks.code("100 then 413", &out, &[4]);
    checks.words("100 then 413", &out.stderr, &["yr: error: HTTP 413"]);
    checks.done();
}

#[test]
fn continue_and_early_hints_then_success() {
    let body = r#"{"ok":true}"#;
    let mut bytes = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n".to_string();
    bytes.push_str(&head(
        "200 OK",
        &[
            "Content-Type: application/json",
            &format!("Content-Length: {}", body.len()),
        ],
    ));
    bytes.push_str(body);
    exact_body(vec![Step::text(&bytes)], body.as_bytes());
}

// --- redirects: exit 4, never followed ---------------------------------------

fn check_redirect(status: u16, to_other_host: bool) {
    let other = ScriptedServer::start(vec![Reply::json(200, "\"followed to the other host\"")]);
    let location = if to_other_host {
        // Another host name for loopback: a following client would go there, X-Auth and all.
        format!(
            "http://localhost:{}/serverless/v1/functions/{URN_HELLO}/invocations",
            other.port()
        )
    } else {
        format!("/serverless/v1/functions/{URN_HELLO}/invocations")
    };
    let home = TempDir::new();
    let mut checks = Checks::new();
    for extra in [&[][..], &["-o", "out.json"][..]] {
        // A fresh server per run: a client that follows gets the 200 with its second request.
        let server = ScriptedServer::start(vec![
            Reply::new(status).header("Location", &location),
            Reply::json(200, "\"followed to the same server\""),
        ]);
        let folder = TempDir::new();
        let mut cmd = invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--timeout", TIMEOUT])
            .cmd();
        cmd.args(extra).current_dir(&folder.path);
        cmd.env("YR_JWT_TOKEN", "redirect-token-never-forwarded");
        let out = exec(&mut cmd);
        let label = format!("{status} {extra:?}");
        checks.code(&label, &out, &[4]);
        checks.words(
            &label,
            &out.stderr,
            &[
                &format!("yr: error: HTTP {status}: redirected to {location}"),
                "yr does not follow redirects",
            ],
        );
        checks.check(out.stdout.is_empty(), || {
            format!("{label}: stdout {:?}", out.stdout_text())
        });
        let left = names(&folder.path);
        checks.check(left.is_empty(), || format!("{label}: files left behind: {left:?}"));
        checks.check(server.count() == 1, || {
            format!("{label}: the redirect was followed ({} requests)", server.count())
        });
    }
    checks.check(other.count() == 0, || {
        format!("{status}: the redirect was followed to the other host")
    });
    checks.done();
}

#[test]
fn redirect_301_to_itself() {
    check_redirect(301, false);
}

#[test]
fn redirect_302_to_itself() {
    check_redirect(302, false);
}

#[test]
fn redirect_307_to_itself() {
    check_redirect(307, false);
}

#[test]
fn redirect_308_to_itself() {
    check_redirect(308, false);
}

#[test]
fn redirect_301_to_another_host() {
    check_redirect(301, true);
}

#[test]
fn redirect_302_to_another_host() {
    check_redirect(302, true);
}

#[test]
fn redirect_307_to_another_host() {
    check_redirect(307, true);
}

// --- a 1 GiB body through a pipe ---------------------------------------------

/// Reads a child's stdout to the end in a thread: byte count and whether every byte matched the pattern.
fn count_pattern(mut stdout: impl Read + Send + 'static) -> thread::JoinHandle<(u64, Option<u64>)> {
    thread::spawn(move || {
        let reference = pattern((1 << 20) + PATTERN_LINE.len());
        let mut buf = vec![0u8; 1 << 20];
        let mut total = 0u64;
        let mut first_bad = None;
        loop {
            match stdout.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if first_bad.is_none() && !matches_pattern(&buf[..n], total, &reference) {
                        first_bad = Some(total);
                    }
                    total += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        (total, first_bad)
    })
}

fn read_all_in_thread(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[test]
fn a_1_gib_body_piped_to_a_reader_that_discards_it() {
    const LEN: u64 = 1 << 30;
    let server = FaultServer::start(vec![
        Step::text(&head(
            "200 OK",
            &[
                "Content-Type: application/octet-stream",
                &format!("Content-Length: {LEN}"),
            ],
        )),
        Step::Pattern(LEN),
    ]);
    let home = TempDir::new();
    let started = Instant::now();
    let mut child = Reaped(
        yr_with_home(&home.path)
            .args([
                "invoke",
                "hello",
                "--ignore-stdin",
                "--timeout",
                "170s",
                "-e",
                &server.url,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start yr"),
    );
    let counter = count_pattern(child.0.stdout.take().expect("stdout"));
    let stderr = read_all_in_thread(child.0.stderr.take().expect("stderr"));
    let status = child.wait_within(Duration::from_secs(180));
    let elapsed = started.elapsed();
    let (total, first_bad) = counter.join().expect("counter");
    let stderr = stderr.join().expect("stderr");
    eprintln!("1 GiB through yr took {elapsed:?}");
    let mut checks = Checks::new();
    checks.check(status.is_some_and(|s| s.code() == Some(0)), || {
        format!("exit {status:?}, expected 0; stderr {stderr:?}")
    });
    checks.check(total == LEN, || format!("stdout carried {total} bytes, expected {LEN}"));
    checks.check(first_bad.is_none(), || {
        format!("stdout differs from the body at byte {first_bad:?}")
    });
    checks.check(stderr.is_empty(), || format!("stderr {stderr:?}"));
    checks.done();
}

// ---------------------------------------------------------------------------
// Point 3: hostile input
// ---------------------------------------------------------------------------

/// Every flag whose value becomes a header, with a harmless value to put the control characters into.
const HEADER_FLAGS: &[(&str, &str, &str)] = &[
    ("-H", "X-Custom: a", "-H"),
    ("--trace-id", "trace", "--trace-id"),
    ("--pool-label", "pool", "--pool-label"),
    ("--instance-label", "label", "--instance-label"),
    ("--session-id", "session", "--session-id"),
    ("--content-type", "text/plain", "--content-type"),
];

#[test]
fn cr_and_lf_in_every_header_bound_flag_are_usage_errors() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let home = TempDir::new();
    let mut checks = Checks::new();
    for (flag, value, named) in HEADER_FLAGS {
        for bad in [
            "\r",
            "\n",
            "\r\n",
            "\r\nX-Injected: 1",
            "\nX-Injected: 1\r\n\r\nGET / HTTP/1.1",
        ] {
            for text in [
                format!("{value}{bad}"),
                format!("{value}{bad}tail"),
                format!("{bad}{value}"),
            ] {
                let label = format!("{flag} {text:?}");
                let out = exec(
                    &mut invoke("hello")
                        .home(&home)
                        .ignore_stdin()
                        .endpoint(&server.url)
                        .args(&[flag, &text, "-d", "{}"])
                        .cmd(),
                );
                checks.code(&label, &out, &[2]);
                checks.words(&label, &out.stderr, &["yr: error:", named]);
                checks.check(out.stdout.is_empty(), || {
                    format!("{label}: stdout {:?}", out.stdout_text())
                });
            }
        }
    }
    // A CR or LF in a -H name.
    for text in ["X-A\r\nX-Injected: 1", "X-A\nB: v", "X-A\r: v"] {
        let out = exec(
            &mut invoke("hello")
                .home(&home)
                .ignore_stdin()
                .endpoint(&server.url)
                .args(&["-H", text])
                .cmd(),
        );
        checks.code(&format!("-H {text:?}"), &out, &[2]);
        checks.words(&format!("-H {text:?}"), &out.stderr, &["-H"]);
    }
    checks.check(server.count() == 0, || {
        format!(
            "{} request(s) were sent: {:?}",
            server.count(),
            server.requests().iter().map(|r| &r.headers).collect::<Vec<_>>()
        )
    });
    checks.done();
}

#[test]
fn cr_and_lf_in_environment_values_are_usage_errors() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let home = TempDir::new();
    let mut checks = Checks::new();
    for (name, value) in [
        ("YR_TENANT", "tenant\r\nX-Injected: 1"),
        ("YR_SERVICE", "svc\nX-Injected: 1"),
        ("YR_JWT_TOKEN", "token\r\nX-Injected: 1"),
    ] {
        let out = exec(
            invoke("hello")
                .home(&home)
                .ignore_stdin()
                .endpoint(&server.url)
                .args(&["-d", "{}"])
                .cmd()
                .env(name, value),
        );
        checks.code(name, &out, &[2]);
        checks.words(name, &out.stderr, &[name.trim_start_matches("YR_")]);
        if name == "YR_JWT_TOKEN" {
            checks.check(!out.stderr.contains("X-Injected"), || {
                format!("{name}: the token is echoed: {:?}", out.stderr)
            });
        }
    }
    checks.check(server.count() == 0, || {
        format!("{} request(s) were sent", server.count())
    });
    checks.done();
}

#[test]
fn function_names_are_percent_encoded_on_the_wire() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["a/b?c#d%e\u{e9}"],
            "/serverless/v1/functions/sn:cn:yrk:default:function:0@default@a%2Fb%3Fc%23d%25e%C3%A9:latest/invocations",
        ),
        (
            &["s/../x@../../etc:v?1"],
            "/serverless/v1/functions/sn:cn:yrk:default:function:0@s%2F..%2Fx@..%2F..%2Fetc:v%3F1/invocations",
        ),
        (
            &["f\u{4e2d}\u{6587}", "--tenant", "t%2F#", "--service", "s?x"],
            "/serverless/v1/functions/sn:cn:yrk:t%252F%23:function:0@s%3Fx@f%E4%B8%AD%E6%96%87:latest/invocations",
        ),
        (
            &["sn:cn:yrk:ten/ant:function:0@svc@f#1:latest"],
            "/serverless/v1/functions/sn:cn:yrk:ten%2Fant:function:0@svc@f%231:latest/invocations",
        ),
    ];
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let home = TempDir::new();
    let mut checks = Checks::new();
    for (args, path) in cases {
        let before = server.count();
        let mut cmd = yr_in(&home);
        cmd.args(["invoke", "--ignore-stdin", "-e", &server.url]).args(*args);
        let out = exec(&mut cmd);
        checks.code(&format!("{args:?}"), &out, &[0]);
        let requests = server.requests();
        let sent = requests.get(before).map(|r| r.path.clone());
        checks.check(sent.as_deref() == Some(*path), || {
            format!("{args:?}: the path sent is {sent:?}, expected {path:?}")
        });
    }
    checks.done();
}

#[test]
fn session_delete_encodes_odd_function_and_session_names() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let home = TempDir::new();
    let out = exec(yr_in(&home).args(["session", "delete", "a/b?c", "s#1%", "-e", &server.url]));
    let mut checks = Checks::new();
    checks.code("session delete", &out, &[0]);
    let path = server.requests().first().map(|r| r.path.clone()).unwrap_or_default();
    for raw in ["a/b", "?c", "#1", "s#1%"] {
        checks.check(!path.contains(raw), || {
            format!("`{raw}` is on the wire unencoded: {path}")
        });
    }
    checks.done();
}

/// `{"a":"xxxx...x"}`, exactly `len` bytes, written in 1 MiB pieces.
fn write_json_file(path: &Path, len: usize) -> Vec<u8> {
    let mut content = Vec::with_capacity(len);
    content.extend_from_slice(b"{\"a\":\"");
    content.resize(len - 2, b'x');
    content.extend_from_slice(b"\"}");
    let mut file = std::fs::File::create(path).expect("create body file");
    for piece in content.chunks(1 << 20) {
        file.write_all(piece).expect("write body file");
    }
    content
}

fn ok_server() -> FaultServer {
    FaultServer::start(vec![Step::text(&format!(
        "{}{{}}",
        head("200 OK", &["Content-Type: application/json", "Content-Length: 2"])
    ))])
}

#[test]
fn a_100_mb_data_file_is_sent_byte_exact_with_a_warning() {
    let len = 100 << 20;
    let dir = TempDir::new();
    let path = dir.path.join("big.json");
    let content = write_json_file(&path, len);
    let server = ok_server();
    let home = TempDir::new();
    let out = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-d", &format!("@{}", path.display()), "--timeout", "120s"])
            .cmd(),
    );
    let mut checks = Checks::new();
    checks.code("100 MB", &out, &[0]);
    checks.check(out.stdout == b"{}", || format!("stdout {:?}", out.stdout_text()));
    checks.check(
        out.stderr
            == format!(
                "yr: warning: the body is {len} bytes, over the frontend's default limit of 6 MB (maxRequestBodySize)\n"
            ),
        || format!("stderr is not the one 6 MB warning: {:?}", out.stderr),
    );
    let seen = server.seen();
    checks.check(seen.len() == 1, || format!("{} requests", seen.len()));
    if let Some(request) = seen.first() {
        checks.check(request.complete && request.body_len == len as u64, || {
            format!(
                "the server got {} bytes (complete: {})",
                request.body_len, request.complete
            )
        });
        checks.check(request.body == content, || "the body differs from the file".to_string());
    }
    eprintln!("100 MB -d @FILE took {:?}", out.elapsed);
    checks.done();
}

#[test]
fn a_5_mib_data_file_gets_no_warning() {
    let len = 5 << 20;
    let dir = TempDir::new();
    let path = dir.path.join("body.json");
    let content = write_json_file(&path, len);
    let server = ok_server();
    let home = TempDir::new();
    let out = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-d", &format!("@{}", path.display())])
            .cmd(),
    );
    let mut checks = Checks::new();
    checks.code("5 MiB", &out, &[0]);
    checks.check(out.stderr.is_empty(), || format!("stderr {:?}", out.stderr));
    checks.check(server.seen().first().is_some_and(|r| r.body == content), || {
        "the body differs from the file".into()
    });
    checks.done();
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}: {status}", path.display());
}

/// Writes `bytes` into the FIFO from a thread. Opening waits for a reader for at most 20 s (non-blocking
/// open, retried), so a yr that never opens the FIFO cannot hang the test.
fn feed_fifo(path: PathBuf, bytes: Vec<u8>) -> thread::JoinHandle<Result<(), String>> {
    thread::spawn(move || {
        use std::os::unix::fs::OpenOptionsExt;
        let deadline = Instant::now() + Duration::from_secs(20);
        let file = loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&path)
            {
                Ok(file) => break file,
                Err(e) if e.raw_os_error() == Some(libc::ENXIO) && Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(format!("open the FIFO for writing: {e}")),
            }
        };
        // Back to blocking writes.
        use std::os::fd::AsRawFd;
        // SAFETY: fcntl on a descriptor we own; only its flags change.
        unsafe {
            let flags = libc::fcntl(file.as_raw_fd(), libc::F_GETFL);
            libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
        let mut file = file;
        file.write_all(&bytes).map_err(|e| format!("write the FIFO: {e}"))
    })
}

#[test]
fn data_from_a_fifo_is_sent_byte_exact() {
    let dir = TempDir::new();
    let fifo = dir.path.join("body.fifo");
    mkfifo(&fifo);
    // 3 MiB: many times a pipe's buffer, so the reader must read to the end, not trust a size.
    let mut content = b"{\"a\":\"".to_vec();
    content.resize((3 << 20) - 2, b'y');
    content.extend_from_slice(b"\"}");
    let writer = feed_fifo(fifo.clone(), content.clone());
    let server = ok_server();
    let home = TempDir::new();
    let out = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-d", &format!("@{}", fifo.display()), "--timeout", "30s"])
            .cmd(),
    );
    let written = writer.join().expect("writer");
    let mut checks = Checks::new();
    checks.code("FIFO", &out, &[0]);
    checks.check(written.is_ok(), || format!("the writer failed: {written:?}"));
    checks.check(out.stdout == b"{}", || format!("stdout {:?}", out.stdout_text()));
    let seen = server.seen();
    checks.check(seen.first().is_some_and(|r| r.body == content), || {
        format!(
            "the server got {:?} bytes, expected the {} written to the FIFO",
            seen.first().map(|r| r.body_len),
            content.len()
        )
    });
    checks.done();
}

#[test]
fn binary_data_from_a_fifo_with_another_content_type() {
    let dir = TempDir::new();
    let fifo = dir.path.join("binary.fifo");
    mkfifo(&fifo);
    let content = binary_body();
    let writer = feed_fifo(fifo.clone(), content.clone());
    let server = ok_server();
    let home = TempDir::new();
    let out = exec(
        &mut invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&[
                "-d",
                &format!("@{}", fifo.display()),
                "--content-type",
                "application/octet-stream",
                "--timeout",
                "30s",
            ])
            .cmd(),
    );
    let _ = writer.join();
    let mut checks = Checks::new();
    checks.code("binary FIFO", &out, &[0]);
    checks.check(server.seen().first().is_some_and(|r| r.body == content), || {
        "the body differs from what was written to the FIFO".into()
    });
    checks.done();
}

#[test]
fn binary_stdin_is_sent_byte_exact() {
    let mut content = Vec::new();
    for _ in 0..1000 {
        content.extend(0..=255u8);
    }
    content.extend_from_slice(b"\0\xff\0\xff\r\n\r\n");
    let server = ok_server();
    let home = TempDir::new();
    let mut checks = Checks::new();
    for args in [&[][..], &["-d", "@-"][..]] {
        let before = server.seen().len();
        let mut cmd = yr_in(&home);
        cmd.args([
            "invoke",
            "hello",
            "-e",
            &server.url,
            "--content-type",
            "application/octet-stream",
        ])
        .args(args)
        .write_stdin(content.clone());
        let out = exec(&mut cmd);
        checks.code(&format!("stdin {args:?}"), &out, &[0]);
        let seen = server.seen();
        let request = seen.get(before);
        checks.check(request.is_some_and(|r| r.body == content), || {
            format!(
                "stdin {args:?}: the server got {:?} bytes, not the exact {}",
                request.map(|r| r.body_len),
                content.len()
            )
        });
        checks.check(
            request.is_some_and(|r| r.header("Content-Type") == Some("application/octet-stream")),
            || {
                format!(
                    "stdin {args:?}: Content-Type {:?}",
                    request.map(|r| r.header("Content-Type"))
                )
            },
        );
    }
    checks.done();
}

#[test]
fn token_file_trailing_newline_is_trimmed() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let home = TempDir::new();
    let dir = TempDir::new();
    let mut checks = Checks::new();
    for (name, contents) in [
        ("lf", "tok-abc.def\n"),
        ("crlf", "tok-abc.def\r\n"),
        ("none", "tok-abc.def"),
    ] {
        let file = dir.file(name, contents);
        let before = server.count();
        let out = exec(
            &mut invoke("hello")
                .home(&home)
                .ignore_stdin()
                .endpoint(&server.url)
                .args(&["--token-file", &file.to_string_lossy()])
                .cmd(),
        );
        checks.code(name, &out, &[0]);
        let requests = server.requests();
        let sent = requests
            .get(before)
            .and_then(|r| r.header("X-Auth").map(str::to_string));
        checks.check(sent.as_deref() == Some("tok-abc.def"), || {
            format!("{name}: X-Auth sent as {sent:?}")
        });
    }
    checks.done();
}

#[test]
fn empty_token_file_is_a_usage_error() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let home = TempDir::new();
    let dir = TempDir::new();
    let mut checks = Checks::new();
    for (name, contents) in [
        ("empty", &b""[..]),
        ("newline", b"\n"),
        ("blank", b"  \r\n"),
        ("nul", b"zq\0jx\n"),
    ] {
        let file = dir.file(name, contents);
        let out = exec(
            &mut invoke("hello")
                .home(&home)
                .ignore_stdin()
                .endpoint(&server.url)
                .args(&["--token-file", &file.to_string_lossy()])
                .cmd(),
        );
        checks.code(name, &out, &[2]);
        checks.words(name, &out.stderr, &["yr: error: --token-file", &file.to_string_lossy()]);
        checks.check(!out.stderr.contains("zq") && !out.stderr.contains("jx"), || {
            format!("{name}: the token shows: {:?}", out.stderr)
        });
    }
    checks.check(server.count() == 0, || {
        format!("{} request(s) were sent", server.count())
    });
    checks.done();
}

// ---------------------------------------------------------------------------
// Point 5: closed pipes and signals
// ---------------------------------------------------------------------------

/// Runs yr with stdout a pipe whose read end is closed after `read_first` bytes (0: before yr writes).
fn with_closed_stdout(home: &TempDir, args: &[&str], read_first: usize) -> (Option<ExitStatus>, String) {
    let mut child = Reaped(
        yr_with_home(&home.path)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start yr"),
    );
    let mut stdout = child.0.stdout.take().expect("stdout");
    if read_first > 0 {
        let mut buf = vec![0u8; read_first];
        let _ = stdout.read_exact(&mut buf);
    }
    drop(stdout);
    let stderr = read_all_in_thread(child.0.stderr.take().expect("stderr"));
    let status = child.wait_within(Duration::from_secs(60));
    (status, stderr.join().unwrap_or_default())
}

#[test]
fn closed_stdout_ends_quietly_with_0() {
    let len = 64u64 << 20;
    let big = FaultServer::start(vec![
        Step::text(&head(
            "200 OK",
            &[
                "Content-Type: application/octet-stream",
                &format!("Content-Length: {len}"),
            ],
        )),
        Step::Pattern(len),
    ]);
    let small = ScriptedServer::start(vec![Reply::json(200, r#"{"ok":true}"#)]);
    let home = TempDir::new();
    let mut checks = Checks::new();
    let cases: Vec<(Vec<&str>, usize)> = vec![
        // `yr invoke f | head -c1` with a large body: the reader goes away mid-body.
        (vec!["invoke", "hello", "--ignore-stdin", "-e", &big.url], 1),
        (vec!["invoke", "hello", "--ignore-stdin", "-e", &big.url], 0),
        (vec!["invoke", "hello", "--ignore-stdin", "--json", "-e", &small.url], 0),
        (vec!["invoke", "hello", "--ignore-stdin", "--curl", "-e", &small.url], 0),
        (vec!["errors"], 0),
        (vec!["errors"], 1),
        (vec!["completions", "bash"], 1),
        (vec!["config", "-e", &small.url], 0),
        (vec!["urn", "hello"], 0),
        (vec!["--help"], 0),
        (vec!["invoke", "--help"], 1),
    ];
    for (args, read_first) in cases {
        let (status, stderr) = with_closed_stdout(&home, &args, read_first);
        checks.check(status.is_some_and(|s| s.code() == Some(0)) && stderr.is_empty(), || {
            format!("{args:?} (closed after {read_first} bytes): {status:?}, stderr {stderr:?}; expected exit 0 and nothing on stderr")
        });
    }
    checks.done();
}

/// The pids of processes whose command line is exactly `sleep MARKER`.
fn sleepers(marker: &str) -> Vec<i32> {
    let wanted = format!("sleep\0{marker}\0");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()))
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| c == wanted.as_bytes())
                && !std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
                    s.rsplit(')')
                        .next()
                        .is_some_and(|rest| rest.trim_start().starts_with('Z'))
                })
        })
        .collect()
}

/// `yr serve -- COMMAND...` where COMMAND runs `sleep MARKER`; SIGTERM to yr must leave no such sleep.
fn sigterm_stops_the_command(command: impl Fn(&str) -> Vec<String>) {
    // A duration no other process sleeps for.
    let marker = format!("31.{}", unique_digits());
    let home = TempDir::new();
    let mut serve = Reaped(
        yr_with_home(&home.path)
            .args(["serve", "--listen", "127.0.0.1:0", "--"])
            .args(command(&marker))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start yr serve"),
    );
    let started = wait_until_polling(Duration::from_secs(15), Duration::from_millis(20), || {
        !sleepers(&marker).is_empty()
    });
    let stderr = read_all_in_thread(serve.0.stderr.take().expect("stderr"));
    let mut checks = Checks::new();
    checks.check(started, || format!("`sleep {marker}` never started"));
    serve.signal(libc::SIGTERM);
    let status = serve.wait_within(Duration::from_secs(10));
    checks.check(status.is_some(), || {
        "yr serve did not exit within 10 s of SIGTERM".into()
    });
    let gone = wait_until_polling(Duration::from_secs(3), Duration::from_millis(20), || {
        sleepers(&marker).is_empty()
    });
    let left = sleepers(&marker);
    // Clean up what we started, by pid, whatever the outcome.
    for pid in &left {
        // SAFETY: kill(2) on a pid found by its unique command line, a process this test started.
        unsafe {
            libc::kill(*pid, libc::SIGKILL);
        }
    }
    drop(serve);
    let stderr = stderr.join().unwrap_or_default();
    checks.check(gone, || {
        format!("`sleep {marker}` still runs after yr serve exited ({status:?}): pids {left:?}; stderr {stderr:?}")
    });
    checks.done();
}

#[test]
fn sigterm_to_serve_stops_sh_c_sleep() {
    // The shell (dash here) forks the sleep: it is yr's grandchild, and dies only if the signal reaches it too.
    sigterm_stops_the_command(|marker| vec!["sh".into(), "-c".into(), format!("sleep {marker}")]);
}

#[test]
fn sigterm_to_serve_stops_a_direct_child() {
    sigterm_stops_the_command(|marker| vec!["sleep".into(), marker.to_string()]);
}

// ---------------------------------------------------------------------------
// Point 6: secrets
// ---------------------------------------------------------------------------

fn secret() -> String {
    format!("yr-secret-{}-do-not-print", unique_digits())
}

fn assert_no_secret(checks: &mut Checks, label: &str, out: &Out, secret: &str) {
    let stdout = out.stdout_text();
    checks.check(!stdout.contains(secret) && !out.stderr.contains(secret), || {
        format!("{label}: the token shows\n  {}", out.summary())
    });
}

fn error_body(code: i64, message: &str) -> Reply {
    Reply::json(500, &format!(r#"{{"code":{code},"message":"{message}"}}"#)).header("X-Inner-Code", &code.to_string())
}

#[test]
fn the_token_is_in_no_output_of_any_invoke_path() {
    let secret = secret();
    let home = TempDir::new();
    let dir = TempDir::new();
    let bad_json = dir.file("bad.json", "{not json");
    let bad_json_arg = format!("@{}", bad_json.display());
    let mut checks = Checks::new();
    // (label, server, extra args)
    let shapes: Vec<(&str, Vec<Step>)> = vec![
        (
            "success",
            vec![Step::text(&format!(
                "{}{{\"ok\":1}}",
                head(
                    "200 OK",
                    &["Content-Type: application/json", "Content-Length: 8", "X-Trace-Id: t1"]
                )
            ))],
        ),
        (
            "401",
            vec![Step::text(&format!(
                "{}{{\"code\":4001,\"message\":\"unauthorized\"}}",
                head(
                    "401 Unauthorized",
                    &["Content-Type: application/json", "Content-Length: 40"]
                )
            ))],
        ),
        (
            "redirect",
            vec![Step::text(&head(
                "302 Found",
                &["Location: http://elsewhere.invalid/x", "Content-Length: 0"],
            ))],
        ),
        ("stall", vec![Step::Hold]),
        (
            "cut mid-body",
            vec![Step::text(&format!(
                "{}{{\"a\"",
                head("200 OK", &["Content-Length: 50"])
            ))],
        ),
        ("not HTTP", vec![Step::text("garbage\r\n\r\n")]),
        (
            "too many headers",
            vec![Step::text(&format!(
                "HTTP/1.1 200 OK\r\n{}Content-Length: 0\r\n\r\n",
                "a:b\r\n".repeat(300)
            ))],
        ),
    ];
    let servers: Vec<(&str, FaultServer)> = shapes.into_iter().map(|(l, s)| (l, FaultServer::start(s))).collect();
    let refused = format!("http://127.0.0.1:{}", closed_port());
    let mut endpoints: Vec<(&str, String)> = servers.iter().map(|(l, s)| (*l, s.url.clone())).collect();
    endpoints.push(("refused", refused));
    for (label, url) in &endpoints {
        for extra in [
            &[][..],
            &["-v"],
            &["-vv"],
            &["--json"],
            &["--json", "-vv"],
            &["--curl", "-vv"],
            &["-d", &bad_json_arg, "-vv"],
            &["--retry", "1", "--retry-delay", "10ms", "-vv"],
        ] {
            let mut cmd = invoke("hello")
                .home(&home)
                .ignore_stdin()
                .endpoint(url)
                .args(&["--timeout", "500ms"])
                .cmd();
            cmd.args(extra).env("YR_JWT_TOKEN", &secret);
            let out = exec(&mut cmd);
            assert_no_secret(&mut checks, &format!("{label} {extra:?}"), &out, &secret);
        }
    }
    let server = &servers[0].1;
    checks.check(
        server
            .seen()
            .iter()
            .any(|r| r.header("X-Auth") == Some(secret.as_str())),
        || "the token was never sent (the test would prove nothing)".into(),
    );
    checks.done();
}

/// A finished asynchronous call as the result route records it; the body is `{"done":true}`.
const COMPLETED: &str = r#"{"status":"completed","statusCode":200,"respHeaders":{"Content-Type":"application/json"},"respBody":"eyJkb25lIjp0cnVlfQ=="}"#;

/// Fresh servers for one round of [`the_token_is_in_no_output_of_the_other_commands`].
struct SecretServers {
    ok: ScriptedServer,
    accepted: ScriptedServer,
    accepted_wait: ScriptedServer,
    completed: ScriptedServer,
    failing: ScriptedServer,
    sse: ScriptedServer,
}

impl SecretServers {
    fn start() -> SecretServers {
        SecretServers {
            ok: ScriptedServer::start(vec![Reply::json(200, r#"{"ok":true}"#)]),
            accepted: ScriptedServer::start(vec![Reply::json(202, r#"{"requestId":"r-1"}"#)]),
            accepted_wait: ScriptedServer::start(vec![
                Reply::json(202, r#"{"requestId":"r-2"}"#),
                Reply::json(200, COMPLETED),
            ]),
            completed: ScriptedServer::start(vec![Reply::json(200, COMPLETED)]),
            failing: ScriptedServer::start(vec![error_body(1002, "no resources")]),
            sse: ScriptedServer::start(vec![
                Reply::new(200)
                    .header("Content-Type", "text/event-stream")
                    .body("data: {\"n\":1}\n\ndata: [DONE]\n\n"),
            ]),
        }
    }

    fn all(&self) -> [&ScriptedServer; 6] {
        [
            &self.ok,
            &self.accepted,
            &self.accepted_wait,
            &self.completed,
            &self.failing,
            &self.sse,
        ]
    }
}

#[test]
fn the_token_is_in_no_output_of_the_other_commands() {
    let secret = secret();
    let home = TempDir::new();
    let dir = TempDir::new();
    let token_file = dir.file("token", format!("{secret}\n"));
    let token_arg = token_file.to_string_lossy().into_owned();
    // A profile whose token_file holds the token (used when YR_JWT_TOKEN is not set).
    dir.file(
        "config.json",
        format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"token_file":"{}"}}}}}}"#,
            token_file.display()
        ),
    );
    let mut checks = Checks::new();
    for with_env in [true, false] {
        let servers = SecretServers::start();
        let s = &servers;
        let runs: Vec<Vec<&str>> = vec![
            vec!["config", "-e", &s.ok.url],
            vec!["config", "--json", "-e", &s.ok.url],
            vec!["config", "-vv", "--token-file", &token_arg, "-e", &s.ok.url],
            vec!["config", "--json", "--token-file", &token_arg],
            vec![
                "invoke",
                "hello",
                "--ignore-stdin",
                "--async",
                "-vv",
                "-e",
                &s.accepted.url,
            ],
            vec![
                "invoke",
                "hello",
                "--ignore-stdin",
                "--async",
                "--wait",
                "--poll-interval",
                "10ms",
                "--timeout",
                "5s",
                "--json",
                "-vv",
                "-e",
                &s.accepted_wait.url,
            ],
            vec!["invoke", "hello", "--ignore-stdin", "--stream", "-vv", "-e", &s.sse.url],
            vec![
                "invoke",
                "hello",
                "--ignore-stdin",
                "--stream",
                "--json",
                "-e",
                &s.sse.url,
            ],
            vec!["result", "r-1", "-vv", "-e", &s.ok.url],
            vec!["result", "r-1", "-vv", "-e", &s.completed.url],
            vec!["result", "r-1", "--json", "-e", &s.failing.url],
            vec!["session", "delete", "hello", "s1", "-vv", "-e", &s.ok.url],
            vec!["session", "delete", "hello", "s1", "-vv", "-e", &s.failing.url],
            vec!["bench", "hello", "-n", "2", "-c", "1", "-e", &s.ok.url],
            vec!["bench", "hello", "-n", "2", "-c", "1", "--json", "-e", &s.failing.url],
            vec!["health", "-vv", "-e", &s.ok.url],
            vec![
                "invoke",
                "hello",
                "--ignore-stdin",
                "--expect-status",
                "201",
                "-vv",
                "-e",
                &s.ok.url,
            ],
            vec![
                "invoke",
                "hello",
                "--ignore-stdin",
                "--logs",
                "-vv",
                "-e",
                &s.failing.url,
            ],
        ];
        let source = if with_env { "YR_JWT_TOKEN" } else { "profile" };
        for args in &runs {
            let mut cmd = yr_in(&home);
            cmd.args(args).write_stdin("");
            if with_env {
                cmd.env("YR_JWT_TOKEN", &secret);
            } else {
                cmd.env("YR_CONFIG_DIR", dir.path.as_os_str());
            }
            let out = exec(&mut cmd);
            assert_no_secret(&mut checks, &format!("{args:?} (token from {source})"), &out, &secret);
        }
        // Otherwise the test would prove nothing.
        let sent = servers
            .all()
            .iter()
            .flat_map(|server| server.requests())
            .filter(|r| r.header("X-Auth") == Some(secret.as_str()))
            .count();
        checks.check(sent >= 10, || {
            format!("token from {source}: only {sent} requests carried it")
        });
    }
    checks.done();
}

#[test]
fn a_token_the_server_reflects_is_not_printed_on_stderr() {
    // A proxy or frontend that echoes the credential back (in a header or its error message) must not get it
    // into CI logs through -v or the error line. stdout of a successful call is the result and stays exact.
    let secret = secret();
    let server = ScriptedServer::start(vec![
        Reply::json(401, &format!(r#"{{"message":"token {secret} is not valid"}}"#)).header("X-Echo-Auth", &secret),
    ]);
    let home = TempDir::new();
    let mut checks = Checks::new();
    for extra in [&[][..], &["-v"], &["-vv"]] {
        let mut cmd = invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&server.url)
            .args(extra)
            .cmd();
        cmd.env("YR_JWT_TOKEN", &secret);
        let out = exec(&mut cmd);
        checks.code(&format!("{extra:?}"), &out, &[4]);
        checks.check(!out.stderr.contains(&secret), || {
            format!("{extra:?}: the reflected token shows on stderr: {:?}", out.stderr)
        });
    }
    checks.done();
}

// --- the plain-http warning ----------------------------------------------------

const UNENCRYPTED: &str = "unencrypted";

fn warning_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(UNENCRYPTED)).collect()
}

/// A closed port on an address that is not loopback and never leaves this machine: this host's own address
/// on its default route (a UDP `connect` only picks the route; it sends nothing). TEST-NET-1 (192.0.2.1) is the
/// fallback where there is no such address; it is not used first because some sandboxes route it (it can be
/// the default gateway), and then a SYN would go out.
fn non_loopback_closed_endpoint() -> (String, String) {
    let own = std::net::UdpSocket::bind(("0.0.0.0", 0))
        .and_then(|socket| socket.connect(("192.0.2.1", 9)).map(|()| socket))
        .and_then(|socket| socket.local_addr())
        .map(|addr| addr.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    match own {
        Some(std::net::IpAddr::V4(ip)) => (format!("http://{ip}:{}", closed_port_on(ip)), ip.to_string()),
        _ => ("http://192.0.2.1:9".to_string(), "192.0.2.1".to_string()),
    }
}

#[test]
fn token_over_plain_http_to_another_host_warns_once() {
    let (endpoint, host) = non_loopback_closed_endpoint();
    let secret = secret();
    let home = TempDir::new();
    let mut checks = Checks::new();
    for extra in [&[][..], &["-v"], &["--retry", "1", "--retry-delay", "10ms"]] {
        let mut cmd = invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&endpoint)
            .args(&["--connect-timeout", "200ms", "--timeout", "2s"])
            .cmd();
        cmd.args(extra).env("YR_JWT_TOKEN", &secret);
        let out = exec(&mut cmd);
        let label = format!("{endpoint} {extra:?}");
        checks.code(&label, &out, &[3, 7]);
        let lines = warning_lines(&out.stderr);
        let expected = format!("yr: warning: the token is sent unencrypted over http:// to {host}");
        checks.check(lines == [expected.as_str()], || {
            format!(
                "{label}: expected exactly one warning line {expected:?}, got {lines:?} in {:?}",
                out.stderr
            )
        });
        assert_no_secret(&mut checks, &label, &out, &secret);
    }
    checks.done();
}

#[test]
fn no_plain_http_warning_when_quiet_without_token_to_loopback_or_over_https() {
    let (endpoint, _) = non_loopback_closed_endpoint();
    let https = endpoint.replacen("http://", "https://", 1);
    let secret = secret();
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let closed = closed_port();
    let home = TempDir::new();
    let mut checks = Checks::new();
    let cases: Vec<(String, Vec<&str>, bool, &[i32])> = vec![
        (server.url.clone(), vec![], true, &[0]),
        (format!("http://localhost:{closed}"), vec![], true, &[3]),
        (format!("http://[::1]:{closed}"), vec![], true, &[3]),
        (https, vec![], true, &[3, 7]),
        (endpoint.clone(), vec!["-q"], true, &[3, 7]),
        (endpoint.clone(), vec![], false, &[3, 7]),
    ];
    for (url, extra, with_token, codes) in cases {
        let mut cmd = invoke("hello")
            .home(&home)
            .ignore_stdin()
            .endpoint(&url)
            .args(&["--connect-timeout", "200ms", "--timeout", "2s"])
            .cmd();
        cmd.args(&extra);
        if with_token {
            cmd.env("YR_JWT_TOKEN", &secret);
        }
        let out = exec(&mut cmd);
        let label = format!("{url} {extra:?} token: {with_token}");
        checks.code(&label, &out, codes);
        checks.check(warning_lines(&out.stderr).is_empty(), || {
            format!("{label}: unexpected warning: {:?}", out.stderr)
        });
    }
    checks.done();
}

// --- bodies that must be held whole ----------------------------------------------------------------------------

#[test]
fn a_body_over_64_mib_is_refused_where_it_would_be_held_whole() {
    // --json, -r and a terminal hold the body; over 64 MiB they refuse (exit 5) and point at -o or a pipe.
    const LEN: u64 = (64 << 20) + 1;
    for extra in [&["--json"][..], &["-r"][..]] {
        let server = FaultServer::start(vec![
            Step::text(&head(
                "200 OK",
                &["Content-Type: application/json", &format!("Content-Length: {LEN}")],
            )),
            Step::Pattern(LEN),
        ]);
        let out = run(yr()
            .args([
                "invoke",
                "hello",
                "--ignore-stdin",
                "--timeout",
                "60s",
                "-e",
                &server.url,
            ])
            .args(extra));
        // Issue 18: this was exit 1, "a bug"; an answer too large to hold is class platform.
        assert_eq!(out.code, 5, "{extra:?}: {out:?}");
        assert_eq!(
            out.stderr,
            format!(
                "yr: error: the answer from {} is over 64 MiB, more than yr holds in memory\n\
                 hint: a pipe or -o FILE takes a result of any size: they stream it without holding it\n",
                server.url
            ),
            "{extra:?}"
        );
    }
}

#[test]
fn a_body_of_64_mib_is_still_held() {
    const LEN: u64 = 64 << 20;
    let server = FaultServer::start(vec![
        Step::text(&head(
            "200 OK",
            &["Content-Type: text/plain", &format!("Content-Length: {LEN}")],
        )),
        Step::Pattern(LEN),
    ]);
    let out = run(yr().args([
        "invoke",
        "hello",
        "--ignore-stdin",
        "--timeout",
        "60s",
        "-e",
        &server.url,
        "--json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let envelope: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON line");
    assert_eq!(envelope["body"].as_str().map(str::len), Some(LEN as usize));
}
