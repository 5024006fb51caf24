//! Accounts: people, passwords, database-backed sessions, roles (buyer, exhibitor of one
//! booth, curator of one council, admin) and the email outbox.

pub mod api;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

use serde::{Deserialize, Serialize};

/// The name of the session cookie (HttpOnly, SameSite=Lax, Secure over TLS).
pub const SESSION_COOKIE: &str = "pavilion_session";

/// Who is looking at the page, as the page needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub is_curator: bool,
    pub is_exhibitor: bool,
}

/// A form's field that was refused, with the message for the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Email,
    Password,
    Name,
    Credentials,
    EmailTaken,
    /// Minutes to wait.
    Throttled(i64),
}

/// What a refused form post hands back to its page: the problems, the status to answer
/// with, and what to put back in the fields (never the password).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormOutcome {
    pub status: u16,
    pub problems: Vec<Problem>,
    pub email: String,
    pub name: String,
}
