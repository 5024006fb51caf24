//! Exhibitors schedule, reschedule and cancel their booth's streams; curators hold the main
//! stage. Every change that followers care about leaves them a notice and an email in the
//! same transaction (`follows`).

use crate::accounts::roles::{member, require_curator, require_curator_of};
use crate::accounts::store::User;
use crate::agenda::follows::{Notify, notify_followers};
use crate::agenda::model::{Choice, Ingest, ScheduleForm, StreamState, StreamText};
use crate::core::secrets::{new_token, token_hash};
use crate::core::{Instant, LocalTimeError, ZONES, local_input, parse_local};
use crate::db::{Db, Slugged, free_slug, placeholders};
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::Locale;
use sqlx::{Any, FromRow, Transaction};

/// A stream may be planned up to a year ahead and last up to twelve hours.
const HORIZON: i64 = 366 * 24 * 3600;
const LONGEST: i64 = 12 * 3600;

#[derive(FromRow)]
struct OwnStream {
    id: i64,
    slug: String,
    title: String,
    description: String,
    language: String,
    time_zone: String,
    starts_at: i64,
    ends_at: i64,
    state: String,
    main_stage: i64,
    key_hash: Option<String>,
}

impl OwnStream {
    fn state(&self) -> StreamState {
        StreamState::parse(&self.state).unwrap_or(StreamState::Scheduled)
    }
}

/// One of the booth's streams; another booth's is simply not found.
async fn own_stream(
    conn: &mut sqlx::AnyConnection,
    booth_id: i64,
    slug: &str,
) -> AppResult<OwnStream> {
    sqlx::query_as(
        "SELECT id, slug, title, description, language, time_zone, starts_at, ends_at, state,
                main_stage, key_hash
           FROM streams WHERE slug = $1 AND booth_id = $2",
    )
    .bind(slug)
    .bind(booth_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// The scheduling form: empty for a new stream (`slug` `None`), else the stream as stored.
pub async fn schedule_form(
    db: &Db,
    actor: Option<&User>,
    slug: Option<&str>,
    ingest: &Ingest,
    now: Instant,
) -> AppResult<ScheduleForm> {
    let (_, booth_id, _) = member(actor)?;
    let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth_id)
        .fetch_one(db)
        .await?;
    let stream = match slug {
        Some(slug) => Some(own_stream(&mut *db.acquire().await?, booth_id, slug).await?),
        None => None,
    };
    let id = stream.as_ref().map_or(0, |s| s.id);
    let hosts: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT h.id, h.name, h.title,
                CAST(CASE WHEN sh.host_id IS NULL THEN 0 ELSE 1 END AS BIGINT)
           FROM hosts h LEFT JOIN stream_hosts sh ON sh.host_id = h.id AND sh.stream_id = $1
          WHERE h.booth_id = $2
          ORDER BY h.name",
    )
    .bind(id)
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let products: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.name, CAST(CASE WHEN sp.product_id IS NULL THEN 0 ELSE 1 END AS BIGINT)
           FROM products p LEFT JOIN stream_products sp ON sp.product_id = p.id AND sp.stream_id = $1
          WHERE p.booth_id = $2 AND p.status <> 'archived' ORDER BY p.position, p.id",
    )
    .bind(id)
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let texts: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT locale, title, description FROM stream_translations WHERE stream_id = $1",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let translations = Locale::ALL
        .iter()
        .filter(|l| **l != Locale::En)
        .map(|l| {
            let (title, description) = texts
                .iter()
                .find(|(code, ..)| code == l.code())
                .map(|(_, t, d)| (t.clone(), d.clone()))
                .unwrap_or_default();
            StreamText {
                locale: l.code().to_owned(),
                title,
                description,
            }
        })
        .collect();
    // A new stream starts on the next full hour after tomorrow's, in the expo's zone.
    let default_start = Instant(now.seconds() - now.seconds().rem_euclid(3600) + 25 * 3600);
    let (zone, starts, ends) = match &stream {
        Some(s) => (
            s.time_zone.clone(),
            Instant(s.starts_at),
            Instant(s.ends_at),
        ),
        None => (
            ZONES[0].to_owned(),
            default_start,
            Instant(default_start.seconds() + 3600),
        ),
    };
    Ok(ScheduleForm {
        slug: stream.as_ref().map(|s| s.slug.clone()),
        booth_name,
        state: stream
            .as_ref()
            .map_or(StreamState::Scheduled, OwnStream::state),
        title: stream.as_ref().map(|s| s.title.clone()).unwrap_or_default(),
        description: stream
            .as_ref()
            .map(|s| s.description.clone())
            .unwrap_or_default(),
        language: stream
            .as_ref()
            .map_or_else(|| "en".to_owned(), |s| s.language.clone()),
        starts_local: local_input(starts, &zone),
        ends_local: local_input(ends, &zone),
        time_zone: zone,
        translations,
        hosts: hosts
            .into_iter()
            .map(|(id, name, title, chosen)| Choice {
                id,
                label: format!("{name} — {title}"),
                chosen: chosen == 1,
            })
            .collect(),
        products: products
            .into_iter()
            .map(|(id, label, chosen)| Choice {
                id,
                label,
                chosen: chosen == 1,
            })
            .collect(),
        main_stage: stream.as_ref().is_some_and(|s| s.main_stage == 1),
        has_key: stream.as_ref().is_some_and(|s| s.key_hash.is_some()),
        ingest_url: ingest.rtmp_url.clone(),
        time_zones: ZONES.iter().map(|z| (*z).to_owned()).collect(),
    })
}

/// The checked fields of a scheduling form.
struct Planned {
    title: String,
    description: String,
    language: String,
    zone: String,
    starts_at: i64,
    ends_at: i64,
    hosts: Vec<i64>,
    products: Vec<i64>,
    new_host: Option<(String, String)>,
    translations: Vec<(Locale, String, String)>,
}

fn wall_clock(checks: &mut Checks, name: &str, raw: &str, zone: &str) -> i64 {
    match parse_local(raw, zone) {
        Ok(at) => at.seconds(),
        // The zone is reported once, on its own field.
        Err(LocalTimeError::Zone) => 0,
        Err(LocalTimeError::Format) => {
            checks.fail(
                name,
                if raw.trim().is_empty() {
                    "required"
                } else {
                    "date_time"
                },
            );
            0
        }
        Err(LocalTimeError::Gap) => {
            checks.fail(name, "clock_change");
            0
        }
    }
}

fn ids(fields: &[(String, String)], name: &str, checks: &mut Checks) -> Vec<i64> {
    let mut out = Vec::new();
    for (_, raw) in fields.iter().filter(|(k, _)| k == name) {
        match raw.trim().parse::<i64>() {
            Ok(id) if !out.contains(&id) => out.push(id),
            Ok(_) => {}
            Err(_) => checks.fail(name, "choice"),
        }
    }
    out
}

/// Reads and checks the form; times must lie ahead (`now`) unless `keep_start` says the
/// stored start is being kept as it is.
fn check_plan(
    fields: &[(String, String)],
    now: Instant,
    keep_start: Option<i64>,
) -> AppResult<Planned> {
    let mut checks = Checks::default();
    let title = checks.text("title", field(fields, "title"), 140);
    let description = checks.paragraph("description", field(fields, "description"), 2000);
    let language = field(fields, "language").trim().to_owned();
    if Locale::parse(&language).is_none() {
        checks.fail("language", "choice");
    }
    let zone = field(fields, "time_zone").trim().to_owned();
    if !crate::core::known_zone(&zone) {
        checks.fail("time_zone", "time_zone");
    }
    let starts_at = wall_clock(&mut checks, "starts_at", field(fields, "starts_at"), &zone);
    let ends_at = wall_clock(&mut checks, "ends_at", field(fields, "ends_at"), &zone);
    if starts_at != 0 && ends_at != 0 {
        if ends_at <= starts_at {
            checks.fail("ends_at", "end_before_start");
        } else if ends_at - starts_at > LONGEST {
            checks.fail("ends_at", "too_long_stream");
        }
        if keep_start != Some(starts_at) {
            if starts_at < now.seconds() {
                checks.fail("starts_at", "in_past");
            } else if starts_at > now.seconds() + HORIZON {
                checks.fail("starts_at", "too_far");
            }
        }
    }
    let hosts = ids(fields, "host", &mut checks);
    let products = ids(fields, "product", &mut checks);
    let host_name = field(fields, "new_host_name").trim();
    let new_host = if host_name.is_empty() {
        None
    } else {
        let name = checks.text("new_host_name", host_name, 80);
        let title = checks.text("new_host_title", field(fields, "new_host_title"), 120);
        Some((name, title))
    };
    let mut translations = Vec::new();
    for locale in Locale::ALL.iter().filter(|l| **l != Locale::En) {
        let title_key = format!("title_{}", locale.code());
        let description_key = format!("description_{}", locale.code());
        let raw_title = field(fields, &title_key).trim();
        let raw_description = field(fields, &description_key).trim();
        if raw_title.is_empty() && raw_description.is_empty() {
            continue;
        }
        let title = checks.text(&title_key, raw_title, 140);
        let description = checks.paragraph(&description_key, raw_description, 2000);
        translations.push((*locale, title, description));
    }
    checks.finish()?;
    Ok(Planned {
        title,
        description,
        language,
        zone,
        starts_at,
        ends_at,
        hosts,
        products,
        new_host,
        translations,
    })
}

/// Refuses a plan that overlaps another of the booth's streams, or puts a host in two
/// streams at once, or names hosts or products that are not there to choose.
async fn check_clashes(
    tx: &mut Transaction<'_, Any>,
    booth_id: i64,
    stream_id: i64,
    plan: &Planned,
) -> AppResult<()> {
    // Every chosen product is one of the booth's, every chosen host exists: counted at once.
    if !plan.products.is_empty() {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM products
              WHERE booth_id = $1 AND status <> 'archived' AND id IN ({})",
            placeholders(2, plan.products.len())
        );
        let query = plan.products.iter().fold(
            sqlx::query_scalar::<_, i64>(&sql).bind(booth_id),
            |q, id| q.bind(*id),
        );
        if query.fetch_one(&mut **tx).await? != plan.products.len() as i64 {
            return Err(AppError::invalid("product", "choice"));
        }
    }
    let booth_clash: Option<String> = sqlx::query_scalar(
        "SELECT title FROM streams WHERE booth_id = $1 AND id <> $2 AND state <> 'cancelled'
            AND starts_at < $4 AND ends_at > $3 LIMIT 1",
    )
    .bind(booth_id)
    .bind(stream_id)
    .bind(plan.starts_at)
    .bind(plan.ends_at)
    .fetch_optional(&mut **tx)
    .await?;
    if plan.hosts.is_empty() {
        return match booth_clash {
            Some(_) => Err(AppError::conflict("starts_at", "overlap_booth")),
            None => Ok(()),
        };
    }
    // Only the booth's own host profiles.
    let list = placeholders(2, plan.hosts.len());
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM hosts WHERE booth_id = $1 AND id IN ({list})"
    );
    let known = plan
        .hosts
        .iter()
        .fold(
            sqlx::query_scalar::<_, i64>(&sql).bind(booth_id),
            |q, id| q.bind(*id),
        )
        .fetch_one(&mut **tx)
        .await?;
    if known != plan.hosts.len() as i64 {
        return Err(AppError::invalid("host", "choice"));
    }
    if booth_clash.is_some() {
        return Err(AppError::conflict("starts_at", "overlap_booth"));
    }
    let sql = format!(
        "SELECT s.id FROM stream_hosts sh JOIN streams s ON s.id = sh.stream_id
          WHERE sh.host_id IN ({}) AND s.id <> $1 AND s.state <> 'cancelled'
            AND s.starts_at < $3 AND s.ends_at > $2 LIMIT 1",
        placeholders(4, plan.hosts.len())
    );
    let busy: Option<i64> = plan
        .hosts
        .iter()
        .fold(
            sqlx::query_scalar(&sql)
                .bind(stream_id)
                .bind(plan.starts_at)
                .bind(plan.ends_at),
            |q, id| q.bind(*id),
        )
        .fetch_optional(&mut **tx)
        .await?;
    if busy.is_some() {
        return Err(AppError::conflict("host", "overlap_host"));
    }
    Ok(())
}

/// Creates (`slug` `None`) or updates one of the booth's scheduled streams; returns its slug.
/// Moving the start or the end raises the calendar sequence and tells the followers.
pub async fn save_stream(
    db: &Db,
    actor: Option<&User>,
    slug: Option<&str>,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> AppResult<String> {
    let (_, booth_id, _) = member(actor)?;
    let mut tx = db.begin().await?;
    let existing = match slug {
        Some(slug) => Some(own_stream(&mut tx, booth_id, slug).await?),
        None => None,
    };
    if let Some(stream) = &existing
        && stream.state() != StreamState::Scheduled
    {
        return Err(AppError::conflict("form", "not_scheduled"));
    }
    let mut plan = check_plan(fields, now, existing.as_ref().map(|s| s.starts_at))?;
    if let Some((name, title)) = plan.new_host.take() {
        // A new host is a new profile; a name already listed is that host.
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM hosts WHERE name = $1 AND booth_id = $2")
                .bind(&name)
                .bind(booth_id)
                .fetch_optional(&mut *tx)
                .await?;
        let id = match found {
            Some(id) => id,
            None => {
                let host_slug = crate::core::Slug::from_name(&name)
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_else(|_| "host".to_owned());
                let host_slug = format!("{host_slug}-{}", &new_token()[..6]);
                sqlx::query_scalar(
                    "INSERT INTO hosts (slug, name, title, languages, booth_id)
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(host_slug)
                .bind(&name)
                .bind(&title)
                .bind(&plan.language)
                .bind(booth_id)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        if !plan.hosts.contains(&id) {
            plan.hosts.push(id);
        }
    }
    let stream_id = existing.as_ref().map_or(0, |s| s.id);
    check_clashes(&mut tx, booth_id, stream_id, &plan).await?;
    let (id, slug) = match &existing {
        Some(stream) => {
            let moved = stream.starts_at != plan.starts_at || stream.ends_at != plan.ends_at;
            sqlx::query(
                "UPDATE streams SET title = $2, description = $3, language = $4, time_zone = $5,
                        starts_at = $6, ends_at = $7, updated_at = $8,
                        sequence = sequence + $9
                  WHERE id = $1",
            )
            .bind(stream.id)
            .bind(&plan.title)
            .bind(&plan.description)
            .bind(&plan.language)
            .bind(&plan.zone)
            .bind(plan.starts_at)
            .bind(plan.ends_at)
            .bind(now.seconds())
            .bind(i64::from(moved))
            .execute(&mut *tx)
            .await?;
            if moved {
                notify_followers(&mut tx, stream.id, Notify::Rescheduled, site, now).await?;
            }
            (stream.id, stream.slug.clone())
        }
        None => {
            let slug = free_slug(&mut tx, Slugged::Streams, &plan.title, "stream").await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO streams (slug, booth_id, title, description, language, starts_at,
                        ends_at, time_zone, state, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scheduled', $9, $9) RETURNING id",
            )
            .bind(&slug)
            .bind(booth_id)
            .bind(&plan.title)
            .bind(&plan.description)
            .bind(&plan.language)
            .bind(plan.starts_at)
            .bind(plan.ends_at)
            .bind(&plan.zone)
            .bind(now.seconds())
            .fetch_one(&mut *tx)
            .await?;
            (id, slug)
        }
    };
    for (table, column, chosen) in [
        ("stream_hosts", "host_id", &plan.hosts),
        ("stream_products", "product_id", &plan.products),
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE stream_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (position, chosen_id) in chosen.iter().enumerate() {
            let sql = if table == "stream_products" {
                format!("INSERT INTO {table} (stream_id, {column}, position) VALUES ($1, $2, $3)")
            } else {
                format!("INSERT INTO {table} (stream_id, {column}) VALUES ($1, $2)")
            };
            let mut query = sqlx::query(&sql).bind(id).bind(*chosen_id);
            if table == "stream_products" {
                query = query.bind(position as i64);
            }
            query.execute(&mut *tx).await?;
        }
    }
    sqlx::query("DELETE FROM stream_translations WHERE stream_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (locale, title, description) in &plan.translations {
        sqlx::query(
            "INSERT INTO stream_translations (stream_id, locale, title, description)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(locale.code())
        .bind(title)
        .bind(description)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(slug)
}

/// Cancels a scheduled stream: it keeps its address and calendar UID, its sequence rises,
/// followers are told.
pub async fn cancel_stream(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let (_, booth_id, _) = member(actor)?;
    let mut tx = db.begin().await?;
    let stream = own_stream(&mut tx, booth_id, slug).await?;
    if stream.state() != StreamState::Scheduled {
        return Err(AppError::conflict("form", "not_scheduled"));
    }
    sqlx::query(
        "UPDATE streams SET state = 'cancelled', sequence = sequence + 1, updated_at = $2
          WHERE id = $1",
    )
    .bind(stream.id)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    notify_followers(&mut tx, stream.id, Notify::Cancelled, site, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a new secret stream key (the old one stops working) and returns it: the only time
/// it is ever shown. Only its SHA-256 is kept.
pub async fn rotate_key(db: &Db, actor: Option<&User>, slug: &str) -> AppResult<String> {
    let (_, booth_id, _) = member(actor)?;
    let mut conn = db.acquire().await?;
    let stream = own_stream(&mut conn, booth_id, slug).await?;
    if matches!(stream.state(), StreamState::Cancelled | StreamState::Replay) {
        return Err(AppError::conflict("form", "not_scheduled"));
    }
    let key = new_token();
    sqlx::query("UPDATE streams SET key_hash = $2 WHERE id = $1")
        .bind(stream.id)
        .bind(token_hash(&key))
        .execute(&mut *conn)
        .await?;
    Ok(key)
}

/// A curator of the stream's hall (or an admin) holds or releases a main-stage slot for it;
/// two main-stage streams never overlap.
pub async fn set_main_stage(db: &Db, actor: Option<&User>, slug: &str, on: bool) -> AppResult<()> {
    require_curator(actor)?;
    let row: Option<(i64, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT s.id, s.starts_at, s.ends_at, b.hall_id, s.state FROM streams s
           JOIN booths b ON b.id = s.booth_id WHERE s.slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?;
    let (id, starts_at, ends_at, hall_id, state) = row.ok_or(AppError::NotFound)?;
    // Another council's stream is out of reach, as its booth is.
    require_curator_of(db, actor, hall_id).await?;
    let mut tx = db.begin().await?;
    if on {
        if state != "scheduled" {
            return Err(AppError::conflict("form", "not_scheduled"));
        }
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM streams WHERE main_stage = 1 AND id <> $1 AND state <> 'cancelled'
                AND starts_at < $3 AND ends_at > $2 LIMIT 1",
        )
        .bind(id)
        .bind(starts_at)
        .bind(ends_at)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(AppError::conflict("form", "main_stage_taken"));
        }
    }
    sqlx::query("UPDATE streams SET main_stage = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(on))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
