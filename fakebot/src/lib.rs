//! A local fake of the Telegram Bot API, served over real HTTP on 127.0.0.1, for tests that run the real bot.
//!
//! The test plays the users: it queues updates (messages, button presses, payments) that the bot fetches with
//! `getUpdates`, and reads back every method the bot called. Like Telegram, the fake refuses messages longer than
//! 4096 characters, press answers longer than 200, callback data longer than 64 bytes and albums Telegram would not
//! make (fewer than 2 or more than 10 files, or kinds mixed), HTML it cannot parse (see [`html`]), answers 403 when the bot writes first to a user who
//! never started it, and 429 with `retry_after` past the flood limits ([`Limits`]), so limit bugs show up in tests.

pub mod html;
mod limits;

pub use limits::Limits;

use axum::Router;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use limits::RateLimiter;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// The bot's own identity as `getMe` reports it.
pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "dereja_test_bot";

/// The longest text and caption after entities parsing, and the most entities a message may carry.
const MAX_TEXT: usize = 4096;
const MAX_CAPTION: usize = 1024;
const MAX_ENTITIES: usize = 100;
/// The longest text of a button press's answer (an alert).
const MAX_ALERT: usize = 200;
const MAX_CALLBACK_DATA: usize = 64;
/// Long polls are answered within this time at the latest, so a bot shuts down quickly in tests.
const MAX_POLL: Duration = Duration::from_secs(1);

/// Methods that send a message, and so count against the flood limits and need a started chat.
const SENDING: &[&str] = &[
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendVideo",
    "sendAudio",
    "sendVoice",
    "sendInvoice",
    "sendMediaGroup",
    "copyMessage",
    "forwardMessage",
];

/// One Bot API call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    /// The id of the message a sending call made (the first of an album); edits name theirs in `params`.
    pub message_id: i64,
}

/// A call Telegram would have refused, with the error code it would have returned (400, 403, 429).
#[derive(Debug, Clone)]
pub struct Refusal {
    pub call: Call,
    pub error_code: u16,
    pub description: String,
}

struct Inner {
    next_update_id: i64,
    updates: VecDeque<Value>,
    /// Every update ever queued, for redelivery.
    history: HashMap<i64, Value>,
    calls: Vec<Call>,
    refusals: Vec<Refusal>,
    next_message_id: i64,
    /// Users who wrote to the bot in private: the bot may write to them.
    started: HashSet<i64>,
    /// Group id -> its administrators' user ids.
    groups: HashMap<i64, Vec<i64>>,
    /// Pre-checkout query id -> (payer, currency, total amount, payload), until the bot answers it.
    checkouts: HashMap<String, (Value, String, i64, String)>,
    limiter: RateLimiter,
    /// The next this many sending calls fail with a server error (an outage on Telegram's side).
    outage: usize,
    /// `getUpdates` requests so far (not recorded as calls: long polling would flood them).
    polls: usize,
    /// The webhook the bot set (`setWebhook`): its URL and secret token. While set, `getUpdates` is refused.
    webhook: Option<(String, String)>,
    /// The token was revoked: every call is answered 401.
    revoked: bool,
}

impl Inner {
    fn new(limits: Limits) -> Inner {
        Inner {
            next_update_id: 0,
            updates: VecDeque::new(),
            history: HashMap::new(),
            calls: Vec::new(),
            refusals: Vec::new(),
            next_message_id: 0,
            started: HashSet::new(),
            groups: HashMap::new(),
            checkouts: HashMap::new(),
            limiter: RateLimiter::new(limits, Instant::now()),
            outage: 0,
            polls: 0,
            webhook: None,
            revoked: false,
        }
    }

    /// The text and entities the bot's message `message_id` in `chat` shows now (after its last edit), as Telegram
    /// puts them in a button press; `None` for a message the bot did not send (a test pressing on a made-up id).
    fn text_of(&self, chat: i64, message_id: i64) -> Option<(Value, Value)> {
        self.calls.iter().rev().find_map(|c| {
            let p = &c.params;
            let this = match c.method.as_str() {
                "sendMessage" => c.message_id == message_id,
                "editMessageText" => p["message_id"] == message_id,
                _ => false,
            };
            let entities = p.get("entities").cloned().unwrap_or(json!([]));
            (this && p["chat_id"] == chat).then(|| (p["text"].clone(), entities))
        })
    }

    fn push_update(&mut self, mut update: Value) -> i64 {
        self.next_update_id += 1;
        update["update_id"] = json!(self.next_update_id);
        self.history.insert(self.next_update_id, update.clone());
        self.updates.push_back(update);
        self.next_update_id
    }
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    new_update: Arc<Notify>,
    new_call: Arc<Notify>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running fake server; it stops when dropped.
pub struct FakeBotApi {
    url: String,
    shared: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeBotApi {
    /// A fake with Telegram's default flood limits.
    pub async fn start() -> FakeBotApi {
        FakeBotApi::with_limits(Limits::default()).await
    }

    pub async fn with_limits(limits: Limits) -> FakeBotApi {
        let shared = Shared {
            inner: Arc::new(Mutex::new(Inner::new(limits))),
            new_update: Arc::new(Notify::new()),
            new_call: Arc::new(Notify::new()),
        };
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake Bot API server");
        });
        FakeBotApi {
            url: format!("http://{addr}/"),
            shared,
            server,
        }
    }

    /// The base URL to give the bot (`TELOXIDE_API_URL`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A simulated Telegram user who talks to the bot in a private chat.
    /// The next `calls` sending calls fail with 500 or 502, as during an outage at Telegram.
    pub fn outage(&self, calls: usize) {
        self.shared.lock().outage = calls;
    }

    pub fn user(&self, id: i64, first_name: &str, language_code: Option<&str>) -> SimUser {
        SimUser {
            shared: self.shared.clone(),
            id,
            first_name: first_name.to_string(),
            language_code: language_code.map(str::to_string),
            username: None,
        }
    }

    /// A group chat (negative id) whose Telegram administrators are `admins`.
    pub fn group(&self, chat_id: i64, admins: &[i64]) -> i64 {
        assert!(chat_id < 0, "group ids are negative");
        self.shared.lock().groups.insert(chat_id, admins.to_vec());
        chat_id
    }

    /// Queues a raw update; its `update_id` is assigned here. Returns the id.
    pub fn push_update(&self, update: Value) -> i64 {
        let id = self.shared.lock().push_update(update);
        self.shared.new_update.notify_waiters();
        id
    }

    /// An update as it was queued (to reply to its message, say).
    pub fn update(&self, update_id: i64) -> Value {
        self.shared
            .lock()
            .history
            .get(&update_id)
            .cloned()
            .expect("a queued update")
    }

    /// The chat of the message whose button was pressed, by the press's callback query id.
    pub fn pressed_in(&self, query_id: &str) -> Option<i64> {
        let inner = self.shared.lock();
        inner.history.values().find_map(|u| {
            let query = u.get("callback_query")?;
            (query["id"] == query_id).then(|| query["message"]["chat"]["id"].as_i64())?
        })
    }

    /// Delivers an old update again with its original `update_id`, as Telegram does when a bot stopped before
    /// confirming it.
    pub fn redeliver(&self, update_id: i64) {
        {
            let mut inner = self.shared.lock();
            let update = inner
                .history
                .get(&update_id)
                .cloned()
                .expect("a queued update");
            // Telegram sends updates in the order of their ids, a repeated one too.
            let at = inner
                .updates
                .iter()
                .position(|u| u["update_id"].as_i64() > Some(update_id))
                .unwrap_or(inner.updates.len());
            inner.updates.insert(at, update);
        }
        self.shared.new_update.notify_waiters();
    }

    /// The id of the last update queued (ids count up from 1): how many updates were ever sent to the bot.
    pub fn last_update_id(&self) -> i64 {
        self.shared.lock().next_update_id
    }

    /// Posts the queued updates to the bot's webhook, as Telegram does once `setWebhook` was called: in order, one at
    /// a time, each until it is answered 200. Telegram posts to the public URL; a reverse proxy forwards it to the
    /// bot's listener: `listeners` are those addresses (`127.0.0.1:8080`), taken in turn, one update each, as a load
    /// balancer in front of several replicas would.
    pub fn deliver_by_webhook(&self, listeners: &[&str]) {
        let shared = self.shared.clone();
        let listeners: Vec<String> = listeners.iter().map(|l| l.to_string()).collect();
        tokio::spawn(async move {
            let mut turn = 0;
            loop {
                let next = {
                    let inner = shared.lock();
                    inner.webhook.clone().zip(inner.updates.front().cloned())
                };
                let Some(((url, secret), update)) = next else {
                    let _ = tokio::time::timeout(
                        Duration::from_millis(50),
                        shared.new_update.notified(),
                    )
                    .await;
                    continue;
                };
                let listener = &listeners[turn % listeners.len()];
                turn += 1;
                let path = url_path(&url);
                match post_json(listener, &path, Some(&secret), &update).await {
                    Ok(200) => {
                        let mut inner = shared.lock();
                        if inner.updates.front() == Some(&update) {
                            inner.updates.pop_front();
                        }
                    }
                    _ => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        });
    }

    /// The bot's token is revoked (@BotFather's /revoke): from now on every call gets 401.
    pub fn revoke_token(&self) {
        self.shared.lock().revoked = true;
    }

    /// The webhook the bot set: its URL and secret token.
    pub fn webhook(&self) -> Option<(String, String)> {
        self.shared.lock().webhook.clone()
    }

    /// Calls Telegram would have refused.
    pub fn refusals(&self) -> Vec<Refusal> {
        self.shared.lock().refusals.clone()
    }

    /// How many times the bot asked for updates.
    pub fn polls(&self) -> usize {
        self.shared.lock().polls
    }

    /// Updates the bot has not acknowledged yet (by asking for those after them): Telegram would send them again.
    pub fn unacknowledged(&self) -> usize {
        self.shared.lock().updates.len()
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// Calls of one method so far. Only those are copied: a long campaign makes hundreds of thousands of calls, and
    /// copying them all under the lock each time a test looks stalled the fake for minutes.
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// The calls after the first `seen`, waiting until there is at least one: a live view of what the bot does.
    pub async fn calls_after(&self, seen: usize) -> Vec<Call> {
        loop {
            let notified = self.shared.new_call.notified();
            let newer: Vec<Call> = self
                .shared
                .lock()
                .calls
                .iter()
                .skip(seen)
                .cloned()
                .collect();
            if !newer.is_empty() {
                return newer;
            }
            notified.await;
        }
    }

    /// Waits until a call of `method` matching `accept` arrives, or panics after `timeout`.
    pub async fn wait_for(
        &self,
        method: &str,
        timeout: Duration,
        accept: impl Fn(&Value) -> bool,
    ) -> Call {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.new_call.notified();
            if let Some(call) = self
                .calls_to(method)
                .into_iter()
                .find(|c| accept(&c.params))
            {
                return call;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "no {method} call matched within {timeout:?}; calls were: {:#?}",
                    self.calls()
                );
            }
        }
    }
}

/// A Telegram user as the test drives them.
#[derive(Clone)]
pub struct SimUser {
    shared: Shared,
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
    pub username: Option<String>,
}

impl SimUser {
    /// The same person with a Telegram @username (without the @).
    pub fn with_username(mut self, username: &str) -> SimUser {
        self.username = Some(username.to_string());
        self
    }

    fn sender_json(&self) -> Value {
        let mut user = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        user
    }

    fn private_chat(&self) -> Value {
        json!({ "id": self.id, "type": "private", "first_name": self.first_name })
    }

    fn text_message(&self, chat: Value, text: &str) -> Value {
        let mut message = json!({
            "message_id": 0,
            "date": 1_767_000_000,
            "chat": chat,
            "from": self.sender_json(),
            "text": text,
        });
        if text.starts_with('/') {
            let len = text
                .split_whitespace()
                .next()
                .map_or(0, |c| c.encode_utf16().count());
            message["entities"] = json!([{ "type": "bot_command", "offset": 0, "length": len }]);
        }
        message
    }

    /// The user has started the bot (so it may write to them) without sending anything now.
    pub fn has_started(&self) {
        self.shared.lock().started.insert(self.id);
    }

    /// Sends a text message to the bot in the private chat (which starts the chat); returns the update id.
    pub fn send_text(&self, text: &str) -> i64 {
        self.shared.lock().started.insert(self.id);
        let message = self.text_message(self.private_chat(), text);
        self.push(json!({ "message": message }), "message")
    }

    /// Sends a file (by a made-up `file_id`) to the bot in the private chat.
    pub fn send_document(&self, file_id: &str, file_name: &str) -> i64 {
        self.shared.lock().started.insert(self.id);
        let mut message = self.text_message(self.private_chat(), "");
        if let Some(m) = message.as_object_mut() {
            m.remove("text");
        }
        message["document"] = json!({ "file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": file_name });
        self.push(json!({ "message": message }), "message")
    }

    /// Sends a photo, video, audio or voice note (`kind`, by a made-up `file_id`) to the bot in the private chat.
    pub fn send_media(&self, kind: &str, file_id: &str) -> i64 {
        self.shared.lock().started.insert(self.id);
        let mut message = self.text_message(self.private_chat(), "");
        if let (Some(m), Some(media)) = (
            message.as_object_mut(),
            media_json(kind, file_id).as_object(),
        ) {
            m.remove("text");
            m.extend(media.clone());
        }
        self.push(json!({ "message": message }), "message")
    }

    /// Writes in a group, optionally as a reply to another message (a `message` object as the bot saw it).
    pub fn send_in_group(&self, group: i64, text: &str, reply_to: Option<&Value>) -> i64 {
        let chat = json!({ "id": group, "type": "supergroup", "title": "Group" });
        let mut message = self.text_message(chat, text);
        if let Some(original) = reply_to {
            message["reply_to_message"] = original.clone();
        }
        self.push(json!({ "message": message }), "message")
    }

    /// Opens a deep link `https://t.me/<bot>?start=<payload>` as Telegram does: checks the link's form (bot
    /// username, payload of at most 64 characters of `A-Za-z0-9_-`) and sends `/start <payload>`.
    pub fn open_link(&self, link: &str) -> Result<i64, String> {
        let prefix = format!("https://t.me/{BOT_USERNAME}?start=");
        let payload = link
            .strip_prefix(&prefix)
            .ok_or_else(|| format!("not a deep link to this bot: {link}"))?;
        let valid = !payload.is_empty()
            && payload.len() <= 64
            && payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return Err(format!(
                "Telegram would drop this start payload: {payload:?}"
            ));
        }
        Ok(self.send_text(&format!("/start {payload}")))
    }

    /// Pays an invoice the bot sent (a `sendInvoice` call): Telegram asks the bot with a `pre_checkout_query`;
    /// if the bot answers `ok`, the fake sends the `successful_payment` message. Returns the query id.
    pub fn pay(&self, invoice: &Call) -> String {
        let p = &invoice.params;
        let currency = p["currency"].as_str().unwrap_or_default().to_string();
        let total: i64 = p["prices"]
            .as_array()
            .map(|prices| prices.iter().filter_map(|x| x["amount"].as_i64()).sum())
            .unwrap_or_default();
        let payload = p["payload"].as_str().unwrap_or_default().to_string();
        self.pay_amount(&currency, total, &payload)
    }

    /// A pre-checkout with any amount and payload: what a tampered or stale invoice looks like to the bot.
    pub fn pay_amount(&self, currency: &str, total_amount: i64, payload: &str) -> String {
        let id = {
            let mut inner = self.shared.lock();
            inner.next_message_id += 1;
            format!("pcq-{}-{}", self.id, inner.next_message_id)
        };
        let query = json!({
            "id": id,
            "from": self.sender_json(),
            "currency": currency,
            "total_amount": total_amount,
            "invoice_payload": payload,
        });
        self.shared.lock().checkouts.insert(
            id.clone(),
            (
                self.sender_json(),
                currency.to_string(),
                total_amount,
                payload.to_string(),
            ),
        );
        self.push(json!({ "pre_checkout_query": query }), "pre_checkout_query");
        id
    }

    /// A successful payment arriving with no new pre-checkout: what the bot sees when the milestone changed between
    /// its pre-checkout answer and Telegram's charge. Returns the update id.
    pub fn payment_arrives(&self, currency: &str, total_amount: i64, payload: &str) -> i64 {
        let message = json!({
            "date": 1_767_000_000,
            "chat": self.private_chat(),
            "from": self.sender_json(),
            "successful_payment": {
                "currency": currency, "total_amount": total_amount, "invoice_payload": payload,
                "telegram_payment_charge_id": format!("tg-late-{}-{payload}", self.id),
                "provider_payment_charge_id": format!("provider-late-{}", self.id),
            },
        });
        self.push(json!({ "message": message }), "message")
    }

    /// Presses an inline button with `data` on a bot message in the private chat.
    pub fn press(&self, data: &str, message_id: i64) -> i64 {
        let chat = json!({ "id": self.id, "type": "private", "first_name": self.first_name });
        self.press_on(chat, data, message_id)
    }

    /// Presses an inline button with `data` on a bot message in a group.
    pub fn press_in_group(&self, group: i64, data: &str, message_id: i64) -> i64 {
        let chat = json!({ "id": group, "type": "supergroup", "title": "Group" });
        self.press_on(chat, data, message_id)
    }

    fn press_on(&self, chat: Value, data: &str, message_id: i64) -> i64 {
        // Telegram gives every press its own query id, even on the same button.
        let (press, text) = {
            let mut inner = self.shared.lock();
            inner.next_message_id += 1;
            let text = inner.text_of(chat["id"].as_i64().unwrap_or_default(), message_id);
            (
                inner.next_message_id,
                text.unwrap_or_else(|| (json!("…"), json!([]))),
            )
        };
        let (text, entities) = text;
        let callback = json!({
            "id": format!("cb-{}-{message_id}-{press}", self.id),
            "from": self.sender_json(),
            "chat_instance": format!("ci-{}", self.id),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": 1_767_000_000,
                "chat": chat,
                "from": { "id": BOT_ID, "is_bot": true, "first_name": "Dereja", "username": BOT_USERNAME },
                "text": text,
                "entities": entities,
            },
        });
        self.push(json!({ "callback_query": callback }), "callback_query")
    }

    fn push(&self, mut update: Value, kind: &str) -> i64 {
        let id = {
            let mut inner = self.shared.lock();
            inner.next_message_id += 1;
            if kind == "message" {
                update["message"]["message_id"] = json!(inner.next_message_id);
            }
            inner.push_update(update)
        };
        self.shared.new_update.notify_waiters();
        id
    }
}

/// The path of a URL (`https://host/a/b` -> `/a/b`).
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string())
}

/// POSTs `body` as JSON to `http://{address}{path}` with Telegram's secret-token header when given; returns the
/// HTTP status. A few lines of HTTP/1.1 rather than a client library: the fake only ever posts small JSON bodies.
pub async fn post_json(
    address: &str,
    path: &str,
    secret: Option<&str>,
    body: &Value,
) -> std::io::Result<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.to_string();
    let secret = secret.map_or(String::new(), |s| {
        format!("X-Telegram-Bot-Api-Secret-Token: {s}\r\n")
    });
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n{secret}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(address).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let status = String::from_utf8_lossy(&response)
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok(status)
}

fn ok(result: Value) -> Response {
    axum::Json(json!({ "ok": true, "result": result })).into_response()
}

fn bad_request(description: &str) -> Response {
    error(400, &format!("Bad Request: {description}"), None)
}

fn error(code: u16, description: &str, retry_after: Option<u64>) -> Response {
    let mut body = json!({ "ok": false, "error_code": code, "description": description });
    if let Some(seconds) = retry_after {
        body["parameters"] = json!({ "retry_after": seconds });
    }
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(body)).into_response()
}

/// The request's parameters, from a JSON body or a multipart form (files: their name, size and, for small
/// text files, content).
async fn read_params(request: Request, shared: &Shared) -> Result<Value, Response> {
    let is_multipart = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let mut form = Multipart::from_request(request, shared)
            .await
            .map_err(|_| bad_request("can't parse multipart form"))?;
        let mut params = json!({});
        while let Ok(Some(field)) = form.next_field().await {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field
                .bytes()
                .await
                .map_err(|_| bad_request("broken multipart field"))?;
            params[name] = match file_name {
                // Small text files keep their content, so a test can read what the bot sent.
                Some(file_name) => json!({
                    "file_name": file_name,
                    "size": bytes.len(),
                    "content": (bytes.len() <= 1 << 20)
                        .then(|| String::from_utf8(bytes.to_vec()).ok())
                        .flatten(),
                }),
                None => {
                    let text = String::from_utf8_lossy(&bytes).to_string();
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                }
            };
        }
        // `"document": "attach://<name>"` names the part that holds the file, as Telegram reads it.
        if let Some(map) = params.as_object_mut() {
            let attached: Vec<(String, String)> = map
                .iter()
                .filter_map(|(k, v)| {
                    let part = v.as_str()?.strip_prefix("attach://")?;
                    Some((k.clone(), part.to_string()))
                })
                .collect();
            for (key, part) in attached {
                if let Some(file) = map.remove(&part) {
                    map.insert(key, file);
                }
            }
        }
        return Ok(params);
    }
    let body = String::from_request(request, shared)
        .await
        .map_err(|_| bad_request("can't read request body"))?;
    if body.trim().is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_str(&body).map_err(|_| bad_request("can't parse request body"))
}

async fn handle(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    if !bot.starts_with("bot") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let params = match read_params(request, &shared).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    // Method names are case-insensitive in the Bot API; teloxide sends `GetMe`. Keep the documented spelling.
    let method = match method.chars().next() {
        Some(first) => first.to_ascii_lowercase().to_string() + &method[first.len_utf8()..],
        None => method,
    };
    if shared.lock().revoked {
        return error(401, "Unauthorized", None);
    }
    if method == "getUpdates" {
        if shared.lock().webhook.is_some() {
            let conflict = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
            return error(409, conflict, None);
        }
        return get_updates(&shared, &params).await;
    }
    let mut params = params;
    let unparsed = read_formatting(&mut params).err();
    let response = {
        let mut inner = shared.lock();
        let call = Call {
            method: method.clone(),
            params: params.clone(),
            message_id: inner.next_message_id + 1,
        };
        let refusal = match unparsed {
            Some(problem) => Some((
                400,
                format!("Bad Request: can't parse entities: {problem}"),
                None,
            )),
            None => refuse(&mut inner, &method, &params),
        };
        match refusal {
            Some((code, description, retry_after)) => {
                inner.refusals.push(Refusal {
                    call,
                    error_code: code,
                    description: description.clone(),
                });
                error(code, &description, retry_after)
            }
            None => {
                inner.calls.push(call);
                inner.next_message_id += 1;
                let message_id = inner.next_message_id;
                respond(&mut inner, &method, &params, message_id)
            }
        }
    };
    shared.new_call.notify_waiters();
    response
}

/// What Telegram would refuse, with its error code, description and `retry_after`.
fn refuse(inner: &mut Inner, method: &str, params: &Value) -> Option<(u16, String, Option<u64>)> {
    if let Some(problem) = check_limits(method, params) {
        return Some((400, format!("Bad Request: {problem}"), None));
    }
    if !SENDING.contains(&method) {
        return None;
    }
    if inner.outage > 0 {
        inner.outage -= 1;
        let code = if inner.outage.is_multiple_of(2) {
            500
        } else {
            502
        };
        let description = if code == 500 {
            "Internal Server Error"
        } else {
            "Bad Gateway"
        };
        return Some((code, description.into(), None));
    }
    let chat = params["chat_id"].as_i64()?;
    if chat > 0 && !inner.started.contains(&chat) {
        return Some((
            403,
            "Forbidden: bot can't initiate conversation with a user".into(),
            None,
        ));
    }
    if let Err(seconds) = inner.limiter.admit(chat, Instant::now()) {
        return Some((
            429,
            format!("Too Many Requests: retry after {seconds}"),
            Some(seconds),
        ));
    }
    None
}

/// Reads a text or caption sent with `parse_mode` HTML as Telegram does: the params then hold what people see
/// (`text`, `caption`, and in an album each file's caption) with its `entities` / `caption_entities`, and the markup
/// as sent under `html` / `caption_html`. Markdown is not spoken here: the bot sends HTML only.
fn read_formatting(params: &mut Value) -> Result<(), String> {
    let mut album = media_items(params);
    if !album.is_empty() {
        for item in &mut album {
            read_formatting(item)?;
        }
        params["media"] = Value::Array(album);
    }
    let Some(mode) = params.get("parse_mode").and_then(Value::as_str) else {
        return Ok(());
    };
    if !mode.eq_ignore_ascii_case("html") {
        return Err(format!("the fake reads parse_mode HTML only, not {mode}"));
    }
    for (field, entities, markup) in [
        ("text", "entities", "html"),
        ("caption", "caption_entities", "caption_html"),
    ] {
        if let Some(source) = params
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_string)
        {
            let formatted = html::parse(&source)?;
            if formatted.entities.len() > MAX_ENTITIES {
                return Err(format!("more than {MAX_ENTITIES} entities"));
            }
            params[field] = json!(formatted.text);
            params[entities] = json!(formatted.entities);
            params[markup] = json!(source);
        }
    }
    Ok(())
}

/// Telegram's limits on what a bot sends.
fn check_limits(method: &str, params: &Value) -> Option<&'static str> {
    if method == "sendMediaGroup"
        && let Some(problem) = album_problem(params)
    {
        return Some(problem);
    }
    let text = params.get("text").and_then(Value::as_str).unwrap_or("");
    if method == "answerCallbackQuery" && text.chars().count() > MAX_ALERT {
        return Some("MESSAGE_TOO_LONG");
    }
    if text.chars().count() > MAX_TEXT {
        return Some("message is too long");
    }
    let captions = media_items(params)
        .into_iter()
        .chain([params.clone()])
        .filter_map(|p| {
            p.get("caption")
                .and_then(Value::as_str)
                .map(|c| c.chars().count())
        });
    if captions.max().unwrap_or(0) > MAX_CAPTION {
        return Some("message caption is too long");
    }
    let rows = params
        .pointer("/reply_markup/inline_keyboard")
        .and_then(Value::as_array);
    for button in rows
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        if let Some(data) = button.get("callback_data").and_then(Value::as_str)
            && data.len() > MAX_CALLBACK_DATA
        {
            return Some("BUTTON_DATA_INVALID");
        }
    }
    None
}

/// The files of a `sendMediaGroup` (sent as JSON, or as a JSON string in a multipart form).
fn media_items(params: &Value) -> Vec<Value> {
    match params.get("media") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::String(text)) => serde_json::from_str(text).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Telegram's albums: two to ten files, photos and videos together, or only documents, or only audio.
fn album_problem(params: &Value) -> Option<&'static str> {
    let items = media_items(params);
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["type"].as_str()).collect();
    if !(2..=10).contains(&items.len()) || kinds.len() != items.len() {
        return Some("MEDIA_GROUP_INVALID: an album holds 2 to 10 files");
    }
    let visual = |k: &&str| *k == "photo" || *k == "video";
    let mixed = !(kinds.iter().all(visual) || kinds.iter().all(|k| *k == kinds[0]));
    mixed.then_some("MEDIA_GROUP_INVALID: documents and audio cannot be mixed with other kinds")
}

/// The field a message carrying a file of `kind` has (`photo` is a list of sizes).
fn media_json(kind: &str, file_id: &str) -> Value {
    let file = json!({ "file_id": file_id, "file_unique_id": format!("u-{file_id}") });
    let sized = json!({ "file_id": file_id, "file_unique_id": format!("u-{file_id}"), "width": 640, "height": 480 });
    match kind {
        "photo" => json!({ "photo": [sized] }),
        "video" => {
            let mut video = sized;
            video["duration"] = json!(5);
            video["mime_type"] = json!("video/mp4");
            json!({ "video": video })
        }
        "audio" | "voice" => {
            let mut audio = file;
            audio["duration"] = json!(5);
            audio["mime_type"] = json!(if kind == "voice" {
                "audio/ogg"
            } else {
                "audio/mpeg"
            });
            let mut message = serde_json::Map::new();
            message.insert(kind.to_string(), audio);
            Value::Object(message)
        }
        _ => json!({ "document": file }),
    }
}

fn chat_json(chat_id: &Value) -> Value {
    match chat_id.as_i64() {
        Some(id) if id < 0 => json!({ "id": id, "type": "supergroup", "title": "Group" }),
        Some(id) => json!({ "id": id, "type": "private", "first_name": "User" }),
        None => json!({ "id": 0, "type": "private", "first_name": "User" }),
    }
}

fn bot_user() -> Value {
    json!({ "id": BOT_ID, "is_bot": true, "first_name": "Dereja", "username": BOT_USERNAME })
}

fn chat_member(user_id: i64, status: &str) -> Value {
    let mut member = json!({
        "status": status,
        "user": { "id": user_id, "is_bot": false, "first_name": format!("User {user_id}") },
    });
    if status == "administrator" {
        for right in [
            "can_be_edited",
            "is_anonymous",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        ] {
            member[right] = json!(right != "is_anonymous" && right != "can_be_edited");
        }
    }
    member
}

/// A message as the bot's own, in the chat it was sent to, with `extra` fields (text, document, invoice...).
fn own_message(params: &Value, message_id: i64, extra: Value) -> Value {
    let mut message = json!({
        "message_id": message_id,
        "date": 1_767_000_000,
        "chat": chat_json(&params["chat_id"]),
        "from": bot_user(),
    });
    if let (Some(m), Some(e)) = (message.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    message
}

fn respond(inner: &mut Inner, method: &str, params: &Value, message_id: i64) -> Response {
    match method {
        "sendInvoice" => ok(own_message(
            params,
            message_id,
            json!({ "invoice": {
                "title": params["title"], "description": params["description"], "start_parameter": "",
                "currency": params["currency"],
                "total_amount": params["prices"].as_array().map_or(0, |p| p.iter().filter_map(|x| x["amount"].as_i64()).sum::<i64>()),
            }}),
        )),
        "sendDocument" => ok(own_message(
            params,
            message_id,
            json!({ "document": { "file_id": format!("doc-{message_id}"), "file_unique_id": format!("u{message_id}") } }),
        )),
        "sendPhoto" | "sendVideo" | "sendAudio" | "sendVoice" => {
            let kind = method.trim_start_matches("send").to_lowercase();
            ok(own_message(
                params,
                message_id,
                media_json(&kind, &format!("m-{message_id}")),
            ))
        }
        "sendMediaGroup" => {
            let items = media_items(params);
            let messages = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let kind = item["type"].as_str().unwrap_or("document");
                    let id = message_id + i as i64;
                    own_message(params, id, media_json(kind, &format!("m-{id}")))
                })
                .collect();
            inner.next_message_id += items.len().saturating_sub(1) as i64;
            ok(Value::Array(messages))
        }
        "copyMessage" => ok(json!({ "message_id": message_id })),
        "getChatAdministrators" => {
            let chat = params["chat_id"].as_i64().unwrap_or_default();
            let admins = inner.groups.get(&chat).cloned().unwrap_or_default();
            ok(Value::Array(
                admins
                    .iter()
                    .map(|id| chat_member(*id, "administrator"))
                    .collect(),
            ))
        }
        "getChatMember" => {
            let chat = params["chat_id"].as_i64().unwrap_or_default();
            let user = params["user_id"].as_i64().unwrap_or_default();
            let is_admin = inner.groups.get(&chat).is_some_and(|a| a.contains(&user));
            ok(chat_member(
                user,
                if is_admin { "administrator" } else { "member" },
            ))
        }
        "answerPreCheckoutQuery" => {
            let id = params["pre_checkout_query_id"].as_str().unwrap_or_default();
            if let Some((payer, currency, total, payload)) = inner.checkouts.remove(id)
                && params["ok"] == json!(true)
            {
                let payer_id = payer["id"].as_i64().unwrap_or_default();
                let message = json!({
                    "message_id": message_id,
                    "date": 1_767_000_000,
                    "chat": { "id": payer_id, "type": "private", "first_name": payer["first_name"] },
                    "from": payer,
                    "successful_payment": {
                        "currency": currency, "total_amount": total, "invoice_payload": payload,
                        "telegram_payment_charge_id": format!("tg-{id}"),
                        "provider_payment_charge_id": format!("provider-{id}"),
                    },
                });
                inner.push_update(json!({ "message": message }));
            }
            ok(json!(true))
        }
        "setWebhook" => {
            let url = params["url"].as_str().unwrap_or_default().to_string();
            let secret = params["secret_token"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            inner.webhook = Some((url, secret));
            ok(json!(true))
        }
        "deleteWebhook" => {
            inner.webhook = None;
            ok(json!(true))
        }
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Dereja", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false,
        })),
        "sendMessage" | "editMessageText" | "editMessageReplyMarkup" => {
            let id = params
                .get("message_id")
                .and_then(Value::as_i64)
                .unwrap_or(message_id);
            ok(json!({
                "message_id": id,
                "date": 1_767_000_000,
                "chat": chat_json(&params["chat_id"]),
                "from": { "id": BOT_ID, "is_bot": true, "first_name": "Dereja", "username": BOT_USERNAME },
                "text": params.get("text").cloned().unwrap_or(json!("")),
                "entities": params.get("entities").cloned().unwrap_or(json!([])),
            }))
        }
        _ => ok(json!(true)),
    }
}

async fn get_updates(shared: &Shared, params: &Value) -> Response {
    shared.lock().polls += 1;
    let offset = params.get("offset").and_then(Value::as_i64).unwrap_or(0);
    let wait = params
        .get("timeout")
        .and_then(Value::as_u64)
        .map_or(Duration::ZERO, Duration::from_secs)
        .min(MAX_POLL);
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let notified = shared.new_update.notified();
        let batch: Vec<Value> = {
            let mut inner = shared.lock();
            // Confirming an offset forgets the updates before it, as Telegram does.
            while inner
                .updates
                .front()
                .is_some_and(|u| u["update_id"].as_i64().unwrap_or(0) < offset)
            {
                inner.updates.pop_front();
            }
            inner.updates.iter().take(100).cloned().collect()
        };
        if !batch.is_empty() {
            return ok(Value::Array(batch));
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}
