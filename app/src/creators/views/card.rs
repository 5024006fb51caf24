//! A creator as a card: portrait, name, headline, markets and languages, listing marks and
//! the record.

use crate::creators::model::CreatorCard as Card;
use crate::i18n::{number, tr};
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

#[component]
pub fn CreatorCard(creator: Card) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let portrait = creator.portrait();
    let record = creator.record.clone();
    view! {
        <article class="creator-card" data-testid="creator-card">
            <img class="creator-card__portrait" src=portrait alt="" width="96" height="96" loading="lazy"/>
            <div class="creator-card__body">
                <h3 class="creator-card__name">
                    <a href=href(locale, &format!("/creators/{}", creator.slug))>{creator.name.clone()}</a>
                </h3>
                <p class="creator-card__headline">{creator.headline.clone()}</p>
                <p class="creator-card__meta">
                    <span class="visually-hidden">{tr!(ui, creators_markets)}": "</span>
                    {creator.markets.join(" · ")}
                </p>
                <p class="creator-card__meta">
                    <span class="visually-hidden">{tr!(ui, creators_languages)}": "</span>
                    {creator.languages.join(" · ")}
                </p>
                <p class="creator-card__marks">
                    {creator.listed_by.iter().map(|council| view! {
                        <span class="verified-badge">{tr!(ui, creators_listed_by, council = council.clone())}</span>" "
                    }).collect_view()}
                    {creator.agency.clone().map(|agency| view! { <span class="creator-chip">{agency}</span>" " })}
                    {(!creator.available).then(|| view! { <span class="creator-chip creator-chip--muted">{tr!(ui, creators_unavailable)}</span> })}
                </p>
                <dl class="creator-card__record">
                    <div><dt>{tr!(ui, creators_streams)}</dt><dd>{number(locale, record.streams)}</dd></div>
                    <div><dt>{tr!(ui, creators_viewers)}</dt><dd>{number(locale, record.viewers)}</dd></div>
                    <div><dt>{tr!(ui, creators_orders)}</dt><dd>{number(locale, record.orders)}</dd></div>
                    <div><dt>{tr!(ui, creators_sales)}</dt><dd>{record.sales.clone()}</dd></div>
                </dl>
            </div>
        </article>
    }
}
