//! Server functions for the pavilion's public pages: cacheable reads by locale and slug.

use crate::error::AppError;
use crate::pavilion::model::{BoothPage, HallPage, HomePage, ProductPage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(input = GetUrl)]
pub async fn get_home(locale: String) -> Result<HomePage, AppError> {
    use crate::agenda::store::{self as agenda, Streams};
    use crate::i18n::Locale;
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let now = now();
    let halls = store::halls(db, locale).await?;
    let featured = store::booths(db, locale, Booths::Featured, now).await?;
    let live = agenda::streams(db, locale, Streams::Live).await?;
    let upcoming = agenda::streams(db, locale, Streams::Upcoming { now, limit: 6 }).await?;
    let replays = agenda::streams(db, locale, Streams::Replays { limit: 3 }).await?;
    let (booth_total, product_total) = store::totals(db).await?;
    Ok(HomePage {
        now,
        halls,
        featured: featured.into_iter().map(|b| b.card).collect(),
        live: live.into_iter().map(|s| s.card).collect(),
        upcoming: upcoming.into_iter().map(|s| s.card).collect(),
        replays: replays.into_iter().map(|s| s.card).collect(),
        booth_total,
        product_total,
    })
}

#[server(input = GetUrl)]
pub async fn get_hall(locale: String, slug: String) -> Result<HallPage, AppError> {
    use crate::agenda::store::{self as agenda, Streams};
    use crate::core::Slug;
    use crate::i18n::Locale;
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let hall = store::hall(db, locale, slug.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let now = now();
    let booths = store::booths(db, locale, Booths::InHall(hall.id), now).await?;
    let streams = agenda::streams(db, locale, Streams::InHall(hall.id)).await?;
    Ok(HallPage {
        now,
        hall: hall.summary,
        description: hall.description,
        plan_cols: hall.plan_cols,
        plan_rows: hall.plan_rows,
        booths: store::placed(booths),
        streams: streams.into_iter().map(|s| s.card).collect(),
        in_fallback: hall.untranslated,
    })
}

#[server(input = GetUrl)]
pub async fn get_booth(locale: String, slug: String) -> Result<BoothPage, AppError> {
    use crate::agenda::store::{self as agenda, Streams};
    use crate::core::Slug;
    use crate::i18n::Locale;
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let now = now();
    let booth = store::booths(db, locale, Booths::Slug(slug.as_str()), now)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let products = store::products_of_booth(db, locale, booth.id, None).await?;
    let streams = agenda::streams(db, locale, Streams::OfBooth(booth.id)).await?;
    Ok(BoothPage {
        now,
        booth: booth.card,
        description: booth.description,
        founded_year: booth.founded_year,
        council: booth.council,
        products,
        streams: streams.into_iter().map(|s| s.card).collect(),
        in_fallback: booth.untranslated,
    })
}

#[server(input = GetUrl)]
pub async fn get_product(locale: String, slug: String) -> Result<ProductPage, AppError> {
    use crate::core::Slug;
    use crate::i18n::Locale;
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let locale = Locale::parse(&locale).ok_or(AppError::NotFound)?;
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let product = store::product(db, locale, slug.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let booth = store::booths(db, locale, Booths::Slug(&product.booth_slug), now())
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let more = store::products_of_booth(db, locale, booth.id, Some(slug.as_str())).await?;
    Ok(ProductPage {
        product: product.detail,
        booth: booth.card,
        more_from_booth: more,
        in_fallback: product.untranslated,
    })
}
