//! The scheduler's due query must cost the same however long the history: it reads only pending jobs through a
//! partial index on the due time. This measures it with 1,000 and with 1,000,000 finished milestones (each with
//! its done job) in the store, on SQLite and on Postgres, and prints the ratio.
//!
//! `cargo bench --bench due_jobs` (Postgres from `TEST_POSTGRES_URL`, else the local server on 127.0.0.1:5432;
//! skipped if there is none).

use chrono::{Duration, Utc};
use dereja::store::Store;
use std::time::Instant;

const HISTORY: [i64; 2] = [1_000, 1_000_000];
/// Pending jobs, the same in both runs: half of them due.
const PENDING: i64 = 200;
const ROUNDS: usize = 400;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = std::env::temp_dir().join(format!("dereja_bench_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut targets = vec![("sqlite", None)];
    let admin = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    if Store::connect(&admin).await.is_ok() {
        targets.push(("postgres", Some(admin)));
    } else {
        println!("postgres: skipped (no server at {admin})");
    }
    for (backend, admin) in targets {
        let mut costs = Vec::new();
        for history in HISTORY {
            let name = format!("dereja_bench_{history}_{}", std::process::id());
            let url = match &admin {
                None => format!("sqlite://{}", dir.join(format!("{name}.db")).display()),
                Some(admin) => create_database(admin, &name).await,
            };
            let store = Store::connect(&url).await.expect("connect");
            store.migrate().await.expect("migrate");
            let filled = Instant::now();
            fill(&store, history).await;
            let cost = measure(&store).await;
            println!(
                "{backend}: {history:>9} finished milestones (filled in {:.1} s): due query median {:.1} µs",
                filled.elapsed().as_secs_f64(),
                cost
            );
            costs.push(cost);
            store.close().await;
            if let Some(admin) = &admin {
                drop_database(admin, &name).await;
            }
        }
        println!(
            "{backend}: cost at 1,000,000 / cost at 1,000 = {:.2}",
            costs[1] / costs[0]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

async fn create_database(admin: &str, name: &str) -> String {
    let store = Store::connect(admin).await.expect("connect");
    if let Store::Postgres(pool) = &store {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(pool)
            .await
            .expect("create the database");
    }
    store.close().await;
    let mut url = url::Url::parse(admin).expect("a URL");
    url.set_path(name);
    url.to_string()
}

async fn drop_database(admin: &str, name: &str) {
    let store = Store::connect(admin).await.expect("connect");
    if let Store::Postgres(pool) = &store {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(pool)
            .await;
    }
    store.close().await;
}

/// `history` finished milestones (four per closed order) with a done job each, and the pending jobs.
async fn fill(store: &Store, history: i64) {
    let orders = history / 4;
    let pg = matches!(store, Store::Postgres(_));
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
    ];
    for sql in statements {
        match store {
            Store::Sqlite { pool, .. } => sqlx::query(&sql).execute(pool).await.map(|_| ()),
            Store::Postgres(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
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
    if let Store::Postgres(pool) = store {
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
        Store::Postgres(_) => (String::new(), format!("generate_series(1, {n}) AS g")),
    }
}

/// The median cost in microseconds of claiming a batch of due jobs (the transaction is rolled back).
async fn measure(store: &Store) -> f64 {
    let mut samples = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS + 50 {
        let now = Utc::now();
        let start = Instant::now();
        let mut tx = store.begin_read().await.expect("begin");
        let due: Vec<dereja::store::DueJob<serde_json::Value>> =
            tx.claim_due_jobs(now, 20).await.expect("claim");
        drop(tx);
        let elapsed = start.elapsed();
        assert_eq!(due.len(), 20);
        // The first rounds warm caches and connections.
        if round >= 50 {
            samples.push(elapsed.as_secs_f64() * 1e6);
        }
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
