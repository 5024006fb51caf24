//! The stream report, `/{locale}/exhibitor/streams/{stream}/report`.

use crate::i18n::{Locale, number, tr};
use crate::insights::api::get_stream_report;
use crate::insights::model::{Attributed, Share, StreamReport};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_query_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn StreamReportPage() -> impl IntoView {
    let data = slug_query_resource("stream", "tz", get_stream_report);
    view! { <Loaded resource=data render=move |page| view! { <Report page/> }/> }
}

/// A figure and what it counts (`testid` names it for the journeys).
#[component]
pub(super) fn Figure(
    label: String,
    value: String,
    note: String,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="figure" data-testid=testid>
            <dt>{label}</dt>
            <dd>
                <span class="figure__value">{value}</span>
                {(!note.is_empty()).then(|| view! { <span class="figure__note">{note}</span> })}
            </dd>
        </div>
    }
}

pub(super) fn money_note(locale: Locale, window: &Attributed) -> String {
    let ui = locale.ui();
    let orders = tr!(
        ui,
        insights_orders_count,
        count = number(locale, window.orders)
    );
    match &window.value_shown {
        Some(shown) => format!("{orders} · ≈ {shown}"),
        None => orders,
    }
}

#[component]
pub(super) fn Shares(
    title: String,
    id: &'static str,
    rows: Vec<Share>,
    orders: bool,
) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let body = rows
        .into_iter()
        .map(|row| {
            let figures = if orders {
                view! { <td>{number(locale, row.orders)}</td><td>{row.value.clone()}</td> }
                    .into_any()
            } else {
                view! { <td>{number(locale, row.viewers)}</td> }.into_any()
            };
            view! { <tr><th scope="row"><bdi>{row.label.clone()}</bdi></th>{figures}</tr> }
        })
        .collect_view();
    let head = if orders {
        view! { <th scope="col">{tr!(ui, insights_col_orders)}</th><th scope="col">{tr!(ui, insights_col_value)}</th> }.into_any()
    } else {
        view! { <th scope="col">{tr!(ui, insights_col_viewers)}</th> }.into_any()
    };
    view! {
        <section class="report__part card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <table class="data-table">
                <thead><tr><th scope="col"><span class="visually-hidden">{tr!(ui, insights_col_who)}</span></th>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Report(page: StreamReport) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let n = |v: i64| number(locale, v);
    let stream_page = href(locale, &format!("/exhibitor/streams/{}", page.slug));
    let csv = href(
        locale,
        &format!("/exhibitor/streams/{}/report.csv", page.slug),
    );
    let when = if page.live_from.is_empty() {
        tr!(ui, insights_not_live_yet).to_owned()
    } else if page.live {
        tr!(ui, insights_live_since, from = page.live_from.clone())
    } else {
        tr!(
            ui,
            insights_live_between,
            from = page.live_from.clone(),
            until = page.live_until.clone()
        )
    };
    let share_returning = if page.unique_viewers > 0 {
        Some(tr!(
            ui,
            insights_returning,
            count = n(page.returning_viewers)
        ))
    } else {
        None
    };
    let answered = (page.questions > 0).then(|| {
        if page.median_answer.is_empty() {
            tr!(ui, insights_answered, count = n(page.answers))
        } else {
            tr!(
                ui,
                insights_answered_median,
                count = n(page.answers),
                median = page.median_answer.clone()
            )
        }
    });
    let funnel = [
        (tr!(ui, insights_funnel_viewers), page.unique_viewers),
        (tr!(ui, insights_funnel_clicks), page.clicked),
        (tr!(ui, insights_funnel_carts), page.carted),
        (tr!(ui, insights_funnel_checkouts), page.checkouts),
        (tr!(ui, insights_funnel_paid), page.orders_paid),
    ];
    let widest = funnel.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let funnel = funnel
        .into_iter()
        .map(|(label, value)| {
            let width = format!("width: {}%", (value * 100 / widest).max(1));
            view! {
                <li class="funnel__step">
                    <span class="funnel__label">{label}</span>
                    <span class="funnel__bar" style=width aria-hidden="true"></span>
                    <span class="funnel__value">{n(value)}</span>
                </li>
            }
        })
        .collect_view();
    let questions = if page.top_questions.is_empty() {
        view! { <p class="notice">{tr!(ui, insights_no_questions)}</p> }.into_any()
    } else {
        let items = page
            .top_questions
            .iter()
            .map(|q| {
                let status = match &q.answered_after {
                    Some(after) => tr!(ui, insights_answered_after, after = after.clone()),
                    None => tr!(ui, insights_unanswered).to_owned(),
                };
                view! {
                    <li>
                        <bdi class="report__question">{q.text.clone()}</bdi>
                        <span class="report__question-meta">{tr!(ui, insights_votes, count = n(q.votes))}" · "{status}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="report__questions">{items}</ol> }.into_any()
    };
    let chart = if page.chart_svg.is_empty() {
        view! { <p class="notice">{tr!(ui, insights_no_minutes)}</p> }.into_any()
    } else {
        view! {
            <figure class="report__chart">
                <div class="report__svg" role="img" aria-label=page.chart_summary.clone() inner_html=page.chart_svg.clone()></div>
                <figcaption>
                    <span class="legend legend--peak">{tr!(ui, insights_legend_peak)}</span>
                    <span class="legend legend--average">{tr!(ui, insights_legend_average)}</span>
                    <span class="legend legend--pin">{tr!(ui, insights_legend_pin)}</span>
                    <span class="legend legend--answer">{tr!(ui, insights_legend_answer)}</span>
                </figcaption>
            </figure>
        }
        .into_any()
    };
    let retention = if page.retention_svg.is_empty() {
        // (nobody yet, or nobody for a whole minute: said in words, no empty chart)
        let said = if page.retention_summary.is_empty() {
            tr!(ui, insights_no_minutes).to_owned()
        } else {
            page.retention_summary.clone()
        };
        view! { <p class="notice">{said}</p> }.into_any()
    } else {
        let kept = page
            .retention
            .iter()
            .map(|k| {
                view! {
                    <tr>
                        <th scope="row">{tr!(ui, insights_minutes_count, count = n(k.minutes))}</th>
                        <td>{n(k.viewers)}</td>
                        <td>{format!("{} %", n(k.pct))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <figure class="report__chart">
                <div class="report__svg" role="img" aria-label=page.retention_summary.clone() inner_html=page.retention_svg.clone()></div>
                <figcaption>{page.retention_summary.clone()}</figcaption>
            </figure>
            <div class="table-scroll">
                <table class="data-table" data-testid="retention">
                    <caption class="visually-hidden">{tr!(ui, insights_retention)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(ui, insights_col_watched_at_least)}</th>
                        <th scope="col">{tr!(ui, insights_col_viewers)}</th>
                        <th scope="col">{tr!(ui, insights_col_share)}</th>
                    </tr></thead>
                    <tbody>{kept}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let rows = page
        .minutes
        .iter()
        .map(|m| {
            let avg = n((m.viewers_avg_tenths + 5) / 10);
            view! {
                <tr>
                    <th scope="row"><time datetime=crate::core::Instant(m.minute).rfc3339()>{m.label.clone()}</time></th>
                    <td>{n(m.viewers_peak)}</td><td>{avg}</td><td>{n(m.joins)}</td>
                    <td>{n(m.chats)}</td><td>{n(m.questions)}</td><td>{n(m.answers)}</td>
                    <td>{n(m.pins)}</td><td>{n(m.orders_paid)}</td><td>{m.goods.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Seo title=tr!(ui, insights_title, stream = crate::i18n::isolate(&page.title)) description=page.booth_name.clone() path=None/>
        <main id="main" class="page console report">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=stream_page><bdi>{page.title.clone()}</bdi></a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, insights_report)}</span>
            </nav>
            <h1>{tr!(ui, insights_title, stream = crate::i18n::isolate(&page.title))}</h1>
            <p class="page-hero__council"><strong><bdi>{page.booth_name.clone()}</bdi></strong>" · "{when}" ("{page.zone.replace('_', " ")}")"</p>

            <dl class="figures" aria-label=tr!(ui, insights_figures)>
                <Figure label=tr!(ui, insights_viewers).to_owned() value=n(page.unique_viewers) note=share_returning.unwrap_or_default()/>
                <Figure label=tr!(ui, insights_peak).to_owned() value=n(page.peak_viewers) note=tr!(ui, insights_average, count = n((page.average_viewers_tenths + 5) / 10))/>
                <Figure label=tr!(ui, insights_watch).to_owned() value=page.average_watch.clone() note=tr!(ui, insights_watch_total, minutes = n(page.watch_minutes))/>
                <Figure label=tr!(ui, insights_questions).to_owned() value=n(page.questions) note=answered.unwrap_or_default()/>
                <Figure label=tr!(ui, insights_chat).to_owned() value=n(page.chats) note=tr!(ui, insights_pins, count = n(page.pins))/>
                <Figure label=tr!(ui, insights_sales_during).to_owned() value=page.during.value.clone() note=money_note(locale, &page.during)/>
                <Figure label=tr!(ui, insights_sales_after).to_owned() value=page.after_week.value.clone() note=money_note(locale, &page.after_week)/>
            </dl>

            <section class="report__part card" aria-labelledby="report-minutes">
                <h2 id="report-minutes">{tr!(ui, insights_per_minute)}</h2>
                {chart}
                <details class="report__table">
                    <summary>{tr!(ui, insights_table)}</summary>
                    <div class="table-scroll">
                        <table class="data-table">
                            <caption class="visually-hidden">{tr!(ui, insights_per_minute)}</caption>
                            <thead><tr>
                                <th scope="col">{tr!(ui, insights_col_minute)}</th>
                                <th scope="col">{tr!(ui, insights_legend_peak)}</th>
                                <th scope="col">{tr!(ui, insights_legend_average)}</th>
                                <th scope="col">{tr!(ui, insights_col_joins)}</th>
                                <th scope="col">{tr!(ui, insights_chat)}</th>
                                <th scope="col">{tr!(ui, insights_questions)}</th>
                                <th scope="col">{tr!(ui, insights_col_answers)}</th>
                                <th scope="col">{tr!(ui, insights_col_pins)}</th>
                                <th scope="col">{tr!(ui, insights_col_orders)}</th>
                                <th scope="col">{tr!(ui, insights_col_value)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </details>
                <p><a class="button button--ghost" href=csv download="">{tr!(ui, insights_csv)}</a></p>
            </section>

            <section class="report__part card" aria-labelledby="report-retention">
                <h2 id="report-retention">{tr!(ui, insights_retention)}</h2>
                {retention}
            </section>

            <section class="report__part card" aria-labelledby="report-funnel">
                <h2 id="report-funnel">{tr!(ui, insights_funnel)}</h2>
                <ol class="funnel">{funnel}</ol>
            </section>

            <div class="report__grid">
                <Shares title=tr!(ui, insights_by_country).to_owned() id="report-country" rows=page.by_country.clone() orders=false/>
                <Shares title=tr!(ui, insights_by_language).to_owned() id="report-language" rows=page.by_language.clone() orders=false/>
                <Shares title=tr!(ui, insights_by_destination).to_owned() id="report-destination" rows=page.by_destination.clone() orders=true/>
            </div>

            <section class="report__part card" aria-labelledby="report-questions">
                <h2 id="report-questions">{tr!(ui, insights_top_questions)}</h2>
                {questions}
            </section>
        </main>
    }
}
