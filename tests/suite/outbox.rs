//! The outbox: stored with the change, sent in order per chat, retried after 429, given up on 403 and then posted
//! in the order's group. Against the fake Bot API, on both databases.

use crate::helpers::on_both_backends;
use chrono::Utc;
use dereja::clock::SystemClock;
use dereja::i18n::Text;
use dereja::messages::Outgoing;
use dereja::messages::{Fallback, Notice, Recipient};
use dereja::pacing::Pacer;
use dereja::store::{Pending, Store};
use dereja::telegram::sender::{IN_FLIGHT, Sender};
use dereja_domain::{
    Currency, Deadline, Deliverables, Language, MilestoneTerms, Money, OrderDraft, Origin,
    RevisionCount, Role, TimeZone, Title, User, UserId,
};
use dereja_fakebot::{FakeBotApi, Limits};
use std::sync::Arc;
use tokio::sync::{Notify, Semaphore};

on_both_backends!(
    a_chats_messages_are_due_one_at_a_time_in_order,
    a_message_queued_behind_one_being_sent_is_not_due_yet,
    the_sender_retries_and_falls_back,
    a_thousand_notices_keep_every_telegram_limit,
    a_chats_queue_goes_out_in_runs_in_order,
    the_next_messages_of_many_chats_are_claimed_at_once,
);

/// A sender on the real clock, pacer and all, for `store` and the fake Bot API.
fn sender(store: &Store, fake: &FakeBotApi) -> Sender {
    Sender {
        store: store.clone(),
        bot: teloxide::Bot::new("1:fake").set_api_url(fake.url().parse().unwrap()),
        clock: Arc::new(SystemClock),
        wake: Arc::new(Notify::new()),
        pacer: Arc::new(Pacer::telegram()),
        in_flight: Arc::new(Semaphore::new(IN_FLIGHT)),
        records: Default::default(),
        bot_username: "dereja_test_bot".into(),
        community_language: Language::EN,
        community_time_zone: TimeZone::ADDIS_ABABA,
    }
}

fn notice(to: Recipient, n: i64, fallback: Fallback) -> Outgoing {
    let mut notice = Notice::new(to, Text::new("done-accepted").arg("seq", n));
    notice.fallback = fallback;
    Outgoing::Message(notice)
}

async fn a_chats_messages_are_due_one_at_a_time_in_order(store: Store) {
    let now = Utc::now();
    let mut tx = store.begin().await.unwrap();
    for n in 1..=3 {
        tx.enqueue(
            7,
            &notice(Recipient::User(UserId(7)), n, Fallback::Nothing),
            now,
        )
        .await
        .unwrap();
    }
    tx.enqueue(
        8,
        &notice(Recipient::User(UserId(8)), 1, Fallback::Nothing),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let due = |store: Store| async move {
        let mut tx = store.begin().await.unwrap();
        let due: Vec<Result<Pending<Outgoing>, i64>> = tx
            .claim_due_messages(Utc::now(), Utc::now(), 10)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        due.into_iter()
            .map(|d| d.unwrap_or_else(|id| panic!("row {id} does not parse")))
            .collect::<Vec<_>>()
    };
    let first = due(store.clone()).await;
    assert_eq!(
        first.iter().map(|p| p.chat_id).collect::<Vec<_>>(),
        [7, 8],
        "one per chat"
    );
    let mut tx = store.begin().await.unwrap();
    tx.mark_sent(&[first[0].id], now).await.unwrap();
    tx.postpone(first[1].id, now + chrono::Duration::hours(1), "429")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let second = due(store.clone()).await;
    assert_eq!(second.len(), 1, "chat 8 waits for its postponed message");
    assert_eq!(
        second[0].payload,
        notice(Recipient::User(UserId(7)), 2, Fallback::Nothing)
    );
    let mut tx = store.begin().await.unwrap();
    tx.mark_failed(second[0].id, now, "403").await.unwrap();
    tx.commit().await.unwrap();
    let third = due(store.clone()).await;
    assert_eq!(
        third[0].payload,
        notice(Recipient::User(UserId(7)), 3, Fallback::Nothing)
    );
}

/// The next message of several chats (whose last the sender just sent) in one statement: each chat's oldest unsent
/// one, if it is due and free. A chat whose oldest is due later gives nothing (never the one behind it), nor does one
/// with nothing waiting; claimed, they are held.
async fn the_next_messages_of_many_chats_are_claimed_at_once(store: Store) {
    let now = Utc::now();
    let later = now + chrono::Duration::hours(1);
    let row = |chat: i64, n: i64| notice(Recipient::User(UserId(chat)), n, Fallback::Nothing);
    let mut tx = store.begin().await.unwrap();
    for (chat, n, at) in [
        (7, 1, now),
        (7, 2, now),
        (8, 1, later),
        (8, 2, now),
        (9, 1, now),
    ] {
        tx.enqueue(chat, &row(chat, n), at).await.unwrap();
    }
    tx.commit().await.unwrap();
    let lease = now + chrono::Duration::minutes(1);
    let mut tx = store.begin().await.unwrap();
    let claimed = tx
        .claim_next_in_chats::<Outgoing>(&[7, 8, 9, 10], now, lease)
        .await
        .unwrap();
    let mut next: Vec<(i64, Outgoing)> = claimed
        .into_iter()
        .map(|p| p.map(|p| (p.chat_id, p.payload)).expect("parses"))
        .collect();
    next.sort_by_key(|(chat, _)| *chat);
    assert_eq!(next, [(7, row(7, 1)), (9, row(9, 1))]);
    let again = tx.claim_next_in_chats::<Outgoing>(&[7, 9], now, lease);
    assert!(again.await.unwrap().is_empty(), "held until the lease ends");
    tx.commit().await.unwrap();
}

/// A chat's queue goes out without waiting for passes: the task that sends a chat's message claims the next as it
/// records the send, in order, each once, for a run of 20; what is behind waits for the next pass. A message due
/// later stops its chat's run, and what is behind it waits for it.
async fn a_chats_queue_goes_out_in_runs_in_order(store: Store) {
    let fake = FakeBotApi::with_limits(Limits::unlimited()).await;
    for id in [7, 8] {
        fake.user(id, "x", Some("en")).has_started();
    }
    let now = Utc::now();
    let mut tx = store.begin().await.unwrap();
    for n in 1..=25 {
        let row = notice(Recipient::User(UserId(7)), n, Fallback::Nothing);
        tx.enqueue(7, &row, now).await.unwrap();
    }
    for (n, at) in [(1, now), (2, now + chrono::Duration::hours(1)), (3, now)] {
        let row = notice(Recipient::User(UserId(8)), n, Fallback::Nothing);
        tx.enqueue(8, &row, at).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut sender = sender(&store, &fake);
    sender.pacer = Arc::new(Pacer::unlimited());
    let sent_to = |chat: i64| {
        fake.calls_to("sendMessage")
            .iter()
            .filter(|c| c.params["chat_id"] == chat)
            .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    let texts = |numbers: std::ops::RangeInclusive<i64>| {
        numbers
            .map(|n| {
                Text::new("done-accepted")
                    .arg("seq", n)
                    .html_for(Language::EN, TimeZone::ADDIS_ABABA)
            })
            .collect::<Vec<_>>()
    };

    assert_eq!(
        sender.send_due_and_wait().await.unwrap(),
        2,
        "one claimed per chat"
    );
    assert_eq!(sent_to(7), texts(1..=20), "a run of 20, in order");
    assert_eq!(
        sent_to(8),
        texts(1..=1),
        "the run stops at a message due later"
    );
    sender.send_due_and_wait().await.unwrap();
    assert_eq!(
        sent_to(7),
        texts(1..=25),
        "the rest in the next pass, each once"
    );
    assert_eq!(sent_to(8), texts(1..=1), "what is behind waits for it");
}

/// While a chat's first message is being sent, the ones behind it wait for it, not for their own time: the
/// sender sleeps until the lease ends (or a send wakes it) instead of looping on messages it may not send yet.
async fn a_message_queued_behind_one_being_sent_is_not_due_yet(store: Store) {
    let now = Utc::now();
    let mut tx = store.begin().await.unwrap();
    for n in 1..=3 {
        let row = notice(Recipient::User(UserId(7)), n, Fallback::Nothing);
        tx.enqueue(7, &row, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let lease_until = now + chrono::Duration::seconds(60);
    let mut tx = store.begin().await.unwrap();
    let claimed: Vec<Result<Pending<Outgoing>, i64>> =
        tx.claim_due_messages(now, lease_until, 10).await.unwrap();
    let next = tx.next_message_due().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(claimed.len(), 1, "one message per chat at a time");
    let next = next.expect("messages are waiting");
    assert!(
        (next - lease_until).num_milliseconds().abs() < 1_000,
        "the next due is the lease's end, {lease_until}, not {next}"
    );
}

async fn the_sender_retries_and_falls_back(store: Store) {
    const GROUP: i64 = -100_900;
    let limits = Limits {
        chat_burst: 1.0,
        ..Limits::default()
    };
    let fake = FakeBotApi::with_limits(limits).await;
    let started = fake.user(11, "Hana", Some("am"));
    started.send_text("/start");
    let mut tx = store.begin().await.unwrap();
    for (id, language) in [(11, Language::AM), (12, Language::EN)] {
        let user = User {
            id: UserId(id),
            name: "x".into(),
            language,
            time_zone: TimeZone::ADDIS_ABABA,
        };
        tx.save_user(&user, Utc::now()).await.unwrap();
    }
    for n in 1..=3 {
        tx.enqueue(
            11,
            &notice(Recipient::User(UserId(11)), n, Fallback::Nothing),
            Utc::now(),
        )
        .await
        .unwrap();
    }
    // User 13 never started the bot either, in a private order: the other party (11) is told once, with the link.
    let draft = OrderDraft::new(
        Title::new("Poster").unwrap(),
        Currency::ETB,
        Origin::Private,
        UserId(11),
        Role::Buyer,
        vec![MilestoneTerms {
            title: Title::new("Draft").unwrap(),
            deliverables: Deliverables::new("1 poster").unwrap(),
            deadline: Deadline::after_activation(chrono::Duration::days(2)).unwrap(),
            amount: Money::from_minor(10_000, Currency::ETB).unwrap(),
            revisions: RevisionCount::new(0).unwrap(),
        }],
    )
    .unwrap();
    let order = tx.insert_order(&draft, Utc::now()).await.unwrap();
    tx.set_invite_token(order, "tok123").await.unwrap();
    let user = User {
        id: UserId(13),
        name: "y".into(),
        language: Language::EN,
        time_zone: TimeZone::ADDIS_ABABA,
    };
    tx.save_user(&user, Utc::now()).await.unwrap();
    for n in [5, 6] {
        let other = Fallback::OtherParty {
            order,
            user: UserId(11),
        };
        tx.enqueue(
            13,
            &notice(Recipient::User(UserId(13)), n, other),
            Utc::now(),
        )
        .await
        .unwrap();
    }
    // User 12 never started the bot: Telegram refuses, and the order's group gets a pointer, not the notice.
    tx.enqueue(
        12,
        &notice(
            Recipient::User(UserId(12)),
            9,
            Fallback::Group {
                chat_id: GROUP,
                order: Some(order),
            },
        ),
        Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let sender = sender(&store, &fake);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while fake.calls_to("sendMessage").len() < 5 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not all sent: {:#?}",
            fake.calls()
        );
        sender.send_due_and_wait().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let texts: Vec<String> = fake
        .calls_to("sendMessage")
        .iter()
        .filter(|c| c.params["chat_id"] == 11)
        .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
        .filter(|t| !t.contains("inv_tok123"))
        .collect();
    let expected: Vec<String> = (1..=3)
        .map(|n| {
            Text::new("done-accepted")
                .arg("seq", n)
                .render(Language::AM)
        })
        .collect();
    assert_eq!(
        texts, expected,
        "in order, in the reader's language, each once"
    );
    assert!(
        fake.refusals().iter().any(|r| r.error_code == 429),
        "the flood limit was hit and waited out"
    );
    assert!(fake.refusals().iter().any(|r| r.error_code == 403));
    let in_group = fake
        .calls_to("sendMessage")
        .into_iter()
        .find(|c| c.params["chat_id"] == GROUP);
    let pointer = Text::new("group-open-private")
        .arg("name", "x")
        .arg("id", order.0)
        .arg(
            "link",
            format!("https://t.me/dereja_test_bot?start=order_{}", order.0),
        )
        .render(Language::EN);
    assert_eq!(
        in_group.expect("a pointer in the group").params["text"],
        pointer.as_str()
    );
    let private = Text::new("done-accepted")
        .arg("seq", 9)
        .render(Language::EN);
    assert!(
        fake.calls()
            .iter()
            .filter(|c| c.params["chat_id"] == GROUP)
            .all(|c| c.params["text"] != private.as_str()),
        "the private notice itself never reaches the group"
    );
}

/// 1,000 notices to 500 people and 3 groups at once, through a fake that answers 429 past Telegram's limits (30 a
/// second overall, one a second per chat after a burst, 20 a minute per group): none is refused, each is sent once,
/// and the rate achieved is printed beside the 30 a second ceiling.
async fn a_thousand_notices_keep_every_telegram_limit(store: Store) {
    const PEOPLE: i64 = 500;
    const GROUPS: [i64; 3] = [-100_501, -100_502, -100_503];
    const PER_GROUP: i64 = 10;
    let fake = FakeBotApi::with_limits(Limits::default()).await;
    let mut tx = store.begin().await.unwrap();
    let mut queued = 0;
    // The groups first: their limit (20 a minute) makes them the slowest, so they start at once.
    for group in GROUPS {
        fake.group(group, &[]);
        for n in 0..PER_GROUP {
            let to = Recipient::Chat(group);
            tx.enqueue(group, &notice(to, n, Fallback::Nothing), Utc::now())
                .await
                .unwrap();
            queued += 1;
        }
    }
    for round in 0..2 {
        for id in 1..=PEOPLE {
            fake.user(id, "x", Some("en")).has_started();
            let to = Recipient::User(UserId(id));
            tx.enqueue(id, &notice(to, round, Fallback::Nothing), Utc::now())
                .await
                .unwrap();
            queued += 1;
        }
    }
    tx.commit().await.unwrap();

    let sender = sender(&store, &fake);
    let started = std::time::Instant::now();
    let running = tokio::spawn(sender.run());
    let deadline = started + std::time::Duration::from_secs(180);
    while (fake.calls_to("sendMessage").len() as i64) < queued {
        assert!(std::time::Instant::now() < deadline, "not all sent");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    running.abort();
    let refused: Vec<_> = fake.refusals();
    assert!(
        refused.is_empty(),
        "{} refused: {:?}",
        refused.len(),
        refused.first()
    );
    assert_eq!(
        fake.calls_to("sendMessage").len() as i64,
        queued,
        "each sent once"
    );
    let rate = queued as f64 / elapsed;
    eprintln!(
        "paced sending: {queued} notices to {PEOPLE} people and {} groups in {elapsed:.1} s: {rate:.1} messages/s, \
         {:.2} of the 30/s ceiling, 0 refused",
        GROUPS.len(),
        rate / 30.0
    );
}
