//! What the bot sent, sorted by chat as it arrives at the fake, with the moment it arrived: the workloads wait on
//! it and measure from it.

use dereja_fakebot::{Call, FakeBotApi};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Methods that show something in a chat.
const SHOWN: &[&str] = &[
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "sendDocument",
    "sendMediaGroup",
    "sendInvoice",
    "copyMessage",
];

/// One chat's replies, and who waits for the next: only its own waiter wakes when it gets one (waking all 600 of
/// the lifecycle's people at every reply cost the benchmark more CPU than some of what it measures).
#[derive(Default)]
struct Chat {
    replies: Vec<Arc<Reply>>,
    arrived: Arc<Notify>,
}

/// How long a step may take before the run is declared stuck (an error, not a timing: nothing came at all).
const STUCK: Duration = Duration::from_secs(60);

pub struct Reply {
    pub at: Instant,
    pub call: Call,
}

pub struct Replies {
    by_chat: Mutex<HashMap<i64, Chat>>,
    /// Woken at every batch of calls: for [`Replies::all`].
    arrived: Notify,
    /// For the diagnosis of a stuck run: every call the bot made.
    fake: Arc<FakeBotApi>,
}

impl Replies {
    /// Starts sorting the fake's calls from now on.
    pub fn watch(fake: Arc<FakeBotApi>) -> Arc<Replies> {
        let replies = Arc::new(Replies {
            by_chat: Mutex::default(),
            arrived: Notify::new(),
            fake: fake.clone(),
        });
        let sorting = replies.clone();
        let from = fake.calls().len();
        tokio::spawn(async move {
            let mut seen = from;
            loop {
                let calls = fake.calls_after(seen).await;
                seen += calls.len();
                let at = Instant::now();
                let mut by_chat = sorting.by_chat.lock().unwrap();
                let mut woken = Vec::new();
                for call in calls {
                    if let (true, Some(chat)) = (
                        SHOWN.contains(&call.method.as_str()),
                        call.params["chat_id"].as_i64(),
                    ) {
                        let chat = by_chat.entry(chat).or_default();
                        chat.replies.push(Arc::new(Reply { at, call }));
                        woken.push(chat.arrived.clone());
                    }
                }
                drop(by_chat);
                for chat in woken {
                    chat.notify_waiters();
                }
                sorting.arrived.notify_waiters();
            }
        });
        replies
    }

    pub fn count(&self, chat: i64) -> usize {
        self.by_chat
            .lock()
            .unwrap()
            .get(&chat)
            .map_or(0, |c| c.replies.len())
    }

    /// The first reply in `chat` from index `from` on that `accept` takes, and its index; waits for it.
    pub async fn first(
        &self,
        chat: i64,
        from: usize,
        accept: impl Fn(&Call) -> bool,
    ) -> (usize, Arc<Reply>) {
        let deadline = tokio::time::Instant::now() + STUCK;
        let notify = self
            .by_chat
            .lock()
            .unwrap()
            .entry(chat)
            .or_default()
            .arrived
            .clone();
        // Where the next look starts: replies looked at once are not looked at again at the next wake-up (the
        // admin's chat, shared by 300 waiting orders, made that quadratic).
        let mut looked = from;
        loop {
            let arrived = notify.notified();
            match self.find(chat, looked, &accept) {
                Ok(found) => return found,
                Err(end) => looked = end,
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                let by_chat = self.by_chat.lock().unwrap();
                let shown: Vec<String> = by_chat
                    .get(&chat)
                    .into_iter()
                    .flat_map(|c| &c.replies)
                    .skip(from)
                    .map(|r| format!("{} {}", r.call.method, r.call.params))
                    .collect();
                let answers = self.fake.calls_to("answerCallbackQuery");
                let prefix = format!("cb-{chat}-");
                let answered = answers.iter().rev().find(|c| {
                    c.params["callback_query_id"]
                        .as_str()
                        .is_some_and(|q| q.starts_with(&prefix))
                });
                panic!(
                    "the bot is stuck: nothing expected in chat {chat} within {STUCK:?}; since the last expected it \
                     showed {shown:#?}; the last press answered there: {answered:?}"
                );
            }
        }
    }

    /// The first reply from `from` on that `accept` takes, or where the replies end.
    fn find(
        &self,
        chat: i64,
        from: usize,
        accept: impl Fn(&Call) -> bool,
    ) -> Result<(usize, Arc<Reply>), usize> {
        let by_chat = self.by_chat.lock().unwrap();
        let Some(replies) = by_chat.get(&chat).map(|c| &c.replies) else {
            return Err(from);
        };
        replies
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, r)| accept(&r.call))
            .map(|(i, r)| (i, r.clone()))
            .ok_or(replies.len().max(from))
    }

    /// Waits until every chat in `expected` has at least its count of replies.
    pub async fn all(&self, expected: &HashMap<i64, usize>) {
        let deadline = tokio::time::Instant::now() + STUCK;
        loop {
            let arrived = self.arrived.notified();
            let missing = {
                let by_chat = self.by_chat.lock().unwrap();
                expected
                    .iter()
                    .filter(|(chat, n)| by_chat.get(chat).map_or(0, |c| c.replies.len()) < **n)
                    .count()
            };
            if missing == 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("the bot is stuck: {missing} chats still wait for a reply after {STUCK:?}");
            }
        }
    }
}
