//! Creators and agencies over HTTP, on SQLite and on PostgreSQL: the directory's filters and
//! its order by record; a creator's record computed from the streams their host profile
//! presented (viewers, paid orders, answer time); a person becoming a creator, with bad
//! fields refused, translated and nothing written; councils listing and withdrawing, with
//! the refusals a curator of nobody, a repeat or a stray withdrawal get; follows.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use support::{TestApp, scalar};

/// The creator slugs on a directory page, in the order shown.
fn shown(html: &str) -> Vec<String> {
    html.split(r#"data-testid="creator-card""#)
        .skip(1)
        .filter_map(|card| {
            let start = card.find("/creators/")? + "/creators/".len();
            let end = start + card[start..].find('"')?;
            Some(card[start..end].to_owned())
        })
        .collect()
}

/// The page's text: tags (and Leptos's markers) as single spaces, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stream the host of `creator` presented, now over; its id.
async fn hosted_stream(app: &TestApp, creator: &str) -> i64 {
    let stream: i64 = sqlx::query_scalar(
        "SELECT sh.stream_id FROM stream_hosts sh JOIN hosts h ON h.id = sh.host_id
           JOIN creators c ON c.id = h.creator_id WHERE c.slug = $1 ORDER BY sh.stream_id LIMIT 1",
    )
    .bind(creator)
    .fetch_one(app.db())
    .await
    .unwrap();
    sqlx::query("UPDATE streams SET state = 'ended' WHERE id = $1")
        .bind(stream)
        .execute(app.db())
        .await
        .unwrap();
    stream
}

/// A paid order of `inr_minor` attributed to `stream` and its first host.
async fn attributed_order(app: &TestApp, stream: i64, number: &str, inr_minor: i64) {
    sqlx::query(
        "INSERT INTO orders (number, checkout, booth_id, email, state, currency, inr_per_unit_micros,
                total_minor, total_inr_minor, created_at, expires_at, stream_id, host_id)
         SELECT $2, $2, s.booth_id, 'buyer@example.com', 'paid', 'INR', 1000000, $3, $3, 1, 1, s.id,
                (SELECT MIN(host_id) FROM stream_hosts WHERE stream_id = s.id)
           FROM streams s WHERE s.id = $1",
    )
    .bind(stream)
    .bind(number)
    .bind(inr_minor)
    .execute(app.db())
    .await
    .unwrap();
}

on_both_stores!(
    the_directory_filters_and_puts_the_best_record_first,
    true,
    |app: TestApp| async move {
        let all = shown(&app.page("/en/creators", 200).await);
        assert!(all.len() >= 12, "{all:?}");
        for (query, expected) in [
            ("market=SA", vec!["fatima-al-sayed", "noura-al-harbi"]),
            ("language=ru", vec!["dmitri-volkov"]),
            (
                "category=gems-and-jewellery&vetted=1",
                vec!["fatima-al-sayed", "noura-al-harbi", "rohan-mehta"],
            ),
        ] {
            let mut found = shown(&app.page(&format!("/en/creators?{query}"), 200).await);
            found.sort();
            assert_eq!(found, expected, "{query}");
        }
        let available = shown(&app.page("/en/creators?available=1", 200).await);
        assert!(
            !available.contains(&"meera-iyer".to_owned()),
            "booked for the season"
        );
        assert_eq!(available.len(), all.len() - 1);
        let none = app.page("/en/creators?market=SA&language=ja", 200).await;
        assert!(none.contains("No creator matches these filters."));
        // A market nobody lists finds nobody, and the form still says it was chosen.
        let nobody = app.page("/en/creators?market=NZ", 200).await;
        assert!(nobody.contains(r#"<option value="NZ" selected"#));
        for bad in ["market=SAU", "language=1", "vetted=yes"] {
            app.page(&format!("/en/creators?{bad}"), 400).await;
        }

        // Sales put Kenji first, then Carlos; the rest follow.
        let kenji = hosted_stream(&app, "kenji-sato").await;
        let carlos = hosted_stream(&app, "carlos-ruiz").await;
        attributed_order(&app, kenji, "K-1", 900_000).await;
        attributed_order(&app, carlos, "C-1", 400_000).await;
        attributed_order(&app, carlos, "C-2", 400_000).await;
        let ranked = shown(&app.page("/en/creators", 200).await);
        assert_eq!(ranked[..2], ["kenji-sato", "carlos-ruiz"]);
        // In Chinese the market filter reads Chinese names.
        let zh = app.page("/zh/creators", 200).await;
        assert!(zh.contains("沙特阿拉伯"), "Saudi Arabia in Chinese");
    }
);

on_both_stores!(
    a_creator_s_record_is_computed_from_their_streams,
    true,
    |app: TestApp| async move {
        let stream = hosted_stream(&app, "li-wei").await;
        for (n, viewer) in ["u:1", "g:a", "g:b", "g:a"].into_iter().enumerate() {
            sqlx::query(
                "INSERT INTO viewer_sessions (session_key, stream_id, viewer, language, node, joined_at, seen_at, left_at)
                 VALUES ($1, $2, $3, 'zh', 'n', $4, $4 + 1000, $4 + 1000)",
            )
            .bind(format!("n:{n}"))
            .bind(stream)
            .bind(viewer)
            // Recent: raw sessions older than the kept period are purged.
            .bind(app::state::now_ms() - 60_000)
            .execute(app.db())
            .await
            .unwrap();
        }
        attributed_order(&app, stream, "L-1", 1_234_500).await;
        attributed_order(&app, stream, "L-2", 100_000).await;
        // A pending order is not a sale.
        attributed_order(&app, stream, "L-3", 5_000_000).await;
        sqlx::query("UPDATE orders SET state = 'pending' WHERE number = 'L-3'")
            .execute(app.db())
            .await
            .unwrap();
        // Two questions answered after 30 s and 90 s: 1 min 00 s on average.
        for (id, kind, at_ms, body) in [
            (1, "question", 0, r#"{"id":1}"#),
            (2, "question", 10_000, r#"{"id":2}"#),
            (3, "answered", 30_000, r#"{"question":1,"on":true}"#),
            (4, "answered", 100_000, r#"{"question":2,"on":true}"#),
        ] {
            sqlx::query(
                "INSERT INTO room_events (stream_id, id, kind, at_ms, body) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(stream)
            .bind(id)
            .bind(kind)
            .bind(at_ms)
            .bind(body)
            .execute(app.db())
            .await
            .unwrap();
        }
        let html = app.page("/en/creators/li-wei", 200).await;
        let record = &html[html.find(r#"data-testid="record""#).unwrap()..];
        let record = text(&record[..record.find("</dl>").unwrap()]);
        let figures = "Viewers 3 Orders 2 Sales ₹13,345.00 Average answer time 1 min 00 s";
        assert!(record.contains(figures), "{figures} in {record}");
        assert!(html.contains("Listed by Spices Board"), "listing shown");
        assert!(html.contains("Silk Road Live"), "agency shown");
        assert!(html.contains("@liwei.sourcing"), "audience shown");
        // In Chinese, the bio written in Chinese; in German, the English one with a note.
        let zh = app.page("/zh/creators/li-wei", 200).await;
        assert!(zh.contains("李薇走进产地"));
        let de = app.page("/de/creators/li-wei", 200).await;
        assert!(de.contains("Li Wei visits producers"));
        app.page("/en/creators/nobody-here", 404).await;
        let portrait = app.get("/media/portrait/li-wei-1f5c7a.svg").await;
        assert_eq!(portrait.status(), 200);
        app.page("/media/portrait/li-wei.svg", 404).await;
    }
);

on_both_stores!(
    a_person_becomes_a_creator_and_bad_fields_write_nothing,
    true,
    |app: TestApp| async move {
        let (_, token) = app.person("asha@creator.example", "Asha Verma").await;
        let form_page = app.get_as("/en/creator", Some(&token)).await;
        assert_eq!(form_page.status(), 200);
        assert_eq!(app.get("/en/creator").await.status(), 401);

        let creators_before: i64 = scalar(&app, "SELECT COUNT(*) FROM creators").await;
        let bad = [
            ("name", "Asha Verma"),
            ("headline", ""),
            ("bio_en", "Food host."),
            ("languages", "xx"),
            ("categories", "spices-and-tea"),
            ("fee", "-5"),
            ("commission", "75"),
            ("tiktok_handle", "@asha"),
            ("tiktok_followers", "many"),
        ];
        let response = app.post_form("/en/creator", &bad, Some(&token)).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        for message in [
            "Choose at least one.",
            "Choose from the list.",
            "Enter an amount in rupees, e.g. 25000.",
            "Enter a percentage from 0 to 50, e.g. 7.5.",
            "Enter a whole number.",
            "Fill in this field.",
        ] {
            assert!(html.contains(message), "{message}");
        }
        assert!(html.contains(r#"aria-describedby="markets-error""#));
        assert!(html.contains("@asha"), "typed values come back");
        let creators_after: i64 = scalar(&app, "SELECT COUNT(*) FROM creators").await;
        assert_eq!(creators_after, creators_before, "nothing written");
        // Neither a fee nor a commission: said so, in Arabic too.
        let unpaid = [
            ("name", "Asha Verma"),
            ("headline", "Food host"),
            ("bio_en", "Food host."),
            ("markets", "AE"),
            ("languages", "hi"),
            ("categories", "spices-and-tea"),
        ];
        let arabic = app.post_form("/ar/creator", &unpaid, Some(&token)).await;
        assert_eq!(arabic.status(), 422);
        assert!(
            arabic
                .text()
                .await
                .unwrap()
                .contains("أدخل أجرًا أو عمولة أو كليهما.")
        );

        let good = [
            ("name", "Asha Verma"),
            ("headline", "Hindi food host for the Gulf"),
            (
                "bio_en",
                "Asha cooks with Indian spices for Gulf audiences.",
            ),
            (
                "bio_local",
                "आशा खाड़ी के दर्शकों के लिए भारतीय मसालों से खाना बनाती हैं।",
            ),
            ("markets", "AE"),
            ("markets", "QA"),
            ("languages", "hi"),
            ("languages", "en"),
            ("categories", "spices-and-tea"),
            ("fee", "25000"),
            ("commission", "7.5"),
            ("instagram_handle", "@asha.cooks"),
            ("instagram_followers", "48000"),
            ("available", "1"),
        ];
        let saved = app.post_form("/hi/creator", &good, Some(&token)).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(saved.headers()["location"], "/hi/creators/asha-verma");
        let page = app.page("/en/creators/asha-verma", 200).await;
        for text in [
            "Hindi food host for the Gulf",
            "₹25,000.00",
            "7.5 %",
            "@asha.cooks",
            "Qatar",
        ] {
            assert!(page.contains(text), "{text}");
        }
        let hindi = app.page("/hi/creators/asha-verma", 200).await;
        assert!(hindi.contains("आशा खाड़ी के दर्शकों"));
        // A second save changes the same profile.
        let mut again = good.to_vec();
        again[1] = ("headline", "Gulf food host");
        let saved = app.post_form("/en/creator", &again, Some(&token)).await;
        assert_eq!(saved.status(), 303);
        let count: i64 = scalar(
            &app,
            "SELECT COUNT(*) FROM creators WHERE name = 'Asha Verma'",
        )
        .await;
        assert_eq!(count, 1);
        let markets: i64 = scalar(
            &app,
            "SELECT COUNT(*) FROM creator_markets m JOIN creators c ON c.id = m.creator_id WHERE c.slug = 'asha-verma'",
        )
        .await;
        assert_eq!(markets, 2);
        let own = app.get_as("/en/creators/asha-verma", Some(&token)).await;
        assert!(
            own.text()
                .await
                .unwrap()
                .contains("Edit your creator profile")
        );
        // Anonymous: sign in first, nothing written.
        let anonymous = app.post_form("/en/creator", &good, None).await;
        assert_eq!(anonymous.status(), 401);
    }
);

on_both_stores!(
    councils_list_and_withdraw_creators_and_agencies,
    true,
    |app: TestApp| async move {
        let (_, curator) = app.curator("curator@spices.example", "spices-board").await;
        let (_, buyer) = app.person("buyer@listing.example", "A Buyer").await;
        let listing = "/en/creators/carlos-ruiz/listing";
        let vetted = || async {
            shown(&app.page("/en/creators?vetted=1", 200).await).contains(&"carlos-ruiz".to_owned())
        };
        assert!(!vetted().await);

        // Only a curator lists; a buyer is refused before anything is read.
        let refused = app.post_form(listing, &[("list", "1")], Some(&buyer)).await;
        assert_eq!(refused.status(), 403);
        assert_eq!(
            app.post_form(listing, &[("list", "1")], None)
                .await
                .status(),
            401
        );
        let page = app.get_as("/en/creators/carlos-ruiz", Some(&curator)).await;
        assert!(
            page.text()
                .await
                .unwrap()
                .contains("List as vetted by Spices Board")
        );

        let listed = app
            .post_form(listing, &[("list", "1")], Some(&curator))
            .await;
        assert_eq!(listed.status(), 303);
        assert!(vetted().await);
        let html = app.page("/en/creators/carlos-ruiz", 200).await;
        assert!(html.contains("Listed by Spices Board"));
        assert!(html.contains("vetted by Council Curator on"));
        let twice = app
            .post_form(listing, &[("list", "1")], Some(&curator))
            .await;
        assert_eq!(twice.status(), 409);
        assert!(
            twice
                .text()
                .await
                .unwrap()
                .contains("Your council already lists this.")
        );

        let withdrawn = app
            .post_form(listing, &[("list", "0")], Some(&curator))
            .await;
        assert_eq!(withdrawn.status(), 303);
        assert!(!vetted().await);
        let again = app
            .post_form(listing, &[("list", "0")], Some(&curator))
            .await;
        assert_eq!(again.status(), 409);
        // Another council's curator cannot withdraw the Spices Board's listing of Li Wei.
        let (_, other) = app.curator("curator@mpeda.example", "mpeda").await;
        let foreign = app
            .post_form(
                "/en/creators/li-wei/listing",
                &[("list", "0")],
                Some(&other),
            )
            .await;
        assert_eq!(foreign.status(), 409);
        let li_wei = app.page("/en/creators/li-wei", 200).await;
        assert!(li_wei.contains("Listed by Spices Board"));
        // Nobody vets themselves: a curator with a creator profile of their own.
        let own = [
            ("name", "Curating Creator"),
            ("headline", "Host"),
            ("bio_en", "A host."),
            ("markets", "AE"),
            ("languages", "en"),
            ("categories", "spices-and-tea"),
            ("commission", "5"),
        ];
        let saved = app.post_form("/en/creator", &own, Some(&curator)).await;
        assert_eq!(saved.status(), 303);
        let selfish = app
            .post_form(
                "/en/creators/curating-creator/listing",
                &[("list", "1")],
                Some(&curator),
            )
            .await;
        assert_eq!(selfish.status(), 403);
        let history: i64 = scalar(
            &app,
            "SELECT COUNT(*) FROM vettings v JOIN creators c ON c.id = v.creator_id
              WHERE c.slug = 'carlos-ruiz' AND v.withdrawn_at IS NOT NULL",
        )
        .await;
        assert_eq!(history, 1, "a withdrawn listing stays as history");
        let missing = app
            .post_form(
                "/en/creators/nobody-here/listing",
                &[("list", "1")],
                Some(&curator),
            )
            .await;
        assert_eq!(missing.status(), 404);

        // Agencies: listed on their page, which shows the roster.
        let agency = app.page("/en/agencies/sutra-talent", 200).await;
        assert!(agency.contains("No council has listed this yet."));
        assert!(agency.contains("Rohan Mehta") && agency.contains("Priya Raghavan"));
        let listed = app
            .post_form(
                "/en/agencies/sutra-talent/listing",
                &[("list", "1")],
                Some(&curator),
            )
            .await;
        assert_eq!(listed.status(), 303);
        let agency = app.page("/en/agencies/sutra-talent", 200).await;
        assert!(agency.contains("Listed by Spices Board"));
        let rohan = app.page("/en/creators/rohan-mehta", 200).await;
        assert!(rohan.contains("Council-listed agency"));
    }
);

on_both_stores!(
    buyers_follow_and_unfollow_creators,
    true,
    |app: TestApp| async move {
        let (_, buyer) = app.person("fan@follow.example", "A Fan").await;
        let follow = "/en/creators/jordan-ellis/follow";
        assert_eq!(
            app.post_form(follow, &[("follow", "1")], None)
                .await
                .status(),
            401
        );
        for _ in 0..2 {
            let done = app
                .post_form(follow, &[("follow", "1")], Some(&buyer))
                .await;
            assert_eq!(done.status(), 303);
        }
        let followers: i64 = scalar(&app, "SELECT COUNT(*) FROM creator_follows").await;
        assert_eq!(followers, 1, "following twice is following once");
        let page = app.get_as("/en/creators/jordan-ellis", Some(&buyer)).await;
        let html = page.text().await.unwrap();
        assert!(html.contains("Unfollow"));
        assert!(text(&html).contains("Followers here 1"));
        let undone = app
            .post_form(follow, &[("follow", "0")], Some(&buyer))
            .await;
        assert_eq!(undone.status(), 303);
        let followers: i64 = scalar(&app, "SELECT COUNT(*) FROM creator_follows").await;
        assert_eq!(followers, 0);
    }
);
