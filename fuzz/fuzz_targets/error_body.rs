//! Error bodies of any shape: parsing never panics and the message stays on one line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yr::fuzzing::ErrorBody;

fuzz_target!(|data: &[u8]| {
    for content_type in [None, Some("application/json"), Some("text/html")] {
        let parsed = ErrorBody::parse(data, content_type);
        assert!(!parsed.message.contains('\n'), "{:?}", parsed.message);
    }
});
