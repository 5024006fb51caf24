//! Buying's form posts (ssr only): the cart (a cookie, no account needed), the checkout
//! form — placed through the same group commit and idempotency keys as the JSON API — and
//! the actions on an order (ship, deliver, cancel, refund).

use crate::checkout::cart::{CART_COOKIE, encode, parse, set};
use crate::checkout::model::{
    BuyerKey, CheckoutRequest, CheckoutResponse, IdempotencyKey, LineRequest, OrderNumber, ShipTo,
};
use crate::checkout::orders;
use crate::checkout::store::{Buyer, Submitted};
use crate::error::{AppError, AppResult};
use crate::forms::post::{Next, Page, Posted, form, form_on};
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/cart", form(cart))
        .route(
            "/{locale}/checkout",
            form_on(Page::Of(checkout_page), checkout),
        )
        .route(
            "/{locale}/orders/{order}",
            form_on(Page::Of(order_page), order_action),
        )
}

/// Add a product (`op=add`, `product`, `quantity`), remove one (`remove={product}`), or
/// update the quantities (`quantity:{product}`); quantities are kept within each product's
/// limits. Back to the cart page.
async fn cart(p: Posted) -> AppResult<Next> {
    let mut lines = p.cookie(CART_COOKIE).map(|c| parse(&c)).unwrap_or_default();
    let remove = p.field("remove");
    if !remove.is_empty() {
        lines = set(&lines, remove, 0);
    } else if p.field("op") == "add" {
        let product = p.field("product").trim();
        if let Some((moq, max)) = orders::order_limits(p.db(), product).await? {
            let asked = p.field("quantity").trim().parse::<i64>().unwrap_or(moq);
            let had = lines.iter().find(|(s, _)| s == product).map_or(0, |l| l.1);
            lines = set(&lines, product, (had + asked).clamp(moq, max));
            // Added from a live room's checkout: a cart for the control room.
            let stream = p.field("stream").trim();
            if !stream.is_empty() {
                use crate::insights::pulse::{Counted, click_viewer, counted};
                let viewer = click_viewer(p.user().map(|u| u.id), &p.address);
                let at = crate::state::now_ms();
                if let Err(err) =
                    counted(p.db(), Counted::Carted, stream, product, &viewer, at).await
                {
                    tracing::warn!(%err, "cannot count the cart from the live room");
                }
            }
        }
    } else {
        for (name, value) in &p.fields {
            let Some(product) = name.strip_prefix("quantity:") else {
                continue;
            };
            let quantity = value.trim().parse::<i64>().unwrap_or(0);
            lines = match orders::order_limits(p.db(), product).await? {
                Some((moq, max)) if quantity > 0 => set(&lines, product, quantity.clamp(moq, max)),
                _ => set(&lines, product, 0),
            };
        }
    }
    Ok(Next::go(p.href("/cart")).with_cookie(format!(
        "{CART_COOKIE}={}; Path=/; Max-Age=2592000; SameSite=Lax; HttpOnly",
        encode(&lines)
    )))
}

/// The choices a checkout form is priced for, kept in the page's query.
const CHOICES: [&str; 8] = [
    "product", "quantity", "country", "service", "incoterm", "stream", "deal", "sample",
];

/// The checkout page for the posted choices: a refused form is shown again there.
fn checkout_page(p: &Posted) -> String {
    let choices: Vec<(&str, &str)> = CHOICES
        .iter()
        .map(|name| (*name, p.field(name).trim()))
        .collect();
    format!(
        "/checkout?{}",
        serde_urlencoded::to_string(choices).unwrap_or_default()
    )
}

/// Where a checkout problem's field shows on the form.
fn form_field(field: &str) -> &'static str {
    match field {
        "email" => "email",
        f if f.ends_with(".quantity") || f == "items" => "quantity",
        "ship_to" | "ship_to.country" => "country",
        "ship_to.name" => "ship_name",
        "ship_to.address" => "ship_address",
        "incoterm" => "incoterm",
        "service" => "service",
        _ => "form",
    }
}

/// Places the form's checkout: one product (buy now) or the cart's lines, then on to the
/// provider's payment page.
async fn checkout(p: Posted) -> AppResult<Next> {
    let f = |name: &str| p.field(name).trim().to_owned();
    if f("intent") == "update" {
        // New choices: the same form again, priced for them, with what was typed kept (and
        // a fresh quote and key, so nothing old is reused).
        let values = p
            .fields
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "key" | "quote" | "intent"))
            .cloned()
            .collect();
        return Ok(Next::Show(values));
    }
    let incoterm = f("incoterm");
    let ship_to =
        (!f("country").is_empty() || !incoterm.eq_ignore_ascii_case("EXW")).then(|| ShipTo {
            country: f("country"),
            name: f("ship_name"),
            address: f("ship_address"),
        });
    // The cart's lines travel in the form, so the request (and its key) is self-contained.
    let from_cart: Vec<LineRequest> = p
        .fields
        .iter()
        .filter(|(k, _)| k == "line")
        .filter_map(|(_, v)| {
            let (product, quantity) = v.split_once(':')?;
            Some(LineRequest {
                product: product.to_owned(),
                quantity: quantity.parse().ok()?,
                sample: false,
            })
        })
        .collect();
    let bought_cart = p.fields.iter().any(|(k, _)| k == "line");
    let items = if !from_cart.is_empty() {
        from_cart
    } else {
        let quantity = f("quantity")
            .parse::<i64>()
            .map_err(|_| AppError::invalid("quantity", "number"))?;
        vec![LineRequest {
            product: f("product"),
            quantity,
            sample: f("sample") == "1",
        }]
    };
    let quote = f("quote");
    let currency = orders::quote_currency(p.db(), &quote)
        .await?
        .unwrap_or_else(|| "INR".to_owned());
    let request = CheckoutRequest {
        email: f("email"),
        currency,
        items,
        quote: Some(quote).filter(|q| !q.is_empty()),
        ship_to,
        service: Some(f("service")).filter(|s| !s.is_empty()),
        incoterm: Some(incoterm).filter(|s| !s.is_empty()),
        stream: Some(f("stream")).filter(|s| !s.is_empty()),
        locale: Some(p.locale.code().to_owned()),
        deal: f("deal").parse().ok(),
    };
    let done = p
        .state
        .checkouts
        .checkout(
            IdempotencyKey::parse(&f("key")),
            Submitted::Parsed(Box::new(request)),
            Buyer {
                user: p.user().map(|u| u.id),
                client: p.address.clone(),
                referral: p.cookie(crate::creators::links::COOKIE),
            },
            p.state.payments.default,
        )
        .await?;
    if let Some(refusal) = done.refusal() {
        // Shown on the form's own fields (the API's are `items[0].quantity`, `ship_to.country`).
        let mut problems = refusal.problems();
        for p in &mut problems {
            p.field = form_field(&p.field).to_owned();
        }
        return Err(match (refusal, problems.pop()) {
            (AppError::Conflict(_), Some(one)) => AppError::Conflict(one),
            (_, Some(one)) => AppError::Invalid(vec![one]),
            (other, None) => other,
        });
    }
    let placed: CheckoutResponse =
        serde_json::from_str(&done.body).map_err(|_| AppError::Internal)?;
    let next = Next::go(placed.payment.url);
    // Bought: the cart is empty again.
    Ok(if bought_cart {
        next.with_cookie(format!(
            "{CART_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly"
        ))
    } else {
        next
    })
}

/// The order's page (its `key` query lets a guest buyer in).
fn order_page(p: &Posted) -> String {
    match p.query("key").and_then(BuyerKey::parse) {
        Some(key) => format!("/orders/{}?key={key}", p.param("order")),
        None => format!("/orders/{}", p.param("order")),
    }
}

async fn order_action(p: Posted) -> AppResult<String> {
    let number = OrderNumber::parse(p.param("order")).ok_or(AppError::NotFound)?;
    let key = p.query("key").and_then(BuyerKey::parse);
    let caller = orders::Caller {
        user: p.user(),
        key: key.as_ref(),
    };
    // The balance of an order bought with a deposit: paid through the provider's page.
    if p.field("op") == "balance" {
        return orders::balance_session(p.db(), caller, &number, p.now).await;
    }
    orders::act(
        p.db(),
        &p.state.payments,
        caller,
        &number,
        &p.fields,
        p.site(),
        p.now,
    )
    .await?;
    Ok(p.href(&order_page(&p)))
}
