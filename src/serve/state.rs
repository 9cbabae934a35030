//! What the emulator remembers between calls: instance sessions and asynchronous results.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use std::collections::BTreeMap;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::gojson;
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

/// Sessions by function key (`tenant/name/version`) and session id.
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
        func_key: &str,
        ask: &SessionAsk,
        concurrent_num: i64,
    ) -> (Arc<Session>, OwnedSemaphorePermit) {
        let session = {
            let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let key = (func_key.to_string(), ask.id.clone());
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
    pub fn delete(&self, func_key: &str, id: &str) -> bool {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        match map.remove(&(func_key.to_string(), id.to_string())) {
            Some(session) => !session.expired(Instant::now()),
            None => false,
        }
    }
}

/// The semaphores here are never closed.
fn unreachable_closed() -> OwnedSemaphorePermit {
    panic!("a session semaphore was closed")
}

/// An asynchronous call as upstream's `asyncinvocation.AsyncResult` (pkg/frontend/asyncinvocation/store.go).
#[derive(Debug, Clone)]
struct AsyncRecord {
    status: &'static str,
    status_code: u16,
    /// The response headers as the frontend set them (Go canonical names); Go writes a map's keys sorted.
    resp_headers: BTreeMap<String, String>,
    resp_body: Vec<u8>,
    error: String,
    created_at: SystemTime,
    completed_at: Option<SystemTime>,
    instance_id: String,
    /// When the record stops being served; set when the call ends.
    expires: Option<Instant>,
}

/// A finished call as the record and the webhook carry it.
#[derive(Debug, Clone)]
pub struct Finish {
    pub status_code: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The error the invoker chain returned; empty when it returned none.
    pub error: String,
}

/// Asynchronous results, kept for `keep` after they complete. (Upstream's memory store drops a result 60 minutes
/// after it was created, swept every minute: `MemoryBackend.cleanup` in asyncinvocation/storage.go.)
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

    pub fn add(&self, id: &str, instance_id: &str) {
        let record = AsyncRecord {
            status: "pending",
            status_code: 0,
            resp_headers: BTreeMap::new(),
            resp_body: Vec::new(),
            error: String::new(),
            created_at: SystemTime::now(),
            completed_at: None,
            instance_id: instance_id.to_string(),
            expires: None,
        };
        self.lock().insert(id.to_string(), record);
    }

    pub fn running(&self, id: &str) {
        if let Some(record) = self.lock().get_mut(id) {
            record.status = "running";
        }
    }

    /// Records the end of a call (`AsyncInvokeHandler`: failed when the chain returned an error, or the status is
    /// 0 or 400 and above). With `webhook`, returns the webhook payload (`NewWebhookPayload` in
    /// asyncinvocation/webhook.go); it is made only for a call that sends one.
    pub fn finish(&self, id: &str, done: Finish, webhook: bool) -> Option<String> {
        let keep = self.keep;
        let mut map = self.lock();
        let now = Instant::now();
        map.retain(|_, r| r.expires.is_none_or(|e| e > now));
        let record = map.get_mut(id)?;
        let failed = !done.error.is_empty() || done.status_code == 0 || done.status_code >= 400;
        record.status = if failed { "failed" } else { "completed" };
        record.status_code = done.status_code;
        record.resp_headers = done.headers.into_iter().collect();
        record.resp_body = done.body;
        record.error = done.error;
        record.completed_at = Some(SystemTime::now());
        // `--keep-results 0`: kept until the emulator exits.
        record.expires = super::limit::some(keep).map(|keep| now + keep);
        webhook.then(|| webhook_payload(id, record))
    }

    /// The record as the result route shows it (a JSON text); None when unknown or expired.
    pub fn get(&self, id: &str) -> Option<String> {
        let map = self.lock();
        let record = map.get(id)?;
        if record.expires.is_some_and(|e| e <= Instant::now()) {
            return None;
        }
        Some(match record.status {
            // gin.H{"requestId", "status"}: a map, so its keys come sorted.
            "pending" | "running" => gojson::object(&[
                ("requestId", gojson::string(id)),
                ("status", gojson::string(record.status)),
            ]),
            _ => record_json(id, record),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, AsyncRecord>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `AsyncResult` as encoding/json writes it: fields in struct order, the `omitempty` ones left out when empty,
/// `respBody` ([]byte) in base64.
fn record_json(id: &str, record: &AsyncRecord) -> String {
    use base64::Engine;
    let mut members = vec![
        ("requestId", gojson::string(id)),
        ("status", gojson::string(record.status)),
    ];
    if record.status_code != 0 {
        members.push(("statusCode", record.status_code.to_string()));
    }
    if !record.resp_headers.is_empty() {
        let headers: Vec<(&str, String)> = record
            .resp_headers
            .iter()
            .map(|(k, v)| (k.as_str(), gojson::string(v)))
            .collect();
        members.push(("respHeaders", gojson::object(&headers)));
    }
    if !record.resp_body.is_empty() {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&record.resp_body);
        members.push(("respBody", gojson::string(&encoded)));
    }
    if !record.error.is_empty() {
        members.push(("error", gojson::string(&record.error)));
    }
    members.push(("createdAt", gojson::string(&rfc3339_nano(record.created_at))));
    if let Some(at) = record.completed_at {
        members.push(("completedAt", gojson::string(&rfc3339_nano(at))));
    }
    if !record.instance_id.is_empty() {
        members.push(("instanceId", gojson::string(&record.instance_id)));
    }
    gojson::object(&members)
}

/// `WebhookPayload`: `result` is the base64 body of a completed call only; `completedAt` is when the payload was
/// made.
fn webhook_payload(id: &str, record: &AsyncRecord) -> String {
    use base64::Engine;
    let mut members = vec![
        ("requestId", gojson::string(id)),
        ("status", gojson::string(record.status)),
        ("statusCode", record.status_code.to_string()),
    ];
    if record.status == "completed" && !record.resp_body.is_empty() {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&record.resp_body);
        members.push(("result", gojson::string(&encoded)));
    }
    if !record.error.is_empty() {
        members.push(("error", gojson::string(&record.error)));
    }
    members.push(("completedAt", gojson::string(&rfc3339_nano(SystemTime::now()))));
    gojson::object(&members)
}

/// How Go's `time.Time` marshals to JSON (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC:
/// `2026-11-29T10:19:50.123456789Z`, `2026-11-29T10:19:50.1Z`, `2026-11-29T10:19:50Z`.
pub fn rfc3339_nano(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = crate::civil::civil_from_days(days);
    let nanos = since.subsec_nanos();
    let fraction = if nanos == 0 {
        String::new()
    } else {
        format!(".{nanos:09}").trim_end_matches('0').to_string()
    };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{fraction}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339_nano(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339_nano(UNIX_EPOCH + Duration::from_millis(1_795_947_590_123)),
            "2026-11-29T10:19:50.123Z"
        );
        assert_eq!(
            rfc3339_nano(UNIX_EPOCH + Duration::from_nanos(951_782_400_000_000_001)),
            "2000-02-29T00:00:00.000000001Z"
        );
    }

    fn finish(status_code: u16, body: &[u8], error: &str) -> Finish {
        Finish {
            status_code,
            headers: vec![("X-Inner-Code".into(), "0".into())],
            body: body.to_vec(),
            error: error.into(),
        }
    }

    #[test]
    fn async_records() {
        let store = AsyncResults::new(Duration::from_secs(60));
        assert_eq!(store.get("x"), None);
        store.add("a", "host");
        assert_eq!(store.get("a").unwrap(), r#"{"requestId":"a","status":"pending"}"#);
        store.running("a");
        assert_eq!(store.get("a").unwrap(), r#"{"requestId":"a","status":"running"}"#);
        let hook = store.finish("a", finish(200, b"\"hi\"", ""), true).unwrap();
        let record = store.get("a").unwrap();
        assert!(
            record.starts_with(
                r#"{"requestId":"a","status":"completed","statusCode":200,"respHeaders":{"X-Inner-Code":"0"},"respBody":"ImhpIg==","createdAt":""#
            ),
            "{record}"
        );
        assert!(record.ends_with(r#"","instanceId":"host"}"#), "{record}");
        assert!(
            hook.starts_with(
                r#"{"requestId":"a","status":"completed","statusCode":200,"result":"ImhpIg==","completedAt":""#
            ),
            "{hook}"
        );
        store.add("f", "");
        let hook = store
            .finish("f", finish(500, b"{}", "function doesn't exist"), true)
            .unwrap();
        assert!(store.get("f").unwrap().contains(r#""status":"failed""#));
        assert!(
            hook.contains(r#""statusCode":500,"error":"function doesn't exist","completedAt""#),
            "{hook}"
        );
        // Without a webhook no payload is made; the record is kept all the same.
        store.add("n", "");
        assert_eq!(store.finish("n", finish(200, b"1", ""), false), None);
        assert!(store.get("n").unwrap().contains(r#""status":"completed""#));
        let short = AsyncResults::new(Duration::from_nanos(1));
        short.add("b", "");
        short.finish("b", finish(500, b"{}", "boom"), false);
        std::thread::sleep(Duration::from_millis(1));
        assert_eq!(short.get("b"), None);
        // --keep-results 0: kept until the emulator exits.
        let kept = AsyncResults::new(Duration::ZERO);
        kept.add("k", "");
        kept.finish("k", finish(200, b"1", ""), false);
        assert!(kept.get("k").is_some());
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
