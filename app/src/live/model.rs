//! The live room's wire types and its one reducer: what a room event says, what a viewer
//! may ask of the room, and the room's state as every viewer folds it from the events.
//! The server folds with the same [`RoomState::apply`] to serve new viewers a snapshot, so a
//! viewer that resumed and one that joined late see exactly the same room.

use serde::{Deserialize, Serialize};

/// Longest chat message and question, in characters.
pub const CHAT_MAX: usize = 500;
pub const QUESTION_MAX: usize = 300;
/// "Now showing" holds at most this many products.
pub const PINS_MAX: usize = 3;
/// Chat messages a snapshot carries (the newest).
pub const CHAT_KEPT: usize = 60;
/// Questions a snapshot carries (the newest; answered ones included).
pub const QUESTIONS_KEPT: usize = 300;
/// A deal's pre-launch countdown and its run, in seconds.
pub const DEAL_COUNTDOWN: (i64, i64) = (10, 300);
pub const DEAL_DURATION: (i64, i64) = (30, 3600);
/// Slow mode choices, in seconds (0 is off).
pub const SLOW_MAX: i64 = 300;

/// One persisted room event: its per-room id, when (Unix milliseconds) and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    #[serde(flatten)]
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Body {
    /// `demo`: said by the demo's simulated audience (absent on the wire otherwise).
    Chat {
        user: i64,
        name: String,
        text: String,
        #[serde(default, skip_serializing_if = "is_false")]
        demo: bool,
    },
    Question {
        user: i64,
        name: String,
        text: String,
        #[serde(default, skip_serializing_if = "is_false")]
        demo: bool,
    },
    Votes {
        question: i64,
        votes: i64,
    },
    /// A host answered (or stopped answering, `on: false`) the question; `offset` is the
    /// stream time in seconds, for the replay's chapters.
    Answered {
        question: i64,
        on: bool,
        offset: Option<i64>,
    },
    /// A host put one question on top of the queue (`None` clears it).
    Spotlight {
        question: Option<i64>,
    },
    Hidden {
        target: i64,
    },
    Banned {
        user: i64,
    },
    Slow {
        seconds: i64,
    },
    /// The products now showing, in order; `added` is the one just pinned.
    Pins {
        products: Vec<Pin>,
        added: Option<i64>,
        offset: Option<i64>,
    },
    Stock {
        product: i64,
        stock: i64,
    },
    /// A deal announced (its own object: a deal's id is not the event's).
    Deal {
        deal: Deal,
    },
    DealLeft {
        deal: i64,
        left: i64,
    },
}

fn is_false(value: &bool) -> bool {
    !value
}

impl Body {
    /// The kind column and the event's `t`.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Chat { .. } => "chat",
            Body::Question { .. } => "question",
            Body::Votes { .. } => "votes",
            Body::Answered { .. } => "answered",
            Body::Spotlight { .. } => "spotlight",
            Body::Hidden { .. } => "hidden",
            Body::Banned { .. } => "banned",
            Body::Slow { .. } => "slow",
            Body::Pins { .. } => "pins",
            Body::Stock { .. } => "stock",
            Body::Deal { .. } => "deal",
            Body::DealLeft { .. } => "deal_left",
        }
    }
}

/// A pinned product and its stock when last announced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    pub product: i64,
    pub stock: i64,
}

/// A flash deal as viewers see it; times are Unix milliseconds, prices INR paise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: i64,
    pub product: i64,
    pub price_minor: i64,
    pub was_minor: i64,
    pub quantity: i64,
    pub left: i64,
    pub per_buyer: i64,
    pub starts_ms: i64,
    pub ends_ms: i64,
}

/// What a connected person may ask of the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Command {
    Chat {
        text: String,
    },
    Ask {
        text: String,
    },
    Vote {
        question: i64,
    },
    Answer {
        question: i64,
        on: bool,
    },
    Spotlight {
        question: Option<i64>,
    },
    Hide {
        target: i64,
    },
    Ban {
        user: i64,
    },
    Slow {
        seconds: i64,
    },
    Pin {
        product: i64,
    },
    Unpin {
        product: i64,
    },
    Deal {
        product: i64,
        /// In rupees as typed ("499", "499.50").
        price: String,
        quantity: i64,
        per_buyer: i64,
        countdown: i64,
        duration: i64,
    },
}

/// What the connected person is, in this room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Not signed in: watches only.
    Guest,
    Viewer,
    /// A curator of the stream's hall (or an admin): moderates.
    Moderator,
    /// The booth's team: moderates, answers, pins and runs deals.
    Host,
}

impl Role {
    pub fn moderates(self) -> bool {
        matches!(self, Role::Moderator | Role::Host)
    }
}

/// Frames that are not room events: the greeting, the room's snapshot, the viewer count,
/// a refusal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Control {
    /// First frame of every connection, with the server's clock for countdowns.
    Hello {
        now_ms: i64,
        role: Role,
        user: Option<i64>,
    },
    /// The whole room, for a new viewer or one that missed too much to resume; a returning
    /// viewer gets the events it missed instead.
    Snapshot {
        state: Box<RoomState>,
    },
    Viewers {
        n: i64,
    },
    /// A command was refused; `code` is translated by the page.
    Refused {
        code: String,
    },
}

/// Anything the server sends: a room event (it has an id) or a control frame.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Incoming {
    Event(Event),
    Control(Control),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub at: i64,
    pub user: i64,
    pub name: String,
    pub text: String,
    /// From the demo's simulated audience: the room marks it so.
    #[serde(default, skip_serializing_if = "is_false")]
    pub demo: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    #[serde(flatten)]
    pub message: Message,
    pub votes: i64,
    pub answered: bool,
}

/// A room as its events leave it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomState {
    /// The id of the last event folded in.
    pub last: i64,
    pub chat: Vec<Message>,
    pub questions: Vec<Question>,
    pub spotlight: Option<i64>,
    pub slow: i64,
    pub pins: Vec<Pin>,
    pub deal: Option<Deal>,
    pub banned: Vec<i64>,
}

impl RoomState {
    /// Folds one event in; events at or below `last` are ignored (a duplicate).
    pub fn apply(&mut self, event: &Event) -> bool {
        if event.id <= self.last {
            return false;
        }
        self.last = event.id;
        let message = |user: i64, name: &str, text: &str, demo: bool| Message {
            id: event.id,
            at: event.at,
            user,
            name: name.to_owned(),
            text: text.to_owned(),
            demo,
        };
        match &event.body {
            Body::Chat {
                user,
                name,
                text,
                demo,
            } => {
                self.chat.push(message(*user, name, text, *demo));
                if self.chat.len() > CHAT_KEPT {
                    let extra = self.chat.len() - CHAT_KEPT;
                    self.chat.drain(..extra);
                }
            }
            Body::Question {
                user,
                name,
                text,
                demo,
            } => {
                self.questions.push(Question {
                    message: message(*user, name, text, *demo),
                    votes: 0,
                    answered: false,
                });
                if self.questions.len() > QUESTIONS_KEPT {
                    let extra = self.questions.len() - QUESTIONS_KEPT;
                    self.questions.drain(..extra);
                }
            }
            Body::Votes { question, votes } => {
                if let Some(q) = self.question_mut(*question) {
                    q.votes = *votes;
                }
            }
            Body::Answered { question, on, .. } => {
                if let Some(q) = self.question_mut(*question) {
                    q.answered = *on;
                }
            }
            Body::Spotlight { question } => self.spotlight = *question,
            Body::Hidden { target } => {
                self.chat.retain(|m| m.id != *target);
                self.questions.retain(|q| q.message.id != *target);
                if self.spotlight == Some(*target) {
                    self.spotlight = None;
                }
            }
            Body::Banned { user } => {
                self.chat.retain(|m| m.user != *user);
                self.questions.retain(|q| q.message.user != *user);
                if !self.banned.contains(user) {
                    self.banned.push(*user);
                }
            }
            Body::Slow { seconds } => self.slow = *seconds,
            Body::Pins { products, .. } => self.pins = products.clone(),
            Body::Stock { product, stock } => {
                if let Some(pin) = self.pins.iter_mut().find(|p| p.product == *product) {
                    pin.stock = *stock;
                }
            }
            Body::Deal { deal } => self.deal = Some(deal.clone()),
            Body::DealLeft { deal, left } => {
                if let Some(d) = self.deal.as_mut().filter(|d| d.id == *deal) {
                    d.left = *left;
                }
            }
        }
        true
    }

    fn question_mut(&mut self, id: i64) -> Option<&mut Question> {
        self.questions.iter_mut().find(|q| q.message.id == id)
    }

    /// The question queue as hosts and viewers see it: the spotlit question first, then
    /// open questions by votes (older first on a tie), answered ones last.
    pub fn queue(&self) -> Vec<&Question> {
        let mut queue: Vec<&Question> = self.questions.iter().collect();
        queue.sort_by_key(|q| {
            (
                Some(q.message.id) != self.spotlight,
                q.answered,
                -q.votes,
                q.message.id,
            )
        });
        queue
    }
}

/// A deal's phase at `now_ms` (server time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealPhase {
    /// Seconds until it opens.
    Soon(i64),
    /// Seconds until it closes.
    Open(i64),
    SoldOut,
    Over,
}

impl Deal {
    pub fn phase(&self, now_ms: i64) -> DealPhase {
        let ceil_secs = |ms: i64| (ms + 999).div_euclid(1000);
        if now_ms >= self.ends_ms {
            DealPhase::Over
        } else if self.left <= 0 {
            DealPhase::SoldOut
        } else if now_ms < self.starts_ms {
            DealPhase::Soon(ceil_secs(self.starts_ms - now_ms))
        } else {
            DealPhase::Open(ceil_secs(self.ends_ms - now_ms))
        }
    }
}

/// "1:05" for 65 seconds; hours when needed ("1:00:05").
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// A replay chapter: where in the stream a question was answered or a product pinned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub offset: i64,
    pub what: ChapterKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChapterKind {
    Answer {
        question: String,
    },
    /// A product pinned then, by id (the page's catalogue has its name and price).
    Product(i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, body: Body) -> Event {
        Event {
            id,
            at: id * 1000,
            body,
        }
    }

    fn chat(id: i64, user: i64) -> Event {
        event(
            id,
            Body::Chat {
                user,
                name: format!("u{user}"),
                text: format!("m{id}"),
                demo: false,
            },
        )
    }

    #[test]
    fn duplicates_are_ignored_and_hidden_messages_go() {
        let mut room = RoomState::default();
        assert!(room.apply(&chat(1, 7)));
        assert!(!room.apply(&chat(1, 7)));
        room.apply(&chat(2, 8));
        room.apply(&event(3, Body::Hidden { target: 1 }));
        assert_eq!(room.chat.iter().map(|m| m.id).collect::<Vec<_>>(), [2]);
        room.apply(&event(4, Body::Banned { user: 8 }));
        assert!(room.chat.is_empty());
        assert_eq!(room.last, 4);
    }

    #[test]
    fn the_queue_puts_spotlight_then_votes_then_answered() {
        let mut room = RoomState::default();
        for id in 1..=3 {
            room.apply(&event(
                id,
                Body::Question {
                    user: id,
                    name: "n".into(),
                    text: "q".into(),
                    demo: false,
                },
            ));
        }
        room.apply(&event(
            4,
            Body::Votes {
                question: 2,
                votes: 5,
            },
        ));
        room.apply(&event(
            5,
            Body::Answered {
                question: 2,
                on: true,
                offset: Some(60),
            },
        ));
        room.apply(&event(
            6,
            Body::Votes {
                question: 3,
                votes: 1,
            },
        ));
        let order = |room: &RoomState| {
            room.queue()
                .iter()
                .map(|q| q.message.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(order(&room), [3, 1, 2]);
        room.apply(&event(7, Body::Spotlight { question: Some(1) }));
        assert_eq!(order(&room), [1, 3, 2]);
    }

    #[test]
    fn resuming_and_joining_late_agree() {
        let events: Vec<Event> = (1..=200)
            .map(|id| match id % 5 {
                0 => event(id, Body::Hidden { target: id - 2 }),
                1 => event(
                    id,
                    Body::Question {
                        user: id % 7,
                        name: "n".into(),
                        text: "q".into(),
                        demo: false,
                    },
                ),
                2 => event(
                    id,
                    Body::Votes {
                        question: id - 1,
                        votes: id,
                    },
                ),
                _ => chat(id, id % 3),
            })
            .collect();
        let mut whole = RoomState::default();
        events.iter().for_each(|e| {
            whole.apply(e);
        });
        let mut resumed = RoomState::default();
        events[..120].iter().for_each(|e| {
            resumed.apply(e);
        });
        // A reconnect may hear some events twice; they change nothing.
        events[100..].iter().for_each(|e| {
            resumed.apply(e);
        });
        assert_eq!(whole, resumed);
    }

    #[test]
    fn wire_format_round_trips() {
        let e = chat(3, 1);
        let json = serde_json::to_string(&e).expect("json");
        assert!(json.contains(r#""t":"chat""#), "{json}");
        assert_eq!(
            serde_json::from_str::<Incoming>(&json).expect("parse"),
            Incoming::Event(e)
        );
        let deal = event(
            4,
            Body::Deal {
                deal: Deal {
                    id: 9,
                    product: 2,
                    price_minor: 100,
                    was_minor: 200,
                    quantity: 5,
                    left: 5,
                    per_buyer: 1,
                    starts_ms: 1,
                    ends_ms: 2,
                },
            },
        );
        let json = serde_json::to_string(&deal).expect("json");
        assert_eq!(
            serde_json::from_str::<Incoming>(&json).expect("parse"),
            Incoming::Event(deal.clone())
        );
        // A snapshot goes through the same untagged reader (buffered keys are strings).
        let mut room = RoomState::default();
        room.apply(&chat(1, 2));
        room.apply(&event(
            2,
            Body::Pins {
                products: vec![Pin {
                    product: 4,
                    stock: 9,
                }],
                added: Some(4),
                offset: Some(30),
            },
        ));
        room.apply(&deal);
        let snapshot = Control::Snapshot {
            state: Box::new(room),
        };
        let json = serde_json::to_string(&snapshot).expect("json");
        assert_eq!(
            serde_json::from_str::<Incoming>(&json).expect("parse"),
            Incoming::Control(snapshot)
        );
        let hello = Control::Viewers { n: 3 };
        let json = serde_json::to_string(&hello).expect("json");
        assert_eq!(
            serde_json::from_str::<Incoming>(&json).expect("parse"),
            Incoming::Control(hello)
        );
    }

    #[test]
    fn deal_phases_follow_server_time() {
        let deal = Deal {
            id: 1,
            product: 1,
            price_minor: 100,
            was_minor: 200,
            quantity: 5,
            left: 5,
            per_buyer: 1,
            starts_ms: 10_000,
            ends_ms: 70_000,
        };
        assert_eq!(deal.phase(0), DealPhase::Soon(10));
        assert_eq!(deal.phase(9_001), DealPhase::Soon(1));
        assert_eq!(deal.phase(10_000), DealPhase::Open(60));
        assert_eq!(
            DealPhase::SoldOut,
            Deal {
                left: 0,
                ..deal.clone()
            }
            .phase(20_000)
        );
        assert_eq!(deal.phase(70_000), DealPhase::Over);
        assert_eq!(clock(65), "1:05");
        assert_eq!(clock(3605), "1:00:05");
    }
}
