//! The request body: where it comes from (-d text, @FILE, @-, piped stdin) and the JSON check before sending.

use std::ffi::OsStr;
use std::fmt;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::exit::usage;
use crate::input::{self, Deadline, InputError};
use crate::wording::io_reason;

/// Where the body came from, for messages and for `--curl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodySource {
    Inline,
    File(PathBuf),
    Stdin,
    Empty,
}

/// The body of a request. A regular file given with `-d @FILE` stays on disk and is streamed when sent (its
/// length is known, so it still goes with a Content-Length); everything else is held in `bytes`.
#[derive(Debug, Clone)]
pub struct RequestBody {
    pub bytes: Vec<u8>,
    pub source: BodySource,
    /// The length of a body streamed from its file; None when it is in `bytes`.
    pub streamed: Option<u64>,
}

/// The frontend's default limit (maxRequestBodySize); larger bodies get a warning before sending.
pub const FRONTEND_BODY_LIMIT: u64 = 6 * 1024 * 1024;

impl RequestBody {
    /// Reads the body as -d and stdin say: `-d TEXT`, `-d @FILE`, `-d @-`, else piped stdin, else empty. `-d`
    /// must be text (UTF-8), whatever the content type: bytes that are not go with `-d @FILE`.
    /// A body that is not a regular file (stdin, a FIFO, a device) is read now, at most `BODY_CAP`, by `deadline`.
    pub fn read(data: Option<&OsStr>, ignore_stdin: bool, deadline: Deadline) -> Result<RequestBody> {
        let data = data
            .map(|d| {
                d.to_str().ok_or_else(|| {
                    let fault = utf8_fault(d.as_encoded_bytes()).unwrap_or(Utf8Fault::CutShort { offset: 0 });
                    usage(format!("-d: {fault} (a body that is not text goes with -d @FILE)"))
                })
            })
            .transpose()?;
        match data {
            Some("@-") => read_stdin("-d @-", deadline),
            Some(d) if d.starts_with('@') => read_file(PathBuf::from(&d[1..]), deadline),
            Some(d) => Ok(RequestBody {
                bytes: d.as_bytes().to_vec(),
                source: BodySource::Inline,
                streamed: None,
            }),
            None if !ignore_stdin && !std::io::stdin().is_terminal() => read_stdin("stdin", deadline),
            None => Ok(RequestBody {
                bytes: Vec::new(),
                source: BodySource::Empty,
                streamed: None,
            }),
        }
    }

    /// Names the body in messages: `-d`, `-d @order.json`, `stdin`.
    pub fn describe(&self) -> String {
        match &self.source {
            BodySource::Inline => "-d".into(),
            BodySource::File(path) => format!("-d @{}", path.display()),
            BodySource::Stdin => "the body from stdin".into(),
            BodySource::Empty => "the empty body".into(),
        }
    }

    pub fn len(&self) -> u64 {
        self.streamed.unwrap_or(self.bytes.len() as u64)
    }

    /// The body as the HTTP client sends it.
    pub fn wire(&self) -> WireBody<'_> {
        match (&self.source, self.streamed) {
            (BodySource::File(path), Some(len)) => WireBody::File { path, len },
            _ => WireBody::Bytes(&self.bytes),
        }
    }

    /// The whole body in memory (for `yr bench`, which sends it many times), at most `BODY_CAP`: a regular file
    /// is read now.
    pub fn load(&self) -> Result<Vec<u8>> {
        match (&self.source, self.streamed) {
            (BodySource::File(path), Some(_)) => input::read_capped(path, input::BENCH_BODY_CAP, Deadline::NONE)
                .map_err(|e| e.for_input(&format!("-d @{}", path.display()))),
            _ => Ok(self.bytes.clone()),
        }
    }

    /// Rejects a body that is not JSON, showing line, column and the line around the fault, or the offset of the
    /// first byte that is not UTF-8 (JSON text is UTF-8, and serde_json skips the insides of strings unchecked). A
    /// streamed file is checked by streaming it too, its UTF-8 chunk by chunk as the parser reads it.
    pub fn check_json(&self) -> Result<()> {
        if self.len() == 0 {
            return Ok(());
        }
        let not_utf8 = |fault: &Utf8Fault| {
            usage(format!(
                "{} is not valid JSON: {fault} (use --content-type to send another type)",
                self.describe()
            ))
        };
        let (result, file) = match (&self.source, self.streamed) {
            (BodySource::File(path), Some(_)) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| usage(format!("-d @{}: cannot read it: {}", path.display(), io_reason(&e))))?;
                let checked = Utf8Reader {
                    inner: file,
                    check: Utf8Check::default(),
                };
                (
                    serde_json::from_reader::<_, serde::de::IgnoredAny>(BufReader::new(checked)),
                    Some(path),
                )
            }
            _ => {
                if let Some(fault) = utf8_fault(&self.bytes) {
                    return Err(not_utf8(&fault));
                }
                (serde_json::from_slice::<serde::de::IgnoredAny>(&self.bytes), None)
            }
        };
        let Err(e) = result else {
            return Ok(());
        };
        if e.is_io() {
            let e = std::io::Error::from(e);
            if let Some(fault) = e.get_ref().and_then(|inner| inner.downcast_ref::<Utf8Fault>()) {
                return Err(not_utf8(fault));
            }
            return Err(usage(format!("{}: cannot read it: {}", self.describe(), io_reason(&e))));
        }
        let line = match file {
            Some(path) => line_of_file(path, e.line()),
            None => String::from_utf8_lossy(&self.bytes)
                .lines()
                .nth(e.line().saturating_sub(1))
                .map(str::to_string),
        };
        Err(usage(format!(
            "{} is not valid JSON: {} (use --content-type to send another type)\n{}",
            self.describe(),
            e,
            line.map(|l| snippet(&l, e.line(), e.column())).unwrap_or_default()
        )))
    }
}

/// Where a body stops being UTF-8. Offsets count bytes from the body's start, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8Fault {
    /// A byte that cannot stand there in UTF-8 (for a character cut short by the next byte, its first byte).
    Invalid { offset: u64, byte: u8 },
    /// The body ends inside the character that starts at `offset`.
    CutShort { offset: u64 },
}

impl fmt::Display for Utf8Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Utf8Fault::Invalid { offset, byte } => write!(f, "byte {byte:#04x} at offset {offset} is not UTF-8"),
            Utf8Fault::CutShort { offset } => write!(f, "the UTF-8 character at offset {offset} is cut short"),
        }
    }
}

impl std::error::Error for Utf8Fault {}

/// The first UTF-8 fault of a whole body, if any.
fn utf8_fault(bytes: &[u8]) -> Option<Utf8Fault> {
    let mut check = Utf8Check::default();
    check.feed(bytes).and_then(|()| check.finish()).err()
}

/// UTF-8 checked chunk by chunk in constant memory: a character split between two chunks is carried over (at most
/// 3 bytes), so the verdict and the offset are the ones the whole body would give.
#[derive(Debug, Default)]
struct Utf8Check {
    /// Bytes checked before `pending`.
    offset: u64,
    /// The start of a character the last chunk cut.
    pending: [u8; 4],
    pending_len: usize,
}

impl Utf8Check {
    fn feed(&mut self, mut chunk: &[u8]) -> Result<(), Utf8Fault> {
        if self.pending_len > 0 {
            let held = self.pending_len;
            let take = chunk.len().min(4 - held);
            let mut joined = self.pending;
            joined[held..held + take].copy_from_slice(&chunk[..take]);
            let joined = &joined[..held + take];
            // The held bytes begin one character, so a valid prefix of `joined` covers them all.
            let completed = match std::str::from_utf8(joined) {
                Ok(_) => joined.len(),
                Err(e) if e.valid_up_to() > 0 => e.valid_up_to(),
                Err(e) if e.error_len().is_some() => {
                    return Err(Utf8Fault::Invalid {
                        offset: self.offset,
                        byte: self.pending[0],
                    });
                }
                // Still a character's start: the chunk was shorter than the rest of it.
                Err(_) => {
                    self.pending[..joined.len()].copy_from_slice(joined);
                    self.pending_len = joined.len();
                    return Ok(());
                }
            };
            self.offset += completed as u64;
            self.pending_len = 0;
            chunk = &chunk[completed - held..];
        }
        match std::str::from_utf8(chunk) {
            Ok(_) => self.offset += chunk.len() as u64,
            Err(e) => {
                let valid = e.valid_up_to();
                if e.error_len().is_some() {
                    return Err(Utf8Fault::Invalid {
                        offset: self.offset + valid as u64,
                        byte: chunk[valid],
                    });
                }
                let rest = &chunk[valid..];
                self.pending[..rest.len()].copy_from_slice(rest);
                self.pending_len = rest.len();
                self.offset += valid as u64;
            }
        }
        Ok(())
    }

    /// At the end of the body: a character still open is cut short.
    fn finish(&self) -> Result<(), Utf8Fault> {
        match self.pending_len {
            0 => Ok(()),
            _ => Err(Utf8Fault::CutShort { offset: self.offset }),
        }
    }
}

/// A reader that checks the UTF-8 of what passes through it; a fault is an `InvalidData` error holding the
/// `Utf8Fault`.
struct Utf8Reader<R> {
    inner: R,
    check: Utf8Check,
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        let checked = match n {
            0 => self.check.finish(),
            _ => self.check.feed(&buf[..n]),
        };
        checked.map_err(|fault| std::io::Error::new(std::io::ErrorKind::InvalidData, fault))?;
        Ok(n)
    }
}

/// Line `number` (1-based) of a file, read as far as needed.
fn line_of_file(path: &Path, number: usize) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut lines = BufReader::new(file).split(b'\n');
    let bytes = lines.nth(number.saturating_sub(1))?.ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_stdin(what: &str, deadline: Deadline) -> Result<RequestBody> {
    let bytes = input::read_stream_capped(std::io::stdin(), input::BODY_CAP, deadline).map_err(|e| match e {
        InputError::Unreadable(e) => usage(format!("cannot read {what}: {}", io_reason(&e))),
        e => e.for_input(what),
    })?;
    Ok(RequestBody {
        bytes,
        source: BodySource::Stdin,
        streamed: None,
    })
}

/// A regular file is streamed when sent; anything else (a FIFO, a device), and a regular file that says it is empty
/// (a /proc file says so and has content), is read now, once, at most `BODY_CAP`, by `deadline`.
fn read_file(path: PathBuf, deadline: Deadline) -> Result<RequestBody> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        return Err(usage("-d @: the file name after `@` is empty"));
    }
    if path.is_dir() {
        return Err(usage(format!("-d @{shown}: is a directory, not a file")));
    }
    let cannot = |e: std::io::Error| usage(format!("-d @{shown}: cannot read it: {}", io_reason(&e)));
    let meta = std::fs::metadata(&path).map_err(cannot)?;
    if meta.is_file() && meta.len() > 0 {
        // Opening it now reports an unreadable file before anything is sent.
        std::fs::File::open(&path).map_err(cannot)?;
        return Ok(RequestBody {
            bytes: Vec::new(),
            streamed: Some(meta.len()),
            source: BodySource::File(path),
        });
    }
    let bytes =
        input::read_capped(&path, input::BODY_CAP, deadline).map_err(|e| e.for_input(&format!("-d @{shown}")))?;
    Ok(RequestBody {
        bytes,
        source: BodySource::File(path),
        streamed: None,
    })
}

/// The faulty line (cut to about 60 characters around the column) with a caret under the column.
fn snippet(content: &str, line: usize, column: usize) -> String {
    let chars: Vec<char> = content.chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(40);
    let end = (col + 20).min(chars.len());
    let shown: String = chars[start..end]
        .iter()
        .map(|c| if c.is_control() { ' ' } else { *c })
        .collect();
    let prefix = format!("  line {line}: ");
    let pad = prefix.chars().count() + (col - start);
    format!("{prefix}{shown}\n{}^", " ".repeat(pad))
}

/// A request body: bytes in memory, or a file streamed as it is sent.
#[derive(Debug, Clone, Copy)]
pub enum WireBody<'a> {
    Bytes(&'a [u8]),
    File { path: &'a std::path::Path, len: u64 },
}

impl WireBody<'_> {
    pub const EMPTY: WireBody<'static> = WireBody::Bytes(&[]);

    pub fn len(&self) -> u64 {
        match self {
            WireBody::Bytes(bytes) => bytes.len() as u64,
            WireBody::File { len, .. } => *len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(text: &str) -> RequestBody {
        RequestBody {
            bytes: text.as_bytes().to_vec(),
            source: BodySource::Inline,
            streamed: None,
        }
    }

    #[test]
    fn accepts_json_and_empty() {
        assert!(inline(r#"{"name":"yuanrong"}"#).check_json().is_ok());
        assert!(inline("\"text\"").check_json().is_ok());
        assert!(inline("").check_json().is_ok());
    }

    #[test]
    fn rejects_bad_json_with_position() {
        let err = inline("{\n  \"name\": yuanrong\n}")
            .check_json()
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2 column 11"), "{err}");
        assert!(err.contains("  line 2:   \"name\": yuanrong\n"), "{err}");
        assert!(err.ends_with(&format!("{}^", " ".repeat(20))), "{err:?}");
        assert!(inline("{").check_json().is_err());
        assert!(inline("{} {}").check_json().is_err());
    }

    /// The verdict of the whole body, for comparing with what chunks give.
    fn whole(bytes: &[u8]) -> Option<Utf8Fault> {
        match std::str::from_utf8(bytes) {
            Ok(_) => None,
            Err(e) => {
                let offset = e.valid_up_to() as u64;
                Some(match e.error_len() {
                    Some(_) => Utf8Fault::Invalid {
                        offset,
                        byte: bytes[e.valid_up_to()],
                    },
                    None => Utf8Fault::CutShort { offset },
                })
            }
        }
    }

    /// Bodies with characters of every length, and faults of every kind, at the start, middle and end.
    const BODIES: [&[u8]; 14] = [
        b"",
        b"plain",
        "a\u{e9}b\u{4f60}\u{597d}c\u{1f600}".as_bytes(),
        b"{\"name\":\"\xff\xfe\"}",
        b"\xe4\xbd",
        b"ab\xf0\x9f\x98",
        b"\xe4A\xbd\xa0",
        b"\xe0\x80\x80",
        b"\xed\xa0\x80",
        b"\xc3\xa9\xc3",
        b"\xf4\x90\x80\x80",
        b"\x80",
        b"ok\xc3\xa9\xe4\xbd\xa0\xf0\x9f\x98\x80!",
        b"\xf0\x9f\x98\x80\xf0\x9f\x98A",
    ];

    #[test]
    fn utf8_is_judged_the_same_in_chunks_of_any_size_and_split() {
        for body in BODIES {
            let expected = whole(body);
            assert_eq!(utf8_fault(body), expected, "{body:?}");
            // Every split into two, and into chunks of every size: each cuts characters somewhere.
            for at in 0..=body.len() {
                let mut check = Utf8Check::default();
                let got = check
                    .feed(&body[..at])
                    .and_then(|()| check.feed(&body[at..]))
                    .and_then(|()| check.finish());
                assert_eq!(got.err(), expected, "{body:?} split at {at}");
            }
            for size in 1..=5 {
                let mut check = Utf8Check::default();
                let got = body
                    .chunks(size)
                    .try_for_each(|chunk| check.feed(chunk))
                    .and_then(|()| check.finish());
                assert_eq!(got.err(), expected, "{body:?} in chunks of {size}");
            }
        }
        assert_eq!(
            utf8_fault(b"{\"name\":\"\xff\xfe\"}"),
            Some(Utf8Fault::Invalid { offset: 9, byte: 0xff })
        );
        assert_eq!(utf8_fault(b"ab\xf0\x9f\x98"), Some(Utf8Fault::CutShort { offset: 2 }));
    }

    /// A reader that hands out one byte at a time, as a pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_reader_passes_utf8_through_and_stops_at_the_first_fault() {
        let text = "{\"a\":\"\u{4f60}\u{597d}\u{1f600}\"}".as_bytes();
        let mut out = Vec::new();
        let mut reader = Utf8Reader {
            inner: Trickle(text),
            check: Utf8Check::default(),
        };
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
        for body in BODIES.iter().filter(|b| whole(b).is_some()) {
            let mut reader = Utf8Reader {
                inner: Trickle(body),
                check: Utf8Check::default(),
            };
            let error = reader.read_to_end(&mut Vec::new()).unwrap_err();
            assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
            let fault = error.get_ref().and_then(|e| e.downcast_ref::<Utf8Fault>()).copied();
            assert_eq!(fault, whole(body), "{body:?}");
        }
    }

    #[test]
    fn json_that_is_not_utf8_is_refused_with_its_offset() {
        let body = RequestBody {
            bytes: b"{\"name\":\"\xff\xfe\"}".to_vec(),
            source: BodySource::Stdin,
            streamed: None,
        };
        assert_eq!(
            body.check_json().unwrap_err().to_string(),
            "the body from stdin is not valid JSON: byte 0xff at offset 9 is not UTF-8 \
             (use --content-type to send another type)"
        );
        assert!(inline("{\"name\":\"\u{4f60}\u{597d}\"}").check_json().is_ok());
    }

    #[test]
    fn file_errors_name_the_file() {
        let err = RequestBody::read(Some(OsStr::new("@/no/such/file.json")), true, Deadline::NONE)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "-d @/no/such/file.json: cannot read it: no such file");
        let dir = std::env::temp_dir();
        let err = RequestBody::read(Some(OsStr::new(&format!("@{}", dir.display()))), true, Deadline::NONE)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a directory"), "{err}");
    }
}
