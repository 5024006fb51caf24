//! The trade desk over HTTP, on SQLite and on PostgreSQL: quantity price breaks charged at
//! their edges and shown on the product page and in the API; samples capped per buyer and
//! taken from their own count, never the stock; Incoterms a product does not ship on
//! refused; the exhibitor's form refusing bad terms and writing nothing.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use serde_json::{Value, json};
use support::{TestApp, scalar, stock_of};

/// The first published product, set to `price_minor` a unit from 1 up to 1,000 with plenty
/// of stock, no breaks, no sample and every Incoterm; returns its slug.
async fn plain_product(app: &TestApp, price_minor: i64) -> String {
    let slug: String = sqlx::query_scalar(
        "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE p.status = 'published' AND b.status = 'published' ORDER BY p.id LIMIT 1",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    sqlx::query(
        "UPDATE products SET price_minor = $2, stock = 10000, moq = 1, max_per_order = 1000,
                price_breaks = '', sample_price_minor = 0, sample_per_buyer = 0,
                sample_weight_grams = 0, samples_left = 0, incoterms = 'EXW,FOB,CIF,DDP'
          WHERE slug = $1",
    )
    .bind(&slug)
    .bind(price_minor)
    .execute(app.db())
    .await
    .unwrap();
    slug
}

/// Sets columns of one product (`assignments` is the SQL `SET` list).
async fn set_product(app: &TestApp, slug: &str, assignments: &str) {
    sqlx::query(&format!(
        "UPDATE products SET {assignments} WHERE slug = $1"
    ))
    .bind(slug)
    .execute(app.db())
    .await
    .unwrap();
}

/// An API checkout of one line, by `session` when given; status and body.
async fn buy(
    app: &TestApp,
    key: &str,
    line: Value,
    extra: Value,
    session: Option<&str>,
) -> (u16, Value) {
    let mut body =
        json!({ "email": format!("{key}@buyer.example"), "currency": "INR", "items": [line] });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let mut request = app
        .client_for(key)
        .post(format!("{}/api/v1/checkout", app.base))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(body.to_string());
    if let Some(token) = session {
        request = request.header("cookie", format!("pavilion_session={token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let value: Value = response.json().await.unwrap();
    (status, value)
}

on_both_stores!(
    price_breaks_are_charged_at_their_edges,
    true,
    |app: TestApp| async move {
        let slug = plain_product(&app, 125_000).await;
        set_product(&app, &slug, "price_breaks = '100:110000;500:99000'").await;
        for (quantity, unit) in [
            (1, 125_000),
            (99, 125_000),
            (100, 110_000),
            (499, 110_000),
            (500, 99_000),
            (1000, 99_000),
        ] {
            let line = json!({ "product": slug, "quantity": quantity });
            let (status, value) = buy(&app, &format!("q{quantity}"), line, json!({}), None).await;
            assert_eq!(status, 201, "{value}");
            let item = &value["orders"][0]["items"][0];
            assert_eq!(item["unit_inr_minor"], unit, "{quantity} units: {value}");
            assert_eq!(item["sample"], false);
            assert_eq!(
                value["orders"][0]["total_inr_minor"],
                unit * quantity,
                "every unit at the band's price (EXW): {value}"
            );
        }

        // The API and the product page show the same table.
        let api: Value = app
            .get(&format!("/api/v1/products/{slug}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            api["price_breaks"],
            json!([{ "from": 100, "price_minor": 110_000 }, { "from": 500, "price_minor": 99_000 }])
        );
        assert_eq!(api["incoterms"], json!(["EXW", "FOB", "CIF", "DDP"]));
        assert_eq!(
            app.get("/api/v1/products/no-such-thing").await.status(),
            404
        );
        let page = app.page(&format!("/en/products/{slug}"), 200).await;
        assert!(page.contains("data-testid=\"price-bands\""), "the table");
        for row in ["1–99", "100–499", "500+", "₹1,100.00", "₹990.00"] {
            assert!(page.contains(row), "{row} on the product page");
        }
        let german = app.page(&format!("/de/products/{slug}"), 200).await;
        assert!(german.contains("Preis nach Menge"), "translated caption");

        let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        assert!(openapi["paths"]["/api/v1/products/{product}"]["get"].is_object());
        assert!(
            openapi["components"]["schemas"]["Product"]["properties"]["price_breaks"].is_object()
        );
    }
);

on_both_stores!(
    samples_are_capped_per_buyer_and_kept_apart_from_stock,
    true,
    |app: TestApp| async move {
        let slug = plain_product(&app, 125_000).await;
        set_product(&app, &slug, "sample_price_minor = 20000, sample_per_buyer = 2, sample_weight_grams = 100, samples_left = 3").await;
        let stock = stock_of(&app, &slug).await;
        let sample =
            |quantity: i64| json!({ "product": slug, "quantity": quantity, "sample": true });
        let left = format!("SELECT samples_left FROM products WHERE slug = '{slug}'");

        let (status, value) = buy(&app, "guest", sample(1), json!({}), None).await;
        assert_eq!(
            (status, value["code"].as_str()),
            (422, Some("sample_sign_in")),
            "{value}"
        );

        let (_, ana) = app.person("ana@buyer.example", "Ana").await;
        let (status, value) = buy(&app, "ana-1", sample(2), json!({}), Some(&ana)).await;
        assert_eq!(status, 201, "{value}");
        let item = &value["orders"][0]["items"][0];
        assert_eq!(item["sample"], true);
        assert_eq!(item["unit_inr_minor"], 20_000, "the sample's own price");
        assert_eq!(stock_of(&app, &slug).await, stock, "samples are not stock");
        assert_eq!(scalar::<i64>(&app, &left).await, 1);

        let (status, value) = buy(&app, "ana-2", sample(1), json!({}), Some(&ana)).await;
        assert_eq!(
            (status, value["code"].as_str()),
            (422, Some("sample_cap")),
            "{value}"
        );

        let (_, ben) = app.person("ben@buyer.example", "Ben").await;
        let (status, value) = buy(&app, "ben-1", sample(2), json!({}), Some(&ben)).await;
        assert_eq!(
            (status, value["code"].as_str()),
            (409, Some("samples_out")),
            "{value}"
        );
        let (status, value) = buy(&app, "ben-2", sample(1), json!({}), Some(&ben)).await;
        assert_eq!(status, 201, "{value}");
        assert_eq!(scalar::<i64>(&app, &left).await, 0);

        // A hold that runs out gives its samples back, not stock.
        sqlx::query("UPDATE orders SET expires_at = 0 WHERE state = 'pending'")
            .execute(app.db())
            .await
            .unwrap();
        app::checkout::store::release_expired(app.db(), app::state::now())
            .await
            .unwrap();
        assert_eq!(scalar::<i64>(&app, &left).await, 3);
        assert_eq!(stock_of(&app, &slug).await, stock);

        // A product without a sample offer refuses one; a refusal writes nothing.
        let orders = "SELECT CAST(COUNT(*) AS BIGINT) FROM orders";
        let before = scalar::<i64>(&app, orders).await;
        set_product(&app, &slug, "sample_price_minor = 0").await;
        let (status, value) = buy(&app, "ana-3", sample(1), json!({}), Some(&ana)).await;
        assert_eq!(
            (status, value["code"].as_str()),
            (422, Some("no_sample")),
            "{value}"
        );
        assert_eq!(scalar::<i64>(&app, orders).await, before);
    }
);

on_both_stores!(
    a_product_ships_only_on_its_incoterms,
    true,
    |app: TestApp| async move {
        let slug = plain_product(&app, 50_000).await;
        set_product(&app, &slug, "incoterms = 'EXW,FOB'").await;
        let line = json!({ "product": slug, "quantity": 1 });
        let to = json!({ "country": "DE", "name": "Lena Vogel", "address": "Hafenstraße 1, 20457 Hamburg" });
        let (status, value) = buy(
            &app,
            "cif",
            line.clone(),
            json!({ "incoterm": "CIF", "ship_to": to }),
            None,
        )
        .await;
        assert_eq!(status, 422, "{value}");
        assert_eq!(value["code"], "incoterm_not_offered");
        assert_eq!(value["field"], "incoterm");
        let (status, value) = buy(
            &app,
            "fob",
            line,
            json!({ "incoterm": "FOB", "ship_to": to }),
            None,
        )
        .await;
        assert_eq!(status, 201, "{value}");
        let page = app.page(&format!("/en/products/{slug}"), 200).await;
        assert!(page.contains("EXW · FOB"), "the offered terms on the page");
    }
);

on_both_stores!(
    the_exhibitor_sets_terms_and_bad_ones_write_nothing,
    true,
    |app: TestApp| async move {
        let slug = plain_product(&app, 125_000).await;
        let booth: String = sqlx::query_scalar(
            "SELECT b.slug FROM booths b JOIN products p ON p.booth_id = b.id WHERE p.slug = $1",
        )
        .bind(&slug)
        .fetch_one(app.db())
        .await
        .unwrap();
        let (_, owner) = app.member("owner@trade.example", &booth, "owner").await;
        let edit = format!("/en/exhibitor/products/{slug}");
        let form_page = app.get_as(&edit, Some(&owner)).await.text().await.unwrap();
        assert!(
            form_page.contains("name=\"break1_from\""),
            "the form has the terms"
        );
        let base: Vec<(&str, &str)> = vec![
            ("op", "save"),
            ("name", "Trade Pepper"),
            ("category", "Spices"),
            ("summary", "Bold Malabar pepper."),
            ("description", "Sun-dried, machine-cleaned."),
            ("unit", "1 kg bag"),
            ("price", "1250"),
            ("stock", "500"),
            ("moq", "10"),
            ("max_per_order", "1000"),
            ("hs_code", "0904.11"),
            ("origin", "Kerala"),
            ("weight_grams", "1000"),
            ("incoterm_fob", "on"),
            ("incoterm_cif", "on"),
        ];
        let snapshot = format!(
            "SELECT price_breaks || '|' || sample_price_minor || '|' || lead_days || '|' || incoterms
               FROM products WHERE slug = '{slug}'"
        );
        let before = scalar::<String>(&app, &snapshot).await;
        for (bad, field, message) in [
            (
                vec![("break1_from", "10"), ("break1_price", "1100")],
                "break1_from",
                "above the minimum order",
            ),
            (
                vec![("break1_from", "100"), ("break1_price", "1300")],
                "break1_price",
                "cost less per unit",
            ),
            (
                vec![("sample_price", "200")],
                "sample_per_buyer",
                "Fill in this field.",
            ),
            (vec![("lead_days", "999")], "lead_days", "out of range"),
        ] {
            let mut form = base.clone();
            form.extend(bad);
            let response = app.post_form(&edit, &form, Some(&owner)).await;
            assert_eq!(response.status(), 422, "{field}");
            let html = response.text().await.unwrap();
            assert!(
                html.contains(&format!("id=\"{field}-error\"")),
                "{field} is named"
            );
            assert!(html.contains(message), "{message}");
            assert_eq!(
                scalar::<String>(&app, &snapshot).await,
                before,
                "nothing written"
            );
        }
        let mut unticked: Vec<(&str, &str)> = base.clone();
        unticked.retain(|(k, _)| !k.starts_with("incoterm_"));
        let response = app.post_form(&edit, &unticked, Some(&owner)).await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Tick at least one Incoterm.")
        );

        let mut good = base.clone();
        good.extend([
            ("break1_from", "100"),
            ("break1_price", "1100"),
            ("break2_from", "500"),
            ("break2_price", "990"),
            ("sample_price", "200"),
            ("sample_per_buyer", "2"),
            ("sample_weight_grams", "100"),
            ("samples_left", "25"),
            ("lead_days", "14"),
            ("packaging", "25 kg jute bags"),
        ]);
        let response = app.post_form(&edit, &good, Some(&owner)).await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            scalar::<String>(&app, &snapshot).await,
            "100:110000;500:99000|20000|14|FOB,CIF"
        );
        let page = app.page(&format!("/en/products/{slug}"), 200).await;
        for shown in [
            "Order a sample",
            "Dispatched within 14 days",
            "25 kg jute bags",
            "FOB · CIF",
            "100–499",
        ] {
            assert!(page.contains(shown), "{shown}");
        }
        // The form reads the terms back.
        let form_page = app.get_as(&edit, Some(&owner)).await.text().await.unwrap();
        assert!(form_page.contains("value=\"990.00\""), "break 2 read back");
    }
);

on_both_stores!(the_lead_pipeline, true, |app: TestApp| async move {
    // A booth with a stream, one of its products offering samples.
    let (booth, booth_id, stream_id): (String, i64, i64) = sqlx::query_as(
        "SELECT b.slug, b.id, s.id FROM streams s JOIN booths b ON b.id = s.booth_id
              WHERE b.status = 'published' ORDER BY s.id LIMIT 1",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    let slug: String = sqlx::query_scalar(
            "SELECT slug FROM products WHERE booth_id = $1 AND status = 'published' ORDER BY id LIMIT 1",
        )
        .bind(booth_id)
        .fetch_one(app.db())
        .await
        .unwrap();
    sqlx::query(
        "UPDATE products SET sample_price_minor = 30000, sample_per_buyer = 2,
                    sample_weight_grams = 100, samples_left = 10, incoterms = 'EXW,FOB,CIF,DDP'
              WHERE slug = $1",
    )
    .bind(&slug)
    .execute(app.db())
    .await
    .unwrap();
    let (_, owner) = app.member("owner@leads.example", &booth, "owner").await;
    let other_booth: String = sqlx::query_scalar(
        "SELECT slug FROM booths WHERE id <> $1 AND status = 'published' ORDER BY id LIMIT 1",
    )
    .bind(booth_id)
    .fetch_one(app.db())
    .await
    .unwrap();
    let (_, stranger) = app
        .member("staff@other.example", &other_booth, "staff")
        .await;

    // Ana orders a sample (sharing her address); Ben follows the stream and asks in it;
    // a demo audience account follows too and is no lead.
    let (ana_id, ana) = app.person("ana@importer.example", "Ana Importer").await;
    let line = json!({ "product": slug, "quantity": 1, "sample": true });
    let (status, value) = buy(&app, "ana-sample", line, json!({}), Some(&ana)).await;
    assert_eq!(status, 201, "{value}");
    let (ben_id, _) = app
        .person("ben@distributor.example", "Ben Distributor")
        .await;
    let (demo_id, _) = app.person("demo@audience.example", "Demo Viewer").await;
    sqlx::query("UPDATE users SET demo = 1 WHERE id = $1")
        .bind(demo_id)
        .execute(app.db())
        .await
        .unwrap();
    for user in [ben_id, demo_id] {
        sqlx::query(
            "INSERT INTO stream_follows (user_id, stream_id, created_at) VALUES ($1, $2, 1000)",
        )
        .bind(user)
        .bind(stream_id)
        .execute(app.db())
        .await
        .unwrap();
    }
    let event: i64 = scalar::<i64>(
            &app,
            &format!("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM room_events WHERE stream_id = {stream_id}"),
        )
        .await;
    sqlx::query(
            "INSERT INTO room_events (stream_id, id, kind, user_id, at_ms, body) VALUES ($1, $2, 'question', $3, 2000000, '{}')",
        )
        .bind(stream_id)
        .bind(event)
        .bind(ben_id)
        .execute(app.db())
        .await
        .unwrap();
    sqlx::query(
            "INSERT INTO room_questions (stream_id, event_id, user_id, text) VALUES ($1, $2, $3, 'Do you ship 2 tonnes CIF Jebel Ali?')",
        )
        .bind(stream_id)
        .bind(event)
        .bind(ben_id)
        .execute(app.db())
        .await
        .unwrap();

    let leads = app.get_as("/en/exhibitor/leads", Some(&owner)).await;
    assert_eq!(leads.status(), 200);
    let html = leads.text().await.unwrap();
    for shown in [
        "Ana Importer",
        "ana@importer.example",
        "Ben Distributor",
        "Do you ship 2 tonnes CIF Jebel Ali?",
        "Contact details not shared",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    assert!(
        !html.contains("ben@distributor.example"),
        "Ben shared nothing"
    );
    assert!(
        !html.contains("Demo Viewer"),
        "the demo audience is no lead"
    );
    let samples = app
        .get_as("/en/exhibitor/leads?kind=sample", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert!(samples.contains("Ana Importer") && !samples.contains("Ben Distributor"));
    assert_eq!(
        app.get_as("/en/exhibitor/leads?status=hot", Some(&owner))
            .await
            .status(),
        400
    );
    let arabic = app
        .get_as("/ar/exhibitor/leads", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert!(arabic.contains("العملاء المحتملون"), "translated");

    // The team's notes: bad ones refused with nothing written, good ones kept.
    let ben = ben_id.to_string();
    let notes = "SELECT CAST(COUNT(*) AS BIGINT) FROM leads";
    for (form, status) in [
        (vec![("buyer", ben.as_str()), ("status", "hot")], 422),
        (
            vec![
                ("buyer", ben.as_str()),
                ("status", "new"),
                ("next_action", "tomorrow"),
            ],
            422,
        ),
        (vec![("buyer", "999999"), ("status", "new")], 404),
    ] {
        let response = app
            .post_form("/en/exhibitor/leads", &form, Some(&owner))
            .await;
        assert_eq!(response.status(), status, "{form:?}");
        assert_eq!(scalar::<i64>(&app, notes).await, 0, "nothing written");
    }
    let demo = demo_id.to_string();
    assert_eq!(
        app.post_form(
            "/en/exhibitor/leads",
            &[("buyer", demo.as_str()), ("status", "new")],
            Some(&owner)
        )
        .await
        .status(),
        404,
        "a demo viewer is not a lead"
    );
    let good = [
        ("buyer", ben.as_str()),
        ("status", "contacted"),
        ("next_action", "2026-12-10"),
        ("note", "=wants CIF Jebel Ali; send price list"),
    ];
    assert_eq!(
        app.post_form("/en/exhibitor/leads", &good, Some(&owner))
            .await
            .status(),
        303
    );
    // Another booth's team sees no such lead and cannot note on it.
    assert_eq!(
        app.post_form("/en/exhibitor/leads", &good, Some(&stranger))
            .await
            .status(),
        404
    );
    let theirs = app
        .get_as("/en/exhibitor/leads", Some(&stranger))
        .await
        .text()
        .await
        .unwrap();
    assert!(!theirs.contains("Ben Distributor") && !theirs.contains("Ana Importer"));
    let contacted = app
        .get_as("/en/exhibitor/leads?status=contacted", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert!(contacted.contains("Ben Distributor") && !contacted.contains("Ana Importer"));
    assert!(contacted.contains("value=\"2026-12-10\""));

    // The CSV: one row per lead, formulas defused, shared addresses only.
    let csv = app.get_as("/en/exhibitor/leads.csv", Some(&owner)).await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("buyer,email,country,status,next_action,note"));
    assert!(csv.contains("Ana Importer,ana@importer.example,"));
    assert!(csv.contains("'=wants CIF Jebel Ali"), "{csv}");
    assert!(!csv.contains("ben@distributor.example"));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert_eq!(
        app.get_as("/en/exhibitor/leads.csv", None).await.status(),
        401
    );

    // Ana sees what she shares and withdraws it; the lead keeps her name only.
    let account = app
        .get_as("/en/account", Some(&ana))
        .await
        .text()
        .await
        .unwrap();
    assert!(account.contains("Contact details you share"));
    let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth_id)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert!(account.contains(&booth_name.replace('&', "&amp;")));
    assert_eq!(
        app.post_form(
            "/en/account/shares",
            &[("booth", booth.as_str())],
            Some(&ana)
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        app.post_form(
            "/en/account/shares",
            &[("booth", booth.as_str())],
            Some(&ana)
        )
        .await
        .status(),
        404
    );
    let after = app
        .get_as("/en/exhibitor/leads", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert!(after.contains("Ana Importer") && !after.contains("ana@importer.example"));
    let _ = ana_id;
});
