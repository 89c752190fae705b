//! The sender, the edge's end of the outbox: delivers queued notices in order per chat, in each reader's language,
//! retrying after 429 and network errors, giving up (recorded) where Telegram says the person cannot be reached,
//! and then posting the notice in the order's group instead when there is one.

use super::keyboard::keyboard;
use crate::clock::Clock;
use crate::i18n::Text;
use crate::messages::{Fallback, Notice, Outgoing, Recipient, deep_link, invitation_link};
use crate::pacing::Pacer;
use crate::store::{Pending, Store, StoreError, Tx};
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use dereja_domain::{Attachment, AttachmentKind, Language, TimeZone, UserId};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use teloxide::payloads::{
    SendAudioSetters, SendDocumentSetters, SendMessageSetters, SendPhotoSetters, SendVideoSetters,
    SendVoiceSetters,
};
use teloxide::prelude::*;
use teloxide::types::{
    FileId, InputFile, InputMedia, InputMediaAudio, InputMediaDocument, InputMediaPhoto,
    InputMediaVideo, ParseMode,
};
use teloxide::{ApiError, RequestError};
use tokio::sync::{Notify, Semaphore};

/// Nothing panics while holding the outcomes' lock.
const UNPOISONED: &str = "never poisoned";
/// Network errors are retried with growing pauses this many times.
const MAX_ATTEMPTS: i64 = 10;
/// Messages being sent at once, at most (each to a different chat).
pub const IN_FLIGHT: usize = 64;
const BATCH: usize = 50;
/// How long a claimed message is reserved for the sender that claimed it: if that process dies before it
/// records the send, another sender (or the restarted one) takes the message after this long.
const LEASE: ChronoDuration = ChronoDuration::seconds(60);
/// How long a stopping sender waits for the sends in flight, to record them before it goes.
const DRAIN: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct Sender {
    pub store: Store,
    pub bot: Bot,
    pub clock: Arc<dyn Clock>,
    pub wake: Arc<Notify>,
    pub pacer: Arc<Pacer>,
    /// Free sending slots, [`IN_FLIGHT`] in all.
    pub in_flight: Arc<Semaphore>,
    /// Sends finished and not recorded yet: recorded in the next claim's transaction.
    pub outcomes: Arc<Outcomes>,
    /// For invitation links in "could not reach" notices.
    pub bot_username: String,
    /// Language and time zone of groups and the admin chat.
    pub community_language: Language,
    pub community_time_zone: TimeZone,
}

/// Sends' outcomes waiting to be recorded, with the next claim: one transaction records the sends that ended and
/// takes the messages they freed (a chat's next message waits until the one before is recorded).
pub type Outcomes = Mutex<Vec<(Pending<Outgoing>, Sent)>>;

/// What became of one send.
#[derive(Clone)]
pub enum Sent {
    Ok,
    /// 429: wait as told; never given up.
    RateLimited(DateTime<Utc>),
    /// 401: the token was revoked or is wrong; kept, tried again later, never given up.
    TokenRefused(DateTime<Utc>),
    /// A network error or a 5xx: retried with growing pauses, up to [`MAX_ATTEMPTS`].
    RetryAt(DateTime<Utc>, String),
    Unreachable(String),
    Failed(String),
}

impl Sender {
    /// Sends until stopped; an error is logged and retried after a pause, never fatal.
    pub async fn run(self) {
        loop {
            let next = match self.pass().await {
                // It took all it could: more may be due.
                Ok((taken, free)) if taken > 0 && taken == free => continue,
                Ok(_) => self.next_due().await,
                Err(e) => {
                    tracing::error!(error = %e, "outbox pass failed; retrying");
                    Some(self.clock.now() + ChronoDuration::seconds(5))
                }
            };
            let wait = next.map_or(Duration::from_secs(60), |at| {
                (at - self.clock.now()).to_std().unwrap_or(Duration::ZERO)
            });
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait.min(Duration::from_secs(60))) => {}
            }
        }
    }

    async fn next_due(&self) -> Option<DateTime<Utc>> {
        let mut tx = self.store.begin_read().await.ok()?;
        let next = tx.next_message_due().await.ok()?;
        tx.commit().await.ok()?;
        next
    }

    /// One pass: records the sends that ended, then claims the oldest due message of every chat that is not being
    /// sent, as many as there are free slots, in one transaction; sends each in its own task when the pacer lets its
    /// chat have a message, so a chat that must wait (a busy group) holds up no other. Returns how many it took; a
    /// finished send wakes the loop. If the database fails, the outcomes wait for the next pass: the lease keeps
    /// their messages from going out again meanwhile, and this sender records them before it claims again.
    pub async fn send_due(&self) -> Result<usize, StoreError> {
        Ok(self.pass().await?.0)
    }

    /// [`Sender::send_due`], saying how many it took and how many it could have.
    async fn pass(&self) -> Result<(usize, usize), StoreError> {
        let free = self.in_flight.available_permits().min(BATCH);
        let ended = self.take_outcomes();
        if free == 0 && ended.is_empty() {
            return Ok((0, 0));
        }
        let now = self.clock.now();
        let due = match self.record_and_claim(&ended, now, free).await {
            Ok(due) => due,
            Err(e) => {
                self.put_back(ended);
                return Err(e);
            }
        };
        let taken = due.len();
        for item in due {
            match item {
                Ok(pending) => self.spawn_send(pending).await,
                Err(id) => {
                    let mut tx = self.store.begin().await?;
                    tx.mark_failed(id, now, "payload does not parse").await?;
                    tx.commit().await?;
                }
            }
        }
        Ok((taken, free))
    }

    /// [`Sender::send_due`], then waits until every send it started is recorded: one whole pass, for callers that
    /// look at the outcome right after (the tests, a replica's check).
    pub async fn send_due_and_wait(&self) -> Result<usize, StoreError> {
        let taken = self.send_due().await?;
        let all = u32::try_from(IN_FLIGHT).expect("a small number");
        let _idle = self
            .in_flight
            .acquire_many(all)
            .await
            .expect("the semaphore is never closed");
        self.record_ended().await?;
        Ok(taken)
    }

    /// On the way out: waits a moment for the sends in flight, then records what ended, so a restart does not send
    /// it again.
    pub async fn drain(&self) {
        let all = u32::try_from(IN_FLIGHT).expect("a small number");
        let _ = tokio::time::timeout(DRAIN, self.in_flight.acquire_many(all)).await;
        if let Err(e) = self.record_ended().await {
            tracing::warn!(error = %e, "could not record the last sends; they may go out again after a restart");
        }
    }

    /// Records the sends that ended, claiming nothing.
    async fn record_ended(&self) -> Result<(), StoreError> {
        let ended = self.take_outcomes();
        if ended.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.record_and_claim(&ended, self.clock.now(), 0).await {
            self.put_back(ended);
            return Err(e);
        }
        Ok(())
    }

    /// One transaction: the outcomes of `ended`, then up to `free` due messages claimed.
    async fn record_and_claim(
        &self,
        ended: &[(Pending<Outgoing>, Sent)],
        now: DateTime<Utc>,
        free: usize,
    ) -> Result<Vec<Result<Pending<Outgoing>, i64>>, StoreError> {
        let mut tx = self.store.begin().await?;
        for (pending, outcome) in ended {
            self.record(&mut tx, pending, outcome.clone()).await?;
        }
        let due = if free > 0 {
            tx.claim_due_messages(now, now + LEASE, free as i64).await?
        } else {
            Vec::new()
        };
        tx.commit().await?;
        Ok(due)
    }

    fn take_outcomes(&self) -> Vec<(Pending<Outgoing>, Sent)> {
        std::mem::take(&mut *self.outcomes.lock().expect(UNPOISONED))
    }

    /// Outcomes whose record failed, back at the front for the next pass.
    fn put_back(&self, ended: Vec<(Pending<Outgoing>, Sent)>) {
        let mut outcomes = self.outcomes.lock().expect(UNPOISONED);
        let later = std::mem::replace(&mut *outcomes, ended);
        outcomes.extend(later);
    }

    async fn spawn_send(&self, pending: Pending<Outgoing>) {
        let permit = self
            .in_flight
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let sender = self.clone();
        tokio::spawn(async move {
            let outcome = sender.paced_send(&pending).await;
            sender
                .outcomes
                .lock()
                .expect(UNPOISONED)
                .push((pending, outcome));
            drop(permit);
            sender.wake.notify_one();
        });
    }

    /// What became of one message: sent, put back until a moment, or given up (and then the fallback).
    async fn record(
        &self,
        tx: &mut Tx,
        pending: &Pending<Outgoing>,
        outcome: Sent,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        match outcome {
            Sent::Ok => tx.mark_sent(pending.id, now).await,
            Sent::RateLimited(at) => tx.wait_for_rate_limit(pending.id, at).await,
            Sent::TokenRefused(at) => {
                tracing::error!(
                    "Telegram refuses the bot's token (401): every message is kept until it is accepted again"
                );
                tx.wait_for_rate_limit(pending.id, at).await
            }
            Sent::RetryAt(at, why) if pending.attempts + 1 < MAX_ATTEMPTS => {
                tx.postpone(pending.id, at, &why).await
            }
            Sent::RetryAt(_, why) | Sent::Failed(why) => {
                tracing::warn!(id = pending.id, chat = pending.chat_id, error = %why, "message given up");
                tx.mark_failed(pending.id, now, &why).await
            }
            Sent::Unreachable(why) => {
                tracing::info!(chat = pending.chat_id, error = %why, "recipient cannot be reached");
                tx.mark_failed(pending.id, now, &why).await?;
                if let Recipient::User(user) = pending.payload.recipient()
                    && tx.mark_unreachable(user, now).await?
                {
                    self.fall_back(tx, user, pending.payload.fallback(), now)
                        .await?;
                }
                Ok(())
            }
        }
    }

    /// Once per silence, someone hears that `user` cannot be reached: the order's group gets a pointer to the
    /// private chat (never the notice: it is private), or the other party gets the invitation link to pass on.
    async fn fall_back(
        &self,
        tx: &mut Tx,
        user: UserId,
        fallback: Fallback,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let notice = match fallback {
            Fallback::Group {
                chat_id,
                order: Some(order),
            } => {
                let name = tx.user(user).await?.map(|u| u.name).unwrap_or_default();
                let link = deep_link(&self.bot_username, &format!("order_{}", order.0));
                let text = Text::new("group-open-private")
                    .arg("name", name)
                    .arg("id", order.0)
                    .arg("link", link);
                Notice::new(Recipient::Chat(chat_id), text)
            }
            Fallback::OtherParty { order, user: other } => {
                let Some(token) = tx.invite_token(order).await? else {
                    return Ok(());
                };
                let text = Text::new("notice-unreachable")
                    .arg("id", order.0)
                    .arg("link", invitation_link(&self.bot_username, &token));
                Notice::new(Recipient::User(other), text)
            }
            Fallback::Group { order: None, .. } | Fallback::Nothing => return Ok(()),
        };
        tx.enqueue(notice.to.chat_id(), &Outgoing::Message(notice), now)
            .await
    }

    /// The reader's language and time zone.
    async fn reader(&self, to: Recipient) -> Result<(ChatId, Language, TimeZone), StoreError> {
        match to {
            Recipient::Chat(chat) => {
                let mut tx = self.store.read().await?;
                let chosen = tx.chat_language(chat).await?;
                tx.commit().await?;
                Ok((
                    ChatId(chat),
                    chosen.unwrap_or(self.community_language),
                    self.community_time_zone,
                ))
            }
            Recipient::User(user) => {
                let mut tx = self.store.read().await?;
                let found = tx.user(user).await?;
                tx.commit().await?;
                let (lang, tz) = found
                    .map_or((self.community_language, self.community_time_zone), |u| {
                        (u.language, u.time_zone)
                    });
                Ok((ChatId(user.0), lang, tz))
            }
        }
    }

    /// Sends when the pacer allows; a chat Telegram asked to wait longer than a moment is put back until then.
    async fn paced_send(&self, pending: &Pending<Outgoing>) -> Sent {
        if let Some(wait) = self.pacer.paused_for(pending.chat_id)
            && wait > Duration::from_secs(2)
        {
            let wait = ChronoDuration::from_std(wait).unwrap_or(ChronoDuration::seconds(1));
            return Sent::RateLimited(self.clock.now() + wait);
        }
        self.pacer.ready(pending.chat_id).await;
        self.send(pending).await
    }

    async fn send(&self, pending: &Pending<Outgoing>) -> Sent {
        let (chat, lang, tz) = match self.reader(pending.payload.recipient()).await {
            Ok(r) => r,
            Err(e) => {
                return Sent::RetryAt(self.clock.now() + ChronoDuration::seconds(5), e.to_string());
            }
        };
        let result = match &pending.payload {
            Outgoing::Message(notice) => {
                let text = notice.text.html_for(lang, tz);
                let mut request = self
                    .bot
                    .send_message(chat, text)
                    .parse_mode(ParseMode::Html);
                if !notice.buttons.is_empty() {
                    request = request.reply_markup(keyboard(&notice.buttons, lang));
                }
                request.await.map(|_| ())
            }
            Outgoing::File {
                attachment,
                caption,
                ..
            } => {
                let caption = caption.as_ref().map(|c| c.html_for(lang, tz));
                send_file(&self.bot, chat, attachment, caption).await
            }
            Outgoing::Album {
                attachments,
                caption,
                ..
            } => {
                let caption = caption.as_ref().map(|c| c.html_for(lang, tz));
                send_album(&self.bot, chat, attachments, caption).await
            }
        };
        count(&result, "outbox");
        match result {
            Ok(()) => Sent::Ok,
            Err(RequestError::RetryAfter(seconds)) => {
                self.pacer.pause(pending.chat_id, seconds.duration());
                let wait = ChronoDuration::from_std(seconds.duration())
                    .unwrap_or(ChronoDuration::seconds(1));
                Sent::RateLimited(self.clock.now() + wait)
            }
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                Sent::TokenRefused(self.clock.now() + ChronoDuration::minutes(1))
            }
            Err(RequestError::Api(e)) if unreachable(&e) => Sent::Unreachable(e.to_string()),
            Err(RequestError::Api(e)) if server_side(&e) => {
                Sent::RetryAt(self.clock.now() + backoff(pending.attempts), e.to_string())
            }
            Err(RequestError::Api(e)) => Sent::Failed(e.to_string()),
            Err(e) => Sent::RetryAt(self.clock.now() + backoff(pending.attempts), e.to_string()),
        }
    }
}

/// Counts a send for `/metrics`: sent, or refused with Telegram's code (401, 403, 429).
pub fn count<T>(result: &Result<T, RequestError>, via: &'static str) {
    let refused = match result {
        Ok(_) => {
            metrics::counter!("dereja_messages_sent_total", "via" => via).increment(1);
            return;
        }
        Err(RequestError::RetryAfter(_)) => "429",
        Err(RequestError::Api(ApiError::InvalidToken)) => "401",
        Err(RequestError::Api(e)) if unreachable(e) => "403",
        Err(_) => "other",
    };
    metrics::counter!("dereja_telegram_refusals_total", "code" => refused).increment(1);
}

/// 1 s, 2 s, 4 s, ... at most about 4 minutes between tries.
fn backoff(attempts: i64) -> ChronoDuration {
    ChronoDuration::seconds(2i64.pow(attempts.clamp(0, 8) as u32))
}

/// Telegram's own trouble (500, 502, 503, 504): worth trying again.
fn server_side(e: &ApiError) -> bool {
    match e {
        ApiError::Unknown(text) => [
            "Internal Server Error",
            "Bad Gateway",
            "Service Unavailable",
            "Gateway Timeout",
        ]
        .iter()
        .any(|s| text.contains(s)),
        _ => false,
    }
}

/// Telegram's "this person cannot get messages from you" errors.
fn unreachable(e: &ApiError) -> bool {
    match e {
        ApiError::BotBlocked | ApiError::CantInitiateConversation | ApiError::UserDeactivated => {
            true
        }
        ApiError::Unknown(text) => {
            text.contains("can't initiate conversation") || text.contains("Forbidden")
        }
        _ => false,
    }
}

/// One album; the files keep their kind (a voice note never comes here: it cannot be grouped). The caption (Telegram
/// HTML) goes under the first file, which is where Telegram shows an album's words.
async fn send_album(
    bot: &Bot,
    chat: ChatId,
    attachments: &[Attachment],
    mut caption: Option<String>,
) -> Result<(), RequestError> {
    let media = attachments.iter().map(|a| {
        let file = InputFile::file_id(FileId(a.file_id.clone()));
        let caption = caption.take();
        let mode = caption.as_ref().map(|_| ParseMode::Html);
        match a.kind {
            AttachmentKind::Photo => {
                let mut photo = InputMediaPhoto::new(file);
                (photo.caption, photo.parse_mode) = (caption, mode);
                InputMedia::Photo(photo)
            }
            AttachmentKind::Video => {
                let mut video = InputMediaVideo::new(file);
                (video.caption, video.parse_mode) = (caption, mode);
                InputMedia::Video(video)
            }
            AttachmentKind::Audio => {
                let mut audio = InputMediaAudio::new(file);
                (audio.caption, audio.parse_mode) = (caption, mode);
                InputMedia::Audio(audio)
            }
            AttachmentKind::Document | AttachmentKind::Voice => {
                let mut document = InputMediaDocument::new(file);
                (document.caption, document.parse_mode) = (caption, mode);
                document.disable_content_type_detection = Some(true);
                InputMedia::Document(document)
            }
        }
    });
    bot.send_media_group(chat, media).await.map(|_| ())
}

/// One file, with its caption (Telegram HTML) if it has one.
async fn send_file(
    bot: &Bot,
    chat: ChatId,
    attachment: &Attachment,
    caption: Option<String>,
) -> Result<(), RequestError> {
    let file = InputFile::file_id(FileId(attachment.file_id.clone()));
    let caption = caption.unwrap_or_default();
    let result = match attachment.kind {
        AttachmentKind::Photo => {
            bot.send_photo(chat, file)
                .caption(caption)
                .parse_mode(ParseMode::Html)
                .await
        }
        AttachmentKind::Video => {
            bot.send_video(chat, file)
                .caption(caption)
                .parse_mode(ParseMode::Html)
                .await
        }
        AttachmentKind::Audio => {
            bot.send_audio(chat, file)
                .caption(caption)
                .parse_mode(ParseMode::Html)
                .await
        }
        AttachmentKind::Voice => {
            bot.send_voice(chat, file)
                .caption(caption)
                .parse_mode(ParseMode::Html)
                .await
        }
        AttachmentKind::Document => {
            bot.send_document(chat, file)
                .caption(caption)
                .parse_mode(ParseMode::Html)
                .disable_content_type_detection(true)
                .await
        }
    };
    result.map(|_| ())
}
