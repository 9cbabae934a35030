//! `X-Webhook-Url`: once an asynchronous call is recorded, its `WebhookPayload` is POSTed there, as upstream's
//! `asyncinvocation.SendWebhook` does (pkg/frontend/asyncinvocation/webhook.go): `Content-Type:
//! application/json` and `X-Async-Request-Id`, 10 s per attempt, 3 attempts 1 s and 2 s apart, any 2xx is
//! delivered. Only `http://` and `https://` URLs are tried.
//!
//! Upstream sends webhooks only when its configuration enables them (`asyncInvocation.webhook.enabled`, off by
//! default); the emulator always sends them, since trying a receiver is what one would run it for.

use std::time::Duration;

const ATTEMPTS: u32 = 3;
const FIRST_DELAY: Duration = Duration::from_secs(1);
const TIMEOUT: Duration = Duration::from_secs(10);

/// Sends in the background; failures are dropped (upstream logs them).
pub fn send(url: String, request_id: String, payload: String) {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return;
    }
    tokio::task::spawn_blocking(move || {
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(FIRST_DELAY * (1 << (attempt - 1)));
            }
            if send_once(&url, &request_id, &payload) {
                return;
            }
        }
    });
}

fn send_once(url: &str, request_id: &str, payload: &str) -> bool {
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
        .header("X-Async-Request-Id", request_id)
        .send(payload.as_bytes())
    {
        Ok(response) => response.status().is_success(),
        Err(_) => false,
    }
}
