//! The middleware every handled update passes through: it learns once who is acting (their record, created on
//! first contact) and where and in which language to answer them (the [`Reader`]), and it is the one place that
//! apologises, with a reference, when anything below it fails unexpectedly.

use super::dialogue::Preloaded;
use super::handlers::{Reader, fallback_language, known_in, paced};
use super::inbox::Attempt;
use crate::app::App;
use crate::i18n::Text;
use crate::pacing::Pacer;
use crate::services::ServiceError;
use crate::services::users::Prefetched;
use crate::store::StoreError;
use dptree::di::DependencyMap;
use dptree::{HandlerDescription, HandlerSignature, Type};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::panic::Location;
use std::sync::Arc;
use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{ChatId, UpdateKind};

/// Puts the acting [`Reader`] into the dependencies of the handlers below, and turns their unexpected errors
/// into one apology. A button's answers go to the presser's private chat (group buttons must not start
/// conversations in the group); a message's to the chat it came from. Updates with nobody behind them pass by.
#[track_caller]
pub fn acting() -> UpdateHandler<anyhow::Error> {
    let location = Location::caller();
    let obligations: BTreeMap<Type, &'static Location<'static>> = [
        (Type::of::<Bot>(), location),
        (Type::of::<App>(), location),
        (Type::of::<Update>(), location),
    ]
    .into();
    let signature = HandlerSignature::Other {
        obligations,
        guaranteed_outcomes: BTreeSet::from([Type::of::<Reader>(), Type::of::<Preloaded>()]),
        conditional_outcomes: BTreeSet::new(),
        continues: true,
    };
    dptree::from_fn_with_description(DpHandlerDescription::entry(), around, signature)
}

async fn around(
    deps: DependencyMap,
    next: dptree::Cont<'static, anyhow::Result<()>>,
) -> ControlFlow<anyhow::Result<()>, DependencyMap> {
    let bot: Arc<Bot> = deps.get();
    let app: Arc<App> = deps.get();
    let update: Arc<Update> = deps.get();
    let Some(apology) = Apology::for_update(&update) else {
        return ControlFlow::Continue(deps);
    };
    let retried = deps.try_get::<Attempt>().is_some_and(|a| !a.last);
    // The database failed: the inbox handles the update again, and only its last attempt apologises.
    let pacer = app.pacer.clone();
    let fail = |error: anyhow::Error| async move {
        if retried && is_database(&error) {
            Err(error)
        } else {
            apology.send(&bot, &pacer, error).await
        }
    };
    let prefetched = deps.try_get::<Prefetched>().map(|p| Prefetched::clone(&p));
    let (reader, preloaded) = match reader(&app, &update, prefetched).await {
        Ok(Some(acting)) => acting,
        Ok(None) => return ControlFlow::Continue(deps),
        Err(error) => return ControlFlow::Break(fail(error).await),
    };
    let mut inner = deps.clone();
    inner.insert(reader);
    inner.insert(preloaded);
    match next(inner).await {
        ControlFlow::Break(Err(error)) => ControlFlow::Break(fail(error).await),
        ControlFlow::Break(done) => ControlFlow::Break(done),
        ControlFlow::Continue(_) => ControlFlow::Continue(deps),
    }
}

/// Whether the error came from the database (unreachable, timed out), which a later attempt may not meet.
fn is_database(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.is::<StoreError>()
            || cause.is::<super::dialogue::Unreadable>()
            || cause.is::<sqlx::Error>()
            || matches!(cause.downcast_ref(), Some(ServiceError::Store(_)))
    })
}

/// Who is acting and where they are answered, and their conversation there, read with them (a press continues
/// the presser's private conversation, wherever the button was).
async fn reader(
    app: &App,
    update: &Update,
    prefetched: Option<Prefetched>,
) -> anyhow::Result<Option<(Reader, Preloaded)>> {
    match &update.kind {
        UpdateKind::CallbackQuery(query) => {
            let chat = ChatId(query.from.id.0 as i64);
            let known = known_in(app, &query.from, chat, prefetched).await?;
            let preloaded = Preloaded::new(chat, known.dialogue);
            let mut reader = Reader::private(app, known.user);
            reader.first_contact = known.first_contact;
            Ok(Some((reader, preloaded)))
        }
        UpdateKind::Message(msg) => match &msg.from {
            Some(from) => {
                let known = known_in(app, from, msg.chat.id, prefetched).await?;
                let preloaded = Preloaded::new(msg.chat.id, known.dialogue);
                let mut reader = Reader::in_chat(app, known.user, &msg.chat).await?;
                reader.first_contact = known.first_contact;
                Ok(Some((reader, preloaded)))
            }
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// Where an apology goes, and in which language, decided before anything can fail.
struct Apology {
    chat: ChatId,
    lang: dereja_domain::Language,
}

impl Apology {
    fn for_update(update: &Update) -> Option<Apology> {
        match &update.kind {
            UpdateKind::CallbackQuery(query) => Some(Apology {
                chat: query
                    .message
                    .as_ref()
                    .map_or(ChatId(query.from.id.0 as i64), |m| m.chat().id),
                lang: fallback_language(Some(&query.from)),
            }),
            UpdateKind::Message(msg) => Some(Apology {
                chat: msg.chat.id,
                lang: fallback_language(msg.from.as_ref()),
            }),
            _ => None,
        }
    }

    /// Logs the error under a short reference and tells the person, in their language, with that reference.
    async fn send(&self, bot: &Bot, pacer: &Pacer, error: anyhow::Error) -> anyhow::Result<()> {
        let reference = format!(
            "{:x}",
            chrono::Utc::now().timestamp_micros() & 0xff_ffff_ffff
        );
        tracing::error!(%reference, error = ?error, "handler failed");
        let text = Text::new("error-internal")
            .arg("reference", reference)
            .html(self.lang);
        let request = bot
            .send_message(self.chat, text)
            .parse_mode(teloxide::types::ParseMode::Html);
        paced(pacer, self.chat, request).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telegram::dialogue::DialogExt;
    use teloxide::dispatching::dialogue::{Dialogue, Storage};

    /// A dialogue storage whose database is down.
    struct Down;

    impl<D: Send + 'static> Storage<D> for Down {
        type Error = StoreError;

        fn remove_dialogue(
            self: Arc<Self>,
            _: ChatId,
        ) -> futures_util::future::BoxFuture<'static, Result<(), StoreError>> {
            Box::pin(async { Err(StoreError::Database(sqlx::Error::PoolTimedOut)) })
        }

        fn update_dialogue(
            self: Arc<Self>,
            _: ChatId,
            _: D,
        ) -> futures_util::future::BoxFuture<'static, Result<(), StoreError>> {
            Box::pin(async { Err(StoreError::Database(sqlx::Error::PoolTimedOut)) })
        }

        fn get_dialogue(
            self: Arc<Self>,
            _: ChatId,
        ) -> futures_util::future::BoxFuture<'static, Result<Option<D>, StoreError>> {
            Box::pin(async { Err(StoreError::Database(sqlx::Error::PoolTimedOut)) })
        }
    }

    /// A step that could not be saved or cleared is handled again, not apologised for and dropped: the error
    /// keeps its type through teloxide's erased storage.
    #[tokio::test]
    async fn a_conversation_the_database_could_not_save_is_a_database_failure() {
        let storage = Arc::new(Down).erase();
        let dialogue = Dialogue::new(storage, ChatId(7));
        let saved = dialogue.save(Default::default()).await.unwrap_err();
        let cleared = dialogue.clear().await.unwrap_err();
        let read = dialogue.state().await.unwrap_err();
        for error in [saved, cleared, read] {
            assert!(is_database(&error), "not taken for the database: {error:#}");
        }
        let other = anyhow::anyhow!("the Bot API refused");
        assert!(!is_database(&other));
    }
}
