//! The demo's engagement history: every seeded replay gets the audience it would have had —
//! viewers arriving early and drifting away, some of them the demo's importers (so countries
//! and languages are theirs), some anonymous and some returning from the booth's other
//! streams — with chat, questions and the host's answers in its room, products opened and
//! put in carts from it, then its minutes rolled up, so every report has something to show from the first run. Generated from a
//! fixed seed (the same history each time), written once, whole or not at all.

use super::pipeline::BUYERS;
use app::db::Db;
use app::insights::pulse::Counted;

/// Sessions of the history are marked with this node, so it is written once.
const NODE: &str = "demo-history";

const QUESTIONS: [&str; 6] = [
    "What is the minimum order for a 20 ft container?",
    "Can you ship with a phytosanitary certificate?",
    "What moisture content do you guarantee?",
    "Do you offer private-label packing?",
    "How long from order to the port of loading?",
    "Is the price FOB Kochi or CIF?",
];
const CHATS: [&str; 8] = [
    "Hello from Dubai",
    "Good colour on that lot",
    "Can you show the packing again?",
    "Namaste from Hamburg",
    "Watching from Tokyo",
    "Nice quality",
    "Is the sample price the same?",
    "Thank you, very clear",
];
/// Languages of anonymous viewers, in the proportions the pavilion's audience has.
const LANGUAGES: [&str; 10] = ["en", "en", "en", "zh", "ar", "ja", "de", "hi", "es", "fr"];

/// A small fixed-seed generator: the same history on every machine.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

pub async fn seed_once(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let done: Option<i64> =
        sqlx::query_scalar("SELECT id FROM viewer_sessions WHERE node = $1 LIMIT 1")
            .bind(NODE)
            .fetch_optional(db)
            .await?;
    if done.is_some() {
        return roll_up_replays(db, now).await.map(|_| 0);
    }
    let mut buyers: Vec<(i64, String, &str)> = Vec::new();
    for (name, email, locale, _, _) in BUYERS {
        if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?
        {
            buyers.push((id, name.to_owned(), locale));
        }
    }
    let replays: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, booth_id, starts_at, ends_at,
                (SELECT MAX(e.id) FROM room_events e WHERE e.stream_id = s.id)
           FROM streams s WHERE state = 'replay' AND ends_at < $1 ORDER BY starts_at",
    )
    .bind(now)
    .fetch_all(db)
    .await?;
    let mut tx = db.begin().await?;
    let mut written = 0;
    for (stream, booth, starts, ends, last_event) in &replays {
        let (stream, booth) = (*stream, *booth);
        let (live_at, ended_at) = (*starts, (*ends).min(starts + 45 * 60));
        sqlx::query(
            "UPDATE streams SET live_at = COALESCE(live_at, $2), ended_at = COALESCE(ended_at, $3)
              WHERE id = $1",
        )
        .bind(stream)
        .bind(live_at)
        .bind(ended_at)
        .execute(&mut *tx)
        .await?;
        let products: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM products WHERE booth_id = $1 ORDER BY id")
                .bind(booth)
                .fetch_all(&mut *tx)
                .await?;
        let mut dice = Dice(stream as u64 * 7919 + 17);
        let mut picks = Dice(stream as u64 * 104_729 + 3);
        let length_ms = (ended_at - live_at) * 1000;
        let audience = 60 + dice.roll(120);
        for i in 0..audience {
            // Most arrive in the first third; a few stay to the end.
            let arrive = dice.roll((length_ms / 3).max(1) as u64) as i64
                + if dice.roll(4) == 0 {
                    dice.roll((length_ms / 2).max(1) as u64) as i64
                } else {
                    0
                };
            let stay = 60_000 + dice.roll(25 * 60_000) as i64;
            let joined = live_at * 1000 + arrive.min(length_ms - 1);
            let left = (joined + stay).min(ended_at * 1000);
            let (viewer, user, language) = match buyers.get(i as usize) {
                Some((id, _, locale)) => (format!("u:{id}"), Some(*id), (*locale).to_owned()),
                // The first twenty anonymous viewers of a booth come back to its streams.
                None if i < 28 => (
                    format!("a:demo-{booth}-{i}"),
                    None,
                    LANGUAGES[i as usize % 10].to_owned(),
                ),
                None => (
                    format!("a:demo-{stream}-{i}"),
                    None,
                    LANGUAGES[dice.roll(10) as usize].to_owned(),
                ),
            };
            sqlx::query(
                "INSERT INTO viewer_sessions
                    (session_key, stream_id, viewer, user_id, language, node, joined_at, seen_at, left_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            )
            .bind(format!("{NODE}:{stream}:{i}"))
            .bind(stream)
            .bind(viewer.as_str())
            .bind(user)
            .bind(language)
            .bind(NODE)
            .bind(joined)
            .bind(left.max(joined))
            .execute(&mut *tx)
            .await?;
            written += 1;
            // About one viewer in five opened a product's checkout from the room, and one
            // in three of those put it in their cart.
            // (their own dice: the audience stays as it was)
            if !products.is_empty() && picks.roll(5) == 0 {
                let product = products[picks.roll(products.len() as u64) as usize];
                let opened = joined + picks.roll((left - joined).max(1) as u64) as i64;
                counted(&mut tx, Counted::Clicked, stream, product, &viewer, opened).await?;
                if picks.roll(3) == 0 {
                    let carted = (opened + 15_000 + picks.roll(60_000) as i64).min(left);
                    counted(&mut tx, Counted::Carted, stream, product, &viewer, carted).await?;
                }
            }
        }
        // The room: chat and questions from the importers, most questions answered.
        if last_event.is_none() && !buyers.is_empty() {
            let mut id = 0_i64;
            let mut at = live_at * 1000 + 90_000;
            let step = (length_ms - 120_000).max(60_000) / 16;
            for n in 0..14_usize {
                id += 1;
                at += step / 2 + dice.roll(step as u64) as i64;
                let (user, name, _) = &buyers[n % buyers.len()];
                let asked = n % 3 == 1;
                let text = if asked {
                    QUESTIONS[n / 3 % QUESTIONS.len()]
                } else {
                    CHATS[n % CHATS.len()]
                };
                let kind = if asked { "question" } else { "chat" };
                let body =
                    serde_json::json!({ "t": kind, "user": user, "name": name, "text": text });
                event(&mut tx, stream, id, kind, Some(*user), at, &body).await?;
                if asked {
                    let votes = 1 + dice.roll(9) as i64;
                    let answered = n % 6 != 4;
                    sqlx::query(
                        "INSERT INTO room_questions (stream_id, event_id, user_id, text, votes, answered)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(stream)
                    .bind(id)
                    .bind(user)
                    .bind(text)
                    .bind(votes)
                    .bind(i64::from(answered))
                    .execute(&mut *tx)
                    .await?;
                    if answered {
                        let question = id;
                        id += 1;
                        let answer_at = at + 20_000 + dice.roll(100_000) as i64;
                        let body = serde_json::json!({
                            "t": "answered", "question": question, "on": true,
                            "offset": (answer_at / 1000 - live_at)
                        });
                        event(&mut tx, stream, id, "answered", None, answer_at, &body).await?;
                    }
                }
            }
            sqlx::query(
                "INSERT INTO rooms (stream_id, last_id) VALUES ($1, $2)
                 ON CONFLICT (stream_id) DO UPDATE SET last_id = excluded.last_id",
            )
            .bind(stream)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    roll_up_replays(db, now).await?;
    Ok(written)
}

/// Rolls up the replays that have a history and no minutes yet.
async fn roll_up_replays(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    let waiting: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.live_at, s.ended_at FROM streams s
          WHERE s.state = 'replay' AND s.live_at IS NOT NULL AND s.ended_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM viewer_sessions v WHERE v.stream_id = s.id AND v.node = $1)
            AND NOT EXISTS (SELECT 1 FROM stream_minutes m WHERE m.stream_id = s.id)",
    )
    .bind(NODE)
    .fetch_all(db)
    .await?;
    for (stream, live_at, ended_at) in waiting {
        app::insights::rollup::roll_up(db, stream, live_at * 1000, ended_at * 1000, now * 1000)
            .await?;
    }
    Ok(())
}

/// One product opened, or put in a cart, from the room, kept where the room keeps them
/// (once per viewer and product); the demo's stream need not be live, as the room's must.
async fn counted(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    did: Counted,
    stream: i64,
    product: i64,
    viewer: &str,
    at_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {} (stream_id, product_id, viewer, at_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
        did.table()
    ))
    .bind(stream)
    .bind(product)
    .bind(viewer)
    .bind(at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    stream: i64,
    id: i64,
    kind: &str,
    user: Option<i64>,
    at_ms: i64,
    body: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO room_events (stream_id, id, kind, user_id, at_ms, body) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(stream)
    .bind(id)
    .bind(kind)
    .bind(user)
    .bind(at_ms)
    .bind(body.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
