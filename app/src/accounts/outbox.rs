//! The email outbox's delivery side (ssr only): every email is written by
//! `accounts::store::queue_email` in the transaction of the change it reports; a sender (the
//! server's mailer, on any node) claims what is due, and records it sent or failed with a
//! growing pause between attempts.

use crate::core::Instant;
use crate::db::Db;

/// An email is tried at most this many times.
pub const ATTEMPTS: i64 = 5;
/// A claim keeps other nodes off one email this long.
const CLAIM_SECONDS: i64 = 120;

/// An email waiting to be sent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    /// A calendar entry to attach, and its iTIP method.
    pub calendar: Option<String>,
    pub calendar_method: Option<String>,
}

/// Up to `limit` emails due now, oldest first.
pub async fn due(db: &Db, now: Instant, limit: i64) -> Result<Vec<Due>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, recipient, subject, body, attempts, calendar, calendar_method FROM outbox
          WHERE sent_at IS NULL AND attempts < $1 AND (claimed_until IS NULL OR claimed_until < $2)
          ORDER BY id LIMIT $3",
    )
    .bind(ATTEMPTS)
    .bind(now.seconds())
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Claims one email for this sender; false when another node has it.
pub async fn claim(db: &Db, id: i64, now: Instant) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE outbox SET claimed_until = $2 WHERE id = $1 AND sent_at IS NULL
           AND (claimed_until IS NULL OR claimed_until < $3)",
    )
    .bind(id)
    .bind(now.seconds() + CLAIM_SECONDS)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

pub async fn sent(db: &Db, id: i64, now: Instant) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failed attempt: tried again after 1, 2, 4, 8 minutes, a permanent failure (a
/// bad address) never.
pub async fn failed(
    db: &Db,
    mail: &Due,
    error: &str,
    permanent: bool,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let attempts = if permanent {
        ATTEMPTS
    } else {
        mail.attempts + 1
    };
    let pause = 60 * (1_i64 << mail.attempts.clamp(0, 4));
    sqlx::query(
        "UPDATE outbox SET attempts = $2, last_error = $3, claimed_until = $4 WHERE id = $1",
    )
    .bind(mail.id)
    .bind(attempts)
    .bind(error.chars().take(500).collect::<String>())
    .bind(now.seconds() + pause)
    .execute(db)
    .await?;
    Ok(())
}
