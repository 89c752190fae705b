//! Orders and their milestones: rows <-> the domain's `OrderRecord`.

use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{
    Currency, Deadline, Deliverables, Freeze, Milestone, MilestoneTerms, Money, Order, OrderDraft,
    OrderId, OrderRecord, Origin, RevisionCount, Role, Status, Title, UserId,
};
use sqlx::types::Json;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    title: String,
    currency: String,
    origin_chat_id: Option<i64>,
    created_by: String,
    buyer_id: Option<i64>,
    seller_id: Option<i64>,
    invitee_id: Option<i64>,
    invite_token: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    frozen: Option<Json<Freeze>>,
}

/// A milestone's columns, named apart from its order's where both have one (read together in one join).
#[derive(sqlx::FromRow)]
struct MilestoneRow {
    seq: i64,
    #[sqlx(rename = "milestone_title")]
    title: String,
    deliverables: String,
    deadline: Json<Deadline>,
    amount_minor: i64,
    #[sqlx(rename = "milestone_currency")]
    currency: String,
    revisions_included: i64,
    revisions_used: i64,
    proposed_by: String,
    status_data: Json<Status>,
    cancel_requested_by: Option<String>,
    #[sqlx(rename = "milestone_created_at")]
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn parse_role(s: &str) -> Result<Role> {
    match s {
        "buyer" => Ok(Role::Buyer),
        "seller" => Ok(Role::Seller),
        other => Err(corrupt(format!("role {other:?}"))),
    }
}

/// A milestone read with its order, in one statement.
#[derive(sqlx::FromRow)]
struct JoinedRow {
    #[sqlx(flatten)]
    order: OrderRow,
    #[sqlx(flatten)]
    milestone: MilestoneRow,
}

/// A milestone read with others' (a page of orders): whose it is.
#[derive(sqlx::FromRow)]
struct ListedMilestoneRow {
    order_id: i64,
    #[sqlx(flatten)]
    milestone: MilestoneRow,
}

impl OrderRow {
    fn into_domain(self, milestones: Vec<Milestone>) -> Result<Order> {
        let record = OrderRecord {
            id: OrderId(self.id),
            title: Title::new(&self.title).map_err(corrupt)?,
            currency: self.currency.parse().map_err(corrupt)?,
            origin: match self.origin_chat_id {
                None => Origin::Private,
                Some(chat_id) => Origin::Group { chat_id },
            },
            created_by: parse_role(&self.created_by)?,
            buyer: self.buyer_id.map(UserId),
            seller: self.seller_id.map(UserId),
            invitee: self.invitee_id.map(UserId),
            invitation: match self.invite_token {
                Some(token) => Some(token.parse().map_err(|()| corrupt("invitation token"))?),
                None => None,
            },
            created_at: self.created_at,
            milestones,
            frozen: self.frozen.map(|f| f.0),
        };
        Ok(Order::restore(record))
    }
}

impl MilestoneRow {
    fn into_domain(self) -> Result<Milestone> {
        let currency: Currency = self.currency.parse().map_err(corrupt)?;
        let terms = MilestoneTerms {
            title: Title::new(&self.title).map_err(corrupt)?,
            deliverables: Deliverables::new(&self.deliverables).map_err(corrupt)?,
            deadline: self.deadline.0,
            amount: Money::from_minor(self.amount_minor, currency).map_err(corrupt)?,
            revisions: RevisionCount::new(u8::try_from(self.revisions_included).map_err(corrupt)?)
                .map_err(corrupt)?,
        };
        Ok(Milestone {
            seq: u16::try_from(self.seq).map_err(corrupt)?,
            terms,
            proposed_by: parse_role(&self.proposed_by)?,
            status: self.status_data.0,
            revisions_used: u8::try_from(self.revisions_used).map_err(corrupt)?,
            cancel_requested_by: self
                .cancel_requested_by
                .as_deref()
                .map(parse_role)
                .transpose()?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The columns of `orders o`.
const ORDER_COLUMNS: &str = "o.id, o.title, o.currency, o.origin_chat_id, o.created_by, o.buyer_id, o.seller_id, \
                             o.invitee_id, o.invite_token, o.version, o.created_at, o.frozen";
/// The columns of `milestones m`.
const MILESTONE_COLUMNS: &str = "m.seq, m.title AS milestone_title, m.deliverables, m.deadline, m.amount_minor, \
     m.currency AS milestone_currency, m.revisions_included, m.revisions_used, m.proposed_by, m.status_data, \
     m.cancel_requested_by, m.created_at AS milestone_created_at, m.updated_at";

impl Tx {
    /// Reserves an id for a new order; [`Tx::save_order`] with version 0 then writes the rest.
    pub async fn insert_order(
        &mut self,
        draft: &OrderDraft,
        now: DateTime<Utc>,
    ) -> Result<OrderId> {
        let sql = "INSERT INTO orders (title, currency, origin_chat_id, created_by, invitee_id, version, \
                   created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6) RETURNING id";
        let origin_chat = match draft.origin() {
            Origin::Private => None,
            Origin::Group { chat_id } => Some(chat_id),
        };
        let id: i64 = on_conn!(self, |c| {
            sqlx::query_scalar(sql)
                .bind(draft.title().as_str())
                .bind(draft.currency().code())
                .bind(origin_chat)
                .bind(draft.creator_role().as_str())
                .bind(draft.invitee().map(|u| u.0))
                .bind(now)
                .fetch_one(c)
                .await?
        });
        Ok(OrderId(id))
    }

    /// Records the invitation token of a new order.
    pub async fn set_invite_token(&mut self, id: OrderId, token: &str) -> Result<()> {
        let sql = "UPDATE orders SET invite_token = $1 WHERE id = $2";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(token).bind(id.0).execute(c).await?;
        });
        Ok(())
    }

    pub async fn invite_token(&mut self, id: OrderId) -> Result<Option<String>> {
        let sql = "SELECT invite_token FROM orders WHERE id = $1";
        let token: Option<Option<String>> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(id.0)
            .fetch_optional(c)
            .await?);
        Ok(token.flatten())
    }

    pub async fn order_by_invite(&mut self, token: &str) -> Result<Option<OrderId>> {
        let sql = "SELECT id FROM orders WHERE invite_token = $1";
        let id: Option<i64> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(token)
            .fetch_optional(c)
            .await?);
        Ok(id.map(OrderId))
    }

    /// The orders a user is a party to, newest first.
    pub async fn orders_of(&mut self, user: UserId, from: i64, limit: i64) -> Result<Vec<OrderId>> {
        let sql = "SELECT id FROM orders WHERE buyer_id = $1 OR seller_id = $1 \
                   ORDER BY id DESC LIMIT $2 OFFSET $3";
        let ids: Vec<i64> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(user.0)
            .bind(limit)
            .bind(from)
            .fetch_all(c)
            .await?);
        Ok(ids.into_iter().map(OrderId).collect())
    }

    /// The orders a user is a party to that are not closed, oldest first.
    pub async fn open_orders_of(&mut self, user: UserId) -> Result<Vec<OrderId>> {
        let sql = "SELECT id FROM orders WHERE (buyer_id = $1 OR seller_id = $1) AND closed = $2 ORDER BY id";
        let ids: Vec<i64> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(user.0)
            .bind(false)
            .fetch_all(c)
            .await?);
        Ok(ids.into_iter().map(OrderId).collect())
    }

    /// The order and its version, or `None` if there is no such order: one statement (the order joined with its
    /// milestones), a second only for an order without milestones.
    pub async fn load_order(&mut self, id: OrderId) -> Result<Option<(Order, i64)>> {
        let joined_sql = format!(
            "SELECT {ORDER_COLUMNS}, {MILESTONE_COLUMNS} FROM orders o \
             JOIN milestones m ON m.order_id = o.id WHERE o.id = $1 ORDER BY m.seq"
        );
        let rows: Vec<JoinedRow> = on_conn!(self, |c| sqlx::query_as(&joined_sql)
            .bind(id.0)
            .fetch_all(c)
            .await?);
        let mut rows = rows.into_iter();
        let Some(first) = rows.next() else {
            return self.load_order_alone(id).await;
        };
        let milestones = std::iter::once(first.milestone)
            .chain(rows.map(|row| row.milestone))
            .map(MilestoneRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
        let version = first.order.version;
        Ok(Some((first.order.into_domain(milestones)?, version)))
    }

    /// An order that has no milestones, if it exists.
    async fn load_order_alone(&mut self, id: OrderId) -> Result<Option<(Order, i64)>> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders o WHERE o.id = $1");
        let row: Option<OrderRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(c)
            .await?);
        let Some(row) = row else { return Ok(None) };
        let version = row.version;
        Ok(Some((row.into_domain(Vec::new())?, version)))
    }

    /// The orders of `ids` that exist, in the order of `ids`: two statements whatever their number (a page of
    /// `/orders`, an export), where loading them one by one took two each.
    pub async fn load_orders(&mut self, ids: &[OrderId]) -> Result<Vec<Order>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let orders_sql = format!("SELECT {ORDER_COLUMNS} FROM orders o WHERE o.id {{in}}");
        let milestones_sql = format!(
            "SELECT m.order_id, {MILESTONE_COLUMNS} FROM milestones m WHERE m.order_id {{in}} \
             ORDER BY m.order_id, m.seq"
        );
        let list: Vec<i64> = ids.iter().map(|id| id.0).collect();
        let (rows, milestone_rows): (Vec<OrderRow>, Vec<ListedMilestoneRow>) = match self {
            Tx::Sqlite(c) => {
                let within = "IN (SELECT value FROM json_each($1))";
                let rows = sqlx::query_as(&orders_sql.replace("{in}", within))
                    .bind(Json(&list))
                    .fetch_all(&mut **c)
                    .await?;
                let ms = sqlx::query_as(&milestones_sql.replace("{in}", within))
                    .bind(Json(&list))
                    .fetch_all(&mut **c)
                    .await?;
                (rows, ms)
            }
            Tx::Postgres(c) => {
                let rows = sqlx::query_as(&orders_sql.replace("{in}", "= ANY($1)"))
                    .bind(&list)
                    .fetch_all(&mut **c)
                    .await?;
                let ms = sqlx::query_as(&milestones_sql.replace("{in}", "= ANY($1)"))
                    .bind(&list)
                    .fetch_all(&mut **c)
                    .await?;
                (rows, ms)
            }
        };
        let mut milestones: HashMap<i64, Vec<Milestone>> = HashMap::new();
        for listed in milestone_rows {
            let milestone = listed.milestone.into_domain()?;
            milestones
                .entry(listed.order_id)
                .or_default()
                .push(milestone);
        }
        let mut orders = HashMap::new();
        for row in rows {
            let id = row.id;
            let order = row.into_domain(milestones.remove(&id).unwrap_or_default())?;
            orders.insert(id, order);
        }
        Ok(list.iter().filter_map(|id| orders.remove(id)).collect())
    }

    /// Writes the order if it is still at `version`; returns the new version, or [`StoreError::Conflict`].
    /// The order's users must be stored already.
    pub async fn save_order(
        &mut self,
        order: &Order,
        version: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let update = "UPDATE orders SET buyer_id = $1, seller_id = $2, closed = $3, version = version + 1, \
                      updated_at = $4, frozen = $7 WHERE id = $5 AND version = $6";
        let upsert = "INSERT INTO milestones (order_id, seq, title, deliverables, deadline, amount_minor, currency, \
                      revisions_included, revisions_used, proposed_by, status, status_data, cancel_requested_by, \
                      created_at, updated_at) ";
        let on_conflict = " ON CONFLICT (order_id, seq) DO UPDATE SET title = excluded.title, \
                      deliverables = excluded.deliverables, deadline = excluded.deadline, \
                      amount_minor = excluded.amount_minor, currency = excluded.currency, \
                      revisions_included = excluded.revisions_included, revisions_used = excluded.revisions_used, \
                      status = excluded.status, status_data = excluded.status_data, \
                      cancel_requested_by = excluded.cancel_requested_by, \
                      updated_at = excluded.updated_at";
        on_conn!(self, |c| {
            let done = sqlx::query(update)
                .bind(order.buyer.map(|u| u.0))
                .bind(order.seller.map(|u| u.0))
                .bind(order.is_closed())
                .bind(now)
                .bind(order.id.0)
                .bind(version)
                .bind(order.frozen.as_ref().map(Json))
                .execute(&mut *c)
                .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict);
            }
            // Every milestone in one statement (an order has a few; the domain caps them).
            if !order.milestones.is_empty() {
                sqlx::QueryBuilder::new(upsert)
                    .push_values(&order.milestones, |mut row, m| {
                        row.push_bind(order.id.0)
                            .push_bind(i64::from(m.seq))
                            .push_bind(m.terms.title.as_str())
                            .push_bind(m.terms.deliverables.as_str())
                            .push_bind(Json(&m.terms.deadline))
                            .push_bind(m.terms.amount.to_minor())
                            .push_bind(m.terms.amount.currency().code())
                            .push_bind(i64::from(m.terms.revisions.get()))
                            .push_bind(i64::from(m.revisions_used))
                            .push_bind(m.proposed_by.as_str())
                            .push_bind(m.status.kind().as_str())
                            .push_bind(Json(&m.status))
                            .push_bind(m.cancel_requested_by.map(|r| r.as_str()))
                            .push_bind(m.created_at)
                            .push_bind(m.updated_at);
                    })
                    .push(on_conflict)
                    .build()
                    .execute(&mut *c)
                    .await?;
            }
        });
        Ok(version + 1)
    }
}
