//! Reads of streams and their hosts.

use crate::agenda::model::{Host, StreamCard, StreamState};
use crate::core::Instant;
use crate::db::Db;
use crate::i18n::Locale;
use sqlx::FromRow;

#[derive(FromRow)]
struct StreamRow {
    id: i64,
    slug: String,
    title: String,
    description: String,
    booth_slug: String,
    booth_name: String,
    hall_colour: String,
    starts_at: i64,
    ends_at: i64,
    time_zone: String,
    language: String,
    state: String,
    replay_src: Option<String>,
    untranslated: i64,
}

const STREAM_SELECT: &str = "
    SELECT s.id, s.slug, COALESCE(t.title, s.title) AS title, COALESCE(t.description, s.description) AS description,
           b.slug AS booth_slug, b.name AS booth_name, h.colour AS hall_colour,
           s.starts_at, s.ends_at, s.time_zone, s.language, s.state, s.replay_src,
           CAST(CASE WHEN t.title IS NULL OR t.description IS NULL THEN 1 ELSE 0 END AS BIGINT) AS untranslated
    FROM streams s
    JOIN booths b ON b.id = s.booth_id
    JOIN halls h ON h.id = b.hall_id
    LEFT JOIN stream_translations t ON t.stream_id = s.id AND t.locale = $1
    WHERE b.status = 'published'";

/// Which streams to list.
pub enum Streams {
    Live,
    /// Scheduled streams that have not started, soonest first.
    Upcoming {
        now: Instant,
        limit: i64,
    },
    /// Ended streams with a replay, latest first.
    Replays {
        limit: i64,
    },
    OfBooth(i64),
    InHall(i64),
    /// Streams a creator hosts (through a host profile that is theirs), latest first.
    OfCreator(i64),
}

/// A stream with the fields only its own page shows.
pub struct StreamFull {
    pub id: i64,
    pub card: StreamCard,
    pub description: String,
    pub replay_src: Option<String>,
    pub untranslated: bool,
}

pub async fn streams(
    db: &Db,
    locale: Locale,
    which: Streams,
) -> Result<Vec<StreamFull>, sqlx::Error> {
    let code = locale.code();
    let rows: Vec<StreamRow> = match which {
        Streams::Live => {
            let sql = format!("{STREAM_SELECT} AND s.state = 'live' ORDER BY s.starts_at");
            sqlx::query_as(&sql).bind(code).fetch_all(db).await?
        }
        Streams::Upcoming { now, limit } => {
            let sql = format!(
                "{STREAM_SELECT} AND s.state = 'scheduled' AND s.ends_at > $2 ORDER BY s.starts_at LIMIT $3"
            );
            sqlx::query_as(&sql)
                .bind(code)
                .bind(now.seconds())
                .bind(limit)
                .fetch_all(db)
                .await?
        }
        Streams::Replays { limit } => {
            let sql = format!(
                "{STREAM_SELECT} AND s.state = 'replay' ORDER BY s.starts_at DESC LIMIT $2"
            );
            sqlx::query_as(&sql)
                .bind(code)
                .bind(limit)
                .fetch_all(db)
                .await?
        }
        Streams::OfBooth(booth_id) => {
            let sql = format!(
                "{STREAM_SELECT} AND s.booth_id = $2 AND s.state <> 'cancelled' ORDER BY s.starts_at DESC"
            );
            sqlx::query_as(&sql)
                .bind(code)
                .bind(booth_id)
                .fetch_all(db)
                .await?
        }
        Streams::OfCreator(creator_id) => {
            let sql = format!(
                "{STREAM_SELECT} AND s.state <> 'cancelled' AND s.id IN (
                    SELECT sh.stream_id FROM stream_hosts sh JOIN hosts ho ON ho.id = sh.host_id
                     WHERE ho.creator_id = $2)
                 ORDER BY s.starts_at DESC"
            );
            sqlx::query_as(&sql)
                .bind(code)
                .bind(creator_id)
                .fetch_all(db)
                .await?
        }
        Streams::InHall(hall_id) => {
            let sql = format!(
                "{STREAM_SELECT} AND b.hall_id = $2 AND s.state IN ('live', 'scheduled') ORDER BY s.starts_at"
            );
            sqlx::query_as(&sql)
                .bind(code)
                .bind(hall_id)
                .fetch_all(db)
                .await?
        }
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let hosts = host_names(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_full(&hosts, locale))
        .collect())
}

impl StreamRow {
    /// The stream with its host names (picked from `hosts`, pairs of stream id and name).
    fn into_full(self, hosts: &[(i64, String)], locale: Locale) -> StreamFull {
        StreamFull {
            id: self.id,
            card: StreamCard {
                hosts: hosts
                    .iter()
                    .filter(|(s, _)| *s == self.id)
                    .map(|(_, n)| n.clone())
                    .collect(),
                event_time: crate::i18n::format::date_time(
                    locale,
                    Instant(self.starts_at),
                    &self.time_zone,
                ),
                slug: self.slug,
                title: self.title,
                booth_slug: self.booth_slug,
                booth_name: self.booth_name,
                hall_colour: self.hall_colour,
                starts_at: Instant(self.starts_at),
                ends_at: Instant(self.ends_at),
                time_zone: self.time_zone,
                language: self.language,
                state: StreamState::parse(&self.state).unwrap_or(StreamState::Scheduled),
            },
            description: self.description,
            replay_src: self.replay_src,
            untranslated: self.untranslated == 1 && locale != Locale::En,
        }
    }
}

pub async fn stream(
    db: &Db,
    locale: Locale,
    slug: &str,
) -> Result<Option<StreamFull>, sqlx::Error> {
    let sql = format!("{STREAM_SELECT} AND s.slug = $2");
    let row: Option<StreamRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .bind(slug)
        .fetch_optional(db)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let hosts = host_names(db, &[r.id]).await?;
    Ok(Some(r.into_full(&hosts, locale)))
}

async fn host_names(db: &Db, stream_ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if stream_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT sh.stream_id, h.name FROM stream_hosts sh JOIN hosts h ON h.id = sh.host_id
         WHERE sh.stream_id IN ({}) ORDER BY sh.stream_id, h.name",
        crate::db::placeholders(1, stream_ids.len())
    );
    let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
    for id in stream_ids {
        query = query.bind(*id);
    }
    query.fetch_all(db).await
}

pub async fn hosts_of(db: &Db, stream_id: i64) -> Result<Vec<Host>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT h.name, h.title, h.languages FROM stream_hosts sh JOIN hosts h ON h.id = sh.host_id
         WHERE sh.stream_id = $1 ORDER BY h.name",
    )
    .bind(stream_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, title, languages)| Host {
            name,
            title,
            languages,
        })
        .collect())
}

/// The agenda's filters, as asked (empty means any).
#[derive(Clone, Debug, Default)]
pub struct AgendaFilter {
    pub hall: String,
    pub language: String,
    pub category: String,
}

/// Streams from the start of yesterday (in the viewer's zone) onwards, by day in the viewer's
/// zone, each with its start in the event's zone and the viewer's.
pub async fn agenda(
    db: &Db,
    locale: Locale,
    filter: &AgendaFilter,
    zone: &str,
    now: Instant,
) -> Result<Vec<crate::agenda::model::AgendaDay>, sqlx::Error> {
    use crate::agenda::model::{AgendaDay, AgendaItem};
    use crate::core::local_day;
    let sql = format!(
        "{STREAM_SELECT} AND s.ends_at > $2
            AND ($3 = '' OR h.slug = $3)
            AND ($4 = '' OR s.language = $4)
            AND ($5 = '' OR EXISTS (SELECT 1 FROM stream_products sp JOIN products p ON p.id = sp.product_id
                                     WHERE sp.stream_id = s.id AND p.category = $5))
          ORDER BY s.starts_at, s.id LIMIT 300"
    );
    let rows: Vec<StreamRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .bind(now.seconds() - 24 * 3600)
        .bind(&filter.hall)
        .bind(&filter.language)
        .bind(&filter.category)
        .fetch_all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let hosts = host_names(db, &ids).await?;
    let extra: Vec<(i64, String, i64)> = if ids.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT s.id, COALESCE(ht.name, h.name), s.main_stage FROM streams s
               JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
               LEFT JOIN hall_translations ht ON ht.hall_id = h.id AND ht.locale = $1
              WHERE s.id IN ({})",
            crate::db::placeholders(2, ids.len())
        );
        let mut query = sqlx::query_as(&sql).bind(locale.code());
        for id in &ids {
            query = query.bind(*id);
        }
        query.fetch_all(db).await?
    };
    let mut days: Vec<AgendaDay> = Vec::new();
    for row in rows {
        let full = row.into_full(&hosts, locale);
        let card = full.card;
        let (hall_name, main_stage) = extra
            .iter()
            .find(|(id, ..)| *id == full.id)
            .map(|(_, name, main)| (name.clone(), *main == 1))
            .unwrap_or_default();
        let day = local_day(card.starts_at, zone);
        let item = AgendaItem {
            viewer_time: crate::i18n::format::date_time(locale, card.starts_at, zone),
            day_shift: day - local_day(card.starts_at, &card.time_zone),
            hall_name,
            main_stage,
            card,
        };
        let key = crate::core::local_input(item.card.starts_at, zone)[..10].to_owned();
        match days.last_mut() {
            Some(last) if last.key == key => last.items.push(item),
            _ => days.push(AgendaDay {
                heading: crate::i18n::format::day(locale, item.card.starts_at, zone),
                key,
                items: vec![item],
            }),
        }
    }
    Ok(days)
}

/// The filters' choices: halls, stream languages and product categories in use.
pub async fn agenda_options(
    db: &Db,
    locale: Locale,
) -> Result<
    (
        Vec<crate::agenda::model::FilterOption>,
        Vec<String>,
        Vec<String>,
    ),
    sqlx::Error,
> {
    let halls: Vec<(String, String)> = sqlx::query_as(
        "SELECT h.slug, COALESCE(t.name, h.name) FROM halls h
           LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $1 ORDER BY h.position, h.id",
    )
    .bind(locale.code())
    .fetch_all(db)
    .await?;
    let languages: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT language FROM streams ORDER BY language")
            .fetch_all(db)
            .await?;
    let categories: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT p.category FROM stream_products sp JOIN products p ON p.id = sp.product_id
          ORDER BY p.category",
    )
    .fetch_all(db)
    .await?;
    Ok((
        halls
            .into_iter()
            .map(|(value, label)| crate::agenda::model::FilterOption { value, label })
            .collect(),
        languages,
        categories,
    ))
}

/// A stream's calendar facts.
#[derive(FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub state: String,
    /// Raised by every reschedule or cancel.
    pub sequence: i64,
    pub updated_at: i64,
    pub booth: String,
}

const CALENDAR_SELECT: &str = "SELECT s.id, s.slug, s.title, s.description, s.starts_at, s.ends_at,
        s.state, s.sequence, s.updated_at, b.name AS booth
   FROM streams s JOIN booths b ON b.id = s.booth_id WHERE b.status = 'published'";

/// Calendar rows: one stream (`slug`), the whole agenda (`None`), or a follower's streams.
pub async fn calendar_rows(
    db: &Db,
    slug: Option<&str>,
    follower: Option<i64>,
    now: Instant,
) -> Result<Vec<CalendarRow>, sqlx::Error> {
    match (slug, follower) {
        (Some(slug), _) => {
            sqlx::query_as(&format!("{CALENDAR_SELECT} AND s.slug = $1"))
                .bind(slug)
                .fetch_all(db)
                .await
        }
        (None, Some(user)) => {
            sqlx::query_as(&format!(
                "{CALENDAR_SELECT} AND s.id IN (SELECT stream_id FROM stream_follows WHERE user_id = $1)
                 ORDER BY s.starts_at"
            ))
            .bind(user)
            .fetch_all(db)
            .await
        }
        (None, None) => {
            sqlx::query_as(&format!(
                "{CALENDAR_SELECT} AND s.ends_at > $1 ORDER BY s.starts_at LIMIT 500"
            ))
            .bind(now.seconds() - 30 * 24 * 3600)
            .fetch_all(db)
            .await
        }
    }
}

pub async fn follows(db: &Db, user_id: i64, stream_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT stream_id FROM stream_follows WHERE user_id = $1 AND stream_id = $2",
    )
    .bind(user_id)
    .bind(stream_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Makes the user a new private calendar feed address (the old one stops working) and
/// returns it; `site` is the public origin.
pub async fn new_calendar_feed(db: &Db, user_id: i64, site: &str) -> Result<String, sqlx::Error> {
    let token = crate::core::secrets::new_token();
    sqlx::query("UPDATE users SET calendar_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(crate::core::secrets::token_hash(&token))
        .execute(db)
        .await?;
    Ok(format!("{site}/calendar/{token}.ics"))
}

/// Whose private calendar feed a token opens (suspended people's feeds are closed).
pub async fn calendar_owner(db: &Db, token: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE calendar_hash = $1 AND suspended_at IS NULL")
        .bind(crate::core::secrets::token_hash(token))
        .fetch_optional(db)
        .await
}
