//! Predicates on one value of an answer (`[[case.expect.assert]]`): what to look at (a JSON path in the body or in
//! a frame, a header, the number of frames) and what must hold of it (`eq`, `ge`, `contains`, `matches`, ...). The
//! entry as written, checked once into an `Assertion`; `expect.rs` finds the values and reports what failed.

use std::cmp::Ordering;

use regex_lite::Regex;
use serde::Deserialize;
use serde_json::Value;

use super::compare::{self, Arrays};
use crate::jsonpath::{self, Path};

/// One `[[case.expect.assert]]` entry as written: one subject, one or more predicates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssertSpec {
    pub path: Option<String>,
    pub frame: Option<FrameSpec>,
    pub frames: Option<String>,
    pub header: Option<String>,
    pub eq: Option<Value>,
    pub ne: Option<Value>,
    pub lt: Option<Value>,
    pub le: Option<Value>,
    pub gt: Option<Value>,
    pub ge: Option<Value>,
    pub contains: Option<Value>,
    pub matches: Option<String>,
    pub exists: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub length: Option<Value>,
    pub one_of: Option<Vec<Value>>,
}

/// `frame = "last"` or `frame = 2`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameSpec {
    Word(String),
    Number(i64),
}

impl<'de> Deserialize<'de> for FrameSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FrameSpec, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = FrameSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"first\", \"last\", \"each\" or a frame number (1 for the first)")
            }
            fn visit_str<E>(self, v: &str) -> Result<FrameSpec, E> {
                Ok(FrameSpec::Word(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<FrameSpec, E> {
                Ok(FrameSpec::Number(v))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// What an assertion looks at.
#[derive(Debug, Clone)]
pub enum Subject {
    /// A value in the body, read as JSON.
    Body(Path),
    /// A value in one frame's data (read as JSON when it is JSON, else as a string).
    Frame(Which, Path),
    /// The same value in every frame.
    EachFrame(Path),
    /// How many frames came before `[DONE]`.
    FrameCount,
    /// A response header's value, as a string.
    Header(String),
}

/// Which frame: 1-based, as reports count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    First,
    Last,
    Number(usize),
}

impl Which {
    /// The index of this frame among `count`.
    pub fn index(self, count: usize) -> Option<usize> {
        match self {
            Which::First => (count > 0).then_some(0),
            Which::Last => count.checked_sub(1),
            Which::Number(n) => (n <= count).then(|| n - 1),
        }
    }
}

/// What must hold of the value.
#[derive(Debug, Clone)]
pub enum Predicate {
    Eq(Value),
    Ne(Value),
    Compare(Ordering, bool, Value),
    Contains(Value),
    Matches(Regex),
    Exists(bool),
    Type(&'static str),
    Length(Vec<Predicate>),
    OneOf(Vec<Value>),
}

/// One entry, checked.
#[derive(Debug, Clone)]
pub struct Assertion {
    pub subject: Subject,
    pub predicates: Vec<Predicate>,
}

/// JSON's types, as `type` names them.
const TYPES: [&str; 6] = ["null", "boolean", "number", "string", "array", "object"];

impl Assertion {
    /// Checks an entry; the error names the key of the entry it is about (`""` for the entry as a whole).
    pub fn parse(spec: &AssertSpec) -> Result<Assertion, (&'static str, String)> {
        let path = spec
            .path
            .as_deref()
            .map(jsonpath::parse)
            .transpose()
            .map_err(|why| ("path", why))?;
        let root = || jsonpath::parse("$").map_err(|why| ("path", why));
        let subject = match (&spec.frame, spec.frames.as_deref(), &spec.header) {
            (None, None, None) => Subject::Body(path.ok_or(("", NO_SUBJECT.to_string()))?),
            (Some(frame), None, None) => {
                let path = match path {
                    Some(path) => path,
                    None => root()?,
                };
                match frame {
                    FrameSpec::Word(word) if word == "each" => Subject::EachFrame(path),
                    FrameSpec::Word(word) if word == "first" => Subject::Frame(Which::First, path),
                    FrameSpec::Word(word) if word == "last" => Subject::Frame(Which::Last, path),
                    FrameSpec::Number(n) if *n >= 1 => {
                        let n =
                            usize::try_from(*n).map_err(|_| ("frame", format!("{n} is too large a frame number")))?;
                        Subject::Frame(Which::Number(n), path)
                    }
                    FrameSpec::Number(n) => {
                        return Err(("frame", format!("{n} is not a frame number: frames count from 1")));
                    }
                    FrameSpec::Word(word) => {
                        return Err((
                            "frame",
                            format!(
                                "`{}` is not a frame: write \"first\", \"last\", \"each\" or a frame number (1 for the first)",
                                crate::values::printable(word)
                            ),
                        ));
                    }
                }
            }
            (None, Some("count"), None) if path.is_none() => Subject::FrameCount,
            (None, Some("count"), None) => {
                return Err(("path", "`frames = \"count\"` counts frames: it takes no `path`".into()));
            }
            (None, Some(other), None) => {
                return Err((
                    "frames",
                    format!(
                        "`{}` is not what `frames` takes: write \"count\" (for one frame, `frame`)",
                        crate::values::printable(other)
                    ),
                ));
            }
            (None, None, Some(_)) if path.is_some() => {
                return Err(("path", "a header is text: `header` takes no `path`".into()));
            }
            (None, None, Some(name)) => {
                crate::values::parse_header(&format!("{name}: x")).map_err(|why| ("header", why))?;
                Subject::Header(name.clone())
            }
            _ => return Err(("", NO_SUBJECT.to_string())),
        };
        let predicates = predicates(spec)?;
        if predicates.is_empty() {
            return Err(("", NO_PREDICATE.to_string()));
        }
        Ok(Assertion { subject, predicates })
    }

    /// How reports name the subject: `$.total`, `last frame $.state`, `header X-Trace-Id`, `frame count`.
    pub fn subject_words(&self) -> String {
        let framed = |words: String, path: &Path| {
            if path.is_root() {
                words
            } else {
                format!("{words} {path}")
            }
        };
        match &self.subject {
            Subject::Body(path) => path.to_string(),
            Subject::Frame(Which::First, path) => framed("first frame".into(), path),
            Subject::Frame(Which::Last, path) => framed("last frame".into(), path),
            Subject::Frame(Which::Number(n), path) => framed(format!("frame {n}"), path),
            Subject::EachFrame(path) => framed("each frame".into(), path),
            Subject::FrameCount => "frame count".into(),
            Subject::Header(name) => format!("header {name}"),
        }
    }
}

const NO_SUBJECT: &str = "say what to check with one of `path` (in the body), `frame` (with a `path` in that frame), \
                          `frames = \"count\"` or `header`";
const NO_PREDICATE: &str = "say what must hold with one or more of `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `contains`, \
                            `matches`, `exists`, `type`, `length`, `one-of`";

/// The entry's predicates, in the order docs/test.md lists them.
fn predicates(spec: &AssertSpec) -> Result<Vec<Predicate>, (&'static str, String)> {
    let mut out = comparisons(
        [
            ("eq", &spec.eq),
            ("ne", &spec.ne),
            ("lt", &spec.lt),
            ("le", &spec.le),
            ("gt", &spec.gt),
            ("ge", &spec.ge),
        ],
        spec.one_of.as_ref(),
    )?;
    if let Some(value) = &spec.contains {
        out.push(Predicate::Contains(value.clone()));
    }
    if let Some(pattern) = &spec.matches {
        out.push(Predicate::Matches(
            crate::values::parse_regex(pattern).map_err(|why| ("matches", why))?,
        ));
    }
    if let Some(exists) = spec.exists {
        out.push(Predicate::Exists(exists));
    }
    if let Some(kind) = &spec.kind {
        let name = TYPES.iter().find(|t| **t == kind.as_str()).ok_or_else(|| {
            (
                "type",
                format!(
                    "`{}` is not a JSON type: write one of {}",
                    crate::values::printable(kind),
                    TYPES.join(", ")
                ),
            )
        })?;
        out.push(Predicate::Type(name));
    }
    if let Some(length) = &spec.length {
        out.push(Predicate::Length(
            length_predicates(length).map_err(|why| ("length", why))?,
        ));
    }
    Ok(out)
}

/// `eq` .. `ge` and `one-of`: an order compares two numbers or two strings, nothing else.
fn comparisons(
    written: [(&'static str, &Option<Value>); 6],
    one_of: Option<&Vec<Value>>,
) -> Result<Vec<Predicate>, (&'static str, String)> {
    let mut out = Vec::new();
    for (key, value) in written {
        let Some(value) = value else { continue };
        out.push(match key {
            "eq" => Predicate::Eq(value.clone()),
            "ne" => Predicate::Ne(value.clone()),
            _ => {
                if !matches!(value, Value::Number(_) | Value::String(_)) {
                    return Err((
                        key,
                        format!(
                            "`{key}` orders numbers or strings; {} is {}",
                            compare::shown(value),
                            crate::wording::json_type(value)
                        ),
                    ));
                }
                let (order, or_equal) = match key {
                    "lt" => (Ordering::Less, false),
                    "le" => (Ordering::Less, true),
                    "gt" => (Ordering::Greater, false),
                    _ => (Ordering::Greater, true),
                };
                Predicate::Compare(order, or_equal, value.clone())
            }
        });
    }
    if let Some(values) = one_of {
        out.push(Predicate::OneOf(values.clone()));
    }
    Ok(out)
}

/// `length = 3`, or a table of comparisons on the length: `length = { ge = 1, le = 10 }`.
fn length_predicates(written: &Value) -> Result<Vec<Predicate>, String> {
    const WHAT: &str = "`length` takes a count (`length = 3`) or a table of comparisons (`length = { ge = 1 }`)";
    match written {
        Value::Number(n) if n.as_u64().is_some() => Ok(vec![Predicate::Eq(written.clone())]),
        Value::Object(table) => {
            let get = |key: &str| table.get(key).cloned();
            for key in table.keys() {
                if !matches!(key.as_str(), "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "one-of") {
                    return Err(format!(
                        "{WHAT}: `{}` is not a comparison",
                        crate::values::printable(key)
                    ));
                }
            }
            let one_of = match get("one-of") {
                Some(Value::Array(items)) => Some(items),
                Some(other) => {
                    return Err(format!(
                        "`one-of` takes a list, not {}",
                        crate::wording::json_type(&other)
                    ));
                }
                None => None,
            };
            let written = [
                ("eq", &get("eq")),
                ("ne", &get("ne")),
                ("lt", &get("lt")),
                ("le", &get("le")),
                ("gt", &get("gt")),
                ("ge", &get("ge")),
            ];
            for (key, value) in written {
                if let Some(value) = value.as_ref().filter(|v| !v.is_number()) {
                    return Err(format!(
                        "a length is a number: `{key}` is {}",
                        crate::wording::json_type(value)
                    ));
                }
            }
            let out = comparisons(written, one_of.as_ref()).map_err(|(_, why)| why)?;
            if out.is_empty() {
                return Err(WHAT.into());
            }
            Ok(out)
        }
        _ => Err(format!("{WHAT}, not {}", crate::wording::json_type(written))),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Predicate {
    /// `>= 10`, `matching /^t-/`, `of type number`: what is expected, after the subject's words.
    pub fn words(&self) -> String {
        let shown = compare::shown;
        match self {
            Predicate::Eq(v) => format!("== {}", shown(v)),
            Predicate::Ne(v) => format!("!= {}", shown(v)),
            Predicate::Compare(order, or_equal, v) => {
                let op = match (order, or_equal) {
                    (Ordering::Less, false) => "<",
                    (Ordering::Less, true) => "<=",
                    (_, false) => ">",
                    (_, true) => ">=",
                };
                format!("{op} {}", shown(v))
            }
            Predicate::Contains(v) => format!("containing {}", shown(v)),
            Predicate::Matches(regex) => format!("matching /{}/", regex.as_str()),
            Predicate::Exists(true) => "present".into(),
            Predicate::Exists(false) => "absent".into(),
            Predicate::Type(name) => format!("of type {name}"),
            Predicate::Length(inner) if matches!(inner.as_slice(), [Predicate::Eq(_)]) => match inner.as_slice() {
                [Predicate::Eq(n)] => format!("of length {n}"),
                _ => String::new(),
            },
            Predicate::Length(inner) => {
                let words: Vec<String> = inner.iter().map(Predicate::words).collect();
                format!("of length {}", words.join(" and "))
            }
            Predicate::OneOf(values) => format!("one of {}", shown(&Value::Array(values.clone()))),
        }
    }

    /// Whether the value (None: there is none) passes; Err says what it is instead, for the report's `got`.
    pub fn test(&self, value: Option<&Value>, arrays: Arrays) -> Result<(), String> {
        let Some(value) = value else {
            return match self {
                Predicate::Exists(false) => Ok(()),
                _ => Err("nothing".into()),
            };
        };
        let got = || compare::shown(value);
        let pass = match self {
            Predicate::Eq(expected) => compare::equal(expected, value, arrays),
            Predicate::Ne(expected) => !compare::equal(expected, value, arrays),
            Predicate::Compare(order, or_equal, expected) => match compare::order(value, expected) {
                Some(found) => found == *order || (*or_equal && found == Ordering::Equal),
                None => {
                    return Err(format!(
                        "{} ({}, which does not order with {})",
                        got(),
                        crate::wording::json_type(value),
                        crate::wording::json_type(expected)
                    ));
                }
            },
            Predicate::Contains(expected) => match (value, expected) {
                (Value::String(text), Value::String(part)) => text.contains(part.as_str()),
                (Value::Array(items), _) => items.iter().any(|item| compare::equal(expected, item, arrays)),
                (Value::Object(map), Value::String(key)) => map.contains_key(key),
                _ => {
                    return Err(format!(
                        "{} ({}, which cannot contain {})",
                        got(),
                        crate::wording::json_type(value),
                        crate::wording::json_type(expected)
                    ));
                }
            },
            Predicate::Matches(regex) => match value {
                Value::String(text) => regex.is_match(text),
                _ => {
                    return Err(format!(
                        "{} ({}, not a string)",
                        got(),
                        crate::wording::json_type(value)
                    ));
                }
            },
            Predicate::Exists(exists) => *exists,
            Predicate::Type(name) => type_name(value) == *name,
            Predicate::Length(inner) => {
                let length = match value {
                    Value::String(text) => text.chars().count(),
                    Value::Array(items) => items.len(),
                    Value::Object(map) => map.len(),
                    _ => {
                        return Err(format!(
                            "{} ({}, which has no length)",
                            got(),
                            crate::wording::json_type(value)
                        ));
                    }
                };
                let count = Value::from(length);
                if inner.iter().all(|p| p.test(Some(&count), arrays).is_ok()) {
                    return Ok(());
                }
                return Err(format!("length {length}: {}", got()));
            }
            Predicate::OneOf(values) => values.iter().any(|v| compare::equal(v, value, arrays)),
        };
        if pass { Ok(()) } else { Err(got()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(toml_text: &str) -> AssertSpec {
        toml::from_str(toml_text).unwrap()
    }

    fn parsed(toml_text: &str) -> Assertion {
        Assertion::parse(&spec(toml_text)).unwrap()
    }

    fn rejected(toml_text: &str) -> (&'static str, String) {
        Assertion::parse(&spec(toml_text)).unwrap_err()
    }

    /// The first predicate of an entry on `value`.
    fn test(toml_text: &str, value: Option<Value>) -> Result<(), String> {
        parsed(toml_text).predicates[0].test(value.as_ref(), Arrays::Ordered)
    }

    #[test]
    fn each_predicate_passes_and_fails() {
        let p = "path = \"$\"\n";
        let cases: &[(&str, Value, Value)] = &[
            ("eq = 10", json!(10.0), json!(11)),
            ("eq = [1, 2]", json!([1, 2]), json!([2, 1])),
            ("ne = \"a\"", json!("b"), json!("a")),
            ("lt = 10", json!(9.5), json!(10)),
            ("le = 10", json!(10), json!(10.5)),
            ("gt = 10", json!(11), json!(10)),
            ("ge = 10", json!(10), json!(9)),
            ("ge = \"b\"", json!("c"), json!("a")),
            ("contains = \"ell\"", json!("hello"), json!("help")),
            ("contains = 2", json!([1, 2.0]), json!([1, 3])),
            ("contains = \"k\"", json!({"k": null}), json!({"v": "k"})),
            ("matches = \"^t-\"", json!("t-1"), json!("x-t-1")),
            ("exists = true", json!(null), json!(null)),
            ("type = \"number\"", json!(1.5), json!("1.5")),
            ("type = \"null\"", json!(null), json!(0)),
            ("length = 2", json!("你好"), json!("abc")),
            ("length = 2", json!({"a": 1, "b": 2}), json!([1])),
            ("length = { ge = 2, lt = 4 }", json!([1, 2, 3]), json!([1, 2, 3, 4])),
            ("one-of = [\"a\", 1]", json!(1.0), json!("b")),
        ];
        for (written, pass, fail) in cases {
            let text = format!("{p}{written}");
            assert_eq!(test(&text, Some(pass.clone())), Ok(()), "{written} on {pass}");
            if *written == "exists = true" {
                assert_eq!(test(&text, None), Err("nothing".into()));
            } else {
                assert!(test(&text, Some(fail.clone())).is_err(), "{written} on {fail}");
            }
        }
        assert_eq!(test("path = \"$\"\nexists = false", None), Ok(()));
        assert_eq!(test("path = \"$\"\nexists = false", Some(json!(1))), Err("1".into()));
        assert_eq!(test("path = \"$\"\nne = 1", None), Err("nothing".into()));
    }

    #[test]
    fn incomparable_values_say_so() {
        assert_eq!(
            test("path = \"$\"\nge = 10", Some(json!("12"))),
            Err("\"12\" (a string, which does not order with a number)".into())
        );
        assert_eq!(
            test("path = \"$\"\ncontains = 1", Some(json!("a1"))),
            Err("\"a1\" (a string, which cannot contain a number)".into())
        );
        assert_eq!(
            test("path = \"$\"\nmatches = \"1\"", Some(json!(1))),
            Err("1 (a number, not a string)".into())
        );
        assert_eq!(
            test("path = \"$\"\nlength = 1", Some(json!(1))),
            Err("1 (a number, which has no length)".into())
        );
        assert_eq!(
            test("path = \"$\"\nlength = 1", Some(json!([1, 2]))),
            Err("length 2: [1,2]".into())
        );
    }

    #[test]
    fn subjects_and_their_words() {
        let words = |t: &str| {
            let a = parsed(t);
            format!("{} {}", a.subject_words(), a.predicates[0].words())
        };
        assert_eq!(words("path = \"$.total\"\nge = 10"), "$.total >= 10");
        assert_eq!(
            words("frame = \"last\"\npath = \"$.state\"\neq = \"done\""),
            "last frame $.state == \"done\""
        );
        assert_eq!(words("frame = 2\nexists = true"), "frame 2 present");
        assert_eq!(
            words("frame = \"each\"\ntype = \"object\""),
            "each frame of type object"
        );
        assert_eq!(words("frames = \"count\"\nlt = 3"), "frame count < 3");
        assert_eq!(
            words("header = \"X-Trace-Id\"\nmatches = \"^t-\""),
            "header X-Trace-Id matching /^t-/"
        );
        assert_eq!(words("path = \"$\"\nlength = { le = 2 }"), "$ of length <= 2");
        assert_eq!(words("path = \"$\"\none-of = [1, \"a\"]"), "$ one of [1,\"a\"]");
        assert_eq!(parsed("path = \"$\"\nge = 1\nle = 2").predicates.len(), 2);
        assert_eq!(Which::Last.index(0), None);
        assert_eq!(Which::Number(2).index(2), Some(1));
        assert_eq!(Which::Number(3).index(2), None);
    }

    #[test]
    fn rejects_name_the_key() {
        let key = |t: &str| rejected(t).0;
        assert_eq!(key("path = \"total\"\neq = 1"), "path");
        assert_eq!(key("eq = 1"), "");
        assert_eq!(key("path = \"$\""), "");
        assert_eq!(key("path = \"$\"\nge = true"), "ge");
        assert_eq!(key("path = \"$\"\nlt = [1]"), "lt");
        assert_eq!(key("path = \"$\"\nmatches = \"(\""), "matches");
        assert_eq!(key("path = \"$\"\ntype = \"int\""), "type");
        assert_eq!(key("path = \"$\"\nlength = -1"), "length");
        assert_eq!(key("path = \"$\"\nlength = { ge = \"a\" }"), "length");
        assert_eq!(key("path = \"$\"\nlength = { at-least = 1 }"), "length");
        assert_eq!(key("frame = \"middle\"\neq = 1"), "frame");
        assert_eq!(key("frame = 0\neq = 1"), "frame");
        assert_eq!(key("frames = \"each\"\neq = 1"), "frames");
        assert_eq!(key("frames = \"count\"\npath = \"$\"\neq = 1"), "path");
        assert_eq!(key("header = \"X\"\npath = \"$\"\neq = 1"), "path");
        assert_eq!(key("header = \"bad name\"\neq = 1"), "header");
        assert_eq!(key("header = \"X\"\nframe = 1\neq = 1"), "");
        assert_eq!(
            rejected("path = \"$\"\nge = true").1,
            "`ge` orders numbers or strings; true is a boolean"
        );
        assert!(toml::from_str::<AssertSpec>("path = \"$\"\ngte = 1").is_err());
    }
}
