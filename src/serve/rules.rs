//! The frontend's request rules as frontend.md describes them: URNs, resource and session headers, labels.
//! Pure functions, so each rule is unit-tested on its own.

use serde_json::Value;

/// A refusal: the inner code and the message the real frontend sends with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub message: String,
}

impl Refusal {
    pub fn new(code: i64, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
        }
    }
}

/// The HTTP status for an inner code: 0 and 2002xx take their last three digits, everything else is 500.
pub fn http_status(code: i64) -> u16 {
    match code {
        0 => 200,
        200_200 | 200_202 | 200_204 | 200_400 | 200_401 | 200_403 | 200_404 | 200_413 | 200_429 => {
            (code - 200_000) as u16
        }
        _ => 500,
    }
}

/// The server splits the URN on `:` and accepts 6 or 7 fields.
pub fn check_urn(urn: &str) -> Result<(), Refusal> {
    let fields = urn.split(':').count();
    if fields == 6 || fields == 7 {
        Ok(())
    } else {
        Err(Refusal::new(
            200_400,
            format!("invalid function urn {urn}: expected 6 or 7 fields, got {fields}"),
        ))
    }
}

/// The short route's parts as a URN: `sn:cn:yrk:{tenant}:function:0@{service}@{function}:{version or latest}`.
pub fn short_route_urn(tenant: &str, service: &str, function: &str) -> String {
    let (name, version) = function.split_once(':').unwrap_or((function, "latest"));
    format!("sn:cn:yrk:{tenant}:function:0@{service}@{name}:{version}")
}

/// What the instance headers asked for, once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceAsk {
    /// Millicores and MB, present only when both were valid and positive.
    pub cpu_memory: Option<(i64, i64)>,
    /// Custom resources with positive counts; applied only with cpu and memory.
    pub custom: Vec<(String, i64)>,
    pub pool_label: Option<String>,
    pub instance_label: Option<String>,
}

/// CPU and memory are ignored alone; together a non-integer is 200500; values of 0 or less are ignored.
pub fn check_resources(cpu: Option<&str>, memory: Option<&str>, custom: Option<&str>) -> Result<InstanceAsk, Refusal> {
    let mut ask = InstanceAsk::default();
    if let (Some(cpu), Some(memory)) = (cpu, memory) {
        let parse = |name: &str, v: &str| {
            v.trim()
                .parse::<i64>()
                .map_err(|_| Refusal::new(200_500, format!("invalid {name} value: {v}")))
        };
        let (c, m) = (parse("X-Instance-Cpu", cpu)?, parse("X-Instance-Memory", memory)?);
        if c > 0 && m > 0 {
            ask.cpu_memory = Some((c, m));
        }
    }
    if let Some(text) = custom {
        let invalid = || Refusal::new(200_500, format!("invalid X-Instance-Custom-Resource value: {text}"));
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
            return Err(invalid());
        };
        for (name, value) in map {
            let count = value.as_i64().ok_or_else(invalid)?;
            if count > 0 {
                ask.custom.push((name, count));
            }
        }
        if ask.cpu_memory.is_none() {
            ask.custom.clear();
        }
    }
    Ok(ask)
}

/// A parsed X-Instance-Session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAsk {
    pub id: String,
    pub ttl: i64,
    pub concurrency: i64,
}

/// Malformed JSON or wrong types: 330404. Values out of range or above the function's concurrentNum: 4037.
pub fn check_session(text: &str, concurrent_num: i64) -> Result<SessionAsk, Refusal> {
    let malformed = |why: String| Refusal::new(330_404, format!("failed to parse X-Instance-Session: {why}"));
    let value: Value = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(malformed("not a JSON object".into()));
    };
    let int = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(0),
        Some(v) => v.as_i64().ok_or_else(|| malformed(format!("{key} is not an integer"))),
    };
    let id = match map.get("sessionID") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(malformed("sessionID is not a string".into())),
    };
    let ask = SessionAsk {
        id,
        ttl: int("sessionTTL")?,
        concurrency: int("concurrency")?,
    };
    let length = ask.id.chars().count();
    let valid = (1..=63).contains(&length)
        && ask.ttl >= 0
        && (ask.concurrency == -1 || (ask.concurrency >= 1 && ask.concurrency <= concurrent_num));
    if valid {
        Ok(ask)
    } else {
        Err(Refusal::new(4037, "session config invalid"))
    }
}

/// A trace id as the frontend keeps it: X-Trace-Id, else X-Request-Id, cut to 128 characters.
pub fn trace_id(x_trace_id: Option<&str>, x_request_id: Option<&str>, fresh: impl FnOnce() -> String) -> String {
    match x_trace_id
        .filter(|t| !t.is_empty())
        .or(x_request_id.filter(|t| !t.is_empty()))
    {
        Some(given) => given.chars().take(128).collect(),
        None => fresh(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(check_urn("sn:cn:yrk:default:function:0@s@f:latest").is_ok());
        assert!(check_urn("sn:cn:yrk:default:function:0@s@f").is_ok());
        assert_eq!(check_urn("a:b:c").unwrap_err().code, 200_400);
        assert_eq!(check_urn("a:b:c:d:e:f:g:h").unwrap_err().code, 200_400);
        assert_eq!(short_route_urn("t", "s", "f"), "sn:cn:yrk:t:function:0@s@f:latest");
        assert_eq!(short_route_urn("t", "s", "f:2"), "sn:cn:yrk:t:function:0@s@f:2");
    }

    #[test]
    fn resources() {
        assert_eq!(check_resources(Some("abc"), None, None), Ok(InstanceAsk::default()));
        assert_eq!(
            check_resources(Some("500"), Some("abc"), None).unwrap_err().code,
            200_500
        );
        assert_eq!(
            check_resources(Some("500"), Some("512"), None).unwrap().cpu_memory,
            Some((500, 512))
        );
        assert_eq!(check_resources(Some("0"), Some("512"), None).unwrap().cpu_memory, None);
        let ask = check_resources(Some("500"), Some("512"), Some(r#"{"NPU":2,"GPU":0}"#)).unwrap();
        assert_eq!(ask.custom, vec![("NPU".to_string(), 2)]);
        assert_eq!(
            check_resources(None, None, Some(r#"{"NPU":2}"#)).unwrap().custom,
            vec![]
        );
        assert_eq!(check_resources(None, None, Some("{bad")).unwrap_err().code, 200_500);
        assert_eq!(
            check_resources(None, None, Some(r#"{"NPU":"x"}"#)).unwrap_err().code,
            200_500
        );
    }

    #[test]
    fn sessions() {
        let ok = check_session(r#"{"sessionID":"abc","sessionTTL":10,"concurrency":1}"#, 1).unwrap();
        assert_eq!(
            ok,
            SessionAsk {
                id: "abc".into(),
                ttl: 10,
                concurrency: 1
            }
        );
        assert!(check_session(r#"{"sessionID":"abc","sessionTTL":0,"concurrency":-1}"#, 1).is_ok());
        for malformed in [
            "{",
            "[]",
            r#"{"sessionID":1}"#,
            r#"{"sessionID":"a","concurrency":"2"}"#,
        ] {
            assert_eq!(check_session(malformed, 4).unwrap_err().code, 330_404, "{malformed}");
        }
        let long = format!(r#"{{"sessionID":"{}","concurrency":1}}"#, "x".repeat(64));
        for invalid in [
            r#"{"sessionID":"","concurrency":1}"#,
            long.as_str(),
            r#"{"sessionID":"a","sessionTTL":-1,"concurrency":1}"#,
            r#"{"sessionID":"a","concurrency":0}"#,
            r#"{"sessionID":"a","concurrency":-2}"#,
            r#"{"sessionID":"a","concurrency":3}"#,
        ] {
            assert_eq!(
                check_session(invalid, 2).unwrap_err(),
                Refusal::new(4037, "session config invalid"),
                "{invalid}"
            );
        }
    }

    #[test]
    fn trace_ids() {
        assert_eq!(trace_id(Some("t"), Some("r"), || "new".into()), "t");
        assert_eq!(trace_id(None, Some("r"), || "new".into()), "r");
        assert_eq!(trace_id(None, None, || "new".into()), "new");
        assert_eq!(trace_id(Some(&"x".repeat(200)), None, String::new).len(), 128);
    }
}
