//! Server functions for account pages.

use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Whether a password-reset link can still be used; an unknown link is not found.
#[server(input = GetUrl)]
pub async fn get_reset(_locale: Locale, token: String) -> Result<bool, AppError> {
    let state = crate::state::AppState::current()?;
    let now = crate::state::now();
    crate::accounts::passwords::reset_usable(&state.db, &token, now).await
}

/// Whether an email-verification link can still be used; an unknown link is not found.
#[server(input = GetUrl)]
pub async fn get_verification(_locale: Locale, token: String) -> Result<bool, AppError> {
    let state = crate::state::AppState::current()?;
    let now = crate::state::now();
    crate::accounts::verification::link_usable(&state.db, &token, now).await
}
