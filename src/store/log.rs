//! The append-only logs: every order's events (its audit trail), and every global admin's moderation.

use super::{ROWS_PER_STATEMENT, Result, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{Actor, Event, OrderId, UserId};
use sqlx::types::Json;

impl Tx {
    /// Appends `events`, in their order, in one statement.
    pub async fn append_events(&mut self, events: &[Event]) -> Result<()> {
        for chunk in events.chunks(ROWS_PER_STATEMENT) {
            on_conn!(self, |c| {
                sqlx::QueryBuilder::new(
                    "INSERT INTO events (order_id, seq, kind, actor_id, at, data) ",
                )
                .push_values(chunk, |mut row, event| {
                    let actor_id = match event.actor {
                        Actor::User { id, .. } => Some(id.0),
                        Actor::System => None,
                    };
                    row.push_bind(event.order.0)
                        .push_bind(event.seq.map(i64::from))
                        .push_bind(event.kind.name())
                        .push_bind(actor_id)
                        .push_bind(event.at)
                        .push_bind(Json(event));
                })
                .build()
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
