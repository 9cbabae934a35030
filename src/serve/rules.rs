//! The frontend's request rules as upstream's Go code applies them (openyuanrong/frontend, cited per rule): URNs,
//! the upload-stream check, resource and session headers, and how net/http hands a request's text to them (a
//! header's value as `Header.Get` gives it, the path and query `%`-unescaped). Pure functions, so each rule is
//! unit-tested on its own; the messages are upstream's own, since clients show them.

use hyper::header::{HeaderMap, HeaderValue};

use crate::error_table::code;

use super::gojson::{self, Decoded, Kind, Struct};

/// The HTTP status for an inner code (`statuscode.Code`, `ErrMap` in pkg/common/faas_common/statuscode): 0 and
/// the 2002xx codes in the map take their last three digits, everything else is 500.
pub fn http_status(inner: i64) -> u16 {
    match inner {
        code::SUCCESS => 200,
        code::OK
        | code::ACCEPTED
        | code::NO_CONTENT
        | code::BAD_REQUEST
        | code::UNAUTHORIZED
        | code::FORBIDDEN
        | code::NOT_FOUND
        | code::PAYLOAD_TOO_LARGE
        | code::TOO_MANY_REQUESTS => (inner - 200_000) as u16,
        _ => 500,
    }
}

/// The parts of a function URN the frontend uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urn {
    pub tenant: String,
    pub name: String,
    /// Empty for a 6-field URN.
    pub version: String,
}

impl Urn {
    /// `urnutils.CombineFunctionKey`: what the function lookup and sessions are keyed by. Product, region,
    /// business and sign play no part.
    pub fn func_key(&self) -> String {
        format!("{}/{}/{}", self.tenant, self.name, self.version)
    }
}

/// `FunctionURN.ParseFrom` (pkg/common/faas_common/urnutils/urn_utils.go) as wrapped by `GetFunctionInfo`: split
/// on `:`, 6 or 7 fields.
pub fn parse_urn(urn: &str) -> Result<Urn, String> {
    let fields: Vec<&str> = urn.split(':').collect();
    if fields.len() != 6 && fields.len() != 7 {
        return Err(format!(
            "parsing an URN error: failed to parse urn from: {urn}, invalid length: {}",
            fields.len()
        ));
    }
    Ok(Urn {
        tenant: fields[3].to_string(),
        name: fields[5].to_string(),
        version: fields.get(6).map_or(String::new(), |v| v.to_string()),
    })
}

/// `urnutils.BuildFunctionShortURN`: `sn:cn:yrk:{tenant}:function:0@{service}@{function}:{version}`. The last
/// segment splits on `:`; only its first two parts count (`fn:3:x` is `fn:3`, `fn:` has an empty version).
pub fn short_route_urn(tenant: &str, service: &str, function: &str) -> String {
    let parts: Vec<&str> = function.split(':').collect();
    let (name, version) = if parts.len() > 1 {
        (parts[0], parts[1])
    } else {
        (function, "latest")
    };
    format!("sn:cn:yrk:{tenant}:function:0@{service}@{name}:{version}")
}

/// `stream.IsHTTPUploadStream` (pkg/frontend/stream/requeststream_default.go): a Content-Type that contains
/// (case-sensitively) a form type asks for an upload stream.
pub fn is_upload_stream(content_type: &[u8]) -> bool {
    let contains = |needle: &[u8]| content_type.windows(needle.len()).any(|w| w == needle);
    contains(b"application/x-www-form-urlencoded") || contains(b"multipart/form-data")
}

/// Resources asked for with the call, once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceAsk {
    /// Millicores and MB, present only when both end up positive.
    pub cpu_memory: Option<(i64, i64)>,
    /// The other resources with positive counts; applied only with cpu and memory.
    pub custom: Vec<(String, i64)>,
}

/// The names `constant.ResourceCPUName` and `constant.ResourceMemoryName` give CPU and memory in the same map as the
/// custom resources.
const CPU: &str = "CPU";
const MEMORY: &str = "Memory";

/// `prepareDynamicResource` and `convertResourceSpecs` (pkg/frontend/invocation/function_invoke_for_kernel.go):
/// CPU and memory are parsed only when both are non-empty (`strconv.ParseInt`'s error is the message) and go into
/// one map with the custom resources (`X-Instance-Custom-Resource`, else the older `X-Instance-CustomResource`, a
/// `map[string]int64`: `json.Unmarshal`'s error is the message, `null` is none, counts of 0 or less are dropped, a
/// `CPU` or `Memory` key replaces the header's value). The map applies only when its CPU and Memory are both
/// positive. The caller passes empty values as they came: empty is absent.
pub fn check_resources(cpu: &[u8], memory: &[u8], custom: &[u8]) -> Result<InstanceAsk, String> {
    let mut map: Vec<(String, i64)> = Vec::new();
    let put = |map: &mut Vec<(String, i64)>, name: &str, value: i64| {
        map.retain(|(k, _)| k != name);
        map.push((name.to_string(), value));
    };
    if !cpu.is_empty() && !memory.is_empty() {
        let (c, m) = (gojson::parse_int(cpu)?, gojson::parse_int(memory)?);
        put(&mut map, CPU, c);
        put(&mut map, MEMORY, m);
    }
    if !custom.is_empty() {
        for (name, count) in gojson::unmarshal_int_map(custom)?.unwrap_or_default() {
            if count > 0 {
                put(&mut map, &name, count);
            }
        }
    }
    let value = |name: &str| map.iter().find(|(k, _)| k == name).map_or(0, |(_, v)| *v);
    let (c, m) = (value(CPU), value(MEMORY));
    if c > 0 && m > 0 {
        let custom = map.into_iter().filter(|(k, _)| k != CPU && k != MEMORY).collect();
        Ok(InstanceAsk {
            cpu_memory: Some((c, m)),
            custom,
        })
    } else {
        Ok(InstanceAsk::default())
    }
}

/// A parsed X-Instance-Session (`InstanceSessionConfig` in pkg/common/faas_common/types/lease.go).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionAsk {
    pub id: String,
    pub ttl: i64,
    pub concurrency: i64,
}

const SESSION_CONFIG: Struct = Struct {
    name: "InstanceSessionConfig",
    qualified: "types.InstanceSessionConfig",
    fields: &[
        ("sessionID", Kind::String),
        ("sessionTTL", Kind::Int("int")),
        ("concurrency", Kind::Int("int")),
    ],
};

/// `createKernelRequestHandler` and `makeAcquireOption`: the header is read with `json.Unmarshal` (keys match
/// case-insensitively, unknown keys are ignored). A failure is code 330404 with message `unmarshal instance
/// session failed, err: …`. `null` asks for no session (the acquire decodes into a pointer that `null` clears).
pub fn parse_session(text: &[u8]) -> Result<Option<SessionAsk>, String> {
    let decoded = gojson::unmarshal_struct(text, &SESSION_CONFIG)
        .map_err(|e| format!("unmarshal instance session failed, err: {e}"))?;
    let Some(fields) = decoded else {
        return Ok(None);
    };
    let mut ask = SessionAsk::default();
    for (name, value) in fields {
        match (name, value) {
            ("sessionID", Decoded::String(s)) => ask.id = s,
            ("sessionTTL", Decoded::Int(n)) => ask.ttl = n,
            ("concurrency", Decoded::Int(n)) => ask.concurrency = n,
            _ => {}
        }
    }
    Ok(Some(ask))
}

/// The scheduler's rules for a session, as frontend.md gives them (the scheduler is not in the frontend's
/// repository): sessionID 1 to 63 characters, sessionTTL ≥ 0, concurrency -1 or 1..=concurrentNum.
pub fn session_valid(ask: &SessionAsk, concurrent_num: i64) -> bool {
    let length = ask.id.chars().count();
    (1..=63).contains(&length)
        && ask.ttl >= 0
        && (ask.concurrency == -1 || (ask.concurrency >= 1 && ask.concurrency <= concurrent_num))
}

/// `X-Session-Context` (`sessionCtx` for agent sessions): `makeAcquireOption` refuses JSON it cannot read with
/// code 200500, as the scheduler path words it.
pub fn check_session_context(text: &[u8]) -> Result<(), String> {
    const SHAPE: Struct = Struct {
        name: "",
        qualified: "struct { SessionCtx string \"json:\\\"sessionCtx\\\"\" }",
        fields: &[("sessionCtx", Kind::String)],
    };
    gojson::unmarshal_struct(text, &SHAPE).map(|_| ()).map_err(|e| {
        format!(
            "unmarshal session ctx request header, header: {}, err: {e}",
            String::from_utf8_lossy(text)
        )
    })
}

/// `Header.Get`: the first value of a header, surrounding blanks trimmed; empty when absent (the frontend never
/// tells an empty header from a missing one).
pub fn first<'a>(headers: &'a HeaderMap, name: &str) -> &'a [u8] {
    trim(headers.get(name).map_or(&b""[..], HeaderValue::as_bytes))
}

/// Spaces and tabs trimmed off both ends.
pub fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

/// `%XX` decoded as Go's `url.PathUnescape` would, or with `plus_is_space` as `url.QueryUnescape` (`+` is a space
/// there); bytes that are not UTF-8 are kept as U+FFFD. None when an escape is broken.
pub fn unescape(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// `httputil.InitTraceID`: X-Trace-Id, else X-Request-Id, cut to 128 bytes (`traceID[:MaxTraceIDLength]`;
/// frontend.md says characters), else a fresh UUID.
pub fn trace_id(x_trace_id: &[u8], x_request_id: &[u8], fresh: impl FnOnce() -> String) -> Vec<u8> {
    let given = if x_trace_id.is_empty() {
        x_request_id
    } else {
        x_trace_id
    };
    if given.is_empty() {
        fresh().into_bytes()
    } else {
        given[..given.len().min(128)].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent_decode(path: &str) -> Option<String> {
        unescape(path, false)
    }

    #[test]
    fn decodes_paths() {
        assert_eq!(percent_decode("/a%2Fb%3a").as_deref(), Some("/a/b:"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%FF").as_deref(), Some("\u{fffd}"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
    }

    #[test]
    fn plus_is_a_space_in_a_query_only() {
        assert_eq!(unescape("a+b%2B", true).as_deref(), Some("a b+"));
        assert_eq!(unescape("a+b%2B", false).as_deref(), Some("a+b+"));
        assert_eq!(unescape("%é", true), None);
    }

    #[test]
    fn headers_read_as_header_get() {
        let mut headers = HeaderMap::new();
        headers.append("x-a", " \t1 2\t ".parse().unwrap());
        headers.append("x-a", "second".parse().unwrap());
        headers.append("x-blank", "  ".parse().unwrap());
        assert_eq!(first(&headers, "x-a"), b"1 2");
        assert_eq!(first(&headers, "x-blank"), b"");
        assert_eq!(first(&headers, "x-none"), b"");
    }

    #[test]
    fn statuses() {
        assert_eq!(http_status(0), 200);
        assert_eq!(http_status(200_400), 400);
        assert_eq!(http_status(200_202), 202);
        assert_eq!(http_status(200_500), 500);
        assert_eq!(http_status(4037), 500);
        assert_eq!(http_status(150_424), 500);
    }

    #[test]
    fn urns() {
        let urn = parse_urn("sn:cn:yrk:default:function:0@s@f:latest").unwrap();
        assert_eq!(urn.func_key(), "default/0@s@f/latest");
        assert_eq!(
            parse_urn("sn:cn:yrk:default:function:0@s@f").unwrap().func_key(),
            "default/0@s@f/"
        );
        assert_eq!(
            parse_urn("a:b:c").unwrap_err(),
            "parsing an URN error: failed to parse urn from: a:b:c, invalid length: 3"
        );
        assert_eq!(
            parse_urn("").unwrap_err(),
            "parsing an URN error: failed to parse urn from: , invalid length: 1"
        );
        assert!(parse_urn("a:b:c:d:e:f:g:h").is_err());
        assert_eq!(short_route_urn("t", "s", "f"), "sn:cn:yrk:t:function:0@s@f:latest");
        assert_eq!(short_route_urn("t", "s", "f:2"), "sn:cn:yrk:t:function:0@s@f:2");
        assert_eq!(short_route_urn("t", "s", "f:3:x"), "sn:cn:yrk:t:function:0@s@f:3");
        assert_eq!(short_route_urn("t", "s", "f:"), "sn:cn:yrk:t:function:0@s@f:");
    }

    #[test]
    fn upload_streams() {
        assert!(is_upload_stream(b"multipart/form-data; boundary=x"));
        assert!(is_upload_stream(b"text/plain; a=application/x-www-form-urlencoded"));
        assert!(!is_upload_stream(b"Multipart/Form-Data"));
        assert!(!is_upload_stream(b"application/json"));
    }

    #[test]
    fn resources() {
        assert_eq!(check_resources(b"abc", b"", b""), Ok(InstanceAsk::default()));
        assert_eq!(
            check_resources(b"500", b"abc", b"").unwrap_err(),
            "strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            check_resources(b"500", b"512", b"").unwrap().cpu_memory,
            Some((500, 512))
        );
        assert_eq!(check_resources(b"0", b"512", b"").unwrap().cpu_memory, None);
        let ask = check_resources(b"500", b"512", br#"{"NPU":2,"GPU":0}"#).unwrap();
        assert_eq!(ask.custom, vec![("NPU".to_string(), 2)]);
        assert_eq!(check_resources(b"", b"", br#"{"NPU":2}"#).unwrap().custom, vec![]);
        assert_eq!(
            check_resources(b"500", b"512", b"null"),
            Ok(InstanceAsk {
                cpu_memory: Some((500, 512)),
                custom: vec![]
            })
        );
        assert_eq!(
            check_resources(b"", b"", b"{bad").unwrap_err(),
            "invalid character 'b' looking for beginning of object key string"
        );
        assert_eq!(
            check_resources(b"", b"", br#"{"NPU":"x"}"#).unwrap_err(),
            "json: cannot unmarshal string into Go value of type int64"
        );
        // The custom resources share the map with CPU and Memory (upstream's doinvoke_test Test_prepareDynamicResource
        // case3/case4): they can supply or replace them.
        assert_eq!(
            check_resources(b"", b"", br#"{"CPU":600,"Memory":512,"NPU":1}"#),
            Ok(InstanceAsk {
                cpu_memory: Some((600, 512)),
                custom: vec![("NPU".into(), 1)]
            })
        );
        assert_eq!(
            check_resources(b"0", b"512", br#"{"CPU":300}"#).unwrap().cpu_memory,
            Some((300, 512))
        );
        assert_eq!(
            check_resources(b"", b"", br#"{"CPU":1234567890}"#),
            Ok(InstanceAsk::default())
        );
    }

    #[test]
    fn sessions() {
        let ok = parse_session(br#"{"sessionID":"abc","sessionTTL":10,"concurrency":1}"#).unwrap();
        assert_eq!(
            ok,
            Some(SessionAsk {
                id: "abc".into(),
                ttl: 10,
                concurrency: 1
            })
        );
        assert_eq!(
            parse_session(br#"{"sessionid":"abc","CONCURRENCY":-1}"#).unwrap(),
            Some(SessionAsk {
                id: "abc".into(),
                ttl: 0,
                concurrency: -1
            })
        );
        assert_eq!(parse_session(b"null"), Ok(None));
        assert_eq!(
            parse_session(b"{").unwrap_err(),
            "unmarshal instance session failed, err: unexpected end of JSON input"
        );
        assert_eq!(
            parse_session(br#"{"sessionID":1}"#).unwrap_err(),
            "unmarshal instance session failed, err: json: cannot unmarshal number into Go struct field \
             InstanceSessionConfig.sessionID of type string"
        );
        let valid = |id: &str, ttl, concurrency| {
            session_valid(
                &SessionAsk {
                    id: id.into(),
                    ttl,
                    concurrency,
                },
                2,
            )
        };
        assert!(valid("a", 0, 1));
        assert!(valid("a", 0, -1));
        assert!(valid(&"x".repeat(63), 0, 2));
        assert!(!valid("", 0, 1));
        assert!(!valid(&"x".repeat(64), 0, 1));
        assert!(!valid("a", -1, 1));
        assert!(!valid("a", 0, 0));
        assert!(!valid("a", 0, -2));
        assert!(!valid("a", 0, 3));
    }

    #[test]
    fn session_contexts() {
        assert_eq!(check_session_context(br#"{"sessionCtx":"c"}"#), Ok(()));
        assert_eq!(
            check_session_context(b"{bad").unwrap_err(),
            "unmarshal session ctx request header, header: {bad, err: invalid character 'b' looking for \
             beginning of object key string"
        );
    }

    #[test]
    fn trace_ids() {
        assert_eq!(trace_id(b"t", b"r", || "new".into()), b"t");
        assert_eq!(trace_id(b"", b"r", || "new".into()), b"r");
        assert_eq!(trace_id(b"", b"", || "new".into()), b"new");
        assert_eq!(trace_id("x".repeat(200).as_bytes(), b"", String::new).len(), 128);
    }
}
