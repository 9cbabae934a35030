//! What yr reads as input, files and stdin (`-d @FILE`, `--cacert`, `--token-file`, the config file, suites, a
//! local cluster's session files): each read whole up to its cap (a named constant, in docs/exit-codes.md's "Limits"), and
//! within the command's deadline. A regular file is read as it reads, not as its size says (a /proc file says 0
//! and has content). Anything else (a FIFO, a device, stdin) is opened and read on a thread of its own, so the
//! deadline holds even while open(2) waits for a FIFO's writer; a thread still waiting then ends with the process.
//! A leaf (tests/layers.rs).

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::exit::{Failure, usage};

/// The most of a request body yr holds in memory when it is not a regular file (a FIFO, a device, stdin): the
/// limit on any body yr holds whole, ten times the frontend's default 6 MB, as a frontend may be set to take more.
pub const BODY_CAP: Cap = Cap {
    bytes: 64 << 20,
    of: "a body that is not a regular file",
};
/// A body `yr bench` holds to send many times, from a regular file too: the same 64 MiB.
pub const BENCH_BODY_CAP: Cap = Cap {
    bytes: BODY_CAP.bytes,
    of: "a body yr bench holds in memory",
};
/// A token file: a token goes in the request's headers, which take at most 63 KiB.
pub const TOKEN_FILE_CAP: Cap = Cap {
    bytes: 64 << 10,
    of: "a token file",
};
/// A PEM file (--cacert, --cert, --key; `yr serve`'s --tls-cert, --tls-key, --client-ca): a system's whole CA
/// bundle is about 200 KiB.
pub const PEM_FILE_CAP: Cap = Cap {
    bytes: 4 << 20,
    of: "a certificate or key file",
};
/// The config file.
pub const CONFIG_FILE_CAP: Cap = Cap {
    bytes: 1 << 20,
    of: "the config file",
};
/// A suite file of `yr test`.
pub const SUITE_FILE_CAP: Cap = Cap {
    bytes: 16 << 20,
    of: "a suite file",
};
/// A local cluster's session file (session.json, yr_current_master_info).
pub const SESSION_FILE_CAP: Cap = Cap {
    bytes: 1 << 20,
    of: "a session file",
};

/// How much of one kind of input yr reads, and what that kind is called in the message past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    pub bytes: u64,
    pub of: &'static str,
}

/// When reading inputs must be over: the command's timeout from its start; none waits for ever (`--timeout 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Option<(Instant, Duration)>);

impl Default for Deadline {
    fn default() -> Deadline {
        Deadline::NONE
    }
}

impl Deadline {
    pub const NONE: Deadline = Deadline(None);

    /// `timeout` from `start`; none when there is no timeout.
    pub fn after(start: Instant, timeout: Option<Duration>) -> Deadline {
        Deadline(timeout.map(|t| (start + t, t)))
    }
}

/// Why an input could not be read.
#[derive(Debug)]
pub enum InputError {
    Unreadable(std::io::Error),
    TooLarge(Cap),
    TimedOut(Duration),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Unreadable(e) => write!(f, "cannot read it: {}", crate::wording::io_reason(e)),
            InputError::TooLarge(cap) => write!(f, "more than {}, the cap on {}", size(cap.bytes), cap.of),
            InputError::TimedOut(after) => write!(
                f,
                "not read to its end within the timeout of {}",
                crate::wording::human_duration(*after)
            ),
        }
    }
}

impl InputError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, InputError::Unreadable(e) if e.kind() == std::io::ErrorKind::NotFound)
    }

    /// The command's error, `{what}: {why}`: out of time is class timeout (exit 7), anything else a usage error
    /// (exit 2).
    pub fn for_input(self, what: &str) -> anyhow::Error {
        let message = format!("{what}: {self}");
        match self {
            InputError::TimedOut(_) => Failure::TimedOut { message, sent: false }.into(),
            _ => usage(message),
        }
    }
}

/// `64 MiB`, `64 KiB`, `100 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Whether `path` is a regular file (through symlinks); an error when it cannot be looked at.
pub fn is_regular(path: &Path) -> Result<bool, InputError> {
    std::fs::metadata(path)
        .map(|m| m.is_file())
        .map_err(InputError::Unreadable)
}

/// The whole of the file at `path`, at most `cap` bytes, within `deadline`. A folder is unreadable.
pub fn read_capped(path: &Path, cap: Cap, deadline: Deadline) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::metadata(path).map_err(InputError::Unreadable)?;
    if meta.is_dir() {
        return Err(InputError::Unreadable(std::io::ErrorKind::IsADirectory.into()));
    }
    if meta.is_file() {
        if meta.len() > cap.bytes {
            return Err(InputError::TooLarge(cap));
        }
        let file = std::fs::File::open(path).map_err(InputError::Unreadable)?;
        return read_all(file, cap);
    }
    let path = path.to_path_buf();
    on_a_thread(deadline, move || {
        let file = std::fs::File::open(&path).map_err(InputError::Unreadable)?;
        read_all(file, cap)
    })
}

/// The whole of a stream (stdin), at most `cap` bytes, within `deadline`.
pub fn read_stream_capped(
    stream: impl Read + Send + 'static,
    cap: Cap,
    deadline: Deadline,
) -> Result<Vec<u8>, InputError> {
    on_a_thread(deadline, move || read_all(stream, cap))
}

fn read_all(stream: impl Read, cap: Cap) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    stream
        .take(cap.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Unreadable)?;
    if bytes.len() as u64 > cap.bytes {
        return Err(InputError::TooLarge(cap));
    }
    Ok(bytes)
}

/// `read` on a thread, waited for until `deadline`; a read still blocked then is left to end with the process.
fn on_a_thread(
    deadline: Deadline,
    read: impl FnOnce() -> Result<Vec<u8>, InputError> + Send + 'static,
) -> Result<Vec<u8>, InputError> {
    let (done, result) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("yr-input".into())
        .spawn(move || {
            let _ = done.send(read());
        })
        .map_err(InputError::Unreadable)?;
    let lost = || InputError::Unreadable(std::io::Error::other("the reading thread ended without a result"));
    match deadline.0 {
        None => result.recv().map_err(|_| lost())?,
        Some((at, timeout)) => match result.recv_timeout(at.saturating_duration_since(Instant::now())) {
            Ok(read) => read,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(InputError::TimedOut(timeout)),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(lost()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_the_readme_writes_them() {
        assert_eq!(size(BODY_CAP.bytes), "64 MiB");
        assert_eq!(size(TOKEN_FILE_CAP.bytes), "64 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn a_stream_is_read_to_its_cap_and_refused_past_it() {
        let cap = Cap { bytes: 4, of: "x" };
        assert_eq!(read_stream_capped(&b"abcd"[..], cap, Deadline::NONE).unwrap(), b"abcd");
        assert!(matches!(
            read_stream_capped(&b"abcde"[..], cap, Deadline::NONE),
            Err(InputError::TooLarge(_))
        ));
    }

    #[test]
    fn a_stream_that_never_ends_is_given_up_at_the_deadline() {
        struct Endless;
        impl Read for Endless {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                std::thread::park();
                Ok(0)
            }
        }
        let deadline = Deadline::after(Instant::now(), Some(Duration::from_millis(10)));
        let error = read_stream_capped(Endless, BODY_CAP, deadline).unwrap_err();
        assert_eq!(error.to_string(), "not read to its end within the timeout of 10 ms");
        assert_eq!(
            crate::exit::Class::of_error(&error.for_input("-d @f")),
            crate::exit::Class::Timeout
        );
    }
}
