//! Server functions behind the checkout and order pages.

use crate::checkout::model::{CheckoutPage, OrderPage, OrderRow};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The one-page checkout for one product, priced for the buyer's choices with a fresh FX
/// quote and a fresh idempotency key (so a double click places one order).
#[server(input = GetUrl)]
pub async fn get_checkout(
    locale: String,
    product: String,
    quantity: String,
    country: String,
    service: String,
    incoterm: String,
    stream: String,
) -> Result<CheckoutPage, AppError> {
    use crate::accounts::store::{current_user, new_token};
    use crate::checkout::orders::new_quote;
    use crate::checkout::shipping::{self, Dutiable, Incoterm, NoQuote, Service};
    use crate::core::{Money, Rate};
    use crate::i18n::fx::Pricing;
    use crate::i18n::{Locale, format, tr};
    use crate::pavilion::store as pavilion;
    use crate::state::{AppState, now};

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let full = pavilion::product(db, locale, product.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let p = full.detail;
    let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE slug = $1")
        .bind(&full.booth_slug)
        .fetch_one(db)
        .await?;
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
    let show = |inr: i64| {
        rate.convert(Money::inr(inr))
            .map(|m| format::money(locale, m))
            .unwrap_or_default()
    };
    let max_quantity = p.max_quantity().max(p.moq);
    let quantity = quantity
        .trim()
        .parse::<i64>()
        .unwrap_or(p.moq)
        .clamp(p.moq, max_quantity);
    let country = match country.trim().to_ascii_uppercase() {
        c if !c.is_empty() => c,
        _ => saved.first().map(|s| s.0.clone()).unwrap_or_default(),
    };
    let service = Service::parse(&service).unwrap_or(Service::Economy);
    let incoterm = Incoterm::parse(&incoterm).unwrap_or(Incoterm::Ddp);
    let mut countries: Vec<(String, String)> = {
        let mut conn = db.acquire().await?;
        shipping::countries(&mut *conn)
            .await?
            .into_iter()
            .map(|c| {
                let name = format::country(locale, &c);
                (c, name)
            })
            .collect()
    };
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let ui = locale.ui();
    let goods = p.price.minor * quantity;
    let (mut parts, mut total, mut landed_total, mut days, mut problem) =
        (Vec::new(), None, None, None, None);
    let part =
        |name: &str, amount: Option<String>, included: bool| crate::checkout::model::PricePart {
            part: name.to_owned(),
            amount,
            included,
        };
    if country.is_empty() {
        parts.push(part("goods", Some(show(goods)), true));
    } else {
        let mut conn = db.acquire().await?;
        let lane = shipping::lane(&mut conn, &country, service).await?;
        let rates = shipping::duty_rates(&mut *conn, &country).await?;
        let dutiable = [Dutiable {
            goods_inr_minor: goods,
            rate_bps: rates
                .iter()
                .find(|(c, _)| *c == p.category)
                .map(|(_, bps)| *bps),
        }];
        match lane
            .map(|lane| shipping::landed(incoterm, &lane, p.weight_grams * quantity, &dutiable))
        {
            None | Some(Err(NoQuote::NoRates)) => {
                problem = Some(tr!(ui, problem_country_unserved).to_owned());
            }
            Some(Err(NoQuote::DutiesUnknown)) => {
                problem = Some(tr!(ui, problem_ddp_unavailable).to_owned());
            }
            Some(Ok(landed)) => {
                parts.push(part("goods", Some(show(landed.goods)), true));
                for (name, amount) in [
                    ("handling", Some(landed.handling)),
                    ("freight", Some(landed.freight)),
                    ("insurance", Some(landed.insurance)),
                    ("duties", landed.duties),
                ] {
                    parts.push(part(name, amount.map(show), landed.includes(name)));
                }
                total = Some(show(landed.charged()));
                landed_total = Some(show(
                    landed.goods
                        + landed.handling
                        + landed.freight
                        + landed.insurance
                        + landed.duties.unwrap_or(0),
                ));
                days = Some((landed.days_min, landed.days_max));
            }
        }
    }
    if country.is_empty() && incoterm == Incoterm::Exw {
        total = Some(show(goods));
    }
    Ok(CheckoutPage {
        product: p.slug,
        product_name: p.name,
        booth_name,
        unit: p.unit,
        image: p.images.first().map(|i| i.src.clone()),
        moq: p.moq,
        max_quantity,
        quantity,
        unit_price: show(p.price.minor),
        email: user.as_ref().map(|u| u.email.clone()).unwrap_or_default(),
        signed_in: user.is_some(),
        countries,
        country: country.clone(),
        service: service.code().to_owned(),
        incoterm: incoterm.code().to_owned(),
        ship_name: saved
            .iter()
            .find(|s| s.0 == country)
            .map(|s| s.1.clone())
            .or_else(|| user.as_ref().map(|u| u.display_name.clone()))
            .unwrap_or_default(),
        ship_address: saved
            .iter()
            .find(|s| s.0 == country)
            .map(|s| s.2.clone())
            .unwrap_or_default(),
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
    })
}

/// One order, for its buyer (signed in, or holding the checkout id from their link) or its
/// exhibitor's team; anyone else gets 404.
#[server(input = GetUrl)]
pub async fn get_order_page(
    locale: String,
    number: String,
    checkout: String,
) -> Result<OrderPage, AppError> {
    use crate::accounts::store::current_user;
    use crate::checkout::model::PricePart;
    use crate::checkout::orders::{Viewer, visible};
    use crate::core::{Currency, Instant, Money};
    use crate::i18n::{Locale, format};
    use crate::state::AppState;

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let user = current_user();
    let checkout = Some(checkout.trim()).filter(|c| !c.is_empty());
    let (order, viewer) = visible(db, user.as_ref(), number.trim(), checkout)
        .await?
        .ok_or(AppError::NotFound)?;
    let currency = Currency::parse(&order.currency).unwrap_or(Currency::Inr);
    let show = |minor: i64| format::money(locale, Money { minor, currency });
    let (booth_name, ship_name, ship_address, session, stream_title): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT b.name, o.ship_name, o.ship_address,
                (SELECT id FROM payment_sessions s WHERE s.checkout = o.checkout),
                (SELECT COALESCE(t.title, st.title) FROM streams st
                   LEFT JOIN stream_translations t ON t.stream_id = st.id AND t.locale = $2
                  WHERE st.id = o.stream_id)
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
    let mut parts = vec![PricePart {
        part: "goods".into(),
        amount: Some(show(s.goods_minor)),
        included: true,
    }];
    if !s.country.is_empty() {
        for (name, amount) in [
            ("handling", Some(s.handling_minor)),
            ("freight", Some(s.freight_minor)),
            ("insurance", Some(s.insurance_minor)),
            ("duties", s.duties_minor),
        ] {
            parts.push(PricePart {
                part: name.into(),
                amount: amount.map(show),
                included: landed.includes(name),
            });
        }
    }
    let when = |at: &str| {
        chrono::DateTime::parse_from_rfc3339(at)
            .map(|t| format::date_time(locale, Instant(t.timestamp()), "UTC"))
            .unwrap_or_default()
    };
    Ok(OrderPage {
        booth_name,
        exhibitor: viewer == Viewer::Exhibitor,
        checkout: order.checkout.clone(),
        total: show(order.total_minor),
        lines: order
            .items
            .iter()
            .map(|l| {
                let name = names
                    .iter()
                    .find(|(slug, _)| *slug == l.product)
                    .map_or_else(|| l.name.clone(), |(_, n)| n.clone());
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
        pay_url: (order.state == "pending")
            .then(|| session.map(|id| format!("/pay/{id}")))
            .flatten(),
        hold_until: when(&order.expires_at),
        stream_title,
        order,
    })
}

/// The signed-in buyer's orders, or the exhibitor's when `exhibitor` is set.
#[server(input = GetUrl)]
pub async fn get_orders(locale: String, exhibitor: bool) -> Result<Vec<OrderRow>, AppError> {
    use crate::accounts::store::current_user;
    use crate::core::{Currency, Instant, Money};
    use crate::i18n::{Locale, format};
    use crate::state::AppState;

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let state = AppState::current()?;
    let user = current_user().ok_or(AppError::Unauthorized)?;
    let (sql, id) = if exhibitor {
        let (booth, _) = user.booth.ok_or(AppError::Forbidden)?;
        (
            "SELECT o.number, o.checkout, o.state, o.total_minor, o.currency, o.email, o.created_at
               FROM orders o WHERE o.booth_id = $1 ORDER BY o.id DESC LIMIT 50",
            booth,
        )
    } else {
        (
            "SELECT o.number, o.checkout, o.state, o.total_minor, o.currency, b.name, o.created_at
               FROM orders o JOIN booths b ON b.id = o.booth_id
              WHERE o.user_id = $1 ORDER BY o.id DESC LIMIT 50",
            user.id,
        )
    };
    let rows: Vec<(String, String, String, i64, String, String, i64)> =
        sqlx::query_as(sql).bind(id).fetch_all(&state.db).await?;
    Ok(rows
        .into_iter()
        .map(
            |(number, checkout, state, total, currency, party, created)| OrderRow {
                number,
                checkout,
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
            },
        )
        .collect())
}
