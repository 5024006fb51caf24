//! The buyer's pages: a new request, the list of their requests, and one request with the
//! booths that received it, their quotes side by side (landed price included), a thread
//! with each, and the form that accepts one quote.

use super::{RfqFacts, Thread, routed_label, state_label};
use crate::checkout::shipping::Incoterm;
use crate::forms::{alert, use_submission};
use crate::i18n::{isolate, tr};
use crate::trade::rfq::api::{get_my_rfq, get_my_rfqs, get_new_rfq};
use crate::trade::rfq::model::{BuyerRfq, NewRfq, QuoteView, RFQ_FIELDS, RfqList, RfqState, UNITS};
use crate::ui::form::{Field, FormAlert, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A list of requests, for the buyer (`link` to their page) or a booth.
#[component]
pub(super) fn RfqTable(list: RfqList, base: &'static str) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    if list.rfqs.is_empty() {
        return view! { <p class="notice">{tr!(ui, rfqs_none)}</p> }.into_any();
    }
    let booth = list.booth_name.is_some();
    view! {
        <table class="data-table rfq-table">
            <thead>
                <tr>
                    <th scope="col">{tr!(ui, rfq_request)}</th>
                    <th scope="col">{tr!(ui, rfq_quantity)}</th>
                    <th scope="col">{tr!(ui, rfq_status)}</th>
                    <th scope="col">{if booth { tr!(ui, rfq_your_quote) } else { tr!(ui, rfq_quotes_count) }}</th>
                    <th scope="col">{tr!(ui, rfq_sent)}</th>
                </tr>
            </thead>
            <tbody>
                {list.rfqs.into_iter().map(|r| {
                    let answer = if booth {
                        if r.quoted { tr!(ui, rfq_quoted_yes) } else { tr!(ui, rfq_quoted_no) }.to_owned()
                    } else {
                        format!("{} / {}", r.quotes, r.recipients)
                    };
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=href(locale, &format!("{base}/{}", r.number))><bdi>{r.subject.clone()}</bdi></a>
                                <span class="field__hint">" "<bdi>{r.number.clone()}</bdi>
                                    {r.hall.clone().map(|h| view! { " · "{h} })}</span>
                            </th>
                            <td>{r.amount.clone()}</td>
                            <td><span class=format!("stage-pill rfq-state rfq-state--{}", r.state.code())>{state_label(locale, r.state)}</span></td>
                            <td>{answer}</td>
                            <td>{r.sent.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn RfqsPage() -> impl IntoView {
    let data = locale_resource(get_my_rfqs);
    view! { <Loaded resource=data render=move |list| view! { <Rfqs list/> }/> }
}

#[component]
fn Rfqs(list: RfqList) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let has_profile = list.has_profile;
    view! {
        <Seo title=tr!(ui, rfqs_title).to_owned() description=tr!(ui, rfqs_lead).to_owned() path=None/>
        <main id="main" class="page console rfqs">
            <h1>{tr!(ui, rfqs_title)}</h1>
            <p>{tr!(ui, rfqs_lead)}</p>
            {(!has_profile).then(|| view! {
                <p class="notice">{tr!(ui, rfq_profile_first)}" "
                    <a href=href(locale, "/account#business")>{tr!(ui, rfq_profile_link)}</a></p>
            })}
            <p><a class="button button--primary" href=href(locale, "/rfqs/new")>{tr!(ui, rfq_new)}</a></p>
            <RfqTable list base="/rfqs"/>
        </main>
    }
}

#[component]
pub fn NewRfqPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let q = query.read();
            (
                locale,
                q.get("product").unwrap_or_default(),
                q.get("booth").unwrap_or_default(),
                q.get("hall").unwrap_or_default(),
            )
        },
        |(locale, product, booth, hall)| get_new_rfq(locale, product, booth, hall),
    );
    view! { <Loaded resource=data render=move |page| view! { <NewRfqForm page/> }/> }
}

fn incoterm_options() -> Vec<(String, String)> {
    Incoterm::ALL
        .iter()
        .map(|t| (t.code().to_owned(), t.code().to_owned()))
        .collect()
}

#[component]
fn NewRfqForm(page: NewRfq) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let value = |name: &str, stored: &str| submission.value_or(name, stored.to_owned());
    let error = |name: &str| submission.error(locale, name);
    let form_alert = alert(locale, &submission, &[&RFQ_FIELDS[..], &["hall"]].concat());
    // Where it goes: the product's booth, a booth, a hall named in the address, or a hall
    // chosen here.
    let (target, hidden) = match (&page.product, &page.booth, &page.hall) {
        (Some((slug, name)), Some((_, booth)), _) => (
            tr!(ui, rfq_to_product, product = name.clone(), booth = booth.clone()),
            view! { <input type="hidden" name="product" value=slug.clone()/> }.into_any(),
        ),
        (None, Some((slug, booth)), _) => (
            tr!(ui, rfq_to_booth, booth = booth.clone()),
            view! { <input type="hidden" name="booth" value=slug.clone()/> }.into_any(),
        ),
        (None, None, Some((slug, hall))) => (
            tr!(ui, rfq_to_hall, hall = hall.clone()),
            view! { <input type="hidden" name="hall" value=slug.clone()/> }.into_any(),
        ),
        _ => (
            tr!(ui, rfq_to_any_hall).to_owned(),
            view! {
                <Select id="hall" label=tr!(ui, rfq_hall).to_owned()
                    options=std::iter::once((String::new(), tr!(ui, rfq_choose_hall).to_owned())).chain(page.halls.clone()).collect()
                    selected=value("hall", "") error=error("hall")/>
            }
            .into_any(),
        ),
    };
    let to_hall = page.product.is_none() && page.booth.is_none();
    let action = {
        let (kind, slug) = match (&page.product, &page.booth, &page.hall) {
            (Some((p, _)), _, _) => ("product", p.clone()),
            (None, Some((b, _)), _) => ("booth", b.clone()),
            (None, None, Some((h, _))) => ("hall", h.clone()),
            _ => ("", String::new()),
        };
        if kind.is_empty() {
            href(locale, "/rfqs/new")
        } else {
            href(locale, &format!("/rfqs/new?{kind}={slug}"))
        }
    };
    let countries: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, choose_country).to_owned()))
            .chain(page.countries.clone())
            .collect();
    let categories: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, rfq_any_category).to_owned()))
            .chain(page.categories.clone())
            .collect();
    let units: Vec<(String, String)> = UNITS
        .iter()
        .map(|u| ((*u).to_owned(), (*u).to_owned()))
        .collect();
    let subject = page
        .product
        .clone()
        .map(|(_, name)| name)
        .unwrap_or_default();
    let title = tr!(ui, rfq_new);
    if !page.has_profile {
        return view! {
            <Seo title=title.to_owned() description=title.to_owned() path=None/>
            <main id="main" class="page console rfq-new">
                <h1>{title}</h1>
                <p class="lead">{target}</p>
                <p class="notice">{tr!(ui, rfq_profile_first)}" "
                    <a href=href(locale, "/account#business")>{tr!(ui, rfq_profile_link)}</a></p>
            </main>
        }
        .into_any();
    }
    view! {
        <Seo title=title.to_owned() description=title.to_owned() path=None/>
        <main id="main" class="page console rfq-new">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/rfqs")>{tr!(ui, rfqs_title)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title}</span>
            </nav>
            <h1>{title}</h1>
            <p class="lead">{target}</p>
            <FormAlert message=form_alert/>
            <form method="post" action=action class="form form--wide" novalidate>
                {hidden}
                <Field id="subject" label=tr!(ui, rfq_subject).to_owned() value=value("subject", &subject) error=error("subject") max=160/>
                <Field id="details" label=tr!(ui, rfq_details).to_owned() value=value("details", "") error=error("details")
                    required=false max=4000 lines=4 hint=Some(tr!(ui, rfq_details_hint).to_owned())/>
                {to_hall.then(|| view! {
                    <div class="form__row">
                        <Select id="category" label=tr!(ui, rfq_category).to_owned() options=categories.clone()
                            selected=value("category", "") error=error("category")/>
                        <Field id="hs_heading" label=tr!(ui, rfq_hs_heading).to_owned() value=value("hs_heading", "")
                            error=error("hs_heading") required=false max=5 hint=Some(tr!(ui, rfq_hs_hint).to_owned())/>
                    </div>
                })}
                <div class="form__row">
                    <Field id="quantity" label=if page.unit.is_empty() { tr!(ui, rfq_quantity).to_owned() } else { tr!(ui, rfq_quantity_in, unit = page.unit.clone()) }
                        kind="number" value=value("quantity", &page.moq.to_string()) error=error("quantity")
                        hint=(page.moq > 1).then(|| tr!(ui, rfq_moq_hint, moq = page.moq.to_string(), unit = page.unit.clone()))/>
                    {page.unit.is_empty().then(|| view! {
                        <Select id="unit" label=tr!(ui, rfq_unit).to_owned() options=units.clone() selected=value("unit", "kg") error=error("unit")/>
                    })}
                    <Field id="target_price" label=tr!(ui, rfq_target_in, currency = page.currency.clone()) value=value("target_price", "")
                        error=error("target_price") required=false max=16 hint=Some(tr!(ui, rfq_target_hint).to_owned())/>
                </div>
                <div class="form__row">
                    <Field id="destination" label=tr!(ui, rfq_destination).to_owned() value=value("destination", "") error=error("destination")
                        max=120 hint=Some(tr!(ui, rfq_destination_hint).to_owned())/>
                    <Select id="country" label=tr!(ui, country_label).to_owned() options=countries
                        selected=value("country", &page.country) error=error("country")/>
                </div>
                <div class="form__row">
                    <Select id="incoterm" label=tr!(ui, rfq_incoterm).to_owned() options=incoterm_options()
                        selected=value("incoterm", "CIF") error=error("incoterm")/>
                    <Field id="needed_by" label=tr!(ui, rfq_needed_by).to_owned() kind="date" value=value("needed_by", "") error=error("needed_by")/>
                </div>
                <p class="field__hint">{tr!(ui, rfq_shares_contact)}</p>
                <button type="submit" class="button button--primary">{tr!(ui, rfq_send)}</button>
            </form>
        </main>
    }
    .into_any()
}

#[component]
pub fn RfqPage() -> impl IntoView {
    let data = slug_resource("rfq", get_my_rfq);
    view! { <Loaded resource=data render=move |page| view! { <Rfq page/> }/> }
}

const ACCEPT_FIELDS: [&str; 4] = ["quote", "ship_name", "ship_address", "service"];

#[component]
fn Rfq(page: BuyerRfq) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let rfq = page.rfq.clone();
    let number = rfq.number.clone();
    let action = href(locale, &format!("/rfqs/{number}"));
    let op = submission.value("op").unwrap_or_default();
    let form_alert = (op != "message")
        .then(|| {
            alert(
                locale,
                &submission,
                &[&ACCEPT_FIELDS[..], &["file"]].concat(),
            )
        })
        .flatten();
    let refused_thread = (op == "message" && submission.refused())
        .then(|| submission.value("booth"))
        .flatten();
    let open = rfq.state == RfqState::Open;
    let quoted: Vec<(String, QuoteView)> = page
        .recipients
        .iter()
        .filter_map(|r| r.quote.clone().map(|q| (r.booth_name.clone(), q)))
        .collect();
    let recipients = page
        .recipients
        .iter()
        .map(|r| {
            view! {
                <li>
                    <a href=href(locale, &format!("/booths/{}", r.booth_slug))><bdi>{r.booth_name.clone()}</bdi></a>
                    " · "<span class="field__hint">{routed_label(locale, &r.how)}</span>
                    {r.quote.is_some().then(|| view! { " · "<span class="stage-pill">{tr!(ui, rfq_has_quoted)}</span> })}
                </li>
            }
        })
        .collect_view();
    let waiting = page.recipients.is_empty();
    let comparison = (!quoted.is_empty())
        .then(|| view! { <QuoteTable quotes=quoted.clone() unit=rfq.unit.clone()/> });
    let accept = (open && quoted.iter().any(|(_, q)| q.state == "offered" && !q.expired)).then(|| {
        let value = |name: &str, stored: &str| submission.value_or(name, stored.to_owned());
        let error = |name: &str| submission.error(locale, name);
        let chosen = submission.value("quote").unwrap_or_default();
        let quote_error = error("quote");
        let quote_invalid = quote_error.is_some();
        let radios = quoted
            .iter()
            .filter(|(_, q)| q.state == "offered" && !q.expired)
            .map(|(booth, q)| {
                let id = format!("quote-{}", q.number);
                let label = if q.deposit_percent > 0 {
                    tr!(ui, rfq_accept_deposit, booth = isolate(booth), percent = q.deposit_percent.to_string())
                } else {
                    tr!(ui, rfq_accept_full, booth = isolate(booth))
                };
                view! {
                    <label class="check" for=id.clone()>
                        <input type="radio" name="quote" id=id.clone() value=format!("{}:{}", q.number, q.version) required
                            checked=chosen.split(':').next() == Some(q.number.as_str())/>
                        " "{label}
                    </label>
                }
            })
            .collect_view();
        let services = vec![
            ("economy".to_owned(), tr!(ui, service_economy).to_owned()),
            ("express".to_owned(), tr!(ui, service_express).to_owned()),
        ];
        view! {
            <section aria-labelledby="accept-title" class="console-section rfq-accept" id="accept">
                <h2 id="accept-title">{tr!(ui, rfq_accept_title)}</h2>
                <p class="field__hint">{tr!(ui, rfq_accept_hint)}</p>
                <form method="post" action=action.clone() class="form form--wide">
                    <input type="hidden" name="op" value="accept"/>
                    <div class="field" class:field--error=quote_invalid role="radiogroup" aria-labelledby="accept-quote-label">
                        <p id="accept-quote-label" class="field__label">{tr!(ui, rfq_accept_which)}</p>
                        {radios}
                        {quote_error.map(|e| view! { <p class="field__error">{e}</p> })}
                    </div>
                    <div class="form__row">
                        <Field id="ship_name" label=tr!(ui, ship_name_label).to_owned() autocomplete="name" value=value("ship_name", &page.ship_name) error=error("ship_name") max=120/>
                        <Select id="service" label=tr!(ui, service_label).to_owned() options=services selected=value("service", "economy") error=error("service")/>
                    </div>
                    <Field id="ship_address" label=tr!(ui, ship_address_label).to_owned() autocomplete="street-address"
                        value=value("ship_address", &page.ship_address) error=error("ship_address") max=500 lines=3/>
                    <button type="submit" class="button button--primary">{tr!(ui, rfq_accept_button)}</button>
                </form>
            </section>
        }
    });
    let threads = page
        .recipients
        .iter()
        .map(|r| {
            let refused = refused_thread.as_deref() == Some(r.booth_slug.as_str());
            view! {
                <Thread messages=r.thread.clone() action=action.clone() booth=r.booth_slug.clone()
                    id=format!("thread-{}", r.booth_slug) title=tr!(ui, rfq_thread_with, booth = isolate(&r.booth_name)) refused/>
            }
        })
        .collect_view();
    let file_error = submission.error(locale, "file");
    let upload = open.then(|| view! {
        <form method="post" action=href(locale, &format!("/rfqs/{number}/files")) enctype="multipart/form-data" class="form form--wide rfq-upload">
            <div class="field" class:field--error=file_error.is_some()>
                <label for="file">{tr!(ui, rfq_attach)}</label>
                <p class="field__hint" id="file-hint">{tr!(ui, rfq_attach_hint)}</p>
                <input type="file" id="file" name="file" accept="application/pdf,image/jpeg,image/png,image/webp" required
                    aria-describedby=if file_error.is_some() { "file-error" } else { "file-hint" }/>
                {file_error.clone().map(|e| view! { <p class="field__error" id="file-error">{e}</p> })}
            </div>
            <button type="submit" class="button button--outline button--small">{tr!(ui, rfq_attach_button)}</button>
        </form>
    });
    view! {
        <Seo title=rfq.subject.clone() description=rfq.amount.clone() path=None/>
        <main id="main" class="page console rfq">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/rfqs")>{tr!(ui, rfqs_title)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page"><bdi>{number.clone()}</bdi></span>
            </nav>
            <h1><bdi>{rfq.subject.clone()}</bdi></h1>
            <p><span class=format!("stage-pill rfq-state rfq-state--{}", rfq.state.code())>{state_label(locale, rfq.state)}</span></p>
            <FormAlert message=form_alert/>
            <div id="files"><RfqFacts rfq=rfq.clone()/></div>
            {upload}
            <section aria-labelledby="recipients-title" class="console-section">
                <h2 id="recipients-title">{tr!(ui, rfq_recipients)}</h2>
                {if waiting {
                    view! { <p class="notice">{tr!(ui, rfq_waiting_council)}</p> }.into_any()
                } else {
                    view! { <ul class="history">{recipients}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="quotes-title" class="console-section">
                <h2 id="quotes-title">{tr!(ui, rfq_quotes)}</h2>
                {if quoted.is_empty() {
                    view! { <p>{tr!(ui, rfq_no_quotes)}</p> }.into_any()
                } else {
                    comparison.into_any()
                }}
            </section>
            {accept}
            <section aria-labelledby="threads-title" class="console-section">
                <h2 id="threads-title">{tr!(ui, rfq_threads)}</h2>
                {threads}
            </section>
            {open.then(|| view! {
                <form method="post" action=action.clone() class="inline-form">
                    <input type="hidden" name="op" value="close"/>
                    <button type="submit" class="button button--ghost">{tr!(ui, rfq_close)}</button>
                </form>
            })}
        </main>
    }
}

/// Quotes side by side: one column per booth, one row per term.
#[component]
fn QuoteTable(quotes: Vec<(String, QuoteView)>, unit: String) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let cells = |f: &dyn Fn(&QuoteView) -> AnyView| {
        quotes
            .iter()
            .map(|(_, q)| view! { <td>{f(q)}</td> })
            .collect_view()
    };
    let none = || tr!(ui, rfq_unknown).to_owned();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="quotes-title" tabindex="0">
            <table class="data-table quote-table" data-testid="quote-table">
                <thead>
                    <tr>
                        <td></td>
                        {quotes.iter().map(|(booth, q)| view! {
                            <th scope="col"><bdi>{booth.clone()}</bdi><span class="field__hint">" "<bdi>{q.number.clone()}</bdi></span></th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <tr><th scope="row">{tr!(ui, rfq_product)}</th>
                        {cells(&|q| view! { <a href=href(locale, &format!("/products/{}", q.product_slug))>{q.product_name.clone()}</a> }.into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_unit_price, unit = unit.clone())}</th>
                        {cells(&|q| view! { <strong>{q.unit_price.clone()}</strong>
                            {q.unit_price_inr.clone().map(|inr| view! { <span class="price__inr">" ("{inr}")"</span> })} }.into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_breaks)}</th>
                        {cells(&|q| if q.breaks.is_empty() { "—".into_any() } else {
                            view! { <ul class="plain">{q.breaks.iter().map(|(from, price)| view! {
                                <li>{tr!(ui, rfq_break_from, quantity = from.clone(), price = price.clone())}</li>
                            }).collect_view()}</ul> }.into_any() })}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_incoterm)}</th>{cells(&|q| view! { <bdi>{q.incoterm.clone()}</bdi> }.into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, spec_lead_time)}</th>
                        {cells(&|q| tr!(ui, rfq_lead_days, count = q.lead_days).into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_payment)}</th>
                        {cells(&|q| if q.deposit_percent > 0 {
                            tr!(ui, rfq_payment_deposit, percent = q.deposit_percent.to_string()).into_any()
                        } else { tr!(ui, rfq_payment_full).into_any() })}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_goods)}</th>{cells(&|q| q.goods.clone().into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_charged)}</th>
                        {cells(&|q| q.charged.clone().unwrap_or_else(none).into_any())}</tr>
                    <tr class="quote-table__landed"><th scope="row">{tr!(ui, rfq_landed)}</th>
                        {cells(&|q| view! { <strong>{q.landed.clone().unwrap_or_else(none)}</strong>
                            {q.landed_inr.clone().map(|inr| view! { <span class="price__inr">" ("{inr}")"</span> })} }.into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_valid_until)}</th>
                        {cells(&|q| view! { <time datetime=q.valid_until.clone()>{q.valid_until_label.clone()}</time>
                            {q.expired.then(|| view! { " "<span class="lead__due">{tr!(ui, rfq_expired)}</span> })} }.into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_remarks)}</th>
                        {cells(&|q| view! { <span dir="auto">{q.remarks.clone()}</span> }.into_any())}</tr>
                    <tr><th scope="row">{tr!(ui, rfq_status)}</th>
                        {cells(&|q| match &q.order {
                            Some(order) if q.state == "accepted" => view! {
                                <span class="stage-pill lead-status--won">{tr!(ui, rfq_quote_accepted)}</span>" "
                                <a href=href(locale, &format!("/orders/{order}"))><bdi>{order.clone()}</bdi></a>
                            }.into_any(),
                            _ => tr!(ui, rfq_quote_offered).into_any(),
                        })}</tr>
                </tbody>
            </table>
        </div>
        <p class="field__hint">{tr!(ui, rfq_landed_hint)}</p>
    }
}
