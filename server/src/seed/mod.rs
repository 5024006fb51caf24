//! Demo data: a pavilion that feels real — six council halls, 24 booths, 120 products with
//! translations, hosts, and streams scheduled around the moment of seeding. Idempotent: a
//! database that already holds the demo is left as it is. All of it in one transaction.

mod catalog;
mod streams;

use app::core::Slug;
use app::db::Db;
use app::state::now;
use catalog::{BADGES, Booth, HOSTS, Hall, LOCALES, Product};
use sqlx::{Any, Transaction};
use std::fmt;

/// What a seeding run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub already_present: bool,
    pub halls: usize,
    pub booths: usize,
    pub products: usize,
    pub streams: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.already_present {
            write!(f, "demo pavilion already present: nothing to do")
        } else {
            write!(
                f,
                "seeded the demo pavilion: {} halls, {} booths, {} products, {} streams",
                self.halls, self.booths, self.products, self.streams
            )
        }
    }
}

/// True when no council exists yet (a fresh database).
pub async fn is_empty(db: &Db) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM councils")
        .fetch_one(db)
        .await?;
    Ok(count == 0)
}

pub async fn demo(db: &Db) -> Result<SeedReport, sqlx::Error> {
    let mut tx = db.begin().await?;
    let present: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM halls WHERE slug = $1")
            .bind(catalog::halls()[0].slug)
            .fetch_one(&mut *tx)
            .await?;
    if present > 0 {
        return Ok(SeedReport {
            already_present: true,
            ..SeedReport::default()
        });
    }
    let now = now().seconds();
    let mut report = SeedReport::default();
    let mut badge_ids = Vec::new();
    for badge in &BADGES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO badges (slug, label, description) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(badge.slug)
        .bind(badge.label)
        .bind(badge.description)
        .fetch_one(&mut *tx)
        .await?;
        badge_ids.push((badge.slug, id));
    }
    let mut host_ids = Vec::new();
    for host in &HOSTS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO hosts (slug, name, title, languages) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(host.slug)
        .bind(host.name)
        .bind(host.title)
        .bind(host.languages)
        .fetch_one(&mut *tx)
        .await?;
        host_ids.push((host.slug, id));
    }
    // booth ids and their first products' ids, in catalogue order, for the streams.
    let mut seeded_booths = Vec::new();
    for (hall_index, hall) in catalog::halls().iter().enumerate() {
        let hall_id = insert_hall(&mut tx, hall, hall_index as i64).await?;
        report.halls += 1;
        for (booth_index, booth) in hall.booths.iter().enumerate() {
            let serial = (hall_index * 4 + booth_index) as i64;
            let booth_id =
                insert_booth(&mut tx, hall, hall_id, booth, booth_index as i64, now).await?;
            insert_badges(&mut tx, hall, booth, booth_id, serial, &badge_ids, now).await?;
            let mut product_ids = Vec::new();
            for (position, product) in booth.products.iter().enumerate() {
                product_ids.push(
                    insert_product(
                        &mut tx,
                        hall,
                        booth,
                        booth_id,
                        product,
                        position as i64,
                        now,
                    )
                    .await?,
                );
                report.products += 1;
            }
            seeded_booths.push(streams::SeededBooth {
                name: booth.name,
                id: booth_id,
                products: product_ids,
            });
            report.booths += 1;
        }
    }
    report.streams = streams::insert(&mut tx, &seeded_booths, &host_ids, now).await?;
    for (code, inr_per_unit_micros) in DEMO_RATES {
        sqlx::query(
            "INSERT INTO fx_rates (currency, inr_per_unit_micros, as_of, imported_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (currency) DO NOTHING",
        )
        .bind(code)
        .bind(inr_per_unit_micros)
        .bind(now - 6 * 3600)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    app::pavilion::search::reindex(db).await?;
    Ok(report)
}

/// Plausible reference rates (INR per unit, in millionths) as of six hours before seeding;
/// `server fx import` replaces them with real ones.
const DEMO_RATES: [(&str, i64); 9] = [
    ("USD", 84_203_500),
    ("EUR", 89_105_000),
    ("GBP", 106_420_000),
    ("AED", 22_927_000),
    ("SAR", 22_451_000),
    ("CNY", 11_621_000),
    ("JPY", 559_000),
    ("SGD", 62_804_000),
    ("AUD", 54_902_000),
];

async fn insert_hall(
    tx: &mut Transaction<'_, Any>,
    hall: &Hall,
    position: i64,
) -> Result<i64, sqlx::Error> {
    let c = &hall.council;
    let council_id: i64 = sqlx::query_scalar(
        "INSERT INTO councils (slug, name, short_name, website) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(c.slug)
    .bind(c.name)
    .bind(c.short)
    .bind(c.website)
    .fetch_one(&mut **tx)
    .await?;
    let hall_id: i64 = sqlx::query_scalar(
        "INSERT INTO halls (slug, council_id, position, colour, motif, name, tagline, description, plan_cols, plan_rows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 7, 4) RETURNING id",
    )
    .bind(hall.slug)
    .bind(council_id)
    .bind(position)
    .bind(hall.colour)
    .bind(hall.motif)
    .bind(hall.name)
    .bind(hall.tagline)
    .bind(hall.description)
    .fetch_one(&mut **tx)
    .await?;
    for (locale, (name, tagline, description)) in LOCALES.iter().zip(hall.translations.iter()) {
        sqlx::query(
            "INSERT INTO hall_translations (hall_id, locale, name, tagline, description) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hall_id)
        .bind(*locale)
        .bind(*name)
        .bind(*tagline)
        .bind(*description)
        .execute(&mut **tx)
        .await?;
    }
    Ok(hall_id)
}

/// Four booths per hall around a central aisle on a 7 × 4 grid.
const PLAN_SPOTS: [(i64, i64, i64, i64); 4] =
    [(0, 0, 3, 2), (4, 0, 3, 2), (0, 2, 3, 2), (4, 2, 3, 2)];

async fn insert_booth(
    tx: &mut Transaction<'_, Any>,
    hall: &Hall,
    hall_id: i64,
    booth: &Booth,
    index: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let slug = Slug::from_name(booth.name)
        .map_err(|e| sqlx::Error::Protocol(format!("booth slug: {e}")))?;
    let (x, y, w, h) = PLAN_SPOTS[index as usize % PLAN_SPOTS.len()];
    let texts = booth_texts(hall, booth);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO booths (slug, hall_id, name, city, region, founded_year, tagline, description, brand_colour,
                             featured, position, plan_x, plan_y, plan_w, plan_h, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'published', $16) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(hall_id)
    .bind(booth.name)
    .bind(booth.city)
    .bind(booth.region)
    .bind(booth.founded)
    .bind(&texts[0].0)
    .bind(&texts[0].1)
    .bind(booth.colour)
    .bind(i64::from(index == 0))
    .bind(index)
    .bind(x)
    .bind(y)
    .bind(w)
    .bind(h)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for (locale, (tagline, description)) in LOCALES.iter().zip(texts.iter().skip(1)) {
        sqlx::query("INSERT INTO booth_translations (booth_id, locale, tagline, description) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(*locale)
            .bind(tagline)
            .bind(description)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

/// (tagline, description) in English, then in each of `LOCALES`.
fn booth_texts(hall: &Hall, booth: &Booth) -> [(String, String); 5] {
    let [en, hi, zh, es, ar] = booth.specialty;
    let (city, region, year) = (booth.city, booth.region, booth.founded);
    let (name, council) = (booth.name, hall.council.short);
    [
        (
            format!("{} from {city} since {year}.", capitalise(en)),
            format!(
                "{name} is an exporter from {city}, {region}, founded in {year} and known for {en}. It exhibits in the \
                 {} hall, curated by {}, and ships worldwide with full export documentation, samples on request and \
                 buyer-audited quality control.",
                hall.name, hall.council.name
            ),
        ),
        (
            format!("{year} से {city} की {hi}।"),
            format!(
                "{name} {city}, {region} का एक निर्यातक है, जिसकी स्थापना {year} में हुई और जो {hi} के लिए जाना जाता है। यह {council} द्वारा क्यूरेट किए गए हॉल में प्रदर्शित करता है और पूरे निर्यात दस्तावेज़ों के साथ दुनिया भर में भेजता है।"
            ),
        ),
        (
            format!("自{year}年起来自{city}的{zh}。"),
            format!(
                "{name}是来自{region}{city}的出口商，成立于{year}年，以{zh}闻名。该公司在{council}策展的展馆参展，提供完整出口文件，可按需寄送样品，发往全球。"
            ),
        ),
        (
            format!("{} de {city} desde {year}.", capitalise(es)),
            format!(
                "{name} es un exportador de {city}, {region}, fundado en {year} y conocido por {es}. Expone en el pabellón curado por {council} y envía a todo el mundo con documentación de exportación completa."
            ),
        ),
        (
            format!("{ar} من {city} منذ {year}."),
            format!(
                "{name} مُصدِّر من {city}، {region}، تأسس عام {year} ويُعرف بـ{ar}. يعرض في القاعة التي ينظمها {council} ويشحن إلى جميع أنحاء العالم مع وثائق تصدير كاملة."
            ),
        ),
    ]
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

async fn insert_badges(
    tx: &mut Transaction<'_, Any>,
    hall: &Hall,
    booth: &Booth,
    booth_id: i64,
    serial: i64,
    badge_ids: &[(&str, i64)],
    now: i64,
) -> Result<(), sqlx::Error> {
    let day = 86_400;
    let mut wanted: Vec<(&str, String, Option<i64>, Option<i64>)> = vec![
        (
            "iec",
            format!("IEC {:010}", 305_118_000 + serial * 7_919),
            Some(now - 200 * day),
            None,
        ),
        (
            "gst",
            format!(
                "GSTIN {:02}AAB{}{:04}F1Z{}",
                7 + serial % 30,
                (b'C' + (serial % 20) as u8) as char,
                1000 + serial * 37,
                serial % 10
            ),
            Some(now - 200 * day),
            None,
        ),
        (
            hall.sector_badge,
            format!(
                "Reg. {}/{:05}",
                hall.council.short.to_uppercase().replace(' ', ""),
                12_000 + serial * 131
            ),
            Some(now - 120 * day),
            Some(now + 400 * day),
        ),
    ];
    if let Some(extra) = booth.extra_badge {
        wanted.push((
            extra,
            format!(
                "Cert. {}-{:06}",
                extra.to_uppercase(),
                400_000 + serial * 977
            ),
            Some(now - 90 * day),
            Some(now + 300 * day),
        ));
    }
    // Two deliberate exceptions, so the rules show: an expired certificate loses its badge,
    // and a credential that is not yet verified has none.
    if booth.name == "Guntur Sannam Traders" {
        wanted[2].3 = Some(now - 30 * day);
    }
    if booth.name == "Khurja Ceramic Studio" {
        wanted[1].2 = None;
    }
    for (slug, reference, verified_at, expires_at) in wanted {
        let Some((_, badge_id)) = badge_ids.iter().find(|(s, _)| *s == slug) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO booth_badges (booth_id, badge_id, reference, verified_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(booth_id)
        .bind(*badge_id)
        .bind(reference)
        .bind(verified_at)
        .bind(expires_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_product(
    tx: &mut Transaction<'_, Any>,
    hall: &Hall,
    booth: &Booth,
    booth_id: i64,
    product: &Product,
    position: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let name = product.names[0];
    let slug =
        Slug::from_name(name).map_err(|e| sqlx::Error::Protocol(format!("product slug: {e}")))?;
    let description = format!(
        "{} {} packs it in {}, {}. {}",
        product.summary, booth.name, booth.city, booth.region, hall.trade_note[0]
    );
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (slug, booth_id, category, name, summary, description, unit, price_minor, currency, stock,
                               moq, max_per_order, hs_code, origin, weight_grams, position, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'INR', $9, $10, $11, $12, $13, $14, $15, 'published', $16) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(booth_id)
    .bind(hall.motif)
    .bind(name)
    .bind(product.summary)
    .bind(description)
    .bind(product.unit)
    .bind(product.price_paise)
    .bind(product.stock)
    .bind(product.moq)
    .bind((product.moq * 20).max(50))
    .bind(product.hs)
    .bind(format!("{}, {}, India", booth.city, booth.region))
    .bind(product.grams)
    .bind(position)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for (i, locale) in LOCALES.iter().enumerate() {
        let (local_name, specialty, note) = (
            product.names[i + 1],
            booth.specialty[i + 1],
            hall.trade_note[i + 1],
        );
        let (city, maker) = (booth.city, booth.name);
        let summary = match *locale {
            "hi" => format!("{local_name} — {city} के {maker} से, {specialty} के विशेषज्ञ।"),
            "zh" => format!("{local_name}——来自{city}的{maker}，专注于{specialty}。"),
            "es" => format!("{local_name}, de {maker} ({city}), especialistas en {specialty}."),
            _ => format!("{local_name} من {maker} في {city}، المتخصصة في {specialty}."),
        };
        sqlx::query(
            "INSERT INTO product_translations (product_id, locale, name, summary, description) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(*locale)
        .bind(local_name)
        .bind(&summary)
        .bind(format!("{summary} {note}"))
        .execute(&mut **tx)
        .await?;
    }
    let views = [
        ("1", "studio photograph"),
        ("2", "close-up"),
        ("3", "packed for export"),
    ];
    for (position, (view, caption)) in views.iter().enumerate() {
        sqlx::query(
            "INSERT INTO product_images (product_id, position, src, alt) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(format!(
            "/media/art/{}-{}-{view}.svg",
            product.scene, product.colour
        ))
        .bind(format!("{name}, {caption}"))
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_is_complete_and_slugs_are_unique() {
        let halls = catalog::halls();
        assert_eq!(halls.len(), 6);
        let mut booth_slugs = HashSet::new();
        let mut product_slugs = HashSet::new();
        for hall in &halls {
            for booth in &hall.booths {
                assert!(
                    booth_slugs.insert(Slug::from_name(booth.name).expect("booth slug")),
                    "{}",
                    booth.name
                );
                for product in &booth.products {
                    let slug = Slug::from_name(product.names[0]).expect("product slug");
                    assert!(
                        product_slugs.insert(slug),
                        "duplicate product {}",
                        product.names[0]
                    );
                    assert!(product.price_paise > 0 && product.moq >= 1 && product.grams > 0);
                    assert!(
                        product.colour.len() == 6
                            && product.colour.chars().all(|c| c.is_ascii_hexdigit())
                    );
                    assert!(
                        crate::media::art::SCENES.contains(&product.scene),
                        "unknown scene {}",
                        product.scene
                    );
                }
            }
        }
        assert_eq!(booth_slugs.len(), 24);
        assert_eq!(product_slugs.len(), 120);
    }

    #[test]
    fn capitalises_first_letter_only() {
        assert_eq!(capitalise("pimienta Tellicherry"), "Pimienta Tellicherry");
        assert_eq!(capitalise(""), "");
    }
}
