//! The translation catalogue: both languages carry the same messages with the same variables, every message
//! renders with its variables, and the Amharic is written in Ethiopic script.

use dereja::i18n::Text;
use dereja_domain::Language;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

pub type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn inline_vars(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_vars(i, out),
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

/// Message id -> the variables it uses, over every `.ftl` file of a language.
pub fn catalogue(lang: &str) -> Catalogue {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = Catalogue::new();
    for entry in std::fs::read_dir(&dir).expect("locale directory") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read ftl");
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            if let Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(value) = &m.value {
                    pattern_vars(value, &mut vars);
                }
                for attribute in &m.attributes {
                    pattern_vars(&attribute.value, &mut vars);
                }
                let id = m.id.name.to_string();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "{id} defined twice in {lang}"
                );
            }
        }
    }
    out
}

#[test]
fn both_languages_have_the_same_messages_and_variables() {
    let en = catalogue("en");
    let am = catalogue("am");
    assert!(!en.is_empty());
    let en_ids: BTreeSet<_> = en.keys().collect();
    let am_ids: BTreeSet<_> = am.keys().collect();
    assert_eq!(en_ids, am_ids, "message ids differ between en and am");
    for (id, vars) in &en {
        assert_eq!(
            Some(vars),
            am.get(id),
            "variables of {id} differ between en and am"
        );
    }
}

#[test]
fn every_message_renders_in_both_languages_with_its_variables() {
    for (id, vars) in catalogue("en") {
        let id: &'static str = Box::leak(id.into_boxed_str());
        let text = vars.iter().fold(Text::new(id), |t, v| {
            t.arg(Box::leak(v.clone().into_boxed_str()), "sample")
        });
        for lang in Language::ALL {
            let rendered = text.try_render(lang).unwrap_or_else(|e| panic!("{e}"));
            assert!(!rendered.trim().is_empty(), "{id} in {lang} is empty");
            assert!(
                rendered.chars().count() <= 4096,
                "{id} in {lang} exceeds Telegram's limit"
            );
        }
        if !vars.is_empty() {
            assert!(
                Text::new(id).try_render(Language::EN).is_err(),
                "{id} renders without its variables"
            );
        }
    }
}

/// Messages that are the same in every language on purpose (they only place an argument).
const SAME_IN_EVERY_LANGUAGE: &[&str] = &["deadline-at", "orders-line", "button-stars"];

#[test]
fn amharic_messages_are_written_in_ethiopic() {
    let is_ethiopic = |c: char| ('\u{1200}'..='\u{139F}').contains(&c);
    for (id, vars) in catalogue("am") {
        if SAME_IN_EVERY_LANGUAGE.contains(&id.as_str()) {
            continue;
        }
        let id: &'static str = Box::leak(id.into_boxed_str());
        let text = vars.iter().fold(Text::new(id), |t, v| {
            t.arg(Box::leak(v.clone().into_boxed_str()), "x")
        });
        let rendered = text.try_render(Language::AM).expect("renders");
        assert!(
            rendered.chars().any(is_ethiopic),
            "{id} has no Amharic text: {rendered:?}"
        );
        let english = text.try_render(Language::EN).expect("renders");
        assert_ne!(rendered, english, "{id} is not translated");
    }
}
