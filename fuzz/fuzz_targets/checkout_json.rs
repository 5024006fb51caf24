#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzzing::checkout_json(data));
