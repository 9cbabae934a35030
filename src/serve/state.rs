//! What the emulator remembers between calls: instance sessions and asynchronous results.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::rules::SessionAsk;

/// A logical instance bound to a session: its calls share the instance id and at most `concurrency` run at once.
#[derive(Debug)]
pub struct Session {
    pub instance_id: String,
    permits: Arc<Semaphore>,
    ttl: Option<Duration>,
    last_used: Mutex<Instant>,
}

impl Session {
    fn expired(&self, now: Instant) -> bool {
        let last = *self.last_used.lock().unwrap_or_else(|p| p.into_inner());
        self.ttl.is_some_and(|ttl| now.duration_since(last) > ttl)
    }
}

/// Sessions by function URN and session id.
#[derive(Debug, Default)]
pub struct Sessions {
    map: Mutex<HashMap<(String, String), Arc<Session>>>,
    next_instance: AtomicU64,
}

impl Sessions {
    /// The instance for a session, made on first use; waits while the session's calls are all in flight.
    /// A TTL counts from the session's last call; 0 never expires. Concurrency -1 takes the whole instance
    /// (`concurrent_num` calls at once).
    pub async fn enter(
        &self,
        urn: &str,
        ask: &SessionAsk,
        concurrent_num: i64,
    ) -> (Arc<Session>, OwnedSemaphorePermit) {
        let session = {
            let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let key = (urn.to_string(), ask.id.clone());
            match map.get(&key) {
                Some(existing) if !existing.expired(now) => existing.clone(),
                _ => {
                    let permits = if ask.concurrency == -1 {
                        concurrent_num
                    } else {
                        ask.concurrency
                    };
                    let n = self.next_instance.fetch_add(1, Ordering::Relaxed) + 1;
                    let kind = if ask.concurrency == -1 { "exclusive" } else { "session" };
                    let session = Arc::new(Session {
                        instance_id: format!("instance-{kind}-{n}"),
                        permits: Arc::new(Semaphore::new(permits.max(1) as usize)),
                        ttl: (ask.ttl > 0).then(|| Duration::from_secs(ask.ttl as u64)),
                        last_used: Mutex::new(now),
                    });
                    map.insert(key, session.clone());
                    session
                }
            }
        };
        let permit = session
            .permits
            .clone()
            .acquire_owned()
            .await
            .unwrap_or_else(|_| unreachable_closed());
        *session.last_used.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
        (session, permit)
    }

    /// Ends a session; false when there was none (or it had expired).
    pub fn delete(&self, urn: &str, id: &str) -> bool {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        match map.remove(&(urn.to_string(), id.to_string())) {
            Some(session) => !session.expired(Instant::now()),
            None => false,
        }
    }
}

/// The semaphores here are never closed.
fn unreachable_closed() -> OwnedSemaphorePermit {
    panic!("a session semaphore was closed")
}

/// The state of an asynchronous call.
#[derive(Debug, Clone)]
enum AsyncState {
    Pending,
    Running,
    Done {
        completed: bool,
        status: u16,
        headers: Value,
        body_base64: String,
        error: String,
        completed_at: SystemTime,
    },
}

#[derive(Debug, Clone)]
struct AsyncRecord {
    state: AsyncState,
    created_at: SystemTime,
    /// When the record stops being served; set when the call ends.
    expires: Option<Instant>,
}

/// Asynchronous results, kept for `keep` after they complete.
#[derive(Debug)]
pub struct AsyncResults {
    map: Mutex<HashMap<String, AsyncRecord>>,
    keep: Duration,
}

impl AsyncResults {
    pub fn new(keep: Duration) -> AsyncResults {
        AsyncResults {
            map: Mutex::new(HashMap::new()),
            keep,
        }
    }

    pub fn add(&self, id: &str) {
        let record = AsyncRecord {
            state: AsyncState::Pending,
            created_at: SystemTime::now(),
            expires: None,
        };
        self.lock().insert(id.to_string(), record);
    }

    pub fn running(&self, id: &str) {
        if let Some(record) = self.lock().get_mut(id) {
            record.state = AsyncState::Running;
        }
    }

    /// Records the answer a synchronous call would have given.
    pub fn finish(&self, id: &str, status: u16, headers: Value, body: &[u8], error: String) {
        use base64::Engine;
        let keep = self.keep;
        let mut map = self.lock();
        let now = Instant::now();
        map.retain(|_, r| r.expires.is_none_or(|e| e > now));
        if let Some(record) = map.get_mut(id) {
            record.state = AsyncState::Done {
                completed: status == 200,
                status,
                headers,
                body_base64: base64::engine::general_purpose::STANDARD.encode(body),
                error,
                completed_at: SystemTime::now(),
            };
            record.expires = Some(now + keep);
        }
    }

    /// The record as the result route shows it; None when unknown or expired.
    pub fn get(&self, id: &str) -> Option<Value> {
        let map = self.lock();
        let record = map.get(id)?;
        if record.expires.is_some_and(|e| e <= Instant::now()) {
            return None;
        }
        Some(match &record.state {
            AsyncState::Pending => json!({"requestId": id, "status": "pending"}),
            AsyncState::Running => json!({"requestId": id, "status": "running"}),
            AsyncState::Done {
                completed,
                status,
                headers,
                body_base64,
                error,
                completed_at,
            } => json!({
                "requestId": id,
                "status": if *completed { "completed" } else { "failed" },
                "statusCode": status,
                "respHeaders": headers,
                "respBody": body_base64,
                "error": error,
                "createdAt": rfc3339(record.created_at),
                "completedAt": rfc3339(*completed_at),
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, AsyncRecord>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `2026-11-29T10:19:50.123Z`
pub fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_millis(1_795_947_590_123)),
            "2026-11-29T10:19:50.123Z"
        );
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn async_records() {
        let store = AsyncResults::new(Duration::from_secs(60));
        assert_eq!(store.get("x"), None);
        store.add("a");
        assert_eq!(store.get("a").unwrap()["status"], "pending");
        store.running("a");
        assert_eq!(store.get("a").unwrap()["status"], "running");
        store.finish("a", 200, json!({}), b"\"hi\"", String::new());
        let record = store.get("a").unwrap();
        assert_eq!(
            (record["status"].as_str(), record["respBody"].as_str()),
            (Some("completed"), Some("ImhpIg=="))
        );
        let short = AsyncResults::new(Duration::ZERO);
        short.add("b");
        short.finish("b", 500, json!({}), b"{}", "boom".into());
        assert_eq!(short.get("b"), None);
    }

    #[tokio::test]
    async fn sessions_bind_and_limit() {
        let sessions = Sessions::default();
        let ask = SessionAsk {
            id: "s".into(),
            ttl: 0,
            concurrency: 1,
        };
        let (first, permit) = sessions.enter("u", &ask, 2).await;
        let waiting = tokio::time::timeout(Duration::from_millis(100), sessions.enter("u", &ask, 2)).await;
        assert!(waiting.is_err(), "a second call on a concurrency-1 session must wait");
        drop(permit);
        let (second, _p) = sessions.enter("u", &ask, 2).await;
        assert_eq!(first.instance_id, second.instance_id);
        let other = SessionAsk {
            id: "t".into(),
            ttl: 0,
            concurrency: -1,
        };
        let (exclusive, _q) = sessions.enter("u", &other, 2).await;
        assert_ne!(exclusive.instance_id, first.instance_id);
        assert!(exclusive.instance_id.contains("exclusive"));
        assert!(sessions.delete("u", "s"));
        assert!(!sessions.delete("u", "s"));
    }
}
