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

/// A product as its form shows it; `slug` is `None` for a new one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub booth_name: String,
    pub slug: Option<String>,
    pub status: String,
    pub name: String,
    pub category: String,
    pub summary: String,
    pub description: String,
    pub unit: String,
    pub price: String,
    pub stock: String,
    pub moq: String,
    pub max_per_order: String,
    pub hs_code: String,
    pub origin: String,
    pub weight_grams: String,
    pub images: Vec<ProductImage>,
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
