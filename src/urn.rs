//! FUNCTION names: short forms expanded to the 7-field function version URN, and the URN's place in a URL path.
//! A leaf (tests/layers.rs): it uses no room of yr's but other leaves.

use std::fmt;

/// A function version URN: `sn:cn:yrk:{tenant}:function:0@{service}@{function}:{version}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionUrn {
    fields: [String; 7],
}

/// Where a short name's missing parts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameDefaults {
    pub tenant: String,
    pub service: String,
}

impl Default for NameDefaults {
    fn default() -> Self {
        NameDefaults {
            tenant: "default".into(),
            service: "default".into(),
        }
    }
}

const FIELD_NAMES: [&str; 7] = ["product", "region", "business", "tenant", "sign", "name", "version"];

impl FunctionUrn {
    /// Parses what the user typed (`shop@checkout:3` is `sn:cn:yrk:default:function:0@shop@checkout:3`). Errors name
    /// the part that is wrong (a 6-field URN "has 6 fields"); the unit tests below show each case.
    pub fn parse(text: &str, defaults: &NameDefaults) -> Result<FunctionUrn, String> {
        Self::parse_naming(text, defaults).map_err(|(_, why)| why)
    }

    /// As `parse`, with what the error is about as `yr invoke` names it: `FUNCTION`, `--tenant` or `--service`.
    pub fn parse_naming(text: &str, defaults: &NameDefaults) -> Result<FunctionUrn, (&'static str, String)> {
        let function = |why| ("FUNCTION", why);
        if text.is_empty() {
            return Err(function("FUNCTION is empty".into()));
        }
        if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
            let what = if c.is_control() {
                "a control character"
            } else {
                "a space"
            };
            return Err(function(format!(
                "FUNCTION `{}` contains {what}",
                crate::values::printable(text)
            )));
        }
        check_part("tenant (--tenant)", &defaults.tenant).map_err(|why| ("--tenant", why))?;
        check_part("service (--service)", &defaults.service).map_err(|why| ("--service", why))?;
        let colons = text.matches(':').count();
        match colons {
            6 => Self::from_fields(text).map_err(function),
            0 | 1 => Self::from_short(text, defaults).map_err(function),
            5 => Err(function(format!(
                "FUNCTION `{text}` has 6 fields; a URN has 7: product:region:business:tenant:sign:name:version (the version is missing?)"
            ))),
            n => Err(function(format!(
                "FUNCTION `{text}` has {} `:`-separated fields; a URN has 7 (sn:cn:yrk:TENANT:function:0@SERVICE@NAME:VERSION), a short name has 1 or 2 (SERVICE@NAME[:VERSION])",
                n + 1
            ))),
        }
    }

    fn from_fields(text: &str) -> Result<FunctionUrn, String> {
        let parts: Vec<&str> = text.split(':').collect();
        for (part, name) in parts.iter().zip(FIELD_NAMES) {
            if part.is_empty() {
                return Err(format!("FUNCTION `{text}`: the {name} field is empty"));
            }
        }
        Ok(FunctionUrn {
            fields: std::array::from_fn(|i| parts[i].to_string()),
        })
    }

    fn from_short(text: &str, defaults: &NameDefaults) -> Result<FunctionUrn, String> {
        let (name, version) = match text.split_once(':') {
            Some((name, version)) => (name, version),
            None => (text, "latest"),
        };
        if version.is_empty() {
            return Err(format!("FUNCTION `{text}`: the version after `:` is empty"));
        }
        let parts: Vec<&str> = name.split('@').collect();
        let (service, function) = match parts.as_slice() {
            [function] => (defaults.service.as_str(), *function),
            [service, function] => (*service, *function),
            ["0", service, function] => (*service, *function),
            [prefix, _, _] => {
                return Err(format!(
                    "FUNCTION `{text}`: a three-part name starts with `0@`, not `{prefix}@`"
                ));
            }
            _ => {
                return Err(format!(
                    "FUNCTION `{text}` has too many `@`: use SERVICE@NAME[:VERSION]"
                ));
            }
        };
        if service.is_empty() {
            return Err(format!("FUNCTION `{text}`: the service before `@` is empty"));
        }
        if function.is_empty() {
            return Err(format!("FUNCTION `{text}`: the function name is empty"));
        }
        Ok(FunctionUrn {
            fields: [
                "sn".into(),
                "cn".into(),
                "yrk".into(),
                defaults.tenant.clone(),
                "function".into(),
                format!("0@{service}@{function}"),
                version.into(),
            ],
        })
    }

    /// The URN as one path segment: characters outside the safe set are percent-encoded.
    /// The tenant field.
    pub fn tenant(&self) -> &str {
        &self.fields[3]
    }

    /// The name field: `0@SERVICE@NAME` for a FaaS function, as the meta service names it.
    pub fn name(&self) -> &str {
        &self.fields[5]
    }

    /// The version field.
    pub fn version(&self) -> &str {
        &self.fields[6]
    }

    pub fn path_segment(&self) -> String {
        percent_encode_segment(&self.to_string())
    }
}

/// A tenant or service as it goes into a URN: not empty, no `:`, `@` or spaces (`what` names it in the error).
pub fn check_part(what: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if value.contains([':', '@']) || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "the {what} `{}` may not contain `:`, `@` or spaces",
            crate::values::printable(value)
        ));
    }
    Ok(())
}

impl fmt::Display for FunctionUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fields.join(":"))
    }
}

/// Keeps unreserved characters and the `:`, `@`, `!` the URN syntax uses; encodes every other byte.
pub fn percent_encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:@!".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<String, String> {
        FunctionUrn::parse(text, &NameDefaults::default()).map(|u| u.to_string())
    }

    #[test]
    fn expands_short_names() {
        assert_eq!(
            parse("hello"),
            Ok("sn:cn:yrk:default:function:0@default@hello:latest".into())
        );
        assert_eq!(
            parse("hello:3"),
            Ok("sn:cn:yrk:default:function:0@default@hello:3".into())
        );
        assert_eq!(
            parse("shop@checkout:3"),
            Ok("sn:cn:yrk:default:function:0@shop@checkout:3".into())
        );
        assert_eq!(
            parse("0@shop@checkout:3"),
            Ok("sn:cn:yrk:default:function:0@shop@checkout:3".into())
        );
        assert_eq!(
            parse("0@shop@checkout"),
            Ok("sn:cn:yrk:default:function:0@shop@checkout:latest".into())
        );
        assert_eq!(
            parse("svc@fn:!beta"),
            Ok("sn:cn:yrk:default:function:0@svc@fn:!beta".into())
        );
        let defaults = NameDefaults {
            tenant: "t1".into(),
            service: "s1".into(),
        };
        assert_eq!(
            FunctionUrn::parse("f", &defaults).map(|u| u.to_string()),
            Ok("sn:cn:yrk:t1:function:0@s1@f:latest".into())
        );
    }

    #[test]
    fn keeps_full_urns() {
        let urn = "sn:cn:yrk:12345678901234561234567890123456:function:0@myService@python-demo:latest";
        assert_eq!(parse(urn), Ok(urn.into()));
    }

    #[test]
    fn rejects_bad_names() {
        let cases = [
            ("", "empty"),
            ("hel lo", "a space"),
            ("hello\n", "control"),
            ("sn:cn:yrk:default:function:0@s@f", "6 fields"),
            ("sn:cn:yrk:default:function:0@s@f:latest:x", "8 `:`-separated fields"),
            ("a:b:c", "3 `:`-separated"),
            ("sn:cn::default:function:0@s@f:latest", "business field is empty"),
            ("sn:cn:yrk:default:function:0@s@f:", "version field is empty"),
            ("hello:", "version after `:` is empty"),
            ("@hello", "service before `@` is empty"),
            ("svc@", "function name is empty"),
            ("1@svc@fn", "starts with `0@`"),
            ("a@b@c@d", "too many `@`"),
        ];
        for (text, expected) in cases {
            let err = parse(text).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        let bad_tenant = NameDefaults {
            tenant: "".into(),
            service: "s".into(),
        };
        assert!(FunctionUrn::parse("f", &bad_tenant).unwrap_err().contains("tenant"));
    }

    #[test]
    fn encodes_the_path_segment() {
        let urn = FunctionUrn::parse(
            "sn:cn:yrk:default:function:0@s@a/b?c#d%e:latest",
            &NameDefaults::default(),
        );
        assert_eq!(
            urn.unwrap().path_segment(),
            "sn:cn:yrk:default:function:0@s@a%2Fb%3Fc%23d%25e:latest"
        );
        assert_eq!(percent_encode_segment("é"), "%C3%A9");
        assert_eq!(percent_encode_segment("0@s@f:!alias"), "0@s@f:!alias");
    }
}

#[cfg(test)]
mod properties {
    //! Round trips over many generated names: a small seeded generator, so the same 512 cases run every time and a
    //! failure names the input it failed on.
    use super::*;

    /// xorshift64*: deterministic, good enough to spread inputs over the alphabets below.
    struct Inputs(u64);

    impl Inputs {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn pick<T: Copy>(&mut self, from: &[T]) -> T {
            from[(self.next() % from.len() as u64) as usize]
        }

        /// `[A-Za-z0-9][A-Za-z0-9_.-]{0,15}`
        fn part(&mut self) -> String {
            const FIRST: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            const REST: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
            let mut text = String::from(self.pick(FIRST) as char);
            for _ in 0..self.next() % 16 {
                text.push(self.pick(REST) as char);
            }
            text
        }

        /// 1 to 40 printable characters, ASCII punctuation, separators and non-ASCII letters among them.
        fn text(&mut self) -> String {
            const CHARS: &[char] = &[
                'a',
                'z',
                'A',
                '0',
                '9',
                ':',
                '@',
                '!',
                '/',
                '?',
                '#',
                '%',
                ' ',
                '-',
                '_',
                '.',
                '~',
                '+',
                '&',
                '=',
                '\u{e9}',
                '\u{4f60}',
                '\u{1f600}',
                's',
                'n',
                'c',
                'y',
                'r',
                'k',
                'f',
            ];
            (0..1 + self.next() % 40).map(|_| self.pick(CHARS)).collect()
        }
    }

    /// service@function:version expands to a URN that parses back to itself and names the same parts.
    #[test]
    fn short_names_round_trip() {
        let mut inputs = Inputs(0x9E37_79B9_7F4A_7C15);
        for _ in 0..512 {
            let (service, function, version) = (inputs.part(), inputs.part(), inputs.part());
            let text = format!("{service}@{function}:{version}");
            let urn = FunctionUrn::parse(&text, &NameDefaults::default()).unwrap_or_else(|e| panic!("{text}: {e}"));
            let full = urn.to_string();
            assert_eq!(
                full,
                format!("sn:cn:yrk:default:function:0@{service}@{function}:{version}")
            );
            assert_eq!(FunctionUrn::parse(&full, &NameDefaults::default()), Ok(urn), "{text}");
        }
    }

    /// Any parsed URN's path segment decodes back to its text and holds no path or query delimiter.
    #[test]
    fn path_segments_decode_back() {
        let mut inputs = Inputs(0xD1B5_4A32_D192_ED03);
        let mut parsed = 0;
        for _ in 0..4096 {
            let text = inputs.text();
            if let Ok(urn) = FunctionUrn::parse(&text, &NameDefaults::default()) {
                parsed += 1;
                let segment = urn.path_segment();
                assert!(!segment.contains(['/', '?', '#', ' ']), "{text}: {segment}");
                assert_eq!(decode(&segment), urn.to_string(), "{text}");
            }
        }
        assert!(
            parsed > 100,
            "only {parsed} generated names parsed: the generator no longer reaches the parser"
        );
    }

    fn decode(segment: &str) -> String {
        let bytes = segment.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&segment[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
