//! Resource, session, header and duration values: parsing never panics; accepted values are what the frontend takes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yr::fuzzing as values;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(cpu) = values::parse_cpu(text) {
        assert!(cpu > 0);
    }
    if let Ok(memory) = values::parse_memory(text) {
        assert!(memory > 0);
    }
    if let Ok((name, count)) = values::parse_custom_resource(text) {
        assert!(!name.is_empty() && count > 0);
    }
    if let Ok((_, value)) = values::parse_header(text) {
        assert!(!value.contains(['\r', '\n', '\0']));
    }
    let _ = values::parse_duration(text);
    let _ = values::parse_size(text);
    let mut parts = text.splitn(3, '\u{1f}');
    let (id, ttl, concurrency) = (parts.next(), parts.next(), parts.next());
    if let Ok(Some(session)) = values::InstanceSession::parse(id, ttl, concurrency) {
        let header: serde_json::Value = serde_json::from_str(&session.header_value()).expect("the header is JSON");
        assert_eq!(header["sessionID"].as_str(), Some(session.id.as_str()));
    }
});
