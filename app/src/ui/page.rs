//! An async page region: waits for its data, then renders it or the error template.

use crate::error::AppError;
use crate::i18n::{Locale, tr};
use crate::ui::error_template::ErrorTemplate;
use crate::ui::layout::{encode, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;

/// The data of a page named by one URL parameter (`/{locale}/halls/{hall}`): fetched with
/// the page's locale and that parameter, and awaited before the page is sent.
pub fn slug_resource<T, F, Fut>(param: &'static str, fetch: F) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(Locale, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let locale = use_locale();
    let params = use_params_map();
    Resource::new_blocking(
        move || (locale, params.read().get(param).unwrap_or_default()),
        move |(locale, slug)| fetch(locale, slug),
    )
}

/// The data of a page named by one URL parameter and read with one query parameter
/// (`/{locale}/orders/{order}?key=…`, `/{locale}/meetings/{meeting}?tz=…`).
pub fn slug_query_resource<T, F, Fut>(
    param: &'static str,
    query: &'static str,
    fetch: F,
) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(Locale, String, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let locale = use_locale();
    let params = use_params_map();
    let queries = leptos_router::hooks::use_query_map();
    Resource::new_blocking(
        move || {
            (
                locale,
                params.read().get(param).unwrap_or_default(),
                queries.read().get(query).unwrap_or_default(),
            )
        },
        move |(locale, slug, value)| fetch(locale, slug, value),
    )
}

/// The data of a page named by its locale alone (`/{locale}/cart`).
pub fn locale_resource<T, F, Fut>(fetch: F) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(Locale) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let locale = use_locale();
    Resource::new_blocking(move || locale, fetch)
}

#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loading = tr!(use_locale().ui(), loading);
    view! {
        <Suspense fallback=move || view! { <main id="main" class="page"><p class="loading">{loading}</p></main> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorTemplate errors/> }>
                {move || {
                    let render = render.clone();
                    Suspend::new(async move { resource.await.map(render) })
                }}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The cursor a paged list was opened at (`?{param}=…`), if any.
pub fn cursor_param(param: &'static str) -> Option<String> {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get(param))
}

/// The links under one page of a list: on to the next page, back to the first. Plain links,
/// so paging works without JavaScript; each list pages by its own parameter.
#[component]
pub fn Pager(param: &'static str, next: Option<String>, label: String) -> impl IntoView {
    let ui = use_locale().ui();
    let paged = cursor_param(param).is_some();
    // The page's other parameters (another list's cursor) stay as they are.
    let others: Vec<(String, String)> = leptos_router::hooks::use_query_map().with_untracked(|q| {
        q.clone()
            .into_iter()
            .filter(|(k, _)| &**k != param)
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    });
    let query = |cursor: Option<&str>| {
        let mut pairs = others.clone();
        if let Some(cursor) = cursor {
            pairs.push((param.to_owned(), cursor.to_owned()));
        }
        let text = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        if text.is_empty() {
            String::new()
        } else {
            format!("?{text}")
        }
    };
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    (paged || next.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {paged.then(|| view! { <a class="button button--ghost" href=format!("{path}{}", query(None))>{tr!(ui, page_first)}</a> })}
                {next.map(|cursor| view! {
                    <a class="button button--outline" rel="next" href=format!("{path}{}", query(Some(&cursor)))>{tr!(ui, page_next)}</a>
                })}
            </nav>
        }
    })
}
