//! The collaboration pages: one collaboration with its history (both sides), the booth's
//! list with a new open offer, the creator's list with the offers to join, and the
//! invitation. The pieces they share: a state's pill, a version of the terms, the terms form.

pub mod invite;
pub mod lists;
pub mod page;

pub use invite::InvitePage;
pub use lists::{BoothCollaborationsPage, CreatorCollaborationsPage};
pub use page::CollaborationPage;

use super::model::{Kind, Outcome, State, Summary, Terms, TermsForm};
use crate::creators::model::Choice;
use crate::forms::Submission;
use crate::i18n::{Locale, number, tr};
use crate::ui::form::Field;
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

fn state_label(locale: Locale, state: State, pending: bool, offer: bool) -> &'static str {
    let ui = locale.ui();
    match (state, pending) {
        (State::Proposed, _) if offer => tr!(ui, collab_state_open),
        (State::Agreed, true) => tr!(ui, collab_state_change),
        (State::Agreed, false) => tr!(ui, collab_state_agreed),
        (State::Proposed, _) => tr!(ui, collab_state_proposed),
        (State::Declined, _) => tr!(ui, collab_state_declined),
        (State::Withdrawn, _) => tr!(ui, collab_state_withdrawn),
        (State::Closed, _) => tr!(ui, collab_state_closed),
    }
}

/// Where a collaboration (or an open offer) stands, as a pill.
#[component]
fn StatePill(state: State, pending: bool, #[prop(optional)] offer: bool) -> impl IntoView {
    let locale = use_locale();
    let tone = match state {
        State::Agreed => "stage-pill stage-pill--approved",
        State::Declined | State::Withdrawn | State::Closed => "stage-pill stage-pill--rejected",
        State::Proposed => "stage-pill",
    };
    view! { <span class=tone data-state=state.code()>{state_label(locale, state, pending, offer)}</span> }
}

fn outcome_label(locale: Locale, outcome: Option<Outcome>) -> &'static str {
    let ui = locale.ui();
    match outcome {
        None => tr!(ui, collab_outcome_pending),
        Some(Outcome::Accepted) => tr!(ui, collab_outcome_accepted),
        Some(Outcome::Declined) => tr!(ui, collab_outcome_declined),
        Some(Outcome::Countered) => tr!(ui, collab_outcome_countered),
        Some(Outcome::Withdrawn) => tr!(ui, collab_outcome_withdrawn),
    }
}

/// One version of the terms: who proposed it and when, what it says, how it was answered.
#[component]
fn TermsCard(terms: Terms, in_force: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let side = match terms.side {
        super::model::Side::Exhibitor => tr!(ui, collab_side_exhibitor),
        super::model::Side::Creator => tr!(ui, collab_side_creator),
    };
    let deliverables = (terms.streams > 0).then(|| {
        tr!(
            ui,
            collab_deliverables,
            count = number(locale, terms.streams),
            minutes = number(locale, terms.minutes.unwrap_or(0))
        )
    });
    view! {
        <article class="terms-card" class:terms-card--in-force=in_force id=format!("version-{}", terms.version)
            data-testid="terms" data-version=terms.version>
            <header class="terms-card__head">
                <h3>{tr!(ui, collab_version, version = number(locale, terms.version))}</h3>
                <span class="creator-muted">{tr!(ui, collab_proposed_by, name = terms.by.clone(), side = side, date = terms.on.clone())}</span>
                {in_force.then(|| view! { <span class="stage-pill stage-pill--approved">{tr!(ui, collab_in_force)}</span> })}
            </header>
            <dl class="facts">
                <div><dt>{tr!(ui, collab_products)}</dt><dd>
                    {terms.products.into_iter().map(|(slug, name)| view! {
                        <a href=href(locale, &format!("/products/{slug}"))><bdi>{name}</bdi></a>" "
                    }).collect_view()}
                </dd></div>
                <div><dt>{tr!(ui, creators_commission)}</dt><dd data-testid="commission">{terms.commission}</dd></div>
                {terms.fee.map(|fee| view! { <div><dt>{tr!(ui, creators_fee)}</dt><dd>{fee}</dd></div> })}
                <div><dt>{tr!(ui, collab_period)}</dt><dd>{terms.period}</dd></div>
                {deliverables.map(|d| view! { <div><dt>{tr!(ui, collab_deliverables_title)}</dt><dd>{d}</dd></div> })}
                {terms.market.map(|m| view! { <div><dt>{tr!(ui, creators_market)}</dt><dd>{m}</dd></div> })}
                {terms.language.map(|l| view! { <div><dt>{tr!(ui, creators_language)}</dt><dd>{l}</dd></div> })}
                {(!terms.note.is_empty()).then(|| view! { <div><dt>{tr!(ui, collab_note)}</dt><dd class="prose"><bdi>{terms.note}</bdi></dd></div> })}
            </dl>
            <p class="terms-card__outcome" data-testid="outcome">
                {outcome_label(locale, terms.outcome)}
                {terms.answered.map(|(name, on)| view! { " · "{tr!(ui, collab_answered_by, name = name, date = on)} })}
            </p>
        </article>
    }
}

/// A list of collaborations, as a table: who with, terms, where it stands.
#[component]
fn SummaryTable(rows: Vec<Summary>, caption: String, creator_side: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let with = if creator_side {
        tr!(ui, collab_booth)
    } else {
        tr!(ui, collab_creator)
    };
    view! {
        <div class="table-scroll"><table class="data-table" data-testid="collaborations">
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                <th scope="col">{with}</th>
                <th scope="col">{tr!(ui, creators_commission)}</th>
                <th scope="col">{tr!(ui, collab_period)}</th>
                <th scope="col">{tr!(ui, collab_state)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|s| {
                    let name = if creator_side {
                        s.booth.clone()
                    } else {
                        s.creator.as_ref().map(|c| c.1.clone()).unwrap_or_else(|| tr!(ui, collab_open_offer).to_owned())
                    };
                    let kind = match s.kind {
                        Kind::Open => tr!(ui, collab_kind_open),
                        Kind::Target => tr!(ui, collab_kind_target),
                    };
                    view! {
                        <tr data-testid="collaboration-row">
                            <th scope="row">
                                <a href=href(locale, &format!("/collaborations/{}", s.id))><bdi>{name}</bdi></a>
                                <span class="field__hint">" · "{kind}</span>
                                {(s.kind == Kind::Open && s.creator.is_none()).then(|| view! {
                                    <span class="field__hint">" · "{tr!(ui, collab_joined_count, count = number(locale, s.joined))}</span>
                                })}
                            </th>
                            <td>{s.commission}</td>
                            <td>{s.period}</td>
                            <td>
                                <StatePill state=s.state pending=s.pending offer=s.kind == Kind::Open && s.creator.is_none()/>
                                {s.awaiting_you.then(|| view! { " "<strong class="collab-turn">{tr!(ui, collab_your_turn)}</strong> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// One drop-down of optional codes ("any" first); after a refusal, what was chosen stays.
#[component]
fn CodeSelect(
    id: &'static str,
    label: String,
    any: String,
    choices: Vec<Choice>,
    submission: Submission,
) -> impl IntoView {
    let locale = use_locale();
    let error = submission.error(locale, id);
    let invalid = error.is_some();
    let kept = if submission.refused() {
        submission.value(id).unwrap_or_default()
    } else {
        choices
            .iter()
            .find(|c| c.chosen)
            .map(|c| c.value.clone())
            .unwrap_or_default()
    };
    let options = choices
        .into_iter()
        .map(|c| {
            let selected = c.value == kept;
            view! { <option value=c.value selected=selected>{c.label}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:field--error=invalid>
            <label for=id>{label}</label>
            <select id=id name=id aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then(|| format!("{id}-error"))>
                <option value="">{any}</option>
                {options}
            </select>
            {error.map(|e| view! { <p class="field__error" id=format!("{id}-error")>{e}</p> })}
        </div>
    }
}

/// The terms form's fields (inside the caller's `<form>`). An open offer asks for products,
/// a commission and a period; an invitation or a counter for the fee and deliverables too.
#[component]
fn TermsFields(form: TermsForm, kind: Kind, submission: Submission) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let value = |name: &str, kept: &str| submission.value_or(name, kept);
    let error = |name: &str| submission.error(locale, name);
    let refused = submission.refused();
    let products_error = error("products");
    let products_invalid = products_error.is_some();
    let products = form
        .products
        .into_iter()
        .map(|c| {
            let id = format!("product-{}", c.value);
            let checked = if refused {
                submission
                    .values
                    .iter()
                    .any(|(k, v)| k == "products" && *v == c.value)
            } else {
                c.chosen
            };
            view! {
                <label class="check" for=id.clone()>
                    <input type="checkbox" id=id.clone() name="products" value=c.value checked=checked/>
                    " "<bdi>{c.label}</bdi>
                </label>
            }
        })
        .collect_view();
    let target = kind == Kind::Target;
    view! {
        <fieldset class="field checks" class:field--error=products_invalid
            aria-describedby=products_invalid.then_some("products-error")>
            <legend>{tr!(ui, collab_products)}</legend>
            <div class="checks__grid">{products}</div>
            {products_error.map(|e| view! { <p class="field__error" id="products-error">{e}</p> })}
        </fieldset>
        <div class="form__row">
            <Field id="commission" label=tr!(ui, creators_commission_pct).to_owned()
                value=value("commission", &form.commission) error=error("commission") max=6/>
            {target.then(|| view! {
                <Field id="fee" label=tr!(ui, creators_fee_inr).to_owned() required=false
                    hint=Some(tr!(ui, collab_fee_hint).to_owned())
                    value=value("fee", &form.fee) error=error("fee") max=16/>
            })}
        </div>
        <div class="form__row">
            <Field id="starts" kind="date" label=tr!(ui, collab_starts).to_owned()
                value=value("starts", &form.starts) error=error("starts")/>
            <Field id="ends" kind="date" label=tr!(ui, collab_ends).to_owned()
                value=value("ends", &form.ends) error=error("ends")/>
        </div>
        {target.then(|| view! {
            <fieldset class="field">
                <legend>{tr!(ui, collab_deliverables_title)}</legend>
                <div class="form__row">
                    <Field id="streams" kind="number" label=tr!(ui, collab_streams).to_owned() required=false
                        value=value("streams", &form.streams) error=error("streams") max=2/>
                    <Field id="minutes" kind="number" label=tr!(ui, collab_minutes).to_owned() required=false
                        value=value("minutes", &form.minutes) error=error("minutes") max=3/>
                </div>
                <div class="form__row">
                    <CodeSelect id="market" label=tr!(ui, creators_market).to_owned()
                        any=tr!(ui, creators_any_market).to_owned() choices=form.markets.clone() submission=submission.clone()/>
                    <CodeSelect id="language" label=tr!(ui, creators_language).to_owned()
                        any=tr!(ui, creators_any_language).to_owned() choices=form.languages.clone() submission=submission.clone()/>
                </div>
            </fieldset>
        })}
        <Field id="note" label=tr!(ui, collab_note).to_owned() lines=3 required=false
            value=value("note", &form.note) error=error("note") max=1000/>
    }
}
