//! Reads of halls, booths and products, with per-locale translations falling back to English.

use crate::core::{Instant, Money};
use crate::db::Db;
use crate::i18n::Locale;
use crate::i18n::prefs::PriceTag;
use crate::pavilion::model::{
    Badge, BoothCard, Council, HallSummary, PlacedBooth, PlanSpot, ProductCard, ProductDetail,
    ProductImage,
};
use crate::trade::store::{TERMS_COLUMNS, TermsRow};
use sqlx::FromRow;

#[derive(FromRow)]
struct HallRow {
    id: i64,
    slug: String,
    name: String,
    tagline: String,
    description: String,
    colour: String,
    motif: String,
    plan_cols: i64,
    plan_rows: i64,
    council_slug: String,
    council_name: String,
    council_short: String,
    booth_count: i64,
    product_count: i64,
    untranslated: i64,
}

const HALL_SELECT: &str = "
    SELECT h.id, h.slug, COALESCE(t.name, h.name) AS name, COALESCE(t.tagline, h.tagline) AS tagline,
           COALESCE(t.description, h.description) AS description, h.colour, h.motif,
           h.plan_cols, h.plan_rows,
           c.slug AS council_slug, c.name AS council_name, c.short_name AS council_short,
           CAST((SELECT COUNT(*) FROM booths b WHERE b.hall_id = h.id AND b.status = 'published') AS BIGINT) AS booth_count,
           CAST((SELECT COUNT(*) FROM products p JOIN booths b ON b.id = p.booth_id
                 WHERE b.hall_id = h.id AND b.status = 'published' AND p.status = 'published') AS BIGINT) AS product_count,
           CAST(CASE WHEN t.name IS NULL OR t.tagline IS NULL OR t.description IS NULL THEN 1 ELSE 0 END AS BIGINT) AS untranslated
    FROM halls h
    JOIN councils c ON c.id = h.council_id
    LEFT JOIN hall_translations t ON t.hall_id = h.id AND t.locale = $1";

impl HallRow {
    fn summary(&self) -> HallSummary {
        HallSummary {
            slug: self.slug.clone(),
            name: self.name.clone(),
            tagline: self.tagline.clone(),
            colour: self.colour.clone(),
            motif: self.motif.clone(),
            council: Council {
                slug: self.council_slug.clone(),
                name: self.council_name.clone(),
                short_name: self.council_short.clone(),
            },
            booth_count: self.booth_count,
            product_count: self.product_count,
        }
    }
}

/// A hall with what its page needs beyond the summary.
pub struct HallFull {
    pub id: i64,
    pub summary: HallSummary,
    pub description: String,
    pub plan_cols: i64,
    pub plan_rows: i64,
    pub untranslated: bool,
}

pub async fn halls(db: &Db, locale: Locale) -> Result<Vec<HallSummary>, sqlx::Error> {
    let sql = format!("{HALL_SELECT} ORDER BY h.position, h.id");
    let rows: Vec<HallRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .fetch_all(db)
        .await?;
    Ok(rows.iter().map(HallRow::summary).collect())
}

pub async fn hall(db: &Db, locale: Locale, slug: &str) -> Result<Option<HallFull>, sqlx::Error> {
    let sql = format!("{HALL_SELECT} WHERE h.slug = $2");
    let row: Option<HallRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .bind(slug)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| HallFull {
        id: r.id,
        summary: r.summary(),
        description: r.description,
        plan_cols: r.plan_cols,
        plan_rows: r.plan_rows,
        untranslated: r.untranslated == 1 && locale != Locale::En,
    }))
}

#[derive(FromRow)]
struct BoothRow {
    id: i64,
    slug: String,
    name: String,
    city: String,
    region: String,
    tagline: String,
    description: String,
    brand_colour: String,
    founded_year: i64,
    hall_slug: String,
    hall_name: String,
    hall_colour: String,
    council_slug: String,
    council_name: String,
    council_short: String,
    product_count: i64,
    featured: i64,
    live_count: i64,
    plan_x: i64,
    plan_y: i64,
    plan_w: i64,
    plan_h: i64,
    untranslated: i64,
}

const BOOTH_SELECT: &str = "
    SELECT b.id, b.slug, b.name, b.city, b.region,
           COALESCE(bt.tagline, b.tagline) AS tagline, COALESCE(bt.description, b.description) AS description,
           b.brand_colour, b.founded_year,
           h.slug AS hall_slug, COALESCE(ht.name, h.name) AS hall_name, h.colour AS hall_colour,
           c.slug AS council_slug, c.name AS council_name, c.short_name AS council_short,
           CAST((SELECT COUNT(*) FROM products p WHERE p.booth_id = b.id AND p.status = 'published') AS BIGINT) AS product_count,
           b.featured,
           CAST((SELECT COUNT(*) FROM streams s WHERE s.booth_id = b.id AND s.state = 'live') AS BIGINT) AS live_count,
           b.plan_x, b.plan_y, b.plan_w, b.plan_h,
           CAST(CASE WHEN bt.tagline IS NULL OR bt.description IS NULL THEN 1 ELSE 0 END AS BIGINT) AS untranslated
    FROM booths b
    JOIN halls h ON h.id = b.hall_id
    JOIN councils c ON c.id = h.council_id
    LEFT JOIN booth_translations bt ON bt.booth_id = b.id AND bt.locale = $1
    LEFT JOIN hall_translations ht ON ht.hall_id = h.id AND ht.locale = $1
    WHERE b.status = 'published'";

/// Which published booths to read.
pub enum Booths<'a> {
    Featured,
    InHall(i64),
    Slug(&'a str),
    Ids(&'a [i64]),
}

/// A booth with what its own page needs beyond the card.
pub struct BoothFull {
    pub id: i64,
    pub card: BoothCard,
    pub spot: PlanSpot,
    pub description: String,
    pub founded_year: i64,
    pub council: Council,
    pub untranslated: bool,
}

pub async fn booths(
    db: &Db,
    locale: Locale,
    which: Booths<'_>,
    now: Instant,
) -> Result<Vec<BoothFull>, sqlx::Error> {
    let query = match which {
        Booths::Featured => {
            let sql = format!("{BOOTH_SELECT} AND b.featured = 1 ORDER BY h.position, b.position");
            sqlx::query_as::<_, BoothRow>(&sql)
                .bind(locale.code())
                .fetch_all(db)
                .await?
        }
        Booths::InHall(hall_id) => {
            let sql = format!(
                "{BOOTH_SELECT} AND b.hall_id = $2 ORDER BY b.featured DESC, b.position, b.id"
            );
            sqlx::query_as::<_, BoothRow>(&sql)
                .bind(locale.code())
                .bind(hall_id)
                .fetch_all(db)
                .await?
        }
        Booths::Slug(slug) => {
            let sql = format!("{BOOTH_SELECT} AND b.slug = $2");
            sqlx::query_as::<_, BoothRow>(&sql)
                .bind(locale.code())
                .bind(slug)
                .fetch_all(db)
                .await?
        }
        Booths::Ids(ids) => {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!("{BOOTH_SELECT} AND b.id IN ({})", id_list(ids));
            sqlx::query_as::<_, BoothRow>(&sql)
                .bind(locale.code())
                .fetch_all(db)
                .await?
        }
    };
    let ids: Vec<i64> = query.iter().map(|r| r.id).collect();
    let badges = badges_of(db, &ids, now).await?;
    Ok(query
        .into_iter()
        .map(|r| {
            let booth_badges = badges
                .iter()
                .filter(|(booth, _)| *booth == r.id)
                .map(|(_, b)| b.clone())
                .collect();
            BoothFull {
                id: r.id,
                card: BoothCard {
                    slug: r.slug,
                    name: r.name,
                    city: r.city,
                    region: r.region,
                    tagline: r.tagline,
                    brand_colour: r.brand_colour,
                    hall_slug: r.hall_slug,
                    hall_name: r.hall_name,
                    hall_colour: r.hall_colour,
                    badges: booth_badges,
                    product_count: r.product_count,
                    featured: r.featured == 1,
                    live_now: r.live_count > 0,
                },
                spot: PlanSpot {
                    x: r.plan_x,
                    y: r.plan_y,
                    w: r.plan_w,
                    h: r.plan_h,
                },
                description: r.description,
                founded_year: r.founded_year,
                council: Council {
                    slug: r.council_slug,
                    name: r.council_name,
                    short_name: r.council_short,
                },
                untranslated: r.untranslated == 1 && locale != Locale::En,
            }
        })
        .collect())
}

pub fn placed(booths: Vec<BoothFull>) -> Vec<PlacedBooth> {
    booths
        .into_iter()
        .map(|b| PlacedBooth {
            booth: b.card,
            spot: b.spot,
        })
        .collect()
}

#[derive(FromRow)]
struct BadgeRow {
    booth_id: i64,
    slug: String,
    label: String,
    description: String,
    reference: String,
}

/// Verified, unexpired badges of the given booths: a credential only shows once a curator
/// has verified it, and drops off by itself when it expires.
async fn badges_of(
    db: &Db,
    booth_ids: &[i64],
    now: Instant,
) -> Result<Vec<(i64, Badge)>, sqlx::Error> {
    if booth_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..booth_ids.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    let sql = format!(
        "SELECT bb.booth_id, bd.slug, bd.label, bd.description, bb.reference
         FROM booth_badges bb JOIN badges bd ON bd.id = bb.badge_id
         WHERE bb.verified_at IS NOT NULL AND (bb.expires_at IS NULL OR bb.expires_at > $1)
           AND bb.booth_id IN ({})
         ORDER BY bb.booth_id, bd.id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, BadgeRow>(&sql).bind(now.seconds());
    for id in booth_ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.booth_id,
                Badge {
                    slug: r.slug,
                    label: r.label,
                    description: r.description,
                    reference: r.reference,
                },
            )
        })
        .collect())
}

#[derive(FromRow)]
struct ProductCardRow {
    id: i64,
    slug: String,
    name: String,
    summary: String,
    unit: String,
    price_minor: i64,
    moq: i64,
    stock: i64,
    booth_name: String,
    image_src: Option<String>,
    image_alt: Option<String>,
}

const PRODUCT_CARD_SELECT: &str = "
    SELECT p.id, p.slug, COALESCE(t.name, p.name) AS name, COALESCE(t.summary, p.summary) AS summary,
           p.unit, p.price_minor, p.moq, p.stock, b.name AS booth_name,
           (SELECT i.src FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_src,
           (SELECT i.alt FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_alt
    FROM products p
    JOIN booths b ON b.id = p.booth_id
    LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $1
    WHERE p.status = 'published' AND b.status = 'published'";

impl From<ProductCardRow> for ProductCard {
    fn from(r: ProductCardRow) -> Self {
        ProductCard {
            image: ProductImage {
                src: r
                    .image_src
                    .unwrap_or_else(|| "/media/placeholder.svg".into()),
                alt: r.image_alt.unwrap_or_default(),
            },
            slug: r.slug,
            name: r.name,
            summary: r.summary,
            unit: r.unit,
            price: Money::inr(r.price_minor),
            price_tag: PriceTag::default(),
            moq: r.moq,
            stock: r.stock,
            booth_name: r.booth_name,
        }
    }
}

/// Published products of a booth, in the booth's order; `except` leaves one out.
pub async fn products_of_booth(
    db: &Db,
    locale: Locale,
    booth_id: i64,
    except: Option<&str>,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "{PRODUCT_CARD_SELECT} AND p.booth_id = $2 AND p.slug <> $3 ORDER BY p.position, p.id"
    );
    let rows: Vec<ProductCardRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .bind(booth_id)
        .bind(except.unwrap_or(""))
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(ProductCard::from).collect())
}

/// Shows every card's price the way the page's buyer sees prices.
pub fn price_cards(cards: &mut [ProductCard], pricing: &crate::i18n::fx::Pricing) {
    for card in cards {
        card.price_tag = pricing.tag(card.price);
    }
}

/// A literal `IN` list of ids (integers, so nothing to escape).
fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Published products by id, in the order given.
pub async fn products_by_ids(
    db: &Db,
    locale: Locale,
    ids: &[i64],
) -> Result<Vec<(i64, ProductCard)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{PRODUCT_CARD_SELECT} AND p.id IN ({})", id_list(ids));
    let rows: Vec<ProductCardRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .fetch_all(db)
        .await?;
    let mut cards: Vec<(i64, ProductCard)> = rows
        .into_iter()
        .map(|r| (r.id, ProductCard::from(r)))
        .collect();
    cards.sort_by_key(|(id, _)| ids.iter().position(|i| i == id));
    Ok(cards)
}

/// Products a stream features, in its order.
pub async fn products_of_stream(
    db: &Db,
    locale: Locale,
    stream_id: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "{PRODUCT_CARD_SELECT} AND p.id IN (SELECT sp.product_id FROM stream_products sp WHERE sp.stream_id = $2)
         ORDER BY p.position, p.id"
    );
    let rows: Vec<ProductCardRow> = sqlx::query_as(&sql)
        .bind(locale.code())
        .bind(stream_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(ProductCard::from).collect())
}

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    booth_slug: String,
    slug: String,
    name: String,
    summary: String,
    description: String,
    category: String,
    unit: String,
    price_minor: i64,
    stock: i64,
    moq: i64,
    max_per_order: i64,
    hs_code: String,
    origin: String,
    weight_grams: i64,
    untranslated: i64,
    #[sqlx(flatten)]
    trade: TermsRow,
}

/// A product with its booth's slug and whether the text fell back to English.
pub struct ProductFull {
    pub booth_slug: String,
    pub detail: ProductDetail,
    pub untranslated: bool,
}

pub async fn product(
    db: &Db,
    locale: Locale,
    slug: &str,
) -> Result<Option<ProductFull>, sqlx::Error> {
    let row: Option<ProductRow> = sqlx::query_as(&format!(
        "SELECT p.id, b.slug AS booth_slug, p.slug, COALESCE(t.name, p.name) AS name,
                COALESCE(t.summary, p.summary) AS summary, COALESCE(t.description, p.description) AS description,
                p.category, p.unit, p.price_minor, p.stock, p.moq, p.max_per_order, p.hs_code, p.origin,
                p.weight_grams, {TERMS_COLUMNS},
                CAST(CASE WHEN t.name IS NULL OR t.summary IS NULL OR t.description IS NULL THEN 1 ELSE 0 END AS BIGINT) AS untranslated
         FROM products p
         JOIN booths b ON b.id = p.booth_id
         LEFT JOIN product_translations t ON t.product_id = p.id AND t.locale = $1
         WHERE p.slug = $2 AND p.status = 'published' AND b.status = 'published'"
    ))
    .bind(locale.code())
    .bind(slug)
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let images: Vec<(String, String)> = sqlx::query_as(
        "SELECT src, alt FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(r.id)
    .fetch_all(db)
    .await?;
    Ok(Some(ProductFull {
        booth_slug: r.booth_slug,
        untranslated: r.untranslated == 1 && locale != Locale::En,
        detail: ProductDetail {
            slug: r.slug,
            name: r.name,
            summary: r.summary,
            description: r.description,
            category: r.category,
            unit: r.unit,
            price: Money::inr(r.price_minor),
            price_tag: PriceTag::default(),
            stock: r.stock,
            moq: r.moq,
            max_per_order: r.max_per_order,
            hs_code: r.hs_code,
            origin: r.origin,
            weight_grams: r.weight_grams,
            trade: r.trade.terms(),
            images: images
                .into_iter()
                .map(|(src, alt)| ProductImage { src, alt })
                .collect(),
        },
    }))
}

/// Totals for the home page's hero.
pub async fn totals(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST((SELECT COUNT(*) FROM booths WHERE status = 'published') AS BIGINT),
                CAST((SELECT COUNT(*) FROM products p JOIN booths b ON b.id = p.booth_id
                      WHERE p.status = 'published' AND b.status = 'published') AS BIGINT)",
    )
    .fetch_one(db)
    .await
}

/// Every public page's path below its locale (`/`, `/halls/…`, `/booths/…`, `/products/…`,
/// `/streams/…`, `/creators`, `/creators/…`, `/agencies/…`), for the sitemap.
pub async fn sitemap_paths(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT '/' AS path
         UNION ALL SELECT '/halls/' || slug FROM halls
         UNION ALL SELECT '/booths/' || slug FROM booths WHERE status = 'published'
         UNION ALL SELECT '/products/' || p.slug FROM products p JOIN booths b ON b.id = p.booth_id
                   WHERE p.status = 'published' AND b.status = 'published'
         UNION ALL SELECT '/streams/' || s.slug FROM streams s JOIN booths b ON b.id = s.booth_id
                   WHERE b.status = 'published'
         UNION ALL SELECT '/creators'
         UNION ALL SELECT '/creators/' || slug FROM creators
         UNION ALL SELECT '/agencies/' || slug FROM agencies",
    )
    .fetch_all(db)
    .await
}
