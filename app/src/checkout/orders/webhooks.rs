//! Payment sessions and the provider's verified webhooks: an order becomes paid once, and
//! only for the amount it asked; refunds and failures move it on.

use super::*;

/// A payment session, with what the buyer is paying for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaySession {
    pub id: String,
    pub provider: String,
    pub checkout: String,
    pub currency: Currency,
    pub amount_minor: i64,
    pub state: String,
    pub return_path: String,
    pub expires_at: Instant,
    pub email: String,
    /// `(order number, exhibitor, amount)` per order.
    pub orders: Vec<(String, String, i64)>,
}

impl PaySession {
    /// What the provider is asked to take.
    pub fn charge(&self, base: &str) -> Charge {
        Charge {
            session: self.id.clone(),
            currency: self.currency,
            amount_minor: self.amount_minor,
            lines: self
                .orders
                .iter()
                .map(|(number, booth, amount)| (format!("{number} · {booth}"), *amount))
                .collect(),
            email: self.email.clone(),
            success_url: format!("{base}{}", self.return_path),
            cancel_url: format!("{base}{}", self.return_path),
            expires_at: self.expires_at,
        }
    }
}

pub async fn pay_session(db: &Db, id: &str) -> Result<Option<PaySession>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        provider: String,
        checkout: String,
        currency: String,
        amount_minor: i64,
        state: String,
        return_path: String,
        expires_at: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, provider, checkout, currency, amount_minor, state, return_path, expires_at
           FROM payment_sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(Row {
        id,
        provider,
        checkout,
        currency,
        amount_minor,
        state,
        return_path,
        expires_at,
    }) = row
    else {
        return Ok(None);
    };
    let balance_of: Option<i64> =
        sqlx::query_scalar("SELECT balance_of FROM payment_sessions WHERE id = $1")
            .bind(&id)
            .fetch_one(db)
            .await?;
    // What each order is charged here: its balance, its deposit, or all of it.
    let orders: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT o.number, b.name,
                CASE WHEN o.id = $2 THEN o.total_minor - o.deposit_minor
                     WHEN o.deposit_minor > 0 THEN o.deposit_minor ELSE o.total_minor END,
                o.email
           FROM orders o JOIN booths b ON b.id = o.booth_id
          WHERE (o.checkout = $1 AND $2 = 0) OR o.id = $2 ORDER BY o.id",
    )
    .bind(&checkout)
    .bind(balance_of.unwrap_or(0))
    .fetch_all(db)
    .await?;
    Ok(Some(PaySession {
        id,
        provider,
        checkout,
        currency: Currency::parse(&currency).unwrap_or(Currency::Inr),
        amount_minor,
        state,
        return_path,
        expires_at: Instant(expires_at),
        email: orders.first().map(|o| o.3.clone()).unwrap_or_default(),
        orders: orders.into_iter().map(|(n, b, t, _)| (n, b, t)).collect(),
    }))
}

/// A payment the pavilion must give back: for a whole order (paid after its hold ran out
/// and its stock was gone: the order is refunded), or an extra payment of a balance already
/// paid or no longer due (given back; the order stays as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Late {
    pub order_id: i64,
    /// The provider's idempotency key of the refund.
    pub key: String,
    pub payment_ref: String,
    pub amount: i64,
    pub whole_order: bool,
    pub note: &'static str,
}

/// What a webhook did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The event was applied.
    Done,
    /// This event id was applied before: nothing changed.
    Duplicate,
    /// Verified, but it changes nothing (unknown session, already in that state, …).
    Ignored(&'static str),
}

impl Applied {
    /// What a conditional update did: it moved the row (done), or the row was not in the
    /// state it moves from (ignored, for `why`).
    fn of_update(rows: u64, why: &'static str) -> Self {
        if rows > 0 {
            Self::Done
        } else {
            Self::Ignored(why)
        }
    }
}

/// Applies a verified webhook event from `provider`, once per event id. `site` is the
/// pavilion's address, for the links in emails.
pub async fn apply(
    db: &Db,
    provider: &dyn PaymentProvider,
    event: &Event,
    site: &str,
    now: Instant,
) -> Result<Applied, sqlx::Error> {
    let mut tx = db.begin().await?;
    let kind = match &event.kind {
        EventKind::Paid { .. } => "paid",
        EventKind::Failed { .. } => "failed",
        EventKind::Expired { .. } => "expired",
        EventKind::Refunded { .. } => "refunded",
        EventKind::Other(_) => "other",
    };
    let fresh = sqlx::query(
        "INSERT INTO webhook_events (provider, event_id, kind, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind(provider.name())
    .bind(&event.id)
    .bind(kind)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if fresh == 0 {
        tx.rollback().await?;
        return Ok(Applied::Duplicate);
    }
    let actor = format!("provider:{}", provider.name());
    let mut late = Vec::new();
    let applied = match &event.kind {
        EventKind::Paid {
            session,
            payment_ref,
            amount_minor,
            currency,
        } => {
            let row: Option<(String, i64, String, Option<i64>)> = sqlx::query_as(
                "SELECT checkout, amount_minor, currency, balance_of FROM payment_sessions
                  WHERE id = $1 AND provider = $2",
            )
            .bind(session)
            .bind(provider.name())
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                None => Applied::Ignored("unknown session"),
                Some((_, amount, code, _)) if amount != *amount_minor || code != *currency => {
                    tracing::warn!(%session, "a payment for another amount than the session's; not applied");
                    Applied::Ignored("amount mismatch")
                }
                Some((checkout, amount, _, balance_of)) => {
                    let moved = sqlx::query(
                        "UPDATE payment_sessions SET state = 'paid', payment_ref = $2
                          WHERE id = $1 AND state IN ('open', 'declined', 'expired')",
                    )
                    .bind(session)
                    .bind(payment_ref)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if moved > 0 {
                        late = match balance_of {
                            Some(order) => {
                                let paid = Payment {
                                    session,
                                    payment_ref,
                                    amount,
                                };
                                pay_balance(&mut tx, order, &paid, &actor, now).await?
                            }
                            None => {
                                pay_orders(&mut tx, &checkout, payment_ref, &actor, site, now)
                                    .await?
                            }
                        };
                        // Owed back: written with the payment, so it cannot be forgotten.
                        for owed in &late {
                            owe_refund(&mut tx, owed, provider.name(), now).await?;
                        }
                    }
                    Applied::of_update(moved, "session already settled")
                }
            }
        }
        EventKind::Failed { session } => {
            let moved = sqlx::query(
                "UPDATE payment_sessions SET state = 'declined' WHERE id = $1 AND provider = $2 AND state = 'open'",
            )
            .bind(session)
            .bind(provider.name())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 1 {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT o.id FROM orders o JOIN payment_sessions s ON s.checkout = o.checkout
                      WHERE s.id = $1 AND o.state = 'pending'",
                )
                .bind(session)
                .fetch_all(&mut *tx)
                .await?;
                for id in ids {
                    record(&mut *tx, id, "pending", &actor, "payment declined", now).await?;
                }
            }
            Applied::of_update(moved, "session not open")
        }
        EventKind::Expired { session } => {
            let moved = sqlx::query(
                "UPDATE payment_sessions SET state = 'expired'
                  WHERE id = $1 AND provider = $2 AND state IN ('open', 'declined')",
            )
            .bind(session)
            .bind(provider.name())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Applied::of_update(moved, "session not open")
        }
        EventKind::Refunded {
            payment_ref,
            amount_minor,
        } => {
            // Refunds start here, so the provider's word only confirms the amount.
            let moved = sqlx::query(
                "UPDATE payment_sessions SET refunded_minor = $2
                  WHERE payment_ref = $1 AND provider = $3 AND refunded_minor < $2",
            )
            .bind(payment_ref)
            .bind(amount_minor)
            .bind(provider.name())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Applied::of_update(moved, "refund already known")
        }
        EventKind::Other(_) => Applied::Ignored("event type not acted on"),
    };
    tx.commit().await?;
    // Paid after its hold ran out and its stock was sold meanwhile: the money goes back now,
    // or by housekeeping's retries if the provider cannot be reached.
    for owed in &late {
        send_refunds(
            db,
            |name| (name == provider.name()).then_some(provider),
            site,
            now,
            Some(&owed.key),
        )
        .await?;
    }
    Ok(applied)
}

/// Writes a refund owed in `tx`, keyed so the provider refunds it once.
pub(super) async fn owe_refund(
    tx: &mut Transaction<'_, Any>,
    owed: &Late,
    provider: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refunds_due (order_id, provider, payment_ref, amount_minor, idem_key, note, next_at,
                whole_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idem_key) DO NOTHING",
    )
    .bind(owed.order_id)
    .bind(provider)
    .bind(&owed.payment_ref)
    .bind(owed.amount)
    .bind(&owed.key)
    .bind(owed.note)
    .bind(now.seconds())
    .bind(i64::from(owed.whole_order))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The provider's idempotency key of the refund owed for order `number`.
fn refund_key(number: &str) -> String {
    format!("late-{number}")
}

/// Seconds before the next try after `attempts` failed ones: a minute, doubling, at most six
/// hours.
pub fn refund_backoff(attempts: i64) -> i64 {
    (60_i64 << attempts.clamp(0, 9)).min(6 * 3600)
}

/// Sends the refunds owed that are due (`only` the one with that key, when given), through
/// the provider `provider_of` names; a refused or unreachable one is tried again later.
/// Returns how many were confirmed.
pub async fn send_refunds<'p>(
    db: &Db,
    provider_of: impl Fn(&str) -> Option<&'p dyn PaymentProvider>,
    site: &str,
    now: Instant,
    only: Option<&str>,
) -> Result<u64, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Due {
        id: i64,
        order_id: i64,
        provider: String,
        payment_ref: String,
        amount_minor: i64,
        idem_key: String,
        note: String,
        attempts: i64,
        whole_order: i64,
    }
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, order_id, provider, payment_ref, amount_minor, idem_key, note, attempts, whole_order
           FROM refunds_due WHERE done_at IS NULL AND next_at <= $1 AND ($2 IS NULL OR idem_key = $2)
          ORDER BY id LIMIT 100",
    )
    .bind(now.seconds())
    .bind(only)
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for refund in due {
        let outcome = match provider_of(&refund.provider) {
            Some(provider) => provider
                .refund(&refund.payment_ref, refund.amount_minor, &refund.idem_key)
                .await
                .map_err(|err| err.to_string()),
            None => Err(format!("no provider {} configured", refund.provider)),
        };
        match outcome {
            Ok(id) => {
                let actor = format!("provider:{}", refund.provider);
                let note = format!("{}; refund {id}", refund.note);
                if refund.whole_order == 1 {
                    refunded(db, refund.order_id, &actor, &note, false, site, now).await?;
                } else {
                    tracing::info!(order = refund.order_id, %note, "an extra payment was given back");
                }
                sqlx::query(
                    "UPDATE refunds_due SET done_at = $2, attempts = attempts + 1 WHERE id = $1",
                )
                .bind(refund.id)
                .bind(now.seconds())
                .execute(db)
                .await?;
                sent += 1;
            }
            Err(err) => {
                let attempts = refund.attempts + 1;
                if attempts >= 5 {
                    tracing::error!(order = refund.order_id, %err, attempts, "a refund owed keeps failing; retrying, and it needs a person");
                } else {
                    tracing::warn!(order = refund.order_id, %err, attempts, "a refund owed failed; retrying later");
                }
                sqlx::query(
                    "UPDATE refunds_due SET attempts = $2, next_at = $3, last_error = $4 WHERE id = $1",
                )
                .bind(refund.id)
                .bind(attempts)
                .bind(now.seconds() + refund_backoff(refund.attempts))
                .bind(err)
                .execute(db)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// One payment the provider confirmed: its session, reference and amount.
pub(super) struct Payment<'a> {
    pub session: &'a str,
    pub payment_ref: &'a str,
    pub amount: i64,
}

/// Marks an order's balance paid (it may then ship), remembering the session it came
/// through. A balance paid for an order that no longer waits for one (cancelled, refunded,
/// paid already through another session) is given back, and the order stays as it is.
async fn pay_balance(
    tx: &mut Transaction<'_, Any>,
    order_id: i64,
    paid: &Payment<'_>,
    actor: &str,
    now: Instant,
) -> Result<Vec<Late>, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE orders SET balance_paid_at = $2, balance_session = $3
          WHERE id = $1 AND deposit_minor > 0 AND balance_paid_at IS NULL AND state = 'paid'",
    )
    .bind(order_id)
    .bind(now.seconds())
    .bind(paid.session)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 1 {
        record(&mut **tx, order_id, "balance_paid", actor, "", now).await?;
        return Ok(Vec::new());
    }
    Ok(vec![Late {
        order_id,
        key: format!("extra-{}", paid.session),
        payment_ref: paid.payment_ref.to_owned(),
        amount: paid.amount,
        whole_order: false,
        note: "a balance paid when none was due",
    }])
}

/// Marks the pending orders of a paid checkout paid; an order whose hold ran out takes its
/// stock again if it is still there. Returns the orders that must be refunded instead.
pub(super) async fn pay_orders(
    tx: &mut Transaction<'_, Any>,
    checkout: &str,
    payment_ref: &str,
    actor: &str,
    site: &str,
    now: Instant,
) -> Result<Vec<Late>, sqlx::Error> {
    let orders: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.number, o.state,
                CASE WHEN o.deposit_minor > 0 THEN o.deposit_minor ELSE o.total_minor END,
                o.deposit_minor
           FROM orders o WHERE o.checkout = $1 ORDER BY o.id",
    )
    .bind(checkout)
    .fetch_all(&mut **tx)
    .await?;
    let mut late = Vec::new();
    for (id, number, state, total, deposit) in orders {
        let note = match state.as_str() {
            // Paid in two parts: this was the first.
            "pending" if deposit > 0 => "deposit",
            "pending" => "",
            "cancelled" => {
                if retake_stock(tx, id, now).await? {
                    "paid after its hold ran out; the stock was still there"
                } else {
                    late.push(Late {
                        order_id: id,
                        key: refund_key(&number),
                        payment_ref: payment_ref.to_owned(),
                        amount: total,
                        whole_order: true,
                        note: "paid after its hold ran out and the stock was gone",
                    });
                    continue;
                }
            }
            _ => continue,
        };
        sqlx::query("UPDATE orders SET state = 'paid' WHERE id = $1 AND state = $2")
            .bind(id)
            .bind(&state)
            .execute(&mut **tx)
            .await?;
        record(&mut **tx, id, "paid", actor, note, now).await?;
        accrue(tx, id, now).await?;
        mail(tx, id, "paid", site, now).await?;
    }
    Ok(late)
}
