//! Spotting a way to take a deal outside the order: a phone number, an email address, or a link to another
//! messenger. The bot does not block such messages; it reminds the sender once that deals outside the order are not
//! protected. False alarms cost one polite sentence, so the rules lean towards noticing.

/// Hosts and words of messengers and contact links (lower case).
const MESSENGERS: &[&str] = &[
    "wa.me",
    "whatsapp",
    "viber",
    "signal.me",
    "signal.group",
    "t.me/",
    "telegram.me",
    "telegram.dog",
    "m.me/",
    "messenger.com",
    "skype",
    "imo.im",
    "ዋትስአፕ",
    "ዋትሳፕ",
    "ቫይበር",
];

/// Whether the text gives a phone number, an email address or an outside messenger.
pub fn mentions_contact(text: &str) -> bool {
    let lower = text.to_lowercase();
    MESSENGERS.iter().any(|m| lower.contains(m)) || has_email(&lower) || has_phone(text)
}

/// A word like `name@host.tld`.
fn has_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'))
        .any(|word| {
            let Some((user, host)) = word.split_once('@') else {
                return false;
            };
            let host = host.trim_end_matches(['.', '!', '?']);
            !user.is_empty()
                && host
                    .split_once('.')
                    .is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2)
        })
}

/// A run of digits with the separators people type in numbers (spaces, dashes, dots, brackets), holding 9 to 15
/// digits and written like a phone number: international (`+251 911 ...`, `2519...`) or local (`09...`, `07...`,
/// or the 9 digits after the leading 0, `911 234 567`). Dates and amounts ("2026-12-20", "15,000") do not match.
fn has_phone(text: &str) -> bool {
    let mut runs: Vec<(bool, String)> = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for c in text.chars() {
        match (c, &mut current) {
            ('0'..='9', Some((_, digits))) => digits.push(c),
            ('0'..='9', None) => current = Some((false, c.to_string())),
            ('+', None) => current = Some((true, String::new())),
            (' ' | '-' | '.' | '(' | ')', Some(_)) => {}
            _ => {
                runs.extend(current.take());
            }
        }
    }
    runs.extend(current);
    runs.iter().any(|(plus, digits)| {
        let n = digits.len();
        (9..=15).contains(&n)
            && (*plus
                || digits.starts_with("251")
                || digits.starts_with('0')
                || (n == 9 && (digits.starts_with('9') || digits.starts_with('7'))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_phones_emails_and_messengers() {
        for text in [
            "call me 0911234567",
            "my number is +251 911 23 45 67",
            "ስልኬ 0911-23-45-67 ነው",
            "251911234567",
            "911 234 567",
            "(0)7 12 34 56 78",
            "+44 20 7946 0958",
            "write to selam.t@gmail.com please",
            "mail: <dawit@example.et>",
            "let's talk on WhatsApp",
            "https://wa.me/251911234567",
            "add me t.me/dawit_design",
            "በቫይበር ያናግሩኝ",
            "Viber is easier",
        ] {
            assert!(mentions_contact(text), "{text}");
        }
    }

    #[test]
    fn leaves_ordinary_work_talk_alone() {
        for text in [
            "The second draft is ready, 3 logos as PNG",
            "Deadline 2026-12-20, price 15,000 ብር",
            "I paid 1,500.00 ETB, reference FT26123",
            "20/12/2026 at 10:30",
            "version 1.2.3 of the app",
            "@dawit thanks!",
            "see https://example.com/drafts",
            "12345678",
            "",
        ] {
            assert!(!mentions_contact(text), "{text}");
        }
    }
}
