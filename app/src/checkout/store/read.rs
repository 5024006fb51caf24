//! Reading an order with its lines, shipping and history, and recording its moves.

use super::*;

/// Records that order `order_id` entered `state`, moved by `actor`.
pub(crate) async fn record<'e, E: Executor<'e, Database = Any>>(
    db: E,
    order_id: i64,
    state: &str,
    actor: &str,
    note: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_events (order_id, state, actor, note, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(order_id)
    .bind(state)
    .bind(actor)
    .bind(note)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

/// One order by its number.
pub async fn order(db: &Db, number: &str) -> Result<Option<Order>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    read_order(&mut conn, number).await
}

/// One order by its number, read through any connection (a transaction's included).
pub(crate) async fn read_order(
    conn: &mut sqlx::AnyConnection,
    number: &str,
) -> Result<Option<Order>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        number: String,
        buyer_key: String,
        booth: String,
        state: String,
        currency: String,
        total_minor: i64,
        total_inr_minor: i64,
        created_at: i64,
        expires_at: i64,
        country: String,
        service: String,
        incoterm: String,
        goods_minor: i64,
        handling_minor: i64,
        freight_minor: i64,
        insurance_minor: i64,
        duties_minor: Option<i64>,
        days_min: i64,
        days_max: i64,
        carrier: String,
        tracking: String,
        stream: Option<String>,
        host: Option<String>,
        creator: Option<String>,
        link: Option<String>,
        deposit_minor: i64,
        balance_paid_at: Option<i64>,
        quote: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.id, o.number, o.buyer_key, b.slug AS booth, o.state, o.currency, o.total_minor,
                o.total_inr_minor, o.created_at, o.expires_at, o.country, o.service, o.incoterm,
                o.goods_minor, o.handling_minor, o.freight_minor, o.insurance_minor, o.duties_minor,
                o.days_min, o.days_max, o.carrier, o.tracking, s.slug AS stream, h.slug AS host,
                c.slug AS creator, l.code AS link,
                o.deposit_minor, o.balance_paid_at, q.number AS quote
           FROM orders o JOIN booths b ON b.id = o.booth_id
           LEFT JOIN rfq_quotes q ON q.id = o.quote_id
           LEFT JOIN streams s ON s.id = o.stream_id
           LEFT JOIN hosts h ON h.id = o.host_id
           LEFT JOIN creators c ON c.id = o.creator_id
           LEFT JOIN creator_links l ON l.id = o.link_id
          WHERE o.number = $1",
    )
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let items: Vec<(String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT p.slug, p.name, i.quantity, i.unit_minor, i.unit_inr_minor, i.sample
           FROM order_items i JOIN products p ON p.id = i.product_id
          WHERE i.order_id = $1 ORDER BY p.id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let history: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT state, actor, at, note FROM order_events WHERE order_id = $1 ORDER BY id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(Order {
        number: row.number,
        key: row.buyer_key,
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
                |(product, name, quantity, unit_minor, unit_inr_minor, sample)| OrderLine {
                    product,
                    name,
                    quantity,
                    unit_minor,
                    unit_inr_minor,
                    sample: sample == 1,
                },
            )
            .collect(),
        shipping: Shipping {
            country: row.country,
            service: row.service,
            incoterm: row.incoterm,
            goods_minor: row.goods_minor,
            handling_minor: row.handling_minor,
            freight_minor: row.freight_minor,
            insurance_minor: row.insurance_minor,
            duties_minor: row.duties_minor,
            days_min: row.days_min,
            days_max: row.days_max,
            carrier: row.carrier,
            tracking: row.tracking,
        },
        stream: row.stream,
        host: row.host,
        creator: row.creator,
        link: row.link,
        quote: row.quote,
        instalments: (row.deposit_minor > 0).then(|| Instalments {
            deposit_minor: row.deposit_minor,
            balance_minor: row.total_minor - row.deposit_minor,
            balance_paid_at: row.balance_paid_at.map(|at| Instant(at).rfc3339()),
        }),
        history: history
            .into_iter()
            .map(|(state, actor, at, note)| OrderEvent {
                state,
                actor,
                at: Instant(at).rfc3339(),
                note,
            })
            .collect(),
    }))
}
