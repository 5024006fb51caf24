//! Drawn marks: the pavilion's own, and booth monograms in their brand colour.

use leptos::prelude::*;

/// A stylised lotus in saffron, white and green: the pavilion's mark.
#[component]
pub fn PavilionMark() -> impl IntoView {
    view! {
        <svg class="brand__mark" viewBox="0 0 48 48" aria-hidden="true">
            <circle cx="24" cy="24" r="23" fill="#12325b"/>
            <path d="M24 9c4 5 5 10 0 18-5-8-4-13 0-18z" fill="#ff9f43"/>
            <path d="M24 27c-2-6-7-10-13-10 0 7 5 12 13 10z" fill="#f7f3ea"/>
            <path d="M24 27c2-6 7-10 13-10 0 7-5 12-13 10z" fill="#f7f3ea"/>
            <path d="M10 31c5 4 23 4 28 0-3 6-8 8-14 8s-11-2-14-8z" fill="#2e9e5b"/>
        </svg>
    }
}

/// A booth's logo: its monogram on its brand colour, ringed in the hall's colour.
#[component]
pub fn BoothLogo(
    monogram: String,
    brand: String,
    ring: String,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let class = if large {
        "booth-logo booth-logo--large"
    } else {
        "booth-logo"
    };
    view! {
        <svg class=class viewBox="0 0 64 64" aria-hidden="true">
            <circle cx="32" cy="32" r="31" fill=ring/>
            <circle cx="32" cy="32" r="26" fill=brand/>
            <circle cx="32" cy="32" r="21" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="1.5" stroke-dasharray="2 3"/>
            <text x="32" y="39.5" text-anchor="middle" font-size="21" font-weight="700" fill="#ffffff" font-family="Georgia, 'Noto Serif', serif">{monogram}</text>
        </svg>
    }
}
