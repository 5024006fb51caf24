//! The pages: a stream's report, and a council's outcomes. Plain HTML and charts drawn on
//! the server, so they read the same without JavaScript, in print and right to left.

mod outcomes;
mod report;

pub use outcomes::CouncilOutcomesPage;
pub use report::StreamReportPage;
