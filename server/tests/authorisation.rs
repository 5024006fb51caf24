//! The authorisation matrix: every mutating route of the pavilion, asked by each kind of
//! caller — nobody, a buyer, the owner of booth A, the owner of booth B, a curator of hall
//! X's council, a curator of another council, an administrator — with the status each must
//! get, from one table, on SQLite and on PostgreSQL (with the pages that show a stream's
//! figures, which write nothing). A refused call changes nothing; an
//! allowed call that writes really writes. The live room's commands, which travel over one
//! socket, get the same callers at the end.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use app::live::model::Command;
use serde_json::Value;
use support::{TestApp, scalar};

/// Hall X, curated by the Spices Board; booth A stands in it and has a stream.
const HALL: &str = "spices-and-tea";
const COUNCIL_X: &str = "spices-board";
/// Booth B stands in a hall of another council.
const OTHER_HALL: &str = "seafood";
const COUNCIL_Y: &str = "mpeda";

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Actor {
    Anonymous,
    Buyer,
    OwnerA,
    OwnerB,
    CuratorX,
    CuratorY,
    Admin,
}
use Actor::*;

const ACTORS: [Actor; 7] = [Anonymous, Buyer, OwnerA, OwnerB, CuratorX, CuratorY, Admin];

/// What a caller must get: a status, and whether the call wrote something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Expect {
    status: u16,
    writes: bool,
}

/// Allowed, and it writes.
const fn done(status: u16) -> Expect {
    Expect {
        status,
        writes: true,
    }
}

/// Answered with `status`, nothing written (a refusal, or a call that changes nothing).
const fn same(status: u16) -> Expect {
    Expect {
        status,
        writes: false,
    }
}

/// Curators of the hall's council and admins; another council's curator learns nothing.
fn curators(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |actor| match actor {
        Anonymous => same(401),
        Buyer | OwnerA | OwnerB => same(403),
        CuratorY => same(404),
        CuratorX | Admin => ok,
    }
}

/// Booth A's own team; booth B's team learns nothing about A's things.
fn booth_a_only(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |actor| match actor {
        Anonymous => same(401),
        OwnerA => ok,
        OwnerB => same(404),
        _ => same(403),
    }
}

/// Any booth's team, on its own booth.
fn any_team(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |actor| match actor {
        Anonymous => same(401),
        OwnerA | OwnerB => ok,
        _ => same(403),
    }
}

/// Every curator (of their own council) and admins.
fn signed_in_curators(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |actor| match actor {
        Anonymous => same(401),
        Buyer | OwnerA | OwnerB => same(403),
        CuratorX | CuratorY | Admin => ok,
    }
}

/// A council's curators, each for their own council; an administrator speaks for none.
fn council_members(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |actor| match actor {
        Anonymous => same(401),
        CuratorX | CuratorY => ok,
        _ => same(403),
    }
}

/// Anyone signed in.
fn signed_in(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |actor| match actor {
        Anonymous => same(401),
        _ => ok,
    }
}

/// The same answer whoever asks: public forms, token links, webhooks.
fn anyone(ok: Expect) -> impl Fn(Actor) -> Expect {
    move |_| ok
}

/// How a request carries its body.
enum Body {
    Form(Vec<(String, String)>),
    Json(String),
    Image(Vec<u8>),
    /// A WebSocket opened at the path (101 when it opens).
    Socket,
    /// A page or download that shows more than the public sees (read only).
    Get,
}

fn form(pairs: &[(&str, &str)]) -> Body {
    Body::Form(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

fn application(company: &str) -> Vec<(String, String)> {
    [
        ("company_name", company),
        ("contact_name", "Lakshmi Nair"),
        ("contact_phone", "+91 484 266 1234"),
        ("city", "Kochi"),
        ("region", "Kerala"),
        ("founded_year", "1998"),
        ("iec", "aapfu0939f"),
        ("gstin", "27AAPFU0939F1ZV"),
        ("products", "Cardamom, black pepper and cloves from Idukki."),
        ("markets", "UAE, Germany"),
        ("cert_kind_1", "fssai"),
        ("cert_number_1", "1001 2345 6789 01"),
        ("cert_expires_1", "2031-03-31"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn product(name: &str) -> Vec<(String, String)> {
    [
        ("op", "save"),
        ("name", name),
        ("category", "Spices"),
        ("summary", "Pepper"),
        ("description", "Black pepper"),
        ("unit", "1 kg"),
        ("price", "999"),
        ("stock", "7"),
        ("moq", "1"),
        ("max_per_order", "10"),
        ("hs_code", "0904.11"),
        ("origin", "Kerala"),
        ("weight_grams", "1000"),
        ("incoterm_exw", "on"),
        ("incoterm_fob", "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Meeting hours every day from `opens` to 23:30 in India, in half hours.
fn meeting_hours(opens: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("op", "hours"),
        ("time_zone", "Asia/Kolkata"),
        ("opens", opens),
        ("closes", "23:30"),
        ("length", "30"),
    ];
    fields.extend(["0", "1", "2", "3", "4", "5", "6"].map(|d| ("weekday", d)));
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn png() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn send(app: &TestApp, path: &str, body: &Body, token: Option<&str>) -> u16 {
    if let Body::Socket = body {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let url = format!("{}{path}", app.base.replace("http://", "ws://"));
        let mut request = url.into_client_request().unwrap();
        if let Some(token) = token {
            request.headers_mut().insert(
                "cookie",
                format!("pavilion_session={token}").parse().unwrap(),
            );
        }
        return match tokio_tungstenite::connect_async(request).await {
            Ok(_) => 101,
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                response.status().as_u16()
            }
            Err(err) => panic!("{path}: {err}"),
        };
    }
    let url = format!("{}{path}", app.base);
    let mut request = match body {
        Body::Form(pairs) => app.client.post(url).form(pairs),
        Body::Json(json) => app
            .client
            .post(url)
            .header("content-type", "application/json")
            .header(
                "idempotency-key",
                format!("matrix-{}", rand::random::<u64>()),
            )
            .body(json.clone()),
        Body::Socket => unreachable!("opened above"),
        Body::Get => app.client.get(url),
        Body::Image(bytes) => {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name("matrix.png")
                .mime_str("image/png")
                .unwrap();
            app.client
                .post(url)
                .multipart(reqwest::multipart::Form::new().part("image", part))
        }
    };
    if let Some(token) = token {
        request = request.header("cookie", format!("pavilion_session={token}"));
    }
    request.send().await.unwrap().status().as_u16()
}

async fn run(app: &TestApp, sql: &str) {
    sqlx::query(sql)
        .execute(app.db())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

on_both_stores!(every_mutating_route, true, |app: TestApp| async move {
    let db = app.db();
    // Booth A: the first booth of hall X with a scheduled stream; booth B: the first of another
    // council's hall.
    let (booth_a, stream_a): (String, String) = sqlx::query_as(
        "SELECT b.slug, s.slug FROM streams s JOIN booths b ON b.id = s.booth_id
           JOIN halls h ON h.id = b.hall_id WHERE h.slug = $1 AND s.state = 'scheduled'
          ORDER BY s.id LIMIT 1",
    )
    .bind(HALL)
    .fetch_one(db)
    .await
    .unwrap();
    let booth_b = scalar::<String>(&app, &support::booth_in(OTHER_HALL)).await;
    let mut tokens = std::collections::HashMap::new();
    for actor in ACTORS {
        let email = format!("{actor:?}@matrix.example").to_lowercase();
        let token = match actor {
            Anonymous => None,
            Buyer => Some(app.person(&email, "Buyer").await.1),
            OwnerA => Some(app.member(&email, &booth_a, "owner").await.1),
            OwnerB => Some(app.member(&email, &booth_b, "owner").await.1),
            CuratorX => Some(app.curator(&email, COUNCIL_X).await.1),
            CuratorY => Some(app.curator(&email, COUNCIL_Y).await.1),
            Admin => {
                let (id, token) = app.person(&email, "Admin").await;
                app::accounts::store::make_admin(db, id).await.unwrap();
                Some(token)
            }
        };
        tokens.insert(actor, token);
    }
    // A member of booth A whom curators may suspend; a product of booth A.
    let (member, _) = app.person("member@matrix.example", "Member").await;
    sqlx::query("INSERT INTO booth_members (booth_id, user_id, role) SELECT id, $2, 'staff' FROM booths WHERE slug = $1")
        .bind(&booth_a)
        .bind(member)
        .execute(db)
        .await
        .unwrap();
    let product_a = scalar::<String>(&app, &format!("SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id WHERE b.slug = '{booth_a}' AND p.stock > 10 ORDER BY p.id LIMIT 1")).await;
    // An order of booth A, placed by a guest.
    let placed = app
        .client_for("matrix order")
        .post(format!("{}/api/v1/checkout", app.base))
        .header("content-type", "application/json")
        .header("idempotency-key", "matrix-order")
        .body(
            serde_json::json!({ "email": "guest@matrix.example", "currency": "INR",
                "items": [{ "product": product_a, "quantity": 1 }] })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 201);
    let placed: Value = placed.json().await.unwrap();
    let order_a = placed["orders"][0]["number"].as_str().unwrap().to_owned();
    // An invitation to booth A for someone who is none of the callers.
    let invited = app
        .post_form(
            "/en/exhibitor/staff",
            &[("email", "invitee@matrix.example")],
            tokens[&OwnerA].as_deref(),
        )
        .await;
    assert_eq!(invited.status(), 303);
    let mail: String = scalar(
        &app,
        "SELECT body FROM outbox WHERE recipient = 'invitee@matrix.example'",
    )
    .await;
    let invitation = mail
        .split_whitespace()
        .find_map(|word| word.split("/account/invitations/").nth(1))
        .unwrap()
        .to_owned();
    let hall_form: Vec<(String, String)> = {
        let (cols, rows): (i64, i64) =
            sqlx::query_as("SELECT plan_cols, plan_rows FROM halls WHERE slug = $1")
                .bind(HALL)
                .fetch_one(db)
                .await
                .unwrap();
        let booths: Vec<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT b.slug, b.plan_x, b.plan_y, b.plan_w, b.plan_h, b.position FROM booths b
             JOIN halls h ON h.id = b.hall_id WHERE h.slug = $1 AND b.status <> 'banned'",
        )
        .bind(HALL)
        .fetch_all(db)
        .await
        .unwrap();
        let mut form = vec![
            ("cols".to_owned(), cols.to_string()),
            ("rows".to_owned(), rows.to_string()),
        ];
        for (slug, x, y, w, h, position) in booths {
            for (key, value) in [
                ("x", x + 1),
                ("y", y + 1),
                ("w", w),
                ("h", h),
                ("position", position),
            ] {
                form.push((format!("{key}_{slug}"), value.to_string()));
            }
        }
        form
    };
    let picture = png();
    // A trade buyer who is none of the callers, with a request to booth A and one to hall X
    // that no booth's products matched (so a curator routes it by hand).
    let (rfq_buyer_id, rfq_buyer) = app.person("trader@matrix.example", "Trader").await;
    let profile = [
        ("company", "Matrix Trading"),
        ("country", "AE"),
        ("role", "importer"),
        ("annual_volume", "to_1m"),
    ];
    let saved = app
        .post_form("/en/account/business", &profile, Some(&rfq_buyer))
        .await;
    assert_eq!(saved.status(), 303);
    let needed = app::core::Instant(app::state::now().seconds() + 40 * 86_400).iso_date();
    let mut rfq_numbers = Vec::new();
    for target in [("booth", booth_a.as_str()), ("hall", HALL)] {
        let mut fields = vec![
            target,
            ("subject", "Matrix pepper"),
            ("quantity", "500"),
            ("unit", "kg"),
            ("destination", "Jebel Ali"),
            ("country", "AE"),
            ("incoterm", "CIF"),
            ("needed_by", needed.as_str()),
        ];
        if target.0 == "hall" {
            fields.push(("hs_heading", "9999"));
        }
        let sent = app
            .post_form("/en/rfqs/new", &fields, Some(&rfq_buyer))
            .await;
        assert_eq!(sent.status(), 303);
        let to = sent.headers()["location"].to_str().unwrap().to_owned();
        rfq_numbers.push(to.trim_start_matches("/en/rfqs/").to_owned());
    }
    let (rfq_a, rfq_hall) = (rfq_numbers[0].clone(), rfq_numbers[1].clone());
    let (booth_a_slug, booth_b_slug, needed_by) =
        (booth_a.clone(), booth_b.clone(), needed.clone());
    let valid_until = app::core::Instant(app::state::now().seconds() + 10 * 86_400).iso_date();
    let quote_product = product_a.clone();

    // Meetings: a host on booth A's team with hours and two slots tomorrow (India's date),
    // the second booked by the trade buyer.
    let (host_id, host) = app.member("host@matrix.example", &booth_a, "staff").await;
    let tomorrow = app::core::Instant(app::state::now().seconds() + 86_400 + 19_800).iso_date();
    let day_after =
        app::core::Instant(app::state::now().seconds() + 2 * 86_400 + 19_800).iso_date();
    let hours = meeting_hours("00:00");
    let hours_pairs: Vec<(&str, &str)> = hours
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = app
        .post_form("/en/exhibitor/meetings", &hours_pairs, Some(&host))
        .await;
    assert_eq!(saved.status(), 303);
    for time in ["10:00", "11:00"] {
        let starts = format!("{tomorrow}T{time}");
        let added = app
            .post_form(
                "/en/exhibitor/meetings",
                &[("op", "slot"), ("starts", &starts)],
                Some(&host),
            )
            .await;
        assert_eq!(added.status(), 303);
    }
    let slots: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM meeting_slots WHERE host_id = $1 ORDER BY starts_at")
            .bind(host_id)
            .fetch_all(db)
            .await
            .unwrap();
    let (free_slot, booked_slot) = (slots[0].to_string(), slots[1].to_string());
    let booked = app
        .post_form(
            &format!("/en/booths/{booth_a}/meetings"),
            &[
                ("slot", &booked_slot),
                ("topic", "Matrix pepper"),
                ("tz", "Asia/Dubai"),
            ],
            Some(&rfq_buyer),
        )
        .await;
    assert_eq!(booked.status(), 303);
    let meeting = booked.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/en/meetings/")
        .to_owned();
    let (free_a, free_b, free_c) = (free_slot.clone(), free_slot.clone(), free_slot.clone());
    let (from_day, to_day) = (tomorrow.clone(), day_after.clone());
    let room_product = product_a.clone();
    let suggest_buyer = rfq_buyer_id.to_string();
    let (seat_a, seat_b) = (meeting.clone(), meeting.clone());
    // Collaborations: booth A's invitation of a creator, and booth A's open offer.
    let today = app::state::now().iso_date();
    let terms = |commission: &str| -> Vec<(String, String)> {
        [
            ("products", product_a.as_str()),
            ("commission", commission),
            ("starts", today.as_str()),
            ("ends", today.as_str()),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let owner_a = tokens[&OwnerA].clone();
    let mut collaborations = Vec::new();
    for (path, fields) in [
        ("/en/exhibitor/invite/jordan-ellis", terms("6")),
        ("/en/exhibitor/collaborations", terms("5")),
    ] {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let made = app.post_form(path, &fields, owner_a.as_deref()).await;
        assert_eq!(made.status(), 303, "{path}");
        let to = made.headers()["location"].to_str().unwrap().to_owned();
        collaborations.push(to.trim_start_matches("/en/collaborations/").to_owned());
    }
    let (invitation_a, offer_a) = (collaborations[0].clone(), collaborations[1].clone());
    let invite_terms = terms("7");
    let counter_terms = terms("8");

    // The table: a name, the route, its body and who gets what. A body may name its caller,
    // so repeated allowed calls make distinct things.
    type Rule = Box<dyn Fn(Actor) -> Expect>;
    type Make = Box<dyn Fn(Actor) -> Body>;
    // A stream's figures: booth A's team, hall X's council and admins.
    let reports = || -> Rule {
        Box::new(|actor| match actor {
            Anonymous => same(401),
            Buyer => same(403),
            OwnerB | CuratorY => same(404),
            OwnerA | CuratorX | Admin => same(200),
        })
    };
    let table: Vec<(&str, String, Make, Rule)> = vec![
        (
            "a stream's report",
            format!("/en/exhibitor/streams/{stream_a}/report"),
            Box::new(|_| Body::Get),
            reports(),
        ),
        (
            "a stream's control room",
            format!("/en/exhibitor/streams/{stream_a}/live"),
            Box::new(|_| Body::Get),
            reports(),
        ),
        (
            "a stream's minutes as CSV",
            format!("/en/exhibitor/streams/{stream_a}/report.csv"),
            Box::new(|_| Body::Get),
            reports(),
        ),
        (
            "a booth's streams side by side",
            "/en/exhibitor/insights".to_owned(),
            Box::new(|_| Body::Get),
            // Each booth's team its own; nobody else has a booth to read.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA | OwnerB => same(200),
                Buyer | CuratorX | CuratorY | Admin => same(403),
            }),
        ),
        // A council's outcomes: its own for a curator, any (or all) for an administrator;
        // another council's named learns nothing.
        (
            "a council's outcomes",
            "/en/curator/outcomes".to_owned(),
            Box::new(|_| Body::Get),
            Box::new(signed_in_curators(same(200))),
        ),
        (
            "a council's outcomes as CSV",
            "/en/curator/outcomes.csv".to_owned(),
            Box::new(|_| Body::Get),
            Box::new(signed_in_curators(same(200))),
        ),
        (
            "a council's outcomes as a workbook",
            "/en/curator/outcomes.xlsx".to_owned(),
            Box::new(|_| Body::Get),
            Box::new(signed_in_curators(same(200))),
        ),
        (
            "hall X's council's outcomes, named",
            format!("/en/curator/outcomes?council={COUNCIL_X}"),
            Box::new(|_| Body::Get),
            Box::new(curators(same(200))),
        ),
        (
            "hall X's council's outcomes as a workbook, named",
            format!("/en/curator/outcomes.xlsx?council={COUNCIL_X}"),
            Box::new(|_| Body::Get),
            Box::new(curators(same(200))),
        ),
        // Curation.
        (
            "apply for a booth",
            format!("/en/halls/{HALL}/apply"),
            Box::new(|actor| Body::Form(application(&format!("Matrix Exports {actor:?} Ltd")))),
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA | OwnerB => same(409),
                _ => done(303),
            }),
        ),
        (
            "decide an application",
            "/en/curator/applications/{waiting}".to_owned(),
            Box::new(|_| form(&[("decision", "changes"), ("reason", "More detail")])),
            Box::new(curators(done(303))),
        ),
        (
            "verify a credential",
            format!("/en/curator/booths/{booth_a}"),
            Box::new(|_| form(&[("op", "verify"), ("badge", "iec")])),
            Box::new(curators(done(303))),
        ),
        (
            "feature a booth",
            format!("/en/curator/booths/{booth_a}"),
            Box::new(|_| form(&[("op", "feature")])),
            Box::new(curators(done(303))),
        ),
        (
            "unpublish a product",
            format!("/en/curator/booths/{booth_a}"),
            Box::new({
                let p = product_a.clone();
                move |_| form(&[("op", "unpublish"), ("product", &p)])
            }),
            Box::new(curators(done(303))),
        ),
        (
            "unpublish a booth",
            format!("/en/curator/booths/{booth_a}"),
            Box::new(|_| form(&[("op", "unpublish")])),
            Box::new(curators(done(303))),
        ),
        (
            "suspend a booth member",
            format!("/en/curator/booths/{booth_a}"),
            Box::new(move |_| form(&[("op", "suspend"), ("user", &member.to_string())])),
            Box::new(curators(done(303))),
        ),
        (
            "lay out a hall",
            format!("/en/curator/halls/{HALL}"),
            Box::new({
                let f = hall_form.clone();
                move |_| Body::Form(f.clone())
            }),
            Box::new(curators(done(303))),
        ),
        (
            "hold the main stage",
            format!("/en/curator/booths/{booth_a}/streams/{stream_a}"),
            Box::new(|_| form(&[("op", "hold")])),
            Box::new(curators(done(303))),
        ),
        // The exhibitor console.
        (
            "edit booth A's product",
            format!("/en/exhibitor/products/{product_a}"),
            Box::new(|actor| Body::Form(product(&format!("Matrix pepper {actor:?}")))),
            Box::new(booth_a_only(done(303))),
        ),
        (
            "archive booth A's product",
            format!("/en/exhibitor/products/{product_a}"),
            Box::new(|_| form(&[("op", "archive")])),
            Box::new(booth_a_only(done(303))),
        ),
        (
            "upload a picture of booth A's product",
            format!("/en/exhibitor/products/{product_a}/images"),
            Box::new(move |_| Body::Image(picture.clone())),
            Box::new(booth_a_only(done(303))),
        ),
        (
            "add a product",
            "/en/exhibitor/new-product".to_owned(),
            Box::new(|actor| Body::Form(product(&format!("Matrix cardamom {actor:?}")))),
            Box::new(any_team(done(303))),
        ),
        (
            "note on a buyer who is not the booth's lead",
            "/en/exhibitor/leads".to_owned(),
            Box::new(|_| {
                form(&[
                    ("buyer", "999999"),
                    ("status", "contacted"),
                    ("note", "matrix"),
                ])
            }),
            Box::new(any_team(same(404))),
        ),
        // The trade desk.
        (
            "save a business profile",
            "/en/account/business".to_owned(),
            Box::new(|actor| {
                form(&[
                    ("company", &format!("{actor:?} Imports")),
                    ("country", "DE"),
                    ("role", "importer"),
                    ("annual_volume", "to_250k"),
                ])
            }),
            Box::new(signed_in(done(303))),
        ),
        (
            "send a request for quotation to booth B",
            "/en/rfqs/new".to_owned(),
            Box::new(move |_| {
                form(&[
                    ("booth", &booth_b_slug),
                    ("subject", "Matrix prawns"),
                    ("quantity", "100"),
                    ("unit", "carton"),
                    ("destination", "Hamburg"),
                    ("country", "DE"),
                    ("incoterm", "CIF"),
                    ("needed_by", &needed_by),
                ])
            }),
            // Booth B's own team cannot ask itself.
            Box::new(|actor| match actor {
                OwnerB => same(409),
                other => signed_in(done(303))(other),
            }),
        ),
        (
            "quote on the request booth A received",
            format!("/en/exhibitor/rfqs/{rfq_a}"),
            Box::new(move |_| {
                form(&[
                    ("op", "quote"),
                    ("product", &quote_product),
                    ("unit_price", "900"),
                    ("incoterm", "CIF"),
                    ("lead_days", "14"),
                    ("valid_until", &valid_until),
                    ("payment", "full"),
                ])
            }),
            Box::new(booth_a_only(done(303))),
        ),
        (
            "write in the thread of booth A's request",
            format!("/en/exhibitor/rfqs/{rfq_a}"),
            Box::new(|actor| form(&[("op", "message"), ("body", &format!("From {actor:?}"))])),
            Box::new(booth_a_only(done(303))),
        ),
        (
            "accept a quote on someone else's request",
            format!("/en/rfqs/{rfq_a}"),
            Box::new(|_| {
                form(&[
                    ("op", "accept"),
                    ("quote", "QT-0000000000"),
                    ("ship_name", "Someone"),
                    ("ship_address", "Somewhere 1, 12345 City"),
                    ("service", "economy"),
                ])
            }),
            Box::new(signed_in(same(404))),
        ),
        (
            "attach a file to someone else's request",
            format!("/en/rfqs/{rfq_a}/files"),
            Box::new(|_| Body::Image(png())),
            Box::new(signed_in(same(404))),
        ),
        (
            "route hall X's request to booth A",
            "/en/curator/rfqs".to_owned(),
            Box::new(move |_| {
                form(&[
                    ("op", "route"),
                    ("rfq", &rfq_hall),
                    ("booth", &booth_a_slug),
                ])
            }),
            // Routed once; the administrator after the council's curator finds it done.
            Box::new(|actor| match actor {
                Admin => same(409),
                other => curators(done(303))(other),
            }),
        ),
        (
            "verify a trade buyer of hall X",
            "/en/curator/rfqs".to_owned(),
            Box::new(move |_| form(&[("op", "verify"), ("buyer", &rfq_buyer_id.to_string())])),
            // Verification is a council's: an administrator belongs to none.
            Box::new(|actor| match actor {
                Admin => same(403),
                other => curators(done(303))(other),
            }),
        ),
        (
            "send a hosted buyer of hall X's council meeting suggestions",
            "/en/curator/meetings".to_owned(),
            Box::new(move |_| form(&[("op", "suggest"), ("buyer", &suggest_buyer)])),
            // The council's own programme: an administrator runs none, another council's
            // curator learns nothing of the buyer.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                Buyer | OwnerA | OwnerB | Admin => same(403),
                CuratorY => same(404),
                CuratorX => done(303),
            }),
        ),
        // Meetings: one's own hours and slots, a booth's slots to book, a meeting's parties.
        (
            "set one's meeting hours",
            "/en/exhibitor/meetings".to_owned(),
            Box::new(|_| Body::Form(meeting_hours("09:00"))),
            Box::new(any_team(done(303))),
        ),
        (
            "publish meeting slots",
            "/en/exhibitor/meetings".to_owned(),
            Box::new(move |_| form(&[("op", "publish"), ("from", &from_day), ("to", &to_day)])),
            Box::new(any_team(done(303))),
        ),
        (
            "remove another team member's free slot",
            "/en/exhibitor/meetings".to_owned(),
            Box::new(move |_| form(&[("op", "remove"), ("slot", &free_a)])),
            // Only the member whose slot it is removes it; no one else learns it exists.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA | OwnerB => same(404),
                _ => same(403),
            }),
        ),
        (
            "book a slot at booth A",
            format!("/en/booths/{booth_a}/meetings"),
            Box::new(move |_| form(&[("slot", &free_b), ("topic", "Matrix meeting")])),
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA => same(409),
                _ => done(303),
            }),
        ),
        (
            "cancel someone else's meeting",
            format!("/en/meetings/{meeting}"),
            Box::new(|_| form(&[("op", "cancel")])),
            Box::new(signed_in(same(404))),
        ),
        (
            "move someone else's meeting",
            format!("/en/meetings/{meeting}"),
            Box::new(move |_| form(&[("op", "change"), ("slot", &free_c)])),
            Box::new(signed_in(same(404))),
        ),
        (
            "say something in someone else's meeting room",
            format!("/en/meetings/{meeting}"),
            Box::new(|_| form(&[("op", "say"), ("text", "Let me in")])),
            Box::new(signed_in(same(404))),
        ),
        (
            "share a product in someone else's meeting room",
            format!("/en/meetings/{meeting}"),
            Box::new(move |_| form(&[("op", "share"), ("product", &room_product)])),
            Box::new(signed_in(same(404))),
        ),
        (
            "open someone else's meeting room (its call's signalling)",
            format!("/en/meetings/{meeting}/room"),
            Box::new(|_| Body::Socket),
            Box::new(signed_in(same(404))),
        ),
        (
            "ask a council moderator into someone else's meeting",
            format!("/en/meetings/{meeting}"),
            Box::new(|_| form(&[("op", "moderator")])),
            Box::new(signed_in(same(404))),
        ),
        (
            "withdraw the moderator of someone else's meeting",
            format!("/en/meetings/{meeting}"),
            Box::new(|_| form(&[("op", "withdraw")])),
            Box::new(signed_in(same(404))),
        ),
        (
            "take the moderator's seat of a meeting that asked no council",
            "/en/curator/meetings".to_owned(),
            Box::new(move |_| form(&[("op", "moderate"), ("meeting", &seat_a)])),
            // A council's curators only, and only when a party asked their council.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                Buyer | OwnerA | OwnerB | Admin => same(403),
                CuratorX | CuratorY => same(404),
            }),
        ),
        (
            "leave a moderator's seat one does not hold",
            "/en/curator/meetings".to_owned(),
            Box::new(move |_| form(&[("op", "release"), ("meeting", &seat_b)])),
            Box::new(|actor| match actor {
                Anonymous => same(401),
                Buyer | OwnerA | OwnerB | Admin => same(403),
                CuratorX | CuratorY => same(404),
            }),
        ),
        (
            "list a creator for one's council",
            "/en/creators/carlos-ruiz/listing".to_owned(),
            Box::new(|_| form(&[("list", "1")])),
            Box::new(council_members(done(303))),
        ),
        (
            "withdraw the Spices Board's listing of a creator",
            "/en/creators/li-wei/listing".to_owned(),
            Box::new(|_| form(&[("list", "0")])),
            // Only the council that listed; another council's curator has nothing to withdraw.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                CuratorX => done(303),
                CuratorY => same(409),
                _ => same(403),
            }),
        ),
        (
            "list an agency for one's council",
            "/en/agencies/sutra-talent/listing".to_owned(),
            Box::new(|_| form(&[("list", "1")])),
            Box::new(council_members(done(303))),
        ),
        (
            "follow a creator",
            "/en/creators/jordan-ellis/follow".to_owned(),
            Box::new(|_| form(&[("follow", "1")])),
            Box::new(signed_in(done(303))),
        ),
        (
            "become a creator",
            "/en/creator".to_owned(),
            Box::new(|actor| {
                form(&[
                    ("name", &format!("Matrix Creator {actor:?}")),
                    ("headline", "Host"),
                    ("bio_en", "A host."),
                    ("markets", "AE"),
                    ("languages", "ar"),
                    ("categories", "spices-and-tea"),
                    ("commission", "5"),
                ])
            }),
            Box::new(signed_in(done(303))),
        ),
        (
            "make a tracked link to one's own creator page",
            "/en/creator/links".to_owned(),
            Box::new(|_| form(&[("target", "creator"), ("label", "matrix")])),
            Box::new(signed_in(done(303))),
        ),
        (
            "make a tracked link to a booth one has no terms with",
            "/en/creator/links".to_owned(),
            Box::new(|_| form(&[("target", "booth:1")])),
            Box::new(signed_in(same(422))),
        ),
        (
            "one's earnings as a creator",
            "/en/creator/earnings".to_owned(),
            Box::new(|_| Body::Get),
            Box::new(signed_in(same(200))),
        ),
        (
            "one's earnings as CSV",
            "/en/creator/earnings.csv".to_owned(),
            Box::new(|_| Body::Get),
            // Everyone signed in made a creator profile a few rows up.
            Box::new(signed_in(same(200))),
        ),
        (
            "one's tracked links",
            "/en/creator/links".to_owned(),
            Box::new(|_| Body::Get),
            Box::new(signed_in(same(200))),
        ),
        (
            "join booth A's open offer without a council's listing",
            format!("/en/collaborations/{offer_a}/join"),
            Box::new(|_| form(&[])),
            // Without a creator profile, or with one nobody lists: a 409 that says which.
            Box::new(signed_in(same(409))),
        ),
        (
            "invite a creator with booth A's product",
            "/en/exhibitor/invite/carlos-ruiz".to_owned(),
            Box::new(move |_| Body::Form(invite_terms.clone())),
            // Booth B's team may invite too, but not with booth A's product.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA => done(303),
                OwnerB => same(422),
                _ => same(403),
            }),
        ),
        (
            "publish an open offer (refused form)",
            "/en/exhibitor/collaborations".to_owned(),
            Box::new(|_| form(&[("commission", "")])),
            Box::new(any_team(same(422))),
        ),
        (
            "accept booth A's own invitation",
            format!("/en/collaborations/{invitation_a}/answer"),
            Box::new(|_| form(&[("version", "1"), ("answer", "accept")])),
            // Booth A proposed it: only the creator answers; to anyone else it does not exist.
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA => same(409),
                _ => same(404),
            }),
        ),
        (
            "counter booth A's invitation",
            format!("/en/collaborations/{invitation_a}"),
            Box::new(move |_| {
                let mut fields = counter_terms.clone();
                fields.push(("version".to_owned(), "1".to_owned()));
                Body::Form(fields)
            }),
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA => same(409),
                _ => same(404),
            }),
        ),
        (
            "a collaboration's page",
            format!("/en/collaborations/{invitation_a}"),
            Box::new(|_| Body::Get),
            Box::new(|actor| match actor {
                Anonymous => same(401),
                OwnerA => same(200),
                _ => same(404),
            }),
        ),
        (
            "a booth's collaborations",
            "/en/exhibitor/collaborations".to_owned(),
            Box::new(|_| Body::Get),
            Box::new(any_team(same(200))),
        ),
        (
            "stop sharing contact details never shared",
            "/en/account/shares".to_owned(),
            Box::new(|_| form(&[("booth", "no-such-booth")])),
            Box::new(signed_in(same(404))),
        ),
        (
            "edit the booth profile",
            "/en/exhibitor".to_owned(),
            Box::new(|actor| {
                form(&[
                    ("tagline", &format!("Matrix tagline for {actor:?}")),
                    ("description", "A booth"),
                    ("city", "Kochi"),
                    ("region", "Kerala"),
                    ("brand_colour", "#123456"),
                ])
            }),
            Box::new(any_team(done(303))),
        ),
        (
            "invite staff",
            "/en/exhibitor/staff".to_owned(),
            Box::new(|actor| {
                form(&[(
                    "email",
                    &format!("staff-{actor:?}@matrix.example").to_lowercase(),
                )])
            }),
            Box::new(any_team(done(303))),
        ),
        (
            "schedule a stream (refused form)",
            "/en/exhibitor/new-stream".to_owned(),
            Box::new(|_| form(&[("title", "")])),
            Box::new(any_team(same(422))),
        ),
        (
            "a new key for booth A's stream",
            format!("/en/exhibitor/streams/{stream_a}"),
            Box::new(|_| form(&[("op", "key")])),
            Box::new(booth_a_only(done(200))),
        ),
        (
            "edit booth A's stream (refused form)",
            format!("/en/exhibitor/streams/{stream_a}"),
            Box::new(|_| form(&[("op", "save"), ("title", "")])),
            Box::new(booth_a_only(same(422))),
        ),
        (
            "cancel booth A's order",
            format!("/en/orders/{order_a}"),
            Box::new(|_| form(&[("op", "cancel")])),
            // An order is booth A's team's, and its buyer's (by key): to anyone else it is
            // not found, its number alone tells nothing.
            Box::new(|actor| match actor {
                OwnerA => done(303),
                _ => same(404),
            }),
        ),
        (
            "accept someone else's invitation",
            format!("/en/account/invitations/{invitation}"),
            Box::new(|_| form(&[])),
            Box::new(signed_in(same(403))),
        ),
        // A buyer's own things.
        (
            "follow a stream",
            format!("/en/streams/{stream_a}/follow"),
            Box::new(|_| form(&[("op", "follow")])),
            Box::new(signed_in(done(303))),
        ),
        (
            "a calendar link",
            "/en/account/calendar".to_owned(),
            Box::new(|_| form(&[])),
            Box::new(signed_in(done(200))),
        ),
        (
            "change password (wrong current)",
            "/en/account/password".to_owned(),
            Box::new(|_| {
                form(&[
                    ("current_password", "not my password"),
                    ("new_password", "another long password"),
                ])
            }),
            Box::new(signed_in(same(422))),
        ),
        (
            "a new verification link",
            "/en/account/verify".to_owned(),
            Box::new(|_| form(&[("purpose", "verify")])),
            Box::new(signed_in(done(303))),
        ),
        // Public forms, token links and webhooks: the caller's role changes nothing.
        (
            "add to cart (an unknown product is left out; the cart is a cookie)",
            "/en/cart".to_owned(),
            Box::new(|_| {
                form(&[
                    ("op", "add"),
                    ("product", "no-such-product"),
                    ("quantity", "1"),
                ])
            }),
            Box::new(anyone(same(303))),
        ),
        (
            "check out (a quantity that is not a number)",
            "/en/checkout".to_owned(),
            Box::new({
                let p = product_a.clone();
                move |_| form(&[("product", &p), ("quantity", "lots")])
            }),
            Box::new(anyone(same(422))),
        ),
        (
            "API checkout (no items)",
            "/api/v1/checkout".to_owned(),
            Box::new(|_| Body::Json(r#"{"email":"x@matrix.example","items":[]}"#.to_owned())),
            Box::new(anyone(same(422))),
        ),
        (
            "API quote (unknown currency)",
            "/api/v1/quotes".to_owned(),
            Box::new(|_| Body::Json(r#"{"currency":"XXX"}"#.to_owned())),
            Box::new(anyone(same(422))),
        ),
        (
            "approve an unknown test payment",
            "/pay/test/cs_unknown".to_owned(),
            Box::new(|_| form(&[("decision", "approve")])),
            Box::new(anyone(same(404))),
        ),
        (
            "media hook without its secret",
            "/hooks/media/publish".to_owned(),
            Box::new(move |_| form(&[("name", "any-key")])),
            Box::new(anyone(same(403))),
        ),
        (
            "payment webhook without a signature",
            "/hooks/payments/test".to_owned(),
            Box::new(|_| {
                Body::Json(r#"{"id":"evt_1","type":"checkout.session.completed"}"#.to_owned())
            }),
            Box::new(anyone(same(400))),
        ),
        (
            "sign in (wrong password)",
            "/en/account/signin".to_owned(),
            Box::new(|actor| {
                form(&[
                    ("email", &format!("{actor:?}@matrix.example")),
                    ("password", "wrong password"),
                ])
            }),
            Box::new(anyone(same(401))),
        ),
        (
            "sign up (refused form)",
            "/en/account/signup".to_owned(),
            Box::new(|_| {
                form(&[
                    ("email", "not an address"),
                    ("name", ""),
                    ("password", "short"),
                ])
            }),
            Box::new(anyone(same(422))),
        ),
        (
            "ask for a reset link (unknown address)",
            "/en/account/reset".to_owned(),
            Box::new(|actor| form(&[("email", &format!("nobody-{actor:?}@matrix.example"))])),
            Box::new(anyone(same(303))),
        ),
        (
            "reset through an unknown link",
            "/en/account/reset/0000".to_owned(),
            Box::new(|_| form(&[("password", "a long new password")])),
            Box::new(anyone(same(404))),
        ),
        (
            "confirm through an unknown link",
            "/en/account/verify/0000".to_owned(),
            Box::new(|_| form(&[])),
            Box::new(anyone(same(404))),
        ),
        // Last, as it ends the callers' sessions.
        (
            "sign out",
            "/en/account/signout".to_owned(),
            Box::new(|_| form(&[])),
            Box::new(|actor| {
                if actor == Anonymous {
                    same(303)
                } else {
                    done(303)
                }
            }),
        ),
    ];

    let mut cells = 0;
    let mut wrong = Vec::new();
    for (name, path, body, rule) in &table {
        for actor in ACTORS {
            // Fresh state for each call, so every allowed call really changes something.
            run(
                &app,
                &format!(
                    "UPDATE booths SET featured = 0, status = 'published' WHERE slug = '{booth_a}'"
                ),
            )
            .await;
            run(
                &app,
                &format!("UPDATE products SET status = 'published' WHERE slug = '{product_a}'"),
            )
            .await;
            run(&app, &format!("UPDATE booth_badges SET verified_at = NULL WHERE booth_id = (SELECT id FROM booths WHERE slug = '{booth_a}')")).await;
            run(
                &app,
                &format!("UPDATE users SET suspended_at = NULL WHERE id = {member}"),
            )
            .await;
            run(
                &app,
                &format!(
                    "UPDATE streams SET main_stage = 0, key_hash = CASE WHEN slug = '{stream_a}' THEN NULL ELSE key_hash END"
                ),
            )
            .await;
            run(
                &app,
                &format!("UPDATE orders SET state = 'pending' WHERE number = '{order_a}'"),
            )
            .await;
            run(&app, "DELETE FROM stream_follows").await;
            // The free slot is free again, whoever booked it in the last round.
            run(
                &app,
                &format!("DELETE FROM meetings WHERE slot_id = {free_slot}"),
            )
            .await;
            run(
                &app,
                &format!("UPDATE meeting_slots SET booked = 0 WHERE id = {free_slot}"),
            )
            .await;
            run(&app, "UPDATE users SET calendar_hash = NULL").await;
            let unconfirmed = *name == "a new verification link";
            let confirmed_at = if unconfirmed { "NULL" } else { "created_at" };
            run(
                &app,
                &format!("UPDATE users SET email_verified_at = {confirmed_at}"),
            )
            .await;
            // An application waiting in hall X, from an applicant of its own.
            let applicant = format!("applicant-{cells}@matrix.example");
            let applicant_id: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, display_name, password_hash, locale, created_at)
                 VALUES ($1, 'Applicant', '', 'en', 0) RETURNING id",
            )
            .bind(&applicant)
            .fetch_one(db)
            .await
            .unwrap();
            let waiting: i64 = sqlx::query_scalar(
                "INSERT INTO applications (hall_id, applicant_id, company_name, contact_name, contact_phone, city, region,
                        founded_year, iec, gstin, products, markets, created_at, updated_at)
                 SELECT id, $2, $3, 'A', '1', 'Kochi', 'Kerala', 2000, 'AAPFU0939F', '27AAPFU0939F1ZV', 'Pepper', 'UAE', 1, 1
                   FROM halls WHERE slug = $1 RETURNING id",
            )
            .bind(HALL).bind(applicant_id).bind(format!("Waiting Exports {cells}")).fetch_one(db).await.unwrap();
            let path = path.replace("{waiting}", &waiting.to_string());

            let expected = rule(actor);
            let before = support::counters(&app).await;
            let token = tokens[&actor].as_deref();
            let status = send(&app, &path, &body(actor), token).await;
            let wrote = support::counters(&app).await != before;
            if status != expected.status || wrote != expected.writes {
                wrong.push(format!(
                    "{name} as {actor:?}: {status} (wrote: {wrote}), expected {} (writes: {})",
                    expected.status, expected.writes
                ));
            }
            // Clear the applications this round made, so the next actor may apply too.
            run(&app, "DELETE FROM application_certificates").await;
            run(&app, "UPDATE applications SET state = 'rejected'").await;
            cells += 1;
        }
    }
    assert!(wrong.is_empty(), "cells that differ:\n{}", wrong.join("\n"));
    assert_eq!(cells, table.len() * ACTORS.len());
    eprintln!(
        "authorisation matrix: {} routes × {} callers = {cells} cells",
        table.len(),
        ACTORS.len()
    );

    // The live room's commands travel over one socket (`/api/streams/{stream}/live`): the
    // same callers, each with the role the room gives them — booth A's team hosts, the
    // council's curators and admins moderate, everyone else signed in speaks.
    let live_since = app::state::now().seconds() - 600;
    run(
        &app,
        &format!(
            "UPDATE streams SET state = 'live', live_at = {live_since} WHERE slug = '{stream_a}'"
        ),
    )
    .await;
    let product_a_id: i64 = scalar(
        &app,
        &format!("SELECT id FROM products WHERE slug = '{product_a}'"),
    )
    .await;
    let mut rooms = std::collections::HashMap::new();
    let mut control_cells = 0;
    for actor in ACTORS {
        // Signed out by the last route above: each signs in again.
        let session = match actor {
            Anonymous => None,
            _ => {
                let email = format!("{actor:?}@matrix.example").to_lowercase();
                let id: i64 = scalar(
                    &app,
                    &format!("SELECT id FROM users WHERE email = '{email}'"),
                )
                .await;
                Some(
                    app::accounts::store::start_session(db, id, app::state::now())
                        .await
                        .unwrap(),
                )
            }
        };
        // The control room's socket: the stream's figures, for those who may read them.
        let control = support::room::open_control(&app, &stream_a, session.as_deref())
            .await
            .map(|_| 101);
        let expected = match actor {
            OwnerA | CuratorX | Admin => Ok(101),
            _ => Err(403),
        };
        if control != expected {
            wrong.push(format!(
                "control room socket as {actor:?}: {control:?}, expected {expected:?}"
            ));
        }
        control_cells += 1;
        rooms.insert(
            actor,
            support::room::open_on(&app, &stream_a, session.as_deref(), None).await,
        );
    }
    type Answer = Result<(), &'static str>;
    let speakers = |actor: Actor| -> Answer {
        match actor {
            Anonymous => Err("sign_in"),
            _ => Ok(()),
        }
    };
    let moderators = |actor: Actor| -> Answer {
        match actor {
            Anonymous => Err("sign_in"),
            OwnerA | CuratorX | Admin => Ok(()),
            _ => Err("forbidden"),
        }
    };
    let hosts = |actor: Actor| -> Answer {
        match actor {
            Anonymous => Err("sign_in"),
            OwnerA => Ok(()),
            _ => Err("forbidden"),
        }
    };
    type Say = Box<dyn Fn(Actor) -> Command>;
    type Who<'a> = &'a dyn Fn(Actor) -> Answer;
    let commands: Vec<(&str, Say, Who)> = vec![
        (
            "chat",
            Box::new(|actor| Command::Chat {
                text: format!("hello from {actor:?}"),
            }),
            &speakers,
        ),
        (
            "ask",
            Box::new(|actor| Command::Ask {
                text: format!("a question from {actor:?}?"),
            }),
            &speakers,
        ),
        (
            "slow mode",
            Box::new(|_| Command::Slow { seconds: 0 }),
            &moderators,
        ),
        (
            "pin a product",
            Box::new(move |_| Command::Pin {
                product: product_a_id,
            }),
            &hosts,
        ),
        (
            "unpin it",
            Box::new(move |_| Command::Unpin {
                product: product_a_id,
            }),
            &hosts,
        ),
        (
            "clear the spotlight",
            Box::new(|_| Command::Spotlight { question: None }),
            &hosts,
        ),
    ];
    let mut room_cells = 0;
    for (name, say, rule) in &commands {
        for actor in ACTORS {
            let viewer = rooms.get_mut(&actor).unwrap();
            let got = viewer.act(say(actor)).await.map(|_| ());
            let expected = rule(actor).map_err(str::to_owned);
            if got != expected {
                wrong.push(format!(
                    "room: {name} as {actor:?}: {got:?}, expected {expected:?}"
                ));
            }
            room_cells += 1;
        }
        // Five commands per five seconds per person: the next row starts a new window for
        // the speakers.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    assert!(wrong.is_empty(), "cells that differ:\n{}", wrong.join("\n"));
    eprintln!(
        "authorisation matrix, live room: {} commands × {} callers = {room_cells} cells, and the control room's socket × {control_cells}",
        commands.len(),
        ACTORS.len()
    );

    // Things of booth B are not reachable through booth A's pages either.
    let (_, curator) = app.curator("second@matrix.example", COUNCIL_X).await;
    let product_b = scalar::<String>(&app, &format!("SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id WHERE b.slug = '{booth_b}' ORDER BY p.id LIMIT 1")).await;
    let response = app
        .post_form(
            &format!("/en/curator/booths/{booth_a}"),
            &[("op", "unpublish"), ("product", &product_b)],
            Some(&curator),
        )
        .await;
    assert_eq!(response.status(), 404);
});
