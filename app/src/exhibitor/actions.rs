//! The exhibitor console's form posts (ssr only): the booth's profile, its team, its
//! products and their pictures, and accepting an invitation to a booth.

use crate::error::AppResult;
use crate::exhibitor::store as exhibitor;
use crate::exhibitor::uploads;
use crate::forms::post::{Page, Posted, form, form_on};
use crate::state::AppState;
use axum::Router;
use axum::routing::post;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/exhibitor", form(save_profile))
        .route(
            "/{locale}/exhibitor/staff",
            form_on(Page::At("/exhibitor"), invite),
        )
        .route("/{locale}/exhibitor/new-product", form(new_product))
        .route("/{locale}/exhibitor/products/{product}", form(product))
        .route(
            "/{locale}/exhibitor/products/{product}/images",
            post(uploads::product_image)
                // Room for the largest picture and the form around it; more is refused unread.
                .layer(axum::extract::DefaultBodyLimit::max(
                    uploads::MAX_BYTES + 64 * 1024,
                )),
        )
        .route("/{locale}/account/invitations/{token}", form(accept))
}

async fn save_profile(p: Posted) -> AppResult<String> {
    exhibitor::save_profile(p.db(), p.user(), &p.fields).await?;
    Ok(p.href("/exhibitor"))
}

async fn invite(p: Posted) -> AppResult<String> {
    exhibitor::invite(p.db(), p.user(), &p.fields, p.site(), p.now).await?;
    Ok(p.href("/exhibitor"))
}

async fn new_product(p: Posted) -> AppResult<String> {
    let slug = exhibitor::save_product(p.db(), p.user(), None, &p.fields, p.now).await?;
    Ok(p.href(&format!("/exhibitor/products/{slug}")))
}

/// Saves, archives or restores one of the booth's products.
async fn product(p: Posted) -> AppResult<String> {
    let slug = p.param("product");
    match p.field("op") {
        "archive" => exhibitor::set_product_archived(p.db(), p.user(), slug, true).await?,
        "restore" => exhibitor::set_product_archived(p.db(), p.user(), slug, false).await?,
        _ => {
            exhibitor::save_product(p.db(), p.user(), Some(slug), &p.fields, p.now).await?;
        }
    }
    Ok(p.href(&format!("/exhibitor/products/{slug}")))
}

async fn accept(p: Posted) -> AppResult<String> {
    exhibitor::accept(p.db(), p.user(), p.param("token"), p.now).await?;
    Ok(p.href("/exhibitor"))
}
