//! The meeting pages: a booth's free slots and the booking form, a person's meetings, one
//! meeting (its room, change, cancel, calendar entry), and the team member's hours and
//! slots. Plain forms: everything but the video call works without JavaScript.

mod book;
#[cfg(feature = "hydrate")]
mod call;
mod council;
mod mine;
mod room;
mod team;

pub use book::BookMeetingPage;
pub use council::CouncilMeetingsPage;
pub use mine::{MeetingPage, MeetingsPage};
pub use team::TeamMeetingsPage;

use super::model::{Meeting, MeetingState, SlotDay, Suggestion};
use crate::i18n::{Locale, isolate, tr};
use crate::ui::layout::href;
use leptos::prelude::*;

pub fn state_label(locale: Locale, state: MeetingState) -> &'static str {
    let ui = locale.ui();
    match state {
        MeetingState::Booked => tr!(ui, meeting_state_booked),
        MeetingState::Past => tr!(ui, meeting_state_past),
        MeetingState::Cancelled => tr!(ui, meeting_state_cancelled),
    }
}

/// Both parties of a meeting, as its moderator reads them: host · booth — buyer.
fn both_parties(meeting: &Meeting) -> String {
    format!(
        "{} · {} — {}",
        isolate(&meeting.host_name),
        isolate(&meeting.booth_name),
        isolate(&meeting.buyer_name)
    )
}

/// One meeting in a list: when, with whom, about what.
#[component]
fn MeetingItem(meeting: Meeting) -> impl IntoView {
    let locale = crate::ui::layout::use_locale();
    let ui = locale.ui();
    let with = if meeting.as_moderator {
        both_parties(&meeting)
    } else if meeting.as_buyer {
        tr!(
            ui,
            meeting_with_host,
            host = isolate(&meeting.host_name),
            booth = isolate(&meeting.booth_name)
        )
    } else if meeting.company.is_empty() {
        meeting.buyer_name.clone()
    } else {
        format!(
            "{} · {}",
            isolate(&meeting.buyer_name),
            isolate(&meeting.company)
        )
    };
    view! {
        <li class=format!("meeting-item meeting-item--{}", meeting.state.code())>
            <p class="meeting-item__when">
                <time datetime=meeting.at.clone()>{meeting.when.clone()}</time>
                " – "{meeting.until.clone()}
            </p>
            <p class="meeting-item__with">
                <span class=format!("stage-pill meeting-state meeting-state--{}", meeting.state.code())>{state_label(locale, meeting.state)}</span>
                " "<a href=href(locale, &format!("/meetings/{}", meeting.number))><bdi>{with}</bdi></a>
            </p>
            <p class="meeting-item__topic"><bdi>{meeting.topic.clone()}</bdi></p>
        </li>
    }
}

/// Free slots by day, each a radio button naming the host and the host's own clock.
#[component]
fn SlotPicker(
    days: Vec<SlotDay>,
    legend: String,
    /// A problem with the choice, shown above the picker as `#slot-error`.
    #[prop(optional)]
    invalid: bool,
) -> impl IntoView {
    let locale = crate::ui::layout::use_locale();
    let ui = locale.ui();
    view! {
        <fieldset class="slot-picker" aria-describedby=invalid.then_some("slot-error") aria-invalid=invalid.then_some("true")>
            <legend>{legend}</legend>
            {days.into_iter().map(|day| view! {
                <fieldset class="slot-day">
                    <legend class="slot-day__label">{day.label.clone()}</legend>
                    <ul class="slot-day__slots" role="list">
                        {day.slots.into_iter().map(|slot| {
                            let id = format!("slot-{}", slot.id);
                            view! {
                                <li>
                                    <input type="radio" name="slot" id=id.clone() value=slot.id.to_string() required=true/>
                                    <label for=id class="slot">
                                        <time class="slot__time" datetime=slot.at.clone()>{slot.time.clone()}</time>
                                        <span class="slot__meta">{tr!(ui, meeting_minutes, minutes = slot.minutes.to_string())}" · "<bdi>{slot.host.clone()}</bdi></span>
                                        <span class="slot__host-time">{tr!(ui, meeting_their_time, time = slot.host_time.clone())}</span>
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </fieldset>
            }).collect_view()}
        </fieldset>
    }
}

/// Booths a council suggests a buyer meet, each with why (and, for the buyer, its booking
/// page).
#[component]
fn Suggested(suggestions: Vec<Suggestion>, book: bool) -> impl IntoView {
    let locale = crate::ui::layout::use_locale();
    let ui = locale.ui();
    view! {
        <ul class="suggestions">
            {suggestions.into_iter().map(|s| {
                let to = href(locale, &format!("/booths/{}/meetings", s.booth));
                view! {
                    <li class="suggestion">
                        <strong><bdi>{s.booth_name.clone()}</bdi></strong>
                        <span class="field__hint">" · "{s.hall_name.clone()}
                            {book.then(|| view! { " · "{tr!(ui, programme_by, council = isolate(&s.council))} })}</span>
                        <span class="suggestion__why">{s.reasons.join(" · ")}</span>
                        {if s.booked {
                            view! { <span class="stage-pill meeting-state meeting-state--booked">{tr!(ui, meeting_state_booked)}</span> }.into_any()
                        } else if book {
                            view! { <a class="button button--outline button--small" href=to>{tr!(ui, meeting_book_short)}<span class="visually-hidden">": "{s.booth_name.clone()}</span></a> }.into_any()
                        } else {
                            ().into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
