//! The demo pavilion's content — fictional Indian MSME exporters, their products, hosts and
//! streams — as read from the TOML files under `server/seed/demo/`. The files are compiled
//! into the binary, so `server seed --demo` works from any directory.

mod read;

use serde::Deserialize;
use std::fmt;

/// The badges the seed gives every booth, besides its hall's sector badge; the loader makes
/// sure `badges.toml` defines them.
pub const IEC: &str = "iec";
pub const GST: &str = "gst";

/// A hall's floor plan has room for this many booths.
pub const BOOTHS_PER_HALL: usize = 4;

/// Everything `server seed --demo` writes, in the order it writes it (ids and positions
/// follow this order).
#[derive(Clone, Debug)]
pub struct Catalog {
    pub badges: Vec<Badge>,
    pub hosts: Vec<Host>,
    pub halls: Vec<Hall>,
    pub streams: Vec<Stream>,
}

/// The locales the demo is translated into besides English, in the order their rows are
/// written. Other locales fall back to English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Translated {
    Hi,
    Zh,
    Es,
    Ar,
}

impl Translated {
    pub const ALL: [Self; 4] = [Self::Hi, Self::Zh, Self::Es, Self::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Self::Hi => "hi",
            Self::Zh => "zh",
            Self::Es => "es",
            Self::Ar => "ar",
        }
    }
}

/// A text in English and in every [`Translated`] locale. In the data files it is a table
/// keyed by locale (`name.en = "…"`, `name.hi = "…"` …); one that lacks a locale does not load.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "read::TextEntry")]
pub struct Text {
    pub en: String,
    pub hi: String,
    pub zh: String,
    pub es: String,
    pub ar: String,
}

impl Text {
    pub fn get(&self, locale: Translated) -> &str {
        match locale {
            Translated::Hi => &self.hi,
            Translated::Zh => &self.zh,
            Translated::Es => &self.es,
            Translated::Ar => &self.ar,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Badge {
    pub slug: String,
    pub label: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    pub slug: String,
    pub name: String,
    pub title: String,
    /// As shown on the host's card, e.g. "English, Malayalam, Hindi".
    pub languages: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Council {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub website: String,
}

#[derive(Clone, Debug)]
pub struct Hall {
    pub slug: String,
    pub council: Council,
    pub colour: String,
    /// The hall's visual theme, also the category of its products.
    pub motif: String,
    pub name: Text,
    pub tagline: Text,
    pub description: Text,
    /// One sentence about the hall's trade, closing every product description.
    pub trade_note: Text,
    /// The badge every booth of this hall carries besides IEC and GST.
    pub sector_badge: String,
    pub booths: Vec<Booth>,
}

#[derive(Clone, Debug)]
pub struct Booth {
    pub name: String,
    pub city: String,
    pub region: String,
    pub founded_year: i64,
    pub brand_colour: String,
    /// What the booth is known for; its taglines and descriptions are written around it.
    pub specialty: Text,
    pub extra_badge: Option<String>,
    /// The two deliberate exceptions that show the badge rules: an expired sector
    /// certificate loses its badge, an unverified GSTIN has none.
    pub sector_certificate_expired: bool,
    pub gst_verified: bool,
    pub products: Vec<Product>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: Text,
    pub summary: String,
    pub unit: String,
    pub price_paise: i64,
    pub stock: i64,
    pub moq: i64,
    pub hs_code: String,
    pub weight_grams: i64,
    pub picture: Picture,
}

/// How the product's generated pictures are drawn (see `media::art`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Picture {
    pub scene: String,
    /// Six hex digits, no `#`.
    pub colour: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StreamState {
    Scheduled,
    Live,
    Ended,
    Replay,
    Cancelled,
}

impl StreamState {
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

#[derive(Clone, Debug)]
pub struct Stream {
    /// The name of a booth in the catalogue.
    pub booth: String,
    /// Slugs of hosts in the catalogue.
    pub hosts: Vec<String>,
    pub state: StreamState,
    /// Minutes from the seeding moment to the start: for a live stream from the moment
    /// itself, for the others from that moment rounded down to the quarter hour.
    pub start_offset_minutes: i64,
    pub duration_minutes: i64,
    pub time_zone: String,
    pub language: String,
    pub title: Text,
    pub description: String,
}

/// A data file that does not load, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError {
    /// The file's path from the workspace root.
    pub file: String,
    /// 1-based; `None` when the problem is not at one place in the file.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for CatalogError {}

/// One data file: its path from the workspace root (for messages) and its text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    /// The file read as `T` (the creators', the collaborations'); a problem comes with its
    /// line.
    pub fn parse<T: serde::de::DeserializeOwned>(self) -> Result<T, CatalogError> {
        read::parse(self)
    }
}

/// The data files of one catalogue; `halls` in the order the pavilion shows them.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub badges: Source<'a>,
    pub hosts: Source<'a>,
    pub halls: &'a [Source<'a>],
    pub streams: Source<'a>,
}

macro_rules! demo_file {
    ($name:literal) => {
        Source {
            path: concat!("server/seed/demo/", $name),
            text: include_str!(concat!("../../seed/demo/", $name)),
        }
    };
}

/// Hall files, in the order the pavilion shows the halls. A new hall file is listed here.
const DEMO_HALLS: [Source<'static>; 6] = [
    demo_file!("halls/spices-and-tea.toml"),
    demo_file!("halls/seafood.toml"),
    demo_file!("halls/textiles-and-apparel.toml"),
    demo_file!("halls/handicrafts-and-home.toml"),
    demo_file!("halls/gems-and-jewellery.toml"),
    demo_file!("halls/processed-food.toml"),
];

const DEMO: Sources<'static> = Sources {
    badges: demo_file!("badges.toml"),
    hosts: demo_file!("hosts.toml"),
    halls: &DEMO_HALLS,
    streams: demo_file!("streams.toml"),
};

/// The shipped demo catalogue, checked.
pub fn load() -> Result<Catalog, CatalogError> {
    parse(&DEMO)
}

/// Reads and checks a catalogue: every text in every locale, every slug well formed and
/// unique, every reference (badge, booth, host) to something the catalogue defines.
pub fn parse(sources: &Sources<'_>) -> Result<Catalog, CatalogError> {
    read::catalog(sources)
}
