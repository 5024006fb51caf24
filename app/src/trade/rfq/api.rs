//! Server functions for the pages of requests for quotation.

use super::model::{BoothRfq, BuyerRfq, CouncilRfqs, NewRfq, Profile, RfqList};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

#[server(input = GetUrl)]
pub async fn get_new_rfq(
    locale: Locale,
    product: String,
    booth: String,
    hall: String,
) -> Result<NewRfq, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::store::new_rfq(
        &state.db,
        user.as_ref(),
        locale,
        (product.trim(), booth.trim(), hall.trim()),
        pricing.prefs.currency,
        crate::state::now(),
    )
    .await
}

#[server(input = GetUrl)]
pub async fn get_my_rfqs(locale: Locale) -> Result<RfqList, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::buyer_rfqs(&state.db, user.as_ref(), locale).await
}

#[server(input = GetUrl)]
pub async fn get_my_rfq(locale: Locale, number: String) -> Result<BuyerRfq, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::store::buyer_rfq(
        &state.db,
        user.as_ref(),
        &number,
        &pricing,
        crate::state::now(),
    )
    .await
}

#[server(input = GetUrl)]
pub async fn get_booth_rfqs(locale: Locale) -> Result<RfqList, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::booth_rfqs(&state.db, user.as_ref(), locale).await
}

#[server(input = GetUrl)]
pub async fn get_booth_rfq(locale: Locale, number: String) -> Result<BoothRfq, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::store::booth_rfq(
        &state.db,
        user.as_ref(),
        &number,
        &pricing,
        crate::state::now(),
    )
    .await
}

#[server(input = GetUrl)]
pub async fn get_council_rfqs(locale: Locale) -> Result<CouncilRfqs, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    super::store::council_rfqs(&state.db, user.as_ref(), locale).await
}

/// The business profile form: what is kept, and the countries to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub profile: Option<Profile>,
    pub countries: Vec<(String, String)>,
}

#[server(input = GetUrl)]
pub async fn get_business_profile(locale: Locale) -> Result<ProfileForm, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let profile = super::store::my_profile(&state.db, user.as_ref()).await?;
    // The countries the pavilion trades with (its shipping tables).
    let countries = crate::checkout::shipping::named_countries(&state.db, locale).await?;
    Ok(ProfileForm { profile, countries })
}
