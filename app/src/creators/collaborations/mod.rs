//! Collaborations between a booth and creators: a target collaboration invites one creator
//! with terms (products, fee, commission, period, deliverables), answered by accepting,
//! declining or countering, each counter a new version; an open collaboration offers
//! products at a commission that any council-listed creator joins. Accepted terms never
//! change: a change is a new version the other side accepts. Both sides see every version
//! and how it was answered.
//!
//! Other domains it uses, by name: `accounts` (who is on which side: `roles::member`),
//! `checkout` (the countries served, as a deliverable's market), `creators` (profiles,
//! rate cards, listings).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod commission;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
