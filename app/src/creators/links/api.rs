//! Server function for the links page.

use super::model::LinksPage;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// `/{locale}/creator/links`: the signed-in creator's links.
#[server(input = GetUrl)]
pub async fn get_links(locale: Locale) -> Result<LinksPage, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::page(
        &state.db,
        locale,
        user.as_ref(),
        &state.site.0,
        state.referral_days,
        crate::state::now(),
    )
    .await
}
