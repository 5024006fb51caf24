//! The live room: chat, questions, pinned products, flash deals and live stock over one
//! WebSocket per viewer, persisted with per-room ids so viewers resume without gaps.
//!
//! Other domains it uses, by name: only `accounts::store::User` (who speaks).

pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
