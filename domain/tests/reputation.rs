//! Track records and dispute messages, read from real command sequences.

mod support;

use chrono::Duration;
use dereja_domain::*;
use support::*;

#[test]
fn a_record_counts_deliveries_on_time_completions_and_lost_disputes() {
    // Order 1: delivered a day late, then refunded in a dispute the buyer opened.
    let mut late = Run::started(&[1000]);
    late.advance(Duration::days(8));
    late.deliver(1);
    late.ok(
        user(BUYER),
        Command::OpenDispute {
            seq: 1,
            reason: note("late and wrong"),
        },
    );
    late.ok(
        admin(ADMIN),
        Command::ResolveDispute {
            seq: 1,
            resolution: Resolution::Refund,
            note: None,
        },
    );
    // Order 2: delivered on time and approved.
    let mut good = Run::delivered(&[2000]);
    good.ok(user(BUYER), Command::Approve { seq: 1 });

    let mut events = late.events.clone();
    events.extend(good.events.iter().map(|e| Event {
        order: OrderId(2),
        ..e.clone()
    }));
    let seller = TrackRecord::of(SELLER, &events);
    assert_eq!(
        seller,
        TrackRecord {
            completed: 1,
            delivered: 2,
            on_time: 1,
            disputes_opened: 0,
            disputes_lost: 1,
            cancellations: 0,
        }
    );
    assert_eq!(seller.on_time_percent(), Some(50));
    assert!(!seller.flagged());
    let buyer = TrackRecord::of(BUYER, &events);
    assert_eq!(buyer.disputes_opened, 1);
    assert_eq!(buyer.disputes_lost, 0);
    assert_eq!(buyer.completed, 1);
    assert_eq!(buyer.on_time_percent(), None);
    assert_eq!(TrackRecord::of(STRANGER, &events), TrackRecord::default());
}

#[test]
fn dispute_messages_go_from_parties_to_admins_and_from_admins_to_one_party() {
    let mut run = Run::delivered(&[1000]);
    let evidence = |to| Command::DisputeMessage {
        seq: 1,
        to,
        note: Some(note("screenshot of the chat")),
        attachments: vec![],
    };
    // Not in dispute yet.
    assert!(matches!(
        run.try_do(user(BUYER), evidence(None)),
        Err(DomainError::InvalidTransition { .. })
    ));
    run.ok(
        user(BUYER),
        Command::OpenDispute {
            seq: 1,
            reason: note("wrong colours"),
        },
    );
    assert_eq!(
        run.ok(user(BUYER), evidence(None)),
        vec![EventKind::DisputeMessage {
            by: Some(Role::Buyer),
            to: None,
            note: Some(note("screenshot of the chat")),
            attachments: vec![],
        }]
    );
    // A party cannot address the other party through the admins' channel; a stranger cannot write at all.
    assert!(
        run.try_do(user(SELLER), evidence(Some(Role::Buyer)))
            .is_err()
    );
    assert!(run.try_do(user(STRANGER), evidence(None)).is_err());
    // An admin asks the seller; an admin must name whom they ask.
    run.ok(admin(ADMIN), evidence(Some(Role::Seller)));
    assert!(run.try_do(admin(ADMIN), evidence(None)).is_err());
    assert_eq!(
        run.try_do(
            user(SELLER),
            Command::DisputeMessage {
                seq: 1,
                to: None,
                note: None,
                attachments: vec![]
            }
        ),
        Err(DomainError::EmptyMessage)
    );
}
