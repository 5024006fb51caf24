//! What a product is offered on for trade beside its list price: price breaks, a sample,
//! lead time, packaging and the Incoterms the exhibitor ships on.

use super::breaks::PriceBreaks;
use crate::checkout::shipping::Incoterm;
use serde::{Deserialize, Serialize};

/// A sample a buyer may order before a trade order: its own price and shipping weight, at
/// most `per_buyer` units for each buyer, `left` still to give.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleOffer {
    pub price_minor: i64,
    pub per_buyer: i64,
    pub weight_grams: i64,
    pub left: i64,
}

/// The trade terms of one product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeTerms {
    pub breaks: PriceBreaks,
    pub sample: Option<SampleOffer>,
    /// Days from a paid order to dispatch; 0 for ready stock.
    pub lead_days: i64,
    pub packaging: String,
    /// Never empty: a product ships on at least one term.
    pub incoterms: Vec<Incoterm>,
}

impl Default for TradeTerms {
    fn default() -> Self {
        Self {
            breaks: PriceBreaks::default(),
            sample: None,
            lead_days: 0,
            packaging: String::new(),
            incoterms: Incoterm::ALL.to_vec(),
        }
    }
}

/// The stored list of Incoterms (`EXW,FOB`), in their usual order; unknown codes are dropped
/// and an empty list means all four.
pub fn decode_incoterms(stored: &str) -> Vec<Incoterm> {
    let listed: Vec<Incoterm> = Incoterm::ALL
        .into_iter()
        .filter(|t| {
            stored
                .split(',')
                .any(|code| Incoterm::parse(code) == Some(*t))
        })
        .collect();
    if listed.is_empty() {
        Incoterm::ALL.to_vec()
    } else {
        listed
    }
}

pub fn encode_incoterms(terms: &[Incoterm]) -> String {
    Incoterm::ALL
        .into_iter()
        .filter(|t| terms.contains(t))
        .map(Incoterm::code)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incoterms_round_trip_in_their_usual_order() {
        assert_eq!(
            decode_incoterms("CIF,fob"),
            vec![Incoterm::Fob, Incoterm::Cif]
        );
        assert_eq!(encode_incoterms(&[Incoterm::Ddp, Incoterm::Exw]), "EXW,DDP");
        assert_eq!(decode_incoterms(""), Incoterm::ALL.to_vec());
        assert_eq!(decode_incoterms("XYZ"), Incoterm::ALL.to_vec());
    }
}
