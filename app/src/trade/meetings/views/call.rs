//! The browser's side of a meeting room (hydrate only): one WebSocket, reconnecting and
//! asking for the lines it missed; and the call, peer to peer. Whoever is already in the
//! call offers to connect when the other party joins; if both offer at once, the party with
//! the larger account number gives way (WebRTC's "perfect negotiation"). Nothing of the
//! call passes through the server but its signalling.

use super::room::{Call, Signals, refusal};
use crate::i18n::Locale;
use crate::trade::meetings::model::{IceServer, Room, RoomCall, RoomNews, SignalKind};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    HtmlMediaElement, MediaStream, MediaStreamConstraints, MediaStreamTrack, MessageEvent,
    RtcConfiguration, RtcPeerConnection, RtcPeerConnectionIceEvent, RtcPeerConnectionState,
    RtcSignalingState, RtcTrackEvent, WebSocket,
};

/// How long a dropped socket waits before it reconnects: doubling from 2 s to a minute (a
/// page left open after the meeting, refused, asks less and less).
fn retry_ms(attempt: u32) -> u32 {
    (2000_u32 << attempt.min(5)).min(60_000)
}

struct State {
    /// The socket's address without `after`.
    url: Option<String>,
    socket: Option<WebSocket>,
    peer: i64,
    /// Gives way when both offer at once.
    polite: bool,
    /// `RTCConfiguration` as JSON: the STUN/TURN servers and the transport policy.
    config: String,
    local: Option<MediaStream>,
    pc: Option<RtcPeerConnection>,
    making_offer: bool,
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
        peer: room.peer,
        polite: room.me > room.peer,
        config: rtc_config(&room.ice, room.relay_only),
        local: None,
        pc: None,
        making_offer: false,
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
                    for track in stream.get_tracks().iter() {
                        track.unchecked_into::<MediaStreamTrack>().stop();
                    }
                }
                Ok(stream) => {
                    show("local-video", Some(&stream));
                    {
                        let mut s = state.borrow_mut();
                        s.local = Some(stream);
                        s.in_call = true;
                    }
                    signals.call.set(Call::Waiting);
                    send(&state, &RoomCall::Join);
                }
                Err(_) => signals.call.set(Call::Denied),
            }
        });
    }

    /// Out of the call: the connection closed, the camera off.
    pub fn leave(self) {
        let Some(state) = self.state.try_get_value() else {
            return;
        };
        send(&state, &RoomCall::Leave);
        hang_up(&state);
        let local = {
            let mut s = state.borrow_mut();
            s.in_call = false;
            s.local.take()
        };
        if let Some(local) = local {
            for track in local.get_tracks().iter() {
                track.unchecked_into::<MediaStreamTrack>().stop();
            }
        }
        show("local-video", None);
        self.signals.call.set(Call::Off);
    }
}

fn socket_url(locale: Locale, number: &str, zone: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    Some(format!(
        "{scheme}://{host}/{}/meetings/{number}/room?tz={zone}",
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
        Closure::<dyn FnMut()>::new(move || {
            signals.online.set(false);
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
    let (peer, in_call) = {
        let s = state.borrow();
        (s.peer, s.in_call)
    };
    match news {
        RoomNews::Hello { .. } => {
            signals.online.set(true);
            state.borrow_mut().attempts = 0;
            // Back after a drop: the other party heard us leave and hung up, so the call
            // starts again, offered by them.
            if in_call {
                hang_up(state);
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
        RoomNews::Joined { peer: who } if who == peer && in_call => {
            // They (re)joined: whatever connection there was is stale.
            hang_up(state);
            leptos::task::spawn_local(offer(state.clone(), signals));
        }
        RoomNews::Left { peer: who } if who == peer => {
            hang_up(state);
            if in_call {
                signals.call.set(Call::Waiting);
            }
        }
        RoomNews::Signal { from, kind, body } if from == peer && in_call => {
            leptos::task::spawn_local(signalled(state.clone(), kind, body, signals));
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

/// Puts a stream in one of the page's video elements, playing (or empties it).
fn show(id: &str, stream: Option<&MediaStream>) {
    if let Some(video) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlMediaElement>().ok())
    {
        video.set_src_object(stream);
        // `autoplay` alone leaves a stream given after the page loaded paused.
        if stream.is_some() {
            let _ = video.play();
        }
    }
}

fn hang_up(state: &Shared) {
    if let Some(pc) = state.borrow_mut().pc.take() {
        pc.close();
    }
    show("remote-video", None);
}

/// The connection to the other party, made with the local tracks when there is none.
fn connection(state: &Shared, signals: Signals) -> Option<RtcPeerConnection> {
    if let Some(pc) = &state.borrow().pc {
        return Some(pc.clone());
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
        Closure::<dyn FnMut(RtcPeerConnectionIceEvent)>::new(move |e: RtcPeerConnectionIceEvent| {
            if let Some(candidate) = e.candidate()
                && let Some(body) = js_sys::JSON::stringify(&candidate.to_json())
                    .ok()
                    .and_then(|b| b.as_string())
            {
                let to = state.borrow().peer;
                send(
                    &state,
                    &RoomCall::Signal {
                        to,
                        kind: SignalKind::Candidate,
                        body,
                    },
                );
            }
        })
    };
    pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
    on_candidate.forget();
    let on_track = Closure::<dyn FnMut(RtcTrackEvent)>::new(move |e: RtcTrackEvent| {
        if let Ok(stream) = e.streams().get(0).dyn_into::<MediaStream>() {
            show("remote-video", Some(&stream));
        }
    });
    pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
    on_track.forget();
    let on_state = {
        let pc = pc.clone();
        Closure::<dyn FnMut()>::new(move || match pc.connection_state() {
            RtcPeerConnectionState::Connected => signals.call.set(Call::Connected),
            RtcPeerConnectionState::Failed => signals.call.set(Call::Failed),
            RtcPeerConnectionState::Disconnected => signals.call.set(Call::Connecting),
            _ => {}
        })
    };
    pc.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
    state.borrow_mut().pc = Some(pc.clone());
    Some(pc)
}

/// Sends the connection's local description to the other party as `kind`.
fn describe(state: &Shared, pc: &RtcPeerConnection, kind: SignalKind) {
    let Some(body) = pc
        .local_description()
        .and_then(|d| js_sys::JSON::stringify(&d).ok())
        .and_then(|b| b.as_string())
    else {
        return;
    };
    let to = state.borrow().peer;
    send(state, &RoomCall::Signal { to, kind, body });
}

async fn offer(state: Shared, signals: Signals) {
    let Some(pc) = connection(&state, signals) else {
        signals.call.set(Call::Failed);
        return;
    };
    signals.call.set(Call::Connecting);
    state.borrow_mut().making_offer = true;
    let made = async {
        let offer = JsFuture::from(pc.create_offer()).await?;
        JsFuture::from(pc.set_local_description(offer.unchecked_ref())).await
    }
    .await;
    state.borrow_mut().making_offer = false;
    if made.is_ok() {
        describe(&state, &pc, SignalKind::Offer);
    }
}

async fn signalled(state: Shared, kind: SignalKind, body: String, signals: Signals) {
    let Ok(value) = js_sys::JSON::parse(&body) else {
        return;
    };
    match kind {
        SignalKind::Offer => {
            let (collision, polite) = {
                let s = state.borrow();
                let busy =
                    s.pc.as_ref()
                        .is_some_and(|pc| pc.signaling_state() != RtcSignalingState::Stable);
                (s.making_offer || busy, s.polite)
            };
            if collision && !polite {
                return;
            }
            let Some(pc) = connection(&state, signals) else {
                return;
            };
            if signals.call.get_untracked() != Call::Connected {
                signals.call.set(Call::Connecting);
            }
            let answered = async {
                JsFuture::from(pc.set_remote_description(value.unchecked_ref())).await?;
                let answer = JsFuture::from(pc.create_answer()).await?;
                JsFuture::from(pc.set_local_description(answer.unchecked_ref())).await
            }
            .await;
            if answered.is_ok() {
                describe(&state, &pc, SignalKind::Answer);
            }
        }
        SignalKind::Answer => {
            let pc = state.borrow().pc.clone();
            if let Some(pc) = pc {
                let _ = JsFuture::from(pc.set_remote_description(value.unchecked_ref())).await;
            }
        }
        SignalKind::Candidate => {
            let pc = state.borrow().pc.clone();
            if let Some(pc) = pc {
                let _ = JsFuture::from(pc.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(
                    value.unchecked_ref(),
                )))
                .await;
            }
        }
    }
}
