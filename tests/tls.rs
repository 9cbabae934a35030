//! TLS against `yr serve --tls-cert --tls-key [--client-ca]`: trust through --cacert, YR_VERIFY_FILE or a profile;
//! an untrusted certificate, a wrong name, --tls-server-name, --insecure / YR_INSECURE; mutual TLS given, missing
//! and from another CA; bad flag combinations and files. Certificates are made with rcgen for each test run.

use crate::support::*;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};

/// What `yr invoke echo -d BODY` prints: the emulator's echo function answers with the body.
const BODY: &str = r#"{"over":"tls"}"#;

/// A CA, a server certificate for `localhost` and 127.0.0.1 signed by it, a client certificate signed by it, and
/// a client certificate signed by another CA; all as PEM files in a temp dir.
struct Pki {
    dir: TempDir,
    ca: PathBuf,
    server_cert: PathBuf,
    server_key: PathBuf,
    client_cert: PathBuf,
    client_key: PathBuf,
    stranger_cert: PathBuf,
    stranger_key: PathBuf,
}

fn ca(name: &str) -> (String, Issuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().expect("CA key");
    let cert = params.self_signed(&key).expect("self-sign the CA");
    (cert.pem(), Issuer::new(params, key))
}

fn leaf(
    names: &[&str],
    common_name: &str,
    usage: ExtendedKeyUsagePurpose,
    issuer: &Issuer<'_, KeyPair>,
) -> (String, String) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(names).expect("leaf params");
    params.distinguished_name.push(DnType::CommonName, common_name);
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![usage];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().expect("leaf key");
    let cert = params.signed_by(&key, issuer).expect("sign the leaf");
    (cert.pem(), key.serialize_pem())
}

impl Pki {
    fn new() -> Pki {
        let dir = TempDir::new();
        let (ca_pem, issuer) = ca("yr test CA");
        let (server_cert, server_key) = leaf(
            &["localhost", "127.0.0.1"],
            "localhost",
            ExtendedKeyUsagePurpose::ServerAuth,
            &issuer,
        );
        let (client_cert, client_key) = leaf(&[], "yr test client", ExtendedKeyUsagePurpose::ClientAuth, &issuer);
        let (_, other_issuer) = ca("another CA");
        let (stranger_cert, stranger_key) = leaf(
            &[],
            "client of another CA",
            ExtendedKeyUsagePurpose::ClientAuth,
            &other_issuer,
        );
        let write = |name: &str, pem: &str| {
            let path = dir.file(name, pem);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
            path
        };
        Pki {
            ca: write("ca.pem", &ca_pem),
            server_cert: write("server.pem", &server_cert),
            server_key: write("server.key", &server_key),
            client_cert: write("client.pem", &client_cert),
            client_key: write("client.key", &client_key),
            stranger_cert: write("stranger.pem", &stranger_cert),
            stranger_key: write("stranger.key", &stranger_key),
            dir,
        }
    }

    /// `yr serve` over TLS with the server certificate; with `mutual`, callers must show a certificate of the CA.
    fn serve(&self, mutual: bool) -> Emulator {
        let mut args = vec![
            "--tls-cert".to_string(),
            s(&self.server_cert),
            "--tls-key".to_string(),
            s(&self.server_key),
        ];
        if mutual {
            args.extend(["--client-ca".to_string(), s(&self.ca)]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let emulator = Emulator::start(&args);
        assert!(
            emulator.url.starts_with("https://127.0.0.1:"),
            "yr serve --tls-cert listens on {}",
            emulator.url
        );
        emulator
    }
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

fn port_of(emulator: &Emulator) -> &str {
    emulator.url.rsplit(':').next().expect("port")
}

/// Exit 3, nothing on stdout, and stderr starting with `yr: error: cannot reach URL: WHAT`.
#[track_caller]
fn assert_unreachable(out: &Run, url: &str, what: &str) {
    let start = format!("yr: error: cannot reach {url}: {what}");
    assert_eq!((out.code, out.stdout.as_str()), (3, ""), "{out:?}");
    assert!(
        out.stderr.starts_with(&start),
        "want stderr to start with {start:?}, got {out:?}"
    );
}

const UNKNOWN_ISSUER: &str = "TLS: the frontend's certificate is not signed by a CA yr trusts; pass its CA with \
                              --cacert (or skip the check with --insecure)\n";

// ---------------------------------------------------------------------------
// Trust
// ---------------------------------------------------------------------------

#[test]
fn trusted_with_cacert() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.ca)])
        .run();
    assert_ok(&out, BODY);
}

#[test]
fn trusted_with_yr_verify_file() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .envs(&[("YR_VERIFY_FILE", &s(&pki.ca))])
        .run();
    assert_ok(&out, BODY);
}

#[test]
fn trusted_with_the_profiles_cacert() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let config = pki.dir.file(
        ".config/yr/config.json",
        format!(
            r#"{{"default_profile":"tls","profiles":{{"tls":{{"endpoint":"{}","cacert":"{}"}}}}}}"#,
            server.url,
            s(&pki.ca)
        ),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut cmd = yr_with_home(&pki.dir.path);
    cmd.args(["invoke", "echo", "-d", BODY]);
    assert_ok(&run(&mut cmd), BODY);
    // A relative cacert in a profile is relative to the config file's folder.
    std::fs::copy(&pki.ca, pki.dir.path.join(".config/yr/frontend-ca.pem")).unwrap();
    pki.dir.file(
        ".config/yr/config.json",
        format!(
            r#"{{"default_profile":"tls","profiles":{{"tls":{{"endpoint":"{}","cacert":"frontend-ca.pem"}}}}}}"#,
            server.url
        ),
    );
    let mut cmd = yr_with_home(&pki.dir.path);
    cmd.args(["invoke", "echo", "-d", BODY]);
    assert_ok(&run(&mut cmd), BODY);
}

#[test]
fn untrusted_certificate_is_unreachable() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .run();
    assert_unreachable(&out, &server.url, UNKNOWN_ISSUER);
}

#[test]
fn wrong_server_name_names_both() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.ca), "--tls-server-name", "wrong.example"])
        .run();
    assert_unreachable(
        &out,
        &server.url,
        "TLS: the frontend's certificate is for localhost, 127.0.0.1 but yr expected wrong.example; use the \
         certificate's name in --endpoint or --tls-server-name\n",
    );
    // YR_SERVER_NAME is the same setting.
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.ca)])
        .envs(&[("YR_SERVER_NAME", "wrong.example")])
        .run();
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("but yr expected wrong.example"), "{out:?}");
}

#[test]
fn right_server_name_with_an_ip_endpoint() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let url = format!("https://127.0.0.1:{}", port_of(&server));
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.ca), "--tls-server-name", "localhost"])
        .run();
    assert_ok(&out, BODY);
}

#[test]
fn insecure_flag_and_yr_insecure_skip_verification() {
    let pki = Pki::new();
    let server = pki.serve(false);
    assert_ok(
        &invoke("echo")
            .home(&pki.dir)
            .endpoint(&server.url)
            .args(&["-d", BODY])
            .args(&["--insecure"])
            .run(),
        BODY,
    );
    assert_ok(
        &invoke("echo")
            .home(&pki.dir)
            .endpoint(&server.url)
            .args(&["-d", BODY])
            .args(&["-k"])
            .run(),
        BODY,
    );
    assert_ok(
        &invoke("echo")
            .home(&pki.dir)
            .endpoint(&server.url)
            .args(&["-d", BODY])
            .envs(&[("YR_INSECURE", "true")])
            .run(),
        BODY,
    );
    assert_ok(
        &invoke("echo")
            .home(&pki.dir)
            .endpoint(&server.url)
            .args(&["-d", BODY])
            .envs(&[("YR_INSECURE", "1")])
            .run(),
        BODY,
    );
    // Off is off.
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .envs(&[("YR_INSECURE", "false")])
        .run();
    assert_unreachable(&out, &server.url, UNKNOWN_ISSUER);
}

#[test]
fn yr_insecure_must_be_a_boolean() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .envs(&[("YR_INSECURE", "maybe")])
        .run();
    assert_run(
        &out,
        2,
        "",
        "yr: error: env YR_INSECURE: `maybe` is not a boolean: use 1, true, yes, on (or t, y) or 0, false, no, off (or f, n)\n",
    );
}

// ---------------------------------------------------------------------------
// Mutual TLS
// ---------------------------------------------------------------------------

#[test]
fn mutual_tls_with_a_client_certificate() {
    let pki = Pki::new();
    let server = pki.serve(true);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&[
            "--cacert",
            &s(&pki.ca),
            "--cert",
            &s(&pki.client_cert),
            "--key",
            &s(&pki.client_key),
        ])
        .run();
    assert_ok(&out, BODY);
    // The same through YR_CERT_FILE / YR_PRIVATE_KEY_FILE.
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.ca)])
        .envs(&[
            ("YR_CERT_FILE", &s(&pki.client_cert)),
            ("YR_PRIVATE_KEY_FILE", &s(&pki.client_key)),
        ])
        .run();
    assert_ok(&out, BODY);
}

#[test]
fn mutual_tls_without_a_client_certificate() {
    let pki = Pki::new();
    let server = pki.serve(true);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.ca)])
        .run();
    assert_unreachable(
        &out,
        &server.url,
        "TLS: the frontend wants a client certificate: pass --cert and --key (",
    );
}

#[test]
fn mutual_tls_with_a_client_certificate_of_another_ca() {
    let pki = Pki::new();
    let server = pki.serve(true);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&[
            "--cacert",
            &s(&pki.ca),
            "--cert",
            &s(&pki.stranger_cert),
            "--key",
            &s(&pki.stranger_key),
        ])
        .run();
    assert_unreachable(
        &out,
        &server.url,
        "TLS: the frontend refused the client certificate given with --cert (",
    );
}

// ---------------------------------------------------------------------------
// Bad TLS flags and files
// ---------------------------------------------------------------------------

#[test]
fn cert_without_key_and_key_without_cert_are_usage_errors() {
    let pki = Pki::new();
    let server = pki.serve(true);
    let message = "yr: error: --cert and --key go together (a client certificate needs its private key)\n";
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cert", &s(&pki.client_cert)])
        .run();
    assert_run(&out, 2, "", message);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--key", &s(&pki.client_key)])
        .run();
    assert_run(&out, 2, "", message);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .envs(&[("YR_CERT_FILE", &s(&pki.client_cert))])
        .run();
    assert_run(&out, 2, "", message);
}

#[test]
fn cacert_file_missing_or_not_a_certificate_is_a_usage_error() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let missing = pki.dir.path.join("no-such-ca.pem");
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&missing)])
        .run();
    assert_run(
        &out,
        2,
        "",
        &format!("yr: error: --cacert {}: cannot read it: no such file\n", s(&missing)),
    );
    // A PEM file without a certificate (the server's private key).
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&pki.server_key)])
        .run();
    assert_run(
        &out,
        2,
        "",
        &format!("yr: error: --cacert {}: holds no certificate\n", s(&pki.server_key)),
    );
    // Not PEM at all.
    let junk = pki.dir.file("junk.pem", "this is not a certificate\n");
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .args(&["--cacert", &s(&junk)])
        .run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!("yr: error: --cacert {}: ", s(&junk))),
        "{out:?}"
    );
}

// ---------------------------------------------------------------------------
// yrcli's environment: a bare YR_SERVER_ADDRESS, and the scheme a port speaks
// ---------------------------------------------------------------------------

/// `yr config --json`'s endpoint entry for these variables.
fn endpoint_setting(home: &TempDir, envs: &[(&str, &str)]) -> (String, String) {
    let mut cmd = yr_with_home(&home.path);
    cmd.args(["config", "--json"]);
    for (name, value) in envs {
        cmd.env(name, value);
    }
    let out = run(&mut cmd);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let config: serde_json::Value = serde_json::from_str(&out.stdout).expect("yr config --json");
    let text = |v: &serde_json::Value| v.as_str().expect("a string").to_string();
    (text(&config["endpoint"]["value"]), text(&config["endpoint"]["source"]))
}

/// yrcli takes YR_SERVER_ADDRESS as a bare host:port and goes over https when a CA file is set
/// (`HTTPClient.request` in yr/cli/scripts.py of openyuanrong-sdk 0.9.10 turns http:// into https:// when
/// `verify` is set): the same environment reaches the same TLS frontend with yr, and `yr config` says why.
#[test]
fn bare_server_address_with_yr_verify_file_goes_over_https() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let address = format!("127.0.0.1:{}", port_of(&server));
    let envs = [("YR_SERVER_ADDRESS", address.as_str()), ("YR_VERIFY_FILE", &s(&pki.ca))];
    assert_ok(
        &invoke("echo").home(&pki.dir).args(&["-d", BODY]).envs(&envs).run(),
        BODY,
    );
    assert_eq!(
        endpoint_setting(&pki.dir, &envs),
        (
            format!("https://{address}"),
            "env YR_SERVER_ADDRESS; no scheme given: https, as cacert (YR_VERIFY_FILE) is set".into()
        )
    );
}

/// yrcli's insecure mode also switches to https (and skips verification).
#[test]
fn bare_server_address_with_yr_insecure_goes_over_https() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let address = format!("127.0.0.1:{}", port_of(&server));
    let envs = [("YR_SERVER_ADDRESS", address.as_str()), ("YR_INSECURE", "true")];
    assert_ok(
        &invoke("echo").home(&pki.dir).args(&["-d", BODY]).envs(&envs).run(),
        BODY,
    );
    assert_eq!(
        endpoint_setting(&pki.dir, &envs),
        (
            format!("https://{address}"),
            "env YR_SERVER_ADDRESS; no scheme given: https, as insecure (YR_INSECURE) is set".into()
        )
    );
}

/// yrcli reads YR_INSECURE as a click flag, whose booleans include on/off, t/f and y/n (click's `BoolParamType`):
/// those environments work unchanged too.
#[test]
fn yr_insecure_takes_yrcli_boolean_words() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let address = format!("127.0.0.1:{}", port_of(&server));
    for word in ["on", "y", "T"] {
        let envs = [("YR_SERVER_ADDRESS", address.as_str()), ("YR_INSECURE", word)];
        assert_ok(
            &invoke("echo").home(&pki.dir).args(&["-d", BODY]).envs(&envs).run(),
            BODY,
        );
    }
    let off = [("YR_SERVER_ADDRESS", address.as_str()), ("YR_INSECURE", "off")];
    assert_eq!(
        endpoint_setting(&pki.dir, &off).0,
        format!("http://{address}"),
        "YR_INSECURE=off is false"
    );
}

/// A client certificate alone leaves a bare address on http, as yrcli 0.9.10 does (`HTTPClient.request` in
/// `yr/cli/scripts.py` switches only on a CA file or insecure mode; cli.md and frontend.md say a certificate
/// switches too, see docs/design.md): an environment that works with yrcli works with yr. With a
/// CA file as well, as every working mutual-TLS setup of yrcli has, it is https and mutual TLS.
#[test]
fn bare_server_address_with_only_a_client_certificate_stays_http() {
    let pki = Pki::new();
    let server = pki.serve(true);
    let address = format!("127.0.0.1:{}", port_of(&server));
    let envs = [
        ("YR_SERVER_ADDRESS", address.as_str()),
        ("YR_VERIFY_FILE", &s(&pki.ca)),
        ("YR_CERT_FILE", &s(&pki.client_cert)),
        ("YR_PRIVATE_KEY_FILE", &s(&pki.client_key)),
    ];
    assert_ok(
        &invoke("echo").home(&pki.dir).args(&["-d", BODY]).envs(&envs).run(),
        BODY,
    );

    let plain = Emulator::start(&[]);
    let cert_only = [
        ("YR_SERVER_ADDRESS", plain.addr.as_str()),
        ("YR_CERT_FILE", &s(&pki.client_cert)),
        ("YR_PRIVATE_KEY_FILE", &s(&pki.client_key)),
    ];
    assert_eq!(
        endpoint_setting(&pki.dir, &cert_only),
        (
            format!("http://{}", plain.addr),
            "env YR_SERVER_ADDRESS; no scheme given: http, as neither cacert nor insecure is set".into()
        )
    );
    let out = invoke("echo").home(&pki.dir).args(&["-d", BODY]).envs(&cert_only).run();
    assert_eq!((out.code, out.stdout.as_str()), (0, BODY), "{out:?}");
}

/// Without any TLS setting a bare address stays http, and `yr config` says so.
#[test]
fn bare_server_address_without_tls_settings_is_http() {
    let home = TempDir::new();
    let envs = [
        ("YR_SERVER_ADDRESS", "127.0.0.1:8888"),
        ("YR_SESSIONS_DIR", "/nonexistent"),
    ];
    assert_eq!(
        endpoint_setting(&home, &envs),
        (
            "http://127.0.0.1:8888".into(),
            "env YR_SERVER_ADDRESS; no scheme given: http, as neither cacert nor insecure is set".into()
        )
    );
}

/// Plain http to a port that speaks TLS: rustls answers the request line with a fatal alert record
/// (`15 03 03 00 02 02 32`, decode_error), which is no HTTP. That is a TLS port, said as such, with the https
/// address to use; nothing ran, so it is exit 3.
#[test]
fn plain_http_to_a_tls_port_says_to_use_https() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let port = port_of(&server);
    let out = invoke("echo")
        .home(&pki.dir)
        .endpoint(format!("http://127.0.0.1:{port}"))
        .args(&["-d", BODY])
        .run();
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: cannot reach http://127.0.0.1:{port}: the port speaks TLS (https), not plain http\n\
             hint: use https://127.0.0.1:{port} (--endpoint or YR_ENDPOINT); a bare host:port means https only \
             when a CA file or insecure mode is set\n"
        ),
    );
}

/// The real frontend is a Go server: Go's net/http answers plain HTTP on a TLS port with
/// `HTTP/1.0 400 Bad Request` and `Client sent an HTTP request to an HTTPS server.` (`conn.serve` in
/// net/http/server.go). Same failure, same hint.
#[test]
fn plain_http_to_a_go_tls_port_says_to_use_https() {
    let server = ScriptedServer::start(vec![Reply::raw(
        "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
    )]);
    let home = TempDir::new();
    let out = invoke("echo")
        .home(&home)
        .endpoint(&server.url)
        .args(&["-d", BODY])
        .run();
    let https = server.url.replacen("http://", "https://", 1);
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: cannot reach {}: the port speaks TLS (https), not plain http\n\
             hint: use {https} (--endpoint or YR_ENDPOINT); a bare host:port means https only when a CA file \
             or insecure mode is set\n",
            server.url
        ),
    );
}

/// The other way round: https to a port that speaks plain http (yr serve answers the ClientHello with an HTTP
/// 400), as when YR_VERIFY_FILE turns a bare address into https in front of a plain frontend.
#[test]
fn https_to_a_plain_port_says_to_use_http() {
    let pki = Pki::new();
    let plain = Emulator::start(&[]);
    let address = plain.addr.clone();
    let out = invoke("echo")
        .home(&pki.dir)
        .args(&["-d", BODY])
        .envs(&[("YR_SERVER_ADDRESS", address.as_str()), ("YR_VERIFY_FILE", &s(&pki.ca))])
        .run();
    assert_run(
        &out,
        3,
        "",
        &format!(
            "yr: error: cannot reach https://{address}: TLS: the port speaks plain http, not TLS (https)\n\
             hint: use http://{address} (--endpoint or YR_ENDPOINT); a bare host:port means https only when a CA \
             file or insecure mode is set\n"
        ),
    );
}

/// The hint that https met a plain-HTTP port, for the address `host:port`.
fn plain_port_stderr(address: &str) -> String {
    format!(
        "yr: error: cannot reach https://{address}: TLS: the port speaks plain http, not TLS (https)\n\
         hint: use http://{address} (--endpoint or YR_ENDPOINT); a bare host:port means https only when a CA \
         file or insecure mode is set\n"
    )
}

/// An https:// endpoint typed by hand in front of a plain frontend: the same words, never rustls's own.
#[test]
fn https_typed_for_a_plain_port_says_to_use_http() {
    let home = TempDir::new();
    let plain = Emulator::start(&[]);
    let out = invoke("echo")
        .home(&home)
        .endpoint(format!("https://{}", plain.addr))
        .args(&["-d", BODY])
        .run();
    assert_run(&out, 3, "", &plain_port_stderr(&plain.addr));
    let out = run(yr_with_home(&home.path).args(["health", "-e", &format!("https://{}", plain.addr)]));
    assert_run(&out, 3, "", &plain_port_stderr(&plain.addr));
}

/// The real frontend is a Go server: on a plain port Go's net/http answers a ClientHello, which it cannot read as
/// a request, with `HTTP/1.1 400 Bad Request` and `400 Bad Request` (`conn.serve` in net/http/server.go).
#[test]
fn https_to_a_plain_go_port_says_to_use_http() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address").to_string();
    let server = std::thread::spawn(move || {
        if let Ok((mut conn, _)) = listener.accept() {
            let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut hello = [0u8; 512];
            let _ = conn.read(&mut hello);
            let _ = conn.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request",
            );
        }
    });
    let home = TempDir::new();
    let out = invoke("echo")
        .home(&home)
        .endpoint(format!("https://{address}"))
        .args(&["-d", BODY])
        .run();
    let _ = server.join();
    assert_run(&out, 3, "", &plain_port_stderr(&address));
}
