//! The creator pages' posts (ssr only): the creator's own profile, follows, and a council's
//! listing of a creator or an agency.

use super::store::{self, Subject};
use crate::error::AppResult;
use crate::forms::post::{Page, Posted, form, form_on};
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/creator", form(save))
        .route(
            "/{locale}/creators/{creator}/follow",
            form_on(Page::At("/creators/{creator}"), follow),
        )
        .route(
            "/{locale}/creators/{creator}/listing",
            form_on(Page::At("/creators/{creator}"), list_creator),
        )
        .route(
            "/{locale}/agencies/{agency}/listing",
            form_on(Page::At("/agencies/{agency}"), list_agency),
        )
}

async fn save(p: Posted) -> AppResult<String> {
    let slug = store::save_profile(p.db(), p.user(), p.locale, &p.fields, p.now).await?;
    Ok(p.href(&format!("/creators/{slug}")))
}

async fn follow(p: Posted) -> AppResult<String> {
    let slug = p.param("creator").to_owned();
    let on = p.field("follow") != "0";
    store::follow(p.db(), p.user(), &slug, on, p.now).await?;
    Ok(p.href(&format!("/creators/{slug}#follow")))
}

async fn list_creator(p: Posted) -> AppResult<String> {
    let slug = p.param("creator").to_owned();
    let list = p.field("list") != "0";
    store::set_listing(p.db(), p.user(), Subject::Creator, &slug, list, p.now).await?;
    Ok(p.href(&format!("/creators/{slug}#listings")))
}

async fn list_agency(p: Posted) -> AppResult<String> {
    let slug = p.param("agency").to_owned();
    let list = p.field("list") != "0";
    store::set_listing(p.db(), p.user(), Subject::Agency, &slug, list, p.now).await?;
    Ok(p.href(&format!("/agencies/{slug}#listings")))
}
