//! A stream: countdown before, live badge during, replay after; hosts and featured products.

use crate::agenda::api::get_stream;
use crate::agenda::model::{StreamPage as Data, StreamState};
use crate::agenda::views::countdown::LocalTime;
use crate::agenda::views::stage::Stage;
use crate::agenda::views::state_badge::StateBadge;
use crate::i18n::tr;
use crate::live::model::ChapterKind;
use crate::live::views::{ChapterView, LiveRoom, price_label};
use crate::pavilion::views::product_card::ProductGrid;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::{JsonLd, Seo};
use leptos::prelude::*;

#[component]
pub fn StreamPage() -> impl IntoView {
    let data = slug_resource("stream", get_stream);
    view! { <Loaded resource=data render=move |page| view! { <Stream page/> }/> }
}

#[component]
fn Stream(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Data {
        now,
        stream,
        description,
        hosts,
        products,
        in_fallback,
        following,
        stage,
        room,
        chapters,
    } = page;
    // Chapters name their product in the reader's language, priced in their currency.
    let chapters: Vec<ChapterView> = chapters
        .into_iter()
        .filter_map(|c| match c.what {
            ChapterKind::Answer { question } => Some(ChapterView {
                offset: c.offset,
                label: question,
                answer: true,
                buy: None,
            }),
            ChapterKind::Product(id) => {
                let setup = room.as_ref()?;
                let p = setup.catalogue.iter().find(|p| p.id == id)?;
                Some(ChapterView {
                    offset: c.offset,
                    label: p.name.clone(),
                    answer: false,
                    buy: Some((
                        href(
                            locale,
                            &format!("/checkout?product={}&stream={}", p.slug, stream.slug),
                        ),
                        price_label(locale, setup.rate, p.price_minor),
                    )),
                })
            }
        })
        .collect();
    let style = format!("--hall: {}", stream.hall_colour);
    let stream_slug = stream.slug.clone();
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": stream.title,
        "description": description,
        "startDate": stream.starts_at.rfc3339(),
        "endDate": stream.ends_at.rfc3339(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": if stream.state == StreamState::Cancelled { "https://schema.org/EventCancelled" } else { "https://schema.org/EventScheduled" },
        "organizer": { "@type": "Organization", "name": stream.booth_name },
        "performer": hosts.iter().map(|h| serde_json::json!({ "@type": "Person", "name": h.name })).collect::<Vec<_>>(),
    });
    let stage = view! {
        <Stage slug=stream.slug.clone() title=stream.title.clone() stage starts_at=stream.starts_at.seconds()
            server_now=now.seconds() locale chapters/>
    };
    let follow = following.map(|on| {
        let action = href(locale, &format!("/streams/{}/follow", stream.slug));
        view! {
            <form method="post" action=action class="inline-form">
                <input type="hidden" name="op" value=if on { "unfollow" } else { "follow" }/>
                {on.then(|| view! { <p class="notice" role="status">{tr!(ui, reminder_set)}</p> })}
                <button type="submit" class=if on { "button button--outline" } else { "button button--primary" }
                    aria-describedby="follow-hint">
                    {if on { tr!(ui, stop_reminder) } else { tr!(ui, remind_me) }}
                </button>
                <p class="field__hint" id="follow-hint">{tr!(ui, follow_visible_to_booth)}</p>
            </form>
        }
    });
    // A refused follow (signed out, or the stream is over) comes back here with its status.
    let submission = crate::forms::use_submission();
    let refused =
        submission.refused().then(|| {
            match submission.problems.first() {
        Some(problem) => view! {
            <p class="form-alert" role="alert">{crate::forms::message(locale, &problem.code)}</p>
        }
        .into_any(),
        None => view! {
            <p class="form-alert" role="alert">
                <a href=href(locale, "/account/signin")>{tr!(ui, sign_in_to_remind)}</a>
            </p>
        }
        .into_any(),
    }
        });
    let remind = match follow {
        Some(form) => form.into_any(),
        None if matches!(stream.state, StreamState::Scheduled | StreamState::Live) => view! {
            <p><a class="button button--outline" href=href(locale, "/account/signin")>{tr!(ui, sign_in_to_remind)}</a></p>
        }
        .into_any(),
        None => ().into_any(),
    };
    view! {
        <Seo title=stream.title.clone() description=tr!(ui, live_from, booth = stream.booth_name.clone(), title = stream.title.clone()) path=Some(format!("/streams/{}", stream.slug))/>
        <JsonLd value=json_ld/>
        <main id="main" class="page" style=style>
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=href(locale, &format!("/booths/{}", stream.booth_slug))>{stream.booth_name.clone()}</a>
            </nav>
            <div class="stream-head">
                <StateBadge state=stream.state/>
                <h1>{stream.title.clone()}</h1>
                <p class="stream-card__time">
                    <time datetime=stream.starts_at.rfc3339()>{stream.event_time.clone()}</time>
                    " "<LocalTime at=stream.starts_at.seconds() locale/>
                </p>
            </div>
            {stage}
            {room.map(|setup| view! { <LiveRoom setup locale/> })}
            <div class="stream-actions">
                {refused}
                {remind}
                <a class="button button--outline" href=format!("/streams/{}.ics", stream.slug) download="">{tr!(ui, add_to_calendar)}</a>
            </div>
            <script src="/js/hls.light.min.js" defer=true></script>
            {in_fallback.then(|| view! { <p class="fallback-note">{tr!(ui, fallback_note)}</p> })}
            <p class="prose">{description}</p>
            {(!hosts.is_empty()).then(|| view! {
                <section aria-labelledby="hosts-title">
                    <h2 id="hosts-title">{tr!(ui, hosts)}</h2>
                    <ul class="hosts">
                        {hosts.into_iter().map(|h| view! {
                            <li class="host"><strong>{h.name}</strong><span>{h.title}</span><span class="host__lang">{h.languages}</span></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!products.is_empty()).then(|| view! {
                <section aria-labelledby="featured-products-title">
                    <h2 id="featured-products-title">{tr!(ui, featured_in_stream)}</h2>
                    <ProductGrid products stream=Some(stream_slug.clone())/>
                </section>
            })}
        </main>
    }
    .into_any()
}
