//! Re-indents JSON text token by token, so numbers, escapes and key order stay exactly as received; colours it when asked.

use crate::color::{Paint, Palette};

/// Pretty (two-space indent) or compact JSON from text already checked to be valid JSON.
pub fn reformat(json: &str, pretty: bool, palette: &Palette) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let bytes = json.as_bytes();
    let mut depth = 0usize;
    // For each open container: is it an object, and is the next string in it a key?
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                let next = next_token(bytes, i + 1);
                if next < bytes.len() && bytes[next] == close {
                    out.push(b as char);
                    out.push(close as char);
                    i = next + 1;
                } else {
                    out.push(b as char);
                    depth += 1;
                    stack.push((b == b'{', b == b'{'));
                    newline(&mut out, depth);
                    i += 1;
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                stack.pop();
                newline(&mut out, depth);
                out.push(b as char);
                i += 1;
            }
            b',' => {
                out.push(',');
                if let Some(top) = stack.last_mut() {
                    top.1 = top.0;
                }
                newline(&mut out, depth);
                i += 1;
            }
            b':' => {
                out.push_str(if pretty { ": " } else { ":" });
                if let Some(top) = stack.last_mut() {
                    top.1 = false;
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                let token = &json[i..end];
                let is_key = stack.last().is_some_and(|top| top.1);
                out.push_str(&palette.paint(token, if is_key { Paint::Key } else { Paint::String }));
                i = end;
            }
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':'))
                    .map_or(bytes.len(), |p| i + p);
                let token = &json[i..end];
                let paint = if matches!(token, "true" | "false" | "null") {
                    Paint::Literal
                } else {
                    Paint::Number
                };
                out.push_str(&palette.paint(token, paint));
                i = end.max(i + 1);
            }
        }
    }
    out
}

fn next_token(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        .map_or(bytes.len(), |p| from + p)
}

/// The index just past the closing quote of the string starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(json: &str, pretty: bool) -> String {
        reformat(json, pretty, &Palette::plain())
    }

    #[test]
    fn pretty_keeps_tokens_and_order() {
        let text = r#"{"z":1.50,"a":[1, 2,{}],"s":"x\"y, {z}","e":[],"big":12345678901234567890123,"n":null}"#;
        let expected = "{\n  \"z\": 1.50,\n  \"a\": [\n    1,\n    2,\n    {}\n  ],\n  \"s\": \"x\\\"y, {z}\",\n  \"e\": [],\n  \"big\": 12345678901234567890123,\n  \"n\": null\n}";
        assert_eq!(plain(text, true), expected);
    }

    #[test]
    fn compact_removes_only_whitespace() {
        assert_eq!(
            plain("{ \"a\" : [ 1 , \"b c\" ] ,\n \"d\": { } }", false),
            r#"{"a":[1,"b c"],"d":{}}"#
        );
        assert_eq!(plain("\"hello yuanrong\"", false), "\"hello yuanrong\"");
        assert_eq!(plain(" -1e+5 ", true), "-1e+5");
    }

    #[test]
    fn colours_keys_and_values_differently() {
        let out = reformat(r#"{"k":"v","n":1,"b":true}"#, true, &Palette::colored());
        assert!(out.contains("\u{1b}["), "{out:?}");
        assert_ne!(
            Palette::colored().paint("\"k\"", Paint::Key),
            Palette::colored().paint("\"k\"", Paint::String)
        );
        let stripped = strip_ansi(&out);
        assert_eq!(stripped, plain(r#"{"k":"v","n":1,"b":true}"#, true));
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
