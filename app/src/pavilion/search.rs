//! Product and booth search in every script. Each product and booth has one document per
//! locale it has text in; documents are matched on their folded text (case and accents
//! removed, see `i18n::fold`) with `LIKE '%query%'`, which SQLite answers from an FTS5
//! trigram index and PostgreSQL from a pg_trgm GIN index. Candidates are then checked and
//! highlighted in Rust on the original text, so `%` and `_` in a query are plain letters.

use crate::db::{Backend, Db};
use crate::i18n::Locale;
use crate::i18n::fold::{find, fold};
use crate::pavilion::model::{Highlighted, SearchHit};
use sqlx::FromRow;
use std::collections::HashMap;

pub use crate::pavilion::model::MAX_QUERY;

#[derive(FromRow)]
struct Doc {
    kind: String,
    ref_id: i64,
    locale: String,
    title: String,
    body: String,
}

/// The search documents of the catalogue: every product and booth in every locale it has
/// text in, or only those of one product or booth.
async fn documents(db: &Db, only: Option<(&str, i64)>) -> Result<Vec<Doc>, sqlx::Error> {
    let (products, booths) = match only {
        None => ("", ""),
        Some(("product", _)) => (" WHERE p.id = $1", " WHERE 1 = 0 AND b.id = $1"),
        Some(_) => (" WHERE 1 = 0 AND p.id = $1", " WHERE b.id = $1"),
    };
    let sql = format!(
        "SELECT 'product' AS kind, p.id AS ref_id, 'en' AS locale, p.name AS title,
                p.summary || ' ' || p.description || ' ' || p.category || ' ' || p.origin AS body
         FROM products p{products}
         UNION ALL
         SELECT 'product', p.id, t.locale, COALESCE(t.name, p.name),
                COALESCE(t.summary, '') || ' ' || COALESCE(t.description, '')
         FROM products p JOIN product_translations t ON t.product_id = p.id{products}
         UNION ALL
         SELECT 'booth', b.id, 'en', b.name,
                b.tagline || ' ' || b.description || ' ' || b.city || ' ' || b.region
         FROM booths b{booths}
         UNION ALL
         SELECT 'booth', b.id, t.locale, b.name,
                COALESCE(t.tagline, '') || ' ' || COALESCE(t.description, '')
         FROM booths b JOIN booth_translations t ON t.booth_id = b.id{booths}"
    );
    let query = sqlx::query_as(&sql);
    match only {
        Some((_, id)) => query.bind(id).fetch_all(db).await,
        None => query.fetch_all(db).await,
    }
}

async fn insert_docs(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    docs: &[Doc],
) -> Result<(), sqlx::Error> {
    for doc in docs {
        let folded = fold(&format!("{}\n{}", doc.title, doc.body));
        sqlx::query(
            "INSERT INTO search_docs (kind, ref_id, locale, title, body, folded) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&doc.kind)
        .bind(doc.ref_id)
        .bind(&doc.locale)
        .bind(&doc.title)
        .bind(&doc.body)
        .bind(&folded)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Rebuilds every search document from the catalogue, in one transaction.
pub async fn reindex(db: &Db) -> Result<usize, sqlx::Error> {
    let docs = documents(db, None).await?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM search_docs")
        .execute(&mut *tx)
        .await?;
    insert_docs(&mut tx, &docs).await?;
    tx.commit().await?;
    Ok(docs.len())
}

/// Rebuilds the documents of one product or booth (`kind` is `product` or `booth`) after
/// its text changed.
pub async fn reindex_one(db: &Db, kind: &str, id: i64) -> Result<(), sqlx::Error> {
    let docs = documents(db, Some((kind, id))).await?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2")
        .bind(kind)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_docs(&mut tx, &docs).await?;
    tx.commit().await?;
    Ok(())
}

/// True when the index is empty while the catalogue is not (a database from before search).
pub async fn needs_reindex(db: &Db) -> Result<bool, sqlx::Error> {
    let (docs, products): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM search_docs), (SELECT CAST(COUNT(*) AS BIGINT) FROM products)",
    )
    .fetch_one(db)
    .await?;
    Ok(docs == 0 && products > 0)
}

#[derive(FromRow)]
struct Candidate {
    kind: String,
    ref_id: i64,
    locale: String,
    title: String,
    body: String,
}

/// A few words around the first match, with the match marked.
fn snippet(text: &str, folded_query: &str) -> Option<Highlighted> {
    let spans = find(text, folded_query);
    let &(start, end) = spans.first()?;
    let before: Vec<char> = text[..start].chars().collect();
    let after: Vec<char> = text[end..].chars().collect();
    let lead = before.len().saturating_sub(40);
    let tail = after.len().min(60);
    Some(Highlighted {
        before: format!(
            "{}{}",
            if lead > 0 { "…" } else { "" },
            before[lead..].iter().collect::<String>()
        ),
        matched: text[start..end].to_owned(),
        after: format!(
            "{}{}",
            after[..tail].iter().collect::<String>(),
            if tail < after.len() { "…" } else { "" }
        ),
    })
}

/// Candidates read per query at most: the fold and the ranking cost stays bounded.
pub const CANDIDATES: i64 = 200;

/// Whether `query` says enough to search on: one character in a script that writes words
/// with one (Chinese, Japanese, Korean), two letters or digits otherwise.
pub fn long_enough(query: &str) -> bool {
    let ideographic = |c: char| {
        matches!(c as u32,
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
    };
    let letters = query.chars().filter(|c| c.is_alphanumeric()).count();
    letters >= 2 || query.chars().any(ideographic)
}

/// Products and booths whose text in any locale contains `query`, best first: a match in
/// the reader's locale before one in another, a title match before a body match. At most
/// [`CANDIDATES`] documents are read, and they are folded and ranked off the async threads.
pub async fn search(
    db: &Db,
    backend: Backend,
    locale: Locale,
    query: &str,
) -> Result<Vec<(String, i64, SearchHit)>, sqlx::Error> {
    let folded = fold(query.trim());
    if folded.is_empty() || !long_enough(query) {
        return Ok(Vec::new());
    }
    let pattern = format!("%{folded}%");
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT kind, ref_id, locale, title, body FROM search_docs
             WHERE id IN (SELECT rowid FROM search_fts WHERE folded LIKE $1) LIMIT $2"
        }
        Backend::Postgres => {
            "SELECT kind, ref_id, locale, title, body FROM search_docs WHERE folded LIKE $1 LIMIT $2"
        }
    };
    let candidates: Vec<Candidate> = sqlx::query_as(sql)
        .bind(&pattern)
        .bind(CANDIDATES)
        .fetch_all(db)
        .await?;
    tokio::task::spawn_blocking(move || rank(candidates, locale, &folded))
        .await
        .map_err(|_| sqlx::Error::WorkerCrashed)
}

/// The best match per product or booth, best first.
fn rank(candidates: Vec<Candidate>, locale: Locale, folded: &str) -> Vec<(String, i64, SearchHit)> {
    // Best document per (kind, ref): rank 0 = title in the reader's locale … 3 = body elsewhere.
    let mut best: HashMap<(String, i64), (u8, SearchHit)> = HashMap::new();
    for c in candidates {
        let in_title = snippet(&c.title, folded);
        let in_body = snippet(&c.body, folded);
        let Some(found) = in_title.clone().or(in_body) else {
            continue;
        };
        let own = c.locale == locale.code();
        let rank = u8::from(!own) * 2 + u8::from(in_title.is_none());
        let hit = SearchHit {
            locale: c.locale.clone(),
            title_match: in_title.is_some(),
            found,
        };
        let key = (c.kind.clone(), c.ref_id);
        if best.get(&key).is_none_or(|(r, _)| rank < *r) {
            best.insert(key, (rank, hit));
        }
    }
    let mut hits: Vec<(u8, String, i64, SearchHit)> = best
        .into_iter()
        .map(|((kind, id), (rank, hit))| (rank, kind, id, hit))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
    hits.into_iter()
        .map(|(_, kind, id, hit)| (kind, id, hit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_latin_letter_is_not_a_search_one_ideograph_is() {
        assert!(!long_enough("a"));
        assert!(!long_enough(" é "));
        assert!(long_enough("ab"));
        assert!(long_enough("茶"));
        assert!(long_enough("カ"));
        assert!(!long_enough("क"));
        assert!(long_enough("मिर्च"));
    }

    #[test]
    fn snippets_mark_the_match_and_trim_the_rest() {
        let text = "Hand-picked Malabar black pepper from the hills of Wayanad, sun-dried on bamboo mats for ten days.";
        let s = snippet(text, &fold("WAYANAD")).expect("match");
        assert_eq!(s.matched, "Wayanad");
        assert!(s.before.starts_with('…'));
        assert!(s.after.starts_with(", sun-dried"));
        assert!(snippet(text, "cardamom").is_none());
    }
}
