//! A booth: its profile, verified credentials, products and streams.

use crate::agenda::views::stream_card::StreamCard;
use crate::i18n::tr;
use crate::pavilion::api::get_booth;
use crate::pavilion::model::BoothPage as Data;
use crate::pavilion::views::badges::CredentialBadges;
use crate::pavilion::views::product_card::ProductGrid;
use crate::ui::layout::{href, use_locale};
use crate::ui::logo::BoothLogo;
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::{JsonLd, Seo};
use leptos::prelude::*;

#[component]
pub fn BoothPage() -> impl IntoView {
    let data = slug_resource("booth", get_booth);
    view! { <Loaded resource=data render=move |page| view! { <Booth page/> }/> }
}

#[component]
fn Booth(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Data {
        now,
        booth,
        description,
        founded_year,
        council,
        products,
        streams,
        in_fallback,
    } = page;
    let style = format!("--hall: {}", booth.hall_colour);
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": booth.name,
        "description": booth.tagline,
        "foundingDate": founded_year.to_string(),
        "address": { "@type": "PostalAddress", "addressLocality": booth.city, "addressRegion": booth.region, "addressCountry": "IN" },
        "memberOf": { "@type": "Organization", "name": council.name },
    });
    let place = format!("{}, {}", booth.city, booth.region);
    let seo_description = tr!(
        ui,
        booth_seo,
        tagline = booth.tagline.clone(),
        place = place.clone(),
        council = council.short_name.clone()
    );
    view! {
        <Seo title=booth.name.clone() description=seo_description path=Some(format!("/booths/{}", booth.slug))/>
        <JsonLd value=json_ld/>
        <main id="main" style=style>
            <header class="page-hero page-hero--booth">
                <div class="page-hero__inner booth-hero">
                    <BoothLogo monogram=booth.monogram() brand=booth.brand_colour.clone() ring=booth.hall_colour.clone() large=true/>
                    <div>
                        <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                            <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                            <span aria-hidden="true">" / "</span>
                            <a href=href(locale, &format!("/halls/{}", booth.hall_slug))>{booth.hall_name.clone()}</a>
                            <span aria-hidden="true">" / "</span>
                            <span aria-current="page">{booth.name.clone()}</span>
                        </nav>
                        <h1>{booth.name.clone()}</h1>
                        <p class="page-hero__lead">{booth.tagline.clone()}</p>
                        <p class="page-hero__council">
                            {tr!(ui, booth_line, place = place, year = founded_year, council = council.short_name.clone())}
                        </p>
                        {booth.live_now.then(|| view! { <p><span class="state state--live"><span class="state__dot" aria-hidden="true"></span>{tr!(ui, live_now)}</span></p> })}
                        <p class="button-row">
                            <a class="button button--light" href=href(locale, &format!("/rfqs/new?booth={}", booth.slug))>{tr!(ui, rfq_ask_quote)}</a>" "
                            <a class="button button--light" href=href(locale, &format!("/booths/{}/meetings", booth.slug))>{tr!(ui, booth_book_meeting)}</a>
                        </p>
                    </div>
                </div>
            </header>
            <div class="page">
                {in_fallback.then(|| view! { <p class="fallback-note">{tr!(ui, fallback_note)}</p> })}
                <div class="booth-about">
                    <section aria-labelledby="about-title">
                        <h2 id="about-title">{tr!(ui, about_company)}</h2>
                        <p class="prose">{description}</p>
                    </section>
                    <section aria-labelledby="credentials-title" class="credentials">
                        <h2 id="credentials-title">{tr!(ui, verified_credentials)}</h2>
                        {if booth.badges.is_empty() {
                            view! { <p class="empty">{tr!(ui, no_credentials)}</p> }.into_any()
                        } else {
                            view! { <CredentialBadges badges=booth.badges.clone() full=true/> }.into_any()
                        }}
                    </section>
                </div>
                <section aria-labelledby="products-title">
                    <h2 id="products-title">{tr!(ui, products_heading, count = products.len())}</h2>
                    <ProductGrid products/>
                </section>
                {(!streams.is_empty()).then(|| view! {
                    <section aria-labelledby="booth-streams-title">
                        <h2 id="booth-streams-title">{tr!(ui, streams_heading)}</h2>
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
