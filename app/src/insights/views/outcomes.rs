//! A council's export outcomes, `/{locale}/curator/outcomes?from&to[&council]`: the period
//! chosen by a plain form, the figures, every breakdown as a table, and the downloads.

use super::report::{Figure, Shares, money_note};
use crate::i18n::{number, tr};
use crate::insights::api::get_outcomes;
use crate::insights::model::{OutcomeRow, Outcomes};
use crate::ui::form::{Field, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::Loaded;
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CouncilOutcomesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (locale, get("from"), get("to"), get("council"), get("tz"))
        },
        |(locale, from, to, council, tz)| get_outcomes(locale, from, to, council, tz),
    );
    view! { <Loaded resource=data render=move |page| view! { <CouncilOutcomes page/> }/> }
}

/// One breakdown as a table: what each line brought while live and in the week after.
#[component]
fn Breakdown(
    title: String,
    id: &'static str,
    rows: Vec<OutcomeRow>,
    /// The lines are halls, booths or streams: with their streams and viewers.
    streamed: bool,
    /// The heading of the lines' detail column, when they have one.
    #[prop(optional)]
    detail: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let n = move |v: i64| number(locale, v);
    if rows.is_empty() {
        return view! {
            <section class="report__part card" aria-labelledby=id>
                <h2 id=id>{title}</h2>
                <p class="notice">{tr!(ui, insights_nothing_yet)}</p>
            </section>
        }
        .into_any();
    }
    let has_detail = detail.is_some();
    let body = rows
        .into_iter()
        .map(|row| {
            let counts =
                streamed.then(|| view! { <td>{n(row.streams)}</td><td>{n(row.viewers)}</td> });
            view! {
                <tr>
                    <th scope="row"><bdi>{row.label}</bdi></th>
                    {has_detail.then(|| view! { <td><bdi>{row.detail}</bdi></td> })}
                    {counts}
                    <td>{n(row.during.orders)}</td><td>{row.during.value}</td>
                    <td>{n(row.after.orders)}</td><td>{row.after.value}</td>
                    <td><strong>{row.total.value}</strong></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report__part card" aria-labelledby=id>
            <h2 id=id>{title.clone()}</h2>
            <div class="table-scroll">
                <table class="data-table">
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(ui, insights_col_who)}</th>
                        {detail.map(|d| view! { <th scope="col">{d}</th> })}
                        {streamed.then(|| view! {
                            <th scope="col">{tr!(ui, insights_streams)}</th>
                            <th scope="col">{tr!(ui, insights_col_viewers)}</th>
                        })}
                        <th scope="col">{tr!(ui, insights_orders_during)}</th>
                        <th scope="col">{tr!(ui, insights_sales_during)}</th>
                        <th scope="col">{tr!(ui, insights_orders_after)}</th>
                        <th scope="col">{tr!(ui, insights_sales_after)}</th>
                        <th scope="col">{tr!(ui, insights_sales_total)}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn CouncilOutcomes(page: Outcomes) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let n = move |v: i64| number(locale, v);
    let download = |extension: &str| {
        href(
            locale,
            &format!("/curator/outcomes.{extension}?{}", page.query),
        )
    };
    let council_choice = (!page.councils.is_empty()).then(|| {
        let mut options = vec![(String::new(), tr!(ui, insights_all_councils).to_owned())];
        options.extend(page.councils.clone());
        view! {
            <Select id="council" label=tr!(ui, insights_council).to_owned() options=options selected=page.council_slug.clone()/>
        }
    });
    let streamed_note = tr!(
        ui,
        insights_msmes_of,
        count = n(page.booths_streamed),
        all = n(page.booths)
    );
    let total_note = format!(
        "{} · {}",
        money_note(locale, &page.total),
        tr!(ui, insights_average_is, value = page.average.clone())
    );
    let without_note = format!(
        "{} · {}",
        money_note(locale, &page.without),
        tr!(
            ui,
            insights_average_is,
            value = page.without_average.clone()
        )
    );
    let problem = |field: &str| {
        page.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, words)| words.clone())
    };
    let (from_problem, to_problem) = (problem("from"), problem("to"));
    let refused = !page.problems.is_empty();
    view! {
        <Seo title=tr!(ui, insights_outcomes_title).to_owned() description=page.council.clone() path=None/>
        <main id="main" class="page console report outcomes">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, insights_outcomes_title)}</span>
            </nav>
            <h1>{tr!(ui, insights_outcomes_title)}</h1>
            <p class="page-hero__council"><strong><bdi>{page.council.clone()}</bdi></strong>" · "{page.period.clone()}" ("{page.zone.replace('_', " ")}")"</p>
            <p class="report__lead">{tr!(ui, insights_outcomes_lead)}</p>

            <form class="filters" method="get" action=href(locale, "/curator/outcomes")>
                <Field id="from" label=tr!(ui, insights_period_from).to_owned() kind="date" value=page.from.clone() required=false error=from_problem/>
                <Field id="to" label=tr!(ui, insights_period_to).to_owned() kind="date" value=page.to.clone() required=false error=to_problem/>
                {council_choice}
                <button type="submit" class="button button--primary">{tr!(ui, filter_show)}</button>
            </form>
            {refused.then(|| view! { <p class="notice" role="alert">{tr!(ui, insights_period_refused)}</p> })}
            {page.defaulted.then(|| view! { <p class="field__hint">{tr!(ui, insights_default_period)}</p> })}
            <p class="button-row">
                <a class="button button--ghost" href=download("csv") download="">{tr!(ui, insights_outcomes_csv)}</a>
                <a class="button button--ghost" href=download("xlsx") download="">{tr!(ui, insights_outcomes_xlsx)}</a>
            </p>

            <dl class="figures" aria-label=tr!(ui, insights_figures)>
                <Figure label=tr!(ui, insights_sales_total).to_owned() value=page.total.value.clone() note=total_note/>
                <Figure label=tr!(ui, insights_sales_during).to_owned() value=page.during.value.clone() note=money_note(locale, &page.during)/>
                <Figure label=tr!(ui, insights_sales_after).to_owned() value=page.after.value.clone() note=money_note(locale, &page.after)/>
                <Figure label=tr!(ui, insights_msmes).to_owned() value=n(page.booths_streamed) note=streamed_note/>
                <Figure label=tr!(ui, insights_streams).to_owned() value=n(page.streams) note=String::new()/>
                <Figure label=tr!(ui, insights_buyers_reached).to_owned() value=n(page.buyers_reached) note=String::new()/>
                <Figure label=tr!(ui, insights_without).to_owned() value=page.without.value.clone() note=without_note/>
            </dl>

            <Breakdown title=tr!(ui, insights_by_hall).to_owned() id="outcomes-halls" rows=page.by_hall.clone() streamed=true/>
            <Breakdown title=tr!(ui, insights_by_booth).to_owned() id="outcomes-booths" rows=page.by_booth.clone() streamed=true detail=tr!(ui, hall).to_owned()/>
            <Breakdown title=tr!(ui, insights_by_stream).to_owned() id="outcomes-streams" rows=page.by_stream.clone() streamed=true detail=tr!(ui, insights_col_booth).to_owned()/>
            <Breakdown title=tr!(ui, insights_by_creator).to_owned() id="outcomes-creators" rows=page.by_creator.clone() streamed=false/>
            <Breakdown title=tr!(ui, insights_by_destination).to_owned() id="outcomes-destinations" rows=page.by_destination.clone() streamed=false/>
            <div class="report__grid">
                <Shares title=tr!(ui, insights_reached_by_country).to_owned() id="outcomes-reached" rows=page.reached.clone() orders=false/>
            </div>
        </main>
    }
}
