//! Agenda and streams: scheduled, live, ended and replayed sessions of each booth.
//!
//! Other domains it uses, by name: `accounts` (the caller and roles), `live` (the room on
//! the stream page and its replay chapters), `pavilion` (the products shown with a stream:
//! `store`, `model::ProductCard`, `views::product_card`) and `checkout::orders::watched`
//! (a watched stream is credited with the orders that follow).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod follows;
#[cfg(feature = "ssr")]
pub mod ingest;
pub mod model;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
