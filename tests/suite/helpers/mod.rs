//! The one test harness: fresh databases of both backends ([`db`]), the bot running in this process against the
//! fake Bot API with a clock the test controls ([`TestApp`], like zero2prod's `spawn_app`), the real binary for
//! the tests of the process itself ([`process`]), a private Postgres cluster to stop and start ([`cluster`]), and the people, terms and texts every test shares
//! ([`fixtures`]).

mod app;
pub mod cluster;
pub mod db;
pub mod fixtures;
pub mod process;

pub use app::{TestApp, TestClock, WAIT};
pub use db::{ScratchDir, TestDb, drop_backend};

/// Declares `<test>::sqlite` and `<test>::postgres` for each `async fn <test>(store: Store)`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use crate::helpers::TestDb;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = TestDb::sqlite().await;
                super::$name(db.store.clone()).await;
                db.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = TestDb::postgres().await else { return };
                super::$name(db.store.clone()).await;
                db.finish().await;
            }
        }
    )*};
}
pub(crate) use on_both_backends;

/// Declares `<test>::sqlite` and `<test>::postgres` for each `async fn <test>(database_url: String)` that runs
/// the bot binary on a fresh database of each backend.
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use crate::helpers::{TestDb, drop_backend};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let (url, backend) = TestDb::sqlite_url();
                super::$name(url).await;
                drop_backend(backend).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some((url, backend)) = TestDb::postgres_url().await else { return };
                super::$name(url).await;
                drop_backend(backend).await;
            }
        }
    )*};
}
pub(crate) use on_both_databases;

/// Rows of a query on either backend, for tests that look at the database directly:
/// `let rows: Vec<(i64, String)> = fetch_all!(&store, "SELECT ...")?;`
macro_rules! fetch_all {
    ($store:expr, $sql:expr) => {
        match $store {
            dereja::store::Store::Sqlite { pool, .. } => sqlx::query_as($sql).fetch_all(pool).await,
            dereja::store::Store::Postgres { pool, .. } => {
                sqlx::query_as($sql).fetch_all(pool).await
            }
        }
    };
}
pub(crate) use fetch_all;
