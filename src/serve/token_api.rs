//! `GET /auth/token/require` and `GET /auth/token/abandon` as upstream's frontend answers them
//! (`pkg/frontend/api/auth/token_proxy_handler.go`, tested in `token_proxy_handler_test.go`), with the emulator in
//! the IAM server's place: the operator is the `--token-file` token (a JWT of tenant `0`, role `developer`; a plain
//! configured token is accepted as the operator too, as auth.rs accepts it for calls), and the tokens it issues are
//! kept here, so that the emulator's own auth accepts them until their TTL runs out. An expired one is then refused as
//! the IAM server refuses any token it does not know (auth.rs's verdict).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use bytes::Bytes;
use hyper::header::HeaderMap;
use hyper::{Response, StatusCode};

use super::answers::{gin_json, go_response};
use super::auth::{self, Expected};
use super::ids::new_id;
use super::reply_body::ReplyBody;
use super::rules::first;

/// `developerRole` and `systemTenantID` (token_proxy_iam_client.go).
const DEVELOPER_ROLE: &str = "developer";
const SYSTEM_TENANT: &str = "0";
/// The IAM server's `token_expired_time_span` default, for a request without X-TTL (functionsystem
/// `src/iam_server/flags/flags.cpp`, `DEFAULT_TOKEN_EXPIRED_TIME_SPAN`: 24 hours).
const DEFAULT_TTL_SECS: i64 = 24 * 60 * 60;
const TENANT_CHARS: usize = 128;

/// The tokens this emulator issued, with their `exp` (Unix seconds; 0 or less: never).
#[derive(Debug, Default)]
pub struct Issued {
    tokens: Mutex<HashMap<String, i64>>,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Issued {
    /// Whether `presented` is a token issued here that has not expired.
    pub fn accepts(&self, presented: &str) -> bool {
        let tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        tokens.get(presented).is_some_and(|exp| {
            !auth::Claims {
                exp: *exp,
                ..auth::Claims::default()
            }
            .is_expired(now())
        })
    }

    fn issue(&self, tenant: &str, exp: i64) -> String {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let payload = serde_json::json!({"sub": tenant, "exp": exp, "role": DEVELOPER_ROLE}).to_string();
        let signature = enc(&format!("yr-serve-{}{}", new_id(), new_id()));
        let token = format!(
            "{}.{}.{signature}",
            enc(r#"{"alg":"HS256","typ":"JWT"}"#),
            enc(&payload)
        );
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        tokens.insert(token.clone(), exp);
        token
    }
}

fn error(status: StatusCode, message: &str) -> Response<ReplyBody> {
    gin_json(status, serde_json::json!({ "error": message }).to_string())
}

fn header_text(headers: &HeaderMap, name: &str) -> String {
    String::from_utf8_lossy(first(headers, name)).into_owned()
}

/// `validateOperatorToken`: None to go on, else the 401 or 403. `operator` is the configured token (None: no IAM
/// server, as an unset `IamConfig.Addr`).
fn check_operator(headers: &HeaderMap, operator: Option<&Expected>, issued: &Issued) -> Option<Response<ReplyBody>> {
    let token = header_text(headers, "x-auth");
    let is_configured = operator.is_some_and(|o| o.is(&token));
    let claims = match auth::parse_claims(&token) {
        _ if token.is_empty() => return Some(error(StatusCode::UNAUTHORIZED, "invalid token: X-Auth header is empty")),
        Ok(claims) => claims,
        // The emulator's allowance: a configured token that is not a JWT is the operator.
        Err(_) if is_configured => return None,
        Err(why) => return Some(error(StatusCode::UNAUTHORIZED, &format!("invalid token: {why}"))),
    };
    if operator.is_none() {
        return Some(error(StatusCode::UNAUTHORIZED, "iam-server address is not configured"));
    }
    if !is_configured && !issued.accepts(&token) {
        return Some(error(StatusCode::UNAUTHORIZED, "invalid token"));
    }
    if claims.is_expired(now()) {
        return Some(error(StatusCode::UNAUTHORIZED, "token expired"));
    }
    if claims.sub != SYSTEM_TENANT || claims.role != DEVELOPER_ROLE {
        return Some(error(
            StatusCode::FORBIDDEN,
            "developer system tenant token is required",
        ));
    }
    None
}

/// `validateTargetTokenProxyTenantID`.
fn check_tenant(tenant: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if tenant.is_empty() {
        return Err("X-Tenant-ID header is required".into());
    }
    if tenant.len() > TENANT_CHARS || !tenant.chars().all(allowed) {
        return Err("X-Tenant-ID must match [A-Za-z0-9._-]{1,128}".into());
    }
    if tenant == SYSTEM_TENANT {
        return Err("tenant 0 is reserved".into());
    }
    Ok(())
}

/// `parseTokenProxyTTL`: None for no header, else seconds (-1: never).
fn parse_ttl(text: &str) -> Result<Option<i64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let ttl: i64 = text.parse().map_err(|_| "X-TTL must be an integer".to_string())?;
    if ttl == 0 || ttl < -1 {
        return Err("X-TTL must be -1 or a positive integer".into());
    }
    Ok(Some(ttl))
}

/// `RequireTokenProxyHandler`, the IAM server's answer passed on: 200 `OK`, the token in `X-Auth`, its expiry in
/// `X-Expired-Time-Span`.
pub fn require(headers: &HeaderMap, operator: Option<&Expected>, issued: &Issued) -> Response<ReplyBody> {
    if let Some(refused) = check_operator(headers, operator, issued) {
        return refused;
    }
    let tenant = header_text(headers, "x-tenant-id");
    if let Err(why) = check_tenant(&tenant) {
        return error(StatusCode::BAD_REQUEST, &why);
    }
    if header_text(headers, "x-role") != DEVELOPER_ROLE {
        return error(StatusCode::BAD_REQUEST, "X-Role must be developer");
    }
    let ttl = match parse_ttl(&header_text(headers, "x-ttl")) {
        Ok(ttl) => ttl.unwrap_or(DEFAULT_TTL_SECS),
        Err(why) => return error(StatusCode::BAD_REQUEST, &why),
    };
    let exp = if ttl < 0 { -1 } else { now().saturating_add(ttl) };
    let token = issued.issue(&tenant, exp);
    go_response(
        StatusCode::OK,
        vec![
            ("X-Auth", token.into_bytes()),
            ("X-Expired-Time-Span", exp.to_string().into_bytes()),
            ("Content-Type", b"text/plain".to_vec()),
        ],
        Bytes::from_static(b"OK"),
    )
}

/// `AbandonTokenProxyHandler`: the tenant checked, then 501.
pub fn abandon(headers: &HeaderMap) -> Response<ReplyBody> {
    if let Err(why) = check_tenant(&header_text(headers, "x-tenant-id")) {
        return error(StatusCode::BAD_REQUEST, &why);
    }
    error(
        StatusCode::NOT_IMPLEMENTED,
        "developer token abandon is not supported; token expiration depends on TTL",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tokenProxyTestJWT` in upstream's token_proxy_handler_test.go.
    fn jwt(sub: &str, role: &str, exp: i64) -> String {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let payload = serde_json::json!({"sub": sub, "role": role, "exp": exp}).to_string();
        format!("{}.{}.signature", enc(r#"{"alg":"HS256","typ":"JWT"}"#), enc(&payload))
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                hyper::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    // upstream: pkg/frontend/api/auth/token_proxy_handler_test.go, each test named in its row
    #[test]
    fn require_as_upstream() {
        let operator_token = jwt("0", "developer", now() + 3600);
        let operator = Expected::new(&operator_token);
        let issued = Issued::default();
        let ask = |pairs: &[(&str, &str)], op: Option<&Expected>| require(&headers(pairs), op, &issued);
        let full = [
            ("x-auth", operator_token.as_str()),
            ("x-tenant-id", "dev-001"),
            ("x-role", "developer"),
            ("x-ttl", "3600"),
        ];
        // TestRequireTokenProxyForwardsDeveloperTokenRequest
        let answer = ask(&full, Some(&operator));
        assert_eq!(answer.status(), StatusCode::OK);
        let token = answer.headers()["x-auth"].to_str().unwrap().to_string();
        assert!(issued.accepts(&token));
        let claims = auth::parse_claims(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.role.as_str()), ("dev-001", "developer"));
        assert!((claims.exp - now() - 3600).abs() <= 1);
        // TestRequireTokenProxyRejectsNonSystemCaller: a valid token of another tenant is 403
        let developer = [
            ("x-auth", token.as_str()),
            ("x-tenant-id", "dev-002"),
            ("x-role", "developer"),
        ];
        assert_eq!(ask(&developer, Some(&operator)).status(), StatusCode::FORBIDDEN);
        // TestRequireTokenProxyRejectsNonDeveloperTargetRole
        let user_role = [full[0], full[1], ("x-role", "user")];
        assert_eq!(ask(&user_role, Some(&operator)).status(), StatusCode::BAD_REQUEST);
        // TestTokenProxyRejectsReservedTargetTenant
        let reserved = [full[0], ("x-tenant-id", "0"), full[2]];
        assert_eq!(ask(&reserved, Some(&operator)).status(), StatusCode::BAD_REQUEST);
        // parseTokenProxyTTL: 0 and -2 refused, -1 never expires (TestRequireTokenProxyAcceptsNonExpiringSystemCallerToken)
        for bad in ["0", "-2", "x"] {
            let row = [full[0], full[1], full[2], ("x-ttl", bad)];
            assert_eq!(ask(&row, Some(&operator)).status(), StatusCode::BAD_REQUEST, "{bad}");
        }
        let never = ask(&[full[0], full[1], full[2], ("x-ttl", "-1")], Some(&operator));
        assert_eq!(never.headers()["x-expired-time-span"], "-1");
        // validateOperatorToken: no IAM server, a token the IAM server does not know, an expired operator
        assert_eq!(ask(&full, None).status(), StatusCode::UNAUTHORIZED);
        let stranger = jwt("0", "developer", now() + 7200);
        let row = [("x-auth", stranger.as_str()), full[1], full[2]];
        assert_eq!(ask(&row, Some(&operator)).status(), StatusCode::UNAUTHORIZED);
        let old = jwt("0", "developer", now() - 10);
        let row = [("x-auth", old.as_str()), full[1], full[2]];
        let expired = ask(&row, Some(&Expected::new(&old)));
        assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
        // TestAbandonTokenProxyDeclaresUnsupported, and its reserved tenant
        assert_eq!(
            abandon(&headers(&[("x-tenant-id", "dev-001")])).status(),
            StatusCode::NOT_IMPLEMENTED
        );
        assert_eq!(
            abandon(&headers(&[("x-tenant-id", "0")])).status(),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn expired_issued_tokens_are_refused() {
        let issued = Issued::default();
        let past = issued.issue("t", now() - 1);
        let forever = issued.issue("t", -1);
        assert!(!issued.accepts(&past));
        assert!(issued.accepts(&forever));
        assert!(!issued.accepts("other"));
    }
}
