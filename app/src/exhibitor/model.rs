//! What the exhibitor console shows.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleProduct {
    pub slug: String,
    pub name: String,
    pub status: String,
    /// The price in rupees, as the form shows it (`1250.50`).
    pub price: String,
    pub stock: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub email: String,
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExhibitorHome {
    pub booth_slug: String,
    pub booth_name: String,
    pub hall_name: String,
    pub status: String,
    pub owner: bool,
    pub tagline: String,
    pub description: String,
    pub city: String,
    pub region: String,
    pub brand_colour: String,
    pub products: Vec<ConsoleProduct>,
    pub team: Vec<TeamMember>,
    /// Addresses invited and not yet joined.
    pub invited: Vec<String>,
    pub streams: Vec<ConsoleStream>,
}

/// One of the booth's streams in the console list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleStream {
    pub slug: String,
    pub title: String,
    /// The start in the event's zone, in words.
    pub when: String,
    pub state: crate::agenda::model::StreamState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductImage {
    pub src: String,
    pub alt: String,
}

/// The product form's fields, in the form's order: the one list the form, its stored values
/// and its alert share.
pub const PRODUCT_FIELDS: [&str; 12] = [
    "name",
    "category",
    "summary",
    "description",
    "unit",
    "price",
    "stock",
    "moq",
    "max_per_order",
    "hs_code",
    "origin",
    "weight_grams",
];

/// A product as its form shows it; `slug` is `None` for a new one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub booth_name: String,
    pub slug: Option<String>,
    pub status: String,
    /// The stored value of each of [`PRODUCT_FIELDS`] that has one, as the form shows it
    /// (the price in rupees).
    pub values: Vec<(String, String)>,
    pub images: Vec<ProductImage>,
}

impl ProductForm {
    /// The stored value of one of [`PRODUCT_FIELDS`] (`""` when it has none).
    pub fn value(&self, field: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map_or("", |(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub booth_name: String,
    pub email: String,
    /// Whether the signed-in reader is the invited address.
    pub for_reader: bool,
    pub signed_in: bool,
    pub usable: bool,
}
