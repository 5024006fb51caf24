//! Leads in the store. A booth's leads are read from what buyers did (samples and orders
//! with the booth, questions in its streams, its streams followed), so nothing has to be
//! written on a buyer's hot path; the team's notes live in `leads`, keyed by booth and buyer.
//! Demo audience accounts and the booth's own team are never leads.

use super::model::{Activity, ActivityKind, Lead, LeadStatus, LeadsPage, Share};
use crate::accounts::roles::{member, signed_in};
use crate::accounts::store::User;
use crate::core::Instant;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::{Locale, format};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// What a buyer did with a booth, each source in one query: `(buyer, kind, summary, at)`.
const ACTIVITIES: &str = "
    SELECT o.user_id AS buyer, 'sample' AS kind, p.name AS summary, o.created_at AS at
      FROM orders o JOIN order_items oi ON oi.order_id = o.id AND oi.sample = 1
      JOIN products p ON p.id = oi.product_id
     WHERE o.booth_id = $1 AND o.user_id IS NOT NULL
    UNION ALL
    SELECT o.user_id, 'order', o.number, o.created_at
      FROM orders o
     WHERE o.booth_id = $1 AND o.user_id IS NOT NULL AND o.state IN ('paid', 'shipped', 'delivered')
       AND EXISTS (SELECT 1 FROM order_items oi WHERE oi.order_id = o.id AND oi.sample = 0)
    UNION ALL
    SELECT q.user_id, 'question', q.text, CAST(e.at_ms / 1000 AS BIGINT)
      FROM room_questions q JOIN streams s ON s.id = q.stream_id
      JOIN room_events e ON e.stream_id = q.stream_id AND e.id = q.event_id
     WHERE s.booth_id = $1 AND q.hidden = 0
    UNION ALL
    SELECT f.user_id, 'follow', s.title, f.created_at
      FROM stream_follows f JOIN streams s ON s.id = f.stream_id
     WHERE s.booth_id = $1
    UNION ALL
    SELECT r.buyer_id, 'rfq', r.subject, rr.at
      FROM rfq_recipients rr JOIN rfqs r ON r.id = rr.rfq_id
     WHERE rr.booth_id = $1
    UNION ALL
    SELECT r.buyer_id, 'quote', q.number, q.created_at
      FROM rfq_quotes q JOIN rfqs r ON r.id = q.rfq_id
     WHERE q.booth_id = $1 AND q.state <> 'withdrawn'
    UNION ALL
    SELECT m.buyer_id, 'meeting', m.topic, m.created_at
      FROM meetings m
     WHERE m.booth_id = $1";

/// Activities (`a`) of real buyers only: no demo audience account, no one on the booth's team.
fn lead_activities() -> String {
    format!(
        "({ACTIVITIES}) a JOIN users u ON u.id = a.buyer
          WHERE u.demo = 0
            AND NOT EXISTS (SELECT 1 FROM booth_members m WHERE m.booth_id = $1 AND m.user_id = a.buyer)"
    )
}

/// The booth's leads, newest activity first, filtered by status and by what they did.
pub async fn leads(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    status: Option<LeadStatus>,
    kind: Option<ActivityKind>,
    now: Instant,
) -> AppResult<LeadsPage> {
    let (_, booth_id, _) = member(actor)?;
    let mut all = all_leads(db, booth_id).await?;
    for lead in &mut all {
        if !lead.country.is_empty() {
            lead.country_name = format::country(locale, &lead.country);
        }
        for activity in &mut lead.activities {
            activity.when = format::date(locale, Instant(activity.at), "UTC");
        }
    }
    let counts = LeadStatus::ALL
        .into_iter()
        .map(|s| (s, all.iter().filter(|l| l.status == s).count()))
        .collect();
    let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth_id)
        .fetch_one(db)
        .await?;
    Ok(LeadsPage {
        booth_name,
        leads: all
            .into_iter()
            .filter(|l| status.is_none_or(|s| l.status == s))
            .filter(|l| kind.is_none_or(|k| l.activities.iter().any(|a| a.kind == k)))
            .collect(),
        counts,
        status,
        kind,
        today: now.iso_date(),
    })
}

/// Every lead of a booth, newest activity first.
pub async fn all_leads(db: &Db, booth_id: i64) -> Result<Vec<Lead>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT a.buyer, a.kind, a.summary, CAST(a.at AS BIGINT) FROM {}
          ORDER BY a.at DESC",
        lead_activities()
    ))
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let mut activities: BTreeMap<i64, Vec<Activity>> = BTreeMap::new();
    for (buyer, kind, summary, at) in rows {
        if let Some(kind) = ActivityKind::parse(&kind) {
            activities.entry(buyer).or_default().push(Activity {
                kind,
                summary,
                at,
                when: String::new(),
            });
        }
    }
    #[derive(sqlx::FromRow)]
    struct Person {
        id: i64,
        display_name: String,
        email: Option<String>,
        country: Option<String>,
        company: Option<String>,
        profile_country: Option<String>,
        status: Option<String>,
        note: Option<String>,
        next_action_at: Option<i64>,
    }
    if activities.is_empty() {
        return Ok(Vec::new());
    }
    // Everyone at once: the ids come from the store, so they are written into the list.
    let ids: Vec<String> = activities.keys().map(i64::to_string).collect();
    let people: Vec<Person> = sqlx::query_as(&format!(
        "SELECT u.id, u.display_name,
                (SELECT u.email FROM contact_shares c WHERE c.user_id = u.id AND c.booth_id = $1) AS email,
                (SELECT o.country FROM orders o WHERE o.user_id = u.id AND o.booth_id = $1 AND o.country <> ''
                  ORDER BY o.id DESC LIMIT 1) AS country,
                -- The business profile travels with a request for quotation only.
                CASE WHEN r.rfq_id IS NULL THEN NULL ELSE bp.company END AS company,
                CASE WHEN r.rfq_id IS NULL THEN NULL ELSE bp.country END AS profile_country,
                l.status, l.note, l.next_action_at
           FROM users u LEFT JOIN leads l ON l.buyer_id = u.id AND l.booth_id = $1
           LEFT JOIN business_profiles bp ON bp.user_id = u.id
           LEFT JOIN (SELECT x.buyer_id, MIN(x.id) AS rfq_id FROM rfqs x
                        JOIN rfq_recipients rr ON rr.rfq_id = x.id AND rr.booth_id = $1
                       GROUP BY x.buyer_id) r ON r.buyer_id = u.id
          WHERE u.id IN ({}) ORDER BY u.id",
        ids.join(", ")
    ))
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let mut leads = Vec::with_capacity(activities.len());
    for person in people {
        let Some(activities) = activities.remove(&person.id) else {
            continue;
        };
        // Until the team says otherwise, a buyer who paid is won, one the booth quoted is
        // quoted, and anyone else is new.
        let did = |kind| activities.iter().any(|a| a.kind == kind);
        let status = person
            .status
            .as_deref()
            .and_then(LeadStatus::parse)
            .unwrap_or(if did(ActivityKind::Order) {
                LeadStatus::Won
            } else if did(ActivityKind::Quote) {
                LeadStatus::Quoted
            } else {
                LeadStatus::New
            });
        leads.push(Lead {
            buyer: person.id,
            name: person.display_name,
            email: person.email,
            country: person
                .country
                .or(person.profile_country)
                .unwrap_or_default(),
            company: person.company.unwrap_or_default(),
            country_name: String::new(),
            status,
            note: person.note.unwrap_or_default(),
            next_action: person.next_action_at.map(|at| Instant(at).iso_date()),
            activities,
        });
    }
    leads.sort_by_key(|l| std::cmp::Reverse(l.last_at()));
    Ok(leads)
}

/// The team's notes on one lead: status, next action date (empty for none) and a note.
/// Only a buyer who is this booth's lead can be noted on.
pub async fn update_lead(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<()> {
    let (user, booth_id, _) = member(actor)?;
    let buyer: i64 = field(fields, "buyer")
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let mut checks = Checks::default();
    let status = LeadStatus::parse(field(fields, "status"));
    if status.is_none() {
        checks.fail("status", "choice");
    }
    let raw_date = field(fields, "next_action").trim();
    let next_action = if raw_date.is_empty() {
        None
    } else {
        let parsed = Instant::parse_date(raw_date);
        if parsed.is_none() {
            checks.fail("next_action", "date");
        }
        parsed
    };
    let note = checks.optional_paragraph("note", field(fields, "note"), 2000);
    checks.finish()?;
    let is_lead: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT a.buyer FROM {} AND a.buyer = $2 LIMIT 1",
        lead_activities()
    ))
    .bind(booth_id)
    .bind(buyer)
    .fetch_optional(db)
    .await?;
    if is_lead.is_none() {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "INSERT INTO leads (booth_id, buyer_id, status, note, next_action_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (booth_id, buyer_id) DO UPDATE SET status = excluded.status, note = excluded.note,
                next_action_at = excluded.next_action_at, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by",
    )
    .bind(booth_id)
    .bind(buyer)
    .bind(status.map_or("new", LeadStatus::code))
    .bind(&note)
    .bind(next_action.map(Instant::seconds))
    .bind(now.seconds())
    .bind(user.id)
    .execute(db)
    .await?;
    Ok(())
}

/// The booth's leads as CSV (what the console shows, one row per lead), for a spreadsheet or
/// a CRM. A cell that a spreadsheet would read as a formula is quoted as text.
pub async fn leads_csv(db: &Db, actor: Option<&User>) -> AppResult<String> {
    let (_, booth_id, _) = member(actor)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "buyer",
        "company",
        "email",
        "country",
        "status",
        "next_action",
        "note",
        "first_contact",
        "last_contact",
        "samples",
        "questions",
        "follows",
        "orders",
        "rfqs",
        "quotes",
        "meetings",
        "latest",
    ];
    let write = |out: &mut csv::Writer<Vec<u8>>, row: &[String]| {
        out.write_record(row.iter().map(|cell| crate::core::spreadsheet_safe(cell)))
            .map_err(|_| AppError::Internal)
    };
    write(&mut out, &header.map(str::to_owned))?;
    for lead in all_leads(db, booth_id).await? {
        let count = |k: ActivityKind| {
            lead.activities
                .iter()
                .filter(|a| a.kind == k)
                .count()
                .to_string()
        };
        let first = lead.activities.last().map_or(0, |a| a.at);
        let latest = lead
            .activities
            .first()
            .map(|a| format!("{}: {}", a.kind.code(), a.summary))
            .unwrap_or_default();
        write(
            &mut out,
            &[
                lead.name.clone(),
                lead.company.clone(),
                lead.email.clone().unwrap_or_default(),
                lead.country.clone(),
                lead.status.code().to_owned(),
                lead.next_action.clone().unwrap_or_default(),
                lead.note.clone(),
                Instant(first).rfc3339(),
                Instant(lead.last_at()).rfc3339(),
                count(ActivityKind::Sample),
                count(ActivityKind::Question),
                count(ActivityKind::Follow),
                count(ActivityKind::Order),
                count(ActivityKind::Rfq),
                count(ActivityKind::Quote),
                count(ActivityKind::Meeting),
                latest,
            ],
        )?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

/// Records that a buyer shares contact details with a booth (inside the transaction of what
/// they asked for); sharing again keeps the first date.
pub async fn share_contact(
    conn: &mut AnyConnection,
    user: i64,
    booth_id: i64,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO contact_shares (user_id, booth_id, shared_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, booth_id) DO NOTHING",
    )
    .bind(user)
    .bind(booth_id)
    .bind(now.seconds())
    .execute(conn)
    .await?;
    Ok(())
}

/// The booths the signed-in buyer shares contact details with, by name.
pub async fn shares(db: &Db, actor: Option<&User>, locale: Locale) -> AppResult<Vec<Share>> {
    let user = signed_in(actor)?;
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT b.slug, b.name, c.shared_at FROM contact_shares c JOIN booths b ON b.id = c.booth_id
          WHERE c.user_id = $1 ORDER BY b.name",
    )
    .bind(user.id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(booth_slug, booth_name, at)| Share {
            booth_slug,
            booth_name,
            since: Instant(at).iso_date(),
            since_label: format::date(locale, Instant(at), "UTC"),
        })
        .collect())
}

/// Stops sharing contact details with one booth (by slug); not found when not shared.
pub async fn withdraw_share(db: &Db, actor: Option<&User>, booth: &str) -> AppResult<()> {
    let user = signed_in(actor)?;
    let removed = sqlx::query(
        "DELETE FROM contact_shares WHERE user_id = $1
            AND booth_id = (SELECT id FROM booths WHERE slug = $2)",
    )
    .bind(user.id)
    .bind(booth.trim())
    .execute(db)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
