//! Server functions for streams, the agenda and the scheduling console.

use crate::agenda::model::{Agenda, ScheduleForm, StreamPage};
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The cookie that remembers the viewer's time zone (set by the browser, or by a pick).
pub const ZONE_COOKIE: &str = "pavilion_tz";

/// Where the live playlist of a stream is served, by this app from nginx's HLS folder.
pub fn live_src(slug: &str) -> String {
    format!("/live/hls/{slug}.m3u8")
}

#[cfg(feature = "ssr")]
pub fn stage_of(
    state: crate::agenda::model::StreamState,
    slug: &str,
    replay: Option<String>,
) -> crate::agenda::model::StageState {
    use crate::agenda::model::StreamState;
    crate::agenda::model::StageState {
        state,
        live_src: (state == StreamState::Live).then(|| live_src(slug)),
        replay_src: replay,
    }
}

#[server(input = GetUrl)]
pub async fn get_stream(locale: Locale, slug: String) -> Result<StreamPage, AppError> {
    use crate::agenda::store;
    use crate::core::Slug;

    use crate::pavilion::store as pavilion;
    use crate::state::{AppState, now};

    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let state = AppState::current()?;
    let full = store::stream(&state.db, locale, slug.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let hosts = store::hosts_of(&state.db, full.id).await?;
    let mut products = pavilion::products_of_stream(&state.db, locale, full.id).await?;
    let pricing = crate::i18n::fx::Pricing::of_request(&state.db, locale).await?;
    pavilion::price_cards(&mut products, &pricing);
    let following = match crate::accounts::store::current_user() {
        Some(user) => {
            // Watching live or the replay counts for attribution (7 days).
            if matches!(
                full.card.state,
                crate::agenda::model::StreamState::Live | crate::agenda::model::StreamState::Replay
            ) {
                crate::checkout::orders::watched(&state.db, user.id, full.id, now()).await?;
            }
            Some(store::follows(&state.db, user.id, full.id).await?)
        }
        None => None,
    };
    let room = if full.card.state == crate::agenda::model::StreamState::Cancelled {
        None
    } else {
        use crate::agenda::model::StreamState;
        use crate::live::store as live;
        let stream = live::room_stream(&state.db, slug.as_str())
            .await?
            .ok_or(AppError::NotFound)?;
        let user = crate::accounts::store::current_user();
        Some(crate::live::views::RoomSetup {
            stream: full.card.slug.clone(),
            role: live::role(&state.db, user.as_ref(), &stream).await?,
            open: matches!(full.card.state, StreamState::Scheduled | StreamState::Live),
            live: full.card.state == StreamState::Live,
            catalogue: live::catalogue(&state.db, locale, stream.booth_id).await?,
            rate: pricing.rate.map(|r| r.rate),
            state: live::load_state(&state.db, stream.id).await?,
            viewers: 0,
            now_ms: crate::state::now_ms(),
        })
    };
    let chapters = match &room {
        Some(_) if full.card.state == crate::agenda::model::StreamState::Replay => {
            crate::live::store::chapters(&state.db, full.id).await?
        }
        _ => Vec::new(),
    };
    Ok(StreamPage {
        room,
        chapters,
        now: now(),
        stage: stage_of(full.card.state, &full.card.slug, full.replay_src),
        stream: full.card,
        description: full.description,
        hosts,
        products,
        in_fallback: full.untranslated,
        following,
    })
}

/// The agenda in the viewer's zone: `tz` when asked (and then remembered), else the zone
/// cookie, else the expo's zone.
#[server(input = GetUrl)]
pub async fn get_agenda(
    locale: Locale,
    hall: String,
    language: String,
    category: String,
    tz: String,
) -> Result<Agenda, AppError> {
    use crate::agenda::store::{self, AgendaFilter};
    use crate::i18n::Locale;
    use crate::state::{AppState, now};

    let state = AppState::current()?;
    let (zone, unknown_zone) = viewer_zone(&tz);
    let filter = AgendaFilter {
        hall: hall.trim().to_owned(),
        language: language.trim().to_owned(),
        category: category.trim().to_owned(),
    };
    let days = store::agenda(&state.db, locale, &filter, &zone, now()).await?;
    let (halls, languages, categories) = store::agenda_options(&state.db, locale).await?;
    let time_zones = zone_choices(&zone);
    Ok(Agenda {
        zone,
        unknown_zone,
        hall: filter.hall,
        language: filter.language,
        category: filter.category,
        halls,
        languages: languages
            .into_iter()
            .map(|code| crate::agenda::model::FilterOption {
                label: Locale::parse(&code)
                    .map_or_else(|| code.clone(), |l| l.endonym().to_owned()),
                value: code,
            })
            .collect(),
        categories: categories
            .into_iter()
            .map(|c| crate::agenda::model::FilterOption {
                value: c.clone(),
                label: c,
            })
            .collect(),
        time_zones,
        days,
    })
}

/// The scheduling form; `slug` is empty for a new stream.
#[server(input = GetUrl)]
pub async fn get_schedule_form(_locale: Locale, slug: String) -> Result<ScheduleForm, AppError> {
    let state = crate::state::AppState::current()?;
    let user = crate::accounts::store::current_user();
    let slug = (!slug.is_empty()).then_some(slug.as_str());
    crate::agenda::schedule::schedule_form(
        &state.db,
        user.as_ref(),
        slug,
        &state.ingest,
        crate::state::now(),
    )
    .await
}

/// The viewer's notices about followed streams, a page at a time (and marks them read).
#[server(input = GetUrl)]
pub async fn get_notices(
    locale: Locale,
    before: Option<String>,
) -> Result<crate::core::Page<crate::agenda::model::Notice>, AppError> {
    use crate::core::Cursor;
    let state = crate::state::AppState::current()?;
    let Some(user) = crate::accounts::store::current_user() else {
        return Ok(crate::core::Page::default());
    };
    let from = before
        .as_deref()
        .and_then(Cursor::parse)
        .unwrap_or(Cursor::NEWEST);
    let now = crate::state::now();
    Ok(crate::agenda::follows::notices(&state.db, &user, locale, from, now).await?)
}

/// The viewer's time zone: `tz` when asked (and then remembered in a cookie), else the zone
/// cookie, else the expo's zone; an unknown zone asked for is answered with a 400 and named
/// back (sanitised) beside the zone used instead.
#[cfg(feature = "ssr")]
pub fn viewer_zone(tz: &str) -> (String, Option<String>) {
    use crate::core::{canonical_zone, known_zone, zone_of};
    let remembered = use_context::<http::request::Parts>().and_then(|parts| {
        let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
        crate::i18n::prefs::cookie(header, ZONE_COOKIE).map(str::to_owned)
    });
    let remembered = zone_of(None, remembered.as_deref());
    let asked = canonical_zone(tz.trim());
    if asked.is_empty() {
        (remembered, None)
    } else if known_zone(asked) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(value) = http::HeaderValue::from_str(&format!(
                "{ZONE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                asked
            ))
        {
            response.append_header(http::header::SET_COOKIE, value);
        }
        (asked.to_owned(), None)
    } else {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::BAD_REQUEST);
        }
        (remembered, Some(crate::i18n::prefs::sanitise_zone(asked)))
    }
}

/// The zones a picker offers, `zone` among them.
#[cfg(feature = "ssr")]
pub fn zone_choices(zone: &str) -> Vec<String> {
    let mut zones: Vec<String> = crate::core::ZONES.iter().map(|z| (*z).to_owned()).collect();
    if !zones.iter().any(|z| z == zone) {
        zones.insert(0, zone.to_owned());
    }
    zones
}
