//! Buyer–seller meetings over HTTP, on SQLite and on PostgreSQL: a team member's hours and
//! slots refused where they must be (in the past, outside the hours, overlapping) with
//! nothing written; a booking seen in both zones, emailed to both parties with a calendar
//! entry, moved (SEQUENCE rises) and cancelled (`STATUS:CANCELLED`); only the two parties
//! see it; and under concurrency exactly one of many bookings of a slot, or of one buyer's
//! overlapping slots, wins.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use app::core::Instant;
use app::i18n::{Locale, format};
use app::trade::meetings::model::{ROOM_ENDED, RoomCall, RoomNews, SignalKind};
use support::{TestApp, scalar};

/// Every day, `opens` to `closes` in `zone`, in slots of `length` minutes.
fn hours(zone: &str, opens: &str, closes: &str, length: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("op", "hours"),
        ("time_zone", zone),
        ("opens", opens),
        ("closes", closes),
        ("length", length),
    ];
    fields.extend(["0", "1", "2", "3", "4", "5", "6"].map(|d| ("weekday", d)));
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The local date in India `days` from now.
fn india_day(days: i64) -> String {
    Instant(app::state::now().seconds() + days * 86_400 + 19_800).iso_date()
}

/// The first two published booths.
async fn two_booths(app: &TestApp) -> (String, String) {
    let booths: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM booths WHERE status = 'published' ORDER BY id LIMIT 2",
    )
    .fetch_all(app.db())
    .await
    .unwrap();
    (booths[0].clone(), booths[1].clone())
}

/// Bookings sent at once: `(slot, session)` each; their statuses.
async fn at_once(app: &TestApp, path: &str, tries: Vec<(String, String)>) -> Vec<u16> {
    let mut set = tokio::task::JoinSet::new();
    for (slot, token) in tries {
        let request = app
            .client
            .post(format!("{}{path}", app.base))
            .header("cookie", format!("pavilion_session={token}"))
            .form(&[("slot", slot.as_str()), ("topic", "Spices for Osaka")]);
        set.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    set.join_all().await
}

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    (
        scalar(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_hours").await,
        scalar(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_slots").await,
        scalar(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings").await,
    )
}

/// The outbox rows of `recipient` whose calendar entry mentions `text`.
async fn invites(app: &TestApp, recipient: &str, text: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE recipient = $1 AND calendar LIKE $2",
    )
    .bind(recipient)
    .bind(format!("%{text}%"))
    .fetch_one(app.db())
    .await
    .unwrap()
}

on_both_stores!(
    a_meeting_is_booked_moved_and_cancelled,
    true,
    |app: TestApp| async move {
        let (booth, other_booth) = two_booths(&app).await;
        let (host_id, host) = app.member("asha@booth.example", &booth, "owner").await;
        let (_, buyer) = app.person("kenji@importer.example", "Kenji Sato").await;
        let (_, stranger) = app.person("otto@other.example", "Otto Other").await;
        let (_, rival) = app
            .member("ravi@rival.example", &other_booth, "owner")
            .await;
        let team = "/en/exhibitor/meetings";

        // No hours yet: publishing is refused.
        let refused = app
            .post_form(
                team,
                &[
                    ("op", "publish"),
                    ("from", &india_day(1)),
                    ("to", &india_day(2)),
                ],
                Some(&host),
            )
            .await;
        assert_eq!(refused.status(), 409);
        // Hours that close before they open: each problem named, nothing written.
        let bad = hours("Asia/Kolkata", "17:00", "10:00", "25");
        let refused = app.post_form(team, &pairs(&bad), Some(&host)).await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(html.contains("The end must be after the start."), "closing");
        assert_eq!(counts(&app).await, (0, 0, 0));
        // Every day 10:00–17:00 India time, in 30 minutes.
        let good = hours("Asia/Kolkata", "10:00", "17:00", "30");
        assert_eq!(
            app.post_form(team, &pairs(&good), Some(&host))
                .await
                .status(),
            303
        );

        // One slot: in the past, outside the hours, then good, then overlapping it.
        let (a, h) = (&app, host.as_str());
        let slot = |starts: String| async move {
            a.post_form(team, &[("op", "slot"), ("starts", &starts)], Some(h))
                .await
        };
        let past = slot(format!("{}T10:00", india_day(-1))).await;
        assert_eq!(past.status(), 422);
        assert!(past.text().await.unwrap().contains("That time has passed"));
        let outside = slot(format!("{}T20:00", india_day(1))).await;
        assert_eq!(outside.status(), 422);
        assert!(
            outside
                .text()
                .await
                .unwrap()
                .contains("outside your meeting hours")
        );
        let far = slot(format!("{}T10:00", india_day(40))).await;
        assert_eq!(far.status(), 422);
        assert_eq!(counts(&app).await, (1, 0, 0));
        assert_eq!(slot(format!("{}T10:00", india_day(1))).await.status(), 303);
        let overlap = slot(format!("{}T10:00", india_day(1))).await;
        assert_eq!(overlap.status(), 409);
        assert!(
            overlap
                .text()
                .await
                .unwrap()
                .contains("You already have a slot at that time.")
        );
        assert_eq!(counts(&app).await, (1, 1, 0));
        // A range: every half hour of two days, the one already there kept.
        let published = app
            .post_form(
                team,
                &[
                    ("op", "publish"),
                    ("from", &india_day(1)),
                    ("to", &india_day(2)),
                ],
                Some(&host),
            )
            .await;
        assert_eq!(published.status(), 303);
        assert!(
            location(&published).contains("published=27"),
            "{}",
            location(&published)
        );
        assert_eq!(counts(&app).await, (1, 28, 0));
        let refused = app
            .post_form(
                team,
                &[
                    ("op", "publish"),
                    ("from", &india_day(1)),
                    ("to", &india_day(60)),
                ],
                Some(&host),
            )
            .await;
        assert_eq!(refused.status(), 422);

        // The booking page in Tokyo's zone, the host's clock beside each slot.
        let (first_id, first_at): (i64, i64) = sqlx::query_as(
            "SELECT id, starts_at FROM meeting_slots WHERE host_id = $1 ORDER BY starts_at LIMIT 1",
        )
        .bind(host_id)
        .fetch_one(app.db())
        .await
        .unwrap();
        let page = app
            .page(&format!("/en/booths/{booth}/meetings?tz=Asia/Tokyo"), 200)
            .await;
        let at = Instant(first_at);
        assert!(page.contains(&format::time(Locale::En, at, "Asia/Tokyo")));
        assert!(page.contains(&format::zoned_time(Locale::En, at, "Asia/Kolkata")));
        assert!(
            page.contains("Sign in to book"),
            "a guest is asked to sign in"
        );

        // Booked by the buyer: both parties emailed with the entry.
        let book = |slot: i64, who: String, topic: &'static str| {
            let path = format!("/en/booths/{booth}/meetings");
            async move {
                a.post_form(
                    &path,
                    &[
                        ("slot", &slot.to_string()),
                        ("topic", topic),
                        ("tz", "Asia/Tokyo"),
                    ],
                    Some(&who),
                )
                .await
            }
        };
        let no_topic = book(first_id, buyer.clone(), "").await;
        assert_eq!(no_topic.status(), 422);
        assert_eq!(
            book(first_id, host.clone(), "My own booth").await.status(),
            409
        );
        assert_eq!(counts(&app).await.2, 0);
        let booked = book(first_id, buyer.clone(), "Green tea for Osaka").await;
        assert_eq!(booked.status(), 303);
        let page = location(&booked);
        let number = page.trim_start_matches("/en/meetings/").to_owned();
        assert!(number.starts_with("MTG-"), "{page}");
        assert_eq!(
            invites(&app, "kenji@importer.example", "METHOD:REQUEST").await,
            1
        );
        assert_eq!(invites(&app, "asha@booth.example", "SEQUENCE:0").await, 1);
        // Taken: the next buyer is refused, nothing written.
        let taken = book(first_id, rival.clone(), "Me too").await;
        assert_eq!(taken.status(), 409);
        assert_eq!(counts(&app).await.2, 1);

        // Only the two parties see it, or its entry.
        let shown = app.get_as(&page, Some(&buyer)).await;
        assert_eq!(shown.status(), 200);
        assert!(shown.text().await.unwrap().contains("Green tea for Osaka"));
        let hosted = app.get_as(&page, Some(&host)).await.text().await.unwrap();
        assert!(
            hosted.contains("kenji@importer.example"),
            "the shared address"
        );
        for other in [Some(stranger.as_str()), Some(rival.as_str()), None] {
            let status = app.get_as(&page, other).await.status();
            assert!(status == 404 || status == 401, "{status}");
        }
        let entry = app
            .get_as(&format!("{page}/invite.ics"), Some(&buyer))
            .await;
        assert_eq!(entry.status(), 200);
        assert!(entry.text().await.unwrap().contains("STATUS:CONFIRMED"));
        assert_eq!(
            app.get_as(&format!("{page}/invite.ics"), Some(&stranger))
                .await
                .status(),
            404
        );
        let mine = app
            .get_as("/en/meetings", Some(&host))
            .await
            .text()
            .await
            .unwrap();
        assert!(mine.contains(&number) && mine.contains("Kenji Sato"));

        // Moved to the next slot: the old one is free again, the entry one sequence on.
        let next: i64 = scalar(
            &app,
            &format!("SELECT id FROM meeting_slots WHERE host_id = {host_id} AND booked = 0 ORDER BY starts_at LIMIT 1"),
        )
        .await;
        let moved = app
            .post_form(
                &page,
                &[("op", "change"), ("slot", &next.to_string())],
                Some(&buyer),
            )
            .await;
        assert_eq!(moved.status(), 303);
        let first_free: i64 = scalar(
            &app,
            &format!("SELECT booked FROM meeting_slots WHERE id = {first_id}"),
        )
        .await;
        assert_eq!(first_free, 0);
        assert_eq!(invites(&app, "asha@booth.example", "SEQUENCE:1").await, 1);
        // The host cannot move it (the buyer chose the time), nor remove its booked slot.
        assert_eq!(
            app.post_form(
                &page,
                &[("op", "change"), ("slot", &first_id.to_string())],
                Some(&host)
            )
            .await
            .status(),
            403
        );
        assert_eq!(
            app.post_form(
                team,
                &[("op", "remove"), ("slot", &next.to_string())],
                Some(&host)
            )
            .await
            .status(),
            409
        );

        // The buyer is a lead of the booth, by the meeting.
        let leads = app
            .get_as("/en/exhibitor/leads", Some(&host))
            .await
            .text()
            .await
            .unwrap();
        assert!(leads.contains("Kenji Sato") && leads.contains("Green tea for Osaka"));

        // Cancelled by the host, with a reason: the same entry, cancelled, to both.
        let cancelled = app
            .post_form(
                &page,
                &[("op", "cancel"), ("reason", "Our team travels that week.")],
                Some(&host),
            )
            .await;
        assert_eq!(cancelled.status(), 303);
        for who in ["kenji@importer.example", "asha@booth.example"] {
            assert_eq!(invites(&app, who, "STATUS:CANCELLED").await, 1, "{who}");
            assert_eq!(invites(&app, who, "SEQUENCE:2").await, 1, "{who}");
        }
        let method: String = scalar(
            &app,
            "SELECT calendar_method FROM outbox WHERE calendar LIKE '%STATUS:CANCELLED%' ORDER BY id LIMIT 1",
        )
        .await;
        assert_eq!(method, "CANCEL");
        let free: i64 = scalar(
            &app,
            &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_slots WHERE host_id = {host_id} AND booked = 1"),
        )
        .await;
        assert_eq!(free, 0, "every slot free again");
        let again = app
            .post_form(&page, &[("op", "cancel")], Some(&buyer))
            .await;
        assert_eq!(again.status(), 409);
        let read = app.get_as(&page, Some(&buyer)).await.text().await.unwrap();
        assert!(read.contains("Our team travels that week."));
        // A free slot is the member's to remove.
        assert_eq!(
            app.post_form(
                team,
                &[("op", "remove"), ("slot", &next.to_string())],
                Some(&host)
            )
            .await
            .status(),
            303
        );
        // Three meetings ahead with one booth at most: the fourth is refused, nothing written.
        let free: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM meeting_slots WHERE host_id = $1 AND booked = 0 ORDER BY starts_at LIMIT 4",
        )
        .bind(host_id)
        .fetch_all(app.db())
        .await
        .unwrap();
        for slot in &free[..3] {
            assert_eq!(book(*slot, buyer.clone(), "One more").await.status(), 303);
        }
        let capped = book(free[3], buyer.clone(), "One too many").await;
        assert_eq!(capped.status(), 409);
        assert!(capped.text().await.unwrap().contains("cancel one first"));
        assert_eq!(
            counts(&app).await.2,
            4,
            "the cancelled meeting and three ahead"
        );
        // Someone who leaves the team: their slots are neither offered nor bookable.
        let left: i64 = scalar(
            &app,
            &format!("SELECT id FROM meeting_slots WHERE host_id = {host_id} AND booked = 0 ORDER BY starts_at LIMIT 1"),
        )
        .await;
        sqlx::query("DELETE FROM booth_members WHERE user_id = $1")
            .bind(host_id)
            .execute(app.db())
            .await
            .unwrap();
        let page = app.page(&format!("/en/booths/{booth}/meetings"), 200).await;
        assert!(page.contains("No free meeting slots"), "nothing offered");
        assert_eq!(
            book(left, buyer.clone(), "After she left").await.status(),
            409
        );
    }
);

on_both_stores!(
    one_slot_is_booked_once_and_a_buyer_meets_one_host_at_a_time,
    true,
    |app: TestApp| async move {
        let (booth, _) = two_booths(&app).await;
        let start = app::state::now().seconds() + 3 * 86_400;
        // Six hosts on one booth, each with a slot at the same time.
        let mut slots = Vec::new();
        for n in 0..6 {
            let (host, _) = app
                .member(&format!("host{n}@booth.example"), &booth, "staff")
                .await;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO meeting_slots (booth_id, host_id, starts_at, ends_at, created_at)
                 SELECT id, $2, $3, $4, 0 FROM booths WHERE slug = $1 RETURNING id",
            )
            .bind(&booth)
            .bind(host)
            .bind(start)
            .bind(start + 1200)
            .fetch_one(app.db())
            .await
            .unwrap();
            slots.push(id);
        }
        let mut buyers = Vec::new();
        for n in 0..8 {
            buyers.push(
                app.person(&format!("buyer{n}@importer.example"), "Buyer")
                    .await
                    .1,
            );
        }
        let path = format!("/en/booths/{booth}/meetings");
        // Eight buyers at once on one slot: exactly one wins.
        let first = slots[0].to_string();
        let statuses = at_once(
            &app,
            &path,
            buyers.iter().map(|t| (first.clone(), t.clone())).collect(),
        )
        .await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 303).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 303 || *s == 409),
            "{statuses:?}"
        );
        let meetings: i64 = scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings").await;
        assert_eq!(meetings, 1);
        // One buyer at once on five overlapping slots of five hosts: exactly one wins.
        let rest: Vec<String> = slots[1..].iter().map(ToString::to_string).collect();
        let statuses = at_once(
            &app,
            &path,
            rest.iter()
                .map(|slot| (slot.clone(), buyers[7].clone()))
                .collect(),
        )
        .await;
        // Buyer 7 may already hold the first slot (if they won above): then none wins.
        let held: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m JOIN users u ON u.id = m.buyer_id
              WHERE u.email = 'buyer7@importer.example' AND m.state = 'booked'",
        )
        .await;
        assert_eq!(held, 1, "{statuses:?}");
        let claimed: i64 = scalar(
            &app,
            "SELECT CAST(COALESCE(SUM(booked), 0) AS BIGINT) FROM meeting_slots",
        )
        .await;
        let meetings: i64 = scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings").await;
        assert_eq!(claimed, meetings, "no slot claimed without its meeting");
        assert!(meetings <= 2);
    }
);

/// A 20-minute slot of `host` at `booth`, `days` from now, booked by `buyer`: the meeting's
/// number.
async fn book_a_slot(app: &TestApp, booth: &str, host: i64, buyer: &str, days: i64) -> String {
    let start = app::state::now().seconds() + days * 86_400;
    let slot: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_slots (booth_id, host_id, starts_at, ends_at, created_at)
         SELECT id, $2, $3, $4, 0 FROM booths WHERE slug = $1 RETURNING id",
    )
    .bind(booth)
    .bind(host)
    .bind(start)
    .bind(start + 1200)
    .fetch_one(app.db())
    .await
    .unwrap();
    let booked = app
        .post_form(
            &format!("/en/booths/{booth}/meetings"),
            &[("slot", &slot.to_string()), ("topic", "Cardamom for Osaka")],
            Some(buyer),
        )
        .await;
    assert_eq!(booked.status(), 303);
    location(&booked).rsplit('/').next().unwrap().to_owned()
}

/// `user`'s business profile: an importer in Japan, verified by `council` (its hosted
/// buyer) or by none.
async fn importer(app: &TestApp, user: i64, council: Option<i64>) {
    sqlx::query(
        "INSERT INTO business_profiles (user_id, company, country, role, annual_volume,
                verified_council, verified_at, updated_at)
         VALUES ($1, 'Osaka Foods', 'JP', 'importer', 'to_1m', $2, 1, 1)",
    )
    .bind(user)
    .bind(council)
    .execute(app.db())
    .await
    .unwrap();
}

type RoomSocket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens meeting `number`'s room as `session` (from `origin`, if given), or answers the
/// refusal's status.
async fn room(
    app: &TestApp,
    number: &str,
    session: Option<&str>,
    query: &str,
    origin: Option<&str>,
) -> Result<RoomSocket, u16> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!(
        "{}/en/meetings/{number}/room?tz=Asia/Tokyo{query}",
        app.base.replace("http://", "ws://")
    );
    let mut request = url.into_client_request().unwrap();
    if let Some(token) = session {
        request.headers_mut().insert(
            "cookie",
            format!("pavilion_session={token}").parse().unwrap(),
        );
    }
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", origin.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(err) => panic!("{err}"),
    }
}

/// The room's next frame (5 s at most).
async fn news(socket: &mut RoomSocket) -> RoomNews {
    use futures_util::StreamExt;
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
            .await
            .expect("a frame within 5 s")
            .expect("the socket is open")
            .unwrap();
        if let tokio_tungstenite::tungstenite::Message::Text(text) = frame {
            return serde_json::from_str(text.as_str()).unwrap();
        }
    }
}

async fn call(socket: &mut RoomSocket, call: &RoomCall) {
    use futures_util::SinkExt;
    socket
        .send(tokio_tungstenite::tungstenite::Message::Text(
            serde_json::to_string(call).unwrap().into(),
        ))
        .await
        .unwrap();
}

/// The room closes `socket` within 5 s, saying so in a closing frame that stops the page
/// reconnecting, with no more news on it.
async fn closed(socket: &mut RoomSocket) {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
            .await
            .expect("closed within 5 s")
            .expect("a closing frame before the end")
            .expect("closed by its closing handshake");
        match frame {
            Message::Close(Some(close)) => {
                assert_eq!(u16::from(close.code), ROOM_ENDED);
                return;
            }
            Message::Text(text) => panic!("news after being put out: {text}"),
            Message::Close(None) => panic!("closed without saying why"),
            _ => {}
        }
    }
}

/// Posts `form` to the council's meetings page as `session`.
async fn curate(app: &TestApp, form: &[(&str, &str)], session: &str) -> reqwest::Response {
    app.post_form("/en/curator/meetings", form, Some(session))
        .await
}

/// Sends a call's signal of `kind` to the person `to`.
async fn signal(socket: &mut RoomSocket, to: i64, kind: SignalKind, body: String) {
    call(socket, &RoomCall::Signal { to, kind, body }).await;
}

/// Nothing arrives on `socket` for half a second.
async fn quiet(socket: &mut RoomSocket) {
    use futures_util::StreamExt;
    let next = tokio::time::timeout(std::time::Duration::from_millis(500), socket.next()).await;
    assert!(
        !matches!(
            next,
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(_))))
        ),
        "{next:?}"
    );
}

on_both_stores!(
    the_meeting_room_is_its_two_parties_alone,
    true,
    |app: TestApp| async move {
        let (booth, other_booth) = two_booths(&app).await;
        let (host_id, host) = app.member("asha@booth.example", &booth, "owner").await;
        let (buyer_id, buyer) = app.person("kenji@importer.example", "Kenji Sato").await;
        let (stranger_id, stranger) = app.person("otto@other.example", "Otto Other").await;
        let number = book_a_slot(&app, &booth, host_id, &buyer, 2).await;
        let product = |booth: String| {
            let db = app.db().clone();
            async move {
                sqlx::query_scalar::<_, String>(
                    "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
                      WHERE b.slug = $1 AND p.status = 'published' ORDER BY p.id LIMIT 1",
                )
                .bind(booth)
                .fetch_one(&db)
                .await
                .unwrap()
            }
        };
        let (ours, theirs) = (product(booth.clone()).await, product(other_booth).await);

        // Only the two parties enter; a guest must sign in; another site cannot open it.
        assert_eq!(
            room(&app, &number, Some(&stranger), "", None).await.err(),
            Some(404)
        );
        assert_eq!(room(&app, &number, None, "", None).await.err(), Some(401));
        assert_eq!(
            room(&app, "NOSUCHMEETING", Some(&buyer), "", None)
                .await
                .err(),
            Some(404)
        );
        assert_eq!(
            room(&app, &number, Some(&buyer), "", Some("http://evil.example"))
                .await
                .err(),
            Some(403)
        );
        let mut kenji = room(&app, &number, Some(&buyer), "", None).await.unwrap();
        let mut asha = room(&app, &number, Some(&host), "", None).await.unwrap();
        assert_eq!(news(&mut kenji).await, RoomNews::Hello { me: buyer_id });
        assert_eq!(news(&mut asha).await, RoomNews::Hello { me: host_id });

        // Signalling: a party joins, the other hears it; an offer goes to the other party
        // only, and never to anyone outside the meeting.
        call(&mut kenji, &RoomCall::Join).await;
        let joined = RoomNews::Joined {
            peer: buyer_id,
            name: "Kenji Sato".into(),
        };
        assert_eq!(news(&mut asha).await, joined);
        assert_eq!(news(&mut kenji).await, joined);
        let offer = r#"{"type":"offer","sdp":"v=0\r\n"}"#.to_owned();
        signal(&mut asha, buyer_id, SignalKind::Offer, offer.clone()).await;
        assert_eq!(
            news(&mut kenji).await,
            RoomNews::Signal {
                from: host_id,
                name: "Booth Person".into(),
                kind: SignalKind::Offer,
                body: offer.clone()
            }
        );
        quiet(&mut asha).await;
        for to in [stranger_id, host_id] {
            signal(&mut asha, to, SignalKind::Candidate, "{}".into()).await;
            assert_eq!(
                news(&mut asha).await,
                RoomNews::Refused {
                    code: "not_in_room".into()
                }
            );
        }
        // A candidate is a line: one of 3 KiB is refused.
        signal(
            &mut asha,
            buyer_id,
            SignalKind::Candidate,
            "x".repeat(3 * 1024),
        )
        .await;
        assert_eq!(
            news(&mut asha).await,
            RoomNews::Refused {
                code: "too_long".into()
            }
        );
        // "Offer me a connection" (from the one of a pair who never offers) travels the
        // same way, and carries nothing long.
        signal(&mut kenji, host_id, SignalKind::Ready, String::new()).await;
        assert_eq!(
            news(&mut asha).await,
            RoomNews::Signal {
                from: buyer_id,
                name: "Kenji Sato".into(),
                kind: SignalKind::Ready,
                body: String::new()
            }
        );
        signal(&mut kenji, host_id, SignalKind::Ready, "x".repeat(3 * 1024)).await;
        assert_eq!(
            news(&mut kenji).await,
            RoomNews::Refused {
                code: "too_long".into()
            }
        );
        quiet(&mut kenji).await;

        // The conversation: a line and a shared product reach both, each as its reader
        // reads it; bad lines are refused and nothing is written.
        call(
            &mut kenji,
            &RoomCall::Say {
                text: "  Can you ship to Osaka?  ".into(),
            },
        )
        .await;
        for (socket, mine) in [(&mut kenji, true), (&mut asha, false)] {
            let RoomNews::Note { note } = news(socket).await else {
                panic!("a line")
            };
            assert_eq!(
                (note.author.as_str(), note.text.as_str(), note.mine),
                ("Kenji Sato", "Can you ship to Osaka?", mine)
            );
        }
        call(&mut kenji, &RoomCall::Say { text: "   ".into() }).await;
        call(
            &mut kenji,
            &RoomCall::Say {
                text: "x".repeat(1001),
            },
        )
        .await;
        call(
            &mut asha,
            &RoomCall::Share {
                product: theirs.clone(),
            },
        )
        .await;
        for code in ["required", "too_long"] {
            assert_eq!(
                news(&mut kenji).await,
                RoomNews::Refused { code: code.into() }
            );
        }
        assert_eq!(
            news(&mut asha).await,
            RoomNews::Refused {
                code: "choice".into()
            }
        );
        call(
            &mut asha,
            &RoomCall::Share {
                product: ours.clone(),
            },
        )
        .await;
        for socket in [&mut kenji, &mut asha] {
            let RoomNews::Note { note } = news(socket).await else {
                panic!("a shared product")
            };
            let shared = note.product.expect("the product");
            assert_eq!(shared.slug, ours);
            assert!(!shared.price.is_empty() && !shared.name.is_empty());
        }
        let notes = "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_notes";
        assert_eq!(scalar::<i64>(&app, notes).await, 2);

        // Without JavaScript: the same conversation by form, announced to the sockets.
        let page = format!("/en/meetings/{number}");
        let said = app
            .post_form(
                &page,
                &[("op", "say"), ("text", "Samples go by courier")],
                Some(&host),
            )
            .await;
        assert_eq!(said.status(), 303);
        assert_eq!(location(&said), format!("{page}#room"));
        for socket in [&mut kenji, &mut asha] {
            let RoomNews::Note { note } = news(socket).await else {
                panic!("the posted line")
            };
            assert_eq!(note.text, "Samples go by courier");
        }
        for (form, session, status) in [
            (vec![("op", "say"), ("text", "hello")], &stranger, 404),
            (vec![("op", "say"), ("text", "")], &buyer, 422),
            (
                vec![("op", "share"), ("product", theirs.as_str())],
                &buyer,
                422,
            ),
            (vec![("op", "share"), ("product", "")], &buyer, 422),
        ] {
            let refused = app.post_form(&page, &form, Some(session)).await;
            assert_eq!(refused.status(), status, "{form:?}");
        }
        assert_eq!(scalar::<i64>(&app, notes).await, 3);
        let html = app.get_as(&page, Some(&buyer)).await.text().await.unwrap();
        assert!(html.contains("Can you ship to Osaka?") && html.contains("Samples go by courier"));
        assert!(html.contains(&format!("/en/products/{ours}")));

        // A party who drops out of the call is gone from it; back, they get what they
        // missed after the last line they had.
        drop(kenji);
        assert_eq!(news(&mut asha).await, RoomNews::Left { peer: buyer_id });
        let first: i64 = scalar(&app, "SELECT CAST(MIN(id) AS BIGINT) FROM meeting_notes").await;
        let mut kenji = room(
            &app,
            &number,
            Some(&buyer),
            &format!("&after={first}"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(news(&mut kenji).await, RoomNews::Hello { me: buyer_id });
        let RoomNews::Note { note } = news(&mut kenji).await else {
            panic!("a missed line")
        };
        assert!(note.product.is_some(), "the shared product came next");
        let RoomNews::Note { note } = news(&mut kenji).await else {
            panic!("the last missed line")
        };
        assert_eq!(note.text, "Samples go by courier");

        // Cancelled: the room closes to new sockets and new lines, its conversation stays.
        let cancelled = app
            .post_form(&page, &[("op", "cancel"), ("reason", "")], Some(&buyer))
            .await;
        assert_eq!(cancelled.status(), 303);
        assert_eq!(
            room(&app, &number, Some(&host), "", None).await.err(),
            Some(409)
        );
        let late = app
            .post_form(
                &page,
                &[("op", "say"), ("text", "Still there?")],
                Some(&host),
            )
            .await;
        assert_eq!(late.status(), 409);
        call(
            &mut kenji,
            &RoomCall::Say {
                text: "Anyone?".into(),
            },
        )
        .await;
        assert!(matches!(news(&mut kenji).await, RoomNews::Refused { .. }));
        assert_eq!(scalar::<i64>(&app, notes).await, 3);
        let html = app.get_as(&page, Some(&host)).await.text().await.unwrap();
        assert!(html.contains("Samples go by courier"));
    }
);

on_both_stores!(
    a_council_suggests_meetings_to_its_hosted_buyers,
    true,
    |app: TestApp| async move {
        // Hall X of council C; booth A of it has a product under heading H.
        let (hall, hall_id, council, council_id): (String, i64, String, i64) = sqlx::query_as(
            "SELECT h.slug, h.id, c.slug, c.id FROM halls h JOIN councils c ON c.id = h.council_id
              WHERE (SELECT COUNT(*) FROM booths b WHERE b.hall_id = h.id AND b.status = 'published') > 1
              ORDER BY h.position, h.id LIMIT 1",
        )
        .fetch_one(app.db())
        .await
        .unwrap();
        let (booth, heading): (String, String) = sqlx::query_as(&format!(
            "SELECT b.slug, p.hs_code FROM booths b JOIN products p ON p.booth_id = b.id
              WHERE b.slug = ({}) AND p.status = 'published' ORDER BY p.id LIMIT 1",
            support::booth_in(&hall)
        ))
        .fetch_one(app.db())
        .await
        .unwrap();
        let heading: String = heading
            .chars()
            .filter(char::is_ascii_digit)
            .take(4)
            .collect();
        let other_council: String =
            sqlx::query_scalar("SELECT slug FROM councils WHERE id <> $1 ORDER BY id LIMIT 1")
                .bind(council_id)
                .fetch_one(app.db())
                .await
                .unwrap();
        let (_, curator) = app.curator("mira@council.example", &council).await;
        let (_, stranger) = app
            .curator("omar@other-council.example", &other_council)
            .await;
        let (buyer_id, buyer) = app.person("kenji@importer.example", "Kenji Sato").await;
        let (unhosted_id, _) = app.person("lee@importer.example", "Lee Park").await;
        importer(&app, buyer_id, Some(council_id)).await;
        importer(&app, unhosted_id, None).await;
        let page = "/en/curator/meetings";
        let suggest = |buyer: i64| [("op", "suggest".to_owned()), ("buyer", buyer.to_string())];
        let send = |token: String, buyer: i64| {
            let form = suggest(buyer);
            let app = &app;
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form(page, &form, Some(&token)).await
            }
        };
        let suggestions = "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_suggestions";

        // Nothing known of the buyer yet: nothing to suggest (409). Not the council's
        // buyer: not found; not a curator: forbidden. Nothing written.
        assert_eq!(send(curator.clone(), buyer_id).await.status(), 409);
        assert_eq!(send(curator.clone(), unhosted_id).await.status(), 404);
        assert_eq!(send(stranger.clone(), buyer_id).await.status(), 404);
        assert_eq!(send(buyer.clone(), buyer_id).await.status(), 403);
        assert_eq!(scalar::<i64>(&app, suggestions).await, 0);

        // The buyer asks hall X for goods under heading H: booth A matches best (heading
        // and hall), the hall's other booths by the hall.
        sqlx::query(
            "INSERT INTO rfqs (number, buyer_id, hall_id, subject, hs_heading, quantity, unit,
                    destination, country, incoterm, needed_by, created_at)
             VALUES ('RFQ-PROGRAMME1', $1, $2, 'Spices for Osaka', $3, 500, 'kg', 'Osaka', 'JP', 'FOB', 0, 1)",
        )
        .bind(buyer_id)
        .bind(hall_id)
        .bind(&heading)
        .execute(app.db())
        .await
        .unwrap();
        let html = app.get_as(page, Some(&curator)).await.text().await.unwrap();
        assert!(html.contains("Kenji Sato") && html.contains("Send the suggestions"));
        let sent = send(curator.clone(), buyer_id).await;
        assert_eq!(sent.status(), 303);
        let count: i64 = scalar(&app, suggestions).await;
        assert!((1..=3).contains(&count), "{count}");
        assert!(location(&sent).ends_with(&format!("?suggested={count}#buyers")));
        let (first, reasons): (String, String) = sqlx::query_as(
            "SELECT b.slug, s.reasons FROM meeting_suggestions s JOIN booths b ON b.id = s.booth_id
              ORDER BY s.id LIMIT 1",
        )
        .fetch_one(app.db())
        .await
        .unwrap();
        assert_eq!(
            (first.as_str(), reasons.as_str()),
            (booth.as_str(), "heading,hall")
        );
        let mailed: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE recipient = 'kenji@importer.example'
               AND body LIKE $1",
        )
        .bind(format!("%/en/booths/{booth}/meetings%"))
        .fetch_one(app.db())
        .await
        .unwrap();
        assert_eq!(mailed, 1);
        // The buyer finds them among their meetings, each with its booking page.
        let mine = app
            .get_as("/en/meetings", Some(&buyer))
            .await
            .text()
            .await
            .unwrap();
        assert!(mine.contains("Suggested by a council"));
        assert!(mine.contains(&format!("/en/booths/{booth}/meetings")));
        assert!(mine.contains("Its products fall under a requested HS heading"));
        // Sending again never suggests a booth twice.
        let again = send(curator.clone(), buyer_id).await.status();
        assert!(again == 303 || again == 409, "{again}");
        let twice: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT buyer_id, booth_id FROM meeting_suggestions
               GROUP BY buyer_id, booth_id HAVING COUNT(*) > 1) d",
        )
        .await;
        assert_eq!(twice, 0);

        // The council counts its booths' meetings, and those with its hosted buyers.
        let (host_id, _) = app.member("asha@booth.example", &booth, "owner").await;
        book_a_slot(&app, &booth, host_id, &buyer, 1).await;
        let user = app::accounts::store::session_user(app.db(), &curator, app::state::now())
            .await
            .unwrap();
        let report = app::trade::meetings::programme::council_page(
            app.db(),
            user.as_ref(),
            Locale::En,
            app::state::now(),
        )
        .await
        .unwrap();
        let row = report.booths.iter().find(|b| b.booth == booth).unwrap();
        assert_eq!(
            (row.hosts, row.booked_ahead, row.held, row.hosted),
            (0, 1, 0, 1)
        );
        let kenji = report.buyers.iter().find(|b| b.id == buyer_id).unwrap();
        let suggested = kenji.sent.iter().find(|s| s.booth == booth).unwrap();
        assert!(suggested.booked, "the suggestion shows the meeting booked");
        assert!(kenji.next.iter().all(|s| s.booth != booth));
    }
);

on_both_stores!(
    a_council_moderator_joins_a_hosted_buyers_meeting,
    true,
    |app: TestApp| async move {
        // Booth A of a hall of council C; Kenji is C's hosted buyer, Lee is nobody's.
        let (booth, council, council_id): (String, String, i64) = sqlx::query_as(
            "SELECT b.slug, c.slug, c.id FROM booths b JOIN halls h ON h.id = b.hall_id
               JOIN councils c ON c.id = h.council_id
              WHERE b.status = 'published' ORDER BY b.id LIMIT 1",
        )
        .fetch_one(app.db())
        .await
        .unwrap();
        let other_council: String =
            sqlx::query_scalar("SELECT slug FROM councils WHERE id <> $1 ORDER BY id LIMIT 1")
                .bind(council_id)
                .fetch_one(app.db())
                .await
                .unwrap();
        let (host_id, host) = app.member("asha@booth.example", &booth, "owner").await;
        let (buyer_id, buyer) = app.person("kenji@importer.example", "Kenji Sato").await;
        let (_, unhosted) = app.person("lee@importer.example", "Lee Park").await;
        let (mira_id, mira) = app.curator("mira@council.example", &council).await;
        let (_, ravi) = app.curator("ravi@council.example", &council).await;
        let (_, omar) = app.curator("omar@other.example", &other_council).await;
        importer(&app, buyer_id, Some(council_id)).await;
        let number = book_a_slot(&app, &booth, host_id, &buyer, 2).await;
        let lone = book_a_slot(&app, &booth, host_id, &unhosted, 3).await;
        let page = format!("/en/meetings/{number}");
        let asked =
            "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings WHERE moderator_council IS NOT NULL";
        let mails = "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE subject LIKE 'A moderator is asked%'";

        // Only a party of a hosted buyer's meeting asks; nothing is written otherwise.
        let lone_ask = app
            .post_form(
                &format!("/en/meetings/{lone}"),
                &[("op", "moderator")],
                Some(&unhosted),
            )
            .await;
        assert_eq!(lone_ask.status(), 409);
        for session in [&mira, &omar, &unhosted] {
            let refused = app
                .post_form(&page, &[("op", "moderator")], Some(session))
                .await;
            assert_eq!(refused.status(), 404);
        }
        let early = [("op", "moderate"), ("meeting", number.as_str())];
        let not_asked = curate(&app, &early, &mira).await;
        assert_eq!(not_asked.status(), 404);
        assert_eq!(scalar::<i64>(&app, asked).await, 0);
        let html = app.get_as(&page, Some(&buyer)).await.text().await.unwrap();
        assert!(
            html.contains("value=\"moderator\""),
            "the party is offered a moderator"
        );
        let html = app
            .get_as(&format!("/en/meetings/{lone}"), Some(&unhosted))
            .await
            .text()
            .await
            .unwrap();
        assert!(!html.contains("Council moderator"));

        // The parties are in the room before anyone moderates.
        let mut kenji = room(&app, &number, Some(&buyer), "", None).await.unwrap();
        let mut asha = room(&app, &number, Some(&host), "", None).await.unwrap();
        assert_eq!(news(&mut kenji).await, RoomNews::Hello { me: buyer_id });
        assert_eq!(news(&mut asha).await, RoomNews::Hello { me: host_id });
        assert_eq!(
            room(&app, &number, Some(&mira), "", None).await.err(),
            Some(404)
        );

        // The buyer asks; the council's two curators are mailed once, even when the host
        // asks too.
        let ask = app
            .post_form(&page, &[("op", "moderator")], Some(&buyer))
            .await;
        assert_eq!(ask.status(), 303);
        assert_eq!(location(&ask), format!("{page}#moderation"));
        let again = app
            .post_form(&page, &[("op", "moderator")], Some(&host))
            .await;
        assert_eq!(again.status(), 303);
        assert_eq!(scalar::<i64>(&app, asked).await, 1);
        assert_eq!(scalar::<i64>(&app, mails).await, 2);
        let html = app.get_as(&page, Some(&host)).await.text().await.unwrap();
        assert!(html.contains("A moderator has been asked of"));

        // The council sees the request; one curator takes the seat, the other cannot, nor a
        // curator of another council.
        let council_page = app
            .get_as("/en/curator/meetings", Some(&ravi))
            .await
            .text()
            .await
            .unwrap();
        assert!(council_page.contains(&number) && council_page.contains("Moderate this meeting"));
        let take = [("op", "moderate"), ("meeting", number.as_str())];
        let taken = curate(&app, &take, &mira).await;
        assert_eq!(taken.status(), 303);
        assert_eq!(location(&taken), format!("{page}#room"));
        let second = curate(&app, &take, &ravi).await;
        assert_eq!(second.status(), 409);
        let foreign = curate(&app, &take, &omar).await;
        assert_eq!(foreign.status(), 404);
        let seated: Option<i64> =
            sqlx::query_scalar("SELECT moderator_id FROM meetings WHERE number = $1")
                .bind(&number)
                .fetch_one(app.db())
                .await
                .unwrap();
        assert_eq!(seated, Some(mira_id));

        // The moderator sees the meeting (not its cancellation), and is in its list.
        let html = app.get_as(&page, Some(&mira)).await.text().await.unwrap();
        assert!(html.contains("You moderate this meeting for"));
        assert!(html.contains("Kenji Sato") && !html.contains("name=\"op\" value=\"cancel\""));
        let cancel = app
            .post_form(&page, &[("op", "cancel"), ("reason", "")], Some(&mira))
            .await;
        assert_eq!(cancel.status(), 404);
        let calendar = app.get_as(&format!("{page}/invite.ics"), Some(&mira)).await;
        assert_eq!(
            calendar.status(),
            404,
            "the entry names the parties' addresses"
        );
        let list = app
            .get_as("/en/meetings", Some(&mira))
            .await
            .text()
            .await
            .unwrap();
        assert!(list.contains(&page));
        assert!(
            app.get_as(&page, Some(&buyer))
                .await
                .text()
                .await
                .unwrap()
                .contains("moderates this meeting")
        );

        // In the room: the moderator's join reaches both parties by name; each party
        // reaches the moderator (their sockets opened before the seat was taken), and the
        // moderator reaches each party. A curator of another council stays out.
        let mut mira_socket = room(&app, &number, Some(&mira), "", None).await.unwrap();
        assert_eq!(
            news(&mut mira_socket).await,
            RoomNews::Hello { me: mira_id }
        );
        call(&mut mira_socket, &RoomCall::Join).await;
        let joined = RoomNews::Joined {
            peer: mira_id,
            name: "Council Curator".into(),
        };
        assert_eq!(news(&mut kenji).await, joined);
        assert_eq!(news(&mut asha).await, joined);
        assert_eq!(news(&mut mira_socket).await, joined);
        let offer = r#"{"type":"offer","sdp":"v=0\r\n"}"#.to_owned();
        for (socket, from, name) in [
            (&mut kenji, buyer_id, "Kenji Sato"),
            (&mut asha, host_id, "Booth Person"),
        ] {
            signal(socket, mira_id, SignalKind::Offer, offer.clone()).await;
            assert_eq!(
                news(&mut mira_socket).await,
                RoomNews::Signal {
                    from,
                    name: name.into(),
                    kind: SignalKind::Offer,
                    body: offer.clone()
                }
            );
        }
        signal(&mut mira_socket, host_id, SignalKind::Answer, "{}".into()).await;
        assert!(matches!(
            news(&mut asha).await,
            RoomNews::Signal { from, kind: SignalKind::Answer, .. } if from == mira_id
        ));
        quiet(&mut kenji).await;
        assert_eq!(
            room(&app, &number, Some(&omar), "", None).await.err(),
            Some(404)
        );
        // The moderator writes in the conversation too.
        call(
            &mut mira_socket,
            &RoomCall::Say {
                text: "Welcome, both of you.".into(),
            },
        )
        .await;
        for socket in [&mut kenji, &mut asha, &mut mira_socket] {
            let RoomNews::Note { note } = news(socket).await else {
                panic!("the moderator's line")
            };
            assert_eq!(note.author, "Council Curator");
        }

        // The moderator neither withdraws the request nor moves the meeting: those are the
        // parties'.
        for op in ["withdraw", "change"] {
            let refused = app.post_form(&page, &[("op", op)], Some(&mira)).await;
            assert_eq!(refused.status(), 404, "{op}");
        }

        // The host withdraws the request: the moderator is out of the meeting at once —
        // their open socket closed, heard leaving, not reached, not let in, its page gone —
        // and their seat with it.
        let withdrawn = app
            .post_form(&page, &[("op", "withdraw")], Some(&host))
            .await;
        assert_eq!(withdrawn.status(), 303);
        closed(&mut mira_socket).await;
        for socket in [&mut kenji, &mut asha] {
            assert_eq!(news(socket).await, RoomNews::Left { peer: mira_id });
        }
        signal(&mut kenji, mira_id, SignalKind::Candidate, "{}".into()).await;
        assert_eq!(
            news(&mut kenji).await,
            RoomNews::Refused {
                code: "not_in_room".into()
            }
        );
        assert_eq!(
            room(&app, &number, Some(&mira), "", None).await.err(),
            Some(404)
        );
        assert_eq!(app.get_as(&page, Some(&mira)).await.status(), 404);
        let leave = [("op", "release"), ("meeting", number.as_str())];
        let release = curate(&app, &leave, &mira).await;
        assert_eq!(release.status(), 404);
        assert_eq!(scalar::<i64>(&app, asked).await, 0);

        // Asked again the same day: the curators are not mailed twice. A curator leaves the
        // seat they hold (not another's); the request stays for the next one.
        let again = app
            .post_form(&page, &[("op", "moderator")], Some(&buyer))
            .await;
        assert_eq!(again.status(), 303);
        assert_eq!(scalar::<i64>(&app, mails).await, 2);
        let taken = curate(&app, &take, &mira).await;
        assert_eq!(taken.status(), 303);
        let not_theirs = curate(&app, &leave, &ravi).await;
        assert_eq!(not_theirs.status(), 409);
        let mut mira_socket = room(&app, &number, Some(&mira), "", None).await.unwrap();
        assert_eq!(
            news(&mut mira_socket).await,
            RoomNews::Hello { me: mira_id }
        );
        let left = curate(&app, &leave, &mira).await;
        assert_eq!(left.status(), 303);
        closed(&mut mira_socket).await;
        assert_eq!(news(&mut kenji).await, RoomNews::Left { peer: mira_id });
        let (council_asked, seat): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT moderator_council, moderator_id FROM meetings WHERE number = $1",
        )
        .bind(&number)
        .fetch_one(app.db())
        .await
        .unwrap();
        assert_eq!((council_asked, seat), (Some(council_id), None));
        // A cancellation reaches a seated moderator by mail (no calendar entry: it names
        // the parties' addresses, which are not theirs to read).
        let taken = curate(&app, &take, &ravi).await;
        assert_eq!(taken.status(), 303);
        let cancelled = app
            .post_form(&page, &[("op", "cancel"), ("reason", "")], Some(&buyer))
            .await;
        assert_eq!(cancelled.status(), 303);
        let told: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE recipient = 'ravi@council.example'
               AND subject NOT LIKE 'A moderator is asked%'",
        )
        .await;
        assert_eq!(told, 1);
    }
);
