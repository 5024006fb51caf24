//! What curation pages show, as the server hands it to them.

use crate::core::Instant;
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Submitted,
    ChangesRequested,
    Approved,
    Rejected,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::ChangesRequested => "changes_requested",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::Submitted,
            Self::ChangesRequested,
            Self::Approved,
            Self::Rejected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// A kind of certificate an applicant can name, by the badge it earns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateKind {
    pub slug: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub kind: String,
    pub label: String,
    pub number: String,
    /// `YYYY-MM-DD`, the last day it is valid.
    pub expires: String,
}

/// One recorded decision or step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub actor: String,
    pub action: String,
    pub reason: String,
    pub at: Instant,
    pub when: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: i64,
    pub hall_slug: String,
    pub hall_name: String,
    pub stage: Stage,
    pub company_name: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub city: String,
    pub region: String,
    pub founded_year: i64,
    pub iec: String,
    pub gstin: String,
    pub products: String,
    pub markets: String,
    pub reason: String,
    pub certificates: Vec<Certificate>,
    pub booth_slug: Option<String>,
    pub applicant_name: String,
    pub applicant_email: String,
    pub updated: String,
    pub history: Vec<LogEntry>,
}

/// The call for exhibitors of one hall, as the person reading it may act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPage {
    pub hall_slug: String,
    pub hall_name: String,
    pub hall_colour: String,
    pub council: String,
    pub signed_in: bool,
    /// Already the owner or staff of a booth.
    pub exhibitor: bool,
    /// The person's application to this hall, if any (the latest).
    pub application: Option<Application>,
    /// An application of theirs still open in another hall.
    pub open_elsewhere: Option<String>,
    pub kinds: Vec<CertificateKind>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub company_name: String,
    pub hall_name: String,
    pub stage: Stage,
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratedHall {
    pub slug: String,
    pub name: String,
    pub colour: String,
    pub waiting: i64,
    pub booths: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratorHome {
    pub council: String,
    pub halls: Vec<CuratedHall>,
    /// Applications waiting for a decision, oldest first, a page of them.
    pub waiting: crate::core::Page<QueueItem>,
    /// Applications sent back to their applicants or decided, newest first, a page of them.
    pub recent: crate::core::Page<QueueItem>,
}

/// A booth on the curator's layout form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutBooth {
    pub slug: String,
    pub name: String,
    pub status: String,
    pub featured: bool,
    pub position: i64,
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratorHallPage {
    pub slug: String,
    pub name: String,
    pub colour: String,
    pub cols: i64,
    pub rows: i64,
    pub booths: Vec<LayoutBooth>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub badge: String,
    pub label: String,
    pub reference: String,
    pub verified: bool,
    pub expired: bool,
    pub expires: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub suspended: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedProduct {
    pub slug: String,
    pub name: String,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratorBoothPage {
    pub slug: String,
    pub name: String,
    pub hall_slug: String,
    pub hall_name: String,
    pub status: String,
    pub featured: bool,
    pub credentials: Vec<Credential>,
    pub members: Vec<Member>,
    pub products: Vec<ListedProduct>,
    pub history: Vec<LogEntry>,
    pub streams: Vec<CuratedStream>,
}

/// One of a booth's streams, for the main-stage slots curators hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratedStream {
    pub slug: String,
    pub title: String,
    pub when: String,
    pub state: crate::agenda::model::StreamState,
    pub main_stage: bool,
}
