//! The request body: where it comes from (-d text, @FILE, @-, piped stdin) and the JSON check before sending.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::Result;

use crate::exit::usage;

/// Where the body came from, for messages and for `--curl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodySource {
    Inline,
    File(PathBuf),
    Stdin,
    Empty,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub bytes: Vec<u8>,
    pub source: BodySource,
}

impl RequestBody {
    /// Reads the body as -d and stdin say: `-d TEXT`, `-d @FILE`, `-d @-`, else piped stdin, else empty.
    pub fn read(data: Option<&str>, ignore_stdin: bool) -> Result<RequestBody> {
        match data {
            Some("@-") => read_stdin("-d @-"),
            Some(d) if d.starts_with('@') => {
                let path = PathBuf::from(&d[1..]);
                let bytes = read_file(&path)?;
                Ok(RequestBody {
                    bytes,
                    source: BodySource::File(path),
                })
            }
            Some(d) => Ok(RequestBody {
                bytes: d.as_bytes().to_vec(),
                source: BodySource::Inline,
            }),
            None if !ignore_stdin && !std::io::stdin().is_terminal() => read_stdin("stdin"),
            None => Ok(RequestBody {
                bytes: Vec::new(),
                source: BodySource::Empty,
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

    /// Rejects a body that is not JSON, showing line, column and the line around the fault.
    pub fn check_json(&self) -> Result<()> {
        if self.bytes.is_empty() {
            return Ok(());
        }
        match serde_json::from_slice::<serde::de::IgnoredAny>(&self.bytes) {
            Ok(_) => Ok(()),
            Err(e) => Err(usage(format!(
                "{} is not valid JSON: {} (use --content-type to send another type)\n{}",
                self.describe(),
                e,
                snippet(&self.bytes, e.line(), e.column())
            ))),
        }
    }
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
    })
}

fn read_file(path: &PathBuf) -> Result<Vec<u8>> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        return Err(usage("-d @: the file name after `@` is empty"));
    }
    if path.is_dir() {
        return Err(usage(format!("-d @{shown}: is a directory, not a file")));
    }
    std::fs::read(path).map_err(|e| usage(format!("-d @{shown}: cannot read it: {}", io_reason(&e))))
}

/// An I/O error in plain words, without the `(os error N)` tail.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// The faulty line (cut to about 60 characters around the column) with a caret under the column.
fn snippet(bytes: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let Some(content) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(text: &str) -> RequestBody {
        RequestBody {
            bytes: text.as_bytes().to_vec(),
            source: BodySource::Inline,
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
