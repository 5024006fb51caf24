//! Accounts in the store: argon2id passwords, database sessions with idle and absolute
//! expiry, suspension, roles, and the operator's `server admin` commands.

mod support;

use app::accounts::store::{self as accounts, ABSOLUTE_SECONDS, IDLE_SECONDS, NewUser};
use app::core::Instant;
use app::error::AppError;

const T0: Instant = Instant(1_795_874_400);

fn buyer<'a>(email: &'a str) -> NewUser<'a> {
    NewUser {
        email,
        display_name: "Ana Buyer",
        password: "correct horse battery",
        locale: "es",
    }
}

on_both_stores!(
    sign_up_and_sign_in,
    false,
    |app: support::TestApp| async move {
        let db = app.db();
        let id = accounts::create_user(db, buyer("Ana@Example.com"), T0)
            .await
            .expect("created");
        let again = accounts::create_user(db, buyer("ana@example.COM "), T0).await;
        assert!(
            matches!(again, Err(AppError::Conflict(ref p)) if p.code == "email_taken"),
            "emails are case-insensitive"
        );
        let weak = NewUser {
            password: "short",
            ..buyer("b@example.com")
        };
        assert_eq!(
            accounts::create_user(db, weak, T0).await.err(),
            Some(AppError::invalid("password", "password"))
        );
        let nameless = NewUser {
            display_name: "  ",
            ..buyer("c@example.com")
        };
        assert_eq!(
            accounts::create_user(db, nameless, T0).await.err(),
            Some(AppError::invalid("name", "name"))
        );
        let users: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM users")
            .fetch_one(db)
            .await
            .expect("count");
        assert_eq!(users, 1, "refused sign-ups leave nothing behind");
        let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(db)
            .await
            .expect("hash");
        assert!(stored.starts_with("$argon2id$"));

        let user = accounts::authenticate(db, "ANA@example.com", "correct horse battery")
            .await
            .expect("db")
            .expect("signed in");
        assert_eq!(
            (user.id, user.locale.as_str(), user.is_admin),
            (id, "es", false)
        );
        assert!(
            accounts::authenticate(db, "ana@example.com", "wrong password!!")
                .await
                .expect("db")
                .is_none()
        );
        assert!(
            accounts::authenticate(db, "nobody@example.com", "correct horse battery")
                .await
                .expect("db")
                .is_none()
        );
    }
);

on_both_stores!(
    sessions_expire_when_idle_and_at_their_end,
    false,
    |app: support::TestApp| async move {
        let db = app.db();
        let id = accounts::create_user(db, buyer("ana@example.com"), T0)
            .await
            .expect("created");
        let token = accounts::start_session(db, id, T0).await.expect("session");
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM sessions")
            .fetch_one(db)
            .await
            .expect("row");
        assert_ne!(stored, token, "only a hash of the token is kept");
        let at = |s: i64| Instant(T0.seconds() + s);
        assert_eq!(
            accounts::session_user(db, &token, at(60))
                .await
                .expect("db")
                .map(|u| u.id),
            Some(id)
        );
        // Used every six days, the session lives until its absolute end…
        let mut t = 0;
        while t + 6 * 86_400 < ABSOLUTE_SECONDS {
            t += 6 * 86_400;
            assert!(
                accounts::session_user(db, &token, at(t))
                    .await
                    .expect("db")
                    .is_some(),
                "day {}",
                t / 86_400
            );
        }
        assert!(
            accounts::session_user(db, &token, at(ABSOLUTE_SECONDS))
                .await
                .expect("db")
                .is_none()
        );
        // …and one left alone for the idle time ends.
        let idle = accounts::start_session(db, id, T0).await.expect("session");
        assert!(
            accounts::session_user(db, &idle, at(IDLE_SECONDS))
                .await
                .expect("db")
                .is_none()
        );
        let left: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions")
            .fetch_one(db)
            .await
            .expect("count");
        assert_eq!(left, 0, "expired sessions are deleted");
        // Garbage and unknown tokens open nothing; signing out ends one session, suspension all.
        assert!(
            accounts::session_user(db, "not a token", T0)
                .await
                .expect("db")
                .is_none()
        );
        assert!(
            accounts::session_user(db, &app::core::secrets::new_token(), T0)
                .await
                .expect("db")
                .is_none()
        );
        let a = accounts::start_session(db, id, T0).await.expect("session");
        let b = accounts::start_session(db, id, T0).await.expect("session");
        accounts::end_session(db, &a).await.expect("signed out");
        assert!(
            accounts::session_user(db, &a, T0)
                .await
                .expect("db")
                .is_none()
        );
        assert!(
            accounts::session_user(db, &b, T0)
                .await
                .expect("db")
                .is_some()
        );
        sqlx::query("UPDATE users SET suspended_at = $1 WHERE id = $2")
            .bind(T0.seconds())
            .bind(id)
            .execute(db)
            .await
            .expect("suspend");
        assert!(
            accounts::session_user(db, &b, T0)
                .await
                .expect("db")
                .is_none()
        );
        assert!(
            accounts::authenticate(db, "ana@example.com", "correct horse battery")
                .await
                .expect("db")
                .is_none()
        );
    }
);

fn server(args: &[&str], url: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .env_remove("PAVILION_PASSWORD")
        .output()
        .expect("run the server binary")
}

#[test]
fn operators_create_councils_curators_and_admins() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/admin.db", dir.path().display());
    let council = server(
        &[
            "admin",
            "create-council",
            "--slug",
            "cepc",
            "--name",
            "Cashew Export Promotion Council of India",
            "--short-name",
            "CEPC",
        ],
        &url,
    );
    assert!(
        council.status.success(),
        "{}",
        String::from_utf8_lossy(&council.stderr)
    );
    let twice = server(
        &[
            "admin",
            "create-council",
            "--slug",
            "cepc",
            "--name",
            "X",
            "--short-name",
            "X",
        ],
        &url,
    );
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already exists"));

    let curator = server(
        &[
            "admin",
            "create-curator",
            "--email",
            "Meera@CEPC.in",
            "--name",
            "Meera",
            "--council",
            "cepc",
        ],
        &url,
    );
    let out = String::from_utf8_lossy(&curator.stdout);
    assert!(
        out.contains("created the curator of cepc meera@cepc.in")
            || out.contains("created the curator of cepc Meera@CEPC.in"),
        "{out}"
    );
    assert!(out.contains("(shown once)"));
    let nowhere = server(
        &[
            "admin",
            "create-curator",
            "--email",
            "x@y.in",
            "--name",
            "X",
            "--council",
            "none",
        ],
        &url,
    );
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no council `none`"));
    let admin = server(
        &[
            "admin",
            "create-admin",
            "--email",
            "root@pavilion.example",
            "--name",
            "Root",
        ],
        &url,
    );
    assert!(admin.status.success());
    let bad = server(
        &[
            "admin",
            "create-admin",
            "--email",
            "not-an-email",
            "--name",
            "Root",
        ],
        &url,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("email: Please enter a valid email address")
    );
}

fn session_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pavilion_session="))
        .map(str::to_owned)
}

fn token(set_cookie: &str) -> &str {
    set_cookie
        .trim_start_matches("pavilion_session=")
        .split(';')
        .next()
        .unwrap_or_default()
}

async fn post(
    app: &support::TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app.client.post(format!("{}{path}", app.base)).form(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("pavilion_session={cookie}"));
    }
    request.send().await.expect("request")
}

/// Ana signs up through the Spanish form.
async fn sign_up_ana(app: &support::TestApp) -> reqwest::Response {
    let form = [
        ("name", "Ana Buyer"),
        ("email", "ana@example.com"),
        ("password", "correct horse battery"),
    ];
    post(app, "/es/account/signup", &form, None).await
}

async fn count(app: &support::TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"))
        .fetch_one(app.db())
        .await
        .expect("count")
}

on_both_stores!(
    sign_up_in_and_out_through_the_forms,
    false,
    |app: support::TestApp| async move {
        let response = sign_up_ana(&app).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/es/account");
        let cookie = session_of(&response).expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Path=/")
        );
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP here; Secure behind TLS"
        );
        let first = token(&cookie).to_owned();
        let outbox: (String, String) = sqlx::query_as("SELECT recipient, subject FROM outbox")
            .fetch_one(app.db())
            .await
            .expect("welcome mail");
        assert_eq!(outbox.0, "ana@example.com");

        let page = app
            .get_with(
                "/es/account",
                &[("cookie", &format!("pavilion_session={first}"))],
            )
            .await;
        assert_eq!(page.status(), 200);
        let body = page.text().await.expect("body");
        assert!(body.contains("Sesión iniciada como Ana Buyer") && body.contains("Comprador"));
        let anonymous = app.get("/es/account").await;
        assert!(anonymous.status().is_redirection());
        assert_eq!(anonymous.headers()["location"], "/es/account/signin");

        // Signing in again starts a new session and ends the one the browser had.
        let form = [
            ("email", "ANA@example.com"),
            ("password", "correct horse battery"),
        ];
        let response = post(&app, "/es/account/signin", &form, Some(&first)).await;
        assert_eq!(response.status(), 303);
        let second = token(&session_of(&response).expect("cookie")).to_owned();
        assert_ne!(first, second);
        assert_eq!(count(&app, "sessions").await, 1);

        let response = post(&app, "/es/account/signout", &[], Some(&second)).await;
        assert_eq!(response.status(), 303);
        assert!(
            session_of(&response)
                .expect("cleared")
                .contains("Max-Age=0")
        );
        assert_eq!(count(&app, "sessions").await, 0);
    }
);

on_both_stores!(
    bad_forms_are_refused_with_translated_messages,
    false,
    |app: support::TestApp| async move {
        let form = [
            ("name", ""),
            ("email", "not-an-email"),
            ("password", "short"),
        ];
        let response = post(&app, "/de/account/signup", &form, None).await;
        assert_eq!(response.status(), 422);
        let body = response.text().await.expect("body");
        assert!(body.contains("Bitte geben Sie eine gültige E-Mail-Adresse ein."));
        assert!(body.contains("Passwörter brauchen 10 bis 128 Zeichen."));
        assert!(body.contains("Bitte geben Sie Ihren Namen ein"));
        assert!(
            body.contains(r#"aria-invalid="true""#) && body.contains(r#"value="not-an-email""#)
        );
        assert!(!body.contains("short"), "passwords are never echoed");
        assert_eq!(count(&app, "users").await, 0);

        let good = [
            ("name", "Ana"),
            ("email", "ana@example.com"),
            ("password", "correct horse battery"),
        ];
        assert_eq!(
            post(&app, "/en/account/signup", &good, None).await.status(),
            303
        );
        let again = post(&app, "/ja/account/signup", &good, None).await;
        assert_eq!(again.status(), 409);
        assert!(
            again
                .text()
                .await
                .expect("body")
                .contains("このメールアドレスのアカウントは既にあります")
        );
        assert_eq!(count(&app, "users").await, 1);

        // Wrong passwords: 401 with a message, then 429 with Retry-After.
        let wrong = [
            ("email", "ana@example.com"),
            ("password", "not the password"),
        ];
        for _ in 0..5 {
            let response = post(&app, "/en/account/signin", &wrong, None).await;
            assert_eq!(response.status(), 401);
            assert!(
                response
                    .text()
                    .await
                    .expect("body")
                    .contains("That email and password do not match an account.")
            );
        }
        let response = post(&app, "/fr/account/signin", &wrong, None).await;
        assert_eq!(response.status(), 429);
        let wait: i64 = response.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((1..=900).contains(&wait));
        assert!(
            response
                .text()
                .await
                .expect("body")
                .contains("Trop de tentatives")
        );
        // The guessing client waits, even with the right password…
        let right = [
            ("email", "ana@example.com"),
            ("password", "correct horse battery"),
        ];
        assert_eq!(
            post(&app, "/en/account/signin", &right, None)
                .await
                .status(),
            429
        );
        assert_eq!(
            count(&app, "sessions").await,
            1,
            "only the sign-up's session"
        );
        // …but the owner, from a clean client, signs in: guesses do not lock an account.
        let owner = app
            .client_from(2)
            .post(format!("{}/en/account/signin", app.base))
            .form(&right)
            .send()
            .await
            .expect("request");
        assert_eq!(owner.status(), 303);
        assert_eq!(count(&app, "sessions").await, 2);

        // Cross-site posts never reach a handler.
        let response = app
            .client
            .post(format!("{}/en/account/signup", app.base))
            .header("origin", "https://evil.example")
            .form(&[
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", "correct horse battery"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 403);
        let response = app
            .client
            .post(format!("{}/en/account/signout", app.base))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 403);
        assert_eq!(count(&app, "users").await, 1);
    }
);

on_both_stores!(
    pages_carry_a_strict_policy,
    true,
    |app: support::TestApp| async move {
        for path in [
            "/en/",
            "/ar/products/tellicherry-black-pepper-extra-bold",
            "/en/account/signin",
            "/en/no-such-page",
        ] {
            let response = app.get(path).await;
            let headers = response.headers().clone();
            let policy = headers["content-security-policy"]
                .to_str()
                .expect("ascii")
                .to_owned();
            let body = response.text().await.expect("body");
            let nonce = policy
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .expect("a nonce in script-src");
            assert!(
                body.contains(&format!(r#"nonce="{nonce}""#)),
                "{path}: the inline script carries it"
            );
            assert!(!policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"));
            assert!(
                policy.contains("frame-ancestors 'self'") && policy.contains("object-src 'none'")
            );
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(
                headers["referrer-policy"],
                "strict-origin-when-cross-origin"
            );
        }
        // A fresh nonce for every response.
        let a = app.get("/en/").await.headers()["content-security-policy"].clone();
        let b = app.get("/en/").await.headers()["content-security-policy"].clone();
        assert_ne!(a, b);
    }
);

on_both_stores!(
    parallel_guesses_cannot_pass_the_limit,
    false,
    |app: support::TestApp| async move {
        let db = app.db();
        accounts::create_user(db, buyer("par@example.com"), T0)
            .await
            .expect("created");
        // Twenty guesses at once from one client: the check and the record are one step, so
        // no more than the limit are ever tried.
        let mut guesses = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let request = app
                .client
                .post(format!("{}/en/account/signin", app.base))
                .form(&[("email", "par@example.com"), ("password", "a wrong guess!")]);
            guesses.spawn(async move { request.send().await.expect("request").status().as_u16() });
        }
        let statuses: Vec<u16> = guesses.join_all().await;
        let tried = statuses.iter().filter(|s| **s == 401).count();
        assert!(
            tried <= accounts::FAILURES_PER_PAIR as usize,
            "{tried} guesses were checked: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 401 || *s == 429),
            "{statuses:?}"
        );
    }
);

on_both_stores!(
    one_client_opens_a_few_accounts_per_window,
    false,
    |app: support::TestApp| async move {
        for n in 0..accounts::SIGNUPS_PER_ADDRESS {
            let email = format!("new{n}@example.com");
            let form = [
                ("name", "New"),
                ("email", email.as_str()),
                ("password", "correct horse battery"),
            ];
            assert_eq!(
                post(&app, "/en/account/signup", &form, None).await.status(),
                303
            );
        }
        let form = [
            ("name", "One more"),
            ("email", "more@example.com"),
            ("password", "correct horse battery"),
        ];
        let refused = post(&app, "/en/account/signup", &form, None).await;
        assert_eq!(refused.status(), 429);
        assert!(refused.headers().contains_key("retry-after"));
        // A forwarded-for header is not believed unless a trusted proxy is configured.
        let spoofed = app
            .client
            .post(format!("{}/en/account/signup", app.base))
            .header("x-forwarded-for", "203.0.113.50")
            .header("x-real-ip", "203.0.113.50")
            .form(&form)
            .send()
            .await
            .expect("request");
        assert_eq!(spoofed.status(), 429);
        assert_eq!(
            count(&app, "users").await,
            accounts::SIGNUPS_PER_ADDRESS,
            "nothing written for the refused one"
        );
        // Another client still signs up.
        let other = app
            .client_from(3)
            .post(format!("{}/en/account/signup", app.base))
            .form(&form)
            .send()
            .await
            .expect("request");
        assert_eq!(other.status(), 303);
    }
);

on_both_stores!(
    new_buyers_confirm_their_address_by_link,
    true,
    |app: support::TestApp| async move {
        let response = sign_up_ana(&app).await;
        assert_eq!(response.status(), 303);
        let session = token(&session_of(&response).expect("cookie")).to_owned();
        // The welcome mail carries the link; the account page asks for it to be opened.
        let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1")
            .bind("ana@example.com")
            .fetch_one(app.db())
            .await
            .expect("welcome mail");
        let start = body
            .find("/es/account/verify/")
            .expect("a link in the mail");
        let link: String = body[start..]
            .split_whitespace()
            .next()
            .expect("the link")
            .to_owned();
        let page = app.get_as("/es/account", Some(&session)).await;
        let text = page.text().await.expect("body");
        assert!(text.contains("Confirma tu dirección de correo"), "{text}");

        // An unconfirmed address gets the in-app notice of a followed stream, not the email.
        let (bo, _) = app.person("bo@example.com", "Bo").await;
        let ana: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'ana@example.com'")
            .fetch_one(app.db())
            .await
            .expect("ana");
        let stream: i64 = support::scalar(&app, "SELECT MIN(id) FROM streams").await;
        for user in [ana, bo] {
            sqlx::query(
                "INSERT INTO stream_follows (user_id, stream_id, created_at) VALUES ($1, $2, 0)",
            )
            .bind(user)
            .bind(stream)
            .execute(app.db())
            .await
            .expect("follow");
        }
        let mut tx = app.db().begin().await.expect("tx");
        app::agenda::follows::notify_followers(
            &mut tx,
            stream,
            app::agenda::follows::Notify::Reminder,
            "http://pavilion.test",
            T0,
        )
        .await
        .expect("reminders");
        tx.commit().await.expect("commit");
        let notices: i64 = support::scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications WHERE kind = 'reminder'",
        )
        .await;
        assert_eq!(notices, 2, "both followers get the notice");
        let mailed: Vec<String> =
            sqlx::query_scalar("SELECT recipient FROM outbox WHERE created_at = $1")
                .bind(T0.seconds())
                .fetch_all(app.db())
                .await
                .expect("mails");
        assert_eq!(mailed, vec!["bo@example.com".to_owned()]);

        // A new link can be asked for a few times an hour.
        for _ in 0..app::accounts::verification::RESENDS_PER_HOUR {
            let again = post(
                &app,
                "/es/account/verify",
                &[("purpose", "verify")],
                Some(&session),
            )
            .await;
            assert_eq!(again.status(), 303);
            assert_eq!(again.headers()["location"], "/es/account?done=verify_sent");
        }
        let refused = post(
            &app,
            "/es/account/verify",
            &[("purpose", "verify")],
            Some(&session),
        )
        .await;
        assert_eq!(refused.status(), 429);
        assert!(
            refused
                .text()
                .await
                .expect("body")
                .contains("Confirma tu dirección de correo")
        );
        assert_eq!(
            post(&app, "/es/account/verify", &[], None).await.status(),
            401
        );

        // The link shows one button; pressing it confirms the address, once.
        let page = app.get(&link).await;
        assert_eq!(page.status(), 200);
        assert!(
            page.text()
                .await
                .expect("body")
                .contains("Confirmar mi dirección")
        );
        let confirmed = post(&app, &link, &[], None).await;
        assert_eq!(confirmed.status(), 303);
        assert_eq!(
            confirmed.headers()["location"],
            "/es/account/signin?done=verified"
        );
        let user = accounts::user_by_email(app.db(), "ana@example.com")
            .await
            .expect("read")
            .expect("ana");
        assert!(user.email_verified);
        assert_eq!(post(&app, &link, &[], Some(&session)).await.status(), 409);
        assert_eq!(
            app.get("/es/account/verify/not-a-token").await.status(),
            404
        );
        // Every other link of the account is spent with it.
        let spent: i64 = support::scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM email_verifications WHERE used_at IS NULL",
        )
        .await;
        assert_eq!(spent, 0);
    }
);
