//! Telegram's sending limits, kept by one pacer for every message a bot sends (notices, direct answers, edits,
//! files, invoices; answers to button presses are not limited): about 30 messages a second overall, one a second
//! per private chat after a short burst, and at most 20 in any minute per group. A chat Telegram asked to wait (a
//! 429 with `retry_after`) waits alone; the others go on.

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How many times a chat is swept from the per-chat limiters' memory: every this many messages.
const SWEEP_EVERY: u32 = 10_000;

pub struct Pacer {
    /// `false` for a pacer that keeps no limit but Telegram's own pauses (`DEREJA_SEND_LIMITS=off`).
    limited: bool,
    overall: DefaultDirectRateLimiter,
    private: DefaultKeyedRateLimiter<i64>,
    groups: DefaultKeyedRateLimiter<i64>,
    /// Chats Telegram asked to wait, until when.
    paused: Mutex<HashMap<i64, Instant>>,
    sent: AtomicU32,
    waiting: AtomicUsize,
}

fn n(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).expect("a positive limit")
}

/// A burst of 3, then one message every 4 seconds: no minute ever holds more than 18 (3 + 60 / 4), which leaves
/// room under Telegram's 20 for requests that arrive closer together than they left.
fn group_quota() -> Quota {
    Quota::with_period(Duration::from_secs(4))
        .expect("a positive period")
        .allow_burst(n(3))
}

impl Pacer {
    /// Telegram's published limits.
    pub fn telegram() -> Pacer {
        Pacer {
            limited: true,
            // A burst of 20 where Telegram tolerates about 30: the rest absorbs requests that bunch on the way.
            overall: RateLimiter::direct(Quota::per_second(n(30)).allow_burst(n(20))),
            private: RateLimiter::keyed(Quota::per_second(n(1)).allow_burst(n(5))),
            groups: RateLimiter::keyed(group_quota()),
            paused: Mutex::new(HashMap::new()),
            sent: AtomicU32::new(0),
            waiting: AtomicUsize::new(0),
        }
    }

    /// No limit but a 429's pause: for benchmarks against a fake Bot API that limits nothing.
    pub fn unlimited() -> Pacer {
        Pacer {
            limited: false,
            ..Pacer::telegram()
        }
    }

    /// How long `chat` must still wait because Telegram asked it to, if at all.
    pub fn paused_for(&self, chat: i64) -> Option<Duration> {
        let mut paused = self.paused.lock().expect("pacer lock");
        let until = *paused.get(&chat)?;
        let left = until.checked_duration_since(Instant::now());
        if left.is_none() {
            paused.remove(&chat);
        }
        left
    }

    /// Messages waiting for their turn right now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Waits until a message to `chat` keeps every limit, and counts it.
    pub async fn ready(&self, chat: i64) {
        let _waiting = Waiting::new(&self.waiting);
        if let Some(left) = self.paused_for(chat) {
            tokio::time::sleep(left).await;
        }
        if !self.limited {
            return;
        }
        // Group and supergroup ids are negative; private chats have the user's (positive) id.
        if chat < 0 {
            self.groups.until_key_ready(&chat).await;
        } else {
            self.private.until_key_ready(&chat).await;
        }
        self.overall.until_ready().await;
        self.sweep();
    }

    /// Telegram answered 429 for `chat`: its messages wait `wait`; the other chats do not.
    pub fn pause(&self, chat: i64, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self.paused.lock().expect("pacer lock");
        let entry = paused.entry(chat).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Forgets chats whose limits have fully recovered, so memory follows the active chats, not all chats ever.
    fn sweep(&self) {
        if self.sent.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.private.retain_recent();
            self.groups.retain_recent();
        }
    }
}

/// Counts a message as waiting while it lives, however the wait ends (a dropped future included).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Waiting<'a> {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use governor::middleware::NoOpMiddleware;
    use governor::nanos::Nanos;
    use governor::state::keyed::DefaultKeyedStateStore;

    #[tokio::test]
    async fn a_private_chat_gets_a_burst_then_one_a_second() {
        let pacer = Pacer::telegram();
        let start = Instant::now();
        let mut at = Vec::new();
        for _ in 0..7 {
            pacer.ready(42).await;
            at.push(start.elapsed());
        }
        assert!(at[4] < Duration::from_millis(100), "{at:?}");
        assert!(at[5] >= Duration::from_millis(900), "{at:?}");
        assert!(at[6] >= Duration::from_millis(1900), "{at:?}");
    }

    /// Offered a message every 100 ms for five minutes, a group takes at most 18 in any minute.
    #[test]
    fn no_minute_of_a_group_holds_more_than_18() {
        let clock = FakeRelativeClock::default();
        let limiter: RateLimiter<
            i64,
            DefaultKeyedStateStore<i64>,
            FakeRelativeClock,
            NoOpMiddleware<Nanos>,
        > = RateLimiter::new(group_quota(), Default::default(), clock.clone());
        let mut sent = Vec::new();
        for tick in 0..3_000u64 {
            if limiter.check_key(&-100).is_ok() {
                sent.push(tick);
            }
            clock.advance(Duration::from_millis(100));
        }
        assert!(sent.len() > 70, "{} sent", sent.len());
        for (i, first) in sent.iter().enumerate() {
            let within = sent[i..].iter().take_while(|t| **t < first + 600).count();
            assert!(within <= 18, "{within} in the minute from tick {first}");
        }
    }

    #[tokio::test]
    async fn a_paused_chat_waits_alone() {
        let pacer = Pacer::telegram();
        pacer.pause(7, Duration::from_millis(500));
        let start = Instant::now();
        pacer.ready(8).await;
        assert!(start.elapsed() < Duration::from_millis(100));
        pacer.ready(7).await;
        assert!(start.elapsed() >= Duration::from_millis(500));
        assert_eq!(pacer.paused_for(7), None);
    }
}
