//! Creators and agencies in the store (ssr only): the directory and its filters, a creator's
//! page with the record computed from the streams they hosted, an agency's roster, the
//! creator's own profile, follows, and the councils' listings. Every change checks the
//! caller's role first.

use super::model::{
    AgencyPage, AgencyRef, Audience, Choice, CreatorCard, CreatorPage, CuratorView, Directory,
    LANGUAGES, LIST_MAX, Listing, PLATFORMS, ProfileForm, Record,
};
use crate::accounts::roles::{require_curator, signed_in};
use crate::accounts::store::User;
use crate::agenda::model::StreamState;
use crate::agenda::store::{self as agenda, Streams};
use crate::core::{Instant, Money};
use crate::db::{Db, Slugged, free_slug};
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::{Locale, format};
use std::collections::HashMap;

/// What the directory is narrowed to (each `None` or `false` for all).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub market: Option<String>,
    pub language: Option<String>,
    /// A hall's slug.
    pub category: Option<String>,
    pub vetted_only: bool,
    pub available_only: bool,
}

#[derive(sqlx::FromRow)]
struct CreatorRow {
    id: i64,
    slug: String,
    name: String,
    headline: String,
    colour: String,
    available: i64,
    agency_id: Option<i64>,
    agency_slug: Option<String>,
    agency_name: Option<String>,
    fee_inr_minor: Option<i64>,
    commission_bps: Option<i64>,
    user_id: Option<i64>,
}

const CREATOR_SELECT: &str = "
    SELECT c.id, c.slug, c.name, c.headline, c.colour, c.available, c.agency_id,
           a.slug AS agency_slug, a.name AS agency_name, c.fee_inr_minor, c.commission_bps, c.user_id
      FROM creators c LEFT JOIN agencies a ON a.id = c.agency_id";

/// The record of every creator who has one, by creator id.
async fn records(db: &Db, locale: Locale) -> Result<HashMap<i64, Record>, sqlx::Error> {
    let mut records: HashMap<i64, Record> = HashMap::new();
    let streams: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT h.creator_id, COUNT(DISTINCT sh.stream_id)
           FROM stream_hosts sh JOIN hosts h ON h.id = sh.host_id JOIN streams s ON s.id = sh.stream_id
           JOIN booths b ON b.id = s.booth_id
          WHERE h.creator_id IS NOT NULL AND s.state IN ('live', 'ended', 'replay')
            AND b.status = 'published'
          GROUP BY h.creator_id",
    )
    .fetch_all(db)
    .await?;
    for (creator, n) in streams {
        records.entry(creator).or_default().streams = n;
    }
    let viewers: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT h.creator_id, COUNT(DISTINCT v.viewer)
           FROM viewer_sessions v JOIN stream_hosts sh ON sh.stream_id = v.stream_id
           JOIN hosts h ON h.id = sh.host_id JOIN streams s ON s.id = v.stream_id
           JOIN booths b ON b.id = s.booth_id
          WHERE h.creator_id IS NOT NULL AND s.state <> 'cancelled' AND b.status = 'published'
          GROUP BY h.creator_id",
    )
    .fetch_all(db)
    .await?;
    for (creator, n) in viewers {
        records.entry(creator).or_default().viewers = n;
    }
    let sales: Vec<(i64, i64, i64)> = sqlx::query_as(
        // The creator an order credits (its last touch: their link, or a stream they
        // hosted); orders written before creators were credited name only the host.
        "SELECT COALESCE(o.creator_id, h.creator_id), COUNT(*),
                CAST(COALESCE(SUM(o.total_inr_minor), 0) AS BIGINT)
           FROM orders o LEFT JOIN hosts h ON h.id = o.host_id JOIN booths b ON b.id = o.booth_id
          WHERE COALESCE(o.creator_id, h.creator_id) IS NOT NULL
            AND o.state IN ('paid', 'shipped', 'delivered') AND b.status = 'published'
          GROUP BY COALESCE(o.creator_id, h.creator_id)",
    )
    .fetch_all(db)
    .await?;
    for (creator, orders, minor) in sales {
        let record = records.entry(creator).or_default();
        record.orders = orders;
        record.sales_inr_minor = minor;
    }
    for record in records.values_mut() {
        record.sales = format::money(locale, Money::inr(record.sales_inr_minor));
    }
    Ok(records)
}

/// `(creator or agency id, council short name, council name, curator's name, vetted at)` of
/// standing listings, for creators (`agency` false) or agencies.
async fn listings(
    db: &Db,
    agency: bool,
) -> Result<Vec<(i64, String, String, String, String, i64)>, sqlx::Error> {
    let column = if agency { "agency_id" } else { "creator_id" };
    sqlx::query_as(&format!(
        "SELECT v.{column}, k.slug, k.short_name, k.name, v.vetted_name, v.vetted_at
           FROM vettings v JOIN councils k ON k.id = v.council_id
          WHERE v.{column} IS NOT NULL AND v.withdrawn_at IS NULL
          ORDER BY v.vetted_at, v.id"
    ))
    .fetch_all(db)
    .await
}

/// `(creator id, code)` pairs of a creator list table, in the creator's order.
async fn codes(
    db: &Db,
    table: &'static str,
    column: &'static str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT creator_id, {column} FROM {table} ORDER BY creator_id, position"
    ))
    .fetch_all(db)
    .await
}

/// Cards for `rows`, in the reader's words, each with its record and listings.
async fn cards(db: &Db, locale: Locale, rows: Vec<CreatorRow>) -> AppResult<Vec<CreatorCard>> {
    let records = records(db, locale).await?;
    let listed = listings(db, false).await?;
    let markets = codes(db, "creator_markets", "country").await?;
    let languages = codes(db, "creator_languages", "language").await?;
    let of = |pairs: &[(i64, String)], id: i64, name: fn(Locale, &str) -> String| {
        pairs
            .iter()
            .filter(|(c, _)| *c == id)
            .map(|(_, code)| name(locale, code))
            .collect::<Vec<_>>()
    };
    Ok(rows
        .into_iter()
        .map(|r| CreatorCard {
            markets: of(&markets, r.id, format::country),
            languages: of(&languages, r.id, format::language),
            listed_by: listed
                .iter()
                .filter(|l| l.0 == r.id)
                .map(|l| l.2.clone())
                .collect(),
            record: records.get(&r.id).cloned().unwrap_or_else(|| Record {
                sales: format::money(locale, Money::inr(0)),
                ..Record::default()
            }),
            agency: r.agency_name,
            available: r.available == 1,
            slug: r.slug,
            name: r.name,
            headline: r.headline,
            colour: r.colour,
        })
        .collect())
}

/// The best record first: sales, then orders, viewers and streams; then by name.
fn by_record(cards: &mut [CreatorCard]) {
    cards.sort_by(|a, b| {
        let key = |c: &CreatorCard| {
            (
                c.record.sales_inr_minor,
                c.record.orders,
                c.record.viewers,
                c.record.streams,
            )
        };
        key(b).cmp(&key(a)).then_with(|| a.name.cmp(&b.name))
    });
}

/// The market and language codes creators list, and the halls, as filter choices.
async fn choices(
    db: &Db,
    locale: Locale,
    table: &'static str,
    column: &'static str,
    chosen: Option<&str>,
    name: fn(Locale, &str) -> String,
) -> Result<Vec<Choice>, sqlx::Error> {
    let mut used: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT DISTINCT {column} FROM {table} ORDER BY {column}"
    ))
    .fetch_all(db)
    .await?;
    // A code nobody lists stays chosen, so the form says what the empty list is for.
    if let Some(chosen) = chosen.filter(|c| !used.iter().any(|u| u == c)) {
        used.push(chosen.to_owned());
    }
    let mut choices: Vec<Choice> = used
        .into_iter()
        .map(|code| Choice {
            label: name(locale, &code),
            chosen: chosen == Some(code.as_str()),
            value: code,
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(choices)
}

async fn hall_choices(db: &Db, locale: Locale, chosen: &[String]) -> AppResult<Vec<Choice>> {
    Ok(crate::pavilion::store::halls(db, locale)
        .await?
        .into_iter()
        .map(|h| Choice {
            chosen: chosen.contains(&h.slug),
            value: h.slug,
            label: h.name,
        })
        .collect())
}

/// `/{locale}/creators`: every creator the filter lets through, best record first. A filter
/// value nobody lists finds nobody; one that is not a code at all is a 400.
pub async fn directory(db: &Db, locale: Locale, filter: Filter) -> AppResult<Directory> {
    let code_ok = |v: &Option<String>, len: usize| {
        v.as_deref()
            .is_none_or(|c| c.len() == len && c.bytes().all(|b| b.is_ascii_alphabetic()))
    };
    if !code_ok(&filter.market, 2) {
        return Err(AppError::bad_request("market", "choice"));
    }
    if !code_ok(&filter.language, 2) {
        return Err(AppError::bad_request("language", "choice"));
    }
    let mut sql = format!("{CREATOR_SELECT} WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if let Some(market) = &filter.market {
        binds.push(market.to_uppercase());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM creator_markets m WHERE m.creator_id = c.id AND m.country = ${})",
            binds.len()
        ));
    }
    if let Some(language) = &filter.language {
        binds.push(language.to_lowercase());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM creator_languages l WHERE l.creator_id = c.id AND l.language = ${})",
            binds.len()
        ));
    }
    if let Some(category) = &filter.category {
        binds.push(category.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM creator_categories k JOIN halls h ON h.id = k.hall_id
                          WHERE k.creator_id = c.id AND h.slug = ${})",
            binds.len()
        ));
    }
    if filter.vetted_only {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM vettings v WHERE v.creator_id = c.id AND v.withdrawn_at IS NULL)",
        );
    }
    if filter.available_only {
        sql.push_str(" AND c.available = 1");
    }
    let mut query = sqlx::query_as::<_, CreatorRow>(&sql);
    for bind in &binds {
        query = query.bind(bind);
    }
    let rows = query.fetch_all(db).await?;
    let mut creators = cards(db, locale, rows).await?;
    by_record(&mut creators);
    let market = filter.market.as_ref().map(|m| m.to_uppercase());
    let language = filter.language.as_ref().map(|l| l.to_lowercase());
    Ok(Directory {
        markets: choices(
            db,
            locale,
            "creator_markets",
            "country",
            market.as_deref(),
            format::country,
        )
        .await?,
        languages: choices(
            db,
            locale,
            "creator_languages",
            "language",
            language.as_deref(),
            format::language,
        )
        .await?,
        categories: hall_choices(db, locale, filter.category.as_slice()).await?,
        filtered: filter.market.is_some()
            || filter.language.is_some()
            || filter.category.is_some()
            || filter.vetted_only
            || filter.available_only,
        vetted_only: filter.vetted_only,
        available_only: filter.available_only,
        creators,
    })
}

async fn creator_row(db: &Db, slug: &str) -> AppResult<CreatorRow> {
    sqlx::query_as(&format!("{CREATOR_SELECT} WHERE c.slug = $1"))
        .bind(slug)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A council's standing listings, in the reader's words.
fn listing_views(
    locale: Locale,
    all: &[(i64, String, String, String, String, i64)],
    id: i64,
) -> Vec<Listing> {
    all.iter()
        .filter(|l| l.0 == id)
        .map(|l| Listing {
            council_slug: l.1.clone(),
            council: l.3.clone(),
            by: l.4.clone(),
            on: format::date(locale, Instant(l.5), "UTC"),
        })
        .collect()
}

/// What a curator sees of their own council's listing of this creator or agency.
async fn curator_view(
    db: &Db,
    viewer: Option<&User>,
    all: &[(i64, String, String, String, String, i64)],
    id: i64,
) -> AppResult<Option<CuratorView>> {
    let Some(council) = viewer.and_then(|u| u.council_id) else {
        return Ok(None);
    };
    let (slug, name): (String, String) =
        sqlx::query_as("SELECT slug, name FROM councils WHERE id = $1")
            .bind(council)
            .fetch_one(db)
            .await?;
    Ok(Some(CuratorView {
        listed: all.iter().any(|l| l.0 == id && l.1 == slug),
        council: name,
    }))
}

/// `/{locale}/creators/{creator}`.
pub async fn creator_page(
    db: &Db,
    locale: Locale,
    slug: &str,
    viewer: Option<&User>,
    now: Instant,
) -> AppResult<CreatorPage> {
    let row = creator_row(db, slug).await?;
    let id = row.id;
    let own = viewer.is_some() && row.user_id == viewer.map(|u| u.id);
    let (fee, commission) = (row.fee_inr_minor, row.commission_bps);
    let agency = match (row.agency_id, &row.agency_slug, &row.agency_name) {
        (Some(agency), Some(slug), Some(name)) => Some(AgencyRef {
            slug: slug.clone(),
            name: name.clone(),
            listed: listings(db, true).await?.iter().any(|l| l.0 == agency),
        }),
        _ => None,
    };
    let mut card = cards(db, locale, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    card.record.answer_time = answer_time(db, id)
        .await?
        .map(|s| crate::insights::views::duration(locale, s));
    let bios: Vec<(String, String)> = sqlx::query_as(
        "SELECT locale, bio FROM creator_bios WHERE creator_id = $1 ORDER BY locale",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let in_locale = bios.iter().find(|(l, _)| l == locale.code());
    let chosen = in_locale
        .or_else(|| bios.iter().find(|(l, _)| l == "en"))
        .or_else(|| bios.first());
    let categories: Vec<(String, String)> = {
        let slugs: Vec<String> = sqlx::query_scalar(
            "SELECT h.slug FROM creator_categories k JOIN halls h ON h.id = k.hall_id
              WHERE k.creator_id = $1",
        )
        .bind(id)
        .fetch_all(db)
        .await?;
        crate::pavilion::store::halls(db, locale)
            .await?
            .into_iter()
            .filter(|h| slugs.contains(&h.slug))
            .map(|h| (h.slug, h.name))
            .collect()
    };
    let audiences: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT platform, handle, followers FROM creator_audiences WHERE creator_id = $1
          ORDER BY followers DESC, platform",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let followers_here: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM creator_follows WHERE creator_id = $1")
            .bind(id)
            .fetch_one(db)
            .await?;
    let following = match viewer {
        Some(user) => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM creator_follows WHERE creator_id = $1 AND user_id = $2",
            )
            .bind(id)
            .bind(user.id)
            .fetch_one(db)
            .await?
                > 0
        }
        None => false,
    };
    let all = listings(db, false).await?;
    let streams = agenda::streams(db, locale, Streams::OfCreator(id)).await?;
    let (mut upcoming, mut replays) = (Vec::new(), Vec::new());
    for stream in streams {
        match stream.card.state {
            StreamState::Live => upcoming.push(stream.card),
            StreamState::Scheduled if stream.card.ends_at > now => upcoming.push(stream.card),
            StreamState::Replay => replays.push(stream.card),
            _ => {}
        }
    }
    upcoming.reverse();
    replays.truncate(6);
    Ok(CreatorPage {
        now,
        bio: chosen.map(|(_, b)| b.clone()).unwrap_or_default(),
        bio_fallback: chosen.is_some() && in_locale.is_none(),
        categories,
        audiences: audiences
            .into_iter()
            .map(|(platform, handle, followers)| Audience {
                platform,
                handle,
                followers: format::number(locale, followers),
            })
            .collect(),
        followers_here,
        fee: fee.map(|minor| format::money(locale, Money::inr(minor))),
        commission: commission.map(|bps| percent(locale, bps)),
        agency,
        listings: listing_views(locale, &all, id),
        // Nobody vets themselves: no listing form on one's own page.
        curator: if own {
            None
        } else {
            curator_view(db, viewer, &all, id).await?
        },
        upcoming,
        replays,
        following,
        signed_in: viewer.is_some(),
        exhibitor: viewer.is_some_and(|u| u.booth.is_some()) && !own,
        own,
        card,
    })
}

/// "7.5 %" in the reader's words.
pub(crate) fn percent(locale: Locale, bps: i64) -> String {
    let ui = locale.ui();
    crate::i18n::tr!(
        ui,
        creators_percent,
        value = format::basis_points(locale, bps)
    )
}

/// Mean seconds from a question to its answer over the creator's streams.
async fn answer_time(db: &Db, creator: i64) -> Result<Option<i64>, sqlx::Error> {
    let streams: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT sh.stream_id FROM stream_hosts sh JOIN hosts h ON h.id = sh.host_id
           JOIN streams s ON s.id = sh.stream_id JOIN booths b ON b.id = s.booth_id
          WHERE h.creator_id = $1 AND s.state <> 'cancelled' AND b.status = 'published'",
    )
    .bind(creator)
    .fetch_all(db)
    .await?;
    let mut times = Vec::new();
    for stream in streams {
        times.extend(
            crate::insights::report::answer_times(db, stream)
                .await?
                .into_values(),
        );
    }
    Ok((!times.is_empty()).then(|| times.iter().sum::<i64>() / times.len() as i64))
}

/// `/{locale}/agencies/{agency}`: the agency, its listings and its roster.
pub async fn agency_page(
    db: &Db,
    locale: Locale,
    slug: &str,
    viewer: Option<&User>,
) -> AppResult<AgencyPage> {
    let (id, name, city, country, about): (i64, String, String, String, String) =
        sqlx::query_as("SELECT id, name, city, country, about FROM agencies WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db)
            .await?
            .ok_or(AppError::NotFound)?;
    let rows: Vec<CreatorRow> = sqlx::query_as(&format!("{CREATOR_SELECT} WHERE c.agency_id = $1"))
        .bind(id)
        .fetch_all(db)
        .await?;
    let mut roster = cards(db, locale, rows).await?;
    by_record(&mut roster);
    let all = listings(db, true).await?;
    Ok(AgencyPage {
        slug: slug.to_owned(),
        place: format!("{city}, {}", format::country(locale, &country)),
        name,
        about,
        listings: listing_views(locale, &all, id),
        curator: curator_view(db, viewer, &all, id).await?,
        roster,
    })
}

/// Whose listing is changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Creator,
    Agency,
}

impl Subject {
    fn table(self) -> &'static str {
        match self {
            Self::Creator => "creators",
            Self::Agency => "agencies",
        }
    }

    /// The person the subject is, if any (an agency is nobody's own profile).
    fn owner(self) -> &'static str {
        match self {
            Self::Creator => "user_id",
            Self::Agency => "CAST(NULL AS BIGINT)",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Self::Creator => "creator_id",
            Self::Agency => "agency_id",
        }
    }
}

/// A curator lists a creator or an agency for their council (`list`), or withdraws their
/// council's listing. Listing twice, or withdrawing what is not listed, is a 409.
pub async fn set_listing(
    db: &Db,
    actor: Option<&User>,
    subject: Subject,
    slug: &str,
    list: bool,
    now: Instant,
) -> AppResult<()> {
    let user = require_curator(actor)?;
    let council = user.council_id.ok_or(AppError::Forbidden)?;
    let mut tx = db.begin().await?;
    let (id, owner): (i64, Option<i64>) = sqlx::query_as(&format!(
        "SELECT id, {} FROM {} WHERE slug = $1",
        subject.owner(),
        subject.table()
    ))
    .bind(slug)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    // Nobody vets themselves.
    if owner == Some(user.id) {
        return Err(AppError::Forbidden);
    }
    let column = subject.column();
    let standing: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM vettings WHERE {column} = $1 AND council_id = $2 AND withdrawn_at IS NULL"
    ))
    .bind(id)
    .bind(council)
    .fetch_optional(&mut *tx)
    .await?;
    match (list, standing) {
        (true, Some(_)) => return Err(AppError::conflict("listing", "already_listed")),
        (false, None) => return Err(AppError::conflict("listing", "not_listed")),
        (true, None) => {
            sqlx::query(&format!(
                "INSERT INTO vettings ({column}, council_id, vetted_by, vetted_name, vetted_at)
                 VALUES ($1, $2, $3, $4, $5)"
            ))
            .bind(id)
            .bind(council)
            .bind(user.id)
            .bind(&user.display_name)
            .bind(now.seconds())
            .execute(&mut *tx)
            .await?;
        }
        (false, Some(vetting)) => {
            sqlx::query("UPDATE vettings SET withdrawn_by = $2, withdrawn_at = $3 WHERE id = $1")
                .bind(vetting)
                .bind(user.id)
                .bind(now.seconds())
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The signed-in caller follows a creator (`on`), or stops.
pub async fn follow(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    on: bool,
    now: Instant,
) -> AppResult<()> {
    let user = signed_in(actor)?;
    let id = creator_row(db, slug).await?.id;
    if on {
        sqlx::query(
            "INSERT INTO creator_follows (user_id, creator_id, at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, creator_id) DO NOTHING",
        )
        .bind(user.id)
        .bind(id)
        .bind(now.seconds())
        .execute(db)
        .await?;
    } else {
        sqlx::query("DELETE FROM creator_follows WHERE user_id = $1 AND creator_id = $2")
            .bind(user.id)
            .bind(id)
            .execute(db)
            .await?;
    }
    Ok(())
}

/// The caller's own creator profile as a form (empty before they have one).
pub async fn profile_form(db: &Db, locale: Locale, actor: Option<&User>) -> AppResult<ProfileForm> {
    let user = signed_in(actor)?;
    let row: Option<CreatorRow> = sqlx::query_as(&format!("{CREATOR_SELECT} WHERE c.user_id = $1"))
        .bind(user.id)
        .fetch_optional(db)
        .await?;
    let id = row.as_ref().map(|r| r.id);
    let list = |table: &'static str, column: &'static str| async move {
        match id {
            Some(id) => {
                sqlx::query_scalar::<_, String>(&format!(
                    "SELECT {column} FROM {table} WHERE creator_id = $1 ORDER BY position"
                ))
                .bind(id)
                .fetch_all(db)
                .await
            }
            None => Ok(Vec::new()),
        }
    };
    let markets = list("creator_markets", "country").await?;
    let languages = list("creator_languages", "language").await?;
    let halls: Vec<String> = match id {
        Some(id) => {
            sqlx::query_scalar(
                "SELECT h.slug FROM creator_categories k JOIN halls h ON h.id = k.hall_id
                  WHERE k.creator_id = $1",
            )
            .bind(id)
            .fetch_all(db)
            .await?
        }
        None => Vec::new(),
    };
    let bios: Vec<(String, String)> = match id {
        Some(id) => {
            sqlx::query_as("SELECT locale, bio FROM creator_bios WHERE creator_id = $1")
                .bind(id)
                .fetch_all(db)
                .await?
        }
        None => Vec::new(),
    };
    let bio = |code: &str| {
        bios.iter()
            .find(|(l, _)| l == code)
            .map(|(_, b)| b.clone())
            .unwrap_or_default()
    };
    let audiences: Vec<(String, String, i64)> =
        match id {
            Some(id) => sqlx::query_as(
                "SELECT platform, handle, followers FROM creator_audiences WHERE creator_id = $1",
            )
            .bind(id)
            .fetch_all(db)
            .await?,
            None => Vec::new(),
        };
    let countries = crate::checkout::shipping::named_countries(db, locale).await?;
    Ok(ProfileForm {
        slug: row.as_ref().map(|r| r.slug.clone()),
        name: row
            .as_ref()
            .map_or_else(|| user.display_name.clone(), |r| r.name.clone()),
        headline: row.as_ref().map(|r| r.headline.clone()).unwrap_or_default(),
        bio_en: bio("en"),
        bio_local: if locale == Locale::En {
            String::new()
        } else {
            bio(locale.code())
        },
        markets: countries
            .into_iter()
            .map(|(code, label)| Choice {
                chosen: markets.contains(&code),
                value: code,
                label,
            })
            .collect(),
        languages: language_choices(locale, |code| languages.iter().any(|l| l == code)),
        categories: hall_choices(db, locale, &halls).await?,
        audiences: PLATFORMS
            .iter()
            .map(|platform| {
                let named = audiences.iter().find(|(p, _, _)| p == platform);
                (
                    (*platform).to_owned(),
                    named.map(|a| a.1.clone()).unwrap_or_default(),
                    named.map(|a| a.2.to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        fee: row
            .as_ref()
            .and_then(|r| r.fee_inr_minor)
            .map(|minor| Money::inr(minor).decimal())
            .unwrap_or_default(),
        commission: row
            .as_ref()
            .and_then(|r| r.commission_bps)
            .map(typed_percent)
            .unwrap_or_default(),
        available: row.as_ref().is_none_or(|r| r.available == 1),
        agency: row.and_then(|r| r.agency_name),
    })
}

/// The languages a creator may speak on stream, in the reader's words, as form choices.
pub(crate) fn language_choices(locale: Locale, chosen: impl Fn(&str) -> bool) -> Vec<Choice> {
    LANGUAGES
        .iter()
        .map(|code| Choice {
            value: (*code).to_owned(),
            label: format::language(locale, code),
            chosen: chosen(code),
        })
        .collect()
}

/// Every value posted under `name`, trimmed, without empties or repeats.
pub(crate) fn all<'a>(fields: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    let mut values: Vec<&str> = Vec::new();
    for (k, v) in fields {
        let v = v.trim();
        if k == name && !v.is_empty() && !values.contains(&v) {
            values.push(v);
        }
    }
    values
}

/// Basis points as a form keeps them: "7.5", "8" (what [`parse_percent`] reads back).
pub(crate) fn typed_percent(bps: i64) -> String {
    let text = format!("{}.{:02}", bps / 100, bps % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A commission typed in percent ("8", "7.5", "7.25") as basis points, 0–50 %.
pub fn parse_percent(raw: &str) -> Option<i64> {
    let raw = raw
        .trim()
        .trim_end_matches(['%', '٪'])
        .trim()
        .replace(',', ".");
    let raw = raw.as_str();
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 2 || !digits(whole) || !digits(fraction) {
        return None;
    }
    if fraction.len() > 2 || (raw.contains('.') && fraction.is_empty()) {
        return None;
    }
    let bps = whole.parse::<i64>().ok()? * 100 + format!("{fraction:0<2}").parse::<i64>().ok()?;
    (bps <= 5000).then_some(bps)
}

/// The checked profile, before anything is written.
struct Profile {
    name: String,
    headline: String,
    bios: Vec<(&'static str, String)>,
    markets: Vec<String>,
    languages: Vec<String>,
    halls: Vec<i64>,
    audiences: Vec<(&'static str, String, i64)>,
    fee: Option<i64>,
    commission: Option<i64>,
    available: bool,
}

async fn check_profile(db: &Db, locale: Locale, fields: &[(String, String)]) -> AppResult<Profile> {
    let mut checks = Checks::default();
    let name = checks.text("name", field(fields, "name"), 80);
    let headline = checks.text("headline", field(fields, "headline"), 120);
    let mut bios = vec![(
        "en",
        checks.paragraph("bio_en", field(fields, "bio_en"), 2000),
    )];
    if locale != Locale::En {
        let local = checks.optional_paragraph("bio_local", field(fields, "bio_local"), 2000);
        if !local.is_empty() {
            bios.push((locale.code(), local));
        }
    }
    let served: Vec<String> = crate::checkout::shipping::countries(db)
        .await?
        .into_iter()
        .collect();
    let mut list = |name: &str, allowed: &dyn Fn(&str) -> bool| -> Vec<String> {
        let values = all(fields, name);
        if values.is_empty() {
            checks.fail(name, "pick_one");
        } else if values.len() > LIST_MAX {
            checks.fail(name, "pick_fewer");
        } else if !values.iter().all(|v| allowed(v)) {
            checks.fail(name, "choice");
        }
        values.into_iter().map(str::to_owned).collect()
    };
    let markets = list("markets", &|v| served.iter().any(|c| c == v));
    let languages = list("languages", &|v| LANGUAGES.contains(&v));
    let halls_posted = list("categories", &|_| true);
    let halls: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM halls")
        .fetch_all(db)
        .await?;
    let hall_ids: Vec<i64> = halls
        .iter()
        .filter(|(_, slug)| halls_posted.contains(slug))
        .map(|(id, _)| *id)
        .collect();
    if hall_ids.len() != halls_posted.len() {
        checks.fail("categories", "choice");
    }
    let mut audiences = Vec::new();
    for platform in PLATFORMS {
        let handle_field = format!("{platform}_handle");
        let count_field = format!("{platform}_followers");
        let handle = field(fields, &handle_field).trim();
        let count = field(fields, &count_field).trim();
        if handle.is_empty() && count.is_empty() {
            continue;
        }
        let handle = checks.text(&handle_field, handle, 60);
        let followers = checks.number(&count_field, count, 0..=2_000_000_000);
        audiences.push((platform, handle, followers));
    }
    let fee = match field(fields, "fee").trim() {
        "" => None,
        raw => match Money::parse_inr(raw) {
            Some(money) if money.minor <= 100_000_000_000 => Some(money.minor),
            _ => {
                checks.fail("fee", "fee");
                None
            }
        },
    };
    let commission = match field(fields, "commission").trim() {
        "" => None,
        raw => {
            let bps = parse_percent(raw);
            if bps.is_none() {
                checks.fail("commission", "commission");
            }
            bps
        }
    };
    // Neither a fee nor a commission: a creator must say how they are paid.
    if field(fields, "fee").trim().is_empty() && field(fields, "commission").trim().is_empty() {
        checks.fail("fee", "rate_needed");
    }
    checks.finish()?;
    Ok(Profile {
        name,
        headline,
        bios,
        markets,
        languages,
        halls: hall_ids,
        audiences,
        fee,
        commission,
        available: field(fields, "available") == "1",
    })
}

/// Creates or updates the caller's creator profile; returns its slug. Everything is checked
/// before anything is written, and written in one transaction.
pub async fn save_profile(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<String> {
    let user = signed_in(actor)?;
    let profile = check_profile(db, locale, fields).await?;
    let mut tx = db.begin().await?;
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, slug FROM creators WHERE user_id = $1")
            .bind(user.id)
            .fetch_optional(&mut *tx)
            .await?;
    let (id, slug) = match existing {
        Some((id, slug)) => {
            sqlx::query(
                "UPDATE creators SET name = $2, headline = $3, fee_inr_minor = $4,
                        commission_bps = $5, available = $6, updated_at = $7 WHERE id = $1",
            )
            .bind(id)
            .bind(&profile.name)
            .bind(&profile.headline)
            .bind(profile.fee)
            .bind(profile.commission)
            .bind(i64::from(profile.available))
            .bind(now.seconds())
            .execute(&mut *tx)
            .await?;
            for table in [
                "creator_markets",
                "creator_languages",
                "creator_categories",
                "creator_audiences",
            ] {
                sqlx::query(&format!("DELETE FROM {table} WHERE creator_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            (id, slug)
        }
        None => {
            let slug = free_slug(&mut tx, Slugged::Creators, &profile.name, "creator").await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO creators (slug, user_id, name, headline, colour, fee_inr_minor,
                        commission_bps, available, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(&slug)
            .bind(user.id)
            .bind(&profile.name)
            .bind(&profile.headline)
            .bind(colour_for(&slug))
            .bind(profile.fee)
            .bind(profile.commission)
            .bind(i64::from(profile.available))
            .bind(now.seconds())
            .fetch_one(&mut *tx)
            .await?;
            (id, slug)
        }
    };
    for (code, bio) in &profile.bios {
        sqlx::query(
            "INSERT INTO creator_bios (creator_id, locale, bio) VALUES ($1, $2, $3)
             ON CONFLICT (creator_id, locale) DO UPDATE SET bio = excluded.bio",
        )
        .bind(id)
        .bind(*code)
        .bind(bio)
        .execute(&mut *tx)
        .await?;
    }
    if locale != Locale::En && !profile.bios.iter().any(|(l, _)| *l == locale.code()) {
        sqlx::query("DELETE FROM creator_bios WHERE creator_id = $1 AND locale = $2")
            .bind(id)
            .bind(locale.code())
            .execute(&mut *tx)
            .await?;
    }
    write_lists(
        &mut tx,
        id,
        &profile.markets,
        &profile.languages,
        &profile.halls,
    )
    .await?;
    for (platform, handle, followers) in &profile.audiences {
        sqlx::query(
            "INSERT INTO creator_audiences (creator_id, platform, handle, followers)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(*platform)
        .bind(handle)
        .bind(followers)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(slug)
}

/// A creator's markets, languages (in order) and halls, written for a profile already
/// checked and allowed ([`save_profile`]) or for the demo's seed: no caller of its own.
pub async fn write_lists(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    markets: &[String],
    languages: &[String],
    halls: &[i64],
) -> Result<(), sqlx::Error> {
    for (position, country) in markets.iter().enumerate() {
        sqlx::query(
            "INSERT INTO creator_markets (creator_id, country, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(country)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    for (position, language) in languages.iter().enumerate() {
        sqlx::query(
            "INSERT INTO creator_languages (creator_id, language, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(language)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    for hall in halls {
        sqlx::query("INSERT INTO creator_categories (creator_id, hall_id) VALUES ($1, $2)")
            .bind(id)
            .bind(hall)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A portrait ground from the slug: one of a few deep, readable colours.
pub fn colour_for(slug: &str) -> &'static str {
    const GROUNDS: [&str; 8] = [
        "#7a2e3a", "#1f5c7a", "#2f6b3f", "#6b4a1f", "#4a2f6b", "#1f6b64", "#8a3b12", "#35507a",
    ];
    let sum: usize = slug.bytes().map(usize::from).sum();
    GROUNDS[sum % GROUNDS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commissions_are_read_in_percent() {
        assert_eq!(parse_percent("8"), Some(800));
        assert_eq!(parse_percent("7.5"), Some(750));
        assert_eq!(parse_percent("7.25 %"), Some(725));
        assert_eq!(parse_percent("7,5"), Some(750));
        assert_eq!(parse_percent("8٪"), Some(800));
        assert_eq!(parse_percent("50"), Some(5000));
        assert_eq!(parse_percent("50.01"), None);
        assert_eq!(parse_percent("7.125"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent("7."), None);
        assert_eq!(parse_percent(""), None);
    }
}
