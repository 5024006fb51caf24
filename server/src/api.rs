//! The JSON API for integrations: `POST /api/v1/checkout` (with an `Idempotency-Key`),
//! `GET /api/v1/orders/{order}`, `GET /api/v1/products/{product}` (with its trade terms),
//! and the OpenAPI document describing them. Errors are RFC 7807 problem details.

use app::checkout::model::{BuyerKey, IdempotencyKey, OrderNumber};
use app::checkout::store::{self, Answer, Buyer};
use app::error::AppError;
use app::forms::post::{ClientAddress, cookie};
use app::state::{AppState, now};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};

/// Largest checkout body read.
pub const MAX_BODY: usize = 64 * 1024;

fn json(status: u16, body: String, replayed: bool) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let kind = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    // A throttled caller learns when to come back.
    let retry_after = (status == StatusCode::TOO_MANY_REQUESTS)
        .then(|| serde_json::from_str::<serde_json::Value>(&body).ok())
        .flatten()
        .and_then(|problem| problem["retry_after"].as_i64());
    let mut response = (status, [(header::CONTENT_TYPE, kind)], body).into_response();
    if let Some(seconds) = retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// A refusal as problem details.
fn problem(err: &AppError) -> Response {
    json(err.status().as_u16(), err.problem_json(), false)
}

fn unavailable(err: &sqlx::Error) -> Response {
    tracing::error!(error = %err, "checkout could not reach the store");
    busy()
}

/// 503 as problem details with `Retry-After`: the caller retries with the same key.
pub fn busy() -> Response {
    let mut response = problem(&AppError::Unavailable);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// `POST /api/v1/checkout`. A browser's session cookie makes the buyer known (a deal needs
/// it); limits count the client address and the account.
pub async fn checkout(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<ClientAddress>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let user = match cookie(&headers, app::accounts::SESSION_COOKIE) {
        Some(token) => match app::accounts::store::session_user(&state.db, &token, now()).await {
            Ok(user) => user.map(|u| u.id),
            Err(err) => return unavailable(&err),
        },
        None => None,
    };
    let buyer = Buyer {
        user,
        client: client.key(),
        referral: cookie(&headers, app::creators::links::COOKIE),
    };
    match state
        .checkouts
        .checkout(
            IdempotencyKey::parse(key),
            app::checkout::store::Submitted::from_json(&body),
            buyer,
            state.payments.default,
        )
        .await
    {
        Ok(Answer {
            status,
            body,
            replayed,
        }) => json(status, body, replayed),
        Err(err) => unavailable(&err),
    }
}

/// `GET /api/v1/orders/{order}?key={key}`: the order's own key (in the checkout's answer
/// and the buyer's emails) opens it; without it (or with another) the order does not exist.
pub async fn order(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let key = query
        .iter()
        .find(|(k, _)| k == "key")
        .and_then(|(_, v)| BuyerKey::parse(v));
    let Some(number) = OrderNumber::parse(&number) else {
        return problem(&AppError::NotFound);
    };
    match store::order(&state.db, number.as_str()).await {
        Ok(Some(order))
            if key.is_some_and(|k| app::core::secrets::same_secret(k.as_str(), &order.key)) =>
        {
            json(
                200,
                serde_json::to_string(&order).unwrap_or_default(),
                false,
            )
        }
        Ok(_) => problem(&AppError::NotFound),
        Err(err) => unavailable(&err),
    }
}

/// `GET /api/v1/products/{product}[?locale=de]`: a product on sale with its trade terms, for
/// an importer's purchasing system. Prices in INR minor units; the checkout charges each line
/// the unit price of the last break its quantity reaches.
pub async fn product(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let locale = query
        .iter()
        .find(|(k, _)| k == "locale")
        .and_then(|(_, v)| app::i18n::Locale::parse(v))
        .unwrap_or(app::i18n::Locale::En);
    let Ok(slug) = app::core::Slug::parse(&slug) else {
        return problem(&AppError::NotFound);
    };
    let found = match app::pavilion::store::product(&state.db, locale, slug.as_str()).await {
        Ok(Some(found)) => found,
        Ok(None) => return problem(&AppError::NotFound),
        Err(err) => return unavailable(&err),
    };
    let p = found.detail;
    let terms = &p.trade;
    let body = serde_json::json!({
        "product": p.slug,
        "booth": found.booth_slug,
        "name": p.name,
        "unit": p.unit,
        "currency": "INR",
        "price_minor": p.price.minor,
        "moq": p.moq,
        "max_per_order": p.max_per_order,
        "stock": p.stock,
        "price_breaks": terms.breaks.breaks(),
        "sample": terms.sample.as_ref().map(|s| serde_json::json!({
            "price_minor": s.price_minor,
            "per_buyer": s.per_buyer,
            "weight_grams": s.weight_grams,
            "available": s.left,
        })),
        "lead_days": terms.lead_days,
        "packaging": terms.packaging,
        "incoterms": terms.incoterms.iter().map(|t| t.code()).collect::<Vec<_>>(),
        "hs_code": p.hs_code,
        "origin": p.origin,
        "weight_grams": p.weight_grams,
    });
    json(200, body.to_string(), false)
}

/// `POST /api/v1/quotes` with `{"currency": "USD"}`: locks today's rate for 15 minutes.
pub async fn quote(State(state): State<AppState>, body: Bytes) -> Response {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Ask {
        currency: String,
    }
    let Ok(ask) = serde_json::from_slice::<Ask>(&body) else {
        return problem(
            &AppError::bad_request("form", "malformed")
                .with_detail("Send {\"currency\": \"USD\"}."),
        );
    };
    let Some(currency) = app::core::Currency::parse(ask.currency.trim()) else {
        return problem(
            &AppError::invalid("currency", "currency")
                .with_detail("Choose a currency the pavilion prices in."),
        );
    };
    match app::checkout::orders::new_quote(&state.db, currency, now()).await {
        Ok(Some(quote)) => json(
            201,
            serde_json::to_string(&quote).unwrap_or_default(),
            false,
        ),
        Ok(None) => problem(
            &AppError::invalid("currency", "currency")
                .with_detail("There is no exchange rate for this currency yet."),
        ),
        Err(err) => unavailable(&err),
    }
}

/// Releases expired holds, sends the refunds owed and rolls up the live streams' minutes
/// every 30 seconds; hourly, forgets old idempotency keys, rate-limit events, FX quotes and
/// the raw viewer sessions older than `raw_days`.
pub async fn housekeeping(state: AppState, raw_days: i64) {
    let db = state.db.clone();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
    let mut rounds: u64 = 0;
    loop {
        tick.tick().await;
        let payments = &state.payments;
        match app::checkout::orders::send_refunds(
            &db,
            |name| payments.get(name).map(|p| p.as_ref()),
            &state.site.0,
            now(),
            None,
        )
        .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(refunds = n, "refunds owed sent"),
            Err(err) => tracing::warn!(error = %err, "sending refunds owed failed; retrying"),
        }
        match store::release_expired(&db, now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders = n, "expired holds released"),
            Err(err) => tracing::warn!(error = %err, "releasing expired holds failed; retrying"),
        }
        if let Err(err) = app::insights::rollup::roll_up_recent(&db, now().seconds() * 1000).await {
            tracing::warn!(error = %err, "rolling up stream minutes failed; retrying");
        }
        if rounds.is_multiple_of(120) {
            if let Err(err) =
                app::insights::rollup::purge_raw(&db, raw_days, now().seconds() * 1000).await
            {
                tracing::warn!(error = %err, "forgetting old viewer sessions failed");
            }
            if let Err(err) = store::forget_keys(&db, now()).await {
                tracing::warn!(error = %err, "forgetting old idempotency keys failed");
            }
            if let Err(err) = app::creators::links::store::forget_clicks(&db, now()).await {
                tracing::warn!(error = %err, "forgetting expired link clicks failed");
            }
            if let Err(err) = app::core::throttle::forget_old(&db, now()).await {
                tracing::warn!(error = %err, "forgetting old rate-limit events failed");
            }
            if let Err(err) = app::checkout::orders::forget_quotes(&db, now()).await {
                tracing::warn!(error = %err, "forgetting old FX quotes failed");
            }
        }
        rounds += 1;
    }
}

/// `GET /api/v1/openapi.json`: the API, described for integrators (OpenAPI 3.1).
pub async fn openapi() -> Response {
    let problem = serde_json::json!({ "$ref": "#/components/schemas/Problem" });
    let document = serde_json::json!({
        "openapi": "3.1.0",
        "info": {
            "title": "India Pavilion checkout API",
            "version": "1",
            "description": "Instant checkout for integrations. Every order-creating request carries an Idempotency-Key: the same key with the same body replays the stored response (errors included, marked Idempotent-Replayed: true); the same key with another body is a 422. Keys are kept at least 24 hours. Money is in minor units of the named currency."
        },
        "paths": {
            "/api/v1/checkout": {
                "post": {
                    "operationId": "checkout",
                    "summary": "Reserve stock and create one pending order per exhibitor",
                    "parameters": [{
                        "name": "Idempotency-Key", "in": "header", "required": true,
                        "schema": { "type": "string", "minLength": 1, "maxLength": 255 }
                    }],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CheckoutRequest" } } }
                    },
                    "responses": {
                        "201": { "description": "Orders created (held for 15 minutes)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CheckoutResponse" } } } },
                        "400": { "description": "No or bad Idempotency-Key, or a body that is not a checkout request", "content": { "application/problem+json": { "schema": problem } } },
                        "409": { "description": "Out of stock, or the same key still in progress", "content": { "application/problem+json": { "schema": problem } } },
                        "422": { "description": "Invalid fields, or the key was used with another body", "content": { "application/problem+json": { "schema": problem } } },
                        "503": { "description": "Busy: retry with the same key", "content": { "application/problem+json": { "schema": problem } } }
                    }
                }
            },
            "/api/v1/quotes": {
                "post": {
                    "operationId": "createQuote",
                    "summary": "Lock today's exchange rate for a currency for 15 minutes",
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "type": "object", "required": ["currency"], "properties": { "currency": { "type": "string" } } } } }
                    },
                    "responses": {
                        "201": { "description": "The quote", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FxQuote" } } } },
                        "422": { "description": "Unknown currency or no rate for it", "content": { "application/problem+json": { "schema": problem } } }
                    }
                }
            },
            "/api/v1/products/{product}": {
                "get": {
                    "operationId": "getProduct",
                    "summary": "A product on sale with its trade terms: price breaks, sample offer, lead time, packaging and Incoterms",
                    "parameters": [
                        { "name": "product", "in": "path", "required": true, "schema": { "type": "string" } },
                        { "name": "locale", "in": "query", "required": false, "schema": { "type": "string", "default": "en" }, "description": "The language of the name" }
                    ],
                    "responses": {
                        "200": { "description": "The product", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Product" } } } },
                        "404": { "description": "No such product on sale", "content": { "application/problem+json": { "schema": problem } } }
                    }
                }
            },
            "/api/v1/orders/{order}": {
                "get": {
                    "operationId": "getOrder",
                    "summary": "One order by its number, for the holder of its buyer key",
                    "parameters": [
                        { "name": "order", "in": "path", "required": true, "schema": { "type": "string" } },
                        { "name": "key", "in": "query", "required": true, "schema": { "type": "string" }, "description": "The order's own buyer key (`ok_…`, in the checkout's answer and the buyer's emails)" }
                    ],
                    "responses": {
                        "200": { "description": "The order", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Order" } } } },
                        "404": { "description": "No such order", "content": { "application/problem+json": { "schema": problem } } }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "CheckoutRequest": {
                    "type": "object", "additionalProperties": false,
                    "required": ["email", "items"],
                    "properties": {
                        "email": { "type": "string", "format": "email" },
                        "currency": { "type": "string", "description": "ISO 4217; INR when absent", "default": "INR" },
                        "quote": { "type": "string", "description": "An FX quote from POST /api/v1/quotes in the same currency; its rate is used while it lasts (422 quote_expired after)" },
                        "ship_to": { "$ref": "#/components/schemas/ShipTo" },
                        "service": { "type": "string", "enum": ["economy", "express"], "default": "economy" },
                        "incoterm": { "type": "string", "enum": ["EXW", "FOB", "CIF", "DDP"], "description": "DDP when ship_to is given, else EXW. Every term but EXW needs ship_to; DDP needs the destination's duties in the table (else 422 ddp_unavailable)" },
                        "stream": { "type": "string", "description": "The stream the buyer bought in (attribution to it and its host)" },
                        "locale": { "type": "string", "description": "The language of the emails about the order", "default": "en" },
                        "items": { "type": "array", "minItems": 1, "maxItems": store::MAX_LINES, "items": {
                            "type": "object", "additionalProperties": false, "required": ["product", "quantity"],
                            "properties": {
                                "product": { "type": "string" }, "quantity": { "type": "integer", "minimum": 1 },
                                "sample": { "type": "boolean", "default": false, "description": "The product's sample offer (its price, weight and per-buyer cap) instead of the product; needs a signed-in buyer" }
                            }
                        } }
                    }
                },
                "Product": {
                    "type": "object",
                    "required": ["product", "booth", "name", "unit", "currency", "price_minor", "moq", "max_per_order", "stock", "price_breaks", "sample", "lead_days", "packaging", "incoterms"],
                    "properties": {
                        "product": { "type": "string" }, "booth": { "type": "string" }, "name": { "type": "string" }, "unit": { "type": "string" },
                        "currency": { "const": "INR" },
                        "price_minor": { "type": "integer", "description": "The list price of one unit, from the minimum order" },
                        "moq": { "type": "integer" }, "max_per_order": { "type": "integer" }, "stock": { "type": "integer" },
                        "price_breaks": { "type": "array", "description": "Lowest quantity first, each cheaper than the one before; an order line of at least `from` units pays `price_minor` for every unit", "items": {
                            "type": "object", "required": ["from", "price_minor"],
                            "properties": { "from": { "type": "integer" }, "price_minor": { "type": "integer" } }
                        } },
                        "sample": { "oneOf": [{ "type": "null" }, {
                            "type": "object", "required": ["price_minor", "per_buyer", "weight_grams", "available"],
                            "description": "Order it with a checkout line {\"product\": …, \"quantity\": n, \"sample\": true} (signed-in buyers; at most per_buyer each)",
                            "properties": { "price_minor": { "type": "integer" }, "per_buyer": { "type": "integer" }, "weight_grams": { "type": "integer" }, "available": { "type": "integer" } }
                        }] },
                        "lead_days": { "type": "integer", "description": "Days from payment to dispatch; 0 for ready stock" },
                        "packaging": { "type": "string" },
                        "incoterms": { "type": "array", "items": { "type": "string", "enum": ["EXW", "FOB", "CIF", "DDP"] }, "description": "A checkout on another term is refused (422 incoterm_not_offered)" },
                        "hs_code": { "type": "string" }, "origin": { "type": "string" }, "weight_grams": { "type": "integer" }
                    }
                },
                "ShipTo": {
                    "type": "object", "additionalProperties": false, "required": ["country", "name", "address"],
                    "properties": {
                        "country": { "type": "string", "description": "ISO 3166-1 alpha-2" },
                        "name": { "type": "string", "maxLength": 120 },
                        "address": { "type": "string", "minLength": 5, "maxLength": 500 }
                    }
                },
                "Shipping": {
                    "type": "object",
                    "description": "Amounts in the order's currency; total_minor is goods plus the parts the Incoterm includes (FOB: handling; CIF: + freight and insurance; DDP: + duties)",
                    "properties": {
                        "country": { "type": "string" }, "service": { "type": "string" }, "incoterm": { "type": "string" },
                        "goods_minor": { "type": "integer" }, "handling_minor": { "type": "integer" }, "freight_minor": { "type": "integer" },
                        "insurance_minor": { "type": "integer" }, "duties_minor": { "type": ["integer", "null"], "description": "null when the duty table has no rate" },
                        "days_min": { "type": "integer" }, "days_max": { "type": "integer" },
                        "carrier": { "type": "string" }, "tracking": { "type": "string" }
                    }
                },
                "OrderEvent": {
                    "type": "object",
                    "properties": { "state": { "type": "string" }, "actor": { "type": "string" }, "at": { "type": "string", "format": "date-time" }, "note": { "type": "string" } }
                },
                "PaymentLink": {
                    "type": "object",
                    "description": "Send the buyer to url; the order becomes paid only when the provider's signed webhook arrives at /hooks/payments/{provider}",
                    "properties": {
                        "session": { "type": "string" }, "provider": { "type": "string" }, "url": { "type": "string" },
                        "currency": { "type": "string" }, "amount_minor": { "type": "integer" }
                    }
                },
                "FxQuote": {
                    "type": "object",
                    "properties": {
                        "quote": { "type": "string" }, "currency": { "type": "string" },
                        "inr_per_unit_micros": { "type": "integer", "description": "INR per unit of the currency, in millionths" },
                        "expires_at": { "type": "string", "format": "date-time" }
                    }
                },
                "OrderLine": {
                    "type": "object",
                    "required": ["product", "name", "quantity", "unit_minor", "unit_inr_minor", "sample"],
                    "properties": {
                        "product": { "type": "string" }, "name": { "type": "string" },
                        "quantity": { "type": "integer" },
                        "unit_minor": { "type": "integer", "description": "The unit price charged: the list price, the price break the quantity reaches, a deal's or a sample's price" },
                        "unit_inr_minor": { "type": "integer" },
                        "sample": { "type": "boolean" }
                    }
                },
                "Order": {
                    "type": "object",
                    "required": ["number", "key", "booth", "state", "currency", "total_minor", "total_inr_minor", "created_at", "expires_at", "items"],
                    "properties": {
                        "number": { "type": "string" }, "key": { "type": "string", "description": "The buyer's key to this order" }, "booth": { "type": "string" },
                        "state": { "type": "string", "enum": ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"] },
                        "currency": { "type": "string" }, "total_minor": { "type": "integer" }, "total_inr_minor": { "type": "integer" },
                        "created_at": { "type": "string", "format": "date-time" }, "expires_at": { "type": "string", "format": "date-time" },
                        "items": { "type": "array", "items": { "$ref": "#/components/schemas/OrderLine" } },
                        "shipping": { "$ref": "#/components/schemas/Shipping" },
                        "stream": { "type": ["string", "null"] }, "host": { "type": ["string", "null"] },
                        "creator": { "type": ["string", "null"], "description": "The creator credited, last touch: their tracked link, or the stream they hosted" },
                        "link": { "type": ["string", "null"], "description": "The code of the creator's link the order came through" },
                        "history": { "type": "array", "items": { "$ref": "#/components/schemas/OrderEvent" } }
                    }
                },
                "CheckoutResponse": {
                    "type": "object", "required": ["checkout", "orders", "payment"],
                    "properties": {
                        "checkout": { "type": "string" },
                        "orders": { "type": "array", "items": { "$ref": "#/components/schemas/Order" } },
                        "payment": { "$ref": "#/components/schemas/PaymentLink" }
                    }
                },
                "Problem": {
                    "type": "object", "required": ["type", "title", "status", "detail", "code"],
                    "properties": {
                        "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" },
                        "detail": { "type": "string" }, "code": { "type": "string" }, "field": { "type": ["string", "null"] }
                    }
                }
            }
        }
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        document.to_string(),
    )
        .into_response()
}
