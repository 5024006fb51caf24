//! Numbers, money and dates the way each locale writes them, from ICU4X's compiled CLDR
//! data (server side; islands use the browser's `Intl`, which reads the same CLDR).

use crate::core::{Instant, Money};
use crate::i18n::Locale;
use chrono::{DateTime, Datelike, Timelike, Utc};
use fixed_decimal::Decimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{E, MDE, MDET, T, YMD, YMDE};
use icu_datetime::input::{DateTime as IcuDateTime, Time};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyCode;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::thread::LocalKey;
use writeable::Writeable;

/// Formatters cost far more to build than to use, so each server thread keeps one per
/// CLDR locale.
type Cache<T> = RefCell<HashMap<&'static str, Option<Rc<T>>>>;

thread_local! {
    static DECIMALS: Cache<DecimalFormatter> = RefCell::default();
    static CURRENCIES: Cache<CurrencyFormatter> = RefCell::default();
    static DATES: Cache<FixedCalendarDateTimeFormatter<Gregorian, YMD>> = RefCell::default();
    static DATE_TIMES: Cache<FixedCalendarDateTimeFormatter<Gregorian, MDET>> = RefCell::default();
    static DAYS: Cache<FixedCalendarDateTimeFormatter<Gregorian, YMDE>> = RefCell::default();
    static TIMES: Cache<NoCalendarFormatter<T>> = RefCell::default();
    static WEEKDAYS: Cache<FixedCalendarDateTimeFormatter<Gregorian, E>> = RefCell::default();
    static REGIONS: Cache<icu_experimental::displaynames::multi::RegionDisplayNames> = RefCell::default();
    static LANGUAGES: Cache<icu_experimental::displaynames::multi::LanguageDisplayNames> = RefCell::default();
}

fn cached<T>(
    cache: &'static LocalKey<Cache<T>>,
    tag: &'static str,
    make: impl FnOnce(icu_locale_core::Locale) -> Option<T>,
) -> Option<Rc<T>> {
    cache.with(|cache| {
        cache
            .borrow_mut()
            .entry(tag)
            .or_insert_with(|| make(tag.parse().ok()?).map(Rc::new))
            .clone()
    })
}

fn decimal_formatter(locale: Locale) -> Option<Rc<DecimalFormatter>> {
    cached(&DECIMALS, locale.cldr_tag(None), |l| {
        DecimalFormatter::try_new(l.into(), Default::default()).ok()
    })
}

/// A country's name in the locale ("Germany", "ألمانيا", "德国"), from its ISO 3166 code;
/// the code itself when CLDR has no name.
pub fn country(locale: Locale, code: &str) -> String {
    let names = cached(&REGIONS, locale.cldr_tag(None), |l| {
        icu_experimental::displaynames::multi::RegionDisplayNames::try_new(
            l.into(),
            Default::default(),
        )
        .ok()
    });
    code.parse::<icu_locale_core::subtags::Region>()
        .ok()
        .and_then(|region| names.and_then(|n| n.of(region).map(str::to_owned)))
        .unwrap_or_else(|| code.to_owned())
}

/// A language (ISO 639-1 code) in the reader's words: "Arabic" (en), "阿拉伯语" (zh); the
/// code itself when unknown.
pub fn language(locale: Locale, code: &str) -> String {
    let names = cached(&LANGUAGES, locale.cldr_tag(None), |l| {
        icu_experimental::displaynames::multi::LanguageDisplayNames::try_new(
            l.into(),
            Default::default(),
        )
        .ok()
    });
    code.parse::<icu_locale_core::subtags::Language>()
        .ok()
        .and_then(|language| names.and_then(|n| n.of(language).map(str::to_owned)))
        .unwrap_or_else(|| code.to_owned())
}

/// An integer with the locale's grouping: "1,234" (en), "1.234" (de), "12,34,567" (hi).
pub fn number(locale: Locale, value: i64) -> String {
    match decimal_formatter(locale) {
        Some(f) => f
            .format(&Decimal::from(value))
            .write_to_string()
            .into_owned(),
        None => value.to_string(),
    }
}

/// Basis points as a percentage number without the sign: "7.5" (en), "7,5" (de), "8".
pub fn basis_points(locale: Locale, bps: i64) -> String {
    let mut value = Decimal::from(bps);
    value.multiply_pow10(-2);
    value.trim_end();
    match decimal_formatter(locale) {
        Some(f) => f.format(&value).write_to_string().into_owned(),
        None => value.to_string(),
    }
}

/// A weight in grams below a kilogram, else in kilograms with one decimal.
pub fn weight(locale: Locale, grams: i64) -> String {
    if grams < 1000 {
        return format!("{} g", number(locale, grams));
    }
    let mut tenths = Decimal::from((grams + 50) / 100);
    tenths.multiply_pow10(-1);
    match decimal_formatter(locale) {
        Some(f) => format!("{} kg", f.format(&tenths).write_to_string()),
        None => format!("{grams} g"),
    }
}

/// An amount with its currency, e.g. "$11.90" (en), "11,90 $" (fr), "￥1,235" (ja),
/// "₹1,00,000.00" (hi), "1.234,56 €" (de).
pub fn money(locale: Locale, amount: Money) -> String {
    let plain = || format!("{} {}", amount.decimal(), amount.currency.code());
    let (Ok(decimal), Ok(code)) = (
        amount.decimal().parse::<Decimal>(),
        amount.currency.code().parse(),
    ) else {
        return plain();
    };
    let tag = locale.cldr_tag(Some(amount.currency));
    match cached(&CURRENCIES, tag, |l| {
        CurrencyFormatter::try_new(l.into(), Default::default()).ok()
    }) {
        Some(f) => f
            .format_fixed_decimal(&decimal, &CurrencyCode(code))
            .write_to_string()
            .into_owned(),
        None => plain(),
    }
}

fn in_zone(at: Instant, zone: &str) -> Option<(IcuDateTime<Gregorian>, String)> {
    let utc = DateTime::<Utc>::from_timestamp(at.seconds(), 0)?;
    let (local, abbreviation) = match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => {
            let local = utc.with_timezone(&tz);
            (local.naive_local(), local.format("%Z").to_string())
        }
        Err(_) => (utc.naive_utc(), "UTC".to_owned()),
    };
    let date = Date::try_new_gregorian(
        local.year(),
        u8::try_from(local.month()).ok()?,
        u8::try_from(local.day()).ok()?,
    )
    .ok()?;
    let time = Time::try_new(
        u8::try_from(local.hour()).ok()?,
        u8::try_from(local.minute()).ok()?,
        0,
        0,
    )
    .ok()?;
    Some((IcuDateTime { date, time }, abbreviation))
}

/// A calendar date in words: "November 28, 2026" (en), "28 نوفمبر 2026" (ar),
/// "2026年11月28日" (ja).
pub fn date(locale: Locale, at: Instant, zone: &str) -> String {
    let formatter = cached(&DATES, locale.cldr_tag(None), |l| {
        FixedCalendarDateTimeFormatter::try_new(l.into(), YMD::long()).ok()
    });
    match (in_zone(at, zone), formatter) {
        (Some((local, _)), Some(f)) => f.format(&local.date).write_to_string().into_owned(),
        _ => at.rfc3339(),
    }
}

/// A day heading in `zone`: "Saturday, November 28, 2026" (en), "2026年11月28日土曜日" (ja).
pub fn day(locale: Locale, at: Instant, zone: &str) -> String {
    let formatter = cached(&DAYS, locale.cldr_tag(None), |l| {
        FixedCalendarDateTimeFormatter::try_new(l.into(), YMDE::long()).ok()
    });
    match (in_zone(at, zone), formatter) {
        (Some((local, _)), Some(f)) => f.format(&local.date).write_to_string().into_owned(),
        _ => at.iso_date(),
    }
}

/// Weekday, day, month and time in `zone`, with the zone's abbreviation, read as a full
/// date and time: "Saturday, November 28 at 7:30 PM IST" (en), "11月28日土曜日 22:00 CST" (ja).
pub fn date_time(locale: Locale, at: Instant, zone: &str) -> String {
    let formatter = cached(&DATE_TIMES, locale.cldr_tag(None), |l| {
        FixedCalendarDateTimeFormatter::try_new(l.into(), MDE::long().with_time_hm()).ok()
    });
    match (in_zone(at, zone), formatter) {
        (Some((local, abbreviation)), Some(f)) => {
            format!("{} {abbreviation}", f.format(&local).write_to_string())
        }
        _ => at.rfc3339(),
    }
}

/// The time of day in `zone`, as the locale writes it: "7:30 PM" (en), "19:30" (de).
pub fn time(locale: Locale, at: Instant, zone: &str) -> String {
    let formatter = cached(&TIMES, locale.cldr_tag(None), |l| {
        NoCalendarFormatter::try_new(l.into(), T::hm()).ok()
    });
    match (in_zone(at, zone), formatter) {
        (Some((local, _)), Some(f)) => f.format(&local.time).write_to_string().into_owned(),
        _ => at.rfc3339(),
    }
}

/// The time of day in `zone` with the zone's abbreviation: "7:30 PM IST".
pub fn zoned_time(locale: Locale, at: Instant, zone: &str) -> String {
    match in_zone(at, zone) {
        Some((_, abbreviation)) => format!("{} {abbreviation}", time(locale, at, zone)),
        None => at.rfc3339(),
    }
}

/// A weekday's short name (0 is Monday): "Mon" (en), "月" (ja).
pub fn weekday(locale: Locale, index: u8) -> String {
    use icu_calendar::types::Weekday;
    let day = match index {
        0 => Weekday::Monday,
        1 => Weekday::Tuesday,
        2 => Weekday::Wednesday,
        3 => Weekday::Thursday,
        4 => Weekday::Friday,
        5 => Weekday::Saturday,
        _ => Weekday::Sunday,
    };
    let formatter = cached(&WEEKDAYS, locale.cldr_tag(None), |l| {
        FixedCalendarDateTimeFormatter::try_new(l.into(), E::short()).ok()
    });
    formatter.map_or_else(
        || format!("{day:?}"),
        |f| f.format(&day).write_to_string().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Currency;

    fn inr(minor: i64) -> Money {
        Money::inr(minor)
    }

    fn of(currency: Currency, minor: i64) -> Money {
        Money { minor, currency }
    }

    /// One representative value in every locale; the expectations are CLDR's.
    #[test]
    fn numbers_in_every_locale() {
        let expected = [
            (Locale::En, "1,234,567"),
            (Locale::Hi, "12,34,567"),
            (Locale::Ar, "1,234,567"),
            (Locale::Zh, "1,234,567"),
            (Locale::Es, "1.234.567"),
            (Locale::Fr, "1\u{202f}234\u{202f}567"),
            (Locale::De, "1.234.567"),
            (Locale::Ja, "1,234,567"),
            (Locale::Ru, "1\u{a0}234\u{a0}567"),
            (Locale::Pt, "1.234.567"),
        ];
        for (locale, text) in expected {
            assert_eq!(number(locale, 1_234_567), text, "{locale}");
        }
    }

    #[test]
    fn basis_points_as_percentages() {
        assert_eq!(basis_points(Locale::En, 750), "7.5");
        assert_eq!(basis_points(Locale::De, 725), "7,25");
        assert_eq!(basis_points(Locale::En, 800), "8");
    }

    #[test]
    fn languages_in_their_reader_s_words() {
        assert_eq!(language(Locale::En, "ar"), "Arabic");
        assert_eq!(language(Locale::De, "ja"), "Japanisch");
        assert_eq!(language(Locale::Zh, "ar"), "阿拉伯语");
        assert_eq!(language(Locale::En, "qq"), "qq");
    }

    #[test]
    fn countries_in_their_reader_s_words() {
        assert_eq!(country(Locale::En, "DE"), "Germany");
        assert_eq!(country(Locale::Fr, "DE"), "Allemagne");
        assert_eq!(country(Locale::Zh, "DE"), "德国");
        assert_eq!(country(Locale::En, "XX"), "XX");
    }

    #[test]
    fn money_in_every_locale() {
        assert_eq!(money(Locale::En, inr(10_000_000)), "₹1,00,000.00");
        assert_eq!(money(Locale::Hi, inr(10_000_000)), "₹1,00,000.00");
        assert_eq!(money(Locale::En, of(Currency::Usd, 1190)), "$11.90");
        assert_eq!(
            money(Locale::De, of(Currency::Eur, 123_456)),
            "1.234,56\u{a0}€"
        );
        assert_eq!(money(Locale::Ja, of(Currency::Jpy, 1235)), "￥1,235");
        assert_eq!(money(Locale::Zh, of(Currency::Cny, 123_456)), "¥1,234.56");
        assert_eq!(
            money(Locale::Fr, of(Currency::Eur, 123_456)),
            "1\u{202f}234,56\u{a0}€"
        );
        assert_eq!(
            money(Locale::Es, of(Currency::Eur, 123_456)),
            "1234,56\u{a0}€"
        );
        assert_eq!(
            money(Locale::Ru, of(Currency::Usd, 123_456)),
            "1\u{a0}234,56\u{a0}$"
        );
        assert_eq!(
            money(Locale::Pt, of(Currency::Eur, 123_456)),
            "€\u{a0}1.234,56"
        );
        assert!(money(Locale::Ar, of(Currency::Aed, 123_456)).contains("1,234.56"));
    }

    #[test]
    fn dates_in_every_locale() {
        // 2026-11-28 14:00 UTC.
        let at = Instant(1_795_874_400);
        let expected = [
            (Locale::En, "November 28, 2026"),
            (Locale::Hi, "28 नवंबर 2026"),
            (Locale::Ar, "28 نوفمبر 2026"),
            (Locale::Zh, "2026年11月28日"),
            (Locale::Es, "28 de noviembre de 2026"),
            (Locale::Fr, "28 novembre 2026"),
            (Locale::De, "28. November 2026"),
            (Locale::Ja, "2026年11月28日"),
            (Locale::Ru, "28 ноября 2026\u{202f}г."),
            (Locale::Pt, "28 de novembro de 2026"),
        ];
        for (locale, text) in expected {
            assert_eq!(date(locale, at, "UTC"), text, "{locale}");
        }
    }

    #[test]
    fn date_times_carry_the_event_zone_and_day_wrap() {
        let at = Instant(1_795_874_400);
        assert_eq!(
            date_time(Locale::En, at, "Asia/Kolkata"),
            "Saturday, November 28 at 7:30\u{202f}PM IST"
        );
        assert_eq!(
            date_time(Locale::De, at, "Asia/Shanghai"),
            "Samstag, 28. November um 22:00 CST"
        );
        assert_eq!(
            date_time(Locale::Ja, at, "Asia/Tokyo"),
            "11月28日土曜日 23:00 JST"
        );
        assert_eq!(
            date_time(Locale::Ar, at, "Asia/Dubai"),
            "السبت، 28 نوفمبر في 6:00 م +04"
        );
        // 20:00 UTC is already Sunday in Kolkata.
        assert!(
            date_time(Locale::En, Instant(1_795_896_000), "Asia/Kolkata")
                .starts_with("Sunday, November 29")
        );
        // An unknown zone shows UTC rather than failing the page.
        assert!(date_time(Locale::En, at, "Mars/Olympus").ends_with("2:00\u{202f}PM UTC"));
    }
}
