//! Curation: the call for exhibitors, the council's review of applications, verified
//! badges, featuring and the hall's floor plan, and moderation (unpublish, suspend).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
