//! The milestone guide's advice in the flow, end to end on both backends and in both languages: phase templates,
//! the deliverables checklist ticked at review, the on-record chat, progress notes and their reminder, the
//! revision response time, and an add-on proposed from the completion message.

use crate::helpers::TestApp;
use crate::helpers::fixtures::{
    ADMIN, BUYER, SELLER, button, button_labelled, day, fragment, labels, paid, terms, text_of,
};
use crate::helpers::{ScratchDir, on_both_databases};
use chrono::Duration;
use dereja::i18n::Text;
use dereja_domain::{
    Command, Deadline, Deliverables, Delivery, Language, MilestoneTerms, Note, OrderId, StatusKind,
    UserId,
};
use dereja_fakebot::{Call, SimUser};

on_both_databases!(
    orders_from_templates,
    a_checklist_a_revision_and_an_add_on,
    an_on_record_chat_and_progress_notes,
);

/// A logo milestone with a three-item checklist and two revisions.
fn logo_terms(days: i64) -> MilestoneTerms {
    MilestoneTerms {
        deliverables: Deliverables::new(
            "- 3 logo concepts as PNG\n- 1 page brand guide as PDF\n- source files as SVG",
        )
        .unwrap(),
        ..terms(days, 150_000, 2)
    }
}

fn deliver(text: &str) -> Command {
    Command::Deliver {
        seq: 1,
        delivery: Delivery::new(Some(text), vec![]).unwrap(),
    }
}

/// An order between the buyer and the seller whose first milestone is funded and running since `live`'s now.
async fn running_order(live: &TestApp, days: i64) -> OrderId {
    let order = live.open_order(BUYER, vec![logo_terms(days)]).await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    for chat in [BUYER, SELLER, ADMIN] {
        live.new_messages(chat);
    }
    order
}

/// Types a text, lets the bot answer, and checks the answers.
async fn say(
    live: &TestApp,
    user: &SimUser,
    text: &str,
    ids: &[&str],
    lang: Language,
) -> Vec<Call> {
    user.send_text(text);
    live.await_messages(user.id, ids.len()).await;
    live.expect_only(user.id, ids, lang)
}

async fn press(
    live: &TestApp,
    user: &SimUser,
    data: &str,
    ids: &[&str],
    lang: Language,
) -> Vec<Call> {
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
    let live = TestApp::spawn(&database_url, &[("DEREJA_TEMPLATES", &path)]).await;
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
            "ባዶ ይጀምሩ",
        ]
    );
    let app = button_labelled(&question[0], "የመተግበሪያ ሥራ");
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
    // Twelve hours for a design phase is questioned once; sent again, it is kept.
    let short = Text::new("neworder-deadline-doubt").arg("reason", "short");
    almaz.send_text("12 ሰዓት");
    live.await_messages(BUYER, 1).await;
    live.expect_texts(BUYER, &[short], am);
    say(&live, &almaz, "12 ሰዓት", &["neworder-amount"], am).await;
    say(&live, &almaz, "ብር 20,000", &["neworder-revisions"], am).await;
    say(
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
    for i in 1..titles.len() {
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
    assert_eq!(
        order.milestones[0].terms.deadline,
        Deadline::after_activation(Duration::hours(12)).unwrap()
    );
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
    let wedding = button_labelled(&question[0], "Wedding photos");
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

/// The latest keyboard the bot put on a message in `chat` by editing it.
fn edited_keyboard(live: &TestApp, chat: i64) -> Vec<String> {
    let edits: Vec<Call> = live
        .fake
        .calls_to("editMessageReplyMarkup")
        .into_iter()
        .filter(|c| c.params["chat_id"] == chat)
        .collect();
    edits.last().map(labels).unwrap_or_default()
}

/// An Amharic buyer ticks one of three checklist items of an English seller's delivery; the seller cannot tick;
/// the revision request names the two unticked items. The seller is reminded daily to answer it, then the buyer
/// is offered a way on, once each. The approved order's completion message lets the seller offer an add-on, which
/// the buyer accepts as a new milestone.
async fn a_checklist_a_revision_and_an_add_on(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let (en, am) = (Language::EN, Language::AM);
    let almaz = live.person(BUYER, "Almaz", "am").await;
    let john = live.person(SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    let order = running_order(&live, 10).await;

    live.clock().set(day(1));
    live.by(SELLER, order, deliver("https://example.com/logo-v1.zip"))
        .await;
    let delivered = live.expect_only(BUYER, &["notice-delivered"], am);
    assert!(text_of(&delivered[0]).contains("1 page brand guide as PDF"));
    let keys = labels(&delivered[0]);
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert!(keys[0].starts_with('⬜') && keys[0].contains("3 logo concepts as PNG"));
    live.new_messages(SELLER);

    // The seller presses the buyer's tick button: refused, nothing ticked.
    let tick = button_labelled(&delivered[0], &keys[0]);
    let refusal = Text::new("error-not-allowed").arg("who", "buyer");
    live.press_alert(&john, &tick, &refusal, en).await;
    live.settle().await;
    assert!(live.new_messages(SELLER).is_empty());
    assert!(
        live.fake
            .calls_to("editMessageReplyMarkup")
            .iter()
            .all(|c| c.params["chat_id"] != BUYER)
    );

    // The buyer ticks the first item: the same message shows it ticked.
    almaz.press(&tick, 1);
    live.settle().await;
    let shown = edited_keyboard(&live, BUYER);
    assert!(shown[0].starts_with('✅'), "{shown:?}");
    assert!(shown[1].starts_with('⬜'), "{shown:?}");

    let revision = button_labelled(
        &delivered[0],
        &Text::new("button-request-revision").render(am),
    );
    let prompt = press(
        &live,
        &almaz,
        &revision,
        &["prompt-revision-feedback-items"],
        am,
    )
    .await;
    assert!(text_of(&prompt[0]).contains("source files as SVG"));
    assert!(!text_of(&prompt[0]).contains("3 logo concepts as PNG"));
    say(&live, &almaz, "ቀለሞቹ ይሞቁ", &["done-sent"], am).await;
    let asked = live.expect_only(SELLER, &["notice-revision-requested-items"], en);
    let text = text_of(&asked[0]);
    assert!(text.contains("1 page brand guide as PDF") && text.contains("source files as SVG"));
    assert!(!text.contains("3 logo concepts as PNG"));

    // The revision's response time (3 days): the seller is reminded after one and two days, then the buyer is
    // offered more time, waiting or a dispute; each once.
    live.at(day(2)).await;
    live.expect_only(SELLER, &["reminder-revision-waiting"], en);
    live.expect_only(BUYER, &[], am);
    live.at(day(3)).await;
    live.expect_only(SELLER, &["reminder-revision-waiting"], en);
    live.at(day(4)).await;
    let late = live.expect_only(BUYER, &["reminder-revision-late"], am);
    button(&late[0], "button-extend-deadline", am);
    button(&late[0], "button-open-dispute", am);
    live.expect_only(SELLER, &[], en);
    live.at(day(5)).await;
    live.expect_only(BUYER, &[], am);
    live.expect_only(SELLER, &[], en);

    // Delivered again, approved with the confirmation step: the order completes.
    live.by(SELLER, order, deliver("https://example.com/logo-v2.zip"))
        .await;
    let delivered = live.expect_only(BUYER, &["notice-delivered"], am);
    live.expect_only(SELLER, &["notice-submitted"], en);
    // A fresh checklist: nothing ticked.
    assert!(
        labels(&delivered[0])[..3]
            .iter()
            .all(|l| l.starts_with('⬜'))
    );
    let approve = button(&delivered[0], "button-approve", am);
    let confirm = press(&live, &almaz, &approve, &["confirm-approval"], am).await;
    almaz.press(&button(&confirm[0], "button-release-confirm", am), 1);
    live.await_messages(SELLER, 2).await;
    let completed = live.expect_only(
        SELLER,
        &["notice-approved-seller", "notice-order-completed"],
        en,
    );
    live.new_messages(BUYER);

    // The seller offers maintenance from the completion message; the buyer accepts it as milestone 2.
    let addon = button(&completed[1], "button-propose-addon", en);
    press(&live, &john, &addon, &["neworder-milestone-title"], en).await;
    say(&live, &john, "Maintenance", &["neworder-deliverables"], en).await;
    say(
        &live,
        &john,
        "- 3 months of fixes, within 2 days each\n- 2 new colour variants as SVG",
        &["neworder-deadline"],
        en,
    )
    .await;
    say(&live, &john, "90d", &["neworder-amount"], en).await;
    say(&live, &john, "3000", &["neworder-revisions"], en).await;
    say(&live, &john, "1", &["done-proposed"], en).await;
    let proposal = live.expect_only(BUYER, &["notice-proposal"], am);
    let accept = button(&proposal[0], "button-accept", am);
    almaz.press(&accept, 1);
    live.settle().await;
    let stored = live.app.orders.get(order).await.unwrap();
    assert_eq!(stored.milestones.len(), 2);
    assert_eq!(stored.milestones[1].terms.title.as_str(), "Maintenance");
    assert_eq!(
        stored.milestones[1].status.kind(),
        StatusKind::AwaitingFunding
    );
    live.stop().await;
}

/// Buyer (English) and seller (Amharic) talk through the bot: each message reaches the other party named with
/// the order, a phone number earns the sender one reminder, and the conversation is in `/history` and in the
/// admin's dispute dossier. The seller's progress notes reach the buyer, and a quiet stretch gets a reminder at
/// the right time, once.
async fn an_on_record_chat_and_progress_notes(database_url: String) {
    let live = TestApp::spawn(&database_url, &[]).await;
    let (en, am) = (Language::EN, Language::AM);
    let selam = live.person(BUYER, "Selam", "en").await;
    let dawit = live.person(SELLER, "Dawit", "am").await;
    live.person(ADMIN, "Admin", "en").await;

    // Nobody to talk to before the seller joins.
    let order = live.open_order(BUYER, vec![logo_terms(10)]).await;
    let id = order.0;
    // In a group the private commands only point to the private chat.
    const GROUP: i64 = -100_777;
    live.fake.group(GROUP, &[ADMIN]);
    for command in [format!("/chat {id}"), "/progress".into(), "/balance".into()] {
        selam.send_in_group(GROUP, &command, None);
        live.await_messages(GROUP, 1).await;
        live.expect_only(GROUP, &["private-only"], en);
    }
    live.expect_only(BUYER, &[], en);
    say(
        &live,
        &selam,
        &format!("/chat {id}"),
        &["error-no-other-party"],
        en,
    )
    .await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    // Progress before funding: do not start yet.
    say(&live, &dawit, "/progress", &["progress-none"], am).await;
    live.by(BUYER, order, paid()).await;
    for chat in [BUYER, SELLER] {
        live.new_messages(chat);
    }

    // The buyer opens the chat (a stranger cannot) and writes.
    let started = say(&live, &selam, &format!("/chat {id}"), &["chat-started"], en).await;
    button(&started[0], "button-leave-chat", en);
    say(&live, &selam, "Hello! Can the logo use green?", &[], en).await;
    live.await_messages(SELLER, 1).await;
    let from_buyer = Text::new("notice-chat").arg("party", "buyer");
    let relayed = live.expect_texts(SELLER, &[from_buyer], am);
    assert!(text_of(&relayed[0]).contains("Hello! Can the logo use green?"));
    assert!(text_of(&relayed[0]).contains(&format!("#{id}")));

    // The seller answers with the Reply button and gives a phone number: reminded once, never blocked.
    let reply = button(&relayed[0], "button-reply", am);
    dawit.press(&reply, 1);
    live.await_messages(SELLER, 1).await;
    let to_buyer = Text::new("chat-started").arg("other", "buyer");
    live.expect_texts(SELLER, &[to_buyer], am);
    say(
        &live,
        &dawit,
        "አዎ። ለዝርዝሩ 0911 23 45 67 ይደውሉ",
        &["chat-contact-warning"],
        am,
    )
    .await;
    live.await_messages(BUYER, 1).await;
    let from_seller = Text::new("notice-chat").arg("party", "seller");
    let relayed = live.expect_texts(BUYER, std::slice::from_ref(&from_seller), en);
    assert!(text_of(&relayed[0]).contains("0911 23 45 67"));
    say(&live, &dawit, "ወይም selam.design@gmail.com", &[], am).await;
    live.await_messages(BUYER, 1).await;
    live.expect_texts(BUYER, &[from_seller], en);
    live.expect_only(SELLER, &[], am);
    // Leaving: what follows is not passed on.
    let leave = button(&started[0], "button-leave-chat", en);
    press(&live, &selam, &leave, &["chat-left"], en).await;
    say(&live, &selam, "thanks", &["not-understood"], en).await;
    live.expect_only(SELLER, &[], am);

    // Progress: a quiet stretch of three days brings a reminder; a note moves the next one three days on.
    live.at(day(3)).await;
    let quiet = live.expect_only(SELLER, &["reminder-progress-quiet"], am);
    let post = button(&quiet[0], "button-post-progress", am);
    press(&live, &dawit, &post, &["prompt-progress"], am).await;
    say(&live, &dawit, "ሁለት ንድፎች ተዘጋጅተዋል", &["done-progress"], am).await;
    let note = live.expect_only(BUYER, &["notice-progress"], en);
    assert!(text_of(&note[0]).contains("ሁለት ንድፎች ተዘጋጅተዋል"));
    live.at(day(5)).await;
    live.expect_only(SELLER, &[], am);
    live.at(day(6)).await;
    live.expect_only(SELLER, &["reminder-progress-quiet"], am);
    // Day 9 would be the next, but the deadline (day 10) is near: its own reminder comes instead.
    live.clock().set(day(7));
    say(&live, &dawit, "/progress", &["prompt-progress"], am).await;
    say(&live, &dawit, "ቀለሞቹ ተመርጠዋል", &["done-progress"], am).await;
    live.at(day(9)).await;
    live.expect_only(SELLER, &["reminder-deadline-soon"], am);

    // The whole conversation is on record: in /history, and in the dossier an admin gets for a dispute.
    live.new_messages(BUYER);
    selam.send_text(&format!("/history {id}"));
    live.await_messages(BUYER, 1).await;
    let history: String = live
        .new_messages(BUYER)
        .iter()
        .map(|c| text_of(c).to_string())
        .collect();
    for said in [
        "Hello! Can the logo use green?",
        "0911 23 45 67",
        "ቀለሞቹ ተመርጠዋል",
    ] {
        assert!(history.contains(said), "{said} not in {history}");
    }
    let reason = Note::new("The seller wants to move the deal to the phone").unwrap();
    live.by(BUYER, order, Command::OpenDispute { seq: 1, reason })
        .await;
    live.await_messages(ADMIN, 1).await;
    let dossier = live
        .new_messages(ADMIN)
        .into_iter()
        .find(|c| text_of(c).contains(&fragment(&Text::new("dispute-dossier"), en)))
        .expect("the admin gets the dossier");
    assert!(text_of(&dossier).contains("0911 23 45 67"));
    assert!(text_of(&dossier).contains("Hello! Can the logo use green?"));
    live.stop().await;
}
