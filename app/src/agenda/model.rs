//! Streams on the agenda: when they run (UTC, with the event's zone) and in which state.

use crate::core::Instant;
use crate::pavilion::model::ProductCard;
use serde::{Deserialize, Serialize};

/// scheduled → live → ended → replay; cancelled from scheduled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StreamState {
    Scheduled,
    Live,
    Ended,
    Replay,
    Cancelled,
}

impl StreamState {
    /// Live now, or was: a stream with an audience to report on.
    pub fn has_gone_live(self) -> bool {
        matches!(self, Self::Live | Self::Ended | Self::Replay)
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "scheduled" => Self::Scheduled,
            "live" => Self::Live,
            "ended" => Self::Ended,
            "replay" => Self::Replay,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Live => "live",
            Self::Ended => "ended",
            Self::Replay => "replay",
            Self::Cancelled => "cancelled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamCard {
    pub slug: String,
    pub title: String,
    pub booth_slug: String,
    pub booth_name: String,
    pub hall_colour: String,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub time_zone: String,
    /// The start in the event's own zone, formatted by the server ("Sat 28 Nov, 19:30 IST").
    pub event_time: String,
    pub language: String,
    pub state: StreamState,
    pub hosts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Host {
    pub name: String,
    pub title: String,
    pub languages: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamPage {
    pub now: Instant,
    pub stream: StreamCard,
    pub description: String,
    pub hosts: Vec<Host>,
    pub products: Vec<ProductCard>,
    pub in_fallback: bool,
    /// `None` when nobody is signed in; else whether the viewer follows the stream.
    pub following: Option<bool>,
    pub stage: StageState,
    /// The live room; `None` for a cancelled stream.
    pub room: Option<crate::live::views::RoomSetup>,
    /// The replay's chapters, with the products they show.
    pub chapters: Vec<crate::live::model::Chapter>,
}

/// One option of a multiple choice (a host, a product) and whether it is chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub chosen: bool,
}

/// A stream's text in one more language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamText {
    pub locale: String,
    pub title: String,
    pub description: String,
}

/// The exhibitor's form for scheduling a stream (new when `slug` is `None`), with the
/// OBS settings once it exists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleForm {
    pub slug: Option<String>,
    pub booth_name: String,
    pub state: StreamState,
    pub title: String,
    pub description: String,
    pub language: String,
    pub time_zone: String,
    /// `datetime-local` values in `time_zone`.
    pub starts_local: String,
    pub ends_local: String,
    pub translations: Vec<StreamText>,
    pub hosts: Vec<Choice>,
    pub products: Vec<Choice>,
    pub main_stage: bool,
    /// Whether a stream key has been made (the key itself is shown once, when made).
    pub has_key: bool,
    /// The RTMP server for OBS, `rtmp://HOST/live`.
    pub ingest_url: String,
    pub time_zones: Vec<String>,
}

/// Where encoders publish and where the app finds live HLS (server configuration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingest {
    pub rtmp_url: String,
}

/// The stream page's live part: what the player needs, and what the page polls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageState {
    pub state: StreamState,
    /// The live HLS playlist while live.
    pub live_src: Option<String>,
    pub replay_src: Option<String>,
}

/// One stream on the agenda, with its times in the event's zone and the viewer's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub card: StreamCard,
    pub hall_name: String,
    /// The start in the viewer's zone, in words.
    pub viewer_time: String,
    /// Local day in the viewer's zone minus local day in the event's zone: -1, 0 or +1.
    pub day_shift: i64,
    pub main_stage: bool,
}

/// A day of the agenda in the viewer's zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaDay {
    /// `YYYY-MM-DD`, for the heading's id.
    pub key: String,
    pub heading: String,
    pub items: Vec<AgendaItem>,
}

/// A filter's choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub zone: String,
    /// An unknown zone the visitor asked for (shown with a notice; the fallback is used).
    pub unknown_zone: Option<String>,
    pub hall: String,
    pub language: String,
    pub category: String,
    pub halls: Vec<FilterOption>,
    pub languages: Vec<FilterOption>,
    pub categories: Vec<FilterOption>,
    pub time_zones: Vec<String>,
    pub days: Vec<AgendaDay>,
}

/// An in-app notice about a followed stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: String,
    pub stream_slug: String,
    pub stream_title: String,
    pub at: Instant,
    pub unread: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip() {
        for s in [
            StreamState::Scheduled,
            StreamState::Live,
            StreamState::Ended,
            StreamState::Replay,
            StreamState::Cancelled,
        ] {
            assert_eq!(StreamState::parse(s.as_str()), Some(s));
        }
        assert_eq!(StreamState::parse("LIVE"), None);
    }
}
