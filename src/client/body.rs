//! The request body: where it comes from (-d text, @FILE, @-, piped stdin) and the JSON check before sending.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::exit::usage;
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
    /// Reads the body as -d and stdin say: `-d TEXT`, `-d @FILE`, `-d @-`, else piped stdin, else empty.
    pub fn read(data: Option<&str>, ignore_stdin: bool) -> Result<RequestBody> {
        match data {
            Some("@-") => read_stdin("-d @-"),
            Some(d) if d.starts_with('@') => read_file(PathBuf::from(&d[1..])),
            Some(d) => Ok(RequestBody {
                bytes: d.as_bytes().to_vec(),
                source: BodySource::Inline,
                streamed: None,
            }),
            None if !ignore_stdin && !std::io::stdin().is_terminal() => read_stdin("stdin"),
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

    /// The whole body in memory (for `yr bench`, which sends it many times).
    pub fn load(&self) -> Result<Vec<u8>> {
        match (&self.source, self.streamed) {
            (BodySource::File(path), Some(_)) => std::fs::read(path)
                .map_err(|e| usage(format!("-d @{}: cannot read it: {}", path.display(), io_reason(&e)))),
            _ => Ok(self.bytes.clone()),
        }
    }

    /// Rejects a body that is not JSON, showing line, column and the line around the fault. A streamed file is
    /// checked by streaming it too.
    pub fn check_json(&self) -> Result<()> {
        if self.len() == 0 {
            return Ok(());
        }
        let (result, file) = match (&self.source, self.streamed) {
            (BodySource::File(path), Some(_)) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| usage(format!("-d @{}: cannot read it: {}", path.display(), io_reason(&e))))?;
                (
                    serde_json::from_reader::<_, serde::de::IgnoredAny>(BufReader::new(file)),
                    Some(path),
                )
            }
            _ => (serde_json::from_slice::<serde::de::IgnoredAny>(&self.bytes), None),
        };
        let Err(e) = result else {
            return Ok(());
        };
        if e.is_io() {
            return Err(usage(format!("{}: cannot read it: {e}", self.describe())));
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

/// Line `number` (1-based) of a file, read as far as needed.
fn line_of_file(path: &Path, number: usize) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut lines = BufReader::new(file).split(b'\n');
    let bytes = lines.nth(number.saturating_sub(1))?.ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_stdin(what: &str) -> Result<RequestBody> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| usage(format!("cannot read {what}: {}", io_reason(&e))))?;
    Ok(RequestBody {
        bytes,
        source: BodySource::Stdin,
        streamed: None,
    })
}

/// A regular file is streamed when sent; anything else (a FIFO, a device) is read now, once.
fn read_file(path: PathBuf) -> Result<RequestBody> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        return Err(usage("-d @: the file name after `@` is empty"));
    }
    if path.is_dir() {
        return Err(usage(format!("-d @{shown}: is a directory, not a file")));
    }
    let cannot = |e: std::io::Error| usage(format!("-d @{shown}: cannot read it: {}", io_reason(&e)));
    let meta = std::fs::metadata(&path).map_err(cannot)?;
    if meta.is_file() {
        // Opening it now reports an unreadable file before anything is sent.
        std::fs::File::open(&path).map_err(cannot)?;
        return Ok(RequestBody {
            bytes: Vec::new(),
            streamed: Some(meta.len()),
            source: BodySource::File(path),
        });
    }
    let bytes = std::fs::read(&path).map_err(cannot)?;
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

    #[test]
    fn file_errors_name_the_file() {
        let err = RequestBody::read(Some("@/no/such/file.json"), true)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "-d @/no/such/file.json: cannot read it: no such file");
        let dir = std::env::temp_dir();
        let err = RequestBody::read(Some(&format!("@{}", dir.display())), true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a directory"), "{err}");
    }
}
