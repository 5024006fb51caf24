//! A product: gallery, price, quantity, trade details, and the booth that sells it.

use crate::core::Money;
use crate::error::AppError;
use crate::i18n::{money, number, tr, weight};
use crate::pavilion::api::get_product;
use crate::pavilion::model::ProductPage as Data;
use crate::pavilion::views::booth_card::BoothCard;
use crate::pavilion::views::gallery::Gallery;
use crate::pavilion::views::product_card::ProductGrid;
use crate::pavilion::views::quantity::QuantityStepper;
use crate::trade::views::{PriceBands, SampleBox, TradeSpecs};
use crate::ui::error_template::ErrorPage;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::{JsonLd, Seo};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProductPage() -> impl IntoView {
    let data = slug_resource("product", get_product);
    view! { <Loaded resource=data render=move |page| view! { <Product page/> }/> }
}

/// `?image=N` (1-based) picks the large image, so the gallery works without JavaScript.
fn chosen_image(raw: Option<String>, count: usize) -> Result<usize, AppError> {
    match raw {
        None => Ok(0),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=count).contains(n))
            .map(|n| n - 1)
            .ok_or_else(|| AppError::bad_request("image", "out_of_range")),
    }
}

#[component]
fn Product(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Data {
        product,
        booth,
        more_from_booth,
        in_fallback,
        fx,
        bands,
        sample_price,
    } = page;
    let query = use_query_map();
    let initial = match chosen_image(
        query.with_untracked(|q| q.get("image")),
        product.images.len(),
    ) {
        Ok(index) => index,
        Err(error) => return view! { <ErrorPage error/> }.into_any(),
    };
    let style = format!("--hall: {}", booth.hall_colour);
    let in_stock = product.in_stock();
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.summary,
        "sku": product.slug,
        "category": product.category,
        "image": product.images.iter().map(|i| i.src.clone()).collect::<Vec<_>>(),
        "countryOfOrigin": "IN",
        "brand": { "@type": "Brand", "name": booth.name },
        "offers": {
            "@type": "Offer",
            "priceCurrency": product.price.currency.code(),
            "price": format!("{}.{:02}", product.price.minor / 100, product.price.minor % 100),
            "availability": if in_stock { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" },
            "eligibleQuantity": { "@type": "QuantitativeValue", "minValue": product.moq },
        },
    });
    let weight = weight(locale, product.weight_grams);
    let tag = product.price_tag.clone();
    // The stepper prices each quantity at the band it reaches, in the buyer's currency.
    let stepper_bands: Vec<(i64, i64)> =
        bands.iter().map(|(band, t)| (band.from, t.minor)).collect();
    view! {
        <Seo title=product.name.clone() description=product.summary.clone() path=Some(format!("/products/{}", product.slug))/>
        <JsonLd value=json_ld/>
        <main id="main" class="page" style=style>
            <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                <span aria-hidden="true">" / "</span>
                <a href=href(locale, &format!("/halls/{}", booth.hall_slug))>{booth.hall_name.clone()}</a>
                <span aria-hidden="true">" / "</span>
                <a href=href(locale, &format!("/booths/{}", booth.slug))>{booth.name.clone()}</a>
            </nav>
            <div class="product">
                <Gallery images=product.images.clone() initial locale/>
                <div class="product__info">
                    <p class="product__booth">
                        <a href=href(locale, &format!("/booths/{}", booth.slug))>{booth.name.clone()}</a>
                    </p>
                    <h1 class="product__name">{product.name.clone()}</h1>
                    <p class="product__summary">{product.summary.clone()}</p>
                    {in_fallback.then(|| view! { <p class="fallback-note">{tr!(ui, fallback_note)}</p> })}
                    <p class="product__price">
                        <span class="price price--large" data-testid="price">{tag.label.clone()}</span>
                        " "
                        <span class="product__unit">{tr!(ui, per_unit, unit = product.unit.clone())}</span>
                    </p>
                    {tag.inr_label.clone().map(|inr| view! {
                        <p class="price-inr">
                            <span data-testid="price-inr">{tr!(ui, price_in_inr, price = inr)}</span>
                            {fx.clone().map(|fx| view! {
                                " · "{tr!(ui, fx_as_of, date = fx.as_of)}" ("{fx.age}")"
                            })}
                        </p>
                    })}
                    <PriceBands bands unit=product.unit.clone() locale/>
                    {if in_stock {
                        view! {
                            <p class="stock stock--in">{tr!(ui, in_stock, count = number(locale, product.stock))}</p>
                            <form class="buy" method="get" action=href(locale, "/checkout")>
                                <input type="hidden" name="product" value=product.slug.clone()/>
                                <QuantityStepper
                                    min=product.moq
                                    max=product.max_quantity()
                                    bands=stepper_bands
                                    currency=tag.currency
                                    initial_total=money(locale, Money { minor: tag.minor.saturating_mul(product.moq.max(1)), currency: tag.currency })
                                    unit=product.unit.clone()
                                    locale
                                />
                                <div class="buy__actions">
                                    <button class="button button--primary buy__button" type="submit" data-testid="buy-now">{tr!(ui, buy_now)}</button>
                                    <button class="button button--outline buy__button" type="submit" formmethod="post"
                                        formaction=href(locale, "/cart") name="op" value="add">{tr!(ui, add_to_cart)}</button>
                                </div>
                            </form>
                        }.into_any()
                    } else {
                        view! { <p class="stock stock--out">{tr!(ui, sold_out_now)}</p> }.into_any()
                    }}
                    <SampleBox terms=product.trade.clone() price=sample_price product=product.slug.clone() locale/>
                    <p class="rfq-ask"><a class="button button--outline" href=href(locale, &format!("/rfqs/new?product={}", product.slug))>{tr!(ui, rfq_ask_quote)}</a>
                        " "<span class="field__hint">{tr!(ui, rfq_ask_hint)}</span></p>
                    <dl class="specs">
                        <dt>{tr!(ui, spec_moq)}</dt><dd><bdi>{format!("{} × {}", number(locale, product.moq), product.unit)}</bdi></dd>
                        <dt>{tr!(ui, spec_max)}</dt><dd>{number(locale, product.max_per_order)}</dd>
                        <dt>{tr!(ui, spec_weight)}</dt><dd><bdi>{weight}</bdi></dd>
                        <dt>{tr!(ui, spec_hs_code)}</dt><dd><bdi>{product.hs_code.clone()}</bdi></dd>
                        <dt>{tr!(ui, spec_origin)}</dt><dd><bdi>{product.origin.clone()}</bdi></dd>
                        <TradeSpecs terms=product.trade.clone() locale/>
                    </dl>
                </div>
            </div>
            <section aria-labelledby="description-title" class="product__description">
                <h2 id="description-title">{tr!(ui, description)}</h2>
                <p class="prose">{product.description.clone()}</p>
            </section>
            <section aria-labelledby="seller-title">
                <h2 id="seller-title">{tr!(ui, sold_by)}</h2>
                <BoothCard booth show_hall=true/>
            </section>
            {(!more_from_booth.is_empty()).then(|| view! {
                <section aria-labelledby="more-title">
                    <h2 id="more-title">{tr!(ui, more_from_booth)}</h2>
                    <ProductGrid products=more_from_booth/>
                </section>
            })}
        </main>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_choice_is_validated() {
        assert_eq!(chosen_image(None, 3), Ok(0));
        assert_eq!(chosen_image(Some("3".into()), 3), Ok(2));
        for bad in ["0", "4", "-1", "abc", "", "1.5"] {
            assert!(chosen_image(Some(bad.into()), 3).is_err(), "{bad}");
        }
    }
}
