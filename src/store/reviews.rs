//! Reviews: one per person and order.

use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{Note, OrderId, Review, Role, Stars, UserId};

#[derive(sqlx::FromRow)]
struct ReviewRow {
    order_id: i64,
    reviewer_id: i64,
    about_id: i64,
    role: String,
    stars: i64,
    text: Option<String>,
    created_at: DateTime<Utc>,
}

impl ReviewRow {
    fn into_domain(self) -> Result<Review> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("review {what}"));
        Ok(Review {
            order: OrderId(self.order_id),
            by: UserId(self.reviewer_id),
            about: UserId(self.about_id),
            role: match self.role.as_str() {
                "buyer" => Role::Buyer,
                "seller" => Role::Seller,
                _ => return Err(corrupt("role")),
            },
            stars: u8::try_from(self.stars)
                .ok()
                .and_then(|n| Stars::new(n).ok())
                .ok_or_else(|| corrupt("stars"))?,
            text: self
                .text
                .as_deref()
                .map(Note::new)
                .transpose()
                .map_err(|_| corrupt("text"))?,
            at: self.created_at,
            seq: None,
        })
    }
}

impl Tx {
    pub async fn review_by(&mut self, order: OrderId, reviewer: UserId) -> Result<Option<Review>> {
        let sql = "SELECT order_id, reviewer_id, about_id, role, stars, text, created_at FROM reviews \
                   WHERE order_id = $1 AND reviewer_id = $2";
        let row: Option<ReviewRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(order.0)
            .bind(reviewer.0)
            .fetch_optional(c)
            .await?);
        row.map(ReviewRow::into_domain).transpose()
    }

    /// The ratings others gave `user`: (sum of stars, how many).
    pub async fn rating_of(&mut self, user: UserId) -> Result<(i64, i64)> {
        let sql = "SELECT CAST(COALESCE(SUM(stars), 0) AS BIGINT), COUNT(*) FROM ( \
                   SELECT stars FROM reviews WHERE about_id = $1 \
                   UNION ALL SELECT stars FROM milestone_reviews WHERE about_id = $1) AS rated";
        Ok(on_conn!(self, |c| sqlx::query_as(sql)
            .bind(user.0)
            .fetch_one(c)
            .await?))
    }

    /// Whether `reviewer` already rated milestone `seq` of the order.
    pub async fn milestone_reviewed(
        &mut self,
        order: OrderId,
        seq: u16,
        reviewer: UserId,
    ) -> Result<bool> {
        let sql = "SELECT COUNT(*) FROM milestone_reviews WHERE order_id = $1 AND seq = $2 AND reviewer_id = $3";
        let n: i64 = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(order.0)
            .bind(i64::from(seq))
            .bind(reviewer.0)
            .fetch_one(c)
            .await?);
        Ok(n > 0)
    }

    /// The words that go with a rating, added after the stars.
    pub async fn set_review_text(
        &mut self,
        order: OrderId,
        seq: Option<u16>,
        reviewer: UserId,
        text: &Note,
    ) -> Result<bool> {
        let changed = match seq {
            Some(seq) => {
                let sql = "UPDATE milestone_reviews SET text = $1 WHERE order_id = $2 AND seq = $3 AND reviewer_id = $4";
                on_conn!(self, |c| sqlx::query(sql)
                    .bind(text.as_str())
                    .bind(order.0)
                    .bind(i64::from(seq))
                    .bind(reviewer.0)
                    .execute(c)
                    .await?
                    .rows_affected())
            }
            None => {
                let sql = "UPDATE reviews SET text = $1 WHERE order_id = $2 AND reviewer_id = $3";
                on_conn!(self, |c| sqlx::query(sql)
                    .bind(text.as_str())
                    .bind(order.0)
                    .bind(reviewer.0)
                    .execute(c)
                    .await?
                    .rows_affected())
            }
        };
        Ok(changed == 1)
    }

    pub async fn insert_review(&mut self, review: &Review) -> Result<()> {
        if let Some(seq) = review.seq {
            let sql = "INSERT INTO milestone_reviews (order_id, seq, reviewer_id, about_id, stars, text, created_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7)";
            on_conn!(self, |c| {
                sqlx::query(sql)
                    .bind(review.order.0)
                    .bind(i64::from(seq))
                    .bind(review.by.0)
                    .bind(review.about.0)
                    .bind(i64::from(review.stars.get()))
                    .bind(review.text.as_ref().map(|t| t.as_str()))
                    .bind(review.at)
                    .execute(c)
                    .await?;
            });
            return Ok(());
        }
        let sql = "INSERT INTO reviews (order_id, reviewer_id, about_id, role, stars, text, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7)";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(review.order.0)
                .bind(review.by.0)
                .bind(review.about.0)
                .bind(review.role.as_str())
                .bind(i64::from(review.stars.get()))
                .bind(review.text.as_ref().map(|t| t.as_str()))
                .bind(review.at)
                .execute(c)
                .await?;
        });
        Ok(())
    }
}
