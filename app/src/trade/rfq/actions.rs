//! The posts of requests for quotation (ssr only): the business profile, a new request, the
//! buyer's acceptance, close and messages, the booth's quote and messages, the council's
//! routing and verification, and the files attached to a request.

use super::{files, store};
use crate::core::Currency;
use crate::error::AppResult;
use crate::forms::post::{Page, Posted, form, form_on};
use crate::i18n::prefs::Prefs;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{locale}/account/business",
            form_on(Page::At("/account"), save_profile),
        )
        .route("/{locale}/rfqs/new", form(send))
        .route("/{locale}/rfqs/{rfq}", form(buyer))
        .route(
            "/{locale}/rfqs/{rfq}/files",
            post(files::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::exhibitor::uploads::MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/{locale}/rfqs/{rfq}/files/{file}", get(files::download))
        .route("/{locale}/exhibitor/rfqs/{rfq}", form(booth))
        .route("/{locale}/curator/rfqs", form(council))
}

/// The currency the person reads prices in (the target price is typed in it, an accepted
/// quote is paid in it).
fn currency(p: &Posted) -> Currency {
    let header = |name: http::header::HeaderName| p.headers.get(name).and_then(|v| v.to_str().ok());
    Prefs::resolve(
        p.locale,
        None,
        header(http::header::COOKIE),
        header(http::header::ACCEPT_LANGUAGE),
    )
    .currency
}

async fn save_profile(p: Posted) -> AppResult<String> {
    store::save_profile(p.db(), p.user(), &p.fields, p.now).await?;
    Ok(p.href("/account#business"))
}

async fn send(p: Posted) -> AppResult<String> {
    let number =
        store::send_rfq(p.db(), p.user(), &p.fields, currency(&p), p.site(), p.now).await?;
    Ok(p.href(&format!("/rfqs/{number}")))
}

/// The buyer on their request: `accept` a quote (to the payment page), `message` a booth,
/// or `close` it.
async fn buyer(p: Posted) -> AppResult<String> {
    let number = p.param("rfq").to_owned();
    match p.field("op") {
        "accept" => {
            let how = store::Acceptance {
                provider: p.state.payments.default,
                currency: currency(&p),
                locale: p.locale,
                client: &p.address,
                site: p.site(),
            };
            store::accept_quote(p.db(), p.user(), &number, &p.fields, how, p.now).await
        }
        "message" => {
            store::post_message(p.db(), p.user(), &number, &p.fields, p.site(), p.now).await?;
            let booth = p.field("booth").trim();
            Ok(p.href(&format!("/rfqs/{number}#thread-{booth}")))
        }
        "close" => {
            store::close_rfq(p.db(), p.user(), &number).await?;
            Ok(p.href(&format!("/rfqs/{number}")))
        }
        _ => Err(crate::error::AppError::invalid("op", "choice")),
    }
}

/// A booth on a request it received: `quote` (or `withdraw` its quote), or `message`.
async fn booth(p: Posted) -> AppResult<String> {
    let number = p.param("rfq").to_owned();
    match p.field("op") {
        "quote" | "withdraw" => {
            store::save_quote(p.db(), p.user(), &number, &p.fields, p.site(), p.now).await?;
            Ok(p.href(&format!("/exhibitor/rfqs/{number}")))
        }
        "message" => {
            store::post_message(p.db(), p.user(), &number, &p.fields, p.site(), p.now).await?;
            Ok(p.href(&format!("/exhibitor/rfqs/{number}#thread")))
        }
        _ => Err(crate::error::AppError::invalid("op", "choice")),
    }
}

/// A curator: `route` a request to a booth, `verify` a buyer or `withdraw` the verification.
async fn council(p: Posted) -> AppResult<String> {
    match p.field("op") {
        "route" => {
            store::route_rfq(
                p.db(),
                p.user(),
                p.field("rfq").trim(),
                p.field("booth"),
                p.site(),
                p.now,
            )
            .await?;
        }
        op @ ("verify" | "withdraw") => {
            store::verify_buyer(p.db(), p.user(), p.field("buyer"), op, p.now).await?;
        }
        _ => return Err(crate::error::AppError::invalid("op", "choice")),
    }
    Ok(p.href("/curator/rfqs"))
}
