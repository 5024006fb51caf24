//! Server functions for curation pages. Each reads the caller from the request and lets
//! the store refuse before it reads anything: a page never shows what its reader may not see.

use crate::curation::model::{
    Application, ApplyPage, CuratorBoothPage, CuratorHallPage, CuratorHome,
};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;

    /// The page's state and the caller.
    pub fn context()
    -> Result<(crate::state::AppState, Option<crate::accounts::store::User>), AppError> {
        Ok((
            crate::state::AppState::current()?,
            crate::accounts::store::current_user(),
        ))
    }
}

#[server(input = GetUrl)]
pub async fn get_apply(locale: Locale, slug: String) -> Result<ApplyPage, AppError> {
    let (state, user) = ssr::context()?;
    crate::curation::store::apply_page(&state.db, locale, user.as_ref(), &slug).await
}

#[server(input = GetUrl)]
pub async fn get_curator_home(
    locale: Locale,
    waiting: Option<String>,
    recent: Option<String>,
) -> Result<CuratorHome, AppError> {
    use crate::core::Cursor;
    let (state, user) = ssr::context()?;
    let pages = crate::curation::store::QueuePages {
        waiting: waiting.as_deref().and_then(Cursor::parse),
        recent: recent.as_deref().and_then(Cursor::parse),
    };
    crate::curation::store::curator_home(&state.db, locale, user.as_ref(), pages).await
}

#[server(input = GetUrl)]
pub async fn get_review(locale: Locale, id: String) -> Result<Application, AppError> {
    let (state, user) = ssr::context()?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    crate::curation::store::review_page(&state.db, locale, user.as_ref(), id).await
}

#[server(input = GetUrl)]
pub async fn get_curator_hall(locale: Locale, slug: String) -> Result<CuratorHallPage, AppError> {
    let (state, user) = ssr::context()?;
    crate::curation::store::curator_hall(&state.db, locale, user.as_ref(), &slug).await
}

#[server(input = GetUrl)]
pub async fn get_curator_booth(locale: Locale, slug: String) -> Result<CuratorBoothPage, AppError> {
    let (state, user) = ssr::context()?;
    let now = crate::state::now();
    crate::curation::store::curator_booth(&state.db, locale, user.as_ref(), &slug, now).await
}
