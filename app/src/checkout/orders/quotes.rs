//! FX quotes that lock a checkout's rate, and the limits one order of a product may take.

use super::*;

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

/// The currency a quote locked, if the quote exists.
pub async fn quote_currency(db: &Db, quote: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT currency FROM fx_quotes WHERE id = $1")
        .bind(quote)
        .fetch_optional(db)
        .await
}

/// What one order of a published product may take now: its MOQ, and the most (its limit
/// per order within the stock, never below the MOQ). `None` for no such product.
pub async fn order_limits(db: &Db, product: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT p.moq, p.max_per_order, p.stock FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'",
    )
    .bind(product)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(moq, max, stock)| (moq, max.min(stock).max(moq))))
}

/// Forgets quotes that ran out a day ago.
pub async fn forget_quotes(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM fx_quotes WHERE expires_at < $1")
        .bind(now.seconds() - 24 * 3600)
        .execute(db)
        .await?
        .rows_affected())
}
