//! The database: one sqlx `Any` pool over SQLite (embedded default) or PostgreSQL, chosen
//! at run time by URL, with the embedded, append-only migrations of each backend.

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use std::path::Path;
use std::time::Duration;

pub type Db = sqlx::AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// The default store: a SQLite file under `data/`.
pub const DEFAULT_URL: &str = "sqlite://data/pavilion.db";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// Why the store could not be opened or migrated: one line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres://, got {0:?}")]
    UnknownScheme(String),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database at {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot migrate the database at {url}: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
}

/// The store answers a query (liveness and readiness).
/// Whether `err` says the store is busy rather than wrong: SQLite's `SQLITE_BUSY` and
/// `SQLITE_LOCKED` (with their extended codes), PostgreSQL's serialization failure and
/// deadlock. The same work, tried again a moment later, may succeed.
pub fn is_busy(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            let code = db.code();
            let code = code.as_deref().unwrap_or("");
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // The primary result code is the low byte of an extended one.
                code.parse::<i64>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
            } else if db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                matches!(code, "40001" | "40P01")
            } else {
                false
            }
        }
        sqlx::Error::PoolTimedOut => true,
        _ => false,
    }
}

pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT CAST(1 AS BIGINT)")
        .fetch_one(db)
        .await
        .map(|_| ())
}

/// Sends `payload` to PostgreSQL's `channel` (LISTEN/NOTIFY: the live room's fan-out
/// between server nodes).
pub async fn notify(db: &Db, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(db)
        .await
        .map(|_| ())
}

/// Opens a pool. SQLite files (and their folder) are created on first use and run in WAL
/// mode with foreign keys enforced; PostgreSQL must already have the database.
pub async fn connect(url: &str, max_connections: u32) -> Result<(Db, Backend), DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url).ok_or_else(|| DbError::UnknownScheme(redact(url)))?;
    let url = match backend {
        Backend::Sqlite => prepare_sqlite_url(url)?,
        Backend::Postgres => url.to_owned(),
    };
    if backend == Backend::Sqlite {
        // WAL is a property of the file: set it once, from one connection, before the pool
        // opens several (connections switching modes concurrently fail to open the file).
        use sqlx::{Connection, Executor};
        let mut conn =
            sqlx::AnyConnection::connect(&url)
                .await
                .map_err(|source| DbError::Open {
                    url: redact(&url),
                    source,
                })?;
        conn.execute("PRAGMA journal_mode = WAL")
            .await
            .map_err(|source| DbError::Open {
                url: redact(&url),
                source,
            })?;
        let _ = conn.close().await;
    }
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    use sqlx::Executor;
                    conn.execute(
                        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|source| DbError::Open { url: redact(&url), source })?;
    Ok((pool, backend))
}

pub async fn migrate(db: &Db, backend: Backend, url: &str) -> Result<(), DbError> {
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(db).await.map_err(|source| DbError::Migrate {
        url: redact(url),
        source,
    })
}

/// `sqlite://data/x.db` → makes `data/` and asks SQLite to create the file when missing.
fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty()
        && path != ":memory:"
        && let Some(parent) = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| DbError::Folder {
            path: parent.display().to_string(),
            source,
        })?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Hides a password in a connection URL before it is logged.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_held_write_lock_is_busy_not_a_fault() {
        use sqlx::{Connection, Executor};
        // Through the Any driver, as the app connects.
        sqlx::any::install_default_drivers();
        let path = std::env::temp_dir().join(format!("pavilion-busy-{}.db", std::process::id()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut holder = sqlx::AnyConnection::connect(&url).await.expect("open");
        let mut other = sqlx::AnyConnection::connect(&url).await.expect("open");
        holder
            .execute("CREATE TABLE t (x INTEGER)")
            .await
            .expect("table");
        holder.execute("BEGIN IMMEDIATE").await.expect("lock");
        other
            .execute("PRAGMA busy_timeout = 0")
            .await
            .expect("no wait");
        let err = other
            .execute("INSERT INTO t VALUES (1)")
            .await
            .expect_err("the lock is held");
        assert!(is_busy(&err), "{err}");
        let bad = other.execute("INSERT INTO nowhere VALUES (1)").await;
        assert!(!is_busy(&bad.expect_err("no such table")));
        assert!(!is_busy(&sqlx::Error::RowNotFound));
        drop((holder, other));
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn recognises_backends() {
        assert_eq!(Backend::of_url("sqlite://data/p.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u@h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of_url("mysql://h/db"), None);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://pav:s3cret@127.0.0.1:5433/p"),
            "postgres://pav:***@127.0.0.1:5433/p"
        );
        assert_eq!(redact("sqlite://data/p.db"), "sqlite://data/p.db");
    }
}

/// Tables whose rows are addressed by a unique slug.
#[derive(Clone, Copy, Debug)]
pub enum Slugged {
    Booths,
    Products,
    Streams,
    Creators,
}

/// A slug for `name` that no row of `table` has yet: the name's slug, else with `-2`, `-3`…
/// (`fallback` when the name has no letters or digits).
pub async fn free_slug(
    conn: &mut sqlx::AnyConnection,
    table: Slugged,
    name: &str,
    fallback: &str,
) -> Result<String, sqlx::Error> {
    let sql = match table {
        Slugged::Booths => "SELECT id FROM booths WHERE slug = $1",
        Slugged::Products => "SELECT id FROM products WHERE slug = $1",
        Slugged::Streams => "SELECT id FROM streams WHERE slug = $1",
        Slugged::Creators => "SELECT id FROM creators WHERE slug = $1",
    };
    let base = crate::core::Slug::from_name(name)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|_| fallback.to_owned());
    let mut candidate = base.clone();
    for n in 2.. {
        let taken: Option<i64> = sqlx::query_scalar(sql)
            .bind(&candidate)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// `$first, $first+1, …` for `count` values, for an `IN (…)` list bound one by one.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
