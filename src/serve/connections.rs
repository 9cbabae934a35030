//! How many connections the emulator holds, and giving memory back after a burst of them.
//!
//! At most `--max-connections` are held at once: the next waits in the listen queue until one closes, so a burst
//! of connections costs a bounded amount of memory (about 14 KiB each while idle: hyper's read buffer, the task,
//! the timers). Freed memory stays with glibc's malloc, which returns little of it to the system: 10 bursts of
//! 3,000 idle connections left the emulator at 181 MB resident with every descriptor closed (BENCHMARKS.md). After a
//! burst of at least TRIM_AFTER connections, once all but an eighth of them have closed, the free memory goes back to
//! the system (`malloc_trim`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A burst of at least this many connections at once is followed by a trim once they have all closed. Below it the
/// memory to gain is small, and a client that opens one connection per call would trim after every call.
pub const TRIM_AFTER: usize = 256;
/// The trim comes when the open connections have fallen to the burst's peak divided by this.
const TRIM_WHEN_FALLEN_BY: usize = 8;

pub struct Connections {
    slots: Arc<Semaphore>,
    open: AtomicUsize,
    /// The most open at once since the last trim.
    peak: AtomicUsize,
}

/// One held connection; dropping it frees its slot.
pub struct Held {
    _slot: OwnedSemaphorePermit,
    connections: Arc<Connections>,
}

impl Connections {
    pub fn new(max: usize) -> Arc<Connections> {
        Arc::new(Connections {
            slots: Arc::new(Semaphore::new(max)),
            open: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        })
    }

    /// Waits for a free slot (the accept waits with it).
    pub async fn slot(self: &Arc<Self>) -> Option<Held> {
        let slot = self.slots.clone().acquire_owned().await.ok()?;
        let open = self.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(open, Ordering::SeqCst);
        Some(Held {
            _slot: slot,
            connections: self.clone(),
        })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let connections = &self.connections;
        let open = connections.open.fetch_sub(1, Ordering::SeqCst) - 1;
        let peak = connections.peak.load(Ordering::SeqCst);
        // Once most of a burst has closed; not only at 0, which a client that keeps a connection open never lets
        // the count reach. The exchange lets one closing connection trim.
        if peak >= TRIM_AFTER
            && open <= peak / TRIM_WHEN_FALLEN_BY
            && connections
                .peak
                .compare_exchange(peak, open, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            trim();
        }
    }
}

fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of malloc's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slots_are_bounded_and_the_peak_resets_after_a_burst() {
        let connections = Connections::new(2);
        let (a, b) = (connections.slot().await, connections.slot().await);
        assert!(a.is_some() && b.is_some());
        let third = tokio::time::timeout(std::time::Duration::from_millis(20), connections.slot()).await;
        assert!(third.is_err(), "a third slot of two");
        assert_eq!(connections.peak.load(Ordering::SeqCst), 2);
        drop(a);
        assert_eq!(connections.peak.load(Ordering::SeqCst), 2);
        drop(b);
        assert_eq!(connections.open.load(Ordering::SeqCst), 0);
        // Below TRIM_AFTER nothing is trimmed and the peak stays.
        assert_eq!(connections.peak.load(Ordering::SeqCst), 2);
        assert!(connections.slot().await.is_some());
    }
}
