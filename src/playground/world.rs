//! One run of the playground: the embedded fake Bot API, the real bot against it (wired as `dereja run` wires it)
//! on a clock the page can move, and the cast who type and press. It lives in a runtime of its own, so a reset
//! stops every task of the bot at once (dispatcher, sender, scheduler, database pool).

use super::transcript::{Cast, GROUP, Person, Transcript};
use crate::app::App;
use crate::clock::{Clock, OffsetClock};
use crate::config::Config;
use crate::store::Store;
use anyhow::{Context, anyhow};
use dereja_domain::{Language, UserId};
use dereja_fakebot::{FakeBotApi, SimUser};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A token of the right form; the fake accepts any.
const TOKEN: &str = "123456:playground-token-never-sent-to-telegram";

/// A payment provider token of Telegram's test form; the fake takes any.
const PROVIDER_TOKEN: &str = "284685063:TEST:playground";

/// The people of the playground and the community group they share; the admin runs the bot and the group.
pub fn cast() -> Cast {
    Cast {
        people: vec![
            Person {
                key: "buyer",
                id: 1001,
                name: "Selam",
            },
            Person {
                key: "seller",
                id: 1002,
                name: "Dawit",
            },
            Person {
                key: "admin",
                id: 1003,
                name: "Hana",
            },
        ],
        group: -100_1000,
    }
}

pub struct World {
    runtime: Option<tokio::runtime::Runtime>,
    fake: Arc<FakeBotApi>,
    app: App,
    clock: Arc<OffsetClock>,
    cast: Cast,
    people: Mutex<HashMap<&'static str, SimUser>>,
    transcript: Arc<Transcript>,
    files_sent: Mutex<u32>,
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl World {
    /// Starts the fake and the bot on `database_url`, and has each person open the bot.
    pub async fn start(database_url: &str, transcript: Arc<Transcript>) -> anyhow::Result<World> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("playground-bot")
            .enable_all()
            .build()?;
        let cast = cast();
        let clock = Arc::new(OffsetClock::default());
        let started = runtime.spawn(start_bot(
            database_url.to_string(),
            cast.clone(),
            clock.clone(),
            transcript.clone(),
        ));
        let (fake, app) = match started.await.map_err(anyhow::Error::from).and_then(|r| r) {
            Ok(started) => started,
            Err(e) => {
                // Not dropped: dropping a runtime blocks, which an async context must not.
                runtime.shutdown_background();
                return Err(e);
            }
        };
        let people = cast
            .people
            .iter()
            .map(|p| (p.key, fake.user(p.id, p.name, Some("en"))))
            .collect();
        let world = World {
            runtime: Some(runtime),
            fake,
            app,
            clock,
            cast,
            people: Mutex::new(people),
            transcript,
            files_sent: Mutex::new(0),
        };
        for person in world.cast.people.clone() {
            world.send(person.key, person.key, "/start")?;
        }
        Ok(world)
    }

    pub fn cast(&self) -> &Cast {
        &self.cast
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    fn person(&self, key: &str) -> anyhow::Result<SimUser> {
        let people = self.people.lock().unwrap_or_else(|p| p.into_inner());
        people
            .get(key)
            .cloned()
            .ok_or_else(|| anyhow!("no one called {key:?} here"))
    }

    /// Checks that `person` may write in `chat`: their own private chat, or the group.
    fn chat_of(&self, person: &str, chat: &str) -> anyhow::Result<&'static str> {
        match chat {
            GROUP => Ok(GROUP),
            own if own == person => self
                .cast
                .person(own)
                .map(|p| p.key)
                .ok_or_else(|| anyhow!("no one called {own:?} here")),
            other => Err(anyhow!("{person} cannot write in {other}'s private chat")),
        }
    }

    /// `person` writes `text` in `chat`; a deep link to the bot written in a private chat opens it, as tapping
    /// it would.
    pub fn send(&self, person: &str, chat: &str, text: &str) -> anyhow::Result<()> {
        let chat = self.chat_of(person, chat)?;
        let user = self.person(person)?;
        let update = if chat == GROUP {
            user.send_in_group(self.cast.group, text, None)
        } else if text.starts_with("https://t.me/") {
            user.open_link(text.trim()).map_err(|e| anyhow!(e))?
        } else {
            user.send_text(text)
        };
        self.show_own(update, chat, &user, json!({ "text": text }));
        Ok(())
    }

    /// `person` opens a link to the bot found in a message: in their private chat, as `/start <payload>`.
    pub fn open_link(&self, person: &str, link: &str) -> anyhow::Result<()> {
        self.send(person, person, link)
    }

    /// Draws a person's own message in `chat`, with the id the fake gave it.
    fn show_own(&self, update: i64, chat: &str, user: &SimUser, content: Value) {
        let message = &self.fake.update(update)["message"];
        let mut event = json!({
            "kind": "message", "chat": chat, "id": message["message_id"], "from": user.first_name, "mine": true,
        });
        if let (Some(e), Some(c)) = (event.as_object_mut(), content.as_object()) {
            e.extend(c.clone());
        }
        self.transcript.push(event);
    }

    /// `person` presses the button with `data` on message `id` of `chat`.
    pub fn press(&self, person: &str, chat: &str, id: i64, data: &str) -> anyhow::Result<()> {
        let chat = self.chat_of(person, chat)?;
        let user = self.person(person)?;
        if chat == GROUP {
            user.press_in_group(self.cast.group, data, id);
        } else {
            user.press(data, id);
        }
        Ok(())
    }

    /// `person` sends a file named `name` in their private chat, as a document with a `file_id` of its own.
    pub fn send_file(&self, person: &str, name: &str) -> anyhow::Result<()> {
        let chat = self.chat_of(person, person)?;
        let user = self.person(person)?;
        let file_id = {
            let mut sent = self.files_sent.lock().unwrap_or_else(|p| p.into_inner());
            *sent += 1;
            format!("playground-file-{sent}")
        };
        self.transcript.remember_file(&file_id, name);
        let update = user.send_document(&file_id, name);
        self.show_own(
            update,
            chat,
            &user,
            json!({ "text": "", "file": { "name": name } }),
        );
        Ok(())
    }

    /// `person` pays the invoice of message `id` in their private chat with Telegram Payments.
    pub fn pay(&self, person: &str, id: i64) -> anyhow::Result<()> {
        let user = self.person(person)?;
        let invoice = self
            .fake
            .calls_to("sendInvoice")
            .into_iter()
            .find(|c| c.message_id == id && c.params["chat_id"] == user.id)
            .ok_or_else(|| anyhow!("no invoice {id} in {person}'s chat"))?;
        user.pay(&invoice);
        let paid = json!({ "kind": "paid", "chat": person, "name": user.first_name });
        self.transcript.push(paid);
        Ok(())
    }

    /// Changes the language `person`'s Telegram reports, and the language the bot keeps for them (as their
    /// choice with /language would).
    pub async fn set_language(&self, person: &str, code: &str) -> anyhow::Result<()> {
        let language = match code {
            "am" => Language::AM,
            "en" => Language::EN,
            other => return Err(anyhow!("no language {other:?} here")),
        };
        let id = {
            let mut people = self.people.lock().unwrap_or_else(|p| p.into_inner());
            let user = people
                .get_mut(person)
                .ok_or_else(|| anyhow!("no one called {person:?} here"))?;
            user.language_code = Some(code.to_string());
            user.id
        };
        let users = self.app.users.clone();
        let runtime = self.runtime.as_ref().context("the playground stopped")?;
        runtime
            .spawn(async move { users.set_language(UserId(id), language).await })
            .await??;
        self.transcript
            .push(json!({ "kind": "language", "person": person, "language": code }));
        Ok(())
    }

    /// Moves the bot's clock forward by `hours` and wakes the scheduler for what fell due.
    pub fn advance_clock(&self, hours: i64) {
        self.clock.advance(chrono::Duration::hours(hours));
        self.app.scheduler.notify_one();
        self.app.outbox.notify_one();
        self.transcript
            .push(json!({ "kind": "clock", "at": self.now() }));
    }
}

/// Inside the playground's runtime: the fake with the group, the store, and the bot; a task that draws each of
/// the bot's calls in the transcript.
async fn start_bot(
    database_url: String,
    cast: Cast,
    clock: Arc<OffsetClock>,
    transcript: Arc<Transcript>,
) -> anyhow::Result<(Arc<FakeBotApi>, App)> {
    let fake = Arc::new(FakeBotApi::start().await);
    let admin = cast.person("admin").map(|p| p.id).unwrap_or_default();
    fake.group(cast.group, &[admin]);
    let config = config(&database_url, fake.url(), admin, cast.group)?;
    let store = Store::connect_sized(&config.database_url, config.pool_size())
        .await
        .with_context(|| format!("cannot open the database {database_url}"))?;
    store.migrate().await.context("migration failed")?;
    let app = App::new(config, store, clock);
    let bot = teloxide_bot(fake.url())?;
    tokio::spawn({
        let app = app.clone();
        async move {
            if let Err(e) = crate::run(bot, app).await {
                tracing::error!(error = ?e, "the playground's bot stopped");
            }
        }
    });
    tokio::spawn(draw_calls(fake.clone(), cast, transcript));
    Ok((fake, app))
}

/// The bot's calls, drawn as they come.
async fn draw_calls(fake: Arc<FakeBotApi>, cast: Cast, transcript: Arc<Transcript>) {
    let mut seen = 0;
    loop {
        let calls = fake.calls_after(seen).await;
        seen += calls.len();
        for call in &calls {
            let pressed_in = call.params["callback_query_id"]
                .as_str()
                .and_then(|q| fake.pressed_in(q));
            transcript.record(call, &cast, pressed_in);
        }
    }
}

fn teloxide_bot(api_url: &str) -> anyhow::Result<teloxide::Bot> {
    Ok(teloxide::Bot::new(TOKEN).set_api_url(url::Url::parse(api_url)?))
}

/// The operator's settings (currency, time zone, reminders...), with what the playground fixes: the fake instead
/// of Telegram whatever `TELOXIDE_TOKEN` says, the admin, the group as a community that also gets admin notices,
/// Telegram Payments in test mode, long polling and no listener of the bot's own.
fn config(database_url: &str, api_url: &str, admin: i64, group: i64) -> anyhow::Result<Config> {
    let fixed: HashMap<&str, String> = [
        ("TELOXIDE_TOKEN", TOKEN.to_string()),
        ("TELOXIDE_API_URL", api_url.to_string()),
        ("DATABASE_URL", database_url.to_string()),
        ("DEREJA_ADMINS", admin.to_string()),
        ("DEREJA_ADMIN_CHAT", group.to_string()),
        ("DEREJA_COMMUNITIES", group.to_string()),
        // Telegram Payments' test mode: invoices show, and the page pays them.
        ("DEREJA_PAYMENT_PROVIDER_TOKEN", PROVIDER_TOKEN.to_string()),
    ]
    .into_iter()
    .collect();
    let dropped = [
        "DEREJA_LISTEN",
        "DEREJA_WEBHOOK_URL",
        "DEREJA_WEBHOOK_SECRET",
        "DEREJA_RECEIVE_UPDATES",
    ];
    Config::from_lookup(|key| match fixed.get(key) {
        Some(value) => Some(value.clone()),
        None if dropped.contains(&key) => None,
        None => std::env::var(key).ok(),
    })
    .map_err(|e| anyhow!("configuration error:\n{e}"))
}
