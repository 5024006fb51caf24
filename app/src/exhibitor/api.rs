//! Server functions for the exhibitor console's pages.

use crate::error::AppError;
use crate::exhibitor::model::{ExhibitorHome, Invitation, ProductForm};
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
fn context() -> Result<(crate::state::AppState, Option<crate::accounts::store::User>), AppError> {
    Ok((
        crate::state::AppState::current()?,
        crate::accounts::store::current_user(),
    ))
}

#[server(input = GetUrl)]
pub async fn get_exhibitor_home(locale: Locale) -> Result<ExhibitorHome, AppError> {
    let (state, user) = context()?;
    crate::exhibitor::store::home(&state.db, locale, user.as_ref()).await
}

/// `slug` is empty for the new-product form.
#[server(input = GetUrl)]
pub async fn get_product_form(_locale: Locale, slug: String) -> Result<ProductForm, AppError> {
    let (state, user) = context()?;
    let slug = (!slug.is_empty()).then_some(slug.as_str());
    crate::exhibitor::store::product_form(&state.db, user.as_ref(), slug).await
}

#[server(input = GetUrl)]
pub async fn get_invitation(_locale: Locale, token: String) -> Result<Invitation, AppError> {
    let (state, user) = context()?;
    let now = crate::state::now();
    crate::exhibitor::store::invitation(&state.db, user.as_ref(), &token, now).await
}
