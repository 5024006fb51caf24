//! Quantity stepper (an island): − and + within the product's limits, with the total price
//! in the buyer's currency (formatted by the browser's `Intl`, from the same CLDR data the
//! server formats with). Without JavaScript the number input alone still works in its form.

use crate::core::Currency;
use crate::i18n::{Locale, tr};
use leptos::prelude::*;

#[island]
pub fn QuantityStepper(
    min: i64,
    max: i64,
    /// `(from quantity, unit price in currency's minor units)`, lowest quantity first: the
    /// unit price is the last band the quantity reaches (quantity price breaks).
    bands: Vec<(i64, i64)>,
    currency: Currency,
    /// The total for the first quantity, as the server formatted it.
    initial_total: String,
    unit: String,
    locale: Locale,
) -> impl IntoView {
    let ui = locale.ui();
    let first = min.max(1);
    let quantity = RwSignal::new(first);
    let clamp = move |q: i64| q.clamp(first, max.max(first));
    let total = move || {
        let q = quantity.get();
        if q == first {
            return initial_total.clone();
        }
        let unit = bands
            .iter()
            .rev()
            .find(|(from, _)| q >= *from)
            .or(bands.first())
            .map_or(0, |(_, minor)| *minor);
        browser_money(locale, unit.saturating_mul(q), currency)
    };
    view! {
        <div class="stepper">
            <label for="quantity" class="stepper__label">{tr!(ui, quantity_label, unit = unit)}</label>
            <div class="stepper__controls">
                <button
                    type="button"
                    class="stepper__button"
                    aria-label=tr!(ui, decrease_quantity)
                    aria-controls="quantity"
                    disabled=move || { quantity.get() <= first }
                    on:click=move |_| quantity.update(|q| *q = clamp(*q - 1))
                >"−"</button>
                <input
                    id="quantity"
                    name="quantity"
                    type="number"
                    inputmode="numeric"
                    class="stepper__input"
                    min=first
                    max=max
                    step="1"
                    value=first
                    prop:value=move || quantity.get().to_string()
                    on:change=move |ev| {
                        let typed = event_target_value(&ev).trim().parse::<i64>().unwrap_or(min);
                        quantity.set(clamp(typed));
                    }
                />
                <button
                    type="button"
                    class="stepper__button"
                    aria-label=tr!(ui, increase_quantity)
                    aria-controls="quantity"
                    disabled=move || { quantity.get() >= max }
                    on:click=move |_| quantity.update(|q| *q = clamp(*q + 1))
                >"+"</button>
            </div>
            <p class="stepper__total" aria-live="polite">{tr!(ui, total)}" "<strong data-testid="total">{total}</strong></p>
        </div>
    }
}

/// `minor` units of `currency` through `Intl.NumberFormat` for the locale.
#[cfg(feature = "hydrate")]
fn browser_money(locale: Locale, minor: i64, currency: Currency) -> String {
    use wasm_bindgen::JsValue;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.code().into());
    let locales = js_sys::Array::of1(&JsValue::from_str(locale.cldr_tag(Some(currency))));
    let format = js_sys::Intl::NumberFormat::new(&locales, &options).format();
    let major = minor as f64 / 10_f64.powi(currency.exponent() as i32);
    format
        .call1(&JsValue::NULL, &JsValue::from_f64(major))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// On the server only the first total is shown, and that one comes formatted.
#[cfg(not(feature = "hydrate"))]
fn browser_money(locale: Locale, minor: i64, currency: Currency) -> String {
    crate::i18n::money(locale, crate::core::Money { minor, currency })
}
