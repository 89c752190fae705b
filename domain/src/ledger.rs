//! Double-entry bookkeeping. Every [`Transaction`] is a set of signed entries in one currency that sums to zero,
//! so the sum over all accounts is zero at all times and money is neither created nor lost.
//!
//! Sign convention: a positive entry means money arrives in the account. The `Buyer` account is the outside world
//! seen from the bot: funding makes it negative (the buyer paid in); a refund is owed in `Refunds` and brings it
//! back only when an admin has paid it (`RefundPaying` -> `Buyer`).

use crate::ids::{MilestoneRef, UserId};
use crate::money::{Currency, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Account {
    /// Money a buyer paid in (negative) or got back.
    Buyer { user: UserId },
    /// Held funds of one milestone.
    Escrow { milestone: MilestoneRef },
    /// A seller's approved money still in its clearing period.
    Pending { user: UserId },
    /// A seller's cleared money, ready to withdraw.
    Available { user: UserId },
    /// A seller's money set aside for a withdrawal an admin has not decided yet.
    Withdrawing { user: UserId },
    /// What a seller has withdrawn.
    PaidOut { user: UserId },
    /// Money owed back to a buyer (a refund, a split's share, an agreed cancellation) until an admin pays it.
    Refunds { user: UserId },
    /// A buyer's refund set aside for a refund request an admin has not decided yet.
    RefundPaying { user: UserId },
}

/// Why money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingKind {
    Funding,
    Release,
    Refund,
    /// A dispute settled partly for each side.
    Split,
    Clearing,
    /// Available money set aside for a withdrawal request.
    Withdrawal,
    /// A rejected withdrawal back to available.
    WithdrawalReturned,
    Payout,
}

impl PostingKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            PostingKind::Funding => "funding",
            PostingKind::Release => "release",
            PostingKind::Refund => "refund",
            PostingKind::Split => "split",
            PostingKind::Clearing => "clearing",
            PostingKind::Withdrawal => "withdrawal",
            PostingKind::WithdrawalReturned => "withdrawal_returned",
            PostingKind::Payout => "payout",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub account: Account,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("a transaction needs at least two entries")]
    TooFewEntries,
    #[error("an entry of zero")]
    ZeroEntry,
    #[error("entries do not sum to zero (off by {0})")]
    Unbalanced(Decimal),
}

/// A balanced set of entries: the unit the store writes atomically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    kind: PostingKind,
    currency: Currency,
    milestone: Option<MilestoneRef>,
    entries: Vec<Entry>,
}

impl Transaction {
    /// Checks that the entries balance; the only way to build a transaction.
    pub fn new(
        kind: PostingKind,
        currency: Currency,
        milestone: Option<MilestoneRef>,
        entries: Vec<Entry>,
    ) -> Result<Self, LedgerError> {
        if entries.len() < 2 {
            return Err(LedgerError::TooFewEntries);
        }
        if entries.iter().any(|e| e.amount.is_zero()) {
            return Err(LedgerError::ZeroEntry);
        }
        let sum: Decimal = entries.iter().map(|e| e.amount).sum();
        if !sum.is_zero() {
            return Err(LedgerError::Unbalanced(sum));
        }
        Ok(Transaction {
            kind,
            currency,
            milestone,
            entries,
        })
    }

    /// Moves a positive amount from one account to another.
    pub fn transfer(
        kind: PostingKind,
        milestone: Option<MilestoneRef>,
        from: Account,
        to: Account,
        money: Money,
    ) -> Result<Self, LedgerError> {
        Transaction::new(
            kind,
            money.currency(),
            milestone,
            vec![
                Entry {
                    account: from,
                    amount: -money.amount(),
                },
                Entry {
                    account: to,
                    amount: money.amount(),
                },
            ],
        )
    }

    /// A payment that arrived for a milestone it can no longer fund (cancelled, or paid another way meanwhile):
    /// the money came in and is owed back to the payer.
    pub fn unapplied_payment(payer: UserId, milestone: MilestoneRef, amount: Money) -> Transaction {
        Transaction::transfer(
            PostingKind::Refund,
            Some(milestone),
            Account::Buyer { user: payer },
            Account::Refunds { user: payer },
            amount,
        )
        .expect("a positive amount between two accounts balances")
    }

    pub fn kind(&self) -> PostingKind {
        self.kind
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn milestone(&self) -> Option<MilestoneRef> {
        self.milestone
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

/// Balances by account and currency, built from transactions. Used to check the books (tests, the store's
/// consistency check) and to answer balance questions from a list of postings.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    balances: BTreeMap<(Account, Currency), Decimal>,
}

impl Ledger {
    pub fn post(&mut self, tx: &Transaction) {
        for e in tx.entries() {
            *self.balances.entry((e.account, tx.currency)).or_default() += e.amount;
        }
    }

    pub fn balance(&self, account: Account, currency: Currency) -> Decimal {
        self.balances
            .get(&(account, currency))
            .copied()
            .unwrap_or_default()
    }

    /// The sum over every account in a currency; zero in a sound ledger.
    pub fn total(&self, currency: Currency) -> Decimal {
        self.balances
            .iter()
            .filter(|((_, c), _)| *c == currency)
            .map(|(_, v)| *v)
            .sum()
    }
}

/// Where one milestone's money went: `escrow + released + refunded == funded` always.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneMoney {
    pub funded: Decimal,
    pub escrow: Decimal,
    pub released: Decimal,
    pub refunded: Decimal,
}

impl MilestoneMoney {
    pub fn from_transactions<'a>(
        milestone: MilestoneRef,
        txs: impl IntoIterator<Item = &'a Transaction>,
    ) -> Self {
        let mut m = MilestoneMoney::default();
        // Clearing moves released money on inside the seller's balances: it is not released twice.
        let relevant =
            |t: &&Transaction| t.milestone == Some(milestone) && t.kind != PostingKind::Clearing;
        for tx in txs.into_iter().filter(relevant) {
            for e in &tx.entries {
                match e.account {
                    Account::Escrow { milestone: id } if id == milestone => m.escrow += e.amount,
                    Account::Buyer { .. } if e.amount.is_sign_negative() => m.funded -= e.amount,
                    Account::Refunds { .. } => m.refunded += e.amount,
                    Account::Pending { .. } => m.released += e.amount,
                    _ => {}
                }
            }
        }
        m
    }

    pub fn is_conserved(&self) -> bool {
        self.escrow + self.released + self.refunded == self.funded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::OrderId;

    fn etb(minor: i64) -> Money {
        Money::from_minor(minor, Currency::ETB).unwrap()
    }

    const MS: MilestoneRef = MilestoneRef {
        order: OrderId(1),
        seq: 1,
    };

    #[test]
    fn refuses_unbalanced_or_degenerate_transactions() {
        let e = |amount: i64| Entry {
            account: Account::Pending { user: UserId(1) },
            amount: Decimal::new(amount, 2),
        };
        assert_eq!(
            Transaction::new(PostingKind::Split, Currency::ETB, None, vec![e(5)]),
            Err(LedgerError::TooFewEntries)
        );
        assert_eq!(
            Transaction::new(PostingKind::Split, Currency::ETB, None, vec![e(5), e(-4)]),
            Err(LedgerError::Unbalanced(Decimal::new(1, 2)))
        );
        assert_eq!(
            Transaction::new(
                PostingKind::Split,
                Currency::ETB,
                None,
                vec![e(5), e(-5), e(0)]
            ),
            Err(LedgerError::ZeroEntry)
        );
        assert!(
            Transaction::new(
                PostingKind::Split,
                Currency::ETB,
                None,
                vec![e(5), e(-3), e(-2)]
            )
            .is_ok()
        );
    }

    #[test]
    fn a_split_is_conserved() {
        let buyer = Account::Buyer { user: UserId(1) };
        let escrow = Account::Escrow { milestone: MS };
        let seller = Account::Pending { user: UserId(2) };
        let owed_back = Account::Refunds { user: UserId(1) };
        let fund =
            Transaction::transfer(PostingKind::Funding, Some(MS), buyer, escrow, etb(10_000))
                .unwrap();
        let split = Transaction::new(
            PostingKind::Split,
            Currency::ETB,
            Some(MS),
            vec![
                Entry {
                    account: escrow,
                    amount: Decimal::new(-10_000, 2),
                },
                Entry {
                    account: seller,
                    amount: Decimal::new(6_000, 2),
                },
                Entry {
                    account: owed_back,
                    amount: Decimal::new(4_000, 2),
                },
            ],
        )
        .unwrap();
        let mut ledger = Ledger::default();
        ledger.post(&fund);
        ledger.post(&split);
        assert!(ledger.total(Currency::ETB).is_zero());
        assert_eq!(
            ledger.balance(seller, Currency::ETB),
            Decimal::new(6_000, 2)
        );
        // The buyer's share is owed back until an admin pays it.
        assert_eq!(
            ledger.balance(owed_back, Currency::ETB),
            Decimal::new(4_000, 2)
        );
        assert_eq!(
            ledger.balance(buyer, Currency::ETB),
            Decimal::new(-10_000, 2)
        );
        let m = MilestoneMoney::from_transactions(MS, [&fund, &split]);
        assert_eq!(m.funded, Decimal::new(10_000, 2));
        assert_eq!(m.released, Decimal::new(6_000, 2));
        assert_eq!(m.refunded, Decimal::new(4_000, 2));
        assert!(m.escrow.is_zero());
        assert!(m.is_conserved());
    }

    /// A late payment is counted as funded and refunded at once: nothing is held, everything is owed back.
    #[test]
    fn an_unapplied_payment_is_owed_back() {
        let late = Transaction::unapplied_payment(UserId(1), MS, etb(10_000));
        let m = MilestoneMoney::from_transactions(MS, [&late]);
        assert_eq!(
            (m.funded, m.refunded),
            (etb(10_000).amount(), etb(10_000).amount())
        );
        assert!(m.escrow.is_zero() && m.is_conserved());
        let mut ledger = Ledger::default();
        ledger.post(&late);
        let owed = Account::Refunds { user: UserId(1) };
        assert_eq!(ledger.balance(owed, Currency::ETB), etb(10_000).amount());
    }
}
