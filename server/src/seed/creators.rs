//! The demo's creators and agencies (`server/seed/demo/creators.toml`): read and checked
//! against the catalogue before anything is written, then inserted with their bios, markets,
//! languages, sectors, audiences and council listings. A creator named after a host of
//! `hosts.toml` is that host, so their record comes from the demo's streams.

use super::catalog::{Catalog, CatalogError, Source};
use app::creators::model::{LANGUAGES, LIST_MAX, PLATFORMS};
use serde::Deserialize;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

const PATH: &str = "server/seed/demo/creators.toml";
const TEXT: &str = include_str!("../../seed/demo/creators.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creators {
    pub agencies: Vec<Agency>,
    pub creators: Vec<Creator>,
    /// From their own file (`super::collaborations`).
    #[serde(skip)]
    pub collaborations: Vec<super::collaborations::Collaboration>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listed {
    pub council: String,
    pub by: String,
    pub days_ago: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub about: String,
    pub listed_by: Vec<Listed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub platform: String,
    pub handle: String,
    pub followers: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creator {
    pub slug: String,
    pub host: Option<String>,
    pub name: String,
    pub headline: String,
    pub agency: Option<String>,
    pub markets: Vec<String>,
    pub languages: Vec<String>,
    pub categories: Vec<String>,
    /// Rupees.
    pub fee: Option<i64>,
    pub commission_bps: Option<i64>,
    pub available: bool,
    pub audiences: Vec<Audience>,
    pub listed_by: Vec<Listed>,
    pub bios: BTreeMap<String, String>,
}

fn problem(message: String) -> CatalogError {
    CatalogError {
        file: PATH.to_owned(),
        line: None,
        message,
    }
}

/// The file, checked against the catalogue: hosts, halls and councils it names exist,
/// codes are known, every creator has an English bio and a way to be paid.
pub fn load(catalog: &Catalog) -> Result<Creators, CatalogError> {
    let creators: Creators = Source {
        path: PATH,
        text: TEXT,
    }
    .parse()?;
    let councils: Vec<&str> = catalog
        .halls
        .iter()
        .map(|h| h.council.slug.as_str())
        .collect();
    let check_listings = |who: &str, listed: &[Listed]| match listed
        .iter()
        .find(|l| !councils.contains(&l.council.as_str()))
    {
        Some(l) => Err(problem(format!("{who}: no council {}", l.council))),
        None => Ok(()),
    };
    for agency in &creators.agencies {
        check_listings(&agency.slug, &agency.listed_by)?;
    }
    for c in &creators.creators {
        let who = c.slug.as_str();
        if let Some(host) = &c.host
            && !catalog.hosts.iter().any(|h| &h.slug == host)
        {
            return Err(problem(format!("{who}: no host {host}")));
        }
        if let Some(agency) = &c.agency
            && !creators.agencies.iter().any(|a| &a.slug == agency)
        {
            return Err(problem(format!("{who}: no agency {agency}")));
        }
        if let Some(hall) = c
            .categories
            .iter()
            .find(|k| !catalog.halls.iter().any(|h| &h.slug == *k))
        {
            return Err(problem(format!("{who}: no hall {hall}")));
        }
        if let Some(language) = c
            .languages
            .iter()
            .find(|l| !LANGUAGES.contains(&l.as_str()))
        {
            return Err(problem(format!("{who}: unknown language {language}")));
        }
        if let Some(a) = c
            .audiences
            .iter()
            .find(|a| !PLATFORMS.contains(&a.platform.as_str()))
        {
            return Err(problem(format!("{who}: unknown platform {}", a.platform)));
        }
        let sizes = [c.markets.len(), c.languages.len(), c.categories.len()];
        if sizes.iter().any(|n| *n == 0 || *n > LIST_MAX) {
            return Err(problem(format!(
                "{who}: markets, languages and categories need 1 to {LIST_MAX} each"
            )));
        }
        if !c.bios.contains_key("en") {
            return Err(problem(format!("{who}: no English bio")));
        }
        if c.fee.is_none() && c.commission_bps.is_none() {
            return Err(problem(format!("{who}: neither a fee nor a commission")));
        }
        check_listings(who, &c.listed_by)?;
    }
    let slugs: Vec<&str> = creators.creators.iter().map(|c| c.slug.as_str()).collect();
    let collaborations = super::collaborations::load(catalog, &slugs)?;
    Ok(Creators {
        collaborations,
        ..creators
    })
}

const DAY: i64 = 24 * 3600;

/// The council listings of the agency or creator `id` (`column` says which).
async fn list(
    tx: &mut Transaction<'_, Any>,
    column: &str,
    id: i64,
    listed: &[Listed],
    now: i64,
) -> Result<(), sqlx::Error> {
    for l in listed {
        sqlx::query(&format!(
            "INSERT INTO vettings ({column}, council_id, vetted_name, vetted_at)
             SELECT $1, id, $3, $4 FROM councils WHERE slug = $2"
        ))
        .bind(id)
        .bind(&l.council)
        .bind(&l.by)
        .bind(now - l.days_ago * DAY)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Writes the agencies and creators; `host_ids` are the seeded hosts by slug.
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    creators: &Creators,
    host_ids: &[(&str, i64)],
    now: i64,
) -> Result<usize, sqlx::Error> {
    let mut agency_ids = Vec::new();
    for agency in &creators.agencies {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agencies (slug, name, city, country, about, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&agency.slug)
        .bind(&agency.name)
        .bind(&agency.city)
        .bind(&agency.country)
        .bind(&agency.about)
        .bind(now - 120 * DAY)
        .fetch_one(&mut **tx)
        .await?;
        list(tx, "agency_id", id, &agency.listed_by, now).await?;
        agency_ids.push((agency.slug.as_str(), id));
    }
    for c in &creators.creators {
        let agency = c
            .agency
            .as_deref()
            .and_then(|a| agency_ids.iter().find(|(slug, _)| *slug == a))
            .map(|(_, id)| *id);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO creators (slug, agency_id, name, headline, colour, fee_inr_minor,
                    commission_bps, available, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(&c.slug)
        .bind(agency)
        .bind(&c.name)
        .bind(&c.headline)
        .bind(app::creators::store::colour_for(&c.slug))
        .bind(c.fee.map(|rupees| rupees * 100))
        .bind(c.commission_bps)
        .bind(i64::from(c.available))
        .bind(now - 100 * DAY)
        .fetch_one(&mut **tx)
        .await?;
        for (locale, bio) in &c.bios {
            sqlx::query("INSERT INTO creator_bios (creator_id, locale, bio) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(locale)
                .bind(bio)
                .execute(&mut **tx)
                .await?;
        }
        let mut halls = Vec::new();
        for slug in &c.categories {
            halls.push(
                sqlx::query_scalar::<_, i64>("SELECT id FROM halls WHERE slug = $1")
                    .bind(slug)
                    .fetch_one(&mut **tx)
                    .await?,
            );
        }
        app::creators::store::write_lists(tx, id, &c.markets, &c.languages, &halls).await?;
        for a in &c.audiences {
            sqlx::query(
                "INSERT INTO creator_audiences (creator_id, platform, handle, followers)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&a.platform)
            .bind(&a.handle)
            .bind(a.followers)
            .execute(&mut **tx)
            .await?;
        }
        list(tx, "creator_id", id, &c.listed_by, now).await?;
        if let Some((_, host)) = c
            .host
            .as_deref()
            .and_then(|h| host_ids.iter().find(|(slug, _)| *slug == h))
        {
            sqlx::query("UPDATE hosts SET creator_id = $2 WHERE id = $1")
                .bind(host)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    super::collaborations::insert(tx, &creators.collaborations, now).await?;
    Ok(creators.creators.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_creators_load_against_the_catalogue() {
        let catalog = super::super::catalog::load().unwrap_or_else(|e| panic!("{e}"));
        let creators = load(&catalog).unwrap_or_else(|e| panic!("{e}"));
        assert!(creators.creators.len() >= 8);
        assert_eq!(creators.agencies.len(), 3);
        for market in ["CN", "AE", "SA", "JP", "DE", "US", "BR", "RU"] {
            assert!(
                creators
                    .creators
                    .iter()
                    .any(|c| c.markets.iter().any(|m| m == market)),
                "no creator for {market}"
            );
        }
    }
}
