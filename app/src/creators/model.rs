//! What the creator pages show: a creator as a card and as a page (bio, markets, languages,
//! sectors, audiences, rate card, the record computed here, council listings), the
//! directory with its filters, an agency with its roster, and the creator's own form.

use crate::agenda::model::StreamCard;
use crate::core::Instant;
use serde::{Deserialize, Serialize};

/// The platforms a creator may name an audience on (the pavilion's own following is counted,
/// not typed).
pub const PLATFORMS: [&str; 5] = ["douyin", "tiktok", "instagram", "youtube", "wechat"];

/// A platform's name as its users know it (brand names are not translated).
pub fn platform_name(code: &str) -> &'static str {
    match code {
        "douyin" => "Douyin",
        "tiktok" => "TikTok",
        "instagram" => "Instagram",
        "youtube" => "YouTube",
        "wechat" => "WeChat Channels",
        _ => "",
    }
}

/// Languages a creator may speak on stream (ISO 639-1): the pavilion's ten and the Indian
/// and trade languages its creators use.
pub const LANGUAGES: [&str; 20] = [
    "en", "hi", "ar", "zh", "es", "fr", "de", "ja", "ru", "pt", "ta", "ml", "te", "bn", "mr", "gu",
    "ko", "it", "tr", "id",
];

/// The most markets, languages and sectors one creator lists.
pub const LIST_MAX: usize = 8;

/// A council's standing listing of a creator or an agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub council_slug: String,
    pub council: String,
    /// The curator who vetted, by name.
    pub by: String,
    /// When, in the reader's words.
    pub on: String,
}

/// What the pavilion saw a creator do: computed from the streams they hosted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub streams: i64,
    /// Distinct viewers over those streams.
    pub viewers: i64,
    /// Paid (or later) orders attributed to them.
    pub orders: i64,
    /// Those orders' goods, in the reader's words ("₹1,23,456.00").
    pub sales: String,
    pub sales_inr_minor: i64,
    /// Mean time from a question to its answer, in words; `None` before any answer.
    pub answer_time: Option<String>,
}

/// A creator as a card: in the directory, on an agency's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorCard {
    pub slug: String,
    pub name: String,
    pub headline: String,
    pub colour: String,
    /// Market names in the reader's words, in the creator's order.
    pub markets: Vec<String>,
    pub languages: Vec<String>,
    pub agency: Option<String>,
    /// Council short names that list this creator.
    pub listed_by: Vec<String>,
    pub available: bool,
    pub record: Record,
}

impl CreatorCard {
    /// The portrait's address: drawn from the name and colour, never fetched.
    pub fn portrait(&self) -> String {
        portrait_src(&self.slug, &self.colour)
    }
}

pub fn portrait_src(slug: &str, colour: &str) -> String {
    format!(
        "/media/portrait/{slug}-{}.svg",
        colour.trim_start_matches('#')
    )
}

/// One audience a creator names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub platform: String,
    pub handle: String,
    /// In the reader's words.
    pub followers: String,
}

/// An option of a filter or a form: its value, its label, and whether it is chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub chosen: bool,
}

/// `/{locale}/creators`: the directory with what it is filtered by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    pub markets: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub vetted_only: bool,
    pub available_only: bool,
    pub creators: Vec<CreatorCard>,
    /// Whether any filter is set (the empty list then says so).
    pub filtered: bool,
}

/// The agency a creator is on the roster of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRef {
    pub slug: String,
    pub name: String,
    pub listed: bool,
}

/// `/{locale}/creators/{creator}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorPage {
    pub now: Instant,
    pub card: CreatorCard,
    pub bio: String,
    /// The bio is in another language than the page.
    pub bio_fallback: bool,
    pub categories: Vec<(String, String)>,
    pub audiences: Vec<Audience>,
    pub followers_here: i64,
    /// Per stream, in the reader's words; `None` when on commission only.
    pub fee: Option<String>,
    /// "8 %"; `None` when on a fee only.
    pub commission: Option<String>,
    pub agency: Option<AgencyRef>,
    pub listings: Vec<Listing>,
    pub upcoming: Vec<StreamCard>,
    pub replays: Vec<StreamCard>,
    /// The reader follows this creator.
    pub following: bool,
    pub signed_in: bool,
    /// The reader curates for a council: their council's listing, if it stands.
    pub curator: Option<CuratorView>,
    /// The reader is this creator.
    pub own: bool,
    /// The reader works for a booth (and may invite this creator).
    pub exhibitor: bool,
}

/// What a curator may do on a creator's or an agency's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratorView {
    pub council: String,
    pub listed: bool,
}

/// `/{locale}/agencies/{agency}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyPage {
    pub slug: String,
    pub name: String,
    pub place: String,
    pub about: String,
    pub listings: Vec<Listing>,
    pub roster: Vec<CreatorCard>,
    pub curator: Option<CuratorView>,
}

/// The creator's own profile form (`/{locale}/creator`): what is kept, and the choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileForm {
    /// The public page's slug, once the profile exists.
    pub slug: Option<String>,
    pub name: String,
    pub headline: String,
    pub bio_en: String,
    /// The bio in the page's language (when that is not English).
    pub bio_local: String,
    pub markets: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub categories: Vec<Choice>,
    /// `(platform, handle, followers)` for every platform, empty when not named.
    pub audiences: Vec<(String, String, String)>,
    /// Rupees, as typed ("25000" or "25000.50"); empty for none.
    pub fee: String,
    /// Percent, as typed ("8" or "7.5"); empty for none.
    pub commission: String,
    pub available: bool,
    /// The agency whose roster holds this creator.
    pub agency: Option<String>,
}

/// The fields of the creator's form, for the alert above it.
pub const PROFILE_FIELDS: [&str; 9] = [
    "name",
    "headline",
    "bio_en",
    "bio_local",
    "markets",
    "languages",
    "categories",
    "fee",
    "commission",
];
