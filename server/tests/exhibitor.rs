//! The exhibitor console over HTTP: products created, edited, archived and pictured by
//! their own booth only; staff invited by the owner; bad input refused with nothing saved —
//! on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use support::{TestApp, booth_in, scalar, with_changes};

fn product(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("op", "save".into()),
        ("name", name.to_owned()),
        ("category", "Spices".into()),
        (
            "summary",
            "Bold, bright green pods from the Cardamom Hills.".into(),
        ),
        (
            "description",
            "Hand-sorted 8 mm pods, dried slowly over wood fire.".into(),
        ),
        ("unit", "500 g pouch".into()),
        ("price", "1,250.50".into()),
        ("stock", "40".into()),
        ("moq", "2".into()),
        ("max_per_order", "20".into()),
        ("hs_code", "0908.31".into()),
        ("origin", "Idukki, Kerala".into()),
        ("weight_grams", "520".into()),
        ("incoterm_fob", "on".into()),
        ("incoterm_cif", "on".into()),
        ("incoterm_ddp", "on".into()),
    ]
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(
    app: &TestApp,
    path: &str,
    bytes: Vec<u8>,
    name: &str,
    token: Option<&str>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("image/png")
        .unwrap();
    let form = reqwest::multipart::Form::new().part("image", part);
    let mut request = app
        .client
        .post(format!("{}{path}", app.base))
        .multipart(form);
    if let Some(token) = token {
        request = request.header("cookie", format!("pavilion_session={token}"));
    }
    request.send().await.unwrap()
}

on_both_stores!(
    an_exhibitor_adds_a_product_that_buyers_see,
    true,
    |app: TestApp| async move {
        let booth_a = scalar::<String>(&app, &booth_in("spices-and-tea")).await;
        let booth_b = scalar::<String>(&app, &booth_in("seafood")).await;
        let (_, owner) = app.member("owner@a.example", &booth_a, "owner").await;
        let (_, staff_b) = app.member("staff@b.example", &booth_b, "staff").await;
        let (_, buyer) = app.person("buyer@example.com", "Buyer").await;

        let home = app.get_as("/en/exhibitor", Some(&owner)).await;
        assert_eq!(home.status(), 200);
        assert!(home.text().await.unwrap().contains("Add a product"));
        assert_eq!(app.get_as("/en/exhibitor", None).await.status(), 401);
        assert_eq!(
            app.get_as("/en/exhibitor", Some(&buyer)).await.status(),
            403
        );

        // Bad input: every problem next to its field, 422, nothing saved.
        let products = "SELECT CAST(COUNT(*) AS BIGINT) FROM products";
        let before = scalar::<i64>(&app, products).await;
        let form = product("Idukki Green Cardamom 8mm");
        let bad = with_changes(
            &form,
            &[
                ("price", "12.345"),
                ("max_per_order", "1"),
                ("hs_code", "09"),
                ("name", ""),
            ],
        );
        let response = app
            .post_form("/en/exhibitor/new-product", &bad, Some(&owner))
            .await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        for message in [
            "Enter a price above zero, e.g. 1250.50.",
            "The largest order cannot be below the minimum order.",
            "An HS code has 4 to 10 digits, with optional dots.",
            "Fill in this field.",
        ] {
            assert!(html.contains(message), "{message}");
        }
        let hindi = app
            .post_form(
                "/hi/exhibitor/new-product",
                &with_changes(&form, &[("stock", "-1")]),
                Some(&owner),
            )
            .await;
        assert_eq!(hindi.status(), 422);
        assert!(
            hindi
                .text()
                .await
                .unwrap()
                .contains("यह संख्या सीमा से बाहर है।")
        );
        assert_eq!(scalar::<i64>(&app, products).await, before);

        // A good product: published at once, in rupees, findable.
        let response = app
            .post_form(
                "/en/exhibitor/new-product",
                &with_changes(&form, &[]),
                Some(&owner),
            )
            .await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(location, "/en/exhibitor/products/idukki-green-cardamom-8mm");
        let price: i64 = scalar::<i64>(
            &app,
            "SELECT price_minor FROM products WHERE slug = 'idukki-green-cardamom-8mm'",
        )
        .await;
        assert_eq!(price, 125_050, "paise, never floats");
        let public = app
            .page("/en/products/idukki-green-cardamom-8mm", 200)
            .await;
        assert!(public.contains("Idukki Green Cardamom 8mm"));
        let found = app.page("/en/search?q=cardamom%208mm", 200).await;
        assert!(
            found.contains("/en/products/idukki-green-cardamom-8mm"),
            "search sees it at once"
        );
        assert_eq!(
            app.post_form(
                "/en/exhibitor/new-product",
                &with_changes(&form, &[]),
                Some(&owner)
            )
            .await
            .status(),
            409,
            "one name per product in a booth"
        );

        // Edit, archive (buyers stop seeing it), restore.
        let edit = "/en/exhibitor/products/idukki-green-cardamom-8mm";
        let response = app
            .post_form(
                edit,
                &with_changes(&form, &[("price", "1399")]),
                Some(&owner),
            )
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            scalar::<i64>(
                &app,
                "SELECT price_minor FROM products WHERE slug = 'idukki-green-cardamom-8mm'"
            )
            .await,
            139_900
        );
        assert_eq!(
            app.post_form(edit, &[("op", "archive")], Some(&owner))
                .await
                .status(),
            303
        );
        assert_eq!(
            app.get("/en/products/idukki-green-cardamom-8mm")
                .await
                .status(),
            404
        );
        assert_eq!(
            app.post_form(edit, &[("op", "archive")], Some(&owner))
                .await
                .status(),
            409
        );
        assert_eq!(
            app.post_form(edit, &[("op", "restore")], Some(&owner))
                .await
                .status(),
            303
        );
        assert_eq!(
            app.get("/en/products/idukki-green-cardamom-8mm")
                .await
                .status(),
            200
        );

        // Another booth's staff cannot see or touch it; nor can buyers or anonymous visitors.
        assert_eq!(app.get_as(edit, Some(&staff_b)).await.status(), 404);
        let snapshot = "SELECT name || price_minor || status FROM products WHERE slug = 'idukki-green-cardamom-8mm'";
        let before = scalar::<String>(&app, snapshot).await;
        for (token, status) in [
            (Some(staff_b.as_str()), 404),
            (Some(buyer.as_str()), 403),
            (None, 401),
        ] {
            let changed = with_changes(&form, &[("price", "1")]);
            assert_eq!(app.post_form(edit, &changed, token).await.status(), status);
            assert_eq!(
                app.post_form(edit, &[("op", "archive")], token)
                    .await
                    .status(),
                status
            );
            let response =
                upload(&app, &format!("{edit}/images"), png(10, 10), "x.png", token).await;
            assert_eq!(response.status(), status);
        }
        assert_eq!(
            scalar::<String>(&app, snapshot).await,
            before,
            "refused calls changed nothing"
        );

        // Pictures: the bytes decide, not the name; large ones are resized and re-encoded.
        let images = format!("{edit}/images");
        let pictures = "SELECT CAST(COUNT(*) AS BIGINT) FROM product_images";
        let before = scalar::<i64>(&app, pictures).await;
        let response = upload(
            &app,
            &images,
            b"<svg onload=alert(1)>".to_vec(),
            "cat.png",
            Some(&owner),
        )
        .await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Upload a JPEG, PNG or WebP image.")
        );
        let response = upload(
            &app,
            &images,
            vec![0x89; 6 * 1024 * 1024],
            "huge.png",
            Some(&owner),
        )
        .await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("The image is too large.")
        );
        assert_eq!(scalar::<i64>(&app, pictures).await, before);
        let response = upload(&app, &images, png(2400, 1200), "estate.png", Some(&owner)).await;
        assert_eq!(response.status(), 303);
        let src = scalar::<String>(&app, "SELECT i.src FROM product_images i JOIN products p ON p.id = i.product_id WHERE p.slug = 'idukki-green-cardamom-8mm' AND i.position = 0").await;
        assert!(
            src.starts_with("/media/uploads/") && src.ends_with(".jpg"),
            "{src}"
        );
        let served = app.get(&src).await;
        assert_eq!(served.status(), 200);
        let bytes = served.bytes().await.unwrap();
        let stored = image::load_from_memory(&bytes).unwrap();
        assert_eq!((stored.width(), stored.height()), (1600, 800));
        assert!(
            app.page("/en/products/idukki-green-cardamom-8mm", 200)
                .await
                .contains(&src)
        );
    }
);

on_both_stores!(the_owner_invites_staff, true, |app: TestApp| async move {
    let booth_a = scalar::<String>(&app, &booth_in("spices-and-tea")).await;
    let (_, owner) = app.member("owner@a.example", &booth_a, "owner").await;
    let (_, staff) = app.member("staff@a.example", &booth_a, "staff").await;

    assert_eq!(
        app.post_form(
            "/en/exhibitor/staff",
            &[("email", "new@a.example")],
            Some(&staff)
        )
        .await
        .status(),
        403,
        "only the owner invites"
    );
    let response = app
        .post_form(
            "/en/exhibitor/staff",
            &[("email", "not an address")],
            Some(&owner),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        app.post_form(
            "/en/exhibitor/staff",
            &[("email", "staff@a.example")],
            Some(&owner)
        )
        .await
        .status(),
        409,
        "already on a team"
    );
    assert_eq!(
        scalar::<i64>(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM staff_invitations"
        )
        .await,
        0
    );
    let response = app
        .post_form(
            "/en/exhibitor/staff",
            &[("email", "Ravi@A.example")],
            Some(&owner),
        )
        .await;
    assert_eq!(response.status(), 303);
    let body = scalar::<String>(
        &app,
        "SELECT body FROM outbox WHERE recipient = 'ravi@a.example'",
    )
    .await;
    let link = body
        .lines()
        .find(|l| l.contains("/account/invitations/"))
        .expect("a link")
        .trim()
        .to_owned();
    let path = link.trim_start_matches("http://127.0.0.1").to_owned();

    let (_, stranger) = app.person("stranger@example.com", "Stranger").await;
    assert_eq!(
        app.post_form(&path, &[], Some(&stranger)).await.status(),
        403,
        "another address"
    );
    assert_eq!(app.post_form(&path, &[], None).await.status(), 401);
    assert_eq!(
        app.get("/en/account/invitations/deadbeef").await.status(),
        404
    );
    // Ravi signed up himself and never opened the welcome link; the invitation, mailed to his
    // address, proves it as well.
    let (ravi_id, ravi) = app.unconfirmed_person("ravi@a.example", "Ravi").await;
    let page = app.get_as(&path, Some(&ravi)).await.text().await.unwrap();
    assert!(page.contains("Join "), "the reader may join");
    assert_eq!(app.post_form(&path, &[], Some(&ravi)).await.status(), 303);
    let role = scalar::<String>(
        &app,
        &format!("SELECT role FROM booth_members WHERE user_id = {ravi_id}"),
    )
    .await;
    assert_eq!(role, "staff");
    let confirmed = scalar::<i64>(
        &app,
        &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE id = {ravi_id} AND email_verified_at IS NOT NULL"),
    )
    .await;
    assert_eq!(confirmed, 1, "the invitation confirmed the address");
    assert_eq!(
        app.post_form(&path, &[], Some(&ravi)).await.status(),
        409,
        "once only"
    );
    assert_eq!(app.get_as("/en/exhibitor", Some(&ravi)).await.status(), 200);
    // Invitations are limited per sender: the booth's name is not a way to mail anyone.
    let mut sent = 2; // the refused duplicate and Ravi's
    loop {
        let email = format!("invitee{sent}@a.example");
        let status = app
            .post_form(
                "/en/exhibitor/staff",
                &[("email", email.as_str())],
                Some(&owner),
            )
            .await
            .status();
        if status == 429 {
            break;
        }
        assert_eq!(status, 303);
        sent += 1;
        assert!(sent <= app::exhibitor::store::INVITES_PER_HOUR, "no limit");
    }
    assert_eq!(sent, app::exhibitor::store::INVITES_PER_HOUR);
});
