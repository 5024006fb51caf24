//! One application under review, with the council's decision form.

use super::{History, StagePill, field_label};
use crate::curation::api::get_review;
use crate::curation::model::{Application, Stage};
use crate::forms::use_submission;
use crate::i18n::tr;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let data = slug_resource("id", get_review);
    view! { <Loaded resource=data render=move |page| view! { <Review application=page/> }/> }
}

#[component]
fn Review(application: Application) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let alert = crate::forms::alert(locale, &submission, &["reason"]);
    let reason_error = submission.error(locale, "reason");
    let open = application.stage == Stage::Submitted;
    let action = href(locale, &format!("/curator/applications/{}", application.id));
    let rows = [
        ("company_name", application.company_name.clone()),
        ("city", application.city.clone()),
        ("region", application.region.clone()),
        ("founded_year", application.founded_year.to_string()),
        ("iec", application.iec.clone()),
        ("gstin", application.gstin.clone()),
        ("products", application.products.clone()),
        ("markets", application.markets.clone()),
        ("contact_name", application.contact_name.clone()),
        ("contact_phone", application.contact_phone.clone()),
    ];
    let certificates = application.certificates.clone();
    let title = tr!(ui, review_title, company = application.company_name.clone());
    view! {
        <Seo title=title.clone() description=title.clone() path=None/>
        <main id="main" class="page page--narrow console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{application.company_name.clone()}</span>
            </nav>
            <h1>{title}" "<StagePill stage=application.stage/></h1>
            <p>{application.hall_name.clone()}" · "{application.applicant_name.clone()}" · "<bdi>{application.applicant_email.clone()}</bdi></p>
            <dl class="facts">
                {rows.into_iter().map(|(key, value)| view! {
                    <div><dt>{field_label(locale, key)}</dt><dd><bdi>{value}</bdi></dd></div>
                }).collect_view()}
            </dl>
            <h2>{tr!(ui, apply_certificates)}</h2>
            {if certificates.is_empty() {
                view! { <p class="notice">{tr!(ui, no_certificates)}</p> }.into_any()
            } else {
                view! {
                    <ul class="cert-list">
                        {certificates.into_iter().map(|c| view! {
                            <li><strong>{c.label}</strong>" · "<bdi>{c.number}</bdi>" · "{tr!(ui, valid_until, date = c.expires)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {application.booth_slug.clone().map(|slug| view! {
                <p><a class="button button--primary" href=href(locale, &format!("/curator/booths/{slug}"))>{tr!(ui, verify_credentials)}</a></p>
            })}
            {open.then(|| view! {
                <form class="form form--wide decision" method="post" action=action.clone()>
                    <FormAlert message=alert.clone()/>
                    <h2>{tr!(ui, your_decision)}</h2>
                    <Field id="reason" label=tr!(ui, field_reason).to_owned() value=submission.value("reason").unwrap_or_default()
                        hint=Some(tr!(ui, hint_reason).to_owned()) error=reason_error.clone() required=false max=1000 lines=3/>
                    <div class="decision__buttons">
                        <button type="submit" name="decision" value="approve" class="button button--primary">{tr!(ui, decision_approve)}</button>
                        <button type="submit" name="decision" value="changes" class="button button--ghost">{tr!(ui, decision_changes)}</button>
                        <button type="submit" name="decision" value="reject" class="button button--danger">{tr!(ui, decision_reject)}</button>
                    </div>
                </form>
            })}
            <History entries=application.history.clone()/>
        </main>
    }
}
