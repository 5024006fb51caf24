//! Requests for quotation in the store: business profiles and the council's verification,
//! sending a request to a booth or a hall (the council's routing rule picks the booths),
//! reading a request as its buyer, a booth that received it, or the hall's council.
//! Quotes and their acceptance, and the threads, have files of their own.

mod quotes;
mod threads;

pub use quotes::*;
pub use threads::*;

use super::form::{About, RfqInput, check_profile, check_rfq};
use super::model::{
    CouncilBuyer, CouncilRfq, CouncilRfqs, FileRef, NewRfq, Profile, RfqDetail, RfqList, RfqState,
    RfqSummary, is_rfq_number,
};
use crate::accounts::roles::{member, require_curator, signed_in};
use crate::accounts::store::{User, queue_email};
use crate::core::secrets::new_token;
use crate::core::{Currency, Instant, Money};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::field;
use crate::i18n::{Locale, format, tr};
use sqlx::{Any, AnyConnection, Transaction};

/// How many requests one buyer may send in a day.
pub const RFQS_PER_DAY: i64 = 20;

/// The profile of `user`, with the council that verified it.
pub async fn profile_of(
    conn: &mut AnyConnection,
    user: i64,
) -> Result<Option<Profile>, sqlx::Error> {
    let row: Option<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.company, p.country, p.role, p.website, p.annual_volume, c.short_name
           FROM business_profiles p LEFT JOIN councils c ON c.id = p.verified_council
          WHERE p.user_id = $1",
    )
    .bind(user)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(company, country, role, website, annual_volume, verified_by)| Profile {
            company,
            country,
            role,
            website,
            annual_volume,
            verified_by,
        },
    ))
}

/// The signed-in person's profile (empty when they have none).
pub async fn my_profile(db: &Db, actor: Option<&User>) -> AppResult<Option<Profile>> {
    let user = signed_in(actor)?;
    let mut conn = db.acquire().await?;
    Ok(profile_of(&mut conn, user.id).await?)
}

/// Saves the caller's business profile. A new company or country withdraws a council's
/// verification: the council verified a business, not an account.
pub async fn save_profile(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<()> {
    let user = signed_in(actor)?;
    let p = check_profile(fields)?;
    sqlx::query(
        "INSERT INTO business_profiles (user_id, company, country, role, website, annual_volume, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id) DO UPDATE SET
                verified_council = CASE WHEN business_profiles.company = excluded.company
                    AND business_profiles.country = excluded.country THEN business_profiles.verified_council END,
                verified_by = CASE WHEN business_profiles.company = excluded.company
                    AND business_profiles.country = excluded.country THEN business_profiles.verified_by END,
                verified_at = CASE WHEN business_profiles.company = excluded.company
                    AND business_profiles.country = excluded.country THEN business_profiles.verified_at END,
                company = excluded.company, country = excluded.country, role = excluded.role,
                website = excluded.website, annual_volume = excluded.annual_volume,
                updated_at = excluded.updated_at",
    )
    .bind(user.id)
    .bind(&p.company)
    .bind(&p.country)
    .bind(&p.role)
    .bind(&p.website)
    .bind(&p.annual_volume)
    .bind(now.seconds())
    .execute(db)
    .await?;
    Ok(())
}

/// A curator verifies (or withdraws the verification of) a buyer who sent a request to one
/// of the council's halls or its booths; anyone else is not found.
pub async fn verify_buyer(
    db: &Db,
    actor: Option<&User>,
    buyer: &str,
    op: &str,
    now: Instant,
) -> AppResult<()> {
    let curator = require_curator(actor)?;
    let council = curator.council_id.ok_or(AppError::Forbidden)?;
    let buyer: i64 = buyer.trim().parse().map_err(|_| AppError::NotFound)?;
    let known: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT p.user_id FROM business_profiles p WHERE p.user_id = $1 AND EXISTS ({})",
        COUNCIL_BUYER
    ))
    .bind(buyer)
    .bind(council)
    .fetch_optional(db)
    .await?;
    if known.is_none() {
        return Err(AppError::NotFound);
    }
    let moved = match op {
        "verify" => sqlx::query(
            "UPDATE business_profiles SET verified_council = $2, verified_by = $3, verified_at = $4
              WHERE user_id = $1",
        )
        .bind(buyer)
        .bind(council)
        .bind(curator.id)
        .bind(now.seconds())
        .execute(db)
        .await?
        .rows_affected(),
        "withdraw" => sqlx::query(
            "UPDATE business_profiles SET verified_council = NULL, verified_by = NULL, verified_at = NULL
              WHERE user_id = $1 AND verified_council = $2",
        )
        .bind(buyer)
        .bind(council)
        .execute(db)
        .await?
        .rows_affected(),
        _ => return Err(AppError::invalid("op", "choice")),
    };
    if moved == 0 {
        return Err(AppError::conflict("form", "not_verified_here"));
    }
    Ok(())
}

/// A request of buyer `$1` reached council `$2`: sent to one of its halls, or to a booth in one.
const COUNCIL_BUYER: &str = "SELECT 1 FROM rfqs r
      JOIN rfq_recipients rr ON rr.rfq_id = r.id JOIN booths b ON b.id = rr.booth_id
      JOIN halls h ON h.id = b.hall_id
     WHERE r.buyer_id = $1 AND h.council_id = $2";

/// The product categories the pavilion sells, each named by the hall that holds it.
pub async fn categories(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT p.category, COALESCE((SELECT h.name FROM halls h WHERE h.motif = p.category
                ORDER BY h.position LIMIT 1), p.category)
           FROM products p WHERE p.status = 'published' ORDER BY 2",
    )
    .fetch_all(db)
    .await
}

/// What the new-request form shows for `product`, `booth` or `hall` (one of them, by slug;
/// none for a request that picks its hall on the form).
pub async fn new_rfq(
    db: &Db,
    actor: Option<&User>,
    locale: Locale,
    target: (&str, &str, &str),
    currency: Currency,
    now: Instant,
) -> AppResult<NewRfq> {
    let user = signed_in(actor)?;
    let (product_slug, booth_slug, hall_slug) = target;
    let mut page = NewRfq {
        product: None,
        booth: None,
        hall: None,
        halls: sqlx::query_as("SELECT slug, name FROM halls ORDER BY position, id")
            .fetch_all(db)
            .await?,
        unit: String::new(),
        moq: 1,
        countries: Vec::new(),
        categories: categories(db).await?,
        currency: currency.code().to_owned(),
        has_profile: false,
        country: String::new(),
        today: now.iso_date(),
    };
    if !product_slug.is_empty() {
        let row: (String, String, String, i64, String, String) = sqlx::query_as(
            "SELECT p.slug, COALESCE(t.name, p.name), p.unit, p.moq, b.slug, b.name
               FROM products p JOIN booths b ON b.id = p.booth_id
               LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $2
              WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'",
        )
        .bind(product_slug)
        .bind(locale.code())
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
        page.product = Some((row.0, row.1));
        page.unit = row.2;
        page.moq = row.3;
        page.booth = Some((row.4, row.5));
    } else if !booth_slug.is_empty() {
        page.booth = Some(
            sqlx::query_as(
                "SELECT slug, name FROM booths WHERE slug = $1 AND status = 'published'",
            )
            .bind(booth_slug)
            .fetch_optional(db)
            .await?
            .ok_or(AppError::NotFound)?,
        );
    } else if !hall_slug.is_empty() {
        page.hall = Some(
            page.halls
                .iter()
                .find(|(slug, _)| slug == hall_slug)
                .cloned()
                .ok_or(AppError::NotFound)?,
        );
    }
    let mut conn = db.acquire().await?;
    let profile = profile_of(&mut conn, user.id).await?;
    page.has_profile = profile.is_some();
    page.country = profile.map(|p| p.country).unwrap_or_default();
    let mut countries: Vec<(String, String)> = crate::checkout::shipping::countries(&mut *conn)
        .await?
        .into_iter()
        .map(|c| {
            let name = format::country(locale, &c);
            (c, name)
        })
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    page.countries = countries;
    Ok(page)
}

/// Sends a request: to the product's booth, to one booth, or to a hall, whose council's rule
/// routes it to every published booth there selling the category and HS heading asked for
/// (none of the buyer's own). Each recipient sees the buyer's email address (the form says
/// so) and its team is told by email. Returns the request's number.
pub async fn send_rfq(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    currency: Currency,
    site: &str,
    now: Instant,
) -> AppResult<String> {
    let user = signed_in(actor)?;
    let f = |name: &str| field(fields, name).trim();
    let mut conn = db.acquire().await?;
    if profile_of(&mut conn, user.id).await?.is_none() {
        return Err(AppError::conflict("form", "profile_needed"));
    }
    drop(conn);
    // What the request is about and where it goes.
    let (product, booth, hall) = (f("product"), f("booth"), f("hall"));
    let mut product_id = None;
    let mut direct = None;
    let mut hall_id = None;
    let mut about = About {
        unit: None,
        moq: 1,
        to_hall: false,
    };
    let unit;
    if !product.is_empty() {
        let row: (i64, i64, String, i64) = sqlx::query_as(
            "SELECT p.id, p.booth_id, p.unit, p.moq FROM products p JOIN booths b ON b.id = p.booth_id
              WHERE p.slug = $1 AND p.status = 'published' AND b.status = 'published'",
        )
        .bind(product)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
        product_id = Some(row.0);
        direct = Some(row.1);
        unit = row.2;
        about.unit = Some(&unit);
        about.moq = row.3;
    } else if !booth.is_empty() {
        direct = Some(
            sqlx::query_scalar("SELECT id FROM booths WHERE slug = $1 AND status = 'published'")
                .bind(booth)
                .fetch_optional(db)
                .await?
                .ok_or(AppError::NotFound)?,
        );
    } else {
        hall_id = Some(
            sqlx::query_scalar::<_, i64>("SELECT id FROM halls WHERE slug = $1")
                .bind(hall)
                .fetch_optional(db)
                .await?
                .ok_or_else(|| AppError::invalid("hall", "required"))?,
        );
        about.to_hall = true;
    }
    if let Some(booth) = direct
        && user.booth.is_some_and(|(mine, _)| mine == booth)
    {
        return Err(AppError::conflict("form", "own_booth"));
    }
    let categories: Vec<String> = categories(db).await?.into_iter().map(|c| c.0).collect();
    let rfq: RfqInput = check_rfq(fields, about, currency, &categories, now)?;
    let sent_today: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM rfqs WHERE buyer_id = $1 AND created_at > $2")
            .bind(user.id)
            .bind(now.seconds() - 86_400)
            .fetch_one(db)
            .await?;
    if sent_today >= RFQS_PER_DAY {
        // Counted over the last day: the oldest of today's requests frees a place first.
        return Err(AppError::Throttled(3600));
    }
    let number = format!("RFQ-{}", new_token()[..10].to_ascii_uppercase());
    let mut tx = db.begin().await?;
    let rfq_id: i64 = sqlx::query_scalar(
        "INSERT INTO rfqs (number, buyer_id, product_id, hall_id, subject, details, category, hs_heading,
                quantity, unit, target_minor, target_currency, destination, country, incoterm, needed_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(&number)
    .bind(user.id)
    .bind(product_id)
    .bind(hall_id)
    .bind(&rfq.subject)
    .bind(&rfq.details)
    .bind(&rfq.category)
    .bind(&rfq.hs_heading)
    .bind(rfq.quantity)
    .bind(&rfq.unit)
    .bind(rfq.target_minor)
    .bind(rfq.target_minor.map(|_| currency.code()))
    .bind(&rfq.destination)
    .bind(&rfq.country)
    .bind(rfq.incoterm.code())
    .bind(rfq.needed_by.seconds())
    .bind(now.seconds())
    .fetch_one(&mut *tx)
    .await?;
    let recipients: Vec<i64> = match (direct, hall_id) {
        (Some(booth), _) => vec![booth],
        (None, Some(hall)) => {
            sqlx::query_scalar(
                "SELECT b.id FROM booths b WHERE b.hall_id = $1 AND b.status = 'published'
                    AND EXISTS (SELECT 1 FROM products p WHERE p.booth_id = b.id AND p.status = 'published'
                                 AND ($2 = '' OR p.category = $2)
                                 AND ($3 = '' OR REPLACE(p.hs_code, '.', '') LIKE $3 || '%'))
                    AND NOT EXISTS (SELECT 1 FROM booth_members m WHERE m.booth_id = b.id AND m.user_id = $4)
                  ORDER BY b.id",
            )
            .bind(hall)
            .bind(&rfq.category)
            .bind(&rfq.hs_heading)
            .bind(user.id)
            .fetch_all(&mut *tx)
            .await?
        }
        (None, None) => Vec::new(),
    };
    let how = if direct.is_some() { "direct" } else { "rule" };
    for booth in recipients {
        deliver(&mut tx, rfq_id, booth, how, None, site, now).await?;
    }
    tx.commit().await?;
    Ok(number)
}

/// Gives request `rfq_id` to `booth`: a recipient row, the buyer's contact shared with it,
/// and an email to its team. Nothing happens for a booth that already holds it.
async fn deliver(
    tx: &mut Transaction<'_, Any>,
    rfq_id: i64,
    booth: i64,
    how: &str,
    routed_by: Option<i64>,
    site: &str,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO rfq_recipients (rfq_id, booth_id, how, routed_by, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (rfq_id, booth_id) DO NOTHING",
    )
    .bind(rfq_id)
    .bind(booth)
    .bind(how)
    .bind(routed_by)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if added == 0 {
        return Ok(false);
    }
    let (buyer, number, subject): (i64, String, String) =
        sqlx::query_as("SELECT buyer_id, number, subject FROM rfqs WHERE id = $1")
            .bind(rfq_id)
            .fetch_one(&mut **tx)
            .await?;
    crate::trade::leads::store::share_contact(tx, buyer, booth, now).await?;
    mail_team(tx, booth, &number, site, now, |ui| {
        (
            tr!(ui, rfq_mail_new, number = number.clone()),
            subject.clone(),
        )
    })
    .await?;
    Ok(true)
}

/// An email to every member of `booth`'s team, each in their own language, with a link to
/// the request in the console. `words` gives the subject and the first line.
pub(super) async fn mail_team(
    tx: &mut Transaction<'_, Any>,
    booth: i64,
    number: &str,
    site: &str,
    now: Instant,
    words: impl Fn(crate::i18n::strings::i18n::Locale) -> (String, String),
) -> Result<(), sqlx::Error> {
    let team: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, u.locale FROM booth_members m JOIN users u ON u.id = m.user_id
          WHERE m.booth_id = $1 AND u.suspended_at IS NULL AND u.demo = 0 ORDER BY u.id",
    )
    .bind(booth)
    .fetch_all(&mut **tx)
    .await?;
    for (email, locale) in team {
        let locale = Locale::parse(&locale).unwrap_or(Locale::En);
        let (subject, line) = words(locale.ui());
        let body = format!(
            "{subject}\n\n{line}\n\n{site}/{}/exhibitor/rfqs/{number}\n",
            locale.code()
        );
        queue_email(&mut **tx, &email, &subject, &body, now).await?;
    }
    Ok(())
}

/// The buyer's email address and language, and the booth's name: the two sides of a thread.
pub(super) async fn parties(
    tx: &mut Transaction<'_, Any>,
    rfq: i64,
    booth: i64,
) -> Result<(String, Locale, String), sqlx::Error> {
    let (email, locale, booth_name): (String, String, String) = sqlx::query_as(
        "SELECT u.email, u.locale, b.name FROM rfqs r JOIN users u ON u.id = r.buyer_id, booths b
          WHERE r.id = $1 AND b.id = $2",
    )
    .bind(rfq)
    .bind(booth)
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        email,
        Locale::parse(&locale).unwrap_or(Locale::En),
        booth_name,
    ))
}

/// The buyer closes their open request: no quote can be accepted any more.
pub async fn close_rfq(db: &Db, actor: Option<&User>, number: &str) -> AppResult<()> {
    let user = signed_in(actor)?;
    let rfq = own_rfq(db, user, number).await?;
    let moved = sqlx::query("UPDATE rfqs SET state = 'closed' WHERE id = $1 AND state = 'open'")
        .bind(rfq)
        .execute(db)
        .await?
        .rows_affected();
    if moved == 0 {
        return Err(AppError::conflict("form", "rfq_not_open"));
    }
    Ok(())
}

/// The id of request `number` when `user` sent it; anything else is not found.
pub(super) async fn own_rfq(db: &Db, user: &User, number: &str) -> AppResult<i64> {
    if !is_rfq_number(number) {
        return Err(AppError::NotFound);
    }
    sqlx::query_scalar("SELECT id FROM rfqs WHERE number = $1 AND buyer_id = $2")
        .bind(number)
        .bind(user.id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The id of request `number` when the caller's booth received it: `(rfq, booth)`.
pub(super) async fn received_rfq(
    db: &Db,
    actor: Option<&User>,
    number: &str,
) -> AppResult<(i64, i64)> {
    let (_, booth, _) = member(actor)?;
    if !is_rfq_number(number) {
        return Err(AppError::NotFound);
    }
    let rfq: i64 = sqlx::query_scalar(
        "SELECT r.id FROM rfqs r JOIN rfq_recipients rr ON rr.rfq_id = r.id
          WHERE r.number = $1 AND rr.booth_id = $2",
    )
    .bind(number)
    .bind(booth)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((rfq, booth))
}

/// A request's row, as pages read it.
#[derive(sqlx::FromRow)]
pub(super) struct RfqRow {
    pub id: i64,
    pub number: String,
    pub buyer_id: i64,
    pub buyer_name: String,
    pub subject: String,
    pub details: String,
    pub product_slug: Option<String>,
    pub product_name: Option<String>,
    pub quantity: i64,
    pub unit: String,
    pub target_minor: Option<i64>,
    pub target_currency: Option<String>,
    pub destination: String,
    pub country: String,
    pub incoterm: String,
    pub needed_by: i64,
    pub state: String,
    pub hall_slug: Option<String>,
    pub hall_name: Option<String>,
    pub category: String,
    pub hs_heading: String,
    pub created_at: i64,
}

pub(super) async fn rfq_row(conn: &mut AnyConnection, id: i64) -> Result<RfqRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.number, r.buyer_id, u.display_name AS buyer_name, r.subject, r.details,
                p.slug AS product_slug, p.name AS product_name, r.quantity, r.unit, r.target_minor,
                r.target_currency, r.destination, r.country, r.incoterm, r.needed_by, r.state,
                h.slug AS hall_slug, h.name AS hall_name, r.category, r.hs_heading, r.created_at
           FROM rfqs r JOIN users u ON u.id = r.buyer_id
           LEFT JOIN products p ON p.id = r.product_id LEFT JOIN halls h ON h.id = r.hall_id
          WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// "2,000 kg".
pub(super) fn amount(locale: Locale, quantity: i64, unit: &str) -> String {
    format!("{} {unit}", format::number(locale, quantity))
}

/// The request as a page shows it; the buyer's profile only when `with_profile`.
pub(super) async fn detail(
    conn: &mut AnyConnection,
    row: &RfqRow,
    locale: Locale,
    with_profile: bool,
) -> Result<RfqDetail, sqlx::Error> {
    let files: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, name, kind, bytes FROM rfq_files WHERE rfq_id = $1 ORDER BY id")
            .bind(row.id)
            .fetch_all(&mut *conn)
            .await?;
    let profile = if with_profile {
        profile_of(conn, row.buyer_id).await?
    } else {
        None
    };
    let target = row
        .target_minor
        .zip(row.target_currency.as_deref().and_then(Currency::parse));
    Ok(RfqDetail {
        number: row.number.clone(),
        subject: row.subject.clone(),
        details: row.details.clone(),
        product: row.product_slug.clone().zip(row.product_name.clone()),
        quantity: row.quantity,
        unit: row.unit.clone(),
        amount: amount(locale, row.quantity, &row.unit),
        target: target.map(|(minor, currency)| {
            tr!(
                locale.ui(),
                rfq_per_unit,
                price = format::money(locale, Money { minor, currency }),
                unit = row.unit.clone()
            )
        }),
        destination: row.destination.clone(),
        country: row.country.clone(),
        country_name: format::country(locale, &row.country),
        incoterm: row.incoterm.clone(),
        needed_by: Instant(row.needed_by).iso_date(),
        needed_by_label: format::date(locale, Instant(row.needed_by), "UTC"),
        state: RfqState::parse(&row.state).unwrap_or(RfqState::Open),
        hall: row.hall_slug.clone().zip(row.hall_name.clone()),
        category: row.category.clone(),
        hs_heading: row.hs_heading.clone(),
        sent: format::date(locale, Instant(row.created_at), "UTC"),
        buyer_name: row.buyer_name.clone(),
        buyer_country_name: profile
            .as_ref()
            .map(|p| format::country(locale, &p.country))
            .unwrap_or_default(),
        buyer_profile: profile,
        files: files
            .into_iter()
            .map(|(id, name, kind, bytes)| FileRef {
                id,
                name,
                kind,
                size: format!("{} KB", format::number(locale, (bytes + 1023) / 1024)),
            })
            .collect(),
    })
}

/// Summaries of requests, newest first: the buyer's own (`buyer`), or those a booth received
/// (`booth`), or those sent to a council's halls (`council`).
async fn summaries(
    db: &Db,
    locale: Locale,
    filter: &str,
    id: i64,
    booth: Option<i64>,
) -> Result<Vec<RfqSummary>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        number: String,
        subject: String,
        quantity: i64,
        unit: String,
        state: String,
        hall: Option<String>,
        recipients: i64,
        quotes: i64,
        created_at: i64,
        quoted: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT r.number, r.subject, r.quantity, r.unit, r.state, h.name AS hall,
                (SELECT COUNT(*) FROM rfq_recipients x WHERE x.rfq_id = r.id) AS recipients,
                (SELECT COUNT(*) FROM rfq_quotes q WHERE q.rfq_id = r.id AND q.state <> 'withdrawn') AS quotes,
                r.created_at,
                (SELECT COUNT(*) FROM rfq_quotes q WHERE q.rfq_id = r.id AND q.booth_id = $2
                    AND q.state <> 'withdrawn') AS quoted
           FROM rfqs r LEFT JOIN halls h ON h.id = r.hall_id
          WHERE {filter}
          ORDER BY r.id DESC LIMIT 200"
    ))
    .bind(id)
    .bind(booth.unwrap_or(0))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RfqSummary {
            amount: amount(locale, r.quantity, &r.unit),
            number: r.number,
            subject: r.subject,
            state: RfqState::parse(&r.state).unwrap_or(RfqState::Open),
            hall: r.hall,
            recipients: usize::try_from(r.recipients).unwrap_or(0),
            quotes: usize::try_from(r.quotes).unwrap_or(0),
            sent: format::date(locale, Instant(r.created_at), "UTC"),
            quoted: r.quoted > 0,
        })
        .collect())
}

/// The signed-in buyer's requests.
pub async fn buyer_rfqs(db: &Db, actor: Option<&User>, locale: Locale) -> AppResult<RfqList> {
    let user = signed_in(actor)?;
    let rfqs = summaries(db, locale, "r.buyer_id = $1", user.id, None).await?;
    let mut conn = db.acquire().await?;
    Ok(RfqList {
        rfqs,
        booth_name: None,
        has_profile: profile_of(&mut conn, user.id).await?.is_some(),
    })
}

/// The requests the caller's booth received.
pub async fn booth_rfqs(db: &Db, actor: Option<&User>, locale: Locale) -> AppResult<RfqList> {
    let (_, booth, _) = member(actor)?;
    let rfqs = summaries(
        db,
        locale,
        "EXISTS (SELECT 1 FROM rfq_recipients x WHERE x.rfq_id = r.id AND x.booth_id = $1)",
        booth,
        Some(booth),
    )
    .await?;
    let name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth)
        .fetch_one(db)
        .await?;
    Ok(RfqList {
        rfqs,
        booth_name: Some(name),
        has_profile: true,
    })
}

/// The council's view: requests sent to its halls, with who received each and the booths a
/// curator may still route it to; and the buyers behind the council's requests.
pub async fn council_rfqs(db: &Db, actor: Option<&User>, locale: Locale) -> AppResult<CouncilRfqs> {
    let curator = require_curator(actor)?;
    // An administrator sees every hall's requests, and verifies no buyer (that is a
    // council's word).
    let (filter, council) = match curator.council_id {
        Some(council) => (
            "r.hall_id IN (SELECT id FROM halls WHERE council_id = $1)",
            council,
        ),
        None => ("r.hall_id IS NOT NULL AND $1 = 0", 0),
    };
    let list = summaries(db, locale, filter, council, None).await?;
    let mut rfqs = Vec::with_capacity(list.len());
    for summary in list {
        let (hall_id, hall_name, category, hs_heading): (i64, String, String, String) =
            sqlx::query_as(
                "SELECT h.id, h.name, r.category, r.hs_heading FROM rfqs r JOIN halls h ON h.id = r.hall_id
                  WHERE r.number = $1",
            )
            .bind(&summary.number)
            .fetch_one(db)
            .await?;
        let recipients: Vec<(String, String)> = sqlx::query_as(
            "SELECT b.name, rr.how FROM rfq_recipients rr JOIN booths b ON b.id = rr.booth_id
              JOIN rfqs r ON r.id = rr.rfq_id WHERE r.number = $1 ORDER BY b.name",
        )
        .bind(&summary.number)
        .fetch_all(db)
        .await?;
        let others: Vec<(String, String)> = sqlx::query_as(
            "SELECT b.slug, b.name FROM booths b WHERE b.hall_id = $1 AND b.status = 'published'
                AND NOT EXISTS (SELECT 1 FROM rfq_recipients rr JOIN rfqs r ON r.id = rr.rfq_id
                                 WHERE r.number = $2 AND rr.booth_id = b.id)
              ORDER BY b.name",
        )
        .bind(hall_id)
        .bind(&summary.number)
        .fetch_all(db)
        .await?;
        rfqs.push(CouncilRfq {
            summary,
            hall_name,
            category,
            hs_heading,
            recipients,
            others,
        });
    }
    let people: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT u.id, u.display_name, CASE WHEN p.verified_council = $2 THEN 1 ELSE 0 END
           FROM users u JOIN business_profiles p ON p.user_id = u.id
          WHERE EXISTS ({}) ORDER BY u.display_name LIMIT 200",
        COUNCIL_BUYER.replace("r.buyer_id = $1", "r.buyer_id = u.id")
    ))
    .bind(0_i64)
    .bind(council)
    .fetch_all(db)
    .await?;
    let mut conn = db.acquire().await?;
    let mut buyers = Vec::with_capacity(people.len());
    for (id, name, here) in people {
        if let Some(profile) = profile_of(&mut conn, id).await? {
            buyers.push(CouncilBuyer {
                id,
                name,
                country_name: format::country(locale, &profile.country),
                profile,
                verified_here: here == 1,
            });
        }
    }
    Ok(CouncilRfqs { rfqs, buyers })
}

/// A curator routes a hall's request to one more booth of that hall.
pub async fn route_rfq(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    booth_slug: &str,
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let curator = require_curator(actor)?;
    if !is_rfq_number(number) {
        return Err(AppError::NotFound);
    }
    let rfq: (i64, i64, String) = sqlx::query_as(
        "SELECT r.id, h.id, r.state FROM rfqs r JOIN halls h ON h.id = r.hall_id
          WHERE r.number = $1 AND ($2 = 1 OR h.council_id = $3)",
    )
    .bind(number)
    .bind(i64::from(curator.is_admin))
    .bind(curator.council_id.unwrap_or(0))
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let (rfq_id, hall_id, state) = rfq;
    if state != "open" {
        return Err(AppError::conflict("booth", "rfq_not_open"));
    }
    // Never to a booth the buyer works for.
    let booth: i64 = sqlx::query_scalar(
        "SELECT b.id FROM booths b WHERE b.slug = $1 AND b.hall_id = $2 AND b.status = 'published'
            AND NOT EXISTS (SELECT 1 FROM booth_members m JOIN rfqs r ON r.buyer_id = m.user_id
                             WHERE m.booth_id = b.id AND r.id = $3)",
    )
    .bind(booth_slug.trim())
    .bind(hall_id)
    .bind(rfq_id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::invalid("booth", "choice"))?;
    let mut tx = db.begin().await?;
    let added = deliver(
        &mut tx,
        rfq_id,
        booth,
        "curator",
        Some(curator.id),
        site,
        now,
    )
    .await?;
    tx.commit().await?;
    if !added {
        return Err(AppError::conflict("booth", "duplicate"));
    }
    Ok(())
}

/// A file of request `number`, for one of its parties: its buyer, a member of a booth that
/// received it, or a curator of the council of its hall or of a receiving booth's hall (an
/// admin too). `(stored name, shown name, kind)`; anyone else: not found.
pub async fn file_for(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    file: i64,
) -> AppResult<(String, String, String)> {
    let user = signed_in(actor)?;
    if !is_rfq_number(number) {
        return Err(AppError::NotFound);
    }
    let booth = user.booth.map_or(0, |(b, _)| b);
    sqlx::query_as(
        "SELECT f.stored, f.name, f.kind FROM rfq_files f JOIN rfqs r ON r.id = f.rfq_id
          WHERE f.id = $1 AND r.number = $2
            AND (r.buyer_id = $3
                 OR EXISTS (SELECT 1 FROM rfq_recipients rr WHERE rr.rfq_id = r.id AND rr.booth_id = $4)
                 OR $5 = 1
                 OR EXISTS (SELECT 1 FROM halls h WHERE h.id = r.hall_id AND h.council_id = $6))",
    )
    .bind(file)
    .bind(number)
    .bind(user.id)
    .bind(booth)
    .bind(i64::from(user.is_admin))
    .bind(user.council_id.unwrap_or(0))
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}
