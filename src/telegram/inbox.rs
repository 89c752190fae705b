//! Updates in and out of the durable inbox: a poller stores each batch before asking Telegram for the next one
//! (which acknowledges the batch), and workers handle the stored updates, one chat's in order, many chats at once.
//! A crash, a kill or a database outage loses nothing: what was stored is handled after the restart, and while the
//! database is unreachable nothing is acknowledged, so Telegram keeps the updates.

use super::alert::Press;
use super::dialogue::State;
use super::handlers::schema;
use crate::app::App;
use crate::services::inbox::{Claim, HANDLER_TIMEOUT, Inbox};
use crate::store::{Claimed, Incoming, StoreError};
use dptree::di::DependencyMap;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;
use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, UpdateKind};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

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

/// Stores each batch, then asks for the next one, which tells Telegram the batch arrived.
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
        retry(UNREACHABLE, || inbox.receive(&incoming)).await;
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
        }),
        Err(e) => {
            tracing::error!(update = update.id.0, error = %e, "cannot store an update; skipped");
            None
        }
    }
}

/// Handles stored updates, the next one of each chat as soon as the previous is done, at most
/// `DEREJA_MAX_HANDLERS` at once, until stopped; then waits for those in progress.
async fn work(
    handler: Arc<UpdateHandler<anyhow::Error>>,
    deps: DependencyMap,
    app: &App,
    wake: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let inbox = &app.inbox;
    let max = app.config.max_handlers;
    let mut running = JoinSet::new();
    // Handled updates that changed nothing: marked done in the next claim's transaction, not one commit each.
    let mut finished = Vec::new();
    while !*stopped.borrow() {
        let free = max.saturating_sub(running.len());
        if free > 0 {
            match inbox.claim(free as i64, &finished).await {
                Ok(claims) => {
                    finished.clear();
                    for claim in claims {
                        match claim {
                            Claim::Handle(claimed) => {
                                let job =
                                    handle(claimed, handler.clone(), deps.clone(), inbox.clone());
                                running.spawn(job);
                            }
                            Claim::GivenUp(id) => {
                                tracing::error!(
                                    update = id,
                                    "an update failed too often and is given up"
                                );
                                metrics::counter!("dereja_updates_given_up_total").increment(1);
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the inbox; retrying"),
            }
        }
        tokio::select! {
            _ = wake.notified() => {}
            Some(done) = running.join_next(), if !running.is_empty() => {
                finished.extend(done.ok().flatten());
                // Others that ended meanwhile go in the same claim.
                while let Some(done) = running.try_join_next() {
                    finished.extend(done.ok().flatten());
                }
            }
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stopped.changed() => {}
        }
    }
    while let Some(done) = running.join_next().await {
        finished.extend(done.ok().flatten());
    }
    log_store(
        inbox.finish(&finished).await,
        finished.first().copied().unwrap_or_default(),
    );
}

/// Handles one update. Its effects mark it done in their own transaction; for a handler that changed nothing, the
/// id comes back to be marked done with the next claim. A database failure leaves it to be handled again.
async fn handle(
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
