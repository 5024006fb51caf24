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
    let now = crate::state::now();
    let read = |asked: super::outcomes::Asked, zone: String| {
        let (db, pricing, user) = (state.db.clone(), pricing.clone(), user.clone());
        async move { super::outcomes::outcomes(&db, user.as_ref(), &pricing, &asked, zone, now).await }
    };
    match read(asked.clone(), zone.clone()).await {
        // Dates that cannot be read: the default period, with the dates as typed and why
        // they were refused beside them (422).
        Err(AppError::Invalid(problems)) => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
            }
            let default = super::outcomes::Asked {
                from: String::new(),
                to: String::new(),
                council: asked.council.clone(),
            };
            let mut page = read(default, zone).await?;
            page.problems = problems
                .into_iter()
                .map(|p| (p.field, crate::forms::message(locale, &p.code)))
                .collect();
            page.from = asked.from;
            page.to = asked.to;
            page.defaulted = false;
            Ok(page)
        }
        other => other,
    }
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

/// A stream's control room as first rendered; its socket keeps it current.
#[server(input = GetUrl)]
pub async fn get_control_room(
    locale: Locale,
    stream: String,
) -> Result<super::model::ControlRoom, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    super::pulse::control_room(
        &state.db,
        user.as_ref(),
        &pricing,
        &stream,
        crate::state::now_ms(),
    )
    .await
}
