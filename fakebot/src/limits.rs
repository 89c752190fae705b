//! Telegram's flood limits as the fake enforces them: about 30 messages a second overall, one a second per chat
//! (short bursts allowed) and 20 a minute per group. Past a limit the caller gets a `retry_after` in seconds.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub overall_per_sec: f64,
    pub overall_burst: f64,
    pub chat_per_sec: f64,
    /// Messages one chat may receive at once before the per-second rate applies.
    pub chat_burst: f64,
    pub group_per_minute: usize,
}

impl Limits {
    /// No flood limits: for tests about something else that send many messages to one chat on a stopped clock
    /// (a 429 there would postpone a chat's messages to a moment that never comes).
    pub fn unlimited() -> Limits {
        Limits {
            overall_per_sec: 1e6,
            overall_burst: 1e6,
            chat_per_sec: 1e6,
            chat_burst: 1e6,
            group_per_minute: 1_000_000,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            overall_per_sec: 30.0,
            overall_burst: 30.0,
            chat_per_sec: 1.0,
            chat_burst: 10.0,
            group_per_minute: 20,
        }
    }
}

/// A token bucket: `capacity` tokens, refilled at `rate` per second.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn full(capacity: f64, now: Instant) -> Bucket {
        Bucket {
            tokens: capacity,
            last: now,
        }
    }

    /// Takes a token, or says how long until one is there.
    fn take(&mut self, capacity: f64, rate: f64, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate).min(capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / rate))
        }
    }
}

#[derive(Debug)]
pub struct RateLimiter {
    limits: Limits,
    overall: Bucket,
    chats: HashMap<i64, Bucket>,
    groups: HashMap<i64, VecDeque<Instant>>,
}

impl RateLimiter {
    pub fn new(limits: Limits, now: Instant) -> RateLimiter {
        RateLimiter {
            limits,
            overall: Bucket::full(limits.overall_burst, now),
            chats: HashMap::new(),
            groups: HashMap::new(),
        }
    }

    /// Counts one message to `chat` (negative ids are groups); `Err(seconds)` if it exceeds a limit, in which case
    /// nothing is counted.
    pub fn admit(&mut self, chat: i64, now: Instant) -> Result<(), u64> {
        let l = self.limits;
        let mut overall = self.overall;
        let mut bucket = *self
            .chats
            .entry(chat)
            .or_insert_with(|| Bucket::full(l.chat_burst, now));
        let window = self.groups.entry(chat).or_default();
        while window
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= Duration::from_secs(60))
        {
            window.pop_front();
        }
        let wait = [
            overall.take(l.overall_burst, l.overall_per_sec, now).err(),
            bucket.take(l.chat_burst, l.chat_per_sec, now).err(),
            (chat < 0 && window.len() >= l.group_per_minute)
                .then(|| Duration::from_secs(60) - now.saturating_duration_since(window[0])),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(wait) = wait {
            // Telegram rounds up to whole seconds and never says 0.
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        self.overall = overall;
        self.chats.insert(chat, bucket);
        if chat < 0 {
            window.push_back(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_chat_gets_a_burst_then_one_a_second() {
        let t = Instant::now();
        let limits = Limits {
            chat_burst: 3.0,
            ..Limits::default()
        };
        let mut r = RateLimiter::new(limits, t);
        for _ in 0..3 {
            assert_eq!(r.admit(5, t), Ok(()));
        }
        assert_eq!(r.admit(5, t), Err(1));
        assert_eq!(r.admit(6, t), Ok(()), "other chats are not affected");
        assert_eq!(r.admit(5, t + Duration::from_millis(1000)), Ok(()));
        assert_eq!(r.admit(5, t + Duration::from_millis(1100)), Err(1));
    }

    #[test]
    fn a_group_gets_twenty_a_minute() {
        let t = Instant::now();
        let mut r = RateLimiter::new(Limits::default(), t);
        for i in 0..20 {
            assert_eq!(
                r.admit(-100, t + Duration::from_secs(2 * i)),
                Ok(()),
                "message {i}"
            );
        }
        assert_eq!(r.admit(-100, t + Duration::from_secs(41)), Err(19));
        assert_eq!(r.admit(-100, t + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn everything_together_is_capped() {
        let t = Instant::now();
        let limits = Limits {
            chat_burst: 3.0,
            ..Limits::default()
        };
        let mut r = RateLimiter::new(limits, t);
        for chat in 0..30 {
            assert_eq!(r.admit(chat, t), Ok(()));
        }
        assert_eq!(r.admit(99, t), Err(1));
        assert_eq!(r.admit(99, t + Duration::from_millis(100)), Ok(()));
    }
}
