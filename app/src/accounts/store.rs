//! Accounts in the store. Passwords are hashed with argon2id; session tokens are 32 random
//! bytes handed to the browser once and kept here only as a SHA-256, with an idle and an
//! absolute expiry. Every email is written to the outbox in the same transaction as the
//! change it reports.

use crate::core::Instant;
use crate::core::secrets::{new_token, token_hash};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sqlx::FromRow;

/// A session ends after this long without a request…
pub const IDLE_SECONDS: i64 = 7 * 24 * 3600;
/// …and at the latest this long after sign-in.
pub const ABSOLUTE_SECONDS: i64 = 30 * 24 * 3600;
/// `last_seen_at` is written at most this often.
const TOUCH_SECONDS: i64 = 60;

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const NAME_MAX: usize = 80;

/// Trimmed and lower-cased, when it has the shape of an address: one `@`, a local part, a
/// dotted domain, no spaces or control characters, at most 254 characters.
pub fn normalise_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(email)
}

pub fn check_password(password: &str) -> AppResult<()> {
    let length = password.chars().count();
    if (PASSWORD_MIN..=PASSWORD_MAX).contains(&length) {
        Ok(())
    } else {
        Err(AppError::invalid("password", "password"))
    }
}

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    let length = name.chars().count();
    if (1..=NAME_MAX).contains(&length) && !name.chars().any(char::is_control) {
        Ok(name.to_owned())
    } else {
        Err(AppError::invalid("name", "name"))
    }
}

/// An argon2id PHC string with a fresh salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        // Hashing only fails for parameters we never pass; a hash that never verifies is
        // the safe outcome if it ever did.
        .unwrap_or_default()
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Argon2 runs this many at a time, on tokio's blocking threads, never on the async workers
/// (one hash takes tens of milliseconds of a core; a burst of sign-ins would stall every page).
const HASHING_AT_ONCE: usize = 4;
/// How long a sign-in waits for its turn before the server says it is busy (503).
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Runs `work` (a hash or a verification) off the async threads behind a small semaphore;
/// a server too busy to start it within [`HASHING_WAIT`] answers `Unavailable`.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let turns = TURNS.get_or_init(|| tokio::sync::Semaphore::new(HASHING_AT_ONCE));
    let _turn = tokio::time::timeout(HASHING_WAIT, turns.acquire())
        .await
        .map_err(|_| {
            tracing::warn!("password hashing is saturated; answering 503");
            AppError::Unavailable
        })?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)
}

/// [`hash_password`], off the async threads.
pub async fn hashed(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    hashing(move || hash_password(&password)).await
}

/// [`verify_password`], off the async threads.
pub async fn verified(password: &str, stored: &str) -> AppResult<bool> {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    hashing(move || verify_password(&password, &stored)).await
}

/// A stored hash of a password nobody has, so unknown emails cost as much as wrong
/// passwords and timing does not tell which accounts exist.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password that matches no account"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoothRole {
    Owner,
    Staff,
}

/// A signed-in person and what they may act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub is_admin: bool,
    pub suspended: bool,
    /// Whether the address has been confirmed by link (see `accounts::verification`).
    pub email_verified: bool,
    /// The council this person curates for, if a curator.
    pub council_id: Option<i64>,
    /// The booth this person works for, if an exhibitor.
    pub booth: Option<(i64, BoothRole)>,
    /// One of the demo's simulated audience (see the server's `demo::audience`).
    pub demo: bool,
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    password_hash: String,
    locale: String,
    is_admin: i64,
    suspended_at: Option<i64>,
    email_verified_at: Option<i64>,
    council_id: Option<i64>,
    booth_id: Option<i64>,
    booth_role: Option<String>,
    demo: i64,
}

const USER_SELECT: &str = "
    SELECT u.id, u.email, u.display_name, u.password_hash, u.locale, u.is_admin, u.suspended_at, u.email_verified_at,
           u.demo, cc.council_id, bm.booth_id, bm.role AS booth_role
    FROM users u
    LEFT JOIN council_curators cc ON cc.user_id = u.id
    LEFT JOIN booth_members bm ON bm.user_id = u.id";

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            locale: r.locale,
            is_admin: r.is_admin == 1,
            suspended: r.suspended_at.is_some(),
            email_verified: r.email_verified_at.is_some(),
            council_id: r.council_id,
            demo: r.demo == 1,
            booth: r.booth_id.zip(r.booth_role.map(|role| {
                if role == "owner" {
                    BoothRole::Owner
                } else {
                    BoothRole::Staff
                }
            })),
        }
    }
}

/// The signed-in user of the request being served, put there by the server's session layer.
pub fn current_user() -> Option<User> {
    leptos::prelude::use_context::<http::request::Parts>()?
        .extensions
        .get::<User>()
        .cloned()
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub locale: &'a str,
}

/// Creates a buyer account; roles are granted separately.
pub async fn create_user(db: &Db, new: NewUser<'_>, now: Instant) -> AppResult<i64> {
    let email = normalise_email(new.email).ok_or_else(|| AppError::invalid("email", "email"))?;
    let name = check_name(new.display_name)?;
    check_password(new.password)?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?;
    if taken.is_some() {
        return Err(AppError::conflict("email", "email_taken"));
    }
    let hash = hashed(new.password).await?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, locale, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&email)
    .bind(&name)
    .bind(&hash)
    .bind(new.locale)
    .bind(now.seconds())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        // Two sign-ups racing for one address: the unique index decides.
        Err(e) if is_conflict(&e, "email_taken") => Err(AppError::conflict("email", "email_taken")),
        Err(e) => Err(e.into()),
    }
}

pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<User>, sqlx::Error> {
    let Some(email) = normalise_email(email) else {
        return Ok(None);
    };
    let sql = format!("{USER_SELECT} WHERE u.email = $1");
    let row: Option<UserRow> = sqlx::query_as(&sql).bind(email).fetch_optional(db).await?;
    Ok(row.map(User::from))
}

/// The account for these credentials, if they are right and the account is not suspended.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> AppResult<Option<User>> {
    let row: Option<UserRow> = match normalise_email(email) {
        Some(email) => {
            let sql = format!("{USER_SELECT} WHERE u.email = $1");
            sqlx::query_as(&sql).bind(email).fetch_optional(db).await?
        }
        None => None,
    };
    let Some(row) = row else {
        let password = password.to_owned();
        let _ = hashing(move || verify_password(&password, decoy_hash())).await?;
        return Ok(None);
    };
    if !verified(password, &row.password_hash).await? || row.suspended_at.is_some() {
        return Ok(None);
    }
    Ok(Some(row.into()))
}

/// Starts a session for `user_id`; the token goes to the browser and nowhere else.
pub async fn start_session(db: &Db, user_id: i64, now: Instant) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now.seconds())
    .bind(now.seconds() + ABSOLUTE_SECONDS)
    .execute(db)
    .await?;
    Ok(token)
}

/// The user behind a session token, if the session is alive: not idle too long, not past
/// its absolute end, and the account not suspended. Expired sessions are deleted.
pub async fn session_user(db: &Db, token: &str, now: Instant) -> Result<Option<User>, sqlx::Error> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = token_hash(token);
    let session: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(db)
    .await?;
    let Some((user_id, last_seen, expires)) = session else {
        return Ok(None);
    };
    let now = now.seconds();
    if now >= expires || now - last_seen >= IDLE_SECONDS {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(db)
            .await?;
        return Ok(None);
    }
    if now - last_seen >= TOUCH_SECONDS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(db)
            .await?;
    }
    let sql = format!("{USER_SELECT} WHERE u.id = $1");
    let row: Option<UserRow> = sqlx::query_as(&sql)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(User::from).filter(|u| !u.suspended))
}

pub async fn end_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// Signs a person out everywhere (after a password change or a suspension).
pub async fn end_all_sessions(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn make_admin(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn add_curator(db: &Db, user_id: i64, council_slug: &str) -> AppResult<()> {
    let council: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(council_slug)
        .fetch_optional(db)
        .await?;
    let council = council.ok_or(AppError::NotFound)?;
    sqlx::query("INSERT INTO council_curators (council_id, user_id) VALUES ($1, $2)")
        .bind(council)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub struct NewCouncil<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub website: &'a str,
}

pub async fn create_council(db: &Db, new: NewCouncil<'_>) -> AppResult<i64> {
    let slug = crate::core::Slug::parse(new.slug).map_err(|_| AppError::invalid("slug", "slug"))?;
    let name = check_name(new.name)?;
    let short = check_name(new.short_name)?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO councils (slug, name, short_name, website) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(&name)
    .bind(&short)
    .bind(new.website.trim())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        Err(e) if is_conflict(&e, "name_taken") => Err(AppError::conflict("slug", "name_taken")),
        Err(e) => Err(e.into()),
    }
}

/// Whether `err` is the unique violation that stands for the refusal `code`.
fn is_conflict(err: &sqlx::Error, code: &str) -> bool {
    matches!(crate::error::unique_conflict_of(err), Some(crate::error::AppError::Conflict(p)) if p.code == code)
}

/// Failures allowed per window before sign-in is refused with 429: per account and client
/// address together (so guesses from elsewhere never lock the owner out), per client address,
/// and per account for a signed-in person re-entering their password.
pub const FAILURES_PER_PAIR: i64 = 5;
pub const FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURES_PER_EMAIL: i64 = 5;
/// Accounts one client address may open per window.
pub const SIGNUPS_PER_ADDRESS: i64 = 10;
pub const THROTTLE_WINDOW: i64 = 15 * 60;

/// Queues an email; a sender delivers it (SMTP when configured, the log in development).
/// `db` is the pool, or a transaction's connection so the email is written with its cause.
pub async fn queue_email<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    recipient: &str,
    subject: &str,
    body: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

/// Like [`queue_email`], with a calendar entry attached: `calendar` is the text and `method`
/// its iTIP method (`REQUEST`, `CANCEL`), which the mail's content type repeats.
pub async fn queue_email_with_calendar<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    recipient: &str,
    (subject, body): (&str, &str),
    (calendar, method): (&str, &str),
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, calendar, calendar_method, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(calendar)
    .bind(method)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_or_refused() {
        assert_eq!(
            normalise_email("  Priya@Example.IN ").as_deref(),
            Some("priya@example.in")
        );
        for bad in [
            "",
            "priya",
            "@example.in",
            "priya@",
            "priya@example",
            "pr iya@example.in",
            "a@b@c.in",
            "priya@.in",
            "priya@example.in.",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad}");
        }
        assert_eq!(
            normalise_email(&format!("{}@example.in", "a".repeat(65))),
            None
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_saturated_hasher_answers_busy_at_once() {
        // Every turn taken by slow work: the next hash is refused (503) within the wait,
        // instead of queueing behind them and stalling the page.
        let slow = HASHING_WAIT + std::time::Duration::from_secs(1);
        let busy: Vec<_> = (0..HASHING_AT_ONCE)
            .map(|_| tokio::spawn(hashing(move || std::thread::sleep(slow))))
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let asked = std::time::Instant::now();
        assert_eq!(
            hashed("correct horse battery").await,
            Err(AppError::Unavailable)
        );
        assert!(asked.elapsed() < HASHING_WAIT + std::time::Duration::from_millis(500));
        for work in busy {
            assert!(matches!(work.await, Ok(Ok(()))));
        }
        // Free again, it hashes.
        assert!(hashed("correct horse battery").await.is_ok());
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        assert!(check_password("short").is_err());
        assert!(check_password(&"x".repeat(129)).is_err());
        assert!(check_password("correct horse battery").is_ok());
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert_ne!(
            hash,
            hash_password("correct horse battery"),
            "a fresh salt each time"
        );
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }
}
