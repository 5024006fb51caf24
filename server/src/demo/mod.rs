//! The demo, alive: when the seeded demo is served with `PAVILION_DEMO_LIVE` on (the run
//! command sets it; it is off by default), the server also starts nginx with the RTMP
//! module, a broadcaster publishing the live stream's programme through the real ingest,
//! recordings for the seeded replays, and a simulated audience in the live room. All of it
//! stops with the server; where nginx or ffmpeg is missing, one line says why video is off
//! and the rest still runs.

pub mod audience;
pub mod meetings;
pub mod metrics;
pub mod pipeline;
pub mod programme;
pub mod rfqs;
pub mod video;

use crate::config::Config;
use crate::room::Hub;
use anyhow::{Context, bail};
use app::db::Db;
use app::state::now;
use tokio::task::JoinHandle;

/// Gets a stream ready to go live now: its publishing window opened around the present,
/// nobody publishing, a fresh key. Without `stream`, the live stream (or, with `upcoming`,
/// or when none is live, the next scheduled one). Returns the slug and the key.
pub async fn ready_for_live(
    db: &Db,
    stream: Option<String>,
    upcoming: bool,
) -> anyhow::Result<(String, String)> {
    let states = if upcoming {
        "('scheduled')"
    } else {
        "('live', 'scheduled')"
    };
    let slug = match stream {
        Some(slug) => slug,
        None => sqlx::query_scalar(&format!(
            "SELECT slug FROM streams WHERE state IN {states}
              ORDER BY CASE state WHEN 'live' THEN 0 ELSE 1 END, starts_at LIMIT 1"
        ))
        .fetch_optional(db)
        .await?
        .context("no live or scheduled stream to demonstrate: seed the demo first")?,
    };
    let at = now().seconds();
    let moved = sqlx::query(
        "UPDATE streams SET starts_at = $2, ends_at = $3, publisher = NULL,
                state = CASE WHEN state = 'live' THEN 'live' ELSE 'scheduled' END,
                updated_at = $4
          WHERE slug = $1 AND state <> 'cancelled'",
    )
    .bind(&slug)
    .bind(at - 5 * 60)
    .bind(at + 55 * 60)
    .bind(at)
    .execute(db)
    .await?
    .rows_affected();
    if moved != 1 {
        bail!("no stream {slug:?} that can go live");
    }
    let key = crate::cli::new_key(db, &slug).await?;
    Ok((slug, key))
}

/// How often one part of the demo's history is tried on a busy store.
const BUSY_TRIES: u32 = 6;

/// Writes one part of the demo's history (`once` writes nothing when it is there, and
/// answers how many rows it wrote). A busy store is tried again after a growing pause;
/// any other failure is logged and the demo goes on without that part.
async fn written<E: std::fmt::Debug, F: Future<Output = Result<usize, E>>>(
    what: &str,
    busy: impl Fn(&E) -> bool,
    mut once: impl FnMut() -> F,
) {
    for attempt in 1..=BUSY_TRIES {
        match once().await {
            Ok(0) => return,
            Ok(count) => {
                tracing::info!(count, "demo {what} written");
                return;
            }
            Err(err) if busy(&err) && attempt < BUSY_TRIES => {
                tracing::info!(attempt, "demo {what}: the store is busy; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(100 * u64::from(attempt)))
                    .await;
            }
            Err(err) => {
                tracing::warn!(error = ?err, "the demo's {what} could not be written");
                return;
            }
        }
    }
}

/// The demo's running parts.
pub struct Demo {
    nginx: Option<video::Nginx>,
    tasks: Vec<JoinHandle<()>>,
}

impl Demo {
    /// Starts what this machine can run. `app_url` is where nginx reaches the hooks. Only on
    /// a database that holds the seeded demo: the switch never brings a simulated audience
    /// or a broadcaster into a real pavilion's streams.
    pub async fn start(config: &Config, db: Db, hub: Hub, app_url: &str) -> Self {
        let refused = match crate::seed::holds_demo(&db).await {
            Ok(true) => None,
            Ok(false) => Some(
                "PAVILION_DEMO_LIVE is set, but this database does not hold the seeded demo pavilion"
                    .to_owned(),
            ),
            Err(err) => Some(err.to_string()),
        };
        if let Some(why) = refused {
            tracing::warn!("the demo is off: {why}");
            return Demo {
                nginx: None,
                tasks: Vec::new(),
            };
        }
        // Each part is written once, and whole or not at all; the housekeeping task may be
        // writing at the same moment, so a busy store is tried again rather than skipped.
        written(
            "trade history (samples, follows, leads)",
            app::db::is_busy,
            || pipeline::seed_once(&db, now().seconds()),
        )
        .await;
        written(
            "meeting hours, slots and meetings",
            app::db::is_busy,
            || meetings::seed_once(&db, now().seconds()),
        )
        .await;
        written("requests for quotation", app::db::is_busy, || {
            rfqs::seed_once(&db, now().seconds())
        })
        .await;
        written(
            "engagement history of the replays",
            app::db::is_busy,
            || metrics::seed_once(&db, now().seconds()),
        )
        .await;
        written(
            "hosted-buyer programme",
            |err: &app::error::AppError| matches!(err, app::error::AppError::Unavailable),
            || meetings::programme_once(&db, now().seconds()),
        )
        .await;
        let mut demo = Demo {
            nginx: None,
            tasks: vec![tokio::spawn(audience::run(
                db.clone(),
                hub,
                std::time::Duration::from_millis(config.demo_pace_ms),
            ))],
        };
        let live = config.live.clone();
        if let Some(why) = video::missing_tools(&live) {
            tracing::warn!("demo video is off: {why}");
            return demo;
        }
        let secret = match live.secret() {
            Ok(secret) => secret,
            Err(err) => {
                tracing::warn!("demo video is off: {err:#}");
                return demo;
            }
        };
        match video::Nginx::start(&live, app_url, &secret).await {
            Ok(nginx) => demo.nginx = Some(nginx),
            Err(why) => {
                tracing::warn!("demo video is off: {why}");
                return demo;
            }
        }
        let ffmpeg = live.ffmpeg.clone();
        demo.tasks.push(tokio::spawn(video::broadcast(
            db.clone(),
            live.clone(),
            ffmpeg.clone(),
        )));
        demo.tasks
            .push(tokio::spawn(video::make_replays(db, live, ffmpeg)));
        demo
    }

    /// Stops every part: the tasks (their ffmpeg children die with them), then nginx.
    pub async fn stop(self) {
        for task in &self.tasks {
            task.abort();
        }
        for task in self.tasks {
            let _ = task.await;
        }
        if let Some(nginx) = self.nginx {
            nginx.stop().await;
        }
    }
}
