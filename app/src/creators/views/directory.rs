//! `/{locale}/creators`: the creators, best record first, filtered by market, language,
//! sector, council listing and availability with a plain GET form (no JavaScript needed).

use super::card::CreatorCard;
use crate::creators::api::get_creators;
use crate::creators::model::{Choice, Directory};
use crate::i18n::{number, tr};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::Loaded;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CreatorsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let q = query.read();
            let get = |name: &str| q.get(name).unwrap_or_default();
            (
                locale,
                get("market"),
                get("language"),
                get("category"),
                get("vetted"),
                get("available"),
            )
        },
        |(locale, market, language, category, vetted, available)| {
            get_creators(locale, market, language, category, vetted, available)
        },
    );
    view! { <Loaded resource=data render=move |page| view! { <Creators page/> }/> }
}

/// A filter's drop-down: "any" first, then the choices.
fn options(any: &str, choices: &[Choice]) -> impl IntoView + use<> {
    let none_chosen = !choices.iter().any(|c| c.chosen);
    std::iter::once((String::new(), any.to_owned(), none_chosen))
        .chain(
            choices
                .iter()
                .map(|c| (c.value.clone(), c.label.clone(), c.chosen)),
        )
        .map(
            |(value, label, chosen)| view! { <option value=value selected=chosen>{label}</option> },
        )
        .collect_view()
}

#[component]
fn Creators(page: Directory) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let count = page.creators.len();
    let list = if page.creators.is_empty() {
        view! { <p class="notice" data-testid="no-creators">{if page.filtered { tr!(ui, creators_none_match) } else { tr!(ui, creators_none) }}</p> }.into_any()
    } else {
        view! {
            <div class="creator-grid">
                {page.creators.into_iter().map(|creator| view! { <CreatorCard creator/> }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, creators_title).to_owned() description=tr!(ui, creators_lead).to_owned() path=Some("/creators".to_owned())/>
        <main id="main">
            <header class="page-hero page-hero--creators">
                <div class="page-hero__inner">
                    <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                        <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                        <span aria-hidden="true">" / "</span>
                        <span aria-current="page">{tr!(ui, creators_title)}</span>
                    </nav>
                    <h1>{tr!(ui, creators_title)}</h1>
                    <p class="page-hero__lead">{tr!(ui, creators_lead)}</p>
                    <p class="button-row"><a class="button button--light" href=href(locale, "/creator")>{tr!(ui, creators_become)}</a></p>
                </div>
            </header>
            <div class="page">
                <form class="leads__filters" method="get" action=href(locale, "/creators") aria-label=tr!(ui, creators_filters)>
                    <div class="field">
                        <label for="filter-market">{tr!(ui, creators_market)}</label>
                        <select id="filter-market" name="market">{options(tr!(ui, creators_any_market), &page.markets)}</select>
                    </div>
                    <div class="field">
                        <label for="filter-language">{tr!(ui, creators_language)}</label>
                        <select id="filter-language" name="language">{options(tr!(ui, creators_any_language), &page.languages)}</select>
                    </div>
                    <div class="field">
                        <label for="filter-category">{tr!(ui, creators_category)}</label>
                        <select id="filter-category" name="category">{options(tr!(ui, creators_any_category), &page.categories)}</select>
                    </div>
                    <label class="check" for="filter-vetted">
                        <input id="filter-vetted" type="checkbox" name="vetted" value="1" checked=page.vetted_only/>
                        " "{tr!(ui, creators_vetted_only)}
                    </label>
                    <label class="check" for="filter-available">
                        <input id="filter-available" type="checkbox" name="available" value="1" checked=page.available_only/>
                        " "{tr!(ui, creators_available_only)}
                    </label>
                    <button type="submit" class="button button--primary">{tr!(ui, creators_filter)}</button>
                </form>
                <h2 class="results-count" data-testid="creator-count">{tr!(ui, creators_count, count = number(locale, count as i64))}</h2>
                {list}
            </div>
        </main>
    }
}
