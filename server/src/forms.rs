//! The form posts of curation and the consoles. Each route names one store action; the
//! action checks role and ownership first, then the fields, and either succeeds (303 to the
//! page that shows the result) or is refused, in which case the same page is rendered again
//! with the problems next to their fields and a 4xx — and nothing was written.

use crate::auth::{SignedIn, form, locale_of, render_with, see_other};
use app::accounts::store::User;
use app::app::SiteUrl;
use app::core::Instant;
use app::curation::store::{self as curation, Failure};
use app::db::Db;
use app::forms::Submission;
use app::i18n::Locale;
use app::state::{AppState, now};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::StatusCode;
use std::future::Future;

/// What an action gets from a post: the store, the caller, the page's locale, the fields.
pub struct Posted {
    pub db: Db,
    pub user: Option<User>,
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

/// Runs `action` on a posted form; its `Ok` is where to send the browser next.
pub async fn handle<F, Fut>(state: AppState, site_url: SiteUrl, req: Request<Body>, action: F) -> Response
where
    F: FnOnce(Posted) -> Fut,
    Fut: Future<Output = Result<String, Failure>>,
{
    let locale = locale_of(&req);
    let user = req.extensions().get::<SignedIn>().map(|s| s.0.clone());
    let (parts, fields) = match form(req).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let posted = Posted {
        db: state.db.clone(),
        user,
        locale,
        fields: fields.clone(),
        now: now(),
    };
    match action(posted).await {
        Ok(location) => see_other(&location),
        Err(Failure::Refused(refusal)) => {
            let submission = Submission {
                status: refusal.status(),
                problems: refusal.problems(),
                values: fields,
            };
            render_with(state, site_url, parts, submission).await
        }
        Err(Failure::Store(err)) => {
            tracing::error!(error = %err, "a form could not be saved");
            let status = if matches!(err, sqlx::Error::PoolTimedOut) {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            (status, "The pavilion could not save this; please try again.\n").into_response()
        }
    }
}

type One = Path<(String, String)>;

/// Every curation form route, for the pages router (whose session layer names the caller).
pub fn routes(site_url: SiteUrl) -> Router<AppState> {
    let s = site_url;
    Router::new()
        .route(
            "/{locale}/halls/{hall}/apply",
            post({
                let s = s.clone();
                move |State(state): State<AppState>, Path((_, hall)): One, req: Request<Body>| {
                    handle(state, s.clone(), req, move |p| async move {
                        curation::submit_application(&p.db, p.user(), &hall, &p.fields, p.now).await?;
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
