//! Passwords changed and reset by emailed link, and the outbox delivered over SMTP to a
//! real (if small) SMTP peer — on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot go on should stop right there"
)]

mod support;

use app::accounts::store as accounts;
use support::{TestApp, scalar};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

fn link_in(body: &str) -> String {
    let line = body
        .lines()
        .find(|l| l.contains("/account/reset/"))
        .expect("a link");
    line.trim()
        .trim_start_matches("http://127.0.0.1")
        .to_owned()
}

on_both_stores!(
    a_forgotten_password_is_reset_by_link,
    false,
    |app: TestApp| async move {
        // Asha never opened her welcome link; the reset link, mailed to her, proves the
        // address as well.
        let (id, old_session) = app.unconfirmed_person("asha@example.com", "Asha").await;
        let response = app
            .post_form("/en/account/reset", &[("email", "ASHA@example.com ")], None)
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"],
            "/en/account/reset?done=sent"
        );
        let response = app
            .post_form(
                "/en/account/reset",
                &[("email", "nobody@example.com")],
                None,
            )
            .await;
        assert_eq!(
            response.status(),
            303,
            "the same answer for unknown addresses"
        );
        assert_eq!(
            scalar::<i64>(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox").await,
            1
        );
        let body: String =
            sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = 'asha@example.com'")
                .fetch_one(app.db())
                .await
                .unwrap();
        let link = link_in(&body);
        assert!(
            app.page(&link, 200)
                .await
                .contains(r#"autocomplete="new-password""#)
        );
        assert_eq!(app.get("/en/account/reset/0000").await.status(), 404);

        let response = app.post_form(&link, &[("password", "short")], None).await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Passwords need 10 to 128 characters.")
        );
        let response = app
            .post_form(&link, &[("password", "a much better passphrase")], None)
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"],
            "/en/account/signin?done=reset"
        );
        let asha = accounts::authenticate(app.db(), "asha@example.com", "a much better passphrase")
            .await
            .unwrap()
            .expect("the new password works");
        assert!(asha.email_verified, "the reset link confirmed the address");
        assert!(
            accounts::authenticate(app.db(), "asha@example.com", "correct horse battery")
                .await
                .unwrap()
                .is_none()
        );
        let sessions = scalar::<i64>(
            &app,
            &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions WHERE user_id = {id}"),
        )
        .await;
        assert_eq!(sessions, 0, "every session ends");
        assert_eq!(
            app.get_as("/en/account", Some(&old_session)).await.status(),
            303
        );
        assert_eq!(
            app.post_form(&link, &[("password", "yet another passphrase")], None)
                .await
                .status(),
            409
        );
        assert!(
            app.page(&link, 200)
                .await
                .contains("This link has been used or has expired.")
        );

        // Asking again and again is throttled, with the wait in Retry-After.
        for _ in 0..2 {
            assert_eq!(
                app.post_form("/en/account/reset", &[("email", "asha@example.com")], None)
                    .await
                    .status(),
                303
            );
        }
        let response = app
            .post_form("/fr/account/reset", &[("email", "asha@example.com")], None)
            .await;
        assert_eq!(response.status(), 429);
        let wait: i64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&wait));
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Trop de tentatives")
        );
    }
);

on_both_stores!(
    a_signed_in_person_changes_their_password,
    false,
    |app: TestApp| async move {
        let (id, session) = app.person("ravi@example.com", "Ravi").await;
        let other = accounts::start_session(app.db(), id, app::state::now())
            .await
            .unwrap();
        assert_eq!(
            app.post_form(
                "/en/account/password",
                &[("current_password", "x"), ("new_password", "y")],
                None
            )
            .await
            .status(),
            401
        );
        let response = app
            .post_form(
                "/en/account/password",
                &[
                    ("current_password", "wrong password!"),
                    ("new_password", "a new passphrase"),
                ],
                Some(&session),
            )
            .await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains("That is not your current password."));
        assert!(
            !html.contains("wrong password!"),
            "passwords never come back"
        );
        let response = app
            .post_form(
                "/en/account/password",
                &[
                    ("current_password", "correct horse battery"),
                    ("new_password", "short"),
                ],
                Some(&session),
            )
            .await;
        assert_eq!(response.status(), 422);
        let response = app
            .post_form(
                "/en/account/password",
                &[
                    ("current_password", "correct horse battery"),
                    ("new_password", "a new passphrase"),
                ],
                Some(&session),
            )
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/en/account?done=password");
        assert_eq!(
            app.get_as("/en/account", Some(&session)).await.status(),
            200,
            "this session stays"
        );
        assert_eq!(
            app.get_as("/en/account", Some(&other)).await.status(),
            303,
            "the others end"
        );
        for _ in 0..4 {
            app.post_form(
                "/en/account/password",
                &[
                    ("current_password", "guess"),
                    ("new_password", "a new passphrase"),
                ],
                Some(&session),
            )
            .await;
        }
        let response = app
            .post_form(
                "/en/account/password",
                &[
                    ("current_password", "a new passphrase"),
                    ("new_password", "another passphrase"),
                ],
                Some(&session),
            )
            .await;
        assert_eq!(
            response.status(),
            429,
            "guessing the current password is throttled"
        );
        assert!(response.headers().contains_key("retry-after"));
    }
);

/// A small SMTP server: accepts every message and hands each one's DATA to the test.
async fn smtp_peer() -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 peer.test ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            let _ = tx.send(std::mem::take(body));
                            data = None;
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-peer.test\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, rx)
}

on_both_stores!(
    the_outbox_is_delivered_over_smtp,
    false,
    |app: TestApp| async move {
        let now = app::state::now();
        accounts::queue_email(
            app.db(),
            "meera@spices.example",
            "Application submitted: Idukki",
            "Review it at /en/curator",
            now,
        )
        .await
        .unwrap();
        let (port, mut received) = smtp_peer().await;
        let mailer = server::mail::Mailer::new(
            app.db().clone(),
            &server::mail::Delivery::Smtp(format!("smtp://127.0.0.1:{port}")),
            "India Pavilion <no-reply@pavilion.example>",
        )
        .unwrap()
        .expect("a mailer");
        assert_eq!(mailer.deliver_due(now).await.unwrap(), 1);
        let message = received.recv().await.expect("a message");
        assert!(
            message.contains("Subject: Application submitted: Idukki"),
            "{message}"
        );
        assert!(message.contains("To: meera@spices.example"));
        assert!(message.contains("Review it at /en/curator"));
        assert_eq!(
            scalar::<i64>(
                &app,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE sent_at IS NOT NULL"
            )
            .await,
            1
        );
        assert_eq!(mailer.deliver_due(now).await.unwrap(), 0, "sent once only");

        // A relay that is down: the message waits, with the error, and is tried again later.
        accounts::queue_email(app.db(), "ravi@example.com", "Hello", "Body", now)
            .await
            .unwrap();
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let down = server::mail::Mailer::new(
            app.db().clone(),
            &server::mail::Delivery::Smtp(format!("smtp://127.0.0.1:{closed}")),
            "India Pavilion <no-reply@pavilion.example>",
        )
        .unwrap()
        .expect("a mailer");
        assert_eq!(down.deliver_due(now).await.unwrap(), 0);
        let (attempts, error): (i64, Option<String>) = sqlx::query_as(
            "SELECT attempts, last_error FROM outbox WHERE recipient = 'ravi@example.com'",
        )
        .fetch_one(app.db())
        .await
        .unwrap();
        assert_eq!(attempts, 1);
        assert!(error.is_some());
        assert_eq!(down.deliver_due(now).await.unwrap(), 0, "not again at once");
        let later = app::core::Instant(now.seconds() + 61);
        assert_eq!(
            mailer.deliver_due(later).await.unwrap(),
            1,
            "retried once the pause is over"
        );
    }
);
