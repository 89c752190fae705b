//! Memory against open orders: the bot started on a database holding few open orders, then on one holding many,
//! each serving the read-only workload; the peak resident memory of each. State lives in the database, so the
//! second should hold about as much as the first.

use crate::databases::Backend;
use crate::process::BotProcess;
use crate::{load, seeding};
use dereja_fakebot::{FakeBotApi, Limits};
use std::sync::Arc;

/// Peak MiB with `few`, then with `many` open orders.
pub struct Memory {
    pub few: (usize, f64),
    pub many: (usize, f64),
}

pub async fn against_open_orders(backend: &Backend, few: usize, many: usize) -> Memory {
    Memory {
        few: (few, peak_with(backend, few).await),
        many: (many, peak_with(backend, many).await),
    }
}

async fn peak_with(backend: &Backend, orders: usize) -> f64 {
    let url = backend.fresh().await;
    seeding::open_orders(&url, orders, chrono::Utc::now()).await;
    let fake = Arc::new(FakeBotApi::with_limits(Limits::unlimited()).await);
    let bot = BotProcess::dereja(&fake, &url).await;
    let figures = load::read_only(&fake, &bot, 200, 2).await;
    bot.stop().await;
    figures.peak_rss_mib
}
