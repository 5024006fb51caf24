//! The leads console and the buyer's list of booths they share contact details with. Plain
//! forms: filtering is a GET, each lead's notes a POST; both work without JavaScript.

use super::api::{get_leads, get_shares};
use super::model::{ActivityKind, Lead, LeadStatus, LeadsPage as Data};
use crate::forms::{alert, use_submission};
use crate::i18n::{Locale, number, tr};
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::Loaded;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub fn status_label(locale: Locale, status: LeadStatus) -> &'static str {
    let ui = locale.ui();
    match status {
        LeadStatus::New => tr!(ui, lead_new),
        LeadStatus::Contacted => tr!(ui, lead_contacted),
        LeadStatus::Quoted => tr!(ui, lead_quoted),
        LeadStatus::Won => tr!(ui, lead_won),
        LeadStatus::Lost => tr!(ui, lead_lost),
    }
}

fn kind_label(locale: Locale, kind: ActivityKind) -> &'static str {
    let ui = locale.ui();
    match kind {
        ActivityKind::Sample => tr!(ui, lead_kind_sample),
        ActivityKind::Question => tr!(ui, lead_kind_question),
        ActivityKind::Follow => tr!(ui, lead_kind_follow),
        ActivityKind::Order => tr!(ui, lead_kind_order),
        ActivityKind::Rfq => tr!(ui, lead_kind_rfq),
        ActivityKind::Quote => tr!(ui, lead_kind_quote),
        ActivityKind::Meeting => tr!(ui, lead_kind_meeting),
    }
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let q = query.read();
            (
                locale,
                q.get("status").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
            )
        },
        |(locale, status, kind)| get_leads(locale, status, kind),
    );
    view! { <Loaded resource=data render=move |page| view! { <Leads page/> }/> }
}

const LEAD_FIELDS: [&str; 3] = ["status", "next_action", "note"];

#[component]
fn Leads(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    // The lead whose form was refused shows its problems and what was typed.
    let refused_buyer = submission
        .refused()
        .then(|| submission.value("buyer"))
        .flatten()
        .and_then(|b| b.parse::<i64>().ok());
    let form_alert = alert(
        locale,
        &submission,
        &[&LEAD_FIELDS[..], &["buyer"]].concat(),
    );
    let status_options = {
        let chosen = page.status;
        let total: usize = page.counts.iter().map(|(_, n)| n).sum();
        std::iter::once(view! { <option value="" selected=chosen.is_none()>{tr!(ui, lead_all, count = number(locale, total as i64))}</option> }.into_any())
            .chain(page.counts.iter().map(|(status, count)| {
                let label = format!("{} ({})", status_label(locale, *status), number(locale, *count as i64));
                view! { <option value=status.code() selected=chosen == Some(*status)>{label}</option> }.into_any()
            }))
            .collect_view()
    };
    let kind_options = {
        let chosen = page.kind;
        std::iter::once(view! { <option value="" selected=chosen.is_none()>{tr!(ui, lead_any_kind)}</option> }.into_any())
            .chain(ActivityKind::ALL.into_iter().map(|kind| {
                view! { <option value=kind.code() selected=chosen == Some(kind)>{kind_label(locale, kind)}</option> }.into_any()
            }))
            .collect_view()
    };
    let list = if page.leads.is_empty() {
        view! { <p class="notice">{tr!(ui, leads_none)}</p> }.into_any()
    } else {
        page.leads
            .into_iter()
            .map(|lead| {
                let refused = refused_buyer == Some(lead.buyer);
                view! { <LeadCard lead today=page.today.clone() refused/> }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Seo title=tr!(ui, leads_title).to_owned() description=page.booth_name.clone() path=None/>
        <main id="main" class="page console leads">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, leads_title)}</span>
            </nav>
            <h1>{tr!(ui, leads_title)}</h1>
            <p class="page-hero__council"><strong>{page.booth_name.clone()}</strong>" · "{tr!(ui, leads_lead)}</p>
            <FormAlert message=form_alert/>
            <form class="leads__filters" method="get" action=href(locale, "/exhibitor/leads")>
                <div class="field">
                    <label for="filter-status">{tr!(ui, lead_status)}</label>
                    <select id="filter-status" name="status">{status_options}</select>
                </div>
                <div class="field">
                    <label for="filter-kind">{tr!(ui, lead_activity)}</label>
                    <select id="filter-kind" name="kind">{kind_options}</select>
                </div>
                <button type="submit" class="button button--outline">{tr!(ui, lead_filter)}</button>
                <a class="button button--ghost" href=href(locale, "/exhibitor/leads.csv") download="leads.csv">{tr!(ui, leads_csv)}</a>
            </form>
            <div class="leads__list">{list}</div>
        </main>
    }
}

/// One lead: who, what they did, and the team's notes with their own small form.
#[component]
fn LeadCard(lead: Lead, today: String, refused: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let typed = |name: &str, stored: String| {
        if refused {
            submission.value(name).unwrap_or_default()
        } else {
            stored
        }
    };
    let error = |name: &str| refused.then(|| submission.error(locale, name)).flatten();
    let id = lead.buyer;
    let due = lead
        .next_action
        .as_deref()
        .is_some_and(|day| day <= today.as_str());
    let status = typed("status", lead.status.code().to_owned());
    let options = LeadStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.code() selected=status == s.code()>{status_label(locale, s)}</option> })
        .collect_view();
    let activities = lead
        .activities
        .iter()
        .take(5)
        .map(|a| {
            view! {
                <li>
                    <span class=format!("lead-kind lead-kind--{}", a.kind.code())>{kind_label(locale, a.kind)}</span>" "
                    <bdi class="lead__summary">{a.summary.clone()}</bdi>" · "
                    <time datetime=crate::core::Instant(a.at).rfc3339()>{a.when.clone()}</time>
                </li>
            }
        })
        .collect_view();
    let more = lead.activities.len().saturating_sub(5);
    let (status_id, date_id, note_id) = (
        format!("status-{id}"),
        format!("next-{id}"),
        format!("note-{id}"),
    );
    let note_error = error("note");
    let date_error = error("next_action");
    let status_error = error("status");
    let (status_bad, date_bad, note_bad) = (
        status_error.is_some(),
        date_error.is_some(),
        note_error.is_some(),
    );
    view! {
        <article class="lead card" id=format!("lead-{id}") aria-labelledby=format!("lead-name-{id}")>
            <header class="lead__head">
                <h2 class="lead__name" id=format!("lead-name-{id}")>{lead.name.clone()}</h2>
                <span class=format!("stage-pill lead-status lead-status--{}", lead.status.code())>{status_label(locale, lead.status)}</span>
                {due.then(|| view! { <span class="lead__due">{tr!(ui, lead_due)}</span> })}
            </header>
            <p class="lead__contact">
                {match lead.email.clone() {
                    Some(email) => view! { <a href=format!("mailto:{email}")><bdi>{email.clone()}</bdi></a> }.into_any(),
                    None => view! { <span class="lead__private">{tr!(ui, lead_contact_private)}</span> }.into_any(),
                }}
                {(!lead.company.is_empty()).then(|| view! { " · "<bdi class="lead__company">{lead.company.clone()}</bdi> })}
                {(!lead.country_name.is_empty()).then(|| view! { " · "<span>{lead.country_name.clone()}</span> })}
            </p>
            <ul class="lead__activities">{activities}</ul>
            {(more > 0).then(|| view! { <p class="field__hint">{tr!(ui, lead_more, count = number(locale, more as i64))}</p> })}
            <form class="form form--wide lead__form" method="post" action=href(locale, "/exhibitor/leads")>
                <input type="hidden" name="buyer" value=id.to_string()/>
                <div class="form__row">
                    <div class="field" class:field--error=status_bad>
                        <label for=status_id.clone()>{tr!(ui, lead_status)}</label>
                        <select id=status_id.clone() name="status"
                            aria-invalid=status_bad.then_some("true")
                            aria-describedby=status_bad.then(|| format!("{status_id}-error"))>{options}</select>
                        {status_error.map(|e| view! { <p class="field__error" id=format!("{status_id}-error")>{e}</p> })}
                    </div>
                    <div class="field" class:field--error=date_bad>
                        <label for=date_id.clone()>{tr!(ui, lead_next_action)}</label>
                        <input id=date_id.clone() name="next_action" type="date" value=typed("next_action", lead.next_action.clone().unwrap_or_default())
                            aria-invalid=date_bad.then_some("true")
                            aria-describedby=date_bad.then(|| format!("{date_id}-error"))/>
                        {date_error.clone().map(|e| view! { <p class="field__error" id=format!("{date_id}-error")>{e}</p> })}
                    </div>
                </div>
                <div class="field" class:field--error=note_bad>
                    <label for=note_id.clone()>{tr!(ui, lead_note)}</label>
                    <textarea id=note_id.clone() name="note" rows="2" maxlength="2000" dir="auto"
                        aria-invalid=note_bad.then_some("true")
                        aria-describedby=note_bad.then(|| format!("{note_id}-error"))>{typed("note", lead.note.clone())}</textarea>
                    {note_error.clone().map(|e| view! { <p class="field__error" id=format!("{note_id}-error")>{e}</p> })}
                </div>
                <button type="submit" class="button button--primary button--small">{tr!(ui, lead_save)}<span class="visually-hidden">" "{lead.name.clone()}</span></button>
            </form>
        </article>
    }
}

/// The account page's list of booths the buyer shares contact details with, each with a
/// button to stop.
#[component]
pub fn SharedContacts() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let data = Resource::new_blocking(move || locale, get_shares);
    let render = move |shares: Vec<super::model::Share>| {
        let body = if shares.is_empty() {
            view! { <p>{tr!(ui, shares_none)}</p> }.into_any()
        } else {
            view! {
                <ul class="history">
                    {shares.into_iter().map(|s| view! {
                        <li class="share">
                            <a href=href(locale, &format!("/booths/{}", s.booth_slug))>{s.booth_name.clone()}</a>
                            " · "<time datetime=s.since.clone()>{tr!(ui, shared_since, date = s.since_label.clone())}</time>" "
                            <form method="post" action=href(locale, "/account/shares") class="inline-form">
                                <input type="hidden" name="booth" value=s.booth_slug.clone()/>
                                <button type="submit" class="button button--ghost button--small">
                                    {tr!(ui, share_withdraw)}<span class="visually-hidden">" "{s.booth_name.clone()}</span>
                                </button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        };
        view! {
            <section aria-labelledby="shares-title" class="console-section">
                <h2 id="shares-title">{tr!(ui, shares_title)}</h2>
                <p>{tr!(ui, shares_hint)}</p>
                {body}
            </section>
        }
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { data.await.ok().map(render) })}
        </Suspense>
    }
}
