//! Who may see an order and what they may do to it: the exhibitor ships and delivers, the
//! buyer or exhibitor cancels or refunds; the host's commission and the buyer's emails.

use super::*;

/// The commissions on a paid, attributed order: each line's by the creator's terms in force
/// (a link's creator, or the stream host's creator profile); where no line has terms, a
/// stream's host earns the goods at the host's own rate, in INR.
pub(super) async fn accrue(
    tx: &mut Transaction<'_, Any>,
    order_id: i64,
    now: Instant,
) -> Result<(), sqlx::Error> {
    if crate::creators::collaborations::commission::accrue(tx, order_id, now).await? {
        return Ok(());
    }
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
pub(super) async fn refunded(
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
        crate::creators::collaborations::commission::reverse(&mut tx, order_id, now).await?;
        record(&mut *tx, order_id, "refunded", actor, note, now).await?;
        mail(&mut tx, order_id, "refunded", site, now).await?;
    }
    tx.commit().await?;
    Ok(moved == 1)
}

/// The email that tells the buyer an order moved, in the language they bought in.
pub(super) async fn mail(
    conn: &mut AnyConnection,
    order_id: i64,
    state: &str,
    site: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let (number, email, locale, key, carrier, tracking, total, currency): (
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        String,
    ) = sqlx::query_as(
        "SELECT number, email, locale, buyer_key, carrier, tracking, total_minor, currency
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
        "{site}/{}/orders/{number}?key={key}\n",
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

/// Whether the caller is the order's buyer: signed in as them, or holding the order's own
/// key from the link they were sent.
pub(super) fn is_buyer(
    user: Option<&User>,
    buyer: Option<i64>,
    key: Option<&BuyerKey>,
    owner_key: &str,
) -> bool {
    user.is_some_and(|u| Some(u.id) == buyer)
        || key.is_some_and(|k| !owner_key.is_empty() && same_secret(k.as_str(), owner_key))
}

/// Who may see an order: its buyer (signed in, or holding the order's key from the link they
/// were sent), or its exhibitor's team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    Buyer,
    Exhibitor,
}

/// The order `number` if `user` (or the holder of its `key`) may see it. The exhibitor's
/// team reads it without the buyer's key.
pub async fn visible(
    db: &Db,
    user: Option<&User>,
    number: &OrderNumber,
    key: Option<&BuyerKey>,
) -> Result<Option<(crate::checkout::model::Order, Viewer)>, sqlx::Error> {
    let row: Option<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT booth_id, user_id, buyer_key FROM orders WHERE number = $1")
            .bind(number.as_str())
            .fetch_optional(db)
            .await?;
    let Some((booth, buyer, owner_key)) = row else {
        return Ok(None);
    };
    let viewer = if user.is_some_and(|u| u.booth.is_some_and(|(b, _)| b == booth)) {
        Viewer::Exhibitor
    } else if is_buyer(user, buyer, key, &owner_key) {
        Viewer::Buyer
    } else {
        return Ok(None);
    };
    let mut conn = db.acquire().await?;
    let order = read_order(&mut conn, number.as_str()).await?;
    Ok(order.map(|mut o| {
        if viewer == Viewer::Exhibitor {
            o.key.clear();
        }
        (o, viewer)
    }))
}

/// One move of an order's state machine, with the carrier and tracking number for shipping.
pub(super) struct Step<'a> {
    from: &'static str,
    to: &'static str,
    tracking: Option<(&'a str, &'a str)>,
}

/// Moves order `id` one step in one transaction: the conditional update (so two moves
/// never both happen), stock back for a cancellation, the event with who did it, the buyer's
/// email. False when the order had already moved on.
pub(super) async fn advance(
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

/// Who acts on an order: the signed-in person, if any, and the order's key from the link the
/// buyer holds, if any.
#[derive(Clone, Copy, Debug)]
pub struct Caller<'a> {
    pub user: Option<&'a User>,
    pub key: Option<&'a BuyerKey>,
}

/// An exhibitor's or buyer's action on an order: `ship` (carrier, tracking), `deliver`,
/// `cancel` (a pending order: stock back) or `refund` (through the provider). The caller's
/// role and ownership are checked first.
pub async fn act(
    db: &Db,
    payments: &Payments,
    caller: Caller<'_>,
    number: &OrderNumber,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let Caller { user: actor, key } = caller;
    let op = field(fields, "op");
    let row: Option<(i64, i64, Option<i64>, String, String)> = sqlx::query_as(
        "SELECT id, booth_id, user_id, buyer_key, state FROM orders WHERE number = $1",
    )
    .bind(number.as_str())
    .fetch_optional(db)
    .await?;
    let (id, booth, buyer, owner_key, state) = row.ok_or(AppError::NotFound)?;
    let who = if op == "cancel" && is_buyer(actor, buyer, key, &owner_key) {
        format!(
            "buyer:{}",
            actor.map_or_else(|| "guest".to_owned(), |u| u.email.clone())
        )
    } else {
        let (user, my_booth, _) = member(actor)?;
        if my_booth != booth {
            return Err(AppError::NotFound);
        }
        format!("exhibitor:{}", user.email)
    };
    let wrong_state = || AppError::conflict("form", "order_state");
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
            let balance_due: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM orders WHERE id = $1 AND deposit_minor > 0 AND balance_paid_at IS NULL",
            )
            .bind(id)
            .fetch_optional(db)
            .await?;
            if balance_due.is_some() {
                return Err(AppError::conflict("form", "balance_due"));
            }
            let step = Step {
                from: "paid",
                to: "shipped",
                tracking: Some((carrier.as_str(), tracking.as_str())),
            };
            if !advance(db, id, step, &who, site, now).await? {
                return Err(wrong_state());
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
                return Err(wrong_state());
            }
        }
        "refund" => {
            if !matches!(state.as_str(), "paid" | "shipped" | "delivered") {
                return Err(wrong_state());
            }
            // Each payment taken for the order (a deposit and a balance are two) is refunded
            // in full, each under its own key, so a retried refund is the same refund.
            // The order's own session, and the one its balance was paid through (extra
            // balance payments were given back when they came).
            let paid: Vec<(String, String, i64, i64)> = sqlx::query_as(
                "SELECT s.provider, s.payment_ref,
                        CASE WHEN s.id = o.balance_session THEN o.total_minor - o.deposit_minor
                             WHEN o.deposit_minor > 0 THEN o.deposit_minor ELSE o.total_minor END,
                        CASE WHEN s.id = o.balance_session THEN 1 ELSE 0 END
                   FROM payment_sessions s
                   JOIN orders o ON o.checkout = s.checkout OR s.id = o.balance_session
                  WHERE o.id = $1 AND s.state = 'paid' ORDER BY s.created_at",
            )
            .bind(id)
            .fetch_all(db)
            .await?;
            let balance_refunded = paid.iter().any(|p| p.3 == 1);
            let mut refunds = Vec::with_capacity(paid.len());
            for (provider, payment_ref, amount, balance) in paid {
                let provider = payments
                    .get(&provider)
                    .ok_or(AppError::conflict("form", "refund_failed"))?;
                let key = if balance == 1 {
                    format!("refund-{number}-balance")
                } else {
                    format!("refund-{number}")
                };
                let refund = provider
                    .refund(&payment_ref, amount, &key)
                    .await
                    .map_err(|err| {
                        tracing::warn!(%number, error = %err, "refund refused");
                        AppError::conflict("form", "refund_failed")
                    })?;
                refunds.push(refund);
            }
            let refund = refunds.join(", ");
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
                return Err(wrong_state());
            }
            // A balance paid while this refund was under way is given back too.
            if !balance_refunded {
                give_back_late_balance(db, payments, id, site, now).await?;
            }
        }
        _ => return Err(AppError::invalid("op", "choice")),
    }
    Ok(())
}

/// Gives back the balance of refunded order `id` if one was recorded as paid after the
/// refund listed the order's payments.
async fn give_back_late_balance(
    db: &Db,
    payments: &Payments,
    id: i64,
    site: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let late: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT s.id, s.payment_ref, o.total_minor - o.deposit_minor, s.provider
           FROM orders o JOIN payment_sessions s ON s.id = o.balance_session WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some((session, payment_ref, amount, provider)) = late else {
        return Ok(());
    };
    let owed = super::webhooks::Late {
        order_id: id,
        key: format!("extra-{session}"),
        payment_ref,
        amount,
        whole_order: false,
        note: "a balance paid while the order was refunded",
    };
    let mut tx = db.begin().await?;
    super::webhooks::owe_refund(&mut tx, &owed, &provider, now).await?;
    tx.commit().await?;
    send_refunds(
        db,
        |name| payments.get(name).map(|p| p.as_ref()),
        site,
        now,
        Some(&owed.key),
    )
    .await?;
    Ok(())
}

/// The buyer pays the balance of an order bought with a deposit: a payment session for the
/// rest, through the provider the deposit went through (the one already open, if the buyer
/// opened one that has not run out). Returns where to pay.
pub async fn balance_session(
    db: &Db,
    caller: Caller<'_>,
    number: &OrderNumber,
    now: Instant,
) -> AppResult<String> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        user_id: Option<i64>,
        buyer_key: String,
        state: String,
        currency: String,
        total_minor: i64,
        deposit_minor: i64,
        balance_paid_at: Option<i64>,
        locale: String,
        provider: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.id, o.user_id, o.buyer_key, o.state, o.currency, o.total_minor, o.deposit_minor,
                o.balance_paid_at, o.locale, s.provider
           FROM orders o JOIN payment_sessions s ON s.checkout = o.checkout WHERE o.number = $1",
    )
    .bind(number.as_str())
    .fetch_optional(db)
    .await?;
    let order = row
        .filter(|o| is_buyer(caller.user, o.user_id, caller.key, &o.buyer_key))
        .ok_or(AppError::NotFound)?;
    if order.state != "paid" || order.deposit_minor == 0 || order.balance_paid_at.is_some() {
        return Err(AppError::conflict("form", "no_balance_due"));
    }
    let open: Option<String> = sqlx::query_scalar(
        "SELECT id FROM payment_sessions WHERE balance_of = $1 AND state = 'open' AND expires_at > $2
          ORDER BY created_at DESC LIMIT 1",
    )
    .bind(order.id)
    .bind(now.seconds())
    .fetch_optional(db)
    .await?;
    if let Some(session) = open {
        return Ok(format!("/pay/{session}"));
    }
    let currency = Currency::parse(&order.currency).unwrap_or(Currency::Inr);
    let mut tx = db.begin().await?;
    let session = crate::checkout::store::open_session(
        &mut tx,
        &order.provider,
        &format!("bal_{}", &new_token()[..24]),
        currency,
        order.total_minor - order.deposit_minor,
        &format!(
            "/{}/orders/{number}?key={}",
            Locale::parse(&order.locale).unwrap_or_default().code(),
            order.buyer_key
        ),
        now.seconds() + crate::checkout::store::HOLD_SECONDS,
        Some(order.id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(format!("/pay/{session}"))
}
