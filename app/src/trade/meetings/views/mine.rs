//! `/{locale}/meetings`: a person's meetings (ahead, over, cancelled), as buyer, as the
//! booth's team member who hosts them, and as a council's moderator;
//! `/{locale}/meetings/{meeting}`: one meeting for its two parties (and its moderator), with
//! both clocks, the other party's address, the calendar entry, the council moderator of a
//! hosted buyer's meeting (asked for, or withdrawn, by either party), a change to another
//! slot (the buyer) and cancellation (either party).

use super::room::MeetingRoom;
use super::{MeetingItem, SlotPicker, Suggested, both_parties, state_label};
use crate::agenda::views::agenda::ZoneSync;
use crate::forms::{alert, use_submission};
use crate::i18n::{isolate, tr};
use crate::trade::meetings::api::{get_meeting, get_my_meetings};
use crate::trade::meetings::model::{
    Meeting, MeetingList, MeetingPage as Data, MeetingState, Moderation,
};
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_query_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || (locale, query.read().get("tz").unwrap_or_default()),
        |(locale, tz)| get_my_meetings(locale, tz),
    );
    view! { <Loaded resource=data render=move |list| view! { <List list/> }/> }
}

#[component]
fn Group(id: &'static str, title: String, meetings: Vec<Meeting>, empty: String) -> impl IntoView {
    view! {
        <section aria-labelledby=id class="console-section meeting-group">
            <h2 id=id>{title}</h2>
            {if meetings.is_empty() {
                view! { <p class="notice">{empty}</p> }.into_any()
            } else {
                view! { <ol class="meeting-list">{meetings.into_iter().map(|meeting| view! { <MeetingItem meeting/> }).collect_view()}</ol> }.into_any()
            }}
        </section>
    }
}

#[component]
fn List(list: MeetingList) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <Seo title=tr!(ui, meetings_title).to_owned() description=tr!(ui, meetings_lead).to_owned() path=None/>
        <main id="main" class="page console meetings">
            <header class="page-hero">
                <h1>{tr!(ui, meetings_title)}</h1>
                <p class="page-hero__lead">{tr!(ui, meetings_lead)}" "{tr!(ui, meeting_times_in, zone = list.zone.replace('_', " "))}</p>
            </header>
            <ZoneSync zone=list.zone.clone()/>
            {list.booth_name.clone().map(|name| view! {
                <p><a class="button button--outline" href=href(locale, "/exhibitor/meetings")>{tr!(ui, meeting_team_link, booth = isolate(&name))}</a></p>
            })}
            {(!list.suggested.is_empty()).then(|| view! {
                <section aria-labelledby="suggested" class="console-section meeting-group">
                    <h2 id="suggested">{tr!(ui, meetings_suggested)}</h2>
                    <p class="field__hint">{tr!(ui, meetings_suggested_lead)}</p>
                    <Suggested suggestions=list.suggested.clone() book=true/>
                </section>
            })}
            <Group id="upcoming" title=tr!(ui, meetings_upcoming).to_owned() meetings=list.upcoming empty=tr!(ui, meetings_none_upcoming).to_owned()/>
            <Group id="past" title=tr!(ui, meetings_past).to_owned() meetings=list.past empty=tr!(ui, meetings_none).to_owned()/>
            {(!list.cancelled.is_empty()).then(|| view! {
                <Group id="cancelled" title=tr!(ui, meetings_cancelled).to_owned() meetings=list.cancelled empty=String::new()/>
            })}
        </main>
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let data = slug_query_resource("meeting", "tz", get_meeting);
    view! { <Loaded resource=data render=move |page| view! { <One page/> }/> }
}

#[component]
fn One(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let meeting = page.meeting.clone();
    let number = meeting.number.clone();
    let action = href(locale, &format!("/meetings/{number}"));
    let error = |name: &str| submission.error(locale, name);
    let (other_label, other_name) = if meeting.as_moderator {
        (tr!(ui, meeting_parties), both_parties(&meeting))
    } else if meeting.as_buyer {
        (
            tr!(ui, meeting_host),
            format!(
                "{} · {}",
                isolate(&meeting.host_name),
                isolate(&meeting.booth_name)
            ),
        )
    } else if meeting.company.is_empty() {
        (tr!(ui, meeting_buyer), meeting.buyer_name.clone())
    } else {
        (
            tr!(ui, meeting_buyer),
            format!(
                "{} · {}",
                isolate(&meeting.buyer_name),
                isolate(&meeting.company)
            ),
        )
    };
    let change = (!page.moves.is_empty()).then(|| view! {
        <section aria-labelledby="change-title" class="console-section">
            <h2 id="change-title">{tr!(ui, meeting_change)}</h2>
            <form method="post" action=action.clone() class="form form--wide" novalidate>
                <input type="hidden" name="op" value="change"/>
                {error("slot").map(|e| view! { <p class="field__error" id="slot-error" role="alert">{e}</p> })}
                <SlotPicker days=page.moves.clone() invalid=error("slot").is_some() legend=tr!(ui, meeting_pick_slot, zone = page.zone.replace('_', " "))/>
                <button type="submit" class="button button--primary">{tr!(ui, meeting_change_button)}</button>
            </form>
        </section>
    });
    let cancel = page.may_cancel.then(|| view! {
        <section aria-labelledby="cancel-title" class="console-section">
            <h2 id="cancel-title">{tr!(ui, meeting_cancel)}</h2>
            <form method="post" action=action.clone() class="form" novalidate>
                <input type="hidden" name="op" value="cancel"/>
                <Field id="reason" label=tr!(ui, meeting_reason).to_owned() value=submission.value("reason").unwrap_or_default()
                    error=error("reason") required=false max=500 lines=2/>
                <button type="submit" class="button button--danger">{tr!(ui, meeting_cancel_button)}</button>
            </form>
        </section>
    });
    let cancelled = (meeting.state == MeetingState::Cancelled).then(|| view! {
        <p class="notice notice--warning">
            {tr!(ui, meeting_cancelled_by, name = isolate(&page.cancelled_by.clone().unwrap_or_default()))}
            {(!page.reason.is_empty()).then(|| view! { " "<q><bdi>{page.reason.clone()}</bdi></q> })}
        </p>
    });
    view! {
        <Seo title=tr!(ui, meeting_title, number = number.clone()) description=meeting.topic.clone() path=None/>
        <main id="main" class="page console meeting">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/meetings")>{tr!(ui, meetings_title)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page"><bdi>{number.clone()}</bdi></span>
            </nav>
            <h1><bdi>{meeting.topic.clone()}</bdi></h1>
            <p><span class=format!("stage-pill meeting-state meeting-state--{}", meeting.state.code())>{state_label(locale, meeting.state)}</span>
                " · "<bdi>{number.clone()}</bdi></p>
            <ZoneSync zone=page.zone.clone()/>
            <FormAlert message=alert(locale, &submission, &["slot", "reason"])/>
            {cancelled}
            <dl class="facts meeting-facts">
                <dt>{tr!(ui, meeting_when)}</dt>
                <dd><time datetime=meeting.at.clone()>{meeting.when.clone()}</time>" – "{meeting.until.clone()}
                    " ("{tr!(ui, meeting_minutes, minutes = meeting.minutes.to_string())}")"</dd>
                <dt>{tr!(ui, meeting_their_clock)}</dt>
                <dd>{meeting.other_when.clone()}</dd>
                <dt>{other_label}</dt>
                <dd><bdi>{other_name}</bdi>
                    {page.contact.clone().map(|email| view! { " · "<a href=format!("mailto:{email}")>{email.clone()}</a> })}</dd>
                <dt>{tr!(ui, meeting_booth)}</dt>
                <dd><a href=href(locale, &format!("/booths/{}", meeting.booth))><bdi>{meeting.booth_name.clone()}</bdi></a></dd>
            </dl>
            {(!page.moderating).then(|| view! {
                <p><a class="button button--outline" href=href(locale, &format!("/meetings/{number}/invite.ics")) download="">{tr!(ui, meeting_calendar)}</a></p>
            })}
            {page.moderation.clone().map(|moderation| view! { <Moderator moderation action=action.clone() number=number.clone() booked=meeting.state == MeetingState::Booked/> })}
            <section id="room" aria-labelledby="room-title" class="console-section meeting-room">
                <h2 id="room-title">{tr!(ui, meeting_room_title)}</h2>
                <p>{if page.room.open && page.moderation.as_ref().is_some_and(|m| m.moderator.is_some()) {
                    tr!(ui, meeting_room_lead_moderated, names = names(&page.room.peers))
                } else if page.room.open {
                    tr!(ui, meeting_room_lead, name = names(&page.room.peers))
                } else {
                    tr!(ui, meeting_room_closed).to_owned()
                }}</p>
                <MeetingRoom number=number.clone() room=page.room.clone() locale/>
            </section>
            {change}
            {cancel}
        </main>
    }
}

/// Everyone else in the room, by name.
fn names(peers: &[(i64, String)]) -> String {
    peers
        .iter()
        .map(|(_, name)| isolate(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The council moderator of a hosted buyer's meeting: who holds the seat, and the party's
/// request for one (or its withdrawal), or the moderator's own way out of the seat.
#[component]
fn Moderator(
    moderation: Moderation,
    action: String,
    number: String,
    /// Not over, not cancelled: the seat may still be left.
    booked: bool,
) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let council = isolate(&moderation.council);
    let standing = if moderation.mine {
        tr!(ui, moderation_you, council = council.clone())
    } else if let Some(name) = &moderation.moderator {
        tr!(
            ui,
            moderation_seated,
            name = isolate(name),
            council = council.clone()
        )
    } else if moderation.asked {
        tr!(ui, moderation_asked, council = council.clone())
    } else {
        tr!(ui, moderation_lead, council = council.clone())
    };
    let button = if moderation.mine && booked {
        Some(view! {
            <form method="post" action=href(locale, "/curator/meetings") class="inline-form">
                <input type="hidden" name="op" value="release"/>
                <input type="hidden" name="meeting" value=number/>
                <button type="submit" class="button button--outline">{tr!(ui, moderation_release)}</button>
            </form>
        }.into_any())
    } else if moderation.may_ask {
        let (op, label, class) = if moderation.asked {
            (
                "withdraw",
                tr!(ui, moderation_withdraw).to_owned(),
                "button button--outline",
            )
        } else {
            (
                "moderator",
                tr!(ui, moderation_ask, council = council.clone()),
                "button button--primary",
            )
        };
        Some(
            view! {
                <form method="post" action=action class="inline-form">
                    <input type="hidden" name="op" value=op/>
                    <button type="submit" class=class>{label}</button>
                </form>
            }
            .into_any(),
        )
    } else {
        None
    };
    view! {
        <section id="moderation" aria-labelledby="moderation-title" class="console-section meeting-moderation">
            <h2 id="moderation-title">{tr!(ui, moderation_title)}</h2>
            <p role="status">{standing}</p>
            {button}
        </section>
    }
}
