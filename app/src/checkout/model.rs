//! The checkout API's shapes (`POST /api/v1/checkout`, `GET /api/v1/orders/{order}`).

use serde::{Deserialize, Serialize};

/// An idempotency key (Stripe's rules: 1 to 255 visible ASCII characters), parsed once where
/// a request arrives.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Option<Self> {
        ((1..=255).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A secret of the form `{prefix}{hex}`: made once where it is created, parsed once where a
/// request brings it.
macro_rules! token_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $len:literal, $upper:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// A fresh one, from the operating system's random source.
            #[cfg(feature = "ssr")]
            pub fn fresh() -> Self {
                let hex = &crate::core::secrets::new_token()[..$len];
                Self(format!(
                    "{}{}",
                    $prefix,
                    if $upper { hex.to_ascii_uppercase() } else { hex.to_owned() }
                ))
            }

            /// `None` unless `raw` has the shape of one (so nothing else reaches the store).
            pub fn parse(raw: &str) -> Option<Self> {
                let rest = raw.trim().strip_prefix($prefix)?;
                let digits_ok = rest.len() == $len
                    && rest.bytes().all(|b| {
                        b.is_ascii_digit()
                            || if $upper { (b'A'..=b'F').contains(&b) } else { (b'a'..=b'f').contains(&b) }
                    });
                digits_ok.then(|| Self(raw.trim().to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

token_type!(
    /// An order's number, `PV-` and 12 upper-case hex digits: what buyer and exhibitor quote.
    OrderNumber, "PV-", 12, true
);
token_type!(
    /// A checkout's id, `ck_…`: the buyer's handle on the whole checkout (its payment).
    CheckoutId, "ck_", 24, false
);
token_type!(
    /// An order's own buyer key, `ok_…`: with the number it opens that order, and no other,
    /// for a buyer who is not signed in. Never shown to an exhibitor.
    BuyerKey, "ok_", 24, false
);

/// One line of a checkout: a product (by slug) and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineRequest {
    pub product: String,
    pub quantity: i64,
    /// The product's sample offer rather than the product: its price, weight and cap.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sample: bool,
}

fn is_false(flag: &bool) -> bool {
    !flag
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
    /// An FX quote (`POST /api/v1/quotes`) that locks the rate; without one, today's rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Where the goods go; needed for every Incoterm but EXW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
    /// `economy` (the default) or `express`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// `EXW`, `FOB`, `CIF` or `DDP`; DDP when shipping, EXW when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incoterm: Option<String>,
    /// The stream the buyer bought in, for attribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// The language emails about the order are written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// A flash deal of the stream, bought at its price within its own quantity and cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal: Option<i64>,
}

/// A delivery address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipTo {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub name: String,
    /// Street, city and postal code, as the buyer writes them.
    pub address: String,
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
    /// A sample of the product, not the product itself.
    #[serde(default)]
    pub sample: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: String,
    /// The buyer's key to this order (empty when an exhibitor reads it).
    pub key: String,
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
    pub shipping: Shipping,
    /// The stream (and its host) the order is attributed to.
    pub stream: Option<String>,
    pub host: Option<String>,
    /// The creator credited (last touch: a link of theirs, or the stream they hosted), and
    /// their link's code when it was a link.
    #[serde(default)]
    pub creator: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// The trade quote the order was made from, by number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Paid in two parts (a quote's deposit now, the balance before shipping), if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instalments: Option<Instalments>,
    pub history: Vec<OrderEvent>,
}

/// An order paid as a deposit and a balance, in the order's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalments {
    pub deposit_minor: i64,
    pub balance_minor: i64,
    /// RFC 3339 UTC, once the balance is paid.
    pub balance_paid_at: Option<String>,
}

/// How an order ships and what its price includes, in the order's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipping {
    pub country: String,
    pub service: String,
    pub incoterm: String,
    pub goods_minor: i64,
    pub handling_minor: i64,
    pub freight_minor: i64,
    pub insurance_minor: i64,
    /// `None` when the duty table has no rate for the destination.
    pub duties_minor: Option<i64>,
    pub days_min: i64,
    pub days_max: i64,
    pub carrier: String,
    pub tracking: String,
}

/// One state an order passed through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub state: String,
    pub actor: String,
    /// RFC 3339 UTC.
    pub at: String,
    pub note: String,
}

/// Where the buyer pays for a checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLink {
    pub session: String,
    pub provider: String,
    /// Send the buyer here (relative to the pavilion).
    pub url: String,
    pub currency: String,
    pub amount_minor: i64,
}

/// A locked exchange rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxQuote {
    pub quote: String,
    pub currency: String,
    pub inr_per_unit_micros: i64,
    /// RFC 3339 UTC.
    pub expires_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutResponse {
    pub checkout: String,
    pub orders: Vec<Order>,
    pub payment: PaymentLink,
}

/// One part of a landed price as the checkout page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricePart {
    /// `goods`, `handling`, `freight`, `insurance` or `duties`.
    pub part: String,
    /// Formatted in the buyer's currency; `None` when unknown (duties not in the table).
    pub amount: Option<String>,
    /// Whether the exhibitor's price includes it (else the buyer pays it on the way).
    pub included: bool,
}

/// A product on the checkout page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutLine {
    pub product: String,
    pub name: String,
    pub booth_name: String,
    pub unit: String,
    pub image: Option<String>,
    pub moq: i64,
    pub max_quantity: i64,
    pub quantity: i64,
    pub unit_price: String,
    pub total: String,
    /// The product's sample, not the product.
    pub sample: bool,
}

/// The one-page checkout: one product ("Buy now") or the cart, the buyer's choices and the
/// price they lead to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutPage {
    pub lines: Vec<CheckoutLine>,
    /// From the cart (quantities fixed here) rather than one product's "Buy now".
    pub from_cart: bool,
    /// How many exhibitors ship (one order, and one parcel route, each).
    pub shipments: usize,
    pub email: String,
    pub signed_in: bool,
    /// `(code, name in the reader's language)`, sorted by name.
    pub countries: Vec<(String, String)>,
    pub country: String,
    pub service: String,
    pub incoterm: String,
    /// The Incoterms every product on the page ships on, in their usual order.
    pub incoterms: Vec<String>,
    pub ship_name: String,
    pub ship_address: String,
    /// The buyer's earlier addresses: `(country, name, address)`.
    pub saved: Vec<(String, String, String)>,
    pub parts: Vec<PricePart>,
    /// What the exhibitors charge now, formatted.
    pub total: Option<String>,
    /// Everything the goods cost on arrival, as far as the tables know.
    pub landed: Option<String>,
    pub days: Option<(i64, i64)>,
    /// A problem with the choices (a translated message), such as DDP with unknown duties.
    pub problem: Option<String>,
    pub currency: String,
    pub quote: String,
    /// When the quoted price stops being held, formatted in UTC.
    pub quote_until: String,
    pub key: String,
    pub stream: String,
    /// A flash deal bought at its price, and how many one buyer may have of it.
    pub deal: Option<i64>,
    pub deal_cap: Option<i64>,
}

/// A cart line as the cart page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product: String,
    pub name: String,
    pub unit: String,
    pub image: Option<String>,
    pub moq: i64,
    pub max_quantity: i64,
    pub quantity: i64,
    pub unit_price: String,
    pub total: String,
}

/// The cart, grouped by the exhibitor that will ship each part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartPage {
    /// `(exhibitor, its lines)`.
    pub groups: Vec<(String, Vec<CartLine>)>,
    pub total: Option<String>,
}

/// An order as its buyer or exhibitor sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub order: Order,
    pub booth_name: String,
    pub exhibitor: bool,
    pub total: String,
    /// `(product name, quantity, line total)`.
    pub lines: Vec<(String, i64, String)>,
    pub parts: Vec<PricePart>,
    pub country_name: String,
    pub ship_name: String,
    pub ship_address: String,
    /// `(state, who, when formatted, note)`, oldest first.
    pub history: Vec<(String, String, String, String)>,
    /// Where to pay, while pending.
    pub pay_url: Option<String>,
    pub hold_until: String,
    pub stream_title: Option<String>,
    /// The creator whose link the order came through, by name.
    pub via_link: Option<String>,
    /// A deposit and a balance (formatted), and whether the balance is paid.
    pub instalments: Option<(String, String, bool)>,
}

/// A row in a list of orders (the buyer's account, the exhibitor's console).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub number: String,
    /// The buyer's key (empty in the exhibitor's list).
    pub key: String,
    pub state: String,
    pub total: String,
    pub party: String,
    pub created: String,
}

#[cfg(test)]
mod key_tests {
    use super::IdempotencyKey;

    #[cfg(feature = "ssr")]
    #[test]
    fn tokens_parse_back_and_nothing_else_does() {
        use super::{BuyerKey, OrderNumber};
        let key = BuyerKey::fresh();
        assert_eq!(BuyerKey::parse(key.as_str()), Some(key.clone()));
        let number = OrderNumber::fresh();
        assert_eq!(OrderNumber::parse(number.as_str()), Some(number));
        for bad in [
            "",
            "ok_",
            "ok_xyz",
            "ck_0123456789abcdef01234567",
            "ok_0123456789ABCDEF01234567",
        ] {
            assert_eq!(BuyerKey::parse(bad), None, "{bad}");
        }
        assert_eq!(OrderNumber::parse("PV-1' OR 1=1"), None);
    }

    #[test]
    fn keys_are_visible_ascii_up_to_255() {
        assert!(IdempotencyKey::parse("order-2026-11-28-0001").is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_some());
        assert!(IdempotencyKey::parse("").is_none());
        assert!(IdempotencyKey::parse("has space").is_none());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_none());
        assert!(IdempotencyKey::parse("ключ").is_none());
    }
}
