//! Fresh databases for tests: a temporary SQLite file, or a new Postgres database on `TEST_POSTGRES_URL`.
//! Each test gets its own, so tests run in parallel.

use dereja::store::Store;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("dereja_t_{}_{n}_{nanos}", std::process::id())
}

/// A scratch directory, removed when dropped.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
    pub fn new() -> ScratchDir {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        ScratchDir(dir)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub enum Backend {
    /// The directory holding the file; removed when dropped.
    Sqlite(#[allow(dead_code)] ScratchDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// An empty, migrated database of one backend.
pub struct TestDb {
    pub store: Store,
    backend: Backend,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let (url, backend) = TestDb::sqlite_url();
        TestDb::open(url, backend).await
    }

    /// A URL for a SQLite file that does not exist yet.
    pub fn sqlite_url() -> (String, Backend) {
        let dir = ScratchDir::new();
        let url = format!("sqlite://{}", dir.0.join("dereja.db").display());
        (url, Backend::Sqlite(dir))
    }

    /// `None` when no Postgres is configured outside CI; in CI (`CI=true`) a missing Postgres fails the test.
    pub async fn postgres() -> Option<TestDb> {
        let (url, backend) = TestDb::postgres_url().await?;
        Some(TestDb::open(url, backend).await)
    }

    /// Creates an empty Postgres database and returns its URL.
    pub async fn postgres_url() -> Option<(String, Backend)> {
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("TEST_POSTGRES_URL must be set in CI");
            }
            eprintln!(
                "skipped: TEST_POSTGRES_URL is not set, the Postgres half of this test did not run"
            );
            return None;
        };
        let name = unique_name();
        let admin = Store::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        let Store::Postgres { pool, .. } = &admin else {
            panic!("TEST_POSTGRES_URL must be a postgres:// URL")
        };
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(pool)
            .await
            .expect("create test database");
        admin.close().await;
        let mut url = url::Url::parse(&admin_url).expect("TEST_POSTGRES_URL is a URL");
        url.set_path(&name);
        Some((url.to_string(), Backend::Postgres { admin_url, name }))
    }

    async fn open(url: String, backend: Backend) -> TestDb {
        let store = Store::connect(&url)
            .await
            .expect("connect to the test database");
        store.migrate().await.expect("migrate the test database");
        TestDb { store, backend }
    }

    /// Closes the pool and removes the database.
    pub async fn finish(self) {
        self.store.close().await;
        drop_backend(self.backend).await;
    }
}

/// Removes a test database (a SQLite scratch directory goes when dropped).
pub async fn drop_backend(backend: Backend) {
    if let Backend::Postgres { admin_url, name } = backend {
        let admin = Store::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        if let Store::Postgres { pool, .. } = &admin {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(pool)
                .await;
        }
        admin.close().await;
    }
}
