//! `yr serve`'s account of itself on stderr: what it serves, at start-up, then one line per call (method, function,
//! HTTP status, inner code, duration, trace id), the function's stderr tail under a failing call and, at `-v`, the
//! headers. A thread of its own writes the lines from a bounded queue, so a slow terminal never holds up a call: when
//! the queue is full a call goes unlogged, and the log says how many did.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use hyper::Method;

use super::functions::{Function, Registry};
use crate::answer::color::{Paint, Palette};
use crate::answer::output::Ui;
use crate::values::printable;
use crate::wording::human_duration;

/// Calls waiting to be written; past this many a call goes unlogged rather than wait for stderr.
const QUEUE: usize = 16 * 1024;
/// The most lines of a function's stderr shown under a call (the tail: where the error usually is).
const TAIL_LINES: usize = 20;
/// Written lines are flushed at least this often while calls keep coming.
const FLUSH_EVERY: usize = 512;
/// While calls keep coming, how long the writer lets lines queue up between batches.
const POLL: Duration = Duration::from_millis(10);
/// The method column: `DELETE` is the longest.
const METHOD_WIDTH: usize = 6;

/// How much the log says about each call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// One line, and a failing call's message and stderr tail.
    Calls,
    /// Also the request's and the answer's headers, and every call's stderr tail.
    Headers,
}

/// What kind of line a call gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A request and its answer.
    Answered,
    /// The end of an asynchronous call, after its 202.
    AsyncDone,
    /// A streamed answer, logged when the stream ends.
    Streamed,
}

/// One call as the log shows it. Text is sanitised when written, not here: the writer thread does that work.
#[derive(Debug)]
pub struct Call {
    pub kind: Kind,
    pub method: Method,
    /// The function's name as served, else the URN asked for, else the path.
    pub what: Arc<str>,
    pub status: u16,
    pub code: Option<i64>,
    pub elapsed: Duration,
    pub trace: Option<String>,
    /// The request's `traceparent`, with what upstream makes of it (see `traceparent_note`).
    pub traceparent: Option<String>,
    /// An asynchronous call's request id.
    pub request_id: Option<String>,
    /// `X-Log-Result` as sent: the function's stderr tail in base64.
    pub stderr: Option<String>,
    /// A failing answer's body, for its message.
    pub body: Option<Bytes>,
    /// At `-v`: the request line and headers, then the status line and headers of the answer.
    pub request_head: Option<Vec<(String, String)>>,
    pub response_head: Option<Vec<(String, String)>>,
    /// Said under the line in place of a message, e.g. that the client went away mid-stream.
    pub note: Option<&'static str>,
}

impl Call {
    /// A call with nothing known yet but what it asked for.
    pub fn new(kind: Kind, method: Method, what: Arc<str>) -> Call {
        Call {
            kind,
            method,
            what,
            status: 0,
            code: None,
            elapsed: Duration::ZERO,
            trace: None,
            traceparent: None,
            request_id: None,
            stderr: None,
            body: None,
            request_head: None,
            response_head: None,
            note: None,
        }
    }

    /// A 2xx (or 3xx) with inner code 0 or none.
    fn ok(&self) -> bool {
        !failing(self.status, self.code)
    }
}

/// Whether the log counts an answer as failed, and shows why: a status of 400 or above, or an inner code other
/// than 0.
pub fn failing(status: u16, code: Option<i64>) -> bool {
    status >= 400 || code.is_some_and(|c| c != 0)
}

enum Entry {
    Call(Box<Call>),
    Text(String),
    Flush(mpsc::Sender<()>),
}

/// The log's sending end, shared by every connection.
pub struct RequestLog {
    queue: SyncSender<Entry>,
    unlogged: Arc<AtomicU64>,
    detail: Detail,
}

impl RequestLog {
    /// Starts the thread that writes the log to the printer's stderr. `width` is the function column's width (the
    /// longest served name).
    pub fn start(detail: Detail, ui: &Ui, width: usize) -> Arc<RequestLog> {
        let (queue, receiver) = mpsc::sync_channel(QUEUE);
        let unlogged = Arc::new(AtomicU64::new(0));
        let palette = ui.stderr_palette;
        let layout = Layout { detail, palette, width };
        let counter = unlogged.clone();
        let stderr = ui.stderr_writer();
        // Detached: it ends when the last sender is dropped; `flush` is how the process waits for it.
        let _ = std::thread::Builder::new()
            .name("yr-serve-log".into())
            .spawn(move || write_entries(receiver, &counter, &layout, stderr));
        Arc::new(RequestLog {
            queue,
            unlogged,
            detail,
        })
    }

    pub fn shows_headers(&self) -> bool {
        self.detail >= Detail::Headers
    }

    /// Queues a call's line; never waits.
    pub fn call(&self, call: Call) {
        if let Err(TrySendError::Full(_)) = self.queue.try_send(Entry::Call(Box::new(call))) {
            self.unlogged.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Queues text as it is (the start-up listing).
    pub fn text(&self, text: String) {
        let _ = self.queue.send(Entry::Text(text));
    }

    /// Queues a line of the emulator's own (a webhook dropped); never waits: with the queue full it goes unlogged.
    pub fn note(&self, text: String) {
        if self.queue.try_send(Entry::Text(text)).is_err() {
            self.unlogged.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Waits (at most `limit`) until everything queued so far is written: before the process exits.
    pub fn flush(&self, limit: Duration) {
        let (ack, done) = mpsc::channel();
        if self.queue.send(Entry::Flush(ack)).is_ok() {
            let _ = done.recv_timeout(limit);
        }
    }
}

/// How lines are laid out and coloured.
struct Layout {
    detail: Detail,
    palette: Palette,
    width: usize,
}

fn write_entries(receiver: Receiver<Entry>, unlogged: &AtomicU64, layout: &Layout, stderr: impl Write) {
    let mut out = std::io::BufWriter::with_capacity(64 << 10, stderr);
    let mut acks = Vec::new();
    let mut line = String::with_capacity(256);
    // Idle, the thread sleeps in `recv` and the first call wakes it. While calls keep coming it takes what queued up
    // every POLL instead: a sender then finds no one to wake, and a futex wake per call cost more than the line.
    while let Ok(first) = receiver.recv() {
        let mut next = Some(first);
        loop {
            let mut written = 0;
            while let Some(entry) = next {
                match entry {
                    Entry::Call(call) => {
                        line.clear();
                        write_call(&call, layout, &mut line);
                        let _ = out.write_all(crate::secrets::redact(&line).as_bytes());
                    }
                    Entry::Text(text) => {
                        let _ = out.write_all(crate::secrets::redact(&text).as_bytes());
                    }
                    Entry::Flush(ack) => acks.push(ack),
                }
                written += 1;
                if written % FLUSH_EVERY == 0 {
                    note_unlogged(&mut out, unlogged);
                    let _ = out.flush();
                }
                next = receiver.try_recv().ok();
            }
            note_unlogged(&mut out, unlogged);
            let _ = out.flush();
            for ack in acks.drain(..) {
                let _ = ack.send(());
            }
            if written <= 1 {
                break;
            }
            std::thread::sleep(POLL);
            next = receiver.try_recv().ok();
            if next.is_none() {
                break;
            }
        }
    }
}

fn note_unlogged(out: &mut impl Write, unlogged: &AtomicU64) {
    let lost = unlogged.swap(0, Ordering::Relaxed);
    if lost > 0 {
        let calls = if lost == 1 { "call" } else { "calls" };
        let _ = writeln!(out, "yr serve: {lost} {calls} not logged: stderr did not keep up");
    }
}

#[cfg(test)]
fn format_call(call: &Call, layout: &Layout) -> String {
    let mut line = String::new();
    write_call(call, layout, &mut line);
    line
}

/// A request's traceparent as the log shows it: as sent, and what upstream's `BuildInboundContext`
/// (pkg/common/faas_common/tracer/trace_utils.go) makes of it: a trace derived from X-Trace-Id, else X-Request-Id,
/// wins; only without one is the traceparent followed, and a malformed one is dropped (the W3C propagator extracts
/// nothing).
pub fn traceparent_note(traceparent: &str, x_trace_id: &str, x_request_id: &str) -> String {
    use crate::trace::{TraceParent, otel_trace_id};
    let local = if x_trace_id.is_empty() {
        otel_trace_id(x_request_id)
    } else {
        otel_trace_id(x_trace_id).or_else(|| otel_trace_id(x_request_id))
    };
    match (TraceParent::parse(traceparent), local) {
        (Err(_), _) => format!("{traceparent} (malformed: ignored)"),
        (Ok(parsed), Some(local)) if parsed.trace_id != local => {
            format!("{traceparent} (not followed: X-Trace-Id names trace {local})")
        }
        _ => traceparent.to_string(),
    }
}

/// `POST   greet  HTTP 500 · code 4002 · 12.3 ms · trace …`, then what explains a failure. The common case, one
/// line without colour, is written straight into `line`: under load this runs once per call.
fn write_call(call: &Call, layout: &Layout, line: &mut String) {
    let p = &layout.palette;
    let method = match call.kind {
        Kind::AsyncDone => "async",
        Kind::Answered | Kind::Streamed => call.method.as_str(),
    };
    let _ = write!(line, "{method:<METHOD_WIDTH$} ");
    let what = shown(&call.what);
    let status = if call.ok() { Paint::Good } else { Paint::Error };
    if p.enabled {
        line.push_str(&p.paint(&format!("{what:<width$}", width = layout.width), Paint::Key));
        line.push(' ');
        line.push_str(&p.paint(&format!("HTTP {}", call.status), status));
    } else {
        let _ = write!(line, "{what:<width$} HTTP {}", call.status, width = layout.width);
    }
    let rest_start = line.len();
    if let Some(code) = call.code {
        let _ = write!(line, " · code {code}");
    }
    let _ = write!(line, " · {}", human_duration(call.elapsed));
    if call.kind == Kind::Streamed {
        line.push_str(" · streamed");
    }
    if let Some(id) = &call.request_id {
        let _ = write!(line, " · request {}", shown(id));
    }
    if let Some(trace) = &call.trace {
        let _ = write!(line, " · trace {}", shown(trace));
    }
    if let Some(traceparent) = &call.traceparent {
        let _ = write!(line, " · traceparent {}", shown(traceparent));
    }
    if p.enabled {
        let rest = line.split_off(rest_start);
        line.push_str(&p.paint(&rest, Paint::Dim));
    }
    line.push('\n');

    let indent = " ".repeat(METHOD_WIDTH + 1);
    if let (Some(request), Some(response)) = (&call.request_head, &call.response_head) {
        for (mark, head) in [('>', request), ('<', response)] {
            for (i, (name, value)) in head.iter().enumerate() {
                let shown = if i == 0 {
                    format!("{mark} {name} {value}")
                } else {
                    format!("{mark} {name}: {value}")
                };
                let _ = writeln!(line, "{indent}{}", p.paint(&printable(&shown), Paint::Dim));
            }
        }
    }
    let show_tail = !call.ok() || layout.detail >= Detail::Headers;
    let tail = call
        .stderr
        .as_deref()
        .filter(|_| show_tail)
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
        .filter(|text| !text.is_empty());
    let message = match call.note {
        Some(note) => Some(note.to_string()),
        None if !call.ok() => call.body.as_deref().and_then(message_of),
        None => None,
    };
    if let Some(message) = message.filter(|m| tail.as_deref() != Some(m.trim())) {
        for text in message.lines().filter(|l| !l.trim().is_empty()).take(TAIL_LINES) {
            let _ = writeln!(line, "{indent}{}", printable(text.trim_end()));
        }
    }
    if let Some(tail) = tail {
        let lines: Vec<&str> = tail.lines().collect();
        let skipped = lines.len().saturating_sub(TAIL_LINES);
        if skipped > 0 {
            let _ = writeln!(
                line,
                "{indent}{}",
                p.paint(&format!("│ … {skipped} lines before"), Paint::Dim)
            );
        }
        for text in &lines[skipped..] {
            let text = printable(&text.trim_end().replace('\t', "    "));
            let _ = writeln!(line, "{indent}{} {text}", p.paint("│", Paint::Dim));
        }
    }
}

/// Text as it may be written to a terminal: control characters escaped (a client chose the path and the headers).
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        std::borrow::Cow::Owned(printable(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// What a failing answer says: the `message` (or `error`) of its JSON body, the first SSE frame's, or its text.
fn message_of(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let data = text
        .strip_prefix("data: ")
        .map_or(text, |rest| rest.split("\n\n").next().unwrap_or(rest));
    if let Ok(serde_json::Value::Object(object)) = serde_json::from_str::<serde_json::Value>(data) {
        return ["message", "error"]
            .iter()
            .find_map(|key| object.get(*key).and_then(serde_json::Value::as_str))
            .map(str::to_string);
    }
    (!data.is_empty()).then(|| data.to_string())
}

/// What `yr serve` serves, for the start of its log (as `sam local start-api` lists its endpoints): each function's
/// name and what runs, its URN under it, then the routes. Laid out to fit 80 columns.
pub fn listing(registry: &Registry, url: &str, palette: &Palette) -> String {
    let served: Vec<_> = registry.listed().collect();
    let width = served.iter().map(|s| s.name.chars().count()).max().unwrap_or(0);
    let mut out = String::from("functions:\n");
    for s in &served {
        let runs = match &s.function {
            Function::Hello => "built-in: {\"name\":\"yuanrong\"} answers \"hello yuanrong\"".to_string(),
            Function::Echo => "built-in: answers the body it is sent".to_string(),
            Function::Command(command) => format!("sh -c {}", shell_quote(&printable(command))),
        };
        let name = format!("{:<width$}", printable(&s.name));
        let _ = writeln!(out, "  {}  {runs}", palette.paint(&name, Paint::Key));
        let _ = writeln!(out, "  {:width$}  {}", "", palette.paint(&s.urn, Paint::Dim));
    }
    let _ = writeln!(out, "routes, at {url}:");
    for (method, route) in ROUTES {
        let _ = writeln!(out, "  {method:<METHOD_WIDTH$} {route}");
    }
    let _ = writeln!(
        out,
        "{}",
        palette.paint(
            &format!("try: yr invoke hello -e {url} -d '{{\"name\":\"yuanrong\"}}'"),
            Paint::Hint
        )
    );
    out
}

/// `'text'`, as a shell would need it quoted.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The routes `routes::route` serves, as the listing shows them.
const ROUTES: [(&str, &str); 6] = [
    ("POST", "/serverless/v1/functions/{urn}/invocations"),
    ("POST", "/invocations/{tenant}/{service}/{function}/"),
    ("POST", "/{tenant}/{service}/{function}/   (deprecated)"),
    ("GET", "/serverless/v1/functions/async-results/{request-id}"),
    ("DELETE", "/serverless/v1/functions/{urn}/sessions/{session-id}"),
    ("GET", "/healthz"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn call(status: u16, code: Option<i64>) -> Call {
        Call {
            kind: Kind::Answered,
            method: Method::POST,
            what: Arc::from("greet"),
            status,
            code,
            elapsed: Duration::from_micros(1234),
            trace: Some("t-1".into()),
            traceparent: None,
            request_id: None,
            stderr: None,
            body: None,
            request_head: None,
            response_head: None,
            note: None,
        }
    }

    fn layout(detail: Detail) -> Layout {
        Layout {
            detail,
            palette: Palette::plain(),
            width: 6,
        }
    }

    #[test]
    fn one_line_per_call() {
        assert_eq!(
            format_call(&call(200, Some(0)), &layout(Detail::Calls)),
            "POST   greet  HTTP 200 · code 0 · 1.2 ms · trace t-1\n"
        );
        let mut health = call(200, None);
        (health.method, health.what, health.trace) = (Method::GET, Arc::from("/healthz"), None);
        assert_eq!(
            format_call(&health, &layout(Detail::Calls)),
            "GET    /healthz HTTP 200 · 1.2 ms\n"
        );
    }

    #[test]
    fn a_failing_call_shows_its_stderr_tail_or_its_message() {
        let mut failed = call(500, Some(4002));
        failed.stderr = Some(base64::engine::general_purpose::STANDARD.encode("step 1\nboom\n"));
        failed.body = Some(Bytes::from_static(br#"{"code":4002,"message":"step 1\nboom"}"#));
        assert_eq!(
            format_call(&failed, &layout(Detail::Calls)),
            "POST   greet  HTTP 500 · code 4002 · 1.2 ms · trace t-1\n       │ step 1\n       │ boom\n"
        );
        let mut refused = call(404, Some(150_424));
        refused.body = Some(Bytes::from_static(
            br#"{"code":150424,"message":"function metadata not found","trace_id":"t-1"}"#,
        ));
        assert_eq!(
            format_call(&refused, &layout(Detail::Calls)),
            "POST   greet  HTTP 404 · code 150424 · 1.2 ms · trace t-1\n       function metadata not found\n"
        );
        // A success's stderr shows only at -v.
        let mut fine = call(200, Some(0));
        fine.stderr = Some(base64::engine::general_purpose::STANDARD.encode("note"));
        assert!(!format_call(&fine, &layout(Detail::Calls)).contains("note"));
        assert!(format_call(&fine, &layout(Detail::Headers)).contains("│ note"));
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut evil = call(500, Some(4002));
        evil.what = Arc::from("a\u{1b}[2Jb");
        evil.stderr = Some(base64::engine::general_purpose::STANDARD.encode("x\u{1b}[31my"));
        let text = format_call(&evil, &layout(Detail::Calls));
        assert!(!text.contains('\u{1b}'), "{text:?}");
    }

    #[test]
    fn messages_from_bodies() {
        assert_eq!(message_of(br#"{"code":1,"message":"m"}"#).as_deref(), Some("m"));
        assert_eq!(
            message_of(br#"{"error":"Authentication failed"}"#).as_deref(),
            Some("Authentication failed")
        );
        assert_eq!(message_of(b"404 page not found").as_deref(), Some("404 page not found"));
        assert_eq!(
            message_of(b"data: {\"code\":4002,\"message\":\"broke\"}\n\ndata: [DONE]\n\n").as_deref(),
            Some("broke")
        );
        assert_eq!(message_of(b""), None);
    }
}
