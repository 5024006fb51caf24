//! The trade terms on a product page (price table, sample offer, lead time, packaging,
//! Incoterms) and their part of the exhibitor's product form. Server-rendered; they work
//! without JavaScript.

use super::breaks::Band;
use super::form::{BREAK_FIELDS, INCOTERM_FIELDS};
use super::terms::TradeTerms;
use crate::forms::Submission;
use crate::i18n::prefs::PriceTag;
use crate::i18n::{Locale, number, tr, weight};
use crate::ui::form::Field;
use crate::ui::layout::href;
use leptos::prelude::*;

/// The quantity range of a band, as a buyer reads it: `100–499` or `500+`.
fn range(locale: Locale, band: &Band) -> String {
    match band.to {
        Some(to) if to == band.from => number(locale, band.from),
        Some(to) => format!("{}–{}", number(locale, band.from), number(locale, to)),
        None => format!("{}+", number(locale, band.from)),
    }
}

/// "Price by quantity": shown when the product has breaks (one band says nothing new).
#[component]
pub fn PriceBands(bands: Vec<(Band, PriceTag)>, unit: String, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    (bands.len() > 1).then(|| {
        let rows = bands
            .iter()
            .map(|(band, tag)| {
                view! {
                    <tr>
                        <th scope="row"><bdi>{range(locale, band)}</bdi></th>
                        <td><bdi>{tag.label.clone()}</bdi>{tag.inr_label.clone().map(|inr| view! { " "<small class="price-inr"><bdi>"("{inr}")"</bdi></small> })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data-table price-bands" data-testid="price-bands">
                <caption>{tr!(ui, price_bands_caption)}</caption>
                <thead><tr>
                    <th scope="col">{tr!(ui, price_bands_quantity, unit = unit.clone())}</th>
                    <th scope="col">{tr!(ui, price_bands_unit_price)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    })
}

/// The sample offer with its own "Order a sample" button (a GET to checkout).
#[component]
pub fn SampleBox(
    terms: TradeTerms,
    price: Option<PriceTag>,
    product: String,
    locale: Locale,
) -> impl IntoView {
    let ui = locale.ui();
    let (offer, price) = (terms.sample?, price?);
    let body = if offer.left > 0 {
        view! {
            <form method="get" action=href(locale, "/checkout")>
                <input type="hidden" name="product" value=product/>
                <input type="hidden" name="sample" value="1"/>
                <input type="hidden" name="quantity" value="1"/>
                <button type="submit" class="button button--outline" data-testid="order-sample">{tr!(ui, order_sample)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <p class="stock stock--out">{tr!(ui, samples_gone)}</p> }.into_any()
    };
    Some(view! {
        <section class="sample-box" aria-labelledby="sample-title">
            <h2 id="sample-title" class="sample-box__title"><span class="sample-badge">{tr!(ui, sample_badge)}</span>" "{tr!(ui, sample_title)}</h2>
            <p>
                <bdi class="price">{price.label.clone()}</bdi>" · "
                {tr!(ui, sample_terms, count = number(locale, offer.per_buyer), weight = weight(locale, offer.weight_grams))}
            </p>
            {body}
        </section>
    })
}

/// Lead time, packaging and Incoterms as rows of the product's specification list.
#[component]
pub fn TradeSpecs(terms: TradeTerms, locale: Locale) -> impl IntoView {
    let ui = locale.ui();
    let lead = if terms.lead_days == 0 {
        tr!(ui, lead_ready).to_owned()
    } else {
        tr!(ui, lead_days_value, count = terms.lead_days)
    };
    let incoterms = terms
        .incoterms
        .iter()
        .map(|t| t.code())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <dt>{tr!(ui, spec_lead_time)}</dt><dd>{lead}</dd>
        {(!terms.packaging.is_empty()).then(|| view! { <dt>{tr!(ui, spec_packaging)}</dt><dd>{terms.packaging.clone()}</dd> })}
        <dt>{tr!(ui, spec_incoterms)}</dt><dd><bdi>{incoterms}</bdi></dd>
    }
}

/// The trade-terms part of the exhibitor's product form.
#[component]
pub fn TermsFields(
    locale: Locale,
    /// The stored value of a field (as `terms_values` wrote it), or what was typed.
    value: Callback<&'static str, String>,
    submission: Submission,
) -> impl IntoView {
    let ui = locale.ui();
    let error = move |name: &str| submission.error(locale, name);
    let rows = BREAK_FIELDS
        .iter()
        .enumerate()
        .map(|(i, (from, price))| {
            view! {
                <div class="form__row">
                    <Field id=from label=tr!(ui, break_from, n = (i + 1).to_string()) kind="number" value=value.run(from) error=error(from) required=false/>
                    <Field id=price label=tr!(ui, break_price, n = (i + 1).to_string()) value=value.run(price) error=error(price) required=false max=16/>
                </div>
            }
        })
        .collect_view();
    let incoterm_error = error("incoterm_exw");
    let incoterm_invalid = incoterm_error.is_some();
    let boxes = INCOTERM_FIELDS
        .iter()
        .map(|(name, term)| {
            let checked = !value.run(name).is_empty();
            view! {
                <label class="check"><input type="checkbox" name=*name id=*name checked=checked/>" "{term.code()}</label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="form__group">
            <legend>{tr!(ui, price_breaks_legend)}</legend>
            <p class="field__hint">{tr!(ui, price_breaks_hint)}</p>
            {rows}
        </fieldset>
        <fieldset class="form__group">
            <legend>{tr!(ui, sample_legend)}</legend>
            <p class="field__hint">{tr!(ui, sample_hint)}</p>
            <div class="form__row">
                <Field id="sample_price" label=tr!(ui, field_sample_price).to_owned() value=value.run("sample_price") error=error("sample_price") required=false max=16/>
                <Field id="sample_per_buyer" label=tr!(ui, field_sample_per_buyer).to_owned() kind="number" value=value.run("sample_per_buyer") error=error("sample_per_buyer") required=false/>
            </div>
            <div class="form__row">
                <Field id="sample_weight_grams" label=tr!(ui, field_sample_weight).to_owned() kind="number" value=value.run("sample_weight_grams") error=error("sample_weight_grams") required=false/>
                <Field id="samples_left" label=tr!(ui, field_samples_left).to_owned() kind="number" value=value.run("samples_left") error=error("samples_left") required=false/>
            </div>
        </fieldset>
        <fieldset class="form__group">
            <legend>{tr!(ui, shipping_terms_legend)}</legend>
            <div class="form__row">
                <Field id="lead_days" label=tr!(ui, field_lead_days).to_owned() kind="number" value=value.run("lead_days") error=error("lead_days") required=false/>
                <Field id="packaging" label=tr!(ui, field_packaging).to_owned() value=value.run("packaging") error=error("packaging") required=false max=200/>
            </div>
            <div class="field" class:field--error=incoterm_invalid role="group" aria-labelledby="incoterms-label"
                aria-describedby=incoterm_invalid.then_some("incoterm_exw-error")>
                <p id="incoterms-label" class="field__label">{tr!(ui, field_incoterms)}</p>
                <div class="check-row">{boxes}</div>
                {incoterm_error.map(|e| view! { <p class="field__error" id="incoterm_exw-error">{e}</p> })}
            </div>
        </fieldset>
    }
}
