//! Server functions for streams.

use crate::agenda::model::StreamPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(input = GetUrl)]
pub async fn get_stream(locale: String, slug: String) -> Result<StreamPage, AppError> {
    use crate::agenda::store;
    use crate::core::Slug;
    use crate::i18n::Locale;
    use crate::pavilion::store as pavilion;
    use crate::state::{AppState, now};

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let full = store::stream(&state.db, locale, slug.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let hosts = store::hosts_of(&state.db, full.id).await?;
    let mut products = pavilion::products_of_stream(&state.db, locale, full.id).await?;
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    pavilion::price_cards(&mut products, &pricing);
    Ok(StreamPage {
        now: now(),
        stream: full.card,
        description: full.description,
        hosts,
        products,
        replay_src: full.replay_src,
        in_fallback: full.untranslated,
    })
}
