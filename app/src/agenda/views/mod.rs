//! Stream pages and parts.

pub mod countdown;
pub mod stream_card;
pub mod stream_page;
