//! Who is asking (ssr only): the session cookie resolved to a [`User`] once per request by
//! a middleware, and the cookie written at sign-in and cleared at sign-out.

use crate::accounts::store::{self as accounts, User};
use crate::accounts::{SESSION_COOKIE, Viewer};
use crate::forms::post::cookie;
use crate::state::{AppState, now};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

/// The person as the pages show them.
pub fn viewer(user: &User) -> Viewer {
    Viewer {
        name: user.display_name.clone(),
        email: user.email.clone(),
        is_admin: user.is_admin,
        is_curator: user.council_id.is_some(),
        is_exhibitor: user.booth.is_some(),
        email_verified: user.email_verified,
    }
}

/// Looks up the session cookie, if any, and hands the user (and the [`Viewer`]) to
/// handlers and pages as request extensions.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        match accounts::session_user(&state.db, &token, now()).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(viewer(&user));
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(err) => {
                tracing::error!(%err, "cannot read the session");
                return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
            }
        }
    }
    next.run(req).await
}

/// The `Set-Cookie` value of a session (`max_age` 0 clears it).
pub fn session_cookie(token: &str, max_age: i64, tls: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        if tls { "; Secure" } else { "" }
    )
}
