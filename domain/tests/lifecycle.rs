//! Every transition of the milestone lifecycle, allowed and refused.

mod support;

use chrono::Duration;
use dereja_domain::InviteToken;
use dereja_domain::error::Who;
use dereja_domain::*;
use support::*;

fn not_allowed(action: Action, who: Who) -> DomainError {
    DomainError::NotAllowed { action, who }
}

fn invalid(seq: u16, from: StatusKind, action: Action) -> DomainError {
    DomainError::InvalidTransition { seq, from, action }
}

#[test]
fn opening_proposes_every_milestone_from_the_creator() {
    let run = Run::opened(&[100_000, 50_000]);
    assert_eq!(run.order.buyer, Some(BUYER));
    assert_eq!(run.order.seller, None);
    assert_eq!(run.status(1), StatusKind::Proposed);
    assert_eq!(run.status(2), StatusKind::Proposed);
    let names: Vec<_> = run.events.iter().map(|e| e.kind.name()).collect();
    assert_eq!(
        names,
        ["order_opened", "milestone_proposed", "milestone_proposed"]
    );
}

#[test]
fn drafts_are_validated() {
    let draft = |ms: Vec<MilestoneTerms>| {
        OrderDraft::new(
            Title::new("x").unwrap(),
            Currency::ETB,
            Origin::Private,
            BUYER,
            Role::Buyer,
            ms,
        )
    };
    assert_eq!(draft(vec![]), Err(DomainError::NoMilestones));
    assert_eq!(
        draft(vec![terms(100, 0); 21]),
        Err(DomainError::TooManyMilestones { max: 20 })
    );
    let mut usd = terms(100, 0);
    usd.amount = Money::from_minor(100, Currency::USD).unwrap();
    assert_eq!(
        draft(vec![usd]),
        Err(DomainError::CurrencyMismatch {
            expected: Currency::ETB,
            got: Currency::USD
        })
    );
}

#[test]
fn the_counterparty_joins_once_and_never_as_both_parties() {
    let mut run = Run::opened(&[100_000]);
    assert_eq!(
        run.try_do(user(BUYER), Command::Join { invitation: None }),
        Err(DomainError::SameParty)
    );
    assert_eq!(
        run.try_do(Actor::System, Command::Join { invitation: None }),
        Err(not_allowed(Action::Join, Who::Newcomer))
    );
    let events = run.ok(user(SELLER), Command::Join { invitation: None });
    assert_eq!(
        events,
        vec![EventKind::PartyJoined {
            role: Role::Seller,
            user: SELLER
        }]
    );
    assert_eq!(run.order.seller, Some(SELLER));
    assert_eq!(
        run.try_do(user(STRANGER), Command::Join { invitation: None }),
        Err(DomainError::OrderFull)
    );
    assert_eq!(
        run.try_do(user(SELLER), Command::Join { invitation: None }),
        Err(DomainError::SameParty)
    );
}

#[test]
fn an_order_started_with_someone_is_joined_only_by_them() {
    let draft = OrderDraft::new(
        Title::new("Menu design").unwrap(),
        Currency::ETB,
        Origin::Group { chat_id: -100 },
        BUYER,
        Role::Buyer,
        vec![terms(10_000, 1)],
    )
    .unwrap();
    assert_eq!(
        draft.clone().with_invitee(BUYER),
        Err(DomainError::SameParty)
    );
    let draft = draft.with_invitee(SELLER).unwrap();
    let order = Order::open(OrderId(5), draft, t0()).order;
    let ctx = |id| Context {
        actor: user(id),
        now: t0(),
        policy: policy(),
    };
    assert_eq!(
        order.handle(Command::Join { invitation: None }, &ctx(STRANGER)),
        Err(not_allowed(Action::Join, Who::Invitee))
    );
    let joined = order
        .handle(Command::Join { invitation: None }, &ctx(SELLER))
        .unwrap()
        .order;
    assert_eq!(joined.seller, Some(SELLER));
}

/// Joining takes the invitation link's token: a press forged with a guessed order number (no token, or another
/// order's) is refused and changes nothing.
#[test]
fn joining_takes_the_invitation_token() {
    let token = InviteToken::from_bits(0xfeed_beef_0000_1111_2222_3333_4444_5555);
    let other = InviteToken::from_bits(7);
    let draft = OrderDraft::new(
        Title::new("Menu").unwrap(),
        Currency::ETB,
        Origin::Private,
        BUYER,
        Role::Buyer,
        vec![terms(10_000, 1)],
    )
    .unwrap()
    .with_invitation(token);
    let order = Order::open(OrderId(6), draft, t0()).order;
    let ctx = Context {
        actor: user(SELLER),
        now: t0(),
        policy: policy(),
    };
    for forged in [None, Some(other)] {
        assert_eq!(
            order.handle(Command::Join { invitation: forged }, &ctx),
            Err(DomainError::UnknownInvitation),
            "{forged:?}"
        );
    }
    let join = Command::Join {
        invitation: Some(token),
    };
    let joined = order.handle(join, &ctx).unwrap().order;
    assert_eq!(joined.seller, Some(SELLER));
}

#[test]
fn only_the_counterparty_accepts_a_proposal() {
    let mut run = Run::joined(&[100_000]);
    let accept = Command::Accept { seq: 1 };
    assert_eq!(
        run.try_do(user(BUYER), accept.clone()),
        Err(not_allowed(Action::Accept, Who::Counterparty))
    );
    assert_eq!(
        run.try_do(user(STRANGER), accept.clone()),
        Err(not_allowed(Action::Accept, Who::Counterparty))
    );
    assert_eq!(
        run.try_do(admin(ADMIN), accept.clone()),
        Err(not_allowed(Action::Accept, Who::Counterparty))
    );
    assert_eq!(
        run.ok(user(SELLER), accept.clone()),
        vec![EventKind::ProposalAccepted]
    );
    assert_eq!(run.status(1), StatusKind::AwaitingFunding);
    assert_eq!(
        run.try_do(user(SELLER), accept),
        Err(invalid(1, StatusKind::AwaitingFunding, Action::Accept))
    );
    assert_eq!(
        run.try_do(user(SELLER), Command::Accept { seq: 9 }),
        Err(DomainError::UnknownMilestone { seq: 9 })
    );
}

#[test]
fn the_counterparty_declines() {
    let mut run = Run::joined(&[100_000]);
    let decline = Command::Decline {
        seq: 1,
        reason: Some(note("too cheap")),
    };
    assert_eq!(
        run.try_do(user(BUYER), decline.clone()),
        Err(not_allowed(Action::Decline, Who::Counterparty))
    );
    run.ok(user(SELLER), decline.clone());
    assert_eq!(run.status(1), StatusKind::Declined);
    assert_eq!(
        run.try_do(user(SELLER), decline),
        Err(invalid(1, StatusKind::Declined, Action::Decline))
    );
    // The only milestone was declined: the order is closed without completion.
    assert!(run.order.is_closed());
    assert!(matches!(
        run.events.last().unwrap().kind,
        EventKind::OrderClosed { completed: false }
    ));
}

#[test]
fn changes_are_requested_and_the_proposer_revises() {
    let mut run = Run::joined(&[100_000]);
    let request = Command::RequestChanges {
        seq: 1,
        note: note("add a favicon"),
    };
    assert_eq!(
        run.try_do(user(BUYER), request.clone()),
        Err(not_allowed(Action::RequestChanges, Who::Counterparty))
    );
    run.ok(user(SELLER), request);
    assert_eq!(run.status(1), StatusKind::ChangesRequested);
    assert_eq!(
        run.try_do(user(SELLER), Command::Accept { seq: 1 }),
        Err(invalid(1, StatusKind::ChangesRequested, Action::Accept))
    );
    let revise = Command::Revise {
        seq: 1,
        terms: terms(120_000, 2),
    };
    assert_eq!(
        run.try_do(user(SELLER), revise.clone()),
        Err(not_allowed(Action::Revise, Who::Proposer))
    );
    run.ok(user(BUYER), revise);
    assert_eq!(run.status(1), StatusKind::Proposed);
    assert_eq!(run.order.milestone(1).unwrap().terms.amount, etb(120_000));
    run.ok(user(SELLER), Command::Accept { seq: 1 });
    // Terms are fixed once accepted.
    assert_eq!(
        run.try_do(
            user(BUYER),
            Command::Revise {
                seq: 1,
                terms: terms(1, 0)
            }
        ),
        Err(invalid(1, StatusKind::AwaitingFunding, Action::Revise))
    );
}

#[test]
fn only_the_buyer_funds_and_the_first_funded_milestone_starts() {
    let mut run = Run::accepted(&[100_000, 50_000]);
    let fund = |seq| Command::Fund {
        seq,
        payment: telegram_payment(),
    };
    assert_eq!(
        run.try_do(user(SELLER), fund(1)),
        Err(not_allowed(Action::Fund, Who::Buyer))
    );
    assert_eq!(
        run.try_do(admin(ADMIN), fund(1)),
        Err(not_allowed(Action::Fund, Who::Buyer))
    );
    let events = run.ok(user(BUYER), fund(1));
    assert!(matches!(events[0], EventKind::Funded { amount, .. } if amount == etb(100_000)));
    assert!(
        matches!(events[1], EventKind::Started { due_at } if due_at == run.now + Duration::days(7))
    );
    assert_eq!(run.status(1), StatusKind::InProgress);
    assert_eq!(run.escrow(1), 100_000);
    assert_eq!(run.balance(Account::Buyer { user: BUYER }), -100_000);
    assert_eq!(
        run.try_do(user(BUYER), fund(1)),
        Err(invalid(1, StatusKind::InProgress, Action::Fund))
    );
    // Funding in advance holds the money but does not start a second milestone.
    run.ok(user(BUYER), fund(2));
    assert_eq!(run.status(2), StatusKind::Funded);
    assert_eq!(run.order.active_milestone().unwrap().seq, 1);
}

#[test]
fn funding_needs_an_accepted_milestone() {
    let mut run = Run::joined(&[100_000]);
    assert_eq!(
        run.try_do(
            user(BUYER),
            Command::Fund {
                seq: 1,
                payment: telegram_payment()
            }
        ),
        Err(invalid(1, StatusKind::Proposed, Action::Fund))
    );
}

#[test]
fn a_manual_payment_is_confirmed_by_an_admin_who_is_not_a_party() {
    let mut run = Run::accepted(&[100_000]);
    let report = Command::ReportPayment {
        seq: 1,
        reference: note("TeleBirr TX 8F3K2"),
    };
    assert_eq!(
        run.try_do(user(SELLER), report.clone()),
        Err(not_allowed(Action::ReportPayment, Who::Buyer))
    );
    run.ok(user(BUYER), report);
    assert_eq!(run.status(1), StatusKind::PaymentReported);
    assert_eq!(run.escrow(1), 0, "nothing is held before an admin confirms");

    let confirm = Command::ConfirmPayment { seq: 1 };
    assert_eq!(
        run.try_do(user(STRANGER), confirm.clone()),
        Err(not_allowed(Action::ConfirmPayment, Who::Admin))
    );
    assert_eq!(
        run.try_do(
            Actor::User {
                id: BUYER,
                admin: true
            },
            confirm.clone()
        ),
        Err(not_allowed(Action::ConfirmPayment, Who::Admin)),
        "an admin who is the buyer cannot confirm their own payment"
    );
    let events = run.ok(admin(ADMIN), confirm);
    assert!(matches!(
        &events[0],
        EventKind::Funded { payment: PaymentRef::Manual { confirmed_by, .. }, .. } if *confirmed_by == ADMIN
    ));
    assert_eq!(run.status(1), StatusKind::InProgress);
    assert_eq!(run.escrow(1), 100_000);
}

#[test]
fn a_rejected_manual_payment_returns_to_awaiting_funding() {
    let mut run = Run::accepted(&[100_000]);
    run.ok(
        user(BUYER),
        Command::ReportPayment {
            seq: 1,
            reference: note("CBE 123"),
        },
    );
    let reject = Command::RejectPayment {
        seq: 1,
        reason: note("no such transfer"),
    };
    assert_eq!(
        run.try_do(user(SELLER), reject.clone()),
        Err(not_allowed(Action::RejectPayment, Who::Admin))
    );
    run.ok(admin(ADMIN), reject.clone());
    assert_eq!(run.status(1), StatusKind::AwaitingFunding);
    assert_eq!(
        run.try_do(admin(ADMIN), reject),
        Err(invalid(
            1,
            StatusKind::AwaitingFunding,
            Action::RejectPayment
        ))
    );
    assert!(run.postings.is_empty());
}

#[test]
fn only_the_seller_delivers_and_only_active_work() {
    let mut run = Run::accepted(&[100_000]);
    let delivery = Delivery::new(Some("done"), vec![]).unwrap();
    let deliver = Command::Deliver {
        seq: 1,
        delivery: delivery.clone(),
    };
    assert_eq!(
        run.try_do(user(SELLER), deliver.clone()),
        Err(invalid(1, StatusKind::AwaitingFunding, Action::Deliver)),
        "no delivery before funding"
    );
    run.ok(
        user(BUYER),
        Command::Fund {
            seq: 1,
            payment: telegram_payment(),
        },
    );
    assert_eq!(
        run.try_do(user(BUYER), deliver.clone()),
        Err(not_allowed(Action::Deliver, Who::Seller))
    );
    let events = run.ok(user(SELLER), deliver);
    assert!(
        matches!(events[0], EventKind::Delivered { auto_approve_at, .. } if auto_approve_at == run.now + Duration::days(3))
    );
    assert_eq!(run.status(1), StatusKind::Delivered);
}

#[test]
fn revisions_are_limited_to_those_included() {
    let mut run = Run::delivered(&[100_000]);
    let revision = Command::RequestRevision {
        seq: 1,
        feedback: note("the blue is too dark"),
    };
    assert_eq!(
        run.try_do(user(SELLER), revision.clone()),
        Err(not_allowed(Action::RequestRevision, Who::Buyer))
    );
    let events = run.ok(user(BUYER), revision.clone());
    assert!(matches!(
        events[0],
        EventKind::RevisionRequested {
            used: 1,
            included: 1,
            ..
        }
    ));
    assert_eq!(run.status(1), StatusKind::RevisionRequested);
    assert_eq!(
        run.try_do(user(BUYER), revision.clone()),
        Err(invalid(
            1,
            StatusKind::RevisionRequested,
            Action::RequestRevision
        ))
    );
    run.deliver(1);
    assert_eq!(
        run.try_do(user(BUYER), revision),
        Err(DomainError::RevisionsExhausted { included: 1 })
    );
}

#[test]
fn approval_releases_to_pending_and_starts_the_next_funded_milestone() {
    let mut run = Run::delivered(&[100_000, 50_000]);
    run.ok(
        user(BUYER),
        Command::Fund {
            seq: 2,
            payment: telegram_payment(),
        },
    );
    let approve = Command::Approve { seq: 1 };
    assert_eq!(
        run.try_do(user(SELLER), approve.clone()),
        Err(not_allowed(Action::Approve, Who::Buyer))
    );
    assert_eq!(
        run.try_do(admin(ADMIN), approve.clone()),
        Err(not_allowed(Action::Approve, Who::Buyer))
    );
    let events = run.ok(user(BUYER), approve.clone());
    assert!(matches!(
        events[0],
        EventKind::Approved { released, auto: false, clears_at } if released == etb(100_000) && clears_at == run.now + Duration::days(14)
    ));
    assert!(matches!(events[1], EventKind::Started { .. }));
    assert_eq!(run.status(1), StatusKind::Approved);
    assert_eq!(run.status(2), StatusKind::InProgress);
    assert_eq!(run.escrow(1), 0);
    assert_eq!(run.balance(Account::Pending { user: SELLER }), 100_000);
    assert_eq!(
        run.try_do(user(BUYER), approve),
        Err(invalid(1, StatusKind::Approved, Action::Approve)),
        "a second approval is refused cleanly"
    );
}

#[test]
fn approving_the_last_milestone_closes_the_order_as_completed() {
    let mut run = Run::delivered(&[100_000]);
    let events = run.ok(user(BUYER), Command::Approve { seq: 1 });
    assert_eq!(
        events.last(),
        Some(&EventKind::OrderClosed { completed: true })
    );
}

#[test]
fn auto_approval_is_the_systems_after_the_review_period() {
    let mut run = Run::delivered(&[100_000]);
    let auto = Command::AutoApprove { seq: 1 };
    assert_eq!(
        run.try_do(user(BUYER), auto.clone()),
        Err(not_allowed(Action::AutoApprove, Who::System))
    );
    let due = run.now + Duration::days(3);
    assert_eq!(
        run.try_do(Actor::System, auto.clone()),
        Err(DomainError::NotDue { at: due })
    );
    run.advance(Duration::days(3));
    let events = run.ok(Actor::System, auto);
    assert!(matches!(events[0], EventKind::Approved { auto: true, .. }));
    assert_eq!(run.balance(Account::Pending { user: SELLER }), 100_000);
}

#[test]
fn clearing_moves_pending_to_available_at_the_clearing_date() {
    let mut run = Run::delivered(&[100_000]);
    run.ok(user(BUYER), Command::Approve { seq: 1 });
    let clear = Command::Clear { seq: 1 };
    assert_eq!(
        run.try_do(user(SELLER), clear.clone()),
        Err(not_allowed(Action::Clear, Who::System))
    );
    assert!(matches!(
        run.try_do(Actor::System, clear.clone()),
        Err(DomainError::NotDue { .. })
    ));
    run.advance(Duration::days(14));
    run.ok(Actor::System, clear.clone());
    assert_eq!(run.status(1), StatusKind::Cleared);
    assert_eq!(run.balance(Account::Pending { user: SELLER }), 0);
    assert_eq!(run.balance(Account::Available { user: SELLER }), 100_000);
    assert_eq!(
        run.try_do(Actor::System, clear),
        Err(invalid(1, StatusKind::Cleared, Action::Clear))
    );
}

#[test]
fn a_dispute_freezes_the_milestone_and_its_timers() {
    let mut run = Run::delivered(&[100_000]);
    let open = Command::OpenDispute {
        seq: 1,
        reason: note("files are empty"),
    };
    assert_eq!(
        run.try_do(user(STRANGER), open.clone()),
        Err(not_allowed(Action::OpenDispute, Who::Party))
    );
    run.ok(user(BUYER), open.clone());
    assert_eq!(run.status(1), StatusKind::Disputed);
    assert_eq!(
        run.try_do(user(SELLER), open),
        Err(invalid(1, StatusKind::Disputed, Action::OpenDispute))
    );
    run.advance(Duration::days(5));
    assert_eq!(
        run.try_do(Actor::System, Command::AutoApprove { seq: 1 }),
        Err(invalid(1, StatusKind::Disputed, Action::AutoApprove))
    );
    assert_eq!(
        run.try_do(user(BUYER), Command::Approve { seq: 1 }),
        Err(invalid(1, StatusKind::Disputed, Action::Approve))
    );
    assert_eq!(
        run.try_do(user(SELLER), Command::WithdrawDispute { seq: 1 }),
        Err(not_allowed(Action::WithdrawDispute, Who::DisputeOpener))
    );
    run.ok(user(BUYER), Command::WithdrawDispute { seq: 1 });
    // Back to delivered, with the auto-approval moved by the five days spent in dispute.
    let m = run.order.milestone(1).unwrap();
    assert!(matches!(
        m.status,
        Status::Delivered { auto_approve_at, .. } if auto_approve_at == t0() + Duration::days(3 + 5)
    ));
    assert_eq!(run.escrow(1), 100_000);
}

#[test]
fn disputes_are_opened_only_on_funded_work() {
    let mut run = Run::accepted(&[100_000]);
    assert_eq!(
        run.try_do(
            user(BUYER),
            Command::OpenDispute {
                seq: 1,
                reason: note("x")
            }
        ),
        Err(invalid(1, StatusKind::AwaitingFunding, Action::OpenDispute))
    );
}

fn disputed() -> Run {
    let mut run = Run::delivered(&[100_000]);
    run.ok(
        user(SELLER),
        Command::OpenDispute {
            seq: 1,
            reason: note("buyer does not answer"),
        },
    );
    run
}

fn resolve(resolution: Resolution) -> Command {
    Command::ResolveDispute {
        seq: 1,
        resolution,
        note: Some(note("checked the files")),
    }
}

#[test]
fn only_an_admin_who_is_not_a_party_resolves() {
    let mut run = disputed();
    for actor in [
        user(BUYER),
        user(SELLER),
        user(STRANGER),
        Actor::System,
        Actor::User {
            id: SELLER,
            admin: true,
        },
    ] {
        assert_eq!(
            run.try_do(actor, resolve(Resolution::Release)),
            Err(not_allowed(Action::ResolveDispute, Who::Admin)),
            "{actor:?}"
        );
    }
}

#[test]
fn resolution_release_pays_the_seller() {
    let mut run = disputed();
    let events = run.ok(admin(ADMIN), resolve(Resolution::Release));
    assert!(matches!(events[0], EventKind::Approved { .. }));
    assert!(matches!(events[1], EventKind::DisputeResolved { .. }));
    assert_eq!(run.status(1), StatusKind::Approved);
    assert_eq!(run.balance(Account::Pending { user: SELLER }), 100_000);
}

#[test]
fn resolution_refund_returns_everything_to_the_buyer() {
    let mut run = disputed();
    run.ok(admin(ADMIN), resolve(Resolution::Refund));
    assert_eq!(run.status(1), StatusKind::Refunded);
    // Owed back to the buyer until an admin pays it (a refund request).
    assert_eq!(run.balance(Account::Refunds { user: BUYER }), 100_000);
    assert_eq!(run.balance(Account::Buyer { user: BUYER }), -100_000);
    assert_eq!(run.escrow(1), 0);
}

#[test]
fn resolution_split_pays_each_side_its_part() {
    let mut run = disputed();
    for bad in [0, 100_000, 150_000] {
        assert_eq!(
            run.try_do(
                admin(ADMIN),
                resolve(Resolution::Split {
                    seller_share: etb(bad)
                })
            ),
            Err(DomainError::InvalidSplit),
            "{bad}"
        );
    }
    let usd = Money::from_minor(10, Currency::USD).unwrap();
    assert!(matches!(
        run.try_do(
            admin(ADMIN),
            resolve(Resolution::Split { seller_share: usd })
        ),
        Err(DomainError::CurrencyMismatch { .. })
    ));
    run.ok(
        admin(ADMIN),
        resolve(Resolution::Split {
            seller_share: etb(60_000),
        }),
    );
    assert_eq!(run.balance(Account::Pending { user: SELLER }), 60_000);
    assert_eq!(run.balance(Account::Refunds { user: BUYER }), 40_000);
    assert_eq!(run.balance(Account::Buyer { user: BUYER }), -100_000);
    let m = MilestoneMoney::from_transactions(
        MilestoneRef {
            order: run.order.id,
            seq: 1,
        },
        &run.postings,
    );
    assert!(m.is_conserved());
    run.advance(Duration::days(14));
    run.ok(Actor::System, Command::Clear { seq: 1 });
    assert_eq!(run.balance(Account::Available { user: SELLER }), 60_000);
}

#[test]
fn either_party_cancels_before_funding() {
    for (actor, status) in [(user(BUYER), 0), (user(SELLER), 1)] {
        let mut run = if status == 0 {
            Run::joined(&[100_000])
        } else {
            Run::accepted(&[100_000])
        };
        assert_eq!(
            run.try_do(user(STRANGER), Command::Cancel { seq: 1 }),
            Err(not_allowed(Action::Cancel, Who::Party))
        );
        let events = run.ok(actor, Command::Cancel { seq: 1 });
        assert_eq!(events[0], EventKind::Cancelled { refunded: None });
        assert_eq!(run.status(1), StatusKind::Cancelled);
    }
}

#[test]
fn after_funding_cancellation_needs_both_parties_and_refunds() {
    let mut run = Run::started(&[100_000]);
    assert_eq!(
        run.try_do(user(BUYER), Command::Cancel { seq: 1 }),
        Err(invalid(1, StatusKind::InProgress, Action::Cancel))
    );
    assert_eq!(
        run.try_do(
            user(SELLER),
            Command::AnswerCancellation {
                seq: 1,
                agree: true
            }
        ),
        Err(DomainError::NoCancellationRequested)
    );
    run.ok(user(BUYER), Command::RequestCancellation { seq: 1 });
    assert_eq!(
        run.try_do(user(BUYER), Command::RequestCancellation { seq: 1 }),
        Err(DomainError::CancellationPending)
    );
    assert_eq!(
        run.try_do(
            user(BUYER),
            Command::AnswerCancellation {
                seq: 1,
                agree: true
            }
        ),
        Err(not_allowed(Action::AnswerCancellation, Who::OtherParty))
    );
    run.ok(
        user(SELLER),
        Command::AnswerCancellation {
            seq: 1,
            agree: false,
        },
    );
    assert_eq!(run.status(1), StatusKind::InProgress);
    assert_eq!(run.order.milestone(1).unwrap().cancel_requested_by, None);

    run.ok(user(SELLER), Command::RequestCancellation { seq: 1 });
    let events = run.ok(
        user(BUYER),
        Command::AnswerCancellation {
            seq: 1,
            agree: true,
        },
    );
    assert_eq!(
        events[0],
        EventKind::Cancelled {
            refunded: Some(etb(100_000))
        }
    );
    assert_eq!(run.status(1), StatusKind::Refunded);
    assert_eq!(run.balance(Account::Refunds { user: BUYER }), 100_000);
}

#[test]
fn a_whole_order_is_cancelled_only_while_nothing_is_funded() {
    let mut run = Run::accepted(&[100_000, 50_000]);
    assert_eq!(
        run.try_do(user(STRANGER), Command::CancelOrder),
        Err(not_allowed(Action::CancelOrder, Who::Party))
    );
    let mut funded = Run::started(&[100_000, 50_000]);
    assert_eq!(
        funded.try_do(user(BUYER), Command::CancelOrder),
        Err(invalid(1, StatusKind::InProgress, Action::CancelOrder))
    );
    let events = run.ok(user(SELLER), Command::CancelOrder);
    assert_eq!(
        events.len(),
        3,
        "two cancellations and the order closing: {events:?}"
    );
    assert_eq!(events[2], EventKind::OrderClosed { completed: false });
    assert_eq!(run.status(1), StatusKind::Cancelled);
    assert_eq!(run.status(2), StatusKind::Cancelled);
    assert_eq!(
        run.try_do(user(BUYER), Command::CancelOrder),
        Err(DomainError::NothingToCancel)
    );
}

#[test]
fn either_party_proposes_an_add_on_milestone() {
    let mut run = Run::started(&[100_000]);
    assert_eq!(
        run.try_do(
            user(STRANGER),
            Command::Propose {
                terms: terms(5_000, 0)
            }
        ),
        Err(not_allowed(Action::Propose, Who::Party))
    );
    let mut usd = terms(5_000, 0);
    usd.amount = Money::from_minor(5_000, Currency::USD).unwrap();
    assert!(matches!(
        run.try_do(user(SELLER), Command::Propose { terms: usd }),
        Err(DomainError::CurrencyMismatch { .. })
    ));
    run.ok(
        user(SELLER),
        Command::Propose {
            terms: terms(5_000, 0),
        },
    );
    assert_eq!(run.order.milestone(2).unwrap().proposed_by, Role::Seller);
    assert_eq!(
        run.try_do(user(SELLER), Command::Accept { seq: 2 }),
        Err(not_allowed(Action::Accept, Who::Counterparty))
    );
    run.ok(user(BUYER), Command::Accept { seq: 2 });
    assert_eq!(run.status(2), StatusKind::AwaitingFunding);
}

#[test]
fn an_order_holds_at_most_twenty_milestones() {
    let mut run = Run::joined(&[1_000; 20]);
    assert_eq!(
        run.try_do(
            user(BUYER),
            Command::Propose {
                terms: terms(1_000, 0)
            }
        ),
        Err(DomainError::TooManyMilestones { max: 20 })
    );
}

#[test]
fn terminal_milestones_refuse_everything() {
    let mut run = Run::delivered(&[100_000]);
    run.ok(user(BUYER), Command::Approve { seq: 1 });
    run.advance(Duration::days(14));
    run.ok(Actor::System, Command::Clear { seq: 1 });
    let delivery = Delivery::new(Some("more"), vec![]).unwrap();
    let commands = vec![
        (user(SELLER), Command::Accept { seq: 1 }),
        (
            user(BUYER),
            Command::Fund {
                seq: 1,
                payment: telegram_payment(),
            },
        ),
        (user(SELLER), Command::Deliver { seq: 1, delivery }),
        (user(BUYER), Command::Approve { seq: 1 }),
        (
            user(BUYER),
            Command::OpenDispute {
                seq: 1,
                reason: note("late"),
            },
        ),
        (user(BUYER), Command::Cancel { seq: 1 }),
        (user(BUYER), Command::RequestCancellation { seq: 1 }),
        (Actor::System, Command::Clear { seq: 1 }),
    ];
    for (actor, command) in commands {
        let label = format!("{command:?}");
        assert!(run.try_do(actor, command).is_err(), "{label}");
        assert_eq!(run.status(1), StatusKind::Cleared);
    }
}

#[test]
fn events_and_statuses_serialize_for_the_store() {
    let run = disputed();
    let status = &run.order.milestone(1).unwrap().status;
    let json = serde_json::to_string(status).unwrap();
    assert_eq!(&serde_json::from_str::<Status>(&json).unwrap(), status);
    for event in &run.events {
        let json = serde_json::to_string(event).unwrap();
        assert_eq!(&serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}

#[test]
fn reviews_come_once_per_party_after_completion() {
    let stars = Stars::new(5).unwrap();
    assert!(Stars::new(0).is_err() && Stars::new(6).is_err());
    let mut run = Run::delivered(&[100_000]);
    assert_eq!(
        run.order.review(BUYER, stars, None, None, run.now),
        Err(DomainError::NotCompleted)
    );
    run.ok(user(BUYER), Command::Approve { seq: 1 });
    assert_eq!(
        run.order.review(STRANGER, stars, None, None, run.now),
        Err(not_allowed(Action::Review, Who::Party))
    );
    let review = run
        .order
        .review(BUYER, stars, Some(note("on time")), None, run.now)
        .unwrap();
    assert_eq!((review.about, review.role), (SELLER, Role::Buyer));
    assert_eq!(
        run.order.review(BUYER, stars, None, Some(&review), run.now),
        Err(DomainError::AlreadyReviewed)
    );
    let back = run
        .order
        .review(SELLER, Stars::new(4).unwrap(), None, None, run.now)
        .unwrap();
    assert_eq!(back.about, BUYER);
}

#[test]
fn a_cancelled_order_is_not_reviewed() {
    let mut run = Run::accepted(&[100_000]);
    run.ok(user(BUYER), Command::CancelOrder);
    assert_eq!(
        run.order
            .review(BUYER, Stars::new(1).unwrap(), None, None, run.now),
        Err(DomainError::NotCompleted)
    );
}

#[test]
fn past_the_included_revisions_the_seller_may_grant_one_more() {
    let mut run = Run::delivered(&[100_000]);
    let ask = Command::AskExtraRevision { seq: 1 };
    assert_eq!(
        run.try_do(user(BUYER), ask.clone()),
        Err(invalid(1, StatusKind::Delivered, Action::AskExtraRevision)),
        "one revision is still included"
    );
    run.ok(
        user(BUYER),
        Command::RequestRevision {
            seq: 1,
            feedback: note("darker"),
        },
    );
    run.deliver(1);
    assert_eq!(
        run.try_do(user(SELLER), ask.clone()),
        Err(not_allowed(Action::AskExtraRevision, Who::Buyer))
    );
    assert_eq!(
        run.ok(user(BUYER), ask),
        vec![EventKind::ExtraRevisionAsked]
    );
    assert_eq!(
        run.try_do(user(BUYER), Command::GrantRevision { seq: 1 }),
        Err(not_allowed(Action::GrantRevision, Who::Seller))
    );
    let events = run.ok(user(SELLER), Command::GrantRevision { seq: 1 });
    assert_eq!(events, vec![EventKind::RevisionGranted { included: 2 }]);
    run.ok(
        user(BUYER),
        Command::RequestRevision {
            seq: 1,
            feedback: note("bigger"),
        },
    );
    assert_eq!(
        run.order.milestone(1).unwrap().terms.amount,
        etb(100_000),
        "the price stays"
    );
}

#[test]
fn a_frozen_order_moves_nothing_until_an_admin_unfreezes_it() {
    let mut run = Run::delivered(&[100_000]);
    let freeze = || Command::Freeze {
        reason: note("reported as fraud"),
    };
    for (actor, who) in [
        (user(BUYER), Who::Admin),
        (
            Actor::User {
                id: BUYER,
                admin: true,
            },
            Who::Admin,
        ),
    ] {
        assert_eq!(
            run.try_do(actor, freeze()),
            Err(not_allowed(Action::Freeze, who))
        );
    }
    let events = run.ok(admin(ADMIN), freeze());
    assert_eq!(
        events,
        [EventKind::Frozen {
            reason: note("reported as fraud")
        }]
    );
    assert_eq!(run.order.frozen.as_ref().map(|f| f.by), Some(ADMIN));
    assert_eq!(run.try_do(admin(ADMIN), freeze()), Err(DomainError::Frozen));
    // Nobody moves money or the milestone, not even the timers.
    run.advance(Duration::days(30));
    let postings = run.postings.len();
    for (actor, command) in [
        (user(BUYER), Command::Approve { seq: 1 }),
        (Actor::System, Command::AutoApprove { seq: 1 }),
        (
            user(BUYER),
            Command::OpenDispute {
                seq: 1,
                reason: note("late"),
            },
        ),
        (
            user(SELLER),
            Command::Chat {
                note: Some(note("hi")),
                attachments: vec![],
            },
        ),
    ] {
        let action = command.action();
        assert_eq!(run.try_do(actor, command), Err(DomainError::Frozen));
        assert_eq!(
            run.order.check(action, 1, &run.ctx(actor)),
            Err(DomainError::Frozen)
        );
    }
    assert_eq!(
        (run.status(1), run.postings.len()),
        (StatusKind::Delivered, postings)
    );
    // A ban of a party is still written into the history.
    let ban = Command::RecordBan {
        user: SELLER,
        reason: Some(note("fraud")),
    };
    run.ok(admin(ADMIN), ban);
    let stranger = Command::RecordBan {
        user: STRANGER,
        reason: None,
    };
    assert_eq!(
        run.try_do(admin(ADMIN), stranger),
        Err(not_allowed(Action::RecordBan, Who::Party))
    );

    assert_eq!(
        run.try_do(user(SELLER), Command::Unfreeze),
        Err(not_allowed(Action::Unfreeze, Who::Admin))
    );
    assert_eq!(
        run.ok(admin(ADMIN), Command::Unfreeze),
        [EventKind::Unfrozen]
    );
    assert_eq!(
        run.try_do(admin(ADMIN), Command::Unfreeze),
        Err(DomainError::NotFrozen)
    );
    run.ok(Actor::System, Command::AutoApprove { seq: 1 });
    assert_eq!(run.status(1), StatusKind::Approved);
}
