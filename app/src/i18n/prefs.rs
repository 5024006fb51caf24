//! The buyer's display currency: `?currency=` on the page, else the cookie, else the
//! country of the browser's tag for the page's language in `Accept-Language` (`en-AU` on an
//! English page → AUD), else the locale's usual currency. An unknown code never fails a
//! page: it falls back and the page says so.

use crate::core::Currency;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Prefs {
    pub currency: Currency,
    /// A code the buyer asked for that is not offered (already sanitised for display).
    pub unknown_currency: Option<String>,
}

/// The currency most buyers reading `locale` pay in.
pub fn locale_currency(locale: Locale) -> Currency {
    match locale {
        Locale::Hi => Currency::Inr,
        Locale::Ar => Currency::Aed,
        Locale::Zh => Currency::Cny,
        Locale::Ja => Currency::Jpy,
        Locale::Es | Locale::Fr | Locale::De | Locale::Pt => Currency::Eur,
        Locale::En | Locale::Ru => Currency::Usd,
    }
}

/// The region of the first `Accept-Language` tag in `locale`'s language (`en-GB` → `GB`
/// on an English page); tags in other languages say nothing about this page's reader.
fn accept_language_region(header: &str, locale: Locale) -> Option<&str> {
    header.split(',').find_map(|item| {
        let tag = item.split(';').next()?.trim();
        let mut parts = tag.split(['-', '_']);
        if !parts.next()?.eq_ignore_ascii_case(locale.code()) {
            return None;
        }
        parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
    })
}

/// A value from a `Cookie` header.
pub fn cookie<'h>(header: &'h str, name: &str) -> Option<&'h str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value.trim())
    })
}

/// A value from a query string (raw; callers validate it).
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| value.replace('+', " "))
    })
}

impl Prefs {
    pub fn resolve(
        locale: Locale,
        query: Option<&str>,
        cookie_header: Option<&str>,
        accept_language: Option<&str>,
    ) -> Self {
        let fallback = accept_language
            .and_then(|header| accept_language_region(header, locale))
            .and_then(Currency::of_region)
            .unwrap_or_else(|| locale_currency(locale));
        let asked = query
            .and_then(|q| query_param(q, "currency"))
            .or_else(|| {
                cookie_header
                    .and_then(|c| cookie(c, Currency::COOKIE))
                    .map(str::to_owned)
            })
            .filter(|code| !code.trim().is_empty());
        match asked {
            None => Self {
                currency: fallback,
                unknown_currency: None,
            },
            Some(code) => match Currency::parse(&code) {
                Some(currency) => Self {
                    currency,
                    unknown_currency: None,
                },
                None => Self {
                    currency: fallback,
                    unknown_currency: Some(sanitise(&code)),
                },
            },
        }
    }

    /// The preferences of the request being rendered (server side).
    #[cfg(feature = "ssr")]
    pub fn of_request(locale: Locale, parts: Option<&http::request::Parts>) -> Self {
        let Some(parts) = parts else {
            return Self::resolve(locale, None, None, None);
        };
        let header =
            |name: http::header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
        Self::resolve(
            locale,
            parts.uri.query(),
            header(http::header::COOKIE),
            header(http::header::ACCEPT_LANGUAGE),
        )
    }
}

/// Something safe and short to echo back: letters and digits, at most eight.
pub fn sanitise(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A time zone name that is safe to echo back: letters, digits, `/`, `_`, `-`, `+`, at most 40.
pub fn sanitise_zone(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
        .take(40)
        .collect()
}

/// A price as the buyer sees it: in their currency, with the INR list price beside it
/// when the two differ. Formatted on the server with the page's locale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PriceTag {
    pub label: String,
    pub inr_label: Option<String>,
    /// The shown amount, for islands that multiply it.
    pub minor: i64,
    pub currency: Currency,
}

/// Where a converted price comes from: the rate's date and how old it is, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxNote {
    pub as_of: String,
    pub age: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_beats_cookie_beats_region_beats_locale() {
        let p = Prefs::resolve(
            Locale::En,
            Some("currency=eur"),
            Some("pavilion_currency=GBP"),
            Some("en-AU"),
        );
        assert_eq!(p.currency, Currency::Eur);
        let p = Prefs::resolve(
            Locale::En,
            None,
            Some("a=1; pavilion_currency=GBP"),
            Some("en-AU"),
        );
        assert_eq!(p.currency, Currency::Gbp);
        let p = Prefs::resolve(Locale::En, None, None, Some("en-AU,en;q=0.9"));
        assert_eq!(p.currency, Currency::Aud);
        let p = Prefs::resolve(Locale::Ja, None, None, None);
        assert_eq!(p.currency, Currency::Jpy);
        let p = Prefs::resolve(Locale::Pt, None, None, Some("pt-BR"));
        assert_eq!(p.currency, Currency::Eur, "BRL is not offered");
        // An American reading the Arabic pages sees the locale's currency, not dollars.
        let p = Prefs::resolve(Locale::Ar, None, None, Some("en-US,en;q=0.9"));
        assert_eq!(p.currency, Currency::Aed);
        let p = Prefs::resolve(Locale::Ar, None, None, Some("en-US, ar-SA;q=0.5"));
        assert_eq!(p.currency, Currency::Sar);
    }

    #[test]
    fn unknown_codes_fall_back_with_a_notice() {
        let p = Prefs::resolve(Locale::De, Some("currency=XYZ"), None, None);
        assert_eq!(p.currency, Currency::Eur);
        assert_eq!(p.unknown_currency.as_deref(), Some("XYZ"));
        let p = Prefs::resolve(Locale::En, Some("currency=%3Cscript%3E"), None, None);
        assert_eq!(p.unknown_currency.as_deref(), Some("3CSCRIPT"));
        let p = Prefs::resolve(Locale::En, None, Some("pavilion_currency=;;"), Some("??"));
        assert_eq!(p.currency, Currency::Usd);
    }
}
