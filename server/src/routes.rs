//! Plain axum endpoints: locale negotiation, health, robots, 404s and query checks.

use app::app::{SiteUrl, shell};
use app::i18n::Locale;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode, header};
use leptos::prelude::provide_context;

/// `/` → `/{locale}/`: the remembered choice (cookie), then `Accept-Language`, else English.
pub async fn root_redirect(headers: HeaderMap) -> Response {
    let locale = cookie(&headers, Locale::COOKIE)
        .and_then(|v| Locale::parse(&v))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default();
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, format!("/{}/", locale.code())),
            (header::VARY, "Cookie, Accept-Language".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
}

/// The home of a locale is `/{locale}/`: `/en` redirects there, and `/en/` is served by the
/// app's `/{locale}` route (the router matches paths without a trailing slash).
pub async fn locale_home(mut req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path();
    let segment = path.strip_prefix('/').unwrap_or_default();
    if !segment.is_empty() && !segment.contains('/') && Locale::parse(segment).is_some() {
        let query = req
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        return Redirect::permanent(&format!("/{segment}/{query}")).into_response();
    }
    if let Some(locale) = segment
        .strip_suffix('/')
        .filter(|s| !s.is_empty() && !s.contains('/'))
    {
        let rewritten = match req.uri().query() {
            Some(q) => format!("/{locale}?{q}"),
            None => format!("/{locale}"),
        };
        if let Ok(uri) = rewritten.parse() {
            *req.uri_mut() = uri;
        }
    }
    next.run(req).await
}

/// Liveness and readiness: the store answers a query.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i64>("SELECT CAST(1 AS BIGINT)")
        .fetch_one(&state.db)
        .await
    {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::error!(%err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub async fn robots() -> Response {
    let body = "User-agent: *\nAllow: /\nDisallow: /hooks/\nDisallow: /api/\n";
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Everything no route matched: the app's own 404 page, status 404.
pub async fn not_found(State(state): State<AppState>, req: Request<Body>) -> Response {
    let site_url = SiteUrl(String::new());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(site_url.clone());
        },
        move || shell(options.clone()),
    );
    // The app's router renders its 404 page, which sets the status, for any unknown path.
    handler(req).await.into_response()
}

/// Query strings must be well-formed UTF-8 `key=value` pairs; anything else is a 400 with a
/// message saying so, before any page is rendered.
pub async fn reject_bad_query(req: Request<Body>, next: Next) -> Response {
    if let Some(query) = req.uri().query()
        && let Err(problem) = check_query(query)
    {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("Bad request: the query string is malformed ({problem}).\n"),
        )
            .into_response();
    }
    next.run(req).await
}

fn check_query(query: &str) -> Result<(), &'static str> {
    let bytes = query.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or("a % escape is cut short")?;
                let text = std::str::from_utf8(hex).map_err(|_| "a % escape is not hexadecimal")?;
                let value =
                    u8::from_str_radix(text, 16).map_err(|_| "a % escape is not hexadecimal")?;
                decoded.push(value);
                i += 3;
            }
            b'+' => {
                decoded.push(b' ');
                i += 1;
            }
            other => {
                decoded.push(other);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&decoded)
        .map(|_| ())
        .map_err(|_| "it is not valid UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_checked() {
        assert!(check_query("q=%E0%A4%B9%E0%A4%B2%E0%A4%A6%E0%A5%80&image=2").is_ok());
        assert!(check_query("q=black+pepper").is_ok());
        assert_eq!(check_query("q=%ZZ"), Err("a % escape is not hexadecimal"));
        assert_eq!(check_query("q=%E"), Err("a % escape is cut short"));
        assert_eq!(check_query("q=%FF%FE"), Err("it is not valid UTF-8"));
    }

    #[test]
    fn reads_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; pavilion_locale=ja; b=2".parse().expect("header"),
        );
        assert_eq!(cookie(&headers, "pavilion_locale").as_deref(), Some("ja"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
