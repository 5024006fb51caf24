//! After checkout: landed prices by zone, weight and Incoterm; FX quotes that lock and
//! expire; payment through the test provider's hosted page and signed webhooks (replays,
//! tampering, stale timestamps and wrong amounts change nothing); late payments; fulfilment
//! with role checks; refunds; attribution to stream and host with the commission ledger;
//! and the web checkout form on the same code path — on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use app::checkout::payments::sign;
use serde_json::{Value, json};
use support::{TestApp, scalar, stock_of};

/// The secret `Config::for_tests` gives the test provider.
const SECRET: &str = "test-payment-secret-0123456789abcdef";

/// A published product of `category` with plenty of stock, buyable 1 to 20 at a time,
/// weighing `grams` and costing ₹1,000.00; returns its slug and booth slug.
async fn product(app: &TestApp, category: &str, grams: i64) -> (String, String) {
    let (slug, booth): (String, String) = sqlx::query_as(
        "SELECT p.slug, b.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE p.status = 'published' AND b.status = 'published' AND p.category = $1
          ORDER BY p.id LIMIT 1",
    )
    .bind(category)
    .fetch_one(app.db())
    .await
    .unwrap();
    sqlx::query(
        "UPDATE products SET stock = 100, moq = 1, max_per_order = 20, weight_grams = $2,
                price_minor = 100000 WHERE slug = $1",
    )
    .bind(&slug)
    .bind(grams)
    .execute(app.db())
    .await
    .unwrap();
    (slug, booth)
}

/// POSTs JSON with an idempotency key, from the key's own client address (each key is
/// another buyer, within its own limits).
async fn api(app: &TestApp, path: &str, key: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client_for(key)
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn order_of(body: &Value) -> &Value {
    &body["orders"][0]
}

async fn state_of(app: &TestApp, number: &str) -> String {
    scalar::<String>(
        app,
        &format!("SELECT state FROM orders WHERE number = '{number}'"),
    )
    .await
}

/// Sends a webhook as the test provider would, signed at `t` with `secret`.
async fn hook(app: &TestApp, body: &str, t: i64, secret: &str) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/hooks/payments/test", app.base))
        .header("pavilion-signature", sign(secret, t, body.as_bytes()))
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn paid_event(id: &str, session: &str, amount: i64, currency: &str) -> String {
    json!({
        "id": id,
        "type": "checkout.session.completed",
        "data": { "object": {
            "client_reference_id": session,
            "payment_status": "paid",
            "payment_intent": format!("pi_{id}"),
            "amount_total": amount,
            "currency": currency.to_ascii_lowercase(),
        } }
    })
    .to_string()
}

fn now() -> i64 {
    app::state::now().seconds()
}

on_both_stores!(
    landed_prices_follow_zone_weight_and_incoterm,
    true,
    |app: TestApp| async move {
        let (loom, _) = product(&app, "loom", 800).await;
        let buy = |extra: Value| {
            let mut body =
                json!({ "email": "b@example.com", "items": [{ "product": loom, "quantity": 2 }] });
            for (k, v) in extra.as_object().unwrap() {
                body[k] = v.clone();
            }
            body
        };
        let to_us = json!({ "country": "us", "name": "Ada Buyer", "address": "1 Market St, San Francisco 94105" });

        // DDP to the US: 1.6 kg economy is the 2 kg band (₹4,160), 12 % duty on textiles.
        let (status, body) = api(
            &app,
            "/api/v1/checkout",
            "ddp",
            &buy(json!({ "ship_to": to_us })),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let s = &order_of(&body)["shipping"];
        assert_eq!(s["country"], "US");
        assert_eq!(s["incoterm"], "DDP");
        assert_eq!(s["service"], "economy");
        assert_eq!(s["goods_minor"], 200_000);
        assert_eq!(s["handling_minor"], 150_000);
        assert_eq!(s["freight_minor"], 416_000);
        // Insurance: 0.5 % of goods + freight, rounded up.
        assert_eq!(s["insurance_minor"], 3_080);
        // Duty: 12 % of the CIF value 619 080.
        assert_eq!(s["duties_minor"], 74_290);
        assert_eq!(
            order_of(&body)["total_minor"],
            200_000 + 150_000 + 416_000 + 3_080 + 74_290
        );
        assert_eq!(
            (s["days_min"].as_i64(), s["days_max"].as_i64()),
            (Some(12), Some(20))
        );

        // FOB: the same parcel, but the buyer pays freight, insurance and duty.
        let (_, fob) = api(
            &app,
            "/api/v1/checkout",
            "fob",
            &buy(json!({ "ship_to": to_us, "incoterm": "FOB", "service": "express" })),
        )
        .await;
        assert_eq!(order_of(&fob)["total_minor"], 200_000 + 150_000);
        assert_eq!(order_of(&fob)["shipping"]["service"], "express");
        // EXW without an address: the goods alone.
        let (status, exw) = api(&app, "/api/v1/checkout", "exw", &buy(json!({}))).await;
        assert_eq!(status, 201, "{exw}");
        assert_eq!(order_of(&exw)["total_minor"], 200_000);
        assert_eq!(order_of(&exw)["shipping"]["incoterm"], "EXW");

        // Kenya has no duty table: DDP is refused, CIF quoted with duties unknown.
        let to_ke =
            json!({ "country": "KE", "name": "Wanjiru", "address": "Moi Avenue 5, Nairobi" });
        let (status, problem) = api(
            &app,
            "/api/v1/checkout",
            "ke-ddp",
            &buy(json!({ "ship_to": to_ke })),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("ddp_unavailable"))
        );
        let (status, cif) = api(
            &app,
            "/api/v1/checkout",
            "ke-cif",
            &buy(json!({ "ship_to": to_ke, "incoterm": "CIF" })),
        )
        .await;
        assert_eq!(status, 201, "{cif}");
        assert_eq!(order_of(&cif)["shipping"]["duties_minor"], Value::Null);

        let stock_before = stock_of(&app, &loom).await;
        for (key, extra, code) in [
            (
                "xx",
                json!({ "ship_to": { "country": "XX", "name": "N", "address": "Nowhere 1" } }),
                "country_unserved",
            ),
            (
                "bad-country",
                json!({ "ship_to": { "country": "USA", "name": "N", "address": "Street 1" } }),
                "country",
            ),
            (
                "no-name",
                json!({ "ship_to": { "country": "US", "name": " ", "address": "Street 1" } }),
                "ship_name",
            ),
            (
                "no-address",
                json!({ "ship_to": { "country": "US", "name": "N", "address": "x" } }),
                "ship_address",
            ),
            ("cif-nowhere", json!({ "incoterm": "CIF" }), "ship_to"),
            (
                "dap",
                json!({ "ship_to": to_us, "incoterm": "DAP" }),
                "incoterm",
            ),
            (
                "drone",
                json!({ "ship_to": to_us, "service": "drone" }),
                "service",
            ),
        ] {
            let (status, problem) = api(&app, "/api/v1/checkout", key, &buy(extra)).await;
            assert_eq!(
                (status, problem["code"].as_str()),
                (422, Some(code)),
                "{key}: {problem}"
            );
        }
        assert_eq!(
            stock_of(&app, &loom).await,
            stock_before,
            "refusals take no stock"
        );

        // Heavy orders go as several parcels: 20 × 2 kg = 40 kg is a 30 kg parcel and a 10 kg one.
        sqlx::query("UPDATE products SET weight_grams = 2000 WHERE slug = $1")
            .bind(&loom)
            .execute(app.db())
            .await
            .unwrap();
        let heavy = json!({ "email": "b@example.com", "items": [{ "product": loom, "quantity": 20 }], "ship_to": to_us, "incoterm": "CIF" });
        let (status, body) = api(&app, "/api/v1/checkout", "heavy", &heavy).await;
        assert_eq!(status, 201, "{body}");
        let freight: i64 = scalar(&app, "SELECT price_inr_minor FROM shipping_rates WHERE zone = 'NA' AND service = 'economy' AND up_to_grams = 30000").await;
        let ten: i64 = scalar(&app, "SELECT price_inr_minor FROM shipping_rates WHERE zone = 'NA' AND service = 'economy' AND up_to_grams = 10000").await;
        assert_eq!(order_of(&body)["shipping"]["freight_minor"], freight + ten);
    }
);

on_both_stores!(
    fx_quotes_lock_the_rate_until_they_expire,
    true,
    |app: TestApp| async move {
        let (slug, _) = product(&app, "spice", 500).await;
        let rate: i64 = scalar(
            &app,
            "SELECT inr_per_unit_micros FROM fx_rates WHERE currency = 'USD'",
        )
        .await;
        let response = app
            .client
            .post(format!("{}/api/v1/quotes", app.base))
            .body(r#"{"currency":"USD"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let quote: Value = response.json().await.unwrap();
        assert_eq!(quote["inr_per_unit_micros"], rate);
        let id = quote["quote"].as_str().unwrap().to_owned();
        // The table moves; the quote does not.
        sqlx::query("UPDATE fx_rates SET inr_per_unit_micros = inr_per_unit_micros * 2 WHERE currency = 'USD'").execute(app.db()).await.unwrap();
        let buy = |quote: &str, currency: &str| json!({ "email": "q@example.com", "currency": currency, "quote": quote, "items": [{ "product": slug, "quantity": 1 }] });
        let (status, body) = api(&app, "/api/v1/checkout", "quoted", &buy(&id, "USD")).await;
        assert_eq!(status, 201, "{body}");
        let expected = app::core::Rate {
            currency: app::core::Currency::Usd,
            inr_per_unit_micros: rate,
        }
        .convert(app::core::Money::inr(100_000))
        .unwrap()
        .minor;
        assert_eq!(order_of(&body)["items"][0]["unit_minor"], expected);
        let (status, problem) =
            api(&app, "/api/v1/checkout", "other-currency", &buy(&id, "EUR")).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("quote_currency"))
        );
        let (status, problem) = api(
            &app,
            "/api/v1/checkout",
            "unknown-quote",
            &buy("fxq_nope", "USD"),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("quote_unknown"))
        );
        sqlx::query("UPDATE fx_quotes SET expires_at = $1")
            .bind(now() - 1)
            .execute(app.db())
            .await
            .unwrap();
        let (status, problem) =
            api(&app, "/api/v1/checkout", "expired-quote", &buy(&id, "USD")).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("quote_expired"))
        );
        let bad = app
            .client
            .post(format!("{}/api/v1/quotes", app.base))
            .body(r#"{"currency":"XYZ"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422);
    }
);

on_both_stores!(
    only_verified_webhooks_move_orders_and_only_once,
    true,
    |app: TestApp| async move {
        let (slug, _) = product(&app, "spice", 500).await;
        let buy =
            json!({ "email": "pay@example.com", "items": [{ "product": slug, "quantity": 3 }] });
        let (status, body) = api(&app, "/api/v1/checkout", "pay-1", &buy).await;
        assert_eq!(status, 201, "{body}");
        let number = order_of(&body)["number"].as_str().unwrap().to_owned();
        let payment = &body["payment"];
        let session = payment["session"].as_str().unwrap().to_owned();
        let amount = payment["amount_minor"].as_i64().unwrap();
        assert_eq!(payment["provider"], "test");

        // The buyer goes to the hosted page: /pay/{session} → /pay/test/{session}.
        let to_provider = app.get(payment["url"].as_str().unwrap()).await;
        assert_eq!(to_provider.status(), 303);
        assert_eq!(
            to_provider.headers()["location"],
            format!("/pay/test/{session}")
        );
        let page = app.page(&format!("/pay/test/{session}"), 200).await;
        assert!(page.contains("TEST MODE"), "the page says it is a test");
        assert!(page.contains(&number));

        // Unsigned, tampered, stale, another secret: 400, and nothing changes.
        let event = paid_event("evt_a", &session, amount, "INR");
        let unsigned = app
            .client
            .post(format!("{}/hooks/payments/test", app.base))
            .body(event.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(unsigned.status(), 400);
        let tampered = app
            .client
            .post(format!("{}/hooks/payments/test", app.base))
            .header("pavilion-signature", sign(SECRET, now(), event.as_bytes()))
            .body(event.replace(&amount.to_string(), "1"))
            .send()
            .await
            .unwrap();
        assert_eq!(tampered.status(), 400);
        assert_eq!(hook(&app, &event, now() - 301, SECRET).await.0, 400);
        assert_eq!(hook(&app, &event, now(), "another-secret").await.0, 400);
        let nobody = app
            .client
            .post(format!("{}/hooks/payments/nobody", app.base))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(nobody.status(), 404);
        // A signed event for another amount is believed but not applied.
        let (status, outcome) = hook(
            &app,
            &paid_event("evt_wrong", &session, amount - 1, "INR"),
            now(),
            SECRET,
        )
        .await;
        assert_eq!(
            (status, outcome["outcome"].as_str()),
            (200, Some("ignored: amount mismatch"))
        );
        assert_eq!(state_of(&app, &number).await, "pending");

        // The real thing, then its replay, then a second event for the settled session.
        let (status, outcome) = hook(&app, &event, now(), SECRET).await;
        assert_eq!(
            (status, outcome["outcome"].as_str()),
            (200, Some("applied"))
        );
        assert_eq!(state_of(&app, &number).await, "paid");
        let (_, outcome) = hook(&app, &event, now(), SECRET).await;
        assert_eq!(outcome["outcome"], "duplicate");
        let (_, outcome) = hook(
            &app,
            &paid_event("evt_b", &session, amount, "INR"),
            now(),
            SECRET,
        )
        .await;
        assert_eq!(outcome["outcome"], "ignored: session already settled");
        let paid_events: i64 = scalar(
            &app,
            &format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM order_events e JOIN orders o ON o.id = e.order_id
          WHERE o.number = '{number}' AND e.state = 'paid'"),
        )
        .await;
        assert_eq!(paid_events, 1, "paid exactly once");
        let mails: i64 = scalar(&app, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE subject LIKE '%{number}%is paid%'")).await;
        assert_eq!(mails, 1);
        // The paid order is readable by its buyer (the order's key is theirs) and no one else.
        let key = order_of(&body)["key"].as_str().unwrap();
        let page = app
            .page(&format!("/en/orders/{number}?key={key}"), 200)
            .await;
        assert!(page.contains("Paid"));
        app.page(&format!("/en/orders/{number}"), 404).await;
        app.page(&format!("/en/orders/{number}?key=ok_guess"), 404)
            .await;
    }
);

on_both_stores!(
    the_test_page_pays_declines_and_late_payments_are_handled,
    true,
    |app: TestApp| async move {
        let (slug, _) = product(&app, "spice", 500).await;
        let buy = |key: &str| json!({ "email": format!("{key}@example.com"), "items": [{ "product": slug, "quantity": 2 }] });
        let (_, body) = api(&app, "/api/v1/checkout", "declines", &buy("declines")).await;
        let session = body["payment"]["session"].as_str().unwrap().to_owned();
        let number = order_of(&body)["number"].as_str().unwrap().to_owned();
        // Decline: the order waits, and says why; approve then pays it.
        let declined = app
            .post_form(&format!("/pay/test/{session}"), &[("op", "decline")], None)
            .await;
        assert_eq!(declined.status(), 303);
        assert!(
            app.page(&format!("/pay/test/{session}?declined=1"), 200)
                .await
                .contains("declined")
        );
        assert_eq!(state_of(&app, &number).await, "pending");
        let approved = app
            .post_form(&format!("/pay/test/{session}"), &[("op", "approve")], None)
            .await;
        assert_eq!(approved.status(), 303);
        let back = approved.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            back.starts_with(&format!("/en/orders/{number}?key=ok_")),
            "{back}"
        );
        assert_eq!(state_of(&app, &number).await, "paid");
        // A closed session no longer pays.
        assert!(
            app.page(&format!("/pay/test/{session}"), 200)
                .await
                .contains("closed")
        );

        // Late: the hold ran out and the stock went back; payment then arrives.
        let (_, late) = api(&app, "/api/v1/checkout", "late", &buy("late")).await;
        let late_session = late["payment"]["session"].as_str().unwrap().to_owned();
        let late_number = order_of(&late)["number"].as_str().unwrap().to_owned();
        let later = app::core::Instant(now() + app::checkout::store::HOLD_SECONDS + 1);
        app::checkout::store::release_expired(app.db(), later)
            .await
            .unwrap();
        assert_eq!(state_of(&app, &late_number).await, "cancelled");
        let stock = stock_of(&app, &slug).await;
        // The provider's page outlives our hold: the stock is still there, so it is taken again.
        app.post_form(
            &format!("/pay/test/{late_session}"),
            &[("op", "approve")],
            None,
        )
        .await;
        assert_eq!(state_of(&app, &late_number).await, "paid");
        assert_eq!(stock_of(&app, &slug).await, stock - 2);

        // Late again, but the stock is gone meanwhile: the money goes back.
        let (_, gone) = api(&app, "/api/v1/checkout", "gone", &buy("gone")).await;
        let gone_session = gone["payment"]["session"].as_str().unwrap().to_owned();
        let gone_number = order_of(&gone)["number"].as_str().unwrap().to_owned();
        app::checkout::store::release_expired(app.db(), later)
            .await
            .unwrap();
        sqlx::query("UPDATE products SET stock = 0 WHERE slug = $1")
            .bind(&slug)
            .execute(app.db())
            .await
            .unwrap();
        let amount = gone["payment"]["amount_minor"].as_i64().unwrap();
        hook(
            &app,
            &paid_event("evt_gone", &gone_session, amount, "INR"),
            now(),
            SECRET,
        )
        .await;
        assert_eq!(state_of(&app, &gone_number).await, "refunded");
        assert_eq!(
            stock_of(&app, &slug).await,
            0,
            "never below zero, never oversold"
        );
        // The refund was owed in the payment's own transaction, and is settled.
        let settled: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM refunds_due WHERE done_at IS NOT NULL",
        )
        .await;
        assert_eq!(settled, 1);

        // A refund the provider refuses is kept and retried until it goes through.
        sqlx::query("UPDATE products SET stock = 10 WHERE slug = $1")
            .bind(&slug)
            .execute(app.db())
            .await
            .unwrap();
        let (_, owed) = api(&app, "/api/v1/checkout", "owed", &buy("owed")).await;
        let owed_session = owed["payment"]["session"].as_str().unwrap().to_owned();
        let owed_number = order_of(&owed)["number"].as_str().unwrap().to_owned();
        let amount = owed["payment"]["amount_minor"].as_i64().unwrap();
        hook(
            &app,
            &paid_event("evt_owed", &owed_session, amount, "INR"),
            now(),
            SECRET,
        )
        .await;
        assert_eq!(state_of(&app, &owed_number).await, "paid");
        // Owed with a reference the test provider refuses (as an unreachable one would).
        sqlx::query(
            "INSERT INTO refunds_due (order_id, provider, payment_ref, amount_minor, idem_key, note, next_at)
             SELECT id, 'test', '', total_minor, 'retry-me', 'a test refund', 0 FROM orders WHERE number = $1",
        )
        .bind(&owed_number)
        .execute(app.db())
        .await
        .unwrap();
        let payments = app::checkout::payments::Payments::test_mode("s".repeat(32));
        let provider_of = |name: &str| payments.get(name).map(|p| p.as_ref());
        let t0 = app::core::Instant(now());
        let sent = app::checkout::orders::send_refunds(app.db(), provider_of, "http://x", t0, None)
            .await
            .unwrap();
        assert_eq!(sent, 0);
        let (attempts, next_at): (i64, i64) =
            sqlx::query_as("SELECT attempts, next_at FROM refunds_due WHERE idem_key = 'retry-me'")
                .fetch_one(app.db())
                .await
                .unwrap();
        assert_eq!(attempts, 1);
        assert_eq!(
            next_at,
            t0.seconds() + app::checkout::orders::refund_backoff(0)
        );
        assert_eq!(
            state_of(&app, &owed_number).await,
            "paid",
            "not refunded yet"
        );
        // Not before its time; then it goes through.
        let sent = app::checkout::orders::send_refunds(app.db(), provider_of, "http://x", t0, None)
            .await
            .unwrap();
        assert_eq!(sent, 0);
        sqlx::query("UPDATE refunds_due SET payment_ref = 'pi_ok' WHERE idem_key = 'retry-me'")
            .execute(app.db())
            .await
            .unwrap();
        let later = app::core::Instant(next_at);
        let sent =
            app::checkout::orders::send_refunds(app.db(), provider_of, "http://x", later, None)
                .await
                .unwrap();
        assert_eq!(sent, 1);
        assert_eq!(state_of(&app, &owed_number).await, "refunded");
    }
);

on_both_stores!(
    exhibitors_fulfil_their_own_orders_only,
    true,
    |app: TestApp| async move {
        let (slug, booth) = product(&app, "spice", 500).await;
        let other_booth: String = scalar(
            &app,
            &format!("SELECT slug FROM booths WHERE slug <> '{booth}' ORDER BY id LIMIT 1"),
        )
        .await;
        let (_, staff) = app.member("staff@booth.example", &booth, "staff").await;
        let (_, stranger) = app
            .member("staff@other.example", &other_booth, "owner")
            .await;
        let (_, buyer) = app.person("buyer@example.com", "Buyer").await;
        let place = |key: &'static str| {
            let slug = slug.clone();
            let app = &app;
            async move {
                let (_, body) = api(app, "/api/v1/checkout", key, &json!({ "email": "buyer@example.com", "items": [{ "product": slug, "quantity": 2 }] })).await;
                let number = order_of(&body)["number"].as_str().unwrap().to_owned();
                let session = body["payment"]["session"].as_str().unwrap().to_owned();
                app.post_form(&format!("/pay/test/{session}"), &[("op", "approve")], None)
                    .await;
                (number, order_of(&body)["key"].as_str().unwrap().to_owned())
            }
        };
        let (number, key) = place("fulfil").await;
        let path = format!("/en/orders/{number}?key={key}");
        let ship = [
            ("op", "ship"),
            ("carrier", "India Post"),
            ("tracking", "EE123456789IN"),
        ];
        // Signed out, a buyer holding the link, another booth: refused before anything moves.
        assert_eq!(app.post_form(&path, &ship, None).await.status(), 401);
        assert_eq!(
            app.post_form(&path, &ship, Some(&buyer)).await.status(),
            403
        );
        assert_eq!(
            app.post_form(&path, &ship, Some(&stranger)).await.status(),
            404
        );
        assert_eq!(state_of(&app, &number).await, "paid");
        // Bad tracking is refused with its field.
        let bad = app
            .post_form(
                &path,
                &[
                    ("op", "ship"),
                    ("carrier", "India Post"),
                    ("tracking", "<script>"),
                ],
                Some(&staff),
            )
            .await;
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.unwrap().contains("Use letters, digits"));
        assert_eq!(
            app.post_form(&path, &ship, Some(&staff)).await.status(),
            303
        );
        assert_eq!(state_of(&app, &number).await, "shipped");
        let mail: String = scalar(
            &app,
            &format!("SELECT body FROM outbox WHERE subject LIKE '%{number}%on its way%'"),
        )
        .await;
        assert!(mail.contains("EE123456789IN"), "{mail}");
        // The exhibitor's order page shows the tracking and the next step.
        let page = app.get_as(&path, Some(&staff)).await.text().await.unwrap();
        assert!(page.contains("EE123456789IN") && page.contains("Mark delivered"));
        // Delivered once; a second time is a conflict.
        assert_eq!(
            app.post_form(&path, &[("op", "deliver")], Some(&staff))
                .await
                .status(),
            303
        );
        assert_eq!(
            app.post_form(&path, &[("op", "deliver")], Some(&staff))
                .await
                .status(),
            409
        );
        let stock = stock_of(&app, &slug).await;
        assert_eq!(
            app.post_form(&path, &[("op", "refund")], Some(&staff))
                .await
                .status(),
            303
        );
        assert_eq!(state_of(&app, &number).await, "refunded");
        assert_eq!(
            stock_of(&app, &slug).await,
            stock,
            "shipped goods do not come back to stock"
        );
        let history: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT e.state FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = '{number}' ORDER BY e.id")).fetch_all(app.db()).await.unwrap();
        assert_eq!(
            history,
            ["pending", "paid", "shipped", "delivered", "refunded"]
        );

        // A paid order refunded before shipping gives its stock back; the buyer cancels a pending one.
        let (paid, _) = place("refund-paid").await;
        let stock = stock_of(&app, &slug).await;
        app.post_form(
            &format!("/en/orders/{paid}"),
            &[("op", "refund")],
            Some(&staff),
        )
        .await;
        assert_eq!(stock_of(&app, &slug).await, stock + 2);
        let (_, pending) = api(
            &app,
            "/api/v1/checkout",
            "to-cancel",
            &json!({ "email": "buyer@example.com", "items": [{ "product": slug, "quantity": 1 }] }),
        )
        .await;
        let p_number = order_of(&pending)["number"].as_str().unwrap();
        let p_path = format!(
            "/en/orders/{p_number}?key={}",
            order_of(&pending)["key"].as_str().unwrap()
        );
        assert_eq!(
            app.post_form(&p_path, &[("op", "cancel")], None)
                .await
                .status(),
            303
        );
        assert_eq!(state_of(&app, p_number).await, "cancelled");
        assert_eq!(
            app.post_form(&p_path, &[("op", "cancel")], None)
                .await
                .status(),
            409
        );
        // The console lists the booth's orders; the buyer's account lists none of a guest's.
        assert!(
            app.get_as("/en/exhibitor", Some(&staff))
                .await
                .text()
                .await
                .unwrap()
                .contains(&number)
        );
    }
);

on_both_stores!(
    orders_are_attributed_to_stream_and_host,
    true,
    |app: TestApp| async move {
        let (stream, booth, host_rate): (String, String, i64) = sqlx::query_as(
        "SELECT s.slug, b.slug, h.commission_bps FROM streams s JOIN booths b ON b.id = s.booth_id
           JOIN stream_hosts sh ON sh.stream_id = s.id JOIN hosts h ON h.id = sh.host_id
          WHERE b.status = 'published' ORDER BY s.id, h.id LIMIT 1",
    )
    .fetch_one(app.db())
    .await
    .expect("the demo has a stream with a host");
        let slug: String = scalar(
            &app,
            &format!(
                "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE b.slug = '{booth}' AND p.status = 'published' ORDER BY p.id LIMIT 1"
            ),
        )
        .await;
        sqlx::query("UPDATE products SET stock = 100, moq = 1, max_per_order = 20, price_minor = 100000 WHERE slug = $1")
        .bind(&slug).execute(app.db()).await.unwrap();
        sqlx::query(
            "UPDATE streams SET state = 'live', live_at = $2, ended_at = NULL WHERE slug = $1",
        )
        .bind(&stream)
        .bind(now() - 60)
        .execute(app.db())
        .await
        .unwrap();
        // Bought in the stream.
        let (_, body) = api(&app, "/api/v1/checkout", "in-stream", &json!({ "email": "s@example.com", "stream": stream, "items": [{ "product": slug, "quantity": 4 }] })).await;
        let order = order_of(&body);
        assert_eq!(order["stream"], stream.as_str());
        assert!(order["host"].is_string());
        let number = order["number"].as_str().unwrap().to_owned();
        let session = body["payment"]["session"].as_str().unwrap();
        app.post_form(&format!("/pay/test/{session}"), &[("op", "approve")], None)
            .await;
        let (amount, state): (i64, String) = sqlx::query_as(
        "SELECT c.amount_inr_minor, c.state FROM commissions c JOIN orders o ON o.id = c.order_id WHERE o.number = $1")
        .bind(&number).fetch_one(app.db()).await.unwrap();
        assert_eq!(
            (amount, state.as_str()),
            (400_000 * host_rate / 10_000, "accrued")
        );

        // Watched by a signed-in buyer, bought later without naming the stream.
        let (buyer_id, buyer) = app.person("viewer@example.com", "Viewer").await;
        assert_eq!(
            app.get_as(&format!("/en/streams/{stream}"), Some(&buyer))
                .await
                .status(),
            200
        );
        let form = app
            .get_as(
                &format!("/en/checkout?product={slug}&country=DE"),
                Some(&buyer),
            )
            .await
            .text()
            .await
            .unwrap();
        let field = |name: &str| {
            let at = form
                .find(&format!("name=\"{name}\" value=\""))
                .unwrap_or_else(|| panic!("{name} in the form"))
                + name.len()
                + 15;
            form[at..at + form[at..].find('"').unwrap()].to_owned()
        };
        let (key, quote) = (field("key"), field("quote"));
        let posted = app
            .post_form(
                "/en/checkout",
                &[
                    ("product", slug.as_str()),
                    ("quantity", "1"),
                    ("email", "viewer@example.com"),
                    ("country", "DE"),
                    ("service", "economy"),
                    ("incoterm", "DDP"),
                    ("ship_name", "Vera Viewer"),
                    ("ship_address", "Unter den Linden 1, 10117 Berlin"),
                    ("quote", quote.as_str()),
                    ("key", key.as_str()),
                    ("stream", ""),
                ],
                Some(&buyer),
            )
            .await;
        assert_eq!(posted.status(), 303);
        let watched: Option<String> = sqlx::query_scalar(
            "SELECT s.slug FROM orders o JOIN streams s ON s.id = o.stream_id WHERE o.user_id = $1",
        )
        .bind(buyer_id)
        .fetch_optional(app.db())
        .await
        .unwrap();
        assert_eq!(watched.as_deref(), Some(stream.as_str()));

        // Eight days after watching, it no longer counts.
        sqlx::query("UPDATE stream_views SET at = $1")
            .bind(now() - 8 * 24 * 3600)
            .execute(app.db())
            .await
            .unwrap();
        sqlx::query("UPDATE streams SET state = 'replay', ended_at = $2 WHERE slug = $1")
            .bind(&stream)
            .bind(now() - 8 * 24 * 3600)
            .execute(app.db())
            .await
            .unwrap();
        let (_, stale) = api(&app, "/api/v1/checkout", "stale-view", &json!({ "email": "viewer@example.com", "stream": stream, "items": [{ "product": slug, "quantity": 1 }] })).await;
        assert_eq!(order_of(&stale)["stream"], Value::Null);

        // A refund reverses the commission.
        let (_, staff) = app.member("staff@attr.example", &booth, "staff").await;
        app.post_form(
            &format!("/en/orders/{number}"),
            &[("op", "refund")],
            Some(&staff),
        )
        .await;
        let state: String = sqlx::query_scalar("SELECT c.state FROM commissions c JOIN orders o ON o.id = c.order_id WHERE o.number = $1")
        .bind(&number).fetch_one(app.db()).await.unwrap();
        assert_eq!(state, "reversed");
    }
);

on_both_stores!(
    the_web_checkout_shares_the_api_path,
    true,
    |app: TestApp| async move {
        let (slug, _) = product(&app, "loom", 800).await;
        let form = app
            .page(
                &format!("/en/checkout?product={slug}&quantity=2&country=US"),
                200,
            )
            .await;
        assert!(
            form.contains("Landed cost") && form.contains("Import duties"),
            "the breakdown is shown"
        );
        assert!(form.contains("held until"));
        let value = |name: &str| {
            let at = form.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
            form[at..at + form[at..].find('"').unwrap()].to_owned()
        };
        let (key, quote) = (value("key"), value("quote"));
        let fields = |quantity: &'static str, key: &str, quote: &str| -> Vec<(String, String)> {
            [
                ("product", slug.as_str()),
                ("quantity", quantity),
                ("email", "web@example.com"),
                ("country", "US"),
                ("service", "express"),
                ("incoterm", "CIF"),
                ("ship_name", "Web Buyer"),
                ("ship_address", "5th Avenue 1, New York 10001"),
                ("quote", quote),
                ("key", key),
                ("stream", ""),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
        };
        let post = |f: Vec<(String, String)>| {
            let app = &app;
            async move {
                let pairs: Vec<(&str, &str)> =
                    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                app.post_form("/en/checkout", &pairs, None).await
            }
        };
        // "Update price" prices the new choices and keeps what was typed; nothing is placed.
        let mut update = fields("3", &key, &quote);
        update.push(("intent".into(), "update".into()));
        for (k, v) in &mut update {
            if k == "country" {
                *v = "JP".into();
            }
        }
        let pairs: Vec<(&str, &str)> = update
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let updated = app.post_form("/en/checkout", &pairs, None).await;
        assert_eq!(updated.status(), 200);
        assert_eq!(updated.headers()["cache-control"], "no-store");
        let page = updated.text().await.unwrap();
        assert!(
            page.contains("Web Buyer") && page.contains("5th Avenue 1"),
            "typed values kept"
        );
        assert!(
            page.contains("<option value=\"JP\" selected"),
            "the new country chosen"
        );
        assert!(
            !page.contains(&format!("value=\"{key}\"")),
            "a fresh idempotency key"
        );
        let none: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE email = 'web@example.com'",
        )
        .await;
        assert_eq!(none, 0);
        // Quantity 0: the page again, 422, translated, nothing placed.
        let refused = post(fields("0", "web-zero", &quote)).await;
        assert_eq!(refused.status(), 422);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("Choose a quantity within")
        );
        let ar = app
            .client
            .post(format!("{}/ar/checkout", app.base))
            .form(&fields("0", "web-zero-ar", &quote))
            .send()
            .await
            .unwrap();
        assert_eq!(ar.status(), 422);
        assert!(
            ar.text().await.unwrap().contains("اختر كمية"),
            "refusals are translated"
        );
        // Placed: on to the provider; the same key again goes to the same payment.
        let placed = post(fields("2", &key, &quote)).await;
        assert_eq!(placed.status(), 303);
        let to = placed.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with("/pay/ps_"), "{to}");
        let again = post(fields("2", &key, &quote)).await;
        assert_eq!(
            again.headers()["location"].to_str().unwrap(),
            to,
            "a double click is one order"
        );
        let placed_orders: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE email = 'web@example.com'",
        )
        .await;
        assert_eq!(placed_orders, 1);
        let incoterm: String = scalar(
            &app,
            "SELECT incoterm FROM orders WHERE email = 'web@example.com'",
        )
        .await;
        assert_eq!(incoterm, "CIF");
        // An expired quote: 422 with its message, and a fresh quote on the page.
        sqlx::query("UPDATE fx_quotes SET expires_at = $1 WHERE id = $2")
            .bind(now() - 1)
            .bind(&quote)
            .execute(app.db())
            .await
            .unwrap();
        let expired = post(fields("2", "web-expired", &quote)).await;
        assert_eq!(expired.status(), 422);
        let page = expired.text().await.unwrap();
        assert!(page.contains("The price quote expired"));
        assert!(
            !page.contains(&format!("value=\"{quote}\"")),
            "a new quote is offered"
        );
        // An unknown product is a 404 page, not a checkout.
        app.page("/en/checkout?product=no-such-thing", 404).await;
    }
);

on_both_stores!(
    a_cart_across_booths_becomes_one_order_per_exhibitor,
    true,
    |app: TestApp| async move {
        let (tea, _) = product(&app, "spice", 500).await;
        let (silk, _) = product(&app, "loom", 800).await;
        let post = |path: String, form: Vec<(&'static str, String)>, cookie: String| {
            let app = &app;
            async move {
                app.client
                    .post(format!("{}{path}", app.base))
                    .header("cookie", cookie)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let cart_of = |response: &reqwest::Response| {
            let set = response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .to_owned();
            set.split(';').next().unwrap().to_owned()
        };
        // Added twice: the quantities add up; another booth's product joins the cart.
        let added = post(
            "/en/cart".into(),
            vec![
                ("op", "add".into()),
                ("product", tea.clone()),
                ("quantity", "2".into()),
            ],
            String::new(),
        )
        .await;
        assert_eq!(added.status(), 303);
        assert_eq!(added.headers()["location"], "/en/cart");
        let cookie = cart_of(&added);
        assert_eq!(cookie, format!("pavilion_cart={tea}:2"));
        let again = post(
            "/en/cart".into(),
            vec![
                ("op", "add".into()),
                ("product", tea.clone()),
                ("quantity", "1".into()),
            ],
            cookie,
        )
        .await;
        let added = post(
            "/en/cart".into(),
            vec![
                ("op", "add".into()),
                ("product", silk.clone()),
                ("quantity", "500".into()),
            ],
            cart_of(&again),
        )
        .await;
        let cookie = cart_of(&added);
        assert_eq!(
            cookie,
            format!("pavilion_cart={tea}:3,{silk}:20"),
            "kept within the product's limit"
        );
        let unknown = post(
            "/en/cart".into(),
            vec![
                ("op", "add".into()),
                ("product", "no-such".into()),
                ("quantity", "1".into()),
            ],
            cookie.clone(),
        )
        .await;
        assert_eq!(cart_of(&unknown), cookie, "unknown products are not added");

        let cart = app
            .get_with("/en/cart", &[("cookie", &cookie)])
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            cart.matches("Ships from").count(),
            2,
            "grouped by exhibitor"
        );
        // The checkout of the cart: one form, two orders under one checkout and one payment.
        let form = app
            .get_with("/en/checkout", &[("cookie", &cookie)])
            .await
            .text()
            .await
            .unwrap();
        assert!(form.contains("One order per exhibitor: 2 orders"));
        let value = |name: &str| {
            let at = form.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
            form[at..at + form[at..].find('"').unwrap()].to_owned()
        };
        let mut fields: Vec<(&'static str, String)> = vec![
            ("email", "cart@example.com".into()),
            ("country", "GB".into()),
            ("service", "economy".into()),
            ("incoterm", "DDP".into()),
            ("ship_name", "Cara Cart".into()),
            ("ship_address", "10 Downing St, London SW1A 2AA".into()),
            ("quote", value("quote")),
            ("key", value("key")),
            ("stream", String::new()),
        ];
        fields.push(("line", format!("{tea}:3")));
        fields.push(("line", format!("{silk}:20")));
        let placed = post("/en/checkout".into(), fields, cookie.clone()).await;
        assert_eq!(placed.status(), 303);
        assert!(
            placed.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/pay/ps_")
        );
        assert!(
            cart_of(&placed).starts_with("pavilion_cart="),
            "the cart is emptied"
        );
        assert!(
            placed.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let split: Vec<(String, i64)> = sqlx::query_as(
            "SELECT checkout, total_minor FROM orders WHERE email = 'cart@example.com' ORDER BY id",
        )
        .fetch_all(app.db())
        .await
        .unwrap();
        assert_eq!(split.len(), 2);
        assert_eq!(split[0].0, split[1].0, "one checkout");
        let paying: i64 = scalar(
            &app,
            &format!(
                "SELECT amount_minor FROM payment_sessions WHERE checkout = '{}'",
                split[0].0
            ),
        )
        .await;
        assert_eq!(
            paying,
            split[0].1 + split[1].1,
            "one payment for both orders"
        );

        // Removing and zero quantities empty the cart; an empty cart has no checkout.
        let removed = post("/en/cart".into(), vec![("remove", tea.clone())], cookie).await;
        let cookie = cart_of(&removed);
        assert_eq!(cookie, format!("pavilion_cart={silk}:20"));
        let zero = post(
            "/en/cart".into(),
            vec![
                ("op", "update".into()),
                (
                    Box::leak(format!("quantity:{silk}").into_boxed_str()),
                    "0".into(),
                ),
            ],
            cookie,
        )
        .await;
        let cookie = cart_of(&zero);
        assert_eq!(cookie, "pavilion_cart=");
        assert!(
            app.get_with("/en/cart", &[("cookie", &cookie)])
                .await
                .text()
                .await
                .unwrap()
                .contains("Your cart is empty.")
        );
        assert_eq!(
            app.get_with("/en/checkout", &[("cookie", &cookie)])
                .await
                .status(),
            404
        );
    }
);

on_both_stores!(
    each_order_has_its_own_buyer_key_and_exhibitors_see_none,
    true,
    |app: TestApp| async move {
        // One checkout across two booths: two orders.
        let lines: Vec<(String, String)> = sqlx::query_as(
            "SELECT MIN(p.slug), b.slug FROM products p JOIN booths b ON b.id = p.booth_id
              WHERE p.status = 'published' AND b.status = 'published'
              GROUP BY b.slug ORDER BY b.slug LIMIT 2",
        )
        .fetch_all(app.db())
        .await
        .unwrap();
        for (slug, _) in &lines {
            sqlx::query(
                "UPDATE products SET stock = 100, moq = 1, max_per_order = 20 WHERE slug = $1",
            )
            .bind(slug)
            .execute(app.db())
            .await
            .unwrap();
        }
        let items: Vec<Value> = lines
            .iter()
            .map(|(slug, _)| json!({ "product": slug, "quantity": 1 }))
            .collect();
        let (status, body) = api(
            &app,
            "/api/v1/checkout",
            "two-booths",
            &json!({ "email": "buyer@example.com", "items": items }),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let checkout = body["checkout"].as_str().unwrap().to_owned();
        let orders = body["orders"].as_array().unwrap().clone();
        assert_eq!(orders.len(), 2);
        let order_in = |booth: &str| {
            orders
                .iter()
                .find(|o| o["booth"] == booth)
                .map(|o| {
                    (
                        o["number"].as_str().unwrap().to_owned(),
                        o["key"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .unwrap()
        };
        let (number_a, key_a) = order_in(&lines[0].1);
        let (number_b, key_b) = order_in(&lines[1].1);
        assert!(key_a.starts_with("ok_") && key_b.starts_with("ok_") && key_a != key_b);
        // Booth A's team reads its order and its list: no checkout id, no payment link, no key.
        let (_, staff_a) = app.member("staff@a.example", &lines[0].1, "staff").await;
        let page = app
            .get_as(&format!("/en/orders/{number_a}"), Some(&staff_a))
            .await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        let console = app
            .get_as("/en/exhibitor", Some(&staff_a))
            .await
            .text()
            .await
            .unwrap();
        assert!(console.contains(&number_a));
        for html in [&page, &console] {
            assert!(!html.contains(&checkout), "the checkout id is the buyer's");
            assert!(!html.contains(&key_a), "the buyer's key is the buyer's");
            assert!(!html.contains("/pay/"), "the payment link is the buyer's");
        }
        // The checkout id opens no order; each key opens its own order only.
        app.page(&format!("/en/orders/{number_b}?checkout={checkout}"), 404)
            .await;
        app.page(&format!("/en/orders/{number_b}?key={key_a}"), 404)
            .await;
        let own = app
            .page(&format!("/en/orders/{number_b}?key={key_b}"), 200)
            .await;
        assert!(own.contains("/pay/"), "the buyer sees where to pay");
        let api_get = |path: String| {
            let app = &app;
            async move { app.get(&path).await.status().as_u16() }
        };
        assert_eq!(
            api_get(format!("/api/v1/orders/{number_b}?key={key_b}")).await,
            200
        );
        assert_eq!(
            api_get(format!("/api/v1/orders/{number_b}?key={key_a}")).await,
            404
        );
        assert_eq!(
            api_get(format!("/api/v1/orders/{number_b}?checkout={checkout}")).await,
            404
        );
        // Booth A's team cannot act on booth B's order, whatever it holds.
        let cancel = app
            .post_form(
                &format!("/en/orders/{number_b}?checkout={checkout}"),
                &[("op", "cancel")],
                Some(&staff_a),
            )
            .await;
        assert_eq!(cancel.status(), 404);
        assert_eq!(state_of(&app, &number_b).await, "pending");
    }
);
