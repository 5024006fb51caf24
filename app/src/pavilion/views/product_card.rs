//! A product as a card: image, name, unit, price.

use crate::i18n::tr;
use crate::pavilion::model::ProductCard as Card;
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

#[component]
pub fn ProductCard(product: Card) -> impl IntoView {
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
            </div>
        </article>
    }
}

#[component]
pub fn ProductGrid(products: Vec<Card>) -> impl IntoView {
    view! {
        <div class="product-grid">
            {products.into_iter().map(|product| view! { <ProductCard product/> }).collect_view()}
        </div>
    }
}
