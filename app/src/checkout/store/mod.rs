//! Checkout in the store. One transaction does everything: it claims the idempotency key,
//! takes each line's stock with a conditional decrement (`stock >= quantity`, so stock never
//! goes below zero and two buyers can never take the same unit), writes one pending order per
//! exhibitor, and stores the response under the key. A refusal rolls back to a savepoint, so
//! nothing half-written stays, and is stored too: the same key replays it. Split by idea:
//! idempotency keys and the group commit (`batch`), placing the orders (`place`), and
//! reading an order with its history (`read`).

use crate::accounts::store::normalise_email;
use crate::checkout::model::{
    CheckoutRequest, CheckoutResponse, IdempotencyKey, Order, OrderEvent, OrderLine, PaymentLink,
    ShipTo, Shipping,
};
use crate::checkout::shipping::{self, Dutiable, Incoterm, Landed, NoQuote, Service};
use crate::core::secrets::{new_token, sha256_hex};
use crate::core::{Currency, Instant, Money, Rate};
use crate::db::Db;
use crate::i18n::Locale;
use sqlx::{Acquire, Any, Executor, Transaction};

mod batch;
mod place;
mod read;

use place::place;

pub use batch::{BATCH, GroupCommit, Submitted, forget_keys};
pub use place::release_expired;
pub use read::order;
pub(crate) use read::{read_order, record};

/// A pending order holds its stock this long.
pub const HOLD_SECONDS: i64 = 15 * 60;
/// Keys are kept at least this long (Stripe keeps them 24 hours).
pub const KEY_SECONDS: i64 = 24 * 3600;
/// At most this many lines in one checkout.
pub const MAX_LINES: usize = 50;
/// An order counts for a stream bought in, or watched, this long before.
pub const ATTRIBUTION_SECONDS: i64 = 7 * 24 * 3600;

/// A refusal, as RFC 7807 problem details: status, a stable code, the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub status: u16,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub detail: String,
}

impl Problem {
    pub(super) fn new(
        status: u16,
        code: &'static str,
        field: Option<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            field,
            detail: detail.into(),
        }
    }

    pub(super) fn invalid(
        field: impl Into<String>,
        code: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(422, code, Some(field.into()), detail)
    }

    /// The problem as a JSON body (`application/problem+json`).
    pub fn body(&self) -> String {
        serde_json::json!({
            "type": format!("https://pavilion.example/problems/{}", self.code),
            "title": self.code.replace('_', " "),
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
            "field": self.field,
        })
        .to_string()
    }
}

/// What a checkout request gets back: its status and JSON body, and whether it was replayed
/// from the key's earlier response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

impl Answer {
    pub(super) fn problem(problem: &Problem) -> Self {
        Self {
            status: problem.status,
            body: problem.body(),
            replayed: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_rfc7807() {
        let p = Problem::invalid("items[0].quantity", "quantity", "Order between 1 and 5.");
        let body: serde_json::Value = serde_json::from_str(&p.body()).expect("json");
        assert_eq!(body["status"], 422);
        assert_eq!(body["code"], "quantity");
        assert_eq!(body["field"], "items[0].quantity");
        assert!(
            body["type"]
                .as_str()
                .is_some_and(|t| t.ends_with("/quantity"))
        );
    }
}
