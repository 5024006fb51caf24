//! Showing UTC instants in an event's IANA time zone (server side, from the tz database).

use crate::core::Instant;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// "Sat 28 Nov, 19:30 IST" in `zone`; an unknown zone shows UTC rather than failing the page.
pub fn event_time(at: Instant, zone: &str) -> String {
    let Some(utc) = DateTime::<Utc>::from_timestamp(at.seconds(), 0) else {
        return at.rfc3339();
    };
    match zone.parse::<Tz>() {
        Ok(tz) => utc
            .with_timezone(&tz)
            .format("%a %-d %b, %H:%M %Z")
            .to_string(),
        Err(_) => utc.format("%a %-d %b, %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_event_zone_and_day_wrap() {
        // 2026-11-28 14:00 UTC is 19:30 in Kolkata and 22:00 in Shanghai, same day.
        assert_eq!(
            event_time(Instant(1_795_874_400), "Asia/Kolkata"),
            "Sat 28 Nov, 19:30 IST"
        );
        assert_eq!(
            event_time(Instant(1_795_874_400), "Asia/Shanghai"),
            "Sat 28 Nov, 22:00 CST"
        );
        // 20:00 UTC is already Sunday in Kolkata.
        assert_eq!(
            event_time(Instant(1_795_896_000), "Asia/Kolkata"),
            "Sun 29 Nov, 01:30 IST"
        );
        assert_eq!(
            event_time(Instant(1_795_874_400), "Mars/Olympus"),
            "Sat 28 Nov, 14:00 UTC"
        );
    }
}
