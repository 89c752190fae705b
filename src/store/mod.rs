//! Persistence on SQLite (the default, one file) or Postgres (when a community grows), with the same queries, but
//! where a round trip to the server counts: Postgres runs the inbox's claim as one call (`claim.rs`). A list is one
//! parameter, so one prepared statement serves any length: an array on Postgres (`= ANY($1)`, `UNNEST`), a JSON
//! array on SQLite (`json_each($1)`; a placeholder per item made each length a statement to parse anew, and SQLite
//! looks numbered placeholders up one by one, a batch of 100 updates' 600 of them in 180,000 comparisons).
//!
//! The store decides nothing: it loads and saves what the domain produced. Every command runs in one [`Tx`]; an
//! order's `version` column makes a stale write fail with [`StoreError::Conflict`] instead of overwriting.

mod chats;
mod claim;
mod communities;
mod copy;
mod dialogues;
mod figures;
mod inbox;
mod jobs;
mod ledger;
mod log;
mod orders;
mod outbox;
mod payments;
mod payouts;
mod reviews;
mod settings;
mod users;
mod writer;

pub use claim::{Claiming, Taken};
pub use copy::Copied;
pub use figures::Figures;
pub use inbox::{Claimed, Incoming};
pub use jobs::DueJob;
pub use outbox::Pending;
pub use payments::Received;
pub use users::SeenUser;

use sqlx::migrate::Migrator;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Database, PgPool, Postgres, Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;
use writer::{LaneConnection, Writer, Writing};

/// Postgres's writing connections, each with its own group commit. One lets every write wait for the one before
/// (a network round trip per statement); two kept the throughput benchmark's lifecycle rate (734 updates/s against
/// 725 with a pooled transaction per write, 628 with one lane) at a quarter of the commits (0.45 per update against
/// 1.86); four gave 789 at 0.91.
const POSTGRES_LANES: usize = 2;

/// The most rows one insert of many writes: with up to 8 columns each, far below the values a statement may bind
/// (SQLite 32,766, Postgres 65,535).
const ROWS_PER_STATEMENT: usize = 500;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Someone else changed the order since it was loaded; reload and retry.
    #[error("the order changed concurrently")]
    Conflict,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("unsupported database URL {0:?}: use sqlite://... or postgres://...")]
    UnsupportedUrl(String),
    /// `copy-data` or `backup` cannot go ahead, and why.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The transaction a write was part of did not commit (the writer's group commit): none of it stayed.
    #[error("the transaction did not commit: {0}")]
    Commit(String),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Reads on a pool of one of the two supported databases; writes on connections of their own (SQLite's one,
/// Postgres's two lanes), where the writers that queued together share one commit ([`writer`]): one flush to disk
/// serves many. On SQLite, which lets
/// one transaction write at a time, writers also take their turn in order the moment it comes, where SQLite's busy
/// handler would have them sleep and retry (1 ms, 2 ms, 5 ms, ...) while holding a connection the readers need.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite {
        pool: SqlitePool,
        writer: Writer<SqliteConnection>,
    },
    Postgres {
        pool: PgPool,
        writer: Writer<PgConnection>,
    },
}

/// One transaction: commit it, or drop it to roll back. Or, from [`Store::read`], one connection for a single
/// read, whose "commit" only hands the connection back.
pub enum Tx {
    Sqlite(Access<Sqlite>),
    Postgres(Access<Postgres>),
}

/// A read holds a pooled connection; a write, a lane of the writer.
pub enum Access<DB: Database>
where
    DB::Connection: LaneConnection,
{
    Read(Held<DB>),
    Write(Writing<DB::Connection>),
}

impl<DB: Database> std::ops::Deref for Access<DB>
where
    DB::Connection: LaneConnection,
{
    type Target = DB::Connection;

    fn deref(&self) -> &DB::Connection {
        match self {
            Access::Read(held) => held,
            Access::Write(writing) => writing,
        }
    }
}

impl<DB: Database> std::ops::DerefMut for Access<DB>
where
    DB::Connection: LaneConnection,
{
    fn deref_mut(&mut self) -> &mut DB::Connection {
        match self {
            Access::Read(held) => held,
            Access::Write(writing) => writing,
        }
    }
}

impl<DB: Database> Access<DB>
where
    DB::Connection: LaneConnection,
{
    async fn commit(self) -> Result<()> {
        match self {
            Access::Read(held) => held.commit().await,
            Access::Write(writing) => writing.commit().await,
        }
    }

    async fn rollback(self) -> Result<()> {
        match self {
            Access::Read(held) => held.rollback().await,
            Access::Write(writing) => writing.rollback().await,
        }
    }
}

/// A connection held by a [`Tx`]: in a transaction, or on its own for one statement.
pub enum Held<DB: sqlx::Database> {
    Transaction(sqlx::Transaction<'static, DB>),
    Alone(PoolConnection<DB>),
}

impl<DB: sqlx::Database> std::ops::Deref for Held<DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &DB::Connection {
        match self {
            Held::Transaction(tx) => tx,
            Held::Alone(conn) => conn,
        }
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for Held<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        match self {
            Held::Transaction(tx) => tx,
            Held::Alone(conn) => conn,
        }
    }
}

impl<DB: sqlx::Database> Held<DB> {
    async fn commit(self) -> Result<()> {
        if let Held::Transaction(tx) = self {
            tx.commit().await?;
        }
        Ok(())
    }

    async fn rollback(self) -> Result<()> {
        if let Held::Transaction(tx) = self {
            tx.rollback().await?;
        }
        Ok(())
    }
}

/// Runs the same body against whichever connection the transaction holds. The body is compiled once per backend,
/// so a query that is not valid for both does not compile.
macro_rules! on_conn {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(tx) => {
                let $c = &mut **tx;
                $body
            }
            $crate::store::Tx::Postgres(tx) => {
                let $c = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use on_conn;

impl Tx {
    /// A claim query for this backend: Postgres skips the rows another replica is claiming right now instead of
    /// waiting for them (`{lock}` in `template`); SQLite has one writer and needs nothing.
    fn claim_sql(&self, template: &str) -> String {
        let lock = match self {
            Tx::Sqlite(_) => "",
            Tx::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        };
        template.replace("{lock}", lock)
    }

    /// Runs `sql`, an update of the rows whose key is one of `ids` (`{in}`, the list in `$2`), with `now` in `$1`.
    async fn update_listed(
        &mut self,
        sql: &str,
        now: chrono::DateTime<chrono::Utc>,
        ids: &[i64],
    ) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        match self {
            Tx::Sqlite(c) => {
                sqlx::query(&sql.replace("{in}", "IN (SELECT value FROM json_each($2))"))
                    .bind(now)
                    .bind(sqlx::types::Json(ids))
                    .execute(&mut **c)
                    .await?;
            }
            Tx::Postgres(c) => {
                sqlx::query(&sql.replace("{in}", "= ANY($2)"))
                    .bind(now)
                    .bind(ids)
                    .execute(&mut **c)
                    .await?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// Connects to `sqlite://path` (created if missing) or `postgres://...`.
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_sized(url, 10).await
    }

    /// Connects with up to `connections` pooled Postgres connections and the writers' two (SQLite keeps 4 readers
    /// and its one writer).
    ///
    /// A connection is not pinged when taken from the pool: sqlx already pings it when it comes back, and a ping on
    /// the way out too cost a round trip per use (a thread hop on SQLite, the network on Postgres). A connection
    /// that died idle (a database restart) fails its first query; the inbox, the sender and the scheduler retry.
    pub async fn connect_sized(url: &str, connections: u32) -> Result<Store> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                // Other processes (a `dereja backup`, a second replica by mistake) still meet the busy handler.
                .busy_timeout(Duration::from_secs(10));
            let writer = Writer::connect(options.clone(), "BEGIN IMMEDIATE", 1).await?;
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            Ok(Store::Sqlite { pool, writer })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let writer = Writer::connect(options.clone(), "BEGIN", POSTGRES_LANES).await?;
            let pool = PgPoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            Ok(Store::Postgres { pool, writer })
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite { .. } => "sqlite",
            Store::Postgres { .. } => "postgres",
        }
    }

    /// Applies the migrations this binary embeds; safe to run on every start.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Store::Sqlite { writer, .. } => writer.migrate(&SQLITE_MIGRATIONS).await?,
            Store::Postgres { pool, .. } => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Starts a transaction that will write: it waits for a writing connection, then writes in the transaction
    /// open on it (on SQLite one that takes the write lock at once, `BEGIN IMMEDIATE`, which another process may
    /// hold); its commit waits for that transaction's.
    pub async fn begin(&self) -> Result<Tx> {
        // The throughput benchmark reads how many an update takes, and how many durable commits (the writer counts
        // the commits it makes).
        metrics::counter!("dereja_db_write_transactions_total").increment(1);
        Ok(match self {
            Store::Sqlite { writer, .. } => Tx::Sqlite(Access::Write(writer.begin().await?)),
            Store::Postgres { writer, .. } => Tx::Postgres(Access::Write(writer.begin().await?)),
        })
    }

    /// Starts a transaction that only reads.
    pub async fn begin_read(&self) -> Result<Tx> {
        Ok(match self {
            Store::Sqlite { pool, .. } => {
                Tx::Sqlite(Access::Read(Held::Transaction(pool.begin().await?)))
            }
            Store::Postgres { pool, .. } => {
                Tx::Postgres(Access::Read(Held::Transaction(pool.begin().await?)))
            }
        })
    }

    /// A connection for one read, without a transaction around it: the cheapest look-up (no `BEGIN` and `COMMIT`
    /// round trips), for a single statement only; several statements that must agree need [`Store::begin_read`].
    pub async fn read(&self) -> Result<Tx> {
        Ok(match self {
            Store::Sqlite { pool, .. } => {
                Tx::Sqlite(Access::Read(Held::Alone(pool.acquire().await?)))
            }
            Store::Postgres { pool, .. } => {
                Tx::Postgres(Access::Read(Held::Alone(pool.acquire().await?)))
            }
        })
    }

    /// The application's tables, sorted: what `dereja migrate` reports.
    pub async fn table_names(&self) -> Result<Vec<String>> {
        let names: Vec<String> = match self {
            Store::Sqlite { pool, .. } => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
                )
                .fetch_all(pool)
                .await?
            }
            Store::Postgres { pool, .. } => {
                sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
                     ORDER BY table_name",
                )
                .fetch_all(pool)
                .await?
            }
        };
        Ok(names)
    }

    /// Writes a consistent copy of a SQLite database to the file `path` (`VACUUM INTO`), while the bot runs.
    /// Postgres has its own tool for this: `pg_dump`.
    pub async fn backup_to(&self, path: &str) -> Result<()> {
        match self {
            Store::Sqlite { pool, .. } => {
                sqlx::query("VACUUM INTO $1")
                    .bind(path)
                    .execute(pool)
                    .await?;
                Ok(())
            }
            Store::Postgres { .. } => Err(StoreError::Refused(
                "on Postgres, back up with pg_dump: pg_dump -Fc \"$DATABASE_URL\" > dereja.dump"
                    .into(),
            )),
        }
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite { pool, writer } => {
                writer.close().await;
                pool.close().await;
            }
            Store::Postgres { pool, writer } => {
                writer.close().await;
                pool.close().await;
            }
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(access) => access.commit().await,
            Tx::Postgres(access) => access.commit().await,
        }
    }

    /// Ends the transaction without its changes now; a dropped one rolls back only when its connection is next
    /// used, so the rows it locked stay locked until then (a benchmark claiming in a loop needs them free).
    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(access) => access.rollback().await,
            Tx::Postgres(access) => access.rollback().await,
        }
    }
}
