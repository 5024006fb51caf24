//! The meeting room (an island on the meeting's page): the call — the two parties, and the
//! council's moderator when one is seated — and the conversation beside it. Served as plain HTML it is the conversation with two forms — say something,
//! share a product of the booth — that post like any other; hydrated, the same forms go
//! over the room's WebSocket, lines arrive as they are written, and a "start camera"
//! button joins the call (WebRTC, peer to peer, signalled over the same socket).

use crate::forms::message;
use crate::i18n::{Locale, isolate, tr};
use crate::trade::meetings::model::{Note, Room, RoomCall};
use crate::ui::layout::href;
use leptos::prelude::*;

/// Where the reader stands in the call, as the page tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "hydrate"),
    allow(dead_code, reason = "set by the browser's side")
)]
pub enum Call {
    Off,
    /// The camera is asked for.
    Starting,
    /// In the call (connected to whoever else is: see [`Link`]).
    In,
    /// The browser refused the camera or microphone.
    Denied,
}

/// How the connection to one other person in the call stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "hydrate"),
    allow(dead_code, reason = "set by the browser's side")
)]
pub enum LinkState {
    Connecting,
    Connected,
    Failed,
}

/// A connection in the call, to the person `peer`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub peer: i64,
    pub name: String,
    pub state: LinkState,
}

/// What the room's parts share on the page.
#[derive(Clone, Copy)]
pub struct Signals {
    pub notes: RwSignal<Vec<Note>>,
    pub call: RwSignal<Call>,
    /// One per other person connected to (or being connected to), in the order they came.
    pub links: RwSignal<Vec<Link>>,
    pub online: RwSignal<bool>,
    /// The room closed for good (the meeting over or cancelled): no reconnecting.
    pub ended: RwSignal<bool>,
    pub problem: RwSignal<Option<String>>,
}

#[island]
pub fn MeetingRoom(number: String, room: Room, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let signals = Signals {
        notes: RwSignal::new(room.notes.clone()),
        call: RwSignal::new(Call::Off),
        links: RwSignal::new(Vec::new()),
        online: RwSignal::new(false),
        ended: RwSignal::new(false),
        problem: RwSignal::new(None),
    };
    let Signals {
        notes,
        call,
        links,
        online,
        ended,
        problem,
    } = signals;
    // Set once hydrated: the call's controls need JavaScript, the conversation does not.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    #[cfg(feature = "hydrate")]
    let (send, camera) = {
        let wire = super::call::run(&number, &room, signals, locale);
        (wire.sender(), wire)
    };
    #[cfg(not(feature = "hydrate"))]
    let send = move |_: RoomCall| false;
    let send = StoredValue::new(send);
    let action = href(locale, &format!("/meetings/{number}"));
    let peer_names = room
        .peers
        .iter()
        .map(|(_, name)| isolate(name))
        .collect::<Vec<_>>()
        .join(", ");
    let text = NodeRef::<leptos::html::Textarea>::new();
    let product = NodeRef::<leptos::html::Select>::new();
    // Over the socket when it is open; else the form posts as it would without JavaScript.
    let on_say = move |ev: leptos::ev::SubmitEvent| {
        let Some(input) = text.get() else { return };
        let said = input.value();
        if said.trim().is_empty() || !online.get_untracked() {
            return;
        }
        if send.with_value(|s| s(RoomCall::Say { text: said })) {
            ev.prevent_default();
            input.set_value("");
            problem.set(None);
        }
    };
    let on_share = move |ev: leptos::ev::SubmitEvent| {
        let Some(select) = product.get() else { return };
        if !online.get_untracked() {
            return;
        }
        if send.with_value(|s| {
            s(RoomCall::Share {
                product: select.value(),
            })
        }) {
            ev.prevent_default();
            problem.set(None);
        }
    };
    // Each connection in words; waiting for everyone else while there is none.
    let status = move || match call.get() {
        Call::Off => String::new(),
        Call::Starting => tr!(ui, meeting_video_starting).to_owned(),
        Call::Denied => tr!(ui, meeting_video_denied).to_owned(),
        Call::In => {
            let shown = links.get();
            if shown.is_empty() {
                return tr!(ui, meeting_video_waiting, name = peer_names.clone());
            }
            shown
                .iter()
                .map(|link| {
                    let name = isolate(&link.name);
                    match link.state {
                        LinkState::Connecting => tr!(ui, meeting_video_connecting, name = name),
                        LinkState::Connected => tr!(ui, meeting_video_connected, name = name),
                        LinkState::Failed => tr!(ui, meeting_video_failed).to_owned(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" · ")
        }
    };
    // For styles and tests: the best of the connections.
    let stage = move || {
        let shown = links.get();
        let any = |state| shown.iter().any(|l| l.state == state);
        match call.get() {
            Call::Off => "off",
            Call::Starting => "starting",
            Call::Denied => "denied",
            Call::In if any(LinkState::Connected) => "connected",
            Call::In if any(LinkState::Connecting) => "connecting",
            Call::In if any(LinkState::Failed) => "failed",
            Call::In => "waiting",
        }
    };
    let in_call = move || !matches!(call.get(), Call::Off | Call::Denied);
    #[cfg(feature = "hydrate")]
    let (join, leave) = (
        move |_: leptos::ev::MouseEvent| camera.join(),
        move |_: leptos::ev::MouseEvent| camera.leave(),
    );
    #[cfg(not(feature = "hydrate"))]
    let (join, leave) = (
        |_: leptos::ev::MouseEvent| (),
        |_: leptos::ev::MouseEvent| (),
    );
    let video = room.open.then(|| {
        let you = tr!(ui, meeting_video_you);
        view! {
            <div class="call" data-call=stage>
                <div class="call__stage">
                    // The browser's side adds a tile per person connected to.
                    <div id="call-remotes" class="call__remotes" data-count=move || links.get().len()></div>
                    <figure class="call__tile call__tile--local">
                        <video id="local-video" autoplay="" playsinline="" muted="" data-testid="local-video"></video>
                        <figcaption>{you}</figcaption>
                    </figure>
                </div>
                <p class="call__status" role="status" aria-live="polite">{status}</p>
                {move || if hydrated.get() {
                    view! {
                        <p class="button-row">
                            {move || if in_call() {
                                view! { <button type="button" class="button button--danger" on:click=leave>{tr!(ui, meeting_video_leave)}</button> }.into_any()
                            } else {
                                view! { <button type="button" class="button button--primary" on:click=join>{tr!(ui, meeting_video_start)}</button> }.into_any()
                            }}
                        </p>
                    }.into_any()
                } else {
                    view! { <p class="notice">{tr!(ui, meeting_video_needs)}</p> }.into_any()
                }}
            </div>
        }
    });
    let list = move || {
        let shown = notes.get();
        if shown.is_empty() {
            return view! { <li class="note note--empty">{tr!(ui, meeting_talk_empty)}</li> }
                .into_any();
        }
        shown
            .into_iter()
            .map(|note| view! { <NoteItem note locale/> })
            .collect_view()
            .into_any()
    };
    let forms = room.open.then(|| {
        let products = room.products.clone();
        view! {
            <form method="post" action=action.clone() class="form talk__say" on:submit=on_say novalidate>
                <input type="hidden" name="op" value="say"/>
                <div class="field">
                    <label for="talk-text">{tr!(ui, meeting_talk_label)}</label>
                    <textarea id="talk-text" name="text" rows="2" maxlength="1000" required="" node_ref=text></textarea>
                </div>
                <button type="submit" class="button button--primary">{tr!(ui, meeting_talk_send)}</button>
            </form>
            {(!products.is_empty()).then(|| view! {
                <form method="post" action=action.clone() class="form talk__share" on:submit=on_share novalidate>
                    <input type="hidden" name="op" value="share"/>
                    <div class="field">
                        <label for="talk-product">{tr!(ui, meeting_share_label)}</label>
                        <select id="talk-product" name="product" node_ref=product>
                            {products.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button button--outline">{tr!(ui, meeting_share_button)}</button>
                </form>
            })}
        }
    });
    view! {
        {video}
        <section class="talk" aria-labelledby="talk-title">
            <h3 id="talk-title">{tr!(ui, meeting_talk_title)}</h3>
            <ol class="talk__notes" aria-live="polite" data-testid="notes">{list}</ol>
            {move || problem.get().map(|p| view! { <p class="field__error" role="alert">{p}</p> })}
            {move || (hydrated.get() && room.open && !online.get() && !ended.get()).then(|| view! {
                <p class="notice" role="status">{tr!(ui, live_reconnecting)}</p>
            })}
            {forms}
        </section>
    }
}

/// A refusal from the room, in words.
#[cfg_attr(
    not(feature = "hydrate"),
    allow(dead_code, reason = "the browser's side reads it")
)]
pub fn refusal(locale: Locale, code: &str) -> String {
    let ui = locale.ui();
    match code {
        "rate_limited" => tr!(ui, live_refused_rate).to_owned(),
        "sign_in" => tr!(ui, live_refused_sign_in).to_owned(),
        code => message(locale, code),
    }
}

#[component]
fn NoteItem(note: Note, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let shared = note.product.clone().map(|p| {
        view! {
            <div class="talk__product">
                <img src=p.image alt=p.alt width="96" height="72" loading="lazy"/>
                <div>
                    <strong><bdi>{p.name.clone()}</bdi></strong>
                    <span class="talk__price">{p.price}" / "{p.unit}</span>
                    <a href=href(locale, &format!("/products/{}", p.slug))>
                        {tr!(ui, meeting_view_product)}<span class="visually-hidden">": "{p.name}</span>
                    </a>
                </div>
            </div>
        }
    });
    view! {
        <li class="note" class:note--mine=note.mine>
            <p class="note__meta"><bdi class="note__author">{note.author}</bdi>" · "
                <time datetime=note.at>{note.time}</time>
                {shared.is_some().then(|| view! { " · "{tr!(ui, meeting_shared)} })}</p>
            {(!note.text.is_empty()).then(|| view! { <p class="note__text"><bdi>{note.text}</bdi></p> })}
            {shared}
        </li>
    }
}
