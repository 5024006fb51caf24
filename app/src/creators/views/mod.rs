//! The creator pages: the directory, a creator's page, an agency's page, and the creator's
//! own profile form.

pub mod agency;
pub mod card;
pub mod directory;
pub mod form;
pub mod profile;

pub use agency::AgencyPage;
pub use directory::CreatorsPage;
pub use form::CreatorFormPage;
pub use profile::CreatorPage;

use crate::creators::model::CuratorView;
use crate::i18n::tr;
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::seo::Seo;
use leptos::prelude::*;

/// A creator's own page (collaborations, links, earnings) opened by someone with no creator
/// profile yet: what the page is for, a refusal that came back, and where to become one.
#[component]
pub fn NoProfile(title: &'static str, lead: String, alert: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <Seo title=title.to_owned() description=lead path=None/>
        <main id="main" class="page console">
            <h1>{title}</h1>
            <FormAlert message=alert/>
            <p>{tr!(ui, problem_collab_profile)}</p>
            <p><a class="button button--primary" href=href(locale, "/creator")>{tr!(ui, creators_become)}</a></p>
        </main>
    }
}

/// The way back from a creator's own page: their public page, their collaborations, here.
#[component]
pub fn CreatorCrumbs(slug: String, name: String, here: &'static str) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
            <a href=href(locale, &format!("/creators/{slug}"))><bdi>{name}</bdi></a>
            <span aria-hidden="true">" / "</span>
            <a href=href(locale, "/creator/collaborations")>{tr!(ui, collab_creator_list)}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{here}</span>
        </nav>
    }
}

/// A curator's form on a creator's or an agency's page: list it for their council, or
/// withdraw the council's listing. `action` is the page's own path + `/listing`.
#[component]
fn ListingForm(curator: CuratorView, action: String) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let (list, label) = if curator.listed {
        (
            "0",
            tr!(ui, creators_withdraw, council = curator.council.clone()),
        )
    } else {
        (
            "1",
            tr!(ui, creators_list, council = curator.council.clone()),
        )
    };
    view! {
        <form method="post" action=href(locale, &action) class="listing-form">
            <input type="hidden" name="list" value=list/>
            <button type="submit" class="button" data-testid="listing">{label}</button>
        </form>
    }
}

/// "Listed by Spices Board · vetted by Asha Nair on 1 December 2026" for each listing.
#[component]
fn Listings(listings: Vec<crate::creators::model::Listing>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    if listings.is_empty() {
        return view! { <p class="creator-muted">{tr!(ui, creators_not_listed)}</p> }.into_any();
    }
    view! {
        <ul class="listings" data-testid="listings">
            {listings.into_iter().map(|l| view! {
                <li>
                    <span class="verified-badge">{tr!(ui, creators_listed_by, council = l.council)}</span>
                    " "<span class="creator-muted">{tr!(ui, creators_vetted_on, curator = l.by, date = l.on)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
