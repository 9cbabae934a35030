//! A simple JSON path, as `yr test` writes one to point into a body: `$` (the whole body), then `.name` or
//! `['name']` / `["name"]` for a member and `[N]` for an element (`[-1]` is the last). No wildcards, filters or
//! recursive descent: a path names one value or none. A leaf (tests/layers.rs); a captured value and a predicate
//! on the body read the same syntax.

use std::fmt;

use serde_json::Value;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Member(String),
    /// An element counted from the start, or from the end when negative (`-1` is the last).
    Index(i64),
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub segments: Vec<Segment>,
}

/// The longest path text taken: a path is written by hand, and it is quoted in messages.
const MAX_LEN: usize = 1024;

/// Parses `$.order.id`, `$.items[0].sku`, `$['a b'][-1]`; the error says what is wrong and where.
pub fn parse(text: &str) -> Result<Path, String> {
    if text.len() > MAX_LEN {
        return Err(format!(
            "a JSON path is at most {MAX_LEN} bytes, this one is {}",
            text.len()
        ));
    }
    let Some(mut rest) = text.strip_prefix('$') else {
        return Err(format!(
            "`{text}` is not a JSON path: it starts with `$` (the body), as `$.order.id`"
        ));
    };
    let at = |rest: &str| text.len() - rest.len() + 1;
    let mut segments = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() {
                return Err(format!(
                    "`{text}`: a name is missing after the `.` at character {}",
                    at(rest)
                ));
            }
            if name.chars().any(|c| c.is_whitespace() || matches!(c, ']' | '\'' | '"')) {
                return Err(format!(
                    "`{text}`: `{name}` is not a plain name: write it as ['{name}'] (character {})",
                    at(after)
                ));
            }
            segments.push(Segment::Member(name.to_string()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            if let Some(quote) = after.chars().next().filter(|c| matches!(c, '\'' | '"')) {
                let inner = &after[1..];
                let Some(close) = inner.find(quote) else {
                    return Err(format!("`{text}`: the quote at character {} is not closed", at(after)));
                };
                let tail = &inner[close + 1..];
                let Some(tail) = tail.strip_prefix(']') else {
                    return Err(format!("`{text}`: `]` expected at character {}", at(tail)));
                };
                segments.push(Segment::Member(inner[..close].to_string()));
                rest = tail;
            } else {
                let Some(close) = after.find(']') else {
                    return Err(format!("`{text}`: the `[` at character {} is not closed", at(rest)));
                };
                let number = &after[..close];
                let valid = number.strip_prefix('-').unwrap_or(number);
                let index = (!valid.is_empty() && valid.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| number.parse::<i64>().ok())
                    .flatten()
                    .ok_or_else(|| {
                        format!(
                            "`{text}`: `[{number}]` at character {} is not an index (a whole number) or a quoted name",
                            at(rest)
                        )
                    })?;
                segments.push(Segment::Index(index));
                rest = &after[close + 1..];
            }
        } else {
            return Err(format!(
                "`{text}`: `.` or `[` expected at character {}, found `{}`",
                at(rest),
                rest.chars().next().unwrap_or_default()
            ));
        }
    }
    Ok(Path { segments })
}

impl Path {
    /// The value the path names in `value`, or None when a member or element is not there.
    pub fn find<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.segments
            .iter()
            .try_fold(value, |value, segment| match (segment, value) {
                (Segment::Member(name), Value::Object(map)) => map.get(name),
                (Segment::Index(i), Value::Array(items)) => {
                    let i = if *i < 0 {
                        items.len().checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
                    } else {
                        usize::try_from(*i).ok()?
                    };
                    items.get(i)
                }
                _ => None,
            })
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.segments {
            match segment {
                Segment::Member(name) if !name.is_empty() && !name.contains(['.', '[', ']', '\'', '"', ' ']) => {
                    write!(f, ".{name}")?
                }
                Segment::Member(name) if !name.contains('\'') => write!(f, "['{name}']")?,
                Segment::Member(name) => write!(f, "[\"{name}\"]")?,
                Segment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(name: &str) -> Segment {
        Segment::Member(name.into())
    }

    #[test]
    fn parses_members_indexes_and_quoted_names() {
        assert_eq!(parse("$").unwrap().segments, vec![]);
        assert_eq!(
            parse("$.order.id").unwrap().segments,
            vec![member("order"), member("id")]
        );
        assert_eq!(
            parse("$.items[0].sku").unwrap().segments,
            vec![member("items"), Segment::Index(0), member("sku")]
        );
        assert_eq!(
            parse("$['a b'][\"it's\"][-1]").unwrap().segments,
            vec![member("a b"), member("it's"), Segment::Index(-1)]
        );
        assert_eq!(
            parse("$[2][0]").unwrap().segments,
            vec![Segment::Index(2), Segment::Index(0)]
        );
        assert_eq!(parse("$.订单.号").unwrap().segments, vec![member("订单"), member("号")]);
    }

    #[test]
    fn rejects_what_is_not_a_path() {
        for bad in [
            "",
            "order.id",
            ".order",
            "$.",
            "$..a",
            "$.a.",
            "$[",
            "$[x]",
            "$[]",
            "$[-]",
            "$[1.5]",
            "$['a]",
            "$['a'x",
            "$a",
            "$.a b",
            "$[99999999999999999999]",
        ] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
        assert_eq!(
            parse("order.id").unwrap_err(),
            "`order.id` is not a JSON path: it starts with `$` (the body), as `$.order.id`"
        );
        assert_eq!(
            parse("$.items[x]").unwrap_err(),
            "`$.items[x]`: `[x]` at character 8 is not an index (a whole number) or a quoted name"
        );
        assert!(parse(&format!("$.{}", "a".repeat(MAX_LEN))).is_err());
    }

    #[test]
    fn finds_the_value_or_none() {
        let body = json!({"order": {"id": 42, "items": [{"sku": "tea"}, {"sku": "rice"}]}, "a b": [1, null]});
        let find = |path: &str| parse(path).unwrap().find(&body).cloned();
        assert_eq!(find("$"), Some(body.clone()));
        assert_eq!(find("$.order.id"), Some(json!(42)));
        assert_eq!(find("$.order.items[1].sku"), Some(json!("rice")));
        assert_eq!(find("$.order.items[-1].sku"), Some(json!("rice")));
        assert_eq!(find("$.order.items[-2].sku"), Some(json!("tea")));
        assert_eq!(find("$['a b'][1]"), Some(json!(null)));
        assert_eq!(find("$.order.items[2]"), None);
        assert_eq!(find("$.order.items[-3]"), None);
        assert_eq!(find("$.order.id.x"), None);
        assert_eq!(find("$.order[0]"), None);
        assert_eq!(find("$.nope"), None);
        assert_eq!(parse("$.x").unwrap().find(&json!("text")), None);
    }

    #[test]
    fn shows_itself_as_it_parses() {
        for text in ["$", "$.order.id", "$.items[0].sku", "$['a b'][-1]", "$[\"it's\"]"] {
            assert_eq!(parse(text).unwrap().to_string(), text);
        }
    }
}
