//! JSON paths as suites write them: `$` (the whole value), `$.order.id`, `$.items[0].sku`, `$["key with spaces"]`.
//! Only single values: no wildcards, slices, filters or recursive descent, so a path finds one value or none.

use serde_json::Value;

/// A parsed path, shown as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    steps: Vec<Step>,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Reads a path; the error quotes it and says what is wrong, for the caller to prefix with its key.
pub fn parse(text: &str) -> Result<Path, String> {
    steps(text)
        .map(|steps| Path {
            steps,
            text: text.to_string(),
        })
        .map_err(|why| {
            format!(
                "`{}` is not a JSON path: {why} (write `$`, `$.key`, `$.list[0]` or `$[\"a key\"]`)",
                crate::values::printable(text)
            )
        })
}

fn steps(text: &str) -> Result<Vec<Step>, String> {
    let mut rest = text.strip_prefix('$').ok_or("it does not start with `$`")?;
    let mut steps = Vec::new();
    while let Some(first) = rest.chars().next() {
        match first {
            '.' => {
                let key: String = rest[1..]
                    .chars()
                    .take_while(|c| !matches!(c, '.' | '[' | ']'))
                    .collect();
                if key.is_empty() || key.chars().any(char::is_whitespace) {
                    return Err("a `.` must be followed by a key without spaces (write `[\"a key\"]`)".into());
                }
                rest = &rest[1 + key.len()..];
                steps.push(Step::Key(key));
            }
            '[' => {
                let inner = &rest[1..];
                let (step, used) = match inner.chars().next() {
                    Some(quote @ ('"' | '\'')) => quoted(&inner[1..], quote).map(|(k, n)| (Step::Key(k), n + 1))?,
                    _ => {
                        let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
                        let index = digits
                            .parse::<usize>()
                            .map_err(|_| "`[` must hold an index (`[0]`) or a quoted key (`[\"a key\"]`)")?;
                        (Step::Index(index), digits.len())
                    }
                };
                rest = inner[used..].strip_prefix(']').ok_or("a `[` is not closed by `]`")?;
                steps.push(step);
            }
            other => return Err(format!("`{other}` where a `.` or a `[` was expected")),
        }
    }
    Ok(steps)
}

/// A quoted key up to its closing quote (`\"` and `\\` escape), and the bytes it used, the closing quote included.
fn quoted(text: &str, quote: char) -> Result<(String, usize), String> {
    let mut key = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e)) if e == quote || e == '\\' => key.push(e),
                _ => return Err(format!("a `\\` in a quoted key must be followed by {quote} or \\")),
            },
            c if c == quote => return Ok((key, i + 1)),
            c => key.push(c),
        }
    }
    Err(format!("a quoted key is not closed by {quote}"))
}

impl Path {
    /// The value at this path, if there is one (a JSON `null` is a value).
    pub fn find<'a>(&self, value: &'a Value) -> Option<&'a Value> {
        self.steps.iter().try_fold(value, |value, step| match (step, value) {
            (Step::Key(key), Value::Object(map)) => map.get(key),
            (Step::Index(i), Value::Array(items)) => items.get(*i),
            _ => None,
        })
    }

    /// Whether this is `$`, the whole value.
    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_keys_indexes_and_quoted_keys() {
        let value = json!({"order": {"id": 7}, "items": [{"sku": "tea"}, null], "a key": {"x.y": 1}, "数": 2});
        let at = |path: &str| parse(path).unwrap().find(&value).cloned();
        assert_eq!(at("$"), Some(value.clone()));
        assert_eq!(at("$.order.id"), Some(json!(7)));
        assert_eq!(at("$.items[0].sku"), Some(json!("tea")));
        assert_eq!(at("$.items[1]"), Some(json!(null)));
        assert_eq!(at("$[\"a key\"]['x.y']"), Some(json!(1)));
        assert_eq!(at("$.数"), Some(json!(2)));
        assert_eq!(at("$.items[2]"), None);
        assert_eq!(at("$.order.id.more"), None);
        assert_eq!(at("$.order[0]"), None);
        assert_eq!(at("$.items.sku"), None);
        assert_eq!(at("$[\"q\\\"\"]"), None);
        assert!(parse("$").unwrap().is_root());
        assert_eq!(parse("$.a[1]").unwrap().to_string(), "$.a[1]");
    }

    #[test]
    fn quoted_keys_unescape() {
        let value = json!({"q\"": 1, "b\\": 2});
        assert_eq!(parse(r#"$["q\""]"#).unwrap().find(&value), Some(&json!(1)));
        assert_eq!(parse(r#"$['b\\']"#).unwrap().find(&value), Some(&json!(2)));
    }

    #[test]
    fn rejects_what_is_not_a_path() {
        for bad in [
            "",
            "order",
            "$.",
            "$..a",
            "$.a b",
            "$[",
            "$[x]",
            "$[-1]",
            "$[0",
            "$[\"a\"",
            "$[\"a\\n\"]",
            "$a",
            "$.a]",
            "$[99999999999999999999999]",
        ] {
            let why = parse(bad).unwrap_err();
            assert!(why.contains("is not a JSON path"), "{bad}: {why}");
        }
        assert_eq!(
            parse("$.a[").unwrap_err(),
            "`$.a[` is not a JSON path: `[` must hold an index (`[0]`) or a quoted key (`[\"a key\"]`) (write `$`, \
             `$.key`, `$.list[0]` or `$[\"a key\"]`)"
        );
    }
}
