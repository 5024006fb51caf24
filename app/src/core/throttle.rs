//! Rate limits kept in the store, so every server node counts the same events: failed
//! sign-ins, sign-ups, password resets, checkouts. A limit is a key (`pair:{email}|{ip}`,
//! `checkout-ip:{ip}`, …), how many events it allows, and over what window.

use crate::core::Instant;
use crate::db::Db;
use sqlx::AnyConnection;

/// The longest window any limit uses; older events are forgotten by housekeeping.
pub const LONGEST_WINDOW: i64 = 3600;

/// `allowed` events per `window` seconds under `key`.
#[derive(Clone, Copy, Debug)]
pub struct Limit<'a> {
    pub key: &'a str,
    pub allowed: i64,
    pub window: i64,
}

impl<'a> Limit<'a> {
    pub fn new(key: &'a str, allowed: i64, window: i64) -> Self {
        assert!(
            allowed >= 1 && window <= LONGEST_WINDOW,
            "a limit allows at least one event within the longest window"
        );
        Self {
            key,
            allowed,
            window,
        }
    }
}

/// Seconds until every limit allows one more event, if any is used up now.
pub async fn wait_for(
    conn: &mut AnyConnection,
    limits: &[Limit<'_>],
    now: Instant,
) -> Result<Option<i64>, sqlx::Error> {
    let mut wait: Option<i64> = None;
    for limit in limits {
        let times: Vec<i64> = sqlx::query_scalar(
            "SELECT at FROM throttle_events WHERE key = $1 AND at > $2 ORDER BY at DESC",
        )
        .bind(limit.key)
        .bind(now.seconds() - limit.window)
        .fetch_all(&mut *conn)
        .await?;
        if times.len() as i64 >= limit.allowed {
            // Free again when the oldest event that counts leaves the window.
            let oldest = times[(limit.allowed - 1) as usize];
            let seconds = (oldest + limit.window - now.seconds()).max(1);
            wait = Some(wait.map_or(seconds, |w| w.max(seconds)));
        }
    }
    Ok(wait)
}

/// One event recorded under every limit's key *before* the limits are checked, so parallel
/// requests cannot all slip under a limit (the k-th recorded sees at least k). Within
/// every limit: the recorded event ([`forget`] takes it back). Over one: the event is taken
/// back at once and the seconds to wait are returned. `conn` may be a transaction's, so
/// the event is kept only with what it allowed.
pub async fn attempt(
    conn: &mut AnyConnection,
    limits: &[Limit<'_>],
    now: Instant,
) -> Result<Result<Attempt, i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(limits.len());
    for limit in limits {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO throttle_events (key, at) VALUES ($1, $2) RETURNING id",
        )
        .bind(limit.key)
        .bind(now.seconds())
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }
    // Counting this event too, one more than allowed is over.
    let counted: Vec<Limit<'_>> = limits
        .iter()
        .map(|l| Limit {
            allowed: l.allowed + 1,
            ..*l
        })
        .collect();
    if let Some(wait) = wait_for(conn, &counted, now).await? {
        forget(conn, Attempt { ids, recent: 0 }).await?;
        return Ok(Err(wait));
    }
    let recent: i64 =
        match limits.first() {
            Some(limit) => sqlx::query_scalar(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM throttle_events WHERE key = $1 AND at > $2",
            )
            .bind(limit.key)
            .bind(now.seconds() - limit.window)
            .fetch_one(&mut *conn)
            .await?,
            None => 0,
        };
    Ok(Ok(Attempt { ids, recent }))
}

/// The rows of one recorded event, and how many events (this one included) its first
/// limit's key counts in its window.
#[derive(Debug)]
pub struct Attempt {
    ids: Vec<i64>,
    pub recent: i64,
}

impl Attempt {
    /// How long to hold a sign-in's answer back: nothing for the first two tries, then half
    /// a second more for each, so guessing slows down while a typo costs nothing.
    pub fn delay(&self) -> std::time::Duration {
        std::time::Duration::from_millis(500 * (self.recent - 2).clamp(0, 6) as u64)
    }
}

/// Takes an event back (the sign-in succeeded, say).
pub async fn forget(conn: &mut AnyConnection, attempt: Attempt) -> Result<(), sqlx::Error> {
    for id in attempt.ids {
        sqlx::query("DELETE FROM throttle_events WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records one event under each key.
pub async fn record(
    conn: &mut AnyConnection,
    keys: &[&str],
    now: Instant,
) -> Result<(), sqlx::Error> {
    for key in keys {
        sqlx::query("INSERT INTO throttle_events (key, at) VALUES ($1, $2)")
            .bind(*key)
            .bind(now.seconds())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Forgets events no limit can count any more.
pub async fn forget_old(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM throttle_events WHERE at <= $1")
        .bind(now.seconds() - LONGEST_WINDOW)
        .execute(db)
        .await?
        .rows_affected())
}
