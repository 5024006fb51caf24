//! An async page region: waits for its data, then renders it or the error template.

use crate::error::AppError;
use crate::ui::error_template::ErrorTemplate;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <main id="main" class="page"><p class="loading">"Loading…"</p></main> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorTemplate errors/> }>
                {move || {
                    let render = render.clone();
                    Suspend::new(async move { resource.await.map(render) })
                }}
            </ErrorBoundary>
        </Suspense>
    }
}
