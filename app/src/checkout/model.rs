//! The checkout API's shapes (`POST /api/v1/checkout`, `GET /api/v1/orders/{order}`).

use serde::{Deserialize, Serialize};

/// One line of a checkout: a product (by slug) and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineRequest {
    pub product: String,
    pub quantity: i64,
}

/// What the buyer asks for. Lines from several booths become one order per booth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    pub email: String,
    /// ISO 4217 code of the buyer's currency; `INR` when absent.
    #[serde(default = "inr")]
    pub currency: String,
    pub items: Vec<LineRequest>,
}

fn inr() -> String {
    "INR".to_owned()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product: String,
    pub name: String,
    pub quantity: i64,
    pub unit_minor: i64,
    pub unit_inr_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: String,
    pub checkout: String,
    pub booth: String,
    pub state: String,
    pub currency: String,
    pub total_minor: i64,
    pub total_inr_minor: i64,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Until then a pending order holds its stock.
    pub expires_at: String,
    pub items: Vec<OrderLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutResponse {
    pub checkout: String,
    pub orders: Vec<Order>,
}
