//! Tracked links in the store: making one, following one (a click under a fresh token), the
//! click a checkout finds behind a cookie, and the creator's page of links with what each
//! brought. A link leads only where its creator may send buyers: their own page, or a
//! booth or product they have terms in force with.

use super::model::{Link, LinksPage};
use crate::accounts::roles::signed_in;
use crate::accounts::store::User;
use crate::core::secrets::{new_token, sha256_hex};
use crate::core::throttle::{self, Limit};
use crate::core::{Instant, Money};
use crate::creators::collaborations::store::own_creator;
use crate::creators::model::Choice;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::{Locale, format, tr};
use sqlx::{Any, AnyConnection, FromRow};

/// The most links one creator keeps.
pub const LINKS_MAX: i64 = 50;
/// The longest label, in characters.
const LABEL_MAX: usize = 80;
/// A code's length: eight of 36 letters and digits.
const CODE_LEN: usize = 8;
const DAY: i64 = 24 * 3600;

/// Where a link leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The creator's own page.
    Creator,
    Booth(i64),
    Product(i64),
}

impl Target {
    /// `creator`, `booth:ID` or `product:ID`, as the form sends it.
    pub fn parse(raw: &str) -> Option<Self> {
        let id = |id: &str| id.parse::<i64>().ok().filter(|id| *id > 0);
        match raw.split_once(':') {
            None if raw == "creator" => Some(Self::Creator),
            Some(("booth", n)) => id(n).map(Self::Booth),
            Some(("product", n)) => id(n).map(Self::Product),
            _ => None,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Self::Creator => "creator",
            Self::Booth(_) => "booth",
            Self::Product(_) => "product",
        }
    }
}

/// A fresh code: lower-case letters and digits from a random token.
fn fresh_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let token = new_token();
    token
        .as_bytes()
        .chunks(2)
        .take(CODE_LEN)
        .map(|pair| {
            let byte =
                u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("0"), 16).unwrap_or(0);
            char::from(ALPHABET[usize::from(byte) % ALPHABET.len()])
        })
        .collect()
}

/// A code as a link carries it; anything else is no link.
fn valid_code(code: &str) -> bool {
    code.len() == CODE_LEN
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The published booths, and their published products, a creator may send buyers to now:
/// those of terms accepted whose period has not ended, and not replaced by a newer accepted
/// version of the same collaboration (which replaces it even where it drops a product).
/// `(id, slug, name)` each.
#[allow(clippy::type_complexity)]
async fn partners(
    db: &Db,
    creator: i64,
    now: Instant,
) -> Result<(Vec<(i64, String, String)>, Vec<(i64, String, String)>), sqlx::Error> {
    const CURRENT: &str = "k.creator_id = $1 AND t.outcome = 'accepted' AND t.ends_at > $2
            AND NOT EXISTS (
                SELECT 1 FROM collaboration_terms n
                 WHERE n.collaboration_id = k.id AND n.outcome = 'accepted'
                   AND n.version > t.version)";
    let booths: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT DISTINCT b.id, b.slug, b.name
           FROM collaborations k
           JOIN booths b ON b.id = k.booth_id AND b.status = 'published'
           JOIN collaboration_terms t ON t.collaboration_id = k.id
          WHERE {CURRENT}
          ORDER BY b.name, b.id"
    ))
    .bind(creator)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let products: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT DISTINCT p.id, p.slug, p.name
           FROM collaborations k
           JOIN booths b ON b.id = k.booth_id AND b.status = 'published'
           JOIN collaboration_terms t ON t.collaboration_id = k.id
           JOIN collaboration_products x ON x.terms_id = t.id
           JOIN products p ON p.id = x.product_id AND p.status = 'published'
          WHERE {CURRENT}
          ORDER BY p.name, p.id"
    ))
    .bind(creator)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    Ok((booths, products))
}

/// Makes a link for the signed-in creator; answers its code. 401 signed out, 403 without a
/// creator profile, 422 for a target they may not lead to or a label too long or with
/// control characters (every problem at once), 409 at [`LINKS_MAX`].
pub async fn create(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<String> {
    let user = signed_in(actor)?;
    let (creator, ..) = own_creator(db, user).await?.ok_or(AppError::Forbidden)?;
    let mut checks = Checks::default();
    let raw = field(fields, "target").trim();
    let target = Target::parse(raw);
    if target.is_none() {
        checks.fail("target", if raw.is_empty() { "required" } else { "choice" });
    }
    let label = if field(fields, "label").trim().is_empty() {
        String::new()
    } else {
        checks.text("label", field(fields, "label"), LABEL_MAX)
    };
    let target_id = match target {
        None => 0,
        Some(Target::Creator) => creator,
        Some(target @ (Target::Booth(id) | Target::Product(id))) => {
            let (booths, products) = partners(db, creator, now).await?;
            let allowed = if matches!(target, Target::Booth(_)) {
                booths
            } else {
                products
            };
            if !allowed.iter().any(|(known, ..)| *known == id) {
                checks.fail("target", "choice");
            }
            id
        }
    };
    checks.finish()?;
    let Some(target) = target else {
        return Err(AppError::invalid("target", "choice"));
    };
    let mut tx = db.begin().await?;
    // On PostgreSQL two posts at once would both count 49: the creator's links are taken
    // for this transaction first (SQLite writes one at a time).
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(format!("creator-links:{creator}"))
            .execute(&mut *tx)
            .await?;
    }
    let kept: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM creator_links WHERE creator_id = $1",
    )
    .bind(creator)
    .fetch_one(&mut *tx)
    .await?;
    if kept >= LINKS_MAX {
        return Err(AppError::conflict("form", "links_full"));
    }
    // A code met twice (one in 36^8) is drawn again.
    for _ in 0..3 {
        let code = fresh_code();
        let written = sqlx::query(
            "INSERT INTO creator_links (code, creator_id, target_kind, target_id, label, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(&code)
        .bind(creator)
        .bind(target.kind())
        .bind(target_id)
        .bind(&label)
        .bind(now.seconds())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if written == 1 {
            tx.commit().await?;
            return Ok(code);
        }
    }
    tracing::error!("three fresh link codes were all taken");
    Err(AppError::Internal)
}

/// Clicks one address counts on one link in an hour; more still lead on, uncounted.
const CLICKS_PER_HOUR: i64 = 30;

/// Follows a link: answers where to go, below the locale, and the token for the cookie, if
/// the visit is recorded. A browser that already holds a token of this link (`held`) keeps
/// it, its window starting again, and is not counted twice; otherwise a click is counted
/// under a fresh token, up to [`CLICKS_PER_HOUR`] per address (`client`). `record` false (a
/// HEAD request, say) records nothing. An unknown code is 404. A booth or product no longer
/// published leads to the creator's page.
pub async fn follow(
    db: &Db,
    code: &str,
    held: Option<&str>,
    client: &str,
    record: bool,
    days: i64,
    now: Instant,
) -> AppResult<(String, Option<String>)> {
    if !valid_code(code) {
        return Err(AppError::NotFound);
    }
    let link: Option<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT l.id, l.target_kind, l.target_id, c.slug
           FROM creator_links l JOIN creators c ON c.id = l.creator_id
          WHERE l.code = $1",
    )
    .bind(code)
    .fetch_optional(db)
    .await?;
    let (link, kind, target, creator) = link.ok_or(AppError::NotFound)?;
    let published: Option<String> = match kind.as_str() {
        "booth" => {
            sqlx::query_scalar("SELECT slug FROM booths WHERE id = $1 AND status = 'published'")
                .bind(target)
                .fetch_optional(db)
                .await?
        }
        "product" => {
            sqlx::query_scalar(
                "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
                  WHERE p.id = $1 AND p.status = 'published' AND b.status = 'published'",
            )
            .bind(target)
            .fetch_optional(db)
            .await?
        }
        _ => None,
    };
    let to = match (kind.as_str(), published) {
        ("booth", Some(slug)) => format!("/booths/{slug}"),
        ("product", Some(slug)) => format!("/products/{slug}"),
        _ => format!("/creators/{creator}"),
    };
    if !record {
        return Ok((to, None));
    }
    let expires_at = now.seconds() + days * DAY;
    if let Some(token) = held {
        let renewed = sqlx::query(
            "UPDATE link_clicks SET at = $3, expires_at = $4
              WHERE token = $1 AND link_id = $2 AND expires_at > $3",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(link)
        .bind(now.seconds())
        .bind(expires_at)
        .execute(db)
        .await?
        .rows_affected();
        if renewed == 1 {
            return Ok((to, Some(token.to_owned())));
        }
    }
    let mut tx = db.begin().await?;
    let key = format!("link:{link}:{client}");
    let limits = [Limit::new(&key, CLICKS_PER_HOUR, 3600)];
    if throttle::attempt(&mut tx, &limits, now).await?.is_err() {
        return Ok((to, None));
    }
    let token = new_token();
    sqlx::query("INSERT INTO link_clicks (token, link_id, at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(sha256_hex(token.as_bytes()))
        .bind(link)
        .bind(now.seconds())
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE creator_links SET clicks = clicks + 1 WHERE id = $1")
        .bind(link)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((to, Some(token)))
}

/// A followed link a checkout finds behind the cookie's token, while it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromRow)]
pub struct Touch {
    pub link: i64,
    pub creator: i64,
    /// The creator's own account: their own purchases earn them nothing.
    pub creator_user: Option<i64>,
    /// When it was followed, UTC seconds.
    pub at: i64,
}

/// The click behind `token`, unless it expired.
pub async fn touch(
    conn: &mut AnyConnection,
    token: &str,
    now: Instant,
) -> Result<Option<Touch>, sqlx::Error> {
    sqlx::query_as::<Any, Touch>(
        "SELECT l.id AS link, l.creator_id AS creator, p.user_id AS creator_user, c.at
           FROM link_clicks c JOIN creator_links l ON l.id = c.link_id
           JOIN creators p ON p.id = l.creator_id
          WHERE c.token = $1 AND c.expires_at > $2",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(now.seconds())
    .fetch_optional(conn)
    .await
}

/// Clicks whose window ended long ago (housekeeping): an order made in the window already
/// names its link, and the link keeps its count.
pub async fn forget_clicks(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM link_clicks WHERE expires_at < $1")
        .bind(now.seconds() - 30 * DAY)
        .execute(db)
        .await?
        .rows_affected())
}

/// `/{locale}/creator/links`: the signed-in creator's links, newest first, with clicks,
/// paid orders, their goods and the commission earned; and where a new one may lead.
pub async fn page(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    site: &str,
    days: i64,
    now: Instant,
) -> AppResult<LinksPage> {
    let user = signed_in(actor)?;
    let Some((creator, slug, name, _)) = own_creator(db, user).await? else {
        return Ok(LinksPage {
            creator: None,
            links: Vec::new(),
            booths: Vec::new(),
            products: Vec::new(),
            days,
        });
    };
    #[derive(FromRow)]
    struct Row {
        code: String,
        label: String,
        target_kind: String,
        booth_slug: Option<String>,
        booth_name: Option<String>,
        product_slug: Option<String>,
        product_name: Option<String>,
        clicks: i64,
        orders: i64,
        sales: i64,
        earned: i64,
    }
    const PAID: &str = "('paid', 'shipped', 'delivered')";
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT l.code, l.label, l.target_kind,
                b.slug AS booth_slug, b.name AS booth_name,
                p.slug AS product_slug, p.name AS product_name,
                l.clicks,
                (SELECT CAST(COUNT(*) AS BIGINT) FROM orders o
                  WHERE o.link_id = l.id AND o.state IN {PAID}) AS orders,
                (SELECT CAST(COALESCE(SUM(i.quantity * i.unit_inr_minor), 0) AS BIGINT)
                   FROM orders o JOIN order_items i ON i.order_id = o.id
                  WHERE o.link_id = l.id AND o.state IN {PAID}) AS sales,
                (SELECT CAST(COALESCE(SUM(m.amount_inr_minor), 0) AS BIGINT)
                   FROM line_commissions m JOIN orders o ON o.id = m.order_id
                  WHERE o.link_id = l.id AND m.state = 'accrued') AS earned
           FROM creator_links l
           LEFT JOIN booths b ON l.target_kind = 'booth' AND b.id = l.target_id
           LEFT JOIN products p ON l.target_kind = 'product' AND p.id = l.target_id
          WHERE l.creator_id = $1
          ORDER BY l.id DESC"
    ))
    .bind(creator)
    .fetch_all(db)
    .await?;
    let ui = locale.ui();
    let inr = |minor: i64| format::money(locale, Money::inr(minor));
    let links = rows
        .into_iter()
        .map(|r| {
            let (target, target_href) = match r.target_kind.as_str() {
                "booth" => (
                    r.booth_name.unwrap_or_default(),
                    format!("/booths/{}", r.booth_slug.unwrap_or_default()),
                ),
                "product" => (
                    r.product_name.unwrap_or_default(),
                    format!("/products/{}", r.product_slug.unwrap_or_default()),
                ),
                _ => (
                    tr!(ui, links_your_page).to_owned(),
                    format!("/creators/{slug}"),
                ),
            };
            Link {
                url: format!("{site}/{}/r/{}", locale.code(), r.code),
                code: r.code,
                label: r.label,
                target,
                target_href: format!("/{}{target_href}", locale.code()),
                clicks: format::number(locale, r.clicks),
                orders: format::number(locale, r.orders),
                sales: inr(r.sales),
                earned: inr(r.earned),
            }
        })
        .collect();
    let (booths, products) = partners(db, creator, now).await?;
    let choices = |kind: &str, rows: Vec<(i64, String, String)>| -> Vec<Choice> {
        rows.into_iter()
            .map(|(id, _, name)| Choice {
                value: format!("{kind}:{id}"),
                label: name,
                chosen: false,
            })
            .collect()
    };
    Ok(LinksPage {
        creator: Some((slug, name)),
        links,
        booths: choices("booth", booths),
        products: choices("product", products),
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_letters_and_digits() {
        for _ in 0..200 {
            let code = fresh_code();
            assert!(valid_code(&code), "{code}");
        }
        assert!(!valid_code("ABCD1234"));
        assert!(!valid_code("abc"));
        assert!(!valid_code("abcd-123"));
    }

    #[test]
    fn targets_read_as_the_form_sends_them() {
        assert_eq!(Target::parse("creator"), Some(Target::Creator));
        assert_eq!(Target::parse("booth:12"), Some(Target::Booth(12)));
        assert_eq!(Target::parse("product:7"), Some(Target::Product(7)));
        for bad in [
            "",
            "booth",
            "booth:",
            "booth:-1",
            "product:x",
            "stream:3",
            "creator:1",
        ] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }
}
