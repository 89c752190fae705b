//! The scheduler with a clock the test moves: the real dispatcher, scheduler and outbox sender run in this process
//! against the fake Bot API over HTTP, on a fresh database of each backend. Orders are driven through the same
//! services the handlers use, and through buttons where a person would press them.

use crate::helpers::TestApp;
use crate::helpers::fixtures::{
    ADMIN, BUYER, SELLER, button, day, delivery, fragment, paid, t0, terms, text_of,
};
use crate::helpers::on_both_databases;
use chrono::{DateTime, Duration, Utc};
use dereja::app::App;
use dereja::clock::{Clock, ManualClock};
use dereja::config::Config;
use dereja::i18n::{Text, format_time};
use dereja::jobs::scheduler::Scheduler;
use dereja::messages::Outgoing;
use dereja::messages::{Notice, Recipient};
use dereja::services::Seen;
use dereja::store::Store;
use dereja::telegram::sender::Sender;
use dereja_domain::{
    Actor, Command, Currency, Language, Note, OrderDraft, Origin, Role, TimeZone, Title, UserId,
};
use dereja_fakebot::{FakeBotApi, Limits};
use std::collections::HashMap;
use std::sync::Arc;

on_both_databases!(
    one_order_meets_every_reminder_once,
    a_dispute_pauses_the_reminders,
    an_outage_delays_but_loses_nothing,
    a_crash_loses_no_reminder,
);

const TOKEN: &str = "123456:fake-token-for-the-scheduler-tests";

/// An Amharic buyer and an English seller, one milestone: every reminder comes once, at its time, in its reader's
/// language; extending the deadline replaces the deadline reminders; quiet hours hold the review reminder until
/// morning; auto-approval and clearing run on time.
async fn one_order_meets_every_reminder_once(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let (en, am) = (Language::EN, Language::AM);
    let almaz = live.person(BUYER, "Almaz", "am").await;
    live.person(SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    let addis = TimeZone::ADDIS_ABABA;

    let order = live.open_order(BUYER, vec![terms(7, 150_000, 1)]).await;
    live.at(day(1)).await;
    let invitation = live.expect_only(BUYER, &["reminder-invitation-waiting"], am);
    assert!(text_of(&invitation[0]).contains("?start=inv_"));

    // The seller joins on day 2: the second invitation reminder (day 3) is gone, the proposal's wait starts.
    live.clock().set(day(2));
    live.join(SELLER, order).await;
    live.expect_only(BUYER, &["notice-joined"], am);
    live.at(day(3)).await;
    live.expect_only(SELLER, &["reminder-proposal-waiting"], en);
    live.expect_only(BUYER, &[], am);

    live.clock().set(day(4));
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.expect_only(BUYER, &["notice-accepted", "notice-fund-please"], am);
    live.at(day(5)).await;
    let funding = live.expect_only(BUYER, &["reminder-funding-waiting"], am);
    assert!(text_of(&funding[0]).contains("1,500.00 ብር"));

    // Funded on day 6: due on day 13.
    live.clock().set(day(6));
    live.by(BUYER, order, paid()).await;
    live.expect_only(SELLER, &["notice-start-now"], en);
    live.new_messages(BUYER);
    // Three quiet days of work: a gentle request for a progress note.
    live.at(day(9)).await;
    live.expect_only(SELLER, &["reminder-progress-quiet"], en);
    live.at(day(12)).await;
    let soon = live.expect_only(SELLER, &["reminder-deadline-soon"], en);
    assert!(text_of(&soon[0]).contains(&format_time(day(13), en, addis)));
    live.at(day(13)).await;
    live.expect_only(SELLER, &["reminder-deadline-passed"], en);
    let missed = live.expect_only(BUYER, &["reminder-deadline-missed"], am);
    assert!(text_of(&missed[0]).contains(&format_time(day(13), am, addis)));

    // The buyer gives two more days with the button on the reminder.
    almaz.press(&button(&missed[0], "button-extend-deadline", am), 1);
    live.settle().await;
    live.expect_only(BUYER, &["prompt-new-deadline"], am);
    almaz.send_text("2 ቀን");
    live.settle().await;
    let done = live.expect_only(BUYER, &["done-deadline-extended"], am);
    assert!(text_of(&done[0]).contains(&format_time(day(15), am, addis)));
    live.expect_only(SELLER, &["notice-deadline-extended"], en);

    // The old deadline's second "passed" reminder (day 14) is gone; the new deadline has its own reminders.
    live.at(day(14)).await;
    live.expect_only(SELLER, &["reminder-deadline-soon"], en);
    live.at(day(15)).await;
    live.expect_only(SELLER, &["reminder-deadline-passed"], en);
    live.expect_only(BUYER, &["reminder-deadline-missed"], am);

    // Delivered at 23:00 in Addis Ababa on day 15: auto-approval three days later at the same hour.
    let delivered_at = day(15) + Duration::hours(14);
    live.clock().set(delivered_at);
    live.by(
        SELLER,
        order,
        Command::Deliver {
            seq: 1,
            delivery: delivery(),
        },
    )
    .await;
    live.expect_only(BUYER, &["notice-delivered"], am);
    live.new_messages(SELLER);
    live.at(day(16)).await;
    live.expect_only(SELLER, &[], en);
    // The review reminder falls at 23:00: it waits for 07:00.
    live.at(delivered_at + Duration::days(2)).await;
    live.expect_only(BUYER, &[], am);
    live.at(day(18) - Duration::hours(2)).await;
    live.expect_only(BUYER, &["reminder-review-waiting"], am);

    // Auto-approval runs on time, quiet hours or not; both sides are told; the order completes.
    live.at(delivered_at + Duration::days(3)).await;
    live.expect_only(
        BUYER,
        &["notice-auto-approved-buyer", "notice-order-completed"],
        am,
    );
    live.expect_only(
        SELLER,
        &["notice-auto-approved-seller", "notice-order-completed"],
        en,
    );
    live.at(delivered_at + Duration::days(3 + 14)).await;
    let cleared = live.expect_only(SELLER, &["notice-cleared"], en);
    assert!(text_of(&cleared[0]).contains("ETB 1,500.00"));

    // Nothing more, ever.
    live.at(day(60)).await;
    live.expect_only(BUYER, &[], am);
    live.expect_only(SELLER, &[], en);
    live.stop().await;
}

/// While a delivery is disputed nothing is reminded or approved; when the dispute is withdrawn the timers resume,
/// moved by the time spent in dispute.
async fn a_dispute_pauses_the_reminders(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let (en, am) = (Language::EN, Language::AM);
    live.person(BUYER, "Almaz", "am").await;
    live.person(SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    let order = live.open_order(BUYER, vec![terms(7, 150_000, 1)]).await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    live.clock().set(day(1));
    live.by(
        SELLER,
        order,
        Command::Deliver {
            seq: 1,
            delivery: delivery(),
        },
    )
    .await;
    live.clock().set(day(2));
    for chat in [BUYER, SELLER, ADMIN] {
        live.new_messages(chat);
    }
    let reason = Note::new("The logo is not what we agreed").unwrap();
    live.by(BUYER, order, Command::OpenDispute { seq: 1, reason })
        .await;
    live.expect_only(SELLER, &["notice-dispute-opened"], en);
    let admin = live.new_messages(ADMIN);
    assert!(
        admin
            .iter()
            .any(|c| text_of(c).contains(&fragment(&Text::new("dispute-dossier"), en))),
        "the admin hears of the dispute"
    );
    live.new_messages(BUYER);

    // A day later the dispute is not yet old enough for the admins' digest.
    live.at(day(3)).await;
    live.expect_only(ADMIN, &[], en);
    // Ten days in dispute: no review reminder, no auto-approval, no clearing; the digest lists the dispute.
    live.at(day(12)).await;
    live.expect_only(BUYER, &[], am);
    live.expect_only(SELLER, &[], en);
    let digest = live.expect_only(ADMIN, &["digest"], en);
    let line = Text::new("digest-dispute")
        .arg("id", order.0)
        .arg("seq", 1)
        .arg("since", day(2));
    assert!(
        text_of(&digest[0]).contains(&line.render(en)),
        "{}",
        text_of(&digest[0])
    );

    // Withdrawn on day 12: the review reminder and the auto-approval come ten days later than planned.
    live.by(BUYER, order, Command::WithdrawDispute { seq: 1 })
        .await;
    live.new_messages(BUYER);
    live.new_messages(SELLER);
    live.at(day(13) - Duration::hours(1)).await;
    live.expect_only(BUYER, &[], am);
    live.at(day(13)).await;
    live.expect_only(BUYER, &["reminder-review-waiting"], am);
    live.at(day(14)).await;
    live.expect_only(
        BUYER,
        &["notice-auto-approved-buyer", "notice-order-completed"],
        am,
    );
    live.stop().await;
}

/// One replica of the bot without its update handling: the scheduler and the outbox sender on their own pool.
struct Replica {
    scheduler: Scheduler,
    sender: Sender,
}

impl Replica {
    async fn new(fake: &FakeBotApi, database_url: &str, clock: Arc<ManualClock>) -> Replica {
        let env: HashMap<&str, String> = [
            ("TELOXIDE_TOKEN", TOKEN.to_string()),
            ("DATABASE_URL", database_url.to_string()),
            ("DEREJA_QUIET_HOURS", "off".to_string()),
        ]
        .into_iter()
        .collect();
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("a valid configuration");
        let store = Store::connect(database_url).await.expect("connect");
        let mut app = App::new(config, store, clock);
        app.bot_username = "dereja_test_bot".into();
        let bot = teloxide::Bot::new(TOKEN).set_api_url(fake.url().parse().unwrap());
        let sender = dereja::telegram::sender(&bot, &app);
        Replica {
            scheduler: Scheduler::new(app),
            sender,
        }
    }

    fn app(&self) -> &App {
        &self.scheduler.app
    }
}

/// Sends until neither sender has anything due.
async fn drain(a: &Sender, b: &Sender) {
    loop {
        let (x, y) = tokio::join!(a.send_due_and_wait(), b.send_due_and_wait());
        if x.expect("send") + y.expect("send") == 0 {
            return;
        }
    }
}

/// Two replicas on one Postgres database and one fake Bot API, 200 orders, a simulated week in steps of an hour:
/// every reminder (and every other message) is delivered exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_send_each_reminder_once() {
    let Some((url, backend)) = crate::helpers::TestDb::postgres_url().await else {
        return;
    };
    let fake = FakeBotApi::with_limits(Limits::unlimited()).await;
    let clock = Arc::new(ManualClock::new(t0()));
    let a = Replica::new(&fake, &url, clock.clone()).await;
    a.app().store.migrate().await.expect("migrate");
    let b = Replica::new(&fake, &url, clock.clone()).await;

    const ORDERS: i64 = 200;
    for i in 0..ORDERS {
        let (buyer, seller) = (10_000 + i, 20_000 + i);
        for (id, lang) in [
            (buyer, if i % 2 == 0 { "am" } else { "en" }),
            (seller, "en"),
        ] {
            fake.user(id, "Person", Some(lang)).has_started();
            a.app()
                .users
                .seen(Seen {
                    id: UserId(id),
                    name: "Person",
                    username: None,
                    language_code: Some(lang),
                })
                .await
                .unwrap();
        }
        let draft = OrderDraft::new(
            Title::new("Work").unwrap(),
            Currency::ETB,
            Origin::Private,
            UserId(buyer),
            Role::Buyer,
            vec![terms(3, 100_000, 1)],
        )
        .unwrap();
        // Half the orders are opened on replica a, half on b.
        let app = if i % 2 == 0 { a.app() } else { b.app() };
        let (order, _) = app.orders.open(draft).await.unwrap();
        if i % 2 == 1 {
            let as_user = |id| Actor::User {
                id: UserId(id),
                admin: false,
            };
            for (who, command) in [
                (
                    seller,
                    Command::Join {
                        invitation: order.invitation,
                    },
                ),
                (seller, Command::Accept { seq: 1 }),
                (buyer, paid()),
            ] {
                app.orders
                    .execute(order.id, as_user(who), command)
                    .await
                    .unwrap();
            }
        }
    }
    drain(&a.sender, &b.sender).await;

    for hour in 1..=7 * 24 {
        clock.set(t0() + Duration::hours(hour));
        let (x, y) = tokio::join!(a.scheduler.run_due(), b.scheduler.run_due());
        x.expect("scheduler a");
        y.expect("scheduler b");
        drain(&a.sender, &b.sender).await;
    }

    let sent = fake.calls_to("sendMessage");
    let mut seen: HashMap<(i64, String), usize> = HashMap::new();
    for call in &sent {
        let key = (
            call.params["chat_id"].as_i64().unwrap(),
            text_of(call).to_string(),
        );
        *seen.entry(key).or_default() += 1;
    }
    let is = |text: &str, id: &str| {
        [Language::EN, Language::AM]
            .iter()
            .any(|l| text.contains(&fragment(&Text::new(id), *l)))
    };
    // The same words go out as often as the plan says (the invitation reminder twice, "deadline passed" three
    // times), everything else once.
    let wrong: Vec<_> = seen
        .iter()
        .filter(|((_, text), n)| {
            let expected = if is(text, "reminder-invitation-waiting") {
                2
            } else if is(text, "reminder-deadline-passed") {
                3
            } else {
                1
            };
            **n != expected
        })
        .collect();
    assert!(wrong.is_empty(), "sent a wrong number of times: {wrong:#?}");
    let count = |id: &str| sent.iter().filter(|c| is(text_of(c), id)).count();
    // Unjoined orders: two invitation reminders each. Running ones: soon, missed, and three "passed".
    assert_eq!(count("reminder-invitation-waiting"), 100 * 2);
    assert_eq!(count("reminder-deadline-soon"), 100);
    assert_eq!(count("reminder-deadline-missed"), 100);
    assert_eq!(count("reminder-deadline-passed"), 100 * 3);
    // Every queued message went out, and as many as were queued.
    let store = &a.app().store;
    assert_eq!(
        scalar(store, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await,
        0
    );
    assert_eq!(
        scalar(store, "SELECT COUNT(*) FROM outbox").await,
        i64::try_from(sent.len()).unwrap()
    );
    a.app().store.close().await;
    b.app().store.close().await;
    crate::helpers::drop_backend(backend).await;
}

/// A number from a query, on either backend.
async fn scalar(store: &Store, sql: &str) -> i64 {
    match store {
        Store::Sqlite { pool, .. } => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Store::Postgres { pool, .. } => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

async fn enqueue(store: &Store, chat: i64, n: i64, now: DateTime<Utc>) {
    let notice = Notice::new(
        Recipient::User(UserId(chat)),
        Text::new("done-accepted").arg("seq", n),
    );
    let mut tx = store.begin().await.unwrap();
    dereja::services::outbox::enqueue_notices(&mut tx, &[notice], now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Telegram fails with 5xx for a while and refuses one user: every other message is delivered once, in order per
/// chat; the refusal is recorded and does not hold up the other chats.
async fn an_outage_delays_but_loses_nothing(database_url: String) {
    let fake = FakeBotApi::start().await;
    let clock = Arc::new(ManualClock::new(t0()));
    let replica = Replica::new(&fake, &database_url, clock.clone()).await;
    let store = replica.app().store.clone();
    store.migrate().await.unwrap();
    for id in [1, 3] {
        fake.user(id, "Person", Some("en")).has_started();
    }
    // User 2 never started the bot.
    for n in 1..=3 {
        for chat in [1, 2, 3] {
            enqueue(&store, chat, n, t0()).await;
        }
    }
    fake.outage(5);
    for _ in 0..40 {
        replica.sender.send_due_and_wait().await.unwrap();
        clock.advance(Duration::minutes(5));
    }
    let texts = |chat: i64| -> Vec<String> {
        fake.calls_to("sendMessage")
            .iter()
            .filter(|c| c.params["chat_id"] == chat)
            .map(|c| text_of(c).to_string())
            .collect()
    };
    let expected: Vec<String> = (1..=3)
        .map(|n| {
            Text::new("done-accepted")
                .arg("seq", n)
                .render(Language::EN)
        })
        .collect();
    assert_eq!(texts(1), expected);
    assert_eq!(texts(3), expected);
    assert!(texts(2).is_empty());
    let refusals = fake.refusals();
    assert!(refusals.iter().any(|r| r.error_code == 500));
    assert!(refusals.iter().any(|r| r.error_code == 502));
    assert!(
        refusals
            .iter()
            .any(|r| r.error_code == 403 && r.call.params["chat_id"] == 2)
    );
    let failed = "SELECT COUNT(*) FROM outbox WHERE chat_id = 2 AND failed_at IS NOT NULL AND last_error LIKE '%Forbidden%'";
    assert_eq!(scalar(&store, failed).await, 3, "the refusals are recorded");
    let unsent = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
    assert_eq!(scalar(&store, unsent).await, 0);
    store.close().await;
}

/// The process dies after the scheduler queued a reminder and before it was sent: the restarted process sends it,
/// once. A sender that dies holding a message leaves it to another after the lease.
async fn a_crash_loses_no_reminder(database_url: String) {
    let fake = FakeBotApi::start().await;
    let clock = Arc::new(ManualClock::new(t0()));
    let first = Replica::new(&fake, &database_url, clock.clone()).await;
    first.app().store.migrate().await.unwrap();
    fake.user(BUYER, "Almaz", Some("am")).has_started();
    first
        .app()
        .users
        .seen(Seen {
            id: UserId(BUYER),
            name: "Almaz",
            username: None,
            language_code: Some("am"),
        })
        .await
        .unwrap();
    let draft = OrderDraft::new(
        Title::new("Work").unwrap(),
        Currency::ETB,
        Origin::Private,
        UserId(BUYER),
        Role::Buyer,
        vec![terms(3, 100_000, 1)],
    )
    .unwrap();
    first.app().orders.open(draft).await.unwrap();
    // The invitation reminder is claimed and queued; the process dies before its sender runs.
    clock.set(day(1));
    assert_eq!(first.scheduler.run_due().await.unwrap(), 1, "the reminder");
    first.app().store.close().await;
    assert!(fake.calls_to("sendMessage").is_empty());

    // The restarted process sends it once; the scheduler does not queue it again.
    let second = Replica::new(&fake, &database_url, clock.clone()).await;
    second.scheduler.run_due().await.unwrap();
    while second.sender.send_due_and_wait().await.unwrap() > 0 {}
    second.scheduler.run_due().await.unwrap();
    while second.sender.send_due_and_wait().await.unwrap() > 0 {}
    let reminder = fragment(&Text::new("reminder-invitation-waiting"), Language::AM);
    let sent = |fake: &FakeBotApi| {
        fake.calls_to("sendMessage")
            .iter()
            .filter(|c| text_of(c).contains(&reminder))
            .count()
    };
    assert_eq!(sent(&fake), 1);

    // A sender claims the next message and dies before sending it: nobody else sends it during its lease, the
    // next sender does after it.
    enqueue(&second.app().store, BUYER, 7, clock.now()).await;
    let mut tx = second.app().store.begin().await.unwrap();
    let claimed: Vec<Result<dereja::store::Pending<Outgoing>, i64>> = tx
        .claim_due_messages(clock.now(), clock.now() + Duration::seconds(60), 10)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(claimed.len(), 1);
    let seventh = Text::new("done-accepted")
        .arg("seq", 7)
        .render(Language::AM);
    let sevenths = |fake: &FakeBotApi| {
        fake.calls_to("sendMessage")
            .iter()
            .filter(|c| text_of(c) == seventh)
            .count()
    };
    clock.advance(Duration::seconds(30));
    while second.sender.send_due_and_wait().await.unwrap() > 0 {}
    assert_eq!(sevenths(&fake), 0, "held by the dead sender's lease");
    clock.advance(Duration::seconds(31));
    while second.sender.send_due_and_wait().await.unwrap() > 0 {}
    assert_eq!(sevenths(&fake), 1);
    clock.advance(Duration::minutes(10));
    while second.sender.send_due_and_wait().await.unwrap() > 0 {}
    assert_eq!(sevenths(&fake), 1);
    assert_eq!(sent(&fake), 1);
    second.app().store.close().await;
}
