//! A booth's credentials: badges, featuring, moderation and its streams.

use super::History;
use crate::curation::api::get_curator_booth;
use crate::curation::model::CuratorBoothPage as BoothData;
use crate::forms::use_submission;
use crate::i18n::tr;
use crate::pavilion::views::product_status;
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

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
                                    <crate::agenda::views::state_badge::StateBadge state=s.state/>" "
                                    {s.main_stage.then(|| view! { <span class="badge badge--stage">{tr!(ui, main_stage)}</span> })}" "
                                    <a href=href(locale, &format!("/streams/{}", s.slug))>{s.title.clone()}</a>
                                    " · "{s.when.clone()}" "
                                    {s.state.has_gone_live().then(|| view! {
                                        <a href=href(locale, &format!("/exhibitor/streams/{}/report", s.slug))>{tr!(ui, insights_open_report)}</a>" "
                                    })}
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
