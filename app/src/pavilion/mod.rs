//! The pavilion itself: councils, halls, booths, badges and products.
//!
//! Other domains it uses, by name: `agenda` (the streams shown on the home, hall and booth
//! pages: `store::Streams`, `model::StreamCard`, `views::stream_card`).

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
