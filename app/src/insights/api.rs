//! Server functions for the stream report.

use super::model::StreamReport;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A stream's report, in the reader's zone (`tz` when asked, else the remembered one).
#[server(input = GetUrl)]
pub async fn get_stream_report(
    locale: Locale,
    stream: String,
    tz: String,
) -> Result<StreamReport, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, _) = crate::agenda::api::viewer_zone(&tz);
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::report::stream_report(
        &state.db,
        user.as_ref(),
        &pricing,
        &stream,
        zone,
        crate::state::now(),
    )
    .await
}

/// A council's export outcomes for the period asked (the default when a date is left out),
/// each day read in the reader's zone.
#[server(input = GetUrl)]
pub async fn get_outcomes(
    locale: Locale,
    from: String,
    to: String,
    council: String,
    tz: String,
) -> Result<super::model::Outcomes, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, _) = crate::agenda::api::viewer_zone(&tz);
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    let asked = super::outcomes::Asked { from, to, council };
    super::outcomes::outcomes(
        &state.db,
        user.as_ref(),
        &pricing,
        &asked,
        zone,
        crate::state::now(),
    )
    .await
}

/// The signed-in member's booth: its streams side by side, in the reader's zone.
#[server(input = GetUrl)]
pub async fn get_booth_insights(
    locale: Locale,
    tz: String,
) -> Result<super::model::BoothInsights, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let (zone, _) = crate::agenda::api::viewer_zone(&tz);
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::overview::booth_insights(
        &state.db,
        user.as_ref(),
        &pricing,
        zone,
        crate::state::now(),
    )
    .await
}
