//! Who may move money, and that what they start finishes: admin decisions pressed in the admin chat continue in
//! the admin's private chat; nothing private is posted in a group for a party the bot cannot reach.

use crate::helpers::fixtures::{
    ADMIN, BUYER, SELLER, button, delivery, fragment, paid, terms, text_of,
};
use crate::helpers::{TestApp, on_both_databases};
use dereja::i18n::Text;
use dereja::messages::{Callback, Verdict};
use dereja_domain::{
    Command, InviteToken, Language, Money, Note, OrderId, Origin, StatusKind, UserId,
};

on_both_databases!(
    a_forged_join_is_refused,
    a_groups_admins_decide_only_in_a_registered_community,
    decisions_pressed_in_the_admin_chat_finish,
    an_unreachable_party_gets_only_a_pointer_in_the_group,
    every_refund_is_paid_by_an_admin,
    a_payment_after_a_cancellation_is_owed_back,
    requested_changes_are_revised_and_answered_again,
    the_statistics_are_for_global_admins,
    a_refusal_reaches_a_group_member_who_never_started_the_bot,
);

const ADMIN_CHAT: i64 = -100_777;
const GROUP: i64 = -100_600;
/// The owner of a fresh group: a Telegram admin there, not one of the bot's admins.
const GROUP_OWNER: i64 = 700;

/// An order started at `origin` whose one milestone the seller accepted.
async fn accepted_in(live: &TestApp, origin: Origin, minor: i64) -> OrderId {
    let order = live
        .open_order_in(BUYER, vec![terms(7, minor, 1)], origin)
        .await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    order
}

/// As [`accepted_in`], then funded through Telegram and delivered.
async fn delivered_in(live: &TestApp, origin: Origin, minor: i64) -> OrderId {
    let order = accepted_in(live, origin, minor).await;
    live.by(BUYER, order, paid()).await;
    let deliver = Command::Deliver {
        seq: 1,
        delivery: delivery(),
    };
    live.by(SELLER, order, deliver).await;
    order
}

/// A funded, delivered milestone in a private order.
async fn delivered(live: &TestApp, minor: i64) -> OrderId {
    delivered_in(live, Origin::Private, minor).await
}

/// A group order funded by transfer, reported by the buyer and waiting for an admin's confirmation.
async fn reported_in_group(live: &TestApp, reference: &str) -> OrderId {
    let order = accepted_in(live, Origin::Group { chat_id: GROUP }, 100_000).await;
    let report = Command::ReportPayment {
        seq: 1,
        reference: Note::new(reference).unwrap(),
    };
    live.by(BUYER, order, report).await;
    order
}

/// A group order funded, delivered and disputed by the buyer.
async fn disputed_in_group(live: &TestApp) -> OrderId {
    let order = delivered_in(live, Origin::Group { chat_id: GROUP }, 100_000).await;
    dispute_by_buyer(live, order).await;
    order
}

fn status(order: &dereja_domain::Order) -> StatusKind {
    order.milestone(1).unwrap().status.kind()
}

/// `/stats` gives a global admin the money held and the work waiting across every order; anyone else, a party
/// to those orders included, is refused.
async fn the_statistics_are_for_global_admins(database_url: String) {
    let live = TestApp::spawn_without_limits(&database_url, &[]).await;
    let en = Language::EN;
    live.person(BUYER, "Almaz", "en").await;
    let seller = live.person(SELLER, "John", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    // One order funded (its money held), one waiting for an admin to confirm a transfer.
    let funded = accepted_in(&live, Origin::Private, 150_000).await;
    live.by(BUYER, funded, paid()).await;
    let reported = accepted_in(&live, Origin::Private, 90_000).await;
    let report = Command::ReportPayment {
        seq: 1,
        reference: Note::new("CBE FT-9").unwrap(),
    };
    live.by(BUYER, reported, report).await;
    live.settle().await;

    let stats = live.say(&admin, "/stats", "stats", en).await;
    let text = text_of(&stats);
    for expected in [
        "• ETB 1,500.00",
        "Transfers to confirm: 1",
        "Open disputes: 0",
        "People active this week: 3",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let refusal = Text::new("error-not-allowed").arg("who", "admin");
    live.say_refused(&seller, "/stats", refusal, en).await;
    // The admin's own menu offers it; nobody else's does.
    let menus = live.fake.calls_to("setMyCommands");
    let offers_stats = |c: &&dereja_fakebot::Call| {
        c.params["commands"]
            .as_array()
            .is_some_and(|m| m.iter().any(|c| c["command"] == "stats"))
    };
    let with_stats: Vec<_> = menus.iter().filter(offers_stats).collect();
    assert_eq!(with_stats.len(), 1, "{menus:#?}");
    assert_eq!(with_stats[0].params["scope"]["chat_id"], ADMIN);
    live.stop().await;
}

/// The three-account attack: a buyer, a seller and the owner of a fresh group are one person. The group's owner
/// may not confirm a transfer that never happened until a global admin registers the group as a community, and
/// not after it is switched off; the group is never asked to confirm unless it is one.
async fn a_groups_admins_decide_only_in_a_registered_community(database_url: String) {
    let live = TestApp::spawn_without_limits(&database_url, &[]).await;
    live.fake.group(GROUP, &[GROUP_OWNER]);
    let en = Language::EN;
    live.person(BUYER, "Almaz", "en").await;
    live.person(SELLER, "John", "en").await;
    let owner = live.person(GROUP_OWNER, "Owner", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    let not_admin = Text::new("error-not-allowed").arg("who", "admin");

    let first = reported_in_group(&live, "FT-1").await;
    live.expect(ADMIN, "notice-payment-reported", en).await;
    let asked_group = live
        .new_messages(GROUP)
        .iter()
        .any(|c| c.params.get("reply_markup").is_some());
    assert!(
        !asked_group,
        "an unregistered group is not asked to confirm"
    );
    let confirm = |order: OrderId| Callback::ConfirmPayment(order, 1).to_string();
    let press = owner.press_in_group(GROUP, &confirm(first), 1);
    live.expect_alert(press, &not_admin, en).await;
    assert_eq!(
        status(&live.app.orders.get(first).await.unwrap()),
        StatusKind::PaymentReported
    );
    // Nor may the group's owner decide a dispute of an order started there.
    let disputed = disputed_in_group(&live).await;
    let release = Callback::Resolve(disputed, 1, Verdict::Release).to_string();
    let press = owner.press_in_group(GROUP, &release, 5);
    live.expect_alert(press, &not_admin, en).await;
    assert_eq!(
        status(&live.app.orders.get(disputed).await.unwrap()),
        StatusKind::Disputed
    );

    // Only a global admin registers the group.
    owner.send_in_group(GROUP, "/community on", None);
    live.expect_text(GROUP, &not_admin, en).await;
    admin.send_in_group(GROUP, "/community on", None);
    live.expect(GROUP, "community-on", en).await;
    owner.press_in_group(GROUP, &confirm(first), 2);
    live.expect(GROUP_OWNER, "done-payment-decided", en).await;
    assert_ne!(
        status(&live.app.orders.get(first).await.unwrap()),
        StatusKind::PaymentReported
    );
    owner.press_in_group(GROUP, &release, 6);
    let ask_note = live.expect(GROUP_OWNER, "prompt-resolution-note", en).await;
    owner.press(&button(&ask_note, "button-skip", en), 7);
    live.expect(GROUP_OWNER, "done-dispute-resolved", en).await;
    assert_eq!(
        status(&live.app.orders.get(disputed).await.unwrap()),
        StatusKind::Approved
    );

    // Switched off: the group's owner is just a person again.
    admin.send_in_group(GROUP, "/community off", None);
    live.expect(GROUP, "community-off", en).await;
    let second = reported_in_group(&live, "FT-2").await;
    let press = owner.press_in_group(GROUP, &confirm(second), 3);
    live.expect_alert(press, &not_admin, en).await;
    assert_eq!(
        status(&live.app.orders.get(second).await.unwrap()),
        StatusKind::PaymentReported
    );

    // An unregistered group is told once who decides for it.
    assert!(live.app.communities.tell_once(GROUP).await.unwrap());
    assert!(!live.app.communities.tell_once(GROUP).await.unwrap());
    live.stop().await;
}

/// Joining takes the invitation's token: a press forged with a guessed order number or a made-up token joins
/// nobody; the link the buyer passed on does.
async fn a_forged_join_is_refused(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let en = Language::EN;
    live.person(BUYER, "Almaz", "en").await;
    let seller = live.person(SELLER, "John", "en").await;
    let order = live.open_order(BUYER, vec![terms(7, 100_000, 1)]).await;

    seller.press(&format!("1:join:{}", order.0), 1);
    live.settle().await;
    let stale = Text::new("button-stale").render(en);
    assert!(
        live.fake
            .calls_to("answerCallbackQuery")
            .iter()
            .any(|c| c.params["text"] == stale.as_str()),
        "an order number where the token belongs is stale data"
    );
    let made_up = Callback::Join(InviteToken::from_bits(42)).to_string();
    let unknown = Text::new("error-invitation-unknown");
    live.press_alert(&seller, &made_up, &unknown, en).await;
    assert_eq!(live.app.orders.get(order).await.unwrap().seller, None);

    let token = live.invitation(order).await;
    seller.send_text(&format!("/start inv_{token}"));
    let invitation = live.expect(SELLER, "invitation", en).await;
    live.press(
        &seller,
        &button(&invitation, "button-join", en),
        "joined",
        en,
    )
    .await;
    let joined = live.app.orders.get(order).await.unwrap();
    assert_eq!(joined.seller, Some(UserId(SELLER)));
    live.stop().await;
}

/// A dispute's Release and Ask, and a withdrawal's Paid, pressed on the messages in the admin chat: each asks the
/// admin privately for its text and then takes effect.
async fn decisions_pressed_in_the_admin_chat_finish(database_url: String) {
    let chat = ADMIN_CHAT.to_string();
    let live = TestApp::spawn_without_limits(&database_url, &[("DEREJA_ADMIN_CHAT", &chat)]).await;
    live.fake.group(ADMIN_CHAT, &[ADMIN]);
    let en = Language::EN;
    live.person(BUYER, "Almaz", "en").await;
    live.person(SELLER, "John", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;

    // A dispute on a delivered milestone: its dossier reaches the admin chat.
    let order = delivered(&live, 100_000).await;
    dispute_by_buyer(&live, order).await;
    let dossier = live.expect(ADMIN_CHAT, "dispute-dossier", en).await;

    // Ask the seller, from the admin chat: the question is typed in private and reaches the seller.
    admin.press_in_group(ADMIN_CHAT, &button(&dossier, "button-ask-seller", en), 1);
    live.expect(ADMIN, "prompt-admin-question", en).await;
    admin.send_text("Please send the source files.");
    live.expect(SELLER, "notice-admin-question", en).await;

    // Release, from the admin chat: the optional note is skipped in private, and the money is released.
    admin.press_in_group(ADMIN_CHAT, &button(&dossier, "button-release", en), 2);
    let ask_note = live.expect(ADMIN, "prompt-resolution-note", en).await;
    admin.press(&button(&ask_note, "button-skip", en), 3);
    live.expect(ADMIN, "done-dispute-resolved", en).await;
    let stored = live.app.orders.get(order).await.unwrap();
    assert_eq!(
        stored.milestone(1).unwrap().status.kind(),
        StatusKind::Approved
    );

    // Refund and Split, from the admin chat, on two more disputes: the share is typed in private.
    let refunded = delivered(&live, 30_000).await;
    dispute_by_buyer(&live, refunded).await;
    let dossier = live.expect(ADMIN_CHAT, "dispute-dossier", en).await;
    admin.press_in_group(ADMIN_CHAT, &button(&dossier, "button-refund", en), 8);
    let ask_note = live.expect(ADMIN, "prompt-resolution-note", en).await;
    admin.press(&button(&ask_note, "button-skip", en), 9);
    live.expect(ADMIN, "done-dispute-resolved", en).await;
    let split = delivered(&live, 50_000).await;
    dispute_by_buyer(&live, split).await;
    let dossier = live.expect(ADMIN_CHAT, "dispute-dossier", en).await;
    admin.press_in_group(ADMIN_CHAT, &button(&dossier, "button-split", en), 10);
    live.expect(ADMIN, "prompt-split-share", en).await;
    admin.send_text("60%");
    let ask_note = live.expect(ADMIN, "prompt-resolution-note", en).await;
    admin.press(&button(&ask_note, "button-skip", en), 11);
    live.expect(ADMIN, "done-dispute-resolved", en).await;
    for (order, kind) in [
        (refunded, StatusKind::Refunded),
        (split, StatusKind::Approved),
    ] {
        let stored = live.app.orders.get(order).await.unwrap();
        assert_eq!(status(&stored), kind);
    }

    // A withdrawal of the released money once cleared, paid from the admin chat with a reference typed privately.
    live.app
        .payouts
        .set_method(
            UserId(SELLER),
            "telebirr",
            &Note::new("0911 223 344").unwrap(),
        )
        .await
        .unwrap();
    live.at(crate::helpers::fixtures::day(30)).await;
    let amount = Money::from_minor(100_000, dereja_domain::Currency::ETB).unwrap();
    let requested = live.app.payouts.request(UserId(SELLER), amount).await;
    let withdrawal = requested.expect("a withdrawal of the cleared money");
    let ask = live
        .expect(ADMIN_CHAT, "admin-withdrawal-requested", en)
        .await;
    // The admin sees where the money came from and how the buyer paid it.
    let source = Text::new("withdrawal-source-telegram")
        .arg("id", order.0)
        .arg("seq", 1)
        .arg("amount", amount)
        .arg("charge", "charge")
        .render(en);
    assert!(text_of(&ask).contains(&source), "{}", text_of(&ask));
    admin.press_in_group(ADMIN_CHAT, &button(&ask, "button-withdrawal-paid", en), 4);
    live.expect(ADMIN, "prompt-withdrawal-reference", en).await;
    admin.send_text("TB-77881");
    live.expect(SELLER, "notice-withdrawal-paid", en).await;
    let balances = live.app.payouts.balances(UserId(SELLER)).await.unwrap();
    assert_eq!(balances[0].paid_out, amount, "withdrawal {withdrawal:?}");

    // Reject, from the admin chat: the reason is typed in private, and the split's 300.00 is available again.
    let rest = Money::from_minor(30_000, dereja_domain::Currency::ETB).unwrap();
    live.app
        .payouts
        .request(UserId(SELLER), rest)
        .await
        .unwrap();
    let ask = live
        .expect(ADMIN_CHAT, "admin-withdrawal-requested", en)
        .await;
    admin.press_in_group(
        ADMIN_CHAT,
        &button(&ask, "button-withdrawal-reject", en),
        12,
    );
    live.expect(ADMIN, "prompt-withdrawal-reason", en).await;
    admin.send_text("The account number is incomplete.");
    live.expect(SELLER, "notice-withdrawal-rejected", en).await;
    let balances = live.app.payouts.balances(UserId(SELLER)).await.unwrap();
    assert_eq!(balances[0].available, rest);
    live.stop().await;
}

/// The buyer disputes the delivered milestone.
async fn dispute_by_buyer(live: &TestApp, order: OrderId) {
    let reason = Note::new("Not as agreed").unwrap();
    live.by(BUYER, order, Command::OpenDispute { seq: 1, reason })
        .await;
}

/// A seller in a group order who never started the bot: the group is told to open a private chat, with a link,
/// and never sees what was meant for the seller (the delivery's text, the files, the chat).
async fn an_unreachable_party_gets_only_a_pointer_in_the_group(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    live.fake.group(GROUP, &[ADMIN]);
    live.person(BUYER, "Almaz", "en").await;
    // The seller joined through the group but never started the bot: Telegram refuses messages to them.
    live.fake.user(SELLER, "John", Some("en"));
    let seen = dereja::services::Seen {
        id: UserId(SELLER),
        name: "John",
        username: None,
        language_code: Some("en"),
    };
    live.app.users.seen(seen).await.unwrap();
    let order = live
        .open_order_in(
            BUYER,
            vec![terms(7, 100_000, 1)],
            Origin::Group { chat_id: GROUP },
        )
        .await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    let secret = "the Figma link https://figma.example/secret and the password hunter2";
    let brief = dereja_domain::Attachment {
        kind: dereja_domain::AttachmentKind::Document,
        file_id: "file-brief-1".into(),
        name: Some("brief.pdf".into()),
    };
    let chat = Command::Chat {
        note: Some(Note::new(secret).unwrap()),
        attachments: vec![brief],
    };
    live.by(BUYER, order, chat).await;
    live.settle().await;

    let group_texts: Vec<String> = live
        .new_messages(GROUP)
        .iter()
        .map(|c| text_of(c).to_string())
        .collect();
    assert!(
        group_texts.iter().all(|t| !t.contains("hunter2")),
        "the chat text reached the group: {group_texts:#?}"
    );
    let pointer = dereja::i18n::Text::new("group-open-private")
        .arg("name", "John")
        .arg("id", order.0);
    let pointer = crate::helpers::fixtures::fragment(&pointer, Language::EN);
    assert!(
        group_texts.iter().any(|t| t.contains(&pointer)),
        "no pointer in the group: {group_texts:#?}"
    );
    let to_group = live
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.params["chat_id"] == GROUP)
        .filter(|c| c.method != "sendMessage")
        .count();
    assert_eq!(to_group, 0, "no files or other content in the group");
    assert!(
        live.fake
            .calls()
            .iter()
            .all(|c| !c.params.to_string().contains("file-brief-1") || c.params["chat_id"] != GROUP),
        "the file never reaches the group"
    );
    live.stop().await;
}

/// The sum of one kind of ledger account (of the buyer's, when `user` is given), in minor units.
async fn books(live: &TestApp, kind: &str, user: Option<i64>) -> i64 {
    let sql = "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries \
               WHERE account_kind = $1 AND ($2 IS NULL OR user_id = $2)";
    match &live.app.store {
        dereja::store::Store::Sqlite { pool, .. } => sqlx::query_scalar(sql)
            .bind(kind)
            .bind(user)
            .fetch_one(pool)
            .await
            .unwrap(),
        dereja::store::Store::Postgres { pool, .. } => sqlx::query_scalar(sql)
            .bind(kind)
            .bind(user)
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

/// The buyer disputes the delivery and a global admin resolves it.
async fn dispute(live: &TestApp, order: OrderId, resolution: dereja_domain::Resolution) {
    dispute_by_buyer(live, order).await;
    let as_admin = dereja_domain::Actor::User {
        id: UserId(ADMIN),
        admin: true,
    };
    let resolve = Command::ResolveDispute {
        seq: 1,
        resolution,
        note: None,
    };
    live.app
        .orders
        .execute(order, as_admin, resolve)
        .await
        .unwrap();
    live.settle().await;
}

/// An admin pays the refund request the admins were sent last, with a transfer reference typed in private.
async fn pay_refund(live: &TestApp, admin: &dereja_fakebot::SimUser, reference: &str) {
    let en = Language::EN;
    let ask = live.expect(ADMIN, "admin-refund-requested", en).await;
    admin.press(&button(&ask, "button-withdrawal-paid", en), 1);
    live.expect(ADMIN, "prompt-withdrawal-reference", en).await;
    admin.send_text(reference);
    live.expect(BUYER, "notice-refund-paid", en).await;
}

/// Money owed back to a buyer (a dispute refunded, a split's share, a cancellation agreed after funding) becomes a
/// refund request an admin pays; a buyer who has not said where to be paid is asked, and the request follows. At
/// the end the books balance to the cent: nothing held, nothing owed, the buyer's account back to what was kept.
async fn every_refund_is_paid_by_an_admin(database_url: String) {
    let live = TestApp::spawn_without_limits(&database_url, &[]).await;
    let en = Language::EN;
    let buyer = live.person(BUYER, "Almaz", "en").await;
    live.person(SELLER, "John", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    // A cancellation agreed after funding, before the buyer said where to be paid: owed, then asked for.
    let cancelled = delivered(&live, 50_000).await;
    live.by(SELLER, cancelled, Command::RequestCancellation { seq: 1 })
        .await;
    let agree = Command::AnswerCancellation {
        seq: 1,
        agree: true,
    };
    live.by(BUYER, cancelled, agree).await;
    live.expect(BUYER, "notice-refund-owed", en).await;
    let owed = live.app.payouts.balances(UserId(BUYER)).await.unwrap();
    assert_eq!(owed[0].refunds_owed.to_minor(), 50_000);
    live.choose_payout(&buyer, "telebirr", "0922 111 222 Almaz")
        .await;
    pay_refund(&live, &admin, "TB-REF-1").await;

    // A dispute refunded in full, and one split 60/40: each refund is requested at once and paid.
    let refunded = delivered(&live, 100_000).await;
    dispute(&live, refunded, dereja_domain::Resolution::Refund).await;
    pay_refund(&live, &admin, "TB-REF-2").await;
    let split = delivered(&live, 100_000).await;
    let seller_share = Money::from_minor(60_000, dereja_domain::Currency::ETB).unwrap();
    dispute(
        &live,
        split,
        dereja_domain::Resolution::Split { seller_share },
    )
    .await;
    pay_refund(&live, &admin, "TB-REF-3").await;

    // To the cent: escrow empty, nothing owed or being paid back, and the buyer out of pocket only for the
    // seller's 60.00 of the split (50.00 + 100.00 + 40.00 came back).
    assert_eq!(books(&live, "escrow", None).await, 0);
    assert_eq!(books(&live, "refunds", Some(BUYER)).await, 0);
    assert_eq!(books(&live, "refund_paying", Some(BUYER)).await, 0);
    assert_eq!(books(&live, "buyer", Some(BUYER)).await, -60_000);
    let total: i64 = books(&live, "buyer", None).await
        + books(&live, "escrow", None).await
        + books(&live, "pending", None).await;
    assert_eq!(total, 0, "the books balance");
    live.stop().await;
}

/// The milestone is cancelled between Telegram's pre-checkout and its charge: the payment is stored, owed back to
/// the buyer as a refund an admin pays, the admins are alerted, and a redelivered update changes nothing.
async fn a_payment_after_a_cancellation_is_owed_back(database_url: String) {
    let provider = [("DEREJA_PAYMENT_PROVIDER_TOKEN", "284685063:TEST:provider")];
    let live = TestApp::spawn_without_limits(&database_url, &provider).await;
    let en = Language::EN;
    let buyer = live.person(BUYER, "Almaz", "en").await;
    live.person(SELLER, "John", "en").await;
    let admin = live.person(ADMIN, "Admin", "en").await;
    live.choose_payout(&buyer, "telebirr", "0922 111 222 Almaz")
        .await;
    let order = live.open_order(BUYER, vec![terms(7, 100_000, 1)]).await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, Command::Cancel { seq: 1 }).await;

    let payload = format!("m:{}:1", order.0);
    buyer.payment_arrives("ETB", 100_000, &payload);
    live.expect(BUYER, "payment-not-applied", en).await;
    live.expect(ADMIN, "admin-payment-not-applied", en).await;
    pay_refund(&live, &admin, "TB-LATE-1").await;
    // Telegram delivers the same payment again: it is on record already, nothing more is owed.
    buyer.payment_arrives("ETB", 100_000, &payload);
    live.settle().await;
    assert_eq!(books(&live, "refunds", Some(BUYER)).await, 0);
    assert_eq!(books(&live, "refund_paying", Some(BUYER)).await, 0);
    assert_eq!(
        books(&live, "buyer", Some(BUYER)).await,
        0,
        "paid in and paid back"
    );
    assert_eq!(books(&live, "escrow", None).await, 0);
    let refunds = live
        .fake
        .calls()
        .iter()
        .filter(|c| text_of(c).contains("TB-LATE-1") || text_of(c).starts_with("Refund #"))
        .count();
    assert_eq!(refunds, 2, "one refund request and one payment notice");
    live.stop().await;
}

/// The seller asks for changes; the buyer revises the milestone's terms from the notice, and the seller answers the
/// revised terms, which then stand (the milestones after it are no longer blocked by a dead end).
async fn requested_changes_are_revised_and_answered_again(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let en = Language::EN;
    let buyer = live.person(BUYER, "Almaz", "en").await;
    let seller = live.person(SELLER, "John", "en").await;
    let order = live.open_order(BUYER, vec![terms(7, 100_000, 1)]).await;
    live.join(SELLER, order).await;
    let note = Note::new("Five concepts, and 2,000 birr").unwrap();
    live.by(SELLER, order, Command::RequestChanges { seq: 1, note })
        .await;

    let asked = live.expect(BUYER, "notice-changes-requested", en).await;
    let revise = button(&asked, "button-revise-terms", en);
    live.press(&buyer, &revise, "neworder-milestone-title", en)
        .await;
    live.say(&buyer, "Logo, five concepts", "neworder-deliverables", en)
        .await;
    let checklist = "- 5 logo concepts as PNG\n- source files as SVG";
    live.say(&buyer, checklist, "neworder-deadline", en).await;
    live.say(&buyer, "10 days", "neworder-amount", en).await;
    live.say(&buyer, "2000", "neworder-revisions", en).await;
    live.say(&buyer, "2", "done-revised", en).await;

    let revised = live.expect(SELLER, "notice-proposal-revised", en).await;
    live.press(
        &seller,
        &button(&revised, "button-accept", en),
        "done-accepted",
        en,
    )
    .await;
    let stored = live.app.orders.get(order).await.unwrap();
    let m = stored.milestone(1).unwrap();
    assert_eq!(m.status.kind(), StatusKind::AwaitingFunding);
    assert_eq!(m.terms.amount.to_minor(), 200_000);
    assert_eq!(m.terms.title.as_str(), "Logo, five concepts");
    live.stop().await;
}

/// A group member who never started the bot presses a group order's button that is not theirs: the refusal shows
/// on their own screen as an alert, in their language; no private message is tried (it would fail) and the group
/// sees no apology.
async fn a_refusal_reaches_a_group_member_who_never_started_the_bot(database_url: String) {
    let live = TestApp::spawn_without_limits(&database_url, &[]).await;
    live.fake.group(GROUP, &[GROUP_OWNER]);
    live.person(BUYER, "Almaz", "en").await;
    live.person(SELLER, "John", "en").await;
    let order = reported_in_group(&live, "FT-9").await;
    let not_admin = Text::new("error-not-allowed").arg("who", "admin");
    let confirm = Callback::ConfirmPayment(order, 1).to_string();
    for (id, lang) in [(801, Language::AM), (802, Language::EN)] {
        let member = live.fake.user(id, "Member", Some(lang.code()));
        let press = member.press_in_group(GROUP, &confirm, 1);
        live.expect_alert(press, &not_admin, lang).await;
    }
    live.settle().await;
    let to_members =
        |c: &dereja_fakebot::Call| c.params["chat_id"] == 801 || c.params["chat_id"] == 802;
    assert!(
        !live.fake.calls().iter().any(to_members),
        "nothing tried in private"
    );
    let apology = fragment(&Text::new("error-internal"), Language::EN);
    let group = live.new_messages(GROUP);
    assert!(!group.iter().any(|c| text_of(c).contains(&apology)));
    assert_eq!(
        status(&live.app.orders.get(order).await.unwrap()),
        StatusKind::PaymentReported
    );
    live.stop().await;
}
