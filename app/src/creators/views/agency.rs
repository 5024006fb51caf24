//! `/{locale}/agencies/{agency}`: an agency, the councils that list it, and its roster.

use super::card::CreatorCard;
use super::{ListingForm, Listings};
use crate::creators::api::get_agency;
use crate::creators::model::AgencyPage as Data;
use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn AgencyPage() -> impl IntoView {
    let data = slug_resource("agency", get_agency);
    view! { <Loaded resource=data render=move |page| view! { <Agency page/> }/> }
}

#[component]
fn Agency(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    // A refused follow or listing comes back here, with its status and why.
    let form_alert = alert(locale, &use_submission(), &[]);
    let path = format!("/agencies/{}", page.slug);
    view! {
        <Seo title=page.name.clone() description=page.about.clone() path=Some(path.clone())/>
        <main id="main">
            <header class="page-hero page-hero--creators">
                <div class="page-hero__inner">
                    <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                        <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                        <span aria-hidden="true">" / "</span>
                        <a href=href(locale, "/creators")>{tr!(ui, creators_title)}</a>
                        <span aria-hidden="true">" / "</span>
                        <span aria-current="page">{page.name.clone()}</span>
                    </nav>
                    <h1>{page.name.clone()}</h1>
                    <p class="page-hero__lead">{page.place.clone()}</p>
                </div>
            </header>
            <div class="page">
                <FormAlert message=form_alert/>
                <p class="prose">{page.about.clone()}</p>
                <section aria-labelledby="listings-title" id="listings">
                    <h2 id="listings-title">{tr!(ui, creators_listings)}</h2>
                    <Listings listings=page.listings/>
                    {page.curator.map(|curator| view! { <ListingForm curator action=format!("{path}/listing")/> })}
                </section>
                <section aria-labelledby="roster-title">
                    <h2 id="roster-title">{tr!(ui, creators_roster)}</h2>
                    <div class="creator-grid">
                        {page.roster.into_iter().map(|creator| view! { <CreatorCard creator/> }).collect_view()}
                    </div>
                </section>
            </div>
        </main>
    }
}
