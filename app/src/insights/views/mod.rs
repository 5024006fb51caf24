//! The pages: a stream's control room and report, a booth's streams side by side, and a council's outcomes. Plain HTML and charts drawn on
//! the server, so they read the same without JavaScript, in print and right to left.

mod control;
mod outcomes;
mod overview;
mod report;

pub use control::{ControlRoomPage, duration};
pub use outcomes::CouncilOutcomesPage;
pub use overview::BoothInsightsPage;
pub use report::StreamReportPage;
