//! `/{locale}/exhibitor/invite/{creator}`: the booth's team invites a creator, with terms
//! filled from the creator's rate card.

use super::TermsFields;
use crate::creators::collaborations::api::get_invite;
use crate::creators::collaborations::model::{Invite, Kind, TERMS_FIELDS};
use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn InvitePage() -> impl IntoView {
    let data = slug_resource("creator", get_invite);
    view! { <Loaded resource=data render=move |invite| view! { <InviteForm invite/> }/> }
}

#[component]
fn InviteForm(invite: Invite) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let form_alert = alert(locale, &submission, &TERMS_FIELDS);
    let (slug, name, portrait) = invite.creator.clone();
    let title = tr!(ui, collab_invite_title, creator = name.clone());
    let rate = [invite.fee.clone(), invite.commission.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <Seo title=title.clone() description=tr!(ui, collab_lead).to_owned() path=None/>
        <main id="main" class="page console">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor/collaborations")>{tr!(ui, collab_booth_list)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title.clone()}</span>
            </nav>
            <header class="collab-head">
                <img class="creator-card__portrait" src=portrait alt=tr!(ui, creators_portrait_of, name = name.clone()) width="96" height="96"/>
                <div>
                    <h1>{title}</h1>
                    <p><a href=href(locale, &format!("/creators/{slug}"))><bdi>{name}</bdi></a>" · "<bdi>{invite.headline}</bdi></p>
                    {(!rate.is_empty()).then(|| view! { <p class="creator-muted">{tr!(ui, collab_rate_card, rate = rate)}</p> })}
                </div>
            </header>
            <p>{tr!(ui, collab_invite_hint)}</p>
            <FormAlert message=form_alert/>
            <form method="post" action=href(locale, &format!("/exhibitor/invite/{slug}")) class="form form--wide" novalidate data-testid="invite-form">
                <TermsFields form=invite.form kind=Kind::Target submission=submission.clone()/>
                <button type="submit" class="button button--primary">{tr!(ui, collab_send_invite)}</button>
            </form>
        </main>
    }
}
