//! A meeting as a calendar entry (RFC 5545, with the iTIP method of RFC 5546): attached to
//! the booking, change and cancellation emails, and downloadable by its two parties. The
//! UID never changes, SEQUENCE rises with every change, and a cancellation is the same entry
//! with `STATUS:CANCELLED`, so a calendar updates the meeting rather than adding another.

use crate::core::Instant;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

/// What the entry says.
pub struct Invite<'a> {
    pub id: i64,
    pub summary: &'a str,
    pub description: &'a str,
    pub starts: Instant,
    pub ends: Instant,
    pub sequence: i64,
    pub cancelled: bool,
    /// The booth's team member: name and address.
    pub organizer: (&'a str, &'a str),
    pub attendee: (&'a str, &'a str),
    /// The meeting's page.
    pub url: &'a str,
}

/// How the entry travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Booked or changed (an email).
    Request,
    /// Cancelled (an email).
    Cancel,
    /// A download.
    Publish,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
            Self::Publish => "PUBLISH",
        }
    }
}

fn utc(at: Instant) -> DateTime<Utc> {
    DateTime::from_timestamp(at.seconds(), 0).unwrap_or_default()
}

/// An ORGANIZER or ATTENDEE line. The name is quoted, and quotes and control characters
/// are left out of it, so no name can add parameters of its own.
fn person(key: &str, (name, email): (&str, &str)) -> Property {
    let clean: String = name
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    let mut property = Property::new(key, format!("mailto:{email}"));
    property.add_parameter("CN", &format!("\"{clean}\""));
    if key == "ATTENDEE" {
        property
            .add_parameter("ROLE", "REQ-PARTICIPANT")
            .add_parameter("PARTSTAT", "ACCEPTED");
    }
    property.done()
}

/// The calendar text; `site` is the public origin (its host names the UID).
pub fn calendar(invite: &Invite<'_>, method: Method, site: &str) -> String {
    let host = site
        .split("://")
        .nth(1)
        .unwrap_or(site)
        .trim_end_matches('/');
    let mut event = Event::new();
    event
        .uid(&format!("meeting-{}@{host}", invite.id))
        .summary(invite.summary)
        .description(invite.description)
        .starts(utc(invite.starts))
        .ends(utc(invite.ends))
        .url(invite.url)
        .location(invite.url)
        .sequence(u32::try_from(invite.sequence).unwrap_or(0))
        .status(if invite.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .append_property(person("ORGANIZER", invite.organizer))
        .append_property(person("ATTENDEE", invite.attendee));
    let mut calendar = Calendar::new();
    calendar.append_property(("METHOD", method.code()));
    calendar.push(event.done());
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancellation_is_the_same_entry_one_sequence_on() {
        let mut invite = Invite {
            id: 7,
            summary: "Meeting: Spice Co.",
            description: "Pepper for Hamburg",
            starts: Instant(1_800_000_000),
            ends: Instant(1_800_001_200),
            sequence: 0,
            cancelled: false,
            organizer: ("Asha Rao", "asha@spice.example"),
            attendee: ("Greta Nord", "greta@nord.example"),
            url: "https://pavilion.example/en/meetings/MTG-1",
        };
        let booked = calendar(&invite, Method::Request, "https://pavilion.example");
        assert!(booked.contains("METHOD:REQUEST"), "{booked}");
        assert!(booked.contains("UID:meeting-7@pavilion.example"));
        assert!(booked.contains("STATUS:CONFIRMED"));
        assert!(booked.contains("SEQUENCE:0"));
        assert!(
            booked.contains("ORGANIZER;CN=\"Asha Rao\":mailto:asha@spice.example"),
            "{booked}"
        );
        assert!(booked.contains("DTSTART:20270115T080000Z"), "{booked}");
        invite.sequence = 1;
        invite.cancelled = true;
        let cancelled = calendar(&invite, Method::Cancel, "https://pavilion.example");
        assert!(cancelled.contains("METHOD:CANCEL"));
        assert!(cancelled.contains("UID:meeting-7@pavilion.example"));
        assert!(cancelled.contains("STATUS:CANCELLED"));
        assert!(cancelled.contains("SEQUENCE:1"));
        // A name cannot add parameters of its own.
        invite.attendee = ("x\";ROLE=CHAIR;X=\"y", "x@example.com");
        let forged = calendar(&invite, Method::Request, "https://pavilion.example");
        assert!(
            forged.contains(
                "ATTENDEE;CN=\"x;ROLE=CHAIR;X=y\";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:"
            ),
            "{forged}"
        );
    }
}
