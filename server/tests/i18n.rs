//! The multilingual, multi-currency pavilion: every page in every locale, prices in the
//! buyer's currency, the FX table, search in every script, the translators' round trip and
//! the sitemap. Each runs on SQLite and on PostgreSQL.

mod support;

use app::i18n::Locale;
use app::i18n::exchange::{self, Format, Scope};
use app::i18n::fx;
use std::collections::BTreeMap;

const PRODUCT: &str = "/products/tellicherry-black-pepper-extra-bold";

/// The UI strings of one locale, read from the same files the build compiles.
fn strings(locale: Locale) -> BTreeMap<String, String> {
    let path = format!(
        "{}/../app/locales/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        locale.code()
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("locale file")).expect("JSON")
}

/// What `text` looks like in an HTML text node.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

on_both_stores!(
    every_page_in_every_locale,
    true,
    |app: support::TestApp| async move {
        for locale in Locale::ALL {
            let s = strings(locale);
            let dir = if locale.is_rtl() { "rtl" } else { "ltr" };
            for path in [
                "/",
                "/halls/spices-and-tea",
                "/booths/malabar-coast-spice-co",
                PRODUCT,
                "/search?q=pepper",
            ] {
                let page = app.page(&format!("/{}{path}", locale.code()), 200).await;
                assert!(
                    page.contains(&format!(r#"lang="{}""#, locale.code()))
                        && page.contains(&format!(r#"dir="{dir}""#)),
                    "{locale}{path}: lang and dir"
                );
                assert!(
                    page.contains(&html(&s["skip_to_content"])),
                    "{locale}{path}: the header is translated"
                );
            }
            let product = app.page(&format!("/{}{PRODUCT}", locale.code()), 200).await;
            assert!(
                product.contains(&html(&s["description"])),
                "{locale}: product headings"
            );
            assert!(
                product.contains(&html(&s["spec_hs_code"])),
                "{locale}: product specs"
            );
            let booth = app
                .page(
                    &format!("/{}/booths/malabar-coast-spice-co", locale.code()),
                    200,
                )
                .await;
            assert!(
                booth.contains(&html(&s["about_company"])),
                "{locale}: booth headings"
            );
        }
    }
);

on_both_stores!(
    prices_follow_the_buyers_currency,
    true,
    |app: support::TestApp| async move {
        // German readers see euros (1.450 INR at 89.105 INR/EUR = 16,27 €) with the INR
        // list price beside it and the rate's date.
        let de = app.page(&format!("/de{PRODUCT}"), 200).await;
        assert!(de.contains("16,27\u{a0}€"), "price in EUR, German style");
        assert!(
            de.contains("Listenpreis 1.450,00\u{a0}₹"),
            "INR beside it, German style"
        );
        assert!(de.contains("Wechselkurs vom"));
        // Japanese: yen have no minor unit; 1,450 / 0.559 = 2,593.9 → ￥2,594.
        let ja = app.page(&format!("/ja{PRODUCT}"), 200).await;
        assert!(ja.contains("￥2,594"), "JPY without decimals");
        // Hindi readers pay in rupees: no conversion, Indian grouping.
        let hi = app.page(&format!("/hi{PRODUCT}"), 200).await;
        assert!(hi.contains("₹1,450.00") && !hi.contains("सूचीबद्ध मूल्य"));
        // A chosen currency, by query and by cookie.
        let gbp = app.page(&format!("/en{PRODUCT}?currency=gbp"), 200).await;
        assert!(gbp.contains("£13.63"), "1,450 / 106.42 = 13.625… → 13.63");
        let response = app
            .get_with(
                &format!("/ar{PRODUCT}"),
                &[("cookie", "pavilion_currency=SAR")],
            )
            .await;
        let ar = response.text().await.expect("body");
        assert!(ar.contains("64.59"), "1,450 / 22.451 = 64.585… SAR");
        // An unknown code falls back with a notice, never an error.
        let unknown = app.page(&format!("/fr{PRODUCT}?currency=XYZ"), 200).await;
        assert!(
            unknown.contains("« XYZ »") && unknown.contains("16,27"),
            "notice and EUR"
        );
        // The region in Accept-Language picks the currency when nothing else does.
        let response = app
            .get_with(
                &format!("/en{PRODUCT}"),
                &[("accept-language", "en-AU,en;q=0.8")],
            )
            .await;
        assert!(response.text().await.expect("body").contains("A$26.41"));
    }
);

on_both_stores!(
    preferences_are_remembered,
    true,
    |app: support::TestApp| async move {
        let response = app
            .get("/prefs?locale=ar&next=/ar/products/tellicherry-black-pepper-extra-bold")
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], format!("/ar{PRODUCT}"));
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
        assert!(cookie.starts_with("pavilion_locale=ar;") && cookie.contains("SameSite=Lax"));
        // The remembered locale wins at `/`.
        let root = app
            .get_with(
                "/",
                &[("cookie", "pavilion_locale=ar"), ("accept-language", "de")],
            )
            .await;
        assert_eq!(root.headers()["location"], "/ar/");
        let response = app.get("/prefs?currency=EUR&next=/en/").await;
        assert_eq!(response.status(), 303);
        assert!(
            response.headers()["set-cookie"]
                .to_str()
                .expect("ascii")
                .starts_with("pavilion_currency=EUR;")
        );
        // Unknown currency: nothing stored, the page explains.
        let response = app.get("/prefs?currency=ZZZ&next=/en/").await;
        assert_eq!(response.headers()["location"], "/en/?currency=ZZZ");
        assert!(response.headers().get("set-cookie").is_none());
        // Unknown locale: a 400 that says why; other sites are never a destination.
        let bad = app.get("/prefs?locale=xx&next=/en/").await;
        assert_eq!(bad.status(), 400);
        assert!(bad.text().await.expect("body").contains("unknown locale"));
        for next in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            // A tab or a newline after the slash: browsers drop it and leave the site.
            "/%09/evil.example",
            "/%0d%0aX:1",
            "/%0a/evil.example",
            // Only the pavilion's own pages, under a locale.
            "/api/v1/orders",
            "/xx/",
            "/en%5c..",
        ] {
            let response = app.get(&format!("/prefs?currency=USD&next={next}")).await;
            assert_eq!(response.status(), 303, "{next}");
            assert_eq!(response.headers()["location"], "/", "{next}");
        }
        let response = app
            .get("/prefs?currency=USD&next=/de/halls/spices?x=1")
            .await;
        assert_eq!(response.headers()["location"], "/de/halls/spices?x=1");
        // A malformed Accept-Language is ignored.
        let root = app
            .get_with("/", &[("accept-language", ";;q=x,,-,*;q=2")])
            .await;
        assert_eq!(root.headers()["location"], "/en/");
    }
);

on_both_stores!(
    search_finds_every_script,
    true,
    |app: support::TestApp| async move {
        let cases = [
            ("zh", "黑胡椒", "代利杰里特级黑胡椒"),
            ("hi", "काली मिर्च", "तेलीचेरी काली मिर्च"),
            ("ar", "فلفل", "فلفل أسود تيليتشيري"),
            ("es", "CURCUMA", "Cúrcuma de Salem"),
            ("en", "tellicherry", "Tellicherry Black Pepper"),
        ];
        for (locale, query, expected) in cases {
            let encoded: String = query.bytes().map(|b| format!("%{b:02X}")).collect();
            let page = app
                .page(&format!("/{locale}/search?q={encoded}"), 200)
                .await;
            assert!(page.contains(expected), "{locale} {query}");
            assert!(page.contains("<mark>"), "{locale} {query}: highlighted");
        }
        // A Latin query on a Chinese page finds the product and shows its Chinese name.
        let page = app.page("/zh/search?q=Tellicherry", 200).await;
        assert!(page.contains("代利杰里特级黑胡椒"));
        // One Latin letter is not a search (it would match nearly everything); one Chinese
        // character is.
        let short = app.page("/en/search?q=a", 200).await;
        assert!(short.contains("Type at least 2 letters"), "too short");
        assert!(!short.contains("<mark>"));
        let tea = app.page("/zh/search?q=%E8%8C%B6", 200).await;
        assert!(!tea.contains("至少输入"), "one ideograph searches");
        let none = app.page("/en/search?q=zzzqqq", 200).await;
        assert!(none.contains("Nothing matches"));
        let long = "a".repeat(101);
        let page = app.page(&format!("/en/search?q={long}"), 200).await;
        assert!(page.contains("at most 100 characters"));
        // Booths are found by place and tagline too.
        let page = app.page("/en/search?q=kochi", 200).await;
        assert!(page.contains("search-booths"));
    }
);

on_both_stores!(
    fx_import_is_all_or_nothing,
    true,
    |app: support::TestApp| async move {
        let bad = "currency,inr_per_unit,as_of\nUSD,90,2026-11-27T00:00:00Z\nEUR,abc,2026-11-27T00:00:00Z\n";
        let errors = fx::parse_csv(bad).expect_err("bad rate");
        assert_eq!(errors[0].line, 3);
        let good = "currency,inr_per_unit,as_of\nUSD,100,2026-11-27T00:00:00Z\n";
        let rates = fx::parse_csv(good).expect("valid");
        fx::store(app.db(), &rates, app::state::now())
            .await
            .expect("stored");
        let page = app.page(&format!("/en{PRODUCT}"), 200).await;
        assert!(page.contains("$14.50"), "1,450 INR at 100 INR/USD");
        let eur = app.page(&format!("/de{PRODUCT}"), 200).await;
        assert!(eur.contains("16,27"), "other rates untouched");
    }
);

on_both_stores!(
    translations_round_trip,
    true,
    |app: support::TestApp| async move {
        let db = app.db();
        let scope = Scope::Booth("malabar-coast-spice-co".into());
        let units = exchange::units(db, &scope, Locale::Ja)
            .await
            .expect("units");
        assert!(units.iter().all(|u| u.target.is_none()), "no Japanese yet");
        assert!(
            units
                .iter()
                .any(|u| u.id == "product:tellicherry-black-pepper-extra-bold:name")
        );
        // The translator fills in two texts in the XLIFF.
        let mut xliff = exchange::write(Format::Xliff, Locale::Ja, &scope, &units);
        for (id, text) in [
            (
                "product:tellicherry-black-pepper-extra-bold:name",
                "テリチェリー黒胡椒 エクストラボールド",
            ),
            (
                "booth:malabar-coast-spice-co:tagline",
                "ケーララ州のスパイス農園から",
            ),
        ] {
            let unit = xliff.find(&format!("id=\"{id}\"")).expect("unit");
            let target = unit
                + xliff[unit..]
                    .find("needs-translation\"></target>")
                    .expect("target");
            let at = target + "needs-translation\">".len();
            xliff.insert_str(at, text);
        }
        let rows = exchange::parse(Format::Xliff, xliff.as_bytes(), Locale::Ja).expect("parses");
        let written = exchange::import(db, Locale::Ja, &rows)
            .await
            .expect("db")
            .expect("valid");
        assert_eq!(written, rows.len());
        app::pavilion::search::reindex(db).await.expect("reindex");
        let page = app.page(&format!("/ja{PRODUCT}"), 200).await;
        assert!(page.contains("テリチェリー黒胡椒"));
        assert!(
            page.contains("このページの一部はまだ翻訳されておらず"),
            "summary still English"
        );
        let found = app
            .page("/ja/search?q=%E9%BB%92%E8%83%A1%E6%A4%92", 200)
            .await;
        assert!(
            found.contains("テリチェリー黒胡椒"),
            "a Japanese query finds the Japanese name"
        );
        // A bad file changes nothing and names every bad line.
        let csv = format!(
            "locale,id,source,target\n\
             ja,product:tellicherry-black-pepper-extra-bold:name,x,上書き\n\
             ja,product:no-such-product:name,x,y\n\
             ja,booth:malabar-coast-spice-co:colour,x,y\n\
             ja,booth:malabar-coast-spice-co:tagline,x,{}\n",
            "長".repeat(201)
        );
        let rows = exchange::parse(Format::Csv, csv.as_bytes(), Locale::Ja).expect("readable");
        let errors = exchange::import(db, Locale::Ja, &rows)
            .await
            .expect("db")
            .expect_err("invalid");
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 4, 5]);
        let page = app.page(&format!("/ja{PRODUCT}"), 200).await;
        assert!(page.contains("テリチェリー黒胡椒") && !page.contains("上書き"));
    }
);

on_both_stores!(
    sitemap_lists_every_page_in_every_locale,
    true,
    |app: support::TestApp| async move {
        let response = app.get("/sitemap.xml").await;
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("application/xml")
        );
        let xml = response.text().await.expect("body");
        // 1 home + 6 halls + 24 booths + 120 products + 12 streams + the creators' directory,
        // 12 creators and 3 agencies, in 10 locales.
        assert_eq!(xml.matches("<url>").count(), 179 * 10);
        assert_eq!(xml.matches(r#"hreflang="x-default""#).count(), 179 * 10);
        assert!(
            xml.contains(&format!("<loc>http://127.0.0.1:3000/ar{PRODUCT}</loc>"))
                || xml.contains(&format!("/ar{PRODUCT}</loc>"))
        );
        let robots = app.page("/robots.txt", 200).await;
        assert!(robots.contains("Sitemap: ") && robots.contains("/sitemap.xml"));
    }
);
