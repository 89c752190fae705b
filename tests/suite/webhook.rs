//! Webhook mode through the real binary: the fake Bot API posts updates to the bot's listener as Telegram (behind a
//! reverse proxy) would. The secret is checked, a whole order goes through, and two replicas that receive one
//! dialogue's updates in turn still handle them in order.

use crate::helpers::cluster::free_port;
use crate::helpers::fixtures::{ADMIN, BUYER, SELLER, fragment, terms};
use crate::helpers::process::{RunningBot, get, metric};
use crate::helpers::{TestApp, TestDb, WAIT, drop_backend, fetch_all, on_both_databases};
use dereja::i18n::Text;
use dereja::messages::Callback;
use dereja::store::Store;
use dereja_domain::{Language, OrderId, Role};
use dereja_fakebot::{FakeBotApi, post_json};
use serde_json::json;

on_both_databases!(a_whole_order_over_the_webhook);

const URL: &str = "https://bot.example.com/telegram/updates";

/// The bot in webhook mode at a free local address: the settings and the address.
fn webhook_settings() -> (String, Vec<(&'static str, String)>) {
    let address = format!("127.0.0.1:{}", free_port());
    let env = vec![
        ("DEREJA_ADMINS", ADMIN.to_string()),
        ("DEREJA_LISTEN", address.clone()),
        ("DEREJA_WEBHOOK_URL", URL.to_string()),
    ];
    (address, env)
}

fn borrowed<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Waits until `chat` was sent the message `id` (in English).
async fn told(fake: &FakeBotApi, chat: i64, id: &'static str) {
    let wanted = fragment(&Text::new(id), Language::EN);
    fake.wait_for("sendMessage", WAIT, |p| {
        p["chat_id"] == chat && p["text"].as_str().is_some_and(|t| t.contains(&wanted))
    })
    .await;
}

/// Telegram is told the URL, a generated secret and the kinds of update the bot handles; a request without the
/// secret, or with another, is refused and counted; then a one-milestone order goes from join to approval, every
/// update arriving by webhook and none by polling.
async fn a_whole_order_over_the_webhook(database_url: String) {
    let setup = TestApp::spawn(&database_url, &[]).await;
    for (id, name) in [(BUYER, "Selam"), (SELLER, "Dawit"), (ADMIN, "Admin")] {
        setup.person(id, name, "en").await;
    }
    let order = setup.open_order(BUYER, vec![terms(7, 150_000, 1)]).await;
    let invitation = setup.invitation(order).await;
    setup.stop().await;

    let fake = FakeBotApi::start().await;
    let (address, env) = webhook_settings();
    let bot = RunningBot::start_with(&fake, &database_url, &borrowed(&env));
    let set = fake.wait_for("setWebhook", WAIT, |_| true).await;
    assert_eq!(set.params["url"], URL);
    assert_eq!(
        set.params["allowed_updates"],
        json!(["message", "callback_query", "pre_checkout_query"])
    );
    let (_, secret) = fake.webhook().expect("a webhook is set");
    assert!(secret.len() >= 32, "a generated secret: {secret:?}");

    let hello = json!({ "update_id": 1, "message": {
        "message_id": 1, "date": 1_767_000_000, "text": "/start",
        "chat": { "id": BUYER, "type": "private", "first_name": "Selam" },
        "from": { "id": BUYER, "is_bot": false, "first_name": "Selam", "language_code": "en" },
    }});
    let path = "/telegram/updates";
    let _ = get(&address, "/healthz").await; // the listener is up
    for wrong in [None, Some("not-the-secret")] {
        let status = post_json(&address, path, wrong, &hello).await.unwrap();
        assert_eq!(status, 401, "secret {wrong:?}");
    }
    let (_, metrics) = get(&address, "/metrics").await;
    assert_eq!(metric(&metrics, "dereja_webhook_refused_total", &[]), 2.0);

    fake.deliver_by_webhook(&[&address]);
    let [buyer, seller, admin] = [BUYER, SELLER, ADMIN].map(|id| fake.user(id, "x", Some("en")));
    for person in [&buyer, &seller, &admin] {
        person.has_started();
    }
    seller.press(&Callback::Join(invitation).to_string(), 1);
    told(&fake, SELLER, "joined").await;
    seller.press(&Callback::Accept(order, 1).to_string(), 1);
    told(&fake, BUYER, "notice-fund-please").await;
    buyer.press(&Callback::PayByTransfer(order, 1).to_string(), 1);
    told(&fake, BUYER, "prompt-payment-reference").await;
    buyer.send_text("TeleBirr TX 8F3K2");
    told(&fake, ADMIN, "notice-payment-reported").await;
    admin.press(&Callback::ConfirmPayment(order, 1).to_string(), 1);
    told(&fake, BUYER, "notice-funded").await;
    seller.press(&Callback::StartDelivery(order, 1).to_string(), 1);
    told(&fake, SELLER, "prompt-delivery").await;
    seller.send_document("BQACAgIAAxk-logo", "logo.pdf");
    seller.press(&Callback::SubmitDelivery(order, 1).to_string(), 1);
    told(&fake, BUYER, "notice-delivered").await;
    buyer.press(&Callback::Approve(order, 1).to_string(), 1);
    told(&fake, BUYER, "confirm-approval").await;
    buyer.press(&Callback::ConfirmApprove(order, 1).to_string(), 1);
    told(&fake, BUYER, "notice-approved-buyer").await;
    told(&fake, SELLER, "notice-approved-seller").await;

    assert_eq!(fake.polls(), 0, "no update was polled");
    assert!(fake.calls_to("deleteWebhook").is_empty());
    let (_, metrics) = get(&address, "/metrics").await;
    let received = metric(&metrics, "dereja_updates_received_total", &[]);
    assert!(received >= 10.0, "{received} updates received:\n{metrics}");
    bot.stop().await;
}

/// Two replicas on one Postgres behind a load balancer that gives each the next update in turn: a whole new-order
/// dialogue sent at once (as a fast typist would) still reads in order, each step once, and the order is created as
/// typed. Both replicas received updates.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_keep_a_dialogue_in_order() {
    let Some((database_url, backend)) = TestDb::postgres_url().await else {
        return;
    };
    let store = Store::connect(&database_url).await.unwrap();
    store.migrate().await.unwrap();
    let fake = FakeBotApi::start().await;
    let (first, env_a) = webhook_settings();
    let (second, env_b) = webhook_settings();
    let a = RunningBot::start_with(&fake, &database_url, &borrowed(&env_a));
    let b = RunningBot::start_with(&fake, &database_url, &borrowed(&env_b));
    let deadline = tokio::time::Instant::now() + WAIT;
    while fake.calls_to("setWebhook").len() < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "both replicas set the webhook"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let secrets: Vec<_> = fake
        .calls_to("setWebhook")
        .iter()
        .map(|c| c.params["secret_token"].clone())
        .collect();
    assert_eq!(secrets[0], secrets[1], "the replicas share one secret");
    for address in [&first, &second] {
        let _ = get(address, "/healthz").await;
    }

    let buyer = fake.user(BUYER, "Selam", Some("en"));
    buyer.has_started();
    buyer.send_text("/start");
    buyer.send_text("/neworder");
    buyer.press(&Callback::ChooseRole(Role::Buyer).to_string(), 1);
    buyer.send_text("Café logo");
    buyer.press(&Callback::UseTemplate(None).to_string(), 1);
    buyer.send_text("First concepts");
    buyer.send_text("- 3 concepts as PNG\n- source file");
    buyer.send_text("7d");
    buyer.send_text("1,500");
    buyer.send_text("2");
    buyer.press(&Callback::FinishMilestones.to_string(), 1);
    buyer.press(&Callback::ConfirmOrder.to_string(), 1);
    fake.deliver_by_webhook(&[&first, &second]);
    told(&fake, BUYER, "neworder-created").await;

    let orders: Vec<(i64, String)> = fetch_all!(&store, "SELECT id, title FROM orders").unwrap();
    assert_eq!(orders.len(), 1, "{orders:?}");
    let order = OrderId(orders[0].0);
    assert_eq!(orders[0].1, "Café logo");
    let milestones: Vec<(String, String, i64, i64)> = fetch_all!(
        &store,
        "SELECT title, deliverables, amount_minor, revisions_included FROM milestones"
    )
    .unwrap();
    assert_eq!(
        milestones,
        vec![(
            "First concepts".to_string(),
            "- 3 concepts as PNG\n- source file".to_string(),
            150_000,
            2
        )],
        "order {order:?}"
    );
    for address in [&first, &second] {
        let (_, metrics) = get(address, "/metrics").await;
        let received = metric(&metrics, "dereja_updates_received_total", &[]);
        assert!(received >= 1.0, "{address} received nothing");
    }
    a.stop().await;
    b.stop().await;
    store.close().await;
    drop_backend(backend).await;
}
