//! Verified credentials as badges: each one's name in the reader's language, its reference
//! on hover (and in full on the booth's page).

use crate::i18n::{Locale, tr};
use crate::pavilion::model::Badge;
use crate::ui::layout::use_locale;
use leptos::prelude::*;

#[component]
pub fn CredentialBadges(badges: Vec<Badge>, #[prop(optional)] full: bool) -> impl IntoView {
    if badges.is_empty() {
        return ().into_any();
    }
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <ul class="badges" aria-label=tr!(ui, verified_credentials)>
            {badges
                .into_iter()
                .map(|b| {
                    let label = badge_label(locale, &b.slug).map_or_else(|| b.label.clone(), str::to_owned);
                    let title = tr!(ui, badge_title, badge = label.clone(), reference = b.reference.clone());
                    view! {
                        <li class=format!("badge badge--{}", b.slug) title=title>
                            <svg class="badge__tick" viewBox="0 0 16 16" aria-hidden="true">
                                <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>
                            </svg>
                            {label}
                            {full.then(|| view! { <span class="badge__ref">{b.reference}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The credential's name in the reader's language (`None` for a kind the UI does not know).
fn badge_label(locale: Locale, slug: &str) -> Option<&'static str> {
    let ui = locale.ui();
    Some(match slug {
        "iec" => tr!(ui, badge_iec),
        "gst" => tr!(ui, badge_gst),
        "spices-board" => tr!(ui, badge_spices_board),
        "mpeda" => tr!(ui, badge_mpeda),
        "handloom-mark" => tr!(ui, badge_handloom_mark),
        "craft-mark" => tr!(ui, badge_craft_mark),
        "bis-hallmark" => tr!(ui, badge_bis_hallmark),
        "fssai" => tr!(ui, badge_fssai),
        "organic" => tr!(ui, badge_organic),
        "gi-tag" => tr!(ui, badge_gi_tag),
        _ => return None,
    })
}
