//! The exhibitor console: the booth at a glance with its profile form, products and team;
//! a product's form with its pictures; and the page an invitation link opens.

use crate::agenda::views::state_badge::StateBadge;
use crate::exhibitor::api::{get_exhibitor_home, get_invitation, get_product_form};
use crate::exhibitor::model::{ExhibitorHome as HomeData, Invitation, PRODUCT_FIELDS, ProductForm};
use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::pavilion::views::product_status;
use crate::trade::form::TERMS_FIELDS;
use crate::trade::views::TermsFields;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn ExhibitorHomePage() -> impl IntoView {
    let _locale = use_locale();
    let data = locale_resource(get_exhibitor_home);
    view! { <Loaded resource=data render=move |page| view! { <ExhibitorHome page/> }/> }
}

const PROFILE_FIELDS: [&str; 5] = ["tagline", "description", "city", "region", "brand_colour"];

#[component]
fn ExhibitorHome(page: HomeData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    // Which of the page's two forms was refused decides where the problems show.
    let inviting = submission.value("email").is_some();
    let profile_alert = (!inviting)
        .then(|| alert(locale, &submission, &PROFILE_FIELDS))
        .flatten();
    let value = |name: &str, stored: &str| {
        if inviting {
            stored.to_owned()
        } else {
            submission.value_or(name, stored)
        }
    };
    let error = |name: &str| submission.error(locale, name);
    let products = if page.products.is_empty() {
        view! { <p class="notice">{tr!(ui, no_products_yet)}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll"><table class="data-table">
                <thead><tr>
                    <th scope="col">{tr!(ui, products)}</th>
                    <th scope="col">{tr!(ui, field_price)}</th>
                    <th scope="col">{tr!(ui, field_stock)}</th>
                    <th scope="col">{tr!(ui, status)}</th>
                </tr></thead>
                <tbody>
                    {page.products.iter().map(|p| view! {
                        <tr>
                            <th scope="row"><a href=href(locale, &format!("/exhibitor/products/{}", p.slug))>{p.name.clone()}</a></th>
                            <td><bdi>"₹ "{p.price.clone()}</bdi></td>
                            <td>{p.stock}</td>
                            <td>{product_status(locale, &p.status)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        }
        .into_any()
    };
    let streams = if page.streams.is_empty() {
        view! { <p class="notice">{tr!(ui, no_streams_yet)}</p> }.into_any()
    } else {
        view! {
            <ul class="console-streams">
                {page.streams.iter().map(|s| view! {
                    <li>
                        <StateBadge state=s.state/>" "
                        <a href=href(locale, &format!("/exhibitor/streams/{}", s.slug))>{s.title.clone()}</a>
                        " · "<span>{s.when.clone()}</span>
                        {(s.state == crate::agenda::model::StreamState::Live).then(|| view! {
                            " · "<a href=href(locale, &format!("/exhibitor/streams/{}/live", s.slug))>{tr!(ui, insights_control)}</a>
                        })}
                        {s.state.has_gone_live().then(|| view! {
                            " · "<a href=href(locale, &format!("/exhibitor/streams/{}/report", s.slug))>{tr!(ui, insights_open_report)}</a>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let invite_error = inviting.then(|| error("email")).flatten();
    let team = page
        .team
        .iter()
        .map(|m| {
            let role = if m.role == "owner" { tr!(ui, role_owner) } else { tr!(ui, role_staff) };
            view! { <li><strong>{m.name.clone()}</strong>" · "<bdi>{m.email.clone()}</bdi>" · "{role}</li> }
        })
        .collect_view();
    let invited = page
        .invited
        .iter()
        .map(
            |email| view! { <li><bdi>{email.clone()}</bdi>" · "{tr!(ui, invitation_pending)}</li> },
        )
        .collect_view();
    view! {
        <Seo title=tr!(ui, exhibitor_console).to_owned() description=page.booth_name.clone() path=None/>
        <main id="main" class="page console">
            <h1>{tr!(ui, exhibitor_console)}</h1>
            <p class="page-hero__council">
                <strong>{page.booth_name.clone()}</strong>" · "{page.hall_name.clone()}" · "{product_status(locale, &page.status)}" · "
                <a href=href(locale, &format!("/booths/{}", page.booth_slug))>{tr!(ui, view_public_booth)}</a>
            </p>
            <p class="button-row">
                <a class="button button--outline" href=href(locale, "/exhibitor/leads")>{tr!(ui, leads_title)}</a>" "
                <a class="button button--outline" href=href(locale, "/exhibitor/rfqs")>{tr!(ui, booth_rfqs_title)}</a>" "
                <a class="button button--outline" href=href(locale, "/exhibitor/meetings")>{tr!(ui, exhibitor_meetings_link)}</a>
                <a class="button button--outline" href=href(locale, "/exhibitor/insights")>{tr!(ui, insights_overview_title)}</a>
                <a class="button button--outline" href=href(locale, "/exhibitor/collaborations")>{tr!(ui, collab_booth_list)}</a>
            </p>
            <section aria-labelledby="products-title" class="console-section">
                <h2 id="products-title">{tr!(ui, products)}</h2>
                <p><a class="button button--primary" href=href(locale, "/exhibitor/new-product")>{tr!(ui, add_product)}</a></p>
                {products}
            </section>
            <section aria-labelledby="streams-title" class="console-section">
                <h2 id="streams-title">{tr!(ui, console_streams)}</h2>
                <p><a class="button button--primary" href=href(locale, "/exhibitor/new-stream")>{tr!(ui, schedule_stream)}</a></p>
                {streams}
            </section>
            <section aria-labelledby="profile-title" class="console-section">
                <h2 id="profile-title">{tr!(ui, booth_profile)}</h2>
                <form class="form form--wide" method="post" action=href(locale, "/exhibitor")>
                    <FormAlert message=profile_alert/>
                    <input type="hidden" name="op" value="profile"/>
                    <Field id="tagline" label=tr!(ui, field_tagline).to_owned() value=value("tagline", &page.tagline) error=error("tagline") max=140/>
                    <Field id="description" label=tr!(ui, field_description).to_owned() value=value("description", &page.description) error=error("description") max=2000 lines=5/>
                    <div class="form__row">
                        <Field id="city" label=tr!(ui, field_city).to_owned() value=value("city", &page.city) error=error("city") max=80/>
                        <Field id="region" label=tr!(ui, field_region).to_owned() value=value("region", &page.region) error=error("region") max=80/>
                        <Field id="brand_colour" label=tr!(ui, field_colour).to_owned() kind="color" value=value("brand_colour", &page.brand_colour) error=error("brand_colour")/>
                    </div>
                    <button type="submit" class="button button--primary">{tr!(ui, save)}</button>
                </form>
            </section>
            <section aria-labelledby="team-title" class="console-section">
                <h2 id="team-title">{tr!(ui, team)}</h2>
                <ul class="history">{team}{invited}</ul>
                {page.owner.then(|| view! {
                    <form class="form" method="post" action=href(locale, "/exhibitor/staff")>
                        <FormAlert message=inviting.then(|| alert(locale, &submission, &["email"])).flatten()/>
                        <Field id="email" label=tr!(ui, invite_email).to_owned() kind="email" autocomplete="off"
                            value=submission.value("email").unwrap_or_default() hint=Some(tr!(ui, invite_hint).to_owned()) error=invite_error.clone()/>
                        <button type="submit" class="button button--primary">{tr!(ui, invite_button)}</button>
                    </form>
                })}
            </section>
            <div class="console-section"><crate::checkout::views::OrderList exhibitor=true/></div>
        </main>
    }
}

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let data = slug_resource("product", get_product_form);
    view! { <Loaded resource=data render=move |page| view! { <ProductEdit page/> }/> }
}

#[component]
fn ProductEdit(page: ProductForm) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let uploading = submission.value("image").is_some();
    let all_fields = [&PRODUCT_FIELDS[..], &TERMS_FIELDS[..]].concat();
    let form_alert = (!uploading)
        .then(|| alert(locale, &submission, &all_fields))
        .flatten();
    let stored = |name: &str| page.value(name).to_owned();
    let value = |name: &str| {
        if uploading {
            stored(name)
        } else {
            submission.value_or(name, stored(name))
        }
    };
    let terms_value = {
        let (page, submission) = (page.clone(), submission.clone());
        Callback::new(move |name: &'static str| {
            let stored = page.value(name).to_owned();
            if uploading {
                stored
            } else {
                submission.value_or(name, stored)
            }
        })
    };
    let error = |name: &str| submission.error(locale, name);
    let (title, action) = match &page.slug {
        Some(slug) => (
            page.value("name").to_owned(),
            href(locale, &format!("/exhibitor/products/{slug}")),
        ),
        None => (
            tr!(ui, add_product).to_owned(),
            href(locale, "/exhibitor/new-product"),
        ),
    };
    let status_controls = page.slug.clone().map(|slug| {
        let archive = match page.status.as_str() {
            "published" => Some(("archive", tr!(ui, archive))),
            "archived" => Some(("restore", tr!(ui, restore))),
            _ => None,
        };
        let upload_error = uploading.then(|| error("image")).flatten();
        let upload_alert = uploading.then(|| alert(locale, &submission, &["image"])).flatten();
        view! {
            <div class="console-actions">
                {(page.status == "published").then(|| view! {
                    <a class="button button--ghost button--small" href=href(locale, &format!("/products/{slug}"))>{tr!(ui, view_public_product)}</a>
                })}
                {archive.map(|(op, label)| view! {
                    <form method="post" action=action.clone() class="inline-form">
                        <input type="hidden" name="op" value=op/>
                        <button type="submit" class="button button--ghost button--small">{label}</button>
                    </form>
                })}
            </div>
            <section aria-labelledby="pictures-title" class="console-section">
                <h2 id="pictures-title">{tr!(ui, pictures)}</h2>
                <ul class="picture-strip">
                    {page.images.iter().map(|i| view! { <li><img src=i.src.clone() alt=i.alt.clone() width="160" height="120" loading="lazy"/></li> }).collect_view()}
                </ul>
                <form class="form" method="post" enctype="multipart/form-data" action=format!("{action}/images")>
                    <FormAlert message=upload_alert/>
                    <div class="field" class:field--error=upload_error.is_some()>
                        <label for="image">{tr!(ui, upload_picture)}</label>
                        <p class="field__hint" id="image-hint">{tr!(ui, upload_hint)}</p>
                        <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" required
                            aria-describedby=if upload_error.is_some() { "image-error" } else { "image-hint" }
                            aria-invalid=upload_error.is_some().then_some("true")/>
                        {upload_error.clone().map(|e| view! { <p class="field__error" id="image-error">{e}</p> })}
                    </div>
                    <button type="submit" class="button button--primary">{tr!(ui, upload_button)}</button>
                </form>
            </section>
        }
    });
    view! {
        <Seo title=title.clone() description=page.booth_name.clone() path=None/>
        <main id="main" class="page page--narrow console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title.clone()}</span>
            </nav>
            <h1>{title}" "{page.slug.is_some().then(|| view! { <span class="stage-pill">{product_status(locale, &page.status)}</span> })}</h1>
            {status_controls}
            <form class="form form--wide" method="post" action=action.clone() novalidate>
                <FormAlert message=form_alert/>
                <input type="hidden" name="op" value="save"/>
                <Field id="name" label=tr!(ui, field_product_name).to_owned() value=value("name") error=error("name") max=120/>
                <div class="form__row">
                    <Field id="category" label=tr!(ui, field_category).to_owned() value=value("category") error=error("category") max=60/>
                    <Field id="unit" label=tr!(ui, field_unit).to_owned() value=value("unit") hint=Some(tr!(ui, hint_unit).to_owned()) error=error("unit") max=40/>
                </div>
                <Field id="summary" label=tr!(ui, field_summary).to_owned() value=value("summary") error=error("summary") max=200/>
                <Field id="description" label=tr!(ui, field_description).to_owned() value=value("description") error=error("description") max=4000 lines=6/>
                <div class="form__row">
                    <Field id="price" label=tr!(ui, field_price_inr).to_owned() value=value("price") hint=Some(tr!(ui, hint_price).to_owned()) error=error("price") max=16/>
                    <Field id="stock" label=tr!(ui, field_stock).to_owned() kind="number" value=value("stock") error=error("stock")/>
                </div>
                <div class="form__row">
                    <Field id="moq" label=tr!(ui, field_moq).to_owned() kind="number" value=value("moq") error=error("moq")/>
                    <Field id="max_per_order" label=tr!(ui, field_max_per_order).to_owned() kind="number" value=value("max_per_order") error=error("max_per_order")/>
                </div>
                <div class="form__row">
                    <Field id="hs_code" label=tr!(ui, field_hs_code).to_owned() value=value("hs_code") hint=Some(tr!(ui, hint_hs_code).to_owned()) error=error("hs_code") max=12/>
                    <Field id="origin" label=tr!(ui, field_origin).to_owned() value=value("origin") error=error("origin") max=80/>
                    <Field id="weight_grams" label=tr!(ui, field_weight).to_owned() kind="number" value=value("weight_grams") error=error("weight_grams")/>
                </div>
                <TermsFields locale value=terms_value submission=submission.clone()/>
                <button type="submit" class="button button--primary">{tr!(ui, save)}</button>
            </form>
        </main>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let data = slug_resource("token", get_invitation);
    view! { <Loaded resource=data render=move |page| view! { <InvitationView invitation=page/> }/> }
}

#[component]
fn InvitationView(invitation: Invitation) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let problem = alert(locale, &submission, &[]);
    let body = if !invitation.usable {
        view! { <p class="notice">{tr!(ui, invitation_used)}</p> }.into_any()
    } else if !invitation.signed_in {
        view! {
            <p class="notice">{tr!(ui, invitation_sign_in, email = invitation.email.clone())}</p>
            <p><a class="button button--primary" href=href(locale, "/account/signin")>{tr!(ui, signin_title)}</a></p>
        }
        .into_any()
    } else if !invitation.for_reader {
        view! { <p class="notice">{tr!(ui, invitation_other_address, email = invitation.email.clone())}</p> }.into_any()
    } else {
        view! {
            <form class="form" method="post">
                <FormAlert message=problem/>
                <button type="submit" class="button button--primary">{tr!(ui, invitation_join, booth = invitation.booth_name.clone())}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, invitation_title).to_owned() description=invitation.booth_name.clone() path=None/>
        <main id="main" class="page page--narrow console">
            <h1>{tr!(ui, invitation_title)}</h1>
            <p>{tr!(ui, invitation_lead, booth = invitation.booth_name.clone())}</p>
            {body}
        </main>
    }
}
