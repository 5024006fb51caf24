//! The business profile on the account page: who the buyer is in the trade, which every
//! request for quotation shows the booths that receive it.

use super::{role_label, volume_label};
use crate::forms::use_submission;
use crate::i18n::tr;
use crate::trade::rfq::api::{ProfileForm, get_business_profile};
use crate::trade::rfq::model::{ROLES, VOLUMES};
use crate::ui::form::{Field, Select};
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

#[component]
pub fn BusinessProfile() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new_blocking(move || locale, get_business_profile);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { data.await.ok().map(|form| view! { <ProfileSection form/> }) })}
        </Suspense>
    }
}

#[component]
fn ProfileSection(form: ProfileForm) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    // Only this form's refusal shows here (the account page holds other forms).
    let mine = submission.value("form").as_deref() == Some("business");
    let stored = form.profile.clone().unwrap_or_default();
    let value = |name: &str, kept: &str| {
        if mine && submission.refused() {
            submission.value(name).unwrap_or_default()
        } else {
            kept.to_owned()
        }
    };
    let error = |name: &str| mine.then(|| submission.error(locale, name)).flatten();
    let countries: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, choose_country).to_owned()))
            .chain(form.countries.clone())
            .collect();
    let roles: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, profile_choose).to_owned()))
            .chain(
                ROLES
                    .iter()
                    .map(|r| ((*r).to_owned(), role_label(locale, r).to_owned())),
            )
            .collect();
    let volumes: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, profile_choose).to_owned()))
            .chain(
                VOLUMES
                    .iter()
                    .map(|v| ((*v).to_owned(), volume_label(locale, v).to_owned())),
            )
            .collect();
    view! {
        <section aria-labelledby="business-title" class="console-section" id="business">
            <h2 id="business-title">{tr!(ui, profile_title)}</h2>
            <p>{tr!(ui, profile_hint)}</p>
            {stored.verified_by.clone().map(|council| view! {
                <p><span class="verified-badge">{tr!(ui, buyer_verified_by, council = council)}</span></p>
            })}
            {(mine && submission.refused()).then(|| view! { <p class="form-alert" role="alert">{tr!(ui, form_errors)}</p> })}
            <form method="post" action=href(locale, "/account/business") class="form form--wide" novalidate>
                <input type="hidden" name="form" value="business"/>
                <div class="form__row">
                    <Field id="company" label=tr!(ui, profile_company).to_owned() autocomplete="organization"
                        value=value("company", &stored.company) error=error("company") max=120/>
                    <Select id="country" label=tr!(ui, profile_country).to_owned() options=countries
                        selected=value("country", &stored.country) error=error("country")/>
                </div>
                <div class="form__row">
                    <Select id="role" label=tr!(ui, profile_role).to_owned() options=roles
                        selected=value("role", &stored.role) error=error("role")/>
                    <Select id="annual_volume" label=tr!(ui, profile_volume).to_owned() options=volumes
                        selected=value("annual_volume", &stored.annual_volume) error=error("annual_volume")/>
                </div>
                <Field id="website" label=tr!(ui, profile_website).to_owned() kind="url" autocomplete="url"
                    value=value("website", &stored.website) error=error("website") required=false max=200/>
                <button type="submit" class="button button--primary">{tr!(ui, profile_save)}</button>
            </form>
            <p><a href=href(locale, "/rfqs")>{tr!(ui, rfqs_title)}</a>" · "<a href=href(locale, "/meetings")>{tr!(ui, account_meetings_link)}</a></p>
        </section>
    }
}
