//! Instants are UTC seconds since the Unix epoch; zones only matter when shown.

use serde::{Deserialize, Serialize};

/// A point in time, UTC, whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Instant(pub i64);

impl Instant {
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// Reads an RFC 3339 timestamp with any offset.
    #[cfg(feature = "ssr")]
    pub fn parse_rfc3339(raw: &str) -> Option<Self> {
        chrono::DateTime::parse_from_rfc3339(raw.trim())
            .ok()
            .map(|t| Self(t.timestamp()))
    }

    /// Midnight UTC at the start of a `YYYY-MM-DD` date, as `<input type="date">` sends it.
    #[cfg(feature = "ssr")]
    pub fn parse_date(raw: &str) -> Option<Self> {
        chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Self(t.and_utc().timestamp()))
    }

    /// The UTC date, `YYYY-MM-DD`, as `<input type="date">` wants it.
    pub fn iso_date(self) -> String {
        let (y, m, d, ..) = civil_from_unix(self.0);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// RFC 3339 in UTC, for `<time datetime>` and JSON-LD.
    pub fn rfc3339(self) -> String {
        let (y, m, d, hh, mm, ss) = civil_from_unix(self.0);
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    }
}

/// The zones offered in pickers: the expo cities and the buyers' regions (any other IANA
/// name is accepted too, when typed into a URL).
pub const ZONES: [&str; 24] = [
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Riyadh",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Jakarta",
    "Australia/Sydney",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "UTC",
];

/// The current IANA name of a zone a browser may report by an older one. Chromium's ICU
/// still names India's zone `Asia/Calcutta`: read as it comes, a page drawn for
/// `Asia/Kolkata` would be drawn again for the same clock, and the picker would show a name
/// it does not offer.
pub fn canonical_zone(zone: &str) -> &str {
    match zone {
        "Asia/Calcutta" => "Asia/Kolkata",
        "Asia/Katmandu" => "Asia/Kathmandu",
        "Asia/Saigon" => "Asia/Ho_Chi_Minh",
        "Asia/Rangoon" => "Asia/Yangon",
        "Asia/Dacca" => "Asia/Dhaka",
        "Asia/Ulan_Bator" => "Asia/Ulaanbaatar",
        "Europe/Kiev" => "Europe/Kyiv",
        "America/Buenos_Aires" => "America/Argentina/Buenos_Aires",
        "America/Godthab" => "America/Nuuk",
        "America/Indianapolis" => "America/Indiana/Indianapolis",
        "Atlantic/Faeroe" => "Atlantic/Faroe",
        "Etc/UTC" | "Etc/GMT" | "GMT" | "Etc/Universal" | "Zulu" => "UTC",
        other => other,
    }
}

/// A wall-clock time in an IANA zone could not be read as one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalTimeError {
    /// Not `YYYY-MM-DDTHH:MM`.
    Format,
    /// Not an IANA zone name.
    Zone,
    /// Skipped or repeated by a clock change in that zone.
    Gap,
}

/// Reads `<input type="datetime-local">` text (`2026-12-01T19:30`) as a wall-clock time in
/// `zone` and returns the UTC instant.
#[cfg(feature = "ssr")]
pub fn parse_local(raw: &str, zone: &str) -> Result<Instant, LocalTimeError> {
    use chrono::offset::LocalResult;
    let tz = tz_of(zone).ok_or(LocalTimeError::Zone)?;
    let raw = raw.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| LocalTimeError::Format)?;
    match naive.and_local_timezone(tz) {
        LocalResult::Single(t) => Ok(Instant(t.timestamp())),
        _ => Err(LocalTimeError::Gap),
    }
}

/// The first instant of the local `date` in `zone` (UTC for an unknown zone); a day whose
/// midnight a clock change skipped starts when the clock resumes.
#[cfg(feature = "ssr")]
pub fn day_start(date: chrono::NaiveDate, zone: &str) -> Instant {
    let tz = tz_of(zone).unwrap_or(chrono_tz::Tz::UTC);
    (0..4)
        .filter_map(|hour| date.and_hms_opt(hour, 0, 0))
        .find_map(|wall| wall.and_local_timezone(tz).earliest())
        .map_or_else(
            || {
                Instant(
                    date.and_hms_opt(0, 0, 0)
                        .unwrap_or_default()
                        .and_utc()
                        .timestamp(),
                )
            },
            |t| Instant(t.timestamp()),
        )
}

/// The date it is in `zone` (UTC for an unknown zone) at `at`.
#[cfg(feature = "ssr")]
pub fn local_date(at: Instant, zone: &str) -> chrono::NaiveDate {
    local_date_time(at, zone).date()
}

/// The IANA zone `zone` names (surrounding spaces aside), read the same way by every
/// function here: one that reads a time in a zone shows it in the same zone.
#[cfg(feature = "ssr")]
fn tz_of(zone: &str) -> Option<chrono_tz::Tz> {
    zone.trim().parse().ok()
}

/// Whether `zone` is an IANA zone name this server knows.
#[cfg(feature = "ssr")]
pub fn known_zone(zone: &str) -> bool {
    tz_of(zone).is_some()
}

/// The zone a request is read in: the one it names, else the one remembered in its cookie,
/// else the expo's; older names read as current ones, unknown ones are passed over.
#[cfg(feature = "ssr")]
pub fn zone_of(asked: Option<&str>, remembered: Option<&str>) -> String {
    [asked, remembered]
        .into_iter()
        .flatten()
        .map(|zone| canonical_zone(zone.trim()))
        .find(|zone| known_zone(zone))
        .unwrap_or(ZONES[0])
        .to_owned()
}

/// The instant as `<input type="datetime-local">` text in `zone` (UTC for an unknown zone).
#[cfg(feature = "ssr")]
pub fn local_input(at: Instant, zone: &str) -> String {
    local_date_time(at, zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// The calendar date of `at` in `zone`, as days since 1970-01-01: two instants fall on the
/// same local day exactly when these are equal, and their difference counts days.
#[cfg(feature = "ssr")]
pub fn local_day(at: Instant, zone: &str) -> i64 {
    use chrono::Datelike;
    i64::from(local_date_time(at, zone).date().num_days_from_ce()) - 719_163
}

#[cfg(feature = "ssr")]
fn local_date_time(at: Instant, zone: &str) -> chrono::NaiveDateTime {
    let utc = chrono::DateTime::<chrono::Utc>::from_timestamp(at.0, 0).unwrap_or_default();
    match tz_of(zone) {
        Some(tz) => utc.with_timezone(&tz).naive_local(),
        None => utc.naive_utc(),
    }
}

/// Splits Unix seconds into a proleptic Gregorian UTC date and time
/// (Howard Hinnant's days-from-civil inverse).
fn civil_from_unix(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// A countdown: whole days and hours beyond a day (for the locale's words), else a
/// ticking clock, "03:05:09" or "04:09".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remaining {
    Days { days: i64, hours: i64 },
    Clock(String),
}

pub fn remaining(total_secs: i64) -> Remaining {
    let s = total_secs.max(0);
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    if d > 0 {
        Remaining::Days { days: d, hours: h }
    } else if h > 0 {
        Remaining::Clock(format!("{h:02}:{m:02}:{sec:02}"))
    } else {
        Remaining::Clock(format!("{m:02}:{sec:02}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_browsers_older_zone_names_read_as_the_current_ones() {
        assert_eq!(canonical_zone("Asia/Calcutta"), "Asia/Kolkata");
        assert_eq!(canonical_zone("Europe/Kiev"), "Europe/Kyiv");
        assert_eq!(canonical_zone("Etc/UTC"), "UTC");
        assert_eq!(canonical_zone("Asia/Tokyo"), "Asia/Tokyo");
        for name in ZONES {
            assert_eq!(canonical_zone(name), name, "{name} is offered as it is");
        }
        assert_eq!(
            zone_of(Some(" Asia/Tokyo "), Some("Europe/Paris")),
            "Asia/Tokyo"
        );
        assert_eq!(
            zone_of(Some("Mars/Olympus"), Some("Asia/Calcutta")),
            "Asia/Kolkata"
        );
        assert_eq!(zone_of(Some(""), None), ZONES[0]);
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(Instant(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(Instant(1_795_000_000).rfc3339(), "2026-11-18T11:06:40Z");
        assert_eq!(Instant(951_782_400).rfc3339(), "2000-02-29T00:00:00Z");
        assert_eq!(Instant(-1).rfc3339(), "1969-12-31T23:59:59Z");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn dates_round_trip() {
        let day = Instant::parse_date("2000-02-29").expect("a date");
        assert_eq!(day, Instant(951_782_400));
        assert_eq!(day.iso_date(), "2000-02-29");
        assert_eq!(Instant::parse_date("2001-02-29"), None);
        assert_eq!(Instant::parse_date("29/02/2000"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn wall_clock_times_in_zones() {
        // 19:30 in Shanghai (UTC+8) is 11:30 UTC, and 06:30 the same day in New York (EST).
        let at = parse_local("2026-12-01T19:30", "Asia/Shanghai").expect("a time");
        assert_eq!(at.rfc3339(), "2026-12-01T11:30:00Z");
        assert_eq!(local_input(at, "America/New_York"), "2026-12-01T06:30");
        // 08:00 in Shanghai is still the day before in New York.
        let early = parse_local("2026-12-01T08:00", "Asia/Shanghai").expect("a time");
        assert_eq!(
            local_day(early, "America/New_York") - local_day(early, "Asia/Shanghai"),
            -1
        );
        assert_eq!(local_day(Instant(0), "UTC"), 0);
        assert_eq!(
            parse_local("2026-12-01 19:30", "Asia/Kolkata"),
            Err(LocalTimeError::Format)
        );
        assert_eq!(
            parse_local("2026-12-01T19:30", "Mars/Olympus"),
            Err(LocalTimeError::Zone)
        );
        // 02:30 on 8 March 2026 never happens in New York.
        assert_eq!(
            parse_local("2026-03-08T02:30", "America/New_York"),
            Err(LocalTimeError::Gap)
        );
        assert!(known_zone("Asia/Kolkata") && !known_zone("IST"));
    }

    #[test]
    fn countdown_shapes() {
        assert_eq!(
            remaining(2 * 86_400 + 3 * 3600 + 59),
            Remaining::Days { days: 2, hours: 3 }
        );
        assert_eq!(
            remaining(3 * 3600 + 5 * 60 + 9),
            Remaining::Clock("03:05:09".into())
        );
        assert_eq!(remaining(249), Remaining::Clock("04:09".into()));
        assert_eq!(remaining(-5), Remaining::Clock("00:00".into()));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_local_day_starts_at_its_zones_midnight() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
        // 2026-12-01T00:00 in Kolkata (UTC+5:30), New York (UTC-5), and UTC for no zone.
        assert_eq!(day_start(date, "Asia/Kolkata"), Instant(1_796_063_400));
        assert_eq!(day_start(date, "America/New_York"), Instant(1_796_101_200));
        assert_eq!(day_start(date, "Not/AZone"), Instant(1_796_083_200));
        assert_eq!(local_date(Instant(1_796_063_400), "Asia/Kolkata"), date);
        assert_eq!(
            local_date(Instant(1_796_063_399), "Asia/Kolkata"),
            date.pred_opt().expect("the day before")
        );
    }

    proptest! {
        #[test]
        fn civil_dates_are_valid_and_ordered(a in -10_000_000_000_i64..10_000_000_000, b in 0_i64..86_400) {
            let (_, m, d, hh, mm, ss) = civil_from_unix(a);
            prop_assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            prop_assert!(hh < 24 && mm < 60 && ss < 60);
            // For four-digit years the RFC 3339 text sorts in time order.
            if (0..4_000_000_000).contains(&a) {
                prop_assert!(Instant(a).rfc3339() <= Instant(a + b).rfc3339());
            }
        }
    }
}
