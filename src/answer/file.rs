//! `-o FILE`: where a successful result is written, decided before anything is sent (and `--junit FILE`'s check). A
//! regular file, or none yet, is replaced atomically: through symlinks, the file they point to, the links kept. A
//! FIFO or a character device is written through, as a shell's `>` does (`-o /dev/null` stays a device). Anything
//! else (a folder, a block device, a socket) is refused with exit 2.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::exit::usage;
use crate::wording::io_reason;

/// How many symlinks in a row are followed, as Linux's own limit (ELOOP past it).
const MAX_LINKS: usize = 40;

/// A file to write a result to, checked: the name given and what it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// FILE as given, for messages.
    pub given: PathBuf,
    flag: &'static str,
    target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A regular file or none yet, at the end of any symlinks: a temporary file beside it is renamed onto it.
    Replace(PathBuf),
    /// A FIFO or a character device: opened and written, as a shell's `>` does.
    Through(PathBuf),
}

/// Checks a file named by `flag` (`-o`, `--junit`) before anything is sent: its folder must exist, and it must be
/// something yr can write safely.
pub fn check_file_to_write(flag: &'static str, path: &Path) -> Result<OutputFile> {
    let shown = path.display();
    let cannot = |e: io::Error| usage(format!("{flag} {shown}: {}", io_reason(&e)));
    // The kernel's view first: it follows /proc's links too (`/dev/stdout` to a pipe or a terminal).
    let target = match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let real = follow_links(path).map_err(cannot)?;
            let folder = folder_of(&real);
            if !folder.is_dir() {
                return Err(usage(format!(
                    "{flag} {shown}: the folder {} does not exist",
                    folder.display()
                )));
            }
            Target::Replace(real)
        }
        Err(e) => return Err(cannot(e)),
        Ok(meta) if meta.is_file() => {
            let real = follow_links(path).map_err(cannot)?;
            // A link /proc makes (`/dev/stdout` redirected to a file) names no path to rename onto: written through.
            match std::fs::metadata(&real) {
                Ok(found) if same_file(&found, &meta) => Target::Replace(real),
                _ => Target::Through(path.to_path_buf()),
            }
        }
        Ok(meta) if meta.is_dir() => return Err(usage(format!("{flag} {shown}: is a directory"))),
        Ok(meta) => match special_kind(&meta) {
            Special::Writable => Target::Through(path.to_path_buf()),
            Special::Refused(kind) => {
                return Err(usage(format!(
                    "{flag} {shown}: is {kind}; {flag} writes a regular file, a FIFO or a character device"
                )));
            }
        },
    };
    Ok(OutputFile {
        given: path.to_path_buf(),
        flag,
        target,
    })
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    true
}

enum Special {
    Writable,
    Refused(&'static str),
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> Special {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() || kind.is_char_device() {
        Special::Writable
    } else if kind.is_block_device() {
        Special::Refused("a block device")
    } else if kind.is_socket() {
        Special::Refused("a socket")
    } else {
        Special::Refused("not a regular file")
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> Special {
    Special::Refused("not a regular file")
}

/// The path at the end of `path`'s symlinks (a link may lead to a file not there yet: a shell's `>` creates it).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = folder_of(&current).join(target);
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The folder a path is in; `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl OutputFile {
    /// Writes the whole body: a regular file only once all of it is in hand (a temporary file, then a rename).
    pub fn write_whole(&self, body: &[u8]) -> Result<()> {
        self.write_with(|out| out.write_all(body).map_err(anyhow::Error::from))
    }

    /// Streams the body as it arrives: into a temporary file renamed into place only once the whole body arrived,
    /// or straight through into a FIFO or a device.
    pub fn write_streaming(&self, answer: &mut crate::client::http::OpenAnswer) -> Result<()> {
        self.write_with(|out| answer.copy_body(out).map(drop))
    }

    fn write_with(&self, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        let cannot = |e: anyhow::Error| -> anyhow::Error {
            if e.downcast_ref::<crate::exit::Failure>().is_some() {
                return e;
            }
            let reason = match e.downcast_ref::<io::Error>() {
                Some(io) => io_reason(io),
                None => e.to_string(),
            };
            anyhow::anyhow!("cannot write {} {}: {reason}", self.flag, self.given.display())
        };
        match &self.target {
            Target::Through(path) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| cannot(e.into()))?;
                let mut out = io::BufWriter::new(file);
                write(&mut out).map_err(cannot)?;
                out.flush().map_err(|e| cannot(e.into()))
            }
            Target::Replace(path) => {
                let temp = temp_beside(path);
                let result = (|| -> Result<()> {
                    let file = std::fs::File::create(&temp)?;
                    // A file replaced keeps its permissions, as one written by `>` does.
                    if let Ok(meta) = std::fs::metadata(path) {
                        file.set_permissions(meta.permissions())?;
                    }
                    let mut out = io::BufWriter::new(file);
                    write(&mut out)?;
                    out.flush()?;
                    drop(out);
                    std::fs::rename(&temp, path)?;
                    Ok(())
                })();
                if result.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                result.map_err(cannot)
            }
        }
    }
}

/// `.NAME.yr-PID.tmp` in FILE's folder, so the rename stays on one file system.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    folder_of(path).join(format!(".{name}.yr-{}.tmp", std::process::id()))
}
/// Writes a secret (`yr token --save`) to `path`, named `flag` in errors: created or emptied first, readable by its
/// owner only (mode 0600, set on a file that was there too), so that `--token-file` can read it and nobody else.
pub fn save_secret(flag: &str, path: &Path, secret: &str) -> Result<()> {
    let shown = path.display();
    let failed = |e: io::Error| anyhow::anyhow!("{flag} {shown}: {}", io_reason(&e));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path).map_err(failed)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(failed)?;
        write_secret(file, secret).map_err(failed)
    }
    #[cfg(not(unix))]
    {
        let file = options.open(path).map_err(failed)?;
        write_secret(file, secret).map_err(failed)
    }
}

fn write_secret(mut file: std::fs::File, secret: &str) -> io::Result<()> {
    file.write_all(secret.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}
