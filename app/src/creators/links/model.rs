//! What the links page shows.

use crate::creators::model::Choice;
use serde::{Deserialize, Serialize};

/// The fields of the form that makes a link.
pub const LINK_FIELDS: [&str; 2] = ["target", "label"];

/// One of the creator's links with what it brought.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub code: String,
    /// The whole address to share.
    pub url: String,
    pub label: String,
    /// Where it leads: a name and its page.
    pub target: String,
    pub target_href: String,
    pub clicks: String,
    /// Paid orders bought through it, their goods, and the commission they earned.
    pub orders: String,
    pub sales: String,
    pub earned: String,
}

/// `/{locale}/creator/links`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinksPage {
    /// The signed-in person's creator profile (slug, name); none: not a creator yet.
    pub creator: Option<(String, String)>,
    pub links: Vec<Link>,
    /// Where a new link may lead: booths and products with terms in force.
    pub booths: Vec<Choice>,
    pub products: Vec<Choice>,
    /// The attribution window.
    pub days: i64,
}
