//! Disputes end to end: the real dispatcher, scheduler and outbox in this process against the fake Bot API, on a
//! fresh database of each backend. A buyer opens a dispute from the order view with a reason and evidence; the
//! admin decides from the dossier; each resolution leaves the books right to the cent.

use crate::helpers::TestApp;
use crate::helpers::fixtures::{
    ADMIN, BUYER, SELLER, STRANGER, button, fragment, paid, terms, text_of,
};
use crate::helpers::on_both_databases;
use dereja::i18n::Text;
use dereja_domain::{
    Account, Command, Currency, Delivery, Language, Ledger, MilestoneRef, Money, OrderId, Origin,
    StatusKind, UserId,
};
use dereja_fakebot::{Call, SimUser};

on_both_databases!(
    a_dispute_released_to_the_seller,
    a_dispute_refunded_to_the_buyer,
    a_dispute_split_sixty_forty,
    a_withdrawn_dispute,
    only_an_admin_of_the_orders_group_resolves,
    history_export_and_profiles_match_the_store,
);

const GROUP_ADMIN: i64 = 700;
const OTHER_GROUP_ADMIN: i64 = 710;
const GROUP: i64 = -100_800;
const OTHER_GROUP: i64 = -100_900;
const PRICE: i64 = 150_000;

/// The order view of an order the buyer started.
fn summary() -> Text {
    Text::new("order-summary").arg("creator", "buyer")
}

struct Dispute {
    live: TestApp,
    buyer: SimUser,
    order: OrderId,
    /// The dossier the global admin received.
    dossier: Call,
}

/// A delivered milestone the buyer disputes from the order view, with a reason and one piece of evidence.
async fn disputed(database_url: &str, origin: Origin) -> Dispute {
    disputed_with(database_url, origin, false).await
}

/// As `disputed`, opened with `/dispute <order>` instead of the order view's button when `by_command`.
async fn disputed_with(database_url: &str, origin: Origin, by_command: bool) -> Dispute {
    // The order's group is a registered community: its admins decide (an unregistered group's do not).
    let community = GROUP.to_string();
    let live = TestApp::spawn(database_url, &[("DEREJA_COMMUNITIES", &community)]).await;
    let (en, am) = (Language::EN, Language::AM);
    let buyer = live.person(BUYER, "Almaz", "am").await;
    live.person(SELLER, "John", "en").await;
    live.person(ADMIN, "Admin", "en").await;
    let order = live
        .open_order_in(BUYER, vec![terms(7, PRICE, 1)], origin)
        .await;
    live.join(SELLER, order).await;
    live.by(SELLER, order, Command::Accept { seq: 1 }).await;
    live.by(BUYER, order, paid()).await;
    let delivery = Delivery::new(Some("https://example.com/logo.zip"), vec![]).unwrap();
    live.by(SELLER, order, Command::Deliver { seq: 1, delivery })
        .await;
    for chat in [BUYER, SELLER, ADMIN, GROUP] {
        live.new_messages(chat);
    }

    if by_command {
        buyer.send_text(&format!("/dispute {}", order.0));
    } else {
        buyer.send_text(&format!("/order {}", order.0));
        live.settle().await;
        let view = live.expect_texts(BUYER, &[summary()], am).remove(0);
        buyer.press(&button(&view, "button-open-dispute", am), 1);
    }
    live.settle().await;
    live.expect_only(BUYER, &["prompt-dispute-reason"], am);
    buyer.send_text("ሦስቱ ንድፎች አልደረሱም");
    live.settle().await;
    let prompt = live
        .expect_only(BUYER, &["prompt-dispute-evidence"], am)
        .remove(0);
    buyer.send_text("ከሻጩ ጋር የተደረገው ውይይት: ሁሉም በPNG ይደርሳሉ ብሏል");
    live.settle().await;
    live.expect_only(BUYER, &["done-evidence-sent"], am);
    buyer.press(&button(&prompt, "button-done", am), 1);
    live.settle().await;
    live.expect_only(BUYER, &["done-evidence"], am);
    live.expect_only(SELLER, &["notice-dispute-opened"], en);

    // The admin's dossier: the history, both parties' records, the buttons; then the evidence.
    let admin = live.new_messages(ADMIN);
    assert_eq!(
        admin.len(),
        2,
        "{:#?}",
        admin.iter().map(text_of).collect::<Vec<_>>()
    );
    let dossier = admin[0].clone();
    let text = text_of(&dossier);
    assert!(
        text.contains(&fragment(&Text::new("dispute-dossier"), en)),
        "{text}"
    );
    assert!(text.contains("ሦስቱ ንድፎች አልደረሱም"), "the reason: {text}");
    for kind in ["order_opened", "funded", "delivered", "dispute_opened"] {
        let line = Text::new("event-name").arg("kind", kind).arg("seq", 1);
        let line = if kind == "order_opened" {
            Text::new("event-name").arg("kind", kind).arg("seq", 0)
        } else {
            line
        };
        assert!(
            text.contains(&line.render(en)),
            "history has {kind}: {text}"
        );
    }
    assert!(text.contains("Almaz") && text.contains("John"), "{text}");
    assert!(
        text_of(&admin[1]).contains("ሁሉም በPNG ይደርሳሉ ብሏል"),
        "the evidence reaches the admin"
    );
    Dispute {
        live,
        buyer,
        order,
        dossier,
    }
}

/// The admin presses a decision on the dossier.
async fn decide(d: &Dispute, admin: &SimUser, label: &str) {
    admin.press(&button(&d.dossier, label, Language::EN), 1);
    d.live.settle().await;
}

/// Buyer's, escrow's and seller's (pending) balances in minor units.
/// The buyer's account, the milestone's escrow, the seller's pending money and what is owed back to the buyer.
async fn books(d: &Dispute) -> (i64, i64, i64, i64) {
    let mut tx = d.live.app.store.begin_read().await.unwrap();
    let mut ledger = Ledger::default();
    for t in tx.order_postings(d.order).await.unwrap() {
        ledger.post(&t);
    }
    let totals = tx.ledger_totals().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(totals, vec![("ETB".to_string(), 0)], "the ledger balances");
    let minor = |account| {
        let d = ledger.balance(account, Currency::ETB);
        dereja_domain::decimal_to_minor(d, Currency::ETB).unwrap()
    };
    (
        minor(Account::Buyer {
            user: UserId(BUYER),
        }),
        minor(Account::Escrow {
            milestone: MilestoneRef {
                order: d.order,
                seq: 1,
            },
        }),
        minor(Account::Pending {
            user: UserId(SELLER),
        }),
        minor(Account::Refunds {
            user: UserId(BUYER),
        }),
    )
}

async fn status(d: &Dispute) -> StatusKind {
    let order = d.live.app.orders.get(d.order).await.unwrap();
    order.milestone(1).unwrap().status.kind()
}

async fn a_dispute_released_to_the_seller(database_url: String) {
    let d = disputed(&database_url, Origin::Private).await;
    let admin = d.live.fake.user(ADMIN, "Admin", Some("en"));
    decide(&d, &admin, "button-release").await;
    let prompt = d
        .live
        .expect_only(ADMIN, &["prompt-resolution-note"], Language::EN);
    admin.press(&button(&prompt[0], "button-skip", Language::EN), 1);
    d.live.settle().await;
    d.live
        .expect_only(ADMIN, &["done-dispute-resolved"], Language::EN);
    let release = Text::new("resolution-release")
        .arg("amount", Money::from_minor(PRICE, Currency::ETB).unwrap());
    let to_buyer = d.live.expect_only(
        BUYER,
        &["notice-dispute-resolved", "notice-order-completed"],
        Language::AM,
    );
    assert!(text_of(&to_buyer[0]).contains(&release.render(Language::AM)));
    // The seller also learns when the money becomes available.
    let to_seller = d.live.expect_only(
        SELLER,
        &[
            "notice-approved-seller",
            "notice-dispute-resolved",
            "notice-order-completed",
        ],
        Language::EN,
    );
    assert!(text_of(&to_seller[1]).contains(&release.render(Language::EN)));
    assert_eq!(status(&d).await, StatusKind::Approved);
    assert_eq!(books(&d).await, (-PRICE, 0, PRICE, 0));
    d.live.stop().await;
}

async fn a_dispute_refunded_to_the_buyer(database_url: String) {
    let d = disputed_with(&database_url, Origin::Private, true).await;
    let admin = d.live.fake.user(ADMIN, "Admin", Some("en"));
    decide(&d, &admin, "button-refund").await;
    d.live
        .expect_only(ADMIN, &["prompt-resolution-note"], Language::EN);
    admin.send_text("No concepts were delivered.");
    d.live.settle().await;
    d.live
        .expect_only(ADMIN, &["done-dispute-resolved"], Language::EN);
    // The refund is owed to the buyer, who is asked where to receive it (an admin pays it: see trust.rs).
    let to_buyer = [
        "notice-dispute-resolved",
        "notice-order-closed",
        "notice-refund-owed",
    ];
    let to_seller = ["notice-dispute-resolved", "notice-order-closed"];
    for (chat, lang, ids) in [
        (BUYER, Language::AM, &to_buyer[..]),
        (SELLER, Language::EN, &to_seller[..]),
    ] {
        let got = d.live.expect_only(chat, ids, lang);
        assert!(
            text_of(&got[0]).contains("No concepts were delivered."),
            "the note"
        );
    }
    assert_eq!(status(&d).await, StatusKind::Refunded);
    assert_eq!(books(&d).await, (-PRICE, 0, 0, PRICE));
    d.live.stop().await;
}

async fn a_dispute_split_sixty_forty(database_url: String) {
    let d = disputed(&database_url, Origin::Private).await;
    let admin = d.live.fake.user(ADMIN, "Admin", Some("en"));
    decide(&d, &admin, "button-split").await;
    d.live
        .expect_only(ADMIN, &["prompt-split-share"], Language::EN);
    admin.send_text("150%");
    d.live.settle().await;
    d.live
        .expect_only(ADMIN, &["error-split-share"], Language::EN);
    admin.send_text("60%");
    d.live.settle().await;
    let prompt = d
        .live
        .expect_only(ADMIN, &["prompt-resolution-note"], Language::EN);
    admin.press(&button(&prompt[0], "button-skip", Language::EN), 1);
    d.live.settle().await;
    d.live
        .expect_only(ADMIN, &["done-dispute-resolved"], Language::EN);
    let etb = |minor| Money::from_minor(minor, Currency::ETB).unwrap();
    let split = Text::new("resolution-split")
        .arg("seller", etb(90_000))
        .arg("buyer", etb(60_000));
    let seller = d.live.expect_only(
        SELLER,
        &[
            "notice-approved-seller",
            "notice-dispute-resolved",
            "notice-order-completed",
        ],
        Language::EN,
    );
    assert!(text_of(&seller[1]).contains(&split.render(Language::EN)));
    d.live.expect_only(
        BUYER,
        &[
            "notice-dispute-resolved",
            "notice-order-completed",
            "notice-refund-owed",
        ],
        Language::AM,
    );
    assert_eq!(status(&d).await, StatusKind::Approved);
    // The buyer paid 1,500.00 and is owed 600.00 back; the seller has 900.00 pending.
    assert_eq!(books(&d).await, (-PRICE, 0, 90_000, 60_000));
    d.live.stop().await;
}

async fn a_withdrawn_dispute(database_url: String) {
    let d = disputed(&database_url, Origin::Private).await;
    d.buyer.send_text(&format!("/order {}", d.order.0));
    d.live.settle().await;
    let view = d.live.expect_texts(BUYER, &[summary()], Language::AM);
    d.buyer.press(
        &button(&view[0], "button-withdraw-dispute", Language::AM),
        1,
    );
    d.live.settle().await;
    d.live
        .expect_only(BUYER, &["done-dispute-withdrawn"], Language::AM);
    let withdrawn = Text::new("notice-dispute-withdrawn").arg("party", "buyer");
    for chat in [SELLER, ADMIN] {
        d.live
            .expect_texts(chat, std::slice::from_ref(&withdrawn), Language::EN);
    }
    // Back to waiting for the buyer's review, the money still held.
    assert_eq!(status(&d).await, StatusKind::Delivered);
    assert_eq!(books(&d).await, (-PRICE, PRICE, 0, 0));
    // The admin's old buttons no longer decide anything.
    let admin = d.live.fake.user(ADMIN, "Admin", Some("en"));
    let press = admin.press(&button(&d.dossier, "button-release", Language::EN), 1);
    let refusal = Text::new("error-stale");
    d.live.expect_alert(press, &refusal, Language::EN).await;
    d.live.settle().await;
    assert!(d.live.new_messages(ADMIN).is_empty());
    assert_eq!(status(&d).await, StatusKind::Delivered);
    d.live.stop().await;
}

async fn only_an_admin_of_the_orders_group_resolves(database_url: String) {
    let d = disputed(&database_url, Origin::Group { chat_id: GROUP }).await;
    // The buyer is also an admin of the order's group: still a party.
    d.live.fake.group(GROUP, &[GROUP_ADMIN, BUYER]);
    d.live.fake.group(OTHER_GROUP, &[OTHER_GROUP_ADMIN]);
    let group_admin = d.live.person(GROUP_ADMIN, "Hana", "en").await;
    let other_admin = d.live.person(OTHER_GROUP_ADMIN, "Yonas", "en").await;
    let stranger = d.live.person(STRANGER, "Kebede", "en").await;
    let seller = d.live.fake.user(SELLER, "John", Some("en"));
    let release = button(&d.dossier, "button-release", Language::EN);

    // A pressed button carries no authority: each of these is refused and nothing changes.
    let admin_only = Text::new("error-not-allowed").arg("who", "admin");
    for (who, user, lang) in [
        (OTHER_GROUP_ADMIN, &other_admin, Language::EN),
        (STRANGER, &stranger, Language::EN),
        (SELLER, &seller, Language::EN),
        (BUYER, &d.buyer, Language::AM),
    ] {
        let press = user.press(&release, 1);
        d.live.expect_alert(press, &admin_only, lang).await;
        d.live.settle().await;
        assert!(d.live.new_messages(who).is_empty(), "{who}: no message");
        assert_eq!(status(&d).await, StatusKind::Disputed);
    }

    // The group was told, with a button its admins can use; the group's admin resolves from the dossier.
    let pointer = d
        .live
        .new_messages(GROUP)
        .into_iter()
        .find(|c| text_of(c).contains(&fragment(&Text::new("group-dispute"), Language::EN)))
        .expect("the group hears of the dispute");
    group_admin.press_in_group(
        GROUP,
        &button(&pointer, "button-show-dispute", Language::EN),
        1,
    );
    d.live.settle().await;
    let dossier = d
        .live
        .expect_only(GROUP_ADMIN, &["dispute-dossier"], Language::EN);
    group_admin.press(&button(&dossier[0], "button-refund", Language::EN), 1);
    d.live.settle().await;
    let prompt = d
        .live
        .expect_only(GROUP_ADMIN, &["prompt-resolution-note"], Language::EN);
    group_admin.press(&button(&prompt[0], "button-skip", Language::EN), 1);
    d.live.settle().await;
    d.live
        .expect_only(GROUP_ADMIN, &["done-dispute-resolved"], Language::EN);
    assert_eq!(status(&d).await, StatusKind::Refunded);
    // The decision is on record with the admin who made it.
    let mut tx = d.live.app.store.begin_read().await.unwrap();
    let events = tx.order_events(d.order).await.unwrap();
    tx.commit().await.unwrap();
    let resolved = events
        .iter()
        .find(|e| e.kind.name() == "dispute_resolved")
        .expect("recorded");
    assert_eq!(
        resolved.actor,
        dereja_domain::Actor::User {
            id: UserId(GROUP_ADMIN),
            admin: true
        }
    );
    d.live.stop().await;
}

/// After a resolved dispute: `/history` lists every stored event, `/export` is a CSV that matches the store, and
/// the profiles count the dispute.
async fn history_export_and_profiles_match_the_store(database_url: String) {
    let d = disputed(&database_url, Origin::Private).await;
    let admin = d.live.fake.user(ADMIN, "Admin", Some("en"));
    decide(&d, &admin, "button-release").await;
    let prompt = d
        .live
        .expect_only(ADMIN, &["prompt-resolution-note"], Language::EN);
    admin.press(&button(&prompt[0], "button-skip", Language::EN), 1);
    d.live.settle().await;
    for chat in [BUYER, SELLER, ADMIN] {
        d.live.new_messages(chat);
    }

    // The history, as the buyer reads it, has a line for every stored event, in order.
    d.buyer.send_text(&format!("/history {}", d.order.0));
    d.live.settle().await;
    let history: String = d
        .live
        .new_messages(BUYER)
        .iter()
        .map(|c| text_of(c).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let mut tx = d.live.app.store.begin_read().await.unwrap();
    let events = tx.order_events(d.order).await.unwrap();
    tx.commit().await.unwrap();
    let order = d.live.app.orders.get(d.order).await.unwrap();
    let lines = dereja::messages::dossier::history_lines(
        &order,
        &events,
        dereja::messages::dossier::HISTORY_QUOTE_CHARS,
    );
    assert!(lines.len() >= 9, "{} events", lines.len());
    let mut from = 0;
    for line in &lines {
        let rendered = line.render(Language::AM);
        let at = history[from..]
            .find(&rendered)
            .unwrap_or_else(|| panic!("{rendered:?} missing (or out of order) in {history}"));
        from += at + rendered.len();
    }
    // A stranger gets nothing.
    let stranger = d.live.person(STRANGER, "Kebede", "en").await;
    stranger.send_text(&format!("/history {}", d.order.0));
    d.live.settle().await;
    d.live
        .expect_only(STRANGER, &["error-not-found"], Language::EN);

    // The export parses and matches the store.
    let seller = d.live.fake.user(SELLER, "John", Some("en"));
    seller.send_text("/export");
    d.live.settle().await;
    let sent = d.live.fake.calls_to("sendDocument");
    let document = sent.last().expect("a document");
    assert_eq!(document.params["chat_id"], SELLER, "{:#?}", document.params);
    // "Sending a file…" while it is prepared; "typing…" before the history.
    let actions: Vec<(i64, String)> = d
        .live
        .fake
        .calls_to("sendChatAction")
        .iter()
        .map(|c| {
            let chat = c.params["chat_id"].as_i64().unwrap_or_default();
            (
                chat,
                c.params["action"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert!(
        actions.contains(&(SELLER, "upload_document".into())),
        "{actions:?}"
    );
    assert!(actions.contains(&(BUYER, "typing".into())), "{actions:?}");
    assert_eq!(
        document.params["document"]["file_name"],
        "dereja-orders.csv"
    );
    let csv = document.params["document"]["content"]
        .as_str()
        .expect("text content");
    // A byte-order mark first, so spreadsheets read the UTF-8 (Amharic titles) as such.
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows[0][0], "order_id");
    assert_eq!(rows.len(), 1 + order.milestones.len());
    for (row, m) in rows[1..].iter().zip(&order.milestones) {
        assert_eq!(row[0], order.id.0.to_string());
        assert_eq!(row[1], order.title.as_str());
        assert_eq!(row[2], "seller");
        assert_eq!(row[3], m.seq.to_string());
        assert_eq!(row[5], m.status.kind().as_str());
        assert_eq!(row[6], m.terms.amount.amount().to_string());
        assert_eq!(row[7], "ETB");
    }

    // Profiles: the seller's counts the completed milestone; the buyer opened a dispute and lost it (released).
    let profile = d
        .live
        .app
        .orders
        .profile(UserId(BUYER))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (profile.record.disputes_opened, profile.record.disputes_lost),
        (1, 1)
    );
    let profile = d
        .live
        .app
        .orders
        .profile(UserId(SELLER))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((profile.record.completed, profile.record.delivered), (1, 1));
    seller.send_text("/profile");
    d.live.settle().await;
    let shown = d.live.expect_only(SELLER, &["profile"], Language::EN);
    assert!(text_of(&shown[0]).contains("John"));
    d.live.stop().await;
}
