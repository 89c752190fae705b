//! The answer to a button press. Telegram wants every press answered (or the button keeps spinning), and the
//! answer can carry an alert on the presser's own screen: the one place a refusal always reaches them, even a group
//! member who never started the bot (a private message to them fails with 403).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use teloxide::prelude::*;
use teloxide::types::CallbackQueryId;

/// Telegram shows at most this many characters in a press's alert.
pub const MAX_ALERT: usize = 200;

tokio::task_local! {
    /// The press the current task is handling.
    static PRESS: Press;
}

/// A press being handled (clones share it): answered once, as early as its handler knows how: a refusal as an
/// alert, or plainly before the bot sends or edits anything (see [`answer_pending`]), or when the handling ends
/// whatever its outcome. So a handler whose effects committed is not left holding the answer while Telegram's pace
/// slows its replies, or while a kill stops it.
#[derive(Clone)]
pub struct Press {
    bot: Bot,
    query: CallbackQueryId,
    answered: Arc<AtomicBool>,
}

impl Press {
    pub fn new(bot: Bot, query: CallbackQueryId) -> Press {
        Press {
            bot,
            query,
            answered: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Runs `handling` as the handling of `press` (if the update is one).
    pub async fn scope<F: Future>(press: Option<Press>, handling: F) -> F::Output {
        match press {
            Some(press) => PRESS.scope(press, handling).await,
            None => handling.await,
        }
    }

    /// The press being handled by this task, if any.
    pub fn current() -> Option<Press> {
        PRESS.try_with(Press::clone).ok()
    }

    /// Shows `text` as an alert; `false` (nothing shown) when it is too long for one or the press was answered.
    pub async fn alert(&self, text: &str) -> bool {
        if text.chars().count() > MAX_ALERT || self.answered.swap(true, Ordering::AcqRel) {
            return false;
        }
        let request = self
            .bot
            .answer_callback_query(self.query.clone())
            .text(text)
            .show_alert(true);
        log_failure(request.await);
        true
    }

    /// Stops the button's spinner, unless the press was answered already.
    pub async fn answer(&self) {
        if !self.answered.swap(true, Ordering::AcqRel) {
            log_failure(self.bot.answer_callback_query(self.query.clone()).await);
        }
    }
}

/// Answers the press being handled, if any and not yet answered: called before the bot sends or edits anything.
pub async fn answer_pending() {
    if let Some(press) = Press::current() {
        press.answer().await;
    }
}

/// Best effort: a press answered too late is only logged, the handler's work stands.
fn log_failure<T>(result: Result<T, teloxide::RequestError>) {
    if let Err(e) = result {
        tracing::debug!(error = %e, "could not answer a button press");
    }
}
