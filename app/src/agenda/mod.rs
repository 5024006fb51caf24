//! Agenda and streams: scheduled, live, ended and replayed sessions of each booth.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ingest;
pub mod model;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
