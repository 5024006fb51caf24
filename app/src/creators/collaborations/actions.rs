//! The collaboration pages' posts (ssr only): an invitation, an open offer, a proposal of
//! new terms, an answer to the version awaiting one, and a creator joining an open offer.

use super::store;
use crate::error::{AppError, AppResult};
use crate::forms::post::{Page, Posted, form, form_on};
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/exhibitor/invite/{creator}", form(invite))
        .route("/{locale}/exhibitor/collaborations", form(offer))
        .route("/{locale}/collaborations/{id}", form(propose))
        .route(
            "/{locale}/collaborations/{id}/answer",
            form_on(Page::At("/collaborations/{id}"), answer),
        )
        .route(
            "/{locale}/collaborations/{id}/join",
            form_on(Page::At("/creator/collaborations"), join),
        )
}

fn id(p: &Posted) -> AppResult<i64> {
    p.param("id").parse().map_err(|_| AppError::NotFound)
}

async fn invite(p: Posted) -> AppResult<String> {
    let creator = p.param("creator").to_owned();
    let id = store::invite(p.db(), p.user(), &creator, &p.fields, p.now).await?;
    Ok(p.href(&format!("/collaborations/{id}")))
}

async fn offer(p: Posted) -> AppResult<String> {
    let id = store::offer(p.db(), p.user(), &p.fields, p.now).await?;
    Ok(p.href(&format!("/collaborations/{id}")))
}

async fn propose(p: Posted) -> AppResult<String> {
    let id = id(&p)?;
    let base = p.field("version");
    let version = store::propose(p.db(), p.user(), id, base, &p.fields, p.now).await?;
    Ok(p.href(&format!("/collaborations/{id}#version-{version}")))
}

async fn answer(p: Posted) -> AppResult<String> {
    let id = id(&p)?;
    let (version, answer) = (p.field("version"), p.field("answer"));
    store::answer(p.db(), p.user(), id, version, answer, p.now).await?;
    Ok(p.href(&format!("/collaborations/{id}#history")))
}

async fn join(p: Posted) -> AppResult<String> {
    let offer = id(&p)?;
    let id = store::join(p.db(), p.user(), offer, p.now).await?;
    Ok(p.href(&format!("/collaborations/{id}")))
}
