//! Curation in the store. Every function that changes something takes the caller first
//! and refuses before it reads a field: anonymous → sign in, wrong role → forbidden,
//! somebody else's hall or booth → not found (its existence is not revealed). Split by
//! idea: applications and decisions, a booth's moderation, a hall's layout; this module
//! holds the log and the history they share.

use crate::accounts::roles::{require_curator, require_curator_of, signed_in};
use crate::accounts::store::{User, queue_email};
use crate::core::credentials::{self, CERTIFICATES, NumberError};
use crate::core::{Cursor, Instant, Page, Slug};
use crate::curation::model::{
    Application, ApplyPage, Certificate, CertificateKind, Credential, CuratedHall, CuratedStream,
    CuratorBoothPage, CuratorHallPage, CuratorHome, LayoutBooth, ListedProduct, LogEntry, Member,
    QueueItem, Stage,
};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::Locale;
use sqlx::{Any, FromRow, Transaction};

mod applications;
mod booths;
mod layout;

pub use applications::{
    APPLICATIONS_PER_PAGE, QueuePages, apply_page, curator_home, decide, review_page,
    submit_application,
};
pub use booths::{booth_action, curator_booth};
pub use layout::{curator_hall, save_layout};

/// How many certificates one application may list.
pub const CERTIFICATE_ROWS: usize = 3;
pub(super) const NAME_MAX: usize = 80;
pub(super) const TEXT_MAX: usize = 1000;

pub(super) async fn log(
    tx: &mut Transaction<'_, Any>,
    actor: i64,
    action: &str,
    subject: &str,
    reason: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO curation_log (actor_id, action, subject, reason, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(reason)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn history(
    db: &Db,
    locale: Locale,
    subject: &str,
) -> Result<Vec<LogEntry>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT u.display_name, l.action, l.reason, l.at FROM curation_log l
         JOIN users u ON u.id = l.actor_id WHERE l.subject = $1 ORDER BY l.at DESC, l.id DESC",
    )
    .bind(subject)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(actor, action, reason, at)| LogEntry {
            actor,
            action,
            reason,
            at: Instant(at),
            when: crate::i18n::format::date_time(locale, Instant(at), "UTC"),
        })
        .collect())
}

#[derive(FromRow)]
pub(super) struct HallRow {
    pub(super) id: i64,
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) colour: String,
    pub(super) council_id: i64,
    pub(super) council: String,
}

pub(super) async fn hall_by_slug(
    db: &Db,
    locale: Locale,
    slug: &str,
) -> Result<Option<HallRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT h.id, h.slug, COALESCE(t.name, h.name) AS name, h.colour, h.council_id,
                c.name AS council
           FROM halls h JOIN councils c ON c.id = h.council_id
           LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $2
          WHERE h.slug = $1",
    )
    .bind(slug)
    .bind(locale.code())
    .fetch_optional(db)
    .await
}

/// A curator's check, whole: the role first (before anything is read), then the thing
/// (not found if missing), then that the caller curates its hall (not found otherwise, so
/// another council learns nothing).
async fn curated<'u, T>(
    db: &Db,
    actor: Option<&'u User>,
    read: impl Future<Output = Result<Option<T>, sqlx::Error>>,
    hall_of: impl FnOnce(&T) -> i64,
) -> AppResult<(&'u User, T)> {
    let user = require_curator(actor)?;
    let found = read.await?.ok_or(AppError::NotFound)?;
    require_curator_of(db, actor, hall_of(&found)).await?;
    Ok((user, found))
}
