//! What a stream's report shows, shared by the server and the page.

use serde::{Deserialize, Serialize};

/// One minute of the report's table (and of its CSV), labelled in the reader's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinuteRow {
    /// Unix seconds at the minute's start.
    pub minute: i64,
    pub label: String,
    pub viewers_peak: i64,
    /// Average concurrent viewers in tenths (watch seconds / 6).
    pub viewers_avg_tenths: i64,
    pub joins: i64,
    pub chats: i64,
    pub questions: i64,
    pub answers: i64,
    pub pins: i64,
    pub checkouts: i64,
    pub orders_paid: i64,
    pub goods: String,
}

/// A share of the audience or of the orders: a label and its figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub label: String,
    pub viewers: i64,
    pub orders: i64,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopQuestion {
    pub text: String,
    pub votes: i64,
    /// Seconds from the question to its answer, when answered.
    pub answered_after: Option<String>,
}

/// Sales attributed to the stream in one window: orders and their value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributed {
    pub orders: i64,
    /// In INR paise, and in words.
    pub minor: i64,
    pub value: String,
    /// The value in the reader's currency, when it is not INR.
    pub value_shown: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamReport {
    pub slug: String,
    pub title: String,
    pub booth_name: String,
    /// When it went live and ended, in the reader's zone; empty before it went live.
    pub live_from: String,
    pub live_until: String,
    pub zone: String,
    pub live: bool,
    pub unique_viewers: i64,
    pub returning_viewers: i64,
    pub peak_viewers: i64,
    pub average_viewers_tenths: i64,
    /// Average watch time per viewer, as a duration in words.
    pub average_watch: String,
    /// Minutes watched in all.
    pub watch_minutes: i64,
    pub chats: i64,
    pub questions: i64,
    pub answers: i64,
    /// Median time from a question to its answer, in words; empty when none was answered.
    pub median_answer: String,
    pub pins: i64,
    /// Viewers who opened a pinned product's checkout from the live room.
    pub clicked: i64,
    /// Viewers who added a product to their cart from the room's checkout.
    pub carted: i64,
    pub checkouts: i64,
    pub orders_paid: i64,
    pub during: Attributed,
    pub after_week: Attributed,
    pub by_language: Vec<Share>,
    pub by_country: Vec<Share>,
    pub by_destination: Vec<Share>,
    pub top_questions: Vec<TopQuestion>,
    /// The chart, drawn on the server (SVG markup), and what it shows in words.
    pub chart_svg: String,
    pub chart_summary: String,
    pub minutes: Vec<MinuteRow>,
    /// Retention: how long viewers stayed, drawn (SVG markup) and said in words, and the
    /// viewers who watched at least so many minutes, for the table.
    pub retention_svg: String,
    pub retention_summary: String,
    pub retention: Vec<Kept>,
}

/// Viewers who watched a stream for at least `minutes` (over all their visits), and their
/// share of all its viewers in whole per cent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub minutes: i64,
    pub viewers: i64,
    pub pct: i64,
}

/// One line of a council's outcomes: a hall, booth, stream, creator or destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRow {
    pub key: String,
    pub label: String,
    /// What it belongs to (a booth's hall, a stream's booth); empty when nothing.
    pub detail: String,
    /// Streams and their viewers (none for a creator's or a destination's line).
    pub streams: i64,
    pub viewers: i64,
    pub during: Attributed,
    pub after: Attributed,
    pub total: Attributed,
}

/// A council's export outcomes over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    pub council: String,
    /// The council read, when an administrator chose one; empty for all of them.
    pub council_slug: String,
    /// The councils an administrator may choose (slug, name); empty for a curator.
    pub councils: Vec<(String, String)>,
    /// The period's first and last day, `YYYY-MM-DD` in the reader's zone.
    pub from: String,
    pub to: String,
    /// The period in words.
    pub period: String,
    /// The period is the default one (the expo and the week after).
    pub defaulted: bool,
    pub zone: String,
    /// The query that reads the same outcomes again (for the downloads).
    pub query: String,
    pub streams: i64,
    pub booths: i64,
    pub booths_streamed: i64,
    pub buyers_reached: i64,
    pub during: Attributed,
    pub after: Attributed,
    pub total: Attributed,
    pub average: String,
    /// The halls' orders in the period that no stream brought.
    pub without: Attributed,
    pub without_average: String,
    pub by_hall: Vec<OutcomeRow>,
    pub by_booth: Vec<OutcomeRow>,
    pub by_stream: Vec<OutcomeRow>,
    pub by_creator: Vec<OutcomeRow>,
    pub by_destination: Vec<OutcomeRow>,
    /// Buyers reached, by country.
    pub reached: Vec<Share>,
    /// What was wrong with the dates asked (field, words): the page then shows the default
    /// period, with the dates as typed and the reasons beside them.
    pub problems: Vec<(String, String)>,
}

/// One stream in the booth's overview: its report's key figures, and how they moved from
/// the stream before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamSummary {
    pub slug: String,
    pub title: String,
    pub live: bool,
    /// When it went live, in the reader's zone.
    pub live_from: String,
    pub viewers: i64,
    pub peak: i64,
    /// Average watch time per viewer, in words.
    pub average_watch: String,
    pub questions: i64,
    /// Orders and sales while live and in the week after, together.
    pub orders: i64,
    pub sales: String,
    /// The change from the booth's stream before it (none for the first).
    pub change: Option<Change>,
}

/// How a stream's figures moved from the one before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub viewers: i64,
    pub peak: i64,
    pub questions: i64,
    pub orders: i64,
    /// INR paise, and in words (signed).
    pub sales_minor: i64,
    pub sales: String,
}

/// A booth's streams side by side, latest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoothInsights {
    pub booth_name: String,
    pub streams: Vec<StreamSummary>,
    /// Streams that went live before the ones shown.
    pub older: i64,
}

/// The control room as the server first renders it; the page's socket then brings a new
/// [`Pulse`](super::pulse::Pulse) every second.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlRoom {
    pub slug: String,
    pub title: String,
    pub booth_name: String,
    /// The stream's state: `scheduled`, `live`, `ended`, `replay` or `cancelled`.
    pub state: String,
    /// The booth's products by id, named in the reader's language.
    pub catalogue: Vec<(i64, String)>,
    /// The reader's currency rate, to show beside INR; `None` when they read INR.
    pub rate: Option<crate::core::Rate>,
    pub pulse: super::pulse::Pulse,
}
