//! What every domain shares: value types parsed once at the edge and trusted inside
//! (slugs, money, instants, registration numbers) and the handling of secrets.

pub mod credentials;
mod money;
mod page;
#[cfg(feature = "ssr")]
pub mod secrets;
mod slug;
mod spreadsheet;
#[cfg(feature = "ssr")]
pub mod throttle;
mod time;
mod viewer;

pub use money::{Currency, Money, Rate, basis_points_of};
pub use page::{Cursor, Page};
pub use slug::Slug;
pub use spreadsheet::spreadsheet_safe;
pub use time::{Instant, LocalTimeError, Remaining, ZONES, canonical_zone, remaining};
#[cfg(feature = "ssr")]
pub use time::{day_start, known_zone, local_date, local_day, local_input, parse_local, zone_of};
pub use viewer::Viewer;
