//! What the collaboration pages show: a collaboration's versions of terms and how each was
//! answered, the lists of each side, the open offers a creator may join, and the form that
//! proposes terms (an invitation, a counter, a change, an open offer).

use crate::creators::model::Choice;
use serde::{Deserialize, Serialize};

/// Which side of a collaboration someone is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Exhibitor,
    Creator,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Self::Exhibitor => "exhibitor",
            Self::Creator => "creator",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "exhibitor" => Some(Self::Exhibitor),
            "creator" => Some(Self::Creator),
            _ => None,
        }
    }
}

/// An invitation of one creator, or an offer any listed creator may join.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Target,
    Open,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Target => "target",
            Self::Open => "open",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "target" => Some(Self::Target),
            "open" => Some(Self::Open),
            _ => None,
        }
    }
}

/// Where a collaboration stands (the `state` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// A version awaits an answer; none was accepted before.
    Proposed,
    /// A version is in force; a newer one may await an answer.
    Agreed,
    Declined,
    Withdrawn,
    /// An open offer that takes no one new.
    Closed,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Agreed => "agreed",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "proposed" => Some(Self::Proposed),
            "agreed" => Some(Self::Agreed),
            "declined" => Some(Self::Declined),
            "withdrawn" => Some(Self::Withdrawn),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }

    /// Nothing more can happen to it.
    pub fn ended(self) -> bool {
        matches!(self, Self::Declined | Self::Withdrawn | Self::Closed)
    }
}

/// How a version of the terms was answered (`None` while it awaits one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Accepted,
    Declined,
    Countered,
    Withdrawn,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Countered => "countered",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "accepted" => Some(Self::Accepted),
            "declined" => Some(Self::Declined),
            "countered" => Some(Self::Countered),
            "withdrawn" => Some(Self::Withdrawn),
            _ => None,
        }
    }
}

/// One version of the terms, in the reader's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub version: i64,
    pub side: Side,
    /// Who proposed it, by name, and when.
    pub by: String,
    pub on: String,
    /// Per stream; `None` for no fee.
    pub fee: Option<String>,
    pub commission: String,
    /// "1 December 2026 – 31 December 2026".
    pub period: String,
    /// `(slug, name)` of each product covered.
    pub products: Vec<(String, String)>,
    pub streams: i64,
    pub minutes: Option<i64>,
    /// In the reader's words.
    pub market: Option<String>,
    pub language: Option<String>,
    pub note: String,
    pub outcome: Option<Outcome>,
    /// Who answered, by name, and when.
    pub answered: Option<(String, String)>,
}

/// A collaboration in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    pub booth: String,
    /// `(slug, name)`; `None` on an open offer itself.
    pub creator: Option<(String, String)>,
    /// The latest version's commission and period.
    pub commission: String,
    pub period: String,
    /// The latest version awaits the reader's answer.
    pub awaiting_you: bool,
    /// A version awaits an answer from either side.
    pub pending: bool,
    /// Creators who joined (an open offer).
    pub joined: i64,
}

/// The form that proposes terms, with what is kept in it and the choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermsForm {
    pub products: Vec<Choice>,
    /// Rupees, as typed; empty for none.
    pub fee: String,
    /// Percent, as typed.
    pub commission: String,
    /// `YYYY-MM-DD`, the first and the last day covered.
    pub starts: String,
    pub ends: String,
    pub streams: String,
    pub minutes: String,
    pub markets: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub note: String,
}

/// The fields of the terms form, for the alert above it.
pub const TERMS_FIELDS: [&str; 10] = [
    "products",
    "fee",
    "commission",
    "starts",
    "ends",
    "streams",
    "minutes",
    "market",
    "language",
    "note",
];

/// `/{locale}/collaborations/{id}`: both sides see the same history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    pub booth: (String, String),
    /// `(slug, name, portrait)`; `None` on an open offer itself.
    pub creator: Option<(String, String, String)>,
    /// The reader's side.
    pub side: Side,
    /// The newest version first.
    pub history: Vec<Terms>,
    /// The version in force, if any.
    pub agreed: Option<i64>,
    /// The version awaiting an answer, if any, and whether the reader is to answer it.
    pub pending: Option<i64>,
    pub awaiting_you: bool,
    /// The reader may propose terms (a counter, or a change to the agreed ones).
    pub may_propose: bool,
    /// The terms form, filled with the latest version.
    pub form: Option<TermsForm>,
    /// Creators who joined (an open offer): `(slug, name)`.
    pub joined: Vec<(String, String)>,
}

/// `/{locale}/exhibitor/collaborations`: the booth's invitations, agreements and open offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoothList {
    pub booth: String,
    pub collaborations: Vec<Summary>,
    pub offers: Vec<Summary>,
    /// A new open offer.
    pub form: TermsForm,
    /// What the booth owes each creator in commissions, pending and payable.
    pub owed: Vec<crate::creators::statements::model::Sum>,
}

/// An open offer as a creator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: i64,
    pub booth: (String, String),
    pub commission: String,
    pub period: String,
    pub products: Vec<(String, String)>,
    /// The reader's collaboration from it, once joined.
    pub joined: Option<i64>,
}

/// `/{locale}/creator/collaborations`: the creator's invitations and agreements, and the
/// open offers they may join.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorList {
    /// `(slug, name)`; `None` before the reader made a creator profile.
    pub creator: Option<(String, String)>,
    /// A council lists the creator or their agency: open offers may be joined.
    pub listed: bool,
    pub collaborations: Vec<Summary>,
    pub offers: Vec<Offer>,
}

/// `/{locale}/exhibitor/invite/{creator}`: the invitation form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub creator: (String, String, String),
    pub headline: String,
    /// The creator's rate card, in words.
    pub fee: Option<String>,
    pub commission: Option<String>,
    pub form: TermsForm,
}
