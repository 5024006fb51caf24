//! `/{locale}/creator/earnings`: the creator's statement — what is pending, payable and
//! reversed, by month, by booth and by stream or link, every line, and its CSV. The table of
//! sums is shared with the booth's page of what it owes creators.

use super::RETURN_DAYS;
use super::api::get_statement;
use super::model::{Earning, Standing, Statement, Sum};
use crate::creators::views::{CreatorCrumbs, NoProfile};
use crate::forms::{alert, use_submission};
use crate::i18n::{number, tr};
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CreatorEarningsPage() -> impl IntoView {
    let data = locale_resource(get_statement);
    view! { <Loaded resource=data render=move |statement| view! { <Earnings statement/> }/> }
}

/// Pending and payable sums, one row per group.
#[component]
pub fn SumTable(sums: Vec<Sum>, caption: String, name: String) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <div class="table-scroll"><table class="data-table link-table" data-testid="sums">
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                <th scope="col">{name}</th>
                <th scope="col" class="num">{tr!(ui, earnings_pending)}</th>
                <th scope="col" class="num">{tr!(ui, earnings_payable)}</th>
            </tr></thead>
            <tbody>
                {sums.into_iter().map(|s| view! {
                    <tr>
                        <th scope="row"><bdi>{s.name}</bdi></th>
                        <td class="num">{s.pending}</td>
                        <td class="num">{s.payable}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

#[component]
fn Earnings(statement: Statement) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    // A refused download comes back here, with its status and why.
    let form_alert = alert(locale, &use_submission(), &[]);
    let title = tr!(ui, earnings_title);
    let lead = tr!(ui, earnings_lead, days = number(locale, RETURN_DAYS));
    let Some((slug, name)) = statement.creator.clone() else {
        return view! { <NoProfile title lead alert=form_alert/> }.into_any();
    };
    let empty = statement.lines.is_empty();
    view! {
        <Seo title=title.to_owned() description=lead.clone() path=None/>
        <main id="main" class="page console">
            <CreatorCrumbs slug name here=title/>
            <h1>{title}</h1>
            <p>{lead}</p>
            <FormAlert message=form_alert/>
            <dl class="earnings-totals" data-testid="earnings-totals">
                <div><dt>{tr!(ui, earnings_payable)}</dt><dd data-testid="payable">{statement.payable}</dd></div>
                <div><dt>{tr!(ui, earnings_pending)}</dt><dd data-testid="pending">{statement.pending}</dd></div>
                <div><dt>{tr!(ui, earnings_reversed)}</dt><dd>{statement.reversed}</dd></div>
            </dl>
            {if empty {
                view! { <p class="creator-muted">{tr!(ui, earnings_none)}</p> }.into_any()
            } else {
                view! {
                    <p><a class="button button--light" href=href(locale, "/creator/earnings.csv") download="earnings.csv">{tr!(ui, earnings_csv)}</a></p>
                    <section aria-labelledby="by-month" class="console-section">
                        <h2 id="by-month">{tr!(ui, earnings_by_month)}</h2>
                        <SumTable sums=statement.by_month caption=tr!(ui, earnings_by_month).to_owned() name=tr!(ui, earnings_month).to_owned()/>
                    </section>
                    <section aria-labelledby="by-booth" class="console-section">
                        <h2 id="by-booth">{tr!(ui, earnings_by_booth)}</h2>
                        <SumTable sums=statement.by_booth caption=tr!(ui, earnings_by_booth).to_owned() name=tr!(ui, collab_booth).to_owned()/>
                    </section>
                    <section aria-labelledby="by-source" class="console-section">
                        <h2 id="by-source">{tr!(ui, earnings_by_source)}</h2>
                        <SumTable sums=statement.by_source caption=tr!(ui, earnings_by_source).to_owned() name=tr!(ui, earnings_source).to_owned()/>
                    </section>
                    <section aria-labelledby="lines" class="console-section">
                        <h2 id="lines">{tr!(ui, earnings_lines)}</h2>
                        <Lines lines=statement.lines/>
                    </section>
                }.into_any()
            }}
        </main>
    }
    .into_any()
}

#[component]
fn Lines(lines: Vec<Earning>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <div class="table-scroll"><table class="data-table link-table" data-testid="earnings">
            <caption class="visually-hidden">{tr!(ui, earnings_lines)}</caption>
            <thead><tr>
                <th scope="col">{tr!(ui, earnings_order)}</th>
                <th scope="col">{tr!(ui, collab_booth)}</th>
                <th scope="col">{tr!(ui, earnings_source)}</th>
                <th scope="col" class="num">{tr!(ui, links_sales)}</th>
                <th scope="col" class="num">{tr!(ui, earnings_rate)}</th>
                <th scope="col" class="num">{tr!(ui, links_earned)}</th>
                <th scope="col">{tr!(ui, collab_state)}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| {
                    let standing = match l.standing {
                        Standing::Pending => tr!(ui, earnings_pending),
                        Standing::Payable => tr!(ui, earnings_payable),
                        Standing::Reversed => tr!(ui, earnings_reversed),
                    };
                    view! {
                        <tr data-testid="earning" data-standing=l.standing.code()>
                            <th scope="row">
                                <span dir="ltr" translate="no">{l.order}</span>
                                <span class="creator-muted link-table__label">{l.bought}" · "<bdi>{l.product}</bdi></span>
                            </th>
                            <td><bdi>{l.booth}</bdi></td>
                            <td><bdi>{l.via}</bdi></td>
                            <td class="num">{l.basis}</td>
                            <td class="num">{l.rate}</td>
                            <td class="num">{l.amount}</td>
                            <td>{standing}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
