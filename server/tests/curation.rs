//! Curation over HTTP, as browsers post it: an exporter applies, the council asks for
//! changes, approves and verifies; bad input is refused with translated messages and leaves
//! nothing behind — on SQLite and on PostgreSQL. Who may call each curation route is in the
//! authorisation matrix (`authorisation.rs`).

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use support::{TestApp, scalar, with_changes};

const HALL: &str = "spices-and-tea";

fn application(company: &str) -> Vec<(&'static str, String)> {
    vec![
        ("company_name", company.to_owned()),
        ("contact_name", "Lakshmi Nair".into()),
        ("contact_phone", "+91 484 266 1234".into()),
        ("city", "Kochi".into()),
        ("region", "Kerala".into()),
        ("founded_year", "1998".into()),
        ("iec", "aapfu0939f".into()),
        ("gstin", "27AAPFU0939F1ZV".into()),
        (
            "products",
            "Cardamom, black pepper and cloves from Idukki.".into(),
        ),
        ("markets", "UAE, Germany".into()),
        ("cert_kind_1", "fssai".into()),
        ("cert_number_1", "1001 2345 6789 01".into()),
        ("cert_expires_1", "2031-03-31".into()),
        ("cert_kind_2", "spices-board".into()),
        ("cert_number_2", "SB/CRES/2024/0113".into()),
        ("cert_expires_2", "2030-12-31".into()),
    ]
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

on_both_stores!(
    an_exporter_applies_and_the_council_decides,
    true,
    |app: TestApp| async move {
        let apply = format!("/en/halls/{HALL}/apply");
        let anonymous = app.page(&apply, 200).await;
        assert!(anonymous.contains("Sign in or create an account to apply"));

        let (exporter_id, exporter) = app.person("lakshmi@idukki.example", "Lakshmi Nair").await;
        let (_, curator_x) = app.curator("curator@spices.example", "spices-board").await;
        let (_, curator_y) = app.curator("curator@mpeda.example", "mpeda").await;
        let form = application("Idukki Hills Spice Co");

        // Bad input: every problem at once, next to its field, translated, 422, nothing saved.
        let before = support::counters(&app).await;
        let long_markets = "Germany, ".repeat(30);
        let bad = with_changes(
            &form,
            &[
                ("markets", long_markets.as_str()),
                ("iec", "AAPFU0939"),
                ("gstin", "27AAPFU0939F1ZW"),
                ("cert_number_1", "1001234567890"),
                ("cert_expires_2", "2020-01-31"),
                ("founded_year", "1492"),
            ],
        );
        let response = app.post_form(&apply, &bad, Some(&exporter)).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        for message in [
            "An IEC has exactly 10 letters and digits.",
            "last character does not match",
            "An FSSAI licence number has exactly 14 digits.",
            "This certificate has expired.",
            "This number is out of range.",
            "This is too long.",
        ] {
            assert!(html.contains(message), "{message}");
        }
        assert!(
            html.contains(r#"aria-describedby="iec-error""#),
            "error tied to its field"
        );
        assert!(
            html.contains("Idukki Hills Spice Co"),
            "typed values come back"
        );
        let arabic = app
            .post_form(
                &format!("/ar/halls/{HALL}/apply"),
                &with_changes(&form, &[("gstin", "45AAPFU0939F1ZV")]),
                Some(&exporter),
            )
            .await;
        assert_eq!(arabic.status(), 422);
        assert!(
            arabic
                .text()
                .await
                .unwrap()
                .contains("لا يبدأ رقم GSTIN هذا برمز ولاية هندية.")
        );
        let taken = with_changes(&form, &[("company_name", "Guntur Sannam Traders")]);
        let response = app.post_form(&apply, &taken, Some(&exporter)).await;
        assert_eq!(response.status(), 409, "duplicate booth names are refused");
        assert_eq!(
            support::counters(&app).await,
            before,
            "refused applications leave nothing behind"
        );

        // A good application.
        let good = with_changes(&form, &[]);
        let response = app.post_form(&apply, &good, Some(&exporter)).await;
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), apply);
        let id = scalar::<i64>(&app, "SELECT id FROM applications").await;
        let mine = app
            .get_as(&apply, Some(&exporter))
            .await
            .text()
            .await
            .unwrap();
        assert!(mine.contains("The council is reviewing your application"));
        assert_eq!(
            app.post_form(&apply, &good, Some(&exporter)).await.status(),
            409,
            "one open application at a time"
        );

        // The council's queue; another council sees nothing of it.
        let desk = app.get_as("/en/curator", Some(&curator_x)).await;
        assert_eq!(desk.status(), 200);
        assert!(desk.text().await.unwrap().contains("Idukki Hills Spice Co"));
        let other_desk = app
            .get_as("/en/curator", Some(&curator_y))
            .await
            .text()
            .await
            .unwrap();
        assert!(!other_desk.contains("Idukki Hills Spice Co"));
        let review = format!("/en/curator/applications/{id}");
        assert_eq!(app.get_as(&review, Some(&curator_y)).await.status(), 404);
        assert_eq!(app.get_as(&review, Some(&exporter)).await.status(), 403);
        assert_eq!(app.get_as(&review, None).await.status(), 401);

        // Changes need a reason; the applicant sees it and resubmits.
        let response = app
            .post_form(
                &review,
                &[("decision", "changes"), ("reason", "")],
                Some(&curator_x),
            )
            .await;
        assert_eq!(response.status(), 422);
        let reason = "Please add your Spices Board registration's renewal.";
        let response = app
            .post_form(
                &review,
                &[("decision", "changes"), ("reason", reason)],
                Some(&curator_x),
            )
            .await;
        assert_eq!(response.status(), 303);
        let mine = app
            .get_as(&apply, Some(&exporter))
            .await
            .text()
            .await
            .unwrap();
        assert!(mine.contains("Changes requested") && mine.contains(reason));
        assert!(
            mine.contains(r#"value="SB/CRES/2024/0113""#),
            "the form starts from what was sent"
        );
        let resubmitted = with_changes(&form, &[("cert_expires_2", "2032-12-31")]);
        assert_eq!(
            app.post_form(&apply, &resubmitted, Some(&exporter))
                .await
                .status(),
            303
        );
        assert_eq!(
            scalar::<String>(&app, "SELECT state FROM applications").await,
            "submitted"
        );

        // Approval opens the booth, owned by the applicant, with unverified credentials.
        let response = app
            .post_form(&review, &[("decision", "approve")], Some(&curator_x))
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            location(&response),
            "/en/curator/booths/idukki-hills-spice-co"
        );
        assert_eq!(
            app.post_form(
                &review,
                &[("decision", "reject"), ("reason", "late")],
                Some(&curator_x)
            )
            .await
            .status(),
            409,
            "a decided application stays decided"
        );
        let owner = scalar::<i64>(&app, "SELECT user_id FROM booth_members m JOIN booths b ON b.id = m.booth_id WHERE b.slug = 'idukki-hills-spice-co' AND m.role = 'owner'").await;
        assert_eq!(owner, exporter_id);
        let booth_page = app.page("/en/booths/idukki-hills-spice-co", 200).await;
        assert!(
            !booth_page.contains("FSSAI"),
            "no badge before verification"
        );
        let hall_page = app.page(&format!("/en/halls/{HALL}"), 200).await;
        assert!(
            hall_page.contains(
                r#"aria-label="Idukki Hills Spice Co, 0 products" class="floor-plan__booth""#
            ),
            "on the floor plan"
        );

        // Verification shows the badge; an expired certificate loses it.
        let console = "/en/curator/booths/idukki-hills-spice-co";
        let response = app
            .post_form(
                console,
                &[("op", "verify"), ("badge", "fssai")],
                Some(&curator_x),
            )
            .await;
        assert_eq!(response.status(), 303);
        assert!(
            app.page("/en/booths/idukki-hills-spice-co", 200)
                .await
                .contains("FSSAI")
        );
        sqlx::query("UPDATE booth_badges SET expires_at = 1 WHERE reference = '10012345678901'")
            .execute(app.db())
            .await
            .unwrap();
        assert!(
            !app.page("/en/booths/idukki-hills-spice-co", 200)
                .await
                .contains("FSSAI")
        );
        let response = app
            .post_form(
                console,
                &[("op", "verify"), ("badge", "fssai")],
                Some(&curator_x),
            )
            .await;
        assert_eq!(
            response.status(),
            409,
            "an expired certificate cannot be verified"
        );

        // Every decision is recorded, and the applicant was told by email.
        let log: Vec<String> = sqlx::query_scalar("SELECT action FROM curation_log ORDER BY id")
            .fetch_all(app.db())
            .await
            .unwrap();
        assert_eq!(
            log,
            [
                "submitted",
                "changes_requested",
                "resubmitted",
                "approved",
                "verify fssai"
            ]
        );
        let mails = scalar::<i64>(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE recipient = 'lakshmi@idukki.example'").await;
        assert_eq!(mails, 2);
        let reviewed = app
            .get_as(&review, Some(&curator_x))
            .await
            .text()
            .await
            .unwrap();
        assert!(reviewed.contains(reason), "the history shows the reason");
    }
);

on_both_stores!(
    the_floor_plan_refuses_overlaps_and_leaves_the_hall_alone,
    true,
    |app: TestApp| async move {
        let (_, curator_x) = app.curator("curator@spices.example", "spices-board").await;
        let path = format!("/en/curator/halls/{HALL}");
        let page = app.get_as(&path, Some(&curator_x)).await;
        assert_eq!(page.status(), 200);
        let booths: Vec<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT b.slug, b.plan_x, b.plan_y, b.plan_w, b.plan_h, b.position FROM booths b
         JOIN halls h ON h.id = b.hall_id WHERE h.slug = $1 ORDER BY b.position, b.id",
        )
        .bind(HALL)
        .fetch_all(app.db())
        .await
        .unwrap();
        let (cols, rows): (i64, i64) =
            sqlx::query_as("SELECT plan_cols, plan_rows FROM halls WHERE slug = $1")
                .bind(HALL)
                .fetch_one(app.db())
                .await
                .unwrap();
        let mut form: Vec<(String, String)> = vec![
            ("cols".into(), cols.to_string()),
            ("rows".into(), rows.to_string()),
        ];
        for (slug, x, y, w, h, position) in &booths {
            for (key, value) in [
                ("x", x + 1),
                ("y", y + 1),
                ("w", *w),
                ("h", *h),
                ("position", *position),
            ] {
                form.push((format!("{key}_{slug}"), value.to_string()));
            }
        }
        let as_refs = |form: &[(String, String)]| -> Vec<(String, String)> { form.to_vec() };
        let post = |form: Vec<(String, String)>| {
            let app = &app;
            let path = path.clone();
            let token = curator_x.clone();
            async move {
                let pairs: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                app.post_form(&path, &pairs, Some(&token)).await
            }
        };
        let before = support::counters(&app).await;
        // The second booth moved onto the first.
        let mut overlapping = as_refs(&form);
        let (first, second) = (&booths[0], &booths[1]);
        for (k, v) in overlapping.iter_mut() {
            if *k == format!("x_{}", second.0) {
                *v = (first.1 + 1).to_string();
            }
            if *k == format!("y_{}", second.0) {
                *v = (first.2 + 1).to_string();
            }
        }
        let response = post(overlapping).await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This booth overlaps another booth.")
        );
        let mut outside = as_refs(&form);
        for (k, v) in outside.iter_mut() {
            if *k == format!("x_{}", first.0) {
                *v = (cols + 1).to_string();
            }
        }
        let response = post(outside).await;
        assert_eq!(response.status(), 422);
        assert_eq!(
            support::counters(&app).await,
            before,
            "a refused layout changes nothing"
        );

        // One more row, the first booth featured: saved.
        let mut grown = as_refs(&form);
        grown[1].1 = (rows + 1).to_string();
        grown.push((format!("featured_{}", first.0), "on".into()));
        let response = post(grown).await;
        assert_eq!(response.status(), 303);
        let (new_rows,): (i64,) = sqlx::query_as("SELECT plan_rows FROM halls WHERE slug = $1")
            .bind(HALL)
            .fetch_one(app.db())
            .await
            .unwrap();
        assert_eq!(new_rows, rows + 1);
    }
);

on_both_stores!(the_queues_page_by_cursor, true, |app: TestApp| async move {
    let (_, curator) = app.curator("pager@council.example", "spices-board").await;
    for i in 0..55 {
        let applicant: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, locale, created_at)
             VALUES ($1, 'Applicant', '', 'en', 0) RETURNING id",
        )
        .bind(format!("pager-{i}@example.com"))
        .fetch_one(app.db())
        .await
        .unwrap();
        // Two share each moment, so the cursor's tie-break on the id is needed.
        sqlx::query(
            "INSERT INTO applications (hall_id, applicant_id, company_name, contact_name, contact_phone, city, region,
                    founded_year, iec, gstin, products, markets, created_at, updated_at)
             SELECT id, $2, $3, 'A', '1', 'Kochi', 'Kerala', 2000, 'AAPFU0939F', '27AAPFU0939F1ZV', 'Pepper', 'UAE', $4, $4
               FROM halls WHERE slug = $1",
        )
        .bind(HALL)
        .bind(applicant)
        .bind(format!("Pager Exports {i:02}"))
        .bind(1_000 + i / 2)
        .execute(app.db())
        .await
        .unwrap();
    }
    let page = |path: String| {
        let app = &app;
        let curator = curator.clone();
        async move {
            let response = app.get_as(&path, Some(&curator)).await;
            assert_eq!(response.status(), 200, "{path}");
            response.text().await.unwrap()
        }
    };
    let companies = |html: &str| {
        html.match_indices("Pager Exports ")
            .map(|(at, _)| html[at..at + 16].to_owned())
            .collect::<Vec<_>>()
    };
    let first = page("/en/curator".to_owned()).await;
    let shown = companies(&first);
    assert_eq!(shown.len(), app::curation::store::APPLICATIONS_PER_PAGE);
    assert_eq!(shown[0], "Pager Exports 00", "oldest first");
    let next = first
        .split("href=\"/en/curator?waiting=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the next page")
        .to_owned();
    let second = page(format!("/en/curator?waiting={next}")).await;
    let rest = companies(&second);
    assert_eq!(rest.len(), 5);
    let mut all = shown.clone();
    all.extend(rest);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 55, "no application twice, none left out");
    assert!(
        !second.contains("?waiting="),
        "the last page has no next link"
    );
    assert!(second.contains(">First page<"));
    // Each list pages on its own: the other list's cursor stays in the links; a page past
    // the end still links back to the first.
    let both = page("/en/curator?recent=1.1".to_owned()).await;
    assert!(
        both.contains("/en/curator?recent=1.1&amp;waiting=")
            || both.contains("/en/curator?recent=1.1&waiting="),
        "the other list's cursor stays"
    );
    assert!(both.contains(">First page<"));
    // A cursor that is not one opens the first page.
    let odd = page("/en/curator?waiting=drop%20table".to_owned()).await;
    assert_eq!(companies(&odd), shown);
});
