//! A developer token from the frontend: `GET /auth/token/require` with the operator's token as `X-Auth` and the
//! target as `X-Tenant-ID`, `X-Role`, `X-TTL` (upstream frontend `pkg/frontend/api/api.go`, the `auth` group, and
//! `pkg/frontend/api/auth/token_proxy_handler.go`, `RequireTokenProxyHandler`); the token comes back in the answer's
//! `X-Auth` header, its expiry (Unix seconds) in `X-Expired-Time-Span` (functionsystem `iam_actor.cpp`).

use std::time::Duration;

use anyhow::Result;

use crate::answer::reply::Judged;
use crate::call::send;
use crate::client::body::WireBody;
use crate::client::http::{Client, WireRequest};

pub const REQUIRE_PATH: &str = "/auth/token/require";

/// The only role the frontend issues (`developerRole`; any other `X-Role` is a 400).
pub const DEVELOPER_ROLE: &str = "developer";

/// The tenant the operator's own token belongs to (`systemTenantID`): never a target.
const SYSTEM_TENANT: &str = "0";

/// The longest tenant id the frontend takes (`tokenProxyTenantIDPattern`, `[A-Za-z0-9._-]{1,128}`).
const TENANT_CHARS: usize = 128;

/// How long the token lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ttl {
    /// The IAM server's default: no `X-TTL` sent.
    Default,
    /// This many seconds (at least 1).
    Seconds(u64),
    /// `X-TTL: -1`: the token never expires (`ttlNoExpiration`).
    Never,
}

/// The tenant a token is asked for, checked as `validateTargetTokenProxyTenantID` checks it; the error is worded for
/// `--tenant`.
pub fn check_tenant(tenant: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if tenant.is_empty() || tenant.len() > TENANT_CHARS || !tenant.chars().all(allowed) {
        return Err(format!(
            "--tenant `{}` must be 1 to {TENANT_CHARS} letters, digits, `.`, `_` or `-`",
            crate::values::printable(tenant)
        ));
    }
    if tenant == SYSTEM_TENANT {
        return Err("--tenant 0 is the system tenant, reserved: a developer token is for another tenant".into());
    }
    Ok(())
}

/// The request: `operator` is the connection's X-Auth header.
pub fn require_request(operator: Vec<(String, String)>, tenant: &str, ttl: Ttl) -> WireRequest<'static> {
    let mut headers = operator;
    headers.push(("X-Tenant-ID".to_string(), tenant.to_string()));
    headers.push(("X-Role".to_string(), DEVELOPER_ROLE.to_string()));
    match ttl {
        Ttl::Default => {}
        Ttl::Seconds(seconds) => headers.push(("X-TTL".to_string(), seconds.to_string())),
        Ttl::Never => headers.push(("X-TTL".to_string(), "-1".to_string())),
    }
    WireRequest {
        method: "GET",
        path: REQUIRE_PATH.to_string(),
        headers,
        body: WireBody::EMPTY,
    }
}

/// Sends it once (each answer is a new token), bounded by --timeout.
pub fn require(client: &Client, wire: &WireRequest, limit: Option<Duration>) -> Result<Judged> {
    send::once(client, wire, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    // upstream: pkg/frontend/api/auth/token_proxy_handler_test.go (TestRequireTokenProxyForwardsDeveloperTokenRequest,
    // TestTokenProxyRejectsReservedTargetTenant) and token_proxy_handler.go validateTokenProxyTenantID
    #[test]
    fn tenants_and_headers() {
        assert!(check_tenant("dev-001").is_ok());
        assert!(check_tenant("a.b_c").is_ok());
        assert!(check_tenant("0").unwrap_err().contains("reserved"));
        assert!(check_tenant("").is_err());
        assert!(check_tenant("a b").is_err());
        assert!(check_tenant(&"x".repeat(129)).is_err());
        let wire = require_request(vec![("X-Auth".into(), "op".into())], "dev-001", Ttl::Seconds(3600));
        assert_eq!(wire.path, "/auth/token/require");
        let names: Vec<String> = wire.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        assert_eq!(
            names,
            ["X-Auth: op", "X-Tenant-ID: dev-001", "X-Role: developer", "X-TTL: 3600"]
        );
        let never = require_request(Vec::new(), "t", Ttl::Never);
        assert_eq!(never.headers.last().unwrap().1, "-1");
        assert_eq!(require_request(Vec::new(), "t", Ttl::Default).headers.len(), 2);
    }
}
