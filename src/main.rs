//! The `dereja` command: configuration, store, services and the bot, wired together. No logic of its own.

use clap::{Parser, Subcommand};
use dereja::app::App;
use dereja::clock::SystemClock;
use dereja::config::{Config, LogFormat, redact_password};
use dereja::store::Store;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "dereja",
    version,
    about = "Milestone workflows between buyers and sellers in Telegram"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the bot with long polling (the default).
    Run,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Check the configuration and the database connection, then exit.
    CheckConfig,
}

/// Exit code for a configuration mistake (as for a usage error).
const EXIT_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A missing .env file is normal; a broken one is worth a word.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("dereja: ignoring .env: {e}");
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dereja: configuration error:\n{e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    init_logging(config.log_format);
    let command = cli.command.unwrap_or(Cmd::Run);
    if matches!(command, Cmd::Run) && config.token.is_none() {
        eprintln!(
            "dereja: TELOXIDE_TOKEN is not set: create a bot with @BotFather and export its token"
        );
        return ExitCode::from(EXIT_CONFIG);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dereja: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(execute(command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "dereja stopped with an error");
            eprintln!("dereja: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(command: Cmd, config: Config) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let db = redact_password(&config.database_url);
    let store = Store::connect_sized(&config.database_url, config.pool_size())
        .await
        .with_context(|| format!("cannot open the database {db}"))?;
    match command {
        Cmd::Migrate => {
            store.migrate().await.context("migration failed")?;
            let tables = store.table_names().await?;
            println!(
                "{} schema is up to date: {}",
                store.backend(),
                tables.join(", ")
            );
        }
        Cmd::CheckConfig => {
            store
                .table_names()
                .await
                .context("the database does not answer")?;
            println!("configuration is valid: {config:?}");
        }
        Cmd::Run => {
            store.migrate().await.context("migration failed")?;
            tracing::info!(database = %db, backend = store.backend(), "starting");
            let mut bot = teloxide::Bot::new(config.token.clone().unwrap_or_default());
            if let Some(url) = config.api_url.clone() {
                bot = bot.set_api_url(url);
            }
            dereja::run(bot, App::new(config, store.clone(), Arc::new(SystemClock))).await?;
            store.close().await;
            tracing::info!("stopped");
        }
    }
    Ok(())
}

fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Human => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
