//! Secrets reach no output (issue 18, items 10 and 11): the token (from YR_JWT_TOKEN, --token-file or a profile),
//! the password of a URL's user info and proxy credentials are redacted from every message yr writes, even when the
//! bad value of a flag is the secret itself or a server echoes it back.

use std::os::unix::fs::PermissionsExt;

use crate::support::*;

const TOKEN: &str = "tok-5c1f-SECRET.9a";

/// The flags taking a value that `yr ARGS --help` lists, long names only (`--cpu`, ...).
fn value_flags(command: &[&str]) -> Vec<String> {
    let out = run(yr().args(command).arg("--help"));
    assert_eq!(out.code, 0, "{out:?}");
    let mut flags = Vec::new();
    for line in out.stdout.lines() {
        let line = line.trim_start();
        let line = line
            .split_once(", ")
            .filter(|(s, _)| s.len() == 2)
            .map_or(line, |(_, l)| l);
        if let Some((flag, rest)) = line.split_once(' ') {
            if flag.starts_with("--") && rest.starts_with('<') {
                flags.push(flag.to_string());
            }
        }
    }
    assert!(flags.len() > 3, "no flags found in {command:?} --help: {}", out.stdout);
    flags
}

/// Flags a value sweep leaves out, with why: the value would be looked up in DNS as a host name.
const HOST_FLAGS: &[&str] = &["--endpoint", "--proxy"];

/// What else a flag needs for its value to be read at all.
fn companions(flag: &str) -> &'static [&'static str] {
    match flag {
        "--webhook" => &["--async"],
        "--poll-interval" => &["--async", "--wait"],
        "--session-ttl" | "--session-concurrency" => &["--session-id", "s1"],
        _ => &[],
    }
}

/// Asserts that the run printed the token nowhere.
#[track_caller]
fn assert_hidden(what: &str, out: &Run, secret: &str) {
    assert!(
        !out.stdout.contains(secret) && !out.stderr.contains(secret),
        "{what}: the secret is printed: {out:?}"
    );
    assert!(out.code != 1 && out.code != 101, "{what}: exit {}: {out:?}", out.code);
}

/// Every value-taking flag of `command` given the token as its value, the token in YR_JWT_TOKEN.
fn sweep(command: &[&str], positional: &[&str], extra: &[&str]) {
    let dir = TempDir::new();
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    for flag in value_flags(command) {
        if HOST_FLAGS.contains(&flag.as_str()) {
            continue;
        }
        let mut cmd = yr();
        cmd.current_dir(&dir.path)
            .env("YR_JWT_TOKEN", TOKEN)
            .args(command)
            .args(positional)
            .args(extra)
            .args(companions(&flag));
        if flag != "--endpoint" {
            cmd.args(["-e", &endpoint]);
        }
        cmd.args([flag.as_str(), TOKEN]);
        let out = run(&mut cmd);
        assert_hidden(&format!("{command:?} {flag}"), &out, TOKEN);
    }
}

#[test]
fn the_token_as_any_flags_value_is_never_printed() {
    sweep(&["invoke"], &["hello"], &["--ignore-stdin"]);
    sweep(&["bench"], &["hello"], &["-n", "1"]);
    sweep(&["result"], &["0a1b2c3d-0000-4000-8000-000000000000"], &["--wait"]);
    sweep(&["health"], &[], &[]);
    sweep(&["session", "delete"], &["hello", "s1"], &[]);
    sweep(&["config"], &[], &[]);
    sweep(&["urn"], &["hello"], &[]);
    let dir = TempDir::new();
    let suite = dir.file("s.toml", "[[case]]\nname = \"a\"\nfunction = \"hello\"\n");
    sweep(&["test"], &[suite.to_str().unwrap()], &[]);
}

#[test]
fn the_token_from_a_file_or_a_profile_is_never_printed_either() {
    let home = TempDir::new();
    let token_file = home.file("token", format!("{TOKEN}\n"));
    let config = home.file(
        ".config/yr/config.json",
        format!(
            r#"{{"default_profile":"p","profiles":{{"p":{{"token_file":"{}"}}}}}}"#,
            token_file.display()
        ),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    for flag in [
        "--cpu",
        "--memory",
        "--custom-resource",
        "--retry",
        "--expect-status",
        "-H",
        "--poll-interval",
    ] {
        for with_file in [true, false] {
            let mut cmd = yr_with_home(&home.path);
            cmd.current_dir(&home.path)
                .args(["invoke", "hello", "--ignore-stdin", "-e", &endpoint])
                .args(companions(flag));
            if with_file {
                cmd.args(["--token-file", token_file.to_str().unwrap()]);
            }
            cmd.args([flag, TOKEN]);
            let out = run(&mut cmd);
            assert_hidden(&format!("{flag}, token file {with_file}"), &out, TOKEN);
            assert_eq!(out.code, 2, "{flag}: {out:?}");
            assert!(out.stderr.contains(flag), "{flag}: the flag is not named: {out:?}");
        }
    }
}

#[test]
fn suite_values_that_are_the_token_are_never_printed() {
    let dir = TempDir::new();
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let keys = [
        "data",
        "content-type",
        "cpu",
        "memory",
        "pool-label",
        "instance-label",
        "session-id",
        "trace-id",
        "tenant",
        "service",
        "timeout",
        "retry-delay",
        "retry-max-time",
        "poll-interval",
        "expect.code",
        "expect.body-json",
        "expect.body-matches",
        "expect.latency",
    ];
    for key in keys {
        let extra = if key == "poll-interval" {
            "async = true\nwait = true\n"
        } else {
            ""
        };
        let suite = dir.file(
            "s.toml",
            format!("[[case]]\nname = \"a\"\nfunction = \"hello\"\n{extra}{key} = \"${{YR_JWT_TOKEN}}\"\n"),
        );
        for json in [false, true] {
            let mut cmd = yr();
            cmd.env("YR_JWT_TOKEN", TOKEN)
                .args(["test", suite.to_str().unwrap(), "-e", &endpoint]);
            if json {
                cmd.arg("--json");
            }
            let out = run(&mut cmd);
            assert_hidden(&format!("suite key {key}, --json {json}"), &out, TOKEN);
        }
    }
    let suite = dir.file(
        "h.toml",
        "[[case]]\nname = \"a\"\nfunction = \"hello\"\nheaders = { \"X-A\" = \"${YR_JWT_TOKEN}\\n\" }\n",
    );
    let out = run(yr()
        .env("YR_JWT_TOKEN", TOKEN)
        .args(["test", suite.to_str().unwrap(), "-e", &endpoint]));
    assert_hidden("suite header", &out, TOKEN);
}

#[test]
fn an_endpoint_password_is_never_printed() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"ok":1}"#)]);
    let with_password = format!("http://u:pw@127.0.0.1:{}", server.port());
    for args in [
        vec!["invoke", "hello", "--ignore-stdin", "-e", &with_password],
        vec![
            "invoke",
            "hello",
            "--ignore-stdin",
            "-e",
            &with_password,
            "--json",
            "-v",
        ],
        vec!["health", "-e", &with_password],
        vec!["config", "-e", &with_password],
        vec!["config", "-e", &with_password, "--json"],
        vec!["invoke", "hello", "--ignore-stdin", "--cpu", "-1", "-e", &with_password],
        vec!["invoke", "hello", "--ignore-stdin", "--nonsense", "-e", &with_password],
    ] {
        let out = run(yr().args(&args));
        assert_hidden(&format!("{args:?}"), &out, "pw");
    }
    let out = run(yr()
        .env("YR_ENDPOINT", &with_password)
        .args(["invoke", "hello", "--ignore-stdin"]));
    assert_hidden("YR_ENDPOINT", &out, "pw");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("u:<redacted>@127.0.0.1"), "{out:?}");
}

#[test]
fn yr_config_shows_no_proxy_credentials() {
    for (var, value) in [
        ("HTTPS_PROXY", "http://u:secret@127.0.0.1:1"),
        ("HTTP_PROXY", "http://u:secret@127.0.0.1:1"),
        ("ALL_PROXY", "http://u:secret@127.0.0.1:1"),
        ("http_proxy", "http://u:secret@127.0.0.1:1"),
    ] {
        for json in [false, true] {
            let mut cmd = yr();
            let endpoint = if var == "HTTPS_PROXY" {
                "https://10.0.0.5:8888"
            } else {
                "http://10.0.0.5:8888"
            };
            cmd.env(var, value).args(["config", "-e", endpoint]);
            if json {
                cmd.arg("--json");
            }
            let out = run(&mut cmd);
            assert_eq!(out.code, 0, "{out:?}");
            assert_hidden(var, &out, "secret");
            assert!(out.stdout.contains("http://u:<redacted>@127.0.0.1:1"), "{var}: {out:?}");
        }
    }
    let out = run(yr().args([
        "config",
        "-e",
        "http://10.0.0.5:8888",
        "--proxy",
        "http://u:secret@127.0.0.1:1",
    ]));
    assert_hidden("--proxy", &out, "secret");
    // A proxy that refuses: its credentials are not in the error either.
    let out = run(yr().args([
        "invoke",
        "hello",
        "--ignore-stdin",
        "-e",
        "http://10.0.0.5:8888",
        "--proxy",
        &format!("http://u:secret@127.0.0.1:{}", closed_port()),
    ]));
    assert_eq!(out.code, 3, "{out:?}");
    assert_hidden("refusing proxy", &out, "secret");
}

/// A frontend that repeats the token everywhere it can: trace id, headers, message, body, request id, logs.
fn echoing_server(status: u16, body: &str) -> ScriptedServer {
    let log = base64(&format!("log line {TOKEN}\n"));
    ScriptedServer::start(vec![
        Reply::json(status, body)
            .header("X-Trace-Id", TOKEN)
            .header("X-Echo", &format!("Bearer {TOKEN}"))
            .header("X-Log-Result", &log),
    ])
}

fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn json_metadata_never_carries_an_echoed_token() {
    let failure = format!(r#"{{"code":4003,"message":"token {TOKEN} is not valid","trace_id":"{TOKEN}"}}"#);
    let success = format!(
        r#"{{"you_sent":"{TOKEN}","escaped":"{}"}}"#,
        TOKEN.replace('.', "\\u002e")
    );
    for (status, body) in [(401, failure.as_str()), (200, success.as_str())] {
        let server = echoing_server(status, body);
        let out = run(yr().env("YR_JWT_TOKEN", TOKEN).args([
            "invoke",
            "hello",
            "--ignore-stdin",
            "--json",
            "--logs",
            "-v",
            "-e",
            &server.url,
        ]));
        assert_hidden(&format!("HTTP {status} --json"), &out, TOKEN);
        let envelope: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
        assert_eq!(envelope["trace_id"], "<redacted>", "{envelope}");
        assert_eq!(envelope["headers"]["x-echo"], "Bearer <redacted>", "{envelope}");
        // The token still went to the server.
        assert_eq!(server.only_request().header("X-Auth"), Some(TOKEN));
    }
}

#[test]
fn stream_json_frames_carry_no_token_but_the_plain_result_is_the_functions() {
    let frames = format!("data: {{\"t\":\"{TOKEN}\"}}\n\ndata: [DONE]\n\n");
    let server = ScriptedServer::start(vec![
        Reply::text(200, &frames).header("Content-Type", "text/event-stream"),
        Reply::text(200, &frames).header("Content-Type", "text/event-stream"),
        Reply::json(200, &format!(r#"{{"t":"{TOKEN}"}}"#)),
    ]);
    let base = ["invoke", "hello", "--ignore-stdin", "--stream", "-e", &server.url];
    let out = run(yr().env("YR_JWT_TOKEN", TOKEN).args(base).arg("--json"));
    assert_eq!(out.code, 0, "{out:?}");
    assert_hidden("--stream --json", &out, TOKEN);
    // Without --json the frames are the function's data, passed as sent.
    let out = run(yr().env("YR_JWT_TOKEN", TOKEN).args(base));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains(TOKEN), "{out:?}");
    let out = run(yr()
        .env("YR_JWT_TOKEN", TOKEN)
        .args(["invoke", "hello", "--ignore-stdin", "-e", &server.url]));
    assert_run(&out, 0, &format!("{{\"t\":\"{TOKEN}\"}}"), "");
}
