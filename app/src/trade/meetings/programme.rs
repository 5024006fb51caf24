//! A council's hosted-buyer programme (ssr only). The buyers a council verified are its
//! hosted buyers; for each, the booths of the council's halls are matched to what the buyer
//! did — a request sent to a booth's hall, a requested HS heading its products fall under,
//! its streams followed — and a curator sends the best matches as meeting suggestions,
//! emailed to the buyer and listed among their meetings with each booth's booking page. The
//! council's page counts, per booth, the meetings booked, held and cancelled, and lists the
//! meetings that asked it for a moderator, where a curator takes (or leaves) the seat.

use super::model::{BoothMeetings, CouncilMeetings, HostedBuyer, ModerationAsk, Suggestion};
use crate::accounts::roles::require_curator;
use crate::accounts::store::{User, queue_email};
use crate::core::Instant;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, format, tr};
use std::collections::{HashMap, HashSet};

/// The council's own clock, for its page.
const INDIA: &str = "Asia/Kolkata";

/// Suggestions sent at once to one buyer.
pub const SUGGESTIONS: usize = 3;

/// Why a booth suits a buyer, with its weight.
const HALL: (&str, i64) = ("hall", 2);
const HEADING: (&str, i64) = ("heading", 3);
const FOLLOW: (&str, i64) = ("follow", 2);

fn reason_label(locale: Locale, code: &str) -> String {
    let ui = locale.ui();
    match code {
        "hall" => tr!(ui, programme_reason_hall),
        "heading" => tr!(ui, programme_reason_heading),
        _ => tr!(ui, programme_reason_follow),
    }
    .to_owned()
}

/// A booth matched to a buyer: its id and why, best first.
struct Match {
    booth: i64,
    reasons: Vec<&'static str>,
    score: i64,
}

/// The council's booths that suit `buyer`, best first, leaving out booths the buyer meets
/// already and those suggested before.
async fn matches(db: &Db, council: i64, buyer: i64) -> AppResult<Vec<Match>> {
    let booths: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT b.id, b.hall_id FROM booths b JOIN halls h ON h.id = b.hall_id
          WHERE h.council_id = $1 AND b.status = 'published' ORDER BY h.position, b.id",
    )
    .bind(council)
    .fetch_all(db)
    .await?;
    let halls: HashSet<i64> = sqlx::query_scalar(
        "SELECT r.hall_id FROM rfqs r WHERE r.buyer_id = $1 AND r.hall_id IS NOT NULL
         UNION SELECT b.hall_id FROM rfqs r JOIN rfq_recipients rr ON rr.rfq_id = r.id
           JOIN booths b ON b.id = rr.booth_id WHERE r.buyer_id = $1",
    )
    .bind(buyer)
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    // Only what the buyer asked of this council's halls: another council's requests stay
    // that council's.
    let headings: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT r.hs_heading FROM rfqs r WHERE r.buyer_id = $1 AND r.hs_heading <> ''
           AND (r.hall_id IN (SELECT id FROM halls WHERE council_id = $2)
                OR EXISTS (SELECT 1 FROM rfq_recipients rr JOIN booths b ON b.id = rr.booth_id
                             JOIN halls h ON h.id = b.hall_id
                            WHERE rr.rfq_id = r.id AND h.council_id = $2))",
    )
    .bind(buyer)
    .bind(council)
    .fetch_all(db)
    .await?;
    let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
    if !headings.is_empty() {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT p.booth_id, p.hs_code FROM products p JOIN booths b ON b.id = p.booth_id
               JOIN halls h ON h.id = b.hall_id
              WHERE h.council_id = $1 AND p.status = 'published'",
        )
        .bind(council)
        .fetch_all(db)
        .await?;
        for (booth, code) in rows {
            codes
                .entry(booth)
                .or_default()
                .push(code.chars().filter(char::is_ascii_digit).collect());
        }
    }
    let followed: HashSet<i64> = sqlx::query_scalar(
        "SELECT DISTINCT s.booth_id FROM stream_follows f JOIN streams s ON s.id = f.stream_id
          WHERE f.user_id = $1",
    )
    .bind(buyer)
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    let known: HashSet<i64> = sqlx::query_scalar(
        "SELECT booth_id FROM meetings WHERE buyer_id = $1 AND state = 'booked'
         UNION SELECT booth_id FROM meeting_suggestions WHERE buyer_id = $1",
    )
    .bind(buyer)
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    let mut found: Vec<Match> = booths
        .into_iter()
        .filter(|(booth, _)| !known.contains(booth))
        .filter_map(|(booth, hall)| {
            let heading = codes.get(&booth).is_some_and(|codes| {
                codes
                    .iter()
                    .any(|code| headings.iter().any(|h| code.starts_with(h.as_str())))
            });
            let reasons: Vec<(&'static str, i64)> = [
                (heading, HEADING),
                (halls.contains(&hall), HALL),
                (followed.contains(&booth), FOLLOW),
            ]
            .into_iter()
            .filter_map(|(yes, reason)| yes.then_some(reason))
            .collect();
            (!reasons.is_empty()).then(|| Match {
                booth,
                score: reasons.iter().map(|r| r.1).sum(),
                reasons: reasons.iter().map(|r| r.0).collect(),
            })
        })
        .collect();
    // Stable: equal scores keep the halls' order.
    found.sort_by_key(|m| std::cmp::Reverse(m.score));
    Ok(found)
}

/// The best [`SUGGESTIONS`] booths of `council` for `buyer` not suggested yet: booth id and
/// reasons (comma-separated codes).
pub async fn best_matches(db: &Db, council: i64, buyer: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(matches(db, council, buyer)
        .await?
        .into_iter()
        .take(SUGGESTIONS)
        .map(|m| (m.booth, m.reasons.join(",")))
        .collect())
}

type SuggestionRow = (i64, String, String, String, String, i64);

/// Booths by id, shown as suggestions with the given reasons, in the order given (one query
/// for them all).
async fn shown(
    db: &Db,
    locale: Locale,
    buyer: i64,
    picked: &[(i64, String)],
) -> AppResult<Vec<Suggestion>> {
    if picked.is_empty() {
        return Ok(Vec::new());
    }
    // Integers only: nothing to escape.
    let ids: Vec<String> = picked.iter().map(|(id, _)| id.to_string()).collect();
    let rows: Vec<SuggestionRow> = sqlx::query_as(&format!(
        "SELECT b.id, b.slug, b.name, h.name, c.short_name,
                (SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m
                  WHERE m.booth_id = b.id AND m.buyer_id = $1 AND m.state = 'booked')
           FROM booths b JOIN halls h ON h.id = b.hall_id JOIN councils c ON c.id = h.council_id
          WHERE b.id IN ({})",
        ids.join(", ")
    ))
    .bind(buyer)
    .fetch_all(db)
    .await?;
    Ok(picked
        .iter()
        .filter_map(|(booth, reasons)| {
            let (_, slug, name, hall, council, booked) = rows.iter().find(|r| r.0 == *booth)?;
            Some(Suggestion {
                booth: slug.clone(),
                booth_name: name.clone(),
                hall_name: hall.clone(),
                council: council.clone(),
                reasons: reasons
                    .split(',')
                    .filter(|r| !r.is_empty())
                    .map(|r| reason_label(locale, r))
                    .collect(),
                booked: *booked > 0,
            })
        })
        .collect())
}

/// The suggestions sent to `buyer` (by any council), newest first.
pub async fn suggested_to(db: &Db, locale: Locale, buyer: i64) -> AppResult<Vec<Suggestion>> {
    let picked: Vec<(i64, String)> = sqlx::query_as(
        "SELECT booth_id, reasons FROM meeting_suggestions WHERE buyer_id = $1
          ORDER BY created_at DESC, id",
    )
    .bind(buyer)
    .fetch_all(db)
    .await?;
    shown(db, locale, buyer, &picked).await
}

/// The hosted buyer `buyer` of the curator's council, or 404 (403 without a council).
async fn hosted(db: &Db, actor: Option<&User>, buyer: &str) -> AppResult<(User, i64, i64)> {
    let curator = require_curator(actor)?;
    let council = curator.council_id.ok_or(AppError::Forbidden)?;
    let buyer: i64 = buyer.trim().parse().map_err(|_| AppError::NotFound)?;
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM business_profiles WHERE user_id = $1 AND verified_council = $2",
    )
    .bind(buyer)
    .bind(council)
    .fetch_optional(db)
    .await?;
    let buyer = found.ok_or(AppError::NotFound)?;
    Ok((curator.clone(), council, buyer))
}

/// Sends a hosted buyer the best [`SUGGESTIONS`] booths not suggested before; emails them.
/// Answers how many were sent (409 when nothing matches).
pub async fn suggest(
    db: &Db,
    actor: Option<&User>,
    buyer: &str,
    site: &str,
    now: Instant,
) -> AppResult<usize> {
    let (curator, council, buyer) = hosted(db, actor, buyer).await?;
    let picked = best_matches(db, council, buyer).await?;
    if picked.is_empty() {
        return Err(AppError::conflict("form", "no_matches"));
    }
    let (email, locale): (String, String) =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1")
            .bind(buyer)
            .fetch_one(db)
            .await?;
    let locale = Locale::parse(&locale).unwrap_or_default();
    let mut tx = db.begin().await?;
    let mut sent = Vec::new();
    for (booth, reasons) in &picked {
        // A second curator sending at once: the pair is suggested (and mailed) once.
        let inserted = sqlx::query(
            "INSERT INTO meeting_suggestions (council_id, buyer_id, booth_id, reasons, suggested_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (buyer_id, booth_id) DO NOTHING",
        )
        .bind(council)
        .bind(buyer)
        .bind(booth)
        .bind(reasons)
        .bind(curator.id)
        .bind(now.seconds())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            sent.push((*booth, reasons.clone()));
        }
    }
    if sent.is_empty() {
        return Err(AppError::conflict("form", "no_matches"));
    }
    let shown = shown(db, locale, buyer, &sent).await?;
    let ui = locale.ui();
    let council_name = shown.first().map(|s| s.council.clone()).unwrap_or_default();
    let lines: Vec<String> = shown
        .iter()
        .map(|s| {
            format!(
                "- {} ({}): {}\n  {site}/{}/booths/{}/meetings",
                s.booth_name,
                s.hall_name,
                s.reasons.join("; "),
                locale.code(),
                s.booth
            )
        })
        .collect();
    let body = format!(
        "{}\n\n{}\n\n{}\n{site}/{}/meetings\n",
        tr!(ui, programme_mail_lead, council = council_name.clone()),
        lines.join("\n"),
        tr!(ui, programme_mail_all),
        locale.code()
    );
    queue_email(
        &mut *tx,
        &email,
        &tr!(ui, programme_mail_subject, council = council_name),
        &body,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(sent.len())
}

/// The council's page: per booth of its halls, the meetings; per hosted buyer, the
/// suggestions sent and those a sending would add.
pub async fn council_page(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    now: Instant,
) -> AppResult<CouncilMeetings> {
    let curator = require_curator(actor)?;
    let council = curator.council_id.ok_or(AppError::Forbidden)?;
    let name: String = sqlx::query_scalar("SELECT name FROM councils WHERE id = $1")
        .bind(council)
        .fetch_one(db)
        .await?;
    type Row = (String, String, String, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT b.slug, b.name, h.name,
           (SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_hours mh WHERE mh.booth_id = b.id),
           (SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_slots s
             WHERE s.booth_id = b.id AND s.booked = 0 AND s.starts_at > $2),
           (SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m
             WHERE m.booth_id = b.id AND m.state = 'booked' AND m.ends_at > $2),
           (SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m
             WHERE m.booth_id = b.id AND m.state = 'booked' AND m.ends_at <= $2),
           (SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m
             WHERE m.booth_id = b.id AND m.state = 'cancelled'),
           (SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m
              JOIN business_profiles p ON p.user_id = m.buyer_id
             WHERE m.booth_id = b.id AND m.state = 'booked' AND p.verified_council = $1)
          FROM booths b JOIN halls h ON h.id = b.hall_id
         WHERE h.council_id = $1 AND b.status = 'published' ORDER BY h.position, b.id",
    )
    .bind(council)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let booths = rows
        .into_iter()
        .map(
            |(
                booth,
                booth_name,
                hall_name,
                hosts,
                free_ahead,
                booked_ahead,
                held,
                cancelled,
                hosted,
            )| {
                BoothMeetings {
                    booth,
                    booth_name,
                    hall_name,
                    hosts,
                    free_ahead,
                    booked_ahead,
                    held,
                    cancelled,
                    hosted,
                }
            },
        )
        .collect();
    let hosted: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, p.company FROM business_profiles p
           JOIN users u ON u.id = p.user_id
          WHERE p.verified_council = $1 ORDER BY p.verified_at DESC, u.id",
    )
    .bind(council)
    .fetch_all(db)
    .await?;
    let mut buyers = Vec::new();
    for (id, buyer_name, company) in hosted {
        let sent: Vec<(i64, String)> = sqlx::query_as(
            "SELECT booth_id, reasons FROM meeting_suggestions
              WHERE buyer_id = $1 AND council_id = $2 ORDER BY created_at DESC, id",
        )
        .bind(id)
        .bind(council)
        .fetch_all(db)
        .await?;
        let next = best_matches(db, council, id).await?;
        buyers.push(HostedBuyer {
            id,
            name: buyer_name,
            company,
            sent: shown(db, locale, id, &sent).await?,
            next: shown(db, locale, id, &next).await?,
        });
    }
    Ok(CouncilMeetings {
        council: name,
        booths,
        buyers,
        moderation: asks(db, curator.id, council, locale, now).await?,
    })
}

/// The meetings ahead that asked `council` for a moderator, soonest first.
async fn asks(
    db: &Db,
    reader: i64,
    council: i64,
    locale: Locale,
    now: Instant,
) -> AppResult<Vec<ModerationAsk>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        number: String,
        booth_name: String,
        host_name: String,
        buyer_name: String,
        company: String,
        topic: String,
        starts_at: i64,
        seated: Option<i64>,
        moderator: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.number, b.name AS booth_name, h.display_name AS host_name,
                u.display_name AS buyer_name, COALESCE(bp.company, '') AS company, m.topic,
                m.starts_at, mc.user_id AS seated, mo.display_name AS moderator
           FROM meetings m JOIN booths b ON b.id = m.booth_id
           JOIN users h ON h.id = m.host_id JOIN users u ON u.id = m.buyer_id
           LEFT JOIN council_curators mc ON mc.user_id = m.moderator_id AND mc.council_id = m.moderator_council
           LEFT JOIN users mo ON mo.id = mc.user_id
           LEFT JOIN business_profiles bp ON bp.user_id = m.buyer_id
          WHERE m.moderator_council = $1 AND m.state = 'booked' AND m.ends_at > $2
          ORDER BY m.starts_at, m.id LIMIT 200",
    )
    .bind(council)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ModerationAsk {
            when: format::date_time(locale, Instant(row.starts_at), INDIA),
            at: Instant(row.starts_at).rfc3339(),
            mine: row.seated == Some(reader),
            number: row.number,
            booth_name: row.booth_name,
            host_name: row.host_name,
            buyer_name: row.buyer_name,
            company: row.company,
            topic: row.topic,
            moderator: row.moderator,
        })
        .collect())
}

/// A curator of the council asked takes the moderator's seat of meeting `number` (`take`),
/// or leaves it (answered as the meeting's id, for the room to put them out). One moderator
/// per meeting: a seat another curator holds is 409 (one who left the council holds none);
/// a meeting that did not ask the curator's council, is over, or is the curator's own as a
/// party, is 404.
pub async fn moderate(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    take: bool,
    now: Instant,
) -> AppResult<i64> {
    let curator = require_curator(actor)?;
    let council = curator.council_id.ok_or(AppError::Forbidden)?;
    let seat: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM meetings
          WHERE number = $1 AND moderator_council = $2 AND state = 'booked' AND ends_at > $3
            AND buyer_id <> $4 AND host_id <> $4",
    )
    .bind(number.trim())
    .bind(council)
    .bind(now.seconds())
    .bind(curator.id)
    .fetch_optional(db)
    .await?;
    let meeting = seat.ok_or(AppError::NotFound)?;
    let changed = if take {
        sqlx::query(
            "UPDATE meetings SET moderator_id = $2
              WHERE id = $1 AND moderator_council = $3
                AND (moderator_id IS NULL OR moderator_id = $2
                     OR NOT EXISTS (SELECT 1 FROM council_curators cc
                                     WHERE cc.user_id = meetings.moderator_id AND cc.council_id = $3))",
        )
    } else {
        sqlx::query(
            "UPDATE meetings SET moderator_id = NULL
              WHERE id = $1 AND moderator_council = $3 AND moderator_id = $2",
        )
    }
    .bind(meeting)
    .bind(curator.id)
    .bind(council)
    .execute(db)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::conflict(
            "form",
            if take {
                "moderator_taken"
            } else {
                "not_moderator"
            },
        ));
    }
    Ok(meeting)
}
