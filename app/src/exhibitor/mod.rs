//! The exhibitor console: the booth's profile, its products (create, edit, archive, with
//! images), and its team (the owner invites staff by email).

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
