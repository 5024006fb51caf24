//! Flash-sale load client (run by `scripts/bench.sh`, release mode, never in CI): N buyers,
//! each with its own idempotency key, race for the units of one product through
//! `POST /api/v1/checkout`, C requests in flight at a time. Reports accepted and sold-out
//! latency (p50/p99/max), how many orders were made, and the durable orders per second
//! while stock lasted.
//!
//! `flash_sale BASE_URL PRODUCT [BUYERS] [CONCURRENCY]`

use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(label: &str, mut latencies: Vec<Duration>) {
    latencies.sort_unstable();
    println!(
        "{label:<10} n={:<6} p50={:>8.2?} p99={:>8.2?} max={:>8.2?}",
        latencies.len(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(product)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: flash_sale BASE_URL PRODUCT [BUYERS] [CONCURRENCY]");
        std::process::exit(2);
    };
    let buyers: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let concurrency: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(64);
    // Buyers are machines of their own: the server limits checkouts per minute and unpaid
    // holds (three) per client address, so every two buyers come from a loopback address of
    // their own (127.1.x.y, up to 64,000), and no buyer waits for another's hold to expire.
    let addresses = buyers.div_ceil(2).clamp(1, 64_000);
    let clients: Vec<reqwest::Client> = (0..addresses)
        .map(|n| {
            // (plain HTTP: no certificate store is read for each of them)
            reqwest::Client::builder()
                .tls_built_in_root_certs(false)
                .local_address(std::net::IpAddr::from([
                    127,
                    1,
                    (n / 250) as u8,
                    (n % 250 + 2) as u8,
                ]))
                .build()
                .expect("client")
        })
        .collect();
    let body = serde_json::json!({ "email": "bench@example.com", "items": [{ "product": product, "quantity": 1 }] })
        .to_string();
    let url = format!("{base}/api/v1/checkout");
    let run = format!("{}", std::process::id());
    let started = Instant::now();
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
    // Answers that were neither an order nor "sold out" (busy, over a limit, no answer):
    // retried with the same key, and counted, so a limit met shows in the figures.
    let retried = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(buyers);
    for buyer in 0..buyers {
        let permit = semaphore.clone().acquire_owned().await.expect("semaphore");
        let client = clients[buyer % clients.len()].clone();
        let (url, body) = (url.clone(), body.clone());
        let key = format!("bench-{run}-{buyer}");
        let retried = retried.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permit;
            loop {
                let sent = Instant::now();
                let response = client
                    .post(&url)
                    .header("idempotency-key", &key)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await;
                let status = match response {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let _ = r.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                match status {
                    201 | 409 => return (status, sent.elapsed(), Instant::now()),
                    _ => {
                        retried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        tokio::time::sleep(Duration::from_millis(5)).await
                    }
                }
            }
        }));
    }
    let mut accepted = Vec::new();
    let mut sold_out = Vec::new();
    let mut last_accept = started;
    for task in tasks {
        let (status, latency, at) = task.await.expect("task");
        if status == 201 {
            accepted.push(latency);
            last_accept = last_accept.max(at);
        } else {
            sold_out.push(latency);
        }
    }
    let total = started.elapsed();
    println!(
        "{buyers} buyers, {concurrency} in flight: {} orders, {} sold out, {:.2?} in all",
        accepted.len(),
        sold_out.len(),
        total
    );
    println!(
        "retried    {} answers that were neither an order nor sold out",
        retried.load(std::sync::atomic::Ordering::Relaxed)
    );
    report("accepted", accepted.clone());
    report("sold out", sold_out);
    let selling = last_accept.duration_since(started).as_secs_f64().max(1e-6);
    println!(
        "durable orders/s while stock lasted: {:.0}",
        accepted.len() as f64 / selling
    );
}
