//! Demo data: a pavilion that feels real — six council halls, 24 booths, 120 products with
//! translations, hosts, and streams scheduled around the moment of seeding. The content is
//! data (`server/seed/demo/`, read by [`catalog`]); this module writes it. Idempotent: a
//! database that already holds the demo is left as it is. All of it in one transaction.

mod catalog;
mod collaborations;
mod creators;
mod streams;
mod trade;

use app::core::Slug;
use app::db::Db;
use app::state::now;
use catalog::{BOOTHS_PER_HALL, Booth, Catalog, GST, Hall, IEC, Product, Translated};
use sqlx::{Any, Transaction};
use std::fmt;

pub use catalog::CatalogError;

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

/// Why the demo could not be seeded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the demo catalogue does not load")]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

pub async fn demo(db: &Db) -> Result<SeedReport, SeedError> {
    // Read and checked before the database is touched: bad data writes nothing.
    let catalog = catalog::load()?;
    let creators = creators::load(&catalog)?;
    write(db, &catalog, &creators).await
}

/// The hall that marks a database seeded with the demo: the catalogue's first (the loader
/// refuses a catalogue without halls).
fn marker(catalog: &Catalog) -> &str {
    catalog.halls.first().map_or("", |hall| hall.slug.as_str())
}

/// Whether this database holds the seeded demo pavilion: what the demo's live parts
/// (`crate::demo`) require before they act in anyone's streams.
pub async fn holds_demo(db: &Db) -> Result<bool, SeedError> {
    let catalog = catalog::load()?;
    let present: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM halls WHERE slug = $1")
            .bind(marker(&catalog))
            .fetch_one(db)
            .await?;
    Ok(present > 0)
}

async fn write(
    db: &Db,
    catalog: &Catalog,
    creators: &creators::Creators,
) -> Result<SeedReport, SeedError> {
    let marker = marker(catalog);
    let mut tx = db.begin().await?;
    let present: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM halls WHERE slug = $1")
            .bind(marker)
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
    for badge in &catalog.badges {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO badges (slug, label, description) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(badge.slug.as_str())
        .bind(badge.label.as_str())
        .bind(badge.description.as_str())
        .fetch_one(&mut *tx)
        .await?;
        badge_ids.push((badge.slug.as_str(), id));
    }
    let mut host_ids = Vec::new();
    for host in &catalog.hosts {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO hosts (slug, name, title, languages) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(host.slug.as_str())
        .bind(host.name.as_str())
        .bind(host.title.as_str())
        .bind(host.languages.as_str())
        .fetch_one(&mut *tx)
        .await?;
        host_ids.push((host.slug.as_str(), id));
    }
    // booth ids and their first products' ids, in catalogue order, for the streams.
    let mut seeded_booths = Vec::new();
    // Numbers the booths across halls; their demo credential numbers derive from it.
    let mut serial = 0_i64;
    for (hall_index, hall) in catalog.halls.iter().enumerate() {
        let hall_id = insert_hall(&mut tx, hall, hall_index as i64).await?;
        report.halls += 1;
        for (booth_index, booth) in hall.booths.iter().enumerate() {
            let booth_id =
                insert_booth(&mut tx, hall, hall_id, booth, booth_index as i64, now).await?;
            insert_badges(&mut tx, hall, booth, booth_id, serial, &badge_ids, now).await?;
            serial += 1;
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
                name: booth.name.as_str(),
                id: booth_id,
                products: product_ids,
            });
            report.booths += 1;
        }
    }
    report.streams =
        streams::insert(&mut tx, &catalog.streams, &seeded_booths, &host_ids, now).await?;
    creators::insert(&mut tx, creators, &host_ids, now).await?;
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
    .bind(c.slug.as_str())
    .bind(c.name.as_str())
    .bind(c.short_name.as_str())
    .bind(c.website.as_str())
    .fetch_one(&mut **tx)
    .await?;
    let hall_id: i64 = sqlx::query_scalar(
        "INSERT INTO halls (slug, council_id, position, colour, motif, name, tagline, description, plan_cols, plan_rows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 7, 4) RETURNING id",
    )
    .bind(hall.slug.as_str())
    .bind(council_id)
    .bind(position)
    .bind(hall.colour.as_str())
    .bind(hall.motif.as_str())
    .bind(hall.name.en.as_str())
    .bind(hall.tagline.en.as_str())
    .bind(hall.description.en.as_str())
    .fetch_one(&mut **tx)
    .await?;
    for locale in Translated::ALL {
        sqlx::query(
            "INSERT INTO hall_translations (hall_id, locale, name, tagline, description) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hall_id)
        .bind(locale.code())
        .bind(hall.name.get(locale))
        .bind(hall.tagline.get(locale))
        .bind(hall.description.get(locale))
        .execute(&mut **tx)
        .await?;
    }
    Ok(hall_id)
}

/// Four booths per hall around a central aisle on a 7 × 4 grid.
const PLAN_SPOTS: [(i64, i64, i64, i64); BOOTHS_PER_HALL] =
    [(0, 0, 3, 2), (4, 0, 3, 2), (0, 2, 3, 2), (4, 2, 3, 2)];

async fn insert_booth(
    tx: &mut Transaction<'_, Any>,
    hall: &Hall,
    hall_id: i64,
    booth: &Booth,
    index: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let slug = Slug::from_name(&booth.name)
        .map_err(|e| sqlx::Error::Protocol(format!("booth slug: {e}")))?;
    let (x, y, w, h) = PLAN_SPOTS[index as usize % PLAN_SPOTS.len()];
    let (tagline, description) = booth_text_en(hall, booth);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO booths (slug, hall_id, name, city, region, founded_year, tagline, description, brand_colour,
                             featured, position, plan_x, plan_y, plan_w, plan_h, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'published', $16) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(hall_id)
    .bind(booth.name.as_str())
    .bind(booth.city.as_str())
    .bind(booth.region.as_str())
    .bind(booth.founded_year)
    .bind(tagline)
    .bind(description)
    .bind(booth.brand_colour.as_str())
    .bind(i64::from(index == 0))
    .bind(index)
    .bind(x)
    .bind(y)
    .bind(w)
    .bind(h)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for locale in Translated::ALL {
        let (tagline, description) = booth_text(hall, booth, locale);
        sqlx::query("INSERT INTO booth_translations (booth_id, locale, tagline, description) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(locale.code())
            .bind(tagline)
            .bind(description)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

/// The booth's (tagline, description) in English, written around its specialty.
fn booth_text_en(hall: &Hall, booth: &Booth) -> (String, String) {
    let en = &booth.specialty.en;
    let (name, city, region, year) = (&booth.name, &booth.city, &booth.region, booth.founded_year);
    (
        format!("{} from {city} since {year}.", capitalise(en)),
        format!(
            "{name} is an exporter from {city}, {region}, founded in {year} and known for {en}. It exhibits in the \
             {} hall, curated by {}, and ships worldwide with full export documentation, samples on request and \
             buyer-audited quality control.",
            hall.name.en, hall.council.name
        ),
    )
}

/// The booth's (tagline, description) in a translated locale.
fn booth_text(hall: &Hall, booth: &Booth, locale: Translated) -> (String, String) {
    let specialty = booth.specialty.get(locale);
    let (name, city, region, year) = (&booth.name, &booth.city, &booth.region, booth.founded_year);
    let council = &hall.council.short_name;
    match locale {
        Translated::Hi => (
            format!("{year} से {city} की {specialty}।"),
            format!(
                "{name} {city}, {region} का एक निर्यातक है, जिसकी स्थापना {year} में हुई और जो {specialty} के लिए जाना जाता है। यह {council} द्वारा क्यूरेट किए गए हॉल में प्रदर्शित करता है और पूरे निर्यात दस्तावेज़ों के साथ दुनिया भर में भेजता है।"
            ),
        ),
        Translated::Zh => (
            format!("自{year}年起来自{city}的{specialty}。"),
            format!(
                "{name}是来自{region}{city}的出口商，成立于{year}年，以{specialty}闻名。该公司在{council}策展的展馆参展，提供完整出口文件，可按需寄送样品，发往全球。"
            ),
        ),
        Translated::Es => (
            format!("{} de {city} desde {year}.", capitalise(specialty)),
            format!(
                "{name} es un exportador de {city}, {region}, fundado en {year} y conocido por {specialty}. Expone en el pabellón curado por {council} y envía a todo el mundo con documentación de exportación completa."
            ),
        ),
        Translated::Ar => (
            format!("{specialty} من {city} منذ {year}."),
            format!(
                "{name} مُصدِّر من {city}، {region}، تأسس عام {year} ويُعرف بـ{specialty}. يعرض في القاعة التي ينظمها {council} ويشحن إلى جميع أنحاء العالم مع وثائق تصدير كاملة."
            ),
        ),
    }
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
    // The catalogue's deliberate exceptions show the rules: an expired certificate loses its
    // badge, and a credential that is not yet verified has none.
    let sector_expires_at = if booth.sector_certificate_expired {
        now - 30 * day
    } else {
        now + 400 * day
    };
    let gst_verified_at = booth.gst_verified.then_some(now - 200 * day);
    let mut wanted: Vec<(&str, String, Option<i64>, Option<i64>)> = vec![
        (
            IEC,
            format!("IEC {:010}", 305_118_000 + serial * 7_919),
            Some(now - 200 * day),
            None,
        ),
        (
            GST,
            format!(
                "GSTIN {:02}AAB{}{:04}F1Z{}",
                7 + serial % 30,
                (b'C' + (serial % 20) as u8) as char,
                1000 + serial * 37,
                serial % 10
            ),
            gst_verified_at,
            None,
        ),
        (
            hall.sector_badge.as_str(),
            format!(
                "Reg. {}/{:05}",
                hall.council.short_name.to_uppercase().replace(' ', ""),
                12_000 + serial * 131
            ),
            Some(now - 120 * day),
            Some(sector_expires_at),
        ),
    ];
    if let Some(extra) = &booth.extra_badge {
        wanted.push((
            extra.as_str(),
            format!(
                "Cert. {}-{:06}",
                extra.to_uppercase(),
                400_000 + serial * 977
            ),
            Some(now - 90 * day),
            Some(now + 300 * day),
        ));
    }
    for (slug, reference, verified_at, expires_at) in wanted {
        // The loader has checked every slug against the badges; this only guards the lookup.
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
    let name = product.name.en.as_str();
    let slug =
        Slug::from_name(name).map_err(|e| sqlx::Error::Protocol(format!("product slug: {e}")))?;
    let description = format!(
        "{} {} packs it in {}, {}. {}",
        product.summary, booth.name, booth.city, booth.region, hall.trade_note.en
    );
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (slug, booth_id, category, name, summary, description, unit, price_minor, currency, stock,
                               moq, max_per_order, hs_code, origin, weight_grams, position, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'INR', $9, $10, $11, $12, $13, $14, $15, 'published', $16) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(booth_id)
    .bind(hall.motif.as_str())
    .bind(name)
    .bind(product.summary.as_str())
    .bind(description)
    .bind(product.unit.as_str())
    .bind(product.price_paise)
    .bind(product.stock)
    .bind(product.moq)
    .bind((product.moq * 20).max(50))
    .bind(product.hs_code.as_str())
    .bind(format!("{}, {}, India", booth.city, booth.region))
    .bind(product.weight_grams)
    .bind(position)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    app::trade::store::save_terms(tx, id, &trade::terms_of(product, position)).await?;
    for locale in Translated::ALL {
        let summary = product_summary(booth, product, locale);
        let description = format!("{summary} {}", hall.trade_note.get(locale));
        sqlx::query(
            "INSERT INTO product_translations (product_id, locale, name, summary, description) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(locale.code())
        .bind(product.name.get(locale))
        .bind(summary)
        .bind(description)
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
            product.picture.scene, product.picture.colour
        ))
        .bind(format!("{name}, {caption}"))
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// A product's summary in a translated locale, written from its booth's facts (the English
/// one is in the catalogue).
fn product_summary(booth: &Booth, product: &Product, locale: Translated) -> String {
    let (local_name, specialty) = (product.name.get(locale), booth.specialty.get(locale));
    let (city, maker) = (&booth.city, &booth.name);
    match locale {
        Translated::Hi => format!("{local_name} — {city} के {maker} से, {specialty} के विशेषज्ञ।"),
        Translated::Zh => format!("{local_name}——来自{city}的{maker}，专注于{specialty}。"),
        Translated::Es => {
            format!("{local_name}, de {maker} ({city}), especialistas en {specialty}.")
        }
        Translated::Ar => format!("{local_name} من {maker} في {city}، المتخصصة في {specialty}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Catalog {
        catalog::load().unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn booth_texts_are_written_from_the_catalogue() {
        let catalog = demo();
        let hall = &catalog.halls[0];
        let booth = &hall.booths[0];
        let (tagline, description) = booth_text_en(hall, booth);
        assert_eq!(
            tagline,
            "Tellicherry pepper and Alleppey cardamom from Kochi since 1987."
        );
        assert!(
            description.starts_with(
                "Malabar Coast Spice Co. is an exporter from Kochi, Kerala, founded in 1987 and known for \
                 Tellicherry pepper and Alleppey cardamom. It exhibits in the Spices & Tea hall, curated by \
                 Spices Board India, and ships"
            ),
            "{description}"
        );
        let (tagline, _) = booth_text(hall, booth, Translated::Es);
        assert_eq!(
            tagline,
            "Pimienta Tellicherry y cardamomo de Alleppey de Kochi desde 1987."
        );
        let (tagline, description) = booth_text(hall, booth, Translated::Hi);
        assert_eq!(tagline, "1987 से Kochi की तेलीचेरी काली मिर्च और अलेप्पी इलायची।");
        assert!(description.contains("Spices Board द्वारा"), "{description}");
    }

    #[test]
    fn translated_product_summaries_name_the_maker() {
        let catalog = demo();
        let booth = &catalog.halls[0].booths[0];
        let pepper = &booth.products[0];
        assert_eq!(
            product_summary(booth, pepper, Translated::Zh),
            "代利杰里特级黑胡椒——来自Kochi的Malabar Coast Spice Co.，专注于代利杰里黑胡椒和阿勒皮小豆蔻。"
        );
        assert_eq!(
            product_summary(booth, pepper, Translated::Ar),
            "فلفل أسود تيليتشيري ممتاز من Malabar Coast Spice Co. في Kochi، المتخصصة في فلفل تيليتشيري وهيل أليبي."
        );
    }

    #[test]
    fn capitalises_first_letter_only() {
        assert_eq!(capitalise("pimienta Tellicherry"), "Pimienta Tellicherry");
        assert_eq!(capitalise(""), "");
    }
}
