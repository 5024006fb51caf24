//! The form posts of curation and the consoles. Each route names one store action; the
//! action checks role and ownership first, then the fields, and either succeeds (303 to the
//! page that shows the result) or is refused, in which case the same page is rendered again
//! with the problems next to their fields and a 4xx — and nothing was written.

use crate::auth::{
    SignedIn, client_address, form, locale_of, render_with, see_other, session_token,
};
use app::accounts::passwords;
use app::accounts::store as accounts;
use app::accounts::store::User;
use app::agenda::schedule;
use app::app::SiteUrl;
use app::core::Instant;
use app::curation::store::{self as curation, Failure};
use app::db::Db;
use app::exhibitor::store as exhibitor;
use app::forms::{Submission, field};
use app::i18n::Locale;
use app::state::{AppState, now};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::StatusCode;
use std::future::Future;
use std::path::PathBuf;

/// What an action gets from a post: the store, the caller, the page's locale, the fields.
pub struct Posted {
    pub db: Db,
    pub user: Option<User>,
    /// The session cookie's token, if any.
    pub session: Option<String>,
    /// The client's address, for throttling.
    pub address: String,
    pub locale: Locale,
    pub fields: Vec<(String, String)>,
    pub now: Instant,
}

impl Posted {
    pub fn user(&self) -> Option<&User> {
        self.user.as_ref()
    }

    /// `/{locale}{rest}`.
    pub fn href(&self, rest: &str) -> String {
        format!("/{}{rest}", self.locale.code())
    }
}

/// What follows a post that succeeded.
pub enum Next {
    /// Send the browser here (303).
    Go(String),
    /// Show the page again with these values (200, never cached): for a secret shown once.
    Show(Vec<(String, String)>),
}

impl From<String> for Next {
    fn from(location: String) -> Self {
        Self::Go(location)
    }
}

/// Runs `action` on a posted form; its `Ok` is where to send the browser next.
pub async fn handle<F, Fut, T>(
    state: AppState,
    site_url: SiteUrl,
    req: Request<Body>,
    action: F,
) -> Response
where
    F: FnOnce(Posted) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
    T: Into<Next>,
{
    handle_on(state, site_url, req, None, action).await
}

/// Shows a refused form on another page than the one it posts to (`/{locale}` + `page`):
/// the page that holds the form.
pub fn on_page(parts: &mut http::request::Parts, locale: Locale, page: &str) {
    if let Ok(uri) = format!("/{}{page}", locale.code()).parse() {
        parts.uri = uri;
    }
}

/// [`handle`], for a form that lives on the page `page` rather than at its own address.
pub async fn handle_on<F, Fut, T>(
    state: AppState,
    site_url: SiteUrl,
    req: Request<Body>,
    page: Option<&str>,
    action: F,
) -> Response
where
    F: FnOnce(Posted) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
    T: Into<Next>,
{
    let locale = locale_of(&req);
    let user = req.extensions().get::<SignedIn>().map(|s| s.0.clone());
    let session = session_token(req.headers());
    let address = client_address(&req);
    let (mut parts, fields) = match form(req).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    if let Some(page) = page {
        on_page(&mut parts, locale, page);
    }
    let posted = Posted {
        db: state.db.clone(),
        user,
        session,
        address,
        locale,
        fields: fields.clone(),
        now: now(),
    };
    match action(posted).await.map(Into::into) {
        Ok(Next::Go(location)) => see_other(&location),
        Ok(Next::Show(values)) => show(state, site_url, parts, values).await,
        Err(failure) => answer(state, site_url, parts, failure, fields).await,
    }
}

/// The page again (200, never cached) with `values` in its fields: a secret shown once, or
/// a form priced again for new choices.
pub async fn show(
    state: AppState,
    site_url: SiteUrl,
    parts: http::request::Parts,
    values: Vec<(String, String)>,
) -> Response {
    let submission = Submission {
        status: 200,
        problems: Vec::new(),
        values,
    };
    let mut response = render_with(state, site_url, parts, submission).await;
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    response
}

/// The answer to a post that failed: its page again with the problems (4xx), or a plain
/// 5xx when the store failed.
pub async fn answer(
    state: AppState,
    site_url: SiteUrl,
    parts: http::request::Parts,
    failure: Failure,
    values: Vec<(String, String)>,
) -> Response {
    match failure {
        Failure::Refused(refusal) => {
            let retry_after = match refusal {
                app::forms::Refusal::Throttled(seconds) => Some(seconds),
                _ => None,
            };
            // Passwords never travel back into a page.
            let values = values
                .into_iter()
                .filter(|(k, _)| !k.contains("password"))
                .collect();
            let submission = Submission {
                status: refusal.status(),
                problems: refusal.problems(),
                values,
            };
            let mut response = render_with(state, site_url, parts, submission).await;
            if let Some(seconds) = retry_after
                && let Ok(value) = http::HeaderValue::from_str(&seconds.to_string())
            {
                response
                    .headers_mut()
                    .insert(http::header::RETRY_AFTER, value);
            }
            response
        }
        Failure::Store(err) => {
            tracing::error!(error = %err, "a form could not be saved");
            let status = if matches!(err, sqlx::Error::PoolTimedOut) {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            (
                status,
                "The pavilion could not save this; please try again.\n",
            )
                .into_response()
        }
    }
}

type One = Path<(String, String)>;

/// Every curation and console form route, for the pages router (whose session layer names
/// the caller).
pub fn routes(site_url: SiteUrl, media_dir: PathBuf) -> Router<AppState> {
    curation_routes(site_url.clone())
        .merge(exhibitor_routes(site_url.clone(), media_dir))
        .merge(stream_routes(site_url.clone()))
        .merge(password_routes(site_url))
}

/// Refuses with 429 when `keys` failed too often lately.
async fn throttle(db: &Db, keys: &[(&str, i64)], now: Instant) -> Result<(), Failure> {
    match accounts::throttled_for(db, keys, now).await? {
        Some(seconds) => Err(app::forms::Refusal::Throttled(seconds).into()),
        None => Ok(()),
    }
}

fn password_routes(site_url: SiteUrl) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route(
            "/{locale}/account/reset",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    let base = s.0.clone();
                    handle(state, s.clone(), req, move |p| async move {
                        let email = field(&p.fields, "email").trim().to_lowercase();
                        let by_email = format!("reset:{email}");
                        let by_address = format!("reset-ip:{}", p.address);
                        throttle(
                            &p.db,
                            &[
                                (by_email.as_str(), passwords::RESETS_PER_EMAIL),
                                (by_address.as_str(), passwords::RESETS_PER_ADDRESS),
                            ],
                            p.now,
                        )
                        .await?;
                        // Every request counts, found or not, so probing costs the same.
                        accounts::record_failure(
                            &p.db,
                            &[by_email.as_str(), by_address.as_str()],
                            p.now,
                        )
                        .await?;
                        passwords::request_reset(&p.db, &email, &base, p.locale, p.now).await?;
                        Ok(p.href("/account/reset?done=sent"))
                    })
                }
            }),
        )
        .route(
            "/{locale}/account/reset/{token}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, token)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        passwords::reset_password(
                            &p.db,
                            &token,
                            field(&p.fields, "password"),
                            p.now,
                        )
                        .await?;
                        Ok(p.href("/account/signin?done=reset"))
                    })
                }
            }),
        )
        .route(
            "/{locale}/account/password",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    handle_on(
                        state,
                        s.clone(),
                        req,
                        Some("/account"),
                        move |p| async move {
                            let user = p.user().ok_or(app::forms::Refusal::SignIn)?;
                            let key = format!("email:{}", user.email);
                            throttle(
                                &p.db,
                                &[(key.as_str(), accounts::FAILURES_PER_EMAIL)],
                                p.now,
                            )
                            .await?;
                            let changed = passwords::change_password(
                                &p.db,
                                p.user(),
                                p.session.as_deref(),
                                field(&p.fields, "current_password"),
                                field(&p.fields, "new_password"),
                            )
                            .await;
                            if let Err(Failure::Refused(app::forms::Refusal::Invalid(problems))) =
                                &changed
                                && problems.iter().any(|problem| problem.code == "credentials")
                            {
                                accounts::record_failure(&p.db, &[key.as_str()], p.now).await?;
                            }
                            changed?;
                            Ok(p.href("/account?done=password"))
                        },
                    )
                }
            }),
        )
}

fn curation_routes(site_url: SiteUrl) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route(
            "/{locale}/halls/{hall}/apply",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, hall)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        curation::submit_application(&p.db, p.user(), &hall, &p.fields, p.now)
                            .await?;
                        Ok(p.href(&format!("/halls/{hall}/apply")))
                    })
                }
            }),
        )
        .route(
            "/{locale}/curator/applications/{id}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, id)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        let id = id.parse::<i64>().unwrap_or(-1);
                        match curation::decide(&p.db, p.user(), id, &p.fields, p.now).await? {
                            Some(booth) => Ok(p.href(&format!("/curator/booths/{booth}"))),
                            None => Ok(p.href(&format!("/curator/applications/{id}"))),
                        }
                    })
                }
            }),
        )
        .route(
            "/{locale}/curator/halls/{hall}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, hall)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        curation::save_layout(&p.db, p.user(), &hall, &p.fields, p.now).await?;
                        Ok(p.href(&format!("/curator/halls/{hall}")))
                    })
                }
            }),
        )
        .route(
            "/{locale}/curator/booths/{booth}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, booth)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        curation::booth_action(&p.db, p.user(), &booth, &p.fields, p.now).await?;
                        Ok(p.href(&format!("/curator/booths/{booth}")))
                    })
                }
            }),
        )
}

fn exhibitor_routes(site_url: SiteUrl, media_dir: PathBuf) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route(
            "/{locale}/exhibitor",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        exhibitor::save_profile(&p.db, p.user(), &p.fields).await?;
                        Ok(p.href("/exhibitor"))
                    })
                }
            }),
        )
        .route(
            "/{locale}/exhibitor/staff",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    let base = s.0.clone();
                    handle_on(
                        state,
                        s.clone(),
                        req,
                        Some("/exhibitor"),
                        move |p| async move {
                            exhibitor::invite(&p.db, p.user(), &p.fields, &base, p.now).await?;
                            Ok(p.href("/exhibitor"))
                        },
                    )
                }
            }),
        )
        .route(
            "/{locale}/exhibitor/new-product",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        let slug = exhibitor::save_product(&p.db, p.user(), None, &p.fields, p.now)
                            .await?;
                        Ok(p.href(&format!("/exhibitor/products/{slug}")))
                    })
                }
            }),
        )
        .route(
            "/{locale}/exhibitor/products/{product}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, slug)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        match field(&p.fields, "op") {
                            "archive" => {
                                exhibitor::set_product_archived(&p.db, p.user(), &slug, true)
                                    .await?
                            }
                            "restore" => {
                                exhibitor::set_product_archived(&p.db, p.user(), &slug, false)
                                    .await?
                            }
                            _ => {
                                exhibitor::save_product(
                                    &p.db,
                                    p.user(),
                                    Some(&slug),
                                    &p.fields,
                                    p.now,
                                )
                                .await?;
                            }
                        }
                        Ok(p.href(&format!("/exhibitor/products/{slug}")))
                    })
                }
            }),
        )
        .route(
            "/{locale}/exhibitor/products/{product}/images",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, slug)): One, req: Request<Body>| {
                    crate::uploads::product_image(state, s.clone(), media_dir.clone(), slug, req)
                }
            })
            // Room for the largest picture and the form around it; more is refused unread.
            .layer(axum::extract::DefaultBodyLimit::max(
                crate::uploads::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/{locale}/account/invitations/{token}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, token)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        exhibitor::accept(&p.db, p.user(), &token, p.now).await?;
                        Ok(p.href("/exhibitor"))
                    })
                }
            }),
        )
}

fn stream_routes(site_url: SiteUrl) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route(
            "/{locale}/exhibitor/new-stream",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    let base = s.0.clone();
                    handle(state, s.clone(), req, move |p| async move {
                        let slug =
                            schedule::save_stream(&p.db, p.user(), None, &p.fields, &base, p.now)
                                .await?;
                        Ok(p.href(&format!("/exhibitor/streams/{slug}")))
                    })
                }
            }),
        )
        .route(
            "/{locale}/exhibitor/streams/{stream}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, slug)): One, req: Request<Body>| {
                    let base = s.0.clone();
                    handle(state, s.clone(), req, move |p| async move {
                        let page = p.href(&format!("/exhibitor/streams/{slug}"));
                        Ok(match field(&p.fields, "op") {
                            "key" => {
                                let key = schedule::rotate_key(&p.db, p.user(), &slug).await?;
                                Next::Show(vec![("stream_key".to_owned(), key)])
                            }
                            "cancel" => {
                                schedule::cancel_stream(&p.db, p.user(), &slug, &base, p.now)
                                    .await?;
                                Next::Go(page)
                            }
                            _ => {
                                schedule::save_stream(
                                    &p.db,
                                    p.user(),
                                    Some(&slug),
                                    &p.fields,
                                    &base,
                                    p.now,
                                )
                                .await?;
                                Next::Go(page)
                            }
                        })
                    })
                }
            }),
        )
        .route(
            "/{locale}/streams/{stream}/follow",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, slug)): One, req: Request<Body>| {
                    let s = s.clone();
                    async move {
                        let page = format!("/streams/{slug}");
                        handle_on(state, s, req, Some(&page), move |p| async move {
                            let on = field(&p.fields, "op") != "unfollow";
                            schedule::follow(&p.db, p.user(), &slug, on, p.now).await?;
                            Ok(p.href(&format!("/streams/{slug}")))
                        })
                        .await
                    }
                }
            }),
        )
        .route(
            "/{locale}/account/calendar",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, req: Request<Body>| {
                    let base = s.0.clone();
                    handle_on(
                        state,
                        s.clone(),
                        req,
                        Some("/account"),
                        move |p| async move {
                            let user = p.user().ok_or(app::forms::Refusal::SignIn)?;
                            let url = crate::calendar::new_feed(&p.db, user.id, &base).await?;
                            Ok(Next::Show(vec![("calendar_url".to_owned(), url)]))
                        },
                    )
                }
            }),
        )
        .route(
            "/{locale}/curator/booths/{booth}/streams/{stream}",
            post({
                let s = s.clone();
                move |State(state): State<AppState>,
                      Path((_, booth, slug)): Path<(String, String, String)>,
                      req: Request<Body>| {
                    let s = s.clone();
                    async move {
                        let page = format!("/curator/booths/{booth}");
                        handle_on(state, s, req, Some(&page), move |p| async move {
                            let on = field(&p.fields, "op") == "hold";
                            schedule::set_main_stage(&p.db, p.user(), &slug, on).await?;
                            Ok(p.href(&format!("/curator/booths/{booth}")))
                        })
                        .await
                    }
                }
            }),
        )
}
