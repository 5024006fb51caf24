//! A booth as its curator manages it: credentials and badges, featuring, publishing and
//! suspending members.

use super::*;

#[derive(FromRow)]
struct BoothRow {
    id: i64,
    slug: String,
    name: String,
    hall_id: i64,
    hall_slug: String,
    hall_name: String,
    status: String,
    featured: i64,
}

async fn booth_row(db: &Db, locale: Locale, slug: &str) -> Result<Option<BoothRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.slug, b.name, b.hall_id, h.slug AS hall_slug,
                COALESCE(t.name, h.name) AS hall_name, b.status, b.featured
           FROM booths b JOIN halls h ON h.id = b.hall_id
           LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $2
          WHERE b.slug = $1",
    )
    .bind(slug)
    .bind(locale.code())
    .fetch_optional(db)
    .await
}

/// A booth as its curator manages it.
pub async fn curator_booth(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    slug: &str,
    now: Instant,
) -> AppResult<CuratorBoothPage> {
    let (_, booth) = curated(db, actor, booth_row(db, locale, slug), |r| r.hall_id).await?;
    #[derive(FromRow)]
    struct CredentialRow {
        badge: String,
        label: String,
        reference: String,
        verified_at: Option<i64>,
        expires_at: Option<i64>,
    }
    let credentials: Vec<CredentialRow> = sqlx::query_as(
        "SELECT b.slug AS badge, b.label, bb.reference, bb.verified_at, bb.expires_at
           FROM booth_badges bb JOIN badges b ON b.id = bb.badge_id
          WHERE bb.booth_id = $1 ORDER BY b.label",
    )
    .bind(booth.id)
    .fetch_all(db)
    .await?;
    let members: Vec<(i64, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, m.role, u.suspended_at
           FROM booth_members m JOIN users u ON u.id = m.user_id
          WHERE m.booth_id = $1 ORDER BY m.role, u.display_name",
    )
    .bind(booth.id)
    .fetch_all(db)
    .await?;
    let products: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT slug, name, status FROM products WHERE booth_id = $1 ORDER BY position, id",
    )
    .bind(booth.id)
    .fetch_all(db)
    .await?;
    let streams: Vec<(String, String, i64, String, String, i64)> = sqlx::query_as(
        "SELECT slug, title, starts_at, time_zone, state, main_stage FROM streams
          WHERE booth_id = $1 AND state IN ('scheduled', 'live') ORDER BY starts_at",
    )
    .bind(booth.id)
    .fetch_all(db)
    .await?;
    Ok(CuratorBoothPage {
        streams: streams
            .into_iter()
            .map(
                |(slug, title, starts_at, zone, state, main)| CuratedStream {
                    slug,
                    title,
                    when: crate::i18n::format::date_time(locale, Instant(starts_at), &zone),
                    state: crate::agenda::model::StreamState::parse(&state)
                        .unwrap_or(crate::agenda::model::StreamState::Scheduled),
                    main_stage: main == 1,
                },
            )
            .collect(),
        history: history(db, locale, &format!("booth:{}", booth.id)).await?,
        slug: booth.slug,
        name: booth.name,
        hall_slug: booth.hall_slug,
        hall_name: booth.hall_name,
        status: booth.status,
        featured: booth.featured != 0,
        credentials: credentials
            .into_iter()
            .map(|c| Credential {
                verified: c.verified_at.is_some(),
                expired: c.expires_at.is_some_and(|e| e <= now.seconds()),
                expires: c.expires_at.map(|e| Instant(e - 86_400).iso_date()),
                badge: c.badge,
                label: c.label,
                reference: c.reference,
            })
            .collect(),
        members: members
            .into_iter()
            .map(|(id, name, email, role, suspended)| Member {
                id,
                name,
                email,
                role,
                suspended: suspended.is_some(),
            })
            .collect(),
        products: products
            .into_iter()
            .map(|(slug, name, status)| ListedProduct { slug, name, status })
            .collect(),
    })
}

/// One curator action on a booth, named by the form's `op`: `verify` / `unverify` a
/// credential (`badge`), `feature` / `unfeature`, `unpublish` / `publish` the booth or a
/// product (`product`), `suspend` / `reinstate` a member (`user`).
pub async fn booth_action(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<()> {
    let (user, booth) = curated(db, actor, booth_row(db, Locale::En, slug), |r| r.hall_id).await?;
    let op = field(fields, "op");
    let reason = field(fields, "reason").trim().to_owned();
    if reason.chars().count() > TEXT_MAX {
        return Err(AppError::invalid("reason", "too_long"));
    }
    let mut tx = db.begin().await?;
    let subject = format!("booth:{}", booth.id);
    let detail: String = match op {
        "verify" | "unverify" => {
            let badge = field(fields, "badge");
            let current: Option<(i64, Option<i64>)> = sqlx::query_as(
                "SELECT bb.badge_id, bb.expires_at FROM booth_badges bb JOIN badges b ON b.id = bb.badge_id
                  WHERE bb.booth_id = $1 AND b.slug = $2",
            )
            .bind(booth.id)
            .bind(badge)
            .fetch_optional(&mut *tx)
            .await?;
            let (badge_id, expires_at) = current.ok_or(AppError::NotFound)?;
            if op == "verify" && expires_at.is_some_and(|e| e <= now.seconds()) {
                return Err(AppError::conflict("badge", "expired"));
            }
            sqlx::query(
                "UPDATE booth_badges SET verified_at = $3 WHERE booth_id = $1 AND badge_id = $2",
            )
            .bind(booth.id)
            .bind(badge_id)
            .bind((op == "verify").then_some(now.seconds()))
            .execute(&mut *tx)
            .await?;
            badge.to_owned()
        }
        "feature" | "unfeature" => {
            sqlx::query("UPDATE booths SET featured = $2 WHERE id = $1")
                .bind(booth.id)
                .bind(i64::from(op == "feature"))
                .execute(&mut *tx)
                .await?;
            String::new()
        }
        "unpublish" | "publish" => {
            let status = if op == "publish" {
                "published"
            } else {
                "unpublished"
            };
            let product = field(fields, "product");
            if product.is_empty() {
                sqlx::query("UPDATE booths SET status = $2 WHERE id = $1")
                    .bind(booth.id)
                    .bind(status)
                    .execute(&mut *tx)
                    .await?;
                String::new()
            } else {
                // Only this booth's products; an exhibitor's archive stays theirs to undo.
                let done = sqlx::query(
                    "UPDATE products SET status = $3 WHERE booth_id = $1 AND slug = $2
                       AND status IN ('published', 'unpublished')",
                )
                .bind(booth.id)
                .bind(product)
                .bind(status)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(AppError::NotFound);
                }
                format!("product:{product}")
            }
        }
        "suspend" | "reinstate" => {
            let member: i64 = field(fields, "user")
                .parse()
                .map_err(|_| AppError::NotFound)?;
            let in_booth: Option<i64> = sqlx::query_scalar(
                "SELECT m.user_id FROM booth_members m JOIN users u ON u.id = m.user_id
                  WHERE m.booth_id = $1 AND m.user_id = $2 AND u.is_admin = 0",
            )
            .bind(booth.id)
            .bind(member)
            .fetch_optional(&mut *tx)
            .await?;
            in_booth.ok_or(AppError::NotFound)?;
            sqlx::query("UPDATE users SET suspended_at = $2 WHERE id = $1")
                .bind(member)
                .bind((op == "suspend").then_some(now.seconds()))
                .execute(&mut *tx)
                .await?;
            if op == "suspend" {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(member)
                    .execute(&mut *tx)
                    .await?;
            }
            format!("user:{member}")
        }
        _ => return Err(AppError::invalid("op", "decision")),
    };
    let action = if detail.is_empty() {
        op.to_owned()
    } else {
        format!("{op} {detail}")
    };
    log(&mut tx, user.id, &action, &subject, &reason, now).await?;
    tx.commit().await?;
    Ok(())
}
