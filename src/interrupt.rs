//! Ctrl-C during a call, a wait or a stream: exit 130 at once, first printing the request id of an async call so
//! nothing is lost. A leaf (tests/layers.rs); its handler is the one writer of stderr besides the printer
//! (answer::output::Ui), as a signal handler may only call write(2).

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicUsize, Ordering};

static STDOUT_NOTE: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static STDOUT_LEN: AtomicUsize = AtomicUsize::new(0);
static STDERR_NOTE: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static STDERR_LEN: AtomicUsize = AtomicUsize::new(0);

/// Makes SIGINT end the process with exit code 130 (not death by signal, which scripts see as no code at all).
#[cfg(unix)]
pub fn install() {
    let handler: extern "C" fn(libc::c_int) = on_interrupt;
    // SAFETY: the handler only calls async-signal-safe functions (write, _exit) on memory that is never freed.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
}

/// Elsewhere Ctrl-C ends the process as the platform does; the request id note is not printed.
#[cfg(not(unix))]
pub fn install() {}

/// From now on an interruption prints these notes (written before, as a signal handler may only call write(2)):
/// on stdout what a script needs to find the call again (its request id, or the `--json` document), on stderr
/// what the person needs.
pub fn remember(stdout: &str, stderr: &str) {
    let stdout: &'static [u8] = Box::leak(stdout.as_bytes().to_vec().into_boxed_slice());
    let stderr: &'static [u8] = Box::leak(stderr.as_bytes().to_vec().into_boxed_slice());
    STDOUT_LEN.store(stdout.len(), Ordering::SeqCst);
    STDOUT_NOTE.store(stdout.as_ptr().cast_mut(), Ordering::SeqCst);
    STDERR_LEN.store(stderr.len(), Ordering::SeqCst);
    STDERR_NOTE.store(stderr.as_ptr().cast_mut(), Ordering::SeqCst);
}

#[cfg(unix)]
extern "C" fn on_interrupt(_signal: libc::c_int) {
    for (fd, note, len) in [(1, &STDOUT_NOTE, &STDOUT_LEN), (2, &STDERR_NOTE, &STDERR_LEN)] {
        let ptr = note.load(Ordering::SeqCst);
        if !ptr.is_null() {
            // SAFETY: ptr and len describe a leaked, never-freed buffer; write(2) is async-signal-safe.
            unsafe {
                libc::write(fd, ptr.cast(), len.load(Ordering::SeqCst));
            }
        }
    }
    // SAFETY: _exit(2) is async-signal-safe and ends the process without running destructors.
    unsafe { libc::_exit(130) }
}

/// The first Ctrl-C once `install_flag` is in place: a flag to check between steps, and a way to wait for it.
pub struct StopFlag {
    requested: AtomicBool,
    /// A pipe the handler writes one byte to (write(2) is async-signal-safe), so that a thread can block until
    /// Ctrl-C instead of polling the flag; -1 until `install_flag` opens it, or if it could not.
    wake_read: AtomicI32,
    wake_write: AtomicI32,
}

static STOP: StopFlag = StopFlag {
    requested: AtomicBool::new(false),
    wake_read: AtomicI32::new(-1),
    wake_write: AtomicI32::new(-1),
};

impl StopFlag {
    /// The flag itself, set by the first Ctrl-C.
    pub fn flag(&self) -> &AtomicBool {
        &self.requested
    }

    /// Blocks until the first Ctrl-C; where that cannot be waited for, never returns.
    pub fn wait(&self) {
        #[cfg(unix)]
        {
            let fd = self.wake_read.load(Ordering::SeqCst);
            if fd >= 0 {
                loop {
                    let mut byte = 0u8;
                    // SAFETY: reads at most one byte into a local.
                    let read = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
                    if read == 1 {
                        return;
                    }
                    if read == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                        break;
                    }
                }
            }
        }
        loop {
            std::thread::park();
        }
    }
}

/// For a command that must report what it did before it exits (`yr test`): the first Ctrl-C only sets the flag
/// returned, which the command checks between steps (and can wait for); a second one exits 130 at once.
#[cfg(unix)]
pub fn install_flag() -> &'static StopFlag {
    static OPEN: std::sync::Once = std::sync::Once::new();
    OPEN.call_once(|| {
        let mut fds = [-1 as libc::c_int; 2];
        // SAFETY: pipe(2) fills the two descriptors; close-on-exec keeps them out of anything yr starts.
        unsafe {
            if libc::pipe(fds.as_mut_ptr()) == 0 {
                libc::fcntl(fds[0], libc::F_SETFD, libc::FD_CLOEXEC);
                libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC);
                STOP.wake_read.store(fds[0], Ordering::SeqCst);
                STOP.wake_write.store(fds[1], Ordering::SeqCst);
            }
        }
    });
    let handler: extern "C" fn(libc::c_int) = on_interrupt_flag;
    // SAFETY: the handler only touches atomics and calls write and _exit, all async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
    &STOP
}

/// Elsewhere Ctrl-C ends the process as the platform does; the flag is never set.
#[cfg(not(unix))]
pub fn install_flag() -> &'static StopFlag {
    &STOP
}

#[cfg(unix)]
extern "C" fn on_interrupt_flag(_signal: libc::c_int) {
    if STOP.requested.swap(true, Ordering::SeqCst) {
        // SAFETY: _exit(2) is async-signal-safe.
        unsafe { libc::_exit(130) }
    }
    let fd = STOP.wake_write.load(Ordering::SeqCst);
    if fd >= 0 {
        // SAFETY: write(2) is async-signal-safe and reads one byte of this frame.
        unsafe {
            libc::write(fd, [1u8].as_ptr().cast(), 1);
        }
    }
}
