//! Operator commands that load data: FX rates and translation files. Each validates the
//! whole file first and changes nothing unless every line is right; problems are listed
//! with their line numbers.

use anyhow::{Context, bail};
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
