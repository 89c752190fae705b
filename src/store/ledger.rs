//! Ledger postings: one row per transaction, one per entry, amounts in integer minor units.

use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{
    Account, Currency, Entry, MilestoneRef, OrderId, PostingKind, Transaction, UserId,
    decimal_to_minor, minor_to_decimal,
};

/// An account as (kind, user, order, seq) columns.
fn account_columns(account: &Account) -> (&'static str, Option<i64>, Option<i64>, Option<i64>) {
    match *account {
        Account::Buyer { user } => ("buyer", Some(user.0), None, None),
        Account::Escrow { milestone } => (
            "escrow",
            None,
            Some(milestone.order.0),
            Some(i64::from(milestone.seq)),
        ),
        Account::Pending { user } => ("pending", Some(user.0), None, None),
        Account::Available { user } => ("available", Some(user.0), None, None),
        Account::Withdrawing { user } => ("withdrawing", Some(user.0), None, None),
        Account::PaidOut { user } => ("paid_out", Some(user.0), None, None),
        Account::Refunds { user } => ("refunds", Some(user.0), None, None),
        Account::RefundPaying { user } => ("refund_paying", Some(user.0), None, None),
    }
}

pub(super) fn account_from_columns(
    kind: &str,
    user: Option<i64>,
    order: Option<i64>,
    seq: Option<i64>,
) -> Result<Account> {
    let bad = || StoreError::Corrupt(format!("ledger account {kind} {user:?} {order:?} {seq:?}"));
    let user = || user.map(UserId).ok_or_else(bad);
    Ok(match kind {
        "buyer" => Account::Buyer { user: user()? },
        "pending" => Account::Pending { user: user()? },
        "available" => Account::Available { user: user()? },
        "paid_out" => Account::PaidOut { user: user()? },
        "withdrawing" => Account::Withdrawing { user: user()? },
        "refunds" => Account::Refunds { user: user()? },
        "refund_paying" => Account::RefundPaying { user: user()? },
        "escrow" => {
            let (Some(order), Some(seq)) = (order, seq) else {
                return Err(bad());
            };
            let seq = u16::try_from(seq).map_err(|_| bad())?;
            Account::Escrow {
                milestone: MilestoneRef {
                    order: OrderId(order),
                    seq,
                },
            }
        }
        _ => return Err(bad()),
    })
}

fn posting_kind(s: &str) -> Result<PostingKind> {
    Ok(match s {
        "funding" => PostingKind::Funding,
        "release" => PostingKind::Release,
        "refund" => PostingKind::Refund,
        "split" => PostingKind::Split,
        "clearing" => PostingKind::Clearing,
        "payout" => PostingKind::Payout,
        "withdrawal" => PostingKind::Withdrawal,
        "withdrawal_returned" => PostingKind::WithdrawalReturned,
        other => return Err(StoreError::Corrupt(format!("posting kind {other:?}"))),
    })
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    transaction_id: i64,
    kind: String,
    tx_currency: String,
    order_id: Option<i64>,
    seq: Option<i64>,
    account_kind: String,
    user_id: Option<i64>,
    account_order: Option<i64>,
    account_seq: Option<i64>,
    amount_minor: i64,
}

impl Tx {
    /// Writes balanced transactions produced by the domain.
    pub async fn post(&mut self, transactions: &[Transaction], now: DateTime<Utc>) -> Result<()> {
        let insert_tx = "INSERT INTO ledger_transactions (kind, currency, order_id, seq, created_at) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let insert_entries = "INSERT INTO ledger_entries \
                              (transaction_id, account_kind, user_id, order_id, seq, currency, amount_minor) ";
        for tx in transactions {
            let currency = tx.currency();
            let mref = tx.milestone();
            // The transaction's entries (two or more) go in one statement.
            let entries = tx
                .entries()
                .iter()
                .map(|Entry { account, amount }| {
                    decimal_to_minor(*amount, currency)
                        .map(|minor| (account, minor))
                        .ok_or_else(|| {
                            StoreError::Corrupt(format!("amount {amount} in {currency}"))
                        })
                })
                .collect::<Result<Vec<_>>>()?;
            on_conn!(self, |c| {
                let id: i64 = sqlx::query_scalar(insert_tx)
                    .bind(tx.kind().as_str())
                    .bind(currency.code())
                    .bind(mref.map(|m| m.order.0))
                    .bind(mref.map(|m| i64::from(m.seq)))
                    .bind(now)
                    .fetch_one(&mut *c)
                    .await?;
                sqlx::QueryBuilder::new(insert_entries)
                    .push_values(&entries, |mut row, (account, minor)| {
                        let (kind, user, order, seq) = account_columns(account);
                        row.push_bind(id)
                            .push_bind(kind)
                            .push_bind(user)
                            .push_bind(order)
                            .push_bind(seq)
                            .push_bind(currency.code())
                            .push_bind(*minor);
                    })
                    .build()
                    .execute(&mut *c)
                    .await?;
            });
        }
        Ok(())
    }

    /// Every transaction of an order, rebuilt (and so re-checked for balance) from its entries.
    pub async fn order_postings(&mut self, order: OrderId) -> Result<Vec<Transaction>> {
        let sql = "SELECT t.id AS transaction_id, t.kind, t.currency AS tx_currency, t.order_id, t.seq, \
                   e.account_kind, e.user_id, e.order_id AS account_order, e.seq AS account_seq, e.amount_minor \
                   FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id \
                   WHERE t.order_id = $1 ORDER BY t.id, e.id";
        let rows: Vec<EntryRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(order.0)
            .fetch_all(c)
            .await?);
        let mut out = Vec::new();
        let mut group: Vec<&EntryRow> = Vec::new();
        for row in &rows {
            if group
                .first()
                .is_some_and(|g| g.transaction_id != row.transaction_id)
            {
                out.push(rebuild(&group)?);
                group.clear();
            }
            group.push(row);
        }
        if !group.is_empty() {
            out.push(rebuild(&group)?);
        }
        Ok(out)
    }

    /// The sum of all entries per currency, in minor units: zero for every currency in a sound ledger.
    pub async fn ledger_totals(&mut self) -> Result<Vec<(String, i64)>> {
        let sql = "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries GROUP BY currency ORDER BY currency";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(c).await?))
    }
}

fn rebuild(rows: &[&EntryRow]) -> Result<Transaction> {
    let first = rows[0];
    let currency: Currency = first
        .tx_currency
        .parse()
        .map_err(|e| StoreError::Corrupt(format!("{e}")))?;
    let milestone = match (first.order_id, first.seq) {
        (Some(order), Some(seq)) => Some(MilestoneRef {
            order: OrderId(order),
            seq: u16::try_from(seq).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        }),
        _ => None,
    };
    let entries = rows
        .iter()
        .map(|r| {
            Ok(Entry {
                account: account_from_columns(
                    &r.account_kind,
                    r.user_id,
                    r.account_order,
                    r.account_seq,
                )?,
                amount: minor_to_decimal(r.amount_minor, currency),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Transaction::new(posting_kind(&first.kind)?, currency, milestone, entries)
        .map_err(|e| StoreError::Corrupt(format!("transaction {}: {e}", first.transaction_id)))
}
