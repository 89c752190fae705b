//! `dereja playground`: the real bot against an embedded fake Bot API, and a web page where a small cast (buyer,
//! seller, admin, and their community group) type, press, send files, pay and move the clock, to see the whole
//! workflow without a Telegram token. Wiring only, like `main.rs`: the bot runs exactly as in production.

mod page;
mod transcript;
mod world;

use anyhow::Context as _;
use axum::Router;
use axum::extract::{Json, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::RwLock;
use transcript::Transcript;
use world::World;

/// The playground's own database when `DATABASE_URL` is not set: emptied on start and by Reset.
const OWN_DATABASE: &str = "playground.db";

struct Playground {
    world: RwLock<Option<World>>,
    transcript: Arc<Transcript>,
    /// The database given in `DATABASE_URL`; `None` for the playground's own file.
    database_url: Option<String>,
}

/// Serves the playground at `address` until SIGINT or SIGTERM.
pub async fn serve(address: SocketAddr, database_url: Option<String>) -> anyhow::Result<()> {
    let playground = Arc::new(Playground {
        world: RwLock::new(None),
        transcript: Arc::new(Transcript::default()),
        database_url,
    });
    playground.restart().await?;
    let listener = tokio::net::TcpListener::bind(address).await?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("Dereja playground: open {url} (Ctrl-C to stop)");
    axum::serve(listener, routes(playground.clone()))
        .with_graceful_shutdown(crate::shutdown_signal())
        .await?;
    playground.world.write().await.take();
    Ok(())
}

fn routes(playground: Arc<Playground>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/style.css", get(page::style))
        .route("/app.js", get(page::script))
        .route("/words.json", get(page::words))
        .route("/clock", get(clock))
        .route("/events", get(events))
        .route("/api", post(act))
        .with_state(playground)
}

impl Playground {
    /// Stops the running bot (if any), empties the playground's own database, and starts again.
    async fn restart(&self) -> anyhow::Result<()> {
        let mut world = self.world.write().await;
        world.take();
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => {
                for file in [OWN_DATABASE, "playground.db-wal", "playground.db-shm"] {
                    match std::fs::remove_file(file) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e)?,
                        _ => {}
                    }
                }
                format!("sqlite://{OWN_DATABASE}")
            }
        };
        tracing::info!(database = %crate::config::redact_password(&url), "starting the playground's bot");
        self.transcript.push(json!({ "kind": "reset" }));
        *world = Some(World::start(&url, self.transcript.clone()).await?);
        Ok(())
    }
}

/// What the page asks for.
#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
enum Action {
    Send {
        person: String,
        chat: String,
        text: String,
    },
    Press {
        person: String,
        chat: String,
        id: i64,
        data: String,
    },
    OpenLink {
        person: String,
        link: String,
    },
    File {
        person: String,
        name: String,
    },
    Pay {
        person: String,
        id: i64,
    },
    Language {
        person: String,
        language: String,
    },
    Clock {
        hours: i64,
    },
    Reset,
}

async fn act(State(playground): State<Arc<Playground>>, Json(action): Json<Action>) -> Response {
    let done = match action {
        Action::Reset if playground.database_url.is_some() => {
            let why = "Reset empties only the playground's own database; DATABASE_URL points to another one";
            return (StatusCode::CONFLICT, why).into_response();
        }
        Action::Reset => playground.restart().await,
        action => playground.act(action).await,
    };
    match done {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, format!("{e:#}")).into_response(),
    }
}

impl Playground {
    /// What a person does in the running world.
    async fn act(&self, action: Action) -> anyhow::Result<()> {
        let world = self.world.read().await;
        let world = world.as_ref().context("the playground is starting")?;
        match action {
            Action::Send { person, chat, text } => world.send(&person, &chat, &text),
            Action::Press {
                person,
                chat,
                id,
                data,
            } => world.press(&person, &chat, id, &data),
            Action::OpenLink { person, link } => world.open_link(&person, &link),
            Action::File { person, name } => world.send_file(&person, &name),
            Action::Pay { person, id } => world.pay(&person, id),
            Action::Language { person, language } => world.set_language(&person, &language).await,
            Action::Clock { hours } if (1..=24 * 30).contains(&hours) => {
                world.advance_clock(hours);
                Ok(())
            }
            Action::Clock { .. } => Err(anyhow::anyhow!(
                "the clock moves 1 hour to 30 days at a time"
            )),
            // Reset replaces the world: it is handled before one is borrowed.
            Action::Reset => Err(anyhow::anyhow!(
                "Reset is not an action inside the playground"
            )),
        }
    }
}

/// The bot's time now (or the moment asked for), as the bot writes it in the language asked for: Addis Ababa's time
/// zone; in Amharic the Ethiopian calendar and time of day.
async fn clock(
    State(playground): State<Arc<Playground>>,
    Query(asked): Query<page::Asked>,
) -> String {
    let at = match (asked.at, playground.world.read().await.as_ref()) {
        (Some(at), _) => at,
        (None, Some(world)) => world.now(),
        (None, None) => chrono::Utc::now(),
    };
    crate::i18n::format_time(at, asked.language(), dereja_domain::TimeZone::ADDIS_ABABA)
}

/// The transcript as server-sent events: first who is here and the bot's time, then every event from the last
/// reset on, then each new one as it happens. Each SSE message carries a JSON array of events.
async fn events(
    State(playground): State<Arc<Playground>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let hello = playground.hello().await;
    let from = playground.transcript.start();
    let changes = playground.transcript.subscribe();
    let state = (playground, from, changes, Some(hello));
    let stream =
        futures_util::stream::unfold(state, |(pg, cursor, mut changes, hello)| async move {
            if let Some(hello) = hello {
                let event = Event::default().data(json!([hello]).to_string());
                return Some((Ok(event), (pg, cursor, changes, None)));
            }
            loop {
                let newer = pg.transcript.since(cursor);
                if !newer.is_empty() {
                    let next = cursor + newer.len();
                    let event = Event::default().data(Value::Array(newer).to_string());
                    return Some((Ok(event), (pg, next, changes, None)));
                }
                changes.changed().await.ok()?;
            }
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

impl Playground {
    /// The cast and the bot's username (the page reads its time from `/clock`).
    async fn hello(&self) -> Value {
        let world = self.world.read().await;
        let Some(world) = world.as_ref() else {
            return json!({ "kind": "hello", "people": [] });
        };
        let people: Vec<Value> = world
            .cast()
            .people
            .iter()
            .map(|p| json!({ "key": p.key, "name": p.name }))
            .collect();
        json!({
            "kind": "hello", "people": people,
            "bot": dereja_fakebot::BOT_USERNAME,
        })
    }
}
