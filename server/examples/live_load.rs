//! Live-room load client (run by `scripts/bench.sh`, release mode, never in CI): N viewers
//! open the room's WebSocket over loopback, spread over many 127.0.0.x source addresses so
//! ports do not run out; signed-in publishers post timestamped chat messages at a fixed total
//! rate; every viewer times each message from send to receipt. Reports delivery latency
//! p50/p99/p99.9, reach (delivered ÷ expected), the connect rate and, given the server's pid,
//! its memory. Optionally some viewers stop reading, to show they are cut off without moving
//! the others' latency.
//!
//! `live_load BASE_URL STREAM [VIEWERS] [RATE_PER_S] [SECONDS] [STALLED]`
//! (`SERVER_PID` in the environment adds the server's resident memory; `CONTROL_EMAIL` and
//! `CONTROL_PASSWORD`, of the booth's team, open the stream's control room too and time its
//! updates: from each message sent to the first pulse whose chat count includes it.)

use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Publishers; each posts well inside the per-person rate limit.
const PUBLISHERS: usize = 20;

struct Shared {
    start: Instant,
    latencies: Mutex<Vec<u32>>,
    delivered: AtomicU64,
}

impl Shared {
    fn micros(&self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index.min(sorted.len() - 1)]) / 1000.0
}

/// A WebSocket to the room from source address 127.0.0.`host`.
async fn open(
    addr: std::net::SocketAddr,
    url: &str,
    host: u8,
    cookie: Option<&str>,
) -> Option<tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>> {
    let socket = TcpSocket::new_v4().ok()?;
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, host], 0)))
        .ok()?;
    let stream = socket.connect(addr).await.ok()?;
    let mut request = url.into_client_request().ok()?;
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", cookie.parse().ok()?);
    }
    // Small buffers, as the server's: ten thousand of them live in this one process.
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0);
    let (ws, _) = tokio_tungstenite::client_async_with_config(request, stream, Some(config))
        .await
        .ok()?;
    Some(ws)
}

/// Reads one viewer's room, timing every bench message.
async fn watch(
    mut ws: tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    shared: Arc<Shared>,
) {
    while let Some(Ok(message)) = ws.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        let text = text.as_str();
        // Events only: a snapshot may carry earlier runs' messages.
        let Some(at) = text
            .starts_with(r#"{"id":"#)
            .then(|| text.find("bench:"))
            .flatten()
        else {
            continue;
        };
        let sent: u64 = text[at + 6..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let latency = shared.micros().saturating_sub(sent);
        // One thread runs every viewer: the lock is never contended.
        shared
            .latencies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(latency.min(u64::from(u32::MAX)) as u32);
        shared.delivered.fetch_add(1, Ordering::Relaxed);
    }
}

/// One pulse of the control room as it arrived: when (bench micros), its chat count, and
/// its age (receipt − the server's `at`, in ms).
struct Beat {
    at: u64,
    chats: i64,
    age_ms: i64,
}

/// Signs the team member in and opens the control room, recording every pulse.
async fn control_room(
    addr: std::net::SocketAddr,
    base: &str,
    stream: &str,
    email: &str,
    password: &str,
    shared: Arc<Shared>,
    beats: Arc<Mutex<Vec<Beat>>>,
) -> Option<()> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(std::net::IpAddr::from([127, 0, 4, 1]))
        .build()
        .ok()?;
    let response = client
        .post(format!("{base}/en/account/signin"))
        .header("origin", base)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .ok()?;
    let cookie = session_cookie(&response)?;
    let url = format!("ws://{addr}/api/streams/{stream}/live?pulse=1");
    let mut ws = open(addr, &url, 250, Some(&cookie)).await?;
    tokio::spawn(async move {
        while let Some(Ok(message)) = ws.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(app::insights::pulse::Frame::Pulse { pulse }) =
                serde_json::from_str(text.as_str())
            else {
                continue;
            };
            let now_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            beats.lock().unwrap_or_else(|e| e.into_inner()).push(Beat {
                at: shared.micros(),
                chats: pulse.chats_per_minute,
                age_ms: now_ms - pulse.at,
            });
        }
    });
    Some(())
}

/// Signs a new bench account up and answers its session cookie.
async fn sign_up(client: &reqwest::Client, base: &str, n: usize) -> Option<String> {
    let run = std::process::id();
    let response = client
        .post(format!("{base}/en/account/signup"))
        .header("origin", base)
        .form(&[
            ("email", format!("bench-{run}-{n}@example.com")),
            ("name", format!("Bench {n}")),
            ("password", "correct horse battery staple".to_owned()),
        ])
        .send()
        .await
        .ok()?;
    session_cookie(&response)
}

/// The session cookie an answer sets (`pavilion_session=…`).
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pavilion_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

fn rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(stream)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: live_load BASE_URL STREAM [VIEWERS] [RATE_PER_S] [SECONDS] [STALLED]");
        std::process::exit(2);
    };
    let arg =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (viewers, rate, seconds, stalled) = (arg(3, 10_000), arg(4, 10), arg(5, 30), arg(6, 0));
    let addr: std::net::SocketAddr = base
        .trim_start_matches("http://")
        .parse()
        .expect("BASE_URL is http://IP:PORT");
    let url = format!("ws://{addr}/api/streams/{stream}/live");
    let shared = Arc::new(Shared {
        start: Instant::now(),
        latencies: Mutex::new(Vec::new()),
        delivered: AtomicU64::new(0),
    });
    let pid = std::env::var("SERVER_PID").ok();
    let before = pid.as_deref().and_then(rss_kib);

    // Viewers, 256 handshakes in flight, from 127.0.0.2 up (a few thousand ports each).
    let began = Instant::now();
    let mut opened = 0_usize;
    let mut handshakes = futures_util::stream::iter(0..viewers)
        .map(|i| {
            let url = url.clone();
            async move { open(addr, &url, 2 + (i % 200) as u8, None).await }
        })
        .buffer_unordered(256);
    while let Some(ws) = handshakes.next().await {
        if let Some(ws) = ws {
            opened += 1;
            tokio::spawn(watch(ws, shared.clone()));
        }
    }
    let connect_secs = began.elapsed().as_secs_f64();
    println!(
        "viewers    {opened}/{viewers} connected in {connect_secs:.2} s ({:.0} connections/s)",
        opened as f64 / connect_secs
    );
    // Viewers that stop reading: connected, never read again.
    let mut parked = Vec::new();
    for i in 0..stalled {
        if let Some(ws) = open(addr, &url, 210 + (i % 20) as u8, None).await {
            parked.push(ws);
        }
    }
    let mut publishers = Vec::new();
    for n in 0..PUBLISHERS {
        // Each publisher signs up from an address of its own, as people do (sign-ups are
        // limited per client address). The sign-up's own answer carries the session cookie,
        // not the page it redirects to.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(std::net::IpAddr::from([127, 0, 3, 1 + n as u8]))
            .build()
            .expect("client");
        let cookie = sign_up(&client, base, n).await.expect("a bench account");
        let ws = open(addr, &url, 240 + n as u8 % 15, Some(&cookie))
            .await
            .expect("publisher connects");
        let (sink, mut source) = ws.split();
        // Publishers read too (pings are answered while reading), but are not counted.
        tokio::spawn(async move { while let Some(Ok(_)) = source.next().await {} });
        publishers.push(sink);
    }
    let beats = Arc::new(Mutex::new(Vec::<Beat>::new()));
    let watching = match (
        std::env::var("CONTROL_EMAIL"),
        std::env::var("CONTROL_PASSWORD"),
    ) {
        (Ok(email), Ok(password)) => {
            let opened = control_room(
                addr,
                base,
                stream,
                &email,
                &password,
                shared.clone(),
                beats.clone(),
            )
            .await;
            if opened.is_none() {
                eprintln!("the control room did not open");
                std::process::exit(1);
            }
            true
        }
        _ => false,
    };
    if let Some(rss) = pid.as_deref().and_then(rss_kib) {
        println!(
            "memory     {} MiB with {opened} viewers (before: {} MiB)",
            rss / 1024,
            before.unwrap_or(0) / 1024
        );
    }
    // Let the room settle (snapshots sent, counts shared).
    tokio::time::sleep(Duration::from_secs(2)).await;
    let delivered_before = shared.delivered.load(Ordering::Relaxed);
    shared
        .latencies
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    let total = rate * seconds;
    let every = Duration::from_secs_f64(1.0 / rate as f64);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let sending = Instant::now();
    // The chat count the control room showed before the first message (once it has shown one).
    for _ in 0..50 {
        if !watching || !beats.lock().unwrap_or_else(|e| e.into_inner()).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let baseline = beats
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .last()
        .map_or(0, |b| b.chats);
    let mut sent_at = Vec::with_capacity(total);
    for seq in 0..total {
        tick.tick().await;
        sent_at.push(shared.micros());
        let text = format!(r#"{{"t":"chat","text":"bench:{}:{seq}"}}"#, shared.micros());
        let publisher = &mut publishers[seq % PUBLISHERS];
        if publisher.send(Message::text(text)).await.is_err() {
            eprintln!("a publisher was disconnected");
        }
    }
    let sent_in = sending.elapsed().as_secs_f64();
    // Stragglers: wait until deliveries stop growing (at most 10 s).
    let mut last = 0;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = shared.delivered.load(Ordering::Relaxed);
        if now == last && now - delivered_before >= (total * opened) as u64 {
            break;
        }
        last = now;
    }
    let delivered = shared.delivered.load(Ordering::Relaxed) - delivered_before;
    let expected = (total * opened) as u64;
    let mut latencies =
        std::mem::take(&mut *shared.latencies.lock().unwrap_or_else(|e| e.into_inner()));
    latencies.sort_unstable();
    println!(
        "published  {total} messages in {sent_in:.1} s ({:.1}/s) → {:.0} deliveries/s",
        total as f64 / sent_in,
        delivered as f64 / sent_in
    );
    println!(
        "latency    p50 {:.1} ms   p99 {:.1} ms   p99.9 {:.1} ms   max {:.1} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 0.999),
        latencies.last().map_or(0.0, |l| f64::from(*l) / 1000.0)
    );
    println!(
        "reach      {delivered}/{expected} = {:.4} %",
        delivered as f64 * 100.0 / expected.max(1) as f64
    );
    if let Some(rss) = pid.as_deref().and_then(rss_kib) {
        println!("memory     {} MiB after the run", rss / 1024);
    }
    if watching {
        // Message k shows once a pulse counts baseline + k + 1 messages in its last minute
        // (the run is shorter than a minute, so the count only grows).
        let beats = std::mem::take(&mut *beats.lock().unwrap_or_else(|e| e.into_inner()));
        let mut updates: Vec<u32> = Vec::with_capacity(sent_at.len());
        let mut missed = 0;
        for (k, sent) in sent_at.iter().enumerate() {
            match beats
                .iter()
                .find(|b| b.at >= *sent && b.chats - baseline > k as i64)
            {
                Some(beat) => updates.push((beat.at - sent).min(u64::from(u32::MAX)) as u32),
                None => missed += 1,
            }
        }
        updates.sort_unstable();
        let mut ages: Vec<u32> = beats
            .iter()
            .map(|b| b.age_ms.max(0) as u32 * 1000)
            .collect();
        ages.sort_unstable();
        println!(
            "control    {} pulses; update latency (message sent → counted in a pulse) p50 {:.0} ms   p99 {:.0} ms   max {:.0} ms; {missed} not seen",
            beats.len(),
            percentile(&updates, 0.50),
            percentile(&updates, 0.99),
            updates.last().map_or(0.0, |l| f64::from(*l) / 1000.0)
        );
        println!(
            "control    pulse delivery (measured on the server → received) p50 {:.0} ms   p99 {:.0} ms",
            percentile(&ages, 0.50),
            percentile(&ages, 0.99)
        );
    }
    if !parked.is_empty() {
        // Each stalled viewer now drains what was buffered and should meet the end the
        // server put there.
        let mut cut = 0;
        for mut ws in parked {
            let ended = tokio::time::timeout(Duration::from_secs(5), async {
                loop {
                    match ws.next().await {
                        Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return true,
                        Some(Ok(_)) => {}
                    }
                }
            })
            .await
            .unwrap_or(false);
            cut += usize::from(ended);
        }
        println!("stalled    {cut}/{stalled} viewers that stopped reading were cut off");
    }
    if delivered < expected {
        std::process::exit(1);
    }
}
