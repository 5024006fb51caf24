//! The call for exhibitors: a hall's application form, and the applicant's status.

use super::{StagePill, field_label};
use crate::curation::api::get_apply;
use crate::curation::model::{Application, ApplyPage as ApplyData, Stage};
use crate::forms::use_submission;
use crate::i18n::tr;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let data = slug_resource("hall", get_apply);
    view! { <Loaded resource=data render=move |page| view! { <Apply page/> }/> }
}

const APPLICATION_FIELDS: [&str; 10] = [
    "company_name",
    "contact_name",
    "contact_phone",
    "city",
    "region",
    "founded_year",
    "iec",
    "gstin",
    "products",
    "markets",
];

#[component]
fn Apply(page: ApplyData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let title = tr!(ui, apply_title, hall = page.hall_name.clone());
    let style = format!("--hall: {}", page.hall_colour);
    let action = href(locale, &format!("/halls/{}/apply", page.hall_slug));
    let editable = page.signed_in
        && !page.exhibitor
        && page.open_elsewhere.is_none()
        && page
            .application
            .as_ref()
            .is_none_or(|a| matches!(a.stage, Stage::ChangesRequested | Stage::Rejected));
    let status = page
        .application
        .clone()
        .map(|a| view! { <ApplicationStatus application=a/> });
    let blocker = if !page.signed_in {
        Some(view! {
            <p class="notice">
                {tr!(ui, apply_sign_in)}" "
                <a class="button button--primary" href=href(locale, "/account/signin")>{tr!(ui, signin_title)}</a>
            </p>
        }.into_any())
    } else if page.exhibitor {
        Some(view! { <p class="notice">{tr!(ui, problem_already_exhibitor)}</p> }.into_any())
    } else {
        page.open_elsewhere.clone().map(|hall| {
            view! { <p class="notice">{tr!(ui, apply_open_elsewhere, hall = hall)}</p> }.into_any()
        })
    };
    let mut all_fields: Vec<String> = APPLICATION_FIELDS.iter().map(|f| (*f).to_owned()).collect();
    for row in 1..=3 {
        for part in ["cert_kind", "cert_number", "cert_expires"] {
            all_fields.push(format!("{part}_{row}"));
        }
    }
    let field_refs: Vec<&str> = all_fields.iter().map(String::as_str).collect();
    let alert = crate::forms::alert(locale, &submission, &field_refs);
    // A resubmission starts from what was sent; a refused post from what was typed.
    let sent = page
        .application
        .clone()
        .filter(|a| a.stage == Stage::ChangesRequested);
    let initial = |name: &str| -> String {
        if submission.refused() {
            return submission.value(name).unwrap_or_default();
        }
        let Some(a) = &sent else { return String::new() };
        match name {
            "company_name" => a.company_name.clone(),
            "contact_name" => a.contact_name.clone(),
            "contact_phone" => a.contact_phone.clone(),
            "city" => a.city.clone(),
            "region" => a.region.clone(),
            "founded_year" => a.founded_year.to_string(),
            "iec" => a.iec.clone(),
            "gstin" => a.gstin.clone(),
            "products" => a.products.clone(),
            "markets" => a.markets.clone(),
            _ => {
                let (part, row) = name.rsplit_once('_').unwrap_or((name, "0"));
                let index = row.parse::<usize>().unwrap_or(0).wrapping_sub(1);
                a.certificates
                    .get(index)
                    .map_or_else(String::new, |c| match part {
                        "cert_kind" => c.kind.clone(),
                        "cert_number" => c.number.clone(),
                        "cert_expires" => c.expires.clone(),
                        _ => String::new(),
                    })
            }
        }
    };
    let error = |name: &str| submission.error(locale, name);
    let label = |key: &'static str| -> String { field_label(locale, key) };
    let certificates = (1..=3usize)
        .map(|row| {
            let kind_id: &'static str = ["cert_kind_1", "cert_kind_2", "cert_kind_3"][row - 1];
            let number_id: &'static str = ["cert_number_1", "cert_number_2", "cert_number_3"][row - 1];
            let expires_id: &'static str = ["cert_expires_1", "cert_expires_2", "cert_expires_3"][row - 1];
            let chosen = initial(kind_id);
            let kind_error = error(kind_id);
            let kind_invalid = kind_error.is_some();
            let options = page
                .kinds
                .iter()
                .map(|k| {
                    let selected = k.slug == chosen;
                    view! { <option value=k.slug.clone() selected=selected>{k.label.clone()}</option> }
                })
                .collect_view();
            view! {
                <fieldset class="cert-row">
                    <legend>{tr!(ui, certificate_n, n = row)}</legend>
                    <div class="field" class:field--error=kind_invalid>
                        <label for=kind_id>{tr!(ui, field_cert_kind)}</label>
                        <select id=kind_id name=kind_id aria-invalid=kind_invalid.then_some("true")
                            aria-describedby=kind_invalid.then(|| format!("{kind_id}-error"))>
                            <option value="">{tr!(ui, cert_none)}</option>
                            {options}
                        </select>
                        {kind_error.map(|e| view! { <p class="field__error" id=format!("{kind_id}-error")>{e}</p> })}
                    </div>
                    <Field id=number_id label=tr!(ui, field_cert_number).to_owned() value=initial(number_id) error=error(number_id) required=false max=40/>
                    <Field id=expires_id label=tr!(ui, field_cert_expires).to_owned() kind="date" value=initial(expires_id) error=error(expires_id) required=false/>
                </fieldset>
            }
        })
        .collect_view();
    let form = editable.then(|| view! {
        <form class="form form--wide" method="post" action=action.clone() novalidate>
            <FormAlert message=alert.clone()/>
            <h2>{tr!(ui, apply_company)}</h2>
            <Field id="company_name" label=label("company_name") autocomplete="organization" value=initial("company_name") error=error("company_name") max=80/>
            <div class="form__row">
                <Field id="city" label=label("city") autocomplete="address-level2" value=initial("city") error=error("city") max=80/>
                <Field id="region" label=label("region") autocomplete="address-level1" value=initial("region") error=error("region") max=80/>
            </div>
            <Field id="founded_year" label=label("founded_year") kind="number" value=initial("founded_year") error=error("founded_year")/>
            <div class="form__row">
                <Field id="iec" label=label("iec") value=initial("iec") hint=Some(tr!(ui, hint_iec).to_owned()) error=error("iec") max=14/>
                <Field id="gstin" label=label("gstin") value=initial("gstin") hint=Some(tr!(ui, hint_gstin).to_owned()) error=error("gstin") max=20/>
            </div>
            <Field id="products" label=label("products") value=initial("products") hint=Some(tr!(ui, hint_products).to_owned()) error=error("products") max=1000 lines=4/>
            <Field id="markets" label=label("markets") value=initial("markets") hint=Some(tr!(ui, hint_markets).to_owned()) error=error("markets") max=200/>
            <h2>{tr!(ui, apply_contact)}</h2>
            <div class="form__row">
                <Field id="contact_name" label=label("contact_name") autocomplete="name" value=initial("contact_name") error=error("contact_name") max=80/>
                <Field id="contact_phone" label=label("contact_phone") kind="tel" autocomplete="tel" value=initial("contact_phone") error=error("contact_phone") max=20/>
            </div>
            <h2>{tr!(ui, apply_certificates)}</h2>
            <p class="field__hint">{tr!(ui, hint_certificates)}</p>
            {certificates}
            <button type="submit" class="button button--primary">
                {if sent.is_some() { tr!(ui, apply_resubmit) } else { tr!(ui, apply_submit) }}
            </button>
        </form>
    });
    view! {
        <Seo title=title.clone() description=tr!(ui, apply_lead, council = page.council.clone()) path=Some(format!("/halls/{}/apply", page.hall_slug))/>
        <main id="main" class="page page--narrow console" style=style>
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=href(locale, &format!("/halls/{}", page.hall_slug))>{page.hall_name.clone()}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, apply_crumb)}</span>
            </nav>
            <h1>{title}</h1>
            <p class="prose">{tr!(ui, apply_lead, council = page.council.clone())}</p>
            {status}
            {blocker}
            {form}
        </main>
    }
}

#[component]
fn ApplicationStatus(application: Application) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let reason = (!application.reason.is_empty()).then(|| {
        view! {
            <div class="decision-reason">
                <h3>{tr!(ui, council_says)}</h3>
                <p>{application.reason.clone()}</p>
            </div>
        }
    });
    let booth = application.booth_slug.clone().map(|slug| {
        view! {
            <p>
                <a class="button button--primary" href=href(locale, &format!("/booths/{slug}"))>{tr!(ui, see_your_booth)}</a>" "
                <a class="button button--ghost" href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
            </p>
        }
    });
    let explain = match application.stage {
        Stage::Submitted => tr!(ui, stage_submitted_help),
        Stage::ChangesRequested => tr!(ui, stage_changes_help),
        Stage::Approved => tr!(ui, stage_approved_help),
        Stage::Rejected => tr!(ui, stage_rejected_help),
    };
    view! {
        <section class="application-status" aria-labelledby="status-title">
            <h2 id="status-title">{tr!(ui, your_application)}" "<StagePill stage=application.stage/></h2>
            <p>{explain}</p>
            {reason}
            {booth}
            <p class="field__hint">{tr!(ui, last_updated, when = application.updated.clone())}</p>
        </section>
    }
}
