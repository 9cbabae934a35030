//! Where a run's secrets come from, told to the one redaction (secrets.rs) at the edge, before anything can print
//! them: the token (YR_JWT_TOKEN, --token-file, a profile's token_file), URL user info (endpoint, proxy, webhook)
//! and proxy credentials. The command line is read before clap parses it, since clap's own errors repeat values.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use crate::client::profiles::{Needs, Profile};

/// The variables whose values may be URLs with user info.
const URL_VARIABLES: &[&str] = &[
    "YR_ENDPOINT",
    "YR_SERVER_ADDRESS",
    "https_proxy",
    "HTTPS_PROXY",
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
];

/// Flags whose value may be a URL with user info, in every command that has them.
const URL_FLAGS: &[&str] = &["-e", "--endpoint", "--proxy", "--webhook"];

/// Flags whose value names a file holding a token (yr serve's --token-file is the emulator's token).
const TOKEN_FILE_FLAGS: &[&str] = &["--token-file"];

/// A token file is read here only up to this size: a token is a few KiB at most.
const TOKEN_FILE_LIMIT: u64 = 1 << 20;

/// Registers the secrets of the environment and of the command line `args` (the program name first), whatever
/// command they are for. Nothing here fails: a file that cannot be read now is reported where it is used.
pub fn learn_from_launch(args: &[OsString], env: &dyn Fn(&str) -> Option<String>) {
    if let Some(token) = env("YR_JWT_TOKEN") {
        crate::secrets::register(&token);
    }
    for var in URL_VARIABLES {
        if let Some(url) = env(var) {
            crate::secrets::register_url(&url);
        }
    }
    let args: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    // After `--` come yr serve's COMMAND and its own arguments.
    let end = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    for (i, arg) in args[..end].iter().enumerate() {
        let next = args.get(i + 1).copied();
        if let Some(url) = value_of(arg, next, URL_FLAGS) {
            crate::secrets::register_url(url);
        }
        if let Some(path) = value_of(arg, next, TOKEN_FILE_FLAGS) {
            learn_token_file(Path::new(path));
        }
    }
}

/// The secrets of the profile `args` (`--profile`), YR_PROFILE or the config file chooses, for when clap refuses
/// the command line before any command has read the profile. A config file that cannot be read teaches nothing.
pub fn learn_from_chosen_profile(args: &[OsString], env: &dyn Fn(&str) -> Option<String>) {
    let args: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    let end = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    let asked = (0..end)
        .rev()
        .find_map(|i| value_of(args[i], args.get(i + 1).copied(), &["--profile"]));
    // A config file that is not a regular file (a FIFO) is not waited for here: the deadline has already passed.
    let now = crate::input::Deadline::after(std::time::Instant::now(), Some(std::time::Duration::ZERO));
    if let Ok((Some(profile), _)) = crate::client::profiles::load_profile(asked, Needs::EVERYTHING, env, now) {
        learn_from_profile(&profile);
    }
}

/// The secrets of the chosen profile: its token file's token and its endpoint's user info.
pub fn learn_from_profile(profile: &Profile) {
    if let Some(endpoint) = &profile.values.endpoint {
        crate::secrets::register_url(endpoint);
    }
    if let Some(path) = &profile.values.token_file {
        learn_token_file(path);
    }
}

/// The value `arg` gives one of `flags`: `--flag VALUE`, `--flag=VALUE`, or for a short flag `-eVALUE`.
fn value_of<'a>(arg: &'a str, next: Option<&'a str>, flags: &[&str]) -> Option<&'a str> {
    flags.iter().find_map(|flag| {
        if arg == *flag {
            return next;
        }
        let rest = arg.strip_prefix(flag)?;
        if flag.starts_with("--") {
            rest.strip_prefix('=')
        } else {
            Some(rest.strip_prefix('=').unwrap_or(rest)).filter(|v| !v.is_empty())
        }
    })
}

/// The token in a regular file (a FIFO or a device is left for the one real read: reading it here would take its
/// bytes or block).
fn learn_token_file(path: &Path) {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return;
    }
    let mut text = String::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(TOKEN_FILE_LIMIT).read_to_string(&mut text));
    if read.is_ok() {
        crate::secrets::register(text.trim_end_matches(['\n', '\r']).trim());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_values() {
        assert_eq!(value_of("--proxy", Some("u"), URL_FLAGS), Some("u"));
        assert_eq!(value_of("--proxy=u", None, URL_FLAGS), Some("u"));
        assert_eq!(value_of("-ehttp://a", None, URL_FLAGS), Some("http://a"));
        assert_eq!(value_of("-e=http://a", None, URL_FLAGS), Some("http://a"));
        assert_eq!(value_of("--endpointx", None, URL_FLAGS), None);
        assert_eq!(value_of("-e", None, URL_FLAGS), None);
        assert_eq!(value_of("--json", Some("x"), URL_FLAGS), None);
    }
}
