//! Withdrawals against the available balance, and the clearing period of a payout method.

mod support;

use chrono::Duration;
use dereja_domain::*;
use support::*;

fn available(minor: i64) -> Money {
    etb(minor)
}

fn request(amount: i64, balance: i64) -> Result<(Withdrawal, Transaction), DomainError> {
    Withdrawal::request(
        WithdrawalId(1),
        (WithdrawalKind::Earnings, SELLER),
        etb(amount),
        available(balance),
        note("TeleBirr 0911 234 567"),
        t0(),
    )
}

fn balances(txs: &[&Transaction]) -> (i64, i64, i64) {
    let mut ledger = Ledger::default();
    for t in txs {
        ledger.post(t);
    }
    let minor = |a| decimal_to_minor(ledger.balance(a, Currency::ETB), Currency::ETB).unwrap();
    (
        minor(Account::Available { user: SELLER }),
        minor(Account::Withdrawing { user: SELLER }),
        minor(Account::PaidOut { user: SELLER }),
    )
}

#[test]
fn a_request_sets_money_aside_and_never_exceeds_the_balance() {
    assert_eq!(
        request(100_001, 100_000).unwrap_err(),
        DomainError::InsufficientBalance {
            available: etb(100_000)
        }
    );
    let (w, hold) = request(60_000, 100_000).unwrap();
    assert_eq!(w.status, WithdrawalStatus::Requested);
    assert_eq!(balances(&[&hold]), (-60_000, 60_000, 0));
}

#[test]
fn an_admin_pays_or_rejects_once() {
    let (w, hold) = request(60_000, 100_000).unwrap();
    // The seller cannot confirm their own, nor can a plain user.
    for actor in [admin(SELLER), user(ADMIN), Actor::System] {
        assert!(matches!(
            w.confirm(actor, note("FT123"), t0()),
            Err(DomainError::NotAllowed { .. })
        ));
    }
    let (paid, payout) = w.confirm(admin(ADMIN), note("FT123"), t0()).unwrap();
    assert!(matches!(paid.status, WithdrawalStatus::Paid { by, .. } if by == ADMIN));
    assert_eq!(balances(&[&hold, &payout]), (-60_000, 0, 60_000));
    assert_eq!(
        paid.reject(admin(ADMIN), note("too late"), t0())
            .unwrap_err(),
        DomainError::AlreadyDecided
    );

    let (rejected, back) = w.reject(admin(ADMIN), note("wrong number"), t0()).unwrap();
    assert!(matches!(rejected.status, WithdrawalStatus::Rejected { .. }));
    assert_eq!(balances(&[&hold, &back]), (0, 0, 0));
}

#[test]
fn the_clearing_period_is_the_sellers_payout_method() {
    let methods = [
        PayoutMethod {
            code: "telebirr".into(),
            clearing_days: 0,
        },
        PayoutMethod {
            code: "bank".into(),
            clearing_days: 14,
        },
    ];
    let default = Duration::days(7);
    assert_eq!(
        clearing_period(&methods, Some("telebirr"), default),
        Duration::zero()
    );
    assert_eq!(
        clearing_period(&methods, Some("bank"), default),
        Duration::days(14)
    );
    assert_eq!(clearing_period(&methods, Some("gone"), default), default);
    assert_eq!(clearing_period(&methods, None, default), default);
}

/// A refund is paid out of what is owed back to the buyer, and paying it brings the buyer's account back; a
/// rejected one is owed again.
#[test]
fn a_refund_is_paid_from_what_is_owed_back() {
    let owed = Transaction::transfer(
        PostingKind::Refund,
        None,
        Account::Escrow {
            milestone: MilestoneRef {
                order: OrderId(1),
                seq: 1,
            },
        },
        Account::Refunds { user: BUYER },
        etb(100_000),
    )
    .unwrap();
    let ask = |balance| {
        Withdrawal::request(
            WithdrawalId(2),
            (WithdrawalKind::Refund, BUYER),
            etb(100_000),
            etb(balance),
            note("TeleBirr 0922"),
            t0(),
        )
    };
    assert!(ask(99_999).is_err());
    let (refund, hold) = ask(100_000).unwrap();
    let (paid, payout) = refund.confirm(admin(ADMIN), note("TB-1"), t0()).unwrap();
    assert!(matches!(paid.status, WithdrawalStatus::Paid { .. }));
    let mut ledger = Ledger::default();
    for t in [&owed, &hold, &payout] {
        ledger.post(t);
    }
    let minor = |a| decimal_to_minor(ledger.balance(a, Currency::ETB), Currency::ETB).unwrap();
    assert_eq!(minor(Account::Refunds { user: BUYER }), 0);
    assert_eq!(minor(Account::RefundPaying { user: BUYER }), 0);
    assert_eq!(minor(Account::Buyer { user: BUYER }), 100_000);
    let (_, back) = refund
        .reject(admin(ADMIN), note("wrong number"), t0())
        .unwrap();
    let mut ledger = Ledger::default();
    for t in [&owed, &hold, &back] {
        ledger.post(t);
    }
    let owed_again = ledger.balance(Account::Refunds { user: BUYER }, Currency::ETB);
    assert_eq!(decimal_to_minor(owed_again, Currency::ETB), Some(100_000));
}
