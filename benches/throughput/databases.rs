//! Fresh databases for each run: SQLite files in a scratch folder, and Postgres databases created on the server
//! the tests use (dropped at the end).

use dereja::store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Backend {
    pub name: &'static str,
    /// Postgres: the server's admin URL; SQLite: none.
    admin: Option<String>,
    dir: std::path::PathBuf,
    made: AtomicUsize,
}

/// SQLite, and Postgres when a server answers.
pub async fn available() -> Vec<Backend> {
    let dir = std::env::temp_dir().join(format!("dereja_throughput_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let mut backends = vec![Backend {
        name: "SQLite",
        admin: None,
        dir: dir.clone(),
        made: AtomicUsize::new(0),
    }];
    let admin = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match Store::connect(&admin).await {
        Ok(store) => {
            store.close().await;
            backends.push(Backend {
                name: "Postgres",
                admin: Some(admin),
                dir,
                made: AtomicUsize::new(0),
            });
        }
        Err(e) => println!("Postgres skipped: no server at {admin} ({e})"),
    }
    backends
}

impl Backend {
    fn database(&self, n: usize) -> String {
        format!("dereja_throughput_{}_{n}", std::process::id())
    }

    /// A new empty database's URL.
    pub async fn fresh(&self) -> String {
        let n = self.made.fetch_add(1, Ordering::Relaxed);
        let Some(admin) = &self.admin else {
            return format!("sqlite://{}", self.dir.join(format!("{n}.db")).display());
        };
        let name = self.database(n);
        let store = Store::connect(admin).await.expect("connect to Postgres");
        if let Store::Postgres { pool, .. } = &store {
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(pool)
                .await
                .expect("create a database");
        }
        store.close().await;
        let mut url = url::Url::parse(admin).expect("a URL");
        url.set_path(&name);
        url.to_string()
    }

    /// Drops what this backend made.
    pub async fn clean(&self) {
        let Some(admin) = &self.admin else {
            let _ = std::fs::remove_dir_all(&self.dir);
            return;
        };
        let store = Store::connect(admin).await.expect("connect to Postgres");
        if let Store::Postgres { pool, .. } = &store {
            for n in 0..self.made.load(Ordering::Relaxed) {
                let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.database(n));
                let _ = sqlx::query(&drop).execute(pool).await;
            }
        }
        store.close().await;
    }
}
