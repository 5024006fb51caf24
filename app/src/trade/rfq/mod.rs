//! Requests for quotation: a buyer with a business profile asks one booth, or a whole hall
//! (its council routes the request by category and HS heading), for a price on a quantity
//! delivered somewhere on an Incoterm by a date, with specifications attached. Each booth
//! that received it quotes once (tiers, validity, deposit or full payment) and keeps a
//! thread with the buyer; the buyer compares quotes side by side, landed price included,
//! and accepts one: an order at the quoted price, paid in full or a deposit now and the
//! balance before shipping. Requests and quotes are leads of the booths.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod form;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
