//! The agenda's form posts (ssr only): scheduling, editing and cancelling a stream, its
//! stream key, following a stream and the private calendar of followed streams, and the
//! curator's main stage.

use crate::agenda::schedule;
use crate::error::AppResult;
use crate::forms::post::{Next, Page, Posted, form, form_on};
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/exhibitor/new-stream", form(new_stream))
        .route("/{locale}/exhibitor/streams/{stream}", form(stream))
        .route(
            "/{locale}/streams/{stream}/follow",
            form_on(Page::At("/streams/{stream}"), follow),
        )
        .route(
            "/{locale}/account/calendar",
            form_on(Page::At("/account"), calendar_feed),
        )
        .route(
            "/{locale}/curator/booths/{booth}/streams/{stream}",
            form_on(Page::At("/curator/booths/{booth}"), main_stage),
        )
}

async fn new_stream(p: Posted) -> AppResult<String> {
    let slug = schedule::save_stream(p.db(), p.user(), None, &p.fields, p.site(), p.now).await?;
    Ok(p.href(&format!("/exhibitor/streams/{slug}")))
}

/// Saves or cancels a stream, or makes it a new stream key (shown once).
async fn stream(p: Posted) -> AppResult<Next> {
    let slug = p.param("stream");
    let page = p.href(&format!("/exhibitor/streams/{slug}"));
    match p.field("op") {
        "key" => {
            let key = schedule::rotate_key(p.db(), p.user(), slug).await?;
            return Ok(Next::Show(vec![("stream_key".to_owned(), key)]));
        }
        "cancel" => schedule::cancel_stream(p.db(), p.user(), slug, p.site(), p.now).await?,
        _ => {
            schedule::save_stream(p.db(), p.user(), Some(slug), &p.fields, p.site(), p.now).await?;
        }
    }
    Ok(Next::go(page))
}

async fn follow(p: Posted) -> AppResult<String> {
    let slug = p.param("stream");
    let on = p.field("op") != "unfollow";
    crate::agenda::follows::follow(p.db(), p.user(), slug, on, p.now).await?;
    Ok(p.href(&format!("/streams/{slug}")))
}

async fn main_stage(p: Posted) -> AppResult<String> {
    let on = p.field("op") == "hold";
    schedule::set_main_stage(p.db(), p.user(), p.param("stream"), on).await?;
    Ok(p.href(&format!("/curator/booths/{}", p.param("booth"))))
}

/// A new private calendar address of the followed streams (the old one stops working),
/// shown once on the account page.
async fn calendar_feed(p: Posted) -> AppResult<Next> {
    let user = p.signed_in()?;
    let url = crate::agenda::store::new_calendar_feed(p.db(), user.id, p.site()).await?;
    Ok(Next::Show(vec![("calendar_url".to_owned(), url)]))
}
