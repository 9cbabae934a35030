//! The emulator's time limits, where 0 is no limit: `--function-timeout 0`, `--read-timeout 0` and
//! `--keep-results 0` mean what the client's `--timeout 0` means (and Go's `ReadTimeout` 0), never "fail at once".

use std::future::Future;
use std::time::Duration;

/// `future`'s output, or None when `limit` passed first; a zero limit never passes.
pub async fn within<T>(limit: Duration, future: impl Future<Output = T>) -> Option<T> {
    if limit.is_zero() {
        return Some(future.await);
    }
    tokio::time::timeout(limit, future).await.ok()
}

/// The limit as an Option, for APIs that take one: None for 0.
pub fn some(limit: Duration) -> Option<Duration> {
    (!limit.is_zero()).then_some(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn zero_is_no_limit() {
        let late = async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            7
        };
        assert_eq!(within(Duration::ZERO, late).await, Some(7));
        let never = std::future::pending::<()>();
        assert_eq!(within(Duration::from_millis(10), never).await, None);
        assert_eq!(some(Duration::ZERO), None);
        assert_eq!(some(Duration::from_secs(1)), Some(Duration::from_secs(1)));
    }
}
