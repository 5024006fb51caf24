//! Checkout over HTTP: bad input refused with problem details and nothing written;
//! idempotency keys with Stripe's semantics; a stampede of buyers that sells exactly the
//! stock there is; expired holds giving stock back — on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use serde_json::{Value, json};
use std::sync::Arc;
use support::{TestApp, scalar, stock_of};

/// A published product with `stock` units, buyable 1 to 5 at a time; returns its slug.
async fn product(app: &TestApp, stock: i64) -> String {
    let slug: String = sqlx::query_scalar(
        "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE p.status = 'published' AND b.status = 'published' ORDER BY p.id LIMIT 1",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    sqlx::query("UPDATE products SET stock = $2, moq = 1, max_per_order = 5 WHERE slug = $1")
        .bind(&slug)
        .bind(stock)
        .execute(app.db())
        .await
        .unwrap();
    slug
}

async fn orders(app: &TestApp) -> i64 {
    scalar::<i64>(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM orders").await
}

/// POSTs a checkout body (raw text) with `key`, from the key's own client address (each
/// key is another buyer); returns status, body and whether replayed.
async fn post(app: &TestApp, key: Option<&str>, body: &str) -> (u16, Value, bool) {
    let mut request = app
        .client_for(key.unwrap_or("no key"))
        .post(format!("{}/api/v1/checkout", app.base))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = match request.send().await {
        Ok(response) => response,
        // A client that waited out its 30 s: status 0, for a caller that asks again with the
        // same key (as the stampede's buyers do; the key makes that safe); anyone else's
        // assertion fails on it.
        Err(err) if err.is_timeout() => return (0, Value::Null, false),
        Err(err) => panic!("{err}"),
    };
    let status = response.status().as_u16();
    let replayed = response.headers().get("idempotent-replayed").is_some();
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let text = response.text().await.unwrap();
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    if status >= 400 {
        assert_eq!(kind, "application/problem+json", "{text}");
        assert_eq!(value["status"], status, "{text}");
    }
    (status, value, replayed)
}

fn buy(slug: &str, quantity: i64) -> String {
    json!({ "email": "buyer@example.com", "currency": "INR", "items": [{ "product": slug, "quantity": quantity }] })
        .to_string()
}

on_both_stores!(
    bad_input_is_refused_and_nothing_is_written,
    true,
    |app: TestApp| async move {
        let slug = product(&app, 10).await;
        let refused = [
        (Some("k1"), buy(&slug, 0), 422, "quantity"),
        (Some("k2"), buy(&slug, -3), 422, "quantity"),
        (Some("k3"), buy(&slug, 6), 422, "quantity"),
        (Some("k4"), buy("no-such-product", 1), 422, "unknown_product"),
        (
            Some("k5"),
            json!({ "email": "buyer@example.com", "currency": "XXX", "items": [{ "product": slug, "quantity": 1 }] }).to_string(),
            422,
            "currency",
        ),
        (
            Some("k6"),
            json!({ "email": "not-an-email", "items": [{ "product": slug, "quantity": 1 }] }).to_string(),
            422,
            "email",
        ),
        (
            Some("k7"),
            json!({ "email": "b@example.com", "items": [{ "product": slug, "quantity": 1 }, { "product": slug, "quantity": 2 }] }).to_string(),
            422,
            "duplicate",
        ),
        (Some("k8"), json!({ "email": "b@example.com", "items": [] }).to_string(), 422, "items"),
        (Some("k9"), "{not json".to_owned(), 400, "malformed"),
        (Some("k10"), json!({ "email": "b@example.com", "items": [], "price": 1 }).to_string(), 400, "malformed"),
        (None, buy(&slug, 1), 400, "idempotency_key"),
        (Some("has space"), buy(&slug, 1), 400, "idempotency_key"),
        (Some("k11"), buy(&slug, 5), 201, ""),
        (Some("k12"), buy(&slug, 5), 201, ""),
        (Some("k13"), buy(&slug, 1), 409, "out_of_stock"),
    ];
        for (key, body, status, code) in refused {
            let (got, value, _) = post(&app, key, &body).await;
            assert_eq!(got, status, "{body} → {value}");
            if status >= 400 {
                assert_eq!(value["code"], code, "{value}");
            }
        }
        assert_eq!(
            orders(&app).await,
            2,
            "only the two good checkouts made orders"
        );
        assert_eq!(stock_of(&app, &slug).await, 0);
        let lines = scalar::<i64>(
            &app,
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_items",
        )
        .await;
        assert_eq!(lines, 10, "every unit taken is on an order");

        // A cart across two booths becomes one order per booth, in the buyer's currency.
        let other: String = sqlx::query_scalar(
        "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE p.status = 'published' AND b.status = 'published' AND p.booth_id <> (SELECT booth_id FROM products WHERE slug = $1)
          ORDER BY p.id LIMIT 1",
    )
    .bind(&slug)
    .fetch_one(app.db())
    .await
    .unwrap();
        sqlx::query(
            "UPDATE products SET stock = 10, moq = 1, max_per_order = 5 WHERE slug IN ($1, $2)",
        )
        .bind(&slug)
        .bind(&other)
        .execute(app.db())
        .await
        .unwrap();
        sqlx::query("INSERT INTO fx_rates (currency, inr_per_unit_micros, as_of, imported_at) VALUES ('USD', 84000000, 0, 0) ON CONFLICT (currency) DO UPDATE SET inr_per_unit_micros = 84000000")
        .execute(app.db())
        .await
        .unwrap();
        let cart = json!({ "email": "buyer@example.com", "currency": "USD",
        "items": [{ "product": slug, "quantity": 2 }, { "product": other, "quantity": 1 }] });
        let (status, value, _) = post(&app, Some("cart-1"), &cart.to_string()).await;
        assert_eq!(status, 201, "{value}");
        let split = value["orders"].as_array().unwrap();
        assert_eq!(split.len(), 2, "one order per exhibitor: {value}");
        for order in split {
            assert_eq!(order["currency"], "USD");
            assert_eq!(order["state"], "pending");
            let inr = order["total_inr_minor"].as_i64().unwrap();
            let usd = order["total_minor"].as_i64().unwrap();
            assert!(
                (usd * 84 - inr).abs() <= 84 * 2,
                "converted at 84 INR per USD: {order}"
            );
            let number = order["number"].as_str().unwrap();
            let key = order["key"].as_str().unwrap();
            let fetched: Value = app
                .get(&format!("/api/v1/orders/{number}?key={key}"))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(&fetched, order);
            // Without the order's key, or with another (the checkout id too), there is no
            // such order.
            assert_eq!(
                app.get(&format!("/api/v1/orders/{number}")).await.status(),
                404
            );
            assert_eq!(
                app.get(&format!(
                    "/api/v1/orders/{number}?checkout={}",
                    value["checkout"].as_str().unwrap()
                ))
                .await
                .status(),
                404
            );
        }
        assert_eq!(app.get("/api/v1/orders/PV-NOPE").await.status(), 404);
        let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        assert_eq!(openapi["openapi"], "3.1.0");
        assert!(openapi["paths"]["/api/v1/checkout"]["post"].is_object());
        assert!(openapi["paths"]["/api/v1/quotes"]["post"].is_object());
        assert!(openapi["components"]["schemas"]["ShipTo"].is_object());
    }
);

on_both_stores!(
    idempotency_keys_have_stripe_semantics,
    true,
    |app: TestApp| async move {
        let slug = product(&app, 3).await;
        let body = buy(&slug, 2);
        let (first_status, first, replayed) = post(&app, Some("order-1"), &body).await;
        assert_eq!((first_status, replayed), (201, false));
        // The same key and body: the stored response, marked replayed; no second order.
        let (status, again, replayed) = post(&app, Some("order-1"), &body).await;
        assert_eq!((status, replayed), (201, true));
        assert_eq!(again, first);
        // The same parameters written differently are the same request.
        let spaced =
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(&body).unwrap()).unwrap();
        assert_eq!(post(&app, Some("order-1"), &spaced).await.1, first);
        // The same key with another body: 422, and nothing changes.
        let (status, value, _) = post(&app, Some("order-1"), &buy(&slug, 1)).await;
        assert_eq!(
            (status, value["code"].as_str()),
            (422, Some("idempotency_mismatch"))
        );
        assert_eq!(orders(&app).await, 1);
        assert_eq!(stock_of(&app, &slug).await, 1);

        // Errors are replayed too: sold out stays sold out for that key, even after a restock.
        let (status, sold_out, _) = post(&app, Some("order-2"), &buy(&slug, 2)).await;
        assert_eq!(status, 409);
        sqlx::query("UPDATE products SET stock = 50 WHERE slug = $1")
            .bind(&slug)
            .execute(app.db())
            .await
            .unwrap();
        let (status, replay, replayed) = post(&app, Some("order-2"), &buy(&slug, 2)).await;
        assert_eq!((status, replayed), (409, true));
        assert_eq!(replay, sold_out);

        // Twenty concurrent requests with one key: one order.
        let app = Arc::new(app);
        let body = Arc::new(buy(&slug, 1));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (app, body) = (app.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                loop {
                    let (status, value, _) = post(&app, Some("same-key"), &body).await;
                    if status == 201 {
                        return value["checkout"].as_str().unwrap().to_owned();
                    }
                    assert!(status == 409 || status == 503, "{status} {value}");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            }));
        }
        let mut checkouts = Vec::new();
        for task in tasks {
            checkouts.push(task.await.unwrap());
        }
        checkouts.dedup();
        assert_eq!(checkouts.len(), 1, "every caller saw the same checkout");
        assert_eq!(
            scalar::<i64>(
                &app,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE state = 'pending'"
            )
            .await,
            2
        );
    }
);

on_both_stores!(
    a_stampede_sells_exactly_the_stock,
    true,
    |app: TestApp| async move {
        const BUYERS: usize = 1000;
        const UNITS: i64 = 50;
        let slug = product(&app, UNITS).await;
        let app = Arc::new(app);
        let body = Arc::new(buy(&slug, 1));
        let mut tasks = Vec::new();
        for buyer in 0..BUYERS {
            // One buyer in ten sends its request twice at once (a double click).
            for _copy in 0..(if buyer % 10 == 0 { 2 } else { 1 }) {
                let (app, body) = (app.clone(), body.clone());
                tasks.push(tokio::spawn(async move {
                    let key = format!("stampede-{buyer}");
                    // Retries with the same key until the answer is final.
                    loop {
                        let (status, value, _) = post(&app, Some(&key), &body).await;
                        match status {
                            201 => {
                                return (
                                    key,
                                    Some(value["orders"][0]["number"].as_str().unwrap().to_owned()),
                                );
                            }
                            409 if value["code"] == "out_of_stock" => return (key, None),
                            // Busy, in progress, or the client gave up waiting: the same key
                            // again (never a second order; the test is about that, not speed).
                            0 | 409 | 503 => {
                                tokio::time::sleep(std::time::Duration::from_millis(25)).await
                            }
                            other => panic!("{other}: {value}"),
                        }
                    }
                }));
            }
        }
        let mut confirmed = std::collections::BTreeMap::new();
        for task in tasks {
            let (key, number) = task.await.unwrap();
            if let Some(number) = number {
                // Both copies of a doubled request saw the same order.
                let previous = confirmed.insert(key, number.clone());
                assert!(previous.is_none_or(|p| p == number));
            }
        }
        assert_eq!(confirmed.len() as i64, UNITS, "exactly the stock was sold");
        assert_eq!(stock_of(&app, &slug).await, 0);
        assert_eq!(
            orders(&app).await,
            UNITS,
            "one order per confirmed key, no more"
        );
        for number in confirmed.values() {
            let found = scalar::<i64>(
                &app,
                &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE number = '{number}'"),
            )
            .await;
            assert_eq!(found, 1, "every confirmed response has its order");
        }
    }
);

on_both_stores!(
    expired_holds_give_stock_back,
    true,
    |app: TestApp| async move {
        let slug = product(&app, 10).await;
        assert_eq!(post(&app, Some("hold-1"), &buy(&slug, 3)).await.0, 201);
        assert_eq!(stock_of(&app, &slug).await, 7);
        let now = app::state::now();
        use app::checkout::store::{HOLD_SECONDS, release_expired};
        assert_eq!(
            release_expired(app.db(), now).await.unwrap(),
            0,
            "still held"
        );
        let later = app::core::Instant(now.seconds() + HOLD_SECONDS + 1);
        assert_eq!(release_expired(app.db(), later).await.unwrap(), 1);
        assert_eq!(
            release_expired(app.db(), later).await.unwrap(),
            0,
            "released once"
        );
        assert_eq!(stock_of(&app, &slug).await, 10);
        let states: Vec<String> = sqlx::query_scalar("SELECT state FROM order_events ORDER BY id")
            .fetch_all(app.db())
            .await
            .unwrap();
        assert_eq!(states, ["pending", "cancelled"]);
        // Keys are kept 24 hours at least, and forgotten after twice that.
        use app::checkout::store::{KEY_SECONDS, forget_keys};
        assert_eq!(forget_keys(app.db(), later).await.unwrap(), 0);
        let much_later = app::core::Instant(now.seconds() + 2 * KEY_SECONDS + 1);
        assert_eq!(forget_keys(app.db(), much_later).await.unwrap(), 1);
    }
);

on_both_stores!(
    one_client_cannot_hoard_the_stock,
    true,
    |app: TestApp| async move {
        use app::checkout::store::{CHECKOUTS_PER_MINUTE, GUEST_HOLD_SECONDS, OPEN_HOLDS};
        let slug = product(&app, 200).await;
        sqlx::query("UPDATE products SET max_per_order = 20 WHERE slug = $1")
            .bind(&slug)
            .execute(app.db())
            .await
            .unwrap();
        // Forty checkouts from one address, each with a made-up email and a fresh key.
        let mut held = 0;
        let mut refused = 0;
        for n in 0..40 {
            let body = json!({ "email": format!("fake{n}@example.com"), "items": [{ "product": slug, "quantity": 20 }] });
            let response = app
                .client
                .post(format!("{}/api/v1/checkout", app.base))
                .header("content-type", "application/json")
                .header("idempotency-key", format!("hoard-{n}"))
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            if status == 429 {
                // The caller learns when a hold frees up (at most a guest's hold).
                let wait: i64 = response.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=GUEST_HOLD_SECONDS).contains(&wait), "{wait}");
            }
            let value: Value = response.json().await.unwrap();
            match status {
                201 => {
                    held += 20;
                    // A guest's hold is short.
                    let order = &value["orders"][0];
                    let at = |field: &str| {
                        chrono::DateTime::parse_from_rfc3339(order[field].as_str().unwrap())
                            .unwrap()
                            .timestamp()
                    };
                    assert_eq!(at("expires_at") - at("created_at"), GUEST_HOLD_SECONDS);
                }
                429 => refused += 1,
                other => panic!("{other}: {value}"),
            }
        }
        assert_eq!(
            held,
            OPEN_HOLDS * 20,
            "no more than {OPEN_HOLDS} open holds"
        );
        assert_eq!(refused, 40 - OPEN_HOLDS);
        assert_eq!(stock_of(&app, &slug).await, 200 - held);
        // A refused key was not kept: once allowed, the same request goes through.
        let kept = scalar::<i64>(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM idempotency_keys WHERE key LIKE 'hoard-%'",
        )
        .await;
        assert_eq!(kept, OPEN_HOLDS);
        // Other buyers still buy.
        for n in 2..6_u8 {
            let response = app
                .client_from(n)
                .post(format!("{}/api/v1/checkout", app.base))
                .header("content-type", "application/json")
                .header("idempotency-key", format!("honest-{n}"))
                .body(json!({ "email": "real@example.com", "items": [{ "product": slug, "quantity": 20 }] }).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
        }
        // Checkouts per minute are limited too, refused or not.
        let burst = app.client_from(9);
        let mut statuses = Vec::new();
        for n in 0..(CHECKOUTS_PER_MINUTE + 2) {
            let response = burst
                .post(format!("{}/api/v1/checkout", app.base))
                .header("content-type", "application/json")
                .header("idempotency-key", format!("burst-{n}"))
                .body(buy("no-such-product", 1))
                .send()
                .await
                .unwrap();
            statuses.push(response.status().as_u16());
        }
        assert!(
            statuses[..CHECKOUTS_PER_MINUTE as usize]
                .iter()
                .all(|s| *s == 422),
            "{statuses:?}"
        );
        assert!(
            statuses[CHECKOUTS_PER_MINUTE as usize..]
                .iter()
                .all(|s| *s == 429),
            "{statuses:?}"
        );
    }
);
