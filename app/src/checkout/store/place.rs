//! Placing a checkout: lines checked against their products, the locked rate, shipping and
//! the landed price, attribution, flash deals, the stock taken, one order per exhibitor and
//! its payment session; and pending orders released when their hold runs out.

use super::*;

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
    /// A sample: priced, weighed and taken from the product's samples, not its stock.
    sample: bool,
    /// A sample's per-buyer cap and the buyer, checked again once the row is locked.
    cap: Option<(i64, i64)>,
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
) -> Result<Result<Rate, AppError>, sqlx::Error> {
    let Some(quote) = quote else {
        return Ok(rate_of(tx, currency).await?.ok_or_else(|| {
            AppError::invalid("currency", "currency")
                .with_detail("There is no exchange rate for this currency yet.")
        }));
    };
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT currency, inr_per_unit_micros, expires_at FROM fx_quotes WHERE id = $1",
    )
    .bind(quote)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        None => Err(AppError::invalid("quote", "quote_unknown")
            .with_detail("There is no such price quote; ask for a new one.")),
        Some((code, _, _)) if code != currency.code() => {
            Err(AppError::invalid("quote", "quote_currency")
                .with_detail("The price quote is for another currency than the checkout."))
        }
        Some((_, _, expires_at)) if expires_at <= now.seconds() => {
            Err(AppError::invalid("quote", "quote_expired").with_detail(
                "The price quote has expired; ask for a new one and review the price.",
            ))
        }
        Some((_, inr_per_unit_micros, _)) => Ok(Rate {
            currency,
            inr_per_unit_micros,
        }),
    })
}

/// Whether a request's terms (currency, Incoterm, service, address, locale) read, before
/// anything is looked up (the fuzz targets call it).
#[cfg(any(test, fuzzing))]
pub(crate) fn terms_of(request: &CheckoutRequest) -> Result<(), AppError> {
    terms(request).map(|_| ())
}

/// Where and how a checkout ships, checked.
struct Terms {
    incoterm: Incoterm,
    service: Service,
    ship_to: Option<ShipTo>,
    locale: Locale,
}

fn terms(request: &CheckoutRequest) -> Result<Terms, AppError> {
    let service = match request.service.as_deref() {
        None => Service::Economy,
        Some(raw) => Service::parse(raw).ok_or_else(|| {
            AppError::invalid("service", "service")
                .with_detail("Choose economy or express shipping.")
        })?,
    };
    let incoterm = match request.incoterm.as_deref() {
        None if request.ship_to.is_some() => Incoterm::Ddp,
        None => Incoterm::Exw,
        Some(raw) => Incoterm::parse(raw).ok_or_else(|| {
            AppError::invalid("incoterm", "incoterm").with_detail("Choose EXW, FOB, CIF or DDP.")
        })?,
    };
    let ship_to = match &request.ship_to {
        None if incoterm != Incoterm::Exw => {
            return Err(AppError::invalid("ship_to", "ship_to")
                .with_detail("Give a delivery address, or buy ex works (EXW) and collect."));
        }
        None => None,
        Some(to) => {
            let country = to.country.trim().to_ascii_uppercase();
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(AppError::invalid("ship_to.country", "country")
                    .with_detail("Give the country as two letters, such as US or DE."));
            }
            let name = to.name.trim();
            if name.is_empty() || name.chars().count() > 120 {
                return Err(AppError::invalid("ship_to.name", "ship_name")
                    .with_detail("Give the recipient's name (up to 120 characters)."));
            }
            let address = to.address.trim();
            if address.chars().count() < 5 || address.chars().count() > 500 {
                return Err(AppError::invalid("ship_to.address", "ship_address")
                    .with_detail("Give the delivery address: street, city and postal code."));
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
) -> Result<Result<Landed, AppError>, sqlx::Error> {
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
        AppError::invalid("ship_to.country", "country_unserved")
            .with_detail("The pavilion does not ship to this country yet.")
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
            NoQuote::DutiesUnknown => AppError::invalid("incoterm", "ddp_unavailable").with_detail("Import duties for this destination are not in our tables; choose CIF and clear customs yourself."),
        }),
    )
}

/// Attribution, last touch wins. A stream touches: the one the buyer bought in (of this
/// exhibitor, live now or within the last 7 days; now), else the exhibitor's stream the
/// signed-in buyer watched last within 7 days (when they watched); its first host (by id)
/// is credited, and the creator whose host profile that is. A creator's link touches when
/// it was followed, for an exhibitor whose products the creator has terms in force on
/// (`products`, the order's lines). The later touch wins; a tie goes to the stream.
async fn attribute(
    tx: &mut Transaction<'_, Any>,
    booth_id: i64,
    stream: Option<&str>,
    user: Option<i64>,
    referral: Option<Touch>,
    products: &[i64],
    now: Instant,
) -> Result<Option<Attribution>, sqlx::Error> {
    let since = now.seconds() - ATTRIBUTION_SECONDS;
    let mut found: Option<(i64, i64)> = None;
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
        .await?
        .map(|id: i64| (id, now.seconds()));
    }
    if found.is_none()
        && let Some(user) = user
    {
        found = sqlx::query_as(
            "SELECT v.stream_id, v.at FROM stream_views v JOIN streams s ON s.id = v.stream_id
              WHERE v.user_id = $1 AND s.booth_id = $2 AND v.at >= $3
              ORDER BY v.at DESC LIMIT 1",
        )
        .bind(user)
        .bind(booth_id)
        .bind(since)
        .fetch_optional(&mut **tx)
        .await?;
    }
    let mut link = None;
    // A creator's own purchase earns them nothing.
    if let Some(touch) = referral.filter(|t| user.is_none() || t.creator_user != user) {
        for product in products {
            if in_force(&mut **tx, touch.creator, *product, now)
                .await?
                .is_some()
            {
                link = Some(touch);
                break;
            }
        }
    }
    match (found, link) {
        (Some((_, watched)), Some(touch)) if touch.at > watched => Ok(Some(by_link(touch))),
        (None, Some(touch)) => Ok(Some(by_link(touch))),
        (Some((stream_id, at)), _) => {
            let (host, creator): (Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT h.id, h.creator_id FROM hosts h
                  WHERE h.id = (SELECT MIN(host_id) FROM stream_hosts WHERE stream_id = $1)",
            )
            .bind(stream_id)
            .fetch_optional(&mut **tx)
            .await?
            .unwrap_or((None, None));
            Ok(Some(Attribution {
                stream: Some(stream_id),
                host,
                creator,
                link: None,
                at,
            }))
        }
        (None, None) => Ok(None),
    }
}

fn by_link(touch: Touch) -> Attribution {
    Attribution {
        stream: None,
        host: None,
        creator: Some(touch.creator),
        link: Some(touch.link),
        at: touch.at,
    }
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
    user: Option<i64>,
    now: Instant,
) -> Result<Result<OpenDeal, AppError>, sqlx::Error> {
    // A deal is for a known buyer: its cap counts per account, not per typed email.
    let Some(user) = user else {
        return Ok(Err(AppError::invalid("deal", "deal_sign_in")
            .with_detail("Sign in to buy at the deal price.")));
    };
    // …and an account whose address is confirmed, so one person cannot be many accounts.
    let confirmed: Option<i64> =
        sqlx::query_scalar::<_, Option<i64>>("SELECT email_verified_at FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(&mut **tx)
            .await?
            .flatten();
    if confirmed.is_none() {
        return Ok(Err(AppError::invalid("deal", "deal_verify").with_detail(
            "Confirm your email address to buy at the deal price.",
        )));
    }
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
        return Ok(Err(
            AppError::invalid("deal", "deal_unknown").with_detail("There is no such deal.")
        ));
    };
    // Deals open to the millisecond; `now` (whole seconds) may be a test's future.
    let now_ms = crate::state::now_ms().max(now.seconds() * 1000);
    if now_ms < starts_ms || now_ms >= ends_ms {
        return Ok(Err(
            AppError::conflict("deal", "deal_closed").with_detail("The deal is not open now.")
        ));
    }
    if sold >= quantity {
        return Ok(Err(
            AppError::conflict("deal", "deal_sold_out").with_detail("The deal has sold out.")
        ));
    }
    let bought: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) FROM orders o
           JOIN order_items oi ON oi.order_id = o.id AND oi.product_id = $3
          WHERE o.deal_id = $1 AND o.user_id = $2 AND o.state NOT IN ('cancelled', 'refunded')",
    )
    .bind(id)
    .bind(user)
    .bind(product_id)
    .fetch_one(&mut **tx)
    .await?;
    if bought >= per_buyer {
        return Ok(Err(AppError::invalid("deal", "deal_cap")
            .with_detail(format!("This deal allows {per_buyer} per buyer."))));
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

/// A sample line checked: the product offers one, the buyer is signed in (samples count per
/// account), and the quantity fits what this buyer may still have. Not at a deal's price.
async fn sample_line(
    tx: &mut Transaction<'_, Any>,
    field: &str,
    item: &LineRequest,
    product_id: i64,
    trade: &TradeTerms,
    with_deal: bool,
    user: Option<i64>,
) -> Result<Result<SampleOffer, AppError>, sqlx::Error> {
    let Some(offer) = trade.sample.clone() else {
        return Ok(Err(AppError::invalid(
            &format!("{field}.sample"),
            "no_sample",
        )
        .with_detail("This product is not offered as a sample.")));
    };
    if with_deal {
        return Ok(Err(AppError::invalid("deal", "deal_product")
            .with_detail("A sample is not sold at a deal's price.")));
    }
    let Some(user) = user else {
        return Ok(Err(AppError::invalid(
            &format!("{field}.sample"),
            "sample_sign_in",
        )
        .with_detail("Sign in to order a sample.")));
    };
    if !(1..=offer.per_buyer).contains(&item.quantity) {
        return Ok(Err(AppError::invalid(
            &format!("{field}.quantity"),
            "quantity",
        )
        .with_detail(format!("Order 1 to {} samples.", offer.per_buyer))));
    }
    let held = samples_held(tx, product_id, user).await?;
    if held.saturating_add(item.quantity) > offer.per_buyer {
        return Ok(Err(AppError::invalid(
            &format!("{field}.quantity"),
            "sample_cap",
        )
        .with_detail(format!(
            "Up to {} samples of this product per buyer.",
            offer.per_buyer
        ))));
    }
    Ok(Ok(offer))
}

pub(super) async fn place(
    tx: &mut Transaction<'_, Any>,
    request: &CheckoutRequest,
    buyer: &Buyer,
    provider: &str,
    now: Instant,
) -> Result<Result<CheckoutResponse, AppError>, sqlx::Error> {
    let user = buyer.user;
    // The creator's link the browser followed, while its window lasts.
    let referral = match buyer.referral.as_deref() {
        Some(token) => touch(tx, token, now).await?,
        None => None,
    };
    let Some(email) = normalise_email(&request.email) else {
        return Ok(Err(AppError::invalid("email", "email")
            .with_detail("Enter an email address such as name@example.com.")));
    };
    let Some(currency) = Currency::parse(request.currency.trim()) else {
        return Ok(Err(AppError::invalid("currency", "currency").with_detail(
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
        return Ok(Err(AppError::invalid("items", "items")
            .with_detail(format!("Send 1 to {MAX_LINES} lines."))));
    }
    let deal = match request.deal {
        Some(id) => match open_deal(tx, id, user, now).await? {
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
        return Ok(Err(AppError::invalid("deal", "deal_product")
            .with_detail("The deal is for another product.")));
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
            #[sqlx(flatten)]
            trade: TermsRow,
        }
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT p.id, p.name, p.booth_id, p.category, p.weight_grams,
                    p.price_minor, p.moq, p.max_per_order, {TERMS_COLUMNS}
               FROM products p JOIN booths b ON b.id = p.booth_id
              WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'"
        ))
        .bind(item.product.trim())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(AppError::invalid(
                &format!("{field}.product"),
                "unknown_product",
            )
            .with_detail(format!(
                "There is no product {:?} on sale.",
                item.product
            ))));
        };
        if lines.iter().any(|l| l.product_id == row.id) {
            return Ok(Err(AppError::invalid(
                &format!("{field}.product"),
                "duplicate",
            )
            .with_detail("Each product may appear on one line only.")));
        }
        let trade = row.trade.terms();
        if !trade.incoterms.contains(&terms.incoterm) {
            return Ok(Err(AppError::invalid("incoterm", "incoterm_not_offered")
                .with_detail(format!(
                    "{} ships on {} only.",
                    row.name,
                    trade
                        .incoterms
                        .iter()
                        .map(|t| t.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))));
        }
        let deal = match &deal {
            Some(d) if d.product_id == row.id => Some(d),
            _ => None,
        };
        let mut cap = None;
        let (unit_inr, grams) = if item.sample {
            match sample_line(tx, &field, item, row.id, &trade, deal.is_some(), user).await? {
                Ok(sample) => {
                    cap = user.map(|u| (sample.per_buyer, u));
                    (sample.price_minor, sample.weight_grams)
                }
                Err(problem) => return Ok(Err(problem)),
            }
        } else {
            let (least, most) = deal.map_or((row.moq, row.max_per_order), |d| {
                (1, d.per_buyer - d.bought)
            });
            if let Some(d) = deal
                && item.quantity > d.per_buyer - d.bought
            {
                return Ok(Err(AppError::invalid(
                    &format!("{field}.quantity"),
                    "deal_cap",
                )
                .with_detail(format!("This deal allows {} per buyer.", d.per_buyer))));
            }
            if item.quantity < least || item.quantity > most {
                return Ok(Err(AppError::invalid(
                    &format!("{field}.quantity"),
                    "quantity",
                )
                .with_detail(format!(
                    "Order between {} and {} of this product.",
                    row.moq, row.max_per_order
                ))));
            }
            // A deal has its own price; otherwise the break the quantity reaches.
            let unit_inr = deal.map_or_else(
                || trade.breaks.unit_price(row.price_minor, item.quantity),
                |d| d.price_minor,
            );
            (unit_inr, row.weight_grams)
        };
        let Some(unit) = rate.convert(Money::inr(unit_inr)) else {
            return Ok(Err(AppError::invalid("currency", "currency")
                .with_detail("This price cannot be shown in that currency.")));
        };
        lines.push(Line {
            index,
            product_id: row.id,
            name: row.name,
            booth_id: row.booth_id,
            category: row.category,
            grams,
            quantity: item.quantity,
            unit_inr,
            unit: unit.minor,
            sample: item.sample,
            cap,
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
        if !take(tx, line.product_id, line.quantity, line.sample).await? {
            let code = if line.sample {
                "samples_out"
            } else {
                "out_of_stock"
            };
            return Ok(Err(AppError::conflict(
                &format!("items[{}].quantity", line.index),
                code,
            )
            .with_detail(format!(
                "Not enough {} left for this order.",
                line.name
            ))));
        }
        // Under the row's lock (taken just now, in product order): what this buyer holds
        // cannot have changed since, on any node.
        if let Some((per_buyer, buyer)) = line.cap
            && samples_held(tx, line.product_id, buyer)
                .await?
                .saturating_add(line.quantity)
                > per_buyer
        {
            return Ok(Err(AppError::invalid(
                &format!("items[{}].quantity", line.index),
                "sample_cap",
            )
            .with_detail(format!(
                "Up to {per_buyer} samples of this product per buyer."
            ))));
        }
    }
    if let Some(d) = &deal {
        let quantity = lines
            .iter()
            .find(|l| l.product_id == d.product_id)
            .map_or(0, |l| l.quantity);
        if !crate::checkout::orders::take_deal(tx, d.id, quantity).await? {
            return Ok(Err(
                AppError::conflict("deal", "deal_sold_out").with_detail("The deal has sold out.")
            ));
        }
    }
    let checkout = CheckoutId::fresh();
    let expires_at = now.seconds()
        + if user.is_some() {
            HOLD_SECONDS
        } else {
            GUEST_HOLD_SECONDS
        };
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
        let products: Vec<i64> = mine.iter().map(|l| l.product_id).collect();
        let attributed = attribute(
            tx,
            booth_id,
            request.stream.as_deref(),
            user,
            referral,
            &products,
            now,
        )
        .await?;
        let number = OrderNumber::fresh();
        let key = BuyerKey::fresh();
        let ship_to = terms.ship_to.as_ref().map_or(("", "", ""), |t| {
            (t.country.as_str(), t.name.as_str(), t.address.as_str())
        });
        let service = if terms.ship_to.is_some() {
            terms.service.code()
        } else {
            ""
        };
        let order = NewOrder {
            number: &number,
            checkout: checkout.as_str(),
            booth_id,
            user,
            email: &email,
            rate,
            shown: &shown,
            total_inr,
            expires_at,
            locale: terms.locale,
            ship_to,
            service,
            attributed,
            deal: deal
                .as_ref()
                .filter(|d| mine.iter().any(|l| l.product_id == d.product_id))
                .map(|d| d.id),
            key: &key,
            client: &buyer.client,
            quote: None,
            deposit_minor: 0,
        };
        let order_id = insert_order(tx, &order, now).await?;
        for line in &mine {
            sqlx::query(
                "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor, sample)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(order_id)
            .bind(line.product_id)
            .bind(line.quantity)
            .bind(line.unit_inr)
            .bind(line.unit)
            .bind(i64::from(line.sample))
            .execute(&mut **tx)
            .await?;
        }
        // Asking for a sample shares the buyer's contact details with the exhibitor (a lead).
        if let Some(user) = user
            && mine.iter().any(|l| l.sample)
        {
            crate::trade::leads::store::share_contact(tx, user, booth_id, now).await?;
        }
        numbers.push((number, key, shown.charged()));
    }
    let amount: i64 = numbers.iter().map(|(_, _, t)| t).sum();
    let return_path = format!(
        "/{}/orders/{}?key={}",
        terms.locale.code(),
        numbers[0].0,
        numbers[0].1
    );
    let session = open_session(
        tx,
        provider,
        checkout.as_str(),
        currency,
        amount,
        &return_path,
        expires_at,
        None,
        now,
    )
    .await?;
    for (number, _, _) in &numbers {
        if let Some(order) = read_order(tx, number.as_str()).await? {
            orders.push(order);
        }
    }
    Ok(Ok(CheckoutResponse {
        checkout: checkout.to_string(),
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
