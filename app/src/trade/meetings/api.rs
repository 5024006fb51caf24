//! Server functions for the meeting pages. Times are shown in the viewer's zone: `tz` when
//! asked (then remembered), else the zone cookie, else the expo's zone.

use super::model::{BookPage, CouncilMeetings, MeetingList, MeetingPage, TeamMeetings};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(input = GetUrl)]
pub async fn get_book_meeting(
    locale: Locale,
    booth: String,
    tz: String,
) -> Result<BookPage, AppError> {
    use crate::agenda::api::{viewer_zone, zone_choices};
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, unknown) = viewer_zone(&tz);
    let zones = zone_choices(&zone);
    super::store::book_page(
        &state.db,
        user.as_ref(),
        locale,
        &booth,
        (zone, unknown),
        zones,
        crate::state::now(),
    )
    .await
}

#[server(input = GetUrl)]
pub async fn get_my_meetings(locale: Locale, tz: String) -> Result<MeetingList, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, _) = crate::agenda::api::viewer_zone(&tz);
    super::store::my_meetings(&state.db, user.as_ref(), locale, zone, crate::state::now()).await
}

#[server(input = GetUrl)]
pub async fn get_meeting(
    locale: Locale,
    number: String,
    tz: String,
) -> Result<MeetingPage, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, _) = crate::agenda::api::viewer_zone(&tz);
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::store::meeting_page(
        &state.db,
        user.as_ref(),
        (locale, &pricing),
        &number,
        zone,
        state.meeting_rooms.ice(),
        crate::state::now(),
    )
    .await
}

#[server(input = GetUrl)]
pub async fn get_team_meetings(locale: Locale) -> Result<TeamMeetings, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, _) = crate::agenda::api::viewer_zone("");
    super::store::team_page(&state.db, user.as_ref(), locale, zone, crate::state::now()).await
}

#[server(input = GetUrl)]
pub async fn get_council_meetings(locale: Locale) -> Result<CouncilMeetings, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::programme::council_page(&state.db, user.as_ref(), locale, crate::state::now()).await
}
