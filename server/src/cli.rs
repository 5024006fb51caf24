//! Operator commands that load data: FX rates and translation files. Each validates the
//! whole file first and changes nothing unless every line is right; problems are listed
//! with their line numbers.

use anyhow::{Context, bail};
use app::accounts::store as accounts;
use app::db::Db;
use app::i18n::Locale;
use app::i18n::exchange::{self, Format, Scope};
use app::i18n::fx;
use app::state::now;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum FxCommand {
    /// Load rates from a CSV file (header `currency,inr_per_unit,as_of`).
    Import { file: PathBuf },
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Add an export promotion council.
    CreateCouncil {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        short_name: String,
        #[arg(long, default_value = "")]
        website: String,
    },
    /// Create a curator account for a council.
    CreateCurator {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        council: String,
    },
    /// Create an account on a booth's team (`staff` or `owner`), e.g. a stream's host.
    CreateExhibitor {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        booth: String,
        #[arg(long, default_value = "staff", value_parser = ["staff", "owner"])]
        role: String,
    },
    /// Create a trade buyer's account, its address confirmed (a council's hosted buyer).
    CreateBuyer {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Create an administrator account.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Confirm an account's email address without its link (support, once the address is
    /// checked another way).
    VerifyEmail {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub enum TranslationsCommand {
    /// Write a booth's (with its products and streams) or a hall's texts for one locale.
    Export {
        #[arg(long, conflicts_with = "hall", required_unless_present = "hall")]
        booth: Option<String>,
        #[arg(long)]
        hall: Option<String>,
        /// Target locale (not `en`, the source).
        #[arg(long)]
        locale: String,
        /// `.csv`, `.xlf` or `.xliff`; the format follows the extension.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Read translations back (CSV or XLIFF by extension) for one locale.
    Import {
        file: PathBuf,
        #[arg(long)]
        locale: String,
    },
}

fn locale(raw: &str) -> anyhow::Result<Locale> {
    Locale::parse(raw).with_context(|| {
        format!("unknown locale `{raw}`: use one of en hi ar zh es fr de ja ru pt")
    })
}

fn format_of(path: &std::path::Path) -> anyhow::Result<Format> {
    Format::of_path(&path.to_string_lossy())
        .with_context(|| format!("{}: use a .csv, .xlf or .xliff file", path.display()))
}

fn report(problems: &[fx::LineError]) -> String {
    let mut text = format!("{} problem(s), nothing was changed:", problems.len());
    for problem in problems {
        text.push_str(&format!("\n  {problem}"));
    }
    text
}

/// A refusal in the operator's words: the field and its English message.
fn refused(err: app::error::AppError) -> anyhow::Error {
    match err.first_problem() {
        Some(problem) => anyhow::anyhow!(
            "{}: {}",
            problem.field,
            app::forms::message(Locale::En, &problem.code)
        ),
        None => anyhow::anyhow!("{}", app::forms::message(Locale::En, &err.code())),
    }
}

/// The new account's password: `PAVILION_PASSWORD` when set, else a random one printed
/// once for the operator to hand over.
fn initial_password() -> (String, bool) {
    match std::env::var("PAVILION_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (app::core::secrets::new_token()[..24].to_owned(), true),
    }
}

async fn create_account(db: &Db, email: &str, name: &str) -> anyhow::Result<(i64, Option<String>)> {
    let (password, generated) = initial_password();
    let new = accounts::NewUser {
        email,
        display_name: name,
        password: &password,
        locale: "en",
    };
    let id = accounts::create_user(db, new, now())
        .await
        .map_err(refused)?;
    // An operator typed the address in for the person they set up: it counts as known.
    confirm_address(db, id).await?;
    Ok((id, generated.then_some(password)))
}

async fn confirm_address(db: &Db, user_id: i64) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    app::accounts::verification::mark_verified(&mut tx, user_id, now()).await?;
    tx.commit().await?;
    Ok(())
}

fn announce(what: &str, email: &str, password: Option<String>) {
    match password {
        Some(password) => {
            println!("created {what} {email} with the password {password} (shown once)")
        }
        None => println!("created {what} {email} with the password from PAVILION_PASSWORD"),
    }
}

pub async fn admin(db: &Db, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateCouncil {
            slug,
            name,
            short_name,
            website,
        } => {
            let new = accounts::NewCouncil {
                slug: &slug,
                name: &name,
                short_name: &short_name,
                website: &website,
            };
            accounts::create_council(db, new).await.map_err(refused)?;
            println!("created the council {slug}");
        }
        AdminCommand::CreateCurator {
            email,
            name,
            council,
        } => {
            let council_known: Option<i64> =
                sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
                    .bind(&council)
                    .fetch_optional(db)
                    .await?;
            if council_known.is_none() {
                bail!("no council `{council}`: create it first with `server admin create-council`");
            }
            let (id, password) = create_account(db, &email, &name).await?;
            if let Err(error) = accounts::add_curator(db, id, &council).await {
                // No account without its role.
                sqlx::query("DELETE FROM users WHERE id = $1")
                    .bind(id)
                    .execute(db)
                    .await?;
                return Err(refused(error));
            }
            announce(&format!("the curator of {council}"), &email, password);
        }
        AdminCommand::CreateBuyer { email, name } => {
            let (_, password) = create_account(db, &email, &name).await?;
            announce("a trade buyer", &email, password);
        }
        AdminCommand::CreateExhibitor {
            email,
            name,
            booth,
            role,
        } => {
            let booth_id: Option<i64> = sqlx::query_scalar("SELECT id FROM booths WHERE slug = $1")
                .bind(&booth)
                .fetch_optional(db)
                .await?;
            let Some(booth_id) = booth_id else {
                bail!("no booth `{booth}`");
            };
            let (id, password) = create_account(db, &email, &name).await?;
            let joined = sqlx::query(
                "INSERT INTO booth_members (booth_id, user_id, role) VALUES ($1, $2, $3)",
            )
            .bind(booth_id)
            .bind(id)
            .bind(&role)
            .execute(db)
            .await;
            if let Err(error) = joined {
                // No account without its role.
                sqlx::query("DELETE FROM users WHERE id = $1")
                    .bind(id)
                    .execute(db)
                    .await?;
                return Err(refused(error.into()));
            }
            announce(&format!("the {role} of {booth}"), &email, password);
        }
        AdminCommand::CreateAdmin { email, name } => {
            let (id, password) = create_account(db, &email, &name).await?;
            accounts::make_admin(db, id).await?;
            announce("the admin", &email, password);
        }
        AdminCommand::VerifyEmail { email } => {
            let Some(user) = accounts::user_by_email(db, &email).await? else {
                bail!("no account uses the address `{email}`");
            };
            confirm_address(db, user.id).await?;
            println!("confirmed the address {}", user.email);
        }
    }
    Ok(())
}

pub async fn fx(db: &Db, command: FxCommand) -> anyhow::Result<()> {
    let FxCommand::Import { file } = command;
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {} as UTF-8 text", file.display()))?;
    let rates = fx::parse_csv(&text).map_err(|problems| anyhow::anyhow!(report(&problems)))?;
    fx::store(db, &rates, now())
        .await
        .context("cannot store the rates")?;
    println!(
        "imported {} exchange rate(s) from {}",
        rates.len(),
        file.display()
    );
    Ok(())
}

pub async fn translations(db: &Db, command: TranslationsCommand) -> anyhow::Result<()> {
    match command {
        TranslationsCommand::Export {
            booth,
            hall,
            locale: raw,
            output,
        } => {
            let locale = locale(&raw)?;
            let format = format_of(&output)?;
            let scope = match (booth, hall) {
                (Some(booth), None) => Scope::Booth(booth),
                (None, Some(hall)) => Scope::Hall(hall),
                _ => bail!("name either --booth or --hall"),
            };
            let units = exchange::units(db, &scope, locale).await?;
            let missing = units.iter().filter(|u| u.target.is_none()).count();
            std::fs::write(&output, exchange::write(format, locale, &scope, &units))
                .with_context(|| format!("cannot write {}", output.display()))?;
            println!(
                "wrote {} text(s) to {} ({missing} still to translate)",
                units.len(),
                output.display()
            );
            Ok(())
        }
        TranslationsCommand::Import { file, locale: raw } => {
            let locale = locale(&raw)?;
            let format = format_of(&file)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let rows = exchange::parse(format, &bytes, locale)
                .map_err(|problems| anyhow::anyhow!(report(&problems)))?;
            let written = exchange::import(db, locale, &rows)
                .await?
                .map_err(|problems| anyhow::anyhow!(report(&problems)))?;
            app::pavilion::search::reindex(db).await.context(
                "the translations are stored, but the search index could not be rebuilt",
            )?;
            println!("imported {written} translation(s) for {}", locale.code());
            Ok(())
        }
    }
}

#[derive(Subcommand)]
pub enum StreamsCommand {
    /// Make a new secret stream key for a stream and print it (the old key stops working).
    Key { stream: String },
    /// Get a stream ready for a live demo now: its publishing window opened around the
    /// present, nobody publishing, a fresh key. Prints `STREAM KEY`. Without `--stream`, the
    /// demo's live stream (or the next scheduled one) is used.
    LiveDemo {
        #[arg(long)]
        stream: Option<String>,
        /// Take the next scheduled stream rather than the live one.
        #[arg(long, conflicts_with = "stream")]
        upcoming: bool,
    },
}

pub async fn streams(db: &Db, command: StreamsCommand) -> anyhow::Result<()> {
    let (slug, key) = match command {
        StreamsCommand::Key { stream } => {
            let key = new_key(db, &stream).await?;
            (stream, key)
        }
        StreamsCommand::LiveDemo { stream, upcoming } => {
            crate::demo::ready_for_live(db, stream, upcoming).await?
        }
    };
    println!("{slug} {key}");
    Ok(())
}

pub async fn new_key(db: &Db, slug: &str) -> anyhow::Result<String> {
    let key = app::core::secrets::new_token();
    let done = sqlx::query("UPDATE streams SET key_hash = $2 WHERE slug = $1")
        .bind(slug)
        .bind(app::core::secrets::token_hash(&key))
        .execute(db)
        .await?
        .rows_affected();
    if done != 1 {
        bail!("no stream {slug:?}");
    }
    Ok(key)
}
