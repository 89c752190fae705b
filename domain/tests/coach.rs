//! The guide's practices as rules: a delivery's checklist ticked by the buyer, a revision naming what was not
//! ticked, progress notes from the seller only, and the on-record chat between the parties.

mod support;

use dereja_domain::*;
use support::*;

fn ticked(run: &Run) -> Vec<u8> {
    match &run.order.milestone(1).unwrap().status {
        Status::Delivered { ticked, .. } => ticked.clone(),
        other => panic!("not delivered: {other:?}"),
    }
}

#[test]
fn only_the_buyer_ticks_items_of_a_delivery_and_a_second_tick_unticks() {
    let mut run = Run::started(&[1000]);
    let tick = |item| Command::TickItem { seq: 1, item };
    // Nothing to tick before a delivery.
    assert!(matches!(
        run.try_do(user(BUYER), tick(0)),
        Err(DomainError::InvalidTransition { .. })
    ));
    run.deliver(1);
    for actor in [user(SELLER), user(STRANGER), admin(ADMIN)] {
        assert!(matches!(
            run.try_do(actor, tick(0)),
            Err(DomainError::NotAllowed { .. })
        ));
    }
    assert_eq!(
        run.try_do(user(BUYER), tick(3)).unwrap_err(),
        DomainError::NoSuchItem { count: 3 }
    );
    let events = run.ok(user(BUYER), tick(2));
    assert_eq!(
        events,
        [EventKind::ItemTicked {
            item: 2,
            ticked: true
        }]
    );
    run.ok(user(BUYER), tick(0));
    assert_eq!(ticked(&run), [0, 2]);
    run.ok(user(BUYER), tick(2));
    assert_eq!(ticked(&run), [0]);
}

#[test]
fn a_revision_names_the_unticked_items_when_the_buyer_used_ticks() {
    let feedback = Command::RequestRevision {
        seq: 1,
        feedback: note("Two things are missing"),
    };
    let unticked = |events: Vec<EventKind>| match &events[0] {
        EventKind::RevisionRequested { unticked, .. } => unticked.clone(),
        other => panic!("{other:?}"),
    };

    let mut run = Run::delivered(&[1000]);
    run.ok(user(BUYER), Command::TickItem { seq: 1, item: 0 });
    assert_eq!(
        unticked(run.ok(user(BUYER), feedback.clone())),
        ["1 page brand guide as PDF", "source files"]
    );
    // The next delivery starts with a fresh checklist.
    run.deliver(1);
    assert!(ticked(&run).is_empty());

    // No ticks: the words say what is missing, and no item is named.
    let mut run = Run::delivered(&[1000]);
    assert!(unticked(run.ok(user(BUYER), feedback)).is_empty());
}

#[test]
fn only_the_seller_posts_progress_and_only_on_running_work() {
    let progress = Command::PostProgress {
        seq: 1,
        note: note("Half of the screens are done"),
    };
    let mut run = Run::accepted(&[1000]);
    assert!(matches!(
        run.try_do(user(SELLER), progress.clone()),
        Err(DomainError::InvalidTransition { .. })
    ));
    run.ok(
        user(BUYER),
        Command::Fund {
            seq: 1,
            payment: telegram_payment(),
        },
    );
    assert!(matches!(
        run.try_do(user(BUYER), progress.clone()),
        Err(DomainError::NotAllowed { .. })
    ));
    run.advance(chrono::Duration::hours(30));
    assert_eq!(
        run.ok(user(SELLER), progress),
        [EventKind::ProgressPosted {
            note: note("Half of the screens are done")
        }]
    );
    assert!(matches!(
        run.order.milestone(1).unwrap().status,
        Status::InProgress { progress_at: Some(at), .. } if at == run.now
    ));
}

#[test]
fn the_chat_is_between_the_parties_and_flags_contact_details() {
    let say = |text: &str| Command::Chat {
        note: Some(note(text)),
        attachments: Vec::new(),
    };
    let mut run = Run::opened(&[1000]);
    assert_eq!(
        run.try_do(user(BUYER), say("hello")).unwrap_err(),
        DomainError::NoOtherParty
    );
    run.ok(user(SELLER), Command::Join { invitation: None });
    assert!(matches!(
        run.try_do(user(STRANGER), say("hello")),
        Err(DomainError::NotAllowed { .. })
    ));
    assert_eq!(
        run.try_do(
            user(SELLER),
            Command::Chat {
                note: None,
                attachments: Vec::new()
            }
        )
        .unwrap_err(),
        DomainError::EmptyMessage
    );
    let events = run.ok(user(SELLER), say("Which colours do you like?"));
    assert!(matches!(
        &events[0],
        EventKind::ChatMessage {
            by: Role::Seller,
            contact: false,
            ..
        }
    ));
    let events = run.ok(user(BUYER), say("Call me on 0911 23 45 67"));
    assert!(matches!(
        &events[0],
        EventKind::ChatMessage {
            by: Role::Buyer,
            contact: true,
            ..
        }
    ));
    // Chatting changes no milestone.
    assert_eq!(run.status(1), StatusKind::Proposed);
}
