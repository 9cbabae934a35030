//! `yr token` against `yr serve` and against a local server answering as upstream's frontend does: `GET
//! /auth/token/require` (upstream frontend `pkg/frontend/api/api.go`, the `auth` group, and
//! `pkg/frontend/api/auth/token_proxy_handler.go` with its `token_proxy_handler_test.go`).

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::support::*;

/// `yr token ARGS -e URL` in a clean environment, piped.
fn token(endpoint: &str, args: &[&str]) -> Cmd {
    let mut cmd = yr();
    cmd.arg("token").args(args).args(["-e", endpoint]);
    cmd
}

/// An emulator whose operator is a system-tenant developer token (`operatorJWT` in token_proxy_handler_test.go), and
/// the file holding it.
fn emulator_with_operator(dir: &TempDir) -> (Emulator, String) {
    let operator = dir.file("operator.jwt", test_jwt("0", "developer"));
    let operator = operator.to_str().unwrap().to_string();
    (Emulator::start(&["--token-file", &operator]), operator)
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// upstream: token_proxy_handler_test.go TestRequireTokenProxyForwardsDeveloperTokenRequest: the request's headers,
// and the developer token in the answer's X-Auth header
#[test]
fn sends_what_upstream_reads_and_prints_the_token_only_when_asked() {
    let server = ScriptedServer::start(vec![
        Reply::text(200, "OK")
            .header("X-Auth", "developer-token-0123")
            .header("X-Expired-Time-Span", "-1"),
    ]);
    let mut cmd = token(&server.url, &["--tenant", "dev-001", "--ttl", "2h", "--print", "-v"]);
    cmd.env("YR_JWT_TOKEN", "operator-token-4567");
    let out = run(&mut cmd);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "developer-token-0123\n"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("developer-token-0123"), "{}", out.stderr);
    assert!(!out.stderr.contains("operator-token-4567"), "{}", out.stderr);
    assert!(out.stderr.contains("< x-auth: <redacted>\n"), "{}", out.stderr);
    assert!(
        out.stderr
            .ends_with("yr: developer token for tenant dev-001 printed, never expires\n")
    );
    let seen = server.only_request();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("GET", "/auth/token/require")
    );
    assert_eq!(seen.header("X-Auth"), Some("operator-token-4567"));
    assert_eq!(seen.header("X-Tenant-ID"), Some("dev-001"));
    assert_eq!(seen.header("X-Role"), Some("developer"));
    assert_eq!(seen.header("X-TTL"), Some("7200"));
}

// The token is never in --json: the envelope's headers show X-Auth redacted.
#[test]
fn json_never_shows_the_token() {
    let server = ScriptedServer::start(vec![Reply::text(200, "OK").header("X-Auth", "developer-token-0123")]);
    let dir = TempDir::new();
    let saved = dir.path.join("dev.jwt");
    let mut cmd = token(
        &server.url,
        &["--tenant", "dev-001", "--json", "--save", saved.to_str().unwrap()],
    );
    cmd.env("YR_JWT_TOKEN", "operator-token-4567");
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("developer-token-0123"), "{}", out.stdout);
    let envelope: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(envelope["ok"], true);
    assert_eq!(envelope["headers"]["x-auth"], "<redacted>");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "developer-token-0123\n");
    assert!(server.only_request().header("X-TTL").is_none());
}

// upstream: token_proxy_handler.go RequireTokenProxyHandler with the emulator as the IAM server: the token saved with
// mode 0600 is one the emulator's own auth (pkg/frontend/middleware/jwtauth.go) then accepts
#[test]
fn a_saved_token_is_mode_0600_and_the_emulator_accepts_it() {
    let dir = TempDir::new();
    let (serve, operator) = emulator_with_operator(&dir);
    let saved = dir.file(
        "dev.jwt",
        "old contents, a longer line than the token will be, to be emptied first",
    );
    std::fs::set_permissions(&saved, std::fs::Permissions::from_mode(0o644)).unwrap();
    let saved_text = saved.to_str().unwrap();
    let out = run(&mut token(
        &serve.url,
        &[
            "--tenant",
            "dev-001",
            "--ttl",
            "1h",
            "--token-file",
            &operator,
            "--save",
            saved_text,
        ],
    ));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "yr: developer token for tenant dev-001 saved to {saved_text}, expires in "
        )),
        "{}",
        out.stderr
    );
    assert_eq!(mode(&saved), 0o600);
    let issued = std::fs::read_to_string(&saved).unwrap();
    assert_eq!(issued.matches('.').count(), 2, "a JWT: {issued}");
    assert!(!out.stderr.contains(issued.trim()));
    let call = invoke("hello")
        .ignore_stdin()
        .endpoint(&serve.url)
        .args(&["--token-file", saved_text, "-d", r#"{"name":"ci"}"#])
        .run();
    assert_ok(&call, "\"hello ci\"");
    let fresh = dir.path.join("fresh.jwt");
    let out = run(&mut token(
        &serve.url,
        &[
            "--tenant",
            "dev-002",
            "--token-file",
            &operator,
            "--save",
            fresh.to_str().unwrap(),
        ],
    ));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(mode(&fresh), 0o600);
}

// upstream: X-TTL (token_proxy_handler.go parseTokenProxyTTL) sets the token's exp; once it has passed, the IAM
// server refuses the token (pkg/frontend/middleware/jwtauth.go: "IAM server validation failed"), exit 4
#[test]
fn the_ttl_is_honoured() {
    let dir = TempDir::new();
    let (serve, operator) = emulator_with_operator(&dir);
    let saved = dir.path.join("short.jwt");
    let saved_text = saved.to_str().unwrap();
    let out = run(&mut token(
        &serve.url,
        &[
            "--tenant",
            "dev-001",
            "--ttl",
            "1s",
            "--token-file",
            &operator,
            "--save",
            saved_text,
        ],
    ));
    assert_eq!(out.code, 0, "{out:?}");
    let mut last = None;
    let refused = wait_until_polling(Duration::from_secs(30), Duration::from_millis(200), || {
        let call = invoke("hello")
            .ignore_stdin()
            .endpoint(&serve.url)
            .args(&["--token-file", saved_text])
            .run();
        let done = call.code == 4;
        last = Some(call);
        done
    });
    let last = last.unwrap();
    assert!(refused, "{last:?}");
    assert!(
        last.stderr
            .starts_with("yr: error: HTTP 401: Authentication failed: IAM server validation failed"),
        "{}",
        last.stderr
    );
}

// upstream: token_proxy_handler_test.go TestRequireTokenProxyRejectsNonSystemCaller: 403, exit 4
#[test]
fn a_caller_that_is_not_the_operator_is_refused() {
    let dir = TempDir::new();
    let (serve, operator) = emulator_with_operator(&dir);
    let developer = dir.path.join("dev.jwt");
    let developer_text = developer.to_str().unwrap();
    let issued = run(&mut token(
        &serve.url,
        &[
            "--tenant",
            "dev-001",
            "--token-file",
            &operator,
            "--save",
            developer_text,
        ],
    ));
    assert_eq!(issued.code, 0, "{issued:?}");
    let out = dir.path.join("other.jwt");
    let refused = run(&mut token(
        &serve.url,
        &[
            "--tenant",
            "dev-002",
            "--token-file",
            developer_text,
            "--save",
            out.to_str().unwrap(),
        ],
    ));
    assert_eq!((refused.code, refused.stdout.as_str()), (4, ""), "{refused:?}");
    assert!(
        refused
            .stderr
            .starts_with("yr: error: HTTP 403: developer system tenant token is required"),
        "{}",
        refused.stderr
    );
    assert!(!out.exists());
}

// upstream: token_proxy_handler.go AbandonTokenProxyHandler ("developer token abandon is not supported; token
// expiration depends on TTL", 501) and yrcli's token-abandon, which say the same without asking
#[test]
fn abandon_is_unsupported_exit_4() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]);
    let out = run(&mut token(&server.url, &["--abandon"]));
    assert_run(
        &out,
        4,
        "",
        "yr: error: developer token abandon is not supported; token expiration depends on TTL\n\
         hint: a developer token lasts until its --ttl: ask for short-lived tokens\n",
    );
    assert_eq!(server.count(), 0);
}

// Refused before anything is sent (exit 2, naming the flag or file): no destination, a folder to save to, the system
// tenant (token_proxy_handler.go validateTargetTokenProxyTenantID), no operator token, a bad --ttl.
#[test]
fn bad_input_is_exit_2_before_anything_is_sent() {
    let server = ScriptedServer::start(vec![Reply::text(200, "OK").header("X-Auth", "developer-token-0123")]);
    let dir = TempDir::new();
    let folder = dir.path.to_str().unwrap();
    let rows: &[(&[&str], &str)] = &[
        (
            &["--tenant", "t"],
            "yr: error: say where the new token goes: --save FILE",
        ),
        (&["--tenant", "t", "--save", folder], "yr: error: --save "),
        (
            &["--tenant", "0", "--print"],
            "yr: error: --tenant 0 is the system tenant",
        ),
        (&["--tenant", "a b", "--print"], "yr: error: --tenant `a b` must be"),
        (&["--tenant", "t", "--print", "--ttl", "0"], "yr: error: --ttl "),
    ];
    for (args, start) in rows {
        let mut cmd = token(&server.url, args);
        cmd.env("YR_JWT_TOKEN", "operator-token-4567");
        let out = run(&mut cmd);
        assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{args:?}: {out:?}");
        assert!(out.stderr.starts_with(start), "{args:?}: {}", out.stderr);
    }
    let missing = run(&mut token(&server.url, &["--tenant", "t", "--print"]));
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(
        missing
            .stderr
            .starts_with("yr: error: yr token needs the operator's token")
    );
    assert_eq!(server.count(), 0);
}

// The emulator's -v request log shows the answer's head too: the token it issued is redacted there, as X-Auth is in
// requests (src/serve/call_log.rs).
#[test]
fn the_emulators_log_never_shows_an_issued_token() {
    let dir = TempDir::new();
    let operator = dir.file("operator.jwt", test_jwt("0", "developer"));
    let serve = Logged::start(&["-v", "--token-file", operator.to_str().unwrap()]);
    let answer = serve.emulator.call(
        "GET",
        "/auth/token/require",
        &[
            ("X-Auth", &test_jwt("0", "developer")),
            ("X-Tenant-ID", "dev-001"),
            ("X-Role", "developer"),
        ],
        b"",
    );
    assert_eq!(answer.status, 200);
    let issued = answer.header("x-auth").unwrap().to_string();
    serve.wait_for("< X-Expired-Time-Span: ");
    let (_, stderr, _) = serve.stop();
    assert!(stderr.contains("< X-Auth: <redacted>\n"), "{stderr}");
    assert!(!stderr.contains(&issued), "{stderr}");
}
