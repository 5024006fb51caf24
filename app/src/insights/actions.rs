//! The downloads (ssr only): a stream report's minutes as CSV, a council's outcomes as CSV
//! and as an Excel workbook.

use super::outcomes::{self, Asked};
use super::report;
use crate::accounts::store::User;
use crate::error::AppError;
use crate::forms::post::{answer, locale_of, on_page};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{locale}/exhibitor/streams/{stream}/report.csv",
            get(download),
        )
        .route("/{locale}/curator/outcomes.csv", get(outcomes_csv))
        .route("/{locale}/curator/outcomes.xlsx", get(outcomes_xlsx))
}

/// A file to save: its type, name and bytes.
fn attachment(kind: &str, name: &str, body: impl Into<Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

/// The zone a download reads its days in: the one the reader's pages remember.
fn zone_of(parts: &http::request::Parts) -> String {
    let cookies = parts
        .headers
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok());
    crate::core::zone_of(
        None,
        cookies.and_then(|c| crate::i18n::prefs::cookie(c, crate::agenda::api::ZONE_COOKIE)),
    )
}

/// The outcomes' file name: the council (or "pavilion") and the period.
fn outcomes_name(asked: &Asked, extension: &str) -> String {
    let part = |s: &str| csv_name(s);
    let council = if asked.council.trim().is_empty() {
        "pavilion".to_owned()
    } else {
        part(&asked.council)
    };
    let period = [part(&asked.from), part(&asked.to)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-to-");
    if period.is_empty() {
        format!("{council}-outcomes.{extension}")
    } else {
        format!("{council}-outcomes-{period}.{extension}")
    }
}

/// A download refused: the outcomes page for the same query, which is refused the same way
/// and says why.
async fn refused(state: AppState, mut parts: http::request::Parts, error: AppError) -> Response {
    let locale = locale_of(parts.uri.path());
    let page = match parts.uri.query() {
        Some(query) => format!("/curator/outcomes?{query}"),
        None => "/curator/outcomes".to_owned(),
    };
    on_page(&mut parts, locale, &page);
    answer(state, parts, error, Vec::new()).await
}

/// `GET /{locale}/curator/outcomes.csv?from&to&council`: one row per stream.
async fn outcomes_csv(
    State(state): State<AppState>,
    Query(asked): Query<Asked>,
    req: Request<Body>,
) -> Response {
    outcomes_file(state, asked, req, "csv").await
}

/// `GET /{locale}/curator/outcomes.xlsx?from&to&council`: the workbook, headed in the
/// reader's language.
async fn outcomes_xlsx(
    State(state): State<AppState>,
    Query(asked): Query<Asked>,
    req: Request<Body>,
) -> Response {
    outcomes_file(state, asked, req, "xlsx").await
}

/// The outcomes as a file (`csv` or `xlsx`), days read in the reader's remembered zone; a
/// refusal shows the outcomes page with its status.
async fn outcomes_file(
    state: AppState,
    asked: Asked,
    req: Request<Body>,
    extension: &str,
) -> Response {
    let (parts, _) = req.into_parts();
    let user = parts.extensions.get::<User>().cloned();
    let zone = zone_of(&parts);
    let locale = locale_of(parts.uri.path());
    let now = crate::state::now();
    let (db, user) = (&state.db, user.as_ref());
    let file = if extension == "csv" {
        outcomes::outcomes_csv(db, user, &asked, &zone, now)
            .await
            .map(|csv| ("text/csv; charset=utf-8", Body::from(csv)))
    } else {
        outcomes::outcomes_xlsx(db, user, locale, &asked, &zone, now)
            .await
            .map(|bytes| {
                (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    Body::from(bytes),
                )
            })
    };
    match file {
        Ok((kind, body)) => attachment(kind, &outcomes_name(&asked, extension), body),
        Err(error) => refused(state, parts, error).await,
    }
}

/// `GET /{locale}/exhibitor/streams/{stream}/report.csv`: the per-minute table; a refusal
/// shows the report page with its status.
async fn download(
    State(state): State<AppState>,
    Path((_, stream)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let (mut parts, _) = req.into_parts();
    let user = parts.extensions.get::<User>().cloned();
    match report::minutes_csv(&state.db, user.as_ref(), &stream, crate::state::now()).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}-minutes.csv\"", csv_name(&stream)),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            csv,
        )
            .into_response(),
        Err(error) => {
            let locale = locale_of(parts.uri.path());
            let page = format!("/exhibitor/streams/{}/report", csv_name(&stream));
            on_page(&mut parts, locale, &page);
            answer(state, parts, error, Vec::new()).await
        }
    }
}

/// The stream's slug as a file name: letters, digits and dashes only.
fn csv_name(slug: &str) -> String {
    slug.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(80)
        .collect()
}
