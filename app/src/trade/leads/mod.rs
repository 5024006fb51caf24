//! Leads: every buyer who reached a booth (a sample, a question in its stream, a followed
//! stream, a paid order) in the booth's console `/{locale}/exhibitor/leads`, with the team's
//! status, next action and note, filters and a CSV export; and the contact details a buyer
//! shares with booths, which the buyer sees and may withdraw on the account page.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
