//! Server functions for the pavilion's public pages: cacheable reads by locale and slug.

use crate::error::AppError;
use crate::i18n::Locale;
use crate::pavilion::model::{BoothPage, HallPage, HomePage, ProductPage, SearchPage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(input = GetUrl)]
pub async fn get_home(locale: Locale) -> Result<HomePage, AppError> {
    use crate::agenda::store::{self as agenda, Streams};

    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

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
pub async fn get_hall(locale: Locale, slug: String) -> Result<HallPage, AppError> {
    use crate::agenda::store::{self as agenda, Streams};
    use crate::core::Slug;
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

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
pub async fn get_booth(locale: Locale, slug: String) -> Result<BoothPage, AppError> {
    use crate::agenda::store::{self as agenda, Streams};
    use crate::core::Slug;
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let now = now();
    let booth = store::booths(db, locale, Booths::Slug(slug.as_str()), now)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let mut products = store::products_of_booth(db, locale, booth.id, None).await?;
    let pricing = crate::i18n::fx::Pricing::of_request(db, locale).await?;
    store::price_cards(&mut products, &pricing);
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
pub async fn get_product(locale: Locale, slug: String) -> Result<ProductPage, AppError> {
    use crate::core::{Money, Slug};
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let db = &state.db;
    let mut product = store::product(db, locale, slug.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let pricing = crate::i18n::fx::Pricing::of_request(db, locale).await?;
    product.detail.price_tag = pricing.tag(product.detail.price);
    let booth = store::booths(db, locale, Booths::Slug(&product.booth_slug), now())
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let mut more = store::products_of_booth(db, locale, booth.id, Some(slug.as_str())).await?;
    store::price_cards(&mut more, &pricing);
    let p = &product.detail;
    let bands = p
        .trade
        .breaks
        .bands(p.price.minor, p.moq, p.max_per_order)
        .into_iter()
        .map(|band| (band, pricing.tag(Money::inr(band.price_minor))))
        .collect();
    let sample_price = p
        .trade
        .sample
        .as_ref()
        .map(|s| pricing.tag(Money::inr(s.price_minor)));
    Ok(ProductPage {
        product: product.detail,
        booth: booth.card,
        more_from_booth: more,
        in_fallback: product.untranslated,
        fx: pricing.note(now()),
        bands,
        sample_price,
    })
}

/// Products and booths matching `q` in any locale and script; results in the reader's
/// language with the matching text highlighted.
#[server(input = GetUrl)]
pub async fn search(locale: Locale, q: String) -> Result<SearchPage, AppError> {
    use crate::pavilion::search::{self, MAX_QUERY};
    use crate::pavilion::store::{self, Booths};
    use crate::state::{AppState, now};

    let query = q.trim().to_owned();
    let too_long = query.chars().count() > MAX_QUERY;
    let too_short = !query.is_empty() && !search::long_enough(&query);
    if too_long || too_short {
        return Ok(SearchPage {
            query,
            too_long,
            too_short,
            products: Vec::new(),
            booths: Vec::new(),
        });
    }
    let state = AppState::current()?;
    let db = &state.db;
    let hits = search::search(db, state.backend, locale, &query).await?;
    let ids_of = |kind: &str| -> Vec<i64> {
        hits.iter()
            .filter(|(k, _, _)| k == kind)
            .map(|(_, id, _)| *id)
            .take(48)
            .collect()
    };
    let by_ref: std::collections::HashMap<(&str, i64), &crate::pavilion::model::SearchHit> = hits
        .iter()
        .map(|(kind, id, hit)| ((kind.as_str(), *id), hit))
        .collect();
    let hit_of = |kind: &str, id: i64| by_ref.get(&(kind, id)).map(|hit| (*hit).clone());
    let product_ids = ids_of("product");
    let mut cards = store::products_by_ids(db, locale, &product_ids).await?;
    let pricing = crate::i18n::fx::Pricing::of_request(db, locale).await?;
    for (_, card) in &mut cards {
        card.price_tag = pricing.tag(card.price);
    }
    let products = cards
        .into_iter()
        .filter_map(|(id, card)| hit_of("product", id).map(|hit| (card, hit)))
        .collect();
    let booth_ids = ids_of("booth");
    let mut booths: Vec<_> = store::booths(db, locale, Booths::Ids(&booth_ids), now())
        .await?
        .into_iter()
        .filter_map(|b| hit_of("booth", b.id).map(|hit| (b.id, b.card, hit)))
        .collect();
    booths.sort_by_key(|(id, _, _)| booth_ids.iter().position(|i| i == id));
    Ok(SearchPage {
        query,
        too_long: false,
        too_short: false,
        products,
        booths: booths
            .into_iter()
            .map(|(_, card, hit)| (card, hit))
            .collect(),
    })
}
