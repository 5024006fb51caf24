#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzzing::request_prefs(data));
