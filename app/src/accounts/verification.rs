//! Verifying a buyer's email address by emailed link. Until the link is opened the account
//! gets no reminder or marketing mail and cannot place a deal order. A link works once, for a
//! week; a new one can be asked for a few times an hour.

use crate::accounts::store::queue_email;
use crate::core::Instant;
use crate::core::secrets::{new_token, token_hash};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use sqlx::{Any, Transaction};

/// A verification link is valid this long.
pub const VERIFY_SECONDS: i64 = 7 * 24 * 3600;
/// New links one account may ask for per hour (each is an email to its address).
pub const RESENDS_PER_HOUR: i64 = 3;

/// Why the link is being sent: the welcome mail carries the first one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Letter {
    Welcome,
    Reminder,
}

/// Writes a fresh link for `user_id` and its email, in the caller's transaction.
pub async fn send_link(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    letter: Letter,
    site: &str,
    locale: Locale,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let (email, name): (String, String) =
        sqlx::query_as("SELECT email, display_name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await?;
    let token = new_token();
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now.seconds())
    .bind(now.seconds() + VERIFY_SECONDS)
    .execute(&mut **tx)
    .await?;
    let link = format!("{site}/{}/account/verify/{token}", locale.code());
    let (subject, body) = match letter {
        Letter::Welcome => (
            "Welcome to the India Pavilion",
            format!(
                "Welcome to the India Pavilion, {name}.\n\nYour account is ready. Please confirm that this address is yours (the link works for a week):\n{link}\n\nUntil then we send you no reminders, and flash deals stay closed to the account.\n"
            ),
        ),
        Letter::Reminder => (
            "Confirm your India Pavilion email address",
            format!(
                "Hello {name},\n\nPlease confirm that this address is yours (the link works for a week):\n{link}\n\nIf you did not ask for this, ignore this email.\n"
            ),
        ),
    };
    queue_email(&mut **tx, &email, subject, &body, now).await
}

/// Whether a verification link can still be used (unknown tokens are not found).
pub async fn link_usable(db: &Db, token: &str, now: Instant) -> AppResult<bool> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT expires_at, used_at FROM email_verifications WHERE token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(db)
            .await?;
    let (expires_at, used_at) = row.ok_or(AppError::NotFound)?;
    Ok(used_at.is_none() && expires_at > now.seconds())
}

/// Marks the link's address verified, once: the link (and every other of the account) is
/// used up. A used or expired link is refused (`link_used`); an unknown one is not found.
pub async fn confirm(db: &Db, token: &str, now: Instant) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let user_id: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM email_verifications WHERE token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(&mut *tx)
            .await?;
    let user_id = user_id.ok_or(AppError::NotFound)?;
    // Spent by one conditional statement: a used or expired link changes nothing, and of two
    // clicks at once one confirms.
    let spent = sqlx::query(
        "UPDATE email_verifications SET used_at = $2
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    if spent.rows_affected() != 1 {
        return Err(AppError::conflict("token", "link_used"));
    }
    sqlx::query(
        "UPDATE email_verifications SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    mark_verified(&mut tx, user_id, now).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// Marks an address verified without a link: an accepted staff invitation was mailed to it.
pub async fn mark_verified(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL",
    )
    .bind(user_id)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
