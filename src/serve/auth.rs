//! Token auth as upstream's gin middleware does it (pkg/frontend/middleware/jwtauth.go, jwtauth_whitelist.go,
//! publicfunc_jwt_skip.go), with the token of `--token-file` in the place of the IAM server: every route outside
//! the whitelist needs it, unknown paths included (the middleware runs before the router's 404).
//!
//! Upstream parses the token as a JWT, checks its role, then asks the IAM server. The emulator parses and checks
//! the role the same way and accepts exactly the configured token where the IAM server would accept a valid one.
//! A configured token that is not a JWT is accepted as given (upstream would refuse any token that is not a JWT;
//! a local emulator is more useful when `echo s3cret > token` works).

use hyper::header::HeaderMap;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{DecodeError, Engine, alphabet};

use super::gojson::{self, Kind, Struct};
use super::rules::{first, trim, unescape};

/// `defaultAuthWhitelist`: (path, methods (empty: all), exact or prefix).
const WHITELIST: &[(&str, &[&str], bool)] = &[
    ("/", &["GET"], true),
    ("/api-docs", &["GET"], true),
    ("/auth/", &[], false),
    ("/healthz", &["GET"], true),
    ("/serverless/v1/componentshealth", &["GET"], true),
    ("/serverless/v1/capabilities", &["GET"], true),
    ("/client/v1/lease", &["PUT", "DELETE"], true),
    ("/client/v1/lease/keepalive", &["POST"], true),
    ("/terminal/static/", &["GET"], false),
    ("/terminal/ws", &["GET"], true),
    ("/serverless/v1/ws", &["GET"], true),
    ("/serverless/v1/http/", &[], false),
];

/// `isInAuthWhitelist`, and `isTunnelRequest` (the reverse tunnel skips frontend auth too).
pub fn skips_auth(path: &str, method: &str) -> bool {
    if path == "/tunnel" || path.starts_with("/tunnel/") {
        return true;
    }
    WHITELIST.iter().any(|(rule, methods, exact)| {
        (methods.is_empty() || methods.contains(&method)) && if *exact { path == *rule } else { path.starts_with(rule) }
    })
}

/// The token the middleware reads: `X-Auth`, else the query's `token`, else the cookie `iam_token`.
pub fn presented_token(headers: &HeaderMap, query: Option<&str>) -> String {
    let x_auth = first(headers, "x-auth");
    if !x_auth.is_empty() {
        return String::from_utf8_lossy(x_auth).into_owned();
    }
    if let Some(token) = query.and_then(|q| query_value(q, "token")).filter(|t| !t.is_empty()) {
        return token;
    }
    cookie_value(headers, "iam_token").unwrap_or_default()
}

/// gin's `ctx.Query(name)`: the first value of `name` in `url.ParseQuery` (pairs with bad escapes are dropped).
/// The frontend's server turns `;` into `#` before parsing (`allowQuerySemicolons`), so `;` separates nothing.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = unescape(key, true)?;
        let value = unescape(value, true)?;
        (key == name).then_some(value)
    })
}

/// gin's `ctx.Cookie(name)`: net/http's cookie parsing (each `Cookie` header split on `;`, a value in double
/// quotes unquoted, a value with a byte cookies may not hold skipped), then `url.QueryUnescape` of the value.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let token_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    for line in headers.get_all("cookie") {
        for part in line.as_bytes().split(|&b| b == b';') {
            let part = trim(part);
            let (key, value) = match part.iter().position(|&b| b == b'=') {
                Some(i) => (trim(&part[..i]), &part[i + 1..]),
                None => (part, &b""[..]),
            };
            if key.is_empty() || !key.iter().all(|&b| token_char(b)) || key != name.as_bytes() {
                continue;
            }
            let value = if value.len() > 1 && value[0] == b'"' && value[value.len() - 1] == b'"' {
                &value[1..value.len() - 1]
            } else {
                value
            };
            if !value
                .iter()
                .all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b';' && b != b'\\')
            {
                continue;
            }
            return Some(unescape(&String::from_utf8_lossy(value), true).unwrap_or_default());
        }
    }
    None
}

const JWT_HEADER: Struct = Struct {
    name: "JWTHeader",
    qualified: "jwtauth.JWTHeader",
    fields: &[("alg", Kind::String), ("typ", Kind::String)],
};

const JWT_PAYLOAD: Struct = Struct {
    name: "JWTPayload",
    qualified: "jwtauth.JWTPayload",
    fields: &[
        ("sub", Kind::String),
        ("exp", Kind::Int("int64")),
        ("role", Kind::String),
    ],
};

/// Go's `base64.RawURLEncoding`: the URL-safe alphabet, no padding.
const RAW_URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// Go's `base64.StdEncoding`: the standard alphabet, padding required. Go's encodings leave the unused bits of
/// the last character unchecked (`Strict` is off), hence `allow_trailing_bits` in both.
const STD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// What a token's payload claims (`jwtauth.JWTPayload`): absent fields are Go's zero values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    pub role: String,
    /// Unix seconds; 0 or less never expires (`JWTPayload.IsExpired`).
    pub exp: i64,
}

impl Claims {
    /// `JWTPayload.IsExpired` at `now` (Unix seconds).
    pub fn is_expired(&self, now: i64) -> bool {
        self.exp > 0 && now > self.exp
    }
}

/// `jwtauth.ParseJWT`: three `.`-parts, header and payload in base64 (RawURLEncoding, else StdEncoding) holding
/// JSON. Gives the payload's role.
pub fn parse_jwt(token: &str) -> Result<String, String> {
    parse_claims(token).map(|claims| claims.role)
}

/// As `parse_jwt`, with every claim the frontend reads.
pub fn parse_claims(token: &str) -> Result<Claims, String> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "invalid JWT format: expected Header.Payload.Signature, got {} parts",
            parts.len()
        ));
    }
    let decode = |part: &str, what: &str| -> Result<Vec<u8>, String> {
        go_base64(part).map_err(|at| format!("failed to decode {what}: illegal base64 data at input byte {at}"))
    };
    let header = decode(parts[0], "header")?;
    gojson::unmarshal_struct(&header, &JWT_HEADER).map_err(|e| format!("failed to unmarshal header: {e}"))?;
    let payload = decode(parts[1], "payload")?;
    let fields = gojson::unmarshal_struct(&payload, &JWT_PAYLOAD)
        .map_err(|e| format!("failed to unmarshal payload: {e}"))?
        .unwrap_or_default();
    let mut claims = Claims::default();
    for (name, value) in fields {
        match (name, value) {
            ("sub", gojson::Decoded::String(sub)) => claims.sub = sub,
            ("role", gojson::Decoded::String(role)) => claims.role = role,
            ("exp", gojson::Decoded::Int(exp)) => claims.exp = exp,
            _ => {}
        }
    }
    Ok(claims)
}

/// `base64.RawURLEncoding.DecodeString`, else `base64.StdEncoding.DecodeString`, as `ParseJWT` tries them. Go's
/// decoder skips `\r` and `\n` anywhere. On failure, the offset of StdEncoding's error (the one Go reports), as
/// the base64 crate counts it: Go counts some offsets differently (a short last group, bad padding).
fn go_base64(part: &str) -> Result<Vec<u8>, usize> {
    let part: Vec<u8> = part.bytes().filter(|b| !matches!(b, b'\r' | b'\n')).collect();
    RAW_URL
        .decode(&part)
        .or_else(|_| STD.decode(&part))
        .map_err(|e| match e {
            DecodeError::InvalidByte(at, _) | DecodeError::InvalidLastSymbol { offset: at, .. } => at,
            DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => part.len(),
        })
}

/// The token every call must carry, with what `parse_jwt` makes of it: parsed once, when the emulator starts,
/// rather than again for each call that presents it.
#[derive(Debug)]
pub struct Expected {
    token: String,
    parsed: Result<String, String>,
}

impl Expected {
    pub fn new(token: &str) -> Expected {
        Expected {
            token: token.to_string(),
            parsed: parse_jwt(token),
        }
    }

    /// Whether `presented` is the configured token.
    pub fn is(&self, presented: &str) -> bool {
        presented == self.token
    }

    /// The middleware's verdict on a presented token (`JWTAuthMiddlewareWithRoles`): None to go on, else the
    /// message of the 401. `invoke` says whether the route is an invoke URL whose function key could be read (users
    /// may invoke; only developers may do anything else).
    pub fn verdict(&self, presented: &str, invoke: bool) -> Option<String> {
        if presented.is_empty() {
            return Some("Authentication failed: no token provided. Please enter a valid JWT token.".into());
        }
        let is_expected = presented == self.token;
        let other;
        let parsed = if is_expected {
            &self.parsed
        } else {
            other = parse_jwt(presented);
            &other
        };
        let role = match parsed {
            Ok(role) => role,
            // The emulator's own allowance: a configured token that is not a JWT is accepted as it is.
            Err(_) if is_expected => return None,
            Err(why) => return Some(format!("Authentication failed: invalid or malformed token ({why})")),
        };
        let allowed = role == "developer" || (invoke && role == "user");
        if !allowed {
            return Some(format!(
                "Authentication failed: role {role} is not authorized to access this resource"
            ));
        }
        if !is_expected {
            return Some(
                "Authentication failed: IAM server validation failed (IAM server returned non-200 status code)".into(),
            );
        }
        None
    }
}

/// `respondAuthError` for a browser (an `Accept` that contains `text/html`): a page that says why and asks for a
/// token, which it appends to the address as `?token=`. Upstream's page has the same title, message, form and
/// link home; its markup and styling are not copied. The message and prefix are HTML-escaped here (upstream
/// pastes them in as they are).
pub fn login_page(message: &str, prefix: &str) -> String {
    let message = html_escape(message);
    let prefix = html_escape(prefix);
    format!(
        r#"<!DOCTYPE html>
<html>
<head>
    <title>Authentication Required</title>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
</head>
<body>
    <h1>Authentication Required</h1>
    <div class="message">{message}</div>
    <form id="authForm" onsubmit="submitToken(event)">
        <label for="tokenInput">Enter JWT Token</label>
        <input type="text" id="tokenInput" required>
        <button type="submit">Verify &amp; Continue</button>
    </form>
    <p>Token can be obtained via the CLI tool's token-require command</p>
    <a href="{prefix}/">← Back to Home</a>
    <script>
        function submitToken(event) {{
            event.preventDefault();
            const token = document.getElementById('tokenInput').value.trim();
            if (token) {{
                const url = new URL(window.location.href);
                url.searchParams.set('token', token);
                window.location.href = url.toString();
            }}
        }}
    </script>
</body>
</html>"#
    )
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `testJWT` in upstream's jwtauth_test.go.
    fn test_jwt(sub: &str, role: &str) -> String {
        use base64::Engine;
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.signature",
            enc(r#"{"alg":"HS256","typ":"JWT"}"#),
            enc(&format!(r#"{{"sub":"{sub}","exp":9876543210,"role":"{role}"}}"#))
        )
    }

    // upstream: pkg/frontend/middleware/jwtauth_whitelist_test.go TestIsInAuthWhitelist (rows as in upstream)
    #[test]
    fn whitelist() {
        for (path, method, expected) in [
            ("/", "GET", true),
            ("/", "POST", false),
            ("/healthz", "GET", true),
            ("/healthz", "POST", false),
            ("/serverless/v1/componentshealth", "GET", true),
            ("/serverless/v1/capabilities", "GET", true),
            ("/serverless/v1/capabilities", "POST", false),
            ("/client/v1/lease", "PUT", true),
            ("/client/v1/lease", "DELETE", true),
            ("/client/v1/lease", "POST", false),
            ("/terminal/ws", "GET", true),
            ("/terminal/static/style.css", "GET", true),
            ("/terminal/static/xterm.js", "GET", true),
            ("/auth/login-page", "GET", true),
            ("/auth/callback", "GET", true),
            ("/auth/token/exchange", "POST", true),
            ("/serverless/v1/posix/instance/invoke", "POST", false),
            ("/global-scheduler/resources", "GET", false),
        ] {
            assert_eq!(skips_auth(path, method), expected, "{method} {path}");
        }
        // upstream: TestGlobalJWTAuthMiddleware "plaintext tunnel path should skip auth"
        assert!(skips_auth("/tunnel/sandbox-demo", "GET"));
    }

    /// The verdict with `expected` configured.
    fn verdict(expected: &str, presented: &str, invoke: bool) -> Option<String> {
        Expected::new(expected).verdict(presented, invoke)
    }

    // upstream: pkg/frontend/middleware/jwtauth_test.go TestJWTAuthMiddleware, with the configured token as the
    // only token the IAM server accepts
    #[test]
    fn verdicts() {
        let developer = test_jwt("tenant123", "developer");
        let user = test_jwt("tenant123", "user");
        // "no auth header when auth enabled, should be rejected"
        assert_eq!(
            verdict(&developer, "", true).as_deref(),
            Some("Authentication failed: no token provided. Please enter a valid JWT token.")
        );
        // "invalid JWT format, should return 401"
        let invalid = verdict(&developer, "invalid.jwt.token", true).unwrap();
        assert!(
            invalid.starts_with("Authentication failed: invalid or malformed token (failed to "),
            "{invalid}"
        );
        // "invalid role, should return 401" (a user token on a route that is not an invoke URL)
        assert_eq!(
            verdict(&user, &user, false).as_deref(),
            Some("Authentication failed: role user is not authorized to access this resource")
        );
        // TestGlobalJWTAuthMiddleware "invoke URL with RoleUser should be allowed"
        assert_eq!(verdict(&user, &user, true), None);
        // "IAM validation failed, should return 401"
        assert!(verdict(&developer, &test_jwt("other", "developer"), true).is_some());
        // "valid JWT and IAM, should pass"
        assert_eq!(verdict(&developer, &developer, false), None);
        // A plain configured token.
        assert_eq!(verdict("s3cret", "s3cret", false), None);
        assert_eq!(
            verdict("s3cret", "wrong", true).as_deref(),
            Some(
                "Authentication failed: invalid or malformed token (invalid JWT format: expected \
                 Header.Payload.Signature, got 1 parts)"
            )
        );
    }

    // upstream: jwtauth.go ParseJWT tries base64.RawURLEncoding, then base64.StdEncoding; jwtauth_test.go
    // TestParseJWT has a token of each ("有效的JWT token-RawURL编码", "有效的JWT token-标准base64编码").
    #[test]
    fn base64_as_go_decodes_it() {
        // RawURLEncoding: URL-safe letters, no padding, unused bits unchecked, line breaks skipped.
        assert_eq!(go_base64("aGk"), Ok(b"hi".to_vec()));
        assert_eq!(go_base64("a-_"), Ok(vec![0x6b, 0xef]));
        assert_eq!(go_base64("aG\r\nk"), Ok(b"hi".to_vec()));
        assert_eq!(go_base64(""), Ok(Vec::new()));
        // StdEncoding, tried next: `+` and `/`, padding required.
        assert_eq!(go_base64("aGk="), Ok(b"hi".to_vec()));
        assert_eq!(go_base64("aG=="), Ok(b"h".to_vec()));
        assert_eq!(go_base64("+/8="), Ok(vec![0xfb, 0xff]));
        // Neither: a lone character, padding too short or followed by more, `+` unpadded, a byte of no alphabet,
        // both alphabets at once. upstream: "header base64解码失败" is `invalid-base64!!!`.
        for bad in ["a", "aG=", "aGk=x", "+/8", "a!k=", "-+8=", "invalid-base64!!!"] {
            assert!(go_base64(bad).is_err(), "{bad}");
        }
        assert_eq!(go_base64("a!k="), Err(1));
    }

    // upstream: pkg/frontend/common/jwtauth/jwtauth_test.go TestParseJWT (the words it asserts)
    #[test]
    fn parse_jwt_as_upstream() {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let (header, payload) = (
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode("{}"),
        );
        let bad_json = URL_SAFE_NO_PAD.encode("invalid json");
        for (token, words) in [
            ("header.payload".to_string(), "invalid JWT format"),
            (format!("invalid-base64!!!.{payload}.s"), "failed to decode header"),
            (format!("{header}.invalid-base64!!!.s"), "failed to decode payload"),
            (format!("{bad_json}.{payload}.s"), "failed to unmarshal header"),
            (format!("{header}.{bad_json}.s"), "failed to unmarshal payload"),
        ] {
            let why = parse_jwt(&token).unwrap_err();
            assert!(why.contains(words), "{token}: {why}");
        }
        let std = |s: &str| STANDARD.encode(s);
        let token = format!(
            "{}.{}.s",
            std(r#"{"alg":"HS256","typ":"JWT"}"#),
            std(r#"{"exp":9876543210,"role":"user"}"#)
        );
        assert_eq!(parse_jwt(&token).as_deref(), Ok("user"));
    }

    #[test]
    fn queries_and_cookies() {
        assert_eq!(
            query_value("a=1&token=s%33cret+x", "token").as_deref(),
            Some("s3cret x")
        );
        assert_eq!(query_value("token=%zz&token=b", "token").as_deref(), Some("b"));
        assert_eq!(query_value("tokens=1", "token"), None);
        let mut headers = HeaderMap::new();
        headers.append("cookie", "theme=dark; bad name=1".parse().unwrap());
        headers.append("cookie", "iam_token=\"a%20b\"".parse().unwrap());
        assert_eq!(cookie_value(&headers, "iam_token").as_deref(), Some("a b"));
        assert_eq!(cookie_value(&headers, "none"), None);
    }
}
