//! Signing in and out over plain form posts (they work without JavaScript), the session
//! cookie, brute-force throttling, and the same-origin rule for every state-changing
//! request. A refused form renders its page again with the problems and a 4xx.

use app::accounts::store::{
    self as accounts, FAILURES_PER_ADDRESS, FAILURES_PER_EMAIL, NewUser, User,
};
use app::accounts::{FormOutcome, Problem, SESSION_COOKIE, Viewer};
use app::app::{SiteUrl, shell};
use app::forms::field;
use app::i18n::Locale;
use app::state::{AppState, now};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use leptos::prelude::provide_context;

/// The signed-in user of a request, put there by [`resolve_session`].
#[derive(Clone, Debug)]
pub struct SignedIn(pub User);

pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    crate::routes::cookie(headers, SESSION_COOKIE)
}

fn viewer(user: &User) -> Viewer {
    Viewer {
        name: user.display_name.clone(),
        email: user.email.clone(),
        is_admin: user.is_admin,
        is_curator: user.council_id.is_some(),
        is_exhibitor: user.booth.is_some(),
    }
}

/// Looks up the session cookie, if any, and hands the user to handlers and pages.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if let Some(token) = session_token(req.headers()) {
        match accounts::session_user(&state.db, &token, now()).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(viewer(&user));
                req.extensions_mut().insert(user.clone());
                req.extensions_mut().insert(SignedIn(user));
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

/// State-changing requests must come from this site: a browser says so with
/// `Sec-Fetch-Site`, older ones with `Origin`; anything cross-site is a 403.
pub async fn same_origin(req: Request<Body>, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && let Err(reason) = check_same_origin(req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("Forbidden: {reason}.\n"),
        )
            .into_response();
    }
    next.run(req).await
}

fn check_same_origin(headers: &HeaderMap) -> Result<(), &'static str> {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = value("sec-fetch-site") {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err("the request came from another site"),
        };
    }
    match (value("origin"), value("host")) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            if origin_host == host {
                Ok(())
            } else {
                Err("the request came from another site")
            }
        }
        // Neither header: not a browser form post (command-line clients, tests).
        _ => Ok(()),
    }
}

/// Served over TLS, as the proxy in front reports it.
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes() == b"https")
}

fn session_cookie(token: &str, max_age: i64, tls: bool) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        if tls { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(crate) fn locale_of(req: &Request<Body>) -> Locale {
    req.uri()
        .path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Locale::parse)
        .unwrap_or_default()
}

/// The client's address (the socket's peer; a proxy in front would need its own trust
/// configuration before `X-Forwarded-For` could be believed).
pub(crate) fn client_address(req: &Request<Body>) -> String {
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

pub(crate) async fn form(
    req: Request<Body>,
) -> Result<(http::request::Parts, Vec<(String, String)>), Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "Form too large.\n").into_response())?;
    let fields = serde_urlencoded::from_bytes(&bytes).map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            "Bad request: the form is malformed.\n",
        )
            .into_response()
    })?;
    Ok((parts, fields))
}

/// Renders the page at the request's path (as a GET) with the form's outcome.
pub(crate) async fn render_with<T: Clone + Send + Sync + 'static>(
    state: AppState,
    site_url: SiteUrl,
    mut parts: http::request::Parts,
    outcome: T,
) -> Response {
    parts.method = Method::GET;
    let req = Request::from_parts(parts, Body::empty());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(site_url.clone());
            provide_context(outcome.clone());
        },
        move || shell(options.clone()),
    );
    handler(req).await.into_response()
}

fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The pavilion is busy; please try again.\n",
    )
        .into_response()
}

pub(crate) fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// `POST /{locale}/account/signin`.
pub async fn sign_in(
    State(state): State<AppState>,
    site_url: SiteUrl,
    req: Request<Body>,
) -> Response {
    let locale = locale_of(&req);
    let address = format!("ip:{}", client_address(&req));
    let previous = session_token(req.headers());
    let tls = over_tls(req.headers());
    let (parts, fields) = match form(req).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let email = field(&fields, "email").trim().to_owned();
    let password = field(&fields, "password").to_owned();
    let account_key = format!("email:{}", email.to_lowercase());
    let db = &state.db;
    let now = now();
    let keys = [
        (account_key.as_str(), FAILURES_PER_EMAIL),
        (address.as_str(), FAILURES_PER_ADDRESS),
    ];
    let outcome = |status: u16, problem: Problem| FormOutcome {
        status,
        problems: vec![problem],
        email: email.clone(),
        name: String::new(),
    };
    let result = async {
        if let Some(wait) = accounts::throttled_for(db, &keys, now).await? {
            return Ok::<_, sqlx::Error>(Err((
                outcome(429, Problem::Throttled((wait + 59) / 60)),
                Some(wait),
            )));
        }
        match accounts::authenticate(db, &email, &password).await? {
            Some(user) => {
                // A new session at every sign-in; the one the browser had (if any) ends.
                if let Some(old) = &previous {
                    accounts::end_session(db, old).await?;
                }
                Ok(Ok(accounts::start_session(db, user.id, now).await?))
            }
            None => {
                accounts::record_failure(db, &[account_key.as_str(), address.as_str()], now)
                    .await?;
                Ok(Err((outcome(401, Problem::Credentials), None)))
            }
        }
    }
    .await;
    match result {
        Ok(Ok(token)) => {
            let mut response = see_other(&format!("/{}/account", locale.code()));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, accounts::ABSOLUTE_SECONDS, tls),
            );
            response
        }
        Ok(Err((outcome, retry_after))) => {
            let mut response = render_with(state.clone(), site_url, parts, outcome).await;
            if let Some(wait) = retry_after
                && let Ok(value) = HeaderValue::from_str(&wait.to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Err(err) => {
            tracing::error!(%err, "sign-in failed");
            busy()
        }
    }
}

/// `POST /{locale}/account/signup`.
pub async fn sign_up(
    State(state): State<AppState>,
    site_url: SiteUrl,
    req: Request<Body>,
) -> Response {
    let locale = locale_of(&req);
    let tls = over_tls(req.headers());
    let (parts, fields) = match form(req).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let email = field(&fields, "email").trim().to_owned();
    let name = field(&fields, "name").trim().to_owned();
    let password = field(&fields, "password").to_owned();
    let mut problems = Vec::new();
    if accounts::normalise_email(&email).is_none() {
        problems.push(Problem::Email);
    }
    if name.is_empty() || name.chars().count() > accounts::NAME_MAX {
        problems.push(Problem::Name);
    }
    if accounts::check_password(&password).is_err() {
        problems.push(Problem::Password);
    }
    let refuse = |status: u16, problems: Vec<Problem>| FormOutcome {
        status,
        problems,
        email: email.clone(),
        name: name.clone(),
    };
    if !problems.is_empty() {
        return render_with(state, site_url, parts, refuse(422, problems)).await;
    }
    let db = &state.db;
    let new = NewUser {
        email: &email,
        display_name: &name,
        password: &password,
        locale: locale.code(),
    };
    let created = accounts::create_user(db, new, now()).await;
    let refused = match created {
        Ok(_) => None,
        Err(accounts::AccountError::EmailTaken) => Some((409, Problem::EmailTaken)),
        Err(accounts::AccountError::InvalidEmail) => Some((422, Problem::Email)),
        Err(accounts::AccountError::InvalidName) => Some((422, Problem::Name)),
        Err(accounts::AccountError::WeakPassword) => Some((422, Problem::Password)),
        Err(ref err) => {
            tracing::error!(%err, "sign-up failed");
            return busy();
        }
    };
    if let Some((status, problem)) = refused {
        return render_with(state, site_url, parts, refuse(status, vec![problem])).await;
    }
    let Ok(id) = created else { return busy() };
    let welcome = format!(
        "Welcome to the India Pavilion, {name}.\n\nYour account is ready: {}/{}/account\n",
        site_url.0,
        locale.code()
    );
    let session = async {
        accounts::queue_email(
            db,
            &email.to_lowercase(),
            "Welcome to the India Pavilion",
            &welcome,
            now(),
        )
        .await?;
        accounts::start_session(db, id, now()).await
    }
    .await;
    match session {
        Ok(token) => {
            let mut response = see_other(&format!("/{}/account", locale.code()));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, accounts::ABSOLUTE_SECONDS, tls),
            );
            response
        }
        Err(err) => {
            tracing::error!(%err, "cannot start the new session");
            busy()
        }
    }
}

/// `POST /{locale}/account/signout`: ends this session and clears the cookie.
pub async fn sign_out(State(state): State<AppState>, req: Request<Body>) -> Response {
    let locale = locale_of(&req);
    let tls = over_tls(req.headers());
    if let Some(token) = session_token(req.headers())
        && let Err(err) = accounts::end_session(&state.db, &token).await
    {
        tracing::error!(%err, "sign-out failed");
        return busy();
    }
    let mut response = see_other(&format!("/{}/", locale.code()));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0, tls));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_site_posts_are_refused() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in pairs {
                map.insert(*k, HeaderValue::from_static(v));
            }
            map
        };
        assert!(check_same_origin(&headers(&[("sec-fetch-site", "same-origin")])).is_ok());
        assert!(check_same_origin(&headers(&[("sec-fetch-site", "cross-site")])).is_err());
        assert!(check_same_origin(&headers(&[("sec-fetch-site", "same-site")])).is_err());
        assert!(
            check_same_origin(&headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]))
            .is_ok()
        );
        assert!(
            check_same_origin(&headers(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]))
            .is_err()
        );
        assert!(check_same_origin(&headers(&[])).is_ok());
    }
}
