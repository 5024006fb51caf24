//! Sign in, create an account, and the account page. The forms post to the account's
//! actions (`actions.rs`) so they work without JavaScript; a refused post renders the same
//! page again with the problems next to their fields and a 4xx status.

use crate::accounts::Viewer;
use crate::accounts::api::{get_reset, get_verification};
use crate::forms::{message, use_submission};
use crate::i18n::tr;
use crate::ui::error_template::ErrorPage;
use crate::ui::form::{Field, FormAlert};
use crate::ui::layout::{href, use_locale};
use crate::ui::page::{Loaded, Pager, cursor_param, slug_resource};
use crate::ui::seo::Seo;
use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    // A 401 from this form means the email and password did not match; a 429 says how long
    // to wait.
    let general = match submission.status {
        401 => Some(message(locale, "sign_in")),
        _ => submission.error(locale, "form"),
    };
    let email_error = submission.error(locale, "email");
    let typed = |name: &str| submission.value(name).unwrap_or_default().trim().to_owned();
    view! {
        <Seo title=tr!(ui, signin_title).to_owned() description=tr!(ui, signin_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, signin_title)}</h1>
            {(done().as_deref() == Some("reset")).then(|| view! { <p class="notice" role="status">{tr!(ui, password_reset_done)}</p> })}
            {(done().as_deref() == Some("verified")).then(|| view! { <p class="notice" role="status">{tr!(ui, email_verified_done)}</p> })}
            {general.map(|g| view! { <p class="form-alert" role="alert">{g}</p> })}
            <form class="form" method="post" action=href(locale, "/account/signin")>
                <Field id="email" label=tr!(ui, field_email).to_owned() kind="email" autocomplete="email" value=typed("email") error=email_error/>
                <Field id="password" label=tr!(ui, field_password).to_owned() kind="password" autocomplete="current-password"/>
                <button type="submit" class="button button--primary">{tr!(ui, signin_button)}</button>
            </form>
            <p><a href=href(locale, "/account/reset")>{tr!(ui, forgot_password)}</a></p>
            <p><a href=href(locale, "/account/signup")>{tr!(ui, no_account)}</a></p>
        </main>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let alert = submission.refused().then(|| tr!(ui, form_errors));
    let email_error = submission.error(locale, "email");
    let typed = |name: &str| submission.value(name).unwrap_or_default().trim().to_owned();
    let name_error = submission.error(locale, "name");
    let password_error = submission.error(locale, "password");
    view! {
        <Seo title=tr!(ui, signup_title).to_owned() description=tr!(ui, signup_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, signup_title)}</h1>
            {alert.map(|a| view! { <p class="form-alert" role="alert">{a}</p> })}
            <form class="form" method="post" action=href(locale, "/account/signup")>
                <Field id="name" label=tr!(ui, field_name).to_owned() kind="text" autocomplete="name" value=typed("name") error=name_error/>
                <Field id="email" label=tr!(ui, field_email).to_owned() kind="email" autocomplete="email" value=typed("email") error=email_error/>
                <Field id="password" label=tr!(ui, field_password).to_owned() kind="password" autocomplete="new-password" hint=Some(tr!(ui, password_hint).to_owned()) error=password_error/>
                <button type="submit" class="button button--primary">{tr!(ui, signup_button)}</button>
            </form>
            <p><a href=href(locale, "/account/signin")>{tr!(ui, have_account)}</a></p>
        </main>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let Some(viewer) = use_context::<Option<Viewer>>().flatten() else {
        // A refused post from someone signed out answers 401, like every other form.
        if use_submission().refused() {
            return view! { <ErrorPage error=crate::error::AppError::Unauthorized/> }.into_any();
        }
        #[cfg(feature = "ssr")]
        {
            leptos_axum::redirect(&href(locale, "/account/signin"));
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::SEE_OTHER);
            }
        }
        return ().into_any();
    };
    let mut roles = vec![tr!(ui, role_buyer)];
    if viewer.is_exhibitor {
        roles.push(tr!(ui, role_exhibitor));
    }
    if viewer.is_curator {
        roles.push(tr!(ui, role_curator));
    }
    if viewer.is_admin {
        roles.push(tr!(ui, role_admin));
    }
    view! {
        <Seo title=tr!(ui, account_title).to_owned() description=tr!(ui, account_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, account_title)}</h1>
            <p>{tr!(ui, signed_in_as, name = viewer.name.clone())}" · "<bdi>{viewer.email.clone()}</bdi></p>
            <EmailVerification verified=viewer.email_verified email=viewer.email.clone()/>
            <h2>{tr!(ui, account_roles)}</h2>
            <ul class="chips">{roles.into_iter().map(|r| view! { <li class="hall-chip">{r}</li> }).collect_view()}</ul>
            {viewer.is_exhibitor.then(|| view! {
                <p><a class="button button--primary" href=href(locale, "/exhibitor")>{tr!(ui, exhibitor_console)}</a></p>
            })}
            {viewer.is_curator.then(|| view! {
                <p><a class="button button--primary" href=href(locale, "/curator")>{tr!(ui, curator_console)}</a></p>
            })}
            <form method="post" action=href(locale, "/account/signout")>
                <button type="submit" class="button button--ghost">{tr!(ui, signout)}</button>
            </form>
            <Notices/>
            <crate::checkout::views::OrderList exhibitor=false/>
            <crate::trade::rfq::views::BusinessProfile/>
            <crate::trade::leads::views::SharedContacts/>
            <CalendarFeed/>
            <ChangePassword/>
        </main>
    }
    .into_any()
}

/// Notices about followed streams: reminders, "live now", new times, cancellations.
#[component]
fn Notices() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let before = cursor_param("notices");
    let data = Resource::new_blocking(
        move || (locale, before.clone()),
        |(locale, before)| crate::agenda::api::get_notices(locale, before),
    );
    let render = move |page: crate::core::Page<crate::agenda::model::Notice>| {
        let next = page.next;
        let notices = page.items;
        let list = if notices.is_empty() && next.is_none() {
            view! { <p>{tr!(ui, no_notifications)}</p> }.into_any()
        } else {
            view! {
                <ul class="notices">
                    {notices.into_iter().map(|n| view! {
                        <li class:notices__unread=n.unread>
                            <a href=href(locale, &format!("/streams/{}", n.stream_slug))>
                                {crate::agenda::views::notice_text(locale, &n.kind, &n.stream_title)}
                            </a>
                            " "<time datetime=n.at.rfc3339()>{n.at.iso_date()}</time>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        };
        view! {
            <section aria-labelledby="notices-title" class="console-section">
                <h2 id="notices-title">{tr!(ui, notifications)}</h2>
                {list}
                <Pager param="notices" next=next label=tr!(ui, notifications).to_owned()/>
            </section>
        }
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { data.await.ok().map(render) })}
        </Suspense>
    }
}

/// The personal calendar feed of followed streams: its secret address is shown once, when made.
#[component]
fn CalendarFeed() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let made = use_submission().value("calendar_url");
    view! {
        <section aria-labelledby="calendar-title" class="console-section">
            <h2 id="calendar-title">{tr!(ui, calendar_feed)}</h2>
            <p>{tr!(ui, calendar_feed_hint)}</p>
            {made.map(|url| view! {
                <p class="notice notice--warning" role="status">{tr!(ui, calendar_link_once)}</p>
                <p><code class="calendar-url">{url}</code></p>
            })}
            <form method="post" action=href(locale, "/account/calendar")>
                <button type="submit" class="button button--outline">{tr!(ui, make_calendar_link)}</button>
            </form>
        </section>
    }
}

/// Whether the address is confirmed; if not, what that holds back and a button for a new link.
#[component]
fn EmailVerification(verified: bool, email: String) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let ours = submission.value("purpose").as_deref() == Some("verify");
    let alert = if ours {
        crate::forms::alert(locale, &submission, &[])
    } else {
        None
    };
    let done = done();
    if verified {
        return (done.as_deref() == Some("verified"))
            .then(|| view! { <p class="notice" role="status">{tr!(ui, email_verified_done)}</p> })
            .into_any();
    }
    let sent = (done.as_deref() == Some("verify_sent")).then(|| tr!(ui, verify_sent));
    view! {
        <section aria-labelledby="verify-title" class="notice notice--warning verify-email">
            <h2 id="verify-title">{tr!(ui, verify_title)}</h2>
            <p>{tr!(ui, verify_lead, email = email)}</p>
            {sent.map(|s| view! { <p role="status">{s}</p> })}
            <form method="post" action=href(locale, "/account/verify")>
                <FormAlert message=alert/>
                <input type="hidden" name="purpose" value="verify"/>
                <button type="submit" class="button button--outline">{tr!(ui, verify_resend)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// Confirms an email address through the emailed link: one button, so a mail scanner that
/// opens the link confirms nothing by itself.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let data = slug_resource("token", get_verification);
    view! { <Loaded resource=data render=move |usable| view! { <Verify usable/> }/> }
}

#[component]
fn Verify(usable: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let body = if usable && !submission.refused() {
        view! {
            <p>{tr!(ui, verify_confirm_lead)}</p>
            <form class="form" method="post">
                <button type="submit" class="button button--primary">{tr!(ui, verify_confirm)}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <p class="notice">{tr!(ui, problem_link_used)}</p>
            <p><a class="button button--primary" href=href(locale, "/account")>{tr!(ui, account_title)}</a></p>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, verify_title).to_owned() description=tr!(ui, verify_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, verify_title)}</h1>
            {body}
        </main>
    }
}

/// `?done=…` on an account page after a successful post, for its confirmation.
fn done() -> Option<String> {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("done"))
}

#[component]
fn ChangePassword() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let error = |name: &str| submission.error(locale, name);
    // The page's other form (a new verification link) says its own refusals.
    let ours = submission.value("purpose").as_deref() != Some("verify");
    let alert = if ours {
        crate::forms::alert(locale, &submission, &["current_password", "new_password"])
    } else {
        None
    };
    let changed = (done().as_deref() == Some("password")).then(|| tr!(ui, password_changed));
    view! {
        <section aria-labelledby="password-title" class="console-section">
            <h2 id="password-title">{tr!(ui, change_password)}</h2>
            {changed.map(|c| view! { <p class="notice" role="status">{c}</p> })}
            <form class="form" method="post" action=href(locale, "/account/password")>
                <FormAlert message=alert/>
                <Field id="current_password" label=tr!(ui, current_password).to_owned() kind="password" autocomplete="current-password" error=error("current_password")/>
                <Field id="new_password" label=tr!(ui, new_password).to_owned() kind="password" autocomplete="new-password"
                    hint=Some(tr!(ui, password_hint).to_owned()) error=error("new_password")/>
                <button type="submit" class="button button--primary">{tr!(ui, change_password)}</button>
            </form>
        </section>
    }
}

/// Asks for a reset link by email.
#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let alert = submission.refused().then(|| {
        submission
            .problems
            .first()
            .map(|p| crate::forms::message(locale, &p.code))
            .unwrap_or_else(|| tr!(ui, form_errors).to_owned())
    });
    let sent = (done().as_deref() == Some("sent")).then(|| tr!(ui, reset_sent));
    view! {
        <Seo title=tr!(ui, reset_title).to_owned() description=tr!(ui, reset_lead).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, reset_title)}</h1>
            <p>{tr!(ui, reset_lead)}</p>
            {sent.map(|s| view! { <p class="notice" role="status">{s}</p> })}
            <form class="form" method="post" action=href(locale, "/account/reset")>
                <FormAlert message=alert/>
                <Field id="email" label=tr!(ui, field_email).to_owned() kind="email" autocomplete="email"
                    value=submission.value("email").unwrap_or_default()/>
                <button type="submit" class="button button--primary">{tr!(ui, reset_send)}</button>
            </form>
            <p><a href=href(locale, "/account/signin")>{tr!(ui, signin_title)}</a></p>
        </main>
    }
}

/// Chooses a new password through a reset link.
#[component]
pub fn ResetPage() -> impl IntoView {
    let data = slug_resource("token", get_reset);
    view! { <Loaded resource=data render=move |usable| view! { <Reset usable/> }/> }
}

#[component]
fn Reset(usable: bool) -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let submission = use_submission();
    let error = submission.error(locale, "password");
    let body = if usable {
        view! {
            <form class="form" method="post">
                <FormAlert message=submission.refused().then(|| tr!(ui, form_errors).to_owned())/>
                <Field id="password" label=tr!(ui, new_password).to_owned() kind="password" autocomplete="new-password"
                    hint=Some(tr!(ui, password_hint).to_owned()) error=error/>
                <button type="submit" class="button button--primary">{tr!(ui, reset_save)}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <p class="notice">{tr!(ui, problem_link_used)}</p>
            <p><a class="button button--primary" href=href(locale, "/account/reset")>{tr!(ui, reset_send)}</a></p>
        }
        .into_any()
    };
    view! {
        <Seo title=tr!(ui, reset_title).to_owned() description=tr!(ui, reset_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, reset_title)}</h1>
            {body}
        </main>
    }
}
