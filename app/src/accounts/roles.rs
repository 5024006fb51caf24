//! Role and ownership checks (ssr only), the first line of every mutating action and of
//! every page that shows more than the public sees. A caller who may not see a thing learns
//! nothing about it: another council's hall is "not found", not "forbidden".

use crate::accounts::store::{BoothRole, User};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// The signed-in caller, or 401.
pub fn signed_in(actor: Option<&User>) -> AppResult<&User> {
    actor.ok_or(AppError::Unauthorized)
}

/// The caller's booth and role; anonymous → sign in, no booth → forbidden.
pub fn member(actor: Option<&User>) -> AppResult<(&User, i64, BoothRole)> {
    let user = signed_in(actor)?;
    let (booth, role) = user.booth.ok_or(AppError::Forbidden)?;
    Ok((user, booth, role))
}

/// Refuses before anything is looked up unless the caller is a curator or an admin.
pub fn require_curator(actor: Option<&User>) -> AppResult<&User> {
    let user = signed_in(actor)?;
    if user.is_admin || user.council_id.is_some() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Refuses unless the caller curates the hall (or is an admin). A curator of another
/// council learns nothing: not found.
pub async fn require_curator_of(db: &Db, actor: Option<&User>, hall_id: i64) -> AppResult<()> {
    let user = require_curator(actor)?;
    let council: Option<i64> = sqlx::query_scalar("SELECT council_id FROM halls WHERE id = $1")
        .bind(hall_id)
        .fetch_optional(db)
        .await?;
    match council {
        Some(council) if user.is_admin || user.council_id == Some(council) => Ok(()),
        _ => Err(AppError::NotFound),
    }
}
