//! Everything the bot says comes from the Fluent files in `locales/`, embedded in the binary.
//!
//! Code names a message by id with its arguments ([`Text`]); tests assert on ids and arguments, and a catalogue
//! test checks that both languages carry the same ids and variables.

use dereja_domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Telegram shows the text as is: no Unicode isolation marks around arguments.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn language_id(lang: Language) -> LanguageIdentifier {
    match lang {
        Language::En => langid!("en"),
        Language::Am => langid!("am"),
    }
}

/// A message to render: a Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    id: &'static str,
    args: Vec<(&'static str, FluentValue<'static>)>,
}

impl Text {
    pub fn new(id: &'static str) -> Text {
        Text {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<FluentValue<'static>>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Renders in `lang`, reporting a missing message or argument as an error.
    pub fn try_render(&self, lang: Language) -> Result<String, String> {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = self
            .args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES
            .lookup_single_language(&language_id(lang), self.id, Some(&args))
            .map_err(|e| format!("{} in {lang}: {e:?}", self.id))
    }

    /// Renders in `lang`. A broken translation (CI checks there is none) falls back to English rather than
    /// leaving the user without an answer.
    pub fn render(&self, lang: Language) -> String {
        match self.try_render(lang) {
            Ok(text) => text,
            Err(e) => {
                tracing::error!(error = %e, "translation failed");
                self.try_render(Language::En)
                    .unwrap_or_else(|_| self.id.to_string())
            }
        }
    }
}
