//! Server function for the creator's statement.

use super::model::Statement;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// `/{locale}/creator/earnings`: the signed-in creator's statement.
#[server(input = GetUrl)]
pub async fn get_statement(locale: Locale) -> Result<Statement, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::statement(&state.db, locale, user.as_ref(), crate::state::now()).await
}
