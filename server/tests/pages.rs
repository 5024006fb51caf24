//! Browsing the pavilion over HTTP: real pages from the database, correct heads, real 404s,
//! locale negotiation and bad input — on SQLite and on PostgreSQL.

mod support;

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

on_both_stores!(
    home_lists_halls_featured_live_and_upcoming,
    true,
    |app: support::TestApp| async move {
        let html = app.page("/en/", 200).await;
        assert!(
            html.contains("<title>Source from India, live · India Pavilion</title>"),
            "title"
        );
        assert!(
            html.contains(r#"<link href="http://127.0.0.1/en/" rel="canonical">"#),
            "canonical"
        );
        assert!(html.contains(r#"<meta name="description""#));
        // The test payment provider is on: every page says so.
        assert!(
            html.contains("TEST MODE — no real payments"),
            "test mode band"
        );
        for hall in [
            "Spices &amp; Tea",
            "Seafood",
            "Textiles &amp; Apparel",
            "Handicrafts &amp; Home",
            "Gems &amp; Jewellery",
            "Processed Food",
        ] {
            assert!(html.contains(hall), "hall {hall}");
        }
        assert_eq!(count(&html, "class=\"hall-tile\""), 6);
        assert_eq!(
            count(&html, "class=\"booth-card\""),
            6,
            "one featured booth per hall"
        );
        assert_eq!(
            count(&html, "stream-card stream-card--live"),
            1,
            "one live stream"
        );
        assert!(
            count(&html, "stream-card stream-card--scheduled") >= 5,
            "upcoming streams"
        );
        assert!(html.contains("Pepper grading, live from the Kochi warehouse"));
        assert!(
            html.contains("Starts in"),
            "countdowns render on the server"
        );
        assert!(html.contains(r#"hreflang="x-default""#) && html.contains(r#"hreflang="ar""#));
    }
);

on_both_stores!(
    hall_booth_and_product_pages_come_from_the_database,
    true,
    |app: support::TestApp| async move {
        let hall = app.page("/en/halls/spices-and-tea", 200).await;
        assert!(hall.contains("<title>Spices & Tea · India Pavilion</title>"));
        assert!(hall.contains("Spices Board India"));
        assert_eq!(
            count(&hall, "class=\"floor-plan__booth"),
            4,
            "four booths on the plan"
        );
        assert!(hall.contains(r#"href="/en/booths/malabar-coast-spice-co""#));

        let booth = app.page("/en/booths/malabar-coast-spice-co", 200).await;
        assert!(booth.contains("<title>Malabar Coast Spice Co. · India Pavilion</title>"));
        assert_eq!(count(&booth, "class=\"product-card\""), 5);
        assert!(
            booth.contains("IEC verified")
                && booth.contains("Spices Board registered")
                && booth.contains("India Organic")
        );
        assert!(booth.contains(r#""@type":"Organization""#), "JSON-LD");

        let product = app
            .page("/en/products/tellicherry-black-pepper-extra-bold", 200)
            .await;
        assert!(
            product
                .contains("<title>Tellicherry Black Pepper, Extra Bold · India Pavilion</title>")
        );
        assert!(product.contains(r#"<link href="http://127.0.0.1/en/products/tellicherry-black-pepper-extra-bold" rel="canonical">"#));
        assert!(
            product.contains("₹1,450.00"),
            "price in INR with Indian grouping"
        );
        assert!(
            product.contains(r#""@type":"Product""#) && product.contains(r#""price":"1450.00""#)
        );
        assert!(
            product.contains(r#"name="quantity""#),
            "the stepper's input works without JavaScript"
        );
        assert!(product.contains("/media/art/heap-2b1d14-1.svg"));
        assert!(product.contains("HS code") && product.contains("0904.11"));
    }
);

on_both_stores!(
    translations_fall_back_to_english_with_a_note,
    true,
    |app: support::TestApp| async move {
        let hindi = app
            .page("/hi/products/tellicherry-black-pepper-extra-bold", 200)
            .await;
        assert!(hindi.contains("तेलीचेरी काली मिर्च, एक्स्ट्रा बोल्ड"));
        assert!(hindi.contains(r#"lang="hi""#));
        assert!(!hindi.contains("अभी अनुवाद नहीं हुआ"));
        let arabic = app.page("/ar/halls/seafood", 200).await;
        assert!(arabic.contains(r#"dir="rtl""#) && arabic.contains("المأكولات البحرية"));
        let french = app
            .page("/fr/products/tellicherry-black-pepper-extra-bold", 200)
            .await;
        assert!(french.contains("Tellicherry Black Pepper, Extra Bold"));
        assert!(
            french.contains("ne sont pas encore traduites"),
            "the fallback note, in French"
        );
    }
);

on_both_stores!(
    badges_show_only_when_verified_and_unexpired,
    true,
    |app: support::TestApp| async move {
        // Guntur's Spices Board certificate has expired; Khurja's GSTIN is not verified yet.
        let guntur = app.page("/en/booths/guntur-sannam-traders", 200).await;
        assert!(guntur.contains("IEC verified"));
        assert!(!guntur.contains("Spices Board registered"));
        let khurja = app.page("/en/booths/khurja-ceramic-studio", 200).await;
        assert!(khurja.contains("IEC verified") && !khurja.contains("GST verified"));
    }
);

on_both_stores!(
    sold_out_products_say_so,
    true,
    |app: support::TestApp| async move {
        let html = app.page("/en/products/whole-nutmeg-with-mace", 200).await;
        assert!(html.contains("Sold out for now"));
        assert!(
            !html.contains(r#"name="quantity""#),
            "no stepper when nothing can be bought"
        );
    }
);

on_both_stores!(
    stream_page_shows_state_and_hosts,
    true,
    |app: support::TestApp| async move {
        let live = app
            .page(
                "/en/streams/pepper-grading-live-from-the-kochi-warehouse",
                200,
            )
            .await;
        assert!(live.contains("state state--live") && live.contains("Anjali Menon"));
        assert!(live.contains(r#""@type":"Event""#));
        let upcoming = app
            .page("/en/streams/shrimp-sizes-explained-16-20-to-31-40", 200)
            .await;
        assert!(upcoming.contains("Starts in"));
        assert!(
            upcoming.contains("CST"),
            "shown in the event's own zone (Asia/Shanghai)"
        );
    }
);

on_both_stores!(
    unknown_things_are_real_404_pages,
    true,
    |app: support::TestApp| async move {
        for path in [
            "/en/booths/no-such-booth",
            "/en/products/no-such-product",
            "/en/halls/no-such-hall",
            "/en/streams/no-such-stream",
            "/en/booths/UPPER-case",
            "/xx/",
            "/xx/halls/seafood",
            "/en/no/such/page",
            "/nothing-here",
        ] {
            let html = app.page(path, 404).await;
            assert!(
                html.contains("This stall is empty"),
                "{path} renders the 404 page"
            );
        }
    }
);

on_both_stores!(
    root_negotiates_the_locale,
    false,
    |app: support::TestApp| async move {
        let cases: [(&[(&str, &str)], &str); 5] = [
            (&[], "/en/"),
            (&[("accept-language", "de-DE,de;q=0.9,en;q=0.8")], "/de/"),
            (&[("accept-language", "pt-BR")], "/pt/"),
            (&[("accept-language", "sv, zh-CN;q=0.5")], "/zh/"),
            (
                &[("cookie", "pavilion_locale=ja"), ("accept-language", "de")],
                "/ja/",
            ),
        ];
        for (headers, expected) in cases {
            let mut request = app.client.get(format!("{}/", app.base));
            for (k, v) in headers {
                request = request.header(*k, *v);
            }
            let response = request.send().await.expect("request");
            assert_eq!(response.status().as_u16(), 303, "{headers:?}");
            assert_eq!(response.headers()["location"], expected, "{headers:?}");
        }
        let bad_cookie = app
            .client
            .get(format!("{}/", app.base))
            .header("cookie", "pavilion_locale=xx")
            .send()
            .await
            .expect("request");
        assert_eq!(bad_cookie.headers()["location"], "/en/");
        let bare = app.get("/fr").await;
        assert_eq!(bare.status().as_u16(), 308);
        assert_eq!(bare.headers()["location"], "/fr/");
    }
);

on_both_stores!(
    malformed_queries_are_400,
    true,
    |app: support::TestApp| async move {
        let body = app.page("/en/?q=%ZZ", 400).await;
        assert!(body.contains("query string is malformed"));
        app.page(
            "/en/products/tellicherry-black-pepper-extra-bold?image=%FF",
            400,
        )
        .await;
        let html = app
            .page(
                "/en/products/tellicherry-black-pepper-extra-bold?image=abc",
                400,
            )
            .await;
        assert!(html.contains("That request did not look right"));
        app.page(
            "/en/products/tellicherry-black-pepper-extra-bold?image=9",
            400,
        )
        .await;
        let second = app
            .page(
                "/en/products/tellicherry-black-pepper-extra-bold?image=2",
                200,
            )
            .await;
        assert!(second.contains(r#"src="/media/art/heap-2b1d14-2.svg" alt="Tellicherry Black Pepper, Extra Bold, close-up" width="800""#), "the second image is the large one");
    }
);

on_both_stores!(
    machines_get_health_robots_and_media,
    false,
    |app: support::TestApp| async move {
        assert_eq!(app.page("/healthz", 200).await, "ok");
        assert!(app.page("/robots.txt", 200).await.contains("User-agent: *"));
        let art = app.get("/media/art/jar-b3122e-2.svg").await;
        assert_eq!(art.status().as_u16(), 200);
        assert_eq!(art.headers()["content-type"], "image/svg+xml");
        assert!(art.text().await.expect("svg").starts_with("<svg"));
        app.page("/media/art/jar-b3122e-7.svg", 404).await;
        app.page("/media/motif/nope.svg", 404).await;
        assert!(app.page("/favicon.ico", 200).await.contains("<svg"));
        let manifest: serde_json::Value =
            serde_json::from_str(&app.page("/manifest.webmanifest", 200).await).expect("json");
        assert_eq!(manifest["icons"][0]["src"], "/favicon.svg");
        let headers = app.get("/en/").await;
        assert_eq!(headers.headers()["x-content-type-options"], "nosniff");
    }
);
