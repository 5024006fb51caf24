//! Quantity price breaks: the list price holds from the minimum order, and each break lowers
//! the unit price from its quantity on ("100 kg or more: ₹1,100 a kg"). Checkout charges the
//! break the ordered quantity reaches, for every unit of the line.

use serde::{Deserialize, Serialize};

/// One break: from `from` units on, each unit costs `price_minor` (INR minor units).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub from: i64,
    pub price_minor: i64,
}

/// A product's breaks, lowest quantity first, each cheaper than the one before.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBreaks(Vec<Break>);

/// At most this many breaks below the list price.
pub const MAX_BREAKS: usize = 4;

/// Why a set of breaks was refused: the problem code the forms translate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakProblem {
    /// A break's quantity is not above the minimum order and the break before it.
    Quantity,
    /// A break's price is not below the price before it (the list price first), or not above zero.
    Price,
    TooMany,
}

impl BreakProblem {
    pub fn code(self) -> &'static str {
        match self {
            Self::Quantity => "break_quantity",
            Self::Price => "break_price",
            Self::TooMany => "break_count",
        }
    }
}

/// One row of the table a buyer reads: `from`–`to` units (no `to` on the last) at `price_minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub from: i64,
    pub to: Option<i64>,
    pub price_minor: i64,
}

impl PriceBreaks {
    /// Checks breaks typed in any order against the product's list price and minimum order.
    pub fn new(mut breaks: Vec<Break>, list_minor: i64, moq: i64) -> Result<Self, BreakProblem> {
        if breaks.len() > MAX_BREAKS {
            return Err(BreakProblem::TooMany);
        }
        breaks.sort_by_key(|b| b.from);
        let mut floor = moq;
        let mut ceiling = list_minor;
        for b in &breaks {
            if b.from <= floor {
                return Err(BreakProblem::Quantity);
            }
            if b.price_minor <= 0 || b.price_minor >= ceiling {
                return Err(BreakProblem::Price);
            }
            floor = b.from;
            ceiling = b.price_minor;
        }
        Ok(Self(breaks))
    }

    /// Reads what [`encode`](Self::encode) wrote; a malformed pair (never written by us) is skipped.
    pub fn decode(stored: &str) -> Self {
        let mut breaks: Vec<Break> = stored
            .split(';')
            .filter_map(|pair| {
                let (from, price) = pair.split_once(':')?;
                Some(Break {
                    from: from.trim().parse().ok()?,
                    price_minor: price.trim().parse().ok()?,
                })
            })
            .filter(|b| b.from > 0 && b.price_minor > 0)
            .collect();
        breaks.sort_by_key(|b| b.from);
        Self(breaks)
    }

    pub fn encode(&self) -> String {
        self.0
            .iter()
            .map(|b| format!("{}:{}", b.from, b.price_minor))
            .collect::<Vec<_>>()
            .join(";")
    }

    pub fn breaks(&self) -> &[Break] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The unit price of an order of `quantity`: the last break it reaches, else the list price.
    pub fn unit_price(&self, list_minor: i64, quantity: i64) -> i64 {
        self.0
            .iter()
            .rev()
            .find(|b| quantity >= b.from)
            .map_or(list_minor, |b| b.price_minor)
    }

    /// The table from the minimum order to the largest order: the list price's band first,
    /// then each break that one order can reach.
    pub fn bands(&self, list_minor: i64, moq: i64, most: i64) -> Vec<Band> {
        let mut starts = vec![(moq, list_minor)];
        starts.extend(
            self.0
                .iter()
                .filter(|b| b.from <= most)
                .map(|b| (b.from, b.price_minor)),
        );
        starts
            .iter()
            .enumerate()
            .map(|(i, &(from, price_minor))| Band {
                from,
                to: starts.get(i + 1).map(|next| next.0 - 1),
                price_minor,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn breaks(pairs: &[(i64, i64)]) -> Vec<Break> {
        pairs
            .iter()
            .map(|&(from, price_minor)| Break { from, price_minor })
            .collect()
    }

    #[test]
    fn the_issue_example_prices_each_band() {
        let b = PriceBreaks::new(breaks(&[(500, 99_000), (100, 110_000)]), 125_000, 1)
            .expect("breaks in any order");
        assert_eq!(b.encode(), "100:110000;500:99000");
        for (q, unit) in [
            (1, 125_000),
            (99, 125_000),
            (100, 110_000),
            (499, 110_000),
            (500, 99_000),
            (5_000, 99_000),
        ] {
            assert_eq!(b.unit_price(125_000, q), unit, "{q}");
        }
        assert_eq!(
            b.bands(125_000, 1, 1_000),
            vec![
                Band {
                    from: 1,
                    to: Some(99),
                    price_minor: 125_000
                },
                Band {
                    from: 100,
                    to: Some(499),
                    price_minor: 110_000
                },
                Band {
                    from: 500,
                    to: None,
                    price_minor: 99_000
                },
            ]
        );
        // A break no single order can reach is not offered in the table.
        assert_eq!(b.bands(125_000, 1, 300).len(), 2);
    }

    #[test]
    fn bad_breaks_are_refused_with_their_reason() {
        let refuse =
            |pairs: &[(i64, i64)]| PriceBreaks::new(breaks(pairs), 1_000, 10).expect_err("refused");
        assert_eq!(refuse(&[(10, 900)]), BreakProblem::Quantity, "at the MOQ");
        assert_eq!(
            refuse(&[(20, 900), (20, 800)]),
            BreakProblem::Quantity,
            "same quantity twice"
        );
        assert_eq!(
            refuse(&[(20, 1_000)]),
            BreakProblem::Price,
            "not below the list price"
        );
        assert_eq!(
            refuse(&[(20, 900), (30, 950)]),
            BreakProblem::Price,
            "dearer for more"
        );
        assert_eq!(refuse(&[(20, 0)]), BreakProblem::Price);
        assert_eq!(
            refuse(&[(20, 900), (30, 800), (40, 700), (50, 600), (60, 500)]),
            BreakProblem::TooMany
        );
        assert_eq!(
            PriceBreaks::new(Vec::new(), 1_000, 10),
            Ok(PriceBreaks::default())
        );
    }

    #[test]
    fn decoding_skips_what_it_cannot_read() {
        assert_eq!(PriceBreaks::decode(""), PriceBreaks::default());
        assert_eq!(
            PriceBreaks::decode("50:700;x:1;20:900;30:-5").breaks(),
            breaks(&[(20, 900), (50, 700)])
        );
    }

    fn valid() -> impl Strategy<Value = (i64, i64, PriceBreaks)> {
        (
            1i64..50,
            1_000i64..1_000_000,
            proptest::collection::vec((1i64..200, 1i64..100), 0..=MAX_BREAKS),
        )
            .prop_map(|(moq, list, steps)| {
                let (mut from, mut price) = (moq, list);
                let mut out = Vec::new();
                for (gap, cut) in steps {
                    from += gap;
                    price -= cut;
                    if price <= 0 {
                        break;
                    }
                    out.push(Break {
                        from,
                        price_minor: price,
                    });
                }
                let made =
                    PriceBreaks::new(out, list, moq).expect("rising quantities at falling prices");
                (moq, list, made)
            })
    }

    proptest! {
        /// At every break, the unit price changes exactly there: one unit less pays the band
        /// before, and the price never rises with the quantity.
        #[test]
        fn prices_change_exactly_at_the_breaks((moq, list, b) in valid(), extra in 0i64..2_000) {
            let q = moq + extra;
            prop_assert!(b.unit_price(list, q) <= list);
            prop_assert!(b.unit_price(list, q + 1) <= b.unit_price(list, q));
            for br in b.breaks() {
                prop_assert_eq!(b.unit_price(list, br.from), br.price_minor);
                prop_assert!(b.unit_price(list, br.from - 1) > br.price_minor);
            }
            prop_assert_eq!(PriceBreaks::decode(&b.encode()), b.clone());
        }

        /// The bands cover the minimum order to the largest order without a gap or overlap,
        /// and each band's price is what checkout charges inside it.
        #[test]
        fn bands_tile_the_orderable_quantities((moq, list, b) in valid(), span in 0i64..1_000) {
            let most = moq + span;
            let bands = b.bands(list, moq, most);
            prop_assert_eq!(bands[0].from, moq);
            for pair in bands.windows(2) {
                prop_assert_eq!(pair[0].to, Some(pair[1].from - 1));
            }
            prop_assert_eq!(bands.last().map(|b| b.to), Some(None));
            for band in &bands {
                prop_assert_eq!(b.unit_price(list, band.from), band.price_minor);
                if let Some(to) = band.to {
                    prop_assert_eq!(b.unit_price(list, to), band.price_minor);
                }
            }
        }
    }
}
