//! Live video's control plane: nginx-rtmp's hooks (`/hooks/media/{event}`), the stage state
//! the stream page polls, recordings turned into replays with ffmpeg, the reminder loop, and
//! the nginx.conf that `server media-config` prints.

use crate::config::Live;
use app::agenda::ingest::{self, IngestError};
use app::agenda::model::StreamState;
use app::core::secrets::same_secret;
use app::state::{AppState, now};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What the hooks need besides the store.
#[derive(Clone)]
pub struct Hooks {
    pub secret: Arc<str>,
    /// The secret being rotated out (`PAVILION_MEDIA_SECRET_PREVIOUS`), still accepted until
    /// nginx's configuration carries the new one.
    pub previous: Option<Arc<str>>,
    pub site: Arc<str>,
    /// Where nginx writes recordings; `record_done` reads nothing outside it.
    pub record_dir: PathBuf,
    pub replay_dir: PathBuf,
    pub ffmpeg: Arc<str>,
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, format!("{why}\n")).into_response()
}

/// `POST /hooks/media/{event}?secret=…` with nginx-rtmp's form fields (`name`, `clientid`,
/// `addr`, the publish URL's `key`, and `path` for recordings). 2xx lets nginx go on; 403
/// makes it drop the encoder.
pub async fn hook(
    State(state): State<AppState>,
    hooks: Hooks,
    Path(event): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    let fields: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let secret = query
        .get("secret")
        .or_else(|| fields.get("secret"))
        .map(String::as_str)
        .unwrap_or("");
    let known = same_secret(secret, &hooks.secret)
        | hooks
            .previous
            .as_deref()
            .is_some_and(|previous| same_secret(secret, previous));
    if !known {
        tracing::warn!(%event, "media hook without the shared secret refused");
        return refuse(
            StatusCode::FORBIDDEN,
            "Forbidden: the hook secret is missing or wrong.",
        );
    }
    let field = |name: &str| fields.get(name).map_or("", String::as_str);
    let name = field("name");
    let client = format!("{}#{}", field("addr"), field("clientid"));
    let now = now();
    match event.as_str() {
        "publish" => {
            match ingest::publish(&state.db, name, field("key"), &client, &hooks.site, now).await {
                Ok(()) => {
                    tracing::info!(stream = name, %client, "encoder accepted: live");
                    (StatusCode::OK, "live\n").into_response()
                }
                Err(IngestError::Refused(why)) => {
                    tracing::warn!(stream = name, %client, reason = why.reason(), "encoder refused");
                    refuse(
                        StatusCode::FORBIDDEN,
                        &format!("Forbidden: {}.", why.reason()),
                    )
                }
                Err(IngestError::Store(err)) => store_error(&err),
            }
        }
        "publish_done" => match ingest::publish_done(&state.db, name, &client, now).await {
            Ok(ended) => {
                if ended {
                    tracing::info!(stream = name, "encoder stopped: ended");
                }
                (StatusCode::OK, "ok\n").into_response()
            }
            Err(err) => store_error(&err),
        },
        "record_done" => {
            let Some(path) = confined(&hooks.record_dir, field("path")) else {
                tracing::warn!(
                    path = field("path"),
                    "recording outside the recordings folder ignored"
                );
                return (StatusCode::OK, "ignored\n").into_response();
            };
            match ingest::recording_target(&state.db, name).await {
                Ok(Some((id, slug))) if path.is_file() => {
                    tokio::spawn(make_replay(state.db.clone(), hooks, id, slug, path));
                    (StatusCode::OK, "converting\n").into_response()
                }
                Ok(_) => (StatusCode::OK, "ignored\n").into_response(),
                Err(err) => store_error(&err),
            }
        }
        _ => refuse(StatusCode::NOT_FOUND, "Not found: unknown media event."),
    }
}

/// `path`, resolved (links and `..` followed), if it lies inside `folder`.
fn confined(folder: &std::path::Path, path: &str) -> Option<PathBuf> {
    let folder = std::fs::canonicalize(folder).ok()?;
    let path = std::fs::canonicalize(path).ok()?;
    path.starts_with(&folder).then_some(path)
}

/// Turns a recording into an HLS replay (copying the streams; re-encoding only if they
/// cannot be copied) and publishes it on the stream.
async fn make_replay(db: app::db::Db, hooks: Hooks, id: i64, slug: String, recording: PathBuf) {
    let folder = format!("{slug}-{}", now().seconds());
    let dir = hooks.replay_dir.join(&folder);
    if let Err(err) = tokio::fs::create_dir_all(&dir).await {
        tracing::error!(error = %err, dir = %dir.display(), "cannot create the replay folder");
        return;
    }
    let playlist = dir.join("index.m3u8");
    let mut done = false;
    for codecs in [
        &["-c", "copy"][..],
        &["-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac"][..],
    ] {
        let status = tokio::process::Command::new(&*hooks.ffmpeg)
            .args(["-hide_banner", "-loglevel", "error", "-y", "-i"])
            .arg(&recording)
            .args(codecs)
            .args([
                "-f",
                "hls",
                "-hls_time",
                "2",
                "-hls_playlist_type",
                "vod",
                "-hls_segment_filename",
            ])
            .arg(dir.join("part%04d.ts"))
            .arg(&playlist)
            .status()
            .await;
        match status {
            Ok(s) if s.success() => {
                done = true;
                break;
            }
            Ok(s) => {
                tracing::warn!(status = %s, stream = %slug, "ffmpeg could not make the replay this way")
            }
            Err(err) => {
                tracing::error!(error = %err, ffmpeg = %hooks.ffmpeg, "cannot run ffmpeg");
                break;
            }
        }
    }
    if !done {
        return;
    }
    let src = format!("/media/replays/{folder}/index.m3u8");
    match ingest::publish_replay(&db, id, &src, now()).await {
        Ok(true) => tracing::info!(stream = %slug, %src, "replay published"),
        Ok(false) => tracing::info!(stream = %slug, "replay made, but the stream moved on"),
        Err(err) => tracing::error!(error = %err, "cannot publish the replay"),
    }
}

/// `GET /api/streams/{stream}/stage`: the state the stream page's player follows. A live
/// stream names its playlist only once nginx has written it (`hls_dir`), so a page waiting
/// for the encoder never asks for a playlist that is not there.
pub async fn stage(
    State(state): State<AppState>,
    hls_dir: PathBuf,
    Path(slug): Path<String>,
) -> Response {
    match ingest::stage(&state.db, &slug).await {
        Ok(Some((raw, replay))) => {
            let parsed = StreamState::parse(&raw).unwrap_or(StreamState::Scheduled);
            let mut stage = app::agenda::api::stage_of(parsed, &slug, replay);
            let playlist = hls_dir.join(format!("{slug}.m3u8"));
            if stage.live_src.is_some() && !tokio::fs::try_exists(&playlist).await.unwrap_or(false)
            {
                stage.live_src = None;
            }
            ([(header::CACHE_CONTROL, "no-store")], Json(stage)).into_response()
        }
        Ok(None) => refuse(StatusCode::NOT_FOUND, "Not found: no such stream."),
        Err(err) => store_error(&err),
    }
}

fn store_error(err: &sqlx::Error) -> Response {
    tracing::error!(error = %err, "live control could not reach the store");
    refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "Unavailable: please try again.",
    )
}

/// Reminds followers 15 minutes before their streams, every 20 seconds, until stopped.
pub async fn remind(db: app::db::Db, site: String) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(20));
    loop {
        tick.tick().await;
        match app::agenda::follows::send_reminders(&db, &site, now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "stream reminders sent"),
            Err(err) => tracing::warn!(error = %err, "stream reminders failed; retrying"),
        }
    }
}

/// Where Debian's `libnginx-mod-rtmp` puts the RTMP module.
pub const RTMP_MODULE: &str = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

/// The RTMP module to load, when installed as a dynamic module.
pub fn rtmp_module() -> Option<&'static str> {
    std::path::Path::new(RTMP_MODULE)
        .exists()
        .then_some(RTMP_MODULE)
}

/// A working nginx.conf: RTMP ingest on `live.rtmp_url`'s port, HLS in 1 s fragments written
/// where the app serves them, recordings, the hooks to the app at `app_url` with the shared
/// secret, and the HLS folder also served by nginx itself with CORS on `live.hls_port`.
/// `pid` and `error_log` go to the live folder so nginx runs without root's paths.
pub fn nginx_conf(live: &Live, app_url: &str, secret: &str, module: Option<&str>) -> String {
    let dir = std::path::absolute(&live.dir).unwrap_or_else(|_| PathBuf::from(&live.dir));
    let dir = dir.display();
    let hooks = format!("{}/hooks/media", app_url.trim_end_matches('/'));
    let load = module.map_or(String::new(), |m| format!("load_module {m};\n"));
    // Loopback stays loopback; any other host listens on every interface.
    let local = live.rtmp_url.starts_with("rtmp://127.0.0.1")
        || live.rtmp_url.starts_with("rtmp://localhost");
    let bind = if local { "127.0.0.1:" } else { "" };
    let rtmp_port = live.rtmp_port();
    let hls_port = live.hls_port;
    format!(
        r#"# nginx.conf for the India Pavilion's live video (made by `server media-config`).
# Encoders publish to rtmp://HOST:{rtmp_port}/live with the stream key "{{stream}}?key={{secret}}";
# the app accepts or refuses each one in on_publish.
{load}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}

rtmp {{
    server {{
        listen {bind}{rtmp_port};
        chunk_size 4096;
        application live {{
            live on;
            # Only the app's on_publish decides who may publish; nobody may play RTMP.
            deny play all;
            hls on;
            hls_path {dir}/hls;
            hls_fragment 1s;
            hls_playlist_length 6s;
            hls_fragment_naming system;
            hls_cleanup on;
            record all;
            record_path {dir}/rec;
            record_unique on;
            notify_method post;
            on_publish {hooks}/publish?secret={secret};
            on_publish_done {hooks}/publish_done?secret={secret};
            on_record_done {hooks}/record_done?secret={secret};
        }}
    }}
}}

http {{
    access_log off;
    types {{
        application/vnd.apple.mpegurl m3u8;
        video/mp2t ts;
    }}
    server {{
        listen {bind}{hls_port};
        location /hls/ {{
            alias {dir}/hls/;
            add_header Access-Control-Allow-Origin * always;
            add_header Cache-Control no-cache always;
        }}
    }}
}}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_conf_wires_the_hooks_and_folders() {
        let live = Live {
            rtmp_url: "rtmp://127.0.0.1:19350/live".to_owned(),
            dir: "/srv/live".to_owned(),
            hls_port: 18088,
            secret: None,
            previous_secret: None,
            ffmpeg: "ffmpeg".to_owned(),
        };
        let conf = nginx_conf(&live, "http://127.0.0.1:3000/", "s3cret", None);
        assert!(conf.contains("listen 127.0.0.1:19350;"));
        assert!(
            conf.contains("on_publish http://127.0.0.1:3000/hooks/media/publish?secret=s3cret;")
        );
        assert!(conf.contains("hls_path /srv/live/hls;"));
        assert!(conf.contains("record_path /srv/live/rec;"));
        assert!(conf.contains("listen 127.0.0.1:18088;"));
        assert!(!conf.contains("load_module"));
    }
}
