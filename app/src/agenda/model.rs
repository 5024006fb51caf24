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
    pub replay_src: Option<String>,
    pub in_fallback: bool,
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
