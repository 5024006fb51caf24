//! Agenda and streams: scheduled, live, ended and replayed sessions of each booth.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
