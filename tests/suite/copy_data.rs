//! `dereja copy-data` and `dereja backup` through the real binary: SQLite -> Postgres -> SQLite leaves the same
//! rows, the same orders and histories and the same books; a target that is not empty is refused untouched.

use crate::helpers::fixtures::{ADMIN, BUYER, SELLER, delivery, paid, terms};
use crate::helpers::{ScratchDir, TestApp, TestDb, drop_backend};
use dereja::store::Store;
use dereja_domain::{Command, Language, Order, OrderId};
use tokio::process::Command as Process;

/// Runs `dereja <args>` on `database_url`: its success and what it printed.
async fn dereja(database_url: &str, args: &[&str]) -> (bool, String) {
    let out = Process::new(env!("CARGO_BIN_EXE_dereja"))
        .args(args)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .output()
        .await
        .expect("run dereja");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// An order approved and paid out in part, another open with a dialogue under way, a suspension and the
/// maintenance switch: something in most tables.
async fn some_history(database_url: &str) -> Vec<OrderId> {
    let live = TestApp::spawn(database_url, &[]).await;
    let buyer = live.person(BUYER, "Selam", "en").await;
    live.person(SELLER, "Dawit", "am").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    let done = live
        .open_order(BUYER, vec![terms(7, 150_000, 1), terms(5, 60_000, 0)])
        .await;
    live.join(SELLER, done).await;
    for seq in [1, 2] {
        live.by(SELLER, done, Command::Accept { seq }).await;
    }
    live.by(BUYER, done, paid()).await;
    let deliver = Command::Deliver {
        seq: 1,
        delivery: delivery(),
    };
    live.by(SELLER, done, deliver).await;
    live.by(BUYER, done, Command::Approve { seq: 1 }).await;
    let open = live.open_order(BUYER, vec![terms(3, 20_000, 2)]).await;
    live.say(&buyer, "/neworder", "neworder-role", Language::EN)
        .await;
    live.say(
        &admin,
        &format!("/freeze {} checking", open.0),
        "done-frozen",
        Language::EN,
    )
    .await;
    live.settle().await;
    live.stop().await;
    vec![done, open]
}

/// Each order as the domain sees it, with its history.
async fn orders(store: &Store, ids: &[OrderId]) -> Vec<(Order, Vec<dereja_domain::Event>)> {
    let mut tx = store.begin_read().await.unwrap();
    let mut found = Vec::new();
    for id in ids {
        let (order, _) = tx.load_order(*id).await.unwrap().expect("copied");
        found.push((order, tx.order_events(*id).await.unwrap()));
    }
    tx.commit().await.unwrap();
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_data_round_trip_keeps_everything() {
    let Some((postgres, backend)) = TestDb::postgres_url().await else {
        return;
    };
    let (first, _first_dir) = TestDb::sqlite_url();
    let (last, _last_dir) = TestDb::sqlite_url();
    let ids = some_history(&first).await;

    let (ok, said) = dereja(&first, &["copy-data", "--to", &postgres]).await;
    assert!(ok, "{said}");
    assert!(
        said.contains("orders: 2 rows") && said.contains("both agree"),
        "{said}"
    );
    let (ok, said) = dereja(&postgres, &["copy-data", "--to", &last]).await;
    assert!(ok, "{said}");

    let stores = [
        Store::connect(&first).await.unwrap(),
        Store::connect(&postgres).await.unwrap(),
        Store::connect(&last).await.unwrap(),
    ];
    let original = orders(&stores[0], &ids).await;
    for copy in &stores[1..] {
        assert_eq!(orders(copy, &ids).await, original, "{}", copy.backend());
        let mut tx = copy.begin_read().await.unwrap();
        assert_eq!(
            tx.ledger_totals().await.unwrap(),
            vec![("ETB".to_string(), 0)]
        );
        tx.commit().await.unwrap();
    }
    // Numbering goes on after the copied orders.
    let next = crate::helpers::fixtures::terms(7, 1_000, 0);
    let live = TestApp::spawn(&postgres, &[]).await;
    let third = live.open_order(BUYER, vec![next]).await;
    assert_eq!(third.0, ids[1].0 + 1);
    live.stop().await;

    // Into a database that is not empty: refused, and nothing written.
    let (ok, said) = dereja(&first, &["copy-data", "--to", &postgres]).await;
    assert!(!ok && said.contains("not empty"), "{said}");
    for store in stores {
        store.close().await;
    }
    drop_backend(backend).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_writes_a_copy_that_opens() {
    let (url, _dir) = TestDb::sqlite_url();
    let ids = some_history(&url).await;
    let folder = ScratchDir::new();
    let file = folder.0.join("backup.db");
    let (ok, said) = dereja(&url, &["backup", file.to_str().unwrap()]).await;
    assert!(ok, "{said}");
    let copy = Store::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let original = Store::connect(&url).await.unwrap();
    assert_eq!(orders(&copy, &ids).await, orders(&original, &ids).await);
    copy.close().await;
    original.close().await;
}
