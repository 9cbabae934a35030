//! The config file with its profiles, and the discovery of a local cluster started by the upstream `yr start`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use serde::Deserialize;

use crate::exit::usage;

/// The keys a profile may hold.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProfileValues {
    pub endpoint: Option<String>,
    pub tenant: Option<String>,
    pub service: Option<String>,
    pub token_file: Option<PathBuf>,
    pub cacert: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub insecure: Option<bool>,
    pub timeout: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, ProfileValues>,
}

/// The chosen profile, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub file: PathBuf,
    pub values: ProfileValues,
}

/// `$YR_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/yr/config.json`, else `~/.config/yr/config.json`.
pub fn config_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(dir) = env("YR_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("config.json"));
    }
    if let Some(dir) = env("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(dir).join("yr").join("config.json"));
    }
    env("HOME").map(|home| PathBuf::from(home).join(".config").join("yr").join("config.json"))
}

/// The profile to use: `--profile`, else YR_PROFILE, else the file's `default_profile`; none when there is no file
/// and none was asked for. Warnings (a file others can read that names secrets) are returned to be shown.
pub fn load_profile(
    asked: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Option<Profile>, Vec<String>)> {
    let asked = asked
        .map(|a| (a.to_string(), "--profile"))
        .or_else(|| env("YR_PROFILE").map(|a| (a, "YR_PROFILE")));
    let Some(path) = config_path(env) else {
        return match asked {
            Some((name, from)) => Err(usage(format!(
                "{from} `{name}`: there is no config file (HOME is not set)"
            ))),
            None => Ok((None, Vec::new())),
        };
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match asked {
                Some((name, from)) => Err(usage(format!(
                    "{from} `{name}`: there is no config file at {}",
                    path.display()
                ))),
                None => Ok((None, Vec::new())),
            };
        }
        Err(e) => {
            return Err(usage(format!(
                "config file {}: cannot read it: {}",
                path.display(),
                crate::wording::io_reason(&e)
            )));
        }
    };
    let file: ConfigFile = serde_json::from_str(&text).map_err(|e| {
        usage(format!(
            "config file {}: line {} column {}: {}",
            path.display(),
            e.line(),
            e.column(),
            plain(&e)
        ))
    })?;
    let warnings = exposure_warnings(&path, &file);
    let chosen = asked.or_else(|| file.default_profile.clone().map(|d| (d, "default_profile")));
    let Some((name, from)) = chosen else {
        return Ok((None, warnings));
    };
    let Some(values) = file.profiles.get(&name) else {
        let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
        return Err(usage(format!(
            "{from} `{name}`: no such profile in {} (it has: {})",
            path.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    };
    let mut values = values.clone();
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let home = env("HOME");
    for file in [
        &mut values.token_file,
        &mut values.cacert,
        &mut values.cert,
        &mut values.key,
    ]
    .into_iter()
    .flatten()
    {
        *file = expand_path(file, &folder, home.as_deref());
    }
    Ok((
        Some(Profile {
            name,
            file: path,
            values,
        }),
        warnings,
    ))
}

/// `~/x` is in HOME; a relative path is relative to the config file's folder.
fn expand_path(path: &Path, folder: &Path, home: Option<&str>) -> PathBuf {
    if let (Ok(rest), Some(home)) = (path.strip_prefix("~"), home) {
        return PathBuf::from(home).join(rest);
    }
    if path.is_relative() {
        folder.join(path)
    } else {
        path.to_path_buf()
    }
}

/// serde's message without its own ` at line L column C` tail (the caller says where).
fn plain(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A file others may read should not point at credentials.
#[cfg(unix)]
fn exposure_warnings(path: &Path, file: &ConfigFile) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Vec::new();
    };
    let others_read = meta.permissions().mode() & 0o044 != 0;
    let secrets = file
        .profiles
        .values()
        .any(|p| p.token_file.is_some() || p.key.is_some());
    if others_read && secrets {
        vec![format!(
            "config file {} is readable by other users and names a token file or private key: chmod 600 {}",
            path.display(),
            path.display()
        )]
    } else {
        Vec::new()
    }
}

/// Other platforms have no Unix permission bits to check.
#[cfg(not(unix))]
fn exposure_warnings(_path: &Path, _file: &ConfigFile) -> Vec<String> {
    Vec::new()
}

/// The frontend of a local cluster started by the upstream `yr start`, as a bare `host:port` and the file it came
/// from. The frontend listens on the node's own address, not on loopback: the address is the one `yr start`
/// records (`cluster_info["for-join"]["function_master.ip"]` in session.json, as upstream's own reader
/// `get_frontend_address_from_session` in the SDK's `yr/cli/checkpoint.py` dials it; `master_ip:` in
/// yr_current_master_info), and 127.0.0.1 only when none is recorded. A missing, broken or stale file is
/// skipped; what was skipped is described in the notes.
pub fn discover(sessions_dir: &Path, notes: &mut Vec<String>) -> Option<(String, PathBuf)> {
    let session = sessions_dir.join("latest").join("session.json");
    let master = sessions_dir.join("yr_current_master_info");
    let from_session = || -> Result<(Option<String>, u16), String> {
        let text = std::fs::read_to_string(&session).map_err(|e| crate::wording::io_reason(&e))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
        let join = &value["cluster_info"]["for-join"];
        let port = &join["frontend.port"];
        let port = port
            .as_u64()
            .or_else(|| port.as_str().and_then(|p| p.trim().parse().ok()))
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p != 0)
            .ok_or_else(|| "no cluster_info[\"for-join\"][\"frontend.port\"]".to_string())?;
        let ip = join["function_master.ip"].as_str().map(str::to_string);
        Ok((ip, port))
    };
    let from_master = || -> Result<(Option<String>, u16), String> {
        let text = std::fs::read_to_string(&master).map_err(|e| crate::wording::io_reason(&e))?;
        let field = |name: &str| {
            text.split([',', '\n'])
                .find_map(|field| field.trim().strip_prefix(name).map(|v| v.trim().to_string()))
        };
        let port = field("frontend_port:")
            .and_then(|p| p.parse::<u16>().ok())
            .filter(|p| *p != 0)
            .ok_or_else(|| "no frontend_port:N".to_string())?;
        Ok((field("master_ip:"), port))
    };
    for (path, found) in [(&session, from_session()), (&master, from_master())] {
        let found = found.and_then(|(ip, port)| {
            let host = match ip.as_deref().map(str::trim).filter(|ip| !ip.is_empty()) {
                None => "127.0.0.1".to_string(),
                Some(ip) => host_of(ip).ok_or_else(|| format!("the recorded address `{ip}` is not an IP address"))?,
            };
            Ok((host, port))
        });
        match found {
            Ok((host, port)) if is_listening(&host, port) => return Some((format!("{host}:{port}"), path.clone())),
            Ok((host, port)) => notes.push(format!(
                "discovery: {} names {host}:{port}, but nothing listens there (stale)",
                path.display()
            )),
            Err(why) if path.exists() => notes.push(format!("discovery: skipped {}: {why}", path.display())),
            Err(_) => {}
        }
    }
    None
}

/// The recorded IP address as it goes before `:port` (an IPv6 one in brackets). `yr start` records an IP; a name
/// would need a DNS lookup without a time limit on every command that discovers.
fn host_of(text: &str) -> Option<String> {
    match crate::values::unbracketed(text).parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V6(ip) => Some(format!("[{ip}]")),
        ip => Some(ip.to_string()),
    }
}

/// Whether something accepts connections at host:port within 200 ms.
fn is_listening(host: &str, port: u16) -> bool {
    let Some(ip) = crate::values::unbracketed(host).parse::<std::net::IpAddr>().ok() else {
        return false;
    };
    std::net::TcpStream::connect_timeout(&std::net::SocketAddr::new(ip, port), Duration::from_millis(200)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("yr-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn env_of(pairs: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<&str, String> = pairs.into_iter().collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn file_location() {
        let env = env_of(vec![
            ("YR_CONFIG_DIR", "/c".into()),
            ("XDG_CONFIG_HOME", "/x".into()),
            ("HOME", "/h".into()),
        ]);
        assert_eq!(config_path(&env), Some(PathBuf::from("/c/config.json")));
        let env = env_of(vec![("XDG_CONFIG_HOME", "/x".into()), ("HOME", "/h".into())]);
        assert_eq!(config_path(&env), Some(PathBuf::from("/x/yr/config.json")));
        let env = env_of(vec![("HOME", "/h".into())]);
        assert_eq!(config_path(&env), Some(PathBuf::from("/h/.config/yr/config.json")));
    }

    #[test]
    fn profiles() {
        let dir = temp("profiles");
        let file = dir.0.join("config.json");
        std::fs::write(
            &file,
            r#"{"default_profile":"a","profiles":{"a":{"endpoint":"h:1"},"b":{"tenant":"t"}}}"#,
        )
        .unwrap();
        let env = env_of(vec![("YR_CONFIG_DIR", dir.0.display().to_string())]);
        let (profile, _) = load_profile(None, &env).unwrap();
        assert_eq!(profile.unwrap().values.endpoint.as_deref(), Some("h:1"));
        let (profile, _) = load_profile(Some("b"), &env).unwrap();
        assert_eq!(profile.unwrap().values.tenant.as_deref(), Some("t"));
        let err = load_profile(Some("zz"), &env).unwrap_err().to_string();
        assert!(err.contains("no such profile") && err.contains("a, b"), "{err}");
        std::fs::write(&file, "{\n  \"profiles\": {\"a\": {\"endpont\": 1}}\n}").unwrap();
        let err = load_profile(None, &env).unwrap_err().to_string();
        assert!(err.contains("line 2 column") && err.contains("endpont"), "{err}");
    }

    #[test]
    fn profile_paths() {
        let folder = Path::new("/etc/yr");
        assert_eq!(
            expand_path(Path::new("~/t"), folder, Some("/home/u")),
            PathBuf::from("/home/u/t")
        );
        assert_eq!(
            expand_path(Path::new("ca.pem"), folder, None),
            PathBuf::from("/etc/yr/ca.pem")
        );
        assert_eq!(expand_path(Path::new("/abs"), folder, None), PathBuf::from("/abs"));
    }

    #[test]
    fn discovery_files() {
        let dir = temp("discovery");
        let mut notes = Vec::new();
        assert_eq!(discover(&dir.0, &mut notes), None);
        assert!(notes.is_empty());
        let listener = std::net::TcpListener::bind("127.0.0.2:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::fs::write(
            dir.0.join("yr_current_master_info"),
            format!("local_ip:127.0.0.9,master_ip:127.0.0.2,frontend_port:{port},x:1,"),
        )
        .unwrap();
        assert_eq!(discover(&dir.0, &mut notes).unwrap().0, format!("127.0.0.2:{port}"));
        std::fs::create_dir_all(dir.0.join("latest")).unwrap();
        std::fs::write(dir.0.join("latest/session.json"), "{broken").unwrap();
        let found = discover(&dir.0, &mut notes).unwrap();
        assert!(found.1.ends_with("yr_current_master_info"));
        assert!(notes.iter().any(|n| n.contains("not JSON")), "{notes:?}");
        std::fs::write(
            dir.0.join("latest/session.json"),
            format!(
                r#"{{"cluster_info":{{"for-join":{{"function_master.ip":"127.0.0.2","frontend.port":"{port}"}}}}}}"#
            ),
        )
        .unwrap();
        let found = discover(&dir.0, &mut notes).unwrap();
        assert_eq!(found.0, format!("127.0.0.2:{port}"));
        assert!(found.1.ends_with("session.json"));
        // A port that stays closed while the test runs: the local end of a connection is bound, so no other bind
        // is handed it, and nothing listens on it. Dropping the listener instead frees its port, and a parallel
        // test or another process on the machine can be given it before discover dials it (CI saw that).
        let connection = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let closed = connection.local_addr().unwrap();
        std::fs::write(
            dir.0.join("latest/session.json"),
            format!(
                r#"{{"cluster_info":{{"for-join":{{"function_master.ip":"{}","frontend.port":{}}}}}}}"#,
                closed.ip(),
                closed.port()
            ),
        )
        .unwrap();
        std::fs::write(dir.0.join("yr_current_master_info"), "local_ip:127.0.0.9,x:1,").unwrap();
        notes.clear();
        assert_eq!(discover(&dir.0, &mut notes), None);
        assert!(
            notes
                .iter()
                .any(|n| n.contains(&closed.to_string()) && n.contains("stale")),
            "{notes:?}"
        );
        assert!(notes.iter().any(|n| n.contains("no frontend_port")), "{notes:?}");
    }

    #[test]
    fn discovered_hosts() {
        assert_eq!(host_of("10.0.0.5").as_deref(), Some("10.0.0.5"));
        assert_eq!(host_of("::1").as_deref(), Some("[::1]"));
        assert_eq!(host_of("[fe80::1]").as_deref(), Some("[fe80::1]"));
        assert_eq!(host_of("node-1.cluster"), None);
        assert_eq!(host_of("a b"), None);
        assert_eq!(host_of("http://x"), None);
    }
}
