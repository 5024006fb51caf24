//! The trade-terms part of an exhibitor's product form: price breaks, the sample offer,
//! lead time, packaging and Incoterms, checked together with the rest of the product.

use super::breaks::{Break, MAX_BREAKS, PriceBreaks};
use super::terms::{SampleOffer, TradeTerms};
use crate::checkout::shipping::Incoterm;
use crate::core::Money;
use crate::forms::{Checks, field};

/// The `(quantity, price)` field names of each break row.
pub const BREAK_FIELDS: [(&str, &str); MAX_BREAKS] = [
    ("break1_from", "break1_price"),
    ("break2_from", "break2_price"),
    ("break3_from", "break3_price"),
    ("break4_from", "break4_price"),
];

/// The Incoterm check boxes, one per term.
pub const INCOTERM_FIELDS: [(&str, Incoterm); 4] = [
    ("incoterm_exw", Incoterm::Exw),
    ("incoterm_fob", Incoterm::Fob),
    ("incoterm_cif", Incoterm::Cif),
    ("incoterm_ddp", Incoterm::Ddp),
];

/// Every field this part of the form has, for the alert above it.
pub const TERMS_FIELDS: [&str; 18] = [
    "break1_from",
    "break1_price",
    "break2_from",
    "break2_price",
    "break3_from",
    "break3_price",
    "break4_from",
    "break4_price",
    "sample_price",
    "sample_per_buyer",
    "sample_weight_grams",
    "samples_left",
    "lead_days",
    "packaging",
    "incoterm_exw",
    "incoterm_fob",
    "incoterm_cif",
    "incoterm_ddp",
];

/// A price in rupees as typed (`1100` or `1100.50`), above zero; the problem goes on `name`.
fn rupees(checks: &mut Checks, name: &str, raw: &str) -> i64 {
    match Money::parse_inr(raw) {
        Some(m) if m.minor > 0 && m.minor <= 100_000_000_000 => m.minor,
        _ => {
            checks.fail(name, "price");
            1
        }
    }
}

/// Checks the posted terms against the product's list price and minimum order. A break row
/// left empty is no break; a sample needs its price, cap and weight, or none of them.
pub fn check_terms(
    checks: &mut Checks,
    fields: &[(String, String)],
    list_minor: i64,
    moq: i64,
) -> TradeTerms {
    let f = |name: &str| field(fields, name).trim().to_owned();
    let mut breaks = Vec::new();
    for (from_field, price_field) in BREAK_FIELDS {
        let (from, price) = (f(from_field), f(price_field));
        if from.is_empty() && price.is_empty() {
            continue;
        }
        let from = checks.number(from_field, &from, 2..=1_000_000);
        let price_minor = rupees(checks, price_field, &price);
        breaks.push(Break { from, price_minor });
    }
    let breaks = match PriceBreaks::new(breaks.clone(), list_minor, moq) {
        Ok(breaks) => breaks,
        Err(problem) => {
            // The problem goes on the first row it concerns.
            let row = BREAK_FIELDS
                .iter()
                .find(|(from, _)| !f(from).is_empty())
                .copied()
                .unwrap_or(BREAK_FIELDS[0]);
            let target = match problem {
                super::breaks::BreakProblem::Price => row.1,
                _ => row.0,
            };
            checks.fail(target, problem.code());
            PriceBreaks::default()
        }
    };
    let sample_typed = ["sample_price", "sample_per_buyer", "sample_weight_grams"]
        .iter()
        .any(|name| !f(name).is_empty());
    let sample = sample_typed.then(|| SampleOffer {
        price_minor: rupees(checks, "sample_price", &f("sample_price")),
        per_buyer: checks.number("sample_per_buyer", &f("sample_per_buyer"), 1..=100),
        weight_grams: checks.number(
            "sample_weight_grams",
            &f("sample_weight_grams"),
            1..=100_000,
        ),
        left: checks.number("samples_left", &f("samples_left"), 0..=100_000),
    });
    let lead_days = if f("lead_days").is_empty() {
        0
    } else {
        checks.number("lead_days", &f("lead_days"), 0..=365)
    };
    let packaging = f("packaging");
    if packaging.chars().count() > 200 {
        checks.fail("packaging", "too_long");
    } else if packaging.chars().any(char::is_control) {
        checks.fail("packaging", "control");
    }
    let incoterms: Vec<Incoterm> = INCOTERM_FIELDS
        .iter()
        .filter(|(name, _)| !f(name).is_empty())
        .map(|(_, term)| *term)
        .collect();
    if incoterms.is_empty() {
        checks.fail("incoterm_exw", "incoterms_none");
    }
    TradeTerms {
        breaks,
        sample,
        lead_days,
        packaging,
        incoterms,
    }
}

/// The terms as the form shows them (prices in rupees, ticked boxes as `on`).
pub fn terms_values(terms: &TradeTerms) -> Vec<(String, String)> {
    let mut values = Vec::new();
    for (b, (from_field, price_field)) in terms.breaks.breaks().iter().zip(BREAK_FIELDS) {
        values.push((from_field.to_owned(), b.from.to_string()));
        values.push((price_field.to_owned(), Money::inr(b.price_minor).decimal()));
    }
    if let Some(s) = &terms.sample {
        values.push(("sample_price".into(), Money::inr(s.price_minor).decimal()));
        values.push(("sample_per_buyer".into(), s.per_buyer.to_string()));
        values.push(("sample_weight_grams".into(), s.weight_grams.to_string()));
        values.push(("samples_left".into(), s.left.to_string()));
    }
    if terms.lead_days > 0 {
        values.push(("lead_days".into(), terms.lead_days.to_string()));
    }
    values.push(("packaging".into(), terms.packaging.clone()));
    for (name, term) in INCOTERM_FIELDS {
        if terms.incoterms.contains(&term) {
            values.push((name.to_owned(), "on".into()));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn terms_read_back_as_they_were_saved() {
        let mut checks = Checks::default();
        let fields = posted(&[
            ("break1_from", "100"),
            ("break1_price", "1100"),
            ("break2_from", "500"),
            ("break2_price", "990.50"),
            ("sample_price", "450"),
            ("sample_per_buyer", "2"),
            ("sample_weight_grams", "250"),
            ("samples_left", "40"),
            ("lead_days", "21"),
            ("packaging", "25 kg jute bags"),
            ("incoterm_fob", "on"),
            ("incoterm_cif", "on"),
        ]);
        let terms = check_terms(&mut checks, &fields, 125_000, 10);
        assert!(checks.finish().is_ok());
        assert_eq!(terms.breaks.encode(), "100:110000;500:99050");
        assert_eq!(terms.incoterms, vec![Incoterm::Fob, Incoterm::Cif]);
        let mut again = Checks::default();
        let back = check_terms(&mut again, &terms_values(&terms), 125_000, 10);
        assert!(again.finish().is_ok());
        assert_eq!(back, terms);
    }

    #[test]
    fn each_bad_term_is_named_on_its_field() {
        let mut checks = Checks::default();
        let fields = posted(&[
            ("break1_from", "5"),
            ("break1_price", "1100"),
            ("sample_price", "450"),
            ("lead_days", "400"),
        ]);
        let terms = check_terms(&mut checks, &fields, 125_000, 10);
        let Err(crate::error::AppError::Invalid(problems)) = checks.finish() else {
            panic!("refused");
        };
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect();
        assert!(
            found.contains(&("break1_from", "break_quantity")),
            "{found:?}"
        );
        assert!(
            found.contains(&("sample_per_buyer", "required")),
            "{found:?}"
        );
        assert!(found.contains(&("lead_days", "out_of_range")), "{found:?}");
        assert!(
            found.contains(&("incoterm_exw", "incoterms_none")),
            "{found:?}"
        );
        assert!(terms.breaks.is_empty());
    }
}
