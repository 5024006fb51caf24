//! Server functions for the collaboration pages.

use super::model::{BoothList, CreatorList, Invite, Page};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// `/{locale}/collaborations/{id}`, for either side.
#[server(input = GetUrl)]
pub async fn get_collaboration(locale: Locale, id: String) -> Result<Page, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    super::store::page(&state.db, locale, user.as_ref(), id, crate::state::now()).await
}

#[server(input = GetUrl)]
pub async fn get_booth_collaborations(locale: Locale) -> Result<BoothList, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::booth_list(&state.db, locale, user.as_ref(), crate::state::now()).await
}

#[server(input = GetUrl)]
pub async fn get_creator_collaborations(locale: Locale) -> Result<CreatorList, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::creator_list(&state.db, locale, user.as_ref(), crate::state::now()).await
}

#[server(input = GetUrl)]
pub async fn get_invite(locale: Locale, creator: String) -> Result<Invite, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::invite_form(
        &state.db,
        locale,
        user.as_ref(),
        &creator,
        crate::state::now(),
    )
    .await
}
