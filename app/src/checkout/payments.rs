//! Payments behind a provider interface. The app never sees card data: the buyer pays on the
//! provider's hosted page, and an order becomes paid only when the provider's webhook arrives
//! and its signature checks out.
//!
//! Webhooks are signed as Stripe documents: a header `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`
//! where each `v1` is HMAC-SHA256 of `"{t}.{raw body}"` under the endpoint's secret. A
//! signature is accepted when any `v1` matches (secrets roll over) and `t` is within 300 s.
//! Both providers here speak Stripe's event format, so one parser reads them.

use crate::core::secrets::{hex, new_token, sha256_hex};
use crate::core::{Currency, Instant};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// How far a webhook's timestamp may be from now.
pub const TOLERANCE_SECONDS: i64 = 300;

type HmacSha256 = Hmac<Sha256>;

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The signature header for `body` at `timestamp`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp},v1={}",
        hex(&mac(secret, timestamp, body).finalize().into_bytes())
    )
}

/// Why a webhook was not believed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookError {
    /// No signature header, or one without `t` or `v1`.
    Unsigned,
    /// No `v1` matches the body under the secret.
    BadSignature,
    /// Signed too long ago (or too far ahead): a replay.
    Stale,
    /// Signed, but not an event this app understands.
    Malformed,
}

/// Checks a signature header against the raw body; constant-time per candidate.
pub fn verify(secret: &str, header: &str, body: &[u8], now: Instant) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => candidates.push(v),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::Unsigned)?;
    if candidates.is_empty() {
        return Err(WebhookError::Unsigned);
    }
    let matches = candidates.iter().any(|candidate| {
        unhex(candidate)
            .is_some_and(|bytes| mac(secret, timestamp, body).verify_slice(&bytes).is_ok())
    });
    if !matches {
        return Err(WebhookError::BadSignature);
    }
    if (now.seconds() - timestamp).abs() > TOLERANCE_SECONDS {
        return Err(WebhookError::Stale);
    }
    Ok(())
}

/// What a verified webhook says happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The buyer paid `amount_minor` for our session; `payment_ref` names the payment for refunds.
    Paid {
        session: String,
        payment_ref: String,
        amount_minor: i64,
        currency: String,
    },
    /// The payment was declined or failed; the buyer may try again while the hold lasts.
    Failed { session: String },
    /// The provider's page expired unused.
    Expired { session: String },
    /// The provider confirms a refund of a payment.
    Refunded {
        payment_ref: String,
        amount_minor: i64,
    },
    /// An event type this app does not act on.
    Other(String),
}

/// Reads a Stripe-format event (`{"id", "type", "data": {"object": …}}`). Our session id
/// travels as the Checkout Session's `client_reference_id`.
pub fn parse_event(body: &[u8]) -> Result<Event, WebhookError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| WebhookError::Malformed)?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    let id = text(&value["id"]).ok_or(WebhookError::Malformed)?;
    let kind = text(&value["type"]).ok_or(WebhookError::Malformed)?;
    let object = &value["data"]["object"];
    let session = || text(&object["client_reference_id"]).ok_or(WebhookError::Malformed);
    let kind = match kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            if object["payment_status"].as_str() != Some("paid") {
                // Completed but not yet paid (a delayed method): wait for the next event.
                EventKind::Other(kind)
            } else {
                EventKind::Paid {
                    session: session()?,
                    payment_ref: text(&object["payment_intent"]).ok_or(WebhookError::Malformed)?,
                    amount_minor: object["amount_total"]
                        .as_i64()
                        .ok_or(WebhookError::Malformed)?,
                    currency: text(&object["currency"])
                        .ok_or(WebhookError::Malformed)?
                        .to_ascii_uppercase(),
                }
            }
        }
        "checkout.session.async_payment_failed" => EventKind::Failed {
            session: session()?,
        },
        "checkout.session.expired" => EventKind::Expired {
            session: session()?,
        },
        "charge.refunded" => EventKind::Refunded {
            payment_ref: text(&object["payment_intent"]).ok_or(WebhookError::Malformed)?,
            amount_minor: object["amount_refunded"]
                .as_i64()
                .ok_or(WebhookError::Malformed)?,
        },
        _ => EventKind::Other(kind),
    };
    Ok(Event { id, kind })
}

/// A payment session as a provider needs it to take the money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charge {
    pub session: String,
    pub currency: Currency,
    pub amount_minor: i64,
    /// One line per order, as the buyer will read it on the provider's page.
    pub lines: Vec<(String, i64)>,
    pub email: String,
    /// Absolute addresses the provider sends the buyer back to.
    pub success_url: String,
    pub cancel_url: String,
    pub expires_at: Instant,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("the payment provider could not be reached: {0}")]
    Unreachable(String),
    #[error("the payment provider refused: {0}")]
    Refused(String),
}

pub type Pending<'a, T> = Pin<Box<dyn Future<Output = Result<T, ProviderError>> + Send + 'a>>;

/// A payment provider: where the buyer pays, how its webhooks are believed, how money goes back.
pub trait PaymentProvider: Send + Sync {
    /// The name in `/hooks/payments/{name}` and on payment sessions.
    fn name(&self) -> &'static str;
    /// Opens the provider's hosted page for `charge`; the address to send the buyer to.
    fn start<'a>(&'a self, charge: &'a Charge) -> Pending<'a, String>;
    /// Verifies a webhook (headers and raw body) and reads its event.
    fn receive(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: Instant,
    ) -> Result<Event, WebhookError>;
    /// Refunds `amount_minor` of a payment; `key` makes a retried refund the same refund.
    fn refund<'a>(
        &'a self,
        payment_ref: &'a str,
        amount_minor: i64,
        key: &'a str,
    ) -> Pending<'a, String>;
}

/// Verifies a webhook signed in the `header` header with `secret`, then reads its event.
fn receive_signed(
    headers: &http::HeaderMap,
    header: &str,
    secret: &str,
    body: &[u8],
    now: Instant,
) -> Result<Event, WebhookError> {
    let signature = headers
        .get(header)
        .and_then(|v| v.to_str().ok())
        .ok_or(WebhookError::Unsigned)?;
    verify(secret, signature, body, now)?;
    parse_event(body)
}

/// The built-in test provider: a hosted page at `/pay/test/{session}`, clearly marked as test
/// mode, where the buyer approves or declines; it then signs its webhook like Stripe does
/// (header `Pavilion-Signature`) and delivers it to `/hooks/payments/test`.
pub struct TestProvider {
    pub secret: String,
}

pub const TEST_SIGNATURE: &str = "pavilion-signature";

impl TestProvider {
    /// The signed event the test page sends when the buyer approves (`paid`) or declines.
    pub fn event(
        &self,
        charge_session: &str,
        paid: Option<(i64, Currency)>,
        now: Instant,
    ) -> (String, String) {
        let token = new_token();
        let body = match paid {
            Some((amount, currency)) => serde_json::json!({
                "id": format!("evt_test_{}", &token[..20]),
                "type": "checkout.session.completed",
                "created": now.seconds(),
                "data": { "object": {
                    "object": "checkout.session",
                    "client_reference_id": charge_session,
                    "payment_status": "paid",
                    "payment_intent": format!("pi_test_{}", &token[20..40]),
                    "amount_total": amount,
                    "currency": currency.code().to_ascii_lowercase(),
                } }
            }),
            None => serde_json::json!({
                "id": format!("evt_test_{}", &token[..20]),
                "type": "checkout.session.async_payment_failed",
                "created": now.seconds(),
                "data": { "object": {
                    "object": "checkout.session",
                    "client_reference_id": charge_session,
                    "payment_status": "unpaid",
                } }
            }),
        }
        .to_string();
        let signature = sign(&self.secret, now.seconds(), body.as_bytes());
        (signature, body)
    }
}

impl PaymentProvider for TestProvider {
    fn name(&self) -> &'static str {
        "test"
    }

    fn start<'a>(&'a self, charge: &'a Charge) -> Pending<'a, String> {
        Box::pin(async move { Ok(format!("/pay/test/{}", charge.session)) })
    }

    fn receive(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: Instant,
    ) -> Result<Event, WebhookError> {
        receive_signed(headers, TEST_SIGNATURE, &self.secret, body, now)
    }

    fn refund<'a>(
        &'a self,
        payment_ref: &'a str,
        _amount_minor: i64,
        key: &'a str,
    ) -> Pending<'a, String> {
        Box::pin(async move {
            if payment_ref.is_empty() {
                return Err(ProviderError::Refused("no payment to refund".into()));
            }
            // The test provider's refunds always succeed; the id is stable per key.
            Ok(format!("re_test_{}", &sha256_hex(key.as_bytes())[..24]))
        })
    }
}

/// An HTTP request to a provider's API, form-encoded as Stripe's API expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
}

/// Sends provider API requests; the server gives a real HTTP client, tests a recorder.
pub trait Transport: Send + Sync {
    /// POSTs `request`; the status and body of the answer.
    fn post<'a>(&'a self, request: ApiRequest) -> Pending<'a, (u16, String)>;
}

/// A Stripe-compatible adapter: Checkout Sessions for payment, Refunds for money back, and
/// webhooks verified with the endpoint secret (header `Stripe-Signature`).
pub struct Stripe {
    pub api_key: String,
    pub webhook_secret: String,
    /// `https://api.stripe.com` in production; a compatible server elsewhere.
    pub api_base: String,
    pub transport: Arc<dyn Transport>,
}

pub const STRIPE_SIGNATURE: &str = "stripe-signature";

/// Stripe refuses Checkout Sessions that expire sooner than this.
const STRIPE_MIN_EXPIRY: i64 = 30 * 60;

impl Stripe {
    fn request(&self, path: &str, key: &str, form: Vec<(String, String)>) -> ApiRequest {
        ApiRequest {
            url: format!("{}{path}", self.api_base.trim_end_matches('/')),
            headers: vec![
                ("Authorization".into(), format!("Bearer {}", self.api_key)),
                ("Idempotency-Key".into(), key.to_owned()),
            ],
            form,
        }
    }

    /// The `POST /v1/checkout/sessions` request for `charge`.
    pub fn session_request(&self, charge: &Charge, now: Instant) -> ApiRequest {
        let currency = charge.currency.code().to_ascii_lowercase();
        let mut form: Vec<(String, String)> = vec![
            ("mode".into(), "payment".into()),
            ("client_reference_id".into(), charge.session.clone()),
            ("customer_email".into(), charge.email.clone()),
            ("success_url".into(), charge.success_url.clone()),
            ("cancel_url".into(), charge.cancel_url.clone()),
            (
                "expires_at".into(),
                charge
                    .expires_at
                    .seconds()
                    .max(now.seconds() + STRIPE_MIN_EXPIRY)
                    .to_string(),
            ),
            ("metadata[session]".into(), charge.session.clone()),
        ];
        for (i, (name, amount)) in charge.lines.iter().enumerate() {
            let item = |field: &str| format!("line_items[{i}]{field}");
            form.push((item("[quantity]"), "1".into()));
            form.push((item("[price_data][currency]"), currency.clone()));
            form.push((item("[price_data][unit_amount]"), amount.to_string()));
            form.push((item("[price_data][product_data][name]"), name.clone()));
        }
        self.request("/v1/checkout/sessions", &charge.session, form)
    }

    /// The `POST /v1/refunds` request.
    pub fn refund_request(&self, payment_ref: &str, amount_minor: i64, key: &str) -> ApiRequest {
        self.request(
            "/v1/refunds",
            key,
            vec![
                ("payment_intent".into(), payment_ref.to_owned()),
                ("amount".into(), amount_minor.to_string()),
            ],
        )
    }

    async fn call(&self, request: ApiRequest, field: &str) -> Result<String, ProviderError> {
        let (status, body) = self.transport.post(request).await?;
        let value: serde_json::Value = serde_json::from_str(&body)
            .map_err(|_| ProviderError::Refused(format!("status {status}, not JSON")))?;
        if !(200..300).contains(&status) {
            let message = value["error"]["message"].as_str().unwrap_or("no message");
            return Err(ProviderError::Refused(format!(
                "status {status}: {message}"
            )));
        }
        value[field]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ProviderError::Refused(format!("the answer has no {field}")))
    }
}

impl PaymentProvider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn start<'a>(&'a self, charge: &'a Charge) -> Pending<'a, String> {
        Box::pin(async move {
            let request = self.session_request(charge, crate::state::now());
            self.call(request, "url").await
        })
    }

    fn receive(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: Instant,
    ) -> Result<Event, WebhookError> {
        receive_signed(headers, STRIPE_SIGNATURE, &self.webhook_secret, body, now)
    }

    fn refund<'a>(
        &'a self,
        payment_ref: &'a str,
        amount_minor: i64,
        key: &'a str,
    ) -> Pending<'a, String> {
        Box::pin(async move {
            let request = self.refund_request(payment_ref, amount_minor, key);
            self.call(request, "id").await
        })
    }
}

/// The providers this pavilion takes payments with; new checkouts use `default`.
#[derive(Clone)]
pub struct Payments {
    pub default: &'static str,
    providers: Vec<Arc<dyn PaymentProvider>>,
    test: Option<Arc<TestProvider>>,
}

impl Payments {
    pub fn new(providers: Vec<Arc<dyn PaymentProvider>>) -> Self {
        let default = providers.first().map_or("test", |p| p.name());
        Self {
            default,
            providers,
            test: None,
        }
    }

    /// Whether payments go through the built-in test provider (no real money moves).
    pub fn is_test(&self) -> bool {
        self.test.is_some()
    }

    /// Payments through the built-in test provider only.
    pub fn test_mode(secret: String) -> Self {
        let test = Arc::new(TestProvider { secret });
        Self {
            default: "test",
            providers: vec![test.clone()],
            test: Some(test),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn PaymentProvider>> {
        self.providers.iter().find(|p| p.name() == name)
    }

    /// The test provider, when this pavilion has it.
    pub fn test(&self) -> Option<&TestProvider> {
        self.test.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors signed outside this code (Python's `hmac` module), as Stripe's libraries do.
    const SECRET: &str = "whsec_test_secret";
    const BODY: &str = r#"{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"client_reference_id":"ps_abc","payment_status":"paid","payment_intent":"pi_1","amount_total":1999,"currency":"usd"}}}"#;
    const T: i64 = 1_790_000_000;
    const V1: &str = "ea15f684756380855df2562b2c0c871a3a4252fc461229f5bcade72b27127034";
    const V1_OTHER_SECRET: &str =
        "592a5ae1800e25aa320ea780531c96e7593540f0d02f4f92d9dad6e0ad6ca19f";

    #[test]
    fn signs_like_stripe() {
        assert_eq!(sign(SECRET, T, BODY.as_bytes()), format!("t={T},v1={V1}"));
    }

    #[test]
    fn accepts_a_matching_signature_within_tolerance() {
        let header = format!("t={T},v1={V1}");
        assert_eq!(
            verify(SECRET, &header, BODY.as_bytes(), Instant(T + 299)),
            Ok(())
        );
        assert_eq!(
            verify(SECRET, &header, BODY.as_bytes(), Instant(T - 300)),
            Ok(())
        );
        // A rolled secret: the first v1 is from another secret, the second matches.
        let rolled = format!("t={T},v1={V1_OTHER_SECRET},v0=deadbeef,v1={V1}");
        assert_eq!(verify(SECRET, &rolled, BODY.as_bytes(), Instant(T)), Ok(()));
    }

    #[test]
    fn refuses_stale_tampered_and_unsigned() {
        let header = format!("t={T},v1={V1}");
        assert_eq!(
            verify(SECRET, &header, BODY.as_bytes(), Instant(T + 301)),
            Err(WebhookError::Stale)
        );
        let tampered = BODY.replace("1999", "1");
        assert_eq!(
            verify(SECRET, &header, tampered.as_bytes(), Instant(T)),
            Err(WebhookError::BadSignature)
        );
        // The timestamp is signed too: moving it breaks the signature.
        let moved = format!("t={},v1={V1}", T + 1);
        assert_eq!(
            verify(SECRET, &moved, BODY.as_bytes(), Instant(T)),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify("whsec_other", &header, BODY.as_bytes(), Instant(T)),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify(SECRET, "", BODY.as_bytes(), Instant(T)),
            Err(WebhookError::Unsigned)
        );
        assert_eq!(
            verify(
                SECRET,
                &format!("t={T},v0={V1}"),
                BODY.as_bytes(),
                Instant(T)
            ),
            Err(WebhookError::Unsigned)
        );
        assert_eq!(
            verify(SECRET, &format!("t={T},v1=zz"), BODY.as_bytes(), Instant(T)),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn reads_stripe_events() {
        let event = parse_event(BODY.as_bytes()).expect("event");
        assert_eq!(
            event,
            Event {
                id: "evt_1".into(),
                kind: EventKind::Paid {
                    session: "ps_abc".into(),
                    payment_ref: "pi_1".into(),
                    amount_minor: 1999,
                    currency: "USD".into(),
                },
            }
        );
        let unpaid = BODY.replace(r#""paid""#, r#""unpaid""#);
        assert!(matches!(
            parse_event(unpaid.as_bytes()).map(|e| e.kind),
            Ok(EventKind::Other(_))
        ));
        assert_eq!(parse_event(b"{}"), Err(WebhookError::Malformed));
        let refunded = r#"{"id":"evt_2","type":"charge.refunded","data":{"object":{"payment_intent":"pi_1","amount_refunded":500}}}"#;
        assert_eq!(
            parse_event(refunded.as_bytes()).map(|e| e.kind),
            Ok(EventKind::Refunded {
                payment_ref: "pi_1".into(),
                amount_minor: 500
            })
        );
    }

    struct Recorder(std::sync::Mutex<Vec<ApiRequest>>, (u16, String));

    impl Transport for Recorder {
        fn post<'a>(&'a self, request: ApiRequest) -> Pending<'a, (u16, String)> {
            self.0.lock().expect("lock").push(request);
            let answer = self.1.clone();
            Box::pin(async move { Ok(answer) })
        }
    }

    fn stripe_with(answer: (u16, &str)) -> (Stripe, Arc<Recorder>) {
        let recorder = Arc::new(Recorder(
            Default::default(),
            (answer.0, answer.1.to_owned()),
        ));
        (
            Stripe {
                api_key: "sk_test_123".into(),
                webhook_secret: SECRET.into(),
                api_base: "https://api.stripe.test/".into(),
                transport: recorder.clone(),
            },
            recorder,
        )
    }

    fn charge() -> Charge {
        Charge {
            session: "ps_abc".into(),
            currency: Currency::Usd,
            amount_minor: 1999,
            lines: vec![("Order PV-1 from Malabar Spice".into(), 1999)],
            email: "buyer@example.com".into(),
            success_url: "https://pavilion.test/en/orders/PV-1".into(),
            cancel_url: "https://pavilion.test/en/checkout".into(),
            expires_at: Instant(T + 900),
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn builds_checkout_sessions_as_stripe_documents() {
        let (stripe, recorder) = stripe_with((
            200,
            r#"{"id":"cs_1","url":"https://checkout.stripe.test/c/cs_1"}"#,
        ));
        let url = block_on(stripe.start(&charge())).expect("url");
        assert_eq!(url, "https://checkout.stripe.test/c/cs_1");
        let sent = recorder.0.lock().expect("lock")[0].clone();
        assert_eq!(sent.url, "https://api.stripe.test/v1/checkout/sessions");
        let has = |k: &str, v: &str| sent.form.iter().any(|(a, b)| a == k && b == v);
        assert!(has("mode", "payment"));
        assert!(has("client_reference_id", "ps_abc"));
        assert!(has("line_items[0][price_data][currency]", "usd"));
        assert!(has("line_items[0][price_data][unit_amount]", "1999"));
        assert!(has("line_items[0][quantity]", "1"));
        // Stripe's sessions last at least 30 minutes, longer than our 15-minute hold.
        let expires: i64 = sent
            .form
            .iter()
            .find(|(k, _)| k == "expires_at")
            .map(|(_, v)| v.parse().expect("n"))
            .expect("expires_at");
        assert!(expires >= crate::state::now().seconds() + STRIPE_MIN_EXPIRY - 5);
        assert!(
            sent.headers
                .contains(&("Authorization".into(), "Bearer sk_test_123".into()))
        );
        assert!(
            sent.headers
                .contains(&("Idempotency-Key".into(), "ps_abc".into()))
        );
    }

    #[test]
    fn stripe_refusals_and_refunds() {
        let (stripe, _) = stripe_with((402, r#"{"error":{"message":"Your card was declined."}}"#));
        assert!(
            matches!(block_on(stripe.start(&charge())), Err(ProviderError::Refused(m)) if m.contains("declined"))
        );
        let (stripe, recorder) = stripe_with((200, r#"{"id":"re_1","status":"succeeded"}"#));
        assert_eq!(
            block_on(stripe.refund("pi_1", 500, "refund-PV-1")),
            Ok("re_1".into())
        );
        let sent = recorder.0.lock().expect("lock")[0].clone();
        assert_eq!(sent.url, "https://api.stripe.test/v1/refunds");
        assert!(
            sent.form
                .contains(&("payment_intent".into(), "pi_1".into()))
        );
        assert!(sent.form.contains(&("amount".into(), "500".into())));
    }

    #[test]
    fn stripe_webhooks_need_its_header_and_secret() {
        let (stripe, _) = stripe_with((200, "{}"));
        let mut headers = http::HeaderMap::new();
        assert_eq!(
            stripe.receive(&headers, BODY.as_bytes(), Instant(T)),
            Err(WebhookError::Unsigned)
        );
        headers.insert(
            STRIPE_SIGNATURE,
            format!("t={T},v1={V1}").parse().expect("header"),
        );
        assert!(
            stripe
                .receive(&headers, BODY.as_bytes(), Instant(T))
                .is_ok()
        );
        // The test provider's secret is not Stripe's.
        let test = TestProvider {
            secret: "another".into(),
        };
        let mut theirs = http::HeaderMap::new();
        theirs.insert(
            TEST_SIGNATURE,
            format!("t={T},v1={V1}").parse().expect("header"),
        );
        assert_eq!(
            test.receive(&theirs, BODY.as_bytes(), Instant(T)),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn the_test_provider_signs_what_it_sends() {
        let test = TestProvider {
            secret: "s3cret".into(),
        };
        let (signature, body) = test.event("ps_abc", Some((1999, Currency::Usd)), Instant(T));
        let mut headers = http::HeaderMap::new();
        headers.insert(TEST_SIGNATURE, signature.parse().expect("header"));
        let event = test
            .receive(&headers, body.as_bytes(), Instant(T + 10))
            .expect("event");
        assert!(matches!(
            event.kind,
            EventKind::Paid {
                amount_minor: 1999,
                ..
            }
        ));
    }
}
