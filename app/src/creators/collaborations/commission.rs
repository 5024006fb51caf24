//! What a creator earns on an order line: the commission of the collaboration terms in
//! force when the line was bought, on the line's goods, rounded half to even to the paisa.
//! The terms in force for a creator and a product at a moment are the last version
//! accepted by then of a collaboration that covers the product for that moment; a newer
//! accepted version of the same collaboration replaces it even where it drops the product.

use crate::core::basis_points_of;
use serde::{Deserialize, Serialize};

/// The agreed terms a commission is owed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InForce {
    pub collaboration: i64,
    pub version: i64,
    pub commission_bps: i64,
}

/// The commission on `goods_minor` at `bps`; never more than the goods (`bps` ≤ 100 %).
pub fn on_line(goods_minor: i64, bps: i64) -> i64 {
    let bps = bps.clamp(0, 10_000);
    basis_points_of(goods_minor.max(0), bps).unwrap_or(0)
}

/// The terms in force for `creator` on `product` at `at` (UTC seconds), if any.
#[cfg(feature = "ssr")]
pub async fn in_force<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    creator: i64,
    product: i64,
    at: crate::core::Instant,
) -> Result<Option<InForce>, sqlx::Error> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT k.id, t.version, t.commission_bps
           FROM collaborations k
           JOIN collaboration_terms t ON t.collaboration_id = k.id
           JOIN collaboration_products x ON x.terms_id = t.id
          WHERE k.creator_id = $1 AND x.product_id = $2
            AND t.outcome = 'accepted' AND t.answered_at <= $3
            AND t.starts_at <= $3 AND t.ends_at > $3
            AND NOT EXISTS (
                SELECT 1 FROM collaboration_terms n
                 WHERE n.collaboration_id = k.id AND n.outcome = 'accepted'
                   AND n.answered_at <= $3 AND n.version > t.version)
          ORDER BY t.answered_at DESC, k.id DESC
          LIMIT 1",
    )
    .bind(creator)
    .bind(product)
    .bind(at.seconds())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(collaboration, version, commission_bps)| InForce {
        collaboration,
        version,
        commission_bps,
    }))
}

/// Accrues what each line of a paid order credited to a creator earns them under the terms
/// in force when it was bought (samples earn nothing); once per line however often it is
/// called. Answers whether any line of the order earns a commission: then the stream host's
/// own rate is not paid beside it.
#[cfg(feature = "ssr")]
pub async fn accrue(
    conn: &mut sqlx::AnyConnection,
    order_id: i64,
    now: crate::core::Instant,
) -> Result<bool, sqlx::Error> {
    let order: Option<(Option<i64>, i64)> =
        sqlx::query_as("SELECT creator_id, created_at FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((Some(creator), bought)) = order else {
        return Ok(false);
    };
    let lines: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT product_id, CAST(SUM(quantity * unit_inr_minor) AS BIGINT) FROM order_items
          WHERE order_id = $1 AND sample = 0 GROUP BY product_id ORDER BY product_id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut any = false;
    for (product, basis) in lines {
        let bought = crate::core::Instant(bought);
        let Some(terms) = in_force(&mut *conn, creator, product, bought).await? else {
            continue;
        };
        sqlx::query(
            "INSERT INTO line_commissions (order_id, product_id, creator_id, collaboration_id,
                    terms_version, basis_inr_minor, rate_bps, amount_inr_minor, state, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'accrued', $9)
             ON CONFLICT (order_id, product_id) DO NOTHING",
        )
        .bind(order_id)
        .bind(product)
        .bind(creator)
        .bind(terms.collaboration)
        .bind(terms.version)
        .bind(basis)
        .bind(terms.commission_bps)
        .bind(on_line(basis, terms.commission_bps))
        .bind(now.seconds())
        .execute(&mut *conn)
        .await?;
        any = true;
    }
    Ok(any)
}

/// Reverses the commissions an order's lines earned (its refund).
#[cfg(feature = "ssr")]
pub async fn reverse(
    conn: &mut sqlx::AnyConnection,
    order_id: i64,
    now: crate::core::Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE line_commissions SET state = 'reversed', at = $2
          WHERE order_id = $1 AND state = 'accrued'",
    )
    .bind(order_id)
    .bind(now.seconds())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rounds_half_to_even_to_the_paisa() {
        // 7.5 % of ₹123.45 is 925.875 paise → 926; 5 % of 10 paise is 0.5 → 0 (even);
        // 5 % of 30 paise is 1.5 → 2 (even).
        assert_eq!(on_line(12_345, 750), 926);
        assert_eq!(on_line(10, 500), 0);
        assert_eq!(on_line(30, 500), 2);
        assert_eq!(on_line(1_000_000, 0), 0);
        assert_eq!(on_line(-5, 500), 0);
    }

    proptest! {
        /// Within half a paisa of the exact share, and the commissions of an order's lines
        /// never add up to more than its goods.
        #[test]
        fn never_more_than_the_goods(lines in proptest::collection::vec((0_i64..50_000_000, 0_i64..=5_000), 1..12)) {
            let mut goods = 0_i64;
            let mut owed = 0_i64;
            for (minor, bps) in &lines {
                let c = on_line(*minor, *bps);
                let exact = i128::from(*minor) * i128::from(*bps);
                prop_assert!((i128::from(c) * 10_000 - exact).abs() <= 5_000);
                prop_assert!(c <= *minor);
                goods += minor;
                owed += c;
            }
            prop_assert!(owed <= goods);
        }
    }
}
