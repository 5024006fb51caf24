//! What the meeting pages show: a booth's free slots in the viewer's time zone (with the
//! host's own clock beside each), a person's meetings, one meeting, and a team member's
//! hours and slots.

use serde::{Deserialize, Serialize};

/// The lengths a meeting may have, in minutes.
pub const LENGTHS: [i64; 3] = [15, 20, 30];

/// How far ahead slots may be published and are offered.
pub const DAYS_AHEAD: i64 = 28;

/// The fields of each form, for the alert above it.
pub const HOURS_FIELDS: [&str; 5] = ["time_zone", "weekdays", "opens", "closes", "length"];
pub const PUBLISH_FIELDS: [&str; 2] = ["from", "to"];
pub const SLOT_FIELDS: [&str; 1] = ["starts"];
pub const BOOK_FIELDS: [&str; 2] = ["slot", "topic"];

/// Where a meeting stands, as its parties read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingState {
    /// Booked and still ahead (or under way).
    Booked,
    /// Booked and over.
    Past,
    Cancelled,
}

impl MeetingState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Past => "past",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A team member's weekly meeting hours, as the form shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub time_zone: String,
    /// 0 is Monday … 6 Sunday.
    pub weekdays: Vec<u8>,
    /// `HH:MM`, local.
    pub opens: String,
    pub closes: String,
    pub length: i64,
}

/// One free slot, offered to a buyer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: i64,
    pub host: String,
    /// "14:30" in the viewer's zone.
    pub time: String,
    /// The same moment on the host's clock, with the zone: "19:00 IST".
    pub host_time: String,
    pub minutes: i64,
    /// RFC 3339, for `<time datetime>`.
    pub at: String,
}

/// A day of slots in the viewer's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDay {
    pub key: String,
    pub label: String,
    pub slots: Vec<Slot>,
}

/// A team member who meets buyers, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    pub name: String,
    pub zone: String,
    /// "Mon–Fri 10:00–17:00" in the locale's words.
    pub hours: String,
}

/// The booking page of one booth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookPage {
    pub booth: String,
    pub booth_name: String,
    /// The viewer's zone, every slot is shown in it.
    pub zone: String,
    pub zones: Vec<String>,
    /// A zone asked for that this server does not know.
    pub unknown_zone: Option<String>,
    pub hosts: Vec<Host>,
    pub days: Vec<SlotDay>,
    pub signed_in: bool,
    /// The viewer works for this booth: no booking.
    pub own_booth: bool,
}

/// One meeting in a list or on its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub number: String,
    pub booth: String,
    pub booth_name: String,
    pub host_name: String,
    pub buyer_name: String,
    /// The buyer's company, from their business profile.
    pub company: String,
    pub topic: String,
    pub state: MeetingState,
    /// The start in the reader's zone, in words, and the end's time.
    pub when: String,
    pub until: String,
    /// The same start for the other party, in their zone.
    pub other_when: String,
    pub minutes: i64,
    /// RFC 3339.
    pub at: String,
    /// The reader is the buyer (else the booth's team, or the moderator).
    pub as_buyer: bool,
    /// The reader is the council's moderator, neither party.
    pub as_moderator: bool,
}

/// A person's meetings, as buyer and as a booth's team member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingList {
    pub zone: String,
    pub upcoming: Vec<Meeting>,
    pub past: Vec<Meeting>,
    pub cancelled: Vec<Meeting>,
    /// The booth the reader works for, if any.
    pub booth_name: Option<String>,
    /// Booths a council suggests the reader meet (its hosted-buyer programme).
    pub suggested: Vec<Suggestion>,
}

/// One meeting, with what its reader may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPage {
    pub meeting: Meeting,
    pub zone: String,
    /// The other party's email address, which the booking shared.
    pub contact: Option<String>,
    pub may_cancel: bool,
    /// Free slots of the same host to move to (the buyer's page only).
    pub moves: Vec<SlotDay>,
    pub cancelled_by: Option<String>,
    pub reason: String,
    pub room: Room,
    /// A meeting of a hosted-buyer programme: its council's moderator.
    pub moderation: Option<Moderation>,
    /// The reader is the moderator.
    pub moderating: bool,
}

/// The council moderator of a hosted buyer's meeting, as a reader of its page sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderation {
    /// The programme's council.
    pub council: String,
    /// A party asked the council for a moderator.
    pub asked: bool,
    /// The curator who took the seat.
    pub moderator: Option<String>,
    /// The reader, a party, may ask or withdraw (the meeting is booked and not over).
    pub may_ask: bool,
    /// The reader is the moderator.
    pub mine: bool,
}

/// A meeting that asked the council for a moderator, on the council's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationAsk {
    pub number: String,
    pub booth_name: String,
    pub host_name: String,
    pub buyer_name: String,
    pub company: String,
    pub topic: String,
    /// In India's time (the council's own), and RFC 3339.
    pub when: String,
    pub at: String,
    /// The curator seated, if one is.
    pub moderator: Option<String>,
    /// The reader is that curator.
    pub mine: bool,
}

/// A slot on the team's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSlot {
    pub id: i64,
    pub host: String,
    /// In the host's own zone.
    pub when: String,
    pub minutes: i64,
    /// The meeting on it: number and buyer.
    pub meeting: Option<(String, String)>,
    /// The reader's own slot (only those may be removed).
    pub mine: bool,
}

/// The team member's page: their hours, and the team's slots ahead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMeetings {
    pub booth: String,
    pub booth_name: String,
    pub hours: Option<Hours>,
    /// The reader's zone, offered for hours not set yet.
    pub zone: String,
    pub zones: Vec<String>,
    /// Monday to Sunday, short, in the reader's language.
    pub weekday_names: Vec<String>,
    /// Today in the member's zone, `YYYY-MM-DD`, and the last day slots may be published.
    pub today: String,
    pub last_day: String,
    pub slots: Vec<TeamSlot>,
}

/// The longest line of chat, in characters.
pub const NOTE_MAX: usize = 1000;

/// A line of the meeting's conversation: said, or a product of the booth shared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: i64,
    pub author: String,
    /// Written by the reader.
    pub mine: bool,
    pub text: String,
    /// The time in the reader's zone, and RFC 3339.
    pub time: String,
    pub at: String,
    pub product: Option<SharedProduct>,
}

/// A product shared in a meeting, priced as its reader sees prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedProduct {
    pub slug: String,
    pub name: String,
    pub price: String,
    pub unit: String,
    pub image: String,
    pub alt: String,
}

/// A STUN or TURN server for the call (TURN with credentials made for this person).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    pub username: Option<String>,
    pub credential: Option<String>,
}

/// The meeting room on a meeting's page: the call, the conversation beside it, and the
/// booth's products either party may share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    /// The meeting is booked and not over: the call and new lines are open.
    pub open: bool,
    pub me: i64,
    /// Everyone else who may be in the room (account and name): the other party, and the
    /// council's moderator when one is seated. The call connects to each who joins.
    pub peers: Vec<(i64, String)>,
    pub notes: Vec<Note>,
    /// Slug and name of each published product of the booth.
    pub products: Vec<(String, String)>,
    pub ice: Vec<IceServer>,
    /// Relayed only (TURN), when the servers ask for it.
    pub relay_only: bool,
    pub zone: String,
}

/// How a call's peers describe themselves to each other (WebRTC's offer, answer, and ICE
/// candidates), carried as the browser's own JSON; and `Ready` (no body): "I am in the call,
/// offer me a connection", from the one of a pair who never offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    Offer,
    Answer,
    Candidate,
    Ready,
}

/// What a party's browser sends the meeting room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum RoomCall {
    Say {
        text: String,
    },
    Share {
        product: String,
    },
    /// Camera on: of each pair in the call, the one with the smaller account number offers
    /// to connect (the other asks it to, with a `Ready` signal).
    Join,
    Leave,
    Signal {
        to: i64,
        kind: SignalKind,
        body: String,
    },
}

/// The close code a room's socket ends with when the meeting is over or cancelled, or its
/// reader is out of it: the page stops reconnecting.
pub const ROOM_ENDED: u16 = 4001;

/// What the meeting room sends a party's browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum RoomNews {
    Hello {
        me: i64,
    },
    Joined {
        peer: i64,
        name: String,
    },
    Left {
        peer: i64,
    },
    Note {
        note: Box<Note>,
    },
    Signal {
        from: i64,
        /// The sender's name (a moderator seated after the page was drawn is not on it).
        name: String,
        kind: SignalKind,
        body: String,
    },
    Refused {
        code: String,
    },
}

/// A booth a council suggests a hosted buyer meet, and why it suits them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub booth: String,
    pub booth_name: String,
    pub hall_name: String,
    pub council: String,
    /// Why, in the reader's words.
    pub reasons: Vec<String>,
    /// The buyer holds a meeting with the booth already.
    pub booked: bool,
}

/// A hosted buyer of a council: the suggestions sent, and those a new sending would add.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedBuyer {
    pub id: i64,
    pub name: String,
    pub company: String,
    pub sent: Vec<Suggestion>,
    pub next: Vec<Suggestion>,
}

/// One booth of the council's halls: its meetings, and those with hosted buyers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoothMeetings {
    pub booth: String,
    pub booth_name: String,
    pub hall_name: String,
    pub hosts: i64,
    pub free_ahead: i64,
    pub booked_ahead: i64,
    pub held: i64,
    pub cancelled: i64,
    /// Booked (ahead or held) by the council's hosted buyers.
    pub hosted: i64,
}

/// The council's page of buyer–seller meetings: per booth, and its hosted-buyer programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilMeetings {
    pub council: String,
    pub booths: Vec<BoothMeetings>,
    pub buyers: Vec<HostedBuyer>,
    /// Meetings of its hosted buyers that asked for a moderator, soonest first.
    pub moderation: Vec<ModerationAsk>,
}
