//! `/{locale}/agenda`: every stream by day in the viewer's zone, the event's own time beside
//! the viewer's, "+1 day" / "−1 day" where the two dates differ; filters by hall, language
//! and product category; a zone picker; the agenda as a calendar feed.

use crate::agenda::api::{ZONE_COOKIE, get_agenda};
use crate::agenda::model::{Agenda as Data, AgendaItem};
use crate::agenda::views::state_badge::StateBadge;
use crate::i18n::{Locale, tr};
use crate::ui::form::Select;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::Loaded;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgendaPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                locale,
                get("hall"),
                get("language"),
                get("category"),
                get("tz"),
            )
        },
        |(locale, hall, language, category, tz)| get_agenda(locale, hall, language, category, tz),
    );
    view! { <Loaded resource=data render=move |page| view! { <Agenda page/> }/> }
}

fn with_any(locale: Locale, options: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut all = vec![(String::new(), tr!(locale.ui(), filter_any).to_owned())];
    all.extend(options);
    all
}

#[component]
fn Agenda(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let zones: Vec<(String, String)> = page
        .time_zones
        .iter()
        .map(|z| (z.clone(), z.replace('_', " ")))
        .collect();
    let halls = page
        .halls
        .iter()
        .map(|o| (o.value.clone(), o.label.clone()))
        .collect();
    let languages = page
        .languages
        .iter()
        .map(|o| (o.value.clone(), o.label.clone()))
        .collect();
    let categories = page
        .categories
        .iter()
        .map(|o| (o.value.clone(), o.label.clone()))
        .collect();
    let notice = page.unknown_zone.clone().map(|asked| {
        view! {
            <p class="notice notice--warning" role="alert">
                {tr!(ui, unknown_zone, zone = asked, fallback = page.zone.clone())}
            </p>
        }
    });
    let days = if page.days.is_empty() {
        view! { <p class="notice">{tr!(ui, no_streams_match)}</p> }.into_any()
    } else {
        page.days
            .into_iter()
            .map(|day| {
                let id = format!("day-{}", day.key);
                let labelled = id.clone();
                view! {
                    <section class="agenda-day" aria-labelledby=labelled>
                        <h2 id=id class="agenda-day__heading">{day.heading}</h2>
                        <ol class="agenda-list">
                            {day.items.into_iter().map(|item| view! { <Item item/> }).collect_view()}
                        </ol>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Seo title=tr!(ui, agenda_title).to_owned() description=tr!(ui, agenda_lead).to_owned() path=Some("/agenda".to_owned())/>
        <main id="main" class="page agenda">
            <header class="page-hero">
                <h1>{tr!(ui, agenda_title)}</h1>
                <p class="page-hero__lead">{tr!(ui, agenda_lead)}</p>
            </header>
            {notice}
            <form class="filters" method="get" action=href(locale, "/agenda")>
                <Select id="tz" label=tr!(ui, your_zone).to_owned() options=zones selected=page.zone.clone()/>
                <Select id="hall" label=tr!(ui, filter_hall).to_owned() options=with_any(locale, halls) selected=page.hall/>
                <Select id="language" label=tr!(ui, filter_language).to_owned() options=with_any(locale, languages) selected=page.language/>
                <Select id="category" label=tr!(ui, filter_category).to_owned() options=with_any(locale, categories) selected=page.category/>
                <button type="submit" class="button button--primary">{tr!(ui, filter_show)}</button>
            </form>
            <p><a class="button button--outline" href="/agenda.ics" download="">{tr!(ui, agenda_ics)}</a></p>
            <ZoneSync zone=page.zone/>
            {days}
        </main>
    }
}

#[component]
fn Item(item: AgendaItem) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let AgendaItem {
        card,
        hall_name,
        viewer_time,
        day_shift,
        main_stage,
    } = item;
    let style = format!("--hall: {}", card.hall_colour);
    let shift = match day_shift {
        0 => None,
        d if d > 0 => Some((tr!(ui, day_later), tr!(ui, day_later_long))),
        _ => Some((tr!(ui, day_earlier), tr!(ui, day_earlier_long))),
    };
    let language = Locale::parse(&card.language)
        .map_or_else(|| card.language.clone(), |l| l.endonym().to_owned());
    view! {
        <li class=format!("agenda-item agenda-item--{}", card.state.as_str()) style=style>
            <div class="agenda-item__times">
                <p>
                    <span class="agenda-item__label">{tr!(ui, event_time)}</span>
                    <time datetime=card.starts_at.rfc3339()>{card.event_time.clone()}</time>
                </p>
                <p class="agenda-item__local">
                    <span class="agenda-item__label">{tr!(ui, local_time)}</span>
                    <time datetime=card.starts_at.rfc3339()>{viewer_time}</time>
                    {shift.map(|(short, long)| view! {
                        " "<span class="day-shift"><span aria-hidden="true">{short}</span><span class="visually-hidden">{format!("({long})")}</span></span>
                    })}
                </p>
            </div>
            <div class="agenda-item__body">
                <p class="agenda-item__badges">
                    <StateBadge state=card.state/>
                    {main_stage.then(|| view! { <span class="badge badge--stage">{tr!(ui, main_stage)}</span> })}
                </p>
                <h3 class="agenda-item__title">
                    <a href=href(locale, &format!("/streams/{}", card.slug))>{card.title.clone()}</a>
                </h3>
                <p class="agenda-item__meta">
                    <a href=href(locale, &format!("/booths/{}", card.booth_slug))>{card.booth_name.clone()}</a>
                    " · "{hall_name}" · "<span lang=card.language.clone()>{language}</span>
                    {(!card.hosts.is_empty()).then(|| format!(" · {}", tr!(ui, with_hosts, hosts = card.hosts.join(", "))))}
                </p>
            </div>
        </li>
    }
}

/// Tells the server the browser's zone: when no zone has been chosen or remembered yet, the
/// browser's own goes into the zone cookie and, if the page was drawn for another zone, the
/// page is drawn again for it.
#[island]
pub fn ZoneSync(zone: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use js_sys::Reflect;
        let document = leptos::prelude::document();
        let cookies = Reflect::get(&document, &"cookie".into())
            .ok()
            .and_then(|c| c.as_string())
            .unwrap_or_default();
        if cookies.contains(&format!("{ZONE_COOKIE}=")) {
            return;
        }
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        let Some(browser) = Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|z| z.as_string())
        else {
            return;
        };
        let browser = crate::core::canonical_zone(&browser);
        let cookie = format!("{ZONE_COOKIE}={browser}; path=/; max-age=31536000; samesite=lax");
        let _ = Reflect::set(&document, &"cookie".into(), &cookie.into());
        if browser != zone {
            let _ = leptos::prelude::window().location().reload();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (&zone, ZONE_COOKIE);
}
