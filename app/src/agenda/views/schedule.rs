//! The exhibitor's stream pages: `/exhibitor/new-stream` and `/exhibitor/streams/{stream}`
//! (schedule, reschedule, cancel) with the "Go live" settings for OBS.

use crate::agenda::api::get_schedule_form;
use crate::agenda::model::{ScheduleForm, StreamState};
use crate::agenda::views::state_badge::StateBadge;
use crate::forms::{alert, use_submission};
use crate::i18n::{Locale, tr};
use crate::ui::form::{Field, FormAlert, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn ScheduleStreamPage() -> impl IntoView {
    let data = slug_resource("stream", get_schedule_form);
    view! { <Loaded resource=data render=move |page| view! { <Schedule page/> }/> }
}

const FIELDS: [&str; 10] = [
    "title",
    "description",
    "language",
    "time_zone",
    "starts_at",
    "ends_at",
    "host",
    "product",
    "new_host_name",
    "new_host_title",
];

#[component]
fn Schedule(page: ScheduleForm) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let refused = submission.refused();
    let new_key = submission.value("stream_key").filter(|_| !refused);
    let value = |name: &str, stored: &str| {
        if refused {
            submission.value(name).unwrap_or_default()
        } else {
            stored.to_owned()
        }
    };
    let chosen = |name: &str, id: i64, stored: bool| {
        if refused {
            submission
                .values
                .iter()
                .any(|(k, v)| k == name && v.trim() == id.to_string())
        } else {
            stored
        }
    };
    let error = |name: &str| submission.error(locale, name);
    let editable = page.state == StreamState::Scheduled;
    let (title, action) = match &page.slug {
        Some(slug) => (
            tr!(ui, edit_stream_title, title = page.title.clone()),
            href(locale, &format!("/exhibitor/streams/{slug}")),
        ),
        None => (
            tr!(ui, schedule_title).to_owned(),
            href(locale, "/exhibitor/new-stream"),
        ),
    };
    let languages: Vec<(String, String)> = Locale::ALL
        .iter()
        .map(|l| (l.code().to_owned(), l.endonym().to_owned()))
        .collect();
    let zones: Vec<(String, String)> = page
        .time_zones
        .iter()
        .map(|z| (z.clone(), z.replace('_', " ")))
        .collect();
    let choices = |name: &'static str, legend: String, list: &[crate::agenda::model::Choice]| {
        let items = list
            .iter()
            .map(|c| {
                let id = format!("{name}-{}", c.id);
                view! {
                    <li><input type="checkbox" id=id.clone() name=name value=c.id.to_string() checked=chosen(name, c.id, c.chosen)/>
                    " "<label for=id>{c.label.clone()}</label></li>
                }
            })
            .collect_view();
        let problem = error(name);
        let invalid = problem.is_some();
        view! {
            <fieldset class="field choices" class:field--error=invalid>
                <legend>{legend}</legend>
                <ul class="choices__list">{items}</ul>
                {problem.map(|e| view! { <p class="field__error">{e}</p> })}
            </fieldset>
        }
    };
    let translations = page
        .translations
        .iter()
        .map(|t| {
            let code = t.locale.clone();
            let language = Locale::parse(&code).map_or_else(|| code.clone(), |l| l.endonym().to_owned());
            let title_id = format!("title_{code}");
            let description_id = format!("description_{code}");
            let title_error = error(&title_id);
            let description_error = error(&description_id);
            let (title_invalid, description_invalid) = (title_error.is_some(), description_error.is_some());
            view! {
                <fieldset class="translation" lang=code.clone()>
                    <legend>{language}</legend>
                    <div class="field" class:field--error=title_invalid>
                        <label for=title_id.clone()>{tr!(ui, field_title)}</label>
                        <input id=title_id.clone() name=title_id.clone() maxlength="140" value=value(&title_id, &t.title)/>
                        {title_error.map(|e| view! { <p class="field__error">{e}</p> })}
                    </div>
                    <div class="field" class:field--error=description_invalid>
                        <label for=description_id.clone()>{tr!(ui, field_description)}</label>
                        <textarea id=description_id.clone() name=description_id.clone() rows="2" maxlength="2000">{value(&description_id, &t.description)}</textarea>
                        {description_error.map(|e| view! { <p class="field__error">{e}</p> })}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let form = editable.then(|| view! {
        <form class="form form--wide" method="post" action=action.clone() novalidate>
            <FormAlert message=alert(locale, &submission, &FIELDS).filter(|_| submission.value("op").as_deref() != Some("key"))/>
            <input type="hidden" name="op" value="save"/>
            <Field id="title" label=tr!(ui, field_title).to_owned() value=value("title", &page.title) error=error("title") max=140/>
            <Field id="description" label=tr!(ui, field_description).to_owned() value=value("description", &page.description) error=error("description") max=2000 lines=4/>
            <div class="form__row">
                <Select id="language" label=tr!(ui, field_stream_language).to_owned() options=languages selected=value("language", &page.language) error=error("language")/>
                <Select id="time_zone" label=tr!(ui, field_time_zone).to_owned() options=zones selected=value("time_zone", &page.time_zone) error=error("time_zone")/>
            </div>
            <div class="form__row">
                <Field id="starts_at" label=tr!(ui, field_starts).to_owned() kind="datetime-local" value=value("starts_at", &page.starts_local) error=error("starts_at")/>
                <Field id="ends_at" label=tr!(ui, field_ends).to_owned() kind="datetime-local" value=value("ends_at", &page.ends_local) error=error("ends_at")/>
            </div>
            {choices("host", tr!(ui, field_hosts).to_owned(), &page.hosts)}
            <div class="form__row">
                <Field id="new_host_name" label=tr!(ui, field_new_host).to_owned() value=value("new_host_name", "") error=error("new_host_name") required=false max=80/>
                <Field id="new_host_title" label=tr!(ui, field_new_host_title).to_owned() value=value("new_host_title", "") error=error("new_host_title") required=false max=120/>
            </div>
            {choices("product", tr!(ui, field_featured).to_owned(), &page.products)}
            <details class="translations" open=submission.problems.iter().any(|p| p.field.contains('_') && (p.field.starts_with("title_") || p.field.starts_with("description_")))>
                <summary>{tr!(ui, translations_optional)}</summary>
                {translations}
            </details>
            <button type="submit" class="button button--primary">{tr!(ui, save)}</button>
        </form>
    });
    let manage = page.slug.clone().map(|slug| {
        let stream_href = href(locale, &format!("/streams/{slug}"));
        let cancel = editable.then(|| view! {
            <form method="post" action=action.clone() class="console-section">
                <input type="hidden" name="op" value="cancel"/>
                <p class="field__hint">{tr!(ui, cancel_stream_hint)}</p>
                <button type="submit" class="button button--danger">{tr!(ui, cancel_stream)}</button>
            </form>
        });
        let live_capable = matches!(page.state, StreamState::Scheduled | StreamState::Live | StreamState::Ended);
        let key_line = match &new_key {
            Some(key) => view! {
                <p class="notice notice--warning" role="alert">{tr!(ui, key_shown_once)}</p>
                <dl class="obs">
                    <dt>{tr!(ui, obs_server)}</dt><dd><code>{page.ingest_url.clone()}</code></dd>
                    <dt>{tr!(ui, obs_key)}</dt><dd><code class="obs__key" data-stream-key="">{format!("{slug}?key={key}")}</code></dd>
                </dl>
            }.into_any(),
            None => view! {
                <dl class="obs">
                    <dt>{tr!(ui, obs_server)}</dt><dd><code>{page.ingest_url.clone()}</code></dd>
                </dl>
                {page.has_key.then(|| view! { <p>{tr!(ui, key_exists)}</p> })}
            }.into_any(),
        };
        view! {
            <p>
                <StateBadge state=page.state/>" "<a href=stream_href>{tr!(ui, view_public_stream)}</a>
                {matches!(page.state, StreamState::Scheduled | StreamState::Live).then(|| view! {
                    " · "<a href=href(locale, &format!("/exhibitor/streams/{slug}/live"))>{tr!(ui, insights_control)}</a>
                })}
                {page.state.has_gone_live().then(|| view! {
                    " · "<a href=href(locale, &format!("/exhibitor/streams/{slug}/report"))>{tr!(ui, insights_open_report)}</a>
                })}
            </p>
            {cancel}
            {live_capable.then(|| view! {
                <section aria-labelledby="go-live-title" class="console-section">
                    <h2 id="go-live-title">{tr!(ui, go_live)}</h2>
                    <p class="field__hint">{tr!(ui, obs_hint)}</p>
                    {key_line}
                    <form method="post" action=action.clone()>
                        <input type="hidden" name="op" value="key"/>
                        <button type="submit" class="button button--primary">{tr!(ui, new_key)}</button>
                    </form>
                </section>
            })}
        }
    });
    view! {
        <Seo title=title.clone() description=page.booth_name.clone() path=None/>
        <main id="main" class="page console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
            </nav>
            <h1>{title}</h1>
            {manage}
            {form}
        </main>
    }
}
