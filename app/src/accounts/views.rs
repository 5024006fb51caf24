//! Sign in, create an account, and the account page. The forms post to plain endpoints
//! (`server/src/auth.rs`) so they work without JavaScript; a refused post renders the same
//! page again with the problems next to their fields and a 4xx status.

use crate::accounts::{FormOutcome, Problem, Viewer};
use crate::i18n::{Locale, tr};
use crate::ui::form::Field;
use crate::ui::layout::{href, use_locale};
use crate::ui::seo::Seo;
use leptos::prelude::*;

fn message(locale: Locale, problem: Problem) -> String {
    let ui = locale.ui();
    match problem {
        Problem::Email => tr!(ui, error_email).to_owned(),
        Problem::Password => tr!(ui, error_password).to_owned(),
        Problem::Name => tr!(ui, error_name).to_owned(),
        Problem::Credentials => tr!(ui, error_credentials).to_owned(),
        Problem::EmailTaken => tr!(ui, error_email_taken).to_owned(),
        Problem::Throttled(minutes) => tr!(ui, error_throttled, minutes = minutes),
    }
}

/// The outcome of a refused post, with its status set on the response.
fn outcome() -> FormOutcome {
    let outcome = use_context::<FormOutcome>().unwrap_or_default();
    #[cfg(feature = "ssr")]
    if outcome.status >= 400
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(outcome.status)
    {
        response.set_status(status);
    }
    outcome
}

fn problem_for(locale: Locale, outcome: &FormOutcome, wanted: &[Problem]) -> Option<String> {
    outcome
        .problems
        .iter()
        .find(|p| wanted.contains(p) || (matches!(p, Problem::Throttled(_)) && wanted.is_empty()))
        .map(|p| message(locale, *p))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let outcome = outcome();
    let general = outcome
        .problems
        .iter()
        .find(|p| matches!(p, Problem::Credentials | Problem::Throttled(_)))
        .map(|p| message(locale, *p));
    let email_error = problem_for(locale, &outcome, &[Problem::Email]);
    view! {
        <Seo title=tr!(ui, signin_title).to_owned() description=tr!(ui, signin_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, signin_title)}</h1>
            {general.map(|g| view! { <p class="form-alert" role="alert">{g}</p> })}
            <form class="form" method="post" action=href(locale, "/account/signin")>
                <Field id="email" label=tr!(ui, field_email).to_owned() kind="email" autocomplete="email" value=outcome.email.clone() error=email_error/>
                <Field id="password" label=tr!(ui, field_password).to_owned() kind="password" autocomplete="current-password"/>
                <button type="submit" class="button button--primary">{tr!(ui, signin_button)}</button>
            </form>
            <p><a href=href(locale, "/account/signup")>{tr!(ui, no_account)}</a></p>
        </main>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = use_locale();
    let ui = locale.ui();
    let outcome = outcome();
    let alert = (!outcome.problems.is_empty()).then(|| tr!(ui, form_errors));
    let email_error = problem_for(locale, &outcome, &[Problem::Email, Problem::EmailTaken]);
    let name_error = problem_for(locale, &outcome, &[Problem::Name]);
    let password_error = problem_for(locale, &outcome, &[Problem::Password]);
    view! {
        <Seo title=tr!(ui, signup_title).to_owned() description=tr!(ui, signup_title).to_owned() path=None/>
        <main id="main" class="page page--narrow account">
            <h1>{tr!(ui, signup_title)}</h1>
            {alert.map(|a| view! { <p class="form-alert" role="alert">{a}</p> })}
            <form class="form" method="post" action=href(locale, "/account/signup")>
                <Field id="name" label=tr!(ui, field_name).to_owned() kind="text" autocomplete="name" value=outcome.name.clone() error=name_error/>
                <Field id="email" label=tr!(ui, field_email).to_owned() kind="email" autocomplete="email" value=outcome.email.clone() error=email_error/>
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
        </main>
    }
    .into_any()
}
