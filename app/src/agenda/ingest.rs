//! The control plane of live video. nginx-rtmp asks before it accepts an encoder
//! (`on_publish`), says when the encoder stops (`on_publish_done`) and when a recording is
//! closed (`on_record_done`); the app decides, and moves the stream through its states.

use crate::agenda::follows::{Notify, notify_followers};
use crate::core::Instant;
use crate::core::secrets::{same_secret, token_hash};
use crate::db::Db;

/// Encoders may connect from 30 minutes before the start to 60 minutes after the planned end.
pub const EARLY: i64 = 30 * 60;
pub const LATE: i64 = 60 * 60;

/// Why a publish is refused (nginx is answered 403 and drops the encoder).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    UnknownStream,
    WrongKey,
    Cancelled,
    OutsideWindow,
    AlreadyLive,
}

impl Refused {
    pub fn reason(self) -> &'static str {
        match self {
            Self::UnknownStream => "no such stream",
            Self::WrongKey => "wrong stream key",
            Self::Cancelled => "the stream is cancelled or over",
            Self::OutsideWindow => "outside the stream's publishing window",
            Self::AlreadyLive => "another encoder is already publishing this stream",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{}", .0.reason())]
    Refused(Refused),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// `on_publish`: the encoder publishes `name` (the stream's slug) with `key`. Accepted only
/// with the stream's key, inside its window, when nobody else publishes it; the stream goes
/// live and its followers hear so. `client` names the encoder's connection.
pub async fn publish(
    db: &Db,
    name: &str,
    key: &str,
    client: &str,
    site: &str,
    now: Instant,
) -> Result<(), IngestError> {
    let mut tx = db.begin().await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        key_hash: Option<String>,
        state: String,
        starts_at: i64,
        ends_at: i64,
        publisher: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, key_hash, state, starts_at, ends_at, publisher FROM streams WHERE slug = $1",
    )
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    let Row {
        id,
        key_hash,
        state,
        starts_at,
        ends_at,
        publisher,
    } = row.ok_or(IngestError::Refused(Refused::UnknownStream))?;
    let Some(key_hash) = key_hash else {
        return Err(IngestError::Refused(Refused::WrongKey));
    };
    if !same_secret(&key_hash, &token_hash(key)) {
        return Err(IngestError::Refused(Refused::WrongKey));
    }
    if !matches!(state.as_str(), "scheduled" | "live" | "ended") {
        return Err(IngestError::Refused(Refused::Cancelled));
    }
    if now.seconds() < starts_at - EARLY || now.seconds() > ends_at + LATE {
        return Err(IngestError::Refused(Refused::OutsideWindow));
    }
    if publisher.is_some() {
        return Err(IngestError::Refused(Refused::AlreadyLive));
    }
    // Claimed only if still free: two encoders racing, one wins.
    let claimed = sqlx::query(
        "UPDATE streams SET state = 'live', publisher = $2, live_at = COALESCE(live_at, $3),
                ended_at = NULL, updated_at = $3
          WHERE id = $1 AND publisher IS NULL",
    )
    .bind(id)
    .bind(client)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(IngestError::Refused(Refused::AlreadyLive));
    }
    notify_followers(&mut tx, id, Notify::Live, site, now).await?;
    tx.commit().await?;
    Ok(())
}

/// `on_publish_done`: the encoder of `name` stopped. Only the encoder that was accepted can
/// end the stream (a refused second encoder's goodbye changes nothing). Returns whether the
/// stream ended.
pub async fn publish_done(
    db: &Db,
    name: &str,
    client: &str,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    let ended = sqlx::query(
        "UPDATE streams SET state = 'ended', publisher = NULL, ended_at = $3, updated_at = $3
          WHERE slug = $1 AND publisher = $2 AND state = 'live'",
    )
    .bind(name)
    .bind(client)
    .bind(now.seconds())
    .execute(db)
    .await?
    .rows_affected();
    Ok(ended == 1)
}

/// The stream a finished recording belongs to, while it is live or ended (a replay already
/// made is replaced by the newer recording): `(id, slug)`.
pub async fn recording_target(db: &Db, name: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug FROM streams WHERE slug = $1 AND state IN ('ended', 'live')")
        .bind(name)
        .fetch_optional(db)
        .await
}

/// Publishes the replay made from the recording: the stream becomes a replay unless its
/// encoder came back meanwhile.
pub async fn publish_replay(
    db: &Db,
    stream_id: i64,
    src: &str,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE streams SET replay_src = $2, state = CASE WHEN state = 'live' THEN state ELSE 'replay' END,
                updated_at = $3
          WHERE id = $1 AND state IN ('ended', 'live')",
    )
    .bind(stream_id)
    .bind(src)
    .bind(now.seconds())
    .execute(db)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// The live state of a stream, for the page's poll: state and replay address.
pub async fn stage(db: &Db, slug: &str) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.state, s.replay_src FROM streams s JOIN booths b ON b.id = s.booth_id
          WHERE s.slug = $1 AND b.status = 'published'",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
}
