//! The buyer's one-page checkout (`/{locale}/checkout`), the order page
//! (`/{locale}/orders/{order}`) for buyer and exhibitor, and the order lists of the account
//! page and the exhibitor console. Everything works without JavaScript: "Update price" posts
//! the form and gets it back priced for the new choices, "Pay" places the order and goes on
//! to the provider's hosted page.

use crate::checkout::api::{get_cart, get_checkout, get_order_page, get_orders};
use crate::checkout::model::{
    CartPage as CartData, CheckoutPage as Data, OrderPage as OrderData, PricePart,
};
use crate::forms::{alert, use_submission};
use crate::i18n::{Locale, tr};
use crate::ui::form::{Field, FormAlert, Select};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, Pager, cursor_param, locale_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// An order state in the reader's words.
pub fn state_label(locale: Locale, state: &str) -> String {
    let ui = locale.ui();
    match state {
        "pending" => tr!(ui, order_state_pending),
        "paid" => tr!(ui, order_state_paid),
        "shipped" => tr!(ui, order_state_shipped),
        "delivered" => tr!(ui, order_state_delivered),
        "refunded" => tr!(ui, order_state_refunded),
        "balance_paid" => tr!(ui, order_state_balance_paid),
        _ => tr!(ui, order_state_cancelled),
    }
    .to_owned()
}

fn service_label(locale: Locale, service: &str) -> String {
    let ui = locale.ui();
    match service {
        "express" => tr!(ui, service_express),
        _ => tr!(ui, service_economy),
    }
    .to_owned()
}

fn part_label(locale: Locale, part: &str) -> String {
    let ui = locale.ui();
    match part {
        "goods" => tr!(ui, price_goods),
        "handling" => tr!(ui, price_handling),
        "freight" => tr!(ui, price_freight),
        "insurance" => tr!(ui, price_insurance),
        _ => tr!(ui, price_duties),
    }
    .to_owned()
}

/// The landed-price table: each part, and whether the price includes it.
#[component]
fn Breakdown(
    parts: Vec<PricePart>,
    total: Option<String>,
    landed: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let rows = parts
        .into_iter()
        .map(|p| {
            let label = part_label(locale, &p.part);
            let amount = p
                .amount
                .unwrap_or_else(|| tr!(ui, price_unknown).to_owned());
            let note = if p.included {
                tr!(ui, price_included)
            } else {
                tr!(ui, price_buyer_pays)
            };
            view! {
                <tr class:breakdown__excluded=!p.included>
                    <th scope="row">{label}</th>
                    <td class="breakdown__note">{note}</td>
                    <td class="breakdown__amount"><bdi>{amount}</bdi></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="breakdown" data-testid="breakdown">
            <caption class="visually-hidden">{tr!(ui, price_breakdown)}</caption>
            <tbody>{rows}</tbody>
            <tfoot>
                {total.map(|t| view! {
                    <tr class="breakdown__total"><th scope="row" colspan="2">{tr!(ui, price_you_pay)}</th><td class="breakdown__amount" data-testid="total"><bdi>{t}</bdi></td></tr>
                })}
                {landed.map(|l| view! {
                    <tr><th scope="row" colspan="2">{tr!(ui, price_landed)}</th><td class="breakdown__amount"><bdi>{l}</bdi></td></tr>
                })}
            </tfoot>
        </table>
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                locale,
                get("product"),
                get("quantity"),
                get("country"),
                get("service"),
                get("incoterm"),
                get("stream"),
                get("deal"),
                get("sample"),
            )
        },
        |(locale, product, quantity, country, service, incoterm, stream, deal, sample)| {
            get_checkout(
                locale, product, quantity, country, service, incoterm, stream, deal, sample,
            )
        },
    );
    view! { <Loaded resource=data render=move |page| view! { <Checkout page/> }/> }
}

const CHECKOUT_FIELDS: [&str; 7] = [
    "email",
    "quantity",
    "country",
    "service",
    "incoterm",
    "ship_name",
    "ship_address",
];

#[component]
fn Checkout(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let value = |name: &str, stored: &str| submission.value_or(name, stored.to_owned());
    let error = |name: &str| submission.error(locale, name);
    let action = href(locale, "/checkout");
    let title = tr!(ui, checkout_title);
    let countries: Vec<(String, String)> =
        std::iter::once((String::new(), tr!(ui, choose_country).to_owned()))
            .chain(page.countries.clone())
            .collect();
    let radios = |name: &'static str,
                  legend: String,
                  options: Vec<(String, String, String)>,
                  chosen: String| {
        let items = options
            .into_iter()
            .map(|(value, label, hint)| {
                let id = format!("{name}-{value}");
                let checked = value.eq_ignore_ascii_case(&chosen);
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=name value=value checked=checked/>
                        <label for=id>{label}<span class="choice__hint">{hint}</span></label>
                    </div>
                }
            })
            .collect_view();
        view! { <fieldset class="choices"><legend>{legend}</legend>{items}</fieldset> }
    };
    // Only the terms every product on the page ships on.
    let incoterms = crate::checkout::shipping::Incoterm::ALL
        .iter()
        .filter(|t| page.incoterms.iter().any(|code| code == t.code()))
        .map(|t| {
            let (label, hint) = match t.code() {
                "EXW" => (tr!(ui, incoterm_exw), tr!(ui, incoterm_exw_hint)),
                "FOB" => (tr!(ui, incoterm_fob), tr!(ui, incoterm_fob_hint)),
                "CIF" => (tr!(ui, incoterm_cif), tr!(ui, incoterm_cif_hint)),
                _ => (tr!(ui, incoterm_ddp), tr!(ui, incoterm_ddp_hint)),
            };
            (
                t.code().to_owned(),
                format!("{} · {label}", t.code()),
                hint.to_owned(),
            )
        })
        .collect();
    let services = vec![
        (
            "economy".to_owned(),
            tr!(ui, service_economy).to_owned(),
            String::new(),
        ),
        (
            "express".to_owned(),
            tr!(ui, service_express).to_owned(),
            String::new(),
        ),
    ];
    let problem = error("form").or_else(|| alert(locale, &submission, &CHECKOUT_FIELDS));
    let days = page
        .days
        .map(|(a, b)| tr!(ui, delivery_days, min = a.to_string(), max = b.to_string()));
    let single = (!page.from_cart).then(|| page.lines[0].clone());
    // A deal or a sample is bought here and now, at its own price: never put in the cart.
    let cart_from_room = single.as_ref().is_some_and(|l| !l.sample)
        && !page.stream.is_empty()
        && page.deal.is_none();
    let summary = if let Some(line) = single.clone() {
        view! {
            {line.image.clone().map(|src| view! { <img class="checkout__image" src=src alt="" width="160" height="120"/> })}
            <h2 id="summary-title">{line.name.clone()}</h2>
            {line.sample.then(|| view! { <p class="checkout__deal"><span class="sample-badge">{tr!(ui, sample_badge)}</span>" "{tr!(ui, sample_checkout_note, count = crate::i18n::number(locale, line.max_quantity))}" "{tr!(ui, sample_shares_contact)}</p> })}
            {(line.sample && !page.signed_in).then(|| view! {
                <p class="notice notice--warning" role="status">
                    {tr!(ui, problem_sample_sign_in)}" "<a href=href(locale, "/account/signin")>{tr!(ui, signin_title)}</a>
                </p>
            })}
            <p class="checkout__seller">{tr!(ui, sold_by_name, name = line.booth_name.clone())}</p>
            <p>{tr!(ui, checkout_unit_price, price = line.unit_price.clone(), unit = line.unit.clone())}</p>
            {page.deal_cap.map(|cap| view! {
                <p class="checkout__deal"><span class="deal-badge">{tr!(ui, deal_badge)}</span>" "{tr!(ui, deal_checkout_note, count = cap.to_string())}</p>
            })}
        }
        .into_any()
    } else {
        let items = page
            .lines
            .iter()
            .map(|l| view! {
                <li>
                    <span>{l.name.clone()}" × "{l.quantity}<br/><small class="checkout__seller">{l.booth_name.clone()}</small></span>
                    <bdi>{l.total.clone()}</bdi>
                </li>
            })
            .collect_view();
        view! {
            <h2 id="summary-title">{tr!(ui, cart_title)}</h2>
            <ul class="order__lines">{items}</ul>
            {(page.shipments > 1).then(|| view! { <p class="checkout__seller">{tr!(ui, checkout_shipments, count = page.shipments.to_string())}</p> })}
        }
        .into_any()
    };
    let hidden_lines = page
        .from_cart
        .then(|| {
            page.lines
                .iter()
                .map(|l| view! { <input type="hidden" name="line" value=format!("{}:{}", l.product, l.quantity)/> })
                .collect_view()
        });
    view! {
        <Seo title=title.to_owned() description=title.to_owned() path=None/>
        <main id="main" class="page checkout">
            <h1>{title}</h1>
            <FormAlert message=problem/>
            <div class="checkout__grid">
                <section class="checkout__summary card" aria-labelledby="summary-title">
                    {summary}
                    <Breakdown parts=page.parts.clone() total=page.total.clone() landed=page.landed.clone()/>
                    {days.map(|d| view! { <p class="checkout__days">{d}</p> })}
                    {page.problem.clone().map(|p| view! { <p class="form-alert" role="status">{p}</p> })}
                    <p class="checkout__quote" data-testid="quote-until">{tr!(ui, quote_held_until, time = page.quote_until.clone(), currency = page.currency.clone())}</p>
                </section>
                <form class="form checkout__form" method="post" action=action.clone()>
                    {single.as_ref().map(|l| view! { <input type="hidden" name="product" value=l.product.clone()/> })}
                    {single.as_ref().filter(|l| l.sample).map(|_| view! { <input type="hidden" name="sample" value="1"/> })}
                    {hidden_lines}
                    <input type="hidden" name="quote" value=page.quote.clone()/>
                    <input type="hidden" name="key" value=page.key.clone()/>
                    <input type="hidden" name="stream" value=page.stream.clone()/>
                    {page.deal.map(|d| view! { <input type="hidden" name="deal" value=d.to_string()/> })}
                    <Field id="email" label=tr!(ui, field_email).to_owned() kind="email" autocomplete="email"
                        value=value("email", &page.email) error=error("email")
                        hint=(!page.signed_in).then(|| tr!(ui, guest_checkout_hint).to_owned())/>
                    {single.map(|line| view! {
                        <div class="field" class:field--error=error("quantity").is_some()>
                            <label for="quantity">{tr!(ui, quantity_label, unit = line.unit.clone())}</label>
                            <p class="field__hint" id="quantity-hint">{tr!(ui, quantity_limits, min = line.moq.to_string(), max = line.max_quantity.to_string())}</p>
                            <input id="quantity" name="quantity" type="number" inputmode="numeric" min=line.moq max=line.max_quantity
                                value=value("quantity", &line.quantity.to_string()) required=true aria-describedby="quantity-hint"/>
                            {error("quantity").map(|e| view! { <p class="field__error" id="quantity-error">{e}</p> })}
                        </div>
                    })}
                    {page.from_cart.then(|| error("quantity").map(|e| view! { <p class="form-alert" role="alert">{e}</p> }))}
                    <Select id="country" label=tr!(ui, country_label).to_owned() options=countries
                        selected=value("country", &page.country) error=error("country")/>
                    {radios("service", tr!(ui, service_label).to_owned(), services, value("service", &page.service))}
                    {radios("incoterm", tr!(ui, incoterm_label).to_owned(), incoterms, value("incoterm", &page.incoterm))}
                    {error("incoterm").map(|e| view! { <p class="field__error">{e}</p> })}
                    <Field id="ship_name" label=tr!(ui, ship_name_label).to_owned() autocomplete="name"
                        value=value("ship_name", &page.ship_name) error=error("ship_name") required=false max=120/>
                    <Field id="ship_address" label=tr!(ui, ship_address_label).to_owned() autocomplete="street-address"
                        value=value("ship_address", &page.ship_address) error=error("ship_address") required=false max=500 lines=3/>
                    <div class="checkout__actions">
                        // Opened from a live room: the product may go to the cart instead,
                        // and the buyer goes on watching (and buys the cart later).
                        {cart_from_room.then(|| view! {
                            <button class="button button--outline" type="submit" formmethod="post" formaction=href(locale, "/cart")
                                name="op" value="add" formnovalidate=true data-testid="add-to-cart">{tr!(ui, add_to_cart)}</button>
                        })}
                        <button class="button button--outline" type="submit" name="intent" value="update" formnovalidate=true>{tr!(ui, update_price)}</button>
                        <button class="button button--primary" type="submit" name="intent" value="pay" data-testid="pay">{tr!(ui, pay_now)}</button>
                    </div>
                    <p class="field__hint">{tr!(ui, payment_note)}</p>
                </form>
            </div>
        </main>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let data = crate::ui::page::slug_query_resource("order", "key", get_order_page);
    view! { <Loaded resource=data render=move |page| view! { <Order page/> }/> }
}

#[component]
fn Order(page: OrderData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let order = &page.order;
    let number = order.number.clone();
    // The buyer's key stays in the form's address (a guest buyer cancels through it); the
    // exhibitor's page never carries it.
    let action = if page.order.key.is_empty() {
        href(locale, &format!("/orders/{number}"))
    } else {
        format!(
            "{}?key={}",
            href(locale, &format!("/orders/{number}")),
            page.order.key
        )
    };
    let title = tr!(ui, order_title, number = number.clone());
    let state = order.state.clone();
    let badge = format!("state order-state--{state}");
    let lines = page
        .lines
        .iter()
        .map(|(name, quantity, total)| {
            view! {
                <li><span>{name.clone()}" × "{*quantity}</span><bdi>{total.clone()}</bdi></li>
            }
        })
        .collect_view();
    let history = page
        .history
        .iter()
        .map(|(state, who, when, note)| {
            let who = who.split_once(':').map_or(who.as_str(), |(_, w)| w).to_owned();
            view! {
                <li>
                    <strong>{state_label(locale, state)}</strong>" · "<time>{when.clone()}</time>
                    <span class="timeline__who">" · "<bdi>{who}</bdi></span>
                    {(!note.is_empty()).then(|| {
                        // The first of two payments says so in the reader's words.
                        let note = if note == "deposit" { tr!(ui, order_deposit).to_owned() } else { note.clone() };
                        view! { <span class="timeline__note">" — "{note}</span> }
                    })}
                </li>
            }
        })
        .collect_view();
    let s = &order.shipping;
    let shipping = (!s.country.is_empty()).then(|| {
        view! {
            <p>{tr!(ui, ships_to, country = page.country_name.clone(), service = service_label(locale, &s.service), incoterm = s.incoterm.clone())}</p>
            <p class="order__address"><bdi>{page.ship_name.clone()}</bdi><br/><bdi>{page.ship_address.clone()}</bdi></p>
            {(s.days_max > 0).then(|| view! { <p>{tr!(ui, delivery_days, min = s.days_min.to_string(), max = s.days_max.to_string())}</p> })}
        }
    });
    let tracking = (!s.tracking.is_empty()).then(|| {
        view! { <p data-testid="tracking">{tr!(ui, tracking_line, carrier = s.carrier.clone(), tracking = s.tracking.clone())}</p> }
    });
    let button = |op: &'static str, label: String, class: &'static str| {
        view! {
            <form method="post" action=action.clone() class="inline-form">
                <input type="hidden" name="op" value=op/>
                <button class=class type="submit">{label}</button>
            </form>
        }
    };
    let actions = if page.exhibitor {
        match state.as_str() {
            "paid" => Some(view! {
                <form method="post" action=action.clone() class="form form--inline">
                    <input type="hidden" name="op" value="ship"/>
                    <Field id="carrier" label=tr!(ui, carrier_label).to_owned() value=submission.value("carrier").unwrap_or_default() error=submission.error(locale, "carrier") max=60/>
                    <Field id="tracking" label=tr!(ui, tracking_label).to_owned() value=submission.value("tracking").unwrap_or_default() error=submission.error(locale, "tracking") max=60/>
                    <button class="button button--primary" type="submit">{tr!(ui, mark_shipped)}</button>
                </form>
                {button("refund", tr!(ui, refund_order).to_owned(), "button button--outline")}
            }.into_any()),
            "shipped" => Some(view! {
                {button("deliver", tr!(ui, mark_delivered).to_owned(), "button button--primary")}
                {button("refund", tr!(ui, refund_order).to_owned(), "button button--outline")}
            }.into_any()),
            "delivered" => Some(button("refund", tr!(ui, refund_order).to_owned(), "button button--outline").into_any()),
            "pending" => Some(button("cancel", tr!(ui, cancel_order).to_owned(), "button button--outline").into_any()),
            _ => None,
        }
    } else {
        (state == "pending").then(|| {
            view! {
                <p>{tr!(ui, hold_until, time = page.hold_until.clone())}</p>
                {page.pay_url.clone().map(|url| view! { <a class="button button--primary" href=url>{tr!(ui, pay_now)}</a> })}
                {button("cancel", tr!(ui, cancel_order).to_owned(), "button button--outline")}
            }
            .into_any()
        })
    };
    // Paid in two parts: the deposit, and the balance due before shipping.
    let instalments = page.instalments.clone().map(|(deposit, balance, balance_paid)| {
        let pay_balance = (!page.exhibitor && state == "paid" && !balance_paid)
            .then(|| button("balance", tr!(ui, pay_balance).to_owned(), "button button--primary"));
        view! {
            <dl class="specs instalments" data-testid="instalments">
                <dt>{tr!(ui, order_deposit)}</dt>
                <dd><bdi>{deposit}</bdi>" · "{if state == "pending" { tr!(ui, instalment_due) } else { tr!(ui, instalment_paid) }}</dd>
                <dt>{tr!(ui, order_balance)}</dt>
                <dd><bdi>{balance}</bdi>" · "{if balance_paid { tr!(ui, instalment_paid) } else { tr!(ui, balance_due_before_shipping) }}</dd>
            </dl>
            {pay_balance}
        }
    });
    let refused = submission
        .refused()
        .then(|| alert(locale, &submission, &["carrier", "tracking"]))
        .flatten();
    view! {
        <Seo title=title.clone() description=title.clone() path=None/>
        <main id="main" class="page order">
            <p class="order__state"><span class=badge data-testid="order-state">{state_label(locale, &state)}</span></p>
            // The number is isolated, so "PV-…" reads whole in right-to-left titles.
            <h1>{tr!(ui, order_title, number = crate::i18n::isolate(&number))}</h1>
            <p>{tr!(ui, sold_by_name, name = page.booth_name.clone())}</p>
            {page.stream_title.clone().map(|t| view! { <p class="order__stream">{tr!(ui, bought_in_stream, title = t)}</p> })}
            {page.via_link.clone().map(|name| view! { <p class="order__stream" data-testid="via-link">{tr!(ui, order_via_link, name = name)}</p> })}
            <FormAlert message=refused/>
            <div class="checkout__grid">
                <section class="card" aria-labelledby="items-title">
                    <h2 id="items-title">{tr!(ui, order_items)}</h2>
                    <ul class="order__lines">{lines}</ul>
                    <Breakdown parts=page.parts.clone() total=Some(page.total.clone()) landed=None/>
                    {instalments}
                    {shipping}
                    {tracking}
                </section>
                <section class="card" aria-labelledby="history-title">
                    <h2 id="history-title">{tr!(ui, order_history)}</h2>
                    <ol class="timeline">{history}</ol>
                    <div class="order__actions">{actions}</div>
                </section>
            </div>
        </main>
    }
}

/// The signed-in person's orders (as buyer), or their booth's (as exhibitor).
#[component]
pub fn OrderList(exhibitor: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let before = cursor_param("orders");
    let rows = Resource::new_blocking(
        move || (locale, before.clone()),
        move |(locale, before)| get_orders(locale, exhibitor, before),
    );
    let heading = if exhibitor {
        tr!(ui, orders_to_fulfil)
    } else {
        tr!(ui, your_orders)
    };
    view! {
        <section aria-labelledby="orders-title" class="orders">
            <h2 id="orders-title">{heading}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let page = rows.await.unwrap_or_default();
                    if page.items.is_empty() && page.next.is_none() {
                        return view! {
                            <p>{tr!(ui, no_orders)}</p>
                            <Pager param="orders" next=None label=heading.to_owned()/>
                        }
                        .into_any();
                    }
                    let items = page
                        .items
                        .into_iter()
                        .map(|r| {
                            let page = href(locale, &format!("/orders/{}", r.number));
                            let link = if r.key.is_empty() { page } else { format!("{page}?key={}", r.key) };
                            let badge = format!("state order-state--{}", r.state);
                            view! {
                                <li class="orders__row">
                                    <a href=link>{r.number.clone()}</a>
                                    <span class=badge>{state_label(locale, &r.state)}</span>
                                    <bdi>{r.party}</bdi>
                                    <span>{r.created}</span>
                                    <bdi class="orders__total">{r.total}</bdi>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <ul class="orders__list" data-testid="orders">{items}</ul>
                        <Pager param="orders" next=page.next label=heading.to_owned()/>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let _locale = use_locale();
    let data = locale_resource(get_cart);
    view! { <Loaded resource=data render=move |page| view! { <Cart page/> }/> }
}

#[component]
fn Cart(page: CartData) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let action = href(locale, "/cart");
    let title = tr!(ui, cart_title);
    let body = if page.groups.is_empty() {
        view! {
            <p>{tr!(ui, cart_empty)}</p>
            <p><a class="button button--outline" href=href(locale, "/#halls")>{tr!(ui, continue_shopping)}</a></p>
        }
        .into_any()
    } else {
        let groups = page
            .groups
            .into_iter()
            .map(|(booth, lines)| {
                let rows = lines
                    .into_iter()
                    .map(|l| {
                        let id = format!("quantity-{}", l.product);
                        view! {
                            <li class="cart__line">
                                {l.image.clone().map(|src| view! { <img class="cart__image" src=src alt="" width="96" height="72"/> })}
                                <div class="cart__name">
                                    <a href=href(locale, &format!("/products/{}", l.product))>{l.name.clone()}</a>
                                    <small>{tr!(ui, checkout_unit_price, price = l.unit_price.clone(), unit = l.unit.clone())}</small>
                                </div>
                                <div class="cart__quantity">
                                    <label for=id.clone()>{tr!(ui, quantity_label, unit = l.unit.clone())}</label>
                                    <input id=id name=format!("quantity:{}", l.product) type="number" inputmode="numeric"
                                        min=l.moq max=l.max_quantity value=l.quantity.to_string()/>
                                </div>
                                <bdi class="cart__total">{l.total.clone()}</bdi>
                                <button class="button button--ghost button--small" type="submit" name="remove" value=l.product.clone()>
                                    {tr!(ui, cart_remove)}<span class="visually-hidden">" "{l.name.clone()}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="card cart__group">
                        <h2>{tr!(ui, cart_ships_from, name = booth)}</h2>
                        <ul class="cart__lines">{rows}</ul>
                    </section>
                }
            })
            .collect_view();
        view! {
            <form method="post" action=action class="cart">
                {groups}
                <p class="cart__sum">{tr!(ui, price_goods)}" "<bdi data-testid="cart-total">{page.total.unwrap_or_default()}</bdi></p>
                <div class="checkout__actions">
                    <button class="button button--outline" type="submit" name="op" value="update">{tr!(ui, cart_update)}</button>
                    <a class="button button--primary" href=href(locale, "/checkout")>{tr!(ui, cart_checkout)}</a>
                </div>
            </form>
        }
        .into_any()
    };
    view! {
        <Seo title=title.to_owned() description=title.to_owned() path=None/>
        <main id="main" class="page">
            <h1>{title}</h1>
            {body}
        </main>
    }
}
