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
    let theirs = app.get_as("/en/exhibitor/leads", Some(&stranger)).await;
    assert_eq!(theirs.status(), 200, "their own (empty) console");
    let theirs = theirs.text().await.unwrap();
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
    assert!(csv.starts_with("buyer,company,email,country,status,next_action,note"));
    assert!(csv.contains("Ana Importer,,ana@importer.example,"));
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

/// A hall with at least two published booths selling its own category: `(hall, category,
/// [booth, booth])`.
async fn hall_with_two_booths(app: &TestApp) -> (String, String, Vec<(String, i64)>) {
    let (hall, motif, hall_id): (String, String, i64) = sqlx::query_as(
        "SELECT h.slug, h.motif, h.id FROM halls h
          WHERE (SELECT COUNT(*) FROM booths b WHERE b.hall_id = h.id AND b.status = 'published'
                   AND EXISTS (SELECT 1 FROM products p WHERE p.booth_id = b.id
                                AND p.status = 'published' AND p.category = h.motif)) >= 2
          ORDER BY h.position, h.id LIMIT 1",
    )
    .fetch_one(app.db())
    .await
    .unwrap();
    let booths: Vec<(String, i64)> = sqlx::query_as(
        "SELECT b.slug, b.id FROM booths b WHERE b.hall_id = $1 AND b.status = 'published'
            AND EXISTS (SELECT 1 FROM products p WHERE p.booth_id = b.id AND p.status = 'published'
                         AND p.category = $2)
          ORDER BY b.id",
    )
    .bind(hall_id)
    .bind(&motif)
    .fetch_all(app.db())
    .await
    .unwrap();
    (hall, motif, booths)
}

/// The first published product of booth `booth_id`.
async fn product_of(app: &TestApp, booth_id: i64) -> String {
    sqlx::query_scalar(
        "SELECT slug FROM products WHERE booth_id = $1 AND status = 'published' ORDER BY id LIMIT 1",
    )
    .bind(booth_id)
    .fetch_one(app.db())
    .await
    .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// A business profile for the buyer behind `session`.
async fn profile(app: &TestApp, session: &str, company: &str, country: &str) {
    let saved = app
        .post_form(
            "/en/account/business",
            &[
                ("form", "business"),
                ("company", company),
                ("country", country),
                ("role", "importer"),
                ("annual_volume", "to_1m"),
                ("website", "https://importer.example"),
            ],
            Some(session),
        )
        .await;
    assert_eq!(saved.status(), 303);
}

/// The fields of a good request to hall `hall`.
fn hall_request<'a>(
    hall: &'a str,
    category: &'a str,
    needed_by: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("hall", hall),
        ("subject", "Two tonnes for our Hamburg warehouse"),
        ("category", category),
        ("quantity", "2000"),
        ("unit", "kg"),
        ("target_price", "9.50"),
        ("destination", "Hamburg"),
        ("country", "DE"),
        ("incoterm", "CIF"),
        ("needed_by", needed_by),
    ]
}

fn quote_fields<'a>(
    product: &'a str,
    valid_until: &'a str,
    deposit: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("op", "quote"),
        ("product", product),
        ("unit_price", "980"),
        ("break1_from", "5000"),
        ("break1_price", "940"),
        ("incoterm", "CIF"),
        ("lead_days", "21"),
        ("valid_until", valid_until),
        ("remarks", "25 kg jute bags"),
    ];
    if deposit.is_empty() {
        fields.push(("payment", "full"));
    } else {
        fields.push(("payment", "deposit"));
        fields.push(("deposit_percent", deposit));
    }
    fields
}

on_both_stores!(
    requests_for_quotation_end_in_a_deposit_and_a_balance,
    true,
    |app: TestApp| async move {
        let now = app::state::now();
        let day = |days: i64| app::core::Instant(now.seconds() + days * 86_400).iso_date();
        let (hall, category, booths) = hall_with_two_booths(&app).await;
        let (booth_a, a_id) = booths[0].clone();
        let (booth_b, b_id) = booths[1].clone();
        let (_, owner_a) = app.member("owner@a.example", &booth_a, "owner").await;
        let (_, owner_b) = app.member("owner@b.example", &booth_b, "owner").await;
        let other_booth: String = scalar(
        &app,
        &format!("SELECT b.slug FROM booths b WHERE b.status = 'published' AND b.hall_id <> (SELECT id FROM halls WHERE slug = '{hall}') ORDER BY b.id LIMIT 1"),
    )
    .await;
        let (_, stranger) = app
            .member("staff@elsewhere.example", &other_booth, "staff")
            .await;
        let (greta_id, greta) = app.person("greta@gewuerzhaus.example", "Greta Nord").await;
        let (_, other_buyer) = app.person("otto@other.example", "Otto Other").await;
        let rfqs = || scalar::<i64>(&app, "SELECT COUNT(*) FROM rfqs");

        // No business profile yet: refused, nothing written.
        let needed = day(60);
        let request = hall_request(&hall, &category, &needed);
        let refused = app
            .post_form(&format!("/en/rfqs/new?hall={hall}"), &request, Some(&greta))
            .await;
        assert_eq!(refused.status(), 409);
        assert_eq!(rfqs().await, 0);
        profile(&app, &greta, "Gewürzhaus Nord GmbH", "DE").await;
        // Bad input: each problem named, a 422, nothing written.
        let mut bad = request.clone();
        bad.retain(|(k, _)| !matches!(*k, "needed_by" | "incoterm" | "quantity"));
        bad.extend([
            ("needed_by", "2020-01-01"),
            ("incoterm", "FCA"),
            ("quantity", "0"),
        ]);
        let refused = app
            .post_form(&format!("/en/rfqs/new?hall={hall}"), &bad, Some(&greta))
            .await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("Choose a date after today."),
            "past needed-by date"
        );
        assert_eq!(rfqs().await, 0);

        // To the hall: the council's rule routes it to every booth selling that category.
        let sent = app
            .post_form(&format!("/en/rfqs/new?hall={hall}"), &request, Some(&greta))
            .await;
        assert_eq!(sent.status(), 303);
        let page = location(&sent);
        let number = page.trim_start_matches("/en/rfqs/").to_owned();
        assert!(number.starts_with("RFQ-"), "{page}");
        let routed: i64 = scalar(
            &app,
            "SELECT COUNT(*) FROM rfq_recipients WHERE how = 'rule'",
        )
        .await;
        assert_eq!(routed, i64::try_from(booths.len()).unwrap());
        let mailed: i64 = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM outbox WHERE recipient IN ('owner@a.example', 'owner@b.example') AND subject LIKE '%{number}%'"),
    )
    .await;
        assert_eq!(mailed, 2, "each receiving booth's team is told");
        let shown = app.get_as(&page, Some(&greta)).await;
        assert_eq!(shown.status(), 200);
        // Only its parties see it.
        assert_eq!(app.get_as(&page, Some(&other_buyer)).await.status(), 404);
        let booth_page = format!("/en/exhibitor/rfqs/{number}");
        assert_eq!(app.get_as(&booth_page, Some(&stranger)).await.status(), 404);
        let seen = app.get_as(&booth_page, Some(&owner_a)).await;
        assert_eq!(seen.status(), 200);
        assert!(seen.text().await.unwrap().contains("Gewürzhaus Nord GmbH"));

        // A specification: a PDF is kept, other bytes refused; only the parties download it.
        let upload = |bytes: Vec<u8>, name: &'static str| {
            let app = &app;
            let greta = greta.clone();
            let number = number.clone();
            async move {
                let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
                app.client
                    .post(format!("{}/en/rfqs/{number}/files", app.base))
                    .header("cookie", format!("pavilion_session={greta}"))
                    .multipart(reqwest::multipart::Form::new().part("file", part))
                    .send()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            upload(b"MZ\x90\x00not a spec".to_vec(), "spec.exe")
                .await
                .status(),
            422
        );
        assert_eq!(
            upload(b"%PDF-1.7\n%%EOF\n".to_vec(), "Pepper spec.pdf")
                .await
                .status(),
            303
        );
        let file: i64 = scalar(&app, "SELECT MAX(id) FROM rfq_files").await;
        let file_path = format!("/en/rfqs/{number}/files/{file}");
        let download = app.get_as(&file_path, Some(&owner_b)).await;
        assert_eq!(download.status(), 200);
        assert_eq!(download.headers()["content-type"], "application/pdf");
        assert!(
            download.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert_eq!(app.get_as(&file_path, Some(&stranger)).await.status(), 404);
        assert_eq!(app.get_as(&file_path, None).await.status(), 401);

        // Both booths quote: A with a 30 % deposit, B in full (then lets it lapse).
        let product_a = product_of(&app, a_id).await;
        let product_b = product_of(&app, b_id).await;
        let valid = day(10);
        let bad_quote = app
            .post_form(
                &booth_page,
                &quote_fields(&product_b, &valid, "30"),
                Some(&owner_a),
            )
            .await;
        assert_eq!(bad_quote.status(), 422, "another booth's product");
        let quoted = app
            .post_form(
                &booth_page,
                &quote_fields(&product_a, &valid, "30"),
                Some(&owner_a),
            )
            .await;
        assert_eq!(quoted.status(), 303);
        let quoted = app
            .post_form(
                &booth_page,
                &quote_fields(&product_b, &valid, ""),
                Some(&owner_b),
            )
            .await;
        assert_eq!(quoted.status(), 303);
        let table = app.get_as(&page, Some(&greta)).await.text().await.unwrap();
        assert!(table.contains("data-testid=\"quote-table\""));
        assert!(table.contains("30 % deposit"), "payment terms side by side");
        // As the buyer's page shows them: the number and the version seen.
        let seen = |booth: i64| {
            format!(
                "SELECT number || ':' || CAST(updated_at AS TEXT) FROM rfq_quotes WHERE booth_id = {booth}"
            )
        };
        let stale_a: String = scalar(&app, &seen(a_id)).await;
        let quote_b: String = scalar(&app, &seen(b_id)).await;
        sqlx::query("UPDATE rfq_quotes SET valid_until = $1 WHERE booth_id = $2")
            .bind(now.seconds() - 3 * 86_400)
            .bind(b_id)
            .execute(app.db())
            .await
            .unwrap();
        let accept = |quote: &str| {
            vec![
                ("op", "accept"),
                ("quote", quote),
                ("ship_name", "Greta Nord"),
                ("ship_address", "Am Sandtorkai 1, 20457 Hamburg"),
                ("service", "economy"),
            ]
            .into_iter()
            .map(|(k, v)| (k, v.to_owned()))
            .collect::<Vec<_>>()
        };
        let orders = || scalar::<i64>(&app, "SELECT COUNT(*) FROM orders");
        let before = orders().await;
        let lapsed: Vec<(&str, String)> = accept(&quote_b);
        let lapsed: Vec<(&str, &str)> = lapsed.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = app.post_form(&page, &lapsed, Some(&greta)).await;
        assert_eq!(refused.status(), 409, "an expired quote");
        assert_eq!(orders().await, before);
        let untouched: String = scalar(
            &app,
            &format!("SELECT state FROM rfq_quotes WHERE booth_id = {b_id}"),
        )
        .await;
        assert_eq!(untouched, "offered", "nothing half-written");
        let mut nameless: Vec<(&str, &str)> = lapsed.clone();
        nameless.retain(|(k, _)| *k != "ship_name");
        nameless.push(("ship_name", ""));
        for (k, v) in &mut nameless {
            if *k == "quote" {
                *v = &stale_a;
            }
        }
        assert_eq!(
            app.post_form(&page, &nameless, Some(&greta)).await.status(),
            422
        );
        assert_eq!(orders().await, before);

        // The booth changes its quote after the buyer looked: the old one cannot be accepted.
        sqlx::query("UPDATE rfq_quotes SET updated_at = updated_at + 1 WHERE booth_id = $1")
            .bind(a_id)
            .execute(app.db())
            .await
            .unwrap();
        let unseen = accept(&stale_a);
        let unseen: Vec<(&str, &str)> = unseen.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            app.post_form(&page, &unseen, Some(&greta)).await.status(),
            409
        );
        assert_eq!(orders().await, before);
        let quote_a: String = scalar(&app, &seen(a_id)).await;
        // Accepting A's quote twice at once: one order, one refusal.
        let good = accept(&quote_a);
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (one, two) = tokio::join!(
            app.post_form(&page, &good, Some(&greta)),
            app.post_form(&page, &good, Some(&greta))
        );
        let mut statuses = [one.status().as_u16(), two.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [303, 409]);
        let pay = if one.status() == 303 {
            location(&one)
        } else {
            location(&two)
        };
        assert!(pay.starts_with("/pay/ps_"), "{pay}");
        assert_eq!(orders().await, before + 1);
        assert_eq!(
            scalar::<String>(
                &app,
                &format!("SELECT state FROM rfqs WHERE number = '{number}'")
            )
            .await,
            "awarded"
        );
        // An accepted quote cannot change; the request takes no other.
        let changed = app
            .post_form(
                &booth_page,
                &quote_fields(&product_a, &valid, "20"),
                Some(&owner_a),
            )
            .await;
        assert_eq!(changed.status(), 409);

        // The order is at the quoted price, its deposit 30 % of it (rounded up).
        let (order, total, deposit, unit, quantity): (String, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT o.number, o.total_minor, o.deposit_minor, i.unit_inr_minor, i.quantity
           FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.quote_id IS NOT NULL",
        )
        .fetch_one(app.db())
        .await
        .unwrap();
        assert_eq!((unit, quantity), (98_000, 2000));
        assert_eq!(deposit, (total * 3000 + 9_999) / 10_000);
        let session = pay.trim_start_matches("/pay/");
        let charged: i64 = scalar(
            &app,
            &format!("SELECT amount_minor FROM payment_sessions WHERE id = '{session}'"),
        )
        .await;
        assert_eq!(charged, deposit);
        let approved = app
            .post_form(&format!("/pay/test/{session}"), &[("op", "approve")], None)
            .await;
        assert_eq!(approved.status(), 303);
        let order_page = location(&approved);
        assert_eq!(
            scalar::<String>(
                &app,
                &format!("SELECT state FROM orders WHERE number = '{order}'")
            )
            .await,
            "paid"
        );

        // It ships only once the balance is paid.
        let ship = [
            ("op", "ship"),
            ("carrier", "DHL"),
            ("tracking", "JD0146000033"),
        ];
        let order_path = format!("/en/orders/{order}");
        assert_eq!(
            app.post_form(&order_path, &ship, Some(&owner_a))
                .await
                .status(),
            409
        );
        let balance = app
            .post_form(&order_page, &[("op", "balance")], Some(&greta))
            .await;
        assert_eq!(balance.status(), 303);
        let balance_pay = location(&balance);
        // Asked again before paying: the same session, not a second payment.
        let again = app
            .post_form(&order_page, &[("op", "balance")], Some(&greta))
            .await;
        assert_eq!(location(&again), balance_pay);
        let balance_session = balance_pay.trim_start_matches("/pay/");
        let due: i64 = scalar(
            &app,
            &format!("SELECT amount_minor FROM payment_sessions WHERE id = '{balance_session}'"),
        )
        .await;
        assert_eq!(due, total - deposit);
        let approved = app
            .post_form(
                &format!("/pay/test/{balance_session}"),
                &[("op", "approve")],
                None,
            )
            .await;
        assert_eq!(approved.status(), 303);
        let events: Vec<String> = sqlx::query_scalar(
        "SELECT e.state FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = $1 ORDER BY e.id",
    )
    .bind(&order)
    .fetch_all(app.db())
    .await
    .unwrap();
        assert_eq!(events, ["pending", "paid", "balance_paid"]);
        assert_eq!(
            app.post_form(&order_page, &[("op", "balance")], Some(&greta))
                .await
                .status(),
            409
        );
        assert_eq!(
            app.post_form(&order_path, &ship, Some(&owner_a))
                .await
                .status(),
            303
        );

        // The thread: each message reaches the other side by email.
        let said = app
            .post_form(
                &page,
                &[
                    ("op", "message"),
                    ("booth", &booth_a),
                    ("body", "Please pack in 25 kg bags."),
                ],
                Some(&greta),
            )
            .await;
        assert_eq!(said.status(), 303);
        let replied = app
            .post_form(
                &booth_page,
                &[("op", "message"), ("body", "Noted: 25 kg jute bags.")],
                Some(&owner_a),
            )
            .await;
        assert_eq!(replied.status(), 303);
        let empty = app
            .post_form(
                &booth_page,
                &[("op", "message"), ("body", " ")],
                Some(&owner_a),
            )
            .await;
        assert_eq!(empty.status(), 422);
        let to_greta: i64 = scalar(&app, "SELECT COUNT(*) FROM outbox WHERE recipient = 'greta@gewuerzhaus.example' AND body LIKE '%25 kg jute bags%'").await;
        assert_eq!(to_greta, 1);
        let to_a: i64 = scalar(&app, "SELECT COUNT(*) FROM outbox WHERE recipient = 'owner@a.example' AND body LIKE '%Please pack%'").await;
        assert_eq!(to_a, 1);

        // The buyer is booth A's lead, won; booth B's, quoted.
        let leads = app
            .get_as("/en/exhibitor/leads", Some(&owner_a))
            .await
            .text()
            .await
            .unwrap();
        assert!(leads.contains("Greta Nord") && leads.contains("Gewürzhaus Nord GmbH"));
        assert!(leads.contains("lead-status--won"), "paid: won");
        let leads_b = app
            .get_as("/en/exhibitor/leads?kind=rfq", Some(&owner_b))
            .await
            .text()
            .await
            .unwrap();
        assert!(leads_b.contains("Greta Nord") && leads_b.contains("lead-status--quoted"));

        // The hall's council sees its routing and verifies the buyer; another council cannot.
        let council: String = scalar(
        &app,
        &format!("SELECT c.slug FROM councils c JOIN halls h ON h.council_id = c.id WHERE h.slug = '{hall}'"),
    )
    .await;
        let other_council: String = scalar(
            &app,
            &format!("SELECT slug FROM councils WHERE slug <> '{council}' ORDER BY id LIMIT 1"),
        )
        .await;
        let (_, curator) = app.curator("curator@council.example", &council).await;
        let (_, outsider) = app.curator("curator@other.example", &other_council).await;
        let routing = app
            .get_as("/en/curator/rfqs", Some(&curator))
            .await
            .text()
            .await
            .unwrap();
        assert!(routing.contains(&number) && routing.contains("Greta Nord"));
        let buyer = greta_id.to_string();
        let verify = [("op", "verify"), ("buyer", buyer.as_str())];
        assert_eq!(
            app.post_form("/en/curator/rfqs", &verify, Some(&outsider))
                .await
                .status(),
            404
        );
        assert_eq!(
            app.post_form("/en/curator/rfqs", &verify, Some(&curator))
                .await
                .status(),
            303
        );
        let verified: Option<i64> = scalar(
            &app,
            &format!("SELECT verified_council FROM business_profiles WHERE user_id = {greta_id}"),
        )
        .await;
        assert!(verified.is_some());
        // A new company withdraws the verification.
        profile(&app, &greta, "Gewürzhaus Süd GmbH", "DE").await;
        let verified: Option<i64> = scalar(
            &app,
            &format!("SELECT verified_council FROM business_profiles WHERE user_id = {greta_id}"),
        )
        .await;
        assert!(verified.is_none());
    }
);

on_both_stores!(
    two_buyers_accept_two_booths_quotes_at_once,
    true,
    |app: TestApp| async move {
        let now = app::state::now();
        let day = |days: i64| app::core::Instant(now.seconds() + days * 86_400).iso_date();
        let (_, _, booths) = hall_with_two_booths(&app).await;
        let mut pays = Vec::new();
        let mut requests = Vec::new();
        for (n, (booth, booth_id)) in booths.iter().take(2).enumerate() {
            let (_, buyer) = app
                .person(&format!("buyer{n}@importer.example"), "Importer")
                .await;
            profile(&app, &buyer, "Importer Ltd", "AE").await;
            let (_, owner) = app
                .member(&format!("owner{n}@booth.example"), booth, "owner")
                .await;
            let product = product_of(&app, *booth_id).await;
            let needed = day(30);
            let sent = app
                .post_form(
                    &format!("/en/rfqs/new?booth={booth}"),
                    &[
                        ("booth", booth.as_str()),
                        ("subject", "A container"),
                        ("quantity", "500"),
                        ("unit", "carton"),
                        ("destination", "Jebel Ali"),
                        ("country", "AE"),
                        ("incoterm", "CIF"),
                        ("needed_by", needed.as_str()),
                    ],
                    Some(&buyer),
                )
                .await;
            assert_eq!(sent.status(), 303);
            let page = location(&sent);
            let number = page.trim_start_matches("/en/rfqs/").to_owned();
            let valid = day(5);
            let quoted = app
                .post_form(
                    &format!("/en/exhibitor/rfqs/{number}"),
                    &quote_fields(&product, &valid, ""),
                    Some(&owner),
                )
                .await;
            assert_eq!(quoted.status(), 303);
            let quote: String = scalar(&app, &format!("SELECT q.number || ':' || CAST(q.updated_at AS TEXT) FROM rfq_quotes q JOIN rfqs r ON r.id = q.rfq_id WHERE r.number = '{number}'")).await;
            requests.push((page, quote, buyer));
        }
        let accept = |quote: &str| -> Vec<(String, String)> {
            [
                ("op", "accept"),
                ("quote", quote),
                ("ship_name", "Receiving"),
                ("ship_address", "Jebel Ali Free Zone, Dubai"),
                ("service", "economy"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
        };
        let (a, b) = (accept(&requests[0].1), accept(&requests[1].1));
        let as_refs = |v: &Vec<(String, String)>| {
            v.iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        let (fa, fb) = (as_refs(&a), as_refs(&b));
        let fa: Vec<(&str, &str)> = fa.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let fb: Vec<(&str, &str)> = fb.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (one, two) = tokio::join!(
            app.post_form(&requests[0].0, &fa, Some(&requests[0].2)),
            app.post_form(&requests[1].0, &fb, Some(&requests[1].2))
        );
        for done in [one, two] {
            assert_eq!(done.status(), 303);
            pays.push(location(&done));
        }
        assert!(pays.iter().all(|p| p.starts_with("/pay/ps_")));
        let orders: i64 = scalar(
            &app,
            "SELECT COUNT(*) FROM orders WHERE quote_id IS NOT NULL",
        )
        .await;
        assert_eq!(orders, 2);
        let awarded: i64 = scalar(&app, "SELECT COUNT(*) FROM rfqs WHERE state = 'awarded'").await;
        assert_eq!(awarded, 2);
    }
);
