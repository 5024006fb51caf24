//! The council's page of the requests sent to its halls: who received each (and how), a
//! form to route one to another booth of the hall, and the buyers behind them, whom a
//! curator may verify for the council's hosted-buyer programme.

use super::{routed_label, state_label, volume_label};
use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::trade::rfq::api::get_council_rfqs;
use crate::trade::rfq::model::CouncilRfqs;
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CouncilRfqsPage() -> impl IntoView {
    let data = locale_resource(get_council_rfqs);
    view! { <Loaded resource=data render=move |page| view! { <Council page/> }/> }
}

#[component]
fn Council(page: CouncilRfqs) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let form_alert = alert(locale, &submission, &[]);
    let action = href(locale, "/curator/rfqs");
    let rfqs = if page.rfqs.is_empty() {
        view! { <p class="notice">{tr!(ui, rfqs_none)}</p> }.into_any()
    } else {
        page.rfqs
            .into_iter()
            .map(|r| {
                let select_id = format!("route-{}", r.summary.number);
                let route = (!r.others.is_empty() && r.summary.state.code() == "open").then(|| view! {
                    <form method="post" action=action.clone() class="inline-form rfq-route">
                        <input type="hidden" name="op" value="route"/>
                        <input type="hidden" name="rfq" value=r.summary.number.clone()/>
                        <label for=select_id.clone()>{tr!(ui, rfq_route_to)}</label>" "
                        <select id=select_id.clone() name="booth">
                            {r.others.iter().map(|(slug, name)| view! { <option value=slug.clone()>{name.clone()}</option> }).collect_view()}
                        </select>" "
                        <button type="submit" class="button button--outline button--small">{tr!(ui, rfq_route)}</button>
                    </form>
                });
                view! {
                    <article class="card rfq-card" aria-labelledby=format!("{}-title", r.summary.number)>
                        <h3 id=format!("{}-title", r.summary.number)><bdi>{r.summary.subject.clone()}</bdi></h3>
                        <p class="field__hint">
                            <bdi>{r.summary.number.clone()}</bdi>" · "{r.hall_name.clone()}" · "{r.summary.amount.clone()}
                            {(!r.hs_heading.is_empty()).then(|| view! { " · "<bdi>"HS "{r.hs_heading.clone()}</bdi> })}
                            " · "<span class=format!("stage-pill rfq-state rfq-state--{}", r.summary.state.code())>{state_label(locale, r.summary.state)}</span>
                        </p>
                        {if r.recipients.is_empty() {
                            view! { <p class="notice">{tr!(ui, rfq_unrouted)}</p> }.into_any()
                        } else {
                            view! { <ul class="history">{r.recipients.iter().map(|(name, how)| view! {
                                <li>{name.clone()}" · "<span class="field__hint">{routed_label(locale, how)}</span></li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                        {route}
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    let buyers = page
        .buyers
        .into_iter()
        .map(|b| {
            let op = if b.verified_here { "withdraw" } else { "verify" };
            view! {
                <tr>
                    <th scope="row">{b.name.clone()}</th>
                    <td><bdi>{b.profile.company.clone()}</bdi></td>
                    <td>{b.country_name.clone()}</td>
                    <td>{volume_label(locale, &b.profile.annual_volume)}</td>
                    <td>
                        {b.profile.verified_by.clone().map(|c| view! { <span class="verified-badge">{tr!(ui, buyer_verified_by, council = c)}</span>" " })}
                        <form method="post" action=action.clone() class="inline-form">
                            <input type="hidden" name="op" value=op/>
                            <input type="hidden" name="buyer" value=b.id.to_string()/>
                            <button type="submit" class="button button--outline button--small">
                                {if b.verified_here { tr!(ui, buyer_unverify) } else { tr!(ui, buyer_verify) }}
                                <span class="visually-hidden">" "{b.name.clone()}</span>
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Seo title=tr!(ui, council_rfqs_title).to_owned() description=tr!(ui, council_rfqs_lead).to_owned() path=None/>
        <main id="main" class="page console rfqs">
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{tr!(ui, council_rfqs_title)}</span>
            </nav>
            <h1>{tr!(ui, council_rfqs_title)}</h1>
            <p>{tr!(ui, council_rfqs_lead)}</p>
            <FormAlert message=form_alert/>
            <section aria-labelledby="council-rfqs" class="console-section">
                <h2 id="council-rfqs">{tr!(ui, rfqs_title)}</h2>
                {rfqs}
            </section>
            <section aria-labelledby="council-buyers" class="console-section">
                <h2 id="council-buyers">{tr!(ui, council_buyers_title)}</h2>
                <p class="field__hint">{tr!(ui, council_buyers_hint)}</p>
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr!(ui, buyer_name)}</th>
                        <th scope="col">{tr!(ui, profile_company)}</th>
                        <th scope="col">{tr!(ui, country_label)}</th>
                        <th scope="col">{tr!(ui, profile_volume)}</th>
                        <th scope="col">{tr!(ui, buyer_verification)}</th>
                    </tr></thead>
                    <tbody>{buyers}</tbody>
                </table>
            </section>
        </main>
    }
}
