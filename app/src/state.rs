//! Server state shared by routes and server functions (given to Leptos as context).

use crate::db::{Backend, Db};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The public origin, for links in pages, emails and calendars.
    pub site: crate::app::SiteUrl,
    pub db: Db,
    pub backend: Backend,
    /// Where encoders publish, shown on the exhibitor's "Go live" page.
    pub ingest: crate::agenda::model::Ingest,
    /// Where uploaded product pictures are stored (served at `/media/uploads`).
    pub media_dir: std::path::PathBuf,
    /// Where files attached to requests are stored: never served as they are, only through
    /// the request's own page, to its parties.
    #[from_ref(skip)]
    pub files_dir: std::path::PathBuf,
    /// The payment providers checkouts pay through.
    pub payments: crate::checkout::payments::Payments,
    /// Where checkouts queue for their group commit.
    pub checkouts: crate::checkout::store::GroupCommit,
    /// The meeting rooms' sockets, and the call's STUN/TURN servers.
    #[from_ref(skip)]
    pub meeting_rooms: crate::trade::meetings::hub::Rooms,
    /// How long a followed creator's link attributes a checkout, in days.
    #[from_ref(skip)]
    pub referral_days: i64,
}

impl AppState {
    /// The state inside a server function or a server-rendered component.
    pub fn current() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            crate::error::AppError::Internal
        })
    }
}

/// Seconds since the Unix epoch, now.
pub fn now() -> crate::core::Instant {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::core::Instant(secs)
}

/// Milliseconds since the Unix epoch, now (room events and flash deals).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
