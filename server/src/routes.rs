//! Plain axum endpoints and guards: locale negotiation, language and currency choice,
//! health, robots, sitemap, 404s, query checks and the same-origin rule for every
//! state-changing request.

use app::app::{SiteUrl, shell};
use app::core::Currency;
use app::forms::post::{cookie, over_tls};
use app::i18n::Locale;
use app::i18n::prefs;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, Method, StatusCode, header};
use leptos::prelude::provide_context;

/// How long a request may run before the server gives up on it.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// No request may hang a connection forever: one that cannot finish within `limit`
/// ([`DEADLINE`] when served) is dropped (its transaction rolls back) and answered 503 with
/// `Retry-After` — as problem details under `/api/`, whose clients retry with the same
/// idempotency key.
pub async fn deadline(
    State(limit): State<std::time::Duration>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let api = req.uri().path().starts_with("/api/");
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(api, "a request ran past the deadline; answering 503");
            if api {
                crate::api::busy()
            } else {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "1")],
                    "The pavilion is busy; please try again.\n",
                )
                    .into_response()
            }
        }
    }
}

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

#[derive(serde::Deserialize)]
pub struct PrefsQuery {
    locale: Option<String>,
    currency: Option<String>,
    next: Option<String>,
}

/// Only the pavilion's own pages: `/{locale}` or `/{locale}/…`, with no control character,
/// space or backslash anywhere (browsers drop a tab after the slash and leave the site) and
/// no `//`. Anything else is the home page.
fn local_path(next: Option<&str>) -> &str {
    let Some(path) = next else { return "/" };
    let clean = !path
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && !path.contains("//");
    let under_locale = path
        .strip_prefix('/')
        .map(|rest| rest.split_once('/').map_or(rest, |(first, _)| first))
        .is_some_and(|first| Locale::parse(first).is_some_and(|l| l.code() == first));
    if clean && under_locale { path } else { "/" }
}

const YEAR: u32 = 365 * 24 * 3600;

/// `/prefs?locale=ar&currency=EUR&next=/ar/products/x`: remembers the choice in cookies and
/// returns to `next` (the language switcher's links and the currency form, no JavaScript
/// needed). An unknown locale is a 400; an unknown currency is not stored, and the page
/// shows prices in the fallback currency with a notice.
pub async fn set_prefs(headers: HeaderMap, Query(query): Query<PrefsQuery>) -> Response {
    let secure = over_tls(&headers);
    let attributes = format!(
        "Path=/; Max-Age={YEAR}; SameSite=Lax; HttpOnly{}",
        if secure { "; Secure" } else { "" }
    );
    let mut cookies = Vec::new();
    if let Some(raw) = query.locale.as_deref() {
        match Locale::parse(raw) {
            Some(locale) => cookies.push(format!(
                "{}={}; {attributes}",
                Locale::COOKIE,
                locale.code()
            )),
            None => {
                return (
                    StatusCode::BAD_REQUEST,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "Bad request: unknown locale. Choose one of en hi ar zh es fr de ja ru pt.\n",
                )
                    .into_response();
            }
        }
    }
    let mut next = local_path(query.next.as_deref()).to_owned();
    if let Some(raw) = query.currency.as_deref() {
        match Currency::parse(raw) {
            Some(currency) => cookies.push(format!(
                "{}={}; {attributes}",
                Currency::COOKIE,
                currency.code()
            )),
            None => {
                let code = prefs::sanitise(raw);
                let (path, _) = next.split_once('?').unwrap_or((&next, ""));
                next = format!("{path}?currency={code}");
            }
        }
    }
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, next),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response();
    for cookie in cookies {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
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
    match app::db::ping(&state.db).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::error!(%err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub async fn robots(base: String) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /hooks/\nDisallow: /api/\nDisallow: /prefs\nDisallow: /*/r/\nSitemap: {base}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every public page in every locale, each with its alternates (`hreflang`, `x-default`).
pub async fn sitemap(State(state): State<AppState>, base: String) -> Response {
    let pages = app::pavilion::store::sitemap_paths(&state.db).await;
    let pages = match pages {
        Ok(pages) => pages,
        Err(err) => {
            tracing::error!(%err, "sitemap: cannot read the catalogue");
            return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
        }
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in &pages {
        let path = xml_escape(path);
        let alternates: String = Locale::ALL
            .iter()
            .map(|l| {
                format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{0}\" href=\"{base}/{0}{path}\"/>\n",
                    l.code()
                )
            })
            .collect();
        for locale in Locale::ALL {
            xml.push_str(&format!(
                "  <url>\n    <loc>{base}/{}{path}</loc>\n{alternates}    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/en{path}\"/>\n  </url>\n",
                locale.code()
            ));
        }
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
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
    use http::HeaderValue;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_request_past_the_deadline_is_a_503_the_client_can_read() {
        let limit = std::time::Duration::from_millis(20);
        let slow = axum::Router::new()
            .fallback(|| async {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                "late"
            })
            .layer(axum::middleware::from_fn_with_state(limit, deadline));
        let call = |path: &str| {
            let request = Request::builder()
                .uri(path)
                .body(Body::empty())
                .expect("request");
            slow.clone().oneshot(request)
        };
        let api = call("/api/v1/checkout").await.expect("response");
        assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(api.headers()[header::RETRY_AFTER], "1");
        assert_eq!(
            api.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let page = call("/en/halls").await.expect("response");
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(page.headers()[header::RETRY_AFTER], "1");
    }

    #[test]
    fn queries_are_checked() {
        assert!(check_query("q=%E0%A4%B9%E0%A4%B2%E0%A4%A6%E0%A5%80&image=2").is_ok());
        assert!(check_query("q=black+pepper").is_ok());
        assert_eq!(check_query("q=%ZZ"), Err("a % escape is not hexadecimal"));
        assert_eq!(check_query("q=%E"), Err("a % escape is cut short"));
        assert_eq!(check_query("q=%FF%FE"), Err("it is not valid UTF-8"));
    }

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

/// Who may name the client's address: the proxies in front of this server, and the header
/// they set (`PAVILION_CLIENT_IP_HEADER`, e.g. `X-Real-IP` or `X-Forwarded-For`). Without a
/// header configured, the socket's peer is the client and headers are ignored.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxy {
    pub header: Option<http::HeaderName>,
    pub proxies: Vec<std::net::IpAddr>,
}

impl TrustedProxy {
    /// The client behind `peer`: the header's address when `peer` is a trusted proxy (the
    /// last one in a list, the one that proxy added), else `peer` itself.
    pub fn client_of(&self, peer: std::net::IpAddr, headers: &HeaderMap) -> std::net::IpAddr {
        // An IPv4 peer on a dual-stack socket arrives as `::ffff:a.b.c.d`.
        let peer = peer.to_canonical();
        let Some(header) = &self.header else {
            return peer;
        };
        if !self.proxies.contains(&peer) {
            return peer;
        }
        // From the right: each trusted proxy appended the address it saw; the first one
        // that is not a trusted proxy is the client (a chain of proxies, CDN then nginx).
        let listed: Vec<std::net::IpAddr> = headers
            .get_all(header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|entry| {
                entry
                    .trim()
                    .parse::<std::net::IpAddr>()
                    .map(|ip| ip.to_canonical())
            })
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        listed
            .into_iter()
            .rev()
            .find(|ip| !self.proxies.contains(ip))
            .unwrap_or(peer)
    }
}

/// Decides the client's address once for the request ([`app::forms::post::ClientAddress`]).
pub async fn client_address(
    State(proxy): State<std::sync::Arc<TrustedProxy>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    mut req: Request,
    next: Next,
) -> Response {
    let client = proxy.client_of(peer.ip(), req.headers());
    req.extensions_mut()
        .insert(app::forms::post::ClientAddress(client));
    next.run(req).await
}

#[cfg(test)]
mod proxy_tests {
    use super::*;

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let peer: std::net::IpAddr = "10.0.0.5".parse().expect("ip");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().expect("value"),
        );
        // No header configured: the peer, whatever the request says.
        assert_eq!(TrustedProxy::default().client_of(peer, &headers), peer);
        let proxy = TrustedProxy {
            header: Some(http::HeaderName::from_static("x-forwarded-for")),
            proxies: vec!["10.0.0.5".parse().expect("ip")],
        };
        // From the proxy: the address it appended (the last one), not what the client sent.
        assert_eq!(
            proxy.client_of(peer, &headers),
            "198.51.100.7".parse::<std::net::IpAddr>().expect("ip")
        );
        // From anywhere else: the peer.
        let other: std::net::IpAddr = "192.0.2.1".parse().expect("ip");
        assert_eq!(proxy.client_of(other, &headers), other);
        // A chain of trusted proxies is walked past; a mapped IPv4 peer is itself.
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 10.0.0.5".parse().expect("value"),
        );
        let mapped: std::net::IpAddr = "::ffff:10.0.0.5".parse().expect("ip");
        assert_eq!(
            proxy.client_of(mapped, &headers),
            "203.0.113.9".parse::<std::net::IpAddr>().expect("ip")
        );
        // A header that is not an address: the peer.
        headers.insert("x-forwarded-for", "nonsense".parse().expect("value"));
        assert_eq!(proxy.client_of(peer, &headers), peer);
    }
}
