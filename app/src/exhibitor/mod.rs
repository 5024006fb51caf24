//! The exhibitor console: the booth's profile, its products (create, edit, archive, with
//! images), and its team (the owner invites staff by email).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod uploads;
pub mod views;
