//! `${NAME}` in a suite's strings: a value from the environment, `${NAME:-fallback}` when it may be unset, `$${`
//! for a literal `${`. Parsed once, when the file is read.

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
                "the environment variable {name} is not set (use ${{{name}:-DEFAULT}} for a fallback)"
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

fn is_name(name: &str) -> bool {
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
