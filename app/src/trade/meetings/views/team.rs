//! `/{locale}/exhibitor/meetings`: a team member's weekly hours (in their own zone), the
//! slots they publish from them (a range of days, or one slot), and the whole team's slots
//! ahead with the meetings booked on them.

use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::trade::meetings::api::get_team_meetings;
use crate::trade::meetings::model::{
    HOURS_FIELDS, Hours, LENGTHS, PUBLISH_FIELDS, SLOT_FIELDS, TeamMeetings,
};
use crate::ui::form::{Field, FormAlert, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TeamMeetingsPage() -> impl IntoView {
    let data = locale_resource(get_team_meetings);
    view! { <Loaded resource=data render=move |page| view! { <Team page/> }/> }
}

#[component]
fn Team(page: TeamMeetings) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let op = submission.value("op").unwrap_or_default();
    let action = href(locale, "/exhibitor/meetings");
    let published = use_query_map()
        .read_untracked()
        .get("published")
        .and_then(|n| n.parse::<u32>().ok());
    let stored = page.hours.clone().unwrap_or(Hours {
        time_zone: page.zone.clone(),
        weekdays: vec![0, 1, 2, 3, 4],
        opens: "10:00".to_owned(),
        closes: "17:00".to_owned(),
        length: 30,
    });
    let refused = |form: &str| op == form && submission.refused();
    let hours_refused = refused("hours");
    let typed = submission.clone();
    let value = move |name: &str, stored: String| {
        if hours_refused {
            typed.value(name).unwrap_or_default()
        } else {
            stored
        }
    };
    let error = |form: &str, name: &str| {
        (op == form)
            .then(|| submission.error(locale, name))
            .flatten()
    };
    let zones: Vec<(String, String)> = page
        .zones
        .iter()
        .map(|z| (z.clone(), z.replace('_', " ")))
        .collect();
    let lengths: Vec<(String, String)> = LENGTHS
        .iter()
        .map(|m| {
            (
                m.to_string(),
                tr!(ui, meeting_minutes, minutes = m.to_string()),
            )
        })
        .collect();
    let weekdays = (0..7u8)
        .zip(page.weekday_names.clone())
        .map(|(d, name)| {
            let checked = stored.weekdays.contains(&d);
            view! {
                <label class="check">
                    <input type="checkbox" id=format!("weekday-{d}") name="weekday" value=d.to_string() checked=checked/>
                    " "{name}
                </label>
            }
        })
        .collect_view();
    let form_alert = match op.as_str() {
        "hours" => alert(locale, &submission, &HOURS_FIELDS),
        "publish" => alert(locale, &submission, &PUBLISH_FIELDS),
        "slot" => alert(locale, &submission, &SLOT_FIELDS),
        _ => alert(locale, &submission, &[]),
    };
    let has_hours = page.hours.is_some();
    let slots = if page.slots.is_empty() {
        view! { <p class="notice">{tr!(ui, meeting_no_team_slots)}</p> }.into_any()
    } else {
        view! {
            <table class="table meeting-slots">
                <caption class="visually-hidden">{tr!(ui, meeting_team_slots)}</caption>
                <thead><tr>
                    <th scope="col">{tr!(ui, meeting_when)}</th>
                    <th scope="col">{tr!(ui, meeting_host)}</th>
                    <th scope="col">{tr!(ui, meeting_booked_by)}</th>
                    <th scope="col"><span class="visually-hidden">{tr!(ui, meeting_actions)}</span></th>
                </tr></thead>
                <tbody>
                    {page.slots.iter().map(|slot| {
                        // A meeting's page is its two parties': colleagues read who booked.
                        let mine = slot.mine;
                        let booked = slot.meeting.clone().map(|(number, buyer)| if mine {
                            view! { <a href=href(locale, &format!("/meetings/{number}"))><bdi>{buyer}</bdi></a> }.into_any()
                        } else {
                            view! { <bdi>{buyer}</bdi> }.into_any()
                        });
                        let free = booked.is_none();
                        view! {
                            <tr>
                                <td>{slot.when.clone()}" · "{tr!(ui, meeting_minutes, minutes = slot.minutes.to_string())}</td>
                                <td><bdi>{slot.host.clone()}</bdi></td>
                                <td>{booked.unwrap_or_else(|| view! { <span class="field__hint">{tr!(ui, meeting_free)}</span> }.into_any())}</td>
                                <td>{(free && slot.mine).then(|| view! {
                                    <form method="post" action=action.clone() class="inline-form">
                                        <input type="hidden" name="op" value="remove"/>
                                        <input type="hidden" name="slot" value=slot.id.to_string()/>
                                        <button type="submit" class="button button--ghost button--small"
                                            aria-label=tr!(ui, meeting_remove_slot_at, when = slot.when.clone())>{tr!(ui, meeting_remove_slot)}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, meeting_team_title).to_owned() description=page.booth_name.clone() path=None/>
        <main id="main" class="page console meetings-team">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, meeting_team_title)}</span>
            </nav>
            <h1>{tr!(ui, meeting_team_title)}</h1>
            <p class="page-hero__council"><strong>{page.booth_name.clone()}</strong>" · "{tr!(ui, meeting_team_lead)}</p>
            <p>
                <a href=href(locale, &format!("/booths/{}/meetings", page.booth))>{tr!(ui, meeting_see_booking)}</a>
                " · "<a href=href(locale, "/meetings")>{tr!(ui, meetings_title)}</a>
            </p>
            <FormAlert message=form_alert/>
            {published.map(|n| view! { <p class="notice notice--success" role="status">{tr!(ui, meeting_published, count = n.to_string())}</p> })}
            <section aria-labelledby="hours-title" class="console-section">
                <h2 id="hours-title">{tr!(ui, meeting_hours_title)}</h2>
                <p class="field__hint">{tr!(ui, meeting_hours_hint)}</p>
                <form method="post" action=action.clone() class="form form--wide" novalidate>
                    <input type="hidden" name="op" value="hours"/>
                    <Select id="time_zone" label=tr!(ui, your_zone).to_owned() options=zones selected=value("time_zone", stored.time_zone.clone()) error=error("hours", "time_zone")/>
                    <fieldset class="form__group" aria-describedby=error("hours", "weekdays").map(|_| "weekdays-error")>
                        <legend>{tr!(ui, meeting_weekdays)}</legend>
                        <div class="check-row">{weekdays}</div>
                        {error("hours", "weekdays").map(|e| view! { <p class="field__error" id="weekdays-error">{e}</p> })}
                    </fieldset>
                    <div class="form__row">
                        <Field id="opens" label=tr!(ui, meeting_opens).to_owned() kind="time" value=value("opens", stored.opens.clone()) error=error("hours", "opens")/>
                        <Field id="closes" label=tr!(ui, meeting_closes).to_owned() kind="time" value=value("closes", stored.closes.clone()) error=error("hours", "closes")/>
                        <Select id="length" label=tr!(ui, meeting_length).to_owned() options=lengths selected=value("length", stored.length.to_string()) error=error("hours", "length")/>
                    </div>
                    <button type="submit" class="button button--primary">{tr!(ui, meeting_hours_save)}</button>
                </form>
            </section>
            {has_hours.then(|| view! {
                <section aria-labelledby="publish-title" class="console-section">
                    <h2 id="publish-title">{tr!(ui, meeting_publish_title)}</h2>
                    <form method="post" action=action.clone() class="form form--wide" novalidate>
                        <input type="hidden" name="op" value="publish"/>
                        <div class="form__row">
                            <Field id="from" label=tr!(ui, meeting_from).to_owned() kind="date" value=submission.value("from").unwrap_or_else(|| page.today.clone()) error=error("publish", "from")/>
                            <Field id="to" label=tr!(ui, meeting_to).to_owned() kind="date" value=submission.value("to").unwrap_or_default()
                                hint=Some(tr!(ui, meeting_to_hint, date = page.last_day.clone())) error=error("publish", "to")/>
                        </div>
                        <button type="submit" class="button button--primary">{tr!(ui, meeting_publish)}</button>
                    </form>
                    <form method="post" action=action.clone() class="form form--wide" novalidate>
                        <input type="hidden" name="op" value="slot"/>
                        <Field id="starts" label=tr!(ui, meeting_one_slot).to_owned() kind="datetime-local" value=submission.value("starts").unwrap_or_default()
                            hint=Some(tr!(ui, meeting_one_slot_hint).to_owned()) error=error("slot", "starts")/>
                        <button type="submit" class="button button--outline">{tr!(ui, meeting_add_slot)}</button>
                    </form>
                </section>
            })}
            <section aria-labelledby="slots" class="console-section">
                <h2 id="slots">{tr!(ui, meeting_team_slots)}</h2>
                {slots}
            </section>
        </main>
    }
}
