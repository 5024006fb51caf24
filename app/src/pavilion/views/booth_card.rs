//! A booth as a card: logo, name, place, tagline, badges, live marker.

use crate::i18n::tr;
use crate::pavilion::model::BoothCard as Card;
use crate::pavilion::views::badges::CredentialBadges;
use crate::ui::layout::{href, use_locale};
use crate::ui::logo::BoothLogo;
use leptos::prelude::*;

#[component]
pub fn BoothCard(booth: Card, #[prop(optional)] show_hall: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let monogram = booth.monogram();
    let style = format!("--hall: {}", booth.hall_colour);
    view! {
        <article class="booth-card" style=style>
            <div class="booth-card__head">
                <BoothLogo monogram brand=booth.brand_colour.clone() ring=booth.hall_colour.clone()/>
                <div>
                    <h3 class="booth-card__name">
                        <a href=href(locale, &format!("/booths/{}", booth.slug))>{booth.name.clone()}</a>
                    </h3>
                    <p class="booth-card__place">{format!("{}, {}", booth.city, booth.region)}</p>
                </div>
                {booth.live_now.then(|| view! { <span class="state state--live"><span class="state__dot" aria-hidden="true"></span>{tr!(ui, state_live)}</span> })}
            </div>
            <p class="booth-card__tagline">{booth.tagline.clone()}</p>
            <CredentialBadges badges=booth.badges.clone()/>
            <p class="booth-card__meta">
                {tr!(ui, products_count, count = booth.product_count)}
                {show_hall.then(|| view! { " · " <span class="hall-chip">{booth.hall_name.clone()}</span> })}
            </p>
        </article>
    }
}
