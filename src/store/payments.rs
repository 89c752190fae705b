//! Telegram payments as they arrive, before and after they are applied.

use super::{Result, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{Money, OrderId, UserId};

/// A payment as Telegram reported it.
pub struct Received<'a> {
    pub charge_id: &'a str,
    pub provider_charge_id: &'a str,
    pub payer: UserId,
    pub milestone: (OrderId, u16),
    pub amount: Money,
}

impl Tx {
    /// Stores a payment once; returns whether it still waits to be settled: new, or stored by an attempt that
    /// stopped (a crash, a database failure) before it was applied or owed back. `false`: settled before.
    pub async fn record_payment(&mut self, p: &Received<'_>, now: DateTime<Utc>) -> Result<bool> {
        let sql = "INSERT INTO payments (charge_id, provider_charge_id, payer_id, order_id, seq, amount_minor, \
                   currency, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (charge_id) DO NOTHING";
        let settled = "SELECT outcome FROM payments WHERE charge_id = $1";
        let outcome: Option<String> = on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(p.charge_id)
                .bind(p.provider_charge_id)
                .bind(p.payer.0)
                .bind(p.milestone.0.0)
                .bind(i64::from(p.milestone.1))
                .bind(p.amount.to_minor())
                .bind(p.amount.currency().code())
                .bind(now)
                .execute(&mut *c)
                .await?;
            sqlx::query_scalar(settled)
                .bind(p.charge_id)
                .fetch_one(&mut *c)
                .await?
        });
        Ok(outcome.is_none())
    }

    /// Marks a payment `applied` (it funded its milestone) or `refunded` (owed back to the payer).
    pub async fn settle_payment(
        &mut self,
        charge_id: &str,
        outcome: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE payments SET outcome = $1, settled_at = $2 WHERE charge_id = $3";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(outcome)
                .bind(now)
                .bind(charge_id)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// Payments received and not settled (neither applied nor owed back): for the admins' digest.
    pub async fn unsettled_payments(&mut self) -> Result<Vec<(String, DateTime<Utc>)>> {
        let sql = "SELECT charge_id, received_at FROM payments WHERE outcome IS NULL ORDER BY received_at";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(c).await?))
    }
}
