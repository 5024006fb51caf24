//! A council's export outcomes over a period: the sales its halls' livestreams brought (while
//! live, and in the seven days after each), by hall, booth, destination, stream and creator;
//! the exhibitors that streamed and the buyers reached; and the halls' orders in the period
//! that no stream brought, for comparison. Read by the council's curators (their halls) and the
//! admins (every council, or one), on the page and as CSV and Excel for a ministry's report.
//! No buyer is named in any of it.

use super::model::{Attributed, OutcomeRow, Outcomes, Share};
use super::report::WEEK_AFTER;
use super::rollup::{ENDED_AT, LIVE_AT, paid};
use crate::accounts::roles::require_curator;
use crate::accounts::store::User;
use crate::core::{Currency, Instant, Money, day_start, local_date, spreadsheet_safe};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::fx::Pricing;
use crate::i18n::{Locale, format, tr};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The longest period read at once.
const PERIOD_DAYS_MAX: i64 = 366;
/// With no stream to date the period by, the last this many days.
const RECENT_DAYS: i64 = 30;

/// What the reader asked: the period's first and last days (in their zone, `YYYY-MM-DD`),
/// and, for an administrator, one council (else every one).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Asked {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub council: String,
}

/// Whose outcomes: one council (`id`), or every council (0, administrators only).
struct Scope {
    id: i64,
    name: Option<String>,
    slug: String,
    /// The councils an administrator may choose from (slug, name); none for a curator.
    choices: Vec<(String, String)>,
}

async fn scope(db: &Db, actor: Option<&User>, asked: &str) -> AppResult<Scope> {
    let user = require_curator(actor)?;
    let asked = asked.trim();
    let councils: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, name FROM councils ORDER BY name, id")
            .fetch_all(db)
            .await?;
    let found = |pick: &dyn Fn(&(i64, String, String)) -> bool| {
        councils
            .iter()
            .find(|c| pick(c))
            .map(|(id, slug, name)| Scope {
                id: *id,
                name: Some(name.clone()),
                slug: slug.clone(),
                choices: Vec::new(),
            })
    };
    match user.council_id {
        // A curator reads their own council; naming another learns nothing.
        Some(own) if !user.is_admin => {
            let scope = found(&|c| c.0 == own).ok_or(AppError::NotFound)?;
            if asked.is_empty() || asked == scope.slug {
                Ok(scope)
            } else {
                Err(AppError::NotFound)
            }
        }
        _ => {
            let mut scope = if asked.is_empty() {
                Scope {
                    id: 0,
                    name: None,
                    slug: String::new(),
                    choices: Vec::new(),
                }
            } else {
                found(&|c| c.1 == asked).ok_or(AppError::NotFound)?
            };
            scope.choices = councils
                .into_iter()
                .map(|(_, slug, name)| (slug, name))
                .collect();
            Ok(scope)
        }
    }
}

/// The halls read: the council's, or every hall (`$1` is the council's id, or 0).
const IN_SCOPE: &str = "($1 = 0 OR h.council_id = $1)";

/// The period as instants, `[from, to]`, and the dates it was read as.
struct Period {
    from: Instant,
    to: Instant,
    first: NaiveDate,
    last: NaiveDate,
    defaulted: bool,
}

fn date_of(raw: &str, field: &str) -> AppResult<Option<NaiveDate>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::invalid(field, "date"))
}

/// The period asked, each day read in `zone`; a date left out is the default's: from the
/// day the first of the scope's streams went live to seven days after the last one ended
/// (the expo and the week after), or the last 30 days when none has.
async fn period(
    db: &Db,
    scope: &Scope,
    asked: &Asked,
    zone: &str,
    now: Instant,
) -> AppResult<Period> {
    let (from, to) = (date_of(&asked.from, "from")?, date_of(&asked.to, "to")?);
    let year = chrono::Duration::days(PERIOD_DAYS_MAX - 1);
    let (first, last) = match (from, to) {
        (Some(from), Some(to)) => {
            if to < from {
                return Err(AppError::invalid("to", "end_before_start"));
            }
            if (to - from).num_days() >= PERIOD_DAYS_MAX {
                return Err(AppError::invalid("to", "period_too_long"));
            }
            (from, to)
        }
        _ => {
            let span: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(&format!(
                "SELECT MIN({LIVE_AT}), MAX(COALESCE({ENDED_AT}, s.ends_at))
                   FROM streams s JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
                  WHERE {IN_SCOPE} AND {LIVE_AT} IS NOT NULL"
            ))
            .bind(scope.id)
            .fetch_optional(db)
            .await?;
            let (first, last) = match span {
                Some((Some(first), Some(last))) => (
                    local_date(Instant(first), zone),
                    local_date(Instant(last + WEEK_AFTER), zone),
                ),
                _ => {
                    let today = local_date(now, zone);
                    (today - chrono::Duration::days(RECENT_DAYS - 1), today)
                }
            };
            // One date typed: the other is the default's, within a year of it and on the
            // right side; none typed: the default's last year at most.
            match (from, to) {
                (Some(from), _) => (from, last.max(from).min(from + year)),
                (_, Some(to)) => (first.min(to).max(to - year), to),
                _ => (first.max(last - year), last),
            }
        }
    };
    let next = last
        .succ_opt()
        .ok_or_else(|| AppError::invalid("to", "date"))?;
    Ok(Period {
        from: day_start(first, zone),
        to: Instant(day_start(next, zone).seconds() - 1),
        first,
        last,
        defaulted: from.is_none() || to.is_none(),
    })
}

/// A stream that went live in the period, with what it brought.
#[derive(sqlx::FromRow)]
struct StreamRow {
    id: i64,
    slug: String,
    title: String,
    booth_id: i64,
    booth_name: String,
    hall_id: i64,
    hall_name: String,
    live_at: i64,
    ended_at: Option<i64>,
}

/// An order of the halls in the period, with its stream's window (if it names one).
#[derive(sqlx::FromRow)]
struct Placed {
    state: String,
    total_inr_minor: i64,
    created_at: i64,
    live_at: Option<i64>,
    ended_at: Option<i64>,
}

/// Whether an order placed `at` is its stream's (`live_at`, `ended_at`): `Some(true)` while
/// it was live, `Some(false)` in the seven days after it ended, `None` when not at all.
fn window(live_at: Option<i64>, ended_at: Option<i64>, at: i64, now: Instant) -> Option<bool> {
    let live_at = live_at?;
    let end = ended_at.unwrap_or(now.seconds());
    if at < live_at {
        None
    } else if at <= end {
        Some(true)
    } else if ended_at.is_some() && at <= end + WEEK_AFTER {
        Some(false)
    } else {
        None
    }
}

/// An order one of those streams brought, and when.
#[derive(sqlx::FromRow)]
struct OrderRow {
    stream_id: i64,
    state: String,
    country: String,
    total_inr_minor: i64,
    created_at: i64,
    host_id: Option<i64>,
    host: Option<String>,
}

/// Orders and their value in INR paise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum {
    pub orders: i64,
    pub minor: i64,
}

impl Sum {
    fn add(&mut self, minor: i64) {
        self.orders += 1;
        self.minor += minor;
    }

    fn plus(self, other: Sum) -> Sum {
        Sum {
            orders: self.orders + other.orders,
            minor: self.minor + other.minor,
        }
    }

    /// The average order's value in paise (0 without orders).
    pub fn average(self) -> i64 {
        if self.orders == 0 {
            0
        } else {
            self.minor / self.orders
        }
    }
}

/// One line of a breakdown: what it names, and its figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub key: String,
    pub label: String,
    /// What it belongs to: a booth's hall, a stream's booth.
    pub detail: String,
    pub streams: i64,
    pub viewers: i64,
    pub during: Sum,
    pub after: Sum,
}

impl Line {
    pub fn total(&self) -> Sum {
        self.during.plus(self.after)
    }
}

/// Everything the page and the exports show, in raw figures.
pub struct Tally {
    pub council: Option<String>,
    /// The period is the default one (no date asked, or one).
    pub defaulted: bool,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub from: Instant,
    pub to: Instant,
    pub streams: i64,
    pub booths: i64,
    pub booths_streamed: i64,
    pub buyers_reached: i64,
    pub during: Sum,
    pub after: Sum,
    pub without: Sum,
    pub by_hall: Vec<Line>,
    pub by_booth: Vec<Line>,
    pub by_stream: Vec<Line>,
    pub by_creator: Vec<Line>,
    pub by_destination: Vec<Line>,
    /// Buyers reached, by their country's code ("" when not known).
    pub reached: Vec<(String, i64)>,
}

/// Lines sorted by what they brought, then by name.
fn ranked(lines: impl IntoIterator<Item = Line>) -> Vec<Line> {
    let mut lines: Vec<Line> = lines.into_iter().collect();
    lines.sort_by(|a, b| {
        b.total()
            .minor
            .cmp(&a.total().minor)
            .then(b.viewers.cmp(&a.viewers))
            .then(a.label.cmp(&b.label))
    });
    lines
}

/// Reads the council's outcomes over the period asked (the caller's council, or for an
/// administrator the one named, else every council), each day in `zone`.
pub async fn tally(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    asked: &Asked,
    zone: &str,
    now: Instant,
) -> AppResult<Tally> {
    Ok(read(db, actor, locale, asked, zone, now).await?.0)
}

async fn read(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    asked: &Asked,
    zone: &str,
    now: Instant,
) -> AppResult<(Tally, Scope)> {
    let scope = scope(db, actor, &asked.council).await?;
    let period = period(db, &scope, asked, zone, now).await?;
    let streams: Vec<StreamRow> = sqlx::query_as(&format!(
        "SELECT s.id, s.slug, COALESCE(st.title, s.title) AS title, s.booth_id,
                b.name AS booth_name, h.id AS hall_id, COALESCE(ht.name, h.name) AS hall_name,
                {LIVE_AT} AS live_at, {ENDED_AT} AS ended_at
           FROM streams s JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
           LEFT JOIN stream_translations st ON st.stream_id = s.id AND st.locale = $4
           LEFT JOIN hall_translations ht ON ht.hall_id = h.id AND ht.locale = $4
          WHERE {IN_SCOPE} AND {LIVE_AT} >= $2 AND {LIVE_AT} <= $3
          ORDER BY {LIVE_AT}, s.id"
    ))
    .bind(scope.id)
    .bind(period.from.seconds())
    .bind(period.to.seconds())
    .bind(locale.code())
    .fetch_all(db)
    .await?;
    let orders: Vec<OrderRow> = sqlx::query_as(&format!(
        "SELECT o.stream_id, o.state, o.country, o.total_inr_minor, o.created_at, o.host_id,
                ho.name AS host
           FROM orders o JOIN streams s ON s.id = o.stream_id
           JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
           LEFT JOIN hosts ho ON ho.id = o.host_id
          WHERE {IN_SCOPE} AND {LIVE_AT} >= $2 AND {LIVE_AT} <= $3 AND o.created_at >= {LIVE_AT}
            AND o.created_at <= COALESCE({ENDED_AT}, $4) + $5"
    ))
    .bind(scope.id)
    .bind(period.from.seconds())
    .bind(period.to.seconds())
    .bind(now.seconds())
    .bind(WEEK_AFTER)
    .fetch_all(db)
    .await?;
    // Who watched each stream while it was live (a replay's viewers weeks later are not
    // reached by the expo), with the country their business profile names.
    let seen: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT DISTINCT v.stream_id, v.viewer, COALESCE(bp.country, '')
           FROM viewer_sessions v JOIN streams s ON s.id = v.stream_id
           JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
           LEFT JOIN business_profiles bp ON bp.user_id = v.user_id
          WHERE {IN_SCOPE} AND {LIVE_AT} >= $2 AND {LIVE_AT} <= $3
            AND v.seen_at >= {LIVE_AT} * 1000
            AND v.joined_at <= COALESCE({ENDED_AT}, $4 + 1) * 1000"
    ))
    .bind(scope.id)
    .bind(period.from.seconds())
    .bind(period.to.seconds())
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let booths: i64 = sqlx::query_scalar::<_, i64>(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM booths b JOIN halls h ON h.id = b.hall_id
          WHERE {IN_SCOPE} AND b.status = 'published'"
    ))
    .bind(scope.id)
    .fetch_one(db)
    .await?;
    // The halls' orders in the period that no stream brought: none named, or placed outside
    // the named stream's window.
    let placed: Vec<Placed> = sqlx::query_as(&format!(
        "SELECT o.state, o.total_inr_minor, o.created_at, {LIVE_AT} AS live_at, {ENDED_AT} AS ended_at
           FROM orders o JOIN booths b ON b.id = o.booth_id JOIN halls h ON h.id = b.hall_id
           LEFT JOIN streams s ON s.id = o.stream_id
          WHERE {IN_SCOPE} AND o.created_at >= $2 AND o.created_at <= $3"
    ))
    .bind(scope.id)
    .bind(period.from.seconds())
    .bind(period.to.seconds())
    .fetch_all(db)
    .await?;
    let mut without = Sum::default();
    for order in &placed {
        if paid(&order.state)
            && window(order.live_at, order.ended_at, order.created_at, now).is_none()
        {
            without.add(order.total_inr_minor);
        }
    }

    // Each stream's orders, while live and in the week after it ended.
    let by_id: HashMap<i64, &StreamRow> = streams.iter().map(|s| (s.id, s)).collect();
    let mut per_stream: HashMap<i64, (Sum, Sum)> = HashMap::new();
    let mut creators: BTreeMap<String, Line> = BTreeMap::new();
    let mut destinations: BTreeMap<String, Line> = BTreeMap::new();
    let no_creator = tr!(locale.ui(), insights_no_creator).to_owned();
    let unknown = tr!(locale.ui(), insights_unknown).to_owned();
    for order in orders.iter().filter(|o| paid(&o.state)) {
        let Some(stream) = by_id.get(&order.stream_id) else {
            continue;
        };
        let Some(during) = window(Some(stream.live_at), stream.ended_at, order.created_at, now)
        else {
            continue;
        };
        let add = |line: &mut Line| {
            if during {
                line.during.add(order.total_inr_minor);
            } else {
                line.after.add(order.total_inr_minor);
            }
        };
        let sums = per_stream.entry(stream.id).or_default();
        if during {
            sums.0.add(order.total_inr_minor);
        } else {
            sums.1.add(order.total_inr_minor);
        }
        let creator = order.host_id.map(|id| id.to_string()).unwrap_or_default();
        add(creators.entry(creator.clone()).or_insert_with(|| Line {
            key: creator,
            label: order.host.clone().unwrap_or_else(|| no_creator.clone()),
            ..Line::default()
        }));
        add(destinations
            .entry(order.country.clone())
            .or_insert_with(|| Line {
                key: order.country.clone(),
                label: if order.country.is_empty() {
                    unknown.clone()
                } else {
                    format::country(locale, &order.country)
                },
                ..Line::default()
            }));
    }

    // Viewers: each counted once in every line they belong to.
    let mut watched: HashMap<i64, HashSet<&str>> = HashMap::new();
    let mut countries: HashMap<&str, &str> = HashMap::new();
    for (stream, viewer, country) in &seen {
        watched.entry(*stream).or_default().insert(viewer.as_str());
        let known = countries.entry(viewer.as_str()).or_insert("");
        if known.is_empty() {
            *known = country.as_str();
        }
    }
    let viewers_of = |ids: &mut dyn Iterator<Item = i64>| {
        let mut all: HashSet<&str> = HashSet::new();
        for id in ids {
            if let Some(set) = watched.get(&id) {
                all.extend(set.iter().copied());
            }
        }
        all.len() as i64
    };
    let line_of = |key: String, label: String, detail: String, ids: &[i64]| {
        let (mut during, mut after) = (Sum::default(), Sum::default());
        for id in ids {
            if let Some((d, a)) = per_stream.get(id) {
                during = during.plus(*d);
                after = after.plus(*a);
            }
        }
        Line {
            key,
            label,
            detail,
            streams: ids.len() as i64,
            viewers: viewers_of(&mut ids.iter().copied()),
            during,
            after,
        }
    };
    let group = |key: &dyn Fn(&StreamRow) -> (String, String, String)| {
        let mut groups: BTreeMap<String, (String, String, Vec<i64>)> = BTreeMap::new();
        for s in &streams {
            let (k, label, detail) = key(s);
            groups
                .entry(k)
                .or_insert_with(|| (label, detail, Vec::new()))
                .2
                .push(s.id);
        }
        ranked(
            groups
                .into_iter()
                .map(|(k, (label, detail, ids))| line_of(k, label, detail, &ids)),
        )
    };
    let by_hall = group(&|s| (s.hall_id.to_string(), s.hall_name.clone(), String::new()));
    let by_booth = group(&|s| {
        (
            s.booth_id.to_string(),
            s.booth_name.clone(),
            s.hall_name.clone(),
        )
    });
    let by_stream = group(&|s| (s.slug.clone(), s.title.clone(), s.booth_name.clone()));
    let mut by_creator = ranked(creators.into_values());
    let mut by_destination = ranked(destinations.into_values());
    for line in by_creator.iter_mut().chain(by_destination.iter_mut()) {
        line.streams = 0;
    }
    let mut reached: BTreeMap<String, i64> = BTreeMap::new();
    for country in countries.values() {
        *reached.entry((*country).to_owned()).or_default() += 1;
    }
    let mut reached: Vec<(String, i64)> = reached.into_iter().collect();
    reached.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (during, after) = per_stream
        .values()
        .fold((Sum::default(), Sum::default()), |(d, a), (sd, sa)| {
            (d.plus(*sd), a.plus(*sa))
        });
    let booths_streamed = streams
        .iter()
        .map(|s| s.booth_id)
        .collect::<HashSet<_>>()
        .len() as i64;
    let tally = Tally {
        council: scope.name.clone(),
        defaulted: period.defaulted,
        first: period.first,
        last: period.last,
        from: period.from,
        to: period.to,
        streams: streams.len() as i64,
        booths,
        booths_streamed,
        buyers_reached: countries.len() as i64,
        during,
        after,
        without,
        by_hall,
        by_booth,
        by_stream,
        by_creator,
        by_destination,
        reached,
    };
    Ok((tally, scope))
}

/// The council's outcomes as the page shows them, in the reader's locale and currency.
pub async fn outcomes(
    db: &Db,
    actor: Option<&User>,
    pricing: &Pricing,
    asked: &Asked,
    zone: String,
    now: Instant,
) -> AppResult<Outcomes> {
    let locale = pricing.locale;
    let ui = locale.ui();
    let (tally, scope) = read(db, actor, locale, asked, &zone, now).await?;
    let money = |sum: Sum| {
        let tag = pricing.tag(Money::inr(sum.minor));
        Attributed {
            orders: sum.orders,
            minor: sum.minor,
            value: format::money(locale, Money::inr(sum.minor)),
            value_shown: (tag.currency != Currency::Inr).then_some(tag.label),
        }
    };
    let rows = |lines: &[Line]| -> Vec<OutcomeRow> {
        lines
            .iter()
            .map(|line| OutcomeRow {
                key: line.key.clone(),
                label: line.label.clone(),
                detail: line.detail.clone(),
                streams: line.streams,
                viewers: line.viewers,
                during: money(line.during),
                after: money(line.after),
                total: money(line.total()),
            })
            .collect()
    };
    let unknown = tr!(ui, insights_unknown).to_owned();
    let total = tally.during.plus(tally.after);
    let query = {
        let mut pairs = vec![
            ("from", tally.first.to_string()),
            ("to", tally.last.to_string()),
        ];
        if !scope.slug.is_empty() {
            pairs.push(("council", scope.slug.clone()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    Ok(Outcomes {
        council: tally
            .council
            .clone()
            .unwrap_or_else(|| tr!(ui, insights_all_councils).to_owned()),
        council_slug: scope.slug.clone(),
        councils: scope.choices.clone(),
        from: tally.first.to_string(),
        to: tally.last.to_string(),
        period: tr!(
            ui,
            insights_period,
            from = format::date(locale, tally.from, &zone),
            to = format::date(locale, tally.to, &zone)
        ),
        defaulted: tally.defaulted,
        zone,
        query,
        streams: tally.streams,
        booths: tally.booths,
        booths_streamed: tally.booths_streamed,
        buyers_reached: tally.buyers_reached,
        during: money(tally.during),
        after: money(tally.after),
        total: money(total),
        average: format::money(locale, Money::inr(total.average())),
        without: money(tally.without),
        without_average: format::money(locale, Money::inr(tally.without.average())),
        by_hall: rows(&tally.by_hall),
        by_booth: rows(&tally.by_booth),
        by_stream: rows(&tally.by_stream),
        by_creator: rows(&tally.by_creator),
        by_destination: rows(&tally.by_destination),
        reached: tally
            .reached
            .iter()
            .map(|(code, viewers)| Share {
                label: if code.is_empty() {
                    unknown.clone()
                } else {
                    format::country(locale, code)
                },
                viewers: *viewers,
                orders: 0,
                value: String::new(),
            })
            .collect(),
        problems: Vec::new(),
    })
}

/// The outcomes per stream as CSV (UTC times, INR), one row per stream that went live in
/// the period.
pub async fn outcomes_csv(
    db: &Db,
    actor: Option<&User>,
    asked: &Asked,
    zone: &str,
    now: Instant,
) -> AppResult<String> {
    let tally = tally(db, actor, Locale::En, asked, zone, now).await?;
    let failed = |_: csv::Error| AppError::Internal;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "stream",
        "title",
        "booth",
        "viewers_live",
        "orders_during",
        "sales_during_inr",
        "orders_week_after",
        "sales_week_after_inr",
        "orders_total",
        "sales_total_inr",
    ])
    .map_err(failed)?;
    for line in &tally.by_stream {
        let total = line.total();
        out.write_record([
            spreadsheet_safe(&line.key),
            spreadsheet_safe(&line.label),
            spreadsheet_safe(&line.detail),
            line.viewers.to_string(),
            line.during.orders.to_string(),
            Money::inr(line.during.minor).decimal(),
            line.after.orders.to_string(),
            Money::inr(line.after.minor).decimal(),
            total.orders.to_string(),
            Money::inr(total.minor).decimal(),
        ])
        .map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

/// The outcomes as an Excel workbook: a summary sheet, then one sheet per breakdown (hall,
/// booth, stream, creator, destination, buyers reached), with sums in rupees as numbers.
pub async fn outcomes_xlsx(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    asked: &Asked,
    zone: &str,
    now: Instant,
) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let tally = tally(db, actor, locale, asked, zone, now).await?;
    let ui = locale.ui();
    let failed = |err: XlsxError| {
        tracing::error!(%err, "cannot write the outcomes workbook");
        AppError::Internal
    };
    let bold = Format::new().set_bold();
    let inr_format = Format::new().set_num_format("#,##0.00");
    let as_rupees = |minor: i64| minor as f64 / 100.0;
    let mut book = Workbook::new();
    {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(tr!(ui, insights_summary)))
            .map_err(failed)?;
        sheet.set_column_width(0, 44).map_err(failed)?;
        sheet.set_column_width(1, 20).map_err(failed)?;
        let council = tally
            .council
            .clone()
            .unwrap_or_else(|| tr!(ui, insights_all_councils).to_owned());
        let total = tally.during.plus(tally.after);
        let text_rows: [(String, String); 3] = [
            (tr!(ui, insights_outcomes_title).to_owned(), council),
            (
                tr!(ui, insights_period_from).to_owned(),
                tally.first.to_string(),
            ),
            (
                tr!(ui, insights_period_to).to_owned(),
                tally.last.to_string(),
            ),
        ];
        for (row, (label, value)) in text_rows.iter().enumerate() {
            let row = row as u32;
            sheet
                .write_with_format(row, 0, label, &bold)
                .map_err(failed)?;
            sheet.write(row, 1, value).map_err(failed)?;
        }
        let counts: [(String, i64); 7] = [
            (tr!(ui, insights_streams).to_owned(), tally.streams),
            (tr!(ui, insights_msmes).to_owned(), tally.booths_streamed),
            (tr!(ui, insights_booths_all).to_owned(), tally.booths),
            (
                tr!(ui, insights_buyers_reached).to_owned(),
                tally.buyers_reached,
            ),
            (
                tr!(ui, insights_orders_during).to_owned(),
                tally.during.orders,
            ),
            (
                tr!(ui, insights_orders_after).to_owned(),
                tally.after.orders,
            ),
            (
                tr!(ui, insights_orders_without).to_owned(),
                tally.without.orders,
            ),
        ];
        for (i, (label, value)) in counts.iter().enumerate() {
            let row = 4 + i as u32;
            sheet
                .write_with_format(row, 0, label, &bold)
                .map_err(failed)?;
            sheet.write(row, 1, *value as f64).map_err(failed)?;
        }
        let sums: [(String, i64); 6] = [
            (
                tr!(ui, insights_sales_during_inr).to_owned(),
                tally.during.minor,
            ),
            (
                tr!(ui, insights_sales_after_inr).to_owned(),
                tally.after.minor,
            ),
            (tr!(ui, insights_sales_total_inr).to_owned(), total.minor),
            (
                tr!(ui, insights_average_order_inr).to_owned(),
                total.average(),
            ),
            (
                tr!(ui, insights_sales_without_inr).to_owned(),
                tally.without.minor,
            ),
            (
                tr!(ui, insights_average_without_inr).to_owned(),
                tally.without.average(),
            ),
        ];
        for (i, (label, minor)) in sums.iter().enumerate() {
            let row = 12 + i as u32;
            sheet
                .write_with_format(row, 0, label, &bold)
                .map_err(failed)?;
            sheet
                .write_with_format(row, 1, as_rupees(*minor), &inr_format)
                .map_err(failed)?;
        }
    }
    let breakdowns: [(&str, &[Line], bool); 5] = [
        (tr!(ui, insights_by_hall), &tally.by_hall, true),
        (tr!(ui, insights_by_booth), &tally.by_booth, true),
        (tr!(ui, insights_by_stream), &tally.by_stream, true),
        (tr!(ui, insights_by_creator), &tally.by_creator, false),
        (
            tr!(ui, insights_by_destination),
            &tally.by_destination,
            false,
        ),
    ];
    for (name, lines, streamed) in breakdowns {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(name)).map_err(failed)?;
        let mut head: Vec<String> = vec![tr!(ui, insights_col_who).to_owned()];
        if streamed {
            head.push(tr!(ui, insights_col_of).to_owned());
            head.push(tr!(ui, insights_streams).to_owned());
            head.push(tr!(ui, insights_col_viewers).to_owned());
        }
        head.extend([
            tr!(ui, insights_orders_during).to_owned(),
            tr!(ui, insights_sales_during_inr).to_owned(),
            tr!(ui, insights_orders_after).to_owned(),
            tr!(ui, insights_sales_after_inr).to_owned(),
            tr!(ui, insights_sales_total_inr).to_owned(),
        ]);
        for (col, title) in head.iter().enumerate() {
            sheet
                .write_with_format(0, col as u16, title, &bold)
                .map_err(failed)?;
            sheet
                .set_column_width(col as u16, if col == 0 { 36 } else { 18 })
                .map_err(failed)?;
        }
        for (i, line) in lines.iter().enumerate() {
            let row = 1 + i as u32;
            let mut col = 0u16;
            sheet.write(row, col, &line.label).map_err(failed)?;
            if streamed {
                sheet.write(row, 1, &line.detail).map_err(failed)?;
                sheet.write(row, 2, line.streams as f64).map_err(failed)?;
                sheet.write(row, 3, line.viewers as f64).map_err(failed)?;
                col = 3;
            }
            let figures = [
                (line.during.orders, false),
                (line.during.minor, true),
                (line.after.orders, false),
                (line.after.minor, true),
                (line.total().minor, true),
            ];
            for (value, money) in figures {
                col += 1;
                if money {
                    sheet
                        .write_with_format(row, col, as_rupees(value), &inr_format)
                        .map_err(failed)?;
                } else {
                    sheet.write(row, col, value as f64).map_err(failed)?;
                }
            }
        }
    }
    {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(tr!(ui, insights_reached_by_country)))
            .map_err(failed)?;
        sheet
            .write_with_format(0, 0, tr!(ui, insights_col_who), &bold)
            .map_err(failed)?;
        sheet
            .write_with_format(0, 1, tr!(ui, insights_col_viewers), &bold)
            .map_err(failed)?;
        sheet.set_column_width(0, 36).map_err(failed)?;
        let unknown = tr!(ui, insights_unknown);
        for (i, (code, viewers)) in tally.reached.iter().enumerate() {
            let row = 1 + i as u32;
            let label = if code.is_empty() {
                unknown.to_owned()
            } else {
                format::country(locale, code)
            };
            sheet.write(row, 0, label).map_err(failed)?;
            sheet.write(row, 1, *viewers as f64).map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

/// A heading as a sheet's name: at most 31 characters, none of those Excel refuses there.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(31)
        .collect();
    if name.trim().is_empty() {
        "Sheet".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paise_read_as_rupees_exactly() {
        assert_eq!(Money::inr(0).decimal(), "0.00");
        assert_eq!(Money::inr(5).decimal(), "0.05");
        assert_eq!(Money::inr(123_450).decimal(), "1234.50");
        assert_eq!(Money::inr(-199).decimal(), "-1.99");
    }

    #[test]
    fn a_heading_is_a_sheet_name_excel_takes() {
        assert_eq!(sheet_name("Orders by destination"), "Orders by destination");
        assert_eq!(sheet_name("Sales: in/out [INR]?"), "Sales inout INR");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("???"), "Sheet");
    }

    #[test]
    fn an_order_belongs_to_its_stream_while_live_and_for_a_week_after() {
        let now = Instant(10_000_000);
        let (live, ended) = (Some(1_000), Some(5_000));
        assert_eq!(window(live, ended, 999, now), None);
        assert_eq!(window(live, ended, 1_000, now), Some(true));
        assert_eq!(window(live, ended, 5_000, now), Some(true));
        assert_eq!(window(live, ended, 5_001, now), Some(false));
        assert_eq!(window(live, ended, 5_000 + WEEK_AFTER, now), Some(false));
        assert_eq!(window(live, ended, 5_001 + WEEK_AFTER, now), None);
        // Still live: everything since it went live is while live, nothing after.
        assert_eq!(window(live, None, 9_000_000, now), Some(true));
        assert_eq!(window(None, None, 9_000_000, now), None);
    }

    #[test]
    fn the_average_order() {
        let mut sum = Sum::default();
        assert_eq!(sum.average(), 0);
        sum.add(1000);
        sum.add(2001);
        assert_eq!((sum.orders, sum.average()), (2, 1500));
    }
}
