//! The config file with its profiles, read once and checked part by part, so a broken part stops only the
//! commands that need it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The keys a profile may hold, each checked when the file is read: a value that gets here is well formed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileValues {
    pub endpoint: Option<String>,
    pub tenant: Option<String>,
    pub service: Option<String>,
    pub token_file: Option<PathBuf>,
    pub cacert: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub insecure: Option<bool>,
    /// A duration text that `values::parse_duration` takes.
    pub timeout: Option<String>,
}

/// A key of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKey {
    Endpoint,
    Tenant,
    Service,
    TokenFile,
    Cacert,
    Cert,
    Key,
    Insecure,
    Timeout,
}

impl ProfileKey {
    pub const ALL: [ProfileKey; 9] = [
        ProfileKey::Endpoint,
        ProfileKey::Tenant,
        ProfileKey::Service,
        ProfileKey::TokenFile,
        ProfileKey::Cacert,
        ProfileKey::Cert,
        ProfileKey::Key,
        ProfileKey::Insecure,
        ProfileKey::Timeout,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ProfileKey::Endpoint => "endpoint",
            ProfileKey::Tenant => "tenant",
            ProfileKey::Service => "service",
            ProfileKey::TokenFile => "token_file",
            ProfileKey::Cacert => "cacert",
            ProfileKey::Cert => "cert",
            ProfileKey::Key => "key",
            ProfileKey::Insecure => "insecure",
            ProfileKey::Timeout => "timeout",
        }
    }

    fn named(name: &str) -> Option<ProfileKey> {
        ProfileKey::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What of the config file a command reads: the keys of the chosen profile it uses. A command that uses none does
/// not choose a profile; every problem of the file is then only a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs(&'static [ProfileKey]);

impl Needs {
    /// `yr errors`, `yr completions`, `yr man`, `yr serve`.
    pub const NOTHING: Needs = Needs(&[]);
    /// `yr urn`: the defaults of short FUNCTION names.
    pub const NAMES: Needs = Needs(&[ProfileKey::Tenant, ProfileKey::Service]);
    /// `yr result`, `yr health`: where requests go and how.
    pub const CONNECTION: Needs = Needs(&[
        ProfileKey::Endpoint,
        ProfileKey::TokenFile,
        ProfileKey::Cacert,
        ProfileKey::Cert,
        ProfileKey::Key,
        ProfileKey::Insecure,
        ProfileKey::Timeout,
    ]);
    /// `yr invoke`, `yr bench`, `yr session delete`, `yr test`, `yr config`: both.
    pub const EVERYTHING: Needs = Needs(&ProfileKey::ALL);

    fn any(self) -> bool {
        !self.0.is_empty()
    }

    fn has(self, key: ProfileKey) -> bool {
        self.0.contains(&key)
    }
}

/// Where in the config file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole: unreadable, not JSON, not an object.
    File,
    /// A top-level key: `default_profile`, `profiles` or an unknown one.
    TopKey(String),
    /// A profile as a whole (not an object).
    Profile(String),
    /// One key of a profile, known or not.
    ProfileKey { profile: String, key: KeyName },
    /// Which profile to use (`--profile`, YR_PROFILE or `default_profile` names one the file lacks).
    Choice,
}

/// A key of a profile as written: one yr knows, or another (a typo, most likely).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyName {
    Known(ProfileKey),
    Unknown(String),
}

impl fmt::Display for KeyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyName::Known(key) => f.write_str(key.name()),
            KeyName::Unknown(name) => f.write_str(name),
        }
    }
}

/// Something wrong in the config file, with where: a command that needs that place stops on it, any other warns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub file: PathBuf,
    pub place: Place,
    pub why: String,
    /// The file was not read to its end within the command's timeout: the command ends as timed out (exit 7).
    pub timed_out: bool,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            // The choice's words name the flag or variable and the file themselves.
            Place::Choice => return f.write_str(&self.why),
            Place::File => write!(f, "config file {}: ", self.file.display())?,
            Place::TopKey(key) => write!(f, "config file {}: key `{key}`: ", self.file.display())?,
            Place::Profile(name) => write!(f, "config file {}: profile `{name}`: ", self.file.display())?,
            Place::ProfileKey { profile, key } => write!(
                f,
                "config file {}: profile `{profile}`, key `{key}`: ",
                self.file.display()
            )?,
        }
        f.write_str(&self.why)
    }
}

impl std::error::Error for ConfigProblem {}

impl ConfigProblem {
    /// As a warning: what was skipped, and why the command goes on.
    pub fn as_warning(&self) -> String {
        format!("{self}; ignored, as this command does not need it")
    }
}

/// One profile as read: the keys that were well formed, and the problems of the others.
#[derive(Debug, Clone)]
struct ReadProfile {
    values: ProfileValues,
    problems: Vec<ConfigProblem>,
}

/// A profile by its name, read, or its problem when it is not an object.
type NamedProfile = (String, Result<ReadProfile, ConfigProblem>);

/// The config file, read once and checked part by part: each part is either good or its problem.
#[derive(Debug)]
struct ConfigFile {
    default_profile: Result<Option<String>, ConfigProblem>,
    profiles: Result<Vec<NamedProfile>, ConfigProblem>,
    /// Unknown top-level keys.
    unknown: Vec<ConfigProblem>,
}

impl ConfigFile {
    /// Every problem in the file, in the order it is read.
    fn problems(&self) -> Vec<&ConfigProblem> {
        let mut all: Vec<&ConfigProblem> = self.unknown.iter().collect();
        all.extend(self.default_profile.as_ref().err());
        match &self.profiles {
            Err(problem) => all.push(problem),
            Ok(profiles) => {
                for (_, profile) in profiles {
                    match profile {
                        Err(problem) => all.push(problem),
                        Ok(read) => all.extend(&read.problems),
                    }
                }
            }
        }
        all
    }

    fn profile_values(&self) -> impl Iterator<Item = &ProfileValues> {
        self.profiles
            .iter()
            .flatten()
            .filter_map(|(_, p)| p.as_ref().ok().map(|p| &p.values))
    }
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

/// The profile to use, for a command that reads `needs` of it: `--profile`, else YR_PROFILE, else the file's
/// `default_profile`; none when there is no file and none was asked for, or when the command needs nothing. A problem
/// in a part the command reads is the error; every other problem, and a file others can read that names secrets,
/// is a warning, returned to be shown.
pub fn load_profile(
    asked: Option<&str>,
    needs: Needs,
    env: &dyn Fn(&str) -> Option<String>,
    deadline: crate::input::Deadline,
) -> Result<(Option<Profile>, Vec<String>), ConfigProblem> {
    let asked = asked
        .map(|a| (a.to_string(), "--profile"))
        .or_else(|| env("YR_PROFILE").map(|a| (a, "YR_PROFILE")))
        .filter(|_| needs.any());
    let Some(path) = config_path(env) else {
        return match asked {
            Some((name, from)) => Err(choice_problem(
                PathBuf::new(),
                format!("{from} `{name}`: there is no config file (HOME is not set)"),
            )),
            None => Ok((None, Vec::new())),
        };
    };
    // A command that needs nothing of the file does not wait on a FIFO or a device to warn about it.
    if !needs.any() && matches!(crate::input::is_regular(&path), Ok(false)) {
        let problem = ConfigProblem {
            file: path.clone(),
            place: Place::File,
            why: "not a regular file: not read".into(),
            timed_out: false,
        };
        return Ok((None, vec![problem.as_warning()]));
    }
    let file = match read(&path, deadline) {
        Ok(Some(file)) => file,
        Ok(None) => {
            return match asked {
                Some((name, from)) => Err(choice_problem(
                    path.clone(),
                    format!("{from} `{name}`: there is no config file at {}", path.display()),
                )),
                None => Ok((None, Vec::new())),
            };
        }
        Err(problem) if needs.any() => return Err(problem),
        Err(problem) => return Ok((None, vec![problem.as_warning()])),
    };
    let mut warnings = exposure_warnings(&path, &file);
    let mut skipped = |problem: &ConfigProblem| warnings.push(problem.as_warning());
    if !needs.any() {
        file.problems().into_iter().for_each(&mut skipped);
        return Ok((None, warnings));
    }
    let chosen = match (asked, &file.default_profile) {
        (Some(asked), _) => Some(asked),
        (None, Ok(default)) => default.clone().map(|d| (d, "default_profile")),
        (None, Err(problem)) => return Err(problem.clone()),
    };
    let Some((name, from)) = chosen else {
        file.problems().into_iter().for_each(&mut skipped);
        return Ok((None, warnings));
    };
    let read = pick_profile(&file, &path, &name, from, needs)?;
    file.problems().into_iter().for_each(&mut skipped);
    let mut values = read.values.clone();
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    expand_paths(&mut values, &folder, env("HOME").as_deref());
    Ok((
        Some(Profile {
            name,
            file: path,
            values,
        }),
        warnings,
    ))
}

/// A problem with which profile was asked for, rather than with what the file says.
fn choice_problem(file: PathBuf, why: String) -> ConfigProblem {
    ConfigProblem {
        file,
        place: Place::Choice,
        why,
        timed_out: false,
    }
}

/// The profile `name` in the file, when it is there and nothing the command `needs` of it is broken.
fn pick_profile<'f>(
    file: &'f ConfigFile,
    path: &Path,
    name: &str,
    from: &str,
    needs: Needs,
) -> Result<&'f ReadProfile, ConfigProblem> {
    let profiles = file.profiles.as_ref().map_err(Clone::clone)?;
    let Some((_, read)) = profiles.iter().find(|(n, _)| n == name) else {
        let known: Vec<&str> = profiles.iter().map(|(n, _)| n.as_str()).collect();
        return Err(choice_problem(
            path.to_path_buf(),
            format!(
                "{from} `{name}`: no such profile in {} (it has: {})",
                path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ),
        ));
    };
    let read = read.as_ref().map_err(Clone::clone)?;
    // An unknown key may be any key misspelt, so it stops every command that reads the profile.
    let needed = |problem: &&ConfigProblem| match &problem.place {
        Place::ProfileKey {
            key: KeyName::Known(key),
            ..
        } => needs.has(*key),
        _ => true,
    };
    if let Some(problem) = read.problems.iter().find(needed) {
        return Err(problem.clone());
    }
    Ok(read)
}

/// The profile's file paths made absolute: `~` from HOME, a relative one from the config file's folder.
fn expand_paths(values: &mut ProfileValues, folder: &Path, home: Option<&str>) {
    for file in [
        &mut values.token_file,
        &mut values.cacert,
        &mut values.cert,
        &mut values.key,
    ]
    .into_iter()
    .flatten()
    {
        *file = expand_path(file, folder, home);
    }
}

/// The file at `path`, checked part by part; none when there is no file. An unreadable file, or one that is not a
/// JSON object, is broken as a whole.
fn read(path: &Path, deadline: crate::input::Deadline) -> Result<Option<ConfigFile>, ConfigProblem> {
    let broken = |why: String| ConfigProblem {
        file: path.to_path_buf(),
        place: Place::File,
        why,
        timed_out: false,
    };
    let bytes = match crate::input::read_capped(path, crate::input::CONFIG_FILE_CAP, deadline) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => {
            return Err(ConfigProblem {
                timed_out: matches!(e, crate::input::InputError::TimedOut(_)),
                ..broken(e.to_string())
            });
        }
    };
    let text =
        String::from_utf8(bytes).map_err(|_| broken("cannot read it: stream did not contain valid UTF-8".into()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| broken(format!("line {} column {}: {}", e.line(), e.column(), plain(&e))))?;
    let Value::Object(top) = value else {
        return Err(broken(format!(
            "must be a JSON object, not {}",
            crate::wording::json_type(&value)
        )));
    };
    Ok(Some(parse_file(path, top)))
}

/// The parts of the file's top-level object.
fn parse_file(path: &Path, top: Map<String, Value>) -> ConfigFile {
    let problem = |place: Place, why: String| ConfigProblem {
        file: path.to_path_buf(),
        place,
        why,
        timed_out: false,
    };
    let mut file = ConfigFile {
        default_profile: Ok(None),
        profiles: Ok(Vec::new()),
        unknown: Vec::new(),
    };
    for (key, value) in top {
        match key.as_str() {
            "default_profile" => {
                file.default_profile = match value {
                    Value::String(name) => Ok(Some(name)),
                    other => Err(problem(
                        Place::TopKey(key.clone()),
                        format!(
                            "must be a string (the name of a profile), not {}",
                            crate::wording::json_type(&other)
                        ),
                    )),
                }
            }
            "profiles" => {
                file.profiles = match value {
                    Value::Object(profiles) => Ok(profiles
                        .into_iter()
                        .map(|(name, value)| {
                            let read = parse_profile(path, &name, value);
                            (name, read)
                        })
                        .collect()),
                    other => Err(problem(
                        Place::TopKey(key.clone()),
                        format!(
                            "must be an object of profiles, not {}",
                            crate::wording::json_type(&other)
                        ),
                    )),
                }
            }
            _ => file.unknown.push(problem(
                Place::TopKey(key.clone()),
                "unknown key; a config file holds default_profile and profiles".into(),
            )),
        }
    }
    file
}

/// One profile: each key checked on its own, so one bad key spoils only itself.
fn parse_profile(path: &Path, name: &str, value: Value) -> Result<ReadProfile, ConfigProblem> {
    let Value::Object(keys) = value else {
        return Err(ConfigProblem {
            file: path.to_path_buf(),
            place: Place::Profile(name.to_string()),
            why: format!(
                "must be an object of settings, not {}",
                crate::wording::json_type(&value)
            ),
            timed_out: false,
        });
    };
    let mut read = ReadProfile {
        values: ProfileValues::default(),
        problems: Vec::new(),
    };
    for (key, value) in keys {
        let problem = |key: KeyName, why: String| ConfigProblem {
            file: path.to_path_buf(),
            place: Place::ProfileKey {
                profile: name.to_string(),
                key,
            },
            why,
            timed_out: false,
        };
        let Some(known) = ProfileKey::named(&key) else {
            let names: Vec<&str> = ProfileKey::ALL.iter().map(|k| k.name()).collect();
            read.problems.push(problem(
                KeyName::Unknown(key),
                format!("unknown key; a profile holds {}", names.join(", ")),
            ));
            continue;
        };
        if let Err(why) = set_value(&mut read.values, known, value) {
            read.problems.push(problem(KeyName::Known(known), why));
        }
    }
    Ok(read)
}

/// Checks one value and stores it: the checks the value gets wherever it comes from (a flag, a variable).
fn set_value(values: &mut ProfileValues, key: ProfileKey, value: Value) -> Result<(), String> {
    if key == ProfileKey::Insecure {
        return match value {
            Value::Bool(b) => {
                values.insecure = Some(b);
                Ok(())
            }
            other => Err(format!(
                "must be true or false, not {}",
                crate::wording::json_type(&other)
            )),
        };
    }
    let Value::String(text) = value else {
        let example = match key {
            ProfileKey::Timeout => "a string such as \"30s\"",
            ProfileKey::Endpoint => "a string such as \"https://frontend:8888\"",
            ProfileKey::Tenant | ProfileKey::Service => "a string",
            _ => "a string (a file's path)",
        };
        return Err(format!("must be {example}, not {}", crate::wording::json_type(&value)));
    };
    match key {
        ProfileKey::Endpoint => {
            crate::client::endpoint::Url::parse(&text, false)?;
            values.endpoint = Some(text);
        }
        ProfileKey::Tenant => {
            crate::urn::check_part("tenant", &text)?;
            values.tenant = Some(text);
        }
        ProfileKey::Service => {
            crate::urn::check_part("service", &text)?;
            values.service = Some(text);
        }
        ProfileKey::Timeout => {
            crate::values::parse_duration(&text)?;
            values.timeout = Some(text);
        }
        ProfileKey::TokenFile | ProfileKey::Cacert | ProfileKey::Cert | ProfileKey::Key => {
            if text.is_empty() {
                return Err("the path is empty".into());
            }
            let slot = match key {
                ProfileKey::TokenFile => &mut values.token_file,
                ProfileKey::Cacert => &mut values.cacert,
                ProfileKey::Cert => &mut values.cert,
                _ => &mut values.key,
            };
            *slot = Some(PathBuf::from(text));
        }
        ProfileKey::Insecure => {}
    }
    Ok(())
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
    let secrets = file.profile_values().any(|p| p.token_file.is_some() || p.key.is_some());
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
        let (profile, _) = load_profile(None, Needs::EVERYTHING, &env, crate::input::Deadline::NONE).unwrap();
        assert_eq!(profile.unwrap().values.endpoint.as_deref(), Some("h:1"));
        let (profile, _) = load_profile(Some("b"), Needs::NAMES, &env, crate::input::Deadline::NONE).unwrap();
        assert_eq!(profile.unwrap().values.tenant.as_deref(), Some("t"));
        let err = load_profile(Some("zz"), Needs::NAMES, &env, crate::input::Deadline::NONE).unwrap_err();
        assert_eq!(err.place, Place::Choice);
        assert!(err.why.contains("no such profile") && err.why.contains("a, b"), "{err}");
        // A command that needs nothing chooses no profile, so no unknown one stops it.
        assert_eq!(
            load_profile(Some("zz"), Needs::NOTHING, &env, crate::input::Deadline::NONE).unwrap(),
            (None, Vec::new())
        );
        std::fs::write(&file, "{\n  \"profiles\": {\"a\": {\"endpont\": 1}},\n}").unwrap();
        let err = load_profile(None, Needs::NAMES, &env, crate::input::Deadline::NONE).unwrap_err();
        assert_eq!(err.place, Place::File);
        assert!(err.why.starts_with("line 3 column 1: trailing comma"), "{err}");
        let (_, warnings) = load_profile(None, Needs::NOTHING, &env, crate::input::Deadline::NONE).unwrap();
        assert_eq!(warnings, [err.as_warning()]);
    }

    /// The place of the one problem `load_profile` stops on, or the warnings it goes on with.
    fn outcome(json: &str, asked: Option<&str>, needs: Needs) -> Result<Vec<String>, Place> {
        let dir = temp(&format!(
            "outcome-{}",
            TEMP.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        std::fs::write(dir.0.join("config.json"), json).unwrap();
        let env = env_of(vec![("YR_CONFIG_DIR", dir.0.display().to_string())]);
        let prefix = format!("config file {}: ", dir.0.join("config.json").display());
        match load_profile(asked, needs, &env, crate::input::Deadline::NONE) {
            Ok((_, warnings)) => Ok(warnings.iter().map(|w| w.replacen(&prefix, "", 1)).collect()),
            Err(problem) => Err(problem.place),
        }
    }

    static TEMP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    fn key_of(profile: &str, key: ProfileKey) -> Place {
        Place::ProfileKey {
            profile: profile.into(),
            key: KeyName::Known(key),
        }
    }

    #[test]
    fn a_problem_stops_only_the_commands_that_need_its_place() {
        const SKIP: &str = "; ignored, as this command does not need it";
        // A bad timeout in the chosen profile: a connection needs it, names do not.
        let json = r#"{"default_profile":"p","profiles":{"p":{"timeout":"soon","tenant":"t"}}}"#;
        assert_eq!(
            outcome(json, None, Needs::CONNECTION),
            Err(key_of("p", ProfileKey::Timeout))
        );
        assert_eq!(
            outcome(json, None, Needs::NAMES),
            Ok(vec![format!(
                "profile `p`, key `timeout`: `soon` is not a duration: use a number with ms, s, m or h, e.g. 500ms or 30s{SKIP}"
            )])
        );
        // A bad tenant: the other way round.
        let json = r#"{"default_profile":"p","profiles":{"p":{"tenant":""}}}"#;
        assert_eq!(outcome(json, None, Needs::NAMES), Err(key_of("p", ProfileKey::Tenant)));
        assert!(outcome(json, None, Needs::CONNECTION).is_ok());
        // An unknown key stops every command that reads the profile, and nothing else.
        let json = r#"{"default_profile":"p","profiles":{"p":{"endpont":"x"},"q":{}}}"#;
        let unknown = Place::ProfileKey {
            profile: "p".into(),
            key: KeyName::Unknown("endpont".into()),
        };
        assert_eq!(outcome(json, None, Needs::NAMES), Err(unknown.clone()));
        assert_eq!(outcome(json, None, Needs::CONNECTION), Err(unknown));
        assert_eq!(outcome(json, Some("q"), Needs::EVERYTHING).map(|w| w.len()), Ok(1));
        assert_eq!(outcome(json, None, Needs::NOTHING).map(|w| w.len()), Ok(1));
        // Wrong JSON types, each at its place.
        let json = r#"{"default_profile":["p"],"profiles":{"p":{"insecure":"yes","cert":3}}}"#;
        assert_eq!(
            outcome(json, None, Needs::NAMES),
            Err(Place::TopKey("default_profile".into()))
        );
        assert_eq!(
            outcome(json, Some("p"), Needs::CONNECTION),
            Err(key_of("p", ProfileKey::Cert))
        );
        assert_eq!(
            outcome(json, Some("p"), Needs::NAMES),
            Ok(vec![
                format!("key `default_profile`: must be a string (the name of a profile), not an array{SKIP}"),
                format!("profile `p`, key `cert`: must be a string (a file's path), not a number{SKIP}"),
                format!("profile `p`, key `insecure`: must be true or false, not a string{SKIP}"),
            ])
        );
        let json = r#"{"profiles":[],"extra":1}"#;
        assert_eq!(
            outcome(json, Some("p"), Needs::NAMES),
            Err(Place::TopKey("profiles".into()))
        );
        assert_eq!(
            outcome(json, None, Needs::NAMES),
            Ok(vec![
                format!("key `extra`: unknown key; a config file holds default_profile and profiles{SKIP}"),
                format!("key `profiles`: must be an object of profiles, not an array{SKIP}"),
            ])
        );
        // Not an object, not JSON: the whole file.
        assert_eq!(outcome("[]", None, Needs::NAMES), Err(Place::File));
        assert_eq!(
            outcome("[]", None, Needs::NOTHING),
            Ok(vec![format!("must be a JSON object, not an array{SKIP}")])
        );
        assert_eq!(outcome("endpoint=x", None, Needs::NAMES), Err(Place::File));
    }

    #[test]
    fn good_values_are_kept_beside_bad_ones() {
        let dir = temp("kept");
        std::fs::write(
            dir.0.join("config.json"),
            r#"{"profiles":{"p":{"endpoint":"h:1","timeout":5,"insecure":true,"cacert":"t"}}}"#,
        )
        .unwrap();
        let env = env_of(vec![("YR_CONFIG_DIR", dir.0.display().to_string())]);
        let (profile, warnings) = load_profile(Some("p"), Needs::NAMES, &env, crate::input::Deadline::NONE).unwrap();
        let values = profile.unwrap().values;
        assert_eq!(
            (values.endpoint.as_deref(), values.timeout, values.insecure),
            (Some("h:1"), None, Some(true))
        );
        assert_eq!(values.cacert, Some(dir.0.join("t")));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
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
}
