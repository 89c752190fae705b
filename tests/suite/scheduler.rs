//! The scheduler with a clock the test moves: the real dispatcher, scheduler and outbox sender run in this process
//! against the fake Bot API over HTTP, on a fresh database of each backend. Orders are driven through the same
//! services the handlers use, and through buttons where a person would press them.

use crate::helpers::on_both_databases;
use crate::scenario::{button, fragment, text_of};
use chrono::{DateTime, Duration, TimeZone as _, Utc};
use dereja::app::App;
use dereja::clock::{Clock, ManualClock};
use dereja::config::Config;
use dereja::i18n::{Text, format_time};
use dereja::services::Seen;
use dereja::store::Store;
use dereja_domain::{
    Actor, Command, Currency, Deadline, Deliverables, Delivery, Language, MilestoneTerms, Money,
    Note, OrderDraft, OrderId, Origin, PaymentRef, RevisionCount, Role, TimeZone, Title, UserId,
};
use dereja_fakebot::{Call, FakeBotApi, SimUser};
use std::collections::HashMap;
use std::sync::Arc;

on_both_databases!(
    one_order_meets_every_reminder_once,
    a_dispute_pauses_the_reminders,
);

const BUYER: i64 = 101;
const SELLER: i64 = 202;
const ADMIN: i64 = 900;
const TOKEN: &str = "123456:fake-token-for-the-scheduler-tests";

/// 09:00 in Addis Ababa on a Monday.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap()
}

fn day(n: i64) -> DateTime<Utc> {
    t0() + Duration::days(n)
}

/// The bot running in this process on a clock the test moves.
pub(crate) struct Live {
    pub fake: FakeBotApi,
    pub app: App,
    pub clock: Arc<ManualClock>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
    /// How many messages each chat had when last looked at.
    seen: std::sync::Mutex<HashMap<i64, usize>>,
}

impl Live {
    pub async fn start(database_url: &str, extra: &[(&str, &str)]) -> Live {
        Live::start_with(FakeBotApi::start().await, database_url, extra).await
    }

    pub async fn start_with(fake: FakeBotApi, database_url: &str, extra: &[(&str, &str)]) -> Live {
        let mut env: HashMap<String, String> = [
            ("TELOXIDE_TOKEN", TOKEN),
            ("TELOXIDE_API_URL", fake.url()),
            ("DATABASE_URL", database_url),
            ("DEREJA_ADMINS", "900"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("a valid configuration");
        let store = Store::connect(database_url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let clock = Arc::new(ManualClock::new(t0()));
        let app = App::new(config, store, clock.clone());
        let bot = teloxide::Bot::new(TOKEN).set_api_url(fake.url().parse().unwrap());
        let task = tokio::spawn(dereja::telegram::run(bot, app.clone()));
        fake.wait_for("getMe", std::time::Duration::from_secs(10), |_| true)
            .await;
        Live {
            fake,
            app,
            clock,
            task,
            seen: Default::default(),
        }
    }

    /// A person who has started the bot, stored with their language.
    pub async fn person(&self, id: i64, name: &str, lang: &str) -> SimUser {
        let user = self.fake.user(id, name, Some(lang));
        user.has_started();
        self.app
            .users
            .seen(Seen {
                id: UserId(id),
                name,
                language_code: Some(lang),
            })
            .await
            .expect("store the user");
        user
    }

    /// Moves the clock to `at` and lets the scheduler and the outbox finish what is due.
    pub async fn at(&self, at: DateTime<Utc>) {
        self.clock.set(at);
        self.settle().await;
    }

    /// Waits until nothing is due and nothing more is being sent.
    pub async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut quiet_rounds = 0;
        let mut calls = usize::MAX;
        while quiet_rounds < 3 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot did not settle"
            );
            self.app.scheduler.notify_one();
            self.app.outbox.notify_one();
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            let now_calls = self.fake.calls().len();
            let busy = self.pending().await > 0 || now_calls != calls;
            calls = now_calls;
            quiet_rounds = if busy { 0 } else { quiet_rounds + 1 };
        }
    }

    /// Jobs and messages due now and not yet done.
    async fn pending(&self) -> i64 {
        let now = self.clock.now();
        let jobs = "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND due_at <= $1";
        let outbox = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND not_before <= $1";
        let mut total = 0;
        for sql in [jobs, outbox] {
            total += match &self.app.store {
                Store::Sqlite(pool) => sqlx::query_scalar::<_, i64>(sql)
                    .bind(now)
                    .fetch_one(pool)
                    .await
                    .unwrap(),
                Store::Postgres(pool) => sqlx::query_scalar::<_, i64>(sql)
                    .bind(now)
                    .fetch_one(pool)
                    .await
                    .unwrap(),
            };
        }
        total
    }

    /// Runs a command as a person, through the order service.
    pub async fn by(&self, user: i64, order: OrderId, command: Command) {
        self.app
            .orders
            .execute(
                order,
                Actor::User {
                    id: UserId(user),
                    admin: false,
                },
                command,
            )
            .await
            .unwrap_or_else(|e| panic!("command refused: {e}"));
        self.settle().await;
    }

    /// The texts sent to `chat` since the last look.
    pub fn new_messages(&self, chat: i64) -> Vec<Call> {
        let calls: Vec<Call> = self
            .fake
            .calls_to("sendMessage")
            .into_iter()
            .chain(self.fake.calls_to("editMessageText"))
            .filter(|c| c.params["chat_id"] == chat)
            .collect();
        let mut seen = self.seen.lock().unwrap();
        let skip = seen.get(&chat).copied().unwrap_or(0);
        seen.insert(chat, calls.len());
        calls.into_iter().skip(skip).collect()
    }

    /// Asserts that exactly these messages (by id, in the reader's language) reached `chat` since the last look,
    /// in this order, and returns them.
    pub fn expect_only(&self, chat: i64, ids: &[&str], lang: Language) -> Vec<Call> {
        let got = self.new_messages(chat);
        let texts: Vec<&str> = got.iter().map(text_of).collect();
        assert_eq!(
            got.len(),
            ids.len(),
            "chat {chat} expected {ids:?}, got {texts:#?}"
        );
        for (call, id) in got.iter().zip(ids) {
            let piece = fragment(&Text::new(id), lang);
            assert!(
                text_of(call).contains(&piece),
                "chat {chat}: expected {id} ({piece:?}), got {:?}",
                text_of(call)
            );
        }
        got
    }

    pub async fn stop(self) {
        self.task.abort();
        self.app.store.close().await;
    }
}

fn terms(deadline_days: i64, minor: i64) -> MilestoneTerms {
    MilestoneTerms {
        title: Title::new("Logo").unwrap(),
        deliverables: Deliverables::new("- 3 concepts as PNG").unwrap(),
        deadline: Deadline::after_activation(Duration::days(deadline_days)).unwrap(),
        amount: Money::from_minor(minor, Currency::ETB).unwrap(),
        revisions: RevisionCount::new(1).unwrap(),
    }
}

pub(crate) async fn open_order(
    live: &Live,
    buyer: i64,
    milestones: Vec<MilestoneTerms>,
) -> OrderId {
    let draft = OrderDraft::new(
        Title::new("Café brand").unwrap(),
        Currency::ETB,
        Origin::Private,
        UserId(buyer),
        Role::Buyer,
        milestones,
    )
    .unwrap();
    let (order, _) = live.app.orders.open(draft).await.expect("open");
    order.id
}

pub(crate) fn paid() -> Command {
    Command::Fund {
        seq: 1,
        payment: PaymentRef::Telegram {
            charge_id: "charge".into(),
            provider_charge_id: "provider".into(),
        },
    }
}

fn delivery() -> Delivery {
    Delivery::new(Some("https://example.com/logo.zip"), vec![]).unwrap()
}

/// An Amharic buyer and an English seller, one milestone: every reminder comes once, at its time, in its reader's
/// language; extending the deadline replaces the deadline reminders; quiet hours hold the review reminder until
/// morning; auto-approval and clearing run on time.
async fn one_order_meets_every_reminder_once(database_url: String) {
    let live = Live::start(&database_url, &[]).await;
    let (en, am) = (Language::EN, Language::AM);
    let almaz = live.person(BUYER, "Almaz", "am").await;
    live.person(SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    let addis = TimeZone::ADDIS_ABABA;

    let order = open_order(&live, BUYER, vec![terms(7, 150_000)]).await;
    live.at(day(1)).await;
    let invitation = live.expect_only(BUYER, &["reminder-invitation-waiting"], am);
    assert!(text_of(&invitation[0]).contains("?start=inv_"));

    // The seller joins on day 2: the second invitation reminder (day 3) is gone, the proposal's wait starts.
    live.clock.set(day(2));
    live.by(SELLER, order, Command::Join).await;
    live.expect_only(BUYER, &["notice-joined"], am);
    live.at(day(3)).await;
    live.expect_only(SELLER, &["reminder-proposal-waiting"], en);
    live.expect_only(BUYER, &[], am);

    live.clock.set(day(4));
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.expect_only(BUYER, &["notice-accepted", "notice-fund-please"], am);
    live.at(day(5)).await;
    let funding = live.expect_only(BUYER, &["reminder-funding-waiting"], am);
    assert!(text_of(&funding[0]).contains("1,500.00 ብር"));

    // Funded on day 6: due on day 13.
    live.clock.set(day(6));
    live.by(BUYER, order, paid()).await;
    live.expect_only(SELLER, &["notice-start-now"], en);
    live.new_messages(BUYER);
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
    live.clock.set(delivered_at);
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
    let live = Live::start(&database_url, &[]).await;
    let (en, am) = (Language::EN, Language::AM);
    live.person(BUYER, "Almaz", "am").await;
    live.person(SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    let order = open_order(&live, BUYER, vec![terms(7, 150_000)]).await;
    live.by(SELLER, order, Command::Join).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    live.clock.set(day(1));
    live.by(
        SELLER,
        order,
        Command::Deliver {
            seq: 1,
            delivery: delivery(),
        },
    )
    .await;
    live.clock.set(day(2));
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
            .any(|c| text_of(c).contains(&fragment(&Text::new("admin-dispute-opened"), en))),
        "the admin hears of the dispute"
    );
    live.new_messages(BUYER);

    // Ten days in dispute: no review reminder, no auto-approval, no clearing.
    live.at(day(12)).await;
    live.expect_only(BUYER, &[], am);
    live.expect_only(SELLER, &[], en);

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
