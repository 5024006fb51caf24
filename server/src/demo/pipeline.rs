//! The demo's trade history: importers from eight markets who ordered samples (paid), followed
//! streams and were worked as leads by the booths (contacted, quoted, won, lost, with notes and
//! next actions), so every exhibitor's leads console has a pipeline to read from the first run.
//! Written once, on a database holding the seeded demo, when the demo comes alive; these
//! buyers have no password (nobody signs in as one) and are ordinary accounts, not the
//! simulated audience.

use app::checkout::model::{BuyerKey, CheckoutId, OrderNumber};
use app::db::Db;
use app::trade::leads::store::share_contact;

/// `(name, email, locale, country, address)`.
pub(super) const BUYERS: [(&str, &str, &str, &str, &str); 8] = [
    (
        "Lena Vogel",
        "lena.vogel@hamburg-gewuerz.example",
        "de",
        "DE",
        "Hafenstraße 12, 20457 Hamburg",
    ),
    (
        "Omar Al Mansoori",
        "omar@gulf-fine-foods.example",
        "ar",
        "AE",
        "Warehouse 14, Al Quoz 3, Dubai",
    ),
    (
        "Haruki Sato",
        "h.sato@tokyo-trading.example",
        "ja",
        "JP",
        "2-4-1 Shibaura, Minato-ku, Tokyo 108-0023",
    ),
    (
        "Wang Fang",
        "wang.fang@shanghai-imports.example",
        "zh",
        "CN",
        "88 Century Avenue, Pudong, Shanghai 200120",
    ),
    (
        "Camila Rojas",
        "camila@andes-distribuidora.example",
        "es",
        "CL",
        "Av. Apoquindo 4500, Las Condes, Santiago",
    ),
    (
        "Pierre Lambert",
        "p.lambert@epices-lyon.example",
        "fr",
        "FR",
        "14 quai Perrache, 69002 Lyon",
    ),
    (
        "Olga Smirnova",
        "olga@volga-trade.example",
        "ru",
        "RU",
        "Leningradsky pr. 39, Moscow 125167",
    ),
    (
        "Mia Thompson",
        "mia@harbour-foods.example",
        "en",
        "AU",
        "12 Wharf Road, Pyrmont NSW 2009",
    ),
];

/// What the booth's team noted: `(status, note, next action in days from now)`.
const NOTES: [(&str, &str, Option<i64>); 5] = [
    (
        "contacted",
        "Sent the price list and the moisture report; asked for annual volume.",
        Some(2),
    ),
    (
        "quoted",
        "Quoted 500 units CIF; waiting for their buyer's sign-off.",
        Some(5),
    ),
    ("won", "First container booked for January.", None),
    (
        "lost",
        "Chose a Vietnamese supplier on price this season; try again after the harvest.",
        Some(60),
    ),
    ("new", "", None),
];

const DAY: i64 = 24 * 3600;

/// Writes the history unless it is there already. Returns how many leads it made.
pub async fn seed_once(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let present: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(BUYERS[0].1)
        .fetch_optional(db)
        .await?;
    if present.is_some() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let mut buyers = Vec::with_capacity(BUYERS.len());
    for (name, email, locale, ..) in BUYERS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, locale, created_at, email_verified_at)
             VALUES ($1, $2, '', $3, $4, $4) RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(locale)
        .bind(now - 40 * DAY)
        .fetch_one(&mut *tx)
        .await?;
        buyers.push(id);
    }
    // Each booth with a sample offer hears from three buyers, turn by turn.
    let booths: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.booth_id, MIN(p.id) FROM products p
          WHERE p.sample_price_minor > 0 GROUP BY p.booth_id ORDER BY p.booth_id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut leads = 0;
    for (turn, (booth_id, product_id)) in booths.into_iter().enumerate() {
        let (price, stream): (i64, Option<i64>) = sqlx::query_as(
            "SELECT p.sample_price_minor, (SELECT MIN(s.id) FROM streams s WHERE s.booth_id = p.booth_id)
               FROM products p WHERE p.id = $1",
        )
        .bind(product_id)
        .fetch_one(&mut *tx)
        .await?;
        for k in 0..3 {
            let which = (turn * 3 + k) % BUYERS.len();
            let (_, email, locale, country, address) = BUYERS[which];
            let (name, buyer) = (BUYERS[which].0, buyers[which]);
            let at = now - ((turn + k) as i64 % 9 + 1) * DAY;
            if k < 2 {
                sample_order(
                    &mut tx,
                    booth_id,
                    product_id,
                    price,
                    buyer,
                    (name, email, locale, country, address),
                    at,
                )
                .await?;
                share_contact(&mut tx, buyer, booth_id, app::core::Instant(at)).await?;
            }
            if let Some(stream) = stream {
                sqlx::query(
                    "INSERT INTO stream_follows (user_id, stream_id, created_at, reminded_at, live_noticed_at)
                     VALUES ($1, $2, $3, $3, $3) ON CONFLICT (user_id, stream_id) DO NOTHING",
                )
                .bind(buyer)
                .bind(stream)
                .bind(at - DAY)
                .execute(&mut *tx)
                .await?;
            }
            let (status, note, next) = NOTES[(turn + k) % NOTES.len()];
            if status != "new" {
                sqlx::query(
                    "INSERT INTO leads (booth_id, buyer_id, status, note, next_action_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(booth_id)
                .bind(buyer)
                .bind(status)
                .bind(note)
                .bind(next.map(|days| (now / DAY + days) * DAY))
                .bind(at + DAY / 2)
                .execute(&mut *tx)
                .await?;
            }
            leads += 1;
        }
    }
    tx.commit().await?;
    Ok(leads)
}

/// One paid sample order, ex works, as checkout would have written it.
async fn sample_order(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    booth_id: i64,
    product_id: i64,
    price: i64,
    buyer: i64,
    (name, email, locale, country, address): (&str, &str, &str, &str, &str),
    at: i64,
) -> Result<(), sqlx::Error> {
    let order: i64 = sqlx::query_scalar(
        "INSERT INTO orders (number, checkout, booth_id, user_id, email, state, currency, inr_per_unit_micros,
                total_minor, total_inr_minor, created_at, expires_at, locale, country, service, incoterm,
                goods_minor, ship_name, ship_address, buyer_key, client)
         VALUES ($1, $2, $3, $4, $5, 'paid', 'INR', 1000000, $6, $6, $7, $8, $9, $10, 'express', 'EXW',
                 $6, $11, $12, $13, 'demo') RETURNING id",
    )
    .bind(OrderNumber::fresh().as_str())
    .bind(CheckoutId::fresh().as_str())
    .bind(booth_id)
    .bind(buyer)
    .bind(email)
    .bind(price)
    .bind(at)
    .bind(at + 15 * 60)
    .bind(locale)
    .bind(country)
    .bind(name)
    .bind(address)
    .bind(BuyerKey::fresh().as_str())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor, sample)
         VALUES ($1, $2, 1, $3, $3, 1)",
    )
    .bind(order)
    .bind(product_id)
    .bind(price)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE products SET samples_left = samples_left - 1 WHERE id = $1 AND samples_left > 0",
    )
    .bind(product_id)
    .execute(&mut **tx)
    .await?;
    history(
        tx,
        order,
        &[
            ("pending", format!("buyer:{email}"), "", at),
            ("paid", "provider:test".to_owned(), "", at + 120),
        ],
    )
    .await
}

/// An order's events: `(state, actor, note, at)`, oldest first.
pub(super) async fn history(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    order: i64,
    events: &[(&str, String, &str, i64)],
) -> Result<(), sqlx::Error> {
    for (state, actor, note, at) in events {
        sqlx::query(
            "INSERT INTO order_events (order_id, state, actor, note, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(order)
        .bind(state)
        .bind(actor)
        .bind(note)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
