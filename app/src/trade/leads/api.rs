//! Server functions for the leads console and the buyer's shared contacts.

use super::model::{LeadsPage, Share};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The booth's leads; `status` and `kind` filter them (empty for all; anything else is a 400).
#[server(input = GetUrl)]
pub async fn get_leads(
    locale: Locale,
    status: String,
    kind: String,
) -> Result<LeadsPage, AppError> {
    use super::model::{ActivityKind, LeadStatus};
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let status = match status.trim() {
        "" => None,
        raw => {
            Some(LeadStatus::parse(raw).ok_or_else(|| AppError::bad_request("status", "choice"))?)
        }
    };
    let kind = match kind.trim() {
        "" => None,
        raw => {
            Some(ActivityKind::parse(raw).ok_or_else(|| AppError::bad_request("kind", "choice"))?)
        }
    };
    super::store::leads(
        &state.db,
        user.as_ref(),
        locale,
        status,
        kind,
        crate::state::now(),
    )
    .await
}

#[server(input = GetUrl)]
pub async fn get_shares(locale: Locale) -> Result<Vec<Share>, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::shares(&state.db, user.as_ref(), locale).await
}
