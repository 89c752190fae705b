//! The fake behaves like Telegram where the bot can notice: limits, 403 for unstarted users, 429, payments.

use dereja_fakebot::{FakeBotApi, Limits};
use std::time::Duration;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice};

fn bot(fake: &FakeBotApi) -> Bot {
    Bot::new("1:fake").set_api_url(fake.url().parse().unwrap())
}

#[tokio::test]
async fn refuses_what_telegram_refuses() {
    let fake = FakeBotApi::start().await;
    let bot = bot(&fake);
    let never_started = bot.send_message(ChatId(42), "hi").await;
    // Telegram's current wording; teloxide maps it to `Unknown` (it knows only the older "Unauthorized" text).
    assert!(
        matches!(&never_started, Err(RequestError::Api(ApiError::Unknown(text))) if text.contains("can't initiate")),
        "{never_started:?}"
    );
    let user = fake.user(42, "Abebe", Some("am"));
    user.send_text("/start");
    bot.send_message(ChatId(42), "hi").await.unwrap();
    let long = bot.send_message(ChatId(42), "x".repeat(4097)).await;
    assert!(
        matches!(long, Err(RequestError::Api(ApiError::MessageIsTooLong))),
        "{long:?}"
    );
    let button = InlineKeyboardButton::callback("b", "d".repeat(65));
    let bad = bot
        .send_message(ChatId(42), "x")
        .reply_markup(InlineKeyboardMarkup::new([[button]]))
        .await;
    assert!(bad.is_err());
    assert_eq!(fake.calls_to("sendMessage").len(), 1);
    assert_eq!(fake.refusals().len(), 3);
}

#[tokio::test]
async fn floods_get_retry_after() {
    let limits = Limits {
        chat_burst: 2.0,
        ..Limits::default()
    };
    let fake = FakeBotApi::with_limits(limits).await;
    let bot = bot(&fake);
    fake.user(7, "Hana", None).send_text("/start");
    bot.send_message(ChatId(7), "1").await.unwrap();
    bot.send_message(ChatId(7), "2").await.unwrap();
    let third = bot.send_message(ChatId(7), "3").await;
    assert!(
        matches!(third, Err(RequestError::RetryAfter(s)) if s.duration() >= Duration::from_secs(1)),
        "{third:?}"
    );
}

#[tokio::test]
async fn a_paid_invoice_comes_back_as_a_successful_payment() {
    let fake = FakeBotApi::start().await;
    let bot = bot(&fake);
    let buyer = fake.user(9, "Selam", None);
    buyer.send_text("/start");
    bot.send_invoice(
        ChatId(9),
        "Milestone 1",
        "Logo",
        "order-1-1",
        "ETB",
        [LabeledPrice::new("Logo", 150_000)],
    )
    .provider_token("provider")
    .await
    .unwrap();
    let invoice = fake.calls_to("sendInvoice").remove(0);
    let query_id = buyer.pay(&invoice);
    // The bot confirms the pre-checkout; Telegram then sends the successful payment.
    bot.answer_pre_checkout_query(teloxide::types::PreCheckoutQueryId(query_id), true)
        .await
        .unwrap();
    let updates = bot.get_updates().await.unwrap();
    let payment = updates
        .iter()
        .find_map(|u| match &u.kind {
            teloxide::types::UpdateKind::Message(m) => m.successful_payment().cloned(),
            _ => None,
        })
        .expect("a successful payment update");
    assert_eq!(payment.total_amount, 150_000);
    assert_eq!(payment.invoice_payload, "order-1-1");
}

#[tokio::test]
async fn deep_links_follow_telegrams_rules() {
    let fake = FakeBotApi::start().await;
    let user = fake.user(3, "Dawit", Some("en"));
    assert!(
        user.open_link("https://t.me/dereja_test_bot?start=inv_AbC-123")
            .is_ok()
    );
    assert!(
        user.open_link("https://t.me/dereja_test_bot?start=has space")
            .is_err()
    );
    assert!(
        user.open_link(&format!(
            "https://t.me/dereja_test_bot?start={}",
            "a".repeat(65)
        ))
        .is_err()
    );
    assert!(user.open_link("https://t.me/other_bot?start=abc").is_err());
}

#[tokio::test]
async fn group_admins_are_reported() {
    let fake = FakeBotApi::start().await;
    let bot = bot(&fake);
    let group = fake.group(-1_005, &[11, 12]);
    let admins = bot.get_chat_administrators(ChatId(group)).await.unwrap();
    let ids: Vec<u64> = admins.iter().map(|m| m.user.id.0).collect();
    assert_eq!(ids, [11, 12]);
    let member = bot
        .get_chat_member(ChatId(group), UserId(13))
        .await
        .unwrap();
    assert!(!member.is_privileged());
}
