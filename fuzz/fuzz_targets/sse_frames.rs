//! Server-sent event streams cut anywhere: the parser never panics, and `data: [DONE]` is only ever the end marker.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yr::fuzzing::SseParser as Parser;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parser = Parser::default();
    for line in text.split('\n') {
        if let Some(frame) = parser.line(line)
            && frame.is_done()
        {
            assert_eq!(frame.data, "[DONE]");
        }
    }
    let _ = parser.finish();
});
