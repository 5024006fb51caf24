//! Instant checkout: a checkout becomes one order per exhibitor, taking the stock it needs in
//! the same transaction (never below zero), remembered under its idempotency key.

pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
