//! Changing a password, and resetting a forgotten one by emailed link. A reset link works
//! once, for an hour; either change ends every other session of the account.

use crate::accounts::store::{
    User, check_password, hashed, normalise_email, queue_email, verified,
};
use crate::core::Instant;
use crate::core::secrets::{new_token, token_hash};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;

/// A reset link is valid this long.
pub const RESET_SECONDS: i64 = 3600;
/// Reset requests allowed per address and per client in the throttle window.
pub const RESETS_PER_EMAIL: i64 = 3;
pub const RESETS_PER_ADDRESS: i64 = 20;

/// Sends a reset link when the address belongs to an active account. The answer is the same
/// either way, so the form tells nobody which addresses have accounts.
pub async fn request_reset(
    db: &Db,
    email: &str,
    base_url: &str,
    locale: Locale,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let Some(email) = normalise_email(email) else {
        return Ok(());
    };
    let user: Option<(i64, String)> = sqlx::query_as(
        // The demo's simulated audience has no password to reset: nobody signs in as one.
        "SELECT id, display_name FROM users WHERE email = $1 AND suspended_at IS NULL AND demo = 0",
    )
    .bind(&email)
    .fetch_optional(db)
    .await?;
    let Some((user_id, name)) = user else {
        return Ok(());
    };
    let token = new_token();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now.seconds())
    .bind(now.seconds() + RESET_SECONDS)
    .execute(&mut *tx)
    .await?;
    queue_email(
        &mut *tx,
        &email,
        "Reset your India Pavilion password",
        &format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset the password of this account.\nChoose a new one here within the hour:\n{base_url}/{}/account/reset/{token}\n\nIf it was not you, ignore this email: your password stays as it is.\n",
            locale.code()
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a reset link can still be used (unknown tokens are not found).
pub async fn reset_usable(db: &Db, token: &str, now: Instant) -> AppResult<bool> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT expires_at, used_at FROM password_resets WHERE token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(db)
            .await?;
    let (expires_at, used_at) = row.ok_or(AppError::NotFound)?;
    Ok(used_at.is_none() && expires_at > now.seconds())
}

/// Sets a new password through a reset link and signs the account out everywhere.
pub async fn reset_password(db: &Db, token: &str, password: &str, now: Instant) -> AppResult<()> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(db)
    .await?;
    let (user_id, expires_at, used_at) = row.ok_or(AppError::NotFound)?;
    if used_at.is_some() || expires_at <= now.seconds() {
        return Err(AppError::conflict("password", "link_used"));
    }
    if check_password(password).is_err() {
        return Err(AppError::invalid("password", "password"));
    }
    let hash = hashed(password).await?;
    let mut tx = db.begin().await?;
    let used = sqlx::query(
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
    )
    .bind(token_hash(token))
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::conflict("password", "link_used"));
    }
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    // The link was mailed to the account's address: opening it proves the address.
    crate::accounts::verification::mark_verified(&mut tx, user_id, now).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    // Any other link sent to this account is spent too.
    sqlx::query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .bind(now.seconds())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the signed-in account's password after checking the current one; every other
/// session of the account ends, the one in use stays.
pub async fn change_password(
    db: &Db,
    actor: Option<&User>,
    session: Option<&str>,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let user = actor.ok_or(AppError::Unauthorized)?;
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(db)
        .await?;
    if !verified(current, &stored).await? {
        return Err(AppError::invalid("current_password", "credentials"));
    }
    if check_password(new).is_err() {
        return Err(AppError::invalid("new_password", "password"));
    }
    let hash = hashed(new).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user.id)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user.id)
        .bind(session.map(token_hash).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
