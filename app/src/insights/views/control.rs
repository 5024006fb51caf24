//! The control room, `/{locale}/exhibitor/streams/{stream}/live`: what the booth's team reads
//! while it streams. The server renders the figures as they stand (so the page reads without
//! JavaScript, and a reload brings it up to date); in the browser an island opens the room's
//! socket as the control room and redraws from the pulse the hub sends every second.

use super::report::Figure;
use crate::core::Rate;
use crate::i18n::{Locale, number, tr};
use crate::insights::api::get_control_room;
use crate::insights::model::ControlRoom;
use crate::insights::pulse::{Alert, Pulse, TREND_MINUTES};
use crate::live::views::price_label;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[component]
pub fn ControlRoomPage() -> impl IntoView {
    let data = slug_resource("stream", get_control_room);
    view! { <Loaded resource=data render=move |page| view! { <Control page/> }/> }
}

#[component]
fn Control(page: ControlRoom) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let title = tr!(
        ui,
        insights_control_title,
        stream = crate::i18n::isolate(&page.title)
    );
    let stream_page = href(locale, &format!("/exhibitor/streams/{}", page.slug));
    let report = href(locale, &format!("/exhibitor/streams/{}/report", page.slug));
    let watch = href(locale, &format!("/streams/{}", page.slug));
    let live = page.state == "live";
    let state_note = if live {
        view! { <span class="state state--live"><span class="state__dot" aria-hidden="true"></span>{tr!(ui, live_now)}</span> }.into_any()
    } else {
        view! { <span class="notice">{tr!(ui, insights_control_not_live)}</span> }.into_any()
    };
    let setup = Setup {
        stream: page.slug.clone(),
        catalogue: page.catalogue,
        rate: page.rate,
        pulse: page.pulse,
    };
    view! {
        <Seo title=title.clone() description=page.booth_name.clone() path=None/>
        <main id="main" class="page console report control">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=stream_page><bdi>{page.title.clone()}</bdi></a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, insights_control)}</span>
            </nav>
            <h1>{title}</h1>
            <p class="page-hero__council">
                <strong><bdi>{page.booth_name}</bdi></strong>" · "{state_note}
            </p>
            <p class="control__links">
                <a class="button button--ghost" href=watch>{tr!(ui, insights_control_watch)}</a>
                <a class="button button--ghost" href=report>{tr!(ui, insights_open_report)}</a>
            </p>
            <ControlPanel setup locale/>
        </main>
    }
}

/// What the island needs from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub stream: String,
    pub catalogue: Vec<(i64, String)>,
    pub rate: Option<Rate>,
    pub pulse: Pulse,
}

/// The connection, as the status line says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "only the browser's socket moves it")
)]
enum Link {
    /// Figures as the page was rendered.
    Rendered,
    Live,
    Retrying,
    /// Closed for good: no longer on the team.
    Refused,
}

/// "38 s" or "2 min 05 s".
pub fn duration(locale: Locale, seconds: i64) -> String {
    let ui = locale.ui();
    let seconds = seconds.max(0);
    if seconds < 60 {
        tr!(ui, insights_seconds, seconds = number(locale, seconds))
    } else {
        tr!(
            ui,
            insights_minutes_seconds,
            minutes = number(locale, seconds / 60),
            seconds = format!("{:02}", seconds % 60)
        )
    }
}

/// INR, with the reader's currency beside it when they read another.
fn money(locale: Locale, rate: Option<Rate>, minor: i64) -> String {
    let inr = price_label(locale, None, minor);
    match rate {
        Some(_) => format!("{inr} (≈ {})", price_label(locale, rate, minor)),
        None => inr,
    }
}

fn alert_words(locale: Locale, alert: &Alert, name: &dyn Fn(i64) -> String) -> String {
    let ui = locale.ui();
    let n = |v: i64| number(locale, v);
    match alert {
        Alert::Falling {
            from,
            to,
            question: Some(question),
        } => tr!(
            ui,
            insights_alert_falling_question,
            from = n(*from),
            to = n(*to),
            question = crate::i18n::isolate(question)
        ),
        Alert::Falling { from, to, .. } => {
            tr!(ui, insights_alert_falling, from = n(*from), to = n(*to))
        }
        Alert::Waiting { seconds } => tr!(
            ui,
            insights_alert_waiting,
            time = duration(locale, *seconds)
        ),
        Alert::SoldOutFast { seconds } => {
            tr!(ui, insights_alert_sold_out_fast, seconds = n(*seconds))
        }
        Alert::LowStock { product, left } => tr!(
            ui,
            insights_alert_low_stock,
            count = n(*left),
            product = crate::i18n::isolate(&name(*product))
        ),
        Alert::PinnedSoldOut { product } => tr!(
            ui,
            insights_alert_pinned_sold_out,
            product = crate::i18n::isolate(&name(*product))
        ),
    }
}

#[island]
pub fn ControlPanel(setup: Setup, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let Setup {
        stream,
        catalogue,
        rate,
        pulse,
    } = setup;
    let pulse = RwSignal::new(pulse);
    let link = RwSignal::new(Link::Rendered);
    #[cfg(feature = "hydrate")]
    socket::run(stream, pulse, link);
    #[cfg(not(feature = "hydrate"))]
    let _ = stream;
    let catalogue = StoredValue::new(catalogue);
    let name = move |id: i64| {
        catalogue.with_value(|c| {
            c.iter()
                .find(|(p, _)| *p == id)
                .map_or_else(|| format!("#{id}"), |(_, name)| name.clone())
        })
    };
    let n = move |v: i64| number(locale, v);
    let status = move || match link.get() {
        Link::Rendered => tr!(ui, insights_control_rendered).to_owned(),
        Link::Live => tr!(ui, insights_control_updating).to_owned(),
        Link::Retrying => tr!(ui, live_reconnecting).to_owned(),
        Link::Refused => tr!(ui, insights_control_refused).to_owned(),
    };
    let alerts = move || {
        let p = pulse.get();
        if p.alerts.is_empty() {
            let calm = if p.live {
                tr!(ui, insights_alert_none)
            } else {
                tr!(ui, insights_control_not_live)
            };
            return view! { <li class="alert alert--calm">{calm}</li> }.into_any();
        }
        p.alerts
            .iter()
            .map(|alert| {
                let words = alert_words(locale, alert, &name);
                view! { <li class="alert alert--act">{words}</li> }
            })
            .collect_view()
            .into_any()
    };
    let figure = |label: String, value: String, note: String, id: &'static str| {
        view! { <Figure label value note testid=id/> }
    };
    let figures = move || {
        let p = pulse.get();
        let oldest = match &p.oldest {
            Some(w) => (
                duration(locale, w.age_s),
                format!("“{}” · {}", w.text, w.name),
            ),
            None => (
                tr!(ui, insights_control_none_waiting).to_owned(),
                String::new(),
            ),
        };
        view! {
            {figure(tr!(ui, insights_control_viewers_now).to_owned(), n(p.viewers), String::new(), "viewers")}
            {figure(tr!(ui, insights_control_chat_rate).to_owned(), n(p.chats_per_minute), String::new(), "chat-rate")}
            {figure(tr!(ui, insights_control_question_rate).to_owned(), n(p.questions_per_minute),
                tr!(ui, insights_control_open_questions, count = n(p.open_questions)), "question-rate")}
            {figure(tr!(ui, insights_control_oldest).to_owned(), oldest.0, oldest.1, "oldest")}
            {figure(tr!(ui, insights_control_clicks_minute).to_owned(), n(p.clicks_minute),
                tr!(ui, insights_control_carts_minute, count = n(p.carts_minute)), "clicks")}
            {figure(tr!(ui, insights_control_orders_minute).to_owned(), n(p.orders_minute),
                tr!(ui, insights_control_checkouts_minute, count = n(p.checkouts_minute)), "orders-minute")}
            {figure(tr!(ui, insights_control_sales).to_owned(), money(locale, rate, p.sales_minor),
                tr!(ui, insights_orders_count, count = n(p.orders)), "sales")}
        }
    };
    let trend = move || {
        let p = pulse.get();
        let most = p.trend.iter().copied().max().unwrap_or(0).max(1);
        let count = p.trend.len();
        p.trend
            .iter()
            .enumerate()
            .map(|(i, viewers)| {
                let ago = (count - 1 - i) as i64;
                let when = if ago == 0 {
                    tr!(ui, insights_control_this_minute).to_owned()
                } else {
                    tr!(ui, insights_control_minutes_ago, count = n(ago))
                };
                let height = format!("height: {}%", (viewers * 100 / most).max(2));
                view! {
                    <li class="trend__minute">
                        <span class="trend__bar" style=height aria-hidden="true"></span>
                        <span class="trend__value">{n(*viewers)}</span>
                        <span class="trend__when">{when}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let pins = move || {
        let p = pulse.get();
        if p.pins.is_empty() {
            return view! { <p class="notice">{tr!(ui, insights_control_no_pins)}</p> }.into_any();
        }
        let rows = p
            .pins
            .iter()
            .map(|pin| {
                let stock = if pin.stock > 0 {
                    n(pin.stock)
                } else {
                    tr!(ui, live_sold_out).to_owned()
                };
                let clicks = match pin.click_through_pct {
                    Some(pct) => format!("{} ({}%)", n(pin.clicks), n(pct)),
                    None => n(pin.clicks),
                };
                view! {
                    <tr>
                        <th scope="row"><bdi>{name(pin.product)}</bdi></th>
                        <td>{stock}</td>
                        <td>{clicks}</td>
                        <td>{n(pin.carts)}</td>
                        <td>{n(pin.orders)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="data-table" data-testid="pins">
                    <caption class="visually-hidden">{tr!(ui, insights_control_pins)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(ui, insights_control_col_product)}</th>
                        <th scope="col">{tr!(ui, insights_control_col_stock)}</th>
                        <th scope="col">{tr!(ui, insights_control_col_clicks)}</th>
                        <th scope="col">{tr!(ui, insights_control_col_carts)}</th>
                        <th scope="col">{tr!(ui, insights_col_orders)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let deal = move || {
        let d = pulse.get().deal?;
        let sold = d.quantity - d.left;
        let pace = tr!(
            ui,
            insights_control_deal_pace,
            rate = format!("{:.1}", d.per_second)
        );
        let how = match d.sold_out_after_s {
            Some(seconds) => tr!(
                ui,
                insights_control_deal_sold_out_after,
                time = duration(locale, seconds)
            ),
            None if d.open => tr!(ui, insights_control_deal_open).to_owned(),
            None => tr!(ui, insights_control_deal_closed).to_owned(),
        };
        Some(view! {
            <section class="report__part card" aria-labelledby="control-deal" data-testid="deal-figures">
                <h2 id="control-deal">{tr!(ui, insights_control_deal)}</h2>
                <p><strong><bdi>{name(d.product)}</bdi></strong></p>
                <p>{tr!(ui, insights_control_deal_sold, sold = n(sold), total = n(d.quantity))}" · "{pace}</p>
                <p>{how}</p>
            </section>
        })
    };
    view! {
        <div class="control__panel">
        <p class="control__status" data-testid="control-status">{status}</p>
        <section class="report__part card control__alerts" aria-labelledby="control-alerts">
            <h2 id="control-alerts">{tr!(ui, insights_control_alerts)}</h2>
            <ul class="alerts" role="status" data-testid="alerts">{alerts}</ul>
        </section>
        <dl class="figures" aria-label=tr!(ui, insights_figures) data-testid="control-figures">{figures}</dl>
        <section class="report__part card" aria-labelledby="control-trend">
            <h2 id="control-trend">{tr!(ui, insights_control_trend, minutes = number(locale, TREND_MINUTES as i64))}</h2>
            <ol class="trend" data-testid="trend">{trend}</ol>
        </section>
        <section class="report__part card" aria-labelledby="control-pins">
            <h2 id="control-pins">{tr!(ui, insights_control_pins)}</h2>
            {pins}
        </section>
        {deal}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod socket {
    use super::Link;
    use crate::insights::pulse::{Frame, NOT_TEAM, Pulse};
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    /// Reconnect delays: doubling from a second to 15 s.
    fn retry_ms(attempt: u32) -> u32 {
        (1000_u32 << attempt.min(4)).min(15_000)
    }

    pub fn run(stream: String, pulse: RwSignal<Pulse>, link: RwSignal<Link>) {
        connect(stream, pulse, link, 0);
    }

    fn connect(stream: String, pulse: RwSignal<Pulse>, link: RwSignal<Link>, attempt: u32) {
        let Some(url) = crate::ui::socket_url(&format!("/api/streams/{stream}/live?pulse=1"))
        else {
            return;
        };
        let Ok(ws) = WebSocket::new(&url) else { return };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            if let Ok(Frame::Pulse { pulse: fresh }) = serde_json::from_str::<Frame>(&text) {
                pulse.set(*fresh);
                link.set(Link::Live);
            }
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            if e.code() == NOT_TEAM {
                link.set(Link::Refused);
                return;
            }
            // A socket that had pulses starts its backoff afresh.
            let attempt = if link.get_untracked() == Link::Live {
                0
            } else {
                attempt + 1
            };
            link.set(Link::Retrying);
            let stream = stream.clone();
            gloo_timers::callback::Timeout::new(retry_ms(attempt), move || {
                connect(stream, pulse, link, attempt)
            })
            .forget();
        });
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
    }
}
