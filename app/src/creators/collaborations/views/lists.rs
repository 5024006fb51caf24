//! `/{locale}/exhibitor/collaborations` (the booth's invitations, agreements and open
//! offers, with a form for a new offer) and `/{locale}/creator/collaborations` (the
//! creator's, and the open offers they may join).

use super::{SummaryTable, TermsFields};
use crate::creators::collaborations::api::{get_booth_collaborations, get_creator_collaborations};
use crate::creators::collaborations::model::{BoothList, CreatorList, Kind, TERMS_FIELDS};
use crate::creators::statements::views::SumTable;
use crate::creators::views::NoProfile;
use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn BoothCollaborationsPage() -> impl IntoView {
    let data = locale_resource(get_booth_collaborations);
    view! { <Loaded resource=data render=move |list| view! { <BoothCollaborations list/> }/> }
}

#[component]
fn BoothCollaborations(list: BoothList) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let form_alert = alert(locale, &submission, &TERMS_FIELDS);
    let title = tr!(ui, collab_booth_list);
    view! {
        <Seo title=title.to_owned() description=tr!(ui, collab_lead).to_owned() path=None/>
        <main id="main" class="page console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")><bdi>{list.booth.clone()}</bdi></a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title}</span>
            </nav>
            <h1>{title}</h1>
            <p>{tr!(ui, collab_lead)}</p>
            <p><a class="button button--light" href=href(locale, "/creators?vetted=1")>{tr!(ui, collab_find_creator)}</a></p>
            <section aria-labelledby="collabs-title" class="console-section">
                <h2 id="collabs-title">{tr!(ui, collab_with_creators)}</h2>
                {if list.collaborations.is_empty() {
                    view! { <p class="creator-muted">{tr!(ui, collab_none_booth)}</p> }.into_any()
                } else {
                    view! { <SummaryTable rows=list.collaborations caption=tr!(ui, collab_with_creators).to_owned() creator_side=false/> }.into_any()
                }}
            </section>
            <section aria-labelledby="owed-title" class="console-section" id="owed">
                <h2 id="owed-title">{tr!(ui, earnings_owed)}</h2>
                <p class="field__hint">{tr!(ui, earnings_owed_hint, days = crate::i18n::number(locale, crate::creators::statements::RETURN_DAYS))}</p>
                {if list.owed.is_empty() {
                    view! { <p class="creator-muted">{tr!(ui, earnings_none_owed)}</p> }.into_any()
                } else {
                    view! { <SumTable sums=list.owed caption=tr!(ui, earnings_owed).to_owned() name=tr!(ui, collab_creator).to_owned()/> }.into_any()
                }}
            </section>
            <section aria-labelledby="offers-title" class="console-section" id="offers">
                <h2 id="offers-title">{tr!(ui, collab_offers)}</h2>
                <p class="field__hint">{tr!(ui, collab_offers_hint)}</p>
                {(!list.offers.is_empty()).then(|| view! {
                    <SummaryTable rows=list.offers caption=tr!(ui, collab_offers).to_owned() creator_side=false/>
                })}
                <h3>{tr!(ui, collab_new_offer)}</h3>
                <FormAlert message=form_alert/>
                <form method="post" action=href(locale, "/exhibitor/collaborations") class="form form--wide" novalidate data-testid="offer-form">
                    <TermsFields form=list.form kind=Kind::Open submission=submission.clone()/>
                    <button type="submit" class="button button--primary">{tr!(ui, collab_publish_offer)}</button>
                </form>
            </section>
        </main>
    }
}

#[component]
pub fn CreatorCollaborationsPage() -> impl IntoView {
    let data = locale_resource(get_creator_collaborations);
    view! { <Loaded resource=data render=move |list| view! { <CreatorCollaborations list/> }/> }
}

#[component]
fn CreatorCollaborations(list: CreatorList) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    // A refused join comes back here, with its status and why.
    let form_alert = alert(locale, &use_submission(), &[]);
    let title = tr!(ui, collab_creator_list);
    let listed = list.listed;
    let Some((slug, name)) = list.creator.clone() else {
        // Not a creator yet: what this page is for, and where to become one.
        return view! {
            <NoProfile title lead=tr!(ui, collab_creator_lead).to_owned() alert=form_alert/>
        }
        .into_any();
    };
    view! {
        <Seo title=title.to_owned() description=tr!(ui, collab_creator_lead).to_owned() path=None/>
        <main id="main" class="page console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, &format!("/creators/{slug}"))><bdi>{name}</bdi></a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title}</span>
            </nav>
            <h1>{title}</h1>
            <p>{tr!(ui, collab_creator_lead)}</p>
            <p class="button-row">
                <a class="button button--light" href=href(locale, "/creator/links")>{tr!(ui, links_title)}</a>
                " "<a class="button button--light" href=href(locale, "/creator/earnings")>{tr!(ui, earnings_title)}</a>
            </p>
            <FormAlert message=form_alert/>
            <section aria-labelledby="collabs-title" class="console-section">
                <h2 id="collabs-title">{tr!(ui, collab_with_booths)}</h2>
                {if list.collaborations.is_empty() {
                    view! { <p class="creator-muted">{tr!(ui, collab_none_creator)}</p> }.into_any()
                } else {
                    view! { <SummaryTable rows=list.collaborations caption=tr!(ui, collab_with_booths).to_owned() creator_side=true/> }.into_any()
                }}
            </section>
            <section aria-labelledby="offers-title" class="console-section" id="offers">
                <h2 id="offers-title">{tr!(ui, collab_offers_to_join)}</h2>
                {(!listed).then(|| view! { <p class="fallback-note">{tr!(ui, collab_listed_only)}</p> })}
                {if list.offers.is_empty() {
                    view! { <p class="creator-muted">{tr!(ui, collab_no_offers)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="offer-list" data-testid="offers">
                            {list.offers.into_iter().map(|o| {
                                let (booth_slug, booth_name) = o.booth.clone();
                                view! {
                                    <li class="offer card" data-testid="offer">
                                        <h3 id=format!("offer-{}", o.id)><a href=href(locale, &format!("/booths/{booth_slug}"))><bdi>{booth_name}</bdi></a></h3>
                                        <p class="offer__terms"><strong>{o.commission}</strong>" · "{o.period}</p>
                                        <ul class="offer__products" aria-label=tr!(ui, collab_products)>{o.products.into_iter().map(|(slug, name)| view! {
                                            <li><a href=href(locale, &format!("/products/{slug}"))><bdi>{name}</bdi></a></li>
                                        }).collect_view()}</ul>
                                        {match o.joined {
                                            Some(id) => view! {
                                                <a class="button button--light" href=href(locale, &format!("/collaborations/{id}"))>{tr!(ui, collab_joined)}</a>
                                            }.into_any(),
                                            None if listed => view! {
                                                <form method="post" action=href(locale, &format!("/collaborations/{}/join", o.id))>
                                                    <button type="submit" class="button button--primary" data-testid="join"
                                                        aria-describedby=format!("offer-{}", o.id)>{tr!(ui, collab_join)}</button>
                                                </form>
                                            }.into_any(),
                                            None => ().into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </main>
    }
    .into_any()
}
