//! Quotes: a booth answers a request it received (once, changeable until accepted, or
//! withdrawn); the buyer compares them side by side, landed price included, and accepts
//! one — which awards the request and makes one order at the quoted price, paid in full or
//! as a deposit now and the balance before shipping.

use super::*;
use crate::checkout::model::{BuyerKey, OrderNumber};
use crate::checkout::shipping::{self, Dutiable, Incoterm, Landed, NoQuote, Service};
use crate::checkout::store::{HOLD_SECONDS, NewOrder, insert_order, open_session};
use crate::i18n::fx::Pricing;
use crate::trade::breaks::PriceBreaks;
use crate::trade::rfq::form::{QuoteInput, check_quote, quote_values};
use crate::trade::rfq::model::{BoothRfq, BuyerRfq, QuoteView, Recipient};

/// A quote's row with its product.
#[derive(sqlx::FromRow)]
struct QuoteRow {
    id: i64,
    number: String,
    booth_id: i64,
    product_slug: String,
    product_name: String,
    category: String,
    weight_grams: i64,
    unit_inr_minor: i64,
    price_breaks: String,
    incoterm: String,
    lead_days: i64,
    valid_until: i64,
    deposit_bps: i64,
    remarks: String,
    state: String,
    updated_at: i64,
    order_number: Option<String>,
}

const QUOTE_SELECT: &str = "
    SELECT q.id, q.number, q.booth_id, p.slug AS product_slug, COALESCE(t.name, p.name) AS product_name, p.category,
           p.weight_grams, q.unit_inr_minor, q.price_breaks, q.incoterm, q.lead_days,
           q.valid_until, q.deposit_bps, q.remarks, q.state, q.updated_at, o.number AS order_number
      FROM rfq_quotes q JOIN products p ON p.id = q.product_id
      LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $2
      LEFT JOIN orders o ON o.id = q.order_id
     WHERE q.rfq_id = $1";

/// What `quantity` of the request's `unit` weighs: by the unit when it is a weight (the
/// buyer's kilograms are kilograms whatever the product is packed in), else by the quoted
/// product's own weight.
fn shipped_grams(unit: &str, quantity: i64, product_grams: i64) -> i64 {
    match unit {
        "kg" => quantity.saturating_mul(1_000),
        "tonne" => quantity.saturating_mul(1_000_000),
        _ => quantity.saturating_mul(product_grams),
    }
}

/// Whether a quote can still be accepted at `now`: valid through its last day (UTC).
fn still_valid(valid_until: i64, now: Instant) -> bool {
    now.seconds() < valid_until + 86_400
}

/// The landed price of `quantity` units at `unit_inr` each, sent to `country` by `service`
/// on `incoterm`, from the checkout's tables.
async fn landed_for(
    conn: &mut AnyConnection,
    country: &str,
    service: Service,
    incoterm: Incoterm,
    category: &str,
    grams: i64,
    goods_inr: i64,
) -> Result<Result<Landed, NoQuote>, sqlx::Error> {
    let Some(lane) = shipping::lane(conn, country, service).await? else {
        return Ok(Err(NoQuote::NoRates));
    };
    let rate_bps = shipping::duty_rates(&mut *conn, country)
        .await?
        .into_iter()
        .find(|(c, _)| c == category)
        .map(|(_, bps)| bps);
    Ok(shipping::landed(
        incoterm,
        &lane,
        grams,
        &[Dutiable {
            goods_inr_minor: goods_inr,
            rate_bps,
        }],
    ))
}

/// A quote as the reader sees it: prices in their currency beside INR, the landed cost at
/// the request's destination by economy service.
async fn view_of(
    conn: &mut AnyConnection,
    q: &QuoteRow,
    rfq: &RfqRow,
    pricing: &Pricing,
    now: Instant,
) -> Result<QuoteView, sqlx::Error> {
    let locale = pricing.locale;
    let breaks = PriceBreaks::decode(&q.price_breaks);
    let unit_inr = breaks.unit_price(q.unit_inr_minor, rfq.quantity);
    let unit = pricing.tag(Money::inr(unit_inr));
    let goods_inr = unit_inr.saturating_mul(rfq.quantity);
    let incoterm = Incoterm::parse(&q.incoterm).unwrap_or(Incoterm::Exw);
    let landed = landed_for(
        conn,
        &rfq.country,
        Service::Economy,
        incoterm,
        &q.category,
        shipped_grams(&rfq.unit, rfq.quantity, q.weight_grams),
        goods_inr,
    )
    .await?
    .ok();
    let show = |inr: i64| pricing.tag(Money::inr(inr)).label;
    Ok(QuoteView {
        number: q.number.clone(),
        product_slug: q.product_slug.clone(),
        product_name: q.product_name.clone(),
        unit_price: unit.label,
        unit_price_inr: unit.inr_label,
        breaks: breaks
            .breaks()
            .iter()
            .map(|b| {
                (
                    amount(locale, b.from, &rfq.unit),
                    pricing.tag(Money::inr(b.price_minor)).label,
                )
            })
            .collect(),
        incoterm: q.incoterm.clone(),
        lead_days: q.lead_days,
        valid_until: Instant(q.valid_until).iso_date(),
        valid_until_label: format::date(locale, Instant(q.valid_until), "UTC"),
        expired: !still_valid(q.valid_until, now),
        deposit_percent: q.deposit_bps / 100,
        remarks: q.remarks.clone(),
        state: q.state.clone(),
        version: q.updated_at,
        goods: show(goods_inr),
        charged: landed.map(|l| show(l.charged())),
        landed: landed
            .filter(|l| l.duties.is_some())
            .map(|l| show(l.landed())),
        landed_inr: landed
            .filter(|l| l.duties.is_some() && pricing.rate.is_some())
            .map(|l| format::money(locale, Money::inr(l.landed()))),
        order: q.order_number.clone(),
    })
}

/// The buyer's page of their request: every booth that received it, its quote and thread.
pub async fn buyer_rfq(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    pricing: &Pricing,
    now: Instant,
) -> AppResult<BuyerRfq> {
    let user = signed_in(actor)?;
    let id = own_rfq(db, user, number).await?;
    let locale = pricing.locale;
    let mut conn = db.acquire().await?;
    let row = rfq_row(&mut conn, id).await?;
    let rfq = detail(&mut conn, &row, locale, false).await?;
    let quotes: Vec<QuoteRow> = sqlx::query_as(QUOTE_SELECT)
        .bind(id)
        .bind(locale.code())
        .fetch_all(&mut *conn)
        .await?;
    let booths: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT b.id, b.slug, b.name, rr.how FROM rfq_recipients rr JOIN booths b ON b.id = rr.booth_id
          WHERE rr.rfq_id = $1 ORDER BY rr.at, b.name",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut recipients = Vec::with_capacity(booths.len());
    for (booth, booth_slug, booth_name, how) in booths {
        let quote = match quotes
            .iter()
            .find(|q| q.booth_id == booth && q.state != "withdrawn")
        {
            Some(q) => Some(view_of(&mut conn, q, &row, pricing, now).await?),
            None => None,
        };
        recipients.push(Recipient {
            booth_slug,
            booth_name,
            how,
            quote,
            thread: thread(&mut conn, id, booth, locale).await?,
        });
    }
    let saved: Option<(String, String)> = sqlx::query_as(
        "SELECT ship_name, ship_address FROM orders WHERE user_id = $1 AND country = $2
          ORDER BY id DESC LIMIT 1",
    )
    .bind(user.id)
    .bind(&row.country)
    .fetch_optional(&mut *conn)
    .await?;
    let (ship_name, ship_address) =
        saved.unwrap_or_else(|| (user.display_name.clone(), String::new()));
    Ok(BuyerRfq {
        rfq,
        recipients,
        ship_name,
        ship_address,
    })
}

/// A booth's page of a request it received: the request with the buyer's profile, its own
/// quote (and the form's values), its thread, and its products to quote on.
pub async fn booth_rfq(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    pricing: &Pricing,
    now: Instant,
) -> AppResult<BoothRfq> {
    let (id, booth) = received_rfq(db, actor, number).await?;
    let locale = pricing.locale;
    let mut conn = db.acquire().await?;
    let row = rfq_row(&mut conn, id).await?;
    let rfq = detail(&mut conn, &row, locale, true).await?;
    let mine: Option<QuoteRow> = sqlx::query_as(&format!("{QUOTE_SELECT} AND q.booth_id = $3"))
        .bind(id)
        .bind(locale.code())
        .bind(booth)
        .fetch_optional(&mut *conn)
        .await?;
    let quote = match &mine {
        Some(q) if q.state != "withdrawn" => Some(view_of(&mut conn, q, &row, pricing, now).await?),
        _ => None,
    };
    let quote_values = match &mine {
        Some(q) if q.state != "withdrawn" => quote_values(&QuoteInput {
            product: q.product_slug.clone(),
            unit_inr_minor: q.unit_inr_minor,
            breaks: PriceBreaks::decode(&q.price_breaks),
            incoterm: Incoterm::parse(&q.incoterm).unwrap_or(Incoterm::Exw),
            lead_days: q.lead_days,
            valid_until: Instant(q.valid_until),
            deposit_bps: q.deposit_bps,
            remarks: q.remarks.clone(),
        }),
        _ => vec![
            (
                "product".to_owned(),
                row.product_slug.clone().unwrap_or_default(),
            ),
            ("incoterm".to_owned(), row.incoterm.clone()),
            ("payment".to_owned(), "full".to_owned()),
            (
                "valid_until".to_owned(),
                Instant(now.seconds() + 14 * 86_400).iso_date(),
            ),
        ],
    };
    let products: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.slug, COALESCE(t.name, p.name) FROM products p
           LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $2
          WHERE p.booth_id = $1 AND p.status = 'published' ORDER BY p.position, p.id",
    )
    .bind(booth)
    .bind(locale.code())
    .fetch_all(&mut *conn)
    .await?;
    let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth)
        .fetch_one(&mut *conn)
        .await?;
    let may_quote = row.state == "open" && mine.as_ref().is_none_or(|q| q.state != "accepted");
    Ok(BoothRfq {
        rfq,
        booth_name,
        quote,
        quote_values,
        thread: thread(&mut conn, id, booth, locale).await?,
        products,
        may_quote,
    })
}

/// A booth quotes on a request it received (`op=withdraw` takes its quote back). Only while
/// the request is open; an accepted quote cannot change. The buyer is told by email.
pub async fn save_quote(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let (rfq, booth) = received_rfq(db, actor, number).await?;
    let (quantity, state): (i64, String) =
        sqlx::query_as("SELECT quantity, state FROM rfqs WHERE id = $1")
            .bind(rfq)
            .fetch_one(db)
            .await?;
    if state != "open" {
        return Err(AppError::conflict("form", "rfq_not_open"));
    }
    let mut tx = db.begin().await?;
    if field(fields, "op") == "withdraw" {
        let moved = sqlx::query(
            "UPDATE rfq_quotes SET state = 'withdrawn', updated_at = $3
              WHERE rfq_id = $1 AND booth_id = $2 AND state = 'offered'",
        )
        .bind(rfq)
        .bind(booth)
        .bind(now.seconds())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            return Err(AppError::conflict("form", "quote_state"));
        }
        tx.commit().await?;
        return Ok(());
    }
    let quote = check_quote(fields, quantity, now)?;
    let product: i64 = sqlx::query_scalar(
        "SELECT id FROM products WHERE slug = $1 AND booth_id = $2 AND status = 'published'",
    )
    .bind(&quote.product)
    .bind(booth)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::invalid("product", "choice"))?;
    // Insert, or change an offered or withdrawn quote; an accepted one stays as it is.
    let written = sqlx::query(
        "INSERT INTO rfq_quotes (number, rfq_id, booth_id, product_id, unit_inr_minor, price_breaks,
                incoterm, lead_days, valid_until, deposit_bps, remarks, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
         ON CONFLICT (rfq_id, booth_id) DO UPDATE SET product_id = excluded.product_id,
                unit_inr_minor = excluded.unit_inr_minor, price_breaks = excluded.price_breaks,
                incoterm = excluded.incoterm, lead_days = excluded.lead_days,
                valid_until = excluded.valid_until, deposit_bps = excluded.deposit_bps,
                remarks = excluded.remarks, state = 'offered', updated_at = excluded.updated_at
          WHERE rfq_quotes.state <> 'accepted'",
    )
    .bind(format!("QT-{}", new_token()[..10].to_ascii_uppercase()))
    .bind(rfq)
    .bind(booth)
    .bind(product)
    .bind(quote.unit_inr_minor)
    .bind(quote.breaks.encode())
    .bind(quote.incoterm.code())
    .bind(quote.lead_days)
    .bind(quote.valid_until.seconds())
    .bind(quote.deposit_bps)
    .bind(&quote.remarks)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if written == 0 {
        return Err(AppError::conflict("form", "quote_accepted"));
    }
    let (email, locale, booth_name) = parties(&mut tx, rfq, booth).await?;
    let subject = tr!(
        locale.ui(),
        rfq_mail_quote,
        booth = booth_name,
        number = number.to_owned()
    );
    let body = format!("{subject}\n\n{site}/{}/rfqs/{number}\n", locale.code());
    queue_email(&mut *tx, &email, &subject, &body, now).await?;
    tx.commit().await?;
    Ok(())
}

/// How the buyer accepts: paying in `currency` through `provider`, from `client`.
pub struct Acceptance<'a> {
    pub provider: &'a str,
    pub currency: Currency,
    pub locale: Locale,
    pub client: &'a str,
    /// The pavilion's address, for the links in emails.
    pub site: &'a str,
}

/// The buyer accepts one quote of their open request: the request is awarded, the quote
/// accepted, and one pending order made at the quoted price (no shelf stock is taken: it is
/// made or packed to order) with a payment session for the deposit, or the whole. Returns
/// where the buyer pays. All or nothing; an expired quote or a request no longer open is
/// refused with nothing written, and of two acceptances at once only one can win.
pub async fn accept_quote(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    fields: &[(String, String)],
    how: Acceptance<'_>,
    now: Instant,
) -> AppResult<String> {
    let user = signed_in(actor)?;
    let rfq_id = own_rfq(db, user, number).await?;
    let mut checks = crate::forms::Checks::default();
    let ship_name = checks.text("ship_name", field(fields, "ship_name"), 120);
    let ship_address = checks.paragraph("ship_address", field(fields, "ship_address"), 500);
    if !ship_address.is_empty() && ship_address.chars().count() < 5 {
        checks.fail("ship_address", "ship_address");
    }
    let service = Service::parse(field(fields, "service")).unwrap_or_else(|| {
        checks.fail("service", "choice");
        Service::Economy
    });
    // The quote as the buyer saw it: `{number}:{version}`. A quote the booth changed since
    // cannot be accepted unseen.
    let chosen = field(fields, "quote").trim();
    if chosen.is_empty() {
        checks.fail("quote", "required");
    }
    checks.finish()?;
    let (quote_number, seen) = chosen
        .split_once(':')
        .and_then(|(n, v)| v.parse::<i64>().ok().map(|v| (n, v)))
        .ok_or_else(|| AppError::conflict("form", "quote_state"))?;
    let rate = match how.currency {
        Currency::Inr => None,
        currency => crate::i18n::fx::rate(db, currency).await?.map(|r| r.rate),
    }
    .unwrap_or(crate::core::Rate {
        currency: Currency::Inr,
        inr_per_unit_micros: 1_000_000,
    });
    let mut tx = db.begin().await?;
    // First, the quote: accepted only as it was seen, and only while offered.
    let accepted = sqlx::query(
        "UPDATE rfq_quotes SET state = 'accepted', updated_at = $4
          WHERE rfq_id = $1 AND number = $2 AND updated_at = $3 AND state = 'offered'",
    )
    .bind(rfq_id)
    .bind(quote_number)
    .bind(seen)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if accepted == 0 {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM rfq_quotes WHERE rfq_id = $1 AND number = $2")
                .bind(rfq_id)
                .bind(quote_number)
                .fetch_optional(&mut *tx)
                .await?;
        return Err(match exists {
            Some(_) => AppError::conflict("form", "quote_state"),
            None => AppError::NotFound,
        });
    }
    let rfq = rfq_row(&mut tx, rfq_id).await?;
    let quote: QuoteRow = sqlx::query_as(&format!("{QUOTE_SELECT} AND q.number = $3"))
        .bind(rfq_id)
        .bind(how.locale.code())
        .bind(quote_number)
        .fetch_one(&mut *tx)
        .await?;
    if !still_valid(quote.valid_until, now) {
        return Err(AppError::conflict("form", "quote_lapsed"));
    }
    let awarded = sqlx::query("UPDATE rfqs SET state = 'awarded' WHERE id = $1 AND state = 'open'")
        .bind(rfq_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if awarded == 0 {
        return Err(AppError::conflict("form", "rfq_not_open"));
    }
    let breaks = PriceBreaks::decode(&quote.price_breaks);
    let unit_inr = breaks.unit_price(quote.unit_inr_minor, rfq.quantity);
    let goods_inr = unit_inr
        .checked_mul(rfq.quantity)
        .ok_or_else(|| AppError::invalid("form", "out_of_range"))?;
    let incoterm = Incoterm::parse(&quote.incoterm).unwrap_or(Incoterm::Exw);
    let landed = match landed_for(
        &mut tx,
        &rfq.country,
        service,
        incoterm,
        &quote.category,
        shipped_grams(&rfq.unit, rfq.quantity, quote.weight_grams),
        goods_inr,
    )
    .await?
    {
        Ok(landed) => landed,
        Err(NoQuote::NoRates) => return Err(AppError::invalid("service", "country_unserved")),
        Err(NoQuote::DutiesUnknown) => {
            return Err(AppError::invalid("form", "ddp_unavailable"));
        }
    };
    let convert = |inr: i64| {
        if rate.currency == Currency::Inr {
            inr
        } else {
            rate.convert(Money::inr(inr)).map_or(0, |m| m.minor)
        }
    };
    let unit = convert(unit_inr);
    let shown = Landed {
        goods: unit * rfq.quantity,
        ..landed.converted(convert)
    };
    let total = shown.charged();
    // The deposit rounds up: the exhibitor is never paid less than the share agreed.
    let deposit = if quote.deposit_bps > 0 {
        i64::try_from((i128::from(total) * i128::from(quote.deposit_bps) + 9_999) / 10_000)
            .unwrap_or(total)
    } else {
        0
    };
    // A deposit that rounds up to the whole is no deposit: it is paid at once.
    let deposit = if deposit >= total { 0 } else { deposit };
    let order_number = OrderNumber::fresh();
    let key = BuyerKey::fresh();
    let checkout = crate::checkout::model::CheckoutId::fresh();
    let expires_at = now.seconds() + HOLD_SECONDS;
    let order = NewOrder {
        number: &order_number,
        checkout: checkout.as_str(),
        booth_id: quote.booth_id,
        user: Some(user.id),
        email: &user.email,
        rate,
        shown: &shown,
        total_inr: landed.charged(),
        expires_at,
        locale: how.locale,
        ship_to: (&rfq.country, &ship_name, &ship_address),
        service: service.code(),
        attributed: None,
        deal: None,
        key: &key,
        client: how.client,
        quote: Some(quote.id),
        deposit_minor: deposit,
    };
    let order_id = insert_order(&mut tx, &order, now).await?;
    sqlx::query(
        "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor, sample)
         SELECT $1, product_id, $2, $3, $4, 0 FROM rfq_quotes WHERE id = $5",
    )
    .bind(order_id)
    .bind(rfq.quantity)
    .bind(unit_inr)
    .bind(unit)
    .bind(quote.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE rfq_quotes SET order_id = $2 WHERE id = $1")
        .bind(quote.id)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    let return_path = format!("/{}/orders/{}?key={}", how.locale.code(), order_number, key);
    let session = open_session(
        &mut tx,
        how.provider,
        checkout.as_str(),
        rate.currency,
        if deposit > 0 { deposit } else { total },
        &return_path,
        expires_at,
        None,
        now,
    )
    .await?;
    let buyer_name = user.display_name.clone();
    mail_team(&mut tx, quote.booth_id, number, how.site, now, |ui| {
        (
            tr!(ui, rfq_mail_accepted, number = number.to_owned()),
            buyer_name.clone(),
        )
    })
    .await?;
    tx.commit().await?;
    Ok(format!("/pay/{session}"))
}

/// A quote's order was cancelled or refunded before it shipped: the quote is offered again
/// and its request open again, so the buyer may accept this quote or another.
pub async fn reopen(conn: &mut AnyConnection, order_id: i64) -> Result<(), sqlx::Error> {
    let rfq: Option<i64> = sqlx::query_scalar(
        "SELECT rfq_id FROM rfq_quotes WHERE order_id = $1 AND state = 'accepted'",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(rfq) = rfq else {
        return Ok(());
    };
    sqlx::query("UPDATE rfq_quotes SET state = 'offered', order_id = NULL WHERE order_id = $1")
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE rfqs SET state = 'open' WHERE id = $1 AND state = 'awarded'")
        .bind(rfq)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A quote's order paid after its hold ran out: it is awarded again if its quote is still
/// offered and its request still open. False otherwise (the payment is then refunded).
pub async fn reaward(
    conn: &mut AnyConnection,
    order_id: i64,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    // Only the quote as it was accepted (unchanged since the order), still valid.
    let quote: Option<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT q.id, q.rfq_id, q.valid_until, q.updated_at, o.created_at
           FROM orders o JOIN rfq_quotes q ON q.id = o.quote_id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((quote, rfq, valid_until, changed, ordered)) = quote else {
        return Ok(false);
    };
    if changed > ordered || !still_valid(valid_until, now) {
        return Ok(false);
    }
    let awarded = sqlx::query("UPDATE rfqs SET state = 'awarded' WHERE id = $1 AND state = 'open'")
        .bind(rfq)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if awarded == 0 {
        return Ok(false);
    }
    let accepted = sqlx::query(
        "UPDATE rfq_quotes SET state = 'accepted', order_id = $2 WHERE id = $1 AND state = 'offered'",
    )
    .bind(quote)
    .bind(order_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(accepted == 1)
}
