//! The page, embedded in the binary: plain HTML, CSS and JavaScript, no build step and no request beyond this
//! server, so it works offline.

use crate::i18n::{Text, language_for, languages};
use axum::Json;
use axum::extract::Query;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};
use chrono::{DateTime, Utc};
use dereja_domain::Language;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The page's own words (`playground-*` in locales/), each with the variables it takes: the page fills in
/// `{name}` and the like itself.
const WORDS: &[(&str, &[&str])] = &[
    ("playground-title", &[]),
    ("playground-about", &[]),
    ("playground-page-language", &[]),
    ("playground-clock", &[]),
    ("playground-clock-time", &["time"]),
    ("playground-clock-moved", &["time"]),
    ("playground-later-hour", &[]),
    ("playground-later-day", &[]),
    ("playground-later-days", &[]),
    ("playground-reset", &[]),
    ("playground-open-as", &[]),
    ("playground-cancel", &[]),
    ("playground-ok", &[]),
    ("playground-no-answer", &[]),
    ("playground-tap-to-copy", &[]),
    ("playground-copied", &[]),
    ("playground-pay", &["amount"]),
    ("playground-paid", &["name"]),
    ("playground-typing", &[]),
    ("playground-sending-file", &[]),
    ("playground-compose", &[]),
    ("playground-send", &[]),
    ("playground-attach", &[]),
    ("playground-telegram-language-of", &["name"]),
    ("playground-telegram-language", &["language"]),
    ("playground-who-acts", &[]),
    ("playground-as", &["name"]),
    ("playground-group", &[]),
];

/// What the page asks for: a language (`?lang=am`; English when it names none the bot has) and, of `/clock`, a
/// moment other than now (`&at=`, as the transcript gives it).
#[derive(Deserialize)]
pub struct Asked {
    lang: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

impl Asked {
    pub fn language(&self) -> Language {
        language_for(self.lang.as_deref())
    }
}

pub async fn index() -> Html<&'static str> {
    Html(include_str!("page/index.html"))
}

pub async fn style() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("page/style.css"),
    )
}

pub async fn script() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("page/app.js"),
    )
}

/// The page's words in the language asked for, and every language the bot speaks, each by its own name.
pub async fn words(Query(asked): Query<Asked>) -> Json<Value> {
    let lang = asked.language();
    let words: Map<String, Value> = WORDS
        .iter()
        .map(|(id, vars)| {
            let text = vars
                .iter()
                .fold(Text::new(id), |t, v| t.arg(v, format!("{{{v}}}")));
            (id.to_string(), Value::String(text.render(lang)))
        })
        .collect();
    let languages: Vec<Value> = languages()
        .into_iter()
        .map(|l| json!({ "code": l.code(), "name": Text::new("language-name").render(l) }))
        .collect();
    Json(json!({ "language": lang.code(), "words": words, "languages": languages }))
}
