//! The links' routes (ssr only): the creator's post that makes a link, and following one,
//! `/{locale}/r/{code}`, which records the click, keeps its token in a first-party cookie
//! for the attribution window, and sends the browser on (303). An unknown code is the
//! pavilion's 404 page.

use super::{COOKIE, store};
use crate::error::{AppError, AppResult};
use crate::forms::post::{Posted, client_address, cookie, form, over_tls, render_with, see_other};
use crate::i18n::Locale;
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Method, Request, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/creator/links", form(create))
        .route("/{locale}/r/{code}", get(follow))
}

async fn create(p: Posted) -> AppResult<String> {
    let code = store::create(p.db(), p.user(), &p.fields, p.now).await?;
    Ok(p.href(&format!("/creator/links#link-{code}")))
}

async fn follow(
    State(state): State<AppState>,
    Path((locale, code)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let (parts, _) = req.into_parts();
    let Some(locale) = Locale::parse(&locale) else {
        return render_with(state, parts, ()).await;
    };
    let days = state.referral_days;
    let held = cookie(&parts.headers, COOKIE);
    let client = client_address(&parts);
    // A HEAD (a preview of the link) leads on without counting.
    let record = parts.method == Method::GET;
    let now = crate::state::now();
    match store::follow(
        &state.db,
        &code,
        held.as_deref(),
        &client,
        record,
        days,
        now,
    )
    .await
    {
        Ok((to, token)) => {
            let mut response = see_other(&format!("/{}{to}", locale.code()));
            if let Some(token) = token {
                let secure = if over_tls(&parts.headers) {
                    "; Secure"
                } else {
                    ""
                };
                let cookie = format!(
                    "{COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
                    days * 24 * 3600
                );
                if let Ok(value) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().insert(header::SET_COOKIE, value);
                }
            }
            // Each visit is a click of its own: never from a cache.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        // No route of the app's matches /r/…: its router draws the 404 page, status 404.
        Err(AppError::NotFound) => render_with(state, parts, ()).await,
        Err(error) => (
            error.status(),
            "The pavilion could not follow this link; please try again.\n",
        )
            .into_response(),
    }
}
