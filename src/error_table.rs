//! The platform's error codes, built into the binary from data/error-codes.tsv and parsed on first use. A leaf
//! (tests/layers.rs).

use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/error-codes.tsv");

/// What an inner code says about who failed; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    Ok,
    Request,
    Platform,
    Function,
}

impl ErrorClass {
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Ok => "ok",
            ErrorClass::Request => "request",
            ErrorClass::Platform => "platform",
            ErrorClass::Function => "function",
        }
    }

    fn parse(text: &str) -> Option<ErrorClass> {
        Some(match text {
            "ok" => ErrorClass::Ok,
            "request" => ErrorClass::Request,
            "platform" => ErrorClass::Platform,
            "function" => ErrorClass::Function,
            _ => return None,
        })
    }

    /// A code not in the table is classed by the HTTP status it came with.
    pub fn from_status(status: u16) -> ErrorClass {
        // 3xx and 4xx refuse the request; a 5xx, and a status no frontend sends (1xx as a final answer, 600 and
        // above), are the platform's (or what stands in front of it).
        match status {
            200..=299 => ErrorClass::Ok,
            300..=499 => ErrorClass::Request,
            _ => ErrorClass::Platform,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: i64,
    pub name: String,
    pub http: u16,
    pub class: ErrorClass,
    pub retry_safe: bool,
    pub meaning: String,
}

/// Declares the named codes once, with the list the test holds to data/error-codes.tsv.
macro_rules! named_codes {
    ($($(#[$doc:meta])* $name:ident = $value:expr;)*) => {
        /// The inner codes yr itself decides on or answers with, named: the client (its hints) and `yr serve` (its
        /// answers) both use these names, so they cannot drift apart. Each is a row of data/error-codes.tsv, named
        /// by the row's name in capitals (with a prefix where the TSV gives that name to several codes); a unit test
        /// holds every one to its row.
        pub mod code {
            $($(#[$doc])* pub const $name: i64 = $value;)*

            /// Every named code with its name, for the test against the TSV.
            #[cfg(test)]
            pub(super) const ALL: &[(&str, i64)] = &[$((stringify!($name), $name)),*];
        }
    };
}

named_codes! {
    SUCCESS = 0;
    USER_CODE_NOT_LOADABLE = 2001;
    /// `FaasErrorCode.ENTRY_EXCEPTION` (openyuanrong/runtime, api/python/yr/functionsdk/error_code.py): what
    /// upstream's Python runtime answers an exception in the handler with.
    FUNCTION_ENTRY_NOT_FOUND = 4001;
    FUNCTION_RAISED_AN_EXCEPTION = 4002;
    FUNCTION_RESPONSE_TOO_LARGE = 4004;
    FUNCTION_TIMED_OUT = 4010;
    SESSION_CONFIG_INVALID = 4037;
    REQUEST_BODY_TOO_LARGE = 4140;
    FUNCTION_NOT_FOUND = 150_424;
    INSTANCE_LABEL_NOT_FOUND = 150_444;
    OK = 200_200;
    ACCEPTED = 200_202;
    NO_CONTENT = 200_204;
    BAD_REQUEST = 200_400;
    UNAUTHORIZED = 200_401;
    FORBIDDEN = 200_403;
    NOT_FOUND = 200_404;
    PAYLOAD_TOO_LARGE = 200_413;
    TOO_MANY_REQUESTS = 200_429;
    /// The TSV's "internal error" of the frontend (3003 and 150500 share the name).
    FRONTEND_INTERNAL_ERROR = 200_500;
    STREAM_NOT_ENABLED = 200_600;
    INTERNAL_SYSTEM_ERROR = 330_404;
}

/// Codes of 500000 and above are a function's own: 500000 + a code of the table.
pub const FUNCTION_CODE_BASE: i64 = 500_000;

/// The table's 161900 row stands for the range 161900 to 161915.
const WORKER_RANGE: std::ops::RangeInclusive<i64> = 161_900..=161_915;

pub fn all() -> &'static [ErrorCode] {
    static CODES: OnceLock<Vec<ErrorCode>> = OnceLock::new();
    CODES.get_or_init(|| TABLE.lines().skip(1).filter_map(parse_row).collect())
}

fn parse_row(line: &str) -> Option<ErrorCode> {
    let cols: Vec<&str> = line.split('\t').collect();
    let [code, name, http, class, retry, meaning] = cols.as_slice() else {
        return None;
    };
    Some(ErrorCode {
        code: code.parse().ok()?,
        name: name.to_string(),
        http: http.parse().ok()?,
        class: ErrorClass::parse(class)?,
        retry_safe: *retry == "yes",
        meaning: meaning.to_string(),
    })
}

/// The table's row for a code, if it has one (worker codes share the 161900 row).
pub fn lookup(code: i64) -> Option<&'static ErrorCode> {
    let key = if WORKER_RANGE.contains(&code) {
        *WORKER_RANGE.start()
    } else {
        code
    };
    all().iter().find(|e| e.code == key)
}

/// The codes a text names: a number, or a name of the table in any letter case (a name may stand for several
/// codes); the error says it is neither. What `--expect-code`, `yr test`'s `expect.code` and `yr errors` accept.
pub fn codes_named(text: &str) -> Result<Vec<i64>, String> {
    let text = text.trim();
    if let Ok(code) = text.parse::<i64>() {
        return Ok(vec![code]);
    }
    let codes: Vec<i64> = all()
        .iter()
        .filter(|e| e.name.eq_ignore_ascii_case(text))
        .map(|e| e.code)
        .collect();
    if codes.is_empty() {
        return Err(format!(
            "`{text}` is neither a number nor a name in the error table (see `yr errors`)"
        ));
    }
    Ok(codes)
}

/// How a code is described in one line, e.g. `session config invalid` or
/// `function error 4211: function init timed out`.
pub fn describe(code: i64) -> Option<String> {
    if code >= FUNCTION_CODE_BASE {
        let inner = code - FUNCTION_CODE_BASE;
        return Some(match lookup(inner) {
            Some(e) => format!("function error {inner}: {}", e.name),
            None => format!("function error {inner}"),
        });
    }
    lookup(code).map(|e| e.name.clone())
}

/// The class of a code: from the table, function codes for 500000 and above, else by HTTP status.
pub fn class_of(code: i64, status: u16) -> ErrorClass {
    if code >= FUNCTION_CODE_BASE {
        return ErrorClass::Function;
    }
    lookup(code)
        .map(|e| e.class)
        .unwrap_or_else(|| ErrorClass::from_status(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses() {
        let rows = TABLE.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(all().len(), rows);
        assert!(rows > 100);
    }

    #[test]
    fn looks_up_codes() {
        let e = lookup(4037).unwrap();
        assert_eq!(
            (e.name.as_str(), e.class, e.retry_safe),
            ("session config invalid", ErrorClass::Request, false)
        );
        assert!(lookup(1002).unwrap().retry_safe);
        assert_eq!(lookup(161907).unwrap().code, 161900);
        assert_eq!(lookup(42), None);
    }

    #[test]
    fn codes_by_number_or_name() {
        assert_eq!(codes_named(" 4037 "), Ok(vec![4037]));
        assert_eq!(codes_named("-1"), Ok(vec![-1]));
        assert_eq!(codes_named("Function Not Found"), Ok(vec![150424]));
        assert!(codes_named("instance not found").unwrap().len() > 1);
        assert!(codes_named("no such thing").unwrap_err().contains("yr errors"));
    }

    #[test]
    fn classes_and_descriptions() {
        assert_eq!(class_of(4002, 500), ErrorClass::Function);
        assert_eq!(class_of(150424, 500), ErrorClass::Request);
        assert_eq!(class_of(3003, 500), ErrorClass::Platform);
        assert_eq!(class_of(504211, 500), ErrorClass::Function);
        assert_eq!(class_of(999, 500), ErrorClass::Platform);
        assert_eq!(class_of(999, 403), ErrorClass::Request);
        assert_eq!(
            describe(504211).unwrap(),
            "function error 4211: function init timed out"
        );
        assert_eq!(describe(512345).unwrap(), "function error 12345");
        assert_eq!(describe(4140).unwrap(), "request body too large");
        assert_eq!(describe(7), None);
    }

    #[test]
    fn named_codes_are_the_tables_rows() {
        let rows: Vec<(i64, String)> = TABLE
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some((cols.next()?.parse().ok()?, cols.next()?.to_string()))
            })
            .collect();
        let shout = |name: &str| name.to_ascii_uppercase().replace([' ', '-'], "_");
        for (constant, value) in code::ALL {
            let Some((_, name)) = rows.iter().find(|(code, _)| code == value) else {
                panic!("code::{constant} = {value} is not a row of data/error-codes.tsv");
            };
            let shared = rows.iter().filter(|(_, other)| other == name).count() > 1;
            let named = *constant == shout(name) || (shared && constant.ends_with(&format!("_{}", shout(name))));
            assert!(
                named,
                "code::{constant} = {value} is named {name:?} in data/error-codes.tsv"
            );
        }
        let mut values: Vec<i64> = code::ALL.iter().map(|(_, v)| *v).collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), code::ALL.len(), "two names for one code");
    }
}
