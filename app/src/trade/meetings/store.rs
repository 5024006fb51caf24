//! Meetings in the store: a team member's hours and slots, a buyer's booking, change and
//! cancellation (each emailed to both parties with a calendar entry), and the pages' reads.
//!
//! No double booking, on either side: a booking claims its slot with a conditional update
//! (exactly one of many wins); a buyer's bookings and a member's slot changes each begin
//! with a write to that person's own counter, so two of them take turns, and the overlap
//! checked after it cannot be made stale by the other.

use super::form::{WeeklyHours, check_booking, check_hours, check_range, check_slot, slot_id};
use super::invite::{self, Invite, Method};
use super::model::{
    BookPage, DAYS_AHEAD, Host, Meeting, MeetingList, MeetingPage, MeetingState, Moderation, Slot,
    SlotDay, TeamMeetings, TeamSlot,
};
use super::room::{self, IceConfig, Reader};
use crate::accounts::roles::{member, signed_in};
use crate::accounts::store::{User, queue_email, queue_email_with_calendar};
use crate::core::secrets::new_token;
use crate::core::{Instant, local_day};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::fx::Pricing;
use crate::i18n::{Locale, format, tr};
use sqlx::{Any, AnyConnection, FromRow, Transaction};

/// A slot on the team's page as read: id, host, host's name, start, end, host's zone, and
/// the number and buyer of the meeting booked on it.
type TeamSlotRow = (
    i64,
    i64,
    String,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
);

/// How many meetings ahead one buyer may hold, and with one booth.
pub const MEETINGS_AHEAD: i64 = 12;
pub const MEETINGS_AHEAD_PER_BOOTH: i64 = 3;

async fn hours_of(conn: &mut AnyConnection, user: i64) -> Result<Option<WeeklyHours>, sqlx::Error> {
    let row: Option<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT time_zone, weekdays, opens_minute, closes_minute, slot_minutes
           FROM meeting_hours WHERE user_id = $1",
    )
    .bind(user)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(zone, weekdays, opens, closes, length)| WeeklyHours {
            zone,
            weekdays,
            opens,
            closes,
            length,
        }),
    )
}

/// Keeps the member's weekly hours (slots already published stay).
pub async fn save_hours(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<()> {
    let (user, booth, _) = member(actor)?;
    let hours = check_hours(fields)?;
    let mut conn = db.acquire().await?;
    keep_hours(&mut conn, (user.id, booth), &hours, now).await?;
    Ok(())
}

/// Writes (or replaces) the weekly hours of `user` on `booth`'s team.
pub async fn keep_hours(
    conn: &mut AnyConnection,
    (user, booth): (i64, i64),
    hours: &WeeklyHours,
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meeting_hours (user_id, booth_id, time_zone, weekdays, opens_minute, closes_minute,
                slot_minutes, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id) DO UPDATE SET booth_id = excluded.booth_id, time_zone = excluded.time_zone,
                weekdays = excluded.weekdays, opens_minute = excluded.opens_minute,
                closes_minute = excluded.closes_minute, slot_minutes = excluded.slot_minutes,
                updated_at = excluded.updated_at",
    )
    .bind(user)
    .bind(booth)
    .bind(&hours.zone)
    .bind(hours.weekdays)
    .bind(hours.opens)
    .bind(hours.closes)
    .bind(hours.length)
    .bind(now.seconds())
    .execute(conn)
    .await?;
    Ok(())
}

/// The member's hours, or a 409 asking for them first.
async fn hours_needed(db: &Db, user: i64) -> AppResult<WeeklyHours> {
    let mut conn = db.acquire().await?;
    hours_of(&mut conn, user)
        .await?
        .ok_or_else(|| AppError::conflict("form", "hours_needed"))
}

/// The first write of a change to `host`'s slots.
async fn lock_host(tx: &mut Transaction<'_, Any>, host: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE meeting_hours SET writes = writes + 1 WHERE user_id = $1")
        .bind(host)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn host_overlaps(
    tx: &mut Transaction<'_, Any>,
    host: i64,
    (start, end): (Instant, Instant),
) -> Result<bool, sqlx::Error> {
    let found: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM meeting_slots WHERE host_id = $1 AND starts_at < $3 AND ends_at > $2",
    )
    .bind(host)
    .bind(start.seconds())
    .bind(end.seconds())
    .fetch_one(&mut **tx)
    .await?;
    Ok(found > 0)
}

async fn insert_slot(
    tx: &mut Transaction<'_, Any>,
    booth: i64,
    host: i64,
    (start, end): (Instant, Instant),
    now: Instant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meeting_slots (booth_id, host_id, starts_at, ends_at, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(booth)
    .bind(host)
    .bind(start.seconds())
    .bind(end.seconds())
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Publishes every slot the member's hours make from one local date to another (those
/// already taken by an overlapping slot of theirs are skipped); returns how many are new.
pub async fn publish(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<usize> {
    let (user, booth, _) = member(actor)?;
    let hours = hours_needed(db, user.id).await?;
    let (from, to) = check_range(fields, &hours, now)?;
    let mut tx = db.begin().await?;
    lock_host(&mut tx, user.id).await?;
    let mut added = 0;
    for date in from.iter_days().take_while(|d| *d <= to) {
        for slot in hours.slots_on(date) {
            if slot.0 > now && !host_overlaps(&mut tx, user.id, slot).await? {
                insert_slot(&mut tx, booth, user.id, slot, now).await?;
                added += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(added)
}

/// Publishes one slot at a local start the member typed.
pub async fn add_slot(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<()> {
    let (user, booth, _) = member(actor)?;
    let hours = hours_needed(db, user.id).await?;
    let slot = check_slot(fields, &hours, now)?;
    let mut tx = db.begin().await?;
    lock_host(&mut tx, user.id).await?;
    if host_overlaps(&mut tx, user.id, slot).await? {
        return Err(AppError::conflict("starts", "slot_overlap"));
    }
    insert_slot(&mut tx, booth, user.id, slot, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes one of the member's own free slots (a booked one is cancelled as a meeting).
pub async fn remove_slot(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
) -> AppResult<()> {
    let (user, _, _) = member(actor)?;
    let slot = slot_id(fields)?;
    let removed =
        sqlx::query("DELETE FROM meeting_slots WHERE id = $1 AND host_id = $2 AND booked = 0")
            .bind(slot)
            .bind(user.id)
            .execute(db)
            .await?
            .rows_affected();
    if removed == 1 {
        return Ok(());
    }
    let mine: Option<i64> =
        sqlx::query_scalar("SELECT id FROM meeting_slots WHERE id = $1 AND host_id = $2")
            .bind(slot)
            .bind(user.id)
            .fetch_optional(db)
            .await?;
    Err(match mine {
        Some(_) => AppError::conflict("form", "slot_booked"),
        None => AppError::NotFound,
    })
}

/// A slot's host still works for its booth (the slots of someone who left are not offered).
/// `slots` names the slots table in the query.
fn on_the_team(slots: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM booth_members bm WHERE bm.user_id = {slots}.host_id AND bm.booth_id = {slots}.booth_id)"
    )
}

/// The first write of a buyer's booking or change.
async fn lock_buyer(tx: &mut Transaction<'_, Any>, buyer: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET meeting_writes = meeting_writes + 1 WHERE id = $1")
        .bind(buyer)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Who may take a slot: any of a booth's (a booking), or the same host's (a change).
#[derive(Clone, Copy)]
enum Within {
    Booth(i64),
    Host(i64),
}

/// Claims a free slot ahead: exactly one of many concurrent claims wins. Returns its host
/// and times.
async fn claim(
    tx: &mut Transaction<'_, Any>,
    slot: i64,
    within: Within,
    now: Instant,
) -> AppResult<(i64, Instant, Instant)> {
    let (column, owner) = match within {
        Within::Booth(id) => ("booth_id", id),
        Within::Host(id) => ("host_id", id),
    };
    let claimed = sqlx::query(&format!(
        "UPDATE meeting_slots SET booked = 1
          WHERE id = $1 AND {column} = $2 AND booked = 0 AND starts_at > $3
            AND {}
            AND NOT EXISTS (SELECT 1 FROM users su
                             WHERE su.id = meeting_slots.host_id AND su.suspended_at IS NOT NULL)",
        on_the_team("meeting_slots")
    ))
    .bind(slot)
    .bind(owner)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(AppError::conflict("slot", "slot_taken"));
    }
    let (host, start, end): (i64, i64, i64) =
        sqlx::query_as("SELECT host_id, starts_at, ends_at FROM meeting_slots WHERE id = $1")
            .bind(slot)
            .fetch_one(&mut **tx)
            .await?;
    Ok((host, Instant(start), Instant(end)))
}

/// Whether the buyer already meets someone then (`except` the meeting being moved).
async fn buyer_busy(
    tx: &mut Transaction<'_, Any>,
    buyer: i64,
    (start, end): (Instant, Instant),
    except: i64,
) -> Result<bool, sqlx::Error> {
    let found: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM meetings WHERE (buyer_id = $1 OR host_id = $1) AND state = 'booked' AND id <> $4
            AND starts_at < $3 AND ends_at > $2",
    )
    .bind(buyer)
    .bind(start.seconds())
    .bind(end.seconds())
    .bind(except)
    .fetch_one(&mut **tx)
    .await?;
    Ok(found > 0)
}

/// Books one of `booth`'s free slots for the signed-in buyer; `zone` is the buyer's (their
/// emails read in it). Returns the meeting's number.
pub async fn book(
    db: &Db,
    actor: Option<&User>,
    booth: &str,
    fields: &[(String, String)],
    zone: &str,
    site: &str,
    now: Instant,
) -> AppResult<String> {
    let user = signed_in(actor)?;
    let booth_id: i64 =
        sqlx::query_scalar("SELECT id FROM booths WHERE slug = $1 AND status = 'published'")
            .bind(booth.trim())
            .fetch_optional(db)
            .await?
            .ok_or(AppError::NotFound)?;
    if user.booth.is_some_and(|(mine, _)| mine == booth_id) {
        return Err(AppError::conflict("form", "own_booth_meeting"));
    }
    let (slot, topic) = check_booking(fields)?;
    let number = format!("MTG-{}", new_token()[..12].to_ascii_uppercase());
    let mut tx = db.begin().await?;
    lock_buyer(&mut tx, user.id).await?;
    let (ahead, here): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN booth_id = $3 THEN 1 ELSE 0 END), 0) AS BIGINT)
           FROM meetings WHERE buyer_id = $1 AND state = 'booked' AND ends_at > $2",
    )
    .bind(user.id)
    .bind(now.seconds())
    .bind(booth_id)
    .fetch_one(&mut *tx)
    .await?;
    if ahead >= MEETINGS_AHEAD || here >= MEETINGS_AHEAD_PER_BOOTH {
        return Err(AppError::conflict("form", "meeting_cap"));
    }
    let (host, start, end) = claim(&mut tx, slot, Within::Booth(booth_id), now).await?;
    if buyer_busy(&mut tx, user.id, (start, end), 0).await? {
        return Err(AppError::conflict("slot", "buyer_busy"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meetings (number, slot_id, booth_id, host_id, buyer_id, starts_at, ends_at, topic,
                buyer_zone, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(&number)
    .bind(slot)
    .bind(booth_id)
    .bind(host)
    .bind(user.id)
    .bind(start.seconds())
    .bind(end.seconds())
    .bind(&topic)
    .bind(zone)
    .bind(now.seconds())
    .fetch_one(&mut *tx)
    .await?;
    crate::trade::leads::store::share_contact(&mut tx, user.id, booth_id, now).await?;
    notify(&mut tx, id, Notice::Booked, site, now).await?;
    tx.commit().await?;
    Ok(number)
}

/// A meeting as stored, with both parties.
#[derive(FromRow)]
struct Row {
    id: i64,
    number: String,
    topic: String,
    starts_at: i64,
    ends_at: i64,
    sequence: i64,
    state: String,
    reason: String,
    cancelled_by: Option<i64>,
    buyer_zone: String,
    booth_id: i64,
    booth_slug: String,
    booth_name: String,
    host_id: i64,
    host_name: String,
    host_email: String,
    host_locale: String,
    host_zone: String,
    buyer_id: i64,
    buyer_name: String,
    buyer_email: String,
    buyer_locale: String,
    company: String,
    /// The demo's export managers are accounts nobody reads mail for.
    host_demo: i64,
    /// The council whose hall holds the booth, and the one that verified the buyer: the
    /// same one makes this a meeting of that council's hosted-buyer programme.
    hall_council: i64,
    council_name: String,
    buyer_council: Option<i64>,
    /// The council asked for a moderator, and the curator seated (while they still curate
    /// for it: a curator who left the council moderates nothing).
    moderator_council: Option<i64>,
    moderator_id: Option<i64>,
    moderator_name: Option<String>,
    moderator_email: Option<String>,
    moderator_locale: Option<String>,
}

const SELECT: &str = "SELECT m.id, m.number, m.topic, m.starts_at, m.ends_at, m.sequence,
        m.state, m.reason, m.cancelled_by, m.buyer_zone, m.booth_id, b.slug AS booth_slug, b.name AS booth_name,
        m.host_id, h.display_name AS host_name, h.email AS host_email, h.locale AS host_locale,
        COALESCE(mh.time_zone, 'Asia/Kolkata') AS host_zone,
        m.buyer_id, u.display_name AS buyer_name, u.email AS buyer_email, u.locale AS buyer_locale,
        COALESCE(bp.company, '') AS company, h.demo AS host_demo,
        hl.council_id AS hall_council, c.name AS council_name, bp.verified_council AS buyer_council,
        m.moderator_council, mc.user_id AS moderator_id, mo.display_name AS moderator_name,
        mo.email AS moderator_email, mo.locale AS moderator_locale
   FROM meetings m JOIN booths b ON b.id = m.booth_id
   JOIN halls hl ON hl.id = b.hall_id JOIN councils c ON c.id = hl.council_id
   JOIN users h ON h.id = m.host_id JOIN users u ON u.id = m.buyer_id
   LEFT JOIN council_curators mc ON mc.user_id = m.moderator_id AND mc.council_id = m.moderator_council
   LEFT JOIN users mo ON mo.id = mc.user_id
   LEFT JOIN meeting_hours mh ON mh.user_id = m.host_id
   LEFT JOIN business_profiles bp ON bp.user_id = m.buyer_id";

impl Row {
    fn state(&self, now: Instant) -> MeetingState {
        if self.state == "cancelled" {
            MeetingState::Cancelled
        } else if self.ends_at <= now.seconds() {
            MeetingState::Past
        } else {
            MeetingState::Booked
        }
    }

    /// The meeting as `reader` reads it, in `zone`.
    fn shown(&self, reader: i64, locale: Locale, zone: &str, now: Instant) -> Meeting {
        let as_buyer = self.buyer_id == reader;
        let other_zone = if as_buyer {
            &self.host_zone
        } else {
            &self.buyer_zone
        };
        let start = Instant(self.starts_at);
        Meeting {
            number: self.number.clone(),
            booth: self.booth_slug.clone(),
            booth_name: self.booth_name.clone(),
            host_name: self.host_name.clone(),
            buyer_name: self.buyer_name.clone(),
            company: self.company.clone(),
            topic: self.topic.clone(),
            state: self.state(now),
            when: format::date_time(locale, start, zone),
            until: format::zoned_time(locale, Instant(self.ends_at), zone),
            other_when: format::date_time(locale, start, other_zone),
            minutes: (self.ends_at - self.starts_at) / 60,
            at: start.rfc3339(),
            as_buyer,
            as_moderator: !as_buyer && self.host_id != reader,
        }
    }

    fn invite<'a>(&'a self, summary: &'a str, url: &'a str) -> Invite<'a> {
        Invite {
            id: self.id,
            summary,
            description: &self.topic,
            starts: Instant(self.starts_at),
            ends: Instant(self.ends_at),
            sequence: self.sequence,
            cancelled: self.state == "cancelled",
            organizer: (&self.host_name, &self.host_email),
            attendee: (&self.buyer_name, &self.buyer_email),
            url,
        }
    }

    fn party(&self, now: Instant) -> Party {
        Party {
            meeting: self.id,
            booth: self.booth_id,
            buyer: (self.buyer_id, self.buyer_name.clone()),
            host: (self.host_id, self.host_name.clone()),
            moderator: self.moderator_id.zip(self.moderator_name.clone()),
            open: self.state(now) == MeetingState::Booked,
        }
    }

    /// The council of the hosted-buyer programme this meeting belongs to, if it does.
    fn programme(&self) -> Option<i64> {
        (self.buyer_council == Some(self.hall_council)).then_some(self.hall_council)
    }

    /// The moderator's part of the page, as `reader` sees it: for a meeting of a programme
    /// (or one a council was asked for).
    fn moderation(&self, reader: i64, now: Instant) -> Option<Moderation> {
        let party = reader == self.buyer_id || reader == self.host_id;
        let mine = self.moderator_id == Some(reader);
        let booked = self.state(now) == MeetingState::Booked;
        if self.moderator_council.is_none() && (self.programme().is_none() || !party || !booked) {
            return None;
        }
        Some(Moderation {
            council: self.council_name.clone(),
            asked: self.moderator_council.is_some(),
            moderator: self.moderator_name.clone(),
            may_ask: party
                && booked
                && (self.programme().is_some() || self.moderator_council.is_some()),
            mine,
        })
    }

    fn summary(&self) -> String {
        format!("{} · {}", self.booth_name, self.buyer_name)
    }
}

async fn row_by_id(conn: &mut AnyConnection, id: i64) -> Result<Row, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await
}

/// A meeting `user` is a party to; anyone else gets a 404.
async fn party_meeting(db: &Db, user: &User, number: &str) -> AppResult<Row> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE m.number = $1 AND (m.buyer_id = $2 OR m.host_id = $2)"
    ))
    .bind(number.trim())
    .bind(user.id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

/// A meeting `user` may see and enter: a party, or the moderator seated while they still
/// curate for the council asked. Anyone else gets a 404.
async fn seated_meeting(db: &Db, user: &User, number: &str) -> AppResult<Row> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE m.number = $1 AND (m.buyer_id = $2 OR m.host_id = $2 OR mc.user_id = $2)"
    ))
    .bind(number.trim())
    .bind(user.id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

/// A meeting as its room needs it: who may be in it (id and name).
pub(super) struct Party {
    pub meeting: i64,
    pub booth: i64,
    pub buyer: (i64, String),
    pub host: (i64, String),
    pub moderator: Option<(i64, String)>,
    /// Booked and not over: the call and new lines are open.
    pub open: bool,
}

impl Party {
    /// Everyone in the room but `me`.
    pub fn others(&self, me: i64) -> Vec<(i64, String)> {
        [Some(&self.buyer), Some(&self.host), self.moderator.as_ref()]
            .into_iter()
            .flatten()
            .filter(|(id, _)| *id != me)
            .cloned()
            .collect()
    }

    /// `id` may be in the room.
    pub fn seats(&self, id: i64) -> bool {
        self.buyer.0 == id
            || self.host.0 == id
            || self.moderator.as_ref().is_some_and(|m| m.0 == id)
    }
}

/// The meeting numbered `number`, if `user` is one of its two parties or its moderator
/// (else 404).
pub(super) async fn party(db: &Db, user: &User, number: &str, now: Instant) -> AppResult<Party> {
    Ok(seated_meeting(db, user, number).await?.party(now))
}

/// A party asks the meeting's programme council for a moderator (`ask`), or withdraws the
/// request (the seated moderator, if any, leaves the meeting: answered as the meeting's id
/// and theirs, for the room to put them out). The council's curators are emailed when asked
/// (at most once a day). Only while the meeting is booked and not over; a meeting whose
/// buyer is not a hosted buyer of the booth's council has no moderator to ask (409).
pub async fn ask_moderator(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    ask: bool,
    site: &str,
    now: Instant,
) -> AppResult<Option<(i64, i64)>> {
    let user = signed_in(actor)?;
    let row = party_meeting(db, user, number).await?;
    if row.state(now) != MeetingState::Booked {
        return Err(AppError::conflict("form", "meeting_over"));
    }
    if !ask {
        sqlx::query(
            "UPDATE meetings SET moderator_council = NULL, moderator_id = NULL WHERE id = $1",
        )
        .bind(row.id)
        .execute(db)
        .await?;
        return Ok(row.moderator_id.map(|moderator| (row.id, moderator)));
    }
    let Some(council) = row.programme() else {
        return Err(AppError::conflict("form", "not_hosted"));
    };
    let mut tx = db.begin().await?;
    // Asked once: a second ask (or both parties at once) mails nobody again.
    let asked = sqlx::query(
        "UPDATE meetings SET moderator_council = $2 WHERE id = $1 AND moderator_council IS NULL",
    )
    .bind(row.id)
    .bind(council)
    .execute(&mut *tx)
    .await?;
    // Asked again after a withdrawal: the curators were told within the day already.
    let mail = asked.rows_affected() == 1
        && sqlx::query(
            "UPDATE meetings SET moderator_mailed_at = $2
              WHERE id = $1 AND (moderator_mailed_at IS NULL OR moderator_mailed_at < $3)",
        )
        .bind(row.id)
        .bind(now.seconds())
        .bind(now.seconds() - 86_400)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
    if mail {
        let curators: Vec<(String, String)> = sqlx::query_as(
            "SELECT u.email, u.locale FROM council_curators cc JOIN users u ON u.id = cc.user_id
              WHERE cc.council_id = $1 AND u.suspended_at IS NULL AND u.demo = 0 ORDER BY u.id",
        )
        .bind(council)
        .fetch_all(&mut *tx)
        .await?;
        for (email, locale) in curators {
            let locale = Locale::parse(&locale).unwrap_or_default();
            let ui = locale.ui();
            let when = format::date_time(locale, Instant(row.starts_at), "UTC");
            let body = format!(
                "{}\n\n{} · {}\n{when}\n\n{site}/{}/curator/meetings#moderation\n",
                tr!(
                    ui,
                    moderation_mail_lead,
                    asker = user.display_name.clone(),
                    booth = row.booth_name.clone()
                ),
                row.booth_name,
                row.buyer_name,
                locale.code()
            );
            queue_email(
                &mut *tx,
                &email,
                &tr!(ui, moderation_mail_subject, number = row.number.clone()),
                &body,
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(None)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Notice {
    Booked,
    Changed,
    Cancelled,
}

/// Emails both parties, each in their language and zone, with the calendar entry (and a
/// change or cancellation to the moderator, if one is seated).
async fn notify(
    tx: &mut Transaction<'_, Any>,
    meeting: i64,
    notice: Notice,
    site: &str,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let row = row_by_id(tx, meeting).await?;
    let summary = row.summary();
    let method = if notice == Notice::Cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    let parties = [
        (
            &row.buyer_email,
            &row.buyer_locale,
            &row.buyer_zone,
            &row.booth_name,
        ),
        (
            &row.host_email,
            &row.host_locale,
            &row.host_zone,
            &row.buyer_name,
        ),
    ];
    for (email, locale, zone, with) in parties {
        if *email == row.host_email && row.host_demo != 0 {
            continue;
        }
        let locale = Locale::parse(locale).unwrap_or(Locale::En);
        let ui = locale.ui();
        let when = format::date_time(locale, Instant(row.starts_at), zone);
        let with = crate::i18n::isolate(with);
        let subject = match notice {
            Notice::Booked => tr!(ui, meeting_mail_booked, with = with.clone(), when = when),
            Notice::Changed => tr!(ui, meeting_mail_changed, with = with.clone(), when = when),
            Notice::Cancelled => {
                tr!(ui, meeting_mail_cancelled, with = with.clone(), when = when)
            }
        };
        let url = format!("{site}/{}/meetings/{}", locale.code(), row.number);
        let reason = if row.reason.is_empty() {
            String::new()
        } else {
            format!("\n{}: {}\n", tr!(ui, meeting_reason), row.reason)
        };
        let body = format!(
            "{subject}\n\n{}: {}\n{reason}\n{url}\n",
            tr!(ui, meeting_topic),
            row.topic
        );
        let calendar = invite::calendar(&row.invite(&summary, &url), method, site);
        queue_email_with_calendar(
            &mut **tx,
            email,
            (&subject, &body),
            (&calendar, method.code()),
            now,
        )
        .await?;
    }
    // The moderator, told in words (the calendar entry names the parties by address).
    if let (Some(email), Some(locale), false) = (
        &row.moderator_email,
        &row.moderator_locale,
        notice == Notice::Booked,
    ) {
        let locale = Locale::parse(locale).unwrap_or(Locale::En);
        let ui = locale.ui();
        let when = format::date_time(locale, Instant(row.starts_at), &row.host_zone);
        let with = crate::i18n::isolate(&row.summary());
        let subject = if notice == Notice::Cancelled {
            tr!(ui, meeting_mail_cancelled, with = with, when = when)
        } else {
            tr!(ui, meeting_mail_changed, with = with, when = when)
        };
        let url = format!("{site}/{}/meetings/{}", locale.code(), row.number);
        let body = format!(
            "{subject}\n\n{}: {}\n\n{url}\n",
            tr!(ui, meeting_topic),
            row.topic
        );
        queue_email(&mut **tx, email, &subject, &body, now).await?;
    }
    Ok(())
}

/// Gives a meeting's slot back to be booked again, unless a booked meeting holds it.
async fn free_slot(tx: &mut Transaction<'_, Any>, slot: Option<i64>) -> Result<(), sqlx::Error> {
    if let Some(slot) = slot {
        sqlx::query(
            "UPDATE meeting_slots SET booked = 0 WHERE id = $1
                AND NOT EXISTS (SELECT 1 FROM meetings WHERE slot_id = $1 AND state = 'booked')",
        )
        .bind(slot)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The first write of a change to a meeting ahead: it holds the meeting's row until the
/// change commits, and returns the slot it holds now (a change at the same moment has
/// either committed before, or waits).
async fn hold_meeting(
    tx: &mut Transaction<'_, Any>,
    meeting: i64,
    now: Instant,
) -> AppResult<Option<i64>> {
    let held = sqlx::query(
        "UPDATE meetings SET updated_at = $2 WHERE id = $1 AND state = 'booked' AND ends_at > $2",
    )
    .bind(meeting)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if held != 1 {
        return Err(AppError::conflict("form", "meeting_over"));
    }
    Ok(
        sqlx::query_scalar("SELECT slot_id FROM meetings WHERE id = $1")
            .bind(meeting)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Cancels a meeting ahead, by either party, with an optional reason; its slot is free
/// again.
pub async fn cancel(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let user = signed_in(actor)?;
    let row = party_meeting(db, user, number).await?;
    let mut checks = Checks::default();
    let reason = checks.optional_paragraph("reason", field(fields, "reason"), 500);
    checks.finish()?;
    if row.state(now) != MeetingState::Booked {
        return Err(AppError::conflict("form", "meeting_over"));
    }
    let mut tx = db.begin().await?;
    let slot = hold_meeting(&mut tx, row.id, now).await?;
    sqlx::query(
        "UPDATE meetings SET state = 'cancelled', sequence = sequence + 1, cancelled_by = $2,
                reason = $3, updated_at = $4
          WHERE id = $1",
    )
    .bind(row.id)
    .bind(user.id)
    .bind(&reason)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    free_slot(&mut tx, slot).await?;
    notify(&mut tx, row.id, Notice::Cancelled, site, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves the buyer's meeting to another free slot of the same team member.
pub async fn change(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let user = signed_in(actor)?;
    let row = party_meeting(db, user, number).await?;
    if row.buyer_id != user.id {
        return Err(AppError::Forbidden);
    }
    let slot = slot_id(fields)?;
    if row.state(now) != MeetingState::Booked {
        return Err(AppError::conflict("form", "meeting_over"));
    }
    let mut tx = db.begin().await?;
    lock_buyer(&mut tx, user.id).await?;
    let old = hold_meeting(&mut tx, row.id, now).await?;
    let (_, start, end) = claim(&mut tx, slot, Within::Host(row.host_id), now).await?;
    if buyer_busy(&mut tx, user.id, (start, end), row.id).await? {
        return Err(AppError::conflict("slot", "buyer_busy"));
    }
    sqlx::query(
        "UPDATE meetings SET slot_id = $2, starts_at = $3, ends_at = $4, sequence = sequence + 1,
                updated_at = $5
          WHERE id = $1",
    )
    .bind(row.id)
    .bind(slot)
    .bind(start.seconds())
    .bind(end.seconds())
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    free_slot(&mut tx, old).await?;
    notify(&mut tx, row.id, Notice::Changed, site, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Free slots ahead (of a booth, or of one host), grouped by day in `zone`.
async fn free_days(
    db: &Db,
    within: Within,
    locale: Locale,
    zone: &str,
    now: Instant,
) -> Result<Vec<SlotDay>, sqlx::Error> {
    let (column, owner) = match within {
        Within::Booth(id) => ("booth_id", id),
        Within::Host(id) => ("host_id", id),
    };
    let rows: Vec<(i64, String, i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT s.id, u.display_name, s.starts_at, s.ends_at, COALESCE(mh.time_zone, 'Asia/Kolkata')
           FROM meeting_slots s JOIN users u ON u.id = s.host_id
           LEFT JOIN meeting_hours mh ON mh.user_id = s.host_id
          WHERE s.{column} = $1 AND s.booked = 0 AND s.starts_at > $2 AND s.starts_at < $3
            AND u.suspended_at IS NULL AND {}
          ORDER BY s.starts_at, u.display_name LIMIT 1500",
        on_the_team("s")
    ))
    .bind(owner)
    .bind(now.seconds())
    .bind(now.seconds() + (DAYS_AHEAD + 1) * 86_400)
    .fetch_all(db)
    .await?;
    let mut days: Vec<SlotDay> = Vec::new();
    for (id, host, start, end, host_zone) in rows {
        let at = Instant(start);
        let key = local_day(at, zone).to_string();
        let slot = Slot {
            id,
            host,
            time: format::time(locale, at, zone),
            host_time: format::zoned_time(locale, at, &host_zone),
            minutes: (end - start) / 60,
            at: at.rfc3339(),
        };
        match days.last_mut() {
            Some(day) if day.key == key => day.slots.push(slot),
            _ => days.push(SlotDay {
                key,
                label: format::day(locale, at, zone),
                slots: vec![slot],
            }),
        }
    }
    Ok(days)
}

/// "Mon–Fri 10:00 AM–5:00 PM" in the locale's words.
fn hours_label(locale: Locale, hours: &WeeklyHours) -> String {
    let mut runs: Vec<(u8, u8)> = Vec::new();
    for day in (0..7u8).filter(|d| hours.weekdays & (1 << d) != 0) {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == day => run.1 = day,
            _ => runs.push((day, day)),
        }
    }
    let days = runs
        .iter()
        .map(|&(a, b)| match b - a {
            0 => format::weekday(locale, a),
            1 => format!(
                "{}, {}",
                format::weekday(locale, a),
                format::weekday(locale, b)
            ),
            _ => format!(
                "{}–{}",
                format::weekday(locale, a),
                format::weekday(locale, b)
            ),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let clock = |minutes: i64| format::time(locale, Instant(minutes * 60), "UTC");
    format!("{days} {}–{}", clock(hours.opens), clock(hours.closes))
}

/// The booking page of a published booth: its hosts and free slots in the viewer's zone.
pub async fn book_page(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    booth: &str,
    (zone, unknown_zone): (String, Option<String>),
    zones: Vec<String>,
    now: Instant,
) -> AppResult<BookPage> {
    let (booth_id, slug, name): (i64, String, String) = sqlx::query_as(
        "SELECT id, slug, name FROM booths WHERE slug = $1 AND status = 'published'",
    )
    .bind(booth.trim())
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let rows: Vec<(String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT u.display_name, mh.time_zone, mh.weekdays, mh.opens_minute, mh.closes_minute, mh.slot_minutes
           FROM meeting_hours mh JOIN users u ON u.id = mh.user_id
           JOIN booth_members m ON m.user_id = mh.user_id AND m.booth_id = mh.booth_id
          WHERE mh.booth_id = $1 AND u.suspended_at IS NULL ORDER BY u.display_name",
    )
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let hosts = rows
        .into_iter()
        .map(|(host, zone, weekdays, opens, closes, length)| {
            let hours = WeeklyHours {
                zone,
                weekdays,
                opens,
                closes,
                length,
            };
            Host {
                name: host,
                hours: hours_label(locale, &hours),
                zone: hours.zone,
            }
        })
        .collect();
    let days = free_days(db, Within::Booth(booth_id), locale, &zone, now).await?;
    Ok(BookPage {
        booth: slug,
        booth_name: name,
        zone,
        zones,
        unknown_zone,
        hosts,
        days,
        signed_in: actor.is_some(),
        own_booth: actor.is_some_and(|u| u.booth.is_some_and(|(b, _)| b == booth_id)),
    })
}

/// The reader's meetings, as buyer and as a team member who hosts them.
pub async fn my_meetings(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    zone: String,
    now: Instant,
) -> AppResult<MeetingList> {
    let user = signed_in(actor)?;
    // What is ahead, soonest first; what is over or cancelled, latest first.
    let mut rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE (m.buyer_id = $1 OR m.host_id = $1 OR mc.user_id = $1) AND m.state = 'booked' AND m.ends_at > $2
          ORDER BY m.starts_at LIMIT 300"
    ))
    .bind(user.id)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    rows.extend(
        sqlx::query_as::<_, Row>(&format!(
            "{SELECT} WHERE (m.buyer_id = $1 OR m.host_id = $1 OR mc.user_id = $1) AND (m.state <> 'booked' OR m.ends_at <= $2)
              ORDER BY m.starts_at DESC LIMIT 300"
        ))
        .bind(user.id)
        .bind(now.seconds())
        .fetch_all(db)
        .await?,
    );
    let mut list = MeetingList {
        zone: zone.clone(),
        upcoming: Vec::new(),
        past: Vec::new(),
        cancelled: Vec::new(),
        booth_name: None,
        suggested: super::programme::suggested_to(db, locale, user.id).await?,
    };
    for row in &rows {
        let meeting = row.shown(user.id, locale, &zone, now);
        match meeting.state {
            MeetingState::Booked => list.upcoming.push(meeting),
            MeetingState::Past => list.past.push(meeting),
            MeetingState::Cancelled => list.cancelled.push(meeting),
        }
    }
    if let Some((booth, _)) = user.booth {
        list.booth_name = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
            .bind(booth)
            .fetch_optional(db)
            .await?;
    }
    Ok(list)
}

/// One meeting, for one of its two parties or its moderator.
pub async fn meeting_page(
    db: &Db,
    actor: Option<&User>,
    (locale, pricing): (Locale, &Pricing),
    number: &str,
    zone: String,
    ice: &IceConfig,
    now: Instant,
) -> AppResult<MeetingPage> {
    let user = signed_in(actor)?;
    let row = seated_meeting(db, user, number).await?;
    let moderating = row.buyer_id != user.id && row.host_id != user.id;
    let reader = Reader {
        id: user.id,
        locale,
        zone: &zone,
        pricing,
    };
    let room = room::room(db, &row.party(now), &reader, ice, now).await?;
    let meeting = row.shown(user.id, locale, &zone, now);
    let contact = if moderating {
        None
    } else if meeting.as_buyer {
        Some(row.host_email.clone())
    } else {
        // The booking shared the buyer's address with the booth, until they stop sharing.
        sqlx::query_scalar(
            "SELECT u.email FROM contact_shares c JOIN users u ON u.id = c.user_id
              JOIN booths b ON b.id = c.booth_id WHERE c.user_id = $1 AND b.slug = $2",
        )
        .bind(row.buyer_id)
        .bind(&row.booth_slug)
        .fetch_optional(db)
        .await?
    };
    let upcoming = meeting.state == MeetingState::Booked && !moderating;
    let moves = if upcoming && meeting.as_buyer {
        free_days(db, Within::Host(row.host_id), locale, &zone, now).await?
    } else {
        Vec::new()
    };
    let cancelled_by = match row.cancelled_by {
        Some(id) if id == row.buyer_id => Some(row.buyer_name.clone()),
        Some(_) => Some(row.host_name.clone()),
        None => None,
    };
    Ok(MeetingPage {
        meeting,
        zone,
        contact,
        may_cancel: upcoming,
        moves,
        cancelled_by,
        reason: row.reason.clone(),
        room,
        moderation: row.moderation(user.id, now),
        moderating,
    })
}

/// The meeting's number and calendar entry, for one of its two parties to download (it
/// names both by address: not the moderator's to read).
pub async fn calendar_for(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    number: &str,
    site: &str,
) -> AppResult<(String, String)> {
    let user = signed_in(actor)?;
    let row = party_meeting(db, user, number).await?;
    let url = format!("{site}/{}/meetings/{}", locale.code(), row.number);
    let summary = row.summary();
    let calendar = invite::calendar(&row.invite(&summary, &url), Method::Publish, site);
    Ok((row.number, calendar))
}

/// The team member's page: their hours, and the whole team's slots from today on.
pub async fn team_page(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    zone: String,
    now: Instant,
) -> AppResult<TeamMeetings> {
    let (user, booth_id, _) = member(actor)?;
    let mut conn = db.acquire().await?;
    let hours = hours_of(&mut conn, user.id).await?;
    drop(conn);
    let (slug, name): (String, String) =
        sqlx::query_as("SELECT slug, name FROM booths WHERE id = $1")
            .bind(booth_id)
            .fetch_one(db)
            .await?;
    let rows: Vec<TeamSlotRow> = sqlx::query_as(
        "SELECT s.id, s.host_id, u.display_name, s.starts_at, s.ends_at,
                    COALESCE(mh.time_zone, 'Asia/Kolkata'), m.number, bu.display_name
               FROM meeting_slots s JOIN users u ON u.id = s.host_id
               LEFT JOIN meeting_hours mh ON mh.user_id = s.host_id
               LEFT JOIN meetings m ON m.slot_id = s.id AND m.state = 'booked'
               LEFT JOIN users bu ON bu.id = m.buyer_id
              WHERE s.booth_id = $1 AND s.ends_at > $2
              ORDER BY s.starts_at, u.display_name LIMIT 500",
    )
    .bind(booth_id)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let slots = rows
        .into_iter()
        .map(
            |(id, host_id, host, start, end, zone, number, buyer)| TeamSlot {
                id,
                host,
                when: format::date_time(locale, Instant(start), &zone),
                minutes: (end - start) / 60,
                meeting: number.zip(buyer),
                mine: host_id == user.id,
            },
        )
        .collect();
    let zone_hours = hours.clone().unwrap_or(WeeklyHours {
        zone: zone.clone(),
        weekdays: 0b1_1111,
        opens: 10 * 60,
        closes: 17 * 60,
        length: 30,
    });
    let today = zone_hours.today(now);
    let last = today + chrono::Days::new(u64::try_from(DAYS_AHEAD).unwrap_or(0));
    Ok(TeamMeetings {
        booth: slug,
        booth_name: name,
        zones: crate::agenda::api::zone_choices(&zone_hours.zone),
        hours: hours.map(|h| h.shown()),
        zone,
        weekday_names: (0..7).map(|d| format::weekday(locale, d)).collect(),
        today: today.format("%Y-%m-%d").to_string(),
        last_day: last.format("%Y-%m-%d").to_string(),
        slots,
    })
}
