//! Applications: the call for exhibitors, the checked form, the curator's desk and review,
//! and the decision that opens a booth.

use super::*;

/// An application form, checked.
struct Checked {
    company_name: String,
    contact_name: String,
    contact_phone: String,
    city: String,
    region: String,
    founded_year: i64,
    iec: String,
    gstin: String,
    products: String,
    markets: String,
    certificates: Vec<(String, String, Instant)>,
}

fn check_application(fields: &[(String, String)], now: Instant) -> AppResult<Checked> {
    let mut checks = Checks::default();
    let f = |name| field(fields, name);
    let company_name = checks.text("company_name", f("company_name"), NAME_MAX);
    let contact_name = checks.text("contact_name", f("contact_name"), NAME_MAX);
    let contact_phone = checks.text("contact_phone", f("contact_phone"), 20);
    if !contact_phone.is_empty()
        && !contact_phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
    {
        checks.fail("contact_phone", "number");
    }
    let city = checks.text("city", f("city"), NAME_MAX);
    let region = checks.text("region", f("region"), NAME_MAX);
    let this_year = now.iso_date()[..4].parse::<i64>().unwrap_or(2026);
    let founded_year = checks.number("founded_year", f("founded_year"), 1800..=this_year);
    let iec = match credentials::iec(f("iec")) {
        Ok(code) => code,
        Err(_) => {
            checks.fail(
                "iec",
                if f("iec").trim().is_empty() {
                    "required"
                } else {
                    "iec"
                },
            );
            String::new()
        }
    };
    let gstin = match credentials::gstin(f("gstin")) {
        Ok(code) => code,
        Err(e) => {
            let code = match e {
                _ if f("gstin").trim().is_empty() => "required",
                NumberError::Format => "gstin_format",
                NumberError::StateCode => "gstin_state",
                NumberError::CheckCharacter => "gstin_check",
            };
            checks.fail("gstin", code);
            String::new()
        }
    };
    let products = checks.paragraph("products", f("products"), TEXT_MAX);
    let markets = checks.text("markets", f("markets"), 200);
    let mut certificates: Vec<(String, String, Instant)> = Vec::new();
    for row in 1..=CERTIFICATE_ROWS {
        let kind_field = format!("cert_kind_{row}");
        let number_field = format!("cert_number_{row}");
        let expires_field = format!("cert_expires_{row}");
        let (kind, number, expires) = (
            field(fields, &kind_field).trim(),
            field(fields, &number_field).trim(),
            field(fields, &expires_field).trim(),
        );
        if kind.is_empty() && number.is_empty() && expires.is_empty() {
            continue;
        }
        if !CERTIFICATES.contains(&kind) {
            checks.fail(&kind_field, "required");
            continue;
        }
        if certificates.iter().any(|(k, _, _)| k == kind) {
            checks.fail(&kind_field, "duplicate");
            continue;
        }
        let number = match credentials::certificate_number(kind, number) {
            Ok(n) => n,
            Err(_) => {
                let code = match () {
                    _ if number.is_empty() => "required",
                    _ if kind == "fssai" => "fssai",
                    _ => "certificate",
                };
                checks.fail(&number_field, code);
                String::new()
            }
        };
        // Valid through the whole of its last day (UTC).
        let expires_at = match Instant::parse_date(expires) {
            Some(day) if day.seconds() + 86_400 <= now.seconds() => {
                checks.fail(&expires_field, "expired");
                day
            }
            Some(day) => Instant(day.seconds() + 86_400),
            None => {
                checks.fail(
                    &expires_field,
                    if expires.is_empty() {
                        "required"
                    } else {
                        "date"
                    },
                );
                now
            }
        };
        certificates.push((kind.to_owned(), number, expires_at));
    }
    checks.finish()?;
    Ok(Checked {
        company_name,
        contact_name,
        contact_phone,
        city,
        region,
        founded_year,
        iec,
        gstin,
        products,
        markets,
        certificates,
    })
}

/// A company name another booth or another applicant's open application already uses.
async fn name_taken(
    db: &Db,
    name: &str,
    except_application: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let lower = name.to_lowercase();
    let slug = Slug::from_name(name)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default();
    let booth: Option<i64> =
        sqlx::query_scalar("SELECT id FROM booths WHERE LOWER(name) = $1 OR slug = $2")
            .bind(&lower)
            .bind(&slug)
            .fetch_optional(db)
            .await?;
    let application: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM applications WHERE LOWER(company_name) = $1
           AND state IN ('submitted', 'changes_requested') AND id <> $2",
    )
    .bind(&lower)
    .bind(except_application.unwrap_or(0))
    .fetch_optional(db)
    .await?;
    Ok(booth.is_some() || application.is_some())
}

/// Submits an application to a hall, or resubmits the one the council sent back.
/// Returns the application's id.
pub async fn submit_application(
    db: &Db,
    actor: Option<&User>,
    hall_slug: &str,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<i64> {
    let user = signed_in(actor)?;
    let hall = hall_by_slug(db, Locale::En, hall_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.booth.is_some() {
        return Err(AppError::conflict("form", "already_exhibitor"));
    }
    let open: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, hall_id, state FROM applications
          WHERE applicant_id = $1 AND state IN ('submitted', 'changes_requested')",
    )
    .bind(user.id)
    .fetch_optional(db)
    .await?;
    let resubmit = match open {
        None => None,
        Some((id, hall_id, state)) if hall_id == hall.id && state == "changes_requested" => {
            Some(id)
        }
        Some(_) => {
            return Err(AppError::conflict("form", "already_applied"));
        }
    };
    let form = check_application(fields, now)?;
    if name_taken(db, &form.company_name, resubmit).await? {
        return Err(AppError::conflict("company_name", "name_taken"));
    }
    let mut tx = db.begin().await?;
    let id = match resubmit {
        Some(id) => {
            sqlx::query(
                "UPDATE applications SET state = 'submitted', company_name = $2, contact_name = $3,
                        contact_phone = $4, city = $5, region = $6, founded_year = $7, iec = $8,
                        gstin = $9, products = $10, markets = $11, updated_at = $12
                  WHERE id = $1 AND state = 'changes_requested'",
            )
            .bind(id)
            .bind(&form.company_name)
            .bind(&form.contact_name)
            .bind(&form.contact_phone)
            .bind(&form.city)
            .bind(&form.region)
            .bind(form.founded_year)
            .bind(&form.iec)
            .bind(&form.gstin)
            .bind(&form.products)
            .bind(&form.markets)
            .bind(now.seconds())
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM application_certificates WHERE application_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO applications (hall_id, applicant_id, company_name, contact_name,
                        contact_phone, city, region, founded_year, iec, gstin, products, markets,
                        created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
                 RETURNING id",
            )
            .bind(hall.id)
            .bind(user.id)
            .bind(&form.company_name)
            .bind(&form.contact_name)
            .bind(&form.contact_phone)
            .bind(&form.city)
            .bind(&form.region)
            .bind(form.founded_year)
            .bind(&form.iec)
            .bind(&form.gstin)
            .bind(&form.products)
            .bind(&form.markets)
            .bind(now.seconds())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    for (kind, number, expires_at) in &form.certificates {
        sqlx::query(
            "INSERT INTO application_certificates (application_id, badge_id, number, expires_at)
             SELECT $1, id, $3, $4 FROM badges WHERE slug = $2",
        )
        .bind(id)
        .bind(kind)
        .bind(number)
        .bind(expires_at.seconds())
        .execute(&mut *tx)
        .await?;
    }
    let action = if resubmit.is_some() {
        "resubmitted"
    } else {
        "submitted"
    };
    log(
        &mut tx,
        user.id,
        action,
        &format!("application:{id}"),
        "",
        now,
    )
    .await?;
    let curators: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM council_curators cc JOIN users u ON u.id = cc.user_id
          WHERE cc.council_id = $1",
    )
    .bind(hall.council_id)
    .fetch_all(&mut *tx)
    .await?;
    for email in curators {
        queue_email(
            &mut *tx,
            &email,
            &format!("Application {action}: {} ({})", form.company_name, hall.name),
            &format!(
                "{} {action} an application to exhibit in {}.\nReview it at /en/curator/applications/{id}\n",
                form.company_name, hall.name
            ),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

#[derive(FromRow)]
struct ApplicationRow {
    id: i64,
    hall_id: i64,
    hall_slug: String,
    hall_name: String,
    state: String,
    company_name: String,
    contact_name: String,
    contact_phone: String,
    city: String,
    region: String,
    founded_year: i64,
    iec: String,
    gstin: String,
    products: String,
    markets: String,
    reason: String,
    booth_slug: Option<String>,
    applicant_id: i64,
    applicant_name: String,
    applicant_email: String,
    updated_at: i64,
}

const APPLICATION_SELECT: &str = "
    SELECT a.id, a.hall_id, h.slug AS hall_slug, COALESCE(ht.name, h.name) AS hall_name, a.state,
           a.company_name, a.contact_name, a.contact_phone, a.city, a.region, a.founded_year,
           a.iec, a.gstin, a.products, a.markets, a.reason, b.slug AS booth_slug,
           a.applicant_id, u.display_name AS applicant_name, u.email AS applicant_email, a.updated_at
      FROM applications a
      JOIN halls h ON h.id = a.hall_id
      LEFT JOIN hall_translations ht ON ht.hall_id = h.id AND ht.locale = $1
      JOIN users u ON u.id = a.applicant_id
      LEFT JOIN booths b ON b.id = a.booth_id";

async fn application(
    db: &Db,
    locale: Locale,
    row: ApplicationRow,
) -> Result<Application, sqlx::Error> {
    let certificates: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT b.slug, b.label, c.number, c.expires_at FROM application_certificates c
         JOIN badges b ON b.id = c.badge_id WHERE c.application_id = $1 ORDER BY b.slug",
    )
    .bind(row.id)
    .fetch_all(db)
    .await?;
    let subject = format!("application:{}", row.id);
    Ok(Application {
        id: row.id,
        hall_slug: row.hall_slug,
        hall_name: row.hall_name,
        stage: Stage::parse(&row.state).unwrap_or(Stage::Submitted),
        company_name: row.company_name,
        contact_name: row.contact_name,
        contact_phone: row.contact_phone,
        city: row.city,
        region: row.region,
        founded_year: row.founded_year,
        iec: row.iec,
        gstin: row.gstin,
        products: row.products,
        markets: row.markets,
        reason: row.reason,
        certificates: certificates
            .into_iter()
            .map(|(kind, label, number, expires_at)| Certificate {
                kind,
                label,
                number,
                expires: Instant(expires_at - 86_400).iso_date(),
            })
            .collect(),
        booth_slug: row.booth_slug,
        applicant_name: row.applicant_name,
        applicant_email: row.applicant_email,
        updated: crate::i18n::format::date_time(locale, Instant(row.updated_at), "UTC"),
        history: history(db, locale, &subject).await?,
    })
}

/// The call for exhibitors of a hall, for whoever reads it.
pub async fn apply_page(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    hall_slug: &str,
) -> AppResult<ApplyPage> {
    let hall = hall_by_slug(db, locale, hall_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let kinds: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, label FROM badges ORDER BY label")
            .fetch_all(db)
            .await?;
    let mut page = ApplyPage {
        hall_slug: hall.slug,
        hall_name: hall.name,
        hall_colour: hall.colour,
        council: hall.council,
        signed_in: actor.is_some(),
        exhibitor: actor.is_some_and(|u| u.booth.is_some()),
        application: None,
        open_elsewhere: None,
        kinds: kinds
            .into_iter()
            .filter(|(slug, _)| CERTIFICATES.contains(&slug.as_str()))
            .map(|(slug, label)| CertificateKind { slug, label })
            .collect(),
    };
    if let Some(user) = actor {
        let sql = format!(
            "{APPLICATION_SELECT} WHERE a.applicant_id = $2 AND a.hall_id = $3 ORDER BY a.id DESC"
        );
        let row: Option<ApplicationRow> = sqlx::query_as(&sql)
            .bind(locale.code())
            .bind(user.id)
            .bind(hall.id)
            .fetch_optional(db)
            .await?;
        if let Some(row) = row {
            page.application = Some(application(db, locale, row).await?);
        }
        let sql = format!(
            "{APPLICATION_SELECT} WHERE a.applicant_id = $2 AND a.hall_id <> $3
               AND a.state IN ('submitted', 'changes_requested')"
        );
        let elsewhere: Option<ApplicationRow> = sqlx::query_as(&sql)
            .bind(locale.code())
            .bind(user.id)
            .bind(hall.id)
            .fetch_optional(db)
            .await?;
        page.open_elsewhere = elsewhere.map(|r| r.hall_name);
    }
    Ok(page)
}

/// Applications on one page of either queue.
pub const APPLICATIONS_PER_PAGE: usize = 50;

/// Where the curator's two queues are opened (each by the cursor of its own page link).
#[derive(Clone, Copy, Debug, Default)]
pub struct QueuePages {
    pub waiting: Option<Cursor>,
    pub recent: Option<Cursor>,
}

/// The curator's desk: their council's halls, and the applications waiting and decided.
pub async fn curator_home(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    pages: QueuePages,
) -> AppResult<CuratorHome> {
    let user = require_curator(actor)?;
    // An admin sees every council's halls.
    let council: String = match user.council_id {
        Some(id) => {
            sqlx::query_scalar("SELECT name FROM councils WHERE id = $1")
                .bind(id)
                .fetch_one(db)
                .await?
        }
        // An admin's desk spans every council.
        None => String::new(),
    };
    let scope = user.council_id.unwrap_or(0);
    let halls: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT h.slug, COALESCE(t.name, h.name), h.colour,
                (SELECT COUNT(*) FROM applications a WHERE a.hall_id = h.id AND a.state = 'submitted'),
                (SELECT COUNT(*) FROM booths b WHERE b.hall_id = h.id)
           FROM halls h LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $1
          WHERE h.council_id = $2 OR $2 = 0 ORDER BY h.position",
    )
    .bind(locale.code())
    .bind(scope)
    .fetch_all(db)
    .await?;
    // Waiting: oldest first (the work queue); decided: newest first. Each pages on its own.
    let queue = |states: &'static str, newer: bool| {
        let (order, after) = if newer { ("ASC", ">") } else { ("DESC", "<") };
        format!(
            "SELECT a.id, a.company_name, COALESCE(t.name, h.name), a.state, a.updated_at
               FROM applications a JOIN halls h ON h.id = a.hall_id
               LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $1
              WHERE (h.council_id = $2 OR $2 = 0) AND a.state IN ({states})
                AND (a.updated_at {after} $3 OR (a.updated_at = $3 AND a.id {after} $4))
              ORDER BY a.updated_at {order}, a.id {order} LIMIT $5"
        )
    };
    let items = |rows: Vec<(i64, String, String, String, i64)>| {
        let rows = rows
            .into_iter()
            .map(|(id, company_name, hall_name, state, updated)| {
                let item = QueueItem {
                    id,
                    company_name,
                    hall_name,
                    stage: Stage::parse(&state).unwrap_or(Stage::Submitted),
                    updated: crate::i18n::format::date_time(locale, Instant(updated), "UTC"),
                };
                (Cursor { at: updated, id }, item)
            })
            .collect();
        Page::of(rows, APPLICATIONS_PER_PAGE)
    };
    let read = |sql: String, from: Cursor| async move {
        sqlx::query_as(&sql)
            .bind(locale.code())
            .bind(scope)
            .bind(from.at)
            .bind(from.id)
            .bind(APPLICATIONS_PER_PAGE as i64 + 1)
            .fetch_all(db)
            .await
    };
    let waiting = read(
        queue("'submitted'", true),
        pages.waiting.unwrap_or(Cursor::OLDEST),
    )
    .await?;
    let recent = read(
        queue("'changes_requested', 'approved', 'rejected'", false),
        pages.recent.unwrap_or(Cursor::NEWEST),
    )
    .await?;
    Ok(CuratorHome {
        council,
        halls: halls
            .into_iter()
            .map(|(slug, name, colour, waiting, booths)| CuratedHall {
                slug,
                name,
                colour,
                waiting,
                booths,
            })
            .collect(),
        waiting: items(waiting),
        recent: items(recent),
    })
}

async fn application_row(
    db: &Db,
    locale: Locale,
    id: i64,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    let sql = format!("{APPLICATION_SELECT} WHERE a.id = $2");
    sqlx::query_as(&sql)
        .bind(locale.code())
        .bind(id)
        .fetch_optional(db)
        .await
}

/// One application, for a curator of its hall.
pub async fn review_page(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    id: i64,
) -> AppResult<Application> {
    let (_, row) = curated(db, actor, application_row(db, locale, id), |r| r.hall_id).await?;
    Ok(application(db, locale, row).await?)
}

/// A unique slug for a new booth, from its name.
/// The first free cell of a hall's grid, row by row; a full hall grows by a row.
async fn free_spot(tx: &mut Transaction<'_, Any>, hall_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let (cols, rows): (i64, i64) =
        sqlx::query_as("SELECT plan_cols, plan_rows FROM halls WHERE id = $1")
            .bind(hall_id)
            .fetch_one(&mut **tx)
            .await?;
    let spots: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT plan_x, plan_y, plan_w, plan_h FROM booths WHERE hall_id = $1 AND status <> 'banned'",
    )
    .bind(hall_id)
    .fetch_all(&mut **tx)
    .await?;
    let occupied = |x: i64, y: i64| {
        spots
            .iter()
            .any(|(sx, sy, sw, sh)| x >= *sx && x < sx + sw && y >= *sy && y < sy + sh)
    };
    for y in 0..rows {
        for x in 0..cols {
            if !occupied(x, y) {
                return Ok((x, y));
            }
        }
    }
    sqlx::query("UPDATE halls SET plan_rows = plan_rows + 1 WHERE id = $1 AND plan_rows < 40")
        .bind(hall_id)
        .execute(&mut **tx)
        .await?;
    Ok((0, rows.min(39)))
}

/// A curator's decision on an application: `approve`, `reject` or `changes` (with a
/// reason for the last two). Approval opens the booth and makes the applicant its owner.
/// Returns the new booth's slug on approval.
pub async fn decide(
    db: &Db,
    actor: Option<&User>,
    id: i64,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<Option<String>> {
    let (user, row) = curated(db, actor, application_row(db, Locale::En, id), |r| {
        r.hall_id
    })
    .await?;
    let decision = field(fields, "decision");
    let mut checks = Checks::default();
    let reason = field(fields, "reason").trim().to_owned();
    let (stage, action) = match decision {
        "approve" => (Stage::Approved, "approved"),
        "reject" => (Stage::Rejected, "rejected"),
        "changes" => (Stage::ChangesRequested, "changes_requested"),
        _ => return Err(AppError::invalid("decision", "decision")),
    };
    if stage != Stage::Approved {
        checks.paragraph("reason", &reason, TEXT_MAX);
    } else if reason.chars().count() > TEXT_MAX {
        checks.fail("reason", "too_long");
    }
    checks.finish()?;
    if row.state != "submitted" {
        return Err(AppError::conflict("decision", "not_open"));
    }
    let mut tx = db.begin().await?;
    let mut booth_slug = None;
    if stage == Stage::Approved {
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM booths WHERE LOWER(name) = $1")
            .bind(row.company_name.to_lowercase())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(AppError::conflict("decision", "name_taken"));
        }
        let member: Option<i64> =
            sqlx::query_scalar("SELECT booth_id FROM booth_members WHERE user_id = $1")
                .bind(row.applicant_id)
                .fetch_optional(&mut *tx)
                .await?;
        if member.is_some() {
            return Err(AppError::conflict("decision", "already_exhibitor"));
        }
        let slug = crate::db::free_slug(
            &mut tx,
            crate::db::Slugged::Booths,
            &row.company_name,
            "booth",
        )
        .await?;
        let (x, y) = free_spot(&mut tx, row.hall_id).await?;
        let colour: String = sqlx::query_scalar("SELECT colour FROM halls WHERE id = $1")
            .bind(row.hall_id)
            .fetch_one(&mut *tx)
            .await?;
        let position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM booths WHERE hall_id = $1",
        )
        .bind(row.hall_id)
        .fetch_one(&mut *tx)
        .await?;
        let tagline: String = row
            .products
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(140)
            .collect();
        let booth_id: i64 = sqlx::query_scalar(
            "INSERT INTO booths (slug, hall_id, name, city, region, founded_year, tagline,
                    description, brand_colour, position, plan_x, plan_y, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'published', $13)
             RETURNING id",
        )
        .bind(&slug)
        .bind(row.hall_id)
        .bind(&row.company_name)
        .bind(&row.city)
        .bind(&row.region)
        .bind(row.founded_year)
        .bind(&tagline)
        .bind(format!("{}\n\nMarkets: {}", row.products, row.markets))
        .bind(&colour)
        .bind(position)
        .bind(x)
        .bind(y)
        .bind(now.seconds())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO booth_members (booth_id, user_id, role) VALUES ($1, $2, 'owner')")
            .bind(booth_id)
            .bind(row.applicant_id)
            .execute(&mut *tx)
            .await?;
        // Credentials arrive unverified: no badge shows until a curator verifies each.
        for (badge, reference) in [
            ("iec", format!("IEC {}", row.iec)),
            ("gst", format!("GSTIN {}", row.gstin)),
        ] {
            sqlx::query(
                "INSERT INTO booth_badges (booth_id, badge_id, reference)
                 SELECT $1, id, $3 FROM badges WHERE slug = $2",
            )
            .bind(booth_id)
            .bind(badge)
            .bind(reference)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO booth_badges (booth_id, badge_id, reference, expires_at)
             SELECT $1, badge_id, number, expires_at FROM application_certificates
              WHERE application_id = $2",
        )
        .bind(booth_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE applications SET booth_id = $2 WHERE id = $1")
            .bind(id)
            .bind(booth_id)
            .execute(&mut *tx)
            .await?;
        booth_slug = Some(slug);
    }
    let updated = sqlx::query(
        "UPDATE applications SET state = $2, reason = $3, updated_at = $4
          WHERE id = $1 AND state = 'submitted'",
    )
    .bind(id)
    .bind(stage.code())
    .bind(&reason)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        // Another curator decided first; this decision is dropped with its booth.
        return Err(AppError::conflict("decision", "not_open"));
    }
    log(
        &mut tx,
        user.id,
        action,
        &format!("application:{id}"),
        &reason,
        now,
    )
    .await?;
    queue_email(
        &mut *tx,
        &row.applicant_email,
        &format!("Your application for {}: {action}", row.company_name),
        &format!(
            "The council has {} your application to exhibit in {}.\n{}\nSee it at /en/halls/{}/apply\n",
            action.replace('_', " "),
            row.hall_name,
            reason,
            row.hall_slug
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(booth_slug)
}
