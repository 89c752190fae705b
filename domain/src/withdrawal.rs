//! A seller taking cleared money out: requested against the available balance, then paid or rejected by an
//! admin. The money is set aside at the request, so two requests can never take more than the balance.

use crate::command::{Actor, PaymentRef};
use crate::error::{Action, DomainError, Who};
use crate::ids::MilestoneRef;
use crate::ids::UserId;
use crate::ledger::{Account, PostingKind, Transaction};
use crate::money::Money;
use crate::terms::Note;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A payout method the operator offers (TeleBirr, CBE, a bank) and how long approved money stays pending
/// before it can be withdrawn with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutMethod {
    pub code: String,
    pub clearing_days: u32,
}

/// An admin's decision on a withdrawal request. Stored as `true` (paid) or `false`, as it always was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "bool", into = "bool")]
pub enum WithdrawalDecision {
    /// Paid out, with the transfer's reference.
    Paid,
    /// Refused, with the reason; the money returns to the seller's balance.
    Rejected,
}

impl From<bool> for WithdrawalDecision {
    fn from(paid: bool) -> WithdrawalDecision {
        if paid {
            WithdrawalDecision::Paid
        } else {
            WithdrawalDecision::Rejected
        }
    }
}

impl From<WithdrawalDecision> for bool {
    fn from(decision: WithdrawalDecision) -> bool {
        decision == WithdrawalDecision::Paid
    }
}

/// Where a seller is paid: a payout method's code and their account there (a phone number, an account number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutAccount {
    pub method: String,
    pub account: String,
}

impl PayoutAccount {
    /// How a withdrawal's destination reads: `telebirr: 0911...`.
    pub fn destination(&self) -> String {
        format!("{}: {}", self.method, self.account)
    }

    /// The method and account back out of a stored destination, so each reader sees the method's name in their
    /// language; `None` for a destination not written by [`PayoutAccount::destination`].
    pub fn from_destination(destination: &str) -> Option<PayoutAccount> {
        let (method, account) = destination.split_once(": ")?;
        let code = !method.is_empty()
            && method
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        code.then(|| PayoutAccount {
            method: method.to_string(),
            account: account.to_string(),
        })
    }
}

/// The clearing period for a seller: their payout method's at the moment of approval, or the default when they
/// have none (or one the operator no longer offers).
pub fn clearing_period(
    methods: &[PayoutMethod],
    seller_method: Option<&str>,
    default: Duration,
) -> Duration {
    seller_method
        .and_then(|code| methods.iter().find(|m| m.code == code))
        .map_or(default, |m| Duration::days(i64::from(m.clearing_days)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WithdrawalId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WithdrawalStatus {
    Requested,
    Paid {
        reference: Note,
        by: UserId,
        at: DateTime<Utc>,
    },
    Rejected {
        reason: Note,
        by: UserId,
        at: DateTime<Utc>,
    },
}

/// What is paid out: a seller's earnings, or money owed back to a buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalKind {
    Earnings,
    Refund,
}

impl WithdrawalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalKind::Earnings => "earnings",
            WithdrawalKind::Refund => "refund",
        }
    }

    pub fn parse(name: &str) -> Option<WithdrawalKind> {
        [WithdrawalKind::Earnings, WithdrawalKind::Refund]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    /// Where the money is taken from, where it waits for the admin, and where it goes once paid.
    fn accounts(self, user: UserId) -> (Account, Account, Account) {
        match self {
            WithdrawalKind::Earnings => (
                Account::Available { user },
                Account::Withdrawing { user },
                Account::PaidOut { user },
            ),
            WithdrawalKind::Refund => (
                Account::Refunds { user },
                Account::RefundPaying { user },
                Account::Buyer { user },
            ),
        }
    }
}

/// A request to pay money out of the books: a seller's withdrawal or a buyer's refund. An admin pays it (with the
/// transfer's reference) or rejects it (with a reason: the money is owed again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub id: WithdrawalId,
    pub kind: WithdrawalKind,
    pub user: UserId,
    pub amount: Money,
    /// Where the money goes, as the seller set it (`TeleBirr 0911 234 567`).
    pub destination: Note,
    pub requested_at: DateTime<Utc>,
    pub status: WithdrawalStatus,
}

impl Withdrawal {
    /// A request for `amount` out of `available` (the balance of `kind`'s account in that currency); the money is
    /// set aside at once.
    pub fn request(
        id: WithdrawalId,
        (kind, user): (WithdrawalKind, UserId),
        amount: Money,
        available: Money,
        destination: Note,
        now: DateTime<Utc>,
    ) -> Result<(Withdrawal, Transaction), DomainError> {
        if amount.currency() != available.currency() {
            return Err(DomainError::Money(
                crate::money::MoneyError::CurrencyMismatch {
                    expected: available.currency(),
                    got: amount.currency(),
                },
            ));
        }
        if amount.is_zero() || amount.amount() > available.amount() {
            return Err(DomainError::InsufficientBalance { available });
        }
        let (source, holding, _) = kind.accounts(user);
        let hold = Transaction::transfer(PostingKind::Withdrawal, None, source, holding, amount)
            .expect("a positive amount between two accounts balances");
        let withdrawal = Withdrawal {
            id,
            kind,
            user,
            amount,
            destination,
            requested_at: now,
            status: WithdrawalStatus::Requested,
        };
        Ok((withdrawal, hold))
    }

    fn decide(&self, actor: Actor, action: Action) -> Result<UserId, DomainError> {
        let admin = match actor {
            Actor::User { id, admin: true } if id != self.user => id,
            _ => {
                return Err(DomainError::NotAllowed {
                    action,
                    who: Who::Admin,
                });
            }
        };
        if self.status != WithdrawalStatus::Requested {
            return Err(DomainError::AlreadyDecided);
        }
        Ok(admin)
    }

    /// An admin paid it out (with the transfer's reference): the money leaves the books.
    pub fn confirm(
        &self,
        actor: Actor,
        reference: Note,
        now: DateTime<Utc>,
    ) -> Result<(Withdrawal, Transaction), DomainError> {
        let by = self.decide(actor, Action::ConfirmWithdrawal)?;
        let (_, holding, sink) = self.kind.accounts(self.user);
        let paid = Transaction::transfer(PostingKind::Payout, None, holding, sink, self.amount)
            .expect("a positive amount between two accounts balances");
        let mut next = self.clone();
        next.status = WithdrawalStatus::Paid {
            reference,
            by,
            at: now,
        };
        Ok((next, paid))
    }

    /// An admin refused it (with a reason): the money returns where it came from (available, or owed back).
    pub fn reject(
        &self,
        actor: Actor,
        reason: Note,
        now: DateTime<Utc>,
    ) -> Result<(Withdrawal, Transaction), DomainError> {
        let by = self.decide(actor, Action::RejectWithdrawal)?;
        let (source, holding, _) = self.kind.accounts(self.user);
        let back = Transaction::transfer(
            PostingKind::WithdrawalReturned,
            None,
            holding,
            source,
            self.amount,
        )
        .expect("a positive amount between two accounts balances");
        let mut next = self.clone();
        next.status = WithdrawalStatus::Rejected {
            reason,
            by,
            at: now,
        };
        Ok((next, back))
    }
}

/// A seller's cleared milestone, as the admin paying a withdrawal sees it: what it released and how the buyer paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearedMilestone {
    pub milestone: MilestoneRef,
    pub released: Money,
    pub funding: PaymentRef,
}

/// The cleared milestones a withdrawal of `amount` draws on, oldest money first: `earlier` is what earlier
/// withdrawals (paid or open) already took. A milestone split between two withdrawals appears in both with the
/// part each takes.
pub fn contributing(
    cleared: &[ClearedMilestone],
    earlier: Money,
    amount: Money,
) -> Vec<ClearedMilestone> {
    let mut skip = earlier.amount();
    let mut left = amount.amount();
    let mut out = Vec::new();
    for c in cleared {
        if left <= Decimal::ZERO {
            break;
        }
        let mut here = c.released.amount();
        let skipped = skip.min(here);
        skip -= skipped;
        here -= skipped;
        let part = here.min(left);
        if part > Decimal::ZERO {
            left -= part;
            let released = Money::new(part, c.released.currency()).unwrap_or(c.released);
            out.push(ClearedMilestone {
                released,
                ..c.clone()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::OrderId;

    #[test]
    fn a_destination_reads_back_as_its_method_and_account() {
        let payout = PayoutAccount {
            method: "telebirr".into(),
            account: "0911 223344: Abebe".into(),
        };
        assert_eq!(
            PayoutAccount::from_destination(&payout.destination()),
            Some(payout)
        );
        assert_eq!(PayoutAccount::from_destination("written by hand"), None);
        assert_eq!(PayoutAccount::from_destination("ቴሌብር: 0911"), None);
    }

    fn cleared(seq: u16, minor: i64) -> ClearedMilestone {
        ClearedMilestone {
            milestone: MilestoneRef {
                order: OrderId(1),
                seq,
            },
            released: Money::from_minor(minor, crate::money::Currency::ETB).unwrap(),
            funding: PaymentRef::Telegram {
                charge_id: format!("c{seq}"),
                provider_charge_id: String::new(),
            },
        }
    }

    /// Oldest money first, after what earlier withdrawals took; a milestone may be shared by two withdrawals.
    #[test]
    fn a_withdrawal_draws_on_the_oldest_cleared_money_first() {
        let etb = |minor| Money::from_minor(minor, crate::money::Currency::ETB).unwrap();
        let all = [cleared(1, 100_000), cleared(2, 50_000), cleared(3, 70_000)];
        let parts = |earlier, amount| -> Vec<(u16, i64)> {
            contributing(&all, etb(earlier), etb(amount))
                .iter()
                .map(|c| (c.milestone.seq, c.released.to_minor()))
                .collect()
        };
        assert_eq!(parts(0, 100_000), [(1, 100_000)]);
        assert_eq!(parts(0, 120_000), [(1, 100_000), (2, 20_000)]);
        assert_eq!(parts(120_000, 50_000), [(2, 30_000), (3, 20_000)]);
        assert_eq!(parts(220_000, 10_000), []);
    }

    /// A decision is stored as the boolean it always was, so a conversation saved before reads the same.
    #[test]
    fn a_decision_is_stored_as_a_boolean() {
        for (decision, json) in [
            (WithdrawalDecision::Paid, "true"),
            (WithdrawalDecision::Rejected, "false"),
        ] {
            assert_eq!(serde_json::to_string(&decision).unwrap(), json);
            assert_eq!(
                serde_json::from_str::<WithdrawalDecision>(json).unwrap(),
                decision
            );
        }
    }

    #[test]
    fn a_destination_names_the_method_then_the_account() {
        let payout = PayoutAccount {
            method: "telebirr".into(),
            account: "0911 234 567".into(),
        };
        assert_eq!(payout.destination(), "telebirr: 0911 234 567");
    }
}
