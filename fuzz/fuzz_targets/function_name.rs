//! FUNCTION names: parsing never panics, and a parsed URN round-trips through its text and its path segment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yr::fuzzing::{FunctionUrn, NameDefaults};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let defaults = NameDefaults::default();
    if let Ok(urn) = FunctionUrn::parse(text, &defaults) {
        let again = FunctionUrn::parse(&urn.to_string(), &defaults).expect("a URN's own text parses");
        assert_eq!(again, urn);
        let segment = urn.path_segment();
        assert!(segment.bytes().all(|b| b.is_ascii_graphic() && b != b'/' && b != b'?' && b != b'#'));
    }
});
