//! The demo's collaborations (`server/seed/demo/collaborations.toml`): invitations and open
//! offers between the demo's booths and creators, in every state, with each version of the
//! terms and how it was answered. Read and checked with the creators (a creator, a booth, a
//! side or an outcome the file names must exist) before anything is written.

use super::catalog::{Catalog, CatalogError, Source};
use app::creators::collaborations::model::{Outcome, Side, State};
use serde::Deserialize;
use sqlx::{Any, Transaction};

const PATH: &str = "server/seed/demo/collaborations.toml";
const TEXT: &str = include_str!("../../seed/demo/collaborations.toml");
const DAY: i64 = 24 * 3600;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    collaborations: Vec<Collaboration>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collaboration {
    /// The booth's name, as in the halls' files.
    pub booth: String,
    /// None for an open offer.
    pub creator: Option<String>,
    /// The booth's first `products` products.
    pub products: i64,
    pub days_ago: i64,
    pub days: i64,
    /// Creators who joined (an open offer).
    #[serde(default)]
    pub joined: Vec<String>,
    pub versions: Vec<Version>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub side: String,
    pub by: String,
    pub commission_bps: i64,
    /// Rupees per stream.
    pub fee: Option<i64>,
    #[serde(default)]
    pub streams: i64,
    pub minutes: Option<i64>,
    pub market: Option<String>,
    pub language: Option<String>,
    #[serde(default)]
    pub note: String,
    pub outcome: Option<String>,
}

fn problem(message: String) -> CatalogError {
    CatalogError {
        file: PATH.to_owned(),
        line: None,
        message,
    }
}

/// The file, checked: booths and creators it names exist, sides and outcomes are known,
/// only the last version may await an answer.
pub fn load(catalog: &Catalog, creators: &[&str]) -> Result<Vec<Collaboration>, CatalogError> {
    let file: File = Source {
        path: PATH,
        text: TEXT,
    }
    .parse()?;
    for c in &file.collaborations {
        let who = format!("{} × {}", c.booth, c.creator.as_deref().unwrap_or("open"));
        if !catalog
            .halls
            .iter()
            .any(|h| h.booths.iter().any(|b| b.name == c.booth))
        {
            return Err(problem(format!("{who}: no booth {}", c.booth)));
        }
        if let Some(slug) = c
            .creator
            .iter()
            .chain(&c.joined)
            .find(|s| !creators.contains(&s.as_str()))
        {
            return Err(problem(format!("{who}: no creator {slug}")));
        }
        if c.versions.is_empty() || c.products < 1 || c.days < 1 {
            return Err(problem(format!(
                "{who}: versions, products and days are needed"
            )));
        }
        for (n, v) in c.versions.iter().enumerate() {
            let last = n + 1 == c.versions.len();
            if Side::parse(&v.side).is_none() {
                return Err(problem(format!("{who}: unknown side {}", v.side)));
            }
            match v.outcome.as_deref().map(Outcome::parse) {
                Some(None) => return Err(problem(format!("{who}: unknown outcome"))),
                None if !last => {
                    return Err(problem(format!(
                        "{who}: only the last version may await an answer"
                    )));
                }
                _ => {}
            }
        }
    }
    Ok(file.collaborations)
}

/// The state a collaboration's versions leave it in, and the version in force.
fn state_of(c: &Collaboration) -> (State, Option<i64>) {
    let agreed = c
        .versions
        .iter()
        .rposition(|v| v.outcome.as_deref() == Some("accepted"))
        .map(|n| n as i64 + 1);
    let last = c.versions.last().and_then(|v| v.outcome.as_deref());
    match (agreed, last) {
        (Some(_), _) => (State::Agreed, agreed),
        // An open offer its booth withdrew is closed.
        (None, Some("withdrawn")) if c.creator.is_none() => (State::Closed, None),
        (None, Some("declined")) => (State::Declined, None),
        (None, Some("withdrawn")) => (State::Withdrawn, None),
        _ => (State::Proposed, None),
    }
}

/// Who a collaboration is between, as the seed writes it.
struct Parties<'a> {
    booth: i64,
    /// The booth's side by name (who proposed its first version).
    booth_by: &'a str,
    /// `(id, name)`; none on an open offer itself.
    creator: Option<(i64, String)>,
    /// The open offer a creator joined.
    offer: Option<i64>,
}

/// Who answered version `n` with `outcome`: its proposer withdraws, the other side answers.
fn answerer<'a>(c: &'a Collaboration, n: usize, outcome: &str, parties: &'a Parties) -> &'a str {
    let v = &c.versions[n];
    let creator = parties
        .creator
        .as_ref()
        .map_or("", |(_, name)| name.as_str());
    match (outcome, v.side.as_str()) {
        ("withdrawn", _) => &v.by,
        ("countered", _) => c.versions.get(n + 1).map_or("", |next| next.by.as_str()),
        (_, "exhibitor") => creator,
        _ => parties.booth_by,
    }
}

/// One collaboration row with its versions; returns its id.
async fn write_one(
    tx: &mut Transaction<'_, Any>,
    c: &Collaboration,
    parties: &Parties<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let start = now - now.rem_euclid(DAY) - c.days_ago * DAY;
    let (state, agreed) = match parties.offer {
        // A creator's collaboration from an open offer: its terms, accepted on joining.
        Some(_) => (State::Agreed, Some(1)),
        None => state_of(c),
    };
    let kind = if c.creator.is_some() {
        "target"
    } else {
        "open"
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO collaborations (booth_id, creator_id, kind, offer_id, state, agreed_version,
                created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(parties.booth)
    .bind(parties.creator.as_ref().map(|(id, _)| *id))
    .bind(kind)
    .bind(parties.offer)
    .bind(state.code())
    .bind(agreed)
    .bind(start + 9 * 3600)
    .bind(start + (c.versions.len() as i64) * DAY)
    .fetch_one(&mut **tx)
    .await?;
    for (n, v) in c.versions.iter().enumerate() {
        let version = n as i64 + 1;
        let at = start + n as i64 * DAY + 9 * 3600;
        let outcome = match parties.offer {
            Some(_) => Some("accepted"),
            None => v.outcome.as_deref(),
        };
        let answered = outcome.map(|o| answerer(c, n, o, parties));
        let terms: i64 = sqlx::query_scalar(
            "INSERT INTO collaboration_terms (collaboration_id, version, side, proposed_name,
                    proposed_at, fee_inr_minor, commission_bps, starts_at, ends_at, streams,
                    minutes, market, language, note, outcome, answered_name, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             RETURNING id",
        )
        .bind(id)
        .bind(version)
        .bind(&v.side)
        .bind(&v.by)
        .bind(at)
        .bind(v.fee.map(|rupees| rupees * 100))
        .bind(v.commission_bps)
        .bind(start)
        .bind(start + c.days * DAY)
        .bind(v.streams)
        .bind(v.minutes)
        .bind(v.market.as_deref())
        .bind(v.language.as_deref())
        .bind(&v.note)
        .bind(outcome)
        .bind(answered)
        // A counter answers a version when the next is proposed; other answers come later.
        .bind(outcome.map(|o| {
            if o == "countered" {
                at + DAY
            } else {
                at + DAY / 2
            }
        }))
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO collaboration_products (terms_id, product_id)
             SELECT $1, id FROM products WHERE booth_id = $2 AND status = 'published'
              ORDER BY position, id LIMIT $3",
        )
        .bind(terms)
        .bind(parties.booth)
        .bind(c.products)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

async fn creator(tx: &mut Transaction<'_, Any>, slug: &str) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM creators WHERE slug = $1")
        .bind(slug)
        .fetch_one(&mut **tx)
        .await
}

/// Writes the collaborations (after the booths, products and creators).
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    collaborations: &[Collaboration],
    now: i64,
) -> Result<(), sqlx::Error> {
    for c in collaborations {
        let booth: i64 = sqlx::query_scalar("SELECT id FROM booths WHERE name = $1")
            .bind(&c.booth)
            .fetch_one(&mut **tx)
            .await?;
        let booth_by = c.versions[0].by.as_str();
        let invited = match &c.creator {
            Some(slug) => Some(creator(tx, slug).await?),
            None => None,
        };
        let parties = Parties {
            booth,
            booth_by,
            creator: invited,
            offer: None,
        };
        let id = write_one(tx, c, &parties, now).await?;
        for slug in &c.joined {
            let parties = Parties {
                booth,
                booth_by,
                creator: Some(creator(tx, slug).await?),
                offer: Some(id),
            };
            write_one(tx, c, &parties, now).await?;
        }
    }
    Ok(())
}
