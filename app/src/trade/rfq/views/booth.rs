//! The booth's pages: the requests it received, and one request with the buyer's profile,
//! the booth's quote (a form while the request is open) and its thread with the buyer.

use super::buyer::RfqTable;
use super::{BuyerCard, RfqFacts, Thread, state_label};
use crate::checkout::shipping::Incoterm;
use crate::forms::{alert, use_submission};
use crate::i18n::{isolate, tr};
use crate::trade::rfq::api::{get_booth_rfq, get_booth_rfqs};
use crate::trade::rfq::model::{BoothRfq, QUOTE_FIELDS, RfqList};
use crate::ui::form::{Field, FormAlert, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn BoothRfqsPage() -> impl IntoView {
    let data = locale_resource(get_booth_rfqs);
    view! { <Loaded resource=data render=move |list| view! { <Inbox list/> }/> }
}

#[component]
fn Inbox(list: RfqList) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let name = list.booth_name.clone().unwrap_or_default();
    view! {
        <Seo title=tr!(ui, booth_rfqs_title).to_owned() description=name.clone() path=None/>
        <main id="main" class="page console rfqs">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, booth_rfqs_title)}</span>
            </nav>
            <h1>{tr!(ui, booth_rfqs_title)}</h1>
            <p class="page-hero__council"><strong>{name}</strong>" · "{tr!(ui, booth_rfqs_lead)}</p>
            <RfqTable list base="/exhibitor/rfqs"/>
        </main>
    }
}

#[component]
pub fn BoothRfqPage() -> impl IntoView {
    let data = slug_resource("rfq", get_booth_rfq);
    view! { <Loaded resource=data render=move |page| view! { <BoothRfq page/> }/> }
}

#[component]
fn BoothRfq(page: BoothRfq) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let rfq = page.rfq.clone();
    let number = rfq.number.clone();
    let action = href(locale, &format!("/exhibitor/rfqs/{number}"));
    let op = submission.value("op").unwrap_or_default();
    let quote_refused = op == "quote" && submission.refused();
    let form_alert = (op != "message")
        .then(|| alert(locale, &submission, &QUOTE_FIELDS))
        .flatten();
    let stored = page.quote_values.clone();
    let typed = submission.clone();
    let value = move |name: &str| {
        if quote_refused {
            typed.value(name).unwrap_or_default()
        } else {
            stored
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }
    };
    let error = |name: &str| submission.error(locale, name);
    let products: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, rfq_choose_product).to_owned()))
            .chain(page.products.clone())
            .collect();
    let incoterms: Vec<(String, String)> = Incoterm::ALL
        .iter()
        .map(|t| (t.code().to_owned(), t.code().to_owned()))
        .collect();
    let payment = value("payment");
    let current = page.quote.clone().map(|q| {
        view! {
            <section aria-labelledby="quote-now-title" class="console-section">
                <h2 id="quote-now-title">{tr!(ui, rfq_your_quote)}" "<bdi class="field__hint">{q.number.clone()}</bdi></h2>
                <p>
                    <strong>{q.unit_price.clone()}</strong>{q.unit_price_inr.clone().map(|inr| view! { " ("{inr}")" })}
                    " · "<bdi>{q.incoterm.clone()}</bdi>" · "{tr!(ui, rfq_valid_until)}" "{q.valid_until_label.clone()}
                </p>
                <p>{tr!(ui, rfq_landed)}": "{q.landed.clone().unwrap_or_else(|| tr!(ui, rfq_unknown).to_owned())}</p>
                {(q.state == "accepted").then(|| view! {
                    <p class="notice"><span class="stage-pill lead-status--won">{tr!(ui, rfq_quote_accepted)}</span>
                        {q.order.clone().map(|o| view! { " "<a href=href(locale, &format!("/orders/{o}"))><bdi>{o.clone()}</bdi></a> })}</p>
                })}
            </section>
        }
    });
    let form = page.may_quote.then(|| view! {
        <section aria-labelledby="quote-form-title" class="console-section">
            <h2 id="quote-form-title">{if page.quote.is_some() { tr!(ui, rfq_quote_change) } else { tr!(ui, rfq_quote_make) }}</h2>
            <form method="post" action=action.clone() class="form form--wide" novalidate>
                <input type="hidden" name="op" value="quote"/>
                <Select id="product" label=tr!(ui, rfq_product).to_owned() options=products selected=value("product") error=error("product")/>
                <div class="form__row">
                    <Field id="unit_price" label=tr!(ui, rfq_unit_price_inr, unit = rfq.unit.clone()) value=value("unit_price") error=error("unit_price") max=16/>
                    <Select id="incoterm" label=tr!(ui, rfq_incoterm).to_owned() options=incoterms selected=value("incoterm") error=error("incoterm")/>
                </div>
                <fieldset class="form__group">
                    <legend>{tr!(ui, rfq_quote_breaks)}</legend>
                    <p class="field__hint">{tr!(ui, rfq_quote_breaks_hint, quantity = rfq.amount.clone())}</p>
                    <div class="form__row">
                        <Field id="break1_from" label=tr!(ui, break_from, n = "1".to_owned()) kind="number" value=value("break1_from") error=error("break1_from") required=false/>
                        <Field id="break1_price" label=tr!(ui, break_price, n = "1".to_owned()) value=value("break1_price") error=error("break1_price") required=false max=16/>
                    </div>
                    <div class="form__row">
                        <Field id="break2_from" label=tr!(ui, break_from, n = "2".to_owned()) kind="number" value=value("break2_from") error=error("break2_from") required=false/>
                        <Field id="break2_price" label=tr!(ui, break_price, n = "2".to_owned()) value=value("break2_price") error=error("break2_price") required=false max=16/>
                    </div>
                </fieldset>
                <div class="form__row">
                    <Field id="lead_days" label=tr!(ui, field_lead_days).to_owned() kind="number" value=value("lead_days") error=error("lead_days")/>
                    <Field id="valid_until" label=tr!(ui, rfq_valid_until).to_owned() kind="date" value=value("valid_until") error=error("valid_until")/>
                </div>
                <fieldset class="form__group" aria-describedby=error("payment").map(|_| "payment-error")>
                    <legend>{tr!(ui, rfq_payment)}</legend>
                    <label class="check"><input type="radio" name="payment" value="full" checked=payment != "deposit"/>" "{tr!(ui, rfq_payment_full)}</label>
                    <label class="check"><input type="radio" name="payment" value="deposit" checked=payment == "deposit"/>" "{tr!(ui, rfq_payment_deposit_choice)}</label>
                    {error("payment").map(|e| view! { <p class="field__error" id="payment-error">{e}</p> })}
                    <Field id="deposit_percent" label=tr!(ui, rfq_deposit_percent).to_owned() kind="number" value=value("deposit_percent") error=error("deposit_percent") required=false/>
                </fieldset>
                <Field id="remarks" label=tr!(ui, rfq_remarks).to_owned() value=value("remarks") error=error("remarks") required=false max=2000 lines=3/>
                <button type="submit" class="button button--primary">{tr!(ui, rfq_quote_send)}</button>
            </form>
            {page.quote.as_ref().filter(|q| q.state == "offered").map(|_| view! {
                <form method="post" action=action.clone() class="inline-form">
                    <input type="hidden" name="op" value="withdraw"/>
                    <button type="submit" class="button button--ghost button--small">{tr!(ui, rfq_quote_withdraw)}</button>
                </form>
            })}
        </section>
    });
    let refused_thread = op == "message" && submission.refused();
    view! {
        <Seo title=rfq.subject.clone() description=rfq.amount.clone() path=None/>
        <main id="main" class="page console rfq">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=href(locale, "/exhibitor/rfqs")>{tr!(ui, booth_rfqs_title)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page"><bdi>{number.clone()}</bdi></span>
            </nav>
            <h1><bdi>{rfq.subject.clone()}</bdi></h1>
            <p><span class=format!("stage-pill rfq-state rfq-state--{}", rfq.state.code())>{state_label(locale, rfq.state)}</span>
                " · "{page.booth_name.clone()}</p>
            <BuyerCard name=rfq.buyer_name.clone() profile=rfq.buyer_profile.clone() country_name=rfq.buyer_country_name.clone()/>
            <FormAlert message=form_alert/>
            <RfqFacts rfq=rfq.clone()/>
            {current}
            {form}
            <Thread messages=page.thread.clone() action=action.clone() booth=String::new() id="thread".to_owned()
                title=tr!(ui, rfq_thread_with, booth = isolate(&rfq.buyer_name)) refused=refused_thread/>
        </main>
    }
}
