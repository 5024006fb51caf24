//! Startup and the command line: migrations, idempotent seeding, clear failures.

mod support;

use std::process::Command;

async fn counts(db: &app::db::Db) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "councils",
        "halls",
        "booths",
        "products",
        "product_translations",
        "product_images",
        "streams",
        "hosts",
    ] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"))
            .fetch_one(db)
            .await
            .unwrap_or_else(|e| panic!("count {table}: {e}"));
        out.push(n);
    }
    out
}

on_both_stores!(
    demo_seed_is_complete_and_idempotent,
    true,
    |app: support::TestApp| async move {
        let first = counts(app.db()).await;
        assert_eq!(&first[..4], &[6, 6, 24, 120]);
        assert!(
            first[4] >= 120 * 4,
            "translations into at least four locales"
        );
        assert_eq!(first[5], 360, "three generated images per product");
        assert!(first[6] >= 10);
        let report = server::seed::demo(app.db()).await.expect("seed again");
        assert!(report.already_present);
        assert_eq!(
            counts(app.db()).await,
            first,
            "a second seed changes nothing"
        );

        let states: Vec<(String, i64)> = sqlx::query_as(
            "SELECT state, CAST(COUNT(*) AS BIGINT) FROM streams GROUP BY state ORDER BY state",
        )
        .fetch_all(app.db())
        .await
        .expect("states");
        let of = |s: &str| states.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
        assert_eq!(of("live"), 1);
        assert!(of("scheduled") >= 5);
        assert!(of("replay") >= 3);
        let locales: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT locale FROM product_translations ORDER BY locale")
                .fetch_all(app.db())
                .await
                .expect("locales");
        assert_eq!(locales, ["ar", "es", "hi", "zh"]);
    }
);

on_both_stores!(
    stock_can_never_go_negative,
    true,
    |app: support::TestApp| async move {
        let refused = sqlx::query("UPDATE products SET stock = stock - 1000000 WHERE slug = $1")
            .bind("tellicherry-black-pepper-extra-bold")
            .execute(app.db())
            .await;
        assert!(
            refused.is_err(),
            "the CHECK constraint refuses negative stock"
        );
        let stock: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE slug = $1")
            .bind("tellicherry-black-pepper-extra-bold")
            .fetch_one(app.db())
            .await
            .expect("stock");
        assert_eq!(stock, 860);
    }
);

fn server(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.args(args)
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "error");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run the server binary")
}

#[test]
fn a_database_that_cannot_be_opened_is_one_clear_line() {
    let out = server(
        &["migrate"],
        &[("DATABASE_URL", "mysql://localhost/pavilion")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pavilion: DATABASE_URL must start with sqlite: or postgres://"),
        "{stderr}"
    );

    let out = server(
        &["migrate"],
        &[("DATABASE_URL", "sqlite:///proc/no-such-dir/p.db")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pavilion: cannot "), "{stderr}");

    let out = server(
        &["migrate"],
        &[("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("pavilion: cannot open the database at postgres://nobody@127.0.0.1:1/none")
    );
}

/// `server serve` that is expected to refuse: it must exit within 30 s (a server that
/// starts serving instead is killed and the test fails).
fn refused_serve(envs: &[(&str, &str)]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("serve")
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("PAVILION_PAYMENTS_PROVIDER")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start the server binary");
    for _ in 0..300 {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().ok();
    panic!("the server started serving instead of refusing");
}

#[test]
fn serving_without_a_payment_provider_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/p.db", dir.path().display());
    let out = refused_serve(&[
        ("DATABASE_URL", url.as_str()),
        ("PAVILION_ADDR", "127.0.0.1:0"),
        ("PAVILION_SEED_DEMO", "false"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The operator's line comes first (the log's own record of it follows).
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("pavilion: no payment provider")
            && first.contains("payments.provider = \"test\""),
        "{stderr}"
    );
    // Stripe named without its keys is refused as clearly.
    let out = refused_serve(&[
        ("DATABASE_URL", url.as_str()),
        ("PAVILION_ADDR", "127.0.0.1:0"),
        ("PAVILION_PAYMENTS_PROVIDER", "stripe"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PAVILION_STRIPE_API_KEY"));
}

#[test]
fn the_cli_migrates_and_seeds_idempotently() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let first = server(&["seed", "--demo"], &[("DATABASE_URL", &url)]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        String::from_utf8_lossy(&first.stdout)
            .contains("seeded the demo pavilion: 6 halls, 24 booths, 120 products")
    );
    let second = server(&["seed", "--demo"], &[("DATABASE_URL", &url)]);
    assert!(String::from_utf8_lossy(&second.stdout).contains("already present"));
    let bad = server(&["seed"], &[("DATABASE_URL", &url)]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn fx_and_translation_files_are_checked_line_by_line() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let env = [("DATABASE_URL", url.as_str())];
    assert!(server(&["seed", "--demo"], &env).status.success());
    let rates = dir.path().join("rates.csv");
    std::fs::write(
        &rates,
        "currency,inr_per_unit,as_of\nUSD,84.5,2026-11-28T06:00:00Z\nXYZ,1,2026-11-28T06:00:00Z\nEUR,0,2026-11-28T06:00:00Z\n",
    )
    .expect("write");
    let rates = rates.to_string_lossy().into_owned();
    let bad = server(&["fx", "import", &rates], &env);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("2 problem(s), nothing was changed")
            && stderr.contains("line 3: unknown currency `XYZ`")
            && stderr.contains("line 4:"),
        "{stderr}"
    );
    std::fs::write(
        &rates,
        "currency,inr_per_unit,as_of\nUSD,84.5,2026-11-28T06:00:00Z\n",
    )
    .expect("write");
    let good = server(&["fx", "import", &rates], &env);
    assert!(String::from_utf8_lossy(&good.stdout).contains("imported 1 exchange rate(s)"));

    let out = dir
        .path()
        .join("seafood-ar.xlf")
        .to_string_lossy()
        .into_owned();
    let export = server(
        &[
            "translations",
            "export",
            "--hall",
            "seafood",
            "--locale",
            "ar",
            "-o",
            &out,
        ],
        &env,
    );
    assert!(
        String::from_utf8_lossy(&export.stdout).contains("wrote 3 text(s)"),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let xliff = std::fs::read_to_string(&out).expect("exported");
    assert!(xliff.contains(r#"target-language="ar""#) && xliff.contains("hall:seafood:name"));
    let wrong = server(&["translations", "import", &out, "--locale", "zh"], &env);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("the file is for locale `ar`, not `zh`")
    );
    let again = server(&["translations", "import", &out, "--locale", "ar"], &env);
    assert!(String::from_utf8_lossy(&again.stdout).contains("imported 3 translation(s) for ar"));
}

#[test]
fn bad_configuration_is_refused() {
    let out = server(&["migrate"], &[("PAVILION_ADDR", "not-an-address")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PAVILION_ADDR"));
}

#[test]
fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().expect("dir");
    let port = 20_000 + (std::process::id() % 20_000) as u16;
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/s.db", dir.path().display()),
        )
        .env("PAVILION_ADDR", format!("127.0.0.1:{port}"))
        .env("PAVILION_SEED_DEMO", "false")
        .env("PAVILION_PAYMENTS_PROVIDER", "test")
        .env("RUST_LOG", "error")
        .spawn()
        .expect("start server");
    let healthy = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(healthy, "the server listens");
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(term.success());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
}
