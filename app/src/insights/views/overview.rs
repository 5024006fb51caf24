//! The booth's streams side by side, `/{locale}/exhibitor/insights`: each stream's key
//! figures and how they moved from the stream before it, in words for screen readers.

use crate::i18n::{Locale, number, tr};
use crate::insights::api::get_booth_insights;
use crate::insights::model::{BoothInsights, StreamSummary};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::Loaded;
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn BoothInsightsPage() -> impl IntoView {
    let locale = use_locale();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new_blocking(
        move || (locale, query.read().get("tz").unwrap_or_default()),
        |(locale, tz)| get_booth_insights(locale, tz),
    );
    view! { <Loaded resource=data render=move |page| view! { <Overview page/> }/> }
}

/// A figure's move from the stream before: an arrow and the amount, said in words.
#[component]
fn Moved(locale: Locale, by: i64, shown: String) -> impl IntoView {
    let ui = locale.ui();
    let (class, mark, words) = match by {
        0 => (
            "moved moved--same",
            "=",
            tr!(ui, insights_change_same).to_owned(),
        ),
        by if by > 0 => (
            "moved moved--up",
            "▲",
            tr!(ui, insights_change_more, change = shown.clone()),
        ),
        _ => (
            "moved moved--down",
            "▼",
            tr!(ui, insights_change_fewer, change = shown.clone()),
        ),
    };
    let amount = (by != 0).then_some(shown);
    view! {
        <span class=class>
            <span aria-hidden="true">{mark}" "{amount}</span>
            <span class="visually-hidden">{words}</span>
        </span>
    }
}

#[component]
fn Row(summary: StreamSummary) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let n = move |v: i64| number(locale, v);
    let StreamSummary {
        slug,
        title,
        live,
        live_from,
        viewers,
        peak,
        average_watch,
        questions,
        orders,
        sales,
        change,
    } = summary;
    let moved = move |by: Option<i64>| {
        by.map(|by| view! { <Moved locale by shown=number(locale, by.abs())/> })
    };
    let report_href = href(locale, &format!("/exhibitor/streams/{slug}/report"));
    let when = if live {
        tr!(ui, insights_live_now).to_owned()
    } else {
        live_from
    };
    view! {
        <tr>
            <th scope="row">
                <a href=report_href><bdi>{title}</bdi></a>
                <span class="overview__when">{when}</span>
            </th>
            <td>{n(viewers)}" "{moved(change.as_ref().map(|c| c.viewers))}</td>
            <td>{n(peak)}" "{moved(change.as_ref().map(|c| c.peak))}</td>
            <td>{average_watch}</td>
            <td>{n(questions)}" "{moved(change.as_ref().map(|c| c.questions))}</td>
            <td>{n(orders)}" "{moved(change.as_ref().map(|c| c.orders))}</td>
            <td>{sales}" "{change.map(|c| view! { <Moved locale by=c.sales_minor shown=c.sales/> })}</td>
        </tr>
    }
}

#[component]
fn Overview(page: BoothInsights) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let body = if page.streams.is_empty() {
        view! { <p class="notice">{tr!(ui, insights_no_streams_yet)}</p> }.into_any()
    } else {
        let rows = page
            .streams
            .into_iter()
            .map(|summary| view! { <Row summary/> })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="data-table overview">
                    <caption class="visually-hidden">{tr!(ui, insights_overview_title)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(ui, insights_col_stream)}</th>
                        <th scope="col">{tr!(ui, insights_viewers)}</th>
                        <th scope="col">{tr!(ui, insights_peak)}</th>
                        <th scope="col">{tr!(ui, insights_watch)}</th>
                        <th scope="col">{tr!(ui, insights_questions)}</th>
                        <th scope="col">{tr!(ui, insights_col_orders)}</th>
                        <th scope="col">{tr!(ui, insights_sales_total)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, insights_overview_title).to_owned() description=page.booth_name.clone() path=None/>
        <main id="main" class="page console report">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, insights_overview_title)}</span>
            </nav>
            <h1>{tr!(ui, insights_overview_title)}</h1>
            <p class="page-hero__council"><strong><bdi>{page.booth_name.clone()}</bdi></strong></p>
            <p class="report__lead">{tr!(ui, insights_overview_lead)}</p>
            <section class="report__part card" aria-label=tr!(ui, insights_overview_title)>
                {body}
                {(page.older > 0).then(|| view! {
                    <p class="field__hint">{tr!(ui, insights_older, count = number(locale, page.older))}</p>
                })}
            </section>
        </main>
    }
}
