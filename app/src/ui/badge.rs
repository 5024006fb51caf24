//! Badges: verified credentials, live state, hall chips.

use crate::agenda::model::StreamState;
use crate::pavilion::model::Badge;
use leptos::prelude::*;

#[component]
pub fn CredentialBadges(badges: Vec<Badge>, #[prop(optional)] full: bool) -> impl IntoView {
    if badges.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="badges" aria-label="Verified credentials">
            {badges
                .into_iter()
                .map(|b| {
                    let title = format!("{} — verified by the council ({})", b.description, b.reference);
                    view! {
                        <li class=format!("badge badge--{}", b.slug) title=title>
                            <svg class="badge__tick" viewBox="0 0 16 16" aria-hidden="true">
                                <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>
                            </svg>
                            {b.label}
                            {full.then(|| view! { <span class="badge__ref">{b.reference}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn StateBadge(state: StreamState) -> impl IntoView {
    let class = format!("state state--{}", state.as_str());
    view! {
        <span class=class>
            {(state == StreamState::Live).then(|| view! { <span class="state__dot" aria-hidden="true"></span> })}
            {state.label()}
        </span>
    }
}
