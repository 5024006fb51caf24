//! Money as integer minor units with an ISO 4217 currency; never floats. Prices are set in
//! INR; other currencies are derived through an exchange rate, rounded half-to-even.

use serde::{Deserialize, Serialize};

/// The currencies buyers can see prices in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Currency {
    #[default]
    #[serde(rename = "INR")]
    Inr,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "GBP")]
    Gbp,
    #[serde(rename = "AED")]
    Aed,
    #[serde(rename = "SAR")]
    Sar,
    #[serde(rename = "CNY")]
    Cny,
    #[serde(rename = "JPY")]
    Jpy,
    #[serde(rename = "SGD")]
    Sgd,
    #[serde(rename = "AUD")]
    Aud,
}

impl Currency {
    pub const ALL: [Currency; 10] = [
        Self::Inr,
        Self::Usd,
        Self::Eur,
        Self::Gbp,
        Self::Aed,
        Self::Sar,
        Self::Cny,
        Self::Jpy,
        Self::Sgd,
        Self::Aud,
    ];

    /// The name of the cookie that remembers a buyer's choice.
    pub const COOKIE: &'static str = "pavilion_currency";

    pub fn code(self) -> &'static str {
        match self {
            Self::Inr => "INR",
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Gbp => "GBP",
            Self::Aed => "AED",
            Self::Sar => "SAR",
            Self::Cny => "CNY",
            Self::Jpy => "JPY",
            Self::Sgd => "SGD",
            Self::Aud => "AUD",
        }
    }

    /// An ISO 4217 code, case-insensitively; `None` for anything not offered.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Digits after the decimal point (ISO 4217 exponent): JPY has none.
    pub fn exponent(self) -> u32 {
        match self {
            Self::Jpy => 0,
            _ => 2,
        }
    }

    /// The usual currency of a country (ISO 3166 alpha-2), if offered.
    pub fn of_region(region: &str) -> Option<Self> {
        let euro = [
            "AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU",
            "LV", "MT", "NL", "PT", "SI", "SK",
        ];
        let region = region.to_ascii_uppercase();
        Some(match region.as_str() {
            "IN" => Self::Inr,
            "US" => Self::Usd,
            "GB" => Self::Gbp,
            "AE" => Self::Aed,
            "SA" => Self::Sar,
            "CN" => Self::Cny,
            "JP" => Self::Jpy,
            "SG" => Self::Sgd,
            "AU" => Self::Aud,
            r if euro.contains(&r) => Self::Eur,
            _ => return None,
        })
    }
}

/// An amount of money in the currency's minor unit (paise for INR, yen for JPY).
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

    /// The amount as a decimal string in major units ("1250.50", "1235" for JPY).
    /// An amount typed in rupees (`1250`, `1,250.5`, `1250.50`) as paise; at most two
    /// decimals, never negative.
    pub fn parse_inr(raw: &str) -> Option<Self> {
        Self::parse_in(Currency::Inr, raw)
    }

    /// An amount typed in `currency`'s major units, with at most its number of decimals
    /// (none for JPY); grouping commas are ignored, never negative.
    pub fn parse_in(currency: Currency, raw: &str) -> Option<Self> {
        let raw: String = raw.trim().chars().filter(|c| *c != ',').collect();
        let (whole, fraction) = raw.split_once('.').unwrap_or((&raw, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 12 || !digits(whole) || !digits(fraction) {
            return None;
        }
        let exponent = currency.exponent() as usize;
        if fraction.len() > exponent || (raw.contains('.') && fraction.is_empty()) {
            return None;
        }
        let minor = if exponent == 0 {
            0
        } else {
            format!("{fraction:0<exponent$}").parse::<i64>().ok()?
        };
        Some(Self {
            minor: whole.parse::<i64>().ok()? * 10_i64.pow(exponent as u32) + minor,
            currency,
        })
    }

    pub fn decimal(self) -> String {
        let exponent = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10_u64.pow(exponent);
        let width = exponent as usize;
        format!("{sign}{}.{:0width$}", abs / scale, abs % scale)
    }
}

/// How many INR one unit of `currency` costs, in millionths (84.203500 INR per USD is
/// `84_203_500`): exact integers, as the FX table stores them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub currency: Currency,
    pub inr_per_unit_micros: i64,
}

impl Rate {
    /// Parses "84.2035" (up to six decimals, positive) for `currency`.
    pub fn parse(currency: Currency, raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let fraction_ok = if raw.contains('.') {
            digits(fraction)
        } else {
            true
        };
        if !digits(whole) || !fraction_ok || fraction.len() > 6 {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let fraction: i64 = format!("{fraction:0<6}").parse().ok()?;
        let micros = whole.checked_mul(1_000_000)?.checked_add(fraction)?;
        (micros > 0).then_some(Self {
            currency,
            inr_per_unit_micros: micros,
        })
    }

    /// The identity rate for INR itself.
    pub fn inr() -> Self {
        Self {
            currency: Currency::Inr,
            inr_per_unit_micros: 1_000_000,
        }
    }

    /// Converts an INR amount, rounding half to even at the currency's minor unit;
    /// `None` when the result would not fit.
    pub fn convert(self, inr: Money) -> Option<Money> {
        debug_assert_eq!(inr.currency, Currency::Inr);
        let target_scale = 10_i128.pow(self.currency.exponent());
        let source_scale = 10_i128.pow(Currency::Inr.exponent());
        let numerator = i128::from(inr.minor) * target_scale * 1_000_000;
        let denominator = source_scale * i128::from(self.inr_per_unit_micros);
        let minor = i64::try_from(div_half_even(numerator, denominator)?).ok()?;
        Some(Money {
            minor,
            currency: self.currency,
        })
    }
}

/// `bps` basis points of `minor` units, rounded half to even to the unit (a commission on
/// a line's goods); `None` when out of range.
pub fn basis_points_of(minor: i64, bps: i64) -> Option<i64> {
    let share = div_half_even(i128::from(minor) * i128::from(bps), 10_000)?;
    i64::try_from(share).ok()
}

/// `n / d` rounded to the nearest integer, ties to even; `None` for `d <= 0`.
fn div_half_even(n: i128, d: i128) -> Option<i128> {
    if d <= 0 {
        return None;
    }
    let (q, r) = (n.div_euclid(d), n.rem_euclid(d));
    Some(match (2 * r).cmp(&d) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn rupees_typed_by_people() {
        let paise = |raw| Money::parse_inr(raw).map(|m| m.minor);
        assert_eq!(paise("1250"), Some(125_000));
        assert_eq!(paise(" 1,250.5 "), Some(125_050));
        assert_eq!(paise("0.05"), Some(5));
        for bad in ["", "-5", "1.234", "12.", ".5", "1e3", "१२", "9999999999999"] {
            assert_eq!(paise(bad), None, "{bad}");
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn rate(currency: Currency, raw: &str) -> Rate {
        Rate::parse(currency, raw).expect("valid rate")
    }

    #[test]
    fn parses_currency_codes() {
        assert_eq!(Currency::parse("usd"), Some(Currency::Usd));
        assert_eq!(Currency::parse(" JPY "), Some(Currency::Jpy));
        assert_eq!(Currency::parse("XYZ"), None);
        assert_eq!(Currency::parse(""), None);
        assert_eq!(Currency::of_region("de"), Some(Currency::Eur));
        assert_eq!(Currency::of_region("BR"), None);
    }

    #[test]
    fn decimal_strings_follow_the_exponent() {
        assert_eq!(Money::inr(125_050).decimal(), "1250.50");
        assert_eq!(Money::inr(5).decimal(), "0.05");
        assert_eq!(Money::inr(-5).decimal(), "-0.05");
        let yen = Money {
            minor: 1235,
            currency: Currency::Jpy,
        };
        assert_eq!(yen.decimal(), "1235");
    }

    #[test]
    fn parses_rates_exactly() {
        assert_eq!(
            rate(Currency::Usd, "84.2035").inr_per_unit_micros,
            84_203_500
        );
        assert_eq!(rate(Currency::Jpy, "0.56").inr_per_unit_micros, 560_000);
        assert_eq!(rate(Currency::Eur, "91").inr_per_unit_micros, 91_000_000);
        for bad in [
            "",
            "0",
            "0.0",
            "-1",
            "1.2345678",
            "1,5",
            "abc",
            "1.",
            ".5",
            "1e3",
        ] {
            assert_eq!(Rate::parse(Currency::Usd, bad), None, "{bad}");
        }
    }

    #[test]
    fn converts_with_half_even_rounding() {
        // ₹1,000.00 at 84 INR/USD is 11.904… USD.
        assert_eq!(
            rate(Currency::Usd, "84")
                .convert(Money::inr(100_000))
                .map(|m| m.minor),
            Some(1190)
        );
        // 1 INR at 0.5 INR/JPY is exactly 2 yen; JPY has no minor unit.
        assert_eq!(
            rate(Currency::Jpy, "0.5")
                .convert(Money::inr(100))
                .map(|m| m.minor),
            Some(2)
        );
        // Ties go to the even neighbour: 0.125 → 0.12, 0.135 → 0.14 (rate 100 INR/unit).
        assert_eq!(
            rate(Currency::Gbp, "100")
                .convert(Money::inr(1250))
                .map(|m| m.minor),
            Some(12)
        );
        assert_eq!(
            rate(Currency::Gbp, "100")
                .convert(Money::inr(1350))
                .map(|m| m.minor),
            Some(14)
        );
        // 2.5 yen → 2, 3.5 yen → 4.
        assert_eq!(
            rate(Currency::Jpy, "1")
                .convert(Money::inr(250))
                .map(|m| m.minor),
            Some(2)
        );
        assert_eq!(
            rate(Currency::Jpy, "1")
                .convert(Money::inr(350))
                .map(|m| m.minor),
            Some(4)
        );
        assert_eq!(
            Rate::inr().convert(Money::inr(12_345)),
            Some(Money::inr(12_345))
        );
    }

    #[test]
    fn multiplication_refuses_overflow() {
        assert_eq!(Money::inr(250).times(4), Some(Money::inr(1000)));
        assert_eq!(Money::inr(i64::MAX).times(2), None);
    }

    proptest! {
        #[test]
        fn half_even_is_within_half_a_unit(n in -1_000_000_000_i128..1_000_000_000, d in 1_i128..1_000_000) {
            let q = div_half_even(n, d).expect("positive divisor");
            // |q·d − n| ≤ d/2, and exact halves land on an even quotient.
            let error = (q * d - n).abs() * 2;
            prop_assert!(error <= d);
            if error == d {
                prop_assert_eq!(q % 2, 0);
            }
        }

        #[test]
        fn conversion_is_monotonic(a in 0_i64..10_000_000_000, b in 0_i64..10_000_000_000, micros in 1_i64..1_000_000_000) {
            let rate = Rate { currency: Currency::Usd, inr_per_unit_micros: micros };
            let (lo, hi) = (a.min(b), a.max(b));
            let lo = rate.convert(Money::inr(lo)).map(|m| m.minor);
            let hi = rate.convert(Money::inr(hi)).map(|m| m.minor);
            prop_assert!(lo <= hi);
        }

        #[test]
        fn decimal_round_trips_minor_units(minor in i64::MIN + 1..i64::MAX) {
            let text = Money::inr(minor).decimal();
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let back: i128 = digits.parse().expect("digits");
            prop_assert_eq!(back, i128::from(minor).abs());
        }
    }
}
