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
pub async fn in_force(
    db: &crate::db::Db,
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
