//! What the requests-for-quotation pages show: a buyer's business profile, a request with its
//! recipients, files, quotes (side by side, landed price included) and threads, and the
//! booth's and the council's views of the same request.

use serde::{Deserialize, Serialize};

/// A buyer's business, as they describe it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub company: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub role: String,
    pub website: String,
    pub annual_volume: String,
    /// The council that verified this buyer, if one did.
    pub verified_by: Option<String>,
}

/// What a buyer does in the trade.
pub const ROLES: [&str; 6] = [
    "importer",
    "distributor",
    "wholesaler",
    "retailer",
    "agent",
    "manufacturer",
];

/// Yearly purchases, in US dollars, as a band.
pub const VOLUMES: [&str; 5] = ["under_50k", "to_250k", "to_1m", "to_5m", "over_5m"];

/// The units a free-text request may be counted in (a product's request uses its unit).
pub const UNITS: [&str; 7] = ["kg", "tonne", "piece", "carton", "metre", "litre", "set"];

/// The fields of each form, for the alert above it.
pub const RFQ_FIELDS: [&str; 11] = [
    "subject",
    "details",
    "category",
    "hs_heading",
    "quantity",
    "unit",
    "target_price",
    "destination",
    "country",
    "incoterm",
    "needed_by",
];

pub const QUOTE_FIELDS: [&str; 12] = [
    "product",
    "unit_price",
    "break1_from",
    "break1_price",
    "break2_from",
    "break2_price",
    "incoterm",
    "lead_days",
    "valid_until",
    "payment",
    "deposit_percent",
    "remarks",
];

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RfqState {
    Open,
    Awarded,
    Closed,
}

impl RfqState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Awarded => "awarded",
            Self::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Open, Self::Awarded, Self::Closed]
            .into_iter()
            .find(|s| s.code() == raw)
    }
}

/// A request's number, `RFQ-` and 10 upper-case hex digits.
pub fn is_rfq_number(raw: &str) -> bool {
    raw.strip_prefix("RFQ-").is_some_and(|hex| {
        hex.len() == 10
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    })
}

/// A request as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfqSummary {
    pub number: String,
    pub subject: String,
    /// "2,000 kg".
    pub amount: String,
    pub state: RfqState,
    /// The hall it went to, if it went to a hall.
    pub hall: Option<String>,
    pub recipients: usize,
    pub quotes: usize,
    /// When it was sent, in the reader's words.
    pub sent: String,
    /// For a booth: whether it has quoted.
    pub quoted: bool,
}

/// The request itself, as every party sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfqDetail {
    pub number: String,
    pub subject: String,
    pub details: String,
    /// The product asked about: `(slug, name)`.
    pub product: Option<(String, String)>,
    pub quantity: i64,
    pub unit: String,
    pub amount: String,
    /// "₹1,050.00 per kg", in the currency the buyer named.
    pub target: Option<String>,
    pub destination: String,
    pub country: String,
    pub country_name: String,
    pub incoterm: String,
    /// `YYYY-MM-DD` and in the reader's words.
    pub needed_by: String,
    pub needed_by_label: String,
    pub state: RfqState,
    pub hall: Option<(String, String)>,
    pub category: String,
    pub hs_heading: String,
    pub sent: String,
    pub buyer_name: String,
    /// Shown to booths and the council only.
    pub buyer_profile: Option<Profile>,
    pub buyer_country_name: String,
    pub files: Vec<FileRef>,
}

/// An attached specification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// "240 KB".
    pub size: String,
}

/// A booth that received the request, how, and its quote and thread (as the buyer sees them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub booth_slug: String,
    pub booth_name: String,
    /// `direct`, `rule` or `curator`.
    pub how: String,
    pub quote: Option<QuoteView>,
    pub thread: Vec<Message>,
}

/// A quote, priced for the reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteView {
    pub number: String,
    pub product_slug: String,
    pub product_name: String,
    /// Per unit at the requested quantity, in the reader's currency and in INR.
    pub unit_price: String,
    pub unit_price_inr: Option<String>,
    /// Cheaper prices for more: `(from quantity, price)`.
    pub breaks: Vec<(String, String)>,
    pub incoterm: String,
    pub lead_days: i64,
    /// `YYYY-MM-DD` and in the reader's words.
    pub valid_until: String,
    pub valid_until_label: String,
    pub expired: bool,
    /// 0 for payment in full at once.
    pub deposit_percent: i64,
    pub remarks: String,
    pub state: String,
    /// Changes whenever the booth changes the quote: accepting names the one the buyer saw.
    pub version: i64,
    /// The goods at the quote, what the Incoterm's price comes to, and the estimated landed
    /// cost at the destination (the checkout's shipping and duty tables), in the reader's
    /// currency; `None` where the tables cannot tell.
    pub goods: String,
    pub charged: Option<String>,
    pub landed: Option<String>,
    pub landed_inr: Option<String>,
    /// The order made by accepting it, for its buyer.
    pub order: Option<String>,
}

/// One message of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub from_booth: bool,
    pub author: String,
    pub body: String,
    pub at: String,
    pub when: String,
}

/// The buyer's page of one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerRfq {
    pub rfq: RfqDetail,
    pub recipients: Vec<Recipient>,
    /// The buyer's delivery details from earlier orders, to accept with.
    pub ship_name: String,
    pub ship_address: String,
}

/// A booth's page of one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoothRfq {
    pub rfq: RfqDetail,
    pub booth_name: String,
    pub quote: Option<QuoteView>,
    /// The quote as its form shows it (prices in rupees).
    pub quote_values: Vec<(String, String)>,
    pub thread: Vec<Message>,
    /// The booth's published products: `(slug, name)`.
    pub products: Vec<(String, String)>,
    /// Whether the booth may still quote or change its quote.
    pub may_quote: bool,
}

/// A buyer's or a booth's list of requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfqList {
    pub rfqs: Vec<RfqSummary>,
    /// The booth's name, for a booth's inbox.
    pub booth_name: Option<String>,
    /// The buyer's business profile is complete (a request needs one).
    pub has_profile: bool,
}

/// What the new-request form needs: its target, the choices, and the buyer's profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRfq {
    /// `(slug, name)` of the product, booth or hall the request goes to.
    pub product: Option<(String, String)>,
    pub booth: Option<(String, String)>,
    pub hall: Option<(String, String)>,
    /// Every hall: `(slug, name)`.
    pub halls: Vec<(String, String)>,
    /// The product's unit and MOQ, when asking about a product.
    pub unit: String,
    pub moq: i64,
    pub countries: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
    pub currency: String,
    pub has_profile: bool,
    pub country: String,
    /// Today (UTC), the earliest needed-by date.
    pub today: String,
}

/// The council's view: requests sent to its halls, who received them, and the booths of each
/// hall a curator may route them to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRfqs {
    pub rfqs: Vec<CouncilRfq>,
    /// Buyers who sent requests to the council's halls, with their profiles.
    pub buyers: Vec<CouncilBuyer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRfq {
    pub summary: RfqSummary,
    pub hall_name: String,
    pub category: String,
    pub hs_heading: String,
    /// `(booth name, how)`.
    pub recipients: Vec<(String, String)>,
    /// Booths of the hall not yet holding it: `(slug, name)`.
    pub others: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilBuyer {
    pub id: i64,
    pub name: String,
    pub profile: Profile,
    pub country_name: String,
    /// Verified by this council.
    pub verified_here: bool,
}
