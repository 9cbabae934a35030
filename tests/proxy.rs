//! Proxies: HTTP_PROXY / http_proxy / HTTPS_PROXY, --proxy, --no-proxy, NO_PROXY, an https endpoint through a
//! proxy, and redirects (never followed, so X-Auth never reaches another host). The proxy is tests/support's
//! `HttpProxy`, which counts what it carries and records what it saw.
//!
//! What ureq 3.5 (yr's HTTP client) really does, and what these tests pin down: every proxied request, http:// or
//! https://, goes through a `CONNECT host:port` tunnel (never an absolute-form `POST http://...`); the proxy is
//! taken from ALL_PROXY, HTTPS_PROXY, HTTP_PROXY (each also lower case) whatever the endpoint's scheme; loopback
//! endpoints get no special treatment; NO_PROXY entries match the endpoint's host literally.

use crate::support::*;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TOKEN: &str = "proxy-test-token-5b1e";

/// The call went through `proxy` as one CONNECT tunnel to `server`, and the server got it with the token.
#[track_caller]
fn assert_tunnelled(proxy: &HttpProxy, server: &ScriptedServer) {
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].kind, ProxyKind::Tunnel, "{seen:?}");
    assert_eq!(seen[0].request_line, format!("CONNECT {} HTTP/1.1", server.addr));
    // X-Auth is for the frontend, not for the proxy's own request.
    assert!(!proxy.saw_header("X-Auth"), "{seen:?}");
    assert_eq!(server.only_request().header("X-Auth"), Some(TOKEN));
}

// ---------------------------------------------------------------------------
// Which proxy, if any
// ---------------------------------------------------------------------------

#[test]
fn http_proxy_carries_the_call() {
    let (proxy, server) = (HttpProxy::start(), ok_server());
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&[("HTTP_PROXY", &proxy.url)])
            .run(),
        OK_BODY,
    );
    assert_tunnelled(&proxy, &server);
}

#[test]
fn lower_case_http_proxy_carries_the_call() {
    let (proxy, server) = (HttpProxy::start(), ok_server());
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&[("http_proxy", &proxy.url)])
            .run(),
        OK_BODY,
    );
    assert_tunnelled(&proxy, &server);
}

#[test]
fn proxy_flag_carries_the_call() {
    let (proxy, server) = (HttpProxy::start(), ok_server());
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--proxy", &proxy.url])
            .env("YR_JWT_TOKEN", TOKEN)
            .run(),
        OK_BODY,
    );
    assert_tunnelled(&proxy, &server);
}

#[test]
fn proxy_flag_beats_the_environment() {
    let (flagged, from_env, server) = (HttpProxy::start(), HttpProxy::start(), ok_server());
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--proxy", &flagged.url])
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&[("HTTP_PROXY", &from_env.url)])
            .run(),
        OK_BODY,
    );
    assert_eq!((flagged.count(), from_env.count()), (1, 0));
}

#[test]
fn no_proxy_flag_goes_direct() {
    let (proxy, server) = (HttpProxy::start(), ok_server());
    let envs = [("HTTP_PROXY", proxy.url.as_str()), ("HTTPS_PROXY", proxy.url.as_str())];
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["--no-proxy"])
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&envs)
            .run(),
        OK_BODY,
    );
    assert_eq!(proxy.count(), 0);
    assert_eq!(server.count(), 1);
}

#[test]
fn no_proxy_variable_naming_the_host_goes_direct() {
    for no_proxy in ["NO_PROXY", "no_proxy"] {
        let (proxy, server) = (HttpProxy::start(), ok_server());
        let envs = [("HTTP_PROXY", proxy.url.as_str()), (no_proxy, "example.com,127.0.0.1")];
        assert_ok(
            &invoke("hello")
                .ignore_stdin()
                .endpoint(&server.url)
                .env("YR_JWT_TOKEN", TOKEN)
                .envs(&envs)
                .run(),
            OK_BODY,
        );
        assert_eq!((proxy.count(), server.count()), (0, 1), "{no_proxy}");
    }
}

#[test]
fn no_proxy_matches_the_host_literally() {
    // ureq compares host names as written: `localhost` does not cover 127.0.0.1.
    let (proxy, server) = (HttpProxy::start(), ok_server());
    let envs = [("HTTP_PROXY", proxy.url.as_str()), ("NO_PROXY", "localhost")];
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&envs)
            .run(),
        OK_BODY,
    );
    assert_eq!((proxy.count(), server.count()), (1, 1));
}

#[test]
fn proxy_variables_follow_the_endpoint_scheme() {
    // As curl does: HTTPS_PROXY is for https:// endpoints only, HTTP_PROXY for http://, ALL_PROXY for both.
    let (proxy, server) = (HttpProxy::start(), ok_server());
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&[("HTTPS_PROXY", &proxy.url)])
            .run(),
        OK_BODY,
    );
    assert_eq!(
        (proxy.count(), server.count()),
        (0, 1),
        "HTTPS_PROXY must not carry an http:// endpoint"
    );
    let (all, server) = (HttpProxy::start(), ok_server());
    assert_ok(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&[("ALL_PROXY", &all.url)])
            .run(),
        OK_BODY,
    );
    assert_tunnelled(&all, &server);
}

// ---------------------------------------------------------------------------
// HTTPS through a proxy
// ---------------------------------------------------------------------------

/// A CA and a server certificate for localhost / 127.0.0.1 in `dir`; returns (ca, cert, key).
fn certificates(dir: &TempDir) -> (PathBuf, PathBuf, PathBuf) {
    server_certificates(dir)
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn https_endpoint_through_https_proxy_uses_connect() {
    let dir = TempDir::new();
    let (ca, cert, key) = certificates(&dir);
    let emulator = Emulator::start(&["--tls-cert", &s(&cert), "--tls-key", &s(&key)]);
    let authority = emulator.url.trim_start_matches("https://").to_string();
    let proxy = HttpProxy::start();
    let mut cmd = yr();
    cmd.args([
        "invoke",
        "echo",
        "-d",
        r#"{"via":"proxy"}"#,
        "-e",
        &emulator.url,
        "--cacert",
        &s(&ca),
    ])
    .env("YR_JWT_TOKEN", TOKEN)
    .env("HTTPS_PROXY", &proxy.url);
    assert_run(&run(&mut cmd), 0, r#"{"via":"proxy"}"#, "");
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].request_line, format!("CONNECT {authority} HTTP/1.1"));
    // Through the tunnel went a TLS handshake (a handshake record starts with 0x16), never the token in clear.
    assert_eq!(seen[0].tunnelled.first(), Some(&0x16), "{seen:?}");
    assert!(!proxy.saw_text(TOKEN));
    assert!(!proxy.saw_text("invocations"));
}

#[test]
fn http_proxy_does_not_carry_an_https_endpoint() {
    let dir = TempDir::new();
    let (ca, cert, key) = certificates(&dir);
    let emulator = Emulator::start(&["--tls-cert", &s(&cert), "--tls-key", &s(&key)]);
    let proxy = HttpProxy::start();
    let mut cmd = yr();
    cmd.args([
        "invoke",
        "hello",
        "--ignore-stdin",
        "-e",
        &emulator.url,
        "--cacert",
        &s(&ca),
    ])
    .env("http_proxy", &proxy.url);
    assert_run(&run(&mut cmd), 0, r#""hello""#, "");
    assert_eq!(proxy.count(), 0, "http_proxy is for http:// endpoints only");
}

// ---------------------------------------------------------------------------
// Failing proxies
// ---------------------------------------------------------------------------

/// A SOCKS proxy, which yr does not speak, is refused (exit 2, nothing sent) from the flag and from the
/// environment alike. Before, the flag's made ureq panic (exit 101) and the variable's was ignored: the call went
/// direct.
#[test]
fn a_socks_proxy_is_refused_from_the_flag_and_the_environment() {
    let server = ok_server();
    for (args, envs, named) in [
        (vec!["--proxy", "socks5://127.0.0.1:1"], vec![], "(from flag --proxy)"),
        (
            vec![],
            vec![("HTTP_PROXY", "socks5://127.0.0.1:1")],
            "(from env HTTP_PROXY)",
        ),
        (
            vec![],
            vec![("ALL_PROXY", "socks4://127.0.0.1:1")],
            "(from env ALL_PROXY)",
        ),
    ] {
        let out = invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&args)
            .env("YR_JWT_TOKEN", TOKEN)
            .envs(&envs)
            .run();
        assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
        assert!(
            out.stderr.starts_with("yr: error: proxy `socks")
                && out.stderr.contains(named)
                && out.stderr.contains("not SOCKS; pass --no-proxy to connect directly"),
            "{out:?}"
        );
    }
    assert_eq!(server.count(), 0);
}

#[test]
fn unreachable_proxy_is_exit_3() {
    let server = ok_server();
    let port = closed_port();
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .env("YR_JWT_TOKEN", TOKEN)
        .envs(&[("HTTP_PROXY", &format!("http://127.0.0.1:{port}"))])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (3, ""), "{out:?}");
    assert_eq!(server.count(), 0);
}

#[test]
fn proxy_refusing_the_tunnel_is_exit_3() {
    // The exit-code table puts proxy failures under 3 (the frontend could not be reached).
    let (proxy, server) = (HttpProxy::refusing(403), ok_server());
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .env("YR_JWT_TOKEN", TOKEN)
        .envs(&[("HTTP_PROXY", &proxy.url)])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (3, ""), "{out:?}");
    assert!(out.stderr.starts_with("yr: error: "), "{out:?}");
    assert!(out.stderr.contains("403"), "{out:?}");
    assert_eq!((proxy.count(), server.count()), (1, 0));
}

// ---------------------------------------------------------------------------
// Redirects are not followed
// ---------------------------------------------------------------------------

fn redirecting_to(other: &ScriptedServer) -> ScriptedServer {
    let location = format!("{}/serverless/v1/functions/elsewhere/invocations", other.url);
    ScriptedServer::start(vec![Reply::new(302).header("Location", &location)])
}

/// Call after yr has exited: a client that follows a redirect connects to the target before it exits, and
/// connections are accepted in order, so once the test's own probe has been answered, any connection of yr's
/// would be counted.
fn assert_never_reached(target: &ScriptedServer) {
    let mut probe = TcpStream::connect(target.addr).expect("connect to the redirect target");
    probe.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    probe
        .write_all(b"GET /probe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    probe.read_to_end(&mut answer).expect("the probe is answered");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    let paths: Vec<String> = target.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/probe"], "the redirect target was reached");
    assert_eq!(target.connections(), 1, "yr connected to the redirect target");
}

#[test]
fn redirect_to_another_host_is_not_followed() {
    let other = ok_server();
    let endpoint = redirecting_to(&other);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&endpoint.url)
        .env("YR_JWT_TOKEN", TOKEN)
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (4, ""), "{out:?}");
    assert!(out.stderr.contains(&other.url), "the Location is reported: {out:?}");
    assert!(!out.stderr.contains(TOKEN), "{out:?}");
    assert_eq!(endpoint.only_request().header("X-Auth"), Some(TOKEN));
    assert_never_reached(&other);
}

#[test]
fn redirect_through_a_proxy_is_not_followed() {
    let other = ok_server();
    let endpoint = redirecting_to(&other);
    let proxy = HttpProxy::start();
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&endpoint.url)
        .env("YR_JWT_TOKEN", TOKEN)
        .envs(&[("HTTP_PROXY", &proxy.url)])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (4, ""), "{out:?}");
    assert_never_reached(&other);
    assert_eq!(proxy.request_lines(), [format!("CONNECT {} HTTP/1.1", endpoint.addr)]);
    assert_eq!(endpoint.only_request().header("X-Auth"), Some(TOKEN));
}

// ---------------------------------------------------------------------------
// The test proxy itself
// ---------------------------------------------------------------------------

/// Absolute-form forwarding works in the test proxy (so a count of 0 forwarded requests above means yr used a
/// tunnel, not that forwarding is broken).
#[test]
fn test_proxy_forwards_absolute_form_requests() {
    let (proxy, server) = (HttpProxy::start(), ok_server());
    let mut stream = TcpStream::connect(proxy.addr).expect("connect to the proxy");
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let request = format!(
        "POST {}/path?q=1 HTTP/1.1\r\nHost: {}\r\nX-Auth: abc\r\nProxy-Connection: keep-alive\r\n\
         Content-Length: 7\r\n\r\n{{\"a\":1}}",
        server.url, server.addr
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer:?}");
    assert!(answer.ends_with(OK_BODY), "{answer:?}");
    let got = server.only_request();
    assert_eq!((got.method.as_str(), got.path.as_str()), ("POST", "/path?q=1"));
    assert_eq!(got.body_text(), r#"{"a":1}"#);
    assert_eq!(got.header("Proxy-Connection"), None);
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].kind, ProxyKind::Forward);
    assert_eq!(seen[0].request_line, format!("POST {}/path?q=1 HTTP/1.1", server.url));
    assert!(proxy.saw_header("X-Auth"));
}
