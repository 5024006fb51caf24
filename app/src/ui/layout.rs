//! The frame of every page: locale from the URL, header, footer, and the 404 page.

use crate::i18n::Locale;
use crate::ui::logo::PavilionMark;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_meta::Html;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

/// Reads `{locale}` from the URL; an unknown locale is a 404, a known one is given to
/// every page below through context.
#[component]
pub fn LocaleLayout() -> impl IntoView {
    let params = use_params_map();
    let raw = params.with_untracked(|p| p.get("locale").unwrap_or_default());
    match Locale::parse(&raw) {
        Some(locale) => {
            provide_context(locale);
            view! {
                <Html attr:lang=locale.code() attr:dir=if locale.is_rtl() { "rtl" } else { "ltr" }/>
                <SiteHeader locale/>
                <Outlet/>
                <SiteFooter/>
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

#[component]
fn SiteHeader(locale: Locale) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href=href(locale, "/")>
                    <PavilionMark/>
                    <span class="brand__text">
                        <span class="brand__name">"India Pavilion"</span>
                        <span class="brand__event">"Global Sourcing Expo 2026"</span>
                    </span>
                </a>
                <nav class="site-nav" aria-label="Main">
                    <a href=href(locale, "/#halls")>"Halls"</a>
                    <a href=href(locale, "/#live")>"Live now"</a>
                    <a href=href(locale, "/#next")>"Coming up"</a>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>
                    <strong>"India Pavilion"</strong>
                    " — Indian exporters, curated by India's export promotion councils, live for buyers worldwide."
                </p>
                <p class="site-footer__small">
                    "Prices are shown in Indian rupees (INR). All times are stored in UTC and shown in the event's time zone."
                </p>
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
    view! {
        {standalone.then(|| view! { <Html attr:lang="en" attr:dir="ltr"/> })}
        <Seo title="Page not found".to_owned() description="This page is not in the India Pavilion.".to_owned() path=None/>
        <main id="main" class="page page--narrow not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1>"This stall is empty"</h1>
            <p>"The page you asked for is not in the India Pavilion. It may have moved, or the link may be mistyped."</p>
            <p><a class="button button--primary" href=href(locale, "/")>"Back to the pavilion"</a></p>
        </main>
    }
}
