//! Buyers follow streams; followers hear when a stream is about to start, goes live, moves
//! or is cancelled — a notice on their account page and an email, written in the same
//! transaction as the change — and read their notices.

use crate::accounts::store::{User, queue_email};
use crate::agenda::views::notice_text;
use crate::core::{Cursor, Instant, Page};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use sqlx::{Any, Transaction};

/// A signed-in buyer follows (or stops following) a stream that has not ended.
pub async fn follow(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    on: bool,
    now: Instant,
) -> AppResult<()> {
    let user = actor.ok_or(AppError::Unauthorized)?;
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT s.id, s.state FROM streams s JOIN booths b ON b.id = s.booth_id
          WHERE s.slug = $1 AND b.status = 'published'",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?;
    let (id, state) = row.ok_or(AppError::NotFound)?;
    if !on {
        sqlx::query("DELETE FROM stream_follows WHERE user_id = $1 AND stream_id = $2")
            .bind(user.id)
            .bind(id)
            .execute(db)
            .await?;
        return Ok(());
    }
    if !matches!(state.as_str(), "scheduled" | "live") {
        return Err(AppError::conflict("form", "not_scheduled"));
    }
    sqlx::query(
        "INSERT INTO stream_follows (user_id, stream_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, stream_id) DO NOTHING",
    )
    .bind(user.id)
    .bind(id)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

/// What followers are told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notify {
    Reminder,
    Live,
    Rescheduled,
    Cancelled,
}

impl Notify {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reminder => "reminder",
            Self::Live => "live",
            Self::Rescheduled => "rescheduled",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Leaves every follower of the stream a notice, and those with a confirmed address an email
/// (in their own language, with the new time in the event's zone), in the caller's
/// transaction. A reminder or a live
/// notice goes only to followers who have not had it yet, and marks them.
pub async fn notify_followers(
    tx: &mut Transaction<'_, Any>,
    stream_id: i64,
    kind: Notify,
    site: &str,
    now: Instant,
) -> Result<usize, sqlx::Error> {
    let mark = match kind {
        Notify::Reminder => Some("reminded_at"),
        Notify::Live => Some("live_noticed_at"),
        _ => None,
    };
    let unsent = mark.map_or(String::new(), |column| format!(" AND f.{column} IS NULL"));
    let followers: Vec<(String, String, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT u.email, u.locale, u.email_verified_at FROM stream_follows f JOIN users u ON u.id = f.user_id
          WHERE f.stream_id = $1 AND u.suspended_at IS NULL{unsent}"
    ))
    .bind(stream_id)
    .fetch_all(&mut **tx)
    .await?;
    if followers.is_empty() {
        return Ok(0);
    }
    // The notices and the marks are one statement each, whatever the number of followers.
    sqlx::query(&format!(
        "INSERT INTO notifications (user_id, stream_id, kind, created_at)
         SELECT f.user_id, f.stream_id, $2, $3 FROM stream_follows f JOIN users u ON u.id = f.user_id
          WHERE f.stream_id = $1 AND u.suspended_at IS NULL{unsent}"
    ))
    .bind(stream_id)
    .bind(kind.as_str())
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?;
    let (slug, title, starts_at, zone): (String, String, i64, String) =
        sqlx::query_as("SELECT slug, title, starts_at, time_zone FROM streams WHERE id = $1")
            .bind(stream_id)
            .fetch_one(&mut **tx)
            .await?;
    // Each language's email is written once.
    let mut texts: Vec<(Locale, String, String)> = Vec::new();
    // Every follower gets the notice; only a confirmed address gets the email.
    let addressed = followers.iter().filter(|(.., verified)| verified.is_some());
    for (email, locale, _) in addressed {
        let locale = Locale::parse(locale).unwrap_or(Locale::En);
        let index = match texts.iter().position(|(l, ..)| *l == locale) {
            Some(index) => index,
            None => {
                let subject = notice_text(locale, kind.as_str(), &title);
                let when = crate::i18n::format::date_time(locale, Instant(starts_at), &zone);
                let body = format!(
                    "{subject}\n\n{when}\n{site}/{}/streams/{slug}\n",
                    locale.code()
                );
                texts.push((locale, subject, body));
                texts.len() - 1
            }
        };
        let (_, subject, body) = &texts[index];
        queue_email(&mut **tx, email, subject, body, now).await?;
    }
    if let Some(column) = mark {
        sqlx::query(&format!(
            "UPDATE stream_follows SET {column} = $2
              WHERE stream_id = $1 AND {column} IS NULL
                AND user_id IN (SELECT id FROM users WHERE suspended_at IS NULL)"
        ))
        .bind(stream_id)
        .bind(now.seconds())
        .execute(&mut **tx)
        .await?;
    }
    Ok(followers.len())
}

/// Reminds followers of every stream starting within the next 15 minutes (once each).
/// Returns how many followers were reminded (in the app; by email if confirmed).
pub async fn send_reminders(db: &Db, site: &str, now: Instant) -> Result<usize, sqlx::Error> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT s.id FROM streams s JOIN stream_follows f ON f.stream_id = s.id
          WHERE s.state = 'scheduled' AND f.reminded_at IS NULL
            AND s.starts_at > $1 AND s.starts_at <= $2",
    )
    .bind(now.seconds())
    .bind(now.seconds() + 15 * 60)
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for id in due {
        let mut tx = db.begin().await?;
        sent += notify_followers(&mut tx, id, Notify::Reminder, site, now).await?;
        tx.commit().await?;
    }
    Ok(sent)
}

/// Notices on one page of the account's list.
pub const NOTICES_PER_PAGE: usize = 20;

/// The viewer's notices, newest first, a page from `from` on; marks them all read.
pub async fn notices(
    db: &Db,
    user: &User,
    locale: Locale,
    from: Cursor,
    now: Instant,
) -> Result<Page<crate::agenda::model::Notice>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT n.id, n.kind, s.slug, COALESCE(t.title, s.title), n.created_at, n.read_at
           FROM notifications n JOIN streams s ON s.id = n.stream_id
           LEFT JOIN stream_translations t ON t.stream_id = s.id AND t.locale = $2
          WHERE n.user_id = $1 AND (n.created_at < $3 OR (n.created_at = $3 AND n.id < $4))
          ORDER BY n.created_at DESC, n.id DESC LIMIT $5",
    )
    .bind(user.id)
    .bind(locale.code())
    .bind(from.at)
    .bind(from.id)
    .bind(NOTICES_PER_PAGE as i64 + 1)
    .fetch_all(db)
    .await?;
    sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
        .bind(user.id)
        .bind(now.seconds())
        .execute(db)
        .await?;
    let rows = rows
        .into_iter()
        .map(|(id, kind, stream_slug, stream_title, at, read)| {
            let notice = crate::agenda::model::Notice {
                kind,
                stream_slug,
                stream_title,
                at: Instant(at),
                unread: read.is_none(),
            };
            (Cursor { at, id }, notice)
        })
        .collect();
    Ok(Page::of(rows, NOTICES_PER_PAGE))
}
