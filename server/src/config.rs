//! Configuration: defaults, then an optional TOML file, then `PAVILION_*` environment.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

#[derive(Clone, Debug)]
pub struct Config {
    /// Where the server listens (`PAVILION_ADDR`, default `127.0.0.1:3000`; port 0 in tests).
    pub addr: SocketAddr,
    /// `sqlite://…` or `postgres://…` (`DATABASE_URL`).
    pub database_url: String,
    /// Public origin for canonical links (`PAVILION_PUBLIC_URL`), without a trailing slash.
    pub public_url: String,
    /// Folder with the built `pkg/` and public assets (`LEPTOS_SITE_ROOT`, set by cargo-leptos).
    pub site_root: String,
    /// Seed the demo pavilion when the database is empty (`PAVILION_SEED_DEMO`, default true).
    pub seed_demo_when_empty: bool,
    /// Largest number of pooled database connections (`PAVILION_DB_POOL`).
    pub db_pool: u32,
    /// Where uploaded pictures are kept (`PAVILION_MEDIA_DIR`, default `data/media`); every
    /// server node needs the same folder (a shared volume) when there are several.
    pub media_dir: String,
    /// Where files attached to requests for quotation are kept, private to the parties
    /// (`PAVILION_FILES_DIR`, default `data/files`; shared between nodes like the media).
    pub files_dir: String,
    /// How outgoing email leaves: SMTP when `PAVILION_SMTP_URL` is set, else the log.
    pub mail: crate::mail::Delivery,
    /// The sender of outgoing email (`PAVILION_MAIL_FROM`).
    pub mail_from: String,
    pub live: Live,
    pub payments: PaymentsConfig,
    /// Behind a reverse proxy: the header it names the client in
    /// (`PAVILION_CLIENT_IP_HEADER`) and the proxies trusted to set it
    /// (`PAVILION_TRUSTED_PROXIES`, comma-separated; default loopback).
    pub proxy: crate::routes::TrustedProxy,
    /// Bring the demo to life (`PAVILION_DEMO_LIVE`, default false; the run command sets
    /// it): nginx-rtmp, a broadcaster on the live stream, recorded replays and a simulated
    /// audience, all marked as demo (see `crate::demo`).
    pub demo_live: bool,
    /// The simulated audience's pace, one room action per this many milliseconds
    /// (`PAVILION_DEMO_PACE_MS`, default 4000).
    pub demo_pace_ms: u64,
    /// How many days the raw viewer sessions of streams are kept before only their
    /// per-minute rollups remain (`PAVILION_METRICS_RAW_DAYS`, default 90).
    pub metrics_raw_days: i64,
    /// How long a followed creator's link attributes a checkout (`PAVILION_REFERRAL_DAYS`,
    /// 1–90, default 7).
    pub referral_days: i64,
    /// The meeting room's call servers: STUN (`PAVILION_STUN_URLS`) and TURN
    /// (`PAVILION_TURN_URLS`, space- or comma-separated) with coturn's shared secret
    /// (`PAVILION_TURN_SECRET`, its `static-auth-secret`), and whether every call must go
    /// through TURN (`PAVILION_TURN_ONLY`). None by default: peers then connect directly.
    pub ice: app::trade::meetings::room::IceConfig,
}

/// Which provider takes payments: an explicit choice (`payments.provider`, or
/// `PAVILION_PAYMENTS_PROVIDER`), or Stripe when its keys are set. Neither refuses to serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// The built-in test provider: anyone may approve their own payment, so every page
    /// carries a "TEST MODE" band.
    Test,
    Stripe,
}

/// Payment providers: the chosen one and its settings.
#[derive(Clone, Debug, Default)]
pub struct PaymentsConfig {
    /// `None` when nothing was chosen; `server serve` then refuses to start.
    pub provider: Option<Provider>,
    /// The test provider's webhook signing secret (`PAVILION_PAYMENT_TEST_SECRET`); when
    /// unset, derived from the media hook secret so every node agrees on it.
    pub test_secret: Option<String>,
    /// `PAVILION_STRIPE_API_KEY` and `PAVILION_STRIPE_WEBHOOK_SECRET`, both or neither.
    pub stripe: Option<StripeConfig>,
}

#[derive(Clone, Debug)]
pub struct StripeConfig {
    pub api_key: String,
    pub webhook_secret: String,
    /// `PAVILION_STRIPE_API`, default `https://api.stripe.com`.
    pub api_base: String,
}

/// Live video: where encoders publish, where nginx-rtmp writes, and how hooks are trusted.
#[derive(Clone, Debug)]
pub struct Live {
    /// The RTMP application OBS publishes to, `rtmp://HOST:PORT/live` (`PAVILION_RTMP_URL`).
    pub rtmp_url: String,
    /// nginx's folder (`PAVILION_LIVE_DIR`): `hls/` (served at `/live/hls`), `rec/`
    /// (recordings), `replays/` (served at `/media/replays`) and the hook secret.
    pub dir: String,
    /// nginx's own HTTP port for HLS with CORS, for a CDN in front (`PAVILION_HLS_PORT`).
    pub hls_port: u16,
    /// The secret nginx's hooks carry (`PAVILION_MEDIA_SECRET`); when unset, one is made
    /// once and kept in `{dir}/hook-secret`.
    pub secret: Option<String>,
    /// The secret being rotated out (`PAVILION_MEDIA_SECRET_PREVIOUS`): accepted beside the
    /// current one while nginx is reconfigured.
    pub previous_secret: Option<String>,
    /// The ffmpeg that turns recordings into replays (`PAVILION_FFMPEG`).
    pub ffmpeg: String,
}

impl Live {
    pub fn hls_dir(&self) -> std::path::PathBuf {
        Path::new(&self.dir).join("hls")
    }

    pub fn record_dir(&self) -> std::path::PathBuf {
        Path::new(&self.dir).join("rec")
    }

    pub fn replay_dir(&self) -> std::path::PathBuf {
        Path::new(&self.dir).join("replays")
    }

    /// The RTMP port of `rtmp_url` (1935 when it names none).
    pub fn rtmp_port(&self) -> u16 {
        self.rtmp_url
            .trim_start_matches("rtmp://")
            .split('/')
            .next()
            .and_then(|host| host.rsplit_once(':'))
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or(1935)
    }

    /// The hooks' shared secret: configured, or made once and kept beside the live folders.
    pub fn secret(&self) -> anyhow::Result<String> {
        if let Some(secret) = &self.secret {
            return Ok(secret.clone());
        }
        let path = Path::new(&self.dir).join("hook-secret");
        if let Ok(text) = std::fs::read_to_string(&path)
            && text.trim().len() >= 32
        {
            // A file an older version wrote with the default mode is made private too.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("cannot restrict the hook secret {}", path.display()))?;
            return Ok(text.trim().to_owned());
        }
        let _ = std::fs::remove_file(&path);
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create the live folder {}", self.dir))?;
        let secret = app::core::secrets::new_token();
        write_private(&path, &secret)
            .with_context(|| format!("cannot write the hook secret {}", path.display()))?;
        Ok(secret)
    }
}

/// Writes a secret readable by its owner only (0600), from its first byte.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// The keys a config file may set; all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    addr: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    site_root: Option<String>,
    seed_demo_when_empty: Option<bool>,
    db_pool: Option<u32>,
    media_dir: Option<String>,
    files_dir: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    rtmp_url: Option<String>,
    live_dir: Option<String>,
    hls_port: Option<u16>,
    media_secret: Option<String>,
    media_secret_previous: Option<String>,
    ffmpeg: Option<String>,
    payment_test_secret: Option<String>,
    stripe_api_key: Option<String>,
    stripe_webhook_secret: Option<String>,
    stripe_api: Option<String>,
    client_ip_header: Option<String>,
    trusted_proxies: Option<String>,
    demo_live: Option<bool>,
    demo_pace_ms: Option<u64>,
    metrics_raw_days: Option<i64>,
    referral_days: Option<i64>,
    stun_urls: Option<String>,
    turn_urls: Option<String>,
    turn_secret: Option<String>,
    turn_only: Option<bool>,
    payments: Option<FilePayments>,
}

/// The `[payments]` table of a config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePayments {
    provider: Option<String>,
}

impl Config {
    /// Reads `PAVILION_CONFIG` (or `pavilion.toml` when present), then the environment.
    pub fn load() -> anyhow::Result<Self> {
        let explicit = std::env::var("PAVILION_CONFIG").ok();
        let path = explicit
            .clone()
            .unwrap_or_else(|| "pavilion.toml".to_owned());
        let file = if Path::new(&path).exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read config file {path}"))?;
            toml::from_str(&text).with_context(|| format!("config file {path} is not valid"))?
        } else if explicit.is_some() {
            bail!("config file {path} (from PAVILION_CONFIG) does not exist");
        } else {
            FileConfig::default()
        };
        Self::from_sources(file, |key| std::env::var(key).ok())
    }

    fn from_sources(
        file: FileConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        // cargo-leptos passes the workspace's site-addr as LEPTOS_SITE_ADDR.
        let addr_text = env("PAVILION_ADDR")
            .or(file.addr)
            .or_else(|| env("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let addr: SocketAddr = addr_text
            .parse()
            .with_context(|| format!("PAVILION_ADDR {addr_text:?} is not host:port"))?;
        let database_url = env("DATABASE_URL")
            .or_else(|| env("PAVILION_DATABASE_URL"))
            .or(file.database_url)
            .unwrap_or_else(|| app::db::DEFAULT_URL.to_owned());
        let public_url = env("PAVILION_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_owned();
        let site_root = env("LEPTOS_SITE_ROOT")
            .or(file.site_root)
            .unwrap_or_else(|| "target/site".to_owned());
        let seed_demo_when_empty = match env("PAVILION_SEED_DEMO") {
            Some(v) => parse_bool(&v)
                .with_context(|| format!("PAVILION_SEED_DEMO {v:?} is not true/false"))?,
            None => file.seed_demo_when_empty.unwrap_or(true),
        };
        let demo_live = match env("PAVILION_DEMO_LIVE") {
            Some(v) => parse_bool(&v)
                .with_context(|| format!("PAVILION_DEMO_LIVE {v:?} is not true/false"))?,
            None => file.demo_live.unwrap_or(false),
        };
        let demo_pace_ms = match env("PAVILION_DEMO_PACE_MS") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|ms| *ms >= 50)
                .with_context(|| format!("PAVILION_DEMO_PACE_MS {v:?} is not a number ≥ 50"))?,
            None => file.demo_pace_ms.unwrap_or(4000),
        };
        let metrics_raw_days =
            match env("PAVILION_METRICS_RAW_DAYS") {
                Some(v) => v.parse().ok().filter(|days| *days >= 1).with_context(|| {
                    format!("PAVILION_METRICS_RAW_DAYS {v:?} is not a number ≥ 1")
                })?,
                None => file.metrics_raw_days.unwrap_or(90),
            };
        let referral_days = match env("PAVILION_REFERRAL_DAYS") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|days| (1..=90).contains(days))
                .with_context(|| {
                    format!("PAVILION_REFERRAL_DAYS {v:?} is not a number of days from 1 to 90")
                })?,
            None => match file.referral_days.unwrap_or(7) {
                days @ 1..=90 => days,
                days => bail!("referral_days {days} in the config file is not from 1 to 90"),
            },
        };
        let db_pool = match env("PAVILION_DB_POOL") {
            Some(v) => v
                .parse()
                .with_context(|| format!("PAVILION_DB_POOL {v:?} is not a number"))?,
            None => file.db_pool.unwrap_or(16),
        };
        let media_dir = env("PAVILION_MEDIA_DIR")
            .or(file.media_dir)
            .unwrap_or_else(|| "data/media".to_owned());
        let files_dir = env("PAVILION_FILES_DIR")
            .or(file.files_dir)
            .unwrap_or_else(|| "data/files".to_owned());
        let mail = match env("PAVILION_SMTP_URL").or(file.smtp_url) {
            Some(url) if !url.is_empty() => crate::mail::Delivery::Smtp(url),
            _ => crate::mail::Delivery::Log,
        };
        let mail_from = env("PAVILION_MAIL_FROM")
            .or(file.mail_from)
            .unwrap_or_else(|| "India Pavilion <no-reply@pavilion.example>".to_owned());
        let hls_port = match env("PAVILION_HLS_PORT") {
            Some(v) => v
                .parse()
                .with_context(|| format!("PAVILION_HLS_PORT {v:?} is not a port"))?,
            None => file.hls_port.unwrap_or(8088),
        };
        let rtmp_url = env("PAVILION_RTMP_URL")
            .or(file.rtmp_url)
            .unwrap_or_else(|| "rtmp://127.0.0.1:1935/live".to_owned());
        if !rtmp_url.starts_with("rtmp://") {
            bail!("PAVILION_RTMP_URL {rtmp_url:?} must start with rtmp://");
        }
        let live = Live {
            rtmp_url,
            dir: env("PAVILION_LIVE_DIR")
                .or(file.live_dir)
                .unwrap_or_else(|| "data/live".to_owned()),
            hls_port,
            secret: env("PAVILION_MEDIA_SECRET")
                .or(file.media_secret)
                .filter(|s| !s.is_empty()),
            previous_secret: env("PAVILION_MEDIA_SECRET_PREVIOUS")
                .or(file.media_secret_previous)
                .filter(|s| !s.is_empty()),
            ffmpeg: env("PAVILION_FFMPEG")
                .or(file.ffmpeg)
                .unwrap_or_else(|| "ffmpeg".to_owned()),
        };
        let stripe = match (
            env("PAVILION_STRIPE_API_KEY").or(file.stripe_api_key),
            env("PAVILION_STRIPE_WEBHOOK_SECRET").or(file.stripe_webhook_secret),
        ) {
            (Some(api_key), Some(webhook_secret))
                if !api_key.is_empty() && !webhook_secret.is_empty() =>
            {
                Some(StripeConfig {
                    api_key,
                    webhook_secret,
                    api_base: env("PAVILION_STRIPE_API")
                        .or(file.stripe_api)
                        .unwrap_or_else(|| "https://api.stripe.com".to_owned()),
                })
            }
            (None, None) => None,
            _ => bail!(
                "set both PAVILION_STRIPE_API_KEY and PAVILION_STRIPE_WEBHOOK_SECRET, or neither"
            ),
        };
        let chosen = env("PAVILION_PAYMENTS_PROVIDER")
            .or(file.payments.and_then(|p| p.provider))
            .filter(|p| !p.is_empty());
        let provider = match chosen.as_deref() {
            Some("test") => Some(Provider::Test),
            Some("stripe") if stripe.is_some() => Some(Provider::Stripe),
            Some("stripe") => bail!(
                "payments.provider = \"stripe\" needs PAVILION_STRIPE_API_KEY and PAVILION_STRIPE_WEBHOOK_SECRET"
            ),
            Some(other) => {
                bail!(
                    "payments.provider {other:?} is not a provider: choose \"test\" or \"stripe\""
                )
            }
            None => stripe.is_some().then_some(Provider::Stripe),
        };
        let payments = PaymentsConfig {
            provider,
            test_secret: env("PAVILION_PAYMENT_TEST_SECRET")
                .or(file.payment_test_secret)
                .filter(|s| !s.is_empty()),
            stripe,
        };
        let header = match env("PAVILION_CLIENT_IP_HEADER").or(file.client_ip_header) {
            Some(name) if !name.trim().is_empty() => Some(
                http::HeaderName::from_bytes(name.trim().as_bytes()).with_context(|| {
                    format!("PAVILION_CLIENT_IP_HEADER {name:?} is not a header name")
                })?,
            ),
            _ => None,
        };
        let proxies = env("PAVILION_TRUSTED_PROXIES")
            .or(file.trusted_proxies)
            .unwrap_or_else(|| "127.0.0.1,::1".to_owned())
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse().with_context(|| {
                    format!("PAVILION_TRUSTED_PROXIES: {p:?} is not an IP address")
                })
            })
            .collect::<anyhow::Result<Vec<std::net::IpAddr>>>()?;
        let proxy = crate::routes::TrustedProxy { header, proxies };
        let urls = |list: Option<String>| -> Vec<String> {
            list.unwrap_or_default()
                .split([',', ' '])
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let ice = app::trade::meetings::room::IceConfig {
            stun: urls(env("PAVILION_STUN_URLS").or(file.stun_urls)),
            turn: urls(env("PAVILION_TURN_URLS").or(file.turn_urls)),
            turn_secret: env("PAVILION_TURN_SECRET")
                .or(file.turn_secret)
                .filter(|s| !s.is_empty()),
            relay_only: match env("PAVILION_TURN_ONLY") {
                Some(v) => matches!(v.as_str(), "1" | "true" | "yes"),
                None => file.turn_only.unwrap_or(false),
            },
        };
        if !ice.turn.is_empty() && ice.turn_secret.is_none() {
            bail!("PAVILION_TURN_URLS needs PAVILION_TURN_SECRET (coturn's static-auth-secret)");
        }
        if ice.relay_only && ice.turn.is_empty() {
            bail!("PAVILION_TURN_ONLY needs PAVILION_TURN_URLS");
        }
        if let Some(bad) = ice.stun.iter().chain(&ice.turn).find(|u| {
            !(u.starts_with("stun:") || u.starts_with("turn:") || u.starts_with("turns:"))
        }) {
            bail!("{bad:?} is not a STUN or TURN address (stun:, turn: or turns:)");
        }
        Ok(Self {
            ice,
            proxy,
            payments,
            live,
            mail,
            mail_from,
            media_dir,
            files_dir,
            addr,
            database_url,
            public_url,
            site_root,
            seed_demo_when_empty,
            db_pool,
            demo_live,
            demo_pace_ms,
            metrics_raw_days,
            referral_days,
        })
    }

    /// A configuration for tests: port 0, the given database, no demo seeding.
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.to_owned(),
            public_url: "http://127.0.0.1".to_owned(),
            site_root: "target/site".to_owned(),
            seed_demo_when_empty: false,
            db_pool: 8,
            ice: Default::default(),
            mail: crate::mail::Delivery::Off,
            mail_from: "India Pavilion <no-reply@pavilion.example>".to_owned(),
            media_dir: std::env::temp_dir()
                .join(format!("pavilion-media-{}", std::process::id()))
                .display()
                .to_string(),
            files_dir: std::env::temp_dir()
                .join(format!("pavilion-files-{}", std::process::id()))
                .display()
                .to_string(),
            live: Live {
                rtmp_url: "rtmp://127.0.0.1:1935/live".to_owned(),
                dir: std::env::temp_dir()
                    .join(format!("pavilion-live-{}", std::process::id()))
                    .display()
                    .to_string(),
                hls_port: 8088,
                secret: Some("test-hook-secret-0123456789abcdef".to_owned()),
                previous_secret: None,
                ffmpeg: "ffmpeg".to_owned(),
            },
            proxy: crate::routes::TrustedProxy::default(),
            demo_live: false,
            demo_pace_ms: 4000,
            metrics_raw_days: 90,
            referral_days: 7,
            payments: PaymentsConfig {
                provider: Some(Provider::Test),
                test_secret: Some("test-payment-secret-0123456789abcdef".to_owned()),
                stripe: None,
            },
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn defaults_apply() {
        let c = Config::from_sources(FileConfig::default(), env_of(&[])).expect("defaults");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/pavilion.db");
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert!(c.seed_demo_when_empty);
        assert!(
            !c.demo_live,
            "the demo's live parts run only when asked for"
        );
        assert_eq!(c.demo_pace_ms, 4000);
        assert_eq!(c.live.rtmp_port(), 1935);
        assert_eq!(c.live.hls_dir(), Path::new("data/live/hls"));
    }

    #[test]
    fn live_settings() {
        let c = Config::from_sources(
            FileConfig::default(),
            env_of(&[("PAVILION_RTMP_URL", "rtmp://live.example:19350/live")]),
        )
        .expect("config");
        assert_eq!(c.live.rtmp_port(), 19350);
        assert!(
            Config::from_sources(
                FileConfig::default(),
                env_of(&[("PAVILION_RTMP_URL", "http://x/live")])
            )
            .is_err()
        );
    }

    #[test]
    fn the_hook_secret_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let live = Live {
            rtmp_url: "rtmp://127.0.0.1:1935/live".to_owned(),
            dir: dir.path().display().to_string(),
            hls_port: 8088,
            secret: None,
            previous_secret: None,
            ffmpeg: "ffmpeg".to_owned(),
        };
        let secret = live.secret().expect("made");
        let path = dir.path().join("hook-secret");
        let mode = std::fs::metadata(&path).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // Kept, and an old world-readable file is made private.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(live.secret().expect("read"), secret);
        let mode = std::fs::metadata(&path).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn stripe_needs_both_keys() {
        let none = Config::from_sources(FileConfig::default(), env_of(&[])).expect("defaults");
        assert_eq!(none.payments.provider, None, "no provider unless chosen");
        let test = Config::from_sources(
            toml::from_str("[payments]\nprovider = \"test\"").expect("toml"),
            env_of(&[]),
        )
        .expect("test");
        assert_eq!(test.payments.provider, Some(Provider::Test));
        assert!(
            Config::from_sources(
                FileConfig::default(),
                env_of(&[("PAVILION_PAYMENTS_PROVIDER", "paypal")])
            )
            .is_err()
        );
        let both = Config::from_sources(
            FileConfig::default(),
            env_of(&[
                ("PAVILION_STRIPE_API_KEY", "sk_test_1"),
                ("PAVILION_STRIPE_WEBHOOK_SECRET", "whsec_1"),
            ]),
        )
        .expect("stripe");
        assert_eq!(both.payments.provider, Some(Provider::Stripe));
        let stripe = both.payments.stripe.expect("configured");
        assert_eq!(stripe.api_base, "https://api.stripe.com");
        assert!(
            Config::from_sources(
                FileConfig::default(),
                env_of(&[("PAVILION_STRIPE_API_KEY", "sk_test_1")]),
            )
            .is_err(),
            "a key without its webhook secret is refused"
        );
    }

    #[test]
    fn environment_beats_file() {
        let file: FileConfig =
            toml::from_str("addr = \"0.0.0.0:8080\"\ndatabase_url = \"sqlite://x.db\"")
                .expect("toml");
        let c = Config::from_sources(file, env_of(&[("PAVILION_ADDR", "127.0.0.1:4000")]))
            .expect("config");
        assert_eq!(c.addr.port(), 4000);
        assert_eq!(c.database_url, "sqlite://x.db");
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(
            Config::from_sources(FileConfig::default(), env_of(&[("PAVILION_ADDR", "nope")]))
                .is_err()
        );
        assert!(
            Config::from_sources(
                FileConfig::default(),
                env_of(&[("PAVILION_SEED_DEMO", "maybe")])
            )
            .is_err()
        );
        assert!(toml::from_str::<FileConfig>("unknown = 1").is_err());
    }
}
