//! The live room on the stream page.
