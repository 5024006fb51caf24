//! What the leads console and the buyer's list of shared contacts show.

use serde::{Deserialize, Serialize};

/// Where a lead stands in the booth's pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadStatus {
    New,
    Contacted,
    Quoted,
    Won,
    Lost,
}

impl LeadStatus {
    pub const ALL: [Self; 5] = [
        Self::New,
        Self::Contacted,
        Self::Quoted,
        Self::Won,
        Self::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Contacted => "contacted",
            Self::Quoted => "quoted",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}

/// What a buyer did that made them a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityKind {
    Sample,
    Question,
    Follow,
    Order,
    /// A request for quotation the booth received.
    Rfq,
    /// The booth's quote on one.
    Quote,
    /// A meeting booked with the booth's team (cancelled ones too).
    Meeting,
}

impl ActivityKind {
    pub const ALL: [Self; 7] = [
        Self::Sample,
        Self::Question,
        Self::Follow,
        Self::Order,
        Self::Rfq,
        Self::Quote,
        Self::Meeting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Sample => "sample",
            Self::Question => "question",
            Self::Follow => "follow",
            Self::Order => "order",
            Self::Rfq => "rfq",
            Self::Quote => "quote",
            Self::Meeting => "meeting",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == raw.trim())
    }
}

/// One thing a buyer did: a sample of a product, a question's words, the stream followed,
/// the order's number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub kind: ActivityKind,
    pub summary: String,
    /// UTC seconds.
    pub at: i64,
    /// The date in the reader's words (filled for pages, empty in exports).
    pub when: String,
}

/// A buyer as one booth's lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    pub buyer: i64,
    pub name: String,
    /// From the buyer's business profile, if they keep one.
    pub company: String,
    /// Only while the buyer shares it with this booth.
    pub email: Option<String>,
    /// ISO 3166-1 alpha-2 of the buyer's latest delivery from this booth, else of their
    /// business profile, if any.
    pub country: String,
    /// The country in the reader's language (filled for pages).
    pub country_name: String,
    pub status: LeadStatus,
    pub note: String,
    /// `YYYY-MM-DD` (UTC), when something is planned.
    pub next_action: Option<String>,
    /// Newest first.
    pub activities: Vec<Activity>,
}

impl Lead {
    pub fn last_at(&self) -> i64 {
        self.activities.first().map_or(0, |a| a.at)
    }
}

/// The console's leads, filtered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadsPage {
    pub booth_name: String,
    pub leads: Vec<Lead>,
    /// How many leads in each status before filtering, in [`LeadStatus::ALL`] order.
    pub counts: Vec<(LeadStatus, usize)>,
    pub status: Option<LeadStatus>,
    pub kind: Option<ActivityKind>,
    /// Today (UTC, `YYYY-MM-DD`): a next action on or before it is due.
    pub today: String,
}

/// A booth a buyer shares contact details with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub booth_slug: String,
    pub booth_name: String,
    /// `YYYY-MM-DD` (UTC).
    pub since: String,
    /// The same date in the reader's words.
    pub since_label: String,
}
