//! The posts of meetings (ssr only): a buyer's booking, change and cancellation, a team
//! member's hours and slots, and a meeting's calendar entry for its parties.

use super::room::{self, Line};
use super::{programme, store};
use crate::accounts::store::User;
use crate::agenda::api::ZONE_COOKIE;
use crate::error::{AppError, AppResult};
use crate::forms::post::{Next, Posted, form, locale_of};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/booths/{booth}/meetings", form(book))
        .route("/{locale}/meetings/{meeting}", form(party))
        .route("/{locale}/meetings/{meeting}/invite.ics", get(invite))
        .route(
            "/{locale}/meetings/{meeting}/room",
            get(super::hub::connect),
        )
        .route("/{locale}/exhibitor/meetings", form(team))
        .route("/{locale}/curator/meetings", form(council))
}

/// The buyer's zone: the one the booking page was drawn in, else their remembered one.
fn zone(p: &Posted) -> String {
    crate::core::zone_of(Some(p.field("tz")), p.cookie(ZONE_COOKIE).as_deref())
}

async fn book(p: Posted) -> AppResult<String> {
    let number = store::book(
        p.db(),
        p.user(),
        p.param("booth"),
        &p.fields,
        &zone(&p),
        p.site(),
        p.now,
    )
    .await?;
    Ok(p.href(&format!("/meetings/{number}")))
}

/// A party on their meeting: `cancel` it, (the buyer) `change` it to another slot, `say`
/// something in its room or `share` one of the booth's products there (its moderator too),
/// ask the programme's council for a `moderator` or `withdraw` the request.
async fn party(p: Posted) -> AppResult<String> {
    let number = p.param("meeting").to_owned();
    match p.field("op") {
        "cancel" => store::cancel(p.db(), p.user(), &number, &p.fields, p.site(), p.now).await?,
        "change" => store::change(p.db(), p.user(), &number, &p.fields, p.site(), p.now).await?,
        op @ ("moderator" | "withdraw") => {
            let ask = op == "moderator";
            let withdrawn =
                store::ask_moderator(p.db(), p.user(), &number, ask, p.site(), p.now).await?;
            if let Some((meeting, moderator)) = withdrawn {
                p.state.meeting_rooms.evict(meeting, moderator).await;
            }
            return Ok(p.href(&format!("/meetings/{number}#moderation")));
        }
        op @ ("say" | "share") => {
            let line = if op == "say" {
                Line::Said(p.field("text"))
            } else {
                Line::Shared(p.field("product"))
            };
            let (meeting, note) = room::write(p.db(), p.user(), &number, line, p.now).await?;
            p.state.meeting_rooms.noted(meeting, note).await;
            return Ok(p.href(&format!("/meetings/{number}#room")));
        }
        _ => return Err(AppError::invalid("op", "choice")),
    }
    Ok(p.href(&format!("/meetings/{number}")))
}

/// A team member: `hours`, `publish` slots from them, add one `slot`, or `remove` a free one.
async fn team(p: Posted) -> AppResult<Next> {
    let mut to = p.href("/exhibitor/meetings");
    match p.field("op") {
        "hours" => store::save_hours(p.db(), p.user(), &p.fields, p.now).await?,
        "publish" => {
            let added = store::publish(p.db(), p.user(), &p.fields, p.now).await?;
            to = format!("{to}?published={added}#slots");
        }
        "slot" => store::add_slot(p.db(), p.user(), &p.fields, p.now).await?,
        "remove" => store::remove_slot(p.db(), p.user(), &p.fields).await?,
        _ => return Err(AppError::invalid("op", "choice")),
    }
    Ok(Next::go(to))
}

/// A curator sends a hosted buyer meeting suggestions (`op=suggest`), or takes (`moderate`)
/// or leaves (`release`) the moderator's seat of a meeting that asked the council for one.
async fn council(p: Posted) -> AppResult<Next> {
    match p.field("op") {
        op @ ("moderate" | "release") => {
            let number = p.field("meeting").trim().to_owned();
            let take = op == "moderate";
            let meeting = programme::moderate(p.db(), p.user(), &number, take, p.now).await?;
            if !take && let Some(curator) = p.user() {
                p.state.meeting_rooms.evict(meeting, curator.id).await;
            }
            Ok(Next::go(if take {
                p.href(&format!("/meetings/{number}#room"))
            } else {
                format!("{}#moderation", p.href("/curator/meetings"))
            }))
        }
        "suggest" => {
            let sent =
                programme::suggest(p.db(), p.user(), p.field("buyer"), p.site(), p.now).await?;
            Ok(Next::go(format!(
                "{}?suggested={sent}#buyers",
                p.href("/curator/meetings")
            )))
        }
        _ => Err(AppError::invalid("op", "choice")),
    }
}

/// `/{locale}/meetings/{meeting}/invite.ics`: the entry, for the meeting's two parties only.
async fn invite(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let user = req.extensions().get::<User>().cloned();
    let locale = locale_of(req.uri().path());
    match store::calendar_for(&state.db, user.as_ref(), locale, &number, &state.site.0).await {
        Ok((number, calendar)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{number}.ics\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            calendar,
        )
            .into_response(),
        Err(error) => (error.status(), error.code()).into_response(),
    }
}
