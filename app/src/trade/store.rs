//! Trade terms in the store: read with the product they belong to (one row, no extra query),
//! written in the transaction that saves the product.

use super::breaks::PriceBreaks;
use super::terms::{SampleOffer, TradeTerms, decode_incoterms, encode_incoterms};
use sqlx::{Any, AnyConnection, FromRow, Transaction};

/// The columns [`TermsRow`] reads, from the products table aliased `p`.
pub const TERMS_COLUMNS: &str = "p.price_breaks, p.sample_price_minor, p.sample_per_buyer,
    p.sample_weight_grams, p.samples_left, p.lead_days, p.packaging, p.incoterms";

/// A product's trade terms as stored; flatten it into a product row with `#[sqlx(flatten)]`.
#[derive(Clone, Debug, FromRow)]
pub struct TermsRow {
    pub price_breaks: String,
    pub sample_price_minor: i64,
    pub sample_per_buyer: i64,
    pub sample_weight_grams: i64,
    pub samples_left: i64,
    pub lead_days: i64,
    pub packaging: String,
    pub incoterms: String,
}

impl TermsRow {
    pub fn terms(&self) -> TradeTerms {
        TradeTerms {
            breaks: PriceBreaks::decode(&self.price_breaks),
            sample: (self.sample_price_minor > 0 && self.sample_per_buyer > 0).then(|| {
                SampleOffer {
                    price_minor: self.sample_price_minor,
                    per_buyer: self.sample_per_buyer,
                    weight_grams: self.sample_weight_grams.max(1),
                    left: self.samples_left,
                }
            }),
            lead_days: self.lead_days,
            packaging: self.packaging.clone(),
            incoterms: decode_incoterms(&self.incoterms),
        }
    }
}

/// Writes a product's terms (inside the transaction that saves the product).
pub async fn save_terms(
    tx: &mut Transaction<'_, Any>,
    product_id: i64,
    terms: &TradeTerms,
) -> Result<(), sqlx::Error> {
    let sample = terms.sample.clone().unwrap_or_default();
    sqlx::query(
        "UPDATE products SET price_breaks = $2, sample_price_minor = $3, sample_per_buyer = $4,
                sample_weight_grams = $5, samples_left = $6, lead_days = $7, packaging = $8,
                incoterms = $9
          WHERE id = $1",
    )
    .bind(product_id)
    .bind(terms.breaks.encode())
    .bind(sample.price_minor)
    .bind(sample.per_buyer)
    .bind(sample.weight_grams)
    .bind(sample.left)
    .bind(terms.lead_days)
    .bind(&terms.packaging)
    .bind(encode_incoterms(&terms.incoterms))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many samples of a product this account already holds (in orders not cancelled or
/// refunded): the per-buyer cap counts against it.
pub async fn samples_held(
    conn: &mut AnyConnection,
    product_id: i64,
    user: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) FROM order_items oi
           JOIN orders o ON o.id = oi.order_id
          WHERE oi.product_id = $1 AND oi.sample = 1 AND o.user_id = $2
            AND o.state NOT IN ('cancelled', 'refunded')",
    )
    .bind(product_id)
    .bind(user)
    .fetch_one(conn)
    .await
}

/// Takes `quantity` units from a product's stock, or from its samples: `false` when not
/// enough are left (nothing is taken then).
pub async fn take(
    conn: &mut AnyConnection,
    product_id: i64,
    quantity: i64,
    sample: bool,
) -> Result<bool, sqlx::Error> {
    let sql = if sample {
        "UPDATE products SET samples_left = samples_left - $2 WHERE id = $1 AND samples_left >= $2"
    } else {
        "UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2"
    };
    Ok(sqlx::query(sql)
        .bind(product_id)
        .bind(quantity)
        .execute(conn)
        .await?
        .rows_affected()
        == 1)
}

/// Gives units back to stock, or to the samples (an order cancelled, refunded or expired).
pub async fn give_back(
    conn: &mut AnyConnection,
    product_id: i64,
    quantity: i64,
    sample: bool,
) -> Result<(), sqlx::Error> {
    let sql = if sample {
        "UPDATE products SET samples_left = samples_left + $2 WHERE id = $1"
    } else {
        "UPDATE products SET stock = stock + $2 WHERE id = $1"
    };
    sqlx::query(sql)
        .bind(product_id)
        .bind(quantity)
        .execute(conn)
        .await?;
    Ok(())
}
