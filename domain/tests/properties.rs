//! Random sequences of commands from random actors; after every step the money and lifecycle invariants hold.

mod support;

use chrono::Duration;
use dereja_domain::*;
use proptest::prelude::*;
use std::collections::HashMap;
use support::*;

#[derive(Debug, Clone)]
enum Step {
    Join,
    Propose(i64),
    Revise(u16, i64),
    Accept(u16),
    Decline(u16),
    RequestChanges(u16),
    Fund(u16),
    ReportPayment(u16),
    ConfirmPayment(u16),
    RejectPayment(u16),
    Deliver(u16),
    RequestRevision(u16),
    Approve(u16),
    AutoApprove(u16),
    Clear(u16),
    OpenDispute(u16),
    WithdrawDispute(u16),
    Resolve(u16, u8, i64),
    Cancel(u16),
    RequestCancellation(u16),
    AnswerCancellation(u16, bool),
    CancelOrder,
    AskExtraRevision(u16),
    GrantRevision(u16),
    TickItem(u16, u8),
    PostProgress(u16),
    Chat,
    /// The seller asks to withdraw this many minor units; an admin pays or rejects the n-th request.
    Withdraw(i64),
    /// The buyer asks for what is owed back to them.
    Refund,
    PayOut(usize),
    RejectPayOut(usize),
    Freeze,
    Unfreeze,
}

fn step() -> impl Strategy<Value = Step> {
    let seq = 1u16..=5;
    let amount = 1i64..=5_000_000;
    prop_oneof![
        Just(Step::Join),
        amount.clone().prop_map(Step::Propose),
        (seq.clone(), amount.clone()).prop_map(|(s, a)| Step::Revise(s, a)),
        seq.clone().prop_map(Step::Accept),
        seq.clone().prop_map(Step::Decline),
        seq.clone().prop_map(Step::RequestChanges),
        seq.clone().prop_map(Step::Fund),
        seq.clone().prop_map(Step::ReportPayment),
        seq.clone().prop_map(Step::ConfirmPayment),
        seq.clone().prop_map(Step::RejectPayment),
        seq.clone().prop_map(Step::Deliver),
        seq.clone().prop_map(Step::RequestRevision),
        seq.clone().prop_map(Step::Approve),
        seq.clone().prop_map(Step::AutoApprove),
        seq.clone().prop_map(Step::Clear),
        seq.clone().prop_map(Step::OpenDispute),
        seq.clone().prop_map(Step::WithdrawDispute),
        (seq.clone(), 0u8..3, amount.clone()).prop_map(|(s, k, a)| Step::Resolve(s, k, a)),
        amount.prop_map(Step::Withdraw),
        Just(Step::Refund),
        (0usize..8).prop_map(Step::PayOut),
        (0usize..8).prop_map(Step::RejectPayOut),
        seq.clone().prop_map(Step::Cancel),
        seq.clone().prop_map(Step::RequestCancellation),
        (seq, any::<bool>()).prop_map(|(s, a)| Step::AnswerCancellation(s, a)),
        Just(Step::CancelOrder),
        (1u16..=5).prop_map(Step::AskExtraRevision),
        (1u16..=5).prop_map(Step::GrantRevision),
        (1u16..=5, 0u8..4).prop_map(|(s, i)| Step::TickItem(s, i)),
        (1u16..=5).prop_map(Step::PostProgress),
        Just(Step::Chat),
        Just(Step::Freeze),
        Just(Step::Unfreeze),
    ]
}

fn command(step: Step) -> Command {
    match step {
        Step::Join => Command::Join { invitation: None },
        Step::Propose(a) => Command::Propose { terms: terms(a, 1) },
        Step::Revise(seq, a) => Command::Revise {
            seq,
            terms: terms(a, 2),
        },
        Step::Accept(seq) => Command::Accept { seq },
        Step::Decline(seq) => Command::Decline { seq, reason: None },
        Step::RequestChanges(seq) => Command::RequestChanges {
            seq,
            note: note("cheaper"),
        },
        Step::Fund(seq) => Command::Fund {
            seq,
            payment: telegram_payment(),
        },
        Step::ReportPayment(seq) => Command::ReportPayment {
            seq,
            reference: note("TX1"),
        },
        Step::ConfirmPayment(seq) => Command::ConfirmPayment { seq },
        Step::RejectPayment(seq) => Command::RejectPayment {
            seq,
            reason: note("none"),
        },
        Step::Deliver(seq) => Command::Deliver {
            seq,
            delivery: Delivery::new(Some("here"), vec![]).unwrap(),
        },
        Step::RequestRevision(seq) => Command::RequestRevision {
            seq,
            feedback: note("again"),
        },
        Step::Approve(seq) => Command::Approve { seq },
        Step::AutoApprove(seq) => Command::AutoApprove { seq },
        Step::Clear(seq) => Command::Clear { seq },
        Step::OpenDispute(seq) => Command::OpenDispute {
            seq,
            reason: note("late"),
        },
        Step::WithdrawDispute(seq) => Command::WithdrawDispute { seq },
        Step::Resolve(seq, kind, a) => Command::ResolveDispute {
            seq,
            resolution: match kind {
                0 => Resolution::Release,
                1 => Resolution::Refund,
                _ => Resolution::Split {
                    seller_share: etb(a),
                },
            },
            note: None,
        },
        Step::Cancel(seq) => Command::Cancel { seq },
        Step::RequestCancellation(seq) => Command::RequestCancellation { seq },
        Step::AnswerCancellation(seq, agree) => Command::AnswerCancellation { seq, agree },
        Step::CancelOrder => Command::CancelOrder,
        Step::AskExtraRevision(seq) => Command::AskExtraRevision { seq },
        Step::GrantRevision(seq) => Command::GrantRevision { seq },
        Step::TickItem(seq, item) => Command::TickItem { seq, item },
        Step::PostProgress(seq) => Command::PostProgress {
            seq,
            note: note("halfway"),
        },
        Step::Chat => Command::Chat {
            note: Some(note("call me on 0911234567")),
            attachments: Vec::new(),
        },
        Step::Freeze => Command::Freeze {
            reason: note("looking into it"),
        },
        Step::Unfreeze => Command::Unfreeze,
        // Withdrawals are not order commands: `apply` handles them.
        Step::Withdraw(_) | Step::Refund | Step::PayOut(_) | Step::RejectPayOut(_) => {
            Command::CancelOrder
        }
    }
}

/// Runs a step: withdrawals against the seller's balance, everything else as an order command.
fn apply(run: &mut Run, seen: &mut Seen, actor: Actor, step: Step) {
    let Some(seller) = run.order.seller else {
        let _ = run.try_do(actor, command(step));
        return;
    };
    let post = |run: &mut Run, tx: Transaction| {
        run.ledger.post(&tx);
        run.postings.push(tx);
    };
    match step {
        Step::Withdraw(minor) => {
            let available = run.balance(Account::Available { user: seller });
            let available = Money::from_minor(available, Currency::ETB).unwrap();
            let Ok(amount) = Money::from_minor(minor, Currency::ETB) else {
                return;
            };
            let id = WithdrawalId(seen.withdrawals.len() as i64 + 1);
            let to = Note::new("TeleBirr 0911").unwrap();
            let asked = (WithdrawalKind::Earnings, seller);
            if let Ok((w, tx)) = Withdrawal::request(id, asked, amount, available, to, run.now) {
                post(run, tx);
                seen.withdrawals.push(w);
            }
        }
        Step::Refund => {
            let owed = run.balance(Account::Refunds { user: BUYER });
            let owed = Money::from_minor(owed, Currency::ETB).unwrap();
            let id = WithdrawalId(seen.withdrawals.len() as i64 + 1);
            let to = Note::new("CBE 1000").unwrap();
            let asked = (WithdrawalKind::Refund, BUYER);
            if let Ok((w, tx)) = Withdrawal::request(id, asked, owed, owed, to, run.now) {
                post(run, tx);
                seen.withdrawals.push(w);
            }
        }
        Step::PayOut(n) | Step::RejectPayOut(n) if !seen.withdrawals.is_empty() => {
            let i = n % seen.withdrawals.len();
            let w = &seen.withdrawals[i];
            let note = Note::new("ref").unwrap();
            let decided = match step {
                Step::PayOut(_) => w.confirm(actor, note, run.now),
                _ => w.reject(actor, note, run.now),
            };
            if let Ok((next, tx)) = decided {
                post(run, tx);
                seen.withdrawals[i] = next;
            }
        }
        Step::PayOut(_) | Step::RejectPayOut(_) => {}
        other => {
            let command = command(other);
            check_agrees_with_handle(run, actor, &command);
            let frozen = run.order.frozen.is_some();
            let before = (run.order.milestones.clone(), run.postings.len());
            let thawing = matches!(command, Command::Unfreeze);
            let _ = run.try_do(actor, command);
            if frozen && !thawing {
                let after = (run.order.milestones.clone(), run.postings.len());
                assert_eq!(after, before, "a frozen order changed");
            }
        }
    }
}

/// `Order::check` (asked by buttons before they collect text) says yes to every command `handle` accepts, and a
/// refusal from `check` is exactly the refusal `handle` gives.
fn check_agrees_with_handle(run: &Run, actor: Actor, command: &Command) {
    let ctx = run.ctx(actor);
    let seq = command.seq().unwrap_or(0);
    let checked = run.order.check(command.action(), seq, &ctx);
    let handled = run.order.handle(command.clone(), &ctx);
    if let Err(refused) = checked {
        assert_eq!(handled.err(), Some(refused), "{command:?} by {actor:?}");
    }
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        3 => Just(user(BUYER)),
        3 => Just(user(SELLER)),
        1 => Just(admin(ADMIN)),
        1 => Just(Actor::User { id: BUYER, admin: true }),
        1 => Just(user(STRANGER)),
        2 => Just(Actor::System),
    ]
}

/// Checks every invariant of the current state; `seen` remembers what must not change.
fn check(run: &Run, seen: &mut Seen) -> Result<(), TestCaseError> {
    prop_assert!(
        run.ledger.total(Currency::ETB).is_zero(),
        "ledger does not balance"
    );
    for tx in &run.postings {
        let sum: rust_decimal::Decimal = tx.entries().iter().map(|e| e.amount).sum();
        prop_assert!(sum.is_zero(), "unbalanced posting {tx:?}");
    }
    let active = run
        .order
        .milestones
        .iter()
        .filter(|m| m.status.is_active())
        .count();
    prop_assert!(active <= 1, "{active} active milestones");

    let mut pending = 0i64;
    let mut available = 0i64;
    for m in &run.order.milestones {
        let mref = MilestoneRef {
            order: run.order.id,
            seq: m.seq,
        };
        let money = MilestoneMoney::from_transactions(mref, &run.postings);
        prop_assert!(money.is_conserved(), "milestone {} money {money:?}", m.seq);
        let kind = m.status.kind();
        let expected_escrow = if kind.holds_funds() {
            m.terms.amount.to_minor()
        } else {
            0
        };
        prop_assert_eq!(
            run.escrow(m.seq),
            expected_escrow,
            "escrow of {} in {:?}",
            m.seq,
            kind
        );
        match &m.status {
            Status::Approved { released, .. } => pending += released.to_minor(),
            Status::Cleared { released, .. } => available += released.to_minor(),
            _ => {}
        }
        if let Some(previous) = seen.terminal.get(&m.seq) {
            prop_assert_eq!(previous, m, "a terminal milestone changed");
        } else if kind.is_terminal() {
            seen.terminal.insert(m.seq, m.clone());
        }
        if let Some(amount) = seen.funded_amount.get(&m.seq) {
            prop_assert_eq!(*amount, m.terms.amount, "amount changed after funding");
        } else if kind.holds_funds() {
            seen.funded_amount.insert(m.seq, m.terms.amount);
        }
    }
    if let Some(seller) = run.order.seller {
        prop_assert_eq!(run.balance(Account::Pending { user: seller }), pending);
        // Cleared money is available, set aside for an open request, or paid out; never below zero.
        let (open, paid) = seen.requests(WithdrawalKind::Earnings);
        prop_assert_eq!(run.balance(Account::Withdrawing { user: seller }), open);
        prop_assert_eq!(run.balance(Account::PaidOut { user: seller }), paid);
        let left = run.balance(Account::Available { user: seller });
        prop_assert_eq!(left, available - open - paid);
        prop_assert!(left >= 0, "available went below zero: {left}");
    }
    check_refunds(run, seen)?;
    Ok(())
}

/// What is owed back to the buyer is owed, set aside for a request, or paid back; and never is more paid out of
/// the books (to sellers and back to buyers) than was funded.
fn check_refunds(run: &Run, seen: &Seen) -> Result<(), TestCaseError> {
    let (open, paid_back) = seen.requests(WithdrawalKind::Refund);
    prop_assert_eq!(run.balance(Account::RefundPaying { user: BUYER }), open);
    let owed = run.balance(Account::Refunds { user: BUYER });
    prop_assert!(owed >= 0, "owed back went below zero: {owed}");
    let mut funded = 0i64;
    let mut refunded = 0i64;
    for m in &run.order.milestones {
        let mref = MilestoneRef {
            order: run.order.id,
            seq: m.seq,
        };
        let money = MilestoneMoney::from_transactions(mref, &run.postings);
        funded += decimal_to_minor(money.funded, Currency::ETB).unwrap();
        refunded += decimal_to_minor(money.refunded, Currency::ETB).unwrap();
    }
    prop_assert_eq!(owed, refunded - open - paid_back);
    let paid_to_sellers = run
        .order
        .seller
        .map_or(0, |s| run.balance(Account::PaidOut { user: s }));
    prop_assert!(
        paid_to_sellers + paid_back <= funded,
        "paid out {paid_to_sellers} + {paid_back} of {funded} funded"
    );
    Ok(())
}

#[derive(Default)]
struct Seen {
    terminal: HashMap<u16, Milestone>,
    funded_amount: HashMap<u16, Money>,
    withdrawals: Vec<Withdrawal>,
}

impl Seen {
    /// The requests of one kind still open, and those paid, in minor units.
    fn requests(&self, kind: WithdrawalKind) -> (i64, i64) {
        let sum = |paid: bool| -> i64 {
            self.withdrawals
                .iter()
                .filter(|w| w.kind == kind)
                .filter(|w| match w.status {
                    WithdrawalStatus::Requested => !paid,
                    WithdrawalStatus::Paid { .. } => paid,
                    WithdrawalStatus::Rejected { .. } => false,
                })
                .map(|w| w.amount.to_minor())
                .sum()
        };
        (sum(false), sum(true))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_under_random_commands(
        amounts in prop::collection::vec(1i64..=5_000_000, 1..=4),
        steps in prop::collection::vec((actor(), step(), 0i64..=6), 1..=80),
    ) {
        let mut run = Run::opened(&amounts);
        let mut seen = Seen::default();
        check(&run, &mut seen)?;
        for (actor, step, days) in steps {
            run.advance(Duration::days(days));
            apply(&mut run, &mut seen, actor, step);
            check(&run, &mut seen)?;
        }
    }

    /// The same property with the steps biased towards the happy path, so deep states are reached often.
    #[test]
    fn invariants_hold_on_mostly_legal_paths(
        amounts in prop::collection::vec(1i64..=5_000_000, 1..=4),
        steps in prop::collection::vec((step(), 0i64..=15), 1..=120),
    ) {
        let mut run = Run::accepted(&amounts);
        let mut seen = Seen::default();
        for (step, days) in steps {
            run.advance(Duration::days(days));
            // The actor each step is meant for, so most commands succeed.
            let actor = match step {
                Step::Fund(_) | Step::ReportPayment(_) | Step::RequestRevision(_) | Step::Approve(_) => user(BUYER),
                Step::Deliver(_) | Step::Accept(_) | Step::Decline(_) | Step::RequestChanges(_) => user(SELLER),
                Step::ConfirmPayment(_) | Step::RejectPayment(_) | Step::Resolve(..)
                | Step::PayOut(_) | Step::RejectPayOut(_) => admin(ADMIN),
                Step::AutoApprove(_) | Step::Clear(_) => Actor::System,
                Step::AnswerCancellation(..) => user(SELLER),
                _ => user(BUYER),
            };
            apply(&mut run, &mut seen, actor, step);
            check(&run, &mut seen)?;
        }
    }
}
