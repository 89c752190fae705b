//! Read-only commands (`/help`, `/orders`) from many people: the peak rate with every update queued at once, then
//! the latency from an update to the first reply at half that rate.

use crate::process::BotProcess;
use crate::replies::Replies;
use crate::stats::{Figures, percentile};
use dereja_fakebot::{FakeBotApi, SimUser};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Bursts timed per bot, of which the median rate counts: the echo bot's burst lasts under a second, and one burst's
/// rate moved by half between runs.
const BURSTS: usize = 3;

pub async fn read_only(
    fake: &Arc<FakeBotApi>,
    bot: &BotProcess,
    users: usize,
    per_user: usize,
) -> Figures {
    let replies = Replies::watch(fake.clone());
    let people: Vec<SimUser> = (0..users as i64)
        .map(|i| fake.user(100_000 + i, &format!("Person {i}"), Some("en")))
        .collect();
    // First contact (the user is stored) is not what this measures.
    send_all(&people, &replies, 1, |_| "/start").await;
    let writes = bot.writes().await;
    let burst = users * per_user;
    let mut rates = Vec::new();
    for _ in 0..BURSTS {
        let started = Instant::now();
        send_all(&people, &replies, per_user, |round| {
            if round % 2 == 0 { "/help" } else { "/orders" }
        })
        .await;
        rates.push(burst as f64 / started.elapsed().as_secs_f64());
    }
    let updates = burst * BURSTS;
    let writes = bot.writes().await - writes;
    rates.sort_by(f64::total_cmp);
    let per_second = rates[BURSTS / 2];
    let latencies = latencies(&people, &replies, per_second / 2.0).await;
    Figures {
        updates,
        per_second,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        writes_per_update: writes.transactions / updates as f64,
        commits_per_update: writes.commits / updates as f64,
        peak_rss_mib: bot.peak_rss_mib(),
    }
}

/// Every person sends `rounds` messages at once; waits until each got a reply to each.
async fn send_all(
    people: &[SimUser],
    replies: &Replies,
    rounds: usize,
    text: impl Fn(usize) -> &'static str,
) {
    let expected: HashMap<i64, usize> = people
        .iter()
        .map(|p| (p.id, replies.count(p.id) + rounds))
        .collect();
    for round in 0..rounds {
        for person in people {
            person.send_text(text(round));
        }
    }
    replies.all(&expected).await;
}

/// Two `/help` per person, one update every 1/`rate` s, in turn (a person's next comes long after their reply):
/// each update's time to its first reply.
async fn latencies(people: &[SimUser], replies: &Replies, rate: f64) -> Vec<Duration> {
    let interval = Duration::from_secs_f64(1.0 / rate);
    let start = tokio::time::Instant::now();
    let mut sent = Vec::new();
    for k in 0..people.len() * 2 {
        tokio::time::sleep_until(start + interval * k as u32).await;
        let person = &people[k % people.len()];
        let from = replies.count(person.id);
        sent.push((person.id, from, Instant::now()));
        person.send_text("/help");
    }
    let mut latencies = Vec::new();
    for (chat, from, at) in sent {
        let (_, reply) = replies.first(chat, from, |_| true).await;
        latencies.push(reply.at.saturating_duration_since(at));
    }
    latencies
}
