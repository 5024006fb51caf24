//! `/{locale}/collaborations/{id}`: one collaboration as both sides see it. The version
//! awaiting the reader's answer comes with accept and decline; their own with withdraw; the
//! terms form proposes a counter or a change; every version stays in the history.

use super::{StatePill, TermsCard, TermsFields};
use crate::creators::collaborations::api::get_collaboration;
use crate::creators::collaborations::model::{Kind, Page, Side, TERMS_FIELDS};
use crate::forms::{alert, use_submission};
use crate::i18n::{number, tr};
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CollaborationPage() -> impl IntoView {
    let data = slug_resource("id", get_collaboration);
    view! { <Loaded resource=data render=move |page| view! { <Collaboration page/> }/> }
}

/// A button that answers the version awaiting an answer.
#[component]
fn AnswerButton(
    path: String,
    version: i64,
    answer: &'static str,
    label: String,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form method="post" action=href(locale, &format!("{path}/answer"))>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="answer" value=answer/>
            <button type="submit" class=class data-testid=answer>{label}</button>
        </form>
    }
}

#[component]
fn Collaboration(page: Page) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let form_alert = alert(locale, &submission, &TERMS_FIELDS);
    let path = format!("/collaborations/{}", page.id);
    let offer = page.kind == Kind::Open && page.creator.is_none();
    let (booth_slug, booth_name) = page.booth.clone();
    let title = match &page.creator {
        Some((_, name, _)) => tr!(
            ui,
            collab_title_with,
            booth = booth_name.clone(),
            creator = name.clone()
        ),
        None => tr!(ui, collab_title_offer, booth = booth_name.clone()),
    };
    let back = match page.side {
        Side::Exhibitor => ("/exhibitor/collaborations", tr!(ui, collab_booth_list)),
        Side::Creator => ("/creator/collaborations", tr!(ui, collab_creator_list)),
    };
    let latest = page.history.first().map_or(0, |t| t.version);
    let actions = page.pending.map(|version| {
        if page.awaiting_you {
            view! {
                <section class="collab-answer" aria-labelledby="answer-title" data-testid="awaiting-you">
                    <h2 id="answer-title">{tr!(ui, collab_awaiting_you, version = number(locale, version))}</h2>
                    <p>{tr!(ui, collab_answer_hint)}</p>
                    <div class="button-row">
                        <AnswerButton path=path.clone() version answer="accept" label=tr!(ui, collab_accept).to_owned() class="button button--primary"/>
                        <AnswerButton path=path.clone() version answer="decline" label=tr!(ui, collab_decline).to_owned()/>
                    </div>
                </section>
            }
            .into_any()
        } else {
            let label = if offer { tr!(ui, collab_close_offer) } else { tr!(ui, collab_withdraw) };
            view! {
                <section class="collab-answer" aria-labelledby="answer-title">
                    <h2 id="answer-title">{
                        if offer { tr!(ui, collab_offer_open).to_owned() } else { tr!(ui, collab_awaiting_them, version = number(locale, version)) }
                    }</h2>
                    <AnswerButton path=path.clone() version answer="withdraw" label=label.to_owned()/>
                </section>
            }
            .into_any()
        }
    });
    let propose_title = if page.agreed.is_some() {
        tr!(ui, collab_propose_change)
    } else {
        tr!(ui, collab_counter)
    };
    let form = page.form.map(|form| view! {
        <section aria-labelledby="propose-title" class="console-section">
            <h2 id="propose-title">{propose_title}</h2>
            <p class="field__hint">{tr!(ui, collab_propose_hint)}</p>
            <form method="post" action=href(locale, &path) class="form form--wide" novalidate data-testid="propose">
                <input type="hidden" name="version" value=latest/>
                <TermsFields form kind=page.kind submission=submission.clone()/>
                <button type="submit" class="button button--primary">{tr!(ui, collab_send_terms)}</button>
            </form>
        </section>
    });
    let agreed = page.agreed;
    view! {
        <Seo title=title.clone() description=tr!(ui, collab_lead).to_owned() path=None/>
        <main id="main" class="page console collab-page">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, back.0)>{back.1}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{title.clone()}</span>
            </nav>
            <header class="collab-head">
                {page.creator.clone().map(|(_, name, portrait)| view! {
                    <img class="creator-card__portrait" src=portrait alt=tr!(ui, creators_portrait_of, name = name) width="96" height="96"/>
                })}
                <div>
                    <h1>{title}</h1>
                    <p>
                        <StatePill state=page.state pending=page.pending.is_some() && !offer offer/>
                        " "
                        <a href=href(locale, &format!("/booths/{booth_slug}"))><bdi>{booth_name}</bdi></a>
                        {page.creator.clone().map(|(slug, name, _)| view! {
                            " · "<a href=href(locale, &format!("/creators/{slug}"))><bdi>{name}</bdi></a>
                        })}
                    </p>
                </div>
            </header>
            <FormAlert message=form_alert/>
            {actions}
            {offer.then(|| view! {
                <section aria-labelledby="joined-title">
                    <h2 id="joined-title">{tr!(ui, collab_joined_count, count = number(locale, page.joined.len() as i64))}</h2>
                    <ul class="collab-joined" data-testid="joined">
                        {page.joined.into_iter().map(|(slug, name)| view! {
                            <li><a href=href(locale, &format!("/creators/{slug}"))><bdi>{name}</bdi></a></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section aria-labelledby="history-title" id="history">
                <h2 id="history-title">{tr!(ui, collab_history)}</h2>
                <div class="terms-list">
                    {page.history.into_iter().map(|terms| {
                        let in_force = agreed == Some(terms.version);
                        view! { <TermsCard terms in_force/> }
                    }).collect_view()}
                </div>
            </section>
            {form}
        </main>
    }
}
