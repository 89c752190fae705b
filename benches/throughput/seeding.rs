//! Orders put in a database before the bot starts: opened through the order service (as the bot would), each by a
//! buyer of its own, nobody invited yet, so each waits with its reminders planned.

use chrono::{DateTime, Utc};
use dereja::app::App;
use dereja::clock::ManualClock;
use dereja::config::Config;
use dereja::services::Seen;
use dereja::store::Store;
use dereja_domain::{
    Currency, Deadline, Deliverables, MilestoneTerms, Money, OrderDraft, Origin, RevisionCount,
    Role, Title, UserId,
};
use futures_util::StreamExt;
use std::sync::Arc;

/// Orders opened at once: enough to keep Postgres's connections busy; SQLite queues them on its one writer.
const AT_ONCE: usize = 8;

/// Opens `orders` orders at `opened`, by buyers 300,000 and up.
pub async fn open_orders(database_url: &str, orders: usize, opened: DateTime<Utc>) {
    let store = Store::connect(database_url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let config = Config::from_lookup(|k| (k == "DATABASE_URL").then(|| database_url.to_string()))
        .expect("settings");
    let app = App::new(config, store.clone(), Arc::new(ManualClock::new(opened)));
    futures_util::stream::iter(0..orders as i64)
        .for_each_concurrent(AT_ONCE, |i| open_one(&app, UserId(300_000 + i)))
        .await;
    store.close().await;
}

async fn open_one(app: &App, buyer: UserId) {
    let seen = Seen {
        id: buyer,
        name: "Buyer",
        username: None,
        language_code: Some("en"),
    };
    app.users.seen(seen).await.expect("a buyer");
    let terms = MilestoneTerms {
        title: Title::new("Logo").expect("a title"),
        deliverables: Deliverables::new("- 3 concepts as PNG").expect("deliverables"),
        deadline: Deadline::after_activation(chrono::Duration::days(5)).expect("a deadline"),
        amount: Money::from_minor(150_000, Currency::ETB).expect("an amount"),
        revisions: RevisionCount::new(1).expect("revisions"),
    };
    let draft = OrderDraft::new(
        Title::new("Café brand").expect("a title"),
        Currency::ETB,
        Origin::Private,
        buyer,
        Role::Buyer,
        vec![terms],
    )
    .expect("a draft");
    app.orders.open(draft).await.expect("an order");
}
