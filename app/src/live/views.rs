//! The live room on the stream page (an island): viewer count, "now showing" with live stock
//! and a buy button that opens checkout over the stream, the flash deal with a countdown on
//! server time, chat, the question queue, and the hosts' and moderators' tools. The server
//! renders the room as it is; in the browser one WebSocket keeps it live, resuming from the
//! last event after a drop (backoff with jitter).

use crate::core::{Money, Rate};
use crate::i18n::{Locale, tr};
use crate::live::model::{
    CHAT_MAX, Command, DEAL_COUNTDOWN, DEAL_DURATION, DealPhase, PINS_MAX, QUESTION_MAX, Role,
    RoomState, clock,
};
use crate::ui::layout::href;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A product of the booth as the room shows it (prices in INR paise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Showcase {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub image: Option<String>,
    pub price_minor: i64,
    pub unit: String,
}

/// A replay chapter as the player lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterView {
    pub offset: i64,
    /// The question answered, or the product shown.
    pub label: String,
    pub answer: bool,
    /// The product's checkout link and price, for a pinned product.
    pub buy: Option<(String, String)>,
}

/// Everything the room needs from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomSetup {
    pub stream: String,
    pub role: Role,
    /// Chat and questions are open (the stream is scheduled or live).
    pub open: bool,
    pub live: bool,
    pub catalogue: Vec<Showcase>,
    /// The viewer's currency rate; `None` shows INR.
    pub rate: Option<Rate>,
    pub state: RoomState,
    pub viewers: i64,
    pub now_ms: i64,
}

/// The connection as the room's status line tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    Connecting,
    Live,
    #[cfg_attr(
        not(feature = "hydrate"),
        expect(dead_code, reason = "set by the browser")
    )]
    Retrying,
}

/// The room's signals: what the socket writes and the view reads.
#[derive(Clone, Copy)]
struct Signals {
    room: RwSignal<RoomState>,
    viewers: RwSignal<i64>,
    role: RwSignal<Role>,
    me: RwSignal<Option<i64>>,
    link: RwSignal<Link>,
    problem: RwSignal<Option<String>>,
    /// Server time (ms), ticking: countdowns read it so every viewer sees the same second.
    server_now: RwSignal<i64>,
}

/// An amount in INR paise in the viewer's currency, formatted for `locale`.
pub fn price_label(locale: Locale, rate: Option<Rate>, inr_minor: i64) -> String {
    let inr = Money::inr(inr_minor);
    let shown = rate.and_then(|r| r.convert(inr)).unwrap_or(inr);
    #[cfg(feature = "ssr")]
    {
        crate::i18n::format::money(locale, shown)
    }
    #[cfg(not(feature = "ssr"))]
    {
        browser_money(locale, shown)
    }
}

#[cfg(not(feature = "ssr"))]
fn browser_money(locale: Locale, amount: Money) -> String {
    let plain = || format!("{} {}", amount.decimal(), amount.currency.code());
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Array, Intl, Object, Reflect};
        let options = Object::new();
        let _ = Reflect::set(&options, &"style".into(), &"currency".into());
        let _ = Reflect::set(&options, &"currency".into(), &amount.currency.code().into());
        let format = Intl::NumberFormat::new(&Array::of1(&locale.code().into()), &options).format();
        let major = amount.minor as f64 / 10_f64.powi(amount.currency.exponent() as i32);
        format
            .call1(&wasm_bindgen::JsValue::NULL, &major.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(plain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = locale;
        plain()
    }
}

/// A refused command's code, in words.
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "said by the browser")
)]
fn refusal(locale: Locale, code: &str) -> String {
    let ui = locale.ui();
    match code {
        "sign_in" => tr!(ui, live_refused_sign_in),
        "banned" => tr!(ui, live_refused_banned),
        "room_closed" => tr!(ui, live_refused_closed),
        "empty" => tr!(ui, live_refused_empty),
        "too_long" => tr!(ui, live_refused_too_long),
        "slow_mode" => tr!(ui, live_refused_slow),
        "rate_limited" => tr!(ui, live_refused_rate),
        "already_voted" => tr!(ui, live_refused_voted),
        "pins_full" => tr!(ui, live_refused_pins_full),
        "already_pinned" => tr!(ui, live_refused_pinned),
        "not_live" => tr!(ui, live_refused_not_live),
        "not_pinned" => tr!(ui, live_refused_not_pinned),
        "deal_price" => tr!(ui, live_refused_deal_price),
        "deal_quantity" => tr!(ui, live_refused_deal_quantity),
        "deal_cap" => tr!(ui, live_refused_deal_cap),
        "deal_countdown" | "deal_duration" => tr!(ui, live_refused_deal_time),
        "deal_running" => tr!(ui, live_refused_deal_running),
        "forbidden" => tr!(ui, live_refused_forbidden),
        _ => tr!(ui, live_refused_unknown),
    }
    .to_owned()
}

#[island]
pub fn LiveRoom(setup: RoomSetup, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let RoomSetup {
        stream,
        role,
        open,
        live,
        catalogue,
        rate,
        state,
        viewers,
        now_ms,
    } = setup;
    let signals = Signals {
        room: RwSignal::new(state),
        viewers: RwSignal::new(viewers),
        role: RwSignal::new(role),
        me: RwSignal::new(None),
        link: RwSignal::new(Link::Connecting),
        problem: RwSignal::new(None),
        server_now: RwSignal::new(now_ms),
    };
    let Signals {
        room,
        viewers,
        role,
        me,
        link,
        problem,
        server_now,
    } = signals;
    let catalogue = StoredValue::new(catalogue);
    let product = move |id: i64| catalogue.with_value(|c| c.iter().find(|p| p.id == id).cloned());
    let checkout = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    let send = socket::run(stream.clone(), signals, locale);
    #[cfg(not(feature = "hydrate"))]
    let send = move |_: Command| ();
    let send = StoredValue::new(send);
    let act = move |command: Command| {
        problem.set(None);
        send.with_value(|s| s(command));
    };
    let connected = move || link.get() == Link::Live;
    let status = move || match link.get() {
        Link::Connecting => tr!(ui, live_connecting).to_owned(),
        Link::Live => String::new(),
        Link::Retrying => tr!(ui, live_reconnecting).to_owned(),
    };
    let stream_for_buy = stream.clone();
    let buy_href = move |slug: &str, deal: Option<i64>| {
        let mut to = href(
            locale,
            &format!("/checkout?product={slug}&stream={}", stream_for_buy),
        );
        if let Some(deal) = deal {
            to.push_str(&format!("&deal={deal}"));
        }
        to
    };
    let buy_href = StoredValue::new(buy_href);
    // "Now showing": the pinned products with live stock.
    let showing = move || {
        let state = room.get();
        state
            .pins
            .iter()
            .filter_map(|pin| product(pin.product).map(|p| (p, pin.stock)))
            .map(|(p, stock)| {
                let to = buy_href.with_value(|b| b(&p.slug, None));
                let open_here = to.clone();
                view! {
                    <li class="showing__item">
                        {p.image.clone().map(|src| view! { <img src=src alt="" width="72" height="54"/> })}
                        <div class="showing__text">
                            <strong>{p.name.clone()}</strong>
                            <span class="showing__price">{price_label(locale, rate, p.price_minor)}" / "{p.unit.clone()}</span>
                            <span class="showing__stock" class:showing__stock--out=stock <= 0 data-testid="stock">
                                {if stock > 0 { tr!(ui, live_stock_left, count = stock.to_string()) } else { tr!(ui, live_sold_out).to_owned() }}
                            </span>
                        </div>
                        {(stock > 0).then(|| view! {
                            <a class="button button--primary" href=to
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    checkout.set(Some(open_here.clone()));
                                }>
                                {tr!(ui, buy_now)}<span class="visually-hidden">": "{p.name.clone()}</span>
                            </a>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    // The flash deal banner: countdown, then the deal with its quantity left, then sold out.
    let deal = move || {
        let d = room.get().deal?;
        let phase = d.phase(server_now.get());
        if phase == DealPhase::Over {
            return None;
        }
        let p = product(d.product)?;
        let (line, live_now) = match phase {
            DealPhase::Soon(s) => (Some(tr!(ui, live_deal_starts, time = clock(s))), false),
            DealPhase::Open(s) => (Some(tr!(ui, live_deal_ends, time = clock(s))), true),
            _ => (None, false),
        };
        let to = buy_href.with_value(|b| b(&p.slug, Some(d.id)));
        let open_here = to.clone();
        Some(view! {
            <div class="deal" class:deal--soldout=phase == DealPhase::SoldOut data-testid="deal">
                <span class="deal-badge">{tr!(ui, deal_badge)}</span>
                <strong class="deal__name">{p.name.clone()}</strong>
                <span class="deal__price">
                    <bdi>{price_label(locale, rate, d.price_minor)}</bdi>" "
                    <s><bdi>{price_label(locale, rate, d.was_minor)}</bdi></s>
                </span>
                {line.map(|line| view! { <span class="deal__clock" role="timer">{line}</span> })}
                <span class="deal__left" data-testid="deal-left">
                    {if d.left > 0 { tr!(ui, live_deal_left, left = d.left.to_string(), total = d.quantity.to_string()) } else { tr!(ui, live_sold_out).to_owned() }}
                </span>
                <span class="deal__cap">{tr!(ui, deal_checkout_note, count = d.per_buyer.to_string())}</span>
                {live_now.then(|| view! {
                    <a class="button button--primary" href=to
                        on:click=move |ev| {
                            ev.prevent_default();
                            checkout.set(Some(open_here.clone()));
                        }>{tr!(ui, live_buy_deal)}</a>
                })}
                <p class="visually-hidden" role="status">{(phase == DealPhase::SoldOut).then(|| tr!(ui, live_sold_out))}</p>
            </div>
        })
    };
    let moderates = move || role.get().moderates();
    let chat_text = RwSignal::new(String::new());
    let ask_text = RwSignal::new(String::new());
    let chat = move || {
        room.get()
            .chat
            .into_iter()
            .rev()
            .map(|m| {
                let (id, user, demo) = (m.id, m.user, m.demo);
                view! {
                    <li class="room__message">
                        <strong class="room__who"><bdi>{m.name}</bdi></strong>
                        {demo.then(|| view! { " "<span class="room__demo">{tr!(ui, live_demo_tag)}</span> })}
                        " "<span dir="auto">{m.text}</span>
                        {moderates().then(|| view! {
                            <span class="room__tools">
                                <button type="button" class="link-button" on:click=move |_| act(Command::Hide { target: id })>{tr!(ui, live_hide)}</button>
                                {(me.get() != Some(user)).then(|| view! {
                                    <button type="button" class="link-button" on:click=move |_| act(Command::Ban { user })>{tr!(ui, live_ban)}</button>
                                })}
                            </span>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    let questions = move || {
        let state = room.get();
        let spotlight = state.spotlight;
        state
            .queue()
            .into_iter()
            .cloned()
            .map(|q| {
                let id = q.message.id;
                let answered = q.answered;
                let hosting = role.get() == Role::Host;
                view! {
                    <li class="question" class:question--answered=answered class:question--spotlight=spotlight == Some(id)>
                        <p class="question__text" dir="auto">{q.message.text}</p>
                        <p class="question__meta">
                            <bdi>{q.message.name}</bdi>
                            {q.message.demo.then(|| view! { " "<span class="room__demo">{tr!(ui, live_demo_tag)}</span> })}
                            {answered.then(|| view! { <span class="question__answered">{tr!(ui, live_answered)}</span> })}
                        </p>
                        <div class="question__actions">
                            <button type="button" class="vote" disabled=move || !connected() || role.get() == Role::Guest
                                aria-label=tr!(ui, live_upvote_label, count = q.votes.to_string())
                                on:click=move |_| act(Command::Vote { question: id })>
                                <span aria-hidden="true">"▲ "</span>{q.votes}
                            </button>
                            {hosting.then(|| view! {
                                <button type="button" class="link-button" on:click=move |_| act(Command::Answer { question: id, on: !answered })>
                                    {if answered { tr!(ui, live_unanswer) } else { tr!(ui, live_mark_answered) }}
                                </button>
                                <button type="button" class="link-button" on:click=move |_| act(Command::Spotlight { question: (spotlight != Some(id)).then_some(id) })>
                                    {if spotlight == Some(id) { tr!(ui, live_unspotlight) } else { tr!(ui, live_spotlight) }}
                                </button>
                            })}
                            {moderates().then(|| view! {
                                <button type="button" class="link-button" on:click=move |_| act(Command::Hide { target: id })>{tr!(ui, live_hide)}</button>
                            })}
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let signin = StoredValue::new(href(locale, "/account/signin"));
    let post_form = move |ask: bool| {
        let text = if ask { ask_text } else { chat_text };
        let (label, button, max) = if ask {
            (tr!(ui, live_ask_label), tr!(ui, live_ask), QUESTION_MAX)
        } else {
            (tr!(ui, live_chat_label), tr!(ui, live_send), CHAT_MAX)
        };
        let id = if ask { "room-ask" } else { "room-say" };
        view! {
            <form class="room__form" on:submit=move |ev| {
                ev.prevent_default();
                let typed = text.get_untracked();
                if typed.trim().is_empty() {
                    return;
                }
                act(if ask { Command::Ask { text: typed } } else { Command::Chat { text: typed } });
                text.set(String::new());
            }>
                <label for=id class="visually-hidden">{label}</label>
                <input id=id type="text" maxlength=max.to_string() placeholder=label autocomplete="off"
                    bind:value=text disabled=move || !connected()/>
                <button type="submit" class="button button--primary" disabled=move || !connected()>{button}</button>
            </form>
        }
    };
    let forms = move |ask: bool| {
        if !open {
            return view! { <p class="room__note">{tr!(ui, live_room_closed)}</p> }.into_any();
        }
        if role.get() == Role::Guest {
            return view! { <p class="room__note"><a href=signin.get_value()>{tr!(ui, live_sign_in_to_talk)}</a></p> }.into_any();
        }
        post_form(ask).into_any()
    };
    let tools = move || {
        (role.get().moderates() && open).then(|| {
            view! { <HostTools role=role.get() room catalogue=catalogue.get_value() live act locale/> }
        })
    };
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if checkout.get().is_some()
            && let Some(d) = dialog.get()
        {
            let _ = d.show_modal();
        }
    });
    // Unknown until the socket says (the server-rendered page cannot know).
    let count = move || match viewers.get() {
        0 => String::new(),
        n => tr!(ui, live_viewers, count = n.to_string()),
    };
    let open_questions = move || room.get().questions.iter().filter(|q| !q.answered).count();
    view! {
        <section class="room" aria-labelledby="room-title" data-link=move || if connected() { "live" } else { "off" }>
            <div class="room__bar">
                <h2 id="room-title">{tr!(ui, live_room_title)}</h2>
                <span class="room__viewers" data-testid="viewers">{count}</span>
                <span class="room__status" role="status">{status}</span>
            </div>
            // After the stream, the replay's chapters show what was on stage.
            <div class="showing" hidden=!open>
                <h3 id="showing-title" class="showing__title">{tr!(ui, live_now_showing)}</h3>
                {deal}
                <ul class="showing__list">{showing}</ul>
                {move || room.get().pins.is_empty().then(|| view! { <p class="room__note">{tr!(ui, live_nothing_pinned)}</p> })}
            </div>
            <p class="form-alert" role="alert" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
            <div class="room__panes">
                <section class="room__pane" aria-labelledby="room-chat-title">
                    <h3 id="room-chat-title">{tr!(ui, live_chat)}</h3>
                    {move || forms(false)}
                    <ol class="room__log" role="log" aria-live="polite" aria-relevant="additions">{chat}</ol>
                    {move || (room.get().slow > 0).then(|| view! { <p class="room__note">{tr!(ui, live_slow_on, seconds = room.get().slow.to_string())}</p> })}
                </section>
                <section class="room__pane" aria-labelledby="room-qa-title">
                    <h3 id="room-qa-title">{tr!(ui, live_questions)}" "<span class="count">{open_questions}</span></h3>
                    {move || forms(true)}
                    <ol class="questions">{questions}</ol>
                </section>
            </div>
            {tools}
            <dialog node_ref=dialog class="checkout-sheet" aria-labelledby="sheet-title" on:close=move |_| checkout.set(None)>
                <div class="checkout-sheet__bar">
                    <h2 id="sheet-title">{tr!(ui, checkout_title)}</h2>
                    <form method="dialog"><button type="submit" class="button button--outline">{tr!(ui, live_close)}</button></form>
                </div>
                {move || checkout.get().map(|src| view! { <iframe src=src title=tr!(ui, checkout_title) class="checkout-sheet__frame"></iframe> })}
            </dialog>
        </section>
    }
}

/// Pins, flash deals and slow mode for the booth's team; slow mode for moderators.
#[component]
fn HostTools(
    role: Role,
    room: RwSignal<RoomState>,
    catalogue: Vec<Showcase>,
    live: bool,
    act: impl Fn(Command) + Copy + Send + Sync + 'static,
    locale: Locale,
) -> impl IntoView {
    let ui = locale.ui();
    let catalogue = StoredValue::new(catalogue);
    let name_of = move |id: i64| {
        catalogue.with_value(|c| {
            c.iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        })
    };
    let pick = RwSignal::new(String::new());
    let deal_product = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let quantity = RwSignal::new("20".to_owned());
    let per_buyer = RwSignal::new("2".to_owned());
    let countdown = RwSignal::new("30".to_owned());
    let duration = RwSignal::new("120".to_owned());
    let slow = RwSignal::new(room.get_untracked().slow.to_string());
    let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().unwrap_or(0);
    let hosting = role == Role::Host;
    let pins = move || {
        room.get()
            .pins
            .into_iter()
            .map(|pin| {
                let id = pin.product;
                view! {
                    <li>{name_of(id)}" "
                        <button type="button" class="link-button" on:click=move |_| act(Command::Unpin { product: id })>{tr!(ui, live_unpin)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let options = move || {
        catalogue.with_value(|c| {
            c.iter()
                .map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> })
                .collect_view()
        })
    };
    let pinned_options = move || {
        room.get()
            .pins
            .into_iter()
            .map(|pin| view! { <option value=pin.product.to_string()>{name_of(pin.product)}</option> })
            .collect_view()
    };
    let slow_choices = [0_i64, 5, 10, 30, 60];
    view! {
        <details class="host-tools card" open=true>
            <summary>{if hosting { tr!(ui, live_host_tools) } else { tr!(ui, live_moderation) }}</summary>
            {hosting.then(|| view! {
                <form class="host-tools__row" on:submit=move |ev| {
                    ev.prevent_default();
                    if let Ok(product) = pick.get_untracked().parse() {
                        act(Command::Pin { product });
                    }
                }>
                    <label for="pin-product">{tr!(ui, live_pin_label, max = PINS_MAX.to_string())}</label>
                    <select id="pin-product" bind:value=pick>
                        <option value="">{tr!(ui, live_choose_product)}</option>
                        {options}
                    </select>
                    <button type="submit" class="button button--outline">{tr!(ui, live_pin)}</button>
                </form>
                <ul class="host-tools__pins">{pins}</ul>
                {live.then(|| view! {
                    <form class="host-tools__deal" on:submit=move |ev| {
                        ev.prevent_default();
                        if let Ok(product) = deal_product.get_untracked().parse() {
                            act(Command::Deal {
                                product,
                                price: price.get_untracked(),
                                quantity: num(quantity),
                                per_buyer: num(per_buyer),
                                countdown: num(countdown),
                                duration: num(duration),
                            });
                        }
                    }>
                        <fieldset>
                            <legend>{tr!(ui, live_deal_title)}</legend>
                            <label for="deal-product">{tr!(ui, live_deal_product)}</label>
                            <select id="deal-product" bind:value=deal_product>
                                <option value="">{tr!(ui, live_choose_product)}</option>
                                {pinned_options}
                            </select>
                            <label for="deal-price">{tr!(ui, live_deal_price)}</label>
                            <input id="deal-price" inputmode="decimal" bind:value=price required=true/>
                            <label for="deal-quantity">{tr!(ui, live_deal_quantity)}</label>
                            <input id="deal-quantity" type="number" min="1" bind:value=quantity/>
                            <label for="deal-cap">{tr!(ui, live_deal_cap)}</label>
                            <input id="deal-cap" type="number" min="1" bind:value=per_buyer/>
                            <label for="deal-countdown">{tr!(ui, live_deal_countdown)}</label>
                            <input id="deal-countdown" type="number" min=DEAL_COUNTDOWN.0.to_string() max=DEAL_COUNTDOWN.1.to_string() bind:value=countdown/>
                            <label for="deal-duration">{tr!(ui, live_deal_duration)}</label>
                            <input id="deal-duration" type="number" min=DEAL_DURATION.0.to_string() max=DEAL_DURATION.1.to_string() bind:value=duration/>
                            <button type="submit" class="button button--primary">{tr!(ui, live_start_deal)}</button>
                        </fieldset>
                    </form>
                })}
            })}
            <form class="host-tools__row" on:submit=move |ev| {
                ev.prevent_default();
                act(Command::Slow { seconds: num(slow) });
            }>
                <label for="slow-mode">{tr!(ui, live_slow_label)}</label>
                <select id="slow-mode" bind:value=slow>
                    {slow_choices.iter().map(|s| view! {
                        <option value=s.to_string()>{if *s == 0 { tr!(ui, live_slow_off).to_owned() } else { tr!(ui, live_slow_seconds, seconds = s.to_string()) }}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button--outline">{tr!(ui, live_apply)}</button>
            </form>
        </details>
    }
}

/// The browser side: one WebSocket, resumed from the last event after every drop.
#[cfg(feature = "hydrate")]
mod socket {
    use super::{Link, Signals};
    use crate::i18n::Locale;
    use crate::live::model::{Command, Control, Incoming};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MessageEvent, WebSocket};

    /// Reconnect delays: doubling from half a second to 15 s, each with ±50 % jitter.
    fn backoff(attempt: u32) -> u32 {
        let base = (500_f64 * 2_f64.powi(attempt.min(5) as i32)).min(15_000.0);
        (base * (0.5 + js_sys::Math::random())) as u32
    }

    pub fn run(
        stream: String,
        signals: Signals,
        locale: Locale,
    ) -> impl Fn(Command) + Send + Sync + Copy + 'static {
        let socket: Rc<RefCell<Option<WebSocket>>> = Rc::new(RefCell::new(None));
        let offset = Rc::new(RefCell::new(0.0_f64));
        let attempt = Rc::new(RefCell::new(0_u32));
        fn connect(
            stream: String,
            socket: Rc<RefCell<Option<WebSocket>>>,
            offset: Rc<RefCell<f64>>,
            attempt: Rc<RefCell<u32>>,
            signals: Signals,
            locale: Locale,
        ) {
            let Signals {
                room,
                viewers,
                role,
                me,
                link,
                problem,
                ..
            } = signals;
            let last = room.with_untracked(|r| r.last);
            let Some(url) = crate::ui::socket_url(&format!(
                "/api/streams/{stream}/live?after={last}&lang={}",
                locale.code()
            )) else {
                return;
            };
            let Ok(ws) = WebSocket::new(&url) else { return };
            let on_message = {
                let offset = offset.clone();
                let attempt = attempt.clone();
                Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                    let Some(text) = e.data().as_string() else {
                        return;
                    };
                    let Ok(incoming) = serde_json::from_str::<Incoming>(&text) else {
                        return;
                    };
                    match incoming {
                        Incoming::Event(event) => room.update(|r| {
                            r.apply(&event);
                        }),
                        Incoming::Control(Control::Hello {
                            now_ms,
                            role: r,
                            user,
                        }) => {
                            *offset.borrow_mut() = now_ms as f64 - js_sys::Date::now();
                            *attempt.borrow_mut() = 0;
                            role.set(r);
                            me.set(user);
                            link.set(Link::Live);
                        }
                        Incoming::Control(Control::Snapshot { state }) => room.set(*state),
                        Incoming::Control(Control::Viewers { n }) => viewers.set(n),
                        Incoming::Control(Control::Refused { code }) => {
                            problem.set(Some(super::refusal(locale, &code)))
                        }
                    }
                })
            };
            ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let on_close = {
                let socket = socket.clone();
                let stream = stream.clone();
                Closure::<dyn FnMut()>::new(move || {
                    link.set(Link::Retrying);
                    let delay = {
                        let mut a = attempt.borrow_mut();
                        *a += 1;
                        backoff(*a)
                    };
                    let (stream, socket, offset, attempt) = (
                        stream.clone(),
                        socket.clone(),
                        offset.clone(),
                        attempt.clone(),
                    );
                    gloo_timers::callback::Timeout::new(delay, move || {
                        connect(stream, socket, offset, attempt, signals, locale)
                    })
                    .forget();
                })
            };
            ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
            on_close.forget();
            *socket.borrow_mut() = Some(ws);
        }
        connect(
            stream,
            socket.clone(),
            offset.clone(),
            attempt,
            signals,
            locale,
        );
        // Server time for the countdowns, four times a second.
        {
            let offset = offset.clone();
            gloo_timers::callback::Interval::new(250, move || {
                signals
                    .server_now
                    .set((js_sys::Date::now() + *offset.borrow()) as i64)
            })
            .forget();
        }
        let sender = StoredValue::new_local(socket);
        move |command: Command| {
            let Ok(text) = serde_json::to_string(&command) else {
                return;
            };
            sender.with_value(|s| {
                if let Some(ws) = s.borrow().as_ref() {
                    let _ = ws.send_with_str(&text);
                }
            });
        }
    }
}
