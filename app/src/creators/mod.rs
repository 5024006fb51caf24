//! Creators (KOLs) and agencies: a creator's public page with a record computed from the
//! streams they hosted, the directory buyers and exhibitors find them in, agencies and
//! their rosters, the councils' listings ("vetting"), follows, and the creator's own
//! profile form.
//!
//! Other domains it uses, by name: `agenda` (a creator's streams: `store::Streams`,
//! `views::stream_card`), `pavilion` (halls as sectors), `insights` (answer times:
//! `report::answer_times`, `views::duration`), `checkout` (the countries served as markets).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod collaborations;
pub mod links;
pub mod model;
pub mod statements;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
