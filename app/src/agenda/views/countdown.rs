//! Live clocks (islands): a countdown to a stream's start, and a time in the viewer's own
//! zone. The server renders a correct static text; the browser keeps it ticking.

use crate::core::format_duration_short;
use leptos::prelude::*;

/// "Starts in 2 h 05 min", ticking every second after hydration.
#[island]
pub fn Countdown(starts_at: i64, server_now: i64) -> impl IntoView {
    let remaining = RwSignal::new(starts_at - server_now);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let tick = move || remaining.set(starts_at - browser_now());
        tick();
        gloo_timers::callback::Interval::new(1_000, tick).forget();
    });
    view! {
        <span class="countdown" role="timer" aria-live="off">
            {move || {
                let left = remaining.get();
                if left > 0 { format!("Starts in {}", format_duration_short(left)) } else { "Starting now".to_owned() }
            }}
        </span>
    }
}

/// The start time in the viewer's own zone and language, e.g. "Your time: Sat, 28 Nov, 15:30".
#[island]
pub fn LocalTime(at: i64, locale: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    // The server cannot know the viewer's zone; only the browser fills this in.
    #[cfg(not(feature = "hydrate"))]
    let _ = (at, locale);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| text.set(format!("Your time: {}", browser_local(at, &locale))));
    view! { <span class="local-time">{move || text.get()}</span> }
}

#[cfg(feature = "hydrate")]
fn browser_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[cfg(feature = "hydrate")]
fn browser_local(at: i64, locale: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64 * 1000.0));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string(locale, &options).into()
}
