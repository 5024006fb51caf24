//! The browser's side of a meeting room (hydrate only): one WebSocket, reconnecting and
//! asking for the lines it missed; and the call, peer to peer, with one connection to each
//! other person in it — the other party, and the council's moderator when one is seated.
//! Of each pair, the one with the smaller account number makes the offers: when someone
//! joins, whoever is in the call and smaller offers them a connection, and whoever is larger
//! asks them to offer (`Ready`). Two never offer to each other at once (when a browser gives
//! way to an offer it had crossed, Chromium may send no candidates for its answer, and the
//! pair never connects); should it happen anyway, the larger gives way (WebRTC's "perfect
//! negotiation"). Nothing of the call passes through the server but its signalling.

use super::room::{Call, Link, LinkState, Signals, refusal};
use crate::i18n::Locale;
use crate::trade::meetings::model::{IceServer, ROOM_ENDED, Room, RoomCall, RoomNews, SignalKind};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CloseEvent, HtmlMediaElement, MediaStream, MediaStreamConstraints, MediaStreamTrack,
    MessageEvent, RtcConfiguration, RtcPeerConnection, RtcPeerConnectionIceEvent,
    RtcPeerConnectionState, RtcSignalingState, RtcTrackEvent, WebSocket,
};

/// How long a dropped socket waits before it reconnects: doubling from 2 s to a minute (a
/// page left open after the meeting, refused, asks less and less).
fn retry_ms(attempt: u32) -> u32 {
    (2000_u32 << attempt.min(5)).min(60_000)
}

/// The connection to one other person in the call, with its event handlers (dropped, and
/// taken off the connection, when it hangs up).
struct Peer {
    pc: RtcPeerConnection,
    making_offer: bool,
    /// Their candidates heard before their description: a connection takes candidates only
    /// once it knows the other side's description, and when two offer at once, the one
    /// that gives way sends candidates before its answer. Added when the description is.
    early: Vec<JsValue>,
    _handlers: Handlers,
}

type Handlers = (
    Closure<dyn FnMut(RtcPeerConnectionIceEvent)>,
    Closure<dyn FnMut(RtcTrackEvent)>,
    Closure<dyn FnMut()>,
);

struct State {
    /// The socket's address without `after`.
    url: Option<String>,
    socket: Option<WebSocket>,
    me: i64,
    /// Everyone's names by account, as the page and the room told them.
    names: HashMap<i64, String>,
    /// `RTCConfiguration` as JSON: the STUN/TURN servers and the transport policy.
    config: String,
    local: Option<MediaStream>,
    peers: HashMap<i64, Peer>,
    in_call: bool,
    last_note: i64,
    /// Reconnections since the room last said hello.
    attempts: u32,
}

type Shared = Rc<RefCell<State>>;

/// The room's connection on this page; copied into the buttons and forms.
#[derive(Clone, Copy)]
pub struct Wire {
    state: StoredValue<Shared, LocalStorage>,
    signals: Signals,
}

/// Connects to the room (when it is open) and answers the handle the page acts through.
pub fn run(number: &str, room: &Room, signals: Signals, locale: Locale) -> Wire {
    let url = room
        .open
        .then(|| socket_url(locale, number, &room.zone))
        .flatten();
    let state = Rc::new(RefCell::new(State {
        url,
        socket: None,
        me: room.me,
        names: room.peers.iter().cloned().collect(),
        config: rtc_config(&room.ice, room.relay_only),
        local: None,
        peers: HashMap::new(),
        in_call: false,
        last_note: room.notes.iter().map(|n| n.id).max().unwrap_or(0),
        attempts: 0,
    }));
    connect(state.clone(), signals, locale);
    Wire {
        state: StoredValue::new_local(state),
        signals,
    }
}

impl Wire {
    /// Sends on the socket; `false` when it is not open (the form then posts instead).
    pub fn sender(self) -> impl Fn(RoomCall) -> bool + Send + Sync + Copy + 'static {
        move |call: RoomCall| self.state.with_value(|s| send(s, &call))
    }

    /// Camera and microphone on, then into the call.
    pub fn join(self) {
        let Some(state) = self.state.try_get_value() else {
            return;
        };
        let signals = self.signals;
        signals.call.set(Call::Starting);
        leptos::task::spawn_local(async move {
            match camera().await {
                // Left while the browser asked for the camera: it stays off.
                Ok(stream) if signals.call.get_untracked() != Call::Starting => {
                    stop(&stream);
                }
                Ok(stream) => {
                    show(&local_video(), Some(&stream));
                    {
                        let mut s = state.borrow_mut();
                        s.local = Some(stream);
                        s.in_call = true;
                    }
                    signals.call.set(Call::In);
                    send(&state, &RoomCall::Join);
                }
                Err(_) => signals.call.set(Call::Denied),
            }
        });
    }

    /// Out of the call: every connection closed, the camera off.
    pub fn leave(self) {
        let Some(state) = self.state.try_get_value() else {
            return;
        };
        send(&state, &RoomCall::Leave);
        hang_up_all(&state, self.signals);
        let local = {
            let mut s = state.borrow_mut();
            s.in_call = false;
            s.local.take()
        };
        if let Some(local) = local {
            stop(&local);
        }
        show(&local_video(), None);
        self.signals.call.set(Call::Off);
    }
}

fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

fn socket_url(locale: Locale, number: &str, zone: &str) -> Option<String> {
    crate::ui::socket_url(&format!(
        "/{}/meetings/{number}/room?tz={zone}",
        locale.code()
    ))
}

fn rtc_config(servers: &[IceServer], relay_only: bool) -> String {
    let servers: Vec<serde_json::Value> = servers
        .iter()
        .map(|s| {
            let mut server = serde_json::json!({ "urls": s.urls });
            if let (Some(username), Some(credential)) = (&s.username, &s.credential) {
                server["username"] = username.clone().into();
                server["credential"] = credential.clone().into();
            }
            server
        })
        .collect();
    serde_json::json!({
        "iceServers": servers,
        "iceTransportPolicy": if relay_only { "relay" } else { "all" },
    })
    .to_string()
}

fn send(state: &Shared, call: &RoomCall) -> bool {
    let s = state.borrow();
    match &s.socket {
        Some(ws) if ws.ready_state() == WebSocket::OPEN => {
            serde_json::to_string(call).is_ok_and(|text| ws.send_with_str(&text).is_ok())
        }
        _ => false,
    }
}

fn connect(state: Shared, signals: Signals, locale: Locale) {
    let url = {
        let s = state.borrow();
        let Some(url) = &s.url else { return };
        format!("{url}&after={}", s.last_note)
    };
    let Ok(ws) = WebSocket::new(&url) else {
        return;
    };
    let on_message = {
        let state = state.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(text) = e.data().as_string()
                && let Ok(news) = serde_json::from_str::<RoomNews>(&text)
            {
                heard(&state, news, signals, locale);
            }
        })
    };
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_close = {
        let state = state.clone();
        Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            signals.online.set(false);
            // The others heard us leave and hung up: our side of each connection is dead
            // too (back, the room's hello joins the call again).
            hang_up_all(&state, signals);
            if e.code() == ROOM_ENDED {
                signals.ended.set(true);
                signals.problem.set(Some(refusal(locale, "meeting_over")));
                return;
            }
            let delay = {
                let mut s = state.borrow_mut();
                s.attempts += 1;
                retry_ms(s.attempts - 1)
            };
            let state = state.clone();
            gloo_timers::callback::Timeout::new(delay, move || connect(state, signals, locale))
                .forget();
        })
    };
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_close.forget();
    state.borrow_mut().socket = Some(ws);
}

fn heard(state: &Shared, news: RoomNews, signals: Signals, locale: Locale) {
    let (me, in_call) = {
        let s = state.borrow();
        (s.me, s.in_call)
    };
    match news {
        RoomNews::Hello { .. } => {
            signals.online.set(true);
            state.borrow_mut().attempts = 0;
            // Back after a drop: the others heard us leave and hung up, so the call starts
            // again (each pair offered by its smaller account, asked by the other).
            if in_call {
                hang_up_all(state, signals);
                send(state, &RoomCall::Join);
            }
        }
        RoomNews::Note { note } => {
            {
                let mut s = state.borrow_mut();
                s.last_note = s.last_note.max(note.id);
            }
            signals.notes.update(|notes| {
                if !notes.iter().any(|n| n.id == note.id) {
                    notes.push(*note);
                }
            });
        }
        RoomNews::Refused { code } => signals.problem.set(Some(refusal(locale, &code))),
        RoomNews::Joined { peer, name } if peer != me => {
            state.borrow_mut().names.insert(peer, name);
            if in_call {
                // They (re)joined: whatever connection there was to them is stale.
                hang_up(state, peer, signals);
                if offers(me, peer) {
                    leptos::task::spawn_local(offer(state.clone(), peer, signals));
                } else {
                    ask_for_offer(state.clone(), peer, READY_TRIES);
                }
            }
        }
        RoomNews::Left { peer } if peer != me => hang_up(state, peer, signals),
        RoomNews::Signal {
            from,
            name,
            kind,
            body,
        } if from != me && in_call => {
            state.borrow_mut().names.insert(from, name);
            leptos::task::spawn_local(signalled(state.clone(), from, kind, body, signals));
        }
        _ => {}
    }
}

async fn camera() -> Result<MediaStream, JsValue> {
    let devices = web_sys::window()
        .ok_or(JsValue::NULL)?
        .navigator()
        .media_devices()?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&JsValue::TRUE);
    constraints.set_audio(&JsValue::TRUE);
    let stream = JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?;
    Ok(stream.unchecked_into())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn local_video() -> Option<HtmlMediaElement> {
    document()
        .and_then(|d| d.get_element_by_id("local-video"))
        .and_then(|e| e.dyn_into().ok())
}

/// Plays a stream in a video element (or empties it).
fn show(video: &Option<HtmlMediaElement>, stream: Option<&MediaStream>) {
    if let Some(video) = video {
        video.set_src_object(stream);
        // `autoplay` alone leaves a stream given after the page loaded paused.
        if stream.is_some() {
            let _ = video.play();
        }
    }
}

fn tile_id(peer: i64) -> String {
    format!("remote-tile-{peer}")
}

/// The tile showing `peer`'s video, added to the stage when their connection is made.
fn tile(peer: i64, name: &str) -> Option<HtmlMediaElement> {
    let document = document()?;
    if let Some(video) = document
        .get_element_by_id(&tile_id(peer))
        .and_then(|t| t.query_selector("video").ok().flatten())
    {
        return video.dyn_into().ok();
    }
    let stage = document.get_element_by_id("call-remotes")?;
    let figure = document.create_element("figure").ok()?;
    figure.set_id(&tile_id(peer));
    figure.set_class_name("call__tile call__tile--remote");
    let video = document.create_element("video").ok()?;
    for (name, value) in [
        ("autoplay", ""),
        ("playsinline", ""),
        ("data-testid", "remote-video"),
    ] {
        let _ = video.set_attribute(name, value);
    }
    let caption = document.create_element("figcaption").ok()?;
    let bdi = document.create_element("bdi").ok()?;
    bdi.set_text_content(Some(name));
    caption.append_child(&bdi).ok()?;
    figure.append_child(&video).ok()?;
    figure.append_child(&caption).ok()?;
    stage.append_child(&figure).ok()?;
    video.dyn_into().ok()
}

/// Sets how the connection to `peer` stands, as the page tells it.
fn mark(signals: Signals, peer: i64, name: Option<String>, state: Option<LinkState>) {
    signals.links.update(|links| {
        links.retain(|l| l.peer != peer || state.is_some());
        match (links.iter_mut().find(|l| l.peer == peer), state) {
            (Some(link), Some(state)) => link.state = state,
            (None, Some(state)) => links.push(Link {
                peer,
                name: name.unwrap_or_default(),
                state,
            }),
            _ => {}
        }
    });
}

fn hang_up(state: &Shared, peer: i64, signals: Signals) {
    let gone = state.borrow_mut().peers.remove(&peer);
    if let Some(gone) = gone {
        gone.pc.set_onicecandidate(None);
        gone.pc.set_ontrack(None);
        gone.pc.set_onconnectionstatechange(None);
        gone.pc.close();
    }
    if let Some(tile) = document().and_then(|d| d.get_element_by_id(&tile_id(peer))) {
        tile.remove();
    }
    mark(signals, peer, None, None);
}

fn hang_up_all(state: &Shared, signals: Signals) {
    let peers: Vec<i64> = state.borrow().peers.keys().copied().collect();
    for peer in peers {
        hang_up(state, peer, signals);
    }
}

/// The connection to `peer`, made with the local tracks when there is none.
fn connection(state: &Shared, peer: i64, signals: Signals) -> Option<RtcPeerConnection> {
    if let Some(link) = state.borrow().peers.get(&peer) {
        return Some(link.pc.clone());
    }
    let config: RtcConfiguration = js_sys::JSON::parse(&state.borrow().config)
        .ok()?
        .unchecked_into();
    let pc = RtcPeerConnection::new_with_configuration(&config).ok()?;
    if let Some(local) = &state.borrow().local {
        for track in local.get_tracks().iter() {
            pc.add_track_0(&track.unchecked_into::<MediaStreamTrack>(), local);
        }
    }
    let on_candidate = {
        let state = state.clone();
        let pc = pc.clone();
        Closure::<dyn FnMut(RtcPeerConnectionIceEvent)>::new(move |e: RtcPeerConnectionIceEvent| {
            if current(&state, peer, &pc)
                && let Some(candidate) = e.candidate()
                && let Some(body) = js_sys::JSON::stringify(&candidate.to_json())
                    .ok()
                    .and_then(|b| b.as_string())
            {
                send(
                    &state,
                    &RoomCall::Signal {
                        to: peer,
                        kind: SignalKind::Candidate,
                        body,
                    },
                );
            }
        })
    };
    pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
    let name = state.borrow().names.get(&peer).cloned().unwrap_or_default();
    let on_track = {
        let state = state.clone();
        let pc = pc.clone();
        let name = name.clone();
        Closure::<dyn FnMut(RtcTrackEvent)>::new(move |e: RtcTrackEvent| {
            if current(&state, peer, &pc)
                && let Ok(stream) = e.streams().get(0).dyn_into::<MediaStream>()
            {
                show(&tile(peer, &name), Some(&stream));
            }
        })
    };
    pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
    let on_state = {
        let state = state.clone();
        let pc = pc.clone();
        Closure::<dyn FnMut()>::new(move || {
            let now = match pc.connection_state() {
                RtcPeerConnectionState::Connected => LinkState::Connected,
                RtcPeerConnectionState::Failed => LinkState::Failed,
                RtcPeerConnectionState::Disconnected => LinkState::Connecting,
                _ => return,
            };
            if !current(&state, peer, &pc) {
                return;
            }
            mark(signals, peer, None, Some(now));
            // A connection that failed (its relay or route lost under load, or the other
            // side hung up on a late "left") is not left dead: the pair's offerer offers a
            // fresh one, and the other asks it to.
            if now == LinkState::Failed {
                if offers(state.borrow().me, peer) {
                    // (after this handler returns: hanging up drops it)
                    let state = state.clone();
                    leptos::task::spawn_local(async move {
                        hang_up(&state, peer, signals);
                        offer(state, peer, signals).await;
                    });
                } else {
                    // (the offerer may not see it fail: its side may have been hung up)
                    ask_for_offer(state.clone(), peer, READY_TRIES);
                }
            }
        })
    };
    pc.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));
    state.borrow_mut().peers.insert(
        peer,
        Peer {
            pc: pc.clone(),
            making_offer: false,
            early: Vec::new(),
            _handlers: (on_candidate, on_track, on_state),
        },
    );
    mark(signals, peer, Some(name), Some(LinkState::Connecting));
    Some(pc)
}

/// `pc` is still the connection to `peer`: events and descriptions of one since replaced
/// (they hung up and came back while it negotiated) are not news.
fn current(state: &Shared, peer: i64, pc: &RtcPeerConnection) -> bool {
    state
        .borrow()
        .peers
        .get(&peer)
        .is_some_and(|link| JsValue::from(&link.pc) == JsValue::from(pc))
}

/// Sends the connection's local description to `peer` as `kind`, if it is still theirs.
fn describe(state: &Shared, peer: i64, pc: &RtcPeerConnection, kind: SignalKind) {
    if !current(state, peer, pc) {
        return;
    }
    let Some(body) = pc
        .local_description()
        .and_then(|d| js_sys::JSON::stringify(&d).ok())
        .and_then(|b| b.as_string())
    else {
        return;
    };
    send(
        state,
        &RoomCall::Signal {
            to: peer,
            kind,
            body,
        },
    );
}

fn making_offer(state: &Shared, peer: i64, making: bool) {
    if let Some(link) = state.borrow_mut().peers.get_mut(&peer) {
        link.making_offer = making;
    }
}

/// Offers `peer` a connection.
async fn offer(state: Shared, peer: i64, signals: Signals) {
    let Some(pc) = connection(&state, peer, signals) else {
        mark(signals, peer, None, Some(LinkState::Failed));
        return;
    };
    making_offer(&state, peer, true);
    let made = async {
        let offer = JsFuture::from(pc.create_offer()).await?;
        JsFuture::from(pc.set_local_description(offer.unchecked_ref())).await
    }
    .await;
    making_offer(&state, peer, false);
    // Still an offer: if theirs came meanwhile and this side gave way, it has answered.
    if made.is_ok() && pc.signaling_state() == RtcSignalingState::HaveLocalOffer {
        describe(&state, peer, &pc, SignalKind::Offer);
    }
}

/// Their description is set on `pc`: the candidates that came before it are added now.
async fn add_early(state: &Shared, peer: i64, pc: &RtcPeerConnection) {
    let early = match state.borrow_mut().peers.get_mut(&peer) {
        Some(link) if JsValue::from(&link.pc) == JsValue::from(pc) => {
            std::mem::take(&mut link.early)
        }
        _ => return,
    };
    for candidate in early {
        add_candidate(pc, &candidate).await;
    }
}

async fn add_candidate(pc: &RtcPeerConnection, candidate: &JsValue) {
    // One the connection cannot use (of a description since replaced) is only skipped.
    let _ = JsFuture::from(
        pc.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(candidate.unchecked_ref())),
    )
    .await;
}

/// Whether `me` makes the offers to `peer` (the smaller account number does).
fn offers(me: i64, peer: i64) -> bool {
    me < peer
}

/// How often a `Ready` is sent before giving up, and how long each waits for the offer.
const READY_TRIES: u32 = 4;
const READY_WAIT_MS: u32 = 5_000;

/// Asks `peer` (the pair's offerer) for an offer, and again after a while if none came: a
/// signal refused on the way (a busy store, a rate limit) must not leave the pair apart.
fn ask_for_offer(state: Shared, peer: i64, tries: u32) {
    let ready = RoomCall::Signal {
        to: peer,
        kind: SignalKind::Ready,
        body: String::new(),
    };
    send(&state, &ready);
    if tries <= 1 {
        return;
    }
    gloo_timers::callback::Timeout::new(READY_WAIT_MS, move || {
        let waiting = {
            let s = state.borrow();
            s.in_call && s.names.contains_key(&peer) && !s.peers.contains_key(&peer)
        };
        if waiting {
            ask_for_offer(state, peer, tries - 1);
        }
    })
    .forget();
}

/// Whether a connection is worth keeping: not failed or closed, and answered.
fn alive(pc: &RtcPeerConnection) -> bool {
    !matches!(
        pc.connection_state(),
        RtcPeerConnectionState::Failed | RtcPeerConnectionState::Closed
    ) && pc.remote_description().is_some()
}

async fn signalled(state: Shared, peer: i64, kind: SignalKind, body: String, signals: Signals) {
    if kind == SignalKind::Ready {
        // They are in the call and wait for an offer: unless one is on its way already
        // (both heard the other join), it is made now, on a fresh connection if the one
        // there is dead (they asked because theirs failed, or a late "left" hung it up).
        let (me, known) = {
            let s = state.borrow();
            (s.me, s.peers.get(&peer).map(|link| link.pc.clone()))
        };
        if !offers(me, peer) {
            return;
        }
        match known {
            Some(pc) if alive(&pc) || pc.signaling_state() == RtcSignalingState::HaveLocalOffer => {
            }
            Some(_) => {
                hang_up(&state, peer, signals);
                offer(state, peer, signals).await;
            }
            None => offer(state, peer, signals).await,
        }
        return;
    }
    let Ok(value) = js_sys::JSON::parse(&body) else {
        return;
    };
    match kind {
        SignalKind::Offer => {
            let (collision, polite, fresh) = {
                let s = state.borrow();
                let link = s.peers.get(&peer);
                let collision = link.is_some_and(|link| {
                    link.making_offer || link.pc.signaling_state() != RtcSignalingState::Stable
                });
                // An offer to a connection already made is from a new one of theirs (they
                // offer afresh after theirs failed): this side starts afresh too.
                (collision, s.me > peer, link.is_some() && !collision)
            };
            if collision && !polite {
                return;
            }
            if fresh {
                hang_up(&state, peer, signals);
            }
            let Some(pc) = connection(&state, peer, signals) else {
                return;
            };
            let answered = async {
                JsFuture::from(pc.set_remote_description(value.unchecked_ref())).await?;
                add_early(&state, peer, &pc).await;
                let answer = JsFuture::from(pc.create_answer()).await?;
                JsFuture::from(pc.set_local_description(answer.unchecked_ref())).await
            }
            .await;
            if answered.is_ok() {
                describe(&state, peer, &pc, SignalKind::Answer);
            }
        }
        SignalKind::Answer => {
            let pc = state.borrow().peers.get(&peer).map(|l| l.pc.clone());
            // An answer to an offer since given up (theirs won) is not news.
            if let Some(pc) =
                pc.filter(|pc| pc.signaling_state() == RtcSignalingState::HaveLocalOffer)
                && JsFuture::from(pc.set_remote_description(value.unchecked_ref()))
                    .await
                    .is_ok()
            {
                add_early(&state, peer, &pc).await;
            }
        }
        SignalKind::Candidate => {
            let pc = {
                let mut s = state.borrow_mut();
                let Some(link) = s.peers.get_mut(&peer) else {
                    return;
                };
                if link.pc.remote_description().is_none() {
                    link.early.push(value);
                    return;
                }
                link.pc.clone()
            };
            add_candidate(&pc, &value).await;
        }
        // (answered above)
        SignalKind::Ready => {}
    }
}
