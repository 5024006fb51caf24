//! What creators earn and exhibitors owe: a creator's statement of the commissions their
//! orders' lines earned (by month, by booth, by stream or link), pending until the order
//! is delivered and its return window has passed, then payable; reversed on refund. Also a
//! CSV of every line, and for an exhibitor what it owes each creator.
//!
//! Other domains it uses, by name: `creators::collaborations` (the commissions accrued
//! under agreed terms), `checkout` (orders, their lines and delivery).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

/// Days after delivery in which a buyer may still return goods: a commission becomes
/// payable only after them.
pub const RETURN_DAYS: i64 = 14;
