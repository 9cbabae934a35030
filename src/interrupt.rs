//! Ctrl-C during a call, a wait or a stream: exit 130 at once, first printing the request id of an async call so
//! nothing is lost. A leaf (tests/layers.rs); its handler is the one writer of stderr besides the printer
//! (answer::output::Ui), as a signal handler may only call write(2).

use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

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

/// Set by the first Ctrl-C once `install_flag` is in place.
static STOP_REQUESTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// For a command that must report what it did before it exits (`yr test`): the first Ctrl-C only sets the flag
/// returned, which the command checks between steps; a second one exits 130 at once.
#[cfg(unix)]
pub fn install_flag() -> &'static std::sync::atomic::AtomicBool {
    let handler: extern "C" fn(libc::c_int) = on_interrupt_flag;
    // SAFETY: the handler only touches an atomic and calls _exit, both async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
    &STOP_REQUESTED
}

/// Elsewhere Ctrl-C ends the process as the platform does; the flag is never set.
#[cfg(not(unix))]
pub fn install_flag() -> &'static std::sync::atomic::AtomicBool {
    &STOP_REQUESTED
}

#[cfg(unix)]
extern "C" fn on_interrupt_flag(_signal: libc::c_int) {
    if STOP_REQUESTED.swap(true, Ordering::SeqCst) {
        // SAFETY: _exit(2) is async-signal-safe.
        unsafe { libc::_exit(130) }
    }
}
