//! Checkout in the store. One transaction does everything: it claims the idempotency key,
//! takes each line's stock with a conditional decrement (`stock >= quantity`, so stock never
//! goes below zero and two buyers can never take the same unit), writes one pending order per
//! exhibitor, and stores the response under the key. A refusal rolls back to a savepoint, so
//! nothing half-written stays, and is stored too: the same key replays it.

use crate::accounts::store::{new_token, normalise_email};
use crate::checkout::model::{CheckoutRequest, CheckoutResponse, Order, OrderLine};
use crate::core::{Currency, Instant, Money, Rate};
use crate::db::Db;
use sha2::{Digest, Sha256};
use sqlx::{Acquire, Any, Transaction};

/// A pending order holds its stock this long.
pub const HOLD_SECONDS: i64 = 15 * 60;
/// Keys are kept at least this long (Stripe keeps them 24 hours).
pub const KEY_SECONDS: i64 = 24 * 3600;
/// At most this many lines in one checkout.
pub const MAX_LINES: usize = 50;

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
    fn new(
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

    fn invalid(field: impl Into<String>, code: &'static str, detail: impl Into<String>) -> Self {
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
    fn problem(problem: &Problem) -> Self {
        Self {
            status: problem.status,
            body: problem.body(),
            replayed: false,
        }
    }
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs one order-creating request under its idempotency key. `raw` is the request body as
/// received; `user` the signed-in buyer, if any. Store errors are returned as errors (nothing
/// was kept, so the client may retry with the same key).
pub async fn checkout(
    db: &Db,
    key: &str,
    raw: &[u8],
    user: Option<i64>,
    now: Instant,
) -> Result<Answer, sqlx::Error> {
    if !valid_key(key) {
        return Ok(Answer::problem(&Problem::new(
            400,
            "idempotency_key",
            None,
            "Send an Idempotency-Key header of 1 to 255 visible ASCII characters.",
        )));
    }
    let parsed: Result<CheckoutRequest, _> = serde_json::from_slice(raw);
    // Parameters, not bytes, are compared: the same request with other whitespace matches.
    let request_hash = match &parsed {
        Ok(request) => hash(
            serde_json::to_string(request)
                .unwrap_or_default()
                .as_bytes(),
        ),
        Err(_) => hash(raw),
    };
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(&request_hash)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        let (stored_hash, status, body): (String, i64, String) = sqlx::query_as(
            "SELECT request_hash, status, body FROM idempotency_keys WHERE key = $1",
        )
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        tx.rollback().await?;
        if stored_hash != request_hash {
            return Ok(Answer::problem(&Problem::new(
                422,
                "idempotency_mismatch",
                None,
                "This Idempotency-Key was used with a different request. Use a new key for a new request.",
            )));
        }
        if status == 0 {
            return Ok(Answer::problem(&Problem::new(
                409,
                "in_progress",
                None,
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            )));
        }
        return Ok(Answer {
            status: u16::try_from(status).unwrap_or(500),
            body,
            replayed: true,
        });
    }
    let answer = match parsed {
        Err(err) => Answer::problem(&Problem::new(
            400,
            "malformed",
            None,
            format!("The body is not a checkout request: {err}"),
        )),
        Ok(request) => {
            let mut attempt = tx.begin().await?;
            match place(&mut attempt, &request, user, now).await? {
                Ok(response) => {
                    attempt.commit().await?;
                    Answer {
                        status: 201,
                        body: serde_json::to_string(&response).unwrap_or_default(),
                        replayed: false,
                    }
                }
                Err(problem) => {
                    attempt.rollback().await?;
                    Answer::problem(&problem)
                }
            }
        }
    };
    sqlx::query("UPDATE idempotency_keys SET status = $2, body = $3 WHERE key = $1")
        .bind(key)
        .bind(i64::from(answer.status))
        .bind(&answer.body)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(answer)
}

/// A line, checked against its product.
struct Line {
    index: usize,
    product_id: i64,
    slug: String,
    name: String,
    booth_id: i64,
    booth_slug: String,
    quantity: i64,
    unit_inr: i64,
    unit: i64,
}

async fn rate_of(
    tx: &mut Transaction<'_, Any>,
    currency: Currency,
) -> Result<Option<Rate>, sqlx::Error> {
    if currency == Currency::Inr {
        return Ok(Some(Rate::inr()));
    }
    let micros: Option<i64> =
        sqlx::query_scalar("SELECT inr_per_unit_micros FROM fx_rates WHERE currency = $1")
            .bind(currency.code())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(micros.map(|inr_per_unit_micros| Rate {
        currency,
        inr_per_unit_micros,
    }))
}

/// Checks the request and places its orders inside `tx`; a refusal leaves `tx` for the
/// caller to roll back.
async fn place(
    tx: &mut Transaction<'_, Any>,
    request: &CheckoutRequest,
    user: Option<i64>,
    now: Instant,
) -> Result<Result<CheckoutResponse, Problem>, sqlx::Error> {
    let Some(email) = normalise_email(&request.email) else {
        return Ok(Err(Problem::invalid(
            "email",
            "email",
            "Enter an email address such as name@example.com.",
        )));
    };
    let Some(currency) = Currency::parse(request.currency.trim()) else {
        return Ok(Err(Problem::invalid(
            "currency",
            "currency",
            "Choose a currency the pavilion prices in, such as USD, EUR or INR.",
        )));
    };
    let Some(rate) = rate_of(tx, currency).await? else {
        return Ok(Err(Problem::invalid(
            "currency",
            "currency",
            "There is no exchange rate for this currency yet.",
        )));
    };
    if request.items.is_empty() || request.items.len() > MAX_LINES {
        return Ok(Err(Problem::invalid(
            "items",
            "items",
            format!("Send 1 to {MAX_LINES} lines."),
        )));
    }
    let mut lines: Vec<Line> = Vec::with_capacity(request.items.len());
    for (index, item) in request.items.iter().enumerate() {
        let field = format!("items[{index}]");
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            name: String,
            booth_id: i64,
            booth_slug: String,
            price_minor: i64,
            moq: i64,
            max_per_order: i64,
        }
        let row: Option<Row> = sqlx::query_as(
            "SELECT p.id, p.name, p.booth_id, b.slug AS booth_slug, p.price_minor, p.moq, p.max_per_order
               FROM products p JOIN booths b ON b.id = p.booth_id
              WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'",
        )
        .bind(item.product.trim())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(Problem::invalid(
                format!("{field}.product"),
                "unknown_product",
                format!("There is no product {:?} on sale.", item.product),
            )));
        };
        if lines.iter().any(|l| l.product_id == row.id) {
            return Ok(Err(Problem::invalid(
                format!("{field}.product"),
                "duplicate",
                "Each product may appear on one line only.",
            )));
        }
        if item.quantity < row.moq || item.quantity > row.max_per_order {
            return Ok(Err(Problem::invalid(
                format!("{field}.quantity"),
                "quantity",
                format!(
                    "Order between {} and {} of this product.",
                    row.moq, row.max_per_order
                ),
            )));
        }
        let Some(unit) = rate.convert(Money::inr(row.price_minor)) else {
            return Ok(Err(Problem::invalid(
                "currency",
                "currency",
                "This price cannot be shown in that currency.",
            )));
        };
        lines.push(Line {
            index,
            product_id: row.id,
            slug: item.product.trim().to_owned(),
            name: row.name,
            booth_id: row.booth_id,
            booth_slug: row.booth_slug,
            quantity: item.quantity,
            unit_inr: row.price_minor,
            unit: unit.minor,
        });
    }
    // Rows are always locked in the same order, so concurrent checkouts cannot deadlock.
    lines.sort_by_key(|l| l.product_id);
    for line in &lines {
        let taken =
            sqlx::query("UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
                .bind(line.product_id)
                .bind(line.quantity)
                .execute(&mut **tx)
                .await?
                .rows_affected();
        if taken != 1 {
            return Ok(Err(Problem::new(
                409,
                "out_of_stock",
                Some(format!("items[{}].quantity", line.index)),
                format!("Not enough {} left for this order.", line.name),
            )));
        }
    }
    let checkout = format!("ck_{}", &new_token()[..24]);
    let expires_at = now.seconds() + HOLD_SECONDS;
    let mut booths: Vec<i64> = lines.iter().map(|l| l.booth_id).collect();
    booths.sort_unstable();
    booths.dedup();
    let mut orders = Vec::with_capacity(booths.len());
    for booth_id in booths {
        let mine: Vec<&Line> = lines.iter().filter(|l| l.booth_id == booth_id).collect();
        let total: i64 = mine.iter().map(|l| l.unit * l.quantity).sum();
        let total_inr: i64 = mine.iter().map(|l| l.unit_inr * l.quantity).sum();
        let number = format!("PV-{}", new_token()[..12].to_ascii_uppercase());
        let order_id: i64 = sqlx::query_scalar(
            "INSERT INTO orders (number, checkout, booth_id, user_id, email, currency, inr_per_unit_micros,
                    total_minor, total_inr_minor, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(&number)
        .bind(&checkout)
        .bind(booth_id)
        .bind(user)
        .bind(&email)
        .bind(currency.code())
        .bind(rate.inr_per_unit_micros)
        .bind(total)
        .bind(total_inr)
        .bind(now.seconds())
        .bind(expires_at)
        .fetch_one(&mut **tx)
        .await?;
        for line in &mine {
            sqlx::query(
                "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(order_id)
            .bind(line.product_id)
            .bind(line.quantity)
            .bind(line.unit_inr)
            .bind(line.unit)
            .execute(&mut **tx)
            .await?;
        }
        record(tx, order_id, "pending", &format!("buyer:{email}"), now).await?;
        orders.push(Order {
            number,
            checkout: checkout.clone(),
            booth: mine[0].booth_slug.clone(),
            state: "pending".to_owned(),
            currency: currency.code().to_owned(),
            total_minor: total,
            total_inr_minor: total_inr,
            created_at: now.rfc3339(),
            expires_at: Instant(expires_at).rfc3339(),
            items: mine
                .iter()
                .map(|l| OrderLine {
                    product: l.slug.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_minor: l.unit,
                    unit_inr_minor: l.unit_inr,
                })
                .collect(),
        });
    }
    Ok(Ok(CheckoutResponse { checkout, orders }))
}

async fn record(
    tx: &mut Transaction<'_, Any>,
    order_id: i64,
    state: &str,
    actor: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO order_events (order_id, state, actor, at) VALUES ($1, $2, $3, $4)")
        .bind(order_id)
        .bind(state)
        .bind(actor)
        .bind(now.seconds())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Cancels pending orders whose hold has run out and gives their stock back; each order in
/// its own transaction, and only once. Returns how many were released.
pub async fn release_expired(db: &Db, now: Instant) -> Result<usize, sqlx::Error> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE state = 'pending' AND expires_at <= $1 ORDER BY id LIMIT 500",
    )
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let mut released = 0;
    for id in due {
        let mut tx = db.begin().await?;
        let cancelled = sqlx::query(
            "UPDATE orders SET state = 'cancelled' WHERE id = $1 AND state = 'pending'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if cancelled == 1 {
            let items: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT product_id, quantity FROM order_items WHERE order_id = $1 ORDER BY product_id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            for (product, quantity) in items {
                sqlx::query("UPDATE products SET stock = stock + $2 WHERE id = $1")
                    .bind(product)
                    .bind(quantity)
                    .execute(&mut *tx)
                    .await?;
            }
            record(&mut tx, id, "cancelled", "system:hold-expired", now).await?;
            released += 1;
        }
        tx.commit().await?;
    }
    Ok(released)
}

/// Forgets idempotency keys older than twice their promised lifetime.
pub async fn forget_keys(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(now.seconds() - 2 * KEY_SECONDS)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// One order by its number.
pub async fn order(db: &Db, number: &str) -> Result<Option<Order>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        number: String,
        checkout: String,
        booth: String,
        state: String,
        currency: String,
        total_minor: i64,
        total_inr_minor: i64,
        created_at: i64,
        expires_at: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.id, o.number, o.checkout, b.slug AS booth, o.state, o.currency, o.total_minor,
                o.total_inr_minor, o.created_at, o.expires_at
           FROM orders o JOIN booths b ON b.id = o.booth_id WHERE o.number = $1",
    )
    .bind(number)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let items: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT p.slug, p.name, i.quantity, i.unit_minor, i.unit_inr_minor
           FROM order_items i JOIN products p ON p.id = i.product_id
          WHERE i.order_id = $1 ORDER BY p.id",
    )
    .bind(row.id)
    .fetch_all(db)
    .await?;
    Ok(Some(Order {
        number: row.number,
        checkout: row.checkout,
        booth: row.booth,
        state: row.state,
        currency: row.currency,
        total_minor: row.total_minor,
        total_inr_minor: row.total_inr_minor,
        created_at: Instant(row.created_at).rfc3339(),
        expires_at: Instant(row.expires_at).rfc3339(),
        items: items
            .into_iter()
            .map(
                |(product, name, quantity, unit_minor, unit_inr_minor)| OrderLine {
                    product,
                    name,
                    quantity,
                    unit_minor,
                    unit_inr_minor,
                },
            )
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255() {
        assert!(valid_key("order-2026-11-28-0001"));
        assert!(!valid_key(""));
        assert!(!valid_key("has space"));
        assert!(!valid_key(&"k".repeat(256)));
        assert!(!valid_key("ключ"));
    }

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
