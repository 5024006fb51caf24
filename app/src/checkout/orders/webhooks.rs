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
    let orders: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT o.number, b.name, o.total_minor, o.email FROM orders o
           JOIN booths b ON b.id = o.booth_id WHERE o.checkout = $1 ORDER BY o.id",
    )
    .bind(&checkout)
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
            let row: Option<(String, i64, String)> = sqlx::query_as(
                "SELECT checkout, amount_minor, currency FROM payment_sessions
                  WHERE id = $1 AND provider = $2",
            )
            .bind(session)
            .bind(provider.name())
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                None => Applied::Ignored("unknown session"),
                Some((_, amount, code)) if amount != *amount_minor || code != *currency => {
                    tracing::warn!(%session, "a payment for another amount than the session's; not applied");
                    Applied::Ignored("amount mismatch")
                }
                Some((checkout, _, _)) => {
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
                        late =
                            pay_orders(&mut tx, &checkout, payment_ref, &actor, site, now).await?;
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
    // Paid after its hold ran out and its stock was sold meanwhile: the money goes back.
    for (order_id, number, payment_ref, amount) in late {
        let key = format!("late-{number}");
        match provider.refund(&payment_ref, amount, &key).await {
            Ok(refund) => {
                refunded(
                    db,
                    order_id,
                    &actor,
                    &format!("paid after its hold ran out and the stock was gone; refund {refund}"),
                    false,
                    site,
                    now,
                )
                .await?;
            }
            Err(err) => {
                tracing::error!(%number, error = %err, "could not refund a late payment; needs a person");
            }
        }
    }
    Ok(applied)
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
) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let orders: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.number, o.state, o.total_minor FROM orders o WHERE o.checkout = $1 ORDER BY o.id",
    )
    .bind(checkout)
    .fetch_all(&mut **tx)
    .await?;
    let mut late = Vec::new();
    for (id, number, state, total) in orders {
        let note = match state.as_str() {
            "pending" => "",
            "cancelled" => {
                if retake_stock(tx, id).await? {
                    "paid after its hold ran out; the stock was still there"
                } else {
                    late.push((id, number, payment_ref.to_owned(), total));
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
