//! A reminder burst: many orders whose reminders all fell due while the bot was down. Opened through the order
//! service on a clock a month back (each waits for its invitee: a reminder each), then the bot is started and the
//! time until its scheduler has turned every due job into notices is measured.

use crate::process::BotProcess;
use crate::seeding;
use chrono::{Duration, Utc};
use dereja::store::Store;
use dereja_fakebot::FakeBotApi;
use std::sync::Arc;
use std::time::Instant;

/// Jobs due, and how many per second the bot's scheduler turned into notices.
pub struct Burst {
    pub jobs: i64,
    pub per_second: f64,
}

pub async fn run(fake: &Arc<FakeBotApi>, database_url: &str, orders: usize) -> Burst {
    seeding::open_orders(database_url, orders, Utc::now() - Duration::days(30)).await;
    let store = Store::connect(database_url).await.expect("connect");
    let due = "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND due_at <= $1";
    let jobs = count(&store, due).await;
    let started = Instant::now();
    let bot = BotProcess::dereja(fake, database_url).await;
    while count(&store, due).await > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(started.elapsed().as_secs() < 600, "the scheduler is stuck");
    }
    let elapsed = started.elapsed();
    bot.stop().await;
    store.close().await;
    Burst {
        jobs,
        per_second: jobs as f64 / elapsed.as_secs_f64(),
    }
}

async fn count(store: &Store, sql: &str) -> i64 {
    let now = Utc::now();
    let counted = match store {
        Store::Sqlite { pool, .. } => sqlx::query_scalar(sql).bind(now).fetch_one(pool).await,
        Store::Postgres { pool, .. } => sqlx::query_scalar(sql).bind(now).fetch_one(pool).await,
    };
    counted.expect("a count")
}
