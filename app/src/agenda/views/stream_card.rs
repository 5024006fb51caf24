//! A stream as a card: state, title, booth, hosts, time.

use crate::agenda::model::{StreamCard as Card, StreamState};
use crate::agenda::views::countdown::{Countdown, LocalTime};
use crate::agenda::views::state_badge::StateBadge;
use crate::core::Instant;
use crate::i18n::tr;
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

#[component]
pub fn StreamCard(stream: Card, now: Instant) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let style = format!("--hall: {}", stream.hall_colour);
    let class = format!("stream-card stream-card--{}", stream.state.as_str());
    let upcoming = stream.state == StreamState::Scheduled;
    view! {
        <article class=class style=style>
            <div class="stream-card__top">
                <StateBadge state=stream.state/>
                {upcoming.then(|| view! { <Countdown starts_at=stream.starts_at.seconds() server_now=now.seconds() locale/> })}
            </div>
            <h3 class="stream-card__title">
                <a href=href(locale, &format!("/streams/{}", stream.slug))>{stream.title.clone()}</a>
            </h3>
            <p class="stream-card__booth">
                <a href=href(locale, &format!("/booths/{}", stream.booth_slug))>{stream.booth_name.clone()}</a>
                {(!stream.hosts.is_empty()).then(|| format!(" · {}", tr!(ui, with_hosts, hosts = stream.hosts.join(", "))))}
            </p>
            <p class="stream-card__time">
                <time datetime=stream.starts_at.rfc3339()>{stream.event_time.clone()}</time>
                " "
                <LocalTime at=stream.starts_at.seconds() locale/>
            </p>
        </article>
    }
}
