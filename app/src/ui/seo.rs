//! Title, description, canonical and alternate-language links for server-rendered heads.

use crate::app::SiteUrl;
use crate::i18n::Locale;
use crate::ui::layout::use_locale;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// `path` is the page's path after the locale (`/booths/x`); `None` for pages that must not
/// be indexed (errors).
#[component]
pub fn Seo(title: String, description: String, path: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let base = use_context::<SiteUrl>().map(|s| s.0).unwrap_or_default();
    let brand = crate::i18n::tr!(locale.ui(), brand_name);
    let full_title = format!("{title} · {brand}");
    let links = path.map(|path| {
        let canonical = format!("{base}/{}{path}", locale.code());
        let alternates = Locale::ALL
            .into_iter()
            .map(|l| {
                let href = format!("{base}/{}{path}", l.code());
                view! { <Link rel="alternate" hreflang=l.code() href=href/> }
            })
            .collect_view();
        let default = format!("{base}/en{path}");
        view! {
            <Link rel="canonical" href=canonical.clone()/>
            {alternates}
            <Link rel="alternate" hreflang="x-default" href=default/>
            <Meta property="og:url" content=canonical/>
        }
    });
    view! {
        <Title text=full_title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:title" content=full_title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:site_name" content=brand/>
        {links}
    }
}

/// JSON-LD in a script tag, with `<` escaped so user text cannot close the tag.
#[component]
pub fn JsonLd(value: serde_json::Value) -> impl IntoView {
    let text = value.to_string().replace('<', "\\u003c");
    view! { <script type="application/ld+json" inner_html=text></script> }
}
