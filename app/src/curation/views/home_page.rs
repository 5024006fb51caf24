//! The curator's desk: the queues of applications and the council's halls.

use super::StagePill;
use crate::core::Page;
use crate::curation::api::get_curator_home;
use crate::curation::model::{CuratorHome as HomeData, QueueItem};
use crate::i18n::tr;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, Pager, cursor_param};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CuratorHomePage() -> impl IntoView {
    let locale = use_locale();
    let pages = (cursor_param("waiting"), cursor_param("recent"));
    let data = Resource::new_blocking(
        move || (locale, pages.clone()),
        |(locale, (waiting, recent))| get_curator_home(locale, waiting, recent),
    );
    view! { <Loaded resource=data render=move |page| view! { <CuratorHome page/> }/> }
}

#[component]
fn Queue(
    items: Page<QueueItem>,
    empty: &'static str,
    param: &'static str,
    label: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Page { items, next } = items;
    if items.is_empty() && next.is_none() {
        return view! {
            <p class="notice">{empty}</p>
            <Pager param=param next=None label=label.to_owned()/>
        }
        .into_any();
    }
    view! {
        <table class="data-table">
            <thead><tr>
                <th scope="col">{tr!(ui, field_company)}</th>
                <th scope="col">{tr!(ui, hall)}</th>
                <th scope="col">{tr!(ui, status)}</th>
                <th scope="col">{tr!(ui, updated)}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|item| view! {
                    <tr>
                        <th scope="row"><a href=href(locale, &format!("/curator/applications/{}", item.id))>{item.company_name}</a></th>
                        <td>{item.hall_name}</td>
                        <td><StagePill stage=item.stage/></td>
                        <td>{item.updated}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager param=param next=next label=label.to_owned()/>
    }
    .into_any()
}

#[component]
fn CuratorHome(page: HomeData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <Seo title=tr!(ui, curator_console).to_owned() description=page.council.clone() path=None/>
        <main id="main" class="page console">
            <h1>{tr!(ui, curator_console)}</h1>
            {(!page.council.is_empty()).then(|| view! { <p class="page-hero__council">{page.council.clone()}</p> })}
            <p class="button-row">
                <a class="button button--outline" href=href(locale, "/curator/rfqs")>{tr!(ui, council_rfqs_title)}</a>
                <a class="button button--outline" href=href(locale, "/curator/meetings")>{tr!(ui, council_meetings_title)}</a>
                <a class="button button--outline" href=href(locale, "/curator/outcomes")>{tr!(ui, insights_outcomes_title)}</a>
            </p>
            <section aria-labelledby="halls-title" class="console-section">
                <h2 id="halls-title">{tr!(ui, your_halls)}</h2>
                <ul class="console-halls">
                    {page.halls.into_iter().map(|h| {
                        let style = format!("--hall: {}", h.colour);
                        view! {
                            <li style=style>
                                <a href=href(locale, &format!("/curator/halls/{}", h.slug))>{h.name}</a>
                                <span>{tr!(ui, waiting_label)}": "<strong>{h.waiting}</strong></span>
                                <span>{tr!(ui, booths_label)}": "<strong>{h.booths}</strong></span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="queue-title" class="console-section">
                <h2 id="queue-title">{tr!(ui, review_queue)}</h2>
                <Queue items=page.waiting empty=tr!(ui, queue_empty) param="waiting" label=tr!(ui, review_queue)/>
            </section>
            <section aria-labelledby="recent-title" class="console-section">
                <h2 id="recent-title">{tr!(ui, recent_decisions)}</h2>
                <Queue items=page.recent empty=tr!(ui, queue_empty) param="recent" label=tr!(ui, recent_decisions)/>
            </section>
        </main>
    }
}
