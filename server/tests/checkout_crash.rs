//! The server killed with SIGKILL in the middle of a stampede, three times, and restarted;
//! buyers retry with their idempotency keys until they get a final answer. Afterwards every
//! confirmed order exists exactly once, every unit taken is on an order, and stock never went
//! below zero — on SQLite (its WAL recovered) and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use support::Store;

const BUYERS: usize = 400;
const UNITS: i64 = 250;
const KILLS: usize = 3;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The real server binary, as an operator runs it.
fn start(url: &str, port: u16, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("PAVILION_ADDR", format!("127.0.0.1:{port}"))
        .env("PAVILION_SEED_DEMO", "true")
        .env("PAVILION_PAYMENTS_PROVIDER", "test")
        .env("PAVILION_MEDIA_DIR", dir.join("media"))
        .env("PAVILION_LIVE_DIR", dir.join("live"))
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_up(client: &reqwest::Client, base: &str) {
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up at {base}");
}

async fn crash_during_stampede(store: Store) {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = support::fresh_database(store, dir.path()).await else {
        return;
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut server = start(&url, port, dir.path());
    wait_up(&client, &base).await;
    let (db, _) = app::db::connect(&url, 2).await.unwrap();
    let slug: String = sqlx::query_scalar(
        "SELECT p.slug FROM products p JOIN booths b ON b.id = p.booth_id
          WHERE p.status = 'published' AND b.status = 'published' ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    sqlx::query("UPDATE products SET stock = $2, moq = 1, max_per_order = 5 WHERE slug = $1")
        .bind(&slug)
        .bind(UNITS)
        .execute(&db)
        .await
        .unwrap();

    let body = Arc::new(
        serde_json::json!({ "email": "buyer@example.com", "items": [{ "product": slug, "quantity": 1 }] })
            .to_string(),
    );
    // Requests that found the server dead: proof the kills landed mid-stampede.
    let interrupted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut buyers = Vec::new();
    for buyer in 0..BUYERS {
        // Each buyer is its own machine (limits count holds per client address).
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .local_address(std::net::IpAddr::from([
                127,
                1,
                (buyer / 250) as u8,
                (buyer % 250 + 2) as u8,
            ]))
            .build()
            .unwrap();
        let (base, body) = (base.clone(), body.clone());
        let interrupted = interrupted.clone();
        buyers.push(tokio::spawn(async move {
            // Buyers arrive over about three seconds, across the kills.
            tokio::time::sleep(Duration::from_millis(buyer as u64 * 8)).await;
            let key = format!("crash-{buyer}");
            for _ in 0..2_000 {
                let sent = client
                    .post(format!("{base}/api/v1/checkout"))
                    .header("idempotency-key", &key)
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .send()
                    .await;
                if sent.is_err() {
                    interrupted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                if let Ok(response) = sent {
                    let status = response.status().as_u16();
                    if let Ok(value) = response.json::<serde_json::Value>().await {
                        match status {
                            201 => {
                                return Some(
                                    value["orders"][0]["number"].as_str().unwrap().to_owned(),
                                );
                            }
                            409 if value["code"] == "out_of_stock" => return None,
                            409 | 503 => {}
                            other => panic!("{other}: {value}"),
                        }
                    }
                }
                // Refused connections while the server is down, busy answers: retry.
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
            panic!("buyer {buyer} never got a final answer");
        }));
    }
    for _ in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(400)).await;
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush.
        server.wait().unwrap();
        server = start(&url, port, dir.path());
        wait_up(&client, &base).await;
    }
    let mut confirmed = Vec::new();
    for buyer in buyers {
        if let Some(number) = buyer.await.unwrap() {
            confirmed.push(number);
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let stock: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE slug = $1")
        .bind(&slug)
        .fetch_one(&db)
        .await
        .unwrap();
    let orders = count("SELECT CAST(COUNT(*) AS BIGINT) FROM orders").await;
    let units = count("SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_items").await;
    assert!(
        interrupted.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "the kills landed while buyers were buying"
    );
    assert!(stock >= 0);
    assert_eq!(units, UNITS - stock, "every unit taken is on an order");
    assert_eq!(
        orders as usize,
        confirmed.len(),
        "one order per confirmed key, no more"
    );
    assert_eq!(stock, 0, "{BUYERS} buyers for {UNITS} units sell out");
    assert_eq!(confirmed.len() as i64, UNITS);
    for number in &confirmed {
        let found: i64 =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE number = $1")
                .bind(number)
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(found, 1, "confirmed order {number} exists once");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    crash_during_stampede(Store::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    crash_during_stampede(Store::Postgres).await;
}
