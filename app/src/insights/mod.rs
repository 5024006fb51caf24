//! Engagement metrics and outcomes: what a stream's audience did, measured with the
//! server's clock. The room's viewer sessions are recorded by the node holding the socket
//! and written in batches through an [`sink::EventSink`]; chat, questions, answers and pins
//! are the room's own events, and orders carry their stream. Everything is rolled up per
//! stream and minute ([`rollup`]), and each stream gets a report for its booth's team and
//! its hall's council: viewers per minute with the moments that mattered, the funnel, where
//! orders went, the questions asked, and the sales attributed during the stream and in the
//! seven days after. A council reads its halls' outcomes over a period ([`outcomes`]), on
//! the page and as CSV and Excel; a booth's team sees its streams side by side
//! ([`overview`]), and while a stream is live, its control room ([`pulse`]) once a second.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod chart;
pub mod model;
#[cfg(feature = "ssr")]
pub mod outcomes;
#[cfg(feature = "ssr")]
pub mod overview;
pub mod pulse;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod rollup;
#[cfg(feature = "ssr")]
pub mod sink;
pub mod views;
