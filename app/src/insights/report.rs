//! A stream's report, read for its booth's team, its hall's council and the admins (anyone
//! else learns nothing: not found): figures over the stream, viewers per minute with the
//! moments that mattered, the audience by country and language, the questions, the funnel,
//! where the orders went, and the sales attributed during the stream and in the seven days
//! after (an order counts when it was placed by then and is paid, shipped or delivered).

use super::chart::{Axes, retention_chart, viewers_chart};
use super::model::{Attributed, Kept, MinuteRow, Share, StreamReport, TopQuestion};
use super::rollup::{self, ENDED_AT, LIVE_AT, Minute, paid};
use super::views::duration;
use crate::accounts::roles::signed_in;
use crate::accounts::store::User;
use crate::core::{Currency, Instant, Money};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::fx::Pricing;
use crate::i18n::{Locale, format, tr};
use std::collections::{BTreeMap, HashMap};

/// How long after a stream its orders are still attributed to it.
pub const WEEK_AFTER: i64 = 7 * 86_400;

/// The minutes the retention table reads (those the longest watch reached).
const RETENTION_MARKS: [i64; 10] = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60];

/// Retention: for each whole minute from 0 to the longest watch, how many viewers watched
/// at least that long (`watched`: seconds per viewer). Never rises; starts at all of them.
pub fn retention(watched: &[i64]) -> Vec<i64> {
    let longest = watched.iter().copied().max().unwrap_or(0).max(0) / 60;
    (0..=longest)
        .map(|minute| watched.iter().filter(|w| **w >= minute * 60).count() as i64)
        .collect()
}

/// The most minutes that at least half the viewers watched.
pub fn half_stayed(staying: &[i64]) -> i64 {
    let all = staying.first().copied().unwrap_or(0);
    staying
        .iter()
        .rposition(|kept| kept * 2 >= all)
        .unwrap_or(0) as i64
}
/// A stream ended less than this long ago is read from its raw records, not its rollups.
const SETTLING_SECONDS: i64 = 600;

#[derive(sqlx::FromRow)]
pub(super) struct Stream {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub booth_id: i64,
    pub booth_name: String,
    council_id: i64,
    pub live_at: Option<i64>,
    ended_at: Option<i64>,
}

/// The stream named `slug`, if the caller may read its figures: someone on no booth's team
/// and no council is refused before anything is looked up; a team or council it is not
/// theirs learns nothing (not found).
pub(super) async fn readable(db: &Db, actor: Option<&User>, slug: &str) -> AppResult<Stream> {
    let user = signed_in(actor)?;
    if !user.is_admin && user.booth.is_none() && user.council_id.is_none() {
        return Err(AppError::Forbidden);
    }
    let stream: Option<Stream> = sqlx::query_as(&format!(
        "SELECT s.id, s.slug, s.title, s.booth_id, b.name AS booth_name, h.council_id,
                {LIVE_AT} AS live_at, {ENDED_AT} AS ended_at
           FROM streams s JOIN booths b ON b.id = s.booth_id JOIN halls h ON h.id = b.hall_id
          WHERE s.slug = $1"
    ))
    .bind(slug.trim())
    .fetch_optional(db)
    .await?;
    let stream = stream.ok_or(AppError::NotFound)?;
    let team = user
        .booth
        .is_some_and(|(booth, _)| booth == stream.booth_id);
    let council = user.council_id == Some(stream.council_id);
    if user.is_admin || team || council {
        Ok(stream)
    } else {
        Err(AppError::NotFound)
    }
}

/// The stream's minutes: its rollups, or (while live or just ended) the raw records.
async fn minutes_of(db: &Db, stream: &Stream, now: Instant) -> Result<Vec<Minute>, sqlx::Error> {
    let Some(live_at) = stream.live_at else {
        return Ok(Vec::new());
    };
    let end = stream.ended_at.unwrap_or(now.seconds()).min(now.seconds());
    let settled = stream
        .ended_at
        .is_some_and(|ended| now.seconds() - ended >= SETTLING_SECONDS);
    if !settled {
        // To the end of this second: the clock is in seconds, the sessions in milliseconds.
        let now_ms = (now.seconds() + 1) * 1000;
        return rollup::compute(db, stream.id, live_at * 1000, end * 1000, now_ms).await;
    }
    let mut minutes: Vec<Minute> = sqlx::query_as(
        "SELECT minute, viewers_peak, watch_seconds, joins, chats, questions, answers, pins,
                checkouts, orders_paid, goods_inr_minor
           FROM stream_minutes
          WHERE stream_id = $1 AND minute >= $2 AND minute <= $3
          ORDER BY minute",
    )
    .bind(stream.id)
    .bind(live_at - live_at.rem_euclid(60))
    .bind(end)
    .fetch_all(db)
    .await?;
    // Orders are read as they stand now: paid since, or refunded.
    rollup::count_orders(db, stream.id, &mut minutes).await?;
    Ok(minutes)
}

fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

/// Orders attributed in `[from, to]` (Unix seconds): how many, and their value in INR paise.
pub async fn attributed(
    db: &Db,
    stream: i64,
    from: i64,
    to: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, total_inr_minor FROM orders
          WHERE stream_id = $1 AND created_at >= $2 AND created_at <= $3",
    )
    .bind(stream)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .filter(|(state, _)| paid(state))
        .fold((0, 0), |(n, sum), (_, value)| (n + 1, sum + value)))
}

/// Seconds from each answered question to its first answer.
pub(crate) async fn answer_times(db: &Db, stream: i64) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let asked: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, at_ms FROM room_events WHERE stream_id = $1 AND kind = 'question'",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let asked: HashMap<i64, i64> = asked.into_iter().collect();
    let answers: Vec<(i64, String)> = sqlx::query_as(
        "SELECT at_ms, body FROM room_events WHERE stream_id = $1 AND kind = 'answered' ORDER BY id",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let mut times = HashMap::new();
    for (at_ms, body) in answers {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&body) else {
            continue;
        };
        let on = value.get("on").and_then(serde_json::Value::as_bool) == Some(true);
        let question = value.get("question").and_then(serde_json::Value::as_i64);
        if let (true, Some(question)) = (on, question)
            && let Some(asked_at) = asked.get(&question)
        {
            times
                .entry(question)
                .or_insert((at_ms - asked_at).max(0) / 1000);
        }
    }
    Ok(times)
}

pub async fn stream_report(
    db: &Db,
    actor: Option<&User>,
    pricing: &Pricing,
    slug: &str,
    zone: String,
    now: Instant,
) -> AppResult<StreamReport> {
    let stream = readable(db, actor, slug).await?;
    let locale = pricing.locale;
    let ui = locale.ui();
    let minutes = minutes_of(db, &stream, now).await?;
    let money = |minor: i64| format::money(locale, Money::inr(minor));
    let attributed_as = |orders: i64, minor: i64| {
        let tag = pricing.tag(Money::inr(minor));
        Attributed {
            orders,
            minor,
            value: money(minor),
            value_shown: (tag.currency != Currency::Inr).then_some(tag.label),
        }
    };

    // The audience, from the raw sessions while it was live (not replay viewers weeks later,
    // nor a tab left open after the end).
    // (The clock is in whole seconds, the sessions in milliseconds: a live window runs to the
    // end of this second.)
    let window = match stream.live_at {
        Some(live_at) => (
            live_at * 1000,
            stream
                .ended_at
                .map_or(now.seconds() + 1, |ended| ended.min(now.seconds() + 1))
                * 1000,
        ),
        None => (0, -1),
    };
    #[derive(sqlx::FromRow)]
    struct Seen {
        viewer: String,
        language: String,
        joined_at: i64,
        seen_at: i64,
        left_at: Option<i64>,
        country: Option<String>,
        came_back: i64,
    }
    let seen: Vec<Seen> = sqlx::query_as(
        "SELECT s.viewer, s.language, s.joined_at, s.seen_at, s.left_at,
                COALESCE(bp.country,
                         (SELECT o.country FROM orders o
                           WHERE o.user_id = s.user_id AND o.booth_id = $2 AND o.country <> ''
                           ORDER BY o.id DESC LIMIT 1)) AS country,
                CASE WHEN EXISTS (
                    SELECT 1 FROM viewer_sessions e JOIN streams es ON es.id = e.stream_id
                     WHERE e.viewer = s.viewer AND es.booth_id = $2 AND e.stream_id <> s.stream_id
                       AND e.joined_at < s.joined_at) THEN 1 ELSE 0 END AS came_back
           FROM viewer_sessions s LEFT JOIN business_profiles bp ON bp.user_id = s.user_id
          WHERE s.stream_id = $1 AND s.joined_at <= $3 AND s.seen_at >= $4",
    )
    .bind(stream.id)
    .bind(stream.booth_id)
    .bind(window.1)
    .bind(window.0)
    .fetch_all(db)
    .await?;
    /// One viewer over all their sessions.
    struct Audience<'a> {
        language: &'a str,
        country: Option<&'a str>,
        returning: bool,
        spans: Vec<(String, i64, i64)>,
    }
    let mut viewers: BTreeMap<&str, Audience> = BTreeMap::new();
    let now_ms = now.seconds() * 1000;
    for s in &seen {
        let end = s
            .left_at
            .unwrap_or(if now_ms - s.seen_at > super::sink::SILENT_AFTER_MS {
                s.seen_at
            } else {
                now_ms
            });
        let entry = viewers.entry(s.viewer.as_str()).or_insert(Audience {
            language: s.language.as_str(),
            country: s.country.as_deref(),
            returning: false,
            spans: Vec::new(),
        });
        entry.returning |= s.came_back == 1;
        let (from, to) = (s.joined_at.max(window.0), end.min(window.1));
        if to > from {
            entry.spans.push((String::new(), from, to));
        }
    }
    let unique = viewers.len() as i64;
    let returning = viewers.values().filter(|v| v.returning).count() as i64;
    // Seconds each viewer watched, their overlapping sockets counted once.
    let watched_each: Vec<i64> = viewers
        .values()
        .map(|v| {
            rollup::merged(v.spans.clone())
                .into_iter()
                .map(|(from, to)| (to - from) / 1000)
                .sum()
        })
        .collect();
    let watched: i64 = watched_each.iter().sum();
    let staying = retention(&watched_each);
    let tally = |key: &dyn Fn(&Audience) -> String| {
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for v in viewers.values() {
            *counts.entry(key(v)).or_default() += 1;
        }
        let mut shares: Vec<Share> = counts
            .into_iter()
            .map(|(label, viewers)| Share {
                label,
                viewers,
                orders: 0,
                value: String::new(),
            })
            .collect();
        shares.sort_by(|a, b| b.viewers.cmp(&a.viewers).then(a.label.cmp(&b.label)));
        shares
    };
    let unknown = tr!(ui, insights_unknown).to_owned();
    let by_language = tally(&|v| {
        Locale::parse(v.language).map_or_else(|| unknown.clone(), |l| l.endonym().to_owned())
    });
    let by_country = tally(&|v| match v.country {
        Some(code) if !code.is_empty() => format::country(locale, code),
        _ => unknown.clone(),
    });

    // Orders: during the stream and in the week after, and where they went.
    let (during, after_week, by_destination) = match stream.live_at {
        Some(live_at) => {
            let end = stream.ended_at.unwrap_or(now.seconds());
            let during = attributed(db, stream.id, live_at, end).await?;
            let after = match stream.ended_at {
                Some(ended) => attributed(db, stream.id, ended + 1, ended + WEEK_AFTER).await?,
                None => (0, 0),
            };
            let places: Vec<(String, String, i64)> = sqlx::query_as(
                "SELECT country, state, total_inr_minor FROM orders
                  WHERE stream_id = $1 AND created_at >= $2 AND created_at <= $3",
            )
            .bind(stream.id)
            .bind(live_at)
            .bind(end + WEEK_AFTER)
            .fetch_all(db)
            .await?;
            let mut to: BTreeMap<String, (i64, i64)> = BTreeMap::new();
            for (country, _, value) in places.iter().filter(|(_, state, _)| paid(state)) {
                let slot = to.entry(country.clone()).or_default();
                slot.0 += 1;
                slot.1 += value;
            }
            let mut shares: Vec<Share> = to
                .into_iter()
                .map(|(code, (orders, value))| Share {
                    label: if code.is_empty() {
                        unknown.clone()
                    } else {
                        format::country(locale, &code)
                    },
                    viewers: 0,
                    orders,
                    value: money(value),
                })
                .collect();
            shares.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.label.cmp(&b.label)));
            (during, after, shares)
        }
        None => ((0, 0), (0, 0), Vec::new()),
    };

    // Questions: the most voted, and how long answers took.
    let times = answer_times(db, stream.id).await?;
    let questions: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT event_id, text, votes FROM room_questions
          WHERE stream_id = $1 AND hidden = 0 ORDER BY votes DESC, event_id LIMIT 5",
    )
    .bind(stream.id)
    .fetch_all(db)
    .await?;
    let top_questions = questions
        .into_iter()
        .map(|(id, text, votes)| TopQuestion {
            text,
            votes,
            answered_after: times.get(&id).map(|s| duration(locale, *s)),
        })
        .collect();
    let median_answer = median(times.values().copied().collect())
        .map(|s| duration(locale, s))
        .unwrap_or_default();

    let sum = |f: fn(&Minute) -> i64| minutes.iter().map(f).sum::<i64>();
    let peak = minutes.iter().map(|m| m.viewers_peak).max().unwrap_or(0);
    let average_tenths = if minutes.is_empty() {
        0
    } else {
        sum(|m| m.watch_seconds) * 10 / (60 * minutes.len() as i64)
    };
    let rows: Vec<MinuteRow> = minutes
        .iter()
        .map(|m| MinuteRow {
            minute: m.minute,
            label: format::time(locale, Instant(m.minute), &zone),
            viewers_peak: m.viewers_peak,
            viewers_avg_tenths: m.watch_seconds / 6,
            joins: m.joins,
            chats: m.chats,
            questions: m.questions,
            answers: m.answers,
            pins: m.pins,
            checkouts: m.checkouts,
            orders_paid: m.orders_paid,
            goods: money(m.goods_inr_minor),
        })
        .collect();
    let chart_svg = viewers_chart(
        &minutes,
        &Axes {
            minutes: tr!(ui, insights_axis_minutes),
            viewers: tr!(ui, insights_axis_viewers),
        },
    );
    let chart_summary = tr!(
        ui,
        insights_chart_summary,
        minutes = format::number(locale, minutes.len() as i64),
        peak = format::number(locale, peak),
        pins = format::number(locale, sum(|m| m.pins)),
        answers = format::number(locale, sum(|m| m.answers))
    );
    let retention_svg = retention_chart(
        &staying,
        &Axes {
            minutes: tr!(ui, insights_axis_watched),
            viewers: tr!(ui, insights_axis_staying),
        },
    );
    let longest = staying.len().saturating_sub(1) as i64;
    let retention_summary = if unique > 0 && longest == 0 {
        tr!(
            ui,
            insights_retention_brief,
            viewers = format::number(locale, unique)
        )
    } else if unique > 0 {
        tr!(
            ui,
            insights_retention_summary,
            viewers = format::number(locale, unique),
            half = format::number(locale, half_stayed(&staying)),
            longest = format::number(locale, longest)
        )
    } else {
        String::new()
    };
    let retention_rows = RETENTION_MARKS
        .iter()
        .filter(|m| **m <= longest)
        .map(|m| {
            let kept = staying[*m as usize];
            Kept {
                minutes: *m,
                viewers: kept,
                pct: (kept * 100 + unique / 2) / unique.max(1),
            }
        })
        .collect();
    let (clicked, carted): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(DISTINCT viewer) FROM stream_clicks WHERE stream_id = $1),
                (SELECT COUNT(DISTINCT viewer) FROM stream_carts WHERE stream_id = $1)",
    )
    .bind(stream.id)
    .fetch_one(db)
    .await?;
    Ok(StreamReport {
        slug: stream.slug,
        title: stream.title,
        booth_name: stream.booth_name,
        live_from: stream
            .live_at
            .map(|t| format::date_time(locale, Instant(t), &zone))
            .unwrap_or_default(),
        live_until: stream
            .ended_at
            .map(|t| format::date_time(locale, Instant(t), &zone))
            .unwrap_or_default(),
        live: stream.live_at.is_some() && stream.ended_at.is_none(),
        zone,
        unique_viewers: unique,
        returning_viewers: returning,
        peak_viewers: peak,
        average_viewers_tenths: average_tenths,
        average_watch: if unique > 0 {
            duration(locale, watched / unique)
        } else {
            String::new()
        },
        watch_minutes: watched / 60,
        chats: sum(|m| m.chats),
        questions: sum(|m| m.questions),
        answers: sum(|m| m.answers),
        median_answer,
        pins: sum(|m| m.pins),
        clicked,
        carted,
        checkouts: sum(|m| m.checkouts),
        orders_paid: sum(|m| m.orders_paid),
        during: attributed_as(during.0, during.1),
        after_week: attributed_as(after_week.0, after_week.1),
        by_language,
        by_country,
        by_destination,
        top_questions,
        chart_svg,
        chart_summary,
        minutes: rows,
        retention_svg,
        retention_summary,
        retention: retention_rows,
    })
}

/// The report's per-minute table as CSV (UTC times, INR paise), for a spreadsheet.
pub async fn minutes_csv(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    now: Instant,
) -> AppResult<String> {
    let stream = readable(db, actor, slug).await?;
    let minutes = minutes_of(db, &stream, now).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "minute_utc",
        "viewers_peak",
        "viewers_average",
        "joins",
        "chat_messages",
        "questions",
        "answers",
        "pins",
        "checkouts",
        "orders_paid",
        "sales_inr_minor",
    ];
    let failed = |_: csv::Error| AppError::Internal;
    out.write_record(header).map_err(failed)?;
    for m in &minutes {
        out.write_record([
            Instant(m.minute).rfc3339(),
            m.viewers_peak.to_string(),
            format!("{:.1}", m.watch_seconds as f64 / 60.0),
            m.joins.to_string(),
            m.chats.to_string(),
            m.questions.to_string(),
            m.answers.to_string(),
            m.pins.to_string(),
            m.checkouts.to_string(),
            m.orders_paid.to_string(),
            m.goods_inr_minor.to_string(),
        ])
        .map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_answer_times() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![30, 10, 20]), Some(20));
        assert_eq!(median(vec![40, 10, 20, 30]), Some(25));
    }

    #[test]
    fn retention_counts_who_stayed_each_minute() {
        // 10 min, 3 min, 1 min, 30 s, and 59 s: each reaches the minutes it completed.
        let staying = retention(&[600, 180, 60, 30, 59]);
        assert_eq!(staying, vec![5, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
        assert_eq!(
            half_stayed(&staying),
            1,
            "3 of 5 stayed a minute, 2 of 5 two"
        );
        assert_eq!(half_stayed(&retention(&[600, 180, 60, 30])), 3);
        assert_eq!(retention(&[]), vec![0]);
        assert_eq!(half_stayed(&[]), 0);
        assert!(staying.windows(2).all(|w| w[0] >= w[1]));
    }
}
