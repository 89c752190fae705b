//! The three queues' claims must cost the same however long the history: the scheduler's due jobs, the inbox's
//! next update of each chat and the outbox's next message of each chat each read only what waits, through partial
//! indexes. This measures each claim with 1,000 and with 1,000,000 finished milestones, handled updates and sent
//! messages in the store (the same waiting rows in both), on SQLite and on Postgres, and prints the ratios.
//!
//! `cargo bench --bench queues` (Postgres from `TEST_POSTGRES_URL`, else the local server on 127.0.0.1:5432;
//! skipped if there is none).

use chrono::{Duration, Utc};
use dereja::store::{Pending, Store, Tx};
use std::time::Instant;

/// The throughput benchmark's fresh databases (SQLite files, Postgres databases dropped at the end).
#[path = "throughput/databases.rs"]
mod databases;

const HISTORY: [i64; 2] = [1_000, 1_000_000];
/// Pending jobs, the same in both runs: half of them due.
const PENDING: i64 = 200;
/// Updates and messages waiting, the same in both runs: four for each of 500 chats.
const WAITING: i64 = 2_000;
const CHATS: i64 = 500;
const ROUNDS: usize = 400;

/// What one claim takes, and how many rows it must hand out.
const CLAIMS: [(&str, usize); 3] = [("due jobs", 20), ("inbox", 16), ("outbox", 20)];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    for backend in databases::available().await {
        let name = backend.name;
        let mut costs = Vec::new();
        for history in HISTORY {
            let store = Store::connect(&backend.fresh().await)
                .await
                .expect("connect");
            store.migrate().await.expect("migrate");
            let filled = Instant::now();
            fill(&store, history).await;
            println!(
                "{name}: {history:>9} finished milestones, handled updates and sent messages (filled in {:.1} s)",
                filled.elapsed().as_secs_f64()
            );
            let mut cost = Vec::new();
            for (queue, expected) in CLAIMS {
                let median = measure(&store, queue, expected).await;
                println!("{name}: {history:>9}: {queue} claim median {median:.1} µs");
                cost.push(median);
            }
            costs.push(cost);
            store.close().await;
        }
        for (i, (queue, _)) in CLAIMS.iter().enumerate() {
            println!(
                "{name}: {queue} claim at 1,000,000 / at 1,000 = {:.2}",
                costs[1][i] / costs[0][i]
            );
        }
        backend.clean().await;
    }
}

/// `history` finished milestones (four per closed order) with a done job each, as many handled updates and sent
/// messages, and the waiting jobs, updates and messages.
async fn fill(store: &Store, history: i64) {
    let orders = history / 4;
    let pg = matches!(store, Store::Postgres { .. });
    // Literals typed for each backend: Postgres wants timestamps and JSON as such.
    let ts = |t: &str| {
        if pg {
            format!("'{t}'::timestamptz")
        } else {
            format!("'{t}'")
        }
    };
    let json = |j: &str| {
        if pg {
            format!("'{j}'::jsonb")
        } else {
            format!("'{j}'")
        }
    };
    let (created, updated, done) = (
        ts("2025-01-01T00:00:00Z"),
        ts("2025-02-01T00:00:00Z"),
        ts("2025-01-20T00:00:00Z"),
    );
    let (orders_with, orders_from) = series(store, orders);
    let (rows_with, rows_from) = series(store, history);
    let (waiting_with, waiting_from) = series(store, WAITING);
    let statements = [
        format!(
            "INSERT INTO users (id, name, language, time_zone, created_at, updated_at) VALUES \
             (1, 'Buyer', 'en', 'Africa/Addis_Ababa', {created}, {created}), \
             (2, 'Seller', 'am', 'Africa/Addis_Ababa', {created}, {created})"
        ),
        format!(
            "{orders_with} INSERT INTO orders (id, title, currency, created_by, buyer_id, seller_id, closed, \
             version, created_at, updated_at) SELECT g, 'Order', 'ETB', 'buyer', 1, 2, TRUE, 9, {created}, \
             {updated} FROM {orders_from}"
        ),
        format!(
            "{rows_with} INSERT INTO milestones (order_id, seq, title, deliverables, deadline, amount_minor, \
             currency, revisions_included, revisions_used, proposed_by, status, status_data, created_at, \
             updated_at) SELECT (g - 1) / 4 + 1, (g - 1) % 4 + 1, 'Milestone', '- a file', {deadline}, \
             100000, 'ETB', 1, 0, 'buyer', 'cleared', {status}, {created}, {updated} FROM {rows_from}",
            deadline = json(r#"{"hours":168}"#),
            status = json(r#"{"state":"cleared"}"#)
        ),
        format!(
            "{rows_with} INSERT INTO jobs (key, order_id, payload, due_at, done_at, created_at) \
             SELECT 'done:' || g, (g - 1) / 4 + 1, {payload}, {done}, {done}, {created} FROM {rows_from}",
            payload = json("{}")
        ),
        format!(
            "{rows_with} INSERT INTO inbox (update_id, chat_id, payload, received_at, done_at) \
             SELECT g, g % {CHATS}, '{{}}', {done}, {done} FROM {rows_from}"
        ),
        format!(
            "{rows_with} INSERT INTO outbox (chat_id, payload, created_at, not_before, sent_at) \
             SELECT g % {CHATS}, {payload}, {done}, {done}, {done} FROM {rows_from}",
            payload = json("{}")
        ),
        format!(
            "{waiting_with} INSERT INTO inbox (update_id, chat_id, payload, received_at) \
             SELECT {history} + g, g % {CHATS}, '{{}}', {done} FROM {waiting_from}"
        ),
        format!(
            "{waiting_with} INSERT INTO outbox (chat_id, payload, created_at, not_before) \
             SELECT g % {CHATS}, {payload}, {done}, {done} FROM {waiting_from}",
            payload = json("{}")
        ),
    ];
    for sql in statements {
        match store {
            Store::Sqlite { pool, .. } => sqlx::query(&sql).execute(pool).await.map(|_| ()),
            Store::Postgres { pool, .. } => sqlx::query(&sql).execute(pool).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let now = Utc::now();
    let mut tx = store.begin().await.expect("begin");
    for i in 0..PENDING {
        let due = if i % 2 == 0 {
            now - Duration::minutes(i)
        } else {
            now + Duration::days(1 + i)
        };
        tx.add_job(
            &format!("pending:{i}"),
            None,
            due,
            &serde_json::json!({}),
            now,
        )
        .await
        .expect("a pending job");
    }
    tx.commit().await.expect("commit");
    if let Store::Postgres { pool, .. } = store {
        sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
    } else if let Store::Sqlite { pool, .. } = store {
        sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
    }
}

/// A row source of 1..=n: `generate_series` on Postgres, a recursive CTE on SQLite.
fn series(store: &Store, n: i64) -> (String, String) {
    match store {
        Store::Sqlite { .. } => (
            format!(
                "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n})"
            ),
            "s".to_string(),
        ),
        Store::Postgres { .. } => (String::new(), format!("generate_series(1, {n}) AS g")),
    }
}

/// The median cost in microseconds of one claim from `queue` (the transaction is rolled back).
async fn measure(store: &Store, queue: &str, expected: usize) -> f64 {
    let mut samples = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS + 50 {
        let start = Instant::now();
        let mut tx = store.begin().await.expect("begin");
        let claimed = claim(&mut tx, queue, expected as i64).await;
        tx.rollback().await.expect("roll back");
        let elapsed = start.elapsed();
        assert_eq!(claimed, expected, "{queue}");
        // The first rounds warm caches and connections.
        if round >= 50 {
            samples.push(elapsed.as_secs_f64() * 1e6);
        }
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Claims up to `limit` from `queue` as the bot does; returns how many it got.
async fn claim(tx: &mut Tx, queue: &str, limit: i64) -> usize {
    let now = Utc::now();
    let lease = now + Duration::seconds(30);
    match queue {
        "due jobs" => {
            let due: Vec<dereja::store::DueJob<serde_json::Value>> =
                tx.claim_due_jobs(now, limit).await.expect("claim jobs");
            due.len()
        }
        "inbox" => tx
            .claim_updates(now, lease, limit)
            .await
            .expect("claim updates")
            .len(),
        _ => {
            let due: Vec<Result<Pending<serde_json::Value>, i64>> = tx
                .claim_due_messages(now, lease, limit)
                .await
                .expect("claim messages");
            due.len()
        }
    }
}
