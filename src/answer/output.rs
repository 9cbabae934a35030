//! Everything yr prints: the result on stdout, and on stderr the error and hint lines, summaries, warnings and -v
//! traces. `Ui` is the one printer: it owns both streams (the process's, or writers a test passes in) and every
//! command writes through it; nothing else in yr opens stdout or stderr (the one exception is the Ctrl-C handler
//! in interrupt.rs, which may only call write(2)). Every stderr line passes through `secrets::redact`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::answer::color::{self, Paint, Palette, Stream, When};
use crate::answer::json_fmt;
use crate::answer::reply::Verdict;
use crate::client::endpoint::Url;
use crate::client::http::{Exchange, WireRequest};
use crate::error_table;
use crate::wording::human_duration;

/// How much to say on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Headers,
    Timings,
}

/// Where the printer writes: the process's stdout and stderr, or writers a test passes in.
pub struct Sink {
    stdout: Mutex<Box<dyn Write + Send>>,
    stderr: Mutex<Box<dyn Write + Send>>,
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sink")
    }
}

/// The printer and the output decisions made once at start-up. Cloning it shares the streams (the bench's live
/// line and the emulator's request log write from other threads).
#[derive(Debug, Clone)]
pub struct Ui {
    sink: Arc<Sink>,
    pub verbosity: Verbosity,
    pub stdout_terminal: bool,
    pub stderr_terminal: bool,
    pub stdout_palette: Palette,
    pub stderr_palette: Palette,
    /// stderr can take a line redrawn in place (a spinner while waiting).
    pub stderr_redraws: bool,
}

impl Ui {
    /// The printer on the process's own stdout and stderr.
    pub fn new(verbosity: Verbosity, color: When) -> Ui {
        Ui::with_writers(verbosity, color, Box::new(io::stdout()), Box::new(io::stderr()))
    }

    /// The printer on other writers (a test's buffers); terminal and colour decisions are still the process's.
    pub fn with_writers(
        verbosity: Verbosity,
        color: When,
        stdout: Box<dyn Write + Send>,
        stderr: Box<dyn Write + Send>,
    ) -> Ui {
        Ui {
            sink: Arc::new(Sink {
                stdout: Mutex::new(stdout),
                stderr: Mutex::new(stderr),
            }),
            verbosity,
            stdout_terminal: color::is_terminal(Stream::Stdout),
            stderr_terminal: color::is_terminal(Stream::Stderr),
            stdout_palette: color::palette_for(Stream::Stdout, color),
            stderr_palette: color::palette_for(Stream::Stderr, color),
            stderr_redraws: color::redraws(Stream::Stderr),
        }
    }

    /// The same printer, its streams shared, at another verbosity and without colour: for the part of a command that
    /// says more or less than the command itself (`yr test`'s retry and polling notes, shown only with -v).
    pub fn plain_at(&self, verbosity: Verbosity) -> Ui {
        Ui {
            verbosity,
            stdout_palette: Palette::plain(),
            stderr_palette: Palette::plain(),
            ..self.clone()
        }
    }

    /// Writes `bytes` to stdout and flushes: the result, reports, JSON. The error is the writer's (a closed pipe).
    pub fn out(&self, bytes: &[u8]) -> io::Result<()> {
        let mut stdout = self.sink.stdout.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        stdout.write_all(bytes).and_then(|()| stdout.flush())
    }

    /// As `out`, for a command's output: a failure is `cannot write to stdout` (a closed pipe stays recognisable
    /// in the chain, and is not a failure of the call; exit::for_error).
    pub fn print(&self, bytes: &[u8]) -> anyhow::Result<()> {
        self.out(bytes).map_err(stdout_error)
    }

    /// As `print`, for what yr itself writes on stdout (reports, settings, names), not a function's result: through
    /// the one redaction, so no secret is in it.
    pub fn print_own(&self, text: &str) -> anyhow::Result<()> {
        self.print(crate::secrets::redact(text).as_bytes())
    }

    /// Runs `write` on stdout, then flushes: for a body copied as it arrives.
    pub fn out_with<T, E: From<io::Error>>(&self, write: impl FnOnce(&mut dyn Write) -> Result<T, E>) -> Result<T, E> {
        let mut stdout = self.sink.stdout.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let value = write(&mut **stdout)?;
        stdout.flush()?;
        Ok(value)
    }

    /// Writes `bytes` to stderr as they are (already redacted where they need to be) and flushes.
    pub fn err(&self, bytes: &[u8]) {
        let mut stderr = self.sink.stderr.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = stderr.write_all(bytes).and_then(|()| stderr.flush());
    }

    /// stderr as a writer of its own, for a thread that batches its lines (the emulator's request log).
    pub fn stderr_writer(&self) -> impl Write + Send + 'static {
        StderrOf(self.sink.clone())
    }

    /// A spinner on stderr while yr waits, saying what for and for how long since `since`; on a terminal only, and
    /// not with -q. It is cleared when dropped, before anything else is printed.
    pub fn spinner(&self, what: &str, since: Instant) -> Spinner {
        if !self.stderr_redraws || self.verbosity == Verbosity::Quiet {
            return Spinner(None);
        }
        let target = indicatif::ProgressDrawTarget::term_like(Box::new(StderrTerminal(self.sink.clone())));
        let bar = indicatif::ProgressBar::with_draw_target(None, target);
        let waited = move |_: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(out, "{:.1}s", since.elapsed().as_secs_f64());
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} · {waited}") {
            bar.set_style(style.with_key("waited", waited));
        }
        bar.set_message(shown_line(what).into_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }

    /// `yr: error: ...` and its causes, then an optional hint. Printed even with -q.
    pub fn error(&self, message: &str, hint: Option<&str>) {
        let p = self.stderr_palette;
        let mut text = format!("{} {}\n", p.paint("yr: error:", Paint::Error), shown_text(message));
        if let Some(hint) = hint {
            let _ = writeln!(text, "{} {}", p.paint("hint:", Paint::Hint), shown_text(hint));
        }
        self.err(crate::secrets::redact(&text).as_bytes());
    }

    pub fn warn(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            let line = format!(
                "{} {}\n",
                self.stderr_palette.paint("yr: warning:", Paint::Warning),
                shown_text(message)
            );
            self.err(crate::secrets::redact(&line).as_bytes());
        }
    }

    /// `yr: ...` on stderr, unless -q: a status worth telling that is neither a warning nor an error.
    pub fn note(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            let line = format!("yr: {}\n", shown_text(message));
            self.err(crate::secrets::redact(&line).as_bytes());
        }
    }

    /// The function's log tail (`--logs`) on stderr. Piped, its bytes as they are (a line break added at the end);
    /// on a terminal each line is marked `log │`, so the logs and the result do not look alike. `in_error`: its
    /// last lines were the error message, left out here to be shown once, in the error block.
    pub fn logs(&self, log: &[u8], in_error: bool) {
        let mut out = Vec::new();
        if self.stderr_terminal {
            let text = String::from_utf8_lossy(log);
            let mark = self.stderr_palette.paint("log │", Paint::Dim);
            for line in text.lines() {
                out.extend_from_slice(format!("{mark} {}\n", crate::secrets::redact(line)).as_bytes());
            }
            if in_error && text.trim().is_empty() {
                let note = self
                    .stderr_palette
                    .paint("(the log tail is the error below)", Paint::Dim);
                out.extend_from_slice(format!("{mark} {note}\n").as_bytes());
            }
        } else if !log.is_empty() {
            match std::str::from_utf8(log) {
                Ok(text) => out.extend_from_slice(crate::secrets::redact(text).as_bytes()),
                Err(_) => out.extend_from_slice(log),
            }
            if !log.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
        self.err(&out);
    }

    /// A summary line on stderr (already ending in a line break): on a terminal, unless -q; piped, a success
    /// prints nothing on stderr.
    /// Its server-chosen parts (the trace id) are already shown through `shown_line`: the line itself is coloured.
    pub fn summary(&self, line: &str) {
        if self.stderr_terminal && self.verbosity >= Verbosity::Normal {
            self.err(crate::secrets::redact(line).as_bytes());
        }
    }

    /// A line on stderr that only -v and above show.
    pub fn trace(&self, level: Verbosity, text: &str) {
        if self.verbosity >= level {
            self.err(crate::secrets::redact(&shown_text(text)).as_bytes());
        }
    }

    /// An asynchronous call's request id as stdout gets it: as the frontend sent it when piped (a script passes it
    /// to `yr result`), its control characters shown as `?` on a terminal.
    pub fn id_line(&self, id: &str) -> String {
        if self.stdout_terminal {
            format!("{}\n", shown_line(id))
        } else {
            format!("{id}\n")
        }
    }
}

/// Text a server chose (a message, a trace or request id, a header), as yr prints it: every control character (an
/// escape sequence's ESC, CR, NUL, the C1 controls some terminals obey) shown as `?`, line breaks and tabs kept.
/// Every stderr line goes through it in `Ui`; what is built before colouring (summaries, reports) calls it on the
/// server's part. The result on stdout, piped, never does: it is the function's own bytes.
pub fn shown_text(text: &str) -> Cow<'_, str> {
    shown(text, &['\n', '\t'])
}

/// As `shown_text`, for a text that must stay on one line (an id): a line break is `?` too.
pub fn shown_line(text: &str) -> Cow<'_, str> {
    shown(text, &['\t'])
}

fn shown<'a>(text: &'a str, kept: &[char]) -> Cow<'a, str> {
    if !text.chars().any(|c| c.is_control() && !kept.contains(&c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c.is_control() && !kept.contains(&c) { '?' } else { c })
            .collect(),
    )
}

/// A failed write of a command's output, worded once: `cannot write to stdout`, the I/O error kept in the chain.
pub fn stdout_error(error: io::Error) -> anyhow::Error {
    anyhow::Error::new(error).context("cannot write to stdout")
}

/// A line redrawn in place on stderr while yr waits (`Ui::spinner`); nothing at all when stderr is not a terminal.
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    /// A spinner that shows nothing.
    pub fn none() -> Spinner {
        Spinner(None)
    }

    /// What the spinner says it waits for.
    pub fn say(&self, what: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(shown_line(what).into_owned());
        }
    }

    /// Runs `print` with the spinner's line cleared, then draws it again, so a -v line does not land in it.
    pub fn aside(&self, print: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// stderr as indicatif's terminal. indicatif's own decides by itself whether stderr is a terminal (and draws
/// nothing otherwise); yr decides once, in `Ui`, so the spinner follows the same rule as colour and summaries
/// (and the test switch that acts as a terminal).
#[derive(Debug)]
struct StderrTerminal(Arc<Sink>);

impl StderrTerminal {
    fn put(&self, text: &str) -> io::Result<()> {
        let mut stderr = self.0.stderr.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush())
    }
}

/// The printer's stderr as a writer (`Ui::stderr_writer`).
struct StderrOf(Arc<Sink>);

impl Write for StderrOf {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut stderr = self.0.stderr.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        stderr.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0
            .stderr
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .flush()
    }
}

impl indicatif::TermLike for StderrTerminal {
    fn width(&self) -> u16 {
        terminal_width()
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.put(&format!("\x1b[{n}A"))
        }
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.put(&format!("\x1b[{n}B"))
        }
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.put(&format!("\x1b[{n}C"))
        }
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.put(&format!("\x1b[{n}D"))
        }
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.put(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.put(s)
    }

    fn clear_line(&self) -> io::Result<()> {
        self.put(CLEAR_LINE)
    }

    fn flush(&self) -> io::Result<()> {
        self.0
            .stderr
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .flush()
    }
}

/// Clears the line the cursor is on and returns to its start: how the spinner, the bench's live line and `yr test`'s
/// status line leave no trace.
pub const CLEAR_LINE: &str = "\r\x1b[2K";

/// The width of the terminal on stderr, so a line redrawn in place (the spinner, the bench's live line) is cut
/// rather than wrapped (a wrapped line cannot be cleared in place); 80 when it cannot be read (a test's forced
/// terminal).
pub fn terminal_width() -> u16 {
    #[cfg(unix)]
    {
        // SAFETY: TIOCGWINSZ only writes the winsize struct passed to it.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(2, libc::TIOCGWINSZ, &mut size) } == 0;
        if ok && size.ws_col > 0 {
            return size.ws_col;
        }
    }
    80
}

/// An error as one line with its causes: `outer: cause: root cause`.
pub fn error_chain(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let _ = write!(text, ": {cause}");
    }
    text
}

/// `HTTP 500, code 4037 (session config invalid): <message> [trace <id>]`. A message of several lines (a
/// traceback) gives its first line there and the rest beneath, indented, as cargo prints an error's causes.
pub fn failure_line(verdict: &Verdict) -> String {
    let mut line = format!("HTTP {}", verdict.status);
    if let Some(code) = verdict.code {
        let _ = write!(line, ", code {code}");
        if let Some(name) = error_table::describe(code) {
            let _ = write!(line, " ({name})");
        }
    }
    let (first, rest) = match verdict.lines.split_first() {
        Some((first, rest)) => (Some(first.trim_start()), rest),
        None => (verdict.message.as_deref(), &[][..]),
    };
    if let Some(message) = first {
        let _ = write!(line, ": {message}");
    }
    if let Some(trace) = &verdict.trace_id {
        let _ = write!(line, " [trace {}]", shown_line(trace));
    }
    for text in shown_lines(rest) {
        line.push('\n');
        if !text.is_empty() {
            let _ = write!(line, "  {text}");
        }
    }
    line
}

/// The lines beneath an error line, at most `MAX_ERROR_LINES`: a longer message keeps its start and its end
/// (where a traceback names the exception), with a note in between. Each line is cut at 500 characters.
fn shown_lines(lines: &[String]) -> Vec<String> {
    const MAX_ERROR_LINES: usize = 100;
    const HEAD: usize = 20;
    let cut = |l: &String| {
        if l.chars().count() > 500 {
            format!("{}…", l.chars().take(500).collect::<String>())
        } else {
            l.clone()
        }
    };
    if lines.len() <= MAX_ERROR_LINES {
        return lines.iter().map(cut).collect();
    }
    let tail = MAX_ERROR_LINES - HEAD - 1;
    let left_out = lines.len() - HEAD - tail;
    let mut shown: Vec<String> = lines[..HEAD].iter().map(cut).collect();
    shown.push(format!("… {left_out} lines left out (`--json` has the whole answer) …"));
    shown.extend(lines[lines.len() - tail..].iter().map(cut));
    shown
}

/// The one-line summary after a call on a terminal: `HTTP 200 · code 0 · 12.3 ms · trace abc`; a stream's says how
/// many frames it printed (`HTTP 200 · 3 frames · 1.2s`), its time the whole stream's.
pub fn summary_line(verdict: &Verdict, exchange: &Exchange, frames: Option<usize>, palette: &Palette) -> String {
    let status = format!("HTTP {}", verdict.status);
    let mut line = palette.paint(&status, if verdict.ok { Paint::Good } else { Paint::Error });
    if let Some(code) = verdict.code {
        let _ = write!(line, " · code {code}");
    }
    if let Some(frames) = frames {
        let _ = write!(line, " · {frames} frame{}", if frames == 1 { "" } else { "s" });
    }
    let _ = write!(line, " · {}", human_duration(exchange.timings.total));
    if let Some(trace) = &verdict.trace_id {
        let _ = write!(line, " · trace {}", shown_line(trace));
    }
    palette.paint(&line, Paint::Dim) + "\n"
}

/// `yr health` on a terminal: `http://127.0.0.1:8888 is up · HTTP 200 · 1.2 ms`, and with `--wait`, when it took more
/// than one look, how long it waited (`· up after 2.4s`).
pub fn health_line(endpoint: &str, took: Duration, waited: Option<Duration>, palette: &Palette) -> String {
    let mut line = format!("{endpoint} {}", palette.paint("is up", Paint::Good));
    let mut rest = format!(" · HTTP 200 · {}", human_duration(took));
    if let Some(waited) = waited {
        let _ = write!(rest, " · up after {}", human_duration(waited));
    }
    line.push_str(&palette.paint(&rest, Paint::Dim));
    line + "\n"
}

/// The result on stdout (or in a file): exact bytes when piped, pretty JSON on a terminal, `-r` unquotes a string.
pub fn write_result(
    out: &mut dyn Write,
    body: &[u8],
    terminal: bool,
    raw_string: bool,
    palette: &Palette,
) -> io::Result<()> {
    let text = std::str::from_utf8(body).ok();
    let valid_json = text.filter(|t| serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok());
    if raw_string {
        if let Some(Ok(serde_json::Value::String(s))) = valid_json.map(serde_json::from_str::<serde_json::Value>) {
            out.write_all(s.as_bytes())?;
            return out.write_all(b"\n");
        }
    }
    if !terminal {
        return out.write_all(body);
    }
    match valid_json {
        Some(json) => {
            out.write_all(json_fmt::for_terminal(json, true, palette).as_bytes())?;
            out.write_all(b"\n")
        }
        None => {
            out.write_all(body)?;
            if !body.is_empty() && !body.ends_with(b"\n") {
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// The request as -v shows it, X-Auth redacted.
pub fn request_trace(endpoint: &Url, request: &WireRequest) -> String {
    let mut text = format!(
        "> {} {}{} HTTP/1.1\n> Host: {}\n> User-Agent: {}\n",
        request.method,
        endpoint.prefix,
        request.path,
        endpoint.authority(),
        crate::client::http::USER_AGENT
    );
    if !request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("Accept")) {
        text.push_str("> Accept: */*\n");
    }
    for (name, value) in &request.headers {
        let _ = writeln!(text, "> {name}: {}", shown_header_value(name, value));
    }
    if crate::client::http::expects_continue(request) {
        text.push_str("> Expect: 100-continue\n");
    }
    let _ = writeln!(text, "> Content-Length: {}\n>", request.body.len());
    text
}

/// The value of a header as printed anywhere: the token never.
pub fn shown_header_value<'a>(name: &str, value: &'a str) -> &'a str {
    if name.eq_ignore_ascii_case("X-Auth") {
        "<redacted>"
    } else {
        value
    }
}

pub fn response_trace(exchange: &Exchange) -> String {
    let reason = ureq::http::StatusCode::from_u16(exchange.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut text = format!("< {} {} {reason}\n", exchange.version, exchange.status);
    for (name, value) in &exchange.headers {
        let _ = writeln!(text, "< {name}: {}", shown_line(shown_header_value(name, value)));
    }
    text.push_str("<\n");
    text
}

pub fn timings_trace(exchange: &Exchange) -> String {
    let t = &exchange.timings;
    let connect = t.connect.map_or("reused".to_string(), human_duration);
    format!(
        "* connect {connect} · first byte {} · total {}\n",
        human_duration(t.first_byte),
        human_duration(t.total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose bytes a test reads back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn printer(verbosity: Verbosity) -> (Ui, Captured, Captured) {
        let (out, err) = (Captured::default(), Captured::default());
        let ui = Ui::with_writers(verbosity, When::Never, Box::new(out.clone()), Box::new(err.clone()));
        (ui, out, err)
    }

    #[test]
    fn the_printer_writes_only_to_the_streams_it_was_given() {
        let (ui, out, err) = printer(Verbosity::Normal);
        ui.print(b"\"hello\"\n").unwrap();
        ui.error("HTTP 500, code 4002", Some("check the function"));
        ui.warn("a warning");
        ui.trace(Verbosity::Headers, "not at this verbosity\n");
        assert_eq!(out.text(), "\"hello\"\n");
        assert_eq!(
            err.text(),
            "yr: error: HTTP 500, code 4002\nhint: check the function\nyr: warning: a warning\n"
        );
        // A clone shares the streams: the bench's live line and the emulator's log write from other threads.
        let clone = ui.clone();
        std::thread::spawn(move || clone.err(b"from a thread\n"))
            .join()
            .unwrap();
        let mut log = ui.stderr_writer();
        log.write_all(b"a log line\n").unwrap();
        assert!(err.text().ends_with("from a thread\na log line\n"), "{}", err.text());
    }

    #[test]
    fn a_plain_printer_at_another_verbosity_shares_the_streams() {
        let (ui, out, err) = printer(Verbosity::Timings);
        let quiet = ui.plain_at(Verbosity::Quiet);
        assert_eq!(quiet.verbosity, Verbosity::Quiet);
        assert!(!quiet.stdout_palette.enabled && !quiet.stderr_palette.enabled);
        quiet.note("hidden");
        ui.plain_at(Verbosity::Normal).note("shown");
        quiet.print(b"out\n").unwrap();
        assert_eq!(
            (out.text(), err.text()),
            ("out\n".to_string(), "yr: shown\n".to_string())
        );
        assert_eq!(ui.verbosity, Verbosity::Timings);
    }

    #[test]
    fn server_text_is_shown_without_control_characters() {
        let hostile = "a\u{1b}]0;t\u{7}b\rc\nd\0e\u{9b}f\tg\u{7f}";
        assert_eq!(shown_text(hostile), "a?]0;t?b?c\nd?e?f\tg?");
        assert_eq!(shown_line(hostile), "a?]0;t?b?c?d?e?f\tg?");
        assert!(matches!(shown_text("你好 plain"), Cow::Borrowed(_)));
        let (ui, _, err) = printer(Verbosity::Headers);
        ui.error("bad\u{1b}[2J", Some("hint\u{1b}]0;x"));
        ui.trace(Verbosity::Headers, "< x: \u{9b}31m\n");
        assert_eq!(err.text(), "yr: error: bad?[2J\nhint: hint?]0;x\n< x: ?31m\n");
    }

    #[test]
    fn quiet_keeps_errors_only() {
        let (ui, out, err) = printer(Verbosity::Quiet);
        ui.warn("hidden");
        ui.note("hidden");
        ui.error("shown", None);
        assert_eq!(
            (out.text(), err.text()),
            (String::new(), "yr: error: shown\n".to_string())
        );
    }

    #[test]
    fn results_print_by_mode() {
        let run = |body: &[u8], terminal: bool, raw: bool| {
            let mut out = Vec::new();
            write_result(&mut out, body, terminal, raw, &Palette::plain()).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(run(b"\"hello yuanrong\"", false, false), "\"hello yuanrong\"");
        assert_eq!(run(b"\"hello yuanrong\"", false, true), "hello yuanrong\n");
        assert_eq!(run(b"\"a\\nb\"", true, true), "a\nb\n");
        assert_eq!(run(b"{\"a\":1}", true, false), "{\n  \"a\": 1\n}\n");
        assert_eq!(run(b"{\"a\":1}", false, true), "{\"a\":1}");
        assert_eq!(run(b"plain text", true, false), "plain text\n");
        assert_eq!(run(b"", true, false), "");
    }

    #[test]
    fn long_error_messages_keep_their_start_and_end() {
        let lines: Vec<String> = (1..=150).map(|n| format!("line {n}")).collect();
        let shown = shown_lines(&lines);
        assert_eq!(shown.len(), 100);
        assert_eq!((shown[0].as_str(), shown[19].as_str()), ("line 1", "line 20"));
        assert_eq!(shown[20], "… 51 lines left out (`--json` has the whole answer) …");
        assert_eq!((shown[21].as_str(), shown[99].as_str()), ("line 72", "line 150"));
        assert_eq!(shown_lines(&lines[..100]).len(), 100);
        assert_eq!(shown_lines(&["x".repeat(600)])[0].chars().count(), 501);
    }

    #[test]
    fn traces_redact_the_token() {
        let request = WireRequest {
            method: "POST",
            path: "/p".into(),
            headers: vec![("X-Auth".into(), "secret".into()), ("X-A".into(), "b".into())],
            body: crate::client::body::WireBody::Bytes(b"{}"),
        };
        let text = request_trace(&Url::parse("http://h:1/base", false).unwrap().0, &request);
        assert!(text.starts_with("> POST /base/p HTTP/1.1\n> Host: h:1\n"), "{text}");
        assert!(
            text.contains("> X-Auth: <redacted>\n") && !text.contains("secret"),
            "{text}"
        );
    }
}
