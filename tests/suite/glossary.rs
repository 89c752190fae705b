//! docs/GLOSSARY.md, checked where a machine can: one Amharic word per concept. Where an English message names a
//! concept, its Amharic message uses the glossary's term (in any of its inflected forms), and the words the glossary
//! rules out ("not አዝራር") appear nowhere.

use super::locales::catalogue;
use std::path::Path;

/// Concepts (nouns) whose English word marks a message: the English words, the glossary's Amharic term, and the
/// stems its inflections share (Ethiopic letters change their vowel under a suffix: ትዕዛዝ, ትዕዛዙ, ትዕዛዞች).
const NOUNS: &[(&[&str], &str, &[&str])] = &[
    (&["order", "orders"], "ትዕዛዝ", &["ትዕዛ"]),
    (&["milestone", "milestones"], "ደረጃ", &["ደረጃ"]),
    (&["buyer"], "ገዢ", &["ገዢ"]),
    (&["seller"], "ሻጭ", &["ሻጭ", "ሻጩ", "ሻጮ"]),
    (&["deadline", "deadlines"], "የማስረከቢያ ቀን", &["ማስረከቢያ"]),
    (&["dispute"], "አለመግባባት", &["አለመግባባ"]),
    (&["admin", "admins"], "አስተዳዳሪ", &["አስተዳዳሪ"]),
    (&["revision", "revisions"], "ማሻሻያ", &["ማሻሻያ"]),
    (&["clearing period"], "የማጣሪያ ጊዜ", &["ማጣሪያ"]),
    (&["reminder", "reminders"], "ማስታወሻ", &["ማስታወሻ"]),
    (&["community", "communities"], "ማኅበረሰብ", &["ማኅበረሰ"]),
    (&["feedback"], "ምላሽ", &["ምላሽ", "ምላሹ", "አስተያየት"]),
    (&["button"], "ቁልፍ", &["ቁልፍ", "ቁልፉ"]),
    (
        &["automatic approval", "automatically"],
        "ራስ-ሰር ማጽደቅ",
        &["ራስ-ሰር"],
    ),
    (&["message", "messages"], "መልእክት", &["መልእክ"]),
    (&["payout method"], "የክፍያ መቀበያ ዘዴ", &["መቀበያ ዘዴ"]),
];

fn glossary() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/GLOSSARY.md"))
        .expect("docs/GLOSSARY.md")
}

/// Where an English word names something else: the message and the word.
const NOT_THE_CONCEPT: &[(&str, &str)] = &[
    // "Message the other party": a verb, written ይጻፉ.
    ("button-chat", "message"),
];

/// The message's words, lower case, without /commands.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !w.starts_with('/'))
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn names(words: &[String], term: &str) -> bool {
    let term: Vec<&str> = term.split(' ').collect();
    words
        .windows(term.len())
        .any(|w| w.iter().zip(&term).all(|(a, b)| a == b))
}

#[test]
fn each_concept_keeps_its_amharic_term() {
    let glossary = glossary();
    let (en, am) = (catalogue("en"), catalogue("am"));
    let mut drift = Vec::new();
    for (english, term, stems) in NOUNS {
        assert!(
            glossary.contains(&format!("| {term} |")),
            "{term} is not the glossary's term"
        );
        for (id, m) in &en {
            let said = words(&m.literal);
            let named = english
                .iter()
                .any(|e| names(&said, e) && !NOT_THE_CONCEPT.contains(&(id.as_str(), e)));
            if !named {
                continue;
            }
            let amharic = &am[id].literal;
            if !stems.iter().any(|s| amharic.contains(s)) {
                drift.push(format!("{id}: {english:?} without {term}: {amharic}"));
            }
        }
    }
    assert!(drift.is_empty(), "{drift:#?}");
}

/// The words after "not " or "never " in the glossary's notes, in Ethiopic.
fn ruled_out(glossary: &str) -> Vec<String> {
    let is_ethiopic = |c: char| ('\u{1200}'..='\u{139F}').contains(&c) || c == ' ';
    glossary
        .split("not ")
        .chain(glossary.split("never "))
        .skip(1)
        .map(|after| {
            after
                .chars()
                .take_while(|c| is_ethiopic(*c))
                .collect::<String>()
        })
        .map(|w| stem(w.trim()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A single word without its last letter, whose vowel changes under a suffix (አዝራር, አዝራሩን).
fn stem(word: &str) -> String {
    let letters: Vec<char> = word.chars().collect();
    if word.contains(' ') || letters.len() < 3 {
        return word.to_string();
    }
    letters[..letters.len() - 1].iter().collect()
}

#[test]
fn words_the_glossary_rules_out_appear_nowhere() {
    let banned = ruled_out(&glossary());
    assert!(banned.contains(&"አዝራ".to_string()), "{banned:?}");
    let found: Vec<String> = catalogue("am")
        .iter()
        .flat_map(|(id, m)| {
            banned
                .iter()
                .filter(|b| m.literal.contains(b.as_str()))
                .map(move |b| format!("{id}: {b}"))
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

/// A quoted label the reader is told to press ("ተጠናቋል"ን ይጫኑ) is the label of a button.
#[test]
fn amharic_names_buttons_by_their_labels() {
    let am = catalogue("am");
    let labels: Vec<&str> = am
        .iter()
        .filter(|(id, m)| id.starts_with("button-") && m.vars.is_empty())
        .map(|(_, m)| m.literal.trim())
        .collect();
    let mut unknown = Vec::new();
    for (id, m) in &am {
        for quoted in m.literal.split('"').skip(1).step_by(2) {
            let after = m
                .literal
                .split(&format!("\"{quoted}\""))
                .nth(1)
                .unwrap_or("");
            if (after.starts_with("ን ይጫኑ") || after.starts_with("ን ተጭነው"))
                && !labels.contains(&quoted)
            {
                unknown.push(format!("{id}: {quoted}"));
            }
        }
    }
    assert!(unknown.is_empty(), "{unknown:#?}");
}
