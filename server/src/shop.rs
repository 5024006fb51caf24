//! Buying on the web and being paid: the checkout form (`POST /{locale}/checkout`, through
//! the same code path as the JSON API), order actions (`POST /{locale}/orders/{order}`), the
//! way to the provider's hosted page (`/pay/{session}`), the built-in test provider's page
//! (`/pay/test/{session}`), and provider webhooks (`POST /hooks/payments/{provider}`).

use crate::auth::{SignedIn, form, locale_of, see_other};
use crate::config::Config;
use crate::forms::{answer, handle_on, on_page, show};
use app::app::SiteUrl;
use app::checkout::model::{CheckoutRequest, CheckoutResponse, LineRequest, ShipTo};
use app::checkout::orders::{self, Applied};
use app::checkout::payments::{
    ApiRequest, Payments, Pending, ProviderError, Stripe, TEST_SIGNATURE, Transport, WebhookError,
};
use app::curation::store::Failure;
use app::forms::{FieldProblem, Refusal, field};
use app::state::{AppState, now};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::{HeaderMap, StatusCode, header};
use std::sync::Arc;

/// The providers this server takes payments with: Stripe when its keys are configured,
/// otherwise the built-in test provider.
pub fn providers(config: &Config) -> anyhow::Result<Payments> {
    if let Some(stripe) = &config.payments.stripe {
        return Ok(Payments::new(vec![Arc::new(Stripe {
            api_key: stripe.api_key.clone(),
            webhook_secret: stripe.webhook_secret.clone(),
            api_base: stripe.api_base.clone(),
            transport: Arc::new(Https(reqwest::Client::builder().build()?)),
        })]));
    }
    let secret = match &config.payments.test_secret {
        Some(secret) => secret.clone(),
        None => {
            std::fs::create_dir_all(&config.live.dir)?;
            let base = config.live.secret()?;
            app::accounts::store::sha256_hex(format!("payments-test:{base}").as_bytes())
        }
    };
    Ok(Payments::test_mode(secret))
}

/// Provider API calls over HTTPS.
struct Https(reqwest::Client);

impl Transport for Https {
    fn post<'a>(&'a self, request: ApiRequest) -> Pending<'a, (u16, String)> {
        Box::pin(async move {
            let mut builder = self
                .0
                .post(&request.url)
                .timeout(std::time::Duration::from_secs(20))
                .form(&request.form);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let response = builder
                .send()
                .await
                .map_err(|e| ProviderError::Unreachable(e.to_string()))?;
            let status = response.status().as_u16();
            let body = response
                .text()
                .await
                .map_err(|e| ProviderError::Unreachable(e.to_string()))?;
            Ok((status, body))
        })
    }
}

/// The form routes of buying (they need the session, so they join the pages router).
pub fn page_routes(site_url: SiteUrl) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route("/{locale}/cart", post(cart))
        .route(
            "/{locale}/checkout",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    checkout(state, s.clone(), req)
                }
            }),
        )
        .route(
            "/{locale}/orders/{order}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>,
                      Path((_, number)): Path<(String, String)>,
                      Query(query): Query<Vec<(String, String)>>,
                      req: Request<Body>| {
                    let s = s.clone();
                    async move {
                        let checkout = query
                            .iter()
                            .find(|(k, _)| k == "checkout")
                            .map(|(_, v)| v.clone());
                        let page = format!(
                            "/orders/{number}?checkout={}",
                            checkout.clone().unwrap_or_default()
                        );
                        let base = s.0.clone();
                        let payments = state.payments.clone();
                        let back = page.clone();
                        handle_on(state, s, req, Some(&page), move |p| async move {
                            let caller = orders::Caller {
                                user: p.user(),
                                checkout: checkout.as_deref(),
                            };
                            orders::act(&p.db, &payments, caller, &number, &p.fields, &base, p.now)
                                .await?;
                            Ok(p.href(&back))
                        })
                        .await
                    }
                }
            }),
        )
}

/// The routes of payment providers.
pub fn routes(site_url: SiteUrl) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route(
            "/pay/{session}",
            get({
                let s = s.clone();
                move |state, path| pay(state, s.clone(), path)
            }),
        )
        .route(
            "/pay/test/{session}",
            get(test_page).post({
                let s = s.clone();
                move |state, path, body| test_decide(state, s.clone(), path, body)
            }),
        )
        .route(
            "/hooks/payments/{provider}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>,
                      Path(provider): Path<String>,
                      headers: HeaderMap,
                      body: Bytes| {
                    let s = s.clone();
                    async move { webhook(&state, &s.0, &provider, &headers, &body).await }
                }
            })
            .layer(axum::extract::DefaultBodyLimit::max(crate::api::MAX_BODY)),
        )
}

/// `POST /{locale}/cart`: add a product (`op=add`, `product`, `quantity`), remove one
/// (`remove={product}`), or update the quantities (`quantity:{product}`); quantities are
/// kept within each product's limits. The cart lives in a cookie; back to the cart page.
async fn cart(State(state): State<AppState>, req: Request<Body>) -> Response {
    use app::checkout::cart::{CART_COOKIE, encode, parse, set};
    let locale = locale_of(&req);
    let mut lines = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| app::i18n::prefs::cookie(h, CART_COOKIE))
        .map(parse)
        .unwrap_or_default();
    let (_, fields) = match form(req).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    // A product's limits now: (moq, most one order may take).
    let limits = |slug: String| {
        let db = state.db.clone();
        async move {
            sqlx::query_as::<_, (i64, i64, i64)>(
                "SELECT p.moq, p.max_per_order, p.stock FROM products p JOIN booths b ON b.id = p.booth_id
                  WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'",
            )
            .bind(slug)
            .fetch_optional(&db)
            .await
            .map(|row| row.map(|(moq, max, stock)| (moq, max.min(stock).max(moq))))
        }
    };
    let remove = field(&fields, "remove");
    let outcome: Result<(), sqlx::Error> = async {
        if !remove.is_empty() {
            lines = set(&lines, remove, 0);
        } else if field(&fields, "op") == "add" {
            let product = field(&fields, "product").trim().to_owned();
            if let Some((moq, max)) = limits(product.clone()).await? {
                let asked = field(&fields, "quantity")
                    .trim()
                    .parse::<i64>()
                    .unwrap_or(moq);
                let had = lines.iter().find(|(s, _)| *s == product).map_or(0, |l| l.1);
                lines = set(&lines, &product, (had + asked).clamp(moq, max));
            }
        } else {
            for (name, value) in &fields {
                let Some(product) = name.strip_prefix("quantity:") else {
                    continue;
                };
                let quantity = value.trim().parse::<i64>().unwrap_or(0);
                lines = match limits(product.to_owned()).await? {
                    Some((moq, max)) if quantity > 0 => {
                        set(&lines, product, quantity.clamp(moq, max))
                    }
                    _ => set(&lines, product, 0),
                };
            }
        }
        Ok(())
    }
    .await;
    if let Err(err) = outcome {
        return store_failed(&err);
    }
    let mut response = see_other(&format!("/{}/cart", locale.code()));
    let cookie = format!(
        "{CART_COOKIE}={}; Path=/; Max-Age=2592000; SameSite=Lax; HttpOnly",
        encode(&lines)
    );
    if let Ok(value) = http::HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Where a problem's field shows on the checkout form.
fn form_field(field: Option<&str>) -> &'static str {
    match field.unwrap_or("") {
        "email" => "email",
        f if f.ends_with(".quantity") || f == "items" => "quantity",
        "ship_to" | "ship_to.country" => "country",
        "ship_to.name" => "ship_name",
        "ship_to.address" => "ship_address",
        "incoterm" => "incoterm",
        "service" => "service",
        _ => "form",
    }
}

/// `POST /{locale}/checkout`: the web form, placed through the API's code path.
async fn checkout(state: AppState, site_url: SiteUrl, req: Request<Body>) -> Response {
    let locale = locale_of(&req);
    let user = req.extensions().get::<SignedIn>().map(|s| s.0.clone());
    let (mut parts, fields) = match form(req).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let f = |name: &str| field(&fields, name).trim().to_owned();
    // A refused form is shown again on the checkout page for the same choices.
    let again: String = serde_urlencoded::to_string([
        ("product", f("product")),
        ("quantity", f("quantity")),
        ("country", f("country")),
        ("service", f("service")),
        ("incoterm", f("incoterm")),
        ("stream", f("stream")),
        ("deal", f("deal")),
    ])
    .unwrap_or_default();
    on_page(&mut parts, locale, &format!("/checkout?{again}"));
    if f("intent") == "update" {
        // New choices: the same form again, priced for them, with what was typed kept (and
        // a fresh quote and key, so nothing old is reused).
        let values = fields
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "key" | "quote" | "intent"))
            .collect();
        return show(state, site_url, parts, values).await;
    }
    let incoterm = f("incoterm");
    let ship_to =
        (!f("country").is_empty() || !incoterm.eq_ignore_ascii_case("EXW")).then(|| ShipTo {
            country: f("country"),
            name: f("ship_name"),
            address: f("ship_address"),
        });
    // The cart's lines travel in the form, so the request (and its key) is self-contained.
    let from_cart: Vec<LineRequest> = fields
        .iter()
        .filter(|(k, _)| k == "line")
        .filter_map(|(_, v)| {
            let (product, quantity) = v.split_once(':')?;
            Some(LineRequest {
                product: product.to_owned(),
                quantity: quantity.parse().ok()?,
            })
        })
        .collect();
    let items = if !from_cart.is_empty() {
        from_cart
    } else if let Ok(quantity) = f("quantity").parse::<i64>() {
        vec![LineRequest {
            product: f("product"),
            quantity,
        }]
    } else {
        let refusal = Refusal::Invalid(vec![FieldProblem::new("quantity", "number")]);
        return answer(state, site_url, parts, Failure::Refused(refusal), fields).await;
    };
    let bought_cart = fields.iter().any(|(k, _)| k == "line");
    let quote = f("quote");
    let currency: String = sqlx::query_scalar("SELECT currency FROM fx_quotes WHERE id = $1")
        .bind(&quote)
        .fetch_optional(&state.db)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| "INR".to_owned());
    let request = CheckoutRequest {
        email: f("email"),
        currency,
        items,
        quote: Some(quote).filter(|q| !q.is_empty()),
        ship_to,
        service: Some(f("service")).filter(|s| !s.is_empty()),
        incoterm: Some(incoterm).filter(|s| !s.is_empty()),
        stream: Some(f("stream")).filter(|s| !s.is_empty()),
        locale: Some(locale.code().to_owned()),
        deal: f("deal").parse().ok(),
    };
    let body = serde_json::to_vec(&request).unwrap_or_default();
    let provider = state.payments.default;
    let key = f("key");
    match state
        .checkouts
        .checkout(&key, &body, user.map(|u| u.id), provider)
        .await
    {
        Ok(done) if done.status == 201 => {
            match serde_json::from_str::<CheckoutResponse>(&done.body) {
                Ok(response) => {
                    let mut to = see_other(&response.payment.url);
                    if bought_cart {
                        // Bought: the cart is empty again.
                        to.headers_mut().insert(
                            header::SET_COOKIE,
                            http::HeaderValue::from_static(
                                "pavilion_cart=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly",
                            ),
                        );
                    }
                    to
                }
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        Ok(refused) => {
            let problem: serde_json::Value =
                serde_json::from_str(&refused.body).unwrap_or_default();
            let code = problem["code"].as_str().unwrap_or("form").to_owned();
            let field = form_field(problem["field"].as_str());
            let one = FieldProblem::new(field, &code);
            let refusal = if refused.status == 409 {
                Refusal::Conflict(one)
            } else {
                Refusal::Invalid(vec![one])
            };
            answer(state, site_url, parts, Failure::Refused(refusal), fields).await
        }
        Err(err) => answer(state, site_url, parts, Failure::Store(err), fields).await,
    }
}

/// `GET /pay/{session}`: on to the provider's hosted page (or back to the order, if paid).
async fn pay(State(state): State<AppState>, site_url: SiteUrl, Path(id): Path<String>) -> Response {
    let session = match orders::pay_session(&state.db, &id).await {
        Ok(Some(session)) => session,
        Ok(None) => return (StatusCode::NOT_FOUND, "There is no such payment.\n").into_response(),
        Err(err) => return store_failed(&err),
    };
    if session.state == "paid" || session.state == "refunded" {
        return see_other(&session.return_path);
    }
    let Some(provider) = state.payments.get(&session.provider) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "This payment's provider is not configured here.\n",
        )
            .into_response();
    };
    match provider.start(&session.charge(&site_url.0)).await {
        Ok(url) => see_other(&url),
        Err(err) => {
            tracing::warn!(session = %id, error = %err, "the payment provider did not open a page");
            (
                StatusCode::BAD_GATEWAY,
                "The payment provider cannot be reached; try again in a moment.\n",
            )
                .into_response()
        }
    }
}

fn store_failed(err: &sqlx::Error) -> Response {
    tracing::error!(error = %err, "payments could not reach the store");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        "The pavilion is busy; please try again.\n",
    )
        .into_response()
}

/// `GET /pay/test/{session}`: the test provider's hosted page. It stands in for a payment
/// provider's own site, so it is deliberately its own small page, marked as test mode.
async fn test_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if state.payments.test().is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let session = match orders::pay_session(&state.db, &id).await {
        Ok(Some(s)) if s.provider == "test" => s,
        Ok(_) => return (StatusCode::NOT_FOUND, "There is no such payment.\n").into_response(),
        Err(err) => return store_failed(&err),
    };
    let open = matches!(session.state.as_str(), "open" | "declined")
        && session.expires_at.seconds() > now().seconds();
    let declined = query.iter().any(|(k, _)| k == "declined") || session.state == "declined";
    let html = orders::test_page_html(&session, open, declined);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// `POST /pay/test/{session}`: the buyer approved or declined. Like a real provider, the
/// test provider then sends its signed webhook, through the same handler that verifies
/// every provider's, and sends the buyer back to the shop.
async fn test_decide(
    State(state): State<AppState>,
    site_url: SiteUrl,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Some(test) = state.payments.test() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let session = match orders::pay_session(&state.db, &id).await {
        Ok(Some(s)) if s.provider == "test" => s,
        Ok(_) => return (StatusCode::NOT_FOUND, "There is no such payment.\n").into_response(),
        Err(err) => return store_failed(&err),
    };
    let approve = match field(&fields, "op") {
        "approve" => true,
        "decline" => false,
        _ => return (StatusCode::UNPROCESSABLE_ENTITY, "Approve or decline.\n").into_response(),
    };
    let paid = approve.then_some((session.amount_minor, session.currency));
    let (signature, event) = test.event(&session.id, paid, now());
    let mut headers = HeaderMap::new();
    if let Ok(value) = signature.parse() {
        headers.insert(TEST_SIGNATURE, value);
    }
    let delivered = webhook(&state, &site_url.0, "test", &headers, event.as_bytes()).await;
    if !delivered.status().is_success() {
        return delivered;
    }
    if approve {
        see_other(&session.return_path)
    } else {
        see_other(&format!("/pay/test/{id}?declined=1"))
    }
}

/// `POST /hooks/payments/{provider}`: verify, then apply once.
async fn webhook(
    state: &AppState,
    site: &str,
    provider: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let Some(provider) = state.payments.get(provider) else {
        return (StatusCode::NOT_FOUND, "No such payment provider.\n").into_response();
    };
    let event = match provider.receive(headers, body, now()) {
        Ok(event) => event,
        Err(why) => {
            let reason = match why {
                WebhookError::Unsigned => "unsigned",
                WebhookError::BadSignature => "bad signature",
                WebhookError::Stale => "timestamp outside the tolerance",
                WebhookError::Malformed => "not an event",
            };
            tracing::warn!(provider = provider.name(), reason, "webhook refused");
            return (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::json!({ "error": reason }).to_string(),
            )
                .into_response();
        }
    };
    match orders::apply(&state.db, provider.as_ref(), &event, site, now()).await {
        Ok(applied) => {
            let outcome = match applied {
                Applied::Done => "applied".to_owned(),
                Applied::Duplicate => "duplicate".to_owned(),
                Applied::Ignored(why) => format!("ignored: {why}"),
            };
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::json!({ "received": true, "outcome": outcome }).to_string(),
            )
                .into_response()
        }
        // Not applied and not recorded: the provider retries.
        Err(err) => store_failed(&err),
    }
}
