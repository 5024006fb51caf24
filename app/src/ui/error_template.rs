//! One error view for every async region; it also sets the HTTP status while rendering on
//! the server, so a missing booth is a real 404 and a broken database a real 500.

use crate::error::AppError;
use crate::i18n::{Locale, tr};
use crate::ui::layout::{NotFoundPage, href, use_locale};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn ErrorTemplate(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let error: AppError = errors
        .get_untracked()
        .into_iter()
        .find_map(|(_, e)| e.downcast_ref::<AppError>().cloned())
        .unwrap_or(AppError::Internal);
    view! { <ErrorPage error/> }
}

/// The page for one error, with its status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let locale = use_locale();
    if error == AppError::NotFound {
        return view! { <NotFoundPage locale/> }.into_any();
    }
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    let (title, message) = describe(&error, locale);
    view! {
        <Seo title=title.to_owned() description=message.to_owned() path=None/>
        <main id="main" class="page page--narrow not-found">
            <h1>{title}</h1>
            <p role="alert">{message}</p>
            {if error == AppError::Unauthorized {
                view! { <p><a class="button button--primary" href=href(locale, "/account/signin")>{tr!(locale.ui(), signin_title)}</a></p> }.into_any()
            } else {
                view! { <p><a class="button button--primary" href=href(locale, "/")>{tr!(locale.ui(), back_home)}</a></p> }.into_any()
            }}
        </main>
    }
    .into_any()
}

/// The reader's words for each error, in their language; never the server's text.
fn describe(error: &AppError, locale: Locale) -> (&'static str, &'static str) {
    let ui = locale.ui();
    match error {
        AppError::NotFound => (tr!(ui, not_found_title), tr!(ui, not_found_description)),
        AppError::Unauthorized => (
            tr!(ui, error_unauthorized_title),
            tr!(ui, error_unauthorized_body),
        ),
        AppError::Forbidden => (
            tr!(ui, error_forbidden_title),
            tr!(ui, error_forbidden_body),
        ),
        AppError::BadRequest(_) | AppError::Invalid(_) | AppError::Request(_) => {
            (tr!(ui, error_invalid_title), tr!(ui, error_invalid_body))
        }
        AppError::Conflict(_) => (tr!(ui, error_conflict_title), tr!(ui, error_conflict_body)),
        AppError::Unavailable | AppError::Throttled(_) => {
            (tr!(ui, error_busy_title), tr!(ui, error_busy_body))
        }
        AppError::Internal => (tr!(ui, error_internal_title), tr!(ui, error_internal_body)),
    }
}
