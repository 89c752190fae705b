//! The `dereja` command: configuration, store, services and the bot, wired together. No logic of its own.

use clap::{Parser, Subcommand};
use dereja::app::App;
use dereja::clock::SystemClock;
use dereja::config::{Config, LogFormat, SETTINGS, redact_password, shown};
use dereja::store::Store;
use dereja::telegram::TokenCheck;
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
    /// List every setting and where it came from, check the database and (when Telegram answers) the token.
    CheckConfig,
    /// Copy every table from the configured database into an empty one on the other backend (SQLite <->
    /// Postgres), in one transaction, and check the copy.
    CopyData {
        /// The target database URL; it is migrated first and must be empty.
        #[arg(long)]
        to: String,
    },
    /// Try the whole workflow in a browser, with no Telegram token: the real bot against a built-in fake
    /// Telegram, and a page where a buyer, a seller and an admin chat with it.
    Playground {
        /// Where the page is served (loopback unless you choose otherwise).
        #[arg(
            long,
            env = "DEREJA_PLAYGROUND_ADDRESS",
            default_value = "127.0.0.1:8080"
        )]
        address: std::net::SocketAddr,
    },
    /// Write a consistent copy of the SQLite database to a file, while the bot runs.
    Backup {
        /// Where to write the copy (must not exist yet).
        file: String,
    },
}

/// Exit code for a configuration mistake (as for a usage error).
const EXIT_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // What the environment sets, before .env adds to it: `check-config` says where each setting came from.
    let from_environment: Vec<&str> = SETTINGS
        .iter()
        .copied()
        .filter(|key| std::env::var_os(key).is_some())
        .collect();
    // A missing .env file is normal; a broken one is worth a word.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("dereja: ignoring .env: {e}");
    }
    if let Some(Cmd::Playground { address }) = cli.command {
        init_logging(LogFormat::Human);
        return playground(address);
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
    match runtime.block_on(execute(command, config, &from_environment)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "dereja stopped with an error");
            eprintln!("dereja: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(command: Cmd, config: Config, from_environment: &[&str]) -> anyhow::Result<()> {
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
            print_settings(from_environment);
            store
                .table_names()
                .await
                .context("the database does not answer")?;
            println!("the database answers: {db}");
            if config.token.is_some() {
                check_token(&bot(&config)).await?;
            }
            println!("configuration is valid");
        }
        Cmd::CopyData { to } => {
            store.migrate().await.context("migration failed")?;
            let target_name = redact_password(&to);
            let target = Store::connect(&to)
                .await
                .with_context(|| format!("cannot open the target database {target_name}"))?;
            target
                .migrate()
                .await
                .context("migrating the target failed")?;
            let copied = store
                .copy_into(&target)
                .await
                .context("nothing was copied")?;
            target.close().await;
            for (table, rows) in &copied.rows {
                println!("{table}: {rows} rows");
            }
            for (currency, sum) in &copied.ledger {
                println!("ledger {currency}: entries sum to {sum}");
            }
            println!("copied {db} into {target_name}; both agree");
        }
        Cmd::Backup { file } => {
            store.backup_to(&file).await.context("backup failed")?;
            println!("backed up {db} to {file}");
        }
        Cmd::Playground { .. } => {
            anyhow::bail!("the playground starts before the bot's settings are read (see main)")
        }
        Cmd::Run => {
            store.migrate().await.context("migration failed")?;
            tracing::info!(database = %db, backend = store.backend(), "starting");
            let bot = bot(&config);
            dereja::run(bot, App::new(config, store.clone(), Arc::new(SystemClock))).await?;
            store.close().await;
            tracing::info!("stopped");
        }
    }
    Ok(())
}

/// The playground on its own database (`DATABASE_URL`, else `playground.db` here), whatever the bot's settings say
/// about Telegram.
fn playground(address: std::net::SocketAddr) -> ExitCode {
    let database_url = std::env::var("DATABASE_URL").ok();
    let served = tokio::runtime::Runtime::new()
        .map_err(anyhow::Error::from)
        .and_then(|rt| rt.block_on(dereja::playground::serve(address, database_url)));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dereja playground: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn bot(config: &Config) -> teloxide::Bot {
    let bot = teloxide::Bot::new(config.token.clone().unwrap_or_default());
    match config.api_url.clone() {
        Some(url) => bot.set_api_url(url),
        None => bot,
    }
}

/// Every setting with its value (secrets masked) and where it came from.
fn print_settings(from_environment: &[&str]) {
    for key in SETTINGS {
        let (value, source) = match std::env::var(key) {
            Ok(value) if from_environment.contains(key) => (shown(key, &value), "environment"),
            Ok(value) => (shown(key, &value), ".env"),
            Err(_) => (String::new(), "default"),
        };
        println!("{key} = {value} ({source})");
    }
}

/// Asks Telegram about the token: a refused one is an error; an unreachable Telegram only a note.
async fn check_token(bot: &teloxide::Bot) -> anyhow::Result<()> {
    match dereja::telegram::check_token(bot).await {
        TokenCheck::Accepted(username) => println!("Telegram accepts the token: @{username}"),
        TokenCheck::Refused => anyhow::bail!(
            "Telegram refuses TELOXIDE_TOKEN (401): it was revoked or mistyped; get it again from @BotFather"
        ),
        TokenCheck::Unreachable(why) => {
            println!("could not ask Telegram about the token ({why}); it is unchecked")
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
