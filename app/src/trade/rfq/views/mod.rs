//! The pages of requests for quotation: the buyer's (a new request, their list, one request
//! with its quotes side by side and a thread per booth), the booth's (its inbox, one request
//! with its quote form), the council's (routing and verifying buyers), and the business
//! profile on the account page. Plain forms: everything works without JavaScript.

mod booth;
mod buyer;
mod council;
mod profile;

pub use booth::{BoothRfqPage, BoothRfqsPage};
pub use buyer::{NewRfqPage, RfqPage, RfqsPage};
pub use council::CouncilRfqsPage;
pub use profile::BusinessProfile;

use super::model::{Message, Profile, RfqDetail, RfqState};
use crate::i18n::{Locale, tr};
use crate::ui::layout::href;
use leptos::prelude::*;

pub fn state_label(locale: Locale, state: RfqState) -> &'static str {
    let ui = locale.ui();
    match state {
        RfqState::Open => tr!(ui, rfq_state_open),
        RfqState::Awarded => tr!(ui, rfq_state_awarded),
        RfqState::Closed => tr!(ui, rfq_state_closed),
    }
}

fn role_label(locale: Locale, role: &str) -> &'static str {
    let ui = locale.ui();
    match role {
        "importer" => tr!(ui, role_importer),
        "distributor" => tr!(ui, role_distributor),
        "wholesaler" => tr!(ui, role_wholesaler),
        "retailer" => tr!(ui, role_retailer),
        "agent" => tr!(ui, role_agent),
        _ => tr!(ui, role_manufacturer),
    }
}

fn volume_label(locale: Locale, volume: &str) -> &'static str {
    let ui = locale.ui();
    match volume {
        "under_50k" => tr!(ui, volume_under_50k),
        "to_250k" => tr!(ui, volume_to_250k),
        "to_1m" => tr!(ui, volume_to_1m),
        "to_5m" => tr!(ui, volume_to_5m),
        _ => tr!(ui, volume_over_5m),
    }
}

fn routed_label(locale: Locale, how: &str) -> &'static str {
    let ui = locale.ui();
    match how {
        "direct" => tr!(ui, rfq_routed_direct),
        "rule" => tr!(ui, rfq_routed_rule),
        _ => tr!(ui, rfq_routed_curator),
    }
}

/// The request's facts, as every party reads them.
#[component]
fn RfqFacts(rfq: RfqDetail) -> impl IntoView {
    let locale = crate::ui::layout::use_locale();
    let ui = locale.ui();
    let number = rfq.number.clone();
    let files = (!rfq.files.is_empty()).then(|| {
        view! {
            <dt>{tr!(ui, rfq_files)}</dt>
            <dd>
                <ul class="rfq-files">
                    {rfq.files.iter().map(|f| view! {
                        <li>
                            <a href=href(locale, &format!("/rfqs/{number}/files/{}", f.id)) download=f.name.clone()>
                                <bdi>{f.name.clone()}</bdi>
                            </a>
                            " · "{f.kind.to_uppercase()}" · "{f.size.clone()}
                        </li>
                    }).collect_view()}
                </ul>
            </dd>
        }
    });
    view! {
        <dl class="specs rfq-facts">
            {rfq.product.clone().map(|(slug, name)| view! {
                <dt>{tr!(ui, rfq_product)}</dt>
                <dd><a href=href(locale, &format!("/products/{slug}"))>{name}</a></dd>
            })}
            <dt>{tr!(ui, rfq_quantity)}</dt><dd><bdi>{rfq.amount.clone()}</bdi></dd>
            {rfq.target.clone().map(|t| view! { <dt>{tr!(ui, rfq_target)}</dt><dd>{t}</dd> })}
            <dt>{tr!(ui, rfq_delivery)}</dt>
            <dd><bdi>{rfq.destination.clone()}</bdi>", "{rfq.country_name.clone()}" · "<bdi>{rfq.incoterm.clone()}</bdi></dd>
            <dt>{tr!(ui, rfq_needed_by)}</dt>
            <dd><time datetime=rfq.needed_by.clone()>{rfq.needed_by_label.clone()}</time></dd>
            {rfq.hall.clone().map(|(slug, name)| view! {
                <dt>{tr!(ui, rfq_hall)}</dt>
                <dd><a href=href(locale, &format!("/halls/{slug}"))>{name}</a>
                    {(!rfq.hs_heading.is_empty()).then(|| view! { " · "<bdi>"HS "{rfq.hs_heading.clone()}</bdi> })}
                </dd>
            })}
            <dt>{tr!(ui, rfq_sent)}</dt><dd>{rfq.sent.clone()}</dd>
            {files}
        </dl>
        {(!rfq.details.is_empty()).then(|| view! { <p class="rfq-details" dir="auto">{rfq.details.clone()}</p> })}
    }
}

/// Who the buyer is, for a booth or the council.
#[component]
fn BuyerCard(name: String, profile: Option<Profile>, country_name: String) -> impl IntoView {
    let locale = crate::ui::layout::use_locale();
    let ui = locale.ui();
    match profile {
        None => view! { <p class="rfq-buyer"><strong>{name}</strong></p> }.into_any(),
        Some(p) => view! {
            <div class="rfq-buyer">
                <p>
                    <strong>{name}</strong>" · "<bdi>{p.company.clone()}</bdi>" · "{country_name}
                    {p.verified_by.clone().map(|council| view! {
                        " "<span class="verified-badge">{tr!(ui, buyer_verified_by, council = council)}</span>
                    })}
                </p>
                <p class="field__hint">
                    {role_label(locale, &p.role)}" · "{volume_label(locale, &p.annual_volume)}
                    {(!p.website.is_empty()).then(|| view! {
                        " · "<a href=p.website.clone() rel="nofollow noopener noreferrer" target="_blank"><bdi>{p.website.clone()}</bdi></a>
                    })}
                </p>
            </div>
        }
        .into_any(),
    }
}

/// A thread: its messages, oldest first, and the form to add one. `booth` names the booth
/// the buyer writes to (empty when the booth writes).
#[component]
fn Thread(
    messages: Vec<Message>,
    action: String,
    booth: String,
    /// The heading's id and the form's, so each thread on a page is its own.
    id: String,
    title: String,
    /// This thread's form was refused: show the problem and what was typed.
    refused: bool,
) -> impl IntoView {
    let locale = crate::ui::layout::use_locale();
    let ui = locale.ui();
    let submission = crate::forms::use_submission();
    let error = refused.then(|| submission.error(locale, "body")).flatten();
    let typed = if refused {
        submission.value("body").unwrap_or_default()
    } else {
        String::new()
    };
    let list = if messages.is_empty() {
        view! { <p class="field__hint">{tr!(ui, rfq_thread_empty)}</p> }.into_any()
    } else {
        view! {
            <ol class="thread">
                {messages.into_iter().map(|m| view! {
                    <li class="thread__message" class:thread__message--booth=m.from_booth>
                        <p class="thread__meta"><strong>{m.author}</strong>" · "<time datetime=m.at>{m.when}</time></p>
                        <p class="thread__body" dir="auto">{m.body}</p>
                    </li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let body_id = format!("{id}-body");
    let invalid = error.is_some();
    view! {
        <section class="rfq-thread" aria-labelledby=format!("{id}-title") id=id.clone()>
            <h3 id=format!("{id}-title")>{title}</h3>
            {list}
            <form method="post" action=action class="form form--wide thread__form">
                <input type="hidden" name="op" value="message"/>
                {(!booth.is_empty()).then(|| view! { <input type="hidden" name="booth" value=booth.clone()/> })}
                <div class="field" class:field--error=invalid>
                    <label for=body_id.clone()>{tr!(ui, rfq_message_label)}</label>
                    <textarea id=body_id.clone() name="body" rows="3" maxlength="4000" required dir="auto"
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then(|| format!("{body_id}-error"))>{typed}</textarea>
                    {error.map(|e| view! { <p class="field__error" id=format!("{body_id}-error")>{e}</p> })}
                </div>
                <button type="submit" class="button button--outline button--small">{tr!(ui, rfq_message_send)}</button>
            </form>
        </section>
    }
}
