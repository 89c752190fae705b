//! The sender, the edge's end of the outbox: delivers queued notices in order per chat, in each reader's language,
//! retrying after 429 and network errors, giving up (recorded) where Telegram says the person cannot be reached,
//! and then posting the notice in the order's group instead when there is one.

use super::keyboard::keyboard;
use crate::batching::GroupCommit;
use crate::clock::Clock;
use crate::i18n::Text;
use crate::messages::{Fallback, Notice, Outgoing, Recipient, deep_link, invitation_link};
use crate::pacing::Pacer;
use crate::store::{Pending, Store, StoreError, Tx};
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use dereja_domain::{Attachment, AttachmentKind, Language, TimeZone, UserId};
use std::collections::HashMap;
use std::sync::Arc;
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

/// Network errors are retried with growing pauses this many times.
const MAX_ATTEMPTS: i64 = 10;
/// Messages being sent at once, at most (each to a different chat).
pub const IN_FLIGHT: usize = 64;
const BATCH: usize = 50;
/// How long a claimed message is reserved for the sender that claimed it: if that process dies before it
/// records the send, another sender (or the restarted one) takes the message after this long.
const LEASE: ChronoDuration = ChronoDuration::seconds(60);
/// How long a send's outcome is kept trying to be recorded while the database is away: well inside the lease, so
/// a database restart does not make the message look unsent and go out twice.
const RECORD_FOR: Duration = Duration::from_secs(40);
/// How long a stopping sender waits for the sends in flight, to record them before it goes.
const DRAIN: Duration = Duration::from_secs(5);
/// A send's task goes on with its chat's next message, claimed as it records the last, this many at most; then the
/// slot goes back to the passes, so one long queue cannot keep it.
const RUN: usize = 20;

#[derive(Clone)]
pub struct Sender {
    pub store: Store,
    pub bot: Bot,
    pub clock: Arc<dyn Clock>,
    pub wake: Arc<Notify>,
    pub pacer: Arc<Pacer>,
    /// Free sending slots, [`IN_FLIGHT`] in all.
    pub in_flight: Arc<Semaphore>,
    /// Sends finished together are recorded in one transaction.
    pub records: Arc<Records>,
    /// For invitation links in "could not reach" notices.
    pub bot_username: String,
    /// Language and time zone of groups and the admin chat.
    pub community_language: Language,
    pub community_time_zone: TimeZone,
}

/// Sends' outcomes waiting to be recorded together, each saying whether its chat's next message should be claimed
/// with it; each learns whether the records committed (or why not) and, by the sent message's id, the next ones.
pub type Records = GroupCommit<(Arc<Pending<Outgoing>>, Sent, bool), Result<Nexts, String>>;

/// The next message of each chat whose send was recorded, by the id of the one sent.
type Nexts = Arc<HashMap<i64, Arc<Pending<Outgoing>>>>;

/// A message claimed from the outbox, or the id of one whose payload does not parse.
type Claimed = Result<Pending<Outgoing>, i64>;

/// Where a message goes, and in which language and time zone it is rendered.
type Reader = (ChatId, Language, TimeZone);

/// The readers of a claim's messages: people in their language and time zone, groups and the admin chat in the
/// language their admins chose, else the community's.
struct Readers {
    people: HashMap<UserId, (Language, TimeZone)>,
    groups: HashMap<i64, Language>,
    community: (Language, TimeZone),
}

impl Readers {
    fn of(&self, to: Recipient) -> Reader {
        let (language, time_zone) = self.community;
        match to {
            Recipient::User(user) => {
                let (lang, tz) = self.people.get(&user).copied().unwrap_or(self.community);
                (ChatId(user.0), lang, tz)
            }
            Recipient::Chat(chat) => {
                let lang = self.groups.get(&chat).copied().unwrap_or(language);
                (ChatId(chat), lang, time_zone)
            }
        }
    }
}

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

    /// One pass: claims the oldest due message of every chat that is not being sent, as many as there are free
    /// slots, and sends each in its own task when the pacer lets its chat have a message, so a chat that must wait
    /// (a busy group) holds up no other; each task goes on with its chat's next messages, up to 20 in a run.
    /// Returns how many it took; a finished run wakes the loop.
    pub async fn send_due(&self) -> Result<usize, StoreError> {
        Ok(self.pass().await?.0)
    }

    /// [`Sender::send_due`], saying how many it took and how many it could have.
    async fn pass(&self) -> Result<(usize, usize), StoreError> {
        let free = self.in_flight.available_permits().min(BATCH);
        if free == 0 {
            return Ok((0, 0));
        }
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let due: Vec<Claimed> = tx.claim_due_messages(now, now + LEASE, free as i64).await?;
        let readers = self.readers(&mut tx, &due).await?;
        tx.commit().await?;
        let taken = due.len();
        for item in due {
            match item {
                Ok(pending) => {
                    let reader = readers.of(pending.payload.recipient());
                    self.spawn_send(pending, reader).await;
                }
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
        self.idle().await;
        Ok(taken)
    }

    /// Once every send in flight is recorded (each records its own before it frees its slot).
    async fn idle(&self) {
        let all = u32::try_from(IN_FLIGHT).expect("a small number");
        let _idle = self
            .in_flight
            .acquire_many(all)
            .await
            .expect("the semaphore is never closed");
    }

    /// On the way out: waits a moment for the sends in flight to be answered and recorded, so a restart does not
    /// send them again.
    pub async fn drain(&self) {
        if tokio::time::timeout(DRAIN, self.idle()).await.is_err() {
            tracing::warn!(
                "sends still in flight at the stop; they may go out again after a restart"
            );
        }
    }

    /// Who reads the messages of `due`, in which language and time zone: two statements at most, whatever their
    /// number (people, then groups), in the claim's transaction.
    async fn readers(&self, tx: &mut Tx, due: &[Claimed]) -> Result<Readers, StoreError> {
        let recipients = due
            .iter()
            .filter_map(|c| c.as_ref().ok())
            .map(|p| p.payload.recipient());
        let (mut users, mut chats) = (Vec::new(), Vec::new());
        for recipient in recipients {
            match recipient {
                Recipient::User(user) => users.push(user),
                Recipient::Chat(chat) => chats.push(chat),
            }
        }
        users.sort_unstable_by_key(|u: &UserId| u.0);
        users.dedup();
        chats.sort_unstable();
        chats.dedup();
        let people = tx.users(&users).await?.into_iter();
        Ok(Readers {
            people: people.map(|u| (u.id, (u.language, u.time_zone))).collect(),
            groups: tx.chat_languages(&chats).await?.into_iter().collect(),
            community: (self.community_language, self.community_time_zone),
        })
    }

    async fn spawn_send(&self, pending: Pending<Outgoing>, reader: Reader) {
        let permit = self
            .in_flight
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let sender = self.clone();
        let mut pending = Arc::new(pending);
        tokio::spawn(async move {
            for sent in 1..=RUN {
                let outcome = sender.paced_send(&pending, reader).await;
                match sender.record_soon(&pending, outcome, sent < RUN).await {
                    Some(next) => pending = next,
                    None => break,
                }
            }
            drop(permit);
            sender.wake.notify_one();
        });
    }

    /// Records what became of a send, trying again while the database is unreachable; if it stays away past
    /// [`RECORD_FOR`], the lease runs out and the message is taken again: sent once more at worst. After a
    /// message sent, with `go_on`, claims its chat's next one in the same transaction and returns it (the same chat,
    /// so the same reader).
    async fn record_soon(
        &self,
        pending: &Arc<Pending<Outgoing>>,
        outcome: Sent,
        go_on: bool,
    ) -> Option<Arc<Pending<Outgoing>>> {
        let give_up = tokio::time::Instant::now() + RECORD_FOR;
        let mut pause = Duration::from_millis(250);
        let go_on = go_on && matches!(outcome, Sent::Ok);
        loop {
            let e = match self.settle(pending, outcome.clone(), go_on).await {
                Ok(nexts) => return nexts.get(&pending.id).cloned(),
                Err(e) => e,
            };
            if tokio::time::Instant::now() + pause > give_up {
                tracing::warn!(id = pending.id, error = %e, "could not record a send");
                return None;
            }
            tracing::debug!(id = pending.id, error = %e, "recording a send: database unavailable, trying again");
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(5));
        }
    }

    /// Records the outcome with those of the sends that finished meanwhile: a send's record is not kept waiting for
    /// the next claim, as every moment between Telegram's answer and the record is one where a kill sends it again.
    /// With `go_on`, the chat's next message is claimed in the same transaction.
    async fn settle(
        &self,
        pending: &Arc<Pending<Outgoing>>,
        outcome: Sent,
        go_on: bool,
    ) -> Result<Nexts, String> {
        let settle_all = |sends: Vec<(Arc<Pending<Outgoing>>, Sent, bool)>| async move {
            let mut tx = self.store.begin().await?;
            let mut sent = Vec::new();
            let mut going_on = HashMap::new();
            for (pending, outcome, go_on) in sends {
                self.record(&mut tx, &pending, outcome, &mut sent).await?;
                if go_on {
                    going_on.insert(pending.chat_id, pending.id);
                }
            }
            tx.mark_sent(&sent, self.clock.now()).await?;
            let nexts = self.claim_next(&mut tx, &going_on).await?;
            tx.commit().await?;
            Ok(Arc::new(nexts))
        };
        let item = (pending.clone(), outcome, go_on);
        self.records
            .commit(item, |sends| async {
                settle_all(sends)
                    .await
                    .map_err(|e: StoreError| e.to_string())
            })
            .await
    }

    /// The next message of each chat in `after` (a chat, and the message just sent there), if it is due and free,
    /// by the id of the one sent before it; one whose payload does not parse is set aside.
    async fn claim_next(
        &self,
        tx: &mut Tx,
        after: &HashMap<i64, i64>,
    ) -> Result<HashMap<i64, Arc<Pending<Outgoing>>>, StoreError> {
        let now = self.clock.now();
        let chats: Vec<i64> = after.keys().copied().collect();
        let mut nexts = HashMap::new();
        for next in tx.claim_next_in_chats(&chats, now, now + LEASE).await? {
            match next {
                Ok(next) => {
                    if let Some(&before) = after.get(&next.chat_id) {
                        nexts.insert(before, Arc::new(next));
                    }
                }
                Err(id) => tx.mark_failed(id, now, "payload does not parse").await?,
            }
        }
        Ok(nexts)
    }

    /// What became of one message: sent (its id goes to `sent`, marked with the others in one statement), put back
    /// until a moment, or given up (and then the fallback).
    async fn record(
        &self,
        tx: &mut Tx,
        pending: &Pending<Outgoing>,
        outcome: Sent,
        sent: &mut Vec<i64>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        match outcome {
            Sent::Ok => {
                sent.push(pending.id);
                Ok(())
            }
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

    /// Sends when the pacer allows; a chat Telegram asked to wait longer than a moment is put back until then.
    async fn paced_send(&self, pending: &Pending<Outgoing>, reader: Reader) -> Sent {
        if let Some(wait) = self.pacer.paused_for(pending.chat_id)
            && wait > Duration::from_secs(2)
        {
            let wait = ChronoDuration::from_std(wait).unwrap_or(ChronoDuration::seconds(1));
            return Sent::RateLimited(self.clock.now() + wait);
        }
        self.pacer.ready(pending.chat_id).await;
        self.send(pending, reader).await
    }

    async fn send(&self, pending: &Pending<Outgoing>, (chat, lang, tz): Reader) -> Sent {
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
