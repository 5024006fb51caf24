//! Server functions for the creator pages.

use super::model::{AgencyPage, CreatorPage, Directory, ProfileForm};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The directory; empty filters for all; `vetted` and `available` are `"1"` or empty.
#[server(input = GetUrl)]
pub async fn get_creators(
    locale: Locale,
    market: String,
    language: String,
    category: String,
    vetted: String,
    available: String,
) -> Result<Directory, AppError> {
    use super::store::{Filter, directory};
    let state = crate::state::AppState::current()?;
    let some = |v: String| {
        let v = v.trim().to_owned();
        (!v.is_empty()).then_some(v)
    };
    let flag = |v: &str, name: &str| match v.trim() {
        "" => Ok(false),
        "1" => Ok(true),
        _ => Err(AppError::bad_request(name, "choice")),
    };
    let filter = Filter {
        market: some(market),
        language: some(language),
        category: some(category),
        vetted_only: flag(&vetted, "vetted")?,
        available_only: flag(&available, "available")?,
    };
    directory(&state.db, locale, filter).await
}

#[server(input = GetUrl)]
pub async fn get_creator(locale: Locale, slug: String) -> Result<CreatorPage, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::creator_page(&state.db, locale, &slug, user.as_ref(), crate::state::now()).await
}

#[server(input = GetUrl)]
pub async fn get_agency(locale: Locale, slug: String) -> Result<AgencyPage, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::agency_page(&state.db, locale, &slug, user.as_ref()).await
}

/// The signed-in person's own creator profile, as a form.
#[server(input = GetUrl)]
pub async fn get_creator_form(locale: Locale) -> Result<ProfileForm, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::profile_form(&state.db, locale, user.as_ref()).await
}
