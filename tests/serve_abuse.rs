//! The emulator under abuse (issue 7, point 7): a thousand simultaneous connections, slowloris clients and
//! 100 MB bodies get the real frontend's answers (4140 over the body limit), other calls keep working, and
//! the `yr serve` process stays under 100 MB at its peak (VmHWM in /proc/PID/status).
//!
//! Each test starts its own emulator and loads the machine on purpose, so they take turns (a lock): the
//! timing assertions of one must not pay for the load of another. Every socket has timeouts and every wait
//! a deadline, so a misbehaving emulator fails a test instead of hanging it.

use crate::support::*;

use std::io::{self, BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

const ECHO_URN: &str = "sn:cn:yrk:default:function:0@default@echo:latest";
/// 100 MB, the most the emulator may ever have resident (VmHWM is in KiB).
const PEAK_RSS_LIMIT_KIB: u64 = 100_000_000 / 1024;
/// Read and write timeout on every client socket: far above any expected wait, so only a stall trips it.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

fn echo_path() -> String {
    format!("/serverless/v1/functions/{ECHO_URN}/invocations")
}

/// A keep-alive echo call with a Content-Length body, as bytes.
fn echo_request(addr: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        echo_path(),
        body.len()
    )
    .into_bytes()
}

/// One echo call on a fresh connection; checks it answers 200 with `body`, and says how long it took. No bound on
/// the time: a loaded runner makes any call slow, and a call that never comes back is the support's hang guard's.
fn echo_call(emulator: &Emulator, body: &str) -> Result<Duration, String> {
    let started = Instant::now();
    let answer = emulator.invoke(ECHO_URN, &[], body);
    let took = started.elapsed();
    if answer.status != 200 || answer.body != body.as_bytes() {
        return Err(format!(
            "echo call {body} answered {} {:?} after {took:?}",
            answer.status,
            short(&answer.body)
        ));
    }
    Ok(took)
}

/// Reads one answer off a keep-alive connection: the head, then a Content-Length or chunked body.
fn read_answer(reader: &mut impl BufRead) -> io::Result<RawResponse> {
    let broken = |why: String| io::Error::new(ErrorKind::InvalidData, why);
    let mut bytes = Vec::new();
    loop {
        let before = bytes.len();
        if reader.read_until(b'\n', &mut bytes)? == 0 {
            return Err(broken(format!(
                "the connection closed after {before} bytes of the answer's head"
            )));
        }
        if bytes[before..] == *b"\r\n" {
            break;
        }
        if bytes.len() > 64 << 10 {
            return Err(broken("the answer's head is over 64 KiB".into()));
        }
    }
    let head = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head
        .lines()
        .any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
    if let Some(length) = length {
        if length > 1 << 20 {
            return Err(broken(format!("Content-Length {length} is over 1 MiB")));
        }
        let start = bytes.len();
        bytes.resize(start + length, 0);
        reader.read_exact(&mut bytes[start..])?;
    } else if chunked {
        loop {
            let start = bytes.len();
            reader.read_until(b'\n', &mut bytes)?;
            let line = String::from_utf8_lossy(&bytes[start..]).trim().to_string();
            let size = usize::from_str_radix(&line, 16).map_err(|_| broken(format!("chunk size line {line:?}")))?;
            if size > 1 << 20 {
                return Err(broken(format!("chunk of {size} bytes")));
            }
            let data = bytes.len();
            // The chunk and its CRLF; after the last (empty) chunk, the CRLF that ends the (absent) trailers.
            bytes.resize(data + size + 2, 0);
            reader.read_exact(&mut bytes[data..])?;
            if size == 0 {
                break;
            }
        }
    }
    Ok(RawResponse::parse(&bytes))
}

/// This process's soft open-file limit, raised to the hard one (at most 65,536) first.
fn raise_open_file_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        let wanted = limit.rlim_max.min(65_536);
        if limit.rlim_cur < wanted {
            let raised = libc::rlimit {
                rlim_cur: wanted,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return wanted;
            }
        }
    }
    limit.rlim_cur
}

/// Fails the test if the emulator has exited.
fn assert_running(emulator: &mut Emulator, during: &str) {
    if let Ok(Some(status)) = emulator.child.try_wait() {
        panic!("the emulator exited ({status}) during {during}");
    }
}

/// The emulator's peak resident set so far (VmHWM), in KiB.
fn peak_rss_kib(emulator: &Emulator) -> u64 {
    let path = format!("/proc/{}/status", emulator.child.id());
    let status = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM line in {path}:\n{status}"))
}

fn assert_peak_rss_under_limit(emulator: &mut Emulator, after: &str) {
    assert_running(emulator, after);
    let peak = peak_rss_kib(emulator);
    eprintln!("emulator peak RSS (VmHWM) after {after}: {peak} KiB");
    assert!(
        peak < PEAK_RSS_LIMIT_KIB,
        "the emulator's peak RSS (VmHWM) after {after} is {peak} KiB, over 100 MB ({PEAK_RSS_LIMIT_KIB} KiB)"
    );
}

/// How many descriptors the emulator has open (each accepted connection is one).
fn open_fds(emulator: &Emulator) -> usize {
    let path = format!("/proc/{}/fd", emulator.child.id());
    std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("cannot list {path}: {e}"))
        .count()
}

/// Bytes for a failure message: lossy UTF-8, cut to 300 characters.
fn short(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], bytes.len()),
        None => text.into_owned(),
    }
}

fn first_few(failures: &[String]) -> String {
    failures.iter().take(5).cloned().collect::<Vec<_>>().join("\n  ")
}

// ---------------------------------------------------------------------------
// 1,000 simultaneous connections
// ---------------------------------------------------------------------------

const CONNECTIONS: usize = 1000;
const CLIENT_THREADS: usize = 50;

#[test]
fn a_thousand_simultaneous_connections_each_get_their_own_answer() {
    let _turn = one_at_a_time();
    // The emulator inherits the raised limit (and raises its own too); each side needs one descriptor per
    // connection plus a few. If the hard limit cannot fit 1,000, test as many as it allows and say so.
    let limit = raise_open_file_limit();
    let count = CONNECTIONS.min(usize::try_from(limit.saturating_sub(200)).unwrap_or(CONNECTIONS));
    if count < CONNECTIONS {
        eprintln!(
            "note: the open-file hard limit is {limit}, so this test opens {count} connections, not {CONNECTIONS}"
        );
    }
    assert!(
        count >= 500,
        "the open-file limit ({limit}) leaves room for only {count} connections"
    );
    let mut emulator = Emulator::start(&["--read-timeout", "30s"]);
    let idle_fds = open_fds(&emulator);
    let started = Instant::now();

    let mut slowest_connect = Duration::ZERO;
    let streams: Vec<TcpStream> = (0..count)
        .map(|i| {
            let t0 = Instant::now();
            let stream = TcpStream::connect(&emulator.addr)
                .unwrap_or_else(|e| panic!("connection {i} of {count} could not be opened: {e}"));
            stream.set_read_timeout(Some(IO_TIMEOUT)).expect("read timeout");
            stream.set_write_timeout(Some(IO_TIMEOUT)).expect("write timeout");
            slowest_connect = slowest_connect.max(t0.elapsed());
            stream
        })
        .collect();
    eprintln!(
        "{count} connects took {:?}, the slowest {slowest_connect:?}",
        started.elapsed()
    );
    // (A connect may wait about 1 s for a SYN retry when the burst overflows the listen queue: the emulator
    // listens with a backlog of 128.) All of them are accepted and held at once, not left waiting in the queue.
    let held = wait_until_polling(Duration::from_secs(10), Duration::from_millis(20), || {
        open_fds(&emulator) >= idle_fds + count
    });
    assert!(
        held,
        "after 10 s the emulator holds {} descriptors, {idle_fds} idle + {count} connections expected",
        open_fds(&emulator)
    );
    eprintln!("{count} connections open and accepted after {:?}", started.elapsed());

    // Every thread first sends a call on each of its connections, then reads the answers: all calls are in
    // flight together. The bodies differ, so an answer on the wrong connection is caught.
    let failures = Mutex::new(Vec::<String>::new());
    let per_thread = count.div_ceil(CLIENT_THREADS);
    thread::scope(|scope| {
        for (t, share) in streams.chunks(per_thread).enumerate() {
            let (failures, addr) = (&failures, emulator.addr.as_str());
            scope.spawn(move || {
                let body = |k: usize| format!(r#"{{"connection":{},"pad":"{}"}}"#, t * per_thread + k, "x".repeat(64));
                let mut sent = vec![false; share.len()];
                for (k, mut stream) in share.iter().enumerate() {
                    match stream.write_all(&echo_request(addr, &body(k))) {
                        Ok(()) => sent[k] = true,
                        Err(e) => failures
                            .lock()
                            .unwrap()
                            .push(format!("connection {}: send: {e}", t * per_thread + k)),
                    }
                }
                for (k, stream) in share.iter().enumerate().filter(|(k, _)| sent[*k]) {
                    let i = t * per_thread + k;
                    let problem = match read_answer(&mut BufReader::new(stream)) {
                        Err(e) => Some(format!("connection {i}: no answer: {e}")),
                        Ok(a) if a.status != 200 || a.body != body(k).as_bytes() => {
                            Some(format!("connection {i}: answered {} {:?}", a.status, short(&a.body)))
                        }
                        Ok(a) if a.header("x-inner-code") != Some("0") => {
                            Some(format!("connection {i}: X-Inner-Code {:?}", a.header("x-inner-code")))
                        }
                        Ok(_) => None,
                    };
                    if let Some(problem) = problem {
                        failures.lock().unwrap().push(problem);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {count} simultaneous calls failed, e.g.:\n  {}",
        failures.len(),
        first_few(&failures)
    );
    eprintln!("{count} calls answered after {:?}", started.elapsed());
    assert_running(&mut emulator, "the simultaneous calls");

    // Once the clients hang up, the emulator lets go of the connections and still answers.
    drop(streams);
    let released = wait_until_polling(Duration::from_secs(10), Duration::from_millis(20), || {
        open_fds(&emulator) <= idle_fds + 5
    });
    assert!(
        released,
        "10 s after {count} clients closed, the emulator still holds {} descriptors ({idle_fds} when idle)",
        open_fds(&emulator)
    );
    echo_call(&emulator, r#"{"after":"the thousand"}"#).unwrap();
    assert_peak_rss_under_limit(&mut emulator, &format!("{count} simultaneous connections"));
}

// ---------------------------------------------------------------------------
// Slowloris
// ---------------------------------------------------------------------------

const SLOW_HEAD_CLIENTS: usize = 200;
const SLOW_BODY_CLIENTS: usize = 20;
const READ_TIMEOUT: Duration = Duration::from_secs(2);
/// Each slow client sends one byte per tick.
const TICK: Duration = Duration::from_millis(100);
/// How long the slow clients are driven at most: a hang guard (a slow body client would take 100 s to finish), not
/// a bound asserted. Cut off by --read-timeout, they all close long before.
const DRIVE_GUARD: Duration = Duration::from_secs(60);

struct SlowClient {
    stream: TcpStream,
    opened: Instant,
    /// Sent one byte at a time; past its end, `a` forever (inside a header value or a JSON string).
    script: Vec<u8>,
    sent: usize,
    answer: Vec<u8>,
    /// When the first answer byte arrived, since `opened`.
    answered: Option<Duration>,
    /// When the emulator closed (or reset) the connection, since `opened`.
    closed: Option<Duration>,
}

impl SlowClient {
    fn open(addr: &str, head_at_once: &[u8], script: Vec<u8>) -> SlowClient {
        let mut stream = TcpStream::connect(addr).expect("connect a slow client");
        let opened = Instant::now();
        stream.set_write_timeout(Some(IO_TIMEOUT)).expect("write timeout");
        stream.write_all(head_at_once).expect("send the fast part");
        stream.set_nonblocking(true).expect("nonblocking");
        SlowClient {
            stream,
            opened,
            script,
            sent: 0,
            answer: Vec::new(),
            answered: None,
            closed: None,
        }
    }

    /// Sends the next byte and collects whatever came back; false once the emulator has closed the connection.
    fn tick(&mut self) -> bool {
        if self.closed.is_some() {
            return false;
        }
        let byte = self.script.get(self.sent).copied().unwrap_or(b'a');
        // A failed write (the emulator has answered and closed) still leaves its answer to be read.
        let write_failed = match self.stream.write(&[byte]) {
            Ok(n) => {
                self.sent += n;
                false
            }
            Err(e) => e.kind() != ErrorKind::WouldBlock,
        };
        let mut buf = [0u8; 4096];
        while self.closed.is_none() {
            match self.stream.read(&mut buf) {
                Ok(0) => self.closed = Some(self.opened.elapsed()),
                Ok(n) => {
                    self.answered.get_or_insert_with(|| self.opened.elapsed());
                    self.answer.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if write_failed {
                        self.closed = Some(self.opened.elapsed());
                    }
                    break;
                }
                Err(_) => self.closed = Some(self.opened.elapsed()),
            }
        }
        self.closed.is_none()
    }
}

#[test]
fn slowloris_clients_are_cut_off_after_the_read_timeout_while_calls_go_on() {
    let _turn = one_at_a_time();
    raise_open_file_limit();
    let mut emulator = Emulator::start(&["--read-timeout", "2s"]);
    let idle_fds = open_fds(&emulator);
    let addr = emulator.addr.clone();

    // Head clients never finish the request line and headers; body clients send a complete head with
    // Content-Length 1000, then the body one byte per tick (it would take 100 s).
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nX-Slow: ",
        echo_path()
    );
    let body_head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
        echo_path()
    );
    let mut clients: Vec<SlowClient> = (0..SLOW_HEAD_CLIENTS)
        .map(|_| SlowClient::open(&addr, b"", head.clone().into_bytes()))
        .chain((0..SLOW_BODY_CLIENTS).map(|_| SlowClient::open(&addr, body_head.as_bytes(), br#"{"pad":""#.to_vec())))
        .collect();
    let all_done = AtomicBool::new(false);
    let give_up = READ_TIMEOUT + DRIVE_GUARD;

    let calls = thread::scope(|scope| {
        let driver = scope.spawn(|| {
            let start = Instant::now();
            loop {
                let mut open = 0;
                for client in &mut clients {
                    if client.tick() {
                        open += 1;
                    }
                }
                if open == 0 || start.elapsed() > give_up {
                    break;
                }
                thread::sleep(TICK);
            }
            all_done.store(true, Ordering::SeqCst);
        });
        // Normal calls, one after another, for as long as slow clients hang on.
        let mut calls: Vec<Result<Duration, String>> = Vec::new();
        while !all_done.load(Ordering::SeqCst) {
            let body = format!(r#"{{"call":{}}}"#, calls.len());
            calls.push(echo_call(&emulator, &body));
            thread::sleep(Duration::from_millis(50));
        }
        driver.join().expect("the slow-client driver panicked");
        calls
    });
    assert_running(&mut emulator, "the slowloris");

    let failed: Vec<String> = calls.iter().filter_map(|c| c.clone().err()).collect();
    assert!(
        failed.is_empty(),
        "{} of {} normal calls failed while slow clients hung on, e.g.:\n  {}",
        failed.len(),
        calls.len(),
        first_few(&failed)
    );
    let slowest = calls.iter().filter_map(|c| c.clone().ok()).max().unwrap_or_default();
    eprintln!(
        "{} normal calls during the slowloris, the slowest {slowest:?}",
        calls.len()
    );
    assert!(
        calls.len() >= 5,
        "only {} normal calls were made while the slow clients hung on",
        calls.len()
    );

    let (head_clients, body_clients) = clients.split_at(SLOW_HEAD_CLIENTS);
    // --read-timeout runs from the accept, about when `opened` was taken (a little slack for scheduling).
    let earliest = READ_TIMEOUT - Duration::from_millis(200);
    let mut problems = Vec::new();
    for (i, client) in head_clients.iter().enumerate() {
        match client.closed {
            None => problems.push(format!(
                "slow head client {i} is still connected after sending {} bytes",
                client.sent
            )),
            Some(at) if at < earliest => problems.push(format!(
                "slow head client {i} was cut off after {at:?}, before --read-timeout ({earliest:?})"
            )),
            Some(_) if !client.answer.is_empty() => problems.push(format!(
                "slow head client {i} got an answer instead of a closed connection: {:?}",
                short(&client.answer)
            )),
            Some(_) => {}
        }
    }
    for (i, client) in body_clients.iter().enumerate() {
        let Some(at) = client.answered else {
            problems.push(format!(
                "slow body client {i} got no answer after sending {} body bytes (closed: {:?})",
                client.sent, client.closed
            ));
            continue;
        };
        if at < earliest {
            problems.push(format!(
                "slow body client {i} was answered after {at:?}, before --read-timeout ({earliest:?})"
            ));
        }
        let answer = RawResponse::parse(&client.answer);
        let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
        // Go's body reader hits the read deadline: 400, code 200400, `read tcp LOCAL->REMOTE: i/o timeout`.
        let message = json["message"].as_str().unwrap_or_default();
        if answer.status != 400
            || json["code"] != 200_400
            || !(message.starts_with("read tcp 127.0.0.1:") && message.ends_with(": i/o timeout"))
            || answer.header("x-inner-code") != Some("200400")
        {
            problems.push(format!(
                "slow body client {i} was answered {} {:?}, X-Inner-Code {:?}",
                answer.status,
                short(&answer.body),
                answer.header("x-inner-code")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} slow clients were not cut off as --read-timeout 2s says, e.g.:\n  {}",
        problems.len(),
        first_few(&problems)
    );
    drop(clients);

    let released = wait_until_polling(Duration::from_secs(5), Duration::from_millis(20), || {
        open_fds(&emulator) <= idle_fds + 5
    });
    assert!(
        released,
        "the emulator still holds {} descriptors after the slow clients were cut off ({idle_fds} when idle)",
        open_fds(&emulator)
    );
    echo_call(&emulator, r#"{"after":"the slowloris"}"#).unwrap();
    assert_peak_rss_under_limit(&mut emulator, "the slowloris");
}

// ---------------------------------------------------------------------------
// 100 MB bodies
// ---------------------------------------------------------------------------

const BIG_BODY: u64 = 100 * 1024 * 1024;
/// Concurrent 100 MB uploads; odd ones are chunked (no Content-Length to refuse early).
const BIG_UPLOADS: usize = 4;

/// Sends a body of `size` bytes (`{"pad":"aaa…"}`) in 64 KiB pieces, never holding more, with a
/// Content-Length or chunked; returns the answer and how long it all took.
fn upload(addr: &str, size: u64, chunked: bool) -> Result<(RawResponse, Duration), String> {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(IO_TIMEOUT)).expect("read timeout");
    stream.set_write_timeout(Some(IO_TIMEOUT)).expect("write timeout");
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {size}")
    };
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nConnection: close\r\n{framing}\r\n\r\n",
        echo_path()
    );
    let (prefix, suffix) = (br#"{"pad":""#, br#""}"#);
    let piece = vec![b'a'; 64 << 10];
    let mut sent: u64 = 0;
    let mut send = |stream: &mut TcpStream, data: &[u8]| -> io::Result<()> {
        if chunked {
            stream.write_all(format!("{:x}\r\n", data.len()).as_bytes())?;
            stream.write_all(data)?;
            stream.write_all(b"\r\n")?;
        } else {
            stream.write_all(data)?;
        }
        sent += data.len() as u64;
        Ok(())
    };
    let sending = (|| -> io::Result<()> {
        stream.write_all(head.as_bytes())?;
        send(&mut stream, prefix)?;
        let mut left = size - (prefix.len() + suffix.len()) as u64;
        while left > 0 {
            let n = left.min(piece.len() as u64) as usize;
            send(&mut stream, &piece[..n])?;
            left -= n as u64;
        }
        send(&mut stream, suffix)?;
        if chunked {
            stream.write_all(b"0\r\n\r\n")?;
        }
        Ok(())
    })();
    let mut answer = Vec::new();
    let read = (&stream).take(1 << 20).read_to_end(&mut answer);
    if let Err(e) = sending {
        return Err(format!(
            "the emulator stopped reading after {sent} of {size} body bytes ({e}); it had answered {:?}",
            short(&answer)
        ));
    }
    if let Err(e) = read {
        return Err(format!(
            "no complete answer after the body: {e}; got {:?}",
            short(&answer)
        ));
    }
    if !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        return Err(format!("no answer after the body, got {:?}", short(&answer)));
    }
    Ok((RawResponse::parse(&answer), started.elapsed()))
}

#[test]
fn bodies_of_100_mb_get_4140_while_other_calls_keep_working() {
    let _turn = one_at_a_time();
    // The default limit (6 MB) and --read-timeout (30 s, bounds each whole upload).
    let mut emulator = Emulator::start(&[]);
    let addr = emulator.addr.clone();
    let all_done = AtomicBool::new(false);

    let (uploads, calls) = thread::scope(|scope| {
        let uploads: Vec<_> = (0..BIG_UPLOADS)
            .map(|i| {
                let addr = addr.as_str();
                scope.spawn(move || upload(addr, BIG_BODY, i % 2 == 1))
            })
            .collect();
        let watcher = scope.spawn(|| {
            while !uploads.iter().all(|u| u.is_finished()) {
                thread::sleep(Duration::from_millis(20));
            }
            all_done.store(true, Ordering::SeqCst);
            uploads
                .into_iter()
                .map(|u| u.join().expect("an upload thread panicked"))
                .collect::<Vec<_>>()
        });
        let mut calls: Vec<Result<Duration, String>> = Vec::new();
        while !all_done.load(Ordering::SeqCst) {
            let body = format!(r#"{{"call":{}}}"#, calls.len());
            calls.push(echo_call(&emulator, &body));
            thread::sleep(Duration::from_millis(20));
        }
        (watcher.join().expect("the watcher panicked"), calls)
    });
    assert_running(&mut emulator, "the 100 MB uploads");

    for (i, upload) in uploads.iter().enumerate() {
        let framing = if i % 2 == 1 { "chunked" } else { "Content-Length" };
        let (answer, took) = match upload {
            Ok(done) => done,
            Err(why) => panic!("100 MB upload {i} ({framing}): {why}"),
        };
        eprintln!(
            "100 MB upload {i} ({framing}) answered {} after {took:?}",
            answer.status
        );
        let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
        assert!(
            answer.status == 500 && json["code"] == 4140 && answer.header("x-inner-code") == Some("4140"),
            "100 MB upload {i} ({framing}) answered {} {:?}, X-Inner-Code {:?}; want 500 with code 4140",
            answer.status,
            short(&answer.body),
            answer.header("x-inner-code")
        );
        assert!(
            json["trace_id"].is_string(),
            "a frontend error carries trace_id: {}",
            short(&answer.body)
        );
    }

    let failed: Vec<String> = calls.iter().filter_map(|c| c.clone().err()).collect();
    assert!(
        failed.is_empty(),
        "{} of {} normal calls failed during the 100 MB uploads, e.g.:\n  {}",
        failed.len(),
        calls.len(),
        first_few(&failed)
    );
    let slowest = calls.iter().filter_map(|c| c.clone().ok()).max().unwrap_or_default();
    eprintln!(
        "{} normal calls during the uploads, the slowest {slowest:?}",
        calls.len()
    );
    assert!(!calls.is_empty(), "no normal call was made during the uploads");
    echo_call(&emulator, r#"{"after":"the uploads"}"#).unwrap();
    assert_peak_rss_under_limit(&mut emulator, &format!("{BIG_UPLOADS} concurrent 100 MB uploads"));
}

// ---------------------------------------------------------------------------
// --max-connections
// ---------------------------------------------------------------------------

/// Past `--max-connections` a connection waits in the listen queue, unanswered, until one held closes; then it is
/// served. (The bound on what a burst of connections costs; BENCHMARKS.md, "Half-open connections".)
#[test]
fn past_max_connections_the_next_waits_until_one_closes() {
    let _turn = one_at_a_time();
    let emulator = Emulator::start(&["--max-connections", "2"]);
    let held: Vec<TcpStream> = (0..2)
        .map(|i| {
            let mut stream = emulator.connect();
            stream
                .write_all(&echo_request(&emulator.addr, &format!("[{i}]")))
                .expect("send");
            let answer = RawResponse::parse(&read_one_response(&mut stream));
            assert_eq!((answer.status, answer.text()), (200, format!("[{i}]")));
            stream
        })
        .collect();
    let mut waiting = emulator.connect();
    waiting.write_all(&echo_request(&emulator.addr, "[2]")).expect("send");
    // Unanswered while both are held: the bounded read is the check, not a wait for the emulator.
    waiting
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("read timeout");
    let mut byte = [0u8; 1];
    match waiting.read(&mut byte) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("a third connection of two was served: {other:?}"),
    }
    drop(held);
    waiting.set_read_timeout(Some(IO_TIMEOUT)).expect("read timeout");
    let answer = RawResponse::parse(&read_one_response(&mut waiting));
    assert_eq!((answer.status, answer.text().as_str()), (200, "[2]"));
}
