//! The FX table: rates into INR with their as-of time, loaded from CSV all-or-nothing, and
//! the pricing of a page (its locale, the buyer's currency and that currency's rate).

use crate::core::{Currency, Instant, Money, Rate};
use crate::db::Db;
use crate::i18n::prefs::{FxNote, Prefs, PriceTag};
use crate::i18n::{Locale, format, tr};

/// One stored rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredRate {
    pub rate: Rate,
    pub as_of: Instant,
}

pub async fn rate(db: &Db, currency: Currency) -> Result<Option<StoredRate>, sqlx::Error> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT inr_per_unit_micros, as_of FROM fx_rates WHERE currency = $1")
            .bind(currency.code())
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(micros, as_of)| StoredRate {
        rate: Rate {
            currency,
            inr_per_unit_micros: micros,
        },
        as_of: Instant(as_of),
    }))
}

/// A problem with one line of an FX file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Parses `currency,inr_per_unit,as_of` lines (a header first; `as_of` in RFC 3339).
/// Every line is checked; any problem rejects the whole file.
pub fn parse_csv(text: &str) -> Result<Vec<StoredRate>, Vec<LineError>> {
    let mut errors = Vec::new();
    let mut rates: Vec<StoredRate> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.iter().collect::<Vec<_>>() == ["currency", "inr_per_unit", "as_of"])
        .unwrap_or(false);
    if !header_ok {
        return Err(vec![LineError {
            line: 1,
            message: "the header must be `currency,inr_per_unit,as_of`".into(),
        }]);
    }
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                errors.push(LineError {
                    line,
                    message: format!("unreadable: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut fail = |message: String| errors.push(LineError { line, message });
        if record.len() != 3 {
            fail(format!("expected 3 fields, found {}", record.len()));
            continue;
        }
        let Some(currency) = Currency::parse(&record[0]) else {
            fail(format!("unknown currency `{}`", &record[0]));
            continue;
        };
        if currency == Currency::Inr {
            fail("INR is the base currency and has no rate".into());
            continue;
        }
        let Some(rate) = Rate::parse(currency, &record[1]) else {
            fail(format!(
                "`{}` is not a positive rate with at most six decimals",
                &record[1]
            ));
            continue;
        };
        let Some(as_of) = Instant::parse_rfc3339(&record[2]) else {
            fail(format!("`{}` is not an RFC 3339 time", &record[2]));
            continue;
        };
        if rates.iter().any(|r| r.rate.currency == currency) {
            fail(format!("{} appears twice", currency.code()));
            continue;
        }
        rates.push(StoredRate { rate, as_of });
    }
    if rates.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 2,
            message: "the file has no rates".into(),
        });
    }
    if errors.is_empty() {
        Ok(rates)
    } else {
        Err(errors)
    }
}

/// Stores rates in one transaction (replacing those of the same currencies).
pub async fn store(db: &Db, rates: &[StoredRate], now: Instant) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for r in rates {
        sqlx::query(
            "INSERT INTO fx_rates (currency, inr_per_unit_micros, as_of, imported_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (currency) DO UPDATE SET inr_per_unit_micros = excluded.inr_per_unit_micros,
                 as_of = excluded.as_of, imported_at = excluded.imported_at",
        )
        .bind(r.rate.currency.code())
        .bind(r.rate.inr_per_unit_micros)
        .bind(r.as_of.seconds())
        .bind(now.seconds())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// How a page shows prices.
#[derive(Clone, Debug)]
pub struct Pricing {
    pub locale: Locale,
    pub prefs: Prefs,
    /// `None` while the chosen currency has no rate: prices then stay in INR.
    pub rate: Option<StoredRate>,
}

impl Pricing {
    pub async fn load(db: &Db, locale: Locale, prefs: Prefs) -> Result<Self, sqlx::Error> {
        let rate = match prefs.currency {
            Currency::Inr => None,
            currency => rate(db, currency).await?,
        };
        Ok(Self {
            locale,
            prefs,
            rate,
        })
    }

    /// The pricing of the page being rendered: its query string, cookies and headers.
    pub async fn of_request(db: &Db, locale: Locale) -> Result<Self, sqlx::Error> {
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        Self::load(db, locale, Prefs::of_request(locale, parts.as_ref())).await
    }

    pub fn tag(&self, inr: Money) -> PriceTag {
        let converted = self.rate.and_then(|r| r.rate.convert(inr));
        match converted {
            Some(shown) => PriceTag {
                label: format::money(self.locale, shown),
                inr_label: Some(format::money(self.locale, inr)),
                minor: shown.minor,
                currency: shown.currency,
            },
            None => PriceTag {
                label: format::money(self.locale, inr),
                inr_label: None,
                minor: inr.minor,
                currency: Currency::Inr,
            },
        }
    }

    /// The rate's date and age, when prices are converted.
    pub fn note(&self, now: Instant) -> Option<FxNote> {
        let rate = self.rate?;
        let ui = self.locale.ui();
        let hours = (now.seconds() - rate.as_of.seconds()).max(0) / 3600;
        let age = match hours {
            0 => tr!(ui, fx_fresh).to_string(),
            1..48 => tr!(ui, fx_hours, count = hours),
            _ => tr!(ui, fx_days, count = hours / 24),
        };
        Some(FxNote {
            as_of: format::date(self.locale, rate.as_of, "UTC"),
            age,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_good_file() {
        let rates = parse_csv(
            "currency,inr_per_unit,as_of\nUSD,84.2035,2026-11-27T16:00:00Z\njpy, 0.5612 ,2026-11-27T16:00:00Z\n",
        )
        .expect("valid");
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[1].rate.currency, Currency::Jpy);
        assert_eq!(rates[1].rate.inr_per_unit_micros, 561_200);
    }

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let errors = parse_csv(
            "currency,inr_per_unit,as_of\n\
             USD,84.2,2026-11-27T16:00:00Z\n\
             XYZ,1,2026-11-27T16:00:00Z\n\
             EUR,-3,2026-11-27T16:00:00Z\n\
             GBP,105,yesterday\n\
             USD,84.3,2026-11-27T16:00:00Z\n\
             INR,1,2026-11-27T16:00:00Z\n\
             AED,22\n",
        )
        .expect_err("invalid");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
        assert!(errors[0].message.contains("XYZ"));
        assert!(parse_csv("cur,rate\nUSD,1").is_err());
        assert!(parse_csv("currency,inr_per_unit,as_of\n").is_err());
    }
}
