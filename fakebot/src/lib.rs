//! A local fake of the Telegram Bot API, served over real HTTP on 127.0.0.1, for tests that run the real bot.
//!
//! The test plays the users: it queues updates (messages, button presses) that the bot fetches with
//! `getUpdates`, and reads back every method the bot called. Like Telegram, the fake refuses messages longer than
//! 4096 characters and callback data longer than 64 bytes, so limit bugs show up in tests.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;

/// The bot's own identity as `getMe` reports it.
pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "dereja_test_bot";

const MAX_TEXT: usize = 4096;
const MAX_CALLBACK_DATA: usize = 64;
/// Long polls are answered within this time at the latest, so a bot shuts down quickly in tests.
const MAX_POLL: Duration = Duration::from_secs(1);

/// One Bot API call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
}

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    updates: VecDeque<Value>,
    calls: Vec<Call>,
    next_message_id: i64,
}

#[derive(Clone, Default)]
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
    pub async fn start() -> FakeBotApi {
        let shared = Shared::default();
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
    pub fn user(&self, id: i64, first_name: &str, language_code: Option<&str>) -> SimUser {
        SimUser {
            shared: self.shared.clone(),
            id,
            first_name: first_name.to_string(),
            language_code: language_code.map(str::to_string),
        }
    }

    /// Queues a raw update; its `update_id` is assigned here. Returns the id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut inner = self.shared.lock();
            inner.next_update_id += 1;
            let id = inner.next_update_id;
            update["update_id"] = json!(id);
            inner.updates.push_back(update);
            id
        };
        self.shared.new_update.notify_waiters();
        id
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// Calls of one method so far.
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
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
}

impl SimUser {
    fn sender_json(&self) -> Value {
        let mut user = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }

    /// Sends a text message to the bot in the private chat; returns the update id.
    pub fn send_text(&self, text: &str) -> i64 {
        let mut message = json!({
            "message_id": 0,
            "date": 1_767_000_000,
            "chat": { "id": self.id, "type": "private", "first_name": self.first_name },
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
        self.push(json!({ "message": message }), "message")
    }

    /// Presses an inline button with `data` on a bot message in the private chat.
    pub fn press(&self, data: &str, message_id: i64) -> i64 {
        let callback = json!({
            "id": format!("cb-{}-{}", self.id, message_id),
            "from": self.sender_json(),
            "chat_instance": format!("ci-{}", self.id),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": 1_767_000_000,
                "chat": { "id": self.id, "type": "private", "first_name": self.first_name },
                "from": { "id": BOT_ID, "is_bot": true, "first_name": "Dereja", "username": BOT_USERNAME },
                "text": "…",
            },
        });
        self.push(json!({ "callback_query": callback }), "callback_query")
    }

    fn push(&self, mut update: Value, kind: &str) -> i64 {
        let id = {
            let mut inner = self.shared.lock();
            inner.next_update_id += 1;
            inner.next_message_id += 1;
            let id = inner.next_update_id;
            update["update_id"] = json!(id);
            if kind == "message" {
                update["message"]["message_id"] = json!(inner.next_message_id);
            }
            inner.updates.push_back(update);
            id
        };
        self.shared.new_update.notify_waiters();
        id
    }
}

fn ok(result: Value) -> Response {
    axum::Json(json!({ "ok": true, "result": result })).into_response()
}

fn bad_request(description: &str) -> Response {
    let body = json!({ "ok": false, "error_code": 400, "description": format!("Bad Request: {description}") });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

async fn handle(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    body: String,
) -> Response {
    if !bot.starts_with("bot") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let params: Value = if body.trim().is_empty() {
        json!({})
    } else {
        match serde_json::from_str(&body) {
            Ok(v) => v,
            Err(_) => return bad_request("can't parse request body"),
        }
    };
    // Method names are case-insensitive in the Bot API; teloxide sends `GetMe`. Keep the documented spelling.
    let method = match method.chars().next() {
        Some(first) => first.to_ascii_lowercase().to_string() + &method[first.len_utf8()..],
        None => method,
    };
    if method == "getUpdates" {
        return get_updates(&shared, &params).await;
    }
    if let Some(problem) = check_limits(&params) {
        return bad_request(problem);
    }
    let response = {
        let mut inner = shared.lock();
        inner.calls.push(Call {
            method: method.clone(),
            params: params.clone(),
        });
        inner.next_message_id += 1;
        respond(&method, &params, inner.next_message_id)
    };
    shared.new_call.notify_waiters();
    response
}

/// Telegram's limits on what a bot sends.
fn check_limits(params: &Value) -> Option<&'static str> {
    if let Some(text) = params.get("text").and_then(Value::as_str)
        && text.chars().count() > MAX_TEXT
    {
        return Some("message is too long");
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

fn chat_json(chat_id: &Value) -> Value {
    match chat_id.as_i64() {
        Some(id) if id < 0 => json!({ "id": id, "type": "supergroup", "title": "Group" }),
        Some(id) => json!({ "id": id, "type": "private", "first_name": "User" }),
        None => json!({ "id": 0, "type": "private", "first_name": "User" }),
    }
}

fn respond(method: &str, params: &Value, message_id: i64) -> Response {
    match method {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Dereja", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false,
        })),
        "sendMessage" | "editMessageText" => {
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
            }))
        }
        _ => ok(json!(true)),
    }
}

async fn get_updates(shared: &Shared, params: &Value) -> Response {
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
