//! Trace ids: the W3C `traceparent` (parsed strictly, and made), upstream's rule for the OpenTelemetry trace an
//! `X-Trace-Id` names, and fresh random ids. Used by the client (what a call is sent with) and the emulator (its
//! request log).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The flags of a traceparent yr makes itself: sampled, as upstream's `BuildParentContext` marks a trace it derives
/// from an X-Trace-Id (`trace.FlagsSampled`, pkg/common/faas_common/tracer/trace_utils.go).
const SAMPLED: &str = "01";

/// A W3C trace context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header), version 00:
/// `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>`, lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceParent {
    /// 32 lowercase hex digits, not all zero.
    pub trace_id: String,
    /// 16 lowercase hex digits, not all zero: the span that made the call.
    pub parent_id: String,
    /// 2 lowercase hex digits.
    pub flags: String,
}

impl TraceParent {
    /// `text` as a version-00 traceparent, strictly: exactly 55 characters, lowercase hex, neither id all zeros.
    /// The error says what is wrong (the caller names the flag or variable).
    pub fn parse(text: &str) -> Result<TraceParent, String> {
        const FORM: &str = "expected 00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>";
        let parts: Vec<&str> = text.split('-').collect();
        let [version, trace_id, parent_id, flags] = parts[..] else {
            return Err(format!("not a traceparent: {FORM}"));
        };
        if version != "00" {
            return Err(if is_lower_hex(version, 2) {
                format!("version {version} is not supported: yr reads version 00")
            } else {
                format!("the version must be 2 lowercase hex digits (00): {FORM}")
            });
        }
        for (part, len, name) in [
            (trace_id, 32, "trace-id"),
            (parent_id, 16, "parent-id"),
            (flags, 2, "flags"),
        ] {
            if !is_lower_hex(part, len) {
                return Err(format!("the {name} must be {len} lowercase hex digits: {FORM}"));
            }
        }
        for (part, name) in [(trace_id, "trace-id"), (parent_id, "parent-id")] {
            if part.bytes().all(|b| b == b'0') {
                return Err(format!(
                    "the {name} is all zeros, which W3C trace context makes invalid"
                ));
            }
        }
        Ok(TraceParent {
            trace_id: trace_id.to_string(),
            parent_id: parent_id.to_string(),
            flags: flags.to_string(),
        })
    }

    /// A traceparent of the trace `trace_id` (32 lowercase hex) for a call yr makes: a fresh span id, `flags`
    /// as given or sampled.
    pub fn for_call(trace_id: &str, flags: Option<&str>) -> TraceParent {
        TraceParent {
            trace_id: trace_id.to_string(),
            parent_id: random_hex(1),
            flags: flags.unwrap_or(SAMPLED).to_string(),
        }
    }
}

impl std::fmt::Display for TraceParent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "00-{}-{}-{}", self.trace_id, self.parent_id, self.flags)
    }
}

/// The OpenTelemetry trace id (32 lowercase hex) that upstream derives from an `X-Trace-Id` (or `X-Request-Id`),
/// or None when it derives none and falls back to the traceparent: `ExtractOtelTraceID` in
/// pkg/common/faas_common/tracer/trace_utils.go. A UUID (any case) without its dashes, or the 32 hex after
/// `-trace-` (`job-{jobid}-trace-{32hex}`). An id of all zeros is no trace (`TraceID.IsValid`).
pub fn otel_trace_id(custom: &str) -> Option<String> {
    let derived = uuid_hex(custom).or_else(|| {
        let (_, hex) = custom.split_once("-trace-")?;
        let hex = hex.to_ascii_lowercase();
        is_lower_hex(&hex, 32).then_some(hex)
    })?;
    (!derived.bytes().all(|b| b == b'0')).then_some(derived)
}

/// `extractUUIDTraceID`: 36 characters with dashes at 8, 13, 18 and 23, the rest hex.
fn uuid_hex(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 || [8, 13, 18, 23].iter().any(|&i| bytes[i] != b'-') {
        return None;
    }
    // One pass, one allocation: every bench call reads its own X-Trace-Id back so.
    let hex: String = bytes
        .iter()
        .filter(|&&b| b != b'-')
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect();
    is_lower_hex(&hex, 32).then_some(hex)
}

/// 32 hex digits as a UUID (8-4-4-4-12), which upstream reads back to the same hex.
pub fn as_uuid(hex32: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &hex32[..8],
        &hex32[8..12],
        &hex32[12..16],
        &hex32[16..20],
        &hex32[20..32]
    )
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A random-looking UUID (version 4 layout): the trace ids yr and the emulator make up; unique, not secret.
pub fn new_uuid() -> String {
    let mut uuid = Vec::with_capacity(36);
    push_uuid(&mut uuid, new_uuid_words());
    // Only ASCII hex digits and dashes were written.
    String::from_utf8(uuid).unwrap_or_default()
}

/// A fresh UUID's 128 bits (version 4 layout), high word first: what `new_uuid` writes, and, as 32 hex digits, the
/// OpenTelemetry trace id upstream reads from it (`otel_trace_id`), never all zeros.
pub fn new_uuid_words() -> (u64, u64) {
    let (a, b) = (next_random(), next_random());
    (
        (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000,
        (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000,
    )
}

/// `(hi, lo)` as a UUID, "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", without the formatting machinery (bench writes one
/// per call straight into its request).
pub fn push_uuid(out: &mut Vec<u8>, (hi, lo): (u64, u64)) {
    for (at, (value, digits)) in [
        (hi >> 32, 8),
        ((hi >> 16) & 0xFFFF, 4),
        (hi & 0xFFFF, 4),
        (lo >> 48, 4),
        (lo & 0xFFFF_FFFF_FFFF, 12),
    ]
    .into_iter()
    .enumerate()
    {
        if at > 0 {
            out.push(b'-');
        }
        push_hex_bytes(out, value, digits);
    }
}

/// A fresh span id as a word, never zero (`random_hex(1)`'s value).
pub fn new_span_word() -> u64 {
    next_random().max(1)
}

/// The low `digits` hex digits of `value`, lowercase, zero-padded, as bytes.
pub fn push_hex_bytes(out: &mut Vec<u8>, value: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..digits).rev() {
        out.push(HEX[((value >> (shift * 4)) & 0xF) as usize]);
    }
}

/// The low `digits` hex digits of `value`, lowercase, zero-padded: `format!("{value:0digits$x}")` for a value that
/// fits.
fn push_hex(out: &mut String, value: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..digits).rev() {
        out.push(char::from(HEX[((value >> (shift * 4)) & 0xF) as usize]));
    }
}

/// A fresh OpenTelemetry trace id: 32 lowercase hex digits.
pub fn random_trace_id() -> String {
    random_hex(2)
}

/// `words` random 64-bit words as lowercase hex, never all zeros (a span id is one word).
fn random_hex(words: usize) -> String {
    let mut hex = String::with_capacity(16 * words);
    for _ in 0..words {
        push_hex(&mut hex, new_span_word(), 16);
    }
    hex
}

/// Unique per call in this process and unlikely to repeat across processes: the process's seed (its start time and
/// pid, read once) and a counter, mixed. splitmix is a bijection, so distinct counts give distinct words; the clock
/// is read once per process, not three times per bench call.
fn next_random() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let seed = *SEED.get_or_init(|| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        splitmix(nanos ^ (u64::from(std::process::id()) << 32))
    });
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    splitmix(splitmix(seed ^ count.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn parses_a_version_00_traceparent() {
        let tp = TraceParent::parse(TP).unwrap();
        assert_eq!(tp.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(tp.parent_id, "00f067aa0ba902b7");
        assert_eq!(tp.flags, "01");
        assert_eq!(tp.to_string(), TP);
        assert_eq!(
            TraceParent::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
                .unwrap()
                .flags,
            "00"
        );
    }

    /// Row by row, each reject and the words of its error.
    #[test]
    fn rejects_all_but_a_strict_version_00() {
        let rows: &[(&str, &str)] = &[
            ("", "not a traceparent"),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "not a traceparent",
            ),
            (&format!("{TP}-extra"), "not a traceparent"),
            (
                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "version 01 is not supported",
            ),
            (
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "version ff is not supported",
            ),
            (
                "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "the version must be",
            ),
            (
                "0G-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "the version must be",
            ),
            (
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "the trace-id must be 32 lowercase",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
                "the trace-id must be 32",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736a-00f067aa0ba902b7-01",
                "the trace-id must be 32",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
                "the trace-id must be 32",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
                "the parent-id must be 16",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
                "the parent-id must be 16",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
                "the flags must be 2",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0X",
                "the flags must be 2",
            ),
            (
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "the trace-id is all zeros",
            ),
            (
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "the parent-id is all zeros",
            ),
            (
                " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "the version must be",
            ),
        ];
        for (text, expected) in rows {
            let error = TraceParent::parse(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    /// `TestExtractOtelTraceID` in upstream's trace_utils_test.go, row for row, and the edges of its rule.
    #[test]
    fn hex_is_written_as_format_writes_it() {
        for value in [0, 1, 0xABC, 0xFFFF_FFFF, u64::MAX, 0x0123_4567_89AB_CDEF] {
            for digits in [4, 8, 12, 16] {
                let mut written = String::new();
                push_hex(&mut written, value & (u64::MAX >> (64 - digits * 4)), digits);
                assert_eq!(
                    written,
                    format!("{:0digits$x}", value & (u64::MAX >> (64 - digits * 4)))
                );
            }
        }
        let uuid = new_uuid();
        assert!(uuid_hex(&uuid).is_some_and(|hex| hex.len() == 32), "{uuid}");
        assert_eq!(uuid.as_bytes()[14], b'4', "{uuid}");
        assert_eq!(random_hex(2).len(), 32);
    }

    #[test]
    fn otel_trace_ids_as_upstream_derives_them() {
        let rows: &[(&str, Option<&str>)] = &[
            (
                "job-123-trace-123e4567e89b12d3a456426614174000",
                Some("123e4567e89b12d3a456426614174000"),
            ),
            (
                "123E4567-E89B-12D3-A456-426614174000",
                Some("123e4567e89b12d3a456426614174000"),
            ),
            ("trace-123", None),
            (
                "job-1-trace-123E4567E89B12D3A456426614174000",
                Some("123e4567e89b12d3a456426614174000"),
            ),
            ("job-1-trace-123e4567e89b12d3a45642661417400", None),
            ("123e4567e89b12d3a456426614174000", None),
            ("123e4567-e89b-12d3-a456-42661417400g", None),
            ("123e4567-e89b-12d3-a456_426614174000", None),
            ("00000000-0000-0000-0000-000000000000", None),
            ("smoke-checkout", None),
            ("", None),
        ];
        for (custom, expected) in rows {
            assert_eq!(otel_trace_id(custom).as_deref(), *expected, "{custom:?}");
        }
    }

    #[test]
    fn made_ids_read_back() {
        let uuid = new_uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        let hex = otel_trace_id(&uuid).unwrap();
        assert_eq!(as_uuid(&hex), uuid);
        let tp = TraceParent::for_call(&hex, None);
        assert_eq!(TraceParent::parse(&tp.to_string()).unwrap(), tp);
        assert_eq!(tp.flags, "01");
        assert_ne!(TraceParent::for_call(&hex, None).parent_id, tp.parent_id);
        assert_eq!(TraceParent::for_call(&hex, Some("00")).flags, "00");
    }
}
