//! The report's CSV download (ssr only).

use super::report;
use crate::accounts::store::User;
use crate::forms::post::{answer, locale_of, on_page};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/{locale}/exhibitor/streams/{stream}/report.csv",
        get(download),
    )
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
