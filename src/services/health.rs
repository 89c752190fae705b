//! Is the bot fit to serve, and what does it hold: for the operator's `/readyz` and `/metrics`.

use crate::clock::Clock;
use crate::store::{Figures, Store, StoreError};
use chrono::Utc;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// How long Telegram may stay silent (no answer to a long poll) before the bot reports itself unready.
const TELEGRAM_SILENCE: i64 = 90;

#[derive(Clone)]
pub struct Health {
    store: Store,
    /// The bot's clock: what is due, and who was active, is counted in its time.
    clock: Arc<dyn Clock>,
    /// Whether this replica polls Telegram, so Telegram's silence matters.
    receive_updates: bool,
    /// When Telegram last answered the poller (Unix seconds; 0 before the first answer).
    telegram_answered: Arc<AtomicI64>,
}

impl Health {
    pub fn new(store: Store, clock: Arc<dyn Clock>, receive_updates: bool) -> Health {
        Health {
            store,
            clock,
            receive_updates,
            telegram_answered: Arc::new(AtomicI64::new(0)),
        }
    }

    /// Telegram answered the poller just now.
    pub fn telegram_answered(&self) {
        self.telegram_answered
            .store(Utc::now().timestamp(), Ordering::Relaxed);
    }

    /// `Ok` when the database answers with the current schema and Telegram answered recently; else the reasons.
    pub async fn ready(&self) -> Result<(), Vec<&'static str>> {
        let mut problems = Vec::new();
        match tokio::time::timeout(Duration::from_secs(2), self.store.schema_is_current()).await {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => problems.push("the database schema is not this version's"),
            Ok(Err(_)) | Err(_) => problems.push("the database does not answer"),
        }
        let silent = Utc::now().timestamp() - self.telegram_answered.load(Ordering::Relaxed);
        if self.receive_updates && silent > TELEGRAM_SILENCE {
            problems.push("Telegram has not answered recently");
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    pub async fn figures(&self) -> Result<Figures, StoreError> {
        let mut tx = self.store.begin_read().await?;
        let figures = tx.figures(self.clock.now()).await?;
        tx.commit().await?;
        Ok(figures)
    }

    pub fn connections_in_use(&self) -> u32 {
        self.store.connections_in_use()
    }
}
