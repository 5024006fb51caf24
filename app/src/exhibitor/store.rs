//! The exhibitor console in the store. The caller's own booth is the only booth these
//! functions reach: nothing takes a booth id from the request, and a product slug of another
//! booth is simply not found.

use crate::accounts::roles::member;
use crate::accounts::store::{BoothRole, User, normalise_email, queue_email};
use crate::core::secrets::{new_token, token_hash};
use crate::core::{Instant, Money};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::exhibitor::model::{
    ConsoleProduct, ConsoleStream, ExhibitorHome, Invitation, ProductForm, ProductImage, TeamMember,
};
use crate::forms::{Checks, field};
use crate::i18n::Locale;
use crate::pavilion::search;
use crate::trade::form::{check_terms, terms_values};
use crate::trade::store::{TERMS_COLUMNS, TermsRow, save_terms};
use crate::trade::terms::TradeTerms;
use sqlx::FromRow;

/// Invitations are valid for two weeks.
pub const INVITATION_SECONDS: i64 = 14 * 24 * 3600;

/// The booth's own pages, for its team.
pub async fn home(db: &Db, locale: Locale, actor: Option<&User>) -> AppResult<ExhibitorHome> {
    let (_, booth_id, role) = member(actor)?;
    #[derive(FromRow)]
    struct Row {
        slug: String,
        name: String,
        hall_name: String,
        status: String,
        tagline: String,
        description: String,
        city: String,
        region: String,
        brand_colour: String,
    }
    let row: Row = sqlx::query_as(
        "SELECT b.slug, b.name, COALESCE(t.name, h.name) AS hall_name, b.status, b.tagline,
                b.description, b.city, b.region, b.brand_colour
           FROM booths b JOIN halls h ON h.id = b.hall_id
           LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $2
          WHERE b.id = $1",
    )
    .bind(booth_id)
    .bind(locale.code())
    .fetch_one(db)
    .await?;
    let products: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT slug, name, status, price_minor, stock FROM products WHERE booth_id = $1
          ORDER BY CASE status WHEN 'archived' THEN 1 ELSE 0 END, position, id",
    )
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let team: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT u.display_name, u.email, m.role FROM booth_members m JOIN users u ON u.id = m.user_id
          WHERE m.booth_id = $1 ORDER BY m.role, u.display_name",
    )
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let invited: Vec<String> = sqlx::query_scalar(
        "SELECT email FROM staff_invitations WHERE booth_id = $1 AND accepted_at IS NULL
          AND expires_at > $2 ORDER BY id",
    )
    .bind(booth_id)
    .bind(crate::state::now().seconds())
    .fetch_all(db)
    .await?;
    let streams: Vec<(String, String, i64, String, String)> = sqlx::query_as(
        "SELECT slug, title, starts_at, time_zone, state FROM streams WHERE booth_id = $1
          ORDER BY starts_at DESC LIMIT 50",
    )
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    Ok(ExhibitorHome {
        streams: streams
            .into_iter()
            .map(|(slug, title, starts_at, zone, state)| ConsoleStream {
                slug,
                title,
                when: crate::i18n::format::date_time(locale, Instant(starts_at), &zone),
                state: crate::agenda::model::StreamState::parse(&state)
                    .unwrap_or(crate::agenda::model::StreamState::Scheduled),
            })
            .collect(),
        booth_slug: row.slug,
        booth_name: row.name,
        hall_name: row.hall_name,
        status: row.status,
        owner: role == BoothRole::Owner,
        tagline: row.tagline,
        description: row.description,
        city: row.city,
        region: row.region,
        brand_colour: row.brand_colour,
        products: products
            .into_iter()
            .map(|(slug, name, status, price, stock)| ConsoleProduct {
                slug,
                name,
                status,
                price: Money::inr(price).decimal(),
                stock,
            })
            .collect(),
        team: team
            .into_iter()
            .map(|(name, email, role)| TeamMember { name, email, role })
            .collect(),
        invited,
    })
}

fn colour(checks: &mut Checks, raw: &str) -> String {
    let value = raw.trim().to_lowercase();
    let ok = value.len() == 7
        && value.starts_with('#')
        && value[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if !ok {
        checks.fail("brand_colour", "colour");
    }
    value
}

/// Saves the booth's profile: tagline, description, city, state and brand colour.
pub async fn save_profile(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
) -> AppResult<()> {
    let (_, booth_id, _) = member(actor)?;
    let mut checks = Checks::default();
    let tagline = checks.text("tagline", field(fields, "tagline"), 140);
    let description = checks.paragraph("description", field(fields, "description"), 2000);
    let city = checks.text("city", field(fields, "city"), 80);
    let region = checks.text("region", field(fields, "region"), 80);
    let brand_colour = colour(&mut checks, field(fields, "brand_colour"));
    checks.finish()?;
    sqlx::query(
        "UPDATE booths SET tagline = $2, description = $3, city = $4, region = $5, brand_colour = $6
          WHERE id = $1",
    )
    .bind(booth_id)
    .bind(&tagline)
    .bind(&description)
    .bind(&city)
    .bind(&region)
    .bind(&brand_colour)
    .execute(db)
    .await?;
    search::reindex_one(db, "booth", booth_id).await?;
    Ok(())
}

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    slug: String,
    status: String,
    name: String,
    category: String,
    summary: String,
    description: String,
    unit: String,
    price_minor: i64,
    stock: i64,
    moq: i64,
    max_per_order: i64,
    hs_code: String,
    origin: String,
    weight_grams: i64,
    #[sqlx(flatten)]
    trade: TermsRow,
}

async fn own_product(
    db: &Db,
    booth_id: i64,
    slug: &str,
) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT p.id, p.slug, p.status, p.name, p.category, p.summary, p.description, p.unit,
                p.price_minor, p.stock, p.moq, p.max_per_order, p.hs_code, p.origin, p.weight_grams,
                {TERMS_COLUMNS}
           FROM products p WHERE p.booth_id = $1 AND p.slug = $2"
    ))
    .bind(booth_id)
    .bind(slug)
    .fetch_optional(db)
    .await
}

async fn booth_name(db: &Db, booth_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth_id)
        .fetch_one(db)
        .await
}

/// A product's form: empty for a new one (`slug` `None`), else the booth's own product.
pub async fn product_form(
    db: &Db,
    actor: Option<&User>,
    slug: Option<&str>,
) -> AppResult<ProductForm> {
    let (_, booth_id, _) = member(actor)?;
    let booth_name = booth_name(db, booth_id).await?;
    let Some(slug) = slug else {
        let defaults = [("moq", "1"), ("max_per_order", "100"), ("origin", "India")];
        return Ok(ProductForm {
            booth_name,
            status: "draft".into(),
            values: defaults
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .chain(terms_values(&TradeTerms::default()))
                .collect(),
            ..ProductForm::default()
        });
    };
    let p = own_product(db, booth_id, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let images: Vec<(String, String)> = sqlx::query_as(
        "SELECT src, alt FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(p.id)
    .fetch_all(db)
    .await?;
    Ok(ProductForm {
        booth_name,
        slug: Some(p.slug),
        status: p.status,
        values: [
            ("name", p.name),
            ("category", p.category),
            ("summary", p.summary),
            ("description", p.description),
            ("unit", p.unit),
            ("price", Money::inr(p.price_minor).decimal()),
            ("stock", p.stock.to_string()),
            ("moq", p.moq.to_string()),
            ("max_per_order", p.max_per_order.to_string()),
            ("hs_code", p.hs_code),
            ("origin", p.origin),
            ("weight_grams", p.weight_grams.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .chain(terms_values(&p.trade.terms()))
        .collect(),
        images: images
            .into_iter()
            .map(|(src, alt)| ProductImage { src, alt })
            .collect(),
    })
}

struct CheckedProduct {
    name: String,
    category: String,
    summary: String,
    description: String,
    unit: String,
    price_minor: i64,
    stock: i64,
    moq: i64,
    max_per_order: i64,
    hs_code: String,
    origin: String,
    weight_grams: i64,
    trade: TradeTerms,
}

fn check_product(fields: &[(String, String)]) -> AppResult<CheckedProduct> {
    let mut checks = Checks::default();
    let f = |name: &str| field(fields, name).to_owned();
    let name = checks.text("name", &f("name"), 120);
    let category = checks.text("category", &f("category"), 60);
    let summary = checks.text("summary", &f("summary"), 200);
    let description = checks.paragraph("description", &f("description"), 4000);
    let unit = checks.text("unit", &f("unit"), 40);
    let price_minor = match Money::parse_inr(&f("price")) {
        Some(m) if m.minor > 0 && m.minor <= 100_000_000_000 => m.minor,
        _ => {
            checks.fail(
                "price",
                if f("price").trim().is_empty() {
                    "required"
                } else {
                    "price"
                },
            );
            1
        }
    };
    let stock = checks.number("stock", &f("stock"), 0..=1_000_000);
    let moq = checks.number("moq", &f("moq"), 1..=100_000);
    let max_per_order = checks.number("max_per_order", &f("max_per_order"), 1..=1_000_000);
    if max_per_order < moq {
        checks.fail("max_per_order", "max_below_moq");
    }
    let hs_code = f("hs_code").trim().to_owned();
    let digits = hs_code.chars().filter(char::is_ascii_digit).count();
    if hs_code.is_empty() {
        checks.fail("hs_code", "required");
    } else if !(4..=10).contains(&digits)
        || !hs_code.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        checks.fail("hs_code", "hs_code");
    }
    let origin = checks.text("origin", &f("origin"), 80);
    let weight_grams = checks.number("weight_grams", &f("weight_grams"), 1..=1_000_000);
    let trade = check_terms(&mut checks, fields, price_minor, moq);
    checks.finish()?;
    Ok(CheckedProduct {
        name,
        category,
        summary,
        description,
        unit,
        price_minor,
        stock,
        moq,
        max_per_order,
        hs_code,
        origin,
        weight_grams,
        trade,
    })
}

/// Creates (`slug` `None`) or updates one of the booth's products; a new product is
/// published at once with a generated picture until a photograph is uploaded. Returns its slug.
pub async fn save_product(
    db: &Db,
    actor: Option<&User>,
    slug: Option<&str>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<String> {
    let (_, booth_id, _) = member(actor)?;
    let existing = match slug {
        Some(slug) => Some(
            own_product(db, booth_id, slug)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let p = check_product(fields)?;
    let duplicate: Option<String> = sqlx::query_scalar(
        "SELECT slug FROM products WHERE booth_id = $1 AND LOWER(name) = $2 AND id <> $3",
    )
    .bind(booth_id)
    .bind(p.name.to_lowercase())
    .bind(existing.as_ref().map_or(0, |e| e.id))
    .fetch_optional(db)
    .await?;
    if duplicate.is_some() {
        return Err(AppError::conflict("name", "name_taken"));
    }
    let mut tx = db.begin().await?;
    let (id, slug) = match existing {
        Some(row) => {
            sqlx::query(
                "UPDATE products SET name = $2, category = $3, summary = $4, description = $5, unit = $6,
                        price_minor = $7, stock = $8, moq = $9, max_per_order = $10, hs_code = $11,
                        origin = $12, weight_grams = $13 WHERE id = $1",
            )
            .bind(row.id)
            .bind(&p.name)
            .bind(&p.category)
            .bind(&p.summary)
            .bind(&p.description)
            .bind(&p.unit)
            .bind(p.price_minor)
            .bind(p.stock)
            .bind(p.moq)
            .bind(p.max_per_order)
            .bind(&p.hs_code)
            .bind(&p.origin)
            .bind(p.weight_grams)
            .execute(&mut *tx)
            .await?;
            (row.id, row.slug)
        }
        None => {
            let slug =
                crate::db::free_slug(&mut tx, crate::db::Slugged::Products, &p.name, "product")
                    .await?;
            let position: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM products WHERE booth_id = $1",
            )
            .bind(booth_id)
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO products (slug, booth_id, category, name, summary, description, unit,
                        price_minor, stock, moq, max_per_order, hs_code, origin, weight_grams, position,
                        status, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'published', $16)
                 RETURNING id",
            )
            .bind(&slug)
            .bind(booth_id)
            .bind(&p.category)
            .bind(&p.name)
            .bind(&p.summary)
            .bind(&p.description)
            .bind(&p.unit)
            .bind(p.price_minor)
            .bind(p.stock)
            .bind(p.moq)
            .bind(p.max_per_order)
            .bind(&p.hs_code)
            .bind(&p.origin)
            .bind(p.weight_grams)
            .bind(position)
            .bind(now.seconds())
            .fetch_one(&mut *tx)
            .await?;
            let colour: String =
                sqlx::query_scalar("SELECT brand_colour FROM booths WHERE id = $1")
                    .bind(booth_id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO product_images (product_id, position, src, alt) VALUES ($1, 0, $2, $3)",
            )
            .bind(id)
            .bind(format!("/media/art/jar-{}-1.svg", colour.trim_start_matches('#')))
            .bind(&p.name)
            .execute(&mut *tx)
            .await?;
            (id, slug)
        }
    };
    save_terms(&mut tx, id, &p.trade).await?;
    tx.commit().await?;
    search::reindex_one(db, "product", id).await?;
    Ok(slug)
}

/// Archives a product (buyers no longer see it) or brings an archived one back. A product
/// the council unpublished stays the council's to publish again.
pub async fn set_product_archived(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    archived: bool,
) -> AppResult<()> {
    let (_, booth_id, _) = member(actor)?;
    let p = own_product(db, booth_id, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (from, to) = if archived {
        ("published", "archived")
    } else {
        ("archived", "published")
    };
    if p.status != from {
        return Err(AppError::conflict("status", "not_open"));
    }
    sqlx::query("UPDATE products SET status = $2 WHERE id = $1 AND status = $3")
        .bind(p.id)
        .bind(to)
        .bind(from)
        .execute(db)
        .await?;
    Ok(())
}

/// Adds an uploaded picture (already checked and stored at `src`) as the product's first.
pub async fn add_image(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    src: &str,
    alt: &str,
) -> AppResult<()> {
    let (_, booth_id, _) = member(actor)?;
    let p = own_product(db, booth_id, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    // Shift the others down (in two steps, so the unique position never clashes).
    sqlx::query("UPDATE product_images SET position = -position - 1 WHERE product_id = $1")
        .bind(p.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE product_images SET position = -position WHERE product_id = $1")
        .bind(p.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO product_images (product_id, position, src, alt) VALUES ($1, 0, $2, $3)",
    )
    .bind(p.id)
    .bind(src)
    .bind(alt)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses unless the caller may add pictures to this product: checked before an upload
/// is read or stored.
pub async fn may_add_image(db: &Db, actor: Option<&User>, slug: &str) -> AppResult<String> {
    let (_, booth_id, _) = member(actor)?;
    let p = own_product(db, booth_id, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(p.name)
}

/// The owner invites a colleague by email; the link in the email lets that address join
/// as staff.
/// Invitations one owner may send per hour.
pub const INVITES_PER_HOUR: i64 = 10;

pub async fn invite(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    base_url: &str,
    now: Instant,
) -> AppResult<()> {
    let (user, booth_id, role) = member(actor)?;
    if role != BoothRole::Owner {
        return Err(AppError::Forbidden);
    }
    let Some(email) = normalise_email(field(fields, "email")) else {
        return Err(AppError::invalid("email", "email"));
    };
    // An owner sends a few invitations an hour: the booth's name on a mail is not a way to
    // send mail to anyone.
    let by_sender = format!("invite:{}", user.id);
    let limit = crate::core::throttle::Limit::new(&by_sender, INVITES_PER_HOUR, 3600);
    crate::core::throttle::attempt(&mut *db.acquire().await?, &[limit], now)
        .await?
        .map_err(AppError::Throttled)?;
    let already: Option<i64> = sqlx::query_scalar(
        "SELECT m.user_id FROM booth_members m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
    )
    .bind(&email)
    .fetch_optional(db)
    .await?;
    if already.is_some() {
        return Err(AppError::conflict("email", "already_exhibitor"));
    }
    let token = new_token();
    let name = booth_name(db, booth_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO staff_invitations (booth_id, email, token_hash, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(booth_id)
    .bind(&email)
    .bind(token_hash(&token))
    .bind(user.id)
    .bind(now.seconds())
    .bind(now.seconds() + INVITATION_SECONDS)
    .execute(&mut *tx)
    .await?;
    queue_email(
        &mut *tx,
        &email,
        &format!("Join {name} at the India Pavilion"),
        &format!(
            "{} invites you to run the booth {name} with them.\nSign in (or create an account) with this address and open:\n{base_url}/en/account/invitations/{token}\nThe link works for 14 days.\n",
            user.display_name
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(FromRow)]
struct InvitationRow {
    id: i64,
    booth_id: i64,
    email: String,
    expires_at: i64,
    accepted_at: Option<i64>,
    booth_name: String,
}

async fn invitation_row(db: &Db, token: &str) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.booth_id, i.email, i.expires_at, i.accepted_at, b.name AS booth_name
           FROM staff_invitations i JOIN booths b ON b.id = i.booth_id WHERE i.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(db)
    .await
}

/// An invitation as its link shows it (an unknown or malformed token is not found).
pub async fn invitation(
    db: &Db,
    actor: Option<&User>,
    token: &str,
    now: Instant,
) -> AppResult<Invitation> {
    let row = invitation_row(db, token).await?.ok_or(AppError::NotFound)?;
    Ok(Invitation {
        booth_name: row.booth_name,
        for_reader: actor.is_some_and(|u| u.email == row.email),
        signed_in: actor.is_some(),
        usable: row.accepted_at.is_none() && row.expires_at > now.seconds(),
        email: row.email,
    })
}

/// Joins the booth as staff: only the invited address, only once, only in time, and only
/// someone who does not already work for a booth.
pub async fn accept(db: &Db, actor: Option<&User>, token: &str, now: Instant) -> AppResult<()> {
    let user = actor.ok_or(AppError::Unauthorized)?;
    let row = invitation_row(db, token).await?.ok_or(AppError::NotFound)?;
    if user.email != row.email {
        return Err(AppError::Forbidden);
    }
    if row.accepted_at.is_some() || row.expires_at <= now.seconds() {
        return Err(AppError::conflict("form", "not_open"));
    }
    if user.booth.is_some() {
        return Err(AppError::conflict("form", "already_exhibitor"));
    }
    let mut tx = db.begin().await?;
    let used = sqlx::query(
        "UPDATE staff_invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL",
    )
    .bind(row.id)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::conflict("form", "not_open"));
    }
    let joined =
        sqlx::query("INSERT INTO booth_members (booth_id, user_id, role) VALUES ($1, $2, 'staff')")
            .bind(row.booth_id)
            .bind(user.id)
            .execute(&mut *tx)
            .await;
    // A second booth (or the same one twice) is refused by the keys of `booth_members`.
    joined?;
    // The invitation was mailed to this address: opening it proves the address.
    crate::accounts::verification::mark_verified(&mut tx, user.id, now).await?;
    tx.commit().await?;
    Ok(())
}
