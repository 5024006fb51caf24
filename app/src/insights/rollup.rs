//! Per-minute rollups, computed from the raw records: the viewer sessions, the room's events
//! and the stream's orders. Rolling a range up again gives the same rows (each is written
//! whole), so the housekeeping task rolls up the last minutes of every live stream as often
//! as it likes; a report reads the rows, and they stay when the raw sessions are purged.

use super::sink::SILENT_AFTER_MS;
use crate::db::Db;

const MINUTE_MS: i64 = 60_000;

/// When a stream (`s`) went live and ended: as the ingest recorded it, else (a stream the
/// catalog loaded as live or over) its scheduled times.
pub const LIVE_AT: &str =
    "COALESCE(s.live_at, CASE WHEN s.state IN ('live', 'ended', 'replay') THEN s.starts_at END)";
pub const ENDED_AT: &str =
    "COALESCE(s.ended_at, CASE WHEN s.state IN ('ended', 'replay') THEN s.ends_at END)";

/// One stream's minute, as stored in `stream_minutes`.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Minute {
    /// Unix seconds at the minute's start.
    pub minute: i64,
    pub viewers_peak: i64,
    pub watch_seconds: i64,
    pub joins: i64,
    pub chats: i64,
    pub questions: i64,
    pub answers: i64,
    pub pins: i64,
    pub checkouts: i64,
    pub orders_paid: i64,
    pub goods_inr_minor: i64,
}

/// A session's span in milliseconds: open ones end now, or at their node's last heartbeat
/// when it has gone silent.
fn span(joined: i64, seen: i64, left: Option<i64>, now_ms: i64) -> (i64, i64) {
    let end = left.unwrap_or(if now_ms - seen > SILENT_AFTER_MS {
        seen
    } else {
        now_ms
    });
    (joined, end.max(joined))
}

/// Each viewer's time in the room as disjoint spans: a viewer with two tabs open, or whose
/// old socket had not yet timed out when they reconnected, is one viewer for that time.
pub fn merged(mut spans: Vec<(String, i64, i64)>) -> Vec<(i64, i64)> {
    spans.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
    let mut current: Option<(&str, i64, i64)> = None;
    for (viewer, from, to) in &spans {
        match current {
            Some((who, a, b)) if who == viewer && *from <= b => {
                current = Some((who, a, b.max(*to)));
            }
            _ => {
                if let Some((_, a, b)) = current {
                    out.push((a, b));
                }
                current = Some((viewer, *from, *to));
            }
        }
    }
    if let Some((_, a, b)) = current {
        out.push((a, b));
    }
    out
}

/// The minutes from `from_ms` to `to_ms` (whole minutes covering both), computed from the
/// raw records without writing anything.
pub async fn compute(
    db: &Db,
    stream: i64,
    from_ms: i64,
    to_ms: i64,
    now_ms: i64,
) -> Result<Vec<Minute>, sqlx::Error> {
    let first = from_ms.div_euclid(MINUTE_MS) * MINUTE_MS;
    let end = (to_ms.div_euclid(MINUTE_MS) + 1) * MINUTE_MS;
    let mut minutes = empty_minutes(first, end);
    if minutes.is_empty() {
        return Ok(minutes);
    }
    let index = |at_ms: i64| -> Option<usize> {
        (at_ms >= first && at_ms < end).then(|| ((at_ms - first) / MINUTE_MS) as usize)
    };

    let sessions: Vec<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT viewer, joined_at, seen_at, left_at FROM viewer_sessions
          WHERE stream_id = $1 AND joined_at < $2 AND seen_at >= $3",
    )
    .bind(stream)
    .bind(end)
    .bind(first - SILENT_AFTER_MS)
    .fetch_all(db)
    .await?;
    let mut spans = Vec::with_capacity(sessions.len());
    for (viewer, joined, seen, left) in sessions {
        if let Some(i) = index(joined) {
            minutes[i].joins += 1;
        }
        let (from, to) = span(joined, seen, left, now_ms);
        spans.push((viewer, from, to));
    }
    // Watch time, then the peak by a sweep over the merged spans' openings and closings (a
    // closing before an opening at the same instant).
    let spans = merged(spans);
    let mut edges: Vec<(i64, i64)> = Vec::with_capacity(spans.len() * 2);
    for &(from, to) in &spans {
        if to <= first || from >= end || to <= from {
            continue;
        }
        let (from_i, to_i) = (
            ((from.max(first) - first) / MINUTE_MS) as usize,
            ((to.min(end - 1) - first) / MINUTE_MS) as usize,
        );
        for minute in minutes.iter_mut().take(to_i + 1).skip(from_i) {
            let start = minute.minute * 1000;
            let overlap = to.min(start + MINUTE_MS) - from.max(start);
            if overlap > 0 {
                minute.watch_seconds += overlap;
            }
        }
        edges.push((from, 1));
        edges.push((to, -1));
    }
    for minute in minutes.iter_mut() {
        minute.watch_seconds /= 1000;
    }
    edges.sort_unstable();
    let mut open = 0_i64;
    let mut next = 0;
    for minute in minutes.iter_mut() {
        let start = minute.minute * 1000;
        while next < edges.len() && edges[next].0 <= start {
            open += edges[next].1;
            next += 1;
        }
        let mut peak = open;
        while next < edges.len() && edges[next].0 < start + MINUTE_MS {
            open += edges[next].1;
            peak = peak.max(open);
            next += 1;
        }
        minute.viewers_peak = peak;
    }

    let events: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT kind, at_ms, body FROM room_events
          WHERE stream_id = $1 AND at_ms >= $2 AND at_ms < $3
            AND kind IN ('chat', 'question', 'answered', 'pins')
          ORDER BY id",
    )
    .bind(stream)
    .bind(first)
    .bind(end)
    .fetch_all(db)
    .await?;
    // A question answered, taken back and answered again is one answer.
    let mut answered = std::collections::HashSet::new();
    for (kind, at_ms, body) in events {
        let Some(i) = index(at_ms) else { continue };
        let minute = &mut minutes[i];
        match kind.as_str() {
            "chat" => minute.chats += 1,
            "question" => minute.questions += 1,
            "answered" => {
                if let Some(question) = answered_on(&body)
                    && answered.insert(question)
                {
                    minute.answers += 1;
                }
            }
            "pins" if pinned_one(&body) => minute.pins += 1,
            _ => {}
        }
    }
    count_orders(db, stream, &mut minutes).await?;
    Ok(minutes)
}

/// Minutes from `first` to `end` (milliseconds, whole minutes), all zero.
fn empty_minutes(first: i64, end: i64) -> Vec<Minute> {
    (first..end)
        .step_by(MINUTE_MS as usize)
        .map(|start| Minute {
            minute: start / 1000,
            ..Minute::default()
        })
        .collect()
}

/// Sets the minutes' checkouts, paid orders and their value from the stream's orders as they
/// stand now (an order is paid minutes after it is placed, and may be refunded days later).
pub async fn count_orders(db: &Db, stream: i64, minutes: &mut [Minute]) -> Result<(), sqlx::Error> {
    let (Some(first), Some(last)) = (minutes.first(), minutes.last()) else {
        return Ok(());
    };
    let (first, end) = (first.minute, last.minute + 60);
    for minute in minutes.iter_mut() {
        minute.checkouts = 0;
        minute.orders_paid = 0;
        minute.goods_inr_minor = 0;
    }
    let orders: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT created_at, state, total_inr_minor FROM orders
          WHERE stream_id = $1 AND created_at >= $2 AND created_at < $3",
    )
    .bind(stream)
    .bind(first)
    .bind(end)
    .fetch_all(db)
    .await?;
    for (at, state, inr) in orders {
        if let Some(minute) = minutes.get_mut(((at - first) / 60) as usize) {
            minute.checkouts += 1;
            if paid(&state) {
                minute.orders_paid += 1;
                minute.goods_inr_minor += inr;
            }
        }
    }
    Ok(())
}

/// Whether an order's state counts as a sale (paid, and not refunded or cancelled since).
pub fn paid(state: &str) -> bool {
    matches!(state, "paid" | "shipped" | "delivered")
}

/// The question an `answered` event marks answered (none when it takes an answer back).
fn answered_on(body: &str) -> Option<i64> {
    let value = serde_json::from_str::<serde_json::Value>(body).ok()?;
    if value.get("on").and_then(serde_json::Value::as_bool) != Some(true) {
        return None;
    }
    value.get("question").and_then(serde_json::Value::as_i64)
}

/// A `pins` event that put a product up (not one that took one down).
fn pinned_one(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| v.get("added").is_some_and(|a| !a.is_null()))
}

/// Computes the minutes from `from_ms` to `to_ms` and writes them whole.
pub async fn roll_up(
    db: &Db,
    stream: i64,
    from_ms: i64,
    to_ms: i64,
    now_ms: i64,
) -> Result<usize, sqlx::Error> {
    let minutes = compute(db, stream, from_ms, to_ms, now_ms).await?;
    let mut tx = db.begin().await?;
    for m in &minutes {
        sqlx::query(
            "INSERT INTO stream_minutes
                (stream_id, minute, viewers_peak, watch_seconds, joins, chats, questions, answers,
                 pins, checkouts, orders_paid, goods_inr_minor)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (stream_id, minute) DO UPDATE SET
                viewers_peak = excluded.viewers_peak, watch_seconds = excluded.watch_seconds,
                joins = excluded.joins, chats = excluded.chats, questions = excluded.questions,
                answers = excluded.answers, pins = excluded.pins, checkouts = excluded.checkouts,
                orders_paid = excluded.orders_paid, goods_inr_minor = excluded.goods_inr_minor",
        )
        .bind(stream)
        .bind(m.minute)
        .bind(m.viewers_peak)
        .bind(m.watch_seconds)
        .bind(m.joins)
        .bind(m.chats)
        .bind(m.questions)
        .bind(m.answers)
        .bind(m.pins)
        .bind(m.checkouts)
        .bind(m.orders_paid)
        .bind(m.goods_inr_minor)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(minutes.len())
}

/// Rolls up every stream that is live or ended in the last ten minutes: from a little
/// before its last rolled-up minute (or from when it went live) to now.
pub async fn roll_up_recent(db: &Db, now_ms: i64) -> Result<usize, sqlx::Error> {
    let now = now_ms / 1000;
    let streams: Vec<(i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT s.id, {LIVE_AT}, {ENDED_AT},
                    (SELECT MAX(m.minute) FROM stream_minutes m WHERE m.stream_id = s.id)
               FROM streams s
              WHERE {LIVE_AT} IS NOT NULL AND {LIVE_AT} <= $1
                AND ({ENDED_AT} IS NULL OR {ENDED_AT} >= $2)"
    ))
    .bind(now)
    .bind(now - 600)
    .fetch_all(db)
    .await?;
    let mut written = 0;
    for (stream, live_at, ended_at, last) in streams {
        let from = last.map_or(live_at, |last| (last - 120).max(live_at));
        let to = ended_at.unwrap_or(now).min(now);
        written += roll_up(db, stream, from * 1000, to * 1000, now_ms).await?;
    }
    Ok(written)
}

/// Forgets raw sessions that ended (or whose node last beat) more than `days` ago; their
/// minutes stay.
pub async fn purge_raw(db: &Db, days: i64, now_ms: i64) -> Result<u64, sqlx::Error> {
    let before = now_ms - days * 86_400_000;
    let done = sqlx::query("DELETE FROM viewer_sessions WHERE COALESCE(left_at, seen_at) < $1")
        .bind(before)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_session_of_a_silent_node_ends_at_its_last_heartbeat() {
        assert_eq!(span(1_000, 5_000, None, 10_000), (1_000, 10_000));
        assert_eq!(
            span(1_000, 5_000, None, 5_000 + SILENT_AFTER_MS + 1),
            (1_000, 5_000)
        );
        assert_eq!(span(1_000, 9_000, Some(8_000), 99_000), (1_000, 8_000));
    }

    #[test]
    fn a_viewers_overlapping_sockets_are_one_span() {
        let spans = vec![
            ("u:1".to_owned(), 0, 10),
            ("u:1".to_owned(), 8, 20),
            ("u:1".to_owned(), 30, 40),
            ("u:2".to_owned(), 5, 15),
        ];
        assert_eq!(merged(spans), vec![(0, 20), (30, 40), (5, 15)]);
    }

    #[test]
    fn pins_and_answers_count_only_when_they_add() {
        assert_eq!(
            answered_on(r#"{"t":"answered","question":4,"on":true,"offset":30}"#),
            Some(4)
        );
        assert_eq!(
            answered_on(r#"{"t":"answered","question":4,"on":false,"offset":null}"#),
            None
        );
        assert!(pinned_one(
            r#"{"t":"pins","products":[],"added":11,"offset":0}"#
        ));
        assert!(!pinned_one(r#"{"t":"pins","products":[]}"#));
    }
}
