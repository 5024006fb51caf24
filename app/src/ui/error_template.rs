//! One error view for every async region; it also sets the HTTP status while rendering on
//! the server, so a missing booth is a real 404 and a broken database a real 500.

use crate::error::AppError;
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
    let (title, message) = describe(&error);
    view! {
        <Seo title=title.to_owned() description=message.to_owned() path=None/>
        <main id="main" class="page page--narrow not-found">
            <h1>{title}</h1>
            <p role="alert">{message}</p>
            <p><a class="button button--primary" href=href(locale, "/")>"Back to the pavilion"</a></p>
        </main>
    }
    .into_any()
}

/// The reader's words for each error; never the server's text.
fn describe(error: &AppError) -> (&'static str, &'static str) {
    match error {
        AppError::NotFound => ("Page not found", "This page is not in the India Pavilion."),
        AppError::Unauthorized => (
            "Please sign in",
            "You need to be signed in to see this page.",
        ),
        AppError::Forbidden => ("Not allowed", "Your account cannot open this page."),
        AppError::Invalid { .. } | AppError::Request(_) => (
            "That request did not look right",
            "Some of the information sent was not valid. Please check it and try again.",
        ),
        AppError::Conflict(_) => (
            "That changed meanwhile",
            "Someone changed this at the same time. Please reload and try again.",
        ),
        AppError::Unavailable => (
            "Busy right now",
            "The pavilion is very busy. Please try again in a moment.",
        ),
        AppError::Internal => (
            "Something went wrong",
            "We could not show this page. The team has been told; please try again soon.",
        ),
    }
}
