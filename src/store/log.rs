//! The append-only logs: every order's events (its audit trail), and every global admin's moderation.

use super::{Result, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{Actor, Event, OrderId, UserId};
use sqlx::types::Json;

impl Tx {
    pub async fn append_events(&mut self, events: &[Event]) -> Result<()> {
        let sql = "INSERT INTO events (order_id, seq, kind, actor_id, at, data) VALUES ($1, $2, $3, $4, $5, $6)";
        for event in events {
            let actor_id = match event.actor {
                Actor::User { id, .. } => Some(id.0),
                Actor::System => None,
            };
            on_conn!(self, |c| {
                sqlx::query(sql)
                    .bind(event.order.0)
                    .bind(event.seq.map(i64::from))
                    .bind(event.kind.name())
                    .bind(actor_id)
                    .bind(event.at)
                    .bind(Json(event))
                    .execute(c)
                    .await?;
            });
        }
        Ok(())
    }

    /// Every event of the orders `user` is a party to, oldest first: their track record is read from these.
    pub async fn events_of_user(&mut self, user: UserId) -> Result<Vec<Event>> {
        let sql = "SELECT data FROM events WHERE order_id IN \
                   (SELECT id FROM orders WHERE buyer_id = $1 OR seller_id = $1) ORDER BY id";
        let rows: Vec<Json<Event>> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(user.0)
            .fetch_all(c)
            .await?);
        Ok(rows.into_iter().map(|j| j.0).collect())
    }

    /// An order's events, oldest first.
    pub async fn order_events(&mut self, order: OrderId) -> Result<Vec<Event>> {
        let sql = "SELECT data FROM events WHERE order_id = $1 ORDER BY id";
        let rows: Vec<Json<Event>> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(order.0)
            .fetch_all(c)
            .await?);
        Ok(rows.into_iter().map(|j| j.0).collect())
    }
}

impl Tx {
    /// Writes one global admin's action into the admin log: what, about whom or what, and why.
    pub async fn log_admin_action(
        &mut self,
        at: DateTime<Utc>,
        admin: UserId,
        action: &str,
        subject: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        let sql = "INSERT INTO admin_log (at, admin_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(at)
                .bind(admin.0)
                .bind(action)
                .bind(subject)
                .bind(detail)
                .execute(c)
                .await?;
        });
        Ok(())
    }
}
