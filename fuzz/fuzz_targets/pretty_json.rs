//! The terminal's pretty printer over any JSON, deep nesting first: it never panics, what it writes grows with the
//! input (not its square), and it is the same JSON text but for white space outside strings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yr::fuzzing::{Palette, for_terminal, reformat};

/// The text without white space outside strings.
fn squeezed(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        if escaped {
            escaped = false;
        } else if in_string {
            escaped = c == '\\';
            in_string = c != '"';
        } else if c == '"' {
            in_string = true;
        } else if c.is_ascii_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

fuzz_target!(|input: &[u8]| {
    // The first byte, as a depth, nests the rest that many arrays deep: deep values are what the printer must
    // survive, and random bytes rarely make them (serde_json's own parser stops at 128 levels, so validity is
    // judged by the printer's output, not by parsing the input again).
    let Some((&depth, rest)) = input.split_first() else {
        return;
    };
    let Ok(inner) = std::str::from_utf8(rest) else {
        return;
    };
    let depth = usize::from(depth) * 40;
    let json = format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth));
    let pretty = for_terminal(&json, true, &Palette::plain());
    assert!(pretty.len() <= 64 * json.len() + 4096, "{} bytes for {}", pretty.len(), json.len());
    let shallow = serde_json::from_str::<serde_json::Value>(&json).is_ok();
    if shallow {
        let plain = reformat(&json, true, &Palette::plain());
        assert_eq!(squeezed(&plain), squeezed(&json));
    }
});
