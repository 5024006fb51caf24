//! Curation's form posts (ssr only): applying for a booth, the council's decision on an
//! application, a hall's floor plan, and acting on a booth (badges, featuring, moderation).

use crate::curation::store as curation;
use crate::error::AppResult;
use crate::forms::post::{Posted, form};
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/halls/{hall}/apply", form(apply))
        .route("/{locale}/curator/applications/{id}", form(decide))
        .route("/{locale}/curator/halls/{hall}", form(save_layout))
        .route("/{locale}/curator/booths/{booth}", form(booth_action))
}

async fn apply(p: Posted) -> AppResult<String> {
    let hall = p.param("hall");
    curation::submit_application(p.db(), p.user(), hall, &p.fields, p.now).await?;
    Ok(p.href(&format!("/halls/{hall}/apply")))
}

/// Approve, reject or ask for changes; an approved application opens its booth's page.
async fn decide(p: Posted) -> AppResult<String> {
    let id = p.param("id").parse::<i64>().unwrap_or(-1);
    Ok(
        match curation::decide(p.db(), p.user(), id, &p.fields, p.now).await? {
            Some(booth) => p.href(&format!("/curator/booths/{booth}")),
            None => p.href(&format!("/curator/applications/{id}")),
        },
    )
}

async fn save_layout(p: Posted) -> AppResult<String> {
    let hall = p.param("hall");
    curation::save_layout(p.db(), p.user(), hall, &p.fields, p.now).await?;
    Ok(p.href(&format!("/curator/halls/{hall}")))
}

async fn booth_action(p: Posted) -> AppResult<String> {
    let booth = p.param("booth");
    curation::booth_action(p.db(), p.user(), booth, &p.fields, p.now).await?;
    Ok(p.href(&format!("/curator/booths/{booth}")))
}
