//! The pavilion itself: councils, halls, booths, badges and products.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
