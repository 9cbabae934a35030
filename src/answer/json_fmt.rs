//! Re-indents JSON text token by token, so numbers, escapes and key order stay exactly as received; colours it when
//! asked. For a terminal it also shows `\u` escapes of readable characters as the characters (`"\u4f60"` as `"你"`).

use std::borrow::Cow;

use crate::answer::color::{Paint, Palette};

/// Pretty output indents values nested up to this depth; a container opened deeper is printed compact, whole. Each
/// level of indentation costs two columns on every line beneath it, so indenting without a bound grows with the
/// square of the depth (10,000 nested arrays, 20 KB, printed 200 MB); with it the output is at most about
/// `2 * PRETTY_DEPTH + 2` times the input. 32 levels already indent 64 columns, most of a terminal's width.
pub const PRETTY_DEPTH: usize = 32;

/// Pretty (two-space indent) or compact JSON from text already checked to be valid JSON, every token as it was.
pub fn reformat(json: &str, pretty: bool, palette: &Palette) -> String {
    format(json, pretty, false, palette)
}

/// As `reformat`, for a person at a terminal: a `\u` escape of a character that reads as itself (not ASCII, not
/// invisible, not one that turns text around) is shown as the character. Python's `json.dumps` escapes all
/// non-ASCII text by default, so a function's Chinese result would otherwise read `"\u4f60\u597d"`.
pub fn for_terminal(json: &str, pretty: bool, palette: &Palette) -> String {
    format(json, pretty, true, palette)
}

fn format(json: &str, pretty: bool, decode: bool, palette: &Palette) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let bytes = json.as_bytes();
    let mut depth = 0usize;
    // For each open container: is it an object, and is the next string in it a key?
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut i = 0;
    // Line breaks and indentation only inside containers at most PRETTY_DEPTH deep: a deeper one is compact.
    let newline = |out: &mut String, depth: usize| {
        if pretty && depth <= PRETTY_DEPTH {
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
                // The break before a closing bracket belongs to the container it closes (`depth` before leaving it).
                if pretty && depth <= PRETTY_DEPTH {
                    newline(&mut out, depth.saturating_sub(1));
                }
                depth = depth.saturating_sub(1);
                stack.pop();
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
                out.push_str(if pretty && depth <= PRETTY_DEPTH { ": " } else { ":" });
                if let Some(top) = stack.last_mut() {
                    top.1 = false;
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                let token = if decode {
                    decoded(&json[i..end])
                } else {
                    Cow::Borrowed(&json[i..end])
                };
                let is_key = stack.last().is_some_and(|top| top.1);
                out.push_str(&palette.paint(&token, if is_key { Paint::Key } else { Paint::String }));
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

/// A JSON string token with the `\u` escapes of readable characters (surrogate pairs too) replaced by the
/// characters; every other escape stays as written. Still a valid JSON string: none of them is `"` or `\`.
fn decoded(token: &str) -> Cow<'_, str> {
    if !token.contains("\\u") {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    let mut rest = token;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (shown, used) = match unicode_escape(rest) {
            Some((c, used)) if reads_as_itself(c) => (Some(c), used),
            // Another escape (`\n`, `\"`, `\\`, an unreadable character) is kept, whole.
            Some((_, used)) => (None, used),
            None => (None, rest.chars().nth(1).map_or(1, |c| 1 + c.len_utf8())),
        };
        match shown {
            Some(c) => out.push(c),
            None => out.push_str(&rest[..used]),
        }
        rest = &rest[used..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of a `\uXXXX` escape (or a `\uD8xx\uDCxx` surrogate pair) at the start of `text`, and the bytes it
/// takes; None for any other escape and for a lone surrogate.
fn unicode_escape(text: &str) -> Option<(char, usize)> {
    let unit = |at: usize| {
        text.get(at..at + 2)
            .filter(|p| *p == "\\u")
            .and_then(|_| text.get(at + 2..at + 6))
            .and_then(|hex| {
                u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            })
    };
    let high = unit(0)?;
    if (0xD800..0xDC00).contains(&high) {
        let low = unit(6).filter(|low| (0xDC00..0xE000).contains(low))?;
        let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
        return Some((c, 12));
    }
    char::from_u32(high).map(|c| (c, 6))
}

/// Whether a character shown on a terminal reads as what it is: not ASCII (its escape is deliberate), not a control
/// or formatting character that is invisible or reorders the text around it (bidi overrides, zero-width marks).
fn reads_as_itself(c: char) -> bool {
    let n = c as u32;
    n >= 0xA0
        && !matches!(
            n,
            0xAD | 0x34F
                | 0x61C
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFFB
                | 0xFFFE..=0xFFFF
                | 0xE0000..=0xE0FFF
        )
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

    #[test]
    fn a_terminal_reads_escaped_text_as_text() {
        let term = |json: &str| for_terminal(json, true, &Palette::plain());
        assert_eq!(term(r#"{"msg":"\u4f60\u597d"}"#), "{\n  \"msg\": \"你好\"\n}");
        assert_eq!(term(r#""\ud83d\ude00 caf\u00e9""#), "\"😀 café\"");
        // Kept: ASCII and control escapes, quotes and backslashes, invisible and reordering characters, lone
        // surrogates, and escapes that are not \u at all.
        for kept in [
            r#""\u0041\u0022\u005c\n\"\\\/""#,
            r#""\u0000\u001b\u0085""#,
            r#""\u202e\u200b\ufeff\u2028""#,
            r#""\ud83d x \ude00 \ud83d""#,
            r#""\\u4f60""#,
        ] {
            assert_eq!(term(kept), kept);
        }
        // Keys too; plain reformat never decodes.
        assert_eq!(for_terminal(r#"{"\u540d":1}"#, false, &Palette::plain()), r#"{"名":1}"#);
        assert_eq!(plain(r#"{"\u540d":1}"#, false), r#"{"\u540d":1}"#);
        let colored = for_terminal(r#"["\u4f60"]"#, true, &Palette::colored());
        assert_eq!(strip_ansi(&colored), "[\n  \"你\"\n]");
    }

    #[test]
    fn values_deeper_than_the_pretty_depth_are_compact() {
        // PRETTY_DEPTH levels are indented; the container opened inside the last one is printed whole, compact.
        let deep = |n: usize| format!("{}{{\"k\": [1, 2]}}{}", "[".repeat(n), "]".repeat(n));
        let shown = plain(&deep(PRETTY_DEPTH), true);
        let last = format!("\n{}{{\"k\":[1,2]}}\n", "  ".repeat(PRETTY_DEPTH));
        assert!(shown.contains(&last), "{shown}");
        assert_eq!(shown.lines().count(), 2 * PRETTY_DEPTH + 1);
        let shown = plain(&deep(PRETTY_DEPTH - 1), true);
        // One level up, the object is indented and the array inside it (at PRETTY_DEPTH + 1) compact.
        assert!(
            shown.contains(&format!("\n{}\"k\": [1,2]\n", "  ".repeat(PRETTY_DEPTH))),
            "{shown}"
        );
        // Whatever the depth, the same tokens in linear size.
        let text = deep(5000);
        let shown = plain(&text, true);
        assert!(
            shown.len() < 2 * text.len() + 4 * PRETTY_DEPTH * PRETTY_DEPTH,
            "{}",
            shown.len()
        );
        assert_eq!(shown.replace([' ', '\n'], ""), text.replace(' ', ""));
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
