//! `${NAME}` in a suite's strings: a value from `--var`, `--vars FILE`, the environment, or captured by an earlier
//! step; `${NAME:-fallback}` when it may be unset, `$${` for a literal `${`. Expanded once: when the file is read, or,
//! for a string naming a captured variable, when its step is about to run.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// What went wrong in one string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarError {
    /// `${NAME}` and NAME is not set.
    Missing(String),
    /// `${` without a closing `}`, or a name that is not `[A-Za-z_][A-Za-z0-9_]*`.
    Malformed(String),
}

impl std::fmt::Display for VarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VarError::Missing(name) => write!(
                f,
                "{name} is not set: no --var, --vars file, environment variable or earlier capture gives it a value \
                 (use ${{{name}:-DEFAULT}} for a fallback)"
            ),
            VarError::Malformed(why) => f.write_str(why),
        }
    }
}

/// `text` with every `${NAME}` replaced by `env(NAME)`.
pub fn expand(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, VarError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if let Some(tail) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = tail;
            continue;
        }
        let Some(open) = after.strip_prefix("${") else {
            out.push('$');
            rest = &after[1..];
            continue;
        };
        let Some(end) = open.find('}') else {
            return Err(VarError::Malformed(format!(
                "`${{` without a closing `}}` in `{}` (write $${{ for a literal ${{)",
                crate::values::printable(text)
            )));
        };
        let inner = &open[..end];
        let (name, fallback) = match inner.split_once(":-") {
            Some((name, fallback)) => (name, Some(fallback)),
            None => (inner, None),
        };
        if !is_name(name) {
            return Err(VarError::Malformed(format!(
                "`${{{}}}` is not a variable: a name is letters, digits and `_`, not starting with a digit",
                crate::values::printable(inner)
            )));
        }
        match (env(name), fallback) {
            (Some(value), _) => out.push_str(&value),
            (None, Some(fallback)) => out.push_str(fallback),
            (None, None) => return Err(VarError::Missing(name.to_string())),
        }
        rest = &open[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The names `text` refers to (`$${` is no reference), in order.
pub fn names(text: &str) -> Vec<String> {
    let seen = RefCell::new(Vec::new());
    let _ = expand(text, &|name| {
        seen.borrow_mut().push(name.to_string());
        Some(String::new())
    });
    seen.into_inner()
}

/// The variables a run starts with: `--var` over `--vars FILE` over the environment, and the names whose values are
/// secret (`--secret NAME`), hidden in every report.
#[derive(Debug, Clone, Default)]
pub struct Variables {
    given: BTreeMap<String, String>,
    secret: BTreeSet<String>,
    /// Read the process environment after `given` (off in unit tests).
    environment: bool,
}

impl Variables {
    /// `vars` (from `--vars` files, in order, a later one winning), then `var` (`--var`, winning over them).
    pub fn new(files: Vec<(String, String)>, var: Vec<(String, String)>, secret: Vec<String>) -> Variables {
        let variables = Variables {
            given: files.into_iter().chain(var).collect(),
            secret: secret.into_iter().collect(),
            environment: true,
        };
        for name in &variables.secret {
            if let Some(value) = variables.get(name) {
                crate::secrets::register(&value);
            }
        }
        variables
    }

    pub fn get(&self, name: &str) -> Option<String> {
        self.given
            .get(name)
            .cloned()
            .or_else(|| self.environment.then(|| std::env::var(name).ok()).flatten())
    }

    /// Whether a value captured under `name` is to be hidden too.
    pub fn is_secret(&self, name: &str) -> bool {
        self.secret.contains(name)
    }
}

/// `NAME=VALUE` of `--var`; the error says what is wrong.
pub fn parse_assignment(text: &str) -> Result<(String, String), String> {
    let Some((name, value)) = text.split_once('=') else {
        return Err(format!("`{}` is not NAME=VALUE", crate::values::printable(text)));
    };
    if !is_name(name) {
        return Err(format!(
            "`{}` is not a variable's name: letters, digits and `_`, not starting with a digit",
            crate::values::printable(name)
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// A `--vars` file, `.env` style: `NAME=VALUE` lines, `#` comments and blank lines skipped, an optional `export `,
/// a value in single quotes taken as it is, one in double quotes with `\n`, `\"` and `\\` read as escapes, an
/// unquoted one up to a ` #` comment, trimmed. The error gives the line (1-based).
pub fn parse_dotenv(text: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let (name, value) = match line.split_once('=') {
            Some((name, value)) => parse_assignment(&format!("{}={value}", name.trim_end())),
            None => parse_assignment(line),
        }
        .map_err(|why| (i + 1, why))?;
        let value = value.trim();
        let value = if let Some(inner) = value.strip_prefix('\'') {
            inner
                .strip_suffix('\'')
                .ok_or((i + 1, format!("the value of {name} has no closing `'`")))?
                .to_string()
        } else if let Some(inner) = value.strip_prefix('"') {
            let inner = inner
                .strip_suffix('"')
                .filter(|inner| !inner.ends_with('\\') || inner.ends_with("\\\\"))
                .ok_or((i + 1, format!("the value of {name} has no closing `\"`")))?;
            let mut out = String::with_capacity(inner.len());
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                match (c, c == '\\') {
                    (_, true) => match chars.next() {
                        Some('n') => out.push('\n'),
                        Some(other) => out.push(other),
                        None => out.push('\\'),
                    },
                    (c, false) => out.push(c),
                }
            }
            out
        } else {
            value.split(" #").next().unwrap_or_default().trim_end().to_string()
        };
        found.push((name, value));
    }
    Ok(found)
}

/// Whether `name` can be a variable's: letters, digits and `_`, not starting with a digit.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOST" => Some("h:1".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expands() {
        assert_eq!(expand("http://${HOST}/x", &env), Ok("http://h:1/x".into()));
        assert_eq!(expand("${HOST}${HOST}", &env), Ok("h:1h:1".into()));
        assert_eq!(expand("a${EMPTY}b", &env), Ok("ab".into()));
        assert_eq!(expand("${NOPE:-http://d:2}", &env), Ok("http://d:2".into()));
        assert_eq!(expand("${HOST:-unused}", &env), Ok("h:1".into()));
        assert_eq!(expand("cost $5 and $${HOST}", &env), Ok("cost $5 and ${HOST}".into()));
        assert_eq!(expand("no vars", &env), Ok("no vars".into()));
        assert_eq!(expand("trailing $", &env), Ok("trailing $".into()));
    }

    #[test]
    fn names_referred_to() {
        assert_eq!(names("${A}-${B:-x} $${C} $D"), ["A", "B"]);
        assert!(names("plain").is_empty());
    }

    #[test]
    fn dotenv_files() {
        let text = "# a comment\n\nexport A=1\nB = two words # said\nC='a # b'\nD=\"x\\\"y\\nz\"\nE=\n";
        let found = parse_dotenv(text).unwrap();
        let pairs: Vec<(&str, &str)> = found.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("A", "1"),
                ("B", "two words"),
                ("C", "a # b"),
                ("D", "x\"y\nz"),
                ("E", "")
            ]
        );
        assert_eq!(parse_dotenv("A=1\nnot a line\n").unwrap_err().0, 2);
        assert_eq!(parse_dotenv("1A=x").unwrap_err().0, 1);
        assert_eq!(parse_dotenv("A='x").unwrap_err().0, 1);
        assert_eq!(parse_dotenv("A=\"x").unwrap_err().0, 1);
        assert_eq!(parse_dotenv("A=\"x\\\"").unwrap_err().0, 1);
        assert_eq!(parse_assignment("A=b=c"), Ok(("A".into(), "b=c".into())));
        assert!(parse_assignment("A").is_err());
        assert!(parse_assignment("=x").is_err());
    }

    #[test]
    fn variables_given_win_over_files() {
        let vars = Variables {
            given: [("A".to_string(), "file".to_string())]
                .into_iter()
                .chain([("A".to_string(), "flag".to_string())])
                .collect(),
            secret: BTreeSet::new(),
            environment: false,
        };
        assert_eq!(vars.get("A").as_deref(), Some("flag"));
        assert_eq!(vars.get("B"), None);
    }

    #[test]
    fn rejects() {
        assert_eq!(expand("x ${NOPE} y", &env), Err(VarError::Missing("NOPE".into())));
        assert!(
            expand("${NOPE}", &env)
                .unwrap_err()
                .to_string()
                .contains("NOPE is not set")
        );
        for bad in ["${HOST", "${}", "${1A}", "${A-B}", "${ A}"] {
            assert!(
                matches!(expand(bad, &env), Err(VarError::Malformed(_))),
                "{bad} accepted"
            );
        }
    }
}
