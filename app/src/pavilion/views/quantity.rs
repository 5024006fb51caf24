//! Quantity stepper (an island): − and + within the product's limits, with the total price.
//! Without JavaScript the number input alone still works inside its form.

use crate::core::Money;
use leptos::prelude::*;

#[island]
pub fn QuantityStepper(min: i64, max: i64, unit_price: Money, unit: String) -> impl IntoView {
    let quantity = RwSignal::new(min.max(1));
    let clamp = move |q: i64| q.clamp(min.max(1), max.max(min.max(1)));
    let total = move || {
        u32::try_from(quantity.get())
            .ok()
            .and_then(|q| unit_price.times(q))
            .map(Money::display)
            .unwrap_or_default()
    };
    view! {
        <div class="stepper">
            <label for="quantity" class="stepper__label">"Quantity (" <bdi>{unit}</bdi> ")"</label>
            <div class="stepper__controls">
                <button
                    type="button"
                    class="stepper__button"
                    aria-label="Decrease quantity"
                    aria-controls="quantity"
                    disabled=move || { quantity.get() <= min.max(1) }
                    on:click=move |_| quantity.update(|q| *q = clamp(*q - 1))
                >"−"</button>
                <input
                    id="quantity"
                    name="quantity"
                    type="number"
                    inputmode="numeric"
                    class="stepper__input"
                    min=min.max(1)
                    max=max
                    step="1"
                    value=min.max(1)
                    prop:value=move || quantity.get().to_string()
                    on:change=move |ev| {
                        let typed = event_target_value(&ev).trim().parse::<i64>().unwrap_or(min);
                        quantity.set(clamp(typed));
                    }
                />
                <button
                    type="button"
                    class="stepper__button"
                    aria-label="Increase quantity"
                    aria-controls="quantity"
                    disabled=move || { quantity.get() >= max }
                    on:click=move |_| quantity.update(|q| *q = clamp(*q + 1))
                >"+"</button>
            </div>
            <p class="stepper__total" aria-live="polite">"Total: " <strong data-testid="total">{total}</strong></p>
        </div>
    }
}
