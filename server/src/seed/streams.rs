//! Writes the catalogue's demo streams, placed around the moment of seeding: one live now,
//! several coming up over the next days, several ended with replays.

use super::catalog::{Stream, StreamState, Translated};
use app::core::Slug;
use sqlx::{Any, Transaction};

/// A booth as written: what its streams need.
pub struct SeededBooth<'a> {
    pub name: &'a str,
    pub id: i64,
    pub products: Vec<i64>,
}

pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    streams: &[Stream],
    booths: &[SeededBooth<'_>],
    hosts: &[(&str, i64)],
    now: i64,
) -> Result<usize, sqlx::Error> {
    let base = now - now.rem_euclid(15 * 60);
    let mut count = 0;
    for stream in streams {
        // The loader has checked that the booth exists; this only guards the lookup.
        let Some(booth) = booths.iter().find(|b| b.name == stream.booth) else {
            continue;
        };
        let slug = Slug::from_name(&stream.title.en)
            .map_err(|e| sqlx::Error::Protocol(format!("stream slug: {e}")))?;
        let starts_at = if stream.state == StreamState::Live {
            now + stream.start_offset_minutes * 60
        } else {
            base + stream.start_offset_minutes * 60
        };
        let ends_at = starts_at + stream.duration_minutes * 60;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO streams (slug, booth_id, title, description, language, starts_at, ends_at, time_zone, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(slug.as_str())
        .bind(booth.id)
        .bind(stream.title.en.as_str())
        .bind(stream.description.as_str())
        .bind(stream.language.as_str())
        .bind(starts_at)
        .bind(ends_at)
        .bind(stream.time_zone.as_str())
        .bind(stream.state.as_str())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        for locale in Translated::ALL {
            sqlx::query("INSERT INTO stream_translations (stream_id, locale, title, description) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(locale.code())
                .bind(stream.title.get(locale))
                .bind(description(booth.name, locale))
                .execute(&mut **tx)
                .await?;
        }
        for host in &stream.hosts {
            if let Some((_, host_id)) = hosts.iter().find(|(slug, _)| slug == host) {
                sqlx::query("INSERT INTO stream_hosts (stream_id, host_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*host_id)
                    .execute(&mut **tx)
                    .await?;
                // A host profile is its first booth's.
                sqlx::query("UPDATE hosts SET booth_id = $2 WHERE id = $1 AND booth_id IS NULL")
                    .bind(*host_id)
                    .bind(booth.id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        for (position, product_id) in booth.products.iter().take(3).enumerate() {
            sqlx::query(
                "INSERT INTO stream_products (stream_id, product_id, position) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(*product_id)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
        if stream.state == StreamState::Replay {
            chapters(tx, id, starts_at, &booth.products).await?;
        }
        count += 1;
    }
    Ok(count)
}

/// A replay's chapters as its room would have recorded them: each of the stream's products
/// pinned in turn, at the moments the demo's recording shows it (the programme shows each
/// product's three pictures, `SCENE_SECONDS` apiece, in order).
async fn chapters(
    tx: &mut Transaction<'_, Any>,
    stream: i64,
    starts_at: i64,
    products: &[i64],
) -> Result<(), sqlx::Error> {
    use app::live::model::{Body, Pin};
    let per_product = 3 * i64::from(crate::demo::programme::SCENE_SECONDS);
    let mut showing: Vec<Pin> = Vec::new();
    for (turn, product) in products.iter().take(3).enumerate() {
        let offset = turn as i64 * per_product;
        let stock: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
            .bind(product)
            .fetch_one(&mut **tx)
            .await?;
        showing.push(Pin {
            product: *product,
            stock,
        });
        let body = Body::Pins {
            products: showing.clone(),
            added: Some(*product),
            offset: Some(offset),
        };
        app::live::store::append(tx, stream, None, body, (starts_at + offset) * 1000).await?;
    }
    Ok(())
}

/// A stream's description in a translated locale; the English one is in the catalogue.
fn description(maker: &str, locale: Translated) -> String {
    match locale {
        Translated::Hi => {
            format!("{maker} का लाइव सत्र: सवाल पूछिए और प्रसारण के दौरान नमूने ऑर्डर कीजिए।")
        }
        Translated::Zh => format!("{maker}直播：现场提问，并在直播中订购样品。"),
        Translated::Es => format!(
            "Sesión en directo de {maker}: haga preguntas y pida muestras durante la emisión."
        ),
        Translated::Ar => format!("جلسة مباشرة من {maker}: اطرح أسئلتك واطلب العينات أثناء البث."),
    }
}
