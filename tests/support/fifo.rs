//! FIFOs in a temp dir: the stand-ins for the machine's character devices (`/dev/zero`, `/dev/full`,
//! `/dev/stdout`), which no test may touch. A FIFO blocks like a device, a writer feeding it endlessly reads like
//! `/dev/zero`, and one nobody writes to holds a reader forever.

use std::ffi::CString;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A new FIFO `name` in `dir`.
pub fn make_fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let c_path = CString::new(path.as_os_str().as_bytes()).expect("no NUL in a temp path");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) };
    assert_eq!(
        made,
        0,
        "mkfifo {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
    path
}

/// Whether `path` is (still) a FIFO, not followed through a symlink.
pub fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// A thread writing `total` bytes of `a` into a FIFO once a reader opens it, then closing it; it stops early when
/// the reader goes away. Dropping the feeder releases a writer still waiting for a reader, so no test hangs on it.
pub struct Feeder {
    path: PathBuf,
    thread: Option<JoinHandle<u64>>,
}

impl Feeder {
    pub fn start(path: &Path, total: u64) -> Feeder {
        let fifo = path.to_path_buf();
        let thread = thread::spawn(move || {
            let Ok(mut file) = OpenOptions::new().write(true).open(&fifo) else {
                return 0;
            };
            let chunk = vec![b'a'; 64 * 1024];
            let mut written = 0u64;
            while written < total {
                let n = chunk.len().min((total - written) as usize);
                if file.write_all(&chunk[..n]).is_err() {
                    break;
                }
                written += n as u64;
            }
            written
        });
        Feeder {
            path: path.to_path_buf(),
            thread: Some(thread),
        }
    }

    /// How many bytes were written before the reader left or the total was reached.
    pub fn finish(mut self) -> u64 {
        self.stop();
        self.thread.take().map_or(0, |t| t.join().unwrap_or(0))
    }

    /// Releases the writer until its thread has ended (it may not have reached open(2) yet).
    fn stop(&self) {
        let Some(thread) = &self.thread else {
            return;
        };
        super::wait_until_polling(Duration::from_secs(10), Duration::from_millis(5), || {
            self.release();
            thread.is_finished()
        });
    }

    /// A writer still waiting in open(2) for a reader gets one, which closes at once: its writes then fail.
    fn release(&self) {
        if is_fifo(&self.path) {
            let _ = OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&self.path);
        }
    }
}

impl Drop for Feeder {
    fn drop(&mut self) {
        self.stop();
        if let Some(thread) = self.thread.take().filter(|t| t.is_finished()) {
            let _ = thread.join();
        }
    }
}
