//! The trace headers yr adds to every call (issue 22, item 3): an `X-Trace-Id` it makes (a UUID) unless one was
//! given, and a `traceparent` of the trace that X-Trace-Id names, as upstream's `BuildInboundContext`
//! (pkg/common/faas_common/tracer/trace_utils.go) derives it. Tests of other things take them off with
//! `without_trace`, which checks them, so each header list stays exact; tests/trace.rs tests them in full.

/// `00-<32 hex>-<16 hex>-<2 hex>`, split into trace id, span id and flags; panics on anything else.
pub fn traceparent_parts(traceparent: &str) -> (String, String, String) {
    let p: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(p.len(), 4, "{traceparent}");
    assert_eq!(p[0], "00", "{traceparent}");
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    assert!(hex(p[1], 32) && hex(p[2], 16) && hex(p[3], 2), "{traceparent}");
    (p[1].to_string(), p[2].to_string(), p[3].to_string())
}

/// A UUID's 32 hex digits, as upstream's `ExtractOtelTraceID` reads them (lower case, no dashes); panics when
/// `uuid` is not one.
pub fn uuid_hex(uuid: &str) -> String {
    let dashes = uuid.len() == 36 && [8, 13, 18, 23].iter().all(|&i| uuid.as_bytes()[i] == b'-');
    let hex = uuid.replace('-', "").to_ascii_lowercase();
    assert!(dashes && hex.bytes().all(|b| b.is_ascii_hexdigit()), "a UUID: {uuid}");
    hex
}

/// Headers the HTTP clients write on their own, which may follow yr's.
const TRANSPORT: [&str; 4] = ["host", "user-agent", "content-length", "accept"];

/// `headers` (as sent, any case) less the trace headers yr adds to every call, which are checked: the
/// `traceparent`, once and after every header yr chose; before it, when `made_trace_id` (no --trace-id or
/// -H X-Trace-Id was given), the `X-Trace-Id` yr made, a UUID naming the traceparent's trace, with flags `01`
/// (sampled).
#[track_caller]
pub fn without_trace(headers: &[(String, String)], made_trace_id: bool) -> Vec<(String, String)> {
    let count =
        |list: &[(String, String)], name: &str| list.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).count();
    assert_eq!(count(headers, "traceparent"), 1, "one traceparent: {headers:?}");
    let mut rest = headers.to_vec();
    let at = rest
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("traceparent"))
        .unwrap_or_default();
    assert!(
        rest[at + 1..]
            .iter()
            .all(|(n, _)| TRANSPORT.iter().any(|t| n.eq_ignore_ascii_case(t))),
        "the traceparent after every header yr chose: {headers:?}"
    );
    let (_, traceparent) = rest.remove(at);
    let (trace, _, flags) = traceparent_parts(&traceparent);
    if made_trace_id {
        assert!(
            at > 0 && rest[at - 1].0.eq_ignore_ascii_case("X-Trace-Id"),
            "a made X-Trace-Id before it: {headers:?}"
        );
        let (_, trace_id) = rest.remove(at - 1);
        assert_eq!(
            trace,
            uuid_hex(&trace_id),
            "the traceparent is of the trace X-Trace-Id names: {headers:?}"
        );
        assert_eq!(flags, "01", "{headers:?}");
    }
    assert_eq!(count(&rest, "X-Trace-Id"), usize::from(!made_trace_id), "{headers:?}");
    rest
}
