//! Search: products and exhibitors whose text in any language contains the query, shown
//! in the reader's language with the matching words marked.

use crate::i18n::{Locale, tr};
use crate::pavilion::api::search;
use crate::pavilion::model::{Highlighted, MAX_QUERY, SearchHit, SearchPage as Data};
use crate::pavilion::views::booth_card::BoothCard;
use crate::pavilion::views::product_card::ProductCard;
use crate::ui::layout::use_locale;
use crate::ui::page::Loaded;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || (locale, query.read().get("q").unwrap_or_default()),
        |(locale, q)| search(locale, q),
    );
    view! { <Loaded resource=data render=move |page| view! { <Results page/> }/> }
}

#[component]
fn Found(hit: SearchHit) -> impl IntoView {
    let Highlighted {
        before,
        matched,
        after,
    } = hit.found;
    let lang = Locale::parse(&hit.locale).unwrap_or_default();
    view! {
        <p class="search-hit" lang=lang.code() dir=if lang.is_rtl() { "rtl" } else { "ltr" }>
            {before}<mark>{matched}</mark>{after}
        </p>
    }
}

#[component]
fn Results(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Data {
        query,
        too_long,
        too_short,
        products,
        booths,
    } = page;
    let total = products.len() + booths.len();
    let summary = if too_long {
        view! { <p class="notice" role="alert">{tr!(ui, search_too_long, max = MAX_QUERY)}</p> }
            .into_any()
    } else if too_short {
        view! { <p class="notice" role="status">{tr!(ui, search_too_short)}</p> }.into_any()
    } else if query.is_empty() {
        view! { <p class="section__lead">{tr!(ui, search_hint)}</p> }.into_any()
    } else if total == 0 {
        view! { <p class="empty" role="status">{tr!(ui, search_none, query = query.clone())}</p> }
            .into_any()
    } else {
        view! { <p class="search-summary" role="status">{tr!(ui, search_results, count = total, query = query.clone())}</p> }.into_any()
    };
    view! {
        <Seo title=tr!(ui, search_title).to_owned() description=tr!(ui, search_hint).to_owned() path=None/>
        <main id="main" class="page search">
            <h1>{tr!(ui, search_title)}</h1>
            <form class="search-form" role="search" method="get" action=format!("/{}/search", locale.code())>
                <label for="search-q">{tr!(ui, search_label)}</label>
                <div class="search-form__row">
                    <input id="search-q" type="search" name="q" value=query.clone() maxlength=MAX_QUERY.to_string() autocomplete="off"/>
                    <button type="submit" class="button button--primary">{tr!(ui, search_button)}</button>
                </div>
            </form>
            {summary}
            {(!products.is_empty()).then(|| view! {
                <section aria-labelledby="search-products">
                    <h2 id="search-products">{tr!(ui, search_products)}</h2>
                    <ul class="search-results">
                        {products.into_iter().map(|(product, hit)| view! {
                            <li class="search-result">
                                <ProductCard product/>
                                <Found hit/>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!booths.is_empty()).then(|| view! {
                <section aria-labelledby="search-booths">
                    <h2 id="search-booths">{tr!(ui, search_booths)}</h2>
                    <ul class="search-results">
                        {booths.into_iter().map(|(booth, hit)| view! {
                            <li class="search-result">
                                <BoothCard booth show_hall=true/>
                                <Found hit/>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </main>
    }
}
