//! Collaborations over HTTP, on SQLite and on PostgreSQL: a booth invites a creator, bad
//! terms are refused with nothing written, the creator counters, the booth accepts, a
//! change is proposed and declined while the accepted terms stay in force, and every refusal
//! on the way (a stale version, the wrong side's turn, a stranger, a creator not taking
//! work); an open offer that only council-listed creators join, once, until it closes.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use support::{TestApp, scalar};

const BOOTH: &str = "malabar-coast-spice-co";

/// A signed-in person with a creator profile of their own (`slug` from `name`).
async fn creator(app: &TestApp, email: &str, name: &str) -> String {
    let (_, token) = app.person(email, name).await;
    let profile = [
        ("name", name),
        ("headline", "Food host for the Gulf"),
        ("bio_en", "Cooks with Indian spices."),
        ("markets", "AE"),
        ("languages", "ar"),
        ("categories", "spices-and-tea"),
        ("commission", "6"),
        ("available", "1"),
    ];
    let saved = app.post_form("/en/creator", &profile, Some(&token)).await;
    assert_eq!(saved.status(), 303);
    token
}

/// Two published products of the booth.
async fn products(app: &TestApp) -> (String, String) {
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE b.slug = $1 AND p.status = 'published' ORDER BY p.id LIMIT 2",
    )
    .bind(BOOTH)
    .fetch_all(app.db())
    .await
    .unwrap();
    (slugs[0].clone(), slugs[1].clone())
}

fn day(offset: i64) -> String {
    app::core::Instant(app::state::now().seconds() + offset * 86_400).iso_date()
}

/// A creator's id and a product's, by their slugs.
async fn ids(app: &TestApp, creator: &str, product: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT c.id, p.id FROM creators c, products p WHERE c.slug = $1 AND p.slug = $2",
    )
    .bind(creator)
    .bind(product)
    .fetch_one(app.db())
    .await
    .unwrap()
}

/// The collaboration a 303 points at.
fn collaboration(response: &reqwest::Response) -> String {
    let to = response.headers()["location"].to_str().unwrap();
    let id = to.trim_start_matches("/en/collaborations/");
    id.split('#').next().unwrap().to_owned()
}

async fn state(app: &TestApp, id: &str) -> (String, Option<i64>) {
    sqlx::query_as("SELECT state, agreed_version FROM collaborations WHERE id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(app.db())
        .await
        .unwrap()
}

on_both_stores!(
    an_invitation_is_countered_accepted_and_changed_by_versions,
    true,
    |app: TestApp| async move {
        let (_, booth) = app.member("owner@malabar.example", BOOTH, "owner").await;
        let host = creator(&app, "asha@creator.example", "Asha Verma").await;
        let (_, stranger) = app.person("stranger@example.com", "Stranger").await;
        let (pepper, nutmeg) = products(&app).await;
        let invite = "/en/exhibitor/invite/asha-verma";
        let form = app.get_as(invite, Some(&booth)).await;
        assert_eq!(form.status(), 200);
        assert!(form.text().await.unwrap().contains("Rate card: 6 %"));

        // Bad terms: every problem said, translated, nothing written.
        let written = "SELECT (SELECT COUNT(*) FROM collaborations) + (SELECT COUNT(*) FROM collaboration_terms)";
        let before: i64 = scalar(&app, written).await;
        let other_booths: String = scalar(
            &app,
            "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
              WHERE b.slug <> 'malabar-coast-spice-co' ORDER BY p.id LIMIT 1",
        )
        .await;
        let (yesterday, soon, later) = (day(-1), day(3), day(10));
        let bad = [
            ("products", other_booths.as_str()),
            ("commission", "75"),
            ("starts", yesterday.as_str()),
            ("ends", soon.as_str()),
            ("streams", "2"),
            ("minutes", "600"),
            ("market", "XX"),
        ];
        let refused = app.post_form(invite, &bad, Some(&booth)).await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        for field in ["products", "commission", "starts", "minutes", "market"] {
            assert!(
                html.contains(&format!(r#"id="{field}-error""#)),
                "{field} refused"
            );
        }
        for message in [
            "Choose from the list.",
            "Enter a percentage from 0 to 50, e.g. 7.5.",
        ] {
            assert!(html.contains(message), "{message}");
        }
        assert!(html.contains(r#"aria-describedby="products-error""#));
        let backwards = [
            ("products", pepper.as_str()),
            ("commission", "5"),
            ("starts", later.as_str()),
            ("ends", soon.as_str()),
        ];
        let refused = app
            .post_form("/fr/exhibitor/invite/asha-verma", &backwards, Some(&booth))
            .await;
        assert_eq!(refused.status(), 422);
        let after: i64 = scalar(&app, written).await;
        assert_eq!(after, before, "nothing written");
        // Nobody but a booth's team invites; nobody invites a creator who takes no work.
        assert_eq!(
            app.post_form(invite, &backwards, Some(&stranger))
                .await
                .status(),
            403
        );
        assert_eq!(app.post_form(invite, &backwards, None).await.status(), 401);
        let booked = app
            .post_form("/en/exhibitor/invite/meera-iyer", &backwards, Some(&booth))
            .await;
        assert_eq!(booked.status(), 409);
        assert!(
            booked
                .text()
                .await
                .unwrap()
                .contains("not taking collaborations")
        );

        // The invitation: two products, a fee, 8 %, one 60-minute stream for the UAE in Arabic.
        let (today, month) = (day(0), day(30));
        let terms = [
            ("products", pepper.as_str()),
            ("products", nutmeg.as_str()),
            ("fee", "25000"),
            ("commission", "8"),
            ("starts", today.as_str()),
            ("ends", month.as_str()),
            ("streams", "1"),
            ("minutes", "60"),
            ("market", "AE"),
            ("language", "ar"),
            ("note", "Show the pepper grading."),
        ];
        let sent = app.post_form(invite, &terms, Some(&booth)).await;
        assert_eq!(sent.status(), 303);
        let id = collaboration(&sent);
        let path = format!("/en/collaborations/{id}");
        assert_eq!(state(&app, &id).await, ("proposed".to_owned(), None));
        // A stranger learns nothing; the booth cannot answer its own proposal.
        assert_eq!(app.get_as(&path, Some(&stranger)).await.status(), 404);
        assert_eq!(app.get_as(&path, None).await.status(), 401);
        let answer = format!("{path}/answer");
        let own = app
            .post_form(
                &answer,
                &[("version", "1"), ("answer", "accept")],
                Some(&booth),
            )
            .await;
        assert_eq!(own.status(), 409);
        assert!(
            own.text()
                .await
                .unwrap()
                .contains("waits for the other side")
        );
        // Another creator is a stranger to it too.
        let rival = creator(&app, "omar@creator.example", "Omar Haddad").await;
        let rivalry = app
            .post_form(
                &answer,
                &[("version", "1"), ("answer", "decline")],
                Some(&rival),
            )
            .await;
        assert_eq!(rivalry.status(), 404);
        let stray = app
            .post_form(
                &answer,
                &[("version", "1"), ("answer", "accept")],
                Some(&stranger),
            )
            .await;
        assert_eq!(stray.status(), 404);

        // The creator sees it awaiting them, and counters at 10 % without the fee.
        let page = app.get_as(&path, Some(&host)).await.text().await.unwrap();
        assert!(page.contains("Version 1 awaits your answer"));
        assert!(page.contains("₹25,000.00") && page.contains("United Arab Emirates"));
        let mine = app.get_as("/en/creator/collaborations", Some(&host)).await;
        assert!(mine.text().await.unwrap().contains("Your answer"));
        let mut counter: Vec<(&str, &str)> = terms
            .iter()
            .copied()
            .filter(|(k, _)| *k != "fee" && *k != "commission")
            .collect();
        counter.extend([("commission", "10"), ("version", "1")]);
        let countered = app.post_form(&path, &counter, Some(&host)).await;
        assert_eq!(countered.status(), 303);
        // The booth, on the version it saw, is now too late to accept version 1.
        let stale = app
            .post_form(
                &answer,
                &[("version", "1"), ("answer", "accept")],
                Some(&booth),
            )
            .await;
        assert_eq!(stale.status(), 409);
        assert!(stale.text().await.unwrap().contains("changed meanwhile"));
        // The creator cannot counter their own counter.
        counter.retain(|(k, _)| *k != "version");
        counter.push(("version", "2"));
        let twice = app.post_form(&path, &counter, Some(&host)).await;
        assert_eq!(twice.status(), 409);
        let accepted = app
            .post_form(
                &answer,
                &[("version", "2"), ("answer", "accept")],
                Some(&booth),
            )
            .await;
        assert_eq!(accepted.status(), 303);
        assert_eq!(state(&app, &id).await, ("agreed".to_owned(), Some(2)));

        // A change is a new version; until it is accepted, version 2 stays in force.
        let mut change: Vec<(&str, &str)> = terms
            .iter()
            .copied()
            .filter(|(k, _)| *k != "commission")
            .collect();
        change.extend([("commission", "7"), ("version", "2")]);
        assert_eq!(
            app.post_form(&path, &change, Some(&booth)).await.status(),
            303
        );
        assert_eq!(state(&app, &id).await, ("agreed".to_owned(), Some(2)));
        let page = app.get_as(&path, Some(&host)).await.text().await.unwrap();
        assert!(page.contains("Agreed, change proposed"));
        let declined = app
            .post_form(
                &answer,
                &[("version", "3"), ("answer", "decline")],
                Some(&host),
            )
            .await;
        assert_eq!(declined.status(), 303);
        assert_eq!(state(&app, &id).await, ("agreed".to_owned(), Some(2)));
        let outcomes: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT version, commission_bps, outcome FROM collaboration_terms
              WHERE collaboration_id = $1 ORDER BY version",
        )
        .bind(id.parse::<i64>().unwrap())
        .fetch_all(app.db())
        .await
        .unwrap();
        assert_eq!(
            outcomes,
            [
                (1, 800, Some("countered".to_owned())),
                (2, 1000, Some("accepted".to_owned())),
                (3, 700, Some("declined".to_owned())),
            ]
        );
        // Both sides see every version; in Arabic too.
        for token in [&booth, &host] {
            let html = app.get_as(&path, Some(token)).await.text().await.unwrap();
            assert_eq!(html.matches(r#"data-testid="terms""#).count(), 3);
        }
        let arabic = app
            .get_as(&format!("/ar/collaborations/{id}"), Some(&booth))
            .await;
        assert_eq!(arabic.status(), 200);
        // The terms in force on a product at a moment: version 2 now, none before it was
        // accepted; a version accepted later that drops the pepper ends its commission.
        let (asha, pepper_id) = ids(&app, "asha-verma", &pepper).await;
        let (_, nutmeg_id) = ids(&app, "asha-verma", &nutmeg).await;
        let now = app::state::now();
        let in_force = |product: i64, at: app::core::Instant| {
            app::creators::collaborations::commission::in_force(app.db(), asha, product, at)
        };
        let agreed = in_force(pepper_id, now).await.unwrap().unwrap();
        assert_eq!((agreed.version, agreed.commission_bps), (2, 1000));
        assert_eq!(
            in_force(pepper_id, app::core::Instant(now.seconds() - 3_600))
                .await
                .unwrap(),
            None
        );
        let mut nutmeg_only: Vec<(&str, &str)> = terms
            .iter()
            .copied()
            .filter(|(k, v)| *k != "products" || *v == nutmeg.as_str())
            .collect();
        nutmeg_only.push(("version", "3"));
        assert_eq!(
            app.post_form(&path, &nutmeg_only, Some(&booth))
                .await
                .status(),
            303
        );
        let accepted = app
            .post_form(
                &answer,
                &[("version", "4"), ("answer", "accept")],
                Some(&host),
            )
            .await;
        assert_eq!(accepted.status(), 303);
        let later = app::core::Instant(app::state::now().seconds() + 1);
        assert_eq!(in_force(pepper_id, later).await.unwrap(), None);
        let nutmeg_terms = in_force(nutmeg_id, later).await.unwrap().unwrap();
        assert_eq!(
            (nutmeg_terms.version, nutmeg_terms.commission_bps),
            (4, 800)
        );
        let bad_answer = app
            .post_form(
                &answer,
                &[("version", "3"), ("answer", "maybe")],
                Some(&host),
            )
            .await;
        assert_eq!(bad_answer.status(), 400);
    }
);

on_both_stores!(
    only_listed_creators_join_an_open_offer_until_it_closes,
    true,
    |app: TestApp| async move {
        // The demo seeds collaborations in every state.
        let states: i64 = scalar(&app, "SELECT COUNT(DISTINCT state) FROM collaborations").await;
        assert_eq!(states, 5);
        let (_, booth) = app.member("owner@malabar.example", BOOTH, "owner").await;
        let host = creator(&app, "asha@creator.example", "Asha Verma").await;
        let other = creator(&app, "omar@creator.example", "Omar Haddad").await;
        let (_, curator) = app.curator("curator@spices.example", "spices-board").await;
        let (pepper, _) = products(&app).await;
        let (today, month) = (day(0), day(30));
        let offer = [
            ("products", pepper.as_str()),
            ("commission", "5"),
            ("starts", today.as_str()),
            ("ends", month.as_str()),
        ];
        let published = app
            .post_form("/en/exhibitor/collaborations", &offer, Some(&booth))
            .await;
        assert_eq!(published.status(), 303);
        let id = collaboration(&published);
        let join = format!("/en/collaborations/{id}/join");

        // Not listed by any council: refused, said why.
        let unlisted = app.post_form(&join, &[], Some(&host)).await;
        assert_eq!(unlisted.status(), 409);
        assert!(
            unlisted
                .text()
                .await
                .unwrap()
                .contains("Only council-listed creators")
        );
        let listing = app
            .post_form(
                "/en/creators/asha-verma/listing",
                &[("list", "1")],
                Some(&curator),
            )
            .await;
        assert_eq!(listing.status(), 303);
        let list = app.get_as("/en/creator/collaborations", Some(&host)).await;
        assert!(list.text().await.unwrap().contains(r#"data-testid="join""#));
        let joined = app.post_form(&join, &[], Some(&host)).await;
        assert_eq!(joined.status(), 303);
        let mine = collaboration(&joined);
        assert_eq!(state(&app, &mine).await, ("agreed".to_owned(), Some(1)));
        let again = app.post_form(&join, &[], Some(&host)).await;
        assert_eq!(again.status(), 409);
        // Their own terms: the offer's, accepted by them, for the same product.
        let covered: i64 = scalar(
            &app,
            &format!(
                "SELECT COUNT(*) FROM collaboration_products x JOIN collaboration_terms t ON t.id = x.terms_id
                  WHERE t.collaboration_id = {mine} AND t.outcome = 'accepted' AND t.commission_bps = 500"
            ),
        )
        .await;
        assert_eq!(covered, 1);
        let page = app
            .get_as(&format!("/en/collaborations/{id}"), Some(&booth))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Creators joined: 1") && page.contains("Asha Verma"));

        // Closed: nobody new joins.
        let closed = app
            .post_form(
                &format!("/en/collaborations/{id}/answer"),
                &[("version", "1"), ("answer", "withdraw")],
                Some(&booth),
            )
            .await;
        assert_eq!(closed.status(), 303);
        assert_eq!(state(&app, &id).await.0, "closed");
        let listed = app
            .post_form(
                "/en/creators/omar-haddad/listing",
                &[("list", "1")],
                Some(&curator),
            )
            .await;
        assert_eq!(listed.status(), 303);
        let late = app.post_form(&join, &[], Some(&other)).await;
        assert_eq!(late.status(), 409);
        assert!(late.text().await.unwrap().contains("closed"));
        // A buyer with no creator profile is told to make one.
        let (_, buyer) = app.person("buyer@example.com", "Buyer").await;
        let nobody = app.post_form(&join, &[], Some(&buyer)).await;
        assert_eq!(nobody.status(), 403);
        let page = app.get_as("/en/creator/collaborations", Some(&buyer)).await;
        assert!(
            page.text()
                .await
                .unwrap()
                .contains("Make your creator profile first.")
        );
    }
);

on_both_stores!(
    a_creators_link_credits_the_last_touch_and_earns_commission,
    true,
    |app: TestApp| async move {
        let (_, booth) = app.member("owner@malabar.example", BOOTH, "owner").await;
        let host = creator(&app, "asha@creator.example", "Asha Verma").await;
        let (pepper, nutmeg) = products(&app).await;
        let (_, pepper_id) = ids(&app, "asha-verma", &pepper).await;
        let to_pepper = format!("product:{pepper_id}");
        let links = "/en/creator/links";

        // Without terms, a link may lead only to her own page; nothing is written.
        let before = support::counters(&app).await;
        let refused = app
            .post_form(links, &[("target", to_pepper.as_str())], Some(&host))
            .await;
        assert_eq!(refused.status(), 422);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains(r#"id="target-error""#)
        );
        assert_eq!(support::counters(&app).await, before);

        // Terms on the pepper at 10 %, accepted.
        let (today, later) = (day(0), day(30));
        let terms = [
            ("products", pepper.as_str()),
            ("commission", "10"),
            ("starts", today.as_str()),
            ("ends", later.as_str()),
        ];
        let invited = app
            .post_form("/en/exhibitor/invite/asha-verma", &terms, Some(&booth))
            .await;
        assert_eq!(invited.status(), 303);
        let id = collaboration(&invited);
        let accepted = app
            .post_form(
                &format!("/en/collaborations/{id}/answer"),
                &[("version", "1"), ("answer", "accept")],
                Some(&host),
            )
            .await;
        assert_eq!(accepted.status(), 303);

        // A label too long is refused; then the link is made and listed.
        let long = "x".repeat(81);
        let too_long = [("target", to_pepper.as_str()), ("label", long.as_str())];
        assert_eq!(
            app.post_form(links, &too_long, Some(&host)).await.status(),
            422
        );
        let made = app
            .post_form(
                links,
                &[("target", to_pepper.as_str()), ("label", "Instagram bio")],
                Some(&host),
            )
            .await;
        assert_eq!(made.status(), 303);
        let location = made.headers()["location"].to_str().unwrap().to_owned();
        let code = location.rsplit("#link-").next().unwrap().to_owned();
        assert_eq!(code.len(), 8);
        let page = app.get_as(links, Some(&host)).await.text().await.unwrap();
        assert!(page.contains(&format!("/en/r/{code}")) && page.contains("Instagram bio"));

        // Following it: a click, a first-party cookie for 7 days, on to the product.
        assert_eq!(app.get("/en/r/zzzzzzzz").await.status(), 404);
        assert_eq!(app.get("/en/r/not-a-code").await.status(), 404);
        let followed = app.get(&format!("/ar/r/{code}")).await;
        assert_eq!(followed.status(), 303);
        assert_eq!(
            followed.headers()["location"],
            format!("/ar/products/{pepper}").as_str()
        );
        let cookie = followed.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        for part in ["Max-Age=604800", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(part), "{part} in {cookie}");
        }
        let referral = cookie.split(';').next().unwrap().to_owned();
        let token = referral.strip_prefix("pavilion_ref=").unwrap().to_owned();
        // The store keeps the token's hash, never the token.
        let kept: Vec<String> = sqlx::query_scalar("SELECT token FROM link_clicks")
            .fetch_all(app.db())
            .await
            .unwrap();
        assert_eq!(kept, [app::core::secrets::sha256_hex(token.as_bytes())]);
        // Followed again with its cookie: the same token, not a second click.
        let again = app
            .get_with(&format!("/en/r/{code}"), &[("cookie", referral.as_str())])
            .await;
        assert_eq!(again.status(), 303);
        assert!(
            again.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains(&token)
        );
        let clicks: i64 = scalar(
            &app,
            &format!("SELECT clicks FROM creator_links WHERE code = '{code}'"),
        )
        .await;
        assert_eq!(clicks, 1);

        // A checkout through it: the pepper earns her terms, the nutmeg (no terms) nothing.
        sqlx::query(
            "UPDATE products SET stock = 100, moq = 1, max_per_order = 20, price_minor = 123450
              WHERE slug IN ($1, $2)",
        )
        .bind(&pepper)
        .bind(&nutmeg)
        .execute(app.db())
        .await
        .unwrap();
        let checkout = |key: &'static str, items: serde_json::Value, extra: (&str, &str)| {
            let mut body = serde_json::json!({ "email": "link-buyer@example.com", "items": items });
            if !extra.0.is_empty() {
                body[extra.0] = serde_json::Value::from(extra.1);
            }
            app.client_for(key)
                .post(format!("{}/api/v1/checkout", app.base))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .header("cookie", referral.as_str())
                .body(body.to_string())
                .send()
        };
        let both = serde_json::json!([
            { "product": pepper, "quantity": 2 },
            { "product": nutmeg, "quantity": 1 }
        ]);
        let placed: serde_json::Value = checkout("link-order", both, ("", ""))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let order = &placed["orders"][0];
        assert_eq!(order["creator"], "asha-verma");
        assert_eq!(order["link"], code.as_str());
        assert!(order["stream"].is_null());
        let number = order["number"].as_str().unwrap().to_owned();
        let key = order["key"].as_str().unwrap().to_owned();
        let session = placed["payment"]["session"].as_str().unwrap();
        let paid = app
            .post_form(&format!("/pay/test/{session}"), &[("op", "approve")], None)
            .await;
        assert_eq!(paid.status(), 303);
        let earned: Vec<(String, i64, i64, i64, String)> = sqlx::query_as(
            "SELECT p.slug, m.basis_inr_minor, m.rate_bps, m.amount_inr_minor, m.state
               FROM line_commissions m JOIN orders o ON o.id = m.order_id
               JOIN products p ON p.id = m.product_id WHERE o.number = $1",
        )
        .bind(&number)
        .fetch_all(app.db())
        .await
        .unwrap();
        assert_eq!(
            earned,
            [(pepper.clone(), 246_900, 1000, 24_690, "accrued".to_owned())]
        );
        let host_paid: i64 = scalar(
            &app,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM commissions c JOIN orders o ON o.id = c.order_id
                  WHERE o.number = '{number}'"
            ),
        )
        .await;
        assert_eq!(host_paid, 0, "the link's creator only, not a stream host");
        let receipt = app
            .page(&format!("/en/orders/{number}?key={key}"), 200)
            .await;
        assert!(receipt.contains("Bought through Asha Verma’s link"));
        let page = app.get_as(links, Some(&host)).await.text().await.unwrap();
        assert!(page.contains("₹246.90"), "the commission on her links page");

        // Her statement: pending while the order is paid, payable once it was delivered and
        // the return window passed; the booth sees what it owes her.
        let earnings = "/en/creator/earnings";
        let statement = app
            .get_as(earnings, Some(&host))
            .await
            .text()
            .await
            .unwrap();
        let figure = |html: &str, id: &str| {
            let at = html.find(&format!(r#"data-testid="{id}">"#)).unwrap() + id.len() + 15;
            html[at..at + html[at..].find('<').unwrap()].to_owned()
        };
        assert_eq!(figure(&statement, "pending"), "₹246.90");
        assert_eq!(figure(&statement, "payable"), "₹0.00");
        let delivered = app::state::now().seconds() - 15 * 86_400;
        sqlx::query("UPDATE orders SET state = 'delivered' WHERE number = $1")
            .bind(&number)
            .execute(app.db())
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO order_events (order_id, state, actor, at, note)
             SELECT id, 'delivered', 'test', $2, '' FROM orders WHERE number = $1",
        )
        .bind(&number)
        .bind(delivered)
        .execute(app.db())
        .await
        .unwrap();
        let statement = app
            .get_as(earnings, Some(&host))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(figure(&statement, "payable"), "₹246.90");
        assert_eq!(figure(&statement, "pending"), "₹0.00");
        assert!(statement.contains(&format!("Link {code}")));
        let csv = app.get_as("/en/creator/earnings.csv", Some(&host)).await;
        assert_eq!(csv.status(), 200);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with(
            "order,bought_at,booth,product,stream,link,goods_inr,rate_bps,commission_inr,standing"
        ));
        assert!(
            csv.contains(&format!(",{code},2469.00,1000,246.90,payable")),
            "{csv}"
        );
        // Nobody else reads her statement: another creator's is empty, a stranger's 403.
        let other = creator(&app, "other@creator.example", "Other Host").await;
        let theirs = app
            .get_as(earnings, Some(&other))
            .await
            .text()
            .await
            .unwrap();
        assert!(!theirs.contains(&number));
        let (_, stranger) = app.person("nobody@example.com", "Nobody").await;
        assert_eq!(
            app.get_as("/en/creator/earnings.csv", Some(&stranger))
                .await
                .status(),
            403
        );
        assert_eq!(app.get("/en/creator/earnings.csv").await.status(), 401);
        let owed = app
            .get_as("/en/exhibitor/collaborations", Some(&booth))
            .await
            .text()
            .await
            .unwrap();
        let owed = &owed[owed.find(r#"id="owed""#).unwrap()..];
        assert!(owed.contains("Asha Verma") && owed.contains("₹246.90"));

        // Only products she has terms on: the nutmeg alone is no one's.
        let nutmeg_only = serde_json::json!([{ "product": nutmeg, "quantity": 1 }]);
        let alone: serde_json::Value = checkout("nutmeg-order", nutmeg_only, ("", ""))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(alone["orders"][0]["creator"].is_null());

        // Last touch between a stream watched and the link: the later wins.
        let (viewer_id, viewer) = app.person("watcher@example.com", "Watcher").await;
        let stream_id: i64 = scalar(
            &app,
            &format!(
                "SELECT s.id FROM streams s JOIN booths b ON b.id = s.booth_id
                  WHERE b.slug = '{BOOTH}' ORDER BY s.id LIMIT 1"
            ),
        )
        .await;
        let now = app::state::now().seconds();
        sqlx::query("INSERT INTO stream_views (user_id, stream_id, at) VALUES ($1, $2, $3)")
            .bind(viewer_id)
            .bind(stream_id)
            .bind(now - 3_600)
            .execute(app.db())
            .await
            .unwrap();
        let signed_in = |key: &'static str, email: &str, session: &str| {
            let body = serde_json::json!({
                "email": email,
                "items": [{ "product": pepper, "quantity": 1 }],
            });
            app.client_for(key)
                .post(format!("{}/api/v1/checkout", app.base))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .header("cookie", format!("{referral}; pavilion_session={session}"))
                .body(body.to_string())
                .send()
        };
        // The link (followed just now) came after the stream watched an hour ago.
        let by_link: serde_json::Value =
            signed_in("watched-before", "watcher@example.com", &viewer)
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        assert_eq!(by_link["orders"][0]["link"], code.as_str());
        assert!(by_link["orders"][0]["stream"].is_null());
        // Watched again after following it: the stream.
        sqlx::query("UPDATE stream_views SET at = $1 WHERE user_id = $2")
            .bind(now + 5)
            .bind(viewer_id)
            .execute(app.db())
            .await
            .unwrap();
        let by_stream: serde_json::Value =
            signed_in("watched-after", "watcher@example.com", &viewer)
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        assert!(by_stream["orders"][0]["link"].is_null());
        assert!(by_stream["orders"][0]["stream"].is_string());
        // Her own purchase through her link earns her nothing.
        let mine: serde_json::Value = signed_in("own-order", "asha@creator.example", &host)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(mine["orders"][0]["creator"].is_null());

        // Last touch: buying in the booth's live stream after following the link credits
        // the stream.
        let stream: String = scalar(
            &app,
            &format!(
                "SELECT s.slug FROM streams s JOIN booths b ON b.id = s.booth_id
                  WHERE b.slug = '{BOOTH}' ORDER BY s.id LIMIT 1"
            ),
        )
        .await;
        sqlx::query(
            "UPDATE streams SET state = 'live', live_at = $2, ended_at = NULL WHERE slug = $1",
        )
        .bind(&stream)
        .bind(app::state::now().seconds() - 60)
        .execute(app.db())
        .await
        .unwrap();
        let pepper_only = serde_json::json!([{ "product": pepper, "quantity": 1 }]);
        let in_stream: serde_json::Value =
            checkout("stream-order", pepper_only, ("stream", stream.as_str()))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        assert_eq!(in_stream["orders"][0]["stream"], stream.as_str());
        assert!(in_stream["orders"][0]["link"].is_null());

        // A refund reverses her commission.
        let refunded = app
            .post_form(
                &format!("/en/orders/{number}"),
                &[("op", "refund")],
                Some(&booth),
            )
            .await;
        assert_eq!(refunded.status(), 303);
        let state: String = scalar(
            &app,
            &format!(
                "SELECT m.state FROM line_commissions m JOIN orders o ON o.id = m.order_id
                  WHERE o.number = '{number}'"
            ),
        )
        .await;
        assert_eq!(state, "reversed");
        let statement = app
            .get_as(earnings, Some(&host))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(figure(&statement, "payable"), "₹0.00");
    }
);
