//! `X-Webhook-Url`: once an asynchronous call is recorded, its `WebhookPayload` is POSTed there, as upstream's
//! `asyncinvocation.SendWebhook` does (pkg/frontend/asyncinvocation/webhook.go): `Content-Type:
//! application/json` and `X-Async-Request-Id`, 10 s per attempt, 3 attempts 1 s and 2 s apart, any 2xx is
//! delivered. Only `http://` and `https://` URLs are tried.
//!
//! Upstream sends webhooks only when its configuration enables them (`asyncInvocation.webhook.enabled`, off by
//! default); the emulator always sends them, since trying a receiver is what one would run it for.
//!
//! Deliveries are made by at most `WORKERS` threads of their own, from a queue bounded in count and bytes; one that
//! finds the queue full is dropped, with a log line. At exit, what is still waiting or under way gets `GRACE`, then
//! it is given up, with a log line: receivers that never answer cannot keep the emulator from exiting.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::log::RequestLog;

const ATTEMPTS: u32 = 3;
const FIRST_DELAY: Duration = Duration::from_secs(1);
const TIMEOUT: Duration = Duration::from_secs(10);
/// Threads that deliver, started as deliveries come: at most this many receivers are called at once.
pub const WORKERS: usize = 16;
/// Deliveries that may wait for a worker; one more is dropped.
pub const QUEUE: usize = 1024;
/// The payloads that may wait for a worker, in bytes (a payload carries the result, up to 64 MiB in base64).
pub const QUEUE_BYTES: usize = 64 << 20;
/// At exit, how long deliveries still waiting or under way may take before they are given up.
pub const GRACE: Duration = Duration::from_secs(2);

pub struct Delivery {
    url: String,
    request_id: String,
    payload: String,
}

/// One attempt at one delivery: whether the receiver took it (a 2xx).
type Attempt = dyn Fn(&Delivery) -> bool + Send + Sync;

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Delivery>,
    /// The payload bytes in `waiting`.
    bytes: usize,
    /// The receivers of the deliveries workers are making (`receiver`), one entry each.
    under_way: Vec<String>,
    workers: usize,
    idle: usize,
    /// Set at exit, after the grace: workers stop.
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    /// Workers wait here for deliveries (and, between attempts, for the exit).
    work: Condvar,
    /// The exit waits here for the queue to empty.
    settled: Condvar,
    attempt: Box<Attempt>,
    log: Option<Arc<RequestLog>>,
}

/// The emulator's webhook deliveries; clones share them.
#[derive(Clone)]
pub struct Webhooks {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Webhooks")
    }
}

impl Webhooks {
    /// Deliveries over HTTP; drops and give-ups are written to `log`.
    pub fn new(log: Option<Arc<RequestLog>>) -> Webhooks {
        Webhooks::with(Box::new(send_once), log)
    }

    fn with(attempt: Box<Attempt>, log: Option<Arc<RequestLog>>) -> Webhooks {
        Webhooks {
            shared: Arc::new(Shared {
                queue: Mutex::new(Queue::default()),
                work: Condvar::new(),
                settled: Condvar::new(),
                attempt,
                log,
            }),
        }
    }

    /// Queues a delivery; it is made in the background, or dropped (with a log line) when the queue is full.
    pub fn send(&self, url: String, request_id: String, payload: String) {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return;
        }
        let mut queue = self.shared.lock();
        if queue.closed {
            return;
        }
        if queue.waiting.len() >= QUEUE || queue.bytes + payload.len() > QUEUE_BYTES {
            let waiting = queue.waiting.len();
            drop(queue);
            self.shared.note(format!(
                "yr serve: webhook to {} dropped: {waiting} deliveries are already waiting (at most {QUEUE}, {} MiB)\n",
                receiver(&url),
                QUEUE_BYTES >> 20
            ));
            return;
        }
        queue.bytes += payload.len();
        queue.waiting.push_back(Delivery {
            url,
            request_id,
            payload,
        });
        if queue.waiting.len() > queue.idle && queue.workers < WORKERS {
            let shared = self.shared.clone();
            let started = std::thread::Builder::new()
                .name("yr-webhook".into())
                .spawn(move || work(&shared));
            // Without a thread the delivery waits for a worker that is busy, or is given up at exit.
            if started.is_ok() {
                queue.workers += 1;
            }
        }
        self.shared.work.notify_one();
    }

    /// At exit: waits at most `grace` for the deliveries waiting or under way, then gives up on the rest and says
    /// how many went to which receiver. Workers still waiting on a receiver are left to the process's exit.
    pub fn finish(&self, grace: Duration) {
        let queue = self.shared.lock();
        let (mut queue, _) = self
            .shared
            .settled
            .wait_timeout_while(queue, grace, |q| !(q.waiting.is_empty() && q.under_way.is_empty()))
            .unwrap_or_else(|p| p.into_inner());
        queue.closed = true;
        self.shared.work.notify_all();
        let receivers = queue
            .waiting
            .iter()
            .map(|d| receiver(&d.url))
            .chain(queue.under_way.iter().cloned());
        let text = given_up(receivers);
        drop(queue);
        if let Some(text) = text {
            self.shared.note(text);
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn note(&self, text: String) {
        if let Some(log) = &self.log {
            log.note(text);
        }
    }
}

/// A worker: takes deliveries until the exit closes the queue.
fn work(shared: &Shared) {
    loop {
        let mut queue = shared.lock();
        let delivery = loop {
            if queue.closed {
                queue.workers -= 1;
                return;
            }
            if let Some(delivery) = queue.waiting.pop_front() {
                queue.bytes -= delivery.payload.len();
                queue.under_way.push(receiver(&delivery.url));
                break delivery;
            }
            queue.idle += 1;
            queue = shared.work.wait(queue).unwrap_or_else(|p| p.into_inner());
            queue.idle -= 1;
        };
        drop(queue);
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                let delay = FIRST_DELAY * (1 << (attempt - 1));
                let queue = shared.lock();
                let (queue, _) = shared
                    .work
                    .wait_timeout_while(queue, delay, |q| !q.closed)
                    .unwrap_or_else(|p| p.into_inner());
                if queue.closed {
                    break;
                }
            }
            if (shared.attempt)(&delivery) {
                break;
            }
        }
        let mut queue = shared.lock();
        let mine = receiver(&delivery.url);
        if let Some(at) = queue.under_way.iter().position(|r| *r == mine) {
            queue.under_way.swap_remove(at);
        }
        shared.settled.notify_all();
    }
}

/// Who a delivery goes to, as the log names it: scheme, host and port only. User info, path and query can hold a
/// secret (`https://hooks.example/services/T0/B0/XXXX`, `?token=`), and the log may be pasted anywhere.
fn receiver(url: &str) -> String {
    let Ok(uri) = ureq::http::Uri::try_from(url) else {
        return "a URL that does not parse".into();
    };
    let (scheme, host) = (uri.scheme_str().unwrap_or("http"), uri.host().unwrap_or(""));
    match uri.port_u16() {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    }
}

/// The exit's log line for the deliveries given up, by receiver; None when there are none.
fn given_up(receivers: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for receiver in receivers {
        *counts.entry(receiver).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    if total == 0 {
        return None;
    }
    let each: Vec<String> = counts.iter().map(|(r, n)| format!("{n} to {r}")).collect();
    let noun = if total == 1 { "delivery" } else { "deliveries" };
    Some(format!(
        "yr serve: gave up on {total} webhook {noun} at exit: {}\n",
        each.join(", ")
    ))
}

fn send_once(delivery: &Delivery) -> bool {
    let url = delivery.url.as_str();
    // Go's default transport takes a proxy from the environment but never for loopback addresses.
    let loopback = ureq::http::Uri::try_from(url)
        .ok()
        .and_then(|uri| uri.host().map(str::to_string))
        .is_some_and(|host| crate::values::is_loopback_host(&host));
    let proxy = if loopback { None } else { ureq::Proxy::try_from_env() };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .proxy(proxy)
        .user_agent("Go-http-client/1.1")
        .build()
        .into();
    match agent
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-Async-Request-Id", &delivery.request_id)
        .send(delivery.payload.as_bytes())
    {
        Ok(response) => response.status().is_success(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    #[test]
    fn receivers_are_named_without_secrets() {
        assert_eq!(
            receiver("https://me:s3cret@hooks.example/services/T0/XXXX?token=t"),
            "https://hooks.example"
        );
        assert_eq!(receiver("http://127.0.0.1:8080/hook"), "http://127.0.0.1:8080");
        assert_eq!(receiver("http://[::1]:9/h"), "http://[::1]:9");
        assert_eq!(receiver("http://a b/"), "a URL that does not parse");
        assert_eq!(given_up(std::iter::empty()), None);
        let text = given_up(["http://b".to_string(), "http://a:1".into(), "http://b".into()].into_iter());
        assert_eq!(
            text.as_deref(),
            Some("yr serve: gave up on 3 webhook deliveries at exit: 1 to http://a:1, 2 to http://b\n")
        );
    }

    /// Receivers that never answer: the workers stay at WORKERS, the queue at QUEUE (the rest is dropped), and the
    /// exit gives up after its grace with everything counted.
    #[test]
    fn the_pool_is_bounded_and_the_exit_gives_up() {
        let (started, release) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new((Mutex::new(false), Condvar::new())),
        );
        let (count, gate) = (started.clone(), release.clone());
        let hooks = Webhooks::with(
            Box::new(move |_| {
                count.fetch_add(1, Ordering::SeqCst);
                let (lock, wake) = &*gate;
                let open = lock.lock().unwrap();
                let _open = wake.wait_while(open, |open| !*open).unwrap();
                true
            }),
            None,
        );
        for i in 0..WORKERS + QUEUE + 10 {
            hooks.send(format!("http://127.0.0.1:9/{i}"), i.to_string(), "{}".into());
        }
        hooks.send("ftp://127.0.0.1/".into(), "x".into(), "{}".into());
        let deadline = Instant::now() + Duration::from_secs(10);
        while started.load(Ordering::SeqCst) < WORKERS && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        {
            let queue = hooks.shared.lock();
            assert_eq!(queue.workers, WORKERS);
            assert_eq!(queue.under_way.len(), WORKERS);
            // The first WORKERS may have been taken before the queue filled: at most QUEUE wait, 10 or more dropped.
            assert!(queue.waiting.len() <= QUEUE, "{}", queue.waiting.len());
        }
        assert_eq!(started.load(Ordering::SeqCst), WORKERS);
        let exit = Instant::now();
        hooks.finish(Duration::from_millis(50));
        assert!(exit.elapsed() < Duration::from_secs(5), "{:?}", exit.elapsed());
        assert!(hooks.shared.lock().closed);
        let (lock, wake) = &*release;
        *lock.lock().unwrap() = true;
        wake.notify_all();
    }

    #[test]
    fn a_bounded_byte_queue_drops_what_does_not_fit() {
        let hooks = Webhooks::with(Box::new(|_| true), None);
        // Every worker slot taken (none is started): what waits is what the queue took.
        hooks.shared.lock().workers = WORKERS;
        let big = "x".repeat(QUEUE_BYTES / 2 + 1);
        hooks.send("http://127.0.0.1:9/a".into(), "a".into(), big.clone());
        hooks.send("http://127.0.0.1:9/b".into(), "b".into(), big);
        let queue = hooks.shared.lock();
        assert_eq!(queue.waiting.len(), 1);
        assert_eq!(queue.bytes, QUEUE_BYTES / 2 + 1);
    }
}
