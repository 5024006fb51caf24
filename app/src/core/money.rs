//! Money as integer minor units with an ISO 4217 currency; never floats.

use serde::{Deserialize, Serialize};

/// The currencies the pavilion knows, with their ISO 4217 minor-unit exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "INR")]
    Inr,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Self::Inr => "INR",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Inr => "₹",
        }
    }

    /// Digits after the decimal point (ISO 4217 exponent).
    pub fn exponent(self) -> u32 {
        match self {
            Self::Inr => 2,
        }
    }
}

/// An amount of money in the currency's minor unit (paise for INR).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn inr(minor: i64) -> Self {
        Self {
            minor,
            currency: Currency::Inr,
        }
    }

    /// `self × quantity`, or `None` on overflow.
    pub fn times(self, quantity: u32) -> Option<Self> {
        self.minor
            .checked_mul(i64::from(quantity))
            .map(|minor| Self {
                minor,
                currency: self.currency,
            })
    }

    /// Formats with the currency symbol and Indian digit grouping (₹1,23,456.50), the
    /// convention Indian exporters and the INR price tags use.
    pub fn display(self) -> String {
        let exponent = self.currency.exponent();
        let scale = 10_i64.pow(exponent);
        let negative = self.minor < 0;
        let abs = self.minor.unsigned_abs();
        let whole = abs / scale.unsigned_abs();
        let fraction = abs % scale.unsigned_abs();
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(self.currency.symbol());
        out.push_str(&group_indian(whole));
        if exponent > 0 {
            out.push('.');
            out.push_str(&format!("{fraction:0width$}", width = exponent as usize));
        }
        out
    }
}

/// Groups digits as 12,34,56,789: the last three, then pairs.
fn group_indian(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() <= 3 {
        return digits;
    }
    let (head, tail) = digits.split_at(digits.len() - 3);
    let mut groups: Vec<&str> = Vec::new();
    let mut end = head.len();
    while end > 0 {
        let start = end.saturating_sub(2);
        groups.push(&head[start..end]);
        end = start;
    }
    groups.reverse();
    format!("{},{tail}", groups.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_indian_grouping() {
        assert_eq!(Money::inr(0).display(), "₹0.00");
        assert_eq!(Money::inr(5).display(), "₹0.05");
        assert_eq!(Money::inr(99_900).display(), "₹999.00");
        assert_eq!(Money::inr(125_050).display(), "₹1,250.50");
        assert_eq!(Money::inr(10_000_000).display(), "₹1,00,000.00");
        assert_eq!(Money::inr(1_234_567_890).display(), "₹1,23,45,678.90");
        assert_eq!(Money::inr(-125_000).display(), "-₹1,250.00");
    }

    #[test]
    fn multiplication_refuses_overflow() {
        assert_eq!(Money::inr(250).times(4), Some(Money::inr(1000)));
        assert_eq!(Money::inr(i64::MAX).times(2), None);
    }

    proptest! {
        #[test]
        fn display_round_trips_the_digits(minor in 0_i64..i64::MAX) {
            let shown = Money::inr(minor).display();
            let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(digits.trim_start_matches('0').to_owned(), minor.to_string().trim_start_matches('0').to_owned());
        }

        #[test]
        fn groups_are_pairs_then_a_triple(whole in 1000_u64..u64::MAX) {
            let grouped = group_indian(whole);
            let parts: Vec<&str> = grouped.split(',').collect();
            prop_assert_eq!(parts.last().map(|p| p.len()), Some(3));
            for part in &parts[1..parts.len() - 1] {
                prop_assert_eq!(part.len(), 2);
            }
            prop_assert!(parts[0].len() <= 2 && !parts[0].is_empty());
        }
    }
}
