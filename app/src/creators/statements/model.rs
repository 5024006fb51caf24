//! What statements show.

use serde::{Deserialize, Serialize};

/// Where a line's commission stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// Paid, not yet delivered, or still within its return window.
    Pending,
    /// Delivered, the return window passed: owed to the creator now.
    Payable,
    /// The order was refunded.
    Reversed,
}

impl Standing {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Payable => "payable",
            Self::Reversed => "reversed",
        }
    }
}

/// One group's totals, formatted: a month, a booth, a stream or link, a creator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sum {
    pub name: String,
    pub pending: String,
    pub payable: String,
}

/// One order line's commission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Earning {
    pub order: String,
    pub bought: String,
    pub booth: String,
    pub product: String,
    /// The stream or link that brought the order.
    pub via: String,
    pub basis: String,
    pub rate: String,
    pub amount: String,
    pub standing: Standing,
}

/// `/{locale}/creator/earnings`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The signed-in person's creator profile (slug, name); none: not a creator yet.
    pub creator: Option<(String, String)>,
    pub pending: String,
    pub payable: String,
    pub reversed: String,
    pub by_month: Vec<Sum>,
    pub by_booth: Vec<Sum>,
    pub by_source: Vec<Sum>,
    pub lines: Vec<Earning>,
}
