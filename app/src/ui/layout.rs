//! The frame of every page: locale from the URL, header (navigation, search, language and
//! currency), footer, and the 404 page.

use crate::core::{Currency, Viewer};
use crate::i18n::prefs::Prefs;
use crate::i18n::{Locale, tr};
use crate::ui::logo::PavilionMark;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_meta::Html;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_params_map};

/// Reads `{locale}` from the URL; an unknown locale is a 404, a known one is given to
/// every page below through context, with the buyer's currency preferences.
#[component]
pub fn LocaleLayout() -> impl IntoView {
    let params = use_params_map();
    let raw = params.with_untracked(|p| p.get("locale").unwrap_or_default());
    match Locale::parse(&raw) {
        Some(locale) => {
            provide_context(locale);
            #[cfg(feature = "ssr")]
            let (prefs, viewer, test_mode) = {
                let parts = use_context::<http::request::Parts>();
                (
                    Prefs::of_request(locale, parts.as_ref()),
                    parts.and_then(|p| p.extensions.get::<Viewer>().cloned()),
                    use_context::<crate::state::AppState>().is_some_and(|s| s.payments.is_test()),
                )
            };
            // The frame is rendered on the server only (islands hydrate, not the frame).
            #[cfg(not(feature = "ssr"))]
            let (prefs, viewer, test_mode) = (Prefs::default(), None::<Viewer>, false);
            provide_context(prefs.clone());
            provide_context(viewer.clone());
            view! {
                <Html attr:lang=locale.code() attr:dir=if locale.is_rtl() { "rtl" } else { "ltr" }/>
                {test_mode.then(|| view! {
                    <p class="test-mode-band" role="note">{tr!(locale.ui(), test_mode_band)}</p>
                })}
                <SiteHeader locale prefs viewer/>
                <Outlet/>
                <SiteFooter locale/>
            }
            .into_any()
        }
        None => view! { <NotFoundPage locale=Locale::En standalone=true/> }.into_any(),
    }
}

/// The locale of the page being rendered.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// `/{locale}{rest}`, e.g. `href(Locale::En, "/halls/spices")`.
pub fn href(locale: Locale, rest: &str) -> String {
    format!("/{}{rest}", locale.code())
}

/// The current path in another locale: `/en/products/x` → `/ar/products/x`.
fn same_page_in(path: &str, locale: Locale) -> String {
    let rest = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/').map(|(_, rest)| rest))
        .unwrap_or("");
    format!("/{}/{rest}", locale.code())
}

/// Percent-encodes a query value (a local path, a list's cursor).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn SiteHeader(locale: Locale, prefs: Prefs, viewer: Option<Viewer>) -> impl IntoView {
    let ui = locale.ui();
    let path = use_location().pathname.get_untracked();
    let languages = Locale::ALL
        .into_iter()
        .map(|l| {
            let target = same_page_in(&path, l);
            let link = format!("/prefs?locale={}&next={}", l.code(), encode(&target));
            view! {
                <li>
                    <a href=link lang=l.code() hreflang=l.code() aria-current=(l == locale).then_some("true")>{l.endonym()}</a>
                </li>
            }
        })
        .collect_view();
    let currencies = Currency::ALL
        .into_iter()
        .map(|c| view! { <option value=c.code() selected={ c == prefs.currency }>{c.code()}</option> })
        .collect_view();
    let notice = prefs.unknown_currency.clone().map(|code| {
        let text = tr!(
            ui,
            currency_unknown,
            code = code,
            fallback = prefs.currency.code()
        );
        view! { <p class="notice" role="status">{text}</p> }
    });
    view! {
        <a class="skip-link" href="#main">{tr!(ui, skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href=href(locale, "/")>
                    <PavilionMark/>
                    <span class="brand__text">
                        <span class="brand__name">{tr!(ui, brand_name)}</span>
                        <span class="brand__event">{tr!(ui, brand_event)}</span>
                    </span>
                </a>
                <nav class="site-nav" aria-label=tr!(ui, nav_main)>
                    <a href=href(locale, "/#halls")>{tr!(ui, nav_halls)}</a>
                    <a href=href(locale, "/#live")>{tr!(ui, live_now)}</a>
                    <a href=href(locale, "/agenda")>{tr!(ui, nav_agenda)}</a>
                    <a href=href(locale, "/creators")>{tr!(ui, nav_creators)}</a>
                    <a href=href(locale, "/cart")>{tr!(ui, nav_cart)}</a>
                    {match viewer {
                        Some(v) => view! { <a href=href(locale, "/account") class="site-nav__account">{v.name}</a> }.into_any(),
                        None => view! { <a href=href(locale, "/account/signin") class="site-nav__account">{tr!(ui, signin_title)}</a> }.into_any(),
                    }}
                </nav>
                <form class="site-search" role="search" method="get" action=href(locale, "/search")>
                    <label class="visually-hidden" for="site-search">{tr!(ui, search_label)}</label>
                    <input id="site-search" type="search" name="q" maxlength="100" placeholder=tr!(ui, nav_search)/>
                    <button type="submit" class="site-search__button">
                        <svg viewBox="0 0 20 20" aria-hidden="true" width="18" height="18"><circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M13 13l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
                        <span class="visually-hidden">{tr!(ui, search_button)}</span>
                    </button>
                </form>
                <div class="prefs" role="group" aria-label=tr!(ui, preferences)>
                    <details class="lang-menu">
                        <summary>
                            <svg viewBox="0 0 20 20" aria-hidden="true" width="18" height="18"><circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M2.5 10h15M10 2.5c2.2 2.2 2.2 12.8 0 15M10 2.5c-2.2 2.2-2.2 12.8 0 15" fill="none" stroke="currentColor" stroke-width="1.4"/></svg>
                            <span class="visually-hidden">{tr!(ui, language)}": "</span>
                            <span lang=locale.code()>{locale.endonym()}</span>
                        </summary>
                        <ul class="lang-menu__list">{languages}</ul>
                    </details>
                    <form class="currency-form" method="get" action="/prefs">
                        <input type="hidden" name="next" value=path.clone()/>
                        <label for="currency-select" class="visually-hidden">{tr!(ui, currency)}</label>
                        <select id="currency-select" name="currency">{currencies}</select>
                        <button type="submit" class="button button--small">{tr!(ui, apply)}</button>
                    </form>
                </div>
            </div>
            {notice}
        </header>
    }
}

#[component]
fn SiteFooter(locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>
                    <strong>{tr!(ui, brand_name)}</strong>
                    " — "
                    {tr!(ui, footer_about)}
                </p>
                <p class="site-footer__small">{tr!(ui, footer_money)}</p>
            </div>
        </footer>
    }
}

/// A real 404: its own page, and the status set during server rendering.
/// `standalone` when rendered outside [`LocaleLayout`], which otherwise gives the page its
/// language, header and footer.
#[component]
pub fn NotFoundPage(locale: Locale, #[prop(optional)] standalone: bool) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let ui = locale.ui();
    view! {
        {standalone.then(|| view! { <Html attr:lang="en" attr:dir="ltr"/> })}
        <Seo title=tr!(ui, not_found_title).to_owned() description=tr!(ui, not_found_description).to_owned() path=None/>
        <main id="main" class="page page--narrow not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1>{tr!(ui, not_found_heading)}</h1>
            <p>{tr!(ui, not_found_body)}</p>
            <p><a class="button button--primary" href=href(locale, "/")>{tr!(ui, back_home)}</a></p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_the_locale_segment_only() {
        assert_eq!(same_page_in("/en/products/x", Locale::Ar), "/ar/products/x");
        assert_eq!(same_page_in("/en/", Locale::Zh), "/zh/");
        assert_eq!(same_page_in("/en", Locale::Zh), "/zh/");
        assert_eq!(encode("/ar/search?q=a b"), "/ar/search%3Fq%3Da%20b");
    }
}
