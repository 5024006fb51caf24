//! `/{locale}/creator/links`: the creator's tracked links with what each brought (clicks,
//! paid orders, their goods, the commission earned), and the form that makes one.

use super::api::get_links;
use super::model::{LINK_FIELDS, Link, LinksPage};
use crate::creators::views::{CreatorCrumbs, NoProfile};
use crate::forms::{alert, use_submission};
use crate::i18n::tr;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CreatorLinksPage() -> impl IntoView {
    let data = locale_resource(get_links);
    view! { <Loaded resource=data render=move |page| view! { <CreatorLinks page/> }/> }
}

#[component]
fn CreatorLinks(page: LinksPage) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let form_alert = alert(locale, &submission, &LINK_FIELDS);
    let title = tr!(ui, links_title);
    let lead = tr!(
        ui,
        links_lead,
        days = crate::i18n::number(locale, page.days)
    );
    let Some((slug, name)) = page.creator.clone() else {
        return view! { <NoProfile title lead alert=form_alert/> }.into_any();
    };
    let error = submission.error(locale, "target");
    let invalid = error.is_some();
    let kept = submission.value("target").unwrap_or_default();
    let option = move |value: String, label: String| {
        let selected = value == kept;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let booths = page
        .booths
        .into_iter()
        .map(|c| option.clone()(c.value, c.label))
        .collect_view();
    let products = page
        .products
        .into_iter()
        .map(|c| option.clone()(c.value, c.label))
        .collect_view();
    view! {
        <Seo title=title.to_owned() description=lead.clone() path=None/>
        <main id="main" class="page console">
            <CreatorCrumbs slug name here=title/>
            <h1>{title}</h1>
            <p>{lead}</p>
            <section aria-labelledby="links-title" class="console-section">
                <h2 id="links-title">{tr!(ui, links_yours)}</h2>
                {if page.links.is_empty() {
                    view! { <p class="creator-muted">{tr!(ui, links_none)}</p> }.into_any()
                } else {
                    view! { <LinkTable links=page.links/> }.into_any()
                }}
            </section>
            <section aria-labelledby="new-link-title" class="console-section">
                <h2 id="new-link-title">{tr!(ui, links_new)}</h2>
                <FormAlert message=form_alert/>
                <form method="post" action=href(locale, "/creator/links") class="form" novalidate data-testid="link-form">
                    <div class="field" class:field--error=invalid>
                        <label for="target">{tr!(ui, links_target)}</label>
                        <select id="target" name="target" aria-invalid=invalid.then_some("true")
                            aria-describedby=invalid.then_some("target-error")>
                            {option.clone()("creator".to_owned(), tr!(ui, links_your_page).to_owned())}
                            <optgroup label=tr!(ui, links_booths)>{booths}</optgroup>
                            <optgroup label=tr!(ui, links_products)>{products}</optgroup>
                        </select>
                        {error.map(|e| view! { <p class="field__error" id="target-error">{e}</p> })}
                    </div>
                    <Field id="label" label=tr!(ui, links_label).to_owned() required=false
                        hint=Some(tr!(ui, links_label_hint).to_owned())
                        value=submission.value_or("label", "") error=submission.error(locale, "label") max=80/>
                    <button type="submit" class="button button--primary">{tr!(ui, links_create)}</button>
                </form>
            </section>
        </main>
    }
    .into_any()
}

/// The links as a table: the address to share, where it leads, and what it brought.
#[component]
fn LinkTable(links: Vec<Link>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <div class="table-scroll"><table class="data-table link-table" data-testid="links">
            <caption class="visually-hidden">{tr!(ui, links_yours)}</caption>
            <thead><tr>
                <th scope="col">{tr!(ui, links_link)}</th>
                <th scope="col">{tr!(ui, links_target)}</th>
                <th scope="col" class="num">{tr!(ui, links_clicks)}</th>
                <th scope="col" class="num">{tr!(ui, links_orders)}</th>
                <th scope="col" class="num">{tr!(ui, links_sales)}</th>
                <th scope="col" class="num">{tr!(ui, links_earned)}</th>
            </tr></thead>
            <tbody>
                {links.into_iter().map(|l| view! {
                    <tr id=format!("link-{}", l.code) data-testid="link">
                        <th scope="row">
                            <span class="link-table__url" dir="ltr" translate="no">{l.url}</span>
                            {(!l.label.is_empty()).then(|| view! { <span class="creator-muted link-table__label"><bdi>{l.label}</bdi></span> })}
                        </th>
                        <td><a href=l.target_href><bdi>{l.target}</bdi></a></td>
                        <td class="num">{l.clicks}</td>
                        <td class="num">{l.orders}</td>
                        <td class="num">{l.sales}</td>
                        <td class="num">{l.earned}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
