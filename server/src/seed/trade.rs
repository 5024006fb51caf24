//! The demo's trade terms: price breaks, samples, lead times and packaging, made from each
//! product's own figures so every product page has a trade buyer's table to read.

use super::catalog::Product;
use app::trade::breaks::{Break, PriceBreaks};
use app::trade::terms::{SampleOffer, TradeTerms};

/// Rounds paise to whole rupees.
fn rupees(paise: i64) -> i64 {
    (paise + 50) / 100 * 100
}

/// The terms of the `position`th product of a booth. Most products step down 8 % from five
/// times the minimum order (at least 10) and 15 % from ten times (at least 25); every other one sends samples (a tenth of
/// the unit's weight at a fifth of its price); lead times vary from ready stock to three weeks.
pub fn terms_of(product: &Product, position: i64) -> TradeTerms {
    let list = product.price_paise;
    let steps = if position % 3 == 2 {
        Vec::new()
    } else {
        vec![
            Break {
                from: (product.moq * 5).max(10),
                price_minor: rupees(list * 92 / 100),
            },
            Break {
                from: (product.moq * 10).max(25),
                price_minor: rupees(list * 85 / 100),
            },
        ]
    };
    let breaks = PriceBreaks::new(steps, list, product.moq).unwrap_or_default();
    let sample = (position % 2 == 0).then(|| SampleOffer {
        price_minor: rupees((list / 5).max(100)),
        per_buyer: 2,
        weight_grams: (product.weight_grams / 10).max(50),
        left: 40,
    });
    TradeTerms {
        breaks,
        sample,
        lead_days: [0, 7, 14, 21][(position % 4) as usize],
        packaging: format!(
            "{}, {} to an export carton",
            product.unit,
            (20_000 / product.weight_grams.max(1)).clamp(4, 48)
        ),
        ..TradeTerms::default()
    }
}
