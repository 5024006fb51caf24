//! Calendars (RFC 5545): one stream (`/streams/{stream}.ics`), the agenda (`/agenda.ics`) and
//! a follower's private feed (`/calendar/{token}.ics`). A stream's UID never changes; its
//! SEQUENCE rises with every reschedule or cancel, and a cancelled stream stays in the feed
//! with `STATUS:CANCELLED`, so calendars update the entry rather than add a second one.
//! Times are UTC instants (`…Z`), which every calendar shows in its reader's own zone.

use app::agenda::store::{CalendarRow, calendar_owner, calendar_rows};
use app::core::Instant;
use app::state::{AppState, now};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http::{StatusCode, header};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

fn utc(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// The calendar of `rows`, named `name`; `site` is the public origin for UIDs and links.
pub fn calendar(rows: &[CalendarRow], name: &str, site: &str) -> String {
    let host = site
        .split("://")
        .nth(1)
        .unwrap_or(site)
        .trim_end_matches('/');
    let mut calendar = Calendar::new();
    calendar.name(name);
    for row in rows {
        let mut event = Event::new();
        event
            .uid(&format!("stream-{}@{host}", row.id))
            .summary(&format!("{} — {}", row.title, row.booth))
            .description(&row.description)
            .starts(utc(row.starts_at))
            .ends(utc(row.ends_at))
            .url(&format!("{site}/en/streams/{}", row.slug))
            .location(&format!("{site}/en/streams/{}", row.slug))
            .sequence(u32::try_from(row.sequence).unwrap_or(0))
            .last_modified(utc(row.updated_at))
            .status(if row.state == "cancelled" {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

fn ics(body: String, file: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found: no such calendar.\n").into_response()
}

/// `/streams/{stream}.ics`.
pub async fn stream(
    State(state): State<AppState>,
    site: String,
    Path(file): Path<String>,
) -> Response {
    let Some(slug) = file.strip_suffix(".ics") else {
        return not_found();
    };
    match calendar_rows(&state.db, Some(slug), None, now()).await {
        Ok(rows) if !rows.is_empty() => ics(calendar(&rows, &rows[0].title, &site), &file),
        Ok(_) => not_found(),
        Err(err) => store_error(&err),
    }
}

/// `/agenda.ics`: every stream from the last 30 days on.
pub async fn agenda(State(state): State<AppState>, site: String) -> Response {
    match calendar_rows(&state.db, None, None, now()).await {
        Ok(rows) => ics(
            calendar(&rows, "India Pavilion — agenda", &site),
            "agenda.ics",
        ),
        Err(err) => store_error(&err),
    }
}

/// `/calendar/{token}.ics`: the streams a buyer follows; the token is the feed's only key.
pub async fn personal(
    State(state): State<AppState>,
    site: String,
    Path(file): Path<String>,
) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let user = calendar_owner(&state.db, token).await;
    match user {
        Ok(Some(user)) => match calendar_rows(&state.db, None, Some(user), Instant(0)).await {
            Ok(rows) => ics(
                calendar(&rows, "India Pavilion — my streams", &site),
                "pavilion.ics",
            ),
            Err(err) => store_error(&err),
        },
        Ok(None) => not_found(),
        Err(err) => store_error(&err),
    }
}

fn store_error(err: &sqlx::Error) -> Response {
    tracing::error!(error = %err, "calendar could not be read");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The calendar is unavailable; please try again.\n",
    )
        .into_response()
}
