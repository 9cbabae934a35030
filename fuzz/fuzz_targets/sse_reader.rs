//! The frame reader every command reads a stream with (`call::stream`), over any bytes, cut into any reads: it
//! never panics, never holds a frame past its limit, and reads the same frames whatever the buffer size.
#![no_main]

use std::io::BufReader;

use libfuzzer_sys::fuzz_target;
use yr::fuzzing::{FrameRead, FrameReader};

const LIMIT: u64 = 256;

fn read_all(data: &[u8], buffer: usize) -> Vec<FrameRead> {
    let mut reader = FrameReader::new(LIMIT);
    let mut body = BufReader::with_capacity(buffer, data);
    let mut out = Vec::new();
    loop {
        let read = reader.next(&mut body).expect("a slice reads");
        if let FrameRead::Frame(frame) = &read {
            assert!(frame.data.len() as u64 <= LIMIT, "a frame of {} bytes", frame.data.len());
        }
        let more = matches!(read, FrameRead::Frame(_));
        out.push(read);
        if !more {
            return out;
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&buffer, data)) = input.split_first() else {
        return;
    };
    let whole = read_all(data, 8 * 1024);
    assert_eq!(read_all(data, usize::from(buffer).max(1)), whole);
});
