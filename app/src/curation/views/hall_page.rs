//! A hall's layout: the floor plan and each booth's place on it.

use crate::curation::api::get_curator_hall;
use crate::curation::model::CuratorHallPage as HallData;
use crate::forms::use_submission;
use crate::i18n::tr;
use crate::pavilion::model::{BoothCard, PlacedBooth, PlanSpot};
use crate::pavilion::views::floor_plan::FloorPlan;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CuratorHallPage() -> impl IntoView {
    let data = slug_resource("hall", get_curator_hall);
    view! { <Loaded resource=data render=move |page| view! { <CuratorHall page/> }/> }
}

#[component]
fn CuratorHall(page: HallData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let style = format!("--hall: {}", page.colour);
    let action = href(locale, &format!("/curator/halls/{}", page.slug));
    let alert = submission
        .refused()
        .then(|| tr!(ui, form_errors).to_owned());
    let preview: Vec<PlacedBooth> = page
        .booths
        .iter()
        .filter(|b| b.status == "published")
        .map(|b| PlacedBooth {
            booth: BoothCard {
                slug: b.slug.clone(),
                name: b.name.clone(),
                city: String::new(),
                region: String::new(),
                tagline: String::new(),
                brand_colour: page.colour.clone(),
                hall_slug: page.slug.clone(),
                hall_name: page.name.clone(),
                hall_colour: page.colour.clone(),
                badges: Vec::new(),
                product_count: 0,
                featured: b.featured,
                live_now: false,
            },
            spot: PlanSpot {
                x: b.x,
                y: b.y,
                w: b.w,
                h: b.h,
            },
        })
        .collect();
    let number = move |name: String, label: String, value: String, error: Option<String>| {
        let invalid = error.is_some();
        let error_id = format!("{name}-error");
        view! {
            <td class:field--error=invalid>
                <input type="number" min="0" max="999" name=name.clone() id=name.clone() value=value
                    aria-label=label aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then(|| error_id.clone())/>
                {error.map(|e| view! { <p class="field__error" id=error_id>{e}</p> })}
            </td>
        }
    };
    let rows = page
        .booths
        .iter()
        .map(|b| {
            let s = &b.slug;
            let v = |key: &str, stored: i64| submission.value_or(&format!("{key}_{s}"), stored.to_string());
            let featured = if submission.refused() {
                submission.value(&format!("featured_{s}")).is_some()
            } else {
                b.featured
            };
            let e = |key: &str| submission.error(locale, &format!("{key}_{s}"));
            let named = |what: &str| format!("{what} — {}", b.name);
            view! {
                <tr>
                    <th scope="row"><a href=href(locale, &format!("/curator/booths/{s}"))>{b.name.clone()}</a>
                        {(b.status != "published").then(|| view! { <span class="stage-pill stage-pill--rejected">{tr!(ui, unpublished)}</span> })}
                    </th>
                    {number(format!("position_{s}"), named(tr!(ui, plan_order)), v("position", b.position), e("position"))}
                    {number(format!("x_{s}"), named(tr!(ui, plan_column)), v("x", b.x + 1), e("x"))}
                    {number(format!("y_{s}"), named(tr!(ui, plan_row)), v("y", b.y + 1), e("y"))}
                    {number(format!("w_{s}"), named(tr!(ui, plan_width)), v("w", b.w), e("w"))}
                    {number(format!("h_{s}"), named(tr!(ui, plan_height)), v("h", b.h), e("h"))}
                    <td><input type="checkbox" name=format!("featured_{s}") checked=featured aria-label=named(tr!(ui, featured))/></td>
                </tr>
            }
        })
        .collect_view();
    let cols_error = submission.error(locale, "cols");
    let rows_error = submission.error(locale, "rows");
    view! {
        <Seo title=page.name.clone() description=tr!(ui, arrange_hall).to_owned() path=None/>
        <main id="main" class="page console" style=style>
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/curator")>{tr!(ui, curator_console)}</a>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{page.name.clone()}</span>
            </nav>
            <h1>{page.name.clone()}</h1>
            <p>
                <a href=href(locale, &format!("/halls/{}", page.slug))>{tr!(ui, view_public_hall)}</a>" · "
                <a href=href(locale, &format!("/halls/{}/apply", page.slug))>{tr!(ui, call_for_exhibitors)}</a>
            </p>
            <section aria-labelledby="plan-title" class="console-section">
                <h2 id="plan-title">{tr!(ui, floor_plan)}</h2>
                <FloorPlan name=page.name.clone() cols=page.cols rows=page.rows booths=preview/>
            </section>
            <form class="form form--wide" method="post" action=action>
                <FormAlert message=alert/>
                <h2>{tr!(ui, arrange_hall)}</h2>
                <p class="field__hint">{tr!(ui, arrange_hint)}</p>
                <div class="form__row">
                    <Field id="cols" label=tr!(ui, plan_columns).to_owned() kind="number" value=submission.value_or("cols", page.cols.to_string()) error=cols_error/>
                    <Field id="rows" label=tr!(ui, plan_rows).to_owned() kind="number" value=submission.value_or("rows", page.rows.to_string()) error=rows_error/>
                </div>
                <div class="table-scroll">
                    <table class="data-table layout-table">
                        <thead><tr>
                            <th scope="col">{tr!(ui, booth)}</th>
                            <th scope="col">{tr!(ui, plan_order)}</th>
                            <th scope="col">{tr!(ui, plan_column)}</th>
                            <th scope="col">{tr!(ui, plan_row)}</th>
                            <th scope="col">{tr!(ui, plan_width)}</th>
                            <th scope="col">{tr!(ui, plan_height)}</th>
                            <th scope="col">{tr!(ui, featured)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <button type="submit" class="button button--primary">{tr!(ui, save_layout)}</button>
            </form>
        </main>
    }
}
