//! Server functions for account pages.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Whether a password-reset link can still be used; an unknown link is not found.
#[server(input = GetUrl)]
pub async fn get_reset(locale: String, token: String) -> Result<bool, AppError> {
    crate::i18n::Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let state = crate::state::AppState::current()?;
    let now = crate::state::now();
    Ok(crate::accounts::passwords::reset_usable(&state.db, &token, now).await?)
}
