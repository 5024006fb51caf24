//! Curation pages: the call for exhibitors, the curator's desk, an application under
//! review, a hall's layout and a booth's credentials. Every form posts to a plain endpoint
//! (`server/src/forms.rs`), so all of it works without JavaScript.

use crate::curation::api::{
    get_apply, get_curator_booth, get_curator_hall, get_curator_home, get_review,
};
use crate::curation::model::{
    Application, ApplyPage as ApplyData, CuratorBoothPage as BoothData,
    CuratorHallPage as HallData, CuratorHome as HomeData, LogEntry, QueueItem, Stage,
};
use crate::forms::use_submission;
use crate::i18n::{Locale, tr};
use crate::pavilion::model::{BoothCard, PlacedBooth, PlanSpot};
use crate::pavilion::views::floor_plan::FloorPlan;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
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
fn action_label(locale: Locale, action: &str) -> String {
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
fn StagePill(stage: Stage) -> impl IntoView {
    let class = format!("stage-pill stage-pill--{}", stage.code());
    view! { <span class=class>{stage_label(use_locale(), stage)}</span> }
}

#[component]
fn History(entries: Vec<LogEntry>) -> impl IntoView {
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

// ---------------------------------------------------------------- call for exhibitors

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
    let label = |key: &'static str| -> String { crate::curation::views::field_label(locale, key) };
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

// ---------------------------------------------------------------- the curator's desk

fn locale_resource<T, F, Fut>(fetch: F) -> Resource<Result<T, crate::error::AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, crate::error::AppError>> + Send + 'static,
{
    let locale = use_locale();
    Resource::new_blocking(move || locale.code().to_owned(), fetch)
}

#[component]
pub fn CuratorHomePage() -> impl IntoView {
    let data = locale_resource(get_curator_home);
    view! { <Loaded resource=data render=move |page| view! { <CuratorHome page/> }/> }
}

#[component]
fn Queue(items: Vec<QueueItem>, empty: &'static str) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    if items.is_empty() {
        return view! { <p class="notice">{empty}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <thead><tr>
                <th scope="col">{tr!(ui, field_company)}</th>
                <th scope="col">{tr!(ui, hall)}</th>
                <th scope="col">{tr!(ui, status)}</th>
                <th scope="col">{tr!(ui, updated)}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|item| view! {
                    <tr>
                        <th scope="row"><a href=href(locale, &format!("/curator/applications/{}", item.id))>{item.company_name}</a></th>
                        <td>{item.hall_name}</td>
                        <td><StagePill stage=item.stage/></td>
                        <td>{item.updated}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn CuratorHome(page: HomeData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <Seo title=tr!(ui, curator_console).to_owned() description=page.council.clone() path=None/>
        <main id="main" class="page console">
            <h1>{tr!(ui, curator_console)}</h1>
            {(!page.council.is_empty()).then(|| view! { <p class="page-hero__council">{page.council.clone()}</p> })}
            <section aria-labelledby="halls-title" class="console-section">
                <h2 id="halls-title">{tr!(ui, your_halls)}</h2>
                <ul class="console-halls">
                    {page.halls.into_iter().map(|h| {
                        let style = format!("--hall: {}", h.colour);
                        view! {
                            <li style=style>
                                <a href=href(locale, &format!("/curator/halls/{}", h.slug))>{h.name}</a>
                                <span>{tr!(ui, waiting_label)}": "<strong>{h.waiting}</strong></span>
                                <span>{tr!(ui, booths_label)}": "<strong>{h.booths}</strong></span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="queue-title" class="console-section">
                <h2 id="queue-title">{tr!(ui, review_queue)}</h2>
                <Queue items=page.waiting empty=tr!(ui, queue_empty)/>
            </section>
            <section aria-labelledby="recent-title" class="console-section">
                <h2 id="recent-title">{tr!(ui, recent_decisions)}</h2>
                <Queue items=page.recent empty=tr!(ui, queue_empty)/>
            </section>
        </main>
    }
}

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

// ---------------------------------------------------------------- a hall's layout

#[component]
pub fn CuratorHallPage() -> impl IntoView {
    let data = slug_resource("hall", get_curator_hall);
    view! { <Loaded resource=data render=move |page| view! { <CuratorHall page/> }/> }
}

#[component]
fn CuratorHall(page: HallData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let style = format!("--hall: {}", page.colour);
    let action = href(locale, &format!("/curator/halls/{}", page.slug));
    let alert = submission
        .refused()
        .then(|| tr!(ui, form_errors).to_owned());
    let preview: Vec<PlacedBooth> = page
        .booths
        .iter()
        .filter(|b| b.status == "published")
        .map(|b| PlacedBooth {
            booth: BoothCard {
                slug: b.slug.clone(),
                name: b.name.clone(),
                city: String::new(),
                region: String::new(),
                tagline: String::new(),
                brand_colour: page.colour.clone(),
                hall_slug: page.slug.clone(),
                hall_name: page.name.clone(),
                hall_colour: page.colour.clone(),
                badges: Vec::new(),
                product_count: 0,
                featured: b.featured,
                live_now: false,
            },
            spot: PlanSpot {
                x: b.x,
                y: b.y,
                w: b.w,
                h: b.h,
            },
        })
        .collect();
    let number = move |name: String, label: String, value: String, error: Option<String>| {
        let invalid = error.is_some();
        let error_id = format!("{name}-error");
        view! {
            <td class:field--error=invalid>
                <input type="number" min="0" max="999" name=name.clone() id=name.clone() value=value
                    aria-label=label aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then(|| error_id.clone())/>
                {error.map(|e| view! { <p class="field__error" id=error_id>{e}</p> })}
            </td>
        }
    };
    let rows = page
        .booths
        .iter()
        .map(|b| {
            let s = &b.slug;
            let v = |key: &str, stored: i64| submission.value_or(&format!("{key}_{s}"), stored.to_string());
            let featured = if submission.refused() {
                submission.value(&format!("featured_{s}")).is_some()
            } else {
                b.featured
            };
            let e = |key: &str| submission.error(locale, &format!("{key}_{s}"));
            let named = |what: &str| format!("{what} — {}", b.name);
            view! {
                <tr>
                    <th scope="row"><a href=href(locale, &format!("/curator/booths/{s}"))>{b.name.clone()}</a>
                        {(b.status != "published").then(|| view! { <span class="stage-pill stage-pill--rejected">{tr!(ui, unpublished)}</span> })}
                    </th>
                    {number(format!("position_{s}"), named(tr!(ui, plan_order)), v("position", b.position), e("position"))}
                    {number(format!("x_{s}"), named(tr!(ui, plan_column)), v("x", b.x + 1), e("x"))}
                    {number(format!("y_{s}"), named(tr!(ui, plan_row)), v("y", b.y + 1), e("y"))}
                    {number(format!("w_{s}"), named(tr!(ui, plan_width)), v("w", b.w), e("w"))}
                    {number(format!("h_{s}"), named(tr!(ui, plan_height)), v("h", b.h), e("h"))}
                    <td><input type="checkbox" name=format!("featured_{s}") checked=featured aria-label=named(tr!(ui, featured))/></td>
                </tr>
            }
        })
        .collect_view();
    let cols_error = submission.error(locale, "cols");
    let rows_error = submission.error(locale, "rows");
    view! {
        <Seo title=page.name.clone() description=tr!(ui, arrange_hall).to_owned() path=None/>
        <main id="main" class="page console" style=style>
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{page.name.clone()}</span>
            </nav>
            <h1>{page.name.clone()}</h1>
            <p>
                <a href=href(locale, &format!("/halls/{}", page.slug))>{tr!(ui, view_public_hall)}</a>" · "
                <a href=href(locale, &format!("/halls/{}/apply", page.slug))>{tr!(ui, call_for_exhibitors)}</a>
            </p>
            <section aria-labelledby="plan-title" class="console-section">
                <h2 id="plan-title">{tr!(ui, floor_plan)}</h2>
                <FloorPlan name=page.name.clone() cols=page.cols rows=page.rows booths=preview/>
            </section>
            <form class="form form--wide" method="post" action=action>
                <FormAlert message=alert/>
                <h2>{tr!(ui, arrange_hall)}</h2>
                <p class="field__hint">{tr!(ui, arrange_hint)}</p>
                <div class="form__row">
                    <Field id="cols" label=tr!(ui, plan_columns).to_owned() kind="number" value=submission.value_or("cols", page.cols.to_string()) error=cols_error/>
                    <Field id="rows" label=tr!(ui, plan_rows).to_owned() kind="number" value=submission.value_or("rows", page.rows.to_string()) error=rows_error/>
                </div>
                <div class="table-scroll">
                    <table class="data-table layout-table">
                        <thead><tr>
                            <th scope="col">{tr!(ui, booth)}</th>
                            <th scope="col">{tr!(ui, plan_order)}</th>
                            <th scope="col">{tr!(ui, plan_column)}</th>
                            <th scope="col">{tr!(ui, plan_row)}</th>
                            <th scope="col">{tr!(ui, plan_width)}</th>
                            <th scope="col">{tr!(ui, plan_height)}</th>
                            <th scope="col">{tr!(ui, featured)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <button type="submit" class="button button--primary">{tr!(ui, save_layout)}</button>
            </form>
        </main>
    }
}

// ---------------------------------------------------------------- a booth's credentials

#[component]
pub fn CuratorBoothPage() -> impl IntoView {
    let data = slug_resource("booth", get_curator_booth);
    view! { <Loaded resource=data render=move |page| view! { <CuratorBooth page/> }/> }
}

/// A one-button form that posts an action about this booth.
#[component]
fn ActionButton(
    action: String,
    op: &'static str,
    label: String,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] value: String,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let class = if danger {
        "button button--danger button--small"
    } else {
        "button button--ghost button--small"
    };
    view! {
        <form method="post" action=action class="inline-form">
            <input type="hidden" name="op" value=op/>
            {name.map(|n| view! { <input type="hidden" name=n value=value.clone()/> })}
            <button type="submit" class=class>{label}</button>
        </form>
    }
}

#[component]
fn CuratorBooth(page: BoothData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let alert = crate::forms::alert(locale, &submission, &[]);
    let action = href(locale, &format!("/curator/booths/{}", page.slug));
    let published = page.status == "published";
    let credentials = page
        .credentials
        .iter()
        .map(|c| {
            let state = if c.expired {
                view! { <span class="stage-pill stage-pill--rejected">{tr!(ui, expired)}</span> }.into_any()
            } else if c.verified {
                view! { <span class="stage-pill stage-pill--approved">{tr!(ui, verified)}</span> }.into_any()
            } else {
                view! { <span class="stage-pill stage-pill--submitted">{tr!(ui, unverified)}</span> }.into_any()
            };
            let button = if c.expired {
                None
            } else if c.verified {
                Some(view! { <ActionButton action=action.clone() op="unverify" name="badge" value=c.badge.clone() label=tr!(ui, action_unverify).to_owned()/> }.into_any())
            } else {
                Some(view! { <ActionButton action=action.clone() op="verify" name="badge" value=c.badge.clone() label=format!("{} — {}", tr!(ui, action_verify), c.label)/> }.into_any())
            };
            view! {
                <tr>
                    <th scope="row">{c.label.clone()}</th>
                    <td><bdi>{c.reference.clone()}</bdi></td>
                    <td>{c.expires.clone().map(|d| tr!(ui, valid_until, date = d)).unwrap_or_default()}</td>
                    <td>{state}</td>
                    <td>{button}</td>
                </tr>
            }
        })
        .collect_view();
    let members = page
        .members
        .iter()
        .map(|m| {
            let (op, label, danger) = if m.suspended {
                ("reinstate", tr!(ui, action_reinstate), false)
            } else {
                ("suspend", tr!(ui, action_suspend), true)
            };
            view! {
                <tr>
                    <th scope="row">{m.name.clone()}</th>
                    <td><bdi>{m.email.clone()}</bdi></td>
                    <td>{if m.role == "owner" { tr!(ui, role_owner) } else { tr!(ui, role_staff) }}</td>
                    <td><ActionButton action=action.clone() op=op name="user" value=m.id.to_string() label=format!("{label} — {}", m.name) danger=danger/></td>
                </tr>
            }
        })
        .collect_view();
    let products = page
        .products
        .iter()
        .map(|p| {
            let listed = p.status == "published";
            let toggle = match p.status.as_str() {
                "published" => Some(("unpublish", tr!(ui, action_unpublish), true)),
                "unpublished" => Some(("publish", tr!(ui, action_publish), false)),
                _ => None,
            };
            view! {
                <tr>
                    <th scope="row">{if listed {
                        view! { <a href=href(locale, &format!("/products/{}", p.slug))>{p.name.clone()}</a> }.into_any()
                    } else {
                        view! { <span>{p.name.clone()}</span> }.into_any()
                    }}</th>
                    <td>{product_status(locale, &p.status)}</td>
                    <td>{toggle.map(|(op, label, danger)| view! {
                        <ActionButton action=action.clone() op=op name="product" value=p.slug.clone() label=format!("{label} — {}", p.name) danger=danger/>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Seo title=page.name.clone() description=page.name.clone() path=None/>
        <main id="main" class="page console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=href(locale, &format!("/curator/halls/{}", page.hall_slug))>{page.hall_name.clone()}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{page.name.clone()}</span>
            </nav>
            <h1>{page.name.clone()}</h1>
            <FormAlert message=alert/>
            <div class="console-actions">
                {published.then(|| view! { <a class="button button--ghost button--small" href=href(locale, &format!("/booths/{}", page.slug))>{tr!(ui, view_public_booth)}</a> })}
                {if page.featured {
                    view! { <ActionButton action=action.clone() op="unfeature" label=tr!(ui, action_unfeature).to_owned()/> }
                } else {
                    view! { <ActionButton action=action.clone() op="feature" label=tr!(ui, action_feature).to_owned()/> }
                }}
                {if published {
                    view! { <ActionButton action=action.clone() op="unpublish" label=tr!(ui, action_unpublish).to_owned() danger=true/> }
                } else {
                    view! { <ActionButton action=action.clone() op="publish" label=tr!(ui, action_publish).to_owned()/> }
                }}
            </div>
            <section aria-labelledby="credentials-title" class="console-section">
                <h2 id="credentials-title">{tr!(ui, credentials)}</h2>
                <p class="field__hint">{tr!(ui, credentials_hint)}</p>
                <div class="table-scroll"><table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr!(ui, field_cert_kind)}</th>
                        <th scope="col">{tr!(ui, field_cert_number)}</th>
                        <th scope="col">{tr!(ui, field_cert_expires)}</th>
                        <th scope="col">{tr!(ui, status)}</th>
                        <th scope="col"><span class="visually-hidden">{tr!(ui, actions)}</span></th>
                    </tr></thead>
                    <tbody>{credentials}</tbody>
                </table></div>
            </section>
            <section aria-labelledby="members-title" class="console-section">
                <h2 id="members-title">{tr!(ui, team)}</h2>
                <div class="table-scroll"><table class="data-table"><tbody>{members}</tbody></table></div>
            </section>
            <section aria-labelledby="products-title" class="console-section">
                <h2 id="products-title">{tr!(ui, products)}</h2>
                <div class="table-scroll"><table class="data-table"><tbody>{products}</tbody></table></div>
            </section>
            {(!page.streams.is_empty()).then(|| view! {
                <section aria-labelledby="streams-title" class="console-section">
                    <h2 id="streams-title">{tr!(ui, console_streams)}</h2>
                    <ul class="console-streams">
                        {page.streams.iter().map(|s| {
                            let action = href(locale, &format!("/curator/booths/{}/streams/{}", page.slug, s.slug));
                            view! {
                                <li>
                                    <crate::ui::badge::StateBadge state=s.state/>" "
                                    {s.main_stage.then(|| view! { <span class="badge badge--stage">{tr!(ui, main_stage)}</span> })}" "
                                    <a href=href(locale, &format!("/streams/{}", s.slug))>{s.title.clone()}</a>
                                    " · "{s.when.clone()}" "
                                    <form method="post" class="inline-form" action=action>
                                        <input type="hidden" name="op" value=if s.main_stage { "release" } else { "hold" }/>
                                        <button type="submit" class="button button--small">
                                            {if s.main_stage { tr!(ui, release_main_stage) } else { tr!(ui, hold_main_stage) }}
                                        </button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <History entries=page.history.clone()/>
        </main>
    }
}

/// A product's status in the reader's words.
pub fn product_status(locale: Locale, status: &str) -> &'static str {
    let ui = locale.ui();
    match status {
        "published" => tr!(ui, status_published),
        "archived" => tr!(ui, status_archived),
        "draft" => tr!(ui, status_draft),
        _ => tr!(ui, unpublished),
    }
}
