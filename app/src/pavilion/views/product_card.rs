//! A product as a card: image, name, unit, price.

use crate::pavilion::model::ProductCard as Card;
use crate::ui::layout::{href, use_locale};
use leptos::prelude::*;

#[component]
pub fn ProductCard(product: Card) -> impl IntoView {
    let locale = use_locale();
    view! {
        <article class="product-card">
            <img class="product-card__image" src=product.image.src alt=product.image.alt width="400" height="300" loading="lazy"/>
            <div class="product-card__body">
                <h3 class="product-card__name">
                    <a href=href(locale, &format!("/products/{}", product.slug))>{product.name}</a>
                </h3>
                <p class="product-card__unit"><bdi>{product.unit}</bdi></p>
                <p class="product-card__price">
                    <span class="price">{product.price.display()}</span>
                    {(product.moq > 1).then(|| view! { <span class="product-card__moq">{format!(" · MOQ {}", product.moq)}</span> })}
                </p>
                {(product.stock == 0).then(|| view! { <p class="stock stock--out">"Sold out"</p> })}
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
