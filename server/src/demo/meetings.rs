//! The demo's buyer–seller meetings: the first booths of every hall get an export manager
//! (a demo account, never signed in as) with weekly hours in India's time and slots for the
//! coming week; the pipeline's importers have booked some of them, met some last week, and
//! one meeting was cancelled. Written once, after the trade history, when the demo comes
//! alive.

use super::pipeline::BUYERS;
use app::core::Instant;
use app::db::Db;
use app::trade::meetings::form::WeeklyHours;
use sqlx::{Any, Transaction};

const DAY: i64 = 24 * 3600;

/// The demo hosts' names, one per booth, in turn.
const HOSTS: [&str; 8] = [
    "Meera Iyer",
    "Arjun Menon",
    "Kavya Reddy",
    "Rohan Kapoor",
    "Ananya Das",
    "Vikram Nair",
    "Priya Sharma",
    "Siddharth Rao",
];

/// What the importers came to talk about.
const TOPICS: [&str; 6] = [
    "Container terms for the spring season",
    "Private-label packing for our stores",
    "Organic certificates and the lab reports",
    "A trial order before the year-end fair",
    "Price for 12 tonnes CIF, monthly",
    "Samples for our buyers' tasting panel",
];

/// Booths that get a host: up to this many, the first of each hall first.
const BOOTHS: i64 = 12;

async fn meeting(
    tx: &mut Transaction<'_, Any>,
    (booth, host, buyer): (i64, i64, i64),
    slot: Option<i64>,
    (start, end): (Instant, Instant),
    topic: &str,
    zone: &str,
    cancelled: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let number = format!(
        "MTG-{}",
        app::core::secrets::new_token()[..8].to_ascii_uppercase()
    );
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meetings (number, slot_id, booth_id, host_id, buyer_id, starts_at, ends_at, topic,
                buyer_zone, state, sequence, cancelled_by, reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(number)
    .bind(slot)
    .bind(booth)
    .bind(host)
    .bind(buyer)
    .bind(start.seconds())
    .bind(end.seconds())
    .bind(topic)
    .bind(zone)
    .bind(if cancelled.is_some() {
        "cancelled"
    } else {
        "booked"
    })
    .bind(i64::from(cancelled.is_some()))
    .bind(cancelled.map(|_| buyer))
    .bind(cancelled.unwrap_or(""))
    .bind(start.seconds() - 5 * DAY)
    .fetch_one(&mut **tx)
    .await?;
    app::trade::leads::store::share_contact(tx, buyer, booth, Instant(start.seconds() - 5 * DAY))
        .await?;
    Ok(id)
}

/// What a held meeting's parties wrote beside the call: the buyer asks, the host answers.
async fn conversation(
    tx: &mut Transaction<'_, Any>,
    meeting: i64,
    (host, buyer): (i64, i64),
    start: Instant,
) -> Result<(), sqlx::Error> {
    let lines = [
        (
            buyer,
            "Thank you for showing the lots on camera. Could you send the price list for one tonne, FOB Kochi?",
            4,
        ),
        (
            host,
            "Sent to your email with the certificate of analysis. Samples leave by courier on Monday.",
            9,
        ),
    ];
    for (author, body, minute) in lines {
        sqlx::query(
            "INSERT INTO meeting_notes (meeting_id, author_id, body, created_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(meeting)
        .bind(author)
        .bind(body)
        .bind(start.seconds() + minute * 60)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Writes the hosts, slots and meetings unless there are some already. Returns how many
/// slots it published.
pub async fn seed_once(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar("SELECT user_id FROM meeting_hours LIMIT 1")
        .fetch_optional(db)
        .await?;
    if any.is_some() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let mut buyers = Vec::new();
    for (_, email, _, country, _) in BUYERS {
        if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?
        {
            buyers.push((id, buyer_zone(country)));
        }
    }
    if buyers.is_empty() {
        // The trade history is not there: nobody to meet.
        return Ok(0);
    }
    let booths: Vec<(i64, String)> = sqlx::query_as(
        "SELECT b.id, b.slug FROM booths b JOIN halls h ON h.id = b.hall_id
          WHERE b.status = 'published' ORDER BY b.position, h.position, b.id LIMIT $1",
    )
    .bind(BOOTHS)
    .fetch_all(&mut *tx)
    .await?;
    let mut published = 0;
    let mut turn = 0usize;
    let mut cancelled_one = false;
    // No importer meets two hosts at once (20- and 30-minute slots start apart but overlap).
    let mut busy: Vec<(usize, i64, i64)> = Vec::new();
    let mut pick = |turn: &mut usize, (start, end): (Instant, Instant)| {
        let free = |b: usize| {
            !busy
                .iter()
                .any(|&(who, s, e)| who == b && s < end.seconds() && start.seconds() < e)
        };
        let found = (0..buyers.len())
            .map(|k| (*turn + k) % buyers.len())
            .find(|b| free(*b));
        if let Some(b) = found {
            busy.push((b, start.seconds(), end.seconds()));
            *turn = b + 1;
        }
        found.map(|b| buyers[b].clone())
    };
    for (n, (booth, slug)) in booths.iter().enumerate() {
        let name = HOSTS[n % HOSTS.len()];
        let host: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, locale, created_at, email_verified_at, demo)
             VALUES ($1, $2, '', 'en', $3, $3, 1) RETURNING id",
        )
        .bind(format!("meetings.{slug}@demo.pavilion.invalid"))
        .bind(name)
        .bind(now - 60 * DAY)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO booth_members (booth_id, user_id, role) VALUES ($1, $2, 'staff')")
            .bind(booth)
            .bind(host)
            .execute(&mut *tx)
            .await?;
        // Weekdays, 10:00 to 18:00 in India; half hours, or 20 minutes at every third booth.
        let hours = WeeklyHours {
            zone: "Asia/Kolkata".to_owned(),
            weekdays: 0b1_1111,
            opens: 10 * 60,
            closes: 18 * 60,
            length: if n % 3 == 2 { 20 } else { 30 },
        };
        app::trade::meetings::store::keep_hours(
            &mut tx,
            (host, *booth),
            &hours,
            Instant(now - 30 * DAY),
        )
        .await?;
        // Last week's meetings (held) and the coming week's slots, a few of them booked.
        let today = hours.today(Instant(now));
        for offset in -7_i64..=7 {
            let Some(date) = today.checked_add_signed(chrono::Duration::days(offset)) else {
                continue;
            };
            for (k, (start, end)) in hours.slots_on(date).into_iter().enumerate() {
                let topic = TOPICS[(n + k) % TOPICS.len()];
                if start.seconds() <= now {
                    // A couple of meetings held on past days.
                    if offset < 0
                        && k % 7 == 3
                        && (offset + n as i64) % 3 == 0
                        && let Some((buyer, zone)) = pick(&mut turn, (start, end))
                    {
                        let held = meeting(
                            &mut tx,
                            (*booth, host, buyer),
                            None,
                            (start, end),
                            topic,
                            &zone,
                            None,
                        )
                        .await?;
                        conversation(&mut tx, held, (host, buyer), start).await?;
                    }
                    continue;
                }
                let wanted = k % 6 == 1 && (offset + n as i64) % 2 == 0;
                let cancel = !wanted && !cancelled_one && n == 0 && k == 4;
                let buyer = if wanted || cancel {
                    pick(&mut turn, (start, end))
                } else {
                    None
                };
                let booked = wanted && buyer.is_some();
                let slot: i64 = sqlx::query_scalar(
                    "INSERT INTO meeting_slots (booth_id, host_id, starts_at, ends_at, booked, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(booth)
                .bind(host)
                .bind(start.seconds())
                .bind(end.seconds())
                .bind(i64::from(booked))
                .bind(now - DAY)
                .fetch_one(&mut *tx)
                .await?;
                published += 1;
                if let Some((buyer, zone)) = buyer {
                    // Booked, or (once) booked and cancelled, the slot free again.
                    let reason =
                        cancel.then_some("Our flight to Kochi moved; I will book another time.");
                    meeting(
                        &mut tx,
                        (*booth, host, buyer),
                        Some(slot),
                        (start, end),
                        topic,
                        &zone,
                        reason,
                    )
                    .await?;
                    cancelled_one |= cancel;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(published)
}

/// The zone a pipeline buyer books in, from their country.
fn buyer_zone(country: &str) -> String {
    match country {
        "DE" => "Europe/Berlin",
        "AE" => "Asia/Dubai",
        "JP" => "Asia/Tokyo",
        "CN" => "Asia/Shanghai",
        "CL" => "America/Santiago",
        "FR" => "Europe/Paris",
        "RU" => "Europe/Moscow",
        "AU" => "Australia/Sydney",
        _ => "UTC",
    }
    .to_owned()
}

/// The demo's hosted-buyer programme: the council that verified the first importer also
/// hosts the next two of the pipeline's importers, and each hosted buyer has the booths that
/// match them suggested (by the programme, no curator); the first of their meetings ahead
/// asked the council for a moderator. Returns how many suggestions it wrote (none if
/// there are some).
pub async fn programme_once(db: &Db, now: i64) -> Result<usize, app::error::AppError> {
    let any: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_suggestions")
        .fetch_one(db)
        .await?;
    let council: Option<i64> = sqlx::query_scalar(
        "SELECT verified_council FROM business_profiles WHERE verified_council IS NOT NULL
          ORDER BY verified_at, user_id LIMIT 1",
    )
    .fetch_optional(db)
    .await?
    .flatten();
    let (0, Some(council)) = (any, council) else {
        return Ok(0);
    };
    // Three hosted buyers in all (a try after a busy store invites nobody twice).
    let hosting: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM business_profiles WHERE verified_council = $1",
    )
    .bind(council)
    .fetch_one(db)
    .await?;
    let invited: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM business_profiles WHERE verified_council IS NULL
          ORDER BY user_id LIMIT $1",
    )
    .bind((3 - hosting).max(0))
    .fetch_all(db)
    .await?;
    let mut tx = db.begin().await?;
    for buyer in invited {
        sqlx::query(
            "UPDATE business_profiles SET verified_council = $2, verified_at = $3 WHERE user_id = $1",
        )
        .bind(buyer)
        .bind(council)
        .bind(now - 10 * DAY)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let hosted: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM business_profiles WHERE verified_council = $1")
            .bind(council)
            .fetch_all(db)
            .await?;
    let mut picked = Vec::new();
    for buyer in hosted {
        for (booth, reasons) in
            app::trade::meetings::programme::best_matches(db, council, buyer).await?
        {
            picked.push((buyer, booth, reasons));
        }
    }
    // Written at once, with the moderator's request: tried again on a busy store, it
    // finds all of it or none.
    let mut tx = db.begin().await?;
    for (buyer, booth, reasons) in &picked {
        sqlx::query(
            "INSERT INTO meeting_suggestions (council_id, buyer_id, booth_id, reasons, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(council)
        .bind(buyer)
        .bind(booth)
        .bind(reasons)
        .bind(now - 2 * DAY)
        .execute(&mut *tx)
        .await?;
    }
    // One hosted buyer's meeting ahead, at a booth of the council's halls, asked the council
    // for a moderator; its first curator, if it has one, took the seat.
    let curator: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM council_curators WHERE council_id = $1 ORDER BY user_id LIMIT 1",
    )
    .bind(council)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE meetings SET moderator_council = $1, moderator_id = $2
          WHERE id = (SELECT m.id FROM meetings m
                        JOIN business_profiles p ON p.user_id = m.buyer_id
                        JOIN booths b ON b.id = m.booth_id JOIN halls h ON h.id = b.hall_id
                       WHERE p.verified_council = $1 AND h.council_id = $1
                         AND m.state = 'booked' AND m.ends_at > $3
                       ORDER BY m.starts_at, m.id LIMIT 1)",
    )
    .bind(council)
    .bind(curator)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(picked.len())
}
