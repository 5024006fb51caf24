//! Instant checkout: a checkout becomes one order per exhibitor, taking the stock it needs in
//! the same transaction (never below zero), remembered under its idempotency key; it ships by
//! zone and weight at a landed price, is paid on a provider's hosted page, and moves through
//! its states only by verified webhooks and role-checked actions.
//!
//! Other domains it uses, by name: `accounts` (the caller, booth membership, the buyer's
//! normalised email) and `pavilion::store` (the products' prices and stock it sells).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod cart;
pub mod model;
#[cfg(feature = "ssr")]
pub mod orders;
#[cfg(feature = "ssr")]
pub mod payments;
pub mod shipping;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
