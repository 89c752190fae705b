//! The baseline: a minimal teloxide echo bot (long polling, one reply per message), run as its own process by
//! the benchmark (`throughput --echo-bot <api url>`), against the same fake as Dereja.

use teloxide::prelude::*;

pub fn run(api_url: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let api_url = url::Url::parse(api_url).expect("the fake's URL");
    runtime.block_on(async move {
        let bot = Bot::new("123456:echo-bot-for-the-benchmark").set_api_url(api_url);
        let handler = Update::filter_message().endpoint(|bot: Bot, message: Message| async move {
            if let Some(text) = message.text() {
                bot.send_message(message.chat.id, text).await?;
            }
            Ok::<(), teloxide::RequestError>(())
        });
        Dispatcher::builder(bot, handler).build().dispatch().await;
    });
}
