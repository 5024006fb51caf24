//! The live room's store: appending events under the room's counter (so ids are monotonic
//! per room, across server nodes), reading them back for resume and snapshots, and every
//! command's checks — who may, then what is valid — in the transaction that writes it.

use crate::accounts::store::User;
use crate::core::Money;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::live::model::{
    Body, CHAT_MAX, Chapter, ChapterKind, Command, DEAL_COUNTDOWN, DEAL_DURATION, Deal, Event,
    PINS_MAX, Pin, QUESTION_MAX, Role, RoomState, SLOW_MAX,
};
use sqlx::{Any, FromRow, Transaction};

/// The stream a room belongs to, as commands need it.
#[derive(Clone, Debug, FromRow)]
pub struct RoomStream {
    pub id: i64,
    pub booth_id: i64,
    pub hall_id: i64,
    pub state: String,
    pub live_at: Option<i64>,
}

impl RoomStream {
    fn open(&self) -> bool {
        matches!(self.state.as_str(), "scheduled" | "live")
    }

    /// Seconds into the stream at `now_ms`, while it is live.
    fn offset(&self, now_ms: i64) -> Option<i64> {
        (self.state == "live")
            .then_some(self.live_at)
            .flatten()
            .map(|at| (now_ms / 1000 - at).max(0))
    }
}

/// A published stream by slug.
pub async fn room_stream(db: &Db, slug: &str) -> Result<Option<RoomStream>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.booth_id, b.hall_id, s.state, s.live_at FROM streams s
           JOIN booths b ON b.id = s.booth_id
          WHERE s.slug = $1 AND b.status = 'published'",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
}

async fn stream_by_id(
    tx: &mut Transaction<'_, Any>,
    id: i64,
) -> Result<Option<RoomStream>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.booth_id, b.hall_id, s.state, s.live_at FROM streams s
           JOIN booths b ON b.id = s.booth_id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// What `user` is in the room of `stream`.
pub async fn role(db: &Db, user: Option<&User>, stream: &RoomStream) -> Result<Role, sqlx::Error> {
    let Some(user) = user else {
        return Ok(Role::Guest);
    };
    if user
        .booth
        .is_some_and(|(booth, _)| booth == stream.booth_id)
    {
        return Ok(Role::Host);
    }
    if user.is_admin {
        return Ok(Role::Moderator);
    }
    if let Some(council) = user.council_id {
        let owns: Option<i64> =
            sqlx::query_scalar("SELECT id FROM halls WHERE id = $1 AND council_id = $2")
                .bind(stream.hall_id)
                .bind(council)
                .fetch_optional(db)
                .await?;
        if owns.is_some() {
            return Ok(Role::Moderator);
        }
    }
    Ok(Role::Viewer)
}

#[derive(FromRow)]
struct EventRow {
    id: i64,
    at_ms: i64,
    body: String,
}

fn parse(rows: Vec<EventRow>) -> Vec<Event> {
    rows.into_iter()
        .filter_map(|row| match serde_json::from_str::<Body>(&row.body) {
            Ok(body) => Some(Event {
                id: row.id,
                at: row.at_ms,
                body,
            }),
            Err(err) => {
                tracing::error!(%err, id = row.id, "unreadable room event");
                None
            }
        })
        .collect()
}

/// Events after `after`, oldest first, at most `limit`.
pub async fn since(
    db: &Db,
    stream: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT id, at_ms, body FROM room_events WHERE stream_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(stream)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(parse(rows))
}

/// A snapshot is written once this many events have been folded past the last one.
pub const SNAPSHOT_EVERY: usize = 200;

/// The room: its latest snapshot with the events after it folded in (the same reducer as
/// the browser's, so the result equals folding every event). When many events were folded,
/// a new snapshot is kept, so the next view folds few.
pub async fn load_state(db: &Db, stream: i64) -> Result<RoomState, sqlx::Error> {
    let snapshot: Option<String> =
        sqlx::query_scalar("SELECT state FROM room_snapshots WHERE stream_id = $1")
            .bind(stream)
            .fetch_optional(db)
            .await?;
    let mut state: RoomState = snapshot
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut folded = 0;
    loop {
        let page = since(db, stream, state.last, 1_000).await?;
        if page.is_empty() {
            break;
        }
        for event in &page {
            state.apply(event);
        }
        folded += page.len();
    }
    if folded >= SNAPSHOT_EVERY {
        // Newer snapshots win; two nodes writing at once keep the later one.
        sqlx::query(
            "INSERT INTO room_snapshots (stream_id, last_id, state) VALUES ($1, $2, $3)
             ON CONFLICT (stream_id) DO UPDATE SET last_id = excluded.last_id, state = excluded.state
              WHERE room_snapshots.last_id <= excluded.last_id",
        )
        .bind(stream)
        .bind(state.last)
        .bind(serde_json::to_string(&state).unwrap_or_default())
        .execute(db)
        .await?;
    }
    Ok(state)
}

/// Appends one event under the room's counter row; the lock it takes orders the room.
pub async fn append(
    tx: &mut Transaction<'_, Any>,
    stream: i64,
    user: Option<i64>,
    body: Body,
    now_ms: i64,
) -> Result<Event, sqlx::Error> {
    sqlx::query("INSERT INTO rooms (stream_id) VALUES ($1) ON CONFLICT (stream_id) DO NOTHING")
        .bind(stream)
        .execute(&mut **tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "UPDATE rooms SET last_id = last_id + 1 WHERE stream_id = $1 RETURNING last_id",
    )
    .bind(stream)
    .fetch_one(&mut **tx)
    .await?;
    let json = serde_json::to_string(&body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO room_events (stream_id, id, kind, user_id, at_ms, body) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(stream)
    .bind(id)
    .bind(body.kind())
    .bind(user)
    .bind(now_ms)
    .bind(json)
    .execute(&mut **tx)
    .await?;
    Ok(Event {
        id,
        at: now_ms,
        body,
    })
}

/// Who is acting, from where.
pub struct Actor<'a> {
    pub user: &'a User,
    pub role: Role,
}

macro_rules! refuse_unless {
    ($cond:expr, $code:literal) => {
        if !$cond {
            return Ok(Err($code));
        }
    };
}

/// A command's result inside its transaction: done, refused with a code the page
/// translates (`live_refused_*`), or the store failed.
type Checked<T> = Result<Result<T, &'static str>, sqlx::Error>;

/// A refusal's code as one error: the role refusals by their kind, the others as a
/// conflict with the room's state, keeping their code.
fn refusal(code: &'static str) -> AppError {
    match code {
        "sign_in" => AppError::Unauthorized,
        "forbidden" => AppError::Forbidden,
        "not_found" => AppError::NotFound,
        code => AppError::conflict("room", code),
    }
}

/// The code the room's client translates, for an error from [`act`].
pub fn refusal_code(error: &AppError) -> &str {
    match error {
        AppError::Unauthorized => "sign_in",
        AppError::Forbidden => "forbidden",
        AppError::NotFound => "not_found",
        AppError::Conflict(problem) => &problem.code,
        _ => "unavailable",
    }
}

/// Tries a command this many more times when the store is busy, before refusing it as
/// `unavailable` (which the publisher may send again).
const BUSY_RETRIES: u32 = 4;

/// Carries out one command: the caller's role first, then the input, in one transaction
/// with the events it writes. Nothing is written when it is refused. A busy store (another
/// writer holding SQLite's lock past its timeout, a PostgreSQL serialization failure) is
/// retried here, after a short pause, rather than losing the message.
pub async fn act(
    db: &Db,
    stream: i64,
    actor: &Actor<'_>,
    command: Command,
    now_ms: i64,
) -> AppResult<Vec<Event>> {
    let mut attempt = 0;
    loop {
        match act_once(db, stream, actor, command.clone(), now_ms).await {
            Ok(Ok(events)) => return Ok(events),
            Ok(Err(code)) => return Err(refusal(code)),
            Err(err) if crate::db::is_busy(&err) && attempt < BUSY_RETRIES => {
                attempt += 1;
                tracing::warn!(error = %err, attempt, "room command met a busy store; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(25 << attempt)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
}

async fn act_once(
    db: &Db,
    stream: i64,
    actor: &Actor<'_>,
    command: Command,
    now_ms: i64,
) -> Checked<Vec<Event>> {
    let mut tx = db.begin().await?;
    // Claim the room first: one command at a time per room (on SQLite this takes the
    // write lock now, so the transaction never has to upgrade a read under a writer).
    sqlx::query(
        "INSERT INTO rooms (stream_id) VALUES ($1)
         ON CONFLICT (stream_id) DO UPDATE SET last_id = rooms.last_id",
    )
    .bind(stream)
    .execute(&mut *tx)
    .await?;
    let done = command_in(&mut tx, stream, actor, command, now_ms).await?;
    match done {
        Ok(_) => tx.commit().await?,
        Err(_) => tx.rollback().await?,
    }
    Ok(done)
}

/// What every command acts in: the room's stream, who acts, and when.
struct Room<'a> {
    id: i64,
    stream: RoomStream,
    actor: &'a Actor<'a>,
    user: i64,
    now_ms: i64,
}

/// Who may, then whether the caller is banned, then the command itself.
async fn command_in(
    tx: &mut Transaction<'_, Any>,
    stream_id: i64,
    actor: &Actor<'_>,
    command: Command,
    now_ms: i64,
) -> Checked<Vec<Event>> {
    let role = actor.role;
    refuse_unless!(role != Role::Guest, "sign_in");
    let hosting = matches!(
        command,
        Command::Answer { .. }
            | Command::Spotlight { .. }
            | Command::Pin { .. }
            | Command::Unpin { .. }
            | Command::Deal { .. }
    );
    let moderating = matches!(
        command,
        Command::Hide { .. } | Command::Ban { .. } | Command::Slow { .. }
    );
    refuse_unless!(!hosting || role == Role::Host, "forbidden");
    refuse_unless!(!moderating || role.moderates(), "forbidden");
    let Some(stream) = stream_by_id(tx, stream_id).await? else {
        return Ok(Err("not_found"));
    };
    let room = Room {
        id: stream_id,
        stream,
        actor,
        user: actor.user.id,
        now_ms,
    };
    // A ban silences a viewer; the room's team and moderators keep their powers.
    if !(hosting || moderating) {
        let banned: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM room_bans WHERE stream_id = $1 AND user_id = $2",
        )
        .bind(stream_id)
        .bind(room.user)
        .fetch_optional(&mut **tx)
        .await?;
        refuse_unless!(banned.is_none(), "banned");
    }
    let body = match command {
        Command::Chat { text } => chat(tx, &room, &text).await?,
        // A question writes its own row beside its event.
        Command::Ask { text } => return ask(tx, &room, &text).await,
        Command::Vote { question } => vote(tx, &room, question).await?,
        Command::Answer { question, on } => answer(tx, &room, question, on).await?,
        Command::Spotlight { question } => spotlight(tx, &room, question).await?,
        Command::Hide { target } => hide(tx, &room, target).await?,
        Command::Ban { user } => ban(tx, &room, user).await?,
        Command::Slow { seconds } => slow(tx, &room, seconds).await?,
        Command::Pin { product } => pin(tx, &room, product).await?,
        Command::Unpin { product } => unpin(tx, &room, product).await?,
        Command::Deal {
            product,
            price,
            quantity,
            per_buyer,
            countdown,
            duration,
        } => {
            let terms = DealTerms {
                product,
                price,
                quantity,
                per_buyer,
                countdown,
                duration,
            };
            deal(tx, &room, terms).await?
        }
    };
    let body = match body {
        Ok(body) => body,
        Err(code) => return Ok(Err(code)),
    };
    let event = append(tx, stream_id, Some(room.user), body, now_ms).await?;
    Ok(Ok(vec![event]))
}

async fn chat(tx: &mut Transaction<'_, Any>, room: &Room<'_>, text: &str) -> Checked<Body> {
    let text = match post(tx, &room.stream, room.actor, text, CHAT_MAX, room.now_ms).await? {
        Ok(text) => text,
        Err(code) => return Ok(Err(code)),
    };
    Ok(Ok(Body::Chat {
        user: room.user,
        name: room.actor.user.display_name.clone(),
        text,
        demo: room.actor.user.demo,
    }))
}

async fn ask(tx: &mut Transaction<'_, Any>, room: &Room<'_>, text: &str) -> Checked<Vec<Event>> {
    let text = match post(
        tx,
        &room.stream,
        room.actor,
        text,
        QUESTION_MAX,
        room.now_ms,
    )
    .await?
    {
        Ok(text) => text,
        Err(code) => return Ok(Err(code)),
    };
    let question = Body::Question {
        user: room.user,
        name: room.actor.user.display_name.clone(),
        text: text.clone(),
        demo: room.actor.user.demo,
    };
    let event = append(tx, room.id, Some(room.user), question, room.now_ms).await?;
    sqlx::query(
        "INSERT INTO room_questions (stream_id, event_id, user_id, text) VALUES ($1, $2, $3, $4)",
    )
    .bind(room.id)
    .bind(event.id)
    .bind(room.user)
    .bind(&text)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(vec![event]))
}

async fn vote(tx: &mut Transaction<'_, Any>, room: &Room<'_>, question: i64) -> Checked<Body> {
    refuse_unless!(live_question(tx, room.id, question).await?, "not_found");
    let added = sqlx::query(
        "INSERT INTO room_votes (stream_id, question_id, user_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(room.id)
    .bind(question)
    .bind(room.user)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    refuse_unless!(added == 1, "already_voted");
    let votes: i64 = sqlx::query_scalar(
        "UPDATE room_questions SET votes = votes + 1 WHERE stream_id = $1 AND event_id = $2
         RETURNING votes",
    )
    .bind(room.id)
    .bind(question)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Ok(Body::Votes { question, votes }))
}

async fn answer(
    tx: &mut Transaction<'_, Any>,
    room: &Room<'_>,
    question: i64,
    on: bool,
) -> Checked<Body> {
    refuse_unless!(live_question(tx, room.id, question).await?, "not_found");
    sqlx::query("UPDATE room_questions SET answered = $3 WHERE stream_id = $1 AND event_id = $2")
        .bind(room.id)
        .bind(question)
        .bind(i64::from(on))
        .execute(&mut **tx)
        .await?;
    Ok(Ok(Body::Answered {
        question,
        on,
        offset: room.stream.offset(room.now_ms),
    }))
}

async fn spotlight(
    tx: &mut Transaction<'_, Any>,
    room: &Room<'_>,
    question: Option<i64>,
) -> Checked<Body> {
    if let Some(q) = question {
        refuse_unless!(live_question(tx, room.id, q).await?, "not_found");
    }
    Ok(Ok(Body::Spotlight { question }))
}

async fn hide(tx: &mut Transaction<'_, Any>, room: &Room<'_>, target: i64) -> Checked<Body> {
    let kind: Option<String> = sqlx::query_scalar(
        "SELECT kind FROM room_events WHERE stream_id = $1 AND id = $2 AND kind IN ('chat', 'question')",
    )
    .bind(room.id)
    .bind(target)
    .fetch_optional(&mut **tx)
    .await?;
    refuse_unless!(kind.is_some(), "not_found");
    sqlx::query("UPDATE room_questions SET hidden = 1 WHERE stream_id = $1 AND event_id = $2")
        .bind(room.id)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(Body::Hidden { target }))
}

/// Bans a viewer who spoke here (never the booth's own team, never oneself) and hides
/// their questions.
async fn ban(tx: &mut Transaction<'_, Any>, room: &Room<'_>, target: i64) -> Checked<Body> {
    let team: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM booth_members WHERE user_id = $1 AND booth_id = $2",
    )
    .bind(target)
    .bind(room.stream.booth_id)
    .fetch_optional(&mut **tx)
    .await?;
    refuse_unless!(team.is_none() && target != room.user, "forbidden");
    // Curators and admins are never bannable: they moderate.
    let moderator: Option<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u
          WHERE u.id = $1
            AND (u.is_admin = 1 OR EXISTS (SELECT 1 FROM council_curators c WHERE c.user_id = u.id))",
    )
    .bind(target)
    .fetch_optional(&mut **tx)
    .await?;
    refuse_unless!(moderator.is_none(), "forbidden");
    let spoke: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM room_events WHERE stream_id = $1 AND user_id = $2 LIMIT 1",
    )
    .bind(room.id)
    .bind(target)
    .fetch_optional(&mut **tx)
    .await?;
    refuse_unless!(spoke.is_some(), "not_found");
    let added = sqlx::query(
        "INSERT INTO room_bans (stream_id, user_id, banned_by, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(room.id)
    .bind(target)
    .bind(room.user)
    .bind(room.now_ms / 1000)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    refuse_unless!(added == 1, "already_banned");
    sqlx::query("UPDATE room_questions SET hidden = 1 WHERE stream_id = $1 AND user_id = $2")
        .bind(room.id)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(Body::Banned { user: target }))
}

async fn slow(tx: &mut Transaction<'_, Any>, room: &Room<'_>, seconds: i64) -> Checked<Body> {
    refuse_unless!((0..=SLOW_MAX).contains(&seconds), "slow_range");
    sqlx::query(
        "INSERT INTO rooms (stream_id, slow_seconds) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET slow_seconds = $2",
    )
    .bind(room.id)
    .bind(seconds)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(Body::Slow { seconds }))
}

async fn pin(tx: &mut Transaction<'_, Any>, room: &Room<'_>, product: i64) -> Checked<Body> {
    refuse_unless!(room.stream.open(), "room_closed");
    let Some(stock) = booth_product(tx, room.stream.booth_id, product).await? else {
        return Ok(Err("not_found"));
    };
    let pinned = pins(tx, room.id).await?;
    refuse_unless!(
        !pinned.iter().any(|p| p.product == product),
        "already_pinned"
    );
    refuse_unless!(pinned.len() < PINS_MAX, "pins_full");
    sqlx::query(
        "INSERT INTO room_pins (stream_id, product_id, pinned_at, stock) VALUES ($1, $2, $3, $4)",
    )
    .bind(room.id)
    .bind(product)
    .bind(room.now_ms)
    .bind(stock)
    .execute(&mut **tx)
    .await?;
    Ok(Ok(Body::Pins {
        products: pins(tx, room.id).await?,
        added: Some(product),
        offset: room.stream.offset(room.now_ms),
    }))
}

async fn unpin(tx: &mut Transaction<'_, Any>, room: &Room<'_>, product: i64) -> Checked<Body> {
    let gone = sqlx::query("DELETE FROM room_pins WHERE stream_id = $1 AND product_id = $2")
        .bind(room.id)
        .bind(product)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    refuse_unless!(gone == 1, "not_found");
    Ok(Ok(Body::Pins {
        products: pins(tx, room.id).await?,
        added: None,
        offset: None,
    }))
}

/// A flash deal's terms as the host typed them.
struct DealTerms {
    product: i64,
    price: String,
    quantity: i64,
    per_buyer: i64,
    countdown: i64,
    duration: i64,
}

/// Opens a flash deal on a pinned product: below its list price, within its stock, one
/// deal at a time per room.
async fn deal(tx: &mut Transaction<'_, Any>, room: &Room<'_>, terms: DealTerms) -> Checked<Body> {
    let DealTerms {
        product,
        price,
        quantity,
        per_buyer,
        countdown,
        duration,
    } = terms;
    refuse_unless!(room.stream.state == "live", "not_live");
    let pinned = pins(tx, room.id).await?;
    refuse_unless!(pinned.iter().any(|p| p.product == product), "not_pinned");
    let (list, stock): (i64, i64) =
        sqlx::query_as("SELECT price_minor, stock FROM products WHERE id = $1")
            .bind(product)
            .fetch_one(&mut **tx)
            .await?;
    let price = Money::parse_inr(&price).map(|m| m.minor);
    refuse_unless!(price.is_some_and(|p| p > 0 && p < list), "deal_price");
    refuse_unless!((1..=stock).contains(&quantity), "deal_quantity");
    refuse_unless!((1..=quantity).contains(&per_buyer), "deal_cap");
    refuse_unless!(
        (DEAL_COUNTDOWN.0..=DEAL_COUNTDOWN.1).contains(&countdown),
        "deal_countdown"
    );
    refuse_unless!(
        (DEAL_DURATION.0..=DEAL_DURATION.1).contains(&duration),
        "deal_duration"
    );
    let running: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM flash_deals WHERE stream_id = $1 AND ends_ms > $2 AND sold < quantity",
    )
    .bind(room.id)
    .bind(room.now_ms)
    .fetch_optional(&mut **tx)
    .await?;
    refuse_unless!(running.is_none(), "deal_running");
    let price_minor = price.unwrap_or_default();
    let starts_ms = room.now_ms + countdown * 1000;
    let ends_ms = starts_ms + duration * 1000;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO flash_deals (stream_id, product_id, price_minor, quantity, per_buyer,
                starts_ms, ends_ms, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(room.id)
    .bind(product)
    .bind(price_minor)
    .bind(quantity)
    .bind(per_buyer)
    .bind(starts_ms)
    .bind(ends_ms)
    .bind(room.user)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Ok(Body::Deal {
        deal: Deal {
            id,
            product,
            price_minor,
            was_minor: list,
            quantity,
            left: quantity,
            per_buyer,
            starts_ms,
            ends_ms,
        },
    }))
}

/// A chat message's or question's checks: the room is open, the text fits, slow mode.
async fn post(
    tx: &mut Transaction<'_, Any>,
    stream: &RoomStream,
    actor: &Actor<'_>,
    text: &str,
    max: usize,
    now_ms: i64,
) -> Checked<String> {
    refuse_unless!(stream.open(), "room_closed");
    let text = text.trim();
    refuse_unless!(!text.is_empty(), "empty");
    refuse_unless!(text.chars().count() <= max, "too_long");
    refuse_unless!(!text.chars().any(|c| c.is_control() && c != '\n'), "empty");
    if !actor.role.moderates() {
        let slow: Option<i64> =
            sqlx::query_scalar("SELECT slow_seconds FROM rooms WHERE stream_id = $1")
                .bind(stream.id)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some(slow) = slow.filter(|s| *s > 0) {
            let recent: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM room_events WHERE stream_id = $1 AND user_id = $2
                    AND kind IN ('chat', 'question') AND at_ms > $3 LIMIT 1",
            )
            .bind(stream.id)
            .bind(actor.user.id)
            .bind(now_ms - slow * 1000)
            .fetch_optional(&mut **tx)
            .await?;
            refuse_unless!(recent.is_none(), "slow_mode");
        }
    }
    Ok(Ok(text.to_owned()))
}

async fn live_question(
    tx: &mut Transaction<'_, Any>,
    stream: i64,
    question: i64,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT event_id FROM room_questions WHERE stream_id = $1 AND event_id = $2 AND hidden = 0",
    )
    .bind(stream)
    .bind(question)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// A published product of the booth, with its stock.
async fn booth_product(
    tx: &mut Transaction<'_, Any>,
    booth: i64,
    product: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT stock FROM products WHERE id = $1 AND booth_id = $2 AND status = 'published'",
    )
    .bind(product)
    .bind(booth)
    .fetch_optional(&mut **tx)
    .await
}

async fn pins(tx: &mut Transaction<'_, Any>, stream: i64) -> Result<Vec<Pin>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT product_id, stock FROM room_pins WHERE stream_id = $1 ORDER BY pinned_at, product_id",
    )
    .bind(stream)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(product, stock)| Pin { product, stock })
        .collect())
}

/// Announces stock and deal quantities that moved since viewers last heard: each change is
/// claimed with a conditional update first, so two nodes never announce the same one.
pub async fn announce_stock(db: &Db, stream: i64, now_ms: i64) -> Result<Vec<Event>, sqlx::Error> {
    let moved: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT rp.product_id, rp.stock, p.stock FROM room_pins rp JOIN products p ON p.id = rp.product_id
          WHERE rp.stream_id = $1 AND rp.stock <> p.stock",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let deals: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, announced, sold FROM flash_deals WHERE stream_id = $1 AND announced <> sold",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    if moved.is_empty() && deals.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = db.begin().await?;
    let mut events = Vec::new();
    for (product, was, stock) in moved {
        let claimed = sqlx::query(
            "UPDATE room_pins SET stock = $3 WHERE stream_id = $1 AND product_id = $2 AND stock = $4",
        )
        .bind(stream)
        .bind(product)
        .bind(stock)
        .bind(was)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 1 {
            events.push(
                append(
                    &mut tx,
                    stream,
                    None,
                    Body::Stock { product, stock },
                    now_ms,
                )
                .await?,
            );
        }
    }
    for (deal, was, sold) in deals {
        let left: Option<i64> = sqlx::query_scalar(
            "UPDATE flash_deals SET announced = $2 WHERE id = $1 AND announced = $3 RETURNING quantity - $2",
        )
        .bind(deal)
        .bind(sold)
        .bind(was)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(left) = left {
            events
                .push(append(&mut tx, stream, None, Body::DealLeft { deal, left }, now_ms).await?);
        }
    }
    tx.commit().await?;
    Ok(events)
}

/// The replay's chapters: answered questions and pinned products, by stream time.
pub async fn chapters(db: &Db, stream: i64) -> Result<Vec<Chapter>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT id, at_ms, body FROM room_events WHERE stream_id = $1 AND kind IN ('answered', 'pins')
          ORDER BY id",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let questions: Vec<(i64, String)> = sqlx::query_as(
        "SELECT event_id, text FROM room_questions WHERE stream_id = $1 AND hidden = 0",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for event in parse(rows) {
        let (offset, what) = match event.body {
            Body::Answered {
                question,
                on: true,
                offset: Some(offset),
            } => match questions.iter().find(|(id, _)| *id == question) {
                Some((_, text)) => (
                    offset,
                    ChapterKind::Answer {
                        question: text.clone(),
                    },
                ),
                None => continue,
            },
            Body::Pins {
                added: Some(product),
                offset: Some(offset),
                ..
            } => (offset, ChapterKind::Product(product)),
            _ => continue,
        };
        out.push(Chapter { offset, what });
    }
    out.sort_by_key(|c| c.offset);
    Ok(out)
}

/// The booth's published products in the reader's language, for pins, deals and chapters.
pub async fn catalogue(
    db: &Db,
    locale: crate::i18n::Locale,
    booth: i64,
) -> Result<Vec<crate::live::views::Showcase>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        slug: String,
        name: String,
        unit: String,
        price_minor: i64,
        image: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.slug, COALESCE(t.name, p.name) AS name, p.unit, p.price_minor,
                (SELECT i.src FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image
           FROM products p
           LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $1
          WHERE p.booth_id = $2 AND p.status = 'published' ORDER BY p.position, p.id",
    )
    .bind(locale.code())
    .bind(booth)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::live::views::Showcase {
            id: r.id,
            slug: r.slug,
            name: r.name,
            image: r.image,
            price_minor: r.price_minor,
            unit: r.unit,
        })
        .collect())
}
