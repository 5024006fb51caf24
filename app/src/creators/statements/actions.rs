//! The statement's download (ssr only): `GET /{locale}/creator/earnings.csv`; a refusal shows
//! the statement's page with its status.

use super::store;
use crate::accounts::store::User;
use crate::forms::post::{answer, locale_of, on_page};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/{locale}/creator/earnings.csv", get(download))
}

async fn download(State(state): State<AppState>, req: Request<Body>) -> Response {
    let (mut parts, _) = req.into_parts();
    let user = parts.extensions.get::<User>().cloned();
    match store::statement_csv(&state.db, user.as_ref(), crate::state::now()).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"earnings.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(error) => {
            let locale = locale_of(parts.uri.path());
            on_page(&mut parts, locale, "/creator/earnings");
            answer(state, parts, error, Vec::new()).await
        }
    }
}
