//! The document shell and every route in one place.

use crate::accounts::views::{
    AccountPage, ResetPage, ResetRequestPage, SignInPage, SignUpPage, VerifyPage,
};
use crate::agenda::views::agenda::AgendaPage;
use crate::agenda::views::schedule::ScheduleStreamPage;
use crate::agenda::views::stream_page::StreamPage;
use crate::checkout::views::{CartPage, CheckoutPage, OrderPage};
use crate::creators::collaborations::views::{
    BoothCollaborationsPage, CollaborationPage, CreatorCollaborationsPage, InvitePage,
};
use crate::creators::links::views::CreatorLinksPage;
use crate::creators::statements::views::CreatorEarningsPage;
use crate::creators::views::{AgencyPage, CreatorFormPage, CreatorPage, CreatorsPage};
use crate::curation::views::{
    ApplyPage, CuratorBoothPage, CuratorHallPage, CuratorHomePage, ReviewPage,
};
use crate::exhibitor::views::{ExhibitorHomePage, InvitationPage, ProductEditPage};
use crate::i18n::Locale;
use crate::insights::views::{
    BoothInsightsPage, ControlRoomPage, CouncilOutcomesPage, StreamReportPage,
};
use crate::pavilion::views::{
    booth_page::BoothPage, hall_page::HallPage, home_page::HomePage, product_page::ProductPage,
    search_page::SearchPage,
};
use crate::trade::leads::views::LeadsPage;
use crate::trade::meetings::views::{
    BookMeetingPage, CouncilMeetingsPage, MeetingPage, MeetingsPage, TeamMeetingsPage,
};
use crate::trade::rfq::views::{
    BoothRfqPage, BoothRfqsPage, CouncilRfqsPage, NewRfqPage, RfqPage, RfqsPage,
};
use crate::ui::layout::{LocaleLayout, NotFoundPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// The site's public origin (`https://pavilion.example`), for canonical and alternate links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl(pub String);

/// The page's Content Security Policy: scripts only from this origin or inline with this
/// response's nonce (Leptos puts it on its hydration script), wasm compilation allowed,
/// framed only by this site (checkout opens over a stream), no plugins, forms only to this site. Inline `style` attributes carry
/// hall colours, so styles allow them. Video plays from this site and from the Media Source
/// buffers hls.js makes (`blob:`).
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'self'"
    )
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#12325b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="stylesheet" href="/pkg/pavilion.css"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage locale=Locale::En standalone=true/> }>
                <ParentRoute path=path!("/:locale") view=LocaleLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("halls/:hall") view=HallPage ssr=SsrMode::Async/>
                    <Route path=path!("booths/:booth") view=BoothPage ssr=SsrMode::Async/>
                    <Route path=path!("products/:product") view=ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("streams/:stream") view=StreamPage ssr=SsrMode::Async/>
                    <Route path=path!("search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("creators") view=CreatorsPage ssr=SsrMode::Async/>
                    <Route path=path!("creators/:creator") view=CreatorPage ssr=SsrMode::Async/>
                    <Route path=path!("agencies/:agency") view=AgencyPage ssr=SsrMode::Async/>
                    <Route path=path!("creator") view=CreatorFormPage ssr=SsrMode::Async/>
                    <Route path=path!("creator/collaborations") view=CreatorCollaborationsPage ssr=SsrMode::Async/>
                    <Route path=path!("creator/links") view=CreatorLinksPage ssr=SsrMode::Async/>
                    <Route path=path!("creator/earnings") view=CreatorEarningsPage ssr=SsrMode::Async/>
                    <Route path=path!("collaborations/:id") view=CollaborationPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/collaborations") view=BoothCollaborationsPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/invite/:creator") view=InvitePage ssr=SsrMode::Async/>
                    <Route path=path!("agenda") view=AgendaPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/new-stream") view=ScheduleStreamPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/streams/:stream") view=ScheduleStreamPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/streams/:stream/report") view=StreamReportPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/streams/:stream/live") view=ControlRoomPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/insights") view=BoothInsightsPage ssr=SsrMode::Async/>
                    <Route path=path!("account/signin") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("account/signup") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("account/reset") view=ResetRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("account/reset/:token") view=ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("account/verify/:token") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("halls/:hall/apply") view=ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("curator") view=CuratorHomePage ssr=SsrMode::Async/>
                    <Route path=path!("curator/applications/:id") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("curator/halls/:hall") view=CuratorHallPage ssr=SsrMode::Async/>
                    <Route path=path!("curator/booths/:booth") view=CuratorBoothPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor") view=ExhibitorHomePage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/new-product") view=ProductEditPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/leads") view=LeadsPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/rfqs") view=BoothRfqsPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/rfqs/:rfq") view=BoothRfqPage ssr=SsrMode::Async/>
                    <Route path=path!("rfqs") view=RfqsPage ssr=SsrMode::Async/>
                    <Route path=path!("rfqs/new") view=NewRfqPage ssr=SsrMode::Async/>
                    <Route path=path!("rfqs/:rfq") view=RfqPage ssr=SsrMode::Async/>
                    <Route path=path!("curator/rfqs") view=CouncilRfqsPage ssr=SsrMode::Async/>
                    <Route path=path!("booths/:booth/meetings") view=BookMeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("meetings") view=MeetingsPage ssr=SsrMode::Async/>
                    <Route path=path!("meetings/:meeting") view=MeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/meetings") view=TeamMeetingsPage ssr=SsrMode::Async/>
                    <Route path=path!("curator/meetings") view=CouncilMeetingsPage ssr=SsrMode::Async/>
                    <Route path=path!("curator/outcomes") view=CouncilOutcomesPage ssr=SsrMode::Async/>
                    <Route path=path!("exhibitor/products/:product") view=ProductEditPage ssr=SsrMode::Async/>
                    <Route path=path!("account/invitations/:token") view=InvitationPage ssr=SsrMode::Async/>
                    <Route path=path!("checkout") view=CheckoutPage ssr=SsrMode::Async/>
                    <Route path=path!("cart") view=CartPage ssr=SsrMode::Async/>
                    <Route path=path!("orders/:order") view=OrderPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
