//! The meeting rooms' sockets (ssr only): `GET /{locale}/meetings/{meeting}/room` opens one for
//! a party of the meeting or its seated council moderator — nobody else — while it is
//! booked and not over. Lines of chat and shared products are written to the store first,
//! then announced; the call's signalling (WebRTC offers, answers and candidates) goes only
//! to the one person it is addressed to, who must be in the meeting too, and is not kept. Every node relays in memory to its own sockets, and on PostgreSQL through
//! LISTEN/NOTIFY to the other nodes (a signal's body waits in `meeting_signals`, since a
//! notification carries at most 8000 bytes).

use super::model::{ROOM_ENDED, RoomCall, RoomNews, SignalKind};
use super::room::{self, IceConfig, Line, Reader};
use super::store::{Party, party};
use crate::accounts::store::{User, session_user};
use crate::agenda::api::ZONE_COOKIE;
use crate::db::{Backend, Db};
use crate::error::AppError;
use crate::forms::post::{cookie, same_site};
use crate::i18n::Locale;
use crate::i18n::fx::Pricing;
use crate::i18n::prefs::Prefs;
use crate::state::{AppState, now};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// Sockets one person may hold open in one meeting (a phone and a laptop, a reload).
const SOCKETS_PER_PERSON: u32 = 4;
/// The largest frame read: an offer's description with every codec fits well inside.
const FRAME_MAX: usize = 32 * 1024;
/// Lines one socket may write per window, and signals (a call's candidates come in bursts).
const LINES: (u32, Duration) = (5, Duration::from_secs(5));
const SIGNALS: (u32, Duration) = (200, Duration::from_secs(10));
/// Joins and leaves: each one makes the other party's browser renegotiate.
const PRESENCE: (u32, Duration) = (10, Duration::from_secs(10));
/// A candidate is a line; a description (offer or answer) lists every codec.
const CANDIDATE_MAX: usize = 2 * 1024;
const DESCRIPTION_MAX: usize = 16 * 1024;
/// Every ping, the socket's person and meeting are checked again: a signed-out person, or a
/// meeting over or cancelled, closes it. A socket that answered nothing for two pings is gone.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long a signal's body waits in the store for the other nodes.
const SIGNAL_KEEP_SECS: i64 = 60;
const CHANNEL: &str = "pavilion_meeting";

/// What a room hands its sockets.
#[derive(Clone)]
enum Delivery {
    /// The same frame for every reader (`to` one person only, if set).
    Frame { to: Option<i64>, text: Arc<str> },
    /// A line written: each socket reads it in its reader's language, zone and prices.
    Note { id: i64 },
    /// `user` is out of the meeting (a moderator withdrawn or gone): their sockets close.
    Evict { user: i64 },
}

/// What goes between nodes.
#[derive(Serialize, Deserialize)]
struct Carried {
    node: String,
    meeting: i64,
    to: Option<i64>,
    #[serde(flatten)]
    what: What,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum What {
    Note(i64),
    Frame(String),
    /// A signal's frame, stored under this id.
    Signal(i64),
    /// A person out of the meeting.
    Evict(i64),
}

/// The meeting rooms of this node.
#[derive(Clone)]
pub struct Rooms(Arc<Inner>);

struct Inner {
    db: Db,
    node: String,
    postgres: bool,
    ice: IceConfig,
    rooms: Mutex<HashMap<i64, broadcast::Sender<Delivery>>>,
    sockets: Mutex<HashMap<(i64, i64), u32>>,
}

impl Rooms {
    /// This node's rooms; on PostgreSQL they listen to the other nodes at `database_url`.
    pub fn start(db: Db, backend: Backend, database_url: &str, ice: IceConfig) -> Self {
        let rooms = Rooms(Arc::new(Inner {
            db,
            node: crate::core::secrets::new_token()[..16].to_owned(),
            postgres: backend == Backend::Postgres,
            ice,
            rooms: Mutex::new(HashMap::new()),
            sockets: Mutex::new(HashMap::new()),
        }));
        if backend == Backend::Postgres {
            tokio::spawn(rooms.clone().listen(database_url.to_owned()));
        }
        rooms
    }

    pub fn ice(&self) -> &IceConfig {
        &self.0.ice
    }

    fn deliver(&self, meeting: i64, delivery: Delivery) {
        let rooms = self.0.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = rooms.get(&meeting) {
            let _ = tx.send(delivery);
        }
    }

    async fn carry(&self, meeting: i64, to: Option<i64>, what: What) {
        if !self.0.postgres {
            return;
        }
        let payload = serde_json::to_string(&Carried {
            node: self.0.node.clone(),
            meeting,
            to,
            what,
        })
        .unwrap_or_default();
        if let Err(err) = crate::db::notify(&self.0.db, CHANNEL, &payload).await {
            tracing::error!(%err, "cannot tell the other nodes of a meeting room");
        }
    }

    /// A line was written in `meeting`: every party's sockets, on every node, show it.
    pub async fn noted(&self, meeting: i64, note: i64) {
        self.deliver(meeting, Delivery::Note { id: note });
        self.carry(meeting, None, What::Note(note)).await;
    }

    /// `user` is out of `meeting` (a moderator withdrawn, or who left the seat): their
    /// sockets on every node close at once, and the others hear them leave the call.
    pub async fn evict(&self, meeting: i64, user: i64) {
        self.deliver(meeting, Delivery::Evict { user });
        self.carry(meeting, None, What::Evict(user)).await;
        self.announce(meeting, None, &RoomNews::Left { peer: user })
            .await;
    }

    /// Sends `news` to the room (to one person only, if `to`).
    async fn announce(&self, meeting: i64, to: Option<i64>, news: &RoomNews) {
        let text: Arc<str> = serde_json::to_string(news).unwrap_or_default().into();
        self.deliver(
            meeting,
            Delivery::Frame {
                to,
                text: text.clone(),
            },
        );
        if !self.0.postgres {
            return;
        }
        let what = if matches!(news, RoomNews::Signal { .. }) {
            let stored = sqlx::query_scalar::<_, i64>(
                "INSERT INTO meeting_signals (body, created_at) VALUES ($1, $2) RETURNING id",
            )
            .bind(text.as_ref())
            .bind(now().seconds())
            .fetch_one(&self.0.db)
            .await;
            let _ = sqlx::query("DELETE FROM meeting_signals WHERE created_at < $1")
                .bind(now().seconds() - SIGNAL_KEEP_SECS)
                .execute(&self.0.db)
                .await;
            match stored {
                Ok(id) => What::Signal(id),
                Err(err) => {
                    tracing::error!(%err, "cannot store a signal for the other nodes");
                    return;
                }
            }
        } else {
            What::Frame(text.to_string())
        };
        self.carry(meeting, to, what).await;
    }

    async fn listen(self, url: String) {
        loop {
            match sqlx::postgres::PgListener::connect(&url).await {
                Ok(mut listener) => {
                    if let Err(err) = listener.listen(CHANNEL).await {
                        tracing::error!(%err, "cannot LISTEN for meeting rooms");
                    } else {
                        while let Ok(note) = listener.recv().await {
                            self.heard(note.payload()).await;
                        }
                        tracing::warn!("meeting rooms' LISTEN connection lost");
                    }
                }
                Err(err) => tracing::error!(%err, "cannot connect to LISTEN for meeting rooms"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    async fn heard(&self, payload: &str) {
        let Ok(carried) = serde_json::from_str::<Carried>(payload) else {
            return;
        };
        if carried.node == self.0.node {
            return;
        }
        let delivery = match carried.what {
            What::Note(id) => Delivery::Note { id },
            What::Evict(user) => Delivery::Evict { user },
            What::Frame(text) => Delivery::Frame {
                to: carried.to,
                text: text.into(),
            },
            What::Signal(id) => {
                let body: Option<String> =
                    sqlx::query_scalar("SELECT body FROM meeting_signals WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.0.db)
                        .await
                        .ok()
                        .flatten();
                let Some(text) = body else { return };
                Delivery::Frame {
                    to: carried.to,
                    text: text.into(),
                }
            }
        };
        self.deliver(carried.meeting, delivery);
    }

    /// Enters `user` into `meeting`'s room, if they hold fewer than [`SOCKETS_PER_PERSON`].
    fn enter(&self, meeting: i64, user: i64) -> Option<(Seat, broadcast::Receiver<Delivery>)> {
        {
            let mut sockets = self.0.sockets.lock().unwrap_or_else(|e| e.into_inner());
            let open = sockets.entry((meeting, user)).or_insert(0);
            if *open >= SOCKETS_PER_PERSON {
                return None;
            }
            *open += 1;
        }
        let rx = self
            .0
            .rooms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(meeting)
            .or_insert_with(|| broadcast::channel(256).0)
            .subscribe();
        Some((
            Seat {
                rooms: self.clone(),
                meeting,
                user,
            },
            rx,
        ))
    }
}

/// A socket in a room; leaving frees it, and the room when it was the last.
struct Seat {
    rooms: Rooms,
    meeting: i64,
    user: i64,
}

impl Drop for Seat {
    fn drop(&mut self) {
        let inner = &self.rooms.0;
        {
            let mut sockets = inner.sockets.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(open) = sockets.get_mut(&(self.meeting, self.user)) {
                *open = open.saturating_sub(1);
                if *open == 0 {
                    sockets.remove(&(self.meeting, self.user));
                }
            }
        }
        let mut rooms = inner.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if rooms
            .get(&self.meeting)
            .is_some_and(|tx| tx.receiver_count() == 0)
        {
            rooms.remove(&self.meeting);
        }
    }
}

#[derive(Deserialize)]
pub struct Entry {
    #[serde(default)]
    tz: String,
    /// The last line the page has: those after it are sent first.
    after: Option<i64>,
}

/// `GET /{locale}/meetings/{meeting}/room?tz=ZONE`: the room's WebSocket, for the
/// meeting's two parties and its moderator; lines reach it in the locale and zone given, priced as their
/// cookies ask.
pub async fn connect(
    State(state): State<AppState>,
    Path((locale, number)): Path<(String, String)>,
    Query(entry): Query<Entry>,
    headers: HeaderMap,
    user: Option<axum::Extension<User>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A page of another site must not open a party's room with their cookie.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
        && !same_site(origin, &headers, &state.site.0)
    {
        return (StatusCode::FORBIDDEN, "cross-site WebSocket refused\n").into_response();
    }
    let refused = |error: AppError| (error.status(), error.code()).into_response();
    let Some(axum::Extension(user)) = user else {
        return refused(AppError::Unauthorized);
    };
    let locale = Locale::parse(&locale).unwrap_or_default();
    let stamp = now();
    let meeting = match party(&state.db, &user, &number, stamp).await {
        Ok(meeting) => meeting,
        Err(error) => return refused(error),
    };
    if !meeting.open {
        return refused(AppError::conflict("form", "meeting_over"));
    }
    let rooms = state.meeting_rooms.clone();
    let Some((seat, rx)) = rooms.enter(meeting.meeting, user.id) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "Too many open connections to this meeting.\n",
        )
            .into_response();
    };
    let cookies = headers.get(header::COOKIE).and_then(|c| c.to_str().ok());
    let zone = crate::core::zone_of(
        Some(&entry.tz),
        cookies.and_then(|c| crate::i18n::prefs::cookie(c, ZONE_COOKIE)),
    );
    let prefs = Prefs::resolve(
        locale,
        None,
        cookies,
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let pricing = match Pricing::load(&state.db, locale, prefs).await {
        Ok(pricing) => pricing,
        Err(err) => return refused(err.into()),
    };
    let after = entry.after;
    let party = Seated {
        rooms,
        meeting,
        number,
        user,
        session: cookie(&headers, crate::accounts::SESSION_COOKIE),
        locale,
        zone,
        pricing,
    };
    upgrade
        .max_message_size(FRAME_MAX)
        .max_frame_size(FRAME_MAX)
        .on_upgrade(move |socket| async move {
            party.serve(socket, rx, after).await;
            drop(seat);
        })
}

/// One party's socket in a room.
struct Seated {
    rooms: Rooms,
    meeting: Party,
    number: String,
    user: User,
    session: Option<String>,
    locale: Locale,
    zone: String,
    pricing: Pricing,
}

/// Whether a socket's meeting is still open to its reader.
enum Open {
    Yes(Box<Party>),
    /// Over, cancelled, signed out, or no longer seated.
    No,
    /// The store did not answer.
    Unknown,
}

/// The close code for a socket let go because it fell behind: the page reconnects.
const TRY_AGAIN: u16 = 1013;

/// A count of what a socket did in the current window.
struct Window {
    since: Instant,
    used: u32,
}

impl Window {
    fn new() -> Self {
        Self {
            since: Instant::now(),
            used: 0,
        }
    }

    fn allow(&mut self, (limit, every): (u32, Duration)) -> bool {
        if self.since.elapsed() >= every {
            *self = Self::new();
        }
        self.used += 1;
        self.used <= limit
    }
}

impl Seated {
    async fn serve(
        mut self,
        socket: WebSocket,
        mut rx: broadcast::Receiver<Delivery>,
        after: Option<i64>,
    ) {
        let (mut sink, mut incoming) = socket.split();
        let me = self.user.id;
        let meeting = self.meeting.meeting;
        if sink.send(frame(&RoomNews::Hello { me })).await.is_err() {
            return;
        }
        // Subscribed before these are read: a line written meanwhile comes twice at most,
        // and the page keeps one of each.
        if let Some(after) = after.filter(|a| *a >= 0) {
            let missed = room::since(&self.rooms.0.db, meeting, after, &self.reader()).await;
            for note in missed.unwrap_or_default() {
                if sink
                    .send(frame(&RoomNews::Note {
                        note: Box::new(note),
                    }))
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
        let mut joined = false;
        let (mut lines, mut signals, mut presence) = (Window::new(), Window::new(), Window::new());
        // The meeting was found open as the socket opened: the first check is a ping away.
        let mut ping = tokio::time::interval_at((Instant::now() + PING_EVERY).into(), PING_EVERY);
        let mut heard = Instant::now();
        // Why the room let go of the socket, said in its closing frame (none if the reader
        // went first).
        let mut ending = None;
        loop {
            let out = tokio::select! {
                delivery = rx.recv() => match delivery {
                    // Put out: the room has heard them leave already.
                    Ok(Delivery::Evict { user }) if user == me => {
                        joined = false;
                        ending = Some(ROOM_ENDED);
                        break;
                    }
                    Ok(Delivery::Evict { user }) => {
                        self.meeting.moderator.take_if(|seated| seated.0 == user);
                        None
                    }
                    Ok(delivery) => self.shown(delivery).await,
                    // Fell behind a flood: the page reloads its lines when it reconnects.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        ending = Some(TRY_AGAIN);
                        break;
                    }
                    Err(broadcast::error::RecvError::Closed) => {
                        ending = Some(TRY_AGAIN);
                        break;
                    }
                },
                message = incoming.next() => match message {
                    Some(Ok(Message::Text(text))) => {
                        heard = Instant::now();
                        match serde_json::from_str::<RoomCall>(text.as_str()) {
                            Ok(RoomCall::Join | RoomCall::Leave) if !presence.allow(PRESENCE) => {
                                refusal("rate_limited")
                            }
                            Ok(RoomCall::Join) => {
                                joined = true;
                                let news = RoomNews::Joined { peer: me, name: self.user.display_name.clone() };
                                self.rooms.announce(meeting, None, &news).await;
                                None
                            }
                            Ok(RoomCall::Leave) => {
                                joined = false;
                                self.rooms.announce(meeting, None, &RoomNews::Left { peer: me }).await;
                                None
                            }
                            Ok(RoomCall::Signal { to, kind, body }) => {
                                // (a Ready says all it has to say by being sent)
                                let max = match kind {
                                    SignalKind::Ready => 0,
                                    SignalKind::Candidate => CANDIDATE_MAX,
                                    SignalKind::Offer | SignalKind::Answer => DESCRIPTION_MAX,
                                };
                                // Counted before the store is asked who is in the meeting.
                                if body.len() > max {
                                    refusal("too_long")
                                } else if !signals.allow(SIGNALS) {
                                    refusal("rate_limited")
                                } else if to == me || !self.may_reach(to).await {
                                    refusal("not_in_room")
                                } else {
                                    let news = RoomNews::Signal { from: me, name: self.user.display_name.clone(), kind, body };
                                    self.rooms.announce(meeting, Some(to), &news).await;
                                    None
                                }
                            }
                            Ok(RoomCall::Say { text }) => {
                                if lines.allow(LINES) { self.write(Line::Said(&text)).await } else { refusal("rate_limited") }
                            }
                            Ok(RoomCall::Share { product }) => {
                                if lines.allow(LINES) { self.write(Line::Shared(&product)).await } else { refusal("rate_limited") }
                            }
                            Err(_) => refusal("bad_command"),
                        }
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => {
                        heard = Instant::now();
                        None
                    }
                },
                _ = ping.tick() => {
                    if heard.elapsed() > 2 * PING_EVERY {
                        break;
                    }
                    match self.still_open().await {
                        Open::Yes(fresh) => self.meeting = *fresh,
                        Open::No => {
                            ending = Some(ROOM_ENDED);
                            break;
                        }
                        // The store did not answer: asked again at the next ping.
                        Open::Unknown => {}
                    }
                    Some(Message::Ping(Default::default()))
                }
            };
            if let Some(out) = out
                && tokio::time::timeout(PING_EVERY, sink.send(out))
                    .await
                    .map_or(true, |sent| sent.is_err())
            {
                break;
            }
        }
        if let Some(code) = ending {
            let close = Message::Close(Some(CloseFrame {
                code,
                reason: Default::default(),
            }));
            let _ = tokio::time::timeout(Duration::from_secs(1), sink.send(close)).await;
        }
        if joined {
            self.rooms
                .announce(meeting, None, &RoomNews::Left { peer: me })
                .await;
        }
    }

    /// The meeting as it stands, if the person still holds the session the socket opened
    /// with, is still in the meeting (a moderator may have been withdrawn), and it is still
    /// booked and not over.
    async fn still_open(&self) -> Open {
        let db = &self.rooms.0.db;
        let stamp = now();
        let user = match &self.session {
            Some(token) => match session_user(db, token, stamp).await {
                Ok(user) => user,
                Err(err) => {
                    tracing::warn!(%err, "cannot read a meeting socket's session");
                    return Open::Unknown;
                }
            },
            None => None,
        };
        let Some(user) = user.filter(|u| u.id == self.user.id) else {
            return Open::No;
        };
        match party(db, &user, &self.number, stamp).await {
            Ok(meeting) if meeting.open => Open::Yes(Box::new(meeting)),
            Ok(_) | Err(AppError::NotFound) => Open::No,
            Err(err) => {
                tracing::warn!(?err, "cannot read a meeting for its socket");
                Open::Unknown
            }
        }
    }

    /// `to` is in the meeting: as the socket last read it (a moderator withdrawn is taken
    /// out of it at once, by the room's eviction), else as it stands now (a moderator
    /// seated since is reached at once).
    async fn may_reach(&mut self, to: i64) -> bool {
        if self.meeting.seats(to) {
            return true;
        }
        match party(&self.rooms.0.db, &self.user, &self.number, now()).await {
            Ok(fresh) => {
                let seated = fresh.open && fresh.seats(to);
                self.meeting = fresh;
                seated
            }
            Err(_) => false,
        }
    }

    fn reader(&self) -> Reader<'_> {
        Reader {
            id: self.user.id,
            locale: self.locale,
            zone: &self.zone,
            pricing: &self.pricing,
        }
    }

    /// What this reader is sent of a delivery, if anything.
    async fn shown(&self, delivery: Delivery) -> Option<Message> {
        match delivery {
            Delivery::Frame { to, text } => (to.is_none() || to == Some(self.user.id))
                .then(|| Message::Text(text.as_ref().into())),
            Delivery::Evict { .. } => None,
            Delivery::Note { id } => {
                match room::note(&self.rooms.0.db, self.meeting.meeting, id, &self.reader()).await {
                    Ok(Some(note)) => Some(frame(&RoomNews::Note {
                        note: Box::new(note),
                    })),
                    Ok(None) => None,
                    Err(err) => {
                        tracing::warn!(?err, "cannot read a meeting's line");
                        None
                    }
                }
            }
        }
    }

    /// Writes a line (or shares a product) as whoever holds the session now.
    async fn write(&self, line: Line<'_>) -> Option<Message> {
        let db = &self.rooms.0.db;
        let stamp = now();
        let fresh = match &self.session {
            Some(token) => session_user(db, token, stamp).await,
            None => Ok(None),
        };
        let user = match fresh {
            Ok(Some(user)) if user.id == self.user.id => user,
            Ok(_) => return refusal("sign_in"),
            Err(err) => {
                tracing::error!(%err, "cannot read the session");
                return refusal("unavailable");
            }
        };
        match room::write(db, Some(&user), &self.number, line, stamp).await {
            Ok((meeting, note)) => {
                self.rooms.noted(meeting, note).await;
                None
            }
            Err(error) => refusal(
                &error
                    .first_problem()
                    .map_or_else(|| error.code(), |p| p.code),
            ),
        }
    }
}

fn frame(news: &RoomNews) -> Message {
    Message::Text(serde_json::to_string(news).unwrap_or_default().into())
}

fn refusal(code: &str) -> Option<Message> {
    Some(frame(&RoomNews::Refused {
        code: code.to_owned(),
    }))
}
