//! The real `dereja` binary against the local fake Bot API, over HTTP, as several simulated users.

use crate::helpers::TestApp;
use crate::helpers::cluster::{PrivateCluster, free_port};
use crate::helpers::fixtures::{ADMIN, BUYER, SELLER, fragment, terms, text_of};
use crate::helpers::process::{RunningBot, get, metric};
use crate::helpers::{ScratchDir, TestDb, WAIT, drop_backend, fetch_all, on_both_databases};
use dereja::i18n::Text;
use dereja::messages::Callback;
use dereja::store::Store;
use dereja_domain::{Account, Currency, Language, Ledger, MilestoneRef, Note, Role};
use dereja_fakebot::FakeBotApi;
use std::time::Duration;
use tokio::process::Command;

on_both_databases!(
    welcome_and_language,
    a_worker_replica_does_not_poll,
    a_batch_acknowledged_before_a_kill_is_handled_after_the_restart,
    a_confirmed_payment_survives_a_kill_and_counts_once,
    metrics_move_with_the_work,
    dialogues_typed_at_once_keep_their_order_with_updates_claimed_ahead,
);

fn text(id: &'static str, lang: Language) -> String {
    Text::new(id).render(lang)
}

/// Kills the bot (SIGKILL) the moment it has acknowledged every update to the fake, before it can handle them.
async fn kill_once_acknowledged(fake: &FakeBotApi, bot: RunningBot) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while fake.unacknowledged() > 0 {
        assert!(tokio::time::Instant::now() < deadline, "never acknowledged");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    bot.kill().await;
}

/// The bot is killed (SIGKILL) the moment it has acknowledged a batch of updates to Telegram, most of them not
/// handled yet: after the restart every one is handled, from the inbox.
async fn a_batch_acknowledged_before_a_kill_is_handled_after_the_restart(database_url: String) {
    const PEOPLE: i64 = 20;
    let fake = FakeBotApi::start().await;
    // One handler at a time, so the kill lands with most of the batch still waiting.
    let env = [("DEREJA_MAX_HANDLERS", "1")];
    let bot = RunningBot::start_with(&fake, &database_url, &env);
    fake.wait_for("setMyCommands", WAIT, |_| true).await;
    let people: Vec<_> = (1..=PEOPLE)
        .map(|i| fake.user(1000 + i, &format!("Person {i}"), Some("en")))
        .collect();
    for person in &people {
        person.send_text("/start");
    }
    kill_once_acknowledged(&fake, bot).await;
    let welcomed = |fake: &FakeBotApi| {
        (1..=PEOPLE)
            .filter(|i| {
                fake.calls_to("sendMessage")
                    .iter()
                    .any(|c| c.params["chat_id"] == 1000 + i)
            })
            .count() as i64
    };
    let before = welcomed(&fake);
    assert!(
        before < PEOPLE,
        "the kill came after the whole batch was handled ({before})"
    );

    let bot = RunningBot::start_with(&fake, &database_url, &env);
    let deadline = tokio::time::Instant::now() + 4 * WAIT;
    while welcomed(&fake) < PEOPLE {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} of {PEOPLE} welcomed after the restart ({before} before the kill)",
            welcomed(&fake)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("welcomed before the kill: {before} of {PEOPLE}; after the restart: all");
    bot.stop().await;
}

/// One handler, so each claim takes an update for it and one ahead: five people type a whole new-order dialogue at
/// once (as fast typists would), and each order is created as its buyer typed it, every step once and in order.
async fn dialogues_typed_at_once_keep_their_order_with_updates_claimed_ahead(database_url: String) {
    let fake = FakeBotApi::start().await;
    let bot = RunningBot::start_with(&fake, &database_url, &[("DEREJA_MAX_HANDLERS", "1")]);
    fake.wait_for("setMyCommands", WAIT, |_| true).await;
    let buyers: Vec<i64> = (1..=5).map(|i| 5000 + i).collect();
    let people: Vec<_> = buyers
        .iter()
        .map(|id| fake.user(*id, "Buyer", Some("en")))
        .collect();
    for step in dialogue_steps() {
        for (person, id) in people.iter().zip(&buyers) {
            match &step {
                Step::Say(text) => {
                    person.send_text(&text.replace("{id}", &id.to_string()));
                }
                Step::Press(data) => {
                    person.press(data, 1);
                }
            }
        }
    }
    let created = fragment(&Text::new("neworder-created"), Language::EN);
    for id in &buyers {
        fake.wait_for("sendMessage", 2 * WAIT, |p| {
            p["chat_id"] == *id && p["text"].as_str().is_some_and(|t| t.contains(&created))
        })
        .await;
    }
    bot.stop().await;
    let store = Store::connect(&database_url).await.unwrap();
    let orders: Vec<(i64, String, String, i64)> = fetch_all!(
        &store,
        "SELECT o.buyer_id, o.title, m.title, m.amount_minor FROM orders o \
         JOIN milestones m ON m.order_id = o.id ORDER BY o.buyer_id"
    )
    .unwrap();
    store.close().await;
    let expected: Vec<_> = buyers
        .iter()
        .map(|id| (*id, format!("Logo {id}"), format!("Concepts {id}"), 150_000))
        .collect();
    assert_eq!(orders, expected, "one order each, as typed");
}

enum Step {
    Say(&'static str),
    Press(String),
}

/// A new order typed through (`{id}` is the typist's id, so each order says whose it is).
fn dialogue_steps() -> Vec<Step> {
    vec![
        Step::Say("/neworder"),
        Step::Press(Callback::ChooseRole(Role::Buyer).to_string()),
        Step::Say("Logo {id}"),
        Step::Press(Callback::UseTemplate(None).to_string()),
        Step::Say("Concepts {id}"),
        Step::Say("- 3 concepts as PNG"),
        Step::Say("7d"),
        Step::Say("1,500"),
        Step::Say("2"),
        Step::Press(Callback::FinishMilestones.to_string()),
        Step::Press(Callback::ConfirmOrder.to_string()),
    ]
}

/// The admin's "Confirm payment" (pressed twice) is acknowledged to Telegram and the bot is killed before it is
/// handled: after the restart the milestone is funded once, the ledger balances, and the buyer is told once.
async fn a_confirmed_payment_survives_a_kill_and_counts_once(database_url: String) {
    const PRICE: i64 = 150_000;
    let admins = ("DEREJA_ADMINS", "900");
    let setup = TestApp::spawn(&database_url, &[admins]).await;
    for (id, name) in [(BUYER, "Selam"), (SELLER, "Dawit"), (ADMIN, "Admin")] {
        setup.person(id, name, "en").await;
    }
    let order = setup.open_order(BUYER, vec![terms(7, PRICE, 1)]).await;
    setup.join(SELLER, order).await;
    setup
        .by(SELLER, order, dereja_domain::Command::Accept { seq: 1 })
        .await;
    let reference = Note::new("TeleBirr TX 77").unwrap();
    let report = dereja_domain::Command::ReportPayment { seq: 1, reference };
    setup.by(BUYER, order, report).await;
    setup.stop().await;

    let fake = FakeBotApi::start().await;
    let env = [admins, ("DEREJA_MAX_HANDLERS", "1")];
    let bot = RunningBot::start_with(&fake, &database_url, &env);
    fake.wait_for("setMyCommands", WAIT, |_| true).await;
    for id in [BUYER, SELLER] {
        fake.user(id, "x", Some("en")).has_started();
    }
    // Others write first, so the presses still wait when the bot dies.
    for i in 1..=10 {
        fake.user(3000 + i, "x", Some("en")).send_text("/start");
    }
    let admin = fake.user(ADMIN, "Admin", Some("en"));
    let confirm = Callback::ConfirmPayment(order, 1).to_string();
    admin.press(&confirm, 1);
    admin.press(&confirm, 1);
    kill_once_acknowledged(&fake, bot).await;

    let funded = fragment(&Text::new("notice-funded"), Language::EN);
    let told = |fake: &FakeBotApi| {
        fake.calls_to("sendMessage")
            .iter()
            .filter(|c| c.params["chat_id"] == BUYER && text_of(c).contains(&funded))
            .count()
    };
    assert_eq!(
        told(&fake),
        0,
        "the kill came after the confirmation was handled"
    );

    let bot = RunningBot::start_with(&fake, &database_url, &env);
    let deadline = tokio::time::Instant::now() + 3 * WAIT;
    while told(&fake) == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the payment was never confirmed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let anything that would repeat it happen, then count.
    tokio::time::sleep(Duration::from_secs(2)).await;
    bot.stop().await;
    assert_eq!(told(&fake), 1, "the buyer is told once");
    let store = Store::connect(&database_url).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let events = tx.order_events(order).await.unwrap();
    let postings = tx.order_postings(order).await.unwrap();
    let totals = tx.ledger_totals().await.unwrap();
    tx.commit().await.unwrap();
    store.close().await;
    let fundings = events.iter().filter(|e| e.kind.name() == "funded").count();
    assert_eq!(fundings, 1, "funded once");
    assert_eq!(totals, vec![("ETB".to_string(), 0)], "the ledger balances");
    let mut ledger = Ledger::default();
    for t in &postings {
        ledger.post(t);
    }
    let escrow = Account::Escrow {
        milestone: MilestoneRef { order, seq: 1 },
    };
    let held =
        dereja_domain::decimal_to_minor(ledger.balance(escrow, Currency::ETB), Currency::ETB);
    assert_eq!(held.unwrap(), PRICE, "held once");
}

/// Waits until `/readyz` answers `status`.
async fn readiness(address: &str, status: u16) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let (got, body) = get(address, "/readyz").await;
        if got == status {
            return body;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "/readyz stayed {got} ({body})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `/metrics` scraped before and after some work: the counters and the figures from the database move.
async fn metrics_move_with_the_work(database_url: String) {
    let fake = FakeBotApi::start().await;
    let address = format!("127.0.0.1:{}", free_port());
    let env = [("DEREJA_LISTEN", address.as_str())];
    let bot = RunningBot::start_with(&fake, &database_url, &env);
    fake.wait_for("setMyCommands", WAIT, |_| true).await;
    assert_eq!(get(&address, "/healthz").await, (200, "ok\n".to_string()));
    readiness(&address, 200).await;
    let (_, before) = get(&address, "/metrics").await;
    assert_eq!(metric(&before, "dereja_inbox_open", &[]), 0.0, "{before}");
    assert_eq!(metric(&before, "dereja_database_up", &[]), 1.0, "{before}");

    for i in 1..=3 {
        fake.user(4000 + i, "x", Some("en")).send_text("/start");
    }
    for i in 1..=3 {
        fake.wait_for("sendMessage", WAIT, |p| p["chat_id"] == 4000 + i)
            .await;
    }
    // A handling is counted when its handler returns, a moment after its reply went out.
    let handled_label = ["kind=\"message\"", "outcome=\"done\""];
    let deadline = tokio::time::Instant::now() + WAIT;
    let after = loop {
        let (_, after) = get(&address, "/metrics").await;
        let handled = metric(&after, "dereja_updates_handled_total", &handled_label)
            - metric(&before, "dereja_updates_handled_total", &handled_label);
        if handled >= 3.0 || tokio::time::Instant::now() > deadline {
            break after;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let counted =
        |name, labels: &[&str]| metric(&after, name, labels) - metric(&before, name, labels);
    assert_eq!(
        counted("dereja_updates_received_total", &[]),
        3.0,
        "{after}"
    );
    let handled = counted("dereja_updates_handled_total", &handled_label);
    assert_eq!(handled, 3.0, "{after}");
    assert!(
        counted("dereja_messages_sent_total", &["via=\"direct\""]) >= 3.0,
        "{after}"
    );
    assert!(
        metric(
            &after,
            "dereja_handler_seconds_count",
            &["kind=\"message\""]
        ) >= 3.0,
        "{after}"
    );
    for gauge in [
        "dereja_outbox_backlog",
        "dereja_jobs_due",
        "dereja_disputes_open",
    ] {
        assert!(after.contains(gauge), "{gauge} missing:\n{after}");
    }
    bot.stop().await;
}

/// Postgres stops while people write to the bot: nothing is acknowledged to Telegram meanwhile (so nothing can be
/// lost), and when the database is back every update is handled, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_acknowledges_nothing_and_loses_nothing() {
    const PEOPLE: i64 = 10;
    let Some(cluster) = PrivateCluster::start() else {
        return;
    };
    let fake = FakeBotApi::start().await;
    let address = format!("127.0.0.1:{}", free_port());
    let bot = RunningBot::start_with(&fake, &cluster.url(), &[("DEREJA_LISTEN", &address)]);
    fake.wait_for("setMyCommands", WAIT, |_| true).await;
    readiness(&address, 200).await;
    let welcomes = |fake: &FakeBotApi, id: i64| {
        fake.calls_to("sendMessage")
            .iter()
            .filter(|c| c.params["chat_id"] == id)
            .count()
    };

    cluster.stop();
    let why = readiness(&address, 503).await;
    assert!(why.contains("database"), "{why}");
    assert_eq!(get(&address, "/healthz").await.0, 200, "alive all the same");
    for i in 1..=PEOPLE {
        fake.user(2000 + i, &format!("Person {i}"), Some("en"))
            .send_text("/start");
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        fake.unacknowledged() as i64,
        PEOPLE,
        "updates were acknowledged while the database was down"
    );
    assert!((1..=PEOPLE).all(|i| welcomes(&fake, 2000 + i) == 0));

    cluster.start_again();
    readiness(&address, 200).await;
    let deadline = tokio::time::Instant::now() + 2 * WAIT;
    while !(1..=PEOPLE).all(|i| welcomes(&fake, 2000 + i) > 0) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not everyone was welcomed after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        (1..=PEOPLE).all(|i| welcomes(&fake, 2000 + i) == 1),
        "each once"
    );
    let (_, metrics) = get(&address, "/metrics").await;
    let handled = metric(
        &metrics,
        "dereja_updates_handled_total",
        &["outcome=\"done\""],
    );
    assert!(handled >= PEOPLE as f64, "{handled} handled:\n{metrics}");
    bot.stop().await;
}

async fn welcome_and_language(database_url: String) {
    let fake = FakeBotApi::start().await;
    let bot = RunningBot::start(&fake, &database_url);

    // The command menu is registered in both languages.
    let menu = fake
        .wait_for("setMyCommands", WAIT, |p| p["language_code"] == "am")
        .await;
    assert_eq!(menu.params["commands"][0]["command"], "neworder");
    assert_eq!(
        menu.params["commands"][0]["description"],
        text("command-neworder", Language::AM)
    );
    // Groups get the group's few commands, private chats all of them; an empty chat shows the description.
    let fake_ref = &fake;
    let commands = |scope: &'static str| async move {
        let menu = fake_ref
            .wait_for("setMyCommands", WAIT, |p| {
                p["scope"]["type"] == scope && p["language_code"] == "am"
            })
            .await;
        let names: Vec<String> = menu.params["commands"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["command"].as_str().map(str::to_string))
            .collect();
        names
    };
    assert_eq!(
        commands("all_group_chats").await,
        ["neworder", "orders", "language", "help"]
    );
    let private = commands("all_private_chats").await;
    assert!(private.contains(&"balance".to_string()) && private.len() > 10);
    for (method, field, id) in [
        ("setMyDescription", "description", "bot-description"),
        (
            "setMyShortDescription",
            "short_description",
            "bot-short-description",
        ),
    ] {
        for lang in [Language::EN, Language::AM] {
            let set = fake
                .wait_for(method, WAIT, |p| p["language_code"] == lang.code())
                .await;
            assert_eq!(set.params[field], text(id, lang));
        }
    }

    // First contact in English: a welcome and the language picker.
    let abebe = fake.user(11, "Abebe", Some("en"));
    abebe.send_text("/start");
    let welcome = fake
        .wait_for("sendMessage", WAIT, |p| p["chat_id"] == 11)
        .await;
    let expected = Text::new("welcome")
        .arg("name", "Abebe")
        .render(Language::EN);
    assert_eq!(welcome.params["text"], expected.as_str());
    let buttons = &welcome.params["reply_markup"]["inline_keyboard"][0];
    assert_eq!(buttons[0]["text"], text("language-name", Language::EN));
    assert_eq!(buttons[1]["text"], text("language-name", Language::AM));

    // A user whose Telegram speaks Amharic is welcomed in Amharic.
    let tigist = fake.user(22, "Tigist", Some("am"));
    tigist.send_text("/start");
    let welcome = fake
        .wait_for("sendMessage", WAIT, |p| p["chat_id"] == 22)
        .await;
    let expected = Text::new("welcome")
        .arg("name", "Tigist")
        .render(Language::AM);
    assert_eq!(welcome.params["text"], expected.as_str());
    assert!(expected.contains("ደረጃ"));

    // She switches to English with the button; the bot remembers it.
    let message_id = welcome.params["message_id"].as_i64().unwrap_or(1);
    let english = buttons[0]["callback_data"].as_str().expect("callback data");
    tigist.press(english, message_id);
    let edited = fake
        .wait_for("editMessageText", WAIT, |p| p["chat_id"] == 22)
        .await;
    assert_eq!(edited.params["text"], text("language-set", Language::EN));
    tigist.send_text("/help");
    fake.wait_for("sendMessage", WAIT, |p| {
        p["chat_id"] == 22 && p["text"] == text("help", Language::EN).as_str()
    })
    .await;

    // A forged or stale button is answered politely, in the presser's language.
    abebe.press("1:approve:99", 1);
    let answer = fake
        .wait_for("answerCallbackQuery", WAIT, |p| p["text"].is_string())
        .await;
    assert_eq!(answer.params["text"], text("button-stale", Language::EN));

    // Free text gets a pointer to /help.
    abebe.send_text("hello?");
    fake.wait_for("sendMessage", WAIT, |p| {
        p["chat_id"] == 11 && p["text"] == text("not-understood", Language::EN).as_str()
    })
    .await;
    assert!(fake.polls() > 0, "the one poller polls");

    bot.stop().await;
}

/// `DEREJA_RECEIVE_UPDATES=false`: a replica that runs the scheduler and the outbox and leaves `getUpdates` to
/// the one poller Telegram allows per token.
async fn a_worker_replica_does_not_poll(database_url: String) {
    let fake = FakeBotApi::start().await;
    let bot = RunningBot::start_with(&fake, &database_url, &[("DEREJA_RECEIVE_UPDATES", "false")]);
    fake.wait_for("getMe", WAIT, |_| true).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.polls(), 0);
    bot.stop().await;
}

#[tokio::test]
async fn run_without_a_token_is_one_clear_line_and_exit_2() {
    let dir = ScratchDir::new();
    let out = Command::new(env!("CARGO_BIN_EXE_dereja"))
        .arg("run")
        .env_clear()
        .current_dir(&dir.0)
        .output()
        .await
        .expect("run dereja");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("TELOXIDE_TOKEN"), "{stderr}");
}

/// `check-config` lists every setting with where it came from (the environment, `.env`, or the default), secrets
/// masked; checks the database and asks Telegram about the token: accepted, then refused once revoked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_config_lists_every_setting_and_asks_telegram_about_the_token() {
    let dir = ScratchDir::new();
    std::fs::write(dir.0.join(".env"), "DEREJA_CURRENCY=USD\n").unwrap();
    let fake = FakeBotApi::start().await;
    let database = format!("sqlite://{}", dir.0.join("dereja.db").display());
    let check = || {
        Command::new(env!("CARGO_BIN_EXE_dereja"))
            .arg("check-config")
            .env_clear()
            .env(
                "TELOXIDE_TOKEN",
                "123456789:TEST-token_for-the-fake-bot-api",
            )
            .env("TELOXIDE_API_URL", fake.url())
            .env("DATABASE_URL", &database)
            .env("DEREJA_ADMINS", "900")
            .current_dir(&dir.0)
            .output()
    };
    let out = check().await.expect("run dereja");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "TELOXIDE_TOKEN = <set> (environment)",
        "DEREJA_ADMINS = 900 (environment)",
        "DEREJA_CURRENCY = USD (.env)",
        "DEREJA_TIMEZONE =  (default)",
        "Telegram accepts the token: @dereja_test_bot",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from:\n{stdout}");
    }
    assert_eq!(
        stdout.lines().filter(|l| l.contains(" = ")).count(),
        dereja::config::SETTINGS.len()
    );
    assert!(!stdout.contains("TEST-token"), "the token is never printed");

    fake.revoke_token();
    let out = check().await.expect("run dereja");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refuses TELOXIDE_TOKEN (401)"), "{stderr}");
}

#[tokio::test]
async fn migrate_creates_the_same_tables_on_both_backends() {
    let mut reports = Vec::new();
    let mut urls = vec![TestDb::sqlite_url()];
    urls.extend(TestDb::postgres_url().await);
    for (url, backend) in urls {
        let out = Command::new(env!("CARGO_BIN_EXE_dereja"))
            .arg("migrate")
            .env_clear()
            .env("DATABASE_URL", &url)
            .output()
            .await
            .expect("run dereja migrate");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let tables = stdout
            .split_once(": ")
            .map(|(_, t)| t.trim().to_string())
            .unwrap_or_default();
        reports.push(tables);
        drop_backend(backend).await;
    }
    assert!(reports[0].contains("milestones") && reports[0].contains("ledger_entries"));
    assert!(reports.windows(2).all(|w| w[0] == w[1]), "{reports:?}");
}
