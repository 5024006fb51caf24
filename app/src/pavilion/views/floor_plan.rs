//! The hall's floor plan: an SVG map where every booth is a link, with the booth list on
//! the page as its accessible equivalent.

use crate::i18n::tr;
use crate::pavilion::model::PlacedBooth;
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

const CELL: i64 = 100;
const GAP: i64 = 8;

#[component]
pub fn FloorPlan(name: String, cols: i64, rows: i64, booths: Vec<PlacedBooth>) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let width = cols * CELL;
    let height = rows * CELL + 60;
    let view_box = format!("0 0 {width} {height}");
    let title = tr!(ui, floor_plan_of, name = name);
    view! {
        <figure class="floor-plan">
            <svg viewBox=view_box role="group" aria-labelledby="floor-plan-title" class="floor-plan__map">
                <title id="floor-plan-title">{title}</title>
                <rect x="0" y="0" width=width height=height rx="18" class="floor-plan__floor"/>
                <rect x={width / 2 - 70} y={height - 34} width="140" height="28" rx="6" class="floor-plan__entrance"/>
                <text x={width / 2} y={height - 15} text-anchor="middle" class="floor-plan__entrance-label">{tr!(ui, entrance)}</text>
                {booths
                    .into_iter()
                    .map(|placed| {
                        let s = placed.spot;
                        let (x, y) = (s.x * CELL + GAP, s.y * CELL + GAP);
                        let (w, h) = (s.w * CELL - 2 * GAP, s.h * CELL - 2 * GAP);
                        let label = format!("{}, {}", placed.booth.name, tr!(ui, products_count, count = placed.booth.product_count));
                        let short: String = placed.booth.monogram();
                        let class = if placed.booth.featured { "floor-plan__booth floor-plan__booth--featured" } else { "floor-plan__booth" };
                        view! {
                            <a href=href(locale, &format!("/booths/{}", placed.booth.slug)) aria-label=label class=class>
                                <rect x=x y=y width=w height=h rx="10" fill=placed.booth.brand_colour.clone()/>
                                <text x={x + w / 2} y={y + h / 2 + 4} text-anchor="middle" class="floor-plan__mono">{short}</text>
                                <text x={x + w / 2} y={y + h - 12} text-anchor="middle" class="floor-plan__name">{truncate(&placed.booth.name, 16)}</text>
                                {placed.booth.live_now.then(|| view! { <circle cx={x + w - 14} cy={y + 14} r="7" class="floor-plan__live"/> })}
                            </a>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption>{tr!(ui, floor_plan_hint)}</figcaption>
        </figure>
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn truncates_by_characters() {
        assert_eq!(super::truncate("Kochi", 16), "Kochi");
        assert_eq!(
            super::truncate("Kanchipuram Silk Weavers", 10),
            "Kanchipur…"
        );
        assert_eq!(super::truncate("हिन्दी नाम बहुत लंबा है", 5).chars().count(), 5);
    }
}
