//! Writing an order and its payment session: one place for the row's many columns, shared by
//! the cart's checkout and the acceptance of a trade quote.

use super::*;

/// The last touch an order is attributed to: a stream (and its first host, and the creator
/// whose host profile that is), or a creator's link; and when it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attribution {
    pub stream: Option<i64>,
    pub host: Option<i64>,
    pub creator: Option<i64>,
    pub link: Option<i64>,
    /// UTC seconds.
    pub at: i64,
}

/// Everything an `orders` row holds when it is made.
pub(crate) struct NewOrder<'a> {
    pub number: &'a OrderNumber,
    pub checkout: &'a str,
    pub booth_id: i64,
    pub user: Option<i64>,
    pub email: &'a str,
    pub rate: Rate,
    /// The landed price in the buyer's currency, part by part.
    pub shown: &'a Landed,
    pub total_inr: i64,
    pub expires_at: i64,
    pub locale: Locale,
    /// `(country, name, address)`, empty for ex works.
    pub ship_to: (&'a str, &'a str, &'a str),
    pub service: &'a str,
    /// What the order is attributed to, if anything.
    pub attributed: Option<Attribution>,
    pub deal: Option<i64>,
    pub key: &'a BuyerKey,
    pub client: &'a str,
    pub quote: Option<i64>,
    /// The share paid first (0: all at once).
    pub deposit_minor: i64,
}

/// Writes the order row and its first event; returns its id.
pub(crate) async fn insert_order(
    tx: &mut Transaction<'_, Any>,
    o: &NewOrder<'_>,
    now: Instant,
) -> Result<i64, sqlx::Error> {
    let (country, name, address) = o.ship_to;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (number, checkout, booth_id, user_id, email, currency, inr_per_unit_micros,
                total_minor, total_inr_minor, created_at, expires_at, locale, country, service, incoterm,
                goods_minor, handling_minor, freight_minor, insurance_minor, duties_minor, days_min,
                days_max, ship_name, ship_address, stream_id, host_id, deal_id, buyer_key, client,
                quote_id, deposit_minor, creator_id, link_id, touched_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34)
         RETURNING id",
    )
    .bind(o.number.as_str())
    .bind(o.checkout)
    .bind(o.booth_id)
    .bind(o.user)
    .bind(o.email)
    .bind(o.rate.currency.code())
    .bind(o.rate.inr_per_unit_micros)
    .bind(o.shown.charged())
    .bind(o.total_inr)
    .bind(now.seconds())
    .bind(o.expires_at)
    .bind(o.locale.code())
    .bind(country)
    .bind(o.service)
    .bind(o.shown.incoterm.code())
    .bind(o.shown.goods)
    .bind(o.shown.handling)
    .bind(o.shown.freight)
    .bind(o.shown.insurance)
    .bind(o.shown.duties)
    .bind(o.shown.days_min)
    .bind(o.shown.days_max)
    .bind(name)
    .bind(address)
    .bind(o.attributed.and_then(|a| a.stream))
    .bind(o.attributed.and_then(|a| a.host))
    .bind(o.deal)
    .bind(o.key.as_str())
    .bind(o.client)
    .bind(o.quote)
    .bind(o.deposit_minor)
    .bind(o.attributed.and_then(|a| a.creator))
    .bind(o.attributed.and_then(|a| a.link))
    .bind(o.attributed.map(|a| a.at))
    .fetch_one(&mut **tx)
    .await?;
    record(
        &mut **tx,
        id,
        "pending",
        &format!("buyer:{}", o.email),
        "",
        now,
    )
    .await?;
    Ok(id)
}

/// A payment session the buyer pays `amount` through: for the orders of `checkout`, or for
/// the balance of order `balance_of`. Returns its id.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_session(
    tx: &mut Transaction<'_, Any>,
    provider: &str,
    checkout: &str,
    currency: Currency,
    amount: i64,
    return_path: &str,
    expires_at: i64,
    balance_of: Option<i64>,
    now: Instant,
) -> Result<String, sqlx::Error> {
    let session = format!("ps_{}", &new_token()[..24]);
    sqlx::query(
        "INSERT INTO payment_sessions (id, provider, checkout, currency, amount_minor, return_path,
                created_at, expires_at, balance_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&session)
    .bind(provider)
    .bind(checkout)
    .bind(currency.code())
    .bind(amount)
    .bind(return_path)
    .bind(now.seconds())
    .bind(expires_at)
    .bind(balance_of)
    .execute(&mut **tx)
    .await?;
    Ok(session)
}
