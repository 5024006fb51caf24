//! Being paid, at the HTTP edge: the payment providers this server is configured with, the
//! way to a provider's hosted page (`/pay/{session}`), the built-in test provider's page
//! (`/pay/test/{session}`), and provider webhooks (`POST /hooks/payments/{provider}`). The
//! checkout form and order actions are the checkout domain's (`app::checkout::actions`).

use crate::config::Config;
use anyhow::Context;
use app::checkout::orders::{self, Applied};
use app::checkout::payments::{
    ApiRequest, Payments, Pending, ProviderError, Stripe, TEST_SIGNATURE, Transport, WebhookError,
};
use app::forms::field;
use app::forms::post::see_other;
use app::state::{AppState, now};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::{HeaderMap, StatusCode, header};
use std::sync::Arc;

/// The provider this server takes payments with, as configured: Stripe, or the built-in test
/// provider when chosen explicitly. Neither is an error (the server does not start).
pub fn providers(config: &Config) -> anyhow::Result<Payments> {
    let Some(provider) = config.payments.provider else {
        anyhow::bail!(
            "no payment provider: set payments.provider = \"test\" (PAVILION_PAYMENTS_PROVIDER=test) for test mode, or Stripe's keys"
        );
    };
    if provider == crate::config::Provider::Stripe {
        let stripe = config
            .payments
            .stripe
            .as_ref()
            .context("payments.provider = \"stripe\" needs Stripe's keys")?;
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
            app::core::secrets::sha256_hex(format!("payments-test:{base}").as_bytes())
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

/// The routes of payment providers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pay/{session}", get(pay))
        .route("/pay/test/{session}", get(test_page).post(test_decide))
        .route(
            "/hooks/payments/{provider}",
            post(
                |State(state): State<AppState>,
                 Path(provider): Path<String>,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    webhook(&state, &provider, &headers, &body).await
                },
            )
            .layer(axum::extract::DefaultBodyLimit::max(crate::api::MAX_BODY)),
        )
}

/// `GET /pay/{session}`: on to the provider's hosted page (or back to the order, if paid).
async fn pay(State(state): State<AppState>, Path(id): Path<String>) -> Response {
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
    match provider.start(&session.charge(&state.site.0)).await {
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
    let delivered = webhook(&state, "test", &headers, event.as_bytes()).await;
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
async fn webhook(state: &AppState, provider: &str, headers: &HeaderMap, body: &[u8]) -> Response {
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
    match orders::apply(&state.db, provider.as_ref(), &event, &state.site.0, now()).await {
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
