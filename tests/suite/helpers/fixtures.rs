//! What the tests share: the cast (one id per role), the moment the manual clock starts, the milestone terms, and
//! how to find a message's text and a button's data in what the fake recorded.

use crate::locales::catalogue;
use chrono::{DateTime, Duration, TimeZone as _, Utc};
use dereja::i18n::Text;
use dereja_domain::{
    Command, Currency, Deadline, Deliverables, Delivery, Language, MilestoneTerms, Money,
    PaymentRef, RevisionCount, Title,
};
use dereja_fakebot::Call;
use serde_json::Value;

pub const BUYER: i64 = 101;
pub const SELLER: i64 = 202;
pub const ADMIN: i64 = 900;
pub const STRANGER: i64 = 303;

/// 09:00 in Addis Ababa on a Monday.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap()
}

/// `n` days after [`t0`].
pub fn day(n: i64) -> DateTime<Utc> {
    t0() + Duration::days(n)
}

pub fn etb(minor: i64) -> Money {
    Money::from_minor(minor, Currency::ETB).unwrap()
}

/// A logo milestone: `days` of work after funding, its price in cents, and the revisions included.
pub fn terms(days: i64, minor: i64, revisions: u8) -> MilestoneTerms {
    MilestoneTerms {
        title: Title::new("Logo").unwrap(),
        deliverables: Deliverables::new("- 3 concepts as PNG").unwrap(),
        deadline: Deadline::after_activation(Duration::days(days)).unwrap(),
        amount: etb(minor),
        revisions: RevisionCount::new(revisions).unwrap(),
    }
}

/// Funding by Telegram Payments, as the successful payment records it.
pub fn paid() -> Command {
    Command::Fund {
        seq: 1,
        payment: PaymentRef::Telegram {
            charge_id: "charge".into(),
            provider_charge_id: "provider".into(),
        },
    }
}

pub fn delivery() -> Delivery {
    Delivery::new(Some("https://example.com/logo.zip"), vec![]).unwrap()
}

/// The longest piece of a message that does not depend on the arguments not given: what a received text must
/// contain.
pub fn fragment(text: &Text, lang: Language) -> String {
    let id = text.id();
    let vars = catalogue(lang.code())
        .remove(id)
        .unwrap_or_else(|| panic!("no message {id}"))
        .vars;
    let given: Vec<&str> = text.args().iter().map(|(k, _)| k.as_str()).collect();
    let text = vars
        .iter()
        .filter(|v| !given.contains(&v.as_str()))
        .fold(text.clone(), |t, v| t.arg(v, "\u{1}"));
    let rendered = text.try_render(lang).expect("renders");
    rendered
        .split('\u{1}')
        .map(str::trim)
        .max_by_key(|s| s.chars().count())
        .unwrap_or_default()
        .to_string()
}

pub fn text_of(call: &Call) -> &str {
    call.params["text"].as_str().unwrap_or_default()
}

/// The callback data of the button labelled `label` (a message id rendered in `lang`) on a message.
pub fn button(call: &Call, label: &str, lang: Language) -> String {
    button_labelled(call, &Text::new(label).render(lang))
}

/// The buttons of a message's inline keyboard, row after row.
pub fn buttons(call: &Call) -> impl Iterator<Item = &Value> {
    call.params["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
}

/// The labels of a message's buttons, row after row.
pub fn labels(call: &Call) -> Vec<String> {
    buttons(call)
        .filter_map(|b| b["text"].as_str().map(str::to_string))
        .collect()
}

/// The callback data of the button whose label is `label` exactly (a user's words, a template's name).
pub fn button_labelled(call: &Call, label: &str) -> String {
    buttons(call)
        .find(|b| b["text"] == label)
        .and_then(|b| b["callback_data"].as_str())
        .unwrap_or_else(|| panic!("no button {label:?} on {:#?}", call.params))
        .to_string()
}
