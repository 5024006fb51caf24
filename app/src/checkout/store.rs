//! Checkout in the store. One transaction does everything: it claims the idempotency key,
//! takes each line's stock with a conditional decrement (`stock >= quantity`, so stock never
//! goes below zero and two buyers can never take the same unit), writes one pending order per
//! exhibitor, and stores the response under the key. A refusal rolls back to a savepoint, so
//! nothing half-written stays, and is stored too: the same key replays it.

use crate::accounts::store::{new_token, normalise_email, sha256_hex};
use crate::checkout::model::{
    CheckoutRequest, CheckoutResponse, Order, OrderEvent, OrderLine, PaymentLink, ShipTo, Shipping,
};
use crate::checkout::shipping::{self, Dutiable, Incoterm, Landed, NoQuote, Service};
use crate::core::{Currency, Instant, Money, Rate};
use crate::db::Db;
use crate::i18n::Locale;
use sqlx::{Acquire, Any, Executor, Transaction};

/// A pending order holds its stock this long.
pub const HOLD_SECONDS: i64 = 15 * 60;
/// Keys are kept at least this long (Stripe keeps them 24 hours).
pub const KEY_SECONDS: i64 = 24 * 3600;
/// At most this many lines in one checkout.
pub const MAX_LINES: usize = 50;
/// An order counts for a stream bought in, or watched, this long before.
pub const ATTRIBUTION_SECONDS: i64 = 7 * 24 * 3600;

/// A refusal, as RFC 7807 problem details: status, a stable code, the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub status: u16,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub detail: String,
}

impl Problem {
    fn new(
        status: u16,
        code: &'static str,
        field: Option<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            field,
            detail: detail.into(),
        }
    }

    fn invalid(field: impl Into<String>, code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(422, code, Some(field.into()), detail)
    }

    /// The problem as a JSON body (`application/problem+json`).
    pub fn body(&self) -> String {
        serde_json::json!({
            "type": format!("https://pavilion.example/problems/{}", self.code),
            "title": self.code.replace('_', " "),
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
            "field": self.field,
        })
        .to_string()
    }
}

/// What a checkout request gets back: its status and JSON body, and whether it was replayed
/// from the key's earlier response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

impl Answer {
    fn problem(problem: &Problem) -> Self {
        Self {
            status: problem.status,
            body: problem.body(),
            replayed: false,
        }
    }
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// One request waiting for the next group commit.
struct Job {
    key: String,
    raw: Vec<u8>,
    user: Option<i64>,
    provider: &'static str,
    reply: tokio::sync::oneshot::Sender<Result<Answer, sqlx::Error>>,
}

/// Group commit: checkouts queue here and one task places them in batches, each request in
/// its own savepoint of one transaction, so a batch costs one commit (one fsync) instead of
/// one per buyer. Each request's answer is exactly what it would get alone: its key, its
/// stock decrement and its orders are in its savepoint, and a refusal or a store error
/// inside it rolls back only that savepoint.
#[derive(Clone)]
pub struct GroupCommit {
    queue: tokio::sync::mpsc::Sender<Job>,
}

/// At most this many checkouts share one commit.
pub const BATCH: usize = 256;

impl GroupCommit {
    /// Starts the committing task for `db`.
    pub fn start(db: Db) -> Self {
        let (queue, mut jobs) = tokio::sync::mpsc::channel::<Job>(4 * BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                commit_batch(&db, std::mem::take(&mut batch)).await;
            }
        });
        Self { queue }
    }

    /// Places one checkout in the next batch and waits for its answer.
    pub async fn checkout(
        &self,
        key: &str,
        raw: &[u8],
        user: Option<i64>,
        provider: &'static str,
    ) -> Result<Answer, sqlx::Error> {
        if !valid_key(key) {
            return Ok(bad_key());
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job {
            key: key.to_owned(),
            raw: raw.to_vec(),
            user,
            provider,
            reply,
        };
        let gone = || sqlx::Error::PoolClosed;
        self.queue.send(job).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn commit_batch(db: &Db, jobs: Vec<Job>) {
    let now = crate::state::now();
    let mut tx = match db.begin().await {
        Ok(tx) => tx,
        Err(err) => return fail_all(jobs, &err),
    };
    let mut answers = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let answer = async {
            let mut own = tx.begin().await?;
            match checkout_in(&mut own, &job.key, &job.raw, job.user, job.provider, now).await {
                Ok(answer) => {
                    own.commit().await?;
                    Ok(answer)
                }
                Err(err) => {
                    own.rollback().await?;
                    Err(err)
                }
            }
        }
        .await;
        // A savepoint that cannot even be rolled back leaves the transaction unusable.
        if let Err(sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed) =
            &answer
        {
            let err = answer.err().unwrap_or(sqlx::Error::WorkerCrashed);
            return fail_all(jobs, &err);
        }
        answers.push(answer);
    }
    if let Err(err) = tx.commit().await {
        return fail_all(jobs, &err);
    }
    for (job, answer) in jobs.into_iter().zip(answers) {
        let _ = job.reply.send(answer);
    }
}

/// Nothing of the batch was kept: every buyer may retry with the same key.
fn fail_all(jobs: Vec<Job>, err: &sqlx::Error) {
    tracing::warn!(error = %err, jobs = jobs.len(), "a checkout batch was not committed");
    for job in jobs {
        let _ = job.reply.send(Err(sqlx::Error::Protocol(format!(
            "batch not committed: {err}"
        ))));
    }
}

fn bad_key() -> Answer {
    Answer::problem(&Problem::new(
        400,
        "idempotency_key",
        None,
        "Send an Idempotency-Key header of 1 to 255 visible ASCII characters.",
    ))
}

/// One checkout inside `tx` (a transaction or a savepoint of one): claims the key, places
/// the orders or records the refusal, and stores the answer under the key. A replay or a
/// key used with another request writes nothing.
async fn checkout_in(
    tx: &mut Transaction<'_, Any>,
    key: &str,
    raw: &[u8],
    user: Option<i64>,
    provider: &str,
    now: Instant,
) -> Result<Answer, sqlx::Error> {
    let parsed: Result<CheckoutRequest, _> = serde_json::from_slice(raw);
    // Parameters, not bytes, are compared: the same request with other whitespace matches.
    let request_hash = match &parsed {
        Ok(request) => sha256_hex(
            serde_json::to_string(request)
                .unwrap_or_default()
                .as_bytes(),
        ),
        Err(_) => sha256_hex(raw),
    };
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(&request_hash)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        let (stored_hash, status, body): (String, i64, String) = sqlx::query_as(
            "SELECT request_hash, status, body FROM idempotency_keys WHERE key = $1",
        )
        .bind(key)
        .fetch_one(&mut **tx)
        .await?;
        if stored_hash != request_hash {
            return Ok(Answer::problem(&Problem::new(
                422,
                "idempotency_mismatch",
                None,
                "This Idempotency-Key was used with a different request. Use a new key for a new request.",
            )));
        }
        if status == 0 {
            return Ok(Answer::problem(&Problem::new(
                409,
                "in_progress",
                None,
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            )));
        }
        return Ok(Answer {
            status: u16::try_from(status).unwrap_or(500),
            body,
            replayed: true,
        });
    }
    let answer = match parsed {
        Err(err) => Answer::problem(&Problem::new(
            400,
            "malformed",
            None,
            format!("The body is not a checkout request: {err}"),
        )),
        Ok(request) => {
            let mut attempt = tx.begin().await?;
            match place(&mut attempt, &request, user, provider, now).await? {
                Ok(response) => {
                    attempt.commit().await?;
                    Answer {
                        status: 201,
                        body: serde_json::to_string(&response).unwrap_or_default(),
                        replayed: false,
                    }
                }
                Err(problem) => {
                    attempt.rollback().await?;
                    Answer::problem(&problem)
                }
            }
        }
    };
    sqlx::query("UPDATE idempotency_keys SET status = $2, body = $3 WHERE key = $1")
        .bind(key)
        .bind(i64::from(answer.status))
        .bind(&answer.body)
        .execute(&mut **tx)
        .await?;
    Ok(answer)
}

/// A line, checked against its product.
struct Line {
    index: usize,
    product_id: i64,
    name: String,
    booth_id: i64,
    category: String,
    grams: i64,
    quantity: i64,
    unit_inr: i64,
    unit: i64,
}

async fn rate_of(
    tx: &mut Transaction<'_, Any>,
    currency: Currency,
) -> Result<Option<Rate>, sqlx::Error> {
    if currency == Currency::Inr {
        return Ok(Some(Rate::inr()));
    }
    let micros: Option<i64> =
        sqlx::query_scalar("SELECT inr_per_unit_micros FROM fx_rates WHERE currency = $1")
            .bind(currency.code())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(micros.map(|inr_per_unit_micros| Rate {
        currency,
        inr_per_unit_micros,
    }))
}

/// The rate a checkout converts at: its quote's, while the quote lasts, else today's.
async fn locked_rate(
    tx: &mut Transaction<'_, Any>,
    currency: Currency,
    quote: Option<&str>,
    now: Instant,
) -> Result<Result<Rate, Problem>, sqlx::Error> {
    let Some(quote) = quote else {
        return Ok(rate_of(tx, currency).await?.ok_or_else(|| {
            Problem::invalid(
                "currency",
                "currency",
                "There is no exchange rate for this currency yet.",
            )
        }));
    };
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT currency, inr_per_unit_micros, expires_at FROM fx_quotes WHERE id = $1",
    )
    .bind(quote)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        None => Err(Problem::invalid(
            "quote",
            "quote_unknown",
            "There is no such price quote; ask for a new one.",
        )),
        Some((code, _, _)) if code != currency.code() => Err(Problem::invalid(
            "quote",
            "quote_currency",
            "The price quote is for another currency than the checkout.",
        )),
        Some((_, _, expires_at)) if expires_at <= now.seconds() => Err(Problem::invalid(
            "quote",
            "quote_expired",
            "The price quote has expired; ask for a new one and review the price.",
        )),
        Some((_, inr_per_unit_micros, _)) => Ok(Rate {
            currency,
            inr_per_unit_micros,
        }),
    })
}

/// Where and how a checkout ships, checked.
struct Terms {
    incoterm: Incoterm,
    service: Service,
    ship_to: Option<ShipTo>,
    locale: Locale,
}

fn terms(request: &CheckoutRequest) -> Result<Terms, Problem> {
    let service = match request.service.as_deref() {
        None => Service::Economy,
        Some(raw) => Service::parse(raw).ok_or_else(|| {
            Problem::invalid("service", "service", "Choose economy or express shipping.")
        })?,
    };
    let incoterm = match request.incoterm.as_deref() {
        None if request.ship_to.is_some() => Incoterm::Ddp,
        None => Incoterm::Exw,
        Some(raw) => Incoterm::parse(raw).ok_or_else(|| {
            Problem::invalid("incoterm", "incoterm", "Choose EXW, FOB, CIF or DDP.")
        })?,
    };
    let ship_to = match &request.ship_to {
        None if incoterm != Incoterm::Exw => {
            return Err(Problem::invalid(
                "ship_to",
                "ship_to",
                "Give a delivery address, or buy ex works (EXW) and collect.",
            ));
        }
        None => None,
        Some(to) => {
            let country = to.country.trim().to_ascii_uppercase();
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Problem::invalid(
                    "ship_to.country",
                    "country",
                    "Give the country as two letters, such as US or DE.",
                ));
            }
            let name = to.name.trim();
            if name.is_empty() || name.chars().count() > 120 {
                return Err(Problem::invalid(
                    "ship_to.name",
                    "ship_name",
                    "Give the recipient's name (up to 120 characters).",
                ));
            }
            let address = to.address.trim();
            if address.chars().count() < 5 || address.chars().count() > 500 {
                return Err(Problem::invalid(
                    "ship_to.address",
                    "ship_address",
                    "Give the delivery address: street, city and postal code.",
                ));
            }
            Some(ShipTo {
                country,
                name: name.to_owned(),
                address: address.to_owned(),
            })
        }
    };
    let locale = request
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(Locale::En);
    Ok(Terms {
        incoterm,
        service,
        ship_to,
        locale,
    })
}

/// The landed price of one exhibitor's lines, in INR minor units.
async fn landed_of(
    tx: &mut Transaction<'_, Any>,
    terms: &Terms,
    lines: &[&Line],
) -> Result<Result<Landed, Problem>, sqlx::Error> {
    let goods: i64 = lines.iter().map(|l| l.unit_inr * l.quantity).sum();
    let grams: i64 = lines.iter().map(|l| l.grams * l.quantity).sum();
    let Some(to) = &terms.ship_to else {
        return Ok(Ok(Landed {
            incoterm: terms.incoterm,
            goods,
            handling: 0,
            freight: 0,
            insurance: 0,
            duties: None,
            parcels: 0,
            days_min: 0,
            days_max: 0,
        }));
    };
    let unserved = || {
        Problem::invalid(
            "ship_to.country",
            "country_unserved",
            "The pavilion does not ship to this country yet.",
        )
    };
    let Some(lane) = shipping::lane(tx, &to.country, terms.service).await? else {
        return Ok(Err(unserved()));
    };
    let duties = shipping::duty_rates(&mut **tx, &to.country).await?;
    let mut dutiable: Vec<Dutiable> = Vec::new();
    let mut categories: Vec<&str> = lines.iter().map(|l| l.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    for category in categories {
        dutiable.push(Dutiable {
            goods_inr_minor: lines
                .iter()
                .filter(|l| l.category == category)
                .map(|l| l.unit_inr * l.quantity)
                .sum(),
            rate_bps: duties
                .iter()
                .find(|(c, _)| c == category)
                .map(|(_, bps)| *bps),
        });
    }
    Ok(
        shipping::landed(terms.incoterm, &lane, grams, &dutiable).map_err(|why| match why {
            NoQuote::NoRates => unserved(),
            NoQuote::DutiesUnknown => Problem::invalid(
                "incoterm",
                "ddp_unavailable",
                "Import duties for this destination are not in our tables; choose CIF and clear customs yourself.",
            ),
        }),
    )
}

/// Attribution: the stream the buyer bought in (of this exhibitor, live now or within the
/// last 7 days), else the exhibitor's stream the signed-in buyer watched last, within 7 days.
/// The stream's first host (by id) is credited.
async fn attribute(
    tx: &mut Transaction<'_, Any>,
    booth_id: i64,
    stream: Option<&str>,
    user: Option<i64>,
    now: Instant,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    let since = now.seconds() - ATTRIBUTION_SECONDS;
    let mut found: Option<i64> = None;
    if let Some(slug) = stream {
        found = sqlx::query_scalar(
            "SELECT id FROM streams WHERE slug = $1 AND booth_id = $2 AND live_at IS NOT NULL
                AND COALESCE(ended_at, $3) >= $4",
        )
        .bind(slug)
        .bind(booth_id)
        .bind(now.seconds())
        .bind(since)
        .fetch_optional(&mut **tx)
        .await?;
    }
    if found.is_none()
        && let Some(user) = user
    {
        found = sqlx::query_scalar(
            "SELECT v.stream_id FROM stream_views v JOIN streams s ON s.id = v.stream_id
              WHERE v.user_id = $1 AND s.booth_id = $2 AND v.at >= $3
              ORDER BY v.at DESC LIMIT 1",
        )
        .bind(user)
        .bind(booth_id)
        .bind(since)
        .fetch_optional(&mut **tx)
        .await?;
    }
    let Some(stream_id) = found else {
        return Ok(None);
    };
    let host: Option<i64> =
        sqlx::query_scalar("SELECT MIN(host_id) FROM stream_hosts WHERE stream_id = $1")
            .bind(stream_id)
            .fetch_one(&mut **tx)
            .await?;
    Ok(Some((stream_id, host)))
}

/// Checks the request and places its orders inside `tx`; a refusal leaves `tx` for the
/// caller to roll back.
/// A flash deal open now, with what this buyer (by email) already holds of it.
struct OpenDeal {
    id: i64,
    product_id: i64,
    product_slug: String,
    price_minor: i64,
    per_buyer: i64,
    bought: i64,
}

async fn open_deal(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    email: &str,
    now: Instant,
) -> Result<Result<OpenDeal, Problem>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        product_id: i64,
        slug: String,
        price_minor: i64,
        per_buyer: i64,
        starts_ms: i64,
        ends_ms: i64,
        sold: i64,
        quantity: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT d.product_id, p.slug, d.price_minor, d.per_buyer, d.starts_ms, d.ends_ms, d.sold, d.quantity
           FROM flash_deals d JOIN products p ON p.id = d.product_id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(Row {
        product_id,
        slug: product_slug,
        price_minor,
        per_buyer,
        starts_ms,
        ends_ms,
        sold,
        quantity,
    }) = row
    else {
        return Ok(Err(Problem::invalid(
            "deal",
            "deal_unknown",
            "There is no such deal.",
        )));
    };
    // Deals open to the millisecond; `now` (whole seconds) may be a test's future.
    let now_ms = crate::state::now_ms().max(now.seconds() * 1000);
    if now_ms < starts_ms || now_ms >= ends_ms {
        return Ok(Err(Problem::new(
            409,
            "deal_closed",
            Some("deal".into()),
            "The deal is not open now.",
        )));
    }
    if sold >= quantity {
        return Ok(Err(Problem::new(
            409,
            "deal_sold_out",
            Some("deal".into()),
            "The deal has sold out.",
        )));
    }
    let bought: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) FROM orders o
           JOIN order_items oi ON oi.order_id = o.id AND oi.product_id = $3
          WHERE o.deal_id = $1 AND o.email = $2 AND o.state NOT IN ('cancelled', 'refunded')",
    )
    .bind(id)
    .bind(email)
    .bind(product_id)
    .fetch_one(&mut **tx)
    .await?;
    if bought >= per_buyer {
        return Ok(Err(Problem::invalid(
            "deal",
            "deal_cap",
            format!("This deal allows {per_buyer} per buyer."),
        )));
    }
    Ok(Ok(OpenDeal {
        id,
        product_id,
        product_slug,
        price_minor,
        per_buyer,
        bought,
    }))
}

async fn place(
    tx: &mut Transaction<'_, Any>,
    request: &CheckoutRequest,
    user: Option<i64>,
    provider: &str,
    now: Instant,
) -> Result<Result<CheckoutResponse, Problem>, sqlx::Error> {
    let Some(email) = normalise_email(&request.email) else {
        return Ok(Err(Problem::invalid(
            "email",
            "email",
            "Enter an email address such as name@example.com.",
        )));
    };
    let Some(currency) = Currency::parse(request.currency.trim()) else {
        return Ok(Err(Problem::invalid(
            "currency",
            "currency",
            "Choose a currency the pavilion prices in, such as USD, EUR or INR.",
        )));
    };
    let rate = match locked_rate(tx, currency, request.quote.as_deref(), now).await? {
        Ok(rate) => rate,
        Err(problem) => return Ok(Err(problem)),
    };
    let terms = match terms(request) {
        Ok(terms) => terms,
        Err(problem) => return Ok(Err(problem)),
    };
    if request.items.is_empty() || request.items.len() > MAX_LINES {
        return Ok(Err(Problem::invalid(
            "items",
            "items",
            format!("Send 1 to {MAX_LINES} lines."),
        )));
    }
    let deal = match request.deal {
        Some(id) => match open_deal(tx, id, &email, now).await? {
            Ok(deal) => Some(deal),
            Err(problem) => return Ok(Err(problem)),
        },
        None => None,
    };
    if let Some(d) = &deal
        && !request
            .items
            .iter()
            .any(|i| i.product.trim() == d.product_slug)
    {
        return Ok(Err(Problem::invalid(
            "deal",
            "deal_product",
            "The deal is for another product.",
        )));
    }
    let mut lines: Vec<Line> = Vec::with_capacity(request.items.len());
    for (index, item) in request.items.iter().enumerate() {
        let field = format!("items[{index}]");
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            name: String,
            booth_id: i64,
            category: String,
            weight_grams: i64,
            price_minor: i64,
            moq: i64,
            max_per_order: i64,
        }
        let row: Option<Row> = sqlx::query_as(
            "SELECT p.id, p.name, p.booth_id, p.category, p.weight_grams,
                    p.price_minor, p.moq, p.max_per_order
               FROM products p JOIN booths b ON b.id = p.booth_id
              WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'",
        )
        .bind(item.product.trim())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(Problem::invalid(
                format!("{field}.product"),
                "unknown_product",
                format!("There is no product {:?} on sale.", item.product),
            )));
        };
        if lines.iter().any(|l| l.product_id == row.id) {
            return Ok(Err(Problem::invalid(
                format!("{field}.product"),
                "duplicate",
                "Each product may appear on one line only.",
            )));
        }
        let deal = match &deal {
            Some(d) if d.product_id == row.id => Some(d),
            _ => None,
        };
        let (least, most) = deal.map_or((row.moq, row.max_per_order), |d| {
            (1, d.per_buyer - d.bought)
        });
        if let Some(d) = deal
            && item.quantity > d.per_buyer - d.bought
        {
            return Ok(Err(Problem::invalid(
                format!("{field}.quantity"),
                "deal_cap",
                format!("This deal allows {} per buyer.", d.per_buyer),
            )));
        }
        if item.quantity < least || item.quantity > most {
            return Ok(Err(Problem::invalid(
                format!("{field}.quantity"),
                "quantity",
                format!(
                    "Order between {} and {} of this product.",
                    row.moq, row.max_per_order
                ),
            )));
        }
        let unit_inr = deal.map_or(row.price_minor, |d| d.price_minor);
        let Some(unit) = rate.convert(Money::inr(unit_inr)) else {
            return Ok(Err(Problem::invalid(
                "currency",
                "currency",
                "This price cannot be shown in that currency.",
            )));
        };
        lines.push(Line {
            index,
            product_id: row.id,
            name: row.name,
            booth_id: row.booth_id,
            category: row.category,
            grams: row.weight_grams,
            quantity: item.quantity,
            unit_inr,
            unit: unit.minor,
        });
    }
    // Prices and shipping are checked before any stock is taken.
    let mut booths: Vec<i64> = lines.iter().map(|l| l.booth_id).collect();
    booths.sort_unstable();
    booths.dedup();
    let mut quotes = Vec::with_capacity(booths.len());
    for &booth_id in &booths {
        let mine: Vec<&Line> = lines.iter().filter(|l| l.booth_id == booth_id).collect();
        match landed_of(tx, &terms, &mine).await? {
            Ok(landed) => quotes.push(landed),
            Err(problem) => return Ok(Err(problem)),
        }
    }
    // Rows are always locked in the same order, so concurrent checkouts cannot deadlock.
    let mut by_product: Vec<&Line> = lines.iter().collect();
    by_product.sort_by_key(|l| l.product_id);
    for line in by_product {
        let taken =
            sqlx::query("UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
                .bind(line.product_id)
                .bind(line.quantity)
                .execute(&mut **tx)
                .await?
                .rows_affected();
        if taken != 1 {
            return Ok(Err(Problem::new(
                409,
                "out_of_stock",
                Some(format!("items[{}].quantity", line.index)),
                format!("Not enough {} left for this order.", line.name),
            )));
        }
    }
    if let Some(d) = &deal {
        let quantity = lines
            .iter()
            .find(|l| l.product_id == d.product_id)
            .map_or(0, |l| l.quantity);
        if !crate::checkout::orders::take_deal(tx, d.id, quantity).await? {
            return Ok(Err(Problem::new(
                409,
                "deal_sold_out",
                Some("deal".into()),
                "The deal has sold out.",
            )));
        }
    }
    let checkout = format!("ck_{}", &new_token()[..24]);
    let expires_at = now.seconds() + HOLD_SECONDS;
    let convert = |inr: i64| rate.convert(Money::inr(inr)).map_or(0, |m| m.minor);
    let mut orders = Vec::with_capacity(booths.len());
    let mut numbers = Vec::with_capacity(booths.len());
    for (booth_id, landed) in booths.into_iter().zip(quotes) {
        let mine: Vec<&Line> = lines.iter().filter(|l| l.booth_id == booth_id).collect();
        let goods: i64 = mine.iter().map(|l| l.unit * l.quantity).sum();
        // In the buyer's currency, part by part; the goods at the converted unit prices.
        let shown = Landed {
            goods,
            ..landed.converted(convert)
        };
        let total_inr = landed.charged();
        let attributed = attribute(tx, booth_id, request.stream.as_deref(), user, now).await?;
        let number = format!("PV-{}", new_token()[..12].to_ascii_uppercase());
        let (country, name, address) = terms.ship_to.as_ref().map_or(("", "", ""), |t| {
            (t.country.as_str(), t.name.as_str(), t.address.as_str())
        });
        let service = if terms.ship_to.is_some() {
            terms.service.code()
        } else {
            ""
        };
        let order_id: i64 = sqlx::query_scalar(
            "INSERT INTO orders (number, checkout, booth_id, user_id, email, currency, inr_per_unit_micros,
                    total_minor, total_inr_minor, created_at, expires_at, locale, country, service, incoterm,
                    goods_minor, handling_minor, freight_minor, insurance_minor, duties_minor, days_min,
                    days_max, ship_name, ship_address, stream_id, host_id, deal_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                     $19, $20, $21, $22, $23, $24, $25, $26, $27) RETURNING id",
        )
        .bind(&number)
        .bind(&checkout)
        .bind(booth_id)
        .bind(user)
        .bind(&email)
        .bind(currency.code())
        .bind(rate.inr_per_unit_micros)
        .bind(shown.charged())
        .bind(total_inr)
        .bind(now.seconds())
        .bind(expires_at)
        .bind(terms.locale.code())
        .bind(country)
        .bind(service)
        .bind(terms.incoterm.code())
        .bind(shown.goods)
        .bind(shown.handling)
        .bind(shown.freight)
        .bind(shown.insurance)
        .bind(shown.duties)
        .bind(landed.days_min)
        .bind(landed.days_max)
        .bind(name)
        .bind(address)
        .bind(attributed.map(|(s, _)| s))
        .bind(attributed.and_then(|(_, h)| h))
        .bind(
            deal.as_ref()
                .filter(|d| mine.iter().any(|l| l.product_id == d.product_id))
                .map(|d| d.id),
        )
        .fetch_one(&mut **tx)
        .await?;
        for line in &mine {
            sqlx::query(
                "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(order_id)
            .bind(line.product_id)
            .bind(line.quantity)
            .bind(line.unit_inr)
            .bind(line.unit)
            .execute(&mut **tx)
            .await?;
        }
        record(
            &mut **tx,
            order_id,
            "pending",
            &format!("buyer:{email}"),
            "",
            now,
        )
        .await?;
        numbers.push((number, shown.charged()));
    }
    let amount: i64 = numbers.iter().map(|(_, t)| t).sum();
    let session = format!("ps_{}", &new_token()[..24]);
    let return_path = format!(
        "/{}/orders/{}?checkout={checkout}",
        terms.locale.code(),
        numbers[0].0
    );
    sqlx::query(
        "INSERT INTO payment_sessions (id, provider, checkout, currency, amount_minor, return_path,
                created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&session)
    .bind(provider)
    .bind(&checkout)
    .bind(currency.code())
    .bind(amount)
    .bind(&return_path)
    .bind(now.seconds())
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    for (number, _) in &numbers {
        if let Some(order) = read_order(tx, number).await? {
            orders.push(order);
        }
    }
    Ok(Ok(CheckoutResponse {
        checkout,
        orders,
        payment: PaymentLink {
            url: format!("/pay/{session}"),
            session,
            provider: provider.to_owned(),
            currency: currency.code().to_owned(),
            amount_minor: amount,
        },
    }))
}

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

/// Cancels pending orders whose hold has run out and gives their stock back; each order in
/// its own transaction, and only once. Returns how many were released.
pub async fn release_expired(db: &Db, now: Instant) -> Result<usize, sqlx::Error> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE state = 'pending' AND expires_at <= $1 ORDER BY id LIMIT 500",
    )
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let mut released = 0;
    for id in due {
        let mut tx = db.begin().await?;
        let cancelled = sqlx::query(
            "UPDATE orders SET state = 'cancelled' WHERE id = $1 AND state = 'pending'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if cancelled == 1 {
            crate::checkout::orders::restock(&mut tx, id).await?;
            record(&mut *tx, id, "cancelled", "system:hold-expired", "", now).await?;
            released += 1;
        }
        tx.commit().await?;
    }
    Ok(released)
}

/// Forgets idempotency keys older than twice their promised lifetime.
pub async fn forget_keys(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(now.seconds() - 2 * KEY_SECONDS)
            .execute(db)
            .await?
            .rows_affected(),
    )
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
        checkout: String,
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
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.id, o.number, o.checkout, b.slug AS booth, o.state, o.currency, o.total_minor,
                o.total_inr_minor, o.created_at, o.expires_at, o.country, o.service, o.incoterm,
                o.goods_minor, o.handling_minor, o.freight_minor, o.insurance_minor, o.duties_minor,
                o.days_min, o.days_max, o.carrier, o.tracking, s.slug AS stream, h.slug AS host
           FROM orders o JOIN booths b ON b.id = o.booth_id
           LEFT JOIN streams s ON s.id = o.stream_id
           LEFT JOIN hosts h ON h.id = o.host_id
          WHERE o.number = $1",
    )
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let items: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT p.slug, p.name, i.quantity, i.unit_minor, i.unit_inr_minor
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
        checkout: row.checkout,
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
                |(product, name, quantity, unit_minor, unit_inr_minor)| OrderLine {
                    product,
                    name,
                    quantity,
                    unit_minor,
                    unit_inr_minor,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255() {
        assert!(valid_key("order-2026-11-28-0001"));
        assert!(!valid_key(""));
        assert!(!valid_key("has space"));
        assert!(!valid_key(&"k".repeat(256)));
        assert!(!valid_key("ключ"));
    }

    #[test]
    fn problems_are_rfc7807() {
        let p = Problem::invalid("items[0].quantity", "quantity", "Order between 1 and 5.");
        let body: serde_json::Value = serde_json::from_str(&p.body()).expect("json");
        assert_eq!(body["status"], 422);
        assert_eq!(body["code"], "quantity");
        assert_eq!(body["field"], "items[0].quantity");
        assert!(
            body["type"]
                .as_str()
                .is_some_and(|t| t.ends_with("/quantity"))
        );
    }
}
