//! Curation: the call for exhibitors, the council's review of applications, verified
//! badges, featuring and the hall's floor plan, and moderation (unpublish, suspend).
//!
//! Other domains it uses, by name: `accounts` (the caller and the curator's roles),
//! `pavilion` (halls, booths and the floor plan it curates; `views::floor_plan`,
//! `views::product_status`) and `agenda` (a booth's streams: `model::StreamState`,
//! `views::state_badge`).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
