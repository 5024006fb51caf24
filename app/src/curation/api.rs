//! Server functions for curation pages. Each reads the caller from the request and lets
//! the store refuse before it reads anything: a page never shows what its reader may not see.

use crate::curation::model::{
    Application, ApplyPage, CuratorBoothPage, CuratorHallPage, CuratorHome,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::curation::store::Failure;
    use crate::error::AppError;
    use crate::forms::Refusal;

    impl From<Failure> for AppError {
        fn from(failure: Failure) -> Self {
            match failure {
                Failure::Store(e) => e.into(),
                Failure::Refused(Refusal::SignIn) => AppError::Unauthorized,
                Failure::Refused(Refusal::Forbidden) => AppError::Forbidden,
                Failure::Refused(Refusal::NotFound) => AppError::NotFound,
                Failure::Refused(Refusal::Invalid(p)) => AppError::invalid(
                    p.first().map_or("request", |p| p.field.as_str()),
                    p.first().map_or("invalid", |p| p.code.as_str()),
                ),
                Failure::Refused(Refusal::Conflict(p)) => AppError::Conflict(p.code),
                Failure::Refused(Refusal::Throttled(_)) => AppError::Unavailable,
            }
        }
    }

    /// The page's locale, its state and the caller.
    pub fn context(
        locale: &str,
    ) -> Result<
        (
            crate::i18n::Locale,
            crate::state::AppState,
            Option<crate::accounts::store::User>,
        ),
        AppError,
    > {
        let locale = crate::i18n::Locale::parse(locale).ok_or(AppError::NotFound)?;
        Ok((
            locale,
            crate::state::AppState::current()?,
            crate::accounts::store::current_user(),
        ))
    }
}

#[server(input = GetUrl)]
pub async fn get_apply(locale: String, slug: String) -> Result<ApplyPage, AppError> {
    let (locale, state, user) = ssr::context(&locale)?;
    Ok(crate::curation::store::apply_page(&state.db, locale, user.as_ref(), &slug).await?)
}

#[server(input = GetUrl)]
pub async fn get_curator_home(locale: String) -> Result<CuratorHome, AppError> {
    let (locale, state, user) = ssr::context(&locale)?;
    Ok(crate::curation::store::curator_home(&state.db, locale, user.as_ref()).await?)
}

#[server(input = GetUrl)]
pub async fn get_review(locale: String, id: String) -> Result<Application, AppError> {
    let (locale, state, user) = ssr::context(&locale)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    Ok(crate::curation::store::review_page(&state.db, locale, user.as_ref(), id).await?)
}

#[server(input = GetUrl)]
pub async fn get_curator_hall(locale: String, slug: String) -> Result<CuratorHallPage, AppError> {
    let (locale, state, user) = ssr::context(&locale)?;
    Ok(crate::curation::store::curator_hall(&state.db, locale, user.as_ref(), &slug).await?)
}

#[server(input = GetUrl)]
pub async fn get_curator_booth(locale: String, slug: String) -> Result<CuratorBoothPage, AppError> {
    let (locale, state, user) = ssr::context(&locale)?;
    let now = crate::state::now();
    Ok(crate::curation::store::curator_booth(&state.db, locale, user.as_ref(), &slug, now).await?)
}
