//! Updates in and out of the durable inbox: a poller has each batch stored (in the workers' next claim) before
//! asking Telegram for the next one (which acknowledges the batch), and workers handle the stored updates, one
//! chat's in order, many chats at once. A crash, a kill or a database outage loses nothing: what was stored is
//! handled after the restart, and while the database is unreachable nothing is acknowledged, so Telegram keeps the
//! updates.

use super::alert::Press;
use super::dialogue::State;
use super::handlers::schema;
use crate::app::App;
use crate::services::inbox::{Backlog, Claim, HANDLER_TIMEOUT, Inbox, START_WITHIN};
use crate::services::users::Prefetched;
use crate::store::{Claimed, Incoming, StoreError};
use dptree::di::DependencyMap;
use std::collections::{HashSet, VecDeque};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;
use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, UpdateKind};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// The kinds of update the handlers use; Telegram sends no others.
pub(super) const HANDLED: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::PreCheckoutQuery,
];

/// While the database is down nothing is stored, so nothing is acknowledged: Telegram keeps the updates.
const UNREACHABLE: &str = "reach the database (updates are not acknowledged meanwhile)";

/// How long one `getUpdates` waits for updates.
const POLL_TIMEOUT: u32 = 10;

/// Whether this is an update's last attempt: a handler that fails on the database is retried quietly before, and
/// apologises to the person only then.
#[derive(Clone, Copy, Debug)]
pub struct Attempt {
    pub last: bool,
}

/// Receives updates into the inbox (long polling, or the webhook's listener) and handles them until SIGINT or
/// SIGTERM; the updates being handled then are finished first.
pub async fn dispatch(bot: Bot, app: App) {
    let handler: Arc<UpdateHandler<anyhow::Error>> = Arc::new(schema());
    let me = retry("learn the bot's identity", || bot.get_me()).await;
    let storage: Arc<ErasedStorage<State>> =
        super::dialogue_storage::DialogueStorage::new(app.store.clone()).erase();
    let deps = dptree::deps![app.clone(), storage, bot.clone(), me];
    let (stop, stopped) = watch::channel(false);
    tokio::spawn(async move {
        crate::shutdown_signal().await;
        tracing::info!("shutting down: finishing the updates in progress");
        let _ = stop.send(true);
    });
    // In webhook mode the listener stores the updates; otherwise this polls, after removing any webhook (Telegram
    // refuses to be polled while one is set).
    let poller = if app.config.webhook.is_none() {
        retry("remove the webhook", || bot.delete_webhook()).await;
        Some(tokio::spawn(poll(bot, app.clone(), stopped.clone())))
    } else {
        None
    };
    work(handler, deps, &app, app.inbox.arrivals(), stopped).await;
    if let Some(poller) = poller {
        poller.abort();
    }
}

/// Calls `call` until it succeeds, waiting longer after each failure (up to 30 s) and saying so in the log.
pub(super) async fn retry<T, E, F, R>(what: &str, call: F) -> T
where
    E: std::fmt::Display,
    F: Fn() -> R,
    R: std::future::IntoFuture<Output = Result<T, E>>,
{
    let mut pause = Duration::from_millis(250);
    loop {
        match call().await {
            Ok(value) => return value,
            Err(e) => {
                tracing::warn!(error = %e, "could not {what}; retrying in {pause:?}");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Has each batch stored (by the workers' next claim), then asks for the next one, which tells Telegram the batch
/// arrived.
async fn poll(bot: Bot, app: App, mut stopped: watch::Receiver<bool>) {
    let inbox = &app.inbox;
    let mut offset = retry(UNREACHABLE, || inbox.next_offset())
        .await
        .unwrap_or(0);
    loop {
        let request = bot
            .get_updates()
            .offset(i32::try_from(offset).unwrap_or(i32::MAX))
            .timeout(POLL_TIMEOUT)
            .allowed_updates(HANDLED.to_vec());
        let batch = tokio::select! {
            batch = retry("receive updates", || request.clone()) => batch,
            _ = stopped.changed() => return,
        };
        app.health.telegram_answered();
        for update in &batch {
            metrics::counter!("dereja_updates_received_total", "kind" => kind_of(update))
                .increment(1);
        }
        let Some(last) = batch.iter().map(|u| i64::from(u.id.0)).max() else {
            continue;
        };
        let incoming: Vec<Incoming> = batch.iter().filter_map(incoming).collect();
        retry(UNREACHABLE, || inbox.hand_over(incoming.clone())).await;
        offset = last + 1;
    }
}

/// An update as the inbox stores it, keyed by the chat it belongs to (the person, for a button press or a payment
/// check that carries no chat).
pub(super) fn incoming(update: &Update) -> Option<Incoming> {
    let chat_id = update
        .chat()
        .map(|c| c.id.0)
        .or_else(|| update.from().map(|u| u.id.0 as i64))
        .unwrap_or(0);
    match serde_json::to_string(update) {
        Ok(payload) => Some(Incoming {
            update_id: i64::from(update.id.0),
            chat_id,
            payload,
            reader: reader_of(update),
        }),
        Err(e) => {
            tracing::error!(update = update.id.0, error = %e, "cannot store an update; skipped");
            None
        }
    }
}

/// Who a message or a press is from, and the chat whose conversation it continues: a message's own chat, a
/// press's presser's private chat (as [`super::acting`] reads them).
fn reader_of(update: &Update) -> Option<(dereja_domain::UserId, i64)> {
    match &update.kind {
        UpdateKind::Message(msg) => msg.from.as_ref().map(|from| (person(from), msg.chat.id.0)),
        UpdateKind::CallbackQuery(query) => Some((person(&query.from), query.from.id.0 as i64)),
        _ => None,
    }
}

fn person(user: &teloxide::types::User) -> dereja_domain::UserId {
    dereja_domain::UserId(user.id.0 as i64)
}

/// How often the workers claim even when nothing told them to: updates another replica stored, retries whose pause
/// ended, and the done-marks of handled updates that changed nothing.
const SWEEP: Duration = Duration::from_secs(1);

/// Handles stored updates, the next one of each chat as soon as the previous is done, at most
/// `DEREJA_MAX_HANDLERS` at once, until stopped; then finishes those in progress and those claimed ahead.
async fn work(
    handler: Arc<UpdateHandler<anyhow::Error>>,
    deps: DependencyMap,
    app: &App,
    wake: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut workers = Workers {
        handler,
        deps,
        inbox: app.inbox.clone(),
        max: app.config.max_handlers,
        running: JoinSet::new(),
        ready: VecDeque::new(),
        busy: HashSet::new(),
        finished: Vec::new(),
        backlog: Backlog::default(),
    };
    let mut claim_now = true;
    let mut last_claim = Instant::now();
    while !*stopped.borrow() {
        if claim_now || last_claim.elapsed() >= SWEEP {
            claim_now = !workers.claim().await;
            last_claim = Instant::now();
        }
        tokio::select! {
            _ = wake.notified() => claim_now = true,
            Some(done) = workers.running.join_next(), if !workers.running.is_empty() => {
                claim_now |= workers.ended(done);
                // Others that ended meanwhile go in the same claim.
                while let Some(done) = workers.running.try_join_next() {
                    claim_now |= workers.ended(done);
                }
            }
            _ = tokio::time::sleep_until(last_claim + SWEEP) => {}
            _ = stopped.changed() => {}
        }
    }
    while let Some(done) = workers.running.join_next().await {
        workers.ended(done);
    }
    let finished = &workers.finished;
    log_store(
        workers.inbox.finish(finished).await,
        finished.first().copied().unwrap_or_default(),
    );
}

/// The updates being handled, and what the workers know of those waiting.
struct Workers {
    handler: Arc<UpdateHandler<anyhow::Error>>,
    deps: DependencyMap,
    inbox: Inbox,
    max: usize,
    running: JoinSet<Handled>,
    /// Updates claimed ahead, up to `max`, each started the moment a handler is free: a handler that ends does not
    /// wait for a claim's round trip and commit, and each claim takes more for its one commit.
    ready: VecDeque<Ready>,
    /// The chats whose updates are being handled or are ready: one at a time each.
    busy: HashSet<i64>,
    /// Handled updates that changed nothing: marked done in the next claim's transaction, not one commit each.
    finished: Vec<i64>,
    backlog: Backlog,
}

/// An update claimed ahead, and when its claim was asked for.
struct Ready {
    claimed: Claimed,
    prefetched: Option<Prefetched>,
    at: Instant,
}

impl Workers {
    /// Takes what is free, up to the free handlers and as many again to have ready, and starts handling what it
    /// can; `false` if the inbox could not be read (the next pass tries again).
    async fn claim(&mut self) -> bool {
        let free = (2 * self.max).saturating_sub(self.running.len() + self.ready.len());
        if free == 0 && !self.inbox.holds_batches() {
            // Full: the end of one asks again.
            self.backlog = Backlog::full();
            return true;
        }
        // The leases start as the claim is asked for.
        let asked = Instant::now();
        let (claims, backlog) = match self
            .inbox
            .claim(free as i64, &self.finished, &self.busy)
            .await
        {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the inbox; retrying");
                return false;
            }
        };
        self.finished.clear();
        self.backlog = backlog;
        for claim in claims {
            match claim {
                Claim::Handle(claimed, prefetched) => {
                    self.busy.insert(claimed.chat_id);
                    self.ready.push_back(Ready {
                        claimed,
                        prefetched,
                        at: asked,
                    });
                }
                Claim::GivenUp(id) => {
                    tracing::error!(update = id, "an update failed too often and is given up");
                    metrics::counter!("dereja_updates_given_up_total").increment(1);
                }
            }
        }
        self.start_ready();
        true
    }

    /// Starts ready updates, oldest first, while handlers are free. One claimed more than [`START_WITHIN`] ago is
    /// left to its lease instead (handled after it ends): started now, its handler could outlast the lease.
    fn start_ready(&mut self) {
        while self.running.len() < self.max {
            let Some(ready) = self.ready.pop_front() else {
                return;
            };
            if ready.at.elapsed() > START_WITHIN {
                tracing::warn!(
                    update = ready.claimed.update_id,
                    "every handler was busy too long: an update claimed ahead waits for its lease to end"
                );
                self.busy.remove(&ready.claimed.chat_id);
                continue;
            }
            let job = handle(
                ready.claimed,
                ready.prefetched,
                self.handler.clone(),
                self.deps.clone(),
                self.inbox.clone(),
            );
            self.running.spawn(job);
        }
    }

    /// Notes a handled update; `true` if its end may free another, to be claimed at once.
    fn ended(&mut self, done: Result<Handled, tokio::task::JoinError>) -> bool {
        let frees_another = match done {
            Ok(done) => {
                self.busy.remove(&done.chat);
                self.finished.extend(done.finished);
                self.backlog.frees_another(done.chat)
            }
            // A handler that panicked (a bug): its update is claimed again when its lease ends; its chat stays among
            // those the claims look behind, which costs nothing else.
            Err(_) => true,
        };
        self.start_ready();
        frees_another
    }
}

/// A handled update's chat, and its id if it is to be marked done with the next claim.
struct Handled {
    chat: i64,
    finished: Option<i64>,
}

/// Handles one update. Its effects mark it done in their own transaction; for a handler that changed nothing, the
/// id comes back to be marked done with the next claim. A database failure leaves it to be handled again.
async fn handle(
    claimed: Claimed,
    prefetched: Option<Prefetched>,
    handler: Arc<UpdateHandler<anyhow::Error>>,
    mut deps: DependencyMap,
    inbox: Inbox,
) -> Handled {
    let chat = claimed.chat_id;
    if let Some(prefetched) = prefetched {
        deps.insert(prefetched);
    }
    let finished = handle_claimed(claimed, handler, deps, inbox).await;
    Handled { chat, finished }
}

async fn handle_claimed(
    claimed: Claimed,
    handler: Arc<UpdateHandler<anyhow::Error>>,
    mut deps: DependencyMap,
    inbox: Inbox,
) -> Option<i64> {
    let id = claimed.update_id;
    let update: Update = match serde_json::from_str(&claimed.payload) {
        Ok(update) => update,
        Err(e) => {
            tracing::error!(update = id, error = %e, "a stored update does not parse");
            log_store(inbox.failed(&claimed, &e.to_string()).await, id);
            return None;
        }
    };
    let kind = kind_of(&update);
    // A press is answered whatever becomes of its handling (refused, failed, stopped by the timeout).
    let bot: Arc<Bot> = deps.get();
    let press = match &update.kind {
        UpdateKind::CallbackQuery(query) => Some(Press::new(Bot::clone(&bot), query.id.clone())),
        _ => None,
    };
    deps.insert(update);
    deps.insert(Attempt {
        last: claimed.attempts >= inbox.max_attempts(),
    });
    let started = std::time::Instant::now();
    let run = tokio::time::timeout(HANDLER_TIMEOUT, handler.dispatch(deps));
    let result = match Inbox::handling(id, Press::scope(press.clone(), run)).await {
        Ok(ControlFlow::Break(Err(e))) => Err(format!("{e:#}")),
        Ok(_) => Ok(()),
        Err(_) => Err("timed out".to_string()),
    };
    if let Some(press) = press {
        press.answer().await;
    }
    metrics::histogram!("dereja_handler_seconds", "kind" => kind).record(started.elapsed());
    let outcome = if result.is_ok() { "done" } else { "failed" };
    metrics::counter!("dereja_updates_handled_total", "kind" => kind, "outcome" => outcome)
        .increment(1);
    match result {
        Ok(()) => Some(id),
        Err(error) => {
            tracing::warn!(update = id, attempt = claimed.attempts, %error, "handling failed; it will be retried");
            log_store(inbox.failed(&claimed, &error).await, id);
            None
        }
    }
}

/// The update's kind, as the metrics label it.
pub(super) fn kind_of(update: &Update) -> &'static str {
    match update.kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::PreCheckoutQuery(_) => "pre_checkout_query",
        _ => "other",
    }
}

/// A failure to record the outcome leaves the update to be handled again once its lease ends.
fn log_store(result: Result<(), StoreError>, update: i64) {
    if let Err(e) = result {
        tracing::warn!(update, error = %e, "cannot record an update's outcome; it will be handled again");
    }
}
