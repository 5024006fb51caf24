//! Curation pages, one file each: the call for exhibitors, the curator's desk, an
//! application under review, a hall's layout and a booth's credentials. Every form posts
//! to the domain's actions (`curation::actions`), so all of it works without JavaScript.
//! This module holds what several of them show: stages, the history, field labels.

pub mod apply_page;
pub mod booth_page;
pub mod hall_page;
pub mod home_page;
pub mod review_page;

pub use apply_page::ApplyPage;
pub use booth_page::CuratorBoothPage;
pub use hall_page::CuratorHallPage;
pub use home_page::CuratorHomePage;
pub use review_page::ReviewPage;

use crate::curation::model::{LogEntry, Stage};
use crate::i18n::{Locale, tr};
use crate::ui::layout::use_locale;
use leptos::prelude::*;

fn stage_label(locale: Locale, stage: Stage) -> &'static str {
    let ui = locale.ui();
    match stage {
        Stage::Submitted => tr!(ui, stage_submitted),
        Stage::ChangesRequested => tr!(ui, stage_changes_requested),
        Stage::Approved => tr!(ui, stage_approved),
        Stage::Rejected => tr!(ui, stage_rejected),
    }
}

/// A recorded action in the reader's words; the subject's detail (a badge) stays as is.
pub(super) fn action_label(locale: Locale, action: &str) -> String {
    let ui = locale.ui();
    let (verb, detail) = action.split_once(' ').unwrap_or((action, ""));
    let word = match verb {
        "submitted" => tr!(ui, action_submitted),
        "resubmitted" => tr!(ui, action_resubmitted),
        "approved" => tr!(ui, stage_approved),
        "rejected" => tr!(ui, stage_rejected),
        "changes_requested" => tr!(ui, stage_changes_requested),
        "verify" => tr!(ui, action_verify),
        "unverify" => tr!(ui, action_unverify),
        "feature" => tr!(ui, action_feature),
        "unfeature" => tr!(ui, action_unfeature),
        "publish" => tr!(ui, action_publish),
        "unpublish" => tr!(ui, action_unpublish),
        "suspend" => tr!(ui, action_suspend),
        "reinstate" => tr!(ui, action_reinstate),
        "arranged" => tr!(ui, action_arranged),
        other => other,
    };
    if detail.is_empty() {
        word.to_owned()
    } else {
        format!("{word}: {detail}")
    }
}

#[component]
pub(super) fn StagePill(stage: Stage) -> impl IntoView {
    let class = format!("stage-pill stage-pill--{}", stage.code());
    view! { <span class=class>{stage_label(use_locale(), stage)}</span> }
}

#[component]
pub(super) fn History(entries: Vec<LogEntry>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    (!entries.is_empty()).then(|| {
        view! {
            <section aria-labelledby="history-title" class="console-section">
                <h2 id="history-title">{tr!(ui, history)}</h2>
                <ol class="history">
                    {entries
                        .into_iter()
                        .map(|e| view! {
                            <li>
                                <time datetime=e.at.rfc3339()>{e.when}</time>
                                " · "<strong>{action_label(locale, &e.action)}</strong>
                                " · "{e.actor}
                                {(!e.reason.is_empty()).then(|| view! { <p class="history__reason">{e.reason}</p> })}
                            </li>
                        })
                        .collect_view()}
                </ol>
            </section>
        }
    })
}

/// A field's label on application and review pages.
pub fn field_label(locale: Locale, key: &str) -> String {
    let ui = locale.ui();
    match key {
        "company_name" => tr!(ui, field_company),
        "contact_name" => tr!(ui, field_contact),
        "contact_phone" => tr!(ui, field_phone),
        "city" => tr!(ui, field_city),
        "region" => tr!(ui, field_region),
        "founded_year" => tr!(ui, field_founded),
        "iec" => tr!(ui, field_iec),
        "gstin" => tr!(ui, field_gstin),
        "products" => tr!(ui, field_products),
        "markets" => tr!(ui, field_markets),
        _ => "",
    }
    .to_owned()
}
