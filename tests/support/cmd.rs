//! `Cmd`: a `std::process::Command` with what the tests need on top: bytes for the child's stdin (an empty, closed
//! pipe when none are given, so yr sees a piped stdin that ends at once) and a time limit after which the child is
//! killed and the run fails. It derefs to the std command for everything else (`stdout`, `get_envs`, ...).

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

pub struct Cmd {
    command: Command,
    stdin: Vec<u8>,
    timeout: Option<Duration>,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        Cmd {
            command: Command::new(program),
            stdin: Vec::new(),
            timeout: None,
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Cmd {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Cmd {
        self.command.env(key, value);
        self
    }

    pub fn env_clear(&mut self) -> &mut Cmd {
        self.command.env_clear();
        self
    }

    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Cmd {
        self.command.current_dir(dir);
        self
    }

    /// Bytes written to the child's stdin, which is then closed.
    pub fn write_stdin(&mut self, bytes: impl Into<Vec<u8>>) -> &mut Cmd {
        self.stdin = bytes.into();
        self
    }

    /// Kill the child and fail the run after `limit`.
    pub fn timeout(&mut self, limit: Duration) -> &mut Cmd {
        self.timeout = Some(limit);
        self
    }

    /// Runs the child to its end, its stdin fed and closed, stdout and stderr captured. Past the time limit the
    /// child is killed and the error is `TimedOut`.
    pub fn output(&mut self) -> io::Result<Output> {
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let bytes = std::mem::take(&mut self.stdin);
        let feeder = thread::spawn(move || {
            if let Some(mut stdin) = stdin {
                // The child may exit without reading it all.
                let _ = stdin.write_all(&bytes);
            }
            bytes
        });
        let out = drain(child.stdout.take());
        let err = drain(child.stderr.take());
        let status = wait(&mut child, self.timeout);
        self.stdin = feeder.join().unwrap_or_default();
        let (stdout, stderr) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
        Ok(Output {
            status: status?,
            stdout,
            stderr,
        })
    }
}

impl Deref for Cmd {
    type Target = Command;

    fn deref(&self) -> &Command {
        &self.command
    }
}

impl DerefMut for Cmd {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.command
    }
}

fn drain(stream: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut stream) = stream {
            let _ = stream.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn wait(child: &mut Child, limit: Option<Duration>) -> io::Result<ExitStatus> {
    let Some(limit) = limit else {
        return child.wait();
    };
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("the command ran longer than {limit:?} and was killed"),
            ));
        }
        thread::sleep(Duration::from_millis(2));
    }
}
