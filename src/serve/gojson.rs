//! What the real frontend's Go code does with JSON and numbers, byte for byte where its words reach the client:
//! `encoding/json`'s syntax check (the scanner, with its error texts), `json.Unmarshal` into the few shapes the
//! frontend decodes (a struct of string and int fields, `map[string]int64`), `json.Marshal`'s string escaping, and
//! `strconv.ParseInt` with its errors. serde_json accepts and words things differently (it rejects invalid UTF-8 in
//! strings, Go passes it; its messages name lines and columns), so the emulator does not use it where Go's own
//! behaviour is visible.

/// Go's `maxNestingDepth` in encoding/json/scanner.go.
const MAX_DEPTH: usize = 10_000;

/// `quoteChar` in encoding/json/scanner.go: how a syntax error names the offending byte.
pub fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_string(),
        b'"' => "'\"'".to_string(),
        // strconv.Quote(string(c)): a byte becomes the rune of the same number.
        _ => {
            let quoted = go_quote(char::from(c).to_string().as_bytes());
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}

/// `strconv.Quote` over raw bytes: invalid UTF-8 as `\xHH`, unprintable runes escaped.
pub fn go_quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    let mut rest = bytes;
    while !rest.is_empty() {
        // Only the next character is decoded (a UTF-8 character is at most 4 bytes): checking all that is left at
        // each step made a long value (a header of up to 1 MiB) quadratic.
        let head = &rest[..rest.len().min(4)];
        let valid = match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        };
        let (c, len) = match valid.chars().next() {
            Some(c) => (Some(c), c.len_utf8()),
            None => (None, 1),
        };
        match c {
            None => out.push_str(&format!("\\x{:02x}", rest[0])),
            Some('"') => out.push_str("\\\""),
            Some('\\') => out.push_str("\\\\"),
            Some(c) if is_print(c) => out.push(c),
            Some('\u{7}') => out.push_str("\\a"),
            Some('\u{8}') => out.push_str("\\b"),
            Some('\u{c}') => out.push_str("\\f"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some('\t') => out.push_str("\\t"),
            Some('\u{b}') => out.push_str("\\v"),
            Some(c) if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            Some(c) if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            Some(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
        rest = &rest[len..];
    }
    out.push('"');
    out
}

/// `strconv.IsPrint`, closely enough: ASCII exactly; above it the controls, separators and format characters a
/// header or JSON text may carry are not printable.
fn is_print(c: char) -> bool {
    let n = c as u32;
    if n < 0x80 {
        return (0x20..0x7f).contains(&n);
    }
    !(c.is_control()
        || matches!(
            n,
            0xa0 | 0xad | 0x61c | 0x1680 | 0x180e | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000 | 0xfeff
        )
        || (0x2000..=0x200f).contains(&n)
        || (0x202a..=0x202e).contains(&n)
        || (0x2060..=0x206f).contains(&n)
        || (0xd800..=0xdfff).contains(&n)
        || (0xe000..=0xf8ff).contains(&n)
        || (0xfff9..=0xfffb).contains(&n)
        || n >= 0xf0000)
}

// ---------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    Literal(&'static [u8], u8, &'static str),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// `json.Valid` with the error `compact` and `Unmarshal` report: `invalid character 'x' looking for beginning of
/// value`, `unexpected end of JSON input`, …
pub fn validate(data: &[u8]) -> Result<(), String> {
    let mut scanner = Scanner {
        step: Step::BeginValue,
        stack: Vec::new(),
    };
    for &c in data {
        scanner.feed(c)?;
    }
    // Go's `eof()`: a value that may end here ends when a space follows; what a space breaks reports that space.
    if scanner.step != Step::EndTop {
        scanner.feed(b' ')?;
    }
    if scanner.step == Step::EndTop {
        Ok(())
    } else {
        Err("unexpected end of JSON input".into())
    }
}

struct Scanner {
    step: Step,
    stack: Vec<Parse>,
}

impl Scanner {
    fn push(&mut self, c: u8, parse: Parse, next: Step) -> Result<Step, String> {
        self.stack.push(parse);
        if self.stack.len() > MAX_DEPTH {
            return Err(syntax(c, "exceeded max depth"));
        }
        Ok(next)
    }

    /// One byte; each state may hand it on to the next, as Go's state functions call each other.
    fn feed(&mut self, c: u8) -> Result<(), String> {
        loop {
            let byte = match self.step {
                Step::BeginValue | Step::BeginValueOrEmpty => self.begin_value(c)?,
                Step::BeginStringOrEmpty | Step::BeginString => self.begin_string(c)?,
                Step::EndValue => self.end_value(c)?,
                Step::EndTop if is_space(c) => Byte::Taken,
                Step::EndTop => return Err(syntax(c, "after top-level value")),
                Step::InString | Step::InStringEsc | Step::InStringEscU(_) => self.in_string(c)?,
                Step::Literal(rest, i, word) => self.in_literal(c, rest, i, word)?,
                _ => self.in_number(c)?,
            };
            if byte == Byte::Taken {
                return Ok(());
            }
        }
    }

    fn begin_value(&mut self, c: u8) -> Result<Byte, String> {
        if is_space(c) {
            return Ok(Byte::Taken);
        }
        if self.step == Step::BeginValueOrEmpty && c == b']' {
            self.stack.pop();
            self.step = Step::EndValue;
            return Ok(Byte::Taken);
        }
        self.step = match c {
            b'{' => self.push(c, Parse::ObjectKey, Step::BeginStringOrEmpty)?,
            b'[' => self.push(c, Parse::ArrayValue, Step::BeginValueOrEmpty)?,
            b'"' => Step::InString,
            b'-' => Step::Neg,
            b'0' => Step::Zero,
            b'1'..=b'9' => Step::One,
            b't' => Step::Literal(b"rue", 0, "true"),
            b'f' => Step::Literal(b"alse", 0, "false"),
            b'n' => Step::Literal(b"ull", 0, "null"),
            _ => return Err(syntax(c, "looking for beginning of value")),
        };
        Ok(Byte::Taken)
    }

    /// An object key, or (just after `{`) the end of an empty object.
    fn begin_string(&mut self, c: u8) -> Result<Byte, String> {
        if is_space(c) {
            return Ok(Byte::Taken);
        }
        if self.step == Step::BeginStringOrEmpty {
            if c == b'}' {
                self.stack.pop();
                self.step = Step::EndValue;
                return Ok(Byte::Taken);
            }
            self.step = Step::BeginString;
            return Ok(Byte::HandOn);
        }
        if c == b'"' {
            self.step = Step::InString;
            return Ok(Byte::Taken);
        }
        Err(syntax(c, "looking for beginning of object key string"))
    }

    /// After a value: what the object or array it is in takes next, or the end of the top-level value.
    fn end_value(&mut self, c: u8) -> Result<Byte, String> {
        let Some(top) = self.stack.last_mut() else {
            self.step = Step::EndTop;
            return Ok(Byte::HandOn);
        };
        if is_space(c) {
            return Ok(Byte::Taken);
        }
        match (*top, c) {
            (Parse::ObjectKey, b':') => {
                *top = Parse::ObjectValue;
                self.step = Step::BeginValue;
            }
            (Parse::ObjectKey, _) => return Err(syntax(c, "after object key")),
            (Parse::ObjectValue, b',') => {
                *top = Parse::ObjectKey;
                self.step = Step::BeginString;
            }
            (Parse::ObjectValue, b'}') | (Parse::ArrayValue, b']') => {
                self.stack.pop();
            }
            (Parse::ObjectValue, _) => return Err(syntax(c, "after object key:value pair")),
            (Parse::ArrayValue, b',') => self.step = Step::BeginValue,
            (Parse::ArrayValue, _) => return Err(syntax(c, "after array element")),
        }
        Ok(Byte::Taken)
    }

    /// Inside a string: its characters, escapes and `\u` digits, up to the closing quote.
    fn in_string(&mut self, c: u8) -> Result<Byte, String> {
        self.step = match (self.step, c) {
            (Step::InString, b'"') => Step::EndValue,
            (Step::InString, b'\\') => Step::InStringEsc,
            (Step::InString, 0..=0x1f) => return Err(syntax(c, "in string literal")),
            (Step::InString, _) => Step::InString,
            (Step::InStringEsc, b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"') => Step::InString,
            (Step::InStringEsc, b'u') => Step::InStringEscU(0),
            (Step::InStringEsc, _) => return Err(syntax(c, "in string escape code")),
            (Step::InStringEscU(_), _) if !c.is_ascii_hexdigit() => {
                return Err(syntax(c, "in \\u hexadecimal character escape"));
            }
            (Step::InStringEscU(3), _) => Step::InString,
            (Step::InStringEscU(n), _) => Step::InStringEscU(n + 1),
            _ => unreachable!("in_string is fed only in a string"),
        };
        Ok(Byte::Taken)
    }

    /// Inside a number: sign, digits, fraction, exponent; the first byte that is none of these ends it.
    fn in_number(&mut self, c: u8) -> Result<Byte, String> {
        let (next, byte) = match (self.step, c) {
            (Step::Neg, b'0') => (Step::Zero, Byte::Taken),
            (Step::Neg, b'1'..=b'9') => (Step::One, Byte::Taken),
            (Step::Neg, _) => return Err(syntax(c, "in numeric literal")),
            (Step::One, b'0'..=b'9') => (Step::One, Byte::Taken),
            (Step::One, _) => (Step::Zero, Byte::HandOn),
            (Step::Zero, b'.') => (Step::Dot, Byte::Taken),
            (Step::Zero | Step::Dot0, b'e' | b'E') => (Step::E, Byte::Taken),
            (Step::Zero, _) => (Step::EndValue, Byte::HandOn),
            (Step::Dot, b'0'..=b'9') => (Step::Dot0, Byte::Taken),
            (Step::Dot, _) => return Err(syntax(c, "after decimal point in numeric literal")),
            (Step::Dot0, b'0'..=b'9') => (Step::Dot0, Byte::Taken),
            (Step::Dot0, _) => (Step::EndValue, Byte::HandOn),
            (Step::E, b'+' | b'-') => (Step::ESign, Byte::Taken),
            (Step::E, _) => (Step::ESign, Byte::HandOn),
            (Step::ESign, b'0'..=b'9') => (Step::E0, Byte::Taken),
            (Step::ESign, _) => return Err(syntax(c, "in exponent of numeric literal")),
            (Step::E0, b'0'..=b'9') => (Step::E0, Byte::Taken),
            (Step::E0, _) => (Step::EndValue, Byte::HandOn),
            _ => unreachable!("in_number is fed only in a number"),
        };
        self.step = next;
        Ok(byte)
    }

    /// Inside `true`, `false` or `null`: `rest` is what is left to match after the first letter, from `i`.
    fn in_literal(&mut self, c: u8, rest: &'static [u8], i: u8, word: &'static str) -> Result<Byte, String> {
        let want = rest[usize::from(i)];
        if c != want {
            let context = format!("in literal {word} (expecting {})", quote_char(want));
            return Err(syntax(c, &context));
        }
        self.step = if usize::from(i) + 1 == rest.len() {
            Step::EndValue
        } else {
            Step::Literal(rest, i + 1, word)
        };
        Ok(Byte::Taken)
    }
}

/// Whether a state took the byte it was fed, or moved on and hands the byte to the next state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    Taken,
    HandOn,
}

fn syntax(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

/// A JSON value as Go's decoder sees it: numbers keep their literal text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The word Go's `UnmarshalTypeError` uses for a value of the wrong kind.
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Checks syntax as Go does, then reads the value (strings unescaped as Go does: bad UTF-8 and lone surrogates
/// become U+FFFD).
pub fn parse(data: &[u8]) -> Result<Value, String> {
    validate(data)?;
    let mut parser = Parser { data, at: 0 };
    Ok(parser.value())
}

struct Parser<'a> {
    data: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.at < self.data.len() && is_space(self.data[self.at]) {
            self.at += 1;
        }
    }

    fn peek(&self) -> u8 {
        self.data.get(self.at).copied().unwrap_or(0)
    }

    /// Only called on input `validate` accepted.
    fn value(&mut self) -> Value {
        self.skip_space();
        match self.peek() {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek() == b'}' {
                        self.at += 1;
                        break;
                    }
                    if self.peek() == b',' {
                        self.at += 1;
                        self.skip_space();
                    }
                    let key = self.string();
                    self.skip_space();
                    self.at += 1; // ':'
                    let value = self.value();
                    members.push((key, value));
                }
                Value::Object(members)
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        b']' => {
                            self.at += 1;
                            break;
                        }
                        b',' => self.at += 1,
                        _ => items.push(self.value()),
                    }
                }
                Value::Array(items)
            }
            b'"' => Value::String(self.string()),
            b't' => {
                self.at += 4;
                Value::Bool(true)
            }
            b'f' => {
                self.at += 5;
                Value::Bool(false)
            }
            b'n' => {
                self.at += 4;
                Value::Null
            }
            _ => {
                let start = self.at;
                while self.at < self.data.len()
                    && matches!(self.data[self.at], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.at += 1;
                }
                Value::Number(String::from_utf8_lossy(&self.data[start..self.at]).into_owned())
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let text = std::str::from_utf8(self.data.get(self.at..self.at + 4)?).ok()?;
        let n = u32::from_str_radix(text, 16).ok()?;
        self.at += 4;
        Some(n)
    }

    fn string(&mut self) -> String {
        self.at += 1; // opening quote
        let mut bytes: Vec<u8> = Vec::new();
        while self.at < self.data.len() {
            let c = self.data[self.at];
            self.at += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek();
                    self.at += 1;
                    let ch = match e {
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let first = self.hex4().unwrap_or(0xfffd);
                            let rune = if (0xd800..0xdc00).contains(&first)
                                && self.data.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                let save = self.at;
                                self.at += 2;
                                match self.hex4() {
                                    Some(second) if (0xdc00..0xe000).contains(&second) => {
                                        0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                                    }
                                    _ => {
                                        self.at = save;
                                        0xfffd
                                    }
                                }
                            } else {
                                first
                            };
                            char::from_u32(rune).unwrap_or('\u{fffd}')
                        }
                        other => char::from(other),
                    };
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => bytes.push(c),
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// A field of a Go struct the frontend decodes into.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name in the `json:"…"` tag.
    pub name: &'static str,
    pub kind: Kind,
}

/// The Go types the frontend's structs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// A 64-bit integer; the name is how Go writes the type (`int`, `int64`).
    Int(&'static str),
}

/// A Go struct type: its bare name (in field errors) and its qualified name (in whole-value errors).
#[derive(Debug, Clone, Copy)]
pub struct Struct {
    pub name: &'static str,
    pub qualified: &'static str,
    pub fields: &'static [Field],
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

/// `json.Unmarshal(data, &v)` for a struct `v`: None when the document is `null` (Go leaves the struct as it was,
/// or sets a pointer to nil); otherwise the fields present, each the last value given. The first type error is
/// returned after the whole document was read, as Go does.
pub fn unmarshal_struct(data: &[u8], shape: &Struct) -> Result<Option<Vec<(&'static str, Decoded)>>, String> {
    let value = parse(data)?;
    let members = match value {
        Value::Null => return Ok(None),
        Value::Object(members) => members,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type {}",
                other.kind(),
                shape.qualified
            ));
        }
    };
    let mut first_error: Option<String> = None;
    let mut out: Vec<(&'static str, Decoded)> = Vec::new();
    for (key, value) in members {
        let field = shape
            .fields
            .iter()
            .find(|f| f.name == key)
            .or_else(|| shape.fields.iter().find(|f| fold(f.name) == fold(&key)));
        let Some(field) = field else {
            continue;
        };
        let type_name = match field.kind {
            Kind::String => "string",
            Kind::Int(name) => name,
        };
        let mismatch = |what: String| {
            format!(
                "json: cannot unmarshal {what} into Go struct field {}.{} of type {type_name}",
                shape.name, field.name
            )
        };
        let decoded = match (field.kind, &value) {
            // null leaves a string or number field as it was.
            (_, Value::Null) => None,
            (Kind::String, Value::String(s)) => Some(Ok(Decoded::String(s.clone()))),
            (Kind::Int(_), Value::Number(n)) => Some(match parse_int(n.as_bytes()) {
                Ok(i) => Ok(Decoded::Int(i)),
                Err(_) => Err(mismatch(format!("number {n}"))),
            }),
            (_, other) => Some(Err(mismatch(other.kind().to_string()))),
        };
        match decoded {
            Some(Ok(v)) => {
                out.retain(|(name, _)| *name != field.name);
                out.push((field.name, v));
            }
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
            None => {}
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(Some(out)),
    }
}

/// `json.Unmarshal(data, &m)` for a `map[string]int64`: None for `null`; a `null` member is the value 0.
pub fn unmarshal_int_map(data: &[u8]) -> Result<Option<Vec<(String, i64)>>, String> {
    let value = parse(data)?;
    let members = match value {
        Value::Null => return Ok(None),
        Value::Object(members) => members,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type map[string]int64",
                other.kind()
            ));
        }
    };
    let mut first_error: Option<String> = None;
    let mut out: Vec<(String, i64)> = Vec::new();
    for (key, value) in members {
        let n = match &value {
            Value::Null => Ok(0),
            Value::Number(n) => parse_int(n.as_bytes()).map_err(|_| format!("number {n}")),
            other => Err(other.kind().to_string()),
        };
        match n {
            Ok(n) => {
                out.retain(|(k, _)| *k != key);
                out.push((key, n));
            }
            Err(what) => {
                first_error.get_or_insert(format!("json: cannot unmarshal {what} into Go value of type int64"));
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(Some(out)),
    }
}

// ---------------------------------------------------------------------------
// strconv.ParseInt
// ---------------------------------------------------------------------------

/// Why `strconv.ParseInt(s, 10, 64)` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntError {
    Syntax,
    Range,
}

/// `strconv.ParseInt(s, 10, 64)`: an optional sign, then decimal digits, nothing else (no spaces, no `_`).
pub fn parse_int(s: &[u8]) -> Result<i64, IntError> {
    let (negative, digits) = match s.first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return Err(IntError::Syntax);
    }
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(IntError::Syntax);
        }
        // ParseUint stops at the first overflow, even if a bad character follows.
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
            .ok_or(IntError::Range)?;
    }
    let cutoff = 1u64 << 63;
    match negative {
        false if n >= cutoff => Err(IntError::Range),
        true if n > cutoff => Err(IntError::Range),
        false => Ok(n as i64),
        true => Ok((n as i64).wrapping_neg()),
    }
}

/// The error text of a failed `strconv.ParseInt`.
pub fn parse_int_error(s: &[u8], why: IntError) -> String {
    let reason = match why {
        IntError::Syntax => "invalid syntax",
        IntError::Range => "value out of range",
    };
    format!("strconv.ParseInt: parsing {}: {reason}", go_quote(s))
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

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
#[path = "gojson_tests.rs"]
mod tests;
