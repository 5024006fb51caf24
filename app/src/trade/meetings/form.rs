//! The meeting forms checked (ssr only), and the wall-clock arithmetic of hours and slots:
//! hours are kept in the team member's zone, slots are instants; a slot fits the hours when
//! its start and its end fall inside them on one open day of that zone's clock, so a clock
//! change moves no slot out of the hours it was published in.

use super::model::{DAYS_AHEAD, Hours, LENGTHS};
use crate::core::{Instant, LocalTimeError, known_zone, parse_local};
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use chrono::offset::LocalResult;
use chrono::{Datelike, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;

/// Weekly hours as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeeklyHours {
    pub zone: String,
    /// Bit 0 is Monday … bit 6 Sunday.
    pub weekdays: i64,
    /// Local minutes after midnight.
    pub opens: i64,
    pub closes: i64,
    pub length: i64,
}

impl WeeklyHours {
    fn tz(&self) -> Tz {
        self.zone.parse().unwrap_or(Tz::UTC)
    }

    fn open_on(&self, date: NaiveDate) -> bool {
        self.weekdays & (1 << date.weekday().num_days_from_monday()) != 0
    }

    /// Whether a meeting from `start` to `end` lies inside these hours on one open day.
    pub fn fit(&self, start: Instant, end: Instant) -> bool {
        let tz = self.tz();
        let (Some(from), Some(until)) = (
            tz.timestamp_opt(start.seconds(), 0).single(),
            tz.timestamp_opt(end.seconds(), 0).single(),
        ) else {
            return false;
        };
        let minute = |t: &chrono::DateTime<Tz>| i64::from(t.hour() * 60 + t.minute());
        start < end
            && from.date_naive() == until.date_naive()
            && self.open_on(from.date_naive())
            && minute(&from) >= self.opens
            && minute(&until) <= self.closes
    }

    /// The slots these hours make on the local `date`: every `length` minutes from opening,
    /// each whose wall-clock start exists exactly once that day (a clock change's skipped
    /// or repeated hour offers none) and that fits the hours.
    pub fn slots_on(&self, date: NaiveDate) -> Vec<(Instant, Instant)> {
        if !self.open_on(date) {
            return Vec::new();
        }
        let tz = self.tz();
        let mut slots = Vec::new();
        let mut minute = self.opens;
        while minute + self.length <= self.closes {
            let wall = date.and_hms_opt(
                u32::try_from(minute / 60).unwrap_or(0),
                u32::try_from(minute % 60).unwrap_or(0),
                0,
            );
            if let Some(LocalResult::Single(at)) = wall.map(|w| w.and_local_timezone(tz)) {
                let start = Instant(at.timestamp());
                let end = Instant(start.seconds() + self.length * 60);
                if self.fit(start, end) {
                    slots.push((start, end));
                }
            }
            minute += self.length;
        }
        slots
    }

    /// The date it is in this zone at `now`.
    pub fn today(&self, now: Instant) -> NaiveDate {
        self.tz()
            .timestamp_opt(now.seconds(), 0)
            .single()
            .map_or(NaiveDate::MIN, |t| t.date_naive())
    }

    pub fn shown(&self) -> Hours {
        Hours {
            time_zone: self.zone.clone(),
            weekdays: (0..7u8).filter(|d| self.weekdays & (1 << d) != 0).collect(),
            opens: clock_text(self.opens),
            closes: clock_text(self.closes),
            length: self.length,
        }
    }
}

/// `HH:MM` (24-hour) as minutes after midnight.
pub fn clock(raw: &str) -> Option<i64> {
    let (h, m) = raw.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m) && raw.trim().len() == 5).then_some(h * 60 + m)
}

pub fn clock_text(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The hours form: a zone, the open weekdays (`weekday` repeated), opening and closing
/// times and the slot length.
pub fn check_hours(fields: &[(String, String)]) -> AppResult<WeeklyHours> {
    let mut checks = Checks::default();
    let zone = field(fields, "time_zone").trim().to_owned();
    if !known_zone(&zone) {
        checks.fail("time_zone", "time_zone");
    }
    let mut weekdays = 0;
    for (_, day) in fields.iter().filter(|(k, _)| k == "weekday") {
        match day.trim().parse::<u8>() {
            Ok(d) if d < 7 => weekdays |= 1 << d,
            _ => checks.fail("weekdays", "choice"),
        }
    }
    if weekdays == 0 {
        checks.fail("weekdays", "required");
    }
    let opens = clock(field(fields, "opens"));
    let closes = clock(field(fields, "closes"));
    if opens.is_none() {
        checks.fail("opens", "time_of_day");
    }
    if closes.is_none() {
        checks.fail("closes", "time_of_day");
    }
    let length = field(fields, "length").trim().parse::<i64>().unwrap_or(0);
    if !LENGTHS.contains(&length) {
        checks.fail("length", "choice");
    }
    if let (Some(o), Some(c)) = (opens, closes) {
        if c <= o {
            checks.fail("closes", "end_before_start");
        } else if LENGTHS.contains(&length) && c - o < length {
            checks.fail("closes", "hours_short");
        }
    }
    checks.finish()?;
    Ok(WeeklyHours {
        zone,
        weekdays,
        opens: opens.unwrap_or(0),
        closes: closes.unwrap_or(0),
        length,
    })
}

/// The publish form: `from` and `to`, local dates within the next four weeks.
pub fn check_range(
    fields: &[(String, String)],
    hours: &WeeklyHours,
    now: Instant,
) -> AppResult<(NaiveDate, NaiveDate)> {
    let mut checks = Checks::default();
    let date = |name: &str, checks: &mut Checks| {
        let raw = field(fields, name).trim();
        let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
        if parsed.is_none() {
            checks.fail(name, if raw.is_empty() { "required" } else { "date" });
        }
        parsed
    };
    let from = date("from", &mut checks);
    let to = date("to", &mut checks);
    let today = hours.today(now);
    let last = today + chrono::Days::new(u64::try_from(DAYS_AHEAD).unwrap_or(0));
    if let Some(from) = from
        && from < today
    {
        checks.fail("from", "slot_in_past");
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            checks.fail("to", "end_before_start");
        } else if to > last {
            checks.fail("to", "slot_too_far");
        }
    }
    checks.finish()?;
    Ok((from.unwrap_or(today), to.unwrap_or(today)))
}

/// One slot typed as a local start (`datetime-local` in the member's zone): it must lie
/// ahead, within four weeks, and inside the hours. Returns its start and end.
pub fn check_slot(
    fields: &[(String, String)],
    hours: &WeeklyHours,
    now: Instant,
) -> AppResult<(Instant, Instant)> {
    let start = parse_local(field(fields, "starts"), &hours.zone).map_err(|e| {
        AppError::invalid(
            "starts",
            match e {
                LocalTimeError::Gap => "clock_change",
                LocalTimeError::Zone => "time_zone",
                LocalTimeError::Format => "date_time",
            },
        )
    })?;
    let end = Instant(start.seconds() + hours.length * 60);
    if start <= now {
        return Err(AppError::invalid("starts", "slot_in_past"));
    }
    if start.seconds() > now.seconds() + (DAYS_AHEAD + 1) * 86_400 {
        return Err(AppError::invalid("starts", "slot_too_far"));
    }
    if !hours.fit(start, end) {
        return Err(AppError::invalid("starts", "outside_hours"));
    }
    Ok((start, end))
}

/// A booking: the slot chosen and the topic, each problem named at once.
pub fn check_booking(fields: &[(String, String)]) -> AppResult<(i64, String)> {
    let mut checks = Checks::default();
    let slot = field(fields, "slot").trim().parse::<i64>().ok();
    if slot.is_none() {
        checks.fail("slot", "required");
    }
    let topic = checks.paragraph("topic", field(fields, "topic"), 500);
    checks.finish()?;
    Ok((slot.unwrap_or(0), topic))
}

/// A slot's number as posted.
pub fn slot_id(fields: &[(String, String)]) -> AppResult<i64> {
    field(fields, "slot")
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("slot", "required"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(zone: &str, opens: &str, closes: &str, length: i64) -> WeeklyHours {
        WeeklyHours {
            zone: zone.to_owned(),
            weekdays: 127,
            opens: clock(opens).expect("a clock time"),
            closes: clock(closes).expect("a clock time"),
            length,
        }
    }

    fn utc(text: &str) -> Instant {
        Instant::parse_rfc3339(text).expect("an RFC 3339 time")
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    /// Berlin's clocks jump from 02:00 to 03:00 on 28 March 2027: the skipped half hours
    /// offer no slot, and the slot before the jump ends at 03:00 on the wall clock, one
    /// real half hour later.
    #[test]
    fn a_spring_clock_change_skips_the_missing_hour() {
        let h = hours("Europe/Berlin", "01:00", "04:00", 30);
        let slots = h.slots_on(date("2027-03-28"));
        let starts: Vec<Instant> = slots.iter().map(|s| s.0).collect();
        assert_eq!(
            starts,
            vec![
                utc("2027-03-28T00:00:00Z"),
                utc("2027-03-28T00:30:00Z"),
                utc("2027-03-28T01:00:00Z"),
                utc("2027-03-28T01:30:00Z"),
            ]
        );
        assert!(slots.windows(2).all(|w| w[0].1 <= w[1].0), "no overlap");
        // The day before, the same hours make six.
        assert_eq!(h.slots_on(date("2027-03-27")).len(), 6);
    }

    /// On 31 October 2027 Berlin lives 02:00–03:00 twice: that hour offers no slot.
    #[test]
    fn an_autumn_clock_change_offers_no_repeated_time() {
        let h = hours("Europe/Berlin", "01:00", "04:00", 30);
        let starts: Vec<Instant> = h.slots_on(date("2027-10-31")).iter().map(|s| s.0).collect();
        assert_eq!(
            starts,
            vec![
                utc("2027-10-30T23:00:00Z"), // 01:00 CEST
                utc("2027-10-30T23:30:00Z"), // 01:30 CEST
                utc("2027-10-31T02:00:00Z"), // 03:00 CET
                utc("2027-10-31T02:30:00Z"), // 03:30 CET
            ]
        );
    }

    /// New York's hours stay 09:00 on its own clock across its change, so the same slot
    /// moves by an hour in UTC (and for a buyer in India, who has no change).
    #[test]
    fn hours_follow_the_hosts_clock_across_its_change() {
        let h = hours("America/New_York", "09:00", "10:00", 20);
        assert_eq!(
            h.slots_on(date("2027-03-13"))[0].0,
            utc("2027-03-13T14:00:00Z")
        );
        assert_eq!(
            h.slots_on(date("2027-03-15"))[0].0,
            utc("2027-03-15T13:00:00Z")
        );
        assert_eq!(h.slots_on(date("2027-03-15")).len(), 3);
    }

    #[test]
    fn a_slot_fits_only_inside_the_hours_on_an_open_day() {
        let mut h = hours("Asia/Kolkata", "10:00", "17:00", 30);
        // 10:00 IST is 04:30 UTC.
        assert!(h.fit(utc("2027-01-04T04:30:00Z"), utc("2027-01-04T05:00:00Z")));
        assert!(!h.fit(utc("2027-01-04T04:00:00Z"), utc("2027-01-04T04:30:00Z")));
        assert!(!h.fit(utc("2027-01-04T11:15:00Z"), utc("2027-01-04T11:45:00Z")));
        h.weekdays = 0b1_1111; // Monday to Friday; 9 January 2027 is a Saturday
        assert!(!h.fit(utc("2027-01-09T04:30:00Z"), utc("2027-01-09T05:00:00Z")));
    }

    #[test]
    fn clock_times_are_24_hour() {
        assert_eq!(clock("09:30"), Some(570));
        assert_eq!(clock("23:59"), Some(1439));
        assert_eq!(clock("24:00"), None);
        assert_eq!(clock("9:30"), None);
        assert_eq!(clock_text(570), "09:30");
    }
}
