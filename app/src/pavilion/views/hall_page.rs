//! A hall: its council, floor plan, exhibitors and streams.

use crate::agenda::views::stream_card::StreamCard;
use crate::i18n::tr;
use crate::pavilion::api::get_hall;
use crate::pavilion::model::HallPage as Data;
use crate::pavilion::views::booth_card::BoothCard;
use crate::pavilion::views::floor_plan::FloorPlan;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn HallPage() -> impl IntoView {
    let data = slug_resource("hall", get_hall);
    view! { <Loaded resource=data render=move |page| view! { <Hall page/> }/> }
}

#[component]
fn Hall(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Data {
        now,
        hall,
        description,
        plan_cols,
        plan_rows,
        booths,
        streams,
        in_fallback,
    } = page;
    let style = format!("--hall: {}", hall.colour);
    let seo_description = tr!(
        ui,
        hall_seo,
        tagline = hall.tagline.clone(),
        council = hall.council.name.clone()
    );
    view! {
        <Seo title=hall.name.clone() description=seo_description path=Some(format!("/halls/{}", hall.slug))/>
        <main id="main" style=style>
            <header class="page-hero page-hero--hall">
                <div class="page-hero__inner">
                    <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                        <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                        <span aria-hidden="true">" / "</span>
                        <span aria-current="page">{hall.name.clone()}</span>
                    </nav>
                    <h1>{hall.name.clone()}</h1>
                    <p class="page-hero__lead">{hall.tagline.clone()}</p>
                    <p class="page-hero__council">{tr!(ui, curated_by, council = hall.council.name.clone())}</p>
                    <p class="button-row">
                        <a class="button button--light" href=href(locale, &format!("/rfqs/new?hall={}", hall.slug))>{tr!(ui, rfq_ask_hall)}</a>" "
                        <a class="button button--light" href=href(locale, &format!("/halls/{}/apply", hall.slug))>{tr!(ui, call_for_exhibitors)}</a>
                    </p>
                </div>
            </header>
            <div class="page">
                {in_fallback.then(|| view! { <p class="fallback-note">{tr!(ui, fallback_note)}</p> })}
                <p class="prose">{description}</p>
                <section aria-labelledby="plan-title">
                    <h2 id="plan-title">{tr!(ui, floor_plan)}</h2>
                    <FloorPlan name=hall.name.clone() cols=plan_cols rows=plan_rows booths=booths.clone()/>
                </section>
                <section aria-labelledby="exhibitors-title">
                    <h2 id="exhibitors-title">{tr!(ui, exhibitors_heading, count = booths.len())}</h2>
                    <div class="booth-grid">
                        {booths.into_iter().map(|placed| view! { <BoothCard booth=placed.booth/> }).collect_view()}
                    </div>
                </section>
                {(!streams.is_empty()).then(|| view! {
                    <section aria-labelledby="hall-streams-title">
                        <h2 id="hall-streams-title">{tr!(ui, hall_streams)}</h2>
                        <div class="stream-grid">
                            {streams.into_iter().map(|stream| view! { <StreamCard stream now/> }).collect_view()}
                        </div>
                    </section>
                })}
            </div>
        </main>
    }
    .into_any()
}
