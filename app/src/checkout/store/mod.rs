//! Checkout in the store. One transaction does everything: it claims the idempotency key,
//! takes each line's stock with a conditional decrement (`stock >= quantity`, so stock never
//! goes below zero and two buyers can never take the same unit), writes one pending order per
//! exhibitor, and stores the response under the key. A refusal rolls back to a savepoint, so
//! nothing half-written stays, and is stored too: the same key replays it. Split by idea:
//! idempotency keys and the group commit (`batch`), placing the orders (`place`), and
//! reading an order with its history (`read`).

use crate::accounts::store::normalise_email;
use crate::checkout::model::{
    BuyerKey, CheckoutId, CheckoutRequest, CheckoutResponse, IdempotencyKey, Instalments,
    LineRequest, Order, OrderEvent, OrderLine, OrderNumber, PaymentLink, ShipTo, Shipping,
};
use crate::checkout::shipping::{self, Dutiable, Incoterm, Landed, NoQuote, Service};
use crate::core::secrets::{new_token, sha256_hex};
use crate::core::throttle::{self, Limit};
use crate::core::{Currency, Instant, Money, Rate};
use crate::creators::collaborations::commission::in_force;
use crate::creators::links::store::{Touch, touch};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::trade::store::{TERMS_COLUMNS, TermsRow, samples_held, take};
use crate::trade::terms::{SampleOffer, TradeTerms};
use sqlx::{Acquire, Any, Executor, Transaction};

mod batch;
mod place;
mod read;
mod write;

use place::place;

pub use batch::{BATCH, Buyer, GroupCommit, Submitted, forget_keys};
pub use place::release_expired;
#[cfg(any(test, fuzzing))]
pub(crate) use place::terms_of;
pub use read::order;
pub(crate) use read::{read_order, record};
pub(crate) use write::{Attribution, NewOrder, insert_order, open_session};

/// A signed-in buyer's pending order holds its stock this long.
pub const HOLD_SECONDS: i64 = 15 * 60;
/// A guest's, this long: enough to pay, too short to be worth hoarding.
pub const GUEST_HOLD_SECONDS: i64 = 5 * 60;
/// Checkouts one client address (and one account) may start per minute.
pub const CHECKOUTS_PER_MINUTE: i64 = 10;
/// Checkouts one client address (and one account) may hold stock with, unpaid, at once.
pub const OPEN_HOLDS: i64 = 3;
/// Keys are kept at least this long (Stripe keeps them 24 hours).
pub const KEY_SECONDS: i64 = 24 * 3600;
/// At most this many lines in one checkout.
pub const MAX_LINES: usize = 50;
/// An order counts for a stream bought in, or watched, this long before.
pub const ATTRIBUTION_SECONDS: i64 = 7 * 24 * 3600;

/// What a checkout request gets back: its status and JSON body, and whether it was replayed
/// from the key's earlier response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

impl Answer {
    /// A refusal, as problem details (stored under the key like any answer).
    pub(super) fn refused(err: &AppError) -> Self {
        Self {
            status: err.status().as_u16(),
            body: err.problem_json(),
            replayed: false,
        }
    }

    /// The refusal this answer stands for, if it is not a placed checkout.
    pub fn refusal(&self) -> Option<AppError> {
        (self.status >= 400)
            .then(|| AppError::from_problem_json(&self.body).unwrap_or(AppError::Internal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_rfc7807() {
        let p = AppError::invalid("items[0].quantity", "quantity")
            .with_detail("Order between 1 and 5.");
        let answer = Answer::refused(&p);
        assert_eq!(answer.refusal(), Some(p));
        let body: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
        assert_eq!(body["detail"], "Order between 1 and 5.");
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
