//! Live clocks (islands): a countdown to a stream's start, and a time in the viewer's own
//! zone. The server renders a correct static text; the browser keeps it ticking.

use crate::core::{Remaining, remaining};
use crate::i18n::{Locale, tr};
use leptos::prelude::*;

/// "Starts in 2 d 03 h", then "Starts in 04:09", ticking every second after hydration.
#[island]
pub fn Countdown(starts_at: i64, server_now: i64, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let left = RwSignal::new(starts_at - server_now);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let tick = move || left.set(starts_at - browser_now());
        tick();
        gloo_timers::callback::Interval::new(1_000, tick).forget();
    });
    let text = move || {
        let secs = left.get();
        if secs <= 0 {
            return tr!(ui, starting_now).to_owned();
        }
        let time = match remaining(secs) {
            Remaining::Days { days, hours } => tr!(
                ui,
                duration_days,
                days = days,
                hours = format!("{hours:02}")
            ),
            Remaining::Clock(clock) => clock,
        };
        tr!(ui, starts_in, time = time)
    };
    view! { <span class="countdown" role="timer" aria-live="off">{text}</span> }
}

/// The start time in the viewer's own zone and language, e.g. "Your time: Sat, 28 Nov, 15:30".
#[island]
pub fn LocalTime(at: i64, locale: Locale) -> impl IntoView {
    let text = RwSignal::new(String::new());
    // The server cannot know the viewer's zone; only the browser fills this in.
    #[cfg(not(feature = "hydrate"))]
    let _ = (at, locale);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        text.set(tr!(
            locale.ui(),
            your_time,
            time = browser_local(at, locale)
        ))
    });
    view! { <span class="local-time">{move || text.get()}</span> }
}

#[cfg(feature = "hydrate")]
fn browser_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[cfg(feature = "hydrate")]
fn browser_local(at: i64, locale: Locale) -> String {
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
    date.to_locale_string(locale.cldr_tag(None), &options)
        .into()
}
