//! The exhibitor console: the booth's profile, its products (create, edit, archive, with
//! images), and its team (the owner invites staff by email).
//!
//! Other domains it uses, by name: `accounts` (the caller, booth membership),
//! `checkout::views::OrderList` (the booth's orders), `pavilion` (its search index and
//! `views::product_status`) and `agenda` (its streams' states).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod uploads;
pub mod views;
