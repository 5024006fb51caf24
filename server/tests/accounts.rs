//! Accounts in the store: argon2id passwords, database sessions with idle and absolute
//! expiry, suspension, roles, and the operator's `server admin` commands.

mod support;

use app::accounts::store::{
    self as accounts, ABSOLUTE_SECONDS, AccountError, IDLE_SECONDS, NewUser,
};
use app::core::Instant;

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
            matches!(again, Err(AccountError::EmailTaken)),
            "emails are case-insensitive"
        );
        let weak = NewUser {
            password: "short",
            ..buyer("b@example.com")
        };
        assert!(matches!(
            accounts::create_user(db, weak, T0).await,
            Err(AccountError::WeakPassword)
        ));
        let nameless = NewUser {
            display_name: "  ",
            ..buyer("c@example.com")
        };
        assert!(matches!(
            accounts::create_user(db, nameless, T0).await,
            Err(AccountError::InvalidName)
        ));
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
            accounts::session_user(db, &accounts::new_token(), T0)
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
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not an email address"));
}
