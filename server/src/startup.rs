//! Building the application: store, router and listener; testable on port 0.

use crate::config::Config;
use crate::{media, routes};
use anyhow::Context;
use app::app::{App, SiteUrl, shell};
use app::db::{self, Backend};
use app::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use http::HeaderValue;
use http::header;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    mailer: Option<crate::mail::Mailer>,
    /// The public origin, for links in reminders.
    site: String,
    hub: crate::room::Hub,
    config: Config,
}

/// Opens and migrates the store named by the config: the one place both `serve` and the
/// CLI's `migrate`/`seed` get a database from.
pub async fn open_store(config: &Config) -> anyhow::Result<(db::Db, Backend)> {
    let (pool, backend) = db::connect(&config.database_url, config.db_pool).await?;
    db::migrate(&pool, backend, &config.database_url).await?;
    Ok((pool, backend))
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let (pool, backend) = open_store(&config).await?;
        if config.seed_demo_when_empty && crate::seed::is_empty(&pool).await? {
            tracing::info!("empty database: seeding the demo pavilion");
            crate::seed::demo(&pool)
                .await
                .context("cannot seed the demo pavilion")?;
        }
        if app::pavilion::search::needs_reindex(&pool).await? {
            let docs = app::pavilion::search::reindex(&pool)
                .await
                .context("cannot build the search index")?;
            tracing::info!(docs, "search index built");
        }
        let leptos_options = LeptosOptions::builder()
            .output_name(Arc::<str>::from(
                std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "pavilion".to_owned()),
            ))
            .site_root(Arc::<str>::from(config.site_root.as_str()))
            .site_pkg_dir(Arc::<str>::from("pkg"))
            .site_addr(config.addr)
            .build();
        let checkouts = app::checkout::store::GroupCommit::start(pool.clone());
        let media_dir = std::path::PathBuf::from(&config.media_dir);
        std::fs::create_dir_all(&media_dir)
            .with_context(|| format!("cannot create the media folder {}", media_dir.display()))?;
        let files_dir = std::path::PathBuf::from(&config.files_dir);
        std::fs::create_dir_all(&files_dir)
            .with_context(|| format!("cannot create the files folder {}", files_dir.display()))?;
        let meeting_rooms = app::trade::meetings::hub::Rooms::start(
            pool.clone(),
            backend,
            &config.database_url,
            config.ice.clone(),
        );
        let state = AppState {
            leptos_options,
            files_dir,
            site: SiteUrl(config.public_url.clone()),
            media_dir,
            db: pool,
            backend,
            ingest: app::agenda::model::Ingest {
                rtmp_url: config.live.rtmp_url.clone(),
            },
            payments: crate::payments::providers(&config)?,
            checkouts,
            meeting_rooms,
            referral_days: config.referral_days,
        };
        let live = &config.live;
        for dir in [live.hls_dir(), live.record_dir(), live.replay_dir()] {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create the live folder {}", dir.display()))?;
        }
        let hooks = crate::live::Hooks {
            secret: live.secret()?.into(),
            previous: live.previous_secret.clone().map(Into::into),
            site: config.public_url.clone().into(),
            record_dir: live.record_dir(),
            replay_dir: live.replay_dir(),
            ffmpeg: live.ffmpeg.clone().into(),
        };
        let hub = crate::room::Hub::start(state.db.clone(), state.backend, &config.database_url);
        let router = router(
            state.clone(),
            hub.clone(),
            hooks,
            live.hls_dir(),
            config.proxy.clone(),
        );
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let mailer = crate::mail::Mailer::new(state.db.clone(), &config.mail, &config.mail_from)?;
        Ok(Self {
            listener,
            router,
            state,
            mailer,
            site: config.public_url.clone(),
            hub,
            config,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "serving the India Pavilion");
        let mailer = self.mailer.map(|m| tokio::spawn(m.run()));
        let reminders = tokio::spawn(crate::live::remind(
            self.state.db.clone(),
            self.site.clone(),
        ));
        let housekeeping = tokio::spawn(crate::api::housekeeping(
            self.state.clone(),
            self.config.metrics_raw_days,
        ));
        let demo = if self.config.demo_live {
            // nginx calls the hooks here, on this server's own address.
            let port = self
                .listener
                .local_addr()
                .map(|a| a.port())
                .unwrap_or_default();
            let app_url = format!("http://127.0.0.1:{port}");
            Some(
                crate::demo::Demo::start(
                    &self.config,
                    self.state.db.clone(),
                    self.hub.clone(),
                    &app_url,
                )
                .await,
            )
        } else {
            None
        };
        let served = axum::serve(
            self.listener,
            // The peer's address: sign-in throttling counts failures per client too.
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await;
        if let Some(mailer) = mailer {
            mailer.abort();
        }
        reminders.abort();
        housekeeping.abort();
        // Stopped however serving ended, so no nginx or ffmpeg outlives the server.
        if let Some(demo) = demo {
            demo.stop().await;
        }
        served.context("server failed")?;
        self.state.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// The app's routes, listed once per process. Listing renders the app with every resource
/// load suppressed by a process-wide flag, so a page rendering at that moment on another
/// server of the same process (tests run several) would wait forever; listing once, before
/// any server can serve, leaves no such moment.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(
    state: AppState,
    hub: crate::room::Hub,
    hooks: crate::live::Hooks,
    hls_dir: std::path::PathBuf,
    proxy: crate::routes::TrustedProxy,
) -> Router {
    let routes = route_list();
    let site_url = state.site.clone();
    let media_dir = state.media_dir.clone();
    let replay_dir = hooks.replay_dir.clone();
    let context = {
        let state = state.clone();
        let site_url = site_url.clone();
        move || {
            provide_context(state.clone());
            provide_context(site_url.clone());
        }
    };
    let pkg = ServeDir::new(format!("{}/pkg", state.leptos_options.site_root));
    // Scripts bundled from npm at build time (the stream page's hls.js).
    let scripts = ServeDir::new(format!("{}/js", state.leptos_options.site_root));
    // Pages and account forms need to know who is asking; static files, media and health
    // checks do not, so they never pay for the session lookup.
    // Each domain's form posts (the form adapter in `app::forms::post`).
    let pages = Router::new()
        .merge(app::accounts::actions::routes())
        .merge(app::curation::actions::routes())
        .merge(app::exhibitor::actions::routes())
        .merge(app::trade::leads::actions::routes())
        .merge(app::creators::actions::routes())
        .merge(app::creators::collaborations::actions::routes())
        .merge(app::creators::links::actions::routes())
        .merge(app::creators::statements::actions::routes())
        .merge(app::insights::actions::routes())
        .merge(app::trade::rfq::actions::routes())
        .merge(app::trade::meetings::actions::routes())
        .merge(app::agenda::actions::routes())
        .merge(app::checkout::actions::routes())
        .route(
            "/api/streams/{stream}/live",
            get({
                let public: Arc<str> = site_url.0.clone().into();
                move |path, query, peer, headers, user, upgrade| {
                    crate::room::connect(
                        hub.clone(),
                        path,
                        query,
                        peer,
                        headers,
                        user,
                        upgrade,
                        public.clone(),
                    )
                }
            }),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::accounts::session::resolve_session,
        ));
    let app = Router::new()
        .merge(pages)
        .route("/", get(routes::root_redirect))
        .route("/healthz", get(routes::healthz))
        .route(
            "/robots.txt",
            get({
                let base = site_url.0.clone();
                move || routes::robots(base.clone())
            }),
        )
        .route(
            "/sitemap.xml",
            get({
                let base = site_url.0.clone();
                move |state| routes::sitemap(state, base.clone())
            }),
        )
        .route("/prefs", get(routes::set_prefs))
        .route(
            "/hooks/media/{event}",
            post(move |state, path, query, body| {
                crate::live::hook(state, hooks.clone(), path, query, body)
            }),
        )
        .route("/api/streams/{stream}/stage", {
            let hls_dir = hls_dir.clone();
            get(move |state, path| crate::live::stage(state, hls_dir.clone(), path))
        })
        .route(
            "/api/v1/checkout",
            post(crate::api::checkout)
                .layer(axum::extract::DefaultBodyLimit::max(crate::api::MAX_BODY)),
        )
        .route("/api/v1/orders/{order}", get(crate::api::order))
        .route("/api/v1/products/{product}", get(crate::api::product))
        .route("/api/v1/quotes", post(crate::api::quote))
        .merge(crate::payments::routes())
        .route("/api/v1/openapi.json", get(crate::api::openapi))
        .route(
            "/streams/{file}",
            get({
                let base = site_url.0.clone();
                move |state, path| crate::calendar::stream(state, base.clone(), path)
            }),
        )
        .route(
            "/agenda.ics",
            get({
                let base = site_url.0.clone();
                move |state| crate::calendar::agenda(state, base.clone())
            }),
        )
        .route(
            "/calendar/{file}",
            get({
                let base = site_url.0.clone();
                move |state, path| crate::calendar::personal(state, base.clone(), path)
            }),
        )
        .nest_service(
            "/live/hls",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    // The live playlist changes every second.
                    HeaderValue::from_static("no-cache"),
                ))
                .service(ServeDir::new(hls_dir)),
        )
        .nest_service(
            "/media/replays",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ))
                .service(ServeDir::new(replay_dir)),
        )
        .route("/favicon.ico", get(media::favicon))
        .route("/favicon.svg", get(media::favicon))
        .route("/manifest.webmanifest", get(media::manifest))
        .route("/media/motif/{file}", get(media::motif))
        .route("/media/art/{file}", get(media::art))
        .route("/media/portrait/{file}", get(media::portrait))
        .route("/media/placeholder.svg", get(media::placeholder))
        .nest_service(
            "/media/uploads",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    // Named by their content's hash: a file never changes.
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(ServeDir::new(media_dir)),
        )
        .nest_service(
            "/js",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ))
                .service(scripts),
        )
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ))
                .service(pkg),
        )
        .fallback(routes::not_found)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        // Framed by this site only: the checkout opens over a live stream.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        ))
        .layer(axum::middleware::from_fn(routes::same_origin))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            routes::DEADLINE,
            routes::deadline,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    // These run before routing: they may answer, redirect or rewrite the path.
    let before_routing = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(proxy),
            routes::client_address,
        ))
        .layer(axum::middleware::from_fn(routes::reject_bad_query))
        .layer(axum::middleware::from_fn(routes::locale_home))
        .service(app);
    Router::new().fallback_service(before_routing)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
