//! Amharic as written, end to end: a buyer and a seller who both read Amharic see the currency as ብር, a deadline
//! typed and shown in the Ethiopian time of day, polite buttons, and the roles with their article.

use crate::helpers::TestApp;
use crate::helpers::fixtures::{BUYER, SELLER, button, labels, text_of};
use crate::helpers::on_both_databases;
use dereja::i18n::Text;
use dereja_domain::{Language, UserId};

on_both_databases!(an_order_read_in_amharic);

async fn an_order_read_in_amharic(database_url: String) {
    // Many answers to one chat on a frozen clock: without the fake's flood limit, whose waits would never pass.
    let live = TestApp::spawn_without_limits(&database_url, &[]).await;
    let am = Language::AM;
    let almaz = live.person(BUYER, "Almaz", "am").await;
    let dawit = live.person(SELLER, "Dawit", "am").await;

    let role = live.say(&almaz, "/neworder", "neworder-role", am).await;
    let buyer = button(&role, "button-i-am-buyer", am);
    live.press(&almaz, &buyer, "neworder-title", am).await;
    live.blank_order(&almaz, "የካፌ ምናሌ", am).await;
    live.say(&almaz, "የምናሌ ንድፍ", "neworder-deliverables", am)
        .await;
    live.say(&almaz, "- 2 ገጽ ምናሌ በPDF", "neworder-deadline", am)
        .await;

    // A deadline typed the Ethiopian way is read back with both clocks, and confirmed.
    let confirm = live
        .say(
            &almaz,
            "መስከረም 15 ከሰዓት በኋላ 8 ሰዓት",
            "neworder-deadline-confirm",
            am,
        )
        .await;
    let read_back = text_of(&confirm);
    assert!(
        read_back.contains("መስከረም 15 ቀን") && read_back.contains("ከሰዓት በኋላ 8:00 (14:00"),
        "{read_back}"
    );
    let yes = button(&confirm, "button-deadline-yes", am);
    let amount = live.press(&almaz, &yes, "neworder-amount", am).await;
    let question = text_of(&amount);
    assert!(
        question.contains("በብር") && !question.contains("ETB"),
        "{question}"
    );
    live.say(&almaz, "1500", "neworder-revisions", am).await;
    let added = live.say(&almaz, "2", "neworder-milestone-added", am).await;
    let done = button(&added, "button-done", am);
    let summary = live.press(&almaz, &done, "neworder-summary", am).await;
    let confirm = button(&summary, "button-confirm", am);
    let created = live.press(&almaz, &confirm, "neworder-created", am).await;
    let link = text_of(&created)
        .split_whitespace()
        .find(|w| w.starts_with("https://t.me/"))
        .expect("an invitation link")
        .to_string();
    // A Share button sends the link, with a line in the creator's language, to whoever they pick.
    let share = created.params["reply_markup"]["inline_keyboard"][0][0].clone();
    assert_eq!(
        share["text"],
        Text::new("button-share-invitation").render(am)
    );
    let share = url::Url::parse(share["url"].as_str().expect("a share link")).unwrap();
    let shared: Vec<(String, String)> = share.query_pairs().into_owned().collect();
    assert_eq!(shared[0], ("url".to_string(), link.clone()));
    assert!(shared[1].1.contains("የካፌ ምናሌ"), "{shared:?}");

    // The seller answers with polite, matching buttons, and the deadline keeps its Ethiopian time of day.
    dawit.open_link(&link).expect("a valid deep link");
    let invitation = live.expect(SELLER, "invitation", am).await;
    let join = button(&invitation, "button-join", am);
    live.press(&dawit, &join, "joined", am).await;
    let proposal = live.expect(SELLER, "milestone-summary", am).await;
    assert!(
        text_of(&proposal).contains("ከሰዓት በኋላ 8:00"),
        "{}",
        text_of(&proposal)
    );
    let offered = labels(&proposal);
    assert!(
        offered.contains(&"ይቀበሉ".to_string()) && offered.contains(&"አይቀበሉ".to_string()),
        "{offered:?}"
    );
    let accept = button(&proposal, "button-accept", am);
    live.press(&dawit, &accept, "done-accepted", am).await;
    live.expect(BUYER, "notice-fund-please", am).await;

    // Each reads the other named with the article: "to the seller", "the buyer writes".
    let order = live.app.orders.of_user(UserId(BUYER), 1).await.unwrap()[0].id;
    almaz.send_text(&format!("/chat {}", order.0));
    let to_seller = Text::new("chat-started").arg("other", "seller");
    let started = live.expect_text(BUYER, &to_seller, am).await;
    assert!(
        text_of(&started).contains("ለሻጩ እየጻፉ"),
        "{}",
        text_of(&started)
    );
    almaz.send_text("ሰላም፣ ንድፉ መቼ ይደርሳል?");
    let from_buyer = Text::new("notice-chat").arg("party", "buyer");
    let relayed = live.expect_text(SELLER, &from_buyer, am).await;
    assert!(
        text_of(&relayed).starts_with("💬 ገዢው (ትዕዛዝ #"),
        "{}",
        text_of(&relayed)
    );
    live.stop().await;
}
