//! The pavilion home: hero, live now, halls, featured booths, what's next, replays.

use crate::agenda::views::stream_card::StreamCard;
use crate::i18n::{number, tr};
use crate::pavilion::api::get_home;
use crate::pavilion::model::{HallSummary, HomePage as Data};
use crate::pavilion::views::booth_card::BoothCard;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let _locale = use_locale();
    let data = locale_resource(get_home);
    view! { <Loaded resource=data render=move |page| view! { <Home page/> }/> }
}

#[component]
fn Home(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Data {
        now,
        halls,
        featured,
        live,
        upcoming,
        replays,
        booth_total,
        product_total,
    } = page;
    let council_total = {
        let mut slugs: Vec<&str> = halls.iter().map(|h| h.council.slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        slugs.len()
    };
    let description = tr!(ui, home_description, halls = halls.len());
    let live_total = live.len();
    view! {
        <Seo title=tr!(ui, home_title).to_owned() description path=Some("/".to_owned())/>
        <main id="main">
            <section class="hero">
                <div class="hero__inner">
                    <p class="hero__eyebrow">{tr!(ui, home_eyebrow)}</p>
                    <h1 class="hero__title">{tr!(ui, home_heading)}</h1>
                    <p class="hero__lead">{tr!(ui, home_lead)}</p>
                    <ul class="hero__stats" aria-label=tr!(ui, home_stats)>
                        <li><strong>{number(locale, booth_total)}</strong>" "{tr!(ui, stat_exhibitors, count = booth_total)}</li>
                        <li><strong>{number(locale, product_total)}</strong>" "{tr!(ui, stat_products, count = product_total)}</li>
                        <li><strong>{number(locale, council_total as i64)}</strong>" "{tr!(ui, stat_councils, count = council_total as i64)}</li>
                        <li><strong>{number(locale, live_total as i64)}</strong>" "{tr!(ui, stat_live)}</li>
                    </ul>
                    <p class="hero__actions">
                        <a class="button button--primary" href="#halls">
                            {tr!(ui, explore_halls)}
                            <svg class="icon-dir" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M3 8h9M8.5 4l4 4-4 4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>
                        </a>
                        <a class="button button--ghost" href="#live">{tr!(ui, watch_live)}</a>
                    </p>
                </div>
            </section>

            <section id="live" class="section section--live" aria-labelledby="live-title">
                <div class="section__inner">
                    <h2 id="live-title" class="section__title">{tr!(ui, live_now)}</h2>
                    {if live.is_empty() {
                        view! { <p class="empty">{tr!(ui, no_live)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="stream-grid stream-grid--live">
                                {live.into_iter().map(|stream| view! { <StreamCard stream now/> }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                </div>
            </section>

            <section id="halls" class="section" aria-labelledby="halls-title">
                <div class="section__inner">
                    <h2 id="halls-title" class="section__title">{tr!(ui, halls_title)}</h2>
                    <p class="section__lead">{tr!(ui, halls_lead)}</p>
                    <div class="hall-grid">
                        {halls.into_iter().map(|hall| view! { <HallTile hall locale/> }).collect_view()}
                    </div>
                </div>
            </section>

            <section class="section section--tint" aria-labelledby="featured-title">
                <div class="section__inner">
                    <h2 id="featured-title" class="section__title">{tr!(ui, featured_title)}</h2>
                    <div class="booth-grid">
                        {featured.into_iter().map(|booth| view! { <BoothCard booth show_hall=true/> }).collect_view()}
                    </div>
                </div>
            </section>

            <section id="next" class="section" aria-labelledby="next-title">
                <div class="section__inner">
                    <h2 id="next-title" class="section__title">{tr!(ui, coming_up)}</h2>
                    {if upcoming.is_empty() {
                        view! { <p class="empty">{tr!(ui, no_upcoming)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="stream-grid">
                                {upcoming.into_iter().map(|stream| view! { <StreamCard stream now/> }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                </div>
            </section>

            {(!replays.is_empty()).then(|| view! {
                <section class="section section--tint" aria-labelledby="replays-title">
                    <div class="section__inner">
                        <h2 id="replays-title" class="section__title">{tr!(ui, watch_again)}</h2>
                        <div class="stream-grid">
                            {replays.into_iter().map(|stream| view! { <StreamCard stream now/> }).collect_view()}
                        </div>
                    </div>
                </section>
            })}
        </main>
    }
    .into_any()
}

#[component]
fn HallTile(hall: HallSummary, locale: crate::i18n::Locale) -> impl IntoView {
    let style = format!("--hall: {}", hall.colour);
    let motif = format!("/media/motif/{}.svg", hall.motif);
    view! {
        <article class="hall-tile" style=style>
            <img class="hall-tile__motif" src=motif alt="" width="120" height="120"/>
            <p class="hall-tile__council">{hall.council.short_name.clone()}</p>
            <h3 class="hall-tile__name">
                <a href=href(locale, &format!("/halls/{}", hall.slug))>{hall.name.clone()}</a>
            </h3>
            <p class="hall-tile__tagline">{hall.tagline.clone()}</p>
            <p class="hall-tile__meta">
                {tr!(locale.ui(), booths_count, count = hall.booth_count)}
                " · "
                {tr!(locale.ui(), products_count, count = hall.product_count)}
            </p>
        </article>
    }
}
