//! `/{locale}/creators/{creator}`: who the creator is, where their audience is, what they
//! charge, what the pavilion saw them do, who vetted them, and their streams.

use super::{ListingForm, Listings};
use crate::agenda::views::stream_card::StreamCard;
use crate::creators::api::get_creator;
use crate::creators::model::{CreatorPage as Data, platform_name};
use crate::forms::{alert, use_submission};
use crate::i18n::{number, tr};
use crate::ui::form::FormAlert;
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn CreatorPage() -> impl IntoView {
    let data = slug_resource("creator", get_creator);
    view! { <Loaded resource=data render=move |page| view! { <Creator page/> }/> }
}

#[component]
fn Creator(page: Data) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    // A refused follow or listing comes back here, with its status and why.
    let form_alert = alert(locale, &use_submission(), &[]);
    let Data {
        now,
        card,
        bio,
        bio_fallback,
        categories,
        audiences,
        followers_here,
        fee,
        commission,
        agency,
        listings,
        upcoming,
        replays,
        following,
        signed_in,
        curator,
        own,
        exhibitor,
    } = page;
    let path = format!("/creators/{}", card.slug);
    let record = card.record.clone();
    let follow = if signed_in {
        let (value, label) = if following {
            ("0", tr!(ui, creators_unfollow))
        } else {
            ("1", tr!(ui, creators_follow))
        };
        view! {
            <form method="post" action=href(locale, &format!("{path}/follow")) id="follow">
                <input type="hidden" name="follow" value=value/>
                <button type="submit" class="button button--light" data-testid="follow">{label}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <a class="button button--light" href=href(locale, "/account/signin")>{tr!(ui, creators_follow)}</a> }.into_any()
    };
    let rate_card = match (fee, commission) {
        (None, None) => None,
        (fee, commission) => Some(view! {
            <dl class="facts" data-testid="rate-card">
                {fee.map(|fee| view! { <div><dt>{tr!(ui, creators_fee)}</dt><dd>{fee}</dd></div> })}
                {commission.map(|c| view! { <div><dt>{tr!(ui, creators_commission)}</dt><dd>{c}</dd></div> })}
            </dl>
        }),
    };
    view! {
        <Seo title=card.name.clone() description=card.headline.clone() path=Some(path.clone())/>
        <main id="main">
            <header class="page-hero page-hero--creator">
                <div class="page-hero__inner creator-hero">
                    <img class="creator-hero__portrait" src=card.portrait() alt=tr!(ui, creators_portrait_of, name = card.name.clone()) width="160" height="160"/>
                    <div>
                        <nav aria-label=tr!(ui, breadcrumb) class="breadcrumb">
                            <a href=href(locale, "/")>{tr!(ui, crumb_pavilion)}</a>
                            <span aria-hidden="true">" / "</span>
                            <a href=href(locale, "/creators")>{tr!(ui, creators_title)}</a>
                            <span aria-hidden="true">" / "</span>
                            <span aria-current="page">{card.name.clone()}</span>
                        </nav>
                        <h1>{card.name.clone()}</h1>
                        <p class="page-hero__lead">{card.headline.clone()}</p>
                        <p class="creator-card__marks">
                            {card.listed_by.iter().map(|council| view! {
                                <span class="verified-badge">{tr!(ui, creators_listed_by, council = council.clone())}</span>" "
                            }).collect_view()}
                            {if card.available {
                                view! { <span class="creator-chip">{tr!(ui, creators_available)}</span> }.into_any()
                            } else {
                                view! { <span class="creator-chip creator-chip--muted">{tr!(ui, creators_unavailable)}</span> }.into_any()
                            }}
                        </p>
                        <div class="button-row">
                            {follow}
                            {own.then(|| view! {
                                <a class="button button--light" href=href(locale, "/creator")>{tr!(ui, creators_edit)}</a>
                                <a class="button button--light" href=href(locale, "/creator/collaborations")>{tr!(ui, collab_creator_list)}</a>
                            })}
                            {(exhibitor && card.available).then(|| view! {
                                <a class="button button--primary" href=href(locale, &format!("/exhibitor/invite/{}", card.slug)) data-testid="invite">{tr!(ui, collab_invite)}</a>
                            })}
                        </div>
                    </div>
                </div>
            </header>
            <div class="page creator-page">
                <FormAlert message=form_alert/>
                <section aria-labelledby="record-title" class="creator-record">
                    <h2 id="record-title">{tr!(ui, creators_record)}</h2>
                    <p class="creator-muted">{tr!(ui, creators_record_hint)}</p>
                    <dl class="figures" data-testid="record">
                        <div class="figure"><dt>{tr!(ui, creators_streams)}</dt><dd>{number(locale, record.streams)}</dd></div>
                        <div class="figure"><dt>{tr!(ui, creators_viewers)}</dt><dd>{number(locale, record.viewers)}</dd></div>
                        <div class="figure"><dt>{tr!(ui, creators_orders)}</dt><dd>{number(locale, record.orders)}</dd></div>
                        <div class="figure"><dt>{tr!(ui, creators_sales)}</dt><dd>{record.sales.clone()}</dd></div>
                        <div class="figure"><dt>{tr!(ui, creators_answer_time)}</dt><dd>{record.answer_time.clone().unwrap_or_else(|| tr!(ui, creators_no_answers).to_owned())}</dd></div>
                    </dl>
                </section>
                <div class="creator-columns">
                    <section aria-labelledby="about-title">
                        <h2 id="about-title">{tr!(ui, creators_about)}</h2>
                        {bio_fallback.then(|| view! { <p class="fallback-note">{tr!(ui, fallback_note)}</p> })}
                        <p class="prose">{bio}</p>
                        <dl class="facts">
                            <div><dt>{tr!(ui, creators_markets)}</dt><dd>{card.markets.join(" · ")}</dd></div>
                            <div><dt>{tr!(ui, creators_languages)}</dt><dd>{card.languages.join(" · ")}</dd></div>
                            {(!categories.is_empty()).then(|| view! {
                                <div><dt>{tr!(ui, creators_categories)}</dt><dd>
                                    {categories.into_iter().map(|(slug, name)| view! {
                                        <a class="hall-chip" href=href(locale, &format!("/halls/{slug}"))>{name}</a>" "
                                    }).collect_view()}
                                </dd></div>
                            })}
                            {agency.map(|a| view! {
                                <div><dt>{tr!(ui, creators_agency)}</dt><dd>
                                    <a href=href(locale, &format!("/agencies/{}", a.slug))>{a.name}</a>
                                    {a.listed.then(|| view! { " "<span class="verified-badge">{tr!(ui, creators_agency_listed)}</span> })}
                                </dd></div>
                            })}
                        </dl>
                    </section>
                    <section aria-labelledby="audience-title">
                        <h2 id="audience-title">{tr!(ui, creators_audience)}</h2>
                        <div class="table-scroll"><table class="data-table" data-testid="audiences">
                            <caption class="visually-hidden">{tr!(ui, creators_audience)}</caption>
                            <thead><tr><th scope="col">{tr!(ui, creators_platform)}</th><th scope="col">{tr!(ui, creators_handle)}</th><th scope="col">{tr!(ui, creators_followers)}</th></tr></thead>
                            <tbody>
                                {audiences.into_iter().map(|a| view! {
                                    <tr><th scope="row">{platform_name(&a.platform)}</th><td><bdi>{a.handle}</bdi></td><td>{a.followers}</td></tr>
                                }).collect_view()}
                                <tr><th scope="row">{tr!(ui, creators_here)}</th><td></td><td>{number(locale, followers_here)}</td></tr>
                            </tbody>
                        </table></div>
                        <h2>{tr!(ui, creators_rate_card)}</h2>
                        {rate_card}
                    </section>
                </div>
                <section aria-labelledby="listings-title" id="listings">
                    <h2 id="listings-title">{tr!(ui, creators_listings)}</h2>
                    <Listings listings/>
                    {curator.map(|curator| view! { <ListingForm curator action=format!("{path}/listing")/> })}
                </section>
                {(!upcoming.is_empty()).then(|| view! {
                    <section aria-labelledby="creator-upcoming-title">
                        <h2 id="creator-upcoming-title">{tr!(ui, creators_upcoming)}</h2>
                        <div class="stream-grid">
                            {upcoming.into_iter().map(|stream| view! { <StreamCard stream now/> }).collect_view()}
                        </div>
                    </section>
                })}
                {(!replays.is_empty()).then(|| view! {
                    <section aria-labelledby="creator-replays-title">
                        <h2 id="creator-replays-title">{tr!(ui, creators_replays)}</h2>
                        <div class="stream-grid">
                            {replays.into_iter().map(|stream| view! { <StreamCard stream now/> }).collect_view()}
                        </div>
                    </section>
                })}
            </div>
        </main>
    }
    .into_any()
}
