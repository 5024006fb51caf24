//! Streams over HTTP: scheduled in the event's zone and shown in the viewer's, refused when
//! they clash, exported as calendars that parse back with the right instants, followed with
//! reminders; and live ingest: nginx-rtmp's hooks accepted only with the secret and the
//! right key inside the window, flipping the stream live, ended, and to a replay made by
//! ffmpeg — on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventStatus,
};
use support::{TestApp, booth_in, scalar};

const SECRET: &str = "test-hook-secret-0123456789abcdef";

/// A day 30 days ahead, as Shanghai's calendar has it.
fn future_day() -> NaiveDate {
    let shanghai = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    (Utc::now() + chrono::Duration::days(30))
        .with_timezone(&shanghai)
        .date_naive()
}

fn stream_form(
    title: &str,
    day: NaiveDate,
    from: &str,
    to: &str,
    zone: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("op", "save".into()),
        ("title", title.into()),
        ("description", "Grades, moisture and packing, live.".into()),
        ("language", "zh".into()),
        ("time_zone", zone.into()),
        ("starts_at", format!("{day}T{from}")),
        ("ends_at", format!("{day}T{to}")),
        ("title_hi", "लाइव ग्रेडिंग".into()),
        ("description_hi", "सीधा प्रसारण".into()),
    ]
}

fn refs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn parse(text: &str) -> Calendar {
    text.parse::<Calendar>()
        .unwrap_or_else(|e| panic!("not a calendar: {e}\n{text}"))
}

/// The one event of a calendar with `uid`.
fn event<'a>(calendar: &'a Calendar, uid: &str) -> &'a icalendar::Event {
    calendar
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Event(e) if e.get_uid() == Some(uid) => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no event {uid}"))
}

fn start_of(event: &icalendar::Event) -> chrono::DateTime<Utc> {
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
        other => panic!("start is not a time: {other:?}"),
    }
}

/// The stage API's answer for stream `slug`.
async fn stage_of(app: &TestApp, slug: &str) -> serde_json::Value {
    app.get(&format!("/api/streams/{slug}/stage"))
        .await
        .json()
        .await
        .unwrap()
}

on_both_stores!(
    an_exhibitor_schedules_and_buyers_see_it_in_their_time,
    true,
    |app: TestApp| async move {
        let booth = scalar::<String>(&app, &booth_in("spices-and-tea")).await;
        let other_booth = scalar::<String>(&app, &booth_in("seafood")).await;
        let owner = app.member("owner@a.example", &booth, "owner").await.1;
        let rival = app.member("owner@b.example", &other_booth, "owner").await.1;
        let (_, buyer) = app.person("buyer@example.com", "Buyer").await;
        let day = future_day();
        let form = stream_form(
            "Saffron grading for Shanghai buyers",
            day,
            "08:00",
            "09:00",
            "Asia/Shanghai",
        );
        let streams = "SELECT CAST(COUNT(*) AS BIGINT) FROM streams";
        let before: i64 = scalar(&app, streams).await;

        // Who may schedule: the booth's team only.
        assert_eq!(
            app.post_form("/en/exhibitor/new-stream", &refs(&form), None)
                .await
                .status(),
            401
        );
        assert_eq!(
            app.post_form("/en/exhibitor/new-stream", &refs(&form), Some(&buyer))
                .await
                .status(),
            403
        );

        // Bad input: each refused with its message, nothing saved.
        let yesterday = (Utc::now() - chrono::Duration::days(1)).date_naive();
        for (bad, status, message) in [
            (
                stream_form("x", day, "09:00", "08:00", "Asia/Shanghai"),
                422,
                "The end must be after the start.",
            ),
            (
                stream_form("x", yesterday, "08:00", "09:00", "Asia/Shanghai"),
                422,
                "The start must be in the future.",
            ),
            (
                stream_form("x", day, "08:00", "09:00", "Mars/Olympus"),
                422,
                "Choose a time zone from the list",
            ),
            (
                stream_form("x", day, "8 am", "09:00", "Asia/Shanghai"),
                422,
                "Enter a date and time",
            ),
        ] {
            let response = app
                .post_form("/en/exhibitor/new-stream", &refs(&bad), Some(&owner))
                .await;
            assert_eq!(response.status(), status, "{message}");
            let html = response.text().await.unwrap();
            assert!(
                html.contains(message),
                "{message} in {}",
                &html[..html.len().min(400)]
            );
        }
        assert_eq!(scalar::<i64>(&app, streams).await, before);

        // A good one: 08:00 in Shanghai is 00:00 UTC, and 19:00 the day before in New York.
        let response = app
            .post_form("/en/exhibitor/new-stream", &refs(&form), Some(&owner))
            .await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let slug = location.rsplit('/').next().unwrap().to_owned();
        assert_eq!(slug, "saffron-grading-for-shanghai-buyers");
        let expected = Utc
            .with_ymd_and_hms(day.year(), day.month(), day.day(), 0, 0, 0)
            .unwrap();
        let starts_at: i64 = scalar(
            &app,
            &format!("SELECT starts_at FROM streams WHERE slug = '{slug}'"),
        )
        .await;
        assert_eq!(starts_at, expected.timestamp(), "stored as the UTC instant");
        let console = app.get_as(&location, Some(&owner)).await;
        assert_eq!(console.status(), 200);
        assert!(
            console
                .text()
                .await
                .unwrap()
                .contains(&format!("{day}T08:00")),
            "shown again in the event's zone"
        );
        assert_eq!(
            app.get_as(&location, Some(&rival)).await.status(),
            404,
            "another booth's stream is not found"
        );

        // The agenda in New York: the event's time and the viewer's, a day apart.
        let response = app.get("/en/agenda?tz=America/New_York").await;
        assert_eq!(response.status(), 200);
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.starts_with("pavilion_tz=America/New_York"),
            "{cookie}"
        );
        let html = response.text().await.unwrap();
        let at = html
            .find("Saffron grading for Shanghai buyers")
            .expect("listed");
        let item = &html[html[..at].rfind("<li").unwrap()..at];
        assert!(
            item.contains("8:00") && item.contains("CST"),
            "event time: {item}"
        );
        assert!(
            item.contains("7:00") && item.contains("EST"),
            "viewer time: {item}"
        );
        assert!(
            item.contains("−1 day") && item.contains("the day before in your time zone"),
            "{item}"
        );
        // The remembered zone is used without asking again; an unknown zone is a 400.
        let remembered = app
            .get_with("/en/agenda", &[("cookie", "pavilion_tz=America/New_York")])
            .await;
        assert!(remembered.text().await.unwrap().contains("EST"));
        let unknown = app.page("/en/agenda?tz=Mars/Olympus", 400).await;
        assert!(unknown.contains("“Mars/Olympus” is not a time zone we know"));
        let filtered = app.page("/en/agenda?hall=seafood&tz=UTC", 200).await;
        assert!(
            !filtered.contains("Saffron grading for Shanghai buyers"),
            "filtered by hall"
        );
        let by_language = app.page("/en/agenda?language=hi&tz=UTC", 200).await;
        assert!(
            !by_language.contains("Saffron grading for Shanghai buyers"),
            "filtered by language"
        );
        assert!(
            app.page("/en/agenda?language=zh&tz=UTC", 200)
                .await
                .contains("Saffron grading for Shanghai buyers")
        );
        let hindi = app.page(&format!("/hi/streams/{slug}"), 200).await;
        assert!(hindi.contains("लाइव ग्रेडिंग"), "translated title");

        // Overlaps: the same booth, or the same host, twice at once.
        let clash = stream_form(
            "Second saffron session",
            day,
            "08:30",
            "09:30",
            "Asia/Shanghai",
        );
        let response = app
            .post_form("/en/exhibitor/new-stream", &refs(&clash), Some(&owner))
            .await;
        assert_eq!(response.status(), 409);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Your booth already has a stream at that time.")
        );
        // A host profile is its booth's: made with a stream, booked on the booth's next
        // one only when free; another booth can neither book it nor block its time.
        let mut hosted = stream_form("Hosted here", day, "10:00", "11:00", "Asia/Shanghai");
        hosted.push(("new_host_name", "Meera Host".to_owned()));
        hosted.push(("new_host_title", "Saffron grader".to_owned()));
        assert_eq!(
            app.post_form("/en/exhibitor/new-stream", &refs(&hosted), Some(&owner))
                .await
                .status(),
            303
        );
        let host: String = scalar(
            &app,
            "SELECT CAST(id AS TEXT) FROM hosts WHERE name = 'Meera Host'",
        )
        .await;
        let mut again = stream_form("Hosted again", day, "10:30", "11:30", "Asia/Shanghai");
        again.push(("host", host.clone()));
        let response = app
            .post_form("/en/exhibitor/new-stream", &refs(&again), Some(&owner))
            .await;
        // The booth's own clash comes first; move it to a free booth slot to see the host's.
        assert_eq!(response.status(), 409);
        let mut elsewhere = stream_form("Hosted there", day, "10:30", "11:30", "Asia/Shanghai");
        elsewhere.push(("host", host));
        let response = app
            .post_form("/en/exhibitor/new-stream", &refs(&elsewhere), Some(&rival))
            .await;
        assert_eq!(
            response.status(),
            422,
            "another booth's host is not a choice"
        );
        assert_eq!(
            scalar::<i64>(
                &app,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM streams WHERE title = 'Hosted there'"
            )
            .await,
            0
        );

        // The calendar: the right instant, a stable UID, SEQUENCE raised on each change.
        let ics = app.get(&format!("/streams/{slug}.ics")).await;
        assert_eq!(
            ics.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
        let calendar = parse(&ics.text().await.unwrap());
        let id: i64 = scalar(
            &app,
            &format!("SELECT id FROM streams WHERE slug = '{slug}'"),
        )
        .await;
        let uid = format!("stream-{id}@127.0.0.1");
        let first = event(&calendar, &uid);
        assert_eq!(start_of(first), expected);
        assert_eq!(first.get_sequence(), Some(0));

        // A follower hears of the new time and of the cancellation.
        let (_, follower) = app.person("follower@example.com", "Follower").await;
        assert_eq!(
            app.post_form(
                &format!("/en/streams/{slug}/follow"),
                &[("op", "follow")],
                None
            )
            .await
            .status(),
            401
        );
        let followed = app
            .post_form(
                &format!("/en/streams/{slug}/follow"),
                &[("op", "follow")],
                Some(&follower),
            )
            .await;
        assert_eq!(followed.status(), 303);
        let page = app
            .get_as(&format!("/en/streams/{slug}"), Some(&follower))
            .await;
        assert!(page.text().await.unwrap().contains("Cancel the reminder"));
        let moved = stream_form(
            "Saffron grading for Shanghai buyers",
            day,
            "12:00",
            "13:00",
            "Asia/Shanghai",
        );
        assert_eq!(
            app.post_form(&location, &refs(&moved), Some(&owner))
                .await
                .status(),
            303
        );
        let calendar = parse(&app.page(&format!("/streams/{slug}.ics"), 200).await);
        let second = event(&calendar, &uid);
        assert_eq!(start_of(second), expected + chrono::Duration::hours(4));
        assert_eq!(second.get_sequence(), Some(1));
        assert_eq!(
            app.post_form(&location, &[("op", "cancel")], Some(&owner))
                .await
                .status(),
            303
        );
        let calendar = parse(&app.page("/agenda.ics", 200).await);
        let cancelled = event(&calendar, &uid);
        assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
        assert_eq!(cancelled.get_sequence(), Some(2));
        let kinds: Vec<String> = sqlx::query_scalar(
            "SELECT n.kind FROM notifications n JOIN users u ON u.id = n.user_id
              WHERE u.email = 'follower@example.com' ORDER BY n.id",
        )
        .fetch_all(app.db())
        .await
        .unwrap();
        assert_eq!(kinds, ["rescheduled", "cancelled"]);
        let mails: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE recipient = 'follower@example.com'",
        )
        .await;
        assert_eq!(mails, 2);
        let account = app
            .get_as("/en/account", Some(&follower))
            .await
            .text()
            .await
            .unwrap();
        assert!(account.contains("Cancelled: Saffron grading for Shanghai buyers"));
        // A cancelled stream cannot be edited any more.
        assert_eq!(
            app.post_form(&location, &refs(&moved), Some(&owner))
                .await
                .status(),
            409
        );
    }
);

/// A stream of `booth` starting `minutes_ahead` from now, with stream key `key`.
async fn live_stream(app: &TestApp, booth: &str, slug: &str, minutes_ahead: i64, key: &str) {
    let now = app::state::now().seconds();
    sqlx::query(
        "INSERT INTO streams (slug, booth_id, title, description, language, starts_at, ends_at, time_zone, state, created_at, key_hash)
         SELECT $1, id, $1, 'Live test', 'en', $2, $3, 'Asia/Kolkata', 'scheduled', $4, $5 FROM booths WHERE slug = $6",
    )
    .bind(slug)
    .bind(now + minutes_ahead * 60)
    .bind(now + minutes_ahead * 60 + 3600)
    .bind(now)
    .bind(app::core::secrets::token_hash(key))
    .bind(booth)
    .execute(app.db())
    .await
    .unwrap();
}

async fn hook(app: &TestApp, event: &str, secret: &str, fields: &[(&str, &str)]) -> u16 {
    app.client
        .post(format!("{}/hooks/media/{event}?secret={secret}", app.base))
        .form(fields)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn state_of(app: &TestApp, slug: &str) -> String {
    scalar(
        app,
        &format!("SELECT state FROM streams WHERE slug = '{slug}'"),
    )
    .await
}

/// A two-second FLV recording like nginx-rtmp writes, made by ffmpeg.
fn recording(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let path = dir.join("rec.flv");
    let made = std::process::Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=160x120:rate=10",
        ])
        .args([
            "-f",
            "lavfi",
            "-i",
            "sine=duration=2",
            "-c:v",
            "libx264",
            "-c:a",
            "aac",
            "-f",
            "flv",
        ])
        .arg(&path)
        .status()
        .ok()?;
    made.success().then_some(path)
}

on_both_stores!(
    ingest_hooks_authorise_and_move_the_stream,
    true,
    |app: TestApp| async move {
        let booth = scalar::<String>(&app, &booth_in("spices-and-tea")).await;
        let owner = app.member("owner@a.example", &booth, "owner").await.1;
        live_stream(&app, &booth, "kerala-pepper-live", 10, "unused").await;
        live_stream(&app, &booth, "next-week-pepper", 7 * 24 * 60, "later-key").await;

        // The owner makes the key; it is shown once, on that answer only.
        let response = app
            .post_form(
                "/en/exhibitor/streams/kerala-pepper-live",
                &[("op", "key")],
                Some(&owner),
            )
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let html = response.text().await.unwrap();
        let start = html.find("kerala-pepper-live?key=").unwrap() + "kerala-pepper-live?key=".len();
        let key: String = html[start..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        assert_eq!(key.len(), 64);
        let console = app
            .get_as("/en/exhibitor/streams/kerala-pepper-live", Some(&owner))
            .await
            .text()
            .await
            .unwrap();
        assert!(!console.contains(&key), "never shown again");
        assert!(console.contains("rtmp://127.0.0.1:1935/live"));

        let (_, buyer) = app.person("watcher@example.com", "Watcher").await;
        app.post_form(
            "/en/streams/kerala-pepper-live/follow",
            &[("op", "follow")],
            Some(&buyer),
        )
        .await;
        fn publish(key: &str) -> [(&str, &str); 6] {
            [
                ("call", "publish"),
                ("app", "live"),
                ("name", "kerala-pepper-live"),
                ("key", key),
                ("addr", "127.0.0.1"),
                ("clientid", "7"),
            ]
        }
        let key = key.as_str();

        // Refused: no secret, a wrong secret, a wrong key, another stream's key, outside the
        // window; the state stays.
        assert_eq!(hook(&app, "publish", "", &publish(key)).await, 403);
        assert_eq!(hook(&app, "publish", "guess", &publish(key)).await, 403);
        assert_eq!(hook(&app, "publish", SECRET, &publish("0000")).await, 403);
        assert_eq!(
            hook(&app, "publish", SECRET, &publish("later-key")).await,
            403
        );
        assert_eq!(
            hook(
                &app,
                "publish",
                SECRET,
                &[
                    ("name", "next-week-pepper"),
                    ("key", "later-key"),
                    ("addr", "127.0.0.1"),
                    ("clientid", "8")
                ]
            )
            .await,
            403,
            "a week early"
        );
        assert_eq!(state_of(&app, "kerala-pepper-live").await, "scheduled");
        assert_eq!(state_of(&app, "next-week-pepper").await, "scheduled");

        // Accepted: live, and followers hear so; a second encoder is refused, and its
        // goodbye changes nothing.
        assert_eq!(hook(&app, "publish", SECRET, &publish(key)).await, 200);
        assert_eq!(state_of(&app, "kerala-pepper-live").await, "live");
        assert_eq!(stage_of(&app, "kerala-pepper-live").await["state"], "Live");
        // No playlist is named before nginx has written one: the page would ask in vain.
        assert_eq!(
            stage_of(&app, "kerala-pepper-live").await["live_src"],
            serde_json::Value::Null
        );
        let hls = app.live_dir.join("hls");
        std::fs::create_dir_all(&hls).unwrap();
        std::fs::write(hls.join("kerala-pepper-live.m3u8"), "#EXTM3U\n").unwrap();
        assert_eq!(
            stage_of(&app, "kerala-pepper-live").await["live_src"],
            "/live/hls/kerala-pepper-live.m3u8"
        );
        let second = [
            ("name", "kerala-pepper-live"),
            ("key", key),
            ("addr", "10.0.0.9"),
            ("clientid", "9"),
        ];
        assert_eq!(hook(&app, "publish", SECRET, &second).await, 403);
        assert_eq!(hook(&app, "publish_done", SECRET, &second).await, 200);
        assert_eq!(state_of(&app, "kerala-pepper-live").await, "live");
        let live_notice: i64 = scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications WHERE kind = 'live'",
        )
        .await;
        assert_eq!(live_notice, 1);
        let page = app.page("/en/streams/kerala-pepper-live", 200).await;
        assert!(page.contains("data-stage=\"live\"") && page.contains("/js/hls.light.min.js"));

        // The encoder stops: ended; its recording becomes a replay.
        assert_eq!(hook(&app, "publish_done", SECRET, &publish(key)).await, 200);
        assert_eq!(state_of(&app, "kerala-pepper-live").await, "ended");
        let dir = tempfile::tempdir().unwrap();
        let Some(flv) = recording(dir.path()) else {
            eprintln!("ffmpeg is not installed: the replay step is not checked here");
            return;
        };
        // A path outside the recordings folder is never read, whatever the hook says: not
        // elsewhere, not through `..`.
        let rec = app.live_dir.join("rec");
        std::fs::create_dir_all(&rec).unwrap();
        std::fs::copy(&flv, app.live_dir.join("escape.flv")).unwrap();
        let escape = format!("{}/../escape.flv", rec.display());
        for outside in [flv.display().to_string(), escape] {
            let answer = app
                .client
                .post(format!(
                    "{}/hooks/media/record_done?secret={SECRET}",
                    app.base
                ))
                .form(&[("name", "kerala-pepper-live"), ("path", outside.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 200);
            assert_eq!(answer.text().await.unwrap(), "ignored\n", "{outside}");
        }
        let inside = rec.join("kerala-pepper-live-test.flv");
        std::fs::copy(&flv, &inside).unwrap();
        let path = inside.display().to_string();
        assert_eq!(
            hook(
                &app,
                "record_done",
                SECRET,
                &[("name", "kerala-pepper-live"), ("path", &path)]
            )
            .await,
            200
        );
        let mut replay = None;
        for _ in 0..100 {
            if state_of(&app, "kerala-pepper-live").await == "replay" {
                replay = Some(
                    scalar::<String>(
                        &app,
                        "SELECT replay_src FROM streams WHERE slug = 'kerala-pepper-live'",
                    )
                    .await,
                );
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let replay = replay.expect("the replay is published within 10 s");
        let playlist = app.page(&replay, 200).await;
        assert!(
            playlist.contains("#EXT-X-ENDLIST") && playlist.contains(".ts"),
            "{playlist}"
        );
        let stage = stage_of(&app, "kerala-pepper-live").await;
        assert_eq!(stage["state"], "Replay");
        assert_eq!(stage["replay_src"], replay.as_str());
    }
);

on_both_stores!(
    followers_are_reminded_once,
    true,
    |app: TestApp| async move {
        let booth = scalar::<String>(&app, &booth_in("spices-and-tea")).await;
        live_stream(&app, &booth, "soon-pepper", 40, "k").await;
        let (_, buyer) = app.person("early@example.com", "Early Bird").await;
        assert_eq!(
            app.post_form(
                "/en/streams/soon-pepper/follow",
                &[("op", "follow")],
                Some(&buyer)
            )
            .await
            .status(),
            303
        );
        let starts: i64 = scalar(
            &app,
            "SELECT starts_at FROM streams WHERE slug = 'soon-pepper'",
        )
        .await;
        let site = "http://127.0.0.1";
        use app::agenda::follows::send_reminders;
        assert_eq!(
            send_reminders(app.db(), site, app::core::Instant(starts - 20 * 60))
                .await
                .unwrap(),
            0,
            "too early"
        );
        assert_eq!(
            send_reminders(app.db(), site, app::core::Instant(starts - 14 * 60))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            send_reminders(app.db(), site, app::core::Instant(starts - 13 * 60))
                .await
                .unwrap(),
            0,
            "only once"
        );
        let body: String = scalar(
            &app,
            "SELECT body FROM outbox WHERE recipient = 'early@example.com'",
        )
        .await;
        assert!(
            body.contains("Starting in 15 minutes: soon-pepper")
                && body.contains("/en/streams/soon-pepper"),
            "{body}"
        );

        // The personal calendar feed lists what the buyer follows; its address is secret.
        let response = app
            .post_form("/en/account/calendar", &[], Some(&buyer))
            .await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        let start = html.find("/calendar/").unwrap();
        let path: String = html[start..]
            .chars()
            .take_while(|c| *c != '<' && *c != '"')
            .collect();
        let id: i64 = scalar(&app, "SELECT id FROM streams WHERE slug = 'soon-pepper'").await;
        let calendar = parse(&app.page(&path, 200).await);
        event(&calendar, &format!("stream-{id}@127.0.0.1"));
        assert_eq!(app.get("/calendar/0123.ics").await.status(), 404);
        assert_eq!(
            app.post_form("/en/account/calendar", &[], None)
                .await
                .status(),
            401
        );
    }
);

on_both_stores!(
    curators_hold_the_main_stage,
    true,
    |app: TestApp| async move {
        let spices = scalar::<String>(&app, &booth_in("spices-and-tea")).await;
        let seafood = scalar::<String>(&app, &booth_in("seafood")).await;
        // Two streams of two halls whose times overlap by half an hour.
        live_stream(&app, &spices, "spice-keynote", 120, "k1").await;
        live_stream(&app, &seafood, "seafood-keynote", 150, "k2").await;
        let (_, spices_curator) = app.curator("stage@spices.example", "spices-board").await;
        let (_, seafood_curator) = app.curator("stage@mpeda.example", "mpeda").await;
        let hold =
            |booth: &str, stream: &str| format!("/en/curator/booths/{booth}/streams/{stream}");
        let main = |slug: &'static str| {
            let app = &app;
            async move {
                scalar::<i64>(
                    app,
                    &format!("SELECT main_stage FROM streams WHERE slug = '{slug}'"),
                )
                .await
            }
        };

        // Only a curator of the stream's own hall: another council's stream is out of reach.
        let spice_slot = hold(&spices, "spice-keynote");
        assert_eq!(
            app.post_form(&spice_slot, &[("op", "hold")], None)
                .await
                .status(),
            401
        );
        assert_eq!(
            app.post_form(&spice_slot, &[("op", "hold")], Some(&seafood_curator))
                .await
                .status(),
            404
        );
        assert_eq!(main("spice-keynote").await, 0);
        assert_eq!(
            app.post_form(&spice_slot, &[("op", "hold")], Some(&spices_curator))
                .await
                .status(),
            303
        );
        assert_eq!(main("spice-keynote").await, 1);
        let agenda = app.page("/en/agenda?tz=UTC", 200).await;
        assert!(agenda.contains("Main stage"));

        // The main stage is taken at that time: refused, until it is released.
        let seafood_slot = hold(&seafood, "seafood-keynote");
        let refused = app
            .post_form(&seafood_slot, &[("op", "hold")], Some(&seafood_curator))
            .await;
        assert_eq!(refused.status(), 409);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("Another stream holds the main stage at that time.")
        );
        assert_eq!(main("seafood-keynote").await, 0);
        assert_eq!(
            app.post_form(&spice_slot, &[("op", "release")], Some(&spices_curator))
                .await
                .status(),
            303
        );
        assert_eq!(
            app.post_form(&seafood_slot, &[("op", "hold")], Some(&seafood_curator))
                .await
                .status(),
            303
        );
        assert_eq!(
            (main("spice-keynote").await, main("seafood-keynote").await),
            (0, 1)
        );
    }
);
