//! Server functions behind the checkout and order pages.

// `#[server]` functions take one argument per query field; the checkout's (product,
// quantity, shipping choices, stream and deal) are eight.
#![expect(clippy::too_many_arguments, reason = "one per query field")]

use crate::checkout::model::{CartPage, CheckoutPage, OrderPage, OrderRow};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The rows of a price breakdown, amounts formatted by `show`.
#[cfg(feature = "ssr")]
fn price_parts(
    landed: &crate::checkout::shipping::Landed,
    show: impl Fn(i64) -> String,
) -> Vec<crate::checkout::model::PricePart> {
    landed
        .parts()
        .into_iter()
        .map(
            |(part, amount, included)| crate::checkout::model::PricePart {
                part: part.to_owned(),
                amount: amount.map(&show),
                included,
            },
        )
        .collect()
}

/// The cart's lines, from the request's cookie.
#[cfg(feature = "ssr")]
fn cart_of_request() -> Vec<(String, i64)> {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
            crate::i18n::prefs::cookie(header, crate::checkout::cart::CART_COOKIE)
                .map(crate::checkout::cart::parse)
        })
        .unwrap_or_default()
}

/// The one-page checkout for one product (`product`, `quantity`) or, without a product, for
/// the cart; priced for the buyer's choices with a fresh FX quote and a fresh idempotency key
/// (so a double click places one order).
#[server(input = GetUrl)]
pub async fn get_checkout(
    locale: Locale,
    product: String,
    quantity: String,
    country: String,
    service: String,
    incoterm: String,
    stream: String,
    deal: String,
    sample: String,
) -> Result<CheckoutPage, AppError> {
    use crate::accounts::store::current_user;
    use crate::checkout::model::{CheckoutLine, PricePart};
    use crate::checkout::orders::new_quote;
    use crate::checkout::shipping::{self, Dutiable, Incoterm, Landed, NoQuote, Service};
    use crate::core::secrets::new_token;
    use crate::core::{Money, Rate};
    use crate::i18n::fx::Pricing;
    use crate::i18n::{format, tr};
    use crate::pavilion::store as pavilion;
    use crate::state::{AppState, now};

    let state = AppState::current()?;
    let db = &state.db;
    let from_cart = product.trim().is_empty();
    let wanted: Vec<(String, Option<i64>)> = if from_cart {
        cart_of_request()
            .into_iter()
            .map(|(slug, q)| (slug, Some(q)))
            .collect()
    } else {
        vec![(product.trim().to_owned(), quantity.trim().parse().ok())]
    };
    // A flash deal prices its own product, within its own per-buyer cap.
    let deal: Option<(i64, String, i64, i64)> = match deal.trim().parse::<i64>() {
        Ok(id) if !from_cart => {
            sqlx::query_as(
                "SELECT d.id, p.slug, d.price_minor, d.per_buyer FROM flash_deals d
                   JOIN products p ON p.id = d.product_id WHERE d.id = $1",
            )
            .bind(id)
            .fetch_optional(db)
            .await?
        }
        _ => None,
    };
    let deal = deal.filter(|d| d.1 == product.trim());
    // Opened from a live room's pinned product or deal: a click for the control room.
    if !from_cart && !stream.trim().is_empty() {
        use crate::insights::pulse::{Counted, click_viewer, counted};
        // (keyed by the address as a form post from the same page is: one viewer)
        let address = use_context::<http::request::Parts>()
            .map(|parts| crate::forms::post::client_address(&parts))
            .unwrap_or_default();
        let viewer = click_viewer(current_user().map(|u| u.id), &address);
        let at = crate::state::now_ms();
        let (stream, product) = (stream.trim(), product.trim());
        if let Err(err) = counted(db, Counted::Clicked, stream, product, &viewer, at).await {
            tracing::warn!(%err, "cannot count the click from the live room");
        }
    }
    let sample_asked = !from_cart && deal.is_none() && sample.trim() == "1";
    // (line, booth slug, category, weight, price in INR)
    let mut found = Vec::new();
    let mut offered = Incoterm::ALL.to_vec();
    for (slug, asked) in wanted {
        let Some(full) = pavilion::product(db, locale, &slug).await? else {
            continue;
        };
        let p = full.detail;
        offered.retain(|t| p.trade.incoterms.contains(t));
        let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE slug = $1")
            .bind(&full.booth_slug)
            .fetch_one(db)
            .await?;
        // A sample has its own price, weight and cap; a deal its own price and cap; else the
        // product's limits, priced at the break the quantity reaches.
        let offer = p.trade.sample.clone().filter(|_| sample_asked);
        let (moq, max_quantity) = match (&offer, &deal) {
            (Some(offer), _) => (1, offer.per_buyer),
            (None, Some((_, _, _, cap))) => (1, *cap),
            (None, None) => (p.moq, p.max_quantity().max(p.moq)),
        };
        let quantity = match asked {
            Some(q) if from_cart => q,
            Some(q) => q.clamp(moq, max_quantity),
            None => moq,
        };
        let (price, grams) = match (&offer, &deal) {
            (Some(offer), _) => (offer.price_minor, offer.weight_grams),
            (None, Some((_, _, price, _))) => (*price, p.weight_grams),
            (None, None) => (
                p.trade.breaks.unit_price(p.price.minor, quantity),
                p.weight_grams,
            ),
        };
        found.push((
            CheckoutLine {
                product: p.slug,
                name: p.name,
                booth_name,
                // A sample is its own unit ("per sample"), not the product's pack.
                unit: if offer.is_some() {
                    tr!(locale.ui(), sample_badge).to_owned()
                } else {
                    p.unit
                },
                image: p.images.first().map(|i| i.src.clone()),
                moq,
                max_quantity,
                quantity,
                unit_price: String::new(),
                total: String::new(),
                sample: offer.is_some(),
            },
            full.booth_slug,
            p.category,
            grams,
            price,
        ));
    }
    if found.is_empty() {
        return Err(AppError::NotFound);
    }
    let user = current_user();
    let saved: Vec<(String, String, String)> = match &user {
        Some(u) => {
            sqlx::query_as(
                "SELECT country, ship_name, ship_address FROM orders
              WHERE user_id = $1 AND country <> '' GROUP BY country, ship_name, ship_address
              ORDER BY MAX(id) DESC LIMIT 3",
            )
            .bind(u.id)
            .fetch_all(db)
            .await?
        }
        None => Vec::new(),
    };
    let pricing = Pricing::of_request(db, locale).await?;
    let currency = pricing
        .rate
        .map_or(crate::core::Currency::Inr, |r| r.rate.currency);
    let now = now();
    let quote = new_quote(db, currency, now)
        .await?
        .ok_or(AppError::Internal)?;
    let rate = Rate {
        currency,
        inr_per_unit_micros: quote.inr_per_unit_micros,
    };
    let convert = |inr: i64| rate.convert(Money::inr(inr)).map_or(0, |m| m.minor);
    let show = |minor: i64| format::money(locale, Money { minor, currency });
    for (line, _, _, _, inr) in &mut found {
        let unit = convert(*inr);
        line.unit_price = show(unit);
        line.total = show(unit * line.quantity);
    }
    let country = match country.trim().to_ascii_uppercase() {
        c if !c.is_empty() => c,
        _ => saved.first().map(|s| s.0.clone()).unwrap_or_default(),
    };
    let service = Service::parse(&service).unwrap_or(Service::Economy);
    // The asked term if the products ship on it, else DDP, else the first they ship on.
    let incoterm = Incoterm::parse(&incoterm)
        .filter(|t| offered.contains(t))
        .or_else(|| offered.contains(&Incoterm::Ddp).then_some(Incoterm::Ddp))
        .or_else(|| offered.first().copied())
        .unwrap_or(Incoterm::Exw);
    let mut conn = db.acquire().await?;
    let countries = shipping::named_countries(&mut *conn, locale).await?;
    let ui = locale.ui();
    // Each exhibitor ships its own parcel: one landed price per booth, summed for the page.
    let mut booths: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    booths.sort_unstable();
    booths.dedup();
    let goods: i64 = found.iter().map(|f| f.0.quantity * convert(f.4)).sum();
    let mut quotes: Vec<Landed> = Vec::new();
    let mut problem = offered
        .is_empty()
        .then(|| tr!(ui, problem_incoterm_not_offered).to_owned());
    if !country.is_empty() {
        let lane = shipping::lane(&mut conn, &country, service).await?;
        let rates = shipping::duty_rates(&mut *conn, &country).await?;
        for booth in &booths {
            let mine: Vec<_> = found.iter().filter(|f| f.1 == *booth).collect();
            let mut categories: Vec<&str> = mine.iter().map(|f| f.2.as_str()).collect();
            categories.sort_unstable();
            categories.dedup();
            let dutiable: Vec<Dutiable> = categories
                .iter()
                .map(|c| Dutiable {
                    goods_inr_minor: mine
                        .iter()
                        .filter(|f| f.2 == *c)
                        .map(|f| f.4 * f.0.quantity)
                        .sum(),
                    rate_bps: rates.iter().find(|(k, _)| k == c).map(|(_, bps)| *bps),
                })
                .collect();
            let grams: i64 = mine.iter().map(|f| f.3 * f.0.quantity).sum();
            match lane
                .as_ref()
                .map(|lane| shipping::landed(incoterm, lane, grams, &dutiable))
            {
                None | Some(Err(NoQuote::NoRates)) => {
                    problem = Some(tr!(ui, problem_country_unserved).to_owned());
                }
                Some(Err(NoQuote::DutiesUnknown)) => {
                    problem = Some(tr!(ui, problem_ddp_unavailable).to_owned());
                }
                Some(Ok(landed)) => quotes.push(landed),
            }
        }
    }
    let (mut parts, mut total, mut landed_total, mut days) = (
        vec![PricePart {
            part: "goods".into(),
            amount: Some(show(goods)),
            included: true,
        }],
        None,
        None,
        None,
    );
    if problem.is_none() && !quotes.is_empty() {
        // The exhibitors' parcels, converted part by part and added up.
        let sum = quotes
            .iter()
            .map(|q| q.converted(convert))
            .reduce(|a, b| Landed {
                handling: a.handling + b.handling,
                freight: a.freight + b.freight,
                insurance: a.insurance + b.insurance,
                duties: a.duties.zip(b.duties).map(|(x, y)| x + y),
                days_min: a.days_min.min(b.days_min),
                days_max: a.days_max.max(b.days_max),
                ..a
            })
            .map(|all| Landed { goods, ..all });
        if let Some(all) = sum {
            parts = price_parts(&all, show);
            total = Some(show(all.charged()));
            landed_total = Some(show(all.landed()));
            days = Some((all.days_min, all.days_max));
        }
    }
    if country.is_empty() && incoterm == Incoterm::Exw {
        total = Some(show(goods));
    }
    let address = saved.iter().find(|s| s.0 == country);
    Ok(CheckoutPage {
        shipments: booths.len(),
        lines: found.into_iter().map(|f| f.0).collect(),
        from_cart,
        email: user.as_ref().map(|u| u.email.clone()).unwrap_or_default(),
        signed_in: user.is_some(),
        countries,
        country: country.clone(),
        service: service.code().to_owned(),
        incoterm: incoterm.code().to_owned(),
        incoterms: offered.iter().map(|t| t.code().to_owned()).collect(),
        ship_name: address
            .map(|s| s.1.clone())
            .or_else(|| user.as_ref().map(|u| u.display_name.clone()))
            .unwrap_or_default(),
        ship_address: address.map(|s| s.2.clone()).unwrap_or_default(),
        saved,
        parts,
        total,
        landed: landed_total,
        days,
        problem,
        currency: currency.code().to_owned(),
        quote: quote.quote,
        quote_until: format::date_time(
            locale,
            crate::core::Instant(now.seconds() + crate::checkout::orders::QUOTE_SECONDS),
            "UTC",
        ),
        key: format!("web-{}", new_token()),
        stream: stream.trim().to_owned(),
        deal: deal.as_ref().map(|d| d.0),
        deal_cap: deal.map(|d| d.3),
    })
}

/// The cart, priced in the buyer's currency and grouped by exhibitor.
#[server(input = GetUrl)]
pub async fn get_cart(locale: Locale) -> Result<CartPage, AppError> {
    use crate::checkout::model::CartLine;
    use crate::i18n::format;
    use crate::i18n::fx::Pricing;
    use crate::pavilion::store as pavilion;
    use crate::state::AppState;

    let state = AppState::current()?;
    let pricing = Pricing::of_request(&state.db, locale).await?;
    let mut groups: Vec<(String, Vec<CartLine>)> = Vec::new();
    let mut sum: Option<crate::core::Money> = None;
    for (slug, quantity) in cart_of_request() {
        let Some(full) = pavilion::product(&state.db, locale, &slug).await? else {
            continue;
        };
        let p = full.detail;
        let booth: String = sqlx::query_scalar("SELECT name FROM booths WHERE slug = $1")
            .bind(&full.booth_slug)
            .fetch_one(&state.db)
            .await?;
        let unit_inr = p.trade.breaks.unit_price(p.price.minor, quantity);
        let tag = pricing.tag(crate::core::Money::inr(unit_inr));
        let line_total = crate::core::Money {
            minor: tag.minor * quantity,
            currency: tag.currency,
        };
        sum = Some(crate::core::Money {
            minor: sum.map_or(0, |s| s.minor) + line_total.minor,
            currency: tag.currency,
        });
        let line = CartLine {
            product: p.slug.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            image: p.images.first().map(|i| i.src.clone()),
            moq: p.moq,
            max_quantity: p.max_quantity().max(p.moq),
            quantity,
            unit_price: tag.label,
            total: format::money(locale, line_total),
        };
        match groups.iter_mut().find(|(b, _)| *b == booth) {
            Some((_, lines)) => lines.push(line),
            None => groups.push((booth, vec![line])),
        }
    }
    Ok(CartPage {
        groups,
        total: sum.map(|s| format::money(locale, s)),
    })
}

/// One order, for its buyer (signed in, or holding the order's key from their link) or its
/// exhibitor's team; anyone else gets 404. The exhibitor's page carries neither the buyer's
/// key nor the payment link.
#[server(input = GetUrl)]
pub async fn get_order_page(
    locale: Locale,
    number: String,
    key: String,
) -> Result<OrderPage, AppError> {
    use crate::accounts::store::current_user;
    use crate::checkout::orders::{Viewer, visible};
    use crate::core::{Currency, Instant, Money};
    use crate::i18n::format;
    use crate::state::AppState;

    let state = AppState::current()?;
    let db = &state.db;
    let user = current_user();
    use crate::checkout::model::{BuyerKey, OrderNumber};
    let number = OrderNumber::parse(&number).ok_or(AppError::NotFound)?;
    let key = BuyerKey::parse(&key);
    let (order, viewer) = visible(db, user.as_ref(), &number, key.as_ref())
        .await?
        .ok_or(AppError::NotFound)?;
    let currency = Currency::parse(&order.currency).unwrap_or(Currency::Inr);
    let show = |minor: i64| format::money(locale, Money { minor, currency });
    #[allow(clippy::type_complexity)]
    let (booth_name, ship_name, ship_address, session, stream_title, via_link): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT b.name, o.ship_name, o.ship_address,
                (SELECT id FROM payment_sessions s WHERE s.checkout = o.checkout),
                (SELECT COALESCE(t.title, st.title) FROM streams st
                   LEFT JOIN stream_translations t ON t.stream_id = st.id AND t.locale = $2
                  WHERE st.id = o.stream_id),
                (SELECT c.name FROM creators c WHERE c.id = o.creator_id AND o.link_id IS NOT NULL)
           FROM orders o JOIN booths b ON b.id = o.booth_id WHERE o.number = $1",
    )
    .bind(&order.number)
    .bind(locale.code())
    .fetch_one(db)
    .await?;
    let names: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.slug, COALESCE(t.name, p.name) FROM order_items i
           JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id
           LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $2
          WHERE o.number = $1",
    )
    .bind(&order.number)
    .bind(locale.code())
    .fetch_all(db)
    .await?;
    let s = &order.shipping;
    let incoterm = crate::checkout::shipping::Incoterm::parse(&s.incoterm)
        .unwrap_or(crate::checkout::shipping::Incoterm::Exw);
    let landed = crate::checkout::shipping::Landed {
        incoterm,
        goods: s.goods_minor,
        handling: s.handling_minor,
        freight: s.freight_minor,
        insurance: s.insurance_minor,
        duties: s.duties_minor,
        parcels: 0,
        days_min: s.days_min,
        days_max: s.days_max,
    };
    let mut parts = price_parts(&landed, show);
    if s.country.is_empty() {
        // Collected at the exhibitor's door: the goods are all there is.
        parts.truncate(1);
    }
    let when = |at: &str| {
        chrono::DateTime::parse_from_rfc3339(at)
            .map(|t| format::date_time(locale, Instant(t.timestamp()), "UTC"))
            .unwrap_or_default()
    };
    Ok(OrderPage {
        booth_name,
        exhibitor: viewer == Viewer::Exhibitor,
        total: show(order.total_minor),
        lines: order
            .items
            .iter()
            .map(|l| {
                let name = names
                    .iter()
                    .find(|(slug, _)| *slug == l.product)
                    .map_or_else(|| l.name.clone(), |(_, n)| n.clone());
                let name = if l.sample {
                    format!("{name} ({})", crate::i18n::tr!(locale.ui(), sample_badge))
                } else {
                    name
                };
                (name, l.quantity, show(l.unit_minor * l.quantity))
            })
            .collect(),
        parts,
        country_name: if s.country.is_empty() {
            String::new()
        } else {
            format::country(locale, &s.country)
        },
        ship_name,
        ship_address,
        history: order
            .history
            .iter()
            .map(|e| {
                (
                    e.state.clone(),
                    e.actor.clone(),
                    when(&e.at),
                    e.note.clone(),
                )
            })
            .collect(),
        // Where to pay is the buyer's to know.
        pay_url: (order.state == "pending" && viewer == Viewer::Buyer)
            .then(|| session.map(|id| format!("/pay/{id}")))
            .flatten(),
        hold_until: when(&order.expires_at),
        stream_title,
        via_link,
        instalments: order.instalments.as_ref().map(|i| {
            (
                show(i.deposit_minor),
                show(i.balance_minor),
                i.balance_paid_at.is_some(),
            )
        }),
        order,
    })
}

/// Orders on one page of a list.
pub const ORDERS_PER_PAGE: usize = 50;

/// The signed-in buyer's orders, or the exhibitor's when `exhibitor` is set, newest first,
/// a page at a time (`before` is the cursor of the page's link).
#[server(input = GetUrl)]
pub async fn get_orders(
    locale: Locale,
    exhibitor: bool,
    before: Option<String>,
) -> Result<crate::core::Page<OrderRow>, AppError> {
    use crate::accounts::store::current_user;
    use crate::core::{Currency, Cursor, Instant, Money, Page};
    use crate::i18n::format;
    use crate::state::AppState;

    let state = AppState::current()?;
    let user = current_user().ok_or(AppError::Unauthorized)?;
    let from = before
        .as_deref()
        .and_then(Cursor::parse)
        .unwrap_or(Cursor::NEWEST);
    let (sql, id) = if exhibitor {
        let (booth, _) = user.booth.ok_or(AppError::Forbidden)?;
        (
            "SELECT o.id, o.number, '' AS buyer_key, o.state, o.total_minor, o.currency, o.email, o.created_at
               FROM orders o WHERE o.booth_id = $1 AND o.id < $2 ORDER BY o.id DESC LIMIT $3",
            booth,
        )
    } else {
        (
            "SELECT o.id, o.number, o.buyer_key, o.state, o.total_minor, o.currency, b.name, o.created_at
               FROM orders o JOIN booths b ON b.id = o.booth_id
              WHERE o.user_id = $1 AND o.id < $2 ORDER BY o.id DESC LIMIT $3",
            user.id,
        )
    };
    /// An order's id, number, buyer key, state, total, currency, the other party and when.
    type Listed = (i64, String, String, String, i64, String, String, i64);
    let rows: Vec<Listed> = sqlx::query_as(sql)
        .bind(id)
        .bind(from.id)
        .bind(ORDERS_PER_PAGE as i64 + 1)
        .fetch_all(&state.db)
        .await?;
    let rows = rows
        .into_iter()
        .map(
            |(order, number, key, state, total, currency, party, created)| {
                let row = OrderRow {
                    number,
                    key,
                    state,
                    total: format::money(
                        locale,
                        Money {
                            minor: total,
                            currency: Currency::parse(&currency).unwrap_or(Currency::Inr),
                        },
                    ),
                    party,
                    created: format::date(locale, Instant(created), "UTC"),
                };
                (
                    Cursor {
                        at: order,
                        id: order,
                    },
                    row,
                )
            },
        )
        .collect();
    Ok(Page::of(rows, ORDERS_PER_PAGE))
}
