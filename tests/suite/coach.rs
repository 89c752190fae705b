//! The milestone guide's advice in the flow, end to end on both backends and in both languages: phase templates,
//! the deliverables checklist ticked at review, the on-record chat, progress notes and their reminder, the
//! revision response time, and an add-on proposed from the completion message.

use crate::helpers::{ScratchDir, on_both_databases};
use crate::scenario::{button, text_of};
use crate::scheduler::Live;
use dereja_domain::{Language, UserId};
use dereja_fakebot::{Call, SimUser};
use serde_json::Value;

on_both_databases!(orders_from_templates);

const BUYER: i64 = 101;
const SELLER: i64 = 202;

/// The labels of a message's buttons, row by row.
fn labels(call: &Call) -> Vec<String> {
    call.params["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b["text"].as_str().map(str::to_string))
        .collect()
}

/// The data of the button whose label is `label` exactly.
fn data_of(call: &Call, label: &str) -> String {
    call.params["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .find(|b| b["text"] == label)
        .and_then(|b| b["callback_data"].as_str())
        .unwrap_or_else(|| panic!("no button {label:?} on {:#?}", call.params))
        .to_string()
}

/// Types a text, lets the bot answer, and checks the answers.
async fn say(live: &Live, user: &SimUser, text: &str, ids: &[&str], lang: Language) -> Vec<Call> {
    user.send_text(text);
    live.await_messages(user.id, ids.len()).await;
    live.expect_only(user.id, ids, lang)
}

async fn press(live: &Live, user: &SimUser, data: &str, ids: &[&str], lang: Language) -> Vec<Call> {
    user.press(data, 1);
    live.await_messages(user.id, ids.len()).await;
    live.expect_only(user.id, ids, lang)
}

/// An Amharic buyer starts from the app-development template: four phases with their Amharic titles and
/// checklists, each asking only deadline, amount and revisions. An English seller starts from the operator's own
/// template, loaded from `DEREJA_TEMPLATES`, which also replaced a built-in one.
async fn orders_from_templates(database_url: String) {
    let dir = ScratchDir::new();
    let file = dir.0.join("templates.json");
    std::fs::write(
        &file,
        r#"[
          {"id": "wedding", "name": {"en": "Wedding photos", "am": "የሰርግ ፎቶዎች"},
           "phases": [{"title": {"en": "Wedding day", "am": "የሰርጉ ቀን"},
                       "deliverables": {"en": "- 300 edited photos as JPG\n- 1 printed album of 40 pages",
                                        "am": "- 300 የተስተካከሉ ፎቶዎች በJPG\n- 40 ገጽ ያለው 1 የታተመ አልበም"}}]},
          {"id": "logo", "name": {"en": "Logo, one round"},
           "phases": [{"title": {"en": "Logo"}, "deliverables": {"en": "- 1 logo as SVG and PNG"}}]}
        ]"#,
    )
    .unwrap();
    let path = file.display().to_string();
    let live = Live::start(&database_url, &[("DEREJA_TEMPLATES", &path)]).await;
    let (en, am) = (Language::EN, Language::AM);
    let almaz = live.person(BUYER, "Almaz", "am").await;
    let john = live.person(SELLER, "John", "en").await;

    let role = say(&live, &almaz, "/neworder", &["neworder-role"], am).await;
    let buyer_role = button(&role[0], "button-i-am-buyer", am);
    press(&live, &almaz, &buyer_role, &["neworder-title"], am).await;
    let question = say(&live, &almaz, "የምግብ ማዘዣ መተግበሪያ", &["neworder-template"], am).await;
    assert_eq!(
        labels(&question[0]),
        [
            "የመተግበሪያ ሥራ",
            "ጽሑፍ ወይም የማስታወቂያ ጽሑፍ",
            "የቪዲዮ አርትዖት",
            "ድረ ገጽ",
            "የሰርግ ፎቶዎች",
            "Logo, one round",
            "ባዶ ጀምር",
        ]
    );
    let app = data_of(&question[0], "የመተግበሪያ ሥራ");
    let titles = ["የገጽታና የአጠቃቀም ንድፍ", "የኋላ ክፍል (ሰርቨር)", "ሙከራ", "ማስጀመር"];
    let first = press(
        &live,
        &almaz,
        &app,
        &["neworder-template-phase", "neworder-deadline"],
        am,
    )
    .await;
    assert!(text_of(&first[0]).contains(titles[0]));
    assert!(text_of(&first[0]).contains("በFigma የሚሞከር ናሙና"));
    for i in 0..titles.len() {
        say(
            &live,
            &almaz,
            &format!("{} ሳምንት", i + 2),
            &["neworder-amount"],
            am,
        )
        .await;
        say(&live, &almaz, "ብር 20,000", &["neworder-revisions"], am).await;
        if let Some(next) = titles.get(i + 1) {
            let asked = say(
                &live,
                &almaz,
                "2",
                &[
                    "neworder-phase-added",
                    "neworder-template-phase",
                    "neworder-deadline",
                ],
                am,
            )
            .await;
            assert!(text_of(&asked[1]).contains(next), "{}", text_of(&asked[1]));
        } else {
            let added = say(&live, &almaz, "2", &["neworder-milestone-added"], am).await;
            let done = button(&added[0], "button-done", am);
            let summary = press(&live, &almaz, &done, &["neworder-summary"], am).await;
            for title in titles {
                assert!(text_of(&summary[0]).contains(title));
            }
            let confirm = button(&summary[0], "button-confirm", am);
            press(&live, &almaz, &confirm, &["neworder-created"], am).await;
        }
    }
    let orders = live.app.orders.of_user(UserId(BUYER), 5).await.unwrap();
    let order = &orders[0];
    let stored: Vec<&str> = order
        .milestones
        .iter()
        .map(|m| m.terms.title.as_str())
        .collect();
    assert_eq!(stored, titles);
    assert!(
        order.milestones[2]
            .terms
            .deliverables
            .as_str()
            .contains("Android")
    );

    // The operator's template, in English, for a seller.
    let role = say(&live, &john, "/neworder", &["neworder-role"], en).await;
    let seller_role = button(&role[0], "button-i-am-seller", en);
    press(&live, &john, &seller_role, &["neworder-title"], en).await;
    let question = say(&live, &john, "Our wedding", &["neworder-template"], en).await;
    let names = labels(&question[0]);
    assert!(names.contains(&"Logo, one round".to_string()));
    assert!(!names.contains(&"Logo and brand design".to_string()));
    let wedding = data_of(&question[0], "Wedding photos");
    let phase = press(
        &live,
        &john,
        &wedding,
        &["neworder-template-phase", "neworder-deadline"],
        en,
    )
    .await;
    assert!(text_of(&phase[0]).contains("300 edited photos as JPG"));
    say(&live, &john, "2026-04-20", &["neworder-amount"], en).await;
    say(&live, &john, "25000", &["neworder-revisions"], en).await;
    let added = say(&live, &john, "1", &["neworder-milestone-added"], en).await;
    button(&added[0], "button-add-milestone", en);
    live.stop().await;
}
