//! The live room over real WebSockets: resume without gaps or duplicates, questions and
//! votes, moderation and rate limits, pins with live stock, flash deals bought through the
//! checkout with their own quantity and per-buyer cap, slow readers cut off, and two server
//! nodes on one PostgreSQL database sharing a room.

mod support;

use app::live::model::{Body, Command, Role, RoomState};
use std::time::Duration;
use support::TestApp;
use support::room::{Viewer, open_on};

const STREAM: &str = "pepper-grading-live-from-the-kochi-warehouse";
const BOOTH: &str = "malabar-coast-spice-co";

async fn open(app: &TestApp, session: Option<&str>, after: Option<i64>) -> Viewer {
    open_on(app, STREAM, session, after).await
}

fn chat(text: &str) -> Command {
    Command::Chat { text: text.into() }
}

async fn go_live(app: &TestApp) {
    sqlx::query("UPDATE streams SET state = 'live', live_at = $2 WHERE slug = $1")
        .bind(STREAM)
        .bind(app::state::now().seconds() - 600)
        .execute(app.db())
        .await
        .expect("live");
}

async fn product_ids(app: &TestApp, booth: &str) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT p.id FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE b.slug = $1 AND p.status = 'published' ORDER BY p.id",
    )
    .bind(booth)
    .fetch_all(app.db())
    .await
    .expect("products")
}

on_both_stores!(
    resume_has_no_gaps_and_no_duplicates,
    true,
    |app: TestApp| async move {
        go_live(&app).await;
        let (_, asha) = app.person("asha@example.com", "Asha").await;
        let (_, ben) = app.person("ben@example.com", "Ben <b>").await;
        let mut a = open(&app, Some(&asha), None).await;
        let mut b = open(&app, Some(&ben), None).await;
        assert_eq!(a.role, Role::Viewer);
        // A guest watches, and cannot post.
        let mut guest = open(&app, None, None).await;
        assert_eq!(guest.role, Role::Guest);
        assert_eq!(guest.act(chat("hi")).await, Err("sign_in".into()));
        a.act(chat("first")).await.expect("posted");
        let question = b
            .act(Command::Ask {
                text: "What is the moisture?".into(),
            })
            .await
            .expect("asked");
        a.until(|v| v.state.last >= question.id).await;
        let seen = a.state.last;
        drop(a);
        for i in 0..4 {
            b.act(chat(&format!("while away {i}")))
                .await
                .expect("posted");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Asha comes back from the last id she saw: exactly what she missed, in order.
        let a = open(&app, Some(&asha), Some(seen)).await;
        let missed: Vec<i64> = sqlx::query_scalar(
        "SELECT e.id FROM room_events e JOIN streams s ON s.id = e.stream_id WHERE s.slug = $1 AND e.id > $2 ORDER BY e.id",
    )
    .bind(STREAM)
    .bind(seen)
    .fetch_all(app.db())
    .await
    .expect("ids");
        assert_eq!(missed.len(), 4);
        // `open` read them: they come before the viewer count.
        assert_eq!(a.events.iter().map(|e| e.id).collect::<Vec<_>>(), missed);
        assert!(
            a.events.iter().all(
                |e| matches!(&e.body, Body::Chat { text, .. } if text.starts_with("while away"))
            )
        );
        // A new viewer's snapshot is the room as the others folded it.
        let mut fresh = open(&app, None, None).await;
        b.until(|v| v.state.last == *missed.last().unwrap_or(&0))
            .await;
        fresh
            .until(|v| v.state.last == *missed.last().unwrap_or(&0))
            .await;
        assert_eq!(fresh.state, b.state);
        assert_eq!(fresh.state.chat.len(), 5);
        assert_eq!(fresh.state.questions.len(), 1);
        // Text is kept as typed; the page escapes it.
        assert_eq!(fresh.state.questions[0].message.name, "Ben <b>");
        // Viewer counts: four sockets are open now.
        fresh.until(|v| v.viewers == 4).await;
    }
);

on_both_stores!(
    questions_votes_and_moderation,
    true,
    |app: TestApp| async move {
        go_live(&app).await;
        let (host_id, host) = app.member("host@example.com", BOOTH, "staff").await;
        let (asha_id, asha) = app.person("asha@example.com", "Asha").await;
        let (_, ben) = app.person("ben@example.com", "Ben").await;
        let (outsider_id, outsider) = app.curator("cur@example.com", "mpeda").await;
        let (_, cara) = app.person("cara@example.com", "Cara").await;
        let (_, dev) = app.person("dev@example.com", "Dev").await;
        let mut h = open(&app, Some(&host), None).await;
        let mut a = open(&app, Some(&asha), None).await;
        let mut b = open(&app, Some(&ben), None).await;
        let mut o = open(&app, Some(&outsider), None).await;
        assert_eq!(h.role, Role::Host);
        let q1 = a
            .act(Command::Ask {
                text: "Sample size?".into(),
            })
            .await
            .expect("q1");
        let q2 = b
            .act(Command::Ask {
                text: "Moisture?".into(),
            })
            .await
            .expect("q2");
        // One vote per person.
        b.act(Command::Vote { question: q1.id })
            .await
            .expect("vote");
        assert_eq!(
            b.act(Command::Vote { question: q1.id }).await,
            Err("already_voted".into())
        );
        h.act(Command::Vote { question: q2.id })
            .await
            .expect("vote");
        a.act(Command::Vote { question: q2.id })
            .await
            .expect("vote");
        h.until(|v| {
            v.state
                .questions
                .iter()
                .any(|q| q.message.id == q2.id && q.votes == 2)
        })
        .await;
        assert_eq!(
            h.state
                .queue()
                .iter()
                .map(|q| q.message.id)
                .collect::<Vec<_>>(),
            [q2.id, q1.id]
        );
        // Only the booth's team answers; the answer is stamped with the stream time.
        assert_eq!(
            a.act(Command::Answer {
                question: q2.id,
                on: true
            })
            .await,
            Err("forbidden".into())
        );
        let answered = h
            .act(Command::Answer {
                question: q2.id,
                on: true,
            })
            .await
            .expect("answered");
        let Body::Answered {
            offset: Some(offset),
            ..
        } = answered.body
        else {
            panic!("{answered:?}")
        };
        assert!((600..700).contains(&offset), "{offset}");
        // A curator of another council is only a viewer here.
        assert_eq!(o.role, Role::Viewer);
        let spam = b.act(chat("buy my stuff")).await.expect("posted");
        assert_eq!(
            o.act(Command::Hide { target: spam.id }).await,
            Err("forbidden".into())
        );
        h.act(Command::Hide { target: spam.id })
            .await
            .expect("hidden");
        b.until(|v| v.state.last > spam.id).await;
        assert!(b.state.chat.iter().all(|m| m.id != spam.id));
        // Length limit, then slow mode.
        let mut c = open(&app, Some(&cara), None).await;
        assert_eq!(c.act(chat(&"x".repeat(501))).await, Err("too_long".into()));
        assert_eq!(c.act(chat("   ")).await, Err("empty".into()));
        h.act(Command::Slow { seconds: 30 }).await.expect("slow");
        c.act(chat("one")).await.expect("posted");
        assert_eq!(c.act(chat("two")).await, Err("slow_mode".into()));
        // The host is not slowed.
        h.act(chat("host one")).await.expect("posted");
        h.act(chat("host two")).await.expect("posted");
        h.act(Command::Slow { seconds: 0 }).await.expect("slow off");
        // A ban: the person's messages go and they cannot post again; the team cannot be banned.
        assert_eq!(
            a.act(Command::Ban { user: asha_id }).await,
            Err("forbidden".into())
        );
        // Curators (of any council) and admins are never bannable, even as viewers here.
        o.act(chat("a curator passing by")).await.expect("posted");
        assert_eq!(
            h.act(Command::Ban { user: outsider_id }).await,
            Err("forbidden".into())
        );
        h.act(Command::Ban { user: asha_id }).await.expect("banned");
        a.until(|v| v.state.banned.contains(&asha_id)).await;
        assert!(a.state.questions.iter().all(|q| q.message.id != q1.id));
        assert_eq!(a.act(chat("let me back")).await, Err("banned".into()));
        // A ban row, however it came to be, never takes the team's or moderators' tools.
        sqlx::query(
            "INSERT INTO room_bans (stream_id, user_id, banned_by, at)
             SELECT id, $1, $1, 0 FROM streams WHERE slug = $2",
        )
        .bind(host_id)
        .bind(STREAM)
        .execute(app.db())
        .await
        .expect("ban row");
        h.act(Command::Slow { seconds: 0 })
            .await
            .expect("moderation skips the ban check");
        // Rate limit: five commands per five seconds per person.
        let mut d = open(&app, Some(&dev), None).await;
        let mut results = Vec::new();
        for i in 0..6 {
            results.push(d.act(chat(&format!("fast {i}"))).await);
        }
        assert_eq!(
            results.iter().filter(|r| r.is_err()).count(),
            1,
            "{results:?}"
        );
        assert_eq!(
            results.last().cloned().map(|r| r.err()),
            Some(Some("rate_limited".into()))
        );
        // Nothing refused was written.
        let texts: Vec<String> =
            sqlx::query_scalar("SELECT body FROM room_events WHERE kind = 'chat'")
                .fetch_all(app.db())
                .await
                .expect("bodies");
        assert!(
            !texts
                .iter()
                .any(|t| t.contains(r#""text":"two""#) || t.contains("let me back")),
            "{texts:?}"
        );
        // An open socket follows its session: signed out, suspended or removed from the
        // team, the person loses the powers at once.
        for sql in [
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'cara@example.com')",
            "UPDATE users SET suspended_at = 1 WHERE email = 'ben@example.com'",
        ] {
            sqlx::query(sql).execute(app.db()).await.expect(sql);
        }
        assert_eq!(c.act(chat("still here?")).await, Err("sign_in".into()));
        assert_eq!(b.act(chat("still here?")).await, Err("sign_in".into()));
        sqlx::query("DELETE FROM booth_members WHERE user_id = $1")
            .bind(host_id)
            .execute(app.db())
            .await
            .expect("removed");
        assert_eq!(
            h.act(Command::Slow { seconds: 10 }).await,
            Err("forbidden".into())
        );
        // …and is rate-limited like any viewer from then on, whatever role the socket
        // opened with (one refusal above already counted).
        let mut results = Vec::new();
        for i in 0..6 {
            results.push(h.act(chat(&format!("former host {i}"))).await);
        }
        assert_eq!(
            results.last().cloned().map(|r| r.err()),
            Some(Some("rate_limited".into())),
            "{results:?}"
        );
    }
);

on_both_stores!(
    bad_connections_are_refused,
    true,
    |app: TestApp| async move {
        let cross = app
            .get_with(
                &format!("/api/streams/{STREAM}/live"),
                &[
                    ("origin", "https://evil.example"),
                    ("connection", "upgrade"),
                    ("upgrade", "websocket"),
                    ("sec-websocket-version", "13"),
                    ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
                ],
            )
            .await;
        assert_eq!(cross.status(), 403);
        let unknown = app
            .get_with(
                "/api/streams/no-such-stream/live",
                &[
                    ("connection", "upgrade"),
                    ("upgrade", "websocket"),
                    ("sec-websocket-version", "13"),
                    ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
                ],
            )
            .await;
        assert_eq!(unknown.status(), 404);
        // One address holds a bounded number of sockets (so it cannot inflate the count).
        let url = format!(
            "{}/api/streams/{STREAM}/live",
            app.base.replace("http://", "ws://")
        );
        let mut held = Vec::new();
        let refused = loop {
            match tokio_tungstenite::connect_async(url.as_str()).await {
                Ok((socket, _)) => held.push(socket),
                Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                    break response.status().as_u16();
                }
                Err(other) => panic!("{other}"),
            }
            assert!(held.len() <= 64, "no cap on sockets per address");
        };
        assert_eq!((held.len(), refused), (64, 429));
        // Closing one frees its slot.
        drop(held.pop());
        let mut reopened = None;
        for _ in 0..50 {
            if let Ok((socket, _)) = tokio_tungstenite::connect_async(url.as_str()).await {
                reopened = Some(socket);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(reopened.is_some(), "a closed socket's slot is free again");
        drop(held);
        drop(reopened);
        // A viewer that stops reading (and so answers no pings) is cut off within 10 s, and
        // the others go on.
        go_live(&app).await;
        let (_, asha) = app.person("asha@example.com", "Asha").await;
        let mut a = open(&app, Some(&asha), None).await;
        let stalled = open(&app, None, None).await;
        a.until(|v| v.viewers == 2).await;
        let started = std::time::Instant::now();
        let mut n = 0;
        while a.viewers != 1 {
            assert!(
                started.elapsed() < Duration::from_secs(13),
                "the stalled viewer is still counted"
            );
            // The others keep hearing the room meanwhile.
            if started.elapsed() > Duration::from_secs(n * 3) {
                n += 1;
                a.act(chat(&format!("still here {n}")))
                    .await
                    .expect("posted");
            }
            let _ = tokio::time::timeout(Duration::from_millis(500), a.read()).await;
        }
        drop(stalled);
    }
);

/// Two server processes' worth of nodes on one PostgreSQL database: a message posted through
/// one reaches a viewer of the other, and viewer counts are summed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_a_room() {
    let Some(first) = support::spawn(support::Store::Postgres, true).await else {
        return;
    };
    let second = support::spawn_at(
        support::Store::Postgres,
        &first.url,
        false,
        tempfile::tempdir().expect("dir"),
    )
    .await;
    go_live(&first).await;
    let (_, asha) = first.person("asha@example.com", "Asha").await;
    let (_, ben) = first.person("ben@example.com", "Ben").await;
    let mut a = open(&first, Some(&asha), None).await;
    let mut b = open(&second, Some(&ben), None).await;
    // Each node counts its own viewer and hears the other's.
    a.until(|v| v.viewers == 2).await;
    b.until(|v| v.viewers == 2).await;
    let posted = a.act(chat("from node one")).await.expect("posted");
    b.until(|v| v.state.last >= posted.id).await;
    assert_eq!(
        b.state.chat.last().map(|m| m.text.as_str()),
        Some("from node one")
    );
    let back = b.act(chat("and back from node two")).await.expect("posted");
    a.until(|v| v.state.last >= back.id).await;
    assert_eq!(a.state, b.state);
    drop(b);
    a.until(|v| v.viewers == 1).await;
}

/// Buys at the deal price through the API, signed in as `session` (a deal needs sign-in).
async fn buy_deal(
    app: &TestApp,
    key: &str,
    session: Option<&str>,
    email: &str,
    product: &str,
    quantity: i64,
    deal: i64,
) -> (u16, serde_json::Value) {
    let body = serde_json::json!({
        "email": email,
        "items": [{ "product": product, "quantity": quantity }],
        "stream": STREAM,
        "deal": deal,
    });
    let mut request = app
        .client_for(key)
        .post(format!("{}/api/v1/checkout", app.base))
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(session) = session {
        request = request.header("cookie", format!("pavilion_session={session}"));
    }
    let response = request
        .body(body.to_string())
        .send()
        .await
        .expect("checkout");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

on_both_stores!(
    pins_live_stock_and_flash_deals,
    true,
    |app: TestApp| async move {
        go_live(&app).await;
        let (_, host) = app.member("host@example.com", BOOTH, "owner").await;
        let mut h = open(&app, Some(&host), None).await;
        let mut viewer = open(&app, None, None).await;
        let ours = product_ids(&app, BOOTH).await;
        assert!(ours.len() >= 4, "the demo booth has products: {ours:?}");
        let other: i64 = sqlx::query_scalar(
        "SELECT p.id FROM products p JOIN booths b ON b.id = p.booth_id WHERE b.slug <> $1 LIMIT 1",
    )
    .bind(BOOTH)
    .fetch_one(app.db())
    .await
    .expect("another booth's product");
        // Pins: the booth's own products, three at most.
        assert_eq!(
            h.act(Command::Pin { product: other }).await,
            Err("not_found".into())
        );
        for &product in &ours[..3] {
            h.act(Command::Pin { product }).await.expect("pinned");
        }
        assert_eq!(
            h.act(Command::Pin { product: ours[3] }).await,
            Err("pins_full".into())
        );
        assert_eq!(
            h.act(Command::Pin { product: ours[0] }).await,
            Err("already_pinned".into())
        );
        viewer.until(|v| v.state.pins.len() == 3).await;
        // Live stock: a sale anywhere moves the counter every viewer sees.
        let (slug, stock): (String, i64) =
            sqlx::query_as("SELECT slug, stock FROM products WHERE id = $1")
                .bind(ours[0])
                .fetch_one(app.db())
                .await
                .expect("product");
        sqlx::query("UPDATE products SET stock = stock - 1 WHERE id = $1")
            .bind(ours[0])
            .execute(app.db())
            .await
            .expect("sold one");
        viewer
            .until(|v| {
                v.state
                    .pins
                    .iter()
                    .any(|p| p.product == ours[0] && p.stock == stock - 1)
            })
            .await;
        // Deals: only the team, only on a pinned product, checked values.
        let deal = |price: &str, quantity: i64, per_buyer: i64, countdown: i64| Command::Deal {
            product: ours[0],
            price: price.into(),
            quantity,
            per_buyer,
            countdown,
            duration: 60,
        };
        let list: i64 = sqlx::query_scalar("SELECT price_minor FROM products WHERE id = $1")
            .bind(ours[0])
            .fetch_one(app.db())
            .await
            .expect("price");
        let half = format!("{}", list / 200);
        assert_eq!(
            h.act(deal(&half, 3, 2, 5)).await,
            Err("deal_countdown".into())
        );
        assert_eq!(
            h.act(deal(&format!("{}", list / 100), 3, 2, 10)).await,
            Err("deal_price".into())
        );
        assert_eq!(h.act(deal(&half, 3, 4, 10)).await, Err("deal_cap".into()));
        assert_eq!(
            h.act(deal(&half, stock + 5, 2, 10)).await,
            Err("deal_quantity".into())
        );
        let started = h.act(deal(&half, 3, 2, 10)).await.expect("deal");
        let Body::Deal { deal: d } = started.body else {
            panic!("{started:?}")
        };
        assert_eq!(
            (d.price_minor, d.left, d.per_buyer),
            (list / 200 * 100, 3, 2)
        );
        assert_eq!(
            h.act(deal(&half, 3, 2, 10)).await,
            Err("deal_running".into())
        );
        viewer.until(|v| v.state.deal.is_some()).await;
        let (_, ana) = app.person("ana@example.com", "Ana").await;
        let (_, bo) = app.person("bo@example.com", "Bo").await;
        let (_, cy) = app.person("cy@example.com", "Cy").await;
        let (ana, bo, cy) = (Some(ana.as_str()), Some(bo.as_str()), Some(cy.as_str()));
        // Before the countdown ends, the deal cannot be bought.
        let (status, problem) =
            buy_deal(&app, "early", ana, "ana@example.com", &slug, 1, d.id).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (409, Some("deal_closed")),
            "{problem}"
        );
        // The countdown is over (moved back rather than waited for).
        sqlx::query("UPDATE flash_deals SET starts_ms = starts_ms - 10000 WHERE id = $1")
            .bind(d.id)
            .execute(app.db())
            .await
            .expect("started");
        let (status, order) = buy_deal(&app, "ana-1", ana, "ana@example.com", &slug, 2, d.id).await;
        assert_eq!(status, 201, "{order}");
        assert_eq!(
            order["orders"][0]["shipping"]["goods_minor"],
            d.price_minor * 2
        );
        // A guest cannot buy at the deal price: the cap is per account, not per typed email.
        let (status, problem) =
            buy_deal(&app, "guest-1", None, "guest@example.com", &slug, 1, d.id).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("deal_sign_in")),
            "{problem}"
        );
        // Nor can an account whose address is not confirmed: one person is not many accounts.
        let (_, dee) = app.unconfirmed_person("dee@example.com", "Dee").await;
        let (status, problem) =
            buy_deal(&app, "dee-1", Some(&dee), "dee@example.com", &slug, 1, d.id).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("deal_verify")),
            "{problem}"
        );
        // The per-buyer cap counts what the account already holds, whatever email it types.
        let (status, problem) =
            buy_deal(&app, "ana-2", ana, "ana+other@example.com", &slug, 1, d.id).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("deal_cap")),
            "{problem}"
        );
        // One unit left: two cannot be had, one can.
        let (status, problem) = buy_deal(&app, "bo-1", bo, "bo@example.com", &slug, 2, d.id).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (409, Some("deal_sold_out")),
            "{problem}"
        );
        let (status, _) = buy_deal(&app, "bo-2", bo, "bo@example.com", &slug, 1, d.id).await;
        assert_eq!(status, 201);
        // Every viewer sees it sell out.
        viewer
            .until(|v| v.state.deal.as_ref().is_some_and(|d| d.left == 0))
            .await;
        let (status, problem) = buy_deal(&app, "cy-1", cy, "cy@example.com", &slug, 1, d.id).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (409, Some("deal_sold_out")),
            "{problem}"
        );
        // Unpaid holds that expire give the deal its units back.
        let later = app::core::Instant(app::state::now().seconds() + 3 * 3600);
        app::checkout::store::release_expired(app.db(), later)
            .await
            .expect("released");
        viewer
            .until(|v| v.state.deal.as_ref().is_some_and(|d| d.left == 3))
            .await;
        let sold: i64 = sqlx::query_scalar("SELECT sold FROM flash_deals WHERE id = $1")
            .bind(d.id)
            .fetch_one(app.db())
            .await
            .expect("sold");
        assert_eq!(sold, 0);
        // A viewer cannot run the show.
        let (_, asha) = app.person("asha@example.com", "Asha").await;
        let mut a = open(&app, Some(&asha), None).await;
        assert_eq!(
            a.act(Command::Unpin { product: ours[0] }).await,
            Err("forbidden".into())
        );
        h.act(Command::Unpin { product: ours[1] })
            .await
            .expect("unpinned");
        a.until(|v| v.state.pins.len() == 2).await;
    }
);

// The load client's check in small (CI measures correctness, never speed): many viewers,
// several publishers at once, and every viewer hears every message once, in order.
on_both_stores!(
    every_viewer_hears_every_message,
    true,
    |app: TestApp| async move {
        go_live(&app).await;
        let mut viewers = Vec::new();
        for _ in 0..100 {
            viewers.push(open(&app, None, None).await);
        }
        let mut publishers = Vec::new();
        for n in 0..4 {
            let (_, token) = app
                .person(&format!("pub{n}@example.com"), &format!("Publisher {n}"))
                .await;
            publishers.push(open(&app, Some(&token), None).await);
        }
        // All at once: four sockets, five messages each, not waiting for one another.
        for round in 0..5 {
            for (n, p) in publishers.iter_mut().enumerate() {
                p.send(chat(&format!("m{n}-{round}"))).await;
            }
        }
        let last: i64 = loop {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM room_events WHERE kind = 'chat'")
                .fetch_one(app.db())
                .await
                .expect("count");
            if n == 20 {
                break sqlx::query_scalar("SELECT MAX(id) FROM room_events")
                    .fetch_one(app.db())
                    .await
                    .expect("last");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        for viewer in &mut viewers {
            // `read` asserts every event is the one after the last: no gap, no duplicate.
            viewer.until(|v| v.state.last == last).await;
            let chats = viewer
                .events
                .iter()
                .filter(|e| matches!(e.body, Body::Chat { .. }))
                .count();
            assert_eq!(chats, 20);
        }
    }
);

// Answers and pins made while live become the replay's chapters, at their stream time.
on_both_stores!(the_replay_lists_chapters, true, |app: TestApp| async move {
    go_live(&app).await;
    let (_, host) = app.member("host@example.com", BOOTH, "staff").await;
    let (_, asha) = app.person("asha@example.com", "Asha").await;
    let mut h = open(&app, Some(&host), None).await;
    let mut a = open(&app, Some(&asha), None).await;
    let q = a
        .act(Command::Ask {
            text: "Which mesh size for the 8 mm grade?".into(),
        })
        .await
        .expect("asked");
    h.act(Command::Answer {
        question: q.id,
        on: true,
    })
    .await
    .expect("answered");
    let product = product_ids(&app, BOOTH).await[0];
    h.act(Command::Pin { product }).await.expect("pinned");
    let name: String = sqlx::query_scalar("SELECT name FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(app.db())
        .await
        .expect("name");
    sqlx::query(
        "UPDATE streams SET state = 'replay', replay_src = '/replays/x.m3u8' WHERE slug = $1",
    )
    .bind(STREAM)
    .execute(app.db())
    .await
    .expect("replay");
    let page = app.page(&format!("/en/streams/{STREAM}"), 200).await;
    let chapters = &page[page.find("chapters-title").expect("a chapters list")..];
    assert!(
        chapters.contains("Which mesh size for the 8 mm grade?"),
        "the answer is a chapter"
    );
    assert!(chapters.contains(&name), "the pinned product is a chapter");
    assert!(
        chapters.contains("href=\"#t=6"),
        "stamped about ten minutes in"
    );
});

on_both_stores!(
    a_view_folds_from_the_latest_snapshot,
    true,
    |app: TestApp| async move {
        use app::live::store;
        go_live(&app).await;
        let (_, token) = app.person("talker@example.com", "Talker").await;
        let user = app::accounts::store::session_user(app.db(), &token, app::state::now())
            .await
            .expect("session")
            .expect("user");
        let stream = store::room_stream(app.db(), STREAM)
            .await
            .expect("stream")
            .expect("exists");
        let actor = store::Actor {
            user: &user,
            role: Role::Viewer,
        };
        let say = |n: usize| Command::Chat {
            text: format!("message {n}"),
        };
        for n in 0..store::SNAPSHOT_EVERY + 20 {
            store::act(app.db(), stream.id, &actor, say(n), app::state::now_ms())
                .await
                .expect("said");
        }
        // Every event, folded from the start: what a view must equal.
        let everything = || async {
            let mut state = RoomState::default();
            for event in store::since(app.db(), stream.id, 0, 100_000)
                .await
                .expect("events")
            {
                state.apply(&event);
            }
            state
        };
        let first = store::load_state(app.db(), stream.id).await.expect("state");
        assert_eq!(first, everything().await);
        let kept: i64 =
            support::scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM room_snapshots").await;
        assert_eq!(kept, 1, "a long history leaves a snapshot");
        // Newer events fold onto it, and the result is the same as folding everything.
        for n in 0..5 {
            store::act(
                app.db(),
                stream.id,
                &actor,
                say(1000 + n),
                app::state::now_ms(),
            )
            .await
            .expect("said");
        }
        let later = store::load_state(app.db(), stream.id).await.expect("state");
        assert_eq!(later, everything().await);
        assert_eq!(later.last, first.last + 5);
    }
);

/// What the demo's audience must never touch: orders, payments, stock, holds and
/// attribution.
async fn commerce(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM orders",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM order_items",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM commissions",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM payment_sessions",
        "SELECT CAST(COALESCE(SUM(stock), 0) AS BIGINT) FROM products",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM stream_views",
        "SELECT CAST(COALESCE(SUM(sold), 0) AS BIGINT) FROM flash_deals",
    ] {
        out.push(support::scalar::<i64>(app, sql).await);
    }
    out
}

/// The demo switch on (video off: no ffmpeg here, so nothing but the audience runs).
async fn demo_audience_fills_the_room_and_buys_nothing(store: support::Store) {
    let Some(app) = support::spawn_with(store, true, |config| {
        config.demo_live = true;
        config.demo_pace_ms = 50;
        config.live.ffmpeg = "/nonexistent/ffmpeg".to_owned();
    })
    .await
    else {
        return;
    };
    go_live(&app).await;
    // The demo writes its trade history (paid samples, leads, then requests for quotation)
    // as it starts; after that, the audience must not touch commerce at all.
    tokio::time::timeout(Duration::from_secs(20), async {
        while support::scalar::<i64>(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM rfqs").await == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the demo's trade history is written");
    let before = commerce(&app).await;
    let mut guest = open(&app, None, None).await;
    let busy = |v: &Viewer| {
        v.state.chat.iter().any(|m| m.demo)
            && v.state
                .questions
                .iter()
                .any(|q| q.message.demo && q.answered && q.votes > 0)
            && !v.state.pins.is_empty()
            && v.state.deal.is_some()
    };
    tokio::time::timeout(Duration::from_secs(30), guest.until(busy))
        .await
        .expect("the demo audience chats, asks, votes, and the assistant answers, pins and opens a deal");
    // Every message in the room is the demo's, and says so.
    assert!(guest.state.chat.iter().all(|m| m.demo));
    assert!(guest.state.questions.iter().all(|q| q.message.demo));
    let languages: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT u.locale FROM room_events e JOIN users u ON u.id = e.user_id
          WHERE e.kind IN ('chat', 'question')",
    )
    .fetch_all(app.db())
    .await
    .expect("languages");
    assert!(
        languages.len() >= 3,
        "buyers from several markets: {languages:?}"
    );
    let by_others: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM room_events e JOIN users u ON u.id = e.user_id WHERE u.demo = 0",
    )
    .await;
    assert_eq!(by_others, 0, "only demo accounts act");
    // The demo's accounts cannot sign in: they have no password.
    let signable: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE demo = 1 AND password_hash <> ''",
    )
    .await;
    assert_eq!(signable, 0);
    // The demo's trade history is there once: leads in several states, for many booths.
    let noted: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(DISTINCT status) AS BIGINT) FROM leads",
    )
    .await;
    assert!(
        noted >= 4,
        "a pipeline with contacted, quoted, won and lost leads"
    );
    let leads = app::trade::leads::store::all_leads(app.db(), 1)
        .await
        .expect("leads");
    assert!(
        leads.iter().any(|l| l.email.is_some()) && leads.iter().all(|l| !l.activities.is_empty()),
        "the first booth has leads with what they did"
    );
    assert_eq!(
        server::demo::pipeline::seed_once(app.db(), app::state::now().seconds())
            .await
            .expect("again"),
        0,
        "written once"
    );
    // Requests for quotation in every state, quotes in every state, one awarded with its
    // deposit paid and the balance due.
    let states: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(DISTINCT state) AS BIGINT) FROM rfqs",
    )
    .await;
    assert_eq!(states, 3, "open, awarded and closed requests");
    let quote_states: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(DISTINCT state) AS BIGINT) FROM rfq_quotes",
    )
    .await;
    assert_eq!(quote_states, 3, "offered, accepted and withdrawn quotes");
    let due: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE quote_id IS NOT NULL AND state = 'paid'
            AND deposit_minor > 0 AND balance_paid_at IS NULL",
    )
    .await;
    assert_eq!(due, 1, "a deposit paid, the balance due");
    // Meetings: hosts with hours and free slots ahead, some booked, some held, one
    // cancelled; the demo's hosts are never mailed.
    let ahead: i64 = support::scalar(
        &app,
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_slots WHERE booked = 0 AND starts_at > {}",
            app::state::now().seconds()
        ),
    )
    .await;
    assert!(ahead > 20, "free slots in the coming week: {ahead}");
    let (booked, held, cancelled): (i64, i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN state = 'booked' AND starts_at > {now} THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN state = 'booked' AND ends_at <= {now} THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END), 0) AS BIGINT)
           FROM meetings",
        now = app::state::now().seconds()
    ))
    .fetch_one(app.db())
    .await
    .expect("meetings");
    assert!(booked > 0 && held > 0, "booked {booked}, held {held}");
    assert_eq!(cancelled, 1);
    let overlapping: i64 = support::scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings a JOIN meetings b ON a.buyer_id = b.buyer_id
           AND a.id < b.id AND a.state = 'booked' AND b.state = 'booked'
           AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
    )
    .await;
    assert_eq!(overlapping, 0, "no importer meets two hosts at once");
    // Each held meeting has its conversation: the buyer's line, then the host's.
    let unwritten: i64 = support::scalar(
        &app,
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m WHERE m.ends_at <= {} AND m.state = 'booked'
               AND (SELECT COUNT(*) FROM meeting_notes n WHERE n.meeting_id = m.id) <> 2",
            app::state::now().seconds()
        ),
    )
    .await;
    assert_eq!(unwritten, 0, "every held meeting has its two lines");
    // The hosted-buyer programme: one council hosts three importers, each suggested booths
    // of its halls only.
    let (councils, hosted, suggested, elsewhere): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(DISTINCT verified_council) AS BIGINT),
                CAST(COUNT(verified_council) AS BIGINT),
                (SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_suggestions),
                (SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_suggestions s
                   JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
                  WHERE h.council_id <> s.council_id)
           FROM business_profiles",
    )
    .fetch_one(app.db())
    .await
    .expect("programme");
    assert_eq!((councils, hosted, elsewhere), (1, 3, 0));
    assert!(suggested >= 3, "suggestions: {suggested}");
    // One hosted buyer's meeting ahead, at a booth of the council's halls, asks the council
    // for a moderator (the demo has no curators to take the seat: the first one made will).
    let (asked, seated): (i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COUNT(m.moderator_id) AS BIGINT)
           FROM meetings m JOIN business_profiles p ON p.user_id = m.buyer_id
           JOIN booths b ON b.id = m.booth_id JOIN halls h ON h.id = b.hall_id
          WHERE m.moderator_council = p.verified_council AND h.council_id = m.moderator_council
            AND m.state = 'booked' AND m.ends_at > {}",
        app::state::now().seconds()
    ))
    .fetch_one(app.db())
    .await
    .expect("moderation");
    assert_eq!((asked, seated), (1, 0), "one meeting asks for a moderator");
    assert_eq!(
        server::demo::meetings::programme_once(app.db(), app::state::now().seconds())
            .await
            .expect("again"),
        0,
        "written once"
    );
    assert_eq!(
        server::demo::meetings::seed_once(app.db(), app::state::now().seconds())
            .await
            .expect("again"),
        0,
        "written once"
    );
    assert_eq!(
        server::demo::rfqs::seed_once(app.db(), app::state::now().seconds())
            .await
            .expect("again"),
        0,
        "written once"
    );
    // Every replay has an audience, a room and its minutes rolled up from them.
    let replays_without = "SELECT CAST(COUNT(*) AS BIGINT) FROM streams s WHERE s.state = 'replay'
        AND NOT EXISTS (SELECT 1 FROM stream_minutes m WHERE m.stream_id = s.id AND m.viewers_peak > 0)";
    tokio::time::timeout(Duration::from_secs(20), async {
        while support::scalar::<i64>(&app, replays_without).await > 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the replays' engagement history is written");
    let (joins, sessions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT CAST(SUM(joins) AS BIGINT) FROM stream_minutes m JOIN streams s ON s.id = m.stream_id WHERE s.state = 'replay'),
                (SELECT CAST(COUNT(*) AS BIGINT) FROM viewer_sessions WHERE node = 'demo-history')",
    )
    .fetch_one(app.db())
    .await
    .expect("history");
    assert!(sessions > 100);
    assert_eq!(
        joins, sessions,
        "the minutes are rolled up from the sessions"
    );
    assert_eq!(
        server::demo::metrics::seed_once(app.db(), app::state::now().seconds())
            .await
            .expect("again"),
        0,
        "written once"
    );
    assert_eq!(
        commerce(&app).await,
        before,
        "no order, stock, hold or attribution"
    );
    // Video is off, and nothing was started for it.
    assert!(!app.live_dir.join("demo").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_audience_on_sqlite() {
    demo_audience_fills_the_room_and_buys_nothing(support::Store::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_audience_on_postgres() {
    demo_audience_fills_the_room_and_buys_nothing(support::Store::Postgres).await;
}

on_both_stores!(
    without_the_demo_switch_nothing_is_simulated,
    true,
    |app: TestApp| async move {
        go_live(&app).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let demo_users: i64 = support::scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE demo = 1",
        )
        .await;
        assert_eq!(demo_users, 0);
        let live_events: i64 = support::scalar(
            &app,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM room_events e JOIN streams s ON s.id = e.stream_id
                  WHERE s.slug = '{STREAM}'"
            ),
        )
        .await;
        assert_eq!(live_events, 0, "no simulated activity");
        assert!(
            !app.live_dir.join("nginx.conf").exists(),
            "no nginx, no broadcaster"
        );
    }
);

on_both_stores!(
    seeded_replays_have_chapters,
    true,
    |app: TestApp| async move {
        let chapters: Vec<(String, i64)> = sqlx::query_as(
            "SELECT s.slug, CAST(COUNT(e.id) AS BIGINT) FROM streams s
               LEFT JOIN room_events e ON e.stream_id = s.id AND e.kind = 'pins'
              WHERE s.state = 'replay' GROUP BY s.slug ORDER BY s.slug",
        )
        .fetch_all(app.db())
        .await
        .expect("chapters");
        assert!(!chapters.is_empty());
        for (slug, n) in &chapters {
            assert_eq!(*n, 3, "{slug}: one chapter per product shown");
        }
        let page = app
            .page(&format!("/en/streams/{}", chapters[0].0), 200)
            .await;
        assert!(
            page.contains("chapters-title"),
            "the replay page lists its chapters"
        );
    }
);

/// Polls `read` until it gives `want`, for at most ten seconds.
async fn eventually<T, F, Fut>(want: T, read: F)
where
    T: PartialEq + std::fmt::Debug,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut last = read().await;
    for _ in 0..100 {
        if last == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = read().await;
    }
    assert_eq!(last, want);
}

on_both_stores!(
    the_audience_is_measured_rolled_up_and_reported,
    true,
    |app: TestApp| async move {
        use app::insights::rollup;
        use app::insights::sink::{Batch, EventSink, Sample, StoreSink};
        go_live(&app).await;
        let db = app.db().clone();
        let stream: i64 = support::scalar(
            &app,
            &format!("SELECT id FROM streams WHERE slug = '{STREAM}'"),
        )
        .await;
        let (asha_id, asha) = app.person("asha@example.com", "Asha").await;
        sqlx::query(
            "INSERT INTO business_profiles (user_id, company, country, role, annual_volume, updated_at)
             VALUES ($1, 'Kyoto Spice Trading', 'JP', 'importer', 'to_1m', 0)",
        )
        .bind(asha_id)
        .execute(&db)
        .await
        .expect("profile");
        let (_, host) = app.member("host@example.com", BOOTH, "owner").await;
        let mut a = open(&app, Some(&asha), None).await;
        let guest = open(&app, None, None).await;
        let mut h = open(&app, Some(&host), None).await;
        a.act(chat("hello from Kyoto")).await.expect("chat");
        let question = a
            .act(Command::Ask {
                text: "What is the moisture content?".into(),
            })
            .await
            .expect("asked");
        h.act(Command::Answer {
            question: question.id,
            on: true,
        })
        .await
        .expect("answered");
        drop(guest);
        // The node writes its sessions within seconds: the buyer's and the guest's (the host is
        // not part of the audience), the guest's closed.
        let sessions = || async {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT CAST(COUNT(*) AS BIGINT), CAST(COUNT(left_at) AS BIGINT)
                   FROM viewer_sessions WHERE stream_id = $1",
            )
            .bind(stream)
            .fetch_one(&db)
            .await
            .expect("sessions")
        };
        eventually((2, 1), sessions).await;

        // The rollups equal the raw records, and rolling up again changes nothing (read a
        // little ahead: the clock is in whole seconds, the sessions in milliseconds).
        let now_ms = (app::state::now().seconds() + 2) * 1000;
        let live_at: i64 = support::scalar(
            &app,
            &format!("SELECT live_at FROM streams WHERE id = {stream}"),
        )
        .await;
        let from = live_at * 1000;
        let minutes = rollup::compute(&db, stream, from, now_ms, now_ms)
            .await
            .expect("computed");
        let sum = |f: fn(&rollup::Minute) -> i64| minutes.iter().map(f).sum::<i64>();
        let chats: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM room_events
              WHERE stream_id = $1 AND kind = 'chat' AND at_ms >= $2",
        )
        .bind(stream)
        .bind(from - from.rem_euclid(60_000))
        .fetch_one(&db)
        .await
        .expect("chats");
        assert_eq!(sum(|m| m.joins), 2);
        assert_eq!(sum(|m| m.chats), chats);
        assert!(chats >= 1);
        assert_eq!((sum(|m| m.questions), sum(|m| m.answers)), (1, 1));
        assert_eq!(minutes.iter().map(|m| m.viewers_peak).max(), Some(2));
        let stored = || async {
            sqlx::query_as::<_, rollup::Minute>(
                "SELECT minute, viewers_peak, watch_seconds, joins, chats, questions, answers, pins,
                        checkouts, orders_paid, goods_inr_minor
                   FROM stream_minutes WHERE stream_id = $1 AND minute >= $2 ORDER BY minute",
            )
            .bind(stream)
            .bind(live_at - live_at.rem_euclid(60))
            .fetch_all(&db)
            .await
            .expect("stored")
        };
        for _ in 0..2 {
            rollup::roll_up(&db, stream, from, now_ms, now_ms)
                .await
                .expect("rolled up");
            assert_eq!(stored().await, minutes);
        }

        // A batch written twice (a retry) counts once.
        let batch = Batch {
            node: "retry".into(),
            samples: vec![
                Sample::Opened {
                    key: "retry:1".into(),
                    stream,
                    viewer: "u:999".into(),
                    user: None,
                    language: "de".into(),
                    at_ms: now_ms - 5_000,
                },
                Sample::Closed {
                    key: "retry:1".into(),
                    at_ms: now_ms - 1_000,
                },
            ],
            now_ms,
            beat: true,
        };
        let sink = StoreSink(db.clone());
        sink.write(&batch).await.expect("written");
        sink.write(&batch).await.expect("written again");
        eventually((3, 2), sessions).await;

        // The report, for the booth's team: the audience by country and language, the
        // question and its answer; and the minutes as CSV.
        let path = format!("/en/exhibitor/streams/{STREAM}/report");
        let page = app.get_as(&path, Some(&host)).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("html");
        for text in [
            "What is the moisture content?",
            "answered after",
            "Japan",
            "Deutsch",
            "Viewers per minute",
            "<svg",
            // (seconds each: no curve, said in words)
            "none watched for a whole minute.",
        ] {
            assert!(html.contains(text), "the report shows {text:?}");
        }
        let csv = app.get_as(&format!("{path}.csv"), Some(&host)).await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.expect("csv");
        assert!(csv.starts_with("minute_utc,viewers_peak,"), "{csv}");
        // One line a minute since it went live (read from the raw records while live; a
        // minute may have begun since).
        let lines = csv.lines().count();
        assert!(
            (minutes.len()..=minutes.len() + 2).contains(&lines),
            "{lines} lines"
        );
        // The buyer does not see it; another booth's team learns nothing.
        assert_eq!(app.get_as(&path, Some(&asha)).await.status(), 403);
        let other = support::scalar::<String>(&app, &support::booth_in("seafood")).await;
        let (_, stranger) = app.member("stranger@example.com", &other, "owner").await;
        assert_eq!(app.get_as(&path, Some(&stranger)).await.status(), 404);
    }
);

on_both_stores!(
    orders_count_for_a_stream_until_seven_days_after_it,
    true,
    |app: TestApp| async move {
        use app::insights::report::{WEEK_AFTER, attributed};
        let db = app.db().clone();
        let now = app::state::now().seconds();
        let ended = now - 10 * 86_400;
        sqlx::query(
            "UPDATE streams SET state = 'ended', live_at = $2, ended_at = $3 WHERE slug = $1",
        )
        .bind(STREAM)
        .bind(ended - 3600)
        .bind(ended)
        .execute(&db)
        .await
        .expect("ended");
        let (stream, booth): (i64, i64) =
            sqlx::query_as("SELECT id, booth_id FROM streams WHERE slug = $1")
                .bind(STREAM)
                .fetch_one(&db)
                .await
                .expect("stream");
        let orders = [
            ("during", ended - 600, "paid", 10_000),
            ("held", ended - 300, "pending", 20_000),
            (
                "day six",
                ended + 6 * 86_400 + 23 * 3600,
                "delivered",
                40_000,
            ),
            ("day seven", ended + 7 * 86_400 + 3600, "paid", 80_000),
            ("refunded", ended + 86_400, "refunded", 160_000),
        ];
        for (n, (name, at, state, inr)) in orders.iter().enumerate() {
            sqlx::query(
                "INSERT INTO orders (number, checkout, booth_id, email, state, currency,
                        inr_per_unit_micros, total_minor, total_inr_minor, created_at, expires_at,
                        country, stream_id)
                 VALUES ($1, $2, $3, 'buyer@example.com', $4, 'INR', 1000000, $5, $5, $6, $6, 'AE', $7)",
            )
            .bind(format!("ATTR-{n}"))
            .bind(format!("attribution {name}"))
            .bind(booth)
            .bind(state)
            .bind(inr)
            .bind(at)
            .bind(stream)
            .execute(&db)
            .await
            .expect("order");
        }
        assert_eq!(
            attributed(&db, stream, ended - 3600, ended)
                .await
                .expect("during"),
            (1, 10_000)
        );
        assert_eq!(
            attributed(&db, stream, ended + 1, ended + WEEK_AFTER)
                .await
                .expect("after"),
            (1, 40_000),
            "6 d 23 h after counts, 7 d 1 h after does not"
        );
        let (_, host) = app.member("host@example.com", BOOTH, "owner").await;
        let report = || async {
            app.get_as(
                &format!("/en/exhibitor/streams/{STREAM}/report"),
                Some(&host),
            )
            .await
            .text()
            .await
            .expect("html")
        };
        let html = report().await;
        assert!(html.contains("Sales in the 7 days after"));
        assert!(
            html.contains("United Arab Emirates"),
            "orders by destination"
        );
        // Retention, from four viewers' visits: 10 min; 3 min over two overlapping visits
        // (1:30 and 2:00 from a minute later); 1 min; 30 s.
        let start = (ended - 3600) * 1000;
        let visits = [
            ("v:ten", 0, 600),
            ("v:three", 0, 90),
            ("v:three", 60, 180),
            ("v:one", 0, 60),
            ("v:half", 0, 30),
        ];
        for (n, (viewer, from, to)) in visits.iter().enumerate() {
            sqlx::query(
                "INSERT INTO viewer_sessions
                    (session_key, stream_id, viewer, language, node, joined_at, seen_at, left_at)
                 VALUES ($1, $2, $3, 'en', 'test', $4, $5, $5)",
            )
            .bind(format!("retention-{n}"))
            .bind(stream)
            .bind(viewer)
            .bind(start + from * 1000)
            .bind(start + to * 1000)
            .execute(&db)
            .await
            .expect("visit");
        }
        let html = report().await;
        assert!(
            html.contains("Of 4 viewers, half watched for 3 minutes or more; the longest watch was 10 minutes."),
            "the retention in words"
        );
        let table = html
            .split("data-testid=\"retention\"")
            .nth(1)
            .and_then(|t| t.split("</table>").next())
            .expect("the retention table");
        let rows: Vec<String> = table
            .split("<tr>")
            .skip(2)
            .map(|row| {
                row.split('<')
                    .filter_map(|part| part.split_once('>').map(|(_, text)| text.trim()))
                    .filter(|text| !text.is_empty())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        assert_eq!(
            rows,
            [
                "1 min | 3 | 75 %",
                "2 min | 2 | 50 %",
                "3 min | 2 | 50 %",
                "5 min | 1 | 25 %",
                "10 min | 1 | 25 %"
            ]
        );
        // The booth's streams side by side: this one with its sales while live and in the
        // week after, together.
        let title: String = sqlx::query_scalar("SELECT title FROM streams WHERE id = $1")
            .bind(stream)
            .fetch_one(&db)
            .await
            .expect("title");
        let page = app.get_as("/en/exhibitor/insights", Some(&host)).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("html");
        let row = html
            .split("<tr")
            .filter_map(|row| row.split("</tr>").next())
            .find(|row| row.contains(&title))
            .expect("the stream's row");
        assert!(row.contains("₹500.00"), "{row}");
    }
);

on_both_stores!(
    a_council_reads_its_export_outcomes_and_they_add_up,
    true,
    |app: TestApp| async move {
        use app::insights::outcomes::{Asked, Line, Sum, tally};
        let db = app.db().clone();
        let now = app::state::now();
        let ended = now.seconds() - 10 * 86_400;
        sqlx::query(
            "UPDATE streams SET state = 'ended', live_at = $2, ended_at = $3 WHERE slug = $1",
        )
        .bind(STREAM)
        .bind(ended - 3600)
        .bind(ended)
        .execute(&db)
        .await
        .expect("ended");
        let (stream, booth, council): (i64, i64, String) = sqlx::query_as(
            "SELECT s.id, s.booth_id, c.slug FROM streams s JOIN booths b ON b.id = s.booth_id
               JOIN halls h ON h.id = b.hall_id JOIN councils c ON c.id = h.council_id
              WHERE s.slug = $1",
        )
        .bind(STREAM)
        .fetch_one(&db)
        .await
        .expect("stream");
        let host: i64 = sqlx::query_scalar("SELECT id FROM hosts ORDER BY id LIMIT 1")
            .fetch_one(&db)
            .await
            .expect("a host");
        // While live (with its host) and at its very end; 6 d 23 h after and at exactly
        // 7 days; then orders no stream brought: 7 d 1 h and 7 days and a second after,
        // a minute before it went live, and one with no stream; refunded, held and
        // cancelled ones count nowhere.
        // (placed at, state, value in paise, stream, host)
        type Order<'a> = (i64, &'a str, i64, Option<i64>, Option<i64>);
        let week = app::insights::report::WEEK_AFTER;
        let orders: [Order; 11] = [
            (ended - 600, "paid", 10_000, Some(stream), Some(host)),
            (ended, "paid", 1_000, Some(stream), None),
            (
                ended + 6 * 86_400 + 23 * 3600,
                "delivered",
                40_000,
                Some(stream),
                None,
            ),
            (ended + week, "paid", 2_000, Some(stream), None),
            (
                ended + 7 * 86_400 + 3600,
                "paid",
                80_000,
                Some(stream),
                None,
            ),
            (ended + week + 1, "paid", 4_000, Some(stream), None),
            (ended - 3600 - 60, "paid", 8_000, Some(stream), None),
            (ended + 3600, "shipped", 5_000, None, None),
            (ended + 86_400, "refunded", 160_000, Some(stream), None),
            (ended - 300, "pending", 320_000, Some(stream), None),
            (ended + 7200, "cancelled", 640_000, None, None),
        ];
        for (n, (at, state, inr, stream, host)) in orders.iter().enumerate() {
            sqlx::query(
                "INSERT INTO orders (number, checkout, booth_id, email, state, currency,
                        inr_per_unit_micros, total_minor, total_inr_minor, created_at, expires_at,
                        country, stream_id, host_id)
                 VALUES ($1, $2, $3, 'buyer@example.com', $4, 'INR', 1000000, $5, $5, $6, $6,
                         'AE', $7, $8)",
            )
            .bind(format!("OUTCOME-{n}"))
            .bind(format!("outcome {n}"))
            .bind(booth)
            .bind(*state)
            .bind(*inr)
            .bind(*at)
            .bind(*stream)
            .bind(*host)
            .execute(&db)
            .await
            .expect("order");
        }
        // Two viewers while live (one of them twice), and one who came after the end.
        let sessions = [
            ("outcome-1", "u:viewer-one", ended - 3000, ended - 2000),
            ("outcome-2", "u:viewer-one", ended - 1000, ended - 10),
            ("outcome-3", "guest-two", ended - 3500, ended),
            ("outcome-4", "guest-three", ended + 100, ended + 200),
        ];
        for (key, viewer, joined, left) in sessions {
            sqlx::query(
                "INSERT INTO viewer_sessions (session_key, stream_id, viewer, language, node,
                        joined_at, seen_at, left_at)
                 VALUES ($1, $2, $3, 'en', 'test', $4, $5, $5)",
            )
            .bind(key)
            .bind(stream)
            .bind(viewer)
            .bind(joined * 1000)
            .bind(left * 1000)
            .execute(&db)
            .await
            .expect("session");
        }
        let day = |at: i64| app::core::Instant(at).iso_date();
        let asked = |council: &str| Asked {
            from: day(ended - 3 * 86_400),
            to: day(ended + 9 * 86_400),
            council: council.to_owned(),
        };
        let (_, curator) = app.curator("mira@council.example", &council).await;
        let (admin_id, admin) = app.person("root@pavilion.example", "Admin").await;
        app::accounts::store::make_admin(&db, admin_id)
            .await
            .expect("admin");
        let user = |token: String| {
            let db = db.clone();
            async move {
                app::accounts::store::session_user(&db, &token, now)
                    .await
                    .expect("session")
                    .expect("signed in")
            }
        };
        let (curator_user, admin_user) = (user(curator.clone()).await, user(admin.clone()).await);
        let read = |who: &app::accounts::store::User, council: &str| {
            let (db, who, asked) = (db.clone(), who.clone(), asked(council));
            async move { tally(&db, Some(&who), app::i18n::Locale::En, &asked, "UTC", now).await }
        };
        let ours = read(&curator_user, "")
            .await
            .expect("the council's outcomes");

        // The stream brought one order while live and one in the week after.
        let line = ours
            .by_stream
            .iter()
            .find(|l| l.key == STREAM)
            .expect("the stream's line");
        assert_eq!(
            (line.during, line.after, line.viewers, line.streams),
            (
                Sum {
                    orders: 2,
                    minor: 11_000
                },
                Sum {
                    orders: 2,
                    minor: 42_000
                },
                2,
                1
            )
        );
        // Every other paid order of the halls in the period: too late, too early, or none.
        assert_eq!(
            ours.without,
            Sum {
                orders: 4,
                minor: 97_000
            }
        );
        assert_eq!(
            ours.reached.iter().map(|(_, n)| n).sum::<i64>(),
            ours.buyers_reached
        );
        assert!(ours.buyers_reached >= 2);
        // Every breakdown adds up to the council's totals.
        let total = |lines: &[Line]| {
            lines.iter().fold(Sum::default(), |s, l| Sum {
                orders: s.orders + l.total().orders,
                minor: s.minor + l.total().minor,
            })
        };
        let all = Sum {
            orders: ours.during.orders + ours.after.orders,
            minor: ours.during.minor + ours.after.minor,
        };
        for (name, lines) in [
            ("halls", &ours.by_hall),
            ("booths", &ours.by_booth),
            ("streams", &ours.by_stream),
            ("creators", &ours.by_creator),
            ("destinations", &ours.by_destination),
        ] {
            assert_eq!(total(lines), all, "{name}");
        }
        assert_eq!(
            ours.by_stream.iter().map(|l| l.streams).sum::<i64>(),
            ours.streams
        );
        assert!(ours.booths_streamed >= 1 && ours.booths_streamed <= ours.booths);
        let named = ours
            .by_creator
            .iter()
            .find(|l| l.during.minor == 10_000)
            .expect("the host's line");
        assert_ne!(named.label, "No host named");

        // The administrator reads the same for this council, and every council's totals
        // add up to the pavilion's.
        let same = read(&admin_user, &council).await.expect("named");
        assert_eq!((same.during, same.after), (ours.during, ours.after));
        let everyone = read(&admin_user, "").await.expect("all councils");
        let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM councils")
            .fetch_all(&db)
            .await
            .expect("councils");
        let mut sum = Sum::default();
        for slug in &slugs {
            let one = read(&admin_user, slug).await.expect("a council");
            sum = Sum {
                orders: sum.orders + one.during.orders + one.after.orders,
                minor: sum.minor + one.during.minor + one.after.minor,
            };
        }
        assert_eq!(
            sum,
            Sum {
                orders: everyone.during.orders + everyone.after.orders,
                minor: everyone.during.minor + everyone.after.minor,
            }
        );

        // The page and the downloads; another council's curator learns nothing of this one.
        let query = format!("from={}&to={}", asked("").from, asked("").to);
        let page = app
            .get_as(&format!("/en/curator/outcomes?{query}"), Some(&curator))
            .await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("html");
        assert!(html.contains("United Arab Emirates") && html.contains("₹530.00"));
        let csv = app
            .get_as(&format!("/en/curator/outcomes.csv?{query}"), Some(&curator))
            .await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.expect("csv");
        let row = csv
            .lines()
            .find(|l| l.starts_with(STREAM))
            .expect("the stream's row");
        assert!(row.ends_with(",2,2,110.00,2,420.00,4,530.00"), "{row}");
        let book = app
            .get_as(
                &format!("/en/curator/outcomes.xlsx?{query}"),
                Some(&curator),
            )
            .await;
        assert_eq!(book.status(), 200);
        assert_eq!(
            book.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let bytes = book.bytes().await.expect("workbook");
        assert!(bytes.starts_with(b"PK\x03\x04") && bytes.len() > 2_000);
        let other: String =
            sqlx::query_scalar("SELECT slug FROM councils WHERE slug <> $1 ORDER BY id LIMIT 1")
                .bind(&council)
                .fetch_one(&db)
                .await
                .expect("another council");
        let (_, stranger) = app.curator("omar@other.example", &other).await;
        let named = format!("/en/curator/outcomes.csv?council={council}");
        assert_eq!(app.get_as(&named, Some(&stranger)).await.status(), 404);

        // Bad periods, each refused in words: not a date, the end before the start, more
        // than a year.
        for (bad, why) in [
            (
                "from=2026-13-01&to=2026-12-01".to_owned(),
                "Enter a date as YYYY-MM-DD.",
            ),
            (
                format!("from={}&to={}", day(ended), day(ended - 86_400)),
                "The end must be after the start.",
            ),
            (
                format!("from={}&to={}", day(ended - 400 * 86_400), day(ended)),
                "Choose a period of at most a year.",
            ),
        ] {
            for page in ["outcomes", "outcomes.csv"] {
                let refused = app
                    .get_as(&format!("/en/curator/{page}?{bad}"), Some(&curator))
                    .await;
                assert_eq!(refused.status(), 422, "{page}?{bad}");
                let html = refused.text().await.expect("the refusal");
                assert!(html.contains(why), "{page}?{bad}: {why}");
            }
        }
    }
);

on_both_stores!(
    the_control_room_is_the_teams_and_moves_every_second,
    true,
    |app: TestApp| async move {
        use app::insights::pulse::Alert;
        use support::room::open_control;
        go_live(&app).await;
        let db = app.db().clone();
        let stream: i64 = support::scalar(
            &app,
            &format!("SELECT id FROM streams WHERE slug = '{STREAM}'"),
        )
        .await;
        let (_, host) = app.member("host@example.com", BOOTH, "owner").await;
        let (_, asha) = app.person("asha@example.com", "Asha").await;
        let other = support::scalar::<String>(&app, &support::booth_in("seafood")).await;
        let (_, stranger) = app.member("stranger@example.com", &other, "owner").await;

        // Only the team (and the hall's council, admins) may open it: the page and its socket.
        for (session, page, socket) in [
            (None, 401, 403),
            (Some(asha.as_str()), 403, 403),
            (Some(stranger.as_str()), 404, 403),
        ] {
            let path = format!("/en/exhibitor/streams/{STREAM}/live");
            assert_eq!(app.get_as(&path, session).await.status(), page);
            assert_eq!(
                open_control(&app, STREAM, session).await.err(),
                Some(socket),
                "{session:?}"
            );
        }
        let mut control = open_control(&app, STREAM, Some(&host))
            .await
            .expect("the team opens it");
        // The control room is not a viewer; the first pulse comes at once.
        let first = control.until(|p| p.live).await;
        assert_eq!((first.viewers, first.orders, first.sales_minor), (0, 0, 0));

        // A buyer joins, chats and asks: the figures move.
        let mut a = open(&app, Some(&asha), None).await;
        control.until(|p| p.viewers == 1).await;
        a.act(chat("hello from Kyoto")).await.expect("chat");
        a.act(Command::Ask {
            text: "Is it steam sterilised?".into(),
        })
        .await
        .expect("asked");
        let asked = control.until(|p| p.questions_per_minute == 1).await;
        assert_eq!((asked.chats_per_minute, asked.open_questions), (1, 1));
        assert_eq!(
            asked.oldest.as_ref().map(|w| w.text.as_str()),
            Some("Is it steam sterilised?")
        );

        // The team pins a product; the buyer opens its checkout from the room (twice: one
        // click), and a product of another booth named with this stream counts nothing.
        let mut h = open(&app, Some(&host), None).await;
        let ours = product_ids(&app, BOOTH).await;
        h.act(Command::Pin { product: ours[0] })
            .await
            .expect("pinned");
        let slug: String = sqlx::query_scalar("SELECT slug FROM products WHERE id = $1")
            .bind(ours[0])
            .fetch_one(&db)
            .await
            .expect("slug");
        let foreign: String = sqlx::query_scalar(
            "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id WHERE b.slug <> $1 LIMIT 1",
        )
        .bind(BOOTH)
        .fetch_one(&db)
        .await
        .expect("another booth's product");
        for product in [&slug, &slug, &foreign] {
            let path = format!("/en/checkout?product={product}&stream={STREAM}");
            assert_eq!(app.get_as(&path, Some(&asha)).await.status(), 200);
        }
        let clicked = control.until(|p| p.clicks_minute == 1).await;
        assert_eq!(clicked.pins.len(), 1);
        assert_eq!(
            (clicked.pins[0].product, clicked.pins[0].clicks),
            (ours[0], 1)
        );
        let clicks: i64 =
            support::scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM stream_clicks").await;
        assert_eq!(clicks, 1);

        // From that checkout she adds it to her cart instead (twice: one cart); another
        // booth's product named with the stream, and a cart added without it, count nothing.
        for (product, from) in [
            (&slug, STREAM),
            (&slug, STREAM),
            (&foreign, STREAM),
            (&slug, ""),
        ] {
            let form = [
                ("op", "add"),
                ("product", product.as_str()),
                ("quantity", "1"),
                ("stream", from),
            ];
            let added = app.post_form("/en/cart", &form, Some(&asha)).await;
            assert_eq!(added.status(), 303);
            assert_eq!(added.headers()["location"], "/en/cart");
        }
        let carted = control.until(|p| p.carts_minute == 1).await;
        assert_eq!((carted.pins[0].carts, carted.clicks_minute), (1, 1));
        let carts: i64 =
            support::scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM stream_carts").await;
        assert_eq!(carts, 1);

        // She buys: the order counts once paid, with its goods value.
        let now = app::state::now().seconds();
        let order: i64 = sqlx::query_scalar(
            "INSERT INTO orders (number, checkout, booth_id, email, state, currency,
                    inr_per_unit_micros, total_minor, total_inr_minor, created_at, expires_at,
                    country, stream_id)
             SELECT 'CTRL-1', 'control room', b.id, 'asha@example.com', 'pending', 'INR', 1000000,
                    123450, 123450, $1, $1, 'JP', $2 FROM booths b WHERE b.slug = $3
             RETURNING id",
        )
        .bind(now)
        .bind(stream)
        .bind(BOOTH)
        .fetch_one(&db)
        .await
        .expect("order");
        sqlx::query(
            "INSERT INTO order_items (order_id, product_id, quantity, unit_inr_minor, unit_minor)
             VALUES ($1, $2, 1, 123450, 123450)",
        )
        .bind(order)
        .bind(ours[0])
        .execute(&db)
        .await
        .expect("item");
        let started = control.until(|p| p.checkouts_minute == 1).await;
        assert_eq!((started.orders, started.orders_minute), (0, 0));
        sqlx::query("UPDATE orders SET state = 'paid' WHERE id = $1")
            .bind(order)
            .execute(&db)
            .await
            .expect("paid");
        let paid = control.until(|p| p.orders == 1).await;
        assert_eq!(
            (paid.sales_minor, paid.orders_minute, paid.pins[0].orders),
            (123_450, 1, 1)
        );

        // Stock running low on the pinned product is said in words.
        sqlx::query("UPDATE products SET stock = 3 WHERE id = $1")
            .bind(ours[0])
            .execute(&db)
            .await
            .expect("stock");
        let low = control
            .until(|p| {
                p.alerts.contains(&Alert::LowStock {
                    product: ours[0],
                    left: 3,
                })
            })
            .await;
        assert_eq!(low.pins[0].stock, 3);

        // The page, as first rendered, has the same figures; the report's funnel counts the
        // click and the cart.
        let html = app
            .get_as(&format!("/en/exhibitor/streams/{STREAM}/live"), Some(&host))
            .await
            .text()
            .await
            .expect("html");
        for text in [
            "Control room",
            "Is it steam sterilised?",
            "Only 3 left of",
            "1,234.50",
        ] {
            assert!(html.contains(text), "the control room shows {text:?}");
        }
        let report = app
            .get_as(
                &format!("/en/exhibitor/streams/{STREAM}/report"),
                Some(&host),
            )
            .await
            .text()
            .await
            .expect("report");
        // (each step's value is the first figure after its label)
        let step = |label: &str| -> String {
            let after = &report[report.find(label).expect(label)..];
            let value = &after[after.find("funnel__value\">").expect("a value") + 15..];
            value[..value.find('<').expect("end")].to_owned()
        };
        assert_eq!(step("Opened a product from the stream"), "1");
        assert_eq!(step("Added a product to the cart from the stream"), "1");

        // Off the team, the socket is closed within seconds (4003).
        sqlx::query("DELETE FROM booth_members WHERE user_id = (SELECT id FROM users WHERE email = 'host@example.com')")
            .execute(&db)
            .await
            .expect("left the team");
        assert_eq!(control.closed().await, Some(app::insights::pulse::NOT_TEAM));
    }
);
