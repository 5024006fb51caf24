//! `/{locale}/curator/meetings`: the council's buyer–seller meetings — per booth of its
//! halls, the hosts, free slots, meetings booked, held and cancelled (and how many with its
//! hosted buyers) — its hosted-buyer programme: each verified buyer with the booths
//! suggested to them and those a sending would add — and the meetings that asked the
//! council for a moderator, where a curator takes the seat.

use super::Suggested;
use crate::forms::{alert, use_submission};
use crate::i18n::{isolate, tr};
use crate::trade::meetings::api::get_council_meetings;
use crate::trade::meetings::model::{CouncilMeetings, HostedBuyer, ModerationAsk};
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CouncilMeetingsPage() -> impl IntoView {
    let data = locale_resource(get_council_meetings);
    view! { <Loaded resource=data render=move |page| view! { <Council page/> }/> }
}

#[component]
fn Buyer(buyer: HostedBuyer) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let heading = format!("buyer-{}", buyer.id);
    let who = if buyer.company.is_empty() {
        buyer.name.clone()
    } else {
        format!("{} · {}", isolate(&buyer.name), isolate(&buyer.company))
    };
    view! {
        <article class="card programme-buyer" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()><bdi>{who}</bdi></h3>
            {(!buyer.sent.is_empty()).then(|| view! {
                <h4>{tr!(ui, programme_sent)}</h4>
                <Suggested suggestions=buyer.sent.clone() book=false/>
            })}
            {if buyer.next.is_empty() {
                view! { <p class="notice">{tr!(ui, programme_no_matches)}</p> }.into_any()
            } else {
                view! {
                    <h4>{tr!(ui, programme_next)}</h4>
                    <Suggested suggestions=buyer.next.clone() book=false/>
                    <form method="post" action=href(locale, "/curator/meetings") class="inline-form">
                        <input type="hidden" name="op" value="suggest"/>
                        <input type="hidden" name="buyer" value=buyer.id.to_string()/>
                        <button type="submit" class="button button--primary button--small">
                            {tr!(ui, programme_send)}<span class="visually-hidden">": "{buyer.name.clone()}</span>
                        </button>
                    </form>
                }.into_any()
            }}
        </article>
    }
}

/// A meeting that asked the council for a moderator: take the seat, or open the room.
#[component]
fn Ask(ask: ModerationAsk) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let buyer = if ask.company.is_empty() {
        isolate(&ask.buyer_name)
    } else {
        format!("{} · {}", isolate(&ask.buyer_name), isolate(&ask.company))
    };
    let room = href(locale, &format!("/meetings/{}#room", ask.number));
    let seat = match (&ask.moderator, ask.mine) {
        (_, true) => view! {
            <a class="button button--primary button--small" href=room>{tr!(ui, council_moderation_open)}</a>
        }
        .into_any(),
        (Some(name), false) => view! {
            <span class="field__hint">{tr!(ui, council_moderation_taken, name = isolate(name))}</span>
        }
        .into_any(),
        (None, false) => view! {
            <form method="post" action=href(locale, "/curator/meetings") class="inline-form">
                <input type="hidden" name="op" value="moderate"/>
                <input type="hidden" name="meeting" value=ask.number.clone()/>
                <button type="submit" class="button button--primary button--small">
                    {tr!(ui, council_moderation_take)}<span class="visually-hidden">": "{ask.number.clone()}</span>
                </button>
            </form>
        }
        .into_any(),
    };
    view! {
        <li class="meeting-item meeting-item--booked">
            <p class="meeting-item__when"><time datetime=ask.at.clone()>{ask.when.clone()}</time>" · "<bdi>{ask.number.clone()}</bdi></p>
            <p class="meeting-item__with"><bdi>{format!("{} · {} — {}", isolate(&ask.host_name), isolate(&ask.booth_name), buyer)}</bdi></p>
            <p class="meeting-item__topic"><bdi>{ask.topic.clone()}</bdi></p>
            {seat}
        </li>
    }
}

#[component]
fn Council(page: CouncilMeetings) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let query = use_query_map();
    let sent = query.read_untracked().get("suggested");
    let rows = page
        .booths
        .into_iter()
        .map(|b| {
            view! {
                <tr>
                    <th scope="row"><a href=href(locale, &format!("/booths/{}", b.booth))><bdi>{b.booth_name}</bdi></a>
                        <span class="field__hint">" · "{b.hall_name}</span></th>
                    <td>{b.hosts}</td>
                    <td>{b.free_ahead}</td>
                    <td>{b.booked_ahead}</td>
                    <td>{b.held}</td>
                    <td>{b.cancelled}</td>
                    <td>{b.hosted}</td>
                </tr>
            }
        })
        .collect_view();
    let buyers = if page.buyers.is_empty() {
        view! { <p class="notice">{tr!(ui, programme_no_buyers)}</p> }.into_any()
    } else {
        page.buyers
            .into_iter()
            .map(|buyer| view! { <Buyer buyer/> })
            .collect_view()
            .into_any()
    };
    view! {
        <Seo title=tr!(ui, council_meetings_title).to_owned() description=tr!(ui, council_meetings_lead, council = page.council.clone()) path=None/>
        <main id="main" class="page console council-meetings">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, council_meetings_title)}</span>
            </nav>
            <h1>{tr!(ui, council_meetings_title)}</h1>
            <p>{tr!(ui, council_meetings_lead, council = isolate(&page.council))}</p>
            <FormAlert message=alert(locale, &submission, &[])/>
            {sent.map(|n| view! { <p class="notice" role="status">{tr!(ui, programme_sent_count, n = n)}</p> })}
            <section id="moderation" aria-labelledby="moderation-asks" class="console-section">
                <h2 id="moderation-asks">{tr!(ui, council_moderation_title)}</h2>
                {if page.moderation.is_empty() {
                    view! { <p class="notice">{tr!(ui, council_moderation_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="meeting-list" role="list">
                            {page.moderation.into_iter().map(|ask| view! { <Ask ask/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="booth-meetings" class="console-section">
                <h2 id="booth-meetings">{tr!(ui, council_meetings_booths)}</h2>
                <div class="table-scroll">
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr!(ui, meeting_booth)}</th>
                            <th scope="col">{tr!(ui, council_meetings_hosts)}</th>
                            <th scope="col">{tr!(ui, council_meetings_free)}</th>
                            <th scope="col">{tr!(ui, council_meetings_ahead)}</th>
                            <th scope="col">{tr!(ui, council_meetings_held)}</th>
                            <th scope="col">{tr!(ui, meetings_cancelled)}</th>
                            <th scope="col">{tr!(ui, council_meetings_hosted)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
            <section id="buyers" aria-labelledby="programme" class="console-section">
                <h2 id="programme">{tr!(ui, programme_title)}</h2>
                <p class="field__hint">{tr!(ui, programme_lead)}</p>
                {buyers}
            </section>
        </main>
    }
}
