//! The demo's requests for quotation: the pipeline's importers keep business profiles (one
//! verified by its hall's council) and have asked for quotes in every state — open with two
//! quotes side by side, awarded with its deposit paid and the balance due, open with one
//! quote lapsed and one withdrawn, and closed. Written once, after the trade history, when
//! the demo comes alive.

use super::pipeline::BUYERS;
use app::checkout::model::{BuyerKey, CheckoutId, OrderNumber};
use app::core::secrets::new_token;
use app::db::Db;
use sqlx::{Any, Transaction};

const DAY: i64 = 24 * 3600;

/// `(company, role, yearly purchases)` of each pipeline buyer, in the same order.
const COMPANIES: [(&str, &str, &str); 8] = [
    ("Hamburger Gewürzkontor GmbH", "importer", "to_5m"),
    ("Gulf Fine Foods LLC", "distributor", "to_1m"),
    ("Tokyo Trading K.K.", "importer", "over_5m"),
    ("Shanghai Imports Co., Ltd.", "wholesaler", "to_5m"),
    ("Andes Distribuidora SpA", "distributor", "to_250k"),
    ("Épices de Lyon SARL", "retailer", "under_50k"),
    ("Volga Trade OOO", "importer", "to_1m"),
    ("Harbour Foods Pty Ltd", "wholesaler", "to_250k"),
];

/// Writes the requests unless there are some already. Returns how many it wrote.
pub async fn seed_once(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM rfqs LIMIT 1")
        .fetch_optional(db)
        .await?;
    if any.is_some() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let mut buyers = Vec::with_capacity(BUYERS.len());
    for ((_, email, _, country, _), (company, role, volume)) in BUYERS.iter().zip(COMPANIES) {
        let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?
        else {
            // The trade history is not there: nothing to build on.
            return Ok(0);
        };
        sqlx::query(
            "INSERT INTO business_profiles (user_id, company, country, role, website, annual_volume, updated_at)
             VALUES ($1, $2, $3, $4, '', $5, $6) ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(id)
        .bind(company)
        .bind(country)
        .bind(role)
        .bind(volume)
        .bind(now - 30 * DAY)
        .execute(&mut *tx)
        .await?;
        buyers.push(id);
    }
    // Two halls with at least two booths selling the hall's own category.
    let halls: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT h.id, h.council_id, h.motif FROM halls h
          WHERE (SELECT COUNT(*) FROM booths b WHERE b.hall_id = h.id AND b.status = 'published'
                   AND EXISTS (SELECT 1 FROM products p WHERE p.booth_id = b.id AND p.status = 'published'
                                AND p.category = h.motif)) >= 2
          ORDER BY h.position, h.id LIMIT 2",
    )
    .fetch_all(&mut *tx)
    .await?;
    if halls.len() < 2 {
        return Ok(0);
    }
    let mut written = 0;
    // Lena's request to the first hall: routed by rule, two quotes side by side, and the
    // council verified her.
    let (hall, council, category) = &halls[0];
    sqlx::query(
        "UPDATE business_profiles SET verified_council = $2, verified_at = $3 WHERE user_id = $1",
    )
    .bind(buyers[0])
    .bind(council)
    .bind(now - 20 * DAY)
    .execute(&mut *tx)
    .await?;
    let booths = hall_booths(&mut tx, *hall, category).await?;
    let rfq = request(
        &mut tx,
        Request {
            buyer: buyers[0],
            hall: Some(*hall),
            product: None,
            subject: "Two tonnes for our Hamburg warehouse, steam-sterilised",
            category,
            quantity: 2000,
            unit: "kg",
            destination: "Hamburg",
            country: "DE",
            incoterm: "CIF",
            state: "open",
            at: now - 3 * DAY,
            needed_by: now + 60 * DAY,
        },
    )
    .await?;
    for (n, (booth, product, price)) in booths.iter().take(2).enumerate() {
        route(&mut tx, rfq, *booth, "rule", now - 3 * DAY).await?;
        let quote = Quote {
            rfq,
            booth: *booth,
            product: *product,
            unit_inr_minor: price * 9 / 10,
            breaks: format!("5000:{}", price * 85 / 100),
            incoterm: "CIF",
            lead_days: 21 + 7 * n as i64,
            valid_until: now + (10 + n as i64 * 4) * DAY,
            deposit_bps: if n == 0 { 3000 } else { 0 },
            remarks: if n == 0 {
                "Steam-sterilised, 25 kg multiwall paper bags, ASTA cleanliness; certificate of analysis with each lot."
            } else {
                "Machine-cleaned, 50 kg jute bags; phytosanitary certificate included."
            },
            state: "offered",
            at: now - (2 - n as i64) * DAY,
        };
        offer(&mut tx, &quote).await?;
    }
    message(
        &mut tx,
        rfq,
        booths[0].0,
        buyers[0],
        false,
        "Could you ship the first 500 kg by air as a pre-shipment sample lot?",
        now - DAY,
    )
    .await?;
    written += 1;

    // Omar accepted a quote on one product: the deposit is paid, the balance due.
    let (booth, product, price) = booths[booths.len() - 1];
    let rfq = request(
        &mut tx,
        Request {
            buyer: buyers[1],
            hall: None,
            product: Some(product),
            subject: "Monthly supply for our Dubai stores",
            category: "",
            quantity: 800,
            unit: "kg",
            destination: "Jebel Ali",
            country: "AE",
            incoterm: "EXW",
            state: "awarded",
            at: now - 9 * DAY,
            needed_by: now + 45 * DAY,
        },
    )
    .await?;
    route(&mut tx, rfq, booth, "direct", now - 9 * DAY).await?;
    let unit = price * 88 / 100;
    let quote = offer(
        &mut tx,
        &Quote {
            rfq,
            booth,
            product,
            unit_inr_minor: unit,
            breaks: String::new(),
            incoterm: "EXW",
            lead_days: 14,
            valid_until: now + 5 * DAY,
            deposit_bps: 2500,
            remarks: "Collected from our Kochi warehouse; palletised, shrink-wrapped.",
            state: "accepted",
            at: now - 8 * DAY,
        },
    )
    .await?;
    accepted_order(
        &mut tx,
        quote,
        booth,
        product,
        buyers[1],
        unit,
        800,
        now - 7 * DAY,
    )
    .await?;
    written += 1;

    // Haruki's request to the second hall: one quote lapsed, one withdrawn; still open.
    let (hall, _, category) = &halls[1];
    let booths = hall_booths(&mut tx, *hall, category).await?;
    let rfq = request(
        &mut tx,
        Request {
            buyer: buyers[2],
            hall: Some(*hall),
            product: None,
            subject: "Private-label range for department stores, spring season",
            category,
            quantity: 1200,
            unit: "piece",
            destination: "Yokohama",
            country: "JP",
            incoterm: "DDP",
            state: "open",
            at: now - 20 * DAY,
            needed_by: now + 90 * DAY,
        },
    )
    .await?;
    for (n, (booth, product, price)) in booths.iter().take(2).enumerate() {
        route(&mut tx, rfq, *booth, "rule", now - 20 * DAY).await?;
        offer(
            &mut tx,
            &Quote {
                rfq,
                booth: *booth,
                product: *product,
                unit_inr_minor: price * 92 / 100,
                breaks: String::new(),
                incoterm: "DDP",
                lead_days: 35,
                valid_until: now - (2 + n as i64) * DAY,
                deposit_bps: 5000,
                remarks: "Private label at no extra cost from 1,000 pieces.",
                state: if n == 0 { "offered" } else { "withdrawn" },
                at: now - 18 * DAY,
            },
        )
        .await?;
    }
    written += 1;

    // Camila closed hers before anyone quoted.
    let rfq = request(
        &mut tx,
        Request {
            buyer: buyers[4],
            hall: None,
            product: Some(booths[0].1),
            subject: "Trial order for Santiago",
            category: "",
            quantity: 100,
            unit: "piece",
            destination: "San Antonio",
            country: "CL",
            incoterm: "CIF",
            state: "closed",
            at: now - 12 * DAY,
            needed_by: now + 20 * DAY,
        },
    )
    .await?;
    route(&mut tx, rfq, booths[0].0, "direct", now - 12 * DAY).await?;
    written += 1;
    tx.commit().await?;
    Ok(written)
}

/// Published booths of `hall` selling `category`, each with its first such product and price.
async fn hall_booths(
    tx: &mut Transaction<'_, Any>,
    hall: i64,
    category: &str,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, MIN(p.id), MIN(p.price_minor) FROM booths b JOIN products p ON p.booth_id = b.id
          WHERE b.hall_id = $1 AND b.status = 'published' AND p.status = 'published' AND p.category = $2
          GROUP BY b.id ORDER BY b.id",
    )
    .bind(hall)
    .bind(category)
    .fetch_all(&mut **tx)
    .await
}

struct Request<'a> {
    buyer: i64,
    hall: Option<i64>,
    product: Option<i64>,
    subject: &'a str,
    category: &'a str,
    quantity: i64,
    unit: &'a str,
    destination: &'a str,
    country: &'a str,
    incoterm: &'a str,
    state: &'a str,
    at: i64,
    needed_by: i64,
}

async fn request(tx: &mut Transaction<'_, Any>, r: Request<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO rfqs (number, buyer_id, product_id, hall_id, subject, category, quantity, unit,
                destination, country, incoterm, needed_by, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(format!("RFQ-{}", new_token()[..10].to_ascii_uppercase()))
    .bind(r.buyer)
    .bind(r.product)
    .bind(r.hall)
    .bind(r.subject)
    .bind(if r.hall.is_some() { r.category } else { "" })
    .bind(r.quantity)
    .bind(r.unit)
    .bind(r.destination)
    .bind(r.country)
    .bind(r.incoterm)
    .bind(r.needed_by / DAY * DAY)
    .bind(r.state)
    .bind(r.at)
    .fetch_one(&mut **tx)
    .await
}

async fn route(
    tx: &mut Transaction<'_, Any>,
    rfq: i64,
    booth: i64,
    how: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO rfq_recipients (rfq_id, booth_id, how, at) VALUES ($1, $2, $3, $4)")
        .bind(rfq)
        .bind(booth)
        .bind(how)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    let buyer: i64 = sqlx::query_scalar("SELECT buyer_id FROM rfqs WHERE id = $1")
        .bind(rfq)
        .fetch_one(&mut **tx)
        .await?;
    app::trade::leads::store::share_contact(tx, buyer, booth, app::core::Instant(at)).await
}

struct Quote<'a> {
    rfq: i64,
    booth: i64,
    product: i64,
    unit_inr_minor: i64,
    breaks: String,
    incoterm: &'a str,
    lead_days: i64,
    valid_until: i64,
    deposit_bps: i64,
    remarks: &'a str,
    state: &'a str,
    at: i64,
}

async fn offer(tx: &mut Transaction<'_, Any>, q: &Quote<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO rfq_quotes (number, rfq_id, booth_id, product_id, unit_inr_minor, price_breaks, incoterm,
                lead_days, valid_until, deposit_bps, remarks, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(format!("QT-{}", new_token()[..10].to_ascii_uppercase()))
    .bind(q.rfq)
    .bind(q.booth)
    .bind(q.product)
    .bind(q.unit_inr_minor)
    .bind(&q.breaks)
    .bind(q.incoterm)
    .bind(q.lead_days)
    .bind(q.valid_until / DAY * DAY)
    .bind(q.deposit_bps)
    .bind(q.remarks)
    .bind(q.state)
    .bind(q.at)
    .fetch_one(&mut **tx)
    .await
}

async fn message(
    tx: &mut Transaction<'_, Any>,
    rfq: i64,
    booth: i64,
    author: i64,
    from_booth: bool,
    body: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO rfq_messages (rfq_id, booth_id, author_id, from_booth, body, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(rfq)
    .bind(booth)
    .bind(author)
    .bind(i64::from(from_booth))
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The order an accepted quote made, ex works in rupees, its deposit paid through the test
/// provider and the balance due.
#[allow(clippy::too_many_arguments)]
async fn accepted_order(
    tx: &mut Transaction<'_, Any>,
    quote: i64,
    booth: i64,
    product: i64,
    buyer: i64,
    unit: i64,
    quantity: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    let (name, email, locale, country, address) = BUYERS[1];
    let total = unit * quantity;
    let deposit = (total * 2500 + 9_999) / 10_000;
    let checkout = CheckoutId::fresh();
    let number = OrderNumber::fresh();
    let key = BuyerKey::fresh();
    let order: i64 = sqlx::query_scalar(
        "INSERT INTO orders (number, checkout, booth_id, user_id, email, state, currency, inr_per_unit_micros,
                total_minor, total_inr_minor, created_at, expires_at, locale, country, service, incoterm,
                goods_minor, ship_name, ship_address, buyer_key, client, quote_id, deposit_minor)
         VALUES ($1, $2, $3, $4, $5, 'paid', 'INR', 1000000, $6, $6, $7, $8, $9, $10, 'economy', 'EXW',
                 $6, $11, $12, $13, 'demo', $14, $15) RETURNING id",
    )
    .bind(number.as_str())
    .bind(checkout.as_str())
    .bind(booth)
    .bind(buyer)
    .bind(email)
    .bind(total)
    .bind(at)
    .bind(at + 15 * 60)
    .bind(locale)
    .bind(country)
    .bind(name)
    .bind(address)
    .bind(key.as_str())
    .bind(quote)
    .bind(deposit)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor, sample)
         VALUES ($1, $2, $3, $4, $4, 0)",
    )
    .bind(order)
    .bind(product)
    .bind(quantity)
    .bind(unit)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE rfq_quotes SET order_id = $2 WHERE id = $1")
        .bind(quote)
        .bind(order)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO payment_sessions (id, provider, checkout, currency, amount_minor, state, payment_ref,
                return_path, created_at, expires_at)
         VALUES ($1, 'test', $2, 'INR', $3, 'paid', $4, $5, $6, $7)",
    )
    .bind(format!("ps_{}", &new_token()[..24]))
    .bind(checkout.as_str())
    .bind(deposit)
    .bind(format!("pay_demo_{}", &new_token()[..12]))
    .bind(format!("/{locale}/orders/{number}?key={key}"))
    .bind(at)
    .bind(at + 15 * 60)
    .execute(&mut **tx)
    .await?;
    super::pipeline::history(
        tx,
        order,
        &[
            ("pending", format!("buyer:{email}"), "", at),
            ("paid", "provider:test".to_owned(), "deposit", at + 300),
        ],
    )
    .await
}
