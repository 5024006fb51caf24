//! What the pavilion pages show: councils, halls, booths, badges, products. Plain data,
//! shared by the server (which fills it) and the browser (which hydrates islands with it).

use crate::agenda::model::StreamCard;
use crate::core::{Instant, Money};
use crate::i18n::prefs::{FxNote, PriceTag};
use crate::trade::breaks::Band;
use crate::trade::terms::TradeTerms;
use serde::{Deserialize, Serialize};

/// An export promotion council (Spices Board, MPEDA, AEPC, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Council {
    pub slug: String,
    pub name: String,
    pub short_name: String,
}

/// A hall as listed on the home page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HallSummary {
    pub slug: String,
    pub name: String,
    pub tagline: String,
    /// Hall colour, `#rrggbb`, used for accents and the booth cards inside it.
    pub colour: String,
    /// Which drawn motif decorates the hall (spice, wave, loom, craft, gem, harvest).
    pub motif: String,
    pub council: Council,
    pub booth_count: i64,
    pub product_count: i64,
}

/// A verified credential shown on a booth (IEC, GST, FSSAI, organic, GI tag …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Badge {
    pub slug: String,
    pub label: String,
    pub description: String,
    pub reference: String,
}

/// A booth as a card: in halls, on the home page, in search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoothCard {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub region: String,
    pub tagline: String,
    pub brand_colour: String,
    pub hall_slug: String,
    pub hall_name: String,
    pub hall_colour: String,
    pub badges: Vec<Badge>,
    pub product_count: i64,
    pub featured: bool,
    pub live_now: bool,
}

impl BoothCard {
    /// Two-letter monogram for the drawn logo ("Malabar Gold Spices" → "MG").
    pub fn monogram(&self) -> String {
        monogram(&self.name)
    }
}

pub fn monogram(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A booth's place on its hall's floor plan, in grid cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSpot {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlacedBooth {
    pub booth: BoothCard,
    pub spot: PlanSpot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HallPage {
    pub now: Instant,
    pub hall: HallSummary,
    pub description: String,
    pub plan_cols: i64,
    pub plan_rows: i64,
    pub booths: Vec<PlacedBooth>,
    pub streams: Vec<StreamCard>,
    pub in_fallback: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductImage {
    pub src: String,
    pub alt: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub unit: String,
    /// The INR list price; `price_tag` is how the buyer sees it.
    pub price: Money,
    pub price_tag: PriceTag,
    pub moq: i64,
    pub stock: i64,
    pub image: ProductImage,
    pub booth_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoothPage {
    pub now: Instant,
    pub booth: BoothCard,
    pub description: String,
    pub founded_year: i64,
    pub council: Council,
    pub products: Vec<ProductCard>,
    pub streams: Vec<StreamCard>,
    pub in_fallback: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub category: String,
    pub unit: String,
    pub price: Money,
    pub price_tag: PriceTag,
    pub stock: i64,
    pub moq: i64,
    pub max_per_order: i64,
    pub hs_code: String,
    pub origin: String,
    pub weight_grams: i64,
    pub images: Vec<ProductImage>,
    pub trade: TradeTerms,
}

impl ProductDetail {
    /// The largest quantity one order can take now: the per-order cap, bounded by stock.
    pub fn max_quantity(&self) -> i64 {
        self.max_per_order.min(self.stock)
    }

    pub fn in_stock(&self) -> bool {
        self.stock >= self.moq
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    pub product: ProductDetail,
    pub booth: BoothCard,
    pub more_from_booth: Vec<ProductCard>,
    pub in_fallback: bool,
    /// Where the converted price comes from, when it is converted.
    pub fx: Option<FxNote>,
    /// The price table a trade buyer reads (one band when there are no breaks), each band's
    /// unit price in the buyer's currency.
    pub bands: Vec<(Band, PriceTag)>,
    /// The sample's price, when the product offers one.
    pub sample_price: Option<PriceTag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomePage {
    pub now: Instant,
    pub halls: Vec<HallSummary>,
    pub featured: Vec<BoothCard>,
    pub live: Vec<StreamCard>,
    pub upcoming: Vec<StreamCard>,
    pub replays: Vec<StreamCard>,
    pub booth_total: i64,
    pub product_total: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monograms_take_two_initials() {
        assert_eq!(monogram("Malabar Gold Spices"), "MG");
        assert_eq!(monogram("Kanchi"), "K");
        assert_eq!(monogram("& Sons 1947 Trading"), "ST");
    }

    fn detail(stock: i64, moq: i64, max: i64) -> ProductDetail {
        ProductDetail {
            slug: "x".into(),
            name: "x".into(),
            summary: String::new(),
            description: String::new(),
            category: "spice".into(),
            unit: "1 kg".into(),
            price: Money::inr(100),
            price_tag: PriceTag::default(),
            stock,
            moq,
            max_per_order: max,
            hs_code: "0904".into(),
            origin: "IN".into(),
            weight_grams: 1000,
            images: Vec::new(),
            trade: TradeTerms::default(),
        }
    }

    #[test]
    fn quantity_is_bounded_by_stock_and_cap() {
        assert_eq!(detail(500, 1, 50).max_quantity(), 50);
        assert_eq!(detail(7, 1, 50).max_quantity(), 7);
        assert!(!detail(4, 5, 50).in_stock());
        assert!(detail(5, 5, 50).in_stock());
    }
}

/// The longest search query accepted, in characters.
pub const MAX_QUERY: usize = 100;

/// The part of a text that matched a search, with some context on each side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Highlighted {
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// Why a product or booth was found: in which locale's text, and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub locale: String,
    pub title_match: bool,
    pub found: Highlighted,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub query: String,
    /// The query was longer than the search accepts.
    pub too_long: bool,
    /// The query was too short to search on (one Latin letter matches nearly everything).
    #[serde(default)]
    pub too_short: bool,
    pub products: Vec<(ProductCard, SearchHit)>,
    pub booths: Vec<(BoothCard, SearchHit)>,
}
