//! The stream page's stage (an island): a countdown before the stream, the live player
//! while it runs, the replay after. The server renders the state it knows; in the browser
//! the island asks the server every few seconds and switches without a reload when the
//! encoder connects or stops, or when the replay is published.

use crate::agenda::model::{StageState, StreamState};
use crate::agenda::views::countdown::Countdown;
use crate::agenda::views::state_badge::state_label;
use crate::i18n::{Locale, tr};
use crate::live::model::clock;
use crate::live::views::ChapterView;
use leptos::prelude::*;

/// How often the browser asks for the stream's state (milliseconds).
#[cfg(feature = "hydrate")]
const POLL_MS: u32 = 2_000;

/// The stage's JSON address, answered by the server.
pub fn stage_url(slug: &str) -> String {
    format!("/api/streams/{slug}/stage")
}

#[island]
pub fn Stage(
    slug: String,
    title: String,
    stage: StageState,
    starts_at: i64,
    server_now: i64,
    locale: Locale,
    chapters: Vec<ChapterView>,
) -> impl IntoView {
    let ui = locale.ui();
    let current = RwSignal::new(stage);
    let chosen = RwSignal::new(None::<usize>);
    let video = NodeRef::<leptos::html::Video>::new();
    let playback = RwSignal::new(Playback::Waiting);
    #[cfg(feature = "hydrate")]
    player::run(stage_url(&slug), current, video, playback);
    #[cfg(not(feature = "hydrate"))]
    let _ = &slug;
    let live_label = tr!(ui, player_label, title = title.clone());
    let replay_label = tr!(ui, replay_label, title = title);
    move || {
        let stage = current.get();
        let class = match stage.state {
            StreamState::Scheduled => "stage stage--waiting",
            StreamState::Live => "stage stage--live",
            StreamState::Replay => "stage stage--replay",
            _ => "stage stage--ended",
        };
        // A live stage keeps its video box while it waits for the playlist: the note under
        // it says so, and nothing moves when the picture arrives.
        let playable = match stage.state {
            StreamState::Live => true,
            StreamState::Replay => stage.replay_src.is_some(),
            _ => false,
        };
        let body = match stage.state {
            StreamState::Scheduled => view! {
                <p class="stage__big"><Countdown starts_at server_now locale/></p>
                <p>{tr!(ui, stage_waiting)}</p>
            }
            .into_any(),
            StreamState::Live | StreamState::Replay if playable => {
                let live = stage.state == StreamState::Live;
                let label = if live {
                    live_label.clone()
                } else {
                    replay_label.clone()
                };
                view! {
                    <video node_ref=video class="stage__video" controls=true muted=live autoplay=live
                        playsinline=true preload="metadata" aria-label=label></video>
                    <p class="stage__note" role="status">
                        {move || match playback.get() {
                            Playback::Failed => tr!(ui, player_failed).to_owned(),
                            Playback::Waiting if live => tr!(ui, player_waiting).to_owned(),
                            _ => String::new(),
                        }}
                    </p>
                }
                .into_any()
            }
            StreamState::Ended => view! {
                <p class="stage__big">{state_label(locale, StreamState::Ended)}</p>
                <p>{tr!(ui, stage_ended)}</p>
            }
            .into_any(),
            _ => view! { <p class="stage__big">{state_label(locale, stage.state)}</p> }.into_any(),
        };
        // Said to screen readers when the state changes under them.
        let announce = match stage.state {
            StreamState::Live => tr!(ui, stage_live),
            StreamState::Replay => tr!(ui, stage_replay),
            _ => "",
        };
        let replay = stage.state == StreamState::Replay;
        view! {
            <div class=class data-stage=stage.state.as_str()>{body}</div>
            <p class="visually-hidden" role="status">{announce}</p>
            {(replay && !chapters.is_empty()).then(|| view! {
                <Chapters chapters=chapters.clone() chosen video locale/>
            })}
        }
    }
}

/// The replay's chapters: choosing one seeks the video there and shows what it was about,
/// with a buy button for a product.
#[component]
fn Chapters(
    chapters: Vec<ChapterView>,
    chosen: RwSignal<Option<usize>>,
    video: NodeRef<leptos::html::Video>,
    locale: Locale,
) -> impl IntoView {
    let ui = locale.ui();
    let list = StoredValue::new(chapters);
    let items = list.with_value(|chapters| {
        chapters
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let at = c.offset;
                let kind = if c.answer { tr!(ui, chapter_answer) } else { tr!(ui, chapter_product) };
                view! {
                    <li>
                        <a href=format!("#t={at}") class="chapter" aria-current=move || (chosen.get() == Some(i)).then_some("true")
                            on:click=move |ev| {
                                ev.prevent_default();
                                chosen.set(Some(i));
                                if let Some(v) = video.get_untracked() {
                                    v.set_current_time(at as f64);
                                    let _ = v.play();
                                }
                            }>
                            <span class="chapter__time">{clock(at)}</span>
                            <span class="chapter__kind">{kind}</span>
                            <span class="chapter__label">{c.label.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    });
    let shown = move || {
        let i = chosen.get()?;
        let c = list.with_value(|l| l.get(i).cloned())?;
        Some(view! {
            <div class="chapter-card" role="status">
                <strong>{c.label}</strong>
                {c.buy.map(|(to, price)| view! {
                    <span class="chapter-card__price">{price}</span>
                    <a class="button button--primary" href=to>{tr!(ui, buy_now)}</a>
                })}
            </div>
        })
    };
    view! {
        <nav class="chapters" aria-labelledby="chapters-title">
            <h2 id="chapters-title">{tr!(ui, chapters_title)}</h2>
            {shown}
            <ol>{items}</ol>
        </nav>
    }
}

/// What the player is doing, for the line under the video.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Playback {
    Waiting,
    Playing,
    Failed,
}

/// The browser side: hls.js (or native HLS) on the video element, and the state poll.
#[cfg(feature = "hydrate")]
mod player {
    use super::{POLL_MS, Playback};
    use crate::agenda::model::{StageState, StreamState};
    use js_sys::{Array, Function, Object, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::HtmlVideoElement;

    /// A player attached to one element with one source.
    struct Attached {
        element: HtmlVideoElement,
        src: String,
        /// The hls.js instance, when hls.js plays it (else the browser does).
        hls: Option<JsValue>,
        since: f64,
    }

    /// Re-attaches a source that has not produced a frame after this long (the playlist may
    /// not exist yet in the first second of a stream).
    const STALL_MS: f64 = 6_000.0;

    pub fn run(
        url: String,
        current: RwSignal<StageState>,
        video: NodeRef<leptos::html::Video>,
        playback: RwSignal<Playback>,
    ) {
        let attached = StoredValue::new_local(None::<Attached>);
        // Nothing is attached before the stage API has answered once: the page's own state
        // may name a playlist nginx has not written yet, and asking for it would fail.
        let asked = StoredValue::new(false);
        let sync = move |force: bool| {
            if !asked.get_value() {
                return;
            }
            let stage = current.get_untracked();
            let src = match stage.state {
                StreamState::Live => stage.live_src,
                StreamState::Replay => stage.replay_src,
                _ => None,
            };
            let element = video.get_untracked();
            let same = attached.with_value(|a| {
                a.as_ref().is_some_and(|a| {
                    Some(&a.element) == element.as_ref() && Some(&a.src) == src.as_ref()
                })
            });
            if same && !force {
                return;
            }
            attached.update_value(|a| {
                if let Some(old) = a.take() {
                    detach(old);
                }
            });
            if let (Some(element), Some(src)) = (element, src) {
                playback.set(Playback::Waiting);
                let element: HtmlVideoElement = element;
                let live = stage.state == StreamState::Live;
                match attach(&element, &src, live) {
                    Some(hls) => {
                        let _ = element.add_event_listener_with_callback(
                            "playing",
                            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                                playback.set(Playback::Playing)
                            })
                            .into_js_value()
                            .unchecked_ref(),
                        );
                        attached.set_value(Some(Attached {
                            element,
                            src,
                            hls,
                            since: js_sys::Date::now(),
                        }));
                    }
                    None => playback.set(Playback::Failed),
                }
            }
        };
        Effect::new(move |_| {
            current.track();
            video.track();
            sync(false);
        });
        leptos::task::spawn_local(async move {
            loop {
                if asked.get_value() {
                    gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                }
                match fetch_stage(&url).await {
                    Some(next) => {
                        if next != current.get_untracked() {
                            current.set(next);
                        }
                        if !asked.get_value() {
                            asked.set_value(true);
                            sync(false);
                        }
                    }
                    None if !asked.get_value() => {
                        gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                    }
                    None => {}
                }
                let stalled = attached.with_value(|a| {
                    a.as_ref().is_some_and(|a| {
                        a.element.ready_state() == 0 && js_sys::Date::now() - a.since > STALL_MS
                    })
                });
                if stalled {
                    sync(true);
                }
            }
        });
    }

    async fn fetch_stage(url: &str) -> Option<StageState> {
        let window = web_sys::window()?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let text = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        serde_json::from_str(&text).ok()
    }

    fn method(target: &JsValue, name: &str) -> Option<Function> {
        Reflect::get(target, &name.into()).ok()?.dyn_into().ok()
    }

    /// Plays `src` in `element`: with hls.js when the page has it and the browser has Media
    /// Source Extensions, else natively where the browser plays HLS itself. `None` when
    /// neither can. `Some(None)` means the browser plays it natively.
    fn attach(element: &HtmlVideoElement, src: &str, live: bool) -> Option<Option<JsValue>> {
        let window = web_sys::window()?;
        let hls_class = Reflect::get(&window, &"Hls".into()).ok();
        if let Some(class) = hls_class.and_then(|c| c.dyn_into::<Function>().ok())
            && method(&class, "isSupported")
                .and_then(|f| f.call0(&class).ok())
                .and_then(|v| v.as_bool())
                == Some(true)
        {
            let config = Object::new();
            for (key, value) in [
                ("enableWorker", JsValue::FALSE),
                ("lowLatencyMode", JsValue::from_bool(live)),
                // Stay one fragment behind the live edge: 1 s fragments give ≈ 2–3 s.
                ("liveSyncDurationCount", JsValue::from_f64(1.0)),
                ("backBufferLength", JsValue::from_f64(30.0)),
            ] {
                let _ = Reflect::set(&config, &key.into(), &value);
            }
            let hls = Reflect::construct(&class, &Array::of1(&config)).ok()?;
            method(&hls, "loadSource")?.call1(&hls, &src.into()).ok()?;
            method(&hls, "attachMedia")?.call1(&hls, element).ok()?;
            return Some(Some(hls));
        }
        if !element
            .can_play_type("application/vnd.apple.mpegurl")
            .is_empty()
        {
            element.set_src(src);
            return Some(None);
        }
        None
    }

    fn detach(old: Attached) {
        if let Some(hls) = old.hls
            && let Some(destroy) = method(&hls, "destroy")
        {
            let _ = destroy.call0(&hls);
        } else {
            old.element.set_src("");
        }
    }
}
