//! The database's own limit: single-row transactions committed back to back, with the bot's connection settings
//! (SQLite: WAL, synchronous FULL, one writer; Postgres: as many writers as the bot has handlers).

use dereja::store::Store;
use std::time::{Duration, Instant};

/// How long each measurement runs.
const RUN: Duration = Duration::from_secs(3);
/// The bot's default `DEREJA_MAX_HANDLERS`, and so its writers at once.
pub const WRITERS: usize = 16;

/// Commits per second on a fresh database at `url`.
pub async fn rate(url: &str) -> f64 {
    let store = Store::connect_sized(url, WRITERS as u32 + 4)
        .await
        .expect("connect");
    let create = "CREATE TABLE bench_commits (id BIGINT PRIMARY KEY, at TEXT NOT NULL)";
    execute(&store, create).await;
    let writers = if matches!(store, Store::Sqlite { .. }) {
        1
    } else {
        WRITERS
    };
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut n = 0u64;
                while started.elapsed() < RUN {
                    let id = (w as u64) << 32 | n;
                    let sql = format!("INSERT INTO bench_commits (id, at) VALUES ({id}, 'now')");
                    execute(&store, &sql).await;
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut commits = 0;
    for task in tasks {
        commits += task.await.expect("a writer");
    }
    let rate = commits as f64 / started.elapsed().as_secs_f64();
    store.close().await;
    rate
}

async fn execute(store: &Store, sql: &str) {
    let done = match store {
        Store::Sqlite { pool, .. } => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Store::Postgres { pool, .. } => sqlx::query(sql).execute(pool).await.map(|_| ()),
    };
    done.expect("a commit");
}
