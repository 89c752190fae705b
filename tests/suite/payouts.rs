//! Money after approval, end to end with a clock the test moves: clearing by the seller's payout method,
//! `/balance`, withdrawals paid and rejected, over-balance and racing requests, a payment reference used once,
//! ratings per milestone and the status board.

use crate::helpers::TestApp;
use crate::helpers::fixtures::{ADMIN, BUYER, button, etb, fragment, paid, terms, text_of};
use crate::helpers::{fetch_all, on_both_databases};
use chrono::Duration;
use dereja::clock::Clock;
use dereja::i18n::{Text, format_time};
use dereja::services::ServiceError;
use dereja_domain::{
    Actor, Command, Currency, Delivery, DomainError, Language, Note, OrderId, Stars, TimeZone,
    UserId,
};
use dereja_fakebot::SimUser;

on_both_databases!(
    clearing_follows_the_payout_method,
    withdrawals_are_paid_or_rejected_by_an_admin,
    racing_withdrawals_never_exceed_the_balance,
    a_confirmed_withdrawal_ends_its_conversation_in_its_own_transaction,
    a_payout_account_and_review_words_end_their_step_in_their_own_transaction,
    a_submitted_delivery_ends_its_step_in_its_own_transaction,
    a_withdrawal_decision_ends_its_step_in_its_own_transaction,
    a_payment_reference_is_used_once,
    a_reference_the_database_failed_to_take_is_read_again,
    a_reference_sent_while_the_conversation_cannot_be_read_is_read_again,
    a_buyer_rates_each_approved_milestone,
    the_board_groups_a_buyer_and_sellers_milestones,
    no_work_before_funding,
);

const TELEBIRR_SELLER: i64 = 202;
const BANK_SELLER: i64 = 203;

/// An order with `seller` for `minor`, approved by the buyer now.
async fn approved(live: &TestApp, seller: i64, minor: i64) -> OrderId {
    let order = live.open_order(BUYER, vec![terms(7, minor, 0)]).await;
    live.join(seller, order).await;
    live.by(seller, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    let delivery = Delivery::new(Some("https://example.com/logo.zip"), vec![]).unwrap();
    live.by(seller, order, Command::Deliver { seq: 1, delivery })
        .await;
    live.by(BUYER, order, Command::Approve { seq: 1 }).await;
    order
}

/// A seller paid by TeleBirr with `minor` cleared and available from an approved order, and the admin: the app,
/// the seller and the admin.
async fn earned(database_url: &str, minor: i64) -> (TestApp, SimUser, SimUser) {
    let live = TestApp::spawn(database_url, &[]).await;
    live.person(BUYER, "Almaz", "am").await;
    let seller = live.person(TELEBIRR_SELLER, "John", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    live.choose_payout(&seller, "telebirr", "0911 234 567 John")
        .await;
    approved(&live, TELEBIRR_SELLER, minor).await;
    live.settle().await;
    (live, seller, admin)
}

/// (available, pending, withdrawing, paid out) in minor units.
async fn money_of(live: &TestApp, user: i64) -> (i64, i64, i64, i64) {
    let balances = live.app.payouts.balances(UserId(user)).await.unwrap();
    let Some(b) = balances.into_iter().find(|b| b.currency == Currency::ETB) else {
        return (0, 0, 0, 0);
    };
    let pending: i64 = b.pending.iter().map(|(m, _)| m.to_minor()).sum();
    (
        b.available.to_minor(),
        pending,
        b.withdrawing.to_minor(),
        b.paid_out.to_minor(),
    )
}

async fn clearing_follows_the_payout_method(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    live.person(BUYER, "Almaz", "am").await;
    let fast = live.person(TELEBIRR_SELLER, "John", "en").await;
    let slow = live.person(BANK_SELLER, "Sara", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    live.choose_payout(&fast, "telebirr", "0911 234 567 John")
        .await;
    live.choose_payout(&slow, "bank", "CBE 1000123456 Sara")
        .await;

    let start = live.clock().now();
    approved(&live, TELEBIRR_SELLER, 150_000).await;
    approved(&live, BANK_SELLER, 150_000).await;
    live.settle().await;
    // TeleBirr clears at once; the bank seller waits fourteen days.
    assert_eq!(money_of(&live, TELEBIRR_SELLER).await, (150_000, 0, 0, 0));
    let cleared = fragment(&Text::new("notice-cleared"), Language::EN);
    assert!(
        live.new_messages(TELEBIRR_SELLER)
            .iter()
            .any(|c| text_of(c).contains(&cleared)),
        "the TeleBirr seller is told at once"
    );
    assert_eq!(money_of(&live, BANK_SELLER).await, (0, 150_000, 0, 0));
    slow.send_text("/balance");
    live.settle().await;
    let balance = live
        .new_messages(BANK_SELLER)
        .into_iter()
        .last()
        .expect("a balance");
    let clears = format_time(
        start + Duration::days(14),
        Language::EN,
        TimeZone::ADDIS_ABABA,
    );
    assert!(text_of(&balance).contains(&clears), "{}", text_of(&balance));

    live.at(start + Duration::days(14) - Duration::minutes(1))
        .await;
    assert_eq!(money_of(&live, BANK_SELLER).await, (0, 150_000, 0, 0));
    live.at(start + Duration::days(14)).await;
    assert_eq!(money_of(&live, BANK_SELLER).await, (150_000, 0, 0, 0));
    live.expect_only(BANK_SELLER, &["notice-cleared"], Language::EN);
    live.stop().await;
}

async fn withdrawals_are_paid_or_rejected_by_an_admin(database_url: String) {
    let (live, seller, admin) = earned(&database_url, 150_000).await;
    for chat in [TELEBIRR_SELLER, ADMIN, BUYER] {
        live.new_messages(chat);
    }
    let en = Language::EN;

    // More than available is refused; 1,000.00 is requested.
    seller.send_text("/withdraw");
    live.settle().await;
    live.expect_only(TELEBIRR_SELLER, &["prompt-withdraw-amount"], en);
    seller.send_text("2000");
    live.settle().await;
    live.expect_only(TELEBIRR_SELLER, &["error-insufficient-balance"], en);
    seller.send_text("1,000");
    live.settle().await;
    let confirm = live
        .expect_only(TELEBIRR_SELLER, &["confirm-withdrawal"], en)
        .remove(0);
    assert!(
        text_of(&confirm).contains("0911 234 567 John"),
        "the destination is shown"
    );
    seller.press(&button(&confirm, "button-confirm", en), 1);
    live.settle().await;
    live.expect_only(TELEBIRR_SELLER, &["done-withdrawal-requested"], en);
    assert_eq!(
        money_of(&live, TELEBIRR_SELLER).await,
        (50_000, 0, 100_000, 0)
    );
    let request = live
        .expect_only(ADMIN, &["admin-withdrawal-requested"], en)
        .remove(0);
    assert!(text_of(&request).contains("0911 234 567 John"));

    // Someone else pressing "Paid" changes nothing; the admin pays with a reference.
    let buyer = live.fake.user(BUYER, "Almaz", Some("am"));
    let paid = button(&request, "button-withdrawal-paid", en);
    let refusal = Text::new("error-not-allowed").arg("who", "admin");
    live.press_alert(&buyer, &paid, &refusal, Language::AM)
        .await;
    assert_eq!(
        money_of(&live, TELEBIRR_SELLER).await,
        (50_000, 0, 100_000, 0)
    );
    admin.press(&button(&request, "button-withdrawal-paid", en), 1);
    live.settle().await;
    live.expect_only(ADMIN, &["prompt-withdrawal-reference"], en);
    admin.send_text("FT26112512345");
    live.settle().await;
    live.expect_only(ADMIN, &["done-payment-decided"], en);
    let paid = live.expect_only(TELEBIRR_SELLER, &["notice-withdrawal-paid"], en);
    assert!(text_of(&paid[0]).contains("FT26112512345"));
    assert_eq!(
        money_of(&live, TELEBIRR_SELLER).await,
        (50_000, 0, 0, 100_000)
    );
    // A second decision on the same request is refused.
    admin.press(&button(&request, "button-withdrawal-reject", en), 1);
    live.settle().await;
    live.expect_only(ADMIN, &["prompt-withdrawal-reason"], en);
    admin.send_text("again?");
    live.settle().await;
    live.expect_only(ADMIN, &["error-already-decided"], en);

    // The rest is requested and rejected: it is available again.
    seller.send_text("/withdraw");
    live.settle().await;
    live.new_messages(TELEBIRR_SELLER);
    seller.send_text("500");
    live.settle().await;
    let confirm = live
        .expect_only(TELEBIRR_SELLER, &["confirm-withdrawal"], en)
        .remove(0);
    seller.press(&button(&confirm, "button-confirm", en), 1);
    live.settle().await;
    live.expect_only(TELEBIRR_SELLER, &["done-withdrawal-requested"], en);
    let request = live
        .expect_only(ADMIN, &["admin-withdrawal-requested"], en)
        .remove(0);
    admin.press(&button(&request, "button-withdrawal-reject", en), 1);
    live.settle().await;
    live.expect_only(ADMIN, &["prompt-withdrawal-reason"], en);
    admin.send_text("The TeleBirr number does not answer.");
    live.settle().await;
    live.expect_only(ADMIN, &["done-payment-decided"], en);
    let rejected = live.expect_only(TELEBIRR_SELLER, &["notice-withdrawal-rejected"], en);
    assert!(text_of(&rejected[0]).contains("does not answer"));
    assert_eq!(
        money_of(&live, TELEBIRR_SELLER).await,
        (50_000, 0, 0, 100_000)
    );
    let mut tx = live.app.store.begin_read().await.unwrap();
    assert_eq!(
        tx.ledger_totals().await.unwrap(),
        vec![("ETB".to_string(), 0)]
    );
    tx.commit().await.unwrap();
    live.stop().await;
}

async fn racing_withdrawals_never_exceed_the_balance(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    live.person(BUYER, "Almaz", "am").await;
    let seller = live.person(TELEBIRR_SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    live.choose_payout(&seller, "telebirr", "0911 234 567 John")
        .await;
    approved(&live, TELEBIRR_SELLER, 100_000).await;
    live.settle().await;
    let user = UserId(TELEBIRR_SELLER);
    let (a, b) = tokio::join!(
        live.app.payouts.request(user, etb(70_000)),
        live.app.payouts.request(user, etb(70_000)),
    );
    let refused = [&a, &b]
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(ServiceError::Domain(
                    DomainError::InsufficientBalance { .. }
                ))
            )
        })
        .count();
    assert_eq!((a.is_ok() as u8 + b.is_ok() as u8, refused), (1, 1));
    assert_eq!(
        money_of(&live, TELEBIRR_SELLER).await,
        (30_000, 0, 70_000, 0)
    );
    live.stop().await;
}

async fn a_payment_reference_is_used_once(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    live.person(BUYER, "Almaz", "am").await;
    live.person(TELEBIRR_SELLER, "John", "en").await;
    let mut orders = Vec::new();
    for _ in 0..2 {
        let order = live.open_order(BUYER, vec![terms(7, 100_000, 0)]).await;
        live.join(TELEBIRR_SELLER, order).await;
        live.by(TELEBIRR_SELLER, order, Command::Accept { seq: 1 })
            .await;
        orders.push(order);
    }
    let report = |reference: &str| Command::ReportPayment {
        seq: 1,
        reference: Note::new(reference).unwrap(),
    };
    let buyer = Actor::User {
        id: UserId(BUYER),
        admin: false,
    };
    live.app
        .orders
        .execute(orders[0], buyer, report("FT 2611-25123"))
        .await
        .unwrap();
    // The same transfer written differently, on another order: refused, and nothing recorded.
    let again = live
        .app
        .orders
        .execute(orders[1], buyer, report("ft261125123"))
        .await;
    assert!(
        matches!(again, Err(ServiceError::ReferenceUsed)),
        "{again:?}"
    );
    let second = live.app.orders.get(orders[1]).await.unwrap();
    assert_eq!(
        second.milestone(1).unwrap().status.kind(),
        dereja_domain::StatusKind::AwaitingFunding
    );
    live.app
        .orders
        .execute(orders[1], buyer, report("FT 2611-25999"))
        .await
        .unwrap();
    // An admin rejects the first report (the transfer was not found yet): the buyer may report it again.
    let admin = Actor::User {
        id: UserId(ADMIN),
        admin: true,
    };
    let reject = Command::RejectPayment {
        seq: 1,
        reason: Note::new("not received yet").unwrap(),
    };
    live.app
        .orders
        .execute(orders[0], admin, reject)
        .await
        .unwrap();
    live.app
        .orders
        .execute(orders[0], buyer, report("FT 2611-25123"))
        .await
        .expect("a rejected reference is free again");
    live.stop().await;
}

/// After each approval the buyer may rate the milestone and add words; once; only the buyer.
async fn a_buyer_rates_each_approved_milestone(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let buyer = live.person(BUYER, "Almaz", "am").await;
    let seller = live.person(TELEBIRR_SELLER, "John", "en").await;
    let order = approved(&live, TELEBIRR_SELLER, 100_000).await;
    live.settle().await;
    let approval = live
        .new_messages(BUYER)
        .into_iter()
        .find(|c| text_of(c).contains(&fragment(&Text::new("notice-approved-buyer"), Language::AM)))
        .expect("the approval notice");
    // The fourth of the five star buttons.
    let four = approval.params["reply_markup"]["inline_keyboard"][0][3]["callback_data"]
        .as_str()
        .expect("star buttons")
        .to_string();
    live.new_messages(TELEBIRR_SELLER);
    // The seller cannot rate on the buyer's behalf.
    let refusal = Text::new("error-not-allowed").arg("who", "buyer");
    live.press_alert(&seller, &four, &refusal, Language::EN)
        .await;
    buyer.press(&four, 1);
    live.settle().await;
    live.expect_only(BUYER, &["done-reviewed"], Language::AM);
    buyer.send_text("ጥሩ ሥራ፣ በሰዓቱ");
    live.settle().await;
    live.expect_only(BUYER, &["done-review-saved"], Language::AM);
    let again = Text::new("error-already-reviewed");
    live.press_alert(&buyer, &four, &again, Language::AM).await;
    let profile = live
        .app
        .orders
        .profile(UserId(TELEBIRR_SELLER))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.rating().as_deref(), Some("4.0"));
    let mut tx = live.app.store.begin_read().await.unwrap();
    assert!(
        tx.milestone_reviewed(order, 1, UserId(BUYER))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    live.stop().await;
}

/// `/board` for someone who buys in one order and sells in another: three columns, each milestone with its next
/// step for this person.
async fn the_board_groups_a_buyer_and_sellers_milestones(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let dual = live.person(BUYER, "Almaz", "en").await;
    live.person(TELEBIRR_SELLER, "John", "en").await;
    live.person(BANK_SELLER, "Sara", "en").await;
    // Order 1: Almaz buys, John delivered. Order 2: Sara buys, Almaz sells, work running. Order 3: done.
    let bought = live.open_order(BUYER, vec![terms(7, 100_000, 0)]).await;
    live.join(TELEBIRR_SELLER, bought).await;
    live.by(TELEBIRR_SELLER, bought, Command::Accept { seq: 1 })
        .await;
    live.by(BUYER, bought, paid()).await;
    let delivery = Delivery::new(Some("https://example.com/a.zip"), vec![]).unwrap();
    live.by(
        TELEBIRR_SELLER,
        bought,
        Command::Deliver { seq: 1, delivery },
    )
    .await;
    let sold = live
        .open_order(BANK_SELLER, vec![terms(7, 200_000, 0)])
        .await;
    live.join(BUYER, sold).await;
    live.by(BUYER, sold, Command::Accept { seq: 1 }).await;
    live.by(BANK_SELLER, sold, paid()).await;
    approved(&live, TELEBIRR_SELLER, 300_000).await;
    live.new_messages(BUYER);

    dual.send_text("/board");
    // Three messages in a row to one chat may meet Telegram's flood limit: wait for the last.
    let completed = Text::new("board-column")
        .arg("column", "completed")
        .arg("items", "")
        .render(Language::EN);
    live.fake
        .wait_for("sendMessage", std::time::Duration::from_secs(30), |p| {
            p["chat_id"] == BUYER
                && p["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(completed.trim()))
        })
        .await;
    let column = |c: &str| Text::new("board-column").arg("column", c);
    let board = live.expect_texts(
        BUYER,
        &[
            column("in-progress"),
            column("waiting"),
            column("completed"),
        ],
        Language::EN,
    );
    let next = |step: &str| {
        Text::new("board-next")
            .arg("step", step)
            .render(Language::EN)
    };
    let line = |call: usize, order: OrderId, step: &str| {
        let text = text_of(&board[call]);
        let found = text
            .lines()
            .any(|l| l.contains(&format!("#{}/1", order.0)) && l.ends_with(&next(step)));
        assert!(found, "order {} should say {step:?} in {text}", order.0);
    };
    line(0, sold, "deliver");
    line(1, bought, "review");
    line(2, OrderId(3), "nothing");
    assert!(!text_of(&board[0]).contains(&format!("#{}/", bought.0)));
    live.stop().await;
}

/// Delivering before the milestone is funded is refused with the reason; "you can start now" comes exactly when
/// the funding lands.
async fn no_work_before_funding(database_url: String) {
    let (live, _, seller, order) = accepted(&database_url).await;
    live.new_messages(TELEBIRR_SELLER);
    // The seller forges a "deliver" press (there is no such button yet).
    let deliver = dereja::messages::callback::Callback::StartDelivery(order, 1).to_string();
    let not_yet = Text::new("error-not-started").arg("seq", 1);
    live.press_alert(&seller, &deliver, &not_yet, Language::EN)
        .await;
    live.by(BUYER, order, paid()).await;
    live.expect_only(TELEBIRR_SELLER, &["notice-start-now"], Language::EN);
    seller.press(&deliver, 1);
    live.settle().await;
    live.expect_only(TELEBIRR_SELLER, &["prompt-delivery"], Language::EN);
    live.stop().await;
}

/// The buyer's payment reference meets a database failure: the step is not lost. The update is handled again once
/// the database takes writes, and the reference is read as the reference it is (the step ends after its command,
/// never before).
async fn a_reference_the_database_failed_to_take_is_read_again(database_url: String) {
    let (live, buyer, order) = asked_for_a_reference(&database_url).await;
    let heal = fail_writes(&live, "INSERT", "payment_references").await;
    buyer.send_text("FT-2026-REF-9");
    until_an_attempt_failed(&live).await;
    execute(&live, &heal).await;
    live.expect(BUYER, "done-sent", Language::AM).await;
    let status = live.app.orders.get(order).await.unwrap().milestones[0]
        .status
        .kind();
    assert_eq!(status, dereja_domain::StatusKind::PaymentReported);
    let apology = fragment(&Text::new("error-internal"), Language::AM);
    assert!(
        !live
            .new_messages(BUYER)
            .iter()
            .any(|c| text_of(c).contains(&apology))
    );
    live.stop().await;
}

/// The conversation cannot be read when the reference arrives (the database errs): the update waits and is handled
/// once it can be read, as the reference, instead of matching nothing and being marked handled (found by the chaos
/// campaign in a database restart: teloxide's `enter_dialogue` logs such an error and drops the update). The claim
/// reads the conversation with the update now, so it is the claim that fails, and nothing is taken meanwhile.
async fn a_reference_sent_while_the_conversation_cannot_be_read_is_read_again(
    database_url: String,
) {
    let (live, buyer, order) = asked_for_a_reference(&database_url).await;
    execute(&live, "ALTER TABLE dialogues RENAME TO dialogues_away").await;
    buyer.send_text("FT-2026-REF-7");
    // The claim that would store the update and hand it out reads the buyer's conversation with it, and fails
    // until the table is back: meanwhile the reference is neither taken nor acknowledged, so Telegram keeps it.
    // (The pause only gives the poller and the failing claims time to run; what follows holds at any moment.)
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(live.fake.unacknowledged() > 0, "acknowledged unstored");
    let status = || async {
        live.app.orders.get(order).await.unwrap().milestones[0]
            .status
            .kind()
    };
    assert_ne!(status().await, dereja_domain::StatusKind::PaymentReported);
    execute(&live, "ALTER TABLE dialogues_away RENAME TO dialogues").await;
    live.expect(BUYER, "done-sent", Language::AM).await;
    assert_eq!(status().await, dereja_domain::StatusKind::PaymentReported);
    live.stop().await;
}

/// Makes every `event` (`INSERT`, `DELETE`) on `table` fail until the returned statement runs.
async fn fail_writes(live: &TestApp, event: &str, table: &str) -> String {
    let trigger = format!("fail_{}_{table}", event.to_lowercase());
    let (fail, heal) = match &live.app.store {
        dereja::store::Store::Sqlite { .. } => (
            vec![format!(
                "CREATE TRIGGER {trigger} BEFORE {event} ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )],
            format!("DROP TRIGGER {trigger}"),
        ),
        dereja::store::Store::Postgres { .. } => (
            vec![
                format!(
                    "CREATE FUNCTION {trigger}() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
                ),
                format!(
                    "CREATE TRIGGER {trigger} BEFORE {event} ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION {trigger}()"
                ),
            ],
            format!("DROP TRIGGER {trigger} ON {table}"),
        ),
    };
    for sql in fail {
        execute(live, &sql).await;
    }
    heal
}

/// An order of one milestone (1,000.00) the seller accepted: the app, the buyer, the seller and the order.
async fn accepted(database_url: &str) -> (TestApp, SimUser, SimUser, OrderId) {
    let live = TestApp::spawn(database_url, &[]).await;
    let buyer = live.person(BUYER, "Almaz", "am").await;
    let seller = live.person(TELEBIRR_SELLER, "John", "en").await;
    let order = live.open_order(BUYER, vec![terms(7, 100_000, 0)]).await;
    live.join(TELEBIRR_SELLER, order).await;
    live.by(TELEBIRR_SELLER, order, Command::Accept { seq: 1 })
        .await;
    (live, buyer, seller, order)
}

/// A buyer asked for the reference of their transfer for an accepted milestone.
async fn asked_for_a_reference(database_url: &str) -> (TestApp, SimUser, OrderId) {
    let (live, buyer, _, order) = accepted(database_url).await;
    let transfer = dereja::messages::Callback::PayByTransfer(order, 1).to_string();
    live.press(&buyer, &transfer, "prompt-payment-reference", Language::AM)
        .await;
    (live, buyer, order)
}

/// Waits until the inbox recorded a failed attempt.
async fn until_an_attempt_failed(live: &TestApp) {
    let landed = failed_or_landed(live, || async { false }).await;
    assert!(!landed);
}

/// Waits until the inbox recorded a failed attempt or `landed` holds; says whether it landed.
async fn failed_or_landed<F: Future<Output = bool>>(
    live: &TestApp,
    landed: impl Fn() -> F,
) -> bool {
    let failed = "SELECT COUNT(*) FROM inbox WHERE last_error IS NOT NULL";
    let deadline = tokio::time::Instant::now() + crate::helpers::WAIT;
    loop {
        if landed().await {
            return true;
        }
        if fetch_all!(&live.app.store, failed).map_or(0, |r: Vec<(i64,)>| r[0].0) > 0 {
            return false;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the failure never came"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn execute(live: &TestApp, sql: &str) {
    match &live.app.store {
        dereja::store::Store::Sqlite { pool, .. } => {
            sqlx::query(sql).execute(pool).await.map(|_| ())
        }
        dereja::store::Store::Postgres { pool, .. } => {
            sqlx::query(sql).execute(pool).await.map(|_| ())
        }
    }
    .expect("the test's SQL runs");
}

/// The seller's Confirm: the request and the end of the "withdraw" conversation commit together, so a kill between
/// them can neither lose the request (found by the 2,000-lifecycle chaos run: the conversation was ended first, the
/// request never made) nor leave a live Confirm that would ask again. A refused request leaves the conversation.
async fn a_confirmed_withdrawal_ends_its_conversation_in_its_own_transaction(database_url: String) {
    use dereja::services::inbox::Inbox;
    let live = TestApp::spawn(&database_url, &[]).await;
    live.person(BUYER, "Almaz", "am").await;
    let seller = live.person(TELEBIRR_SELLER, "John", "en").await;
    live.choose_payout(&seller, "telebirr", "0911 234 567 John")
        .await;
    approved(&live, TELEBIRR_SELLER, 100_000).await;
    live.settle().await;
    let (user, chat) = (UserId(TELEBIRR_SELLER), TELEBIRR_SELLER);
    let confirming = serde_json::json!({ "step": "withdraw_confirm" });
    let mut tx = live.app.store.begin().await.unwrap();
    tx.set_dialogue(chat, &confirming, chrono::Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let conversation = || async {
        let mut tx = live.app.store.begin().await.unwrap();
        let state = tx.dialogue(chat).await.unwrap();
        tx.commit().await.unwrap();
        state
    };
    let too_much = Inbox::ending_dialogue(chat, live.app.payouts.request(user, etb(500_000))).await;
    assert!(too_much.is_err());
    assert_eq!(conversation().await, Some(confirming));
    let asked = Inbox::ending_dialogue(chat, live.app.payouts.request(user, etb(70_000))).await;
    assert!(asked.is_ok());
    assert_eq!(conversation().await, None);
    assert_eq!(money_of(&live, TELEBIRR_SELLER).await.2, 70_000);
    live.stop().await;
}

/// A payout account and the words after a rating each commit with the end of their step: a kill between the two
/// would leave the step live, and the person's next message would become where they are paid, or their review.
async fn a_payout_account_and_review_words_end_their_step_in_their_own_transaction(
    database_url: String,
) {
    use dereja::services::inbox::Inbox;
    let live = TestApp::spawn(&database_url, &[]).await;
    live.person(BUYER, "Almaz", "am").await;
    live.person(TELEBIRR_SELLER, "John", "en").await;
    let order = approved(&live, TELEBIRR_SELLER, 100_000).await;
    live.app
        .orders
        .review(order, Some(1), UserId(BUYER), Stars::new(5).unwrap())
        .await
        .unwrap();
    let asking = serde_json::json!({ "step": "payout_account", "method": "telebirr" });
    set_step(&live, TELEBIRR_SELLER, &asking).await;
    let account = Note::new("0911 234 567 John").unwrap();
    let setting = live
        .app
        .payouts
        .set_method(UserId(TELEBIRR_SELLER), "telebirr", &account);
    Inbox::ending_dialogue(TELEBIRR_SELLER, setting)
        .await
        .unwrap();
    assert_eq!(step_of(&live, TELEBIRR_SELLER).await, None);
    let kept = live
        .app
        .payouts
        .method_of(UserId(TELEBIRR_SELLER))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.account, "0911 234 567 John");

    let asking = serde_json::json!({ "step": "review_text", "order": order.0, "seq": 1 });
    set_step(&live, BUYER, &asking).await;
    let words = Note::new("Clean work, on time").unwrap();
    let saving = live
        .app
        .orders
        .review_text(order, Some(1), UserId(BUYER), &words);
    assert!(Inbox::ending_dialogue(BUYER, saving).await.unwrap());
    assert_eq!(step_of(&live, BUYER).await, None);
    live.stop().await;
}

/// "Submit for review" and the end of the delivery step commit together: when the step cannot end (its row
/// refuses to go), nothing of the delivery is stored either, and the press is handled again once it can. Ending it
/// after, in a transaction of its own, a kill in between would leave the step collecting, and the seller's next
/// message would join a delivery already submitted.
async fn a_submitted_delivery_ends_its_step_in_its_own_transaction(database_url: String) {
    let (live, _, seller, order) = accepted(&database_url).await;
    live.by(BUYER, order, paid()).await;
    let deliver = dereja::messages::Callback::StartDelivery(order, 1).to_string();
    live.press(&seller, &deliver, "prompt-delivery", Language::EN)
        .await;
    live.say(
        &seller,
        "https://example.com/logo.zip",
        "delivery-added",
        Language::EN,
    )
    .await;
    let status = || async {
        live.app.orders.get(order).await.unwrap().milestones[0]
            .status
            .kind()
    };
    let before = status().await;
    let heal = fail_writes(&live, "DELETE", "dialogues").await;
    seller.press(
        &dereja::messages::Callback::SubmitDelivery(order, 1).to_string(),
        1,
    );
    let delivered = failed_or_landed(&live, || async { status().await != before }).await;
    assert!(!delivered, "delivered while its step could not end");
    assert!(step_of(&live, TELEBIRR_SELLER).await.is_some());
    execute(&live, &heal).await;
    live.expect(BUYER, "notice-delivered", Language::AM).await;
    assert_eq!(status().await, dereja_domain::StatusKind::Delivered);
    assert_eq!(step_of(&live, TELEBIRR_SELLER).await, None);
    live.stop().await;
}

/// An admin's transfer reference and the end of its step commit together, as a delivery's do: a decision stored
/// with its step still live would take the admin's next message as the note of a request already decided.
async fn a_withdrawal_decision_ends_its_step_in_its_own_transaction(database_url: String) {
    let (live, _, admin) = earned(&database_url, 100_000).await;
    let asked = live
        .app
        .payouts
        .request(UserId(TELEBIRR_SELLER), etb(70_000))
        .await
        .unwrap();
    let paid = dereja::messages::Callback::PayWithdrawal(asked.id).to_string();
    live.press(&admin, &paid, "prompt-withdrawal-reference", Language::EN)
        .await;
    let heal = fail_writes(&live, "DELETE", "dialogues").await;
    admin.send_text("FT26112512345");
    let paid_out = || async { money_of(&live, TELEBIRR_SELLER).await.3 > 0 };
    let decided = failed_or_landed(&live, paid_out).await;
    assert!(!decided, "paid out while the step could not end");
    assert!(step_of(&live, ADMIN).await.is_some());
    execute(&live, &heal).await;
    live.expect(ADMIN, "done-payment-decided", Language::EN)
        .await;
    assert_eq!(
        money_of(&live, TELEBIRR_SELLER).await,
        (30_000, 0, 0, 70_000)
    );
    assert_eq!(step_of(&live, ADMIN).await, None);
    live.stop().await;
}

async fn set_step(live: &TestApp, chat: i64, state: &serde_json::Value) {
    let mut tx = live.app.store.begin().await.unwrap();
    tx.set_dialogue(chat, state, chrono::Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// The conversation step `chat` is in, as stored.
async fn step_of(live: &TestApp, chat: i64) -> Option<serde_json::Value> {
    let mut tx = live.app.store.begin().await.unwrap();
    let state = tx.dialogue(chat).await.unwrap();
    tx.commit().await.unwrap();
    state
}
