//! Values every replica shares, by name: the webhook's generated secret, the maintenance message.

use super::{Result, Tx, on_conn};

impl Tx {
    /// The value stored under `name`, storing `value` first if there is none: two replicas starting together
    /// agree on the first one written.
    pub async fn setting_or_insert(&mut self, name: &str, value: &str) -> Result<String> {
        let insert =
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        let select = "SELECT value FROM settings WHERE name = $1";
        on_conn!(self, |c| {
            sqlx::query(insert)
                .bind(name)
                .bind(value)
                .execute(c)
                .await?;
        });
        Ok(on_conn!(self, |c| sqlx::query_scalar(select)
            .bind(name)
            .fetch_one(c)
            .await?))
    }

    /// The value stored under `name`, if any.
    pub async fn setting(&mut self, name: &str) -> Result<Option<String>> {
        let sql = "SELECT value FROM settings WHERE name = $1";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(name)
            .fetch_optional(c)
            .await?))
    }

    /// Stores `value` under `name`, or removes it (`None`).
    pub async fn set_setting(&mut self, name: &str, value: Option<&str>) -> Result<()> {
        let upsert = "INSERT INTO settings (name, value) VALUES ($1, $2) \
                      ON CONFLICT (name) DO UPDATE SET value = excluded.value";
        let delete = "DELETE FROM settings WHERE name = $1";
        on_conn!(self, |c| {
            match value {
                Some(value) => {
                    sqlx::query(upsert)
                        .bind(name)
                        .bind(value)
                        .execute(c)
                        .await?
                }
                None => sqlx::query(delete).bind(name).execute(c).await?,
            };
        });
        Ok(())
    }
}
