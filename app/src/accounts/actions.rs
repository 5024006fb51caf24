//! The account's form posts (ssr only): sign in, sign up, sign out, password reset and
//! change. Sign-in and reset requests are throttled per account and per client address,
//! counted in the store so every server node agrees.

use crate::accounts::passwords;
use crate::accounts::session::session_cookie;
use crate::accounts::store::{
    self as accounts, ABSOLUTE_SECONDS, FAILURES_PER_ADDRESS, FAILURES_PER_EMAIL,
    FAILURES_PER_PAIR, NewUser, SIGNUPS_PER_ADDRESS, THROTTLE_WINDOW,
};
use crate::accounts::verification::{self, Letter};
use crate::core::throttle::{self, Limit};
use crate::error::{AppError, AppResult, FieldProblem};
use crate::forms::post::{Next, Page, Posted, form, form_on};
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{locale}/account/signin", form(sign_in))
        .route("/{locale}/account/signup", form(sign_up))
        .route("/{locale}/account/signout", form(sign_out))
        .route("/{locale}/account/reset", form(request_reset))
        .route("/{locale}/account/reset/{token}", form(reset))
        .route(
            "/{locale}/account/verify",
            form_on(Page::At("/account"), resend_verification),
        )
        .route("/{locale}/account/verify/{token}", form(verify_email))
        .route(
            "/{locale}/account/password",
            form_on(Page::At("/account"), change_password),
        )
}

/// A new session, and its cookie on the way to the account page.
async fn signed_in(p: &Posted, user_id: i64) -> AppResult<Next> {
    let token = accounts::start_session(p.db(), user_id, p.now).await?;
    Ok(Next::go(p.href("/account")).with_cookie(session_cookie(&token, ABSOLUTE_SECONDS, p.tls)))
}

async fn sign_in(p: Posted) -> AppResult<Next> {
    let email = p.field("email").trim();
    // Guesses count against this account *from this client* and against this client: a
    // guesser elsewhere never locks the owner out.
    let by_pair = format!("pair:{}|{}", email.to_lowercase(), p.address);
    let by_address = format!("ip:{}", p.address);
    let attempt = throttle::attempt(
        &mut *p.db().acquire().await?,
        &[
            Limit::new(&by_pair, FAILURES_PER_PAIR, THROTTLE_WINDOW),
            Limit::new(&by_address, FAILURES_PER_ADDRESS, THROTTLE_WINDOW),
        ],
        p.now,
    )
    .await?
    .map_err(AppError::Throttled)?;
    tokio::time::sleep(attempt.delay()).await;
    match accounts::authenticate(p.db(), email, p.field("password")).await {
        // The attempt stays recorded: it was a failure.
        Ok(None) => Err(AppError::Unauthorized),
        Ok(Some(user)) => {
            throttle::forget(&mut *p.db().acquire().await?, attempt).await?;
            // A new session at every sign-in; the one the browser had (if any) ends.
            if let Some(old) = &p.session {
                accounts::end_session(p.db(), old).await?;
            }
            signed_in(&p, user.id).await
        }
        // Not tried (a busy server): it does not count against the person.
        Err(err) => {
            throttle::forget(&mut *p.db().acquire().await?, attempt).await?;
            Err(err)
        }
    }
}

async fn sign_up(p: Posted) -> AppResult<Next> {
    let email = p.field("email").trim();
    let name = p.field("name").trim();
    let password = p.field("password");
    // Every problem at once, before anything is written.
    let mut problems = Vec::new();
    if accounts::normalise_email(email).is_none() {
        problems.push(FieldProblem::new("email", "email"));
    }
    if name.is_empty() || name.chars().count() > accounts::NAME_MAX {
        problems.push(FieldProblem::new("name", "name"));
    }
    if accounts::check_password(password).is_err() {
        problems.push(FieldProblem::new("password", "password"));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    // Each client opens a few accounts per window (each costs a hash and a welcome email).
    let by_address = format!("signup:{}", p.address);
    let limit = Limit::new(&by_address, SIGNUPS_PER_ADDRESS, THROTTLE_WINDOW);
    throttle::attempt(&mut *p.db().acquire().await?, &[limit], p.now)
        .await?
        .map_err(AppError::Throttled)?;
    let new = NewUser {
        email,
        display_name: name,
        password,
        locale: p.locale.code(),
    };
    let id = accounts::create_user(p.db(), new, p.now).await?;
    // The welcome mail carries the link that confirms the address.
    let mut tx = p.db().begin().await?;
    verification::send_link(&mut tx, id, Letter::Welcome, p.site(), p.locale, p.now).await?;
    tx.commit().await?;
    signed_in(&p, id).await
}

/// Ends this session and clears the cookie.
async fn sign_out(p: Posted) -> AppResult<Next> {
    if let Some(token) = &p.session {
        accounts::end_session(p.db(), token).await?;
    }
    Ok(Next::go(p.href("/")).with_cookie(session_cookie("", 0, p.tls)))
}

async fn request_reset(p: Posted) -> AppResult<String> {
    let email = p.field("email").trim().to_lowercase();
    let by_email = format!("reset:{email}");
    let by_address = format!("reset-ip:{}", p.address);
    // Every request counts, found or not, so probing costs the same.
    throttle::attempt(
        &mut *p.db().acquire().await?,
        &[
            Limit::new(&by_email, passwords::RESETS_PER_EMAIL, THROTTLE_WINDOW),
            Limit::new(&by_address, passwords::RESETS_PER_ADDRESS, THROTTLE_WINDOW),
        ],
        p.now,
    )
    .await?
    .map_err(AppError::Throttled)?;
    passwords::request_reset(p.db(), &email, p.site(), p.locale, p.now).await?;
    Ok(p.href("/account/reset?done=sent"))
}

async fn reset(p: Posted) -> AppResult<String> {
    passwords::reset_password(p.db(), p.param("token"), p.field("password"), p.now).await?;
    Ok(p.href("/account/signin?done=reset"))
}

async fn change_password(p: Posted) -> AppResult<String> {
    let user = p.signed_in()?;
    // Recorded before it is checked, like a sign-in, so parallel guesses cannot pass.
    let key = format!("email:{}", user.email);
    let limit = Limit::new(&key, FAILURES_PER_EMAIL, THROTTLE_WINDOW);
    let attempt = throttle::attempt(&mut *p.db().acquire().await?, &[limit], p.now)
        .await?
        .map_err(AppError::Throttled)?;
    let changed = passwords::change_password(
        p.db(),
        p.user(),
        p.session.as_deref(),
        p.field("current_password"),
        p.field("new_password"),
    )
    .await;
    let wrong_password = matches!(&changed, Err(AppError::Invalid(problems))
        if problems.iter().any(|problem| problem.code == "credentials"));
    if !wrong_password {
        // Only a wrong current password counts as a guess.
        throttle::forget(&mut *p.db().acquire().await?, attempt).await?;
    }
    changed?;
    Ok(p.href("/account?done=password"))
}

/// Mails a fresh verification link to the signed-in account, a few times an hour at most.
async fn resend_verification(p: Posted) -> AppResult<String> {
    let user = p.signed_in()?;
    if user.email_verified {
        return Ok(p.href("/account?done=verified"));
    }
    let key = format!("verify:{}", user.id);
    let limit = Limit::new(&key, verification::RESENDS_PER_HOUR, 3600);
    throttle::attempt(&mut *p.db().acquire().await?, &[limit], p.now)
        .await?
        .map_err(AppError::Throttled)?;
    let mut tx = p.db().begin().await?;
    verification::send_link(
        &mut tx,
        user.id,
        Letter::Reminder,
        p.site(),
        p.locale,
        p.now,
    )
    .await?;
    tx.commit().await?;
    Ok(p.href("/account?done=verify_sent"))
}

/// Confirms the address a verification link was mailed to; no sign-in needed (the link is
/// the proof), and the account page (or the sign-in page) says so.
async fn verify_email(p: Posted) -> AppResult<String> {
    verification::confirm(p.db(), p.param("token"), p.now).await?;
    Ok(if p.user().is_some() {
        p.href("/account?done=verified")
    } else {
        p.href("/account/signin?done=verified")
    })
}
