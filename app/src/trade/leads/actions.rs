//! The leads console's posts and its CSV download, and the buyer's withdrawal of shared
//! contact details (ssr only).

use super::store;
use crate::accounts::store::User;
use crate::error::AppResult;
use crate::forms::post::{Page, Posted, answer, form, form_on, locale_of, on_page};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/exhibitor/leads", form(update))
        .route("/{locale}/exhibitor/leads.csv", get(download))
        .route(
            "/{locale}/account/shares",
            form_on(Page::At("/account"), withdraw),
        )
}

async fn update(p: Posted) -> AppResult<String> {
    store::update_lead(p.db(), p.user(), &p.fields, p.now).await?;
    let buyer = p.field("buyer").trim().to_owned();
    Ok(p.href(&format!("/exhibitor/leads#lead-{buyer}")))
}

async fn withdraw(p: Posted) -> AppResult<String> {
    store::withdraw_share(p.db(), p.user(), p.field("booth")).await?;
    Ok(p.href("/account#shares-title"))
}

/// `GET /{locale}/exhibitor/leads.csv`: the booth's leads for a spreadsheet; a refusal shows
/// the leads page with its status.
async fn download(State(state): State<AppState>, req: Request<Body>) -> Response {
    let (mut parts, _) = req.into_parts();
    let user = parts.extensions.get::<User>().cloned();
    match store::leads_csv(&state.db, user.as_ref()).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"leads.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(error) => {
            let locale = locale_of(parts.uri.path());
            on_page(&mut parts, locale, "/exhibitor/leads");
            answer(state, parts, error, Vec::new()).await
        }
    }
}
