//! `/{locale}/booths/{booth}/meetings`: the booth's team members who meet buyers, their
//! hours, and every free slot of the coming weeks in the viewer's zone (the host's own clock
//! beside each); a signed-in buyer picks one and says what the meeting is about.

use super::SlotPicker;
use crate::agenda::views::agenda::ZoneSync;
use crate::forms::{alert, use_submission};
use crate::i18n::{isolate, tr};
use crate::trade::meetings::api::get_book_meeting;
use crate::trade::meetings::model::{BOOK_FIELDS, BookPage};
use crate::ui::form::{Field, FormAlert, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_query_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn BookMeetingPage() -> impl IntoView {
    let data = slug_query_resource("booth", "tz", get_book_meeting);
    view! { <Loaded resource=data render=move |page| view! { <Book page/> }/> }
}

#[component]
fn Book(page: BookPage) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let booth_href = href(locale, &format!("/booths/{}", page.booth));
    let action = href(locale, &format!("/booths/{}/meetings", page.booth));
    let zones: Vec<(String, String)> = page
        .zones
        .iter()
        .map(|z| (z.clone(), z.replace('_', " ")))
        .collect();
    let notice = page.unknown_zone.clone().map(|asked| {
        view! {
            <p class="notice notice--warning" role="alert">
                {tr!(ui, unknown_zone, zone = asked, fallback = page.zone.clone())}
            </p>
        }
    });
    let hosts = page.hosts.iter().map(|h| view! {
        <li><strong><bdi>{h.name.clone()}</bdi></strong>" · "{h.hours.clone()}" ("{h.zone.replace('_', " ")}")"</li>
    }).collect_view();
    let form = if page.own_booth {
        view! {
            <p class="notice">{tr!(ui, meeting_own_booth)}</p>
            <SlotList days=page.days.clone()/>
        }
        .into_any()
    } else if page.days.is_empty() {
        view! { <p class="notice">{tr!(ui, meeting_no_slots)}</p> }.into_any()
    } else if !page.signed_in {
        view! {
            <p class="notice">
                {tr!(ui, meeting_sign_in)}" "
                <a class="button button--primary" href=href(locale, "/account/signin")>{tr!(ui, signin_title)}</a>
            </p>
            <SlotList days=page.days.clone()/>
        }
        .into_any()
    } else {
        let error = |name: &str| submission.error(locale, name);
        view! {
            <form method="post" action=action class="form form--wide meeting-form" novalidate>
                <input type="hidden" name="tz" value=page.zone.clone()/>
                {error("slot").map(|e| view! { <p class="field__error" id="slot-error" role="alert">{e}</p> })}
                <SlotPicker days=page.days.clone() invalid=error("slot").is_some() legend=tr!(ui, meeting_pick_slot, zone = page.zone.replace('_', " "))/>
                <Field id="topic" label=tr!(ui, meeting_topic).to_owned() hint=Some(tr!(ui, meeting_topic_hint).to_owned())
                    value=submission.value("topic").unwrap_or_default() error=error("topic") max=500 lines=3/>
                <p class="field__hint">{tr!(ui, meeting_shares_contact)}</p>
                <button type="submit" class="button button--primary">{tr!(ui, meeting_book)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, meeting_book_title, booth = page.booth_name.clone()) description=tr!(ui, meeting_book_lead).to_owned() path=None/>
        <main id="main" class="page meetings-book">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=booth_href><bdi>{page.booth_name.clone()}</bdi></a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, meeting_book_short)}</span>
            </nav>
            <header class="page-hero">
                <h1>{tr!(ui, meeting_book_title, booth = isolate(&page.booth_name))}</h1>
                <p class="page-hero__lead">{tr!(ui, meeting_book_lead)}</p>
            </header>
            {notice}
            <form class="filters" method="get" action=href(locale, &format!("/booths/{}/meetings", page.booth))>
                <Select id="tz" label=tr!(ui, your_zone).to_owned() options=zones selected=page.zone.clone()/>
                <button type="submit" class="button button--outline">{tr!(ui, filter_show)}</button>
            </form>
            <ZoneSync zone=page.zone.clone()/>
            {(!page.hosts.is_empty()).then(|| view! {
                <section aria-labelledby="hosts-title" class="meeting-hosts">
                    <h2 id="hosts-title">{tr!(ui, meeting_hosts)}</h2>
                    <ul>{hosts}</ul>
                </section>
            })}
            <FormAlert message=alert(locale, &submission, &BOOK_FIELDS)/>
            {form}
        </main>
    }
}

/// The free slots, read only (for a visitor who has not signed in yet).
#[component]
fn SlotList(days: Vec<crate::trade::meetings::model::SlotDay>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    days.into_iter()
        .map(|day| {
            view! {
                <div class="slot-day">
                    <p class="slot-day__label">{day.label.clone()}</p>
                    <ul class="slot-day__slots" role="list">
                        {day.slots.into_iter().map(|slot| view! {
                            <li class="slot slot--plain">
                                <time class="slot__time" datetime=slot.at.clone()>{slot.time.clone()}</time>
                                <span class="slot__meta">{tr!(ui, meeting_minutes, minutes = slot.minutes.to_string())}" · "<bdi>{slot.host.clone()}</bdi></span>
                                <span class="slot__host-time">{tr!(ui, meeting_their_time, time = slot.host_time.clone())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
        .collect_view()
}
