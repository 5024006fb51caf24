//! Test harness: a real server on port 0 over a fresh database per test, on SQLite and on
//! PostgreSQL (`TEST_POSTGRES_URL`, an admin URL; each test creates its own database).

#![allow(dead_code)]

pub mod room;

use server::{Application, Config};
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    db: app::db::Db,
    pub store: Store,
    /// The database URL, for a second node on the same database.
    pub url: String,
    /// The live folder the node's media hooks use (`rec/` holds recordings).
    pub live_dir: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

static SERIAL: AtomicU32 = AtomicU32::new(0);

/// A database URL for a fresh, empty database on `store`; `None` when PostgreSQL is not
/// available outside CI (in CI a missing PostgreSQL fails the test instead).
pub async fn fresh_database(store: Store, dir: &std::path::Path) -> Option<String> {
    match store {
        Store::Sqlite => Some(format!("sqlite://{}/pavilion.db", dir.display())),
        Store::Postgres => {
            let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "CI=true but TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI"
                );
                eprintln!("skipping: TEST_POSTGRES_URL is not set");
                return None;
            };
            let name = format!(
                "pavilion_t{}_{}_{}",
                std::process::id(),
                SERIAL.fetch_add(1, Ordering::Relaxed),
                rand::random::<u32>()
            );
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("connect to TEST_POSTGRES_URL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create database");
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b)
                .expect("admin URL has a database");
            Some(format!("{base}/{name}"))
        }
    }
}

/// Starts the app on `store`, seeded with the demo pavilion when `seed` is set.
pub async fn spawn(store: Store, seed: bool) -> Option<TestApp> {
    spawn_with(store, seed, |_| {}).await
}

/// [`spawn`] with the test configuration changed by `configure` first.
pub async fn spawn_with(
    store: Store,
    seed: bool,
    configure: impl FnOnce(&mut Config),
) -> Option<TestApp> {
    // A failing test shows the server's warnings and errors; TEST_LOG=sqlx=debug (any
    // filter) shows more.
    let filter = std::env::var("TEST_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(store, dir.path()).await?;
    let mut config = Config::for_tests(&url);
    config.seed_demo_when_empty = seed;
    // A live folder of its own: the two stores' runs of a test go on at once.
    config.live.dir = dir.path().join("live").display().to_string();
    configure(&mut config);
    Some(start(store, config, dir).await)
}

/// Starts one more server node on an existing database (`url`), keeping `dir` alive.
pub async fn spawn_at(store: Store, url: &str, seed: bool, dir: tempfile::TempDir) -> TestApp {
    let mut config = Config::for_tests(url);
    config.seed_demo_when_empty = seed;
    start(store, config, dir).await
}

async fn start(store: Store, config: Config, dir: tempfile::TempDir) -> TestApp {
    let url = config.database_url.clone();
    let live_dir = std::path::PathBuf::from(&config.live.dir);
    let application = Application::build(config)
        .await
        .expect("application builds");
    let port = application.port();
    let db = application.state().db.clone();
    tokio::spawn(async move {
        let _ = application.run_until_stopped().await;
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        client,
        db,
        store,
        url,
        live_dir,
        _dir: dir,
    }
}

impl TestApp {
    /// The app's pool. A method, not a field: an `async move` test body that captured only
    /// the field would drop the rest of the app (and its temporary directory) at once.
    pub fn db(&self) -> &app::db::Db {
        &self.db
    }

    /// A client that connects from another loopback address (`127.0.0.{n}`): another
    /// buyer's machine, as far as per-address limits can tell.
    pub fn client_from(&self, n: u8) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .local_address(std::net::IpAddr::from([127, 0, 0, n]))
            .build()
            .expect("client")
    }

    /// A client of its own for `name` (a buyer, a key), connecting from a loopback address
    /// picked from the name: many buyers are many machines, each within its own limits.
    pub fn client_for(&self, name: &str) -> reqwest::Client {
        let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let [_, a, b, c] = hash.to_be_bytes();
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .local_address(std::net::IpAddr::from([127, a | 1, b, c.max(2)]))
            .build()
            .expect("client")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    /// GET with extra request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request")
    }

    /// POSTs a form, signed in with `session` (a session token) when given.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        session: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.post(format!("{}{path}", self.base)).form(form);
        if let Some(token) = session {
            request = request.header("cookie", format!("pavilion_session={token}"));
        }
        request.send().await.expect("request")
    }

    /// GET signed in with `session`.
    pub async fn get_as(&self, path: &str, session: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = session {
            request = request.header("cookie", format!("pavilion_session={token}"));
        }
        request.send().await.expect("request")
    }

    /// A new account (password `correct horse battery`, its address confirmed) and a
    /// session token for it.
    pub async fn person(&self, email: &str, name: &str) -> (i64, String) {
        let (id, token) = self.unconfirmed_person(email, name).await;
        sqlx::query("UPDATE users SET email_verified_at = created_at WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await
            .expect("confirmed");
        (id, token)
    }

    /// A new account whose address has not been confirmed yet, and a session token.
    pub async fn unconfirmed_person(&self, email: &str, name: &str) -> (i64, String) {
        let now = app::state::now();
        let id = app::accounts::store::create_user(
            &self.db,
            app::accounts::store::NewUser {
                email,
                display_name: name,
                password: "correct horse battery",
                locale: "en",
            },
            now,
        )
        .await
        .expect("user");
        let token = app::accounts::store::start_session(&self.db, id, now)
            .await
            .expect("session");
        (id, token)
    }

    /// A new account working for `booth` (a slug) in `role`, and a session token for it.
    pub async fn member(&self, email: &str, booth: &str, role: &str) -> (i64, String) {
        let (id, token) = self.person(email, "Booth Person").await;
        sqlx::query(
            "INSERT INTO booth_members (booth_id, user_id, role) SELECT id, $2, $3 FROM booths WHERE slug = $1",
        )
        .bind(booth)
        .bind(id)
        .bind(role)
        .execute(&self.db)
        .await
        .expect("membership");
        (id, token)
    }

    /// A new curator of `council` (a slug), and a session token.
    pub async fn curator(&self, email: &str, council: &str) -> (i64, String) {
        let (id, token) = self.person(email, "Council Curator").await;
        app::accounts::store::add_curator(&self.db, id, council)
            .await
            .expect("curator");
        (id, token)
    }

    /// GET, assert the status, return the body.
    pub async fn page(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        let actual = response.status().as_u16();
        let body = response.text().await.expect("body");
        assert_eq!(
            actual,
            status,
            "GET {path} on {:?}; the body began: {}",
            self.store,
            body.chars().take(300).collect::<String>()
        );
        body
    }
}

/// Runs one async test body against both stores: `on_both_stores!(name, seed, |app| async {..})`.
#[macro_export]
macro_rules! on_both_stores {
    ($name:ident, $seed:expr, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = support::spawn(support::Store::Sqlite, $seed).await {
                    ($body)(app).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = support::spawn(support::Store::Postgres, $seed).await {
                    ($body)(app).await;
                }
            }
        }
    };
}

/// One value read from the app's database.
pub async fn scalar<T>(app: &TestApp, sql: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    sqlx::query_scalar(sql)
        .fetch_one(app.db())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A query for the slug of the first booth of `hall`.
pub fn booth_in(hall: &str) -> String {
    format!(
        "SELECT b.slug FROM booths b JOIN halls h ON h.id = b.hall_id WHERE h.slug = '{hall}' ORDER BY b.id LIMIT 1"
    )
}

/// A form's fields with some of them changed.
pub fn with_changes<'a>(
    form: &'a [(&'static str, String)],
    changes: &[(&'static str, &'a str)],
) -> Vec<(&'static str, &'a str)> {
    form.iter()
        .map(|(k, v)| {
            let changed = changes.iter().find(|(ck, _)| ck == k).map(|(_, cv)| *cv);
            (*k, changed.unwrap_or(v.as_str()))
        })
        .collect()
}

/// A product's stock now.
pub async fn stock_of(app: &TestApp, slug: &str) -> i64 {
    scalar::<i64>(
        app,
        &format!("SELECT stock FROM products WHERE slug = '{slug}'"),
    )
    .await
}

/// Everything a call of the pavilion could change, in one comparable value: a refused call
/// leaves it as it was, an allowed one that writes changes it.
pub async fn counters(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM applications",
        "SELECT CAST(COALESCE(SUM(LENGTH(state) + LENGTH(reason)), 0) AS BIGINT) FROM applications",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM application_certificates",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM booths",
        "SELECT CAST(COALESCE(SUM(featured * 1000 + position + plan_x * 7 + plan_y * 11 + plan_w * 13 + plan_h * 17), 0) AS BIGINT) FROM booths",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM booths WHERE status = 'published'",
        "SELECT CAST(COALESCE(SUM(plan_cols * 100 + plan_rows), 0) AS BIGINT) FROM halls",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM booth_badges WHERE verified_at IS NOT NULL",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM products",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM products WHERE status = 'published'",
        "SELECT CAST(COALESCE(SUM(price_minor + stock + LENGTH(name)), 0) AS BIGINT) FROM products",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM product_images",
        "SELECT CAST(COALESCE(SUM(LENGTH(tagline)), 0) AS BIGINT) FROM booths",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE suspended_at IS NOT NULL",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE calendar_hash IS NOT NULL",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE email_verified_at IS NOT NULL",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM booth_members",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM staff_invitations",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM curation_log",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_notes",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_suggestions",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM streams",
        "SELECT CAST(COALESCE(SUM(main_stage), 0) AS BIGINT) FROM streams",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM streams WHERE key_hash IS NOT NULL",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM stream_follows",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM orders",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE state = 'cancelled'",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM sessions",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM payment_sessions WHERE state <> 'open'",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM password_resets",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM email_verifications",
        "SELECT CAST(COALESCE(SUM(LENGTH(company) + COALESCE(verified_council, 0)), 0) AS BIGINT) FROM business_profiles",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM rfqs",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM rfq_recipients",
        "SELECT CAST(COALESCE(SUM(unit_inr_minor + LENGTH(state)), 0) AS BIGINT) FROM rfq_quotes",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM rfq_messages",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM rfq_files",
        "SELECT CAST(COALESCE(SUM(weekdays + opens_minute + closes_minute + slot_minutes), 0) AS BIGINT) FROM meeting_hours",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_slots",
        "SELECT CAST(COALESCE(SUM(booked), 0) AS BIGINT) FROM meeting_slots",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings",
        "SELECT CAST(COALESCE(SUM(sequence + LENGTH(state)), 0) AS BIGINT) FROM meetings",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM creators",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM creator_follows",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM vettings",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM vettings WHERE withdrawn_at IS NOT NULL",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM collaborations",
        "SELECT CAST(COALESCE(SUM(LENGTH(state) + COALESCE(agreed_version, 0)), 0) AS BIGINT) FROM collaborations",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM collaboration_terms",
        "SELECT CAST(COALESCE(SUM(LENGTH(COALESCE(outcome, ''))), 0) AS BIGINT) FROM collaboration_terms",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM creator_links",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM link_clicks",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM line_commissions",
    ] {
        out.push(scalar::<i64>(app, sql).await);
    }
    out
}
