//! Where requests go and with what: flag > environment > profile > local-cluster discovery > default, for the
//! endpoint, the token, tenant/service and the timeout; choosing a profile; config file errors; profile paths;
//! the world-readable warning; every discovery file form; `yr config` text and JSON. Requests go to scripted
//! servers, and which server got the request shows which setting won.

use crate::support::*;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

const TOKEN: &str = "tok-3f9a-SECRET-77c1";

/// Writes `HOME/.config/yr/config.json` with mode 600 (no exposure warning) and returns its path.
fn write_config(home: &TempDir, json: &str) -> PathBuf {
    let path = home.file(".config/yr/config.json", json);
    chmod(&path, 0o600);
    path
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// `yr ARGS` with HOME = `home` and these environment variables on top of the clean environment.
fn yr_cmd(home: &TempDir, args: &[&str], envs: &[(&str, &str)]) -> Cmd {
    let mut cmd = yr_with_home(&home.path);
    cmd.args(args);
    for (name, value) in envs {
        cmd.env(name, value);
    }
    cmd
}

/// `yr config --json ARGS`, which must succeed with an empty stderr; the parsed object.
#[track_caller]
fn config_json(home: &TempDir, args: &[&str], envs: &[(&str, &str)]) -> Value {
    let mut all = vec!["config", "--json"];
    all.extend_from_slice(args);
    let out = run(&mut yr_cmd(home, &all, envs));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("yr config --json is not JSON ({e}): {out:?}"))
}

/// `(value, source)` of one setting in `yr config --json`.
#[track_caller]
fn setting(config: &Value, name: &str) -> (String, String) {
    let entry = &config[name];
    let text = |v: &Value| {
        v.as_str()
            .unwrap_or_else(|| panic!("{name} missing in {config}"))
            .to_string()
    };
    (text(&entry["value"]), text(&entry["source"]))
}

/// `yr config`'s source for an endpoint found in `file`: a bare host:port, so its scheme is explained.
fn discovered_from(file: &Path) -> String {
    format!(
        "local cluster {}; no scheme given: http, as neither cacert nor insecure is set",
        file.display()
    )
}

/// A session.json that records no `function_master.ip` (only another key), so discovery dials loopback.
fn session_json(port: impl std::fmt::Display) -> String {
    format!(
        r#"{{"session_id":"s-1","cluster_info":{{"for-join":{{"master.ip":"127.0.0.1","frontend.port":{port}}}}}}}"#
    )
}

/// A master info file with `master_ip:127.0.0.1`.
fn master_info(port: u16) -> String {
    format!("master_ip:127.0.0.1,etcd_port:32379,frontend_port:{port},global_scheduler_port:22770\n")
}

/// A sessions folder (for YR_SESSIONS_DIR) inside `home`.
fn sessions_dir(home: &TempDir) -> PathBuf {
    let dir = home.path.join("yr_sessions");
    std::fs::create_dir_all(&dir).expect("create sessions dir");
    dir
}

fn profile_source(name: &str, file: &Path) -> String {
    format!("profile {name} in {}", file.display())
}

// ---------------------------------------------------------------------------
// Endpoint: each step overrides the one below it
// ---------------------------------------------------------------------------

#[test]
fn endpoint_flag_beats_yr_endpoint() {
    let home = TempDir::new();
    let (flag, env) = (ok_server(), ok_server());
    let envs = [("YR_ENDPOINT", env.url.as_str())];
    assert_ok(
        &invoke("hello")
            .home(&home)
            .ignore_stdin()
            .args(&["-e", &flag.url])
            .envs(&envs)
            .run(),
        OK_BODY,
    );
    assert_eq!((flag.count(), env.count()), (1, 0));
    let config = config_json(&home, &["--endpoint", &flag.url], &envs);
    assert_eq!(
        setting(&config, "endpoint"),
        (flag.url.clone(), "flag --endpoint".into())
    );
}

#[test]
fn yr_endpoint_beats_yr_server_address() {
    let home = TempDir::new();
    let (endpoint, address) = (ok_server(), ok_server());
    let envs = [
        ("YR_ENDPOINT", endpoint.url.as_str()),
        ("YR_SERVER_ADDRESS", address.url.as_str()),
    ];
    assert_ok(&invoke("hello").home(&home).ignore_stdin().envs(&envs).run(), OK_BODY);
    assert_eq!((endpoint.count(), address.count()), (1, 0));
    assert_eq!(
        setting(&config_json(&home, &[], &envs), "endpoint"),
        (endpoint.url.clone(), "env YR_ENDPOINT".into())
    );
}

#[test]
fn yr_server_address_beats_profile() {
    let home = TempDir::new();
    let (address, profile) = (ok_server(), ok_server());
    write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}"}}}}}}"#,
            profile.url
        ),
    );
    // The upstream yrcli form: a bare host:port.
    let bare = address.addr.to_string();
    let envs = [("YR_SERVER_ADDRESS", bare.as_str())];
    assert_ok(&invoke("hello").home(&home).ignore_stdin().envs(&envs).run(), OK_BODY);
    assert_eq!((address.count(), profile.count()), (1, 0));
    assert_eq!(
        setting(&config_json(&home, &[], &envs), "endpoint"),
        (
            address.url.clone(),
            "env YR_SERVER_ADDRESS; no scheme given: http, as neither cacert nor insecure is set".into()
        )
    );
}

#[test]
fn profile_endpoint_beats_discovery() {
    let home = TempDir::new();
    let (profile, cluster) = (ok_server(), ok_server());
    let file = write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}"}}}}}}"#,
            profile.url
        ),
    );
    let sessions = sessions_dir(&home);
    std::fs::create_dir_all(sessions.join("latest")).unwrap();
    std::fs::write(sessions.join("latest/session.json"), session_json(cluster.port())).unwrap();
    let sessions_text = sessions.display().to_string();
    let envs = [("YR_SESSIONS_DIR", sessions_text.as_str())];
    assert_ok(&invoke("hello").home(&home).ignore_stdin().envs(&envs).run(), OK_BODY);
    assert_eq!((profile.count(), cluster.count()), (1, 0));
    assert_eq!(
        setting(&config_json(&home, &[], &envs), "endpoint"),
        (profile.url.clone(), profile_source("p", &file))
    );
}

#[test]
fn discovery_beats_default() {
    let home = TempDir::new();
    let cluster = ok_server();
    let sessions = sessions_dir(&home);
    let file = home.file("yr_sessions/latest/session.json", session_json(cluster.port()));
    let sessions_text = sessions.display().to_string();
    let envs = [("YR_SESSIONS_DIR", sessions_text.as_str())];
    assert_ok(&invoke("hello").home(&home).ignore_stdin().envs(&envs).run(), OK_BODY);
    assert_eq!(cluster.count(), 1);
    assert_eq!(
        setting(&config_json(&home, &[], &envs), "endpoint"),
        (format!("http://127.0.0.1:{}", cluster.port()), discovered_from(&file))
    );
}

#[test]
fn default_endpoint_when_nothing_is_set() {
    let home = TempDir::new();
    let sessions = sessions_dir(&home);
    let sessions_text = sessions.display().to_string();
    let config = config_json(&home, &[], &[("YR_SESSIONS_DIR", sessions_text.as_str())]);
    assert_eq!(
        setting(&config, "endpoint"),
        ("http://127.0.0.1:8888".into(), "default".into())
    );
    assert_eq!(setting(&config, "profile"), ("(none)".into(), "default".into()));
}

// ---------------------------------------------------------------------------
// Local-cluster discovery files
// ---------------------------------------------------------------------------

/// `yr config --json` (and `-v` for the notes) with YR_SESSIONS_DIR = the sessions folder in `home`.
fn discovered(home: &TempDir) -> (Value, Run) {
    let sessions = sessions_dir(home).display().to_string();
    let envs = [("YR_SESSIONS_DIR", sessions.as_str())];
    let json = config_json(home, &[], &envs);
    let verbose = run(&mut yr_cmd(home, &["config", "-v"], &envs));
    assert_eq!(verbose.code, 0, "{verbose:?}");
    (json, verbose)
}

#[test]
fn discovery_reads_session_json_with_a_number_port() {
    let home = TempDir::new();
    let cluster = ok_server();
    let file = home.file("yr_sessions/latest/session.json", session_json(cluster.port()));
    let (config, verbose) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (cluster.url.clone(), discovered_from(&file))
    );
    assert!(!verbose.stderr.contains("discovery"), "{verbose:?}");
}

#[test]
fn discovery_reads_session_json_with_a_string_port() {
    let home = TempDir::new();
    let cluster = ok_server();
    let port = format!("\"{}\"", cluster.port());
    let file = home.file("yr_sessions/latest/session.json", session_json(port));
    let (config, _) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (cluster.url.clone(), discovered_from(&file))
    );
    let sessions = sessions_dir(&home).display().to_string();
    assert_ok(
        &invoke("hello")
            .home(&home)
            .ignore_stdin()
            .envs(&[("YR_SESSIONS_DIR", sessions.as_str())])
            .run(),
        OK_BODY,
    );
    assert_eq!(cluster.count(), 1);
}

#[test]
fn discovery_reads_the_master_info_file() {
    let home = TempDir::new();
    let cluster = ok_server();
    let file = home.file("yr_sessions/yr_current_master_info", master_info(cluster.port()));
    let (config, _) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (cluster.url.clone(), discovered_from(&file))
    );
    let sessions = sessions_dir(&home).display().to_string();
    assert_ok(
        &invoke("hello")
            .home(&home)
            .ignore_stdin()
            .envs(&[("YR_SESSIONS_DIR", sessions.as_str())])
            .run(),
        OK_BODY,
    );
    assert_eq!(cluster.count(), 1);
}

#[test]
fn discovery_prefers_session_json_to_the_master_info_file() {
    let home = TempDir::new();
    let (session, master) = (ok_server(), ok_server());
    let file = home.file("yr_sessions/latest/session.json", session_json(session.port()));
    home.file("yr_sessions/yr_current_master_info", master_info(master.port()));
    let (config, _) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (session.url.clone(), discovered_from(&file))
    );
}

#[test]
fn stale_discovery_file_falls_back_to_the_default_with_a_verbose_note() {
    let home = TempDir::new();
    let port = closed_port();
    let file = home.file("yr_sessions/latest/session.json", session_json(port));
    let (config, verbose) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        ("http://127.0.0.1:8888".into(), "default".into())
    );
    let note = format!(
        "* discovery: {} names 127.0.0.1:{port}, but nothing listens there (stale)\n",
        file.display()
    );
    assert!(verbose.stderr.contains(&note), "want {note:?} in {verbose:?}");
    // Without -v, nothing is said.
    let sessions = sessions_dir(&home).display().to_string();
    let quiet = run(&mut yr_cmd(
        &home,
        &["config"],
        &[("YR_SESSIONS_DIR", sessions.as_str())],
    ));
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""), "{quiet:?}");
}

#[test]
fn broken_session_json_is_skipped_for_the_master_info_file() {
    let home = TempDir::new();
    let cluster = ok_server();
    let broken = home.file("yr_sessions/latest/session.json", "{\"cluster_info\": {");
    let master = home.file("yr_sessions/yr_current_master_info", master_info(cluster.port()));
    let (config, verbose) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (cluster.url.clone(), discovered_from(&master))
    );
    let note = format!("* discovery: skipped {}: not JSON: ", broken.display());
    assert!(verbose.stderr.contains(&note), "want {note:?} in {verbose:?}");
}

/// session.json as `yr start` writes it (`SystemLauncher` in the SDK's yr/cli/system_launcher.py): the frontend's
/// address is `function_master.ip`, the node's own address, with `frontend.port`.
fn session_json_at(ip: &str, port: u16) -> String {
    format!(
        r#"{{"mode":"master","cluster_info":{{"for-join":{{"function_master.ip":"{ip}","function_master.port":22770,"etcd.ip":"{ip}","etcd.port":32379,"agent.ip":"{ip}","frontend.port":{port}}},"daemon":{{"pid":4242}}}}}}"#
    )
}

/// The frontend listens on the node's address, not loopback (frontend.md; upstream's reader
/// `get_frontend_address_from_session` in yr/cli/checkpoint.py dials `function_master.ip`): yr dials the recorded
/// address. An emulator on 127.0.0.2 stands for that address.
#[test]
fn discovery_dials_the_address_session_json_records() {
    let home = TempDir::new();
    let cluster = Emulator::start_on("127.0.0.2:0", &[]);
    let port: u16 = cluster
        .addr
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    let file = home.file("yr_sessions/latest/session.json", session_json_at("127.0.0.2", port));
    let (config, verbose) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (format!("http://127.0.0.2:{port}"), discovered_from(&file))
    );
    assert!(!verbose.stderr.contains("discovery"), "{verbose:?}");
    let sessions = sessions_dir(&home).display().to_string();
    let out = run(&mut yr_cmd(
        &home,
        &["invoke", "hello", "-d", r#"{"name":"node"}"#],
        &[("YR_SESSIONS_DIR", sessions.as_str())],
    ));
    assert_run(&out, 0, "\"hello node\"", "");
}

/// yr_current_master_info as `write_old_current_master_info` writes it: `master_ip:` is the address.
#[test]
fn discovery_dials_the_address_the_master_info_file_records() {
    let home = TempDir::new();
    let cluster = Emulator::start_on("127.0.0.2:0", &[]);
    let port: u16 = cluster
        .addr
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    let file = home.file(
        "yr_sessions/yr_current_master_info",
        format!(
            "local_ip:127.0.0.2,master_ip:127.0.0.2,etcd_ip:127.0.0.2,etcd_port:32379,etcd_peer_port:32380,\
             global_scheduler_port:22770,ds_master_port:12123,bus-proxy:22772,bus:22773,ds-worker:31501,\
             frontend_port:{port},"
        ),
    );
    let (config, _) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (format!("http://127.0.0.2:{port}"), discovered_from(&file))
    );
    let sessions = sessions_dir(&home).display().to_string();
    let out = run(&mut yr_cmd(
        &home,
        &["invoke", "hello", "-d", r#"{"name":"node"}"#],
        &[("YR_SESSIONS_DIR", sessions.as_str())],
    ));
    assert_run(&out, 0, "\"hello node\"", "");
}

/// A recorded address is the only one tried: a server on loopback at the same port is not the cluster.
#[test]
fn discovery_does_not_fall_back_to_loopback_when_an_address_is_recorded() {
    let home = TempDir::new();
    // 127.0.0.2 at the loopback server's port is held closed: a parallel test's emulator on 127.0.0.2:0 could
    // otherwise be given that port (a full run here saw it). A server whose port is taken there is set aside.
    let loopback = (0..20)
        .map(|_| ok_server())
        .find(|server| hold_closed(std::net::Ipv4Addr::new(127, 0, 0, 2), server.port()).is_ok())
        .expect("a port free on both 127.0.0.1 and 127.0.0.2");
    let file = home.file(
        "yr_sessions/latest/session.json",
        session_json_at("127.0.0.2", loopback.port()),
    );
    let (config, verbose) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        ("http://127.0.0.1:8888".into(), "default".into())
    );
    let note = format!(
        "* discovery: {} names 127.0.0.2:{}, but nothing listens there (stale)\n",
        file.display(),
        loopback.port()
    );
    assert!(verbose.stderr.contains(&note), "want {note:?} in {verbose:?}");
    assert_eq!(loopback.count(), 0);
}

/// A recorded value that is not an IP address is skipped, said under -v.
#[test]
fn discovery_skips_a_recorded_address_that_is_not_an_ip() {
    let home = TempDir::new();
    let cluster = ok_server();
    let broken = home.file(
        "yr_sessions/latest/session.json",
        session_json_at("FUNCTION_MASTER_IP", cluster.port()),
    );
    let master = home.file("yr_sessions/yr_current_master_info", master_info(cluster.port()));
    let (config, verbose) = discovered(&home);
    assert_eq!(
        setting(&config, "endpoint"),
        (cluster.url.clone(), discovered_from(&master))
    );
    let note = format!(
        "* discovery: skipped {}: the recorded address `FUNCTION_MASTER_IP` is not an IP address\n",
        broken.display()
    );
    assert!(verbose.stderr.contains(&note), "want {note:?} in {verbose:?}");
}

// ---------------------------------------------------------------------------
// Tenant and service (`yr urn`), token, timeout
// ---------------------------------------------------------------------------

fn urn(home: &TempDir, args: &[&str], envs: &[(&str, &str)]) -> String {
    let mut all = vec!["urn", "hello"];
    all.extend_from_slice(args);
    let out = run(&mut yr_cmd(home, &all, envs));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    out.stdout
}

#[test]
fn tenant_flag_beats_env_beats_profile_beats_default() {
    let home = TempDir::new();
    let urn_for = |tenant: &str| format!("sn:cn:yrk:{tenant}:function:0@default@hello:latest\n");
    assert_eq!(urn(&home, &[], &[]), urn_for("default"));
    write_config(&home, r#"{"default_profile":"p","profiles":{"p":{"tenant":"tprof"}}}"#);
    assert_eq!(urn(&home, &[], &[]), urn_for("tprof"));
    assert_eq!(urn(&home, &[], &[("YR_TENANT", "tenv")]), urn_for("tenv"));
    assert_eq!(
        urn(&home, &["--tenant", "tflag"], &[("YR_TENANT", "tenv")]),
        urn_for("tflag")
    );
}

#[test]
fn service_flag_beats_env_beats_profile_beats_default() {
    let home = TempDir::new();
    let urn_for = |service: &str| format!("sn:cn:yrk:default:function:0@{service}@hello:latest\n");
    assert_eq!(urn(&home, &[], &[]), urn_for("default"));
    write_config(&home, r#"{"default_profile":"p","profiles":{"p":{"service":"sprof"}}}"#);
    assert_eq!(urn(&home, &[], &[]), urn_for("sprof"));
    assert_eq!(urn(&home, &[], &[("YR_SERVICE", "senv")]), urn_for("senv"));
    assert_eq!(
        urn(&home, &["--service", "sflag"], &[("YR_SERVICE", "senv")]),
        urn_for("sflag")
    );
}

#[test]
fn token_file_from_the_profile_is_sent_as_x_auth() {
    let home = TempDir::new();
    let server = ok_server();
    let token_file = home.file("secrets/token", format!("{TOKEN}\n"));
    write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","token_file":"{}"}}}}}}"#,
            server.url,
            token_file.display()
        ),
    );
    assert_ok(&invoke("hello").home(&home).ignore_stdin().run(), OK_BODY);
    assert_eq!(server.only_request().header("X-Auth"), Some(TOKEN));
}

#[test]
fn token_flag_beats_env_beats_profile() {
    let home = TempDir::new();
    let server = ok_server();
    let profile_file = home.file("secrets/profile-token", "from-profile\n");
    let flag_file = home.file("secrets/flag-token", "from-flag\n");
    write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","token_file":"{}"}}}}}}"#,
            server.url,
            profile_file.display()
        ),
    );
    let flag = flag_file.display().to_string();
    assert_ok(
        &invoke("hello")
            .home(&home)
            .ignore_stdin()
            .envs(&[("YR_JWT_TOKEN", "from-env")])
            .run(),
        OK_BODY,
    );
    assert_ok(
        &invoke("hello")
            .home(&home)
            .ignore_stdin()
            .args(&["--token-file", &flag])
            .envs(&[("YR_JWT_TOKEN", "from-env")])
            .run(),
        OK_BODY,
    );
    let sent: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("X-Auth").map(str::to_string))
        .collect();
    assert_eq!(sent, [Some("from-env".to_string()), Some("from-flag".to_string())]);
}

#[test]
fn timeout_from_the_profile_limits_the_call() {
    let home = TempDir::new();
    let server = ScriptedServer::start(vec![Reply::json(200, OK_BODY).delay(Duration::from_secs(4))]);
    let file = write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","timeout":"1s"}}}}}}"#,
            server.url
        ),
    );
    let out = invoke("hello").home(&home).ignore_stdin().run();
    assert_eq!(out.code, 7, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(out.stderr.contains("within 1s (--timeout)"), "{out:?}");
    // The server answers after 4 s, and the default --timeout is far longer: exit 7 can only be the profile's 1 s.
    assert!(
        out.elapsed >= Duration::from_secs(1),
        "ended before the timeout: {out:?}"
    );
    assert_eq!(
        setting(&config_json(&home, &[], &[]), "timeout"),
        ("1s".into(), profile_source("p", &file))
    );
    assert_eq!(
        setting(&config_json(&home, &[], &[("YR_TIMEOUT", "2m")]), "timeout"),
        ("2m".into(), "env YR_TIMEOUT".into())
    );
    assert_eq!(
        setting(
            &config_json(&home, &["--timeout", "45s"], &[("YR_TIMEOUT", "2m")]),
            "timeout"
        ),
        ("45s".into(), "flag --timeout".into())
    );
}

// ---------------------------------------------------------------------------
// Choosing a profile; config file errors
// ---------------------------------------------------------------------------

#[test]
fn profile_flag_beats_yr_profile_beats_default_profile() {
    let home = TempDir::new();
    let (a, b, c) = (ok_server(), ok_server(), ok_server());
    write_config(
        &home,
        &format!(
            r#"{{"default_profile":"a","profiles":{{"a":{{"endpoint":"{}"}},"b":{{"endpoint":"{}"}},"c":{{"endpoint":"{}"}}}}}}"#,
            a.url, b.url, c.url
        ),
    );
    assert_ok(&invoke("hello").home(&home).ignore_stdin().run(), OK_BODY);
    assert_eq!((a.count(), b.count(), c.count()), (1, 0, 0));
    assert_ok(
        &invoke("hello")
            .home(&home)
            .ignore_stdin()
            .envs(&[("YR_PROFILE", "b")])
            .run(),
        OK_BODY,
    );
    assert_eq!((a.count(), b.count(), c.count()), (1, 1, 0));
    // --profile is global: before the subcommand too.
    let mut cmd = yr_cmd(
        &home,
        &["--profile", "c", "invoke", "hello", "--ignore-stdin"],
        &[("YR_PROFILE", "b")],
    );
    assert_ok(&run(&mut cmd), OK_BODY);
    assert_eq!((a.count(), b.count(), c.count()), (1, 1, 1));
    assert_eq!(
        setting(
            &config_json(&home, &["--profile", "c"], &[("YR_PROFILE", "b")]),
            "profile"
        )
        .0,
        "c"
    );
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let home = TempDir::new();
    let file = write_config(
        &home,
        r#"{"default_profile":"gone","profiles":{"b":{"tenant":"x"},"a":{"tenant":"y"}}}"#,
    );
    let shown = file.display();
    let out = run(&mut yr_cmd(&home, &["config", "--profile", "zz"], &[]));
    assert_run(
        &out,
        2,
        "",
        &format!("yr: error: --profile `zz`: no such profile in {shown} (it has: a, b)\n"),
    );
    let out = run(&mut yr_cmd(&home, &["urn", "f"], &[("YR_PROFILE", "yy")]));
    assert_run(
        &out,
        2,
        "",
        &format!("yr: error: YR_PROFILE `yy`: no such profile in {shown} (it has: a, b)\n"),
    );
    let out = invoke("hello").home(&home).ignore_stdin().run();
    assert_run(
        &out,
        2,
        "",
        &format!("yr: error: default_profile `gone`: no such profile in {shown} (it has: a, b)\n"),
    );
}

#[test]
fn profile_without_a_config_file_is_a_usage_error() {
    let home = TempDir::new();
    let file = home.path.join(".config/yr/config.json");
    let out = run(&mut yr_cmd(&home, &["config", "--profile", "x"], &[]));
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: --profile `x`: there is no config file at {}\n",
            file.display()
        ),
    );
    // Without a profile asked for, a missing file is fine.
    let config = config_json(&home, &[], &[]);
    assert_eq!(setting(&config, "profile"), ("(none)".into(), "default".into()));
}

#[test]
fn malformed_config_json_names_line_and_column() {
    let home = TempDir::new();
    let file = write_config(
        &home,
        "{\n  \"profiles\": {\n    \"a\": {\"endpoint\": \"x\",}\n  }\n}\n",
    );
    let out = run(&mut yr_cmd(&home, &["config"], &[]));
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: config file {}: line 3 column 27: trailing comma\n",
            file.display()
        ),
    );
    // Every command that reads settings fails the same way, before sending anything.
    let server = ok_server();
    let out = invoke("hello")
        .home(&home)
        .ignore_stdin()
        .args(&["-e", &server.url])
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("line 3 column 27"), "{out:?}");
    assert_eq!(server.count(), 0);
}

#[test]
fn unknown_key_in_the_chosen_profile_is_a_usage_error() {
    let home = TempDir::new();
    let file = write_config(
        &home,
        "{\n  \"default_profile\": \"a\",\n  \"profiles\": {\n    \"a\": {\"endpont\": \"x\"}\n  }\n}\n",
    );
    let server = ok_server();
    for args in [&["urn", "f"][..], &["invoke", "f", "-e", &server.url]] {
        let out = run(&mut yr_cmd(&home, args, &[]));
        assert_run(
            &out,
            2,
            "",
            &format!(
                "yr: error: config file {}: profile `a`, key `endpont`: unknown key; a profile holds endpoint, tenant, \
                 service, token_file, cacert, cert, key, insecure, timeout\n",
                file.display()
            ),
        );
    }
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------
// A broken config file stops only the commands that need the broken part (issue 17)
// ---------------------------------------------------------------------------

const PROFILE_KEYS: &str = "endpoint, tenant, service, token_file, cacert, cert, key, insecure, timeout";

/// The warning for a problem a command does not need.
fn skipped(file: &Path, place_and_why: &str) -> String {
    format!(
        "yr: warning: config file {}: {place_and_why}; ignored, as this command does not need it\n",
        file.display()
    )
}

/// The error for a problem a command needs.
fn stopped(file: &Path, place_and_why: &str) -> String {
    format!("yr: error: config file {}: {place_and_why}\n", file.display())
}

#[test]
fn a_typo_in_an_unused_profile_is_a_warning_for_yr_urn() {
    let home = TempDir::new();
    let file = write_config(
        &home,
        r#"{"default_profile":"p","profiles":{"p":{"tenant":"tp"},"staging":{"endpont":"x:1"}}}"#,
    );
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:tp:function:0@default@hello:latest\n",
        &skipped(
            &file,
            &format!("profile `staging`, key `endpont`: unknown key; a profile holds {PROFILE_KEYS}"),
        ),
    );
    // Without any profile chosen, the same.
    let file = write_config(&home, r#"{"profiles":{"staging":{"endpont":"x:1"}}}"#);
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:default:function:0@default@hello:latest\n",
        &skipped(
            &file,
            &format!("profile `staging`, key `endpont`: unknown key; a profile holds {PROFILE_KEYS}"),
        ),
    );
}

#[test]
fn invoke_goes_on_past_broken_profiles_it_does_not_use() {
    let home = TempDir::new();
    let emulator = Emulator::start(&[]);
    let file = write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}"}},"q":{{"timeout":"5 parsecs"}},"r":{{"insecure":"yes"}}}}}}"#,
            emulator.url
        ),
    );
    let out = run(&mut yr_cmd(
        &home,
        &["invoke", "hello", "-d", r#"{"name":"yuanrong"}"#],
        &[],
    ));
    assert_run(
        &out,
        0,
        "\"hello yuanrong\"",
        &(skipped(
            &file,
            "profile `q`, key `timeout`: `5 parsecs` is not a duration: use a number with ms, s, m or h, e.g. 500ms or 30s",
        ) + &skipped(
            &file,
            "profile `r`, key `insecure`: must be true or false, not a string",
        )),
    );
}

#[test]
fn a_broken_chosen_profile_stops_only_the_commands_that_read_the_broken_key() {
    let home = TempDir::new();
    let server = ok_server();
    let file = write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","timeout":5}}}}}}"#,
            server.url
        ),
    );
    let timeout = r#"profile `p`, key `timeout`: must be a string such as "30s", not a number"#;
    let out = invoke("hello").home(&home).ignore_stdin().run();
    assert_run(&out, 2, "", &stopped(&file, timeout));
    let out = run(&mut yr_cmd(&home, &["health"], &[]));
    assert_run(&out, 2, "", &stopped(&file, timeout));
    let out = run(&mut yr_cmd(&home, &["config"], &[]));
    assert_run(&out, 2, "", &stopped(&file, timeout));
    assert_eq!(server.count(), 0);
    // yr urn reads only tenant and service.
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:default:function:0@default@hello:latest\n",
        &skipped(&file, timeout),
    );
    // A broken tenant stops it.
    let file = write_config(&home, r#"{"default_profile":"p","profiles":{"p":{"tenant":"a b"}}}"#);
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[]));
    assert_run(
        &out,
        2,
        "",
        &stopped(
            &file,
            "profile `p`, key `tenant`: the tenant `a b` may not contain `:`, `@` or spaces",
        ),
    );
    // A typo'd key in the chosen profile could be any key misspelt: every command that reads the profile stops.
    let file = write_config(&home, r#"{"default_profile":"p","profiles":{"p":{"tenat":"t"}}}"#);
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[]));
    assert_run(
        &out,
        2,
        "",
        &stopped(
            &file,
            &format!("profile `p`, key `tenat`: unknown key; a profile holds {PROFILE_KEYS}"),
        ),
    );
    // Another profile chosen by --profile: the broken one is only a warning.
    let file = write_config(
        &home,
        r#"{"default_profile":"p","profiles":{"p":{"tenat":"t"},"ok":{"tenant":"fine"}}}"#,
    );
    let out = run(&mut yr_cmd(&home, &["urn", "hello", "--profile", "ok"], &[]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:fine:function:0@default@hello:latest\n",
        &skipped(
            &file,
            &format!("profile `p`, key `tenat`: unknown key; a profile holds {PROFILE_KEYS}"),
        ),
    );
}

#[test]
fn a_config_file_of_the_wrong_shape_is_broken_where_the_shape_is_wrong() {
    let home = TempDir::new();
    // default_profile is only needed when nothing else chooses a profile.
    let file = write_config(&home, r#"{"default_profile":7,"profiles":{"ok":{"tenant":"fine"}}}"#);
    let choice = "key `default_profile`: must be a string (the name of a profile), not a number";
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[]));
    assert_run(&out, 2, "", &stopped(&file, choice));
    let out = run(&mut yr_cmd(&home, &["urn", "hello"], &[("YR_PROFILE", "ok")]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:fine:function:0@default@hello:latest\n",
        &skipped(&file, choice),
    );
    // A profile that is not an object; an unknown top-level key.
    let file = write_config(&home, r#"{"profile":{},"profiles":{"bad":[1],"ok":{"tenant":"fine"}}}"#);
    let out = run(&mut yr_cmd(&home, &["urn", "hello", "--profile", "ok"], &[]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:fine:function:0@default@hello:latest\n",
        &(skipped(
            &file,
            "key `profile`: unknown key; a config file holds default_profile and profiles",
        ) + &skipped(&file, "profile `bad`: must be an object of settings, not an array")),
    );
    let out = run(&mut yr_cmd(&home, &["urn", "hello", "--profile", "bad"], &[]));
    assert_run(
        &out,
        2,
        "",
        &stopped(&file, "profile `bad`: must be an object of settings, not an array"),
    );
}

#[test]
fn config_file_location_yr_config_dir_then_xdg_then_home() {
    let home = TempDir::new();
    let profile = |tenant: &str| format!(r#"{{"default_profile":"p","profiles":{{"p":{{"tenant":"{tenant}"}}}}}}"#);
    let in_home = write_config(&home, &profile("home"));
    let in_xdg = home.file("xdg/yr/config.json", profile("xdg"));
    let in_dir = home.file("confdir/config.json", profile("dir"));
    let xdg = home.path.join("xdg").display().to_string();
    let dir = home.path.join("confdir").display().to_string();
    let tenant = |envs: &[(&str, &str)]| setting(&config_json(&home, &[], envs), "tenant");
    assert_eq!(tenant(&[]), ("home".into(), profile_source("p", &in_home)));
    assert_eq!(
        tenant(&[("XDG_CONFIG_HOME", &xdg)]),
        ("xdg".into(), profile_source("p", &in_xdg))
    );
    assert_eq!(
        tenant(&[("XDG_CONFIG_HOME", &xdg), ("YR_CONFIG_DIR", &dir)]),
        ("dir".into(), profile_source("p", &in_dir))
    );
}

// ---------------------------------------------------------------------------
// Paths in a profile; the exposure warning
// ---------------------------------------------------------------------------

#[test]
fn profile_paths_tilde_is_home() {
    let home = TempDir::new();
    let server = ok_server();
    home.file("secrets/token", "from-home-dir\n");
    write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","token_file":"~/secrets/token"}}}}}}"#,
            server.url
        ),
    );
    let out = invoke("hello").home(&home).ignore_stdin().run();
    assert_ok(&out, OK_BODY);
    assert_eq!(server.only_request().header("X-Auth"), Some("from-home-dir"));
}

#[test]
fn profile_paths_relative_to_the_config_files_folder() {
    let home = TempDir::new();
    let server = ok_server();
    // The config file is in HOME/conf (YR_CONFIG_DIR); yr runs in HOME, where a decoy sits at the same
    // relative path, so resolving against the working directory would send the wrong token.
    home.file("conf/tokens/t", "from-config-folder\n");
    home.file("tokens/t", "from-working-dir\n");
    let file = home.file(
        "conf/config.json",
        format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","token_file":"tokens/t"}},"q":{{"cacert":"ca.pem","cert":"~/c.pem","key":"/abs/k.pem"}}}}}}"#,
            server.url
        ),
    );
    chmod(&file, 0o600);
    let dir = home.path.join("conf").display().to_string();
    let mut cmd = yr_cmd(
        &home,
        &["invoke", "hello", "--ignore-stdin"],
        &[("YR_CONFIG_DIR", &dir)],
    );
    cmd.current_dir(&home.path);
    let out = run(&mut cmd);
    assert_ok(&out, OK_BODY);
    assert_eq!(server.only_request().header("X-Auth"), Some("from-config-folder"));
    // The TLS paths are expanded the same way (`yr config` shows the paths yr will open).
    let config = config_json(&home, &["--profile", "q"], &[("YR_CONFIG_DIR", &dir)]);
    let shown = |name: &str| setting(&config, name).0;
    assert_eq!(shown("cacert"), home.path.join("conf/ca.pem").display().to_string());
    assert_eq!(shown("cert"), home.path.join("c.pem").display().to_string());
    assert_eq!(shown("key"), "/abs/k.pem");
    assert_eq!(setting(&config, "cacert").1, profile_source("q", &file));
}

fn exposure_warning(file: &Path) -> String {
    format!(
        "yr: warning: config file {} is readable by other users and names a token file or private key: chmod 600 {}\n",
        file.display(),
        file.display()
    )
}

#[test]
fn world_readable_config_naming_a_token_file_warns() {
    let home = TempDir::new();
    let token = home.file("token", "t\n");
    let file = write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"token_file":"{}"}}}}}}"#,
            token.display()
        ),
    );
    chmod(&file, 0o644);
    let out = run(&mut yr_cmd(&home, &["urn", "f"], &[]));
    assert_run(
        &out,
        0,
        "sn:cn:yrk:default:function:0@default@f:latest\n",
        &exposure_warning(&file),
    );
    // -q silences warnings.
    let out = run(&mut yr_cmd(&home, &["urn", "f", "-q"], &[]));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    // Group-readable is enough.
    chmod(&file, 0o640);
    let out = run(&mut yr_cmd(&home, &["urn", "f"], &[]));
    assert_eq!(out.stderr, exposure_warning(&file), "{out:?}");
    // Owner only: no warning.
    chmod(&file, 0o600);
    let out = run(&mut yr_cmd(&home, &["urn", "f"], &[]));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
}

#[test]
fn world_readable_config_naming_a_key_warns_and_one_without_secrets_does_not() {
    let home = TempDir::new();
    let file = write_config(
        &home,
        r#"{"profiles":{"p":{"tenant":"t"},"q":{"cert":"/c.pem","key":"/k.pem"}}}"#,
    );
    chmod(&file, 0o644);
    let out = run(&mut yr_cmd(&home, &["urn", "f"], &[]));
    assert_eq!((out.code, out.stderr.clone()), (0, exposure_warning(&file)), "{out:?}");
    write_config(&home, r#"{"profiles":{"p":{"tenant":"t","cacert":"/ca.pem"}}}"#);
    chmod(&file, 0o644);
    let out = run(&mut yr_cmd(&home, &["urn", "f"], &[]));
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
}

// ---------------------------------------------------------------------------
// `yr config` text output; the token is never shown
// ---------------------------------------------------------------------------

#[test]
fn config_text_for_a_profile() {
    let home = TempDir::new();
    let token = home.file("secrets/token", format!("{TOKEN}\n"));
    let file = write_config(
        &home,
        &format!(
            r#"{{"default_profile":"dev","profiles":{{"dev":{{"endpoint":"10.1.2.3:31222","tenant":"t1","service":"s1","token_file":"{}","timeout":"30s","insecure":true}}}}}}"#,
            token.display()
        ),
    );
    let src = format!("(profile dev in {})", file.display());
    let out = run(&mut yr_cmd(&home, &["config"], &[]));
    let expected = [
        format!("profile          dev  {src}"),
        format!(
            "endpoint         https://10.1.2.3:31222  ({}; no scheme given: https, as insecure (profile dev) is set)",
            profile_source("dev", &file)
        ),
        format!("token            <redacted>  {src}"),
        format!("timeout          30s  {src}"),
        "connect_timeout  10s  (default)".to_string(),
        format!("insecure         true  {src}"),
        format!("tenant           t1  {src}"),
        format!("service          s1  {src}"),
    ];
    assert_run(&out, 0, &(expected.join("\n") + "\n"), "");
    assert!(!out.stdout.contains(TOKEN));
}

#[test]
fn config_text_for_environment_variables() {
    let home = TempDir::new();
    let envs = [
        ("YR_SERVER_ADDRESS", "10.0.0.9:8888"),
        ("YR_JWT_TOKEN", TOKEN),
        ("YR_TIMEOUT", "0"),
        ("YR_VERIFY_FILE", "/etc/yr/ca.pem"),
        ("YR_CERT_FILE", "/etc/yr/client.pem"),
        ("YR_PRIVATE_KEY_FILE", "/etc/yr/client.key"),
        ("YR_SERVER_NAME", "frontend.internal"),
        ("YR_INSECURE", "no"),
        ("HTTPS_PROXY", "http://proxy.internal:3128"),
        ("NO_PROXY", "10.0.0.9"),
        ("YR_TENANT", "acme"),
        ("YR_SERVICE", "shop"),
    ];
    let out = run(&mut yr_cmd(&home, &["config", "--connect-timeout", "3s"], &envs));
    let expected = "\
profile          (none)  (default)
endpoint         https://10.0.0.9:8888  (env YR_SERVER_ADDRESS; no scheme given: https, as cacert (YR_VERIFY_FILE) is set)
token            <redacted>  (env YR_JWT_TOKEN)
timeout          none  (env YR_TIMEOUT)
connect_timeout  3s  (flag --connect-timeout)
cacert           /etc/yr/ca.pem  (env YR_VERIFY_FILE)
cert             /etc/yr/client.pem  (env YR_CERT_FILE)
key              /etc/yr/client.key  (env YR_PRIVATE_KEY_FILE)
tls_server_name  frontend.internal  (env YR_SERVER_NAME)
insecure         false  (env YR_INSECURE)
proxy            (none)  (env NO_PROXY)
tenant           acme  (env YR_TENANT)
service          shop  (env YR_SERVICE)
";
    assert_run(&out, 0, expected, "");
}

#[test]
fn config_text_flags_and_proxy_flags() {
    let home = TempDir::new();
    let out = run(&mut yr_cmd(
        &home,
        &["config", "-e", "h:1", "--no-proxy", "-k", "--tenant", "t"],
        &[("HTTP_PROXY", "http://p:1")],
    ));
    let expected = "\
profile          (none)  (default)
endpoint         https://h:1  (flag --endpoint; no scheme given: https, as insecure (--insecure) is set)
token            (none)  (default)
timeout          15m  (default)
connect_timeout  10s  (default)
insecure         true  (flag --insecure)
proxy            (off)  (flag --no-proxy)
tenant           t  (flag --tenant)
service          default  (default)
";
    assert_run(&out, 0, expected, "");
    let config = config_json(&home, &["--proxy", "http://127.0.0.1:3128"], &[]);
    assert_eq!(
        setting(&config, "proxy"),
        ("http://127.0.0.1:3128".into(), "flag --proxy".into())
    );
}

#[test]
fn token_is_never_printed() {
    let home = TempDir::new();
    let server = ok_server();
    let token_file = home.file("secrets/token", format!("{TOKEN}\n"));
    write_config(
        &home,
        &format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"endpoint":"{}","token_file":"{}"}}}}}}"#,
            server.url,
            token_file.display()
        ),
    );
    let from_env = [("YR_JWT_TOKEN", TOKEN)];
    let runs: Vec<(&str, Run)> = vec![
        ("config (profile)", run(&mut yr_cmd(&home, &["config", "-vv"], &[]))),
        ("config (env)", run(&mut yr_cmd(&home, &["config", "-vv"], &from_env))),
        ("config --json", run(&mut yr_cmd(&home, &["config", "--json"], &[]))),
        (
            "invoke -vv",
            invoke("hello").home(&home).ignore_stdin().args(&["-vv"]).run(),
        ),
        (
            "invoke -vv (env)",
            invoke("hello")
                .home(&home)
                .ignore_stdin()
                .args(&["-vv"])
                .envs(&from_env)
                .run(),
        ),
        (
            "invoke --curl",
            invoke("hello").home(&home).ignore_stdin().args(&["--curl"]).run(),
        ),
    ];
    for (what, out) in &runs {
        assert_eq!(out.code, 0, "{what}: {out:?}");
        assert!(
            !out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN),
            "{what} printed the token: {out:?}"
        );
    }
    assert!(
        runs[0].1.stdout.contains("token            <redacted>  (profile p in "),
        "{:?}",
        runs[0].1
    );
    assert!(
        runs[1]
            .1
            .stdout
            .contains("token            <redacted>  (env YR_JWT_TOKEN)"),
        "{:?}",
        runs[1].1
    );
    let json: Value = serde_json::from_str(&runs[2].1.stdout).unwrap();
    assert_eq!(json["token"]["value"], "<redacted>");
    // The verbose trace shows the header, redacted; the server got the real token both times.
    assert!(runs[3].1.stderr.contains("X-Auth: <redacted>"), "{:?}", runs[3].1);
    let sent: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("X-Auth").map(str::to_string))
        .collect();
    assert_eq!(sent, [Some(TOKEN.to_string()), Some(TOKEN.to_string())]);
}
