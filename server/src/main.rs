//! `server serve | migrate | seed --demo | fx import | admin … | streams key|live-demo |
//! media-config | translations export|import`: the
//! India Pavilion server and its operator commands.

use anyhow::Context;
use clap::{Parser, Subcommand};
use server::startup::open_store;
use server::{Application, Config, cli, seed};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "server", version, about = "The India Pavilion server")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, seed the demo when the database is empty, and serve (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Load data; `--demo` loads the demo pavilion (safe to run again).
    Seed {
        #[arg(long)]
        demo: bool,
    },
    /// Exchange rates: `fx import FILE.csv` with `currency,inr_per_unit,as_of` rows.
    Fx {
        #[command(subcommand)]
        command: cli::FxCommand,
    },
    /// Councils, curators and admins.
    Admin {
        #[command(subcommand)]
        command: cli::AdminCommand,
    },
    /// Live streams: keys, and a stream made ready for the live demo.
    Streams {
        #[command(subcommand)]
        command: cli::StreamsCommand,
    },
    /// Print the nginx.conf (nginx with the RTMP module) that feeds this server live video.
    MediaConfig {
        /// Where nginx reaches this server's hooks (default: http://PAVILION_ADDR).
        #[arg(long)]
        app_url: Option<String>,
    },
    /// Translators' round trip for a booth's or a hall's texts (CSV or XLIFF 1.2).
    Translations {
        #[command(subcommand)]
        command: cli::TranslationsCommand,
    },
}

#[tokio::main]
async fn main() {
    init_tracing();
    if let Err(err) = run(Cli::parse()).await {
        // One clear line for the operator, the full chain for the log.
        eprintln!("pavilion: {err:#}");
        tracing::error!(error = ?err, "exiting");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => Application::build(config).await?.run_until_stopped().await,
        Command::Migrate => {
            open_store(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed { demo } => {
            anyhow::ensure!(
                demo,
                "only the demo data can be seeded: run `server seed --demo`"
            );
            let (db, _) = open_store(&config).await?;
            let report = seed::demo(&db)
                .await
                .context("cannot seed the demo pavilion")?;
            println!("{report}");
            Ok(())
        }
        Command::Fx { command } => {
            let (db, _) = open_store(&config).await?;
            cli::fx(&db, command).await
        }
        Command::Admin { command } => {
            let (db, _) = open_store(&config).await?;
            cli::admin(&db, command).await
        }
        Command::Streams { command } => {
            let (db, _) = open_store(&config).await?;
            cli::streams(&db, command).await
        }
        Command::MediaConfig { app_url } => {
            let app_url = app_url.unwrap_or_else(|| format!("http://{}", config.addr));
            let module = server::live::rtmp_module();
            let secret = config.live.secret()?;
            print!(
                "{}",
                server::live::nginx_conf(&config.live, &app_url, &secret, module)
            );
            Ok(())
        }
        Command::Translations { command } => {
            let (db, _) = open_store(&config).await?;
            cli::translations(&db, command).await
        }
    }
}

fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("PAVILION_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
