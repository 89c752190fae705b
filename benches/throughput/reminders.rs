//! A reminder burst: many orders whose reminders all fell due while the bot was down. Opened through the order
//! service on a clock a month back (each waits for its invitee: a reminder each), then the bot is started and the
//! time until its scheduler has turned every due job into notices is measured.

use crate::process::BotProcess;
use chrono::{Duration, Utc};
use dereja::app::App;
use dereja::clock::ManualClock;
use dereja::config::Config;
use dereja::services::Seen;
use dereja::store::Store;
use dereja_domain::{
    Currency, Deadline, Deliverables, MilestoneTerms, Money, OrderDraft, Origin, RevisionCount,
    Role, Title, UserId,
};
use dereja_fakebot::FakeBotApi;
use std::sync::Arc;
use std::time::Instant;

/// Jobs due, and how many per second the bot's scheduler turned into notices.
pub struct Burst {
    pub jobs: i64,
    pub per_second: f64,
}

pub async fn run(fake: &Arc<FakeBotApi>, database_url: &str, orders: usize) -> Burst {
    open_orders(database_url, orders).await;
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

/// `orders` orders opened a month ago by as many buyers, nobody invited yet.
async fn open_orders(database_url: &str, orders: usize) {
    let store = Store::connect(database_url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let config = Config::from_lookup(|k| (k == "DATABASE_URL").then(|| database_url.to_string()))
        .expect("settings");
    let clock = Arc::new(ManualClock::new(Utc::now() - Duration::days(30)));
    let app = App::new(config, store.clone(), clock);
    for i in 0..orders as i64 {
        let buyer = 300_000 + i;
        let seen = Seen {
            id: UserId(buyer),
            name: "Buyer",
            username: None,
            language_code: Some("en"),
        };
        app.users.seen(seen).await.expect("a buyer");
        let terms = MilestoneTerms {
            title: Title::new("Logo").expect("a title"),
            deliverables: Deliverables::new("- 3 concepts as PNG").expect("deliverables"),
            deadline: Deadline::after_activation(Duration::days(5)).expect("a deadline"),
            amount: Money::from_minor(150_000, Currency::ETB).expect("an amount"),
            revisions: RevisionCount::new(1).expect("revisions"),
        };
        let draft = OrderDraft::new(
            Title::new("Café brand").expect("a title"),
            Currency::ETB,
            Origin::Private,
            UserId(buyer),
            Role::Buyer,
            vec![terms],
        )
        .expect("a draft");
        app.orders.open(draft).await.expect("an order");
    }
    store.close().await;
}

async fn count(store: &Store, sql: &str) -> i64 {
    let now = Utc::now();
    let counted = match store {
        Store::Sqlite(pool) => sqlx::query_scalar(sql).bind(now).fetch_one(pool).await,
        Store::Postgres(pool) => sqlx::query_scalar(sql).bind(now).fetch_one(pool).await,
    };
    counted.expect("a count")
}
