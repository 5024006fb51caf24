//! The demo's video: nginx with the RTMP module (this server's own `media-config`), a
//! broadcaster publishing the live stream's programme through the real ingest (key,
//! `on_publish`, HLS), and a short recording for every seeded replay that has none.

use super::programme::{Output, Programme, REPLAY_SECONDS, Script};
use crate::config::Live;
use app::db::Db;
use app::state::now;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

/// Where a replay the demo made is served from; a stream whose replay starts so is the
/// demo's to make again when its files are gone.
pub const REPLAY_PREFIX: &str = "/media/replays/demo-";

/// A program on `PATH` (or a path that exists).
fn found(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Why the demo cannot make video here, if it cannot.
pub fn missing_tools(live: &Live) -> Option<String> {
    let nginx = ["nginx", "/usr/sbin/nginx"].into_iter().any(found);
    match (nginx, found(&live.ffmpeg)) {
        (true, true) if crate::live::rtmp_module().is_some() => None,
        (true, true) => Some(format!(
            "nginx's RTMP module is not installed ({})",
            crate::live::RTMP_MODULE
        )),
        (false, true) => Some("nginx is not installed".to_owned()),
        (true, false) => Some(format!("ffmpeg ({}) is not installed", live.ffmpeg)),
        (false, false) => Some("nginx and ffmpeg are not installed".to_owned()),
    }
}

/// nginx serving this server's ingest, as a child that dies with the server.
pub struct Nginx {
    child: Child,
}

impl Nginx {
    /// Writes `nginx.conf` into the live folder and starts nginx; waits until the RTMP port
    /// answers. `Err` says why it could not.
    pub async fn start(live: &Live, app_url: &str, secret: &str) -> Result<Self, String> {
        let dir = std::path::absolute(&live.dir).map_err(|e| e.to_string())?;
        // When nginx starts as root its workers run as nobody, and they write these.
        for sub in ["hls", "rec"] {
            use std::os::unix::fs::PermissionsExt;
            let path = dir.join(sub);
            std::fs::create_dir_all(&path).map_err(|e| e.to_string())?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777))
                .map_err(|e| format!("cannot open {} to nginx's workers: {e}", path.display()))?;
        }
        let conf = dir.join("nginx.conf");
        // The endless demo broadcast is not recorded: its replays are made on purpose.
        let text = crate::live::nginx_conf(live, app_url, secret, crate::live::rtmp_module())
            .replace("record all;", "record off;");
        std::fs::write(&conf, text).map_err(|e| e.to_string())?;
        let program = if found("nginx") {
            "nginx"
        } else {
            "/usr/sbin/nginx"
        };
        let mut child = Command::new(program)
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start nginx: {e}"))?;
        let port = live.rtmp_port();
        for _ in 0..50 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                // The port answers: ours, unless ours has just failed to bind it because
                // something else (an nginx left from an earlier run) holds it.
                tokio::time::sleep(Duration::from_millis(200)).await;
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!(
                        "port {port} is taken by another process, and nginx stopped ({status})"
                    ));
                }
                return Ok(Self { child });
            }
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "nginx stopped at once ({status}; see {})",
                    dir.join("nginx-error.log").display()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("nginx does not answer on port {port}"))
    }

    /// Stops nginx as its own fast shutdown does (SIGTERM to the master, which stops its
    /// workers), then makes sure.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status()
                .await;
            if tokio::time::timeout(Duration::from_secs(3), self.child.wait())
                .await
                .is_ok()
            {
                return;
            }
        }
        let _ = self.child.kill().await;
    }
}

/// The programme of one stream, read from the store: its title, host and booth, and its
/// products' pictures.
pub async fn script_of(db: &Db, stream: i64) -> Result<(String, String, Vec<String>), sqlx::Error> {
    let (title, booth): (String, String) = sqlx::query_as(
        "SELECT s.title, b.name FROM streams s JOIN booths b ON b.id = s.booth_id WHERE s.id = $1",
    )
    .bind(stream)
    .fetch_one(db)
    .await?;
    let hosts: Vec<String> = sqlx::query_scalar(
        "SELECT h.name FROM stream_hosts sh JOIN hosts h ON h.id = sh.host_id
          WHERE sh.stream_id = $1 ORDER BY h.id",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let pictures: Vec<String> = sqlx::query_scalar(
        "SELECT pi.src FROM stream_products sp JOIN product_images pi ON pi.product_id = sp.product_id
          WHERE sp.stream_id = $1 ORDER BY sp.position, pi.position",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let byline = if hosts.is_empty() {
        booth
    } else {
        format!("{}  ·  {booth}", hosts.join(", "))
    };
    Ok((title, byline, pictures))
}

async fn programme(db: &Db, stream: i64, dir: &Path) -> anyhow::Result<Programme> {
    let (title, byline, pictures) = script_of(db, stream).await?;
    let script = Script {
        title: &title,
        byline: &byline,
        pictures: &pictures,
    };
    Ok(Programme::write(dir, &script)?)
}

/// Publishes the demo's live stream until the server stops: gets the stream ready (a
/// window around now, a fresh key), writes its programme and runs ffmpeg into the ingest;
/// if ffmpeg stops, waits a little and starts again.
pub async fn broadcast(db: Db, live: Live, ffmpeg: String) {
    let work = PathBuf::from(&live.dir).join("demo");
    // The stream it chose first: after a hiccup it goes back on air there (the stream
    // ended when the encoder dropped), not on the next one in the agenda.
    let mut stream = None;
    loop {
        match once(&db, &live, &ffmpeg, &work, &mut stream).await {
            Ok(status) => tracing::warn!(%status, "the demo broadcaster stopped; starting again"),
            Err(err) => tracing::warn!(error = %err, "the demo broadcaster could not start"),
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
}

async fn once(
    db: &Db,
    live: &Live,
    ffmpeg: &str,
    work: &Path,
    stream: &mut Option<String>,
) -> anyhow::Result<std::process::ExitStatus> {
    let (slug, key) = super::ready_for_live(db, stream.clone(), false).await?;
    *stream = Some(slug.clone());
    let id: i64 = sqlx::query_scalar("SELECT id FROM streams WHERE slug = $1")
        .bind(&slug)
        .fetch_one(db)
        .await?;
    let programme = programme(db, id, &work.join("live")).await?;
    let url = format!("{}/{slug}?key={key}", live.rtmp_url.trim_end_matches('/'));
    tracing::info!(stream = %slug, "the demo broadcaster is on air");
    let mut child = Command::new(ffmpeg)
        .args(programme.ffmpeg_args(&Output::Rtmp(&url)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()?;
    // On air for as long as the server runs: the stream's window keeps moving ahead, so it
    // stays among "live now" wherever listings look at its end.
    let mut keep = tokio::time::interval(Duration::from_secs(300));
    loop {
        tokio::select! {
            status = child.wait() => return Ok(status?),
            _ = keep.tick() => {
                let at = now().seconds();
                if let Err(err) = sqlx::query(
                    "UPDATE streams SET ends_at = $2 WHERE id = $1 AND state = 'live' AND ends_at < $2",
                )
                .bind(id)
                .bind(at + 55 * 60)
                .execute(db)
                .await
                {
                    tracing::warn!(error = %err, "cannot keep the demo stream's window open");
                }
            }
        }
    }
}

/// Makes a recording for every replay stream that has none (or whose demo recording is
/// gone), one after another, and publishes it on the stream.
pub async fn make_replays(db: Db, live: Live, ffmpeg: String) {
    let rows: Result<Vec<(i64, String, Option<String>)>, sqlx::Error> = sqlx::query_as(
        "SELECT id, slug, replay_src FROM streams WHERE state = 'replay' ORDER BY starts_at DESC",
    )
    .fetch_all(&db)
    .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(err) => {
            tracing::warn!(error = %err, "cannot list the replays to make");
            return;
        }
    };
    let replays = live.replay_dir();
    for (id, slug, src) in rows {
        let folder = format!("demo-{slug}");
        let made = match &src {
            None => false,
            Some(src) if src.starts_with(REPLAY_PREFIX) => {
                replays.join(&folder).join("index.m3u8").is_file()
            }
            // A real recording: never replaced.
            Some(_) => true,
        };
        if made {
            continue;
        }
        match make_one(&db, &live, &ffmpeg, id, &replays.join(&folder)).await {
            Ok(()) => {
                let src = format!("{REPLAY_PREFIX}{slug}/index.m3u8");
                let saved = sqlx::query(
                    "UPDATE streams SET replay_src = $2, updated_at = $3
                      WHERE id = $1 AND state = 'replay' AND (replay_src IS NULL OR replay_src = $2)",
                )
                .bind(id)
                .bind(&src)
                .bind(now().seconds())
                .execute(&db)
                .await;
                match saved {
                    Ok(_) => tracing::info!(stream = %slug, %src, "demo replay ready"),
                    Err(err) => tracing::warn!(error = %err, "cannot publish the demo replay"),
                }
            }
            Err(err) => tracing::warn!(stream = %slug, error = %err, "cannot make the demo replay"),
        }
    }
}

async fn make_one(
    db: &Db,
    live: &Live,
    ffmpeg: &str,
    id: i64,
    folder: &Path,
) -> anyhow::Result<()> {
    let work = PathBuf::from(&live.dir)
        .join("demo")
        .join(format!("replay-{id}"));
    let programme = programme(db, id, &work).await?;
    // Written beside, then moved in: a half-made replay is never served.
    let partial = folder.with_extension("partial");
    if partial.exists() {
        std::fs::remove_dir_all(&partial)?;
    }
    std::fs::create_dir_all(&partial)?;
    let status = Command::new(ffmpeg)
        .args(programme.ffmpeg_args(&Output::Replay {
            folder: &partial,
            seconds: REPLAY_SECONDS,
        }))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .status()
        .await?;
    anyhow::ensure!(status.success(), "ffmpeg answered {status}");
    if folder.exists() {
        std::fs::remove_dir_all(folder)?;
    }
    std::fs::rename(&partial, folder)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
