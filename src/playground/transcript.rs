//! What each chat of the playground shows: the people's messages and the bot's calls to the fake Bot API, turned
//! into chat events (a message, an edit, an alert...) that the page draws. Events are kept in order, so a page that
//! connects late (or reloads) replays them from the last reset.

use dereja_fakebot::Call;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::watch;

/// Who is in the playground: the people (each with a private chat) and the group they share.
#[derive(Clone, Debug)]
pub struct Cast {
    pub people: Vec<Person>,
    pub group: i64,
}

#[derive(Clone, Debug)]
pub struct Person {
    /// The page's name for the person and their private chat: `buyer`, `seller`, `admin`.
    pub key: &'static str,
    pub id: i64,
    pub name: &'static str,
}

/// The page's name for the group chat.
pub const GROUP: &str = "group";

impl Cast {
    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.key == key)
    }

    /// The page's name of a chat id, for the chats the playground shows.
    pub fn chat_key(&self, chat_id: i64) -> Option<&'static str> {
        if chat_id == self.group {
            return Some(GROUP);
        }
        self.people.iter().find(|p| p.id == chat_id).map(|p| p.key)
    }
}

/// The events so far, and a signal for each new one.
pub struct Transcript {
    events: Mutex<Vec<Value>>,
    changed: watch::Sender<usize>,
    /// Names of the files people sent, by the `file_id` the playground gave them.
    files: Mutex<HashMap<String, String>>,
}

impl Default for Transcript {
    fn default() -> Self {
        Transcript {
            events: Mutex::new(vec![json!({ "kind": "reset" })]),
            changed: watch::channel(1).0,
            files: Mutex::default(),
        }
    }
}

impl Transcript {
    fn events(&self) -> std::sync::MutexGuard<'_, Vec<Value>> {
        self.events.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds an event; its `seq` is its place in the transcript.
    pub fn push(&self, mut event: Value) {
        let count = {
            let mut events = self.events();
            event["seq"] = json!(events.len());
            events.push(event);
            events.len()
        };
        self.changed.send_replace(count);
    }

    /// The events from `from` on.
    pub fn since(&self, from: usize) -> Vec<Value> {
        self.events().iter().skip(from).cloned().collect()
    }

    /// Where a page that connects now starts reading: the last reset.
    pub fn start(&self) -> usize {
        self.events()
            .iter()
            .rposition(|e| e["kind"] == "reset")
            .unwrap_or(0)
    }

    pub fn subscribe(&self) -> watch::Receiver<usize> {
        self.changed.subscribe()
    }

    pub fn remember_file(&self, file_id: &str, name: &str) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.insert(file_id.to_string(), name.to_string());
    }

    /// The message `id` of `chat` as last drawn (for a copy of it).
    fn message(&self, chat: &str, id: i64) -> Option<Value> {
        self.events()
            .iter()
            .rev()
            .find(|e| e["kind"] == "message" && e["chat"] == chat && e["id"] == id)
            .cloned()
    }

    /// Adds what one call of the bot shows in the playground's chats (nothing, for calls no one sees).
    /// `pressed_in` is the chat of the press a press's answer answers.
    pub fn record(&self, call: &Call, cast: &Cast, pressed_in: Option<i64>) {
        for event in self.events_of(call, cast, pressed_in.and_then(|id| cast.chat_key(id))) {
            self.push(event);
        }
    }

    fn events_of(&self, call: &Call, cast: &Cast, pressed_in: Option<&str>) -> Vec<Value> {
        let p = &call.params;
        let chat = p["chat_id"].as_i64().and_then(|id| cast.chat_key(id));
        match (call.method.as_str(), chat) {
            ("answerCallbackQuery", _) => alert(p, pressed_in).into_iter().collect(),
            ("sendMessage", Some(chat)) => vec![bot_message(chat, call.message_id, p, text(p))],
            ("sendInvoice", Some(chat)) => vec![invoice(chat, call.message_id, p)],
            ("sendMediaGroup", Some(chat)) => self.album(chat, call),
            ("copyMessage", Some(chat)) => self.copy(chat, call, cast).into_iter().collect(),
            (
                "sendDocument" | "sendPhoto" | "sendVideo" | "sendAudio" | "sendVoice",
                Some(chat),
            ) => {
                let kind = call.method.trim_start_matches("send").to_lowercase();
                let mut message = bot_message(chat, call.message_id, p, caption(p));
                message["file"] = self.file(&p[kind.as_str()]);
                vec![message]
            }
            ("editMessageText" | "editMessageCaption" | "editMessageReplyMarkup", Some(chat)) => {
                let mut edit = json!({ "kind": "edit", "chat": chat, "id": p["message_id"], "buttons": buttons(p) });
                if let Some(text) = p["text"].as_str().or(p["caption"].as_str()) {
                    edit["text"] = json!(text);
                    edit["entities"] = entities(p);
                }
                vec![edit]
            }
            ("deleteMessage", Some(chat)) => {
                vec![json!({ "kind": "delete", "chat": chat, "id": p["message_id"] })]
            }
            ("sendChatAction", Some(chat)) => {
                vec![json!({ "kind": "action", "chat": chat, "action": p["action"] })]
            }
            _ => Vec::new(),
        }
    }

    /// A file as the page shows it: its name, and its content when the bot uploaded a small text file (an export).
    fn file(&self, file: &Value) -> Value {
        match file {
            Value::String(file_id) => {
                let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
                let name = files
                    .get(file_id)
                    .cloned()
                    .unwrap_or_else(|| file_id.clone());
                json!({ "name": name })
            }
            uploaded => json!({ "name": uploaded["file_name"], "content": uploaded["content"] }),
        }
    }

    fn album(&self, chat: &str, call: &Call) -> Vec<Value> {
        let items: Vec<Value> = match &call.params["media"] {
            Value::Array(items) => items.clone(),
            Value::String(text) => serde_json::from_str(text).unwrap_or_default(),
            _ => Vec::new(),
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let id = call.message_id + i as i64;
                let mut message = bot_message(chat, id, item, caption(item));
                message["buttons"] = json!([]);
                message["file"] = self.file(&item["media"]);
                message
            })
            .collect()
    }

    /// A copy of a person's message (a delivery passed on): the same content, from the bot.
    fn copy(&self, chat: &str, call: &Call, cast: &Cast) -> Option<Value> {
        let p = &call.params;
        let from = p["from_chat_id"]
            .as_i64()
            .and_then(|id| cast.chat_key(id))?;
        let mut copy = self.message(from, p["message_id"].as_i64()?)?;
        copy["chat"] = json!(chat);
        copy["id"] = json!(call.message_id);
        copy["from"] = json!("bot");
        copy["mine"] = json!(false);
        copy["buttons"] = buttons(p);
        if let Some(caption) = p["caption"].as_str() {
            copy["text"] = json!(caption);
        }
        Some(copy)
    }
}

fn text(p: &Value) -> String {
    p["text"].as_str().unwrap_or_default().to_string()
}

fn caption(p: &Value) -> String {
    p["caption"].as_str().unwrap_or_default().to_string()
}

fn bot_message(chat: &str, id: i64, p: &Value, text: String) -> Value {
    json!({
        "kind": "message", "chat": chat, "id": id, "from": "bot", "text": text, "entities": entities(p),
        "buttons": buttons(p),
    })
}

/// The formatting Telegram read from the bot's HTML (bold, code…), as the fake recorded it.
fn entities(p: &Value) -> Value {
    p.get("entities")
        .or(p.get("caption_entities"))
        .cloned()
        .unwrap_or(json!([]))
}

/// The inline keyboard's rows: each button's label and either its callback data or its URL.
fn buttons(p: &Value) -> Value {
    let rows = p
        .pointer("/reply_markup/inline_keyboard")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let rows: Vec<Value> = rows
        .iter()
        .map(|row| {
            let row = row.as_array().cloned().unwrap_or_default();
            let drawn: Vec<Value> = row
                .iter()
                .map(|b| json!({ "text": b["text"], "data": b["callback_data"], "url": b["url"] }))
                .collect();
            Value::Array(drawn)
        })
        .collect();
    Value::Array(rows)
}

/// An invoice with its amount in the currency's main unit (Telegram counts minor units; Stars have none).
fn invoice(chat: &str, id: i64, p: &Value) -> Value {
    let total: i64 = p["prices"]
        .as_array()
        .map(|prices| prices.iter().filter_map(|x| x["amount"].as_i64()).sum())
        .unwrap_or_default();
    let currency = p["currency"].as_str().unwrap_or_default();
    let amount = if currency == "XTR" {
        total.to_string()
    } else {
        format!("{}.{:02}", total / 100, total % 100)
    };
    let mut message = bot_message(chat, id, p, text_of_invoice(p));
    message["invoice"] = json!({ "title": p["title"], "amount": format!("{currency} {amount}") });
    message
}

fn text_of_invoice(p: &Value) -> String {
    p["description"].as_str().unwrap_or_default().to_string()
}

/// A press's answer with text: an alert to dismiss, or a short note that fades.
fn alert(p: &Value, chat: Option<&str>) -> Option<Value> {
    let text = p["text"].as_str().filter(|t| !t.is_empty())?;
    Some(json!({
        "kind": "alert",
        "chat": chat?,
        "text": text,
        "show_alert": p["show_alert"].as_bool().unwrap_or(false),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cast() -> Cast {
        Cast {
            people: vec![
                Person {
                    key: "buyer",
                    id: 1,
                    name: "Selam",
                },
                Person {
                    key: "seller",
                    id: 2,
                    name: "Dawit",
                },
            ],
            group: -10,
        }
    }

    fn call(method: &str, message_id: i64, params: Value) -> Call {
        Call {
            method: method.into(),
            params,
            message_id,
        }
    }

    #[test]
    fn a_message_with_buttons_is_drawn_in_its_chat() {
        let t = Transcript::default();
        let keyboard = json!({ "inline_keyboard": [[{ "text": "Join", "callback_data": "join:x" }, { "text": "Share", "url": "https://t.me/share/url?url=x" }]] });
        t.record(
            &call(
                "sendMessage",
                7,
                json!({ "chat_id": 2, "text": "Hi", "reply_markup": keyboard }),
            ),
            &cast(),
            None,
        );
        let drawn = t.since(t.start());
        assert_eq!(drawn.len(), 2, "the reset, then the message");
        let message = &drawn[1];
        assert_eq!(
            (message["chat"].as_str(), message["id"].as_i64()),
            (Some("seller"), Some(7))
        );
        assert_eq!(message["buttons"][0][0]["data"], "join:x");
        assert_eq!(
            message["buttons"][0][1]["url"],
            "https://t.me/share/url?url=x"
        );
    }

    #[test]
    fn an_edit_names_the_message_it_changes() {
        let t = Transcript::default();
        t.record(
            &call(
                "editMessageText",
                9,
                json!({ "chat_id": -10, "message_id": 3, "text": "Paid" }),
            ),
            &cast(),
            None,
        );
        let edit = &t.since(1)[0];
        assert_eq!(
            (
                edit["kind"].as_str(),
                edit["chat"].as_str(),
                edit["id"].as_i64()
            ),
            (Some("edit"), Some("group"), Some(3))
        );
        assert_eq!(edit["text"], "Paid");
    }

    #[test]
    fn a_press_answer_shows_in_the_chat_of_the_press() {
        let t = Transcript::default();
        let press = Some(-10);
        t.record(
            &call(
                "answerCallbackQuery",
                0,
                json!({ "callback_query_id": "cb-1", "text": "Only an admin", "show_alert": true }),
            ),
            &cast(),
            press,
        );
        t.record(
            &call(
                "answerCallbackQuery",
                0,
                json!({ "callback_query_id": "cb-1" }),
            ),
            &cast(),
            press,
        );
        let alerts = t.since(1);
        assert_eq!(alerts.len(), 1, "a silent answer shows nothing");
        assert_eq!(
            (
                alerts[0]["chat"].as_str(),
                alerts[0]["show_alert"].as_bool()
            ),
            (Some("group"), Some(true))
        );
    }

    #[test]
    fn a_copy_repeats_the_persons_message_from_the_bot() {
        let t = Transcript::default();
        t.remember_file("pg-1", "logo.png");
        t.push(json!({ "kind": "message", "chat": "seller", "id": 5, "from": "Dawit", "mine": true, "text": "", "file": { "name": "logo.png" } }));
        t.record(
            &call(
                "copyMessage",
                8,
                json!({ "chat_id": 1, "from_chat_id": 2, "message_id": 5 }),
            ),
            &cast(),
            None,
        );
        let copy = t.since(2).remove(0);
        assert_eq!(
            (
                copy["chat"].as_str(),
                copy["from"].as_str(),
                copy["id"].as_i64()
            ),
            (Some("buyer"), Some("bot"), Some(8))
        );
        assert_eq!(copy["file"]["name"], "logo.png");
    }

    #[test]
    fn an_invoice_shows_its_amount_in_the_main_unit() {
        let t = Transcript::default();
        let p = json!({ "chat_id": 1, "title": "Logo", "description": "Milestone 1", "currency": "ETB", "prices": [{ "label": "x", "amount": 150_050 }] });
        t.record(&call("sendInvoice", 4, p), &cast(), None);
        assert_eq!(t.since(1)[0]["invoice"]["amount"], "ETB 1500.50");
    }

    #[test]
    fn a_page_that_connects_late_starts_at_the_last_reset() {
        let t = Transcript::default();
        t.push(json!({ "kind": "message" }));
        t.push(json!({ "kind": "reset" }));
        t.push(json!({ "kind": "clock" }));
        assert_eq!(t.start(), 2);
        assert_eq!(t.since(t.start()).len(), 2);
    }
}
