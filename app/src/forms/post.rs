//! The one adapter between a browser's form post and a domain's action (ssr only). Each
//! domain lists its posts in its `actions.rs` as `route(path, form(action))`; the adapter
//! reads who is asking and the fields, runs the action, and answers: 303 to where the action
//! says, or the form's page rendered again — with the problems next to their fields and the
//! refusal's 4xx, nothing written — or with values shown once.
//!
//! Why an adapter and not `#[server]` functions behind `ActionForm`: a refused post must come
//! back as the same server-rendered page (problems by their fields, a 4xx, what was typed),
//! with and without JavaScript; `ActionForm` answers a no-JS post with a redirect back and
//! loses the refusal. One adapter gives every domain that behaviour with one line per route.

use crate::accounts::store::User;
use crate::app::shell;
use crate::core::Instant;
use crate::db::Db;
use crate::error::AppError;
use crate::forms::{Submission, field};
use crate::i18n::{Locale, prefs};
use crate::state::{AppState, now};
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use leptos::prelude::provide_context;
use std::future::Future;

/// The largest urlencoded form read (uploads have their own limit).
const FORM_BYTES: usize = 64 * 1024;

/// What an action gets from a post: the state, the caller, the page's locale, the path's
/// parameters and the fields.
pub struct Posted {
    pub state: AppState,
    pub user: Option<User>,
    /// The session cookie's token, if any.
    pub session: Option<String>,
    /// The client's address, for throttling.
    pub address: String,
    /// Served over TLS (cookies get `Secure`).
    pub tls: bool,
    pub locale: Locale,
    pub headers: HeaderMap,
    pub query: Vec<(String, String)>,
    pub fields: Vec<(String, String)>,
    pub now: Instant,
    params: Vec<(String, String)>,
}

impl Posted {
    /// The store.
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn user(&self) -> Option<&User> {
        self.user.as_ref()
    }

    /// The signed-in caller, or 401.
    pub fn signed_in(&self) -> Result<&User, AppError> {
        self.user().ok_or(AppError::Unauthorized)
    }

    /// A path parameter (`{hall}` in the route), `""` when absent.
    pub fn param(&self, name: &str) -> &str {
        field(&self.params, name)
    }

    /// A posted field, `""` when absent.
    pub fn field(&self, name: &str) -> &str {
        field(&self.fields, name)
    }

    /// A query parameter of the post's address.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `/{locale}{rest}`.
    pub fn href(&self, rest: &str) -> String {
        format!("/{}{rest}", self.locale.code())
    }

    /// The site's public origin, for links in emails and calendars.
    pub fn site(&self) -> &str {
        &self.state.site.0
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        cookie(&self.headers, name)
    }
}

/// What follows a post that succeeded.
pub enum Next {
    /// Send the browser here (303), setting these cookies.
    Go { to: String, cookies: Vec<String> },
    /// Show the form's page again with these values (200, never cached): a secret shown
    /// once, or a form priced again for new choices.
    Show(Vec<(String, String)>),
}

impl Next {
    pub fn go(to: String) -> Self {
        Self::Go {
            to,
            cookies: Vec::new(),
        }
    }

    /// Adds a `Set-Cookie` to a redirect.
    pub fn with_cookie(self, cookie: String) -> Self {
        match self {
            Self::Go { to, mut cookies } => {
                cookies.push(cookie);
                Self::Go { to, cookies }
            }
            show => show,
        }
    }
}

impl From<String> for Next {
    fn from(location: String) -> Self {
        Self::go(location)
    }
}

/// Which page a refused post is shown on.
#[derive(Clone, Copy)]
pub enum Page {
    /// The page at the post's own address.
    Own,
    /// `/{locale}` + this path, `{name}` replaced by the route's parameter.
    At(&'static str),
    /// A page that depends on what was posted (its query keeps the person's choices).
    Of(fn(&Posted) -> String),
}

impl Page {
    fn path(self, posted: &Posted) -> Option<String> {
        match self {
            Self::Own => None,
            Self::At(template) => Some(
                posted
                    .params
                    .iter()
                    .fold(template.to_owned(), |path, (name, value)| {
                        path.replace(&format!("{{{name}}}"), value)
                    }),
            ),
            Self::Of(page) => Some(page(posted)),
        }
    }
}

/// A form post whose refusals show on its own page.
pub fn form<F, Fut, T>(action: F) -> MethodRouter<AppState>
where
    F: Fn(Posted) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Into<Next> + 'static,
{
    form_on(Page::Own, action)
}

/// A form post whose refusals show on `page` (the page that holds the form).
pub fn form_on<F, Fut, T>(page: Page, action: F) -> MethodRouter<AppState>
where
    F: Fn(Posted) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Into<Next> + 'static,
{
    post(
        move |State(state): State<AppState>,
              params: Option<Path<Vec<(String, String)>>>,
              req: Request<Body>| {
            let action = action.clone();
            async move {
                let params = params.map(|Path(p)| p).unwrap_or_default();
                let (parts, posted) = match read(state, params, req).await {
                    Ok(read) => read,
                    Err(response) => return response,
                };
                run(parts, page, posted, action).await
            }
        },
    )
}

/// Reads a post: who asks, from where, and its urlencoded fields.
async fn read(
    state: AppState,
    params: Vec<(String, String)>,
    req: Request<Body>,
) -> Result<(http::request::Parts, Posted), Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_BYTES)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "Form too large.\n").into_response())?;
    let fields = serde_urlencoded::from_bytes(&bytes).map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            "Bad request: the form is malformed.\n",
        )
            .into_response()
    })?;
    let posted = posted(state, params, &parts, fields);
    Ok((parts, posted))
}

/// The [`Posted`] of a request's head and its fields.
pub fn posted(
    state: AppState,
    params: Vec<(String, String)>,
    parts: &http::request::Parts,
    fields: Vec<(String, String)>,
) -> Posted {
    Posted {
        state,
        user: parts.extensions.get::<User>().cloned(),
        session: cookie(&parts.headers, crate::accounts::SESSION_COOKIE),
        address: client_address(parts),
        tls: over_tls(&parts.headers),
        locale: locale_of(parts.uri.path()),
        headers: parts.headers.clone(),
        query: parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default(),
        fields,
        now: now(),
        params,
    }
}

/// Runs an action and answers for it.
pub async fn run<F, Fut, T>(
    mut parts: http::request::Parts,
    page: Page,
    posted: Posted,
    action: F,
) -> Response
where
    F: FnOnce(Posted) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
    T: Into<Next>,
{
    if let Some(path) = page.path(&posted) {
        on_page(&mut parts, posted.locale, &path);
    }
    let state = posted.state.clone();
    let values = posted.fields.clone();
    match action(posted).await.map(Into::into) {
        Ok(Next::Go { to, cookies }) => {
            let mut response = see_other(&to);
            for cookie in cookies {
                if let Ok(value) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Ok(Next::Show(values)) => show(state, parts, values).await,
        Err(error) => answer(state, parts, error, values).await,
    }
}

/// Shows a refused form on the page `/{locale}{page}` rather than the post's address.
pub fn on_page(parts: &mut http::request::Parts, locale: Locale, page: &str) {
    if let Ok(uri) = format!("/{}{page}", locale.code()).parse() {
        parts.uri = uri;
    }
}

/// The page again (200, never cached) with `values` in its fields.
pub async fn show(
    state: AppState,
    parts: http::request::Parts,
    values: Vec<(String, String)>,
) -> Response {
    let submission = Submission {
        status: 200,
        problems: Vec::new(),
        values,
    };
    let mut response = render_with(state, parts, submission).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The answer to a post that failed: its page again with the problems (4xx), or a plain
/// 5xx when the server failed (already logged where the error arose).
pub async fn answer(
    state: AppState,
    parts: http::request::Parts,
    error: AppError,
    values: Vec<(String, String)>,
) -> Response {
    if !error.is_refusal() {
        let mut response = (
            error.status(),
            "The pavilion could not save this; please try again.\n",
        )
            .into_response();
        if error == AppError::Unavailable {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        return response;
    }
    // Passwords never travel back into a page.
    let values = values
        .into_iter()
        .filter(|(k, _)| !k.contains("password"))
        .collect();
    let submission = Submission {
        status: error.status().as_u16(),
        problems: error.problems(),
        values,
    };
    let mut response = render_with(state, parts, submission).await;
    if let AppError::Throttled(seconds) = error
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Renders the page at the request's path (as a GET) with the post's outcome in context.
pub async fn render_with<T: Clone + Send + Sync + 'static>(
    state: AppState,
    mut parts: http::request::Parts,
    outcome: T,
) -> Response {
    parts.method = Method::GET;
    let req = Request::from_parts(parts, Body::empty());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(state.site.clone());
            provide_context(outcome.clone());
        },
        move || shell(options.clone()),
    );
    handler(req).await.into_response()
}

pub fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| prefs::cookie(v, name))
        .map(str::to_owned)
}

/// A WebSocket's `Origin` is this site: the public URL, or the host the request came to.
/// (A page of another site must not open a socket with a visitor's cookie.)
pub fn same_site(origin: &str, headers: &HeaderMap, public_url: &str) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let bare = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or(origin);
    origin == public_url || host == Some(bare)
}

/// Served over TLS, as the proxy in front reports it.
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes() == b"https")
}

/// The locale a path starts with (`/ja/…`), else the default.
pub fn locale_of(path: &str) -> Locale {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Locale::parse)
        .unwrap_or_default()
}

/// The client's address as the server decided it once per request: the socket's peer, or
/// — only when the peer is a configured trusted proxy — the address its configured header
/// names. Every limit counts by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

impl ClientAddress {
    /// What limits count by: an IPv4 address (also when written as IPv4-mapped IPv6), or an
    /// IPv6 address's /64 — one subscriber's network, where a client picks any address it
    /// likes (`2001:db8:1:2::/64`).
    pub fn key(&self) -> String {
        match self.0 {
            std::net::IpAddr::V4(v4) => v4.to_string(),
            std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                    format!("{network}/64")
                }
            },
        }
    }
}

/// The client's limit key ([`ClientAddress::key`]; of the socket's peer if no layer decided
/// the address).
pub fn client_address(parts: &http::request::Parts) -> String {
    if let Some(client) = parts.extensions.get::<ClientAddress>() {
        return client.key();
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| ClientAddress(c.0.ip()).key())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_an_ipv6_client_by_its_64() {
        let key = |raw: &str| ClientAddress(raw.parse().expect("an address")).key();
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
        assert_eq!(
            key("2001:db8:1:2::1"),
            key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::1"), "::/64");
    }

    #[test]
    fn reads_cookies_and_locales() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pavilion_locale=ja; b=2"),
        );
        assert_eq!(cookie(&headers, "pavilion_locale").as_deref(), Some("ja"));
        assert_eq!(cookie(&headers, "missing"), None);
        assert_eq!(locale_of("/ar/checkout"), Locale::Ar);
        assert_eq!(locale_of("/xx/checkout"), Locale::default());
    }
}
