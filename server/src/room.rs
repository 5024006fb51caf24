//! The live hub: one room per stream, one WebSocket per viewer. Commands are written by the
//! store under the room's counter; the hub then hands each event to every viewer in id
//! order — in process on SQLite, and through PostgreSQL's LISTEN/NOTIFY to the other server
//! nodes on PostgreSQL — with viewer counts summed across nodes.

use app::accounts::store::User;
use app::db::{Backend, Db};
use app::forms::post::{ClientAddress, same_site};
use app::insights::pulse::{self, Frame, NOT_TEAM, TREND_MINUTES};
use app::insights::sink::{EventSink, Recorder, StoreSink, language_of};
use app::live::model::{Body, Command, Control, Event, Role, RoomState};
use app::live::store::{self, Actor, RoomStream};
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// A pulse not measured within this is skipped (the next second tries again).
const PULSE_PATIENCE: Duration = Duration::from_secs(3);
/// Events a viewer may fall behind by before it is asked to reconnect and resume.
const BACKLOG: usize = 4096;
/// A resume that missed more than this gets a fresh snapshot instead.
const RESUME_MAX: i64 = 1000;
/// Most frames written to one viewer in one flush.
const BATCH_MAX: usize = 64;
/// Pings keep the connection honest: a viewer that has not answered one for this long, or
/// whose socket accepts nothing for this long, is cut off.
const PING_EVERY: Duration = Duration::from_secs(2);
const DEAD_AFTER: Duration = Duration::from_secs(8);
/// Rate limits: per person and per address, `n` commands in `window`.
const PER_PERSON: (u32, Duration) = (5, Duration::from_secs(5));
const PER_ADDRESS: (u32, Duration) = (30, Duration::from_secs(5));
/// Open sockets one client address may hold on a node: enough for a venue's shared
/// connection, too few to inflate a room's viewer count or exhaust the node.
const SOCKETS_PER_ADDRESS: u32 = 64;
/// PostgreSQL channels.
const EVENTS_CHANNEL: &str = "pavilion_room";
const VIEWERS_CHANNEL: &str = "pavilion_viewers";

/// A frame ready for the wire; `id` is the event's (0 for control frames).
#[derive(Clone)]
struct Out {
    id: i64,
    text: Utf8Bytes,
}

struct Room {
    stream: i64,
    tx: broadcast::Sender<Out>,
    /// The control room's pulse, to the team's control-room sockets only.
    pulses: broadcast::Sender<Out>,
    /// Control-room sockets open (not viewers).
    watchers: AtomicI64,
    /// A pulse is being measured: the next second does not start another.
    pulsing: AtomicBool,
    gauge: Mutex<Gauge>,
    /// The room's state and its cached snapshot frame; `None` until first loaded.
    core: Mutex<Option<Core>>,
    /// Held while events are folded in, so they go out in id order.
    dispatching: tokio::sync::Mutex<()>,
    viewers: AtomicI64,
    shown: AtomicI64,
}

struct Core {
    state: RoomState,
    snapshot: Option<Utf8Bytes>,
}

/// What the control room needs that no event holds: the last minutes' most viewers, when
/// the last minute's chat and questions came, and when the deal sold out.
#[derive(Default)]
struct Gauge {
    /// `(minute, most viewers at once)`, Unix minutes, oldest first.
    minutes: VecDeque<(i64, i64)>,
    /// `(at_ms, is a question)` of the chat and questions of the last 60 s.
    said: VecDeque<(i64, bool)>,
    /// `(deal, at_ms)`: the deal's last unit went then.
    sold_out: Option<(i64, i64)>,
}

impl Gauge {
    fn heard(&mut self, event: &Event) {
        match &event.body {
            Body::Chat { .. } => self.said.push_back((event.at, false)),
            Body::Question { .. } => self.said.push_back((event.at, true)),
            Body::DealLeft { deal, left }
                if *left <= 0 && self.sold_out.is_none_or(|(d, _)| d != *deal) =>
            {
                self.sold_out = Some((*deal, event.at));
            }
            _ => {}
        }
    }

    /// Counts `viewers` into this minute, forgets what is older than the trend.
    fn count(&mut self, viewers: i64, now_ms: i64) {
        let minute = now_ms.div_euclid(60_000);
        match self.minutes.back_mut() {
            Some((m, most)) if *m == minute => *most = (*most).max(viewers),
            _ => self.minutes.push_back((minute, viewers)),
        }
        while self
            .minutes
            .front()
            .is_some_and(|(m, _)| *m <= minute - TREND_MINUTES as i64)
        {
            self.minutes.pop_front();
        }
        while self
            .said
            .front()
            .is_some_and(|(at, _)| *at <= now_ms - 60_000)
        {
            self.said.pop_front();
        }
    }

    /// The trend from the first minute counted (a minute with no count reads 0).
    fn trend(&self, now_ms: i64) -> Vec<i64> {
        let minute = now_ms.div_euclid(60_000);
        let Some(&(first, _)) = self.minutes.front() else {
            return Vec::new();
        };
        (first..=minute)
            .map(|m| {
                self.minutes
                    .iter()
                    .find(|(at, _)| *at == m)
                    .map_or(0, |(_, most)| *most)
            })
            .collect()
    }
}

#[derive(Clone)]
pub struct Hub(Arc<Inner>);

struct Inner {
    db: Db,
    node: String,
    postgres: Option<String>,
    rooms: Mutex<HashMap<i64, Arc<Room>>>,
    /// Other nodes' viewer counts by room, with when they were heard.
    remote: Mutex<HashMap<String, Heard>>,
    limits: Mutex<HashMap<String, (Instant, u32)>>,
    /// Open sockets by client address.
    sockets: Mutex<HashMap<String, u32>>,
    /// The audience's sessions, written in batches (engagement metrics).
    recorder: Recorder,
    sink: Box<dyn EventSink>,
}

/// Another node's viewer counts by room, and when they came.
type Heard = (Instant, HashMap<i64, i64>);

/// What goes between nodes.
#[derive(Serialize, Deserialize)]
struct Published {
    node: String,
    stream: i64,
    events: Vec<Event>,
}

#[derive(Serialize, Deserialize)]
struct Counted {
    node: String,
    rooms: HashMap<i64, i64>,
}

fn frame<T: Serialize>(value: &T) -> Utf8Bytes {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_owned())
        .into()
}

use app::state::{now, now_ms};

/// The room's writes run here, on a runtime of their own (one thread per process), not
/// among the viewers' tasks: a transaction holds SQLite's write lock from its first write
/// to its commit, and a task waiting behind ten thousand fan-out wake-ups for each of its
/// statements would hold it for seconds while every other writer times out.
pub(crate) fn lane() -> &'static tokio::runtime::Handle {
    static LANE: std::sync::OnceLock<tokio::runtime::Handle> = std::sync::OnceLock::new();
    LANE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("room-store".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("the room's store runtime starts");
                let _ = tx.send(runtime.handle().clone());
                runtime.block_on(std::future::pending::<()>());
            })
            .expect("the room's store thread starts");
        rx.recv().expect("the room's store runtime")
    })
}

impl Hub {
    /// The hub of this node; on PostgreSQL it listens to the other nodes at `database_url`.
    pub fn start(db: Db, backend: Backend, database_url: &str) -> Self {
        let node = app::core::secrets::new_token()[..16].to_owned();
        let hub = Hub(Arc::new(Inner {
            recorder: Recorder::new(&node),
            sink: Box::new(StoreSink(db.clone())),
            db,
            node,
            postgres: (backend == Backend::Postgres).then(|| database_url.to_owned()),
            rooms: Mutex::new(HashMap::new()),
            remote: Mutex::new(HashMap::new()),
            limits: Mutex::new(HashMap::new()),
            sockets: Mutex::new(HashMap::new()),
        }));
        tokio::spawn(hub.clone().tick());
        if let Some(url) = hub.0.postgres.clone() {
            tokio::spawn(hub.clone().listen(url));
        }
        hub
    }

    /// One more open socket for `address`, if it has fewer than [`SOCKETS_PER_ADDRESS`];
    /// the slot frees itself when dropped.
    fn open_slot(&self, address: &str) -> Option<SocketSlot> {
        let mut sockets = self.0.sockets.lock().unwrap_or_else(|e| e.into_inner());
        let open = sockets.entry(address.to_owned()).or_insert(0);
        if *open >= SOCKETS_PER_ADDRESS {
            return None;
        }
        *open += 1;
        Some(SocketSlot {
            hub: self.clone(),
            address: address.to_owned(),
        })
    }

    /// A socket joins the room: a viewer's, or (`watcher`) a control room's, not counted.
    fn join(&self, stream: i64, watcher: bool) -> Arc<Room> {
        let mut rooms = self.0.rooms.lock().unwrap_or_else(|e| e.into_inner());
        let room = rooms
            .entry(stream)
            .or_insert_with(|| {
                Arc::new(Room {
                    stream,
                    tx: broadcast::channel(BACKLOG).0,
                    pulses: broadcast::channel(4).0,
                    watchers: AtomicI64::new(0),
                    pulsing: AtomicBool::new(false),
                    gauge: Mutex::new(Gauge::default()),
                    core: Mutex::new(None),
                    dispatching: tokio::sync::Mutex::new(()),
                    viewers: AtomicI64::new(0),
                    shown: AtomicI64::new(-1),
                })
            })
            .clone();
        if watcher {
            room.watchers.fetch_add(1, Ordering::SeqCst);
        } else {
            room.viewers.fetch_add(1, Ordering::SeqCst);
        }
        room
    }

    fn leave(&self, room: &Room, watcher: bool) {
        let mut rooms = self.0.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if watcher {
            room.watchers.fetch_sub(1, Ordering::SeqCst);
        } else {
            room.viewers.fetch_sub(1, Ordering::SeqCst);
        }
        if room.viewers.load(Ordering::SeqCst) + room.watchers.load(Ordering::SeqCst) == 0 {
            rooms.remove(&room.stream);
        }
    }

    /// Folds events into the room (loading it first if needed, filling any gap from the
    /// store) and sends each new one to the room's viewers, in id order.
    async fn dispatch(&self, room: &Room, events: Vec<Event>) {
        let _turn = room.dispatching.lock().await;
        let last = room
            .core
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|c| c.state.last);
        let Some(last) = last else {
            // Not loaded: loading reads these events too.
            if let Err(err) = self.load(room).await {
                tracing::error!(%err, "cannot load the room");
            }
            return;
        };
        let mut events = events;
        events.sort_by_key(|e| e.id);
        if events.first().is_some_and(|e| e.id > last + 1) {
            match store::since(&self.0.db, room.stream, last, RESUME_MAX).await {
                Ok(missed) => events = missed.into_iter().chain(events).collect(),
                Err(err) => tracing::error!(%err, "cannot fill the room's gap"),
            }
        }
        let mut core = room.core.lock().unwrap_or_else(|e| e.into_inner());
        let Some(core) = core.as_mut() else { return };
        let mut gauge = room.gauge.lock().unwrap_or_else(|e| e.into_inner());
        for event in events {
            if core.state.apply(&event) {
                gauge.heard(&event);
                core.snapshot = None;
                let _ = room.tx.send(Out {
                    id: event.id,
                    text: frame(&event),
                });
            }
        }
    }

    async fn load(&self, room: &Room) -> Result<(), sqlx::Error> {
        if room
            .core
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            return Ok(());
        }
        let state = store::load_state(&self.0.db, room.stream).await?;
        // When the deal sold out, if it did before this node loaded the room.
        let sold_out = match &state.deal {
            Some(deal) => pulse::sold_out_at(&self.0.db, room.stream, deal)
                .await?
                .map(|at| (deal.id, at)),
            None => None,
        };
        {
            // The last minute's chat and questions, as far as the snapshot holds them.
            let since = now_ms() - 60_000;
            let mut said: Vec<(i64, bool)> = state
                .chat
                .iter()
                .map(|m| (m.at, false))
                .chain(state.questions.iter().map(|q| (q.message.at, true)))
                .filter(|(at, _)| *at > since)
                .collect();
            said.sort_unstable();
            let mut gauge = room.gauge.lock().unwrap_or_else(|e| e.into_inner());
            gauge.said = said.into();
            gauge.sold_out = gauge.sold_out.or(sold_out);
        }
        *room.core.lock().unwrap_or_else(|e| e.into_inner()) = Some(Core {
            state,
            snapshot: None,
        });
        Ok(())
    }

    /// Hands freshly written events to this node's viewers and to the other nodes.
    pub async fn publish(&self, stream: i64, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        if self.0.postgres.is_some() {
            let payload = serde_json::to_string(&Published {
                node: self.0.node.clone(),
                stream,
                events: events.clone(),
            })
            .unwrap_or_default();
            if let Err(err) = app::db::notify(&self.0.db, EVENTS_CHANNEL, &payload).await {
                tracing::error!(%err, "cannot notify the other nodes");
            }
        }
        let room = self
            .0
            .rooms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&stream)
            .cloned();
        if let Some(room) = room {
            self.dispatch(&room, events).await;
        }
    }

    /// Another node's events and viewer counts, through LISTEN; reconnects when it drops.
    async fn listen(self, url: String) {
        loop {
            match sqlx::postgres::PgListener::connect(&url).await {
                Ok(mut listener) => {
                    if let Err(err) = listener.listen_all([EVENTS_CHANNEL, VIEWERS_CHANNEL]).await {
                        tracing::error!(%err, "cannot LISTEN");
                    } else {
                        loop {
                            match listener.recv().await {
                                Ok(note) => self.heard(note.channel(), note.payload()).await,
                                Err(err) => {
                                    tracing::warn!(%err, "LISTEN connection lost");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(err) => tracing::error!(%err, "cannot connect to LISTEN"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    async fn heard(&self, channel: &str, payload: &str) {
        if channel == EVENTS_CHANNEL {
            let Ok(published) = serde_json::from_str::<Published>(payload) else {
                return;
            };
            if published.node == self.0.node {
                return;
            }
            let room = self
                .0
                .rooms
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&published.stream)
                .cloned();
            if let Some(room) = room {
                self.dispatch(&room, published.events).await;
            }
        } else if let Ok(counted) = serde_json::from_str::<Counted>(payload)
            && counted.node != self.0.node
        {
            self.0
                .remote
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(counted.node, (Instant::now(), counted.rooms));
        }
    }

    /// Every half second: announce stock and deal quantities that moved; every second,
    /// viewer counts (shared with the other nodes on PostgreSQL).
    async fn tick(self) {
        let mut every = tokio::time::interval(Duration::from_millis(500));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut beat = 0_u64;
        loop {
            every.tick().await;
            beat += 1;
            let rooms: Vec<Arc<Room>> = self
                .0
                .rooms
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .values()
                .cloned()
                .collect();
            for room in &rooms {
                let (db, stream) = (self.0.db.clone(), room.stream);
                let announced = lane()
                    .spawn(async move { store::announce_stock(&db, stream, now_ms()).await })
                    .await;
                match announced {
                    Ok(Ok(events)) => self.publish(room.stream, events).await,
                    Ok(Err(err)) => tracing::warn!(%err, "cannot announce stock"),
                    Err(err) => tracing::warn!(%err, "the stock announcement stopped"),
                }
            }
            if beat.is_multiple_of(2) {
                self.count(&rooms).await;
            }
            if beat.is_multiple_of(4) {
                self.record().await;
            }
            if beat.is_multiple_of(120) {
                self.forget_limits();
            }
        }
    }

    /// Writes the sessions opened and closed since the last time, with this node's heartbeat
    /// for those still open, on the store's own lane (a failed batch waits for the next).
    async fn record(&self) {
        let hub = self.clone();
        let flushed = lane()
            .spawn(async move { hub.0.recorder.flush(hub.0.sink.as_ref(), now_ms()).await })
            .await;
        match flushed {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => tracing::warn!(%err, "cannot record viewer sessions; retrying"),
            Err(err) => tracing::warn!(%err, "recording viewer sessions stopped"),
        }
    }

    async fn count(&self, rooms: &[Arc<Room>]) {
        let local: HashMap<i64, i64> = rooms
            .iter()
            .map(|r| (r.stream, r.viewers.load(Ordering::SeqCst)))
            .collect();
        if self.0.postgres.is_some() {
            let payload = serde_json::to_string(&Counted {
                node: self.0.node.clone(),
                rooms: local.clone(),
            })
            .unwrap_or_default();
            if let Err(err) = app::db::notify(&self.0.db, VIEWERS_CHANNEL, &payload).await {
                tracing::warn!(%err, "cannot share viewer counts");
            }
        }
        for room in rooms {
            let total = self.viewers(room);
            room.gauge
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .count(total, now_ms());
            if room.shown.swap(total, Ordering::SeqCst) != total {
                let _ = room.tx.send(Out {
                    id: 0,
                    text: frame(&Control::Viewers { n: total }),
                });
            }
            if room.watchers.load(Ordering::SeqCst) > 0 {
                self.pulse(room.clone());
            }
        }
    }

    /// Measures the room's pulse and sends it to its control rooms, on a task of its own
    /// (the store's figures take a few queries); a second that finds the last one still
    /// measuring is skipped.
    fn pulse(&self, room: Arc<Room>) {
        if room.pulsing.swap(true, Ordering::SeqCst) {
            return;
        }
        /// Lets the next second measure again, however this one ended.
        struct Measuring(Arc<Room>);
        impl Drop for Measuring {
            fn drop(&mut self) {
                self.0.pulsing.store(false, Ordering::SeqCst);
            }
        }
        let hub = self.clone();
        tokio::spawn(async move {
            let measuring = Measuring(room);
            let room = &measuring.0;
            match tokio::time::timeout(PULSE_PATIENCE, hub.measure(room)).await {
                Ok(Ok(Some(text))) => {
                    let _ = room.pulses.send(Out { id: 0, text });
                }
                Ok(Ok(None)) => {}
                Ok(Err(err)) => tracing::warn!(%err, "cannot measure the room's pulse"),
                Err(_) => tracing::warn!("the room's pulse took too long; skipped"),
            }
        });
    }

    async fn measure(&self, room: &Room) -> Result<Option<Utf8Bytes>, sqlx::Error> {
        let now = now_ms();
        let (state, live_at): (String, Option<i64>) = sqlx::query_as(&format!(
            "SELECT s.state, {} FROM streams s WHERE s.id = $1",
            app::insights::rollup::LIVE_AT
        ))
        .bind(room.stream)
        .fetch_one(&self.0.db)
        .await?;
        let sales =
            pulse::sales(&self.0.db, room.stream, live_at.unwrap_or(now / 1000), now).await?;
        let viewers = self.viewers(room);
        let (trend, chats, questions, sold_out) = {
            let gauge = room.gauge.lock().unwrap_or_else(|e| e.into_inner());
            let questions = gauge.said.iter().filter(|(_, q)| *q).count() as i64;
            (
                gauge.trend(now),
                gauge.said.len() as i64 - questions,
                questions,
                gauge.sold_out,
            )
        };
        let core = room.core.lock().unwrap_or_else(|e| e.into_inner());
        let Some(core) = core.as_ref() else {
            return Ok(None);
        };
        let sold_out_at = sold_out
            .filter(|(deal, _)| core.state.deal.as_ref().is_some_and(|d| d.id == *deal))
            .map(|(_, at)| at);
        let pulse = pulse::build(
            pulse::Room {
                now_ms: now,
                live: state == "live",
                since_ms: live_at.map_or(0, |t| t * 1000),
                viewers,
                trend,
                chats_minute: chats,
                questions_minute: questions,
                state: &core.state,
                sold_out_at,
            },
            sales,
        );
        Ok(Some(frame(&Frame::Pulse {
            pulse: Box::new(pulse),
        })))
    }

    /// Viewers of the room on every node (other nodes' counts fade after 5 s of silence).
    fn viewers(&self, room: &Room) -> i64 {
        let mut remote = self.0.remote.lock().unwrap_or_else(|e| e.into_inner());
        remote.retain(|_, (heard, _)| heard.elapsed() < Duration::from_secs(5));
        let others: i64 = remote
            .values()
            .filter_map(|(_, rooms)| rooms.get(&room.stream))
            .sum();
        room.viewers.load(Ordering::SeqCst) + others
    }

    /// `true` while `key` has room in its window.
    fn allow(&self, key: String, (limit, window): (u32, Duration)) -> bool {
        let mut limits = self.0.limits.lock().unwrap_or_else(|e| e.into_inner());
        let entry = limits.entry(key).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= window {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
        entry.1 <= limit
    }

    fn forget_limits(&self) {
        let mut limits = self.0.limits.lock().unwrap_or_else(|e| e.into_inner());
        limits.retain(|_, (since, _)| since.elapsed() < Duration::from_secs(60));
    }
}

#[derive(Deserialize)]
pub struct Resume {
    after: Option<i64>,
    /// The language of the page the room is watched from (for the stream's report).
    lang: Option<String>,
    /// `1`: the control room's socket (the team's pulse, nothing else).
    pulse: Option<u8>,
}

/// `GET /api/streams/{stream}/live?after=ID&lang=LOCALE`: the room's WebSocket.
#[expect(clippy::too_many_arguments, reason = "axum extractors")]
pub async fn connect(
    hub: Hub,
    Path(slug): Path<String>,
    Query(resume): Query<Resume>,
    axum::Extension(client): axum::Extension<ClientAddress>,
    headers: HeaderMap,
    user: Option<axum::Extension<User>>,
    upgrade: WebSocketUpgrade,
    public_url: Arc<str>,
) -> Response {
    // A page of another site must not open a viewer's room with the viewer's cookie.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
        && !same_site(origin, &headers, &public_url)
    {
        return (StatusCode::FORBIDDEN, "cross-site WebSocket refused\n").into_response();
    }
    let stream = match store::room_stream(&hub.0.db, &slug).await {
        Ok(Some(stream)) => stream,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such stream\n").into_response(),
        Err(err) => {
            tracing::error!(%err, "cannot read the stream");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let user = user.map(|u| u.0);
    let role = match store::role(&hub.0.db, user.as_ref(), &stream).await {
        Ok(role) => role,
        Err(err) => {
            tracing::error!(%err, "cannot read the viewer's role");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let watch = resume.pulse == Some(1);
    if watch && !role.moderates() {
        return (
            StatusCode::FORBIDDEN,
            "the control room is for the booth's team\n",
        )
            .into_response();
    }
    let viewer = Viewer {
        user,
        role,
        address: client.key(),
        session: app::forms::post::cookie(&headers, app::accounts::SESSION_COOKIE),
        demoted: AtomicBool::new(false),
        language: language_of(
            resume.lang.as_deref(),
            headers.get(header::REFERER).and_then(|r| r.to_str().ok()),
        ),
    };
    let Some(slot) = hub.open_slot(&viewer.address) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "Too many open connections from this address.\n",
        )
            .into_response();
    };
    // Small buffers: a viewer's frames are small, and ten thousand viewers share a node.
    upgrade
        .max_message_size(8 * 1024)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(8 * 1024)
        .on_upgrade(move |socket| async move {
            if watch {
                control_room(hub, stream, viewer, socket).await;
            } else {
                serve(hub, stream, viewer, resume.after, socket).await;
            }
            drop(slot);
        })
}

/// A socket counted against its client address while it is open.
struct SocketSlot {
    hub: Hub,
    address: String,
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        let mut sockets = self.hub.0.sockets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(open) = sockets.get_mut(&self.address) {
            *open = open.saturating_sub(1);
            if *open == 0 {
                sockets.remove(&self.address);
            }
        }
    }
}

struct Viewer {
    user: Option<User>,
    role: Role,
    address: String,
    /// The session the socket opened with, read again for every command: a signed-out,
    /// suspended or demoted person loses their powers at once, on every node.
    session: Option<String>,
    /// Opened on the team or as a moderator, and found not to be any more: limited like
    /// everyone, before any query, from then on.
    demoted: AtomicBool,
    /// The language of the page it watches from.
    language: &'static str,
}

async fn serve(
    hub: Hub,
    stream: RoomStream,
    viewer: Viewer,
    after: Option<i64>,
    socket: WebSocket,
) {
    let room = hub.join(stream.id, false);
    // The audience is measured; the booth's team and the moderators are not part of it.
    let user_id = viewer.user.as_ref().map(|u| u.id);
    let measured = matches!(viewer.role, Role::Guest | Role::Viewer)
        .then(|| {
            let who = hub.0.recorder.viewer_key(user_id, &viewer.address);
            hub.0
                .recorder
                .open(stream.id, &who, user_id, viewer.language, now_ms())
        })
        .flatten();
    let (mut sink, incoming) = socket.split();
    let hello = Control::Hello {
        now_ms: now_ms(),
        role: viewer.role,
        user: viewer.user.as_ref().map(|u| u.id),
    };
    // The reader runs on its own, so a fan-out never polls (or readies a buffer for) the
    // viewer's side of the socket: it wakes only when the viewer sends something.
    let heard = Arc::new(AtomicI64::new(now_ms()));
    let (refusals, mut refused) = tokio::sync::mpsc::channel::<Control>(8);
    let reader = tokio::spawn(read(
        hub.clone(),
        stream,
        viewer,
        incoming,
        heard.clone(),
        refusals,
    ));
    let result = async {
        // Subscribed before the snapshot or the missed events are read, so nothing falls
        // between them; what arrives twice is skipped by id.
        let mut rx = room.tx.subscribe();
        if let Err(err) = hub.load(&room).await {
            tracing::error!(%err, "cannot load the room");
            return Ok(());
        }
        sink.send(Message::Text(frame(&hello))).await?;
        let mut sent = greet(&hub, &room, after, &mut sink).await?;
        let total = hub.viewers(&room);
        sink.send(Message::Text(frame(&Control::Viewers { n: total }))).await?;
        let mut ping = tokio::time::interval(PING_EVERY);
        loop {
            tokio::select! {
                out = rx.recv() => match out {
                    Ok(out) => {
                        // Whatever else is already waiting goes out in the same write: a
                        // viewer that fell behind catches up in one flush, not one each.
                        let mut next = Some(out);
                        let mut queued = 0;
                        while let Some(out) = next.take() {
                            if out.id == 0 || out.id > sent {
                                sent = sent.max(out.id);
                                feed_within(&mut sink, Message::Text(out.text)).await?;
                                queued += 1;
                            }
                            if queued < BATCH_MAX {
                                next = match rx.try_recv() {
                                    Ok(out) => Some(out),
                                    Err(broadcast::error::TryRecvError::Lagged(_)) => {
                                        let _ = sink.send(Message::Close(Some(CloseFrame { code: 4000, reason: "behind".into() }))).await;
                                        return Ok(());
                                    }
                                    Err(_) => None,
                                };
                            }
                        }
                        flush_within(&mut sink).await?;
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        // Too far behind: the viewer reconnects and resumes from `sent`.
                        let _ = sink.send(Message::Close(Some(CloseFrame { code: 4000, reason: "behind".into() }))).await;
                        return Ok(());
                    }
                    Err(broadcast::error::RecvError::Closed) => return Ok(()),
                },
                refusal = refused.recv() => match refusal {
                    Some(refusal) => send_within(&mut sink, Message::Text(frame(&refusal))).await?,
                    // The reader ended: the viewer closed or broke the socket.
                    None => return Ok(()),
                },
                _ = ping.tick() => {
                    if now_ms() - heard.load(Ordering::Relaxed) > DEAD_AFTER.as_millis() as i64 {
                        return Ok(());
                    }
                    send_within(&mut sink, Message::Ping(Default::default())).await?;
                }
            }
        }
    }
    .await;
    if let Err(err) = result {
        let err: axum::Error = err;
        tracing::debug!(%err, "viewer gone");
    }
    reader.abort();
    hub.leave(&room, false);
    if let Some(session) = measured {
        hub.0.recorder.close(session, now_ms());
    }
}

/// How often a control room's person is checked again (signed out, left the team).
const RECHECK_EVERY: Duration = Duration::from_secs(10);

/// The control room's socket: the room's pulse every second, nothing from the viewer but
/// pongs. The person is checked again every few seconds: signed out or off the team, the
/// socket is closed with [`NOT_TEAM`].
async fn control_room(hub: Hub, stream: RoomStream, viewer: Viewer, socket: WebSocket) {
    let room = hub.join(stream.id, true);
    let (mut sink, mut incoming) = socket.split();
    let mut rx = room.pulses.subscribe();
    let result: Result<(), axum::Error> = async {
        if let Err(err) = hub.load(&room).await {
            tracing::error!(%err, "cannot load the room");
            return Ok(());
        }
        // The first pulse now, not in a second.
        hub.pulse(room.clone());
        let mut heard = Instant::now();
        let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
        let mut recheck =
            tokio::time::interval_at(tokio::time::Instant::now() + RECHECK_EVERY, RECHECK_EVERY);
        loop {
            tokio::select! {
                out = rx.recv() => match out {
                    Ok(out) => send_within(&mut sink, Message::Text(out.text)).await?,
                    // Behind: the next pulse says it all.
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return Ok(()),
                },
                message = incoming.next() => match message {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return Ok(()),
                    Some(Ok(_)) => heard = Instant::now(),
                },
                _ = ping.tick() => {
                    if heard.elapsed() > DEAD_AFTER {
                        return Ok(());
                    }
                    send_within(&mut sink, Message::Ping(Default::default())).await?;
                }
                _ = recheck.tick() => {
                    if !still_team(&hub, &stream, &viewer).await {
                        let _ = sink.send(Message::Close(Some(CloseFrame { code: NOT_TEAM, reason: "not on the team".into() }))).await;
                        return Ok(());
                    }
                }
            }
        }
    }
    .await;
    if let Err(err) = result {
        tracing::debug!(%err, "control room gone");
    }
    hub.leave(&room, true);
}

/// Whether the person who opened a control room may still read it (a store that does not
/// answer is not a reason to close it).
async fn still_team(hub: &Hub, stream: &RoomStream, viewer: &Viewer) -> bool {
    let (Some(token), Some(opened_as)) = (&viewer.session, &viewer.user) else {
        return false;
    };
    let db = &hub.0.db;
    let user = match app::accounts::store::session_user(db, token, now()).await {
        Ok(Some(user)) if user.id == opened_as.id => user,
        Ok(_) => return false,
        Err(_) => return true,
    };
    store::role(db, Some(&user), stream)
        .await
        .map_or(true, |role| role.moderates())
}

/// The viewer's side of the socket: commands (answered with refusals, if any) and pongs.
async fn read(
    hub: Hub,
    stream: RoomStream,
    viewer: Viewer,
    mut incoming: futures_util::stream::SplitStream<WebSocket>,
    heard: Arc<AtomicI64>,
    refusals: tokio::sync::mpsc::Sender<Control>,
) {
    while let Some(Ok(message)) = incoming.next().await {
        heard.store(now_ms(), Ordering::Relaxed);
        match message {
            Message::Text(text) => {
                if let Some(refusal) = command(&hub, &stream, &viewer, text.as_str()).await
                    && refusals.send(refusal).await.is_err()
                {
                    return;
                }
            }
            Message::Close(_) => return,
            _ => {}
        }
    }
}

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

/// Queues a frame without flushing, within the same patience as [`send_within`].
async fn feed_within(sink: &mut Sink, message: Message) -> Result<(), axum::Error> {
    match tokio::time::timeout(DEAD_AFTER, sink.feed(message)).await {
        Ok(result) => result,
        Err(_) => Err(axum::Error::new("the viewer stopped reading")),
    }
}

/// Flushes what was fed to the socket, within the same patience as [`send_within`].
async fn flush_within(sink: &mut Sink) -> Result<(), axum::Error> {
    match tokio::time::timeout(DEAD_AFTER, sink.flush()).await {
        Ok(result) => result,
        Err(_) => Err(axum::Error::new("the viewer stopped reading")),
    }
}

/// A socket that accepts nothing for [`DEAD_AFTER`] is given up on.
async fn send_within(sink: &mut Sink, message: Message) -> Result<(), axum::Error> {
    match tokio::time::timeout(DEAD_AFTER, sink.send(message)).await {
        Ok(result) => result,
        Err(_) => Err(axum::Error::new("the viewer stopped reading")),
    }
}

/// Sends a new viewer the snapshot, or a returning one what it missed; answers the id of the
/// last event it now has.
async fn greet(
    hub: &Hub,
    room: &Room,
    after: Option<i64>,
    sink: &mut Sink,
) -> Result<i64, axum::Error> {
    if let Some(after) = after.filter(|a| *a >= 0) {
        let last = room
            .core
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map_or(0, |c| c.state.last);
        if after <= last && last - after <= RESUME_MAX {
            match store::since(&hub.0.db, room.stream, after, RESUME_MAX).await {
                Ok(missed) => {
                    let mut sent = after;
                    for event in missed {
                        sent = event.id;
                        send_within(sink, Message::Text(frame(&event))).await?;
                    }
                    return Ok(sent);
                }
                Err(err) => tracing::error!(%err, "cannot read missed events"),
            }
        }
    }
    let (text, last) = {
        let mut core = room.core.lock().unwrap_or_else(|e| e.into_inner());
        let Some(core) = core.as_mut() else {
            return Ok(0);
        };
        let last = core.state.last;
        let text = core
            .snapshot
            .get_or_insert_with(|| {
                frame(&serde_json::json!({ "t": "snapshot", "state": &core.state }))
            })
            .clone();
        (text, last)
    };
    send_within(sink, Message::Text(text)).await?;
    Ok(last)
}

/// Carries out one command; answers the refusal to send back, if any.
async fn command(hub: &Hub, stream: &RoomStream, viewer: &Viewer, text: &str) -> Option<Control> {
    let refused = |code: &str| {
        Some(Control::Refused {
            code: code.to_owned(),
        })
    };
    let Ok(command) = serde_json::from_str::<Command>(text) else {
        return refused("bad_command");
    };
    let Some(opened_as) = viewer.user.as_ref() else {
        return refused("sign_in");
    };
    // Limits first, by who opened the socket and from where: a flood costs no queries. The
    // team and moderators are never limited.
    let over_limit = || {
        !hub.allow(format!("u{}:{}", stream.id, opened_as.id), PER_PERSON)
            || !hub.allow(format!("a{}", viewer.address), PER_ADDRESS)
    };
    let unlimited = viewer.role.moderates() && !viewer.demoted.load(Ordering::Relaxed);
    if !unlimited && over_limit() {
        return refused("rate_limited");
    }
    // Who is asking now, not when the socket opened.
    let db = &hub.0.db;
    let fresh = match &viewer.session {
        Some(token) => app::accounts::store::session_user(db, token, now()).await,
        None => Ok(None),
    };
    let user = match fresh {
        Ok(Some(user)) if user.id == opened_as.id => user,
        Ok(_) => return refused("sign_in"),
        Err(err) => {
            tracing::error!(%err, "cannot read the session");
            return refused("unavailable");
        }
    };
    let role = match store::role(db, Some(&user), stream).await {
        Ok(role) => role,
        Err(err) => {
            tracing::error!(%err, "cannot read the viewer's role");
            return refused("unavailable");
        }
    };
    // Someone who opened the socket on the team and has since left it is limited from now on,
    // like anyone else (and before the queries, from the next command on).
    if unlimited && !role.moderates() {
        viewer.demoted.store(true, Ordering::Relaxed);
        if over_limit() {
            return refused("rate_limited");
        }
    }
    let (db, stream_id) = (hub.0.db.clone(), stream.id);
    let acted = lane()
        .spawn(async move {
            let actor = Actor { user: &user, role };
            store::act(&db, stream_id, &actor, command, now_ms()).await
        })
        .await;
    match acted {
        Ok(Ok(events)) => {
            hub.publish(stream.id, events).await;
            None
        }
        // Store failures were logged where they arose; the sender may try again.
        Ok(Err(error)) => refused(store::refusal_code(&error)),
        Err(err) => {
            tracing::error!(%err, "a room command stopped");
            refused("unavailable")
        }
    }
}
