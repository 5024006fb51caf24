//! An order's life after checkout: FX quotes that lock the price, the payment session the
//! buyer pays through, webhooks that make orders paid (once, and only when verified), the
//! exhibitor's fulfilment (shipped with carrier and tracking, delivered), cancellations and
//! refunds through the provider, the host's commission, and the emails that tell the buyer.
//!
//! States: pending → paid → shipped → delivered; pending → cancelled (stock back);
//! paid, shipped or delivered → refunded (stock back only if it never left). Every move is a
//! conditional `UPDATE … WHERE state = <from>`, so two moves never both happen.

use crate::accounts::store::{User, new_token, queue_email};
use crate::checkout::model::FxQuote;
use crate::checkout::payments::{Charge, Event, EventKind, PaymentProvider, Payments};
use crate::checkout::store::{read_order, record};
use crate::core::{Currency, Instant, Money};
use crate::curation::store::Outcome;
use crate::db::Db;
use crate::exhibitor::store::member;
use crate::forms::{Checks, FieldProblem, Refusal, field};
use crate::i18n::{Locale, format, tr};
use sqlx::{Any, AnyConnection, Transaction};

/// A quote locks its rate this long.
pub const QUOTE_SECONDS: i64 = 15 * 60;

/// Locks today's rate for `currency`; `None` when there is no rate for it.
pub async fn new_quote(
    db: &Db,
    currency: Currency,
    now: Instant,
) -> Result<Option<FxQuote>, sqlx::Error> {
    let micros: Option<i64> = if currency == Currency::Inr {
        Some(1_000_000)
    } else {
        sqlx::query_scalar("SELECT inr_per_unit_micros FROM fx_rates WHERE currency = $1")
            .bind(currency.code())
            .fetch_optional(db)
            .await?
    };
    let Some(micros) = micros else {
        return Ok(None);
    };
    let id = format!("fxq_{}", &new_token()[..24]);
    let expires_at = now.seconds() + QUOTE_SECONDS;
    sqlx::query(
        "INSERT INTO fx_quotes (id, currency, inr_per_unit_micros, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(currency.code())
    .bind(micros)
    .bind(now.seconds())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(Some(FxQuote {
        quote: id,
        currency: currency.code().to_owned(),
        inr_per_unit_micros: micros,
        expires_at: Instant(expires_at).rfc3339(),
    }))
}

/// Forgets quotes that ran out a day ago.
pub async fn forget_quotes(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM fx_quotes WHERE expires_at < $1")
        .bind(now.seconds() - 24 * 3600)
        .execute(db)
        .await?
        .rows_affected())
}

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
                    if moved == 0 {
                        Applied::Ignored("session already settled")
                    } else {
                        late =
                            pay_orders(&mut tx, &checkout, payment_ref, &actor, site, now).await?;
                        Applied::Done
                    }
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
                Applied::Done
            } else {
                Applied::Ignored("session not open")
            }
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
            if moved == 1 {
                Applied::Done
            } else {
                Applied::Ignored("session not open")
            }
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
            if moved == 1 {
                Applied::Done
            } else {
                Applied::Ignored("refund already known")
            }
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
async fn pay_orders(
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

/// Takes a cancelled order's stock again, all lines or none.
async fn retake_stock(tx: &mut Transaction<'_, Any>, order_id: i64) -> Result<bool, sqlx::Error> {
    use sqlx::Acquire;
    let mut attempt = tx.begin().await?;
    let items: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT product_id, quantity FROM order_items WHERE order_id = $1 ORDER BY product_id",
    )
    .bind(order_id)
    .fetch_all(&mut *attempt)
    .await?;
    for (product, quantity) in items {
        let taken =
            sqlx::query("UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
                .bind(product)
                .bind(quantity)
                .execute(&mut *attempt)
                .await?
                .rows_affected();
        if taken != 1 {
            attempt.rollback().await?;
            return Ok(false);
        }
    }
    if let Some((deal, quantity)) = deal_share(&mut attempt, order_id).await?
        && !take_deal(&mut attempt, deal, quantity).await?
    {
        attempt.rollback().await?;
        return Ok(false);
    }
    attempt.commit().await?;
    Ok(true)
}

/// Takes `quantity` of a flash deal's units; `false` when fewer are left.
pub(crate) async fn take_deal(
    conn: &mut AnyConnection,
    deal: i64,
    quantity: i64,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "UPDATE flash_deals SET sold = sold + $2 WHERE id = $1 AND sold + $2 <= quantity",
    )
    .bind(deal)
    .bind(quantity)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// The flash deal an order was bought at, and how many of the deal's units it holds.
async fn deal_share(
    conn: &mut AnyConnection,
    order_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, oi.quantity FROM orders o
           JOIN flash_deals d ON d.id = o.deal_id
           JOIN order_items oi ON oi.order_id = o.id AND oi.product_id = d.product_id
          WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await
}

/// Gives an order's stock back, and its units to the flash deal it was bought at.
pub(crate) async fn restock(conn: &mut AnyConnection, order_id: i64) -> Result<(), sqlx::Error> {
    if let Some((deal, quantity)) = deal_share(conn, order_id).await? {
        sqlx::query("UPDATE flash_deals SET sold = sold - $2 WHERE id = $1")
            .bind(deal)
            .bind(quantity)
            .execute(&mut *conn)
            .await?;
    }
    let items: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT product_id, quantity FROM order_items WHERE order_id = $1 ORDER BY product_id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    for (product, quantity) in items {
        sqlx::query("UPDATE products SET stock = stock + $2 WHERE id = $1")
            .bind(product)
            .bind(quantity)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The host's commission on a paid, attributed order: the goods at the host's rate, in INR.
async fn accrue(
    tx: &mut Transaction<'_, Any>,
    order_id: i64,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO commissions (order_id, host_id, stream_id, basis_inr_minor, rate_bps,
                amount_inr_minor, state, at)
         SELECT o.id, o.host_id, o.stream_id, g.basis, h.commission_bps,
                (g.basis * h.commission_bps) / 10000, 'accrued', $2
           FROM orders o JOIN hosts h ON h.id = o.host_id
           JOIN (SELECT order_id, SUM(quantity * unit_inr_minor) AS basis FROM order_items
                  WHERE order_id = $1 GROUP BY order_id) g ON g.order_id = o.id
          WHERE o.id = $1 AND o.stream_id IS NOT NULL
         ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(order_id)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks an order refunded (from paid, shipped, delivered — or cancelled, for a late
/// payment), reverses its commission, gives back stock that never left, tells the buyer.
async fn refunded(
    db: &Db,
    order_id: i64,
    actor: &str,
    note: &str,
    restock_goods: bool,
    site: &str,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE orders SET state = 'refunded'
          WHERE id = $1 AND state IN ('paid', 'shipped', 'delivered', 'cancelled')",
    )
    .bind(order_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 1 {
        if restock_goods {
            restock(&mut tx, order_id).await?;
        }
        sqlx::query("UPDATE commissions SET state = 'reversed', at = $2 WHERE order_id = $1")
            .bind(order_id)
            .bind(now.seconds())
            .execute(&mut *tx)
            .await?;
        record(&mut *tx, order_id, "refunded", actor, note, now).await?;
        mail(&mut tx, order_id, "refunded", site, now).await?;
    }
    tx.commit().await?;
    Ok(moved == 1)
}

/// The email that tells the buyer an order moved, in the language they bought in.
async fn mail(
    conn: &mut AnyConnection,
    order_id: i64,
    state: &str,
    site: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let (number, email, locale, checkout, carrier, tracking, total, currency): (
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        String,
    ) = sqlx::query_as(
        "SELECT number, email, locale, checkout, carrier, tracking, total_minor, currency
           FROM orders WHERE id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    let locale = Locale::parse(&locale).unwrap_or(Locale::En);
    let ui = locale.ui();
    let subject = match state {
        "paid" => tr!(ui, order_mail_paid, number = number.clone()),
        "shipped" => tr!(ui, order_mail_shipped, number = number.clone()),
        "delivered" => tr!(ui, order_mail_delivered, number = number.clone()),
        "refunded" => tr!(ui, order_mail_refunded, number = number.clone()),
        _ => tr!(ui, order_mail_cancelled, number = number.clone()),
    };
    let amount = Money {
        minor: total,
        currency: Currency::parse(&currency).unwrap_or(Currency::Inr),
    };
    let mut body = format!("{subject}\n\n{}\n", format::money(locale, amount));
    if state == "shipped" {
        body.push_str(&tr!(
            ui,
            order_mail_tracking,
            carrier = carrier,
            tracking = tracking
        ));
        body.push('\n');
    }
    body.push_str(&format!(
        "{site}/{}/orders/{number}?checkout={checkout}\n",
        locale.code()
    ));
    queue_email(&mut *conn, &email, &subject, &body, now).await
}

/// Remembers that a signed-in buyer watched a stream (for attribution).
pub async fn watched(db: &Db, user: i64, stream: i64, now: Instant) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stream_views (user_id, stream_id, at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, stream_id) DO UPDATE SET at = excluded.at",
    )
    .bind(user)
    .bind(stream)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the caller is the order's buyer: signed in as them, or holding the checkout id
/// from the link they were sent.
fn is_buyer(
    user: Option<&User>,
    buyer: Option<i64>,
    checkout: Option<&str>,
    owner_checkout: &str,
) -> bool {
    user.is_some_and(|u| Some(u.id) == buyer)
        || checkout.is_some_and(|c| crate::agenda::ingest::same_secret(c, owner_checkout))
}

/// Who may see an order: its buyer (signed in, or holding the checkout id from the link they
/// were sent), or its exhibitor's team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    Buyer,
    Exhibitor,
}

/// The order `number` if `user` (or the holder of `checkout`) may see it.
pub async fn visible(
    db: &Db,
    user: Option<&User>,
    number: &str,
    checkout: Option<&str>,
) -> Result<Option<(crate::checkout::model::Order, Viewer)>, sqlx::Error> {
    let row: Option<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT booth_id, user_id, checkout FROM orders WHERE number = $1")
            .bind(number)
            .fetch_optional(db)
            .await?;
    let Some((booth, buyer, owner_checkout)) = row else {
        return Ok(None);
    };
    let viewer = if user.is_some_and(|u| u.booth.is_some_and(|(b, _)| b == booth)) {
        Viewer::Exhibitor
    } else if is_buyer(user, buyer, checkout, &owner_checkout) {
        Viewer::Buyer
    } else {
        return Ok(None);
    };
    let mut conn = db.acquire().await?;
    Ok(read_order(&mut conn, number).await?.map(|o| (o, viewer)))
}

/// One move of an order's state machine, with the carrier and tracking number for shipping.
struct Step<'a> {
    from: &'static str,
    to: &'static str,
    tracking: Option<(&'a str, &'a str)>,
}

/// Moves order `id` one step in one transaction: the conditional update (so two moves
/// never both happen), stock back for a cancellation, the event with who did it, the buyer's
/// email. False when the order had already moved on.
async fn advance(
    db: &Db,
    id: i64,
    step: Step<'_>,
    who: &str,
    site: &str,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let (carrier, tracking) = step.tracking.unzip();
    let moved = sqlx::query(
        "UPDATE orders SET state = $2, carrier = COALESCE($4, carrier), tracking = COALESCE($5, tracking)
          WHERE id = $1 AND state = $3",
    )
    .bind(id)
    .bind(step.to)
    .bind(step.from)
    .bind(carrier)
    .bind(tracking)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Ok(false);
    }
    if step.to == "cancelled" {
        restock(&mut tx, id).await?;
    }
    let note = step
        .tracking
        .map(|(c, t)| format!("{c} {t}"))
        .unwrap_or_default();
    record(&mut *tx, id, step.to, who, &note, now).await?;
    mail(&mut tx, id, step.to, site, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Who acts on an order: the signed-in person, if any, and the checkout id from the link the
/// buyer holds, if any.
#[derive(Clone, Copy, Debug)]
pub struct Caller<'a> {
    pub user: Option<&'a User>,
    pub checkout: Option<&'a str>,
}

/// An exhibitor's or buyer's action on an order: `ship` (carrier, tracking), `deliver`,
/// `cancel` (a pending order: stock back) or `refund` (through the provider). The caller's
/// role and ownership are checked first.
pub async fn act(
    db: &Db,
    payments: &Payments,
    caller: Caller<'_>,
    number: &str,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> Outcome<()> {
    let Caller {
        user: actor,
        checkout,
    } = caller;
    let op = field(fields, "op");
    let row: Option<(i64, i64, Option<i64>, String, String, i64)> = sqlx::query_as(
        "SELECT id, booth_id, user_id, checkout, state, total_minor FROM orders WHERE number = $1",
    )
    .bind(number)
    .fetch_optional(db)
    .await?;
    let (id, booth, buyer, owner_checkout, state, total) = row.ok_or(Refusal::NotFound)?;
    let who = if op == "cancel" && is_buyer(actor, buyer, checkout, &owner_checkout) {
        format!(
            "buyer:{}",
            actor.map_or_else(|| "guest".to_owned(), |u| u.email.clone())
        )
    } else {
        let (user, my_booth, _) = member(actor)?;
        if my_booth != booth {
            return Err(Refusal::NotFound.into());
        }
        format!("exhibitor:{}", user.email)
    };
    let wrong_state = || Refusal::Conflict(FieldProblem::new("form", "order_state"));
    match op {
        "ship" => {
            let mut checks = Checks::default();
            let carrier = checks.text("carrier", field(fields, "carrier"), 60);
            let tracking = checks.text("tracking", field(fields, "tracking"), 60);
            if !tracking.is_empty()
                && !tracking
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
            {
                checks.fail("tracking", "tracking");
            }
            checks.finish()?;
            let step = Step {
                from: "paid",
                to: "shipped",
                tracking: Some((carrier.as_str(), tracking.as_str())),
            };
            if !advance(db, id, step, &who, site, now).await? {
                return Err(wrong_state().into());
            }
        }
        "deliver" | "cancel" => {
            let step = if op == "deliver" {
                Step {
                    from: "shipped",
                    to: "delivered",
                    tracking: None,
                }
            } else {
                Step {
                    from: "pending",
                    to: "cancelled",
                    tracking: None,
                }
            };
            if !advance(db, id, step, &who, site, now).await? {
                return Err(wrong_state().into());
            }
        }
        "refund" => {
            if !matches!(state.as_str(), "paid" | "shipped" | "delivered") {
                return Err(wrong_state().into());
            }
            let (provider, payment_ref): (String, String) = sqlx::query_as(
                "SELECT provider, payment_ref FROM payment_sessions WHERE checkout = $1",
            )
            .bind(&owner_checkout)
            .fetch_one(db)
            .await?;
            let provider = payments
                .get(&provider)
                .ok_or(Refusal::Conflict(FieldProblem::new(
                    "form",
                    "refund_failed",
                )))?;
            // The key makes a retried refund the same refund at the provider.
            let refund = provider
                .refund(&payment_ref, total, &format!("refund-{number}"))
                .await
                .map_err(|err| {
                    tracing::warn!(%number, error = %err, "refund refused");
                    Refusal::Conflict(FieldProblem::new("form", "refund_failed"))
                })?;
            let never_left = state == "paid";
            if !refunded(
                db,
                id,
                &who,
                &format!("refund {refund}"),
                never_left,
                site,
                now,
            )
            .await?
            {
                return Err(wrong_state().into());
            }
        }
        _ => return Err(Refusal::Invalid(vec![FieldProblem::new("op", "choice")]).into()),
    }
    Ok(())
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The test provider's hosted page for `session`, in the language of the shop page the
/// buyer came from. It stands in for a payment provider's own site, so it is deliberately a
/// small page of its own, marked as test mode on top.
pub fn test_page_html(session: &PaySession, open: bool, declined: bool) -> String {
    let locale = session
        .return_path
        .trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Locale::parse)
        .unwrap_or_default();
    let ui = locale.ui();
    let money = |minor: i64| {
        format::money(
            locale,
            Money {
                minor,
                currency: session.currency,
            },
        )
    };
    let lines: String = session
        .orders
        .iter()
        .map(|(number, booth, amount)| {
            format!(
                "<li><span>{} · {}</span> <bdi>{}</bdi></li>",
                escape(number),
                escape(booth),
                escape(&money(*amount))
            )
        })
        .collect();
    let body = if open {
        let notice = if declined {
            format!(
                r#"<p class="form-alert" role="alert">{}</p>"#,
                escape(tr!(ui, pay_declined))
            )
        } else {
            String::new()
        };
        format!(
            r#"{notice}<form method="post" class="paytest__actions">
<button class="button button--primary" type="submit" name="op" value="approve" data-testid="approve">{}</button>
<button class="button button--outline" type="submit" name="op" value="decline" data-testid="decline">{}</button>
</form>"#,
            escape(tr!(ui, pay_approve)),
            escape(tr!(ui, pay_decline)),
        )
    } else {
        let first = session
            .orders
            .first()
            .map(|o| o.0.clone())
            .unwrap_or_default();
        format!(
            r#"<p>{}</p><p><a class="button button--outline" href="{}">{}</a></p>"#,
            escape(tr!(ui, pay_closed)),
            escape(&session.return_path),
            escape(&tr!(ui, order_title, number = first)),
        )
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title}</title>
<link rel="stylesheet" href="/pkg/pavilion.css"></head>
<body class="paytest">
<p class="paytest__banner" role="note">{banner}</p>
<main id="main" class="paytest__card">
<h1>{title}</h1>
<ul class="paytest__lines">{lines}</ul>
<p class="paytest__amount"><span>{amount_label}</span> <bdi data-testid="amount">{amount}</bdi></p>
<p class="paytest__email"><bdi>{email}</bdi></p>
{body}
</main>
</body></html>"#,
        lang = locale.code(),
        dir = if locale.is_rtl() { "rtl" } else { "ltr" },
        title = escape(tr!(ui, pay_test_title)),
        banner = escape(tr!(ui, pay_test_banner)),
        amount_label = escape(tr!(ui, pay_amount)),
        amount = escape(&money(session.amount_minor)),
        email = escape(&session.email),
    )
}
