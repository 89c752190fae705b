//! The translation catalogue, checked in CI: every language in `locales/` carries English's messages with the same
//! variables, plural variants are the CLDR categories of the language, nothing is left in English, Amharic text
//! is Ethiopic without stray English words, and `tests/snapshots/catalogue.txt` shows every message rendered in
//! every language so a reviewer can read the whole catalogue at once.
//!
//! After changing a message, regenerate the snapshot with
//! `UPDATE_SNAPSHOTS=1 cargo test --test suite locales::` and review its diff.

use chrono::{TimeZone as _, Utc};
use dereja::i18n::{Arg, Text};
use dereja_domain::Language;
use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, Variant, VariantKey,
};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What the checks need to know about one message.
#[derive(Debug, Default)]
pub struct Message {
    pub vars: BTreeSet<String>,
    /// Selects on a variable: the variable and the variant keys.
    selects: Vec<(String, Vec<String>)>,
    /// The literal text, without placeables.
    pub literal: String,
}

pub type Catalogue = BTreeMap<String, Message>;

fn inline(e: &InlineExpression<&str>, m: &mut Message) {
    match e {
        InlineExpression::VariableReference { id } => {
            m.vars.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline(a, m);
            }
            for a in &arguments.named {
                inline(&a.value, m);
            }
        }
        InlineExpression::Placeable { expression } => expression_of(expression, m),
        _ => {}
    }
}

fn key_name(v: &Variant<&str>) -> String {
    match &v.key {
        VariantKey::Identifier { name } => name.to_string(),
        VariantKey::NumberLiteral { value } => value.to_string(),
    }
}

fn expression_of(e: &Expression<&str>, m: &mut Message) {
    match e {
        Expression::Inline(i) => inline(i, m),
        Expression::Select { selector, variants } => {
            inline(selector, m);
            let keys: Vec<String> = variants.iter().map(key_name).collect();
            if let InlineExpression::VariableReference { id } = selector {
                m.selects.push((id.name.to_string(), keys));
            }
            for v in variants {
                pattern(&v.value, m);
            }
        }
    }
}

fn pattern(p: &Pattern<&str>, m: &mut Message) {
    for element in &p.elements {
        match element {
            PatternElement::TextElement { value } => m.literal.push_str(value),
            PatternElement::Placeable { expression } => {
                m.literal.push(' ');
                expression_of(expression, m);
            }
        }
    }
}

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// The language folders in `locales/`.
fn locale_folders() -> BTreeSet<String> {
    std::fs::read_dir(locales_dir())
        .expect("locales/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Message id -> what it uses, over every `.ftl` file of a language.
pub fn catalogue(lang: &str) -> Catalogue {
    let mut out = Catalogue::new();
    for entry in std::fs::read_dir(locales_dir().join(lang)).expect("locale directory") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read ftl");
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            if let Entry::Message(msg) = entry {
                let mut m = Message::default();
                if let Some(value) = &msg.value {
                    pattern(value, &mut m);
                }
                for attribute in &msg.attributes {
                    pattern(&attribute.value, &mut m);
                }
                let id = msg.id.name.to_string();
                assert!(
                    out.insert(id.clone(), m).is_none(),
                    "{id} defined twice in {lang}"
                );
            }
        }
    }
    out
}

fn other_languages() -> Vec<String> {
    locale_folders().into_iter().filter(|l| l != "en").collect()
}

#[test]
fn the_bot_offers_exactly_the_locale_folders() {
    let offered: BTreeSet<String> = dereja::i18n::languages()
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert_eq!(offered, locale_folders());
    assert!(offered.contains("en") && offered.contains("am"));
}

#[test]
fn every_language_has_the_messages_and_variables_of_english() {
    let en = catalogue("en");
    assert!(!en.is_empty());
    for lang in other_languages() {
        let other = catalogue(&lang);
        let en_ids: BTreeSet<_> = en.keys().collect();
        let other_ids: BTreeSet<_> = other.keys().collect();
        let missing: Vec<_> = en_ids.difference(&other_ids).collect();
        let extra: Vec<_> = other_ids.difference(&en_ids).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, not in English {extra:?}"
        );
        for (id, m) in &en {
            assert_eq!(
                m.vars, other[id].vars,
                "variables of {id} differ between en and {lang}"
            );
        }
    }
}

/// The plural categories a language's numbers fall into (CLDR cardinal rules).
fn plural_categories(lang: &str) -> BTreeSet<&'static str> {
    let id: fluent_templates::LanguageIdentifier = lang.parse().expect("language id");
    let rules = PluralRules::create(id, PluralRuleType::CARDINAL).expect("CLDR rules");
    let samples = (0..=1000)
        .map(|n| rules.select(n))
        .chain(["0.5", "1.5", "2.25"].map(|n| rules.select(n)));
    samples
        .map(|c| match c.expect("a category") {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        })
        .collect()
}

#[test]
fn plural_variants_are_the_cldr_categories_of_the_language() {
    assert_eq!(plural_categories("en"), BTreeSet::from(["one", "other"]));
    assert_eq!(plural_categories("am"), BTreeSet::from(["one", "other"]));
    for lang in locale_folders() {
        let categories = plural_categories(&lang);
        for (id, m) in catalogue(&lang) {
            for (var, keys) in m.selects.iter().filter(|(var, _)| is_number(var)) {
                // Exact numbers only ([1] ★ ... [5] ★★★★★) is not a plural form.
                let by_category = keys.iter().any(|k| k.parse::<f64>().is_err());
                assert!(
                    !by_category || keys.iter().any(|k| k == "other"),
                    "{id} in {lang}: a plural select on ${var} needs an [other] variant"
                );
                for key in keys {
                    let numeric = key.parse::<f64>().is_ok();
                    assert!(
                        numeric || categories.contains(key.as_str()),
                        "{id} in {lang}: [{key}] is not a plural category of {lang} ({categories:?})"
                    );
                }
            }
        }
    }
}

/// A sample value for each variable, by name: the snapshot shows realistic text and a new variable must be given
/// one here.
fn sample(var: &str) -> Arg {
    let at = Utc.with_ymd_and_hms(2026, 1, 3, 11, 0, 0).unwrap();
    let etb = |minor| Arg::Money {
        minor,
        currency: "ETB".into(),
    };
    match var {
        "amount" | "owed" | "paying" => etb(150_000),
        "at" | "due" | "auto" | "clears" | "asked" => Arg::Time(at),
        "ticked" => "yes".into(),
        "item" => "3 logo concepts (PNG, SVG)".into(),
        "label" => "Logo and brand".into(),
        "chat" => "-1001234567890".into(),
        "seq" | "done" => Arg::Num(2),
        "id" => Arg::Num(42),
        "total" | "included" | "used" | "min" | "revisions" | "files" | "count" => Arg::Num(3),
        "max" => Arg::Num(10),
        "to_confirm" | "withdrawals" | "refunds" | "unsettled" | "disputes" => Arg::Num(2),
        "active" => Arg::Num(57),
        "shown" => Arg::Num(20),
        "milestones" => Arg::Lines(vec![
            Text::new("stats-line")
                .arg(
                    "what",
                    Text::new("status-name").arg("status", "in_progress"),
                )
                .arg("count", 12),
        ]),
        "held" => Arg::Lines(vec![Text::new("stats-held").arg("amount", etb(1_800_000))]),
        "days" | "hours" => Arg::Num(5),
        "stars" => Arg::Num(4),
        "day" => Arg::Num(25),
        "status" => Text::new("status-name").arg("status", "in_progress").into(),
        "role" => Text::new("role-name").arg("role", "buyer").into(),
        "party" => "buyer".into(),
        "who" | "creator" => "buyer".into(),
        "other" => "seller".into(),
        "reason" => "not-understood".into(),
        "line" => "vague".into(),
        "name" => "Abebe".into(),
        "orders" => "#12, #15".into(),
        "frozen" | "record" => "«…»".into(),
        "username" => "@abebe".into(),
        "order" => "Logo for Selam Cafe".into(),
        "title" => "First drafts".into(),
        "link" => "https://t.me/dereja_bot?start=inv_Xy12".into(),
        "reference" => "FT26123ABC".into(),
        "charge" => "tg-7731".into(),
        "update" => Arg::Num(48_213_077),
        "sources" => Arg::Lines(vec![
            Text::new("withdrawal-source-telegram")
                .arg("id", 42)
                .arg("seq", 1)
                .arg("amount", etb(150_000))
                .arg("charge", "tg-7731"),
        ]),
        "note" | "feedback" | "message" | "text" => "«…»".into(),
        "deliverables" | "items" => "- 3 logo concepts (PNG, SVG)\n- source file".into(),
        "deadline" => "«deadline-at»".into(),
        "bar" => "▰▰▱".into(),
        "currency" => Arg::Currency(dereja_domain::Currency::ETB),
        "number" => "1,500.00".into(),
        "unit" => "ETB".into(),
        "date" => "3 Jan 2026".into(),
        "gregorian" => "3/1/2026".into(),
        "hour" => "8:00".into(),
        "period" => "afternoon".into(),
        "time" => "14:00".into(),
        "month" => "ታኅሣሥ".into(),
        "since" => Arg::Time(Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap()),
        "percent" => Arg::Num(80),
        "from" => Arg::Num(21),
        "to" => Arg::Num(40),
        "completed" | "opened" | "lost" | "cancelled" => Arg::Num(1),
        "kind" => "delivered".into(),
        "column" => "in-progress".into(),
        "step" => "deliver".into(),
        "next" => Text::new("board-next").arg("step", "review").into(),
        "code" => "telebirr".into(),
        "user" | "admin" => Arg::Num(202),
        "method" => Text::new("payout-method").arg("code", "telebirr").into(),
        "destination" => Text::new("payout-destination")
            .arg("method", Text::new("payout-method").arg("code", "telebirr"))
            .arg("account", "0911 234 567 Abebe")
            .into(),
        "current" | "pending" => "«…»".into(),
        "available" | "withdrawing" | "paid" => Arg::Money {
            minor: 90_000,
            currency: "ETB".into(),
        },
        "account" => "0911 234 567 Abebe".into(),
        "what" => Text::new("event-name")
            .arg("kind", "delivered")
            .arg("seq", 2)
            .into(),
        "flag" | "ontime" | "rating" | "profile" | "history" | "outcome" => "«…»".into(),
        "buyer" | "seller" => "«…»".into(),
        "year" => "2018".into(),
        "language" => "አማርኛ".into(),
        other => panic!("add a sample value for ${other} in tests/suite/locales.rs"),
    }
}

/// A select on a number chooses a plural form; on anything else, a variant by name.
fn is_number(var: &str) -> bool {
    matches!(sample(var), Arg::Num(_))
}

fn text_with_samples(id: &str, m: &Message) -> Text {
    m.vars
        .iter()
        .fold(Text::new(id), |t, v| t.arg(v, sample(v)))
}

fn render(text: &Text, lang: &str) -> String {
    text.try_render(lang.parse::<Language>().expect("language"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A person's text that looks like markup: it must show as written, never as formatting.
const HOSTILE: &str = "<b>x</b> & <a href=\"https://evil.example\">y</a> &amp;";

/// Every text argument replaced by [`HOSTILE`].
fn hostile(text: &Text) -> Text {
    text.args()
        .iter()
        .fold(Text::new(text.id()), |t, (name, arg)| match arg {
            Arg::Str(_) => t.arg(name, HOSTILE),
            Arg::Text(inner) => t.arg(name, hostile(inner)),
            other => t.arg(name, other.clone()),
        })
}

/// The message as Telegram would read it with `parse_mode` HTML: well formed, each line's tags closed on that
/// line (long lists are cut between lines), and showing what the plain rendering shows.
fn check_html(id: &str, text: &Text, lang: &str) {
    let language = lang.parse::<Language>().expect("language");
    let html = text
        .try_html_for(language, dereja_domain::TimeZone::ADDIS_ABABA)
        .unwrap_or_else(|e| panic!("{e}"));
    let read = dereja_fakebot::html::parse(&html)
        .unwrap_or_else(|e| panic!("{id} in {lang}: {e}\n{html}"));
    assert_eq!(read.text, render(text, lang), "{id} in {lang}");
    for line in html.lines() {
        assert!(
            dereja_fakebot::html::parse(line).is_ok(),
            "{id} in {lang}: a tag spans lines: {line}"
        );
    }
}

#[test]
fn every_message_renders_in_every_language() {
    for (id, m) in catalogue("en") {
        let text = text_with_samples(&id, &m);
        for lang in locale_folders() {
            let rendered = render(&text, &lang);
            assert!(!rendered.trim().is_empty(), "{id} in {lang} is empty");
            assert!(
                rendered.chars().count() <= 4096,
                "{id} in {lang} exceeds Telegram's limit"
            );
            check_html(&id, &text, &lang);
            let hostile = hostile(&text);
            check_html(&id, &hostile, &lang);
            if text.args().iter().any(|(_, a)| matches!(a, Arg::Str(_)))
                && !m.selects.iter().any(|(v, _)| {
                    text.args()
                        .iter()
                        .any(|(n, a)| n == v && matches!(a, Arg::Str(_)))
                })
            {
                assert!(
                    render(&hostile, &lang).contains(HOSTILE),
                    "{id} in {lang} does not show a text argument as written"
                );
            }
        }
        if !m.vars.is_empty() {
            assert!(
                Text::new(&id).try_render(Language::EN).is_err(),
                "{id} renders without its variables"
            );
        }
    }
}

/// Messages that are the same in every language on purpose: they only place an argument.
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    "deadline-at",
    "orders-line",
    "button-stars",
    "profile-rating",
    "history-line",
    // A tick mark and the user's own checklist item.
    "button-check-item",
    // Words that are not the catalogue's: a template's name, a milestone's title.
    "button-label",
    // A group's chat id in a list.
    "communities-line",
];

/// Formatting conventions, not prose (`meta-calendar` is a keyword, `format-money` only orders placeables).
fn is_convention(id: &str) -> bool {
    id.starts_with("meta-") || id.starts_with("format-") || id.starts_with("currency-")
}

#[test]
fn no_message_is_left_in_english() {
    let en = catalogue("en");
    for lang in other_languages() {
        for (id, m) in &en {
            if SAME_IN_EVERY_LANGUAGE.contains(&id.as_str()) || is_convention(id) {
                continue;
            }
            let text = text_with_samples(id, m);
            assert_ne!(
                render(&text, &lang),
                render(&text, "en"),
                "{id} is not translated into {lang}"
            );
        }
    }
}

/// Latin-script words allowed inside Amharic text: names, file formats, the one explained loanword, and command
/// arguments (`/community on`).
const LATIN_IN_AMHARIC: &[&str] = &[
    "milestone",
    "PNG",
    "SVG",
    "CSV",
    "JPG",
    "CBE",
    "on",
    "off",
    "kebede",
];

#[test]
fn amharic_is_ethiopic_without_stray_english_words() {
    let is_ethiopic = |c: char| ('\u{1200}'..='\u{139F}').contains(&c);
    for (id, m) in catalogue("am") {
        if SAME_IN_EVERY_LANGUAGE.contains(&id.as_str()) || is_convention(&id) {
            continue;
        }
        let rendered = render(&text_with_samples(&id, &m), "am");
        assert!(
            rendered.chars().any(is_ethiopic),
            "{id} has no Amharic text: {rendered:?}"
        );
        // Words of two or more Latin letters in the message's own text (its markup aside), except /commands.
        let mut words = Vec::new();
        let mut word = String::new();
        let mut after_slash = false;
        for c in dereja::i18n::to_plain(&m.literal).chars().chain([' ']) {
            if c.is_ascii_alphabetic() || (c == '.' && !word.is_empty()) {
                word.push(c);
                continue;
            }
            let w = word.trim_end_matches('.');
            if w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2
                && !after_slash
                && !LATIN_IN_AMHARIC.contains(&w)
            {
                words.push(w.to_string());
            }
            word.clear();
            after_slash = c == '/' || c == '_';
        }
        assert!(
            words.is_empty(),
            "{id} in am has English words {words:?}: translate them, or list a name in LATIN_IN_AMHARIC"
        );
    }
}

/// Amharic's `one` also matches 0 (CLDR), so a `[one]` variant that prints a literal 1 would say "1" for none.
#[test]
fn amharic_one_variants_never_print_a_literal_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/am");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter(|l| l.trim_start().starts_with("[one]")) {
            assert!(!line.contains('1'), "a [one] variant prints 1: {line}");
        }
    }
}

/// Ethiopic dates use Ethiopic punctuation (ታኅሣሥ 25 ቀን 2018 ዓ.ም.፣ ...), not a Latin comma.
#[test]
fn ethiopic_dates_have_no_latin_comma() {
    for line in snapshot()
        .lines()
        .filter(|l| l.starts_with("am: ") && l.contains("ዓ.ም."))
    {
        assert!(!line.contains(", "), "{line}");
    }
}

/// Amharic readers see amounts and currencies in ብር, never the ISO code.
#[test]
fn amharic_names_the_currency_in_amharic() {
    let mut id = String::new();
    let mut with_code = Vec::new();
    for line in snapshot().lines() {
        if let Some(header) = line.strip_prefix('[') {
            id = header.trim_end_matches(']').to_string();
        } else if line.starts_with("am: ") && line.contains("ETB") && !is_convention(&id) {
            with_code.push(format!("{id}: {line}"));
        }
    }
    assert!(with_code.is_empty(), "{with_code:#?}");
}

/// Every message rendered in every language, plural messages once per category sample.
fn snapshot() -> String {
    let mut out = String::from(
        "# Every message of the catalogue rendered in every language with sample arguments, for review.\n\
         # Generated by tests/suite/locales.rs: UPDATE_SNAPSHOTS=1 cargo test --test suite locales::\n",
    );
    // English first, as the bot offers them.
    let languages: Vec<String> = dereja::i18n::languages()
        .iter()
        .map(|l| l.to_string())
        .collect();
    let en = catalogue("en");
    for (id, m) in &en {
        out.push_str(&format!("\n[{id}]\n"));
        // A variable any language selects a plural form on: shown with 1 and with 5.
        let plural_vars: BTreeSet<String> = languages
            .iter()
            .filter_map(|l| catalogue(l).remove(id))
            .flat_map(|m| m.selects)
            .map(|(var, _)| var)
            .filter(|var| is_number(var))
            .collect();
        let variants: Vec<(String, Text)> = if plural_vars.is_empty() {
            vec![(String::new(), text_with_samples(id, m))]
        } else {
            [1, 5]
                .iter()
                .map(|n| {
                    let text = m.vars.iter().fold(Text::new(id), |t, v| {
                        if plural_vars.contains(v) {
                            t.arg(v, Arg::Num(*n))
                        } else {
                            t.arg(v, sample(v))
                        }
                    });
                    (format!(" ({n})"), text)
                })
                .collect()
        };
        for lang in &languages {
            for (label, text) in &variants {
                let rendered = render(text, lang).replace('\n', "\n    ");
                out.push_str(&format!("{lang}{label}: {rendered}\n"));
            }
        }
    }
    out
}

#[test]
fn the_catalogue_snapshot_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/catalogue.txt");
    let current = snapshot();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &current).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    if stored != current {
        let first_difference = stored
            .lines()
            .zip(current.lines())
            .find(|(a, b)| a != b)
            .map_or_else(
                || "one is longer".to_string(),
                |(a, b)| format!("stored: {a}\n  now: {b}"),
            );
        panic!(
            "tests/snapshots/catalogue.txt is out of date ({first_difference}).\n\
             Regenerate it with UPDATE_SNAPSHOTS=1 cargo test --test suite locales:: and review the diff."
        );
    }
}
