//! How expectations compare JSON values: numbers by value (`1` equals `1.0`), arrays in order or as sets, and
//! inclusion (`body-includes`); and the differences between two values as `PATH: expected X, got Y` lines, for the
//! reports.

use std::cmp::Ordering;

use serde_json::{Number, Value};

/// How arrays compare (`expect.arrays`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Arrays {
    /// Element by element, in order; for inclusion, the expected elements in the actual array in order, others
    /// allowed between them.
    #[default]
    Ordered,
    /// Regardless of order and repetition: each element of one side has an equal (or, for inclusion, an including)
    /// element on the other.
    Set,
}

impl Arrays {
    pub fn parse(text: &str) -> Result<Arrays, String> {
        match text {
            "ordered" => Ok(Arrays::Ordered),
            "set" => Ok(Arrays::Set),
            _ => Err(format!(
                "`{}` is not an array comparison: write \"ordered\" (the default) or \"set\"",
                crate::values::printable(text)
            )),
        }
    }
}

/// Whether two values are equal: numbers by value, objects by their fields in any order, arrays as `arrays` says.
pub fn equal(expected: &Value, actual: &Value, arrays: Arrays) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => numbers(a, b) == Some(Ordering::Equal),
        (Value::Object(want), Value::Object(have)) => {
            want.len() == have.len()
                && want
                    .iter()
                    .all(|(k, v)| have.get(k).is_some_and(|found| equal(v, found, arrays)))
        }
        (Value::Array(want), Value::Array(have)) => match arrays {
            Arrays::Ordered => want.len() == have.len() && want.iter().zip(have).all(|(v, h)| equal(v, h, arrays)),
            Arrays::Set => {
                want.iter().all(|v| have.iter().any(|h| equal(v, h, arrays)))
                    && have.iter().all(|h| want.iter().any(|v| equal(v, h, arrays)))
            }
        },
        _ => expected == actual,
    }
}

/// The order of two numbers or two strings (strings by their characters' code points); None for anything else.
pub fn order(actual: &Value, expected: &Value) -> Option<Ordering> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(b)) => numbers(a, b),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// Integers exactly; when either is not an integer, both as 64-bit floats.
fn numbers(a: &Number, b: &Number) -> Option<Ordering> {
    let integer = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// Whether `actual` holds `expected` (`body-includes`): an object's fields with included values, others allowed;
/// an array's elements each included in an element of the other (in order, or in any, as `arrays` says); anything
/// else equal.
pub fn holds(actual: &Value, expected: &Value, arrays: Arrays) -> bool {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => want
            .iter()
            .all(|(k, v)| have.get(k).is_some_and(|found| holds(found, v, arrays))),
        (Value::Array(want), Value::Array(have)) => match arrays {
            Arrays::Ordered => in_order(want, have, 0, arrays).is_ok(),
            Arrays::Set => want.iter().all(|v| have.iter().any(|h| holds(h, v, arrays))),
        },
        _ => equal(expected, actual, arrays),
    }
}

/// Matches each expected element to the first actual element from `start` on, after the previous match, that holds
/// it (taking the earliest never rules out a match a later choice would allow); Err: the first expected element left
/// over and the position the search for it began at.
fn in_order(want: &[Value], have: &[Value], start: usize, arrays: Arrays) -> Result<(), (usize, usize)> {
    let mut next = start;
    for (i, v) in want.iter().enumerate() {
        match have[next..].iter().position(|h| holds(h, v, arrays)) {
            Some(j) => next += j + 1,
            None => return Err((i, next)),
        }
    }
    Ok(())
}

/// Lines of differences between two unequal values, `$.a.b: expected 2, got 1`, from the outermost path that
/// differs; appended to `out`.
pub fn differences(expected: &Value, actual: &Value, arrays: Arrays, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                match have.get(key) {
                    Some(found) => differences(value, found, arrays, &child(path, key), out),
                    None => out.push(format!("{}: expected {}, got nothing", child(path, key), shown(value))),
                }
            }
            for (key, found) in have.iter().filter(|(k, _)| !want.contains_key(*k)) {
                out.push(format!("{}: expected nothing, got {}", child(path, key), shown(found)));
            }
        }
        (Value::Array(want), Value::Array(have)) if arrays == Arrays::Ordered => {
            for i in 0..want.len().max(have.len()) {
                let at = format!("{path}[{i}]");
                match (want.get(i), have.get(i)) {
                    (Some(v), Some(h)) => differences(v, h, arrays, &at, out),
                    (Some(v), None) => out.push(format!("{at}: expected {}, got nothing", shown(v))),
                    (None, Some(h)) => out.push(format!("{at}: expected nothing, got {}", shown(h))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            for v in want.iter().filter(|v| !have.iter().any(|h| equal(v, h, arrays))) {
                out.push(format!("{path}: expected an element {}, got none", shown(v)));
            }
            for h in have.iter().filter(|h| !want.iter().any(|v| equal(v, h, arrays))) {
                out.push(format!("{path}: expected no element {}, got one", shown(h)));
            }
        }
        _ if equal(expected, actual, arrays) => {}
        _ => out.push(format!("{path}: expected {}, got {}", shown(expected), shown(actual))),
    }
}

/// Lines saying what `actual` lacks of `expected` (`body-includes`), as `differences` does for equality.
pub fn lacks(expected: &Value, actual: &Value, arrays: Arrays, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                match have.get(key) {
                    Some(found) => lacks(value, found, arrays, &child(path, key), out),
                    None => out.push(format!("{}: expected {}, got nothing", child(path, key), shown(value))),
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => match arrays {
            // As long as the actual array, in order means element by element: say which inside each differs.
            Arrays::Ordered if want.len() == have.len() => {
                for (i, (v, h)) in want.iter().zip(have).enumerate() {
                    lacks(v, h, arrays, &format!("{path}[{i}]"), out);
                }
            }
            Arrays::Ordered if want.len() > have.len() => out.push(format!(
                "{path}: expected at least {} elements, got {}",
                want.len(),
                have.len()
            )),
            Arrays::Ordered => {
                let (mut rest, mut offset, mut start) = (want.as_slice(), 0, 0);
                while let Err((i, from)) = in_order(rest, have, start, arrays) {
                    let missing = &rest[i];
                    let anywhere = have.iter().any(|h| holds(h, missing, arrays));
                    out.push(if anywhere && from > 0 {
                        format!(
                            "{path}: expected an element holding {} after {path}[{}] (element {} in order), got one only before",
                            shown(missing),
                            from - 1,
                            offset + i
                        )
                    } else {
                        format!("{path}: expected an element holding {}, got none", shown(missing))
                    });
                    // The rest is searched for from where this one was.
                    rest = &rest[i + 1..];
                    offset += i + 1;
                    start = from;
                }
            }
            Arrays::Set => {
                for v in want.iter().filter(|v| !have.iter().any(|h| holds(h, v, arrays))) {
                    out.push(format!("{path}: expected an element holding {}, got none", shown(v)));
                }
            }
        },
        _ if equal(expected, actual, arrays) => {}
        _ => out.push(format!("{path}: expected {}, got {}", shown(expected), shown(actual))),
    }
}

/// `$.key`, or `$["a key"]` for a key that a dotted path cannot hold.
fn child(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"' | '\'') || c.is_whitespace());
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_string()))
    }
}

/// Values in a difference line are cut shorter than in the line above them.
const SHOWN_IN_LINE: usize = 80;

/// A value as compact JSON, cut to `SHOWN_IN_LINE` characters.
pub fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > SHOWN_IN_LINE {
        format!("{}…", text.chars().take(SHOWN_IN_LINE).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const O: Arrays = Arrays::Ordered;
    const S: Arrays = Arrays::Set;

    #[test]
    fn numbers_compare_by_value() {
        assert!(equal(&json!(1), &json!(1.0), O));
        assert!(equal(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]}), O));
        assert!(!equal(&json!(1), &json!(1.5), O));
        assert!(!equal(&json!(1), &json!("1"), O));
        assert!(equal(&json!(u64::MAX), &json!(u64::MAX), O));
        assert!(!equal(&json!(u64::MAX), &json!(i64::MAX), O));
        assert_eq!(order(&json!(-1), &json!(u64::MAX)), Some(Ordering::Less));
        assert_eq!(order(&json!(2.5), &json!(2)), Some(Ordering::Greater));
        assert_eq!(order(&json!("b"), &json!("a")), Some(Ordering::Greater));
        assert_eq!(order(&json!("1"), &json!(1)), None);
        assert_eq!(order(&json!(true), &json!(false)), None);
    }

    #[test]
    fn arrays_in_order_or_as_sets() {
        assert!(!equal(&json!([1, 2]), &json!([2, 1]), O));
        assert!(equal(&json!([1, 2]), &json!([2, 1]), S));
        assert!(equal(&json!([1, 2, 2]), &json!([2, 1]), S));
        assert!(!equal(&json!([1, 2]), &json!([1, 2, 3]), S));
        assert!(!equal(&json!({"a": 1}), &json!({"a": 1, "b": 2}), O));
    }

    #[test]
    fn inclusion_is_an_in_order_subsequence_unless_set() {
        let actual = json!({"a": 1, "b": {"c": [1, {"d": "x", "e": 2}], "f": null}, "g": "y"});
        for ok in [
            json!({}),
            json!({"a": 1.0}),
            json!({"b": {"c": [{"d": "x"}]}}),
            json!({"b": {"c": [1]}, "g": "y"}),
            json!({"b": {"c": [1, {"e": 2}]}}),
        ] {
            assert!(holds(&actual, &ok, O), "{ok}");
        }
        assert!(!holds(&actual, &json!({"b": {"c": [{"e": 2}, 1]}}), O));
        assert!(holds(&actual, &json!({"b": {"c": [{"e": 2}, 1]}}), S));
        // The issue's example: a repeated element needs two, in order.
        assert!(!holds(&json!(["pay", "ship"]), &json!(["ship", "pay", "pay"]), O));
        assert!(holds(&json!(["pay", "ship"]), &json!(["ship", "pay", "pay"]), S));
        assert!(holds(&json!(["a", "b", "a", "c"]), &json!(["a", "a", "c"]), O));
        assert!(!holds(&json!(["x"]), &json!("x"), O));
    }

    fn diff(expected: Value, actual: Value, arrays: Arrays, includes: bool) -> Vec<String> {
        let mut out = Vec::new();
        if includes {
            lacks(&expected, &actual, arrays, "$", &mut out);
        } else {
            differences(&expected, &actual, arrays, "$", &mut out);
        }
        out
    }

    #[test]
    fn differences_name_each_path() {
        assert_eq!(
            diff(
                json!({"a": {"b": 2}, "c": [1, 2], "gone": true, "k y": 1}),
                json!({"a": {"b": 1}, "c": [1, 3, 4], "new": 0, "k y": 1.0}),
                O,
                false
            ),
            [
                "$.a.b: expected 2, got 1",
                "$.c[1]: expected 2, got 3",
                "$.c[2]: expected nothing, got 4",
                "$.gone: expected true, got nothing",
                "$.new: expected nothing, got 0",
            ]
        );
        assert_eq!(
            diff(json!({"x y": [1, 2]}), json!({"x y": [3, 1]}), S, false),
            [
                "$[\"x y\"]: expected an element 2, got none",
                "$[\"x y\"]: expected no element 3, got one",
            ]
        );
        assert!(diff(json!([1, 2]), json!([2.0, 1]), S, false).is_empty());
    }

    #[test]
    fn lacks_names_each_path() {
        assert_eq!(
            diff(json!({"a": {"b": 2}, "z": 1}), json!({"a": {"b": 1, "c": 0}}), O, true),
            ["$.a.b: expected 2, got 1", "$.z: expected 1, got nothing"]
        );
        assert_eq!(
            diff(json!({"i": [{"s": "tea"}]}), json!({"i": [{"s": "cake"}]}), O, true),
            ["$.i[0].s: expected \"tea\", got \"cake\""]
        );
        assert_eq!(
            diff(json!(["ship", "pay", "pay"]), json!(["pay", "ship"]), O, true),
            ["$: expected at least 3 elements, got 2"]
        );
        assert_eq!(
            diff(json!(["ship", "pay"]), json!(["pay", "ship", "x"]), O, true),
            ["$: expected an element holding \"pay\" after $[1] (element 1 in order), got one only before"]
        );
        assert_eq!(
            diff(json!(["a", "q", "b", "r"]), json!(["a", "b", "c", "d", "e"]), O, true),
            [
                "$: expected an element holding \"q\", got none",
                "$: expected an element holding \"r\", got none",
            ]
        );
        assert_eq!(
            diff(json!(["q"]), json!(["a", "b"]), S, true),
            ["$: expected an element holding \"q\", got none"]
        );
        assert!(diff(json!(["b", "a"]), json!(["a", "b", "c"]), S, true).is_empty());
    }
}
