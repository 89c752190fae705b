//! The durable inbox: updates are stored before Telegram is told they arrived, then handled from the store, one
//! chat's in order. An update whose effects committed is never applied again (the transaction that changes an order
//! or money also marks the update done); one whose effects did not commit is handled again after a crash or a
//! database outage; one that keeps failing is given up after a few attempts and kept for the admins.

use super::users::Prefetched;
use crate::store::{Claimed, Claiming, Incoming, SeenUser, Store, StoreError, Taken, Tx};
use chrono::{Duration, Utc};
use dereja_domain::UserId;
use std::collections::HashMap;
use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::{Notify, oneshot};

tokio::task_local! {
    /// The update the current task is handling, so the transaction that applies its effects can mark it done.
    static HANDLING: i64;
    /// The chat whose conversation ends with the command being run, in the command's own transaction.
    static ENDING: i64;
}

/// How long a worker holds an update before another may take it: a worker that died holding it (a crash, a kill)
/// delays only that update, by this much. A handler that runs longer is stopped (see [`HANDLER_TIMEOUT`]).
const LEASE: Duration = Duration::seconds(30);

/// The longest a handler may run; it stays well inside the lease, so no two workers ever handle one update at once.
pub const HANDLER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// An update claimed ahead of a free handler is started within this long of its claim or not at all (it waits for
/// its lease to end): started later, its handler could still be running when the lease ends.
pub const START_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// The inbox keeps time by the wall clock, not the bot's clock: leases and retries are about processes, and the
/// bot's clock is moved in tests and in the playground.
#[derive(Clone)]
pub struct Inbox {
    store: Store,
    max_attempts: i64,
    /// Woken when updates were stored (by the webhook) or handed over (by the poller), so the workers look at once.
    arrived: Arc<Notify>,
    /// Batches the poller handed over, stored by the workers' next claim; each learns whether it was.
    handed: Arc<Mutex<Vec<Handed>>>,
}

/// A batch handed over, and who waits to learn whether it was stored.
type Handed = (Vec<Incoming>, oneshot::Sender<Result<(), String>>);

/// Nothing panics while holding the hand-over's lock.
const UNPOISONED: &str = "never poisoned";

/// What waits behind the updates being handled, as the last claim saw it: the end of one asks for another claim
/// only when it may free something. Otherwise its done-mark waits for the next claim, which an arrival or the
/// workers' sweep brings within a second, and a whole write transaction per handled update is saved.
#[derive(Debug, Default)]
pub struct Backlog {
    /// Chats with another open update behind the one being handled.
    queued: HashSet<i64>,
    /// The claim took all it could: more may be free.
    full: bool,
}

impl Backlog {
    /// Nothing could be claimed (every handler busy): the end of any update asks for a claim.
    pub fn full() -> Backlog {
        Backlog {
            queued: HashSet::new(),
            full: true,
        }
    }

    /// Whether the end of the update being handled in `chat` may free another for a worker.
    pub fn frees_another(&self, chat: i64) -> bool {
        self.full || self.queued.contains(&chat)
    }
}

/// What to do with a claimed update.
pub enum Claim {
    /// Handle it; its person as the claim read them, when it was stored with them.
    Handle(Claimed, Option<Prefetched>),
    /// It failed too often before: given up now, kept for the admins.
    GivenUp(i64),
}

impl Inbox {
    pub fn new(store: Store, max_attempts: u32) -> Inbox {
        Inbox {
            store,
            max_attempts: i64::from(max_attempts),
            arrived: Arc::new(Notify::new()),
            handed: Arc::default(),
        }
    }

    /// How many times an update is tried before it is given up.
    pub fn max_attempts(&self) -> i64 {
        self.max_attempts
    }

    /// Stores a batch in one transaction; once this returns, the batch may be acknowledged to Telegram.
    pub async fn receive(&self, updates: &[Incoming]) -> Result<u64, StoreError> {
        let mut tx = self.store.begin().await?;
        let stored = tx.store_updates(updates, Utc::now()).await?;
        tx.commit().await?;
        self.arrived.notify_one();
        Ok(stored)
    }

    /// Has the workers store a batch in their next claim's transaction (one commit for both, where storing it
    /// alone cost one more); once this returns `Ok`, the batch may be acknowledged. Needs the workers running.
    pub async fn hand_over(&self, updates: Vec<Incoming>) -> Result<(), String> {
        let (stored, outcome) = oneshot::channel();
        self.handed
            .lock()
            .expect(UNPOISONED)
            .push((updates, stored));
        self.arrived.notify_one();
        outcome
            .await
            .unwrap_or_else(|_| Err("the workers stopped".to_string()))
    }

    /// Whether a batch waits to be stored: the workers claim (taking nothing if they are full) to store it.
    pub fn holds_batches(&self) -> bool {
        !self.handed.lock().expect(UNPOISONED).is_empty()
    }

    /// Notified when updates were stored or handed over.
    pub fn arrivals(&self) -> Arc<Notify> {
        self.arrived.clone()
    }

    /// The webhook's secret token: the one kept in the database, or `fresh`, kept now, when there is none yet.
    pub async fn webhook_secret(&self, fresh: &str) -> Result<String, StoreError> {
        let mut tx = self.store.begin().await?;
        let secret = tx.setting_or_insert("webhook_secret", fresh).await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// The update id to poll from: one past the last stored.
    pub async fn next_offset(&self) -> Result<Option<i64>, StoreError> {
        let mut tx = self.store.begin().await?;
        let last = tx.last_update_id().await?;
        tx.commit().await?;
        Ok(last.map(|id| id + 1))
    }

    /// Stores the batches handed over, marks `finished` (handled updates that changed nothing) done, then takes
    /// the next update of each chat that is free, up to `limit`, in one transaction: a chat's next update is free
    /// once the one before is done. `busy` are the chats whose updates this process is handling: the [`Backlog`]
    /// tells which of them, and of those just taken, hold another update behind.
    pub async fn claim(
        &self,
        limit: i64,
        finished: &[i64],
        busy: &HashSet<i64>,
    ) -> Result<(Vec<Claim>, Backlog), StoreError> {
        let handed = std::mem::take(&mut *self.handed.lock().expect(UNPOISONED));
        let (batches, waiting): (Vec<Vec<Incoming>>, Vec<_>) = handed.into_iter().unzip();
        let now = Utc::now();
        let busy: Vec<i64> = busy.iter().copied().collect();
        let claiming = Claiming {
            arrived: &batches.concat(),
            finished,
            busy: &busy,
            now,
            lease_until: now + LEASE,
            limit,
        };
        let taken = self.store.claim_inbox(&claiming).await;
        let stored = taken.as_ref().map(|_| ()).map_err(|e| e.to_string());
        for waiter in waiting {
            let _ = waiter.send(stored.clone());
        }
        self.sort_out(taken?).await
    }

    /// What to do with each update taken, and what waits behind; gives up those tried too often.
    async fn sort_out(&self, taken: Taken) -> Result<(Vec<Claim>, Backlog), StoreError> {
        let backlog = match taken.queued {
            // More may be free: any end asks again, whatever waits where.
            None => Backlog::full(),
            Some(queued) => Backlog {
                queued: queued.into_iter().collect(),
                full: false,
            },
        };
        let readers: HashMap<(UserId, i64), SeenUser> = taken
            .readers
            .into_iter()
            .map(|(chat, seen)| ((seen.user.id, chat), seen))
            .collect();
        let mut out = Vec::with_capacity(taken.claimed.len());
        let mut given_up = Vec::new();
        for c in taken.claimed {
            if c.attempts > self.max_attempts {
                given_up.push(c.update_id);
                out.push(Claim::GivenUp(c.update_id));
            } else {
                let prefetched = c.reader().map(|reader| Prefetched {
                    reader,
                    seen: readers.get(&reader).cloned(),
                });
                out.push(Claim::Handle(c, prefetched));
            }
        }
        self.give_up(&given_up).await?;
        Ok((out, backlog))
    }

    /// Gives up updates claimed once too often. Should this not commit, they are claimed and given up again when
    /// their lease ends.
    async fn give_up(&self, update_ids: &[i64]) -> Result<(), StoreError> {
        if update_ids.is_empty() {
            return Ok(());
        }
        let now = Utc::now();
        let mut tx = self.store.begin().await?;
        for id in update_ids {
            tx.fail_update(*id, now, None, "too many attempts").await?;
        }
        tx.commit().await
    }

    /// Runs `handling` as the handling of `update_id`, so the transactions of its effects mark it done.
    pub async fn handling<F: Future>(update_id: i64, handling: F) -> F::Output {
        HANDLING.scope(update_id, handling).await
    }

    /// Runs `command` as the last step of `chat`'s conversation: the transaction that applies it also ends the
    /// conversation, so a kill just after it neither loses the step nor leaves its Confirm button live.
    pub async fn ending_dialogue<F: Future>(chat: i64, command: F) -> F::Output {
        ENDING.scope(chat, command).await
    }

    /// These updates were handled (handlers that changed nothing have not marked them yet).
    pub async fn finish(&self, finished: &[i64]) -> Result<(), StoreError> {
        if finished.is_empty() {
            return Ok(());
        }
        let now = Utc::now();
        let mut tx = self.store.begin().await?;
        tx.finish_updates(finished, now).await?;
        tx.commit().await
    }

    /// A handler failed: retried after a pause that grows with the attempts, or given up on the last one.
    pub async fn failed(&self, claimed: &Claimed, error: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        let retry_at = (claimed.attempts < self.max_attempts)
            .then(|| now + Duration::seconds(5 * claimed.attempts));
        let mut tx = self.store.begin().await?;
        tx.fail_update(claimed.update_id, now, retry_at, error)
            .await?;
        tx.commit().await
    }
}

/// Marks the update being handled done in `tx`, the transaction that applies its effects: if `tx` commits, the
/// update is never applied again; if it does not, the update is handled again. Outside a handler, does nothing.
/// Inside [`Inbox::ending_dialogue`], ends that conversation in the same transaction.
pub async fn finish_in(tx: &mut Tx) -> Result<(), StoreError> {
    if let Ok(chat) = ENDING.try_with(|chat| *chat) {
        tx.remove_dialogue(chat).await?;
    }
    mark_handled_in(tx).await
}

/// Marks the update being handled done in `tx`, which saves a step of its conversation: the step is taken once,
/// never again with the next step's state after a kill. Outside a handler, does nothing.
pub async fn mark_handled_in(tx: &mut Tx) -> Result<(), StoreError> {
    match HANDLING.try_with(|id| *id) {
        Ok(update_id) => tx.finish_updates(&[update_id], Utc::now()).await,
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{HANDLER_TIMEOUT, LEASE, START_WITHIN};

    /// An update claimed ahead and started at the last moment, whose handler then runs until it is stopped, is
    /// still done before its lease ends: no other worker can take it meanwhile.
    #[test]
    fn a_handler_started_late_still_ends_inside_its_lease() {
        let longest = chrono::Duration::from_std(START_WITHIN + HANDLER_TIMEOUT).unwrap();
        assert!(
            longest + chrono::Duration::seconds(1) < LEASE,
            "{longest} of {LEASE}"
        );
    }
}
