//! A flow's parts as written and what they mean: a step's `kind`, `wait` (a boolean for an invoke, a duration for
//! a health step), `capture` (what to keep of an answer, under a variable's name) and `until` (try again until the
//! expectations hold, within a deadline). file.rs reads them, plan.rs checks them, flow.rs runs them.

use std::time::Duration;

use serde::Deserialize;

use super::file::Text;

/// What a step does: `yr invoke`, `yr result ID --wait`, `yr session delete`, `yr health [--wait]`, or a pause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    #[default]
    Invoke,
    Result,
    SessionDelete,
    Health,
    Pause,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invoke => "invoke",
            Kind::Result => "result",
            Kind::SessionDelete => "session-delete",
            Kind::Health => "health",
            Kind::Pause => "pause",
        }
    }
}

/// `wait`: `true` for an asynchronous invoke (as `--wait`), a duration for a health step (as `yr health --wait`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitValue {
    Yes(bool),
    For(Text),
}

impl<'de> Deserialize<'de> for WaitValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<WaitValue, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = WaitValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a boolean (an invoke's --wait) or a duration (a health step's --wait)")
            }
            fn visit_bool<E>(self, v: bool) -> Result<WaitValue, E> {
                Ok(WaitValue::Yes(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<WaitValue, E> {
                Ok(WaitValue::For(Text(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<WaitValue, E> {
                Ok(WaitValue::For(Text(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<WaitValue, E> {
                Ok(WaitValue::For(Text(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<WaitValue, E> {
                Ok(WaitValue::For(Text(v.to_string())))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `until = { deadline = "60s", interval = "1s", backoff = true, max-interval = "10s" }` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UntilFields {
    pub deadline: Option<Text>,
    pub interval: Option<Text>,
    #[serde(default)]
    pub backoff: bool,
    pub max_interval: Option<Text>,
}

/// The pause between two tries when `interval` is not given.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

/// The longest pause `backoff` doubles to when `max-interval` is not given (as `--retry-delay` doubles to 5s).
pub const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(5);

/// A step tried again until its expectations hold, its captures found, within `deadline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Until {
    pub deadline: Duration,
    pub interval: Duration,
    pub backoff: bool,
    pub max_interval: Duration,
}

impl Until {
    /// Checks the values; an error names the key (`deadline`, ...). A wait without a deadline is refused: it could
    /// hold a CI job for ever.
    pub fn parse(fields: &UntilFields) -> Result<Until, (&'static str, String)> {
        let duration =
            |key: &'static str, text: &Text| crate::values::parse_positive_duration(&text.0).map_err(|why| (key, why));
        let Some(deadline) = &fields.deadline else {
            return Err((
                "deadline",
                "`until` needs a `deadline` (as `deadline = \"60s\"`): a wait without one could hold the run for ever"
                    .into(),
            ));
        };
        let deadline = duration("deadline", deadline)?;
        let interval = fields
            .interval
            .as_ref()
            .map(|t| duration("interval", t))
            .transpose()?
            .unwrap_or(DEFAULT_INTERVAL);
        let max_interval = match &fields.max_interval {
            Some(_) if !fields.backoff => {
                return Err(("max-interval", "`max-interval` needs `backoff = true`".into()));
            }
            Some(text) => duration("max-interval", text)?,
            None => DEFAULT_MAX_INTERVAL.max(interval),
        };
        if max_interval < interval {
            return Err(("max-interval", "`max-interval` is shorter than `interval`".into()));
        }
        Ok(Until {
            deadline,
            interval,
            backoff: fields.backoff,
            max_interval,
        })
    }

    /// The pause after try `tries` (1 after the first).
    pub fn pause_after(&self, tries: u32) -> Duration {
        if !self.backoff {
            return self.interval;
        }
        let doublings = tries.saturating_sub(1).min(32);
        self.interval
            .saturating_mul(1u32 << doublings.min(31))
            .min(self.max_interval)
    }
}

/// What a capture takes from an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A value of the body, read as JSON: a string as its text, anything else as its JSON.
    Body(crate::jsonpath::Path),
    Header(String),
    RequestId,
    TraceId,
    /// The inner code (0 for a success without `X-Inner-Code`).
    Code,
    Status,
}

/// `capture = { order_id = "$.order.id", ... }`: one variable and where its value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub name: String,
    pub source: Source,
    /// As written, for messages.
    pub shown: String,
}

impl Capture {
    /// `$.path`, `header NAME`, `request-id`, `trace-id`, `code` or `status`.
    pub fn parse(name: &str, text: &str) -> Result<Capture, String> {
        if !super::vars::is_name(name) {
            return Err(format!(
                "`{}` cannot be a variable's name: a name is letters, digits and `_`, not starting with a digit",
                crate::values::printable(name)
            ));
        }
        let trimmed = text.trim();
        let source = match trimmed {
            "request-id" => Source::RequestId,
            "trace-id" => Source::TraceId,
            "code" => Source::Code,
            "status" => Source::Status,
            t if t.starts_with('$') => Source::Body(crate::jsonpath::parse(t)?),
            t => match t.strip_prefix("header ").map(str::trim) {
                Some(header) if !header.is_empty() => Source::Header(header.to_string()),
                _ => {
                    return Err(format!(
                        "`{}` is not something to capture: write a JSON path of the body (`$.order.id`), \
                         `header NAME`, `request-id`, `trace-id`, `code` or `status`",
                        crate::values::printable(text)
                    ));
                }
            },
        };
        Ok(Capture {
            name: name.to_string(),
            source,
            shown: trimmed.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Text> {
        Some(Text(s.into()))
    }

    #[test]
    fn until_needs_a_deadline_and_doubles_to_its_cap() {
        let fields = UntilFields {
            deadline: text("10s"),
            interval: text("100ms"),
            backoff: true,
            max_interval: text("350ms"),
        };
        let until = Until::parse(&fields).unwrap();
        let pauses: Vec<u128> = (1..=5).map(|t| until.pause_after(t).as_millis()).collect();
        assert_eq!(pauses, [100, 200, 350, 350, 350]);
        let fixed = Until::parse(&UntilFields {
            deadline: text("1m"),
            ..UntilFields::default()
        })
        .unwrap();
        assert_eq!(
            (fixed.pause_after(1), fixed.pause_after(9)),
            (DEFAULT_INTERVAL, DEFAULT_INTERVAL)
        );
        assert_eq!(Until::parse(&UntilFields::default()).unwrap_err().0, "deadline");
        let bad = |fields: UntilFields| Until::parse(&fields).unwrap_err().0;
        assert_eq!(
            bad(UntilFields {
                deadline: text("soon"),
                ..UntilFields::default()
            }),
            "deadline"
        );
        assert_eq!(
            bad(UntilFields {
                deadline: text("0"),
                ..UntilFields::default()
            }),
            "deadline"
        );
        assert_eq!(
            bad(UntilFields {
                deadline: text("5s"),
                max_interval: text("1s"),
                ..UntilFields::default()
            }),
            "max-interval"
        );
        assert_eq!(
            bad(UntilFields {
                deadline: text("5s"),
                interval: text("2s"),
                backoff: true,
                max_interval: text("1s"),
            }),
            "max-interval"
        );
        // A huge number of tries never overflows.
        assert_eq!(until.pause_after(u32::MAX).as_millis(), 350);
    }

    #[test]
    fn captures_name_their_source() {
        let source = |t: &str| Capture::parse("x", t).map(|c| c.source);
        assert_eq!(source("request-id"), Ok(Source::RequestId));
        assert_eq!(source(" trace-id "), Ok(Source::TraceId));
        assert_eq!(source("code"), Ok(Source::Code));
        assert_eq!(source("status"), Ok(Source::Status));
        assert_eq!(source("header X-Order"), Ok(Source::Header("X-Order".into())));
        assert_eq!(
            source("$.a[0]"),
            Ok(Source::Body(crate::jsonpath::parse("$.a[0]").unwrap()))
        );
        for bad in ["", "header", "header ", "body", "$.", "order.id"] {
            assert!(source(bad).is_err(), "{bad} accepted");
        }
        assert!(Capture::parse("1x", "code").is_err());
        assert!(Capture::parse("a-b", "code").is_err());
    }
}
