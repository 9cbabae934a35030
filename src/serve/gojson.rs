//! What the real frontend's Go code does with JSON and numbers where a client sees it: which documents
//! `encoding/json` accepts (to the byte) and the error its scanner gives, `json.Unmarshal` into the few shapes the
//! frontend decodes (a struct of string and int fields, `map[string]int64`), `json.Marshal`'s string escaping, and
//! `strconv.ParseInt` with its errors. serde_json accepts other documents (it refuses invalid UTF-8 and lone
//! surrogates in strings, which Go passes, and nests 128 deep where Go nests 10,000), so it is not used here.

use std::num::IntErrorKind;

/// Go's `maxNestingDepth` in encoding/json/scanner.go.
const MAX_DEPTH: usize = 10_000;

const END: &str = "unexpected end of JSON input";

/// `quoteChar` in encoding/json/scanner.go: how a syntax error names the offending byte (a byte is the rune of the
/// same number there, so 0xc3 is `'Ã'`).
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            let mut out = String::from("'");
            push_quoted(&mut out, char::from(c));
            out.push('\'');
            out
        }
    }
}

/// `strconv.Quote` over raw bytes: bytes that are not UTF-8 as `\xHH`, controls and separators escaped. Go escapes
/// every character `unicode.IsPrint` refuses; format and private-use characters (U+00AD, U+200B, U+E000, …) are
/// written as they are here.
fn go_quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        chunk.valid().chars().for_each(|c| push_quoted(&mut out, c));
        chunk
            .invalid()
            .iter()
            .for_each(|b| out.push_str(&format!("\\x{b:02x}")));
    }
    out.push('"');
    out
}

fn push_quoted(out: &mut String, c: char) {
    let escape = match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{b}' => "\\v",
        ' ' => " ",
        c if c.is_ascii() && !c.is_ascii_graphic() => return out.push_str(&format!("\\x{:02x}", c as u32)),
        c if c.is_control() || c.is_whitespace() => return out.push_str(&format!("\\u{:04x}", c as u32)),
        c => return out.push(c),
    };
    out.push_str(escape);
}

/// A value as far as decoding into a flat struct or map needs it: strings and numbers as their raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw<'a> {
    Null,
    Bool,
    Number(&'a [u8]),
    /// Between the quotes, escapes not yet resolved.
    String(&'a [u8]),
    Array,
    Object,
}

impl Raw<'_> {
    /// The word Go's `UnmarshalTypeError` uses for a value of this kind.
    fn kind(self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool => "bool",
            Raw::Number(_) => "number",
            Raw::String(_) => "string",
            Raw::Array => "array",
            Raw::Object => "object",
        }
    }
}

/// A document read: the top-level value and, when it is an object, its members in order.
struct Scanned<'a> {
    top: Raw<'a>,
    members: Members<'a>,
}

/// An object's members in order: each key (escapes not yet resolved) and value.
type Members<'a> = Vec<(&'a [u8], Raw<'a>)>;

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn invalid(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

/// `json.Valid` with the error `compact` and `Unmarshal` report: `invalid character 'x' looking for beginning of
/// value`, `unexpected end of JSON input`, …
pub fn validate(data: &[u8]) -> Result<(), String> {
    scan(data).map(|_| ())
}

/// Go's scanner, a token at a time with the open arrays and objects on a stack (not the call stack: Go allows
/// 10,000 levels).
fn scan(data: &[u8]) -> Result<Scanned<'_>, String> {
    let mut r = Reader { data, at: 0 };
    let mut open: Vec<u8> = Vec::new(); // the closing byte of each open array or object
    let mut top = None;
    let mut members = Vec::new();
    let mut key: &[u8] = b"";
    loop {
        let c = r.token()?;
        let in_top_object = open == b"}";
        let value = match c {
            b'{' | b'[' => {
                open.push(if c == b'{' { b'}' } else { b']' });
                if open.len() > MAX_DEPTH {
                    return Err(invalid(c, "exceeded max depth"));
                }
                r.at += 1;
                if c == b'{' { Raw::Object } else { Raw::Array }
            }
            _ => r.scalar(c)?,
        };
        top.get_or_insert(value);
        if in_top_object {
            members.push((key, value));
        }
        if let Raw::Object | Raw::Array = value {
            if r.token()? != c + 2 {
                // `{` + 2 is `}`, `[` + 2 is `]`: the container is not empty.
                if value == Raw::Object {
                    key = r.key()?;
                }
                continue;
            }
            r.at += 1;
            open.pop();
        }
        // The value ended: close what it ends, up to where the next value begins.
        loop {
            let Some(&close) = open.last() else {
                return match r.next_token() {
                    None => Ok(Scanned {
                        top: top.unwrap_or(Raw::Null),
                        members,
                    }),
                    Some(c) => Err(invalid(c, "after top-level value")),
                };
            };
            let c = r.token()?;
            r.at += 1;
            match (close, c) {
                (b']', b',') => break,
                (_, b',') => {
                    key = r.key()?;
                    break;
                }
                _ if c == close => {
                    open.pop();
                }
                (b']', _) => return Err(invalid(c, "after array element")),
                _ => return Err(invalid(c, "after object key:value pair")),
            }
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// The next byte; past the end a space, as Go's `eof()` feeds one: what a space breaks (`tru`, `1.`) is
    /// reported with that space.
    fn peek(&self) -> u8 {
        self.data.get(self.at).copied().unwrap_or(b' ')
    }

    /// The next byte that is not a space, not taken; None at the end.
    fn next_token(&mut self) -> Option<u8> {
        while self.data.get(self.at).is_some_and(|&c| is_space(c)) {
            self.at += 1;
        }
        self.data.get(self.at).copied()
    }

    fn token(&mut self) -> Result<u8, String> {
        self.next_token().ok_or_else(|| END.to_string())
    }

    /// An object key and its colon.
    fn key(&mut self) -> Result<&'a [u8], String> {
        let c = self.token()?;
        if c != b'"' {
            return Err(invalid(c, "looking for beginning of object key string"));
        }
        let key = self.string()?;
        let c = self.token()?;
        if c != b':' {
            return Err(invalid(c, "after object key"));
        }
        self.at += 1;
        Ok(key)
    }

    /// A value that is not an array or object, starting with `c`.
    fn scalar(&mut self, c: u8) -> Result<Raw<'a>, String> {
        let word = match c {
            b'"' => return Ok(Raw::String(self.string()?)),
            b'-' | b'0'..=b'9' => return Ok(Raw::Number(self.number()?)),
            b't' => "true",
            b'f' => "false",
            b'n' => "null",
            _ => return Err(invalid(c, "looking for beginning of value")),
        };
        for &want in &word.as_bytes()[1..] {
            self.at += 1;
            if self.peek() != want {
                let context = format!("in literal {word} (expecting {})", quote_char(want));
                return Err(invalid(self.peek(), &context));
            }
        }
        self.at += 1;
        Ok(if c == b'n' { Raw::Null } else { Raw::Bool })
    }

    /// A string from its opening quote; gives what is between the quotes.
    fn string(&mut self) -> Result<&'a [u8], String> {
        self.at += 1;
        let start = self.at;
        loop {
            let Some(&c) = self.data.get(self.at) else {
                return Err(END.into());
            };
            self.at += 1;
            match c {
                b'"' => return Ok(&self.data[start..self.at - 1]),
                0..=0x1f => return Err(invalid(c, "in string literal")),
                b'\\' => {
                    let e = self.peek();
                    self.at += 1;
                    match e {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {}
                        b'u' => {
                            for _ in 0..4 {
                                if !self.peek().is_ascii_hexdigit() {
                                    return Err(invalid(self.peek(), "in \\u hexadecimal character escape"));
                                }
                                self.at += 1;
                            }
                        }
                        _ => return Err(invalid(e, "in string escape code")),
                    }
                }
                _ => {}
            }
        }
    }

    /// A number: `-`? (`0` | [1-9][0-9]*) (`.`[0-9]+)? ([eE][+-]?[0-9]+)?; the first byte that does not fit ends it.
    fn number(&mut self) -> Result<&'a [u8], String> {
        let start = self.at;
        if self.peek() == b'-' {
            self.at += 1;
        }
        match self.peek() {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            c => return Err(invalid(c, "in numeric literal")),
        }
        if self.peek() == b'.' {
            self.at += 1;
            self.digits_after("after decimal point in numeric literal")?;
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.at += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.at += 1;
            }
            self.digits_after("in exponent of numeric literal")?;
        }
        Ok(&self.data[start..self.at])
    }

    fn digits(&mut self) {
        while self.peek().is_ascii_digit() {
            self.at += 1;
        }
    }

    /// One digit or more, else the error `context` names.
    fn digits_after(&mut self, context: &str) -> Result<(), String> {
        if !self.peek().is_ascii_digit() {
            return Err(invalid(self.peek(), context));
        }
        self.digits();
        Ok(())
    }
}

/// A string's text as Go's decoder gives it: escapes resolved, a `\u` surrogate pair joined, a lone surrogate and
/// bytes that are not UTF-8 as U+FFFD. Only called on what `scan` accepted.
fn unquote(raw: &[u8]) -> String {
    let hex = |i: usize| {
        let digits = std::str::from_utf8(raw.get(i..i + 4)?).ok()?;
        u32::from_str_radix(digits, 16).ok()
    };
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let e = raw.get(i).copied().unwrap_or(b'\\');
        i += 1;
        let ch = match e {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let mut rune = hex(i).unwrap_or(0xfffd);
                i += 4;
                if (0xd800..0xdc00).contains(&rune) && raw.get(i..i + 2) == Some(b"\\u") {
                    if let Some(low @ 0xdc00..0xe000) = hex(i + 2) {
                        rune = 0x10000 + ((rune - 0xd800) << 10) + (low - 0xdc00);
                        i += 6;
                    }
                }
                char::from_u32(rune).unwrap_or('\u{fffd}')
            }
            other => char::from(other),
        };
        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The Go types of the fields the frontend decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// A 64-bit integer; the name is how Go writes the type (`int`, `int64`).
    Int(&'static str),
}

/// A Go struct type: its bare name (in field errors), its qualified name (in whole-value errors), and its fields
/// by the names in their `json:"…"` tags.
#[derive(Debug, Clone, Copy)]
pub struct Struct {
    pub name: &'static str,
    pub qualified: &'static str,
    pub fields: &'static [(&'static str, Kind)],
}

/// A decoded field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    String(String),
    Int(i64),
}

/// Go's `foldName`: keys match a field case-insensitively (with the two non-ASCII letters that fold to ASCII).
fn fold(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            '\u{212a}' => 'k',
            '\u{17f}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The members of a document decoded into the Go type `into`: None for `null`.
fn members<'a>(data: &'a [u8], into: &str) -> Result<Option<Members<'a>>, String> {
    let scanned = scan(data)?;
    match scanned.top {
        Raw::Null => Ok(None),
        Raw::Object => Ok(Some(scanned.members)),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type {into}",
            other.kind()
        )),
    }
}

/// A member decoded into an integer: None for `null` (Go leaves the value as it was), else the value or what Go's
/// type error calls the member.
fn int_of(raw: Raw) -> Option<Result<i64, String>> {
    match raw {
        Raw::Null => None,
        Raw::Number(n) => Some(parse_int(n).map_err(|_| format!("number {}", String::from_utf8_lossy(n)))),
        other => Some(Err(other.kind().to_string())),
    }
}

/// `json.Unmarshal(data, &v)` for a struct `v`: None when the document is `null` (Go leaves the struct as it was,
/// or sets a pointer to nil); otherwise the fields present, each the last value given. The first type error is
/// returned after the whole document was read, as Go does.
pub fn unmarshal_struct(data: &[u8], shape: &Struct) -> Result<Option<Vec<(&'static str, Decoded)>>, String> {
    let Some(members) = members(data, shape.qualified)? else {
        return Ok(None);
    };
    let mut first_error: Option<String> = None;
    let mut out: Vec<(&'static str, Decoded)> = Vec::new();
    for (key, raw) in members {
        let key = unquote(key);
        let fields = shape.fields.iter();
        let Some(&(name, kind)) = fields.clone().find(|f| f.0 == key).or_else(|| {
            let key = fold(&key);
            fields.clone().find(|f| fold(f.0) == key)
        }) else {
            continue;
        };
        let (decoded, type_name) = match (kind, raw) {
            (_, Raw::Null) => continue,
            (Kind::String, Raw::String(s)) => (Ok(Decoded::String(unquote(s))), "string"),
            (Kind::String, other) => (Err(other.kind().to_string()), "string"),
            (Kind::Int(type_name), raw) => match int_of(raw) {
                Some(n) => (n.map(Decoded::Int), type_name),
                None => continue,
            },
        };
        match decoded {
            Ok(v) => {
                out.retain(|(n, _)| *n != name);
                out.push((name, v));
            }
            Err(what) => {
                let error = format!(
                    "json: cannot unmarshal {what} into Go struct field {}.{name} of type {type_name}",
                    shape.name
                );
                first_error.get_or_insert(error);
            }
        }
    }
    first_error.map_or(Ok(Some(out)), Err)
}

/// `json.Unmarshal(data, &m)` for a `map[string]int64`: None for `null`; a `null` member is the value 0.
pub fn unmarshal_int_map(data: &[u8]) -> Result<Option<Vec<(String, i64)>>, String> {
    let Some(members) = members(data, "map[string]int64")? else {
        return Ok(None);
    };
    let mut first_error: Option<String> = None;
    let mut out: Vec<(String, i64)> = Vec::new();
    for (key, raw) in members {
        match int_of(raw).unwrap_or(Ok(0)) {
            Ok(n) => {
                let key = unquote(key);
                out.retain(|(k, _)| *k != key);
                out.push((key, n));
            }
            Err(what) => {
                first_error.get_or_insert(format!("json: cannot unmarshal {what} into Go value of type int64"));
            }
        }
    }
    first_error.map_or(Ok(Some(out)), Err)
}

/// `strconv.ParseInt(s, 10, 64)`: an optional sign, then decimal digits, nothing else (no spaces, no `_`); the
/// error is Go's. Rust's parser stops where Go's does, at the first bad byte or the first overflow, except that
/// it overflows at 2^63 where Go's `ParseUint` does at 2^64 (so `9223372036854775808x` is out of range here and
/// invalid syntax in Go).
pub fn parse_int(s: &[u8]) -> Result<i64, String> {
    String::from_utf8_lossy(s)
        .parse()
        .map_err(|e: std::num::ParseIntError| {
            let reason = match e.kind() {
                IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "value out of range",
                _ => "invalid syntax",
            };
            format!("strconv.ParseInt: parsing {}: {reason}", go_quote(s))
        })
}

/// A string as `json.Marshal` writes it: HTML characters and U+2028/U+2029 escaped too.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An object with members in the given order, each value already encoded.
pub fn object(members: &[(&str, String)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&string(key));
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(data: &str) -> String {
        validate(data.as_bytes()).unwrap_err()
    }

    #[test]
    fn valid_documents() {
        for ok in [
            "{}",
            " [1, -0.5e+3, \"a\\u00e9\\n\", true, false, null, {\"k\": []}] ",
            "0",
            "-12",
            "1.5E2",
            "\"\u{ff}\"",
        ] {
            assert_eq!(validate(ok.as_bytes()), Ok(()), "{ok}");
        }
        // Go does not check UTF-8 inside strings.
        assert_eq!(validate(b"\"\xff\xfe\""), Ok(()));
    }

    #[test]
    fn go_syntax_errors() {
        assert_eq!(err(""), "unexpected end of JSON input");
        assert_eq!(err("   "), "unexpected end of JSON input");
        assert_eq!(
            err("{bad"),
            "invalid character 'b' looking for beginning of object key string"
        );
        assert_eq!(err("hello"), "invalid character 'h' looking for beginning of value");
        assert_eq!(err("{\"a\":1} trailing"), "invalid character 't' after top-level value");
        assert_eq!(err("[1,2"), "unexpected end of JSON input");
        assert_eq!(err("{\"a\" 1}"), "invalid character '1' after object key");
        assert_eq!(
            err("{\"a\":1 \"b\"}"),
            "invalid character '\"' after object key:value pair"
        );
        assert_eq!(err("[1 2]"), "invalid character '2' after array element");
        assert_eq!(err("\"a\u{1}\""), "invalid character '\\x01' in string literal");
        assert_eq!(err("\"\\q\""), "invalid character 'q' in string escape code");
        assert_eq!(
            err("\"\\u12g4\""),
            "invalid character 'g' in \\u hexadecimal character escape"
        );
        assert_eq!(err("-x"), "invalid character 'x' in numeric literal");
        assert_eq!(
            err("1.x"),
            "invalid character 'x' after decimal point in numeric literal"
        );
        assert_eq!(err("1ex"), "invalid character 'x' in exponent of numeric literal");
        // Go's eof() feeds a space: what a space breaks is reported with that space.
        assert_eq!(err("tru"), "invalid character ' ' in literal true (expecting 'e')");
        assert_eq!(
            err("1."),
            "invalid character ' ' after decimal point in numeric literal"
        );
        assert_eq!(err("-"), "invalid character ' ' in numeric literal");
        assert_eq!(err("\"ab"), "unexpected end of JSON input");
        assert_eq!(err("trux"), "invalid character 'x' in literal true (expecting 'e')");
        assert_eq!(err("nul1"), "invalid character '1' in literal null (expecting 'l')");
        assert_eq!(err("01"), "invalid character '1' after top-level value");
        assert_eq!(err("é"), "invalid character 'Ã' looking for beginning of value");
        assert_eq!(err("'a'"), "invalid character '\\'' looking for beginning of value");
        let deep = "[".repeat(10_001);
        assert_eq!(err(&deep), "invalid character '[' exceeded max depth");
        assert_eq!(err(&"[".repeat(10_000)), "unexpected end of JSON input");
    }

    const SESSION: Struct = Struct {
        name: "InstanceSessionConfig",
        qualified: "types.InstanceSessionConfig",
        fields: &[
            ("sessionID", Kind::String),
            ("sessionTTL", Kind::Int("int")),
            ("concurrency", Kind::Int("int")),
        ],
    };

    #[test]
    fn structs_decode_as_go_does() {
        let got = unmarshal_struct(
            br#"{"SESSIONID":"a","sessionttl":5,"x":[1],"concurrency":-1}"#,
            &SESSION,
        );
        assert_eq!(
            got,
            Ok(Some(vec![
                ("sessionID", Decoded::String("a".into())),
                ("sessionTTL", Decoded::Int(5)),
                ("concurrency", Decoded::Int(-1)),
            ]))
        );
        assert_eq!(unmarshal_struct(b"null", &SESSION), Ok(None));
        assert_eq!(
            unmarshal_struct(b"[]", &SESSION).unwrap_err(),
            "json: cannot unmarshal array into Go value of type types.InstanceSessionConfig"
        );
        assert_eq!(
            unmarshal_struct(br#"{"sessionID":1}"#, &SESSION).unwrap_err(),
            "json: cannot unmarshal number into Go struct field InstanceSessionConfig.sessionID of type string"
        );
        assert_eq!(
            unmarshal_struct(br#"{"sessionTTL":1.5,"concurrency":"2"}"#, &SESSION).unwrap_err(),
            "json: cannot unmarshal number 1.5 into Go struct field InstanceSessionConfig.sessionTTL of type int"
        );
        assert_eq!(
            unmarshal_struct(br#"{"sessionID":"a","sessionID":"b"}"#, &SESSION),
            Ok(Some(vec![("sessionID", Decoded::String("b".into()))]))
        );
    }

    #[test]
    fn int_maps_decode_as_go_does() {
        assert_eq!(
            unmarshal_int_map(br#"{"NPU":2,"GPU":0,"X":null}"#),
            Ok(Some(vec![("NPU".into(), 2), ("GPU".into(), 0), ("X".into(), 0)]))
        );
        assert_eq!(unmarshal_int_map(b"null"), Ok(None));
        assert_eq!(
            unmarshal_int_map(b"[1]").unwrap_err(),
            "json: cannot unmarshal array into Go value of type map[string]int64"
        );
        assert_eq!(
            unmarshal_int_map(br#"{"NPU":"x"}"#).unwrap_err(),
            "json: cannot unmarshal string into Go value of type int64"
        );
        assert_eq!(
            unmarshal_int_map(br#"{"NPU":1.5}"#).unwrap_err(),
            "json: cannot unmarshal number 1.5 into Go value of type int64"
        );
    }

    #[test]
    fn parse_int_as_strconv() {
        assert_eq!(parse_int(b"500"), Ok(500));
        assert_eq!(parse_int(b"+5"), Ok(5));
        assert_eq!(parse_int(b"-9223372036854775808"), Ok(i64::MIN));
        let range = |s: &str| format!("strconv.ParseInt: parsing \"{s}\": value out of range");
        assert_eq!(parse_int(b"9223372036854775808"), Err(range("9223372036854775808")));
        // Go stops at the first overflow, even if a bad character follows.
        assert_eq!(parse_int(b"99999999999999999999x"), Err(range("99999999999999999999x")));
        for bad in ["", "-", "+", "1.5", " 1", "1_0", "abc", "0x10"] {
            let syntax = format!("strconv.ParseInt: parsing \"{bad}\": invalid syntax");
            assert_eq!(parse_int(bad.as_bytes()), Err(syntax), "{bad:?}");
        }
        assert_eq!(
            parse_int(b"a\"\xff"),
            Err("strconv.ParseInt: parsing \"a\\\"\\xff\": invalid syntax".into())
        );
    }

    #[test]
    fn go_quote_as_strconv() {
        assert_eq!(
            go_quote(b"a\"\\\xff\xe2\x82\xe2\x82\xac\x01\n\xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8\xf0\x9f\x98"),
            "\"a\\\"\\\\\\xff\\xe2\\x82\u{20ac}\\x01\\n\u{e9}\u{1f600}\\u2028\\xf0\\x9f\\x98\""
        );
    }

    #[test]
    fn strings_encode_as_go_marshal() {
        assert_eq!(
            string("a<b>&\"\\\n\u{1}é"),
            "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001é\""
        );
        assert_eq!(
            object(&[("code", "1".into()), ("message", string("m"))]),
            r#"{"code":1,"message":"m"}"#
        );
    }
}
