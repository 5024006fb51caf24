//! Accounts: people, passwords, database-backed sessions, roles (buyer, exhibitor of one
//! booth, curator of one council, admin) and the email outbox.

#[cfg(feature = "ssr")]
pub mod store;
