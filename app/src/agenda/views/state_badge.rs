//! A stream's state (scheduled, live, ended, replay, cancelled) as a badge, live with a dot.

use crate::agenda::model::StreamState;
use crate::i18n::{Locale, tr};
use crate::ui::layout::use_locale;
use leptos::prelude::*;

/// A stream state in the reader's language.
pub fn state_label(locale: Locale, state: StreamState) -> &'static str {
    let ui = locale.ui();
    match state {
        StreamState::Scheduled => tr!(ui, state_scheduled),
        StreamState::Live => tr!(ui, state_live),
        StreamState::Ended => tr!(ui, state_ended),
        StreamState::Replay => tr!(ui, state_replay),
        StreamState::Cancelled => tr!(ui, state_cancelled),
    }
}

#[component]
pub fn StateBadge(state: StreamState) -> impl IntoView {
    let class = format!("state state--{}", state.as_str());
    let label = state_label(use_locale(), state);
    view! {
        <span class=class>
            {(state == StreamState::Live).then(|| view! { <span class="state__dot" aria-hidden="true"></span> })}
            {label}
        </span>
    }
}
