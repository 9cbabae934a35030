//! The discovery of a local cluster started by the upstream `yr start`: where its frontend listens.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

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
        let text = read_session_file(&session)?;
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
        let text = read_session_file(&master)?;
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

/// A session file, at most `SESSION_FILE_CAP`. Only a regular file is read (`yr start` writes those): the folder is
/// in /tmp, where anyone may leave a FIFO that would hold every command that discovers.
fn read_session_file(path: &Path) -> Result<String, String> {
    let read = match crate::input::is_regular(path) {
        Ok(true) => crate::input::read_capped(path, crate::input::SESSION_FILE_CAP, crate::input::Deadline::NONE),
        Ok(false) => return Err("not a regular file".into()),
        Err(e) => Err(e),
    };
    let bytes = read.map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".into())
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

    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("yr-discovery-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
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
