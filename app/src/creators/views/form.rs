//! `/{locale}/creator`: a signed-in person's own creator profile. The first save makes them
//! a creator with a public page; later saves change it. A plain form: refused fields come
//! back with their problems and what was typed, without JavaScript.

use crate::creators::api::get_creator_form;
use crate::creators::model::{Choice, PROFILE_FIELDS, ProfileForm, platform_name};
use crate::forms::{Submission, alert, use_submission};
use crate::i18n::{Locale, tr};
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CreatorFormPage() -> impl IntoView {
    let data = locale_resource(get_creator_form);
    view! { <Loaded resource=data render=move |form| view! { <CreatorForm form/> }/> }
}

/// A group of checkboxes named `name`; after a refusal, what was ticked stays ticked.
#[component]
fn Checkboxes(
    name: &'static str,
    legend: String,
    choices: Vec<Choice>,
    submission: Submission,
    error: Option<String>,
) -> impl IntoView {
    let refused = submission.refused();
    let invalid = error.is_some();
    let boxes = choices
        .into_iter()
        .map(|c| {
            let id = format!("{name}-{}", c.value);
            let checked = if refused {
                submission
                    .values
                    .iter()
                    .any(|(k, v)| k == name && *v == c.value)
            } else {
                c.chosen
            };
            view! {
                <label class="check" for=id.clone()>
                    <input type="checkbox" id=id.clone() name=name value=c.value checked=checked/>
                    " "{c.label}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field checks" class:field--error=invalid
            aria-describedby=invalid.then(|| format!("{name}-error"))>
            <legend>{legend}</legend>
            <div class="checks__grid">{boxes}</div>
            {error.map(|e| view! { <p class="field__error" id=format!("{name}-error")>{e}</p> })}
        </fieldset>
    }
}

fn audience_label(locale: Locale, platform: &str, part: &str) -> String {
    let ui = locale.ui();
    match part {
        "handle" => tr!(ui, creators_handle_on, platform = platform_name(platform)),
        _ => tr!(
            ui,
            creators_followers_on,
            platform = platform_name(platform)
        ),
    }
}

#[component]
fn CreatorForm(form: ProfileForm) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let form_alert = alert(locale, &submission, &PROFILE_FIELDS);
    let value = |name: &str, kept: &str| submission.value_or(name, kept);
    let error = |name: &str| submission.error(locale, name);
    let available = if submission.refused() {
        submission.value("available").as_deref() == Some("1")
    } else {
        form.available
    };
    let audiences = form
        .audiences
        .iter()
        .map(|(platform, handle, followers)| {
            let handle_id = format!("{platform}_handle");
            let count_id = format!("{platform}_followers");
            let handle_error = submission.error(locale, &handle_id);
            let count_error = submission.error(locale, &count_id);
            let (handle_invalid, count_invalid) = (handle_error.is_some(), count_error.is_some());
            let handle_value = submission.value_or(&handle_id, handle.clone());
            let count_value = submission.value_or(&count_id, followers.clone());
            view! {
                <div class="form__row">
                    <div class="field" class:field--error=handle_invalid>
                        <label for=handle_id.clone()>{audience_label(locale, platform, "handle")}</label>
                        <input id=handle_id.clone() name=handle_id.clone() type="text" maxlength="60" value=handle_value
                            aria-invalid=handle_invalid.then_some("true")
                            aria-describedby=handle_invalid.then(|| format!("{handle_id}-error"))/>
                        {handle_error.map(|e| view! { <p class="field__error" id=format!("{handle_id}-error")>{e}</p> })}
                    </div>
                    <div class="field" class:field--error=count_invalid>
                        <label for=count_id.clone()>{audience_label(locale, platform, "followers")}</label>
                        <input id=count_id.clone() name=count_id.clone() type="number" min="0" inputmode="numeric" value=count_value
                            aria-invalid=count_invalid.then_some("true")
                            aria-describedby=count_invalid.then(|| format!("{count_id}-error"))/>
                        {count_error.map(|e| view! { <p class="field__error" id=format!("{count_id}-error")>{e}</p> })}
                    </div>
                </div>
            }
        })
        .collect_view();
    let title = if form.slug.is_some() {
        tr!(ui, creators_edit)
    } else {
        tr!(ui, creators_become)
    };
    view! {
        <Seo title=title.to_owned() description=tr!(ui, creators_form_lead).to_owned() path=None/>
        <main id="main" class="page console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/creators")>{tr!(ui, creators_title)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title}</span>
            </nav>
            <h1>{title}</h1>
            <p>{tr!(ui, creators_form_lead)}</p>
            {form.slug.clone().map(|slug| view! {
                <p><a href=href(locale, &format!("/creators/{slug}"))>{tr!(ui, creators_view_page)}</a></p>
            })}
            {form.agency.clone().map(|agency| view! { <p>{tr!(ui, creators_on_roster, agency = agency)}</p> })}
            <FormAlert message=form_alert/>
            <form method="post" action=href(locale, "/creator") class="form form--wide" novalidate>
                <div class="form__row">
                    <Field id="name" label=tr!(ui, creators_name).to_owned() autocomplete="name"
                        value=value("name", &form.name) error=error("name") max=80/>
                    <Field id="headline" label=tr!(ui, creators_headline).to_owned()
                        hint=Some(tr!(ui, creators_headline_hint).to_owned())
                        value=value("headline", &form.headline) error=error("headline") max=120/>
                </div>
                <Field id="bio_en" label=tr!(ui, creators_bio_en).to_owned() lines=5
                    value=value("bio_en", &form.bio_en) error=error("bio_en") max=2000/>
                {(locale != Locale::En).then(|| view! {
                    <Field id="bio_local" label=tr!(ui, creators_bio_local).to_owned() lines=5 required=false
                        value=value("bio_local", &form.bio_local) error=error("bio_local") max=2000/>
                })}
                <Checkboxes name="markets" legend=tr!(ui, creators_markets).to_owned() choices=form.markets.clone()
                    submission=submission.clone() error=error("markets")/>
                <Checkboxes name="languages" legend=tr!(ui, creators_languages).to_owned() choices=form.languages.clone()
                    submission=submission.clone() error=error("languages")/>
                <Checkboxes name="categories" legend=tr!(ui, creators_categories).to_owned() choices=form.categories.clone()
                    submission=submission.clone() error=error("categories")/>
                <fieldset class="field">
                    <legend>{tr!(ui, creators_audience)}</legend>
                    {audiences}
                </fieldset>
                <fieldset class="field">
                    <legend>{tr!(ui, creators_rate_card)}</legend>
                    <p class="field__hint">{tr!(ui, creators_rate_hint)}</p>
                    <div class="form__row">
                        <Field id="fee" label=tr!(ui, creators_fee_inr).to_owned() required=false
                            value=value("fee", &form.fee) error=error("fee") max=16/>
                        <Field id="commission" label=tr!(ui, creators_commission_pct).to_owned() required=false
                            value=value("commission", &form.commission) error=error("commission") max=6/>
                    </div>
                </fieldset>
                <p>
                    <label class="check" for="available">
                        <input id="available" type="checkbox" name="available" value="1" checked=available/>
                        " "{tr!(ui, creators_available_label)}
                    </label>
                </p>
                <button type="submit" class="button button--primary">{tr!(ui, creators_save)}</button>
            </form>
        </main>
    }
}
