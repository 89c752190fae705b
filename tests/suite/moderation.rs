//! The global admins' moderation commands end to end: `/find`, `/freeze` and `/unfreeze`, `/ban` and `/unban`,
//! `/maintenance`; refused to everyone else; their effect on running orders; each in the admin log.

use crate::helpers::fixtures::{
    ADMIN, BUYER, SELLER, STRANGER, day, delivery, paid, terms, text_of,
};
use crate::helpers::{TestApp, fetch_all, on_both_databases};
use dereja::i18n::Text;
use dereja::messages::Callback;
use dereja_domain::{Command, Language, OrderId, StatusKind};
use dereja_fakebot::SimUser;

on_both_databases!(
    only_global_admins_moderate,
    a_frozen_order_moves_nothing_until_it_is_unfrozen,
    a_suspended_person_starts_no_new_work,
    maintenance_pauses_new_work_and_running_orders_go_on,
);

const EN: Language = Language::EN;

/// A one-milestone order between the buyer and the seller, delivered and waiting for the buyer's review.
async fn delivered_order(live: &TestApp) -> OrderId {
    let order = live.open_order(BUYER, vec![terms(7, 150_000, 1)]).await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    let deliver = Command::Deliver {
        seq: 1,
        delivery: delivery(),
    };
    live.by(SELLER, order, deliver).await;
    for chat in [BUYER, SELLER, ADMIN] {
        live.new_messages(chat);
    }
    order
}

/// `person` presses Join on the order's invitation and is refused with `refusal`; the order stays without them.
async fn join_refused(live: &TestApp, person: &SimUser, order: OrderId, refusal: &Text) {
    let invitation = live.invitation(order).await;
    let join = Callback::Join(invitation).to_string();
    live.press_alert(person, &join, refusal, EN).await;
    assert_eq!(live.app.orders.get(order).await.unwrap().seller, None);
}

/// The order's history.
async fn events(live: &TestApp, order: OrderId) -> Vec<dereja_domain::Event> {
    let mut tx = live.app.store.begin().await.unwrap();
    let events = tx.order_events(order).await.unwrap();
    tx.commit().await.unwrap();
    events
}

/// Rows of the admin log: (admin, action, subject, detail).
async fn admin_log(live: &TestApp) -> Vec<(i64, String, String, Option<String>)> {
    fetch_all!(
        &live.app.store,
        "SELECT admin_id, action, subject, detail FROM admin_log ORDER BY id"
    )
    .unwrap()
}

async fn only_global_admins_moderate(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let buyer = live.person(BUYER, "Selam", "en").await;
    let order = live.open_order(BUYER, vec![terms(7, 150_000, 1)]).await;
    let refusal = Text::new("error-not-allowed").arg("who", "admin");
    for command in [
        format!("/find {}", order.0),
        format!("/freeze {} looks odd", order.0),
        format!("/unfreeze {}", order.0),
        "/ban 202 spam".to_string(),
        "/unban 202".to_string(),
        "/maintenance on back soon".to_string(),
    ] {
        live.say_refused(&buyer, &command, refusal.clone(), EN)
            .await;
    }
    assert!(admin_log(&live).await.is_empty());
    assert!(live.app.orders.get(order).await.unwrap().frozen.is_none());
    live.stop().await;
}

async fn a_frozen_order_moves_nothing_until_it_is_unfrozen(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let buyer = live.person(BUYER, "Selam", "en").await;
    live.person(SELLER, "Dawit", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    let order = delivered_order(&live).await;

    live.say(&admin, &format!("/freeze {}", order.0), "usage-freeze", EN)
        .await;
    let freeze = format!("/freeze {} reported as a fraud", order.0);
    live.say(&admin, &freeze, "done-frozen", EN).await;
    for party in [BUYER, SELLER] {
        let told = live.expect(party, "notice-order-frozen", EN).await;
        assert!(text_of(&told).contains("reported as a fraud"));
    }
    // The buyer's approval is refused, the automatic approval does not come, and the order says why.
    let approve = Callback::Approve(order, 1).to_string();
    live.press_alert(&buyer, &approve, &Text::new("error-frozen"), EN)
        .await;
    live.at(day(30)).await;
    let frozen = live.app.orders.get(order).await.unwrap();
    assert_eq!(frozen.milestones[0].status.kind(), StatusKind::Delivered);
    let view = live
        .say(&buyer, &format!("/order {}", order.0), "order-frozen", EN)
        .await;
    let labels = crate::helpers::fixtures::labels(&view);
    assert!(!labels.iter().any(|l| l.contains("Approve")), "{labels:?}");
    live.say(&admin, &freeze, "error-frozen", EN).await;

    live.say(
        &admin,
        &format!("/unfreeze {}", order.0),
        "done-unfrozen",
        EN,
    )
    .await;
    live.expect(BUYER, "notice-order-unfrozen", EN).await;
    live.say(
        &admin,
        &format!("/unfreeze {}", order.0),
        "error-not-frozen",
        EN,
    )
    .await;
    // Its timers start again: the automatic approval, overdue meanwhile, comes now.
    live.at(day(30) + chrono::Duration::minutes(1)).await;
    let thawed = live.app.orders.get(order).await.unwrap();
    assert_eq!(thawed.milestones[0].status.kind(), StatusKind::Approved);

    let log = admin_log(&live).await;
    let subject = format!("order {}", order.0);
    assert_eq!(
        log,
        vec![
            (
                ADMIN,
                "freeze".into(),
                subject.clone(),
                Some("reported as a fraud".into())
            ),
            (ADMIN, "unfreeze".into(), subject, None),
        ]
    );
    let by_admin: Vec<_> = events(&live, order)
        .await
        .iter()
        .filter(|e| matches!(e.kind.name(), "frozen" | "unfrozen"))
        .map(|e| e.actor)
        .collect();
    assert_eq!(by_admin.len(), 2);
    assert!(
        by_admin
            .iter()
            .all(|a| matches!(a, dereja_domain::Actor::User { id, .. } if id.0 == ADMIN))
    );
    live.stop().await;
}

async fn a_suspended_person_starts_no_new_work(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    live.person(BUYER, "Selam", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    let seller = live
        .fake
        .user(SELLER, "Dawit", Some("en"))
        .with_username("Dawit_ET");
    live.say(&seller, "/start", "welcome", EN).await;
    let running = delivered_order(&live).await;
    let waiting = live.open_order(BUYER, vec![terms(7, 90_000, 1)]).await;

    live.say(&admin, "/ban @nobody_here spam", "error-person-unknown", EN)
        .await;
    live.say(&admin, "/ban @dawit_et", "usage-ban", EN).await;
    let banned = live
        .say(
            &admin,
            "/ban @dawit_et took payments elsewhere",
            "done-banned",
            EN,
        )
        .await;
    assert!(text_of(&banned).contains(&format!("#{}", running.0)));

    // No new order, no joining; the running order goes on.
    let reason = Text::new("error-banned").arg("reason", "took payments elsewhere");
    live.say_refused(&seller, "/neworder", reason.clone(), EN)
        .await;
    join_refused(&live, &seller, waiting, &reason).await;
    live.by(BUYER, running, Command::Approve { seq: 1 }).await;
    let history = events(&live, running).await;
    assert!(history.iter().any(|e| e.kind.name() == "party_banned"));

    let found = live.say(&admin, "/find @Dawit_ET", "find-person", EN).await;
    assert!(
        text_of(&found).contains("took payments elsewhere"),
        "{}",
        text_of(&found)
    );
    live.say(&admin, &format!("/find {SELLER}"), "find-person", EN)
        .await;
    live.say(&admin, &format!("/find {}", running.0), "find-order", EN)
        .await;

    live.say(&admin, "/unban @dawit_et", "done-unbanned", EN)
        .await;
    live.say(&admin, "/unban @dawit_et", "error-not-banned", EN)
        .await;
    live.say(&seller, "/neworder", "neworder-role", EN).await;
    let log: Vec<String> = admin_log(&live).await.into_iter().map(|r| r.1).collect();
    assert_eq!(log, ["ban", "unban"]);
    let stranger = live.person(STRANGER, "Kebede", "en").await;
    live.say(&stranger, "/neworder", "neworder-role", EN).await;
    live.stop().await;
}

async fn maintenance_pauses_new_work_and_running_orders_go_on(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let buyer = live.person(BUYER, "Selam", "en").await;
    live.person(SELLER, "Dawit", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    let stranger = live.person(STRANGER, "Kebede", "en").await;
    let running = delivered_order(&live).await;
    let waiting = live.open_order(BUYER, vec![terms(7, 90_000, 1)]).await;

    live.say(&admin, "/maintenance", "usage-maintenance", EN)
        .await;
    live.say(
        &admin,
        "/maintenance on Back at 18:00.",
        "done-maintenance-on",
        EN,
    )
    .await;
    let paused = Text::new("error-maintenance").arg("message", "Back at 18:00.");
    live.say_refused(&buyer, "/neworder", paused.clone(), EN)
        .await;
    join_refused(&live, &stranger, waiting, &paused).await;
    // Running work goes on: the buyer approves.
    live.by(BUYER, running, Command::Approve { seq: 1 }).await;

    live.say(&admin, "/maintenance off", "done-maintenance-off", EN)
        .await;
    live.say(&buyer, "/neworder", "neworder-role", EN).await;
    let log: Vec<(String, String)> = admin_log(&live)
        .await
        .into_iter()
        .map(|r| (r.1, r.2))
        .collect();
    assert_eq!(
        log,
        [
            ("maintenance".to_string(), "on".to_string()),
            ("maintenance".to_string(), "off".to_string())
        ]
    );
    live.stop().await;
}
