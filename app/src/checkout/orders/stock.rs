//! Stock that moves after checkout: taken back for a late payment, given back on cancel or
//! refund, and a flash deal's units.

use super::*;

/// Takes a cancelled order's stock again, all lines or none.
pub(super) async fn retake_stock(
    tx: &mut Transaction<'_, Any>,
    order_id: i64,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    use sqlx::Acquire;
    let mut attempt = tx.begin().await?;
    let buyer: Option<i64> = sqlx::query_scalar("SELECT user_id FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut *attempt)
        .await?;
    // A quote's order took no stock: it takes back its award, if nobody else has it.
    if crate::trade::rfq::store::reaward(&mut attempt, order_id, now).await? {
        attempt.commit().await?;
        return Ok(true);
    }
    if is_quote_order(&mut attempt, order_id).await? {
        attempt.rollback().await?;
        return Ok(false);
    }
    for (product, quantity, sample) in lines_of(&mut attempt, order_id).await? {
        // A sample still counts against the buyer's cap: samples bought since the hold ran
        // out may have used it up.
        let within_cap = !sample || sample_fits(&mut attempt, product, buyer, quantity).await?;
        if !within_cap
            || !crate::trade::store::take(&mut attempt, product, quantity, sample).await?
        {
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

/// Whether `quantity` more samples of a product stay within what one buyer may hold.
async fn sample_fits(
    conn: &mut AnyConnection,
    product: i64,
    buyer: Option<i64>,
    quantity: i64,
) -> Result<bool, sqlx::Error> {
    let Some(buyer) = buyer else {
        return Ok(false);
    };
    let per_buyer: i64 = sqlx::query_scalar("SELECT sample_per_buyer FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(&mut *conn)
        .await?;
    let held = crate::trade::store::samples_held(conn, product, buyer).await?;
    Ok(held.saturating_add(quantity) <= per_buyer)
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
pub(super) async fn deal_share(
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

/// Whether the order was made by accepting a trade quote.
async fn is_quote_order(conn: &mut AnyConnection, order_id: i64) -> Result<bool, sqlx::Error> {
    let quote: Option<i64> = sqlx::query_scalar("SELECT quote_id FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(conn)
        .await?;
    Ok(quote.is_some())
}

/// Gives back what an order held: its stock, and its units to the flash deal it was bought
/// at; a quote's order (which took no stock) gives its request back to the buyer to award.
pub(crate) async fn restock(conn: &mut AnyConnection, order_id: i64) -> Result<(), sqlx::Error> {
    if is_quote_order(conn, order_id).await? {
        return crate::trade::rfq::store::reopen(conn, order_id).await;
    }
    if let Some((deal, quantity)) = deal_share(conn, order_id).await? {
        sqlx::query("UPDATE flash_deals SET sold = sold - $2 WHERE id = $1")
            .bind(deal)
            .bind(quantity)
            .execute(&mut *conn)
            .await?;
    }
    for (product, quantity, sample) in lines_of(conn, order_id).await? {
        crate::trade::store::give_back(conn, product, quantity, sample).await?;
    }
    Ok(())
}

/// An order's lines: product, quantity, and whether the line is a sample, by product.
async fn lines_of(
    conn: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<(i64, i64, bool)>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT product_id, quantity, sample FROM order_items WHERE order_id = $1 ORDER BY product_id",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(product, quantity, sample)| (product, quantity, sample == 1))
        .collect())
}
