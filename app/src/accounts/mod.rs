//! Accounts: people, passwords, database-backed sessions, roles (buyer, exhibitor of one
//! booth, curator of one council, admin) and the email outbox.
//!
//! Other domains it uses, by name: the account page shows `checkout::views::OrderList`
//! (the buyer's orders) and `agenda`'s notices (`api::get_notices`, `views::notice_text`).
//! Every domain uses `accounts::store::{User, current_user}` and `accounts::roles`.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod roles;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod verification;
pub mod views;

pub use crate::core::Viewer;

/// The name of the session cookie (HttpOnly, SameSite=Lax, Secure over TLS).
pub const SESSION_COOKIE: &str = "pavilion_session";
