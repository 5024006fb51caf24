//! A product as a card: image, name, unit, price.

use crate::i18n::tr;
use crate::pavilion::model::ProductCard as Card;
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

/// A product card; with `stream`, it carries a "Buy now" that checks out in that stream's
/// name (for attribution).
#[component]
pub fn ProductCard(
    product: Card,
    #[prop(optional_no_strip)] stream: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    view! {
        <article class="product-card">
            <img class="product-card__image" src=product.image.src alt=product.image.alt width="400" height="300" loading="lazy"/>
            <div class="product-card__body">
                <h3 class="product-card__name">
                    <a href=href(locale, &format!("/products/{}", product.slug))>{product.name}</a>
                </h3>
                <p class="product-card__unit"><bdi>{product.unit}</bdi></p>
                <p class="product-card__price">
                    <span class="price">{product.price_tag.label.clone()}</span>
                    {(product.moq > 1).then(|| view! { <span class="product-card__moq">" · "{tr!(ui, moq_short, count = product.moq)}</span> })}
                </p>
                {product.price_tag.inr_label.clone().map(|inr| view! { <p class="price-inr">{tr!(ui, price_in_inr, price = inr)}</p> })}
                {(product.stock == 0).then(|| view! { <p class="stock stock--out">{tr!(ui, sold_out)}</p> })}
                {stream.filter(|_| product.stock > 0).map(|stream| {
                    let buy = format!("{}?product={}&stream={stream}", href(locale, "/checkout"), product.slug);
                    view! { <a class="button button--primary button--small product-card__buy" href=buy>{tr!(ui, buy_now)}</a> }
                })}
            </div>
        </article>
    }
}

#[component]
pub fn ProductGrid(
    products: Vec<Card>,
    #[prop(optional_no_strip)] stream: Option<String>,
) -> impl IntoView {
    view! {
        <div class="product-grid">
            {products.into_iter().map(|product| {
                let stream = stream.clone();
                view! { <ProductCard product stream/> }
            }).collect_view()}
        </div>
    }
}
