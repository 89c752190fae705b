//! [`TestApp`]: the bot, wired exactly as `dereja run` wires it (dispatcher, sender, scheduler), running in this
//! process against a fresh fake Bot API, on a database of the test's backend. People type and press through the
//! fake; the test reads what each chat received, in order, and moves the clock.

use super::fixtures::{button, fragment, t0, text_of};
use chrono::{DateTime, Utc};
use dereja::app::App;
use dereja::clock::{Clock, ManualClock, SystemClock};
use dereja::config::Config;
use dereja::i18n::Text;
use dereja::services::Seen;
use dereja::store::Store;
use dereja_domain::{
    Actor, Command, Currency, InviteToken, Language, MilestoneTerms, OrderDraft, OrderId, Origin,
    Role, Title, UserId,
};
use dereja_fakebot::{Call, FakeBotApi, SimUser};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a test waits for something the bot should do.
pub const WAIT: Duration = Duration::from_secs(30);

const TOKEN: &str = "123456:fake-token-for-the-test-app";

/// The clock the bot reads.
pub enum TestClock {
    /// Stands at [`t0`] until the test moves it: reminders, auto-approval and clearing on cue.
    Manual(Arc<ManualClock>),
    /// The system's: for conversations that wait out the fake's flood limits as a real bot must.
    System,
}

impl TestClock {
    pub fn manual() -> TestClock {
        TestClock::Manual(Arc::new(ManualClock::new(t0())))
    }
}

pub struct TestApp {
    pub fake: FakeBotApi,
    pub app: App,
    clock: TestClock,
    env: HashMap<String, String>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
    /// How many messages each chat had when last looked at: expectations look only at newer ones.
    seen: Mutex<HashMap<i64, usize>>,
}

impl TestApp {
    /// The bot on a manual clock at [`t0`], with `DEREJA_ADMINS=900` and the `extra` settings.
    pub async fn spawn(database_url: &str, extra: &[(&str, &str)]) -> TestApp {
        let env = [&[("DEREJA_ADMINS", "900")], extra].concat();
        let fake = FakeBotApi::start().await;
        TestApp::spawn_with(fake, database_url, &env, TestClock::manual()).await
    }

    /// As [`TestApp::spawn`], against a fake with no flood limits: for tests about something else that send many
    /// messages to one chat on the stopped clock (a 429 there would postpone a chat's messages for good).
    pub async fn spawn_without_limits(database_url: &str, extra: &[(&str, &str)]) -> TestApp {
        let env = [&[("DEREJA_ADMINS", "900")], extra].concat();
        let fake = FakeBotApi::with_limits(dereja_fakebot::Limits::unlimited()).await;
        TestApp::spawn_with(fake, database_url, &env, TestClock::manual()).await
    }

    /// The bot against a fake the test prepared (its groups, its limits), configured by `env` alone.
    pub async fn spawn_with(
        fake: FakeBotApi,
        database_url: &str,
        extra: &[(&str, &str)],
        clock: TestClock,
    ) -> TestApp {
        let mut env: HashMap<String, String> = [
            ("TELOXIDE_TOKEN", TOKEN),
            ("TELOXIDE_API_URL", fake.url()),
            ("DATABASE_URL", database_url),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let (app, task) = start_bot(&fake, &env, &clock).await;
        TestApp {
            fake,
            app,
            clock,
            env,
            task,
            seen: Default::default(),
        }
    }

    /// Stops the bot as a crash would (no goodbye) and starts it again on the same database and fake.
    pub async fn restart(&mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
        self.app.store.close().await;
        let (app, task) = start_bot(&self.fake, &self.env, &self.clock).await;
        (self.app, self.task) = (app, task);
    }

    /// The manual clock; a test on the system clock has none to move.
    pub fn clock(&self) -> &ManualClock {
        match &self.clock {
            TestClock::Manual(clock) => clock,
            TestClock::System => panic!("this test runs on the system clock"),
        }
    }

    /// A person who has started the bot, stored with their language.
    pub async fn person(&self, id: i64, name: &str, lang: &str) -> SimUser {
        let user = self.fake.user(id, name, Some(lang));
        user.has_started();
        let seen = Seen {
            id: UserId(id),
            name,
            username: None,
            language_code: Some(lang),
        };
        self.app.users.seen(seen).await.expect("store the user");
        user
    }

    /// Moves the clock to `at` and lets the scheduler and the sender finish what is due.
    pub async fn at(&self, at: DateTime<Utc>) {
        self.clock().set(at);
        self.settle().await;
    }

    /// Waits until nothing is due and nothing more is being sent.
    pub async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut quiet_rounds = 0;
        let mut calls = usize::MAX;
        while quiet_rounds < 3 {
            if tokio::time::Instant::now() >= deadline {
                let due = self.pending().await;
                let last: Vec<String> = self
                    .fake
                    .calls()
                    .iter()
                    .rev()
                    .take(5)
                    .map(|c| format!("{} {}", c.method, c.params))
                    .collect();
                panic!("the bot did not settle: {due} jobs or messages due; last calls: {last:#?}");
            }
            self.app.scheduler.notify_one();
            self.app.outbox.notify_one();
            // The workers mark handled updates that changed nothing done with their next claim.
            self.app.inbox.arrivals().notify_one();
            tokio::time::sleep(Duration::from_millis(150)).await;
            let now_calls = self.fake.calls().len();
            let busy = self.pending().await > 0
                || self.fake.unacknowledged() > 0
                || self.app.pacer.waiting() > 0
                || now_calls != calls;
            calls = now_calls;
            quiet_rounds = if busy { 0 } else { quiet_rounds + 1 };
        }
    }

    /// Updates not handled yet, and jobs and messages due now and not yet done.
    async fn pending(&self) -> i64 {
        let now = self.app.clock.now();
        // Every open update counts, whenever it arrived (the inbox keeps the wall clock, not the test's).
        let inbox = "SELECT COUNT(*) FROM inbox WHERE done_at IS NULL AND failed_at IS NULL AND $1 IS NOT NULL";
        let jobs = "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND due_at <= $1";
        let outbox = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND not_before <= $1";
        let mut total = 0;
        for sql in [inbox, jobs, outbox] {
            total += match &self.app.store {
                Store::Sqlite { pool, .. } => sqlx::query_scalar::<_, i64>(sql)
                    .bind(now)
                    .fetch_one(pool)
                    .await
                    .unwrap(),
                Store::Postgres { pool, .. } => sqlx::query_scalar::<_, i64>(sql)
                    .bind(now)
                    .fetch_one(pool)
                    .await
                    .unwrap(),
            };
        }
        total
    }

    /// A private order opened by `buyer` with these milestones, as the new-order dialogue would store it.
    pub async fn open_order(&self, buyer: i64, milestones: Vec<MilestoneTerms>) -> OrderId {
        self.open_order_in(buyer, milestones, Origin::Private).await
    }

    pub async fn open_order_in(
        &self,
        buyer: i64,
        milestones: Vec<MilestoneTerms>,
        origin: Origin,
    ) -> OrderId {
        let draft = OrderDraft::new(
            Title::new("Café brand").unwrap(),
            Currency::ETB,
            origin,
            UserId(buyer),
            Role::Buyer,
            milestones,
        )
        .unwrap();
        let (order, _) = self.app.orders.open(draft).await.expect("open");
        order.id
    }

    /// `/payout`: the method whose code is `label_code`, then the account.
    pub async fn choose_payout(&self, person: &SimUser, label_code: &str, account: &str) {
        person.send_text("/payout");
        self.settle().await;
        let choose = self
            .expect_only(person.id, &["payout-choose"], Language::EN)
            .remove(0);
        let wanted = Text::new("payout-method")
            .arg("code", label_code)
            .render(Language::EN);
        let data = choose.params["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|row| row[0].as_object())
            .find(|b| b["text"].as_str().unwrap_or_default().starts_with(&wanted))
            .and_then(|b| b["callback_data"].as_str())
            .expect("the method's button")
            .to_string();
        person.press(&data, 1);
        self.settle().await;
        self.expect_only(person.id, &["prompt-payout-account"], Language::EN);
        person.send_text(account);
        self.settle().await;
        self.expect(person.id, "done-payout-set", Language::EN)
            .await;
    }

    /// `user` joins the order with its invitation's token, as the invitation's Join button does.
    pub async fn join(&self, user: i64, order: OrderId) {
        let invitation = Some(self.invitation(order).await);
        self.by(user, order, Command::Join { invitation }).await;
    }

    /// The token of the order's invitation link.
    pub async fn invitation(&self, order: OrderId) -> InviteToken {
        let order = self.app.orders.get(order).await.unwrap();
        order
            .invitation
            .expect("an order opened here has an invitation")
    }

    /// Runs a command as a person, through the order service, and lets its messages go out.
    pub async fn by(&self, user: i64, order: OrderId, command: Command) {
        let actor = Actor::User {
            id: UserId(user),
            admin: false,
        };
        self.app
            .orders
            .execute(order, actor, command)
            .await
            .unwrap_or_else(|e| panic!("command refused: {e}"));
        self.settle().await;
    }

    /// Every text the bot sent to `chat` or put there by an edit, in order.
    fn messages_to(&self, chat: i64) -> Vec<Call> {
        self.fake
            .calls()
            .into_iter()
            .filter(|c| c.params["chat_id"] == chat && c.params.get("text").is_some())
            .collect()
    }

    /// Waits until `chat` has at least `n` new messages (answers sent directly may wait out the fake's flood
    /// limit), then until the bot settles.
    pub async fn await_messages(&self, chat: i64, n: usize) {
        let deadline = tokio::time::Instant::now() + WAIT;
        let seen = || self.seen.lock().unwrap().get(&chat).copied().unwrap_or(0);
        while self.messages_to(chat).len() < seen() + n && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.settle().await;
    }

    /// The texts sent to `chat` since the last look.
    pub fn new_messages(&self, chat: i64) -> Vec<Call> {
        let calls = self.messages_to(chat);
        let mut seen = self.seen.lock().unwrap();
        let skip = seen.get(&chat).copied().unwrap_or(0);
        seen.insert(chat, calls.len());
        calls.into_iter().skip(skip).collect()
    }

    /// Asserts that exactly these messages (by id, in the reader's language) reached `chat` since the last look,
    /// in this order, and returns them.
    pub fn expect_only(&self, chat: i64, ids: &[&str], lang: Language) -> Vec<Call> {
        let texts: Vec<Text> = ids.iter().map(|id| Text::new(id)).collect();
        self.expect_texts(chat, &texts, lang)
    }

    /// Like `expect_only`, with some arguments fixed (those that choose a variant).
    pub fn expect_texts(&self, chat: i64, expected: &[Text], lang: Language) -> Vec<Call> {
        let got = self.new_messages(chat);
        let texts: Vec<&str> = got.iter().map(text_of).collect();
        let ids: Vec<&str> = expected.iter().map(Text::id).collect();
        assert_eq!(
            got.len(),
            ids.len(),
            "chat {chat} expected {ids:?}, got {texts:#?}"
        );
        for (call, text) in got.iter().zip(expected) {
            let piece = fragment(text, lang);
            assert!(
                text_of(call).contains(&piece),
                "chat {chat}: expected {} ({piece:?}), got {:?}",
                text.id(),
                text_of(call)
            );
        }
        got
    }

    /// Waits for the next message to `chat` (after those already looked at) that contains message `id`'s fixed
    /// text, and returns it; the messages before it count as looked at.
    pub async fn expect(&self, chat: i64, id: &str, lang: Language) -> Call {
        self.expect_text(chat, &Text::new(id), lang).await
    }

    /// Like `expect`, with some arguments fixed (a selector such as the reason of a refusal).
    pub async fn expect_text(&self, chat: i64, text: &Text, lang: Language) -> Call {
        let piece = fragment(text, lang);
        let skip = self.seen.lock().unwrap().get(&chat).copied().unwrap_or(0);
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let calls = self.messages_to(chat);
            if let Some((i, call)) = calls
                .iter()
                .enumerate()
                .skip(skip)
                .find(|(_, c)| text_of(c).contains(&piece))
            {
                self.seen.lock().unwrap().insert(chat, i + 1);
                return call.clone();
            }
            if tokio::time::Instant::now() > deadline {
                let texts: Vec<&str> = calls.iter().skip(skip).map(text_of).collect();
                panic!(
                    "chat {chat} never got {} ({piece:?}); it got: {texts:#?}",
                    text.id()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Types a text and expects the bot's answer `reply`.
    pub async fn say(&self, user: &SimUser, text: &str, reply: &str, lang: Language) -> Call {
        user.send_text(text);
        self.expect(user.id, reply, lang).await
    }

    /// Gives the new order's title and starts without a template.
    pub async fn blank_order(&self, user: &SimUser, title: &str, lang: Language) {
        let question = self.say(user, title, "neworder-template", lang).await;
        let blank = button(&question, "button-blank-order", lang);
        self.press(user, &blank, "neworder-milestone-title", lang)
            .await;
    }

    /// Types a text that must be refused with `reply`.
    pub async fn say_refused(&self, user: &SimUser, text: &str, reply: Text, lang: Language) {
        user.send_text(text);
        self.expect_text(user.id, &reply, lang).await;
    }

    /// Presses a button (by its data) and expects the bot's answer `reply`.
    pub async fn press(&self, user: &SimUser, data: &str, reply: &str, lang: Language) -> Call {
        user.press(data, 1);
        self.expect(user.id, reply, lang).await
    }

    /// Presses a button that must be refused because only `who` may press it.
    pub async fn press_refused(&self, user: &SimUser, data: &str, who: &str, lang: Language) {
        let refusal = Text::new("error-not-allowed").arg("who", who);
        self.press_alert(user, data, &refusal, lang).await;
    }

    /// Presses a button whose refusal must show as an alert on the presser's screen, and nothing in their chat.
    pub async fn press_alert(&self, user: &SimUser, data: &str, alert: &Text, lang: Language) {
        let press = user.press(data, 1);
        self.expect_alert(press, alert, lang).await;
    }

    /// Waits for the answer to press `update_id` and checks it is the alert `text`.
    pub async fn expect_alert(&self, update_id: i64, text: &Text, lang: Language) {
        let query = self.fake.update(update_id)["callback_query"]["id"].clone();
        let deadline = tokio::time::Instant::now() + WAIT;
        let answer = loop {
            let answers = self.fake.calls_to("answerCallbackQuery");
            if let Some(a) = answers
                .iter()
                .find(|a| a.params["callback_query_id"] == query)
            {
                break a.clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "press {update_id} never answered"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let piece = fragment(text, lang);
        let shown = answer.params["text"].as_str().unwrap_or_default();
        assert!(
            shown.contains(&piece) && answer.params["show_alert"] == true,
            "press {update_id}: expected the alert {} ({piece:?}), got {:?}",
            text.id(),
            answer.params
        );
    }

    /// Stops the bot, checking on the way that every text it sent was Telegram HTML: a text sent without
    /// `parse_mode` would show a title's `&amp;` to its reader.
    pub async fn stop(self) {
        self.task.abort();
        self.app.store.close().await;
        let unformatted: Vec<_> = self
            .fake
            .calls()
            .into_iter()
            .filter(|c| {
                let p = &c.params;
                let texted = p.get("text").is_some() || p.get("caption").is_some();
                let formatted = p.get("entities").is_some() || p.get("caption_entities").is_some();
                c.method != "answerCallbackQuery" && texted && !formatted
            })
            .collect();
        assert!(
            unformatted.is_empty(),
            "sent without parse_mode HTML: {unformatted:#?}"
        );
    }
}

/// Starts the bot as `dereja run` does, once the fake has been asked who the bot is.
async fn start_bot(
    fake: &FakeBotApi,
    env: &HashMap<String, String>,
    clock: &TestClock,
) -> (App, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let config = Config::from_lookup(|k| env.get(k).cloned()).expect("a valid configuration");
    let store = Store::connect(&env["DATABASE_URL"]).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock: Arc<dyn Clock> = match clock {
        TestClock::Manual(clock) => clock.clone(),
        TestClock::System => Arc::new(SystemClock),
    };
    let app = App::new(config, store, clock);
    let bot = teloxide::Bot::new(TOKEN).set_api_url(fake.url().parse().unwrap());
    let calls_before = fake.calls_to("getMe").len();
    let task = tokio::spawn(dereja::run(bot, app.clone()));
    let deadline = tokio::time::Instant::now() + WAIT;
    while fake.calls_to("getMe").len() == calls_before {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (app, task)
}
